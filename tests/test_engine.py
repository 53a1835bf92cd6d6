"""The extraction engine and its cache never change results: serial, parallel and warm loads are identical."""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pandas as pd
import pytest

from loaders import load_corpus
from loaders.cache import CACHE_FILE, ExtractionCache
from loaders.engine import ExtractionPool, FileResult, guarded_extract_file, plan_folder, read_task
from loaders.datafiles import PACKAGE_DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
TEST_SETS = {
    "articles": ROOT / "tests/data/articles",
    "holdout": ROOT / "tests/data/holdout/articles",
    "holdout2": ROOT / "tests/data/holdout2/articles",
    "seeds": ROOT / "seeds",
    "dashboard": ROOT / "tests/data/dashboard/articles",
}
FRAMES = ("articles", "companies", "figures", "sentences", "terms", "comentions", "theme_scores", "mentions",
          "facts", "corrections")


def assert_same_corpus(left, right) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)
    pd.testing.assert_frame_equal(left.report.to_frame(), right.report.to_frame(), obj="report")
    assert left.content_hash == right.content_hash


@pytest.fixture(scope="module")
def pool():
    with ExtractionPool(jobs=2) as workers:
        yield workers


@pytest.fixture(scope="module")
def serial(serial_corpora):
    return serial_corpora


@pytest.mark.parametrize("name", TEST_SETS)
def test_parallel_cold_and_warm_loads_equal_the_serial_one(name, serial, pool, tmp_path):
    cache = ExtractionCache(tmp_path)
    parallel_cold = load_corpus(TEST_SETS[name], cache=cache, pool=pool)
    assert cache.info()["entries"] > 0
    seen = []
    warm = load_corpus(TEST_SETS[name], cache=cache, progress=lambda done, total: seen.append((done, total)))
    n_files = len(serial[name].report.outcomes)
    assert seen == [(n_files, n_files)]  # every file came from the cache: nothing left to parse
    assert_same_corpus(serial[name], parallel_cold)
    assert_same_corpus(serial[name], warm)


def test_the_pool_is_reused_across_loads(pool, serial):
    load_corpus(TEST_SETS["seeds"], cache=False, pool=pool)
    first = {w.process.pid for w in pool._workers}
    again = load_corpus(TEST_SETS["seeds"], cache=False, pool=pool)
    assert {w.process.pid for w in pool._workers} == first
    assert_same_corpus(serial["seeds"], again)


def _damage_entries(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET payload = CASE WHEN rowid % 2 = 0 THEN X'00ff' "
                           "ELSE zeroblob(10) END")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 3])


def _foreign(path: Path) -> None:
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE entries (id INTEGER, note TEXT)")


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is no database " * 100)


@pytest.mark.parametrize("damage", [_damage_entries, _truncate, _foreign, _garbage],
                         ids=["damaged entries", "truncated file", "foreign database", "not a database"])
def test_a_bad_cache_is_ignored_and_rebuilt(damage, serial, tmp_path):
    folder = TEST_SETS["dashboard"]
    cache = ExtractionCache(tmp_path)
    load_corpus(folder, cache=cache)
    cache.close()
    damage(tmp_path / CACHE_FILE)
    cache = ExtractionCache(tmp_path)
    assert_same_corpus(serial["dashboard"], load_corpus(folder, cache=cache, jobs=1))
    seen = []
    assert_same_corpus(serial["dashboard"], load_corpus(folder, cache=cache, progress=lambda d, t: seen.append(d)))
    assert seen == [len(serial["dashboard"].report.outcomes)]  # rebuilt: the next load reads it all back


