"""Facts: figure rows from many articles merged into one fact per thing stated, and conflicts flagged."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.datafiles import DataFileError
from loaders.facts import FactRules, build_facts, conflicting, load_fact_rules, parse_published
from loaders.frames import FIGURE_COLUMNS, frame_from_rows
from loaders.fx import FxTable, load_fx_table

RULES = FactRules(same_unit_tolerance=0.01, percent_tolerance=0.05, currency_tolerance=0.08, window_days=45,
                  single_valued=frozenset({"valuation", "revenue", "users"}))
# 150 yen and 7 yuan to the dollar in 2024, 140 yen in 2023: round numbers keep the tables readable
FX = FxTable({"USD": {2023: 1.0, 2024: 1.0}, "JPY": {2023: 140.0, 2024: 150.0}, "CNY": {2024: 7.0}})


def figure(article, value, unit="USD", company="Cohere", metric="raised", period="", frame="funding",
           status="actual", value_high=None, sentence=None):
    return {"article_id": article, "frame": frame, "company": company, "metric": metric, "value": value,
            "value_high": value_high, "unit": unit, "period": period, "status": status,
            "sentence": sentence or f"{company} {metric} {value:g}{unit} ({article})",
            "paragraph": 0, "sentence_index": 0}


def facts_of(rows, published=None):
    figures = frame_from_rows(rows, {**FIGURE_COLUMNS, "status": "string"})
    articles = pd.DataFrame({"article_id": list((published or {}).keys()),
                             "published": list((published or {}).values())})
    return build_facts(figures, articles, RULES, FX)


DATES = {"a": "2024-05-01", "b": "2024-05-20", "c": "2024-06-14", "d": "2024-08-01", "e": ""}

# (what, figure rows, expected facts as sorted (value, unit, n_sources))
MERGE_CASES = [
    ("same value, same unit, two articles", [figure("a", 5e8), figure("b", 5e8)], [(5e8, "USD", 2)]),
    ("within 1 %", [figure("a", 5.00e8), figure("b", 5.04e8)], [(5e8, "USD", 2)]),
    ("just over 1 % stays apart", [figure("a", 5.00e8), figure("b", 5.06e8)], [(5e8, "USD", 1), (5.06e8, "USD", 1)]),
    ("yen and dollars of one round (750億円 ≈ 5億ドル at 150)", [figure("a", 5e8), figure("b", 7.5e10, "JPY")],
     [(5e8, "USD", 2)]),
    ("rounded conversion within the currency tolerance (約800億円)", [figure("a", 5e8), figure("b", 8.0e10, "JPY")],
     [(5e8, "USD", 2)]),
    ("a conversion beyond it stays apart (900億円)", [figure("a", 5e8), figure("b", 9.0e10, "JPY")],
     [(5e8, "USD", 1), (9e10, "JPY", 1)]),
    ("a currency without rates is never converted", [figure("a", 5e8), figure("b", 5e8, "XAU")],
     [(5e8, "USD", 1), (5e8, "XAU", 1)]),
    ("money and a count never merge", [figure("a", 5e8), figure("b", 5e8, "count")],
     [(5e8, "USD", 1), (5e8, "count", 1)]),
    ("other company", [figure("a", 5e8), figure("b", 5e8, company="Mistral")], [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("other metric", [figure("a", 5e8), figure("b", 5e8, metric="valuation")], [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("other status", [figure("a", 5e8), figure("b", 5e8, status="in_talks")], [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("other period", [figure("a", 5e8, period="2023"), figure("b", 5e8, period="2024")],
     [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("same period, published months apart", [figure("a", 5e8, period="2024"), figure("d", 5e8, period="2024")],
     [(5e8, "USD", 2)]),
    ("no period, published 19 days apart", [figure("a", 5e8), figure("b", 5e8)], [(5e8, "USD", 2)]),
    ("no period, 44 days apart (inside 45)", [figure("a", 5e8), figure("c", 5e8)], [(5e8, "USD", 2)]),
    ("no period, 92 days apart", [figure("a", 5e8), figure("d", 5e8)], [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("no period, one article undated", [figure("a", 5e8), figure("e", 5e8)], [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("twice in one undated article", [figure("e", 5e8), figure("e", 5e8, sentence="again")], [(5e8, "USD", 1)]),
    ("a period and a report without one, 19 days apart", [figure("a", 5e8, period="2024-05"), figure("b", 5e8)],
     [(5e8, "USD", 2)]),
    ("a period and a report without one, 92 days apart", [figure("a", 5e8, period="2024-05"), figure("d", 5e8)],
     [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("two periods never merge, however close the dates", [figure("a", 5e8, period="2024Q1"),
                                                           figure("b", 5e8, period="2024Q2")],
     [(5e8, "USD", 1), (5e8, "USD", 1)]),
    ("percentages within 0.05 points", [figure("a", 17.6, "%", metric="revenue_growth", period="2024"),
                                        figure("b", 17.64, "%", metric="revenue_growth", period="2024")],
     [(17.6, "%", 2)]),
    ("percentages 0.1 points apart", [figure("a", 17.6, "%", metric="revenue_growth", period="2024"),
                                      figure("b", 17.7, "%", metric="revenue_growth", period="2024")],
     [(17.6, "%", 1), (17.7, "%", 1)]),
    ("a range matches the same range", [figure("a", 2e6, value_high=1.4e7), figure("b", 2e6, value_high=1.4e7)],
     [(2e6, "USD", 2)]),
    ("a range is not its low end", [figure("a", 2e6, value_high=1.4e7), figure("b", 2e6)],
     [(2e6, "USD", 1), (2e6, "USD", 1)]),
    ("three articles, majority unit gives the value", [figure("a", 7.5e10, "JPY"), figure("b", 5e8),
                                                      figure("c", 5.02e8)], [(5e8, "USD", 3)]),
]


@pytest.mark.parametrize(("what", "rows", "expected"), MERGE_CASES, ids=[case[0] for case in MERGE_CASES])
def test_merging(what, rows, expected):
    facts = facts_of(rows, DATES)
    got = sorted(zip(facts["value"], facts["unit"], facts["n_sources"]))
    assert got == sorted(expected)


def test_a_fact_keeps_its_sources_dates_and_evidence():
    facts = facts_of([figure("b", 7.5e10, "JPY", sentence="コヒア、750億円を調達"),
                      figure("a", 5e8, sentence="コヒアが5億ドルを調達")], DATES)
    fact = facts.iloc[0]
    assert (fact["n_sources"], fact["n_rows"]) == (2, 2)
    assert fact["article_ids"] == "a|b"  # by publication date
    assert (fact["first_published"], fact["last_published"]) == ("2024-05-01", "2024-05-20")
    assert fact["sentences"].split("\n") == ["コヒアが5億ドルを調達", "コヒア、750億円を調達"]
    assert fact["stated_as"] == "500000000 USD|75000000000 JPY"
    assert fact["value_usd"] == pytest.approx(5e8)


def test_a_fact_takes_the_period_of_the_rows_that_have_one():
    facts = facts_of([figure("b", 7.5e10, "JPY"), figure("a", 5e8, period="2024-05")], DATES)
    assert list(facts["period"]) == ["2024-05"]


def test_value_usd_uses_the_rate_of_the_figures_year():
    facts = facts_of([figure("a", 1.4e10, "JPY", period="2023"), figure("b", 1.5e10, "JPY", period="2024")], DATES)
    assert sorted(facts["value_usd"]) == pytest.approx([1e8, 1e8])


# (what, rows, expected number of facts in a conflict)
CONFLICT_CASES = [
    ("two valuations of one period from two articles", [figure("a", 5.5e9, metric="valuation", period="2024"),
                                                        figure("b", 6.0e9, metric="valuation", period="2024")], 2),
    ("the same valuation in yen is no conflict", [figure("a", 5.5e9, metric="valuation", period="2024"),
                                                  figure("b", 8.25e11, "JPY", metric="valuation", period="2024")], 0),
    ("two rounds in one year are two facts, not a conflict", [figure("a", 5e8, period="2024"),
                                                              figure("b", 2.7e8, period="2024")], 0),
    ("two values in one article are told apart by it", [figure("a", 5.5e9, metric="valuation", period="2024"),
                                                        figure("a", 6.0e9, metric="valuation", period="2024")], 0),
    ("no period, inside the window", [figure("a", 5.5e9, metric="valuation"),
                                      figure("b", 6.0e9, metric="valuation")], 2),
    ("no period, months apart: the valuation changed", [figure("a", 5.5e9, metric="valuation"),
                                                        figure("d", 6.0e9, metric="valuation")], 0),
    ("a period and a report without one, inside the window", [figure("a", 5.5e9, metric="valuation", period="2024-05"),
                                                               figure("b", 6.0e9, metric="valuation")], 2),
    ("two periods never conflict", [figure("a", 5.5e9, metric="valuation", period="2023"),
                                    figure("b", 6.0e9, metric="valuation", period="2024")], 0),
    ("market totals never conflict", [figure("a", 5.5e9, company="", metric="revenue", period="2024"),
                                      figure("b", 6.0e9, company="", metric="revenue", period="2024")], 0),
    ("three sources, two values", [figure("a", 5.5e9, metric="valuation", period="2024"),
                                   figure("b", 5.5e9, metric="valuation", period="2024"),
                                   figure("c", 6.0e9, metric="valuation", period="2024")], 2),
]


@pytest.mark.parametrize(("what", "rows", "expected"), CONFLICT_CASES, ids=[case[0] for case in CONFLICT_CASES])
def test_conflicts(what, rows, expected):
    facts = facts_of(rows, DATES)
    flagged = conflicting(facts)
    assert len(flagged) == expected
    assert flagged["conflict_id"].nunique() == (1 if expected else 0)


def test_facts_are_deterministic_whatever_the_row_order():
    rows = [figure("a", 5e8), figure("b", 7.5e10, "JPY"), figure("c", 5.5e9, metric="valuation"),
            figure("b", 6e9, metric="valuation"), figure("e", 1e6, "count", frame="traffic", metric="users")]
    first, second = facts_of(rows, DATES), facts_of(list(reversed(rows)), DATES)
    pd.testing.assert_frame_equal(first, second)
    assert first["fact_id"].is_unique


def test_no_figures_no_facts():
    assert facts_of([]).empty


@pytest.mark.parametrize(("text", "expected"), [("2024-09-04", (2024, 9, 4)), ("2024-09", (2024, 9, 1)),
                                                 ("2024-09-04T10:00:00+09:00", (2024, 9, 4)), ("", None),
                                                 ("2024-13-01", None), ("令和6年", None)])
def test_parse_published(text, expected):
    parsed = parse_published(text)
    assert (parsed.year, parsed.month, parsed.day) == expected if expected else parsed is None


def test_packaged_rules_and_rates_load():
    rules, fx = load_fact_rules(), load_fx_table()
    assert rules.window_days == 45 and "valuation" in rules.single_valued
    assert fx.to_usd(150.0, "JPY", 2024) == pytest.approx(1.0, rel=0.02)
    assert fx.rate("JPY", 1990) == fx.rate("JPY", min(fx.rates["JPY"]))  # outside the table: the nearest year


@pytest.mark.parametrize(("name", "text", "message"), [
    ("facts.toml", "same_unit_tolerance = \"1%\"\npercent_tolerance = 0.05\ncurrency_tolerance = 0.1\n"
                   "window_days = 45\n", "same_unit_tolerance"),
    ("facts.toml", "same_unit_tolerance = 0.01\npercent_tolerance = 0.05\ncurrency_tolerance = 0.1\n"
                   "window_days = 45\nsingle_valued = \"revenue\"\n", "single_valued"),
    ("fx_rates.toml", "[units_per_usd.JPY]\n2024 = -1\n", "JPY"),
    ("fx_rates.toml", "[units_per_usd.JPY]\n2024 = 150\n[oops\n", "line 3"),
])
def test_broken_files_name_file_and_problem(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as error:
        (load_fact_rules if name == "facts.toml" else load_fx_table)(tmp_path)
    assert name in str(error.value)


def test_a_row_meets_only_the_facts_it_could_agree_with(monkeypatch):
    """2,000 different amounts of one company and metric: each row is compared with a few facts, not all."""
    from loaders import facts as facts_module

    calls = []
    real = facts_module._joins
    monkeypatch.setattr(facts_module, "_joins", lambda *args: calls.append(1) or real(*args))
    rows = [figure("a", 1e8 * 1.2 ** (i % 1000), period=str(2000 + i // 1000)) for i in range(2000)]
    facts = facts_of(rows, DATES)
    assert len(facts) == 2000
    assert len(calls) <= 3 * len(rows)
