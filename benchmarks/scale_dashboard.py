"""Dashboard at scale: AppTest rerun after a filter change, and the server's memory, with N articles loaded.

    python benchmarks/scale_dashboard.py [--sizes 1000 10000] [--parse-max N] [--work DIR] [--out FILE] [--no-browser]

For each size a corpus is made with benchmarks/generate.py (the scale benchmark's generator) and parsed by the loaders; a size above
`--parse-max` is made from the parsed `--parse-max` articles by repeating their frames with new article ids
(what the dashboard holds per article is the same; this saves the parse on a machine that cannot afford it,
and the JSON says so). The corpus is written as Parquet frames and the dashboard opens it with --frames, so
what is measured is the dashboard alone:

- AppTest (in a fresh process): the first run, then reruns after filter changes (company, publisher, theme,
  and back to no filter); the median and the slowest, in CPU seconds of the process (the figure to compare on
  a shared machine: AppTest runs the script in a thread of this process) and in wall-clock seconds.
- `streamlit run dashboard/app.py -- --frames DIR` opened in Debian's chromium (Playwright): the server's
  resident memory (VmRSS) and its peak (VmHWM) from /proc after the first page, and after 5 more sessions
  with a filter set each.

Figures go to a JSON file (default benchmarks/results/scale_dashboard.json) and a Markdown table is printed.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks.generate import generate  # noqa: E402
from loaders import Corpus, LoadReport, load_corpus, load_frames, write_frames  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
CHROMIUM = "/usr/bin/chromium"
SETTLED_JS = """() => { const a = document.querySelector("[data-testid='stApp']");
  return a !== null && a.dataset.testConnectionState === "CONNECTED" && a.dataset.testScriptState === "notRunning"
    && document.querySelector("[data-testid='stSkeleton']") === null; }"""


def replicated(corpus: Corpus, times: int) -> Corpus:
    """The corpus's articles `times` over, each copy with ids and file names of its own."""
    def repeat(frame: pd.DataFrame, columns=("article_id",)) -> pd.DataFrame:
        copies = []
        for i in range(times):
            copy = frame.copy()
            for column in columns:
                if column in copy.columns:
                    copy[column] = (copy[column].astype("string") + f"~{i}").astype(frame[column].dtype)
            copies.append(copy)
        return pd.concat(copies, ignore_index=True)

    outcomes = tuple(dataclasses.replace(o, source_file=f"{o.source_file}~{i}")
                     for i in range(times) for o in corpus.report.outcomes)
    return dataclasses.replace(
        corpus, articles=repeat(corpus.articles, ("article_id", "source_file")), companies=repeat(corpus.companies),
        figures=repeat(corpus.figures), sentences=repeat(corpus.sentences), terms=repeat(corpus.terms),
        theme_scores=repeat(corpus.theme_scores), facts=repeat(corpus.facts, ("article_ids",)),
        comentions=corpus.comentions.assign(n_articles=corpus.comentions["n_articles"] * times,
                                            n_sentences=corpus.comentions["n_sentences"] * times),
        report=LoadReport(outcomes), content_hash=f"{corpus.content_hash}x{times}")


