"""The app driven by streamlit's AppTest: pages render, filters reach the rows, the URL and widgets agree."""
import dataclasses
import html
import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cache, components
from dashboard.cache import SessionCorpus
from loaders import LoadReport, load_corpus
from loaders.frames import COMENTION_COLUMNS, COMPANY_COLUMNS, FIGURE_COLUMNS, TERM_COLUMNS, frame_from_rows

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
ARTICLES = ROOT / "tests" / "data" / "dashboard" / "articles"
TIMEOUT = 120  # generous: the first run starts the extraction workers

# (page file, title)
PAGES = (
    ("app_pages/overview.py", "概要"),
    ("app_pages/companies.py", "企業"),
    ("app_pages/funding.py", "資金調達"),
    ("app_pages/revenue.py", "売上・収益"),
    ("app_pages/traffic.py", "トラフィック"),
    ("app_pages/keywords.py", "キーワード"),
    ("app_pages/sources.py", "ソース"),
)

# Hand-made frames for the articles in tests/data/dashboard/articles, so these tests do not depend on extraction.
# (article_id, frame, company, metric, value, unit, period, change_pct, paragraph themes, paragraph, surface, sentence)
FIGURES = (
    ("alpha", "funding", "OpenAI", "raised", 6.6e9, "USD", "2024", math.nan, "funding", 0, "66億ドル",
     "OpenAIは2024年に66億ドルを調達した。"),
    ("alpha", "funding", "Anthropic", "raised", 4e9, "USD", "2024", math.nan, "funding", 1, "40億ドル",
     "Anthropicも2024年に40億ドルの追加出資を受けた。"),
    ("beta", "funding", "Zhipu AI", "raised", 2.5e9, "CNY", "2023", math.nan, "funding|china_ai", 2, "25億元",
     "Zhipu AIは2023年に25億元を調達した。"),
    ("alpha", "revenue", "Meta", "revenue", 1.136e11, "USD", "2023", 16.0, "earnings", 2, "1,136億ドル",
     "Metaは2023年通期の総収入が1,136億ドルで、前年比16%増だった。"),
    ("beta", "revenue", "Baidu", "revenue", 1.345e11, "CNY", "2023", math.nan, "earnings|china_ai", 0, "1,345億元",
     "Baiduの2023年の売上高は1,345億元だった。"),
    ("gamma", "revenue", "Google", "segment_revenue", 2.378e11, "USD", "2023", math.nan, "earnings", 2,
     "2,378億ドル", "Googleの広告収入は2023年に2,378億ドルだった。"),
    ("beta", "traffic", "Baidu", "users", 1e8, "count", "2023-12", math.nan, "traffic|china_ai", 1, "1億人",
     "文心一言のユーザー数は2023年12月に1億人を超えた。"),
)
# (article_id, company, mentions)
COMPANIES = (("alpha", "OpenAI", 1), ("alpha", "Anthropic", 1), ("alpha", "Meta", 1), ("beta", "Baidu", 2),
             ("beta", "Zhipu AI", 1), ("gamma", "Google", 1))
# (article_id, term, count)
TERMS = (("alpha", "資金調達", 2), ("alpha", "生成AI", 1), ("beta", "売上高", 1), ("beta", "資金調達", 1),
         ("gamma", "広告収入", 1))


@pytest.fixture(scope="module")
def test_corpus():
    """The test articles read by the loaders, with the figure, company and term frames above."""
    base = load_corpus(ARTICLES)
    figures = frame_from_rows([
        {"article_id": a, "frame": f, "company": c, "metric": m, "value": v, "value_high": math.nan, "unit": u,
         "period": p, "change_pct": ch, "approx": False, "themes": t, "paragraph": n, "sentence_index": 0,
         "surface": s, "sentence": text}
        for a, f, c, m, v, u, p, ch, t, n, s, text in FIGURES], FIGURE_COLUMNS)
    companies = frame_from_rows([{"article_id": a, "company": c, "mentions": m, "is_known": True}
                                 for a, c, m in COMPANIES], COMPANY_COLUMNS)
    terms = frame_from_rows([{"article_id": a, "paragraph": 0, "term": t, "count": n, "pos": "noun"}
                             for a, t, n in TERMS], TERM_COLUMNS)
    return dataclasses.replace(base, figures=figures, companies=companies, terms=terms,
                               comentions=frame_from_rows([], COMENTION_COLUMNS))


