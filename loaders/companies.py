"""Companies: the gazetteer (aliases, products -> maker), mentions in text, and unknown organisations.

Known mentions are found in two steps. `KnownMentions(text)` runs two Aho-Corasick automata over the text
once — the case-sensitive forms over its half-width copy, the case-insensitive ones over that copy
lower-cased — and keeps every candidate (where a form occurs). `within(start, end)` then picks, left to
right, the longest candidate at each position that fits the stretch and whose neighbours inside the
stretch do not run on into it (a Latin name is no part of a longer word, a katakana one of a longer katakana
word), skipping what a match covers. A stretch is treated exactly as if it were a text of its own, so an
article is scanned once and its paragraphs and sentences are slices of that one scan.

Beyond the gazetteer's forms, `find_organisations` reads what a whole text names: unknown organisations (by
a legal form, a suffix, a role noun, a country prefix, the label of a report, a ranking, a definition line,
their shares: UNKNOWN_PATTERNS and the cues of organisation_cues.toml), their kinds (a data provider named by
its role), and the text's own forms of companies — a known company written with a middle dot, a short name
defined with 以下, a product named by its maker (Xの千問は), a unit of a known company (SMBC信託銀行). Former names
and common nouns are none. `find_mentions` then finds every occurrence of these in any stretch.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

import ahocorasick

from loaders.datafiles import DataFileError, data_path, is_word_list, place_of, read_toml, read_word_list
from loaders.numbers import number_words
from loaders.periods import FiscalYear
from loaders.tagger import is_compound_of_words, is_dictionary_word, is_unknown_word
from loaders.text import HALF_WIDTH, URL, half_width

# Full-width Latin letters and digits -> ASCII, one character for one, so offsets stay valid.
KINDS = ("company", "institute", "media", "data_provider")
# Organisations of these kinds are cited as sources; they are never the subject of a figure.
SOURCE_KINDS = ("media", "data_provider")


@dataclass(frozen=True)
class Company:
    """One organisation of the gazetteer."""

    name: str
    aliases: tuple[str, ...]
    products: tuple[str, ...]
    country: str
    parent: str
    kind: str
    fiscal_year_end: int = 12  # the month its fiscal year ends in
    fiscal_year_numbered_by_start: bool = False  # its 2024年度 starts in 2024 (see periods.FiscalYear)


@dataclass(frozen=True)
class Mention:
    """A company named in a text, directly or through one of its products."""

    company: str
    surface: str
    start: int
    end: int
    is_product: bool
    is_known: bool
    kind: str = "company"
    # a platform named as where a product runs ("XのiOSアプリ", "iOSとAndroidで利用できる"): no subject of its own
    is_platform: bool = False

    @property
    def is_source(self) -> bool:
        return self.kind in SOURCE_KINDS


@dataclass(frozen=True)
class Surface:
    """One form of a company as matched: its text, owner and the boundaries it needs."""

    form: str  # half-width; lower-cased when the match ignores letter case
    company: str
    is_product: bool
    ignore_case: bool
    left: str  # characters that must not stand right before the form
    right: str  # characters that must not stand right after it


@dataclass(frozen=True)
class Gazetteer:
    """Companies by canonical name, and one compiled matcher over every surface form."""

    companies: dict[str, Company]
    surfaces: dict[str, tuple[str, bool]]  # folded surface -> (canonical name, is_product)
    index: dict[str, tuple[Surface, ...]]  # first two characters of a form -> its surfaces, longest first
    not_organisations: frozenset[str]
    # Aho-Corasick automata: case-sensitive forms (over the half-width text) and case-insensitive ones (over it
    # lower-cased); each form maps to its (rank, Surface) pairs, rank = place in the longest-first order
    exact: ahocorasick.Automaton | None = None
    folded: ahocorasick.Automaton | None = None
    # a web domain written on its own ("wikipedia.org"): it names its site (data/organisation_cues.toml)
    domain: re.Pattern | None = None
    # the cues of data/organisation_cues.toml before a name: its role (a katakana name of common nouns only is
    # none: 企業のデータプラットフォーム) and the clause it heads (one common noun is none: を提供するプラットフォーム);
    # and around it (quotes and 社: any name)
    role_cued: tuple[re.Pattern, ...] = ()
    clause_cued: tuple[re.Pattern, ...] = ()
    quoted: tuple[re.Pattern, ...] = ()
    # platforms (folded) and the words after one that name it as where a product runs (organisation_cues.toml)
    platforms: frozenset[str] = frozenset()
    platform_uses: tuple[str, ...] = ()
    platform_edition: re.Pattern | None = None  # a use after a short qualifier ("英語版")
    # a person's title right before a name ("CEOの", "社長 "): the name is the person's (organisation_cues.toml)
    person_title: re.Pattern | None = None
    # a Latin name right before the label of a report it issues ("X Q2 FY2025決算"): the name is an organisation's
    reporting: tuple[re.Pattern, ...] = ()
    # what ends right before a data provider's name ("調査会社"), and what marks a former name ("旧", "」の名称で")
    # (organisation_cues.toml)
    source_role: re.Pattern | None = None
    unit: re.Pattern | None = None  # the word of a unit after a known company's name ("信託銀行")
    # names listed before a word that says they back or found something together ("…が主導し、A、B、Cが参加",
    # "AとBによる合弁"): each is an organisation's (organisation_cues.toml [backers])
    backers: re.Pattern | None = None
    # what ends the name of a document or a survey ("…応用発展報告", "自社調査"): no organisation's
    documents: tuple[str, ...] = ()
    # a name made of a person's titles only ("代表取締役CEO"): a person's, no organisation's
    titles_only: re.Pattern | None = None
    former_before: re.Pattern | None = None
    former_after: re.Pattern | None = None
    # every company form as `name_key` writes it (no spaces, no middle dots) -> its company: a text that puts or
    # leaves out a middle dot the gazetteer has not ("スーパー・マイクロ" for スーパーマイクロ) names the same company
    dotless: dict[str, str] = field(default_factory=dict)

    def fiscal_year_end(self, name: str) -> int:
        """The month the named company's fiscal year ends in (December for a name the gazetteer lacks)."""
        company = self.companies.get(name)
        return company.fiscal_year_end if company is not None else 12

    def fiscal_year(self, name: str) -> FiscalYear:
        """How the named company's fiscal year runs (a calendar year for a name the gazetteer lacks)."""
        company = self.companies.get(name)
        if company is None:
            return FiscalYear()
        return FiscalYear(company.fiscal_year_end, company.fiscal_year_numbered_by_start)


def fold(surface: str) -> str:
    """The form surfaces are compared in: NFKC and case-folded."""
    return unicodedata.normalize("NFKC", surface).casefold()


def name_key(name: str) -> str:
    """The form a name is compared with the words listed as no organisation: folded, without spaces and the
    middle dot that katakana writers put or leave out (ベンチャー・キャピタル = ベンチャーキャピタル)."""
    return fold(name).replace(" ", "").replace("・", "")


LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
KATAKANA_CHARS = "".join(chr(c) for c in range(0x30A1, 0x30FB)) + "ー"
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _surface(surface: str, company: str, is_product: bool) -> Surface:
    """How one form is matched: Latin forms on word boundaries (a product may carry a version number:
    Llama4, GPT-4o), katakana forms never inside a longer katakana word, forms of 4+ Latin letters in any case."""
    half = surface.translate(HALF_WIDTH)
    first, last = half[0], half[-1]
    left = right = ""
    if first in LATIN_LETTERS + DIGITS:
        left = LATIN_LETTERS + DIGITS
    elif first in KATAKANA_CHARS:
        left = KATAKANA_CHARS
    if last in LATIN_LETTERS + DIGITS:
        # a product may carry a version (Llama4, ChatGPTAI); a company name never runs on (SAP ≠ SAPPHIRE)
        right = "abcdefghijklmnopqrstuvwxyz" if is_product else LATIN_LETTERS + DIGITS
    elif last in KATAKANA_CHARS:
        right = KATAKANA_CHARS
    # forms of 4+ Latin letters match in any case (Openai, Nvidia for NVIDIA), except a capitalised dictionary
    # word (Speak, Cursor), which matches as written or in capitals only (see _surfaces)
    ignore_case = bool(re.fullmatch(r"[A-Za-z0-9 .&\-]+", half)) and len(half) >= 4 and not _is_title_word(half)
    form = half.translate(ASCII_LOWER) if ignore_case else half
    return Surface(form, company, is_product, ignore_case, left, right)


def _is_title_word(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-z]+", text))


def _surfaces(surface: str, company: str, is_product: bool) -> list[Surface]:
    """The matched forms of one surface: a capitalised word also in capitals (Meta, META)."""
    forms = [_surface(surface, company, is_product)]
    if _is_title_word(surface.translate(HALF_WIDTH)):
        forms.append(_surface(surface.upper(), company, is_product))
    return forms


def domain_pattern(suffixes: list[str]) -> re.Pattern | None:
    """A web domain standing on its own: labels of letters, digits and hyphens, then one of the suffixes; never
    part of a URL's path, a longer host or an e-mail address (bounded labels, so no unbounded back-tracking)."""
    if not suffixes:
        return None
    ends = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    label = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,40}[A-Za-z0-9])?"
    return re.compile(rf"(?<![A-Za-z0-9.\-/@_])(?:www\.)?(?P<name>{label}(?:\.{label}){{0,2}}\.(?:{ends}))"
                      r"(?![A-Za-z0-9\-_/@]|\.[A-Za-z0-9])")


CUE_LISTS = (("domains", "suffixes"), ("role_nouns", "words"), ("operators", "words"), ("quoted", "suffixes"),
             ("platforms", "names"), ("platforms", "uses"), ("people", "titles"), ("reports", "labels"),
             ("sources", "role_nouns"), ("former_names", "before"), ("former_names", "after"),
             ("platforms", "editions"), ("units", "words"), ("backers", "closers"), ("documents", "suffixes"))
_KATAKANA_NAME = r"(?<![ァ-ヺー・])[ァ-ヺー・]{3,30}(?![ァ-ヺー・])"
_LATIN_WORDS = r"[A-Z][A-Za-z0-9.&\-]{0,30}[a-z][A-Za-z0-9.&\-]{0,30}(?: [A-Z][A-Za-z0-9.&\-]{0,30}){0,2}"


def read_organisation_cues(path: Path) -> dict:
    """The parsed organisation_cues.toml, checked: each list is a list of non-empty strings (suffixes of domains
    lower-case)."""
    raw = read_toml(path) if path.exists() else {}
    for table, key in CUE_LISTS:
        words = raw.get(table, {}).get(key, [])
        if not is_word_list(words):
            raise DataFileError(f"{place_of(path, f'[{table}]')}: [{table}] {key} must be a list of strings")
        if table == "domains" and any(w != w.lower() for w in words):
            raise DataFileError(f"{place_of(path, '[domains]')}: [domains] suffixes must be lower-case")
    return raw


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# a Latin name in a list of backers: capitalised words, symbols included ("Super{set}", "Geek+")
_LISTED_LATIN = r"[A-Z][A-Za-z0-9.&\-{}+!']{0,30}(?: [A-Z0-9][A-Za-z0-9.&\-{}+!']{0,30}){0,4}"


def backers_pattern(closers: list[str]) -> re.Pattern | None:
    """Latin names listed with 、 or と before one of `closers` ("A、B、C が参加", "AとBによる合弁"); group `names`
    is the list (bounded: at most twelve names of at most five words)."""
    if not closers:
        return None
    return re.compile(rf"(?<![A-Za-z0-9.&\-{{}}+!'])(?P<names>(?:{_LISTED_LATIN}\s?(?:、|,|，|と)\s?){{0,12}}"
                      rf"{_LISTED_LATIN})\s?(?:{_alternatives(closers)})")


def titles_only_pattern(titles: list[str]) -> re.Pattern | None:
    """A name made of a person's titles only ("代表取締役CEO", "CEO 兼 社長")."""
    if not titles:
        return None
    return re.compile(rf"(?:{_alternatives(titles)})(?:\s?(?:兼|・)?\s?(?:{_alternatives(titles)})){{0,3}}")


def person_title_pattern(titles: list[str]) -> re.Pattern | None:
    """A person's title that ends right before a name: "CEOの", "最高経営責任者(CEO)の", "社長 "."""
    if not titles:
        return None
    return re.compile(rf"(?:{_alternatives(titles)})(?:[(（][A-Za-z]{{2,8}}[)）])?(?:の|\s|・)?$")


def role_patterns(cues: dict) -> tuple[re.Pattern, ...]:
    """Names after the role nouns of organisation_cues.toml; group `name` is the organisation."""
    roles = cues.get("role_nouns", {}).get("words", [])
    if not roles:
        return ()
    # 決済インフラ企業のMeshが, 新興企業であるNovalis Roboticsは, 鉱業スタートアップのコボルド・メタルズだ
    return (re.compile(rf"(?:{_alternatives(roles)})(?:の|である)(?P<name>{_LATIN_WORDS})(?=は|が|も|の|、)"),
            # 決済アプリを提供する企業pringが: a Latin name (of any case) right after the role noun
            re.compile(rf"(?:{_alternatives(roles)})(?P<name>[A-Za-z][A-Za-z0-9.&\-]{{0,30}}[a-z][A-Za-z0-9.&\-]{{0,30}})"
                       r"(?=は|が|も|の|、)"),
            # 物流ロボットメーカー「Geek+(ギークプラス)」: a quoted name right after the role noun (a gloss in brackets
            # inside the quotes is the name's reading)
            re.compile(rf"(?:{_alternatives(roles)})「(?P<name>[^「」（()）、。]{{2,30}})(?:[（(][^（()）]{{0,30}}[)）])?」"),
            re.compile(rf"(?:{_alternatives(roles)})(?:の|である)(?P<name>{_KATAKANA_NAME})(?=[はがもの、にをとだで])"),
            # a line that defines a Latin name by its role: "Lumio:米国の教育テック・スタートアップで…" (the role noun
            # ends the phrase: "…推定企業価値" names no role)
            re.compile(rf"(?m)^(?P<name>{_LATIN_WORDS})\s?[:：]\s?[^。:：\n]{{0,40}}?(?:{_alternatives(roles)})"
                       r"(?:で|だ|です|である|として|。|、)"))


