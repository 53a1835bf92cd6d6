"""Option counts for the sidebar filters: how much each option of each filter would show in the current view.

The counts are faceted: an option of one filter is counted with every *other* filter as it is and its own
filter set to that option alone (options of one filter are alternatives: choosing a second one widens the
view). So 「OpenAI（12）」 says that 12 articles of the current view name OpenAI, whatever companies are
already chosen. Publisher, theme and company options count articles; an article option counts the article's
figures; a status option and a period option count figures. An option that would show nothing is left out
of the list, unless it is chosen (a chosen option stays visible, with its 0, so that it can be removed).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from dashboard.filters import (
    ARTICLE_FILTERS,
    STATUS_ORDER,
    FilterOptions,
    CorpusIndex,
    FilterState,
    corpus_index,
    figure_mask,
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
    corpus's CorpusIndex, when it is kept).

    Nothing is copied: each count is a mask over the articles or the figures (figure_mask) and one count per
    value of the masked rows."""
    index = corpus_index(corpus) if index is None else index
    article_ids = corpus.articles["article_id"].tolist()
    figure_articles = index.positions["figures"]
    counts: dict[str, dict[str, int]] = {}

    def passing(chosen: FilterState) -> tuple[np.ndarray, np.ndarray]:
        mask = index.article_mask(chosen)
        return mask, rows_of(mask, figure_articles)

    for name in ARTICLE_FILTERS:
        others = replace(state, **{name: ()})
        mask, article_rows = passing(others)
        if name == "article":
            shown = figure_mask(others, index, article_rows)
            per_article = np.bincount(figure_articles[shown & (figure_articles >= 0)], minlength=len(article_ids))
            position = {a: i for i, a in enumerate(article_ids)}
            counts[name] = {a: int(per_article[position[a]]) for a in options.article
                            if a in position and mask[position[a]]}
            continue
        found = index.value_counts(name, mask)
        counts[name] = {option: found[option] for option in getattr(options, name) if found.get(option)}
    _, article_rows = passing(state)
    stated = index.figures["status"].counts(figure_mask(state, index, article_rows, status=STATUS_ORDER))
    counts["status"] = {s: stated[s] for s in options.status if stated.get(s)}
    named = index.figures["period"].counts(figure_mask(state, index, article_rows, periods=False))
    counts["period"] = period_counts({str(p): n for p, n in named.items()}, options.period)
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
