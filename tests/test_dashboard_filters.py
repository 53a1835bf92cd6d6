"""Filters: query parameters parsed and validated, written back, and applied to the corpus frames."""
import dataclasses

import pytest

from dashboard.filters import (
    FilterOptions,
    FilterState,
    apply_filters,
    article_candidates,
    article_search_keys,
    filter_options,
    normalized_params,
    parse_params,
    to_params,
)
from loaders import Corpus, LoadReport
from loaders.frames import (
    ARTICLE_COLUMNS,
    COMENTION_COLUMNS,
    COMPANY_COLUMNS,
    FIGURE_COLUMNS,
    SENTENCE_COLUMNS,
    TERM_COLUMNS,
    THEME_SCORE_COLUMNS,
    frame_from_rows,
)

# (article_id, publisher, themes)
ARTICLES = (
    ("a1", "テック通信", "funding|earnings"),
    ("a2", "", "china_ai|traffic"),
    ("a3", "note", "earnings"),
)
# (article_id, company, mentions)
COMPANIES = (
    ("a1", "OpenAI", 3), ("a1", "Meta", 1),
    ("a2", "Baidu", 2), ("a2", "OpenAI", 1),
    ("a3", "Google", 4),
)
# (article_id, frame, company, metric, value, unit, period, paragraph themes)
FIGURES = (
    ("a1", "funding", "OpenAI", "raised", 6.6e9, "USD", "2024", "funding"),
    ("a1", "revenue", "Meta", "revenue", 1.136e11, "USD", "2023", "earnings"),
    ("a1", "revenue", "", "revenue", 7.5e10, "USD", "", ""),
    ("a2", "traffic", "Baidu", "users", 1e8, "count", "2023-12", "traffic"),
    ("a2", "traffic", "OpenAI", "visits", 1.9e9, "count", "2023-05", ""),
    ("a3", "revenue", "Google", "segment_revenue", 2.378e11, "USD", "2023Q4", "earnings"),
)


def make_corpus() -> Corpus:
    """A three-article corpus written for these tests."""
    articles = frame_from_rows([{"article_id": a, "source_file": f"{a}.txt", "title": f"記事{a}", "publisher": p,
                                 "n_chars": 100, "themes": t} for a, p, t in ARTICLES], ARTICLE_COLUMNS)
    companies = frame_from_rows([{"article_id": a, "company": c, "mentions": m, "is_known": True}
                                 for a, c, m in COMPANIES], COMPANY_COLUMNS)
    figures = frame_from_rows([{"article_id": a, "frame": f, "company": c, "metric": m, "value": v, "unit": u,
                                "period": p, "themes": t, "sentence": f"{c}の{m}"}
                               for a, f, c, m, v, u, p, t in FIGURES], FIGURE_COLUMNS)
    sentences = frame_from_rows([{"article_id": a, "paragraph": 0, "sentence_index": 0, "text": f"{a}の本文"}
                                 for a, _, _ in ARTICLES], SENTENCE_COLUMNS)
    terms = frame_from_rows([{"article_id": a, "paragraph": 0, "term": "生成AI", "count": 2, "pos": "noun"}
                             for a, _, _ in ARTICLES], TERM_COLUMNS)
    return Corpus(articles, companies, figures, sentences, terms, frame_from_rows([], COMENTION_COLUMNS),
                  frame_from_rows([], THEME_SCORE_COLUMNS), LoadReport(), "test")


CORPUS = make_corpus()
OPTIONS = filter_options(CORPUS, known_themes=("funding", "earnings", "traffic", "china_ai", "robotics"))

# (query parameters, expected state fields, expected number of notices)
PARSED = (
    ({}, {}, 0),
    ({"company": ["OpenAI", "Meta"]}, {"company": ("OpenAI", "Meta")}, 0),
    ({"company": "openai"}, {"company": ("OpenAI",)}, 0),  # case and width do not matter
    ({"company": ["ＯｐｅｎＡＩ", "OpenAI"]}, {"company": ("OpenAI",)}, 0),
    ({"company": ["OpenAI", "Nokia"]}, {"company": ("OpenAI",)}, 1),  # unknown company dropped
    ({"theme": ["funding", "earnings"]}, {"theme": ("funding", "earnings")}, 0),
    ({"theme": "robotics"}, {"theme": ("robotics",)}, 0),  # a known theme without articles is fine
    ({"theme": "weather"}, {}, 1),
    ({"publisher": "note"}, {"publisher": ("note",)}, 0),
    ({"article": ["a2", "zz"]}, {"article": ("a2",)}, 1),
    ({"period_from": "2023", "period_to": "2023Q4"}, {"period_from": "2023", "period_to": "2023Q4"}, 0),
    ({"period_from": "fy2024"}, {"period_from": "FY2024"}, 0),
    ({"period_from": "2023-13"}, {}, 1),
    ({"period_to": "昨年"}, {}, 1),
    ({"period_from": "2024", "period_to": "2023"}, {"period_from": "2023", "period_to": "2024"}, 1),  # swapped
    ({"currency": "usd"}, {"currency": "usd"}, 0),
    ({"currency": "USD"}, {"currency": "usd"}, 0),
    ({"currency": "yen"}, {}, 1),
    ({"present": "1"}, {"present": True}, 0),
    ({"present": "0"}, {}, 0),
    ({"present": "maybe"}, {}, 1),
    ({"company": ["", " "]}, {}, 0),  # empty values are ignored
    ({"unrelated": "x"}, {}, 0),
)


