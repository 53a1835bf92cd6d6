"""The ファクト page in a real browser: a correction made by clicking is still applied after the server restarts,
and the CLI export applies it too."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PROJECT_ROOT, SERVER_START_TIMEOUT_S, WARM_UP_TIMEOUT_MS, Dashboard
from tests.serving import free_port, stop, wait_for_health

pytestmark = pytest.mark.browser
ARTICLES = PROJECT_ROOT / "tests" / "data" / "facts" / "articles"


def start_server(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    env = {**os.environ, "KIJISCOPE_CORPUS": str(ARTICLES), "KIJISCOPE_DATA_DIR": str(data_dir)}
    with open(log, "wb") as output:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    wait_for_health(port, server, log, SERVER_START_TIMEOUT_S)
    return server, url


def choose(page: Page, label: str, option_text: str) -> None:
    """Open the selectbox with this label, search it for the text (the list draws only the options in view) and
    click the option containing it."""
    page.locator("[data-testid='stSelectbox']").filter(has_text=label).locator("input").click()
    page.keyboard.type(option_text)
    page.locator("[role='option']").filter(has_text=option_text).first.click()


def test_a_correction_made_in_the_browser_survives_a_restart(page: Page, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    server, url = start_server(data_dir, tmp_path / "first.log")
    try:
        app = Dashboard(page)
        app.open(f"{url}/facts", WARM_UP_TIMEOUT_MS)  # a fresh server's first page
        expect(page.get_by_role("heading", name="ファクト").first).to_be_visible()
        choose(page, "数値を選ぶ", "1億500万ユーロ")
        app.wait()
        form = page.locator("[data-testid='stForm']")
        form.get_by_text("修正", exact=True).click()
        form.get_by_label("企業", exact=True).fill("Mistral")
        form.get_by_role("button", name="保存").click()
        app.wait()
        # st.dataframe draws on a canvas; its cells are in the DOM for accessibility, not visible
        expect(page.locator("td[role='gridcell']").filter(has_text="適用中")).to_have_count(1)
        app.screenshot("facts_correction")
    finally:
        stop(server)
    assert "company = \"Mistral\"" in (data_dir / "corrections.toml").read_text(encoding="utf-8")

    server, url = start_server(data_dir, tmp_path / "second.log")
    try:
        app.open(f"{url}/facts", WARM_UP_TIMEOUT_MS)  # a fresh server's first page
        expect(page.locator("td[role='gridcell']").filter(has_text="適用中")).to_have_count(1)
        expect(page.locator("td[role='gridcell']").filter(has_text="企業: Mistral")).to_have_count(1)
    finally:
        stop(server)

    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "loaders", "export", str(ARTICLES), "--out", str(out), "--data-dir",
                    str(data_dir)], cwd=PROJECT_ROOT, check=True, capture_output=True)
    with open(out / "funding.csv", encoding="utf-8-sig", newline="") as handle:
        seed = [row for row in csv.DictReader(handle) if row["surface"].startswith("1億500万")]
    assert [(row["company"], row["review"]) for row in seed] == [("Mistral", "corrected")]
