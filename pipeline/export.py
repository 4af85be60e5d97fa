"""Export tables as CSV, JSON Lines or Excel, with the columns DESIGN.md fixes.

An export is read from a database opened read-only and written to a spreadsheet a user will open,
so: no migration or WAL switch on the file read (it may be another application's, or in a read-only
folder); text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `-1+1`, `@SUM(…)`, a
leading tab or CR, from a record id, a title or a correction) is neutralised the way OWASP describes,
with a leading `'` (numbers stay numbers); the control characters XML cannot hold are dropped from
Excel cells; and the output appears whole or not at all (written to a temporary file, then renamed).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

MENTION_COLUMNS = [
    "source",
    "article_id",
    "article_title",
    "date",
    "name",
    "company",
    "park",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "jobs",
    "status",
    "is_plan",
    "sentence",
    "start",
    "end",
    "project_id",
    "province",
    "city",
    "county",
    "adcode",
    "mention_id",
    "url",
    "investment_text",
    "investment_qualifier",
]  # the contract's columns (DESIGN.md) first and unchanged; ours are only ever added at the end
FIGURE_FIELDS = ("investment", "output", "jobs")
FIGURE_COLUMNS = [
    "article_id",
    "url",
    "article_title",
    "date",
    "mention_id",
    "project_id",
    "name",
    "field",
    "stated_text",
    "value",
    "currency",
    "qualifier",
    "is_plan",
    "sentence",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
]
# A figure's own sentence is the article text its evidence points at (the sentence that states the
# figure, which may be the one after the project's name), never the mention's sentence. Offsets are
# characters, as SQLite's substr counts them; a span that is not inside its sentence (an old database
# without sentence offsets) widens the slice to hold it, so the row still shows the stated text.
_FIGURE_FROM = "min(coalesce(e.sentence_start, e.start), e.start)"
_FIGURE_TO = 'max(coalesce(e.sentence_end, e."end"), e."end")'
QUERIES = {
    "mentions": """
        select a.source, m.article_id, a.title as article_title, a.date, m.name, m.company, m.park,
               m.investment_yuan, m.investment_currency, m.output_yuan, m.jobs, m.status, m.is_plan,
               m.sentence, m.start, m."end", m.project_id,
               m.province, m.city, m.county, m.adcode,
               m.mention_id, a.url, m.investment_text, m.investment_qualifier
        from mentions m join articles a using (article_id)
        order by a.source, a.position, m.start, m.mention_id""",
    "figures": f"""
        select m.article_id, a.url, a.title as article_title, a.date, e.mention_id, m.project_id, m.name,
               e.field, e.text as stated_text,
               case e.field when 'investment' then m.investment_yuan when 'output' then m.output_yuan
                            else m.jobs end as value,
               case e.field when 'investment' then coalesce(m.investment_currency, 'CNY')
                            when 'output' then 'CNY' end as currency,
               coalesce(e.qualifier, 'exact') as qualifier, m.is_plan,
               substr(a.text, {_FIGURE_FROM} + 1, {_FIGURE_TO} - {_FIGURE_FROM}) as sentence,
               e.start, e."end", {_FIGURE_FROM} as sentence_start, {_FIGURE_TO} as sentence_end
        from evidence e join mentions m using (mention_id) join articles a using (article_id)
        where e.field in {FIGURE_FIELDS!r}
        order by a.source, a.position, e.start, e.mention_id""",
    "articles": "select article_id, source, title, date, url, text from articles order by source, position",
    "projects": """
        select project_id, name, aliases, company, park, investment_yuan, investment_currency, output_yuan, jobs,
               status, first_seen, last_seen, n_mentions, n_articles, n_sources, province, city, county, adcode
        from projects order by project_id""",
    "aggregates": """
        select g.aggregate_id, a.source, g.article_id, a.date, g.scope, g.projects, g.investment_yuan,
               g.investment_currency, g.output_yuan, g.label, g.sentence, g.start, g."end"
        from aggregates g join articles a using (article_id) order by a.source, g.aggregate_id""",
}
WHAT = tuple(QUERIES)
FORMATS = ("csv", "jsonl", "xlsx")
HEADERS = ("en", "zh")
# One table: every exported column and the header a Chinese reader sees for it (`--headers zh`, the
# dashboard's default). The English names are the contract machines read; they never change.
ZH_HEADERS = {
    "source": "来源",
    "article_id": "文章编号",
    "article_title": "文章标题",
    "title": "标题",
    "date": "日期",
    "url": "网址",
    "text": "正文",
    "stated_text": "报道写法",
    "mention_id": "提及编号",
    "project_id": "项目编号",
    "name": "名称",
    "aliases": "别名",
    "company": "企业",
    "park": "园区",
    "investment_yuan": "投资额",  # yuan, or the currency beside it
    "investment_currency": "投资币种",
    "investment_text": "投资原文",
    "investment_qualifier": "投资限定",
    "output_yuan": "产值（元）",
    "jobs": "就业（人）",
    "status": "阶段",
    "status_inferred": "推断状态",
    "is_plan": "仅为计划",
    "sentence": "原句",
    "start": "起",
    "end": "止",
    "sentence_start": "句起",
    "sentence_end": "句止",
    "province": "省份",
    "city": "城市",
    "county": "区县",
    "adcode": "区划代码",
    "field": "数字类别",
    "value": "数值",
    "currency": "币种",
    "qualifier": "限定",
    "year": "年份",
    "first_seen": "首次报道",
    "last_seen": "最近报道",
    "n_mentions": "提及数",
    "n_articles": "文章数",
    "n_sources": "来源数",
    "health": "健康度",
    "in_totals": "计入合计",
    "exclude_reason": "排除理由",
    "size_band": "规模",
    "aggregate_id": "汇总编号",
    "scope": "范围",
    "projects": "项目数",
    "label": "说明",
}


# In a Chinese export, the words that are values, not names, are Chinese too (the English ones stay the
# values machines read).
QUALIFIERS_ZH = {
    "exact": "确数",
    "about": "约",
    "over": "超过",
    "under": "不到",
    "at_least": "至少",
    "at_most": "至多",
    "range": "区间",
}
ZH_VALUES = {
    "field": {"investment": "投资", "output": "产值", "jobs": "就业"},
    "qualifier": QUALIFIERS_ZH,
    "investment_qualifier": QUALIFIERS_ZH,
}


def zh_value(column: str, value: object) -> object:
    """A value as a Chinese export shows it (`investment` → `投资`, `about` → `约`); others unchanged."""
    return ZH_VALUES.get(column, {}).get(value, value) if isinstance(value, str) else value


def header_names(columns: Iterable[str], headers: str = "en") -> list[str]:
    """The header row: the column names (`en`), or their Chinese names (`zh`; a column the table does
    not name keeps its own name, so no column is ever left without a header).

    >>> header_names(["name", "investment_yuan", "x"], "zh")
    ['名称', '投资额', 'x']
    """
    if headers not in HEADERS:
        raise ExportError(f"--headers 只能是 {'、'.join(HEADERS)}，而不是 {headers!r}")
    return [ZH_HEADERS.get(c, c) if headers == "zh" else c for c in columns]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV-injection list
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an XML 1.0 document cannot hold
TABLES = ("articles", "mentions", "projects", "aggregates")


class ExportError(Exception):
    """the export cannot be written (the message says why, in Chinese)"""


class BadDatabase(ExportError):
    """the file is not a readable parktrack database"""


def neutralise(value: object) -> object:
    """A cell a spreadsheet will not run: text starting with a formula character gets a leading `'`.
    Numbers (a negative amount too) are numbers, not formulas, and stay as they are.

    >>> neutralise("=1+1"), neutralise(-5), neutralise("恒源项目")
    ("'=1+1", -5, '恒源项目')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xml_safe(value: object) -> object:
    """Text without the control characters an .xlsx (XML) cannot store."""
    return XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def open_readonly(path: Path) -> sqlite3.Connection:
    """The database opened read-only (`mode=ro`): nothing is created, migrated or switched to WAL. In a
    read-only folder, where SQLite cannot make the WAL's shared-memory file, it is opened as immutable
    (nobody can write there either). Raises BadDatabase for a file that is not a parktrack database."""
    uri = path.resolve().as_uri()
    try:
        return _checked(sqlite3.connect(f"{uri}?mode=ro", uri=True))
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc) or os.access(path.parent, os.W_OK):
            raise _bad(path, exc) from exc
    except (sqlite3.DatabaseError, BadDatabase) as exc:
        raise _bad(path, exc) from exc
    try:
        return _checked(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True))
    except (sqlite3.DatabaseError, BadDatabase) as exc:
        raise _bad(path, exc) from exc


