"""No pattern over article text back-tracks without bound, and no stage scans the text more than a fixed
number of times.

Two checks that count instead of timing, so that neither can pass by luck on a fast machine:

1. Structure. Every compiled pattern of loaders/ (module constants, tuples and tables of them) and of the
   knowledge files is parsed with Python's own regex parser (`loaders.patterns.unbounded_parts`): no `*`,
   `+`, `{n,}` and no back-reference anywhere, lookarounds included. With every repeat bounded, one match
   attempt can take only a number of paths fixed by the pattern, so a scan is linear in the text.
2. Work. While one long article (a run of one kind of character: the inputs that made the old patterns
   quadratic) is extracted, every pattern is wrapped in a counter that adds up the characters each call
   is given to scan, and the tagger's input is recorded. The article at 4× the length must cost at most
   about 4× the characters (a quadratic stage would cost 16×), and the tagger — whose own work grows with
   the square of a run — must only ever see pieces of a bounded size.
"""
from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import shutil
import sys
from re import _parser as sre_parser

import pytest

import loaders
from loaders import terms as terms_module
from loaders import themes as themes_module
from loaders.articles import Knowledge, extract_article
from loaders.datafiles import PACKAGE_DATA_DIR, DataFileError
from loaders.patterns import UnboundedPattern, compile_bounded, unbounded_parts
from loaders.reading import Document

UNBOUNDED = (
    ("a*", True), ("a+", True), ("a{2,}", True), ("(?:ab)+c", True), (r"(a)\1", False),
    ("(?=x*)y", True), (r"(.)\1{64}", False), (r"(a{1,3})-(?(1)\1|b)", False), (r"(a+)b\1", True), ("(?<!a)(?:b|c+)", True), ("(?>a+)", True), ("[A-Z][a-z]*?", True),
    ("a{0,5}", False), ("[A-Z][A-Za-z]{0,30}(?: [A-Z][a-z]{0,30}){0,2}", False), ("(?=x{1,3})y|z", False),
    ("株式会社", False), (r"<meta[^>]{1,200}".encode(), False),
)


@pytest.mark.parametrize("source, unbounded", UNBOUNDED, ids=[str(s) for s, _ in UNBOUNDED])
def test_the_linter_finds_unbounded_repeats(source, unbounded):
    assert bool(unbounded_parts(source)) is unbounded


def _patterns_in(value, name: str, found: dict, depth: int = 0) -> None:
    if isinstance(value, re.Pattern):
        found[name] = value
    elif depth < 4 and isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            _patterns_in(item, f"{name}[{index}]", found, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            _patterns_in(item, f"{name}[{key!r}]", found, depth + 1)
    elif depth < 4 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _patterns_in(getattr(value, field.name), f"{name}.{field.name}", found, depth + 1)


def all_patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern of the loaders' modules and of the packaged knowledge files, by name."""
    found: dict[str, re.Pattern] = {}
    for module_info in pkgutil.iter_modules(loaders.__path__):
        module = importlib.import_module(f"loaders.{module_info.name}")
        for attribute, value in vars(module).items():
            _patterns_in(value, f"{module_info.name}.{attribute}", found)
    _patterns_in(Knowledge.load(), "knowledge", found)
    return found


PATTERNS = all_patterns()


def test_the_collection_sees_the_patterns_it_must_check():
    names = " ".join(PATTERNS)
    for expected in ("companies.UNKNOWN_PATTERNS", "cleaning.SENTENCE_END", "knowledge.numbers.pattern",
                     "periods.PATTERNS", "knowledge.furniture.lines", "knowledge.themes", "companies.DEFINED_NAME",
                     "companies.COUNTRY_KATAKANA", "subjects.TOPIC_PHRASE", "knowledge.gazetteer.reporting",
                     "knowledge.gazetteer.source_role", "knowledge.gazetteer.former_after"):
        assert expected in names


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_has_bounded_repeats(name):
    assert unbounded_parts(PATTERNS[name]) == [], PATTERNS[name].pattern


@pytest.mark.parametrize("file_name, text, where", [
    ("furniture.toml", "lines = [\n  'ok',\n  '(シェア|保存)\\s*[0-9]+',\n]\n", "furniture.toml, line 3"),
    ("themes.toml", "[[theme]]\nid = \"x\"\nlabel = \"X\"\nkeywords = []\npatterns = ['[0-9]+ドル']\n",
     "line 5"),
])
def test_an_unbounded_pattern_in_a_knowledge_file_is_refused_with_its_line(tmp_path, file_name, text, where):
    (tmp_path / file_name).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(where)) as error:
        Knowledge.load(tmp_path)
    assert "upper bound" in str(error.value)


def test_compile_bounded_keeps_a_bounded_pattern():
    assert compile_bounded(r"[0-9]{1,4} ?nm").search("3 nm") is not None
    with pytest.raises(UnboundedPattern):
        compile_bounded(r"[0-9]+ ?nm")


