"""The extraction engine: every article file -> its rows, from the cache or parsed, in parallel processes.

The unit of work is one file (`extract_file`): its bytes are decoded (reading.py), cleaned and extracted
(articles.py) into a *payload* — the outcome of reading plus the rows of every frame, column by column and
without the article id, so that the payload depends on the file's content alone and can be cached under
a content key (cache.py). Every engine maps this one function: in this process, in a pool of worker
processes (`ExtractionPool`), or on a Dask cluster (loaders/distributed.py).

A load (`extract_files`):
1. the main process reads each file's bytes once and computes its cache key;
2. one query fetches every key already in the cache;
3. the misses are parsed — in this process when there are few of them, else by worker processes, in chunks
   so that the cost per file of talking to a worker stays small;
4. each new payload is written to the cache, and the callback hears of every file done.
Results come back in file order whatever order the workers finish in, so a parallel, cached or serial load
assembles the same frames row for row.

The pool's workers are started with 'forkserver' (else 'spawn'), never 'fork': the caller may be a threaded
server, and a forked copy of a threaded process can hang. Each worker holds one fugashi Tagger and the
knowledge files for its whole life, so a pool kept between loads costs its start-up once. A pool may be
given a hard time limit per file: a worker that overruns it is killed, the file is reported as `timeout`, a
new worker takes the rest of its chunk; a worker that dies (a crash inside MeCab) costs only the file it was
on (`internal_error`).
"""
from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from loaders.articles import ROW_KINDS, ArticleExtraction, Knowledge
from loaders.budget import DEFAULT_TIME_BUDGET
from loaders.cache import ExtractionCache, entry_key, extractor_version
from loaders.datafiles import files_fingerprint
from loaders.frames import ROW_COLUMNS
from loaders import reading
from loaders.guard import extract_guarded
from loaders.reading import (
    DEFAULT_MAX_BYTES,
    TEXT_SUFFIXES,
    Document,
    FileOutcome,
    UnreadableFile,
    folder_entries,
)
from loaders.terms import make_tagger

Progress = Callable[[int, int], None]  # (files done, files in all)
# Below this many files to parse per worker, starting a worker (about a second) costs more than it saves.
MIN_FILES_PER_WORKER = 16
MAX_CHUNK = 16  # files sent to a worker at once; a chunk's results stream back file by file
# A new worker imports the loaders and reads the knowledge files before its first file; on a busy machine
# that takes seconds, which the time limit per file does not count (up to this long).
STARTUP_LIMIT = 300.0
OUTCOME_FIELDS = ("status", "code", "detail", "encoding", "n_bytes")
CACHE_WRITE_BATCH = 200


@dataclass(frozen=True)
class FileTask:
    """One article file to read: where it is, its name in the corpus and how to read it."""

    path: str
    source_file: str
    article_id: str
    kind: str  # text | markdown | html
    max_bytes: int = DEFAULT_MAX_BYTES
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds of extraction (loaders/budget.py)


@dataclass(frozen=True)
class FileResult:
    """What one file gave: its outcome in the load report and, when loaded, its payload of rows."""

    source_file: str
    article_id: str
    payload: dict  # {"outcome": {...}, "rows": {kind: {column: [...]}}, "sentence_companies": [[...], ...]}
    key: str = ""  # content key; "" when the outcome depends on more than the content (too large, unreadable)

    @property
    def outcome(self) -> FileOutcome:
        return FileOutcome(self.source_file, **self.payload["outcome"])


@dataclass(frozen=True)
class ReadFile:
    """A planned file's bytes, read, with the cache key of its content."""

    task: FileTask
    data: bytes
    key: str


Extract = Callable[["FileTask", bytes, "str | None", str], "FileResult"]


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- one file

def plan_folder(folder: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                time_budget: float | None = DEFAULT_TIME_BUDGET) -> list[FileTask | FileResult]:
    """Every file of the folder in load order: a task to read, or already the result of a file that is skipped."""
    return [skipped_result(entry.name, "", entry.skip, entry.detail) if entry.skip
            else FileTask(str(entry.path), entry.name, entry.article_id, TEXT_SUFFIXES[entry.path.suffix.lower()],
                          max_bytes, time_budget)
            for entry in folder_entries(folder)]


