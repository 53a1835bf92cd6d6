"""Presentation mode in a real browser: every slide of the deck fits the window whole, at 1920×1080 and 1366×768.

The test walks the deck with the keyboard (→), as a presenter would, checks on each slide that the chart's
element, its drawing and the navigation row lie inside the window and that nothing else is on screen, and
saves a screenshot of every slide under test-artifacts/screenshots/.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = ({"width": 1920, "height": 1080}, {"width": 1366, "height": 768})
# What must never show in a slide: controls, captions, notices, file names.
FORBIDDEN = ("[data-testid='stSidebar']:visible", *(f"[data-testid='stMain'] [data-testid='{name}']" for name in (
    "stSelectbox", "stMultiSelect", "stTextInput", "stCaptionContainer", "stAlert", "stDownloadButton", "stDataFrame")))
BOXES_JS = """
() => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const chart = document.querySelector("[data-testid='stPlotlyChart']");
  const image = document.querySelector(".st-key-kj_slide_chart [data-testid='stImage'] img");
  return {
    element: box(chart && chart.closest("[data-testid='stElementContainer']")),
    drawing: box(chart && chart.querySelector(".main-svg")),
    legend: box(chart && chart.querySelector(".legend")),
    xtitle: box(chart && chart.querySelector(".xtitle")),
    footnote: box(chart && [...chart.querySelectorAll(".annotation")].find(a => a.textContent.startsWith("出典"))),
    image: box(image),
    nav: box(document.querySelector(".st-key-kj_slide_nav")),
    width: window.innerWidth, height: window.innerHeight,
  };
}
"""


def _inside(box: dict | None, width: int, height: int) -> bool:
    return box is not None and box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width + 0.5 \
        and box["bottom"] <= height + 0.5


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size['width']}x{size['height']}")
def test_every_slide_fits_the_window(app, size):
    page = app.page
    page.set_viewport_size(size)
    app.open("/?present=1")
    counter = page.locator(".st-key-kj_slide_nav").get_by_text(re.compile(r"^表紙 / \d+$"))
    expect(counter).to_be_visible()
    count = int(counter.text_content().split("/")[1])
    assert count >= 8, "the test corpus gives charts on every page"
    expect(page.get_by_role("heading", level=1)).to_have_text("AI業界ニュース分析")
    app.screenshot(f"present_{size['width']}x{size['height']}_00")
    for index in range(1, count + 1):
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"[?&]slide={index}(&|$)"))
        app.wait()
        boxes = page.evaluate(BOXES_JS)
        where = f"slide {index} at {size['width']}×{size['height']}"
        if boxes["image"] is not None:  # the word cloud
            assert _inside(boxes["image"], size["width"], size["height"]), where
        else:
            for part in ("element", "drawing", "xtitle", "footnote"):
                if part == "xtitle" and boxes[part] is None:
                    continue  # the network has no axes
                assert _inside(boxes[part], size["width"], size["height"]), f"{part} of {where}: {boxes}"
            assert boxes["drawing"]["bottom"] <= boxes["element"]["bottom"] + 0.5, where  # drawn within its box
            if boxes["legend"] is not None:
                assert _inside(boxes["legend"], size["width"], size["height"]), where
        assert _inside(boxes["nav"], size["width"], size["height"]), where
        for selector in FORBIDDEN:
            assert page.locator(selector).count() == 0, f"{selector} on {where}"
        assert page.locator("[data-testid='stPlotlyChart'], .st-key-kj_slide_chart [data-testid='stImage']") \
            .count() == 1, where
        app.screenshot(f"present_{size['width']}x{size['height']}_{index:02d}")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(rf"[?&]slide={count - 1}(&|$)"))


def test_presentation_can_be_left_with_escape(app):
    app.open("/companies?present=1&slide=1")
    expect(app.page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()
    assert app.page.locator("[data-testid='stPlotlyChart']").count() == 1
    app.page.keyboard.press("Escape")
    expect(app.page.locator("[data-testid='stSidebar']")).to_be_visible()
    expect(app.page).not_to_have_url(re.compile(r"[?&](present|slide)="))