def clause_patterns(cues: dict) -> tuple[re.Pattern, ...]:
    """Names after the operators of organisation_cues.toml; group `name` is the organisation."""
    operators = cues.get("operators", {}).get("words", [])
    if not operators:
        return ()
    # 「Cursor」を開発するアニスフィアは, 診断サービスを手掛けるカリウスと, …を提供する米国のビヘイボックスだ
    return (re.compile(rf"(?:{_alternatives(operators)})(?:[ァ-ヺー一-龥]{{2,8}}の)?"
                       r"(?P<name>[ァ-ヺー・A-Za-z0-9&]{3,20})(?=[はがの、とだで])"),)


def quoted_patterns(cues: dict) -> tuple[re.Pattern, ...]:
    """「オイシイファーム」社は: a quoted name and one of the [quoted] suffixes."""
    suffixes = cues.get("quoted", {}).get("suffixes", [])
    if not suffixes:
        return ()
    return (re.compile(rf"「(?P<name>[^「」、。]{{2,20}})」(?:{_alternatives(suffixes)})(?![会員長内外債屋])"),)


ANNOUNCED_REACH = 40  # how far after "Xは" the words that announce its results may stand


def reporting_patterns(cues: dict) -> tuple[re.Pattern, ...]:
    """A Latin name right before the label of a report (organisation_cues.toml [reports]): "X Q2 FY2025決算",
    "X 第3四半期決算"; group `name` is the organisation. The name holds a lower-case letter (Q4, FY, AI are none).
    A katakana name as the topic of a clause that announces results ([reports] announced: "Xは…決算を発表した") is
    an organisation's too, unless the dictionary knows it as one common noun ("グループは…")."""
    labels = cues.get("reports", {}).get("labels", [])
    if not labels:
        return ()
    # a further word of the name starts with a capital and a lower-case letter: "Q2 FY2025" is the period
    # and it is no word of English prose ("Thanks. In Q4, we…": a word after another or a stop)
    name = r"[A-Z][A-Za-z0-9.&\-]{0,30}[a-z][A-Za-z0-9.&\-]{1,30}(?: [A-Z][a-z][A-Za-z0-9.&\-]{0,30}){0,2}"
    patterns = [re.compile(rf"(?<![A-Za-z0-9.&\-])(?<![A-Za-z0-9.,;:!?] )(?P<name>{name})\s?(?:{_alternatives(labels)})")]
    announced = cues.get("reports", {}).get("announced", [])
    if announced:
        # "Xは4月30日、2024年6月期の第3四半期の決算を発表した": a katakana topic that announces its results
        patterns.append(re.compile(rf"(?<![ァ-ヺー・])(?P<name>[ァ-ヺー・]{{3,30}})は[^。「」]{{0,{ANNOUNCED_REACH}}}?"
                                   rf"(?:{_alternatives(announced)})"))
    return tuple(patterns)


def build_gazetteer(raw: dict, path: Path, not_organisations: frozenset[str] = frozenset(),
                    cues: dict | None = None) -> Gazetteer:
    """Validate the parsed companies.toml and compile its matcher."""
    companies: dict[str, Company] = {}
    surfaces: dict[str, tuple[str, bool]] = {}
    forms: list[Surface] = []
    spaced: list[tuple[str | None, str, bool]] = []
    country_year_ends = {str(k): v for k, v in raw.get("fiscal_year_end_by_country", {}).items()}
    numbered_by_start = raw.get("fiscal_year_numbered_by_start", [])
    if not is_word_list(numbered_by_start):
        raise DataFileError(f"{path}: fiscal_year_numbered_by_start must be a list of country codes")
    for number, entry in enumerate(raw.get("company", []), start=1):
        name = str(entry.get("name", "")).strip()
        if not name:
            raise DataFileError(f"{path}: [[company]] entry {number} has no name")
        if name in companies:
            raise DataFileError(f"{path}: company {name!r} is listed twice")
        kind = str(entry.get("kind", "company"))
        if kind not in KINDS:
            raise DataFileError(f"{path}: company {name!r} has kind {kind!r}; expected one of {KINDS}")
        country = str(entry.get("country", ""))
        fiscal_year_end = entry.get("fiscal_year_end", country_year_ends.get(country, 12))
        if not isinstance(fiscal_year_end, int) or not 1 <= fiscal_year_end <= 12:
            raise DataFileError(f"{path}: company {name!r} has fiscal_year_end {fiscal_year_end!r}; expected a month 1-12")
        company = Company(
            name=name,
            aliases=tuple(str(a) for a in entry.get("aliases", [])),
            products=tuple(str(p) for p in entry.get("products", [])),
            country=country,
            parent=str(entry.get("parent", "")),
            kind=kind,
            fiscal_year_end=fiscal_year_end,
            fiscal_year_numbered_by_start=country in numbered_by_start,
        )
        companies[name] = company
        for surface, is_product in [(name, False), *((a, False) for a in company.aliases),
                                    *((p, True) for p in company.products)]:
            surface = surface.strip()
            if not surface:
                continue
            key = fold(surface)
            # the first owner of a surface keeps it; tests on the data file keep them unique
            if key not in surfaces:
                surfaces[key] = (name, is_product)
                forms.extend(_surfaces(surface, name, is_product))
                spaced.append((_spaced_variant(surface.translate(HALF_WIDTH)), name, is_product))
    # "Chat GPT" for ChatGPT, "Deep Seek" for DeepSeek: a form joined at a lower-to-upper case step is also written
    # with a space there; the spaced form matches only as written
    forms += [replace(_surface(variant, name, is_product), form=variant, ignore_case=False)
              for variant, name, is_product in spaced if variant is not None and fold(variant) not in surfaces]
    index: dict[str, list[Surface]] = {}
    # a word listed as no organisation that contains a company form hides it there (日経平均 hides 日経)
    forms += [_surface(word, "", False) for word in not_organisations
              if any(f.form in word and f.form != word for f in forms)]
    automata = {False: ahocorasick.Automaton(), True: ahocorasick.Automaton()}
    for rank, form in enumerate(sorted(forms, key=lambda f: len(f.form), reverse=True)):
        # indexed by the first two characters as the text has them: lower-cased for a form that ignores case
        index.setdefault(form.form[:2], []).append(form)
        automaton = automata[form.ignore_case]
        entries = automaton.get(form.form, ())
        automaton.add_word(form.form, (*entries, (rank, form)))
    for automaton in automata.values():
        automaton.make_automaton()
    domain = domain_pattern((cues or {}).get("domains", {}).get("suffixes", []))
    platforms = (cues or {}).get("platforms", {})
    return Gazetteer(companies, surfaces, {k: tuple(v) for k, v in index.items()}, not_organisations,
                     automata[False], automata[True], domain, role_patterns(cues or {}),
                     clause_patterns(cues or {}), quoted_patterns(cues or {}),
                     frozenset(fold(p) for p in platforms.get("names", [])), tuple(platforms.get("uses", [])),
                     platform_edition=_edition_pattern(platforms.get("editions", [])),
                     person_title=person_title_pattern((cues or {}).get("people", {}).get("titles", [])),
                     reporting=reporting_patterns(cues or {}), dotless=_dotless_forms(surfaces, companies),
                     unit=_unit_pattern((cues or {}).get("units", {}).get("words", [])),
                     backers=backers_pattern((cues or {}).get("backers", {}).get("closers", [])),
                     documents=tuple((cues or {}).get("documents", {}).get("suffixes", [])),
                     titles_only=titles_only_pattern((cues or {}).get("people", {}).get("titles", [])),
                     **dict(zip(("source_role", "former_before", "former_after"),
                                context_patterns(cues or {}))))


