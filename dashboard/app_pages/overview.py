"""概要: how much the filters show, where the figures come from (publishers, themes), when the articles were
published, the articles, and what the loader skipped."""
import streamlit as st

from dashboard.charts import articles_over_time_chart, figures_by_publisher_chart, figures_by_theme_chart
from dashboard.components import (chart_context, current_view, empty_notice, is_present, load_report, show_chart,
                                  show_long_table, theme_labels)
from dashboard.filters import to_params
from dashboard.formatting import FRAME_LABELS
from dashboard.tables import articles_table, load_report_table, load_summary

view = current_view()
st.title("概要")

counts = [("記事", len(view.articles), "件"), ("企業", view.companies["company"].nunique(), "社")]
in_frame = view.figures["frame"].value_counts()
counts += [(label, int(in_frame.get(name, 0)), "件") for name, label in FRAME_LABELS.items()]
for column, (label, count, counter) in zip(st.columns(len(counts)), counts):
    column.metric(label if label in ("記事", "企業") else f"数値（{label}）", f"{count:,}{counter}")

labels = theme_labels()
context = chart_context()
present = is_present()
st.subheader("数値の出どころ")
show_chart(figures_by_publisher_chart(view.figures, view.articles, present=present, context=context),
           "figures_by_publisher", "この条件に合う数値はありません。")
show_chart(figures_by_theme_chart(view.figures, view.articles, labels, present=present, context=context),
           "figures_by_theme", "この条件に合う数値はありません。")

st.subheader("記事の公開時期")
undated = int((view.articles["published"].fillna("") == "").sum())
if view.articles.empty:
    empty_notice("この条件に合う記事はありません。")
elif undated == len(view.articles):
    empty_notice(f"公開日のわかる記事がありません（{undated}件すべて日付なし）。")
else:
    show_chart(articles_over_time_chart(view.articles, present=present, context=context), "articles_over_time",
               "公開日のわかる記事がありません。")
    st.caption(f"公開日のわかる記事 {len(view.articles) - undated}件、日付のない記事 {undated}件"
               "（本文やHTMLのメタ情報に日付がないもの）。")

st.subheader("記事")
if view.articles.empty:
    empty_notice("この条件に合う記事はありません。")
else:
    filters = to_params(view.state)
    show_long_table(view.articles, lambda rows: articles_table(rows, labels, filters), "articles")

if not present:
    st.subheader("読み込みの結果")
    report = load_report()
    st.caption(load_summary(report))
    skipped = report[report["status"] == "skipped"]
    if skipped.empty:
        st.success("すべてのファイルを読み込みました。", icon=":material/check_circle:")
    else:
        st.warning(f"{len(skipped)}件のファイルを読み込めませんでした。理由は次のとおりです。", icon=":material/warning:")
        show_long_table(skipped, load_report_table, "skipped_files")
    with st.expander("すべてのファイル"):
        show_long_table(report, load_report_table, "load_report")
