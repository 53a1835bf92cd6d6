"""Load benchmark: concurrent readers, each opening its link once and then working in that page, against one
local dashboard server.

    python benchmarks/load.py [--sessions 20] [--browsers 4] [--seconds 120] [--think 2 5] [--corpus DIR]
                              [--out FILE]
    bash scripts/bench.sh load [same options]

It starts `streamlit run dashboard/app.py` on a free port of 127.0.0.1 (never another address) and simulates
`--sessions` readers, each with its own Streamlit session. `--browsers` of them are Debian Chromium pages, one
browser context each (its own cookies): they draw the page as a reader sees it. The others speak Streamlit's own
protocol, as the browser's frontend does: they fetch the page, open the session's websocket
(`/_stcore/stream`), ask for script runs with their link's query string (a `BackMsg` `rerun_script`) and read the
elements the server sends back (`ForwardMsg` deltas) until the run's `script_finished`. To the server both kinds
are the same: a session, its script runs and its deltas. The second kind costs the load generator almost nothing,
where a Chromium page load costs ~20 CPU-s on this machine against ~1 s of the server's — so on one 2-core
machine twenty rendered pages measure mostly Chromium, and twenty sessions of which a few render measure the
server. Chromium's contexts ask for reduced motion (no loading animations drawn in software: the reader's
machine's work, not the server's). The readers arrive over the first 30 seconds. Each one:

1. opens its first link to the 概要 page (a **page load**: the page, Streamlit's frontend and a new session);
2. then, until the time is up, thinks (a pause drawn uniformly from `--think`, default 2–5 s) and moves to its
   other link inside the same page, as the browser's back and forward buttons do (the URL's filters change, the
   app reruns over the open websocket in the same session; nothing is downloaded again): a **rerun**.

After each step a browser reader waits until Streamlit is connected, its script has finished, no skeleton is left
and the five overview metrics are on the page (after a rerun: until they differ from the ones shown before, as the
two links' numbers do); a protocol reader waits for the run's end and takes the five metrics among its elements.
Both record the settle time. The expected metrics of every link are computed
beforehand from the same folder with the dashboard's own functions (`read_folder_corpus`, `parse_params`,
`apply_filters`), and the links are chosen so that no two share the same five numbers: a page that shows
numbers other than its own link's is cross-talk. Errors are failed or timed-out page loads and reruns,
exception boxes (an exception element), JavaScript errors and console errors.

The server's resident memory (its process and children, read from /proc) is sampled every second. CPU time
(user + system) is read before and after the run for two process trees: the server's, and Chromium's (every
other descendant of this process); the server's is divided by the script runs (page loads + reruns).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.serving import CHROMIUM, CHROMIUM_ARGS, free_port, settled_js, stop, wait_for_health  # noqa: E402

# The default corpus: the seeds and every annotated test set, so that enough filters give distinct numbers.
# Of the default 20 readers, this many render in Chromium (see the module docstring).
BROWSERS = 4
DEFAULT_FOLDERS = ("seeds", "tests/data/articles", "tests/data/holdout/articles", "tests/data/holdout2/articles")
# A page load downloads and parses Streamlit's frontend and draws the page's charts in a new context: ~20 CPU-s of
# Chromium on this machine, against ~1 s of the server's. 20 of them share the 2 cores with the server.
# A reader's browser context. Reduced motion: headless Chromium draws Streamlit's loading shimmer and spinners frame
# by frame in software (~15 CPU-s of its GPU process per page load), work of the reader's machine, not the server's.
CONTEXT_OPTIONS = {"viewport": {"width": 1280, "height": 800}, "locale": "ja-JP", "reduced_motion": "reduce"}
LOAD_TIMEOUT_MS = 120_000
RERUN_TIMEOUT_MS = 60_000
RAMP_UP_S = 30.0  # the readers' page loads are spread over this much time
THINK_S = (2.0, 5.0)  # a reader's pause between two actions, drawn uniformly
METRICS_JS = """[...document.querySelectorAll("[data-testid='stMetricValue']")].map(m => m.innerText.trim())"""
# Settled: the script run ended and the overview's five numbers are on the page.
SETTLED_JS = settled_js(f"{METRICS_JS}.length >= 5")
# Settled after a rerun: as above, and the numbers are no longer `before` (the previous link's).
RERUN_SETTLED_JS = settled_js(f"{METRICS_JS}.length >= 5 && {METRICS_JS}.slice(0, 5).join('|') !== before",
                              arg="before")
# Moving to another link inside the open page, as the browser's back/forward buttons do: the URL changes and the
# frontend reruns the app with the new query parameters in the same session.
NAVIGATE_JS = """(path) => { window.history.pushState({}, "", path); window.dispatchEvent(new PopStateEvent("popstate")); }"""
READ_JS = """
() => ({
  metrics: [...document.querySelectorAll("[data-testid='stMetricValue']")].map(m => m.innerText.trim()),
  exceptions: document.querySelectorAll("[data-testid='stException']").length,
})
"""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


# -- the expected numbers -------------------------------------------------------------------------------------

def expected_metrics(corpus, params: dict[str, str]) -> tuple[str, ...]:
    """The five overview metric values the dashboard shows for these URL parameters."""
    from dashboard.filters import apply_filters, filter_options, parse_params
    from dashboard.formatting import FRAME_LABELS
    from loaders.themes import load_theme_rules

    labels = [rule.id for rule in load_theme_rules()]
    state, _ = parse_params(params, filter_options(corpus, labels))
    view = apply_filters(corpus, state)
    counts = [f"{len(view.articles):,}件", f"{view.companies['company'].nunique():,}社"]
    return (*counts, *(f"{len(view.frame(name)):,}件" for name in FRAME_LABELS))


def candidate_params(corpus) -> list[dict[str, str]]:
    """Single filters (company, theme, publisher, period from) and company + period pairs."""
    from dashboard.filters import filter_options

    options = filter_options(corpus)
    mentioned = corpus.companies["company"].value_counts()
    companies = [c for c in mentioned.index if c in options.company]
    years = sorted({p[:4] for p in options.period if p[:4].isdigit()})
    found = [{"company": c} for c in companies]
    found += [{"theme": t} for t in options.theme]
    found += [{"publisher": p} for p in options.publisher]
    found += [{"period_from": y} for y in years]
    found += [{"company": c, "period_from": y} for c in companies[:30] for y in years]
    return found


def choose_links(corpus, wanted: int) -> list[tuple[dict[str, str], tuple[str, ...]]]:
    """Up to `wanted` filters whose five overview numbers differ pairwise."""
    chosen, seen = [], set()
    for params in candidate_params(corpus):
        metrics = expected_metrics(corpus, params)
        if metrics not in seen and not metrics[0].startswith("0"):
            seen.add(metrics)
            chosen.append((params, metrics))
        if len(chosen) == wanted:
            break
    return chosen


# -- the server -----------------------------------------------------------------------------------------------

def _proc_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields after the command name, from field 3 (state)


def process_tree(root: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _proc_stat(int(entry.name))):
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def tree_rss_mb(root: int) -> float:
    """Resident memory of the process tree in MB."""
    total_kb = 0
    for pid in process_tree(root):
        try:
            total_kb += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE_KB
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return total_kb / 1024


def tree_cpu_s(root: int, without: set[int] = frozenset()) -> float:
    """User + system CPU seconds of the process tree (reaped children included), leaving out `without`."""
    ticks = 0
    for pid in process_tree(root):
        if pid not in without and (fields := _proc_stat(pid)):
            ticks += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return ticks / CLOCK_TICKS


def browser_cpu_s(server_pid: int) -> float:
    """CPU seconds of this process's descendants other than the server's tree: Playwright's driver and
    Chromium's browser, GPU and renderer processes."""
    me = os.getpid()
    return tree_cpu_s(me, {me, *process_tree(server_pid)})


