"""The 概要 page's pure chart builders: figures per frame by publisher and by theme, articles over time."""
import pandas as pd
import pytest

from dashboard.charts import (
    NO_THEME_LABEL,
    UNKNOWN_PUBLISHER,
    ChartContext,
    articles_over_time_chart,
    figures_by_publisher_chart,
    figures_by_theme_chart,
    footnote_of,
)

OVERVIEW_ARTICLES = pd.DataFrame({
    "article_id": ["a1", "a2", "a3", "a4"],
    "publisher": ["note", "Gate", "", "note"],
    "themes": ["funding", "earnings|china_ai", "", "traffic"],
    "published": ["2024-01-15", "2024-03", "", "2024-03-02"],
})
THEME_LABELS = {"funding": "資金調達・投資", "earnings": "決算・収益", "china_ai": "中国のAI企業", "traffic": "利用者"}


def overview_figures(rows) -> pd.DataFrame:
    """Figure rows from (article, frame, paragraph themes)."""
    return pd.DataFrame({"article_id": [a for a, _, _ in rows], "frame": [f for _, f, _ in rows],
                         "themes": pd.Series([t for *_, t in rows], dtype="object")})


FIGURE_ROWS = (("a1", "funding", "funding"), ("a1", "funding", ""), ("a2", "revenue", ""), ("a2", "revenue", "earnings"),
               ("a3", "traffic", ""), ("a4", "traffic", "traffic"), ("a1", "", "funding"))


def bars(fig) -> dict[str, dict[str, int]]:
    """Frame label -> {category: count} of a stacked frame chart."""
    return {trace.name: dict(zip(trace.y, trace.x)) for trace in fig.data}


def test_figures_by_publisher_stacks_the_frames_unknown_publisher_last():
    fig = figures_by_publisher_chart(overview_figures(FIGURE_ROWS), OVERVIEW_ARTICLES)
    assert bars(fig) == {"資金調達": {"note": 2, "Gate": 0, UNKNOWN_PUBLISHER: 0},
                         "売上・収益": {"note": 0, "Gate": 2, UNKNOWN_PUBLISHER: 0},
                         "トラフィック": {"note": 1, "Gate": 0, UNKNOWN_PUBLISHER: 1}}
    assert list(fig.layout.yaxis.categoryarray) == [UNKNOWN_PUBLISHER, "Gate", "note"]  # the first at the top
    assert fig.layout.title.text == "発行元別の数値の件数（区分ごと）"
    assert fig.layout.xaxis.title.text == "数値の件数（件）"
    assert footnote_of(fig).startswith("出典: 記事4件")  # the figure outside the three frames is not counted


def test_figures_by_theme_counts_a_figure_under_each_theme_and_says_so():
    fig = figures_by_theme_chart(overview_figures(FIGURE_ROWS), OVERVIEW_ARTICLES, THEME_LABELS)
    # the paragraph's themes, else the article's: a2's unthemed paragraph takes 決算・収益 and 中国のAI企業
    assert bars(fig) == {
        "資金調達": {"資金調達・投資": 2, "決算・収益": 0, "利用者": 0, "中国のAI企業": 0, NO_THEME_LABEL: 0},
        "売上・収益": {"資金調達・投資": 0, "決算・収益": 2, "利用者": 0, "中国のAI企業": 1, NO_THEME_LABEL: 0},
        "トラフィック": {"資金調達・投資": 0, "決算・収益": 0, "利用者": 1, "中国のAI企業": 0, NO_THEME_LABEL: 1}}
    notes = [a.text for a in fig.layout.annotations if a.name == "several_themes"]
    assert notes == ["複数のテーマに数えた数値: 1件（全6件）"]


# (published dates, expected (label, count) bars, the undated note)
TIMELINES = (
    (("2024-01-15", "2024-03", "", "2024-03-02"), [("2024年1月", 1), ("2024年2月", 0), ("2024年3月", 2)],
     "日付のない記事: 1件（グラフに含まず）"),
    (("2023-12-31", "2024-01-01"), [("2023年12月", 1), ("2024年1月", 1)], None),
    (("2020-01", "2024-06", "2024-07-01"), [("2020年", 1), ("2021年", 0), ("2022年", 0), ("2023年", 0), ("2024年", 2)],
     None),  # more than 36 months: by year
)


@pytest.mark.parametrize(("dates", "expected", "note"), TIMELINES)
def test_articles_over_time(dates, expected, note):
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(dates))], "publisher": "note",
                             "published": pd.Series(dates, dtype="string")})
    fig = articles_over_time_chart(articles)
    assert list(zip(fig.data[0].x, fig.data[0].y)) == expected
    assert [a.text for a in fig.layout.annotations if a.name == "undated"] == ([note] if note else [])
    assert fig.layout.yaxis.title.text == "記事数（件）"
    assert footnote_of(fig).startswith(f"出典: 記事{sum(1 for d in dates if d)}件")


def test_overview_charts_name_their_filters_and_draw_article_text_as_text():
    articles = OVERVIEW_ARTICLES.assign(publisher=["<b>発行</b>", "Gate", "", "note"])
    context = ChartContext(subtitle="企業: OpenAI", articles=articles)
    fig = figures_by_publisher_chart(overview_figures(FIGURE_ROWS), articles, context=context)
    assert fig.layout.title.subtitle.text == "企業: OpenAI"
    assert "&lt;b&gt;発行&lt;/b&gt;" in fig.data[0].y and "<b>発行</b>" not in fig.data[0].y


OVERVIEW_EMPTY = (
    lambda: figures_by_publisher_chart(overview_figures(()), OVERVIEW_ARTICLES),
    lambda: figures_by_theme_chart(overview_figures((("a1", "", "funding"),)), OVERVIEW_ARTICLES, THEME_LABELS),
    lambda: articles_over_time_chart(OVERVIEW_ARTICLES.assign(published="")),
)


@pytest.mark.parametrize("build", OVERVIEW_EMPTY)
def test_overview_chart_of_nothing_is_none(build):
    assert build() is None
