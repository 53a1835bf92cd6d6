"""キーワード: word cloud, term frequencies and keyword-in-context search."""
import streamlit as st

from dashboard import cache
from dashboard.charts import term_frequency_chart
from dashboard.components import chart_context, current_view, empty_notice, is_present, show_chart, show_table
from dashboard.filters import bind_view_param, write_view_param
from dashboard.formatting import escape_markdown
from dashboard.tables import kwic_table
from dashboard.word_cloud import term_frequencies
from loaders.terms import kwic

view = current_view()
st.title("キーワード")
present = is_present()

frequencies = term_frequencies(view.terms)
if not frequencies:
    empty_notice("この条件に合うキーワードはありません。")
else:
    picture = cache.word_cloud(tuple(frequencies.items()))
    st.image(picture, caption="ワードクラウド（大きい語ほど多く出現）", width="stretch")
    if not present:
        st.download_button("ワードクラウドをPNGでダウンロード", data=picture, file_name="word_cloud.png",
                           mime="image/png", icon=":material/image:", on_click="ignore")
    show_chart(term_frequency_chart(view.terms, present=present, context=chart_context()), "term_frequency",
               "この条件に合うキーワードはありません。")

if not present:
    st.subheader("キーワードの前後を読む（KWIC）")
    bind_view_param("kwic", "kwic_term")
    term = st.text_input("検索する語", key="kwic_term", placeholder="例: 資金調達")
    write_view_param("kwic", term.strip())
    if term.strip():
        lines = kwic(view.sentences, term)
        if lines.empty:
            empty_notice(f"「{escape_markdown(term)}」を含む文はありません。")
        else:
            st.caption(f"{len(lines)}件見つかりました。")
            show_table(kwic_table(lines, view.articles), "kwic")
