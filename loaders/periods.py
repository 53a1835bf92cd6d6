"""Periods named in Japanese text: 2023年第4四半期 -> 2023Q4, 2025年3月期 -> FY2025, 6月 -> 2023-06 ..."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
KANJI_QUARTER = {"一": "1", "二": "2", "三": "3", "四": "4"}
QUARTER_OF_MONTHS = {(1, 3): 1, (4, 6): 2, (7, 9): 3, (10, 12): 4}
YEAR = r"(?P<year>20\d\d)"
NEAR_YEAR = r"(?P<rel>今年|本年|(?:昨年|去年)(?!度?比)|前年(?!度?比|同)|来年)"
FISCAL = r"(?P<fiscal>年度|会計年度)"


@dataclass(frozen=True)
class PeriodMention:
    """A period named in a text, with its span."""

    period: str
    start: int
    end: int


def _year_group(match: re.Match, reference_year: int | None) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    rel = groups.get("rel")
    if rel and reference_year:
        return reference_year + {"昨年": -1, "去年": -1, "前年": -1, "来年": 1}.get(rel, 0)
    return reference_year


def _quarter(value: str) -> str:
    return KANJI_QUARTER.get(value, value)


# (pattern, builder(match, year) -> period or None); the first pattern to claim a span wins.
def _fiscal_quarter(m, y):
    return f"FY{y}Q{_quarter(m['q'])}" if y else None


def _calendar_quarter(m, y):
    prefix = "FY" if m.groupdict().get("fiscal") else ""
    return f"{prefix}{y}Q{_quarter(m['q'])}" if y else None


def _month_range(m, y):
    quarter = QUARTER_OF_MONTHS.get((int(m["m1"]), int(m["m2"])))
    return f"{y}Q{quarter}" if y and quarter else None


def _half(m, y):
    half = "H1" if m["half"] in ("上半期", "上期", "前半", "H1") else "H2"
    prefix = "FY" if m.groupdict().get("fiscal") else ""
    return f"{prefix}{y}{half}" if y else None


def _month(m, y):
    month = int(m["month"])
    return f"{y}-{month:02d}" if y and 1 <= month <= 12 else None


_S = r"\s{0,3}"  # spaces inside a period expression (2024 年 3 月): bounded, see loaders/patterns.py
PATTERNS = [
    (re.compile(rf"(?:{YEAR}年|{NEAR_YEAR}){_S}\d{{1,2}}{_S}月期{_S}(?:の)?{_S}第{_S}(?P<q>[1-4一二三四]){_S}四半期"), _fiscal_quarter),
    (re.compile(rf"(?:{YEAR}|{NEAR_YEAR}){_S}(?:年{_S})?(?:{FISCAL})?{_S}(?:の)?{_S}第{_S}(?P<q>[1-4一二三四]){_S}四半期"), _calendar_quarter),
    (re.compile(rf"{YEAR}{_S}年?{_S}(?:第)?{_S}(?P<q>[1-4]){_S}Q"), None),
    (re.compile(rf"{YEAR}{_S}Q(?P<q>[1-4])"), None),
    (re.compile(rf"(?<![A-Za-z])Q(?P<q>[1-4]){_S}{YEAR}"), None),
    (re.compile(r"(?<![A-Za-z0-9])(?P<q>[1-4])Q(?![A-Za-z])"), None),
    (re.compile(rf"(?:{YEAR}年|{NEAR_YEAR}){_S}(?P<m1>\d{{1,2}}){_S}[~〜～\-－–]{_S}(?P<m2>\d{{1,2}}){_S}月期"), _month_range),
    (re.compile(rf"(?:{YEAR}年|{NEAR_YEAR}){_S}\d{{1,2}}{_S}月期"), lambda m, y: f"FY{y}" if y else None),
    (re.compile(rf"(?:{YEAR}|{NEAR_YEAR}){_S}(?:年{_S})?(?P<fiscal>年度|会計年度)?{_S}(?:の)?{_S}(?P<half>上半期|下半期|上期|下期|前半|後半|H1|H2)"), _half),
    (re.compile(rf"(?:FY|ＦＹ){_S}{YEAR}"), lambda m, y: f"FY{y}"),
    (re.compile(rf"{YEAR}{_S}(?:年度|会計年度)"), lambda m, y: f"FY{y}"),
    (re.compile(rf"(?:{YEAR}年|{NEAR_YEAR}){_S}(?P<month>\d{{1,2}}){_S}月(?!期)"), _month),
    (re.compile(rf"(?<![\d.年])(?P<month>\d{{1,2}}){_S}月(?![期間])"), _month),
    (re.compile(rf"{YEAR}{_S}年(?!{_S}\d{{1,2}}{_S}月)"), lambda m, y: str(y)),
    (re.compile(rf"{NEAR_YEAR}(?!{_S}\d{{1,2}}{_S}月)"), lambda m, y: str(y) if y else None),
]


def _quarter_shorthand(m: re.Match, y: int | None) -> str | None:
    return f"{y}Q{m['q']}" if y else None


def find_periods(text: str, reference_year: int | None = None) -> list[PeriodMention]:
    """Every period named in the text, in order, without overlaps."""
    text = text.translate(FULL_WIDTH)
    found: list[PeriodMention] = []
    for pattern, build in PATTERNS:
        build = build or _quarter_shorthand
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(p.start < end and start < p.end for p in found):
                continue
            period = build(match, _year_group(match, reference_year))
            if period:
                found.append(PeriodMention(period, start, end))
    return sorted(found, key=lambda p: p.start)


def reference_year(text: str) -> int | None:
    """The year an article speaks from: the year it names most often (the latest on a tie)."""
    years = Counter(int(y) for y in re.findall(r"(20\d\d)\s{0,3}年", text.translate(FULL_WIDTH)))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))
