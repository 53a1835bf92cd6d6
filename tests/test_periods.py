"""Periods named in text -> 2023, 2023Q4, 2023H1, 2023-06, FY2025, FY2025Q2."""
from __future__ import annotations

import pytest

from loaders.companies import load_gazetteer
from loaders.periods import Context, FiscalYear, Reference, find_periods, starts_after

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
    ("2024年第2・四半期の売上高", 2024, ["2024Q2"]),  # a middle dot before 四半期, as wire translations write it
    ("2025年度第4・四半期", 2025, ["FY2025Q4"]),
    ("昨年11月末に", 2023, ["2022-11"]),
    ("2024年1～3月期", 2024, ["2024Q1"]),
    ("Q3 2024の決算", 2024, ["2024Q3"]),
    ("２０２３年６月", 2023, ["2023-06"]),
    ("3か月連続で減少", 2023, []),
    ("前年比17.6%増", 2023, []),
    ("6月は", None, []),
    # news agencies write 第4・四半期; brokers write a fiscal quarter 2Q, 第1Q after its fiscal year
    ("第4・四半期の売上高", 2025, []),  # a quarter alone and no year named: no period
    ("2024年第3・四半期の売上高", 2024, ["2024Q3"]),
    ("2023年度第2・四半期", 2023, ["FY2023Q2"]),
    ("2023年6月期2Q(2022年10-12月期)は", 2023, ["FY2023Q2"]),
    ("2026年3月期第1Qの売上高", 2025, ["FY2026Q1"]),
    ("2025年3月期の決算。2Qの売上高", 2025, ["FY2025", "FY2025Q2"]),
    ("2024年の決算。3Qの売上高", 2024, ["2024", "2024Q3"]),
    ("2Qの売上高", 2025, ["2025Q2"]),
    ("4Q24の売上高", 2025, ["2024Q4"]),
)


@pytest.mark.parametrize("text, year, expected", PERIODS)
def test_find_periods(text, year, expected):
    assert [p.period for p in find_periods(text, year)] == expected


def test_spans_point_into_the_text():
    text = "売上高は2023年第4四半期に増えた"
    (period,) = find_periods(text)
    assert text[period.start:period.end] == "2023年第4四半期"


# (text, reference date (year, month) or None, periods): relative periods need the reference date;
# dates are no periods; a bracket after a period restates it
RELATIVE_AND_GLOSSES = (
    ("先月の訪問数", (2024, 9), ["2024-08"]),
    ("今月に入り", (2024, 1), ["2024-01"]),
    ("今四半期の売上", (2024, 11), ["2024Q4"]),
    ("前四半期から", (2024, 1), ["2023Q4"]),
    ("前月比12%増", (2024, 9), []),
    ("前期比9%増", (2024, 9), []),
    ("今年の売上", None, []),
    ("先月の訪問数", None, []),
    ("8〜10月期の売上", None, []),
    ("10〜12月期", (2025, 2), ["2024Q4"]),
    ("10〜12月期", (2025, 12), ["2025Q4"]),
    ("2024年9月4日に発表した", (2024, 9), ["2024-09"]),
    ("11月21日、決算を発表", (2024, 11), ["2024-11"]),
    ("X社は18日、調達を発表した", (2025, 6), ["2025-06"]),
    ("X社は18日、調達を発表した", None, []),
    ("1日あたり25億件", (2025, 6), []),
    ("2025年度および第4四半期(2025年1〜3月)", None, ["FY2025", "FY2025Q4"]),
    ("2025年度の売上高は…。第4・四半期の売上高は", None, ["FY2025", "FY2025Q4"]),
    ("第4四半期の売上", None, []),
    ("2025年4〜6月期(2026年3月期第1四半期):", None, ["FY2026Q1"]),
    ("2022年第2四半期(4~6月)の決算", None, ["2022Q2"]),
    ("2016会計年度第1四半期(2015年6~8月)", None, ["FY2016Q1"]),
    ("2025年度(2024年4月〜2025年3月)の売上", None, ["FY2025"]),
    ("2025年1月から3月期", None, ["2025Q1"]),
    ("23年7〜9月期", None, ["2023Q3"]),
    ("2024年4～6月の売上", None, ["2024Q2"]),
    ("2024年末時点", None, ["2024-12"]),
    ("2022年は伸び、6月には", (2025, 3), ["2022", "2022-06"]),
    ("6月には", (2025, 8), ["2025-06"]),
    ("11月に調達", (2026, 1), ["2025-11"]),
    ("24年3月の利用者", None, ["2024-03"]),
    ("2025年の投資額は前年の1.5倍", (2026, 2), ["2025", "2024"]),
    ("昨年の投資額", (2026, 2), ["2025"]),
    ("In Q4, revenue was", None, []),
    ("2023年通期:", None, ["2023"]),
)


