"""Tables -> lines: every row of a table becomes one line, "header：cell、header：cell" under a header row.

HTML tables (reading.py, after their spans are filled in) and Markdown pipe tables (cleaning.py) become the
same lines, so the extractors see one layout whatever the page was written in. A Markdown table is a run of
lines holding "|" whose second line is a separator of dashes (|---|:---:|); its first line is the header.
Lines with pipes but no separator line are left as they are (a menu "ホーム | ニュース" is no table), unless
three or more lines in a row open and close with a pipe and hold as many cells (three or more), the first a header
of words without digits: a table whose separator line the page lost.
"""
from __future__ import annotations

import re

from loaders.numbers import parse_amount

CELL_JOINER = "、"  # cells joined by 、 so that a row never reads as a menu of short words
LABEL_JOINER = "："
SEPARATOR_CELL = re.compile(r":?-{1,200}:?")
ESCAPED_PIPE = "\\|"
# A unit of measure in brackets at the end of a header cell: "当期(百万円)", "売上高（億ドル）", "前期比(%)".
HEADER_UNIT = re.compile(r"[（(]([^（()）]{1,8})[)）]\s?$")
UNSEPARATED_ROWS = 3  # a header and two rows: the fewest lines a table that lost its separator line is read from
MIN_COLUMNS = 3
PIPE_PLACEHOLDER = "\uf8ff"  # a private-use character no article holds (reading.py rejects them)


def row_lines(rows: list[list[str]], has_header: bool) -> list[str]:
    """Table rows as lines: each cell after its column's header when the table has a header row. A unit the
    header gives in brackets ("当期(百万円)") goes onto the column's bare numbers: "当期：15,631百万円"."""
    if not rows:
        return []
    if has_header and len(rows) > 1:
        header, body = rows[0], rows[1:]
        columns = [_header_unit(name) for name in header]
        return [CELL_JOINER.join(_labelled(name, label, unit, cell)
                                 for name, (label, unit), cell in zip(header, columns, row) if cell) for row in body]
    return [CELL_JOINER.join(cell for cell in row if cell) for row in rows]


def _header_unit(name: str) -> tuple[str, str]:
    """A header as (label, unit) when it ends in a bracketed unit of measure ("金額(百万円)"), else (name, "")."""
    match = HEADER_UNIT.search(name)
    if match is None or match.start() == 0:
        return name, ""
    unit = match.group(1).strip()
    quantity = parse_amount("1" + unit)
    return (name[:match.start()].rstrip(), unit) if quantity is not None else (name, "")


def _labelled(name: str, label: str, unit: str, cell: str) -> str:
    """One cell after its header; under a header with a unit the unit moves onto a bare number (and never stands
    alone, where it would read as an amount of one 百万円)."""
    if not name or name == cell:
        return cell
    if not unit:
        return f"{name}{LABEL_JOINER}{cell}"
    number = parse_amount(cell)
    if number is not None and number.kind == "number" and not number.counter:
        return f"{label}{LABEL_JOINER}{cell.strip()}{unit}"
    return f"{label}{LABEL_JOINER}{cell}"


def pipe_cells(line: str) -> list[str] | None:
    """The cells of one Markdown table line ("| a | b |" or "a | b"), or None when it holds no pipe."""
    text = line.strip().replace(ESCAPED_PIPE, PIPE_PLACEHOLDER)
    if "|" not in text:
        return None
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [cell.strip().replace(PIPE_PLACEHOLDER, "|") for cell in text.split("|")]


def _lost_its_separator(lines: list[str], i: int) -> bool:
    """A table whose separator line was lost: at least UNSEPARATED_ROWS lines from `i` on, each opening and closing
    with a pipe and holding as many cells (MIN_COLUMNS or more), the first of them a header of words (no digit)."""
    if i + UNSEPARATED_ROWS > len(lines):
        return False
    run = [lines[j].strip() for j in range(i, i + UNSEPARATED_ROWS)]
    if not all(line.startswith("|") and line.endswith("|") for line in run):
        return False
    counts = {len(pipe_cells(line)) for line in run}
    header = pipe_cells(run[0])
    return len(counts) == 1 and len(header) >= MIN_COLUMNS and not any(ch.isdigit() for cell in header for ch in cell)


def _is_separator(cells: list[str] | None) -> bool:
    return bool(cells) and all(SEPARATOR_CELL.fullmatch(cell.replace(" ", "")) for cell in cells)


def markdown_tables_to_lines(lines: list[str], row_mark: str = "") -> list[str]:
    """The lines of a text with every Markdown pipe table replaced by one line a row (see row_lines), each
    after `row_mark` (cleaning marks them as list items)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = pipe_cells(lines[i])
        separated = header is not None and i + 1 < len(lines) and _is_separator(pipe_cells(lines[i + 1]))
        if not separated and not _lost_its_separator(lines, i):
            out.append(lines[i])
            i += 1
            continue
        rows = [header]
        i += 2 if separated else 1
        while i < len(lines):
            cells = pipe_cells(lines[i])
            if cells is None or not lines[i].strip():
                break
            if not _is_separator(cells):
                rows.append(cells + [""] * (len(header) - len(cells)))
            i += 1
        out.extend(row_mark + line for line in row_lines(rows, has_header=any(header)) if line)
    return out