@pytest.mark.parametrize(("params", "expected", "n_notices"), PARSED)
def test_params_are_parsed_and_validated(params, expected, n_notices):
    state, notices = parse_params(params, OPTIONS)
    assert state == dataclasses.replace(FilterState(), **expected)
    assert len(notices) == n_notices


def test_notices_name_the_dropped_value_in_japanese():
    _, notices = parse_params({"company": "Nokia", "period_from": "2023-13"}, OPTIONS)
    assert "企業「Nokia」" in notices[0] and "条件から外しました" in notices[0]
    assert "期間（から）「2023\\-13」" in notices[1]  # markdown-escaped: shown as 2023-13


def test_a_value_from_the_url_cannot_become_a_link_in_the_notice():
    _, (notice,) = parse_params({"company": "[公式](https://evil.example)"}, OPTIONS)
    assert "](" not in notice and "\\[公式\\]\\(https\\://evil\\.example\\)" in notice


# (state, expected query parameters)
WRITTEN = (
    (FilterState(), {}),
    (FilterState(company=("OpenAI", "Meta")), {"company": ["OpenAI", "Meta"]}),
    (FilterState(theme=("funding",), currency="usd"), {"theme": ["funding"], "currency": "usd"}),
    (FilterState(period_from="2023", present=True), {"period_from": "2023", "present": "1"}),
)


@pytest.mark.parametrize(("state", "expected"), WRITTEN)
def test_state_becomes_params_and_back(state, expected):
    assert to_params(state) == expected
    assert parse_params(to_params(state), OPTIONS) == (state, ())


def test_normalized_params_compare_only_our_keys():
    assert normalized_params({"company": "OpenAI", "embed": "true", "theme": []}) == {"company": ("OpenAI",)}


def test_options_come_from_the_corpus():
    assert OPTIONS.company == ("Baidu", "Google", "Meta", "OpenAI")
    assert OPTIONS.publisher == ("note", "テック通信")
    assert OPTIONS.article == ("a1", "a2", "a3")
    assert OPTIONS.theme[:5] == ("funding", "earnings", "traffic", "china_ai", "robotics")
    assert OPTIONS.period == ("2023", "2023-05", "2023Q4", "2023-12", "2024")


# (state, expected article ids, expected number of figures)
APPLIED = (
    (FilterState(), {"a1", "a2", "a3"}, 6),
    (FilterState(publisher=("note",)), {"a3"}, 1),
    (FilterState(article=("a1", "a3")), {"a1", "a3"}, 4),
    (FilterState(company=("OpenAI",)), {"a1", "a2"}, 2),  # articles naming OpenAI; figures about it
    (FilterState(company=("Google", "Baidu")), {"a2", "a3"}, 2),
    (FilterState(theme=("traffic",)), {"a2"}, 2),  # a2's OpenAI figure has no paragraph theme: takes the article's
    (FilterState(theme=("earnings",)), {"a1", "a3"}, 3),  # a1's funding paragraph is not about earnings
    (FilterState(period_from="2023", period_to="2023"), {"a1", "a2", "a3"}, 4),
    (FilterState(period_from="2023H2"), {"a1", "a2", "a3"}, 4),  # the year 2023 overlaps its second half
    (FilterState(period_to="2023-06"), {"a1", "a2", "a3"}, 2),
    (FilterState(company=("Meta",), period_from="2024"), {"a1"}, 0),
    (FilterState(publisher=("テック通信",), company=("Baidu",)), set(), 0),
)


@pytest.mark.parametrize(("state", "articles", "n_figures"), APPLIED)
def test_filters_narrow_the_frames(state, articles, n_figures):
    view = apply_filters(CORPUS, state)
    assert set(view.articles["article_id"]) == articles
    assert len(view.figures) == n_figures
    for frame in (view.companies, view.sentences, view.terms, view.figures):
        assert set(frame["article_id"]) <= articles
    if state.company:
        assert set(view.figures["company"]) <= set(state.company)


def test_currency_and_presentation_do_not_filter():
    plain = apply_filters(CORPUS, FilterState())
    shown = apply_filters(CORPUS, FilterState(currency="usd", present=True))
    assert plain.figures.equals(shown.figures) and plain.articles.equals(shown.articles)


def test_view_splits_figures_by_frame():
    view = apply_filters(CORPUS, FilterState())
    assert list(view.frame("traffic")["metric"]) == ["users", "visits"]
    assert view.frame("funding")["company"].tolist() == ["OpenAI"]


