"""The public API: a folder of articles -> Corpus (pandas frames plus the load report)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from loaders.articles import ROW_KINDS, ArticleExtraction, Knowledge, comention_rows
from loaders.budget import DEFAULT_TIME_BUDGET
from loaders.corrections import CORRECTION_COLUMNS, apply_corrections, load_corrections
from loaders.datafiles import files_fingerprint
from loaders.facts import FACT_COLUMNS, build_facts, load_fact_rules
from loaders.frames import (
    ARTICLE_COLUMNS,
    COMENTION_COLUMNS,
    COMPANY_COLUMNS,
    FIGURE_COLUMNS,
    FIGURE_FRAMES,
    SENTENCE_COLUMNS,
    TERM_COLUMNS,
    THEME_SCORE_COLUMNS,
    frame_from_rows,
)
from loaders.fx import load_fx_table
from loaders.guard import extract_guarded
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


def content_hash(documents: list[Document], extra: str = "") -> str:
    """A digest of every document's id and text (and any extra key such as knowledge-file versions)."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for document in documents:
        digest.update(document.article_id.encode("utf-8") + b"\0" + document.text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def load_documents(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], LoadReport]:
    """Read a folder into decoded documents and a load report (no extraction)."""
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    return read_folder(folder, max_bytes)


def load_corpus(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, data_dir: str | Path | None = None,
                time_budget: float | None = DEFAULT_TIME_BUDGET) -> Corpus:
    """Read a folder of articles and extract every frame (users' corrections applied, facts built)."""
    documents, report = load_documents(path, max_bytes)
    return build_corpus(documents, report, data_dir, time_budget=time_budget)


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

        def extractor(batch: list[Document]) -> list[ArticleExtraction | FileOutcome]:
            return [extract_guarded(document, knowledge, time_budget) for document in batch]

    rows: dict[str, list[dict]] = {name: [] for name in ROW_KINDS}
    sentence_companies: dict[str, list[set[str]]] = {}
    empty: set[str] = set()
    failed: dict[str, FileOutcome] = {}
    for document, extracted in zip(documents, extractor(documents), strict=True):
        if isinstance(extracted, FileOutcome):
            failed[document.source_file] = extracted  # reported by name; the rest loads
            continue
        if not extracted.rows["sentences"]:
            empty.add(document.source_file)  # nothing but furniture: reported, not loaded
            continue
        for name in ROW_KINDS:
            rows[name].extend(extracted.rows[name])
        sentence_companies[document.article_id] = extracted.sentence_companies
    corpus = Corpus(
        articles=frame_from_rows(rows["articles"], ARTICLE_COLUMNS),
        companies=frame_from_rows(rows["companies"], COMPANY_COLUMNS),
        figures=frame_from_rows(rows["figures"], FIGURE_COLUMNS),
        sentences=frame_from_rows(rows["sentences"], SENTENCE_COLUMNS),
        terms=frame_from_rows(rows["terms"], TERM_COLUMNS),
        comentions=frame_from_rows(comention_rows(sentence_companies), COMENTION_COLUMNS),
        theme_scores=frame_from_rows(rows["theme_scores"], THEME_SCORE_COLUMNS),
        report=_with_failures(_without_text(report, empty), failed),
        content_hash=content_hash(documents, files_fingerprint(data_dir)),
    )
    return with_facts(corpus, data_dir) if corrected else corpus


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
