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

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

WINDOW_CHARS = 48  # characters of a sentence shown in a table cell (besides the ellipses)
LEFT_SHARE = 0.6  # of the context around the number, the share before it (a Japanese subject comes first)
ELLIPSIS = "…"
POSITION_SEPARATOR = ","
SENTENCE_PARAM = "sentence"
ARTICLE_PARAM = "article"


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
