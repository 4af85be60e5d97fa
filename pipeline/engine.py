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

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
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


def merge(result: FileResult, part: FileResult) -> FileResult:
    """Append a later part of the same file to `result`, as `process_file` would have built it."""
    result.articles += part.articles
    result.mentions += part.mentions
    result.aggregates += part.aggregates
    result.warnings += part.warnings
    return result


def _part(header: FileResult, results: list[DocumentResult]) -> FileResult:
    """One batch's documents as a result of the same file, in document order."""
    part = FileResult(header.path, header.sha256, header.size)
    for item in results:
        if isinstance(item, str):
            part.warnings.append(item)
            continue
        articles, mentions, aggregates = item
        part.articles += articles
        part.mentions += mentions
        part.aggregates += aggregates
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


def _splittable(path: Path) -> bool:
    try:
        return path.suffix.lower() == ".jsonl" and path.stat().st_size > SPLIT_BYTES
    except OSError:
        return False


def _plan(files: Iterable[Path | str], default_date: str | None) -> Iterator[_Task]:
    """The tasks, file by file: large .jsonl files read here and cut into batches, other files whole."""
    for f in files:
        path = Path(f)
        if not _splittable(path):
            yield _Task(None, process_file, (str(f), None, default_date))
            continue
        try:
            sha, size = file_digest(path)
        except OSError as exc:
            yield _Task(FileResult(str(f), "", 0, error=f"cannot read: {exc.strerror or exc}"), None)
            continue
        header = FileResult(str(f), sha, size)
        try:
            docs, header.warnings = read_file(path, None)
        except ReadError as exc:
            header.error = str(exc) or exc.__doc__
            yield _Task(header, None)
            continue
        parts = deque(batches(docs, BATCH_CHARS, BATCH_DOCS))
        if not parts:
            yield _Task(header, None)
        while parts:
            yield _Task(header, map_documents, (parts.popleft(), default_date), last=not parts)


def stream(
    files: Iterable[Path | str], default_date: str | None, executor: Submitter, window: int = 6
) -> Iterator[tuple[FileResult, Iterator[FileResult]]]:
    """Each file, in file order, as (header, parts): the header holds the file's digest and reading
    warnings (or its error, or, for a file mapped whole, everything), the parts its documents' results
    batch by batch, each to be merged into the header. At most `window` tasks are out at once, so a
    consumer that writes parts as they come holds one batch, not one file. A file's parts must be
    consumed before the next file is asked for."""
    plan = _plan(files, default_date)
    queue: deque[tuple[_Task, Any]] = deque()

    def fill() -> None:
        while len(queue) <= window and (task := next(plan, None)) is not None:
            queue.append((task, executor.submit(task.fn, *task.args) if task.fn else None))

    def oldest() -> tuple[_Task, Any]:
        fill()
        task, future = queue.popleft()
        value = future.result() if future is not None else None
        fill()  # keep the workers busy while the caller handles this result
        return task, value

    fill()
    while queue:
        task, value = oldest()
        if task.header is None:
            yield value, iter(())
            continue
        header = task.header
        if task.fn is None:
            yield header, iter(())
            continue

        def parts(task: _Task = task, value: Any = value, header: FileResult = header) -> Iterator[FileResult]:
            while True:
                yield _part(header, value)
                if task.last:
                    return
                task, value = oldest()

        rest = parts()
        yield header, rest
        if next(rest, None) is not None:
            raise RuntimeError("a file's parts must be consumed before the next file is asked for")


def map_files(
    files: Iterable[Path | str], default_date: str | None, executor: Submitter | None, window: int = 6
) -> Iterator[FileResult]:
    """Each file's whole `FileResult`, in file order, mapping on `executor` (None: here, one file at a
    time, exactly `process_file`). The parent holds one file's result, which its one transaction needs."""
    if executor is None:
        for f in files:
            yield process_file(str(f), None, default_date)
        return
    for header, parts in stream(files, default_date, executor, window):
        for part in parts:
            merge(header, part)
        yield header


WARM_UP = "恒瑞新材料产业园项目总投资10亿元，由济宁恒瑞科技有限公司建设，已于3月开工。"


def _warm() -> None:
    """Build the lazily loaded tables (fold table, gazetteer, jieba's dictionary) here, once, before
    the workers fork from this process: each would otherwise spend a second loading its own."""
    process_document(Document(source="warm-up", text=WARM_UP, kind="record"))


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