@pytest.fixture
def app(test_corpus, monkeypatch):
    """An AppTest of the dashboard reading the test corpus."""
    monkeypatch.setattr(cache, "session_corpus", lambda folder, uploads=(): SessionCorpus(test_corpus, LoadReport()))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def open_page(at: AppTest, page: str = "") -> AppTest:
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def table(at: AppTest, index: int = 0):
    return at.dataframe[index].value


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_every_page_renders_on_the_seeds(page, title, monkeypatch):
    monkeypatch.delenv(cache.CORPUS_ENV, raising=False)
    at = open_page(AppTest.from_file(APP, default_timeout=TIMEOUT), page)
    assert at.title[0].value == title
    assert not at.warning  # no stale-parameter notice on a plain link
    for spec in charts(at):
        assert any("\u3040" <= ch <= "\u9fff" for ch in spec["layout"]["title"]["text"])


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_every_page_renders_on_the_test_corpus(app, page, title):
    assert open_page(app, page).title[0].value == title


def test_overview_counts_and_reports_the_skipped_file(app):
    at = open_page(app)
    assert [m.value for m in at.metric] == ["3件", "6社", "3件", "3件", "1件"]
    assert set(table(at)["タイトル"]) == {"生成AI各社の資金調達が続く", "中国AI企業の売上と利用者",
                                          "スクリプトを含む記事の表示テスト"}
    skipped = table(at, 1)
    assert list(zip(skipped["ファイル"], skipped["理由・注記"])) == [("empty.txt", "空ファイル")]


# (rows a long table shows, rows of the article table, its note, rows of the file table behind 「すべてのファイル」)
LONG_TABLES = (
    (500, 3, "", 4),
    (2, 2, "3件中 先頭2件を表示しています。すべての行はCSVでダウンロードできます。", 2),
)


@pytest.mark.parametrize(("limit", "shown", "note", "files_shown"), LONG_TABLES)
def test_a_long_table_shows_its_first_rows_with_their_count(app, monkeypatch, limit, shown, note, files_shown):
    monkeypatch.setattr(components, "TABLE_ROWS", limit)
    at = open_page(app)
    articles = table(at)
    assert len(articles) == shown
    assert list(articles["タイトル"]) == ["生成AI各社の資金調達が続く", "中国AI企業の売上と利用者",
                                         "スクリプトを含む記事の表示テスト"][:shown]  # the first rows, in order
    assert (note in [c.value for c in at.caption]) == bool(note)
    assert len(table(at, 2)) == files_shown


def test_the_csv_of_a_long_table_holds_every_row(test_corpus):
    built = []

    def build(rows):
        built.append(len(rows))
        return rows[["article_id", "title"]]

    data = components._csv_of(build, test_corpus.articles)
    assert built == [3]
    assert data.decode("utf-8-sig").splitlines()[1:] == [
        f"{a},{t}" for a, t in zip(test_corpus.articles["article_id"], test_corpus.articles["title"])]


# (published dates of alpha, beta, gamma; titles of the overview's charts; the words of the date notice)
OVERVIEW_DATES = (
    (("2024-01-10", "2024-03", ""), ["発行元別の数値の件数", "テーマ別の数値の件数", "記事の公開時期（月別）"],
     "日付のない記事 1件"),
    (("", "", ""), ["発行元別の数値の件数", "テーマ別の数値の件数"], "公開日のわかる記事がありません（3件すべて日付なし）"),
)


