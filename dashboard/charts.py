"""Pure figure builders: frames in, plotly figures out (Japanese titles, one colour per company).

Every chart describes itself, so that a copy pasted into a slide still says what it shows: a title, a
subtitle with the active filters (ChartContext.subtitle), units in the axis titles, company names on the
axis or in a legend (also for one series), and a footnote 出典 naming how many articles and which
publishers the drawn values come from. Text from articles (company names, sentences, terms) goes through
`plain()` first: plotly reads a small HTML subset in labels and hover text, and an article's `<b>` or
`<a href>` must show as written, never as markup.
"""
from __future__ import annotations

import hashlib
import html
import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from dashboard.formatting import (
    FRAME_LABELS,
    axis_title,
    axis_unit,
    company_label,
    currency_caption,
    format_percent,
    format_period,
    format_value,
    metric_label,
)
from dashboard.evidence import evidence_window, point_customdata
from dashboard.periods import period_sort_key

# Every chart's look starts from this template. A figure takes plotly's default template when it is made, at little
# cost; naming the template on each chart instead re-validates all of it (~25 ms a chart, a third of an overview
# rerun's CPU). So it is made the default (Streamlit makes its own the default when its chart module is imported:
# _style notices and puts it back).
TEMPLATE = "plotly_white"
pio.templates.default = TEMPLATE
FONT_FAMILY = ('"Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", '
               '"Meiryo", sans-serif')
# Colour-blind-friendly and print-safe hues; a company keeps its hue on every page.
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363", "#d6616b", "#6baed6", "#fd8d3c", "#74c476", "#9e9ac8",
)
INDUSTRY_COLOR = "#9e9e9e"
SINGLE_COLOR = "#1f5fbf"
PNG_SIZE = {"width": 1920, "height": 1080, "scale": 2}
HEIGHTS = {False: 480, True: 760}
SENTENCE_HOVER_CHARS = 80
FOOTNOTE_PUBLISHERS = 3  # publishers named in a footnote; the rest are counted
UNKNOWN_PUBLISHER = "発行元不明"
EXTRA_MARKER = "diamond"


def plain(text: object) -> str:
    """Article text made literal for plotly labels and hover text: <, > and & as entities."""
    return html.escape(text if isinstance(text, str) else "" if text is None else str(text), quote=False)


@dataclass(frozen=True)
class ChartContext:
    """What a chart says about where it comes from: the filters (subtitle) and the articles (footnote)."""

    subtitle: str = ""
    articles: pd.DataFrame | None = None  # article_id and publisher of the corpus


def source_note(article_ids, articles: pd.DataFrame | None) -> str:
    """出典: the number of distinct articles and their publishers, most frequent first."""
    # distinct ids first: a chart of 100,000 figures names a few thousand articles
    values = article_ids.dropna().unique().tolist() if isinstance(article_ids, pd.Series) else article_ids
    ids = [a for a in dict.fromkeys(values) if isinstance(a, str) and a]
    if not ids:
        return ""
    text = f"出典: 記事{len(ids)}件"
    if articles is None or articles.empty:
        return text
    # pyarrow's membership test: pandas' isin on Arrow text walks the wanted values in Python
    named = pc.is_in(pa.array(articles["article_id"].astype("string")), value_set=pa.array(ids, type=pa.large_string()))
    rows = articles[named.to_numpy(zero_copy_only=False)]
    publishers = rows["publisher"].astype("string").fillna("")
    ranked = publishers.where(publishers != "", UNKNOWN_PUBLISHER).value_counts()
    names = sorted(ranked.index, key=lambda name: (-ranked[name], name == UNKNOWN_PUBLISHER, name))
    shown = "、".join(plain(n) for n in names[:FOOTNOTE_PUBLISHERS])
    more = len(names) - FOOTNOTE_PUBLISHERS
    return f"{text}（{shown}{f' ほか{more}発行元' if more > 0 else ''}）"


def company_color(company: str) -> str:
    """The colour of a company on every chart: a fixed hash of its name into the palette."""
    if not isinstance(company, str) or not company:
        return INDUSTRY_COLOR
    key = unicodedata.normalize("NFKC", company).casefold().encode("utf-8")
    return PALETTE[int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % len(PALETTE)]


