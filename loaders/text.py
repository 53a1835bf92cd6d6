"""The one full-width -> ASCII table of the package.

Japanese text writes digits, Latin letters and punctuation in full width (２０２４年, ＯｐｅｎＡＩ, １２．５％,
（株）) and several dashes and tildes for one sign. Every reader that matches such characters (numbers, periods,
dates, company names, keywords) matches the text translated with `HALF_WIDTH`: one character for one, so the
offsets of a match are the offsets in the original text. The dashes that can read as a minus sign (─ — ―) are
left as they are: only the number reader gives them a meaning (a range).
"""
from __future__ import annotations

HALF_WIDTH = str.maketrans(
    {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}  # ！ … ～ -> ! … ~ (digits, letters, punctuation)
    | {"\u3000": " ", "\u00a0": " ", "\t": " ",  # ideographic and no-break spaces, tabs
       "−": "-", "‐": "-", "–": "-", "〜": "~", "￥": "¥", "￡": "£"}
)


def half_width(text: str) -> str:
    """`text` with full-width characters as ASCII, of the same length."""
    return text.translate(HALF_WIDTH)
