"""The per-file map step: one input file in, its articles, mentions and aggregates out.

`process_file` is a pure function of one file (and the `--date` default), so it runs the same in
this process, in a process pool, or on a distributed engine.

A file is read once: its type is checked before anything is opened (a FIFO or `/dev/zero` would never
end), at most `MAX_BYTES` are read, and the digest stored with the file is the digest of exactly the
bytes that were parsed, so a file that changes while it is read is read again next time.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date as Date
from functools import cache
from pathlib import Path

from .dates import implausible_record_date, issue_date, plausible_range, resolve_date
from .extract import find_mentions
from .model import Aggregate, Article, Document, Mention
from .readers import IS_DIRECTORY, MAX_BYTES, NOT_REGULAR, ReadError, cannot_read, read_file, too_large
from .split import split_document

# The version of what the map step makes of a file. A stored file read by another version is read
# again. `extractor_version()` adds a digest of the map step's own code, so a change to reading,
# splitting, dating or extraction re-extracts by itself; bump this number when what the map step
# gives changes without its code changing (a data file it reads outside pipeline/, a dependency).
EXTRACTOR_VERSION = "2"
# Modules that are not part of the map step: a change to them does not change what a file gives.
NOT_MAP_STEP = frozenset(
    {
        "__init__",
        "__main__",
        "cli",
        "corrections",
        "engine",
        "export",
        "forkserver_warm",
        "poolserver",
        "resolve",
        "settings",
        "store",
    }
)


@cache
def extractor_version() -> str:
    """`EXTRACTOR_VERSION` and a digest of the map step's source files (every pipeline module but
    those in `NOT_MAP_STEP`: a new module counts until it is listed there)."""
    h = hashlib.sha256()
    for module in sorted(Path(__file__).resolve().parent.glob("*.py")):
        if module.stem not in NOT_MAP_STEP:
            h.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return f"{EXTRACTOR_VERSION}-{h.hexdigest()[:12]}"


@dataclass
class FileResult:
    path: str  # the file's key: its resolved absolute path (as display_path shows it)
    sha256: str
    size: int
    articles: list[Article] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the reason the whole file was rejected
    documents: int = 0  # documents read from the file
    failed: int = 0  # documents whose extraction failed
    # article ids given so far and how often each source was seen: repeats get ids of their own
    ids: set[str] = field(default_factory=set, compare=False, repr=False)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: a name that is not valid UTF-8 (kept by Python
    as surrogate escapes) shows its stray bytes as `\\xff`.

    >>> display_path(os.fsdecode(b"/a/\\xff.txt"))
    '/a/\\\\xff.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def file_key(path: str | os.PathLike[str]) -> str:
    """What a file is stored under: its resolved absolute path, so `a.txt`, `./a.txt`, `/x/a.txt` and
    a symlink to it are one file."""
    return display_path(os.path.realpath(path))


class NotRegular(ReadError):
    """not a regular file"""


def _open_regular(path: str | os.PathLike[str]) -> int:
    """An fd for a regular file of at most MAX_BYTES, checked before opening (opening a FIFO blocks)
    and again on the fd (the name may have been swapped in between)."""
    try:
        info = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    except FileNotFoundError:
        raise ReadError("文件不存在") from None
    except OSError as exc:
        raise ReadError(cannot_read(exc)) from None
    _check_type(info)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise ReadError(cannot_read(exc)) from None
    try:
        _check_type(os.fstat(fd))
    except ReadError:
        os.close(fd)
        raise
    return fd


def _check_type(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise NotRegular(IS_DIRECTORY)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular(NOT_REGULAR)
    if info.st_size > MAX_BYTES:
        raise ReadError(too_large(info.st_size, MAX_BYTES))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, at most MAX_BYTES (a file that grows past it while read is refused)."""
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(cannot_read(exc)) from None
    if len(data) > MAX_BYTES:
        raise ReadError(too_large(None, MAX_BYTES))
    return data


def file_digest(path: str | os.PathLike[str]) -> tuple[str, int]:
    """The sha256 and size of a regular file, read in chunks (no more than MAX_BYTES); raises ReadError."""
    h = hashlib.sha256()
    size = 0
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise ReadError(too_large(None, MAX_BYTES))
    except OSError as exc:
        raise ReadError(cannot_read(exc)) from None
    return h.hexdigest(), size


def article_id(source: str, position: int) -> str:
    return hashlib.sha1(f"{source}\0{position}".encode()).hexdigest()[:16]


def repeat_id(article_id_: str, n: int) -> str:
    """The id of the n-th repeat (n ≥ 1) of an article id: a record id given twice in one file, or an
    id another file already holds. Derived from the id, so it is the same on every run."""
    return hashlib.sha1(f"{article_id_}\0repeat {n}".encode()).hexdigest()[:16]


