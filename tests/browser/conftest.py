"""One `streamlit run` of the dashboard and one Debian Chromium for the whole browser suite.

The server reads a temporary corpus: the seeds plus tests/browser/data/ (an article quoting
`<script>alert(1)</script>` and `<img src=x onerror=alert(1)>` next to a revenue figure).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.serving import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COUNT_RUNS_JS,
    RUNS_JS,
    free_port,
    ran_since_js,
    settled_js,
    stop,
    wait_for_health,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_ROOT / "seeds"
BROWSER_DATA = Path(__file__).resolve().parent / "data"
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1920, "height": 1080}
# Every browser context of the suite (browser_context_args below says why motion is reduced).
CONTEXT_OPTIONS = {"viewport": VIEWPORT, "locale": "ja-JP", "timezone_id": "Asia/Tokyo", "reduced_motion": "reduce"}
SERVER_START_TIMEOUT_S = 60
APP_TIMEOUT_MS = 120_000  # generous: on a busy 2-core machine (load 16) a first page took 56 s
WARM_UP_TIMEOUT_MS = 300_000

expect.set_options(timeout=APP_TIMEOUT_MS)

# Settled: the script run ended and every chart is drawn.
# What the page is doing, for a failure message.
STATE_JS = f"""() => {{
  const app = document.querySelector("[data-testid='stApp']");
  return {{runs: ({RUNS_JS})(), script: app && app.dataset.testScriptState,
          connection: app && app.dataset.testConnectionState,
          skeletons: document.querySelectorAll("[data-testid='stSkeleton']").length,
          undrawn_charts: [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
            .filter(chart => !chart.querySelector(".main-svg")).length}};
}}"""
CHARTS_DRAWN_JS = """[...document.querySelectorAll("[data-testid='stPlotlyChart']")]
  .every(chart => chart.querySelector(".main-svg"))"""
APP_SETTLED_JS = settled_js(CHARTS_DRAWN_JS)


@pytest.fixture(scope="session")
def browser_corpus(tmp_path_factory) -> Path:
    """The seeds plus the browser suite's own articles, in a fresh folder."""
    folder = tmp_path_factory.mktemp("browser") / "articles"
    folder.mkdir()
    for source in (*SEEDS.iterdir(), *BROWSER_DATA.iterdir()):
        if source.is_file():
            shutil.copy2(source, folder / source.name)
    return folder


@pytest.fixture(scope="session")
def dashboard_url(browser_corpus, tmp_path_factory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free local port; stopped at the end, also when a test fails."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--client.toolbarMode", "minimal",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    env = {**os.environ, "KIJISCOPE_CORPUS": str(browser_corpus)}
    with open(log, "wb") as output:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        wait_for_health(port, server, log, SERVER_START_TIMEOUT_S)
        yield url
    finally:
        stop(server)


PASSPHRASE = "ブラウザ試験の合言葉 4521"


@pytest.fixture(scope="session")
def passphrase_dashboard_url(browser_corpus, tmp_path_factory) -> Iterator[str]:
    """A second server started as the README shares it (`bash scripts/run.sh --share FOLDER`), with a passphrase
    hash in the environment and listening on loopback; the passphrase is PASSPHRASE."""
    from dashboard.auth import PASSPHRASE_ENV, hash_passphrase

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("streamlit-login") / "server.log"
    env = {**os.environ, PASSPHRASE_ENV: hash_passphrase(PASSPHRASE, n=2**12), "KIJISCOPE_NO_SETUP": "1",
           "KIJISCOPE_SHARE_ADDRESS": "127.0.0.1", "STREAMLIT_SERVER_PORT": str(port),
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with open(log, "wb") as output:
        server = subprocess.Popen(["bash", "scripts/run.sh", "--share", str(browser_corpus)], cwd=PROJECT_ROOT,
                                  env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_health(port, server, log, SERVER_START_TIMEOUT_S)
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="session")
def warm_dashboard_url(dashboard_url, browser) -> str:
    """The test server after its first page load, which parses the corpus and starts the extraction workers
    (on a busy machine that takes longer than a test waits for a page)."""
    page = browser.new_page(**CONTEXT_OPTIONS)
    try:
        page.goto(dashboard_url)
        page.wait_for_function(APP_SETTLED_JS, timeout=WARM_UP_TIMEOUT_MS)
    finally:
        page.close()
    return dashboard_url


@pytest.fixture(scope="session")
def base_url(warm_dashboard_url) -> str:
    """pytest-playwright's base URL: `page.goto("/companies")` goes to the test server."""
    return warm_dashboard_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (Playwright's own download is not available offline)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests drive Debian's chromium. Run the README's test "
                    "command, `bash scripts/test.sh`, which installs chromium and fonts-noto-cjk first.",
                    pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A 1920×1080 window in Japanese, for a reader who asks for reduced motion.

    Without it, Streamlit's loading shimmer and spinners animate while a page loads or reruns, and headless
    Chromium draws every frame in software: on this 2-core machine that drawing cost more CPU than the rest of a
    page load (about 15 s of the GPU process's CPU per page, against 1 s with reduced motion). No test looks at an
    animation; every test waits for the page to settle."""
    return {**browser_context_args, **CONTEXT_OPTIONS}


class Dashboard:
    """A browser tab on the test server, with the waits Streamlit needs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []  # every alert, confirm or prompt the page opened
        page.on("dialog", self._record_dialog)
        page.set_default_timeout(APP_TIMEOUT_MS)
        page.add_init_script(COUNT_RUNS_JS)

    def _record_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str, timeout_ms: float | None = None) -> None:
        """Go to a dashboard URL (relative to the server) and wait for it (up to `timeout_ms`: a server's first
        page, which parses the corpus and starts the extraction workers, takes WARM_UP_TIMEOUT_MS)."""
        self.page.goto(path)
        self.wait(timeout_ms)

    def wait(self, timeout_ms: float | None = None) -> None:
        """Wait until Streamlit is connected, has finished its script run and drawn every plotly chart."""
        self.page.wait_for_timeout(200)  # let a rerun that an interaction triggers begin
        self.page.wait_for_function(APP_SETTLED_JS, timeout=timeout_ms)

    @contextmanager
    def rerun(self) -> Iterator[None]:
        """Around an interaction that reruns the script: afterwards, wait until a run has ended since the
        interaction began and the page is settled (no guess at how long the server takes to start the run)."""
        before = self.page.evaluate(RUNS_JS)
        yield
        try:
            self.page.wait_for_function(settled_js(f"{ran_since_js(before)} && {CHARTS_DRAWN_JS}"))
        except PlaywrightTimeoutError:
            state = self.page.evaluate(STATE_JS)
            pytest.fail(f"no script run ended within {APP_TIMEOUT_MS / 1000:.0f} s of the interaction (runs before "
                        f"it: {before}; now: {state})")

    def metric(self, label: str) -> Locator:
        """The value of the st.metric with this label (assert with `expect`, which waits for reruns)."""
        return self.page.locator("[data-testid='stMetric']").filter(has_text=label).first \
            .locator("[data-testid='stMetricValue']")

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        """A 1920-wide PNG under test-artifacts/screenshots/; `full_page` grows the window to the whole page.

        Streamlit scrolls inside stMain, so Playwright's own full_page option would stop at the window's edge.
        """
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if full_page:
            height = self.page.locator("[data-testid='stMain']").evaluate("main => main.scrollHeight")
            self.page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], int(height))})
            self.wait()
        self.page.screenshot(path=str(path))
        if full_page:
            self.page.set_viewport_size(VIEWPORT)
        return path


@pytest.fixture
def app(page: Page) -> Iterator[Dashboard]:
    """The dashboard in a fresh tab; afterwards, no dialog may have opened (an injected script would open one)."""
    dashboard = Dashboard(page)
    yield dashboard
    assert dashboard.dialogs == [], f"a dialog opened: {dashboard.dialogs}"
