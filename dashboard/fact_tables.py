"""Pure builders for the ファクト page: facts, conflicts and corrections as Japanese tables, and a company's
timeline (rounds, valuations, revenue, users over time) as a plotly figure."""
from __future__ import annotations

import html
from datetime import date
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import FONT_FAMILY, company_color, with_template
from dashboard.evidence import POSITION_SEPARATOR
from dashboard.formatting import (
    FRAME_LABELS,
    axis_unit,
    company_label,
    format_period,
    format_value,
    metric_label,
    status_label,
)
from dashboard.periods import overlaps, parse_period
from dashboard.tables import LINK_COLUMN, OTHER_FRAME_LABEL, source_link
from loaders import parse_published

if TYPE_CHECKING:  # the view is built by the Streamlit shell; these builders only read it
    from dashboard.filters import View

REVIEW_LABELS = {"confirmed": "確認済み", "corrected": "修正済み", "": ""}
ACTION_LABELS = {"confirm": "正しい", "wrong": "誤り（数値ではない）", "set": "修正"}
CONFLICT_MARK = "情報源により数値が異なります"
RAW_FACT_COLUMNS = ("fact_id", "数値", "単位")


def stated_values_text(stated_as: str, metric: str) -> str:
    """`500000000 USD|75000000000 JPY` -> 5億ドル／750億円: every way the sources wrote the value."""
    texts = []
    for part in (stated_as or "").split("|"):
        number, _, unit = part.partition(" ")
        low, _, high = number.partition("-") if not number.startswith("-") else (number, "", "")
        try:
            texts.append(format_value(float(low), unit, metric, float(high) if high else float("nan")))
        except ValueError:
            continue
    return "／".join(texts)


def facts_table(facts: pd.DataFrame, articles: pd.DataFrame,
                filters: Mapping[str, str | list[str]] | None = None) -> pd.DataFrame:
    """One row per fact: what, how much, when, how many sources, where first read (a link keeping `filters`, the
    reader's query parameters), conflicts."""
    titles = dict(zip(articles["article_id"], articles["title"]))
    first_article = [ids.split("|")[0] for ids in facts["article_ids"]]
    return pd.DataFrame({
        "区分": [FRAME_LABELS.get(f, OTHER_FRAME_LABEL) for f in facts["frame"]],
        "企業": [company_label(c) for c in facts["company"]],
        "指標": [metric_label(m) for m in facts["metric"]],
        "値": [format_value(v, u, m, h) for v, u, m, h in
              zip(facts["value"], facts["unit"], facts["metric"], facts["value_high"])],
        "期間": [format_period(p) for p in facts["period"]],
        "状態": [status_label(s) for s in facts["status"]],
        "情報源": facts["n_sources"].to_numpy(),
        "初出": facts["first_published"].to_numpy(),
        "最新": facts["last_published"].to_numpy(),
        "記載された値": [stated_values_text(s, m) for s, m in zip(facts["stated_as"], facts["metric"])],
        "食い違い": ["あり" if c else "" for c in facts["conflict_id"]],
        "根拠の文": [text.split("\n")[0] for text in facts["sentences"]],
        "記事": [titles.get(a, a) for a in first_article],
        LINK_COLUMN: [source_link(a, filters) for a in first_article],
        "fact_id": facts["fact_id"].to_numpy(),
        "数値": facts["value"].to_numpy(),
        "単位": facts["unit"].to_numpy(),
    })


