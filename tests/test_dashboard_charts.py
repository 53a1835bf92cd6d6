"""Pure builders: charts (Japanese titles, stable company colours, empty input), word clouds, tables, text marking."""
import io
import math
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from PIL import Image

from dashboard.charts import (
    INDUSTRY_COLOR,
    ChartContext,
    footnote_of,
    source_note,
    PALETTE,
    change_chart,
    chart_config,
    circular_layout,
    company_color,
    company_network_chart,
    figure_value_chart,
    mention_ranking_chart,
    network_edges,
    slide_version,
    term_frequency_chart,
)
from dashboard.formatting import FxRates, encoding_label, with_display_values
from dashboard.highlight import article_html, highlight_html, mark_spans
from dashboard.tables import (
    articles_table,
    company_articles_table,
    csv_bytes,
    figures_table,
    load_report_table,
    load_summary,
    source_link,
)
from dashboard.word_cloud import term_frequencies, word_cloud_png
from loaders.frames import (
    ARTICLE_COLUMNS,
    COMENTION_COLUMNS,
    COMPANY_COLUMNS,
    FIGURE_COLUMNS,
    SENTENCE_COLUMNS,
    TERM_COLUMNS,
    frame_from_rows,
)

RATES = FxRates({"USD": 1.0, "CNY": 8.0}, "2025-01-01")

# (article_id, company, mentions)
COMPANY_ROWS = (("a1", "OpenAI", 5), ("a1", "Meta", 2), ("a2", "OpenAI", 3), ("a2", "Baidu", 4), ("a3", "Google", 1))
# (company, metric, value, unit, period, change_pct, sentence)
REVENUE_ROWS = (
    ("Meta", "revenue", 1.136e11, "USD", "2023", 16.0, "Metaの2023年の総収入は1,136億ドル"),
    ("Meta", "revenue", 1.169e11, "USD", "2022", math.nan, "2022年は1,169億ドル"),
    ("Microsoft", "revenue", 6.202e10, "USD", "2023Q4", 17.6, "総収入:620.20億ドル"),
    ("Microsoft", "revenue", 6.202e10, "USD", "2023Q4", 17.6, "総収入:620.20億ドル"),  # the page repeats it
    ("", "revenue", 7.5e10, "USD", "", math.nan, "収益は750億ドルにとどまる"),
)


def companies(rows=COMPANY_ROWS) -> pd.DataFrame:
    return frame_from_rows([{"article_id": a, "company": c, "mentions": m, "is_known": True} for a, c, m in rows],
                           COMPANY_COLUMNS)


def figures(rows=REVENUE_ROWS, frame="revenue") -> pd.DataFrame:
    return frame_from_rows([{"article_id": "a1", "frame": frame, "company": c, "metric": m, "value": v, "unit": u,
                             "period": p, "change_pct": ch, "sentence": s, "value_high": math.nan}
                            for c, m, v, u, p, ch, s in rows], FIGURE_COLUMNS)


def displayed(rows=REVENUE_ROWS, mode="native") -> pd.DataFrame:
    return with_display_values(figures(rows), mode, RATES)


def bar_colours(fig) -> dict[str, str]:
    """Company -> colour as drawn, whether per trace (legend) or per bar."""
    colours = {}
    for trace in fig.data:
        if isinstance(trace.marker.color, str):
            colours[trace.name] = trace.marker.color
        elif trace.marker.color is not None:
            colours.update(zip(trace.y if trace.orientation == "h" else trace.x, trace.marker.color))
    return colours


@pytest.mark.parametrize("name", ("OpenAI", "Meta", "百度", "Zhipu AI"))
def test_company_colour_is_stable_and_from_the_palette(name):
    assert company_color(name) == company_color(name) in PALETTE
    assert company_color(name) == company_color(name.upper().lower() if name.isascii() else name)


def test_figures_about_the_industry_are_grey():
    assert company_color("") == INDUSTRY_COLOR