def skipped_result(source_file: str, article_id: str, code: str, detail: str = "", n_bytes: int = 0,
                   key: str = "") -> FileResult:
    """The result of a file that gives no article."""
    outcome = {"status": "skipped", "code": code, "detail": detail, "encoding": "", "n_bytes": n_bytes}
    return FileResult(source_file, article_id, {"outcome": outcome}, key)


def read_task(task: FileTask) -> bytes | FileResult:
    """The file's bytes, or the result of a file too large or unreadable."""
    path = Path(task.path)
    try:
        return reading._read_regular_file(path, task.max_bytes)  # FIFOs and devices are refused unread
    except UnreadableFile as exc:
        return skipped_result(task.source_file, task.article_id, exc.code, exc.detail, reading._size(path))


def read_files(planned: Sequence[FileTask | FileResult | ReadFile], data_dir: str | Path | None = None
               ) -> list[FileResult | ReadFile]:
    """Every planned file read, in order: its bytes and content key, or the result of a file that is skipped."""
    data_dir = str(data_dir) if data_dir else None
    fingerprint, version = files_fingerprint(data_dir), extractor_version()
    read: list[FileResult | ReadFile] = []
    for item in planned:
        if isinstance(item, FileTask):
            data = read_task(item)
            item = data if isinstance(data, FileResult) else \
                ReadFile(item, data, content_key(data, item.kind, fingerprint, version))
        read.append(item)
    return read


def content_key(data: bytes, kind: str, fingerprint: str, version: str) -> str:
    """The cache key of a file's content read as `kind`."""
    return entry_key(hashlib.sha256(data).hexdigest(), kind, fingerprint, version)


_KNOWLEDGE: dict[str, tuple[str, Knowledge]] = {}


def knowledge_for(data_dir: str | None) -> Knowledge:
    """The knowledge files of this folder, loaded once per process (again when a file changes)."""
    fingerprint = files_fingerprint(data_dir)
    held = _KNOWLEDGE.get(data_dir or "")
    if held is None or held[0] != fingerprint:
        held = (fingerprint, Knowledge.load(data_dir))
        _KNOWLEDGE[data_dir or ""] = held
    return held[1]


def extract_file(task: FileTask, data: bytes | None = None, data_dir: str | None = None,
                 key: str = "") -> FileResult:
    """One file -> its result (the function every engine maps over the files)."""
    if data is None:
        read = read_task(task)
        if isinstance(read, FileResult):
            return read
        data = read
    knowledge = knowledge_for(data_dir)
    try:
        # looked up on the module at each call, so that a test can make one file's reading fail
        document = reading.decode_document(data, task.kind, task.source_file, task.article_id)
    except UnreadableFile as exc:
        return skipped_result(task.source_file, task.article_id, exc.code, exc.detail, len(data), key)
    return extract_document(document, knowledge, key, task.time_budget)


def extract_document(document: Document, knowledge: Knowledge, key: str = "",
                     time_budget: float | None = DEFAULT_TIME_BUDGET) -> FileResult:
    """A decoded document -> its result (under the per-file guard: a failure or overrun is its outcome)."""
    return result_from_extraction(document, extract_guarded(document, knowledge, time_budget), key)


def result_from_extraction(document: Document, extracted: ArticleExtraction | FileOutcome,
                           key: str = "") -> FileResult:
    """The result of a document from its extraction, or from the outcome of a failed one."""
    if isinstance(extracted, FileOutcome):  # timeout, internal error: about this run, never cached
        outcome = {name: getattr(extracted, name) for name in OUTCOME_FIELDS}
        return FileResult(document.source_file, document.article_id, {"outcome": outcome})
    outcome = {"status": "loaded", "code": "", "detail": "; ".join(document.notes), "encoding": document.encoding,
               "n_bytes": document.n_bytes}
    rows = {kind: {column: [row.get(column) for row in extracted.rows[kind]] for column in ROW_COLUMNS[kind]}
            for kind in ROW_KINDS}
    companies = [sorted(names) for names in extracted.sentence_companies]
    payload = {"outcome": outcome, "rows": rows, "sentence_companies": companies}
    return FileResult(document.source_file, document.article_id, payload, key)