def _unit_pattern(words: list[str]) -> re.Pattern | None:
    """A unit's word right after a name, then the end of the name (a particle, punctuation, a bracket)."""
    if not words:
        return None
    return re.compile(rf"(?:{_alternatives(words)})(?=[はがをにでとのもや、。,，「」『』（()）\s]|から|より|$)")


def _edition_pattern(editions: list[str]) -> re.Pattern | None:
    return re.compile(rf"[一-龥ァ-ヺー]{{1,4}}(?:{_alternatives(editions)})") if editions else None


def context_patterns(cues: dict) -> tuple[re.Pattern | None, ...]:
    """What stands around a name to make it a data provider's or a former one (see Gazetteer)."""
    def words(table: str, key: str) -> list[str]:
        return cues.get(table, {}).get(key, [])

    sources = words("sources", "role_nouns")
    before, after = words("former_names", "before"), words("former_names", "after")
    return (
        re.compile(rf"(?:{_alternatives(sources)})(?:の|である)?\s?$") if sources else None,
        re.compile(rf"(?:{_alternatives(before)})[「『]?(?:$|(?=[ァ-ヺA-Za-z一-龥]))") if before else None,
        re.compile(rf"(?:\s?{_LEGAL})?[」』]?(?:{_alternatives(after)})") if after else None,
    )


def _dotless_forms(surfaces: dict[str, tuple[str, bool]], companies: dict[str, Company]) -> dict[str, str]:
    """Every company form (name or alias, not a product) by its `name_key`; the first owner keeps a key."""
    forms: dict[str, str] = {}
    for folded, (company, is_product) in surfaces.items():
        key = name_key(folded)
        if not is_product and len(key) >= 3 and companies[company].kind == "company":
            forms.setdefault(key, company)
    return forms


CASE_STEP = re.compile(r"[A-Z][a-z]{2,30}[A-Z][A-Za-z0-9]{1,30}")


def _spaced_variant(surface: str) -> str | None:
    """The surface with a space at its one lower-to-upper case step ("ChatGPT" -> "Chat GPT"), or None."""
    if not CASE_STEP.fullmatch(surface):
        return None
    steps = [i for i in range(1, len(surface)) if surface[i - 1].islower() and surface[i].isupper()]
    if len(steps) != 1:
        return None
    return f"{surface[:steps[0]]} {surface[steps[0]:]}"


@lru_cache(maxsize=8)
def _load_gazetteer_cached(companies_path: Path, stop_path: Path, cues_path: Path,
                           stamp: tuple[int, ...]) -> Gazetteer:
    words = read_word_list(stop_path) if stop_path.exists() else []
    not_organisations = frozenset(fold(w) for w in words) | frozenset(name_key(w) for w in words)
    return build_gazetteer(read_toml(companies_path), companies_path, not_organisations,
                           read_organisation_cues(cues_path))


def load_gazetteer(data_dir: str | Path | None = None) -> Gazetteer:
    """Read companies.toml (with not_organisations.txt and organisation_cues.toml); re-read whenever one
    of them changes."""
    companies_path = data_path("companies.toml", data_dir)
    stop_path = data_path("not_organisations.txt", data_dir)
    cues_path = data_path("organisation_cues.toml", data_dir)
    stamp = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in (companies_path, stop_path, cues_path))
    return _load_gazetteer_cached(companies_path, stop_path, cues_path, stamp)


PLATFORM_LIST_GLUE = ("と", "や", "&", "＆", "、", "・", "/", "／")


class KnownMentions:
    """Every place a gazetteer form occurs in a text (one pass), and the known mentions of any stretch of it."""

    def __init__(self, text: str, gazetteer: Gazetteer):
        self.text = text
        self.gazetteer = gazetteer
        self.half = half_width(text)
        lower = self.half.translate(ASCII_LOWER)
        found: dict[int, list[tuple[int, int, Surface]]] = {}
        for automaton, haystack in ((gazetteer.exact, self.half), (gazetteer.folded, lower)):
            if automaton is None or not len(automaton):
                continue
            for last, entries in automaton.iter(haystack):
                for rank, form in entries:
                    found.setdefault(last - len(form.form) + 1, []).append((len(form.form), rank, form))
        self.candidates = found
        self.starts = sorted(found)

    def within(self, start: int = 0, end: int | None = None) -> list[Mention]:
        """The known mentions of text[start:end] as if it were a text of its own (offsets relative to start)."""
        end = len(self.text) if end is None else end
        mentions, position = [], start
        for index in range(bisect.bisect_left(self.starts, start), len(self.starts)):
            at = self.starts[index]
            if at >= end:
                break
            if at < position:
                continue
            match = self._longest(at, start, end)
            if match is None:
                continue
            stop = at + len(match.form)
            if match.company:  # a word listed as no organisation only hides the forms inside it
                kind = self.gazetteer.companies[match.company].kind
                surface = self.text[at:stop]
                rest = self.text[stop:end].lstrip(" ")
                edition = self.gazetteer.platform_edition
                # a platform listed right after another one names where a product runs too ("iOSとAndroidを合わせた")
                after_platform = bool(mentions) and mentions[-1].is_platform \
                    and self.text[start + mentions[-1].end:at].strip() in PLATFORM_LIST_GLUE
                platform = fold(surface) in self.gazetteer.platforms and (
                    rest.startswith(self.gazetteer.platform_uses) or (edition is not None and edition.match(rest))
                    or after_platform)
                mentions.append(Mention(match.company, surface, at - start, stop - start, match.is_product, True,
                                        kind, platform))
            position = stop
        return mentions

    def _longest(self, at: int, start: int, end: int) -> Surface | None:
        half = self.half
        # the order of the two-character index: longest first; among equals, forms whose first two characters
        # are written as in the text before those matched lower-cased, then the gazetteer's own order
        ranked = []
        for length, rank, form in self.candidates[at]:
            if at + length > end or (length == 1 and at != end - 1):
                continue  # a one-character form is looked up only at the last character (its index key)
            ranked.append((-length, form.form[:2] != half[at:at + 2][:length], rank, form))
        for _, _, _, form in sorted(ranked, key=lambda r: r[:3]):
            stop = at + len(form.form)
            if at > start and form.left and half[at - 1] in form.left:
                continue
            if stop < end and form.right and half[stop] in form.right:
                continue
            return form
        return None


