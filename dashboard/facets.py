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

import numpy as np

from dashboard.filters import (
    ACTUAL,
    ARTICLE_FILTERS,
    STATUS_ORDER,
    FilterOptions,
    CorpusIndex,
    FilterState,
    article_mask,
    corpus_index,
    filter_figures,
    rows_of,
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


def option_counts(corpus: Corpus, state: FilterState, options: FilterOptions,
                  index: CorpusIndex | None = None) -> OptionCounts:
    """The count of every option that matches something under the other filters of `state` (`index`: the
    corpus's CorpusIndex, when it is kept)."""
    index = corpus_index(corpus) if index is None else index
    members, articles = index.members, corpus.articles
    article_ids = articles["article_id"].tolist()
    counts: dict[str, dict[str, int]] = {}

    def passing(chosen: FilterState) -> tuple[np.ndarray, set[str], np.ndarray]:
        mask = article_mask(corpus, chosen, members)
        return mask, {a for a, keep in zip(article_ids, mask) if keep}, rows_of(mask, index.positions["figures"])

    for name in ARTICLE_FILTERS:
        others = replace(state, **{name: ()})
        mask, ids, of_ids = passing(others)
        if name == "article":
            figures = filter_figures(corpus.figures, articles, ids, others, of_ids)
            per_article = Counter(figures["article_id"].tolist())
            counts[name] = {a: per_article[a] for a in options.article if a in ids}
            continue
        found = Counter(value for values in members[name][mask] for value in values)
        counts[name] = {option: found[option] for option in getattr(options, name) if found[option]}
    mask, ids, of_ids = passing(state)
    any_status = filter_figures(corpus.figures, articles, ids, replace(state, status=STATUS_ORDER), of_ids)
    stated = Counter(status or ACTUAL for status in any_status["status"].tolist())
    counts["status"] = {s: stated[s] for s in options.status if stated[s]}
    any_period = filter_figures(corpus.figures, articles, ids, replace(state, period_from="", period_to=""), of_ids)
    counts["period"] = period_counts(Counter(any_period["period"].tolist()), options.period)
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
