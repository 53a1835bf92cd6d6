"""Regular expressions over article text that cannot back-track without bound.

Python's `re` is a back-tracking engine: `[A-Z][A-Za-z]*,? Inc` tried at every position of a 50,000-letter
run scans the rest of the run from each position (quadratic), and two unbounded runs in a row
(`[A-Z][a-z ]*[a-z][a-z ]*`) make it cubic. The cure is structural: when every quantifier has a finite
upper bound, one match attempt can take only a number of paths fixed by the pattern, whatever the text,
so a scan over n characters costs at most that constant times n.

`unbounded_parts(pattern)` walks the parsed pattern (Python's own parser, `re._parser`) — groups,
alternatives, lookarounds and atomic groups included — and returns every repeat without an upper bound
(`*`, `+`, `{n,}`) and every back-reference to a group of unbounded width (whose work depends on the text;
`(.)\1{64}` is bounded). A pattern with none is linear in the text it scans. `compile_bounded` compiles a pattern from a knowledge file and refuses one
with such parts; the test suite checks every compiled pattern of loaders/ the same way.

`required_letters(pattern)` walks the same tree for the letters every match must contain (a literal outside
any optional part, class or lookaround; of alternatives, the letters all of them share): a text lacking one
of them cannot match, so a caller with many patterns skips the scans that cannot find anything.
"""
from __future__ import annotations

import re
from re import _constants as sre_constants  # the standard library's own regex constants
from re import _parser as sre_parser  # the standard library's own regex parser

_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_REFERENCES = (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS, sre_constants.GROUPREF_IGNORE,
               sre_constants.GROUPREF_LOC_IGNORE, sre_constants.GROUPREF_UNI_IGNORE)


class UnboundedPattern(ValueError):
    """A pattern whose work per position can grow with the text."""


def _walk(items, found: list[str], widths) -> None:
    for op, argument in items:
        if op in _REPEATS:
            low, high, body = argument
            if high == sre_constants.MAXREPEAT:
                found.append(f"a repeat {{{low},}} without an upper bound")
            _walk(body, found, widths)
        elif op in _REFERENCES:
            group = argument[0] if isinstance(argument, tuple) else argument
            width = widths[group] if group < len(widths) and widths[group] else (0, sre_constants.MAXREPEAT)
            if width[1] >= sre_constants.MAXREPEAT:
                found.append("a back-reference to a group of unbounded width")
            if isinstance(argument, tuple):  # a conditional (?(1)yes|no)
                for branch in argument[1:]:
                    if branch is not None:
                        _walk(branch, found, widths)
        elif op is sre_constants.SUBPATTERN:
            _walk(argument[-1], found, widths)
        elif op is sre_constants.BRANCH:
            for branch in argument[1]:
                _walk(branch, found, widths)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _walk(argument[1], found, widths)
        elif op is sre_constants.ATOMIC_GROUP:
            _walk(argument, found, widths)


def unbounded_parts(pattern: str | bytes | re.Pattern, flags: int = 0) -> list[str]:
    """The parts of a pattern whose work can grow with the text (empty for a bounded pattern)."""
    if not isinstance(pattern, (str, bytes)):  # a compiled pattern (or a wrapper around one)
        pattern, flags = pattern.pattern, pattern.flags
    if isinstance(pattern, bytes):
        pattern, flags = pattern.decode("latin-1"), flags & ~re.UNICODE
    found: list[str] = []
    parsed = sre_parser.parse(pattern, flags)
    _walk(parsed, found, parsed.state.groupwidths)
    return found


def compile_bounded(source: str, flags: int = 0) -> re.Pattern:
    """Compile a pattern from a knowledge file; raises re.error, or UnboundedPattern for `*`, `+`, `{n,}`."""
    compiled = re.compile(source, flags)
    parts = unbounded_parts(compiled)
    if parts:
        raise UnboundedPattern(f"{parts[0]}: give every repeat an upper bound, e.g. {{0,40}} instead of *")
    return compiled


def required_letters(pattern: str | re.Pattern, flags: int = 0) -> frozenset[str]:
    """Letters every match of the pattern contains (a text lacking one cannot match: no need to scan it)."""
    if not isinstance(pattern, (str, bytes)):
        pattern, flags = pattern.pattern, pattern.flags
    parsed = sre_parser.parse(pattern, flags)
    return frozenset(_required(parsed, bool(parsed.state.flags & re.IGNORECASE)))


def _required(items, ignore_case: bool) -> set[str]:
    found: set[str] = set()
    for op, argument in items:
        if op is sre_constants.LITERAL and not ignore_case:
            found.add(chr(argument))
        elif op in _REPEATS and argument[0] >= 1:
            found |= _required(argument[2], ignore_case)
        elif op is sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, body = argument
            case = (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            found |= _required(body, case)
        elif op is sre_constants.ATOMIC_GROUP:
            found |= _required(argument, ignore_case)
        elif op is sre_constants.BRANCH:
            branches = [_required(branch, ignore_case) for branch in argument[1]]
            found |= set.intersection(*branches) if branches else set()
        # anything else (a class, a lookaround, an optional part, a reference) requires no letter for sure
    return found
