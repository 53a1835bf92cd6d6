"""Column schemas of the corpus frames (the contract in the project's frames spec)."""
from __future__ import annotations

import pandas as pd

FIGURE_FRAMES = ("funding", "revenue", "traffic")
# the frames the export writes: the contract's five, then the facts gathered across articles
EXPORT_FRAMES = ("articles", "companies", *FIGURE_FRAMES, "facts")

ARTICLE_COLUMNS = {
    "article_id": "string",
    "source_file": "string",
    "title": "string",
    "publisher": "string",
    "published": "string",
    "n_chars": "int64",
    "themes": "string",
    "encoding": "string",
    "n_paragraphs": "int64",
    "n_sentences": "int64",
    "n_repeats_removed": "int64",
    "n_furniture_removed": "int64",
}

COMPANY_COLUMNS = {
    "article_id": "string",
    "company": "string",
    "mentions": "int64",
    "is_known": "bool",
    "country": "string",
    "evidence": "string",
}

FIGURE_COLUMNS = {
    "article_id": "string",
    "frame": "string",
    "company": "string",
    "metric": "string",
    "value": "float64",
    "value_high": "float64",
    "unit": "string",
    "period": "string",
    "change_pct": "float64",
    "approx": "bool",
    "sentence": "string",
    "themes": "string",
    "paragraph": "int64",
    "sentence_index": "int64",
    "surface": "string",
    "status": "string",
    # a user's correction (loaders.corrections): "" | confirmed | corrected, when, by whom
    "review": "string",
    "reviewed_at": "string",
    "reviewed_by": "string",
}

SENTENCE_COLUMNS = {
    "article_id": "string",
    "paragraph": "int64",
    "sentence_index": "int64",
    "text": "string",
    "heading": "string",
    "themes": "string",
}

TERM_COLUMNS = {
    "article_id": "string",
    "paragraph": "int64",
    "term": "string",
    "count": "int64",
    "pos": "string",
}

COMENTION_COLUMNS = {
    "company_a": "string",
    "company_b": "string",
    "n_articles": "int64",
    "n_sentences": "int64",
}

THEME_SCORE_COLUMNS = {
    "article_id": "string",
    "theme": "string",
    "label": "string",
    "score": "float64",
}


# One row per company mention in a sentence: start and end are character offsets in the sentence's text. Found
# once at load; highlighting, networks and co-mention counts read it instead of searching again.
MENTION_COLUMNS = {
    "article_id": "string",
    "paragraph": "int64",
    "sentence_index": "int64",
    "company": "string",
    "surface": "string",
    "start": "int64",
    "end": "int64",
    "is_known": "bool",
    "is_product": "bool",
}

# The frames an article contributes rows to, and their columns as an article's rows carry them (without the
# article id and file name, which the corpus puts back: the rows then depend on the file's content alone).
ROW_SCHEMAS = {
    "articles": ARTICLE_COLUMNS,
    "companies": COMPANY_COLUMNS,
    "figures": FIGURE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "terms": TERM_COLUMNS,
    "theme_scores": THEME_SCORE_COLUMNS,
    "mentions": MENTION_COLUMNS,
}
ROW_COLUMNS = {kind: tuple(c for c in schema if c not in ("article_id", "source_file"))
               for kind, schema in ROW_SCHEMAS.items()}


def frame_from_columns(values: dict[str, list], columns: dict[str, str]) -> pd.DataFrame:
    """Build a frame with exactly `columns` from one list of values per column (as frame_from_rows would)."""
    return typed_frame(pd.DataFrame({name: values.get(name, []) for name in columns}, columns=list(columns)), columns)


def frame_from_rows(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """Build a frame with exactly `columns` (in order, with their dtypes) from dict rows."""
    return typed_frame(pd.DataFrame(rows, columns=list(columns)), columns)


def typed_frame(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The frame with each of `columns` in its dtype (missing text "", missing flags False, counts 0)."""
    frame = frame.copy()
    for name, dtype in columns.items():
        # via object dtype: an all-missing column arrives as float64, which takes no "" or False
        if dtype == "string":
            column = frame[name]
            if isinstance(column.dtype, pd.StringDtype):  # text already (Parquet, lists of str): no detour
                frame[name] = column.astype("string").fillna("")
            else:
                frame[name] = column.astype("object").fillna("").astype("string")
        elif dtype == "bool":
            frame[name] = frame[name].astype("object").fillna(False).astype("bool")
        elif dtype == "int64":
            frame[name] = frame[name].fillna(0).astype("int64")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame
