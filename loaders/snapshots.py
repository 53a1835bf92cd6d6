"""Whole-corpus snapshots: a folder loaded again with nothing changed is read back, not assembled again.

The per-article cache (loaders.cache) spares the parse, but a warm load still decodes every article's payload,
joins the rows and builds the facts — work that grows with the corpus (seconds at a few thousand articles).
A snapshot is the assembled corpus, written with loaders.parquet into `<cache folder>/corpora/<key>/`.

Key. sha256 of the knowledge files' fingerprint, the extractor version, whether the users' corrections are
applied and the bytes of the corrections file, and, for every file of the folder in load order, its name, its
article id and its content key (or, for a file skipped while reading, its outcome). Adding, editing, renaming
or removing a file, editing a knowledge file or a correction, or upgrading the code gives another key.

Basis. The part of the key that is not about the files (knowledge, extractor, corrections): a snapshot of the
same basis is the *previous load* of a folder that changed, from which loaders.increments takes the articles
that did not change. So that it can, a snapshot also keeps `files.parquet` (each article's file name, id and
content key, in order) and `snapshot.json` (its basis).

Only a load whose every file ended for a reason that does not change between runs is kept: a file over its
time budget, or whose worker failed, is tried again next time. The newest `KEEP` snapshots stay, older ones
are removed. A snapshot is written to a temporary folder and renamed into place, so no reader sees half of
one; one that cannot be read (truncated, foreign, removed meanwhile) is removed and the corpus assembled
again — a snapshot never changes what a load gives, only how fast.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from loaders.cache import extractor_version
from loaders.corrections import corrections_path
from loaders.datafiles import files_fingerprint
from loaders.engine import FileResult, ReadFile
from loaders.parquet import NotAFramesFolder, load_frames, write_frames

FOLDER = "corpora"
KEEP = 4
FILES = "files.parquet"
MANIFEST = "snapshot.json"
FILE_COLUMNS = ("source_file", "article_id", "key")


def snapshot_basis(data_dir: str | Path | None, corrected: bool) -> str:
    """What a corpus depends on besides its files: knowledge files, extractor, corrections (see the docstring)."""
    digest = hashlib.sha256()
    corrections = b""
    if corrected:
        try:
            corrections = corrections_path(data_dir).read_bytes()
        except FileNotFoundError:
            corrections = b"(none)"
    for part in (files_fingerprint(data_dir), extractor_version(), str(corrected)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(hashlib.sha256(corrections).digest())
    return digest.hexdigest()


def snapshot_key(read: Sequence[FileResult | ReadFile], basis: str) -> str:
    """The key of the corpus these read files give on this basis (see the module docstring)."""
    digest = hashlib.sha256(basis.encode("ascii") + b"\0")
    for item in read:
        if isinstance(item, ReadFile):
            parts = ("file", item.task.source_file, item.task.article_id, item.key)
        else:
            outcome = item.payload.get("outcome", {})
            parts = ("skipped", item.source_file, *(str(outcome.get(name, "")) for name in sorted(outcome)))
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()[:32]


def settled(read: Sequence[FileResult | ReadFile], results: Sequence[FileResult]) -> bool:
    """Whether every file read ended as it would again: loaded or skipped for its content (a result without a
    content key is a failure of extraction — over budget, a worker that died — to be tried again)."""
    return all(result.key for item, result in zip(read, results, strict=True) if isinstance(item, ReadFile))


def file_table(rows: Sequence[tuple[str, str, str]]) -> pd.DataFrame:
    """The (source_file, article_id, content key) of each article of a corpus, in order, as a snapshot keeps it."""
    return pd.DataFrame(list(rows), columns=list(FILE_COLUMNS), dtype="string")


class Snapshots:
    """The snapshots kept under one cache folder; every failure to read or write one is a miss."""

    def __init__(self, cache_folder: str | Path):
        self.folder = Path(cache_folder) / FOLDER

    def read(self, key: str):
        """The corpus kept under this key, or None."""
        path = self.folder / key
        if not path.is_dir():
            return None
        try:
            corpus = load_frames(path)
        except (NotAFramesFolder, OSError, ValueError, KeyError, TypeError):
            shutil.rmtree(path, ignore_errors=True)
            return None
        try:
            os.utime(path)  # the newest used stays longest
        except OSError:
            pass
        return corpus

    def previous(self, basis: str):
        """The newest snapshot of this basis that reads whole, as (corpus, file table), or None."""
        for path in sorted(self._entries(), key=_modified, reverse=True):
            try:
                manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
                if not isinstance(manifest, dict) or manifest.get("basis") != basis:
                    continue
                files = pd.read_parquet(path / FILES, engine="pyarrow")
                if list(files.columns) != list(FILE_COLUMNS):
                    continue
                corpus = load_frames(path)
            except (NotAFramesFolder, OSError, ValueError, KeyError, TypeError):
                continue  # another snapshot, or none: the corpus is assembled from every article
            if len(files) != len(corpus.articles) or not files["article_id"].equals(
                    corpus.articles["article_id"].astype("string")):
                continue
            return corpus, files.astype("string")
        return None

    def write(self, key: str, corpus, basis: str = "", files: pd.DataFrame | None = None) -> None:
        """Keep the corpus under this key, with its basis and file table when given (a failure to write only
        costs the assembly next time)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.folder))
        except OSError:
            return
        try:
            write_frames(corpus, staging)
            if basis and files is not None:
                files.to_parquet(staging / FILES, index=False, engine="pyarrow")
                (staging / MANIFEST).write_text(json.dumps({"basis": basis}), encoding="utf-8")
            staging.replace(self.folder / key)
        except (OSError, ValueError):
            shutil.rmtree(staging, ignore_errors=True)
            return
        self._prune()

    def _prune(self) -> None:
        kept = sorted(self._entries(), key=_modified, reverse=True)
        for path in kept[KEEP:]:
            shutil.rmtree(path, ignore_errors=True)

    def _entries(self) -> list[Path]:
        try:
            return [path for path in self.folder.iterdir() if path.is_dir() and not path.name.startswith(".")]
        except OSError:
            return []

    def info(self) -> tuple[int, int]:
        """How many snapshots are kept, and their size in bytes."""
        entries = self._entries()
        size = sum(file.stat().st_size for path in entries for file in path.iterdir() if file.is_file())
        return len(entries), size

    def clear(self) -> int:
        """Remove every snapshot (and any left half-written); returns how many there were."""
        entries = self._entries()
        if self.folder.is_dir():
            shutil.rmtree(self.folder, ignore_errors=True)
        return len(entries)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
