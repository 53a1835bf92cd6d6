"""The one full-width -> ASCII table of the package, and where a text holds a web address.

Japanese text writes digits, Latin letters and punctuation in full width (２０２４年, ＯｐｅｎＡＩ, １２．５％,
（株）) and several dashes and tildes for one sign. Every reader that matches such characters (numbers, periods,
dates, company names, keywords) matches the text translated with `HALF_WIDTH`: one character for one, so the
offsets of a match are the offsets in the original text. The dashes that can read as a minus sign (─ — ―) are
left as they are: only the number reader gives them a meaning (a range).

Text converted from PDF often writes an ideograph with a look-alike of another block: a Kangxi radical (⽉ U+2F49
for 月, ⽇ for 日, ⼈ for 人) or a CJK compatibility ideograph. `HALF_WIDTH` maps each of them to the unified
ideograph Unicode's compatibility decomposition gives it (one character for one, as above), so 2022年6⽉ is a
month and 約9,200万⼈ a count of people for every reader.

`URL` finds a web address written in the text (https://…, www.…); the digits and letters inside one are no
number and no name (loaders/figures.py, loaders/companies.py).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Kangxi radicals, CJK radicals supplement, CJK compatibility ideographs (and their supplement)
_LOOK_ALIKE_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _unified_ideographs() -> dict[str, str]:
    """Each look-alike of an ideograph -> the one ideograph it decomposes to (those that decompose to one)."""
    table = {}
    for first, last in _LOOK_ALIKE_BLOCKS:
        for code in range(first, last + 1):
            unified = unicodedata.normalize("NFKC", chr(code))
            if len(unified) == 1 and unified != chr(code):
                table[chr(code)] = unified
    return table


HALF_WIDTH = str.maketrans(
    {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}  # ！ … ～ -> ! … ~ (digits, letters, punctuation)
    | {"\u3000": " ", "\u00a0": " ", "\t": " ",  # ideographic and no-break spaces, tabs
       "−": "-", "‐": "-", "–": "-", "〜": "~", "￥": "¥", "￡": "£"}
    | _unified_ideographs()
)

# A web address: a scheme or www. and the printable ASCII after it (bounded: no address in an article is longer),
# over the half-width text; a closing bracket or quote after it is the sentence's
URL = re.compile(r"(?:https?://|www\.)[!-~]{1,500}?(?=[)\]>\"'}]?(?:[^!-~]|$))")


# The number, period, keyword, company and address readers each ask for the same sentence, paragraph or article
# in half width: each text is translated once while its article is read (the texts of one article fit).
_HALF_WIDTH_TEXTS = 1024


@lru_cache(maxsize=_HALF_WIDTH_TEXTS)
def half_width(text: str) -> str:
    """`text` with full-width characters as ASCII, of the same length."""
    return text.translate(HALF_WIDTH)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` writes a web address (start, end), in order."""
    return [match.span() for match in URL.finditer(half_width(text))]
