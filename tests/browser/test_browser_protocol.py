"""The load benchmark's second kind of reader, against the test server: a session opened on the websocket as the
frontend opens it, asking for script runs with a link's query string, receives the overview numbers the
dashboard's own filter functions give for that link — run after run in one session, and never another link's."""
from __future__ import annotations

import asyncio
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.load import choose_links, expected_metrics, open_session, script_run
from dashboard.cache import read_folder_corpus

pytestmark = pytest.mark.browser

FIRST_RUN_TIMEOUT_S = 300  # the first run on a fresh server parses the corpus


def test_a_session_spoken_to_directly_gets_each_links_own_numbers(dashboard_url, browser_corpus):
    corpus = read_folder_corpus(browser_corpus)
    links = choose_links(corpus, 3)
    assert len(links) == 3
    unfiltered = expected_metrics(corpus, {})

    async def visit() -> list[tuple[list[str], int, dict]]:
        socket = await open_session(dashboard_url)
        try:
            seen = [await asyncio.wait_for(script_run(socket, "", history=False), FIRST_RUN_TIMEOUT_S)]
            for params, _ in (*links, links[0]):
                seen.append(await asyncio.wait_for(
                    script_run(socket, urllib.parse.urlencode(params), history=True), FIRST_RUN_TIMEOUT_S))
            return [(s.metrics[:5], s.exceptions, s.elements) for s in seen]
        finally:
            await socket.close()

    # in a thread of its own: the browser suite's Playwright keeps an event loop running in this one
    with ThreadPoolExecutor(max_workers=1) as pool:
        runs = pool.submit(asyncio.run, visit()).result()
    expected = [unfiltered, *(metrics for _, metrics in links), links[0][1]]
    assert [tuple(metrics) for metrics, _, _ in runs] == expected
    assert [exceptions for _, exceptions, _ in runs] == [0] * len(runs)
    assert all(elements.get("plotly_chart") for _, _, elements in runs)  # the page was drawn, not just counted
