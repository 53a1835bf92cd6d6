"""Filters and the URL in a real browser: links apply filters, widgets write the URL, presentation mode."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The test corpus: five seeds and the security column; one seed is published on note.
ALL_ARTICLES = "6件"
NOTE_ARTICLES = "1件"


def url_with(*params: str) -> re.Pattern:
    """A URL pattern that needs every `name=value` in its query string."""
    return re.compile("".join(rf"(?=.*[?&]{re.escape(param)}(&|$))" for param in params))


def test_url_filter_narrows_the_view_and_survives_a_reload(app):
    app.open("/?publisher=note")
    expect(app.metric("記事")).to_have_text(NOTE_ARTICLES)
    expect(app.page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']")
           .filter(has_text="発行元")).to_contain_text("note")
    app.page.reload()
    app.wait()
    expect(app.metric("記事")).to_have_text(NOTE_ARTICLES)
    expect(app.page).to_have_url(url_with("publisher=note"))


def test_sidebar_widgets_write_the_url(app):
    app.open("/")
    expect(app.metric("記事")).to_have_text(ALL_ARTICLES)
    assert "publisher" not in app.page.url
    sidebar = app.page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="発行元").click()
    # an option is shown with its count in the current view: 「note（3）」
    app.page.get_by_role("option", name=re.compile(r"^note（[0-9,]+）$")).click()
    app.page.keyboard.press("Escape")  # close the list, as a reader would
    expect(app.page).to_have_url(url_with("publisher=note"))
    expect(app.metric("記事")).to_have_text(NOTE_ARTICLES)
    app.wait()
    sidebar.get_by_text("USD換算", exact=True).click()
    expect(app.page).to_have_url(url_with("publisher=note", "currency=usd"))


def test_filter_follows_a_page_switch(app):
    app.open("/?publisher=note")
    app.page.locator("[data-testid='stSidebarNav'] a[href$='/companies']").click()
    expect(app.page.get_by_role("heading", level=1).first).to_contain_text("企業")
    expect(app.page).to_have_url(re.compile(r"/companies\?"))
    expect(app.page).to_have_url(url_with("publisher=note"))
    app.wait()
    expect(app.page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()


def test_presentation_mode_hides_the_sidebar_until_left(app):
    app.open("/companies?present=1&slide=1")
    expect(app.page.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(app.page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()
    app.screenshot("08_companies_presentation")
    app.page.get_by_role("button", name="通常表示に戻る").click()
    expect(app.page.locator("[data-testid='stSidebar']")).to_be_visible()
    expect(app.page).not_to_have_url(re.compile(r"[?&]present="))
