"""Users' corrections of figure rows, kept as data (corrections.toml) and applied on every load.

A correction names a figure by what survives re-parsing — its article id, its evidence sentence, its value and
unit — and says what to do with it:

    confirm   the figure is right (shown as checked)
    wrong     the figure is not a figure of this kind: it leaves the frames (kept in the corrections frame)
    set       give it another company, metric, frame or status (only the fields given change)

The file lives in the data folder (`--data-dir` / KIJISCOPE_DATA_DIR, else the package's data folder) and is
written by the dashboard; a person may edit it too. Applying is pure: figures in, figures and a report out. A
correction whose figure is no longer found (the article changed or is gone) is reported as not applied, never
silently dropped. The last correction of a figure wins; removing it reverts the figure.
"""
from __future__ import annotations

import math
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from loaders.datafiles import DataFileError, data_dir, read_toml
from loaders.frames import frame_from_rows

CORRECTIONS_FILE = "corrections.toml"
ACTIONS = ("confirm", "wrong", "set")
SETTABLE = ("company", "metric", "frame", "status")
REVIEW_CONFIRMED, REVIEW_CORRECTED = "confirmed", "corrected"

CORRECTION_COLUMNS = {
    "article_id": "string",
    "sentence": "string",
    "value": "float64",
    "unit": "string",
    "action": "string",
    "company": "string",
    "metric": "string",
    "frame": "string",
    "status": "string",
    "at": "string",
    "by": "string",
    "applied": "bool",
    "detail": "string",
}

_HEADER = """\
# Corrections of figure rows, made in the dashboard (or by hand); applied on every load.
# One [[correction]] per figure, found again by article_id + sentence + value + unit:
#   action = "confirm" | "wrong" | "set"; with "set", any of company, metric, frame, status
#   at = when (UTC), by = who (the logged-in user, when a login is configured)
# Delete an entry to undo it.
"""


@dataclass(frozen=True)
class Correction:
    """One user's verdict on one figure."""

    article_id: str
    sentence: str
    value: float
    unit: str
    action: str
    company: str | None = None
    metric: str | None = None
    frame: str | None = None
    status: str | None = None
    at: str = ""
    by: str = ""

    @property
    def key(self) -> tuple[str, str, float, str]:
        return (self.article_id, self.sentence, self.value, self.unit)

    def changes(self) -> dict[str, str]:
        """The fields a `set` correction gives a new value."""
        return {name: getattr(self, name) for name in SETTABLE if getattr(self, name) is not None}


def corrections_path(override: str | Path | None = None) -> Path:
    """Where the corrections of this data folder are kept (the file may not exist yet)."""
    return data_dir(override) / CORRECTIONS_FILE


def load_corrections(override: str | Path | None = None) -> list[Correction]:
    """The corrections in the data folder, in file order; a malformed entry raises DataFileError."""
    path = corrections_path(override)
    if not path.exists():
        return []
    raw = read_toml(path)
    entries = raw.get("correction", [])
    if not isinstance(entries, list):
        raise DataFileError(f"{path}: expected [[correction]] entries")
    corrections = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: correction {number}"
        if not isinstance(entry, dict):
            raise DataFileError(f"{where}: not a table")
        missing = [name for name in ("article_id", "sentence", "value", "unit", "action") if name not in entry]
        if missing:
            raise DataFileError(f"{where}: missing {', '.join(missing)}")
        if entry["action"] not in ACTIONS:
            raise DataFileError(f"{where}: action {entry['action']!r} is not one of {', '.join(ACTIONS)}")
        value = entry["value"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise DataFileError(f"{where}: value must be a number")
        fields = {name: str(entry[name]) for name in SETTABLE if name in entry}
        if entry["action"] == "set" and not fields:
            raise DataFileError(f"{where}: action \"set\" needs one of {', '.join(SETTABLE)}")
        corrections.append(Correction(str(entry["article_id"]), str(entry["sentence"]), float(value),
                                      str(entry["unit"]), entry["action"], **fields,
                                      at=str(entry.get("at", "")), by=str(entry.get("by", ""))))
    return corrections


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _entry(correction: Correction) -> str:
    lines = ["[[correction]]"]
    for name, value in asdict(correction).items():
        if value is None or (name in ("at", "by") and not value):
            continue
        lines.append(f"{name} = {repr(float(value)) if name == 'value' else _toml_string(str(value))}")
    return "\n".join(lines)


def save_corrections(corrections: list[Correction], override: str | Path | None = None) -> Path:
    """Write the corrections file atomically (a reader never sees half a file)."""
    path = corrections_path(override)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _HEADER + "".join(f"\n{_entry(c)}\n" for c in corrections)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".corrections-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def record_correction(correction: Correction, override: str | Path | None = None) -> list[Correction]:
    """Add a correction (replacing any earlier one of the same figure), stamped with the time if unstamped."""
    if not correction.at:
        correction = Correction(**{**asdict(correction), "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    kept = [c for c in load_corrections(override) if c.key != correction.key]
    kept.append(correction)
    save_corrections(kept, override)
    return kept


def undo_correction(key: tuple[str, str, float, str], override: str | Path | None = None) -> list[Correction]:
    """Remove every correction of this figure, so it reverts to what the extraction found."""
    kept = [c for c in load_corrections(override) if c.key != key]
    save_corrections(kept, override)
    return kept


def _matches(figures: pd.DataFrame, correction: Correction) -> pd.Series:
    values = figures["value"].astype("float64")
    close = (values - correction.value).abs() <= 1e-9 * max(1.0, abs(correction.value))
    return ((figures["article_id"] == correction.article_id) & (figures["sentence"] == correction.sentence)
            & (figures["unit"] == correction.unit) & close)


def apply_corrections(figures: pd.DataFrame, corrections: list[Correction]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures with the corrections applied (review, reviewed_at, reviewed_by set), and a report of each."""
    figures = figures.copy()
    for column in ("review", "reviewed_at", "reviewed_by"):
        if column not in figures.columns:
            figures[column] = pd.Series("", index=figures.index, dtype="string")
    wrong = pd.Series(False, index=figures.index)
    latest = {c.key: c for c in corrections}  # the last correction of a figure wins
    report = []
    for correction in latest.values():
        hit = _matches(figures, correction)
        applied = bool(hit.any())
        if applied:
            if correction.action == "wrong":
                wrong |= hit
            else:
                for name, value in correction.changes().items():
                    figures.loc[hit, name] = value
                figures.loc[hit, "review"] = REVIEW_CONFIRMED if correction.action == "confirm" else REVIEW_CORRECTED
            figures.loc[hit, "reviewed_at"] = correction.at
            figures.loc[hit, "reviewed_by"] = correction.by
        report.append({**asdict(correction), "applied": applied,
                       "detail": "" if applied else "figure not found: the article or its sentence has changed"})
    return figures[~wrong].reset_index(drop=True), frame_from_rows(report, CORRECTION_COLUMNS)
