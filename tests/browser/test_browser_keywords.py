"""キーワード in a real Chromium: the KWIC columns line up on the keyword, and a clicked bar of the ranking opens\nits KWIC (the word in the search box and in the link)."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import APP_SETTLED_JS

pytestmark = pytest.mark.browser

# The drawn box of each cell's text (a Range over its contents), not the cell's: a table's cells line up
# whatever their text does.
TEXT_BOXES_JS = """
() => [...document.querySelectorAll("table.kwic tbody tr")].map(row => {
  const box = (name) => {
    const cell = row.querySelector("td." + name);
    const range = document.createRange();
    range.selectNodeContents(cell);
    const rect = range.getBoundingClientRect();
    return {text: cell.textContent, left: rect.left, right: rect.right, width: rect.width};
  };
  return {left: box("kwic-left"), match: box("kwic-match"), right: box("kwic-right")};
})
"""
TOLERANCE_PX = 1.5


def spread(values: list[float]) -> float:
    return max(values) - min(values)


# (KWIC word in the link, sort order): a word found with its synonyms' spellings (keywords of two widths), and a
# Latin word inside longer names (OpenAI) with Latin and kanji contexts
KWIC_LINKS = (("大規模モデル", "left"), ("AI", "right"))


@pytest.mark.parametrize(("word", "order"), KWIC_LINKS)
def test_kwic_columns_line_up_on_the_keyword(app, word, order):
    app.open(f"/keywords?kwic={word}" + (f"&kwic_sort={order}" if order else ""))
    expect(app.page.locator("table.kwic tbody tr").first).to_be_visible()
    rows = app.page.evaluate(TEXT_BOXES_JS)
    lines = [row for row in rows if row["left"]["text"] and row["right"]["text"]]
    assert len(lines) >= 5
    assert spread([r["left"]["width"] for r in lines]) > 20  # contexts of different widths, so alignment shows
    assert spread([r["left"]["right"] for r in lines]) <= TOLERANCE_PX  # left context ends at one x
    assert spread([r["match"]["left"] for r in lines]) <= TOLERANCE_PX  # every keyword starts at one x
    assert spread([r["right"]["left"] for r in lines]) <= TOLERANCE_PX
    for row in lines:
        assert row["left"]["right"] <= row["match"]["left"] <= row["left"]["right"] + 16
        assert row["match"]["right"] <= row["right"]["left"]
    app.screenshot(f"kwic_{order or 'position'}")


def test_clicking_a_word_in_the_ranking_opens_its_kwic(app):
    app.open("/keywords")
    page = app.page
    chart = page.locator("[data-testid='stPlotlyChart']").first
    expect(chart.locator(".barlayer .point").first).to_be_attached()
    term = chart.evaluate("element => element.querySelector('.js-plotly-plot').data[0].customdata.at(-1)")
    bar = chart.locator(".barlayer .point").last  # drawn at the top: the most frequent term
    # The ranking is drawn below the word cloud, under the window's lower edge: a mouse click at a point outside
    # the window reaches nothing, so the bar is scrolled into the window first.
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly takes the clicked point from its hover, which it works out after a move
    expect(chart.locator(".hoverlayer .hovertext")).to_be_visible()
    with app.rerun():
        page.mouse.click(x, y)
    expect(page.get_by_label("検索する語")).to_have_value(term)
    expect(page.locator("table.kwic tbody tr").first).to_be_visible()
    expect(page.locator("table.kwic td.kwic-match").first).to_contain_text(term[:1])
    assert parse_qs(urlsplit(page.url).query).get("kwic") == [term]


def test_a_kwic_line_opens_its_sentence_marked_in_the_same_tab_with_the_filters_kept(app):
    app.open("/keywords?kwic=売上&currency=usd&status=actual&status=forecast")
    page = app.page
    line = page.locator("table.kwic tbody tr").first
    expect(line).to_be_visible()
    word = line.locator("td.kwic-match").text_content()
    line.get_by_role("link", name="本文を見る").click()
    expect(page).to_have_url(re.compile(r"/sources\?"))  # a new page load: "settled" is its first run's end
    page.wait_for_function(APP_SETTLED_JS)
    query = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path.endswith("/sources")
    assert query["currency"] == ["usd"] and query["status"] == ["actual", "forecast"]
    assert len(query["article"]) == 1 and re.fullmatch(r"\d+-\d+", query["sentence"][0])
    assert len(page.context.pages) == 1, "本文を見る opens in the same tab"
    marked = page.locator("#kj-evidence")
    expect(marked).to_have_count(1)
    expect(marked).to_contain_text(word)
    expect(marked).to_be_in_viewport()
