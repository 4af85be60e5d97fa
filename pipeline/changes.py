"""动态 — what changed since a date: new projects, stage moves, new or changed figures, projects newly
silent, and corrections made.

"Since" is the **article's date** (when the news said it), not the time we read it: a `--rebuild` or a
re-read file resets ingest times, and an archive read late would otherwise flood the feed with old news
as new. An article without a date counts from its file's ingest day (`files.ingested_at`); a month- or
year-only date counts from its first day. A correction counts from its `at`.

Each project is reckoned twice with the record's own rules (resolve.py): from its mentions dated before
the date, and from all of them. A project with no mention before is new (its figures and stage are part
of that entry, not separate changes); otherwise a further stage is a move and a different figure is a
change (old → new, both sentences); a stage counts as a move only where a cue of the mention's own states
it (not the article's stage, nor 在建 by default). A project is newly silent when it is 停滞（推断） now and its silence
reached the stall threshold on or after the date.

`since` reads only; `write_feed` writes the Atom feed beside the database (`data/projects.changes.xml`
for `data/projects.db`) on every ingest.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import sys
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

from .export import neutralise, xml_safe

KINDS = {
    "new_project": "新项目",
    "stage": "阶段变化",
    "figure_new": "新数字",
    "figure_changed": "数字变化",
    "silent": "新近沉寂",
    "correction": "更正",
}
FIGURE_FIELDS = {"investment_yuan": "投资", "output_yuan": "产值", "jobs": "就业"}
STALLED = "停滞（推断）"
FEED_DAYS = 30  # the feed holds the changes of the last month of news before the newest article
FEED_MAX = 200  # entries at most: a reader keeps what it has seen
ATOM = "http://www.w3.org/2005/Atom"
FORMATS = ("md", "csv", "jsonl")
DATED_NOTE = {"ingest": "（文章无日期，按读入日）"}


@dataclass(frozen=True)
class Change:
    kind: str  # a key of KINDS
    date: str  # when it happened: the article's date (else its file's ingest day); a correction's `at`
    project_id: str | None
    name: str | None
    park: str | None
    field: str | None = None
    old: object = None
    new: object = None
    sentence: str | None = None  # the new statement's sentence
    old_sentence: str | None = None  # the statement it replaces (figures)
    title: str | None = None
    url: str | None = None
    article_id: str | None = None
    detail: str = ""  # one line in Chinese, for lists and feed titles
    dated_by: str = "article"  # article | ingest (the article has no date: its file's ingest day) | correction

    def key(self) -> str:
        """What makes the change the same change in the next feed (a reader shows it once): not an undated
        article's ingest day, which a `--rebuild` moves."""
        when = "" if self.dated_by == "ingest" else self.date
        return f"{self.kind}|{self.project_id}|{self.field}|{self.new}|{self.article_id}|{when}"


# ---------------------------------------------------------------------------------------------------
# Dates


def day(text: str | None) -> str | None:
    """An ISO date or timestamp as a comparable day: `2022-03` → `2022-03-01`, `2022` → `2022-01-01`."""
    if not text:
        return None
    parts = text[:10].split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return None
    parts = (parts + ["01", "01"])[:3]
    return "-".join(p.zfill(2) for p in parts)


def parse_since(text: str) -> str:
    """`YYYY-MM-DD` (or a month, a year) as a day; ValueError with a Chinese message otherwise."""
    value = day(text.strip())
    try:
        date.fromisoformat(value or "")
    except ValueError:
        raise ValueError(f"看不懂的日期 {text!r}；请写成 YYYY-MM-DD，例如 2024-01-31") from None
    return value


def default_since(db: object, today: date | None = None) -> str:
    """The day of the last ingest before today; with none, a month before the newest article."""
    conn = _conn(db)
    today = today or datetime.now(UTC).date()
    row = conn.execute("select max(ingested_at) from files where substr(ingested_at, 1, 10) < ?", (str(today),))
    last = day(row.fetchone()[0])
    if last:
        return last
    newest = day(conn.execute("select max(date) from articles").fetchone()[0])
    return str(date.fromisoformat(newest) - timedelta(days=FEED_DAYS)) if newest else str(today)


