"""The per-file map step: one input file in, its articles, mentions and aggregates out.

`process_file` is a pure function of one file (and the `--date` default), so it runs the same in
this process, in a process pool, or on a distributed engine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .dates import issue_date, resolve_date
from .extract import find_mentions
from .model import Aggregate, Article, Document, Mention
from .readers import ReadError, read_file
from .split import split_document


@dataclass
class FileResult:
    path: str
    sha256: str
    size: int
    articles: list[Article] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the reason the whole file was rejected


def file_digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def article_id(source: str, position: int) -> str:
    return hashlib.sha1(f"{source}\0{position}".encode()).hexdigest()[:16]


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


def process_file(path: str, source: str | None = None, default_date: str | None = None) -> FileResult:
    """Read, split, date and extract one file. Never raises for a bad file: the reason is returned."""
    p = Path(path)
    try:
        sha, size = file_digest(p)
    except OSError as exc:
        return FileResult(path, "", 0, error=f"cannot read: {exc.strerror or exc}")
    result = FileResult(path, sha, size)
    try:
        docs, result.warnings = read_file(p, source)
    except ReadError as exc:
        result.error = str(exc) or exc.__doc__
        return result
    for doc in docs:
        try:
            a, m, g = process_document(doc, default_date)
        except Exception as exc:  # a bug on one document must not lose the batch; it is reported
            result.warnings.append(f"{doc.source}: extraction failed: {type(exc).__name__}: {exc}")
            continue
        result.articles += a
        result.mentions += m
        result.aggregates += g
    return result