def start_server(corpus: Path, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--", "--corpus", str(corpus)]
    env = {k: v for k, v in os.environ.items() if k != "KIJISCOPE_PASSPHRASE_HASH"}
    with open(log, "wb") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)


# -- the readers ----------------------------------------------------------------------------------------------

@dataclass
class Reader:
    """One simulated reader (a browser context, or a session spoken to over Streamlit's protocol): its links, and
    what happened."""

    links: list[tuple[str, tuple[str, ...]]]
    renders: bool = True  # drawn by Chromium (else spoken to over the protocol)
    load_settle_s: list[float] = field(default_factory=list)
    rerun_settle_s: list[float] = field(default_factory=list)
    loads: int = 0
    reruns: int = 0
    crosstalk: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def check(self, page, path: str, expected: tuple[str, ...]) -> tuple[str, ...]:
        """Compare what the page shows with the link's numbers; the numbers shown."""
        seen = await page.evaluate(READ_JS)
        return self.compare(path, expected, seen["metrics"], seen["exceptions"])

    async def turns(self, think_s: tuple[float, float], deadline: float, rng: random.Random):
        """The reader's moves after its page load: a pause drawn from `think_s`, then its next link (path,
        expected numbers), in turn, until the time is up."""
        turn = 1
        while len(self.links) > 1:
            pause = rng.uniform(*think_s)
            if time.monotonic() + pause >= deadline:
                return
            await asyncio.sleep(pause)
            yield self.links[turn % len(self.links)]
            turn += 1

    def compare(self, path: str, expected: tuple[str, ...], metrics: list[str], exceptions: int) -> tuple[str, ...]:
        """Count an exception box as an error and numbers other than the link's as cross-talk; the numbers shown."""
        if exceptions:
            self.errors.append(f"exception box on {path}")
        shown = tuple(metrics[:5])
        if shown != expected:
            self.crosstalk.append({"link": path, "expected": expected, "shown": shown})
        return shown


