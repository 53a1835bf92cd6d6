"""KWIC lines: sort orders, the aligned HTML table (escaped article text), and the term of a clicked bar."""
import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from dashboard.kwic import SORT_ORDERS, UNDATED, clicked_term, kwic_html, sort_lines
from loaders.terms import kwic

ARTICLES = pd.DataFrame({
    "article_id": ["new", "old", "undated"],
    "title": ["新しい記事", "古い記事", "日付のない記事"],
    "published": ["2024-05-01", "2023-01", ""],
})
# (article, left, match, right) in reading order
LINES = (
    ("undated", "大規模な", "資金調達", "を完了"),
    ("new", "新興企業の", "資金調達", "が続く"),
    ("old", "追加の", "資金調達", "を発表"),
    ("new", "巨額の", "資金調達", "が相次ぐ"),
)


def lines_frame(lines=LINES) -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": [a for a, *_ in lines], "paragraph": range(len(lines)), "sentence_index": 0,
        "left": [left for _, left, _, _ in lines], "match": [m for _, _, m, _ in lines],
        "right": [right for *_, right in lines], "sentence": ["".join(parts) for _, *parts in lines],
    })


# (order, the left contexts in the expected order)
ORDERS = (
    ("position", ["大規模な", "新興企業の", "追加の", "巨額の"]),
    # read backwards from the keyword: な before の (kana order); among the の, 加 (追加) < 業 (新興企業) < 額 (巨額)
    ("left", ["大規模な", "追加の", "新興企業の", "巨額の"]),
    ("right", ["巨額の", "新興企業の", "大規模な", "追加の"]),  # が相次ぐ < が続く < を完了 < を発表
    ("article", ["追加の", "新興企業の", "巨額の", "大規模な"]),  # 2023-01, then 2024-05-01 in reading order, undated last
    ("no_such_order", ["大規模な", "新興企業の", "追加の", "巨額の"]),
)


@pytest.mark.parametrize(("order", "expected"), ORDERS)
def test_sort_orders(order, expected):
    assert list(sort_lines(lines_frame(), ARTICLES, order)["left"]) == expected


def test_left_order_reads_the_context_backwards():
    lines = lines_frame((("new", "ab", "X", ""), ("new", "ba", "X", ""), ("new", "zb", "X", "")))
    # backwards: "ba", "ab", "bz": a line ending in a comes first, then the two ending in b by their next letter
    assert list(sort_lines(lines, ARTICLES, "left")["left"]) == ["ba", "ab", "zb"]


def test_every_sort_order_has_a_japanese_label():
    assert all(re.search(r"[\u3040-\u9fff]", label) for label in SORT_ORDERS.values())


class Cells(HTMLParser):
    """The text and class of every table cell, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_style = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = [dict(attrs).get("class", ""), ""]
        elif tag == "style":
            self.in_style = True
        elif tag == "a" and self.cell is not None:
            self.cell.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(tuple(self.cell))
            self.cell = None
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data


def cells(markup: str) -> list[list[tuple]]:
    parser = Cells()
    parser.feed(markup)
    return parser.rows


def test_html_has_the_keyword_between_a_right_aligned_and_a_left_aligned_context():
    markup = kwic_html(lines_frame(), ARTICLES)
    rows = cells(markup)
    assert [c[0] for c in rows[0]] == ["kwic-left", "kwic-match", "kwic-right", "", ""]
    assert [(left[1], match[1], right[1]) for left, match, right, *_ in rows[1:]] == [
        (left, match, right) for _, left, match, right in LINES]
    assert [row[3][1] for row in rows[1:]] == [f"日付のない記事（{UNDATED}）", "新しい記事（2024-05-01）",
                                               "古い記事（2023-01）", "新しい記事（2024-05-01）"]
    assert rows[2][4][2] == "sources?article=new&sentence=1-0"
    assert re.search(r"\.kwic-left \{[^}]*text-align: right", markup)
    assert re.search(r"\.kwic-right \{[^}]*text-align: left", markup)


def test_a_line_opens_its_sentence_with_the_filters_kept_in_the_same_tab():
    filters = {"publisher": ["note"], "article": ["old"], "currency": "usd"}
    links = re.findall(r'<a href="([^"]+)" target="_self">', kwic_html(lines_frame(), ARTICLES, filters))
    assert [parse_qs(urlsplit(html.unescape(link)).query) for link in links] == [
        {"publisher": ["note"], "article": [article], "currency": ["usd"], "sentence": [f"{paragraph}-0"]}
        for paragraph, (article, *_) in enumerate(LINES)]


# (left, match, right): article text stays text (markup escaped), whitespace runs show as one space
HOSTILE = (
    ("<script>alert(1)</script>", "資金", "<img src=x onerror=alert(1)>"),
    ("a & b\n\n", "語", "\t\"引用\""),
)


@pytest.mark.parametrize(("left", "match", "right"), HOSTILE)
def test_article_text_in_the_table_is_text(left, match, right):
    markup = kwic_html(lines_frame((("new", left, match, right),)), ARTICLES)
    assert "<script>alert" not in markup and "<img" not in markup
    row = cells(markup)[1]
    assert (row[0][1], row[1][1], row[2][1]) == tuple(re.sub(r"\s+", " ", part) for part in (left, match, right))


def test_lines_from_kwic_keep_their_order_and_alignment_columns():
    sentences = pd.DataFrame({"article_id": ["old", "new"], "paragraph": [0, 0], "sentence_index": [0, 0],
                              "text": ["OpenAIは資金調達を発表した。", "Anthropicの資金調達が続く。"]})
    lines = sort_lines(kwic(sentences, "資金調達"), ARTICLES, "article")
    assert list(lines["left"]) == ["OpenAIは", "Anthropicの"]


# (a plotly selection event as st.plotly_chart returns it, the term)
EVENTS = (
    ({"selection": {"points": [{"x": 5, "y": "資金調達", "customdata": "資金調達", "point_index": 3}]}}, "資金調達"),
    ({"selection": {"points": [{"x": 5, "y": "a&lt;b", "customdata": ["a<b"]}]}}, "a<b"),
    ({"selection": {"points": []}}, ""),
    ({"selection": {"points": [{"x": 1, "y": "語"}]}}, ""),
    ({}, ""),
    (None, ""),
)


@pytest.mark.parametrize(("event", "term"), EVENTS)
def test_the_term_of_a_clicked_bar(event, term):
    assert clicked_term(event) == term
