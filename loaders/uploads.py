"""Articles added to an already-built corpus (files uploaded in one dashboard session).

Only the new documents are extracted. Their frames are appended to the corpus's; a new article whose id
clashes with one already there gets `_2`, `_3`, … . Company co-mentions are counts per pair, so the two
corpora's counts are added; the facts are rebuilt from all figures, because a fact gathers figures from many
articles. The corpus passed in is never changed (frames are new objects), so one shared corpus can take the
uploads of many sessions, each getting its own merged copy.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from loaders.corpus import Corpus, build_corpus
from loaders.facts import build_facts, load_fact_rules
from loaders.fx import load_fx_table
from loaders.reading import DEFAULT_MAX_BYTES, Document, LoadReport, read_folder

Upload = tuple[str, bytes]  # (file name as the user's browser gave it, its bytes)
PAIR = ["company_a", "company_b"]


def upload_name(name: str, taken: set[str]) -> str:
    """An uploaded file's base name (never a path), made unique among `taken` (which it joins)."""
    base = Path(name.replace("\\", "/")).name or "upload.txt"
    candidate, n = base, 2
    while candidate in taken:
        stem, suffix = os.path.splitext(base)
        candidate, n = f"{stem}_{n}{suffix}", n + 1
    taken.add(candidate)
    return candidate


def read_uploads(uploads: Sequence[Upload], max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], LoadReport]:
    """Read uploaded files exactly as files of a folder are read (same checks, same report)."""
    if not uploads:
        return [], LoadReport()
    with tempfile.TemporaryDirectory(prefix="kijiscope-upload-") as scratch:
        taken: set[str] = set()
        for name, data in uploads:
            (Path(scratch) / upload_name(name, taken)).write_bytes(data)
        return read_folder(scratch, max_bytes)


def with_unique_ids(documents: list[Document], taken: set[str]) -> list[Document]:
    """The documents, each whose id is in `taken` renamed with the first free suffix _2, _3, … (ids join `taken`)."""
    renamed = []
    for document in documents:
        article_id, n = document.article_id, 2
        while article_id in taken:
            article_id, n = f"{document.article_id}_{n}", n + 1
        taken.add(article_id)
        renamed.append(replace(document, article_id=article_id))
    return renamed


def _concat(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Rows of both, with the first frame's columns and dtypes (categories widened to hold both)."""
    if second.empty:
        return first
    if first.empty:
        return second.astype(first.dtypes.to_dict()) if set(first.columns) == set(second.columns) else second
    both = pd.concat([first, second], ignore_index=True)
    for name, dtype in first.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype) and not isinstance(both[name].dtype, pd.CategoricalDtype):
            both[name] = both[name].astype("category")
        elif both[name].dtype != dtype and not isinstance(dtype, pd.CategoricalDtype):
            both[name] = both[name].astype(dtype)
    return both


def _comentions(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    if second.empty:
        return first
    summed = pd.concat([first, second], ignore_index=True).astype({c: "string" for c in PAIR})
    summed = summed.groupby(PAIR, as_index=False, sort=True)[["n_articles", "n_sentences"]].sum()
    return summed.astype(first.dtypes.to_dict())


def add_documents(corpus: Corpus, documents: list[Document], report: LoadReport, data_dir: str | Path | None = None,
                  extractor: Callable | None = None) -> Corpus:
    """The corpus with these documents extracted and added (ids made unique), and their report appended;
    `extractor` extracts them elsewhere (as for build_corpus)."""
    added = build_corpus(with_unique_ids(documents, set(corpus.articles["article_id"])), report, data_dir,
                         extractor=extractor)
    merged = Corpus(
        articles=_concat(corpus.articles, added.articles),
        companies=_concat(corpus.companies, added.companies),
        figures=_concat(corpus.figures, added.figures),
        sentences=_concat(corpus.sentences, added.sentences),
        terms=_concat(corpus.terms, added.terms),
        comentions=_comentions(corpus.comentions, added.comentions),
        theme_scores=_concat(corpus.theme_scores, added.theme_scores),
        report=LoadReport(corpus.report.outcomes + added.report.outcomes),
        content_hash=hashlib.sha256(f"{corpus.content_hash}+{added.content_hash}".encode()).hexdigest()[:16],
        corrections=corpus.corrections,
    )
    if added.figures.empty:
        return replace(merged, facts=corpus.facts)
    facts = build_facts(merged.figures, merged.articles, load_fact_rules(data_dir), load_fx_table(data_dir))
    return replace(merged, facts=facts)


def add_uploads(corpus: Corpus, uploads: Sequence[Upload], max_bytes: int = DEFAULT_MAX_BYTES,
                data_dir: str | Path | None = None, extractor: Callable | None = None) -> tuple[Corpus, LoadReport]:
    """The corpus with the uploaded files added, and the load report of the uploads alone (after extraction,
    which may refuse some: no text, over the time budget)."""
    documents, report = read_uploads(uploads, max_bytes)
    merged = add_documents(corpus, documents, report, data_dir, extractor)
    return merged, LoadReport(merged.report.outcomes[len(corpus.report.outcomes):])
