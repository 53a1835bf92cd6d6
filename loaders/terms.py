"""Terms for word clouds and keyword search: fugashi tokens joined into nouns, compounds and Latin names.

Tokens are normalised one by one with NFKC after tagging (NFKC before tagging changes the tags).
- Nouns (普通名詞, 固有名詞) join with a prefix before and nominal suffixes after them into one compound
  (大規模言語モデル, 資金調達, 開発者); adverbial nouns (現在, ため, 以上) end a compound.
- Latin tokens join with adjacent nouns (生成AI), digits and inner `-`/`.` (GPT-4, GPT-3.5, H100), Latin words
  across a space (Google Cloud; more than three words are split back), a version number after a space
  (Llama 3), and across a space a noun and an acronym of up to three capitals (生成 AI -> 生成AI).
- Numbers never join Japanese words; a counter after a number (3社) or a unit ending in one (億米ドル) is dropped.
- Dropped: one-character terms, terms without a letter, hiragana-only terms (こと, もの) and stop words
  (compared case-folded, and with the lemma of a one-token term).
- A katakana loanword takes its lemma's spelling (コンピュータ -> コンピューター); Latin keeps its case.
- A spelling that synonyms.toml lists is written as its canonical term (大型モデル -> 大規模モデル; see
  loaders/vocabulary.py), and KWIC searches a term together with its spellings.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import fugashi
import pandas as pd

from loaders.datafiles import data_path, read_word_list
from loaders.tagger import TAGGER_LOCK as _TAGGER_LOCK, UNTAGGABLE, make_tagger
from loaders.vocabulary import canonical_term
from loaders.frames import TERM_COLUMNS, frame_from_rows

STOPWORDS_FILE = "stopwords.txt"
KWIC_COLUMNS = {"article_id": "string", "paragraph": "int64", "sentence_index": "int64",
                "left": "string", "match": "string", "right": "string", "sentence": "string"}
# Values of the `pos` column, with the Japanese labels the dashboard shows.
POS_LABELS = {"noun": "名詞", "proper_noun": "固有名詞", "compound": "複合名詞", "latin": "英字"}

# Inputs of about 1.2 MB crash MeCab, and MeCab's work grows with the square of a run of one character
# class (a 20,000-letter run takes seconds: every prefix is an unknown-word candidate), so the tagger sees
# pieces of a paragraph's size; a piece is cut at a boundary of prose (_TAGGER_CUTS) when it has one.
MAX_TAGGER_CHARS = 1_000
MAX_TAGGER_RUN = 256
_TAGGER_CUTS = ("\n", "。", "、", " ", "\u3000")
MAX_LATIN_WORDS = 3
MAX_VERSION_DIGITS = 3  # Office 365, Llama 3; a year (2023) is not a version
# Suffixes that mark a person or a plural rather than form a new word (マスク氏, 開発者ら).
DROPPED_SUFFIXES = frozenset({"氏", "さん", "様", "さま", "君", "くん", "ちゃん", "ら", "たち", "達", "等"})

_UNTAGGABLE = UNTAGGABLE
# Token shapes, matched whole against one token (at most MAX_TAGGER_RUN characters); bounded like every
# pattern (loaders/patterns.py).
_LATIN = re.compile(r"(?=[0-9]{0,200}[A-Za-z])[A-Za-z0-9]{1,200}")
_DIGITS = re.compile(r"[0-9]{1,200}")
_ACRONYM = re.compile(r"[A-Z]{1,3}")
_WORD = re.compile(r"\w{1,200}")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{1,200}")
_HIRAGANA = re.compile(r"[\u3041-\u309f]{1,200}")
_LETTER = re.compile(r"[^\W\d_]")


class _Token(NamedTuple):
    text: str  # NFKC surface, or the lemma's spelling for katakana loanwords
    lemma: str
    kind: str  # latin, digits, number, connector, noun, prefix, suffix, other
    proper: bool
    counter: bool  # UniDic 助数詞可能: may count a number (年, 社, ドル)
    spaced: bool  # whitespace before the token


def load_stopwords(data_dir: str | Path | None = None) -> frozenset[str]:
    """Stop words from stopwords.txt, NFKC-normalised and case-folded."""
    path = data_path(STOPWORDS_FILE, data_dir)
    return frozenset(unicodedata.normalize("NFKC", word).casefold() for word in read_word_list(path))


# A token's reading depends only on its surface, its features and whether a space precedes it, and a corpus
# repeats few of them: each distinct (surface, features, space) triple is read once per process. The cache is
# emptied when it grows this large.
_TOKEN_CACHE_MAX = 200_000
_token_cache: dict[tuple[str, str, str], _Token] = {}


def _token(node) -> _Token:
    key = (node.surface, node.feature_raw, node.white_space)
    token = _token_cache.get(key)
    return token if token is not None else _new_token(node, key)


def _new_token(node, key: tuple[str, str, str]) -> _Token:
    if len(_token_cache) >= _TOKEN_CACHE_MAX:
        _token_cache.clear()
    token = _token_cache[key] = _Token(*_read_token(node), bool(key[2]))
    return token


def _read_token(node) -> tuple[str, str, str, bool, bool]:
    """(text, lemma, kind, proper, counter) of a node."""
    feature = node.feature
    text = unicodedata.normalize("NFKC", node.surface)
    lemma = unicodedata.normalize("NFKC", feature.lemma or "")
    if _LATIN.fullmatch(text):
        kind = "latin"
    elif _DIGITS.fullmatch(text):
        kind = "digits"
    elif feature.pos2 == "数詞":
        kind = "number"
    elif text in ("-", "."):
        kind = "connector"
    elif (feature.pos1 == "名詞" and feature.pos2 in ("普通名詞", "固有名詞") and feature.pos3 != "副詞可能"
          and _WORD.fullmatch(text)):
        kind = "noun"
        spelling = lemma.split("-", 1)[0]
        if _KATAKANA.fullmatch(text) and _KATAKANA.fullmatch(spelling):
            text = spelling
    elif feature.pos1 == "接頭辞" and _WORD.fullmatch(text):
        kind = "prefix"
    elif (feature.pos1 == "接尾辞" and feature.pos2 == "名詞的" and feature.pos3 in ("一般", "サ変可能")
          and text not in DROPPED_SUFFIXES):
        kind = "suffix"
    else:
        kind = "other"
    return text, lemma, kind, feature.pos2 == "固有名詞", feature.pos3 == "助数詞可能"


def _is_number(token: _Token | None) -> bool:
    return token is not None and token.kind in ("digits", "number")


def _can_start(token: _Token, previous: _Token | None, following: _Token | None) -> bool:
    glued_next = following is not None and not following.spaced
    if token.kind == "latin":
        return True
    if token.kind == "digits":  # only as the head of a Latin name: 5G, 400b
        return glued_next and following.kind == "latin"
    if token.kind == "noun":
        return not (token.counter and _is_number(previous))
    if token.kind == "prefix":
        return glued_next and following.kind in ("noun", "latin")
    return False


def _joins(last: _Token, token: _Token, following: _Token | None) -> bool:
    glued_next = following is not None and not following.spaced
    if token.spaced:
        if last.kind == "latin" and token.kind == "latin":
            return True
        if last.kind == "latin" and token.kind == "digits" and len(token.text) <= MAX_VERSION_DIGITS:
            return not (glued_next and following.kind in ("noun", "suffix"))  # Llama 3, not "AI 3社"
        japanese_then_acronym = last.kind in ("noun", "suffix") and token.kind == "latin"
        acronym_then_japanese = last.kind == "latin" and token.kind == "noun"
        acronym = token.text if japanese_then_acronym else last.text
        return (japanese_then_acronym or acronym_then_japanese) and bool(_ACRONYM.fullmatch(acronym))
    if token.kind == "latin":
        return last.kind in ("latin", "digits", "noun", "suffix", "prefix", "connector")
    if token.kind == "digits":
        return last.kind in ("latin", "connector")
    if token.kind == "connector":
        return last.kind in ("latin", "digits") and glued_next and following.kind in ("latin", "digits")
    if token.kind in ("noun", "suffix"):
        return last.kind in ("noun", "suffix", "latin") or (last.kind == "prefix" and token.kind == "noun")
    return False


def _latin_script(token: _Token) -> bool:
    return token.kind in ("latin", "digits", "connector")


def _term(chunk: list[_Token], stopwords: frozenset[str]) -> tuple[str, str] | None:
    term = _join(chunk)
    if len(term) < 2 or not _LETTER.search(term) or _HIRAGANA.fullmatch(term):
        return None
    if term in stopwords or term.casefold() in stopwords:
        return None
    if len(chunk) == 1 and chunk[0].lemma and chunk[0].lemma.split("-", 1)[0].casefold() in stopwords:
        return None
    if all(_latin_script(token) for token in chunk):
        return term, "latin"
    if len(chunk) == 1:
        return term, "proper_noun" if chunk[0].proper else "noun"
    return term, "compound"


def _join(chunk: list[_Token]) -> str:
    # A space survives only between two Latin-script tokens (Google Cloud, Llama 3), not in 生成 AI.
    pieces = []
    for index, token in enumerate(chunk):
        if index and token.spaced and _latin_script(token) and _latin_script(chunk[index - 1]):
            pieces.append(" ")
        pieces.append(token.text)
    return "".join(pieces)


def _chunks(tokens: list[_Token]) -> Iterable[list[_Token]]:
    chunk: list[_Token] = []
    after_number = False
    last = len(tokens) - 1
    previous = None
    for index, token in enumerate(tokens):
        if token.kind == "other":  # joins nothing and starts nothing (see _joins, _can_start)
            if chunk:
                yield from _finished(chunk, after_number)
                chunk = []
            after_number = _is_number(previous)
            previous = token
            continue
        following = tokens[index + 1] if index < last else None
        if chunk and _joins(chunk[-1], token, following):
            chunk.append(token)
            previous = token
            continue
        yield from _finished(chunk, after_number)
        chunk = [token] if _can_start(token, previous, following) else []
        after_number = _is_number(previous)
        previous = token
    yield from _finished(chunk, after_number)


def _finished(chunk: list[_Token], after_number: bool) -> Iterable[list[_Token]]:
    while chunk and chunk[-1].kind in ("prefix", "connector"):
        chunk = chunk[:-1]
    if not chunk or (after_number and chunk[-1].counter):  # 3億5000万米ドル: 米ドル is the unit
        return
    words = sum(1 for index, token in enumerate(chunk) if index == 0 or token.spaced)
    if words <= MAX_LATIN_WORDS or not all(_latin_script(token) for token in chunk):
        yield chunk
        return
    # A long Latin run is a title or a sentence (Attention Is All You Need), not a name: keep its words.
    word: list[_Token] = []
    for token in chunk:
        if token.spaced and word:
            yield word
            word = []
        word.append(token)
    yield word


def _tagger_pieces(text: str) -> Iterable[str]:
    """The text in pieces of at most MAX_TAGGER_CHARS, cut after a line, a sentence, a comma or a space;
    a piece with none of these (a run of one kind of character, not prose) is cut at MAX_TAGGER_RUN."""
    text = _UNTAGGABLE.sub(" ", text)
    while len(text) > MAX_TAGGER_CHARS:
        window = text[:MAX_TAGGER_CHARS]
        cut = max(window.rfind(mark) for mark in _TAGGER_CUTS) + 1 or MAX_TAGGER_RUN
        yield text[:cut]
        text = text[cut:]
    yield text


def extract_terms(text: str, tagger: fugashi.Tagger, stopwords: frozenset[str],
                  synonyms: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The (term, pos) pairs of a text in reading order, spellings folded by `synonyms` (folded spelling ->
    term, loaders.vocabulary.load_synonyms); pos is a key of POS_LABELS."""
    terms = []
    cache = _token_cache
    for piece in _tagger_pieces(text):
        tokens = []
        with _TAGGER_LOCK:
            for node in tagger(piece):  # _token, inlined: this loop runs once per token of the corpus
                key = (node.surface, node.feature_raw, node.white_space)
                token = cache.get(key)
                tokens.append(token if token is not None else _new_token(node, key))
        for chunk in _chunks(tokens):
            found = _term(chunk, stopwords)
            if found:
                terms.append((canonical_term(found[0], synonyms), found[1]) if synonyms else found)
    return terms


