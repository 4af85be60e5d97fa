"""待核对: the queue is ordered by cost (amount × unsureness) with named reasons, shrinks as records are
confirmed or corrected, and every button's correction is the command line's and is replayed after
`ingest --rebuild` (issue 15 #1)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fixture_news import JUNE, MARCH, write
from streamlit.testing.v1 import AppTest

import dashboard_data as dd
import dashboard_review as dr
from pipeline import corrections, review
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    monkeypatch.setattr(corrections, "LEGACY", tmp_path / "legacy.jsonl")
    monkeypatch.setenv("USER", "审核员")
    db = tmp_path / "projects.db"
    write(tmp_path / "in", MARCH, "march.jsonl")
    write(tmp_path / "in", JUNE, "june.jsonl")
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "1"]) == 0
    return db


def items(db: Path) -> list[review.Item]:
    with sqlite3.connect(db) as conn:
        return review.queue(conn)


def keys(queue: list[review.Item]) -> list[tuple[str, str]]:
    return [(i.name, i.field) for i in queue]


def one(db: Path, name: str, field: str) -> review.Item:
    return next(i for i in items(db) if (i.name, i.field) == (name, field))


def lines(db: Path) -> list[dict]:
    return [json.loads(x) for x in corrections.beside(db).read_text(encoding="utf-8").splitlines()]


def project(db: Path, name: str) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("select * from projects where name = ?", (name,)).fetchone())


def test_review_queue_is_ordered_by_cost_with_named_reasons(built):
    queue = items(built)
    costs = [i.cost for i in queue]
    assert costs == sorted(costs, reverse=True) and all(c > 0 for c in costs)
    reasons = {(i.name, i.field): {r.code for r in i.reasons} for i in queue}
    # priced in the sentence after the name, in an article that also says `园区共签约项目12个，总投资56亿元`
    assert reasons[("瑞达生物医药产业园项目", "investment_yuan")] == {"bound_far", "aggregate_article"}
    assert "stage_no_cue" in reasons[("宏图光电显示模组项目", "status")]  # `总投资15亿元`: no stage word
    assert "park_unknown" in reasons[("鑫源电子项目", "park")]
    assert ("恒远新能源电池项目", "investment_yuan") not in reasons  # named, priced and staged in one sentence
    top = queue[0]
    assert top.weight_yuan * top.unsure == pytest.approx(top.cost)
    # the figure is highlighted in the sentence shown
    invest = one(built, "瑞达生物医药产业园项目", "investment_yuan")
    assert [invest.sentence[s:e] for s, e, _f in invest.spans] == ["30亿元"]
    assert "瑞达生物医药产业园项目" in invest.sentence


def test_review_reason_weights_combine_as_independent_doubts():
    a, b = review._reason("bound_far"), review._reason("aggregate_article")
    assert review._combine([a, b]) == pytest.approx(1 - (1 - a.weight) * (1 - b.weight))
    assert review._combine([]) == 0


def test_review_every_button_shrinks_the_queue_and_is_replayed_after_rebuild(built, tmp_path):
    n = len(items(built))
    with sqlite3.connect(built) as conn:
        assert review.confirmed_share(conn) == 0
        total = conn.execute("select sum(investment_yuan) from projects where in_totals = 1").fetchone()[0]

    def press(action: str, item: review.Item, **kw: object) -> list[tuple[str, str]]:
        review.record(built, dr.verdict(action, item, **kw))
        after = keys(items(built))
        assert (item.name, item.field) not in after, action
        return after

    # 确认: the value seen is right
    assert len(press("confirm", one(built, "宏图光电显示模组项目", "status"))) == n - 1
    with sqlite3.connect(built) as conn:
        assert review.confirmed_share(conn) == 0  # a stage, not an amount
    # 改: a new amount, parsed as the pipeline parses it
    assert len(press("set", one(built, "瑞达生物医药产业园项目", "investment_yuan"), text="32亿")) == n - 2
    assert project(built, "瑞达生物医药产业园项目")["investment_yuan"] == 3_200_000_000
    with sqlite3.connect(built) as conn:
        assert review.confirmed_share(conn) == pytest.approx(3_200_000_000 / (total + 200_000_000))
    # 合并到…: 华泰 is one project with 恒远; then 拆分 takes it out again
    target = project(built, "恒远新能源电池项目")["project_id"]
    press("merge", one(built, "华泰精密轴承项目", "status"), target=target)
    merged = project(built, "恒远新能源电池项目")
    assert merged["project_id"] == target and json.loads(merged["aliases"]) == ["华泰精密轴承项目"]
    whole = one(built, "恒远新能源电池项目", "status")  # 在建 from 华泰's sentence, with no cue
    assert set(whole.names) == {"恒远新能源电池项目", "华泰精密轴承项目"}
    press("split", whole, names=["华泰精密轴承项目"])
    assert project(built, "华泰精密轴承项目")["project_id"] != target
    # 改 a stage (a word the pipeline knows)
    press("set", one(built, "华泰精密轴承项目", "status"), text="开工")
    # 不是项目: every record of it leaves the queue, and it leaves the sums
    press("exclude", one(built, "鑫源电子项目", "park"))
    assert project(built, "鑫源电子项目")["in_totals"] == 0
    assert not [i for i in items(built) if i.name == "鑫源电子项目"]

    written = lines(built)
    assert [w["op"] for w in written] == ["confirm", "set", "merge", "split", "set", "exclude"]
    assert all(w["by"] == "审核员" and w["at"] and w["anchors"] for w in written)
    assert written[4]["value"] == "开工" and written[4]["old"] == "在建"
    names = ("瑞达生物医药产业园项目", "恒远新能源电池项目", "华泰精密轴承项目", "鑫源电子项目")
    queue, state = keys(items(built)), [project(built, name) for name in names]
    assert len(queue) < n
    with sqlite3.connect(built) as conn:
        share = review.confirmed_share(conn)

    assert main(["ingest", str(tmp_path / "in"), "--db", str(built), "--rebuild"]) == 0
    assert keys(items(built)) == queue
    assert [project(built, name) for name in names] == state
    with sqlite3.connect(built) as conn:
        assert {r[0] for r in conn.execute("select state from corrections_status")} == {corrections.APPLIED}
        assert review.confirmed_share(conn) == share


def test_review_button_lines_are_the_command_lines(built):
    """The dashboard's confirm writes the line `python -m pipeline confirm` writes (but for when)."""
    item = one(built, "宏图光电显示模组项目", "status")
    assert main(["confirm", item.project_id, "status", "--db", str(built)]) == 0
    review.record(built, dr.verdict("confirm", item))
    cli, dashboard = lines(built)
    assert {k: v for k, v in cli.items() if k != "at"} == {k: v for k, v in dashboard.items() if k != "at"}
    assert main(["confirm", "p000000000000", "status", "--db", str(built)]) == 2
    assert main(["confirm", item.project_id, "jobs", "--db", str(built)]) == 2  # nothing stated to confirm
    assert len(lines(built)) == 2