async def run_reader(context, reader: Reader, base_url: str, deadline: float, delay_s: float,
                     think_s: tuple[float, float], rng: random.Random) -> None:
    await asyncio.sleep(delay_s)  # readers arrive one after another, not all in the same instant
    page = await context.new_page()
    page.set_default_navigation_timeout(LOAD_TIMEOUT_MS)
    page.on("pageerror", lambda error: reader.errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: reader.errors.append(f"console: {message.text}")
            if message.type == "error" else None)
    shown: tuple[str, ...] = ()
    while not shown and time.monotonic() < deadline:  # the page load (again after a failed one)
        path, expected = reader.links[0]
        started = time.monotonic()
        try:
            await page.goto(base_url + path, wait_until="commit")
            await page.wait_for_timeout(200)  # let the script run begin before waiting for its end
            await page.wait_for_function(SETTLED_JS, timeout=LOAD_TIMEOUT_MS)
        except Exception as error:  # noqa: BLE001 - any failed load is counted as an error, and the run goes on
            reader.errors.append(f"load {path}: {type(error).__name__}: {str(error)[:200]}")
            continue
        reader.load_settle_s.append(time.monotonic() - started - 0.2)
        reader.loads += 1
        shown = await reader.check(page, path, expected)
    async for path, expected in reader.turns(think_s, deadline, rng):
        if not shown:
            break  # the page load never settled, or the page shows no numbers any more
        started = time.monotonic()
        try:
            await page.evaluate(NAVIGATE_JS, path)
            await page.wait_for_function(RERUN_SETTLED_JS, arg="|".join(shown), timeout=RERUN_TIMEOUT_MS)
        except Exception as error:  # noqa: BLE001 - counted, and the reader goes on from what is shown
            reader.errors.append(f"rerun {path}: {type(error).__name__}: {str(error)[:200]}")
            shown = tuple((await page.evaluate(READ_JS))["metrics"][:5])
            continue
        reader.rerun_settle_s.append(time.monotonic() - started)
        reader.reruns += 1
        shown = await reader.check(page, path, expected)
    await page.close()


@dataclass
class RunSeen:
    """What a session received during one script run: the metric values in order, the exception elements, and
    how many elements of each type (metric, plotly_chart, arrow_data_frame, markdown, …)."""

    metrics: list[str] = field(default_factory=list)
    exceptions: int = 0
    elements: dict[str, int] = field(default_factory=dict)


