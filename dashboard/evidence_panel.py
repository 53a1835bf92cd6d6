"""The evidence panel: the figures behind a clicked chart point or a chosen table row, each with its sentence,
article, publisher and date, and a 本文を見る link that opens the sentence on the ソース page in the same tab
with the reader's filters kept (the pure parts are in dashboard/evidence.py)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.evidence import CARD_CSS, card_html, evidence_params, fact_figure_rows, rows_at
from dashboard.filters import View, to_params
from dashboard.formatting import with_display_values
from dashboard.tables import LINK_TEXT

SOURCE_PAGE_FILE = "app_pages/sources.py"
MAX_CARDS = 12
HINT = "グラフの棒や点をクリックすると、その数値の根拠の文と記事がここに表示されます。"
TABLE_HINT = "行の左端をクリックして選ぶと、その数値の根拠の文と「本文を見る」リンクが表の下に表示されます。"


def show_evidence(rows: pd.DataFrame, view: View, hint: str = HINT) -> None:
    """The figure rows chosen on a chart or table, as evidence cards; the hint (if any) when nothing is chosen."""
    if rows.empty:
        if hint:
            st.caption(hint)
        return
    st.markdown(f"**選んだ数値と根拠の文**（{len(rows)}件）")
    articles = {article["article_id"]: article for article in view.articles.to_dict("records")}
    filters = to_params(view.state)
    st.html(CARD_CSS)
    for number, (_, row) in enumerate(rows.head(MAX_CARDS).iterrows()):
        with st.container(border=True):
            st.html(card_html(row, articles.get(row["article_id"])))
            st.page_link(SOURCE_PAGE_FILE, label=LINK_TEXT, icon=":material/article:",
                         query_params=evidence_params(filters, row["article_id"], row["paragraph"],
                                                      row["sentence_index"]))
    if len(rows) > MAX_CARDS:
        st.caption(f"ほか{len(rows) - MAX_CARDS}件は下の表にあります。")


TIMELINE_HINT = "推移のグラフの点をクリックすると、その数値の根拠の文と記事がここに表示されます。"
FACT_TABLE_HINT = "行の左端をクリックして選ぶと、そのファクトを伝える記事の根拠の文と「本文を見る」リンクが表の下に表示されます。"


def show_fact_evidence(facts: pd.DataFrame, positions: list[int], view: View, hint: str = TIMELINE_HINT) -> None:
    """The evidence of the facts at these positions of `facts` (a clicked timeline point, a chosen table row):
    their figure rows, from every article that states them."""
    rows = fact_figure_rows(rows_at(facts, positions), view.figures)
    show_evidence(with_display_values(rows, view.state.currency, cache.fx_rates()) if not rows.empty else rows,
                  view, hint=hint)
