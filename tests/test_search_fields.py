"""Search (issue 14): a query's words match within one field first (name, company, park, one alias), and
only when no project holds them all in one field across fields, which the caption says; a zone's short
form or kind word (`高新区`) finds the projects of that zone, including those of parks inside it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import dashboard_data as dd
from pipeline.cli import main

PROJECTS = [  # project_id, name, aliases (JSON as stored), company, park
    ("p-name", "智能装备产业园项目", "[]", None, "济宁高新区"),
    ("p-split", "恒源智能项目", "[]", "恒源", "装备产业园"),
    ("p-alias", "海富项目", '["海富智能装备基地"]', "海富", None),
    ("p-other", "鑫达特种车辆项目", "[]", "鑫达", "济宁经开区"),
]
FIELD_FIRST = [  # query, what it finds, found only across fields
    ("智能 装备", {"p-name", "p-alias"}, False),  # both words in the name, or in one alias
    ("恒源 智能", {"p-split"}, False),  # both in the name
    ("恒源 装备", {"p-split"}, True),  # one in the name, one in the park: the fallback
    ("特种 经开区", {"p-other"}, True),  # a zone word in the park, a word in the name
    ("鑫达", {"p-other"}, False),
    ("没有的词", set(), False),
]
PARK_KINDS = [  # a stored park, the zone a query word names, whether the park stands for it
    ("济宁高新区", ("kind", "高新区"), True),
    ("高端制造产业园", ("kind", "高新区"), True),  # inside 济宁高新区 (data/parks.csv's region column)
    ("中关村科技园区", ("kind", "高新区"), True),  # a high-tech zone by the national table, not by its name
    ("珠海高新技术产业开发区", ("kind", "高新区"), True),
    ("济宁经开区", ("kind", "高新区"), False),
    ("济宁经开区", ("kind", "经开区"), True),
    ("高端制造产业园", ("park", "济宁高新区"), True),
    ("济宁经开区", ("park", "济宁高新区"), False),
    (None, ("kind", "高新区"), False),
]
ARTICLES = [  # the zone is named in full once, then by its short form; a park inside it; another zone
    {"id": "z-1", "date": "2023-03-01", "title": "高新区项目开工",
     "text": "恒源新材料项目在济宁高新技术产业开发区正式开工建设，总投资10亿元。"},
    {"id": "z-2", "date": "2023-04-01", "title": "高端制造产业园项目签约",
     "text": "海富电子项目在高端制造产业园签约，总投资5亿元。"},
    {"id": "z-3", "date": "2023-05-01", "title": "经开区项目投产",
     "text": "鑫达特种车辆项目在济宁经开区竣工投产，年产值达12亿元。"},
]  # fmt: skip


def frame() -> pd.DataFrame:
    columns = ["project_id", "name", "aliases", "company", "park"]
    df = pd.DataFrame(PROJECTS, columns=columns)
    for column in ("investment_yuan", "status", "year"):
        df[column] = None
    return dd.prepare_projects(df)


@pytest.mark.parametrize(("query", "found", "across"), FIELD_FIRST, ids=[q for q, _, _ in FIELD_FIRST])
def test_search_fields_one_field_first(query: str, found: set[str], across: bool) -> None:
    index = dd.build_index(frame(), pd.DataFrame({"project_id": [], "name": []}))
    hits = index.find(query)
    assert (hits.ids, hits.across_fields) == (found, across)
    assert (dd.search_caption(hits) is not None) == across
    assert set(dd.apply_filters(frame(), dd.Filters(q=query), index)["project_id"]) == found


def test_search_fields_blank_query_finds_nothing_to_filter() -> None:
    index = dd.build_index(frame(), pd.DataFrame({"project_id": [], "name": []}))
    assert index.find("   ") is None and dd.search_caption(None) is None
    assert len(dd.apply_filters(frame(), dd.Filters(q="  "), index)) == len(PROJECTS)


@pytest.mark.parametrize(("park", "zone", "expected"), PARK_KINDS, ids=[f"{p}-{z[1]}" for p, z, _ in PARK_KINDS])
def test_search_fields_park_stands_for_zone(park: str | None, zone: tuple[str, str], expected: bool) -> None:
    assert dd.park_stands_for(park, zone) is expected


def test_search_fields_zone_words() -> None:
    assert dd.query_words("高新区") == [dd.Term("高新区", ("kind", "高新区"))]
    assert dd.query_words("济宁高新技术产业开发区") == [dd.Term("济宁高新技术产业开发区", ("park", "济宁高新区"))]
    assert all(t.zone is None for t in dd.query_words("智能 装备"))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    news = folder / "news.jsonl"
    news.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "p.db"
    assert main(["ingest", str(news), "--db", str(path), "--workers", "1"]) == 0
    return path


def names(db: Path, ids: set[str]) -> set[str]:
    df = dd.load_projects(str(db), dd.db_version(db))
    return {n[:2] for n in df.loc[df["project_id"].isin(ids), "name"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("高新区", {"恒源", "海富"}),  # the zone's projects and those of the park inside it
        ("济宁高新区", {"恒源", "海富"}),
        ("济宁高新技术产业开发区", {"恒源", "海富"}),
        ("经开区", {"鑫达"}),
        ("高新区 海富", {"海富"}),
    ],
)
def test_search_fields_zone_short_forms_find_the_zones_projects(db: Path, query: str, expected: set[str]) -> None:
    stored = dd.load_index(str(db), dd.db_version(db))
    assert isinstance(stored, dd.StoredSearch)
    assert names(db, stored.search(query)) == expected
    df = dd.load_projects(str(db), dd.db_version(db))
    mentions = pd.DataFrame({"project_id": [], "name": []})
    memory = dd.build_index(dd.prepare_projects(df.assign(aliases=None)), mentions)
    assert memory.find(query) == stored.find(query)  # the in-memory index (older databases) agrees
