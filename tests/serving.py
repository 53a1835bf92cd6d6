"""Waiting for a `streamlit run` started by a test: the one loop the tests that start a server share."""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def wait_for_health(port: int, server: subprocess.Popen, log: Path, timeout_s: float) -> None:
    """Poll http://127.0.0.1:PORT/_stcore/health until it answers 200; fail with the server's log if the server
    exits or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        assert server.poll() is None, log.read_text(errors="replace")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.2)
