"""Evidence in one click: a chart point back to its figure rows, the window around a number, the sentence link."""
import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard.charts import change_chart, figure_value_chart
from dashboard.evidence import (
    ELLIPSIS,
    card_html,
    chosen_positions,
    evidence_params,
    evidence_window,
    fact_figure_rows,
    parse_sentence_mark,
    point_customdata,
    rows_at,
    selected_positions,
    sentence_mark,
)
from dashboard.fact_tables import fact_date, timeline_chart, timeline_rows
from dashboard.formatting import FxRates, format_value, metric_label, with_display_values
from dashboard.highlight import article_html
from dashboard.tables import figures_table
from loaders import load_corpus
from loaders.frames import ARTICLE_COLUMNS, FIGURE_COLUMNS, SENTENCE_COLUMNS, frame_from_rows

RATES = FxRates({"USD": 1.0, "CNY": 8.0}, "2025-01-01")
LONG = ("生成AIの市場が急速に広がるなか、同社は海外の投資家や国内の事業会社を含む多数の出資者から、"
        "2024年末までに総額350億円を調達したと、関係者への取材で明らかになった。")

# (sentence, surface, width, expected window)
WINDOWS = (
    ("短い文の3億ドル。", "3億ドル", 48, "短い文の3億ドル。"),  # short enough: the whole sentence
    (LONG, "350億円", 20, "…24年末までに総額350億円を調達したと…"),  # cut on both sides, the number inside
    (LONG, "生成AI", 10, "生成AIの市場が急速…"),  # at the start: nothing cut before it
    ("あ" * 40 + "売上は9億ドル", "9億ドル", 12, "…あああああ売上は9億ドル"),  # at the end: the room goes to the left
    (LONG, "存在しない", 10, LONG[:10] + ELLIPSIS),  # surface not in the sentence: its start
    ("ab" * 20, "", 10, "abababab" + "ab" + ELLIPSIS),  # no surface
    ("", "3億ドル", 10, ""),
)


@pytest.mark.parametrize(("sentence", "surface", "width", "expected"), WINDOWS)
def test_window_shows_the_number(sentence, surface, width, expected):
    window = evidence_window(sentence, surface, width)
    assert window == expected
    assert len(window.strip(ELLIPSIS)) <= max(width, len(surface))
    if surface and surface in sentence:
        assert surface in window


@pytest.mark.parametrize("start", range(0, len(LONG) - 6, 7))
def test_the_number_is_visible_wherever_it_stands(start):
    surface = LONG[start:start + 6]
    window = evidence_window(LONG, surface, 24)
    assert surface in window and len(window.strip(ELLIPSIS)) == 24


# (company, metric, value, unit, period, change_pct, surface, sentence)
CROWDED = (
    ("OpenAI", "visits_change", -9.7, "%", "2023-06", -9.7, "9.7%減", "6月の訪問数は9.7%減"),
    ("OpenAI", "visits_change", -15.0, "%", "2023-06", -15.0, "15%減", "米国では15%減"),
    ("OpenAI", "visits_change", -4.0, "%", "2023-06", -4.0, "4%減", "モバイルは4%減"),
    ("OpenAI", "visits_change", -4.0, "%", "2023-06", -4.0, "4%減", "別の記事でもモバイルは4%減"),
    ("OpenAI", "visits_change", 3.0, "%", "2023-05", 3.0, "3%増", "5月は3%増"),
    ("Anthropic", "visits_change", 8.0, "%", "2023-06", 8.0, "8%増", "Claudeは8%増"),
)


def crowded() -> pd.DataFrame:
    rows = frame_from_rows([{"article_id": f"a{i}", "frame": "traffic", "company": c, "metric": m, "value": v,
                             "unit": u, "period": p, "change_pct": ch, "surface": f, "sentence": s,
                             "value_high": math.nan, "paragraph": i, "sentence_index": 0}
                            for i, (c, m, v, u, p, ch, f, s) in enumerate(CROWDED)], FIGURE_COLUMNS)
    return with_display_values(rows, "native", RATES)


