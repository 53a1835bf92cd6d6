"""Shared fixtures: the test run has its own extraction cache, never the user's or another checkout's."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def private_extraction_cache(tmp_path_factory):
    """Point $KIJISCOPE_CACHE_DIR at a fresh folder for the whole run (subprocesses inherit it).

    Session-scoped so that module-scoped fixtures, which run before any function-scoped one, see it too;
    a test that needs an empty cache of its own passes an ExtractionCache or sets the variable itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIJISCOPE_CACHE_DIR", str(tmp_path_factory.mktemp("extraction-cache")))
        yield


@pytest.fixture(scope="session")
def serial_corpora():
    """Every test set loaded serially without the cache: what every engine's load must equal."""
    from tests.test_engine import TEST_SETS
    from loaders import load_corpus
    return {name: load_corpus(folder, jobs=1, cache=False) for name, folder in TEST_SETS.items()}


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the packaged knowledge files that a test may edit (a test file can define its own)."""
    import shutil

    from loaders.datafiles import PACKAGE_DATA_DIR
    copy = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA_DIR, copy)
    return copy
