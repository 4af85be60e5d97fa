"""Resolution where it used to break: a project the paper reports a thousand times (its blocks crowded),
full and incremental; two bases of one company in two places; a vague mention that matches two
projects of one company. Articles and names are written for these tests (bench/corpus.py's flagship
sentences, and the tables below)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench import corpus
from pipeline import resolve as resolve_mod
from pipeline.cli import main
from pipeline.resolve import Item, cluster

FLAGSHIP = 0  # 璟曜动力电池生产基地: 10亿元, 济宁高新区
START = date(2015, 1, 1)


@pytest.fixture(autouse=True)
def own_corrections(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKTRACK_CORRECTIONS", str(tmp_path / "corrections.jsonl"))


def flagship_records(n: int) -> list[dict]:
    """`n` articles over ten years about one project: signed, started, building, finished, producing,
    under five names."""
    out = []
    for i in range(n):
        day = START + timedelta(days=i * 3650 // n)
        _, text = corpus.flagship_article(11, i, day, which=FLAGSHIP, since=START)
        out.append({"id": f"flag-{i:04d}", "date": day.isoformat(), "text": text})
    return out


def write(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(db: Path, *paths: Path) -> None:
    assert main(["ingest", *map(str, paths), "--db", str(db), "--workers", "1"]) == 0


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def flagship_state(db: Path) -> tuple:
    """The flagship's projects (id, investment, status, in totals) and how many mentions each has."""
    projects = query(
        db,
        "select project_id, investment_yuan, status, in_totals, n_articles from projects "
        "where name like '%璟曜%' or company like '%璟曜%' order by project_id",
    )
    mentions = query(db, "select count(*), count(distinct project_id) from mentions where name like '%璟曜%'")
    return projects, mentions[0]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scale")
    flags, others = flagship_records(1000), list(corpus.articles(6, 0, 1000))
    return {
        "first": write(folder / "first" / "news.jsonl", flags[:500] + others[:500]),
        "rest": write(folder / "rest" / "news.jsonl", flags[500:] + others[500:]),
    }


def test_resolve_a_thousand_reports_of_one_project_give_one_project_summed_once(tmp_path, corpora):
    whole = tmp_path / "whole.db"
    ingest(whole, corpora["first"], corpora["rest"])
    projects, (n_mentions, n_projects) = flagship_state(whole)
    # every report the extractor finds (most of them: some shapes are not read as names), whatever its name: one
    assert n_mentions > 600 and n_projects == 1
    [(pid, investment, status, in_totals, n_articles)] = projects
    assert (investment, status, in_totals) == (1_000_000_000, "投产", 1)
    assert n_articles == n_mentions
    counted = query(whole, "select sum(investment_yuan) from projects where in_totals = 1 and project_id = ?", pid)
    assert counted == [(1_000_000_000,)]  # 10亿 once, not once per article

    grown = tmp_path / "grown.db"  # the same through the incremental path: half, then the rest
    ingest(grown, corpora["first"])
    half, _ = flagship_state(grown)
    assert len(half) == 1
    ingest(grown, corpora["first"], corpora["rest"])
    assert flagship_state(grown) == flagship_state(whole)
    assert flagship_state(grown)[0][0][0] == half[0][0]  # the project kept its id as its blocks grew
    assert query(grown, "select mention_id, project_id from mentions order by 1") == query(
        whole, "select mention_id, project_id from mentions order by 1"
    )


def item(n: int, key: str, company: str = "", products: tuple[str, ...] = (), city: str | None = None) -> Item:
    blocks = resolve_mod.blocks_for(key, company)
    return Item(
        f"m{n:05d}",
        f"a{n:05d}",
        key,
        key,
        company,
        frozenset(),
        frozenset(products),
        None,
        2020,
        ("2020-01-01", "", n, 0),
        row={"mention_id": f"m{n:05d}"},
        blocks=blocks,
        city=city,
    )


def groups(items: list[Item]) -> list[set[str]]:
    return sorted(({r["mention_id"] for r in g} for g in cluster(items).groups), key=min)