@pytest.mark.parametrize("text, reference, expected", RELATIVE_AND_GLOSSES)
def test_relative_periods_and_glosses(text, reference, expected):
    year, month = reference or (None, None)
    assert [p.period for p in find_periods(text, year, month)] == expected


# (text, reference date, month the company's fiscal year ends in, period): fiscal periods per company
FISCAL = (
    ("2025年8〜10月期", None, 1, "FY2026Q3"),      # NVIDIA: year to January
    ("8〜10月期", (2025, 11), 1, "FY2026Q3"),
    ("2022年6〜8月期", None, 5, "FY2023Q1"),       # Oracle: year to May
    ("2024年6〜8月期", None, 11, "FY2024Q3"),      # Adobe: year to November
    ("23年7〜9月期", None, 6, "2023Q3"),           # a calendar quarter stays one
    ("2024年第2四半期", None, 11, "2024Q2"),       # a numbered quarter is fiscal only when the text says so
    ("2025年度第1四半期", None, 12, "FY2025Q1"),
    ("4Q24の売上", None, 1, "2024Q4"),
    ("今期の売上高", (2024, 9), 3, "FY2025"),
    ("前期の売上高", (2024, 2), 3, "FY2023"),
    ("今年度の予算", (2024, 5), 3, "FY2025"),
    ("今期の売上高", None, 3, ""),
    ("2025年3月期", None, 3, "FY2025"),
    ("2028年11月〜29年1月期の売上", None, 10, "FY2029Q1"),  # a range across a year end, its second year written
    ("2027年4〜9月期", None, 3, "FY2028H1"),       # six months of a fiscal year: its half
    ("2027年4月〜2028年3月の売上", None, 3, "FY2028"),
    ("2027年9月30日に終了した6カ月間", None, 3, "FY2028H1"),
)


@pytest.mark.parametrize("text, reference, year_end, expected", FISCAL)
def test_fiscal_periods_follow_the_company(text, reference, year_end, expected):
    year, month = reference or (None, None)
    periods = find_periods(text, year, month)
    assert [p.resolve(year_end) for p in periods] == ([expected] if expected else [""] * len(periods))


@pytest.mark.parametrize("published, reference", (
    ("2024-09-04", Reference(2024, 9)), ("2024-09", Reference(2024, 9)), ("", Reference()), ("不明", Reference())))
def test_reference_from_published(published, reference):
    assert Reference.from_published(published) == reference


# (text, context: the year the article named before (year, fiscal?), reference date, periods): what names no year
IN_CONTEXT = (
    ("6月は9.7%減、7月は9.6%減", (2023, False), None, ["2023-06", "2023-07"]),
    ("6月は9.7%減", (2023, False), (2025, 8), ["2023-06"]),      # the article's year, not the dateline's
    ("2022年は伸び、6月には", (2024, False), None, ["2022", "2022-06"]),  # the text's own year first
    ("6月には", (2025, True), (2025, 8), ["2025-06"]),          # after a fiscal year: the dateline decides
    ("第1四半期は前期比4.2%減", (2023, False), None, ["2023Q1"]),
    ("第4四半期の売上", (2025, True), None, ["FY2025Q4"]),
    ("In Q4, revenue was", (2024, True), None, ["FY2024Q4"]),
    ("通期の売上高", (2025, True), None, ["FY2025"]),
    ("通期の売上高", (2025, False), None, ["2025"]),
    ("通期の売上高", None, None, []),
)


