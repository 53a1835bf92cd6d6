"""概要: how much the filters show, the articles, and what the loader skipped."""
import streamlit as st

from dashboard import cache
from dashboard.components import current_view, empty_notice, is_present, show_table
from dashboard.formatting import FRAME_LABELS
from dashboard.tables import articles_table, load_report_table, load_summary

view = current_view()
st.title("概要")

counts = [("記事", len(view.articles), "件"), ("企業", view.companies["company"].nunique(), "社")]
counts += [(label, len(view.frame(name)), "件") for name, label in FRAME_LABELS.items()]
for column, (label, count, counter) in zip(st.columns(len(counts)), counts):
    column.metric(label if label in ("記事", "企業") else f"数値（{label}）", f"{count:,}{counter}")

st.subheader("記事")
if view.articles.empty:
    empty_notice("この条件に合う記事はありません。")
else:
    show_table(articles_table(view.articles, cache.theme_labels(view.corpus.theme_scores)), "articles")

if not is_present():
    st.subheader("読み込みの結果")
    report = view.corpus.report.to_frame()
    st.caption(load_summary(report))
    skipped = report[report["status"] == "skipped"]
    if skipped.empty:
        st.success("すべてのファイルを読み込みました。", icon=":material/check_circle:")
    else:
        st.warning(f"{len(skipped)}件のファイルを読み込めませんでした。理由は次のとおりです。", icon=":material/warning:")
        show_table(load_report_table(skipped), "skipped_files")
    with st.expander("すべてのファイル"):
        show_table(load_report_table(report), "load_report")
