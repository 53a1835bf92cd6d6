"""Japanese numbers and money: 1,680.90億ドル, 3億5000万米ドル, 三千億円, １２．５％, 200万~1,400万ドル.

The words around a number (hedges, directions, signs, currencies, counters) are `data/numbers.toml`'s; the
numeral grammar (digits, 十百千, 万億兆, English magnitudes) is here. The quantity pattern is built from the
words once per file version (`load_number_words`); the knowledge loaded for a corpus (`Knowledge.load`) makes
its folder's words the ones numbers are read with.

A quantity's span covers everything that was read into it: a hedge in front (約, 超, about),
a sign (▲, △, マイナス, -), a currency prefix ($, US$, USD), the numeral, its currency,
percent sign or counter, a hedge behind (以上, 超, 近く, を超え) and a direction word (増, 減少).
So ``text[q.start:q.end] == q.surface`` and two quantities never share a character.

Decisions the callers rely on:
- Signs (▲ △ マイナス - −) negate the value of any kind, both ends of a range included; direction
  words (増, 減少, 下落 ...) sign only percentages (9.7%減 -> -9.7); a money amount or a count keeps
  its magnitude and states the direction in ``direction``. 前年比 in front changes nothing.
- English magnitude words (million, billion, trillion) scale any number ("800 million" users); the
  short forms (bn, mn, B, M, K ...) count only for money: "$1.5B" is 1.5e9 USD, while "1.5B",
  "Llama 70b", "400b" (model sizes) yield nothing. A one-letter magnitude must touch the number
  ("$5 m" is five dollars).
- A number glued to Latin letters is part of a name (GPT-4, Llama2, H100, GSM8K): skipped.
- Kanji numerals count only before money, a percent sign, a counter from a short safe list, or
  with 万/億/兆 inside, and never after 第/数/何/幾 (百度, 一方, 第三世代, 数百億 are not numbers).
  Arabic ordinals do count: 第3世代 -> 3 with counter "世代" (the span starts at the digit).
- A middle dot between digits before a percent word is a decimal point (news-agency style: 3・7%増 -> 3.7).
- ポイント (index points, percentage points) is a number with counter "ポイント", not a percent.
- Dates and ordinals are numbers with a counter ("年", "月", "日", "四半期", "位", "世代").
- A range keeps its low end in ``value`` and the high end in ``value_high``; a bare low end takes
  the high end's unit and multiplier (3-5億ドル -> 3億..5億 USD). "から" joins only a bare low end
  (1000万から2000万人), so "10.4%から20.3%" stays two figures. A range must not run downwards.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from loaders.datafiles import DataFileError, data_path, is_word_list, place_of, read_toml
from loaders.text import HALF_WIDTH, half_width


@dataclass(frozen=True)
class Quantity:
    """A number read from text: value in base units, unit, hedge, direction and span."""

    value: float              # money in whole currency units, counts as plain numbers, percent in points
    value_high: float | None  # high end of a range (value is then the low end), else None
    unit: str                 # ISO 4217 code, "%" or ""
    kind: str                 # "money" | "percent" | "number"
    approx: bool              # hedged: 約, 超, 以上, 近く, 余り, 強, 程度, を超え, about ...
    direction: int            # +1 / -1 from a sign or a direction word at the number, else 0
    counter: str              # counter after a plain number: "人", "社", "年", "月", "倍", "ポイント" ...
    start: int                # text[start:end] == surface
    end: int
    surface: str



_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_MAGNITUDES = {"trillion": 10**12, "tn": 10**12, "t": 10**12, "billion": 10**9, "bn": 10**9, "b": 10**9,
               "million": 10**6, "mn": 10**6, "mil": 10**6, "m": 10**6, "thousand": 10**3, "k": 10**3}

NUMBERS_FILE = "numbers.toml"
_KANJI_CLASS = "\u4e00-\u9fff々"

def _alternation(words, not_before: dict[str, str] | None = None) -> str:
    """Regex alternation, longest first; Latin words match whole words only; a word of `not_before` never
    before its characters."""
    not_before = not_before or {}
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        part = re.escape(word)
        if word[0].isascii() and word[0].isalpha():
            part = "(?<![A-Za-z])" + part
        if word[-1].isascii() and word[-1].isalpha():
            part += "(?![A-Za-z])"
        elif word in not_before:
            part += f"(?![{not_before[word]}])"
        elif re.fullmatch(r"[ァ-ヺー]{1,40}", word):
            part += "(?![ァ-ヺー])"  # ダウン is not the start of ダウンロード
        parts.append(part)
    return "|".join(parts)


# Bounded repeats (see loaders/patterns.py): no number in an article has more digits than these.
_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3}){1,8}(?:\.[0-9]{1,12})?|[0-9]{1,24}(?:\.[0-9]{1,12})?"
_SMALL = rf"(?:{_ARABIC})[千百]?|[{''.join(_KANJI_DIGITS)}十百千]{{1,16}}"
# a space may stand on either side of 万/億/兆 ("3 億 3300 万ドル"), after it only before more digits
# A space may stand on either side of 万/億/兆 ("12 億 2,400 万人", as machine translation writes them), after
# it only before the next group that ends in 万/億/兆 ("5億 2024年" stays two numbers).
_NUMERAL = rf"(?:(?:{_SMALL}) ?[万億兆](?: (?=[0-9][0-9,.]{{0,12}} ?[万億兆]))?){{1,4}}(?:{_SMALL})?|{_SMALL}"
@dataclass(frozen=True, eq=False)  # one object per file version (cached): compared and hashed by identity
class NumberWords:
    """The words of numbers.toml, and the quantity pattern built from them."""

    hedges_before: tuple[str, ...]
    hedges_after: tuple[str, ...]
    percent: tuple[str, ...]
    up: tuple[str, ...]                 # directions anywhere a direction is read
    down: tuple[str, ...]
    directions: dict[str, int]          # right after a number: the above and the at-number-only words
    signs: dict[str, int]
    signs_touching: tuple[str, ...]     # signs that are no sign with a space after them (a separator)
    currency_after: dict[str, str]      # word -> ISO code
    currency_before: dict[str, str]
    currency_names: dict[str, str]      # ISO code -> how an amount is written (ドル)
    counters: dict[str, str]            # surface -> canonical counter
    kanji_counters: frozenset[str]
    not_figure_counters: frozenset[str]
    unit_words: dict[str, tuple[str, str]]
    pattern: re.Pattern
    # any up or down word on its own (not ダウン inside ダウンロード), for directions read apart from a number
    direction_matcher: re.Pattern = re.compile("(?!)")
    # a middle dot between digits before a percent word is a decimal point ("3・7%増" is 3.7%)
    decimal_dot: re.Pattern = re.compile("(?!)")

    def first_direction(self, text: str) -> int:
        """The direction (1 up, -1 down) of the first up or down word in the text, 0 without one."""
        match = self.direction_matcher.search(text)
        return 0 if match is None else self.directions[match.group(0)]


def _strings(raw: dict, key: str, path: Path, where: str = "") -> tuple[str, ...]:
    """The list `key` of a table of numbers.toml (`where`: the text of its line, for the message)."""
    if key not in raw:
        raise DataFileError(f"{place_of(path, where) if where else path}: {key} is missing")
    value = raw[key]
    if not is_word_list(value):
        raise DataFileError(f"{place_of(path, where or f'{key} =')}: {key} must be a list of non-empty strings")
    return tuple(value)


def _table(raw: dict, key: str, path: Path) -> dict:
    if not isinstance(raw.get(key), dict):
        raise DataFileError(f"{place_of(path, f'[{key}') if key in raw else path}: [{key}] must be a table")
    return raw[key]


def _signs(words: NumberWords) -> str:
    """The signs' alternation: a sign of `signs_touching` only right before its number."""
    spaced = _alternation([w for w in words.signs if w not in words.signs_touching])
    touching = _alternation([w for w in words.signs if w in words.signs_touching])
    return "|".join(([spaced] if spaced else []) + ([f"(?:{touching})(?! )"] if touching else [])) or "(?!)"


