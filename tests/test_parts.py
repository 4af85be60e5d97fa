"""A part stated inside a whole (`其中…`): linked to its whole within the article, so the totals count
the whole's figure once (issue 13, "Counted once"). Sentences are our own, in the shapes news uses."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.extract import find_mentions
from pipeline.model import Article

# (text, {part name: whole name or None})
PART_SHAPES = [
    (
        "总投资175亿元的智汇装备产业城项目加快建设，其中科技创意城项目总投资100亿元，目前主体已封顶。",
        {"科技创意城项目": "智汇装备产业城项目", "智汇装备产业城项目": None},
    ),
    (
        "恒达新能源基地项目总投资60亿元，分两期建设。其中，储能电池工厂项目投资25亿元，已于3月开工。",
        {"储能电池工厂项目": "恒达新能源基地项目", "恒达新能源基地项目": None},
    ),
]
NOT_PARTS = [
    # after an aggregate there is no whole among the projects
    ("园区今年实施重点项目12个，总投资56亿元，其中华晟光伏组件项目投资10亿元。", "华晟光伏组件项目"),
    # a `whole` smaller than the part is no whole
    ("瑞丰材料项目投资5亿元。其中，远景储能装备项目投资20亿元，正在建设。", "远景储能装备项目"),
    # two projects side by side, no `其中`
    ("瑞丰材料项目投资50亿元，远景储能装备项目投资20亿元，均已开工。", "远景储能装备项目"),
]


def ingest(db: Path, records: list[dict], name: str = "news.jsonl", *flags: str) -> sqlite3.Connection:
    """Write the records as one JSON Lines file beside the database, ingest it, open the database."""
    src = db.parent / name
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert main(["ingest", str(src), "--db", str(db), "--workers", "1", *flags]) == 0
    return sqlite3.connect(db)


def mentions(text: str) -> dict:
    found, _ = find_mentions(Article(article_id="a", source="s", text="本报讯 " + text, date="2023-05-01"))
    return {m.name: m for m in found}


@pytest.mark.parametrize(("text", "expected"), PART_SHAPES, ids=["sub-project", "first-plant"])
def test_extract_part_linked_to_its_whole(text: str, expected: dict) -> None:
    found = mentions(text)
    assert {name: found[name].part_of for name in expected} == expected


@pytest.mark.parametrize(("text", "name"), NOT_PARTS, ids=["after-aggregate", "whole-smaller", "no-mark"])
def test_extract_no_part_without_a_priced_whole(text: str, name: str) -> None:
    found = mentions(text)
    assert name in found and found[name].part_of is None


def test_extract_no_part_when_an_aggregate_stands_between() -> None:
    text = (
        "总投资8亿元的城南物流园项目开工。今年12个重大项目竣工，总投资25.9亿元，"
        "其中精工铸件项目投资4亿元，主要生产汽车零部件。"
    )
    assert mentions(text)["精工铸件项目"].part_of is None


def test_extract_part_of_a_whole_named_again_before_it() -> None:
    """The whole is named at the top and again in the sentence before `其中`: that later naming counts."""
    text = (
        "总投资175亿元的锦绣时尚创意产业城奠基。锦绣时尚创意产业城项目总投资175亿元，分步实施。"
        "其中科技创意城项目总投资预算为100亿元。"
    )
    assert mentions(text)["科技创意城项目"].part_of is not None


def test_extract_a_phase_is_one_mention_with_the_whole_figure() -> None:
    """GUIDE: two phases of one project in one document are one entry, with the whole project's figure."""
    found = mentions("恒达新能源基地项目总投资60亿元，分两期建设。其中，一期储能电池项目投资25亿元，已于3月开工。")
    (m,) = found.values()
    assert m.investment_yuan == 60 * 10**8 and m.phase == "一期" and m.part_of is None


