"""A deterministic folder of N distinct articles recombined from the project's own test articles.

    python benchmarks/generate.py N OUT_DIR [--start K]

Article i takes a headline and ~3 KB of paragraphs drawn (with a generator seeded by i) from the paragraphs of
tests/data/**/articles and seeds/. Each paragraph gets its own closing sentence naming the article and the
paragraph, and the headline the article's number, so no two articles and no two paragraphs are byte-identical
and de-duplication cannot shrink the folder; the same N always gives the same bytes. `--start K` writes
articles K..K+N-1 (how the benchmark adds 5 % to a parsed folder).
"""
from __future__ import annotations

import argparse
import random
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.reading import read_folder  # noqa: E402

SOURCES = ("tests/data/articles", "tests/data/holdout/articles", "tests/data/holdout2/articles", "seeds")
TARGET_BYTES = 3000
MIN_PARAGRAPH_CHARS = 20


@lru_cache(maxsize=1)
def source_pool() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(headlines, paragraphs) of the source articles, in a stable order."""
    titles, paragraphs = [], []
    for folder in SOURCES:
        documents, _ = read_folder(ROOT / folder)
        for document in documents:
            lines = [line.strip().lstrip("#").strip() for line in document.text.splitlines()]
            lines = [line for line in lines if line]
            if not lines:
                continue
            titles.append(lines[0])
            paragraphs.extend(line for line in lines[1:] if len(line) >= MIN_PARAGRAPH_CHARS)
    return tuple(titles), tuple(dict.fromkeys(paragraphs))


def article_text(number: int) -> str:
    """The text of generated article `number`."""
    titles, paragraphs = source_pool()
    rng = random.Random(number)
    body, size = [], 0
    while size < TARGET_BYTES:
        paragraph = f"{rng.choice(paragraphs)}この段落は記事{number}の第{len(body) + 1}段落。"
        body.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "\n\n".join([f"{rng.choice(titles)}（第{number}号）", *body]) + "\n"


def generate(count: int, out: Path, start: int = 0) -> list[Path]:
    """Write articles start..start+count-1 as OUT/gen_00000.txt, …; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = out / f"gen_{number:06d}.txt"
        path.write_text(article_text(number), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--start", type=int, default=0)
    args = parser.parse_args()
    paths = generate(args.count, Path(args.out), args.start)
    print(f"wrote {len(paths)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