@pytest.mark.parametrize(("dates", "titles", "notice"), OVERVIEW_DATES)
def test_overview_draws_where_the_figures_come_from_and_when_articles_were_published(app, test_corpus, monkeypatch,
                                                                                    dates, titles, notice):
    dated = test_corpus.articles.assign(published=test_corpus.articles["article_id"].map(
        dict(zip(("alpha", "beta", "gamma"), dates))).fillna(""))
    corpus = dataclasses.replace(test_corpus, articles=dated)
    monkeypatch.setattr(cache, "session_corpus", lambda folder, uploads=(): SessionCorpus(corpus, LoadReport()))
    at = open_page(app)
    drawn = charts(at)
    assert [spec["layout"]["title"]["text"].split("（")[0] for spec in drawn] == [t.split("（")[0] for t in titles]
    publishers = {trace["name"]: sum(trace["x"]) for trace in drawn[0]["data"]}
    assert publishers == {"資金調達": 3, "売上・収益": 3, "トラフィック": 1}  # every figure of the test corpus
    texts = [element.value for element in (*at.caption, *at.info)]
    assert any(notice in text for text in texts)
    at.multiselect(key="filter_company").set_value(["Baidu"]).run()
    assert {trace["name"]: sum(trace["x"]) for trace in charts(at)[0]["data"]} == {"売上・収益": 1, "トラフィック": 1}
    assert charts(at)[0]["layout"]["title"]["subtitle"]["text"] == "企業: Baidu"


def test_a_company_filter_changes_the_rows_shown(app):
    at = open_page(app, "app_pages/funding.py")
    assert set(table(at)["企業"]) == {"OpenAI", "Anthropic", "Zhipu AI"}
    at.multiselect(key="filter_company").set_value(["OpenAI"]).run()
    assert set(table(at)["企業"]) == {"OpenAI"}
    assert at.query_params["company"] == "OpenAI"  # AppTest gives a single value as a string


def test_period_and_currency_reach_the_charts(app):
    at = open_page(app, "app_pages/funding.py")
    (spec,) = charts(at)  # USD and CNY raised are never summed: side by side, one axis per currency
    assert spec["layout"]["yaxis"]["title"]["text"] == "調達額（億ドル）"
    assert spec["layout"]["yaxis2"]["title"]["text"] == "調達額（億元）"
    at.radio(key="filter_currency").set_value("usd").run()
    (spec,) = charts(at)
    assert spec["layout"]["yaxis"]["title"]["text"] == "調達額（億ドル）" and "yaxis2" not in spec["layout"]
    assert any("USD換算は" in c.value for c in at.caption)
    at.selectbox(key="filter_period_from").set_value("2024").run()
    assert set(table(at)["企業"]) == {"OpenAI", "Anthropic"}
    assert at.query_params["period_from"] == "2024" and at.query_params["currency"] == "usd"


def test_query_params_set_the_widgets(app):
    app.query_params.update({"company": ["Baidu", "Meta"], "theme": "earnings", "currency": "usd",
                             "period_to": "2023"})
    at = open_page(app, "app_pages/revenue.py")
    assert at.multiselect(key="filter_company").value == ["Baidu", "Meta"]
    assert at.multiselect(key="filter_theme").value == ["earnings"]
    assert at.radio(key="filter_currency").value == "usd"
    assert at.selectbox(key="filter_period_to").value == "2023"
    rows = table(at)
    assert set(rows["企業"]) == {"Baidu", "Meta"} and "元の値" in rows.columns
    assert not at.warning


def test_widgets_write_the_query_params(app):
    at = open_page(app)
    at.multiselect(key="filter_theme").set_value(["funding", "traffic"])
    at.multiselect(key="filter_publisher").set_value(["テック通信"])
    at.toggle(key="filter_present").set_value(True).run()
    assert at.query_params["theme"] == ["funding", "traffic"]
    assert at.query_params["publisher"] == "テック通信"
    assert at.query_params["present"] == "1"
    at.multiselect(key="filter_theme").set_value([]).run()
    assert "theme" not in at.query_params


