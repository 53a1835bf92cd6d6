"""The facts test corpus (tests/data/facts): load_corpus builds exactly the facts of its hand-made answer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.fact_tables import timeline_rows
from loaders import load_corpus

FOLDER = Path(__file__).resolve().parent / "data" / "facts"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return load_corpus(FOLDER / "articles", data_dir=tmp_path_factory.mktemp("no-corrections"))


def answer() -> list[tuple]:
    rows = [json.loads(line) for line in (FOLDER / "facts.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return sorted((r["company"], r["metric"], r["period"], float(r["value"]), r["unit"], tuple(sorted(r["articles"])),
                   r["conflict"]) for r in rows)


def test_the_articles_carry_their_dates(corpus):
    assert dict(zip(corpus.articles["article_id"], corpus.articles["published"])) == {
        "401_round_in_dollars": "2024-07-23", "402_round_in_yen": "2024-07-25",
        "403_conflicting_valuation": "2024-08-02", "404_same_round_weeks_later": "2024-08-20",
        "405_new_round_months_later": "2025-05-12", "406_mistral_rounds": "2024-06-14"}


def test_facts_are_exactly_the_hand_made_answer(corpus):
    facts = corpus.facts[corpus.facts["frame"] == "funding"]
    got = sorted((f.company, f.metric, f.period, float(f.value), f.unit, tuple(sorted(f.article_ids.split("|"))),
                  bool(f.conflict_id)) for f in facts.itertuples())
    assert got == answer()


def test_the_conflict_pairs_the_two_valuations(corpus):
    flagged = corpus.facts[corpus.facts["conflict_id"] != ""]
    assert flagged["conflict_id"].nunique() == 1
    assert sorted(flagged["value"]) == [5.5e9, 6e9]


def test_the_timeline_shows_a_companys_rounds_in_order(corpus):
    rounds = timeline_rows(corpus.facts, "Mistral AI")
    assert list(rounds["period"]) == ["2023-06", "2023-12", "2024-06", ""]
    assert list(rounds["value"]) == [1.05e8, 3.85e8, 6e8, 6e8]


def test_a_filtered_view_shows_the_facts_its_articles_state_with_all_their_sources(corpus):
    from dashboard.fact_tables import view_facts
    from dashboard.filters import FilterState, apply_filters

    view = apply_filters(corpus, FilterState(article=("404_same_round_weeks_later",), company=("Cohere",)))
    [fact] = view_facts(view).itertuples()
    assert (fact.company, fact.metric, fact.n_sources) == ("Cohere", "raised", 3)