def extract_path(task: FileTask, data_dir: str | None = None) -> FileResult:
    """One file read from its path, with its content key (what a Dask worker runs per file)."""
    read = read_task(task)
    if isinstance(read, FileResult):
        return read
    key = content_key(read, task.kind, files_fingerprint(data_dir), extractor_version())
    return guarded_extract_file(task, read, data_dir, key)


def guarded_extract_file(task: FileTask, data: bytes, data_dir: str | None, key: str) -> FileResult:
    """extract_file, with an exception reported as the file's `internal_error` (the other files go on)."""
    try:
        return extract_file(task, data, data_dir, key)
    except Exception as exc:  # noqa: BLE001 - reported by name, the other files go on
        outcome = FileOutcome.internal_error(task.source_file, exc, n_bytes=len(data))
        return FileResult(task.source_file, task.article_id,
                          {"outcome": {name: getattr(outcome, name) for name in OUTCOME_FIELDS}})


def valid_payload(payload: dict) -> bool:
    """Whether a payload read back from the cache has the shape this code writes."""
    try:
        outcome = payload["outcome"]
        if set(outcome) != set(OUTCOME_FIELDS) or outcome["status"] not in ("loaded", "skipped"):
            return False
        if outcome["status"] == "skipped":
            return True
        rows = payload["rows"]
        if set(rows) != set(ROW_KINDS):
            return False
        for kind in ROW_KINDS:
            columns = rows[kind]
            if list(columns) != list(ROW_COLUMNS[kind]) or not all(isinstance(v, list) for v in columns.values()):
                return False
            if len({len(values) for values in columns.values()}) != 1:
                return False
        companies = payload["sentence_companies"]
        n_sentences = len(next(iter(rows["sentences"].values())))
        return isinstance(companies, list) and len(companies) == n_sentences
    except (KeyError, TypeError, AttributeError, StopIteration):
        return False


# ---------------------------------------------------------------- many files

def extract_files(planned: Sequence[FileTask | FileResult | ReadFile], data_dir: str | Path | None = None,
                  jobs: int | None = None, cache: ExtractionCache | None = None,
                  progress: Progress | None = None, pool: ExtractionPool | None = None) -> list[FileResult]:
    """The result of every planned file, in the planned order (cache first, then parsing the rest)."""
    data_dir = str(data_dir) if data_dir else None
    version = extractor_version()
    results: list[FileResult | None] = [None] * len(planned)
    todo: list[tuple[int, FileTask, bytes, str]] = []
    for index, item in enumerate(read_files(planned, data_dir)):
        if isinstance(item, FileResult):
            results[index] = item
        else:
            todo.append((index, item.task, item.data, item.key))
    if cache is not None and todo:
        found = cache.get_many(key for _, _, _, key in todo)
        missing = []
        for index, task, data, key in todo:
            payload = found.get(key)
            if payload is not None and valid_payload(payload):
                results[index] = FileResult(task.source_file, task.article_id, payload, key)
            else:
                missing.append((index, task, data, key))
        todo = missing
    if todo:
        knowledge_for(data_dir)  # a broken knowledge file stops the load here, not once per file in a worker
    total, done = len(planned), len(planned) - len(todo)
    if progress:
        progress(done, total)
    fresh: list[tuple[str, dict]] = []

    def finished(index: int, result: FileResult) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if cache is not None and result.key:
            fresh.append((result.key, result.payload))
            if len(fresh) >= CACHE_WRITE_BATCH:
                cache.put_many(fresh, version)
                fresh.clear()
        if progress:
            progress(done, total)

    workers = min(jobs or default_jobs(), math.ceil(len(todo) / MIN_FILES_PER_WORKER))
    if pool is not None and todo:
        pool.run(todo, data_dir, finished)
    elif workers > 1:
        with ExtractionPool(workers) as own:
            own.run(todo, data_dir, finished)
    else:
        for index, task, data, key in todo:
            finished(index, guarded_extract_file(task, data, data_dir, key))
    if cache is not None and fresh:
        cache.put_many(fresh, version)
    return [result for result in results if result is not None]


# ---------------------------------------------------------------- worker processes

