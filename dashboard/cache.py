"""The only module that caches: the corpus (keyed on file names, sizes and times and the knowledge files),
theme labels, exchange rates and word-cloud pictures. A filter change reruns pages without any parsing."""
from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.formatting import FX_RATES_PATH, FxRates, escape_markdown, load_fx_rates
from dashboard.word_cloud import word_cloud_png
from loaders import (
    ArticleExtraction,
    Corpus,
    DataFileError,
    Document,
    FileOutcome,
    LoadReport,
    WorkerPool,
    build_corpus,
    corrections_path,
    display_name,
    files_fingerprint,
    iter_folder,
    load_documents,
    load_generic_terms,
    load_synonyms,
    load_theme_rules,
    read_uploads,
    with_facts,
    with_unique_ids,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT / "seeds"
CORPUS_ENV = "KIJISCOPE_CORPUS"

EXTRACTION_WORKERS = 2

FolderKey = tuple[str, tuple[tuple[str, int, int], ...], str]
Upload = tuple[str, bytes]


def corpus_folder(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The article folder: `-- --corpus DIR` on the command line, else $KIJISCOPE_CORPUS, else seeds/."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--corpus")
    known, _ = parser.parse_known_args(list(argv))
    chosen = known.corpus or environ.get(CORPUS_ENV)
    return Path(chosen).expanduser() if chosen else DEFAULT_CORPUS


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


@dataclass(frozen=True)
class SessionCorpus:
    """The corpus of the folder plus this session's uploads, and the load report of the uploads alone."""

    corpus: Corpus
    upload_report: LoadReport


def read_session_corpus(folder: str | Path, uploads: Sequence[Upload] = (),
                        extractor: Callable[[list[Document]], list[ArticleExtraction | FileOutcome]] | None = None
                        ) -> SessionCorpus:
    """Read the folder and the uploaded files through the loaders (uncached); `extractor` extracts the articles
    elsewhere (the server's worker processes), else here."""
    documents, report = load_documents(folder)
    upload_report = LoadReport()
    if uploads:
        uploaded, upload_report = read_uploads(uploads)
        documents = documents + with_unique_ids(uploaded, {document.article_id for document in documents})
        report = LoadReport(report.outcomes + upload_report.outcomes)
    # as extracted: the users' corrections and the facts are applied per change of corrections.toml
    corpus = build_corpus(documents, report, corrected=False, extractor=extractor)
    # the uploads' outcomes are the report's last ones; take them after extraction, which may have refused some
    # (no text, over the time budget)
    first_upload = len(corpus.report.outcomes) - len(upload_report.outcomes)
    upload_report = LoadReport(corpus.report.outcomes[first_upload:])
    return SessionCorpus(corpus, upload_report)


@st.cache_resource(show_spinner=False)
def extraction_pool() -> WorkerPool:
    """The server's extraction processes: articles are extracted there, each within the loaders' time budget, so
    that one session's files never hold the server (its other sessions keep being served)."""
    return WorkerPool(workers=EXTRACTION_WORKERS)


@st.cache_data(show_spinner="記事を読み込んでいます…", max_entries=8)
def _cached_session_corpus(key: FolderKey, uploads: tuple[Upload, ...]) -> SessionCorpus:
    return read_session_corpus(key[0], uploads, extraction_pool().extract_all)


def corrections_stamp() -> tuple[str, int, int]:
    """What the corrections depend on: the corrections file's path, size and modification time."""
    path = corrections_path()
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_size, stat.st_mtime_ns


@st.cache_resource(show_spinner=False, max_entries=16)
def _corrected_corpus(content_hash: str, stamp: tuple[str, int, int], _corpus: Corpus) -> Corpus:
    # shared and read-only: keyed on the extraction's content hash and the corrections file
    return with_facts(_corpus)


def session_corpus(folder: Path, uploads: Sequence[Upload] = ()) -> SessionCorpus:
    """The corpus for this folder and these uploads, parsed once per change of the files, with the users'
    corrections applied and the facts built once per change of the corrections."""
    loaded = _cached_session_corpus(folder_key(folder), tuple(uploads))
    corpus = _corrected_corpus(loaded.corpus.content_hash, corrections_stamp(), loaded.corpus)
    return dataclasses.replace(loaded, corpus=corpus)


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
