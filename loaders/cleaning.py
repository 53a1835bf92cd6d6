"""Text -> clean article: page furniture out, repeats counted once, title and publisher, paragraphs and sentences."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.datafiles import DataFileError, data_path, place_of, read_toml
from loaders.dates import published_from_datelines
from loaders.patterns import UnboundedPattern, compile_bounded
from loaders.tables import markdown_tables_to_lines

LIST_MARKER = re.compile(r"^(?:[・•●◆◇■□▪▫○◎▶►➤✓✔※]|[-*+](?=\s)|\d{1,2}[.．)）](?=\s)|[(（]\d{1,2}[)）]|[①-⑳])\s{0,8}")
# A line of a ranked list ("3位:example.com – 月間5億訪問", "第2位 X"): an item, kept with its rank (it is the
# evidence), never a fragment of a hard-wrapped sentence however alike the lines' lengths are.
RANK_ITEM = re.compile(r"^(?:第\s?)?[0-9０-９]{1,3}\s?位\s?[:：.．、)）]?\s?(?=\S)")
HEADING_MARK = re.compile(r"^#{1,6}\s{1,8}")
QUOTE_MARK = re.compile(r"^(?:>\s?){1,16}")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]{0,300}\]\([^)]{0,1000}\)")
MARKDOWN_LINK = re.compile(r"\[([^\]]{1,300})\]\([^)]{0,1000}\)")
EMPHASIS = re.compile(r"\*\*|__|`")
COMPARISON_NOISE = re.compile(r"[\s*_`#]")
TITLE_SEPARATOR = re.compile(r"\s{1,8}[|｜\-–—]\s{1,8}|｜")  # site names after the headline
INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]")
# A sentence ends at 。！？ (or ! ? before a space or a Japanese character, but not in a name: Yahoo! JAPAN),
# with any closing brackets after it.
SENTENCE_END = re.compile(r"(?:[。！？]|(?<![A-Za-z])[!?](?=\s|$|[\u3000-\u9fff]))[」』）)】〉》\"”’]{0,8}\s{0,8}")
# the label of a "label：value" line: a few characters without sentence punctuation, then a colon (spaces around
# it allowed: "データセンター ：512億ドル"), two to four spaces, a tab ("セグメント名  $23.99B") or a dash between
# spaces ("広告収入 - 3,926億円"); the label may be
# empty, as in the value cell of a table row flattened onto its own line ("：512億ドル（前年同期比66％増）")
LABEL = re.compile(r"[^。、：:\t]{0,30}(?:[：:]|(?<=[^\s])(?: {2,4}|\t| [-‐–—] ))\s{0,2}(?:約|およそ|[$＄¥￥€£▲△+\-−])?\s{0,2}[0-9０-９]")
TERMINATORS = "。！？!?"
CLOSERS = "」』）)】〉》\"”’ 　"
HEADING_MAX = 60
PARALLEL_OPENING = 4  # lines of a list that open with as many same characters are items, never one wrapped sentence
LABEL_LINE_MAX = 120
NUMBERED_ITEM = re.compile(r"\d{1,2}[.．)）]\s")  # "4. " opening a numbered line
HIRAGANA = re.compile(r"[\u3041-\u309f]")
SECTION_MARKS = ("■", "□", "◆", "◇", "▶", "►")  # list marks that open a section when the line is short
TITLE_MAX = 150
REPEAT_MIN = 25
MERGED_MIN = 200  # characters a line needs before it can be a whole article pasted into one line  # shorter lines (list labels such as 「2023年通期:」) legitimately repeat


@dataclass(frozen=True)
class FurnitureRules:
    """Compiled patterns of furniture.toml."""

    lines: tuple[re.Pattern, ...]
    blocks: tuple[re.Pattern, ...]
    comments: tuple[re.Pattern, ...]
    tails: tuple[re.Pattern, ...]
    metadata: tuple[re.Pattern, ...]
    mastheads: tuple[re.Pattern, ...]
    dateline_prefixes: tuple[re.Pattern, ...]
    publishers: tuple[tuple[str, tuple[str, ...]], ...]
    block_line_max: int
    masthead_lines: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, list line or heading of the cleaned article."""

    index: int
    kind: str  # heading | list | text
    text: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class CleanArticle:
    """The article as the extractors see it."""

    title: str
    publisher: str
    paragraphs: tuple[Paragraph, ...]
    n_repeats_removed: int
    n_furniture_removed: int
    issuer: str = ""  # the company a release or report header names as its author
    published: str = ""  # the date a dateline or byline gives (ISO), or ""

    @property
    def n_chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

    @property
    def body(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class _Line:
    kind: str
    text: str
    quoted: bool = False  # a Markdown blockquote line (> …)


def _compile_all(path: Path, patterns: list, key: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(compile_bounded(str(pattern), re.IGNORECASE))
        except (re.error, UnboundedPattern) as exc:
            raise DataFileError(f"{place_of(path, str(pattern))}: bad pattern in `{key}`: {pattern!r}: {exc}") from exc
    return tuple(compiled)


@lru_cache(maxsize=8)
def _load_furniture_cached(path: Path, mtime_ns: int) -> FurnitureRules:
    raw = read_toml(path)
    publishers = tuple(
        (str(entry["name"]), tuple(str(s) for s in entry.get("signatures", ())))
        for entry in raw.get("publisher", ())
    )
    return FurnitureRules(
        lines=_compile_all(path, raw.get("lines", []), "lines"),
        blocks=_compile_all(path, raw.get("blocks", []), "blocks"),
        comments=_compile_all(path, raw.get("comments", []), "comments"),
        tails=_compile_all(path, raw.get("tails", []), "tails"),
        metadata=_compile_all(path, raw.get("metadata", []), "metadata"),
        mastheads=_compile_all(path, raw.get("mastheads", []), "mastheads"),
        dateline_prefixes=_compile_all(path, raw.get("dateline_prefixes", []), "dateline_prefixes"),
        publishers=publishers,
        block_line_max=int(raw.get("block_line_max", 60)),
        masthead_lines=int(raw.get("masthead_lines", 5)),
    )


def load_furniture(data_dir: str | Path | None = None) -> FurnitureRules:
    """Read furniture.toml (re-read whenever the file changes)."""
    path = data_path("furniture.toml", data_dir)
    return _load_furniture_cached(path, path.stat().st_mtime_ns if path.exists() else 0)


def normalise_for_comparison(text: str) -> str:
    """The form two paragraphs are compared in: NFKC, no spaces or Markdown marks, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    return COMPARISON_NOISE.sub("", text).casefold()


def split_sentences(text: str) -> tuple[str, ...]:
    """Split a paragraph at 。！？ (keeping closing brackets with their sentence)."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        piece = text[start:match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return tuple(sentences)


def _classify(raw: str) -> _Line:
    line = INVISIBLE.sub("", raw).strip()
    kind = "text"
    quoted = bool(QUOTE_MARK.match(line))
    line = QUOTE_MARK.sub("", line)
    if HEADING_MARK.match(line):
        line, kind = HEADING_MARK.sub("", line), "heading"
    elif LIST_MARKER.match(line) and len(LIST_MARKER.sub("", line)) > 0:
        # "■アドビ 6〜8月期決算", "4. FY2026 業績予想": a section mark, or a number before a title (no kana particle)
        section = line.startswith(SECTION_MARKS) or (
            NUMBERED_ITEM.match(line) is not None and not HIRAGANA.search(LIST_MARKER.sub("", line)))
        line, kind = LIST_MARKER.sub("", line), "list"
        if section and len(line) <= HEADING_MAX and not line.endswith("。") and not _is_label_value(line):
            kind = "heading"  # "■アドビ 6〜8月期決算" opens a section
    line = MARKDOWN_IMAGE.sub("", line)
    line = MARKDOWN_LINK.sub(r"\1", line)
    line = EMPHASIS.sub("", line).strip()
    if kind == "text" and RANK_ITEM.match(line) and not line.endswith("。"):
        kind = "list"
    if kind == "text" and line and not line.endswith("。"):
        # a "label：value" line (クラウド事業：174億ドル, a table row, two cells flattened onto one line) is an
        # item of a list; another short line is a heading
        if len(line) <= LABEL_LINE_MAX and _is_label_value(line):
            kind = "list"
        elif len(line) <= HEADING_MAX:
            kind = "heading"
    return _Line(kind, line, quoted)


def _is_label_value(line: str) -> bool:
    """True for "label：value" where the value is a number: 端末：52億ドル, 売上高：約300億円 (not 企業：X)."""
    return bool(LABEL.match(line))


def _matches(patterns: tuple[re.Pattern, ...], text: str) -> re.Match | None:
    for pattern in patterns:
        match = pattern.fullmatch(text)
        if match:
            return match
    return None


def _drop_furniture(lines: list[_Line | None], rules: FurnitureRules) -> tuple[list[_Line | None], int, str, str]:
    """Remove furniture lines, blocks and tails; pull out metadata.

    Returns (lines, removed, publisher, issuer): the publisher a metadata line names and the company a
    press release or report header names (会社名　株式会社X)."""
    total = sum(len(line.text) for line in lines if line)
    kept: list[_Line | None] = []
    removed, seen, publisher, issuer, in_block, in_comment = 0, 0, "", "", False, False
    non_empty = 0
    for position, line in enumerate(lines):
        if line is None or not line.text:
            kept.append(None)
            in_block = in_comment = False
            continue
        text = line.text
        seen += len(text)
        non_empty += 1
        if seen > total / 2 and _matches(rules.tails, text):
            removed += sum(1 for rest in lines[position:] if rest and rest.text)
            break
        if _matches(rules.comments, text):
            in_comment, removed = True, removed + 1
            continue
        if in_comment:
            removed += 1
            continue
        sentence = text.endswith(("。", "．"))
        if in_block and not sentence and (line.kind == "list" or line.quoted or len(text) <= rules.block_line_max):
            removed += 1
            continue
        in_block = False
        if not sentence and _matches(rules.blocks, text):
            in_block, removed = True, removed + 1
            continue
        if not sentence and _matches(rules.lines, text):
            removed += 1
            continue
        meta = _matches(rules.metadata, text) or (
            _matches(rules.mastheads, text) if non_empty <= rules.masthead_lines else None)
        if meta:
            publisher = publisher or (meta.groupdict().get("publisher") or "").strip()
            issuer = issuer or (meta.groupdict().get("company") or "").strip()
            kept.append(_Line("meta", text))
            continue
        kept.append(line)
    return kept, removed, publisher, issuer


def _split_leading_dateline(raw_lines: list[str], rules: FurnitureRules) -> list[str]:
    """A first line that opens with a dateline ("2024-09-04 X社は…") gives it a line of its own (metadata)."""
    first = next((i for i, line in enumerate(raw_lines) if line.strip()), None)
    if first is None:
        return raw_lines
    line = raw_lines[first].strip()
    for pattern in rules.dateline_prefixes:
        match = pattern.match(line)
        if match and match.end() < len(line):
            return raw_lines[:first] + [match.group(0).strip(), line[match.end():].strip()] + raw_lines[first + 1:]
    return raw_lines


def _ends_sentence(text: str) -> bool:
    """True when a line ends a sentence, closing quotes and brackets aside (…と話した。」)."""
    return text.rstrip(CLOSERS)[-1:] in TERMINATORS if text.rstrip(CLOSERS) else False


def _wrap_width(lines: list[_Line | None]) -> int:
    """The fixed width a hard-wrapped text breaks its lines at, or 0 when the text is not hard-wrapped."""
    lengths = sorted(len(line.text) for line in lines if line and line.kind != "list" and len(line.text) >= 20)
    if len(lengths) < 5:
        return 0
    width = lengths[int(0.8 * (len(lengths) - 1))]
    at_width = [
        line for line in lines
        if line and len(line.text) >= 0.85 * width and not _ends_sentence(line.text)
    ]
    return width if len(at_width) >= 5 and len(at_width) >= 0.4 * len(lengths) else 0


def _join_wrapped(lines: list[_Line | None]) -> list[_Line]:
    """Join the lines of a hard-wrapped text (broken at a fixed width, mid-sentence) into paragraphs."""
    width = _wrap_width(lines)
    joined: list[_Line] = []
    previous_blank = True
    previous = ""  # the line before, as it stood in the text
    previous_item = False  # the line before opened like the one before it: an item of a list
    for line in lines:
        if line is None:
            previous_blank = True
            continue
        last = joined[-1] if joined else None
        continues = (
            width
            and not previous_blank
            and last is not None
            and last.kind != "meta"
            and line.kind in ("text", "heading")
            and len(last.text) >= 0.85 * width
            and not _ends_sentence(last.text)
            # lines that open alike ("第4四半期の総収益は…", "第4四半期のクラウド収益は…") are items of a list, and
            # the line after the last item starts a line of its own
            and line.text[:PARALLEL_OPENING] != previous[:PARALLEL_OPENING]
            and not previous_item
        )
        previous_item = bool(width) and not previous_blank and line.text[:PARALLEL_OPENING] == previous[:PARALLEL_OPENING]
        if continues:
            joined[-1] = _Line("text", last.text + line.text)
        else:
            joined.append(line)
        previous_blank = False
        previous = line.text
    return joined


def _drop_repeats(lines: list[_Line]) -> tuple[list[_Line], int, list[str]]:
    """Count each repeated paragraph once; drop a line that is the whole article pasted into one line."""
    norms = [normalise_for_comparison(line.text) for line in lines]
    merged_prefixes: list[str] = []
    keep = [True] * len(lines)
    # only a line several times longer than a typical paragraph can hold the whole article
    typical = sorted(len(n) for n in norms)[len(norms) // 2] if norms else 0
    for i, norm in enumerate(norms):
        if len(norm) < max(MERGED_MIN, 2.5 * typical):
            continue
        parts = {other for j, other in enumerate(norms) if j != i and 10 <= len(other) < len(norm) and other in norm}
        if sum(len(p) for p in parts) >= 0.6 * len(norm):
            keep[i] = False
            merged_prefixes.append(norm)
    seen: set[str] = set()
    for i, norm in enumerate(norms):
        if not keep[i] or len(norm) < REPEAT_MIN:
            continue
        if norm in seen:
            keep[i] = False
        seen.add(norm)
    kept = [line for line, flag in zip(lines, keep) if flag]
    return kept, keep.count(False), merged_prefixes


def _find_title(lines: list[_Line], merged: list[str], html_title: str) -> str:
    """The headline: a leading heading, the line above a source line, the HTML title, or the first short line."""
    body = [line for line in lines if line.kind != "meta"]
    for line in body[:3]:
        norm = normalise_for_comparison(line.text)
        if len(line.text) <= TITLE_MAX and any(m.startswith(norm) for m in merged):
            return line.text
    first = next((line for line in lines if line.kind != "meta"), None)
    if first is not None and first.kind == "heading" and len(first.text) <= TITLE_MAX:
        return first.text
    for i, line in enumerate(lines[:12]):
        if line.kind == "meta" and i > 0 and lines[i - 1].kind != "meta" and len(lines[i - 1].text) <= TITLE_MAX:
            if not lines[i - 1].text.endswith("。"):
                return lines[i - 1].text
    if html_title:
        return TITLE_SEPARATOR.split(html_title)[0].strip()
    for line in body[:5]:
        if 5 <= len(line.text) <= 100 and not line.text.endswith("。"):
            return line.text
    return body[0].text[:60] if body else ""


def _find_publisher(raw_text: str, from_metadata: str, site_name: str, rules: FurnitureRules) -> str:
    if from_metadata:
        return from_metadata
    if site_name:
        return site_name
    for name, signatures in rules.publishers:
        if any(signature in raw_text for signature in signatures):
            return name
    return ""


def clean_text(text: str, html_title: str = "", site_name: str = "", rules: FurnitureRules | None = None) -> CleanArticle:
    """Turn decoded article text into a CleanArticle."""
    rules = rules or load_furniture()
    raw_lines = _split_leading_dateline(markdown_tables_to_lines(text.splitlines(), row_mark="・"), rules)
    classified: list[_Line | None] = [None if not raw.strip() else _classify(raw) for raw in raw_lines]
    lines, n_furniture, meta_publisher, issuer = _drop_furniture(classified, rules)
    joined = _join_wrapped(lines)
    deduped, n_repeats, merged = _drop_repeats(joined)
    title = _find_title(deduped, merged, html_title)
    title_norm = normalise_for_comparison(title)
    paragraphs = []
    for line in deduped:
        if line.kind == "meta" or (line.kind == "heading" and normalise_for_comparison(line.text) == title_norm):
            continue
        sentences = (line.text,) if line.kind == "heading" else split_sentences(line.text)
        paragraphs.append(Paragraph(len(paragraphs), line.kind, line.text, sentences))
    publisher = _find_publisher(text, meta_publisher, site_name, rules)
    published = published_from_datelines([line.text for line in lines if line and line.kind == "meta"])
    return CleanArticle(title, publisher, tuple(paragraphs), n_repeats, n_furniture, issuer, published)