@pytest.mark.parametrize("max_block", [200, 5])
def test_resolve_crowded_name_block_is_compared_not_dropped(monkeypatch, max_block):
    """1,000 mentions of one name (beyond any block limit) are one project; a crowded block of a common
    word does not join two projects that only share that word."""
    monkeypatch.setattr(resolve_mod, "MAX_BLOCK", max_block)
    same = [item(n, "璟曜动力电池生产基地", "璟曜") for n in range(1000)]
    word = [item(1000 + n, f"{chr(0x4E00 + n)}{chr(0x4F00 + n)}新材料产业园") for n in range(300)]
    result = groups(same + word)
    assert {m.mention_id for m in same} in result
    assert len(result) == 1 + len(word)


# Two bases of one company, and a company's solar farm and battery base, stay apart even when a bare
# mention of the company (no place, no product) matches each of them.
APART = [
    pytest.param(
        [
            ("格力电器智能制造生产基地", "格力电器", (), "临沂市"),
            ("格力电器智能制造生产基地", "格力电器", (), "长沙市"),
        ],
        id="two-cities-same-name",
    ),
    pytest.param(
        [
            ("格力电器智能制造生产基地", "格力电器", (), "临沂市"),
            ("格力电器", "格力电器", (), None),
            ("格力电器智能制造基地", "格力电器", (), "长沙市"),
        ],
        id="two-cities-bridged-by-a-bare-mention",
    ),
    pytest.param(
        [
            ("天衡光伏电站", "天衡", ("光伏", "电站"), "酒泉市"),
            ("天衡", "天衡", (), None),
            ("天衡储能电池基地", "天衡", ("储能", "电池"), None),
        ],
        id="solar-farm-and-battery-base",
    ),
]


@pytest.mark.parametrize("specs", APART)
def test_resolve_two_places_or_products_of_one_company_stay_apart(specs):
    items = [item(n, key, company, products, city) for n, (key, company, products, city) in enumerate(specs)]
    together = [g for g in groups(items) if {"m00000", f"m{len(specs) - 1:05d}"} <= g]
    assert not together


def test_resolve_two_bases_of_one_company_in_two_cities_from_articles(tmp_path):
    """End to end, from the parks the sentences name: one company's base in two cities, and a report
    that names only the company, give two projects."""
    records = [
        {
            "id": "g1",
            "date": "2021-03-01",
            "text": "格力电器智能制造生产基地项目在临沂经济技术开发区正式开工，总投资50亿元。",
        },
        {
            "id": "g2",
            "date": "2021-06-01",
            "text": "格力电器智能制造生产基地项目在宁乡经济技术开发区签约，总投资30亿元。",
        },
        {"id": "g3", "date": "2022-01-01", "text": "格力电器智能制造生产基地项目在临沂经济技术开发区建成投产。"},
    ]
    db = tmp_path / "g.db"
    ingest(db, write(tmp_path / "in" / "g.jsonl", records))
    ids = dict(query(db, "select a.source, m.project_id from mentions m join articles a using (article_id)"))
    assert ids["g1"] == ids["g3"] != ids["g2"]


def place(province=None, city=None, county=None, adcode=None) -> dict:
    return {"province": province, "city": city, "county": county, "adcode": adcode}


JINING = ("山东省", "济宁市")
LOCATIONS = [
    pytest.param([place()], place(), id="none-stated"),
    pytest.param(
        [place(*JINING, "兖州区", "370812"), place(*JINING, None, "370800"), place()],
        place(*JINING, "兖州区", "370812"),
        id="most-specific-consistent",
    ),
    pytest.param(
        [place(*JINING, "兖州区", "370812"), place(*JINING, "任城区", "370811")],
        place(*JINING, None, "370800"),
        id="counties-disagree-city-kept",
    ),
    pytest.param(
        [place(*JINING, "兖州区", "370812"), place(*JINING, "兖州区", "370812"), place(*JINING, "任城区", "370811")],
        place(*JINING, "兖州区", "370812"),
        id="majority-county",
    ),
    pytest.param(
        [place("山东省", "济宁市", None, "370800"), place("湖南省", "长沙市", None, "430100")],
        place(),
        id="provinces-disagree",
    ),
    pytest.param([place("山东省", None, None, "370000")], place("山东省", None, None, "370000"), id="province-only"),
]