@pytest.mark.parametrize("text, context, reference, expected", IN_CONTEXT)
def test_periods_without_a_year_take_the_article_context(text, context, reference, expected):
    year, month = reference or (None, None)
    found = find_periods(text, year, month, Context(*context) if context else None)
    assert [p.period for p in found] == expected


@pytest.mark.parametrize("periods, expected", (
    (["2023年"], (2023, False)), (["2025年度第2四半期"], (2025, True)), (["2023年", "2025年3月期"], (2025, True)),
    (["2025年3月期", "2024年6月"], (2024, False)), ([], (None, False))))
def test_context_is_the_year_named_last(periods, expected):
    mentions = [p for text in periods for p in find_periods(text)]
    after = Context().after(mentions)
    assert (after.year, after.fiscal) == expected


# (texts read before, in order, text, reference date, periods): a word pointing back takes the period of its
# kind named last (in the text or before it); without one it is no period, or the relative one
POINTING_BACK = (
    (["2031年度第3四半期の営業収益は"], "同四半期の事業別では", None, ["FY2031Q3"]),
    ([], "2029年第1四半期に続き、同四半期の利益も", None, ["2029Q1", "2029Q1"]),
    (["2028年5月の訪問数は"], "同月の利用者数は", None, ["2028-05"]),
    (["2027年に創業した"], "同年の調達額は", None, ["2027"]),
    ([], "同四半期の事業別では", None, []),
    ([], "当四半期の売上", (2030, 5), ["2030Q2"]),          # nothing named before: the reference date's
    (["2030年第1四半期決算:"], "当四半期の売上", (2030, 5), ["2030Q1"]),  # the quarter reported on
    ([], "前年同月比で12%増えた", (2030, 5), []),
    (["2028年5月の訪問数は"], "前年同四半期比8%増", None, []),
)


@pytest.mark.parametrize("before, text, reference, expected", POINTING_BACK)
def test_words_pointing_back_to_a_period(before, text, reference, expected):
    year, month = reference or (None, None)
    context = Context().after([p for t in before for p in find_periods(t, year, month)])
    assert [p.period for p in find_periods(text, year, month, context)] == expected


# (text, reference date, context year (year, fiscal?), periods): written in other shapes
SHAPES = (
    ("2031 年 11 月に公開", None, None, ["2031-11"]),           # spaces around 年 and 月
    ("2031 年9月時点のユーザー数", None, None, ["2031-09"]),
    ("2031 年 3 月期の決算", None, None, ["FY2031"]),
    ("27年の8月には利用者が", None, None, ["2027-08"]),           # a two-digit year, then の
    ("27年11月までに", None, None, ["2027-11"]),
    ("今年5月の時点で", (2029, 9), None, ["2029-05"]),
    ("今年5月の時点で", None, (2027, False), ["2027-05"]),      # no date known: the year named last
    ("今年5月の時点で", None, None, []),
    ("年初の時点では", (2029, 9), None, ["2029-01"]),
    ("2026年初めの水準", None, None, ["2026"]),           # early in the year: the year
    ("2027年初の利用者は", None, None, ["2027-01"]),
    ("年初来の上昇率", (2029, 9), None, []),                    # year to date: no month
    ("中間期の売上高", None, (2031, True), ["FY2031H1"]),
    ("2031年3月期中間期の営業利益", None, None, ["FY2031H1"]),
    ("2031年3月期第2四半期(中間期)の売上高", None, None, ["FY2031H1"]),  # a second quarter glossed as the half
    ("30代前半のユーザー", None, (2031, False), []),
)


@pytest.mark.parametrize("text, reference, context, expected", SHAPES)
def test_periods_written_in_other_shapes(text, reference, context, expected):
    year, month = reference or (None, None)
    found = find_periods(text, year, month, Context(*context) if context else None)
    assert [p.period for p in found] == expected


@pytest.mark.parametrize("text, is_date", (("7月25日に発表", True), ("2024年4月24日の株価", True),
                                           ("7月には", False), ("2024年4月の利用者", False)))
def test_a_month_with_a_day_is_a_date(text, is_date):
    assert [p.is_date for p in find_periods(text, 2024, 9)] == [is_date]