def _number_pattern(words: NumberWords, not_before: dict[str, str]) -> re.Pattern:
    # Characters a quantity can start with: checked first, so the long pattern is tried only there.
    first = "".join(sorted({word[0] for word in (*words.hedges_before, *words.signs, *words.currency_before)}
                           | set("0123456789十百千") | set(_KANJI_DIGITS)))
    return re.compile(
        rf"(?=[{re.escape(first)}])"
        rf"(?:(?P<hedge_before>{_alternation(words.hedges_before)}) ?)?"
        # Not inside another number or a name: 3.5, GPT-4, H100, 数百億 (but ユーザー数3500万 is a number, and so
        # is one right after a quarter's label: 前4Q7.17億ドル; the year of 4Q24 and 4Q2024 stays part of the label).
        r"(?:(?<![0-9A-Za-z])|(?<=[0-9]Q)(?![0-9]{2}(?:[0-9]{2})?(?:[\sのに、。,，)）:：]|$)))(?<![0-9][.,])(?<![A-Za-z]-)(?:(?<![数何幾])|(?<=[\u30a0-\u30ff\u4e00-\u9fff]数)(?=[0-9]))"
        rf"(?:(?<![0-9] )(?<![+-])(?P<sign>{_signs(words)}) ?)?"
        rf"(?:(?P<prefix>{_alternation(words.currency_before)}) ?)?"
        rf"(?P<numeral>(?>{_NUMERAL}))"
        # A one-letter magnitude must touch the number ($1.5B); words may stand apart ($13 bn).
        r"(?P<magnitude> ?(?i:trillion|billion|million|thousand|tn|bn|mn|mil)(?![A-Za-z])|(?i:[tbmk])(?![A-Za-z]))?"
        r"(?P<more>余)?"
        rf"(?: ?(?P<unit>{_alternation(words.unit_words, not_before)}))?"
        rf"(?P<hedge_after>{_alternation(words.hedges_after, not_before)})?"
        rf"(?: ?(?P<direction>{_alternation(words.directions, not_before)}))?"
    )


