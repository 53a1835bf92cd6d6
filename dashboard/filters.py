"""Filter state <-> URL query parameters (shareable links), and filters applied to the corpus frames.

Everything above `sync_filters` is pure and testable without a server; `sync_filters` is the thin
Streamlit shell that keeps the sidebar widgets and `st.query_params` in step, both ways.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.formatting import CURRENCY_MODES, escape_markdown, format_period
from dashboard.periods import is_period, overlaps, parse_period, period_sort_key
from loaders import Corpus, status_labels

LIST_PARAMS = ("publisher", "article", "theme", "company", "status")
PARAM_NAMES = (*LIST_PARAMS, "period_from", "period_to", "currency", "present", "slide")
PARAM_LABELS = {"publisher": "発行元", "article": "記事", "theme": "テーマ", "company": "企業", "status": "状態",
                "period_from": "期間（から）", "period_to": "期間（まで）"}
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
PERIOD_EXAMPLES = "2023, 2023Q4, 2023H1, 2023-06, FY2024"
ACTUAL = "actual"
STATUS_ORDER = ("actual", "forecast", "target", "consensus", "in_talks")


@dataclass(frozen=True)
class FilterState:
    """What the reader chose; field names are the query parameter names."""

    publisher: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    status: tuple[str, ...] = ()  # how figures are stated; none chosen: actuals only (never mixed unasked)
    period_from: str = ""
    period_to: str = ""
    currency: str = "native"
    present: bool = False
    slide: int = 0  # in presentation mode: 0 is the title screen, n the deck's n-th chart


@dataclass(frozen=True)
class FilterOptions:
    """The values the corpus offers for each list filter, and the periods its figures name."""

    publisher: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    period: tuple[str, ...] = ()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


def _split_themes(themes: Iterable[str]) -> set[str]:
    return {t for value in themes if isinstance(value, str) for t in value.split("|") if t}


def filter_options(corpus: Corpus, known_themes: Iterable[str] = ()) -> FilterOptions:
    """Every publisher, article, theme, company and period the corpus holds (themes also from the rules)."""
    articles, figures = corpus.articles, corpus.figures
    themes = _split_themes(articles["themes"]) | _split_themes(figures["themes"]) | set(corpus.theme_scores["theme"])
    ordered_themes = [t for t in dict.fromkeys(known_themes)] + sorted(themes - set(known_themes))
    companies = set(corpus.companies["company"]) | set(figures["company"])
    periods = {p for p in figures["period"] if is_period(p)}
    periods |= {p[:4] for p in periods if not p.startswith("FY")}  # whole years to filter by
    return FilterOptions(
        publisher=tuple(sorted({p for p in articles["publisher"] if p}, key=_fold)),
        article=tuple(articles["article_id"]),
        theme=tuple(ordered_themes),
        company=tuple(sorted({c for c in companies if c}, key=_fold)),
        status=tuple(s for s in STATUS_ORDER if s in set(figures["status"].replace("", ACTUAL))),
        period=tuple(sorted(periods, key=period_sort_key)),
    )


def _values(raw: str | Iterable[str] | None) -> list[str]:
    """Query values as a list of non-empty stripped strings, duplicates dropped."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return list(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def normalized_params(params: Mapping[str, str | Iterable[str] | None]) -> dict[str, tuple[str, ...]]:
    """Only our parameters, each as a tuple of non-empty values (for comparing two URLs)."""
    return {name: tuple(_values(params.get(name))) for name in PARAM_NAMES if _values(params.get(name))}


def _match_options(name: str, values: list[str], offered: tuple[str, ...], notices: list[str]) -> tuple[str, ...]:
    by_fold = {_fold(option): option for option in offered}
    kept = []
    for value in values:
        option = value if value in offered else by_fold.get(_fold(value))
        if option is None:
            notices.append(f"{PARAM_LABELS[name]}「{escape_markdown(value)}」はこのデータにないため、条件から外しました。")
        elif option not in kept:
            kept.append(option)
    return tuple(kept)


