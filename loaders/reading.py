"""Bytes -> text: find article files, detect encodings, turn HTML into text, report what was skipped."""
from __future__ import annotations

import os
import re
import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup, Comment, NavigableString, XMLParsedAsHTMLWarning
from charset_normalizer import from_bytes

from loaders.dates import published_from_html
from loaders.tables import row_lines

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

# code -> (Japanese reason shown in the dashboard, English reason printed by the CLI)
REASONS = {
    "empty": ("空ファイル", "empty file"),
    "binary": ("バイナリ（テキストではない）", "binary data, not text"),
    "too_large": ("大きすぎる", "file too large"),
    "undecodable": ("文字コードを判定できない", "cannot determine the text encoding"),
    "unsupported": ("対応していない形式", "unsupported file type"),
    "hidden": ("隠しファイル", "hidden file"),
    "outside_link": ("フォルダの外を指すリンク", "symbolic link pointing outside the folder"),
    "unreadable": ("読み込めない", "cannot be read"),
    "no_text": ("本文がない", "no article text after cleaning"),
    "special": ("通常のファイルではない（FIFO・デバイス・ソケット）", "not a regular file (FIFO, device or socket)"),
    "unlistable": ("フォルダを開けない", "folder cannot be listed"),
    "timeout": ("処理時間の上限を超えた", "took longer than the time budget"),
    "internal_error": ("内部エラー", "internal error"),
    "crashed": ("処理中に異常終了した", "the extraction process died"),
}
# Reasons whose detail reads as a continuation ("内部エラー: ValueError: …") rather than a note in brackets.
COLON_DETAIL = frozenset({"internal_error"})
MAX_ERROR_CHARS = 200

# Encodings a Japanese article may come in, in the order charset detection should consider them.
JAPANESE_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp")
PLAUSIBLE = 0.98  # at most 2 % suspicious characters in a decoded article
BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe\x00\x00", "utf_32_le"),
    (b"\x00\x00\xfe\xff", "utf_32_be"),
    (b"\xff\xfe", "utf_16_le"),
    (b"\xfe\xff", "utf_16_be"),
)
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b", b"MZ")

# HTML elements that never hold article text.
HTML_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
             "iframe", "svg", "canvas", "button", "select", "dialog", "object", "embed")
HTML_BLOCKS = frozenset(("p", "div", "section", "article", "main", "li", "tr", "table", "ul", "ol", "dl", "dt",
                         "dd", "blockquote", "pre", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
                         "br", "hr", "td", "th", "caption", "address", "details", "summary"))
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
# A table of an article is a few columns wide; a span beyond these is a broken or hostile page (browsers cap
# colspan at 1000 and rowspan at 65534, which would still let one cell fill millions of places).
MAX_COLSPAN = 50
MAX_ROWSPAN = 1000
MIN_ARTICLE_CHARS = 200  # an <article> shorter than this is a card or teaser, a <form> a search box
META_CHARSET = re.compile(rb"""<meta[^>]{1,200}charset\s{0,4}=\s{0,4}["']?\s{0,4}([A-Za-z0-9_\-]{1,40})""", re.IGNORECASE)

KANA = re.compile(r"[\u3041-\u30ff]")
# What a wrong code page produces: control characters, replacement and private-use characters, half-width
# katakana (rare in articles, frequent in Shift_JIS read as EUC-JP) and compatibility ideographs.
SUSPICIOUS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\uff61-\uff9f\uf900-\ufaff]")
CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# No article repeats one character more than this many times in a row (a ruled line of ━ is shorter).
MAX_RUN = 64
LONG_RUN = re.compile(rf"(.)\1{{{MAX_RUN}}}", re.DOTALL)


