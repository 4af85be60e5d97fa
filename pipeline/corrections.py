"""User corrections, kept in a file beside the database they were made on (`<db>.corrections.jsonl`,
e.g. `data/projects.corrections.jsonl`; `$PARKTRACK_CORRECTIONS` overrides) and applied on every run,
so a re-run or a rebuild never loses them. One JSON object per line:

    {"op": "merge", "ids": ["p…", "p…"]}                     two (or more) projects are one
    {"op": "split", "id": "p…", "names": ["海富电子项目"]}      mentions with these names are another project
    {"op": "rename", "id": "p…", "name": "…"}                 the project's name
    {"op": "set", "id": "p…", "field": "investment_yuan", "value": 5000000000, "old": 1000000000}
    {"op": "exclude", "id": "p…", "reason": "…"}              leave the project out of sums
    {"op": "set-date", "id": "<article id>", "date": "2021-03-05", "old": null}   the article's date
    {"op": "confirm", "id": "p…", "field": "investment_yuan", "value": 5000000000}   a person checked it
                                                              (changes nothing; lapses when the value does)

`set-date` corrects an article, not a project: article ids are a hash of the article's source and its
position in it (pipeline/ingest.py), so they survive re-runs and rebuilds, and the line is applied to
the stored article (date, year, `date_origin = 'correction'`) before every resolution; the projects'
years follow from their articles' dates.

Lines the command line writes also carry who and when (`by`, `at`) and `anchors`: the mentions the
project held when the correction was made (`[mention_id, article_id, name]`, by project id). A project id
is a hash of its first-seen mention, so an article dated earlier than that mention changes it; the
anchors let a correction follow its project to the new id instead of silently lapsing. A line written
by hand without anchors follows its project through the mentions' last stored project id.

Nothing here is fatal: a line that cannot be read or applied is skipped, and its reason goes to the
`corrections_status` table (via `resolve`) where the dashboard and the command line show it.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from .model import STAGES
from .settings import ROOT, default_db, setting

SETTABLE = (
    "name",
    "company",
    "park",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "jobs",
    "status",
    "in_totals",
    "exclude_reason",
)
OPS = ("merge", "split", "rename", "set", "exclude", "set-date", "confirm")
# An article's date: from the first development zones (1984) back to 1980 for a margin, and never after
# today; anything else is a typo (`2201-03-05`, `1921-…`), refused rather than stored.
MIN_DATE = date(1980, 1, 1)
DATE_ORIGIN = "correction"
MONEY_FIELDS = ("investment_yuan", "output_yuan")
MAX_YUAN = 10**13  # 10万亿元: more than any one project states; 1e20 or int64-max is a typo
MAX_JOBS = 10**7
MAX_TEXT = 200  # a name, company, park or reason longer than this is not one
STAGE_WORDS = (*STAGES, "停滞", "取消")  # the stages, and GEM's shelved / cancelled (DESIGN.md)
CURRENCIES = ("CNY", "USD", "EUR", "HKD")
CLEAR_WORDS = ("", "null", "none", "未披露")  # `set ID company 未披露` clears a field
NULLABLE = frozenset(SETTABLE) - {"name", "in_totals"}
MAX_ANCHORS = 50  # mentions kept per project to find it again: plenty to outvote a split
LEGACY = ROOT / "data" / "corrections.jsonl"  # the one global file of earlier versions
APPLIED, MOVED, SKIPPED = "已应用", "已应用（项目编号已变）", "未应用"


class BadCorrection(Exception):
    """a correction that cannot be applied"""


# ---------------------------------------------------------------------------------------------------
# Where the file is


def beside(db_path: Path) -> Path:
    """The corrections file of a database: `data/projects.db` → `data/projects.corrections.jsonl`."""
    return db_path.with_name(db_path.stem + ".corrections.jsonl")


def path(db_path: Path | None = None) -> Path:
    """The corrections file to read for this database: `$PARKTRACK_CORRECTIONS`, else the one beside the
    database; for a database in `data/` whose own file does not exist yet, the old global
    `data/corrections.jsonl` (corrections made before they lived beside their database)."""
    env = setting("PARKTRACK_CORRECTIONS")
    if env:
        return Path(env)
    own = beside(db_path or default_db())
    if not own.exists() and _legacy_applies(own):
        return LEGACY
    return own


def _legacy_applies(own: Path) -> bool:
    try:
        return LEGACY.is_file() and own.parent.resolve() == LEGACY.parent.resolve()
    except OSError:
        return False


def for_db(db: object) -> Path:
    """The corrections file of an open database (a sqlite_utils.Database or sqlite3.Connection)."""
    conn = getattr(db, "conn", db)
    try:
        file = next((r[2] for r in conn.execute("pragma database_list") if r[1] == "main"), "")
    except Exception:  # noqa: BLE001 — a closed or odd connection: the default database's file
        file = ""
    return path(Path(file) if file else None)


def writable(db_path: Path, file: Path | None = None) -> tuple[Path, str | None]:
    """The file a new correction goes to, and a note when the old global file was carried over to it
    (its corrections were made on this database's folder, and are kept, not dropped)."""
    if file is not None:
        return file, None
    target = path(db_path)
    if target != LEGACY or setting("PARKTRACK_CORRECTIONS"):
        return target, None
    own = beside(db_path)
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_bytes(LEGACY.read_bytes())
    return own, f"已把旧的更正文件 {LEGACY} 复制到 {own}（更正从此记在数据库旁边；旧文件不再读取，可删除）"


# ---------------------------------------------------------------------------------------------------
# Checking


def _text(value: object, what: str, *, required: bool = True) -> str | None:
    if value is None:
        if required:
            raise BadCorrection(f"{what}不能为空")
        return None
    if not isinstance(value, str):
        raise BadCorrection(f"{what}应为文字，而不是 {type(value).__name__}")
    value = value.strip()
    if not value:
        if required:
            raise BadCorrection(f"{what}不能为空")
        return None
    if len(value) > MAX_TEXT:
        raise BadCorrection(f"{what}太长（{len(value)} 字，最多 {MAX_TEXT} 字）")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise BadCorrection(f"{what}含有控制字符")
    return value


def check_value(field: str, value: object) -> object:
    """A stored value for `field`, checked (a hand-edited line may hold anything); returns it normalised
    or raises BadCorrection saying why."""
    if field not in SETTABLE:
        raise BadCorrection(f"不能更正字段 {field!r}；可更正：{'、'.join(SETTABLE)}")
    if value is None:
        if field not in NULLABLE:
            raise BadCorrection(f"{field} 不能清空")
        return None
    if field in (*MONEY_FIELDS, "jobs"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise BadCorrection(f"{field} 应为整数，而不是 {value!r}")
        if value != int(value):
            raise BadCorrection(f"{field} 应为整数，而不是 {value!r}")
        value = int(value)
        limit = MAX_JOBS if field == "jobs" else MAX_YUAN
        if not 0 < value <= limit:
            unit = "人" if field == "jobs" else "元"
            raise BadCorrection(f"{field} 应在 1 到 {limit:,} {unit}之间，而不是 {value:,}")
        return value
    if field == "in_totals":
        if value not in (0, 1) or isinstance(value, float):
            raise BadCorrection(f"in_totals 只能是 0 或 1，而不是 {value!r}")
        return int(value)
    if field == "status":
        if value not in STAGE_WORDS:
            raise BadCorrection(f"未知阶段 {value!r}；可用：{'、'.join(STAGE_WORDS)}")
        return value
    if field == "investment_currency":
        if value not in CURRENCIES:
            raise BadCorrection(f"未知币种 {value!r}；可用：{'、'.join(CURRENCIES)}")
        return value
    return _text(value, field)


def _id(value: object, what: str = "项目编号") -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadCorrection(f"{what}应为文字，而不是 {value!r}")
    return value.strip()


ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # a day, or a month or year when only that is known


def check_date(value: object, today: date | None = None) -> str:
    """An article date as stored: an ISO date (`2021-03-05`), or a month (`2021-03`) or a year (`2021`)
    when only that is known, as the pipeline stores a record's own period; from 1980 to today. Raises
    BadCorrection saying why otherwise.

    >>> check_date(" 2021-03-05 "), check_date("2021-03")
    ('2021-03-05', '2021-03')
    """
    if not isinstance(value, str):
        raise BadCorrection(f"日期应为文字（如 2021-03-05），而不是 {value!r}")
    text = value.strip()
    day = None
    if ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat((text + "-01-01")[:10])
        except ValueError:
            day = None
    if day is None:
        raise BadCorrection(
            f"看不懂的日期 {text!r}；请写成 年-月-日，例如 2021-03-05（只知月份或年份时写 2021-03 或 2021）"
        )
    today = today or datetime.now(UTC).date()
    if not MIN_DATE <= day <= today:
        raise BadCorrection(f"日期 {text} 不在 {MIN_DATE.isoformat()} 到今天（{today.isoformat()}）之间")
    return text


def check(item: object) -> dict:
    """The line as a checked correction (types and values), or BadCorrection saying why it cannot apply."""
    if not isinstance(item, dict):
        raise BadCorrection("每行应是一个 JSON 对象")
    op = item.get("op")
    if op not in OPS:
        raise BadCorrection(f"op 应为 {'、'.join(OPS)} 之一，而不是 {op!r}")
    out = dict(item)
    if op == "merge":
        ids = item.get("ids")
        if not isinstance(ids, list):
            raise BadCorrection("merge 需要 ids：两个或更多项目编号的列表")
        out["ids"] = list(dict.fromkeys(_id(i) for i in ids))
        if len(out["ids"]) < 2:
            raise BadCorrection("merge 需要两个不同的项目编号")
    elif op == "set-date":
        out["id"] = _id(item.get("id"), "文章编号")
        out["date"] = check_date(item.get("date"))
    else:
        out["id"] = _id(item.get("id"))
    if op == "split":
        names = item.get("names")
        if not isinstance(names, list) or not names:
            raise BadCorrection("split 需要 names：分出去的那个项目的名称列表")
        out["names"] = [_text(n, "名称") for n in names]
    elif op == "rename":
        out["name"] = _text(item.get("name"), "名称")
    elif op == "set":
        out["value"] = check_value(item.get("field"), item.get("value"))
        if item.get("currency") is not None:
            out["currency"] = check_value("investment_currency", item["currency"])
    elif op == "exclude":
        out["reason"] = _text(item.get("reason"), "排除理由", required=False) or "用户排除"
    elif op == "confirm":  # the value the person saw: a later, different value is not confirmed
        out["value"] = check_value(item.get("field"), item.get("value"))
    anchors = item.get("anchors")
    if anchors is not None and not (
        isinstance(anchors, dict)
        and all(
            isinstance(v, list)
            and all(isinstance(a, list) and len(a) == 3 and all(isinstance(x, str) for x in a) for a in v)
            for v in anchors.values()
        )
    ):
        out.pop("anchors")  # unreadable anchors: fall back on the id
    return out


def parse_value(field: str, text: str, parks: set[str] | None = None, *, new_park: bool = False) -> dict:
    """What `set ID FIELD VALUE` records, parsed from the command line's text with the pipeline's own rules
    (`100亿` → 10000000000, `3.5亿美元` → 350000000 in USD): `{"value": …}` plus `currency` for a
    foreign amount. Raises BadCorrection with the reason in Chinese."""
    raw = text.strip()
    if field not in SETTABLE:
        raise BadCorrection(f"不能更正字段 {field!r}；可更正：{'、'.join(SETTABLE)}")
    if raw.lower() in CLEAR_WORDS:
        return {"value": check_value(field, None)}
    if field in (*MONEY_FIELDS, "jobs"):
        return _parse_number(field, raw)
    if field == "in_totals":
        if raw not in ("0", "1"):
            raise BadCorrection("in_totals 只能是 0（不计入合计）或 1（计入合计）")
        return {"value": int(raw)}
    if field == "investment_currency":
        return {"value": check_value(field, raw.upper())}
    if field == "park":
        from .parks import canonical_park

        value = canonical_park(check_value(field, raw))
        if parks is not None and value not in parks and not new_park:
            raise BadCorrection(
                f"没有名为“{raw}”的园区（园区表 data/parks.csv 和库中都没有）；"
                "确是新园区时加 --new-park，或先在 data/parks.csv 中添加"
            )
        return {"value": value}
    return {"value": check_value(field, raw)}


def _parse_number(field: str, raw: str) -> dict:
    from .amounts import parse_amount

    plain = raw.replace(",", "").replace("，", "")
    if plain.isascii() and plain.isdigit():
        return {"value": check_value(field, int(plain))}
    if plain.startswith(("-", "−", "负")):
        raise BadCorrection(f"{field} 不能为负数：{raw}")
    suffix = "人" if field == "jobs" else "元"
    for phrase in (raw, raw + suffix):
        amount = parse_amount(phrase)
        if amount is not None and amount.start == 0 and amount.end == len(phrase):
            break
    else:
        example = "500 或 500人" if field == "jobs" else "10600000000、106亿 或 106亿元"
        raise BadCorrection(f"看不懂的数额 {raw!r}；请写成 {example}")
    if (amount.kind == "people") != (field == "jobs"):
        raise BadCorrection(f"{raw!r} 不是{'人数' if field == 'jobs' else '金额'}")
    out: dict = {"value": check_value(field, amount.value)}
    if amount.currency and amount.currency != "CNY":
        if field != "investment_yuan":
            raise BadCorrection(f"{field} 只记人民币；{raw!r} 是 {amount.currency}")
        out["currency"] = amount.currency
    return out


# ---------------------------------------------------------------------------------------------------
# Reading and writing the file


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM dropped), else GB18030 (a file saved by a Chinese Windows editor)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def load(file: Path | None = None) -> list[dict]:
    """The corrections in file order, checked. A line that cannot be read is kept as
    `{"_line": n, "_error": reason}` so that `apply` reports it with the others; never fatal."""
    p = file or path()
    try:
        if not p.exists():
            return []
        data = p.read_bytes()
        if p == LEGACY and not setting("PARKTRACK_CORRECTIONS"):
            note = "这个数据库旁还没有自己的更正文件；下一条更正会把它复制过去"
            print(f"读取旧的全局更正文件 {p}：{note}", file=sys.stderr)
    except OSError as exc:
        print(f"{p}: 读不了更正文件：{exc}", file=sys.stderr)
        return [{"_line": 0, "_error": f"读不了更正文件：{exc}"}]
    out = []
    for n, line in enumerate(_decode(data).splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            raw = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raw, item = None, {"_error": f"不是 JSON：{exc}"}
        if raw is not None:
            try:
                item = check(raw)
            except BadCorrection as exc:  # keep what the status table can show of it
                shown = {k: raw.get(k) for k in ("op", "id", "field") if isinstance(raw, dict)}
                item = {k: v for k, v in shown.items() if isinstance(v, str)} | {"_error": str(exc)}
        if "_error" in item:
            print(f"{p}:{n}: 跳过更正：{item['_error']}", file=sys.stderr)
        out.append({**item, "_line": n})
    return out


def append(item: dict, file: Path) -> Path:
    """Record one correction (checked first: nothing is written when it cannot apply) at the end of the
    file, with who and when."""
    item = check(item)
    item.setdefault("by", os.environ.get("USER") or "cli")
    item.setdefault("at", datetime.now(UTC).isoformat(timespec="seconds"))
    line = json.dumps(item, ensure_ascii=False) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("ab") as fh:
        if fh.tell() and not _ends_with_newline(file):
            line = "\n" + line  # a hand-edited file without a final newline: keep both lines
        fh.write(line.encode("utf-8"))
    return file


def _ends_with_newline(file: Path) -> bool:
    with file.open("rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


# ---------------------------------------------------------------------------------------------------
# Applying


class _Groups:
    """The groups being corrected, with the lookups a correction needs to find its project. They are
    rebuilt only after a merge or split changed the groups, and the lookups by mention only when a
    correction's id is not a group's id (most corrections find theirs by id)."""

    def __init__(self, groups: list[list], group_id: Callable[[list], str]) -> None:
        self.group_id = group_id
        self.replace(groups)

    def replace(self, groups: list[list]) -> None:
        self.groups = groups
        self._by_id: dict[str, int] | None = None
        self._by_mention: tuple[dict[object, int], dict[str, Counter[int]]] | None = None

    def by_id(self) -> dict[str, int]:
        if self._by_id is None:
            self._by_id = {self.group_id(g): i for i, g in enumerate(self.groups)}
        return self._by_id

    def by_mention(self) -> tuple[dict[object, int], dict[str, Counter[int]]]:
        if self._by_mention is None:
            mentions: dict[object, int] = {}
            stored: dict[str, Counter[int]] = {}
            for i, g in enumerate(self.groups):
                for m in g:
                    mentions[m["mention_id"]] = i
                    mentions[(m["article_id"], m["name"])] = i
                    if pid := _get(m, "project_id"):
                        stored.setdefault(pid, Counter())[i] += 1
            self._by_mention = mentions, stored
        return self._by_mention

    def find(self, pid: str, anchors: list | None) -> tuple[int | None, str]:
        """The group a correction of `pid` means: the group of that id; else the one holding most of
        the mentions the project held when the correction was made; for a line without anchors, the one
        most of whose mentions were last stored under that id."""
        if (i := self.by_id().get(pid)) is not None:
            return i, APPLIED
        by_mention, by_stored = self.by_mention()
        votes: Counter[int] = Counter()
        if anchors:
            for mid, article_id, name in anchors:
                i = by_mention.get((article_id, name), by_mention.get(mid))  # the words first, then the position
                if i is not None:
                    votes[i] += 1
        else:
            votes = by_stored.get(pid, Counter())
        if not votes:
            return None, SKIPPED
        return max(votes, key=lambda i: (votes[i], -i)), MOVED


def _get(row: Mapping, key: str) -> object:
    try:
        return row[key]
    except (KeyError, IndexError):
        return None


def apply(
    items: list[dict],
    groups: list[list[dict]],
    group_id: Callable[[list[dict]], str],
    status: list[dict] | None = None,
) -> tuple[list[list[dict]], dict[str, dict]]:
    """Apply corrections to groups of mention rows; return the groups and field overrides by id. What
    became of each line (applied, applied to the project's new id, or skipped and why) is appended to
    `status`. One line's failure never stops the others."""
    state = _Groups(groups, group_id)
    overrides: dict[str, dict] = {}
    results: list[tuple[dict, int | None]] = []  # a status row, and a mention of its group (final id later)
    for item in items:
        row = _status_row(item)
        try:
            done, reason, member = _apply_one(item, state, overrides)
        except Exception as exc:  # noqa: BLE001 — a correction never stops the run
            done, reason, member = SKIPPED, f"无法应用：{exc}", None
        row["state"], row["reason"] = done, reason
        results.append((row, member))
    if status is not None and results:
        final = {}  # each group's id reckoned once, not once per member (a flagship project has hundreds)
        for g in state.groups:
            gid = group_id(g)
            final.update((m["mention_id"], gid) for m in g)
        for row, member in results:
            row["project_id"] = final.get(member) if member is not None else None
            status.append(row)
    return state.groups, overrides


def apply_dates(conn, items: list[dict]) -> None:
    """Write the `set-date` corrections to the stored articles (date, year, date_origin), in file order
    (the last line for an article wins), before the mentions are resolved: the resolution then reads the
    corrected dates, so projects' first-seen dates and years follow. Each line's fate is kept on it
    (`_applied`) for the status table; a line for an article no longer stored is skipped, not fatal."""
    from .store import transaction

    wanted = [it for it in items if it.get("op") == "set-date" and "_error" not in it]
    if not wanted:
        return
    with transaction(conn):
        for item in wanted:
            cursor = conn.execute(
                "update articles set date = ?, year = ?, date_origin = ? where article_id = ?",
                (item["date"], int(item["date"][:4]), DATE_ORIGIN, item["id"]),
            )
            found = cursor.rowcount > 0
            item["_applied"] = (APPLIED, None) if found else (SKIPPED, f"库中没有文章 {item['id']}")


def _status_row(item: dict) -> dict:
    value = item.get("date") if item.get("op") == "set-date" else item.get("value")
    return {
        "line": item.get("_line"),
        "op": item.get("op"),
        "target": " ".join(item.get("ids") or []) or item.get("id"),
        "field": item.get("field"),
        "value": None if value is None else json.dumps(value, ensure_ascii=False),
        "old_value": None if item.get("old") is None else json.dumps(item.get("old"), ensure_ascii=False),
        "by": item.get("by"),
        "at": item.get("at"),
    }


def _apply_one(item: dict, state: _Groups, overrides: dict[str, dict]) -> tuple[str, str | None, str | None]:
    """(state, reason, a mention of the group it applied to) for one correction."""
    if "_error" in item:
        return SKIPPED, item["_error"], None
    op = item["op"]
    if op == "set-date":  # applied to the article before resolution (apply_dates)
        state, reason = item.get("_applied") or (SKIPPED, "日期更正未写入文章（请重新运行 ingest）")
        return state, reason, None
    anchors = item.get("anchors") or {}
    if op == "merge":
        found: list[int] = []
        how, missing = APPLIED, []
        for pid in item["ids"]:
            i, h = state.find(pid, anchors.get(pid))
            if i is None:
                missing.append(pid)
                continue
            how = MOVED if h == MOVED else how
            if i not in found:
                found.append(i)
        if len(found) < 2:
            why = "这些项目已是同一个项目" if not missing else f"找不到项目 {'、'.join(missing)}"
            return SKIPPED, why, None
        present = [state.groups[i] for i in found]
        merged = [m for g in present for m in g]
        old_ids = [state.group_id(g) for g in present]
        state.replace([g for i, g in enumerate(state.groups) if i not in found] + [merged])
        moved = {k: v for pid in old_ids for k, v in overrides.pop(pid, {}).items()}
        if moved:
            overrides.setdefault(state.group_id(merged), {}).update(moved)
        return how, (f"找不到项目 {'、'.join(missing)}，其余已合并" if missing else None), merged[0]["mention_id"]
    i, how = state.find(item["id"], anchors.get(item["id"]))
    if i is None:
        return SKIPPED, f"库中没有项目 {item['id']}（它的提及都已不在库中）", None
    target = state.groups[i]
    member = target[0]["mention_id"]
    pid = state.group_id(target)
    if op == "split":
        names = set(item["names"])
        out = [m for m in target if m["name"] in names]
        keep = [m for m in target if m["name"] not in names]
        if not (out and keep):
            why = "没有提及用这些名称" if not out else "所有提及都用这些名称，无从拆分"
            return SKIPPED, why, member
        state.replace([g for g in state.groups if g is not target] + [keep, out])
        return how, None, out[0]["mention_id"]
    if op == "rename":
        overrides.setdefault(pid, {})["name"] = item["name"]
    elif op == "set":
        overrides.setdefault(pid, {})[item["field"]] = item["value"]
        if item["field"] == "investment_yuan" and item["value"] is not None:  # a set amount has its currency
            overrides[pid]["investment_currency"] = item.get("currency") or "CNY"
    elif op == "exclude":
        overrides.setdefault(pid, {}).update(in_totals=0, exclude_reason=item.get("reason") or "用户排除")
    return how, None, member
