"""Option counts: each filter option counted with the other filters as they are, empty options left out."""
import pytest

from dashboard.facets import option_counts, period_counts
from dashboard.filters import FilterState, count_label, filter_options, shown_options
from tests.test_dashboard_filters import CORPUS, OPTIONS, corpus_with_statuses

# (state, filter, expected counts: only options that match something)
COUNTS = (
    (FilterState(), "publisher", {"note": 1, "テック通信": 1}),
    (FilterState(), "theme", {"funding": 1, "earnings": 2, "traffic": 1, "china_ai": 1}),  # robotics: nothing
    (FilterState(), "company", {"Baidu": 1, "Google": 1, "Meta": 1, "OpenAI": 2}),
    (FilterState(), "article", {"a1": 3, "a2": 2, "a3": 1}),  # an article counts its figures
    (FilterState(), "status", {"actual": 6}),
    # a figure of 2023 overlaps every month and quarter of 2023, as the period filter has it
    (FilterState(), "period", {"2023": 4, "2023-05": 2, "2023Q4": 3, "2023-12": 3, "2024": 1}),
    (FilterState(company=("OpenAI",)), "publisher", {"テック通信": 1}),  # a2 has no publisher, a3 no OpenAI
    (FilterState(company=("OpenAI",)), "company", {"Baidu": 1, "Google": 1, "Meta": 1, "OpenAI": 2}),  # own: not
    (FilterState(company=("OpenAI",)), "theme", {"funding": 1, "earnings": 1, "traffic": 1, "china_ai": 1}),
    (FilterState(company=("OpenAI",)), "article", {"a1": 1, "a2": 1}),
    (FilterState(company=("OpenAI",)), "period", {"2023": 1, "2023-05": 1, "2024": 1}),
    (FilterState(publisher=("note",)), "publisher", {"note": 1, "テック通信": 1}),
    (FilterState(publisher=("note",)), "company", {"Google": 1}),
    (FilterState(publisher=("note",)), "theme", {"earnings": 1}),
    (FilterState(publisher=("note",)), "period", {"2023": 1, "2023Q4": 1, "2023-12": 1}),
    (FilterState(theme=("traffic",)), "company", {"Baidu": 1, "OpenAI": 1}),
    (FilterState(theme=("traffic",)), "article", {"a2": 2}),  # the figure without a paragraph theme takes a2's
    (FilterState(theme=("earnings",)), "article", {"a1": 2, "a3": 1}),  # a1: not its funding paragraph
    # a period narrows figures, not articles: every article stays, a3 and a2 with none of their figures
    (FilterState(period_from="2024"), "company", {"Baidu": 1, "Google": 1, "Meta": 1, "OpenAI": 2}),
    (FilterState(period_from="2024"), "article", {"a1": 1, "a2": 0, "a3": 0}),
    (FilterState(period_from="2024"), "period", {"2023": 4, "2023-05": 2, "2023Q4": 3, "2023-12": 3, "2024": 1}),
    (FilterState(publisher=("テック通信",), company=("Baidu",)), "article", {}),
)


@pytest.mark.parametrize(("state", "name", "expected"), COUNTS)
def test_each_option_counts_what_it_would_show(state, name, expected):
    assert getattr(option_counts(CORPUS, state, OPTIONS), name) == expected


# (status filter, expected status counts, expected period counts): periods follow the status filter
STATUS_COUNTS = (
    ((), {"actual": 7, "forecast": 1, "target": 1, "consensus": 1, "in_talks": 1}, 1),
    (("forecast",), {"actual": 7, "forecast": 1, "target": 1, "consensus": 1, "in_talks": 1}, 1),
    (("forecast", "target"), {"actual": 7, "forecast": 1, "target": 1, "consensus": 1, "in_talks": 1}, 2),
)


@pytest.mark.parametrize(("status", "statuses", "in_2025"), STATUS_COUNTS)
def test_status_options_count_figures(status, statuses, in_2025):
    corpus = corpus_with_statuses()
    counts = option_counts(corpus, FilterState(status=status), filter_options(corpus))
    assert counts.status == statuses
    assert counts.period["2025"] == in_2025


def test_an_option_count_is_what_choosing_it_shows():
    # choosing an option alone (the others kept) gives the view its count promised
    from dashboard.filters import apply_filters
    state = FilterState(theme=("earnings",))
    counts = option_counts(CORPUS, state, OPTIONS)
    for company, count in counts.company.items():
        view = apply_filters(CORPUS, FilterState(theme=("earnings",), company=(company,)))
        assert len(view.articles) == count


# (figure periods, period options, expected counts)
PERIODS = (
    ({"2023": 2}, ("2023", "2023H1", "2024"), {"2023": 2, "2023H1": 2}),
    ({"2023-06": 1, "2023Q3": 1}, ("2023", "2023H1", "2023H2"), {"2023": 2, "2023H1": 1, "2023H2": 1}),
    ({"": 3, "不明": 1}, ("2023",), {}),  # figures without a period count for no period
    ({"FY2024": 1}, ("FY2024", "2024"), {"FY2024": 1, "2024": 1}),  # a fiscal year sits on its calendar year
)


@pytest.mark.parametrize(("named", "periods", "expected"), PERIODS)
def test_period_counts(named, periods, expected):
    assert period_counts(named, periods) == expected


# (offered, counts, chosen, shown)
SHOWN = (
    (("a", "b", "c"), {"a": 1, "c": 2}, (), ["a", "c"]),
    (("a", "b", "c"), {"a": 1}, ("b",), ["a", "b"]),  # a chosen option stays, in its place
    (("a", "b"), {}, ("z",), ["z"]),  # a chosen value the corpus does not offer stays last
    (("a", "b"), None, (), ["a", "b"]),  # without counts every option is shown
    (("", "a"), {"a": 1}, ("",), ["a"]),
)


@pytest.mark.parametrize(("offered", "counts", "chosen", "shown"), SHOWN)
def test_shown_options(offered, counts, chosen, shown):
    assert shown_options(offered, counts, chosen) == shown


@pytest.mark.parametrize(("label", "count", "text"), (("OpenAI", 12, "OpenAI（12）"), ("実績", 1234, "実績（1,234）"),
                                                       ("Meta", 0, "Meta（0）"), ("Meta", None, "Meta")))
def test_count_label(label, count, text):
    assert count_label(label, count) == text
