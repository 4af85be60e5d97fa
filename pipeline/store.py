"""The one module that writes to the database.

sqlite-utils for the schema (created by numbered migrations) and for reading; rows for one input
file are written with plain executemany inside one transaction, so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from .ingest import FileResult, extractor_version, repeat_id
from .model import Aggregate, Article, Mention

if TYPE_CHECKING:
    from .resolve import Resolution

# the column order of Resolution.timeline and .figures rows
TIMELINE_COLUMNS = ("project_id", "date", "stage", "is_plan", "mention_id", "article_id")
FIGURE_COLUMNS = ("project_id", "field", "value", "currency", "date", "mention_id", "article_id")

# The stated figure a project record's value comes from, for each project and figure field, as the
# resolution step picks the value (resolve._latest): the investment's own mention; else a figure of the
# record's value; for the whole project rather than a phase; the latest; the greatest mention id. A
# value set by hand (corrections_status) that no article states keeps the figure it replaced: then
# every figure of that field is a candidate. Its qualifier (`约`, `超`) and whether it is a forecast
# (`预计年产值`: output and jobs by the evidence's is_plan; an investment is a planned sum by nature) go
# with it. Filled in by record_figure_sql.
RECORD_FIGURE_SQL = """
    select project_id, field, qualifier, forecast, mention_id, stated from (
      select f.project_id, f.field, e.qualifier, f.mention_id, e.text as stated,
             (f.field != 'investment_yuan' and coalesce(e.is_plan, 0) = 1) as forecast,
             row_number() over (
               partition by f.project_id, f.field
               order by (f.field = 'investment_yuan' and f.mention_id = p.investment_mention_id) desc,
                        (f.value = p.value) desc,
                        (m.phase is null or m.phase = '') desc,
                        coalesce(f.date, '') desc,
                        f.mention_id desc
             ) as pick
      from figures f
      join (select project_id, investment_mention_id, 'investment_yuan' as field, investment_yuan as value
              from projects
            union all select project_id, null, 'output_yuan', output_yuan from projects
            union all select project_id, null, 'jobs', jobs from projects) p
        on p.project_id = f.project_id and p.field = f.field
      left join evidence e on e.mention_id = f.mention_id and e.field = case f.field
           when 'investment_yuan' then 'investment' when 'output_yuan' then 'output' else f.field end
      left join mentions m on m.mention_id = f.mention_id
      where (f.value = p.value {corrected}) {where}
    ) where pick = 1
