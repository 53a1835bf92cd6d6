"""Locate and read the user-editable knowledge files (TOML and word lists) under `loaders/data/`."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_DIR_ENV = "KIJISCOPE_DATA_DIR"


class DataFileError(ValueError):
    """A knowledge file is missing or malformed; the message names the file and the line."""


def data_dir(override: str | Path | None = None) -> Path:
    """The folder holding the knowledge files: the argument, else $KIJISCOPE_DATA_DIR, else the packaged one."""
    if override:
        return Path(override)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else PACKAGE_DATA_DIR


def data_path(name: str, override: str | Path | None = None) -> Path:
    """Path of one knowledge file; a user folder may hold only some files, the rest come from the package."""
    folder = data_dir(override)
    candidate = folder / name
    return candidate if candidate.exists() else PACKAGE_DATA_DIR / name


def read_text(path: Path) -> str:
    """A knowledge file's text; a missing, unreadable or not-UTF-8 file is a DataFileError with its line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: file not found") from exc
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataFileError(f"{path}, line {line}: not UTF-8 ({exc.reason} at byte {exc.start}); "
                            "save the file as UTF-8") from exc


def read_toml(path: Path) -> dict:
    """Parse a TOML file, turning syntax errors into a DataFileError that names the file and line."""
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)", or "(at end of document)": then say the last line
        if "at line" in str(exc):
            raise DataFileError(f"{path}: {exc}") from exc
        raise DataFileError(f"{path}, line {max(1, len(text.splitlines()))}: {exc}") from exc


def is_word_list(value) -> bool:
    """Whether a value read from a knowledge file is a list of words: strings that are not blank."""
    return isinstance(value, list) and all(isinstance(word, str) and word.strip() for word in value)


def line_of(path: Path, fragment: str) -> int | None:
    """The number of the first line of a knowledge file that holds `fragment` (None when none does)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, start=1) if fragment in line), None)


def place_of(path: Path, fragment: str) -> str:
    """"FILE, line N" for the first line that holds `fragment`, else just the file (for error messages)."""
    line = line_of(path, fragment)
    return f"{path}, line {line}" if line else str(path)


def read_word_list(path: Path) -> list[str]:
    """One entry per line; blank lines and `#` comments are ignored."""
    lines = read_text(path).splitlines()
    words = []
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.append(entry)
    return words


# Users' corrections are applied after extraction (loaders.corrections): editing them re-parses nothing.
NOT_KNOWLEDGE = frozenset({"corrections.toml"})


def files_fingerprint(override: str | Path | None = None) -> str:
    """A string that changes whenever any knowledge file changes (for cache keys)."""
    folder = data_dir(override)
    parts = []
    for base in dict.fromkeys([folder, PACKAGE_DATA_DIR]):
        if base.is_dir():
            for path in sorted(base.iterdir()):
                if path.is_file() and path.name not in NOT_KNOWLEDGE:
                    stat = path.stat()
                    parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)
