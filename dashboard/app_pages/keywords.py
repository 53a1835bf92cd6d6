"""キーワード: word cloud and term frequencies of content words, and keyword-in-context lines aligned on the word.

Generic terms (generic_terms.txt) are left out of the cloud and the ranking; clicking a bar of the ranking opens
its term in KWIC (the term and the sort order are in the URL). KWIC finds a term with its synonyms' spellings.
"""
import streamlit as st

from dashboard import cache
from dashboard.charts import term_frequency_chart
from dashboard.components import chart_context, current_view, empty_notice, is_present, show_chart
from dashboard.filters import bind_view_param, to_params, write_view_param
from dashboard.formatting import escape_markdown
from dashboard.kwic import DEFAULT_SORT, SORT_ORDERS, clicked_term, kwic_html, sort_lines
from dashboard.tables import csv_bytes, kwic_table
from dashboard.word_cloud import term_frequencies
from loaders import content_terms, kwic, spellings

TERM_KEY = "kwic_term"
SORT_KEY = "kwic_sort"
CLICKED_KEY = "_kwic_clicked_term"

view = current_view()
st.title("キーワード")
present = is_present()
synonyms, generic = cache.vocabulary()
shown = content_terms(view.terms, generic)

frequencies = term_frequencies(shown)
if not frequencies:
    empty_notice("この条件に合うキーワードはありません。")
else:
    picture = cache.word_cloud(tuple(frequencies.items()))
    st.image(picture, caption="ワードクラウド（大きい語ほど多く出現。企業・AI・モデルなど一般的な語は除く）",
             width="stretch")
    if not present:
        st.download_button("ワードクラウドをPNGでダウンロード", data=picture, file_name="word_cloud.png",
                           mime="image/png", icon=":material/image:", on_click="ignore")
    fig = term_frequency_chart(shown, present=present, context=chart_context(),
                               generic_left_out=len(shown) < len(view.terms))
    event = show_chart(fig, "term_frequency", "この条件に合うキーワードはありません。", selectable=not present)
    term = clicked_term(event)
    if term and term != st.session_state.get(CLICKED_KEY):
        st.session_state[TERM_KEY] = term  # before the text box is drawn, so that it shows the clicked term
    st.session_state[CLICKED_KEY] = term
    if not present:
        st.caption("棒をクリックすると、その語の前後の文脈（KWIC）を下に表示します。")

if not present:
    st.subheader("キーワードの前後を読む（KWIC）")
    bind_view_param("kwic", TERM_KEY)
    bind_view_param("kwic_sort", SORT_KEY, SORT_ORDERS)
    st.session_state.setdefault(SORT_KEY, DEFAULT_SORT)
    term = st.text_input("検索する語", key=TERM_KEY, placeholder="例: 資金調達")
    order = st.segmented_control("並べ替え", tuple(SORT_ORDERS), format_func=SORT_ORDERS.get,
                                 key=SORT_KEY) or DEFAULT_SORT
    write_view_param("kwic", term.strip())
    write_view_param("kwic_sort", order, DEFAULT_SORT)
    if term.strip():
        also = spellings(term, synonyms)[1:]
        lines = sort_lines(kwic(view.sentences, term, also=also), view.articles, order)
        if lines.empty:
            empty_notice(f"「{escape_markdown(term)}」を含む文はありません。")
        else:
            found = f"{len(lines)}件見つかりました。"
            if also:
                found += f"同じ語として数える表記（{escape_markdown('・'.join(also), 200)}）も含みます。"
            st.caption(found)
            st.html(kwic_html(lines, view.articles, to_params(view.state)))
            st.download_button("CSVをダウンロード", data=csv_bytes(kwic_table(lines, view.articles)), file_name="kwic.csv",
                               mime="text/csv", key="csv_kwic", icon=":material/download:", on_click="ignore")