def test_stale_params_give_a_notice_not_an_exception(app):
    app.query_params.update({"company": ["Nokia", "OpenAI"], "period_from": "2023-13", "currency": "yen",
                             "article": "gone"})
    at = open_page(app)
    notices = " ".join(w.value for w in at.warning)
    for value in ("Nokia", "2023\\-13", "yen", "gone"):  # as markdown source
        assert value in notices
    assert at.multiselect(key="filter_company").value == ["OpenAI"]
    assert at.query_params == {"company": "OpenAI"}  # the link is rewritten without the stale values
    at.switch_page("app_pages/funding.py").run()
    assert not at.exception and not at.warning
    assert set(table(at)["企業"]) == {"OpenAI"}


def test_filters_survive_a_page_switch(app):
    at = open_page(app, "app_pages/funding.py")
    at.multiselect(key="filter_company").set_value(["Baidu"]).run()
    at.query_params.clear()  # a navigation link that drops the query string
    at.switch_page("app_pages/traffic.py").run()
    assert at.multiselect(key="filter_company").value == ["Baidu"]
    assert at.query_params["company"] == "Baidu"
    assert set(table(at)["企業"]) == {"Baidu"}


def test_an_empty_frame_is_said_in_words(app):
    app.query_params["company"] = "OpenAI"
    at = open_page(app, "app_pages/traffic.py")
    assert not at.get("plotly_chart")
    assert any("この条件に合う数値はありません" in i.value for i in at.info)


def test_presentation_mode_is_a_deck_of_slides_and_can_be_left(app):
    app.query_params.update({"present": "1", "company": "Meta"})
    at = open_page(app, "app_pages/revenue.py")
    assert any("stSidebar" in h.proto.body for h in at.get("html"))
    assert not at.get("download_button") and not at.get("plotly_chart")  # the title screen
    assert any(m.value.startswith("企業") and "Meta" in m.value for m in at.markdown)
    at.button(key="kj_next").click().run()
    assert at.query_params["slide"] == "1"
    (spec,) = charts(at)  # one chart per screen
    assert spec["layout"]["font"]["size"] >= 20
    assert spec["layout"]["title"]["subtitle"]["text"] == "企業: Meta"
    at.button(key="kj_prev").click().run()
    assert "slide" not in at.query_params
    at.button(key="kj_leave").click().run()
    assert "present" not in at.query_params
    assert not any("stSidebar" in h.proto.body for h in at.get("html"))
    assert at.get("download_button")


# (slide in the link, a chart on screen, a notice)
SLIDE_LINKS = (("2", True, False), ("999", True, False), ("two", False, True), ("0", False, False))


@pytest.mark.parametrize(("slide", "chart_shown", "notice"), SLIDE_LINKS)
def test_a_slide_link_opens_that_slide(app, slide, chart_shown, notice):
    app.query_params.update({"present": "1", "slide": slide})
    at = open_page(app)
    assert len(charts(at)) + len(at.get("imgs")) == (1 if chart_shown else 0)  # past the end: the last slide
    assert bool(at.warning) == notice


def test_source_text_is_shown_as_text(app):
    app.query_params["article"] = "gamma"
    at = open_page(app, "app_pages/sources.py")
    assert at.selectbox(key="source_article").value == "gamma"
    body = " ".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<script" not in body and "<img" not in body
    assert '<mark class="kj-figure">2,378億ドル</mark>' in body
    assert '<mark class="kj-company">Google</mark>' in body


# (article in the link, sentence in the link, the sentence marked, the notice shown)
MARKED_LINKS = (
    ("gamma", "2-0", "<mark class=\"kj-company\">Google</mark>の広告収入は2023年に", ""),
    ("gamma", "0-0", "この記事の本文には &lt;script&gt;alert(1)&lt;/script&gt;", ""),
    ("gamma", "9-0", None, "リンクが示す文はこの記事にありません。"),
    ("gamma", "x", None, ""),
    ("", "2-0", None, ""),  # a sentence without its article marks nothing
)


