"""Corrections are checked before they are written, follow their project when its id changes, are
never fatal when a hand-edited line is wrong, live beside their database, and leave a redirect behind
a merged id (issue 11 #5, #6; issue 13 #4)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline import corrections
from pipeline.cli import main, parser

RECORDS = [
    {"id": "a2", "date": "2020-05-01", "text": "恒源新材料项目在济宁高新区正式开工建设，总投资10亿元。"},
    {"id": "a3", "date": "2021-08-01", "text": "恒源新材料项目主体完工，总投资10亿元。"},
    {"id": "b1", "date": "2019-08-06", "text": "鑫达特种车辆项目正式开工建设，总投资3亿元。"},
    {"id": "c1", "date": "2022-03-25", "text": "海源智能光学产业园项目在济宁经开区签约，总投资50亿元。"},
]
EARLIER = {"id": "a0", "date": "2018-01-10", "text": "恒源新材料项目举行签约仪式。"}


def write(folder: Path, records: list[dict], name: str = "news.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def pid_of(db: Path, source: str) -> str:
    sql = "select m.project_id from mentions m join articles a using (article_id) where a.source = ?"
    return rows(db, sql, source)[0][0]


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A database and the corrections file beside it (no $PARKTRACK_CORRECTIONS)."""
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    monkeypatch.setattr(corrections, "LEGACY", tmp_path / "legacy" / "corrections.jsonl", raising=False)
    db = tmp_path / "p.db"
    assert main(["ingest", str(write(tmp_path / "in", RECORDS)), "--db", str(db), "--workers", "1"]) == 0
    return db, tmp_path / "p.corrections.jsonl"


def status(db: Path) -> list[tuple]:
    return rows(db, "select line, op, state, reason, project_id from corrections_status order by line")


# ---------------------------------------------------------------------------------------------------
# Issue 11 #5: a correction follows its project when the project's id changes


def test_corrections_follow_the_project_when_an_earlier_article_changes_its_id(built, tmp_path):
    db, file = built
    old = pid_of(db, "a2")
    assert main(["set", old, "investment_yuan", "12000000000", "--db", str(db)]) == 0
    assert rows(db, "select investment_yuan from projects where project_id = ?", old) == [(12_000_000_000,)]
    # an article dated before the first mention: the project's id is now the hash of that one
    assert main(["ingest", str(write(tmp_path / "more", [EARLIER])), "--db", str(db), "--workers", "1"]) == 0
    new = pid_of(db, "a2")
    assert new != old and pid_of(db, "a0") == new
    assert rows(db, "select investment_yuan from projects where project_id = ?", new) == [(12_000_000_000,)]
    assert status(db) == [(1, "set", corrections.MOVED, None, new)]
    assert rows(db, "select new_id, reason from project_redirects where old_id = ?", old) == [(new, "编号变更")]
    import dashboard_data as dd

    assert dd.resolve_project_id(str(db), old) == new  # the old link opens the project
    # a rebuild from nothing (no stored ids to follow) still finds it by the mentions it was made on
    assert main(["ingest", str(tmp_path / "in"), str(tmp_path / "more"), "--db", str(db), "--rebuild"]) == 0
    assert rows(db, "select investment_yuan from projects where project_id = ?", new) == [(12_000_000_000,)]


def test_corrections_that_no_longer_apply_are_recorded_not_only_printed(built, tmp_path):
    db, file = built
    target = pid_of(db, "b1")
    assert main(["exclude", target, "--reason", "重复", "--db", str(db)]) == 0
    kept = [r for r in RECORDS if r["id"] != "b1"]
    assert main(["ingest", str(write(tmp_path / "in", kept)), "--db", str(db), "--workers", "1"]) == 0
    ((line, op, state, reason, project),) = status(db)
    assert (op, state, project) == ("exclude", corrections.SKIPPED, None)
    assert target in reason and "没有项目" in reason
    import dashboard_data as dd

    shown = dd.load_corrections_status(str(db), dd.db_version(db))
    assert list(shown["state"]) == [corrections.SKIPPED]


# ---------------------------------------------------------------------------------------------------
# Issue 11 #6: a bad line is skipped with its reason, never fatal


