"""A corpus as a folder of Parquet files, and back: what a cluster parses, a laptop opens without parsing.

`write_frames(corpus, DIR)` writes one `<frame>.parquet` per frame of the corpus (articles, companies,
figures, sentences, terms, comentions, theme_scores, mentions, facts, corrections), `report.parquet` (one row
per file found, with its outcome) and `corpus.json` (the content hash and the format version).
`load_frames(DIR)` reads them back into a Corpus with the frames' own column types, so the dashboard and the
exports see exactly what the parse produced. Parquet (via pyarrow) keeps column types, compresses the
repetitive text columns well and is read by every data tool.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from loaders.corpus import Corpus
from loaders.corrections import CORRECTION_COLUMNS
from loaders.facts import FACT_COLUMNS
from loaders.frames import (
    ARTICLE_COLUMNS,
    COMENTION_COLUMNS,
    COMPANY_COLUMNS,
    FIGURE_COLUMNS,
    MENTION_COLUMNS,
    SENTENCE_COLUMNS,
    TERM_COLUMNS,
    THEME_SCORE_COLUMNS,
    frame_from_rows,
    typed_frame,
)
from loaders.reading import FileOutcome, LoadReport

FORMAT = "kijiscope-frames/1"
MANIFEST = "corpus.json"
SCHEMAS = {
    "articles": ARTICLE_COLUMNS,
    "companies": COMPANY_COLUMNS,
    "figures": FIGURE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "terms": TERM_COLUMNS,
    "comentions": COMENTION_COLUMNS,
    "theme_scores": THEME_SCORE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "facts": FACT_COLUMNS,
    "corrections": CORRECTION_COLUMNS,
}
REPORT_COLUMNS = {"source_file": "string", "status": "string", "code": "string", "detail": "string",
                  "encoding": "string", "n_bytes": "int64"}


class NotAFramesFolder(ValueError):
    """The folder holds no Parquet export of a corpus (or one of another format)."""


def write_frames(corpus: Corpus, out: str | Path) -> dict[str, int]:
    """Write every frame and the load report as Parquet files; returns the row count of each frame."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, schema in SCHEMAS.items():
        frame = getattr(corpus, name)[list(schema)]
        frame.to_parquet(folder / f"{name}.parquet", index=False, engine="pyarrow")
        counts[name] = len(frame)
    report = frame_from_rows([asdict(outcome) for outcome in corpus.report.outcomes], REPORT_COLUMNS)
    report.to_parquet(folder / "report.parquet", index=False, engine="pyarrow")
    manifest = {"format": FORMAT, "content_hash": corpus.content_hash, "counts": counts}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return counts


def load_frames(folder: str | Path) -> Corpus:
    """A corpus read back from a folder that write_frames (or `export --format parquet`) wrote."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotAFramesFolder(f"{folder}: no {MANIFEST} of a Parquet export ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise NotAFramesFolder(f"{folder}: {MANIFEST} is not a {FORMAT} manifest")
    frames = {name: _read(folder / f"{name}.parquet", schema) for name, schema in SCHEMAS.items()}
    report = _read(folder / "report.parquet", REPORT_COLUMNS)
    names = [field.name for field in fields(FileOutcome)]
    outcomes = tuple(FileOutcome(**dict(zip(names, row))) for row in
                     report[names].astype(object).itertuples(index=False, name=None))
    return Corpus(report=LoadReport(outcomes), content_hash=str(manifest.get("content_hash", "")), **frames)


def _read(path: Path, schema: dict[str, str]) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path, engine="pyarrow")
    except (OSError, ValueError) as exc:
        raise NotAFramesFolder(f"{path}: cannot be read as Parquet ({exc})") from exc
    missing = [column for column in schema if column not in frame.columns]
    if missing:
        raise NotAFramesFolder(f"{path}: missing columns {missing}")
    return typed_frame(frame[list(schema)], schema)
