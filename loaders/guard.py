"""One file never takes the load down: each document becomes either its extraction or a load-report outcome.

- `extract_guarded(document, knowledge, seconds)` runs the cleaning and extraction of one document. Any
  exception becomes an outcome `internal_error` (内部エラー: Type: message) naming the file; a knowledge-file
  error (DataFileError) is no fault of the file and still stops the load, as it would for every file.
- A cooperative time budget (loaders/budget.py) is the last line of defence behind the bounded patterns
  (loaders/patterns.py): past it the file is reported as `timeout` (処理時間の上限を超えた) and the load
  goes on.
"""
from __future__ import annotations

from loaders.articles import ArticleExtraction, Knowledge, extract_article
from loaders.budget import DEFAULT_TIME_BUDGET, TimeBudgetExceeded, time_budget
from loaders.datafiles import DataFileError
from loaders.reading import Document, FileOutcome


def extract_guarded(document: Document, knowledge: Knowledge,
                    seconds: float | None = DEFAULT_TIME_BUDGET) -> ArticleExtraction | FileOutcome:
    """The rows of one document, or the outcome that reports why it has none (timeout, internal error)."""
    try:
        with time_budget(seconds):
            return extract_article(document, knowledge)
    except TimeBudgetExceeded:
        return FileOutcome(document.source_file, "skipped", "timeout", f"{seconds:g} s", document.encoding,
                           document.n_bytes)
    except DataFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of one file becomes its report row
        return FileOutcome.internal_error(document.source_file, exc, document.encoding, document.n_bytes)