async def script_run(socket, query: str, history: bool) -> RunSeen:
    """Ask the session for a script run with this query string, as the frontend does, and read what the server
    sends until the run ends."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = ""
    request.rerun_script.is_history_navigation = history
    await socket.send(request.SerializeToString())
    seen = RunSeen()
    while True:
        message = ForwardMsg.FromString(await socket.recv())
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            element_type = element.WhichOneof("type")
            seen.elements[element_type] = seen.elements.get(element_type, 0) + 1
            if element_type == "metric":
                seen.metrics.append(element.metric.body)
            elif element_type == "exception":
                seen.exceptions += 1
        elif kind == "page_not_found":
            raise RuntimeError(f"page not found: {message.page_not_found.page_name!r}")
        elif kind == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("the script did not compile")
            return seen


async def open_session(base_url: str):
    """A new Streamlit session on the server's websocket, opened as the frontend opens it."""
    import websockets

    return await websockets.connect(base_url.replace("http://", "ws://", 1) + "/_stcore/stream",
                                    subprotocols=["streamlit"], origin=base_url, max_size=None)


async def run_protocol_reader(reader: Reader, base_url: str, deadline: float, delay_s: float,
                              think_s: tuple[float, float], rng: random.Random) -> None:
    """A reader that speaks Streamlit's protocol: its page load is the page's HTML, a new session on the websocket
    and a first script run with its link's query string; each rerun is another script run in that session with
    its other link's query string, as a move with the browser's back/forward buttons is."""
    await asyncio.sleep(delay_s)
    shown: tuple[str, ...] = ()
    socket = None
    try:
        while not shown and time.monotonic() < deadline:  # the page load (again after a failed one)
            path, expected = reader.links[0]
            started = time.monotonic()
            try:
                async with asyncio.timeout(LOAD_TIMEOUT_MS / 1000):
                    page = await asyncio.to_thread(urllib.request.urlopen, base_url + path, None, 30)
                    page.read()
                    page.close()
                    socket = await open_session(base_url)
                    seen = await script_run(socket, path.partition("?")[2], history=False)
            except Exception as error:  # noqa: BLE001 - any failed load is counted as an error, and the run goes on
                reader.errors.append(f"load {path}: {type(error).__name__}: {str(error)[:200]}")
                if socket is not None:
                    await socket.close()
                    socket = None
                continue
            reader.load_settle_s.append(time.monotonic() - started)
            reader.loads += 1
            shown = reader.compare(path, expected, seen.metrics, seen.exceptions)
        async for path, expected in reader.turns(think_s, deadline, rng):
            if not shown:
                break  # the page load never settled
            started = time.monotonic()
            try:
                async with asyncio.timeout(RERUN_TIMEOUT_MS / 1000):
                    seen = await script_run(socket, path.partition("?")[2], history=True)
            except Exception as error:  # noqa: BLE001 - counted; the session may be unusable, so the reader stops
                reader.errors.append(f"rerun {path}: {type(error).__name__}: {str(error)[:200]}")
                break
            reader.rerun_settle_s.append(time.monotonic() - started)
            reader.reruns += 1
            shown = reader.compare(path, expected, seen.metrics, seen.exceptions)
    finally:
        if socket is not None:
            await socket.close()


async def warm_up(url: str, timeout_ms: int = 300_000) -> float:
    """Open one page and wait for it (the server parses the corpus once); the seconds it took."""
    from playwright.async_api import async_playwright

    started = time.monotonic()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = await browser.new_page(**CONTEXT_OPTIONS)
        await page.goto(url)
        await page.wait_for_timeout(200)
        await page.wait_for_function(SETTLED_JS, timeout=timeout_ms)
        await browser.close()
    return time.monotonic() - started


async def drive(base_url: str, readers: list[Reader], seconds: float, server_pid: int,
                think_s: tuple[float, float], seed: int = 0) -> tuple[list[float], float]:
    """Run the readers; the server's RSS samples and the CPU seconds Chromium (and Playwright) used meanwhile."""
    from playwright.async_api import async_playwright

    rss: list[float] = []

    async def sample() -> None:
        while True:
            rss.append(tree_rss_mb(server_pid))
            await asyncio.sleep(1.0)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(**CONTEXT_OPTIONS) if reader.renders else None for reader in readers]
        browser_cpu = browser_cpu_s(server_pid)
        sampler = asyncio.create_task(sample())
        deadline = time.monotonic() + seconds

        def reader_task(i: int, context, reader: Reader):
            delay, rng = RAMP_UP_S * i / len(readers), random.Random(seed * 1000 + i)
            if context is None:
                return run_protocol_reader(reader, base_url, deadline, delay, think_s, rng)
            return run_reader(context, reader, base_url, deadline, delay, think_s, rng)

        await asyncio.gather(*(reader_task(i, c, r) for i, (c, r) in enumerate(zip(contexts, readers))))
        sampler.cancel()
        browser_cpu = browser_cpu_s(server_pid) - browser_cpu
        for context in contexts:
            if context is not None:
                await context.close()
        await browser.close()
    return rss, browser_cpu


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 3) if len(values) > 1 \
        else round(values[0], 3)