def test_an_unwritable_cache_folder_only_turns_the_cache_off(serial, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    cache = ExtractionCache(blocked / "cache")
    assert_same_corpus(serial["seeds"], load_corpus(TEST_SETS["seeds"], cache=cache))
    assert cache.problem


def test_editing_a_knowledge_file_invalidates_its_entries(serial, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA_DIR, data_dir)
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(TEST_SETS["seeds"], data_dir=data_dir, cache=cache)
    n_seeds = cache.info()["entries"]
    themes = data_dir / "themes.toml"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(themes, ns=(time.time_ns(), time.time_ns() + 10**9))
    seen = []
    edited = load_corpus(TEST_SETS["seeds"], data_dir=data_dir, cache=cache, progress=lambda d, t: seen.append(d))
    assert seen[0] == 0  # every article parsed again
    assert cache.info()["entries"] == 2 * n_seeds
    assert_same_corpus(serial["seeds"], edited.__class__(**{**edited.__dict__,
                                                            "content_hash": serial["seeds"].content_hash}))


def test_a_renamed_file_is_read_from_the_cache(serial, tmp_path):
    folder = tmp_path / "renamed"
    shutil.copytree(TEST_SETS["seeds"], folder)
    first = sorted(folder.iterdir())[0]
    first.rename(first.with_name("zzz_" + first.name))
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(TEST_SETS["seeds"], cache=cache)
    seen = []
    renamed = load_corpus(folder, cache=cache, progress=lambda d, t: seen.append(d))
    assert seen == [5]
    assert set(renamed.articles["article_id"]) == {f.stem for f in folder.iterdir()}
    assert sorted(renamed.figures["sentence"]) == sorted(serial["seeds"].figures["sentence"])


# --- workers that hang or die: the pool's hard limit and its recovery

def stuck_or_dying(task, data, data_dir, key) -> FileResult:
    """A worker function for the tests: hangs on files named stuck*, kills its process on crash*."""
    if task.source_file.startswith("stuck"):
        time.sleep(60)
    if task.source_file.startswith("crash"):
        os._exit(3)
    return guarded_extract_file(task, data, data_dir, key)


def test_a_stuck_or_dying_worker_costs_only_its_file(tmp_path):
    names = ["a.txt", "b.txt", "crash.txt", "d.txt", "e.txt", "stuck.txt", "g.txt"]
    for name in names:
        (tmp_path / name).write_text(f"{name}の速報。AIの記事。", encoding="utf-8")
    planned = plan_folder(tmp_path)
    results: dict[int, FileResult] = {}
    todo = [(i, task, read_task(task), "") for i, task in enumerate(planned)]
    with ExtractionPool(jobs=2, timeout=5) as pool:
        pool.run(todo, None, results.__setitem__, stuck_or_dying)
    outcomes = {r.source_file: r.outcome for r in results.values()}
    assert sorted(outcomes) == sorted(names)
    assert (outcomes["stuck.txt"].code, outcomes["stuck.txt"].reason) == ("timeout", "処理時間の上限を超えた（5 s）")
    assert outcomes["crash.txt"].code == "internal_error"
    assert {name for name, o in outcomes.items() if o.status == "loaded"} == set(names) - {"stuck.txt", "crash.txt"}


def test_pools_never_fork():
    with pytest.raises(ValueError):
        ExtractionPool(context="fork")


@pytest.mark.parametrize("name", TEST_SETS)
def test_the_mentions_frame_holds_every_sentences_mentions_and_spans(name, serial):
    from loaders.companies import find_known_mentions, load_gazetteer
    gazetteer = load_gazetteer()
    corpus = serial[name]
    keys = ["article_id", "paragraph", "sentence_index"]
    by_sentence = dict(list(corpus.mentions.groupby(keys, sort=False)))
    assert len(corpus.mentions) > 0 or name == "dashboard"
    for record in corpus.sentences.itertuples(index=False):
        rows = by_sentence.get((record.article_id, record.paragraph, record.sentence_index))
        rows = rows if rows is not None else corpus.mentions.iloc[:0]
        assert [record.text[s:e] for s, e in zip(rows["start"], rows["end"])] == list(rows["surface"])
        known = rows[rows["is_known"]]
        assert list(zip(known["company"], known["start"])) == \
            [(m.company, m.start) for m in find_known_mentions(record.text, gazetteer)]
