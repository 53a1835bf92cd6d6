"""ファクト: one row per figure however many articles state it, the conflicts between sources, a company's
timeline, and the users' corrections of figures."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, login
from dashboard.components import current_view, empty_notice, is_present, show_chart, show_table
from dashboard.evidence import chosen_positions, evidence_params
from dashboard.evidence_panel import FACT_TABLE_HINT, SOURCE_PAGE_FILE, show_fact_evidence
from dashboard.fact_tables import (
    ACTION_LABELS,
    CONFLICT_MARK,
    RAW_FACT_COLUMNS,
    REVIEW_LABELS,
    conflict_groups,
    corrections_table,
    facts_table,
    timeline_chart,
    view_facts,
)
from dashboard.filters import View, bind_view_param, to_params, write_view_param
from dashboard.formatting import (
    company_label,
    escape_markdown,
    format_value,
    metric_label,
    status_label,
    status_names,
)
from dashboard.tables import LINK_TEXT
from loaders import Correction, record_correction, undo_correction


def editor() -> tuple[bool, str, bool]:
    """Whether this session may correct figures, who it is, and whether the form must ask for a name.

    Without a login (the dashboard on this machine only) anyone may; with one, only a logged-in session: OpenID
    Connect names the user, a shared passphrase does not, so the form asks whose correction it is."""
    config = login.current_config()
    if config.mode == auth.NONE:
        return True, "", False
    if not login.is_open(config):
        return False, "", False
    if config.mode == auth.OIDC:
        return True, str(st.user.get("email") or st.user.get("name") or ""), False
    return True, "", True


def figure_choice_label(row: pd.Series) -> str:
    sentence = str(row["sentence"])
    return (f"{company_label(row['company'])}｜{metric_label(row['metric'])}｜"
            f"{format_value(row['value'], row['unit'], row['metric'], row['value_high'])}｜"
            f"{sentence[:40]}{'…' if len(sentence) > 40 else ''}")


def correction_form(view: View) -> None:
    """Pick a figure of the current view, see its evidence, and confirm, reject or correct it."""
    allowed, who, ask_name = editor()
    figures = view.figures
    if figures.empty:
        empty_notice("この条件に合う数値はありません。")
        return
    labels = [figure_choice_label(row) for _, row in figures.iterrows()]
    # options are the rows' positions as text, as the link has them (figure=3)
    positions = [str(i) for i in range(len(figures))]
    if st.session_state.get("facts_figure") not in positions:
        st.session_state["facts_figure"] = positions[0]
    bind_view_param("figure", "facts_figure", positions)
    index = st.selectbox("数値を選ぶ", positions, format_func=lambda i: labels[int(i)], key="facts_figure")
    write_view_param("figure", index, positions[0])
    row = figures.iloc[int(index)]
    st.markdown(f"**根拠の文**: {escape_markdown(row['sentence'], 400)}")
    # a page link: the same tab, the filters kept, the sentence marked (a markdown link opens a new tab)
    st.page_link(SOURCE_PAGE_FILE, label=LINK_TEXT, icon=":material/article:",
                 query_params=evidence_params(to_params(view.state), row["article_id"], row["paragraph"],
                                              row["sentence_index"]))
    if row.get("review"):
        st.caption(f"{REVIEW_LABELS.get(row['review'], row['review'])}（{escape_markdown(row['reviewed_at'])}"
                   f"{'・' + escape_markdown(row['reviewed_by']) if row['reviewed_by'] else ''}）")
    if not allowed:
        st.info("数値を修正するにはログインしてください。", icon=":material/lock:")
        return
    metrics = sorted(set(view.corpus.figures["metric"]) | {row["metric"]})
    with st.form("facts_correction", border=True):
        action = st.radio("この数値は", tuple(ACTION_LABELS), format_func=ACTION_LABELS.get, horizontal=True)
        left, middle, right = st.columns(3)
        company = left.text_input("企業", value=row["company"])
        metric = middle.selectbox("指標", metrics, index=metrics.index(row["metric"]), format_func=metric_label)
        statuses = list(status_names())
        status = right.selectbox("状態", statuses, format_func=status_label,
                                 index=statuses.index(row["status"]) if row.get("status") in statuses else 0)
        if ask_name:
            who = st.text_input("あなたの名前（修正の記録に残ります）", max_chars=80).strip()
        if st.form_submit_button("保存", type="primary"):
            if ask_name and not who:
                st.warning("修正の記録に残す名前を入力してください。", icon=":material/warning:")
                return
            changes = {}
            if action == "set":
                changes = {name: value for name, value, before in (
                    ("company", company.strip(), row["company"]), ("metric", metric, row["metric"]),
                    ("status", status, row.get("status") or "actual")) if value != before}
                if not changes:
                    st.warning("変更する項目がありません。", icon=":material/warning:")
                    return
            record_correction(Correction(str(row["article_id"]), str(row["sentence"]), float(row["value"]),
                                         str(row["unit"]), action, **changes, by=who))
            st.rerun()


def corrections_list(view: View) -> None:
    """Every correction made, whether it still finds its figure, and a way to undo one."""
    corrections = view.corpus.corrections
    if corrections.empty:
        st.caption("まだ修正はありません。")
        return
    orphans = int((~corrections["applied"]).sum())
    if orphans:
        st.warning(f"{orphans}件の修正は、該当する数値が見つからないため適用されていません。", icon=":material/warning:")
    show_table(corrections_table(corrections), "corrections")
    allowed, _, _ = editor()
    if not allowed:
        return
    choices = list(range(len(corrections)))
    pick = st.selectbox("取り消す修正", choices, key="facts_undo",
                        format_func=lambda i: f"{ACTION_LABELS.get(corrections['action'].iloc[i])}｜"
                                              f"{str(corrections['sentence'].iloc[i])[:40]}")
    if st.button("修正を取り消す", icon=":material/undo:"):
        chosen = corrections.iloc[pick]
        undo_correction((chosen["article_id"], chosen["sentence"], float(chosen["value"]), chosen["unit"]))
        st.rerun()


def render() -> None:
    """The page."""
    view = current_view()
    st.title("ファクト")
    facts = view_facts(view)
    if facts.empty:
        empty_notice("この条件に合う数値はありません。")
        return
    present = is_present()
    if not present:
        st.caption("複数の記事が同じ数値（同じ企業・指標・期間、1%以内、または換算して同じ金額）を伝えていれば、"
                   "1つのファクトにまとめ、情報源の数を示します。")
    conflicts = conflict_groups(facts, view.articles, to_params(view.state))
    left, middle, right = st.columns(3)
    left.metric("ファクト", f"{len(facts):,}件")
    middle.metric("複数の情報源で確認", f"{int((facts['n_sources'] > 1).sum()):,}件")
    right.metric("食い違い", f"{len(conflicts):,}件")

    companies = [c for c in dict.fromkeys(facts.sort_values("n_sources", ascending=False)["company"]) if c]
    if companies:
        st.subheader("企業の推移")
        preferred = [c for c in view.state.company if c in companies]
        first = preferred[0] if preferred else companies[0]
        if st.session_state.get("facts_timeline") not in companies:
            st.session_state["facts_timeline"] = first
        bind_view_param("timeline", "facts_timeline", companies)
        company = st.selectbox("企業を選ぶ", companies, key="facts_timeline")
        write_view_param("timeline", company, first)
        event = show_chart(timeline_chart(facts, company, present=present), "facts_timeline",
                           "この企業には、時期のわかる数値がありません。", selectable=not present)
        if not present:
            show_fact_evidence(facts, chosen_positions(event), view)

    if conflicts:
        st.subheader(CONFLICT_MARK)
        for number, (heading, table) in enumerate(conflicts, start=1):
            st.markdown(f"**{escape_markdown(heading, 200)}**")
            show_table(table, f"conflict_{number}")
    if present:
        return
    st.subheader("ファクト一覧")
    st.caption(FACT_TABLE_HINT)
    picked = show_table(facts_table(facts, view.articles, to_params(view.state)), "facts", hidden=RAW_FACT_COLUMNS,
                        selectable=True)
    show_fact_evidence(facts, picked, view, hint="")
    st.subheader("数値の確認・修正")
    correction_form(view)
    st.subheader("修正の記録")
    corrections_list(view)


render()