@pytest.mark.parametrize(("article", "mark", "marked", "notice"), MARKED_LINKS)
def test_a_sentence_link_marks_that_sentence_and_scrolls_to_it(app, article, mark, marked, notice):
    app.query_params.update({"sentence": mark, "company": "Google", **({"article": article} if article else {})})
    at = open_page(app, "app_pages/sources.py")
    bodies = [h.proto.body for h in at.get("html")]
    article = next(body for body in bodies if "kj-article" in body and "<p>" in body)
    scripts = [body for body in bodies if "<script" in body]
    if marked is None:
        assert 'id="kj-evidence"' not in article and scripts == []
    else:
        assert article.count('id="kj-evidence"') == 1
        assert article.split('class="kj-evidence">')[1].startswith(marked)
        assert len(scripts) == 1 and "kj-evidence" in scripts[0] and "Google" not in scripts[0]
    assert (notice in [c.value for c in at.caption]) == bool(notice)
    assert at.query_params["company"] == "Google"  # the filters stay


def test_picking_another_article_drops_the_mark(app):
    app.query_params.update({"article": "gamma", "sentence": "2-0"})
    at = open_page(app, "app_pages/sources.py")
    at.multiselect(key="filter_article").set_value(["gamma", "beta"]).run()
    assert at.query_params["sentence"] == "2-0"
    at.selectbox(key="source_article").set_value("beta").run()
    assert "sentence" not in at.query_params
    assert not any('id="kj-evidence"' in h.proto.body for h in at.get("html"))


def test_picking_an_article_on_the_source_page_updates_the_link(app):
    at = open_page(app, "app_pages/sources.py")
    at.selectbox(key="source_article").set_value("beta").run()
    assert at.query_params["article"] == "beta"
    assert set(table(at)["値"]) == {"1,345億元", "1億人", "25億元"}


def test_figure_tables_link_to_their_sentence(app):
    at = open_page(app, "app_pages/revenue.py")
    rows = table(at)
    links = [re.fullmatch(r"sources\?article=(\w+)&sentence=(\d+)-(\d+)", link) for link in rows["本文"]]
    assert all(links), list(rows["本文"])
    assert {link[1] for link in links} == {"alpha", "beta", "gamma"}
    assert "Metaは2023年通期の総収入が1,136億ドルで、前年比16%増だった。" in set(rows["根拠の文"])


def test_company_page_ranks_and_drills_down(app):
    at = open_page(app, "app_pages/companies.py")
    ranking = charts(at)[0]
    assert ranking["layout"]["title"]["text"].startswith("企業別の言及回数")
    assert ranking["data"][0]["y"][-1] == "Baidu"  # the most mentioned, drawn at the top
    at.selectbox(key="company_detail").set_value("Meta").run()
    assert set(table(at)["値"]) == {"1,136億ドル"}
    assert set(table(at, 1)["記事"]) == {"生成AI各社の資金調達が続く"}


def kwic_rows(at: AppTest) -> list[tuple[str, str, str, str]]:
    """(left, match, right, link) of each line of the page's aligned KWIC table."""
    markup = next(element.proto.body for element in at.get("html") if 'class="kwic"' in element.proto.body)
    cell = r'<td class="kwic-{}">(.*?)</td>'
    pattern = cell.format("left") + cell.format("match") + cell.format("right") + r'.*?<a href="([^"]*)"'
    return re.findall(pattern, markup)


def test_keywords_page_draws_the_cloud_and_searches_in_context(app):
    at = open_page(app, "app_pages/keywords.py")
    assert at.get("image")
    assert charts(at)[0]["layout"]["title"]["text"].startswith("頻出キーワード")
    at.text_input(key="kwic_term").input("調達").run()
    lines = kwic_rows(at)
    assert [match for _, match, _, _ in lines] == ["調達", "調達"]
    # each line opens its own sentence (the page's filters are the defaults here: none in the link)
    assert [parse_qs(urlsplit(html.unescape(link)).query)["article"] for *_, link in lines] == [["alpha"], ["beta"]]
    assert all(re.fullmatch(r"\d+-\d+", parse_qs(urlsplit(html.unescape(link)).query)["sentence"][0])
               for *_, link in lines)
    assert lines[0][2].startswith("した")
    at.text_input(key="kwic_term").input("量子").run()
    assert any("「量子」を含む文はありません" in i.value for i in at.info)


