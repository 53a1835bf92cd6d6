"""The slide pack CLI (python -m dashboard.slides): real PNG files, their index, filters as in the URL, errors."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from dashboard import slides
from dashboard.filters import FilterState, apply_filters
from dashboard.formatting import load_fx_rates
from loaders import load_corpus
from dashboard.slides import INDEX_COLUMNS, build_parser, main, query_values

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Charts the seeds have data for, one per dashboard page that draws charts.
SEED_CHARTS = ("company_mentions", "company_network", "funding_raised", "revenue_revenue",
               "revenue_revenue_change", "traffic_visits", "word_cloud", "term_frequency")
PAGE_ORDER = ("企業", "資金調達", "売上・収益", "トラフィック", "キーワード")

# (command-line options, the query parameters they give)
QUERY_CASES = (
    ([], {}),
    (["--theme", "funding", "--company", "OpenAI", "--publisher", "note", "--period-from", "2023",
      "--currency", "usd"],
     {"theme": ["funding"], "company": ["OpenAI"], "publisher": ["note"], "period_from": ["2023"],
      "currency": ["usd"]}),
    (["--company", "OpenAI", "--company", "Meta"], {"company": ["OpenAI", "Meta"]}),
    (["--query", "theme=funding&company=OpenAI"], {"theme": ["funding"], "company": ["OpenAI"]}),
    (["--query", "?publisher=note&present=1"], {"publisher": ["note"], "present": ["1"]}),
    (["--query", "http://localhost:8501/funding?theme=funding&company=OpenAI&company=Meta"],
     {"theme": ["funding"], "company": ["OpenAI", "Meta"]}),
    (["--query", "theme=funding&company=OpenAI", "--company", "Meta"], {"theme": ["funding"], "company": ["Meta"]}),
    (["--query", "company=%E3%83%A1%E3%82%BF"], {"company": ["メタ"]}),
)

# (options, exit code, words the error message must contain)
REFUSED = (
    (["--corpus", "no/such/folder"], 2, "is not a folder"),
    (["--company", "存在しない社"], 2, "存在しない社"),
    (["--period-from", "someday"], 2, "someday"),
    (["--currency", "yen"], 2, "yen"),
)


SMALL_ARTICLE = """OpenAI、新たに66億ドルを調達

2024年10月2日　テック速報

