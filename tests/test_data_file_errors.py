"""Every knowledge file fails as a DataFileError that names the file and the line, never as a traceback."""
from __future__ import annotations

import pytest

import dashboard.cache as cache_module
import dashboard.formatting as formatting_module
from dashboard.formatting import load_fx_rates
from loaders import load_corpus
from loaders.articles import Knowledge
from loaders.datafiles import PACKAGE_DATA_DIR, DataFileError

def line_holding(text: str, fragment: str) -> int:
    """The number of the first line of `text` that holds `fragment`."""
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


NUMBERS = (PACKAGE_DATA_DIR / "numbers.toml").read_text(encoding="utf-8")
CUES = (PACKAGE_DATA_DIR / "organisation_cues.toml").read_text(encoding="utf-8")
CP932_WORDS = "# 除外語\nこと\n".encode("utf-8") + "もの\n".encode("cp932")

# file -> (bytes, what the message must say)
BROKEN = (
    ("stopwords.txt", CP932_WORDS, "stopwords.txt, line 3: not UTF-8"),
    ("not_organisations.txt", CP932_WORDS, "not_organisations.txt, line 3: not UTF-8"),
    ("companies.toml", b"[[company]]\nname = \"X\"\naliases = [\n", "companies.toml"),
    ("themes.toml", "# テーマ\n".encode("utf-8") + "[[theme]]\nid = 'ａ'\n".encode("cp932"), "themes.toml, line 3"),
    ("furniture.toml", b"lines = [\n  '.*share',\n]\n", "furniture.toml, line 2"),
    ("metrics.toml", b"[[metric]\n", "metrics.toml"),
    ("numbers.toml", NUMBERS.replace('before = ["約"', 'before = [3').encode(),
     f"numbers.toml, line {line_holding(NUMBERS, 'before = [')}"),
    # a blank word in a word list would match everywhere: every list of words says so with its line
    ("numbers.toml", NUMBERS.replace('before = ["約"', 'before = ["  "').encode(),
     f"numbers.toml, line {line_holding(NUMBERS, 'before = [')}"),
    ("organisation_cues.toml", CUES.replace('suffixes = ["社"]', 'suffixes = ["社", 1]').encode(),
     f"organisation_cues.toml, line {line_holding(CUES, '[quoted]')}"),
    ("numbers.toml", NUMBERS.replace('"+" = 1', '"+" = 2').encode(), "numbers.toml, line " + str(line_holding(NUMBERS, '"+" = 1'))),
    ("numbers.toml", NUMBERS.replace('name = "ドル"', 'label = "ドル"').encode(),
     f"numbers.toml, line {line_holding(NUMBERS, '[currencies.USD]')}"),
)


@pytest.mark.parametrize("name, data, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_knowledge_file_is_named_with_its_line(tmp_path, name, data, message):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / name).write_bytes(data)
    (tmp_path / "a.txt").write_text("生成AIの新興企業が50億円を調達した。\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message.replace(".", r"\.")) as error:
        load_corpus(tmp_path, data_dir=data_dir)
    assert "line" in str(error.value)


FX_BROKEN = (
    (b"as_of = \"2026-01-01\"\n[units_per_usd]\nJPY = \n", "line 3"),
    (b"as_of = \"2026-01-01\"\n[units_per_usd]\nEUR = 0.9\nJPY = -150\n", "fx_rates.toml, line 4: rate for JPY"),
    ("[units_per_usd]\n# 円\nJPY = 150\n".encode("cp932"), "line 2: not UTF-8"),
    (b"units_per_usd = 5\n", "line 1: units_per_usd must be a table"),
)


@pytest.mark.parametrize("data, message", FX_BROKEN, ids=[m for _, m in FX_BROKEN])
def test_a_broken_exchange_rate_file_is_named_with_its_line(tmp_path, data, message):
    path = tmp_path / "fx_rates.toml"
    path.write_bytes(data)
    with pytest.raises(DataFileError, match=message):
        load_fx_rates(path)


def test_the_dashboard_shows_a_broken_rate_file_in_japanese(tmp_path, monkeypatch):
    path = tmp_path / "fx_rates.toml"
    path.write_bytes(b"[units_per_usd\n")
    shown = []

    class Stopped(Exception):
        pass

    def stop():
        raise Stopped
    monkeypatch.setattr(cache_module, "FX_RATES_PATH", path)
    monkeypatch.setattr(formatting_module, "FX_RATES_PATH", path)
    monkeypatch.setattr(cache_module.st, "error", shown.append)
    monkeypatch.setattr(cache_module.st, "stop", stop)
    with pytest.raises(Stopped):
        cache_module.fx_rates()
    assert len(shown) == 1 and shown[0].startswith("為替レートのファイルに誤りがあります")
    assert "fx\\_rates\\.toml" in shown[0] and "line 1" in shown[0]  # Markdown-escaped file name


def test_the_packaged_knowledge_files_load():
    assert Knowledge.load().stopwords
