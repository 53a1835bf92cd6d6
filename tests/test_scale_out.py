"""Scale-out: a Dask cluster's parse equals the local one; a Parquet export reads back as the same corpus."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loaders import NotAFramesFolder, load_corpus, load_frames, write_frames
from tests.test_engine import TEST_SETS, assert_same_corpus


@pytest.fixture(scope="module")
def serial(serial_corpora):
    return serial_corpora


@pytest.fixture(scope="module")
def dask_client(dask_cluster):
    import distributed
    with distributed.Client(dask_cluster) as client:
        yield client


@pytest.mark.parametrize("name", TEST_SETS)
def test_the_dask_engine_equals_the_local_one(name, serial, dask_client):
    from loaders.dask_engine import load_corpus_dask
    assert_same_corpus(serial[name], load_corpus_dask(TEST_SETS[name], client=dask_client))


@pytest.mark.parametrize("name", TEST_SETS)
def test_a_parquet_export_reads_back_as_the_same_corpus(name, serial, tmp_path):
    write_frames(serial[name], tmp_path)
    assert_same_corpus(serial[name], load_frames(tmp_path))


def test_the_cli_writes_parquet_frames_the_dashboard_can_open(serial, tmp_path):
    done = subprocess.run([sys.executable, "-m", "loaders", "export", "seeds", "--out", str(tmp_path),
                           "--format", "parquet", "--jobs", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "as Parquet" in done.stdout
    assert_same_corpus(serial["seeds"], load_frames(tmp_path))


@pytest.mark.parametrize("content", [None, "{}", '{"format": "something-else/9"}'],
                         ids=["no manifest", "empty manifest", "foreign manifest"])
def test_a_folder_that_is_no_export_is_refused_by_name(content, tmp_path):
    if content is not None:
        (tmp_path / "corpus.json").write_text(content, encoding="utf-8")
    with pytest.raises(NotAFramesFolder, match=str(tmp_path)):
        load_frames(tmp_path)


def test_cache_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("KIJISCOPE_CACHE_DIR", str(tmp_path))
    run = lambda *args: subprocess.run([sys.executable, "-m", "loaders", *args], capture_output=True,  # noqa: E731
                                       text=True, timeout=300)
    assert run("export", "seeds", "--out", str(tmp_path / "out"), "--jobs", "1").returncode == 0
    info = run("cache", "info")
    assert f"cache: {tmp_path / 'extractions.sqlite3'}" in info.stdout
    assert "entries: 5 (5 of this extractor version" in info.stdout
    assert "corpus snapshots: 1 (" in info.stdout
    assert run("cache", "clear").stdout.strip().endswith("and 1 corpus snapshots")
    emptied = run("cache", "info").stdout
    assert "entries: 0 " in emptied and "corpus snapshots: 0 (" in emptied