米OpenAIは2日、総額66億ドルの資金調達を完了したと発表した。評価額は1,570億ドルとなった。
"""


def read_index(folder: Path) -> list[dict[str, str]]:
    with open(folder / "index.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def pixel_size(path: Path) -> tuple[int, int]:
    return Image.open(io.BytesIO(path.read_bytes())).size


def chart_name(file_name: str) -> str:
    """01_company_mentions.png -> company_mentions."""
    return Path(file_name).stem.split("_", 1)[1]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    (folder / "openai.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seed_deck(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deck")
    assert main(["--out", str(out), "--corpus", str(SEEDS)]) == 0
    return out


@pytest.fixture(scope="module")
def filtered_deck(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("filtered") / "new" / "folder"  # made by the CLI
    assert main(["--out", str(out), "--corpus", str(SEEDS), "--query", "company=OpenAI", "--currency", "usd"]) == 0
    return out


@pytest.mark.parametrize(("options", "expected"), QUERY_CASES)
def test_filter_options_and_pasted_links_give_query_parameters(options, expected):
    args = build_parser().parse_args(["--out", "x", *options])
    assert query_values(args) == expected


def test_every_file_is_a_1920_by_1080_png(seed_deck):
    pictures = sorted(seed_deck.glob("*.png"))
    assert len(pictures) >= len(SEED_CHARTS)
    for path in pictures:
        assert path.read_bytes()[:8] == PNG_SIGNATURE, path.name
        assert pixel_size(path) == (1920, 1080), path.name


@pytest.mark.parametrize("chart", SEED_CHARTS)
def test_seed_deck_has_chart(seed_deck, chart):
    assert chart in [chart_name(row["file"]) for row in read_index(seed_deck)]


def test_index_lists_every_png_in_deck_order(seed_deck):
    rows = read_index(seed_deck)
    assert tuple(rows[0]) == INDEX_COLUMNS
    files = [row["file"] for row in rows]
    assert files == sorted(path.name for path in seed_deck.glob("*.png"))
    assert [int(name.split("_")[0]) for name in files] == list(range(1, len(files) + 1))
    pages = list(dict.fromkeys(row["page"] for row in rows))
    assert pages == [page for page in PAGE_ORDER if page in pages]
    assert all(row["title"] for row in rows)
    assert {row["filter"] for row in rows} == {""}


def test_filtered_deck_names_its_filter_and_draws_less(seed_deck, filtered_deck):
    rows = read_index(filtered_deck)
    assert {row["filter"] for row in rows} == {"company=OpenAI&currency=usd"}
    assert 0 < len(rows) < len(read_index(seed_deck))
    assert all(pixel_size(filtered_deck / row["file"]) == (1920, 1080) for row in rows)


def test_scale_2_gives_3840_by_2160():
    fig = go.Figure(go.Bar(x=["OpenAI", "Meta"], y=[2, 1]))
    slide = slides.Slide("mentions", "企業", "言及回数", figure=fig)
    assert Image.open(io.BytesIO(slides.slide_png(slide, scale=2))).size == (3840, 2160)


@pytest.mark.parametrize(("options", "code", "words"), REFUSED)
def test_bad_input_exits_non_zero_with_a_message(small_corpus, tmp_path, capsys, options, code, words):
    out = tmp_path / "deck"
    assert main(["--out", str(out), "--corpus", str(small_corpus), *options]) == code
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_a_corpus_without_charts_exits_1(tmp_path, capsys):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    # an article of nothing but function words: no figure, company or term to chart
    (corpus / "note.txt").write_text("これはそれです。あれもそうです。どれもこれもです。\n", encoding="utf-8")
    assert main(["--out", str(tmp_path / "deck"), "--corpus", str(corpus)]) == 1
    assert "no chart has data" in capsys.readouterr().err


def test_module_entry_point_reports_a_bad_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.slides", "--out", str(tmp_path / "deck"), "--corpus",
         str(tmp_path / "missing")], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "is not a folder of articles" in result.stderr


def test_out_must_not_be_a_file(small_corpus, tmp_path, capsys):
    taken = tmp_path / "deck"
    taken.write_text("")
    assert main(["--out", str(taken), "--corpus", str(small_corpus)]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.fixture(scope="module")
def funding_pptx(tmp_path_factory) -> Path:
    """The README's example as a PowerPoint deck: the seeds' funding theme in US dollars."""
    out = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    assert main(["--format", "pptx", "--out", str(out), "--corpus", str(SEEDS), "--theme", "funding",
                 "--currency", "usd"]) == 0
    return out


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_pptx_deck_reads_back_with_a_title_slide_and_one_slide_per_chart(funding_pptx):
    deck = Presentation(str(funding_pptx))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    title, *charts = deck.slides
    heading, details = slide_texts(title)
    assert heading == "AI業界ニュース分析"
    assert "テーマ: 資金調達・投資" in details and "USD換算" in details and "年" in details and "記事2件" in details
    corpus = load_corpus(SEEDS)
    expected = slides.deck_slides(
        apply_filters(corpus, FilterState(theme=("funding",), currency="usd")), load_fx_rates(),
        slides.theme_labels(corpus))
    assert len(charts) == len(expected) >= 4
    for slide, planned in zip(charts, expected):
        texts = slide_texts(slide)
        assert texts[0] == planned.title and not texts[0].isascii()
        assert "出典: 記事" in texts[1]
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.blob[:8] == PNG_SIGNATURE
        notes = slide.notes_slide.notes_text_frame.text
        assert planned.title in notes and "根拠" in notes


def test_pptx_notes_list_the_evidence_sentences(funding_pptx):
    deck = Presentation(str(funding_pptx))
    raised = next(s for s in deck.slides if slide_texts(s)[0].startswith("調達額"))
    notes = raised.notes_slide.notes_text_frame.text
    assert "25億元" in notes and "3億5000万米ドル" in notes  # the sentences the bars come from
    evidence = notes.split("根拠:\n", 1)[1].splitlines()
    assert evidence and all(line.startswith("「") and "」（" in line and line.endswith("）") for line in evidence)


def test_pptx_out_must_not_be_a_folder(small_corpus, tmp_path, capsys):
    assert main(["--format", "pptx", "--out", str(tmp_path), "--corpus", str(small_corpus)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_the_dashboards_deck_is_the_command_lines(funding_pptx):
    corpus = load_corpus(SEEDS)
    view = apply_filters(corpus, FilterState(theme=("funding",), currency="usd"))
    data = slides.view_pptx(view, load_fx_rates(), slides.theme_labels(corpus), date.today())
    deck, written = Presentation(io.BytesIO(data)), Presentation(str(funding_pptx))
    assert len(deck.slides) == len(written.slides) >= 5
    for ours, theirs in zip(deck.slides, written.slides):
        assert slide_texts(ours) == slide_texts(theirs)
        assert ours.notes_slide.notes_text_frame.text == theirs.notes_slide.notes_text_frame.text