class CountingPattern:
    """A compiled pattern that adds the characters every call may scan to a shared tally."""

    def __init__(self, pattern: re.Pattern, tally: dict):
        self._pattern, self._tally = pattern, tally
        self.pattern, self.flags, self.groupindex, self.groups = (
            pattern.pattern, pattern.flags, pattern.groupindex, pattern.groups)
        # a match anchored at one position reads at most the pattern's longest match (finite: bounded)
        self._width = sre_parser.parse(pattern.pattern, pattern.flags).getwidth()[1]

    def _count(self, string, pos: int = 0, endpos: int | None = None, anchored: bool = False) -> None:
        end = len(string) if endpos is None else min(endpos, len(string))
        scanned = max(0, end - pos)
        self._tally["chars"] += min(scanned, self._width) if anchored else scanned

    def __getattr__(self, name):
        method = getattr(self._pattern, name)
        if name in ("sub", "subn"):
            def call(repl, string, *args, **kwargs):
                self._count(string)
                return method(repl, string, *args, **kwargs)
            return call
        if name in ("search", "match", "fullmatch", "finditer", "findall", "split", "scanner"):
            def call(string, *args, **kwargs):
                if name == "split":
                    self._count(string)
                else:
                    self._count(string, *args[:2], anchored=name in ("match", "fullmatch"))
                return method(string, *args, **kwargs)
            return call
        return method


def _wrap(value, tally: dict):
    if isinstance(value, re.Pattern):
        return CountingPattern(value, tally)
    if isinstance(value, (tuple, list)) and _holds_pattern(value):
        return type(value)(_wrap(item, tally) for item in value)
    return value


def _holds_pattern(value) -> bool:
    if isinstance(value, re.Pattern):
        return True
    return isinstance(value, (tuple, list)) and any(_holds_pattern(item) for item in value)


def _called_from_loaders() -> bool:
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") == "re":
        frame = frame.f_back
    return frame is not None and str(frame.f_globals.get("__name__", "")).startswith("loaders")


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """(knowledge, tally, tagger piece lengths): every pattern the extraction uses is counted."""
    tally = {"chars": 0, "compiled": set()}
    original_compile = re._compile

    def counting_compile(pattern, flags):
        compiled = original_compile(pattern, flags)
        if isinstance(compiled, re.Pattern) and _called_from_loaders():
            tally["compiled"].add(compiled)
            return CountingPattern(compiled, tally)
        return compiled

    for module_info in pkgutil.iter_modules(loaders.__path__):
        module = importlib.import_module(f"loaders.{module_info.name}")
        for attribute, value in list(vars(module).items()):
            if _holds_pattern(value):
                monkeypatch.setattr(module, attribute, _wrap(value, tally))
    # a private copy of the knowledge files is compiled afresh, through the counting compile
    data = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA_DIR, data)
    monkeypatch.setattr(re, "_compile", counting_compile)
    themes_module._keyword_pattern.cache_clear()
    knowledge = Knowledge.load(data)
    pieces: list[int] = []
    real_pieces = terms_module._tagger_pieces

    def recorded_pieces(text):
        for piece in real_pieces(text):
            pieces.append(len(piece))
            yield piece
    monkeypatch.setattr(terms_module, "_tagger_pieces", recorded_pieces)
    yield knowledge, tally, pieces
    themes_module._keyword_pattern.cache_clear()


# Runs of one kind of character (each once made some stage quadratic), and a few shapes of prose.
LONG_INPUTS = {
    "Latin capitals": "D",
    "Latin lower case": "d",
    "hiragana": "あ",
    "katakana": "ア",
    "kanji": "漢",
    "digits": "1",
    "full-width digits": "１",
    "spaces between letters": "A ",
    "punctuation": "、",
    "brackets": "（",
    "Latin words": "Alpha Beta ",
    "capitalised words and AI": "Kagura AI ",
    "katakana and company": "アイウ社",
    "short lines": "短い行です\n",
    "entities (as text)": "&amp;",
    "numbers and units": "1,000億ドル、",
    "amounts and conversions": "41億ドル＝日本円でおよそ6200億円、",
    "size buckets": "5〜10億円未満は176社、",
    "keywords listed together": "売上高・ARPU・",
    "earlier values": "前年値(7793億円)",
    "quarter series under a topic": "売上高を見ると、「北米&データセンター向け」が前4Q3.10億ドル、一方、",
}
SIZE = 1500


def _scanned(knowledge, tally, pieces, text: str) -> tuple[int, int]:
    tally["chars"], pieces[:] = 0, []
    tally["compiled"].clear()
    extract_article(Document("long", "long.txt", text, "utf_8", "text"), knowledge)
    return tally["chars"], max(pieces, default=0)


@pytest.mark.parametrize("name", sorted(LONG_INPUTS))
def test_extraction_work_grows_linearly_with_a_long_run(counted, name):
    knowledge, tally, pieces = counted
    unit = LONG_INPUTS[name]
    small = unit * (SIZE // len(unit))
    large = unit * (4 * SIZE // len(unit))
    small_chars, _ = _scanned(knowledge, tally, pieces, small)
    large_chars, largest_piece = _scanned(knowledge, tally, pieces, large)
    assert small_chars > 0
    # linear: 4 × the text, at most ~4 × the characters scanned (quadratic would be 16 ×)
    assert large_chars <= 4.5 * small_chars, (small_chars, large_chars)
    # and a fixed number of passes over the text, whatever its content
    assert large_chars <= 2000 * len(large), large_chars / len(large)
    assert largest_piece <= terms_module.MAX_TAGGER_CHARS
    # patterns built while extracting (the unknown names of this article) are bounded too
    assert [p.pattern for p in tally["compiled"] if unbounded_parts(p)] == []
