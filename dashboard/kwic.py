"""Keyword-in-context lines aligned on the keyword: sort orders and the HTML table the キーワード page shows.

The lines come from `loaders.kwic` (left context, match, right context per occurrence). The table has
three text columns in one monospace font: the left context right-aligned, then the keyword and the right
context left-aligned, so that every line's left context ends and its keyword starts at one x, whatever the
width of the characters around them (table cells align, a padded string would not: half-width Latin is narrower than kanji).
Every piece of article text is HTML-escaped; whitespace runs (line breaks) show as one space.

Sort orders (stable, ties by reading order):
- position: reading order (article, paragraph, sentence);
- left: the left context read backwards from the keyword (what precedes it, nearest character first),
  the concordancer's classic order, so that 「の資金調達」 lines group together;
- right: the right context, from the keyword on;
- article: the article's date (`published`; undated last), then its title.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from dashboard.tables import LINK_TEXT, source_link

SORT_ORDERS = {"position": "出現順", "left": "前の文脈（語の直前から）", "right": "後の文脈", "article": "記事・日付"}
DEFAULT_SORT = "position"
UNDATED = "日付なし"
_SPACES = re.compile(r"\s{1,1000}")

KWIC_CSS = """
<style>
.kwic-wrap { overflow-x: auto; max-height: 640px; overflow-y: auto; }
table.kwic { border-collapse: collapse; font-size: 15px; }
table.kwic td, table.kwic th { padding: 3px 6px; border-bottom: 1px solid #e6e9ef; white-space: nowrap; }
table.kwic th { text-align: left; color: #555b66; font-weight: 600; background: #f6f7f9; position: sticky; top: 0; }
table.kwic .kwic-left, table.kwic .kwic-match, table.kwic .kwic-right {
  font-family: "Noto Sans Mono CJK JP", "Noto Sans Mono", "IPAGothic", "MS Gothic", monospace; }
table.kwic .kwic-left { text-align: right; padding-right: 0.4em; }
table.kwic .kwic-match { text-align: left; font-weight: 700; color: #b3261e; background: #fff4e5; }
table.kwic .kwic-right { text-align: left; padding-left: 0.4em; }
table.kwic .kwic-article { color: #333; font-size: 13px; }
</style>
"""


def _fold(text: object) -> str:
    return unicodedata.normalize("NFKC", text).casefold() if isinstance(text, str) else ""


def sort_lines(lines: pd.DataFrame, articles: pd.DataFrame, order: str = DEFAULT_SORT) -> pd.DataFrame:
    """The KWIC lines in one of SORT_ORDERS (unknown orders read as reading order)."""
    if lines.empty:
        return lines
    rows = lines.reset_index(drop=True)
    position = pd.Series(range(len(rows)), index=rows.index)
    left = rows["left"].map(lambda text: _fold(text)[::-1])
    right = rows["right"].map(_fold)
    if order == "left":
        keys = [left, right, position]
    elif order == "right":
        keys = [right, left, position]
    elif order == "article":
        published = dict(zip(articles["article_id"], articles["published"])) if "published" in articles else {}
        titles = dict(zip(articles["article_id"], articles["title"]))
        dates = rows["article_id"].map(lambda a: published.get(a) or "")
        keys = [dates.eq(""), dates, rows["article_id"].map(lambda a: _fold(titles.get(a, a))), position]
    else:
        return rows
    frame = pd.DataFrame({f"k{index}": key.to_numpy() for index, key in enumerate(keys)})
    ordered = frame.sort_values(list(frame.columns), kind="stable").index
    return rows.iloc[ordered].reset_index(drop=True)


def _text(value: object) -> str:
    return html.escape(_SPACES.sub(" ", value) if isinstance(value, str) else "")


def kwic_html(lines: pd.DataFrame, articles: pd.DataFrame, filters: Mapping[str, str | list[str]] | None = None) -> str:
    """The aligned KWIC table (style and markup) of the lines in their given order; each line's 本文を見る opens
    its sentence marked on the ソース page in the same tab, with `filters` (the reader's query parameters) kept."""
    titles = dict(zip(articles["article_id"], articles["title"]))
    published = dict(zip(articles["article_id"], articles["published"])) if "published" in articles else {}
    body = []
    for index, row in enumerate(lines.itertuples(index=False)):
        date = published.get(row.article_id) or UNDATED
        body.append(
            f'<tr data-line="{index}"><td class="kwic-left">{_text(row.left)}</td>'
            f'<td class="kwic-match">{_text(row.match)}</td><td class="kwic-right">{_text(row.right)}</td>'
            f'<td class="kwic-article">{_text(titles.get(row.article_id, row.article_id))}（{_text(date)}）</td>'
            f'<td><a href="{html.escape(_line_link(row, filters))}" target="_self">{LINK_TEXT}</a></td></tr>')
    head = ('<tr><th class="kwic-left">前</th><th class="kwic-match">語</th><th class="kwic-right">後</th>'
            '<th>記事（日付）</th><th>本文</th></tr>')
    return (f'{KWIC_CSS}<div class="kwic-wrap"><table class="kwic"><thead>{head}</thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _line_link(row, filters: Mapping[str, str | list[str]] | None) -> str:
    return source_link(row.article_id, filters or {}, (int(row.paragraph), int(row.sentence_index)))


def clicked_term(event: Mapping | None) -> str:
    """The term of the bar a plotly selection event points at (the bar's customdata; "" when none)."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    for point in points:
        term = point.get("customdata")
        term = term[0] if isinstance(term, (list, tuple)) and term else term
        if isinstance(term, str) and term:
            return term
    return ""