def _period_value(name: str, values: list[str], notices: list[str]) -> str:
    if not values:
        return ""
    value = values[0].upper()
    if is_period(value):
        return value
    notices.append(f"{PARAM_LABELS[name]}「{escape_markdown(values[0])}」を期間として読み取れないため、条件から外しました"
                   f"（例: {PERIOD_EXAMPLES}）。")
    return ""


def parse_params(params: Mapping[str, str | Iterable[str] | None],
                 options: FilterOptions) -> tuple[FilterState, tuple[str, ...]]:
    """URL parameters -> a valid FilterState, and a Japanese notice for every value that was dropped."""
    notices: list[str] = []
    lists = {name: _match_options(name, _values(params.get(name)), getattr(options, name), notices)
             for name in LIST_PARAMS}
    period_from = _period_value("period_from", _values(params.get("period_from")), notices)
    period_to = _period_value("period_to", _values(params.get("period_to")), notices)
    if period_from and period_to and parse_period(period_from).start > parse_period(period_to).end:
        period_from, period_to = period_to, period_from
        notices.append("期間の開始と終了が逆だったため、入れ替えました。")
    currency = (_values(params.get("currency")) or ["native"])[0].lower()
    if currency not in CURRENCY_MODES:
        notices.append(f"金額の表示「{escape_markdown(currency)}」は使えないため、元の通貨で表示します（native または usd）。")
        currency = "native"
    present_values = [v.lower() for v in _values(params.get("present"))]
    present = bool(present_values) and present_values[0] in TRUE_WORDS
    if present_values and present_values[0] not in TRUE_WORDS + FALSE_WORDS:
        notices.append(f"present「{escape_markdown(present_values[0])}」は 1 か 0 で指定してください。通常表示にしました。")
    slide = _slide_value(_values(params.get("slide")), notices) if present else 0
    state = FilterState(**lists, period_from=period_from, period_to=period_to, currency=currency, present=present,
                        slide=slide)
    return state, tuple(notices)


def _slide_value(values: list[str], notices: list[str]) -> int:
    if not values:
        return 0
    if values[0].isascii() and values[0].isdigit():
        return int(values[0])
    notices.append(f"slide「{escape_markdown(values[0])}」は 0 以上の整数で指定してください。表紙を表示します。")
    return 0


FILTER_SEPARATOR = "／"


def describe_filters(state: FilterState, theme_labels: Mapping[str, str] | None = None,
                     article_titles: Mapping[str, str] | None = None) -> str:
    """The active filters in one Japanese line: 企業: OpenAI／期間: 2023年〜／テーマ: 資金調達 ("" when none)."""
    theme_labels, article_titles = theme_labels or {}, article_titles or {}
    parts = []
    if state.company:
        parts.append("企業: " + "・".join(state.company))
    if state.period_from or state.period_to:
        start = format_period(state.period_from) if state.period_from else ""
        end = format_period(state.period_to) if state.period_to else ""
        parts.append(f"期間: {start}〜{end}")
    if state.theme:
        parts.append("テーマ: " + "・".join(theme_labels.get(t, t) for t in state.theme))
    if state.publisher:
        parts.append("発行元: " + "・".join(state.publisher))
    if state.article:
        titles = [article_titles.get(a, a) for a in state.article]
        parts.append(f"記事: {titles[0]}" + (f" ほか{len(titles) - 1}件" if len(titles) > 1 else ""))
    if state.currency == "usd":
        parts.append("金額: USD換算")
    return FILTER_SEPARATOR.join(parts)


def to_params(state: FilterState) -> dict[str, list[str] | str]:
    """FilterState -> query parameters; defaults are left out so that a plain link stays plain."""
    params: dict[str, list[str] | str] = {name: list(getattr(state, name)) for name in LIST_PARAMS
                                          if getattr(state, name)}
    for name in ("period_from", "period_to"):
        if getattr(state, name):
            params[name] = getattr(state, name)
    if state.currency != "native":
        params["currency"] = state.currency
    if state.present:
        params["present"] = "1"
        if state.slide:
            params["slide"] = str(state.slide)
    return params