def test_review_a_confirmation_lapses_when_the_value_changes(built, tmp_path):
    item = one(built, "瑞达生物医药产业园项目", "investment_yuan")
    review.record(built, dr.verdict("confirm", item))
    assert ("瑞达生物医药产业园项目", "investment_yuan") not in keys(items(built))
    later = {"id": "c1", "date": "2023-09-01", "text": "瑞达生物医药产业园项目总投资增至35亿元，正式开工。"}
    assert main(["ingest", str(write(tmp_path / "more", [later], "sep.jsonl")), "--db", str(built)]) == 0
    back = one(built, "瑞达生物医药产业园项目", "investment_yuan")
    assert back.value == 3_500_000_000 and "confirm_lapsed" in {r.code for r in back.reasons}


def test_review_refused_change_writes_nothing(built):
    item = one(built, "瑞达生物医药产业园项目", "investment_yuan")
    with pytest.raises(review.Refused, match="看不懂的数额"):
        review.record(built, dr.verdict("set", item, text="很多钱"))
    assert not corrections.beside(built).exists()


def test_review_tab_confirm_button_records_and_reruns(built, monkeypatch):
    monkeypatch.setenv("PROJECTS_DB", str(built))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["tab"] = "待核对"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    n = len(items(built))
    assert any(f"待核对 {n} 条" in m.value for m in at.markdown)
    first = items(built)[0]
    next(b for b in at.button if b.label == "确认").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [(w["op"], w["id"], w["field"]) for w in lines(built)] == [("confirm", first.project_id, first.field)]
    assert any(f"待核对 {n - 1} 条" in m.value for m in at.markdown)


