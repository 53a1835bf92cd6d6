"""An article that quotes HTML and script is shown as text, and nothing in it runs (no dialog, no element)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# tests/browser/data/900_xss_security_column.txt, copied into the server's corpus by conftest.py
XSS_ARTICLE = "900_xss_security_column"
QUOTED = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

# True if the quoted markup had become elements of the page.
MARKUP_BECAME_ELEMENTS_JS = """
() => [...document.querySelectorAll("script")].some(s => s.textContent.includes("alert(1)"))
      || document.querySelectorAll("img[src='x'], img[onerror]").length > 0
"""


def test_quoted_markup_is_shown_as_text_on_the_sources_page(app):
    app.open(f"/sources?article={XSS_ARTICLE}")
    main = app.page.locator("[data-testid='stMain']")
    expect(main.locator("h2").first).to_contain_text(QUOTED[0])  # the title
    for quoted in QUOTED:
        expect(main).to_contain_text(quoted)
    app.page.wait_for_timeout(500)  # time for an onerror handler to fire, were there one
    assert not app.page.evaluate(MARKUP_BECAME_ELEMENTS_JS)
    assert app.dialogs == []


def test_figure_of_the_article_is_charted(app):
    app.open(f"/revenue?article={XSS_ARTICLE}")
    chart = app.page.locator("[data-testid='stPlotlyChart']").first
    expect(chart.locator(".main-svg").first).to_be_visible()
    expect(chart).to_contain_text("37億ドル")
    assert not app.page.evaluate(MARKUP_BECAME_ELEMENTS_JS)
    assert app.dialogs == []