"""
CORRECTED_FIGURES = (
    "or exists (select 1 from corrections_status c where c.project_id = f.project_id and c.field = f.field)"
)


def record_figure_sql(where: str = "", corrections: bool = True) -> str:
    """RECORD_FIGURE_SQL for the projects `where` narrows to (`and f.project_id in (…)`, or all); without
    `corrections` for a database built before corrections were kept (no corrections_status table)."""
    return RECORD_FIGURE_SQL.format(where=where, corrected=CORRECTED_FIGURES if corrections else "")


class DatabaseBusy(Exception):
    """another ingest is writing to this database; try again when it has finished"""


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["files"].create(
        {
            "path": str,
            "sha256": str,
            "size": int,
            "ingested_at": str,
            "n_articles": int,
            "n_mentions": int,
            "warnings": str,
        },
        pk="path",
    )
    db["articles"].create(
        {
            "article_id": str,
            "source": str,
            "file_path": str,
            "position": int,
            "title": str,
            "date": str,
            "year": int,
            "date_origin": str,
            "url": str,
            "text": str,
        },
        pk="article_id",
    )
    db["articles"].create_index(["file_path"])
    db["articles"].create_index(["year"])
    db["mentions"].create(
        {
            "mention_id": str,
            "article_id": str,
            "name": str,
            "company": str,
            "park": str,
            "investment_yuan": int,
            "investment_currency": str,
            "investment_text": str,
            "investment_qualifier": str,
            "output_yuan": int,
            "output_text": str,
            "jobs": int,
            "jobs_text": str,
            "status": str,
            "is_plan": int,
            "phase": str,
            "sentence": str,
            "start": int,
            "end": int,
            "name_start": int,
            "name_end": int,
            "aliases": str,
            "project_id": str,
        },
        pk="mention_id",
    )
    db["mentions"].create_index(["article_id"])
    db["mentions"].create_index(["project_id"])
    db["evidence"].create(
        {
            "mention_id": str,
            "field": str,
            "text": str,
            "start": int,
            "end": int,
            "value": str,
            "cue": str,
            "qualifier": str,
            "is_plan": int,
            "sentence_start": int,
            "sentence_end": int,
        }
    )
    db["evidence"].create_index(["mention_id"])
    db["aggregates"].create(
        {
            "aggregate_id": str,
            "article_id": str,
            "scope": str,
            "projects": int,
            "investment_yuan": int,
            "investment_currency": str,
            "output_yuan": int,
            "label": str,
            "sentence": str,
            "start": int,
            "end": int,
        },
        pk="aggregate_id",
    )
    db["aggregates"].create_index(["article_id"])
    db["projects"].create(
        {
            "project_id": str,
            "name": str,
            "aliases": str,
            "company": str,
            "park": str,
            "investment_yuan": int,
            "investment_currency": str,
            "output_yuan": int,
            "jobs": int,
            "status": str,
            "first_seen": str,
            "last_seen": str,
            "n_mentions": int,
            "n_articles": int,
            "n_sources": int,
        },
        pk="project_id",
    )
    db["rejections"].create({"path": str, "reason": str, "at": str}, pk="path")
    db["meta"].create({"key": str, "value": str}, pk="key")


def _m002_project_record(db: sqlite_utils.Database) -> None:
    """The project record of the resolution step: timeline, every stated figure, flags for sums."""
    for column, kind in (
        ("status_inferred", str),
        ("year", int),
        ("phases", str),
        ("health", float),
        ("in_totals", int),
        ("exclude_reason", str),
        ("investment_mention_id", str),
        ("n_events", int),
    ):
        db["projects"].add_column(column, kind)
    db["projects"].create_index(["park"])
    db["projects"].create_index(["year"])
    db["timeline"].create(
        {"project_id": str, "date": str, "stage": str, "is_plan": int, "mention_id": str, "article_id": str}
    )
    db["timeline"].create_index(["project_id"])
    db["figures"].create(
        {
            "project_id": str,
            "field": str,
            "value": int,
            "currency": str,
            "date": str,
            "mention_id": str,
            "article_id": str,
            "text": str,
        }
    )
    db["figures"].create_index(["project_id"])
    db["articles"].add_column("n_mentions", int)


def _m003_park_origin(db: sqlite_utils.Database) -> None:
    """Where a mention's park came from (its name, its sentence, the article): resolution trusts the
    first two as a place, not the third."""
    db["mentions"].add_column("park_origin", str)


def _m004_rejection_items(db: sqlite_utils.Database) -> None:
    """A rejection names a whole file (`item` empty) or a part of one (`line 7`, a record): a broken
    JSON line is reported like a broken file, while the rest of its file is kept."""
    db["rejections"].add_column("item", str, not_null_default="")
    db["rejections"].transform(pk=("path", "item"))


def _m005_search_text(db: sqlite_utils.Database) -> None:
    """Each project's searchable text (name, aliases, company, park, every name its mentions use; folded
    and lower-cased), so the dashboard's search needs no index built at load."""
    db["projects"].add_column("search_text", str)


def _m006_resolution_state(db: sqlite_utils.Database) -> None:
    """What the last resolution knew of each mention (its blocks, its cluster before corrections, its
    component of matches) and the pairs it refused to join, so that the next run resolves only new
    mentions and the projects they join."""
    for column in ("blocks", "cluster_id", "component"):
        db["mentions"].add_column(column, str)
    db["refused"].create({"a": str, "b": str})


def _m007_last_event(db: sqlite_utils.Database) -> None:
    """The date of a project's last event (not plan): the stall marker is reckoned from it."""
    db["projects"].add_column("last_event", str)
    db.conn.execute("delete from meta where key in ('resolved_inputs', 'resolved_files')")  # resolve all again


def _m008_location(db: sqlite_utils.Database) -> None:
    """Where a mention and a project are: province, city, county (names) and the most specific
    administrative code, so views filter by place and resolution never joins two places."""
    for table in ("mentions", "projects"):
        for column in ("province", "city", "county", "adcode"):
            db[table].add_column(column, str)
    db.conn.execute("delete from meta where key in ('resolved_inputs', 'resolved_files')")  # resolve all again


