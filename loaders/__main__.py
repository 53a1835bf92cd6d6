"""Command line: python -m loaders export SRC --out DIR [--jobs N] [--format parquet] [--engine dask];
score SRC --answers DIR; cache info|clear."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.budget import DEFAULT_TIME_BUDGET
from loaders.cache import ExtractionCache
from loaders.corpus import Corpus, load_corpus
from loaders.datafiles import DataFileError
from loaders.facts import FACT_COLUMNS
from loaders.frames import ARTICLE_COLUMNS, COMPANY_COLUMNS, EXPORT_FRAMES, FIGURE_COLUMNS
from loaders.parquet import write_frames
from loaders.reading import DEFAULT_MAX_BYTES
from loaders.scoring import score_corpus
from loaders.snapshots import Snapshots
from loaders.spreadsheet import formula_safe

# The CSV of each frame: its columns (the contract's first, then the extras).
EXPORT_COLUMNS = {
    "articles": list(ARTICLE_COLUMNS),
    "companies": list(COMPANY_COLUMNS),
    **{name: list(FIGURE_COLUMNS) for name in ("funding", "revenue", "traffic")},
    "facts": list(FACT_COLUMNS),
}


def export_corpus(corpus: Corpus, out: Path) -> dict[str, int]:
    """Write one CSV per frame (UTF-8 with BOM, for Excel; no text cell starts a formula); returns the row
    count of each."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in EXPORT_FRAMES:
        frame = getattr(corpus, name)[EXPORT_COLUMNS[name]]
        formula_safe(frame).to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
        counts[name] = len(frame)
    return counts


# Control characters (C0, DEL, C1) and bidirectional overrides in a file name would forge or hide output
# lines on a terminal (an ANSI escape, a newline): printed as visible escapes instead.
_UNPRINTABLE = str.maketrans(
    {code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7F, 0xA0)]}
    | {code: f"\\u{code:04x}" for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F]})


def printable(text: object) -> str:
    """Text safe to print on a terminal: control characters become escapes such as \\x1b."""
    return str(text).translate(_UNPRINTABLE)


def _export(args: argparse.Namespace) -> int:
    source, out = Path(args.source), Path(args.out)
    if not source.is_dir():
        print(f"error: {printable(source)} is not a folder of articles", file=sys.stderr)
        return 2
    if out.exists() and not out.is_dir():
        print(f"error: --out {printable(out)} is a file; give a folder to write the CSV files into", file=sys.stderr)
        return 2
    try:
        if args.engine == "dask":
            from loaders.dask_engine import load_corpus_dask
            corpus = load_corpus_dask(source, args.scheduler, max_bytes=args.max_bytes, data_dir=args.data_dir,
                                      time_budget=args.time_budget)
        else:
            with _ProgressBar() as bar:
                corpus = load_corpus(source, max_bytes=args.max_bytes, data_dir=args.data_dir, jobs=args.jobs,
                                     cache=not args.no_cache, progress=bar.update,
                                     time_budget=args.time_budget)
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = corpus.report
    for outcome in report.skipped:
        print(f"skipped {printable(outcome.source_file)}: {printable(outcome.reason_en)}", file=sys.stderr)
    if not report.loaded:
        print(f"error: no article could be loaded from {printable(source)} ({report.summary()})", file=sys.stderr)
        return 1
    if args.format == "parquet":
        counts = write_frames(corpus, Path(args.out))
        rows = ", ".join(f"{counts[name]} {name}" for name in ("figures", "companies", "sentences", "terms"))
        print(f"{report.summary()}; wrote {counts['articles']} articles, {rows} as Parquet to {args.out}")
        return 0
    try:
        counts = export_corpus(corpus, out)
    except OSError as exc:
        print(f"error: cannot write to {printable(out)}: {printable(exc.strerror or exc)}", file=sys.stderr)
        return 2
    rows = ", ".join(f"{counts[name]} {name}" for name in EXPORT_FRAMES if name != "articles")
    print(f"{report.summary()}; wrote {counts['articles']} articles, {rows} to {printable(out)}")
    return 0