@lru_cache(maxsize=8)
def _load_number_words(path: Path, mtime_ns: int) -> NumberWords:
    raw = read_toml(path)
    hedges, directions, counters = (_table(raw, key, path) for key in ("hedges", "directions", "counters"))
    not_before = {str(word): _KANJI_CLASS if chars == "kanji" else re.escape(str(chars))
                  for word, chars in _table(directions, "not_before", path).items()}
    up, down = _strings(directions, "up", path), _strings(directions, "down", path)
    at_number = {**dict.fromkeys(_strings(directions, "up_at_number", path), 1),
                 **dict.fromkeys(_strings(directions, "down_at_number", path), -1)}
    signs = {}
    for word, sign in _table(raw, "signs", path).items():
        if sign not in (1, -1):
            where = place_of(path, '"' + str(word) + '" =')
            raise DataFileError(f"{where}: the sign of {word!r} must be 1 or -1")
        signs[str(word)] = int(sign)
    after, before, names = {}, {}, {}
    for code, currency in _table(raw, "currencies", path).items():
        if not isinstance(currency, dict) or not isinstance(currency.get("name"), str):
            raise DataFileError(f"{place_of(path, f'[currencies.{code}]')}: [currencies.{code}] needs a name")
        names[code] = currency["name"]
        after.update(dict.fromkeys(_strings(currency, "after", path, f"[currencies.{code}]"), code))
        before.update(dict.fromkeys(_strings(currency, "before", path, f"[currencies.{code}]"), code))
    counter_map = {word: word for word in _strings(counters, "words", path)}
    for word in _strings(counters, "ka_words", path):
        counter_map.update(dict.fromkeys((v + word for v in _strings(counters, "ka_variants", path)), "か" + word))
    counter_map.update({str(k): str(v) for k, v in _table(counters, "renamed", path).items()})
    percent = _strings(raw, "percent", path)
    words = NumberWords(
        hedges_before=_strings(hedges, "before", path), hedges_after=_strings(hedges, "after", path),
        percent=percent, up=up, down=down,
        directions={**dict.fromkeys(up, 1), **dict.fromkeys(down, -1), **at_number}, signs=signs,
        signs_touching=_strings(raw, "signs_touching", path),
        currency_after=after, currency_before=before, currency_names=names, counters=counter_map,
        kanji_counters=frozenset(_strings(counters, "kanji", path)),
        not_figure_counters=frozenset(_strings(counters, "not_figures", path)),
        unit_words={**{w: ("money", code) for w, code in after.items()}, **{w: ("percent", "%") for w in percent},
                    **{w: ("number", "") for w in counter_map}},
        pattern=re.compile("(?!)"),
    )
    return replace(words, pattern=_number_pattern(words, not_before),
                   direction_matcher=re.compile(_alternation((*up, *down), not_before)),
                   decimal_dot=re.compile(r"(?<=[0-9])・(?=[0-9]{1,3} ?(?:" + _alternation(percent) + "))"))