def _m009_corrections(db: sqlite_utils.Database) -> None:
    """Where a project id went (merged into another, or a new first-seen mention changed it), so old links
    keep working; and what became of each user correction, so one that no longer applies is shown."""
    db["project_redirects"].create({"old_id": str, "new_id": str, "reason": str, "at": str}, pk="old_id")
    db["corrections_status"].create(
        {
            "line": int,
            "op": str,
            "target": str,
            "project_id": str,
            "state": str,
            "reason": str,
            "field": str,
            "value": str,
            "old_value": str,
            "by": str,
            "at": str,
        }
    )


def _m010_extractor(db: sqlite_utils.Database) -> None:
    """The version of the map step that read each file (ingest.extractor_version): a file read by
    another version is read again, so an upgrade never serves the old code's mentions. Files stored
    before have none, and are all read again once."""
    db["files"].add_column("extractor", str)


def _m011_part_of(db: sqlite_utils.Database) -> None:
    """A part stated inside a whole (`其中…`): the whole's name on the mention, the whole's project id on
    the project, so the part is shown on both pages and summed once."""
    db["mentions"].add_column("part_of", str)
    db["projects"].add_column("part_of", str)


def _m012_stall_reason(db: sqlite_utils.Database) -> None:
    """Why a project is, or is not, inferred stalled (the archive's coverage of its place), for its page."""
    if "stall_reason" not in db["projects"].columns_dict:
        db["projects"].add_column("stall_reason", str)
    db.conn.execute("delete from meta where key in ('resolved_inputs', 'resolved_files')")  # resolve all again


def _m013_record_figures(db: sqlite_utils.Database) -> None:
    """For each project and figure field, the stated figure its record's value comes from, kept with the
    projects (see RECORD_FIGURE_SQL): the dashboard read it by joining every figure on each first view,
    seconds on a large archive. Filled here for a database built before."""
    db["record_figures"].create(
        {"project_id": str, "field": str, "qualifier": str, "forecast": int, "mention_id": str, "stated": str},
        pk=("project_id", "field"),
    )
    if "projects" in db.table_names():
        db.conn.execute(f"insert into record_figures {record_figure_sql()}")


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_project_record", _m002_project_record),
    ("003_park_origin", _m003_park_origin),
    ("004_rejection_items", _m004_rejection_items),
    ("005_search_text", _m005_search_text),
    ("006_resolution_state", _m006_resolution_state),
    ("007_last_event", _m007_last_event),
    ("008_location", _m008_location),
    ("009_corrections", _m009_corrections),
    ("010_extractor", _m010_extractor),
    ("011_part_of", _m011_part_of),
    ("012_stall_reason", _m012_stall_reason),
    ("013_record_figures", _m013_record_figures),
]


