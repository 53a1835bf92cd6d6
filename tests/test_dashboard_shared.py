"""What a corpus shares between sessions and reruns: option counts computed once per filter state, kept in a
small least-recently-used store, and filters evaluated once per distinct value."""
import dataclasses

import pandas as pd
import pytest

from dashboard.cache import RecentResults, SessionCorpus
from dashboard.facets import option_counts
from dashboard.filters import FilterState, apply_filters, narrowing, per_distinct
from tests.test_dashboard_filters import CORPUS, corpus_with_statuses

# (values, expected mask for "starts with 2023"): a missing value is tested as None
DISTINCT = (
    (["2023", "2024", "2023", "2023-06"], [True, False, True, True]),
    (["2024", None, "2023"], [False, False, True]),
    ([], []),
)


@pytest.mark.parametrize(("values", "expected"), DISTINCT)
def test_a_filter_is_evaluated_once_per_distinct_value(values, expected):
    calls = []

    def test(value):
        calls.append(value)
        return value is not None and value.startswith("2023")

    mask = per_distinct(pd.Series(values, dtype="string"), test)
    assert mask.tolist() == expected
    assert len(calls) == len(set(values) - {None}) + 1  # each distinct value once, and None once


# (state a, state b, same rows shown): the currency, presentation mode and slide change how rows look only
NARROWING = (
    (FilterState(), FilterState(currency="usd", present=True, slide=2), True),
    (FilterState(company=("OpenAI",)), FilterState(company=("OpenAI",), currency="jpy"), True),
    (FilterState(company=("OpenAI",)), FilterState(company=("Google",)), False),
    (FilterState(), FilterState(status=("forecast",)), False),
    (FilterState(), FilterState(period_to="2023"), False),
)


@pytest.mark.parametrize(("a", "b", "same"), NARROWING)
def test_the_narrowing_key_leaves_out_what_only_changes_the_look(a, b, same):
    assert (narrowing(a) == narrowing(b)) is same


def test_recent_results_compute_a_key_once_and_forget_the_least_recent():
    computed = []
    store = RecentResults(2)

    def get(key):
        return store.get(key, lambda: computed.append(key) or key.upper())

    assert [get("a"), get("b"), get("a"), get("c"), get("a"), get("b")] == ["A", "B", "A", "C", "A", "B"]
    assert computed == ["a", "b", "c", "b"]  # "a" was used after "b", so "b" left when "c" came


STATES = (
    FilterState(),
    FilterState(company=("OpenAI",)),
    FilterState(theme=("earnings",), period_from="2023"),
    FilterState(publisher=("note",), status=("actual", "forecast")),
)


@pytest.mark.parametrize("state", STATES)
def test_a_shared_corpus_counts_and_filters_as_the_plain_functions_do(state):
    shared = SessionCorpus(CORPUS)
    counts = shared.option_counts(state)
    assert counts == option_counts(CORPUS, state, shared.options)
    assert shared.option_counts(dataclasses.replace(state, currency="usd")) is counts  # computed once
    view, plain = shared.view(state), apply_filters(CORPUS, state)
    for name in ("articles", "companies", "figures", "sentences", "terms"):
        pd.testing.assert_frame_equal(getattr(view, name), getattr(plain, name))


def test_statuses_filter_the_same_through_the_shared_corpus():
    corpus = corpus_with_statuses()
    shared = SessionCorpus(corpus)
    state = FilterState(status=("forecast", "target"))
    assert shared.option_counts(state) == option_counts(corpus, state, shared.options)
    pd.testing.assert_frame_equal(shared.view(state).figures, apply_filters(corpus, state).figures)
