"""Tables of phrase shapes for the kinds of missed project of issue 12 (project recall): lists whose tail
describes its items, items priced before their names, bare lists the sentence has counted, names priced
without a head, and works priced at their name. Every sentence is invented for the shape it stands for.
`FOUND` rows were missed before these rules; `NOT_FOUND` rows guard precision for each rule (they hold
before and after)."""

from __future__ import annotations

import pytest

from pipeline.extract import find_mentions
from pipeline.model import Article


def names_in(text: str) -> list[str]:
    return [m.name for m in find_mentions(Article(article_id="t", source="t", text=text))[0]]


FOUND = [
    (
        "开发区先后引进了华拓锂电池、鑫泰精工等一批龙头型产业项目，产业链条进一步拉长。",
        ["华拓锂电池", "鑫泰精工"],
        "a tail with a quantity and a 型 word",
    ),
    (
        "此前已经先后吸引了康瑞汽车、博远自控等一批大好高项目并建成投产。",
        ["康瑞汽车", "博远自控"],
        "a tail with 大好高",
    ),
    (
        "金鹏电气、鲁康电工等一大批投资规模大、社会效益好、带动强的基地型、龙头型项目相继落地。",
        ["金鹏电气", "鲁康电工"],
        "a tail with a description ending in 的 (社会 inside the description)",
    ),
    (
        "腾飞云视界AI音视频、恒华软件智慧城市等腾讯生态圈10个项目签约。",
        ["腾飞云视界", "恒华软件"],
        "a count after a few words",
    ),
    (
        "本次签约的项目包括投资120亿元的华利科创中心、投资56亿元的新光源第三代半导体显示芯片等一批带动能力强的项目。",
        ["华利科创中心", "新光源第三代半导体显示芯片"],
        "items priced before their names",
    ),
    (
        "由浙江恒盛新型材料有限公司投资1.2亿元的恒盛铝合金锭、由四川吉祥工程公司投资1.3亿元的吉祥宝石精深加工2个项目签约。",
        ["恒盛铝合金锭", "吉祥宝石精深加工"],
        "items priced by their investors, counted after",
    ),
    (
        "6日集中开工的重大项目有8个，包括瑞丰新能源汽车零部件成型项目、华康糖尿病创新药物生产基地、金源集成电路装备产业园等，涵盖多个领域。",
        ["华康糖尿病创新药物生产基地", "金源集成电路装备产业园"],
        "a bare list the sentence has counted",
    ),
    (
        "开发区吸引一批锂电和光伏制造项目入驻，如青海景泰年产50GW单晶硅棒、阿瑞斯年产10GW单晶硅棒等，助力园区发展。",
        ["青海景泰年产50GW单晶硅棒", "阿瑞斯年产10GW单晶硅棒"],
        "a bare list opened by 如 after a comma",
    ),
    (
        "投资54亿元的湖北恒捷首栋厂房已封顶，投资10亿元的湖北鑫科利正冲刺年底试生产。",
        ["湖北恒捷", "湖北鑫科利"],
        "names priced without a head",
    ),
    (
        "投资8856万元的八尺门海堤贯通工程，主要包括海域清淤、两侧护岸等。",
        ["八尺门海堤贯通工程"],
        "works priced before their name",
    ),
    (
        "三一筑工项目，总投资3000万元；长河湾酒店配套道路工程，总投资8100万元。",
        ["长河湾酒店配套道路工程"],
        "works priced after a comma",
    ),
    (
        "仪式上，首批入驻园区的企业东山县鸿庆木业有限公司、云霄瑞达户外运动用品有限公司进行签约。",
        ["鸿庆木业有限公司", "瑞达户外运动用品有限公司"],
        "companies entering a park",
    ),
    (
        "1号厂房入驻企业是马龙天晟钢化玻璃公司，主要生产中空玻璃，总投资2000万元。",
        ["天晟钢化玻璃公司"],
        "the company a workshop houses",
    ),
    ("12英寸模拟芯片等4个项目投资额均在100亿元以上。", ["12英寸模拟芯片"], "an item led by the size it makes"),
    ("此外，华石100万吨乙烯及配套项目进度已经过半。", ["华石100万吨乙烯"], "a noun about the project after 项目"),
    (
        "投资6200万元的沃澜县第三污水处理厂建设工程项目，包括管网、泵站等。",
        ["沃澜县第三污水处理厂建设工程项目"],
        "works whose head is 建设工程 (建设 no stop word there)",
    ),
]


