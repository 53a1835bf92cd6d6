"""Display strings and units: Japanese number style, periods, USD equivalents."""
import math

import pandas as pd
import pytest

from dashboard.formatting import (
    FxRates,
    axis_title,
    escape_markdown,
    format_amount,
    format_money,
    format_percent,
    format_period,
    format_value,
    load_fx_rates,
    with_display_values,
)
from dashboard.periods import PeriodSpan, overlaps, parse_period, period_sort_key
from loaders.frames import FIGURE_COLUMNS, frame_from_rows

# (value, currency, expected)
MONEY = (
    (113_600_000_000, "USD", "1,136億ドル"),
    (350_000_000, "USD", "3.5億ドル"),
    (2_000_000_000, "USD", "20億ドル"),
    (62_020_000_000, "USD", "620.2億ドル"),
    (168_090_000_000, "USD", "1,680.9億ドル"),
    (2_500_000_000_000, "JPY", "2.5兆円"),
    (2_500_000_000, "CNY", "25億元"),
    (1_200_000_000, "EUR", "12億ユーロ"),
    (15_000_000, "JPY", "1,500万円"),
    (5_000, "USD", "5,000ドル"),
    (-5_400_000_000, "USD", "-54億ドル"),
    (99_999_999, "USD", "1億ドル"),  # rounding carries into the next unit
    (300_000_000, "XYZ", "3億 XYZ"),  # a code without a Japanese word is kept
)

# (value, unit, metric, expected)
VALUES = (
    (12.5, "%", "revenue_share", "12.5%"),
    (-9.7, "%", "visits_change", "-9.7%"),
    (38.0, "%", "", "38%"),
    (1_900_000_000, "count", "", "19億"),
    (1_900_000_000, "count", "visits", "19億回"),
    (19_000_000, "count", "users", "1,900万人"),
    (33_420_000, "count", "questions", "3,342万件"),
    (1_000, "count", "customers", "1,000社"),
    (113_600_000_000, "USD", "revenue", "1,136億ドル"),
)

# (period, expected label)
PERIOD_LABELS = (
    ("2023", "2023年"),
    ("2023Q4", "2023年Q4"),
    ("2023H1", "2023年上期"),
    ("2023H2", "2023年下期"),
    ("2023-06", "2023年6月"),
    ("FY2024", "2024年度"),
    ("FY2026Q2", "2026年度Q2"),
    ("", "期間不明"),
    ("来年", "来年"),
)

# (period, expected span in months since year 0, or None)
PERIOD_SPANS = (
    ("2023", PeriodSpan(2023 * 12, 2023 * 12 + 11)),
    ("2023Q4", PeriodSpan(2023 * 12 + 9, 2023 * 12 + 11)),
    ("2023H2", PeriodSpan(2023 * 12 + 6, 2023 * 12 + 11)),
    ("2023-06", PeriodSpan(2023 * 12 + 5, 2023 * 12 + 5)),
    ("fy2024", PeriodSpan(2024 * 12, 2024 * 12 + 11)),
    ("2023-13", None),
    ("2023Q5", None),
    ("FY2023-06", None),
    ("23", None),
    ("", None),
)

# (period, from, to, overlaps)
OVERLAPS = (
    ("2023Q4", "2023", "2023", True),
    ("2023-06", "2023H1", "", True),
    ("2023-07", "2023H1", "", True),  # open end
    ("2023-07", "", "2023H1", False),
    ("2022", "2023", "", False),
    ("2023", "2023-12", "2024", True),  # a year overlaps its last month
    ("", "2023", "", False),  # a figure without a period cannot be placed
)


@pytest.mark.parametrize(("value", "currency", "expected"), MONEY)
def test_money_is_written_in_japanese_units(value, currency, expected):
    assert format_money(value, currency) == expected


@pytest.mark.parametrize(("value", "unit", "metric", "expected"), VALUES)
def test_values_take_their_unit_and_counter(value, unit, metric, expected):
    assert format_value(value, unit, metric) == expected


def test_a_range_is_written_low_to_high():
    assert format_value(2_000_000, "USD", "raised", 14_000_000) == "200万〜1,400万ドル"


@pytest.mark.parametrize(("value", "signed", "expected"), (
    (17.6, True, "+17.6%"), (-13.5, True, "-13.5%"), (0.0, True, "0%"), (12.5, False, "12.5%"),
))
def test_percentages(value, signed, expected):
    assert format_percent(value, signed) == expected


