"""python -m pipeline ingest|export — a thin command line around the pipeline's stages."""

from __future__ import annotations

import argparse
import csv
import fcntl
import hashlib
import json
import os
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import changes, corrections, resolve, review, store, wordbook
from . import engine as map_engine
from . import export as export_mod
from .dates import cli_date
from .ingest import FileResult, display_path, extractor_version, file_digest, file_key
from .readers import NOT_REGULAR, SUPPORTED, ReadError, unsupported
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
    "record_figures",
)


class IngestLocked(Exception):
    """另一个读入正在写这个数据库"""


def collect(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]], list[str]]:
    """Files to read under the given paths (directories recursively, each file once however it is
    spelled), the paths that are missing, and the keys of the directories walked.

    Hidden names (`.git`, `.DS_Store`) are skipped only *inside* a given directory: the directory
    itself may lie anywhere (`/data/.archive/news`, `../articles`)."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    roots: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            roots.append(file_key(p))
            files += _walk(p, missing)
        elif p.exists() or p.is_symlink():
            files.append(p)  # a dangling link or a FIFO given by name is reported by the reader
        else:
            missing.append((display_path(raw), "文件或文件夹不存在"))
    seen: set[str] = set()
    unique = []
    for f in files:
        key = file_key(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing, roots


def _walk(top: Path, unreadable: list[tuple[str, str]]) -> list[Path]:
    """Regular files under `top`, sorted, hidden names below it left out; a directory reached twice
    through symlinks is walked once; a folder that cannot be listed, a link to nothing and a pipe or
    device are added to `unreadable` (reported and skipped, never silently left out)."""
    found: list[Path] = []
    walked: set[str] = set()

    def report(exc: OSError) -> None:
        unreadable.append((display_path(exc.filename or top), f"无法列出文件夹内容：{exc.strerror or exc}"))

    for folder, dirs, names in os.walk(top, followlinks=True, onerror=report):
        real = os.path.realpath(folder)
        if real in walked:
            dirs[:] = []
            continue
        walked.add(real)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            if n.startswith("."):
                continue
            path = os.path.join(folder, n)
            if os.path.isfile(path):
                found.append(Path(path))
            elif os.path.islink(path) and not os.path.exists(path):
                unreadable.append((display_path(path), "链接指向的文件不存在"))
            else:  # os.walk lists folders (and links to them) apart: what is left is a pipe or a device
                unreadable.append((display_path(path), NOT_REGULAR))
    return sorted(found)


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def _exists(key: str) -> bool:
    """Whether a stored key names a file that is still there (a key shows a name's undecodable bytes
    as `\\xff`: see ingest.display_path)."""
    if os.path.exists(key):
        return True
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), key)
    return raw != key and os.path.exists(raw)


@contextmanager
def ingest_lock(db_path: Path) -> Iterator[None]:
    """The one writer's lock, on a file beside the database; close-on-exec, so no process this one
    starts holds it (the pool's workers come from a fork server that never had it: engine.py)."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestLocked(f"另一个读入正在写 {db_path}，请等它结束") from exc
        yield
    finally:
        os.close(fd)


def _map(
    files: list[Path],
    default_date: str | None,
    workers: int,
    engine: str = "process",
    scheduler: str | None = None,
    writer: store.FileWriter | None = None,
) -> Iterator[FileResult]:
    """The pure map step on the chosen engine (pipeline/engine.py): files, and batches of a large
    .jsonl's records, spread over the workers; one FileResult per file, in file order. Each batch is
    written (by `writer`, in its file's transaction) and its mentions prepared for resolution as it
    comes back, while the workers map the next ones."""

    def on_part(part: FileResult) -> None:
        if writer is not None:
            writer.part(part)
        _prepare(part)

    yield from map_engine.run(files, default_date, workers, engine, scheduler, on_part=on_part)


def _prepare(part: FileResult) -> None:
    resolve.prepare(part.mentions)  # only fills resolution's caches: a batch of a file rejected later costs nothing


def _progress(iterable, total: int):
    if sys.stderr.isatty() and total > 1:
        from tqdm import tqdm

        return tqdm(iterable, total=total, unit="file", file=sys.stderr)
    return iterable


def cmd_ingest(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else default_db()
    if args.date is not None:
        try:
            args.date = cli_date(args.date)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    files, missing, roots = collect(args.paths)
    for raw, reason in missing:
        print(f"跳过 {raw}: {reason}", file=sys.stderr)
    if not files and not any(os.path.lexists(raw) for raw in args.paths):
        print("没有可读入的内容：给出的路径都不存在", file=sys.stderr)
        return 2
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with ingest_lock(db_path):
            db = store.connect(db_path)
            if not args.rebuild:
                return _ingest(db, files, missing, roots, args)
            # a rebuild is one transaction: readers see the old tables until the new ones are whole,
            # and a crash leaves the old ones
            with store.transaction(db.conn):
                return _ingest(db, files, missing, roots, args)
    except IngestLocked as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except map_engine.EngineUnavailable as exc:
        print(f"--engine {args.engine}: {exc}", file=sys.stderr)
        return 2
    except (OSError, store.sqlite3.DatabaseError) as exc:
        print(f"无法写入数据库 {db_path}：{exc}", file=sys.stderr)
        return 1


@dataclass
class _Plan:
    """What this run does with each collected file."""

    todo: list[Path] = field(default_factory=list)
    unchanged: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old key, new key)
    copies: list[tuple[str, str]] = field(default_factory=list)  # (key, the key of the same content)
    gone: list[str] = field(default_factory=list)


def _plan(db, files: list[Path], roots: list[str], rejected: list[tuple[str, str]]) -> _Plan:
    """Decide, file by file, before anything is read for extraction: unchanged (same content, read
    by this extractor version), moved (a stored file's content at a new path, the old one gone: its
    rows follow it), a copy (the content of another file of this run or of a stored file still there:
    counted once), or to read. Then forget the stored files under a walked directory that are gone."""
    plan = _Plan()
    known = store.known_files(db)
    keys = {file_key(f): f for f in files}
    names = {Path(k).name for k in keys}
    for path in [p for p in known if p not in keys and (not os.path.isabs(p) or Path(p).name in names)]:
        key = file_key(path)  # stored under another spelling (relative, through a link): the same file
        if key != path and key in keys:
            store.rename_file(db, path, key)
            known[key] = known.pop(path)
    digests: dict[str, str | None] = {}
    for key, f in keys.items():
        if f.suffix.lower() not in SUPPORTED:
            rejected.append((key, unsupported(f.suffix)))
            store.reject(db, key, rejected[-1][1])
            continue
        try:
            digests[key] = file_digest(f)[0]
        except ReadError:
            digests[key] = None  # the reader reports why
    by_sha: dict[str, list[str]] = {}
    for path, (sha, _) in known.items():
        by_sha.setdefault(sha, []).append(path)
    # a content already stored under a path of this run stays there: a copy never displaces it
    kept = {sha: key for key, sha in digests.items() if sha and known.get(key, (None,))[0] == sha}
    version = extractor_version()
    for key, sha in digests.items():
        f = keys[key]
        if sha is None:
            plan.todo.append(f)
            continue
        if kept.setdefault(sha, key) != key:
            plan.copies.append((key, kept[sha]))
            continue
        if key not in known:
            old = next((p for p in by_sha.get(sha, []) if p not in keys), None)
            if old is not None and _exists(old):
                plan.copies.append((key, old))
                continue
            if old is not None:
                source = None if f.suffix.lower() == ".jsonl" else display_path(f)
                store.rename_file(db, old, key, source)
                by_sha[sha].remove(old)
                known[key] = known.pop(old)
                plan.moved.append((old, key))
        if known.get(key) == (sha, version):
            plan.unchanged += 1
        else:
            plan.todo.append(f)
    store.drop_files(db, [key for key, _ in plan.copies if key in known])  # stored before: now counted once
    for key, original in plan.copies:
        store.reject(db, key, f"与 {original} 内容相同，只计一次")
    prefixes = tuple(root.rstrip(os.sep) + os.sep for root in roots)
    if prefixes:
        stored = set(known) | {p for (p,) in db.conn.execute("select distinct path from rejections")}
        plan.gone = sorted(p for p in stored if p.startswith(prefixes) and p not in keys and not _exists(p))
        store.drop_files(db, plan.gone)
    return plan


def _ingest(db, files: list[Path], missing: list[tuple[str, str]], roots: list[str], args: argparse.Namespace) -> int:
    if args.rebuild:
        store.clear(db, DERIVED_TABLES)
    rejected: list[tuple[str, str]] = list(missing)
    plan = _plan(db, files, roots, rejected)
    todo, unchanged = plan.todo, plan.unchanged
    counts: Counter[str] = Counter()
    warnings: list[str] = []
    workers = args.workers or os.cpu_count() or 1
    writer = store.FileWriter(db)  # a large file's batches are written while the workers map the next ones
    if todo:
        wordbook.preload()  # resolution's word tables load while this process waits for the workers
    try:
        for result in _progress(_map(todo, args.date, workers, args.engine, args.scheduler, writer), len(todo)):
            writer.save(result)
            if result.error:
                rejected.append((result.path, result.error))
                continue
            counts["files"] += 1
            counts["articles"] += len(result.articles)
            counts["mentions"] += len(result.mentions)
            counts["aggregates"] += len(result.aggregates)
            warnings += [f"{result.path}: {w}" for w in result.warnings]
            del result  # the next file's result is the only one held
    except BaseException:
        writer.abort()  # a file cut short is not stored
        raise
    state = _resolution_inputs(db)
    resolved = "库中项目未变，不必重新归并"
    resolution = None
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
    for old, new in plan.moved:
        print(f"文件已移动（按内容认出，未重读）：{old} → {new}")
    if plan.copies:
        print(f"同一内容的另一路径 {len(plan.copies)} 个，只计一次：")
        for key, original in plan.copies:
            print(f"  {key} = {original}")
    if plan.gone:
        print(f"已不存在的文件 {len(plan.gone)} 个，其记录已移除：")
        for key in plan.gone:
            print(f"  {key}")
    if rejected:
        print(f"拒收 {len(rejected)} 个文件：")
        for path, reason in rejected:
            print(f"  {path}: {reason}")
    if warnings:
        print(f"警告 {len(warnings)} 条：")
        for w in warnings[:50]:
            print(f"  {w}")
    # the review queue's size and the Atom feed of changes, beside the tables: again only when the projects
    # were resolved again (an unchanged re-run changes neither) or the feed is missing
    db_file = next((r[2] for r in db.conn.execute("pragma database_list") if r[1] == "main"), "")
    if resolution is not None or not (db_file and changes.feed_path(Path(db_file)).exists()):
        review.publish(db)
    return 0


def _resolution_inputs(db) -> str:
    """What the projects are resolved from: the stored files, the corrections and the parks gazetteer.
    When none changed since the last resolution (an unchanged re-run), resolving again would write the
    same projects, so it is skipped; a run killed before its resolution was stored resolves again."""
    digest = resolve.inputs_digest(corrections.for_db(db))  # the corrections beside this database
    return hashlib.sha256((store.files_fingerprint(db) + digest).encode()).hexdigest()


def cmd_export(args: argparse.Namespace) -> int:
    """Read-only: opens the database with `mode=ro`, so an export never migrates, locks or changes it."""
    db_path = Path(args.db) if args.db else default_db()
    if not db_path.is_file():
        print(f"没有数据库 {db_path}：先运行 python -m pipeline ingest data/articles --db {db_path}", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out and args.out != "-" else None  # `--out -`: standard output, as is usual
    try:
        conn = export_mod.open_readonly(db_path)
        try:
            n = export_mod.export(conn, args.what, args.format, out, args.headers)
        finally:
            conn.close()
    except export_mod.ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"写不了 {out}：{exc.strerror or exc}（没有留下不完整的文件）", file=sys.stderr)
        return 1
    if out:
        print(f"已写出 {n} 行 {args.what} 到 {out}", file=sys.stderr)
    return 0


class Refused(Exception):
    """a correction the command line will not record (the message says why, in Chinese)"""


def _read_db(db_path: Path) -> sqlite3.Connection:
    if not db_path.is_file():
        raise Refused(f"没有数据库 {db_path}：先运行 python -m pipeline ingest data/articles --db {db_path}")
    try:
        return export_mod.open_readonly(db_path)
    except export_mod.BadDatabase as exc:
        raise Refused(str(exc)) from exc


def _known(conn: sqlite3.Connection, pid: str) -> None:
    """Refuse an id that is no project of this database, saying where a merged-away id went."""
    if conn.execute("select 1 from projects where project_id = ?", (pid,)).fetchone():
        return
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if "project_redirects" in tables:
        row = conn.execute("select new_id, reason from project_redirects where old_id = ?", (pid,)).fetchone()
        if row:
            raise Refused(f"项目 {pid} 已{row[1] or '并入'}为 {row[0]}：请改用 {row[0]}")
    raise Refused(f"库中没有项目 {pid}。用 python -m pipeline export --what projects 查看项目编号")


def _anchors(conn: sqlite3.Connection, pid: str) -> list[list[str]]:
    """The mentions the project holds now, by which the correction finds it again if its id changes."""
    sql = "select mention_id, article_id, name from mentions where project_id = ? order by mention_id limit ?"
    return [list(r) for r in conn.execute(sql, (pid, corrections.MAX_ANCHORS))]


def _check_correction(conn: sqlite3.Connection, args: argparse.Namespace, item: dict) -> dict:
    """The correction as it will be recorded: ids known, values parsed and checked, the old value kept."""
    if item["op"] == "set-date":
        row = conn.execute("select date from articles where article_id = ?", (item["id"],)).fetchone()
        if row is None:
            raise Refused(f"库中没有文章 {item['id']}。用 python -m pipeline export --what articles 查看文章编号")
        item["old"] = row[0]
        return corrections.check(item)
    ids = item.get("ids") or [item["id"]]
    for pid in ids:
        _known(conn, pid)
    if item["op"] == "merge":
        ids = list(dict.fromkeys(ids))
        if len(ids) < 2:
            raise Refused("merge 需要两个不同的项目编号，例如：python -m pipeline merge p1a2b3c4d5e6 p6e5d4c3b2a1")
        item["ids"] = ids
    item["anchors"] = {pid: _anchors(conn, pid) for pid in ids}
    if item["op"] == "split":
        names = {r[0] for r in conn.execute("select distinct name from mentions where project_id = ?", ids)}
        unknown = [n for n in item["names"] if n not in names]
        if unknown:
            raise Refused(
                f"项目 {ids[0]} 没有叫 {'、'.join(unknown)} 的提及；它的提及名称有：{'、'.join(sorted(names))}"
            )
        if names <= set(item["names"]):
            raise Refused("所有提及都用这些名称，拆分后原项目什么也不剩；请只列出要分出去的名称")
    if item["op"] == "set":
        parks = None
        if item["field"] == "park":
            from .parks import load_gazetteer

            parks = set(load_gazetteer().names.values())
            parks |= {r[0] for r in conn.execute("select distinct park from projects where park is not null")}
        parsed = corrections.parse_value(item["field"], item.pop("text"), parks, new_park=args.new_park)
        item.update(parsed)
        row = conn.execute(f"select [{item['field']}] from projects where project_id = ?", ids).fetchone()
        item["old"] = row[0] if row else None  # the field is one of corrections.SETTABLE, never user text
    return corrections.check(item)


def _correct(args: argparse.Namespace, item: dict) -> int:
    """Check a correction against the database it is made on, record it (nothing is written when it is
    refused), then resolve the database again so it shows at once."""
    db_path = Path(args.db) if args.db else default_db()
    try:
        conn = _read_db(db_path)
        try:
            item = _check_correction(conn, args, item)
        finally:
            conn.close()
        file, note = corrections.writable(db_path, Path(args.corrections) if args.corrections else None)
        if note:
            print(note, file=sys.stderr)
        corrections.append(item, file)
    except (Refused, corrections.BadCorrection) as exc:
        print(f"未记录：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"未记录：写不了更正文件：{exc}", file=sys.stderr)
        return 1
    print(f"已记录到 {file}")
    try:
        with ingest_lock(db_path):
            db = store.connect(db_path)
            resolution = resolve.resolve(db, file)
            store.write_projects(db, resolution)
            store.set_meta(db, built_at=datetime.now(UTC).isoformat(timespec="seconds"))
    except IngestLocked:
        print("另一个 ingest 正在写这个数据库：更正已记录，它结束后再运行一次 ingest 即可生效", file=sys.stderr)
        return 0
    except (OSError, store.sqlite3.DatabaseError) as exc:
        print(f"更正已记录，但写不了数据库 {db_path}：{exc}", file=sys.stderr)
        return 1
    last = resolution.corrections[-1] if resolution.corrections else None
    if last and last["state"] == corrections.SKIPPED:
        print(f"注意：这条更正没有生效：{last['reason']}", file=sys.stderr)
    elif last and last["op"] == "set-date":
        print(f"已更新文章 {last['target']} 的日期为 {item['date']}（它的项目的年份随之更新）")
    elif last:
        print(f"已更新项目 {last['project_id']}")
    skipped = [r for r in resolution.corrections[:-1] if r["state"] == corrections.SKIPPED]
    if skipped:
        print(f"另有 {len(skipped)} 条更正未生效（见 corrections_status 表或看板的数据页）：", file=sys.stderr)
        for r in skipped[:20]:
            print(f"  第 {r['line']} 行 {r['op']} {r['target'] or ''}：{r['reason']}", file=sys.stderr)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "merge", "ids": args.ids})