def build_corpus_folder(folders: list[Path], scratch: Path) -> Path:
    """One folder holding the files of all the given folders (names prefixed by their folder's position)."""
    target = scratch / "articles"
    target.mkdir()
    for index, folder in enumerate(folders):
        for source in sorted(folder.iterdir()):
            if source.is_file():
                shutil.copy2(source, target / f"{index}_{source.name}")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent readers (default 20)")
    parser.add_argument("--browsers", type=int, default=None,
                        help=f"how many of them render in Chromium; the others speak Streamlit's protocol "
                             f"(default {BROWSERS}, or all of them when there are fewer)")
    parser.add_argument("--seconds", type=float, default=120, help="how long they run (default 120)")
    parser.add_argument("--corpus", action="append", type=Path,
                        help="article folder (repeatable; default: the seeds and the annotated test sets)")
    parser.add_argument("--think", type=float, nargs=2, default=THINK_S, metavar=("MIN", "MAX"),
                        help="a reader's pause between actions, seconds (default 2 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/load.json")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 50 or not 1 <= args.seconds <= 600:
        parser.error("--sessions must be 1 to 50 and --seconds 1 to 600 (the benchmark is bounded)")
    browsers = min(BROWSERS, args.sessions) if args.browsers is None else args.browsers
    if not 0 <= browsers <= args.sessions:
        parser.error("--browsers must be 0 to --sessions")
    if not 0 <= args.think[0] <= args.think[1] <= 60:
        parser.error("--think takes MIN MAX seconds with 0 <= MIN <= MAX <= 60")

    from streamlit.logger import set_log_level

    set_log_level("error")  # no "no runtime" warnings: the corpus is read here only to know the expected numbers
    from dashboard.cache import read_folder_corpus

    folders = args.corpus or [ROOT / f for f in DEFAULT_FOLDERS if (ROOT / f).is_dir()]
    with tempfile.TemporaryDirectory(prefix="kijiscope-load-") as scratch_name:
        scratch = Path(scratch_name)
        corpus_dir = build_corpus_folder(folders, scratch)
        corpus = read_folder_corpus(corpus_dir)
        links = choose_links(corpus, 2 * args.sessions)
        if len(links) < args.sessions:
            raise SystemExit(f"only {len(links)} filters give distinct numbers; {args.sessions} are needed")
        paths = [("/?" + urllib.parse.urlencode(params), metrics) for params, metrics in links]
        # the rendering readers spread evenly over the arrivals
        rendering = {round(k * args.sessions / browsers) for k in range(browsers)} if browsers else set()
        readers = [Reader([paths[i], paths[i + args.sessions]] if i + args.sessions < len(paths) else [paths[i]],
                          renders=i in rendering)
                   for i in range(args.sessions)]

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = start_server(corpus_dir, port, scratch / "server.log")
        try:
            wait_for_health(port, server, scratch / "server.log", timeout_s=60)
            rss_start = tree_rss_mb(server.pid)
            warm_up_s = asyncio.run(warm_up(base_url + paths[0][0]))
            rss_warm = tree_rss_mb(server.pid)
            cpu_before = tree_cpu_s(server.pid)
            started = time.monotonic()
            load_average_start = os.getloadavg()
            rss, browser_cpu = asyncio.run(drive(base_url, readers, args.seconds, server.pid, tuple(args.think)))
            elapsed = time.monotonic() - started
            cpu = tree_cpu_s(server.pid) - cpu_before
            time.sleep(2)
            rss_end = tree_rss_mb(server.pid)
        finally:
            stop(server)

    load_settle = [s for r in readers for s in r.load_settle_s]
    rerun_settle = [s for r in readers for s in r.rerun_settle_s]
    by_kind = {}
    for kind, renders in (("browser", True), ("protocol", False)):
        group = [r for r in readers if r.renders == renders]
        by_kind[kind] = {
            "sessions": len(group),
            "page_loads": sum(r.loads for r in group),
            "reruns": sum(r.reruns for r in group),
            "errors": sum(len(r.errors) for r in group),
            "crosstalk": sum(len(r.crosstalk) for r in group),
            "load_settle_s_p50": _percentile([s for r in group for s in r.load_settle_s], 50),
            "load_settle_s_p95": _percentile([s for r in group for s in r.load_settle_s], 95),
            "rerun_settle_s_p50": _percentile([s for r in group for s in r.rerun_settle_s], 50),
            "rerun_settle_s_p95": _percentile([s for r in group for s in r.rerun_settle_s], 95),
        }
    loads = sum(r.loads for r in readers)
    reruns = sum(r.reruns for r in readers)
    errors = [e for r in readers for e in r.errors]
    crosstalk = [c for r in readers for c in r.crosstalk]
    runs = loads + reruns
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "sessions": args.sessions,
        "browser_sessions": by_kind["browser"]["sessions"],
        "protocol_sessions": by_kind["protocol"]["sessions"],
        "seconds": round(elapsed, 1),
        "think_s": list(args.think),
        "articles": len(corpus.articles),
        "distinct_links": len({p for r in readers for p, _ in r.links}),
        "page_loads": loads,
        "reruns": reruns,
        "errors": len(errors),
        "load_errors": sum(e.startswith("load ") for e in errors),
        "rerun_errors": sum(e.startswith("rerun ") for e in errors),
        "error_examples": sorted(set(errors))[:10],
        "crosstalk": len(crosstalk),
        "crosstalk_examples": crosstalk[:5],
        "load_settle_s_p50": _percentile(load_settle, 50),
        "load_settle_s_p95": _percentile(load_settle, 95),
        "load_settle_s_max": round(max(load_settle), 3) if load_settle else None,
        "rerun_settle_s_p50": _percentile(rerun_settle, 50),
        "rerun_settle_s_p95": _percentile(rerun_settle, 95),
        "rerun_settle_s_max": round(max(rerun_settle), 3) if rerun_settle else None,
        "warm_up_s": round(warm_up_s, 2),
        "server_rss_mb_start": round(rss_start, 1),
        "server_rss_mb_after_warmup": round(rss_warm, 1),
        "server_rss_mb_peak": round(max(rss), 1) if rss else None,
        "server_rss_mb_end": round(rss_end, 1),
        "server_rss_growth_mb": round(rss_end - rss_warm, 1),
        "server_cpu_s": round(cpu, 2),
        "server_cpu_ms_per_run": round(1000 * cpu / runs, 1) if runs else None,
        "by_kind": by_kind,
        "browser_cpu_s": round(browser_cpu, 2),
        "cores": os.cpu_count(),
        "load_average_start": [round(v, 2) for v in load_average_start],
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{args.sessions} sessions ({report['browser_sessions']} in Chromium) × {report['seconds']} s: {loads} page loads (settle p50 "
          f"{report['load_settle_s_p50']} s, p95 {report['load_settle_s_p95']} s), {reruns} reruns (p50 "
          f"{report['rerun_settle_s_p50']} s, p95 {report['rerun_settle_s_p95']} s); {report['errors']} errors, "
          f"{report['crosstalk']} cross-talk; server RSS {report['server_rss_mb_after_warmup']} → "
          f"{report['server_rss_mb_end']} MB (peak {report['server_rss_mb_peak']}); server CPU {report['server_cpu_s']} s "
          f"({report['server_cpu_ms_per_run']} ms per script run), Chromium {report['browser_cpu_s']} s; load average "
          f"{report['load_average_start'][0]} → {report['load_average_end'][0]} -> {args.out}")
    return 0 if not errors and not crosstalk else 1


if __name__ == "__main__":
    raise SystemExit(main())
