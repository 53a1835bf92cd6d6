"""Word-cloud pictures from term frequencies (Japanese font from matplotlib-fontja, fixed layout seed)."""
from __future__ import annotations

import io
from collections.abc import Mapping

import matplotlib_fontja
import pandas as pd
from wordcloud import WordCloud

RANDOM_STATE = 42


def term_frequencies(terms: pd.DataFrame, top: int = 150) -> dict[str, int]:
    """The `top` terms and their total counts, most frequent first (ties by term)."""
    if terms.empty:
        return {}
    totals = terms.groupby("term")["count"].sum()
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:top]
    return {str(term): int(count) for term, count in ordered if count > 0}


def word_cloud_png(frequencies: Mapping[str, float], width: int = 800, height: int = 450, scale: int = 2,
                   random_state: int = RANDOM_STATE) -> bytes:
    """A PNG word cloud (width×height laid out, drawn at `scale`): horizontal words, same input same picture."""
    if not frequencies:
        raise ValueError("a word cloud needs at least one term")
    # Laying words out costs with the canvas area; drawing at scale 2 keeps it sharp (~1 s instead of ~6 s).
    cloud = WordCloud(
        font_path=matplotlib_fontja.get_font_ttf_path(), width=width, height=height, scale=scale,
        background_color="white", prefer_horizontal=1.0, random_state=random_state,
        colormap="tab10", max_words=len(frequencies), collocations=False,
    ).generate_from_frequencies(dict(frequencies))
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG")
    return buffer.getvalue()
