"""The login gate at the top of the app: it runs before anything reads the corpus, and stops the script until
the session has logged in (OpenID Connect through `st.login`, or the shared passphrase). The rules — modes,
hashes, back-off — are the pure functions of dashboard/auth.py; this module only draws and keeps state."""
from __future__ import annotations

import os
import threading
import time

import streamlit as st

from dashboard import auth
from dashboard.formatting import escape_markdown

LOGGED_IN_KEY = "kijiscope_logged_in"
ATTEMPTS_KEY = "kijiscope_login_attempts"
FORM_KEY = "kijiscope_login"
PASSPHRASE_KEY = "kijiscope_passphrase"

WRONG_PASSPHRASE = "合言葉が違います。"
REFUSED = ("このサーバーはネットワークから接続できますが、ログインが設定されていません。記事は表示しません。"
           "`bash scripts/run.sh` で自分のマシンだけに公開するか、README の「Sharing on a network」に従って"
           "ログインを設定してください。")


class ServerAttempts:
    """Failed attempts of every session of this server, behind a lock (one per process)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.attempts = auth.Attempts()


@st.cache_resource
def server_attempts() -> ServerAttempts:
    """The one server-wide counter of failed attempts."""
    return ServerAttempts()


def current_config() -> auth.LoginConfig:
    """The login configuration from st.secrets and the environment."""
    secrets = st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    return auth.login_config(secrets, os.environ)


def is_open(config: auth.LoginConfig) -> bool:
    """True when this session may see the dashboard now (no login needed, or logged in)."""
    decision = auth.gate_decision(config, st.get_option("server.address"))
    if decision == auth.OPEN:
        return True
    if decision == auth.REFUSE:
        return False
    if config.mode == auth.OIDC:
        return bool(st.user.get("is_logged_in", False))
    return bool(st.session_state.get(LOGGED_IN_KEY))


def clock() -> float:
    """The back-off's clock: monotonic seconds. Tests replace this function, never `time.monotonic` itself,
    which the extraction pool's waits (multiprocessing's) read too: frozen, a wait there never ends."""
    return time.monotonic()


def _wait_seconds(session: auth.Attempts, holder: ServerAttempts, now: float) -> float:
    with holder.lock:
        server_wait = auth.SERVER_POLICY.wait_seconds(holder.attempts, now)
    return max(auth.SESSION_POLICY.wait_seconds(session, now), server_wait)


def try_passphrase(candidate: str, stored: auth.ScryptHash) -> str | None:
    """Check one attempt under the back-off; None when it logged the session in, else the message to show."""
    holder = server_attempts()
    session = st.session_state.get(ATTEMPTS_KEY, auth.Attempts())
    wait = _wait_seconds(session, holder, clock())
    if wait > 0:
        return auth.lockout_message(wait)  # refused unchecked: waiting is the point
    if auth.verify_passphrase(candidate, stored):
        st.session_state[LOGGED_IN_KEY] = True
        st.session_state[ATTEMPTS_KEY] = auth.Attempts()
        return None
    now = clock()
    session = auth.SESSION_POLICY.record_failure(session, now)
    st.session_state[ATTEMPTS_KEY] = session
    with holder.lock:
        holder.attempts = auth.SERVER_POLICY.record_failure(holder.attempts, now)
    wait = _wait_seconds(session, holder, now)
    return f"{WRONG_PASSPHRASE} {auth.lockout_message(wait)}" if wait > 0 else WRONG_PASSPHRASE


def _log_out() -> None:
    st.session_state[LOGGED_IN_KEY] = False


def _passphrase_form(stored: auth.ScryptHash) -> None:
    with st.form(FORM_KEY, clear_on_submit=True):
        candidate = st.text_input("合言葉", type="password", key=PASSPHRASE_KEY, max_chars=auth.MAX_PASSPHRASE_CHARS)
        submitted = st.form_submit_button("ログイン", type="primary")
    if submitted:
        message = try_passphrase(candidate, stored)
        if message is None:
            st.rerun()
        st.error(message, icon=":material/lock:")


def require_login(config: auth.LoginConfig) -> None:
    """Draw the login screen and stop the script unless this session may see the dashboard; once logged in,
    put a log-out button in the sidebar."""
    if is_open(config):
        if config.mode == auth.OIDC:
            st.sidebar.button("ログアウト", on_click=st.logout, icon=":material/logout:")
        elif config.mode == auth.PASSPHRASE:
            st.sidebar.button("ログアウト", on_click=_log_out, icon=":material/logout:")
        return
    st.title("kijiscope — ログイン")
    if auth.gate_decision(config, st.get_option("server.address")) == auth.REFUSE:
        st.error(REFUSED, icon=":material/block:")
        if config.problem:
            st.caption(f"合言葉のハッシュが読めません: {escape_markdown(config.problem, 300)}")
    elif config.mode == auth.OIDC:
        st.write("このダッシュボードを見るにはログインしてください。")
        st.button("ログイン", on_click=st.login, type="primary", icon=":material/login:")
    else:
        st.write("このダッシュボードを見るには合言葉を入力してください。")
        _passphrase_form(config.passphrase_hash)
    st.stop()