def find_known_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every gazetteer form in the text, the longest at each position, without overlaps."""
    return KnownMentions(text, gazetteer).within()



_LATIN_NAME = r"(?<![A-Za-z0-9.&\-])[A-Z][A-Za-z0-9.&\-]{0,30}(?: [A-Z][A-Za-z0-9.&\-]{0,30}){0,2}"
_JAPANESE_NAME = r"(?![とやのはがをにでもへ])(?:[ぁ-ゖ]{1,4}(?=[ァ-ヺ一-龥]))?[ァ-ヺー・A-Za-z0-9&一-龥々][ぁ-ゖァ-ヺー・A-Za-z0-9&一-龥々\-]{1,19}"
# A name before 株式会社 or a securities code: no particles inside; a hiragana start only when it runs
# into katakana or kanji (さくらインターネット, みずほキャピタル).
_NAME_BEFORE = (r"(?:(?:(?<=[、。「」『』（）()\s・:：,，/／|｜【】とや])|^)[ぁ-ゖ]{1,4}(?=[ァ-ヺ一-龥]))?"
                r"(?<![ァ-ヺーA-Za-z0-9&一-龥々])[ァ-ヺー・A-Za-z0-9&一-龥々 ]{2,20}?")
_STOP = r"(?=[はがをにでとのもやへ、。，,（(「」）)\s]|から|より|$)"
# after a kanji or katakana word the letter is part of it (欧米, 南米); after hiragana it is a prefix (の米, する米),
# except after お and ご (お米)
_COUNTRY_PREFIX = r"(?<![一-龥ァ-ヺーおご])[米英独仏中韓台加豪印伊]"
_COUNTRIES = (r"(?:米国|英国|中国|韓国|台湾|日本|ドイツ|フランス|カナダ|イスラエル|インド|シンガポール|スイス|スウェーデン|"
              r"オランダ|イタリア|スペイン|オーストラリア|アラブ首長国連邦|UAE|サウジアラビア)")
# suffixes of Chinese company names that Japanese prose does not use on its own (技術, 情報 are everyday words)
_CHINESE_SUFFIX = r"(?:智能|科技|有限公司|集团|网络|網絡|软件|軟件|资讯|資訊|数据|數據|机器人|機器人)"
_KATAKANA_SUFFIX = (r"(?:テクノロジーズ|ホールディングス|ラボラトリーズ|ラボ|システムズ|ソリューションズ|ロボティクス|"
                    r"ネットワークス|インダストリーズ|パートナーズ|キャピタル|ベンチャーズ|ワークス)")
_PLACE = (r"(?:東京|大阪|京都|名古屋|福岡|札幌|横浜|神戸|仙台|広島|北九州|川崎|さいたま|千葉|盛岡|金沢|新潟|那覇|"
          r"[一-龥]{1,3}(?:都|道|府|県|市|区|町|村))")
_PERSON_BEFORE = "".join(f"(?<!{word})" for word in ("CEO", "社長", "会長", "創業者", "代表", "記者", "教授", "氏", "の"))
_PERSON_AFTER = r"(?:氏|さん|様|CEO|社長|会長|代表|教授|博士)"
_LEGAL = r"(?:株式会社|\(株\)|（株）|合同会社|有限会社)"
# 米コービッド・ラボ: a country prefix before a katakana name (a bracket after the name opens or closes its
# ticker: "米X(XYZ)", "米X )" where the ticker was lost)
COUNTRY_KATAKANA = re.compile(rf"(?<![（(]){_COUNTRY_PREFIX}(?P<name>[ァ-ヺー・]{{4,30}})"
                              r"(?=[はがをにでとのもや、。]|から|より|\s?[（()）])")
# "Xモバイル株で4000億円の損失", "Lumio株の売却": a listed company by its shares (not 株式会社; a katakana word the
# dictionary knows, "テック株", is a class of shares)
STOCK_OF = re.compile(r"(?<![ァ-ヺー・A-Za-z0-9&])(?P<name>(?:[A-Z][A-Za-z0-9&]{0,10})?[ァ-ヺー・]{3,20}"
                      r"|[A-Z][A-Za-z0-9.&\-]{0,30}[a-z][A-Za-z0-9.&\-]{0,30})株(?:で|を|は|が|の|も|価|、|式の)")
# "Spotifyは、…売上高が…", "Lunetraの会員数は…", "16日、スポティファイが…": a name that opens a sentence (or a line,
# or follows the day of a dateline) as its topic, subject or owner, in a sentence that goes on to state a number
# and names no known company, is who the number is about. The name is a Latin word with a small letter (no
# abbreviation: MAUは, Q3の), or katakana that the dictionary reads as one word it does not know (ユーザー,
# データセンター, a person's アルトマン are none).
TOPIC_NAME = re.compile(
    r"(?:^|(?<=[。！？!?\n]))[ \u3000]{0,2}(?:[0-9]{1,2}日[、,]\s?)?"
    r"(?P<name>(?<![A-Za-z0-9])[A-Z][A-Za-z0-9&\-]{0,30}[a-z][A-Za-z0-9&\-]{0,30}"
    r"|(?<![ァ-ヺー・A-Za-z0-9])[ァ-ヺー・]{3,20})"
    r"(?=(?:は|が|の)[^。\n]{0,60}[0-9０-９])", re.MULTILINE)
# リートン（Wrtn）: a katakana name glossed with its Latin spelling
# (a Latin prefix is part of the name: "CBリサーチ(CB Research)", never cut at the change of script)
KATAKANA_GLOSSED = re.compile(
    rf"(?<![ァ-ヺー・A-Za-z0-9&])(?P<name>(?:[A-Z][A-Za-z0-9&]{{0,10}})?[ァ-ヺー・]{{3,30}})"
    rf"[（(][A-Z][A-Za-z0-9 .&\-]{{0,30}}[a-z][A-Za-z0-9 .&\-]{{0,30}}[)）](?!\s?{_PERSON_AFTER})")
# Patterns that name an organisation the gazetteer does not know. Group `name` is the organisation.
UNKNOWN_PATTERNS = tuple(
    p if isinstance(p, re.Pattern) else re.compile(p)
    for p in (
        # 株式会社カグラAI, (株)ELYZA
        rf"{_LEGAL}\s?(?P<name>{_JAPANESE_NAME}?){_STOP}",
        # さくらインターネット株式会社, ジャフコ グループ株式会社
        rf"(?P<name>{_NAME_BEFORE}){_LEGAL}",
        # Rebellions Inc., Acme Technologies
        rf"(?P<name>{_LATIN_NAME}),? (?:Inc|Corp|Corporation|Ltd|LLC|GmbH|SAS|AG|Co\.,? Ltd|Technologies|Labs|Holdings)\b\.?",
        # Xテクノロジーズ, Xホールディングス, コトノハラボ: katakana names with a company suffix
        # (not one of two words joined by &: "サブシステムズ&アクセサリーズ" names a segment)
        # (nor the end of a longer name that starts in Latin letters: "UBテックロボティクス" is no テックロボティクス)
        rf"(?<![ァ-ヺー・&＆A-Za-z0-9])(?P<name>[ァ-ヺー・]{{2,30}}{_KATAKANA_SUFFIX})(?![ァ-ヺー&＆])",
        # サカナAIは, サーバムAIが: a katakana name and AI as the subject of a clause
        r"(?<![ァ-ヺー])(?P<name>[ァ-ヺー]{3,30}AI)(?=は|が)",
        # Sakana AI, Kagura AI (a capitalised word and "AI" before a particle)
        rf"(?<![A-Za-z0-9\-])(?P<name>[A-Z][A-Za-z0-9\-]{{2,30}} AI){_STOP}",
        # X社 for Latin or katakana X
        r"(?P<name>(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]{2,30}|(?<![ァ-ヺー])[ァ-ヺー]{3,30})社(?![会員長内外債屋])",
        # a listed company and its securities code: ユーザーローカル(3984), ヘッドウォータース（東証グロース：4011）
        rf"(?P<name>{_NAME_BEFORE})[（(](?:東証[^)）:：]{{0,8}}[:：]?\s?)?[0-9]{{3}}[0-9A-Z][)）]",
        # Rebellions（リベリオンズ）: a Latin name glossed with its katakana reading
        rf"(?P<name>{_LATIN_NAME})[（(](?P<gloss>[ァ-ヺー・]{{3,30}})[)）](?!\s?{_PERSON_AFTER})",
        # 日本エッジクラウド（東京）, X（大阪市）: a name with its home city or prefecture
        rf"(?P<name>{_NAME_BEFORE})[（(](?:本社[:：]\s?)?{_PLACE}[^（()）]{{0,12}}[)）]",
        # "2位の「P」(8000万人)", "3位は「P」": an item of a ranking, named in quotes (an app, a site, its maker)
        r"(?<![0-9])[0-9]{1,2}位(?:の|は|が|に|で)「(?P<name>[^「」、。（()）]{1,20})(?:[（(][^（()）]{0,30}[)）])?」",
        # UTEC4号投資事業有限責任組合: a fund by its legal form, which is part of its name
        rf"(?P<name>{_NAME_BEFORE}(?:投資事業有限責任組合|有限責任事業組合))",
        # スタートアップ「ギジロク」, 新興企業「X」
        r"(?:スタートアップ|新興企業|ベンチャー企業|ベンチャー|新興)「(?P<name>[^「」、。]{2,20})」",
        COUNTRY_KATAKANA,
        STOCK_OF,
        TOPIC_NAME,
        # ElevenLabs（英ロンドン）, X（本社：東京都…）
        rf"(?P<name>{_LATIN_NAME}|(?<![ァ-ヺー・])[ァ-ヺー・]{{3,30}})[（(](?:本社[:：]|[米英独仏中韓台加豪印伊][ァ-ヺー一-龥]{{2,8}}[)）、,])",
        # Aurelian Robotics（英国）, X（米国）
        rf"(?P<name>{_LATIN_NAME}|(?<![ァ-ヺー・])[ァ-ヺー・]{{3,30}})[（(]{_COUNTRIES}[)）]",
        # カナダのSpellbook: a country and の before a Latin name
        rf"{_COUNTRIES}の(?P<name>[A-Z][A-Za-z0-9.&\-]{{0,30}}[a-z][A-Za-z0-9.&\-]{{0,30}}(?: [A-Z][A-Za-z0-9.&\-]{{0,30}}){{0,2}}){_STOP}",
        KATAKANA_GLOSSED,
        # 雲岫智能, 深度求索科技: a Chinese company name by its suffix
        rf"(?<![一-龥])(?P<name>[一-龥]{{2,6}}{_CHINESE_SUFFIX})(?![一-龥])",
        # a table cell or label: 企業名：ソラトス
        rf"(?:企業名|社名|会社名|スタートアップ名|事業者名)[:：]\s?(?P<name>{_JAPANESE_NAME}?){_STOP}",
        # 米Anthropic, 仏Mistral: a country prefix before a Latin name
        rf"{_COUNTRY_PREFIX}(?P<name>{_LATIN_NAME}){_STOP}",
        # "…、Telegramが9億、Snapchatが8億": a Latin name that opens an item of an enumeration and is the subject of
        # its number names the item (a site, an app, its maker), like the known names of the items beside it
        r"(?<=[、，,])\s?(?P<name>[A-Z][A-Za-z0-9.&\-]{0,30}[a-z][A-Za-z0-9.&\-]{0,30})(?:が|は)(?:第?[0-9]{1,2}位で?)?"
        r"(?:約|およそ)?[0-9０-９]",
        # Deutsche Telekomが: two or three capitalised words as the subject of a clause
        rf"{_PERSON_BEFORE}(?<![A-Za-z])(?P<name>[A-Z][a-z]{{1,30}}(?: [A-Z][a-z]{{1,30}}){{1,2}})(?=は|が)",
    )
)
KATAKANA_ONLY = re.compile(r"[ァ-ヺー・]{1,30}")
LEGAL_FORMS = re.compile(r"^(株式会社|合同会社|有限会社|\(株\)|（株）)\s?|\s?(株式会社|\(株\)|（株）|,? (Inc|Corp|Ltd|LLC|GmbH)\.?)$")


def known_company_of(name: str, gazetteer: Gazetteer) -> str:
    """The gazetteer company a name the matcher missed writes differently: with or without a middle dot or a space
    ("スーパー・マイクロ" for スーパーマイクロ), or such a name and a further word after a middle dot
    ("スーパー・マイクロ・コンピューター"); else ""."""
    parts = name.split("・")
    for count in range(len(parts), 0, -1):
        head = "・".join(parts[:count])
        if count < len(parts) and "・" not in head:
            break  # a bare word before a dot is matched as written, or it is no company of the gazetteer
        company = gazetteer.dotless.get(name_key(head))
        if company:
            return company
    return ""


def find_unknown_mentions(text: str, gazetteer: Gazetteer, known: list[Mention]) -> list[Mention]:
    """Organisations named by a legal form or company pattern but absent from the gazetteer. A name that writes a
    gazetteer company differently (`known_company_of`) is a known mention of it; so is a name an article defines
    as short for one ("X(以下Y)", Y known), and the short name Y of an unknown X is a mention of X."""
    text = half_width(text)
    taken = _Taken(len(text), known)
    known_cover = _Taken(len(text), known)
    found = _defined_names(text, gazetteer, known, taken)
    domain = () if gazetteer.domain is None else (gazetteer.domain,)
    for pattern in (*domain, *UNKNOWN_PATTERNS, *gazetteer.role_cued, *gazetteer.clause_cued, *gazetteer.quoted,
                    *gazetteer.reporting, "backers"):
        for match in _name_matches(pattern, text, gazetteer):
            start, end = match.span("name")
            raw = match.group("name")
            if raw != raw.rstrip() and text.startswith(("株式会社", "合同会社", "有限会社"), end):
                continue  # "会社名　株式会社X": a label, then the company
            name = LEGAL_FORMS.sub("", raw).strip(" ・")
            if len(name) < 2 or taken.overlaps(start, end) or _names_no_organisation_itself(name, match, gazetteer):
                continue
            key = fold(name).replace(" ", "")
            if key in gazetteer.surfaces or name_key(name) in gazetteer.not_organisations or key.isdigit():
                continue
            if key.removesuffix(" ai") in gazetteer.not_organisations:
                continue
            if gazetteer.person_title is not None and gazetteer.person_title.search(text, max(0, start - 40), start):
                continue  # "CEOのビル・マクダーモット(Bill McDermott)": a person named by a title
            cued = pattern in gazetteer.role_cued or pattern in gazetteer.clause_cued
            # after hiragana the letter may be a word's ("手がける米スタートアップ", "の米メンフィス"): a place or
            # a common noun after it names no organisation
            cued = cued or (pattern is COUNTRY_KATAKANA and "ぁ" <= text[max(0, match.start() - 1)] <= "ゖ")
            cued = cued or pattern is STOCK_OF
            if pattern is TOPIC_NAME and not _names_the_sentences_subject(name, text, match, known_cover):
                continue
            if pattern in gazetteer.reporting and KATAKANA_ONLY.fullmatch(name) and is_dictionary_word(name):
                continue  # "グループは…決算を発表した": a common noun announces nothing of its own
            if pattern is KATAKANA_GLOSSED and is_compound_of_words(name):
                continue  # "クラウドインフラストラクチャ(IaaS)": common nouns glossed by their abbreviation, a segment
            if pattern is COUNTRY_KATAKANA and text.startswith(_currency_words(), match.start()):
                continue  # "米ドルベースで", "豪ドル建て": a currency, no company of that country
            if cued and KATAKANA_ONLY.fullmatch(name) and is_dictionary_word(name, pattern in gazetteer.role_cued):
                continue  # "企業のサービス", "を提供するプラットフォーム": common nouns name no organisation
            if _names_no_organisation(text, start, end, gazetteer):
                continue
            company = known_company_of(name, gazetteer)
            kind = "data_provider" if _cued(gazetteer.source_role, text, start) and not company else "company"
            found.append(Mention(company or name, match.group("name"), start, end, False, bool(company), kind))
            taken.add(start, end)
    return found


def _currency_words() -> tuple[str, ...]:
    """The names of currencies that open with a country's letter (米ドル, 豪ドル: numbers.toml)."""
    return tuple(w for w in number_words().currency_after if len(w) > 1 and not w.isascii())