def ids(rows: list, at: int) -> list[str]:
    return [row[at] for row in rows]


@pytest.mark.parametrize("text, wanted, kind", FOUND, ids=ids(FOUND, 2))
def test_names_recall_finds_the_projects(text: str, wanted: list[str], kind: str) -> None:
    found = names_in(text)
    for part in wanted:
        assert any(part in name for name in found), (part, found)


NOT_FOUND = [
    ("来自美国、德国、日本等国家和地区的74个项目与各地签约。", ["美国", "德国", "日本"], "places in a list"),
    (
        "该项目包括取水头部、浑水管道、净水厂等，建成后可日供水5万吨。",
        ["取水头部", "浑水管道", "净水厂"],
        "a project's parts in a bare list",
    ),
    ("投资5亿元的新材料已经进入设备安装阶段。", ["新材料"], "a priced sector"),
    ("总投资2亿元的一期工程已开工。", ["一期工程"], "a priced phase"),
    ("开发区引进了电子信息、新材料等一批产业项目。", ["电子信息", "新材料"], "sectors listed"),
    ("园区入驻企业有120家，产值增长两成。", ["120家"], "a count of tenants"),
    ("今年新签约30家、落地25家等项目成效明显。", ["30家", "25家"], "counts listed"),
    ("大连恒杰建设有限公司项目经理王某说，基础施工已完成一成。", ["大连恒杰"], "a contractor's project manager"),
    ("园区加快推进基础设施建设工程，完善配套。", ["基础设施建设工程"], "works of a site, unpriced"),
]

ONE_NAME = [
    (
        "总投资10亿元的鑫科利生物基材料、生物降解材料及高分子添加剂项目签约。",
        "鑫科利生物基材料项目",
        "the first part of one priced name is no name of its own",
    ),
]


@pytest.mark.parametrize("text, part, kind", ONE_NAME, ids=ids(ONE_NAME, 2))
def test_names_recall_keeps_one_priced_name_whole(text: str, part: str, kind: str) -> None:
    assert part not in names_in(text)


@pytest.mark.parametrize("text, unwanted, kind", NOT_FOUND, ids=ids(NOT_FOUND, 2))
def test_names_recall_takes_no_generic_item(text: str, unwanted: list[str], kind: str) -> None:
    found = names_in(text)
    assert not any(name.startswith(part) for part in unwanted for name in found), found


# A capacity some pages print with a space before its unit (`550 万吨/年`): the name runs over the space;
# a space anywhere else still ends the name (page noise, a date line).
SPACED_CAPACITY = [
    ("龙源化工550 万吨/年重油加工项目正在建设，总投资114亿元。", "龙源化工550 万吨/年重油加工项目"),
    ("恒信新材20 万吨乙烯项目开工建设。", "恒信新材20 万吨乙烯项目"),
    ("截至3月底 万吨级码头项目开工。", "万吨级码头项目"),
]


@pytest.mark.parametrize("text, wanted", SPACED_CAPACITY, ids=ids(SPACED_CAPACITY, 1))
def test_names_recall_spaced_capacity_is_one_name(text: str, wanted: str) -> None:
    assert names_in(text) == [wanted]