def cmd_split(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "split", "id": args.id, "names": args.name})


def cmd_rename(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "rename", "id": args.id, "name": args.name})


def cmd_set(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "set", "id": args.id, "field": args.field, "text": args.value})


def cmd_exclude(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "exclude", "id": args.id, "reason": args.reason})


def cmd_set_date(args: argparse.Namespace) -> int:
    return _correct(args, {"op": "set-date", "id": args.id, "date": args.date})


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples kept as written, under a Chinese `用法：` line."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001 — argparse's own signature
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


# argparse's own complaints (Python 3.11's wording), in Chinese: what a user reads when a command is mistyped.
ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少参数：\1"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面要给一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), r"参数 \1 后面至少要给一个值"),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"), r"参数 \1 不能是 \2（可选：\3）"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), r"参数 \1 要一个整数，而不是 \2"),
    (re.compile(r"argument (\S+): invalid (\S+) value: (.+)"), r"参数 \1 的值 \3 无效"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), r"选项 \1 有歧义，可能是：\2"),
)


class Parser(argparse.ArgumentParser):
    """argparse with what a user reads in Chinese: the usage line, the headings, `-h` and its errors (exit
    status 2, as argparse's). The subcommands' parsers are of this class too (add_subparsers takes it)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 — argparse's own parameters
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示这段说明并退出")

    def error(self, message: str):  # noqa: ANN201 — never returns
        for pattern, chinese in ARGPARSE_ERRORS:
            message = pattern.sub(chinese, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def parser() -> argparse.ArgumentParser:
    ap = Parser(
        prog="python -m pipeline",
        description="园区项目追踪：从新闻中读出产业项目（名称、企业、园区、投资、产值、就业、阶段），每个数字连着原句",
        epilog="例：python -m pipeline ingest data/articles --db data/projects.db",
    )
    sub = ap.add_subparsers(dest="command", required=True, title="命令", metavar="命令")
    ing = sub.add_parser(
        "ingest",
        help="读入文章（文件或文件夹）并建库；未变的文件跳过，坏文件报告后跳过",
        epilog="例：python -m pipeline ingest data/articles archive.jsonl --db data/projects.db --date 2023-05-01",
    )
    ing.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹（递归读取）")
    ing.add_argument("--db", help="数据库文件（默认 $PROJECTS_DB，否则 data/projects.db）")
    ing.add_argument("--date", help="无法判断日期的文章用这个日期（YYYY-MM-DD）")
    ing.add_argument("--rebuild", action="store_true", help="忘掉已读的内容，全部重读（人工更正保留）")
    ing.add_argument("--workers", type=int, default=0, help="逐篇抽取所用的进程数（默认：CPU 核数）")
    ing.add_argument(
        "--engine",
        choices=map_engine.ENGINES,
        default="process",
        help="抽取在哪里运行：本机进程池，或 Dask（默认 process）",
    )
    ing.add_argument("--scheduler", metavar="ADDRESS", help="配合 --engine dask 使用的 Dask 调度器（默认：本机集群）")
    ing.set_defaults(func=cmd_ingest)
    exp = sub.add_parser(
        "export",
        help="导出一张表（CSV、JSON Lines 或 Excel）；只读打开数据库",
        description="导出一张表。数据库以只读方式打开，不会被修改。",
        epilog="例：python -m pipeline export --what projects --format xlsx --out 项目.xlsx\n"
        "    python -m pipeline export --what figures --headers zh --out 数字.csv",
    )
    exp.add_argument("--db", help="数据库文件（默认 $PROJECTS_DB，否则 data/projects.db）")
    exp.add_argument(
        "--what",
        choices=export_mod.WHAT,
        required=True,
        help="哪张表（figures：每个报道的数字一行，带它自己的原句、文章网址和标题）",
    )
    exp.add_argument("--format", choices=export_mod.FORMATS, default="csv", help="格式（默认 csv）")
    exp.add_argument("--out", help="输出文件（默认或 - 写到标准输出；xlsx 必须给出文件）")
    exp.add_argument(
        "--headers", choices=export_mod.HEADERS, default="en", help="表头：en 列名（默认，供程序读）或 zh 中文"
    )
    exp.set_defaults(func=cmd_export)

    def correction(name: str, help_text: str, example: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=f"{help_text}。更正先核对再记录，出错时什么也不写（退出码 2）；记录后立即重新归并。",
            epilog=f"例：{example}",
        )
        p.add_argument("--db", help="数据库文件（默认 $PROJECTS_DB，否则 data/projects.db）")
        p.add_argument(
            "--corrections",
            help="更正文件（默认 $PARKTRACK_CORRECTIONS，否则数据库旁的 <库名>.corrections.jsonl，"
            "如 data/projects.corrections.jsonl）",
        )
        p.set_defaults(func=func)
        return p

    correction(
        "merge", "记录这几个项目是同一个项目", "python -m pipeline merge p1a2b3c4d5e6 p6e5d4c3b2a1", cmd_merge
    ).add_argument("ids", nargs="+", metavar="ID", help="两个或更多项目编号（并入最早出现的那个）")
    split = correction(
        "split",
        "记录用这些名称的提及是另一个项目",
        "python -m pipeline split p1a2b3c4d5e6 --name 海富电子项目",
        cmd_split,
    )
    split.add_argument("id", metavar="ID", help="项目编号")
    split.add_argument("--name", action="append", required=True, help="分出去的提及所用的名称（可重复）")
    rename = correction(
        "rename", "记录项目的名称", "python -m pipeline rename p1a2b3c4d5e6 恒源新材料产业园项目", cmd_rename
    )
    rename.add_argument("id", metavar="ID", help="项目编号")
    rename.add_argument("name", metavar="NAME", help="新名称")
    setf = correction(
        "set",
        "记录项目某个字段的值",
        "python -m pipeline set p1a2b3c4d5e6 investment_yuan 120亿\n"
        "    python -m pipeline set p1a2b3c4d5e6 status 投产\n"
        "    python -m pipeline set p1a2b3c4d5e6 park 济宁高新区\n"
        "    python -m pipeline set p1a2b3c4d5e6 company 未披露      （清空）\n"
        f"金额按报道的写法解析（120亿、1.5亿美元、10600000000），须在 1 元到 {corrections.MAX_YUAN:,} 元之间；"
        f"阶段只能是 {'、'.join(corrections.STAGE_WORDS)}；园区须在 data/parks.csv 或库中（新园区加 --new-park）。",
        cmd_set,
    )
    setf.add_argument("id", metavar="ID", help="项目编号")
    setf.add_argument(
        "field", choices=corrections.SETTABLE, metavar="FIELD", help="字段：" + ", ".join(corrections.SETTABLE)
    )
    setf.add_argument("value", metavar="VALUE", help="值（未披露 / null 清空该字段）")
    setf.add_argument("--new-park", action="store_true", help="园区是新的（不在园区表和库中），照样记录")
    exclude = correction(
        "exclude", "不把项目计入合计", "python -m pipeline exclude p1a2b3c4d5e6 --reason 园区整体", cmd_exclude
    )
    exclude.add_argument("id", metavar="ID", help="项目编号")
    exclude.add_argument("--reason", default="用户排除", help="理由（默认：用户排除）")
    set_date = correction(
        "set-date",
        "记录文章的日期",
        "python -m pipeline set-date 191d0c7a48aed00d 2020-02-25\n"
        "日期写成 年-月-日（只知月份或年份时写 2020-02 或 2020），"
        f"须在 {corrections.MIN_DATE.isoformat()} 到今天之间；文章编号见 "
        "python -m pipeline export --what articles。每次 ingest（包括 --rebuild）都会重新应用。",
        cmd_set_date,
    )
    set_date.add_argument("id", metavar="ARTICLE_ID", help="文章编号")
    set_date.add_argument("date", metavar="DATE", help="日期，如 2020-02-25（只知月份或年份时写 2020-02 或 2020）")
    add_review_commands(sub, correction)
    add_briefing_command(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


# ---------------------------------------------------------------------------------------------------
# 待核对 and 动态 (pipeline/review.py, pipeline/changes.py)


def _open_ro(args: argparse.Namespace) -> sqlite3.Connection:
    return _read_db(Path(args.db) if args.db else default_db())


def cmd_confirm(args: argparse.Namespace) -> int:
    """A person checked the value the project holds now: it leaves the review queue until it changes."""
    try:
        conn = _open_ro(args)
        try:
            _known(conn, args.id)
            value = review.current_value(conn, args.id, args.field)
        finally:
            conn.close()
    except (Refused, review.Refused) as exc:
        print(f"未记录：{exc}", file=sys.stderr)
        return 2
    if value is None:
        print(f"未记录：项目 {args.id} 的 {args.field} 未披露，没有可核对的值", file=sys.stderr)
        return 2
    return _correct(args, {"op": "confirm", "id": args.id, "field": args.field, "value": value})


def cmd_review(args: argparse.Namespace) -> int:
    """Read-only: the review queue, costliest first."""
    try:
        conn = _open_ro(args)
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        items = review.queue(conn, limit=args.limit)
        size, share = review.queue_size(conn), review.confirmed_share(conn)
    finally:
        conn.close()
    rows = review.as_rows(items)
    if args.format == "jsonl":
        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["project_id"])
        writer.writeheader()
        writer.writerows({k: export_mod.neutralise(v) for k, v in r.items()} for r in rows)
    else:
        done = f"已核对 {share:.0%} 的投资额" if share is not None else "没有披露投资额的项目"
        print(f"待核对 {size} 条（列出 {len(rows)} 条，按 金额 × 不确定度 排列）· {done}\n")
        for n, (r, item) in enumerate(zip(rows, items, strict=True), 1):
            label = review.FIELD_LABELS[item.field]
            print(f"{n}. {r['name']} · {label} {r['value']} · 代价 {item.cost / 1e8:.2f} 亿 · `{r['project_id']}`")
            print(f"   为何：{r['reasons']}")
            print(f"   原句：{r['sentence']}")
            print(f"   确认：python -m pipeline confirm {r['project_id']} {item.field}")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Read-only: what changed since a date (by the articles' dates)."""
    try:
        conn = _open_ro(args)
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        when = changes.parse_since(args.since) if args.since else changes.default_since(conn)
        found = changes.since(conn, when, park=args.park)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        conn.close()
    sys.stdout.write(changes.render(found, args.format, when))
    return 0


