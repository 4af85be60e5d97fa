"""动态: the changes between two ingests of a small invented archive are exactly the new project, the
stage move and the changed figure; the Atom feed written on ingest is valid (issue 15 #2)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fixture_news import JUNE, MARCH, write

from pipeline import changes, corrections
from pipeline.cli import main

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_ingests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    monkeypatch.setattr(corrections, "LEGACY", tmp_path / "legacy.jsonl")
    db = tmp_path / "projects.db"
    assert main(["ingest", str(write(tmp_path / "in", MARCH, "march.jsonl")), "--db", str(db), "--workers", "1"]) == 0
    assert main(["ingest", str(write(tmp_path / "in", JUNE, "june.jsonl")), "--db", str(db), "--workers", "1"]) == 0
    return db


def summary(found: list[changes.Change]) -> list[tuple]:
    return sorted((c.kind, c.name, c.old, c.new) for c in found)


EXPECTED = [
    ("figure_changed", "华泰精密轴承项目", 500_000_000, 800_000_000),
    ("new_project", "金科智能装备项目", None, "金科智能装备项目"),
    ("stage", "恒远新能源电池项目", "签约", "开工"),
]


def test_changes_between_two_ingests_are_exactly_the_new_project_the_move_and_the_figure(two_ingests):
    with sqlite3.connect(two_ingests) as conn:
        found = changes.since(conn, "2023-06-01")
        assert summary(found) == EXPECTED
        figure = next(c for c in found if c.kind == "figure_changed")
        assert "5亿元" in figure.old_sentence and "8亿元" in figure.sentence  # both sentences
        move = next(c for c in found if c.kind == "stage")
        assert "开工" in move.sentence and move.date == "2023-06-01"
        assert changes.since(conn, "2023-07-01") == []
        # before the first delivery: every project is new, nothing moved
        assert {c.kind for c in changes.since(conn, "2023-01-01")} == {"new_project"}
        assert summary(changes.since(conn, "2023-06-01", park="济宁高新区")) == EXPECTED
        assert changes.since(conn, "2023-06-01", park="鑫源产业园") == []


def test_changes_command_line_formats(two_ingests, capsys):
    assert main(["changes", "--since", "2023-06-01", "--db", str(two_ingests), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["kind"] for r in rows) == ["数字变化", "新项目", "阶段变化"]
    assert main(["changes", "--since", "2023-06-01", "--db", str(two_ingests)]) == 0
    md = capsys.readouterr().out
    assert "签约→开工" in md and "5亿元 → 8亿元" in md and "## 新项目（1）" in md
    assert main(["changes", "--since", "2023-06-01", "--db", str(two_ingests), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("kind,date,project_id")
    assert main(["changes", "--since", "六月", "--db", str(two_ingests)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_feed_written_on_ingest_is_valid_atom_with_the_three_changes(two_ingests):
    feed = two_ingests.with_name("projects.changes.xml")
    root = ET.parse(feed).getroot()
    assert root.tag == A + "feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(A + tag) is not None, tag
    entries = root.findall(A + "entry")
    # the feed holds the last month of news before the newest article: the June changes only
    assert len(entries) == 3
    for e in entries:
        for tag in ("id", "title", "updated", "content"):
            assert (e.find(A + tag).text or "").strip(), tag
        assert e.find(A + "id").text.startswith("urn:uuid:")
        assert e.find(A + "updated").text.endswith("Z")
    titles = " ".join(e.find(A + "title").text for e in entries)
    assert "签约→开工" in titles and "金科智能装备项目" in titles
    ids = {e.find(A + "id").text for e in entries}
    # the same changes keep their ids in the next feed (a reader shows each once)
    assert main(["ingest", str(two_ingests.parent / "in"), "--db", str(two_ingests), "--rebuild"]) == 0
    again = {e.find(A + "id").text for e in ET.parse(feed).getroot().findall(A + "entry")}
    assert again == ids


def test_corrections_made_show_in_the_changes(two_ingests):
    with sqlite3.connect(two_ingests) as conn:
        pid = conn.execute("select project_id from projects where name = '金科智能装备项目'").fetchone()[0]
    assert main(["set", pid, "investment_yuan", "13亿", "--db", str(two_ingests)]) == 0
    with sqlite3.connect(two_ingests) as conn:
        made = [c for c in changes.since(conn, "2023-06-01") if c.kind == "correction"]
    assert [(c.project_id, c.field, c.old, c.new) for c in made] == [
        (pid, "investment_yuan", 1_200_000_000, 1_300_000_000)
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [("2023-06-01", "2023-06-01"), ("2023-6-1", "2023-06-01"), ("2023-06", "2023-06-01"), ("2023", "2023-01-01")],
)
def test_changes_since_reads_a_day_a_month_or_a_year(text, day):
    assert changes.parse_since(text) == day


def test_changes_silent_counts_from_when_the_silence_reached_the_threshold():
    assert changes._plus_years("2021-02-28", 2) == "2023-02-28"
    assert changes._plus_years("2020-02-29", 2) == "2022-02-28"


def test_changes_an_undated_article_counts_from_its_ingest_day_and_keeps_its_feed_id(tmp_path, monkeypatch):
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    db = tmp_path / "p.db"
    undated = [{"id": "u1", "text": "金科智能装备项目在济宁高新区签约，总投资12亿元。"}]
    assert main(["ingest", str(write(tmp_path / "in", MARCH + undated, "m.jsonl")), "--db", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        today = conn.execute("select substr(max(ingested_at), 1, 10) from files").fetchone()[0]
        new = [c for c in changes.since(conn, today) if c.kind == "new_project"]
    assert [(c.name, c.date, c.dated_by) for c in new] == [("金科智能装备项目", today, "ingest")]
    key = new[0].key()
    later = changes.Change(**{**new[0].__dict__, "date": "2099-01-01"})
    assert later.key() == key  # a rebuild on another day is the same change to a feed reader


def test_an_unchanged_re_run_publishes_nothing_again(two_ingests, monkeypatch):
    """Nothing read, nothing resolved: the queue and the feed are as they were, and the run stays fast
    (reckoning the queue took seconds on a large archive)."""
    from pipeline import review

    calls: list[object] = []
    monkeypatch.setattr(review, "publish", lambda db: calls.append(db))
    db = two_ingests
    archive = db.parent / "in"
    assert changes.feed_path(db).exists()
    assert main(["ingest", str(archive), "--db", str(db), "--workers", "1"]) == 0
    assert calls == []
    changes.feed_path(db).unlink()
    assert main(["ingest", str(archive), "--db", str(db), "--workers", "1"]) == 0
    assert len(calls) == 1  # a missing feed is written again


@pytest.mark.parametrize("when", ["2023-01-01", "2023-03-10", "2023-06-01", "2023-06-05", "2023-07-01"])
def test_changes_read_only_the_windows_projects_and_find_what_reading_all_finds(two_ingests, monkeypatch, when):
    """`since` reads the projects with a mention that may fall in the window (or a stall marker), not the
    archive: the changes are those reading every project gives, and a later window reads fewer."""
    with sqlite3.connect(two_ingests) as conn:
        conn.execute("update articles set date = '2023-06' where article_id = (select min(article_id) from articles)")
        # a month-only date, which SQLite cannot compare as a day, is read and dated in Python
        read = changes._active(conn, when)
        assert read <= {r[0] for r in conn.execute("select project_id from projects")}
        windowed, in_park = changes.since(conn, when), changes.since(conn, when, park="济宁高新区")
        everything = {r[0] for r in conn.execute("select project_id from projects")}
        monkeypatch.setattr(changes, "_active", lambda conn, when: everything)
        assert windowed == changes.since(conn, when)
        assert in_park == changes.since(conn, when, park="济宁高新区")
    if when == "2023-07-01":
        assert len(read) <= 1  # at most the project of the month-only date
