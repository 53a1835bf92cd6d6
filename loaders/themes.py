"""Theme rules from themes.toml, and the themes of each paragraph and of the article.

Scoring a text against one rule (`score_text`):
    score = weight × (keyword/pattern matches + company triggers)
- The text is NFKC-normalised (full-width Latin and digits become half-width). Keywords are plain
  substrings, NFKC-normalised too and compared ignoring case (so ＡＩ, ai and AI agree); patterns are
  regexes used as written on the normalised text (case matters unless they say (?i)). Each stretch of text
  matched by the rule counts 1; overlapping matches (資金 inside 資金調達) count once.
- Each distinct company mentioned in the text that the rule names in `companies`, or whose country is in
  `company_countries`, counts 1.

Assigning themes (`assign_themes`):
- A paragraph's effective score adds its context to its own score. A paragraph of at least
  SHORT_PARAGRAPH_CHARS characters speaks for itself: its headings (`contexts`) count by half. A shorter one,
  such as a list line (総収入:620.20億ドル) or a caption, cannot: its headings count in full and the own
  scores of the paragraphs just before and after it count by half.
- A paragraph has the themes whose effective score reaches `min_paragraph_score`, best first.
- The article's totals are the sums of the paragraphs' own scores (context is not counted twice);
  `article_scores` are those totals as shares of their sum (0..1), best first. The article is about the
  themes whose share reaches `min_article_share` and whose total reaches `min_paragraph_score`.
Ties are broken by the order of the rules in the file, so results are deterministic.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.datafiles import DataFileError, data_path, is_word_list, read_toml
from loaders.patterns import UnboundedPattern, compile_bounded

THEMES_FILE = "themes.toml"
SHORT_PARAGRAPH_CHARS = 50
LONG_CONTEXT_WEIGHT = 0.5
SHORT_CONTEXT_WEIGHT = 1.0
NEIGHBOUR_WEIGHT = 0.5
DEFAULT_MIN_ARTICLE_SHARE = 0.15

_ENTRY_KEYS = ("id", "label", "keywords", "patterns", "companies", "company_countries", "weight")
_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_ENTRY_HEADER = re.compile(r"^[ \t]{0,16}\[\[[ \t]{0,16}theme[ \t]{0,16}\]\]", re.MULTILINE)


@dataclass(frozen=True)
class ThemeRule:
    """One [[theme]] entry; keywords are stored NFKC-normalised, company names also case-folded."""

    id: str
    label: str
    keywords: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    companies: frozenset[str]
    company_countries: frozenset[str]
    weight: float


@dataclass(frozen=True)
class ThemeAssignment:
    """Themes per paragraph (best first), theme shares of the article, and the article's themes."""

    paragraph_themes: list[tuple[str, ...]]
    article_scores: dict[str, float]
    article_themes: tuple[str, ...]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _fold(text: str) -> str:
    return _nfkc(text).casefold()


def _entry_error(path: Path, number: int, entry: dict, key: str | None, problem: str) -> DataFileError:
    """An error naming the file, the entry and, when it can be found, the line."""
    place = f"[[theme]] #{number}"
    if isinstance(entry.get("id"), str):
        place += f" (id = {entry['id']!r})"
    text = path.read_text(encoding="utf-8")
    headers = [match.start() for match in _ENTRY_HEADER.finditer(text)]
    if number <= len(headers):
        start = headers[number - 1]
        end = headers[number] if number < len(headers) else len(text)
        offset = start
        if key:
            found = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE).search(text, start, end)
            offset = found.start() if found else start
        place += f", line {text.count(chr(10), 0, offset) + 1}"
    return DataFileError(f"{path}: {place}: {problem}")


def _string_list(value, path: Path, number: int, entry: dict, key: str) -> list[str]:
    if not is_word_list(value):
        raise _entry_error(path, number, entry, key, f"{key} must be a list of non-empty strings")
    return value


