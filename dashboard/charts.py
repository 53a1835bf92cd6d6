"""Pure figure builders: frames in, plotly figures out (Japanese titles, one colour per company)."""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from itertools import combinations

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import (
    axis_title,
    axis_unit,
    company_label,
    format_percent,
    format_period,
    format_value,
    metric_label,
)
from dashboard.periods import period_sort_key

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


def company_color(company: str) -> str:
    """The colour of a company on every chart: a fixed hash of its name into the palette."""
    if not isinstance(company, str) or not company:
        return INDUSTRY_COLOR
    key = unicodedata.normalize("NFKC", company).casefold().encode("utf-8")
    return PALETTE[int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % len(PALETTE)]


def chart_config(filename: str) -> dict:
    """The st.plotly_chart config: PNG button at 1920×1080 (scale 2), no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, **PNG_SIZE},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def _style(fig: go.Figure, title: str, present: bool, height: int | None = None) -> go.Figure:
    """Shared look: white background, Japanese font, bigger type in presentation mode."""
    base = 22 if present else 14
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": base + 10}},
        font={"family": FONT_FAMILY, "size": base, "color": "#1a1d23"},
        height=height or HEIGHTS[present],
        margin={"l": 20, "r": 30, "t": 70 + (20 if present else 0), "b": 40},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        legend={"title": {"text": ""}},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def slide_version(fig: go.Figure) -> go.Figure:
    """A copy of a chart styled for a 1920×1080 slide: presentation-size type, size left to the exporter."""
    slide = go.Figure(fig)
    slide.update_layout(font={"size": 22}, title={"font": {"size": 34}}, height=None, width=None,
                        margin={"l": 40, "r": 40, "t": 110, "b": 60})
    slide.update_traces(textfont_size=18, selector={"type": "bar"})
    slide.update_traces(textfont_size=20, selector={"mode": "markers+text"})
    return slide


def _shorten(text: str, limit: int = SENTENCE_HOVER_CHARS) -> str:
    text = text if isinstance(text, str) else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mention_totals(companies: pd.DataFrame) -> pd.DataFrame:
    """Mentions and articles per company, most mentioned first (ties by name)."""
    if companies.empty:
        return pd.DataFrame({"company": pd.Series(dtype="string"), "mentions": pd.Series(dtype="int64"),
                             "articles": pd.Series(dtype="int64")})
    totals = (companies.groupby("company", as_index=False)
              .agg(mentions=("mentions", "sum"), articles=("article_id", "nunique")))
    return totals.sort_values(["mentions", "articles", "company"], ascending=[False, False, True],
                              ignore_index=True)


def mention_ranking_chart(companies: pd.DataFrame, top: int = 20, present: bool = False) -> go.Figure | None:
    """Horizontal bars of mentions per company; None when no company is mentioned."""
    totals = mention_totals(companies).head(top)
    if totals.empty:
        return None
    totals = totals.iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure(go.Bar(
        x=totals["mentions"], y=totals["company"], orientation="h",
        marker_color=[company_color(name) for name in totals["company"]],
        text=totals["mentions"], textposition="outside", cliponaxis=False,
        customdata=totals[["articles"]],
        hovertemplate="%{y}<br>言及 %{x}回・%{customdata[0]}記事<extra></extra>",
    ))
    fig.update_xaxes(title_text="言及回数（回）")
    fig.update_yaxes(title_text="")
    height = max(HEIGHTS[present], 120 + len(totals) * (40 if present else 26))
    return _style(fig, f"企業別の言及回数（上位{len(totals)}社）", present, height)


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
                          present: bool = False) -> go.Figure | None:
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
        text=names, textposition="top center", showlegend=False,
        marker={"size": sizes, "color": [company_color(n) for n in names], "line": {"width": 1, "color": "#fff"}},
        customdata=totals[["mentions", "articles"]],
        hovertemplate="%{text}<br>言及 %{customdata[0]}回・%{customdata[1]}記事<extra></extra>",
    ))
    fig.update_xaxes(visible=False, range=[-1.35, 1.35])
    fig.update_yaxes(visible=False, range=[-1.25, 1.3], scaleanchor="x", scaleratio=1)
    return _style(fig, "企業の共起ネットワーク", present, HEIGHTS[present] + 120)


def _first_per_point(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (company, period): a figure the text repeats is drawn once, never added up."""
    return rows.drop_duplicates(subset=["company", "period"], keep="first")