def conflict_groups(facts: pd.DataFrame, articles: pd.DataFrame,
                    filters: Mapping[str, str | list[str]] | None = None) -> list[tuple[str, pd.DataFrame]]:
    """(heading, table) for each conflict: the values the sources give and which articles give each (links keeping
    `filters`)."""
    titles = dict(zip(articles["article_id"], articles["title"]))
    groups = []
    flagged = facts[facts["conflict_id"] != ""]
    for _, rows in flagged.groupby("conflict_id", sort=False):
        rows = rows.sort_values(["value", "fact_id"], kind="stable")
        first = rows.iloc[0]
        heading = (f"{company_label(first['company'])}・{metric_label(first['metric'])}・"
                   f"{format_period(first['period'])}（{status_label(first['status'])}）")
        table = pd.DataFrame({
            "値": [format_value(v, u, m, h) for v, u, m, h in
                  zip(rows["value"], rows["unit"], rows["metric"], rows["value_high"])],
            "情報源": rows["n_sources"].to_numpy(),
            "記事": ["／".join(titles.get(a, a) for a in ids.split("|")) for ids in rows["article_ids"]],
            "根拠の文": [text.split("\n")[0] for text in rows["sentences"]],
            LINK_COLUMN: [source_link(ids.split("|")[0], filters) for ids in rows["article_ids"]],
        })
        groups.append((heading, table))
    return groups


def corrections_table(corrections: pd.DataFrame) -> pd.DataFrame:
    """The users' corrections: what was done to which figure, when, by whom, and whether it still applies."""
    return pd.DataFrame({
        "操作": [ACTION_LABELS.get(a, a) for a in corrections["action"]],
        "変更": ["、".join(f"{label}: {value}" for label, value in
                         (("企業", c), ("指標", metric_label(m) if m else ""), ("区分", FRAME_LABELS.get(f, f)),
                          ("状態", status_label(s) if s else "")) if value)
               for c, m, f, s in zip(corrections["company"], corrections["metric"], corrections["frame"],
                                     corrections["status"])],
        "根拠の文": corrections["sentence"].to_numpy(),
        "日時": corrections["at"].to_numpy(),
        "担当": corrections["by"].to_numpy(),
        "適用": ["適用中" if applied else "該当する数値なし（記事が変わったか削除されました）"
               for applied in corrections["applied"]],
        LINK_COLUMN: [source_link(a) for a in corrections["article_id"]],
    })