def test_mention_ranking_has_japanese_title_order_and_company_colours():
    fig = mention_ranking_chart(companies())
    assert fig.layout.title.text == "企業別の言及回数（上位4社）"
    assert fig.layout.xaxis.title.text == "言及回数（回）"
    bar = fig.data[0]
    assert list(bar.y) == ["Google", "Meta", "Baidu", "OpenAI"]  # most mentioned at the top
    assert list(bar.x) == [1, 2, 4, 8]
    assert bar_colours(fig) == {c: company_color(c) for c in ("Google", "Baidu", "Meta", "OpenAI")}


def test_colours_agree_across_pages():
    ranking = bar_colours(mention_ranking_chart(companies((("a1", "Meta", 2), ("a1", "Microsoft", 1)))))
    revenue = bar_colours(figure_value_chart(displayed()))
    changes = bar_colours(change_chart(displayed()))
    assert ranking["Meta"] == revenue["Meta"] == company_color("Meta")
    assert ranking["Microsoft"] == revenue["Microsoft"]
    assert {label.split("・")[0]: colour for label, colour in changes.items()}["Microsoft"] == company_color("Microsoft")


def test_value_chart_by_period_groups_companies_in_time_order():
    fig = figure_value_chart(displayed())
    assert fig.layout.title.text == "売上高（企業・期間別）"
    assert fig.layout.yaxis.title.text == "売上高（億ドル）"
    assert fig.layout.barmode == "group"
    assert list(fig.layout.xaxis.categoryarray) == ["2022年", "2023年", "2023年Q4", "期間不明"]
    by_company = {trace.name: trace for trace in fig.data}
    assert set(by_company) == {"Meta", "Microsoft", "業界全体"}
    assert list(by_company["Meta"].y) == pytest.approx([1136.0, 1169.0])
    assert list(by_company["Meta"].text) == ["1,136億ドル", "1,169億ドル"]
    # a repeated figure is drawn once, never added up
    assert list(by_company["Microsoft"].y) == pytest.approx([620.2])


def test_value_chart_by_company_when_there_is_one_period():
    rows = (("Zhipu AI", "raised", 2.5e9, "CNY", "2023", math.nan, "25億元の資金調達"),
            ("Baichuan", "raised", 2.8e9, "CNY", "", math.nan, "28億元"))
    fig = figure_value_chart(with_display_values(figures(rows, "funding"), "native", RATES))
    assert fig.layout.title.text == "調達額（企業別）"
    assert fig.layout.yaxis.title.text == "調達額（億元）"
    assert list(fig.data[0].x) == ["Zhipu AI", "Baichuan"]
    usd = figure_value_chart(with_display_values(figures(rows, "funding"), "usd", RATES))
    assert usd.layout.title.text.endswith("USD換算")
    assert usd.layout.yaxis.title.text == "調達額（億ドル）"
    assert list(usd.data[0].y) == pytest.approx([2.5e9 / 8 / 1e8, 2.8e9 / 8 / 1e8])


def test_one_company_in_two_periods_gets_two_labels():
    rows = (("", "users", 1.2e9, "count", "2023", math.nan, "12億"), ("", "users", 2.0, "count", "", math.nan, "2人"))
    fig = figure_value_chart(with_display_values(figures(rows, "traffic"), "native", RATES))
    assert list(fig.data[0].x) == ["業界全体・2023年", "業界全体・期間不明"]
    assert fig.layout.yaxis.title.text == "ユーザー数（億人）"


def test_mixed_units_are_side_by_side_never_on_one_axis():
    rows = REVENUE_ROWS[:1] + (("Baidu", "revenue", 1.345e11, "CNY", "2023", math.nan, "1,345億元"),)
    fig = figure_value_chart(displayed(rows))
    assert [a.text for a in fig.layout.annotations if a.name is None] == ["USD（ドル）", "CNY（元）"]
    assert fig.layout.yaxis.title.text == "売上高（億ドル）" and fig.layout.yaxis2.title.text == "売上高（億元）"
    assert {t.xaxis for t in fig.data} == {"x", "x2"}
    converted = figure_value_chart(displayed(rows, mode="usd"))
    assert {t.xaxis for t in converted.data} == {"x"}  # converted: one unit, one axis
    with pytest.raises(ValueError, match="one metric per chart"):
        figure_value_chart(displayed(REVENUE_ROWS[:1] + (("Meta", "gross_profit", 1e9, "USD", "2023", 1.0, "x"),)))