@dataclass(frozen=True)
class View:
    """The corpus as the current filters show it (full corpus kept for the load report and the text).

    The sentences and terms — the largest frames, read by few pages — are narrowed when first asked for."""

    corpus: Corpus
    state: FilterState
    articles: pd.DataFrame
    companies: pd.DataFrame
    figures: pd.DataFrame
    kept: np.ndarray | None = None  # per article of corpus.articles, whether the view holds it (None: all)
    index: CorpusIndex | None = None

    @cached_property
    def sentences(self) -> pd.DataFrame:
        return self._narrowed("sentences")

    @cached_property
    def terms(self) -> pd.DataFrame:
        return self._narrowed("terms")

    def _narrowed(self, name: str) -> pd.DataFrame:
        frame = getattr(self.corpus, name)
        if self.kept is None:
            return frame
        if self.index is not None:
            keep = rows_of(self.kept, self.index.positions[name])
        else:
            keep = frame["article_id"].isin(self.articles["article_id"].tolist())
        return frame[keep].reset_index(drop=True)

    def frame(self, name: str) -> pd.DataFrame:
        """The filtered figures of one frame (funding, revenue or traffic)."""
        return self.figures[self.figures["frame"] == name].reset_index(drop=True)


# The list filters that choose articles (状態 chooses figures).
ARTICLE_FILTERS = ("publisher", "article", "theme", "company")
Members = Mapping[str, pd.Series]


def _per_article(article_ids: list[str], values: Mapping[str, set[str]]) -> pd.Series:
    return pd.Series([frozenset(values.get(a, ())) for a in article_ids], dtype="object")


def _grouped(frame: pd.DataFrame, column: str, split: bool = False) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    # lists, not the columns: iterating an Arrow-backed column costs microseconds per value
    for article_id, value in zip(frame["article_id"].tolist(), frame[column].tolist()):
        items = _split_themes([value]) if split else ({value} if isinstance(value, str) and value else set())
        if items:
            found.setdefault(article_id, set()).update(items)
    return found


def article_members(corpus: Corpus) -> dict[str, pd.Series]:
    """For each article filter, per article (in the order of `corpus.articles`) the set of values it matches.

    An article has a theme when its own themes name it or one of its figures' paragraphs does; it has a company
    when it mentions it or one of its figures is about it.
    """
    articles, figures = corpus.articles, corpus.figures
    article_ids = articles["article_id"].tolist()
    themes = _grouped(figures, "themes", split=True)
    for article_id, own in zip(article_ids, articles["themes"].tolist()):
        themes.setdefault(article_id, set()).update(_split_themes([own]))
    companies = _grouped(corpus.companies, "company")
    for article_id, names in _grouped(figures, "company").items():
        companies.setdefault(article_id, set()).update(names)
    return {
        "publisher": _per_article(article_ids, _grouped(articles, "publisher")),
        "article": _per_article(article_ids, {a: {a} for a in article_ids}),
        "theme": _per_article(article_ids, themes),
        "company": _per_article(article_ids, companies),
    }


# The frames whose rows belong to an article (narrowed with the articles).
ARTICLE_ROWS = ("companies", "figures", "sentences", "terms")


@dataclass(frozen=True)
class Coded:
    """A column as codes into its distinct values (pd.factorize; -1 for a missing value): a test of each distinct
    value is a test of every row, and counting rows is one bincount."""

    codes: np.ndarray
    values: tuple

    @classmethod
    def of(cls, values: pd.Series) -> Coded:
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        return cls(np.asarray(codes, dtype=np.int64), tuple(distinct.tolist()))

    def where(self, test: Callable[[object], bool]) -> np.ndarray:
        """Per row, `test` of its value (called once per distinct value; a missing value is tested as None)."""
        outcome = np.fromiter((bool(test(value)) for value in self.values), dtype=bool, count=len(self.values))
        return np.where(self.codes >= 0, outcome[self.codes] if len(outcome) else False, bool(test(None)))

    def isin(self, wanted: Iterable[object]) -> np.ndarray:
        wanted = set(wanted)
        return self.where(lambda value: value in wanted)

    def counts(self, mask: np.ndarray) -> dict[object, int]:
        """How many rows of `mask` hold each value (values held by none left out)."""
        codes = self.codes[mask]
        found = np.bincount(codes[codes >= 0], minlength=len(self.values))
        return {value: int(n) for value, n in zip(self.values, found) if n}