def test_customdata_names_every_row_at_a_place_its_own_value_first():
    data = point_customdata(crowded(), ("company", "period"), ("display_value",))
    assert data == ["0,1,2,3", "1,0,2,3", "2,3,0,1", "2,3,0,1", "4", "5"]


def clicked(fig, value):
    """The selection a click on the drawn point with this value gives (as Streamlit hands it over)."""
    for number, trace in enumerate(fig.data):
        ys = list(trace.y if trace.orientation != "h" else trace.x)
        for index, y in enumerate(ys):
            if y == pytest.approx(value):
                return [{"curve_number": number, "point_index": index, "customdata": trace.customdata[index]}]
    raise AssertionError(f"no point with value {value}")


# (value clicked, sentences shown, first the clicked value's own)
CLICKS = (
    (-9.7, ["6月の訪問数は9.7%減", "米国では15%減", "モバイルは4%減", "別の記事でもモバイルは4%減"]),
    (-4.0, ["モバイルは4%減", "別の記事でもモバイルは4%減", "6月の訪問数は9.7%減", "米国では15%減"]),  # a diamond
    (3.0, ["5月は3%増"]),
    (8.0, ["Claudeは8%増"]),
)


@pytest.mark.parametrize(("value", "sentences"), CLICKS)
def test_a_click_on_a_value_chart_reaches_every_value_at_its_point(value, sentences):
    rows = crowded()
    fig = figure_value_chart(rows)
    assert list(rows_at(rows, selected_positions(clicked(fig, value)))["sentence"]) == sentences


def test_a_click_on_a_change_reaches_its_repeats():
    rows = crowded()
    fig = change_chart(rows)
    assert list(rows_at(rows, selected_positions(clicked(fig, -4.0)))["sentence"]) == [
        "モバイルは4%減", "別の記事でもモバイルは4%減"]


# (selection event as st.plotly_chart returns it, positions)
EVENTS = (
    (None, []),
    ({"selection": {"points": [], "point_indices": [], "box": [], "lasso": []}}, []),
    ({"selection": {"points": [{"customdata": "3,1"}, {"customdata": ["1,4"]}]}}, [3, 1, 4]),
)


@pytest.mark.parametrize(("event", "positions"), EVENTS)
def test_a_selection_event_gives_the_positions_of_its_points(event, positions):
    assert chosen_positions(event) == positions


def test_points_of_other_charts_and_stray_positions_are_ignored():
    points = [{"customdata": "2,0"}, {"customdata": ["0,5"]}, {"x": 1}, {"customdata": 7}, {"customdata": "x,-1"}]
    assert selected_positions(points) == [2, 0, 5]
    assert list(rows_at(crowded(), [5, 99, -1])["company"]) == ["Anthropic"]


# (mark text, parsed)
MARKS = (("3-1", (3, 1)), (" 12-0 ", (12, 0)), ("3", None), ("a-1", None), ("-1-2", None), ("３-１", None),
         ("", None), (None, None))


@pytest.mark.parametrize(("text", "parsed"), MARKS)
def test_sentence_marks_parse(text, parsed):
    assert parse_sentence_mark(text) == parsed


def test_the_link_keeps_the_filters_and_names_the_sentence():
    params = evidence_params({"company": ["OpenAI"], "article": ["a1", "a2"], "currency": "usd"}, "a2", 4, 1)
    assert params == {"company": ["OpenAI"], "currency": "usd", "article": ["a2"], "sentence": "4-1"}
    assert parse_sentence_mark(params["sentence"]) == (4, 1) and sentence_mark(4, 1) == "4-1"


def test_the_evidence_cell_is_a_window_and_the_csv_keeps_the_sentence():
    rows = frame_from_rows([{"article_id": "a1", "frame": "funding", "company": "X", "metric": "raised",
                             "value": 3.5e10, "unit": "JPY", "period": "2024", "surface": "350億円",
                             "sentence": LONG, "value_high": math.nan}], FIGURE_COLUMNS)
    articles = frame_from_rows([{"article_id": "a1", "title": "記事"}], ARTICLE_COLUMNS)
    table = figures_table(with_display_values(rows, "native", RATES), articles, "native")
    cell = table.loc[0, "根拠の文"]
    assert "350億円" in cell and cell.startswith(ELLIPSIS) and len(cell) < len(LONG)
    assert table.loc[0, "根拠の文（全文）"] == LONG


