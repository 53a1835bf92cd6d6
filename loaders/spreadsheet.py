"""Frames as spreadsheets open them safely: no text cell of an article runs as a formula.

Excel, LibreOffice and Google Sheets treat a CSV cell that starts with `=`, `+`, `-` or `@` (and, in some
versions, a tab or a carriage return) as a formula, so a title such as `=HYPERLINK(...)` taken from an
article would run when the export is opened. `formula_safe` follows OWASP's advice on CSV injection: such
text cells get a leading `'`, which the spreadsheet shows as text and does not display. Only text cells are
touched: numeric, boolean and date columns keep their values (a value of -9.7 stays a number).
"""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame whose text cells cannot start a spreadsheet formula (prefixed with ')."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values) \
                or pd.api.types.is_datetime64_any_dtype(values):
            continue
        safe[column] = values.map(_neutralised, na_action="ignore")
    return safe