def test_review_queue_size_is_kept_by_ingest_and_never_stale(built):
    """The overview reads the size the last ingest counted, unless a correction resolved again since."""
    with sqlite3.connect(built) as conn:
        counted = review.stored_sizes(conn)
    n = len(items(built))
    assert counted is not None and sum(counted.values()) == n
    item = items(built)[0]
    assert main(["confirm", item.project_id, item.field, "--db", str(built)]) == 0  # resolves, not counted
    with sqlite3.connect(built) as conn:
        assert review.stored_sizes(conn) is None
    review.record(built, dr.verdict("confirm", items(built)[0]))  # the dashboard's verdict counts again
    with sqlite3.connect(built) as conn:
        assert sum(review.stored_sizes(conn).values()) == n - 2 == len(review.queue(conn))


def test_publish_reckons_only_the_touched_projects_and_matches_a_whole_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a second ingest the stored sizes are the last ones with the projects whose members changed
    counted again; they equal the queue counted whole, after new articles and after a file that changed."""
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    monkeypatch.setattr(corrections, "LEGACY", tmp_path / "legacy.jsonl")
    db, folder = tmp_path / "projects.db", tmp_path / "in"
    asked: list[set[str] | None] = []
    whole = review._counts

    def counted(conn: sqlite3.Connection, project_ids=None) -> dict[str, int]:
        asked.append(None if project_ids is None else set(project_ids))
        return whole(conn, project_ids)

    monkeypatch.setattr(review, "_counts", counted)
    write(folder, MARCH, "march.jsonl")
    assert main(["ingest", str(folder), "--db", str(db), "--workers", "1"]) == 0
    assert asked == [None]  # the first publish counts everything
    steps = [
        ("june.jsonl", JUNE),  # new articles: 恒远 and 华泰 gain mentions, 金科 is new
        ("march.jsonl", [r for r in MARCH if r["id"] != "a4"]),  # a changed file: 鑫源 is gone
    ]
    for name, records in steps:
        asked.clear()
        with sqlite3.connect(db) as conn:
            all_projects = {r[0] for r in conn.execute("select project_id from projects")}
        write(folder, records, name)
        assert main(["ingest", str(folder), "--db", str(db), "--workers", "1"]) == 0
        assert len(asked) == 1 and asked[0] and not all_projects <= asked[0]  # a part of them, not all
        with sqlite3.connect(db) as conn:
            assert review.stored_sizes(conn) == review.queue_sizes(conn)
            assert conn.execute("select count(*) from meta where key = 'review_dirty'").fetchone()[0] == 0


def test_review_confirmed_value_carries_its_badge_until_it_changes(built, tmp_path, monkeypatch):
    """A confirmed figure says 已确认 in the project table and on the project page; a later article that
    changes it takes the badge away (the person saw the old value)."""
    item = one(built, "瑞达生物医药产业园项目", "investment_yuan")
    review.record(built, dr.verdict("confirm", item))
    monkeypatch.setenv("PROJECTS_DB", str(built))
    dd.load_projects.clear()
    df = dd.load_projects(str(built), dd.db_version(built))
    row = df[df["project_id"] == item.project_id].iloc[0]
    assert row["confirmed"] == "投资" and row["corrected"] == ""
    assert set(df.loc[df["project_id"] != item.project_id, "confirmed"]) <= {""}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["project"] = item.project_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    page = [m.value for m in at.markdown] + [h.proto.body for h in at.get("html")]  # the project block is st.html
    assert any("已确认" in text for text in page)
    later = {"id": "c1", "date": "2023-09-01", "text": "瑞达生物医药产业园项目总投资增至35亿元，正式开工。"}
    assert main(["ingest", str(write(tmp_path / "more", [later], "sep.jsonl")), "--db", str(built)]) == 0
    dd.load_projects.clear()
    df = dd.load_projects(str(built), dd.db_version(built))
    assert df.loc[df["project_id"] == item.project_id, "confirmed"].iloc[0] == ""
