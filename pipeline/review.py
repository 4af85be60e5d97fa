"""待核对 — the records most worth a person's minute, from the tables the pipeline already keeps.

A record is a (project, field) value. Its cost is what a wrong value would weigh: the size of the amount
(yuan; a record without one counts as FLOOR) times how unsure it is (0–1). Unsureness comes from named
reasons, each with a weight; several combine as independent doubts, 1 − Π(1 − w). A record without a
reason is not in the queue: the queue lists doubts, not everything.

A person's verdict is a correction line (corrections.py's format, one file per database): `confirm`
(the value seen is right), `set`, `rename`, `exclude`, `merge`, `split`. A record leaves the queue when
its project's `corrections_status` (rebuilt on every resolution, so it survives re-ingest and
`--rebuild`) holds an applied verdict on it; a confirmation lapses when the value changes.

`queue` and `confirmed_share` only read; `record` writes a verdict through the command line's own
checks, so the dashboard's buttons write exactly what `python -m pipeline …` writes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from . import corrections

FIELDS = ("investment_yuan", "output_yuan", "jobs", "status", "name", "park")
FIELD_LABELS = {
    "investment_yuan": "投资",
    "output_yuan": "产值",
    "jobs": "就业",
    "status": "阶段",
    "name": "名称",
    "park": "园区",
}
EVIDENCE_FIELD = {"investment_yuan": "investment", "output_yuan": "output", "jobs": "jobs"}
FLOOR = 10**8  # yuan: a record with no amount weighs as a 1亿元 project (unknown is not small)
# For ordering only (never shown, never summed): a foreign amount weighs about this many yuan a unit.
ORDER_RATES = {"CNY": 1.0, "USD": 7.0, "EUR": 7.5, "HKD": 0.9}
LOW_HEALTH = 0.5  # below this the record leans on one source with gaps

# reason code → (weight, what it means); the label of an item's reason adds the particulars
REASONS = {
    "bound_far": (0.35, "数字与项目名不在同一句（跨句或靠代词“该项目”指回）"),
    "aggregate_sentence": (0.5, "同一句里有汇总数字（多个项目合计）"),
    "aggregate_article": (0.15, "同一篇文章里有汇总数字"),
    "stage_no_cue": (0.4, "阶段没有本项目自己的提示词（取自全文或默认）"),
    "generic_name": (0.4, "名称没有特有的部分（太短或是泛称）"),
    "merged_names": (0.3, "由不同名称的提及合并而来"),
    "park_unknown": (0.3, "园区不在园区表或国家开发区名录中"),
    "low_health": (0.25, "健康度低（来源少、字段缺）"),
    "confirm_lapsed": (0.2, "核对过的值已变"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    weight: float


@dataclass(frozen=True)
class Item:
    """One record in the queue, with what a person needs to judge it in a minute."""

    project_id: str
    name: str
    park: str | None
    field: str
    value: object  # as stored in `projects` (what `confirm` records)
    currency: str | None
    reasons: tuple[Reason, ...]
    unsure: float
    weight_yuan: float  # the amount the cost is weighed by (FLOOR when none is stated)
    cost: float
    mention_id: str | None = None
    article_id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    # the ranges of the article shown (the mention's sentence, and the figure's when it is another one)
    ranges: tuple[tuple[int, int], ...] = ()
    marks: tuple[tuple[int, int, str], ...] = ()  # spans to highlight, offsets into the article
    sentence: str | None = None  # the ranges' text joined by ` … ` (filled for the items asked for)
    spans: tuple[tuple[int, int, str], ...] = ()  # the marks as offsets into `sentence`
    names: tuple[str, ...] = ()  # the names its mentions use (for 拆分)


# ---------------------------------------------------------------------------------------------------
# Reading


def _conn(db: object) -> sqlite3.Connection:
    return getattr(db, "conn", db)  # a sqlite_utils.Database or a sqlite3.Connection


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable = ()) -> list[dict]:
    cur = conn.execute(sql, tuple(params))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def verdicts(db: object) -> tuple[set[tuple[str, str]], dict[tuple[str, str], str], set[str]]:
    """What people decided, by the project each verdict applies to now: the (project, field) records
    corrected, the values confirmed (as JSON), and the projects excluded (never a project: none of its
    records needs a look)."""
    conn = _conn(db)
    corrected: set[tuple[str, str]] = set()
    confirmed: dict[tuple[str, str], str] = {}
    excluded: set[str] = set()
    if "corrections_status" not in _tables(conn):
        return corrected, confirmed, excluded
    done = (corrections.APPLIED, corrections.MOVED)
    for r in _rows(conn, "select op, target, project_id, field, value, state from corrections_status order by line"):
        pid = r["project_id"]
        if r["state"] not in done or not pid:
            continue
        op = r["op"]
        if op == "confirm":
            confirmed[(pid, r["field"])] = r["value"]
        elif op == "set":
            corrected.add((pid, r["field"]))
            if r["field"] == "investment_currency":
                corrected.add((pid, "investment_yuan"))
        elif op == "rename":
            corrected.add((pid, "name"))
        elif op == "exclude":
            excluded.add(pid)
        elif op in ("merge", "split"):  # a person looked at which names are one project
            corrected.add((pid, "name"))
            for target in (r["target"] or "").split():
                corrected.add((target, "name"))
    return corrected, confirmed, excluded


def _as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _known_parks() -> set[str]:
    from .parks import load_gazetteer, zone_names

    return set(load_gazetteer().names.values()) | set(zone_names().values())


def _generic(name: str) -> bool:
    from .names import core_name, is_generic

    return is_generic(name, sector=True) or len(core_name(name)) < 3


def _name_keys(names: Iterable[str]) -> set[str]:
    from .resolve import name_key

    return {name_key(n) for n in names}


def _combine(reasons: list[Reason]) -> float:
    doubt = 1.0
    for r in reasons:
        doubt *= 1 - r.weight
    return round(1 - doubt, 4)


def _reason(code: str, detail: str = "") -> Reason:
    weight, label = REASONS[code]
    return Reason(code, label + (f"：{detail}" if detail else ""), weight)


def _candidates(conn: sqlite3.Connection, project_ids: Iterable[str] | None = None) -> list[Item]:
    """Every record with a reason for doubt, not yet reviewed, costed; without its text. Of these projects
    only, when given: a project's records are reckoned from its own row, mentions, their evidence and
    their articles' aggregates, so a subset gives exactly that subset of the whole."""
    out = [item for _, item in _doubted(conn, project_ids, detail=True) if item is not None]
    out.sort(key=lambda i: (-i.cost, i.project_id, FIELDS.index(i.field)))
    return out


def _counts(conn: sqlite3.Connection, project_ids: Iterable[str] | None = None) -> dict[str, int]:
    """The queue's size by project: the records `_candidates` would give, counted, not built (no ranges,
    costs or items: publish needs only how many)."""
    return dict(Counter(pid for pid, _ in _doubted(conn, project_ids, detail=False)))


def _doubted(
    conn: sqlite3.Connection, project_ids: Iterable[str] | None, detail: bool
) -> Iterator[tuple[str, Item | None]]:
    """Each record with a reason for doubt: its project's id and, with `detail`, its Item (the same
    reasons decide either way, so a count always equals the queue's length)."""
    if "projects" not in _tables(conn):
        return
    corrected, confirmed, excluded = verdicts(conn)
    # `… in (select value from json_each(?))`: one bound JSON array, however many projects
    only, params = ("", ()) if project_ids is None else (" in (select value from json_each(?))", (_ids(project_ids),))
    projects = _rows(
        conn,
        "select project_id, name, aliases, park, investment_yuan, investment_currency, investment_mention_id, "
        "output_yuan, jobs, status, health from projects" + (f" where project_id{only}" if only else ""),
        params,
    )
    mentions: dict[str, list[dict]] = defaultdict(list)
    for m in _rows(
        conn,
        'select m.mention_id, m.project_id, m.article_id, m.name, m.start, m."end", m.name_start, m.name_end, '
        "m.status, m.is_plan, m.investment_yuan, m.output_yuan, m.jobs, m.park, a.date, a.title, a.url "
        "from mentions m join articles a using (article_id) where m.project_id is not null"
        + (f" and m.project_id{only}" if only else ""),
        params,
    ):
        mentions[m["project_id"]].append(m)
    members = f"select mention_id from mentions where project_id{only}"
    evidence: dict[str, list[dict]] = defaultdict(list)
    for e in _rows(
        conn,
        'select mention_id, field, start, "end", value, is_plan, sentence_start, sentence_end from evidence '
        "where field in ('investment', 'output', 'jobs', 'stage')"
        + (f" and mention_id in ({members})" if only else ""),
        params,
    ):
        evidence[e["mention_id"]].append(e)
    aggregates: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    articles = f"select article_id from mentions where project_id{only}"
    for g in _rows(
        conn,
        'select article_id, start, "end", label, sentence from aggregates'
        + (f" where article_id in ({articles})" if only else ""),
        params,
    ):
        aggregates[g["article_id"]].append((g["start"], g["end"], g["label"] or g["sentence"] or ""))
    known_parks = _known_parks()
    for p in projects:
        pid = p["project_id"]
        if pid in excluded:
            continue
        members = sorted(mentions.get(pid, []), key=lambda m: (m["date"] or "", m["mention_id"]))
        if not members:
            continue
        size = _order_yuan(p["investment_yuan"], p["investment_currency"])
        names = tuple(sorted({m["name"] for m in members}))
        base = {"project_id": pid, "name": p["name"], "park": p["park"], "names": names}
        project_reasons: list[Reason] = []
        if p["health"] is not None and p["health"] < LOW_HEALTH:
            project_reasons.append(_reason("low_health", f"{p['health']:.2f}"))
        for fld in FIELDS:
            value = p[fld]
            if value is None or (pid, fld) in corrected:
                continue
            seen = confirmed.get((pid, fld))
            if seen is not None and seen == _as_json(value):
                continue
            reasons: list[Reason] = []
            if seen is not None:
                reasons.append(_reason("confirm_lapsed", f"核对时是 {json.loads(seen)}"))
            where = _where(fld, p, members, evidence, aggregates, reasons, known_parks, detail)
            if fld == ("investment_yuan" if p["investment_yuan"] is not None else "name"):
                reasons += project_reasons  # the record as a whole: shown once, on its main value
            if not reasons:
                continue
            if not detail:
                yield pid, None
                continue
            unsure = _combine(reasons)
            weigh = float(value) if fld == "output_yuan" else size
            weigh = weigh or FLOOR
            yield (
                pid,
                Item(
                    field=fld,
                    value=value,
                    currency=p["investment_currency"] if fld == "investment_yuan" else None,
                    reasons=tuple(reasons),
                    unsure=unsure,
                    weight_yuan=weigh,
                    cost=round(weigh * unsure, 2),
                    **base,
                    **where,
                ),
            )


