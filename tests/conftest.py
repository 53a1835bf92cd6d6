"""Shared fixtures: the test run has its own extraction cache, never the user's or another checkout's; the
serially loaded test sets and a Dask cluster, each made once for the files that use them.

How the files go out to pytest-xdist's workers (scripts/test.sh runs two, `--dist loadfile`): each file runs
whole on one worker (its module-scoped fixtures are built once), files sharing a costly session fixture run on
the same worker (SHARED_WORKER: the scheduler below takes them as one unit), and the longest go out first
(LONGEST_FIRST), so that the two workers finish together instead of one running a long file alone at the end.
(`--dist loadgroup` would do the grouping, but its group names do not reach the scheduler under pytest 9.)
"""
from __future__ import annotations

import pytest

# Files that share a session fixture with another file: run on one worker, the fixture is made once there.
SHARED_WORKER = {
    "tests/test_engine.py": "serial-corpora-and-dask",  # serial_corpora
    "tests/test_scale_out.py": "serial-corpora-and-dask",  # serial_corpora, dask_cluster
    "tests/test_readme.py": "serial-corpora-and-dask",  # dask_cluster
}
# The files (or groups) that take longest, longest first; every other file follows in collection order. Measured
# with `--durations=0` on two workers; an entry that goes out of date only makes the workers finish less evenly.
LONGEST_FIRST = (
    "tests/browser/test_browser_links.py", "serial-corpora-and-dask", "tests/browser/test_browser_presentation.py",
    "tests/browser/test_browser_evidence.py", "tests/browser/test_browser_pages.py",
    "tests/browser/test_browser_japanese.py", "tests/test_slides.py", "tests/browser/test_browser_filters.py",
    "tests/browser/test_browser_facts.py", "tests/test_increments.py", "tests/test_hostile_corpus.py",
    "tests/browser/test_browser_keywords.py", "tests/test_snapshots.py", "tests/test_dashboard_loading.py",
    "tests/browser/test_browser_responsive.py", "tests/test_workers.py", "tests/test_dashboard_app.py",
    "tests/browser/test_browser_login.py", "tests/browser/test_browser_safety.py", "tests/test_cli.py",
    "tests/test_images.py", "tests/test_dashboard_login.py",
)


def worker_group(nodeid: str) -> str:
    """The file of a test (as in its node id), or the group of files it shares a worker with."""
    file = nodeid.split("::", 1)[0]
    return SHARED_WORKER.get(file, file)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under `--dist loadfile`, pytest-xdist's file scheduler with SHARED_WORKER's files taken as one unit."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileGroupScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

    return FileGroupScheduling(config, log)


@pytest.hookimpl(trylast=True)  # after pytest has ordered the tests by their fixtures
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the longest groups first, each group's tests together in the order pytest gave them (not when asked
    for the failed or the new tests first)."""
    if config.getoption("failedfirst", False) or config.getoption("newfirst", False):
        return
    rank = {group: index for index, group in enumerate(LONGEST_FIRST)}
    groups = {item: worker_group(item.nodeid) for item in items}
    order = {group: index for index, group in enumerate(dict.fromkeys(groups.values()))}
    items.sort(key=lambda item: (rank.get(groups[item], len(rank)), order[groups[item]]))


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


@pytest.fixture(scope="session")
def dask_cluster():
    """A Dask LocalCluster of two worker processes on this machine, no dashboard (no port 8787)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the packaged knowledge files that a test may edit (a test file can define its own)."""
    import shutil

    from loaders.datafiles import PACKAGE_DATA_DIR
    copy = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA_DIR, copy)
    return copy
