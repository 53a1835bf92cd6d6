"""kijiscope dashboard entry point: `streamlit run dashboard/app.py [-- --corpus DIR | --frames DIR]`.

`--frames DIR` opens a Parquet export (`python -m loaders export SRC --out DIR --format parquet`, or
loaders.write_frames) without parsing any article."""
from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(PROJECT_ROOT))

import streamlit as st  # noqa: E402

from dashboard import cache, login  # noqa: E402
from dashboard import presentation  # noqa: E402
from dashboard.components import LABELS_KEY, REPORT_KEY, VIEW_KEY, deck_download  # noqa: E402
from dashboard.filters import sync_filters  # noqa: E402
from dashboard.formatting import escape_markdown  # noqa: E402
from dashboard.tables import load_report_table, load_summary  # noqa: E402
from loaders import TEXT_SUFFIXES, DataFileError, NotAFramesFolder  # noqa: E402

ASSETS = PROJECT_ROOT / "assets"
# The page files live in app_pages/, not pages/: a folder named pages/ next to the entry point switches
# Streamlit to its older multipage mode, which runs a page file without this script (no sidebar, no data).
PAGES = (
    ("overview.py", "概要", "overview", ":material/dashboard:"),
    ("companies.py", "企業", "companies", ":material/apartment:"),
    ("funding.py", "資金調達", "funding", ":material/payments:"),
    ("revenue.py", "売上・収益", "revenue", ":material/trending_up:"),
    ("traffic.py", "トラフィック", "traffic", ":material/group:"),
    ("facts.py", "ファクト", "facts", ":material/fact_check:"),
    ("keywords.py", "キーワード", "keywords", ":material/tag:"),
    ("sources.py", "ソース", "sources", ":material/article:"),
)


def main() -> None:
    """Load the corpus, draw the shared sidebar, and run the chosen page."""
    st.set_page_config(page_title="kijiscope — AI業界ニュース分析", page_icon=str(ASSETS / "icon.svg"),
                       layout="wide")
    st.logo(str(ASSETS / "logo.svg"))
    # The gate comes before anything reads the corpus. Navigation is declared first (hidden until login) so
    # that a shared link to a page and its filters still opens that page after logging in.
    login_config = login.current_config()
    page = st.navigation([
        st.Page(f"app_pages/{file}", title=title, url_path=url_path, icon=icon, default=url_path == "overview")
        for file, title, url_path, icon in PAGES
    ], position="sidebar" if login.is_open(login_config) else "hidden")
    login.require_login(login_config)
    frames = cache.frames_folder(sys.argv[1:], os.environ)
    folder = frames or cache.corpus_folder(sys.argv[1:], os.environ)

    st.sidebar.header("絞り込み")
    filter_box = st.sidebar.container()
    with st.sidebar.expander("記事を追加（このセッションのみ）"):
        files = st.file_uploader("テキスト・Markdown・HTML", type=[s.lstrip(".") for s in TEXT_SUFFIXES],
                                 accept_multiple_files=True, key="uploads")
        upload_report_box = st.container()

    uploads = tuple((f.name, f.getvalue()) for f in files or ())
    try:
        loaded = cache.frames_session_corpus(folder, uploads) if frames else cache.session_corpus(folder, uploads)
    except FileNotFoundError:
        what, how = ("書き出しフォルダ", "--frames か KIJISCOPE_FRAMES") if frames else \
            ("記事フォルダ", "--corpus か KIJISCOPE_CORPUS")
        st.error(f"{what}「{escape_markdown(folder, 300)}」が見つかりません。{how} で指定してください。")
        st.stop()
    except NotAFramesFolder as error:
        st.error(f"書き出しフォルダ「{escape_markdown(folder, 300)}」を読み込めません: {escape_markdown(error, 500)}")
        st.stop()
    except DataFileError as error:
        st.error(f"知識ファイルに誤りがあります: {escape_markdown(error, 500)}")
        st.stop()
    corpus = loaded.corpus

    with filter_box:
        state, notices = sync_filters(loaded.options, loaded.labels, loaded.titles, loaded.option_counts,
                                      loaded.search_keys)

    if uploads:
        with upload_report_box:
            st.caption(load_summary(loaded.upload_report.to_frame()))
            st.dataframe(load_report_table(loaded.upload_report.to_frame()), hide_index=True)
    where = "書き出しフォルダ" if frames else "記事フォルダ"
    st.sidebar.caption(f"{where}: {escape_markdown(folder.name or folder)}（{len(corpus.articles):,}件）")
    if not state.present:  # the sidebar is hidden then
        st.sidebar.button("再読み込み", on_click=cache.request_reload, icon=":material/refresh:", type="tertiary",
                          help="フォルダの記事を調べ直し、変わったファイルがあれば読み込み直します。"
                               "ファイルの追加・削除は自動で反映されます。")

    for notice in notices:
        st.warning(notice, icon=":material/warning:")
    view = loaded.view(state)
    st.session_state[VIEW_KEY] = view
    st.session_state[LABELS_KEY] = loaded.labels
    st.session_state[REPORT_KEY] = loaded.report_frame
    if not state.present:
        with st.sidebar:
            deck_download(view, loaded.labels)
    if state.present:
        presentation.render(view, loaded.labels)  # the deck replaces the page: one chart per screen
    else:
        page.run()


# Streamlit runs this file as __main__; the extraction workers (multiprocessing's fork server) import it again as
# __mp_main__, and must not start a dashboard of their own.
if __name__ == "__main__":
    main()
