"""ソース: one article's cleaned text with its figures and companies marked, and its load status."""
import html

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.components import current_view, empty_notice, load_report, show_table
from dashboard.filters import WIDGET_KEYS, View, to_params
from dashboard.formatting import encoding_label, with_display_values
from dashboard.evidence import SENTENCE_PARAM, parse_sentence_mark
from dashboard.highlight import ARTICLE_CSS, SCROLL_TO_EVIDENCE_JS, article_html, mention_surfaces
from dashboard.tables import RAW_FIGURE_COLUMNS, figures_table, load_report_table
from loaders import load_gazetteer

PICK_KEY = "source_article"


def _follow_pick() -> None:
    # Choosing an article here narrows the shared article filter to it, so the URL names it; a sentence marked in
    # the article shown before is no longer marked.
    st.session_state[WIDGET_KEYS["article"]] = [st.session_state[PICK_KEY]]
    if SENTENCE_PARAM in st.query_params:
        del st.query_params[SENTENCE_PARAM]


def marked_sentence(sentences: pd.DataFrame, article_id: str, view: View) -> tuple[int, int] | None:
    """The sentence the URL asks to mark (`sentence=paragraph-index`), when the URL names this article and the
    article has that sentence."""
    mark = parse_sentence_mark(st.query_params.get(SENTENCE_PARAM))
    if mark is None or article_id not in view.state.article:
        return None
    places = set(zip(sentences["paragraph"].astype(int), sentences["sentence_index"].astype(int)))
    if mark not in places:
        st.caption("リンクが示す文はこの記事にありません。")
        return None
    return mark


def pick_article(view: View) -> str:
    """The article selectbox, starting on the article the URL names."""
    ids = list(view.articles["article_id"])
    titles = dict(zip(view.articles["article_id"], view.articles["title"]))
    current = st.session_state.get(PICK_KEY)
    if current not in ids or (view.state.article and current not in view.state.article):
        st.session_state[PICK_KEY] = next((a for a in view.state.article if a in ids), ids[0])
    return st.selectbox("記事を選ぶ", ids, format_func=lambda a: titles.get(a, a), key=PICK_KEY,
                        on_change=_follow_pick)


def article_facts(article: pd.Series, companies: pd.DataFrame, figures: pd.DataFrame) -> None:
    """Title, publisher, size, file, encoding, counts and the companies it names."""
    st.html(f"<h2 style='margin:0.2em 0'>{html.escape(article['title'] or article['article_id'])}</h2>")
    facts = [("発行元", article["publisher"] or "—"), ("文字数", f"{article['n_chars']:,}字"),
             ("ファイル", article["source_file"]), ("文字コード", encoding_label(article["encoding"])),
             ("数値", f"{len(figures)}件"), ("企業", f"{companies['company'].nunique()}社")]
    for column, (label, value) in zip(st.columns(len(facts)), facts):
        column.caption(label)
        column.text(value)
    if not companies.empty:
        ranked = companies.sort_values(["mentions", "company"], ascending=[False, True])
        chips = "".join(f'<mark class="kj-company">{html.escape(name)}（{count}回）</mark> '
                        for name, count in zip(ranked["company"], ranked["mentions"]))
        st.html(f"{ARTICLE_CSS}<div class='kj-article'>登場する企業: {chips}</div>")


def render() -> None:
    """The page."""
    view = current_view()
    st.title("ソース")
    if view.articles.empty:
        empty_notice("この条件に合う記事はありません。")
        return
    article_id = pick_article(view)
    article = view.articles[view.articles["article_id"] == article_id].iloc[0]
    corpus = view.corpus
    companies = corpus.companies[corpus.companies["article_id"] == article_id]
    figures = corpus.figures[corpus.figures["article_id"] == article_id]
    article_facts(article, companies, figures)
    report = load_report()
    status = report[report["source_file"] == article["source_file"]]
    if not status.empty and status.iloc[0]["reason"]:
        st.caption(f"読み込みの注記: {status.iloc[0]['reason']}")

    st.subheader("本文")
    st.caption("黄色は数値、青は企業名です。本文は文字として表示し、HTMLやスクリプトは実行しません。")
    sentences = corpus.sentences[corpus.sentences["article_id"] == article_id]
    if sentences.empty:
        empty_notice("この記事には表示できる本文がありません。")
    else:
        names = mention_surfaces(sentences["text"], companies, load_gazetteer())
        mark = marked_sentence(sentences, article_id, view)
        if mark is not None:
            st.caption("オレンジの枠は、リンク元の数値が書かれた文です。")
        st.html(article_html(sentences, figures, sorted(names), evidence=mark))
        if mark is not None:
            st.html(SCROLL_TO_EVIDENCE_JS, unsafe_allow_javascript=True)

    st.subheader("この記事の数値")
    if figures.empty:
        empty_notice("この記事から読み取った数値はありません。")
    else:
        display = with_display_values(figures, view.state.currency, cache.fx_rates())
        show_table(figures_table(display, view.articles, view.state.currency, to_params(view.state)), "source_figures",
                   hidden=(*RAW_FIGURE_COLUMNS, "記事", "本文"))
    with st.expander("読み込みの状態"):
        show_table(load_report_table(status), "source_status")


render()
