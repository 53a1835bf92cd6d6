"""Scale benchmark: raw fugashi, cold, warm and incremental loads of N generated articles, back to back.

    python benchmarks/scale.py [N ...] [--jobs J] [--work DIR]     (bash scripts/bench.sh scale 1000)

For each N: generate N distinct articles (benchmarks/generate.py), then, each step in a new process so that
its CPU time and peak memory are its own:
- raw:   one reused fugashi Tagger over the same paragraphs, reading surface and part of speech — the floor;
- cold:  load_corpus with an empty extraction cache and J worker processes;
- warm:  load_corpus again in a new process, nothing changed (everything from the cache);
- incremental: 5 % more articles added to the folder, load_corpus again: only those are parsed, the other
  articles' frames come from the previous load's snapshot (loaders.increments);
- incremental, the previous way: the same load on a copy of the same cache with `incremental=False` (the added
  articles parsed, then the corpus assembled from every cached article), so that both are measured in one run
  on the same state; both must give the same corpus (content hash and rows of every frame).
CPU time (the process and its workers) is the reliable figure on a shared machine; `cold_vs_raw` is raw CPU
over cold CPU (1.0 = as fast as tagging alone), `cores_used` cold CPU over cold wall time. Results go to
benchmarks/results/scale.json and the table in docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks/results/scale.json"
PERFORMANCE_DOC = ROOT / "docs/performance.md"
TABLE_START, TABLE_END = "<!-- scale table -->", "<!-- /scale table -->"
INCREMENT = 0.05

# Each step runs as `python benchmarks/scale.py --step NAME FOLDER` and prints one JSON line.
STEP_CODE = {
    "raw": """
import time
started = time.perf_counter()
import fugashi
facts["import_s"] = round(time.perf_counter() - started, 3)
tagger = fugashi.Tagger()
tokens = 0
for path in sorted(folder.iterdir()):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for node in tagger(line):
                node.surface, node.feature.pos1
                tokens += 1
facts["tokens"] = tokens
""",
    "load": """
import time
started = time.perf_counter()
from loaders import load_corpus
from loaders.engine import ExtractionPool
facts["import_s"] = round(time.perf_counter() - started, 3)
seen = []
# spawned workers are this process's children, so their CPU time is counted once they are joined
with ExtractionPool(jobs, context="spawn") as pool:
    corpus = load_corpus(folder, pool=pool, progress=lambda done, total: seen.append(done),
                         incremental=incremental)
facts["articles"] = len(corpus.articles)
facts["from_cache"] = seen[0] if seen else 0
facts["parsed"] = len(corpus.report.outcomes) - facts["from_cache"]
facts["content_hash"] = corpus.content_hash
facts["rows"] = {name: len(getattr(corpus, name)) for name in (
    "articles", "companies", "figures", "sentences", "terms", "comentions", "theme_scores", "mentions", "facts")}
""",
}


def _usage() -> tuple[float, int]:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    return cpu, max(me.ru_maxrss, children.ru_maxrss)


def run_step(name: str, folder: str, jobs: int | None) -> None:
    """Inside the step's own process: run it and print its figures as JSON."""
    sys.path.insert(0, str(ROOT))
    facts: dict = {}
    cpu_before, _ = _usage()
    started = time.perf_counter()
    code = STEP_CODE["load" if name == "load-full" else name]
    exec(code, {"folder": Path(folder), "jobs": jobs, "facts": facts, "incremental": name != "load-full"})
    wall = time.perf_counter() - started
    cpu, peak = _usage()
    facts.update(wall_s=round(wall, 3), cpu_s=round(cpu - cpu_before, 3), peak_rss_mb=round(peak / 1024, 1))
    print(json.dumps(facts))


