"""Which terms count as one (synonyms.toml) and which say nothing about an article (generic_terms.txt).

Both compare terms whole, in one folded form (NFKC, case-folded: loaders.companies.fold).
- Synonyms fold at extraction: a term whose folded form is a listed spelling is written as its canonical
  term, so every count, export and picture sees one term (大型モデル -> 大規模モデル). KWIC searches a
  canonical term together with its spellings (`spellings`), so its lines match its count.
- Generic terms stay in the terms frame (counted, exported, searchable); `content_terms` leaves them out of
  the frame a word cloud or a term ranking is drawn from.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from loaders.companies import fold
from loaders.datafiles import DataFileError, data_path, is_word_list, place_of, read_toml, read_word_list

SYNONYMS_FILE = "synonyms.toml"
GENERIC_TERMS_FILE = "generic_terms.txt"


def load_synonyms(data_dir: str | Path | None = None) -> dict[str, str]:
    """synonyms.toml as folded spelling -> canonical term (the canonical term maps to itself)."""
    path = data_path(SYNONYMS_FILE, data_dir)
    document = read_toml(path)
    unknown = sorted(set(document) - {"synonyms"})
    if unknown:
        raise DataFileError(f"{place_of(path, unknown[0])}: unknown key '{unknown[0]}' (only [synonyms])")
    table = document.get("synonyms", {})
    if not isinstance(table, dict):
        raise DataFileError(f"{place_of(path, 'synonyms')}: synonyms must be a table: \"term\" = [\"spelling\"]")
    canonical_of: dict[str, str] = {}
    for term, spellings in table.items():
        where = _place_of_key(path, term)
        if not term.strip():
            raise DataFileError(f"{where}: a term must not be empty")
        if not is_word_list(spellings):
            raise DataFileError(f"{where}: the spellings of '{term}' must be a list of non-empty strings")
        for spelling in [term, *spellings]:
            folded = fold(spelling.strip())
            taken = canonical_of.get(folded)
            if taken is not None and taken != term.strip():
                raise DataFileError(f"{where}: '{spelling}' is already a spelling of '{taken}' "
                                    "(a spelling belongs to one term, and a term is nobody's spelling)")
            canonical_of[folded] = term.strip()
    return canonical_of


def _place_of_key(path: Path, key: str) -> str:
    """"FILE, line N" of the line that starts with the quoted key (a spelling elsewhere may quote it too)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return str(path)
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith((f'"{key}"', f"'{key}'", f"{key} ", f"{key}=")):
            return f"{path}, line {number}"
    return place_of(path, key)


def load_generic_terms(data_dir: str | Path | None = None) -> frozenset[str]:
    """generic_terms.txt, folded."""
    return frozenset(fold(word) for word in read_word_list(data_path(GENERIC_TERMS_FILE, data_dir)))


def canonical_term(term: str, synonyms: Mapping[str, str]) -> str:
    """The term a spelling counts as (the spelling itself when synonyms.toml does not list it)."""
    return synonyms.get(fold(term), term)


def spellings(term: str, synonyms: Mapping[str, str]) -> tuple[str, ...]:
    """The term first, then every other spelling that counts as it (for KWIC)."""
    canonical = canonical_term(term.strip(), synonyms)
    folded = {fold(term.strip()), fold(canonical)}
    others = [spelling for spelling, target in synonyms.items() if target == canonical and spelling not in folded]
    first = [term.strip()] + ([canonical] if fold(canonical) != fold(term.strip()) else [])
    return tuple(first + sorted(others))


def content_terms(terms: pd.DataFrame, generic: frozenset[str]) -> pd.DataFrame:
    """The rows of a terms frame whose term is not generic."""
    if terms.empty or not generic:
        return terms
    return terms[~terms["term"].map(lambda term: fold(term) in generic).astype("bool")].reset_index(drop=True)