@dataclass(frozen=True)
class _Listed:
    """One name of a list of backers, read like a match of a pattern with a group `name`."""

    name: str
    start: int
    end: int

    def span(self, _group: str) -> tuple[int, int]:
        return self.start, self.end

    def group(self, _group: str) -> str:
        return self.name

    def groupdict(self) -> dict[str, str]:
        return {"name": self.name}


LIST_SEPARATOR = re.compile(r"\s?(?:、|,|，|と)\s?")


def _name_matches(pattern, text: str, gazetteer: Gazetteer):
    """The matches of `pattern`; for "backers", each name of each list of backers (one with a lower-case letter:
    "AI" or "DX" alone is no name)."""
    if pattern != "backers":
        yield from pattern.finditer(text)
        return
    if gazetteer.backers is None:
        return
    for match in gazetteer.backers.finditer(text):
        at = match.start("names")
        for part in LIST_SEPARATOR.split(match.group("names")):
            start = text.index(part, at)
            at = start + len(part)
            if re.search(r"[a-z]", part):
                yield _Listed(part, start, at)


def _names_no_organisation_itself(name: str, match, gazetteer: Gazetteer) -> bool:
    """A document's or a survey's name ("…発展報告", "自社調査"), a person's titles ("代表取締役CEO"), or an
    abbreviation of capitals glossed with common nouns ("DX(デジタルトランスフォーメーション)")."""
    if gazetteer.documents and name.endswith(gazetteer.documents):
        return True
    if gazetteer.titles_only is not None and gazetteer.titles_only.fullmatch(name):
        return True
    gloss = match.groupdict().get("gloss")
    return bool(gloss) and re.fullmatch(r"[A-Z]{1,5}", name) is not None and is_dictionary_word(gloss, True)