def articles_of(doc: Document, default_date: str | None = None) -> list[Article]:
    """Split a document into articles and date each one."""
    parts = split_document(doc)
    issue = issue_date(doc.text) if doc.kind == "issue" and len(parts) > 1 else None
    out = []
    for position, part in enumerate(parts):
        date, origin = resolve_date(
            part.text,
            record_date=doc.date,
            header=part.header,
            issue_date=issue,
            url=doc.url,
            filename=Path(doc.path).name if doc.path else None,
            default=default_date,
        )
        out.append(
            Article(
                article_id=article_id(doc.source, position),
                source=doc.source,
                text=part.text,
                title=part.title,
                date=date,
                date_origin=origin,
                url=doc.url,
                position=position,
            )
        )
    return out


def process_document(
    doc: Document, default_date: str | None = None
) -> tuple[list[Article], list[Mention], list[Aggregate]]:
    articles = articles_of(doc, default_date)
    mentions: list[Mention] = []
    aggregates: list[Aggregate] = []
    for article in articles:
        found, aggs = find_mentions(article)
        mentions += found
        aggregates += aggs
    return articles, mentions, aggregates


def adopt(result: FileResult, articles: list[Article], mentions: list[Mention], aggregates: list[Aggregate]) -> None:
    """Append one document's articles to its file's result, giving an article whose id the file has
    already given (a record id or url repeated in a JSON Lines file, `1` and `"1"`) an id of its own:
    both records are kept, and the repeat is reported."""
    renamed: dict[str, str] = {}
    for article in articles:
        aid, n = article.article_id, 0
        while aid in result.ids:
            n += 1
            aid = repeat_id(article.article_id, n)
        if n:
            renamed[article.article_id] = aid
            if article.position == 0:
                result.warnings.append(f"{article.source}: 记录编号在本文件中重复（第 {n + 1} 次），另存为一篇文章")
            article = replace(article, article_id=aid)
        result.ids.add(aid)
        result.articles.append(article)
    if renamed:
        mentions = [replace(m, article_id=renamed.get(m.article_id, m.article_id)) for m in mentions]
        aggregates = [replace(g, article_id=renamed.get(g.article_id, g.article_id)) for g in aggregates]
    result.mentions += mentions
    result.aggregates += aggregates


def reading_warnings(docs: Iterable[Document], today: Date | None = None) -> list[str]:
    """Record dates that are no plausible publication date (before 1949, after the ingest day): the
    article is dated from its other sources, and the user is told."""
    low, high = plausible_range(today)
    return [
        f"{doc.source}: 记录日期 {doc.date!r} 不在 {low} 至 {high} 之间，已忽略"
        for doc in docs
        if implausible_record_date(doc.date, today)
    ]


def finish(result: FileResult) -> FileResult:
    """A file none of whose documents could be extracted is rejected, not marked read: it comes back
    on the next run instead of being skipped as unchanged for ever."""
    if result.error is None and result.documents and result.failed == result.documents:
        result.error = f"没有一篇能处理（{result.failed} 篇抽取失败）"
    return result


def read_documents(path: str | os.PathLike[str], source: str | None = None) -> tuple[FileResult, list[Document]]:
    """Read a file once: its result header (key, digest of the bytes read, warnings or error) and its
    documents. Never raises: any reader's failure, even a bug, becomes the file's error."""
    key = file_key(path)
    try:
        data = read_bytes(path)
    except ReadError as exc:
        return FileResult(key, "", 0, error=str(exc) or exc.__doc__), []
    result = FileResult(key, hashlib.sha256(data).hexdigest(), len(data))
    try:
        docs, result.warnings = read_file(Path(path), source or display_path(path), data=data)
    except ReadError as exc:
        result.error = str(exc) or exc.__doc__
        return result, []
    except Exception as exc:  # noqa: BLE001 — a reader's bug (a missing module) must not stop the batch
        result.error = f"读取出错（{type(exc).__name__}：{exc}）"
        return result, []
    del data
    result.documents = len(docs)
    result.warnings += reading_warnings(docs)
    return result, docs


def extraction_failed(source: str, exc: Exception) -> str:
    """The warning for a document whose extraction raised (a bug: the batch goes on without it)."""
    return f"{source}: 抽取出错（{type(exc).__name__}：{exc}），此篇未计入"


def process_file(path: str, source: str | None = None, default_date: str | None = None) -> FileResult:
    """Read, split, date and extract one file. Never raises for a bad file: the reason is returned."""
    result, docs = read_documents(path, source)
    for doc in docs:
        try:
            a, m, g = process_document(doc, default_date)
        except Exception as exc:  # a bug on one document must not lose the batch; it is reported
            result.warnings.append(extraction_failed(doc.source, exc))
            result.failed += 1
            continue
        adopt(result, a, m, g)
    return finish(result)
