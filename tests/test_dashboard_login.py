"""The login gate in AppTest: shown before anything of the corpus, wrong passphrases refused with back-off,
the right one opens the pages; OpenID Connect shows its button; a network address without a login refuses."""
from __future__ import annotations

from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from dashboard import auth, cache, login
from loaders import load_corpus

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
ARTICLES = ROOT / "tests" / "data" / "dashboard" / "articles"
TIMEOUT = 120  # generous: the first run starts the extraction workers
PASSPHRASE = "テスト用の合言葉 7391"
HASH = auth.hash_passphrase(PASSPHRASE, n=2**10)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    """Titles, company names and evidence sentences of the test articles: none may show before login."""
    corpus = load_corpus(ARTICLES)
    texts = [*corpus.articles["title"], *corpus.companies["company"], *corpus.figures["sentence"],
             *corpus.articles["source_file"]]
    assert len(texts) > 5
    return [t for t in texts if t]


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every corpus read the app makes (the real reader, counted)."""
    calls: list[Path] = []
    real = cache.session_corpus

    def counted(folder, uploads=()):
        calls.append(folder)
        return real(folder, uploads)

    monkeypatch.setattr(cache, "session_corpus", counted)
    monkeypatch.setenv(cache.CORPUS_ENV, str(ARTICLES))
    login.server_attempts.clear()
    yield calls
    login.server_attempts.clear()


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """A clock the test moves: login.clock() returns now[0] (time.monotonic itself keeps running: the extraction
    workers' waits read it)."""
    now = [1000.0]
    monkeypatch.setattr(login, "clock", lambda: now[0])
    return now


@pytest.fixture
def gated(reads, clock, monkeypatch) -> AppTest:
    monkeypatch.setenv(auth.PASSPHRASE_ENV, HASH)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def everything_shown(at: AppTest) -> str:
    """The text of every element and block the script sent (what would reach the browser)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def submit(at: AppTest, passphrase: str) -> AppTest:
    at.text_input(key=login.PASSPHRASE_KEY).input(passphrase)
    return at.button[0].click().run()


def test_before_login_only_the_gate_is_shown_and_the_corpus_is_not_read(gated, reads, corpus_texts):
    at = gated.run()
    assert not at.exception
    assert at.title[0].value == "kijiscope — ログイン"
    assert at.text_input(key=login.PASSPHRASE_KEY).label == "合言葉"
    assert reads == []
    shown = everything_shown(at)
    assert "合言葉" in shown
    assert [t for t in corpus_texts if t in shown] == []


def test_a_wrong_passphrase_is_refused_and_the_right_one_opens_the_pages(gated, reads, corpus_texts):
    at = submit(gated.run(), "違う合言葉です")
    assert [e.value for e in at.error] == [login.WRONG_PASSPHRASE]
    assert reads == [] and [t for t in corpus_texts if t in everything_shown(at)] == []
    at = submit(at, PASSPHRASE)
    assert not at.exception
    assert at.title[0].value == "概要"
    assert len(reads) >= 1
    assert "生成AI各社の資金調達が続く" in set(at.dataframe[0].value["タイトル"])
    assert any(b.label == "ログアウト" for b in at.sidebar.button)


def test_a_link_with_filters_opens_its_view_after_login(gated):
    gated.query_params["company"] = "Baidu"
    at = submit(gated.run(), PASSPHRASE)
    assert at.multiselect(key="filter_company").value == ["Baidu"]
    assert at.query_params["company"] == "Baidu"


def test_log_out_returns_to_the_gate(gated):
    at = submit(gated.run(), PASSPHRASE)
    next(b for b in at.sidebar.button if b.label == "ログアウト").click().run()
    assert at.title[0].value == "kijiscope — ログイン"


def test_after_three_failures_even_the_right_passphrase_waits(gated, clock):
    at = gated.run()
    for _ in range(2):
        at = submit(at, "違う合言葉です")
        assert [e.value for e in at.error] == [login.WRONG_PASSPHRASE]
    at = submit(at, "違う合言葉です")  # the third: the wait begins
    assert "1秒後" in at.error[0].value
    at = submit(at, PASSPHRASE)  # refused unchecked while waiting
    assert at.error[0].value == auth.lockout_message(1.0)
    assert at.title[0].value == "kijiscope — ログイン"
    clock[0] += 1.0
    at = submit(at, "違う合言葉です")  # checked again, and the wait doubles
    assert "2秒後" in at.error[0].value
    clock[0] += 2.0
    at = submit(at, PASSPHRASE)
    assert at.title[0].value == "概要"


def test_failures_of_many_sessions_lock_out_a_new_session(reads, clock, monkeypatch):
    monkeypatch.setenv(auth.PASSPHRASE_ENV, HASH)
    for _ in range(auth.SERVER_POLICY.free // auth.SESSION_POLICY.free + 1):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        for _ in range(auth.SESSION_POLICY.free):
            at = submit(at, "違う合言葉です")
    fresh = submit(AppTest.from_file(APP, default_timeout=TIMEOUT).run(), PASSPHRASE)
    assert "試行が多すぎます" in fresh.error[0].value
    assert reads == []


def test_openid_connect_shows_its_login_button_and_nothing_else(reads, corpus_texts, monkeypatch):
    monkeypatch.delenv(auth.PASSPHRASE_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test",
                          "client_id": "x", "client_secret": "y",
                          "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["ログイン"]
    assert not at.text_input
    assert reads == [] and [t for t in corpus_texts if t in everything_shown(at)] == []


@pytest.fixture
def network_address():
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_a_network_address_without_a_login_shows_nothing(network_address, reads, corpus_texts, monkeypatch):
    monkeypatch.delenv(auth.PASSPHRASE_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert at.error[0].value == login.REFUSED
    assert not at.button and not at.text_input
    assert reads == [] and [t for t in corpus_texts if t in everything_shown(at)] == []


def test_on_loopback_without_a_login_there_is_no_gate(reads, monkeypatch):
    monkeypatch.delenv(auth.PASSPHRASE_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert at.title[0].value == "概要" and len(reads) >= 1
    assert not any(b.label == "ログアウト" for b in at.sidebar.button)
