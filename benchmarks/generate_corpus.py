"""A deterministic corpus of N distinct articles, recombined from the project's own test articles.

    python benchmarks/generate_corpus.py N --out DIR [--seed 0]

Algorithm: every article of the project's sets (tests/data/articles, the two holdouts, seeds) is read by the
loaders and split into paragraphs at blank lines; the first paragraph of each is a title, the rest form one
pool. Article i draws a title and 7–12 body paragraphs from the pool with `random.Random(seed * 1_000_003 + i)`,
so the same (N, seed) always gives the same bytes. Every paragraph drawn is made distinct from every other one
written: its first run of ASCII digits is raised by how often that pool paragraph was drawn before (a paragraph
without digits gets a short dated sentence carrying the count instead), and the title carries the article's
number. No two articles and no two paragraphs are byte-identical, so de-duplication does not shrink the corpus;
the generator checks this before it returns.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from loaders.reading import read_folder

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("tests/data/articles", "tests/data/holdout/articles", "tests/data/holdout2/articles", "seeds")
DIGITS = re.compile(r"[0-9]{1,12}")
MIN_PARAGRAPH_CHARS = 20
PARAGRAPHS_PER_ARTICLE = (7, 12)


def source_paragraphs(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(titles, body paragraphs) of the project's article sets, in a stable order."""
    titles: list[str] = []
    body: list[str] = []
    for folder in SOURCES:
        documents, _ = read_folder(root / folder)
        for document in documents:
            text = document.text.replace("\r\n", "\n").replace("\r", "\n")
            blocks = [b.strip() for b in re.split(r"\n[ \t\u3000]*\n", text) if b.strip()]
            if len(blocks) < 2:
                # one block only (a seed written as a single line): cut it into sentence-sized pieces
                blocks = [p.strip() for p in re.split(r"(?<=。)", text) if p.strip()]
            titles.append(blocks[0].splitlines()[0].lstrip("# ").strip()[:80])
            body.extend(b for b in blocks[1:] if len(b) >= MIN_PARAGRAPH_CHARS)
    return titles, list(dict.fromkeys(body))  # a paragraph two articles share is one pool entry


def _varied(paragraph: str, count: int) -> str:
    """The paragraph made distinct from its earlier copies: its first number raised by `count`."""
    if count == 0:
        return paragraph
    match = DIGITS.search(paragraph)
    if match is None:
        return f"{paragraph}\n{2000 + count // 365}年{count % 12 + 1}月{count % 28 + 1}日の報道（{count}）による。"
    return f"{paragraph[:match.start()]}{int(match.group()) + count}{paragraph[match.end():]}"


def generate_articles(n: int, seed: int = 0, root: Path = ROOT) -> list[tuple[str, str]]:
    """N (file name, text) pairs; the same arguments always give the same articles."""
    titles, pool = source_paragraphs(root)
    drawn = [0] * len(pool)
    articles = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        title = f"{rng.choice(titles)}（第{i + 1}号）"
        picks = rng.sample(range(len(pool)), rng.randint(*PARAGRAPHS_PER_ARTICLE))
        paragraphs = []
        for k in picks:
            paragraphs.append(_varied(pool[k], drawn[k]))
            drawn[k] += 1
        articles.append((f"gen_{i:06d}.txt", "\n\n".join([title, *paragraphs]) + "\n"))
    _check_distinct(articles)
    return articles


def _check_distinct(articles: list[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for name, text in articles:
        for paragraph in text.split("\n\n"):
            if paragraph in seen:
                raise ValueError(f"{name}: a paragraph repeats another one: {paragraph[:40]!r}")
            seen.add(paragraph)


def write_corpus(out: Path, n: int, seed: int = 0) -> int:
    """Write the articles into `out` (created); returns the bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in generate_articles(n, seed):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        total += len(data)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    total = write_corpus(Path(args.out), args.n, args.seed)
    print(f"{args.n} articles, {total / 1e6:.1f} MB -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
