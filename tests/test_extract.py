"""Extraction on sentences written for these tests in the phrasing local news uses: which names are
projects, which figures belong to which project, what stage each has reached."""

from __future__ import annotations

import pytest

from pipeline.extract import find_mentions
from pipeline.model import Article


def mentions_of(text: str, title: str | None = None):
    article = Article(article_id="a1", source="test", text=text, title=title)
    mentions, aggregates = find_mentions(article)
    for m in mentions:  # every figure is one slice away from the sentence that states it
        assert article.text[m.start : m.end] == m.sentence
        for e in m.evidence:
            assert article.text[e["start"] : e["end"]] == e["text"]
            if "sentence_start" in e:
                assert e["sentence_start"] <= e["start"] < e["end"] <= e["sentence_end"]
    return {m.name: m for m in mentions}, aggregates


NAMES = [
    # (provenance-like id, text, names expected, names that must not appear)
    (
        "full-name",
        "永达重工工程机械底盘件生产建设项目正在加速建设当中。",
        {"永达重工工程机械底盘件生产建设项目"},
        set(),
    ),
    (
        "list-of-companies",
        "园区将继续推进华泰信息科技、海源电子、明达全铝家居等项目建设进程。",
        {"华泰信息科技项目", "海源电子项目", "明达全铝家居项目"},
        set(),
    ),
    (
        "list-counted",
        "争取5月底前吉利新能源汽车二期、大唐农业装备两大项目实现开工建设。",
        {"吉利新能源汽车二期项目", "大唐农业装备项目"},
        set(),
    ),
    ("generic", "一批投资规模大的优质项目先后动工建设，重点项目进展顺利。", set(), {"优质项目", "重点项目"}),
    ("count-is-not-a-name", "集中开工的10个项目，总投资51.8亿元。", set(), {"10个项目"}),
    (
        "facility-built",
        "开工建设基础零部件智能制造产业园和松原智能制造基地，打造产业高地。",
        {"基础零部件智能制造产业园", "松原智能制造基地"},
        set(),
    ),
    ("facility-as-place", "走进高新区高端制造产业园，处处是热火朝天的工地。", set(), {"高新区高端制造产业园"}),
    (
        "traditional",
        "總投資10.2億元的曲阜開發區聖陽電源蓄電池擴建項目自2月份開工建設。",
        {"曲阜開發區聖陽電源蓄電池擴建項目"},
        set(),
    ),
    ("ipo-is-not-a-project", "将全力助推海源电子上市，支持山推、重汽过百亿。", set(), {"海源电子项目"}),
    ("description-is-not-a-name", "该项目是2024年全省绿色低碳高质量发展重点项目。", set(), set()),
]


@pytest.mark.parametrize(("text", "expected", "absent"), [c[1:] for c in NAMES], ids=[c[0] for c in NAMES])
def test_extract_names(text, expected, absent):
    found, _ = mentions_of(text)
    assert expected <= set(found), f"found {sorted(found)}"
    assert not (absent & set(found)), f"found {sorted(found)}"


def test_extract_amounts_bind_to_their_own_project():
    found, _ = mentions_of("其中，梁济港航建设项目总投资13.6亿元、华为大数据产业园建设项目总投资9.8亿元。")
    assert found["梁济港航建设项目"].investment_yuan == 1_360_000_000
    assert found["华为大数据产业园建设项目"].investment_yuan == 980_000_000


def test_extract_amount_before_the_name_it_qualifies():
    found, _ = mentions_of("这次永达重工建设投资10亿元的工程机械高端零部件生产基地项目，引进高精尖设备。")
    m = found["工程机械高端零部件生产基地项目"]
    assert m.investment_yuan == 1_000_000_000
    assert m.company == "永达重工"


def test_extract_aggregate_never_attached_to_a_project():
    found, aggregates = mentions_of("园区启动建设项目12个，总投资56亿元。其中长城重工新能源项目总投资116亿元。")
    assert found["长城重工新能源项目"].investment_yuan == 11_600_000_000
    assert [(a.projects, a.investment_yuan) for a in aggregates] == [(12, 5_600_000_000)]


def test_extract_pronoun_carries_figures_and_stage():
    text = "亲亲食品山东生产基地在泗水分会场开工建设，该项目总投资1.5亿美元，可提供就业岗位2000多个，年产值达12亿元。"
    m = mentions_of(text)[0]["亲亲食品山东生产基地"]
    assert (m.investment_yuan, m.investment_currency) == (150_000_000, "USD")
    assert (m.jobs, m.output_yuan, m.status, m.is_plan) == (2000, 1_200_000_000, "开工", False)


def test_extract_topic_carries_over_sentences_of_one_paragraph():
    text = "恒源新材料项目于2月开工建设。项目总建筑面积约3万平方米。投产后可实现产值10亿元以上，新增就业300多人。"
    m = mentions_of(text)[0]["恒源新材料项目"]
    assert (m.output_yuan, m.jobs) == (1_000_000_000, 300)


@pytest.mark.parametrize(
    ("text", "stage", "is_plan"),
    [
        ("鑫源特种车辆项目已竣工投产。", "投产", False),
        ("鑫源特种车辆项目计划年底开工建设。", "签约", True),
        ("鑫源特种车辆项目正在加速建设，预计今年10月份建成运营。", "在建", False),
        ("鑫源特种车辆项目建成后年产值可达10亿元。", "在建", False),  # 建成后 is a condition; 在建 the fallback
        ("鑫源特种车辆项目今天正式签约落户开发区。", "签约", False),
        ("力争鑫源特种车辆项目、宏达智能货架二期等在建项目6月底前正式生产。", "在建", False),
        ("鑫源特种车辆项目基本具备竣工条件。", "在建", False),
    ],
    ids=["event", "plan", "plan-after-event", "condition", "signing", "list-adjective", "not-yet-complete"],
)
def test_extract_stage_as_of_the_article(text, stage, is_plan):
    m = mentions_of(text)[0]["鑫源特种车辆项目"]
    assert (m.status, m.is_plan) == (stage, is_plan)


def test_extract_park_from_the_sentence_else_the_article():
    found, _ = mentions_of("位于运河经济开发区的恒圣新材料项目二期正在紧张施工。")
    assert found["恒圣新材料项目二期"].park == "运河经济开发区"
    assert found["恒圣新材料项目二期"].phase == "二期"
    found, _ = mentions_of("济宁高新区今年以来项目建设提速。济宁高新区的长城重工新能源项目已开工。")
    assert found["长城重工新能源项目"].park == "济宁高新区"


def test_extract_same_project_twice_is_one_mention():
    text = "永达重工工程机械底盘件生产建设项目正在加速建设当中。自永达重工项目落地以来，园区全力服务。"
    found, _ = mentions_of(text)
    assert list(found) == ["永达重工工程机械底盘件生产建设项目"]
    assert found["永达重工工程机械底盘件生产建设项目"].aliases == ["永达重工项目"]


def test_extract_nothing_from_text_without_projects():
    assert mentions_of("会议强调，要切实提高思想认识，抓细抓实各项防疫工作。") == ({}, [])