def _rule(entry, path: Path, number: int, seen_ids: set, seen_labels: set) -> ThemeRule:
    if not isinstance(entry, dict):
        raise _entry_error(path, number, {}, None, "each theme must be a [[theme]] table")
    unknown = sorted(set(entry) - set(_ENTRY_KEYS))
    if unknown:
        raise _entry_error(path, number, entry, unknown[0],
                           f"unknown key {unknown[0]!r}; known keys: {', '.join(_ENTRY_KEYS)}")
    theme_id, label = entry.get("id"), entry.get("label")
    if not isinstance(theme_id, str) or not _ID.fullmatch(theme_id):
        raise _entry_error(path, number, entry, "id", "id must be letters, digits, '_' or '-' (e.g. \"funding\")")
    if theme_id in seen_ids:
        raise _entry_error(path, number, entry, "id", f"id {theme_id!r} is used by an earlier theme")
    if not isinstance(label, str) or not label.strip():
        raise _entry_error(path, number, entry, "label", "label must be a non-empty string")
    if label in seen_labels:
        raise _entry_error(path, number, entry, "label", f"label {label!r} is used by an earlier theme")
    keywords = _string_list(entry.get("keywords", []), path, number, entry, "keywords")
    patterns = []
    for source in _string_list(entry.get("patterns", []), path, number, entry, "patterns"):
        try:
            pattern = compile_bounded(source)
        except UnboundedPattern as exc:
            raise _entry_error(path, number, entry, "patterns", f"pattern {source!r} {exc}")
        except re.error as exc:
            raise _entry_error(path, number, entry, "patterns", f"pattern {source!r} does not compile: {exc}")
        if pattern.fullmatch(""):
            raise _entry_error(path, number, entry, "patterns", f"pattern {source!r} matches empty text")
        patterns.append(pattern)
    companies = _string_list(entry.get("companies", []), path, number, entry, "companies")
    countries = [code.strip().upper() for code in
                 _string_list(entry.get("company_countries", []), path, number, entry, "company_countries")]
    bad_codes = [code for code in countries if not _COUNTRY.fullmatch(code)]
    if bad_codes:
        raise _entry_error(path, number, entry, "company_countries",
                           f"{bad_codes[0]!r} is not a two-letter ISO country code")
    weight = entry.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
        raise _entry_error(path, number, entry, "weight", "weight must be a number of 0 or more")
    if not (keywords or patterns or companies or countries):
        raise _entry_error(path, number, entry, None,
                           "needs at least one of keywords, patterns, companies, company_countries")
    seen_ids.add(theme_id)
    seen_labels.add(label)
    return ThemeRule(id=theme_id, label=label, keywords=tuple(dict.fromkeys(_nfkc(k) for k in keywords)),
                     patterns=tuple(patterns), companies=frozenset(_fold(c) for c in companies),
                     company_countries=frozenset(countries), weight=float(weight))


def load_theme_rules(data_dir: str | Path | None = None) -> tuple[ThemeRule, ...]:
    """The theme rules of themes.toml, in file order; a malformed file raises DataFileError."""
    path = data_path(THEMES_FILE, data_dir)
    document = read_toml(path)
    unknown = sorted(set(document) - {"theme"})
    if unknown:
        raise DataFileError(f"{path}: unexpected top-level key {unknown[0]!r}; write each theme as [[theme]]")
    entries = document.get("theme", [])
    if not isinstance(entries, list):
        raise DataFileError(f"{path}: write each theme as [[theme]] (an array of tables), not [theme]")
    seen_ids: set[str] = set()
    seen_labels: set[str] = set()
    return tuple(_rule(entry, path, number, seen_ids, seen_labels) for number, entry in enumerate(entries, 1))


@lru_cache(maxsize=256)
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern | None:
    # Longest first, so that a keyword inside a longer one does not cut the longer match short.
    ordered = sorted(keywords, key=len, reverse=True)
    if not ordered:
        return None
    alternation = "|".join(map(re.escape, ordered))
    if all(ordered):
        # a lookahead on the letters keywords start with: a position none starts at fails before the
        # alternation is tried keyword by keyword
        alternation = f"(?=[{''.join(sorted({re.escape(k[0]) for k in ordered}))}])(?:{alternation})"
    return re.compile(alternation, re.IGNORECASE)


