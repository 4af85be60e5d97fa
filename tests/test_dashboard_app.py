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


KPI = re.compile(
    r'<div class="pt-kpi-label">(?P<label>.*?)(?:<span class="pt-kpi-help"[^>]*>[^<]*</span>)?</div>'
    r'<div class="pt-kpi-value">(?P<value>.*?)</div>'
)


def blocks(at: AppTest) -> list[str]:
    """The page's text blocks as written: its Markdown and its HTML blocks (st.html)."""
    return [m.value for m in at.markdown] + [h.proto.body for h in at.get("html")]


TITLE = re.compile(r'<h1 class="pt-title">(.*?)</h1>')


def page_title(at: AppTest) -> str:
    """The page's title, as the reader sees it (the first HTML block carries it, dashboard.page_head)."""
    found = [html.unescape(m.group(1)) for body in blocks(at) for m in [TITLE.search(body)] if m]
    assert found, "no page title"
    return found[0]


def kpis(at: AppTest) -> dict[str, str]:
    """The KPI cells the page wrote (one HTML block, not st.metric), label → value as the reader sees them."""
    return {html.unescape(k["label"]): html.unescape(k["value"]) for b in blocks(at) for k in KPI.finditer(b)}


def metric(at: AppTest, label: str) -> str:
    return kpis(at)[label]


def page_text(at: AppTest) -> str:
    """Everything the page wrote as Markdown, tags stripped and entities decoded; a block (</div>) or a
    <br> ends a line, as the browser draws it."""
    bodies = blocks(at) + [c.value for c in at.caption]
    lines = re.sub(r"<br\s*/?>|</div>", "\n", "\n".join(bodies))
    return html.unescape(re.sub(r"<[^>]+>", "", lines))


def test_dashboard_app_runs_on_sample_database(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db)
    (n,) = rows(sample_db, "select count(*) from projects")[0]
    assert metric(at, "项目数") == f"{n} 个"
    assert [t.label for t in at.tabs] == ["总览", "园区对比", "项目表", "数据", "待核对", "动态"]
    assert "未披露投资" in page_text(at)
    assert page_title(at) == "园区项目追踪"


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
    assert page_title(at) == name
    text = page_text(at)
    for (sentence,) in rows(sample_db, "select sentence from mentions where project_id = ?", pid):
        assert sentence in text
    assert "投资额出处" in text
    assert any(b.count("<mark") >= 2 for b in blocks(at))  # name and amount marked
    # the full article one click away, folded: a <details> whose summary names the article
    assert re.search(r"<details><summary>全文（[^<]+）</summary>", "\n".join(blocks(at)))


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
    raw = "\n".join(blocks(at))
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
    with sqlite3.connect(path) as conn:  # resolution places every project of the sample: only these three here
        conn.execute("update projects set province = null, city = null, county = null, adcode = null")
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
    assert page_title(at) == park
    assert metric(at, "项目数") == f"{n} 个"
    text = page_text(at)
    assert "已披露投资的项目 " in text and f"/{n}" in text
    assert [t.label for t in at.tabs] == ["按年份", "按阶段", "项目", "报道中的合计"]
    assert not at.dataframe  # the table is drawn only when its tab is opened
    (stages,) = [line for line in text.splitlines() if line.startswith("阶段：")]  # the stage mix in words
    for (stage,) in rows(sample_db, "select distinct status from projects where park = ?", park):
        assert stage in stages
    assert len(at.get("plotly_chart")) == 1  # one chart at a time: the years, then the stages
    years = chart_titles(at)
    assert not at.get("button_group")  # the charts are tabs: no control above the chart
    at = run(monkeypatch, sample_db, park_page=park, park_tab="按阶段")  # the stages' tab, by URL
    assert at.query_params["park_tab"] == "按阶段" and chart_titles(at) != years
    assert chart_titles(at)[0].startswith("项目当前阶段") and len(at.get("plotly_chart")) == 1
    at = run(monkeypatch, sample_db, park_page=park, park_chart="按阶段")  # a link from before: the same tab
    assert at.query_params["park_tab"] == "按阶段" and "park_chart" not in at.query_params
    assert chart_titles(at)[0].startswith("项目当前阶段")
    at = run(monkeypatch, sample_db, park_page=park, park_tab="项目")  # the table's tab, by URL
    table = at.dataframe[0].value
    assert len(table) == n and set(table["园区"]) == {park}
    assert not at.get("plotly_chart") and at.query_params["park_tab"] == "项目"