# ---------------------------------------------------------------------------------------------------
# Reading


def _conn(db: object) -> sqlite3.Connection:
    return getattr(db, "conn", db)


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable = ()) -> list[dict]:
    cur = conn.execute(sql, tuple(params))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


# An article date SQLite can compare as text with a day: `YYYY-MM-DD…` is its own `day()`. Any other
# (none, a month or a year only, another spelling) is dated in Python, so it is always read.
ISO_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def _active(conn: sqlite3.Connection, when: str) -> set[str]:
    """The projects `since(when)` can report anything of: those with a mention that may be dated on or after
    `when` (a superset: the exact day is reckoned in Python), and those marked stalled (their silence can
    begin after `when`). The others have no mention after the date and no silence: no change. Reading only
    these keeps the feed's cost to the window's projects, not the archive's."""
    sql = (
        "select distinct m.project_id from mentions m join articles a using (article_id) "
        "where m.project_id is not null and (a.date is null or not a.date glob ? or substr(a.date, 1, 10) >= ?)"
    )
    active = {r[0] for r in conn.execute(sql, (ISO_DAY, when))}
    stalled = "select project_id from projects where status_inferred is not null and status_inferred != ''"
    return active | {r[0] for r in conn.execute(stalled)}


def _mentions(conn: sqlite3.Connection, project_ids: Iterable[str] | None = None) -> dict[str, list[dict]]:
    """Every resolved mention by project (of these projects only, when given)."""
    by_project: dict[str, list[dict]] = defaultdict(list)
    sql = (
        "select m.mention_id, m.project_id, m.article_id, m.name, m.status, m.is_plan, m.phase, m.sentence, "
        "m.investment_yuan, m.investment_currency, m.investment_qualifier, m.output_yuan, m.jobs, "
        "a.date as article_date, a.title, a.url, f.ingested_at "
        "from mentions m join articles a using (article_id) left join files f on f.path = a.file_path "
        "where m.project_id is not null"
    )
    params: tuple = ()
    if project_ids is not None:
        sql += " and m.project_id in (select value from json_each(?))"
        params = (json.dumps(sorted(project_ids)),)
    for m in _rows(conn, sql, params):
        m["when"] = day(m["article_date"]) or day(m["ingested_at"]) or "0000-01-01"
        m["dated_by"] = "article" if day(m["article_date"]) else "ingest"
        m["date"] = m["when"]  # resolve._latest ranks by `date`
        by_project[m["project_id"]].append(m)
    return by_project


def _figure_sentences(conn: sqlite3.Connection, mention_ids: set[str]) -> dict[tuple[str, str], str]:
    """The sentence that states each figure (often the one after the name's), by (mention, evidence field)."""
    out: dict[tuple[str, str], str] = {}
    ids = sorted(mention_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            "select e.mention_id, e.field, substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) "
            "from evidence e join mentions m using (mention_id) join articles a using (article_id) "
            f"where e.sentence_start is not null and e.mention_id in ({','.join('?' * len(chunk))})"
        )
        for mid, fld, text in conn.execute(sql, chunk):
            out.setdefault((mid, fld), text)
    return out


EVIDENCE_FIELD = {"investment_yuan": "investment", "output_yuan": "output", "jobs": "jobs", "status": "stage"}