def chart_config(filename: str) -> dict:
    """The st.plotly_chart config: no plotly toolbar (its tooltips are English and Streamlit's plotly.js has no
    Japanese locale to register offline); PNG export is the page's own button. The image options stay for
    anyone who turns the toolbar back on."""
    return {
        "displayModeBar": False,
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, **PNG_SIZE},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def with_template(fig: go.Figure) -> go.Figure:
    """The figure with TEMPLATE's look: it has it when it was made while TEMPLATE was the default; when another
    default was set since, the template is named on this figure and made the default again."""
    if pio.templates.default != TEMPLATE:
        pio.templates.default = TEMPLATE
        fig.update_layout(template=TEMPLATE)
    return fig


def _style(fig: go.Figure, title: str, present: bool, height: int | None = None,
           context: ChartContext | None = None, article_ids=()) -> go.Figure:
    """Shared look: white background, Japanese font, bigger type in presentation mode, subtitle, footnote."""
    base = 22 if present else 14
    context = context or ChartContext()
    footnote = source_note(article_ids, context.articles)
    with_template(fig)
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": base + 10},
               "subtitle": {"text": plain(context.subtitle), "font": {"size": base, "color": "#555b66"}}},
        font={"family": FONT_FAMILY, "size": base, "color": "#1a1d23"},
        height=height or HEIGHTS[present],
        hoverlabel={"font": {"family": FONT_FAMILY}},
        legend={"title": {"text": ""}},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        meta={"footnote": footnote},
    )
    if footnote:
        fig.add_annotation(text=footnote, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           showarrow=False, align="left", font={"color": "#555b66"}, name="footnote")
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return _fit_margins(fig, base)


def _fit_margins(fig: go.Figure, base: int) -> go.Figure:
    """Room for the title and subtitle at the top and for the axis and the footnote at the bottom."""
    has_subtitle = bool(fig.layout.title.subtitle.text)
    has_footnote = any(a.name == "footnote" for a in fig.layout.annotations)
    fig.update_layout(margin={"l": 20, "r": 30, "t": int(base * (4.6 + (1.8 if has_subtitle else 0))),
                              "b": int(base * 6.2) + 8 if has_footnote else int(base * 3)})
    # The footnote sits below the tick labels and the x-axis title (a shift from the plot area's bottom edge).
    fig.update_annotations(selector={"name": "footnote"}, yshift=-int(base * 4.4),
                           font_size=max(10, base - 4))
    return fig


def footnote_of(fig: go.Figure) -> str:
    """The 出典 line of a chart built here ("" when it has none)."""
    meta = fig.layout.meta
    return meta.get("footnote", "") if isinstance(meta, dict) else ""


def slide_version(fig: go.Figure) -> go.Figure:
    """A copy of a chart styled for a 1920×1080 slide: presentation-size type, size left to the exporter."""
    slide = go.Figure(fig)
    slide.update_layout(font={"size": 22}, title={"font": {"size": 34}, "subtitle": {"font": {"size": 22}}},
                        height=None, width=None)
    _fit_margins(slide, 22)
    # A slide's height follows the window: the network's circle keeps its place without a fixed aspect ratio.
    slide.update_yaxes(scaleanchor=None, selector={"visible": False})
    slide.update_traces(textfont_size=18, selector={"type": "bar"})
    slide.update_traces(textfont_size=20, selector={"mode": "markers+text"})
    return slide


def mention_totals(companies: pd.DataFrame) -> pd.DataFrame:
    """Mentions and articles per company, most mentioned first (ties by name)."""
    if companies.empty:
        return pd.DataFrame({"company": pd.Series(dtype="string"), "mentions": pd.Series(dtype="int64"),
                             "articles": pd.Series(dtype="int64")})
    totals = (companies.groupby("company", as_index=False)
              .agg(mentions=("mentions", "sum"), articles=("article_id", "nunique")))
    return totals.sort_values(["mentions", "articles", "company"], ascending=[False, False, True],
                              ignore_index=True)


