"""One project named in an article's headline and again, in other words, in its body is one record, summed
once (issue 13, "Counted once"); two projects of one company priced alike in the body stay two. Our own
articles, in the shape news pages use."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import main

HEADLINE_AND_BODY = (
    "银河国际智能制造基地 总投资超50亿！\n"
    "3月2日，临江市人民政府与银河电器有限公司签约，银河电器(临江)智能制造生产基地项目正式落户临江，"
    "项目总投资50亿元，建成后年产值100亿元。"
)
TWO_IN_BODY = (
    "临江新闻网讯\n"
    "3月2日，临江高新区举行集中签约活动。银河电器智能空调项目投资20亿元，银河电器精密模具项目投资20亿元，"
    "两个项目均计划年内开工。"
)


def ingest(tmp_path: Path, text: str) -> list[tuple]:
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "a1", "date": "2023-03-03", "text": text}, ensure_ascii=False) + "\n", "utf-8")
    db = tmp_path / "p.db"
    assert main(["ingest", str(src), "--db", str(db), "--workers", "1"]) == 0
    with sqlite3.connect(db) as conn:
        return conn.execute("select name, investment_yuan, in_totals from projects order by name").fetchall()


def test_resolve_headline_and_body_are_one_project(tmp_path: Path) -> None:
    rows = ingest(tmp_path, HEADLINE_AND_BODY)
    priced = [r for r in rows if r[1] and r[2]]
    assert len(priced) == 1 and priced[0][1] == 50 * 10**8, rows


@pytest.mark.parametrize("text", [TWO_IN_BODY], ids=["same-price-body"])
def test_resolve_two_projects_of_one_company_priced_alike_stay_two(tmp_path: Path, text: str) -> None:
    rows = ingest(tmp_path, text)
    assert sum(1 for r in rows if r[1] == 20 * 10**8 and r[2]) == 2, rows