# A facility named by its company is that company's plant, a project wherever the text names it, even with no
# build verb beside it (issue 12 #1, recall): a legal or company ending in the name, or a brand the article
# names as a company elsewhere. A park named by places or sectors, a zone's size, a description (`是…第二个
# 基地`) and a facility that frames a project after it stay places.
COMPANY_FACILITY = [
    ("当天，鸿泰集团绍兴检测认证产业基地揭牌，将培育检测产业链。", "鸿泰集团绍兴检测认证产业基地"),
    ("沃澜机器人公司去年把研发团队迁到沃澜智能装备产业园，团队已有三百人。", "沃澜智能装备产业园"),
    (
        "据了解，澜途科技有限公司在园内布局了澜途动力零碳储能电池制造基地，覆盖电芯、模组。",
        "澜途动力零碳储能电池制造基地",
    ),
]
FACILITY_STAYS_PLACE = [
    ("当天，滨江智能制造产业园作为新片区产业集群的组成部分举办了推介会。", "滨江智能制造产业园"),
    ("开工的鸿泰新能源项目总投资16亿元，是鸿泰集团第二个总部基地。", "鸿泰集团第二个总部基地"),
    ("恒科石化有限公司所在的恒科石化产业园，规划面积30平方公里，由三个岛组成。", "恒科石化产业园"),
    ("董事长表示，将加大鸿泰电器株洲基地后续项目的投入，鸿泰电器股份有限公司已签约。", "鸿泰电器株洲基地"),
]


@pytest.mark.parametrize("text, wanted", COMPANY_FACILITY, ids=ids(COMPANY_FACILITY, 1))
def test_names_recall_company_facility_is_a_project(text: str, wanted: str) -> None:
    assert any(wanted in name for name in names_in(text)), names_in(text)


@pytest.mark.parametrize("text, unwanted", FACILITY_STAYS_PLACE, ids=ids(FACILITY_STAYS_PLACE, 1))
def test_names_recall_facility_without_company_stays_a_place(text: str, unwanted: str) -> None:
    assert unwanted not in names_in(text), names_in(text)


# A zone named by a city or county that jieba tags no place (`宿迁`, `张家港`, `如皋`: tagged as people's names)
# is still a zone named by its places (issue 12 #1, precision): the division table knows them. A brand
# before the zone word keeps the name, and a common word that is also a district's name (`友好`) is no place.
# (An administrative zone's build-out, `某某工业区建设项目`, stays a candidate: extract keeps it as an aggregate.)
ZONE_BY_DIVISION = [
    ("宿迁现代产业园区项目", False),
    ("张家港现代工业园区项目", False),
    ("如皋滕州合作产业园区", False),
    ("澜途科技如皋产业园区", True),
]


@pytest.mark.parametrize("name, keep", ZONE_BY_DIVISION, ids=ids(ZONE_BY_DIVISION, 0))
def test_names_recall_zone_named_by_divisions_is_no_project(name: str, keep: bool) -> None:
    from pipeline import names

    assert names.decide(names.name_features(name)).keep is keep


def test_names_recall_common_word_is_no_division() -> None:
    from pipeline import names

    assert not names._division_word("友好") and names._division_word("宿迁")


# A list's last item whose left edge stopped at a word inside its name (`…投资|担保等`, `…服务|产业园等`) reaches
# back to the `、` before it, as the other items do; so does one owned by a company (`某某集团的储能电站等项目`).
# A list without 等 (`县委、县政府向8个项目…`) keeps its cut, and its fragments are no names.
LAST_ITEM = [
    ("今年，园区先后引进澜途智能装备、鸿泰投资担保等一批项目落地。", "鸿泰投资担保"),
    ("下步将对澜途汽车产业园、鸿泰电气集团的储能电站等项目抓好跟踪落实。", "鸿泰电气集团的储能电站"),
    ("当天，澜途精密铸造、鸿泰汽车服务产业园等36个带动能力强的项目集中开工。", "鸿泰汽车服务产业园"),
]


@pytest.mark.parametrize("text, wanted", LAST_ITEM, ids=ids(LAST_ITEM, 1))
def test_names_recall_last_list_item_is_whole(text: str, wanted: str) -> None:
    assert any(name.startswith(wanted) for name in names_in(text)), names_in(text)


def test_names_recall_counted_list_without_deng_keeps_its_cut() -> None:
    text = "县长在致辞中代表县委、县政府向8个项目的顺利开工表示祝贺。"
    assert not any("县政府" in name for name in names_in(text)), names_in(text)


