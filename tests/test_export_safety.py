"""Exports and read paths as an archive really meets them (issue 11): text a spreadsheet would run as a
formula is neutralised and numbers stay numbers, control characters do not break the Excel file, a bad
--out is a clear error with nothing half-written, export never changes the database it reads, and a
damaged or foreign database is a message saying what to run, not a traceback."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from pipeline import export as export_mod
from pipeline.cli import main

HOSTILE = [  # what record ids and titles of scraped archives really hold
    {"id": "=1+1", "date": "2021-03-01", "title": '=HYPERLINK("http://evil.example","点这里")',
     "text": "恒源新材料项目在济宁高新区正式开工建设，总投资10亿元。"},
    {"id": "+86-537", "date": "2021-04-01", "title": "@SUM(A1:A9)\x0b标题\x01",
     "text": "鑫达特种车辆项目正式开工建设，总投资3亿元。"},
    {"id": "-2+3", "date": "2021-05-01", "title": "\t=cmd|' /C calc'!A0",
     "text": "海源智能光学产业园项目签约，总投资50亿元。"},
]  # fmt: skip
NEUTRALISE = [  # cell, what a spreadsheet gets
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("+86", "'+86"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("恒源新材料项目", "恒源新材料项目"),
    ("1+1=2", "1+1=2"),
    (-5, -5),
    (-1.5, -1.5),
    (1_000_000_000, 1_000_000_000),
    (None, None),
]


@pytest.mark.parametrize(("cell", "expected"), NEUTRALISE, ids=[repr(c) for c, _ in NEUTRALISE])
def test_export_safety_neutralise(cell, expected):
    assert export_mod.neutralise(cell) == expected


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    news = folder / "news.jsonl"
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in HOSTILE), encoding="utf-8")
    db = folder / "p.db"
    assert main(["ingest", str(news), "--db", str(db), "--workers", "1"]) == 0
    return db


@pytest.mark.parametrize("what", ["articles", "mentions"])
def test_export_safety_csv_has_no_live_formula_and_numbers_stay_numbers(hostile_db, tmp_path, what):
    out = tmp_path / f"{what}.csv"
    assert main(["export", "--db", str(hostile_db), "--what", what, "--out", str(out)]) == 0
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert table
    for row in table:
        for value in row.values():
            assert not value.startswith(export_mod.FORMULA_START), row
    titles = {r["article_title"] if what == "mentions" else r["title"] for r in table}
    assert '\'=HYPERLINK("http://evil.example","点这里")' in titles
    if what == "mentions":
        assert {r["investment_yuan"] for r in table} == {"1000000000", "300000000", "5000000000"}


def test_export_safety_dashboard_csv_neutralises_text_not_numbers():
    import dashboard_data as dd

    frame = pd.DataFrame({"name": ["=1+1", "恒源项目", "-2+3"], "delta": [-5.0, 2.5, -1.0], "n": [-1, 2, 3]})
    back = pd.read_csv(io.BytesIO(dd.to_csv_bytes(frame)), encoding="utf-8-sig")
    assert list(back["name"]) == ["'=1+1", "恒源项目", "'-2+3"]
    assert list(back["delta"]) == [-5.0, 2.5, -1.0] and list(back["n"]) == [-1, 2, 3]


@pytest.mark.parametrize("what", ["articles", "mentions", "projects"])
def test_export_safety_xlsx_stores_text_and_drops_control_characters(hostile_db, tmp_path, what):
    from openpyxl import load_workbook

    out = tmp_path / f"{what}.xlsx"
    assert main(["export", "--db", str(hostile_db), "--what", what, "--format", "xlsx", "--out", str(out)]) == 0
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)  # not one live formula
    with sqlite3.connect(hostile_db) as conn:
        assert sheet.max_row == conn.execute(f"select count(*) from {what}").fetchone()[0] + 1
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not any(ch in t for t in texts for ch in "\x01\x0b")
    if what != "projects":
        assert "@SUM(A1:A9)标题" in texts
        flagged = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
        assert flagged and all(c.quotePrefix for c in flagged)  # shown as typed text, as Excel's `'`
    if what != "articles":  # amounts and offsets are numbers, not text
        assert any(isinstance(c.value, int | float) and c.value >= 300_000_000 for c in cells)


def test_export_safety_bad_out_is_a_clear_error_and_leaves_nothing(hostile_db, tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "folder" / "p.csv"
    assert main(["export", "--db", str(hostile_db), "--what", "projects", "--out", str(missing)]) == 2
    assert "不存在" in capsys.readouterr().err and not missing.parent.exists()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["export", "--db", str(hostile_db), "--what", "projects", "--out", str(folder)]) == 2
    assert "是一个文件夹" in capsys.readouterr().err and list(folder.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_safety_a_full_disk_leaves_no_partial_file(hostile_db, tmp_path, monkeypatch, capsys, fmt):
    out = tmp_path / "out" / f"p.{fmt}"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_mod.os, "fsync", full)
    assert main(["export", "--db", str(hostile_db), "--what", "mentions", "--format", fmt, "--out", str(out)]) == 1
    assert "写不了" in capsys.readouterr().err
    assert [p.name for p in out.parent.iterdir()] == [out.name] and out.read_bytes() == b"the previous export"


def _schema(path: Path) -> tuple[list, str]:
    with sqlite3.connect(path) as conn:
        tables = conn.execute("select type, name from sqlite_master order by name").fetchall()
        return tables, conn.execute("pragma journal_mode").fetchone()[0]


def test_export_safety_a_foreign_database_is_refused_and_left_as_it_was(tmp_path, capsys):
    foreign = tmp_path / "crm.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table customers (id integer primary key, name text)")
        conn.execute("insert into customers (name) values ('王')")
    before, data = _schema(foreign), foreign.read_bytes()
    assert main(["export", "--db", str(foreign), "--what", "projects"]) == 2
    err = capsys.readouterr().err
    assert "不是 parktrack 的数据库" in err and "--rebuild" in err and "Traceback" not in err
    assert _schema(foreign) == before and before[1] == "delete"  # no tables added, no WAL switch
    assert foreign.read_bytes() == data and sorted(p.name for p in tmp_path.iterdir()) == ["crm.sqlite"]


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_export_safety_a_damaged_database_is_a_message_not_a_traceback(hostile_db, tmp_path, capsys, damage):
    bad = tmp_path / "bad.db"
    data = hostile_db.read_bytes()
    bad.write_bytes(b"this is not sqlite" * 200 if damage == "garbage" else data[: len(data) // 3])
    code = main(["export", "--db", str(bad), "--what", "mentions"])
    err = capsys.readouterr().err
    assert code == 2 and "--rebuild" in err and "Traceback" not in err, err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_export_safety_works_from_a_read_only_folder(hostile_db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    copy = folder / "p.db"
    with sqlite3.connect(hostile_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        conn.execute("pragma journal_mode = wal")
    folder.chmod(0o555)
    try:
        out = tmp_path / "p.csv"
        assert main(["export", "--db", str(copy), "--what", "projects", "--out", str(out)]) == 0
        assert out.read_text(encoding="utf-8-sig").count("\n") > 1
    finally:
        folder.chmod(0o755)


def test_export_safety_opens_read_only(hostile_db, tmp_path):
    """The database is opened with mode=ro: a write through the export's connection fails."""
    conn = export_mod.open_readonly(hostile_db)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("create table x (a)")
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------------
# The dashboard's read path


