"""Periods named in Japanese text: 2023年第4四半期 -> 2023Q4, 2025年3月期 -> FY2025, 6月 -> 2023-06 ...

How a period is read:
1. The patterns below are tried in order; the first to claim a span wins, and a period inside brackets
   right after another one restates it ("2022年第2四半期(4~6月)", "2025年度(2024年4月〜2025年3月)").
2. The year is the one written (2023年, 23年7〜9月期), else it comes from the reference: the article's
   publication date (今年, 昨年, 先月, 今四半期, a month range without a year: the latest one ending by then).
   A month without a year takes the year named last before it in the same text, else the one the article
   named last before this text (`Context`), else the reference year (the year before when the month is later
   than the reference month: news speaks of the past). 前年 right after a written year is the year before that
   one ("2025年の投資額は前年の…"). Without a reference, a relative period is no period: only explicit ones are
   read.
3. A date is the month it falls in (2024年9月4日 -> 2024-09); a day alone ("18日、") is one of the month the
   article was published in. A numbered quarter alone (第4四半期, Q4) is of the year named last before it, in
   the same text or earlier in the article: a fiscal one (2025年3月期 … 第4四半期 -> FY2025Q4) or a calendar
   one (2023年 … 第1四半期 -> 2023Q1). 通期 (the full year) is the fiscal year named last, else the year.
4. Fiscal periods depend on the company (`resolve(fiscal_year_end)`): a month range that is no calendar
   quarter is a quarter of the company's fiscal year (NVIDIA, year ending in January: 2025年8〜10月期 ->
   FY2026Q3), and 今期/前期/今年度 are the fiscal year running at the reference date. A fiscal year is named
   by the calendar year it ends in (2025年3月期 -> FY2025). A numbered quarter is fiscal only when the text
   says so (2025年度第1四半期, 2026年3月期第2四半期): "2024年第2四半期" stays 2024Q2. Brokers' shorthand reads
   the same way: 2023年6月期2Q -> FY2023Q2, and 2Q alone is of the (fiscal) year named before it, else of the
   reference year; news agencies' 第4・四半期 is 第4四半期. Reports in English write Q2 FY2025 / FY25 Q3. 今2Q and 前4Q
   are quarters of the latest fiscal year the article named (the one it reports on) and of the one before.
5. A month range is the calendar quarter, half or year it spans (2024年1-6月期 -> 2024H1); one that is none is
   read per company (step 4). A span that ended on a date counts back from it (2022年6月30日に終了した6ヶ月間 ->
   2022H1). A range without a year takes the year written last in the text, else the latest one ending by the
   reference date, else the calendar year the article named last.
6. A bracket after a period restates it, or makes it more precise: a fiscal year named by its number glossed by
   one named by its end is that one (2006年度(2007年3月期) -> FY2007); months of a fiscal year named by its end
   are its quarter or half (2026年3月期(25年4~6月) -> FY2026Q1); a numbered quarter glossed by months that are no
   calendar quarter of that number is the fiscal quarter those months fix (第4四半期(4~6月) of 2025 -> FY2025Q4,
   第3四半期(2023年10月~12月) -> FY2024Q3). What a bracket names is no year for the periods after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from loaders.datafiles import DataFileError, data_path, is_word_list, place_of, read_toml
from loaders.patterns import required_letters
from loaders.text import half_width

KANJI_QUARTER = {"一": "1", "二": "2", "三": "3", "四": "4"}
SPAN_LETTER = {3: "Q", 6: "H"}  # months a range spans -> the letter of its part of a year (12: the year)
PERIODS_FILE = "periods.toml"


def load_period_words(data_dir: str | Path | None = None) -> dict:
    """periods.toml: relative words with their offsets, words pointing back, halves, the start of a year."""
    path = data_path(PERIODS_FILE, data_dir)
    document = read_toml(path)
    words: dict = {}
    for kind in ("years", "fiscal", "quarters", "months"):
        table = document.get("relative", {}).get(kind)
        if not isinstance(table, dict) or not all(isinstance(v, int) for v in table.values()):
            raise DataFileError(f"{place_of(path, kind)}: [relative.{kind}] must map words to whole offsets")
        words[kind] = dict(table)
    for section, keys in (("same", ("quarter", "month", "year")), ("halves", ("first", "second", "alone")),
                          ("year_start", ("words",)), ("full_year", ("words",)), ("ended", ("quarter", "year")),
                          ("gloss", ("qualifiers",)), ("this_fiscal", ("now", "before")),
                          ("part", ("words",))):
        for key in keys:
            listed = document.get(section, {}).get(key)
            if not is_word_list(listed):
                raise DataFileError(f"{place_of(path, section)}: [{section}] {key} must be a list of words")
            words[f"{section}.{key}"] = tuple(listed)
    return words


def _words(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


WORDS = load_period_words()
RELATIVE_YEARS = WORDS["years"]
RELATIVE_MONTHS = WORDS["months"]
RELATIVE_QUARTERS = WORDS["quarters"]
RELATIVE_FISCAL = WORDS["fiscal"]
FIRST_HALF = frozenset(WORDS["halves.first"])
SAME_KIND = {word: kind for kind in ("quarter", "month", "year") for word in WORDS[f"same.{kind}"]}
YEAR = r"(?P<year>20\d\d)"
# 23年7〜9月期: 2000-2049; not a year of an era (平成30年, 令和5年: the era name ends in 成, 和, 正 or 治)
SHORT_YEAR = r"(?<![\d成和正治])(?P<yy>[0-4]\d)"
SHORT_YEAR_ALONE = r"(?<![\d成和正治])(?P<yy>[0-4]\d)(?!\d)"  # FY25
# a relative year, not the start of a comparison (前年比, 前年同期): 前年同期 is no year
NEAR_YEAR = rf"(?P<rel>(?:{_words(RELATIVE_YEARS)})(?!度?末?比|同))"
THIS_YEAR = _words(w for w, offset in RELATIVE_YEARS.items() if offset == 0)
HALF = rf"(?P<half>{_words(WORDS['halves.first'] + WORDS['halves.second'])})"
HALF_ALONE = rf"(?P<half>{_words(WORDS['halves.alone'])})"
ENDED_SPAN = rf"(?P<word>{_words(WORDS['ended.quarter'] + WORDS['ended.year'])})"
# 年初来 (year to date), 年初頭 and 年初め (early in the year): no month
YEAR_START = rf"(?P<start>{_words(WORDS['year_start.words'])})(?![来頭め])"
FISCAL = r"(?P<fiscal>年度|会計年度)"
RANGE = (r"(?P<m1>\d{1,2})\s{0,3}(?:月\s{0,3})?(?:[~〜～\-－–─—]|から)\s{0,3}"
         r"(?:(?P<y2>20\d\d|(?<!\d)[0-4]\d)\s{0,3}年\s{0,3})?(?P<m2>\d{1,2})")
NOT_A_DATE = r"(?!\s{0,3}\d{1,2}\s{0,3}日)"
# "18日、": a day alone is a day of the month the article was published in (the news of that day)
DAY_ALONE = r"(?<![\d月/.])(?P<day>[1-3]?\d)\s{0,3}日(?=[、,，にはの（(])"
DAY_AFTER = re.compile(r"\s{0,3}[1-3]?\d\s{0,3}日")
GLOSS_REACH = 40  # characters a bracketed restatement may span
PART_BEFORE = re.compile(rf"(?:{_words(WORDS['part.words'])})[、,\s]{{0,2}}$")
PART_REACH = 8  # characters before a period searched for a word that makes it a part
# the bracket of a restatement, after a word that qualifies the period ("第3四半期単独(10~12月)", "累計(4~12月)")
GLOSS_OPENING = re.compile(rf"\s{{0,3}}(?:{_words(WORDS['gloss.qualifiers'])})?\s{{0,3}}[(（]")
_S = r"\s{0,3}"  # spaces inside a period expression (2024 年 3 月): bounded, see loaders/patterns.py
QUARTER_WORD = r"\s{0,3}・?\s{0,3}四半期"  # 第4四半期, and 第4・四半期 as news agencies write it
# a fiscal year named by the month it ends in: 2026年3月期, 23年8月期, 今年3月期
FISCAL_END = rf"(?:(?:{YEAR}|{SHORT_YEAR}){_S}年|{NEAR_YEAR}){_S}(?P<end>\d{{1,2}}){_S}月期"


# where 年度 is numbered by the year it starts in, only a year that ends by May (so that most of its months lie
# in the year it starts in) is: a September company's 2023年度 is the year to September 2023, its 2023年9月期
LAST_END_NUMBERED_BY_START = 5


@dataclass(frozen=True)
class FiscalYear:
    """How a company's fiscal year runs: the month it ends in, and whether its 年度 is numbered by the calendar
    year it starts in (Japanese usage: a March company's 2024年度 runs April 2024 to March 2025, the year its
    2025年3月期 names) rather than by the year it ends in (an American company's 2025年度 is its fiscal 2025)."""

    end_month: int = 12
    numbered_by_start: bool = False


@dataclass(frozen=True)
class Reference:
    """The date an article speaks from (its publication date): year and month, either may be unknown."""

    year: int | None = None
    month: int | None = None

    @classmethod
    def from_published(cls, published: str) -> Reference:
        """Reference of an ISO date (YYYY-MM-DD or YYYY-MM); an empty or bad date gives no reference."""
        match = re.match(r"(\d{4})(?:-(\d{2}))?", published or "")
        if not match:
            return cls()
        return cls(int(match.group(1)), int(match.group(2)) if match.group(2) else None)


@dataclass(frozen=True)
class Context:
    """The year the article named last before a text, for the periods that name none (a month, a quarter, 通期
    alone): `fiscal` tells whether it was a fiscal year (2025年3月期 -> 2025, True) or a calendar one.
    `named` holds the period of each kind (quarter, month, year) named last, for the words that point back
    to one (同四半期, 同月, 同年); `latest_fiscal` the latest fiscal year named, for 今2Q and 前4Q."""

    year: int | None = None
    fiscal: bool = False
    named: tuple[tuple[str, str], ...] = ()
    latest_fiscal: int | None = None  # the latest fiscal year named: the one a report speaks of as 今 (今2Q)
    numbered: bool = False  # the fiscal year named last was written with 年度 (see PeriodMention.numbered)

    def after(self, periods: list[PeriodMention]) -> Context:
        """The context once these periods (of the text just read, in order) have been named."""
        context = self
        for period in periods:
            fiscal = re.match(r"FY(\d{4})", period.period)
            if fiscal:
                year = int(fiscal.group(1))
                context = replace(context, year=year, fiscal=True, latest_fiscal=max(year, context.latest_fiscal or year),
                                  numbered=period.numbered)
            elif period.year:
                context = replace(context, year=period.year, fiscal=False)
            elif re.match(r"\d{4}", period.period):
                context = replace(context, year=int(period.period[:4]), fiscal=False)
            kind = _kind_of(period.period)
            if kind:
                context = replace(context, named=tuple((k, v) for k, v in context.named if k != kind)
                                  + ((kind, period.period),))
        return context

    def last(self, kind: str) -> str:
        """The period of this kind (quarter, month, year) named last, or ""."""
        return next((value for k, value in self.named if k == kind), "")


def _kind_of(period: str) -> str:
    if re.fullmatch(r"(?:FY)?\d{4}Q[1-4]", period):
        return "quarter"
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return "month"
    if re.fullmatch(r"(?:FY)?\d{4}", period):
        return "year"
    return ""


@dataclass(frozen=True)
class PeriodMention:
    """A period named in a text, with its span; `period` is its calendar reading (see `resolve`)."""

    period: str
    start: int
    end: int
    year: int | None = None  # the year written in the text, when one is
    months: tuple[int, int, int] | None = None  # (year, first month, last month) of a month range
    fiscal_offset: int | None = None  # 今期 0, 前期 -1, 来期 +1 (needs `reference`)
    reference: Reference | None = None
    is_date: bool = False  # a day is named ("7月25日に発表"): the date of an event, no period to go on in
    fiscal_end_month: int | None = None  # the month a fiscal year named by its end ends in (2026年3月期: 3)
    is_part: bool = False  # a part of the period the text is on ("2024年決算…うち10~12月の売上高"): not gone on in
    # the fiscal year is the number written before 年度 (2024年度, 2024年度第3四半期, and 第4四半期 or 通期 read after
    # it): which year that is depends on the company (`FiscalYear.numbered_by_start`)
    numbered: bool = False

    def resolve(self, fiscal_year: int | FiscalYear = 12) -> str:
        """The period for a company whose fiscal year runs as `fiscal_year` says (or ends in that month)."""
        calendar = fiscal_year if isinstance(fiscal_year, FiscalYear) else FiscalYear(fiscal_year)
        fiscal_year_end = calendar.end_month
        if self.numbered and calendar.numbered_by_start and fiscal_year_end <= LAST_END_NUMBERED_BY_START:
            # a Japanese company's 2024年度 ends in 2025: FY2025, as its 2025年3月期 is
            return re.sub(r"^FY(\d{4})", lambda m: f"FY{int(m.group(1)) + 1}", self.period)
        if self.fiscal_offset is not None:
            ref = self.reference
            if ref is None or ref.year is None or ref.month is None:
                return ""
            return f"FY{_fiscal_year(ref.year, ref.month, fiscal_year_end) + self.fiscal_offset}"
        if fiscal_year_end == 12:
            return self.period
        if self.months is not None and self.period == "":
            return _fiscal_span(*self.months, fiscal_year_end)
        return self.period


def _fiscal_year(year: int, month: int, fiscal_year_end: int) -> int:
    """The fiscal year (named by the year it ends in) that holds a calendar month."""
    return year if month <= fiscal_year_end else year + 1


def _span(first: int, last: int) -> int:
    """How many months a range from month `first` to month `last` spans (10〜3月: 6)."""
    return (last - first) % 12 + 1


def _calendar_span(year: int, first: int, last: int) -> str:
    """The calendar quarter, half or year a month range is (2024, 1, 6 -> 2024H1), else ""."""
    span = _span(first, last)
    if span == 12 and first == 1:
        return str(year)
    if span not in SPAN_LETTER or (first - 1) % span:
        return ""
    return f"{year}{SPAN_LETTER[span]}{(first - 1) // span + 1}"


def _fiscal_span(year: int, first: int, last: int, fiscal_year_end: int) -> str:
    """The fiscal quarter, half or year a month range (starting in `year`) is for a fiscal year ending in month
    `fiscal_year_end` (2025, 8, 10, 1 -> FY2026Q3), else ""."""
    span = _span(first, last)
    offset = (first - fiscal_year_end - 1) % 12
    if span not in (*SPAN_LETTER, 12) or offset % span:
        return ""
    end_year = year + 1 if last < first else year
    fiscal_year = _fiscal_year(end_year, last, fiscal_year_end)
    if span == 12:
        return f"FY{fiscal_year}"
    return f"FY{fiscal_year}{SPAN_LETTER[span]}{offset // span + 1}"


def _year_end_of_quarter(number: int, first: int) -> int:
    """The month a fiscal year ends in when its quarter `number` starts in month `first` (Q3 from October: 3)."""
    return (first - 2 - 3 * (number - 1)) % 12 + 1


def _quarter(value: str) -> str:
    return KANJI_QUARTER.get(value, value)


def _written_year(match: re.Match) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("yy"):
        return 2000 + int(groups["yy"])
    return None


def _year(match: re.Match, ref: Reference) -> int | None:
    written = _written_year(match)
    if written:
        return written
    rel = match.groupdict().get("rel")
    if rel and ref.year:
        return ref.year + RELATIVE_YEARS.get(rel, 0)
    return None


# Builders: (match, reference) -> dict of PeriodMention fields, or None when the text does not fix the period.
def _end_month(m) -> dict:
    """The month a fiscal year named by its end ends in (2026年3月期: 3), as a PeriodMention field."""
    end = m.groupdict().get("end")
    return {"fiscal_end_month": int(end)} if end and 1 <= int(end) <= 12 else {}


def _fiscal_quarter(m, ref):
    y = _year(m, ref)
    return {"period": f"FY{y}Q{_quarter(m['q'])}", **_end_month(m)} if y else None


def _stated_quarter(m, ref):
    y = _year(m, ref)
    if not y:
        return None
    q = int(_quarter(m["q"]))
    if m.groupdict().get("fiscal"):
        return {"period": f"FY{y}Q{q}", "numbered": True}
    return {"period": f"{y}Q{q}"}


def _quarter_shorthand(m, ref):
    y = _year(m, ref)
    if not y and ref.year and not m.groupdict().get("yy"):
        y = ref.year
    return {"period": f"{y}Q{m['q']}"} if y else None


def _month_range(m, ref, year: int | None = None):
    m1, m2 = int(m["m1"]), int(m["m2"])
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    y = _year(m, ref) or year
    if not y:
        if not (ref.year and ref.month):
            return None
        end_year = ref.year if m2 <= ref.month else ref.year - 1  # the latest such range ending by then
        y = end_year - 1 if m2 < m1 else end_year
    if m["y2"]:
        # 2023年12月〜24年2月期: the second year is the year the range ends in, within a year of the first
        y2 = int(m["y2"]) if len(m["y2"]) == 4 else 2000 + int(m["y2"])
        if y2 != (y + 1 if m2 < m1 else y):
            return None
    return {"period": _calendar_span(y, m1, m2), "months": (y, m1, m2)}


def _fiscal_year_ending(m, ref):
    y = _year(m, ref)
    return {"period": f"FY{y}", "numbered": bool(m.groupdict().get("fiscal")), **_end_month(m)} if y else None


def _ended_span(m, ref):
    """The span that ended in the month named (the six months to June 2022 -> months 2022-01..2022-06)."""
    y, month = int(m["year"]), int(m["month"])
    if not 1 <= month <= 12:
        return None
    word = m["word"] or ""
    if word in WORDS["ended.year"]:
        return {"period": f"FY{y}", "fiscal_end_month": month}
    span = 3 if word in WORDS["ended.quarter"] else int(m["span"])
    first = (month - span) % 12 + 1
    start_year = y if first <= month else y - 1
    return {"period": _calendar_span(start_year, first, month), "months": (start_year, first, month)}


def _half(m, ref):
    y = _year(m, ref)
    half = "H1" if m["half"] in FIRST_HALF else "H2"
    prefix = "FY" if m.groupdict().get("fiscal") is not None else ""
    return {"period": f"{prefix}{y}{half}", "numbered": bool(m.groupdict().get("fiscal")), **_end_month(m)} if y else None


def _month(m, ref, year: int | None = None):
    month = int(m["month"])
    y = _year(m, ref) or year
    return {"period": f"{y}-{month:02d}"} if y and 1 <= month <= 12 else None


def _year_start(m, ref):
    y = _year(m, ref)
    return {"period": f"{y}-01"} if y else None


def _year_end(m, ref):
    return {"period": f"{m['year']}-12"}


def _plain_year(m, ref):
    y = _year(m, ref)
    return {"period": str(y)} if y else None


def _relative_month(m, ref):
    if not (ref.year and ref.month):
        return None
    index = ref.year * 12 + ref.month - 1 + RELATIVE_MONTHS[m["word"]]
    return {"period": f"{index // 12}-{index % 12 + 1:02d}"}


def _relative_quarter(m, ref):
    if not (ref.year and ref.month):
        return None
    index = ref.year * 4 + (ref.month - 1) // 3 + RELATIVE_QUARTERS[m["word"]]
    return {"period": f"{index // 4}Q{index % 4 + 1}"}


def _relative_fiscal(m, ref):
    if not (ref.year and ref.month):
        return None
    offset = RELATIVE_FISCAL[m["word"]]
    return {"period": f"FY{ref.year + offset}", "fiscal_offset": offset, "reference": ref}


def _day_of_reference_month(m, ref):
    if not (ref.year and ref.month) or not 1 <= int(m["day"]) <= 31:
        return None
    return {"period": f"{ref.year}-{ref.month:02d}"}


PATTERNS = [
    # "2022年6月30日に終了した6ヶ月間", "…に終了した四半期", "…に終了した会計年度": the span to that month
    (re.compile(rf"{YEAR}{_S}年{_S}(?P<month>\d{{1,2}}){_S}月{_S}(?:\d{{1,2}}{_S}日{_S})?(?:に|で)?{_S}"
                rf"(?:終了した|終了する|終わった|終わる){_S}(?:(?P<span>1[0-2]|[1-9]){_S}[ヶカかケヵ箇]{_S}月間?|{ENDED_SPAN})"),
     _ended_span),
    (re.compile(rf"{FISCAL_END}{_S}(?:の)?{_S}第{_S}(?P<q>[1-4一二三四]){QUARTER_WORD}"), _fiscal_quarter),
    # 2023年6月期2Q, 2026年3月期第1Q: a quarter of a fiscal year in the brokers' shorthand
    (re.compile(rf"{FISCAL_END}{_S}(?:の)?{_S}(?:第{_S})?(?P<q>[1-4]){_S}Q(?![A-Za-z0-9])"), _fiscal_quarter),
    # Q2 FY2025, Q4/FY 2022, FY25 Q3: a fiscal quarter as English-language reports write it
    (re.compile(rf"(?<![A-Za-z])Q{_S}(?P<q>[1-4]){_S}[/・]?{_S}FY{_S}(?:{YEAR}|{SHORT_YEAR_ALONE})"), _fiscal_quarter),
    (re.compile(rf"FY{_S}(?:{YEAR}|{SHORT_YEAR_ALONE}){_S}[/・]?{_S}Q{_S}(?P<q>[1-4])(?![0-9])"), _fiscal_quarter),
    (re.compile(rf"(?:{YEAR}|{NEAR_YEAR}|{SHORT_YEAR}(?=\s{{0,3}}年)){_S}(?:年{_S})?(?:{FISCAL})?{_S}(?:の)?{_S}第{_S}"
                rf"(?P<q>[1-4一二三四]){QUARTER_WORD}"), _stated_quarter),
    (re.compile(rf"{YEAR}{_S}年?{_S}(?:第)?{_S}(?P<q>[1-4]){_S}Q"), _quarter_shorthand),
    (re.compile(rf"{YEAR}{_S}Q(?P<q>[1-4])"), _quarter_shorthand),
    (re.compile(rf"(?<![A-Za-z])Q(?P<q>[1-4]){_S}{YEAR}"), _quarter_shorthand),
    (re.compile(r"(?<![A-Za-z0-9])(?P<q>[1-4])Q(?P<yy>\d{2})(?!\d)"), _quarter_shorthand),  # 4Q24
    (re.compile(rf"(?:(?:{YEAR}|{SHORT_YEAR}){_S}年|{NEAR_YEAR}){_S}{RANGE}{_S}月期"), _month_range),
    (re.compile(rf"(?:{YEAR}|{SHORT_YEAR}){_S}年{_S}{RANGE}{_S}月(?!期){NOT_A_DATE}"), _month_range),
    (re.compile(rf"{FISCAL_END}{_S}(?:の)?{_S}(?P<fiscal>){HALF}"), _half),
    (re.compile(FISCAL_END), _fiscal_year_ending),
    (re.compile(rf"(?:{YEAR}|{NEAR_YEAR}|{SHORT_YEAR}(?=\s{{0,3}}年)){_S}(?:年{_S})?(?P<fiscal>年度|会計年度)?{_S}(?:の)?{_S}{HALF}"),
     _half),
    (re.compile(rf"FY{_S}(?:{YEAR}|{SHORT_YEAR_ALONE})"), _fiscal_year_ending),
    (re.compile(rf"(?:{YEAR}|{SHORT_YEAR}){_S}(?P<fiscal>年度|会計年度)"), _fiscal_year_ending),
    (re.compile(rf"(?P<word>{_words(RELATIVE_FISCAL)})(?!末?比)"), _relative_fiscal),
    # a word pointing back to the quarter, month or year named last (同四半期): before the relative ones, so
    # that 当四半期 in an earnings report is the quarter it reports on when the article named one
    (re.compile(rf"(?<![年期])(?P<same>{_words(SAME_KIND)})(?![比度代])"), None),
    # 今2Q, 今期第1四半期, 前4Q: a quarter of the fiscal year the report is on, or of the one before (see find_periods)
    (re.compile(rf"(?P<now>{_words(WORDS['this_fiscal.now'] + WORDS['this_fiscal.before'])}){_S}(?:第{_S})?"
                rf"(?P<q>[1-4])(?:{_S}Q(?![A-Za-z])|{QUARTER_WORD})"), None),
    (re.compile(rf"(?P<word>{_words(RELATIVE_QUARTERS)})(?!末?比)"), _relative_quarter),
    (re.compile(rf"(?P<word>{_words(RELATIVE_MONTHS)})(?!末?比)"), _relative_month),
    (re.compile(rf"{YEAR}{_S}年{_S}末"), _year_end),
    # 2027年初, 2027年の年初, 今年年初: January of that year
    (re.compile(rf"(?:{YEAR}{_S}(?:年{_S}(?:の{_S})?)?|{NEAR_YEAR}{_S}(?:の{_S})?)?{YEAR_START}"), _year_start),
    (re.compile(rf"(?:{YEAR}{_S}年|{NEAR_YEAR}){_S}(?P<month>\d{{1,2}}){_S}月(?!期)"), _month),
    (re.compile(rf"{SHORT_YEAR}{_S}年{_S}(?:の{_S})?(?P<month>\d{{1,2}}){_S}月(?!期)"), _month),  # 24年3月, 20年の7月
    # 今年4月 in an article of no known date: the month of the year named last, as a month alone
    (re.compile(rf"(?:{THIS_YEAR}){_S}(?P<month>\d{{1,2}}){_S}月(?![期間])"), None),
    (re.compile(rf"{DAY_ALONE}"), _day_of_reference_month),
    (re.compile(rf"{YEAR}{_S}年(?!{_S}\d{{1,2}}{_S}月)"), _plain_year),
    (re.compile(rf"{NEAR_YEAR}(?!{_S}\d{{1,2}}{_S}月)"), _plain_year),
    # a month range without a year ("10〜12月期", "うち10~12月の売上高"), after the years it may take (see find_periods)
    (re.compile(rf"(?<![\d年/.])(?<!\d\s){RANGE}{_S}月期"), _month_range),
    (re.compile(rf"(?<![\d年/.])(?<!\d\s){RANGE}{_S}月(?![期間]){NOT_A_DATE}"), _month_range),
    # a month alone, last: it takes the year named before it (see find_periods)
    (re.compile(r"(?<![\d.年])(?P<month>\d{1,2})\s{0,3}月(?![期間])"), None),
    # a numbered quarter alone, last: it is of the fiscal year named before it (see find_periods)
    (re.compile(rf"(?<![年度期\d])第\s{{0,3}}(?P<q>[1-4一二三四]){QUARTER_WORD}"), None),
    (re.compile(r"(?<![A-Za-z0-9])Q(?P<q>[1-4])(?![0-9A-Za-z])"), None),
    # "2Q" alone: of the (fiscal) year named before it, else of the reference year (see find_periods)
    (re.compile(r"(?<![A-Za-z0-9])(?P<q>[1-4])Q(?![A-Za-z])(?P<alone>)"), _quarter_shorthand),
    # the full year alone: the fiscal year named last (see find_periods)
    (re.compile(rf"(?P<full>{_words(WORDS['full_year.words'])})"), None),
    # a half alone (中間期): of the (fiscal) year named last
    (re.compile(rf"(?<![年度期\d以]){HALF_ALONE}"), None),
]

_REQUIRED = [required_letters(pattern) for pattern, _build in PATTERNS]


def _quarter_of_this_fiscal_year(match: re.Match, before: Context) -> dict | None:
    """今2Q: quarter 2 of the latest fiscal year the article named; 前4Q: the latest quarter 4 before the quarter
    it named last of that year (before 今2Q: FY-1 Q4; 前1Q after 今3Q: the same year's)."""
    if before.latest_fiscal is None:
        return None
    number, year = int(match["q"]), before.latest_fiscal
    if match["now"] in WORDS["this_fiscal.before"]:
        current = re.fullmatch(rf"FY{year}Q([1-4])", before.last("quarter"))
        if not (current and number < int(current.group(1))):
            year -= 1
    return {"period": f"FY{year}Q{number}"}


def find_periods(text: str, reference_year: int | None = None, reference_month: int | None = None,
                 context: Context | None = None) -> list[PeriodMention]:
    """Every period named in the text, in order, without overlaps; relative ones against the reference date,
    the ones that name no year against the year named before (in the text, else `context`)."""
    text = half_width(text)
    ref = Reference(reference_year, reference_month)
    context = context or Context()
    found: list[PeriodMention] = []
    letters = set(text)
    for (pattern, build), required in zip(PATTERNS, _REQUIRED):
        if not required <= letters:
            continue  # the pattern cannot match here: skip the scan
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(p.start < end and start < p.end for p in found):
                continue
            # the periods named before this one in the text, in order (a bracket's restatement of one is none of
            # them: "2019年度(2018年2~4月)第1四半期"), and the years among them written out
            earlier = sorted((p for p in found if p.end <= start and not _restates(p, found, text)),
                             key=lambda p: p.start)
            written = [p.year for p in earlier if p.year]
            if build is None and "full" in match.groupdict():
                # 通期 right after a period restates it ("2023年通期"); alone it is the year named last
                before = context.after(earlier)
                restated = any(0 <= start - p.end <= 2 for p in found)
                fields = None if restated or not before.year else \
                    {"period": f"FY{before.year}" if before.fiscal else str(before.year),
                     "numbered": before.fiscal and before.numbered}
            elif build is None and "now" in match.groupdict():
                fields = _quarter_of_this_fiscal_year(match, context.after(earlier))
            elif "q" in match.groupdict() and (
                    build is None or ("alone" in match.groupdict() and context.after(earlier).year)):
                # a quarter alone is of the year named last before it (2025年度…第4四半期, 2023年…第1四半期); so is
                # "2Q" alone once a year was named (before that it is of the reference year: its build)
                before = context.after(earlier)
                quarter = _quarter(match["q"])
                fields = None if not before.year else \
                    {"period": f"FY{before.year}Q{quarter}" if before.fiscal else f"{before.year}Q{quarter}",
                     "numbered": before.fiscal and before.numbered}
            elif build is None and "same" in match.groupdict():
                # 同四半期, 同月, 同年: the period of that kind named last, in the text or earlier in the article
                named = context.after(earlier).last(SAME_KIND[match["same"]])
                fields = {"period": named} if named else None
            elif build is None and "half" in match.groupdict():
                # 中間期 alone: the first half of the (fiscal) year named last
                before = context.after(earlier)
                half = "H1" if match["half"] in FIRST_HALF else "H2"
                fields = None if not before.year else \
                    {"period": f"FY{before.year}{half}" if before.fiscal else f"{before.year}{half}",
                     "numbered": before.fiscal and before.numbered}
            elif build is _year_start and not _year(match, ref):
                # 年初 alone: January of the calendar year named last, else of the reference year
                year = written[-1] if written else (context.year if context.year and not context.fiscal else ref.year)
                fields = {"period": f"{year}-01"} if year else None
            elif build is None:
                # a month alone belongs to the year written last before it in the text, else to the calendar
                # year the article named last, else to the reference year
                year = written[-1] if written else (context.year if context.year and not context.fiscal else None)
                if year is None:
                    year = ref.year
                    if ref.year and ref.month and int(match["month"]) > ref.month:
                        year = ref.year - 1  # "11月に調達" in an article of January: last November
                fields = _month(match, ref, year)
            elif build is _month_range and not _year(match, ref) and (written or not (ref.year and ref.month)):
                # a month range without a year: of the year written last in the text, else the latest one ending
                # by the reference date (its build), else of the calendar year the article named last
                # ("2024年の決算…うち10~12月の売上高" -> 2024Q4)
                before = context.after(earlier)
                fields = _month_range(match, ref, written[-1] if written else
                                      (before.year if before.year and not before.fiscal else None))
            elif build is _plain_year and match.groupdict().get("rel") == "前年" and written:
                # "2025年の投資額は前年の…": the year before the one just named, not before the reference
                fields = {"period": str(written[-1] - 1)}
            else:
                fields = build(match, ref)
            if fields and (fields["period"] or fields.get("months")):
                is_date = bool(DAY_AFTER.match(text, end)) and re.fullmatch(r"\d{4}-\d{2}", fields["period"]) is not None
                is_part = PART_BEFORE.search(text, max(0, start - PART_REACH), start) is not None
                found.append(PeriodMention(start=start, end=end, year=_written_year(match), is_date=is_date,
                                           is_part=is_part, **fields))
    return _without_glosses(sorted(found, key=lambda p: p.start), text)


def _gloss_span(period: PeriodMention, text: str) -> tuple[int, int] | None:
    """The bracket right after a period (its restatement, "2022年第2四半期(4~6月)"), or None."""
    opening = GLOSS_OPENING.match(text, period.end)
    if not opening:
        return None
    closing = [i for i in (text.find(")", opening.end(), opening.end() + GLOSS_REACH),
                           text.find("）", opening.end(), opening.end() + GLOSS_REACH)) if i >= 0]
    return (opening.end() - 1, min(closing)) if closing else None


def _restates(period: PeriodMention, found: list[PeriodMention], text: str) -> bool:
    """Whether the period stands in the bracket right after another one."""
    for other in found:
        if other.end <= period.start:
            span = _gloss_span(other, text)
            if span and span[0] < period.start < span[1]:
                return True
    return False


def _as_glossed(kept: PeriodMention, gloss: PeriodMention) -> PeriodMention | None:
    """The period a bracket makes more precise, or None when it only restates it:
    - a fiscal year named by its number glossed by one named by its end: "2006年度(2007年3月期)" -> FY2007;
    - a fiscal year named by its end glossed by months of it: "2026年3月期(25年4~6月)" -> FY2026Q1;
    - a numbered quarter glossed by months that are not that calendar quarter's: the fiscal year whose quarter
      those months are ("第3四半期(2023年10月~12月)" -> FY2024Q3, "第4四半期(4~6月)" of 2025 -> FY2025Q4)."""
    year = re.fullmatch(r"FY(\d{4})", kept.period)
    if year and kept.fiscal_end_month is None and gloss.fiscal_end_month and re.fullmatch(r"FY\d{4}", gloss.period):
        return gloss
    if gloss.months is None:
        return None
    start_year, first, last = gloss.months
    if year and kept.numbered and _span(first, last) == 12:
        # "2025年度(2024年4月〜2025年3月)": the months say which year the number is
        return replace(kept, period=f"FY{start_year + 1 if last < first else start_year}", numbered=False)
    if year and kept.fiscal_end_month:
        part = _fiscal_span(start_year, first, last, kept.fiscal_end_month)
        return replace(kept, period=part) if part.startswith(kept.period) and part != kept.period else None
    quarter = re.fullmatch(r"(FY)?\d{4}Q([1-4])", kept.period)
    # months without their year ("2026年度第2四半期(5〜7月)") leave a fiscal quarter's year as the text names it
    if quarter and _span(first, last) == 3 and (gloss.year or not quarter.group(1)):
        year_end = _year_end_of_quarter(int(quarter.group(2)), first)
        if year_end != 12:
            return replace(kept, period=_fiscal_span(start_year, first, last, year_end), months=None, numbered=False)
    return None


def _without_glosses(periods: list[PeriodMention], text: str) -> list[PeriodMention]:
    """Drop a period in brackets right after another one: it restates it ("2022年第2四半期(4~6月)"), or makes it
    more precise (see `_as_glossed`)."""
    kept: list[PeriodMention] = []
    gloss_end = -1  # end of the bracket that follows the period kept last
    for period in periods:
        if period.start < gloss_end:
            precise = _as_glossed(kept[-1], period)
            if precise is not None:
                kept[-1] = precise
            elif period.period.startswith("FY") and not kept[-1].period.startswith("FY"):
                kept[-1] = period  # "2025年4〜6月期(2026年3月期第1四半期)": the fiscal name is the more precise
            elif period.period.endswith("H1") and kept[-1].period.endswith("Q2"):
                # "2026年3月期第2四半期(中間期、…)": the report covers the half year to the quarter's end
                kept[-1] = replace(kept[-1], period=kept[-1].period[:-2] + "H1", months=None)
            continue
        kept.append(period)
        span = _gloss_span(period, text)
        gloss_end = span[1] if span else -1
    return kept


def starts_after(period: str, year: int | None, month: int | None) -> bool:
    """Whether a calendar period (2028, 2026Q3, 2026H2, 2026-05) starts after the reference month; a fiscal or
    empty period, or no reference, never does."""
    match = re.fullmatch(r"(\d{4})(?:Q([1-4])|H([12])|-(\d{2}))?", period or "")
    if not match or year is None:
        return False
    first = 1
    if match.group(2):
        first = 3 * int(match.group(2)) - 2
    elif match.group(3):
        first = 6 * int(match.group(3)) - 5
    elif match.group(4):
        first = int(match.group(4))
    return (int(match.group(1)), first) > (year, month or 12)