def load_number_words(data_dir: str | Path | None = None) -> NumberWords:
    """Read numbers.toml (re-read whenever the file changes)."""
    path = data_path(NUMBERS_FILE, data_dir)
    return _load_number_words(path, path.stat().st_mtime_ns if path.exists() else 0)


_active: NumberWords | None = None


def use_number_words(words: NumberWords) -> None:
    """Read numbers with these words from now on (the knowledge loaded for a corpus sets them)."""
    global _active
    _active = words


def number_words() -> NumberWords:
    """The words numbers are read with: those last set by `use_number_words`, else the packaged file's."""
    return _active if _active is not None else load_number_words()


_NUMERAL_RE = re.compile(rf"(?:[-+] ?)?(?>{_NUMERAL})")
_NUMERAL_TOKEN_RE = re.compile(r"[0-9][0-9,]{0,40}(?:\.[0-9]{1,12})?|\S")
# "─" "—" "―" join a range too ("166億─172億ドル"); they are left out of loaders.text.HALF_WIDTH, where they would read as signs
# a hyphen spaced on both sides separates a label from its value ("※1 - 約9,200万人"): no range
_RANGE_SEPARATOR_RE = re.compile(r" ?(?:~|─|—|―|から) ?|-| -|- ")


@dataclass(frozen=True)
class _Reading:
    """One regex match read into numbers, before ranges are joined."""

    value: Decimal
    scale: Decimal           # largest multiplier inside the numeral (万, 億, billion ...), 1 when none
    kind: str
    unit: str
    counter: str
    approx: bool
    sign: int
    word_direction: int
    has_magnitude: bool
    letter_magnitude: bool   # b, m, bn, K ...: a model size unless it is money ("70b", "1.5B")
    is_bare: bool            # no currency, percent or counter: may be the low end of a range
    is_weak: bool            # kanji numeral without a qualifying unit; kept only as part of a range
    start: int
    end: int


def _numeral_value(numeral: str) -> tuple[Decimal, Decimal]:
    """Value of a numeral like 3億5000万, 一兆二千億 or 1,680.90, and its largest multiplier."""
    total = section = Decimal(0)
    current: Decimal | None = None
    after_kanji_digit = False
    top = Decimal(1)
    for token in _NUMERAL_TOKEN_RE.findall(numeral):
        if token[0].isdigit():
            current, after_kanji_digit = Decimal(token.replace(",", "")), False
        elif token in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[token]
            # 二〇二三 is read digit by digit; 二千二十三 by its units.
            current = current * 10 + digit if after_kanji_digit and current is not None else Decimal(digit)
            after_kanji_digit = True
        elif token in _KANJI_SMALL_UNITS:
            section += (Decimal(1) if current is None else current) * _KANJI_SMALL_UNITS[token]
            current, after_kanji_digit = None, False
        elif token in _LARGE_UNITS:
            section += current or 0
            total += section * _LARGE_UNITS[token]
            top = max(top, Decimal(_LARGE_UNITS[token]))
            section, current, after_kanji_digit = Decimal(0), None, False
    return total + section + (current or 0), top


def _read(match: re.Match, text: str, words: NumberWords) -> _Reading | None:
    """Turn one regex match into a reading, or None when the number belongs to a name (GPT-4o, 400b)."""
    numeral, magnitude, unit_word = match["numeral"], match["magnitude"], match["unit"]
    after = match.end("numeral")
    # a name glues digits to letters (H100, GPT-4o); "13億4,300万MAU" ends in a multiplier and is a count
    if magnitude is None and unit_word is None and after < len(text) and text[after].isascii() \
            and text[after].isalpha() and numeral[-1:] not in "万億兆":
        return None
    value, scale = _numeral_value(numeral)
    if magnitude:
        factor = Decimal(_MAGNITUDES[magnitude.strip().lower()])
        value, scale = value * factor, scale * factor
    kind, unit = words.unit_words.get(unit_word, ("number", "")) if unit_word else ("number", "")
    counter = words.counters[unit_word] if unit_word and kind == "number" else ""
    if match["prefix"] and kind != "percent" and not counter:
        kind, unit = "money", words.currency_before[match["prefix"]]
    kanji_led = numeral[0] in _KANJI_DIGITS or numeral[0] in _KANJI_SMALL_UNITS
    is_weak = kanji_led and (
        (match.start("numeral") > 0 and text[match.start("numeral") - 1] == "第")
        or not (kind != "number" or counter in words.kanji_counters or any(u in numeral for u in _LARGE_UNITS))
    )
    return _Reading(
        value=value, scale=scale, kind=kind, unit=unit, counter=counter,
        approx=bool(match["hedge_before"] or match["more"] or match["hedge_after"]),
        sign=words.signs.get(match["sign"], 0), word_direction=words.directions.get(match["direction"], 0),
        has_magnitude=bool(magnitude),
        letter_magnitude=bool(magnitude) and magnitude.strip().lower() not in ("trillion", "billion", "million", "thousand"),
        is_bare=kind == "number" and not counter,
        is_weak=is_weak, start=match.start(), end=match.end(),
    )