def prepare(size: int, parse_max: int, work: Path) -> tuple[Path, dict]:
    """The Parquet frames of a corpus of `size` articles, and how it was made."""
    parsed = min(size, parse_max)
    source = work / f"articles_{parsed}"
    if not source.is_dir():
        generate(parsed, source)
    frames_of_parsed = work / f"frames_{parsed}"
    if not (frames_of_parsed / "corpus.json").exists():
        started = time.process_time()
        write_frames(load_corpus(source), frames_of_parsed)
        print(f"parsed {parsed} articles in {time.process_time() - started:.0f} CPU-s", flush=True)
    made = {"articles": size, "parsed": parsed, "replicated": size // parsed if size > parsed else 1}
    if size <= parsed:
        return frames_of_parsed, made
    frames = work / f"frames_{size}_from_{parsed}"
    if not (frames / "corpus.json").exists():
        write_frames(replicated(load_frames(frames_of_parsed), size // parsed), frames)
    return frames, made


def apptest_child(frames: Path) -> dict:
    """Run in a fresh process: AppTest first run and reruns after filter changes."""
    from streamlit.testing.v1 import AppTest

    os.environ["KIJISCOPE_FRAMES"] = str(frames)
    corpus = load_frames(frames)
    top = corpus.companies.groupby("company", observed=True)["mentions"].sum().sort_values(ascending=False)
    companies = [c for c in top.index[:3] if c]
    publishers = [p for p in corpus.articles["publisher"].value_counts().index[:2] if p]
    themes = [t for t in corpus.theme_scores["theme"].value_counts().index[:1] if t]
    del corpus
    at = AppTest.from_file(str(APP), default_timeout=1800)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    assert not at.exception, at.exception
    changes = [("company", [c]) for c in companies] + [("publisher", [p]) for p in publishers]
    changes += [("theme", themes[:1]), ("company", []), ("publisher", []), ("theme", [])]
    reruns, cpu = [], []
    for name, value in changes:
        widget = at.multiselect(key=f"filter_{name}")
        widget.set_value(value)
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        reruns.append(round(time.perf_counter() - started, 3))
        cpu.append(round(time.process_time() - started_cpu, 3))
        assert not at.exception, at.exception
    return {"first_run_s": round(first, 2), "changes": [f"{name}={value}" for name, value in changes],
            "rerun_after_filter_change_s": reruns, "rerun_median_s": round(statistics.median(reruns), 3),
            "rerun_max_s": max(reruns), "rerun_cpu_s": cpu, "rerun_cpu_median_s": round(statistics.median(cpu), 3),
            "rerun_cpu_max_s": max(cpu)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory_mb(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith(("VmRSS", "VmHWM"))}
    return {"rss_mb": round(values["VmRSS"] / 1024), "peak_rss_mb": round(values["VmHWM"] / 1024)}


def server_memory(frames: Path, sessions: int = 5) -> dict:
    """`streamlit run` on the frames, opened in chromium: memory after one session, then after more."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--", "--frames", str(frames)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "KIJISCOPE_NO_SETUP": "1"})
    try:
        corpus = load_frames(frames)
        companies = [c for c in corpus.companies["company"].value_counts().index[:sessions] if c]
        del corpus
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--no-sandbox"])
            deadline = time.time() + 120
            page = browser.new_page()
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/")
                    break
                except Exception:  # noqa: BLE001 - the server is still starting
                    if time.time() > deadline:
                        raise
                    time.sleep(1)
            started = time.perf_counter()
            page.wait_for_function(SETTLED_JS, timeout=1_800_000)
            first_page = time.perf_counter() - started
            one = _memory_mb(server.pid)
            pages = []
            for company in companies:
                other = browser.new_page()
                other.goto(f"http://127.0.0.1:{port}/?company={company}")
                other.wait_for_timeout(200)
                other.wait_for_function(SETTLED_JS, timeout=600_000)
                pages.append(other)
            more = _memory_mb(server.pid)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"first_page_s": round(first_page, 1), "one_session": one, f"{1 + len(companies)}_sessions": more}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--parse-max", type=int, default=10**9)
    parser.add_argument("--work", default=str(ROOT.parent / "scale-bench"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/scale_dashboard.json"))
    parser.add_argument("--no-browser", action="store_true", help="AppTest reruns only, no server memory")
    parser.add_argument("--apptest-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.apptest_child:
        print(json.dumps(apptest_child(Path(args.apptest_child))))
        return 0
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        frames, made = prepare(size, args.parse_max, work)
        child = subprocess.run([sys.executable, __file__, "--apptest-child", str(frames)], capture_output=True,
                               text=True, check=True, cwd=ROOT)
        apptest = json.loads(child.stdout.strip().splitlines()[-1])
        server = {} if args.no_browser else server_memory(frames)
        results.append({**made, "apptest": apptest, "server": server})
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
              "load_average": os.getloadavg(), "sizes": results}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print("| articles | parsed | AppTest first run | rerun after a filter change, CPU (median / max) | wall (median / max) "
          "| server RSS, 1 session | server RSS, 6 sessions |\n|---|---|---|---|---|---|---|")
    for r in results:
        sessions = next((v for k, v in r["server"].items() if k.endswith("_sessions")), None)
        one = f"{r['server']['one_session']['rss_mb']} MB" if sessions else "—"
        more = f"{sessions['rss_mb']} MB (peak {sessions['peak_rss_mb']})" if sessions else "—"
        print(f"| {r['articles']:,} | {r['parsed']:,} | {r['apptest']['first_run_s']} s | "
              f"{r['apptest']['rerun_cpu_median_s']} / {r['apptest']['rerun_cpu_max_s']} s | "
              f"{r['apptest']['rerun_median_s']} / {r['apptest']['rerun_max_s']} s | {one} | {more} |")
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