class UnreadableFile(Exception):
    """A file that cannot become article text; `code` is a key of REASONS."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or REASONS[code][1])
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Document:
    """One decoded article: its text (HTML already turned into lines) and where it came from."""

    article_id: str
    source_file: str
    text: str
    encoding: str
    kind: str  # text | markdown | html
    html_title: str = ""
    site_name: str = ""
    n_bytes: int = 0
    notes: tuple[str, ...] = ()
    published: str = ""  # the publication date the HTML metadata gives (ISO), or ""


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file found in the folder."""

    source_file: str
    status: str  # loaded | skipped
    code: str = ""
    detail: str = ""
    encoding: str = ""
    n_bytes: int = 0

    @classmethod
    def internal_error(cls, source_file: str, exc: BaseException, encoding: str = "", n_bytes: int = 0) -> FileOutcome:
        """The outcome of a file whose processing raised: 内部エラー: Type: message."""
        message = " ".join(str(exc).split())[:MAX_ERROR_CHARS]
        detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
        return cls(source_file, "skipped", "internal_error", detail, encoding, n_bytes)

    @property
    def reason(self) -> str:
        """The reason in Japanese, for the dashboard (for a loaded file: any note on how it was read)."""
        return self._reason(0, "（{}）")

    @property
    def reason_en(self) -> str:
        """The reason in English, for the CLI."""
        return self._reason(1, " ({})")

    def _reason(self, language: int, detail_format: str) -> str:
        if not self.code:
            return self.detail
        text = REASONS[self.code][language]
        if self.detail and self.code in COLON_DETAIL:
            return f"{text}: {self.detail}"
        return text + detail_format.format(self.detail) if self.detail else text


@dataclass(frozen=True)
class LoadReport:
    """Every file found, loaded or skipped, with its reason."""

    outcomes: tuple[FileOutcome, ...] = field(default_factory=tuple)

    @property
    def loaded(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "loaded")

    @property
    def skipped(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "skipped")

    def to_frame(self) -> pd.DataFrame:
        """One row per file: source_file, status, code, reason (ja), reason_en, encoding, n_bytes."""
        rows = [
            {"source_file": o.source_file, "status": o.status, "code": o.code, "reason": o.reason,
             "reason_en": o.reason_en, "encoding": o.encoding, "n_bytes": o.n_bytes}
            for o in self.outcomes
        ]
        columns = ["source_file", "status", "code", "reason", "reason_en", "encoding", "n_bytes"]
        return pd.DataFrame(rows, columns=columns)

    def summary(self) -> str:
        """One line: how many files were loaded and skipped."""
        return f"{len(self.loaded)} loaded, {len(self.skipped)} skipped of {len(self.outcomes)} files"


