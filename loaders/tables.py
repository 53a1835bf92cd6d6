"""Tables -> lines: every row of a table becomes one line, "header：cell、header：cell" under a header row.

HTML tables (reading.py, after their spans are filled in) and Markdown pipe tables (cleaning.py) become the
same lines, so the extractors see one layout whatever the page was written in. A Markdown table is a run of
lines holding "|" whose second line is a separator of dashes (|---|:---:|); its first line is the header.
Lines with pipes but no separator line are left as they are (a menu "ホーム | ニュース" is no table).
"""
from __future__ import annotations

import re

CELL_JOINER = "、"  # cells joined by 、 so that a row never reads as a menu of short words
LABEL_JOINER = "："
SEPARATOR_CELL = re.compile(r":?-{1,200}:?")
ESCAPED_PIPE = "\\|"
PIPE_PLACEHOLDER = "\uf8ff"  # a private-use character no article holds (reading.py rejects them)


def row_lines(rows: list[list[str]], has_header: bool) -> list[str]:
    """Table rows as lines: each cell after its column's header when the table has a header row."""
    if not rows:
        return []
    if has_header and len(rows) > 1:
        header, body = rows[0], rows[1:]
        return [CELL_JOINER.join(f"{name}{LABEL_JOINER}{cell}" if name and name != cell else cell
                                 for name, cell in zip(header, row) if cell) for row in body]
    return [CELL_JOINER.join(cell for cell in row if cell) for row in rows]


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


def _is_separator(cells: list[str] | None) -> bool:
    return bool(cells) and all(SEPARATOR_CELL.fullmatch(cell.replace(" ", "")) for cell in cells)


def markdown_tables_to_lines(lines: list[str], row_mark: str = "") -> list[str]:
    """The lines of a text with every Markdown pipe table replaced by one line a row (see row_lines), each
    after `row_mark` (cleaning marks them as list items)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = pipe_cells(lines[i])
        if header is None or i + 1 >= len(lines) or not _is_separator(pipe_cells(lines[i + 1])):
            out.append(lines[i])
            i += 1
            continue
        rows = [header]
        i += 2
        while i < len(lines):
            cells = pipe_cells(lines[i])
            if cells is None or not lines[i].strip():
                break
            if not _is_separator(cells):
                rows.append(cells + [""] * (len(header) - len(cells)))
            i += 1
        out.extend(row_mark + line for line in row_lines(rows, has_header=any(header)) if line)
    return out