# Three or more names listed by `、` before one project's name share its head (`A、B、C项目开工`), one project
# each; two names under one head are as often one project's products, and a list owned or priced before it
# (`某公司的A、B、C项目`, `总投资10亿元的A、B、C项目`) is one project's parts.
SHARED_HEAD = [
    ("特别是澜途煤制气、沃澜煤化一体化、鸿泰煤电化一体化项目的开工，带动了园区。", ["澜途煤制气", "沃澜煤化一体化"]),
    # a facility's head is shared as a project's is (issue 12 #2): the items are projects, named with 项目
    (
        "目前，澜途钠离子电池正极材料、沃澜氢能重卡、鸿泰燃料电池厂房顺利落成。",
        ["澜途钠离子电池正极材料", "沃澜氢能重卡"],
    ),
]
ONE_PROJECT_PARTS = [
    ("山推机械有限公司的澜途叉车、沃澜机械、鸿泰液压项目已完成投资5亿元。", "澜途叉车"),
    ("澜途重装叉车、桩工机械项目已累计完成投资5.1亿元。", "澜途重装叉车"),
    ("总投资10亿元的澜途生物基材料、沃澜降解材料、鸿泰添加剂项目签约。", "澜途生物基材料"),
]


@pytest.mark.parametrize("text, wanted", SHARED_HEAD, ids=["three names under one head", "under a facility's head"])
def test_names_recall_items_share_the_last_head(text: str, wanted: list[str]) -> None:
    found = names_in(text)
    for part in wanted:
        assert part + "项目" in found, found


@pytest.mark.parametrize("text, part", ONE_PROJECT_PARTS, ids=ids(ONE_PROJECT_PARTS, 1))
def test_names_recall_two_or_owned_items_are_one_project(text: str, part: str) -> None:
    assert part + "项目" not in names_in(text), names_in(text)


# Two names under one head are one project's parts, and the project is named by both (`A、B项目总投资12亿元`):
# the head's name reaches back over the first (issue 12 #2, a name cut at its own 、).
TWO_PARTS_ONE_NAME = [
    ("澜途湾、锦泰苑项目总投资12亿元，建设800套人才公寓。", "澜途湾、锦泰苑项目"),
    ("澜途重装叉车、桩工机械项目已累计完成投资5.1亿元。", "澜途重装叉车、桩工机械项目"),
]


@pytest.mark.parametrize("text, name", TWO_PARTS_ONE_NAME, ids=ids(TWO_PARTS_ONE_NAME, 1))
def test_names_recall_two_parts_name_one_project(text: str, name: str) -> None:
    assert names_in(text) == [name]


# Verb phrases listed before a facility (`沟通两岸、连接某地、…和某基地的枢纽`) say what a work does: no names.
def test_names_recall_listed_verb_phrases_share_no_head() -> None:
    text = "该桥是沟通运河两岸、连接沃澜、锦泰快速路和青禾钢铁基地的枢纽，青禾钢铁基地已开工。"
    assert not any(name.startswith(("沟通", "连接")) for name in names_in(text)), names_in(text)


# What a project builds, said in a clause that opens with `建设`/`一期建设` after the project is named (or after
# the sentence speaks of it: `项目分两期建设，…`), is part of that project, not a project of its own. A company's
# clause (`某公司投资10亿元，建设X项目`) names the project itself.
BUILT_PARTS = [
    ("澜途新材料项目，总投资3000万元，建设装配式建筑构件生产基地，建成后年产3万平米。", "装配式建筑构件生产基地"),
    ("项目总投资60亿元分两期建设，一期建设6万吨鸿泰树脂、3万吨澜途助剂项目以及配套设施。", "3万吨澜途助剂项目"),
    ("二期用地面积550亩，建设30GWh沃澜储能电池项目；配套生活区168亩。", "30GWh沃澜储能电池项目"),
]


@pytest.mark.parametrize("text, part", BUILT_PARTS, ids=ids(BUILT_PARTS, 1))
def test_names_recall_what_a_project_builds_is_a_part(text: str, part: str) -> None:
    assert part not in names_in(text), names_in(text)


