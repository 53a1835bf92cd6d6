"""A shared link reproduces the view: in one browser context every widget of a page is set as a reader would,
then a second context (another browser profile, nothing shared) opens the first one's address; both show the
same widget values and the same picture of the page.

Three sets of filters cover the pages: the earnings article of the seeds (概要, 企業, 売上・収益, ファクト,
キーワード, ソース and presentation mode), the traffic article (トラフィック) and the two Chinese-AI articles
(資金調達). Screenshots of both contexts are saved under
test-artifacts/screenshots/ (links_<page>_sender.png and _receiver.png).
"""
from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Locator, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import APP_SETTLED_JS, SCREENSHOTS, Dashboard
from tests.serving import RUNS_JS, ran_since_js, settled_js

pytestmark = pytest.mark.browser

EARNINGS = (("発行元", "note"), ("テーマ", "決算・収益"), ("企業", "Alphabet"), ("企業", "Microsoft"),
            ("記事", "ChatGPTは終焉"), ("状態", "実績"), ("期間（から）", "2023年"), ("期間（まで）", "2023年Q4"))
TRAFFIC = (("発行元", "Pinecone Finance"), ("テーマ", "利用者・トラフィック"), ("企業", "Baidu"), ("企業", "OpenAI"),
           ("記事", "ChatGPT の冷却化"), ("状態", "実績"), ("期間（から）", "2022年"), ("期間（まで）", "2022年"))
# Two funding metrics (raised, investment_change), both in paragraphs of the funding theme. These rows have no
# period, and one has no company: those filters would empty the page.
FUNDING = (("発行元", "タイガースニフ"), ("発行元", "Pinecone Finance"), ("テーマ", "資金調達・投資"),
           ("記事", "大型モデルは巨人"), ("記事", "ChatGPT の冷却化"), ("状態", "実績"))

# Every widget's value: multiselect chips, selectbox text, text inputs, the chosen radio and segmented buttons,
# toggles, keyed by kind and label; and each table's height (its number of rows) and text.
WIDGET_VALUES_JS = """
() => {
  const label = (el) => { const l = el.querySelector("[data-testid='stWidgetLabel']"); return l ? l.innerText.trim() : ""; };
  const values = {};
  for (const el of document.querySelectorAll("[data-testid='stMultiSelect']"))
    values["multiselect " + label(el)] = [...el.querySelectorAll("[data-tag]")].map(t => t.innerText.trim());
  for (const el of document.querySelectorAll("[data-testid='stSelectbox']"))
    values["selectbox " + label(el)] = el.querySelector("input").value;
  for (const el of document.querySelectorAll("[data-testid='stTextInput']"))
    values["text " + label(el)] = el.querySelector("input").value;
  for (const el of document.querySelectorAll("[data-testid='stRadio']"))
    values["radio " + label(el)] = [...el.querySelectorAll("label")].filter(l => l.querySelector("input:checked"))
      .map(l => l.innerText.trim());
  for (const el of document.querySelectorAll("[data-testid='stButtonGroup']"))
    values["segmented " + label(el)] = [...el.querySelectorAll("button[aria-checked='true']")].map(b => b.innerText.trim());
  for (const el of document.querySelectorAll("[data-testid='stCheckbox']"))
    values["toggle " + label(el)] = el.querySelector("input").checked;
  values.tables = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")]
    .map(el => [Math.round(el.getBoundingClientRect().height), el.innerText.trim()]);
  return values;
}
"""
# At the top of the main area, no chart's hover label left.
QUIET_JS = """document.querySelector("[data-testid='stMain']").scrollTop === 0
  && document.querySelector("[data-testid='stPlotlyChart'] .hoverlayer .hovertext") === null"""
# A chosen option of a multiselect: a tag with the option's text and its remove button.
TAG = "[data-tag]"
LIST_ATTEMPTS = 3
LIST_TIMEOUT_MS = 20_000
# Share of pixels that may differ between the two pictures (anti-aliasing of text, never a different chart).
PIXEL_TOLERANCE = 0.002


