"""`python -m pipeline set-date ARTICLE_ID DATE` (issue 14): a correction like the others — checked first
(nothing is written on error, exit 2, a Chinese reason), recorded beside the database, applied to the
article (date, year, date_origin = 'correction') on every ingest and after --rebuild, and the projects'
years follow."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pipeline import corrections
from pipeline.cli import main

ARTICLES = [  # one undated article (its date is what the user supplies), one dated
    {"id": "undated-1", "title": "恒源项目开工", "text": "恒源新材料项目在济宁高新区正式开工建设，总投资10亿元。"},
    {"id": "dated-1", "date": "2023-05-01", "title": "鑫达项目签约", "text": "鑫达特种车辆项目签约，总投资3亿元。"},
]  # fmt: skip
BAD_DATES = [  # what a user mistypes, and the words of the refusal
    ("2021-02-30", "看不懂的日期"),
    ("2021/02/25", "看不懂的日期"),
    ("20210225", "看不懂的日期"),
    ("2021-2-5", "看不懂的日期"),
    ("2021-13", "看不懂的日期"),
    ("2021-03-05T10:00", "看不懂的日期"),
    ("明天", "看不懂的日期"),
    ("1921-03-05", "不在"),
    ("2999-01-01", "不在"),
]


def sql(db: Path, query: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    path = tmp_path / "p.db"
    assert main(["ingest", str(news), "--db", str(path), "--workers", "1"]) == 0
    return path


def undated_id(db: Path) -> str:
    return sql(db, "select article_id from articles where source = 'undated-1'")[0][0]


def test_set_date_dates_the_article_and_its_projects(db: Path, capsys: pytest.CaptureFixture) -> None:
    aid = undated_id(db)
    assert sql(db, "select date, year from articles where article_id = ?", (aid,)) == [(None, None)]
    assert main(["set-date", aid, "2020-02-25", "--db", str(db)]) == 0
    assert "已更新文章" in capsys.readouterr().out
    assert sql(db, "select date, year, date_origin from articles where article_id = ?", (aid,)) == [
        ("2020-02-25", 2020, "correction")
    ]
    assert sql(db, "select first_seen, year from projects where name like '恒源%'") == [("2020-02-25", 2020)]
    (line,) = corrections.beside(db).read_text(encoding="utf-8").splitlines()
    recorded = json.loads(line)
    assert (recorded["op"], recorded["id"], recorded["date"], recorded["old"]) == ("set-date", aid, "2020-02-25", None)
    assert sql(db, "select op, state from corrections_status") == [("set-date", corrections.APPLIED)]


def test_set_date_survives_reingest_and_rebuild(db: Path, tmp_path: Path) -> None:
    aid = undated_id(db)
    assert main(["set-date", aid, "2020-02-25", "--db", str(db)]) == 0
    news = tmp_path / "news.jsonl"
    for extra in ([], ["--rebuild"]):
        assert main(["ingest", str(news), "--db", str(db), "--workers", "1", *extra]) == 0
        assert sql(db, "select date, year, date_origin from articles where article_id = ?", (aid,)) == [
            ("2020-02-25", 2020, "correction")
        ], extra
        assert sql(db, "select year from projects where name like '恒源%'") == [(2020,)], extra
    # the other article keeps the date its record gave it
    assert sql(db, "select date, date_origin from articles where source = 'dated-1'") == [("2023-05-01", "record")]


def test_set_date_later_line_wins(db: Path) -> None:
    aid = undated_id(db)
    assert main(["set-date", aid, "2020-02-25", "--db", str(db)]) == 0
    assert main(["set-date", aid, "2019-07", "--db", str(db)]) == 0
    assert sql(db, "select date, year from articles where article_id = ?", (aid,)) == [("2019-07", 2019)]


@pytest.mark.parametrize(("text", "reason"), BAD_DATES, ids=[t for t, _ in BAD_DATES])
def test_set_date_refuses_a_bad_date(db: Path, text: str, reason: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["set-date", undated_id(db), text, "--db", str(db)]) == 2
    assert reason in capsys.readouterr().err
    assert not corrections.beside(db).exists()  # nothing written
    assert sql(db, "select date from articles where source = 'undated-1'") == [(None,)]


def test_set_date_refuses_an_unknown_article(db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["set-date", "0123456789abcdef", "2020-02-25", "--db", str(db)]) == 2
    assert "库中没有文章 0123456789abcdef" in capsys.readouterr().err
    assert not corrections.beside(db).exists()


def test_set_date_a_hand_written_line_for_a_gone_article_is_skipped(db: Path, tmp_path: Path) -> None:
    line = {"op": "set-date", "id": "0123456789abcdef", "date": "2020-02-25"}
    corrections.beside(db).write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "news.jsonl"), "--db", str(db), "--workers", "1"]) == 0
    assert sql(db, "select op, state, reason from corrections_status") == [
        ("set-date", corrections.SKIPPED, "库中没有文章 0123456789abcdef")
    ]


def test_set_date_check_date_range() -> None:
    today = date(2026, 12, 1)
    assert corrections.check_date("2026-12-01", today) == "2026-12-01"
    assert corrections.check_date("2026-12", today) == "2026-12"  # a month, when only that is known
    assert corrections.check_date(" 1980 ", today) == "1980"
    with pytest.raises(corrections.BadCorrection, match="不在"):
        corrections.check_date("2026-12-02", today)
    with pytest.raises(corrections.BadCorrection, match="日期应为文字"):
        corrections.check_date(20200225)