SENTENCE_END = re.compile(r"[。！？!?\n]")


def _names_the_sentences_subject(name: str, text: str, match, known: _Taken) -> bool:
    """For TOPIC_NAME: the sentence it opens names no known company, and a katakana name is one word the
    dictionary does not know."""
    end = SENTENCE_END.search(text, match.end())
    if known.overlaps(match.start(), end.start() if end else len(text)):
        return False
    return not KATAKANA_ONLY.fullmatch(name) or is_unknown_word(name)


def _cued(pattern: re.Pattern | None, text: str, start: int) -> bool:
    """The cue `pattern` (anchored at its end) ends right before `start`."""
    return pattern is not None and pattern.search(text, max(0, start - 16), start) is not None


def _names_no_organisation(text: str, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """A former name ("旧X", "「X株式会社」の名称で"; the name a pattern took may hold the 旧)."""
    before = gazetteer.former_before
    if _cued(before, text, start) or (before is not None and before.match(text, start, end) is not None):
        return True
    return gazetteer.former_after is not None and gazetteer.former_after.match(text, end) is not None


# "X(以下Y)", "X（以下、「Y」）": the text defines Y as short for X
DEFINED_NAME = re.compile(r"(?P<name>(?<![ァ-ヺー・])[ァ-ヺー・]{3,30}|(?<![A-Za-z0-9.&\-])[A-Z][A-Za-z0-9.&\-]{0,30}"
                          r"(?: [A-Z][A-Za-z0-9.&\-]{0,30}){0,3})[（(]以下[、,]?\s?[「『]?"
                          r"(?P<short>[ァ-ヺー・A-Za-z0-9&]{2,20}|[A-Z][A-Za-z0-9&]{0,20}(?: [A-Z][A-Za-z0-9&]{0,20}){1,2})[」』]?[)）]")


def _defined_names(text: str, gazetteer: Gazetteer, known: list[Mention], taken: _Taken) -> list[Mention]:
    """Names the text defines with 以下: the long name and every later use of the short one name one company —
    the gazetteer's when either is known, else the long name. A katakana name the dictionary knows as a common
    noun ("サービス(以下本サービス)") names none."""
    found = []
    for match in DEFINED_NAME.finditer(text):
        start, end = match.span("name")
        name, short = match.group("name").strip(" ・"), match.group("short")
        if taken.overlaps(start, end) or name_key(name) in gazetteer.not_organisations:
            continue
        if KATAKANA_ONLY.fullmatch(name) and is_dictionary_word(name):
            continue
        short_at = match.start("short")
        short_known = next((m.company for m in known if m.start == short_at), "")
        company = known_company_of(name, gazetteer) or short_known or known_company_of(short, gazetteer)
        found.append(Mention(company or name, match.group("name"), start, end, False, bool(company)))
        taken.add(start, end)
        if not short_known and not taken.overlaps(short_at, match.end("short")):
            found.append(Mention(company or name, short, short_at, match.end("short"), False, bool(company)))
            taken.add(short_at, match.end("short"))
    return found


class _Taken:
    """Which characters of a text some mention already covers (constant-time overlap checks)."""

    def __init__(self, length: int, mentions: list[Mention]):
        self.cover = bytearray(length)
        for mention in mentions:
            self.add(mention.start, mention.end)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self.cover[start:end])

    def add(self, start: int, end: int) -> None:
        self.cover[start:end] = b"\x01" * (end - start)