def widget(app: Dashboard, kind: str, label: str, where: str = "[data-testid='stSidebar']"):
    return app.page.locator(where).locator(f"[data-testid='{kind}']").filter(
        has=app.page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(rf"^{re.escape(label)}$")))


def open_list(app: Dashboard, box: Locator, typed: str = "", done=lambda: False) -> Locator | None:
    """Click a select box open (and type `typed` into its search) and return its options once they are drawn —
    with `typed`, once an option starting with it is drawn. A rerun that lands while the list opens closes it
    again or redraws it unsearched: then the box is opened again, its search cleared and typed anew, up to three
    times, each once the page has settled. None when `done()` holds before an attempt (a late rerun already
    applied the choice)."""
    options = app.page.get_by_role("option")
    wanted = options.filter(has_text=re.compile(rf"^{re.escape(typed)}")) if typed else options
    for attempt in range(LIST_ATTEMPTS):
        app.page.wait_for_function(APP_SETTLED_JS)
        if done():
            return None
        search = box.locator("input").first
        search.click()
        if typed:
            search.fill("")  # what an earlier attempt typed (fill sets the text: no key can remove a chosen option)
            app.page.keyboard.type(typed)
        try:
            expect(wanted.first).to_be_visible(timeout=LIST_TIMEOUT_MS if attempt < LIST_ATTEMPTS - 1 else None)
            return options
        except AssertionError:
            if attempt == LIST_ATTEMPTS - 1:
                raise
            app.page.keyboard.press("Escape")
    return options


def tags(box: Locator) -> list[str]:
    """The options a multiselect shows as chosen, in the order they were chosen (a selectbox has none)."""
    return [text.strip() for text in box.locator(TAG).all_inner_texts()]


def shows(box: Locator, label: str, option: str) -> bool:
    """Whether the box already shows `option` chosen: as a multiselect tag or as a selectbox's value."""
    if box.get_attribute("data-testid") == "stMultiSelect":
        return any(tag.startswith(option) for tag in tags(box))
    return box.locator("input").first.input_value().startswith(option)  # a selectbox shows its value in its input


CLICK_RUN_TIMEOUT_MS = 30_000  # how long a click on an option may take to start its run before it is tried again


def choose(app: Dashboard, label: str, option: str, where: str = "[data-testid='stSidebar']") -> None:
    """Open a multiselect or selectbox by its label and click the option that starts with `option`.

    On a loaded machine a rerun can land between finding the option and clicking it, redraw the list unsearched
    and put another option under the pointer. So the choice is checked afterwards: an option chosen besides the
    wanted one is taken back (its tag's remove button) and the search is done again, up to three times. For the
    same reason a click may meet no option at all and start no run: that is found by the same check and tried
    again, instead of waiting for a run that never comes."""
    box = widget(app, "stMultiSelect", label, where).or_(widget(app, "stSelectbox", label, where)).first
    for _ in range(LIST_ATTEMPTS):
        app.page.wait_for_function(APP_SETTLED_JS)
        before = tags(box)
        if shows(box, label, option):
            return  # already chosen (a default such as 実績): a multiselect no longer offers it
        # the list narrows to matching options, as a reader would search it
        options = open_list(app, box, typed=option, done=lambda: shows(box, label, option))
        if options is not None:
            runs = app.page.evaluate(RUNS_JS)
            options.filter(has_text=re.compile(rf"^{re.escape(option)}")).first.click()
            app.page.keyboard.press("Escape")
            try:
                app.page.wait_for_function(ran_since_js(runs), timeout=CLICK_RUN_TIMEOUT_MS)
            except PlaywrightTimeoutError:
                pass  # the click started no run: the check below sees the option unchosen and tries again
        app.page.wait_for_function(APP_SETTLED_JS)
        after = tags(box)
        stray = after[len(before):] if after[:len(before)] == before else []
        if shows(box, label, option) and all(tag.startswith(option) for tag in stray):
            return
        for index in reversed(range(len(before), len(after))):  # back to what was chosen before
            with app.rerun():
                box.locator(TAG).nth(index).locator("button").click()
    raise AssertionError(f"{label}: could not choose {option!r} (chosen: {tags(box)})")