def _match_count(normalised: str, rule: ThemeRule) -> int:
    keyword_pattern = _keyword_pattern(rule.keywords)
    patterns = (keyword_pattern, *rule.patterns) if keyword_pattern else rule.patterns
    spans = [match.span() for pattern in patterns for match in pattern.finditer(normalised)
             if match.end() > match.start()]
    count, reach = 0, -1
    for start, end in sorted(spans):
        if start >= reach:
            count += 1
        reach = max(reach, end)
    return count


def score_text(text: str, companies: Iterable[tuple[str, str]], rules: Sequence[ThemeRule]) -> dict[str, float]:
    """Each rule's score for a text and its (company, country) mentions; only themes scoring above 0."""
    normalised = _nfkc(text)
    mentioned = {(_fold(name), country.upper() if isinstance(country, str) else "")
                 for name, country in companies if isinstance(name, str)}
    scores = {}
    for rule in rules:
        triggers = sum(1 for name, country in mentioned
                       if name in rule.companies or country in rule.company_countries)
        score = rule.weight * (_match_count(normalised, rule) + triggers)
        if score > 0:
            scores[rule.id] = score
    return scores


def _best_first(scores: dict[str, float], order: dict[str, int]) -> list[str]:
    return sorted(scores, key=lambda theme: (-scores[theme], order[theme]))


def assign_themes(paragraphs: Sequence[str], paragraph_companies: Sequence[Iterable[tuple[str, str]]],
                  rules: Sequence[ThemeRule], *, contexts: Sequence[str] | None = None,
                  min_paragraph_score: float = 1.0,
                  min_article_share: float = DEFAULT_MIN_ARTICLE_SHARE) -> ThemeAssignment:
    """Themes of each paragraph and of the article; `contexts` are the heading lines above each paragraph."""
    if len(paragraph_companies) != len(paragraphs) or (contexts is not None and len(contexts) != len(paragraphs)):
        raise ValueError("paragraph_companies and contexts need one entry per paragraph")
    order = {rule.id: index for index, rule in enumerate(rules)}
    own = [score_text(text, companies, rules) for text, companies in zip(paragraphs, paragraph_companies)]
    paragraph_themes = []
    context_scores: dict[str, dict[str, float]] = {}  # the paragraphs under one heading share its line
    for index, text in enumerate(paragraphs):
        context = {}
        if contexts:
            line = contexts[index] or ""
            if line not in context_scores:
                context_scores[line] = score_text(line, (), rules)
            context = context_scores[line]
        short = len(text.strip()) < SHORT_PARAGRAPH_CHARS
        borrowed = [(context, SHORT_CONTEXT_WEIGHT if short else LONG_CONTEXT_WEIGHT)]
        if short:
            borrowed += [(own[near], NEIGHBOUR_WEIGHT) for near in (index - 1, index + 1) if 0 <= near < len(own)]
        effective = dict(own[index])
        for scores, weight in borrowed:
            for theme, score in scores.items():
                effective[theme] = effective.get(theme, 0.0) + weight * score
        passing = {theme: score for theme, score in effective.items() if score >= min_paragraph_score}
        paragraph_themes.append(tuple(_best_first(passing, order)))
    totals: dict[str, float] = {}
    for scores in own:
        for theme, score in scores.items():
            totals[theme] = totals.get(theme, 0.0) + score
    grand_total = sum(totals.values())
    ranked = _best_first(totals, order)
    article_scores = {theme: totals[theme] / grand_total for theme in ranked}
    article_themes = tuple(theme for theme in ranked
                           if article_scores[theme] >= min_article_share and totals[theme] >= min_paragraph_score)
    return ThemeAssignment(paragraph_themes, article_scores, article_themes)