def terms_frame(paragraphs: Iterable[tuple[str, int, str]], tagger: fugashi.Tagger,
                stopwords: frozenset[str], synonyms: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per (article, paragraph, term) with its count, from (article_id, paragraph, text) triples."""
    return frame_from_rows(terms_of_paragraphs(paragraphs, tagger, stopwords, synonyms), TERM_COLUMNS)


def terms_of_paragraphs(paragraphs: Iterable[tuple[str, int, str]], tagger: fugashi.Tagger,
                        stopwords: frozenset[str], synonyms: Mapping[str, str] | None = None) -> list[dict]:
    """The rows of terms_frame as dicts (an article's rows, without building a frame for each article)."""
    rows = []
    for article_id, paragraph, text in paragraphs:
        counts: dict[str, list] = {}
        for term, pos in extract_terms(text, tagger, stopwords, synonyms):
            counts.setdefault(term, [0, pos])[0] += 1
        rows.extend({"article_id": article_id, "paragraph": paragraph, "term": term, "count": count, "pos": pos}
                    for term, (count, pos) in counts.items())
    return rows


def _normalised_with_origins(text: str) -> tuple[str, list[int]]:
    # NFKC character by character, remembering where each normalised character came from.
    pieces, origins = [], []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char)
        pieces.append(normal)
        origins.extend([index] * len(normal))
    return "".join(pieces), origins


def _term_pattern(needles: Iterable[str]) -> re.Pattern:
    # Longer spellings first, so that an alternative never stops inside a longer one that also matches.
    ordered = sorted({needle for needle in needles if needle}, key=lambda needle: (-len(needle), needle))
    return re.compile("|".join(_term_regex(needle) for needle in ordered), re.IGNORECASE)


def _term_regex(needle: str) -> str:
    # Terms drop the space that translated text puts between Japanese and Latin (生成 AI -> 生成AI), so the
    # search allows one there; a space inside a term (Google Cloud) matches any run of spaces.
    parts = []
    for index, char in enumerate(needle):
        if char.isspace():
            if not parts[-1].startswith(r"\s"):
                parts.append(r"\s+")
            continue
        if index and not needle[index - 1].isspace() and char.isascii() != needle[index - 1].isascii():
            parts.append(r"\s?")
        parts.append(re.escape(char))
    return "".join(parts)


def kwic(sentences: pd.DataFrame, term: str, width: int = 20, also: Iterable[str] = ()) -> pd.DataFrame:
    """Every occurrence of `term` (or of a spelling in `also`) in the sentences, with `width` characters of
    context on each side."""
    needle = unicodedata.normalize("NFKC", term).strip()
    rows = []
    if needle:
        pattern = _term_pattern([needle, *(unicodedata.normalize("NFKC", s).strip() for s in also)])
        for record in sentences[["article_id", "paragraph", "sentence_index", "text"]].itertuples(index=False):
            sentence = record.text if isinstance(record.text, str) else ""
            normalised, origins = _normalised_with_origins(sentence)
            for found in pattern.finditer(normalised):
                start, end = origins[found.start()], origins[found.end() - 1] + 1
                rows.append({
                    "article_id": record.article_id, "paragraph": record.paragraph,
                    "sentence_index": record.sentence_index, "left": sentence[max(0, start - width):start],
                    "match": sentence[start:end], "right": sentence[end:end + width], "sentence": sentence,
                })
    return frame_from_rows(rows, KWIC_COLUMNS)
