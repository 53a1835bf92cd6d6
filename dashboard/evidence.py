"""Evidence behind a number: which figure rows a clicked chart point stands for, the part of a sentence that
shows the number, and the link that opens the sentence on the ソース page.

Points to rows: a chart built from a frame of figure rows gives every drawn point a `customdata` string, the
positions (0, 1, 2, … in that frame) of all the rows behind the point joined with commas — the rows of the value
drawn first, then every other row at the same place (the other values of that company and period, and repeats of
the value stated elsewhere). A click hands back the points' customdata; `selected_positions` reads the
positions from it and the page looks them up in the same frame (`rows.iloc`), so no value at a point is out of
reach even when the chart draws it as one bar.

Windows: a sentence too long for a table cell is cut around the number (`evidence_window`), so that the number
and the words on either side are visible, with … where text was left out.

Links: `evidence_params` is the ソース page's query string — the current filters, the article, and the
sentence as `paragraph-sentence_index` — so that the page opens on that article with that sentence marked and
the reader's filters intact.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from dashboard.formatting import company_label, display_value_text, format_period, metric_label, status_label
from dashboard.highlight import highlight_html

WINDOW_CHARS = 48  # characters of a sentence shown in a table cell (besides the ellipses)
LEFT_SHARE = 0.6  # of the context around the number, the share before it (a Japanese subject comes first)
ELLIPSIS = "…"
POSITION_SEPARATOR = ","
SENTENCE_PARAM = "sentence"
ARTICLE_PARAM = "article"
UNKNOWN_PUBLISHER = "発行元不明"
UNKNOWN_DATE = "日付不明"

CARD_CSS = """
<style>
.kj-card { line-height: 1.7; }
.kj-card .kj-card-head { font-weight: 600; margin-bottom: 0.2em; }
.kj-card blockquote { margin: 0.2em 0 0.4em; padding-left: 0.8em; border-left: 3px solid #e0a800; }
.kj-card .kj-card-source { color: #555b66; font-size: 0.9em; }
.kj-card mark.kj-figure { background: #ffe08a; padding: 0 2px; border-radius: 3px; }
</style>
"""


def evidence_window(sentence: str, surface: str, width: int = WINDOW_CHARS) -> str:
    """The part of `sentence` around the first `surface` (the number as written), at most `width` characters
    plus … where it was cut; the sentence's start when the surface is not in it."""
    sentence = sentence if isinstance(sentence, str) else ""
    if len(sentence) <= width:
        return sentence
    start = sentence.find(surface) if isinstance(surface, str) and surface else -1
    if start < 0:
        return sentence[:width] + ELLIPSIS
    end = start + len(surface)
    if end - start >= width:
        left, right = start, end
    else:
        left = max(0, start - round((width - (end - start)) * LEFT_SHARE))
        right = min(len(sentence), left + width)
        left = max(0, right - width)  # a number near the end gives its unused right side to the left
    return (ELLIPSIS if left > 0 else "") + sentence[left:right] + (ELLIPSIS if right < len(sentence) else "")


def point_customdata(rows: pd.DataFrame, place: Sequence[str], value: Sequence[str]) -> list[str]:
    """For each row of `rows`: the positions of every row at its place (same `place` columns), its own value's
    rows (same `value` columns) first, as a comma-joined string for plotly's customdata."""
    frame = rows.reset_index(drop=True)
    at_place: dict[tuple, list[int]] = {}
    for position, key in enumerate(_keys(frame, place)):
        at_place.setdefault(key, []).append(position)
    values = _keys(frame, [*place, *value])
    data = []
    for position, (key, own) in enumerate(zip(_keys(frame, place), values)):
        same = [p for p in at_place[key] if values[p] == own]
        others = [p for p in at_place[key] if values[p] != own]
        data.append(POSITION_SEPARATOR.join(str(p) for p in same + others))
    return data


def _keys(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    # NaN never equals itself: a missing value is keyed as None, so rows without a change still group together
    return [tuple(None if _missing(v) else v for v in row) for row in zip(*(frame[c] for c in columns))]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def selected_positions(points: Iterable[Mapping]) -> list[int]:
    """The row positions a chart selection names (from each point's customdata), in order, each once."""
    positions: list[int] = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if not isinstance(data, str):
            continue
        for part in data.split(POSITION_SEPARATOR):
            if part.strip().isdigit() and int(part) not in positions:
                positions.append(int(part))
    return positions


def chosen_positions(event: Mapping | None) -> list[int]:
    """The row positions a chart's selection event (st.plotly_chart with on_select) names; [] for no event."""
    if not event:
        return []
    return selected_positions((event.get("selection") or {}).get("points") or [])


def rows_at(rows: pd.DataFrame, positions: Iterable[int]) -> pd.DataFrame:
    """The rows at these positions of `rows` (positions outside it are ignored)."""
    kept = [p for p in positions if 0 <= p < len(rows)]
    return rows.iloc[kept]


def sentence_mark(paragraph: int, sentence_index: int) -> str:
    """A sentence's place in its article as a query value: `paragraph-sentence_index`."""
    return f"{int(paragraph)}-{int(sentence_index)}"


def parse_sentence_mark(text: str | None) -> tuple[int, int] | None:
    """`3-1` -> (3, 1); None for anything else."""
    if not isinstance(text, str):
        return None
    paragraph, separator, index = text.strip().partition("-")
    if not separator or not (paragraph.isascii() and paragraph.isdigit() and index.isascii() and index.isdigit()):
        return None
    return int(paragraph), int(index)


def evidence_params(filter_params: Mapping[str, str | list[str]], article_id: str, paragraph: int,
                    sentence_index: int) -> dict[str, str | list[str]]:
    """Query parameters of the ソース page showing one sentence: the current filters, narrowed to its article."""
    params = {name: value for name, value in filter_params.items() if name != ARTICLE_PARAM}
    params[ARTICLE_PARAM] = [article_id]
    params[SENTENCE_PARAM] = sentence_mark(paragraph, sentence_index)
    return params


def card_heading(row: Mapping) -> str:
    """What a figure row says, in one line: 企業・指標・期間：値（状態）."""
    status = row.get("status", "") or "actual"
    stated = "" if status == "actual" else f"（{status_label(status)}）"
    return (f"{company_label(row['company'])}・{metric_label(row['metric'])}・{format_period(row['period'])}："
            f"{display_value_text(row)}{stated}")


def card_source(row: Mapping, article: Mapping | None) -> str:
    """Where the sentence was read: the article's title, publisher and date."""
    article = {} if article is None else article
    title = _text(article.get("title")) or row["article_id"]
    publisher = _text(article.get("publisher")) or UNKNOWN_PUBLISHER
    published = _text(article.get("published")) or UNKNOWN_DATE
    return f"{title}｜{publisher}｜{published}"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def card_html(row: Mapping, article: Mapping | None) -> str:
    """One figure's evidence as HTML: its heading, the sentence with the number marked, title・publisher・date.
    Everything from the article is escaped; nothing in it can run or become markup."""
    sentence = highlight_html(row["sentence"], [row.get("surface", "")])
    return (f'<div class="kj-card"><div class="kj-card-head">{html.escape(card_heading(row))}</div>'
            f"<blockquote>{sentence}</blockquote>"
            f'<div class="kj-card-source">{html.escape(card_source(row, article))}</div></div>')


def fact_figure_rows(facts: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The figure rows that state these facts (loaders.facts): same frame, company, metric and status, from one
    of the fact's articles and sentences, with one of the values it was stated as; fact by fact, in order."""
    found = []
    status = figures["status"].where(figures["status"] != "", "actual")
    for fact in facts.to_dict("records"):
        stated = _stated_values(fact["stated_as"])
        keep = ((figures["frame"] == fact["frame"]) & (figures["company"] == fact["company"])
                & (figures["metric"] == fact["metric"]) & (status == (fact["status"] or "actual"))
                & figures["article_id"].isin(fact["article_ids"].split("|"))
                & figures["sentence"].isin(fact["sentences"].split("\n")))
        candidates = figures[keep.astype("bool")]
        same_value = [(float(v), u) in stated or any(_close(float(v), s) and u == su for s, su in stated)
                      for v, u in zip(candidates["value"], candidates["unit"])]
        found.append(candidates[same_value])
    if not found:
        return figures.iloc[0:0]
    rows = pd.concat(found)
    return rows[~rows.index.duplicated(keep="first")]


def _stated_values(stated_as: str) -> set[tuple[float, str]]:
    """`500000000 USD|75000000000-80000000000 JPY` -> {(500000000.0, "USD"), (75000000000.0, "JPY")}."""
    values = set()
    for part in (stated_as or "").split("|"):
        number, _, unit = part.partition(" ")
        low = number[1:].partition("-")[0] if number.startswith("-") else number.partition("-")[0]
        try:
            values.add(((-1 if number.startswith("-") else 1) * float(low), unit))
        except ValueError:
            continue
    return values


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
