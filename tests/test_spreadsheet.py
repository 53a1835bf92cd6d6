"""CSV cells never run as formulas: the CLI export and every dashboard download go through formula_safe."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.tables import csv_bytes
from loaders import formula_safe
from loaders.__main__ import export_corpus
from loaders.corpus import build_corpus
from loaders.reading import Document, FileOutcome, LoadReport

CELLS = (
    ("=HYPERLINK(\"http://x\",\"見る\")", "'=HYPERLINK(\"http://x\",\"見る\")"),
    ("+81 3 1234", "'+81 3 1234"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tタブ", "'\tタブ"),
    ("\r改行", "'\r改行"),
    ("OpenAIは66億ドルを調達", "OpenAIは66億ドルを調達"),
    ("売上高=100億円", "売上高=100億円"),
    ("", ""),
)


@pytest.mark.parametrize("cell, expected", CELLS)
def test_a_text_cell_that_starts_a_formula_gets_a_quote(cell, expected):
    assert formula_safe(pd.DataFrame({"text": [cell]}))["text"].tolist() == [expected]


def test_numeric_and_missing_cells_keep_their_values():
    frame = pd.DataFrame({"value": [-9.7, 3.0], "count": [-1, 2], "flag": [True, False],
                          "text": ["-9.7%", None]})
    safe = formula_safe(frame)
    assert safe["value"].tolist() == [-9.7, 3.0] and safe["count"].tolist() == [-1, 2]
    assert safe["flag"].tolist() == [True, False]
    assert safe["text"].tolist()[0] == "'-9.7%" and pd.isna(safe["text"].tolist()[1])
    assert frame["text"].tolist()[0] == "-9.7%"  # a copy: the frame itself is unchanged


def test_dashboard_downloads_are_formula_safe():
    data = csv_bytes(pd.DataFrame({"タイトル": ["=1+1"], "値": [-3.5]}))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["タイトル"].tolist() == ["'=1+1"] and back["値"].tolist() == [-3.5]


def test_the_cli_export_is_formula_safe(tmp_path):
    text = "=HYPERLINK(\"http://example.com\",\"クリック\")\n\n-OpenAIは66億ドルを調達したと発表した。評価額は1570億ドル。\n"
    document = Document("a", "a.txt", text, "utf_8", "text")
    report = LoadReport((FileOutcome("a.txt", "loaded", encoding="utf_8"),))
    export_corpus(build_corpus([document], report), tmp_path)
    articles = pd.read_csv(tmp_path / "articles.csv", encoding="utf-8-sig", keep_default_na=False)
    assert articles["title"].tolist() == ["'=HYPERLINK(\"http://example.com\",\"クリック\")"]
    for name in ("articles", "companies", "funding", "revenue", "traffic"):
        raw = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig")
        for cell in pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False).to_numpy().ravel():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
    funding = pd.read_csv(tmp_path / "funding.csv", encoding="utf-8-sig")
    assert pd.api.types.is_float_dtype(funding["value"])