@pytest.mark.parametrize(("members", "want"), LOCATIONS)
def test_resolve_project_location_from_its_mentions(members, want):
    assert resolve_mod.location(members) == want


def test_resolve_project_location_stored_and_used(tmp_path):
    """Mentions' places (filled by the place step) give the project's, and a mention in another city is
    another project even under the same name."""
    from pipeline import store

    records = [
        {"id": f"s{i}", "date": f"202{i}-03-01", "text": "瑞晟精密轴承生产基地项目正式开工，总投资8亿元。"}
        for i in range(3)
    ]
    db_path = tmp_path / "s.db"
    ingest(db_path, write(tmp_path / "in" / "s.jsonl", records))
    with sqlite3.connect(db_path) as conn:
        conn.execute(  # as the place step leaves them when the sentence names the zone
            "update mentions set park='兖州经济开发区', park_origin='sentence', "
            "province='山东省', city='济宁市', county='兖州区', adcode='370812'"
        )
        conn.execute(
            "update mentions set park='宁乡经济技术开发区', "
            "province='湖南省', city='长沙市', county='宁乡市', adcode='430182' "
            "where article_id in (select article_id from articles where source = 's2')"
        )
    db = store.connect(db_path)
    store.write_projects(db, resolve_mod.resolve(db))
    got = query(db_path, "select city, county, adcode, n_articles from projects order by n_articles")
    assert got == [("长沙市", "宁乡市", "430182", 1), ("济宁市", "兖州区", "370812", 2)]


def mention(n: int, name: str, company: str | None, city: str | None = None, year: int = 2022) -> Item:
    """An Item as resolution builds it from a stored mention row."""
    row = {
        "city": city,
        "mention_id": f"m{n}",
        "article_id": f"a{n}",
        "name": name,
        "company": company,
        "park": None,
        "park_origin": "sentence" if city else None,  # a place the mention's own sentence gives
        "investment_yuan": None,
        "date": f"{year}-06-01",
        "source": f"s{n}",
        "position": 0,
        "start": 0,
    }
    return resolve_mod._item(row)


# (name, company) pairs from different articles, and whether they are one project
SAME = [
    pytest.param(
        ("比亚迪新能源乘用车项目", "比亚迪新能源"), ("比亚迪乘用车基地", "比亚迪汽车"), True, id="two-units-of-a-brand"
    ),
    pytest.param(
        ("宁德时代动力电池基地", "宁德时代"), ("宁德时代电池基地", "宁德时代"), True, id="product-holds-product"
    ),
    pytest.param(
        ("(李明)璟曜动力电池生产基地项目", "璟曜"), ("璟曜动力电池生产基地", "璟曜"), True, id="byline-in-parentheses"
    ),
    pytest.param(
        ("山东璟曜动力电池生产基地", "璟曜"), ("璟曜贵州动力电池生产基地", "璟曜"), False, id="two-provinces-in-names"
    ),
    pytest.param(
        ("华新光伏组件项目", "华新光伏"), ("华新水泥熟料项目", "华新水泥"), False, id="two-units-two-products"
    ),
    pytest.param(
        ("协鑫热熔胶项目", "协鑫热熔胶"), ("协鑫再生晶圆项目", "协鑫"), False, id="company-written-as-the-name"
    ),
]


SAME += [
    pytest.param(
        ("璟曜新能源动力及储能电池生产基地", "璟曜", "贵阳市"),
        ("储能电池生产基地", None, "贵阳市"),
        True,
        id="one-city-name-holds-name",
    ),
    pytest.param(
        ("璟曜新能源动力及储能电池生产基地", "璟曜", "贵阳市"),
        ("储能电池生产基地", None, "宜宾市"),
        False,
        id="two-cities-name-holds-name",
    ),
    pytest.param(
        ("璟曜新能源动力及储能电池生产基地", "璟曜", None),
        ("储能电池生产基地", None, None),
        False,
        id="no-place-name-holds-name",
    ),
]


@pytest.mark.parametrize(("a", "b", "same"), SAME)
def test_resolve_same_project_names_and_companies(a, b, same):
    assert resolve_mod.same_project(mention(1, *a), mention(2, *b)) is same