# (sort order, the article of each line in order)
KWIC_ORDERS = (
    ("position", ["alpha", "beta"]),
    ("article", ["beta", "alpha"]),  # beta is dated 2023-06, alpha 2024-01; dates first
)


@pytest.mark.parametrize(("order", "articles"), KWIC_ORDERS)
def test_kwic_sort_order_is_in_the_link(app, test_corpus, monkeypatch, order, articles):
    dated = test_corpus.articles.assign(
        published=test_corpus.articles["article_id"].map({"alpha": "2024-01", "beta": "2023-06"}).fillna(""))
    corpus = dataclasses.replace(test_corpus, articles=dated)
    monkeypatch.setattr(cache, "session_corpus", lambda folder, uploads=(): SessionCorpus(corpus, LoadReport()))
    app.query_params.update({"kwic": "調達", "kwic_sort": order})
    at = open_page(app, "app_pages/keywords.py")
    assert at.get("segmented_control")[0].value == order
    assert [parse_qs(urlsplit(html.unescape(link)).query)["article"][0] for *_, link in kwic_rows(at)] == articles
    assert at.query_params.get("kwic_sort") == (None if order == "position" else order)


def test_generic_terms_leave_the_ranking_and_synonyms_are_searched_together(app, test_corpus, monkeypatch):
    terms = frame_from_rows([{"article_id": a, "paragraph": 0, "term": t, "count": n, "pos": "noun"}
                             for a, t, n in (("alpha", "企業", 9), ("alpha", "モデル", 8), ("alpha", "大規模モデル", 3),
                                             ("beta", "半導体", 2))], TERM_COLUMNS)
    sentences = test_corpus.sentences.assign(text=test_corpus.sentences["text"].where(
        test_corpus.sentences.index != 0, "大型モデルと大規模モデルの企業"))
    corpus = dataclasses.replace(test_corpus, terms=terms, sentences=sentences)
    monkeypatch.setattr(cache, "session_corpus", lambda folder, uploads=(): SessionCorpus(corpus, LoadReport()))
    at = open_page(app, "app_pages/keywords.py")
    ranking = charts(at)[0]
    assert ranking["data"][0]["customdata"] == ["半導体", "大規模モデル"]  # 企業 and モデル are generic
    assert "一般的な語を除く" in ranking["layout"]["title"]["text"]
    at.text_input(key="kwic_term").input("大規模モデル").run()
    assert [match for _, match, _, _ in kwic_rows(at)] == ["大型モデル", "大規模モデル"]
    assert any("大型モデル" in caption.value for caption in at.caption)


def test_png_download_or_a_notice(app, monkeypatch):
    at = open_page(app, "app_pages/revenue.py")
    if components.figure_png is None:
        assert any("PNG画像の書き出しは現在利用できません" in c.value for c in at.caption)
        return
    buttons = [b.proto.label for b in at.get("download_button")]
    if components.find_chromium() is not None:
        assert buttons.count("PNG画像をダウンロード") == len(charts(at))
    monkeypatch.setattr(components, "find_chromium", lambda: None)
    at.run()
    assert "PNG画像をダウンロード" not in [b.proto.label for b in at.get("download_button")]
    assert any(c.value == components.NO_CHROMIUM_JA for c in at.caption)


# (page, query parameter, widget key, value in the link, another value to pick)
VIEW_PARAMS = (
    ("app_pages/revenue.py", "metric", "revenue_metric", "segment_revenue", "revenue"),
    ("app_pages/companies.py", "detail", "company_detail", "Zhipu AI", "Google"),
    ("app_pages/keywords.py", "kwic", "kwic_term", "資金調達", "売上高"),
    ("app_pages/facts.py", "timeline", "facts_timeline", "Baidu", "Meta"),
    ("app_pages/facts.py", "figure", "facts_figure", "2", "3"),
)


