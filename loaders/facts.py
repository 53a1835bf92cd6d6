"""Figure rows from many articles -> facts: one row per thing stated, with its sources and its conflicts.

The same funding round is reported by ten articles, some in yen, some in dollars. A fact gathers the figure rows
that state the same thing:

1. Rows are grouped by (frame, company, metric, status); nothing from two groups is ever merged.
2. Inside a group, rows are taken in order of their article's `published` date (undated last), then article and
   position, and each joins the first fact it agrees with, else starts a new one. A row agrees with a fact when
   its value is within `same_unit_tolerance` of the fact's first value in the same unit (ranges: both ends), or,
   in another currency, within `currency_tolerance` once both are converted to dollars at the rates of their own
   years (fx_rates.toml). Percentages agree within `percent_tolerance` points.
3. Periods: a row whose period differs from the fact's never joins it; with the same period the dates do not
   matter. When either has no period (one article says 「22日に発表」, the next only 「5億ドルを調達」), the row
   joins only if its article was published within `window_days` of the fact's first article; an undated row
   joins only facts of its own article (its date cannot show it is the same report). A fact takes the period of
   the first of its rows that has one.
4. Facts of one company and a `single_valued` metric (facts.toml) in one group whose values disagree, stated by
   different articles — the same period, or no period on one side and dates within the window — form a
   conflict: each gets the same `conflict_id`. Two values in one article are two things it tells apart
   (segments, before and after).

The result is deterministic: the same rows give the same facts, ids and order.
"""
from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import pandas as pd

from loaders.datafiles import DataFileError, data_path, is_word_list, read_toml
from loaders.frames import frame_from_rows
from loaders.fx import FxTable

FACTS_FILE = "facts.toml"
GROUP_KEY = ("frame", "company", "metric", "status")
PERCENT = "%"
COUNT = "count"

FACT_COLUMNS = {
    "fact_id": "string",
    "frame": "string",
    "company": "string",
    "metric": "string",
    "period": "string",
    "status": "string",
    "value": "float64",
    "value_high": "float64",
    "unit": "string",
    "value_usd": "float64",
    "change_pct": "float64",
    "n_sources": "int64",
    "n_rows": "int64",
    "article_ids": "string",
    "first_published": "string",
    "last_published": "string",
    "stated_as": "string",
    "sentences": "string",
    "conflict_id": "string",
}

_YEAR = re.compile(r"(?:FY)?(\d{4})")


@dataclass(frozen=True)
class FactRules:
    """Tolerances and the merge window, read from facts.toml."""

    same_unit_tolerance: float = 0.01
    percent_tolerance: float = 0.05
    currency_tolerance: float = 0.08
    window_days: int = 45
    single_valued: frozenset[str] = frozenset()


def load_fact_rules(data_dir: str | Path | None = None) -> FactRules:
    """Read facts.toml; a missing or mistyped setting raises DataFileError naming the file."""
    path = data_path(FACTS_FILE, data_dir)
    raw = read_toml(path)
    numbers = {}
    for name in ("same_unit_tolerance", "percent_tolerance", "currency_tolerance", "window_days"):
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise DataFileError(f"{path}: {name} must be a number ≥ 0 (got {value!r})")
        numbers[name] = value
    single = raw.get("single_valued", [])
    if not is_word_list(single):
        raise DataFileError(f"{path}: single_valued must be a list of metric names")
    return FactRules(float(numbers["same_unit_tolerance"]), float(numbers["percent_tolerance"]),
                     float(numbers["currency_tolerance"]), int(numbers["window_days"]), frozenset(single))


