"""Starting and stopping a `streamlit run` (or `scripts/run.sh`) from a test or a benchmark: the one free-port
pick, health wait, stop and Chromium launch settings they all share."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Offline and as root: no sandbox, no GPU, nothing phoning home.
CHROMIUM_ARGS = ["--disable-gpu", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps"]


def settled_js(also: str, arg: str = "") -> str:
    """A JavaScript predicate for `wait_for_function`: Streamlit is connected, its script run has ended (the
    state is "initial" until the first run ends, so right after loading this waits for that run), no skeleton
    is left, and the page condition `also` (a JS expression; it may use the function's argument `arg`) holds."""
    return f"""
({arg}) => {{
  const app = document.querySelector("[data-testid='stApp']");
  return app !== null
    && app.dataset.testConnectionState === "CONNECTED"
    && app.dataset.testScriptState === "notRunning"
    && document.querySelector("[data-testid='stSkeleton']") === null
    && {also};
}}
"""


# An init script (`page.add_init_script`): counts the script runs that have ended in this page, in
# window.__kijiscopeRuns: each time stApp's data-test-script-state is seen to become "notRunning" (also when stApp
# is drawn for the first time with it). Streamlit does not mark a rerun on the page until the server answers, so
# "settled" alone right after a click may still be the run before; "a run ended after the one counted before the
# click" cannot be.
COUNT_RUNS_JS = """
(() => {
  window.__kijiscopeRuns = 0;
  let seen = null;
  const look = () => {
    const app = document.querySelector("[data-testid='stApp']");
    const state = app === null ? null : app.dataset.testScriptState;
    if (state === "notRunning" && seen !== "notRunning") window.__kijiscopeRuns += 1;
    seen = state;
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true,
                                                attributeFilter: ["data-test-script-state"]});
})();
"""
RUNS_JS = """
(() => {
  window.__kijiscopeRuns = 0;
  new MutationObserver(changes => {
    for (const change of changes)
      if (change.oldValue !== "notRunning" && change.target.dataset.testScriptState === "notRunning")
        window.__kijiscopeRuns += 1;
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ["data-test-script-state"]});
})();
"""
RUNS_JS = "() => window.__kijiscopeRuns || 0"


def ran_since_js(runs: int) -> str:
    """A JS expression for `settled_js`: a script run has ended since COUNT_RUNS_JS counted `runs`."""
    return f"(window.__kijiscopeRuns || 0) > {int(runs)}"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(log: Path, lines: int = 40) -> str:
    """The last lines of a server's log, for a failure message."""
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def wait_for_health(port: int, server: subprocess.Popen, log: Path, timeout_s: float) -> None:
    """Poll http://127.0.0.1:PORT/_stcore/health until it answers 200; fail with the end of the server's log if
    the server exits or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        assert server.poll() is None, f"the server exited with code {server.returncode}:\n{log_tail(log)}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        assert time.monotonic() < deadline, (f"no answer on port {port} /_stcore/health within {timeout_s} s:\n"
                                             f"{log_tail(log)}")
        time.sleep(0.2)


def stop(server: subprocess.Popen, timeout_s: float = 15) -> None:
    """Stop a server started with start_new_session=True: its whole process group, TERM first, then KILL."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=timeout_s)