def figure_value_chart(rows: pd.DataFrame, present: bool = False) -> go.Figure | None:
    """Bars of one metric in one display unit, by period (grouped by company) or by company; None when empty."""
    if rows.empty:
        return None
    units = set(rows["display_unit"])
    metrics = set(rows["metric"])
    if len(units) != 1 or len(metrics) != 1:
        raise ValueError(f"one metric in one unit per chart, got {sorted(metrics)} in {sorted(units)}")
    unit, metric = units.pop(), metrics.pop()
    points = _first_per_point(rows)
    divisor, _ = axis_unit(unit, metric, points["display_value"].abs().max())
    periods = sorted({p for p in points["period"] if p}, key=period_sort_key)
    by_period = len(periods) >= 2
    fig = go.Figure()
    if by_period:
        order = [format_period(p) for p in periods]
        if (points["period"] == "").any():
            order.append(format_period(""))
        for company, group in points.groupby("company", sort=False):
            fig.add_trace(_value_bar(group, [format_period(p) for p in group["period"]], divisor,
                                     company_label(company), company_color(company)))
        fig.update_layout(barmode="group")
        # Labels of neighbouring bars in a group would collide at full size.
        fig.update_traces(textfont_size=(18 if present else 11))
        fig.update_xaxes(title_text="期間", categoryorder="array", categoryarray=order)
        title = f"{metric_label(metric)}（企業・期間別）"
    else:
        labels = [company_label(c) for c in points["company"]]
        if len(set(labels)) < len(labels):  # one company in two periods: name the period too
            labels = [f"{label}・{format_period(p)}" for label, p in zip(labels, points["period"])]
        bar = _value_bar(points, labels, divisor, "", None)
        bar.marker.color = [company_color(c) for c in points["company"]]
        fig.add_trace(bar)
        fig.update_xaxes(title_text="企業")
        title = f"{metric_label(metric)}（企業別）"
    if points["converted"].any():
        title += "・USD換算"
    fig.update_yaxes(title_text=axis_title(metric, unit, divisor), rangemode="tozero")
    return _style(fig, title, present)


def _value_bar(group: pd.DataFrame, x: list[str], divisor: float, name: str, color: str | None) -> go.Bar:
    texts = [format_value(v, u, m, h) for v, u, m, h in
             zip(group["display_value"], group["display_unit"], group["metric"], group["display_value_high"])]
    hover = [f"{company_label(c)}・{format_period(p)}<br>{t}<br>{_shorten(s)}"
             for c, p, t, s in zip(group["company"], group["period"], texts, group["sentence"])]
    return go.Bar(x=x, y=group["display_value"] / divisor, name=name, marker_color=color, text=texts,
                  textposition="outside", constraintext="none", cliponaxis=False, hovertext=hover,
                  hoverinfo="text")


def change_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The figures that state a change (change_pct), labelled company・metric・period, one per point."""
    stated = _first_per_point(rows[rows["change_pct"].notna()]) if not rows.empty else rows
    labels = [f"{company_label(c)}・{metric_label(m)}・{format_period(p)}"
              for c, m, p in zip(stated["company"], stated["metric"], stated["period"])]
    return pd.DataFrame({"label": pd.Series(labels, dtype="string"),
                         "company": stated["company"].to_numpy(), "change": stated["change_pct"].to_numpy(),
                         "sentence": stated["sentence"].to_numpy()})


def change_chart(rows: pd.DataFrame, present: bool = False) -> go.Figure | None:
    """Horizontal bars of the stated changes (前年比 etc.) in percent; None when no figure states one."""
    changes = change_rows(rows)
    if changes.empty:
        return None
    changes = changes.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=changes["change"], y=changes["label"], orientation="h",
        marker_color=[company_color(c) for c in changes["company"]],
        text=[format_percent(v, signed=True) for v in changes["change"]], textposition="outside",
        cliponaxis=False, hovertext=[_shorten(s) for s in changes["sentence"]], hoverinfo="text+x",
    ))
    fig.update_xaxes(title_text="変化率（%）", zeroline=True, zerolinecolor="#666")
    height = max(HEIGHTS[present], 140 + len(changes) * (44 if present else 28))
    return _style(fig, "変化率（前年比など、本文に書かれた増減）", present, height)


def term_frequency_chart(terms: pd.DataFrame, top: int = 30, present: bool = False) -> go.Figure | None:
    """Horizontal bars of the most frequent terms; None when there are no terms."""
    if terms.empty:
        return None
    totals = (terms.groupby("term", as_index=False)["count"].sum()
              .sort_values(["count", "term"], ascending=[False, True]).head(top).iloc[::-1])
    fig = go.Figure(go.Bar(x=totals["count"], y=totals["term"], orientation="h", marker_color=SINGLE_COLOR,
                           text=totals["count"], textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}: %{x}回<extra></extra>"))
    fig.update_xaxes(title_text="出現回数（回）")
    height = max(HEIGHTS[present], 120 + len(totals) * (36 if present else 22))
    return _style(fig, f"頻出キーワード（上位{len(totals)}語）", present, height)


UNIT_FILE_NAMES = {"%": "pct"}


def file_part(text: str) -> str:
    """A piece of a chart's file name: unit symbols spelled out (% -> pct), anything but letters, digits,
    - and _ dropped."""
    return re.sub(r"[^0-9A-Za-z_-]+", "", UNIT_FILE_NAMES.get(text, text))


def metrics_by_size(rows: pd.DataFrame) -> list[str]:
    """A frame's metrics, the one with the most figures first (the order of the 指標 box and of a deck)."""
    counts = rows.groupby("metric").size()
    return sorted(counts.index, key=lambda metric: (-counts[metric], metric))