def parse_published(text: str) -> date | None:
    """An ISO `YYYY-MM-DD` or `YYYY-MM` date (the first of the month), else None."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", (text or "").strip()[:10])
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        return None


@dataclass
class _Row:
    key: tuple[str, ...]
    period: str
    article_id: str
    value: float
    value_high: float | None
    unit: str
    change_pct: float | None
    sentence: str
    published: date | None
    year: int | None


@dataclass
class _Fact:
    """The rows of one fact, with what joining and conflicts ask of it kept up to date as rows are added."""

    key: tuple[str, ...]
    rows: list[_Row] = field(default_factory=list)
    period: str = ""  # the period of the first row that has one
    first_published: date | None = None  # the earliest date of its rows' articles
    articles: list[str] = field(default_factory=list)  # its articles, in the order their rows came
    article_set: set[str] = field(default_factory=set)
    anchors: dict[str, _Row] = field(default_factory=dict)  # unit -> the first row in that unit

    @property
    def first(self) -> _Row:
        return self.rows[0]

    @property
    def dates(self) -> list[date]:
        return sorted(row.published for row in self.rows if row.published)

    def add(self, row: _Row) -> None:
        self.rows.append(row)
        if not self.period:
            self.period = row.period
        if row.published and (self.first_published is None or row.published < self.first_published):
            self.first_published = row.published
        if row.article_id not in self.article_set:
            self.article_set.add(row.article_id)
            self.articles.append(row.article_id)
        self.anchors.setdefault(row.unit, row)


def _close(a: float, b: float, tolerance: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def _same_amount(a: _Row, b: _Row, rules: FactRules, fx: FxTable) -> bool:
    """Whether two rows state the same value: same unit within tolerance, or converted between currencies."""
    if a.unit == b.unit:
        if a.unit == PERCENT:
            low = abs(a.value - b.value) <= rules.percent_tolerance
            high = (a.value_high is None) == (b.value_high is None) and (
                a.value_high is None or abs(a.value_high - b.value_high) <= rules.percent_tolerance)
            return low and high
        both_ends = (a.value_high is None) == (b.value_high is None) and (
            a.value_high is None or _close(a.value_high, b.value_high, rules.same_unit_tolerance))
        return both_ends and _close(a.value, b.value, rules.same_unit_tolerance)
    if PERCENT in (a.unit, b.unit) or COUNT in (a.unit, b.unit):
        return False
    a_usd, b_usd = fx.to_usd(a.value, a.unit, a.year), fx.to_usd(b.value, b.unit, b.year)
    if a_usd is None or b_usd is None:
        return False
    return _close(a_usd, b_usd, rules.currency_tolerance)


def _within_window(first: date | None, other: date | None, rules: FactRules) -> bool:
    return first is not None and other is not None and abs((other - first).days) <= rules.window_days


def _same_time(period_a: str, period_b: str, date_a: date | None, date_b: date | None, rules: FactRules) -> bool:
    """Whether two statements can be about the same moment: equal periods, or dates within the window when
    either lacks a period."""
    if period_a and period_b:
        return period_a == period_b
    return _within_window(date_a, date_b, rules)


def _joins(fact: _Fact, row: _Row, rules: FactRules, fx: FxTable) -> bool:
    if row.period and fact.period and row.period != fact.period:
        return False
    if row.article_id not in fact.article_set and not _same_time(fact.period, row.period, fact.first_published,
                                                              row.published, rules):
        return False
    anchor = fact.anchors.get(row.unit, fact.first)
    return _same_amount(anchor, row, rules, fx)


def _year(period: str, published: date | None) -> int | None:
    match = _YEAR.match(period or "")
    if match:
        return int(match[1])
    return published.year if published else None


def _optional_float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _rows(figures: pd.DataFrame, articles: pd.DataFrame) -> list[_Row]:
    published = {}
    if "published" in articles.columns:
        published = {aid: parse_published(str(text)) for aid, text in zip(articles["article_id"], articles["published"])}
    def column(name: str, default=None) -> list:
        return figures[name].tolist() if name in figures.columns else [default] * len(figures)

    rows = []
    for article_id, frame, company, metric, status, period, value, value_high, unit, change_pct, sentence in zip(
            *(column(name) for name in ("article_id", "frame", "company", "metric")), column("status", "actual"),
            *(column(name) for name in ("period", "value", "value_high", "unit", "change_pct", "sentence"))):
        when = published.get(article_id)
        key = _group_key(frame, company, metric, status)
        period = str(period or "")
        rows.append(_Row(key, period, str(article_id), float(value), _optional_float(value_high), str(unit),
                         _optional_float(change_pct), str(sentence), when, _year(period, when)))
    undated = date.max
    rows.sort(key=lambda r: (r.key, r.published or undated, r.article_id))  # stable: position kept within
    return rows


def _group_key(frame, company, metric, status) -> tuple[str, str, str, str]:
    return (str(frame), str(company), str(metric), str(status or "actual"))


def fact_group_keys(frame: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """The group (GROUP_KEY) of each row of a figures or facts frame: facts of one group are built from that
    group's rows alone, so a change of some rows changes only the facts of their groups."""
    if frame.empty:
        return []
    status = frame["status"].tolist() if "status" in frame.columns else ["actual"] * len(frame)
    return [_group_key(*key) for key in zip(frame["frame"].tolist(), frame["company"].tolist(),
                                             frame["metric"].tolist(), status)]