def choose_another(app: Dashboard, label: str, param: str) -> None:
    """Pick an option of a page's selectbox other than the one it shows (its default): that puts `param` into
    the link."""
    box = widget(app, "stSelectbox", label, "[data-testid='stMain']").first
    options = open_list(app, box)
    assert options is not None
    others = options.and_(app.page.locator(":not([aria-selected='true'])"))
    assert others.count() > 0, f"{label} offers one option only"
    with app.rerun():
        others.first.click()
    assert param in query(app.page.url), f"the choice in {label} is not in the link {app.page.url}"


def set_filters(app: Dashboard, choices) -> None:
    for label, option in choices:
        choose(app, label, option)
    with app.rerun():
        app.page.locator("[data-testid='stSidebar']").get_by_text("USD換算", exact=True).click()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def picture(app: Dashboard, name: str) -> Image.Image:
    """The main area at the top of the page, with no focus ring and no hover, saved and returned."""
    app.page.evaluate("() => document.activeElement && document.activeElement.blur()")
    app.page.mouse.move(1, 1)
    app.page.locator("[data-testid='stMain']").evaluate("main => main.scrollTo(0, 0)")
    app.page.wait_for_function(settled_js(QUIET_JS))
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
    with receiver.rerun():
        receiver.page.goto(url)
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


def search_kwic(app: Dashboard) -> None:
    app.page.get_by_label("検索する語").fill("売上")
    with app.rerun():
        app.page.keyboard.press("Enter")
    with app.rerun():
        app.page.locator("[data-testid='stButtonGroup'] button[aria-checked='false']").last.click()


def present_second_slide(app: Dashboard) -> None:
    with app.rerun():
        app.page.locator("[data-testid='stSidebar']").get_by_text("プレゼンテーション表示").click()
    for _ in range(2):
        with app.rerun():
            app.page.get_by_role("button", name="次へ").click()
    expect(app.page.locator(".st-key-kj_slide_nav")).to_contain_text("2 /")


# (page, filters set in the sidebar, the page's own choices, the parameters they put in the link)
PAGES = (
    ("", EARNINGS, (), ()),
    ("companies", EARNINGS, (("企業を選ぶ", "detail"),), ()),
    ("revenue", EARNINGS, (("指標", "metric"),), ()),
    ("traffic", TRAFFIC, (("指標", "metric"),), ()),
    ("funding", FUNDING, (("指標", "metric"),), ()),
    ("facts", EARNINGS, (("企業を選ぶ", "timeline"), ("数値を選ぶ", "figure")), ()),
    ("keywords", EARNINGS, (), ("kwic", "kwic_sort")),
    ("sources", EARNINGS, (), ()),
    ("presentation", EARNINGS, (), ("present", "slide")),
)
ACTIONS = {"keywords": search_kwic, "presentation": present_second_slide}
SIDEBAR_PARAMS = ("publisher", "theme", "article", "status", "currency")


@pytest.mark.parametrize(("url_path", "filters", "choices", "params"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_a_link_shows_what_its_sender_sees(app, receiver, url_path, filters, choices, params):
    with app.rerun():
        app.page.goto("/" if url_path in ("", "presentation") else f"/{url_path}")
    set_filters(app, filters)
    shown = app.page.evaluate(WIDGET_VALUES_JS)
    for label, option in filters:  # the values compared below are the ones chosen (never two empty lists)
        chosen = shown.get(f"multiselect {label}", [shown.get(f"selectbox {label}", "")])
        assert any(value.startswith(option) for value in chosen), (label, option, chosen)
    for label, param in choices:
        choose_another(app, label, param)
    if url_path in ACTIONS:
        ACTIONS[url_path](app)
    sent = query(app.page.url)
    expected = {*SIDEBAR_PARAMS, *(param for _, param in choices), *params}
    if filters is not FUNDING:
        expected |= {"company", "period_from", "period_to"}
    assert expected <= set(sent), expected - set(sent)
    assert_same_view(app, receiver, url_path or "overview")