def test_names_recall_a_company_clause_names_its_project() -> None:
    found = names_in("沃澜智能科技有限公司投资10亿元，建设沃澜智能装备产业园项目。")
    assert any("沃澜智能装备产业园项目" in name for name in found), found


def test_names_recall_whole_figure_on_no_part() -> None:
    """The whole's figure lands on none of the parts it builds (they are no mentions at all)."""
    text = "据介绍,该项目由鸿泰集团与澜途化工合作,总投资60亿元分两期建设,一期建设6万吨AKD、3万吨鸿泰助剂项目以及相关配套设施。"
    mentions = find_mentions(Article(article_id="t", source="t", text=text))[0]
    assert not any("助剂" in m.name for m in mentions), [m.name for m in mentions]


# A kind of works or a product alone (`公路项目`, `核燃料项目`) names no project, even where the text builds it;
# a named road or a brand's product plant does.
KIND_ALONE = [
    ("公路项目", False),
    ("管网项目", False),
    ("核燃料项目", False),
    ("云栖塘高速公路(一期)项目", True),
    ("澜途核燃料元件项目", True),
]


@pytest.mark.parametrize("name, keep", KIND_ALONE, ids=ids(KIND_ALONE, 0))
def test_names_recall_a_kind_alone_is_no_project(name: str, keep: bool) -> None:
    from pipeline import names

    assert names.decide(names.name_features(name, built=True)).keep is keep


# A list of parties closed by `等在`/`等就` (`与A协会、B中心、C公司等在X、Y等16个项目上签约`) is no part of the
# list of projects after it: the projects' list starts after its 等, and the parties are no projects.
def test_names_recall_parties_before_deng_zai_are_no_projects() -> None:
    text = "会上，县政府与澜途经济发展协会、沃澜规划建设发展中心、鸿泰新能源集团有限公司等在农产品精深加工产业、无人机制造等16个项目进行了签约。"
    found = names_in(text)
    assert not any(part in name for part in ("协会", "发展中心", "等在") for name in found), found


# Taiwan pages say 專案 for 项目: a facility name followed by 專案 is a project's name, as with 项目.
def test_names_recall_zhuanan_is_a_project_tail() -> None:
    found = names_in("其中，總投資超百億元的澜途纖維新材料應用科技城專案，擬建立院士專家工作站。")
    assert any(name.endswith("科技城專案") for name in found), found


# A facility said to stand somewhere (`X工厂坐落在…`, `X产业园选址在…`) is the subject of its own description,
# a project being told about, as `X基地位于…` or `X基地占地…` already are.
SITED = [
    ("据悉，澜途济南工厂坐落在青宁工业园，占地面积300亩。", "澜途济南工厂"),
    ("沃澜(曲阜)台商工业园选址在防山镇，园区建设总投资8000余万元。", "沃澜(曲阜)台商工业园"),
]


@pytest.mark.parametrize("text, wanted", SITED, ids=ids(SITED, 1))
def test_names_recall_a_sited_facility_is_a_project(text: str, wanted: str) -> None:
    assert any(wanted in name for name in names_in(text)), names_in(text)


# A four-character word jieba lists but rarely, made of two everyday words (`专业人才`, `下游工业`), is no coined
# brand: rare by its length only. A brand of one coined half and one common half keeps its rarity.
def test_names_recall_common_compound_is_no_brand() -> None:
    from pipeline import names

    assert names._common_compound("专业人才") and not names._common_compound("宁德时代")
    assert not names.decide(names.name_features("专业人才引项目")).keep


# A set phrase jieba lists (`一再强调`, tag l) opens a predicate, never a brand: a verb after it governs the
# head (`一再强调撤出项目`), and no brand is guessed from it.
PHRASE_THEN_VERB = ["一再强调撤出项目", "一举中标退出项目"]


@pytest.mark.parametrize("name", PHRASE_THEN_VERB)
def test_names_recall_set_phrase_then_verb_is_no_project(name: str) -> None:
    from pipeline import names

    assert not names.decide(names.name_features(name)).keep, names.decide(names.name_features(name)).why()