def find_unknown_names(text: str, gazetteer: Gazetteer, known: list[Mention] | None = None) -> list[str]:
    """Names of organisations in the text that the gazetteer does not know, in order of first appearance
    (`known`: the text's known mentions, when already found)."""
    return list(find_organisations(text, gazetteer, known).names)


@dataclass(frozen=True)
class Organisations:
    """What a text names beyond the gazetteer's forms: unknown organisations, and the other ways it writes
    companies (a surface -> its company: a known one written with a middle dot, a short name it defines)."""

    names: tuple[str, ...]
    aliases: dict[str, str]
    kinds: dict[str, str] = field(default_factory=dict)  # an unknown name -> its kind, where not "company"


# "アリババの千問は": a name right after a company and の, as the topic or subject of its clause
OWNED_NAME = re.compile(r"の(?P<name>[一-龥]{2,4}|[ァ-ヺー]{3,12}|[A-Z][A-Za-z0-9\-]{1,20})(?=は|が|も)")


def _owned_names(text: str, gazetteer: Gazetteer, known: list[Mention], taken: list[Mention]) -> list[Mention]:
    """Products a text names by their maker: "Xの千問は…" (X known) makes 千問 X's wherever the text uses it, when it
    uses it again on its own. A word the dictionary knows (Xの成長は, Xの親会社が) or a person with a title
    (Xの田中社長は) names no product; nor does a metric's word (left out by the caller: find_organisations)."""
    found = []
    covered = _Taken(len(text), [*known, *taken])
    titles = gazetteer.person_title
    for mention in known:
        if mention.is_source or mention.is_platform or mention.is_product:
            continue
        match = OWNED_NAME.match(text, mention.end)
        if match is None or covered.overlaps(*match.span("name")):
            continue
        name = match.group("name")
        if text.count(name) < 2 or is_dictionary_word(name, True) or (
                titles is not None and titles.search(name + "の")):
            continue
        found.append(Mention(mention.company, name, *match.span("name"), True, True, mention.kind))
        covered.add(*match.span("name"))
    return found


def _units_of_known(text: str, gazetteer: Gazetteer, known: list[Mention]) -> list[Mention]:
    """"SMBC信託銀行", "Xキャピタル": a known company's name and the word of a unit ([units] of
    organisation_cues.toml) name an organisation of its own, unless the gazetteer lists it."""
    found = []
    for mention in known:
        if mention.is_product or gazetteer.unit is None:
            continue
        match = gazetteer.unit.match(text, mention.end)
        if match is not None:
            name = text[mention.start:match.end()]
            if fold(name) not in gazetteer.surfaces:
                found.append(Mention(name, name, mention.start, match.end(), False, False))
    return found


def find_organisations(text: str, gazetteer: Gazetteer, known: list[Mention] | None = None,
                       names_no_product: Callable[[str], bool] | None = None) -> Organisations:
    """The unknown organisations of a text in order of first appearance, and its own forms of companies (see
    `find_unknown_mentions` and `_owned_names`; `names_no_product(word)`: the word is a metric's, "Xの売上高は")."""
    known = find_known_mentions(text, gazetteer) if known is None else known
    found = find_unknown_mentions(text, gazetteer, known)
    half = half_width(text)
    owned = _owned_names(half, gazetteer, known, found) + _units_of_known(half, gazetteer, known)
    owned = [m for m in owned if names_no_product is None or not names_no_product(m.surface)]
    found = sorted([*found, *owned], key=lambda m: m.start)
    # a known company written otherwise, and a short name defined for an unknown one (not a name with its legal form)
    aliases = {m.surface.strip(" ・"): m.company for m in found if m.is_known or m.company not in m.surface}
    kinds = {m.company: m.kind for m in found if not m.is_known and m.kind != "company"}
    return Organisations(tuple(dict.fromkeys(m.company for m in found if not m.is_known)), aliases, kinds)


def find_mentions(text: str, gazetteer: Gazetteer, unknown_names: tuple[str, ...] = (),
                  known: list[Mention] | None = None, aliases: dict[str, str] | None = None,
                  kinds: dict[str, str] | None = None) -> list[Mention]:
    """Known mentions (`known` when already found) and every occurrence of the given unknown names and of the
    text's own `aliases` (surface -> company, see `find_organisations`), in text order, without overlaps; an
    unknown name is of its kind in `kinds` (a data provider), else a company. A form inside a web address is none."""
    mentions = find_known_mentions(text, gazetteer) if known is None else list(known)
    half = half_width(text)
    aliases = aliases or {}
    # a longer name the text writes for a unit of a known company ("SMBC信託銀行") replaces the known name inside it
    longer = [match.span() for surface in (*aliases, *unknown_names) if surface in half
              for match in re.finditer(re.escape(surface), half)]
    mentions = [m for m in mentions if not any(s <= m.start and m.end <= e and e - s > m.end - m.start
                                               for s, e in longer)]
    forms = [(name, name) for name in unknown_names if name not in aliases]
    forms += [(company, surface) for surface, company in aliases.items()]
    # "Lumora AI" is written "Lumora" as often: the bare name counts when it is a word of its own
    forms += [(name, name[:-3]) for name in unknown_names if name.endswith(" AI") and len(name) >= 7]
    # コービッド・ラボ is also コービッド; Orbis Data Systems is also Orbis
    forms += [(name, name.split("・")[0]) for name in unknown_names if "・" in name and len(name.split("・")[0]) >= 4]
    forms += [(name, name.split(" ")[0]) for name in unknown_names
              if " " in name and not name.endswith(" AI") and len(name.split(" ")[0]) >= 5 and name[0].isupper()]
    taken = _Taken(len(half), mentions)
    for name, form in sorted(forms, key=lambda f: len(f[1]), reverse=True):
        if form not in half:
            continue  # most of an article's names are not in a given sentence: no pattern to build and run
        # a Latin name is a word of its own: "x.com" is not the end of "netflix.com"
        pattern = (r"(?<![A-Za-z0-9.\-])" if form[0].isascii() and form[0].isalnum() else "") + re.escape(form) \
            + (r"(?![A-Za-z])" if form[-1].isascii() and form[-1].isalpha() else "")
        for match in re.finditer(pattern, half):
            if not taken.overlaps(match.start(), match.end()):
                # a form the text writes is detected, not the gazetteer's (is_known), even for a company it knows
                company = gazetteer.companies.get(name)
                kind = company.kind if company else (kinds or {}).get(name, "company")
                mentions.append(Mention(name, text[match.start():match.end()], match.start(), match.end(), False,
                                        False, kind))
                taken.add(match.start(), match.end())
    # a form inside a web address names nothing ("…/article/DGXMZO…" is no DGX, "…/note.com/…" no mention of note)
    urls = [match.span() for match in URL.finditer(half)]
    return sorted((m for m in mentions if not any(s <= m.start < e for s, e in urls)), key=lambda m: m.start)