def bad_lines(ids: dict[str, str]) -> list[tuple[object, str]]:
    """(line, what its recorded reason says): hand-edited lines a user really writes."""
    a, b = ids["a2"], ids["b1"]
    return [
        ({"op": "set", "id": a, "field": "investment_yuan", "value": 1e20}, "之间"),
        ({"op": "set", "id": a, "field": "investment_yuan", "value": -5}, "之间"),
        ({"op": "set", "id": a, "field": "investment_yuan", "value": 9223372036854775807}, "之间"),
        ({"op": "set", "id": a, "field": "investment_yuan", "value": "100亿"}, "整数"),
        ({"op": "set", "id": a, "field": "jobs", "value": True}, "整数"),
        ({"op": "set", "id": a, "field": "status", "value": "投入使用"}, "未知阶段"),
        ({"op": "set", "id": a, "field": "in_totals", "value": 2}, "0 或 1"),
        ({"op": "set", "id": a, "field": "owner", "value": "x"}, "不能更正字段"),
        ({"op": "merge", "ids": a}, "ids"),
        ({"op": "merge", "ids": [a, a]}, "两个不同"),
        ({"op": "split", "id": a, "names": "恒源"}, "names"),
        ({"op": "rename", "id": 7, "name": "x"}, "编号"),
        ({"op": "rename", "id": a, "name": ["x"]}, "文字"),
        ({"op": "exclude"}, "编号"),
        (["op", "set"], "JSON 对象"),
        ("{not json", "不是 JSON"),
        ({"op": "merge", "ids": [b, "p000000000000"]}, "找不到"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_corrections_bad_lines_are_skipped_with_their_reason(built, encoding):
    db, file = built
    ids = {s: pid_of(db, s) for s in ("a2", "b1", "c1")}
    n_before = rows(db, "select n_mentions from projects where project_id = ?", ids["a2"])
    good = [
        {"op": "rename", "id": ids["c1"], "name": "海源光学产业园"},
        {"op": "set", "id": ids["b1"], "field": "investment_yuan", "value": 400_000_000},
    ]
    lines = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line, _ in bad_lines(ids)]
    lines = [json.dumps(good[0], ensure_ascii=False), *lines, json.dumps(good[1])]
    file.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    assert main(["ingest", str(db.parent / "in"), "--db", str(db), "--workers", "1"]) == 0
    assert rows(db, "select name from projects where project_id = ?", ids["c1"]) == [("海源光学产业园",)]
    assert rows(db, "select investment_yuan from projects where project_id = ?", ids["b1"]) == [(400_000_000,)]
    assert rows(db, "select n_mentions from projects where project_id = ?", ids["a2"]) == n_before  # not doubled
    got = status(db)
    assert [s[2] for s in got] == [corrections.APPLIED] + [corrections.SKIPPED] * len(bad_lines(ids)) + [
        corrections.APPLIED
    ]
    for (_, expected), (_, _, _, reason, _) in zip(bad_lines(ids), got[1:-1], strict=True):
        assert expected in reason, reason


def test_corrections_merge_of_one_project_with_itself_counts_it_once():
    """`apply` on its own: a merge naming one group twice (or two ids that are one group) changes nothing."""
    groups = [
        [{"mention_id": "m1", "article_id": "x", "name": "甲项目"}],
        [{"mention_id": "m2", "article_id": "y", "name": "乙项目"}],
    ]

    def group_id(group: list[dict]) -> str:
        return "g" + group[0]["mention_id"][1]

    merged, _ = corrections.apply([{"op": "merge", "ids": ["g1", "g1"]}], groups, group_id)
    assert sorted(len(g) for g in merged) == [1, 1]
    out: list[dict] = []
    corrections.apply([{"op": "merge", "ids": ["g1", "g1"]}], groups, group_id, out)
    assert out[0]["state"] == corrections.SKIPPED


@pytest.mark.parametrize("members", [1, 40])
def test_corrections_status_reckons_each_groups_id_once_not_once_per_member(members):
    """The status of each line names its project's final id: one id per group, whatever its size (a flagship
    project has hundreds of mentions), and nothing at all to reckon when there are no lines."""
    groups = [[{"mention_id": f"m{k}", "article_id": f"a{k}", "name": "甲项目"} for k in range(members)]]
    groups.append([{"mention_id": "n1", "article_id": "b", "name": "乙项目"}])
    calls: list[str] = []

    def group_id(group: list[dict]) -> str:
        calls.append(group[0]["mention_id"])
        return "g" + group[0]["mention_id"]

    out: list[dict] = []
    corrections.apply([], groups, group_id, out)
    assert out == [] and calls == []
    corrections.apply([{"op": "merge", "ids": ["gm0", "gm0"]}], groups, group_id, out)
    assert out[0]["state"] == corrections.SKIPPED
    assert len(calls) <= 2 * len(groups)  # the lookup by id, then the final ids: once per group each


# ---------------------------------------------------------------------------------------------------
# Issue 13 #4: `set` checks before it writes


def refusals(ids: dict[str, str]) -> list[tuple[list[str], str]]:
    a = ids["a2"]
    return [
        (["set", a, "investment_yuan", "1e20"], "看不懂的数额"),
        (["set", a, "investment_yuan", "-5"], "负数"),
        (["set", a, "investment_yuan", "9223372036854775807"], "之间"),
        (["set", a, "investment_yuan", "一些钱"], "看不懂的数额"),
        (["set", a, "investment_yuan", "500人"], "不是金额"),
        (["set", a, "jobs", "3亿元"], "不是人数"),
        (["set", a, "output_yuan", "3亿美元"], "只记人民币"),
        (["set", a, "status", "投入使用"], "未知阶段"),
        (["set", a, "park", "火星开发区"], "--new-park"),
        (["set", a, "in_totals", "yes"], "0（不计入合计）"),
        (["set", a, "name", ""], "不能清空"),
        (["set", "p000000000000", "status", "投产"], "库中没有项目"),
        (["merge", a, a], "两个不同"),
        (["split", a, "--name", "不存在的项目"], "没有叫"),
        (["split", a, "--name", "恒源新材料项目"], "什么也不剩"),
    ]


def test_corrections_bad_set_is_refused_with_exit_2_and_nothing_written(built, capsys):
    db, file = built
    ids = {s: pid_of(db, s) for s in ("a2", "b1", "c1")}
    before = rows(db, "select * from projects order by project_id")
    for argv, message in refusals(ids):
        capsys.readouterr()
        assert main([*argv, "--db", str(db)]) == 2, argv
        err = capsys.readouterr().err
        assert "未记录" in err and message in err, (argv, err)
        assert not file.exists(), argv
    assert rows(db, "select * from projects order by project_id") == before


def test_corrections_refused_on_an_id_merged_away_and_no_database(built, tmp_path, capsys):
    db, file = built
    a, b = pid_of(db, "a2"), pid_of(db, "b1")
    assert main(["merge", a, b, "--db", str(db)]) == 0
    gone = b if pid_of(db, "b1") == a else a
    kept = a if gone == b else b
    written = file.read_bytes()
    capsys.readouterr()
    assert main(["set", gone, "status", "投产", "--db", str(db)]) == 2
    assert f"已并入为 {kept}" in capsys.readouterr().err
    assert file.read_bytes() == written
    import dashboard_data as dd

    assert dd.resolve_project_id(str(db), gone) == kept
    assert dd.load_project(str(db), dd.db_version(db), dd.resolve_project_id(str(db), gone))["project_id"] == kept
    assert main(["set", kept, "status", "投产", "--db", str(tmp_path / "absent.db")]) == 2
    assert "没有数据库" in capsys.readouterr().err


SET_ACCEPTED = [  # field, as typed, what is recorded
    ("investment_yuan", "100亿", {"value": 10_000_000_000}),
    ("investment_yuan", "106亿元", {"value": 10_600_000_000}),
    ("investment_yuan", "10600000000", {"value": 10_600_000_000}),
    ("investment_yuan", "1.5亿美元", {"value": 150_000_000, "currency": "USD"}),
    ("output_yuan", "12个亿", {"value": 1_200_000_000}),
    ("jobs", "2000人", {"value": 2000}),
    ("jobs", "500", {"value": 500}),
    ("status", "投产", {"value": "投产"}),
    ("status", "停滞", {"value": "停滞"}),
    ("company", "未披露", {"value": None}),
    ("in_totals", "0", {"value": 0}),
]


@pytest.mark.parametrize(("field", "typed", "recorded"), SET_ACCEPTED, ids=[f"{f}={t}" for f, t, _ in SET_ACCEPTED])
def test_corrections_set_parses_with_the_pipelines_rules(field, typed, recorded):
    assert corrections.parse_value(field, typed) == recorded


def test_corrections_record_who_when_old_value_and_anchors(built, monkeypatch):
    db, file = built
    monkeypatch.setenv("USER", "王工")
    a = pid_of(db, "a2")
    with sqlite3.connect(db) as conn:
        conn.execute("update meta set value = '2000-01-01T00:00:00+00:00' where key = 'built_at'")
    assert main(["set", a, "investment_yuan", "120亿", "--db", str(db)]) == 0
    assert rows(db, "select value from meta where key = 'built_at'") != [("2000-01-01T00:00:00+00:00",)]
    assert main(["set", a, "park", "新建示范园", "--new-park", "--db", str(db)]) == 0
    first, second = (json.loads(x) for x in file.read_text(encoding="utf-8").splitlines())
    assert first["by"] == "王工" and first["at"][:4].isdigit() and "T" in first["at"]
    assert (first["value"], first["old"]) == (12_000_000_000, 1_000_000_000)
    assert {m[0] for m in first["anchors"][a]} == {m for (m,) in rows(db, "select mention_id from mentions")} & {
        m for (m,) in rows(db, "select mention_id from mentions where project_id = ?", a)
    }
    assert second["value"] == "新建示范园" and rows(db, "select park from projects where project_id = ?", a) == [
        ("新建示范园",)
    ]
    assert main(["set", a, "park", "新建示范园", "--db", str(db)]) == 0  # now a park of this database


def test_corrections_live_beside_their_database_and_take_over_the_old_file(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    data = tmp_path / "data"
    legacy = data / "corrections.jsonl"
    monkeypatch.setattr(corrections, "LEGACY", legacy)
    db = data / "projects.db"
    other = tmp_path / "elsewhere" / "other.db"
    for d in (db, other):
        assert main(["ingest", str(write(tmp_path / "in", RECORDS)), "--db", str(d), "--workers", "1"]) == 0
    a, c = pid_of(db, "a2"), pid_of(db, "c1")
    legacy.write_text(
        json.dumps({"op": "rename", "id": c, "name": "旧文件里的名字"}, ensure_ascii=False) + "\n", "utf-8"
    )
    assert corrections.path(db) == legacy  # read while the database has no file of its own
    assert corrections.path(other) == other.with_name("other.corrections.jsonl")  # another folder: not replayed
    capsys.readouterr()
    assert main(["set", a, "status", "投产", "--db", str(db)]) == 0
    assert "复制到" in capsys.readouterr().err
    own = data / "projects.corrections.jsonl"
    assert [json.loads(x)["op"] for x in own.read_text(encoding="utf-8").splitlines()] == ["rename", "set"]
    assert corrections.path(db) == own
    assert rows(db, "select name from projects where project_id = ?", c) == [("旧文件里的名字",)]
    assert main(["ingest", str(tmp_path / "in"), "--db", str(other), "--workers", "1"]) == 0
    assert rows(other, "select name from projects where project_id = ?", c) != [("旧文件里的名字",)]
    monkeypatch.setenv("PARKTRACK_CORRECTIONS", str(tmp_path / "mine.jsonl"))
    assert corrections.path(db) == tmp_path / "mine.jsonl"


def test_corrections_help_is_chinese_with_examples(capsys):
    for command in ("set", "merge", "split", "rename", "exclude", "export"):
        with pytest.raises(SystemExit):
            parser().parse_args([command, "--help"])
        text = capsys.readouterr().out
        assert "例：" in text and "python -m pipeline" in text, command
    with pytest.raises(SystemExit):
        parser().parse_args(["set", "--help"])
    text = capsys.readouterr().out
    assert "120亿" in text and "投产" in text and "--new-park" in text


def test_corrections_merged_id_link_opens_the_surviving_project(built, monkeypatch):
    from streamlit.testing.v1 import AppTest

    db, _ = built
    a, b = pid_of(db, "a2"), pid_of(db, "b1")
    assert main(["merge", a, b, "--db", str(db)]) == 0
    gone = b if pid_of(db, "b1") == a else a
    monkeypatch.setenv("PROJECTS_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60)
    at.query_params["project"] = gone
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "没有编号" in w.value]
    assert any('<h1 class="pt-title">' in h.proto.body and "恒源新材料" in h.proto.body for h in at.get("html"))
