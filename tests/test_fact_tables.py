"""The ファクト page's pure builders: fact and conflict tables, corrections, a company's timeline."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.fact_tables import (
    conflict_groups,
    corrections_table,
    fact_date,
    facts_table,
    stated_values_text,
    timeline_chart,
    timeline_rows,
)
from loaders.corrections import CORRECTION_COLUMNS
from loaders.facts import FACT_COLUMNS
from loaders.frames import frame_from_rows

ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["記事A", "記事<b>B</b>", "記事C"]})


def fact(fact_id, company, metric, value, unit, period="", first="", n=1, ids="a", conflict="", frame="funding",
         status="actual", usd=None, stated=None):
    return {"fact_id": fact_id, "frame": frame, "company": company, "metric": metric, "period": period,
            "status": status, "value": value, "value_high": None, "unit": unit,
            "value_usd": usd if usd is not None else (value if unit == "USD" else None), "change_pct": None,
            "n_sources": n, "n_rows": n, "article_ids": ids, "first_published": first, "last_published": first,
            "stated_as": stated or f"{value:.15g} {unit}", "sentences": f"{company}の{metric}は…", "conflict_id": conflict}


FACTS = frame_from_rows([
    fact("F1", "Mistral AI", "raised", 6e8, "EUR", period="2024-06", usd=6.5e8),
    fact("F2", "Mistral AI", "raised", 1.05e8, "EUR", period="2023-06", usd=1.14e8),
    fact("F3", "Mistral AI", "raised", 3.85e8, "EUR", period="2023-12", usd=4.2e8),
    fact("F4", "Mistral AI", "raised", 6e8, "EUR", first="2024-08-20", usd=6.5e8, ids="b"),
    fact("F5", "Mistral AI", "users", 1e6, "count", period="2024", frame="traffic"),
    fact("F6", "Mistral AI", "revenue_growth", 40.0, "%", period="2024", frame="revenue"),
    fact("F7", "Mistral AI", "raised", 2e9, "EUR", period="2025", status="in_talks"),
    fact("F8", "Mistral AI", "raised", 1e8, "EUR"),  # neither period nor date: not on a timeline
    fact("F9", "Cohere", "valuation", 5.5e9, "USD", first="2024-07-23", n=2, ids="a|b", conflict="C1",
         stated="5500000000 USD|830000000000 JPY"),
    fact("F10", "Cohere", "valuation", 6e9, "USD", first="2024-08-02", ids="c", conflict="C1"),
], FACT_COLUMNS)


def test_timeline_puts_a_companys_actual_facts_in_time_order():
    rows = timeline_rows(FACTS, "Mistral AI")
    assert list(rows["fact_id"]) == ["F2", "F3", "F5", "F1", "F4"]  # in talks, percentages, undated: left out
    assert list(rows["when"]) == [date(2023, 6, 1), date(2023, 12, 1), date(2024, 1, 1), date(2024, 6, 1),
                                  date(2024, 8, 20)]
    assert set(rows.loc[rows["frame"] == "funding", "plot_unit"]) == {"USD"}  # converted: one axis for all rounds


def test_timeline_chart_has_a_panel_per_frame_and_escapes_text():
    fig = timeline_chart(FACTS, "Mistral AI")
    titles = [annotation.text for annotation in fig.layout.annotations]
    assert titles == ["資金調達（ドル）", "トラフィック（人）"]
    funding = next(trace for trace in fig.data if trace.name == "調達額")
    assert len(funding.x) == 4 and list(funding.x) == sorted(funding.x)
    assert "Mistral AI" in fig.layout.title.text
    assert timeline_chart(FACTS, "nobody") is None


def test_timeline_chart_has_the_white_look_whatever_the_default_template(monkeypatch):
    import plotly.io as pio

    monkeypatch.setattr(pio.templates, "default", "plotly")
    assert timeline_chart(FACTS, "Mistral AI").layout.template == pio.templates["plotly_white"]


@pytest.mark.parametrize(("period", "published", "expected"), [
    ("2023Q3", "", date(2023, 7, 1)), ("2024H2", "2024-01-05", date(2024, 7, 1)), ("", "2024-08-20", date(2024, 8, 20)),
    ("", "", None), ("FY2025", "", date(2025, 1, 1)),
])
def test_fact_date(period, published, expected):
    assert fact_date(period, published) == expected


@pytest.mark.parametrize(("stated", "metric", "expected"), [
    ("5500000000 USD|830000000000 JPY", "valuation", "55億ドル／8,300億円"),
    ("2000000-14000000 USD", "raised", "200万〜1,400万ドル"),
    ("-9.7 %", "visits_change", "-9.7%"),
    ("1000000 count", "users", "100万人"),
])
def test_stated_values_text(stated, metric, expected):
    assert stated_values_text(stated, metric) == expected


def test_facts_table_shows_sources_and_conflicts():
    table = facts_table(FACTS, ARTICLES)
    cohere = table[table["fact_id"] == "F9"].iloc[0]
    assert (cohere["情報源"], cohere["食い違い"], cohere["記載された値"]) == (2, "あり", "55億ドル／8,300億円")
    assert cohere["記事"] == "記事A" and cohere["本文"] == "sources?article=a"
    assert table[table["fact_id"] == "F7"].iloc[0]["状態"] == "交渉中"


def test_conflict_groups_list_each_value_with_its_sources():
    [(heading, table)] = conflict_groups(FACTS, ARTICLES)
    assert heading == "Cohere・評価額・期間不明（実績）"
    assert list(table["値"]) == ["55億ドル", "60億ドル"]
    assert list(table["記事"]) == ["記事A／記事<b>B</b>", "記事C"]  # text as text: st.dataframe shows it literally


def test_corrections_table():
    corrections = frame_from_rows([
        {"article_id": "a", "sentence": "s", "value": 1.0, "unit": "USD", "action": "set", "company": "ELYZA",
         "metric": "revenue", "at": "2026-12-01T10:00:00Z", "by": "kim", "applied": True},
        {"article_id": "b", "sentence": "t", "value": 2.0, "unit": "USD", "action": "wrong", "applied": False},
    ], CORRECTION_COLUMNS)
    table = corrections_table(corrections)
    assert list(table["操作"]) == ["修正", "誤り（数値ではない）"]
    assert table["変更"].iloc[0] == "企業: ELYZA、指標: 売上高"
    assert table["適用"].iloc[1].startswith("該当する数値なし")


def test_timeline_hover_and_title_show_article_text_as_text():
    evil = frame_from_rows([fact("F1", "<b>Evil</b>", "raised", 1e8, "USD", period="2024")], FACT_COLUMNS)
    fig = timeline_chart(evil, "<b>Evil</b>")
    assert "&lt;b&gt;Evil&lt;/b&gt;" in fig.layout.title.text
    assert all("<b>" not in text for trace in fig.data for text in trace.text)


@pytest.mark.parametrize("filters, expected", [
    (None, "sources?article=a"),
    ({}, "sources?article=a"),
    ({"company": ["Cohere"], "currency": "usd"}, "sources?company=Cohere&currency=usd&article=a"),
    ({"article": ["zzz"], "theme": ["funding"]}, "sources?theme=funding&article=a"),  # the link's own article wins
])
def test_fact_and_conflict_links_keep_the_readers_filters(filters, expected):
    facts = facts_table(FACTS, ARTICLES, filters)
    assert facts[facts["fact_id"] == "F9"].iloc[0]["本文"] == expected
    [(_, conflict)] = conflict_groups(FACTS, ARTICLES, filters)
    assert conflict.iloc[0]["本文"] == expected


def test_timeline_keeps_only_the_three_frames_and_the_table_names_the_others():
    facts = frame_from_rows([fact("G1", "BAAI", "count", 1e12, "count", period="2020", frame=""),
                             fact("G2", "BAAI", "raised", 1e8, "USD", period="2021-03")], FACT_COLUMNS)
    assert list(timeline_rows(facts, "BAAI")["fact_id"]) == ["G2"]
    assert list(facts_table(facts, ARTICLES)["区分"]) == ["その他", "資金調達"]


# (periods of one company's facts, the x axis's dtick and range: a tick per month on a short span, with room)
@pytest.mark.parametrize(("periods", "dtick", "x_range"), [
    (["2020-01"], "M1", ("2019-11-01", "2020-03-01")),
    (["2024-11", "2025-02"], "M1", ("2024-09-01", "2025-04-01")),
    (["2023-06", "2024-06"], None, None),
])
def test_a_short_timeline_gets_a_tick_per_month_and_room_each_side(periods, dtick, x_range):
    facts = frame_from_rows([fact(f"H{i}", "Acme", "raised", 1e8 * (i + 1), "USD", period=p)
                             for i, p in enumerate(periods)], FACT_COLUMNS)
    axis = timeline_chart(facts, "Acme").layout.xaxis
    assert axis.dtick == dtick
    assert (tuple(axis.range) if axis.range else None) == x_range