_savepoints = itertools.count()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction (or, inside one, a savepoint): all of the block is written, or none of it.
    `BEGIN IMMEDIATE` takes the write lock at once, so readers in WAL mode keep seeing the last
    committed state until the block commits."""
    if conn.in_transaction:
        name = f"sp{next(_savepoints)}"
        conn.execute(f"savepoint {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"rollback to {name}")
            conn.execute(f"release {name}")
            raise
        conn.execute(f"release {name}")
        return
    conn.execute("begin immediate")
    try:
        yield
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")


def clear(db: sqlite_utils.Database, tables: Iterable[str]) -> None:
    """Empty derived tables (for `--rebuild`); corrections live in their own file and are not touched."""
    with transaction(db.conn):
        for table in tables:
            db.conn.execute(f"delete from [{table}]")


def connect(path: Path | str, *, write: bool = True) -> sqlite_utils.Database:
    """Open the database (WAL, a busy timeout) and bring its schema up to date."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)  # transactions are ours: see transaction()
    db = sqlite_utils.Database(conn)
    if write:
        db.enable_wal()
        migrate(db)
    return db


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not had yet; return their names."""
    if "_migrations" not in db.table_names():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    done = {r["name"] for r in db["_migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with transaction(db.conn):
            step(db)
            db["_migrations"].insert({"name": name, "applied_at": _now()})
        applied.append(name)
    return applied


ARTICLE_COLUMNS = (
    "article_id",
    "source",
    "file_path",
    "position",
    "title",
    "date",
    "year",
    "date_origin",
    "url",
    "text",
)
MENTION_COLUMNS = (
    "mention_id",
    "article_id",
    "name",
    "company",
    "park",
    "investment_yuan",
    "investment_currency",
    "investment_text",
    "investment_qualifier",
    "output_yuan",
    "output_text",
    "jobs",
    "jobs_text",
    "status",
    "is_plan",
    "phase",
    "sentence",
    "start",
    '"end"',
    "name_start",
    "name_end",
    "aliases",
    "project_id",
    "park_origin",
    "province",
    "city",
    "county",
    "adcode",
    "part_of",
)
EVIDENCE_COLUMNS = (
    "mention_id",
    "field",
    "text",
    "start",
    '"end"',
    "value",
    "cue",
    "qualifier",
    "is_plan",
    "sentence_start",
    "sentence_end",
)
AGGREGATE_COLUMNS = (
    "aggregate_id",
    "article_id",
    "scope",
    "projects",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "label",
    "sentence",
    "start",
    '"end"',
)
FILE_COLUMNS = ("path", "sha256", "size", "ingested_at", "n_articles", "n_mentions", "warnings", "extractor")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def known_digests(db: sqlite_utils.Database) -> dict[str, str]:
    return {r["path"]: r["sha256"] for r in db.query("select path, sha256 from files")}


def known_files(db: sqlite_utils.Database) -> dict[str, tuple[str, str | None]]:
    """Each stored file's (sha256, extractor version), by its key."""
    return {path: (sha, version) for path, sha, version in db.conn.execute("select path, sha256, extractor from files")}


def rename_file(db: sqlite_utils.Database, old: str, new: str, source: str | None = None) -> None:
    """A stored file is now at `new` (moved, or stored under another spelling of its path): its rows
    follow it, in one transaction, and nothing is read again. `source`: the new source name of its
    articles, for a file named by its path (not a JSON Lines file, whose records name themselves)."""
    conn = db.conn
    with transaction(conn):
        _delete_file(conn, new)
        conn.execute("delete from files where path = ?", (new,))
        conn.execute("delete from rejections where path = ?", (new,))
        conn.execute("update files set path = ? where path = ?", (new, old))
        conn.execute("update rejections set path = ? where path = ?", (new, old))
        if source is None:
            conn.execute("update articles set file_path = ? where file_path = ?", (new, old))
        else:
            conn.execute("update articles set file_path = ?, source = ? where file_path = ?", (new, source, old))


def drop_files(db: sqlite_utils.Database, paths: Iterable[str]) -> int:
    """Forget files that are gone (their rows and rejections), in one transaction; return how many."""
    conn = db.conn
    n = 0
    with transaction(conn):
        for path in paths:
            _delete_file(conn, path)
            n += conn.execute("delete from files where path = ?", (path,)).rowcount
            conn.execute("delete from rejections where path = ?", (path,))
    return n


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _article_row(a: Article, path: str) -> tuple:
    return (a.article_id, a.source, path, a.position, a.title, a.date, _year(a.date), a.date_origin, a.url, a.text)


MAX_PARAMS = 10_000  # parameters bound to one statement: well under SQLite's limit (32,766 in most builds)


