"""The per-article extraction cache on disk: a file's rows are parsed once, then read back.

Key. sha256 of (the file's bytes, how it is read — text, markdown or html —, the knowledge files'
fingerprint, the extractor version). The extractor version is a hash of the loaders package's own source
files, so any change of the code invalidates every entry; editing a knowledge file invalidates every entry
read with it, and nothing else changes a key. A file's name is not part of the key: the rows are stored
without their article id, which is put back when the corpus is assembled, so a renamed or copied file is a hit.

Format. One SQLite file (`extractions.sqlite3` in $KIJISCOPE_CACHE_DIR, default the per-user cache folder of
platformdirs, `kijiscope`), one row per article: the key and a zlib-compressed JSON payload holding the
article's rows column by column (the outcome of reading, and for each frame a list per column). SQLite rather
than Parquet because the cache is keyed random access to many small entries that are added a few at a time:
SQLite looks up thousands of keys in one query, commits a batch atomically (a crash leaves no half-written
entry), lets several processes read and write one file, and needs nothing beyond the standard library;
Parquet files are immutable, so per-article entries would mean thousands of tiny files or rewriting a file
on every addition. (Parquet is the format of whole-corpus exports, see loaders/parquet.py.) JSON rather than
pickle so that a foreign or tampered file can never run code when it is read.

Robustness. An entry that does not decompress, parse or have the expected shape is a miss and is rewritten;
a file that is not a SQLite database is set aside (renamed `*.corrupt`) and a fresh one started; a folder
that cannot be written disables the cache for the run. None of these ever stops a load.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import platformdirs

CACHE_DIR_ENV = "KIJISCOPE_CACHE_DIR"
CACHE_FILE = "extractions.sqlite3"
SCHEMA = 1  # bumped when the table layout changes
_LOOKUP_BATCH = 500  # keys per SELECT (SQLite allows 32766 parameters; smaller batches keep memory flat)
_PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """The cache folder: $KIJISCOPE_CACHE_DIR, else the per-user cache folder."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_cache_dir("kijiscope"))


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the loaders package's source files: any change of the extraction code changes it."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def entry_key(file_digest: str, kind: str, knowledge: str, version: str) -> str:
    """The key of one article's entry."""
    return hashlib.sha256("\0".join((file_digest, kind, knowledge, version)).encode("utf-8")).hexdigest()


def encode_payload(payload: dict) -> bytes:
    """A payload as stored: compact JSON (NaN allowed), zlib-compressed."""
    text = json.dumps(payload, separators=(",", ":"), default=_plain)
    return zlib.compress(text.encode("utf-8"), 1)


def decode_payload(blob: bytes) -> dict | None:
    """The stored payload, or None when the blob is not one of ours."""
    try:
        value = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _plain(value):
    # numpy scalars (pandas hands them out) become the Python numbers they hold
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"cannot store {type(value).__name__} in the extraction cache")


# SQLite's names for a file that is not a sound database of ours
_DAMAGED = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE",
                      "SQLITE_CORRUPT_VTAB", "SQLITE_ERROR"})


class _ForeignCache(sqlite3.DatabaseError):
    """The file is a SQLite database, but not one of this cache's layout."""


class ExtractionCache:
    """Article payloads by key in one SQLite file; every failure degrades to a miss."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder else cache_dir()
        self.path = self.folder / CACHE_FILE
        self.problem = ""  # why the cache is off for this run, if it is
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is not None or self.problem:
            return self._connection
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._connection = self._open()
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
        except OSError as exc:
            self.problem = f"cannot use {self.folder}: {exc.strerror or exc}"
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            connection.execute("CREATE TABLE IF NOT EXISTS entries "
                               "(key TEXT PRIMARY KEY, version TEXT, created REAL, payload BLOB)")
            row = connection.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is None:
                connection.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            elif row[0] != str(SCHEMA):
                raise _ForeignCache(f"cache schema {row[0]}, expected {SCHEMA}")
            connection.commit()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        """A damaged or foreign file is set aside; a busy or unopenable one turns the cache off for this run."""
        if isinstance(exc, _ForeignCache) or getattr(exc, "sqlite_errorname", "") in _DAMAGED:
            self._set_aside()
        else:
            self._close_quietly()
            self.problem = f"cannot use {self.path}: {exc}"

    def _set_aside(self) -> None:
        """The file is no cache of ours (corrupt, truncated, foreign): move it away and start afresh."""
        self._close_quietly()
        try:
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            if self.path.exists():
                self.path.replace(self.path.with_name(self.path.name + ".corrupt"))
            self._connection = self._open()
        except (OSError, sqlite3.DatabaseError) as exc:
            self.problem = f"cannot use {self.path}: {exc}"
            self._connection = None

    def _close_quietly(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except sqlite3.Error:
                pass
            self._connection = None

    def get_many(self, keys: Iterable[str]) -> dict[str, dict]:
        """The payloads found for these keys (unreadable entries are left out, to be rebuilt)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, dict] = {}
        for _ in range(2):  # a second try after a damaged file was set aside
            connection = self._connect()
            if connection is None:
                return found
            try:
                for start in range(0, len(wanted), _LOOKUP_BATCH):
                    batch = wanted[start:start + _LOOKUP_BATCH]
                    marks = ",".join("?" * len(batch))
                    for key, blob in connection.execute(
                            f"SELECT key, payload FROM entries WHERE key IN ({marks})", batch):
                        payload = decode_payload(blob) if isinstance(blob, bytes) else None
                        if payload is not None:
                            found[key] = payload
                return found
            except sqlite3.DatabaseError as exc:
                found.clear()
                self._failed(exc)
        return found

    def put_many(self, entries: Iterable[tuple[str, dict]], version: str) -> None:
        """Store payloads in one transaction (a failure to write only costs a re-parse next time)."""
        rows = [(key, version, time.time(), encode_payload(payload)) for key, payload in entries]
        connection = self._connect()
        if connection is None or not rows:
            return
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            self._failed(exc)  # a failure to write only costs a re-parse next time

    def info(self) -> dict:
        """Where the cache is, how many entries it holds (and how many of this extractor version), its size."""
        connection = self._connect()
        size = sum(p.stat().st_size for p in self.folder.glob(CACHE_FILE + "*") if p.is_file()) \
            if self.folder.is_dir() else 0
        facts = {"path": str(self.path), "entries": 0, "current": 0, "bytes": size,
                 "version": extractor_version(), "problem": self.problem}
        if connection is not None:
            try:
                facts["entries"] = connection.execute("SELECT count(*) FROM entries").fetchone()[0]
                facts["current"] = connection.execute("SELECT count(*) FROM entries WHERE version = ?",
                                                      (extractor_version(),)).fetchone()[0]
            except sqlite3.DatabaseError as exc:
                facts["problem"] = str(exc)
        return facts

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        connection = self._connect()
        if connection is None:
            return 0
        try:
            with connection:
                count = connection.execute("SELECT count(*) FROM entries").fetchone()[0]
                connection.execute("DELETE FROM entries")
            connection.execute("VACUUM")
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return 0
        return count

    def close(self) -> None:
        """Close the database file."""
        self._close_quietly()