@pytest.mark.parametrize("period, reference, expected", (
    ("2028", (2025, 6), True), ("2025", (2025, 6), False), ("2025-07", (2025, 6), True), ("2025-06", (2025, 6), False),
    ("2025Q3", (2025, 6), True), ("2025Q2", (2025, 6), False), ("2025H2", (2025, 6), True), ("2026", (2025, None), True),
    ("2025-12", (2025, None), False), ("FY2030", (2025, 6), False), ("", (2025, 6), False), ("2030", (None, None), False)))
def test_starts_after(period, reference, expected):
    assert starts_after(period, *reference) is expected


# (text, reference date, context year (year, fiscal?), periods): the shapes reports give a period in
REPORT_SHAPES = (
    ("Q3 FY2027の決算", None, None, ["FY2027Q3"]),             # fiscal quarters written in English
    ("Q 1/FY 2029 の売上", None, None, ["FY2029Q1"]),
    ("FY28 Q2の売上", None, None, ["FY2028Q2"]),
    ("FY29の計画", None, None, ["FY2029"]),
    ("2027年第3四半期(Q3 FY2027)の売上", None, None, ["FY2027Q3"]),  # the fiscal name in brackets is the more precise
    ("28年6月期第2四半期の売上", None, None, ["FY2028Q2"]),      # two-digit years before 月期 and 年度
    ("29年度の売上", None, None, ["FY2029"]),
    ("平成29年度の予算", None, None, []),                       # a year of an era is no year of this century
    ("2027年1-6月期の調達額", None, None, ["2027H1"]),            # six months: a half, twelve: the year
    ("2027年7〜12月期には", None, None, ["2027H2"]),
    ("2027年6月30日に終了した6ヶ月間の売上", None, None, ["2027H1"]),  # a span that ended on a date
    ("2027年9月30日に終了した四半期の売上", None, None, ["2027Q3"]),
    ("2027年3月31日に終了した会計年度の売上", None, None, ["FY2027"]),
    ("2027年の決算。うち10~12月の売上高", None, None, ["2027", "2027Q4"]),  # a range without 期 or a year
    ("うち10~12月の売上高", None, (2027, False), ["2027Q4"]),
    ("うち10~12月の売上高", (2028, 2), (2031, False), ["2027Q4"]),   # a dated article: the latest one by then
    ("上期は増収", None, (2028, True), ["FY2028H1"]),             # 上期 and 下期 alone: of the year named last
    ("下期の売上", None, (2028, False), ["2028H2"]),
    ("5年以上期待される", None, (2028, True), []),
    ("通年の売上高", None, (2027, False), ["2027"]),
    ("執筆時点の利用者は", (2027, 8), None, ["2027-08"]),         # the time of writing: the month of publication
    ("執筆時点の利用者は", None, None, []),
    ("前年末比12%増", (2027, 5), None, []),                      # the start of a comparison is no period
    ("前期末比3%減", (2027, 5), None, []),
    ("前月末比で2%増", (2027, 5), None, []),
)


@pytest.mark.parametrize("text, reference, context, expected", REPORT_SHAPES)
def test_periods_in_the_shapes_of_reports(text, reference, context, expected):
    year, month = reference or (None, None)
    found = find_periods(text, year, month, Context(*context) if context else None)
    assert [p.period for p in found] == expected


# (text, context year (year, fiscal?), periods): a bracket after a period can make it more precise
GLOSSES_THAT_NARROW = (
    ("2027年度(2028年3月期)の連結決算", None, ["FY2028"]),          # the year named by the month it ends in
    ("2028年3月期(27年4~6月)の連結決算", None, ["FY2028Q1"]),       # months of a fiscal year: its quarter, its half
    ("2028年3月期(27年4~9月)の連結決算", None, ["FY2028H1"]),
    ("2028年3月期(27年4月~28年3月)の連結決算", None, ["FY2028"]),
    ("第3四半期単独(2027年10月~12月)の売上", (2027, True), ["FY2028Q3"]),  # the months fix the fiscal year
    ("第4四半期(4〜6月)の売上", (2027, False), ["FY2027Q4"]),       # no calendar Q4: a fiscal one
    ("第2四半期(4〜6月)の売上", (2027, False), ["2027Q2"]),         # the calendar quarter restated
    ("2028年度第2四半期(5〜7月)の売上", None, ["FY2028Q2"]),        # months without a year keep the year named
    ("2028会計年度(2027年2~4月)第1四半期", None, ["FY2028", "FY2028Q1"]),  # a bracket names no year for what follows
    ("29年8月期第3四半期累計(28年9月~29年5月)の決算", None, ["FY2029Q3"]),
)