def chunks(values: Sequence[str], size: int = MAX_PARAMS) -> Iterator[Sequence[str]]:
    """`values` in runs of at most `size`, to bind in one `… in (?, ?, …)` each."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _mention_rows(mentions: Iterable[Mention]) -> tuple[list[tuple], list[tuple]]:
    rows, evidence = [], []
    counter: dict[str, int] = {}
    for m in mentions:
        n = counter.get(m.article_id, 0)
        counter[m.article_id] = n + 1
        mid = f"{m.article_id}:{n}"
        rows.append(
            (
                mid,
                m.article_id,
                m.name,
                m.company,
                m.park,
                m.investment_yuan,
                m.investment_currency,
                m.investment_text,
                m.investment_qualifier,
                m.output_yuan,
                m.output_text,
                m.jobs,
                m.jobs_text,
                m.status,
                int(m.is_plan),
                m.phase,
                m.sentence,
                m.start,
                m.end,
                m.name_start,
                m.name_end,
                json.dumps(m.aliases, ensure_ascii=False),
                m.project_id,
                m.park_origin,
                m.province,
                m.city,
                m.county,
                m.adcode,
                m.part_of,
            )
        )
        for e in m.evidence:
            evidence.append(
                (
                    mid,
                    e.get("field"),
                    e.get("text"),
                    e.get("start"),
                    e.get("end"),
                    None if e.get("value") is None else str(e.get("value")),
                    e.get("cue"),
                    e.get("qualifier"),
                    int(bool(e.get("is_plan"))),
                    e.get("sentence_start"),
                    e.get("sentence_end"),
                )
            )
    return rows, evidence


def _aggregate_rows(aggs: Iterable[Aggregate]) -> list[tuple]:
    rows = []
    counter: dict[str, int] = {}
    for g in aggs:
        n = counter.get(g.article_id, 0)
        counter[g.article_id] = n + 1
        rows.append(
            (
                f"{g.article_id}:a{n}",
                g.article_id,
                g.scope,
                g.projects,
                g.investment_yuan,
                g.investment_currency,
                g.output_yuan,
                g.label,
                g.sentence,
                g.start,
                g.end,
            )
        )
    return rows


REVIEW_DIRTY = "review_dirty"  # meta: projects whose review records may have changed since the last publish


def mark_for_review(conn: sqlite3.Connection, project_ids: Iterable[str | None]) -> None:
    """Add projects to those the next `review.publish` reckons again (their members, figures or record
    changed); the rest of the queue's summary stands. Written in the caller's transaction, so the mark
    and the change it records are kept or lost together."""
    ids = {p for p in project_ids if p}
    if not ids:
        return
    row = conn.execute("select value from meta where key = ?", (REVIEW_DIRTY,)).fetchone()
    try:
        ids |= set(json.loads(row[0])) if row else set()
    except (json.JSONDecodeError, TypeError):
        pass  # unreadable: the ids marked now are kept; publish rebuilds all when the summary does not match
    conn.execute("insert or replace into meta (key, value) values (?, ?)", (REVIEW_DIRTY, json.dumps(sorted(ids))))


def _delete_file(conn: sqlite3.Connection, path: str) -> None:
    ids = "select article_id from articles where file_path = ?"
    # the projects that lose these mentions: their review records change even if their row does not
    mark_for_review(
        conn,
        (r[0] for r in conn.execute(f"select distinct project_id from mentions where article_id in ({ids})", (path,))),
    )
    conn.execute(
        f"delete from evidence where mention_id in (select mention_id from mentions where article_id in ({ids}))",
        (path,),
    )
    conn.execute(f"delete from mentions where article_id in ({ids})", (path,))
    conn.execute(f"delete from aggregates where article_id in ({ids})", (path,))
    conn.execute("delete from articles where file_path = ?", (path,))


def save_file(db: sqlite_utils.Database, result: FileResult) -> None:
    """Replace everything stored from this file with `result`, in one transaction."""
    conn = db.conn
    with transaction(conn):
        _delete_file(conn, result.path)
        if result.error:
            conn.execute(
                "insert or replace into rejections (path, reason, at) values (?, ?, ?)",
                (result.path, result.error, _now()),
            )
            conn.execute("delete from files where path = ?", (result.path,))
            return
        conn.execute("delete from rejections where path = ?", (result.path,))
        _insert_warnings(conn, result)
        _distinct_from_other_files(conn, result)
        _insert_rows(conn, result)
        _insert_file(conn, result)


def _insert_warnings(conn: sqlite3.Connection, result: FileResult) -> None:
    conn.executemany(
        "insert or replace into rejections (path, item, reason, at) values (?, ?, ?, ?)",
        [(result.path, *_warning_item(w), _now()) for w in result.warnings],
    )


def _insert_rows(conn: sqlite3.Connection, result: FileResult) -> None:
    """The articles, mentions, evidence and aggregates of a file's result (or of one batch of it)."""
    conn.executemany(
        f"insert into articles ({','.join(ARTICLE_COLUMNS)}) values ({','.join('?' * 10)})",
        [_article_row(a, result.path) for a in result.articles],
    )
    rows, evidence = _mention_rows(result.mentions)
    conn.executemany(
        f"insert into mentions ({','.join(MENTION_COLUMNS)}) values ({','.join('?' * len(MENTION_COLUMNS))})", rows
    )
    conn.executemany(f"insert into evidence ({','.join(EVIDENCE_COLUMNS)}) values ({','.join('?' * 11)})", evidence)
    conn.executemany(
        f"insert into aggregates ({','.join(AGGREGATE_COLUMNS)}) values ({','.join('?' * 11)})",
        _aggregate_rows(result.aggregates),
    )


