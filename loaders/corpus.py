"""The public API: a folder of articles -> Corpus (pandas frames plus the load report).

The engine (engine.py) gives every file's rows, from the cache or parsed; the corpus puts each article's
id back on its rows and joins them, column by column, into one frame per kind in file order.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from loaders.articles import ArticleExtraction, Knowledge, comention_rows
from loaders.cache import ExtractionCache, extractor_version
from loaders.budget import DEFAULT_TIME_BUDGET
from loaders.corrections import CORRECTION_COLUMNS, apply_corrections, load_corrections
from loaders.datafiles import files_fingerprint
from loaders.engine import (
    ExtractionPool,
    FileResult,
    Progress,
    ReadFile,
    extract_document,
    extract_files,
    plan_folder,
    read_files,
    result_from_extraction,
)
from loaders.facts import FACT_COLUMNS, build_facts, load_fact_rules
from loaders.frames import (
    COMENTION_COLUMNS,
    FIGURE_FRAMES,
    MENTION_COLUMNS,
    ROW_SCHEMAS,
    frame_from_columns,
    frame_from_rows,
)
from loaders.fx import load_fx_table
from loaders.reading import DEFAULT_MAX_BYTES, Document, FileOutcome, LoadReport, read_folder


@dataclass(frozen=True)
class Corpus:
    """Every frame the dashboard and the export read, and the report of what was loaded."""

    articles: pd.DataFrame
    companies: pd.DataFrame
    figures: pd.DataFrame  # every figure found, with `frame` funding|revenue|traffic or "" for none
    sentences: pd.DataFrame
    terms: pd.DataFrame
    comentions: pd.DataFrame
    theme_scores: pd.DataFrame
    report: LoadReport
    content_hash: str
    # one row per distinct figure across articles (loaders.facts), and the users' corrections with whether each
    # still found its figure (loaders.corrections)
    facts: pd.DataFrame = field(default_factory=lambda: frame_from_rows([], FACT_COLUMNS))
    corrections: pd.DataFrame = field(default_factory=lambda: frame_from_rows([], CORRECTION_COLUMNS))
    # every company mention of every sentence, with its span (loaders.frames.MENTION_COLUMNS)
    mentions: pd.DataFrame = field(default_factory=lambda: frame_from_rows([], MENTION_COLUMNS))

    @property
    def funding(self) -> pd.DataFrame:
        return self.frame("funding")

    @property
    def revenue(self) -> pd.DataFrame:
        return self.frame("revenue")

    @property
    def traffic(self) -> pd.DataFrame:
        return self.frame("traffic")

    def frame(self, name: str) -> pd.DataFrame:
        """The figures of one frame (funding, revenue or traffic)."""
        if name not in FIGURE_FRAMES:
            raise KeyError(f"unknown frame {name!r}; expected one of {FIGURE_FRAMES}")
        return self.figures[self.figures["frame"] == name].reset_index(drop=True)


def load_documents(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], LoadReport]:
    """Read a folder into decoded documents and a load report (no extraction)."""
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    return read_folder(folder, max_bytes)


def load_corpus(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, data_dir: str | Path | None = None,
                time_budget: float | None = DEFAULT_TIME_BUDGET, *, jobs: int | None = None,
                cache: bool | ExtractionCache = True, progress: Progress | None = None,
                pool: ExtractionPool | None = None, corrected: bool = True, incremental: bool = True) -> Corpus:
    """Read a folder of articles and extract every frame (users' corrections applied, facts built).

    Articles already parsed come from the extraction cache (`cache=False` skips it); the rest are parsed by
    `jobs` processes (default every core; few files are parsed in this process), or by `pool` when given.
    A folder loaded before with nothing changed is read back whole from the cache's snapshot of its corpus
    (loaders.snapshots); one with some files added, changed or removed takes the other articles from the
    snapshot of its previous load and extracts only those files (loaders.increments; `incremental=False`
    assembles it from every article). `progress(done, total)` hears of every file done. A file whose
    extraction fails or takes longer than `time_budget` seconds is reported and left out; with
    `corrected=False` see build_corpus.
    """
    # snapshots are written with loaders.parquet, which needs Corpus from this module: imported when used
    from loaders.increments import corpus_with_changes, kept_files
    from loaders.snapshots import Snapshots, file_table, settled, snapshot_basis, snapshot_key

    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    store = (ExtractionCache() if cache is True else cache) or None
    snapshots = Snapshots(store.folder) if store is not None else None
    previous = None
    try:
        read = read_files(plan_folder(folder, max_bytes, time_budget), data_dir)
        basis = snapshot_basis(data_dir, corrected) if snapshots else ""
        key = snapshot_key(read, basis) if snapshots else ""
        kept = snapshots.read(key) if snapshots else None
        if kept is not None:
            if progress:
                progress(len(read), len(read))
            return kept
        previous = snapshots.previous(basis) if snapshots and incremental else None
        if previous is not None:
            keep = kept_files(read, previous[1])
            todo = [item for item, k in zip(read, keep, strict=True) if not k]
            n_kept = len(read) - len(todo)
            told = (lambda done, total: progress(done + n_kept, total + n_kept)) if progress else None
            results = extract_files(todo, data_dir, jobs, store, told, pool)
        else:
            todo = read
            results = extract_files(read, data_dir, jobs, store, progress, pool)
    finally:
        if cache is True and store is not None:
            store.close()
    if previous is not None:
        corpus = corpus_with_changes(previous[0], read, keep, results, data_dir, corrected)
    else:
        corpus = corpus_from_results(results, data_dir, corrected=corrected)
    if snapshots and settled(todo, results):
        keys = {item.task.article_id: item.key for item in read if isinstance(item, ReadFile)}
        files = file_table(list(zip(corpus.articles["source_file"].tolist(), corpus.articles["article_id"].tolist(),
                                    (keys[article_id] for article_id in corpus.articles["article_id"].tolist()))))
        snapshots.write(key, corpus, basis, files)
    return corpus


def build_corpus(documents: list[Document], report: LoadReport, data_dir: str | Path | None = None,
                 corrected: bool = True, time_budget: float | None = DEFAULT_TIME_BUDGET,
                 extractor: Callable[[list[Document]], list[ArticleExtraction | FileOutcome]] | None = None
                 ) -> Corpus:
    """Clean and extract already-read documents (the dashboard adds uploaded ones this way).

    A file whose extraction fails or takes longer than `time_budget` seconds is reported and left out.
    With `corrected=False` the figures are as extracted and the facts empty: the dashboard keeps that corpus and
    applies the corrections (`with_facts`) whenever they change, without extracting again.
    `extractor` extracts the documents elsewhere, under its own guard and budget, and answers one extraction or
    outcome per document, in order (loaders.workers: in worker processes); by default each document is
    extracted here with `extract_guarded`.
    """
    if extractor is None:
        knowledge = Knowledge.load(data_dir)
        results = [extract_document(document, knowledge, _document_key(document), time_budget)
                   for document in documents]
    else:
        results = [result_from_extraction(document, extracted, _document_key(document))
                   for document, extracted in zip(documents, extractor(documents), strict=True)]
    return corpus_from_results(results, data_dir, report, corrected)


def _document_key(document: Document) -> str:
    digest = hashlib.sha256()
    for part in (document.kind, document.html_title, document.site_name, document.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return "document:" + digest.hexdigest()


@dataclass(frozen=True)
class JoinedRows:
    """The rows of a run of files joined into one frame per kind, and what the corpus needs besides."""

    frames: dict[str, pd.DataFrame]
    outcomes: tuple[FileOutcome, ...]
    empty: frozenset[str]  # files read fine but with no article text after cleaning
    sentence_companies: dict[str, list[set[str]]]
    keys: tuple[tuple[str, str], ...]  # (article_id, content key) of every article, for the content hash


def join_results(results: list[FileResult]) -> JoinedRows:
    """Put each article's id back on its rows and join them, column by column, in the results' order."""
    columns = {kind: {column: [] for column in schema} for kind, schema in ROW_SCHEMAS.items()}
    sentence_companies: dict[str, list[set[str]]] = {}
    outcomes, empty, keys = [], set(), []
    for result in results:
        outcome = result.outcome
        rows = result.payload.get("rows") if outcome.status == "loaded" else None
        if rows is not None and not rows["sentences"]["text"]:
            empty.add(result.source_file)  # nothing but furniture: reported, not loaded
            outcome, rows = replace(outcome, status="skipped", code="no_text", detail=""), None
        outcomes.append(outcome)
        if rows is None:
            continue
        keys.append((result.article_id, result.key))
        for kind, values in rows.items():
            target = columns[kind]
            n_rows = len(next(iter(values.values())))
            target["article_id"].extend([result.article_id] * n_rows)
            if kind == "articles":
                target["source_file"].extend([result.source_file] * n_rows)
            for column, column_values in values.items():
                target[column].extend(column_values)
        sentence_companies[result.article_id] = [set(names) for names in result.payload["sentence_companies"]]
    frames = {kind: frame_from_columns(columns[kind], schema) for kind, schema in ROW_SCHEMAS.items()}
    return JoinedRows(frames, tuple(outcomes), frozenset(empty), sentence_companies, tuple(keys))


def corpus_from_results(results: list[FileResult], data_dir: str | Path | None = None,
                        report: LoadReport | None = None, corrected: bool = True) -> Corpus:
    """Assemble the corpus from the results of every file, in their order (then corrections and facts).

    Without `report` the load report is made of the results' outcomes; a file read fine but with no
    article text after cleaning is reported as skipped (no_text) and adds no rows.
    """
    return corpus_from_parts([join_results(results)], data_dir, report, corrected)


def corpus_from_parts(parts: list[JoinedRows], data_dir: str | Path | None = None,
                      report: LoadReport | None = None, corrected: bool = True) -> Corpus:
    """Assemble the corpus from consecutive runs of files (one, or the partitions of a Dask bag)."""
    if len(parts) == 1:
        frames = parts[0].frames
    else:
        frames = {kind: pd.concat([part.frames[kind] for part in parts], ignore_index=True) for kind in ROW_SCHEMAS}
    sentence_companies = {aid: s for part in parts for aid, s in part.sentence_companies.items()}
    empty = set().union(*(part.empty for part in parts))
    outcomes = tuple(outcome for part in parts for outcome in part.outcomes)
    corpus = Corpus(
        articles=frames["articles"],
        companies=frames["companies"],
        figures=frames["figures"],
        sentences=frames["sentences"],
        terms=frames["terms"],
        comentions=frame_from_rows(comention_rows(sentence_companies), COMENTION_COLUMNS),
        theme_scores=frames["theme_scores"],
        mentions=frames["mentions"],
        report=_reported(report, outcomes, empty),
        content_hash=content_hash([key for part in parts for key in part.keys], data_dir),
    )
    return with_facts(corpus, data_dir) if corrected else corpus


def content_hash(articles: Iterable[tuple[str, str]], data_dir: str | Path | None = None) -> str:
    """The corpus's content hash: the knowledge files, the extractor, and each article's id and content key."""
    digest = hashlib.sha256(f"{files_fingerprint(data_dir)}\0{extractor_version()}".encode("utf-8"))
    for article_id, key in articles:
        digest.update(f"{article_id}\0{key}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _reported(report: LoadReport | None, outcomes: tuple[FileOutcome, ...], empty: set[str]) -> LoadReport:
    """The results' own report; or the given one, with the files that had no text or failed in extraction."""
    if report is None:
        return LoadReport(outcomes)
    failed = {o.source_file: o for o in outcomes if o.status == "skipped" and o.code != "no_text"}
    return _with_failures(_without_text(report, empty), failed)


def with_facts(corpus: Corpus, data_dir: str | Path | None = None) -> Corpus:
    """The corpus with the users' corrections applied to its figures and the facts built from them."""
    figures, corrections = apply_corrections(corpus.figures, load_corrections(data_dir))
    facts = build_facts(figures, corpus.articles, load_fact_rules(data_dir), load_fx_table(data_dir))
    return replace(corpus, figures=figures, facts=facts, corrections=corrections)


def _with_failures(report: LoadReport, failed: dict[str, FileOutcome]) -> LoadReport:
    """The report with the outcome of each file that failed in extraction (timeout, internal error)."""
    return LoadReport(tuple(failed.get(o.source_file, o) for o in report.outcomes))


def _without_text(report: LoadReport, source_files: set[str]) -> LoadReport:
    """The report with these files marked skipped: read fine, but no article text after cleaning."""
    return LoadReport(tuple(
        replace(o, status="skipped", code="no_text", detail="") if o.source_file in source_files else o
        for o in report.outcomes
    ))