def since(db: object, when: str, park: str | None = None, project_ids: Iterable[str] | None = None) -> list[Change]:
    """The changes on or after the day `when` (see the module's docstring for what counts), newest first;
    only of the projects in `park` (its canonical name) or in `project_ids` when given."""
    from .lexicon import STAGE_ORDER
    from .parks import canonical_park
    from .resolve import STALL_YEARS, _latest

    conn = _conn(db)
    when = parse_since(when)
    projects = {
        p["project_id"]: p
        for p in _rows(conn, "select project_id, name, park, status, status_inferred, last_event from projects")
    }
    keep = set(projects)
    if park:
        wanted = {park, canonical_park(park)}
        keep = {pid for pid, p in projects.items() if p["park"] in wanted}
    if project_ids is not None:
        keep &= set(project_ids)
    read = keep & _active(conn, when)  # the others have nothing to report but corrections
    mentions = _mentions(conn, read)
    cued = {  # mentions whose stage a cue of their own states, as an event
        mid
        for mid, value, status in conn.execute(
            "select e.mention_id, e.value, m.status from evidence e join mentions m using (mention_id) "
            "where e.field = 'stage' and not e.is_plan and m.project_id in (select value from json_each(?))",
            (json.dumps(sorted(read)),),
        )
        if value == status
    }
    out: list[Change] = []
    wanted_sentences: set[str] = set()
    pending: list[tuple[Change, str | None, str | None, str | None]] = []  # change, new/old mention, field
    for pid in sorted(read):
        p, members = projects[pid], sorted(mentions.get(pid, []), key=lambda m: (m["when"], m["mention_id"]))
        if not members:
            continue
        base = {"project_id": pid, "name": p["name"], "park": p["park"]}
        before = [m for m in members if m["when"] < when]
        after = [m for m in members if m["when"] >= when]
        if not after and not p["status_inferred"]:
            continue
        if not before:
            first = after[0]
            facts = [p["park"] or "", p["status"] or ""]
            out.append(
                Change(
                    "new_project",
                    first["when"],
                    **_source(first),
                    new=p["name"],
                    detail=p["name"] + "".join(f" · {f}" for f in facts if f),
                    **base,
                )
            )
            continue
        events_before = [m["status"] for m in before if m["status"] and not m["is_plan"]]
        old_stage = max(events_before, key=STAGE_ORDER.__getitem__) if events_before else None
        for m in after:
            if not m["status"] or m["is_plan"] or m["mention_id"] not in cued:
                continue  # a stage no cue of the mention states (the article's, or 在建 by default) is no move
            if old_stage is None or STAGE_ORDER[m["status"]] > STAGE_ORDER[old_stage]:
                change = Change(
                    "stage",
                    m["when"],
                    field="status",
                    old=old_stage,
                    new=m["status"],
                    **_source(m),
                    detail=f"{p['name']}：{old_stage or '—'}→{m['status']}",
                    **base,
                )
                pending.append((change, m["mention_id"], None, "status"))
                wanted_sentences.add(m["mention_id"])
                old_stage = m["status"]
        for fld, label in FIGURE_FIELDS.items():
            old, new = _latest(before, fld), _latest(members, fld)
            if new is None or new["when"] < when:
                continue
            if old is not None and (old[fld], _cur(old, fld)) == (new[fld], _cur(new, fld)):
                continue
            kind = "figure_new" if old is None else "figure_changed"
            old_text = _show(fld, old[fld], _cur(old, fld)) if old else "—"
            change = Change(
                kind,
                new["when"],
                field=fld,
                old=old[fld] if old else None,
                new=new[fld],
                old_sentence=old["sentence"] if old else None,
                **_source(new),
                detail=f"{p['name']}：{label} {old_text} → {_show(fld, new[fld], _cur(new, fld))}",
                **base,
            )
            pending.append((change, new["mention_id"], old["mention_id"] if old else None, fld))
            wanted_sentences |= {new["mention_id"], *([old["mention_id"]] if old else [])}
        if p["status_inferred"] == STALLED and p["last_event"]:
            silent_from = _plus_years(day(p["last_event"]), STALL_YEARS)
            if silent_from and silent_from >= when:
                out.append(
                    Change(
                        "silent",
                        silent_from,
                        field="status_inferred",
                        old=p["status"],
                        new=STALLED,
                        detail=f"{p['name']}：自 {p['last_event']} 起没有新进展报道（推断停滞）",
                        **base,
                    )
                )
    sentences = _figure_sentences(conn, wanted_sentences) if wanted_sentences else {}
    for change, new_mid, old_mid, fld in pending:
        ev = EVIDENCE_FIELD[fld]
        out.append(
            _replace(
                change,
                sentence=sentences.get((new_mid, ev), change.sentence),
                old_sentence=sentences.get((old_mid, ev), change.old_sentence) if old_mid else None,
            )
        )
    out += _corrections(conn, when, projects, keep if (park or project_ids is not None) else None)
    out.sort(key=lambda c: (c.date, list(KINDS).index(c.kind), c.project_id or ""), reverse=True)
    return out


