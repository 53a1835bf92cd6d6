"""Evidence in one click: a chart point back to its figure rows, the window around a number, the sentence link."""
import math

import pandas as pd
import pytest

from dashboard.charts import change_chart, figure_value_chart
from dashboard.evidence import (
    ELLIPSIS,
    evidence_params,
    evidence_window,
    parse_sentence_mark,
    point_customdata,
    rows_at,
    selected_positions,
    sentence_mark,
)
from dashboard.formatting import FxRates, with_display_values
from dashboard.tables import figures_table
from loaders.frames import ARTICLE_COLUMNS, FIGURE_COLUMNS, frame_from_rows

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
