"""Presentation mode (?present=1): the deck of `slides.deck_slides`, one chart per screen, like a slide show.

Slide 0 is the title screen (the filter, the date, how many articles); slide n is the deck's n-th chart.
The index is in the URL (`slide=n`), so a link opens the same slide. ← and → (or the buttons) step through
the deck, Esc leaves it. The chart's height follows the window (CSS in PRESENTATION_CSS), so every chart
fits whole at any window size; nothing but the chart and the navigation row is on screen.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import streamlit as st

from dashboard import cache
from dashboard.charts import chart_config, slide_version
from dashboard.filters import WIDGET_KEYS, View, describe_filters
from dashboard.formatting import escape_markdown
from dashboard.slides import Slide, deck_slides, title_lines, today_text

SLIDE_CHART_KEY = "kj_slide_chart"
DECK_MEMO_KEY = "_kj_deck"
SLIDE_KEY = WIDGET_KEYS["slide"]

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer {
  display: none !important;
}
[data-testid="stMainBlockContainer"], .block-container {
  padding: 0.6rem 1.5rem 0.2rem !important; max-width: 100% !important;
}
/* The chart takes the window's height less the navigation row: it fits whole at any size. */
.st-key-kj_slide_chart [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),
.st-key-kj_slide_chart [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),
.st-key-kj_slide_chart [data-testid="stPlotlyChart"] {
  height: calc(100vh - 4.6rem) !important; flex: 0 0 auto !important;
}
.st-key-kj_slide_chart [data-testid="stImage"] img {
  max-height: calc(100vh - 4.6rem) !important; width: auto !important; margin: 0 auto; display: block;
}
.st-key-kj_slide_nav { min-height: 2.6rem; }
.st-key-kj_title_screen { min-height: calc(100vh - 4.6rem); justify-content: center; padding: 0 6vw; }
.st-key-kj_title_screen h1 { font-size: clamp(2rem, 4.5vw, 4.2rem); }
.st-key-kj_title_screen p { font-size: clamp(1.1rem, 1.9vw, 1.9rem); }
</style>
"""


def _go_to(index: int) -> None:
    st.session_state[SLIDE_KEY] = index


def _leave() -> None:
    st.session_state[WIDGET_KEYS["present"]] = False
    st.session_state[SLIDE_KEY] = 0


def _title_screen(view: View, labels: Mapping[str, str], count: int) -> None:
    with st.container(key="kj_title_screen"):
        st.title("AI業界ニュース分析")
        for line in title_lines(view, labels, today_text(date.today()), count):
            st.markdown(escape_markdown(line, 300))


def _chart(slide: Slide) -> None:
    with st.container(key=SLIDE_CHART_KEY):
        if slide.figure is not None:
            fig = slide_version(slide.figure)
            st.plotly_chart(fig, config=chart_config(slide.name), theme=None, key=f"slide_{slide.name}")
        else:
            st.image(cache.word_cloud(tuple((slide.frequencies or {}).items())), width="content")


def _navigation(index: int, count: int) -> None:
    with st.container(key="kj_slide_nav", horizontal=True, vertical_alignment="center"):
        st.button("前へ", key="kj_prev", on_click=_go_to, args=(index - 1,), disabled=index == 0,
                  icon=":material/chevron_left:", shortcut="Left")
        st.text(f"{index} / {count}" if index else f"表紙 / {count}")
        st.button("次へ", key="kj_next", on_click=_go_to, args=(index + 1,), disabled=index >= count,
                  icon=":material/chevron_right:", shortcut="Right")
        st.space("stretch")
        st.button("通常表示に戻る", key="kj_leave", on_click=_leave, type="tertiary", icon=":material/close:",
                  shortcut="Esc")


def _deck(view: View, labels: Mapping[str, str]) -> Sequence[Slide]:
    """The deck of this view, built once per filter in a session (stepping through it only changes `slide`)."""
    key = (id(view.corpus), replace(view.state, slide=0), tuple(sorted(labels.items())))
    memo = st.session_state.get(DECK_MEMO_KEY)
    if memo is None or memo[0] != key:
        memo = (key, deck_slides(view, cache.fx_rates(), labels))
        st.session_state[DECK_MEMO_KEY] = memo
    return memo[1]


def render(view: View, labels: Mapping[str, str]) -> None:
    """The current slide of the deck for this view, and the navigation row."""
    st.html(PRESENTATION_CSS)
    deck = _deck(view, labels)
    index = min(view.state.slide, len(deck))
    if index != view.state.slide:
        st.session_state[SLIDE_KEY] = index
    if index == 0:
        _title_screen(view, labels, len(deck))
    else:
        _chart(deck[index - 1])
    _navigation(index, len(deck))


__all__ = ["PRESENTATION_CSS", "render", "today_text", "describe_filters"]
