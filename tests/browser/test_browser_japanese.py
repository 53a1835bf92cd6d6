"""No page shows a raw metric id or an English plotly toolbar: every metric on screen is named in Japanese.

Each page is opened on the browser corpus with the money in dollars and every status chosen (so that every
metric the corpus has can appear); the visible text of the page, chart texts included, must contain none of the
metric ids of metrics.toml as a word, and no plotly toolbar (its tooltips are English) is drawn.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from loaders import metric_names

pytestmark = pytest.mark.browser

PAGES = ("/", "/companies", "/funding", "/revenue", "/traffic", "/facts", "/keywords", "/sources")
QUERY = "?currency=usd&status=actual&status=forecast&status=target&status=consensus&status=in_talks"
# The visible text of the main area and of every chart's SVG (titles, axes, legends, labels).
VISIBLE_TEXT_JS = """
() => {
  const main = document.querySelector("[data-testid='stMain']");
  const svg = [...main.querySelectorAll("[data-testid='stPlotlyChart'] text")].map(t => t.textContent);
  return [main.innerText, ...svg].join("\\n");
}
"""


@pytest.mark.parametrize("path", PAGES)
def test_no_metric_id_and_no_english_toolbar_on_the_page(app, path):
    app.open(path + QUERY)
    expect(app.page.get_by_role("heading", level=1).first).to_be_visible()
    text = app.page.evaluate(VISIBLE_TEXT_JS)
    ids = sorted(metric_names())
    shown = [metric for metric in ids if re.search(rf"(?<![A-Za-z0-9_]){re.escape(metric)}(?![A-Za-z0-9_])", text)]
    assert shown == [], f"raw metric ids on {path}: {shown}"
    assert app.page.locator(".modebar-container .modebar-btn").count() == 0
