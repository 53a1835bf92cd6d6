"""The Dask engine: the same per-file function, mapped over a folder by a Dask cluster.

`load_corpus_dask(SRC, scheduler=ADDRESS)` plans the folder here (file names, article ids, skips — the same
plan as the local engine), then hands the tasks to Dask as a bag: each worker reads its files itself from
storage every worker sees (the folder must be on a shared file system at the same path), runs
`engine.extract_path` — the function the local engine runs — and joins its partition's rows into frames.
The client concatenates the partitions in order and adds what needs the whole corpus (co-mentions, facts),
so the result equals a local load row for row. No extraction cache is used: a cluster run parses everything.

Without a scheduler address a `distributed.LocalCluster` with one single-threaded worker process per core
is started for the run.
"""
from __future__ import annotations

from pathlib import Path

from loaders.budget import DEFAULT_TIME_BUDGET
from loaders.corpus import Corpus, JoinedRows, corpus_from_parts, join_results
from loaders.engine import FileResult, FileTask, default_jobs, extract_path, knowledge_for, plan_folder
from loaders.reading import DEFAULT_MAX_BYTES

FILES_PER_PARTITION = 64


def _partition(items: list, data_dir: str | None) -> list[JoinedRows]:
    """One bag partition: its files' results joined (a list of one, as dask.bag partitions are sequences)."""
    results = [item if isinstance(item, FileResult) else extract_path(item, data_dir) for item in items]
    return [join_results(results)]


def load_corpus_dask(path: str | Path, scheduler: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                     data_dir: str | Path | None = None, client=None,
                     time_budget: float | None = DEFAULT_TIME_BUDGET) -> Corpus:
    """Parse a folder on a Dask cluster (its scheduler's address, a given `client`, or a local cluster)."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    folder = Path(path).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    data_dir = str(Path(data_dir).resolve()) if data_dir else None
    knowledge_for(data_dir)  # a broken knowledge file stops the run here, before any worker starts
    planned: list[FileTask | FileResult] = plan_folder(folder, max_bytes, time_budget)
    n_partitions = max(1, -(-len(planned) // FILES_PER_PARTITION))
    bag = db.from_sequence(planned, npartitions=n_partitions).map_partitions(_partition, data_dir)
    cluster = None
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=default_jobs(), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    try:
        parts = bag.compute(scheduler=client)
    finally:
        if cluster is not None or scheduler:
            client.close()
        if cluster is not None:
            cluster.close()
    return corpus_from_parts(list(parts), data_dir)
