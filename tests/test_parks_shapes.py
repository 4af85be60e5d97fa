"""Tables of phrase shapes for the park field of issue 12 (kind 7): which zone a project is in, and how the
zone is written. Every sentence is invented for the shape it stands for; each row failed before the rule it
tests."""

from __future__ import annotations

import pytest

from pipeline.extract import find_mentions
from pipeline.model import Article
from pipeline.parks import find_parks
from pipeline.textnorm import fold


def park_of(text: str, name_part: str) -> str | None:
    """The park of the one mention whose name holds `name_part` (folded)."""
    found = [m for m in find_mentions(Article(article_id="t", source="t", text=text))[0] if name_part in fold(m.name)]
    assert found, f"no mention with {name_part!r}"
    return fold(found[0].park) if found[0].park else None


# ---------------------------------------------------------------- an area a project is placed in

# The area a project is put in (`落户`, `落地`, `位于`, `选址于`) is a zone even when its name ends in a bare 区
# that no zone word ends (`…临空区`, `…规划区`, a city's `…新站区`).
PLACED_AREAS = [
    ("总投资50亿元的华弘新能源汽车项目正式签约落户东湖新站区。", "华弘", "东湖新站区", "落户 a 区"),
    ("总投资5亿美元的澜峰医药研发生产基地项目，落地云溪自贸临空区。", "澜峰", "云溪自贸临空区", "落地 a 区"),
    ("该县新引进的青禾冷链物流园项目选址于商贸物流规划区内的某镇。", "青禾", "商贸物流规划区", "选址于 a 区"),
    ("该地块位于起步区北侧，紧邻恒远新材料产业园项目。", "恒远", "起步区", "位于 a 区 in the name's sentence"),
]


@pytest.mark.parametrize("text, name_part, park, why", PLACED_AREAS, ids=[r[3] for r in PLACED_AREAS])
def test_parks_placed_area_is_the_park(text: str, name_part: str, park: str, why: str) -> None:
    assert park_of(text, name_part) == fold(park), why


# A 区 that ends a division's name, a generic area or a determiner's area is no zone.
NOT_PLACED_AREAS = [
    ("某公司的华弘项目落户上海市宝山区。", "a district of a city"),
    ("华弘项目位于老城区东侧。", "the old town"),
    ("华弘项目已落户我区。", "our district"),
    ("华弘项目位于厂区北侧的生产区。", "a plant's area"),
    ("华弘项目位于东海岛西部沿海地区。", "a region"),
]


@pytest.mark.parametrize("text, why", NOT_PLACED_AREAS, ids=[r[1] for r in NOT_PLACED_AREAS])
def test_parks_placed_division_or_generic_area_is_no_zone(text: str, why: str) -> None:
    assert not find_parks(fold(text)), why


# ---------------------------------------------------------------- where a zone's name starts

# The aspect particle 着 (traditional 著) ends a verb before a zone's name: `标志着` is no part of the zone.
AFTER_ASPECT = [
    ("这标志着临川工业区进入了大规模开发的新阶段。", "临川工业区"),
    ("這標志著臨川工業區進入了新階段。", "临川工业区"),
    ("随着青峰经济开发区扩区，一批项目落地。", "青峰经济开发区"),
]


@pytest.mark.parametrize("text, zone", AFTER_ASPECT)
def test_parks_zone_starts_after_an_aspect_particle(text: str, zone: str) -> None:
    assert [p.text for p in find_parks(fold(text))] == [zone]


# An industrial zone (`…工业区`) is an administrative zone: its build-out (`某某工业区建设项目`) is the zone's sum,
# and the zone stays the park of the projects in it.
ZONE_BUILDOUT = [
    (
        "9月3日，曹妃甸工业区内有6个项目集中签约，其中2个项目正式开工，曹妃甸工业区由此进入全面开发阶段。\n"
        "当天开工的宏远船舶修造基地项目，总投资20亿元。\n"
        "曹妃甸工业区建设项目是全省重点工程，投资总额达800亿元。",
        "宏远",
        "曹妃甸工业区",
    ),
]


@pytest.mark.parametrize("text, name_part, park", ZONE_BUILDOUT)
def test_parks_industrial_zone_buildout_keeps_the_zone(text: str, name_part: str, park: str) -> None:
    assert park_of(text, name_part) == fold(park)


# ---------------------------------------------------------------- how the article's zone is written

# A project whose park is the article's zone takes the zone as written nearest it, where the article writes the
# zone in two forms; a form that only drops the city (`滨江新区` of `某市滨江新区`) is not taken.
NEAREST_FORM = [
    (
        "年底，宏远氢能装备研发与生产项目建设现场一片繁忙。这是西青经济技术开发区今年引进的最大外资项目。\n"
        "西青经开区今年新开工项目40个。西青经开区的产业用地也在增加。西青经开区还建成了人才公寓。",
        "宏远",
        "西青经济技术开发区",
    ),
    (
        "年底，宏远氢能装备研发与生产项目建设现场一片繁忙。这是西青经济技术开发区今年引进的最大外资项目。\n"
        "天津西青经济技术开发区今年新开工项目40个。天津西青经济技术开发区还建成了人才公寓。",
        "宏远",
        "天津西青经济技术开发区",
    ),  # the nearer form only drops the city
]


@pytest.mark.parametrize("text, name_part, park", NEAREST_FORM)
def test_parks_article_zone_as_written_nearest_the_project(text: str, name_part: str, park: str) -> None:
    assert park_of(text, name_part) == fold(park)
