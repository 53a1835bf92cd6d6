"""The metric lexicon (metrics.toml): which words make a number a funding, revenue or traffic figure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from loaders.datafiles import DataFileError, data_path, read_toml
from loaders.frames import FIGURE_FRAMES
from loaders.numbers import NumberWords, load_number_words
from loaders.text import half_width

MARKER_LISTS = ("change", "share", "market", "source", "anaphora", "from_other", "self", "investor",
                "same_company", "release", "year_on_year", "data_source",
                "excluding", "list_intro", "segment", "reference_point", "event", "respectively", "same_basis",
                "ordinal", "list_size", "demonstrative", "product_noun", "copula", "concessive", "one_of",
                "threshold", "threshold_class", "level_reached", "conversion_open", "conversion_words", "relation",
                "bucket_particle", "coordination", "jointly", "earlier_value", "right_glue", "topic_particle",
                "predicate_copula", "contrast",
                "business_unit", "contribution", "company_counters", "round_investor", "succession", "rank",
                "rank_counters", "compared_with", "conversion_hints", "degree_adverbs", "per_unit", "per_time", "tolerance",
                "topic_object_verbs", "breakdown", "customer_segment", "part_words")
STATUSES = ("consensus", "forecast", "target", "in_talks")  # besides "actual", the default
STATUS_LISTS = (*STATUSES, "comparison", "actual", "clause_end", "announces", "revision", "topic", "turn")


@dataclass(frozen=True)
class MetricRule:
    """One metric: its frame, the kinds of numbers it takes, and the labels of its change and share."""

    id: str
    frame: str
    units: frozenset[str]
    change_metric: str
    change_frame: str
    share_metric: str
    keywords: tuple[str, ...]
    counters: tuple[tuple[str, float], ...] = ()  # (counter word, smallest count it names the metric for)
    counter_hints: tuple[str, ...] = ()  # a sentence must hold one of these for `counters` to apply
    label: str = ""  # Japanese name on screen
    counter: str = ""  # counter word of its counts on screen (回, 人, 社)
    change_label: str = ""
    share_label: str = ""
    segment_metric: str = ""  # the metric of this one broken down by segment (事業別の売上高)

    @property
    def change_id(self) -> str:
        """The metric id of a change of this metric (its change_metric, else `<id>_change`)."""
        return self.change_metric or f"{self.id}_change"

    @property
    def share_id(self) -> str:
        """The metric id of a share of this metric (its share_metric, else `<id>_share`)."""
        return self.share_metric or f"{self.id}_share"


@dataclass(frozen=True)
class MetricName:
    """How a metric id is written on screen: its Japanese label and the counter word of its counts."""

    label: str
    counter: str = ""


@dataclass(frozen=True)
class Keyword:
    """A metric keyword found in a sentence."""

    rule: MetricRule
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    """Metric rules, one matcher over all their keywords, and the marker word lists."""

    rules: dict[str, MetricRule]
    keyword_rule: dict[str, str]
    matcher: re.Pattern
    markers: dict[str, tuple[str, ...]]
    status_words: dict[str, tuple[str, ...]]  # the [status] lists
    status_matcher: re.Pattern  # every status word, longest first
    status_of_word: dict[str, str]
    numbers: NumberWords  # numbers.toml's words: the directions read apart from a number are its own
    status_labels: dict[str, str] = field(default_factory=dict)  # [status_labels]: status -> its Japanese name
    # the text keywords_in read last and what it found: a sentence is asked about several times in a row
    _last_keywords: list = field(default_factory=lambda: [(None, ())], compare=False, repr=False)
    # counter word -> the (rule, smallest count) pairs that name it, in rule order (rule_for_counter)
    _counter_rules: dict = field(default_factory=dict, compare=False, repr=False)
    _longest_first: dict = field(default_factory=dict, compare=False, repr=False)  # kind -> its words, longest first

    def keywords_in(self, text: str) -> list[Keyword]:
        """Every keyword in the text, longest first at each position, without overlaps."""
        last_text, last_found = self._last_keywords[0]  # one read and one write: safe across threads
        if text == last_text:
            return list(last_found)
        found = []
        for match in self.matcher.finditer(half_width(text)):
            rule_id = self.keyword_rule.get(match.group(0).casefold())
            if rule_id:
                found.append(Keyword(self.rules[rule_id], match.start(), match.end()))
        self._last_keywords[0] = (text, tuple(found))
        return found

    def rule_for_counter(self, counter: str, value: float, sentence: str) -> MetricRule | None:
        """The metric a counter word names on its own ("57億回" of 訪問 -> visits), if any."""
        named = self._counter_rules.get(counter)
        if named is None:
            named = self._counter_rules[counter] = tuple(
                (rule, minimum) for rule in self.rules.values() for word, minimum in rule.counters if word == counter)
        for rule, minimum in named:
            if value >= minimum and (not rule.counter_hints or any(hint in sentence for hint in rule.counter_hints)):
                return rule
        return None

    def has_marker(self, kind: str, text: str) -> bool:
        return any(word in text for word in self.markers[kind])

    def marker_at(self, kind: str, text: str, at: int) -> str:
        """The longest marker word of `kind` that stands in the text at `at`, or ""."""
        words = self._longest_first.get(kind)
        if words is None:
            words = self._longest_first[kind] = tuple(sorted(self.markers[kind], key=len, reverse=True))
        return next((word for word in words if text.startswith(word, at)), "")

    def starts_with_marker(self, kind: str, text: str, at: int) -> bool:
        """True when one of the marker words of `kind` stands in the text right at `at` (spaces aside)."""
        rest = text[at:at + 40].lstrip()
        return rest.startswith(self.markers[kind])

    def status_words_in(self, text: str) -> list[tuple[str, int, int]]:
        """Every status word of the text as (status, start, end), longest first at each position."""
        return [(self.status_of_word[m.group(0)], m.start(), m.end()) for m in self.status_matcher.finditer(text)]



def _keyword_pattern(word: str) -> str:
    escaped = re.escape(word)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 &\-]*", word):
        return rf"(?<![A-Za-z])(?i:{escaped})(?![a-z])"
    return escaped


def _first_letters(words: list[str]) -> str:
    """A lookahead for the letters a keyword can start with: `re` would otherwise try every keyword of the
    alternation at every position of the text; this way a position no keyword starts at fails at once."""
    folded = {w[0] for w in words if _keyword_pattern(w) != re.escape(w)}  # matched ignoring case
    exact = {w[0] for w in words} - folded
    parts = [f"[{''.join(sorted(re.escape(c) for c in exact))}]"] if exact else []
    if folded:
        parts.append(f"(?i:[{''.join(sorted(re.escape(c) for c in folded))}])")
    return f"(?={'|'.join(parts)})"


def metric_names(lexicon: Lexicon) -> dict[str, MetricName]:
    """Metric id -> its Japanese name and counter, for every id a figure row can carry (changes and shares too)."""
    names: dict[str, MetricName] = {}
    # A metric without a label keeps its id on screen (tests/test_metric_names.py asks for every label).
    for rule in lexicon.rules.values():
        names.setdefault(rule.id, MetricName(rule.label or rule.id, rule.counter))
    for rule in lexicon.rules.values():
        names.setdefault(rule.change_id, MetricName(rule.change_label or rule.change_id))
        names.setdefault(rule.share_id, MetricName(rule.share_label or rule.share_id))
    return names


def build_lexicon(raw: dict, path: Path, numbers: NumberWords | None = None) -> Lexicon:
    """Validate the parsed metrics.toml and compile it; the words of direction (markers `up` and `down`) are
    numbers.toml's (`numbers`, else the packaged file's)."""
    rules: dict[str, MetricRule] = {}
    keyword_rule: dict[str, str] = {}
    names_raw = raw.get("names", {})
    for number, entry in enumerate(raw.get("metric", []), start=1):
        rule_id = str(entry.get("id", ""))
        frame = str(entry.get("frame", ""))
        if not rule_id or rule_id in rules:
            raise DataFileError(f"{path}: [[metric]] entry {number} has a missing or repeated id {rule_id!r}")
        if frame and frame not in FIGURE_FRAMES:
            raise DataFileError(f"{path}: metric {rule_id!r} has frame {frame!r}; expected one of {FIGURE_FRAMES}")
        units = frozenset(entry.get("units", []))
        if not units <= {"money", "count"}:
            raise DataFileError(f"{path}: metric {rule_id!r} has units {sorted(units)}; expected money and/or count")
        rule = MetricRule(
            id=rule_id,
            frame=frame,
            units=units,
            change_metric=str(entry.get("change_metric", "")),
            change_frame=str(entry.get("change_frame", frame)),
            share_metric=str(entry.get("share_metric", "")),
            keywords=tuple(str(k) for k in entry.get("keywords", [])),
            counters=tuple((str(word), float(minimum)) for word, minimum in entry.get("counters", {}).items()),
            counter_hints=tuple(str(word) for word in entry.get("counter_hints", [])),
            label=str(entry.get("label", "")),
            counter=str(entry.get("counter", "")),
            change_label=str(entry.get("change_label", "")),
            share_label=str(entry.get("share_label", "")),
            segment_metric=str(entry.get("segment_metric", "")),
        )
        if not rule.change_metric and not rule.change_label:  # `<id>_change`: named by [names]
            rule = replace(rule, change_label=rule.label + str(names_raw.get("change", "")))
        if not rule.share_metric and not rule.share_label:
            rule = replace(rule, share_label=rule.label + str(names_raw.get("share", "")))
        rules[rule_id] = rule
        for keyword in rule.keywords:
            keyword_rule.setdefault(keyword.casefold(), rule_id)
    markers_raw = raw.get("markers", {})
    missing = [name for name in MARKER_LISTS if name not in markers_raw]
    if missing:
        raise DataFileError(f"{path}: [markers] lacks {', '.join(missing)}")
    markers = {name: tuple(str(w) for w in markers_raw[name]) for name in MARKER_LISTS}
    numbers = numbers or load_number_words()
    for rule in rules.values():
        if rule.segment_metric and rule.segment_metric not in rules:
            raise DataFileError(f"{path}: metric {rule.id!r} has unknown segment_metric {rule.segment_metric!r}")
    words = sorted({k for rule in rules.values() for k in rule.keywords}, key=len, reverse=True)
    matcher = re.compile(_first_letters(words) + "(?:" + "|".join(_keyword_pattern(w) for w in words) + ")"
                         if words else r"(?!x)x")
    status_raw = raw.get("status", {})
    missing = [name for name in STATUS_LISTS if name not in status_raw]
    if missing:
        raise DataFileError(f"{path}: [status] lacks {', '.join(missing)}")
    status_words = {name: tuple(str(w) for w in status_raw[name]) for name in STATUS_LISTS}
    status_of_word: dict[str, str] = {}
    for status in STATUSES:
        for word in status_words[status]:
            if status_of_word.setdefault(word, status) != status:
                raise DataFileError(f"{path}: [status] word {word!r} is both {status_of_word[word]} and {status}")
    ordered = sorted(status_of_word, key=len, reverse=True)
    status_matcher = re.compile("|".join(re.escape(w) for w in ordered) or r"(?!x)x")
    labels_raw = raw.get("status_labels", {})
    unknown = sorted(set(labels_raw) - {"actual", *STATUSES})
    if unknown:
        raise DataFileError(f"{path}: [status_labels] names unknown statuses {', '.join(unknown)}")
    status_labels = {"actual": "actual", **{status: status for status in STATUSES},
                     **{str(k): str(v) for k, v in labels_raw.items()}}
    return Lexicon(rules, keyword_rule, matcher, markers, status_words, status_matcher, status_of_word, numbers,
                   status_labels)


@lru_cache(maxsize=8)
def _load_lexicon_cached(path: Path, mtime_ns: int, numbers: NumberWords) -> Lexicon:
    return build_lexicon(read_toml(path), path, numbers)


def load_lexicon(data_dir: str | Path | None = None) -> Lexicon:
    """Read metrics.toml with numbers.toml's words of direction (re-read whenever either file changes)."""
    path = data_path("metrics.toml", data_dir)
    return _load_lexicon_cached(path, path.stat().st_mtime_ns if path.exists() else 0, load_number_words(data_dir))