def _buckets(row: _Row, rules: FactRules, fx: FxTable) -> list[tuple]:
    """Where a row's value sits on a coarse scale, in its own unit and (money) in dollars: two values that can
    agree lie in the same or a neighbouring bucket, so a row is compared only with the facts found there."""
    if row.unit == PERCENT:
        width = max(rules.percent_tolerance, 1e-9)
        return [(PERCENT, math.floor(row.value / width))]
    width = math.log10(1 + max(rules.same_unit_tolerance, rules.currency_tolerance, 1e-9))

    def on_scale(kind: str, value: float) -> tuple:
        if value == 0:
            return (kind, 0, "zero")
        return (kind, math.copysign(1, value), math.floor(math.log10(abs(value)) / width))

    places = [on_scale(row.unit, row.value)]
    usd = None if row.unit == COUNT else fx.to_usd(row.value, row.unit, row.year)
    if usd is not None:
        places.append(on_scale("USD-equivalent", usd))
    return places


def _neighbours(place: tuple) -> list[tuple]:
    if place[-1] == "zero":
        return [place]
    *head, bucket = place
    return [(*head, bucket + step) for step in (-1, 0, 1)]


def _merge(rows: list[_Row], rules: FactRules, fx: FxTable) -> list[_Fact]:
    facts: list[_Fact] = []
    # (group key, bucket) -> indexes of the facts holding a row there: a row meets only facts it could agree with
    index: dict[tuple, list[int]] = {}
    for row in rows:
        places = _buckets(row, rules, fx)
        candidates = sorted({number for place in places for near in _neighbours(place)
                             for number in index.get((row.key, near), ())})
        home = next((number for number in candidates if _joins(facts[number], row, rules, fx)), None)
        if home is None:
            home = len(facts)
            facts.append(_Fact(row.key))
        facts[home].add(row)
        for place in places:
            members = index.setdefault((row.key, place), [])
            if not members or members[-1] != home:
                members.append(home)
    return facts