def mention_ranking_chart(companies: pd.DataFrame, top: int = 20, present: bool = False,
                          context: ChartContext | None = None) -> go.Figure | None:
    """Horizontal bars of mentions per company; None when no company is mentioned."""
    totals = mention_totals(companies).head(top)
    if totals.empty:
        return None
    totals = totals.iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure(go.Bar(
        x=totals["mentions"], y=[plain(c) for c in totals["company"]], orientation="h",
        marker_color=[company_color(name) for name in totals["company"]],
        text=totals["mentions"], textposition="outside", cliponaxis=False,
        customdata=totals[["articles"]],
        hovertemplate="%{y}<br>言及 %{x}回・%{customdata[0]}記事<extra></extra>",
    ))
    fig.update_xaxes(title_text="言及回数（回）")
    fig.update_yaxes(title_text="")
    height = max(HEIGHTS[present], 160 + len(totals) * (40 if present else 26))
    shown = companies[companies["company"].isin(totals["company"])]
    return _style(fig, f"企業別の言及回数（上位{len(totals)}社）", present, height, context=context,
                  article_ids=shown["article_id"])


def network_edges(companies: pd.DataFrame, comentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of companies named in the same article, weighted by sentences together when known, else articles."""
    pairs: dict[tuple[str, str], int] = {}
    for _, group in companies.groupby("article_id"):
        for pair in combinations(sorted(set(group["company"])), 2):
            pairs[pair] = pairs.get(pair, 0) + 1
    edges = pd.DataFrame([(a, b, n) for (a, b), n in pairs.items()],
                         columns=["company_a", "company_b", "n_articles"])
    edges["weight"] = edges["n_articles"].astype("float64")
    if not comentions.empty and not edges.empty:
        sentences = {}
        for row in comentions.itertuples(index=False):
            key = tuple(sorted((row.company_a, row.company_b)))
            sentences[key] = sentences.get(key, 0) + int(row.n_sentences)
        together = [sentences.get((a, b), 0) for a, b in zip(edges["company_a"], edges["company_b"])]
        if any(together):
            # Sentence-level co-mentions are the sharper signal; pairs only sharing an article are dropped.
            edges["weight"] = pd.Series(together, dtype="float64")
            edges = edges[edges["weight"] > 0]
    return edges.sort_values(["weight", "company_a", "company_b"], ascending=[False, True, True],
                             ignore_index=True)


def circular_layout(names: list[str]) -> dict[str, tuple[float, float]]:
    """Positions on a circle, first name at the top, going clockwise (the same names give the same picture)."""
    count = len(names)
    return {name: (math.cos(math.pi / 2 - 2 * math.pi * i / count), math.sin(math.pi / 2 - 2 * math.pi * i / count))
            for i, name in enumerate(names)}


def company_network_chart(companies: pd.DataFrame, comentions: pd.DataFrame, top: int = 25,
                          present: bool = False, context: ChartContext | None = None) -> go.Figure | None:
    """Co-occurrence network of the most mentioned companies; None when no two companies appear together."""
    totals = mention_totals(companies).head(top)
    names = list(totals["company"])
    edges = network_edges(companies[companies["company"].isin(names)], comentions)
    if len(names) < 2 or edges.empty:
        return None
    connected = set(edges["company_a"]) | set(edges["company_b"])
    totals = totals[totals["company"].isin(connected)]
    names = list(totals["company"])
    position = circular_layout(names)
    fig = go.Figure()
    strongest = edges["weight"].max()
    for width in range(1, 7):
        # Scatter lines share one width per trace: bucket the edges by width.
        bucket = edges[(1 + 5 * edges["weight"] / strongest).round().clip(1, 6) == width]
        xs, ys = [], []
        for a, b in zip(bucket["company_a"], bucket["company_b"]):
            xs += [position[a][0], position[b][0], None]
            ys += [position[a][1], position[b][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                     line={"width": width * (1.5 if present else 1), "color": "#b8c2cc"}))
    largest = max(totals["mentions"].max(), 1)
    sizes = [16 + 34 * math.sqrt(m / largest) for m in totals["mentions"]]
    fig.add_trace(go.Scatter(
        x=[position[n][0] for n in names], y=[position[n][1] for n in names], mode="markers+text",
        text=[plain(n) for n in names], textposition="top center", showlegend=False,
        marker={"size": sizes, "color": [company_color(n) for n in names], "line": {"width": 1, "color": "#fff"}},
        customdata=totals[["mentions", "articles"]],
        hovertemplate="%{text}<br>言及 %{customdata[0]}回・%{customdata[1]}記事<extra></extra>",
    ))
    fig.update_xaxes(visible=False, range=[-1.35, 1.35])
    fig.update_yaxes(visible=False, range=[-1.25, 1.3], scaleanchor="x", scaleratio=1)
    shown = companies[companies["company"].isin(names)]
    return _style(fig, "企業の共起ネットワーク", present, HEIGHTS[present] + 120, context=context,
                  article_ids=shown["article_id"])


def distinct_points(rows: pd.DataFrame) -> pd.DataFrame:
    """Figure rows less exact repeats (a page that states the same value twice draws it once).

    Different values at one (company, period) all stay: the charts draw each of them.
    """
    value = "display_value" if "display_value" in rows.columns else "value"
    return rows.drop_duplicates(subset=["company", "metric", "period", value, "change_pct"], keep="first")


def _rank_at_point(rows: pd.DataFrame) -> pd.Series:
    """0 for the first value stated at a (company, period), 1, 2, … for the others."""
    return rows.groupby(["company", "period"], sort=False).cumcount()


def figure_value_chart(rows: pd.DataFrame, present: bool = False,
                       context: ChartContext | None = None) -> go.Figure | None:
    """Bars of one metric by period (grouped by company) or by company; one panel per display unit, side by side.

    The first value stated at a (company, period) is the bar; other values at the same point are drawn as
    diamonds on it and counted in a note, so that no value is hidden. None when there are no rows.
    """
    if rows.empty:
        return None
    metrics = set(rows["metric"])
    if len(metrics) != 1:
        raise ValueError(f"one metric per chart, got {sorted(metrics)}")
    metric = metrics.pop()
    # every drawn point names the rows behind it (its value first, then the other values at its place)
    rows = rows.reset_index(drop=True).assign(
        evidence=point_customdata(rows, ("company", "period", "display_unit"), ("display_value", "change_pct")))
    points = distinct_points(rows)
    units = list(dict.fromkeys(points["display_unit"]))
    periods = sorted({p for p in points["period"] if p}, key=period_sort_key)
    by_period = len(periods) >= 2
    fig = make_subplots(rows=1, cols=len(units), horizontal_spacing=0.08,
                        subplot_titles=[currency_caption(u) for u in units] if len(units) > 1 else None)
    extras = 0
    for column, unit in enumerate(units, start=1):
        chosen = points[points["display_unit"] == unit]
        divisor, _ = axis_unit(unit, metric, chosen["display_value"].abs().max())
        extras += _draw_values(fig, chosen, by_period, divisor, column, present, first_panel=column == 1)
        fig.update_yaxes(title_text=axis_title(metric, unit, chosen["display_value"].abs().max()),
                         rangemode="tozero", row=1, col=column)
        if by_period:
            order = [format_period(p) for p in periods]
            if (points["period"] == "").any():
                order.append(format_period(""))
            fig.update_xaxes(title_text="期間", categoryorder="array", categoryarray=order, row=1, col=column)
        else:
            fig.update_xaxes(title_text="企業", row=1, col=column)
    if by_period:
        fig.update_layout(barmode="group", scattermode="group", showlegend=True)
        # Labels of neighbouring bars in a group would collide at full size.
        fig.update_traces(textfont_size=(18 if present else 11), selector={"type": "bar"})
    title = f"{metric_label(metric)}（{'企業・期間別' if by_period else '企業別'}）"
    if points["converted"].any():
        title += "・USD換算"
    if extras:
        fig.add_annotation(text=f"◆ 同じ企業・期間に書かれた別の値（{extras}件）", xref="paper", yref="paper",
                           x=1, y=1, xanchor="right", yanchor="bottom", showarrow=False, name="extras")
    return _style(fig, title, present, context=context, article_ids=points["article_id"])


def _draw_values(fig: go.Figure, points: pd.DataFrame, by_period: bool, divisor: float, column: int,
                 present: bool, first_panel: bool) -> int:
    """One panel's bars (and diamonds for further values at a point); returns how many diamonds it drew."""
    rank = _rank_at_point(points)
    firsts, others = points[rank == 0], points[rank > 0]
    if by_period:
        for company, group in firsts.groupby("company", sort=False):
            name = plain(company_label(company))
            bar = _value_bar(group, [format_period(p) for p in group["period"]], divisor, name,
                             company_color(company))
            bar.update(legendgroup=name, offsetgroup=name, showlegend=first_panel)
            fig.add_trace(bar, row=1, col=column)
            more = others[others["company"] == company]
            if not more.empty:
                fig.add_trace(_extra_markers(more, [format_period(p) for p in more["period"]], divisor, name,
                                             company_color(company), present), row=1, col=column)
        return len(others)
    labels = _company_axis_labels(firsts)
    bar = _value_bar(firsts, labels, divisor, "", None)
    bar.marker.color = [company_color(c) for c in firsts["company"]]
    bar.showlegend = False
    fig.add_trace(bar, row=1, col=column)
    if not others.empty:
        where = dict(zip(zip(firsts["company"], firsts["period"]), labels))
        x = [where[(c, p)] for c, p in zip(others["company"], others["period"])]
        fig.add_trace(_extra_markers(others, x, divisor, "", "#1a1d23", present), row=1, col=column)
    return len(others)


def _company_axis_labels(points: pd.DataFrame) -> list[str]:
    labels = [plain(company_label(c)) for c in points["company"]]
    if len(set(labels)) < len(labels):  # one company in two periods: name the period too
        labels = [f"{label}・{format_period(p)}" for label, p in zip(labels, points["period"])]
    return labels


def _texts(group: pd.DataFrame) -> list[str]:
    return [format_value(v, u, m, h, approximate=bool(c)) for v, u, m, h, c in
            zip(group["display_value"], group["display_unit"], group["metric"], group["display_value_high"],
                group["converted"])]


def _hover(group: pd.DataFrame, texts: list[str]) -> list[str]:
    return [f"{plain(company_label(c))}・{format_period(p)}<br>{t}<br>{plain(_window(s, f))}"
            for c, p, t, s, f in zip(group["company"], group["period"], texts, group["sentence"], _surfaces(group))]


def _surfaces(rows: pd.DataFrame) -> pd.Series:
    return rows["surface"] if "surface" in rows.columns else pd.Series("", index=rows.index)


def _window(sentence: str, surface: str) -> str:
    """The words around the number in a hover label (the number stays visible however long the sentence)."""
    return evidence_window(sentence, surface, SENTENCE_HOVER_CHARS)


def _evidence(group: pd.DataFrame) -> list[str] | None:
    return list(group["evidence"]) if "evidence" in group.columns else None


def _value_bar(group: pd.DataFrame, x: list[str], divisor: float, name: str, color: str | None) -> go.Bar:
    texts = _texts(group)
    return go.Bar(x=x, y=group["display_value"] / divisor, name=name, marker_color=color, text=texts,
                  textposition="outside", constraintext="none", cliponaxis=False, hovertext=_hover(group, texts),
                  hoverinfo="text", customdata=_evidence(group))


def _extra_markers(group: pd.DataFrame, x: list[str], divisor: float, name: str, color: str,
                   present: bool) -> go.Scatter:
    texts = _texts(group)
    return go.Scatter(x=x, y=group["display_value"] / divisor, mode="markers", name=name, legendgroup=name,
                      offsetgroup=name or None, showlegend=False, hovertext=_hover(group, texts), hoverinfo="text",
                      customdata=_evidence(group),
                      marker={"symbol": EXTRA_MARKER, "size": 16 if present else 11, "color": color,
                              "line": {"width": 1.5, "color": "#ffffff"}}, cliponaxis=False)


def change_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Every distinct stated change (change_pct), labelled company・metric・period; a second value at the same
    point is labelled (2), (3), … so that each one has its own bar."""
    rows = rows.reset_index(drop=True)
    if not rows.empty:
        rows = rows.assign(evidence=point_customdata(rows, ("company", "metric", "period", "change_pct"),
                                                     ("value",)))
    stated = distinct_points(rows[rows["change_pct"].notna()]) if not rows.empty else rows
    labels = [f"{plain(company_label(c))}・{metric_label(m)}・{format_period(p)}"
              for c, m, p in zip(stated["company"], stated["metric"], stated["period"])]
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label}（{seen[label]}）")
    return pd.DataFrame({"label": pd.Series(unique, dtype="string"),
                         "company": stated["company"].to_numpy(), "change": stated["change_pct"].to_numpy(),
                         "sentence": stated["sentence"].to_numpy(), "surface": _surfaces(stated).to_numpy(),
                         "article_id": stated["article_id"].to_numpy(),
                         "evidence": (stated["evidence"] if "evidence" in stated.columns
                                      else pd.Series("", index=stated.index)).to_numpy()})


def change_chart(rows: pd.DataFrame, present: bool = False, context: ChartContext | None = None) -> go.Figure | None:
    """Horizontal bars of the stated changes (前年比 etc.) in percent; None when no figure states one."""
    changes = change_rows(rows)
    if changes.empty:
        return None
    changes = changes.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=changes["change"], y=changes["label"], orientation="h",
        marker_color=[company_color(c) for c in changes["company"]],
        text=[format_percent(v, signed=True) for v in changes["change"]], textposition="outside",
        cliponaxis=False, hovertext=[plain(_window(s, f)) for s, f in zip(changes["sentence"], changes["surface"])],
        hoverinfo="text+x", customdata=list(changes["evidence"]),
    ))
    fig.update_xaxes(title_text="変化率（%）", zeroline=True, zerolinecolor="#666")
    height = max(HEIGHTS[present], 160 + len(changes) * (44 if present else 28))
    metrics = set(rows["metric"])
    title = "変化率（前年比など、本文に書かれた増減）"
    if len(metrics) == 1:
        title = f"{metric_label(metrics.pop())}の{title}"
    return _style(fig, title, present, height, context=context, article_ids=changes["article_id"])


def term_frequency_chart(terms: pd.DataFrame, top: int = 30, present: bool = False,
                         context: ChartContext | None = None, generic_left_out: bool = False) -> go.Figure | None:
    """Horizontal bars of the most frequent terms (the title says so when generic terms were left out of
    `terms`); None when there are no terms."""
    if terms.empty:
        return None
    totals = (terms.groupby("term", as_index=False)["count"].sum()
              .sort_values(["count", "term"], ascending=[False, True]).head(top).iloc[::-1])
    # customdata holds each bar's term as written, for the page that opens a clicked term in KWIC
    fig = go.Figure(go.Bar(x=totals["count"], y=[plain(t) for t in totals["term"]], orientation="h",
                           marker_color=SINGLE_COLOR, customdata=list(totals["term"]),
                           text=totals["count"], textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}: %{x}回<extra></extra>"))
    fig.update_xaxes(title_text="出現回数（回）")
    height = max(HEIGHTS[present], 160 + len(totals) * (36 if present else 22))
    shown = terms[terms["term"].isin(totals["term"])]
    title = f"頻出キーワード（上位{len(totals)}語{'、一般的な語を除く' if generic_left_out else ''}）"
    return _style(fig, title, present, height, context=context,
                  article_ids=shown["article_id"])


UNIT_FILE_NAMES = {"%": "pct"}


def file_part(text: str) -> str:
    """A piece of a chart's file name: unit symbols spelled out (% -> pct), anything but letters, digits,
    - and _ dropped."""
    return re.sub(r"[^0-9A-Za-z_-]+", "", UNIT_FILE_NAMES.get(text, text))


def metrics_by_size(rows: pd.DataFrame) -> list[str]:
    """A frame's metrics, the one with the most figures first (the order of the 指標 box and of a deck)."""
    counts = rows.groupby("metric").size()
    return sorted(counts.index, key=lambda metric: (-counts[metric], metric))


# --- 概要: where the figures come from, and when the articles were published -------------------------------------

FRAME_COLORS = {"funding": "#1f77b4", "revenue": "#2ca02c", "traffic": "#ff7f0e"}
NO_THEME_LABEL = "テーマなし"
MAX_TIMELINE_MONTHS = 36  # a longer span is drawn by year


def _publisher_name(publisher: object) -> str:
    return publisher if isinstance(publisher, str) and publisher else UNKNOWN_PUBLISHER


def _framed(figures: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The figures of the three frames (only `columns` of them: a copy of every column costs more than the chart)."""
    keep = figures["frame"].isin(list(FRAME_LABELS))
    if columns is None:
        return figures[keep]
    return figures[columns] if keep.all() else figures.loc[keep, columns]


def _frame_bars(fig: go.Figure, counts: pd.DataFrame, categories: list[str], present: bool) -> None:
    """One horizontal bar trace per frame over `categories` (counts: category, frame, n), stacked, legend shown."""
    for frame, label in FRAME_LABELS.items():
        rows = counts[counts["frame"] == frame].set_index("category")["n"]
        values = [int(rows.get(category, 0)) for category in categories]
        if not any(values):
            continue
        fig.add_trace(go.Bar(
            y=[plain(c) for c in categories], x=values, name=label, orientation="h", marker_color=FRAME_COLORS[frame],
            text=[v or "" for v in values], textposition="inside", insidetextanchor="middle",
            hovertemplate=f"%{{y}}<br>{label}: %{{x}}件<extra></extra>",
        ))
    fig.update_layout(barmode="stack", showlegend=True,
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"})
    fig.update_xaxes(title_text="数値の件数（件）")
    fig.update_yaxes(title_text="", categoryorder="array", categoryarray=[plain(c) for c in categories][::-1])
    fig.update_traces(textfont_size=16 if present else 11)


def _category_order(counts: pd.DataFrame, last: str) -> list[str]:
    totals = counts.groupby("category")["n"].sum()
    return sorted(totals.index, key=lambda c: (c == last, -totals[c], c))


def figures_by_publisher_chart(figures: pd.DataFrame, articles: pd.DataFrame, present: bool = False,
                               context: ChartContext | None = None) -> go.Figure | None:
    """Stacked bars of the figures of each frame per publisher (most figures first, 発行元不明 last); None when
    there are no figures."""
    rows = _framed(figures, ["article_id", "frame"])
    if rows.empty:
        return None
    publisher = _of_article(rows, articles, "publisher")
    category = publisher.where(publisher != "", UNKNOWN_PUBLISHER)
    counts = (pd.DataFrame({"category": category, "frame": rows["frame"]})
              .groupby(["category", "frame"], as_index=False).size().rename(columns={"size": "n"}))
    categories = _category_order(counts, UNKNOWN_PUBLISHER)
    fig = go.Figure()
    _frame_bars(fig, counts, categories, present)
    height = max(HEIGHTS[present], 200 + len(categories) * (48 if present else 30))
    return _style(fig, "発行元別の数値の件数（区分ごと）", present, height, context=context,
                  article_ids=rows["article_id"])


def _of_article(figures: pd.DataFrame, articles: pd.DataFrame, column: str) -> pd.Series:
    """Each figure's article's value of `column` ("" when missing), looked up for all rows at once."""
    own = articles.drop_duplicates("article_id", keep="last")
    lookup = pd.Series(own[column].astype("string").to_numpy(), index=own["article_id"].astype("string").to_numpy(),
                       dtype="string")
    return figures["article_id"].astype("string").map(lookup).fillna("")


def _themes_text(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Each figure's themes joined with |: its paragraph's, else its article's (figure_themes, for all rows)."""
    own = figures["themes"].astype("string").fillna("")
    return own.where(own != "", _of_article(figures, articles, "themes"))


def figure_themes(figures: pd.DataFrame, articles: pd.DataFrame) -> list[list[str]]:
    """Each figure's themes: its paragraph's, else its article's (the theme filter's rule)."""
    article_themes = dict(zip(articles["article_id"].tolist(), articles["themes"].tolist()))
    found = []
    # lists, not the columns: iterating an Arrow-backed column costs microseconds per value
    for own, article_id in zip(figures["themes"].tolist(), figures["article_id"].tolist()):
        value = own if isinstance(own, str) and own else article_themes.get(article_id, "")
        found.append([t for t in value.split("|") if t] if isinstance(value, str) else [])
    return found


def figures_by_theme_chart(figures: pd.DataFrame, articles: pd.DataFrame, theme_labels: dict[str, str],
                           present: bool = False, context: ChartContext | None = None) -> go.Figure | None:
    """Stacked bars of the figures of each frame per theme (a figure counts under each of its themes, and the
    chart says how many do so); None when there are no figures."""
    rows = _framed(figures, ["article_id", "frame", "themes"])
    if rows.empty:
        return None
    # counted per distinct (themes, frame): few of them, however many figures
    combined = (pd.DataFrame({"themes": _themes_text(rows, articles), "frame": rows["frame"]})
                .groupby(["themes", "frame"]).size())
    pairs, several = [], 0
    for (text, frame), n in combined.items():
        found = [t for t in text.split("|") if t]
        several += int(n) if len(found) > 1 else 0
        pairs.extend((theme_labels.get(t, t) or NO_THEME_LABEL, frame, int(n)) for t in found)
        if not found:
            pairs.append((NO_THEME_LABEL, frame, int(n)))
    counts = (pd.DataFrame(pairs, columns=["category", "frame", "n"])
              .groupby(["category", "frame"], as_index=False)["n"].sum())
    categories = _category_order(counts, NO_THEME_LABEL)
    fig = go.Figure()
    _frame_bars(fig, counts, categories, present)
    if several:
        fig.add_annotation(text=f"複数のテーマに数えた数値: {several}件（全{len(rows)}件）", xref="paper", yref="paper",
                           x=1, y=1, xanchor="right", yanchor="bottom", showarrow=False, name="several_themes")
    height = max(HEIGHTS[present], 200 + len(categories) * (48 if present else 30))
    return _style(fig, "テーマ別の数値の件数（区分ごと）", present, height, context=context,
                  article_ids=rows["article_id"])


def publication_months(articles: pd.DataFrame) -> pd.Series:
    """The month (YYYY-MM) each article was published, "" when it has no date."""
    return articles["published"].map(
        lambda p: p[:7] if isinstance(p, str) and len(p) >= 7 and p[4] == "-" else "").astype("object")


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def articles_over_time_chart(articles: pd.DataFrame, present: bool = False,
                             context: ChartContext | None = None) -> go.Figure | None:
    """Articles per month of `published` (per year over long spans), empty months drawn as zero, the undated
    articles counted in a note; None when no article has a date."""
    months = publication_months(articles)
    dated = months[months != ""]
    if dated.empty:
        return None
    periods = _months_between(dated.min(), dated.max())
    by_year = len(periods) > MAX_TIMELINE_MONTHS
    if by_year:
        counts = dated.str[:4].value_counts()
        periods = [str(y) for y in range(int(dated.min()[:4]), int(dated.max()[:4]) + 1)]
    else:
        counts = dated.value_counts()
    values = [int(counts.get(period, 0)) for period in periods]
    labels = [format_period(period) for period in periods]
    fig = go.Figure(go.Bar(x=labels, y=values, marker_color=SINGLE_COLOR, text=[v or "" for v in values],
                           textposition="outside", cliponaxis=False, hovertemplate="%{x}: %{y}件<extra></extra>"))
    fig.update_xaxes(title_text="公開年" if by_year else "公開月", type="category")
    fig.update_yaxes(title_text="記事数（件）", rangemode="tozero", dtick=max(1, math.ceil(max(values) / 8)))
    undated = len(months) - len(dated)
    if undated:
        fig.add_annotation(text=f"日付のない記事: {undated}件（グラフに含まず）", xref="paper", yref="paper", x=1, y=1,
                           xanchor="right", yanchor="bottom", showarrow=False, name="undated")
    ids = articles.loc[months != "", "article_id"]
    return _style(fig, f"記事の公開時期（{'年別' if by_year else '月別'}）", present, context=context, article_ids=ids)
