"""Tables: Markdown pipe tables and HTML tables become the same "header：cell" lines, one a row."""
from __future__ import annotations

import pytest

from loaders.reading import html_to_text
from loaders.tables import markdown_tables_to_lines, pipe_cells, row_lines

# (Markdown lines, the lines they become)
MARKDOWN_TABLES = (
    (["| 企業 | 調達額 | 時期 |", "|---|---:|:---:|", "| ミライ電子 | 120億円 | 2024年5月 |"],
     ["企業：ミライ電子、調達額：120億円、時期：2024年5月"]),
    # no outer pipes, a short row, an empty cell
    (["事業 | 売上高 | 前年比", "--- | --- | ---", "クラウド | 174億ドル", "端末 |  | 3%減"],
     ["事業：クラウド、売上高：174億ドル", "事業：端末、前年比：3%減"]),
    # an escaped pipe stays inside its cell; the table ends at the first line without a pipe
    (["|指標|値|", "|-|-|", "|A\\|B比|12%|", "表の後の本文です。"], ["指標：A|B比、値：12%", "表の後の本文です。"]),
    # a menu with pipes but no separator line is no table
    (["ホーム | ニュース | 特集"], ["ホーム | ニュース | 特集"]),
    # a table that lost its separator line: rows opening and closing with pipes, as many cells, a header of words
    (["| 会社 | 売上見積もり | 発表日 |", "| ミライ電子 | 120億ドル | 水曜 |", "| カナタ | 80億ドル | 木曜 |"],
     ["会社：ミライ電子、売上見積もり：120億ドル、発表日：水曜", "会社：カナタ、売上見積もり：80億ドル、発表日：木曜"]),
    # ... but not rows of unequal length, nor a first row with digits, nor two rows alone
    (["| a | b | c |", "| 1社 | 2社 |", "| 3社 | 4社 | 5社 |"], ["| a | b | c |", "| 1社 | 2社 |", "| 3社 | 4社 | 5社 |"]),
    (["| 2023 | 2024 | 2025 |", "| 1社 | 2社 | 3社 |", "| 4社 | 5社 | 6社 |"],
     ["| 2023 | 2024 | 2025 |", "| 1社 | 2社 | 3社 |", "| 4社 | 5社 | 6社 |"]),
    (["| a | b | c |", "| 1社 | 2社 | 3社 |"], ["| a | b | c |", "| 1社 | 2社 | 3社 |"]),
    # a separator line between body rows is skipped; a blank line ends the table
    (["|a|b|", "|--|--|", "|1社|2社|", "|--|--|", "|3社|4社|", "", "|5社|6社|"],
     ["a：1社、b：2社", "a：3社、b：4社", "", "|5社|6社|"]),
)


@pytest.mark.parametrize("lines, expected", MARKDOWN_TABLES)
def test_markdown_table_rows_become_lines(lines, expected):
    assert markdown_tables_to_lines(lines) == expected


@pytest.mark.parametrize("line, cells", (
    ("| a | b |", ["a", "b"]),
    ("a|b", ["a", "b"]),
    ("本文に縦棒はない", None),
))
def test_pipe_cells(line, cells):
    assert pipe_cells(line) == cells


def test_a_table_without_header_row_joins_its_cells():
    assert row_lines([["LayerX", "150億円"], ["合計", "150億円"]], has_header=False) == ["LayerX、150億円", "合計、150億円"]


def test_html_and_markdown_tables_read_the_same():
    html = ("<html><body><table><tr><th>事業</th><th>売上高</th></tr><tr><td>クラウド</td><td>174億ドル</td></tr>"
            "</table></body></html>")
    markdown = ["| 事業 | 売上高 |", "| --- | --- |", "| クラウド | 174億ドル |"]
    assert html_to_text(html)[0].splitlines() == markdown_tables_to_lines(markdown)


# (pattern, header and body rows, the lines they become): a unit in a header's brackets scales its column
HEADER_UNITS = (
    ("百万円 onto a bare number", [["科目", "今期(百万円)", "増減"], ["売上高", "8,250", "+12.5%"]],
     ["科目：売上高、今期：8,250百万円、増減：+12.5%"]),
    ("a signed number, and a dash that stays no amount", [["科目", "金額（千円）"], ["営業損失", "▲3,400"], ["特別損失", "-"]],
     ["科目：営業損失、金額：▲3,400千円", "科目：特別損失、金額：-"]),
    ("億ドル and %", [["企業", "売上高（億ドル）", "前年比(%)"], ["ミライ電子", "42.5", "8"]],
     ["企業：ミライ電子、売上高：42.5億ドル、前年比：8%"]),
    ("a cell that states its own unit keeps it", [["企業", "売上高(億円)"], ["ミライ電子", "3.2億ドル"]],
     ["企業：ミライ電子、売上高：3.2億ドル"]),
    ("a bracket that is no unit stays in the header", [["企業", "備考(注)"], ["ミライ電子", "12"]],
     ["企業：ミライ電子、備考(注)：12"]),
)


@pytest.mark.parametrize("pattern, rows, expected", HEADER_UNITS, ids=[p for p, *_ in HEADER_UNITS])
def test_a_header_unit_scales_its_column(pattern, rows, expected):
    assert row_lines(rows, has_header=True) == expected