def fact_date(period: str, first_published: str) -> date | None:
    """Where a fact sits on a timeline: the start of its period, else the date its first article appeared."""
    span = parse_period(period)
    if span is not None:
        return date(span.start // 12, span.start % 12 + 1, 1)
    return parse_published(first_published)


NARROW_TIMELINE_DAYS = 180  # a timeline spanning less than this gets a tick per month and some room each side
TIMELINE_PAD_MONTHS = 2


def timeline_rows(facts: pd.DataFrame, company: str) -> pd.DataFrame:
    """One company's actual facts in time order, with their place on the timeline and the value to plot
    (money as US dollars when `value_usd` is known, so rounds in yen and dollars share one axis)."""
    facts = facts.reset_index(drop=True)
    facts = facts.assign(position=range(len(facts)))  # where each fact is in `facts`, for a clicked point
    rows = facts[(facts["company"] == company) & (facts["status"].isin(["actual", ""]))
                 & facts["frame"].isin(list(FRAME_LABELS))].copy()  # counts of other things are no timeline
    rows["when"] = [fact_date(p, d) for p, d in zip(rows["period"], rows["first_published"])]
    rows = rows[rows["when"].notna()]
    money = ~rows["unit"].isin(["%", "count"])
    usd = rows["value_usd"].notna()
    rows["plot_value"] = rows["value"].where(~(money & usd), rows["value_usd"])
    rows["plot_unit"] = rows["unit"].where(~(money & usd), "USD")
    return rows[rows["unit"] != "%"].sort_values(["when", "frame", "metric", "fact_id"], kind="stable")


def timeline_chart(facts: pd.DataFrame, company: str, present: bool = False) -> go.Figure | None:
    """Rounds, valuations, revenue and users of one company over time: one panel per frame and unit."""
    rows = timeline_rows(facts, company)
    if rows.empty:
        return None
    # a point names the facts behind it: its own, then the others of its panel on the same date
    rows["evidence"] = _point_facts(rows)
    panels = list(dict.fromkeys(zip(rows["frame"], rows["plot_unit"])))
    first_metric: dict[tuple[str, str], str] = {}
    for frame, unit, metric in zip(rows["frame"], rows["plot_unit"], rows["metric"]):
        first_metric.setdefault((frame, unit), metric)  # the counter word of the panel's axis (人, 回, 社)
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[f"{FRAME_LABELS.get(f, f)}（{axis_unit(u, first_metric[(f, u)], 1)[1]}）"
                                        for f, u in panels])
    symbols = ("circle", "diamond", "square", "triangle-up", "x", "star")
    for panel, (frame, unit) in enumerate(panels, start=1):
        in_panel = rows[(rows["frame"] == frame) & (rows["plot_unit"] == unit)]
        divisor, axis_text = axis_unit(unit, str(in_panel["metric"].iloc[0]), float(in_panel["plot_value"].abs().max()))
        for index, (metric, points) in enumerate(in_panel.groupby("metric", sort=False)):
            hover = [html.escape(f"{format_period(p) if p else d}：{format_value(v, u, m, h)}（情報源 {n}件）")
                     for p, d, v, u, m, h, n in zip(points["period"], points["first_published"], points["value"],
                                                    points["unit"], points["metric"], points["value_high"],
                                                    points["n_sources"])]
            fig.add_trace(go.Scatter(
                x=list(points["when"]), y=list(points["plot_value"] / divisor), mode="lines+markers",
                name=html.escape(metric_label(metric)), legendgroup=metric,
                marker={"size": 14 if present else 10, "symbol": symbols[index % len(symbols)],
                        "color": company_color(company) if index == 0 else None},
                text=hover, hovertemplate="%{text}<extra></extra>", customdata=list(points["evidence"])),
                row=panel, col=1)
        fig.update_yaxes(title_text=axis_text, row=panel, col=1, rangemode="tozero")
    with_template(fig)
    fig.update_layout(
        title={"text": html.escape(f"{company} の推移（調達・評価額・売上・利用者）")},
        font={"family": FONT_FAMILY, "size": 22 if present else 14},
        height=(300 if present else 220) * len(panels) + 160,
        legend={"orientation": "h", "y": -0.12}, margin={"l": 80, "r": 40, "t": 110, "b": 80},
        separators=".,")
    fig.update_xaxes(tickformat="%Y年%-m月")
    first, last = min(rows["when"]), max(rows["when"])
    if (last - first).days < NARROW_TIMELINE_DAYS:
        # left to itself plotly puts day ticks on a short span, each labelled with its month: 1月, 1月, 1月
        fig.update_xaxes(dtick="M1", range=[_months_before(first, TIMELINE_PAD_MONTHS),
                                            _months_before(last, -TIMELINE_PAD_MONTHS)])
    return fig


def _months_before(day: date, months: int) -> str:
    """The first of the month `months` months before `day`'s month (after, when negative), as ISO text."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1).isoformat()


def _point_facts(rows: pd.DataFrame) -> list[str]:
    at_place: dict[tuple, list[int]] = {}
    for key, position in zip(zip(rows["when"], rows["frame"], rows["plot_unit"]), rows["position"]):
        at_place.setdefault(key, []).append(int(position))
    return [POSITION_SEPARATOR.join(str(p) for p in [own, *(o for o in at_place[key] if o != own)])
            for key, own in zip(zip(rows["when"], rows["frame"], rows["plot_unit"]), rows["position"])]


def view_facts(view: View) -> pd.DataFrame:
    """The corpus's facts that the current filters show: stated by a selected article, of a chosen company and
    period (a fact keeps every source it has in the whole corpus)."""
    facts = view.corpus.facts
    ids = set(view.articles["article_id"])
    keep = facts["article_ids"].map(lambda joined: not ids.isdisjoint(joined.split("|"))).astype("bool")
    state = view.state
    if state.company:
        keep &= facts["company"].isin(state.company)
    if state.period_from or state.period_to:
        start = parse_period(state.period_from) if state.period_from else None
        end = parse_period(state.period_to) if state.period_to else None
        keep &= facts["period"].map(lambda p: overlaps(p, start, end)).astype("bool")
    return facts[keep].reset_index(drop=True)
