"""The passphrase gate in a real Chromium: before login neither the page nor the websocket carries anything of
the corpus (no title, company or figure); a wrong passphrase is refused; the right one opens 概要."""
from __future__ import annotations

import pytest
from conftest import PASSPHRASE
from playwright.sync_api import WebSocket, expect

from loaders import load_corpus

pytestmark = pytest.mark.browser

PAGE_HTML_JS = "() => document.documentElement.outerHTML + document.body.innerText"


@pytest.fixture(scope="module")
def corpus_texts(browser_corpus) -> list[str]:
    """Titles, company names (three letters or more) and evidence sentences of the served corpus."""
    corpus = load_corpus(browser_corpus)
    texts = [*corpus.articles["title"], *corpus.figures["sentence"],
             *(c for c in corpus.companies["company"] if len(c) >= 3)]
    texts = sorted({t for t in texts if t})
    assert len(texts) > 20
    return texts


@pytest.fixture(scope="module")
def n_articles(browser_corpus) -> int:
    return len(load_corpus(browser_corpus).articles)


def _record_frames(page) -> list[bytes]:
    frames: list[bytes] = []

    def on_socket(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, bytes) else payload.encode("utf-8")))

    page.on("websocket", on_socket)
    return frames


def _log_in(app, passphrase: str) -> None:
    app.page.get_by_label("合言葉").fill(passphrase)
    app.page.get_by_role("button", name="ログイン").click()
    app.wait()


def test_nothing_of_the_corpus_reaches_the_browser_before_login(app, passphrase_dashboard_url, corpus_texts):
    frames = _record_frames(app.page)
    app.open(f"{passphrase_dashboard_url}/companies?company=OpenAI")
    main = app.page.locator("[data-testid='stMain']")
    expect(main.locator("h1")).to_have_text("kijiscope — ログイン")
    expect(app.page.get_by_label("合言葉")).to_be_visible()
    html = app.page.evaluate(PAGE_HTML_JS)
    assert [t for t in corpus_texts if t in html] == []
    received = b"".join(frames)
    assert "合言葉".encode() in received  # the frames are where the page's text arrives
    assert [t for t in corpus_texts if t.encode() in received] == []


def test_a_wrong_passphrase_is_refused_and_the_right_one_opens_the_overview(app, passphrase_dashboard_url,
                                                                           corpus_texts, n_articles):
    app.open(f"{passphrase_dashboard_url}/")
    _log_in(app, "まちがった合言葉")
    main = app.page.locator("[data-testid='stMain']")
    expect(main.locator("[data-testid='stAlert']")).to_contain_text("合言葉が違います")
    html = app.page.evaluate(PAGE_HTML_JS)
    assert [t for t in corpus_texts if t in html] == []
    _log_in(app, PASSPHRASE)
    expect(main.locator("h1")).to_have_text("概要")
    expect(app.metric("記事")).to_have_text(f"{n_articles}件")
    expect(app.page.locator("[data-testid='stSidebar']")).to_contain_text("ログアウト")
    expect(app.page.locator("[data-testid='stSidebar']")).to_contain_text("記事フォルダ")


def test_a_shared_link_opens_its_page_and_filter_after_login(app, passphrase_dashboard_url):
    app.open(f"{passphrase_dashboard_url}/companies?company=OpenAI")
    _log_in(app, PASSPHRASE)
    main = app.page.locator("[data-testid='stMain']")
    expect(main.locator("h1")).to_have_text("企業")
    assert "company=OpenAI" in app.page.url