def step(name: str, folder: Path, cache: Path, jobs: int | None) -> dict:
    env = {**os.environ, "KIJISCOPE_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(Path(__file__).resolve()), "--step", name, str(folder)]
    if jobs:
        command += ["--jobs", str(jobs)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_size(count: int, work: Path, jobs: int | None) -> dict:
    from benchmarks.generate import generate
    folder, cache = work / f"articles_{count}", work / f"cache_{count}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    generate(count, folder)
    size = sum(p.stat().st_size for p in folder.iterdir())
    raw = step("raw", folder, cache, jobs)
    cold = step("load", folder, cache, jobs)
    warm = step("load", folder, cache, jobs)
    added = max(1, round(count * INCREMENT))
    generate(added, folder, start=count)
    full_cache = work / f"cache_{count}_full"
    shutil.rmtree(full_cache, ignore_errors=True)
    shutil.copytree(cache, full_cache)
    incremental_full = step("load-full", folder, full_cache, jobs)
    shutil.rmtree(full_cache, ignore_errors=True)
    incremental = step("load", folder, cache, jobs)
    same = all(incremental[name] == incremental_full[name] for name in ("content_hash", "rows", "parsed"))
    result = {
        "articles": count, "bytes": size, "jobs": jobs or os.cpu_count(), "added": added,
        "raw": raw, "cold": cold, "warm": warm, "incremental": incremental, "incremental_full": incremental_full,
        "incremental_same_as_full": same,
        "cold_ms_per_article_cpu": round(1000 * cold["cpu_s"] / count, 2),
        "raw_ms_per_article_cpu": round(1000 * raw["cpu_s"] / count, 2),
        "cold_vs_raw": round(raw["cpu_s"] / cold["cpu_s"], 3),
        "cores_used": round(cold["cpu_s"] / cold["wall_s"], 2),
    }
    print(f"{count:>6} articles: raw {result['raw_ms_per_article_cpu']} ms/article, cold "
          f"{result['cold_ms_per_article_cpu']} ms/article CPU ({result['cold_vs_raw']}× raw, "
          f"{result['cores_used']} cores), warm {warm['wall_s']} s, +{added}: parsed {incremental['parsed']}, "
          f"{incremental['cpu_s']} s CPU ({incremental_full['cpu_s']} s the previous way; same corpus: {same})",
          flush=True)
    return result


def markdown_table(results: list[dict]) -> str:
    lines = ["| articles | raw fugashi CPU | cold CPU | cold ÷ raw (per core) | cores used | cold wall | "
             "warm start (new process: load + imports) | +5 %: parsed | +5 % CPU, wall | +5 % the previous way: CPU, wall "
             "| peak RSS cold / warm |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r['articles']:,} | {r['raw']['cpu_s']:.1f} s ({r['raw_ms_per_article_cpu']} ms/article) | "
            f"{r['cold']['cpu_s']:.1f} s ({r['cold_ms_per_article_cpu']} ms/article) | {r['cold_vs_raw']:.2f} × | "
            f"{r['cores_used']:.2f} of {r['jobs']} | {r['cold']['wall_s']:.1f} s | "
            f"{r['warm']['wall_s'] - r['warm'].get('import_s', 0):.2f} s + {r['warm'].get('import_s', 0):.2f} s | "
            f"{r['incremental']['parsed']} of {r['articles'] + r['added']:,} | "
            f"{r['incremental']['cpu_s']:.1f} s, {r['incremental']['wall_s']:.1f} s | {_previous_way(r)} | "
            f"{r['cold']['peak_rss_mb']:.0f} / {r['warm']['peak_rss_mb']:.0f} MB |")
    return "\n".join(lines)


def _previous_way(result: dict) -> str:
    full = result.get("incremental_full")
    return f"{full['cpu_s']:.1f} s, {full['wall_s']:.1f} s" if full else "—"


def write_doc(results: list[dict], when: str) -> None:
    text = PERFORMANCE_DOC.read_text(encoding="utf-8") if PERFORMANCE_DOC.exists() else ""
    block = f"{TABLE_START}\nMeasured {when} (`bash scripts/bench.sh scale`):\n\n{markdown_table(results)}\n{TABLE_END}"
    if TABLE_START in text and TABLE_END in text:
        head, rest = text.split(TABLE_START, 1)
        text = head + block + rest.split(TABLE_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    PERFORMANCE_DOC.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", default=["1000"])
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for the loads (default: all cores)")
    parser.add_argument("--work", default=None, help="folder for the generated articles and caches")
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.sizes[0], args.jobs)
        return 0
    sys.path.insert(0, str(ROOT))
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kijiscope-scale-"))
    results = [run_size(int(size), work, args.jobs) for size in args.sizes]
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    by_size = {r["articles"]: r for r in previous.get("sizes", [])} | {r["articles"]: r for r in results}
    report = {"when": when, "sizes": [by_size[n] for n in sorted(by_size)]}
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    write_doc(report["sizes"], when)
    print(f"-> {RESULTS}, {PERFORMANCE_DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