@dataclass(frozen=True)
class CorpusIndex:
    """What filtering needs from a corpus, built once per corpus: the article filters' values per article
    (`article_members`); for each frame of ARTICLE_ROWS, the position in `corpus.articles` of every row's
    article (so that narrowing a frame to some articles is one array lookup, not a search of every row's id);
    and the figures' company, status, themes (a paragraph's, else its article's) and period as codes, so that
    the figure filters test each distinct value once (`figure_mask`)."""

    members: Members
    positions: Mapping[str, np.ndarray]
    figures: Mapping[str, Coded] = field(default_factory=dict)
    # per article filter, every (article, value) pair of `members` as two arrays: the article's position and the
    # value coded, so that the articles having one of some values, or the count of each value, is one array step
    pairs: Mapping[str, tuple[np.ndarray, Coded]] = field(default_factory=dict)

    def article_mask(self, state: FilterState) -> np.ndarray:
        """Per article, whether it passes the publisher, article, theme and company filters (article_mask)."""
        n_articles = len(next(iter(self.members.values()))) if self.members else 0
        keep = np.ones(n_articles, dtype=bool)
        for name in ARTICLE_FILTERS:
            wanted = getattr(state, name)
            if wanted:
                articles, values = self.pairs[name]
                chosen = np.zeros(n_articles, dtype=bool)
                chosen[articles[values.isin(wanted)]] = True
                keep &= chosen
        return keep

    def value_counts(self, name: str, mask: np.ndarray) -> dict[str, int]:
        """How many articles of `mask` have each value of one article filter."""
        articles, values = self.pairs[name]
        return values.counts(mask[articles])


def _pairs(values: pd.Series) -> tuple[np.ndarray, Coded]:
    sizes = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    flat = [value for found in values for value in sorted(found)]
    return np.repeat(np.arange(len(values)), sizes), Coded.of(pd.Series(flat, dtype="object"))


