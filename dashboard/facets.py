"""Option counts for the sidebar filters: how much each option of each filter would show in the current view.

The counts are faceted: an option of one filter is counted with every *other* filter as it is and its own
filter set to that option alone (options of one filter are alternatives: choosing a second one widens the
view). So 「OpenAI（12）」 says that 12 articles of the current view name OpenAI, whatever companies are
already chosen. Publisher, theme and company options count articles; an article option counts the article's
figures; a status option and a period option count figures. An option that would show nothing is left out
of the list, unless it is chosen (a chosen option stays visible, with its 0, so that it can be removed).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from dashboard.filters import (
    ACTUAL,
    ARTICLE_FILTERS,
    STATUS_ORDER,
    FilterOptions,
    FilterState,
    article_members,
    filter_figures,
    selected_article_ids,
)
from dashboard.periods import overlaps, parse_period
from loaders import Corpus

@dataclass(frozen=True)
class OptionCounts:
    """For each filter, the options that would show something and their counts (an option absent: nothing)."""

    publisher: Mapping[str, int]
    article: Mapping[str, int]
    theme: Mapping[str, int]
    company: Mapping[str, int]
    status: Mapping[str, int]
    period: Mapping[str, int]


def option_counts(corpus: Corpus, state: FilterState, options: FilterOptions) -> OptionCounts:
    """The count of every option that matches something under the other filters of `state`."""
    members = article_members(corpus)
    articles = corpus.articles
    counts: dict[str, dict[str, int]] = {}
    for name in ARTICLE_FILTERS:
        others = replace(state, **{name: ()})
        ids = selected_article_ids(corpus, others, members)
        if name == "article":
            figures = filter_figures(corpus.figures, articles, ids, others)
            per_article = Counter(figures["article_id"])
            counts[name] = {a: per_article[a] for a in options.article if a in ids}
            continue
        found = Counter(value for values in members[name][articles["article_id"].isin(ids)] for value in values)
        counts[name] = {option: found[option] for option in getattr(options, name) if found[option]}
    ids = selected_article_ids(corpus, state, members)
    any_status = filter_figures(corpus.figures, articles, ids, replace(state, status=STATUS_ORDER))
    stated = Counter(status or ACTUAL for status in any_status["status"])
    counts["status"] = {s: stated[s] for s in options.status if stated[s]}
    any_period = filter_figures(corpus.figures, articles, ids, replace(state, period_from="", period_to=""))
    counts["period"] = period_counts(Counter(any_period["period"]), options.period)
    return OptionCounts(**counts)


def period_counts(figure_periods: Mapping[str, int], periods: tuple[str, ...]) -> dict[str, int]:
    """For each period option, how many figures name a period overlapping it (2023 counts 2023Q4 and 2023-06)."""
    counts = {}
    for period in periods:
        span = parse_period(period)
        total = sum(n for named, n in figure_periods.items() if overlaps(named, span, span))
        if total:
            counts[period] = total
    return counts
