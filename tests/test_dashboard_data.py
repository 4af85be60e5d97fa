"""The dashboard's data functions against a small database the real pipeline builds from articles
written here: projects are counted once, totals take one CNY figure per project in the totals, search
finds two-character words and treats SQL-looking input as text, filters do what their URL says."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import dashboard_data as dd
from pipeline.cli import main

YI = 10**8
# Four short articles: one project in two of them with two different amounts (116亿 then 120亿), an
# aggregate (12个项目总投资56亿元), a USD amount, a project with no amount, and a hostile title.
RECORDS = [
    {
        "id": "a-1",
        "date": "2021-03-01",
        "title": "济宁高新区项目集中开工",
        "text": "今年以来，济宁高新区启动建设项目12个，总投资56亿元。其中，位于济宁高新区的长城重工新能源工程机械项目"
        "总投资116亿元，已于2月开工建设。位于济宁高新区的恒源新材料项目正在紧张施工，总投资3亿元。",
    },
    {
        "id": "a-2",
        "date": "2022-06-15",
        "title": "长城重工项目建成投产",
        "text": "长城重工新能源工程机械项目已竣工投产，总投资120亿元，年产值达50亿元，可带动就业2000人。",
    },
    {
        "id": "a-3",
        "date": "2020-04-13",
        "title": "外资项目签约",
        "text": "亲亲食品山东生产基地在泗水开工建设，该项目总投资1.5亿美元。",
    },
    {
        "id": "a-4",
        "date": "2020-09-01",
        "title": "<script>alert(1)</script>特种车辆",
        "text": "济宁经开区鑫源特种车辆项目已竣工投产，年产值达12亿元。济宁经开区华泰信息科技项目正在加快建设，总投资8亿元。",
    },
]
HOSTILE = ["' OR 1=1 --", "%", "*", '"', "'; drop table projects; --", "_", "1=1"]


def write_records(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard_data")
    path = folder / "projects.db"
    assert main(["ingest", str(write_records(folder / "articles")), "--db", str(path), "--workers", "1"]) == 0
    return path


def sql(path: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query, params).fetchall()


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy (the pipeline writes in WAL mode, so the main file alone may be behind)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def load(path: Path) -> pd.DataFrame:
    return dd.load_projects(str(path), dd.db_version(path))


def index(path: Path) -> dd.SearchIndex | dd.StoredSearch:
    return dd.load_index(str(path), dd.db_version(path))


def project_named(df: pd.DataFrame, word: str) -> pd.Series:
    rows = df[df["name"].str.contains(word)]
    assert len(rows) == 1, f"the fixture should give one project named with {word}: {list(df['name'])}"
    return rows.iloc[0]


def test_dashboard_data_counts_projects_not_mentions(db: Path) -> None:
    df = load(db)
    (n_projects,), (n_mentions,) = (
        sql(db, "select count(*) from projects")[0],
        sql(db, "select count(*) from mentions")[0],
    )
    assert n_mentions > n_projects, "fixture: one project is mentioned by two articles"
    assert len(df) == n_projects
    assert dd.kpis(df)["projects"] == n_projects
    assert df["project_id"].is_unique


def test_dashboard_data_total_uses_one_figure_per_project(db: Path) -> None:
    df = load(db)
    k = dd.kpis(df)
    twice = project_named(df, "长城重工")
    stated = sql(
        db,
        "select investment_yuan from mentions where project_id = ? and investment_yuan is not null",
        twice["project_id"],
    )
    assert len(stated) == 2, "fixture: the project states its investment in two articles"
    (expected,) = sql(
        db, "select sum(investment_yuan) from projects where in_totals = 1 and investment_currency = 'CNY'"
    )[0]
    assert k["investment_yuan"] == expected
    summed_mentions = sql(db, "select sum(investment_yuan) from mentions where investment_currency = 'CNY'")[0][0]
    assert k["investment_yuan"] == summed_mentions - min(v for (v,) in stated)  # the project once, not twice
    (aggregate,) = sql(db, "select investment_yuan from aggregates where investment_yuan is not null")[0]
    assert aggregate == 56 * YI and k["investment_yuan"] != expected + aggregate  # 总投资56亿元 is never added
    assert k["n_investment"] == len(df[df["counted"]])


def test_dashboard_data_total_skips_foreign_and_excluded(db: Path, tmp_path: Path) -> None:
    df = load(db)
    k = dd.kpis(df)
    usd = project_named(df, "亲亲食品")
    assert usd["investment_currency"] == "USD" and not usd["counted"]
    assert k["foreign"] == {"USD": (1, int(1.5 * YI))}
    assert usd["size_band"] == dd.FOREIGN
    # the resolution step marks a duplicate with in_totals = 0; simulate that flag on a copy
    copy = copy_db(db, tmp_path / "flagged.db")
    small = project_named(df, "恒源")
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "update projects set in_totals = 0, exclude_reason = '重复' where project_id = ?", (small["project_id"],)
        )
    flagged = dd.kpis(load(copy))
    assert flagged["investment_yuan"] == k["investment_yuan"] - small["investment_yuan"]
    assert flagged["n_excluded"] == 1 and flagged["projects"] == k["projects"]


SIZE_BAND_ROWS = [  # amount, currency: each band's edges, no amount, foreign, a blank currency, a negative
    (0, "CNY"),
    (YI - 1, "CNY"),
    (YI, "CNY"),
    (10 * YI - 1, None),
    (10 * YI, ""),
    (50 * YI, "CNY"),
    (100 * YI - 1, "CNY"),
    (100 * YI, "CNY"),
    (10**13, "CNY"),
    (None, None),
    (None, "USD"),
    (5 * YI, "USD"),
    (-5, "CNY"),
]


def test_dashboard_data_search_without_stored_search_text_reads_names_aliases_company(db: Path, tmp_path: Path) -> None:
    """A database resolved before the pipeline wrote `search_text` is searched through an index built
    from the projects, their aliases and their mentions' names."""
    copy = copy_db(db, tmp_path / "old.db")
    target = project_named(load(db), "鑫源")
    with sqlite3.connect(copy) as conn:
        conn.execute("update projects set search_text = null")
        conn.execute("update projects set aliases = ? where project_id = ?", ('["某某别名工厂"]', target["project_id"]))
    df, idx = load(copy), index(copy)
    for word in ("别名", "特种", "鑫源"):
        assert list(dd.apply_filters(df, dd.Filters(q=word), idx)["project_id"]) == [target["project_id"]], word


def test_dashboard_data_size_bands_column_wise_equal_the_rule() -> None:
    amounts = pd.Series([a for a, _ in SIZE_BAND_ROWS], dtype="float64")
    currencies = pd.Series([c for _, c in SIZE_BAND_ROWS], dtype=object)
    expected = [dd.size_band(a, c) for a, c in zip(amounts, currencies, strict=True)]
    assert dd.size_bands(amounts, currencies).tolist() == expected
    assert set(expected) == set(dd.SIZE_LABELS)  # the table reaches every band


def test_dashboard_data_undisclosed_are_counted_not_zero(db: Path) -> None:
    df = load(db)
    k = dd.kpis(df)
    (expected,) = sql(db, "select count(*) from projects where investment_yuan is null")[0]
    assert expected >= 1 and k["n_undisclosed"] == expected
    assert set(df.loc[df["investment_yuan"].isna(), "size_band"]) == {dd.UNDISCLOSED}
    assert df.loc[df["investment_yuan"].isna(), "investment_yi"].isna().all()  # NaN, never 0


def test_dashboard_data_search_finds_two_character_words(db: Path) -> None:
    df, idx = load(db), index(db)
    for word, name in (("重工", "长城重工"), ("特种", "鑫源特种"), ("新材料", "恒源新材料"), ("华泰", "华泰信息")):
        found = dd.apply_filters(df, dd.Filters(q=word), idx)
        assert list(found["project_id"]) == [project_named(df, name)["project_id"]], word
    both = dd.apply_filters(df, dd.Filters(q="济宁 机械"), idx)  # every term must match
    assert list(both["name"]) == [project_named(df, "长城重工")["name"]]
    assert dd.apply_filters(df, dd.Filters(q="長城重工"), idx)["name"].str.contains("长城重工").all()  # traditional


def test_dashboard_data_stored_search_equals_the_in_memory_index(db: Path, tmp_path: Path) -> None:
    stored = index(db)
    assert isinstance(stored, dd.StoredSearch)
    memory = dd.SearchIndex(dict(sql(db, "select project_id, search_text from projects")))
    for query in ("重工", "济宁 机械", "長城重工", "项目", "高新 " * 60, "%", "_", "", *HOSTILE):
        assert stored.search(query) == memory.search(query), query
    # more terms than one query binds: searched in parts, the parts' hits intersected
    many = " ".join(str(n) for n in range(10, 200))
    wide = tmp_path / "wide.db"
    with sqlite3.connect(wide) as conn:
        conn.execute("create table projects (project_id text primary key, search_text text)")
        conn.executemany("insert into projects values (?, ?)", [("p-all", many), ("p-some", many[:200])])
    assert len(dd.query_terms(many)) > dd.SEARCH_TERMS_PER_QUERY
    assert dd.StoredSearch(str(wide)).search(many) == {"p-all"} == dd.SearchIndex({"p-all": many}).search(many)


