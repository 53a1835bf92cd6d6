"""The only module that caches: the corpus, theme labels, exchange rates and word-cloud pictures.

The corpus of the folder is read-only and shared by every session (one object per process, held by
`st.cache_resource`: no pickling, no copy per rerun). With it come what every rerun needs and that depends only
on the corpus: the filter options, theme labels, article titles and their search keys, and the filters' index
(each article's filter values, each frame's rows by article: `filters.CorpusIndex`), all in `SessionCorpus`.
The option counts of the sidebar (facets.py) are kept there too for the last `KEPT_COUNTS` filter states, and the
rows each of the last `KEPT_VIEWS` filter states shows (its View), so a state that any session has seen recently
costs nothing to count or narrow again.

What the corpus depends on — every file's name, size and modification time, and the knowledge files — is read
in full only when the folder is first opened, when the folder's tree of directories changes (a file added,
removed or renamed; checked at most every `CHECK_SECONDS`) and when someone presses 再読み込み. A rerun after a
filter change therefore stats nothing but the directories, and not even those within `CHECK_SECONDS`.

Uploaded files belong to one session: they are merged with the shared corpus by the loaders into a copy held
in that session's `st.session_state`, so no session ever sees another one's uploads.

The users' corrections (corrections.toml) are applied to the extracted corpus, and the facts built, once per
change of that file: editing a correction extracts nothing again.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.facets import OptionCounts, option_counts
from dashboard.filters import (
    CorpusIndex,
    FilterOptions,
    FilterState,
    View,
    apply_filters,
    article_search_keys,
    corpus_index,
    filter_options,
    narrowing,
)
from dashboard.formatting import FX_RATES_PATH, FxRates, escape_markdown, load_fx_rates
from dashboard.word_cloud import word_cloud_png
from loaders import (
    Corpus,
    DataFileError,
    ExtractionPool,
    LoadReport,
    Upload,
    WorkerPool,
    add_uploads,
    corrections_path,
    display_name,
    files_fingerprint,
    iter_folder,
    load_corpus,
    load_frames,
    load_generic_terms,
    load_synonyms,
    load_theme_rules,
    with_facts,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT / "seeds"
CORPUS_ENV = "KIJISCOPE_CORPUS"
FRAMES_ENV = "KIJISCOPE_FRAMES"
CHECK_SECONDS = 10  # how stale the folder's directory check may be
KEPT_CORPORA = 2  # corpora kept per process: the current one and the one being replaced
KEPT_COUNTS = 32  # filter states whose option counts a corpus keeps (one count per article: ~1 MB at 10,000)
KEPT_VIEWS = 8  # filter states whose rows a corpus keeps (a view without filters copies only the figures)
UPLOADS_KEY = "_kijiscope_uploads"
EXTRACTION_WORKERS = 2

FolderKey = tuple[str, tuple[tuple[str, int, int], ...], str]


def corpus_folder(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The article folder: `-- --corpus DIR` on the command line, else $KIJISCOPE_CORPUS, else seeds/."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--corpus")
    known, _ = parser.parse_known_args(list(argv))
    chosen = known.corpus or environ.get(CORPUS_ENV)
    return Path(chosen).expanduser() if chosen else DEFAULT_CORPUS


def frames_folder(argv: Sequence[str], environ: Mapping[str, str]) -> Path | None:
    """A Parquet export to open instead of parsing articles: `-- --frames DIR`, else $KIJISCOPE_FRAMES."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--frames")
    known, _ = parser.parse_known_args(list(argv))
    chosen = known.frames or environ.get(FRAMES_ENV)
    return Path(chosen).expanduser() if chosen else None