@pytest.mark.parametrize(("page", "param", "key", "linked", "picked"), VIEW_PARAMS)
def test_page_choices_are_in_the_link_both_ways(app, page, param, key, linked, picked):
    app.query_params.update({param: linked, "currency": "usd"})
    at = open_page(app, page)
    widget = at.text_input(key=key) if param == "kwic" else at.selectbox(key=key)
    assert widget.value == linked
    assert at.query_params[param] == linked and at.query_params["currency"] == "usd"
    widget.set_value(picked).run()
    assert at.query_params.get(param, picked) == picked  # the default is left out of the link
    at.radio(key="filter_currency").set_value("native").run()  # a filter change keeps the page's choice
    assert (at.text_input(key=key) if param == "kwic" else at.selectbox(key=key)).value == picked


def test_a_linked_choice_the_page_does_not_offer_is_ignored(app):
    app.query_params["metric"] = "no_such_metric"
    at = open_page(app, "app_pages/revenue.py")
    assert at.selectbox(key="revenue_metric").value in ("revenue", "segment_revenue")
    assert not at.exception


def test_filter_options_show_their_counts_and_leave_out_empty_ones(app):
    at = open_page(app)
    themes = at.multiselect(key="filter_theme")
    label = cache.theme_labels(cache.session_corpus(ARTICLES).corpus.theme_scores)["earnings"]
    assert f"{label}（3）" in themes.options  # alpha, beta and gamma have an earnings paragraph
    themes.set_value(["earnings"]).run()
    at.multiselect(key="filter_company").set_value(["Baidu"]).run()
    # the chosen theme's count follows the company (its label changed), and the choice stays
    assert f"{label}（1）" in at.multiselect(key="filter_theme").options
    assert at.multiselect(key="filter_theme").value == ["earnings"]
    assert at.multiselect(key="filter_company").value == ["Baidu"]
    assert len(at.multiselect(key="filter_article").options) == 1  # only beta names Baidu
    assert at.multiselect(key="filter_article").options[0].endswith("（1）")  # its revenue (users: traffic)
    at.radio(key="filter_currency").set_value("usd").run()
    assert at.multiselect(key="filter_theme").value == ["earnings"]
    assert at.query_params["theme"] == "earnings" and at.query_params["company"] == "Baidu"
    assert not at.exception


def test_a_linked_option_that_matches_nothing_is_kept_with_its_zero(app):
    app.query_params.update({"company": "Google", "article": "beta"})
    at = open_page(app)
    companies = at.multiselect(key="filter_company")
    assert companies.value == ["Google"]
    assert companies.options == ["Baidu（1）", "Google（0）", "Zhipu AI（1）"]  # beta names Baidu and Zhipu AI
    assert at.query_params["company"] == "Google"


def test_the_sidebar_offers_the_deck_of_the_view_but_not_in_presentation_mode(app):
    at = open_page(app, "app_pages/revenue.py")
    labels = [b.proto.label for b in at.sidebar.get("download_button")]
    if components.figure_png is None or components.find_chromium() is None:
        assert "スライドをダウンロード" not in labels
        return
    assert labels.count("スライドをダウンロード") == 1
    button = next(b for b in at.sidebar.get("download_button") if b.proto.label == "スライドをダウンロード")
    assert button.proto.HasField("deferred_file_id")  # built only when pressed
    at.toggle(key="filter_present").set_value(True).run()
    assert "スライドをダウンロード" not in [b.proto.label for b in at.get("download_button")]


def test_a_large_corpus_offers_articles_by_search(app, monkeypatch):
    from dashboard import filters
    monkeypatch.setattr(filters, "ARTICLE_CHOICES", 2)  # as if the corpus held more articles than are offered
    app.query_params["article"] = "gamma"  # a shared link names an article beyond the first matches
    at = app.run()
    assert not at.exception
    picker = at.multiselect(key="filter_article")
    assert picker.value == ["gamma"] and picker.options[0] == picker.format_func("gamma")
    assert len(picker.options) == 1 + 2
    at.text_input(key="article_search").input("beta").run()
    picker = at.multiselect(key="filter_article")
    assert len(picker.options) == 2 and picker.value == ["gamma"]
    assert filters.normalized_params(at.query_params) == {"article": ("gamma",)}
