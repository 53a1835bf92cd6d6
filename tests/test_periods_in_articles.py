"""Periods of figures across the sentences of an article: what a number is of, and what later sentences go on in."""
from __future__ import annotations

import pytest

from loaders.cleaning import clean_text
from loaders.companies import find_mentions, load_gazetteer
from loaders.figures import extract_figures
from loaders.metrics import load_lexicon

LEXICON = load_lexicon()
GAZETTEER = load_gazetteer()


def article_periods(lines: list[str], published: tuple[int, int] | None = None) -> list[tuple]:
    year, month = published or (None, None)
    figures = extract_figures(clean_text("\n".join(["決算まとめ", *lines])), lambda s: find_mentions(s, GAZETTEER),
                              LEXICON, year, reference_month=month, fiscal_year_end=GAZETTEER.fiscal_year)
    return [(c.company, round(c.value, 4), c.period) for c, *_ in figures if c.frame]


# (pattern, article lines, rows (company, value, period))
PERIODS_OF_FIGURES = (
    ("a period the number is compared with is not its period",
     ["オープンAIの売上高は2027年には2026年に比べて3倍の120億ドルに増えた。"], [("OpenAI", 1.2e10, "2027")]),
    ("a part of the period (うち) dates its figures; the sentences after it go on with the whole",
     ["シャオミの2027年決算は、売上高が3000億元だった。うち10~12月の売上高は900億元だった。",
      "シャオミのスマホ事業の売上高は1500億元だった。"],
     [("Xiaomi", 3e11, "2027"), ("Xiaomi", 9e10, "2027Q4"), ("Xiaomi", 1.5e11, "2027")]),
    ("a Japanese company's 年度 is the year that starts in it, named by the year it ends in",
     ["NECの2027年度の売上高は3兆6000億円だった。", "NECの2028年3月期の純利益は2000億円、売上高は3兆6000億円。"],
     [("NEC", 3.6e12, "FY2028"), ("NEC", 3.6e12, "FY2028")]),
    ("an American company's 年度 is its own fiscal year",
     ["エヌビディアの2027年度の売上高は2000億ドルだった。"], [("NVIDIA", 2e11, "FY2027")]),
    ("今2Q is the quarter of the fiscal year the report is on",
     ["スーパーマイクロの2029年6月期2Q(2028年10-12月期)の売上高は50億ドルだった。",
      "2028年6月期1Qから増収が続いた。", "今2Qのスーパーマイクロの売上高は前期比で3%減った。"],
     [("Supermicro", 5e9, "FY2029Q2"), ("Supermicro", -3.0, "FY2029Q2")]),
)


@pytest.mark.parametrize("pattern, lines, expected", PERIODS_OF_FIGURES, ids=[p for p, *_ in PERIODS_OF_FIGURES])
def test_periods_of_figures(pattern, lines, expected):
    assert article_periods(lines) == expected


# (pattern, article lines, published (year, month), rows (company, value, period))
UNFINISHED_QUARTERS = (
    ("results of a calendar quarter not over by the article's date are the company's fiscal quarter",
     ["サイバーエージェントは24日、2028年第2四半期決算を発表した。売上高は2,151億円だった。"], (2028, 4),
     [("CyberAgent", 2.151e11, "FY2028Q2")]),
    ("a calendar quarter over by then stays the calendar quarter",
     ["サイバーエージェントは24日、2028年第2四半期決算を発表した。売上高は2,151億円だった。"], (2028, 8),
     [("CyberAgent", 2.151e11, "2028Q2")]),
    ("a company whose fiscal year is the calendar year keeps the calendar quarter",
     ["Googleは24日、2028年第2四半期決算を発表した。売上高は800億ドルだった。"], (2028, 4),
     [("Google", 8e10, "2028Q2")]),
)


@pytest.mark.parametrize("pattern, lines, published, expected", UNFINISHED_QUARTERS,
                         ids=[p for p, *_ in UNFINISHED_QUARTERS])
def test_a_quarter_not_over_by_the_articles_date_is_a_fiscal_one(pattern, lines, published, expected):
    assert article_periods(lines, published) == expected