def folder_key(folder: Path) -> FolderKey:
    """What the corpus depends on: every file's name, size and modification time, and the knowledge files."""
    files = []
    if folder.is_dir():
        # the loaders' own walk: no depth limit, FIFOs never opened, non-UTF-8 names as escaped text
        for path, parts, kind in sorted(iter_folder(folder), key=lambda entry: entry[1]):
            if kind not in ("file", "link"):
                continue
            try:
                stat = path.stat()
            except OSError:  # a dangling link: the loader reports it
                continue
            if path.is_file():
                files.append((display_name("/".join(parts)), stat.st_size, stat.st_mtime_ns))
    return str(folder.resolve()), tuple(files), files_fingerprint()


def folder_stamp(folder: Path) -> tuple[tuple[str, int], ...]:
    """The modification times of the folder and every directory below it (adding, removing or renaming a file
    changes its directory's time), without a stat of any file."""
    stamp, pending = [], [folder]
    while pending:
        directory = pending.pop()
        try:
            stamp.append((str(directory), directory.stat().st_mtime_ns))
            with os.scandir(directory) as entries:
                pending.extend(Path(e.path) for e in entries if e.is_dir(follow_symlinks=False))
        except OSError:  # a missing folder or one that vanished while we looked: its stamp says so
            stamp.append((str(directory), -1))
    return tuple(sorted(stamp))


def key_digest(key: FolderKey) -> str:
    """A short digest of a folder key (a cheap cache key, however many files the folder holds)."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class SessionCorpus:
    """A corpus with what every rerun needs from it, computed once: filter options, theme labels, titles.

    `upload_report` is the load report of this session's uploaded files alone (empty without uploads)."""

    corpus: Corpus
    upload_report: LoadReport = field(default_factory=LoadReport)
    labels: Mapping[str, str] = field(init=False)
    options: FilterOptions = field(init=False)
    titles: Mapping[str, str] = field(init=False)
    search_keys: tuple[str, ...] = field(init=False)  # folded titles, in the order of options.article
    report_frame: pd.DataFrame = field(init=False)  # corpus.report.to_frame(), made once
    index: CorpusIndex = field(init=False)  # filters.corpus_index, made once
    _counts: RecentResults = field(init=False, repr=False, compare=False)
    _views: RecentResults = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels = theme_labels(self.corpus.theme_scores)
        options = filter_options(self.corpus, labels)
        titles = dict(zip(self.corpus.articles["article_id"], self.corpus.articles["title"]))
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "titles", titles)
        object.__setattr__(self, "search_keys", article_search_keys(options.article, titles))
        object.__setattr__(self, "report_frame", self.corpus.report.to_frame())
        object.__setattr__(self, "index", corpus_index(self.corpus))
        object.__setattr__(self, "_counts", RecentResults(KEPT_COUNTS))
        object.__setattr__(self, "_views", RecentResults(KEPT_VIEWS))

    def option_counts(self, state: FilterState) -> OptionCounts:
        """How much each filter option would show under the other filters of `state` (facets.option_counts),
        computed once per filter state and shared by the sessions (read-only)."""
        return self._counts.get(narrowing(state), lambda: option_counts(self.corpus, state, self.options,
                                                                        self.index))

    def view(self, state: FilterState) -> View:
        """The View of the corpus under `state` (filters.apply_filters with the corpus's index), its rows chosen
        once per filter state and shared by the sessions (read-only; keyed on the filters only)."""
        kept = self._views.get(narrowing(state), lambda: apply_filters(self.corpus, state, self.index))
        return kept if kept.state == state else dataclasses.replace(kept, state=state)


class RecentResults:
    """The results of the last `size` keys asked for, shared by every session (a small thread-safe LRU; the
    values are read-only). Two sessions asking for a new key at once may both compute it: no lock is held
    while computing, so one slow key never holds another session."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], object]):
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = compute()
        with self._lock:
            self._results[key] = result
            self._results.move_to_end(key)
            while len(self._results) > self._size:
                self._results.popitem(last=False)
        return result


class CorpusStore:
    """The process's corpora by folder-key digest, built once each: a session that asks while another one is
    reading the same folder waits for it instead of reading it again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._corpora: dict[str, SessionCorpus] = {}
        self.reloads = 0  # bumped by 再読み込み: the next check reads every file's size and time

    def __contains__(self, digest: str) -> bool:
        return digest in self._corpora

    def get(self, digest: str, build: Callable[[], SessionCorpus]) -> SessionCorpus:
        found = self._corpora.get(digest)
        if found is not None:
            return found
        with self._lock:
            if digest not in self._corpora:
                built = build()
                while len(self._corpora) >= KEPT_CORPORA:
                    self._corpora.pop(next(iter(self._corpora)))
                self._corpora[digest] = built
            return self._corpora[digest]