@pytest.mark.parametrize("text, context, expected", GLOSSES_THAT_NARROW)
def test_glosses_that_make_a_period_more_precise(text, context, expected):
    found = find_periods(text, None, None, Context(*context) if context else None)
    assert [p.period for p in found] == expected


# (texts read before, text, periods): 今2Q is a quarter of the latest fiscal year the article named, 前4Q the
# latest quarter 4 before the quarter it named last
THIS_FISCAL_YEAR = (
    (["2029年6月期2Q(2028年10-12月期)は増収。", "2028年6月期1Qから続いた"], "今2Qの売上", ["FY2029Q2"]),
    (["2029年6月期2Qは増収。", "2028年6月期1Qから続いた"], "前4Q7億ドル、今1Q9億ドル", ["FY2028Q4", "FY2029Q1"]),
    (["2029年3月期第3四半期は増収。"], "前1Qの売上", ["FY2029Q1"]),
    (["2029年3月期第3四半期は増収。"], "今期第3四半期の売上", ["FY2029Q3"]),
    ([], "今2Qの売上", []),
    (["2029年3月期第3四半期は増収。"], "前期比で5%増", []),
)


@pytest.mark.parametrize("before, text, expected", THIS_FISCAL_YEAR)
def test_quarters_of_the_fiscal_year_reported_on(before, text, expected):
    context = Context().after([p for t in before for p in find_periods(t)])
    assert [p.period for p in find_periods(text, None, None, context)] == expected


# (text, reference date, how the company's fiscal year runs, period): a fiscal year is named by the year it ends
# in, so the number before 年度 is read as the company numbers its years (a Japanese company's 2027年度 runs to
# March 2028, the year its 2028年3月期 names)
NUMBERED_YEARS = (
    ("2027年度の売上高", None, FiscalYear(3, True), "FY2028"),
    ("2028年3月期の売上高", None, FiscalYear(3, True), "FY2028"),
    ("今年度の売上高", (2027, 5), FiscalYear(3, True), "FY2028"),
    ("2027年度第3四半期", None, FiscalYear(3, True), "FY2028Q3"),
    ("2027年度上期", None, FiscalYear(3, True), "FY2028H1"),
    ("2027年度の売上高", None, FiscalYear(1), "FY2027"),           # an American company's own number
    ("2027年度の売上高", None, FiscalYear(9, True), "FY2027"),      # a year to September: most of it in 2027
    ("2027年度の売上高", None, FiscalYear(12, True), "FY2027"),     # a calendar fiscal year: the same either way
    ("2028年度(2027年4月〜2028年3月)の売上", None, FiscalYear(3, True), "FY2028"),  # its months fix the year
    ("FY2027の売上", None, FiscalYear(3, True), "FY2027"),          # FY as the text writes it
)


@pytest.mark.parametrize("text, reference, fiscal_year, expected", NUMBERED_YEARS)
def test_fiscal_years_numbered_as_the_company_numbers_them(text, reference, fiscal_year, expected):
    year, month = reference or (None, None)
    assert [p.resolve(fiscal_year) for p in find_periods(text, year, month)] == [expected]


def test_what_follows_a_numbered_year_is_of_that_year():
    context = Context().after(find_periods("2027年度の決算"))
    found = find_periods("第4四半期の売上高、中間期の利益", None, None, context)
    assert [p.resolve(FiscalYear(3, True)) for p in found] == ["FY2028Q4", "FY2028H1"]


@pytest.mark.parametrize("company, fiscal_year", (
    ("NEC", FiscalYear(3, True)), ("NVIDIA", FiscalYear(1, False)), ("Alibaba", FiscalYear(3, False)),
    ("an unknown name", FiscalYear())))
def test_the_gazetteer_says_how_a_company_numbers_its_years(company, fiscal_year):
    assert load_gazetteer().fiscal_year(company) == fiscal_year
