"""python -m pipeline ingest|export — a thin command line around the pipeline's stages."""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from . import corrections, resolve, store
from . import engine as map_engine
from . import export as export_mod
from .ingest import FileResult, file_digest
from .readers import SUPPORTED
from .settings import default_db

DERIVED_TABLES = (
    "evidence",
    "mentions",
    "aggregates",
    "articles",
    "files",
    "rejections",
    "projects",
    "timeline",
    "refused",
    "figures",
)


class IngestLocked(Exception):
    """another ingest is already writing to this database"""


def collect(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read under the given paths (directories recursively), and paths that are missing."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(
                f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.parts)
            )
        elif p.exists():
            files.append(p)
        else:
            missing.append((raw, "no such file or directory"))
    seen = set()
    unique = []
    for f in files:
        if str(f) not in seen:
            seen.add(str(f))
            unique.append(f)
    return unique, missing


@contextmanager
def ingest_lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.with_name(db_path.name + ".lock")
    fh = lock_path.open("w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestLocked(f"another ingest is already writing to {db_path}; wait for it to finish") from exc
        yield
    finally:
        fh.close()


def _map(
    files: list[Path], default_date: str | None, workers: int, engine: str = "process", scheduler: str | None = None
) -> Iterator[FileResult]:
    """The pure map step on the chosen engine (pipeline/engine.py): files, and batches of a large
    .jsonl's records, spread over the workers; one FileResult per file, in file order."""
    yield from map_engine.run(files, default_date, workers, engine, scheduler)


def _progress(iterable, total: int):
    if sys.stderr.isatty() and total > 1:
        from tqdm import tqdm

        return tqdm(iterable, total=total, unit="file", file=sys.stderr)
    return iterable


def cmd_ingest(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else default_db()
    files, missing = collect(args.paths)
    for raw, reason in missing:
        print(f"跳过 {raw}: {reason}", file=sys.stderr)
    if not files and missing and len(missing) == len(args.paths):
        print("nothing to ingest: none of the given paths exists", file=sys.stderr)
        return 2
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with ingest_lock(db_path):
            db = store.connect(db_path)
            if not args.rebuild:
                return _ingest(db, files, missing, args)
            # a rebuild is one transaction: readers see the old tables until the new ones are whole,
            # and a crash leaves the old ones
            with store.transaction(db.conn):
                return _ingest(db, files, missing, args)
    except IngestLocked as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except map_engine.EngineUnavailable as exc:
        print(f"--engine {args.engine}: {exc}", file=sys.stderr)
        return 2
    except (OSError, store.sqlite3.DatabaseError) as exc:
        print(f"cannot write the database {db_path}: {exc}", file=sys.stderr)
        return 1


def _ingest(db, files: list[Path], missing: list[tuple[str, str]], args: argparse.Namespace) -> int:
    if args.rebuild:
        store.clear(db, DERIVED_TABLES)
    known = store.known_digests(db)
    todo: list[Path] = []
    unchanged = 0
    rejected: list[tuple[str, str]] = list(missing)
    for f in files:
        if f.suffix.lower() not in SUPPORTED:
            rejected.append((str(f), f"unsupported file type {f.suffix or '(none)'}"))
            store.reject(db, str(f), rejected[-1][1])
            continue
        if str(f) in known:
            try:
                if file_digest(f)[0] == known[str(f)]:
                    unchanged += 1
                    continue
            except OSError:
                pass
        todo.append(f)
    counts: Counter[str] = Counter()
    warnings: list[str] = []
    workers = args.workers or os.cpu_count() or 1
    for result in _progress(_map(todo, args.date, workers, args.engine, args.scheduler), len(todo)):
        store.save_file(db, result)
        if result.error:
            rejected.append((result.path, result.error))
            continue
        resolve.prepare(result.mentions)  # while the workers map the next files
        counts["files"] += 1
        counts["articles"] += len(result.articles)
        counts["mentions"] += len(result.mentions)
        counts["aggregates"] += len(result.aggregates)
        warnings += [f"{result.path}: {w}" for w in result.warnings]
        del result  # the next file's result is the only one held
    state = _resolution_inputs(db)
    resolved = "库中项目未变，不必重新归并"
    if args.rebuild or store.get_meta(db, "resolved_files") != state:
        resolution = resolve.resolve(db)
        store.write_projects(db, resolution)
        store.set_meta(db, resolved_files=state, built_at=datetime.now(UTC).isoformat(timespec="seconds"))
        resolved = (
            f"增量归并：新提及及其所连项目共 {len(resolution.state)} 条提及重新归并"
            if resolution.incremental
            else f"全部 {resolution.n_mentions} 条提及重新归并"
        )
    n_projects = db.conn.execute("select count(*) from projects").fetchone()[0]
    print(
        f"读入文件 {counts['files']} 个（未变跳过 {unchanged} 个），文章 {counts['articles']} 篇，"
        f"项目提及 {counts['mentions']} 条，汇总数字 {counts['aggregates']} 条；库中项目共 {n_projects} 个"
        f"（{resolved}）。"
    )
    if rejected:
        print(f"拒收 {len(rejected)} 个文件：")
        for path, reason in rejected:
            print(f"  {path}: {reason}")
    if warnings:
        print(f"警告 {len(warnings)} 条：")
        for w in warnings[:50]:
            print(f"  {w}")
    return 0


def _resolution_inputs(db) -> str:
    """What the projects are resolved from: the stored files, the corrections and the parks gazetteer.
    When none changed since the last resolution (an unchanged re-run), resolving again would write the
    same projects, so it is skipped; a run killed before its resolution was stored resolves again."""
    return hashlib.sha256((store.files_fingerprint(db) + resolve.inputs_digest()).encode()).hexdigest()


def cmd_export(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else default_db()
    if not db_path.exists():
        print(f"no database at {db_path}: run `python -m pipeline ingest data/articles` first", file=sys.stderr)
        return 1
    db = store.connect(db_path)
    try:
        n = export_mod.export(db, args.what, args.format, Path(args.out) if args.out else None)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.out:
        print(f"wrote {n} {args.what} to {args.out}", file=sys.stderr)
    return 0


def _correct(args: argparse.Namespace, item: dict) -> int:
    """Record a correction, then resolve the database again so it shows at once."""
    try:
        where = corrections.append(item, Path(args.corrections) if args.corrections else None)
    except corrections.BadCorrection as exc:
        print(f"not recorded: {exc}", file=sys.stderr)
        return 2
    print(f"recorded in {where}")
    db_path = Path(args.db) if args.db else default_db()
    if not db_path.exists():
        return 0
    db = store.connect(db_path)
    resolution = resolve.resolve(db, where)
    store.write_projects(db, resolution)
    known = {p["project_id"] for p in resolution.projects}
    for pid in [*(item.get("ids") or []), item.get("id")]:
        if pid and pid not in known:
            print(f"note: no project {pid} in {db_path} now", file=sys.stderr)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "merge", "ids": args.ids})


def cmd_split(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "split", "id": args.id, "names": args.name})