def _insert_file(conn: sqlite3.Connection, result: FileResult) -> None:
    conn.execute(
        f"insert or replace into files ({','.join(FILE_COLUMNS)}) values ({','.join('?' * len(FILE_COLUMNS))})",
        (
            result.path,
            result.sha256,
            result.size,
            _now(),
            len(result.articles),
            len(result.mentions),
            json.dumps(result.warnings, ensure_ascii=False),
            extractor_version(),
        ),
    )


class FileWriter:
    """Writes a large file's batches as the map step gives them back, inside one transaction (a savepoint
    within a rebuild's) that `save` commits with the file's summary: the parent then writes while the
    workers map, and the file's last batch is all that is left to write when the map ends. What is
    stored is what `save_file` stores. A batch whose article ids another file holds (`save_file` gives
    them ids of their own, against the whole file's) and a file rejected at its end roll the batches
    back: `save` then writes the whole result with `save_file`."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.path: str | None = None  # the file whose batches are being written (or were, until rolled back)
        self.savepoint: str | None = None  # the open savepoint, "" for an open transaction of its own
        self.parts: list[FileResult] = []  # the batches written, the objects `save` is given merged

    def part(self, part: FileResult) -> None:
        """Write one batch of a file's documents (its first one opens the file's transaction)."""
        conn = self.db.conn
        if part.path != self.path:
            self.abort()
            self.path = part.path
            if part.error:
                return  # a file rejected whole: `save` records why
            self._begin()
            _delete_file(conn, part.path)
            conn.execute("delete from rejections where path = ?", (part.path,))
        if self.savepoint is None:
            return  # rolled back: `save` writes the whole file
        if _taken(conn, [a.article_id for a in part.articles]):
            self.abort()
            return
        _insert_rows(conn, part)
        self.parts.append(part)

    def save(self, result: FileResult) -> None:
        """Store a file's whole result: commit the batches written for it, or write it with `save_file`."""
        written = (
            self.path == result.path
            and self.savepoint is not None
            and not result.error
            and sum(len(p.articles) for p in self.parts) == len(result.articles)
            and sum(len(p.mentions) for p in self.parts) == len(result.mentions)
        )
        if not written:
            self.abort()
            self.path = None
            save_file(self.db, result)
            return
        _insert_warnings(self.db.conn, result)
        _insert_file(self.db.conn, result)
        self._commit()
        self.path = None

    def abort(self) -> None:
        """Roll back the batches written (nothing of the file is then stored by this writer)."""
        conn = self.db.conn
        if self.savepoint is not None and conn.in_transaction:  # (an error may have rolled it back already)
            if self.savepoint:
                conn.execute(f"rollback to {self.savepoint}")
                conn.execute(f"release {self.savepoint}")
            else:
                conn.execute("rollback")
        self.savepoint = None
        self.parts = []

    def _begin(self) -> None:
        conn = self.db.conn
        if conn.in_transaction:
            self.savepoint = f"sp{next(_savepoints)}"
            conn.execute(f"savepoint {self.savepoint}")
        else:
            conn.execute("begin immediate")
            self.savepoint = ""

    def _commit(self) -> None:
        conn = self.db.conn
        conn.execute(f"release {self.savepoint}" if self.savepoint else "commit")
        self.savepoint = None
        self.parts = []