@st.cache_resource(show_spinner=False)
def corpus_store() -> CorpusStore:
    """The one CorpusStore of this server process."""
    return CorpusStore()


@st.cache_data(ttl=CHECK_SECONDS, show_spinner=False, max_entries=16)
def _cached_stamp(folder: str) -> tuple[tuple[str, int], ...]:
    return folder_stamp(Path(folder))


@st.cache_data(show_spinner=False, max_entries=16)
def _cached_digest(folder: str, stamp: tuple[tuple[str, int], ...], reloads: int, knowledge: str) -> str:
    return key_digest(folder_key(Path(folder)))


def request_reload() -> None:
    """再読み込み: look at every file again on the next run (a file edited in place changes no directory)."""
    corpus_store().reloads += 1
    _cached_stamp.clear()


@st.cache_resource(show_spinner=False)
def corrected_store() -> CorpusStore:
    """The process's corpora with the users' corrections applied, by extraction and corrections file."""
    return CorpusStore()


@st.cache_resource(show_spinner=False)
def extraction_pool() -> WorkerPool:
    """The server's extraction processes: articles are extracted there, each within the loaders' time budget, so
    that one session's files never hold the server (its other sessions keep being served)."""
    return WorkerPool(workers=EXTRACTION_WORKERS)


@st.cache_resource(show_spinner=False)
def folder_pool() -> ExtractionPool:
    """The server's processes that parse a folder's articles (started when an article needs parsing): never
    this process, so that the other sessions keep being served while a folder is read."""
    return ExtractionPool(jobs=EXTRACTION_WORKERS)


def read_folder_corpus(folder: Path, progress: Callable[[int, int], None] | None = None) -> Corpus:
    """The folder's corpus, figures as extracted: from the extraction cache and its snapshots where the files are
    unchanged (loaders.load_corpus), the rest parsed in the server's extraction processes."""
    return load_corpus(folder, corrected=False, pool=folder_pool(), progress=progress)


def loading_bar() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress bar with counts for a folder being read, and what removes it."""
    bar = st.progress(0.0, text="記事を読み込んでいます…")

    def update(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"記事を読み込んでいます… {done:,} / {total:,} 件")

    return update, bar.empty


def corrections_stamp() -> tuple[str, int, int]:
    """What the corrections depend on: the corrections file's path, size and modification time."""
    path = corrections_path()
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_size, stat.st_mtime_ns


def folder_corpus(folder: Path) -> SessionCorpus:
    """The shared corpus of the folder, read again only when its files (or the knowledge files) changed, with
    the corrections applied again only when they changed."""
    name = str(folder.expanduser().resolve())
    store = corpus_store()
    digest = _cached_digest(name, _cached_stamp(name), store.reloads, files_fingerprint())
    if digest in store:
        extracted = store.get(digest, lambda: read_folder_corpus(Path(name)))
    else:
        update, done = loading_bar()
        try:
            extracted = store.get(digest, lambda: read_folder_corpus(Path(name), update))
        finally:
            done()
    corrected_key = f"{digest}|{corrections_stamp()}"
    return corrected_store().get(corrected_key, lambda: SessionCorpus(with_facts(extracted)))