def japanese_plausibility(text: str) -> float:
    """Share of characters that are not the debris of a wrong code page (1.0 for clean text)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return 1 - len(SUSPICIOUS.findall(sample)) / len(sample)


def kana_share(text: str) -> float:
    """Share of kana among the non-ASCII characters: high in real Japanese, low in mis-decoded bytes."""
    sample = text[:20000]
    wide = sum(1 for ch in sample if not ch.isascii())
    return len(KANA.findall(sample)) / wide if wide else 0.0


def _control_share(data: bytes) -> float:
    return sum(1 for byte in data if byte < 9 or 13 < byte < 32) / max(1, len(data))


def _nul_parity(data: bytes) -> float:
    """How strongly the NUL bytes keep to one parity of position, as in UTF-16 (1.0: all on odd or all on
    even positions; about 0.5 for binary data)."""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    return max(even, odd) / (even + odd) if even + odd else 0.0


def _utf16_without_bom(data: bytes) -> tuple[str | None, str]:
    """The text of UTF-16 data without a BOM, when one byte order decodes it into plausible text."""
    if len(data) % 2:
        return None, ""
    for encoding in ("utf_16_le", "utf_16_be"):
        text = _strict(data, encoding)
        if text is None or japanese_plausibility(text) < PLAUSIBLE:
            continue
        printable_ascii = sum(1 for ch in text[:20000] if " " <= ch <= "~" or ch in "\n\r\t")
        if kana_share(text) >= 0.1 or printable_ascii >= 0.9 * min(len(text), 20000):
            return text, encoding
    return None, ""


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8_with_truncated_tail(data: bytes) -> str | None:
    """UTF-8 cut in the middle of its last character (a truncated download) loses only that character."""
    for cut in (1, 2, 3):
        text = _strict(data[:-cut], "utf_8")
        if text is not None:
            return text
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode article bytes; returns (text, encoding, notes) or raises UnreadableFile."""
    if not data.strip():
        raise UnreadableFile("empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise UnreadableFile("undecodable", f"{encoding} BOM but invalid {encoding}")
            return text.lstrip("\ufeff"), encoding, ()
    if b"\x00" in data[:8192]:
        # UTF-16 without a BOM (Japanese text in it has NULs only beside ASCII characters)
        text, encoding = _utf16_without_bom(data)
        if text is not None:
            return text, encoding, ("BOMなしUTF-16",)
        head = data[:8192]
        if len(data) % 2 == 0 and head.count(0) >= 0.02 * len(head) and _nul_parity(head) >= 0.9:
            raise UnreadableFile("undecodable", "UTF-16 without BOM, but not valid UTF-16")
    head = data[:512]
    # a signature alone is no proof (an article may start "MZ世代" or "GIF8枚"): binary files also hold NULs
    if b"\x00" in data[:8192] or (data.startswith(BINARY_MAGIC) and _control_share(head) > 0.05):
        raise UnreadableFile("binary")

    if b"\x1b$B" in data or b"\x1b$@" in data:
        # ISO-2022-JP is 7-bit, so it is also valid UTF-8; its escape sequences give it away
        text = _strict(data, "iso2022_jp")
        if text is not None:
            return text, "iso2022_jp", ()
    text = _strict(data, "utf_8")
    if text is not None:
        return text, "utf_8", ()
    if declared:
        text = _strict(data, declared)
        if text is not None and japanese_plausibility(text) >= PLAUSIBLE:
            return text, declared.lower(), ()

    candidates: list[tuple[float, str, str]] = []
    best = from_bytes(data, cp_isolation=list(JAPANESE_ENCODINGS)).best()
    guessed = [(best.encoding, str(best))] if best is not None else []
    for encoding, text in [*guessed, *((e, _strict(data, e)) for e in JAPANESE_ENCODINGS)]:
        if text is not None and japanese_plausibility(text) >= PLAUSIBLE:
            candidates.append((kana_share(text), encoding, text))
    if candidates:
        _, encoding, text = max(candidates, key=lambda c: c[0])
        return text, encoding, ()

    text = _utf8_with_truncated_tail(data)
    if text is not None:
        return text, "utf_8", ("末尾の不完全な文字を除去",)
    text = data.decode("utf_8", errors="replace")
    broken = text.count("\ufffd")
    if broken <= max(3, len(text) // 1000) and kana_share(text) > 0.1:
        # a few stray bytes in an otherwise UTF-8 article: keep it, say so
        return text, "utf_8", (f"不正なバイト{broken}個を置換",)
    if len(CONTROL_CHAR.findall(data[:8192].decode("latin-1"))) > 0.05 * min(len(data), 8192):
        raise UnreadableFile("binary")
    raise UnreadableFile("undecodable")


def _table_grid(table) -> list[list[str]]:
    """The cells of a table as a grid, a rowspan or colspan cell repeated in every place it covers."""
    grid: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers)

    def place(cells: list[str], text: str, rows: int) -> None:
        if rows > 1:
            carried[len(cells)] = (text, rows - 1)
        cells.append(text)

    def place_carried(cells: list[str]) -> None:
        while len(cells) in carried:
            text, left = carried.pop(len(cells))
            place(cells, text, left)

    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a nested table's rows belong to it
        cells: list[str] = []
        for cell in row.find_all(["th", "td"], recursive=False):
            place_carried(cells)
            text = cell.get_text(" ", strip=True)
            for _ in range(_span(cell, "colspan", MAX_COLSPAN)):
                place(cells, text, _span(cell, "rowspan", MAX_ROWSPAN))
        place_carried(cells)
        if any(cells):
            grid.append(cells)
    return grid


def _span(cell, name: str, limit: int) -> int:
    """A cell's colspan or rowspan, between 1 and `limit` (HTML itself caps them; a page may not)."""
    try:
        value = int(str(cell.get(name, "1")).strip()[:12] or 1)
    except ValueError:
        return 1
    return min(max(1, value), limit)


def _table_lines(table) -> list[str]:
    """A table as one line a row: "header：cell、header：cell" when it has a header row, else its cells."""
    rows = _table_grid(table)
    first = table.find("tr")
    has_header = first is not None and first.find("th") is not None and first.find("td") is None
    return row_lines(rows, has_header)


def _text_lines(root) -> list[str]:
    """The visible text of an element tree as lines: blocks start new lines, headings keep their level
    as Markdown marks, list items start with ・, tables read row by row.

    The tree is walked with an explicit stack (no recursion), so nesting depth has no limit."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    stack = [(iter(root.children), False)]  # (children still to read, whether the element is a block)
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush()
            continue
        if isinstance(child, NavigableString):
            current.append(str(child))
            continue
        name = child.name
        if name == "table":
            flush()
            lines.extend(_table_lines(child))
            continue
        if name in HTML_BLOCKS:
            flush()
            if name in HEADING_LEVELS:
                current.append("#" * HEADING_LEVELS[name] + " ")
            elif name == "li":
                current.append("・")
        stack.append((iter(child.children), name in HTML_BLOCKS))
    flush()
    return lines


def _article_root(soup):
    """The element holding the article: the <article> or <main> with the most text, else the body."""
    candidates = soup.find_all(["article", "main"])
    if candidates:
        best = max(candidates, key=lambda element: len(element.get_text(strip=True)))
        if len(best.get_text(strip=True)) >= MIN_ARTICLE_CHARS or not soup.body:
            return best
    return soup.body or soup


def html_to_text(html: str) -> tuple[str, str, str]:
    """Visible article text of an HTML page as lines; returns (text, title, site_name)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    site = soup.find("meta", attrs={"property": "og:site_name"})
    site_name = str(site.get("content", "")).strip() if site else ""
    for element in soup.find_all(string=lambda s: isinstance(s, Comment)):
        element.extract()
    for name in HTML_DROP:
        for element in soup.find_all(name):
            element.decompose()
    # a page built inside one <form> (ASP.NET) keeps it; a search or comment form goes
    for element in soup.find_all("form"):
        if len(element.get_text(strip=True)) < MIN_ARTICLE_CHARS:
            element.decompose()
    return "\n".join(_text_lines(_article_root(soup))), title, site_name


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file; a FIFO, device or socket is refused before it is read (reading one could
    block for ever), and so is a file over `max_bytes`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile("unreadable", exc.strerror or type(exc).__name__) from exc
    with os.fdopen(descriptor, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFile("special")
            if info.st_size > max_bytes:
                raise UnreadableFile("too_large", f"{info.st_size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB")
            return handle.read(max_bytes + 1)
        except OSError as exc:
            raise UnreadableFile("unreadable", exc.strerror or type(exc).__name__) from exc


def clamp_runs(text: str, limit: int | None = None) -> tuple[str, int]:
    """The text with every run of one character longer than `limit` (default MAX_RUN) cut to `limit`
    characters, and how many runs were cut. Such a run (a flood of &amp;, a line of 50,000 D) carries no
    more text than its first characters, and every later stage then works on a text of sensible size."""
    limit = limit or MAX_RUN
    pattern = LONG_RUN if limit == MAX_RUN else re.compile(rf"(.)\1{{{limit}}}", re.DOTALL)
    pieces, position, cut = [], 0, 0
    while (match := pattern.search(text, position)) is not None:
        run = match.group(1) * limit
        end = match.end()
        while text.startswith(run, end):  # skip the rest of the run a block at a time
            end += limit
        while end < len(text) and text[end] == match.group(1):
            end += 1
        pieces.append(text[position:match.start() + limit])
        position, cut = end, cut + 1
    if not cut:
        return text, 0
    pieces.append(text[position:])
    return "".join(pieces), cut


def read_document(path: Path, source_file: str, article_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one article file into a Document, or raise UnreadableFile with the reason."""
    kind = TEXT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UnreadableFile("unsupported", path.suffix or "no extension")
    data = _read_regular_file(path, max_bytes)
    return decode_document(data, kind, source_file, article_id)


def decode_document(data: bytes, kind: str, source_file: str, article_id: str) -> Document:
    """An article file's bytes (read as `kind`: text, markdown or html) -> Document, or UnreadableFile."""
    declared = None
    if kind == "html":
        match = META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii").lower() if match else None
    text, encoding, notes = decode_bytes(data, declared)
    if japanese_plausibility(text) < PLAUSIBLE:
        raise UnreadableFile("binary")
    text = CONTROL_CHAR.sub(" ", text)
    html_title = site_name = published = ""
    if kind == "html":
        published = published_from_html(text)
        text, html_title, site_name = html_to_text(text)
    text, shortened = clamp_runs(text)
    if shortened:
        notes = (*notes, f"同じ文字の長い連続{shortened}か所を{MAX_RUN}文字に短縮")
    if not text.strip():
        raise UnreadableFile("no_text")
    return Document(article_id, source_file, text, encoding, kind, html_title, site_name, len(data), notes, published)


def iter_folder(folder: Path) -> Iterator[tuple[Path, tuple[str, ...], str]]:
    """Every entry below `folder` as (path, parts relative to folder, kind), kind one of file, dir, link,
    special (FIFO, device, socket) or unlistable (a folder that cannot be read). The walk keeps its own stack,
    so a tree of any depth is walked; links to folders are reported, not followed."""
    stack: list[tuple[Path, tuple[str, ...]]] = [(folder, ())]
    while stack:
        directory, parts = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            yield directory, parts, "unlistable"
            continue
        for entry in entries:
            path, relative = directory / entry.name, (*parts, entry.name)
            try:
                if entry.is_symlink():
                    kind = "link"
                elif entry.is_dir(follow_symlinks=False):
                    kind = "dir"
                    stack.append((path, relative))
                else:
                    kind = "file" if entry.is_file(follow_symlinks=False) else "special"
            except OSError:
                kind = "special"
            yield path, relative, kind


def display_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (a cp932 name from a Windows zip) become visible escapes
    such as \\x83, so that the name can be shown, written to CSV or Parquet, and compared."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _link_kind(path: Path, root: Path) -> str | None:
    """A skip code for a symbolic link, "dir" for a link to a folder inside, None for a file inside."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except (OSError, RuntimeError):  # a dangling link or a loop
        return "unreadable"
    if not target.is_relative_to(root):
        return "outside_link"
    if stat.S_ISDIR(mode):
        return "dir"
    return None if stat.S_ISREG(mode) else "special"


@dataclass(frozen=True)
class FolderEntry:
    """One entry of a folder in load order: a file to read (skip is None, with its unique article id) or one
    that gives no article (its skip code, and the detail to report)."""

    path: Path
    name: str
    article_id: str = ""
    skip: str | None = None
    detail: str = ""


def folder_entries(folder: str | Path) -> list[FolderEntry]:
    """Every entry of the folder in load order, files to read with unique article ids (stem, stem_2, …) — the
    one walk that both the reader and the extraction engine plan from."""
    entries: list[FolderEntry] = []
    taken: set[str] = set()
    for path, name, skip in find_article_files(Path(folder)):
        if skip:
            entries.append(FolderEntry(path, name, skip=skip, detail=path.suffix if skip == "unsupported" else ""))
        else:
            entries.append(FolderEntry(path, name, unique_id(Path(name).stem, taken)))
    return entries


def find_article_files(folder: Path) -> list[tuple[Path, str, str | None]]:
    """Every file below `folder`, as (path, name relative to folder, skip code or None), in a stable order.
    Folders that cannot be listed and entries that are no regular file are listed with their skip code."""
    root = folder.resolve()
    found = []
    for path, parts, kind in sorted(iter_folder(folder), key=lambda entry: entry[1]):
        name = display_name("/".join(parts)) or "."
        if kind == "dir":
            continue
        if any(part.startswith(".") for part in parts):
            found.append((path, name, "hidden"))
            continue
        if kind == "unlistable":
            found.append((path, name + "/", "unlistable"))
            continue
        skip = _link_kind(path, root) if kind == "link" else ("special" if kind == "special" else None)
        if skip == "dir":
            continue
        if skip is None and path.suffix.lower() not in TEXT_SUFFIXES:
            skip = "unsupported"
        found.append((path, name, skip))
    return found


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def unique_id(stem: str, taken: set[str]) -> str:
    """The stem, or the stem with the first free suffix _2, _3, … (and mark it taken)."""
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}_{n}", n + 1
    taken.add(candidate)
    return candidate


def read_folder(folder: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], LoadReport]:
    """Read every article in a folder; a bad file is reported and skipped, never fatal."""
    folder = Path(folder)
    documents: list[Document] = []
    outcomes: list[FileOutcome] = []
    for entry in folder_entries(folder):
        path, name = entry.path, entry.name
        if entry.skip:
            outcomes.append(FileOutcome(name, "skipped", entry.skip, entry.detail))
            continue
        try:
            document = read_document(path, name, entry.article_id, max_bytes)
        except UnreadableFile as exc:
            outcomes.append(FileOutcome(name, "skipped", exc.code, exc.detail, n_bytes=_size(path)))
            continue
        except Exception as exc:  # noqa: BLE001 - one file never takes the load down
            outcomes.append(FileOutcome.internal_error(name, exc, n_bytes=_size(path)))
            continue
        documents.append(document)
        outcomes.append(FileOutcome(name, "loaded", "", "; ".join(document.notes), document.encoding,
                                    document.n_bytes))
    return documents, LoadReport(tuple(outcomes))
