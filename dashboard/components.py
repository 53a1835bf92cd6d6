"""Streamlit pieces every page shares: the current view, charts with a PNG download, tables with a CSV one."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import cache
from dashboard.charts import ChartContext, chart_config, slide_version
from dashboard.filters import View
from dashboard.slides import chart_context as slides_context
from dashboard.slides import view_pptx
from dashboard.tables import LINK_COLUMN, LINK_TEXT, csv_bytes

try:
    from dashboard.images import NO_CHROMIUM_JA, figure_png, find_chromium
except ImportError:  # the static-image module is optional; the chart's own camera button still works
    figure_png = find_chromium = None
    NO_CHROMIUM_JA = ""

VIEW_KEY = "kijiscope_view"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
LABELS_KEY = "kijiscope_theme_labels"
REPORT_KEY = "kijiscope_load_report"
TABLE_ROWS = 500  # rows of a long table sent to the browser on a rerun; its CSV download holds every row
PNG_UNAVAILABLE = ("PNG画像の書き出しは現在利用できません（画像書き出しモジュールがありません）。"
                   "グラフ右上のカメラのボタンから 1920×1080 のPNGを保存できます。")



def slide_png(fig: go.Figure) -> bytes:
    """The PNG of a chart as a slide (1920×1080 at scale 2); called only when the button is pressed."""
    return figure_png(slide_version(fig))


def current_view() -> View:
    """The filtered corpus the app prepared for this run."""
    return st.session_state[VIEW_KEY]


def theme_labels() -> dict[str, str]:
    """Theme id -> Japanese label for the corpus of this run (computed once per corpus)."""
    return st.session_state[LABELS_KEY]


def load_report() -> pd.DataFrame:
    """The load report of this run's corpus as a frame (made once per corpus)."""
    return st.session_state[REPORT_KEY]


def chart_context() -> ChartContext:
    """The subtitle (active filters) and footnote source of this run's charts."""
    return slides_context(current_view(), theme_labels())


def is_present() -> bool:
    """True in presentation mode (?present=1)."""
    return current_view().state.present


def empty_notice(text: str) -> None:
    """Say in words that there is nothing to show (never an empty chart)."""
    st.info(text, icon=":material/info:")


def show_chart(fig: go.Figure | None, name: str, empty_text: str, selectable: bool = False):
    """A plotly chart with the 1920×1080 PNG button and a PNG download; the notice when there is none.

    A `selectable` chart reruns the page when a point is clicked and returns the selection event (else None).
    """
    if fig is None:
        empty_notice(empty_text)
        return None
    event = st.plotly_chart(fig, config=chart_config(name), theme=None, key=f"chart_{name}",
                            on_select="rerun" if selectable else "ignore", selection_mode="points")
    if is_present():
        return event if selectable else None
    if figure_png is None:
        st.caption(PNG_UNAVAILABLE)
    elif find_chromium() is None:
        st.caption(NO_CHROMIUM_JA)
    else:
        st.download_button("PNG画像をダウンロード", data=partial(slide_png, fig), file_name=f"{name}.png",
                           mime="image/png", key=f"png_{name}", icon=":material/image:", on_click="ignore")
    return event if selectable else None


def first_rows_note(total: int, shown: int) -> str:
    """What a table cut to its first rows says above itself."""
    return f"{total:,}件中 先頭{shown:,}件を表示しています。すべての行はCSVでダウンロードできます。"


def _csv_of(build: Callable[[pd.DataFrame], pd.DataFrame], rows: pd.DataFrame) -> bytes:
    return csv_bytes(build(rows))


def show_long_table(rows: pd.DataFrame, build: Callable[[pd.DataFrame], pd.DataFrame], name: str,
                    hidden: Iterable[str] = (), limit: int | None = None) -> None:
    """A table of `build(rows)` with only its first `limit` rows (default TABLE_ROWS) sent to the browser, a
    note of how many there are, and the CSV download of all of them (built only when the button is pressed)."""
    limit = TABLE_ROWS if limit is None else limit
    if len(rows) <= limit:
        show_table(build(rows), name, hidden)
        return
    st.caption(first_rows_note(len(rows), limit))
    show_table(build(rows.head(limit)), name, hidden, csv=partial(_csv_of, build, rows))


def show_table(table: pd.DataFrame, name: str, hidden: Iterable[str] = (), height: int | str = "auto",
               selectable: bool = False, csv: Callable[[], bytes] | None = None) -> list[int]:
    """A table (links open the ソース page) and a CSV download (UTF-8 with BOM) of every column (`csv`: what
    the download holds instead, when the table shows only some of its rows).

    A `selectable` table (outside presentation mode) lets the reader choose a row and returns the chosen row
    positions (in `table`, whatever order the reader sorted it in), else []."""
    if table.empty:
        empty_notice("この条件に合う行はありません。")
        return []
    hidden = set(hidden)
    config = {}
    if LINK_COLUMN in table.columns:
        config[LINK_COLUMN] = st.column_config.LinkColumn(LINK_COLUMN, display_text=LINK_TEXT, width="small")
    options = {"on_select": "rerun", "selection_mode": "single-row"} if selectable and not is_present() else {}
    event = st.dataframe(table, hide_index=True, column_config=config, height=height,
                         column_order=[c for c in table.columns if c not in hidden], key=f"table_{name}", **options)
    positions = list(event.selection.rows) if options else []
    if not is_present():
        st.download_button("CSVをダウンロード", data=csv or partial(csv_bytes, table), file_name=f"{name}.csv",
                           mime="text/csv", key=f"csv_{name}", icon=":material/download:", on_click="ignore")
    return positions


def deck_download(view: View, labels: Mapping[str, str]) -> None:
    """「スライドをダウンロード」: the PowerPoint deck of the current view, built only when the button is pressed."""
    if figure_png is None or find_chromium() is None:
        st.caption("スライドの書き出しには Chromium が必要です。" if figure_png is not None else PNG_UNAVAILABLE)
        return
    st.download_button("スライドをダウンロード", data=partial(view_pptx, view, cache.fx_rates(), dict(labels), date.today()),
                       file_name=f"kijiscope_{date.today():%Y%m%d}.pptx", mime=PPTX_MIME, key="deck_pptx",
                       icon=":material/slideshow:", on_click="ignore",
                       help="今の絞り込みのグラフを、表紙と1グラフ1枚の16:9スライド（発表者ノートに根拠の文）にします。")
