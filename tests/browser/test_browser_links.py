"""A shared link reproduces the view: in one browser context every widget of a page is set as a reader would,
then a second context (another browser profile, nothing shared) opens the first one's address; both show the
same widget values and the same picture of the page.

Every sidebar filter is set to the earnings article of the seeds; the pages 概要, ソース and presentation
mode (its second slide) are sent. Screenshots of both contexts are saved under
test-artifacts/screenshots/ (links_<page>_sender.png and _receiver.png).
"""
from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, Dashboard

pytestmark = pytest.mark.browser

EARNINGS = (("発行元", "note"), ("テーマ", "決算・収益"), ("企業", "Alphabet"), ("企業", "Microsoft"),
            ("記事", "ChatGPTは終焉"), ("状態", "実績"), ("期間（から）", "2023年"), ("期間（まで）", "2023年Q4"))
# Every widget's value: multiselect chips, selectbox text, text inputs, the chosen radio and segmented buttons,
# toggles, keyed by kind and label; and each table's height (its number of rows) and text.
WIDGET_VALUES_JS = """
() => {
  const label = (el) => { const l = el.querySelector("[data-testid='stWidgetLabel']"); return l ? l.innerText.trim() : ""; };
  const values = {};
  for (const el of document.querySelectorAll("[data-testid='stMultiSelect']"))
    values["multiselect " + label(el)] = [...el.querySelectorAll("[data-baseweb='tag']")].map(t => t.innerText.trim());
  for (const el of document.querySelectorAll("[data-testid='stSelectbox']"))
    values["selectbox " + label(el)] = el.innerText.trim().slice(label(el).length).trim();
  for (const el of document.querySelectorAll("[data-testid='stTextInput']"))
    values["text " + label(el)] = el.querySelector("input").value;
  for (const el of document.querySelectorAll("[data-testid='stRadio']"))
    values["radio " + label(el)] = [...el.querySelectorAll("label")].filter(l => l.querySelector("input:checked"))
      .map(l => l.innerText.trim());
  for (const el of document.querySelectorAll("[data-testid='stButtonGroup']"))
    values["segmented " + label(el)] = [...el.querySelectorAll("button[kind$='Active']")].map(b => b.innerText.trim());
  for (const el of document.querySelectorAll("[data-testid='stCheckbox']"))
    values["toggle " + label(el)] = el.querySelector("input").checked;
  values.tables = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")]
    .map(el => [Math.round(el.getBoundingClientRect().height), el.innerText.trim()]);
  return values;
}
"""
# Share of pixels that may differ between the two pictures (anti-aliasing of text, never a different chart).
PIXEL_TOLERANCE = 0.002


def widget(app: Dashboard, kind: str, label: str, where: str = "[data-testid='stSidebar']"):
    return app.page.locator(where).locator(f"[data-testid='{kind}']").filter(
        has=app.page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(rf"^{re.escape(label)}$")))


def choose(app: Dashboard, label: str, option: str, where: str = "[data-testid='stSidebar']") -> None:
    """Open a multiselect or selectbox by its label and click the option that starts with `option`."""
    box = widget(app, "stMultiSelect", label, where).or_(widget(app, "stSelectbox", label, where)).first
    wanted = app.page.get_by_role("option", name=re.compile(rf"^{re.escape(option)}")).first
    for attempt in range(3):  # a rerun that lands while the list opens closes it again
        app.wait()
        box.locator("input").first.click()
        app.page.keyboard.type(option)  # the list narrows to matching options, as a reader would search it
        try:
            expect(wanted).to_be_visible(timeout=15_000)
            break
        except AssertionError:
            app.page.keyboard.press("Escape")
    wanted.click()
    app.page.keyboard.press("Escape")
    app.wait()


def set_filters(app: Dashboard, choices) -> None:
    for label, option in choices:
        choose(app, label, option)
    app.page.locator("[data-testid='stSidebar']").get_by_text("USD換算", exact=True).click()
    app.wait()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def picture(app: Dashboard, name: str) -> Image.Image:
    """The main area at the top of the page, with no focus ring and no hover, saved and returned."""
    app.page.evaluate("() => document.activeElement && document.activeElement.blur()")
    app.page.mouse.move(1, 1)
    app.page.locator("[data-testid='stMain']").evaluate("main => main.scrollTo(0, 0)")
    app.page.wait_for_timeout(300)
    app.wait()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # A table keeps the column widths it measured when first drawn (the sender's before the filters narrowed it):
    # tables are masked, and compared by their size and text below.
    data = app.page.locator("[data-testid='stMain']").screenshot(
        path=str(SCREENSHOTS / f"{name}.png"), mask=[app.page.locator("[data-testid='stDataFrame']")])
    return Image.open(io.BytesIO(data)).convert("RGB")


def assert_same_view(sender: Dashboard, receiver: Dashboard, name: str) -> None:
    """The receiver opens the sender's address: same page, widget values, query and picture."""
    url = sender.page.url
    sent_values = sender.page.evaluate(WIDGET_VALUES_JS)
    sent = picture(sender, f"links_{name}_sender")
    receiver.page.goto(url)
    receiver.wait()
    assert receiver.page.evaluate(WIDGET_VALUES_JS) == sent_values
    assert query(receiver.page.url) == query(url)
    got = picture(receiver, f"links_{name}_receiver")
    assert got.size == sent.size
    box = ImageChops.difference(sent, got).convert("L").point(lambda v: 255 if v > 24 else 0)
    differing = sum(box.histogram()[255:]) / (got.size[0] * got.size[1])
    assert differing <= PIXEL_TOLERANCE, f"{name}: {differing:.2%} of the picture differs"


@pytest.fixture
def receiver(browser, browser_context_args):
    """A second browser context: another profile, no cookies, session or storage in common with the sender."""
    context = browser.new_context(**browser_context_args)
    dashboard = Dashboard(context.new_page())
    yield dashboard
    context.close()
    assert dashboard.dialogs == []


def present_second_slide(app: Dashboard) -> None:
    app.page.locator("[data-testid='stSidebar']").get_by_text("プレゼンテーション表示").click()
    app.wait()
    for _ in range(2):
        app.page.get_by_role("button", name="次へ").click()
        app.wait()
    expect(app.page.locator(".st-key-kj_slide_nav")).to_contain_text("2 /")


# (page, the parameters its own choices put in the link)
PAGES = (("", ()), ("sources", ()), ("presentation", ("present", "slide")))
ACTIONS = {"presentation": present_second_slide}
SIDEBAR_PARAMS = ("publisher", "theme", "company", "article", "status", "period_from", "period_to", "currency")


@pytest.mark.parametrize(("url_path", "params"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_a_link_shows_what_its_sender_sees(app, receiver, url_path, params):
    app.open("/" if url_path in ("", "presentation") else f"/{url_path}")
    set_filters(app, EARNINGS)
    if url_path in ACTIONS:
        ACTIONS[url_path](app)
    sent = query(app.page.url)
    expected = {*SIDEBAR_PARAMS, *params}
    assert expected <= set(sent), expected - set(sent)
    assert_same_view(app, receiver, url_path or "overview")