def test_resolve_stall_only_where_the_archive_keeps_reporting(tmp_path):
    """Two places: one zone is reported on every half year until 2022, the other once in 2018 and once in
    2022. A project silent since 2018 is stalled (inferred) in the first, with the reason stored; in the
    second it is only "no news since", however many articles the other zone has."""
    brands = "瑞丰 嘉禾 博远 金澜 德信 汇川 天晟 鸿图 立方".split()
    records = [
        {"id": "b0", "date": "2018-03-01", "text": "华腾电机项目在宁乡经济技术开发区开工建设，总投资5亿元。"},
        {"id": "a0", "date": "2018-03-01", "text": "恒泰精密轴承项目在临沂经济技术开发区开工建设，总投资6亿元。"},
        {"id": "a1", "date": "2022-06-01", "text": "启明光电项目在临沂经济技术开发区签约，总投资3亿元。"},
    ]
    for i, brand in enumerate(brands):
        day = date(2018, 9, 1) + timedelta(days=182 * i)
        text = f"{brand}新材料项目在宁乡经济技术开发区签约，总投资{i + 2}亿元。"
        records.append({"id": f"b{i + 1}", "date": day.isoformat(), "text": text})
    db = tmp_path / "stall.db"
    ingest(db, write(tmp_path / "in" / "two.jsonl", records))
    got = {
        name: (inferred, reason)
        for name, inferred, reason in query(db, "select name, status_inferred, stall_reason from projects")
    }
    inferred, reason = got["华腾电机项目"]
    assert inferred == "停滞（推断）" and "宁乡" in reason and "2018-03-01" in reason  # its county, or its zone
    inferred, reason = got["恒泰精密轴承项目"]
    assert inferred is None and reason.startswith("2018-03-01 后无新进展") and "不推断停滞" in reason
    assert got["启明光电项目"] == (None, None)  # newly signed: nothing to say


def in_article(n: int, key: str, company: str, start: int) -> Item:
    it = item(n, key, company)
    it.article_id, it.order = "a-one", ("2020-01-01", "", 0, start)
    return it


@pytest.mark.parametrize(
    ("names", "starts", "apart"),
    [
        (("瑞晟精密轴承产业园", "瑞晟精密轴承产业园"), (0, 80), False),  # heading and body
        (("瑞晟精密轴承产业园", "瑞晟精密轴承产业园二号"), (0, 80), False),  # one name holds the other
        (("瑞晟精密轴承产业园", "瑞晟精密轴承产业园"), (40, 40), True),  # one sentence names two
        (("瑞晟精密轴承", "瑞晟新能源电池"), (0, 80), True),  # one company, two projects
    ],
    ids=["heading-and-body", "name-holds-name", "one-sentence-sets-apart", "one-company-two-products"],
)
def test_resolve_two_mentions_of_one_article(names, starts, apart):
    """Two mentions of one article are one project when their names are one project's and no sentence
    sets them apart; the article then counts it once."""
    items = [in_article(n, key, "瑞晟", start) for n, (key, start) in enumerate(zip(names, starts, strict=True))]
    assert (len(groups(items)) == 2) is apart


def regional(n: int, name: str, company: str, city: str) -> Item:
    """A mention placed only by its article's region (no park or place word of its own)."""
    it = mention(n, name, company)
    it.region = (None, city)
    return it


def test_resolve_articles_of_two_regions_need_one_name():
    """Placed apart only by their articles' regions, two mentions are one project by one name, never by
    the company alone (浙商工业园 of one county is not 浙商工程机械配件产业园 of another)."""
    assert (
        resolve_mod.same_project(
            regional(1, "浙商工程机械配件产业园", "浙商工程机械", "济宁市"), regional(2, "浙商工业园", "浙商", "青岛市")
        )
        is False
    )
    assert (
        resolve_mod.same_project(
            regional(1, "浙商工程机械配件产业园", "浙商工程机械", "济宁市"), regional(2, "浙商工业园", "浙商", "济宁市")
        )
        is True
    )
    assert (
        resolve_mod.same_project(
            regional(1, "浙商工程机械配件产业园", "浙商", "济宁市"),
            regional(2, "浙商工程机械配件产业园", "浙商", "青岛市"),
        )
        is True
    )