def _ids(project_ids: Iterable[str]) -> str:
    return json.dumps(sorted(set(project_ids)), ensure_ascii=False)


def _order_yuan(amount: int | None, currency: str | None) -> float:
    if amount is None:
        return 0.0
    return amount * ORDER_RATES.get(currency or "CNY", 1.0)


def _where(
    fld: str,
    p: dict,
    members: list[dict],
    evidence: dict[str, list[dict]],
    aggregates: dict[str, list[tuple[int, int, str]]],
    reasons: list[Reason],
    known_parks: set[str],
    detail: bool = True,
) -> dict:
    """The mention that states the record's value, the ranges and marks to show it, and the reasons its
    evidence gives for doubt (appended to `reasons`); without `detail`, the reasons only (an empty dict)."""
    source = members[0]
    marks: list[tuple[int, int, str]] = []
    ranges: list[tuple[int, int]] = []
    if fld in EVIDENCE_FIELD:
        if fld == "investment_yuan":
            source = next((m for m in members if m["mention_id"] == p["investment_mention_id"]), None)
        else:  # the record takes the latest statement of the value
            source = next((m for m in reversed(members) if m[fld] == p[fld]), None)
        source = source or members[0]
        fig = next((e for e in evidence.get(source["mention_id"], []) if e["field"] == EVIDENCE_FIELD[fld]), None)
        ranges.append((source["start"], source["end"]))
        if fig:
            marks.append((fig["start"], fig["end"], EVIDENCE_FIELD[fld]))
            fs, fe = fig["sentence_start"], fig["sentence_end"]
            if fs is not None and fe is not None:
                ranges.append((fs, fe))
                # the figure's sentence is not the one naming the project: bound across sentences, or by
                # a pronoun (`该项目…`), which the extractor reaches only where no name stands before it
                if (fs, fe) != (source["start"], source["end"]) and not fs <= source["name_start"] < fig["start"]:
                    reasons.append(_reason("bound_far"))
                for a_start, a_end, label in aggregates.get(source["article_id"], []):
                    if a_start <= fig["start"] < a_end or (fs <= a_start < fe):
                        reasons.append(_reason("aggregate_sentence", label[:30]))
                        break
                else:
                    if aggregates.get(source["article_id"]):
                        reasons.append(_reason("aggregate_article"))
    elif fld == "status":
        stated = [m for m in members if m["status"] == p["status"] and not m["is_plan"]]
        source = stated[0] if stated else members[0]
        ranges.append((source["start"], source["end"]))
        cued = next(  # the first only: a project reported a thousand times has as many cues
            (
                (m, e)
                for m in stated
                for e in evidence.get(m["mention_id"], [])
                if e["field"] == "stage" and e["value"] == p["status"] and not e["is_plan"]
            ),
            None,
        )
        if cued:
            source, e = cued
            ranges[-1] = (source["start"], source["end"])
            marks.append((e["start"], e["end"], "stage"))
            if e["sentence_start"] is not None:
                ranges.append((e["sentence_start"], e["sentence_end"]))
        else:
            reasons.append(_reason("stage_no_cue"))
    elif fld == "name":
        source = next((m for m in members if m["name"] == p["name"]), members[0])
        ranges.append((source["start"], source["end"]))
        if source["name_start"] is not None:
            marks.append((source["name_start"], source["name_end"], "name"))
        if _generic(p["name"]):
            reasons.append(_reason("generic_name"))
        names = {m["name"] for m in members}
        if len(_name_keys(names)) > 1:
            reasons.append(_reason("merged_names", "、".join(sorted(names))[:60]))
    elif fld == "park":
        source = next((m for m in members if m["park"]), members[0])
        ranges.append((source["start"], source["end"]))
        if p["park"] not in known_parks:
            reasons.append(_reason("park_unknown", p["park"]))
    if not detail:
        return {}
    return {
        "mention_id": source["mention_id"],
        "article_id": source["article_id"],
        "title": source["title"],
        "date": source["date"],
        "url": source["url"],
        "ranges": _merge(ranges),
        "marks": tuple(marks),
    }


