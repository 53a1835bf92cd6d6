"""One file never takes the load down: a failure or an overrun is that file's report row, the rest loads."""
from __future__ import annotations

import pytest

import loaders.budget as budget_module
import loaders.guard as guard_module
import loaders.reading as reading_module
from loaders import load_corpus
from loaders.budget import TimeBudgetExceeded, checkpoint, time_budget
from loaders.datafiles import DataFileError
from loaders.reading import FileOutcome

GOOD = "生成AIの新興企業が資金調達を発表した。調達額は50億円で、研究開発に充てる。\n" * 3


@pytest.fixture
def folder(tmp_path):
    for name in ("good.txt", "bad.txt", "also_good.md"):
        (tmp_path / name).write_text(GOOD.replace("新興企業", f"新興企業{name[:3]}"), encoding="utf-8")
    return tmp_path


def outcomes(corpus) -> dict[str, FileOutcome]:
    return {o.source_file: o for o in corpus.report.outcomes}


@pytest.fixture
def failing_extraction(monkeypatch):
    real = guard_module.extract_article

    def extract(document, knowledge):
        if document.source_file == "bad.txt":
            raise ValueError("the extractor tripped\non two lines")
        return real(document, knowledge)
    monkeypatch.setattr(guard_module, "extract_article", extract)


def test_an_exception_in_extraction_is_a_report_row_and_the_rest_loads(folder, failing_extraction):
    corpus = load_corpus(folder)
    bad = outcomes(corpus)["bad.txt"]
    assert (bad.status, bad.code) == ("skipped", "internal_error")
    assert bad.reason == "内部エラー: ValueError: the extractor tripped on two lines"
    assert bad.reason_en == "internal error: ValueError: the extractor tripped on two lines"
    assert sorted(corpus.articles["source_file"]) == ["also_good.md", "good.txt"]
    assert "bad" not in set(corpus.sentences["article_id"])


def test_an_exception_in_reading_is_a_report_row_and_the_rest_loads(folder, monkeypatch):
    real = reading_module.decode_document  # the loader reads each file's bytes once, then decodes them

    def decode(data, kind, source_file, article_id):
        if source_file == "bad.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, kind, source_file, article_id)
    monkeypatch.setattr(reading_module, "decode_document", decode)
    corpus = load_corpus(folder)
    assert outcomes(corpus)["bad.txt"].reason == "内部エラー: RecursionError: maximum recursion depth exceeded"
    assert sorted(corpus.articles["source_file"]) == ["also_good.md", "good.txt"]


class FakeClock:
    """A clock that moves only when told to, so that the budget is tested without waiting."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(budget_module.time, "monotonic", fake.monotonic)
    return fake


def test_a_file_over_its_time_budget_is_reported_and_the_load_goes_on(folder, monkeypatch, clock):
    real = guard_module.extract_article

    def slow(document, knowledge):
        if document.source_file == "bad.txt":
            clock.now += 30  # this file's cleaning took 30 s: the next checkpoint stops it
        return real(document, knowledge)
    monkeypatch.setattr(guard_module, "extract_article", slow)
    corpus = load_corpus(folder, time_budget=20)
    bad = outcomes(corpus)["bad.txt"]
    assert (bad.status, bad.code, bad.reason) == ("skipped", "timeout", "処理時間の上限を超えた（20 s）")
    assert sorted(corpus.articles["source_file"]) == ["also_good.md", "good.txt"]


def test_no_budget_means_no_limit(folder, monkeypatch, clock):
    real = guard_module.extract_article

    def slow(document, knowledge):
        clock.now += 10_000
        return real(document, knowledge)
    monkeypatch.setattr(guard_module, "extract_article", slow)
    corpus = load_corpus(folder, time_budget=0)
    assert len(corpus.articles) == 3


@pytest.mark.parametrize("seconds, advance, stops", [(5, 4, False), (5, 6, True), (None, 10**6, False)])
def test_checkpoint_raises_only_past_the_deadline(clock, seconds, advance, stops):
    with time_budget(seconds):
        clock.now += advance
        if stops:
            with pytest.raises(TimeBudgetExceeded):
                checkpoint()
        else:
            checkpoint()
    checkpoint()  # outside a budget: never


def test_a_broken_knowledge_file_still_stops_the_load(folder, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    (data / "themes.toml").write_text("[[theme]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="themes.toml"):
        load_corpus(folder, data_dir=data)


def test_an_exception_in_reading_a_folder_without_extraction_is_a_report_row(folder, monkeypatch):
    from loaders import load_documents
    real = reading_module.read_document

    def read(path, source_file, article_id, max_bytes):
        if source_file == "bad.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, source_file, article_id, max_bytes)
    monkeypatch.setattr(reading_module, "read_document", read)
    documents, report = load_documents(folder)
    assert {o.source_file: o for o in report.outcomes}["bad.txt"].reason == \
        "内部エラー: RecursionError: maximum recursion depth exceeded"
    assert sorted(d.source_file for d in documents) == ["also_good.md", "good.txt"]
