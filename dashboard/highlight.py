"""Article text as safe HTML: everything escaped, figure surfaces and company names wrapped in <mark>."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from loaders import Gazetteer, find_mentions

MARK_CLASSES = {"figure": "kj-figure", "company": "kj-company"}
MAX_NEEDLE_CHARS = 60

ARTICLE_CSS = """
<style>
.kj-article { line-height: 1.9; font-size: 1rem; }
.kj-article h4 { margin: 1.2em 0 0.4em; font-size: 1.1rem; }
.kj-article p { margin: 0 0 0.9em; }
mark.kj-figure { background: #ffe08a; padding: 0 2px; border-radius: 3px; }
mark.kj-company { background: #cfe3ff; padding: 0 2px; border-radius: 3px; }
.kj-article .kj-evidence { background: #fff3c4; outline: 3px solid #e0a800; border-radius: 3px;
  scroll-margin: 40vh 0; }
</style>
"""
EVIDENCE_ID = "kj-evidence"
EVIDENCE_CLASS = "kj-evidence"
# Scrolls the ソース page to the marked sentence once its HTML is on the page (a fixed script, no article text).
SCROLL_TO_EVIDENCE_JS = f"""
<script>
(() => {{
  let tries = 0;
  const scroll = () => {{
    const target = document.getElementById("{EVIDENCE_ID}");
    if (target) {{ target.scrollIntoView({{block: "center"}}); return; }}
    if (++tries < 100) setTimeout(scroll, 100);
  }};
  scroll();
}})();
</script>
"""


def mark_spans(text: str, figure_surfaces: Iterable[str], company_names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans of the needles in `text`: figures first, longer needles first."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for kind, needles in (("figure", figure_surfaces), ("company", company_names)):
        unique = {n for n in needles if isinstance(n, str) and 0 < len(n.strip()) <= MAX_NEEDLE_CHARS}
        for needle in sorted(unique, key=lambda n: (-len(n), n)):
            for found in re.finditer(re.escape(needle), text):
                start, end = found.span()
                if not any(taken[start:end]):
                    spans.append((start, end, kind))
                    taken[start:end] = [True] * (end - start)
    return sorted(spans)


def mention_surfaces(texts: Iterable[str], companies: pd.DataFrame, gazetteer: Gazetteer) -> set[str]:
    """How the text writes the article's companies (aliases and products included), found with the gazetteer."""
    wanted = set(companies["company"])
    unknown = tuple(companies.loc[~companies["is_known"], "company"])
    surfaces = {name for name in wanted if name}
    for text in texts:
        surfaces |= {m.surface for m in find_mentions(text, gazetteer, unknown) if m.company in wanted}
    return surfaces


def highlight_html(text: str, figure_surfaces: Iterable[str] = (), company_names: Iterable[str] = ()) -> str:
    """`text` escaped for HTML, with the found needles wrapped in <mark class=...>; nothing in it can run."""
    pieces, position = [], 0
    for start, end, kind in mark_spans(text, figure_surfaces, company_names):
        pieces.append(html.escape(text[position:start]))
        pieces.append(f'<mark class="{MARK_CLASSES[kind]}">{html.escape(text[start:end])}</mark>')
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def article_html(sentences: pd.DataFrame, figures: pd.DataFrame, company_names: Iterable[str],
                 evidence: tuple[int, int] | None = None) -> str:
    """One article's sentences as HTML paragraphs (headings as <h4>), figures and companies marked; the sentence
    at `evidence` (paragraph, sentence_index) wrapped in <span id="kj-evidence" class="kj-evidence">."""
    names = list(company_names)
    by_place: dict[tuple[int, int], list[str]] = {}
    by_sentence: dict[str, list[str]] = {}
    for row in figures.itertuples(index=False):
        by_place.setdefault((int(row.paragraph), int(row.sentence_index)), []).append(row.surface)
        by_sentence.setdefault(row.sentence, []).append(row.surface)
    blocks = []
    ordered = sentences.sort_values(["paragraph", "sentence_index"], kind="stable")
    for _, paragraph in ordered.groupby("paragraph", sort=True):
        marked = []
        for row in paragraph.itertuples(index=False):
            surfaces = by_place.get((int(row.paragraph), int(row.sentence_index)), []) + by_sentence.get(row.text, [])
            text = highlight_html(row.text, surfaces, names)
            if evidence == (int(row.paragraph), int(row.sentence_index)):
                text = f'<span id="{EVIDENCE_ID}" class="{EVIDENCE_CLASS}">{text}</span>'
            marked.append(text)
        first = paragraph.iloc[0]
        if len(paragraph) == 1 and first["text"] == first["heading"]:
            blocks.append(f"<h4>{marked[0]}</h4>")
        else:
            blocks.append(f"<p>{''.join(marked)}</p>")
    return ARTICLE_CSS + '<div class="kj-article">' + "\n".join(blocks) + "</div>"