def test_resolve_part_linked_and_summed_once(tmp_path: Path) -> None:
    records = [
        {
            "id": "n1",
            "date": "2023-05-01",
            "text": "总投资175亿元的智汇装备产业城项目加快建设，其中科技创意城项目总投资100亿元，目前主体已封顶。",
        },
        {"id": "n2", "date": "2023-06-01", "text": "本报讯 瑞丰材料项目投资5亿元，已开工建设。"},
    ]
    with ingest(tmp_path / "p.db", records) as conn:
        rows = {
            name: (pid, part_of, in_totals, reason)
            for name, pid, part_of, in_totals, reason in conn.execute(
                "select name, project_id, part_of, in_totals, exclude_reason from projects"
            )
        }
        (total,) = conn.execute("select sum(investment_yuan) from projects where in_totals = 1").fetchone()
    whole = rows["智汇装备产业城项目"]
    part = rows["科技创意城项目"]
    assert part[1] == whole[0] and whole[1] is None
    assert part[2] == 0 and "其中部分" in part[3] and whole[2] == 1
    assert total == (175 + 5) * 10**8  # the part's 100亿 is inside the whole's 175亿: counted once


def test_resolve_part_link_kept_through_an_incremental_run(tmp_path: Path) -> None:
    first = {
        "id": "n1",
        "date": "2023-05-01",
        "text": "总投资175亿元的智汇装备产业城项目加快建设，其中科技创意城项目总投资100亿元。",
    }
    later = {"id": "n2", "date": "2023-06-01", "text": "本报讯 瑞丰材料项目投资5亿元，已开工建设。"}
    ingest(tmp_path / "p.db", [first], "news0.jsonl").close()
    with ingest(tmp_path / "p.db", [later], "news1.jsonl") as conn:
        (n,) = conn.execute("select count(*) from projects where part_of is not null and in_totals = 0").fetchone()
        (total,) = conn.execute("select sum(investment_yuan) from projects where in_totals = 1").fetchone()
    assert n == 1 and total == 180 * 10**8


def test_resolve_year_is_the_year_its_investment_was_stated(tmp_path: Path) -> None:
    """A project signed in 2019 without an amount and priced in a 2021 article: its money is 2021's."""
    records = [
        {"id": "n1", "date": "2019-04-02", "text": "本报讯 瑞丰储能电池项目日前签约落户临江高新区。"},
        {"id": "n2", "date": "2021-07-09", "text": "本报讯 瑞丰储能电池项目总投资30亿元，目前正在加快建设。"},
    ]
    with ingest(tmp_path / "p.db", records) as conn:
        rows = conn.execute("select year, first_seen, investment_yuan from projects").fetchall()
    assert rows == [(2021, "2019-04-02", 30 * 10**8)]


def test_extract_the_tail_of_a_project_name_is_no_park() -> None:
    """`…锦绣时尚创意产业城` is a project here: its tail `时尚创意产业城` is no park for its part."""
    text = (
        "总投资175亿元的锦绣集团科技时尚创意产业城奠基仪式昨日在临江纺织工业园举行。"
        "锦绣集团科技时尚创意产业城项目总投资175亿元，分步实施。其中科技创意城项目总投资预算为100亿元。"
    )
    part = mentions(text)["科技创意城项目"]
    assert part.part_of is not None and part.park == "临江纺织工业园"


def test_resolve_a_person_can_count_a_flagged_part_again(tmp_path: Path) -> None:
    """The part flag is the pipeline's guess: `set ID in_totals 1` counts the part again, and stays."""
    record = {
        "id": "n1",
        "date": "2023-05-01",
        "text": "总投资175亿元的智汇装备产业城项目加快建设，其中科技创意城项目总投资100亿元。",
    }
    db = tmp_path / "p.db"
    with ingest(db, [record]) as conn:
        (part,) = conn.execute("select project_id from projects where part_of is not null").fetchone()
    assert main(["set", part, "in_totals", "1", "--db", str(db)]) == 0
    with ingest(db, [record], "news.jsonl", "--rebuild") as conn:
        row = conn.execute("select in_totals, exclude_reason from projects where project_id = ?", (part,))
        assert row.fetchone() == (1, None)