# Several values at one point: Meta 2023 is stated three times with different changes, once repeated.
CROWDED = (
    ("OpenAI", "visits_change", -9.7, "%", "2023-06", -9.7, "6月は9.7%減"),
    ("OpenAI", "visits_change", -15.0, "%", "2023-06", -15.0, "別の調べでは15%減"),
    ("OpenAI", "visits_change", -4.0, "%", "2023-06", -4.0, "モバイルは4%減"),
    ("OpenAI", "visits_change", -4.0, "%", "2023-06", -4.0, "モバイルは4%減"),  # the page repeats it
    ("OpenAI", "visits_change", 3.0, "%", "2023-05", 3.0, "5月は3%増"),
)


def test_no_value_at_a_point_is_hidden():
    fig = figure_value_chart(with_display_values(figures(CROWDED, "traffic"), "native", RATES))
    drawn = sorted(y for trace in fig.data for y in trace.y)
    assert drawn == pytest.approx([-15.0, -9.7, -4.0, 3.0])  # every distinct value, the repeat once
    diamonds = [t for t in fig.data if t.type == "scatter"]
    assert len(diamonds) == 1 and diamonds[0].marker.symbol == "diamond"
    assert any("別の値（2件）" in a.text for a in fig.layout.annotations)
    changes = change_chart(with_display_values(figures(CROWDED, "traffic"), "native", RATES))
    assert sorted(changes.data[0].x) == pytest.approx([-15.0, -9.7, -4.0, 3.0])
    assert len(set(changes.data[0].y)) == 4  # each value its own labelled bar


def test_one_series_still_names_its_company():
    rows = (("Meta", "revenue", 1.136e11, "USD", "2023", math.nan, "a"), ("Meta", "revenue", 1.169e11, "USD", "2022",
                                                                         math.nan, "b"))
    fig = figure_value_chart(displayed(rows))
    assert fig.layout.showlegend is True and [t.name for t in fig.data] == ["Meta"]


HOSTILE = '<b>太字</b><a href="https://example.com">リンク</a>'


def test_article_text_is_never_markup_in_a_chart():
    rows = (("Evil<b>Co</b>", "revenue", 1e9, "USD", "2023", 5.0, HOSTILE),)
    for fig in (figure_value_chart(displayed(rows)), change_chart(displayed(rows)),
                mention_ranking_chart(companies((("a1", "<i>Co</i>", 2),))),
                term_frequency_chart(frame_from_rows([{"article_id": "a", "term": "<b>語</b>", "count": 2}],
                                                     TERM_COLUMNS))):
        text = fig.to_json()
        for tag in ("<b>", "<a ", "<i>"):
            assert tag not in text.replace("<br>", "")
        assert "&lt;" in text


def test_context_gives_a_subtitle_and_a_source_footnote():
    articles = frame_from_rows([{"article_id": "a1", "publisher": "note"}, {"article_id": "a2", "publisher": ""}],
                               ARTICLE_COLUMNS)
    context = ChartContext("企業: Meta／期間: 2023年〜", articles)
    fig = figure_value_chart(displayed(), context=context)
    assert fig.layout.title.subtitle.text == "企業: Meta／期間: 2023年〜"
    assert footnote_of(fig) == "出典: 記事1件（note）"
    assert source_note(["a1", "a2", "a2"], articles) == "出典: 記事2件（note、発行元不明）"
    assert footnote_of(slide_version(fig)) == footnote_of(fig)


def test_change_chart_shows_stated_changes_signed():
    fig = change_chart(displayed())
    assert fig.layout.title.text.startswith("売上高の変化率")
    assert fig.layout.xaxis.title.text == "変化率（%）"
    assert list(fig.data[0].y) == ["Microsoft・売上高・2023年Q4", "Meta・売上高・2023年"]
    assert list(fig.data[0].text) == ["+17.6%", "+16%"]


