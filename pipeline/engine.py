"""Run the pure map step (read → articles → mentions) over many inputs: in this process, in a process
pool, or on Dask, with the same results.

Why this exists: the pool used to map per *file*, so one large JSON Lines file (a scrape of 100,000
records) ran on one core. Here a large `.jsonl` file is read once in the parent and its documents go
out in batches; every other file is one task, as before. Results come back as one `FileResult` per
input file, in the order of the files, equal to `ingest.process_file`'s (the same documents, in the
same order, the same warnings), so `store.save_file` still writes each file in one transaction.

Memory: at most `window` tasks are in flight, and a file's result is handed on as soon as its last
batch is back, so the parent holds one file's result (which one transaction needs) plus the pending
batches, never the whole run's.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .ingest import FileResult, file_digest, process_document, process_file
from .model import Aggregate, Article, Document, Mention
from .readers import ReadError, read_file

ENGINES = ("process", "dask")
SPLIT_BYTES = 1 << 20  # a .jsonl file larger than this is mapped in batches of documents; others are one task
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
            out.append(f"{doc.source}: extraction failed: {type(exc).__name__}: {exc}")
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


@dataclass
class _Slot:
    """One input file on its way through: the header of its result and the batch results so far."""

    result: FileResult | None = None  # None until a whole-file task returns it
    expected: int = 0
    parts: list[list[DocumentResult]] = field(default_factory=list)

    def add(self, value: FileResult | list[DocumentResult]) -> None:
        if isinstance(value, FileResult):
            self.result = value
        else:
            self.parts.append(value)

    def done(self) -> bool:
        return self.result is not None and len(self.parts) == self.expected

    def assemble(self) -> FileResult:
        """The file's result, documents in file order, as `process_file` builds it."""
        result = self.result
        assert result is not None
        for part in self.parts:
            for item in part:
                if isinstance(item, str):
                    result.warnings.append(item)
                    continue
                articles, mentions, aggregates = item
                result.articles += articles
                result.mentions += mentions
                result.aggregates += aggregates
        self.parts = []
        return result


def _splittable(path: Path) -> bool:
    try:
        return path.suffix.lower() == ".jsonl" and path.stat().st_size > SPLIT_BYTES
    except OSError:
        return False


def _plan(
    files: Iterable[Path | str], default_date: str | None, split: bool
) -> Iterator[tuple[_Slot, Callable[..., Any] | None, tuple]]:
    """(slot, function, arguments) for every task, file by file; a file that fails before any task
    (unreadable, no record) comes as one entry with no function."""
    for f in files:
        path = Path(f)
        if not (split and _splittable(path)):
            yield _Slot(), process_file, (str(f), None, default_date)
            continue
        try:
            sha, size = file_digest(path)
        except OSError as exc:
            yield _Slot(FileResult(str(f), "", 0, error=f"cannot read: {exc.strerror or exc}")), None, ()
            continue
        header = FileResult(str(f), sha, size)
        try:
            docs, header.warnings = read_file(path, None)
        except ReadError as exc:
            header.error = str(exc) or exc.__doc__
            yield _Slot(header), None, ()
            continue
        parts = list(batches(docs))
        slot = _Slot(header, expected=len(parts))
        while parts:
            yield slot, map_documents, (parts.pop(0), default_date)


def map_files(
    files: Iterable[Path | str], default_date: str | None, executor: Submitter | None, window: int = 6
) -> Iterator[FileResult]:
    """Each file's `FileResult`, in file order, mapping on `executor` (None: here, one file at a time,
    exactly `process_file`). At most `window` tasks are out at once."""
    if executor is None:
        for f in files:
            yield process_file(str(f), None, default_date)
        return
    queue: deque[tuple[_Slot, Future | Any | None]] = deque()

    def finish_oldest() -> Iterator[FileResult]:
        slot, future = queue.popleft()
        if future is not None:
            slot.add(future.result())
        if slot.done():
            yield slot.assemble()

    for slot, fn, args in _plan(files, default_date, split=True):
        queue.append((slot, executor.submit(fn, *args) if fn else None))
        while len(queue) > window:
            yield from finish_oldest()
    while queue:
        yield from finish_oldest()


def _warm() -> int:
    """Load the lazily built tables (fold table, gazetteer) once, before workers fork from us."""
    process_document(Document(source="warm", text="该项目总投资10亿元。", kind="record"))
    return os.getpid()


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
        _warm()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_noop, range(workers)))  # start the workers now, while this process is small
            yield pool
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
) -> Iterator[FileResult]:
    """The map step over `files` on the chosen engine; the executor lives as long as the iteration.
    Nothing to read starts nothing; one small file is read here (a pool would cost more than it saves)."""
    if not files:
        return
    if engine == "process" and len(files) == 1 and not _splittable(Path(files[0])):
        workers = 1
    with executor(engine, workers, scheduler) as ex:
        yield from map_files(files, default_date, ex, window=TASKS_PER_WORKER * _slots(ex, workers))


def _slots(ex: Submitter | None, workers: int) -> int:
    """How many tasks run at once: the pool's workers, or the threads of the Dask cluster."""
    if isinstance(ex, _DaskSubmitter):
        return max(1, sum(ex.client.nthreads().values()))
    return max(1, workers)