SOURCE_FIELDS = ("sentence", "title", "url", "article_id", "dated_by")


def _source(m: dict) -> dict:
    """Where a change was read: the mention's sentence, its article's title, address, id and dating."""
    return {k: m[k] for k in SOURCE_FIELDS}


def _replace(change: Change, **values: object) -> Change:
    from dataclasses import replace

    return replace(change, **values)


def _cur(m: dict, fld: str) -> str | None:
    return (m.get("investment_currency") or "CNY") if fld == "investment_yuan" else None


def _show(fld: str, value: object, currency: str | None = None) -> str:
    if value is None:
        return "—"
    if fld == "jobs":
        return f"{int(value):,} 人"
    amount = int(value)
    unit = "元" if currency in (None, "CNY") else f" {currency}"
    if amount >= 10**8:
        return f"{amount / 10**8:.4g}亿{unit.strip() if currency not in (None, 'CNY') else '元'}"
    if amount >= 10**4:
        return f"{amount / 10**4:.4g}万{unit.strip() if currency not in (None, 'CNY') else '元'}"
    return f"{amount:,}{unit}"


def _plus_years(text: str | None, years: int) -> str | None:
    if not text:
        return None
    d = date.fromisoformat(text)
    try:
        return str(d.replace(year=d.year + years))
    except ValueError:  # 29 February
        return str(d.replace(year=d.year + years, day=28))


OPS = {
    "merge": "合并",
    "split": "拆分",
    "rename": "改名",
    "set": "改值",
    "exclude": "不计入合计",
    "confirm": "确认",
    "set-date": "改文章日期",
}


