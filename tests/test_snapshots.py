"""Whole-corpus snapshots: a folder loaded again with nothing changed is read back, and anything that changes
what a load gives — a file, a knowledge file, a correction, the corrections switch — assembles it again."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import loaders.corpus
from loaders import load_corpus
from loaders.cache import ExtractionCache
from loaders.engine import FileResult, FileTask, ReadFile
from loaders.snapshots import FOLDER, KEEP, Snapshots, settled
from tests.test_engine import TEST_SETS, assert_same_corpus

SEEDS = TEST_SETS["seeds"]
CORRECTION = """[[correction]]
article_id = {article_id}
sentence = {sentence}
value = {value}
unit = {unit}
action = "wrong"
"""


@pytest.fixture
def assembled(monkeypatch) -> list[int]:
    """How many times a load assembled its corpus from the articles' rows (instead of a snapshot)."""
    calls = []
    real = loaders.corpus.corpus_from_results

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loaders.corpus, "corpus_from_results", counting)
    return calls


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(SEEDS, copy)
    return copy


def test_a_second_load_with_nothing_changed_is_read_back_and_equal(folder, data_dir, tmp_path, assembled):
    cache = ExtractionCache(tmp_path / "cache")
    first = load_corpus(folder, data_dir=data_dir, cache=cache)
    seen = []
    again = load_corpus(folder, data_dir=data_dir, cache=cache, progress=lambda done, total: seen.append((done, total)))
    assert len(assembled) == 1
    assert seen == [(len(first.report.outcomes),) * 2]
    assert_same_corpus(first, again)
    assert_same_corpus(load_corpus(folder, data_dir=data_dir, cache=False), again)


def _add_file(folder: Path, data_dir: Path) -> None:
    (folder / "zz_new.txt").write_text("新しい記事\n\nOpenAIは2024年に66億ドルを調達した。", encoding="utf-8")


def _edit_file(folder: Path, data_dir: Path) -> None:
    path = sorted(folder.iterdir())[0]
    path.write_bytes(path.read_bytes() + "\n\nAnthropicの売上高は10億ドルだった。".encode())


def _rename_file(folder: Path, data_dir: Path) -> None:
    path = sorted(folder.iterdir())[0]
    path.rename(path.with_name("renamed_" + path.name))


def _remove_file(folder: Path, data_dir: Path) -> None:
    sorted(folder.iterdir())[0].unlink()


def _edit_knowledge(folder: Path, data_dir: Path) -> None:
    path = data_dir / "facts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("window_days = 45", "window_days = 5"),
                    encoding="utf-8")


def _add_correction(folder: Path, data_dir: Path) -> None:
    figure = load_corpus(folder, data_dir=data_dir, cache=False).figures.iloc[0]
    text = {name: json.dumps(str(figure[name]), ensure_ascii=False) for name in ("article_id", "sentence", "unit")}
    (data_dir / "corrections.toml").write_text(CORRECTION.format(value=float(figure["value"]), **text),
                                               encoding="utf-8")


# A change of the files builds on the previous snapshot (tests/test_increments.py); a change of the knowledge
# files or corrections assembles the corpus from every article again.
@pytest.mark.parametrize(("change", "from_every_article"), (
    (_add_file, False), (_edit_file, False), (_rename_file, False), (_remove_file, False),
    (_edit_knowledge, True), (_add_correction, True)))
def test_a_change_gives_another_snapshot(change, from_every_article, folder, data_dir, tmp_path, assembled):
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(folder, data_dir=data_dir, cache=cache)
    change(folder, data_dir)
    assembled.clear()
    changed = load_corpus(folder, data_dir=data_dir, cache=cache)
    assert len(assembled) == from_every_article
    assert_same_corpus(changed, load_corpus(folder, data_dir=data_dir, cache=cache))  # read back: no assembly
    assert len(assembled) == from_every_article
    assert_same_corpus(load_corpus(folder, data_dir=data_dir, cache=False), changed)


def test_the_corrections_switch_has_its_own_snapshot(folder, data_dir, tmp_path, assembled):
    cache = ExtractionCache(tmp_path / "cache")
    _add_correction(folder, data_dir)
    assembled.clear()
    corrected = load_corpus(folder, data_dir=data_dir, cache=cache)
    raw = load_corpus(folder, data_dir=data_dir, cache=cache, corrected=False)
    assert len(assembled) == 2 and len(raw.facts) == 0 < len(corrected.facts)
    assert_same_corpus(raw, load_corpus(folder, data_dir=data_dir, cache=cache, corrected=False))
    assert len(assembled) == 2


def _truncate_a_frame(snapshot: Path) -> None:
    path = snapshot / "figures.parquet"
    path.write_bytes(path.read_bytes()[:40])


def _garbage_manifest(snapshot: Path) -> None:
    (snapshot / "corpus.json").write_text("{not json", encoding="utf-8")


def _foreign_manifest(snapshot: Path) -> None:
    (snapshot / "corpus.json").write_text('{"format": "another-tool/9"}', encoding="utf-8")


def _missing_frame(snapshot: Path) -> None:
    (snapshot / "terms.parquet").unlink()


@pytest.mark.parametrize("damage", (_truncate_a_frame, _garbage_manifest, _foreign_manifest, _missing_frame))
def test_a_damaged_snapshot_is_ignored_and_replaced(damage, folder, tmp_path, assembled):
    cache = ExtractionCache(tmp_path / "cache")
    first = load_corpus(folder, cache=cache)
    (snapshot,) = (tmp_path / "cache" / FOLDER).iterdir()
    damage(snapshot)
    again = load_corpus(folder, cache=cache)
    assert len(assembled) == 2
    assert_same_corpus(first, again)
    assert_same_corpus(first, load_corpus(folder, cache=cache))  # the replacement is sound
    assert len(assembled) == 2


def test_only_the_newest_snapshots_are_kept(folder, tmp_path):
    cache = ExtractionCache(tmp_path / "cache")
    for number in range(KEEP + 2):
        (folder / f"extra_{number}.txt").write_text(f"記事{number}\n\nOpenAIは{number + 1}億ドルを調達した。",
                                                   encoding="utf-8")
        load_corpus(folder, cache=cache)
    snapshots = Snapshots(tmp_path / "cache")
    count, size = snapshots.info()
    assert count == KEEP and size > 0
    assert snapshots.clear() == KEEP and snapshots.info() == (0, 0)


def _task(name: str) -> FileTask:
    return FileTask(f"/articles/{name}", name, name.split(".")[0], "text")


@pytest.mark.parametrize(("key", "kept"), (("content-key", True), ("", False)))
def test_a_load_is_kept_only_when_every_file_ended_for_its_content(key, kept):
    read = [ReadFile(_task("a.txt"), b"text", "content-key"),
            FileResult("big.txt", "big", {"outcome": {"status": "skipped", "code": "too_large"}})]
    results = [FileResult("a.txt", "a", {"outcome": {"status": "loaded"}}, key), read[1]]
    assert settled(read, results) is kept


def test_a_load_without_the_cache_keeps_no_snapshot(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("KIJISCOPE_CACHE_DIR", str(tmp_path / "cache"))
    load_corpus(folder, cache=False)
    assert not (tmp_path / "cache" / FOLDER).exists()
