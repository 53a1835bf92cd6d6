"""Evidence in one click, in a real browser: a bar shows its sentence, 本文を見る opens it marked, filters kept."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A figure page loads plotly.js and reruns on every click; on a busy 2-core machine one step can take minutes.
STEP_TIMEOUT_MS = 240_000

# (figure page, filters in its URL)
PAGES = (
    ("/revenue", "publisher=note&currency=usd"),
    ("/funding", "currency=usd"),
)


def url_with(*params: str) -> re.Pattern:
    """A URL pattern that needs every `name=value` in its query string."""
    return re.compile("".join(rf"(?=.*[?&]{re.escape(param)}(&|$))" for param in params))


@pytest.mark.parametrize(("path", "filters"), PAGES)
def test_a_bar_opens_its_sentence_marked_with_the_filters_kept(app, path, filters):
    page = app.page
    page.set_default_timeout(STEP_TIMEOUT_MS)
    app.open(f"{path}?{filters}")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    bar = chart.locator("g.point").first
    expect(bar).to_be_visible()
    label = bar.locator("xpath=..").locator("text.bartext").first.text_content()
    box = bar.bounding_box()
    # plotly's drag layer lies over the bars and turns a click on it into the point's selection
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    app.wait()

    card = page.locator(".kj-card").first
    expect(card).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(page.get_by_text("選んだ数値と根拠の文")).to_be_visible()
    expect(card.locator(".kj-card-head")).to_contain_text(label)
    number = card.locator("mark.kj-figure").first.text_content()
    assert number, "the card marks the number in its sentence"
    expect(card.locator(".kj-card-source")).to_contain_text("｜")
    app.screenshot(f"evidence_{path.strip('/')}_panel")

    # the table's links are drawn on a canvas: the only link of that name on the page is the card's
    link = page.get_by_role("link", name="本文を見る").first
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/sources\?"), timeout=STEP_TIMEOUT_MS)
    app.wait()
    expect(page).to_have_url(url_with(*filters.split("&")))
    expect(page).to_have_url(re.compile(r"[?&]article=[^&]+"))
    expect(page).to_have_url(re.compile(r"[?&]sentence=\d+-\d+"))
    assert len(page.context.pages) == 1, "本文を見る opens in the same tab"
    marked = page.locator("#kj-evidence")
    expect(marked).to_have_count(1, timeout=STEP_TIMEOUT_MS)
    expect(marked).to_contain_text(number)
    expect(marked).to_be_in_viewport()
    app.screenshot(f"evidence_{path.strip('/')}_source")


# (page, filters in its URL, the subheader above the table, the table's name in the page)
TABLES = (
    ("/facts", "currency=usd", "ファクト一覧"),
    ("/revenue", "publisher=note", "数値と根拠の文"),
)


def first_row_marker(page, heading: str):
    """The point of the row marker (the checkbox column) of the first row of the table under `heading`."""
    table = page.locator("[data-testid='stHeading']", has_text=heading).locator(
        "xpath=following::*[@data-testid='stDataFrame'][1]")
    expect(table).to_be_visible()
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # glide-data-grid draws the header row and then 35 px rows; the row marker column is the first 30 px or so
    return box["x"] + 14, box["y"] + 35 + 35 / 2


@pytest.mark.parametrize(("path", "filters", "heading"), TABLES)
def test_a_chosen_table_row_opens_its_sentence_marked_with_the_filters_kept(app, path, filters, heading):
    page = app.page
    page.set_default_timeout(STEP_TIMEOUT_MS)
    app.open(f"{path}?{filters}")
    x, y = first_row_marker(page, heading)
    page.mouse.click(x, y)
    app.wait()

    card = page.locator(".kj-card").first
    expect(card).to_be_visible(timeout=STEP_TIMEOUT_MS)
    number = card.locator("mark.kj-figure").first.text_content()
    assert number, "the card marks the number in its sentence"
    app.screenshot(f"evidence_{path.strip('/')}_table_row")

    link = page.get_by_role("link", name="本文を見る").first
    link.click()
    expect(page).to_have_url(re.compile(r"/sources\?"), timeout=STEP_TIMEOUT_MS)
    app.wait()
    expect(page).to_have_url(url_with(*filters.split("&")))
    expect(page).to_have_url(re.compile(r"[?&]sentence=\d+-\d+"))
    assert len(page.context.pages) == 1, "本文を見る opens in the same tab"
    marked = page.locator("#kj-evidence")
    expect(marked).to_have_count(1, timeout=STEP_TIMEOUT_MS)
    expect(marked).to_contain_text(number)