def _corrections(conn: sqlite3.Connection, when: str, projects: dict[str, dict], keep: set[str] | None) -> list[Change]:
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if "corrections_status" not in tables:
        return []
    out = []
    for r in _rows(conn, "select * from corrections_status where at is not null order by line"):
        at = day(r["at"])
        if not at or at < when:
            continue
        pid = r["project_id"]
        if keep is not None and pid not in keep:
            continue
        p = projects.get(pid or "", {})
        old = json.loads(r["old_value"]) if r["old_value"] else None
        new = json.loads(r["value"]) if r["value"] else None
        what = OPS.get(r["op"], r["op"])
        if r["field"]:
            what += f" {r['field']}"
            if r["op"] == "set":
                what += f"：{old if old is not None else '—'} → {new if new is not None else '未披露'}"
        state = "" if r["state"] != "未应用" else f"（未应用：{r['reason']}）"
        out.append(
            Change(
                "correction",
                r["at"],
                project_id=pid,
                name=p.get("name"),
                park=p.get("park"),
                field=r["field"],
                old=old,
                new=new,
                dated_by="correction",
                detail=f"{p.get('name') or r['target']}：{what}（{r['by'] or '?'}）{state}",
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------
# Output


COLUMNS = (
    "kind",
    "date",
    "project_id",
    "name",
    "park",
    "field",
    "old",
    "new",
    "detail",
    "sentence",
    "old_sentence",
    "title",
    "url",
    "dated_by",
)


def as_rows(changes: list[Change]) -> list[dict]:
    return [{k: (KINDS[c.kind] if k == "kind" else asdict(c)[k]) for k in COLUMNS} for c in changes]


def render(changes: list[Change], fmt: str, when: str) -> str:
    """The changes as Markdown (grouped by kind, sentences quoted), CSV or JSON Lines."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in as_rows(changes))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS)
        writer.writeheader()
        for r in as_rows(changes):
            writer.writerow({k: neutralise(v) for k, v in r.items()})
        return buf.getvalue()
    lines = [f"# {when} 以来的动态（按文章日期）", ""]
    if not changes:
        lines.append("没有变化。")
    for kind, label in KINDS.items():
        group = [c for c in changes if c.kind == kind]
        if not group:
            continue
        lines += [f"## {label}（{len(group)}）", ""]
        for c in group:
            lines.append(f"- {c.date[:10]}{DATED_NOTE.get(c.dated_by, '')} {c.detail} `{c.project_id or ''}`")
            lines += [f"  - {said}" for said in _sentences(c)]
            if c.url:
                lines.append(f"  - {c.url}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _sentences(c: Change) -> list[str]:
    """The change's sentences as a reader sees them: the old one (`原：…`) and the new one, or the one."""
    out = [f"原：{c.old_sentence}"] if c.old_sentence else []
    if c.sentence:
        out.append(f"{'新' if c.old_sentence else '原文'}：{c.sentence}")
    return out


# ---------------------------------------------------------------------------------------------------
# The Atom feed


def feed_path(db_path: Path) -> Path:
    """`data/projects.db` → `data/projects.changes.xml`."""
    return db_path.with_name(db_path.stem + ".changes.xml")


def _rfc3339(text: str) -> str:
    if len(text) == 10:
        return f"{text}T00:00:00Z"
    try:
        return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return f"{text[:10]}T00:00:00Z"


def _uuid(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'parktrack:' + key)}"


def atom(changes: list[Change], title: str, feed_key: str, now: datetime | None = None) -> bytes:
    """A valid Atom 1.0 document (RFC 4287): feed id, title, updated, author; each entry with id, title,
    updated, content (and the article's link when it has one)."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    now = now or datetime.now(UTC)
    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", _uuid("feed:" + feed_key))
    sub(feed, "title", title)
    sub(feed, "updated", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    sub(sub(feed, "author"), "name", "parktrack")
    sub(feed, "generator", "parktrack")
    for c in changes[:FEED_MAX]:
        entry = sub(feed, "entry")
        sub(entry, "id", _uuid(c.key()))
        sub(entry, "title", f"{KINDS[c.kind]} · {c.detail}")
        sub(entry, "updated", _rfc3339(c.date))
        body = [c.detail, *_sentences(c)]
        if c.title:
            body.append(f"文章：{c.title}（{c.date[:10]}）")
        sub(entry, "content", xml_safe("\n".join(body)), type="text")
        if c.url and c.url.startswith(("http://", "https://")):
            sub(entry, "link", rel="alternate", href=c.url)
        if c.park:
            sub(entry, "category", term=xml_safe(c.park))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def feed_since(db: object) -> str | None:
    """The feed's window: the last FEED_DAYS days of news before the newest article."""
    newest = day(_conn(db).execute("select max(date) from articles").fetchone()[0])
    return str(date.fromisoformat(newest) - timedelta(days=FEED_DAYS)) if newest else None


def write_feed(db: object, out: Path | None = None) -> Path | None:
    """Write the Atom feed beside the database (to a temporary file, then renamed: a reader never sees
    half a feed). Never fatal: an ingest that could not write its feed says so and succeeds."""
    try:
        conn = _conn(db)
        if out is None:
            file = next((r[2] for r in conn.execute("pragma database_list") if r[1] == "main"), "")
            if not file:
                return None
            out = feed_path(Path(file))
        when = feed_since(conn)
        changes = since(conn, when) if when else []
        data = atom(changes, f"园区项目动态 · {out.stem.removesuffix('.changes')}", str(out.resolve()))
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
        return out
    except Exception as exc:  # noqa: BLE001 — the feed never costs an ingest
        print(f"写不了动态订阅文件 {out}：{exc}", file=sys.stderr)
        return None