@pytest.mark.parametrize("missing", (None, math.nan, pd.NA))
def test_missing_values_are_blank(missing):
    assert format_amount(missing) == format_money(missing, "USD") == format_percent(missing) == ""


@pytest.mark.parametrize(("period", "expected"), PERIOD_LABELS)
def test_period_labels(period, expected):
    assert format_period(period) == expected


@pytest.mark.parametrize(("period", "expected"), PERIOD_SPANS)
def test_period_spans(period, expected):
    assert parse_period(period) == expected


@pytest.mark.parametrize(("period", "start", "end", "expected"), OVERLAPS)
def test_period_overlap(period, start, end, expected):
    assert overlaps(period, parse_period(start) if start else None, parse_period(end) if end else None) is expected


def test_periods_sort_chronologically_with_unknown_last():
    periods = ["2023Q4", "", "2022", "2023-06", "2023", "2023H1"]
    assert sorted(periods, key=period_sort_key) == ["2022", "2023", "2023H1", "2023-06", "2023Q4", ""]


@pytest.mark.parametrize(("metric", "unit", "magnitude", "expected"), (
    ("revenue", "USD", 1.1e11, "売上高（億ドル）"),
    ("raised", "JPY", 3e12, "調達額（兆円）"),
    ("users", "count", 1.9e7, "ユーザー数（万人）"),
    ("visits", "count", 1.9e9, "訪問数（億回）"),
    ("revenue_share", "%", 38, "売上構成比（%）"),
))
def test_axis_titles_carry_their_unit(metric, unit, magnitude, expected):
    assert axis_title(metric, unit, magnitude) == expected


def test_rates_file_has_a_date_and_converts_to_usd():
    rates = load_fx_rates()
    assert rates.as_of and rates.as_of in rates.caption()
    assert rates.to_usd(100.0, "USD") == 100.0
    assert rates.to_usd(rates.units_per_usd["JPY"] * 10, "JPY") == pytest.approx(10.0)
    assert rates.to_usd(1.0, "XYZ") is None


def test_a_bad_rate_is_refused(tmp_path):
    path = tmp_path / "fx.toml"
    path.write_text('as_of = 2025-01-01\n[units_per_usd]\nJPY = 0\n', encoding="utf-8")
    with pytest.raises(ValueError, match="JPY"):
        load_fx_rates(path)


RATES = FxRates({"USD": 1.0, "CNY": 8.0, "JPY": 100.0}, "2025-01-01")
# (value, value_high, unit, mode, expected display value, expected display unit)
CONVERSIONS = (
    (8e9, math.nan, "CNY", "usd", 1e9, "USD"),
    (8e9, math.nan, "CNY", "native", 8e9, "CNY"),
    (2e8, 4e8, "JPY", "usd", 2e6, "USD"),
    (5e8, math.nan, "USD", "usd", 5e8, "USD"),
    (12.5, math.nan, "%", "usd", 12.5, "%"),  # percentages and counts are never converted
    (1.9e9, math.nan, "count", "usd", 1.9e9, "count"),
    (3e8, math.nan, "KRW", "usd", 3e8, "KRW"),  # no rate: kept in its own currency
)


@pytest.mark.parametrize(("value", "high", "unit", "mode", "expected", "expected_unit"), CONVERSIONS)
def test_display_values_convert_money_only(value, high, unit, mode, expected, expected_unit):
    figures = frame_from_rows([{"article_id": "a", "frame": "funding", "metric": "raised", "value": value,
                                "value_high": high, "unit": unit}], FIGURE_COLUMNS)
    row = with_display_values(figures, mode, RATES).iloc[0]
    assert row["display_value"] == pytest.approx(expected)
    assert row["display_unit"] == expected_unit
    assert bool(row["converted"]) is (expected_unit != unit)
    if not math.isnan(high) and row["converted"]:
        assert row["display_value_high"] == pytest.approx(high / RATES.units_per_usd[unit])
    assert figures.loc[0, "value"] == value  # the input frame is left alone


@pytest.mark.parametrize(("text", "expected"), (
    ("OpenAI", "OpenAI"),
    ("**太字**", "\\*\\*太字\\*\\*"),
    ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ("a" * 100, "a" * 79 + "…"),
))
def test_markdown_is_escaped_and_shortened(text, expected):
    assert escape_markdown(text) == expected
