"""企業: who is mentioned most, who appears together, and everything about one company."""
import streamlit as st

from dashboard import cache
from dashboard.charts import company_network_chart, mention_ranking_chart, mention_totals
from dashboard.components import chart_context, current_view, empty_notice, is_present, show_chart, show_table
from dashboard.evidence import chosen_positions, rows_at
from dashboard.evidence_panel import TABLE_HINT, show_evidence, show_fact_evidence
from dashboard.fact_tables import timeline_chart, view_facts
from dashboard.filters import View, bind_view_param, to_params, write_view_param
from dashboard.formatting import escape_markdown, with_display_values
from dashboard.tables import LINK_COLUMN, RAW_FIGURE_COLUMNS, company_articles_table, figures_table


def company_detail(view: View) -> None:
    """Pick one company: its figures with their evidence, and the articles that name it."""
    st.subheader("企業ごとの詳細")
    names = list(mention_totals(view.companies)["company"])
    preferred = [c for c in view.state.company if c in names]
    if st.session_state.get("company_detail") not in names:
        st.session_state["company_detail"] = preferred[0] if preferred else names[0]
    bind_view_param("detail", "company_detail", names)
    company = st.selectbox("企業を選ぶ", names, key="company_detail")
    write_view_param("detail", company, preferred[0] if preferred else names[0])
    figures = view.figures[view.figures["company"] == company]
    st.markdown(f"**{escape_markdown(company)}** の数値")
    if figures.empty:
        empty_notice("この企業について、この条件に合う数値はありません。")
    else:
        display = with_display_values(figures, view.state.currency, cache.fx_rates())
        st.caption(TABLE_HINT)
        picked = show_table(figures_table(display, view.articles, view.state.currency, to_params(view.state)), "company_figures",
                            hidden=(*RAW_FIGURE_COLUMNS, LINK_COLUMN), selectable=True)
        show_evidence(rows_at(display, picked), view, hint="")
    st.markdown(f"**{escape_markdown(company)}** の推移")
    facts = view_facts(view)
    event = show_chart(timeline_chart(facts, company), "company_timeline",
                       "この企業には、時期のわかる数値がありません。", selectable=True)
    show_fact_evidence(facts, chosen_positions(event), view)
    st.markdown(f"**{escape_markdown(company)}** が登場する記事")
    show_table(company_articles_table(view.companies, view.articles, company, to_params(view.state)),
               "company_articles")


def render() -> None:
    """The page."""
    view = current_view()
    st.title("企業")
    if view.companies.empty:
        empty_notice("この条件に合う企業はありません。")
        return
    present = is_present()
    context = chart_context()
    show_chart(mention_ranking_chart(view.companies, present=present, context=context), "company_mentions",
               "この条件に合う企業はありません。")
    show_chart(company_network_chart(view.companies, view.corpus.comentions, present=present, context=context),
               "company_network",
               "同じ記事に一緒に登場する企業の組み合わせがありません。")
    st.caption("線は同じ記事（わかる場合は同じ文）に一緒に登場した企業を結び、太いほど回数が多いことを示します。"
               "円の大きさは言及回数です。")
    if not present:
        company_detail(view)


render()