def add_review_commands(sub, correction) -> None:
    """The review queue, the confirm verdict and the changes feed on the command line."""
    confirm = correction(
        "confirm",
        "记录项目某个字段的现值已人工核对（移出待核对；值再变时失效）",
        "python -m pipeline confirm p1a2b3c4d5e6 investment_yuan",
        cmd_confirm,
    )
    confirm.add_argument("id", metavar="ID", help="项目编号")
    confirm.add_argument("field", choices=review.FIELDS, metavar="FIELD", help="字段：" + ", ".join(review.FIELDS))
    rev = sub.add_parser(
        "review",
        help="待核对：最值得人工核对的记录（金额 × 不确定度，附原因和原句）；只读",
        epilog="例：python -m pipeline review --limit 20",
    )
    rev.add_argument("--db", help="数据库文件（默认 $PROJECTS_DB，否则 data/projects.db）")
    rev.add_argument("--limit", type=int, default=30, help="列出多少条（默认 30）")
    rev.add_argument("--format", choices=("md", "csv", "jsonl"), default="md", help="格式（默认 md）")
    rev.set_defaults(func=cmd_review)
    chg = sub.add_parser(
        "changes",
        help="动态：某日以来的新项目、阶段变化、新的或变了的数字、新近沉寂、更正；只读",
        description="按文章日期计（没有日期的文章按读入日期）；更正按记录时间。",
        epilog="例：python -m pipeline changes --since 2024-01-01 --park 济宁高新区 --format csv",
    )
    chg.add_argument("--db", help="数据库文件（默认 $PROJECTS_DB，否则 data/projects.db）")
    chg.add_argument("--since", help="起始日期 YYYY-MM-DD（默认：今天之前最后一次读入的日期）")
    chg.add_argument("--park", help="只看这个园区")
    chg.add_argument("--format", choices=changes.FORMATS, default="md", help="格式（默认 md）")
    chg.set_defaults(func=cmd_changes)


