"""Benchmarks: extraction scores on every annotated set, and load time and memory, written to a JSON file.

    python benchmarks/run.py [--out benchmarks/results/latest.json]
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import datetime, timezone
from pathlib import Path

from loaders import load_corpus
from loaders.scoring import score_corpus

ROOT = Path(__file__).resolve().parent.parent
# (name, articles, answers); sets whose answers are missing on this machine are skipped
ANNOTATED = (
    ("tests/data", ROOT / "tests/data/articles", ROOT / "tests/data/gold"),
    ("tests/data/holdout", ROOT / "tests/data/holdout/articles", ROOT / "tests/data/holdout/gold"),
    ("tests/data/holdout2", ROOT / "tests/data/holdout2/articles", ROOT / "tests/data/holdout2/gold"),
    ("seeds", ROOT / "seeds", ROOT.parent / "shared/gold"),
)


def _tally(tally) -> dict:
    return {"precision": round(tally.precision, 3), "recall": round(tally.recall, 3), "f1": round(tally.f1, 3),
            "matched": tally.matched, "predicted": tally.predicted, "expected": tally.expected}


def run_set(name: str, articles: Path, answers: Path) -> dict:
    """Load one folder twice (cold, warm), score it, and report the figures."""
    started = time.perf_counter()
    corpus = load_corpus(articles)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    load_corpus(articles)
    warm = time.perf_counter() - started
    scores = score_corpus(corpus.figures, corpus.companies, answers)
    n_chars = int(corpus.articles["n_chars"].sum())
    return {
        "set": name,
        "articles": len(corpus.articles),
        "chars": n_chars,
        "load_seconds_cold": round(cold, 3),
        "load_seconds_warm": round(warm, 3),
        "chars_per_second_warm": round(n_chars / warm) if warm else None,
        "frames": {frame: _tally(t) for frame, t in scores.frames.items()},
        "figures": _tally(scores.figures),
        "companies": _tally(scores.companies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/latest.json"))
    args = parser.parse_args()
    results = [run_set(n, a, g) for n, a, g in ANNOTATED if (g / "figures.jsonl").exists() and a.is_dir()]
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "sets": results,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    for r in results:
        print(f"{r['set']:<20} figures F1 {r['figures']['f1']:.2f}  companies F1 {r['companies']['f1']:.2f}  "
              f"load {r['load_seconds_warm']:.2f} s ({r['articles']} articles)")
    print(f"peak RSS {report['peak_rss_mb']} MB -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