HOSTILE = '<b>太字</b>の<a href="https://example.com">会社</a>は<script>alert(1)</script>3億ドルを調達'


def hostile_row() -> pd.Series:
    rows = frame_from_rows([{"article_id": "a1", "frame": "funding", "company": "<i>Co</i>", "metric": "raised",
                             "value": 3e8, "unit": "USD", "period": "2024", "surface": "3億ドル",
                             "sentence": HOSTILE, "value_high": math.nan, "paragraph": 2, "sentence_index": 1}],
                           FIGURE_COLUMNS)
    return with_display_values(rows, "native", RATES).iloc[0]


# (article facts, source line shown)
SOURCES = (
    ({"title": "<b>見出し</b>", "publisher": "note", "published": "2024-05-01"}, "&lt;b&gt;見出し&lt;/b&gt;｜note｜2024-05-01"),
    ({"title": "見出し", "publisher": "", "published": ""}, "見出し｜発行元不明｜日付不明"),
    (None, "a1｜発行元不明｜日付不明"),
)


@pytest.mark.parametrize(("article", "source"), SOURCES)
def test_an_evidence_card_is_text_with_the_number_marked(article, source):
    card = card_html(hostile_row(), article)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card and "&lt;i&gt;Co&lt;/i&gt;" in card
    for tag in ("<b>", "<a ", "<script", "<i>"):
        assert tag not in card
    assert '<mark class="kj-figure">3億ドル</mark>' in card
    assert f"&lt;i&gt;Co&lt;/i&gt;・{metric_label('raised')}・2024年：3億ドル" in card  # company・metric・period：value
    assert "raised" not in card
    assert source in card


def sentence_frame(texts) -> pd.DataFrame:
    return frame_from_rows([{"article_id": "a1", "paragraph": p, "sentence_index": i, "text": t, "heading": ""}
                            for p, i, t in texts], SENTENCE_COLUMNS)


def test_the_linked_sentence_is_marked_and_only_it():
    sentences = sentence_frame(((0, 0, "前の文。"), (2, 0, "同じ段落の文。"), (2, 1, HOSTILE)))
    page = article_html(sentences, hostile_row().to_frame().T, [], evidence=(2, 1))
    assert page.count('id="kj-evidence"') == 1
    marked = page.split('id="kj-evidence" class="kj-evidence">')[1].split("</span>")[0]
    assert "3億ドル" in marked and "同じ段落" not in marked and "<script" not in page
    assert 'id="kj-evidence"' not in article_html(sentences, hostile_row().to_frame().T, [])


FACT_ARTICLES = Path(__file__).resolve().parent / "data" / "facts" / "articles"


@pytest.fixture(scope="module")
def fact_corpus():
    return load_corpus(FACT_ARTICLES)


def test_every_fact_reaches_the_rows_that_state_it(fact_corpus):
    facts, figures = fact_corpus.facts, fact_corpus.figures
    assert len(facts) > 5
    for position in range(len(facts)):
        fact = facts.iloc[position]
        rows = fact_figure_rows(facts.iloc[[position]], figures)
        assert len(rows) == fact["n_rows"], fact["fact_id"]
        assert set(rows["article_id"]) == set(fact["article_ids"].split("|"))
        assert set(rows["sentence"]) == set(fact["sentences"].split("\n"))


def test_a_timeline_point_names_its_fact_first_and_the_others_of_its_date(fact_corpus):
    facts = fact_corpus.facts
    company = facts["company"].value_counts().index[0]
    fig = timeline_chart(facts, company)
    points = [(trace, index) for trace in fig.data for index in range(len(trace.x))]
    assert len(points) == len(timeline_rows(facts, company))
    for trace, index in points:
        named = rows_at(facts, selected_positions([{"customdata": trace.customdata[index]}]))
        own = named.iloc[0]
        assert set(named["company"]) == {company}
        assert format_value(own["value"], own["unit"], own["metric"], own["value_high"]) in trace.text[index]
        assert {fact_date(p, d) for p, d in zip(named["period"], named["first_published"])} == {
            fact_date(own["period"], own["first_published"])}