def figure_themes_column(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Each figure's themes as the theme filter reads them: its paragraph's, else its article's (joined with |)."""
    own = figures["themes"].fillna("")
    of_article = figures["article_id"].map(pd.Series(articles["themes"].fillna("").to_numpy(),
                                                     index=articles["article_id"].to_numpy()))
    return own.where(own != "", of_article.fillna(""))


def corpus_index(corpus: Corpus) -> CorpusIndex:
    """The CorpusIndex of `corpus`."""
    order = pd.Index(corpus.articles["article_id"].tolist())
    positions = {name: order.get_indexer(getattr(corpus, name)["article_id"].tolist()) for name in ARTICLE_ROWS}
    figures = corpus.figures
    coded = {
        "company": Coded.of(figures["company"]),
        "status": Coded.of(figures["status"].where(figures["status"] != "", ACTUAL)),
        "themes": Coded.of(figure_themes_column(figures, corpus.articles)),
        "period": Coded.of(figures["period"]),
    }
    members = article_members(corpus)
    return CorpusIndex(members, positions, coded, {name: _pairs(values) for name, values in members.items()})


def figure_mask(state: FilterState, index: CorpusIndex, article_rows: np.ndarray,
                status: tuple[str, ...] | None = None, periods: bool = True) -> np.ndarray:
    """Per figure of the corpus, whether it passes `state` (filter_figures' rules) given whether its article
    passes (`article_rows`); `status` instead of the state's, and `periods=False` to ignore the period."""
    coded = index.figures
    keep = article_rows.copy()
    if state.company:
        keep &= coded["company"].isin(state.company)
    keep &= coded["status"].isin((state.status if status is None else status) or (ACTUAL,))
    if state.theme:
        wanted = set(state.theme)
        keep &= coded["themes"].where(lambda value: bool(_split_themes([value]) & wanted))
    if periods and (state.period_from or state.period_to):
        start = parse_period(state.period_from) if state.period_from else None
        end = parse_period(state.period_to) if state.period_to else None
        keep &= coded["period"].where(lambda p: overlaps(p, start, end))
    return keep


def article_mask(corpus: Corpus, state: FilterState, members: Members | None = None) -> np.ndarray:
    """Per article of `corpus.articles`, whether it passes the publisher, article, theme and company filters."""
    keep = np.ones(len(corpus.articles), dtype=bool)
    for name in ARTICLE_FILTERS:
        wanted = set(getattr(state, name))
        if wanted:
            if members is None:
                members = article_members(corpus)
            keep &= np.fromiter((not values.isdisjoint(wanted) for values in members[name]), dtype=bool,
                                count=len(keep))
    return keep


def rows_of(mask: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Per row of a frame (its articles' `positions`), whether its article is in `mask` (an unknown one: no)."""
    return np.where(positions >= 0, mask[positions], False) if len(mask) else np.zeros(len(positions), dtype=bool)


def selected_article_ids(corpus: Corpus, state: FilterState, members: Members | None = None) -> set[str]:
    """Articles that pass the publisher, article, theme and company filters (`members`: article_members)."""
    return set(corpus.articles["article_id"][article_mask(corpus, state, members)].tolist())


def filter_figures(figures: pd.DataFrame, articles: pd.DataFrame, ids: set[str], state: FilterState,
                   of_ids: np.ndarray | None = None) -> pd.DataFrame:
    """Figures of the selected articles about the chosen companies, themes and periods (`of_ids`: per figure,
    whether its article is in `ids`, when the caller knows it)."""
    rows = figures[of_ids if of_ids is not None else figures["article_id"].isin(ids)]
    if state.company:
        rows = rows[rows["company"].isin(state.company)]
    rows = figures_of_status(rows, state.status)
    if state.theme:
        # A figure carries its paragraph's themes; a paragraph without any takes its article's.
        own = rows["themes"].fillna("")
        of_article = rows["article_id"].map(dict(zip(articles["article_id"], articles["themes"].fillna(""))))
        themes = own.where(own != "", of_article.fillna(""))
        wanted = set(state.theme)
        rows = rows[per_distinct(themes, lambda value: bool(_split_themes([value]) & wanted))]
    if state.period_from or state.period_to:
        start = parse_period(state.period_from) if state.period_from else None
        end = parse_period(state.period_to) if state.period_to else None
        rows = rows[per_distinct(rows["period"], lambda p: overlaps(p, start, end))]
    return rows.reset_index(drop=True)


def per_distinct(values: pd.Series, test: Callable[[object], bool]) -> np.ndarray:
    """`test` of every value as a boolean mask, `test` called once per distinct value (a missing value is
    tested as None): a corpus of many figures names few distinct periods and theme lists."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    outcome = np.fromiter((bool(test(value)) for value in distinct), dtype=bool, count=len(distinct))
    return np.where(codes >= 0, outcome[codes], bool(test(None)))


def figures_of_status(figures: pd.DataFrame, status: tuple[str, ...]) -> pd.DataFrame:
    """The figures stated as one of `status` (none chosen: actuals only); the frame itself when all pass."""
    stated = figures["status"].where(figures["status"] != "", ACTUAL)  # a row without a status is an actual
    keep = stated.isin(status or (ACTUAL,))
    return figures if keep.all() else figures[keep]


def narrowing(state: FilterState) -> tuple:
    """What of `state` decides which rows a View holds (not the currency or presentation mode): a cache key."""
    return (state.publisher, state.article, state.theme, state.company, state.status, state.period_from,
            state.period_to)


def narrows(state: FilterState) -> bool:
    """True when the state drops articles or figures by more than their status (currency and presentation mode
    only change how rows look)."""
    return any(getattr(state, name) for name in (*LIST_PARAMS, "period_from", "period_to") if name != "status")


def apply_filters(corpus: Corpus, state: FilterState, index: CorpusIndex | None = None) -> View:
    """The View of the corpus under `state`: every frame narrowed to the chosen articles and figures (`index`:
    the corpus's CorpusIndex, when it is kept; else the rows are found by their article ids).

    Without a filter the View holds the corpus's own (read-only) frames, the figures only narrowed to the chosen
    statuses: no copy of the other frames, whatever the corpus's size. The sentences and terms are narrowed only
    when a page reads them."""
    if not narrows(state):
        figures = figures_of_status(corpus.figures, state.status)
        return View(corpus=corpus, state=state, articles=corpus.articles, companies=corpus.companies,
                    figures=figures if figures is corpus.figures else figures.reset_index(drop=True))
    mask = article_mask(corpus, state) if index is None else index.article_mask(state)
    articles = corpus.articles[mask].reset_index(drop=True)
    if index is None:
        ids = set(articles["article_id"].tolist())
        return View(corpus=corpus, state=state, articles=articles,
                    companies=corpus.companies[corpus.companies["article_id"].isin(ids)].reset_index(drop=True),
                    figures=filter_figures(corpus.figures, corpus.articles, ids, state), kept=mask)
    figures = corpus.figures[figure_mask(state, index, rows_of(mask, index.positions["figures"]))]
    return View(corpus=corpus, state=state, articles=articles,
                companies=corpus.companies[rows_of(mask, index.positions["companies"])].reset_index(drop=True),
                figures=figures.reset_index(drop=True), kept=mask, index=index)


def article_search_keys(article_ids: Iterable[str], titles: Mapping[str, str]) -> tuple[str, ...]:
    """Each article's title and id folded for searching (NFKC, case and spaces ignored), in the given order."""
    return tuple(_fold(f"{titles.get(a, '')}\n{a}") for a in article_ids)


def article_candidates(article_ids: tuple[str, ...], search_keys: tuple[str, ...], query: str,
                       selected: Iterable[str] = (), limit: int = 50,
                       allowed: Container[str] | None = None) -> list[str]:
    """The articles the 記事 filter offers: the selected ones, then up to `limit` whose title or id contains the
    query (folded; an empty query matches every article) among the `allowed` ones (None: all), in corpus order."""
    chosen = list(dict.fromkeys(selected))
    taken = set(chosen)
    needle = _fold(query)
    found = []
    for article_id, key in zip(article_ids, search_keys):
        if len(found) >= limit:
            break
        if needle in key and article_id not in taken and (allowed is None or article_id in allowed):
            found.append(article_id)
    return chosen + found


# --- Streamlit shell -------------------------------------------------------------------------------------------

WIDGET_KEYS = {name: f"filter_{name}" for name in PARAM_NAMES}
# What the number after an option counts, for the widgets' help texts.
COUNT_HELP = {
    "publisher": "括弧内は、ほかの条件はそのままでその発行元を選んだときの記事数です。",
    "theme": "括弧内は、ほかの条件はそのままでそのテーマを選んだときの記事数です。",
    "company": "括弧内は、ほかの条件はそのままでその企業を選んだときの記事数です。",
    "article": "括弧内は、ほかの条件のもとでのその記事の数値の件数です。",
    "status": "括弧内は、ほかの条件はそのままでその状態を選んだときの数値の件数です。",
    "period": "括弧内は、ほかの条件のもとでその期間に当たる数値の件数です。",
}
WRITTEN_KEY = "_filter_params_written"
# Choices a page makes beyond the filters (指標, the company in 企業ごとの詳細, the KWIC word and its order, the
# ファクト page's timeline company and chosen figure, the sentence the ソース page marks): in the URL too, so that
# a link shows the same view. The page that owns one reads and writes it (`bind_view_param`).
VIEW_PARAMS = ("metric", "detail", "kwic", "kwic_sort", "timeline", "figure", "sentence")
ARTICLE_SEARCH_KEY = "article_search"
ARTICLE_CHOICES = 50  # articles the 記事 filter offers at once; a larger corpus is searched by title


def bind_view_param(param: str, key: str, offered: Iterable[str] | None = None) -> None:
    """Before a page widget is drawn: take its value from the URL when the URL says something this session
    did not write there (a shared link, the back button), and the value is one the widget offers."""
    wanted = st.query_params.get(param)
    if wanted is None or wanted == st.session_state.get(f"_view_{param}"):
        return
    if offered is None or wanted in set(offered):
        st.session_state[key] = wanted


def write_view_param(param: str, value: str, default: str = "") -> None:
    """After a page widget is drawn: its value into the URL (left out when it is the default)."""
    value = value or ""
    if value and value != default:
        if st.query_params.get(param) != value:
            st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[f"_view_{param}"] = value


def widget_value(state: FilterState, name: str):
    """The value a sidebar widget holds for one field of the state."""
    value = getattr(state, name)
    return list(value) if name in LIST_PARAMS else value


def state_from_widgets(session: Mapping) -> FilterState:
    """The FilterState the sidebar widgets hold."""
    values = {}
    for item in fields(FilterState):
        value = session.get(WIDGET_KEYS[item.name], item.default)
        values[item.name] = tuple(value or ()) if item.name in LIST_PARAMS else value
    values["period_from"] = values["period_from"] or ""
    values["period_to"] = values["period_to"] or ""
    values["currency"] = values["currency"] if values["currency"] in CURRENCY_MODES else "native"
    values["present"] = bool(values["present"])
    slide = values["slide"]
    values["slide"] = slide if values["present"] and isinstance(slide, int) and slide > 0 else 0
    return FilterState(**values)


def _drop_stale_widget_values(options: FilterOptions) -> None:
    """Keep only values the corpus still offers (an upload was removed, a knowledge file changed)."""
    for name in LIST_PARAMS:
        key = WIDGET_KEYS[name]
        current = st.session_state.get(key)
        if current:
            offered = set(getattr(options, name))
            kept = [value for value in current if value in offered]
            if kept != list(current):
                st.session_state[key] = kept


def shown_options(offered: Iterable[str], counts: Mapping[str, int] | None, chosen: Iterable[str]) -> list[str]:
    """The options a list shows: those that match something (all when there are no counts) and the chosen ones,
    in the corpus's order."""
    offered, chosen = list(offered), [c for c in chosen if c]
    keep = set(offered if counts is None else counts) | set(chosen)
    return [option for option in offered if option in keep] + [c for c in chosen if c not in offered]


def count_label(label: str, count: int | None) -> str:
    """An option with its count: 「OpenAI（12）」 (the label alone without a count)."""
    return label if count is None else f"{label}（{count:,}）"


def _period_choices(options: FilterOptions, counts: Mapping[str, int] | None) -> list[str]:
    chosen = [st.session_state.get(WIDGET_KEYS[n]) or "" for n in ("period_from", "period_to")]
    return ["", *sorted(shown_options(options.period, counts, chosen), key=period_sort_key)]


def _article_widget(options: FilterOptions, article_titles: Mapping[str, str], search_keys: tuple[str, ...],
                    shown: list[str], label: Callable[[str], str], help_text: str | None) -> None:
    """The 記事 filter: the articles that match something (`shown`), each with its count. A corpus of more than
    ARTICLE_CHOICES articles gets a search box, and the list offers the chosen articles and the first matches
    of the search only (thousands of titles would otherwise go to the browser on every rerun)."""
    if len(options.article) <= ARTICLE_CHOICES:
        offered = shown
    else:
        query = st.text_input("記事を検索", key=ARTICLE_SEARCH_KEY, placeholder=f"タイトルで検索（全{len(options.article):,}件）")
        keys = search_keys if len(search_keys) == len(options.article) else article_search_keys(options.article,
                                                                                                 article_titles)
        offered = article_candidates(options.article, keys, query, st.session_state.get(WIDGET_KEYS["article"]) or (),
                                     ARTICLE_CHOICES, allowed=set(shown))
    st.multiselect("記事", offered, format_func=label, key=WIDGET_KEYS["article"], placeholder="すべての記事",
                   help=help_text)


def _render_widgets(options: FilterOptions, theme_labels: Mapping[str, str],
                    article_titles: Mapping[str, str], counts=None, search_keys: tuple[str, ...] = ()) -> None:
    """The sidebar filters; `counts` (facets.OptionCounts) adds each option's count and leaves out empty ones."""
    def numbers(name: str) -> Mapping[str, int] | None:
        return None if counts is None else getattr(counts, name)

    def choices(name: str) -> list[str]:
        return shown_options(getattr(options, name), numbers(name), st.session_state.get(WIDGET_KEYS[name]) or ())

    def label_of(name: str, mapping: Mapping[str, str] | None = None) -> Callable[[str], str]:
        found, mapping = numbers(name), mapping or {}
        return lambda value: count_label(mapping.get(value, value), None if found is None else found.get(value, 0))

    def help_of(name: str, text: str = "") -> str | None:
        return " ".join(t for t in (text, COUNT_HELP[name] if counts is not None else "") if t) or None

    st.multiselect("発行元", choices("publisher"), format_func=label_of("publisher"), key=WIDGET_KEYS["publisher"],
                   placeholder="すべての発行元", help=help_of("publisher"))
    st.multiselect("テーマ", choices("theme"), format_func=label_of("theme", theme_labels), key=WIDGET_KEYS["theme"],
                   placeholder="すべてのテーマ", help=help_of("theme"))
    st.multiselect("企業", choices("company"), format_func=label_of("company"), key=WIDGET_KEYS["company"],
                   placeholder="すべての企業", help=help_of("company"))
    _article_widget(options, article_titles, search_keys, choices("article"), label_of("article", article_titles),
                    help_of("article"))
    st.multiselect("状態", choices("status"), format_func=label_of("status", status_labels()),
                   key=WIDGET_KEYS["status"], placeholder="実績のみ",
                   help=help_of("status", "予想・目標・市場予想・交渉中の数値は、選んだときだけグラフと表に入ります。"))
    periods = _period_choices(options, numbers("period"))
    left, right = st.columns(2)
    found = numbers("period")
    period_text = lambda period: (count_label(format_period(period), None if found is None else found.get(period, 0))
                                  if period else "指定なし")  # noqa: E731
    left.selectbox("期間（から）", periods, format_func=period_text, key=WIDGET_KEYS["period_from"],
                   help=help_of("period"))
    right.selectbox("期間（まで）", periods, format_func=period_text, key=WIDGET_KEYS["period_to"])
    st.radio("金額の表示", tuple(CURRENCY_MODES), format_func=CURRENCY_MODES.get, key=WIDGET_KEYS["currency"],
             horizontal=True)
    st.toggle("プレゼンテーション表示", key=WIDGET_KEYS["present"],
              help="サイドバーと画面の枠を隠し、文字とグラフを大きくします（URLに present=1）。")


def sync_filters(options: FilterOptions, theme_labels: Mapping[str, str], article_titles: Mapping[str, str],
                 count_options: Callable[[FilterState], object] | None = None, search_keys: tuple[str, ...] = ()
                 ) -> tuple[FilterState, tuple[str, ...]]:
    """Draw the filter widgets (in the current container) and keep them and the URL in step, both ways.

    A URL we did not write (a shared link, a first visit, the browser's back button) sets the widgets;
    otherwise the widgets win and the URL is rewritten. Within a session an empty query string means the
    browser dropped it (a navigation link, going back past our rewrite), so the session's filters stay.
    `count_options` (facets.option_counts for the corpus) gives each option's count for the current state.
    """
    url = normalized_params({name: st.query_params.get_all(name) for name in PARAM_NAMES})
    written = st.session_state.get(WRITTEN_KEY)
    notices: tuple[str, ...] = ()
    if written is not None and (url == written or not url):
        _drop_stale_widget_values(options)
    else:
        state, notices = parse_params(url, options)
        for name in PARAM_NAMES:
            st.session_state[WIDGET_KEYS[name]] = widget_value(state, name)
    chosen = state_from_widgets(st.session_state)
    # An option's label carries its count, which changes with the other filters; the browser sends a choice back
    # as its label, so the values are set again each run (read with last run's labels, kept as values).
    for name in (*LIST_PARAMS, "period_from", "period_to"):
        st.session_state[WIDGET_KEYS[name]] = widget_value(chosen, name)
    counts = count_options(chosen) if count_options is not None else None
    _render_widgets(options, theme_labels, article_titles, counts, search_keys)
    state = state_from_widgets(st.session_state)
    params = to_params(state)
    if normalized_params(params) != url:
        kept = {name: st.query_params.get(name) for name in VIEW_PARAMS if st.query_params.get(name) is not None}
        st.query_params.from_dict({**params, **kept})
    st.session_state[WRITTEN_KEY] = normalized_params(params)
    return state, notices