class _ProgressBar:
    """A tqdm bar on stderr while files are parsed (silent when stderr is no terminal)."""

    def __init__(self):
        self._bar = None

    def __enter__(self) -> _ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            from tqdm import tqdm
            self._bar = tqdm(total=total, unit="file", desc="articles", disable=None, leave=False)
        self._bar.update(done - self._bar.n)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()


def _cache(args: argparse.Namespace) -> int:
    cache = ExtractionCache()
    snapshots = Snapshots(cache.folder)
    if args.action == "clear":
        print(f"removed {cache.clear()} entries from {cache.path} and {snapshots.clear()} corpus snapshots")
        return 0
    facts = cache.info()
    count, size = snapshots.info()
    print(f"cache: {facts['path']}\nentries: {facts['entries']} ({facts['current']} of this extractor version "
          f"{facts['version']})\nsize: {facts['bytes'] / 1e6:.1f} MB\n"
          f"corpus snapshots: {count} ({size / 1e6:.1f} MB, in {snapshots.folder})")
    if facts["problem"]:
        print(f"problem: {facts['problem']}")
    return 0


def _score(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if not source.is_dir() or not (Path(args.answers) / "figures.jsonl").exists():
        print(f"error: need a folder of articles and a folder with figures.jsonl (got {source}, {args.answers})",
              file=sys.stderr)
        return 2
    try:
        corpus = load_corpus(source, data_dir=args.data_dir)
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scores = score_corpus(corpus.figures, corpus.companies, args.answers)
    print(scores.summary())
    if args.verbose:
        for name, tally in [*scores.frames.items(), ("companies", scores.companies)]:
            for miss in tally.misses:
                print(f"  MISS  {name} {miss['article']} {miss.get('company')} {miss.get('value', '')} "
                      f"{miss.get('unit', '')} 「{miss.get('quote', '')}」")
            for extra in tally.extras:
                print(f"  EXTRA {name} {extra['article_id']} {extra.get('company', '')} {extra.get('value', '')} "
                      f"{extra.get('unit', '')} 「{str(extra.get('sentence', ''))[:60]}」")
    return 0


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m loaders`."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description="kijiscope loaders")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the frames of a folder of articles as CSV files")
    export.add_argument("source", help="folder of articles (.txt, .md, .html)")
    export.add_argument("--out", required=True, help="folder to write articles.csv, companies.csv, ... into")
    export.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help=f"skip files larger than this (default {DEFAULT_MAX_BYTES})")
    export.add_argument("--data-dir", default=None,
                        help="folder with your own knowledge files (companies.toml, themes.toml, ...)")
    export.add_argument("--time-budget", type=_seconds, default=DEFAULT_TIME_BUDGET, metavar="SECONDS",
                        help="skip (and report) a file whose extraction takes longer than this; 0 for no limit "
                             f"(default {DEFAULT_TIME_BUDGET:g})")
    export.add_argument("--jobs", type=int, default=None,
                        help="processes that parse articles (default: every core)")
    export.add_argument("--no-cache", action="store_true",
                        help="parse every article again instead of reading the extraction cache")
    export.add_argument("--format", choices=("csv", "parquet"), default="csv",
                        help="csv: the contract's CSV files; parquet: every frame, which the dashboard opens "
                             "with --frames DIR")
    export.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: this machine's cores; dask: a Dask cluster (see --scheduler)")
    export.add_argument("--scheduler", default=None,
                        help="address of a Dask scheduler (tcp://host:8786); without it a local cluster")
    score = commands.add_parser("score", help="compare the extraction of a folder with hand-made answers")
    score.add_argument("source", help="folder of articles")
    score.add_argument("--answers", required=True, help="folder with figures.jsonl (and companies.jsonl)")
    score.add_argument("--data-dir", default=None, help="folder with your own knowledge files")
    score.add_argument("-v", "--verbose", action="store_true", help="list every miss and extra")
    cache = commands.add_parser("cache", help="the extraction cache ($KIJISCOPE_CACHE_DIR): info or clear")
    cache.add_argument("action", choices=("info", "clear"))
    args = parser.parse_args(argv)
    return {"export": _export, "score": _score, "cache": _cache}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