def _checked(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The connection, when the file holds parktrack's tables (else it is closed)."""
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError:
        conn.close()
        raise
    missing = [t for t in TABLES if t not in tables]
    if missing:
        conn.close()
        raise BadDatabase(f"缺少表 {'、'.join(missing)}")
    return conn


def _bad(path: Path, exc: Exception) -> BadDatabase:
    if isinstance(exc, BadDatabase):
        what = f"不是 parktrack 的数据库（{exc}）"
    elif "malformed" in str(exc) or "not a database" in str(exc):
        what = "已损坏，或不是 SQLite 数据库"
    else:
        what = f"读不了（{exc}）"
    return BadDatabase(
        f"数据库 {path} {what}。请用 python -m pipeline ingest data/articles --db {path} --rebuild 重建，"
        "或用 --db 指向 parktrack 建的数据库。"
    )


def rows(db: sqlite3.Connection, what: str) -> tuple[list[str], list[dict]]:
    cursor = db.execute(QUERIES[what])
    columns = [d[0] for d in cursor.description]
    return columns, [dict(zip(columns, r, strict=False)) for r in cursor.fetchall()]


def export(db: sqlite3.Connection, what: str, fmt: str, out: Path | None, headers: str = "en") -> int:
    """Write one table; return the number of rows written. Raises ExportError (a bad --out, a database
    that is not ours) or OSError (the write failed: nothing is left at --out)."""
    header_names([], headers)  # a bad --headers is refused before anything is read
    if out is not None:
        check_out(out)
    try:
        columns, data = rows(db, what)
    except sqlite3.DatabaseError as exc:
        raise _bad(Path(_file_of(db)), exc) from exc
    names = header_names(columns, headers)
    if names != columns:
        data = [{n: zh_value(c, r[c]) for c, n in zip(columns, names, strict=True)} for r in data]
        columns = names
    if fmt == "xlsx":
        if out is None:
            raise ExportError("--format xlsx 需要 --out 文件，例如 --out projects.xlsx")
        write_atomic(out, lambda fh: write_xlsx(fh, what, columns, (list(r.values()) for r in data)))
        return len(data)
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([neutralise(v) for v in r.values()] for r in data)
    else:
        for row in data:
            buffer.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is None:
        sys.stdout.write(buffer.getvalue())
    else:
        payload = buffer.getvalue().encode("utf-8-sig" if fmt == "csv" else "utf-8")
        write_atomic(out, lambda fh: fh.write(payload))
    return len(data)


def _file_of(db: sqlite3.Connection) -> str:
    return next((r[2] for r in db.execute("pragma database_list") if r[1] == "main"), "")


def check_out(out: Path) -> None:
    """A --out that can be written: its folder exists and it is not itself a folder."""
    if out.is_dir():
        raise ExportError(f"--out {out} 是一个文件夹；请给出文件名，例如 --out {out / 'projects.csv'}")
    if not out.parent.is_dir():
        raise ExportError(f"--out 的文件夹 {out.parent} 不存在；请先创建它（mkdir -p {out.parent}）")


def write_atomic(out: Path, write) -> None:
    """Write through `write(binary file)` to a temporary file beside `out`, then rename it over `out`:
    a full disk or a crash leaves the old file (or none), never half of the new one."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_xlsx(fh, sheet: str, columns: list[str], data: Iterable[list]) -> None:
    """An Excel sheet of these rows, streamed (write-only: a 150,000-row export stays small in memory).
    Text is stored as text, never as a formula: a cell starting with a formula character is a string
    cell with Excel's own quote prefix (what typing `'=1+1` gives), and characters XML cannot hold are
    dropped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])

    def cell(value: object) -> object:
        value = xml_safe(value)
        if not (isinstance(value, str) and value.startswith(FORMULA_START)):
            return value
        quoted = WriteOnlyCell(ws, value=value)
        quoted.data_type = "s"
        quoted.quotePrefix = True
        return quoted

    ws.append([cell(c) for c in columns])
    for values in data:
        ws.append([cell(v) for v in values])
    wb.save(fh)