# A kind said of the project before (`…项目投资合作协议，这是丙烯下游产业项目，总投资12亿元`) is a description, not
# a project's name, though figures follow it: after 是/这是/为 a name with nothing specific is a predicate noun.
def test_names_recall_kind_after_shi_is_a_description() -> None:
    text = "鸿泰化工公司与园区签署澜途碳五分离项目投资合作协议，这是丙烯下游产业项目，总投资12亿元。"
    found = names_in(text)
    assert "丙烯下游产业项目" not in found and any("碳五分离" in name for name in found), found


# Items of one list share its reading: an item that barely fails (a brand jieba cut into single characters,
# `晟|和`), with something specific (a place), among two or more companies that pass, is one of them; a
# product with nothing specific among them (`汽油发动机`) is not.
def test_names_recall_near_item_among_companies_is_kept() -> None:
    text = "济宁澜途水处理剂、山东沃澜、山东鸿泰、济宁晟和高分子材料等项目全面开工建设。"
    assert "济宁晟和高分子材料项目" in names_in(text), names_in(text)


def test_names_recall_product_among_companies_is_not_kept() -> None:
    text = "分别为汽油发动机、澜途锦纶科技二期、沃澜百货等项目，总投资4000万美元。"
    assert not any(name.startswith("汽油发动机") for name in names_in(text)), names_in(text)


# A research centre, a demonstration park and a themed town (`…研发中心`, `…示范园`, `…小镇`) are facilities a
# text builds as it builds a `…产业园` (issue 12 #2, recall): each is a head, a project where the text builds,
# signs or prices it. The head words themselves are kinds of facility, so a name made of them and a role word
# (`特色小镇`, `企业研发中心`) still says no project.
FACILITY_KINDS = [
    ("投资8亿元的青禾智能装备研发中心开工建设。", "青禾智能装备研发中心"),
    ("总投资6亿元的云岭茶旅康养示范园正式开工。", "云岭茶旅康养示范园"),
    ("开发区规划建设锦绣丝绸风情小镇，总投资10亿元。", "锦绣丝绸风情小镇"),
    ("瀚川集团在江北新区投资建设的瀚川新能源研发中心奠基。", "瀚川新能源研发中心"),
]
FACILITY_KINDS_GENERIC = [
    ("全省特色小镇建设稳步推进。", "a role word and the head"),
    ("各地企业研发中心建设稳步推进。", "a role word and the head"),
    ("全省特色示范园建设稳步推进。", "a role word and the head"),
    ("园区已建成省级研发中心3个，示范园5个。", "counted facilities"),
]


@pytest.mark.parametrize("text, wanted", FACILITY_KINDS, ids=ids(FACILITY_KINDS, 1))
def test_names_recall_facility_kind_is_a_head(text: str, wanted: str) -> None:
    assert wanted in names_in(text), names_in(text)


@pytest.mark.parametrize("text, kind", FACILITY_KINDS_GENERIC, ids=ids(FACILITY_KINDS_GENERIC, 0))
def test_names_recall_facility_kind_alone_is_no_project(text: str, kind: str) -> None:
    assert names_in(text) == [], names_in(text)


# Semicolons may mark a list of names (`…A项目;B项目;C项目。`): an item between two names' heads is one of a
# list of projects, as one joined by `、` is (issue 12 #1, recall); a clause after a semicolon that follows a
# figure (`…5亿元;B项目正在洽谈`) is no list.
SEMICOLON_LIST = [
    (
        "集中开工的项目有：澜途轮毂(沃澜)有限公司项目;鸿泰光电科技有限公司项目;现代家具产业园项目;瀚川精密机械有限公司项目。",
        True,
    ),
    ("澜途轮毂项目总投资5亿元;现代家具产业园项目正在洽谈。", False),
]


@pytest.mark.parametrize("text, listed", SEMICOLON_LIST, ids=["a list", "a clause after a figure"])
def test_names_recall_semicolon_list_item_is_a_project(text: str, listed: bool) -> None:
    assert ("现代家具产业园项目" in names_in(text)) is listed, names_in(text)
