"""Periods named in text -> 2023, 2023Q4, 2023H1, 2023-06, FY2025, FY2025Q2."""
from __future__ import annotations

import pytest

from loaders.periods import find_periods, reference_year

# (text, reference year, periods found in order)
PERIODS = (
    ("2023年第4四半期:", 2023, ["2023Q4"]),
    ("2023年通期:", 2023, ["2023"]),
    ("2025年3月期の売上高", 2025, ["FY2025"]),
    ("2026年3月期第2四半期", 2025, ["FY2026Q2"]),
    ("2024年度の設備投資", 2024, ["FY2024"]),
    ("2024年度上期", 2024, ["FY2024H1"]),
    ("2023年度第3四半期", 2023, ["FY2023Q3"]),
    ("FY2024の売上", 2024, ["FY2024"]),
    ("2023年上半期に", 2023, ["2023H1"]),
    ("2023年下期", 2023, ["2023H2"]),
    ("このうち、6月は9.7%減、7月は9.6%減", 2023, ["2023-06", "2023-07"]),
    ("今年第2四半期には", 2023, ["2023Q2"]),
    ("昨年11月末に", 2023, ["2022-11"]),
    ("2024年1～3月期", 2024, ["2024Q1"]),
    ("Q3 2024の決算", 2024, ["2024Q3"]),
    ("２０２３年６月", 2023, ["2023-06"]),
    ("3か月連続で減少", 2023, []),
    ("前年比17.6%増", 2023, []),
    ("6月は", None, []),
)


@pytest.mark.parametrize("text, year, expected", PERIODS)
def test_find_periods(text, year, expected):
    assert [p.period for p in find_periods(text, year)] == expected


def test_spans_point_into_the_text():
    text = "売上高は2023年第4四半期に増えた"
    (period,) = find_periods(text)
    assert text[period.start:period.end] == "2023年第4四半期"


@pytest.mark.parametrize(
    "text, year",
    (
        ("2023年5月末時点で。2023年7月の時点で。2022年の10.4%から", 2023),
        ("2030年に市場は拡大する。2024年に発表。2024年の売上", 2024),
        ("年の記載なし", None),
    ),
)
def test_reference_year_is_the_year_named_most(text, year):
    assert reference_year(text) == year
