"""The page as Streamlit runs it (AppTest): on the sample articles, with filters seeded from the URL,
on a project page, with hostile text, and with no database at all."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
SAMPLE = ROOT / "data" / "articles"
HOSTILE = {
    "id": "evil-1",
    "date": "2021-05-06",
    "title": "<img src=x onerror=alert(1)>**标题**",
    "text": "<script>alert('x')</script>恒源新材料项目正在紧张施工，总投资3亿元。$x$ [链接](javascript:alert(1))",
}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dashboard_app") / "projects.db"
    assert main(["ingest", str(SAMPLE), "--db", str(path), "--workers", "1"]) == 0
    return path


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard_hostile")
    (folder / "evil.jsonl").write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    path = folder / "projects.db"
    assert main(["ingest", str(folder / "evil.jsonl"), "--db", str(path), "--workers", "1"]) == 0
    return path


def rows(db: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


def run(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("PROJECTS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def page_text(at: AppTest) -> str:
    """Everything the page wrote as Markdown, tags stripped and entities decoded."""
    bodies = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(bodies)))


def test_dashboard_app_runs_on_sample_database(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db)
    (n,) = rows(sample_db, "select count(*) from projects")[0]
    assert metric(at, "项目数") == f"{n} 个"
    assert [t.label for t in at.tabs] == ["总览", "园区对比", "项目表", "数据", "待核对", "动态"]
    assert any("未披露投资" in c.value for c in at.caption)
    assert at.title[0].value == "园区项目追踪"


def test_dashboard_app_filter_from_url(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    park, n = rows(
        sample_db, "select park, count(*) from projects where park is not null group by park order by 2 desc limit 1"
    )[0]
    at = run(monkeypatch, sample_db, park=park)
    assert metric(at, "项目数") == f"{n} 个"
    assert at.multiselect(key="f_park").value == [park]
    assert at.query_params["park"] == park  # the link stays the link


def test_dashboard_app_filters_write_url(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db)
    at.multiselect(key="f_status").select("在建").run()
    at.text_input(key="f_q").input("产业园").run()
    assert not at.exception
    assert at.query_params["status"] == "在建" and at.query_params["q"] == "产业园"
    (n,) = rows(
        sample_db,
        "select count(*) from projects where status = '在建' and (name like '%产业园%' "
        "or park like '%产业园%' or company like '%产业园%' or aliases like '%产业园%')",
    )[0]
    assert n > 0 and metric(at, "项目数") == f"{n} 个"


def test_dashboard_app_unknown_url_values_are_dropped(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db, park="不存在的园区", status="乱写", year="abc")
    assert at.multiselect(key="f_park").value == []
    assert any("不存在的园区" in c.value for c in at.caption)
    assert "park" not in at.query_params and "status" not in at.query_params


def test_dashboard_app_search_is_text(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db, q="' OR 1=1 --")
    assert any("没有匹配" in w.value for w in at.warning)
    assert rows(sample_db, "select count(*) from projects")[0][0] > 0


def test_dashboard_app_project_page(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    pid, name = rows(
        sample_db,
        "select project_id, name from projects where investment_yuan is not null order by n_mentions desc limit 1",
    )[0]
    at = run(monkeypatch, sample_db, project=pid)
    assert html.unescape(at.title[0].value) == name
    text = page_text(at)
    for (sentence,) in rows(sample_db, "select sentence from mentions where project_id = ?", pid):
        assert sentence in text
    assert "投资额出处" in text
    assert any(m.value.count("<mark") >= 2 for m in at.markdown)  # name and amount marked
    assert len(at.expander) >= 1  # the full article one click away


def test_dashboard_app_unknown_project(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db, project="p-gone")
    assert any("p-gone" in html.unescape(w.value) for w in at.warning)


@pytest.mark.parametrize("tab", ["园区对比", "项目表", "数据"])
def test_dashboard_app_tabs_from_url(monkeypatch: pytest.MonkeyPatch, sample_db: Path, tab: str) -> None:
    at = run(monkeypatch, sample_db, tab=tab)
    if tab == "项目表":
        assert (
            len(at.dataframe) == 1
            and len(at.dataframe[0].value) == rows(sample_db, "select count(*) from projects")[0][0]
        )
    if tab == "数据":
        assert [h.value for h in at.subheader][:2] == ["被拒收的文件", "报道中的汇总数字"]


def test_dashboard_app_hostile_text_is_escaped(monkeypatch: pytest.MonkeyPatch, hostile_db: Path) -> None:
    found = rows(hostile_db, "select project_id from projects limit 1")
    assert found, "fixture: the pipeline should find 恒源新材料项目 in the hostile article"
    ((pid,),) = found
    at = run(monkeypatch, hostile_db, project=pid)
    raw = "\n".join(m.value for m in at.markdown)
    assert "<script>" not in raw and "<img" not in raw and "javascript:alert(1))" not in raw
    assert "&#60;script&#62;" in raw
    assert "<script>alert('x')</script>" in page_text(at)  # shown as the text it is


def test_dashboard_app_without_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = run(monkeypatch, tmp_path / "nothing-here.db")
    assert "python -m pipeline ingest data/articles" in at.code[0].value
    assert "make run" in at.code[0].value
    assert not (tmp_path / "nothing-here.db").exists()  # the page did not create one


def test_dashboard_app_with_a_file_that_is_not_a_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bogus = tmp_path / "projects.db"
    bogus.write_bytes(b"")
    at = run(monkeypatch, bogus)
    assert "python -m pipeline ingest data/articles" in at.code[0].value


@pytest.fixture
def placed_db(sample_db: Path, tmp_path: Path) -> Path:
    """The sample database with a location on three projects, as the place step stores it."""
    path = tmp_path / "placed.db"
    with sqlite3.connect(sample_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as conn:
        ids = [r[0] for r in conn.execute("select project_id from projects order by project_id limit 3")]
        places = [("山东省", "济宁市", "任城区", "370811"), ("山东省", "济宁市", "兖州区", "370812")]
        places.append(("江苏省", "苏州市", "昆山市", "320583"))
        for pid, place in zip(ids, places, strict=True):
            conn.execute(
                "update projects set province = ?, city = ?, county = ?, adcode = ? where project_id = ?", (*place, pid)
            )
    return path


def test_dashboard_app_place_filter_from_url(monkeypatch: pytest.MonkeyPatch, placed_db: Path) -> None:
    at = run(monkeypatch, placed_db, province="山东省")
    assert metric(at, "项目数") == "2 个"
    assert at.multiselect(key="f_province").value == ["山东省"]
    assert at.multiselect(key="f_city").options == ["济宁市（2）"]  # only the cities of the chosen province
    assert at.query_params["province"] == "山东省"
    at = run(monkeypatch, placed_db, county="昆山市")
    assert metric(at, "项目数") == "1 个"


def test_dashboard_app_place_filter_writes_url(monkeypatch: pytest.MonkeyPatch, placed_db: Path) -> None:
    at = run(monkeypatch, placed_db)
    at.multiselect(key="f_city").select("济宁市").run()
    assert not at.exception
    assert at.query_params["city"] == "济宁市" and metric(at, "项目数") == "2 个"


def test_dashboard_app_no_place_pickers_without_places(monkeypatch: pytest.MonkeyPatch, placed_db: Path) -> None:
    with sqlite3.connect(placed_db) as conn:
        conn.execute("update projects set province = null, city = null, county = null, adcode = null")
    at = run(monkeypatch, placed_db)
    assert not [m for m in at.multiselect if m.key in {"f_province", "f_city", "f_county"}]


def test_dashboard_app_park_page_from_url(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    park, n = rows(
        sample_db, "select park, count(*) from projects where park is not null group by park order by 2 desc limit 1"
    )[0]
    at = run(monkeypatch, sample_db, park_page=park)
    assert at.title[0].value == park
    assert metric(at, "项目数") == f"{n} 个"
    text = page_text(at)
    assert "已披露投资的项目 " in text and f"/{n}" in text
    assert "报道中的园区合计" in [h.value for h in at.subheader]
    table = at.dataframe[0].value
    assert len(table) == n and set(table["园区"]) == {park}


def test_dashboard_app_park_page_unknown_park(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db, park_page="没有这个园区")
    assert any("没有园区" in w.value for w in at.warning)