def _join_range(low: _Reading, high: _Reading, between: str) -> tuple[_Reading, Decimal] | None:
    """The joined reading and its high value when "low~high" is a range, else None."""
    separator = _RANGE_SEPARATOR_RE.fullmatch(between)
    if separator is None or low.word_direction or high.sign:
        return None
    same_unit = (low.kind, low.unit, low.counter) == (high.kind, high.unit, high.counter)
    if "から" in separator.group():
        if not low.is_bare:
            return None
    elif not (low.is_bare or same_unit or (low.kind == "money" and high.is_bare and high.has_magnitude)):
        return None
    low_value = low.value * high.scale if low.scale == 1 else low.value
    if high.value < low_value:
        return None
    kind, unit, counter = (low.kind, low.unit, low.counter) if high.is_bare and not low.is_bare else (
        high.kind, high.unit, high.counter)
    joined = _Reading(
        value=low_value, scale=high.scale, kind=kind, unit=unit, counter=counter,
        approx=low.approx or high.approx, sign=low.sign, word_direction=high.word_direction,
        has_magnitude=high.has_magnitude and kind != "money", letter_magnitude=high.letter_magnitude, is_bare=False,
        is_weak=low.is_weak and high.is_weak, start=low.start, end=high.end,
    )
    return joined, high.value


def _to_quantity(reading: _Reading, high: Decimal | None, text: str) -> Quantity:
    """The public Quantity for a reading (and a range's high end)."""
    direction = reading.sign or reading.word_direction
    negate = reading.sign < 0 or (reading.kind == "percent" and direction < 0)
    low = -reading.value if negate else reading.value
    value_high = None if high is None else float(-high if negate else high)
    if value_high is not None and value_high < low:
        low, value_high = float(value_high), float(low)
    return Quantity(
        value=float(low), value_high=value_high, unit=reading.unit, kind=reading.kind,
        approx=reading.approx, direction=direction, counter=reading.counter,
        start=reading.start, end=reading.end, surface=text[reading.start:reading.end],
    )


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in a sentence, left to right, non-overlapping."""
    return _find(text, keep_weak=False)


def _find(text: str, keep_weak: bool) -> list[Quantity]:
    """Quantities of `text`; `keep_weak` also keeps a kanji numeral standing alone (五百)."""
    words = number_words()
    half = words.decimal_dot.sub(".", half_width(text))  # same length: spans stay those of `text`
    readings = [r for r in (_read(m, half, words) for m in words.pattern.finditer(half)) if r is not None]
    quantities = []
    index = 0
    while index < len(readings):
        reading, high = readings[index], None
        if index + 1 < len(readings):
            following = readings[index + 1]
            joined = _join_range(reading, following, half[reading.end:following.start])
            if joined is not None:
                (reading, high), index = joined, index + 1
        index += 1
        # "800 million" users is a count; "70b" or "1.5B" without a currency is a model size
        needs_money = reading.letter_magnitude and reading.kind != "money"
        if needs_money or (reading.is_weak and not (keep_weak and reading.is_bare)):
            continue
        quantities.append(_to_quantity(reading, high, text))
    return quantities


def parse_amount(text: str) -> Quantity | None:
    """The quantity that `text` is as a whole ("3億5000万米ドル", "約54億ドル"), or None."""
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    found = _find(stripped, keep_weak=True)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        return None
    return replace(found[0], start=offset, end=offset + len(stripped))


def parse_number(text: str) -> float | None:
    """A bare numeral as a float: "1,680.90", "３，２００", "三千億", "3億5000万", "二十"; None otherwise."""
    half = text.translate(HALF_WIDTH).strip()
    if not _NUMERAL_RE.fullmatch(half):
        return None
    value, _ = _numeral_value(half.lstrip("+- "))
    return float(-value if half.startswith("-") else value)
