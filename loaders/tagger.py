"""The process-wide fugashi Tagger, the lock it is used under, and what the dictionary says of a phrase.

One Tagger per process: each Tagger leaks memory (see the platform notes). A MeCab tagger is not safe to share
between threads (the dashboard serves sessions in threads), and its nodes are only valid until the next call,
so tagging and reading the nodes happen under one lock.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import fugashi

TAGGER_LOCK = threading.Lock()
UNTAGGABLE = re.compile(r"[\x00\ud800-\udfff]")


@lru_cache(maxsize=1)
def make_tagger() -> fugashi.Tagger:
    """The process-wide fugashi Tagger (each Tagger leaks memory, so there is only one)."""
    return fugashi.Tagger()


def _read(text: str) -> list[tuple[str, bool, str, str, str]]:
    """How the dictionary reads `text`: (surface, unknown, pos1, pos2, pos3) per token, [] for a text it cannot
    tag (empty, or holding a NUL or a lone surrogate)."""
    if not text or UNTAGGABLE.search(text):
        return []
    with TAGGER_LOCK:
        return [(node.surface, node.is_unk, node.feature.pos1, node.feature.pos2, node.feature.pos3)
                for node in make_tagger()(text)]


def is_unknown_word(text: str) -> bool:
    """True when the dictionary reads `text` as one word it does not know (スポティファイ): a name, where a word it
    knows, a person's name (アルトマン) or a phrase it splits (イーロンマスク) is none."""
    tokens = _read(text)
    return len(tokens) == 1 and tokens[0][1]


def is_dictionary_word(text: str, compounds: bool = False) -> bool:
    """True when the dictionary knows `text` as one common noun or place (プラットフォーム, ニューヨーク) — or, with
    `compounds`, as common nouns only (データプラットフォーム) —, so that it names no organisation of its own; a
    word it does not know (コボルド), a person's or a brand's name, an adjective (オイシイ) make it a name."""
    words = [w for w in text.replace("・", " ").split() if w]
    if not words or any(UNTAGGABLE.search(w) for w in words):
        return False
    tokens = [token for word in words for token in _read(word)]
    return (compounds or len(tokens) == 1) and all(
        not unknown and pos1 == "名詞" and (pos2 == "普通名詞" or pos3 in ("地名", "国"))
        for _, unknown, pos1, pos2, pos3 in tokens)


COMPOUND_PART_MIN = 4  # "クラウド|アプリケーション": the shortest part of a compound of words; "テン|セント" is a name


def is_compound_of_words(text: str) -> bool:
    """True when the dictionary reads `text` as two or more common nouns, each of at least COMPOUND_PART_MIN
    characters (クラウドインフラストラクチャ, クラウドアプリケーション): a description, no name; a name that splits into
    short words (テンセント) or that the dictionary does not know stays a name."""
    tokens = _read(text)
    return len(tokens) >= 2 and all(
        not unknown and pos1 == "名詞" and pos2 == "普通名詞" and len(surface) >= COMPOUND_PART_MIN
        for surface, unknown, pos1, pos2, _ in tokens)