def cmd_rename(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "rename", "id": args.id, "name": args.name})


def cmd_set(args: argparse.Namespace) -> int:
    value: str | int | None = args.value
    if args.value.lstrip("-").isdigit():
        value = int(args.value)
    elif args.value.lower() in ("", "null", "none"):
        value = None
    return _correct(args, {"op": "set", "id": args.id, "field": args.field, "value": value})


def cmd_exclude(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "exclude", "id": args.id, "reason": args.reason})


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m pipeline", description="parktrack: industrial projects from news")
    sub = ap.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="read articles into the database")
    ing.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (read recursively)")
    ing.add_argument("--db", help="database file (default: $PROJECTS_DB, else data/projects.db)")
    ing.add_argument("--date", help="date (YYYY-MM-DD) for articles whose date cannot be told")
    ing.add_argument("--rebuild", action="store_true", help="forget what was stored and read everything again")
    ing.add_argument(
        "--workers", type=int, default=0, help="processes for the per-article map step (default: the cores)"
    )
    ing.add_argument(
        "--engine",
        choices=map_engine.ENGINES,
        default="process",
        help="where the map step runs: a process pool here, or Dask (default: process)",
    )
    ing.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler to use with --engine dask (default: a local cluster)"
    )
    ing.set_defaults(func=cmd_ingest)
    exp = sub.add_parser("export", help="write a table as CSV, JSON Lines or Excel")
    exp.add_argument("--db", help="database file (default: $PROJECTS_DB, else data/projects.db)")
    exp.add_argument("--what", choices=export_mod.WHAT, required=True)
    exp.add_argument("--format", choices=export_mod.FORMATS, default="csv")
    exp.add_argument("--out", help="output file (default: standard output; required for xlsx)")
    exp.set_defaults(func=cmd_export)

    def correction(name: str, help_text: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", help="database file (default: $PROJECTS_DB, else data/projects.db)")
        p.add_argument(
            "--corrections", help="corrections file (default: $PARKTRACK_CORRECTIONS, else data/corrections.jsonl)"
        )
        p.set_defaults(func=func)
        return p

    correction("merge", "record that two or more projects are one", cmd_merge).add_argument(
        "ids", nargs="+", metavar="ID"
    )
    split = correction("split", "record that mentions with these names are another project", cmd_split)
    split.add_argument("id", metavar="ID")
    split.add_argument("--name", action="append", required=True, help="a name (repeat for several)")
    rename = correction("rename", "record a project's name", cmd_rename)
    rename.add_argument("id", metavar="ID")
    rename.add_argument("name", metavar="NAME")
    setf = correction("set", "record a field's value for a project", cmd_set)
    setf.add_argument("id", metavar="ID")
    setf.add_argument("field", choices=corrections.SETTABLE)
    setf.add_argument("value", metavar="VALUE")
    exclude = correction("exclude", "leave a project out of sums", cmd_exclude)
    exclude.add_argument("id", metavar="ID")
    exclude.add_argument("--reason", default="用户排除")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
