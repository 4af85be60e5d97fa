"""Run the pure map step (read → articles → mentions) over many inputs: in this process, in a process
pool, or on Dask, with the same results.

Why this exists: the pool used to map per *file*, so one large JSON Lines file (a scrape of 100,000
records) ran on one core. Here a large `.jsonl` file is read once in the parent and its documents go
out in batches; every other file is one task, as before. Results come back as one `FileResult` per
input file, in the order of the files, equal to `ingest.process_file`'s (the same documents, in the
same order, the same warnings), so `store.save_file` still writes each file in one transaction.

Memory: at most `window` tasks are in flight, and a file's result is handed on as soon as its last
batch is back, so the parent holds one file's result plus the pending batches, never the whole run's.
One file's result is what `store.save_file` needs to write the file in one transaction; `stream`
hands a file over batch by batch instead, for a store that writes the batches inside one open
transaction (then memory no longer grows with the largest file).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from . import poolserver
from .ingest import (
    FileResult,
    adopt,
    extraction_failed,
    file_key,
    finish,
    process_document,
    process_file,
    read_documents,
)
from .model import Aggregate, Article, Document, Mention

ENGINES = ("process", "dask")
SPLIT_BYTES = 1 << 20  # a .jsonl file larger than this is mapped in batches of documents; others are one task
# and one larger than this is cut into a batch per worker when a pool is there anyway (a pool's workers
# do it in halves, on two cores, while one process would do it whole)
SPREAD_BYTES = 1 << 17
MIN_BATCH_CHARS = 20_000  # a batch is never cut smaller than this (~30 articles): its pickling would tell
BATCH_CHARS = 200_000  # text per batch: ~300 news articles, ~0.3 s of work; pickling stays a small share
BATCH_DOCS = 500  # and never more documents than this in one batch (short records)
TASKS_PER_WORKER = 3  # in flight per worker: enough to hide the parent's reading and writing, bounded memory

# What the map step returns for one document: its articles, mentions and aggregates, or the warning
# that says why its extraction failed (the batch goes on, as in `process_file`).
DocumentResult = tuple[list[Article], list[Mention], list[Aggregate]] | str


class EngineUnavailable(Exception):
    """Dask is not installed here: `pip install -r requirements-dev.txt` (dask, distributed)"""


class Submitter(Protocol):
    """What the engine needs of an executor: `concurrent.futures` and `distributed.Client` both have it."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any: ...


def map_documents(docs: list[Document], default_date: str | None = None) -> list[DocumentResult]:
    """The map step for a batch of documents, pure: the same as `process_file`'s loop over one file's
    documents, so a file mapped in batches gives what it gives mapped whole."""
    out: list[DocumentResult] = []
    for doc in docs:
        try:
            out.append(process_document(doc, default_date))
        except Exception as exc:  # a bug on one document must not lose the batch; it is reported
            out.append(extraction_failed(doc.source, exc))
    return out


def batches(docs: list[Document], max_chars: int = BATCH_CHARS, max_docs: int = BATCH_DOCS) -> Iterator[list[Document]]:
    """Consecutive runs of documents of about `max_chars` of text each; the list is emptied as it goes,
    so the parent does not keep a document it has already sent.

    >>> docs = [Document(source=str(i), text="字" * 40) for i in range(5)]
    >>> [len(b) for b in batches(docs, max_chars=100)], docs
    ([3, 2], [])
    """
    docs.reverse()
    while docs:
        batch, size = [], 0
        while docs and (not batch or (size < max_chars and len(batch) < max_docs)):
            doc = docs.pop()
            batch.append(doc)
            size += len(doc.text)
        yield batch


def merge(result: FileResult, part: FileResult) -> FileResult:
    """Append a later part of the same file to `result`, as `process_file` would have built it."""
    result.articles += part.articles
    result.mentions += part.mentions
    result.aggregates += part.aggregates
    result.warnings += part.warnings
    result.failed += part.failed
    return result


def _part(header: FileResult, results: list[DocumentResult]) -> FileResult:
    """One batch's documents as a result of the same file, in document order (article ids made
    distinct against the file's earlier batches, as `process_file` makes them)."""
    part = FileResult(header.path, header.sha256, header.size)
    part.ids = header.ids  # the file's ids so far: a repeated record id gets an id of its own
    for item in results:
        if isinstance(item, str):
            part.warnings.append(item)
            part.failed += 1
            continue
        adopt(part, *item)
    return part


