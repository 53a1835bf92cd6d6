"""Extraction in worker processes: the same frames as in-process; an article whose call never returns, a
worker that dies and a knowledge-file error are each handled, and the pool keeps working afterwards."""
from __future__ import annotations

import dataclasses
import os
import time

import pandas as pd
import pytest

from pathlib import Path

from loaders.corpus import build_corpus
from loaders.datafiles import DataFileError
from loaders.guard import extract_guarded
from loaders.reading import Document, FileOutcome, read_folder
from loaders.workers import GRACE_S, WorkerPool

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "dashboard" / "articles"
FRAMES = ("articles", "companies", "figures", "sentences", "terms", "theme_scores", "comentions")


def misbehaving_task(document, knowledge, seconds):
    """The guarded extraction, except for documents whose text starts with a command word."""
    if document.text.startswith("SLEEP"):
        time.sleep(600)  # one call that never reaches a checkpoint of the cooperative budget
    if document.text.startswith("EXIT"):
        os._exit(3)  # as a crash in a C extension would end the process
    if document.text.startswith("KNOWLEDGE"):
        raise DataFileError("companies.toml, line 3: 壊れている")
    return extract_guarded(document, knowledge, seconds)


def document(text: str, name: str = "x.txt") -> Document:
    return Document(article_id=Path(name).stem, source_file=name, text=text, encoding="utf-8", kind="text")


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(workers=2, budget_s=120) as workers:
        yield workers


@pytest.fixture(scope="module")
def strict_pool():
    with WorkerPool(workers=1, budget_s=1, task=misbehaving_task) as workers:
        yield workers


def test_frames_from_workers_equal_those_extracted_in_process(pool):
    documents, report = read_folder(ARTICLES)
    here = build_corpus(documents, report)
    there = build_corpus(documents, report, extractor=pool.extract_all)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(there, name), getattr(here, name), obj=name)
    assert there.report == here.report and there.content_hash == here.content_hash


# (text of the document, outcome code and reason)
MISBEHAVIOUR = (
    ("SLEEP forever", "timeout", "処理時間の上限を超えた（1 s）"),
    ("EXIT at once", "crashed", "処理中に異常終了した"),
)


@pytest.mark.parametrize(("text", "code", "reason"), MISBEHAVIOUR)
def test_a_misbehaving_article_is_reported_and_the_pool_goes_on(strict_pool, text, code, reason):
    started = time.monotonic()
    outcome = strict_pool.extract(document(text))
    assert isinstance(outcome, FileOutcome)
    assert (outcome.source_file, outcome.status, outcome.code, outcome.reason) == ("x.txt", "skipped", code, reason)
    if code == "timeout":
        assert time.monotonic() - started >= 1 + GRACE_S  # killed only past the budget and its grace
    good = strict_pool.extract(document("生成AIの記事\n\nOpenAIは2024年に66億ドルを調達した。"))
    assert [row["company"] for row in good.rows["figures"]] == ["OpenAI"]


def test_a_knowledge_file_error_in_a_worker_is_raised_in_the_caller(strict_pool):
    with pytest.raises(DataFileError, match="companies.toml, line 3"):
        strict_pool.extract(document("KNOWLEDGE"))


def test_an_article_over_budget_is_reported_by_name_and_the_rest_loads(strict_pool):
    documents, report = read_folder(ARTICLES)
    slow = dataclasses.replace(documents[0], text="SLEEP " + documents[0].text)
    corpus = build_corpus([slow, *documents[1:]], report, extractor=strict_pool.extract_all)
    outcome = next(o for o in corpus.report.outcomes if o.source_file == slow.source_file)
    assert (outcome.status, outcome.code, outcome.reason) == ("skipped", "timeout", "処理時間の上限を超えた（1 s）")
    assert set(corpus.articles["source_file"]) == {d.source_file for d in documents[1:]}


def test_a_broken_knowledge_file_stops_the_worker_and_is_raised_in_the_caller(tmp_path):
    (tmp_path / "companies.toml").write_text("[[company]\nname = \n", encoding="utf-8")
    with WorkerPool(workers=1, data_dir=tmp_path) as broken:
        with pytest.raises(DataFileError, match="companies.toml"):
            broken.extract(document("記事"))


@pytest.mark.parametrize(("workers", "budget"), ((0, 1.0), (1, 0.0)))
def test_a_pool_needs_a_worker_and_a_budget(workers, budget):
    with pytest.raises(ValueError):
        WorkerPool(workers=workers, budget_s=budget)
