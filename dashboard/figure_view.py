"""The three figure pages (資金調達, 売上・収益, トラフィック): charts by company and period, changes, evidence."""
from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.charts import change_chart, figure_value_chart, file_part, metrics_by_size
from dashboard.components import chart_context, current_view, empty_notice, is_present, show_chart, show_table
from dashboard.evidence import chosen_positions, rows_at
from dashboard.evidence_panel import TABLE_HINT, show_evidence
from dashboard.filters import bind_view_param, to_params, write_view_param
from dashboard.formatting import FRAME_LABELS, metric_label, with_display_values
from dashboard.tables import LINK_COLUMN, RAW_FIGURE_COLUMNS, figures_table


def render_figure_page(frame: str) -> None:
    """One frame's page: pick a metric, its chart (currencies side by side), the stated changes, every row."""
    view = current_view()
    st.title(FRAME_LABELS[frame])
    rows = view.frame(frame)
    if rows.empty:
        empty_notice("この条件に合う数値はありません。")
        return
    rates = cache.fx_rates()
    display = with_display_values(rows, view.state.currency, rates)
    metrics = metrics_by_size(display)
    bind_view_param("metric", f"{frame}_metric", metrics)
    metric = st.selectbox("指標", metrics, format_func=metric_label, key=f"{frame}_metric")
    write_view_param("metric", metric, metrics[0])
    chosen = display[display["metric"] == metric]
    context = chart_context()
    if chosen["display_unit"].nunique() > 1:
        st.caption("単位（通貨）の違う数値は合算せず、単位ごとに並べて描いています。")
    # the charts' points name positions in `chosen`; the evidence panel looks them up there
    present = is_present()
    event = show_chart(figure_value_chart(chosen, context=context), f"{frame}_{file_part(metric)}",
                       "この条件に合う数値はありません。", selectable=not present)
    if not present:
        show_evidence(rows_at(chosen, chosen_positions(event)), view)
    event = show_chart(change_chart(chosen, context=context), f"{frame}_{metric}_change",
                       "この指標には本文に書かれた変化率（前年比など）がありません。", selectable=not present)
    if not present:
        show_evidence(rows_at(chosen, chosen_positions(event)), view, hint="")
    if view.state.currency == "usd":
        st.caption(rates.caption())
        unconverted = sorted({u for u, c in zip(display["unit"], display["converted"])
                              if not c and u not in ("USD", "%", "count")})
        if unconverted:
            st.caption(f"換算レートのない通貨（{', '.join(unconverted)}）は元の通貨のまま表示しています。")

    if is_present():
        return
    st.subheader("数値と根拠の文")
    st.caption(TABLE_HINT)
    picked = show_table(figures_table(display, view.articles, view.state.currency, to_params(view.state)), f"{frame}_figures",
                        hidden=(*RAW_FIGURE_COLUMNS, "区分", LINK_COLUMN), selectable=True)
    show_evidence(rows_at(display, picked), view, hint="")