# ---------------------------------------------------------------------------------------------------
# 园区简报 (pipeline/briefing.py)


def cmd_briefing(args: argparse.Namespace) -> int:
    """Read-only: one park's (or county's) briefing for a period, as .xlsx or .pdf by the file's suffix."""
    from . import briefing

    out = Path(args.out)
    if out.suffix.lower() not in briefing.FORMATS:
        print(f"不认识的简报格式 {out.suffix or '（无后缀）'}：文件名请以 .xlsx 或 .pdf 结尾", file=sys.stderr)
        return 2
    try:
        made = briefing.build(
            Path(args.db) if args.db else default_db(), args.start, args.end, park=args.park, county=args.county
        )
        data = briefing.render(made, out.suffix)
    except (briefing.BriefingError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(f"写不了 {out}：{exc}", file=sys.stderr)
        return 2
    print(f"{made.kind}简报：{made.place} · {made.start} 至 {made.end} · {len(made.notes)} 条来源 → {out}")
    return 0


def add_briefing_command(sub) -> None:
    brf = sub.add_parser(
        "briefing",
        help="园区简报：一个园区（或区县）一段时期的关键数字、各阶段项目、主要项目、期内动态、报道合计，附来源；只读",
        description="格式按输出文件的后缀：.xlsx（每节一张表）或 .pdf（A4，含图表和页码）。",
        epilog="例：python -m pipeline briefing --park 济宁高新区 --from 2023-01-01 --to 2023-12-31 --out 简报.pdf",
    )
    brf.add_argument("--db", help="数据库文件（默认 $PROJECTS_DB，否则 data/projects.db）")
    place = brf.add_mutually_exclusive_group(required=True)
    place.add_argument("--park", help="园区名称（与仪表板园区页相同）")
    place.add_argument("--county", help="区县名称（代替 --park）")
    brf.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
    brf.add_argument("--to", dest="end", required=True, help="结束日期 YYYY-MM-DD（含当天）")
    brf.add_argument("--out", required=True, help="输出文件：.xlsx 或 .pdf")
    brf.set_defaults(func=cmd_briefing)