def test_dashboard_app_park_page_unknown_park(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db, park_page="没有这个园区")
    assert any("没有园区" in w.value for w in at.warning)


# ---------------------------------------------------------------------------------------------------
# Provenance: 人工更正, 已报道 / 预计, flagged records, parts


def copy_of(db: Path, dst: Path) -> Path:
    with sqlite3.connect(db) as src, sqlite3.connect(dst) as out:
        src.backup(out)
    return dst


@pytest.fixture
def corrected_db(sample_db: Path, tmp_path: Path) -> tuple[Path, str, int]:
    """The sample database with one project's investment set by hand, and a corrections line (written by
    hand) that cannot apply: an unknown id."""
    path = copy_of(sample_db, tmp_path / "corrected.db")
    pid, old = rows(path, "select project_id, investment_yuan from projects where investment_yuan is not null limit 1")[
        0
    ]
    assert main(["set", pid, "investment_yuan", "120亿", "--db", str(path)]) == 0
    with (tmp_path / "corrected.corrections.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"op": "set", "id": "p-gone", "field": "jobs", "value": 500}) + "\n")
    assert main(["ingest", str(SAMPLE), "--db", str(path), "--workers", "1"]) == 0  # applies the file again
    return path, pid, old


def test_dashboard_app_corrected_project_shows_badge_old_value_and_sentence(
    monkeypatch: pytest.MonkeyPatch, corrected_db: tuple[Path, str, int]
) -> None:
    path, pid, old = corrected_db
    at = run(monkeypatch, path, project=pid)
    assert metric(at, "投资") == "120亿元"
    raw = "\n".join(blocks(at))
    assert '<span class="pt-badge pt-badge-orange">人工更正</span>' in raw
    text = page_text(at)
    (by, when) = rows(path, "select by, at from corrections_status where project_id = ?", pid)[0]
    block = next(line for line in text.splitlines() if line.startswith("人工更正 · 投资"))
    assert "120亿元" in block and f"原值 {dd_fmt(old)}" in block and by in block and when in block
    (sentence,) = rows(
        path,
        "select substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) from evidence e "
        "join mentions m using (mention_id) join articles a using (article_id) "
        "where m.project_id = ? and e.field = 'investment'",
        pid,
    )[0]
    assert "它替换的原句" in text and sentence in text  # the sentence that stated the old value
    assert "被人工更正替换的投资额出处" in text


def dd_fmt(yuan: int) -> str:
    import dashboard_charts as dc

    return dc.fmt_amount(yuan, "CNY")


def test_dashboard_app_corrections_history_lists_a_line_not_applied(
    monkeypatch: pytest.MonkeyPatch, corrected_db: tuple[Path, str, int]
) -> None:
    path, pid, _ = corrected_db
    at = run(monkeypatch, path, tab="数据")
    assert "人工更正记录" in [h.value for h in at.subheader]
    history = at.dataframe[-1].value
    assert list(history["状态"]) == ["已应用", "未应用"]
    skipped = history[history["状态"] == "未应用"].iloc[0]
    assert skipped["对象"] == "p-gone" and "p-gone" in skipped["原因"]
    assert history.iloc[0]["原值"] and history.iloc[0]["新值"] == "120亿元"
    assert any("未生效" in w.value and "p-gone" in w.value for w in at.warning)
    at = run(monkeypatch, path)  # and the overview says so, not only stderr
    assert any("没有生效" in w.value for w in at.warning)
    assert "1 个项目的投资额为人工更正" in page_text(at)


def test_dashboard_app_project_page_shows_a_correction_that_did_not_apply(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path, tmp_path: Path
) -> None:
    path = copy_of(sample_db, tmp_path / "split.db")
    pid = rows(path, "select project_id from projects order by n_mentions desc limit 1")[0][0]
    line = {"op": "split", "id": pid, "names": ["没有这个名称的项目"]}
    (tmp_path / "split.corrections.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["ingest", str(SAMPLE), "--db", str(path), "--workers", "1"]) == 0
    at = run(monkeypatch, path, project=pid)
    assert any("没有生效" in w.value and "没有提及用这些名称" in w.value for w in at.warning)


def test_dashboard_app_kpis_split_stated_from_forecast(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run(monkeypatch, sample_db)
    labels = list(kpis(at))
    assert {"产值 · 已报道", "产值 · 预计", "就业 · 已报道", "就业 · 预计"} <= set(labels)
    assert "产值" not in labels and "就业" not in labels  # never one sum of both kinds
    # the sample's output figures are all forecasts (`达产后，年产值将达…`, `投产后可实现…`)
    (total,) = rows(sample_db, "select sum(output_yuan) from projects where in_totals = 1")[0]
    assert metric(at, "产值 · 已报道") == "—" and metric(at, "产值 · 预计") == dd_fmt(total)


def test_dashboard_app_project_page_says_forecast_and_qualifier(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path
) -> None:
    pid = rows(sample_db, "select project_id from projects where jobs is not null limit 1")[0][0]
    at = run(monkeypatch, sample_db, project=pid)
    assert metric(at, "就业").startswith("超")  # `300多人`
    assert any('<span class="pt-badge pt-badge-violet">预计</span>' in b for b in blocks(at))
    at = run(monkeypatch, sample_db, project=pid, project_tab="报道中的数字")
    table = at.dataframe[0].value
    kinds = set(table["类型"])
    assert "预计" in kinds and kinds <= {"已报道", "预计", ""}  # '' for an investment, a planned sum by nature


def test_dashboard_app_overview_says_how_many_records_are_flagged_and_why(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path, tmp_path: Path
) -> None:
    path = copy_of(sample_db, tmp_path / "flagged.db")
    a, b = (r[0] for r in rows(path, "select project_id from projects order by project_id limit 2"))
    with sqlite3.connect(path) as conn:
        conn.execute(
            "update projects set in_totals = 0, exclude_reason = ? where project_id = ?",
            (f"可能重复：与 {b}（某项目）同一项目", a),
        )
        conn.execute(
            "update projects set in_totals = 0, exclude_reason = '园区整体（其中项目另计）' where project_id = ?", (b,)
        )
    at = run(monkeypatch, path)
    (line,) = [line for line in page_text(at).splitlines() if "个项目不计入合计：" in line]
    assert "2 个项目不计入合计" in line and "可能重复 1 个" in line
    # the list one click away: folded in the KPI block (a <details>), each a link and the command
    (raw,) = [b for b in blocks(at) if "<summary>不计入合计的 2 个项目及原因</summary>" in b]
    listing = raw[raw.index('<details class="pt-flagged">') : raw.index("</details>")]
    assert f'href="?project={a}"' in listing and f"set {a} in_totals 1" in listing


def test_dashboard_app_part_of_links_both_ways(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path, tmp_path: Path
) -> None:
    path = copy_of(sample_db, tmp_path / "parts.db")
    (whole, whole_name), (part, part_name) = rows(
        path, "select project_id, name from projects order by project_id limit 2"
    )
    with sqlite3.connect(path) as conn:
        if "part_of" not in {r[1] for r in conn.execute("pragma table_info(projects)")}:
            conn.execute("alter table projects add column part_of text")  # a database built before it
        conn.execute("update projects set part_of = ? where project_id = ?", (whole, part))
    raw = "\n".join(blocks(run(monkeypatch, path, project=part)))
    assert "属于" in raw and f'href="?project={whole}"' in raw
    raw = "\n".join(blocks(run(monkeypatch, path, project=whole)))
    assert "包含" in raw and f'href="?project={part}"' in raw
    raw = "\n".join(blocks(run(monkeypatch, sample_db, project=whole)))
    assert "属于" not in raw and "包含" not in raw  # no part recorded: nothing, and no error


def test_dashboard_app_project_table_marks_corrected_and_forecast(
    monkeypatch: pytest.MonkeyPatch, corrected_db: tuple[Path, str, int]
) -> None:
    path, pid, _ = corrected_db
    at = run(monkeypatch, path, tab="项目表")
    table = at.dataframe[0].value
    (name,) = rows(path, "select name from projects where project_id = ?", pid)[0]
    assert table.loc[table["项目"] == name, "人工更正"].iloc[0] == "投资"
    assert any("产值预计" in v for v in table["口径"])


INFERRED_STAGE = """select t.project_id from timeline t where t.is_plan = 0 and not exists (
    select 1 from evidence e where e.mention_id = t.mention_id and e.field = 'stage' and e.value = t.stage
    and e.is_plan = 0) and not exists (
    select 1 from timeline u join evidence e on e.mention_id = u.mention_id
    where u.project_id = t.project_id and e.field = 'stage' and e.value = u.stage and e.is_plan = 0)
    limit 1"""


def test_dashboard_app_fallback_stage_is_labelled_inferred(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    found = rows(sample_db, INFERRED_STAGE)
    assert found, "fixture: a sample project's stage comes from no cue of its own sentence"
    at = run(monkeypatch, sample_db, project=found[0][0])
    assert any('<span class="pt-badge pt-badge-gray">推断</span>' in b for b in blocks(at))
    cued = rows(
        sample_db,
        "select m.project_id from evidence e join mentions m using (mention_id) join projects p using (project_id) "
        "where e.field = 'stage' and e.is_plan = 0 and e.value = p.status limit 1",
    )[0][0]
    at = run(monkeypatch, sample_db, project=cued)
    assert not any('<span class="pt-badge pt-badge-gray">推断</span>' in b for b in blocks(at))


def popovers(at: AppTest, label: str) -> list:
    """The popovers whose label holds `label` (their content is in the tree; the browser draws it on a click)."""
    return [b for b in at.get("popover") if label in b.proto.popover.label]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_dashboard_app_overview_draws_one_chart_chosen_by_a_control_kept_in_the_url(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path
) -> None:
    """Every chart costs the browser its own drawing: the overview draws its KPIs and the chart the
    control names (按园区 first), each of the six one click away, the choice in the URL as `chart`."""
    from dashboard_charts import OVERVIEW_CHARTS

    at = run(monkeypatch, sample_db)
    assert len(at.get("plotly_chart")) == 1 and "各园区投资额" in chart_titles(at)[0]
    assert "chart" not in at.query_params
    control = next(s for s in at.get("button_group") if s.key == "overview_chart")
    assert list(control.options) == list(OVERVIEW_CHARTS)
    titles = {}
    for label in OVERVIEW_CHARTS:
        next(s for s in at.get("button_group") if s.key == "overview_chart").set_value(label).run()
        assert not at.exception
        assert len(at.get("plotly_chart")) == 1
        titles[label] = chart_titles(at)[0]
        assert (label == "按园区") == ("chart" not in at.query_params)
        assert label == "按园区" or at.query_params["chart"] == label
        assert (label == "树图") == any(s.label == "树图面积" for s in at.get("button_group"))
    assert len(set(titles.values())) == len(OVERVIEW_CHARTS)  # six different charts
    at = run(monkeypatch, sample_db, chart="最大项目")  # a link opens the chart it names
    assert chart_titles(at) == [titles["最大项目"]]
    at = run(monkeypatch, sample_db, chart="乱写")
    assert chart_titles(at) == [titles["按园区"]]


def test_dashboard_app_filters_beyond_search_sit_in_one_popover(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path
) -> None:
    """The browser draws a popover's widgets only when it is opened: the park, year, stage and size
    filters are in one, its label counting those chosen; the search box stays in view."""
    park = rows(sample_db, "select park from projects where park is not null group by park order by count(*) desc")[0][
        0
    ]
    at = run(monkeypatch, sample_db, park=park, status="在建")
    (more,) = popovers(at, "更多筛选")
    assert "已选 2 项" in more.proto.popover.label
    assert {m.key for m in more.multiselect} >= {"f_park", "f_status", "f_size"}
    assert [t.key for t in at.sidebar.text_input] == ["f_q"]
    at = run(monkeypatch, sample_db)
    assert "已选" not in popovers(at, "更多筛选")[0].proto.popover.label


def test_dashboard_app_charts_have_no_mode_bar_but_stay_clickable(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path
) -> None:
    """No chart builds Plotly's mode bar (its buttons are drawn for every chart on every load); the
    overview's charts still report clicks (they drill down), none is a static image."""
    import json

    for params in ({}, {"project": rows(sample_db, "select project_id from projects limit 1")[0][0]}):
        at = run(monkeypatch, sample_db, **params)
        charts = at.get("plotly_chart")
        assert charts
        for c in charts:
            config = json.loads(c.proto.config)
            assert config.get("displayModeBar") is False and not config.get("staticPlot")
    at = run(monkeypatch, sample_db)
    assert all(c.proto.selection_mode for c in at.get("plotly_chart"))


def test_dashboard_app_project_page_draws_its_first_mentions_then_all(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path, tmp_path: Path
) -> None:
    """A project mentioned many times draws MENTIONS_SHOWN of them, the rest behind one button."""
    path = copy_of(sample_db, tmp_path / "many.db")
    (pid,) = rows(path, "select project_id from projects order by n_mentions desc limit 1")[0]
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("pragma table_info(mentions)")]
        (mid,) = conn.execute("select mention_id from mentions where project_id = ? limit 1", (pid,)).fetchone()
        values = ", ".join("? || mention_id" if c == "mention_id" else c for c in columns)
        for i in range(25):
            conn.execute(
                f"insert into mentions ({', '.join(columns)}) select {values} from mentions where mention_id = ?",
                (f"copy{i}-", mid),
            )
    (n,) = rows(path, "select count(*) from mentions where project_id = ?", pid)[0]
    at = run(monkeypatch, path, project=pid)
    assert [t.label for t in at.tabs][0] == "全部提及" and f"共 {n} 条提及" in page_text(at)
    assert mentions_drawn(at) == 20
    at.button(key="more_mentions").click().run()
    assert not at.exception
    assert mentions_drawn(at) == n


def test_dashboard_app_park_page_draws_the_latest_news_totals_then_all(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path, tmp_path: Path
) -> None:
    """A park the news totals up many times draws AGGREGATES_SHOWN of those totals, the rest behind a button."""
    path = copy_of(sample_db, tmp_path / "totals.db")
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("pragma table_info(aggregates)")]
        (aid, park) = conn.execute("select aggregate_id, scope from aggregates where scope is not null").fetchone()
        values = ", ".join("? || aggregate_id" if c == "aggregate_id" else c for c in columns)
        for i in range(14):
            conn.execute(
                f"insert into aggregates ({', '.join(columns)}) select {values} from aggregates where aggregate_id = ?",
                (f"copy{i}-", aid),
            )
    said = rows(path, "select count(*) from aggregates where scope = ?", park)[0][0]
    at = run(monkeypatch, path, park_page=park)
    at = run(monkeypatch, path, park_page=park, park_tab="报道中的合计")
    assert news_drawn(at) == 10
    at.button(key="more_aggregates").click().run()
    assert not at.exception
    assert news_drawn(at) == said == 15


def mentions_drawn(at: AppTest) -> int:
    """How many mentions the project page drew (one HTML block, a div each)."""
    return sum(b.count('<div class="pt-mention">') for b in blocks(at))


def news_drawn(at: AppTest) -> int:
    """How many of the news's own totals a park page drew, each starting 报道（date）."""
    return sum(len(re.findall(r'<div class="pt-agg">报道（', b)) for b in blocks(at))