def _merge(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    if len(ranges) == 1 and None not in ranges[0]:
        return (ranges[0],)
    merged: list[list[int]] = []
    for low, high in sorted(r for r in ranges if r[0] is not None and r[1] is not None):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return tuple((a, b) for a, b in merged)


def _with_text(conn: sqlite3.Connection, items: list[Item]) -> list[Item]:
    """The items with their sentences read (only their articles' text is read)."""
    ids = sorted({i.article_id for i in items if i.article_id})
    texts: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        texts.update(conn.execute(f"select article_id, text from articles where article_id in ({marks})", chunk))
    out = []
    for item in items:
        text = texts.get(item.article_id or "", "")
        parts, spans, pos = [], [], 0
        for n, (low, high) in enumerate(item.ranges):
            if n:
                parts.append(" … ")
                pos += 3
            for s, e, f in item.marks:
                if low <= s and e <= high:
                    spans.append((pos + s - low, pos + e - low, f))
            parts.append(text[low:high])
            pos += high - low
        out.append(replace(item, sentence="".join(parts), spans=tuple(spans)))
    return out


def queue(db: object, limit: int | None = None, project_ids: Iterable[str] | None = None) -> list[Item]:
    """The review queue, costliest first: every record with a named doubt that no person has confirmed
    or corrected yet (the first `limit`, with their sentences; of `project_ids` only, when given)."""
    conn = _conn(db)
    items = _candidates(conn)
    if project_ids is not None:
        keep = set(project_ids)
        items = [i for i in items if i.project_id in keep]
    return _with_text(conn, items[:limit] if limit is not None else items)


def candidates(db: object) -> list[Item]:
    """The whole queue, costliest first, without the sentences (cheap to hold; see `with_text`)."""
    return _candidates(_conn(db))


def with_text(db: object, items: list[Item]) -> list[Item]:
    """These items with their sentences read (only their articles' text)."""
    return _with_text(_conn(db), items)


def queue_size(db: object, project_ids: Iterable[str] | None = None) -> int:
    items = _candidates(_conn(db))
    if project_ids is not None:
        keep = set(project_ids)
        items = [i for i in items if i.project_id in keep]
    return len(items)


SUMMARY_KEY = "review_queue"  # meta: the queue's size by project, with the resolution it was counted on
SUMMARY_FORMAT = 2  # bump when what a project's records depend on changes: the next publish counts all again


def _basis(conn: sqlite3.Connection) -> str:
    """What every project's records depend on beyond its own row and mentions: people's verdicts and the
    known parks. A summary counted on another basis is counted again whole."""
    corrected, confirmed, excluded = verdicts(conn)
    parts = [SUMMARY_FORMAT, sorted(corrected), sorted(confirmed.items()), sorted(excluded), sorted(_known_parks())]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def _sizes(items: Iterable[Item]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for item in items:
        sizes[item.project_id] = sizes.get(item.project_id, 0) + 1
    return sizes


def queue_sizes(db: object) -> dict[str, int]:
    """The queue's size by project, reckoned whole (what `publish` keeps up to date a part at a time)."""
    return _sizes(_candidates(_conn(db)))


def _publish_sizes(conn: sqlite3.Connection) -> dict[str, int]:
    """The queue's size by project: the last summary's, with the projects marked since (store.mark_for_review:
    their row, members or mentions changed) reckoned again, when that summary was counted on the same
    basis; else every project's. Either way the same sizes: a project's records depend only on its own
    row, mentions, evidence and aggregates, and on the basis."""
    from . import store

    basis = _basis(conn)
    meta = dict(conn.execute("select key, value from meta where key in (?, ?)", (SUMMARY_KEY, store.REVIEW_DIRTY)))
    try:
        last = json.loads(meta.get(SUMMARY_KEY) or "null")
        dirty = set(json.loads(meta[store.REVIEW_DIRTY])) if store.REVIEW_DIRTY in meta else set()
    except (json.JSONDecodeError, TypeError):
        last, dirty = None, set()
    if not (isinstance(last, dict) and last.get("basis") == basis and isinstance(last.get("sizes"), dict)):
        return {"basis": basis, "sizes": _counts(conn)}
    existing = {r[0] for r in conn.execute("select project_id from projects")}
    sizes = {pid: n for pid, n in last["sizes"].items() if pid not in dirty and pid in existing}
    sizes.update(_counts(conn, dirty & existing))
    return {"basis": basis, "sizes": sizes}


def publish(db: object) -> None:
    """What an ingest publishes beside its tables: the queue's size by project (in `meta`, so the overview
    shows it without reckoning the queue, which takes seconds on a large archive) and the Atom feed of
    changes. The sizes are kept up to date a project at a time (`_publish_sizes`): a few new articles cost
    the projects they touch, not the archive. Never fatal: an ingest that could not publish says so and
    succeeds."""
    import sys

    from . import background, changes, store

    conn = _conn(db)
    file = next((r[2] for r in conn.execute("pragma database_list") if r[1] == "main"), "")
    # the feed reads tables this writes nothing to: written by the second core meanwhile, on a connection
    # of its own, which sees only what is committed (inside a rebuild's one transaction: the old tables)
    apart = bool(file) and not conn.in_transaction
    feed = background.start(lambda: _write_feed_apart(Path(file))) if apart else None
    try:
        summary = _publish_sizes(conn)
        summary["inputs"] = store.get_meta(db, "resolved_inputs")
        with store.transaction(conn):  # the summary and the marks it consumed, together
            conn.execute(
                "insert or replace into meta (key, value) values (?, ?)",
                (SUMMARY_KEY, json.dumps(summary, ensure_ascii=False)),
            )
            conn.execute("delete from meta where key = ?", (store.REVIEW_DIRTY,))
    except Exception as exc:  # noqa: BLE001 — the summary never costs an ingest
        print(f"没能记下待核对条数：{exc}", file=sys.stderr)
    if feed is None:
        changes.write_feed(db)
    else:
        feed.result()


def _write_feed_apart(file: Path) -> Path | None:
    """changes.write_feed on a connection of its own (see background: a forked child's)."""
    from . import changes

    conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return changes.write_feed(conn, changes.feed_path(file))
    finally:
        conn.close()


def stored_sizes(db: object) -> dict[str, int] | None:
    """The queue's size by project as the last ingest counted it, or None when the projects were resolved
    again since (a correction from the command line): then only `queue` can tell."""
    conn = _conn(db)
    if "meta" not in _tables(conn):
        return None
    meta = dict(conn.execute("select key, value from meta where key in (?, ?)", (SUMMARY_KEY, "resolved_inputs")))
    try:
        summary = json.loads(meta.get(SUMMARY_KEY) or "null")
    except json.JSONDecodeError:
        return None
    if not isinstance(summary, dict) or summary.get("inputs") != meta.get("resolved_inputs"):
        return None
    return summary.get("sizes") if isinstance(summary.get("sizes"), dict) else None


def confirmed_share(db: object, project_ids: Iterable[str] | None = None) -> float | None:
    """The share of the total investment (projects in the totals, yuan only: what the overview sums) whose
    figure a person confirmed or corrected; None when no investment is stated."""
    conn = _conn(db)
    if "projects" not in _tables(conn):
        return None
    corrected, confirmed, _excluded = verdicts(conn)
    keep = set(project_ids) if project_ids is not None else None
    total = checked = 0
    for pid, amount in conn.execute(
        "select project_id, investment_yuan from projects where in_totals = 1 and investment_yuan is not null "
        "and coalesce(investment_currency, 'CNY') = 'CNY'"
    ):
        if keep is not None and pid not in keep:
            continue
        total += amount
        key = (pid, "investment_yuan")
        if key in corrected or confirmed.get(key) == _as_json(amount):
            checked += amount
    return checked / total if total else None


# ---------------------------------------------------------------------------------------------------
# Writing a verdict


class Refused(Exception):
    """a verdict that cannot be recorded (the message says why, in Chinese)"""


def record(db_path: Path, item: dict, *, new_park: bool = False, corrections_file: Path | None = None) -> str:
    """Record one verdict exactly as the command line does (the same checks, anchors, old value, `by` and
    `at`, in the same file), then resolve the database again so it shows at once. Returns what was done;
    raises Refused when nothing was written."""
    from argparse import Namespace

    from . import cli, resolve, store

    try:
        conn = cli._read_db(db_path)
        try:
            item = cli._check_correction(conn, Namespace(new_park=new_park), dict(item))
        finally:
            conn.close()
        file, _note = corrections.writable(db_path, corrections_file)
        corrections.append(item, file)
    except (cli.Refused, corrections.BadCorrection) as exc:
        raise Refused(str(exc)) from exc
    except OSError as exc:
        raise Refused(f"写不了更正文件：{exc}") from exc
    try:
        with cli.ingest_lock(db_path):
            db = store.connect(db_path)
            resolution = resolve.resolve(db, file)
            store.write_projects(db, resolution)
            store.set_meta(db, built_at=_now())
            publish(db)
    except cli.IngestLocked:
        return f"已记录到 {file}；另一个 ingest 正在写数据库，它结束后即生效"
    last = resolution.corrections[-1] if resolution.corrections else None
    if last and last["state"] == corrections.SKIPPED:
        return f"已记录到 {file}，但没有生效：{last['reason']}"
    return f"已记录到 {file}"


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def current_value(db: object, project_id: str, fld: str) -> object:
    """The stored value `confirm` records (the field is one of corrections.SETTABLE, never user text)."""
    if fld not in corrections.SETTABLE:
        raise Refused(f"不能核对字段 {fld!r}；可核对：{'、'.join(corrections.SETTABLE)}")
    row = _conn(db).execute(f"select [{fld}] from projects where project_id = ?", (project_id,)).fetchone()
    if row is None:
        raise Refused(f"库中没有项目 {project_id}")
    return row[0]


# ---------------------------------------------------------------------------------------------------
# Output


def as_rows(items: list[Item]) -> list[dict]:
    """Flat rows for CSV / JSON Lines (Chinese reasons, the sentence as text)."""
    return [
        {
            "project_id": i.project_id,
            "name": i.name,
            "park": i.park,
            "field": i.field,
            "value": i.value,
            "currency": i.currency,
            "cost": i.cost,
            "unsure": i.unsure,
            "reasons": "；".join(r.label for r in i.reasons),
            "sentence": i.sentence,
            "figure": "、".join((i.sentence or "")[s:e] for s, e, _f in i.spans),
            "date": i.date,
            "title": i.title,
            "url": i.url,
            "mention_id": i.mention_id,
        }
        for i in items
    ]
