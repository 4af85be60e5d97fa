"""Export tables as CSV, JSON Lines or Excel, with the columns DESIGN.md fixes."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import sqlite_utils

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
]
QUERIES = {
    "mentions": """
        select a.source, m.article_id, a.title as article_title, a.date, m.name, m.company, m.park,
               m.investment_yuan, m.investment_currency, m.output_yuan, m.jobs, m.status, m.is_plan,
               m.sentence, m.start, m."end", m.project_id,
               m.province, m.city, m.county, m.adcode
        from mentions m join articles a using (article_id)
        order by a.source, a.position, m.start, m.mention_id""",
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


def rows(db: sqlite_utils.Database, what: str) -> tuple[list[str], list[dict]]:
    cursor = db.execute(QUERIES[what])
    columns = [d[0] for d in cursor.description]
    return columns, [dict(zip(columns, r, strict=False)) for r in cursor.fetchall()]


def export(db: sqlite_utils.Database, what: str, fmt: str, out: Path | None) -> int:
    """Write one table; return the number of rows written."""
    columns, data = rows(db, what)
    if fmt == "xlsx":
        if out is None:
            raise ValueError("--format xlsx needs --out FILE")
        import pandas as pd  # only the Excel export needs pandas/openpyxl

        pd.DataFrame(data, columns=columns).to_excel(out, index=False, sheet_name=what)
        return len(data)
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    else:
        for row in data:
            buffer.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is None:
        sys.stdout.write(buffer.getvalue())
    else:
        out.write_text(buffer.getvalue(), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return len(data)