def test_network_is_deterministic_and_weighted_by_sentences_when_known():
    comentions = frame_from_rows([{"company_a": "OpenAI", "company_b": "Meta", "n_articles": 1, "n_sentences": 3}],
                                 COMENTION_COLUMNS)
    edges = network_edges(companies(), comentions)
    assert list(zip(edges["company_a"], edges["company_b"], edges["weight"])) == [("Meta", "OpenAI", 3.0)]
    article_level = network_edges(companies(), comentions.iloc[0:0])
    assert set(zip(article_level["company_a"], article_level["company_b"])) == {("Meta", "OpenAI"), ("Baidu", "OpenAI")}
    first, second = company_network_chart(companies(), comentions), company_network_chart(companies(), comentions)
    assert first.to_json() == second.to_json()
    assert first.layout.title.text == "企業の共起ネットワーク"
    assert circular_layout(["A", "B"])["A"] == pytest.approx((0.0, 1.0))


def test_term_chart_keeps_the_top_terms():
    terms = frame_from_rows([{"article_id": "a", "term": t, "count": n} for t, n in
                             (("生成AI", 5), ("資金調達", 3), ("生成AI", 2), ("半導体", 1))], TERM_COLUMNS)
    fig = term_frequency_chart(terms, top=2)
    assert fig.layout.title.text == "頻出キーワード（上位2語）"
    assert list(fig.data[0].y) == ["資金調達", "生成AI"] and list(fig.data[0].x) == [3, 7]
    assert term_frequencies(terms) == {"生成AI": 7, "資金調達": 3, "半導体": 1}


def test_term_chart_bars_carry_their_term_as_written_and_say_when_generic_terms_are_left_out():
    terms = frame_from_rows([{"article_id": "a", "term": t, "count": n} for t, n in
                             (("<b>語</b>", 5), ("資金調達", 3))], TERM_COLUMNS)
    fig = term_frequency_chart(terms, generic_left_out=True)
    assert list(fig.data[0].customdata) == ["資金調達", "<b>語</b>"]  # the clicked bar's term, not its label
    assert list(fig.data[0].y) == ["資金調達", "&lt;b&gt;語&lt;/b&gt;"]
    assert fig.layout.title.text == "頻出キーワード（上位2語、一般的な語を除く）"


EMPTY_CHARTS = (
    lambda: mention_ranking_chart(companies(())),
    lambda: company_network_chart(companies(()), frame_from_rows([], COMENTION_COLUMNS)),
    lambda: company_network_chart(companies((("a1", "OpenAI", 1),)), frame_from_rows([], COMENTION_COLUMNS)),
    lambda: figure_value_chart(displayed(())),
    lambda: change_chart(displayed(())),
    lambda: change_chart(displayed(REVENUE_ROWS[1:2])),  # no stated change
    lambda: term_frequency_chart(frame_from_rows([], TERM_COLUMNS)),
)


@pytest.mark.parametrize("build", EMPTY_CHARTS)
def test_nothing_to_draw_gives_no_chart(build):
    assert build() is None