@dataclass
class _Task:
    """One task: a whole file (no `header`: the task returns its FileResult), a batch of a split file's
    documents (`header`: the file's result before its documents), or a file that failed before any
    task (no `fn`)."""

    header: FileResult | None
    fn: Callable[..., Any] | None
    args: tuple = ()
    last: bool = True  # the last task of its file


def _splittable(path: Path, limit: int | None = None) -> bool:
    try:
        return path.suffix.lower() == ".jsonl" and path.stat().st_size > (SPLIT_BYTES if limit is None else limit)
    except OSError:
        return False


def _batch_chars(docs: list[Document], spread: int) -> int:
    """Text per batch: BATCH_CHARS, or less so that a file gives each of `spread` workers a batch."""
    total = sum(len(d.text) for d in docs)
    return min(BATCH_CHARS, max(MIN_BATCH_CHARS, -(-total // max(1, spread))))


def _plan(files: Iterable[Path | str], default_date: str | None, spread: int = 1) -> Iterator[_Task]:
    """The tasks, file by file: large .jsonl files read here and cut into batches, other files whole.
    `spread`: the workers; a .jsonl of SPREAD_BYTES or more is then cut into a batch for each."""
    for f in files:
        path = Path(f)
        if not _splittable(path, SPREAD_BYTES if spread > 1 else None):
            yield _Task(None, process_file, (str(f), None, default_date))
            continue
        header, docs = read_documents(path)  # read once: the digest is that of the bytes parsed
        if header.error:
            yield _Task(header, None)
            continue
        parts = deque(batches(docs, _batch_chars(docs, spread), BATCH_DOCS))
        if not parts:
            yield _Task(header, None)
        while parts:
            yield _Task(header, map_documents, (parts.popleft(), default_date), last=not parts)


def stream(
    files: Iterable[Path | str], default_date: str | None, executor: Submitter, window: int = 6, spread: int = 1
) -> Iterator[tuple[FileResult, Iterator[FileResult]]]:
    """Each file, in file order, as (header, parts): the header holds the file's digest and reading
    warnings (or its error, or, for a file mapped whole, everything), the parts its documents' results
    batch by batch, each to be merged into the header. At most `window` tasks are out at once, so a
    consumer that writes parts as they come holds one batch, not one file. A file's parts must be
    consumed before the next file is asked for. `spread`: see _plan."""
    plan = _plan(files, default_date, spread)
    queue: deque[tuple[_Task, Any]] = deque()

    def fill() -> None:
        while len(queue) <= window and (task := next(plan, None)) is not None:
            queue.append((task, executor.submit(task.fn, *task.args) if task.fn else None))

    def oldest() -> tuple[_Task, Any]:
        fill()
        task, future = queue.popleft()
        try:
            value = future.result() if future is not None else None
        except Exception as exc:  # noqa: BLE001 — a task that died (a worker killed, a bug) loses its file only
            value = TaskFailed(f"处理出错: {type(exc).__name__}: {exc}")
        fill()  # keep the workers busy while the caller handles this result
        return task, value

    fill()
    while queue:
        task, value = oldest()
        if task.header is None:
            if isinstance(value, TaskFailed):
                value = FileResult(file_key(task.args[0]), "", 0, error=value.reason)
            yield value, iter(())
            continue
        header = task.header
        if task.fn is None:
            yield header, iter(())
            continue

        def parts(task: _Task = task, value: Any = value, header: FileResult = header) -> Iterator[FileResult]:
            while True:
                if isinstance(value, TaskFailed):  # the file is rejected whole: it is read again next time
                    header.error = header.error or value.reason
                    value = []
                yield _part(header, value)
                if task.last:
                    return
                task, value = oldest()

        rest = parts()
        yield header, rest
        if next(rest, None) is not None:
            raise RuntimeError("a file's parts must be consumed before the next file is asked for")


def map_files(
    files: Iterable[Path | str],
    default_date: str | None,
    executor: Submitter | None,
    window: int = 6,
    on_part: Callable[[FileResult], None] | None = None,
    spread: int = 1,
) -> Iterator[FileResult]:
    """Each file's whole `FileResult`, in file order, mapping on `executor` (None: here, one file at a
    time, exactly `process_file`). The parent holds one file's result, which its one transaction needs.
    `on_part` sees each batch's result as soon as it is back (each whole file's, without an executor):
    work the parent can do on a batch (resolution's per-name features) then runs while the workers map
    the next batches, not after the last one."""
    if executor is None:
        for f in files:
            result = process_file(str(f), None, default_date)
            if on_part is not None:
                on_part(result)
            yield result
        return
    for header, parts in stream(files, default_date, executor, window, spread):
        for part in parts:
            if on_part is not None:
                on_part(part)
            merge(header, part)
        if header.error:  # a batch failed: nothing of the file is kept
            header.articles, header.mentions, header.aggregates = [], [], []
        yield finish(header)


@dataclass
class TaskFailed:
    """What a task that raised gave back: the reason, for the file's rejection."""

    reason: str


WARM_UP = "恒瑞新材料产业园项目总投资10亿元，由济宁恒瑞科技有限公司建设，已于3月开工。"


def _warm() -> None:
    """Build the lazily loaded tables (fold table, gazetteer, jieba's dictionary) before the first task:
    in the fork server, so the workers forked from it share them (pipeline/forkserver_warm.py), and
    again, at no cost when they are there, in each worker."""
    process_document(Document(source="warm-up", text=WARM_UP, kind="record"))


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0


def _worker_init(parent: int) -> None:
    """A pool worker dies with the ingest that started it, however that ends (SIGTERM, SIGKILL, the OOM
    killer): a worker left alive would keep mapping for no one, forever. Linux sends the signal asked
    for with PR_SET_PDEATHSIG when the worker's parent dies; a thread that watches the parent's pid
    covers other systems and the moment before the prctl call."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch, args=(parent, os.getppid()), daemon=True, name="parent-watch").start()
    _warm()


def _watch(parent: int, ppid: int) -> None:
    """Exit as soon as the ingest (`parent`) or this worker's own parent (the fork server) is gone."""
    while True:
        if os.getppid() != ppid or not _alive(parent):
            os._exit(1)
        time.sleep(WATCH_SECONDS)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pool_context() -> multiprocessing.context.BaseContext:
    """A fork server: workers are forked from a small server process that was started afresh (not
    forked from this one), so they inherit neither the ingest lock nor the database connection; and
    the server itself ends when this process does. `python -m pipeline ingest` starts it before it
    imports the pipeline (pipeline/poolserver.py)."""
    return poolserver.context()


@contextmanager
def executor(engine: str = "process", workers: int = 1, scheduler: str | None = None) -> Iterator[Submitter | None]:
    """An executor for the map step: None (here) for one process worker, a process pool, or a Dask client
    on a LocalCluster of `workers` processes, or on the cluster at `scheduler`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "process":
        if workers <= 1:
            yield None
            return
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=_pool_context(), initializer=_worker_init, initargs=(os.getpid(),)
        ) as pool:
            # start the workers now, from a thread: each start waits for the fork server to have loaded
            # its tables, while this thread reads and cuts the first file
            starter = threading.Thread(target=_start_workers, args=(pool, workers), name="pool-start", daemon=True)
            starter.start()
            try:
                yield pool
            finally:
                starter.join()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineUnavailable(EngineUnavailable.__doc__) from exc
    if scheduler:
        with Client(scheduler) as client:
            yield _DaskSubmitter(client)
        return
    with (
        LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        Client(cluster) as client,
    ):
        yield _DaskSubmitter(client)


def _start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start the pool's processes (ProcessPoolExecutor starts one per task submitted, up to its size)."""
    for n in range(workers):
        pool.submit(_noop, n)


def _noop(_: int) -> None:
    return None


class _DaskSubmitter:
    """A Dask client whose tasks are never cached by key: each batch of documents is its own task."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return self.client.submit(fn, *args, pure=False, **kwargs)


def run(
    files: list[Path] | list[str],
    default_date: str | None = None,
    workers: int = 1,
    engine: str = "process",
    scheduler: str | None = None,
    on_part: Callable[[FileResult], None] | None = None,
) -> Iterator[FileResult]:
    """The map step over `files` on the chosen engine; the executor lives as long as the iteration.
    Nothing to read starts nothing; one small file is read here (a pool would cost more than it saves),
    and so is one of middle size unless the fork server is already up (started early by `python -m
    pipeline ingest`): then its workers map it in a batch each. `on_part`: see `map_files`."""
    if not files:
        return
    if engine == "process" and len(files) == 1:
        only = Path(files[0])
        if not (_splittable(only) or (poolserver.started() and _splittable(only, SPREAD_BYTES))):
            workers = 1
    spread = workers if engine == "process" else 1
    with executor(engine, workers, scheduler) as ex:
        window = TASKS_PER_WORKER * _slots(ex, workers)
        yield from map_files(files, default_date, ex, window=window, on_part=on_part, spread=spread)


def _slots(ex: Submitter | None, workers: int) -> int:
    """How many tasks run at once: the pool's workers, or the threads of the Dask cluster."""
    if isinstance(ex, _DaskSubmitter):
        return max(1, sum(ex.client.nthreads().values()))
    return max(1, workers)