def test_empty_corpus_gives_empty_options_and_view():
    empty = dataclasses.replace(CORPUS, **{name: getattr(CORPUS, name).iloc[0:0] for name in
                                          ("articles", "companies", "figures", "sentences", "terms")})
    options = filter_options(empty)
    assert options == FilterOptions()
    state, notices = parse_params({"company": "OpenAI"}, options)
    assert state == FilterState() and len(notices) == 1
    assert apply_filters(empty, state).figures.empty


def test_a_theme_of_a_paragraph_keeps_its_article():
    # a1's own theme list is empty, but its OpenAI figure's paragraph is about funding
    articles = CORPUS.articles.assign(themes=["", "china_ai|traffic", "earnings"])
    view = apply_filters(dataclasses.replace(CORPUS, articles=articles), FilterState(theme=("funding",)))
    assert set(view.articles["article_id"]) == {"a1"}
    assert list(view.figures["company"]) == ["OpenAI"]
    assert set(view.companies["article_id"]) == {"a1"}


def corpus_with_statuses() -> Corpus:
    """The test corpus with one figure of each status beside the actuals (and one row with none)."""
    corpus = make_corpus()
    stated = frame_from_rows([
        {"article_id": "a1", "frame": "revenue", "company": "Meta", "metric": "revenue", "value": v, "unit": "USD",
         "period": "2025", "status": status, "sentence": f"Metaの{status}"}
        for v, status in ((1.3e11, "forecast"), (1.4e11, "target"), (1.25e11, "consensus"), (9e9, "in_talks"),
                          (1.2e11, "actual"))], FIGURE_COLUMNS)
    figures = corpus.figures.assign(status="")  # hand-made rows without a status are actuals
    return dataclasses.replace(corpus, figures=frame_from_rows([*figures.to_dict("records"),
                                                                *stated.to_dict("records")], FIGURE_COLUMNS))


# (status filter, statuses of the figures shown)
STATUS_CASES = [
    ((), {"actual", ""}),
    (("forecast",), {"forecast"}),
    (("actual", "consensus"), {"actual", "", "consensus"}),
    (("target", "in_talks"), {"target", "in_talks"}),
]


@pytest.mark.parametrize(("status", "shown"), STATUS_CASES, ids=[",".join(c[0]) or "default" for c in STATUS_CASES])
def test_charts_show_actuals_unless_other_statuses_are_chosen(status, shown):
    view = apply_filters(corpus_with_statuses(), FilterState(status=status))
    assert set(view.figures["status"]) == shown


def test_the_status_filter_lives_in_the_url():
    corpus = corpus_with_statuses()
    options = filter_options(corpus)
    assert options.status == ("actual", "forecast", "target", "consensus", "in_talks")
    state, notices = parse_params({"status": ["forecast", "guess"]}, options)
    assert state.status == ("forecast",) and len(notices) == 1
    assert to_params(state)["status"] == ["forecast"]


def test_no_filter_keeps_the_corpus_frames_themselves():
    view = apply_filters(CORPUS, FilterState(currency="usd"))
    for name in ("articles", "companies", "figures", "sentences", "terms"):
        assert getattr(view, name) is getattr(CORPUS, name), name  # no copy, however large the corpus


def test_no_filter_narrows_only_the_figures_to_actuals():
    corpus = corpus_with_statuses()
    view = apply_filters(corpus, FilterState())
    for name in ("articles", "companies", "sentences", "terms"):
        assert getattr(view, name) is getattr(corpus, name), name
    assert set(view.figures["status"]) == {"actual", ""}


SEARCH_IDS = ("a1", "a2", "a3", "a4")
SEARCH_TITLES = {"a1": "OpenAI、66億ドルを調達", "a2": "百度の売上高", "a3": "ＯｐｅｎＡＩ の利用者数", "a4": "Meta 決算"}
# (query, selected, limit, offered)
CANDIDATES = (
    ("", (), 50, ["a1", "a2", "a3", "a4"]),
    ("", (), 2, ["a1", "a2"]),
    ("openai", (), 50, ["a1", "a3"]),  # folded: full-width letters and case do not matter
    ("Open AI", (), 50, ["a1", "a3"]),  # nor spaces
    ("売上", ("a4",), 50, ["a4", "a2"]),  # the chosen articles stay on offer, first
    ("売上", ("a2",), 50, ["a2"]),  # not twice
    ("a3", (), 50, ["a3"]),  # the id is searched too
    ("存在しない語", ("a1",), 50, ["a1"]),
    ("", ("a3",), 1, ["a3", "a1"]),  # the limit counts the matches, not the chosen ones
)


@pytest.mark.parametrize(("query", "selected", "limit", "offered"), CANDIDATES)
def test_article_candidates(query, selected, limit, offered):
    keys = article_search_keys(SEARCH_IDS, SEARCH_TITLES)
    assert article_candidates(SEARCH_IDS, keys, query, selected, limit) == offered
