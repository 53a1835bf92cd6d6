"""Slide pack: every chart of the dashboard for one filter, as a PowerPoint deck or numbered PNG files.

    python -m dashboard.slides --format pptx --out deck.pptx [filters as below]
    python -m dashboard.slides --out DIR [--corpus DIR] [--theme funding] [--company OpenAI]
        [--publisher note] [--article ID] [--period-from 2023] [--period-to 2024] [--currency usd]
        [--query "theme=funding&company=OpenAI"] [--scale 1]

Files are named `NN_<chart>.png` with ASCII chart names, like the dashboard's own PNG downloads
(`01_company_mentions.png`, `04_funding_raised.png`, `05_funding_raised_change.png`), so they
sort in deck order and survive any zip tool; the Japanese titles are in index.csv (file, page, title, filter).
At the default scale 1 every PNG is 1920×1080 pixels; `--scale 2` gives 3840×2160. Charts are drawn in
slide style (`charts.slide_version`), exactly as the dashboard's PNG buttons draw them. Files of an earlier
run with other names are left alone; index.csv lists only this run's.

`--format pptx` writes one 16:9 deck: a title slide (the filter, the date, how many articles), then one
slide per chart with its Japanese title, the chart, a footnote (filter and 出典) and speaker notes listing
the evidence sentences with their article titles. The dashboard's presentation mode shows the same deck.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs, urlencode, urlsplit

import plotly.graph_objects as go

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from dashboard.charts import (
    ChartContext,
    footnote_of,
    change_chart,
    company_network_chart,
    figure_value_chart,
    mention_ranking_chart,
    metrics_by_size,
    slide_version,
    term_frequency_chart,
)
from dashboard.filters import (
    LIST_PARAMS,
    FilterState,
    View,
    apply_filters,
    describe_filters,
    filter_options,
    parse_params,
    to_params,
)
from dashboard.formatting import FRAME_LABELS, FxRates, load_fx_rates, metric_label, with_display_values
from dashboard.images import ImageExportError, figure_png
from dashboard.word_cloud import term_frequencies, word_cloud_png
from loaders import Corpus, DataFileError, content_terms, load_corpus, load_generic_terms, load_theme_rules

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT / "seeds"
SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
INDEX_FILE = "index.csv"
INDEX_COLUMNS = ("file", "page", "title", "filter")
# Query parameters as command-line options: --period-from sets period_from.
FILTER_OPTIONS = (*LIST_PARAMS, "period_from", "period_to", "currency")
SLIDE_TOP = 15  # bars on a ranking slide: more would not be readable from the back of a room
NO_FILTER_TEXT = "すべての記事（絞り込みなし）"
DECK_TITLE = "AI業界ニュース分析"
FORMATS = ("png", "pptx")


@dataclass(frozen=True)
class Slide:
    """One picture of the deck: a plotly figure, or a word cloud drawn from term frequencies."""

    name: str
    page: str
    title: str
    figure: go.Figure | None = None
    frequencies: Mapping[str, int] | None = None
    evidence: tuple[str, ...] = ()  # speaker notes: the sentences (with their article) behind the chart


def _figure_title(fig: go.Figure) -> str:
    return fig.layout.title.text or ""


def chart_context(view: View, labels: Mapping[str, str] | None = None) -> ChartContext:
    """Subtitle (the filters) and footnote source (the corpus's articles) of every chart of this view."""
    return ChartContext(describe_filters(view.state, labels, chosen_titles(view)) or NO_FILTER_TEXT,
                        view.corpus.articles)


def chosen_titles(view: View) -> dict[str, str]:
    """The titles of the articles the 記事 filter chose (what the filter description names)."""
    if not view.state.article:
        return {}
    articles = view.corpus.articles
    rows = articles[articles["article_id"].isin(list(view.state.article))]
    return dict(zip(rows["article_id"].tolist(), rows["title"].tolist()))


def figure_slides(view: View, frame: str, rates: FxRates, context: ChartContext | None = None) -> list[Slide]:
    """Each metric of a frame: its value chart (currencies side by side, or converted), then its stated changes."""
    rows = view.frame(frame)
    if rows.empty:
        return []
    page = FRAME_LABELS[frame]
    display = with_display_values(rows, view.state.currency, rates)
    slides = []
    for metric in metrics_by_size(display):
        chosen = display[display["metric"] == metric]
        fig = figure_value_chart(chosen, context=context)
        if fig is not None:
            slides.append(Slide(f"{frame}_{metric}", page, _figure_title(fig), figure=fig,
                                evidence=evidence_lines(chosen, view.corpus.articles)))
        changes = chosen[chosen["change_pct"].notna()]
        fig = change_chart(chosen, context=context)
        if fig is not None:
            slides.append(Slide(f"{frame}_{metric}_change", page, _figure_title(fig), figure=fig,
                                evidence=evidence_lines(changes, view.corpus.articles)))
    return slides


def evidence_lines(rows, articles) -> tuple[str, ...]:
    """Each distinct evidence sentence of the rows with its article's title: 「…」（記事タイトル）."""
    titles = dict(zip(articles["article_id"], articles["title"]))
    seen = dict.fromkeys((str(s), titles.get(a, a)) for s, a in zip(rows["sentence"], rows["article_id"]))
    return tuple(f"「{sentence}」（{title}）" for sentence, title in seen)


def article_lines(article_ids, articles) -> tuple[str, ...]:
    """The titles of the articles a chart counts, in corpus order."""
    ids = set(article_ids)
    return tuple(f"・{t}" for a, t in zip(articles["article_id"], articles["title"]) if a in ids)


def deck_slides(view: View, rates: FxRates, labels: Mapping[str, str] | None = None) -> list[Slide]:
    """Every chart the dashboard pages draw for this view, in page order (企業, 資金調達, …, キーワード)."""
    context = chart_context(view, labels)
    slides = []
    counted = article_lines(view.companies["article_id"], view.corpus.articles)
    for name, fig in (("company_mentions", mention_ranking_chart(view.companies, top=SLIDE_TOP, context=context)),
                      ("company_network", company_network_chart(view.companies, view.corpus.comentions,
                                                                context=context))):
        if fig is not None:
            slides.append(Slide(name, "企業", _figure_title(fig), figure=fig, evidence=counted))
    for frame in FRAME_LABELS:
        slides += figure_slides(view, frame, rates, context)
    terms = content_terms(view.terms, load_generic_terms())  # the same content words as the キーワード page
    frequencies = term_frequencies(terms)
    worded = article_lines(terms["article_id"], view.corpus.articles)
    if frequencies:
        slides.append(Slide("word_cloud", "キーワード", "ワードクラウド（大きい語ほど多く出現）",
                            frequencies=frequencies, evidence=worded))
    fig = term_frequency_chart(terms, top=SLIDE_TOP, context=context, generic_left_out=len(terms) < len(view.terms))
    if fig is not None:
        slides.append(Slide("term_frequency", "キーワード", _figure_title(fig), figure=fig, evidence=worded))
    return slides


def today_text(day: date) -> str:
    """A date the Japanese way: 2026年12月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def title_lines(view: View, labels: Mapping[str, str] | None, day: str, count: int) -> list[str]:
    """The title screen's lines under the heading: filter, date, articles and publishers, number of charts."""
    titles = chosen_titles(view)
    publishers = sorted({p for p in view.articles["publisher"] if isinstance(p, str) and p})
    shown = "、".join(publishers[:5]) + (f" ほか{len(publishers) - 5}発行元" if len(publishers) > 5 else "")
    return [describe_filters(view.state, labels, titles) or NO_FILTER_TEXT, day,
            f"記事{len(view.articles)}件" + (f"（{shown}）" if shown else ""), f"グラフ{count}枚"]


def slide_png(slide: Slide, scale: int = 1) -> bytes:
    """The PNG of one slide at SLIDE_WIDTH×SLIDE_HEIGHT times `scale` pixels."""
    if slide.figure is not None:
        return figure_png(slide_version(slide.figure), width=SLIDE_WIDTH, height=SLIDE_HEIGHT, scale=scale)
    # Laid out at half size and drawn at twice the scale, as the keywords page does (a full-size layout is slow).
    return word_cloud_png(slide.frequencies or {}, width=SLIDE_WIDTH // 2, height=SLIDE_HEIGHT // 2,
                          scale=2 * scale)


def filter_query(state: FilterState) -> str:
    """The dashboard query string of a filter (presentation mode left out): paste it after `?`."""
    params = to_params(replace(state, present=False, slide=0))
    return urlencode(params, doseq=True)


def write_deck(slides: Sequence[Slide], out: Path, state: FilterState, scale: int = 1) -> list[Path]:
    """Write the slides as NN_name.png and index.csv (UTF-8 with BOM) into `out`; returns the PNG paths."""
    out.mkdir(parents=True, exist_ok=True)
    digits = max(2, len(str(len(slides))))
    query = filter_query(state)
    paths, rows = [], []
    for number, slide in enumerate(slides, start=1):
        path = out / f"{number:0{digits}d}_{slide.name}.png"
        path.write_bytes(slide_png(slide, scale))
        paths.append(path)
        rows.append({"file": path.name, "page": slide.page, "title": slide.title, "filter": query})
    with open(out / INDEX_FILE, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return paths


def slide_picture(slide: Slide) -> bytes:
    """The PNG for a deck slide: the chart without its own title and footnote (the slide carries them)."""
    if slide.figure is None:
        return slide_png(slide)
    fig = slide_version(slide.figure)
    fig.update_layout(title={"text": "", "subtitle": {"text": ""}}, margin={"t": 30})
    fig.update_annotations(selector={"name": "footnote"}, visible=False)
    return figure_png(fig, width=SLIDE_WIDTH, height=SLIDE_HEIGHT - 200, scale=1)


def _text_box(slide, left, top, width, height, text: str, size: int, bold: bool = False, color=None) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        if color is not None:
            paragraph.font.color.rgb = color


def write_pptx(slides: Sequence[Slide], out: Path | BinaryIO, title_text: Sequence[str],
               footer: str) -> Path | BinaryIO:
    """A 16:9 PowerPoint deck into a file or a binary stream: a title slide, then one slide per chart with its
    title, footnote and notes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    width, grey = deck.slide_width, RGBColor(0x55, 0x5B, 0x66)
    first = deck.slides.add_slide(deck.slide_layouts[6])
    _text_box(first, Inches(0.8), Inches(2.3), width - Inches(1.6), Inches(1.4), DECK_TITLE, 44, bold=True)
    _text_box(first, Inches(0.8), Inches(3.8), width - Inches(1.6), Inches(2.5), "\n".join(title_text), 22,
              color=grey)
    first.notes_slide.notes_text_frame.text = "\n".join(title_text)
    for slide in slides:
        page = deck.slides.add_slide(deck.slide_layouts[6])
        _text_box(page, Inches(0.5), Inches(0.25), width - Inches(1.0), Inches(0.8), slide.title, 30, bold=True)
        page.shapes.add_picture(io.BytesIO(slide_picture(slide)), Inches(0.5), Inches(1.1),
                                width=width - Inches(1.0))
        note = footnote_of(slide.figure) if slide.figure is not None else source_note_of_lines(slide.evidence)
        _text_box(page, Inches(0.5), Inches(6.85), width - Inches(1.0), Inches(0.5),
                  "　".join(t for t in (footer, note) if t), 12, color=grey)
        notes = [slide.title, footer, note, "", "根拠:", *slide.evidence]
        page.notes_slide.notes_text_frame.text = "\n".join(line for line in notes if line is not None)
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
    deck.save(out)
    return out


def view_pptx(view: View, rates: FxRates, labels: Mapping[str, str] | None, day: date,
              slides: Sequence[Slide] | None = None) -> bytes:
    """The PowerPoint deck of a view, as `--format pptx` writes it (the dashboard's 「スライドをダウンロード」)."""
    slides = deck_slides(view, rates, labels) if slides is None else slides
    lines = title_lines(view, labels, today_text(day), len(slides))
    buffer = io.BytesIO()
    write_pptx(slides, buffer, lines, lines[0])
    return buffer.getvalue()


def source_note_of_lines(lines: Sequence[str]) -> str:
    """The 出典 line of a picture slide (a word cloud): how many articles it counts."""
    return f"出典: 記事{len(lines)}件" if lines else ""


def query_values(args: argparse.Namespace) -> dict[str, list[str]]:
    """The filter as query parameters: --query (a query string or a whole dashboard link), options on top."""
    text = args.query or ""
    if "?" in text or "://" in text:
        text = urlsplit(text).query
    values = parse_qs(text.lstrip("?"))
    for name in FILTER_OPTIONS:
        given = getattr(args, name)
        if given:
            values[name] = list(given) if isinstance(given, list) else [given]
    return values


def theme_labels(corpus: Corpus) -> dict[str, str]:
    """Theme id -> Japanese label, from the corpus's theme scores and themes.toml (as the dashboard has them)."""
    labels = dict(zip(corpus.theme_scores["theme"], corpus.theme_scores["label"]))
    labels.update({rule.id: rule.label for rule in load_theme_rules()})
    return labels


def build_parser() -> argparse.ArgumentParser:
    """The command line of `python -m dashboard.slides`."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.slides",
        description="Write every dashboard chart of one filter as numbered 1920x1080 PNG slides and index.csv.")
    parser.add_argument("--out", required=True, type=Path,
                        help="png: folder to write the PNG files and index.csv into; pptx: the .pptx file to write")
    parser.add_argument("--format", choices=FORMATS, default="png",
                        help="png (default): numbered PNG files and index.csv; pptx: one PowerPoint deck")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder of articles (default: seeds/)")
    parser.add_argument("--query", default="",
                        help='a dashboard link or its query string, e.g. "theme=funding&company=OpenAI"')
    for name in LIST_PARAMS:
        parser.add_argument(f"--{name}", action="append", metavar=name.upper(),
                            help=f"keep only this {name} (repeat for several)")
    parser.add_argument("--period-from", dest="period_from", help="first period, e.g. 2023, 2023Q4, FY2024")
    parser.add_argument("--period-to", dest="period_to", help="last period")
    parser.add_argument("--currency", help="native (default) or usd")
    parser.add_argument("--scale", type=int, choices=(1, 2), default=1,
                        help="1 -> 1920x1080 pixels (default), 2 -> 3840x2160")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: 0 when the deck is written, 1 when nothing has data or drawing fails, 2 on bad input."""
    args = build_parser().parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: {args.corpus} is not a folder of articles", file=sys.stderr)
        return 2
    if args.format == "png" and args.out.exists() and not args.out.is_dir():
        print(f"error: --out {args.out} is a file, not a folder", file=sys.stderr)
        return 2
    if args.format == "pptx" and args.out.is_dir():
        print(f"error: --out {args.out} is a folder; give the .pptx file to write", file=sys.stderr)
        return 2
    try:
        corpus = load_corpus(args.corpus)
    except DataFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if corpus.articles.empty:
        print(f"error: no article could be loaded from {args.corpus} ({corpus.report.summary()})", file=sys.stderr)
        return 1
    state, notices = parse_params(query_values(args), filter_options(corpus, theme_labels(corpus)))
    if notices:
        # A dropped value would silently widen the deck to the whole corpus: refuse instead.
        for notice in notices:
            print(f"error: {notice}", file=sys.stderr)
        print("error: the filter has values this corpus does not know; no slide was written", file=sys.stderr)
        return 2
    labels = theme_labels(corpus)
    view = apply_filters(corpus, state)
    rates = load_fx_rates()
    slides = deck_slides(view, rates, labels)
    if not slides:
        print(f"error: no chart has data for this filter ({filter_query(state) or 'no filter'})", file=sys.stderr)
        return 1
    try:
        if args.format == "pptx":
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_bytes(view_pptx(view, rates, labels, date.today(), slides))
            print(f"wrote {args.out}: a title slide and {len(slides)} chart slides "
                  f"(filter: {filter_query(state) or 'none'})")
            return 0
        paths = write_deck(slides, args.out, state, args.scale)
    except ImageExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(paths)} slides and {INDEX_FILE} to {args.out} (filter: {filter_query(state) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