@pytest.mark.parametrize("query", HOSTILE)
def test_dashboard_data_search_treats_input_as_text(db: Path, query: str) -> None:
    df, idx = load(db), index(db)
    found = dd.apply_filters(df, dd.Filters(q=query), idx)
    assert found.empty
    assert sql(db, "select count(*) from projects")[0][0] == len(df)  # and nothing happened to the table


def test_dashboard_data_filters_by_park_year_status_size(db: Path) -> None:
    df = load(db)
    gaoxin = dd.apply_filters(df, dd.Filters(parks=("济宁高新区",)))
    assert len(gaoxin) == sql(db, "select count(*) from projects where park = '济宁高新区'")[0][0] >= 2
    year = dd.apply_filters(df, dd.Filters(years=(2021, 2022)))
    assert set(year["year"]) <= {2021, 2022} and len(year) == len(df[df["year"].between(2021, 2022)])
    built = dd.apply_filters(df, dd.Filters(statuses=("投产",)))
    assert len(built) >= 1 and set(built["stage"]) == {"投产"}
    big = dd.apply_filters(df, dd.Filters(sizes=("≥100亿",)))
    assert list(big["name"]) == [project_named(df, "长城重工")["name"]]
    none = dd.apply_filters(df, dd.Filters(parks=("济宁高新区",), sizes=(dd.FOREIGN,)))
    assert none.empty


def test_dashboard_data_stalled_filter_uses_inferred_flag() -> None:
    raw = pd.DataFrame(
        {
            "project_id": ["a", "b"],
            "name": ["甲项目", "乙项目"],
            "park": [None, None],
            "investment_yuan": [None, None],
            "investment_currency": [None, None],
            "status": ["在建", "在建"],
            "status_inferred": ["停滞（推断）", None],
        }
    )
    df = dd.prepare_projects(raw)
    assert list(dd.apply_filters(df, dd.Filters(statuses=(dd.STALLED,)))["project_id"]) == ["a"]
    assert list(dd.apply_filters(df, dd.Filters(statuses=("在建",)))["project_id"]) == ["a", "b"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"park": ["甲园", "乙园"], "year": "2019-2022"}, dd.Filters(parks=("甲园", "乙园"), years=(2019, 2022))),
        ({"park": "甲园,乙园"}, dd.Filters(parks=("甲园", "乙园"))),
        ({"year": "2021"}, dd.Filters(years=(2021, 2021))),
        ({"year": "去年"}, dd.Filters()),
        ({"status": ["在建", "停滞（推断）", "乱写"]}, dd.Filters(statuses=("在建", "停滞（推断）"))),
        ({"size": ["1-10亿", "≥100亿", "未披露"]}, dd.Filters(sizes=("1–10亿", "≥100亿", "未披露"))),
        ({"q": "  ' OR 1=1 --  "}, dd.Filters(q="' OR 1=1 --")),
    ],
    ids=["repeated-and-range", "comma-list", "one-year", "bad-year", "status", "size-ascii", "q-kept-as-text"],
)
def test_dashboard_data_filters_from_url(params: dict, expected: dd.Filters) -> None:
    assert dd.parse_filters(params) == expected


def test_dashboard_data_filters_round_trip_through_url() -> None:
    f = dd.Filters(parks=("济宁高新区",), years=(2019, 2022), statuses=("在建",), sizes=("1–10亿",), q="电池")
    assert dd.parse_filters(f.to_params()) == f
    assert dd.Filters().to_params() == {} and not dd.Filters().active


def test_dashboard_data_project_page_rows_point_into_article_text(db: Path) -> None:
    df = load(db)
    pid = project_named(df, "长城重工")["project_id"]
    version = dd.db_version(db)
    mentions = dd.load_mentions(str(db), version, pid)
    assert len(mentions) == 2
    assert list(mentions["article_date"]) == sorted(mentions["article_date"])
    for m in mentions.itertuples():
        assert m.article_text[m.start : m.end] == m.sentence
    evidence = dd.load_evidence(str(db), version, pid)
    texts = dict(zip(mentions["mention_id"], mentions["article_text"], strict=True))
    for e in evidence.itertuples():
        assert texts[e.mention_id][e.start : e.end] == e.text
    figures = dd.load_figures(str(db), version, pid)
    invest = figures[figures["field"] == "investment_yuan"]
    assert sorted(invest["value"]) == [116 * YI, 120 * YI]
    for f in invest.itertuples():
        assert f.stated in f.sentence  # the words as written sit in the sentence shown
    assert dd.load_project(str(db), version, pid)["name"] == project_named(df, "长城重工")["name"]
    assert dd.load_project(str(db), version, "p-no-such") is None


def test_dashboard_data_articles_by_month_keeps_gaps(db: Path) -> None:
    articles = dd.load_articles(str(db), dd.db_version(db))
    monthly, year_only, undated = dd.articles_by_month(articles)
    assert monthly["month"].iloc[0] == "2020-04" and monthly["month"].iloc[-1] == "2022-06"
    assert len(monthly) == 27 and monthly["has_articles"].sum() == 4 and monthly["articles"].sum() == 4
    assert (year_only, undated) == (0, 0)


def test_dashboard_data_aggregates_rejections_meta(db: Path) -> None:
    version = dd.db_version(db)
    aggregates = dd.load_aggregates(str(db), version)
    assert "总投资56亿元" in aggregates["sentence"].iloc[0]
    assert dd.load_rejections(str(db), version).empty
    assert dd.load_meta(str(db), version)["built_at"]


def test_dashboard_data_exports(db: Path) -> None:
    from openpyxl import load_workbook

    df = load(db)
    version = dd.db_version(db)
    chosen = dd.apply_filters(df, dd.Filters(parks=("济宁高新区",)))
    projects = dd.project_export(chosen, dd.load_project_extras(str(db), version))
    assert list(projects.columns) == dd.PROJECT_EXPORT_COLUMNS  # the frame's and the extras' columns
    assert list(projects["project_id"]) == list(chosen["project_id"])
    whole = sql(db, "select project_id, first_seen, n_sources, exclude_reason from projects order by project_id")
    exported = projects.sort_values("project_id")[["project_id", "first_seen", "n_sources", "exclude_reason"]]
    chosen_ids = set(chosen["project_id"])
    assert [tuple(None if pd.isna(v) else v for v in r) for r in exported.itertuples(index=False)] == [
        r for r in whole if r[0] in chosen_ids
    ]
    mentions = dd.mention_export(dd.load_all_mentions(str(db), version), chosen["project_id"])
    assert set(mentions["project_id"]) == set(chosen["project_id"])
    assert list(mentions.columns) == dd.MENTION_EXPORT_COLUMNS
    csv = dd.to_csv_bytes(projects)
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert len(back) == len(chosen) and "济宁高新区" in set(back["park"])
    hostile = pd.DataFrame({"sentence": ['=HYPERLINK("http://x")', "ok\x0bvertical tab"]})
    book = load_workbook(io.BytesIO(dd.to_xlsx_bytes({"projects": projects, "mentions": mentions, "x": hostile})))
    assert book["projects"].max_row == len(projects) + 1
    assert book["mentions"].max_row == len(mentions) + 1
    cell = book["x"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, not a formula
    assert book["x"]["A3"].value == "okvertical tab"


def test_dashboard_data_version_follows_writes_and_reads_never_write(db: Path, tmp_path: Path) -> None:
    copy = copy_db(db, tmp_path / "copy.db")
    before = dd.db_version(copy)
    tables = sql(copy, "select name from sqlite_master order by name")
    load(copy), index(copy), dd.load_meta(str(copy), before)
    assert dd.db_version(copy) == before  # reading changed nothing on disk
    assert sql(copy, "select name from sqlite_master order by name") == tables  # no index table created
    with sqlite3.connect(copy) as conn:
        conn.execute("update meta set value = 'later' where key = 'built_at'")
    assert dd.db_version(copy) != before
    assert dd.db_version(tmp_path / "missing.db") is None


def test_dashboard_data_place_filters_round_trip_and_apply() -> None:
    params = {"province": ["山东省"], "city": ["济宁市", "临沂市"], "county": ["兖州区"]}
    filters = dd.parse_filters(params)
    assert (filters.provinces, filters.cities, filters.counties) == (("山东省",), ("济宁市", "临沂市"), ("兖州区",))
    assert filters.to_params() == params
    df = pd.DataFrame(
        {
            "province": ["山东省", "山东省", "江苏省", None],
            "city": ["济宁市", "临沂市", "苏州市", None],
            "county": ["兖州区", "兰山区", "昆山市", None],
        }
    )
    assert len(dd.apply_filters(df, dd.parse_filters({"province": "山东省"}))) == 2
    assert len(dd.apply_filters(df, dd.parse_filters({"city": "临沂市,苏州市"}))) == 2
    assert len(dd.apply_filters(df, filters)) == 1  # every level must hold
    assert len(dd.apply_filters(df, dd.Filters())) == 4  # no place chosen keeps the unplaced too


def test_dashboard_data_drill_gives_the_projects_behind_a_segment() -> None:
    raw = pd.DataFrame(
        {
            "project_id": ["a", "b", "c", "d"],
            "name": ["甲", "乙", "丙", "丁"],
            "park": ["东园", "东园", "西园", None],
            "investment_yuan": [5 * 10**8, 20 * 10**8, None, 2 * 10**8],
            "investment_currency": ["CNY", "CNY", None, "CNY"],
            "status": ["在建", "在建", "签约", "投产"],
            "status_inferred": [None, "停滞（推断）", None, None],
            "year": [2020, 2021, 2021, 2021],
        }
    )
    df = dd.prepare_projects(raw)
    ids = lambda rows: sorted(rows["project_id"])  # noqa: E731
    assert ids(dd.drill(df, "size", "1–10亿")) == ["a", "d"]
    assert ids(dd.drill(df, "size", "未披露")) == ["c"]
    assert ids(dd.drill(df, "stage", "在建")) == ["a"]  # the stalled one is its own segment
    assert ids(dd.drill(df, "stage", dd.STALLED)) == ["b"]
    assert ids(dd.drill(df, "year", 2021)) == ["b", "c", "d"]
    assert ids(dd.drill(df, "year", 2021, park="东园")) == ["b"]
    assert ids(dd.drill(df, "park", dd.NO_PARK)) == ["d"]
    with pytest.raises(ValueError):
        dd.drill(df, "colour", "red")


def test_dashboard_data_park_aggregates_by_scope() -> None:
    news = pd.DataFrame({"scope": ["东园", "西园", None, "东区"], "projects": [12, 3, 5, 7]})
    assert list(dd.park_aggregates(news, "东园")["projects"]) == [12]
    assert list(dd.park_aggregates(news, "东园", aliases=["东区"])["projects"]) == [12, 7]
    assert dd.park_aggregates(pd.DataFrame(), "东园").empty


# ---------------------------------------------------------------------------------------------------
# Provenance: stated or forecast, corrected by hand, flagged, parts

# (the words of a figure's sentence before it, forecast?): shapes the news uses for output and jobs
FORECAST_SHAPES = [
    ("项目已竣工投产，年产值达", False),
    ("该企业去年实现产值", False),
    ("全部建成投产后，可实现年产值", True),
    ("项目达产后，预计新增销售收入", True),
    ("建成达产后预计年营收", True),
    ("基地预计总投资将过60亿元，将实现年产值400亿元，预计带动", True),
    ("主要生产营养健康食品，可提供", True),
    ("年可實現銷售收入", True),  # traditional characters read as simplified
    ("勞動定員", True),  # a design figure
    ("预计明年投产；去年实现产值", False),  # a fact after the plan states the figure
    ("项目已开工，建成后年产值可达", True),  # a plan after the fact
    ("年产值将近", False),  # 将近 is 'nearly', not 'will'
    ("", False),
]


@pytest.mark.parametrize(("before", "forecast"), FORECAST_SHAPES, ids=[b or "empty" for b, _ in FORECAST_SHAPES])
def test_dashboard_data_forecast_rule(before: str, forecast: bool) -> None:
    assert dd.is_forecast(before) is forecast


def test_dashboard_data_forecast_from_evidence_is_plan() -> None:
    assert dd.is_forecast("年产值达", 1) and not dd.is_forecast("年产值达", 0)


TRUST_RECORDS = [
    *RECORDS,
    {
        "id": "b-1",
        "date": "2021-05-01",
        "title": "一批重点项目集中开工",
        "text": "园区内，宏图新材料项目总投资5亿元，主要生产新型建材。瑞丰机械项目正在紧张施工，力争年底竣工投产。",
    },
]


@pytest.fixture(scope="module")
def trust_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RECORDS plus an article whose heading states the stage (`集中开工`) and one of whose projects has
    no stage cue in its own sentence."""
    folder = tmp_path_factory.mktemp("dashboard_trust")
    source = folder / "records.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in TRUST_RECORDS) + "\n", encoding="utf-8")
    path = folder / "projects.db"
    assert main(["ingest", str(source), "--db", str(path), "--workers", "1"]) == 0
    return path


def test_dashboard_data_forecasts_are_not_summed_into_stated(trust_db: Path) -> None:
    df = load(trust_db)
    k = dd.kpis(df)
    built = project_named(df, "长城重工")  # 已竣工投产，…年产值达50亿元，可带动就业2000人
    assert built["output_yuan"] == 50 * YI and not built["output_yuan_forecast"]
    assert built["jobs"] == 2000 and built["jobs_forecast"]
    assert k["output_stated"] == (50 + 12) * YI and k["n_output_stated"] == 2
    assert k["jobs_stated"] == 0 and k["n_jobs_stated"] == 0  # the forecast 2000 is not 已报道
    assert k["jobs_forecast"] == 2000 and k["n_jobs_forecast"] == 1
    assert k["output_stated"] + k["output_forecast"] == k["output_yuan"]


def test_dashboard_data_qualifier_for_every_figure(tmp_path: Path) -> None:
    source = tmp_path / "q.jsonl"
    text = "丰源纺织项目已建成投产，年产值约8亿元，新增就业300多人。"
    source.write_text(json.dumps({"id": "q-1", "date": "2022-01-05", "text": text}, ensure_ascii=False) + "\n")
    path = tmp_path / "q.db"
    assert main(["ingest", str(source), "--db", str(path), "--workers", "1"]) == 0
    row = project_named(load(path), "丰源")
    assert row["output_yuan_qualifier"] == "about" and row["jobs_qualifier"] == "over"


def test_dashboard_data_fallback_stage_is_inferred(trust_db: Path) -> None:
    df = load(trust_db)
    version = dd.db_version(trust_db)
    bare = project_named(df, "宏图")  # no cue in its sentence: the heading's 集中开工
    timeline = dd.load_timeline(str(trust_db), version, bare["project_id"])
    assert list(timeline["stage"]) == ["开工"] and list(timeline["inferred"]) == [1]
    assert dd.stage_is_inferred(timeline, bare["status"])
    cued = project_named(df, "瑞丰")  # 正在紧张施工 (an event), 力争年底竣工投产 (a plan)
    timeline = dd.load_timeline(str(trust_db), version, cued["project_id"])
    assert list(timeline["inferred"]) == [0] and not dd.stage_is_inferred(timeline, cued["status"])
    cues = dd.load_evidence(str(trust_db), version, cued["project_id"])
    assert sorted(cues.loc[cues["field"] == "stage", "is_plan"]) == [0, 1]


STATUS_ROWS = pd.DataFrame(
    [
        (
            1,
            "set",
            "pA",
            "pA",
            "已应用",
            None,
            "investment_yuan",
            "12000000000",
            "1000000000",
            "王",
            "2026-12-01T10:00:00+00:00",
        ),
        (
            2,
            "rename",
            "pOld",
            "pA",
            "已应用（项目编号已变）",
            None,
            None,
            None,
            None,
            "王",
            "2026-12-01T10:01:00+00:00",
        ),
        (3, "set", "pB", None, "未应用", "库中没有项目 pB", "jobs", "500", None, None, None),
        (4, "merge", "pA pC", "pA", "已应用", None, None, None, None, None, None),
    ],
    columns=["line", "op", "target", "project_id", "state", "reason", "field", "value", "old_value", "by", "at"],
)


def test_dashboard_data_corrected_fields_follow_the_project() -> None:
    assert dd.corrected_fields(STATUS_ROWS) == {"pA": ["investment_yuan", "name"]}  # merge sets no value
    df = dd.attach_corrections(pd.DataFrame({"project_id": ["pA", "pB"]}), STATUS_ROWS)
    assert list(df["corrected"]) == ["投资、名称", ""]
    assert dd.correction_value("12000000000") == 12 * 10**9 and dd.correction_value('"投产"') == "投产"
    assert list(dd.project_corrections(STATUS_ROWS, "pB")["line"]) == [3]  # not applied, still its own
    assert list(dd.project_corrections(STATUS_ROWS, "pC")["line"]) == [4]
    assert list(dd.project_corrections(STATUS_ROWS, "pZ", ["pOld"])["line"]) == [2]


def test_dashboard_data_corrected_value_keeps_the_replaced_figure(trust_db: Path, tmp_path: Path) -> None:
    copy = copy_db(trust_db, tmp_path / "corrected.db")
    pid = project_named(load(copy), "长城重工")["project_id"]
    assert main(["set", pid, "output_yuan", "60亿", "--db", str(copy)]) == 0
    df = load(copy)
    row = df[df["project_id"] == pid].iloc[0]
    assert row["output_yuan"] == 60 * YI and row["corrected"] == "产值"
    assert not row["output_yuan_forecast"]  # the kind of the figure it replaced (已竣工投产…年产值达50亿元)
    figures = dd.load_figures(str(copy), dd.db_version(copy), pid)
    replaced = dd.replaced_figure(figures, "output_yuan", 50 * YI)
    assert replaced is not None and "年产值达50亿元" in replaced["sentence"]
    assert dd.kpis(df)["n_corrected"] == 0  # 总投资 holds no hand-set amount: the output was set


def _kinds_both_ways(path: Path, tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The record figures as the ingest stored them, and as a database without that table (built before
    it existed) has them reckoned by the dashboard: the same SQL, so the same rows."""
    stored = dd.load_record_figures(str(path), dd.db_version(path))
    old = copy_db(path, tmp_path / f"old-{path.stem}.db")
    with sqlite3.connect(old) as conn:
        conn.execute("drop table record_figures")
    reckoned = dd.load_record_figures(str(old), dd.db_version(old))
    order = ["project_id", "field"]
    return (
        stored.sort_values(order).reset_index(drop=True),
        reckoned.sort_values(order).reset_index(drop=True),
    )


def test_dashboard_data_record_figures_stored_at_ingest_equal_the_reckoned_ones(trust_db: Path, tmp_path: Path) -> None:
    stored, reckoned = _kinds_both_ways(trust_db, tmp_path)
    assert len(stored) >= 5
    pd.testing.assert_frame_equal(stored, reckoned)
    built = project_named(load(trust_db), "长城重工")
    jobs = stored[(stored["project_id"] == built["project_id"]) & (stored["field"] == "jobs")].iloc[0]
    assert jobs["forecast"] and "2000人" in jobs["stated"]  # 可带动就业2000人: a forecast, its own words


def test_dashboard_data_record_figures_follow_corrections_and_new_articles(trust_db: Path, tmp_path: Path) -> None:
    copy = copy_db(trust_db, tmp_path / "followed.db")
    pid = project_named(load(copy), "长城重工")["project_id"]
    assert main(["set", pid, "jobs", "2500", "--db", str(copy)]) == 0
    stored, reckoned = _kinds_both_ways(copy, tmp_path)
    pd.testing.assert_frame_equal(stored, reckoned)
    row = project_named(load(copy), "长城重工")
    assert row["jobs"] == 2500 and row["jobs_forecast"]  # the kind of the figure the hand-set value replaced
    # a later article states the output again: the incremental ingest reckons that project's figures anew
    later = tmp_path / "later.jsonl"
    text = "长城重工新能源工程机械项目已全面达产，年产值约80亿元。"
    later.write_text(json.dumps({"id": "l-1", "date": "2024-06-01", "text": text}, ensure_ascii=False) + "\n")
    assert main(["ingest", str(later), "--db", str(copy), "--workers", "1"]) == 0
    stored, reckoned = _kinds_both_ways(copy, tmp_path)
    pd.testing.assert_frame_equal(stored, reckoned)
    row = project_named(load(copy), "长城重工")
    assert row["output_yuan"] == 80 * YI and row["output_yuan_qualifier"] == "about"


def test_dashboard_data_flagged_records_and_why(trust_db: Path, tmp_path: Path) -> None:
    copy = copy_db(trust_db, tmp_path / "flags.db")
    df = load(copy)
    a, b = project_named(df, "恒源")["project_id"], project_named(df, "华泰")["project_id"]
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "update projects set in_totals = 0, exclude_reason = ? where project_id = ?",
            (f"可能重复：与 {b}（华泰）同一项目", a),
        )
        conn.execute(
            "update projects set in_totals = 0, exclude_reason = '园区整体（其中项目另计）' where project_id = ?", (b,)
        )
    flagged = dd.load_flagged(str(copy), dd.db_version(copy))
    assert dict(zip(flagged["project_id"], flagged["reason_kind"], strict=True)) == {
        a: "可能重复",
        b: "园区整体（其中项目另计）",
    }


def test_dashboard_data_parts_with_and_without_the_column(trust_db: Path, tmp_path: Path) -> None:
    version = dd.db_version(trust_db)
    assert dd.load_parts(str(trust_db), version).empty  # no part recorded
    old = copy_db(trust_db, tmp_path / "old.db")
    with sqlite3.connect(old) as conn:
        conn.execute("alter table projects drop column part_of")  # a database built before the column
    assert dd.load_parts(str(old), dd.db_version(old)).empty
    copy = copy_db(trust_db, tmp_path / "parts.db")
    df = load(copy)
    whole, part = project_named(df, "长城重工")["project_id"], project_named(df, "恒源")["project_id"]
    with sqlite3.connect(copy) as conn:
        conn.execute("update projects set part_of = ? where project_id = ?", (whole, part))
    parts = dd.load_parts(str(copy), dd.db_version(copy))
    assert parts.to_dict("records") == [
        {"project_id": part, "name": "恒源新材料项目", "part_of": whole, "whole_name": "长城重工新能源工程机械项目"}
    ]


@pytest.mark.parametrize(
    ("cue", "inside", "inferred"),
    [
        ("clause", False, 0),  # the project's own words, even in the next sentence (`该项目…开工`)
        (None, True, 0),  # a database built before cues said where they stand
        ("heading", True, 0),  # `一批项目集中开工，包括A、B`: in its own sentence
        ("heading", False, 1),  # a list heading sentences away
        ("article", False, 1),  # the headline
    ],
)
def test_dashboard_data_stage_cue_counts_only_in_its_own_sentence(
    trust_db: Path, tmp_path: Path, cue: str | None, inside: bool, inferred: int
) -> None:
    copy = copy_db(trust_db, tmp_path / "cues.db")
    pid = project_named(load(copy), "恒源")["project_id"]  # 正在紧张施工: its own cue
    with sqlite3.connect(copy) as conn:
        ((mid, start, end),) = conn.execute(
            'select mention_id, start, "end" from mentions where project_id = ?', (pid,)
        ).fetchall()
        where = (start, start + 2) if inside else (end + 5, end + 9)
        conn.execute(
            "update evidence set cue = ?, start = ?, \"end\" = ? where mention_id = ? and field = 'stage'",
            (cue, *where, mid),
        )
    timeline = dd.load_timeline(str(copy), dd.db_version(copy), pid)
    assert list(timeline["inferred"]) == [inferred]


def _table(**filled: object) -> pd.DataFrame:
    """One row of the project table with every column; `filled` sets the sparse ones."""
    row = {c: None for c in dd.TABLE_WIDTHS}
    row.update({"项目": "某某项目", "投资（亿元）": 1.0, "阶段": "开工"}, **filled)
    return pd.DataFrame([row])


def test_table_columns_fit_the_width_in_order_of_importance() -> None:
    table = _table()
    narrow = dd.table_columns(480, table)
    wide = dd.table_columns(1600, table)
    assert narrow[:3] == ["项目", "投资（亿元）", "阶段"]
    assert sum(dd.TABLE_WIDTHS[c] for c in narrow) <= 480
    assert set(narrow) < set(wide)
    assert dd.table_columns(10, table) == ["项目"]  # the name always shows


def test_table_columns_leave_out_empty_exception_columns_only() -> None:
    empty = dd.table_columns(None, _table())
    assert "停滞" not in empty and "人工更正" not in empty and "年份" in empty
    stalled = dd.table_columns(None, _table(停滞="推断停滞"))
    assert "停滞" in stalled


def test_table_columns_show_a_hand_set_value_before_the_park() -> None:
    shown = dd.table_columns(700, _table(人工更正="投资"))
    assert shown[:5] == ["项目", "投资（亿元）", "阶段", "人工更正", "园区"]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-12-03T19:04:53+00:00", "2026-12-04 03:04（北京时间）"),  # stored in UTC, read in Beijing time
        ("2026-01-31T20:00:00+00:00", "2026-02-01 04:00（北京时间）"),
        ("2026-12-03T19:04:53", "2026-12-03 19:04"),  # no zone stated: none made up
        ("later", "later"),
        (None, "未记录"),
    ],
)
def test_built_label_reads_the_build_time_as_a_reader_says_it(stored: str | None, shown: str) -> None:
    assert dd.built_label(stored) == shown