def test_png_button_is_slide_sized():
    options = chart_config("revenue")["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "revenue", "width": 1920, "height": 1080, "scale": 2}


CHARTS = (
    lambda: mention_ranking_chart(companies()),
    lambda: figure_value_chart(displayed()),
    lambda: change_chart(displayed()),
    lambda: company_network_chart(companies(), frame_from_rows([], COMENTION_COLUMNS)),
)


@pytest.mark.parametrize("default", ("plotly_white", "plotly", "streamlit"))
@pytest.mark.parametrize("build", CHARTS)
def test_every_chart_has_the_white_look_whatever_the_default_template(build, default, monkeypatch):
    import plotly.io as pio
    import streamlit.elements.plotly_chart  # noqa: F401 - registers Streamlit's template (and makes it the default)

    monkeypatch.setattr(pio.templates, "default", default)
    fig = build()
    assert fig.layout.template == pio.templates["plotly_white"]
    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == "#ffffff"


def test_presentation_mode_uses_bigger_type():
    normal, present = mention_ranking_chart(companies()), mention_ranking_chart(companies(), present=True)
    assert present.layout.font.size > normal.layout.font.size
    assert present.layout.height > normal.layout.height


def test_slide_version_is_a_bigger_copy():
    fig = figure_value_chart(displayed())
    slide = slide_version(fig)
    assert slide.layout.font.size > fig.layout.font.size and slide.layout.height is None
    assert all(trace.textfont.size == 18 for trace in slide.data if trace.type == "bar")
    assert fig.layout.height == 480 and fig.data[0].textfont.size == 11  # the page's figure is untouched


def test_word_cloud_is_the_same_picture_for_the_same_terms():
    frequencies = {"生成AI": 10, "資金調達": 6, "半導体": 3, "OpenAI": 2}
    first = word_cloud_png(frequencies, 400, 225, scale=1)
    assert first == word_cloud_png(frequencies, 400, 225, scale=1)
    assert first != word_cloud_png({**frequencies, "規制": 8}, 400, 225, scale=1)
    assert Image.open(io.BytesIO(first)).size == (400, 225)
    assert Image.open(io.BytesIO(word_cloud_png(frequencies, 200, 100))).size == (400, 200)  # drawn at scale 2
    with pytest.raises(ValueError):
        word_cloud_png({})


# (text, figure surfaces, company names, expected html)
MARKED = (
    ("OpenAIは66億ドルを調達", ["66億ドル"], ["OpenAI"],
     '<mark class="kj-company">OpenAI</mark>は<mark class="kj-figure">66億ドル</mark>を調達'),
    ("<script>alert(1)</script>と66億ドル", ["66億ドル"], [],
     '&lt;script&gt;alert(1)&lt;/script&gt;と<mark class="kj-figure">66億ドル</mark>'),
    ('<img src=x onerror=alert(1)> "A&B"', [], ["A&B"],
     '&lt;img src=x onerror=alert(1)&gt; &quot;<mark class="kj-company">A&amp;B</mark>&quot;'),
    ("Google Cloudは270億ドル", [], ["Google", "Google Cloud"], '<mark class="kj-company">Google Cloud</mark>は270億ドル'),
    ("amp &amp; amp", [], ["amp"], '<mark class="kj-company">amp</mark> &amp;<mark class="kj-company">amp</mark>; '
                                   '<mark class="kj-company">amp</mark>'),
)


@pytest.mark.parametrize(("text", "surfaces", "names", "expected"), MARKED)
def test_text_is_escaped_and_marked(text, surfaces, names, expected):
    assert highlight_html(text, surfaces, names) == expected


def test_marks_never_overlap_and_figures_come_first():
    assert mark_spans("Meta 1,136億ドル", ["1,136億ドル"], ["Meta", "136"]) == [(0, 4, "company"), (5, 13, "figure")]


def test_article_html_keeps_headings_and_runs_nothing():
    sentences = frame_from_rows([
        {"article_id": "g", "paragraph": 0, "sentence_index": 0, "text": "見出し<b>", "heading": "見出し<b>"},
        {"article_id": "g", "paragraph": 1, "sentence_index": 0, "text": "<script>alert(1)</script>です。",
         "heading": "見出し<b>"},
        {"article_id": "g", "paragraph": 1, "sentence_index": 1, "text": "Googleは2,378億ドル。", "heading": "見出し<b>"},
    ], SENTENCE_COLUMNS)
    figure = frame_from_rows([{"article_id": "g", "paragraph": 1, "sentence_index": 1, "surface": "2,378億ドル",
                               "sentence": "Googleは2,378億ドル。"}], FIGURE_COLUMNS)
    page = article_html(sentences, figure, ["Google"])
    assert "<h4>見出し&lt;b&gt;</h4>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;です。" in page and "<script>" not in page
    assert '<mark class="kj-figure">2,378億ドル</mark>' in page


def test_csv_has_a_bom_and_japanese_survives():
    data = csv_bytes(pd.DataFrame({"企業": ["メタ"], "値": ["1,136億ドル"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").iloc[0].tolist() == ["メタ", "1,136億ドル"]


def test_figure_table_links_every_number_to_its_sentence():
    articles = frame_from_rows([{"article_id": "a1", "title": "記事のタイトル"}], ARTICLE_COLUMNS)
    table = figures_table(displayed(), articles, "usd")
    assert list(table.columns[:5]) == ["区分", "企業", "指標", "値", "元の値"]
    assert table.loc[0, "値"] == "1,136億ドル" and table.loc[0, "変化率"] == "+16%"
    assert set(table["本文"]) == {source_link("a1", {}, (0, 0))} == {"sources?article=a1&sentence=0-0"}
    rows = displayed().assign(paragraph=[3, 1, 2, 0, 5], sentence_index=[0, 4, 1, 2, 0])
    kept = figures_table(rows, articles, "usd", {"company": ["OpenAI"], "currency": "usd"})
    assert kept.loc[1, "本文"] == "sources?company=OpenAI&currency=usd&article=a1&sentence=1-4"
    assert set(table["記事"]) == {"記事のタイトル"}
    assert table.loc[4, "企業"] == "業界全体"
    assert "元の値" not in figures_table(displayed(), articles, "native").columns


@pytest.mark.parametrize("filters, expected", [
    (None, "sources?article=a1"),
    ({"theme": ["funding"], "period_from": "2024"}, "sources?theme=funding&period_from=2024&article=a1"),
])
def test_article_tables_link_to_the_text_keeping_the_filters(filters, expected):
    articles = frame_from_rows([{"article_id": "a1", "title": "記事", "themes": "funding"}], ARTICLE_COLUMNS)
    companies = pd.DataFrame({"article_id": ["a1"], "company": ["OpenAI"], "mentions": [2]})
    assert list(articles_table(articles, {}, filters)["本文"]) == [expected]
    assert list(company_articles_table(companies, articles, "OpenAI", filters)["本文"]) == [expected]


def test_source_link_quotes_the_id():
    assert source_link("記事 1&x") == "sources?article=%E8%A8%98%E4%BA%8B+1%26x"


# (filters, sentence, the link's query): the reader's filters kept, the article the link's own, a sentence marked
SOURCE_LINKS = (
    ({"publisher": ["note", "日経"], "article": ["b2"], "currency": "usd"}, None,
     {"publisher": ["note", "日経"], "article": ["a1"], "currency": ["usd"]}),
    ({"company": ["OpenAI"], "period_from": "2023"}, (3, 1),
     {"company": ["OpenAI"], "period_from": ["2023"], "article": ["a1"], "sentence": ["3-1"]}),
    ({}, (0, 2), {"article": ["a1"], "sentence": ["0-2"]}),
)


@pytest.mark.parametrize(("filters", "sentence", "expected"), SOURCE_LINKS)
def test_source_link_keeps_the_filters_and_marks_the_sentence(filters, sentence, expected):
    link = source_link("a1", filters, sentence)
    assert link.startswith("sources?")
    assert parse_qs(urlsplit(link).query) == expected


def test_load_report_in_japanese():
    report = pd.DataFrame({"source_file": ["a.txt", "b.txt"], "status": ["loaded", "skipped"],
                           "reason": ["", "空ファイル"], "encoding": ["utf_8", ""], "n_bytes": [10, 0]})
    assert load_summary(report) == "2件のファイルのうち 1件を読み込み、1件をスキップしました。"
    assert load_report_table(report)["状態"].tolist() == ["読み込み済み", "スキップ"]
    assert load_report_table(report)["文字コード"].tolist() == ["UTF-8", ""]


def test_no_english_plotly_toolbar():
    assert chart_config("revenue")["displayModeBar"] is False


@pytest.mark.parametrize(("codec", "shown"), (("utf_8", "UTF-8"), ("shift_jis", "Shift_JIS"), ("cp932", "Shift_JIS（Windows-31J）"),
                                              ("euc_jp", "EUC-JP"), ("iso2022_jp", "ISO-2022-JP"), ("UTF-8", "UTF-8"),
                                              ("koi8_r", "koi8_r"), ("", "")))
def test_encodings_are_named_the_japanese_way(codec, shown):
    assert encoding_label(codec) == shown