def _taken(conn: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    """Those of these article ids a stored article holds."""
    taken: set[str] = set()
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        sql = f"select article_id from articles where article_id in ({marks})"
        taken.update(r[0] for r in conn.execute(sql, chunk))
    return taken


def _distinct_from_other_files(conn: sqlite3.Connection, result: FileResult) -> None:
    """Give an article whose id another stored file already holds (the same record id in two JSON
    Lines files) an id of its own, so both are kept: neither file replaces the other's record. The
    id is the first free repeat of its own, so it is the same on every run over the same files."""
    ids = [a.article_id for a in result.articles]
    taken = _taken(conn, ids)
    if not taken:
        return

    def held(aid: str) -> bool:
        return (
            aid in taken or conn.execute("select 1 from articles where article_id = ?", (aid,)).fetchone() is not None
        )

    mine = set(ids)
    renamed: dict[str, str] = {}
    for article in result.articles:
        if article.article_id not in taken:
            continue
        n, aid = 0, article.article_id
        while held(aid) or (n and aid in mine):
            n += 1
            aid = repeat_id(article.article_id, n)
        mine.add(aid)
        renamed[article.article_id] = aid
        if article.position == 0:
            sql = "select file_path from articles where article_id = ?"
            other = conn.execute(sql, (article.article_id,)).fetchone()
            where = other[0] if other else "另一文件"
            result.warnings.append(f"{article.source}: 记录编号与 {where} 中的重复，另存为一篇文章")
        article.article_id = aid
    for m in result.mentions:
        m.article_id = renamed.get(m.article_id, m.article_id)
    for g in result.aggregates:
        g.article_id = renamed.get(g.article_id, g.article_id)


WARNING_PART = re.compile(r"第 \d+ [行页]|文件其余部分")  # the part of a file a reader's warning names


def _warning_item(warning: str) -> tuple[str, str]:
    """`第 7 行：不是有效的 JSON` → (`第 7 行`, `不是有效的 JSON`); a record's warning, `source: …`, names
    that record; other warnings name no part."""
    head, sep, rest = warning.partition("：")
    if sep and WARNING_PART.fullmatch(head):
        return head, rest
    head, sep, rest = warning.partition(": ")
    if sep and len(head) <= 40:
        return head, rest
    return "", warning


def reject(db: sqlite_utils.Database, path: str, reason: str) -> None:
    with transaction(db.conn):
        db.conn.execute("insert or replace into rejections (path, reason, at) values (?, ?, ?)", (path, reason, _now()))


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.conn.execute("select value from meta where key = ?", (key,)).fetchone()
    return row[0] if row else None


def files_fingerprint(db: sqlite_utils.Database) -> str:
    """A digest of every stored file's content hash: it changes whenever a file is added, changed or
    rebuilt, and only then."""
    h = hashlib.sha256()
    for path, sha, version in db.conn.execute("select path, sha256, extractor from files order by path"):
        h.update(f"{path}\0{sha}\0{version}\n".encode())
    return h.hexdigest()


def set_meta(db: sqlite_utils.Database, **values: str) -> None:
    with transaction(db.conn):
        db.conn.executemany("insert or replace into meta (key, value) values (?, ?)", list(values.items()))


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    """Insert dict rows; a column some rows lack is NULL for them (a stored project record read back has
    every column of the table, one built in this run only those resolution sets)."""
    if rows:
        cols = list(dict.fromkeys(c for r in rows for c in r))
        conn.executemany(
            f"insert into {table} ({','.join(cols)}) values ({','.join('?' * len(cols))})",
            [tuple(r.get(c) for c in cols) for r in rows],
        )


def write_projects(db: sqlite_utils.Database, res: Resolution) -> None:
    """Store a resolution in one transaction, so a reader never sees half of it: each mention's project
    and resolution state, then the projects, timelines and stated figures that changed (on a large
    database a few new articles change a few projects, and rewriting the rest would cost more than
    resolving them)."""
    conn = db.conn
    with transaction(conn):
        current = dict(conn.execute("select mention_id, project_id from mentions"))
        moved = {mid: pid for mid, pid in res.assignments.items() if current.get(mid) != pid}
        conn.executemany(
            "update mentions set project_id = ?, blocks = ?, cluster_id = ?, component = ? where mention_id = ?",
            [(res.assignments.get(mid), *state, mid) for mid, state in res.state.items()],
        )
        conn.executemany(
            "update mentions set project_id = ? where mention_id = ?",
            [(pid, mid) for mid, pid in moved.items() if mid not in res.state],
        )
        stored = {r["project_id"]: r for r in db.query("select * from projects")}
        fresh = {p["project_id"]: p for p in res.projects}
        gone = set(stored) - set(fresh)
        changed = {
            pid for pid, p in fresh.items() if pid not in stored or any(stored[pid].get(k) != v for k, v in p.items())
        }
        # a project's timeline and figures come from its mentions: they change when its mentions do
        regrouped = gone | (set(fresh) - set(stored))
        regrouped |= set(moved.values()) | {current[mid] for mid in moved if current.get(mid)}
        conn.execute("delete from corrections_status")
        _insert(conn, "corrections_status", res.corrections)
        mark_for_review(conn, changed | regrouped)  # regrouped holds the gone ones
        _delete_ids(conn, "projects", changed | gone)
        _delete_ids(conn, "timeline", regrouped)
        _delete_ids(conn, "figures", regrouped)
        _insert(conn, "projects", [p for pid, p in fresh.items() if pid in changed])
        _redirect(conn, current, res.assignments, gone, set(stored))
        for table, columns, rows in (
            ("timeline", TIMELINE_COLUMNS, res.timeline),
            ("figures", FIGURE_COLUMNS, res.figures),
        ):
            conn.executemany(
                f"insert into {table} ({','.join(columns)}) values ({','.join('?' * len(columns))})",
                (r for r in rows if r[0] in regrouped),
            )
        conn.execute(  # each figure's source sentence, from its mention
            "update figures set text = (select sentence from mentions m where m.mention_id = figures.mention_id) "
            "where text is null"
        )
        # A record's figure changes with its row or its figures. A correction that changes no row changes
        # no pick either: the figures of the record's own value still rank first among all of that field.
        _write_record_figures(conn, changed | regrouped)
        count = (
            "update articles set n_mentions = "
            "(select count(*) from mentions m where m.article_id = articles.article_id)"
        )
        conn.execute(count + (" where n_mentions is null" if res.incremental else ""))  # new articles only
        conn.execute("delete from refused")
        conn.executemany("insert into refused (a, b) values (?, ?)", res.refused)
        conn.executemany(
            "insert or replace into meta (key, value) values (?, ?)",
            [
                ("resolved_inputs", res.inputs),
                ("resolved_mentions", str(res.n_mentions)),
            ],
        )


def _write_record_figures(conn: sqlite3.Connection, ids: set[str]) -> None:
    """Reckon record_figure_sql again for these projects (ids of projects now gone only lose theirs)."""
    _delete_ids(conn, "record_figures", ids)
    if not ids:
        return
    conn.execute("create temp table if not exists _touched (project_id text primary key)")
    conn.execute("delete from _touched")
    conn.executemany("insert into _touched values (?)", ((pid,) for pid in ids))
    where = "and f.project_id in (select project_id from _touched)"
    conn.execute(f"insert into record_figures {record_figure_sql(where)}")
    conn.execute("delete from _touched")


def _redirect(
    conn: sqlite3.Connection,
    before: dict[str, str],
    after: dict[str, str],
    gone: set[str],
    stored: set[str],
) -> None:
    """Point each project id that is gone at the project now holding most of its mentions (a merge, or a
    new first-seen mention that changed the id), follow older redirects on to it, and drop redirects from
    ids that are projects again."""
    successors: dict[str, Counter[str]] = defaultdict(Counter)
    for mid, old in before.items():
        if old in gone and (new := after.get(mid)):
            successors[old][new] += 1
    rows = []
    for old, votes in successors.items():
        new = max(votes, key=lambda p: (votes[p], p))
        rows.append((old, new, "并入" if new in stored else "编号变更", _now()))
    conn.executemany("insert or replace into project_redirects (old_id, new_id, reason, at) values (?, ?, ?, ?)", rows)
    conn.executemany("update project_redirects set new_id = ? where new_id = ?", [(new, old) for old, new, *_ in rows])
    conn.execute("delete from project_redirects where old_id in (select project_id from projects)")


def _delete_ids(conn: sqlite3.Connection, table: str, ids: set[str]) -> None:
    """Delete the rows of these projects (ids bound in chunks: SQLite binds a limited number)."""
    for chunk in chunks(sorted(ids)):
        conn.execute(f"delete from {table} where project_id in ({','.join('?' * len(chunk))})", chunk)