def test_export_safety_dashboard_names_a_foreign_projects_table(tmp_path):
    import dashboard_data as dd

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table projects (id integer, title text, budget real)")
        conn.execute("insert into projects values (1, '别的系统', 3.0)")
    version = dd.db_version(foreign)
    assert dd.has_projects(str(foreign), version)
    with pytest.raises(dd.BadDatabase, match="不是 parktrack 的") as exc:
        dd.load_projects(str(foreign), version)
    assert "python -m pipeline ingest" in str(exc.value) and "--rebuild" in str(exc.value)


def test_export_safety_dashboard_names_a_damaged_database(hostile_db, tmp_path):
    import dashboard_data as dd

    bad = tmp_path / "bad.db"
    with sqlite3.connect(hostile_db) as src, sqlite3.connect(bad) as dst:
        src.backup(dst)
    with sqlite3.connect(bad) as conn:
        conn.execute("pragma journal_mode = delete")
        root = conn.execute("select rootpage from sqlite_master where name = 'projects'").fetchone()[0]
        page = conn.execute("pragma page_size").fetchone()[0]
    with bad.open("r+b") as fh:  # the projects table's first page overwritten: a partly corrupt file
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)
    version = dd.db_version(bad)
    with pytest.raises(dd.BadDatabase, match="损坏") as exc:
        dd.has_projects(str(bad), version) and dd.load_projects(str(bad), version)
    assert "--rebuild" in str(exc.value)


def test_export_safety_dashboard_page_shows_the_error_not_a_traceback(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table projects (id integer, title text)")
    monkeypatch.setenv("PROJECTS_DB", str(foreign))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("不是 parktrack 的" in e.value and "--rebuild" in e.value for e in at.error)
