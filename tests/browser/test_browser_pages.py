"""Every dashboard page in a real Chromium: no exception, its charts drawn, Japanese glyphs, a screenshot."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# (url path, page title, least plotly charts and pictures the test corpus gives, words in the first chart's
#  title, screenshot name, whole page in the screenshot)
PAGES = (
    ("/", "概要", 0, 0, "", "01_overview", True),
    ("/companies", "企業", 2, 0, "企業別の言及回数", "02_companies", False),
    ("/funding", "資金調達", 1, 0, "（企業", "03_funding", False),
    ("/revenue", "売上・収益", 1, 0, "（企業", "04_revenue", False),
    ("/traffic", "トラフィック", 1, 0, "（企業", "05_traffic", False),
    ("/keywords", "キーワード", 1, 1, "頻出キーワード", "06_keywords", False),
    ("/sources", "ソース", 0, 0, "", "07_sources", False),
)

# Draws two different kanji in the page's own font and compares the pixels: with a CJK font they differ,
# with none both are the same empty box.
GLYPHS_DIFFER_JS = """
() => {
  const font = getComputedStyle(document.querySelector("[data-testid='stMain'] h1")).font;
  const draw = (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 64; canvas.height = 64;
    const context = canvas.getContext("2d");
    context.font = font.replace(/\\d+(\\.\\d+)?px/, "48px");
    context.fillText(text, 4, 52);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(",");
  };
  return draw("資") !== draw("金") && draw("資") !== draw("");
}
"""


@pytest.mark.parametrize(("path", "title", "charts", "pictures", "chart_title", "shot", "full_page"), PAGES)
def test_page_loads_with_its_charts(app, path, title, charts, pictures, chart_title, shot, full_page):
    app.open(path)
    page = app.page
    expect(page.get_by_role("heading", level=1).first).to_contain_text(title)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    drawn = page.locator("[data-testid='stPlotlyChart']")
    if charts:
        expect(drawn.nth(charts - 1)).to_be_attached()
    for index in range(drawn.count()):
        expect(drawn.nth(index).locator(".main-svg").first).to_be_visible()
    if chart_title:
        expect(drawn.first.locator(".gtitle")).to_contain_text(chart_title)
    images = page.locator("[data-testid='stImage'] img")
    if pictures:
        expect(images.nth(pictures - 1)).to_be_attached()
    for index in range(images.count()):
        expect(images.nth(index)).to_have_js_property("complete", True)
        assert images.nth(index).evaluate("img => img.naturalWidth") > 0
    assert page.evaluate(GLYPHS_DIFFER_JS), "Japanese text renders as boxes: install fonts-noto-cjk"
    app.screenshot(shot, full_page=full_page)


def test_readme_screenshot_of_a_filtered_view(app):
    """The README's picture: 売上・収益 for the seed article on Big Tech earnings, opened from a link."""
    app.open("/revenue?article=002_26858922228c5695")
    page = app.page
    expect(page.get_by_role("heading", level=1).first).to_contain_text("売上・収益")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("[data-testid='stPlotlyChart']").first.locator(".gtitle")).to_contain_text("（企業")
    app.screenshot("readme_revenue", full_page=False)