def _representative(fact: _Fact) -> tuple[float, float | None, str]:
    """The fact's value in the unit most of its rows use (ties: the first row's), the lower median there."""
    units = [row.unit for row in fact.rows]
    unit = max(dict.fromkeys(units), key=units.count)
    in_unit = sorted((row for row in fact.rows if row.unit == unit), key=lambda r: r.value)
    middle = in_unit[(len(in_unit) - 1) // 2]
    return middle.value, middle.value_high, unit


def _overlap(a: _Fact, b: _Fact, rules: FactRules) -> bool:
    """Two facts can contradict each other: different articles, and the same period or time."""
    if not a.article_set.isdisjoint(b.article_set):
        return False  # two values in one article are two things it tells apart, not two sources disagreeing
    return _same_time(a.period, b.period, a.first_published, b.first_published, rules)


def _time_pairs(facts: list[_Fact], members: list[int], rules: FactRules) -> Iterator[tuple[int, int]]:
    """The pairs of members (a before b) that can be about the same moment: the same period, or no period on one
    side and first dates within the window — every pair `_same_time` accepts, without trying every pair."""
    by_period: dict[str, list[int]] = {}
    for index in members:
        if facts[index].period:
            by_period.setdefault(facts[index].period, []).append(index)
    for same in by_period.values():
        yield from combinations(same, 2)
    dated = sorted((facts[index].first_published, index) for index in members if facts[index].first_published)
    days = [when for when, _ in dated]
    window = timedelta(days=rules.window_days)
    for when, index in dated:
        if facts[index].period:
            continue
        for _, other in dated[bisect_left(days, when - window):bisect_right(days, when + window)]:
            if other != index and (facts[other].period or other > index):  # each periodless pair once
                yield min(index, other), max(index, other)


def _conflicts(facts: list[_Fact], rules: FactRules) -> dict[int, str]:
    """Fact index -> conflict id, for facts of a single-valued metric that disagree within one group."""
    by_key: dict[tuple[str, ...], list[int]] = {}
    for index, fact in enumerate(facts):
        frame, company, metric, _status = fact.key
        if company and metric in rules.single_valued:
            by_key.setdefault(fact.key, []).append(index)
    conflict_of: dict[int, str] = {}
    for key, members in by_key.items():
        parent = {index: index for index in members}

        def root(index: int) -> int:
            while parent[index] != index:
                index = parent[index]
            return index

        for a, b in _time_pairs(facts, members, rules):
            if root(a) != root(b) and _overlap(facts[a], facts[b], rules):
                parent[root(b)] = root(a)
        groups: dict[int, list[int]] = {}
        for index in members:
            groups.setdefault(root(index), []).append(index)
        for group in groups.values():
            if len(group) > 1:
                conflict_id = "C" + _digest("|".join(key) + "|" + facts[group[0]].first.article_id)
                for index in group:
                    conflict_of[index] = conflict_id
    return conflict_of


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _number_text(value: float) -> str:
    return f"{value:.15g}"


def build_facts(figures: pd.DataFrame, articles: pd.DataFrame, rules: FactRules, fx: FxTable) -> pd.DataFrame:
    """The facts of a corpus: one row per distinct figure, with its sources, dates, evidence and conflicts."""
    facts = _merge(_rows(figures, articles), rules, fx)
    conflict_of = _conflicts(facts, rules)
    records = []
    for index, fact in enumerate(facts):
        value, value_high, unit = _representative(fact)
        year = next((row.year for row in fact.rows if row.unit == unit), None)
        dates = fact.dates
        stated = dict.fromkeys(
            f"{_number_text(r.value)}{'' if r.value_high is None else '-' + _number_text(r.value_high)} {r.unit}"
            for r in fact.rows)
        frame, company, metric, status = fact.key
        period = fact.period
        records.append({
            "fact_id": "F" + _digest("|".join(fact.key) + f"|{period}|{_number_text(value)}|{unit}|"
                                     f"{fact.first.article_id}"),
            "frame": frame, "company": company, "metric": metric, "period": period, "status": status,
            "value": value, "value_high": value_high, "unit": unit,
            "value_usd": fx.to_usd(value, unit, year) if unit not in (PERCENT, COUNT) else None,
            "change_pct": next((r.change_pct for r in fact.rows if r.change_pct is not None), None),
            "n_sources": len(fact.articles), "n_rows": len(fact.rows),
            "article_ids": "|".join(fact.articles),
            "first_published": dates[0].isoformat() if dates else "",
            "last_published": dates[-1].isoformat() if dates else "",
            "stated_as": "|".join(stated),
            "sentences": "\n".join(dict.fromkeys(r.sentence for r in fact.rows)),
            "conflict_id": conflict_of.get(index, ""),
        })
    return frame_from_rows(records, FACT_COLUMNS)


def conflicting(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts that disagree with another source, grouped by conflict and ordered by value."""
    rows = facts[facts["conflict_id"] != ""]
    return rows.sort_values(["conflict_id", "value", "fact_id"], kind="stable").reset_index(drop=True)
