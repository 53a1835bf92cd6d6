"""Score extracted frames against hand-made answers (figures.jsonl, companies.jsonl) — precision, recall, F1.

Matching rules: a predicted figure matches an answer of the same article and frame when the units agree,
the values agree within 1 % (0.05 points for %), and the company agrees after NFKC, case folding and dropping
spaces and light punctuation (both empty for industry-wide figures). Each answer matches at most one
prediction, required answers first. Answers marked optional count neither for nor against. Rows whose
`status` says they were not stated as actuals (forecast, target, consensus) are left out of the predictions,
as the contract's scorer does: a forecast labelled as one costs no precision, one labelled actual is an extra.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.frames import FIGURE_FRAMES

NAME_PUNCTUATION = set("・.,-_()（）")
NOT_STATED = frozenset({"forecast", "target", "consensus"})


def normalise_name(name: object) -> str:
    """A company name as compared: NFKC, case-folded, without spaces and light punctuation."""
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return ""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in NAME_PUNCTUATION)


@dataclass
class Tally:
    """Matched, predicted and answer counts, with the rows that did not match."""

    matched: int = 0
    predicted: int = 0
    expected: int = 0
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else float(self.expected == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.expected += other.expected
        self.misses += other.misses
        self.extras += other.extras


def read_answers(path: Path) -> list[dict]:
    """The rows of a JSON-lines answer file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _values_agree(predicted: float, expected: float, unit: str) -> bool:
    if unit == "%":
        return abs(predicted - expected) <= 0.05
    if expected == 0:
        return abs(predicted) < 1e-9
    return abs(predicted - expected) / abs(expected) <= 0.01


def score_figures(figures: pd.DataFrame, answers: list[dict], frame: str) -> Tally:
    """Precision and recall of one frame's figures against the answers for it."""
    articles = {a["article"] for a in answers}
    chosen = (figures["frame"] == frame) & figures["article_id"].isin(articles)
    if "status" in figures:
        chosen &= ~figures["status"].fillna("actual").isin(NOT_STATED)
    predictions = figures[chosen].to_dict("records")
    wanted = sorted((a for a in answers if a["frame"] == frame), key=lambda a: bool(a.get("optional")))
    used: set[int] = set()
    tally = Tally()
    optional_hits = 0
    for answer in wanted:
        accepted = {normalise_name(n) for n in answer.get("company") or []} or {""}
        hit = next(
            (i for i, p in enumerate(predictions)
             if i not in used and p["article_id"] == answer["article"] and p["unit"] == answer["unit"]
             and _values_agree(float(p["value"]), float(answer["value"]), answer["unit"])
             and normalise_name(p["company"]) in accepted),
            None,
        )
        if hit is not None:
            used.add(hit)
        if answer.get("optional"):
            optional_hits += hit is not None
            continue
        tally.expected += 1
        if hit is None:
            tally.misses.append(answer)
        else:
            tally.matched += 1
    tally.predicted = len(predictions) - optional_hits
    tally.extras = [p for i, p in enumerate(predictions) if i not in used]
    return tally


def score_companies(companies: pd.DataFrame, answers: list[dict]) -> Tally:
    """Precision and recall of the companies frame (one name per article and company)."""
    tally = Tally()
    for article in sorted({a["article"] for a in answers}):
        predicted = {normalise_name(c) for c in companies.loc[companies["article_id"] == article, "company"]}
        rows = [a for a in answers if a["article"] == article]
        required = [a for a in rows if not a.get("optional")]
        optional_names = {normalise_name(n) for a in rows if a.get("optional") for n in a["company"]}
        optional_names -= {normalise_name(n) for a in required for n in a["company"]}
        matched_names: set[str] = set()
        for answer in required:
            found = predicted & {normalise_name(n) for n in answer["company"]}
            matched_names |= found
            tally.expected += 1
            if found:
                tally.matched += 1
            else:
                tally.misses.append(answer)
        counted = predicted - optional_names
        tally.predicted += len(counted)
        tally.extras += [{"article_id": article, "company": name} for name in sorted(counted - matched_names)]
    return tally


@dataclass
class Scores:
    """Per-frame and overall figure scores, and the companies score."""

    frames: dict[str, Tally]
    companies: Tally

    @property
    def figures(self) -> Tally:
        total = Tally()
        for tally in self.frames.values():
            total.add(tally)
        return total

    def summary(self) -> str:
        """One line a frame, then companies and all figures: P, R, F1 and counts."""
        lines = []
        for name, tally in [*self.frames.items(), ("companies", self.companies), ("figures", self.figures)]:
            lines.append(f"{name:<9} P {tally.precision:.2f}  R {tally.recall:.2f}  F1 {tally.f1:.2f}   "
                         f"({tally.matched} matched / {tally.predicted} predicted / {tally.expected} expected)")
        return "\n".join(lines)


def score_corpus(figures: pd.DataFrame, companies: pd.DataFrame, answers_dir: str | Path) -> Scores:
    """Score a corpus's figures and companies frames against the answers in a folder."""
    folder = Path(answers_dir)
    figure_answers = read_answers(folder / "figures.jsonl")
    company_path = folder / "companies.jsonl"
    company_answers = read_answers(company_path) if company_path.exists() else []
    frames = {name: score_figures(figures, figure_answers, name) for name in FIGURE_FRAMES}
    return Scores(frames, score_companies(companies, company_answers))