def frames_corpus(folder: Path) -> SessionCorpus:
    """The shared corpus of a Parquet export (loaders.write_frames), read again only when its files changed."""
    name = str(folder.expanduser().resolve())
    if not Path(name).is_dir():
        raise FileNotFoundError(name)
    store = corpus_store()
    digest = "frames|" + _cached_digest(name, _cached_stamp(name), store.reloads, "")
    if digest in store:
        return store.get(digest, lambda: SessionCorpus(load_frames(name)))
    with st.spinner("書き出された表を読み込んでいます…", show_time=True):
        return store.get(digest, lambda: SessionCorpus(load_frames(name)))


def uploads_digest(uploads: Sequence[Upload]) -> str:
    """A digest of the uploaded files' names and bytes."""
    digest = hashlib.sha256()
    for name, data in uploads:
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def with_uploads(shared: SessionCorpus, uploads: Sequence[Upload]) -> SessionCorpus:
    """The shared corpus plus these uploaded files, merged by the loaders (uncached)."""
    corpus, report = add_uploads(shared.corpus, uploads, extractor=extraction_pool().extract_all)
    return SessionCorpus(corpus, report)


def session_corpus(folder: Path, uploads: Sequence[Upload] = ()) -> SessionCorpus:
    """The corpus this session shows: the folder's shared one, or its own merged copy when it uploaded files."""
    return session_view_of(folder_corpus(folder), uploads)


def frames_session_corpus(folder: Path, uploads: Sequence[Upload] = ()) -> SessionCorpus:
    """As session_corpus, for a Parquet export opened with --frames."""
    return session_view_of(frames_corpus(folder), uploads)


def session_view_of(shared: SessionCorpus, uploads: Sequence[Upload]) -> SessionCorpus:
    """The shared corpus, or with uploads this session's own merged copy (kept in its session state)."""
    if not uploads:
        st.session_state.pop(UPLOADS_KEY, None)
        return shared
    key = (id(shared), shared.corpus.content_hash, uploads_digest(uploads))
    held = st.session_state.get(UPLOADS_KEY)
    if held is None or held[0] != key:
        with st.spinner("追加した記事を読み込んでいます…"):
            held = (key, with_uploads(shared, uploads))
        st.session_state[UPLOADS_KEY] = held
    return held[1]


@st.cache_data(show_spinner=False)
def _cached_theme_labels(fingerprint: str) -> dict[str, str]:
    return {rule.id: rule.label for rule in load_theme_rules()}


def theme_labels(theme_scores: pd.DataFrame) -> dict[str, str]:
    """Theme id -> Japanese label in themes.toml order, then any other theme the corpus scored."""
    labels = dict(_cached_theme_labels(files_fingerprint()))
    for theme, label in zip(theme_scores["theme"], theme_scores["label"]):
        labels.setdefault(theme, label)
    return labels


@st.cache_data(show_spinner=False)
def _cached_fx_rates(path: str, mtime_ns: int) -> FxRates:
    return load_fx_rates(path)


def fx_rates() -> FxRates:
    """The exchange rates of dashboard/data/fx_rates.toml (re-read when the file changes); a broken file is
    shown in Japanese with its line, and the page stops there."""
    stamp = FX_RATES_PATH.stat().st_mtime_ns if FX_RATES_PATH.exists() else 0
    try:
        return _cached_fx_rates(str(FX_RATES_PATH), stamp)
    except DataFileError as error:
        st.error(f"為替レートのファイルに誤りがあります: {escape_markdown(error, 500)}")
        st.stop()


@st.cache_data(show_spinner="ワードクラウドを描いています…", max_entries=32)
def word_cloud(frequencies: tuple[tuple[str, int], ...]) -> bytes:
    """A cached PNG word cloud (1600×900) for these term frequencies."""
    return word_cloud_png(dict(frequencies))


@st.cache_data(show_spinner=False)
def _cached_vocabulary(fingerprint: str) -> tuple[dict[str, str], frozenset[str]]:
    return load_synonyms(), load_generic_terms()


def vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    """The synonyms (folded spelling -> term) and the generic terms, re-read when a knowledge file changes."""
    return _cached_vocabulary(files_fingerprint())
