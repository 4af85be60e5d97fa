"""End to end on the two sample issues in data/articles: the mentions, aggregates and dates they give,
compared with tests/golden/seeds.expected.json (rewrite it with `pytest --update-golden` and review
the diff)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "seeds.expected.json"
FIELDS = (
    "name",
    "company",
    "park",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "jobs",
    "status",
    "is_plan",
    "date",
)


def snapshot(db: Path) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    mentions = [
        {"file": Path(r["file_path"]).name, **{f: r[f] for f in FIELDS}}
        for r in conn.execute(
            f"select a.file_path, {', '.join('m.' + f if f != 'date' else 'a.date' for f in FIELDS)} "
            "from mentions m join articles a using (article_id) order by a.file_path, a.position, m.start, m.name"
        )
    ]
    aggregates = [
        dict(r)
        for r in conn.execute(
            "select g.projects, g.investment_yuan, g.output_yuan, g.label from aggregates g "
            "join articles a using (article_id) order by a.file_path, a.position, g.start"
        )
    ]
    articles = [
        dict(r) for r in conn.execute("select title, date, date_origin from articles order by file_path, position")
    ]
    return {"articles": articles, "mentions": mentions, "aggregates": aggregates}


def test_golden_sample_issues(tmp_path, update_golden):
    db = tmp_path / "seeds.db"
    assert main(["ingest", str(ROOT / "data" / "articles"), "--db", str(db), "--workers", "1"]) == 0
    got = snapshot(db)
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))