def _worker_main(connection: Connection) -> None:
    """A worker's loop: take a chunk, send back one result per file, then say it is done."""
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        _, data_dir, chunk, function = message
        knowledge_for(data_dir)
        make_tagger()
        connection.send(("ready",))
        for index, task, data, key in chunk:
            connection.send(("result", index, function(task, data, data_dir, key)))
        connection.send(("done",))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    chunk: deque = field(default_factory=deque)  # files sent and not yet answered, the current one first
    since: float = 0.0  # when the current file started (or the chunk was sent)
    ready: bool = False  # the worker has loaded what it needs: the time limit now runs

    def deadline(self, timeout: float) -> float:
        return self.since + (timeout if self.ready else max(timeout, STARTUP_LIMIT))

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class ExtractionPool:
    """Worker processes that parse files, kept alive between loads; optional hard time limit per file."""

    def __init__(self, jobs: int | None = None, timeout: float | None = None, context: str | None = None):
        self.jobs = max(1, jobs or default_jobs())
        self.timeout = timeout
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context(context or ("forkserver" if "forkserver" in methods else "spawn"))
        if self.context.get_start_method() == "fork":
            raise ValueError("extraction workers are never forked from a (possibly threaded) parent")
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(theirs,), daemon=True,
                                       name="kijiscope-extraction")
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def run(self, todo: Iterable[tuple[int, FileTask, bytes, str]], data_dir: str | None,
            finished: Callable[[int, FileResult], None], function: Extract = guarded_extract_file) -> None:
        """Parse the files, calling `finished(index, result)` for each as it arrives.

        `function(task, data, data_dir, key)` is what a worker runs per file (a module-level function)."""
        with self._lock:
            self._run(list(todo), data_dir, finished, function)

    def _run(self, todo: list, data_dir: str | None, finished: Callable[[int, FileResult], None],
             function: Extract) -> None:
        if not todo:
            return
        size = max(1, min(MAX_CHUNK, math.ceil(len(todo) / (self.jobs * 4))))
        queue = deque(todo[start:start + size] for start in range(0, len(todo), size))
        self._workers = [w for w in self._workers if w.process.is_alive()]
        while len(self._workers) < min(self.jobs, len(queue)):
            self._workers.append(self._start())
        busy: dict[Connection, _Worker] = {}
        while queue or busy:
            for worker in self._workers:
                if queue and worker.connection not in busy:
                    chunk = queue.popleft()
                    worker.chunk, worker.since, worker.ready = deque(chunk), time.monotonic(), False
                    worker.connection.send(("chunk", data_dir, chunk, function))
                    busy[worker.connection] = worker
            wait_for = None
            if self.timeout is not None:
                wait_for = max(0.0, min(w.deadline(self.timeout) for w in busy.values()) - time.monotonic())
            for connection in wait(list(busy), timeout=wait_for):
                worker = busy[connection]
                try:
                    message = connection.recv()
                except (EOFError, OSError):
                    worker.process.join(1)
                    self._replace(worker, busy, queue, finished, "internal_error",
                                  f"worker process ended (exit code {worker.process.exitcode})")
                    continue
                if message[0] == "result":
                    worker.chunk.popleft()
                    finished(message[1], message[2])
                    worker.since = time.monotonic()
                elif message[0] == "ready":
                    worker.since, worker.ready = time.monotonic(), True
                elif message[0] == "done":
                    del busy[connection]
            if self.timeout is not None:
                now = time.monotonic()
                for worker in [w for w in busy.values() if now > w.deadline(self.timeout)]:
                    code = "timeout" if worker.ready else "internal_error"
                    detail = f"{self.timeout:g} s" if worker.ready else "worker process did not start"
                    self._replace(worker, busy, queue, finished, code, detail)

    def _replace(self, worker: _Worker, busy: dict, queue: deque, finished: Callable, code: str,
                 detail: str) -> None:
        """Kill a worker, report the file it was on, give the rest of its chunk to a new worker."""
        worker.kill()
        del busy[worker.connection]
        self._workers.remove(worker)
        if worker.chunk:
            index, task, data, _ = worker.chunk.popleft()
            finished(index, skipped_result(task.source_file, task.article_id, code, detail, len(data)))
        if worker.chunk:
            queue.appendleft(list(worker.chunk))
        self._workers.append(self._start())

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            try:
                worker.connection.send(("stop",))
            except (OSError, ValueError):
                pass
        for worker in self._workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.kill()
        self._workers = []
