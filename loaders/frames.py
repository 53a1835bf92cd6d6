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


def frame_from_rows(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """Build a frame with exactly `columns` (in order, with their dtypes) from dict rows."""
    frame = pd.DataFrame(rows, columns=list(columns))
    for name, dtype in columns.items():
        # via object dtype: an all-missing column arrives as float64, which takes no "" or False
        if dtype == "string":
            frame[name] = frame[name].astype("object").fillna("").astype("string")
        elif dtype == "bool":
            frame[name] = frame[name].astype("object").fillna(False).astype("bool")
        elif dtype == "int64":
            frame[name] = frame[name].fillna(0).astype("int64")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame
