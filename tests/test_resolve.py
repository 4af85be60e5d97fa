"""Project resolution on articles written for these tests: one project per real project across articles
and years, ids that do not move, corrections that survive, sums that count each project once."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline import resolve as resolve_mod
from pipeline.cli import main
from pipeline.resolve import Item, same_project

RECORDS = [
    {"id": "a1", "date": "2019-03-01", "text": "恒源新材料项目在济宁高新区举行签约仪式，项目总投资20亿元。"},
    {"id": "a2", "date": "2020-05-01", "text": "恒源新材料项目一期正式开工建设，计划明年投产。"},
    {"id": "a3", "date": "2022-08-01", "text": "山东恒源新材料产业园项目已建成投产，总投资22亿元，新增就业500人。"},
    {"id": "b1", "date": "2019-08-06", "text": "在海源电子项目现场，工人们正在进行最后的装修收尾工作。"},
    {
        "id": "b2",
        "date": "2022-03-25",
        "text": "今年将建设总投资50亿元的海源智能光学产业园项目，项目全面达产后年产值100亿元。",
    },
    {"id": "c1", "date": "2018-04-01", "text": "鑫达特种车辆项目正式开工建设，总投资3亿元。"},
    {
        "id": "d1",
        "date": "2021-02-26",
        "text": "中韩高端装备合作产业园计划总投资75亿元。今天开工的镐成永达热模锻设备项目位于中韩高端装备合作产业园内，总投资8亿元。",
    },
    {"id": "e1", "date": "2023-06-01", "text": "园区启动建设项目12个，总投资56亿元。"},
]


def write(folder: Path, records: list[dict], name: str = "news.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(
    db: Path,
    *paths: Path,
    extra: tuple[str, ...] = (),
    corrections: Path | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> None:
    assert main(["ingest", *map(str, paths), "--db", str(db), "--workers", "1", *extra]) == 0


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def grouping(db: Path) -> dict[str, str]:
    """source -> project id, for the first mention of each source."""
    return dict(
        rows(
            db,
            "select a.source, m.project_id from mentions m join articles a using (article_id) "
            "order by a.source, m.start",
        )
    )


@pytest.fixture(autouse=True)
def own_corrections(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKTRACK_CORRECTIONS", str(tmp_path / "corrections.jsonl"))


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "p.db"
    ingest(path, write(tmp_path / "in", RECORDS))
    return path


def test_resolve_one_project_across_articles_and_years(db):
    g = grouping(db)
    assert g["a1"] == g["a2"] == g["a3"]
    pid = g["a1"]
    [(name, status, inv, jobs, first, last, n)] = rows(
        db,
        "select name, status, investment_yuan, jobs, first_seen, last_seen, n_articles from projects "
        "where project_id = ?",
        pid,
    )
    assert (status, inv, jobs, first, last, n) == ("投产", 2_200_000_000, 500, "2019-03-01", "2022-08-01", 3)
    timeline = rows(db, "select date, stage, is_plan from timeline where project_id = ? order by date", pid)
    assert timeline == [("2019-03-01", "签约", 0), ("2020-05-01", "开工", 0), ("2022-08-01", "投产", 0)]
    figures = rows(
        db, "select date, value from figures where project_id = ? and field = 'investment_yuan' order by date", pid
    )
    assert figures == [("2019-03-01", 2_000_000_000), ("2022-08-01", 2_200_000_000)]


def test_resolve_same_company_different_projects_stay_apart(db):
    g = grouping(db)
    assert g["b1"] != g["b2"]  # a headquarters in 2019 is not a 50亿元 park in 2022


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            ("小松全球智能制造产业基地", "小松", set(), set(), None),
            ("小松智能制造产业园", "小松", set(), set(), None),
            True,
        ),
        (
            ("格力电器(临沂)智能制造生产基地", "格力电器", {"临沂"}, set(), None),
            ("格力电器宁乡基地", "格力电器", {"宁乡"}, set(), None),
            False,
        ),
        (
            ("太阳纸业年产20万吨化机浆", "太阳纸业", set(), {"化机浆"}, None),
            ("太阳纸业30万吨轻型纸改扩建", "太阳纸业", set(), {"轻型纸"}, None),
            False,
        ),
        (
            ("恒源新材料", "恒源新材料", set(), set(), 2_000_000_000),
            ("恒源新材料", "恒源新材料", set(), set(), 9_000_000_000),
            False,
        ),
        (("中韩高端装备合作产业园", "", set(), set(), None), ("中韩高端装备产业园", "", set(), set(), None), True),
    ],
    ids=["company-only-words", "different-city", "different-product", "investment-conflict", "near-identical-name"],
)
def test_resolve_same_project_table(a, b, same):
    def item(spec, n):
        key, company, places, products, investment = spec
        return Item(
            f"m{n}",
            f"art{n}",
            key,
            key,
            company,
            frozenset(places),
            frozenset(products),
            investment,
            2020,
            ("2020", "", n, 0),
        )

    assert same_project(item(a, 1), item(b, 2)) is same


def test_resolve_ids_stable_across_rerun_rebuild_and_order(tmp_path, db):
    before = grouping(db)
    ingest(db, tmp_path / "in")  # unchanged: nothing re-read
    assert grouping(db) == before
    ingest(db, tmp_path / "in", extra=("--rebuild",))
    assert grouping(db) == before
    shuffled = RECORDS[:]
    random.Random(7).shuffle(shuffled)
    folder = tmp_path / "shuffled"
    paths = [write(folder, [r], f"{r['id']}.jsonl") for r in shuffled]
    other = tmp_path / "other.db"
    for path in paths:  # one file at a time, in another order
        ingest(other, path)
    assert grouping(other) == before


def test_resolve_ids_kept_when_articles_are_added(tmp_path, db):
    before = grouping(db)
    ingest(db, write(tmp_path / "more", [{"id": "z1", "date": "2024-01-01", "text": "恒源新材料项目达产达效。"}]))
    after = grouping(db)
    assert {k: after[k] for k in before} == before
    assert after["z1"] == before["a1"]


def test_resolve_corrections_survive_rebuild(tmp_path, db):
    g = grouping(db)
    corrections = tmp_path / "corrections.jsonl"
    assert main(["merge", g["b1"], g["b2"], "--db", str(db), "--corrections", str(corrections)]) == 0
    assert (
        main(["set", g["c1"], "investment_yuan", "400000000", "--db", str(db), "--corrections", str(corrections)]) == 0
    )
    assert main(["exclude", g["d1"], "--reason", "园区整体", "--db", str(db), "--corrections", str(corrections)]) == 0
    for run in (("--rebuild",), ()):
        ingest(db, tmp_path / "in", extra=run)
        g2 = grouping(db)
        assert g2["b1"] == g2["b2"]
        assert rows(db, "select investment_yuan from projects where project_id = ?", g2["c1"]) == [(400_000_000,)]
    assert len(corrections.read_text(encoding="utf-8").splitlines()) == 3
    assert (
        main(
            ["split", g2["b1"], "--name", "海源智能光学产业园项目", "--db", str(db), "--corrections", str(corrections)]
        )
        == 0
    )
    g3 = grouping(db)
    assert g3["b1"] != g3["b2"]


def test_resolve_sums_count_each_project_once(db):
    total = rows(db, "select sum(investment_yuan) from projects where in_totals = 1 and investment_currency = 'CNY'")[
        0
    ][0]
    per_project = rows(db, "select project_id, name, investment_yuan, in_totals, exclude_reason from projects")
    counted = [r for r in per_project if r[3] == 1 and r[2]]
    assert total == sum(r[2] for r in counted)
    names = {r[1] for r in counted}
    assert "恒源新材料项目" in {n for n in names} or any("恒源" in n for n in names)
    assert not any("中韩高端装备合作产业园" == r[1] and r[3] == 1 for r in per_project)  # an umbrella park
    assert 5_600_000_000 not in [r[2] for r in per_project]  # an aggregate is never a project's figure
    hengyuan = [r for r in counted if "恒源" in r[1]]
    assert len(hengyuan) == 1 and hengyuan[0][2] == 2_200_000_000  # the latest stated total, once


def test_resolve_stall_not_inferred_where_the_archive_cannot_see(db):
    """鑫达 started in 2018 and nothing since, the newest article is of 2023, but no article says where it
    is: its silence is "no news since", not a stall (tests/test_resolve_scale.py has the stalls)."""
    stalled = dict(rows(db, "select name, status_inferred from projects where status_inferred is not null"))
    assert stalled == {}
    [(reason,)] = rows(db, "select stall_reason from projects where name = '鑫达特种车辆项目'")
    assert reason.startswith("2018-04-01 后无新进展") and "不推断停滞" in reason


def test_resolve_duplicate_records_left_out_of_sums():
    from pipeline.resolve import _flag_duplicates

    projects = [
        {
            "project_id": "pa",
            "name": "恒源新材料项目",
            "n_mentions": 3,
            "first_seen": "2019",
            "in_totals": 1,
            "exclude_reason": None,
        },
        {
            "project_id": "pb",
            "name": "恒源新材料项目",
            "n_mentions": 1,
            "first_seen": "2020",
            "in_totals": 1,
            "exclude_reason": None,
        },
    ]
    _flag_duplicates(projects, {"m1": "pa", "m2": "pb"}, [("m1", "m2")])
    assert [p["in_totals"] for p in projects] == [1, 0]
    assert "pa" in projects[1]["exclude_reason"]


def _resolved_tables(db_path: Path) -> dict[str, list]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            "mentions": sorted(
                conn.execute("select mention_id, project_id, cluster_id, component, blocks from mentions")
            ),
            "projects": sorted(conn.execute("select * from projects"), key=repr),
            "timeline": sorted(conn.execute("select * from timeline"), key=repr),
            "figures": sorted(conn.execute("select * from figures"), key=repr),
            "refused": sorted(conn.execute("select * from refused")),
            "articles": sorted(conn.execute("select article_id, n_mentions from articles")),
        }
    finally:
        conn.close()


@pytest.mark.parametrize(("max_block", "corrected"), [(200, False), (4, False), (200, True)])
def test_incremental_resolution_equals_a_full_one(tmp_path, monkeypatch, capsys, max_block, corrected):
    """Articles added batch by batch, older ones after newer ones, resolve to exactly the projects one
    run over all of them gives: with kept records reused (same newest article, no corrections) or
    rebuilt, with the user's corrections, and with tiny blocks, where a block that becomes crowded has
    its projects clustered again."""
    from bench import corpus

    corrections = tmp_path / "corrections.jsonl"
    monkeypatch.setenv("PARKTRACK_CORRECTIONS", str(corrections))
    monkeypatch.setattr(resolve_mod, "MAX_BLOCK", max_block)
    files = corpus.write_corpus(tmp_path / "corpus", 0, 600, per_file=100)
    staged = tmp_path / "staged"
    staged.mkdir()
    if corrected:  # two projects of the whole corpus are one, and a third has a new name
        assert main(["ingest", *map(str, files), "--db", str(tmp_path / "first.db"), "--workers", "1"]) == 0
        with sqlite3.connect(tmp_path / "first.db") as conn:
            ids = [r[0] for r in conn.execute("select project_id from projects order by n_mentions desc limit 3")]
        merge, rename = {"op": "merge", "ids": ids[:2]}, {"op": "rename", "id": ids[2], "name": "改名项目"}
        corrections.write_text(json.dumps(merge) + "\n" + json.dumps(rename, ensure_ascii=False), encoding="utf-8")
        capsys.readouterr()
    growing = tmp_path / "growing.db"
    summaries = []
    for batch in ([files[3], files[4]], [files[5]], [files[1]], [files[0], files[2]]):
        for f in batch:
            shutil.copy(f, staged / f.name)
        assert main(["ingest", str(staged), "--db", str(growing), "--workers", "1"]) == 0
        summaries.append(capsys.readouterr().out)
    assert main(["ingest", str(staged), "--db", str(tmp_path / "whole.db"), "--workers", "1"]) == 0
    assert _resolved_tables(growing) == _resolved_tables(tmp_path / "whole.db")
    if corrected:
        with sqlite3.connect(growing) as conn:
            assert conn.execute("select count(*) from projects where name = '改名项目'").fetchone()[0] == 1
    # the later batches re-clustered only new mentions and the projects they joined, also where tiny blocks
    # became crowded (the projects in those blocks were clustered again, not everything)
    assert all("增量归并" in s for s in summaries[1:]), summaries
    redone = [int(re.search(r"共 (\d+) 条提及重新归并", s).group(1)) for s in summaries[1:]]
    total = int(re.search(r"全部 (\d+) 条", summaries[0]).group(1))
    assert all(0 < n for n in redone) and min(redone) < total


def _named_item(n: int, name: str, company: str, province: str = "", region: tuple = (None, None)) -> Item:
    """An item as `_item` makes it from a name and a company (its key, products and place words)."""
    key, company_k = resolve_mod.name_key(name), resolve_mod.company_key(company)
    return Item(
        f"m{n}",
        f"art{n}",
        name,
        key,
        company_k,
        frozenset(),
        resolve_mod._products(key, company_k),
        None,
        2023,
        ("2023", "", n, 0),
        provinces=frozenset({province}) if province else frozenset(),
        region=region,
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # the other's name with its company left out
        (("茂名一体化基地", ""), ("科思创茂名一体化基地", "科思创"), True),
        # a local unit: a province, then the company's leading word (the arm of `宁远时代新能源`)
        (("山东远航储能及动力电池生产基地", ""), ("远航新能源电池产业基地项目", "远航新能源"), True),
        # no place before the name: a leading word alone names no company
        (("远航储能及动力电池生产基地", ""), ("远航新能源电池产业基地项目", "远航新能源"), False),
        # the company left out, but another product: two projects
        (("茂名聚碳酸酯基地", ""), ("科思创茂名一体化基地", "科思创"), False),
    ],
    ids=["company-left-out", "local-unit", "no-local-place", "other-product"],
)
def test_resolve_company_less_name_names_the_company(a, b, same):
    assert same_project(_named_item(1, *a, province="广东"), _named_item(2, *b, province="广东")) is same


def test_resolve_company_less_name_never_crosses_cities():
    a = _named_item(1, "茂名一体化基地", "", "广东", (None, "茂名市"))
    b = _named_item(2, "科思创茂名一体化基地", "科思创", "广东", (None, "湛江市"))
    assert not same_project(a, b)


def _mention_db(mentions: list[dict]) -> list[list[str]]:
    """Cluster mention rows (article id, name, company, province, start) as `resolve` reads them from a
    database; the groups as sorted names."""
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    arts = {m["article_id"] for m in mentions}
    db["articles"].insert_all({"article_id": a, "date": "2023-01-01", "source": a, "position": 0} for a in sorted(arts))
    cols = dict.fromkeys(resolve_mod.RESOLVE_COLUMNS)
    db["mentions"].insert_all({**cols, "mention_id": f"m{n}", **m} for n, m in enumerate(mentions))
    items = [resolve_mod._item(r) for r in resolve_mod._rows(db)]
    groups = resolve_mod.cluster(items).groups
    return sorted(sorted(r["name"] for r in g) for g in groups)


def test_resolve_unplaced_mention_takes_its_articles_province():
    # one company's park in a 山西 article and its bare name in a 湖南 one: two provinces, two projects
    groups = _mention_db(
        [
            {"article_id": "x1", "name": "鸿运新材料项目", "company": "鸿运新材料", "province": "山西省", "start": 10},
            {"article_id": "x1", "name": "飞腾新能源汽车产业园项目", "company": "飞腾新能源", "start": 90},
            {"article_id": "x2", "name": "长丰物流园项目", "company": "长丰物流", "province": "湖南省", "start": 10},
            {"article_id": "x2", "name": "飞腾项目", "company": "飞腾", "start": 90},
        ]
    )
    assert ["飞腾新能源汽车产业园项目"] in groups and ["飞腾项目"] in groups


def test_resolve_bare_company_in_article_names_its_one_project():
    groups = _mention_db(
        [
            # a heading whose company the extractor misread, and the body's bare company name
            {"article_id": "y1", "name": "仪式标志着远航新能源汽车产业园项目", "company": "仪式标志", "start": 0},
            {"article_id": "y1", "name": "远航项目", "company": "远航", "start": 300},
            # two projects of the company in one article: the bare name is neither
            {"article_id": "y2", "name": "远航电池项目", "company": "远航", "start": 0},
            {"article_id": "y2", "name": "远航电机项目", "company": "远航", "start": 100},
            {"article_id": "y2", "name": "远航项目", "company": "远航", "start": 300},
        ]
    )
    assert ["仪式标志着远航新能源汽车产业园项目", "远航项目"] in groups
    assert ["远航电池项目"] in groups and ["远航电机项目"] in groups and ["远航项目"] in groups


@pytest.mark.parametrize(
    ("year_a", "county_b", "same"),
    [
        (None, None, False),  # an undated workshop and an unplaced park of one company: two projects
        (None, "汶水县", True),  # placed in one county, undated: one company's project there
        (2023, None, True),  # dated, close in time: the company's name alone may tell it
    ],
    ids=["undated-unplaced", "undated-same-county", "dated-close"],
)
def test_resolve_company_only_name_needs_a_date_or_a_place(year_a, county_b, same):
    """A name that says only its company (`…科技园项目`) matches the company's specific project (`…膏剂车间`)
    only close in time, or, when a date is missing, in one county."""
    a = dataclasses.replace(_named_item(1, "长欣药业膏剂车间", "长欣药业"), year=year_a, county="汶水县")
    b = dataclasses.replace(_named_item(2, "长欣科技园项目", "长欣"), county=county_b)
    assert same_project(a, b) is same


@pytest.mark.parametrize(
    ("name_b", "same"),
    [
        ("济南远航新能源乘用车产业园项目", True),  # its name places it in the city the plant's park is in
        ("淄博远航新能源乘用车产业园项目", False),  # its name places it in another city
        ("远航新能源乘用车产业园项目", False),  # nothing of its own places it: the article's region is not enough
    ],
    ids=["name-states-the-city", "name-states-another-city", "unplaced"],
)
def test_resolve_undated_company_plant_placed_by_a_name(name_b, same):
    """An undated plant of a company (its park in 济南) and the company's product park whose own name says
    济南 are placed alike by their own words: one project, as two mentions placed in one city by their
    parks are."""
    a = dataclasses.replace(_named_item(1, "远航工厂", "远航"), year=None, city="济南市")
    b = _named_item(2, name_b, "远航", region=(None, "济南市"))
    assert same_project(a, b) is same


@pytest.mark.parametrize(
    ("name", "company", "products"),
    [
        ("湖北宏达利项目", "宏达利", set()),  # a place and the company: no product, the 利 is its name's
        ("鸿达兴项目", "鸿达兴", set()),
        ("宏达利热熔胶项目", "宏达利热熔胶", {"热熔胶"}),  # the company as written is the whole name
    ],
    ids=["place-and-company", "company-alone", "company-holds-product"],
)
def test_resolve_company_name_piece_is_no_product(name, company, products):
    key, company_k = resolve_mod.name_key(name), resolve_mod.company_key(company)
    assert set(resolve_mod._products(key, company_k)) == products


def test_resolve_local_company_name_matches_its_product_project():
    """`湖北宏达利项目` a year after `宏达利动力电池结构件项目` in one city: the company's project named short
    (the extractor wrote the company short, `宏达`, in the first)."""
    a = dataclasses.replace(_named_item(1, "宏达利动力电池结构件项目", "宏达", "湖北", (None, "荆襄市")), year=2021)
    b = dataclasses.replace(_named_item(2, "湖北宏达利项目", "宏达利", "湖北", (None, "荆襄市")), year=2022)
    assert same_project(a, b)


@pytest.mark.parametrize(
    ("name_a", "same"),
    [
        ("济南远航新能源乘用车产业园项目", True),  # its name says 济南: the misread park's 济宁 is not its place
        ("远航新能源乘用车产业园项目", False),  # nothing but its region: 济宁 and 济南 are two cities
        ("青岛远航济南新能源乘用车产业园项目", False),  # a name stating two cities states none
        ("中山远航新能源乘用车产业园项目", False),  # `中山` is a city and a district: it states none
    ],
    ids=["name-states-city", "region-only", "two-cities", "ambiguous-place"],
)
def test_resolve_place_in_name_outweighs_article_region(name_a, same):
    a = _named_item(1, name_a, "远航", "山东", (None, "济宁市"))
    b = _named_item(2, "远航新能源汽车项目", "远航", "山东", (None, "济南市"))
    assert same_project(a, b) is same


@pytest.mark.parametrize(
    ("name_a", "company_a", "same"),
    [
        # the firm is named for its home city; the project is the local arm's base in 兖州
        ("梧州远航新能源电池产业基地", "梧州远航新能源", True),
        # a city the name states outside the company's name still places the project
        ("梧州远航新能源柳州电池产业基地", "梧州远航新能源", False),
        # no company to hold the city: the name's city is the project's place
        ("梧州电池产业基地", "远航新能源", False),
    ],
    ids=["city-in-company", "city-besides-company", "city-without-company"],
)
def test_resolve_city_in_company_name_is_no_place(name_a, company_a, same):
    """A place inside the company's own name (the city the parent is from) says who, not where: the
    parent's base and its local arm's base in one county are one project."""
    a = _named_item(1, name_a, company_a, "山东", ("兖州区", "济宁市"))
    b = _named_item(2, "山东远航新能源电池产业基地扩建项目", "山东远航", "山东", ("兖州区", "济宁市"))
    assert same_project(a, b) is same


def test_resolve_one_name_joins_before_a_weaker_match():
    """The same name in two articles is the strongest evidence and joins first: a weaker match of the
    second article's other mention (its company's car project, to a name that says only the company)
    must not take that article's place and leave the same name refused, one project split in two."""
    groups = _mention_db(
        [
            {"article_id": "x1", "name": "瑞丰集团临安工厂项目", "company": "瑞丰集团", "start": 10},
            {"article_id": "x2", "name": "瑞丰新能源汽车项目", "company": "瑞丰", "start": 10},
            {"article_id": "x2", "name": "瑞豐集團臨安工廠項目", "company": "瑞丰集团", "start": 200},
        ]
    )
    assert ["瑞丰集团临安工厂项目", "瑞豐集團臨安工廠項目"] in groups


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a brand the dictionary keeps as one word with its ending, and its country unit
        (("三星电子存储芯片项目", "三星电子"), ("三星(中国)半导体存储芯片项目", "三星(中国)半导体"), True),
        (("恒芯电子存储芯片项目", "恒芯电子"), ("恒芯(中国)半导体存储芯片项目", "恒芯(中国)半导体"), True),
        # one brand's units that make other things, or name only themselves: apart
        (("三星电子存储芯片项目", "三星电子"), ("三星(中国)半导体显示面板项目", "三星(中国)半导体"), False),
        (("恒芯电子存储芯片项目", "恒芯电子"), ("恒芯重工船舶项目", "恒芯重工"), False),
        (("恒芯电子项目", "恒芯电子"), ("恒芯重工项目", "恒芯重工"), False),
        # a sector word or a place before the ending is no brand
        (("中国电子存储芯片项目", "中国电子"), ("中国(香港)半导体存储芯片项目", "中国(香港)半导体"), False),
    ],
    ids=["one-word-brand", "unknown-brand", "other-product", "other-unit", "units-alone", "no-brand"],
)
def test_resolve_brand_before_a_company_ending(a, b, same):
    """`三星电子` is one dictionary word: its brand is what is left before the company ending, so its
    country unit `三星(中国)半导体` is the same brand and their products decide."""
    place = {"region": (None, "西安市"), "city": "西安市"}
    first = dataclasses.replace(_named_item(1, *a, "陕西"), **place)
    second = dataclasses.replace(_named_item(2, *b, "陕西"), **place)
    assert same_project(first, second) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # the extractor cut the brand off: `化学盐化工` starts inside `瑞恒化学`, which opens the name
        (("瑞恒化学盐化工项目", "化学盐化工"), ("山东瑞恒化学有限公司盐化工一体化项目", "瑞恒化学"), True),
        # the same misread company, another product of the brand: apart
        (("瑞恒化学盐化工项目", "化学盐化工"), ("瑞恒化学氯碱项目", "瑞恒化学"), False),
        # another company that does not start inside the brand: two companies
        (("瑞恒化学盐化工项目", "瑞恒化学"), ("恒通盐化工项目", "恒通盐化工"), False),
        # the name does not open with the other's company: its own company stands
        (("新材料瑞恒化学盐化工项目", "化学盐化工"), ("瑞恒化学盐化工项目", "瑞恒化学"), False),
    ],
    ids=["brand-cut-off", "other-product", "other-company", "not-at-the-start"],
)
def test_resolve_company_cut_off_its_brand(a, b, same):
    """A company that starts inside the other's company, where that company opens its own name, was cut
    off its brand by the extractor: the name's company is the other's."""
    assert same_project(_named_item(1, *a, "山东"), _named_item(2, *b, "山东")) is same


def test_resolve_company_cut_off_its_brand_never_crosses_cities():
    a = _named_item(1, "瑞恒化学盐化工项目", "化学盐化工", "山东", (None, "济宁市"))
    b = _named_item(2, "山东瑞恒化学有限公司盐化工一体化项目", "瑞恒化学", "山东", (None, "淄博市"))
    assert not same_project(dataclasses.replace(a, city="济宁市"), dataclasses.replace(b, city="淄博市"))


def test_resolve_company_cut_off_its_brand_joins_its_project():
    groups = _mention_db(
        [
            {"article_id": "x1", "name": "山东瑞恒化学有限公司盐化工一体化项目", "company": "瑞恒化学", "start": 10},
            {"article_id": "x2", "name": "瑞恒化学盐化工项目", "company": "化学盐化工", "start": 10},
        ]
    )
    assert groups == [["山东瑞恒化学有限公司盐化工一体化项目", "瑞恒化学盐化工项目"]]


def _placed(n: int, name: str, company: str, city: str | None) -> Item:
    it = _named_item(n, name, company, "山东", (None, city))
    return dataclasses.replace(it, city=city)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # facility words and phase differ, the brand and product words are one
        (("瑞晟精密轴承产业园", "", None), ("瑞晟精密轴承基地项目一期", "", None), True),
        (("瑞晟精密轴承产业园", "瑞晟", None), ("瑞晟精密轴承生产基地", "", None), True),
        # a passenger car plant and a car plant of one brand in one city
        (("远航新能源乘用车项目", "", "济南市"), ("远航新能源汽车项目", "", "济南市"), True),
        # sector words only: one city tells it, no place does not
        (("新能源汽车零部件产业园", "", "济南市"), ("新能源汽车零部件基地", "", "济南市"), True),
        (("新能源汽车零部件产业园", "", None), ("新能源汽车零部件基地", "", None), False),
        # two cities, or other products of the brand: apart
        (("瑞晟精密轴承产业园", "", "济南市"), ("瑞晟精密轴承基地", "", "青岛市"), False),
        (("远航新能源乘用车项目", "", "济南市"), ("远航新能源汽车项目", "", "青岛市"), False),
        (("瑞晟精密轴承产业园", "", None), ("瑞晟精密齿轮基地", "", None), False),
        # a brand alone is too little to tell a project (a company's park and its base)
        (("瑞晟产业园", "", None), ("瑞晟生产基地", "", None), False),
        # a dictionary word for a brand: the one company's brand written in both names tells it
        (("远航动力电池生产基地", "", None), ("远航动力电池基地", "远航", None), True),
        (("远航新能源动力电池项目", "远航新能源科技股份有限公司", None), ("远航动力电池项目", "", None), True),
        (("远航动力电池生产基地", "", None), ("恒通动力电池基地", "恒通", None), False),
        (("动力电池生产基地", "", None), ("远航动力电池基地", "远航", None), False),
        # a brand of single characters is no product word but tells two projects apart, in one city too
        (("金和碳纤维复合材料扩建项目", "", "济宁市"), ("大源碳纤维复合材料扩建项目", "大源", "济宁市"), False),
        (("永城医用敷料扩建项目", "", "济宁市"), ("恒宏医用敷料生产线项目", "恒宏", "济宁市"), False),
    ],
    ids=[
        "facility-and-phase",
        "one-company-left-out",
        "passenger-car-is-car",
        "sector-words-one-city",
        "sector-words-no-place",
        "two-cities",
        "cars-in-two-cities",
        "other-product",
        "brand-alone",
        "brand-in-both",
        "full-company-short-name",
        "other-brand",
        "brand-in-one",
        "single-character-brand",
        "company-brand-in-one-name",
    ],
)
def test_resolve_names_differing_in_facility_words(a, b, same):
    """`…项目`, `…基地`, `…一期` of one project, with no company to compare: the same product words and a
    brand in both names, or one city, make one project."""
    assert same_project(_placed(1, *a), _placed(2, *b)) is same


@pytest.mark.parametrize(
    ("parent", "same"),
    [
        ("嘉鱼远航新能源", True),  # the parent's name opens with its home place: the local arm swaps it
        ("远航新能源", True),
        ("嘉鱼恒通新能源", False),  # another company after the place
    ],
    ids=["place-then-brand", "brand-first", "other-brand"],
)
def test_resolve_local_arm_named_by_its_place(parent, same):
    """`山东远航…基地` (no company given) is the local arm of `嘉鱼远航新能源`: a local unit swaps the place
    its parent's name opens with for its own and keeps the brand."""
    a = _named_item(1, "山东远航储能及动力电池生产基地", "", "山东", (None, "济宁市"))
    b = _named_item(2, "远航新能源电池产业基地", parent, "山东", (None, "济宁市"))
    assert same_project(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a spelling variant: the same opening, a word more or less
        (("瑞晟济宁云计算中心", ""), ("瑞晟济宁云计算数据中心", ""), True),
        # as near by characters, but another brand opens it: two companies' projects
        (("洲新体外诊断试剂扩建项目", "洲新生物医药"), ("新通体外诊断试剂扩建项目", ""), False),
        (("远海风电齿轮箱生产线项目", ""), ("圣海风电齿轮箱生产线项目", ""), False),
    ],
    ids=["variant", "other-brand-near", "other-brand-no-company"],
)
def test_resolve_near_names_keep_their_brand(a, b, same):
    """Two names a character apart are one project's only when that character is not the brand: across
    regions, the near name is the only evidence left, so it must not join two brands."""
    first = _named_item(1, *a, "山东", (None, "济宁市"))
    second = _named_item(2, *b, "山东", (None, "淄博市"))
    assert same_project(first, second) is same


@pytest.mark.parametrize(
    ("b", "same"),
    [
        (("凯宇精密轴承产业园项目", "宇精密"), False),  # another brand before the short company
        (("恒宇精密轴承产业园项目", "宇精密"), True),  # the long company's own brand before it
        (("山东宇精密轴承产业园项目", "宇精密"), True),  # a place before it is no brand
    ],
    ids=["other-brand", "own-brand", "place-before"],
)
def test_resolve_short_company_after_another_brand(b, same):
    """A company that is part of another (`宇精密` in `恒宇精密`) is that company's short name, unless its
    own mention's name writes another brand before it (`凯宇精密…`: the extractor cut `凯` off)."""
    a = _named_item(1, "恒宇精密轴承产业园项目", "恒宇精密", "山东", (None, "济宁市"))
    assert same_project(a, _named_item(2, *b, "山东", (None, "济宁市"))) is same


@pytest.mark.parametrize(
    ("phase_a", "phase_b", "same"),
    [
        ("一期", None, True),  # the first phase's 12亿 is part of the whole base's 100亿
        ("一期", "二期", True),  # two phases of one project (GUIDE), each with its own figure
        (None, None, False),  # two figures for the whole that far apart: two projects
    ],
    ids=["phase-and-whole", "two-phases", "two-wholes"],
)
def test_resolve_phase_figure_is_no_conflict(phase_a, phase_b, same):
    """An investment conflict tells two projects apart only between figures of the same scope: a phase's
    figure and the whole project's are both one project's."""
    place = {"city": "钦州市", "region": (None, "钦州市")}
    a = dataclasses.replace(
        _named_item(1, "瑞恒钦州化工新材料一体化基地", "瑞恒", "广西"),
        investment=1_200_000_000,
        phase=phase_a or "",
        **place,
    )
    b = dataclasses.replace(
        _named_item(2, "瑞恒钦州化工新材料一体化基地", "瑞恒", "广西"),
        investment=10_000_000_000,
        phase=phase_b or "",
        **place,
    )
    assert same_project(a, b) is same


def test_resolve_one_product_of_one_company_in_one_article():
    """An article that names one company's product twice, each time its own way (the unit `瑞恒(中国)新材料`
    in the headline, `瑞恒化工` in the body, a phase in one), names one project; two products, or two
    places written in the names, stay two."""
    groups = _mention_db(
        [
            {
                "article_id": "z1",
                "name": "瑞恒(中国)新材料有限公司碳纤维二期项目",
                "company": "瑞恒(中国)新材料",
                "start": 0,
            },
            {"article_id": "z1", "name": "瑞恒化工碳纤维项目", "company": "瑞恒化工", "start": 240},
            # one company's two products in one article
            {"article_id": "z2", "name": "德晟化工碳纤维项目", "company": "德晟化工", "start": 0},
            {
                "article_id": "z2",
                "name": "德晟(中国)新材料有限公司芳纶项目",
                "company": "德晟(中国)新材料",
                "start": 240,
            },
            # one product of one company in two places its names write
            {"article_id": "z3", "name": "鸿岳化工淄博碳纤维项目", "company": "鸿岳化工", "start": 0},
            {
                "article_id": "z3",
                "name": "鸿岳(中国)新材料有限公司泰安碳纤维项目",
                "company": "鸿岳(中国)新材料",
                "start": 240,
            },
        ]
    )
    assert ["瑞恒(中国)新材料有限公司碳纤维二期项目", "瑞恒化工碳纤维项目"] in groups
    assert ["德晟(中国)新材料有限公司芳纶项目"] in groups
    assert ["鸿岳(中国)新材料有限公司泰安碳纤维项目"] in groups and ["鸿岳化工淄博碳纤维项目"] in groups


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # one city's zone places both, and the name opens with the company's leading word
        (("青禾智能制造产业基地项目", "", "济南市"), ("青禾汽车二期工厂", "青禾汽车", "济南市"), True),
        # the same words in two cities: two plants
        (("青禾智能制造产业基地项目", "", "济南市"), ("青禾汽车二期工厂", "青禾汽车", "青岛市"), False),
        # placed by no words of their own: a leading word alone names no company
        (("青禾智能制造产业基地项目", "", None), ("青禾汽车二期工厂", "青禾汽车", None), False),
        # another company's word opens it
        (("禾丰智能制造产业基地项目", "", "济南市"), ("青禾汽车二期工厂", "青禾汽车", "济南市"), False),
    ],
    ids=["one-city", "two-cities", "unplaced", "other-lead"],
)
def test_resolve_company_less_name_opens_with_the_company(a, b, same):
    """A name without a company that opens with the other's company's leading word, both placed in one city
    by their own words (`…智能制造产业基地` and `…汽车二期工厂` in one zone), names that company."""
    assert same_project(_placed(1, *a), _placed(2, *b)) is same
