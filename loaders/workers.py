"""Article extraction in worker processes, each article under a time budget that a hung call cannot escape.

A `WorkerPool` keeps a few worker processes. They come from multiprocessing's fork server: a fresh,
single-threaded process (never a fork of the threaded dashboard server, which would copy locks other threads
hold) that imports the loaders once, so that a worker — and the replacement of a killed one — starts in a
moment. Each worker reads the knowledge files once, then extracts one document per request under the guard
and the cooperative budget of loaders/guard.py, sent and answered over its own pipe. The caller waits on the
pipe with a timeout — waiting releases the GIL, so a server keeps serving its other sessions meanwhile;
`extract_all` keeps every worker busy, one waiting thread each.

A worker that does not answer within the budget plus a grace (a single call that never reaches a
checkpoint, such as a pattern match in C) is killed and replaced, and the document's outcome is `timeout`
(処理時間の上限を超えた); a worker that dies (a crash in a C extension) gives `crashed`. A knowledge-file
error is raised again in the caller, as it would be in-process. One worker serves one request at a time;
concurrent callers take whichever is idle.

    with WorkerPool(workers=2, budget_s=20) as pool:
        corpus = build_corpus(documents, report, extractor=pool.extract_all)
"""
from __future__ import annotations

import multiprocessing
import pickle
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from loaders.articles import ArticleExtraction, Knowledge
from loaders.budget import DEFAULT_TIME_BUDGET
from loaders.guard import extract_guarded
from loaders.reading import Document, FileOutcome

GRACE_S = 5.0  # past the cooperative budget, before the worker is killed
START_METHOD = "forkserver"
START_TIMEOUT_S = 120.0  # a new worker imports the loaders and reads the knowledge files (~2 s when idle)
Extraction = ArticleExtraction | FileOutcome
Task = Callable[[Document, Knowledge, float], Extraction]


def _serve(connection: Connection, data_dir: str | None, task: Task, budget_s: float) -> None:
    """A worker's loop: first ("ready", None) or ("error", exception) once the knowledge files are read, then one
    document in, ("ok", extraction) or ("error", exception) out; None ends it."""
    try:
        knowledge = Knowledge.load(data_dir)
    except Exception as error:  # noqa: BLE001 - a DataFileError, say: the caller raises it
        _send(connection, ("error", error))
        return
    _send(connection, ("ready", None))
    while True:
        try:
            document = connection.recv()
        except EOFError:
            return  # the pool went away
        if document is None:
            return
        try:
            answer = ("ok", task(document, knowledge, budget_s))
        except Exception as error:  # noqa: BLE001 - handed to the caller, who raises it again
            answer = ("error", error)
        _send(connection, answer)


def _send(connection: Connection, answer: tuple) -> None:
    try:
        connection.send(answer)
    except (pickle.PicklingError, TypeError, AttributeError):  # an exception that does not pickle
        connection.send(("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))


class _Worker:
    """One process and the parent's end of its pipe."""

    def __init__(self, context, data_dir: str | None, task: Task, budget_s: float) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, data_dir, task, budget_s), daemon=True,
                                       name="kijiscope-extraction")
        self.process.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.connection.send(None)
            except (OSError, ValueError):
                kill = True
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.connection.close()


class WorkerPool:
    """A few extraction processes; `extract(document)` runs one article in one of them within `budget_s`.
    `task` is what a worker runs for each document (by default the guarded extraction)."""

    def __init__(self, workers: int = 2, budget_s: float = DEFAULT_TIME_BUDGET, data_dir: str | Path | None = None,
                 task: Task = extract_guarded) -> None:
        if workers < 1 or budget_s <= 0:
            raise ValueError("a pool needs at least one worker and a positive budget")
        self.workers = workers
        self.budget_s = budget_s
        self._context = multiprocessing.get_context(START_METHOD)
        # the fork server imports the loaders once; every worker is a fork of it, ready in a moment
        self._context.set_forkserver_preload(["__main__", "loaders.workers"])
        self._data_dir = None if data_dir is None else str(data_dir)
        self._task = task
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        for _ in range(workers):
            self._idle.put(None)  # started when first needed, so that a pool costs nothing until used

    def _start_worker(self) -> _Worker:
        worker = _Worker(self._context, self._data_dir, self._task, self.budget_s)
        with self._lock:
            self._workers.add(worker)
        try:
            ready = worker.connection.poll(START_TIMEOUT_S)
            status, value = worker.connection.recv() if ready else ("error", None)
        except (EOFError, OSError):
            status, value = "error", None
        if status != "ready":
            self._retire(worker)
            raise value or RuntimeError("an extraction worker did not start")
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop(kill=True)

    def extract(self, document: Document) -> Extraction:
        """The document's extraction computed in a worker, or the outcome that reports why it has none."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        worker = self._idle.get()
        try:
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    self._retire(worker)
                worker = None
                worker = self._start_worker()
            try:
                worker.connection.send(document)
                answered = worker.connection.poll(self.budget_s + GRACE_S)
                status, value = worker.connection.recv() if answered else ("timeout", None)
            except (EOFError, OSError):
                status, value = "crashed", None
            if status in ("timeout", "crashed"):
                self._retire(worker)
                worker = None
        finally:
            self._idle.put(worker)
        if status == "error":
            raise value
        if status == "ok":
            return value
        detail = f"{self.budget_s:g} s" if status == "timeout" else ""
        return FileOutcome(document.source_file, "skipped", status, detail, document.encoding, document.n_bytes)

    def extract_all(self, documents: list[Document]) -> list[Extraction]:
        """`extract` for every document, as many at once as there are workers; the results in order."""
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="kijiscope-extraction") as threads:
            return list(threads.map(self.extract, documents))

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
