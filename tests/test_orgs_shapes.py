"""Tables of phrase shapes for the company and park fields of issue 12 (kind 7, and the parks of kind 2):
the investing company and the zone a project is in. Every sentence is invented for the shape it stands
for; each row failed before the rule it tests."""

from __future__ import annotations

import pytest

from pipeline import names
from pipeline.extract import find_mentions
from pipeline.model import Article
from pipeline.parks import find_parks
from pipeline.textnorm import fold


def mentions(text: str) -> list:
    return find_mentions(Article(article_id="t", source="t", text=text))[0]


def field_of(text: str, name_part: str, field: str) -> str | None:
    """The field of the one mention whose name holds `name_part` (folded)."""
    found = [m for m in mentions(text) if name_part in fold(m.name)]
    assert found, f"no mention with {name_part!r}: {[m.name for m in mentions(text)]}"
    value = getattr(found[0], field)
    return fold(value) if value else None


# ---------------------------------------------------------------- the investing company

COMPANIES = [
    (
        "华泰食品(兖州)有限公司年产5万吨饮料项目已进入设备安装阶段。",
        "饮料",
        "华泰食品",
        "a legal name that holds its branch's place in brackets",
    ),
    (
        "投资2.2亿元的滨河公园二期项目由山东荣盛置业有限公司投资建设，计划年底完工。",
        "滨河公园",
        "荣盛置业",
        "the investor named after the project: X项目由Y公司投资建设",
    ),
    (
        "记者了解到，山东华宇新能源科技有限公司(简称:山东华宇)“山东华宇新能源电池基地扩建项目”总投资30亿元。",
        "电池基地",
        "山东华宇",
        "the short name the article defines for the company",
    ),
    (
        "开发区与江苏远景控股集团正式签订协议。远景动力电池产业园项目总投资20亿元。",
        "电池产业园",
        "远景",
        "the brand the name starts with, named elsewhere with a company's ending",
    ),
]

# `X项目由A与B合资建设`: of parties named together the first named leads (as in `A与B共同投资的X`), and its
# legal name stops at its own ending, never at the partner's (exact values).
PARTNERED_INVESTORS = [
    ("今天开工的高端精密轴承项目，由临江华岳重工公司与德国某某机械株式会社合资建设，总投资5亿元。", "临江华岳重工公司"),
    ("高端精密铸件项目由华岳重工有限公司与远帆集团共同投资建设，总投资3亿元。", "华岳重工有限公司"),
]


@pytest.mark.parametrize("text, company", PARTNERED_INVESTORS)
def test_orgs_first_partner_invests(text: str, company: str) -> None:
    assert field_of(text, "精密", "company") == company


# `A公司和B政府签约X项目`: the company signs with the government or the zone, and is the investor (the
# first party named, as with 与).
SIGNING_COMPANIES = [
    (
        "昨日，华晶科技有限公司和东平县政府签约光学镜头生产项目，总投资6亿元。",
        "光学镜头",
        "华晶科技",
        "X公司和某县政府签约Y项目",
    ),
    (
        "远帆新材料股份有限公司同开发区管委会签订碳纤维复合材料项目投资协议。",
        "碳纤维",
        "远帆新材料",
        "X公司同某管委会签订Y项目",
    ),
]
SIGNING_COMPANIES.append(
    (
        "会上，海东远帆石化与开发区签署年产50万吨聚酯切片项目投资合作协议。",
        "聚酯切片",
        "远帆石化",
        "X石化与某地签署Y项目 (a company's ending without a legal name)",
    )
)
COMPANIES += SIGNING_COMPANIES

# The sentence right after a name states the investor of `该项目`, the project it just named.
POINTED_COMPANIES = [
    (
        "昨天举行了年产80万吨精密铜带项目签约仪式。该项目由江西华铜新材料有限公司与某地城投公司合作建设，总投资30亿元。",
        "精密铜带",
        "华铜新材料",
        "该项目由X公司与Y合作建设",
    ),
    (
        "投资2亿元的渔港码头扩建项目今年完工。作为该项目的投资方，本地骨干企业青湖港务有限公司已完成设备采购。",
        "渔港码头",
        "青湖港务",
        "作为该项目的投资方，X有限公司",
    ),
]
COMPANIES += POINTED_COMPANIES


# The investor the text states right before the name (`由X公司投资1亿元的Y`, `X投资10亿元的Y项目`) is
# stronger than a company guessed from the name's first words and a line of business (`宝石玉石`,
# `甲醇汽油化工`): those describe the product.
STATED_INVESTORS = [
    (
        "签约落户的项目有：由四川华岳地质工程公司投资1.3亿元的宝石玉石精深加工项目、由某集团投资的仓储项目。",
        "宝石玉石",
        "四川华岳地质工程公司",
        "由X公司投资N亿元的Y",
    ),
    (
        "这次永达重工建设投资10亿元的工程机械高端零部件生产基地项目引进高精尖设备。",
        "零部件",
        "永达重工",
        "X重工建设投资N亿元的Y: the company's ending kept",
    ),
    (
        "目前北京蓝辰投资10亿元的甲醇汽油化工项目落户本县，明年投产。",
        "甲醇汽油",
        "蓝辰",
        "X投资N亿元的Y项目",
    ),
]
COMPANIES += STATED_INVESTORS


# The clause's subject, a legal name, builds the name: the last reading, for names that carry no company.
SUBJECT_COMPANIES = [
    (
        "会上，被誉为行业先驱的KTW公司将与泉州共同设立高端液压泵项目，该项目落户南安。",
        "液压泵",
        "KTW公司",
        "X公司将与某地共同设立Y项目",
    ),
    (
        "澳门明远集团在平和县坂仔工业园的智能家电装配项目，总投资3000万美元。",
        "家电装配",
        "明远集团",
        "X集团在某园的Y项目",
    ),
    (
        "德国海福电子公司5月8日宣布，其拟在中国大陆建设的新传感器芯片项目已经选址武汉。",
        "传感器芯片",
        "海福电子公司",
        "X公司宣布,其拟在某地建设的Y项目",
    ),
]


@pytest.mark.parametrize(
    "text, name_part, company, why", COMPANIES + SUBJECT_COMPANIES, ids=[r[3] for r in COMPANIES + SUBJECT_COMPANIES]
)
def test_orgs_company(text: str, name_part: str, company: str, why: str) -> None:
    got = field_of(text, name_part, "company")
    assert got and fold(company) in got, why


# ... but not where two parties share the clause, a pointer stands for the company, or no verb joins them.
NO_SUBJECT_COMPANY = [
    (
        "南安市城投公司与香港明远公司共同设立高端液压泵项目，总投资3亿元。",
        "两家公司共同设立：无一家单独是投资方",
    ),
    ("该公司在平和县坂仔工业园的智能家电装配项目总投资3000万美元。", "该公司是指代，不是名称"),
    ("德国海福电子公司5月8日宣布，其在武汉的新传感器芯片项目已经签约。", "其…的之间没有建设的动词"),
]


@pytest.mark.parametrize("text, why", NO_SUBJECT_COMPANY, ids=[r[1] for r in NO_SUBJECT_COMPANY])
def test_orgs_no_subject_company(text: str, why: str) -> None:
    t = fold(text)
    start = min(t.find(k) for k in ("高端", "智能", "新传感器") if k in t)
    assert names._subject_builds(t, start, 0) is None, why


# A legal name right before the capacity a name starts with: the company is the legal name, not the
# name's first words (`片粒` of `…有限公司年产100亿片粒…`).
CAPACITY_AFTER_COMPANY = [
    ("在浙江康瑞制药有限公司年产50亿粒胶囊制剂生产线改造项目现场，设备正在调试。", "粒胶囊", "康瑞制药"),
    ("江苏恒远材料股份有限公司年产3万吨高性能纤维项目今年投产。", "吨高性能", "恒远材料"),
]


@pytest.mark.parametrize("text, name_start, company", CAPACITY_AFTER_COMPANY)
def test_orgs_legal_name_before_capacity(text: str, name_start: str, company: str) -> None:
    t = fold(text)
    got = names._company_before(t, t.find(name_start), 0)  # the name read from past the figure (`…50亿|粒…`)
    assert got and fold(company) in got


# A legal ending with only one character, or only a line of business, before it names no firm: a name cut
# inside a company's legal name (`吴江市聚力机(jī)械有限公司`).
CUT_LEGAL_NAMES = ["械有限公司", "机械有限公司", "电子科技有限公司", "材股份有限公司"]


@pytest.mark.parametrize("reading", CUT_LEGAL_NAMES)
def test_orgs_cut_legal_name_is_no_company(reading: str) -> None:
    assert names._clean_company(reading) is None


# Of parties listed together before a project, the first named leads (`A公司、B公司与某地签署X项目`).
PARTIES = [
    (
        "宁波东润新材料公司、浙江华启科技公司与园区签署高分子薄膜项目投资协议。",
        "高分子薄膜",
        "东润新材料公司",
        "华启",
    ),
    (
        "江西永泰化工有限公司、上海远帆科技有限公司、福建协盛集团共同投资电子化学品项目。",
        "电子化学品",
        "永泰化工",
        "协盛",
    ),
]


@pytest.mark.parametrize("text, name_part, company, not_company", PARTIES)
def test_orgs_first_party_leads(text: str, name_part: str, company: str, not_company: str) -> None:
    t = fold(text)
    got = names._company_before(t, t.find(name_part), 0)
    assert got and fold(company) in got and not_company not in got


# An organisation jieba's dictionary knows (tag `nt`) that leads a name is its company; an institution,
# or a place before a line of business, is not.
ORGANISATION_LEADS = [
    ("中国移动长三角数据中心项目", "中国移动"),
    ("中国联通西部云计算基地", "中国联通"),
    ("中科院苏州纳米研究平台项目", None),
    ("瑞金医院无锡分院项目", None),
    ("北京航天电子产业园", None),
]


@pytest.mark.parametrize("name, company", ORGANISATION_LEADS)
def test_orgs_organisation_leads(name: str, company: str | None) -> None:
    assert names._organisation_leads(name) == company


def test_orgs_organisation_named_project_gets_company() -> None:
    got = field_of("上午，中国移动长三角数据中心项目在新区开工，总投资30亿元。", "数据中心", "company")
    assert got == "中国移动"


NO_COMPANY = [
    (
        "东宝区3月份重大项目集中开工。东宝湿地公园二期项目总投资2亿元，年内建成。",
        "湿地公园",
        "a district the article names is no company",
    ),
    (
        "盛泽镇四个项目举行开工仪式。盛泽财富中心购物公园项目总投资5亿元。",
        "财富中心",
        "a town the article names (盛泽镇) is no company",
    ),
]


@pytest.mark.parametrize("text, name_part, why", NO_COMPANY, ids=[r[2] for r in NO_COMPANY])
def test_orgs_place_is_no_company(text: str, name_part: str, why: str) -> None:
    assert field_of(text, name_part, "company") is None, why


# A name ending in a zone word is a park, not a company (the zone stays the park's reading).
ZONE_READINGS = [
    ("滨湖工业园", "an industrial park"),
    ("智能物流科技新城", "a new town"),
    ("滨江产业园", "a park area"),
]


@pytest.mark.parametrize("reading, why", ZONE_READINGS, ids=[r[1] for r in ZONE_READINGS])
def test_orgs_zone_is_no_company(reading: str, why: str) -> None:
    assert names._clean_company(reading) is None, why
    assert names._clean_company(reading + "有限公司"), "a legal ending makes it a company"


# ---------------------------------------------------------------- the park

PARKS = [
    (
        "4月16日，县长到汶上经济开发区调研重点项目建设情况。县人武部部长李强及开发区负责同志陪同调研。"
        "李强察看了华泰机械配件、金宇高分子新材料等项目现场。他指出，开发区要加快发展。开发区要优化环境。",
        "金宇",
        "汶上经济开发区",
        "a person's title before 及 is no part of a zone's name",
    ),
    (
        "位于某镇境内的恒信控股(梁山)精细化工区内的华联化学盐化工项目施工工地一片繁忙。",
        "盐化工",
        "恒信控股(梁山)精细化工区",
        "a chemical zone (化工区) is a zone",
    ),
    (
        "19日，某公司位于中国(上海)自由贸易试验区临港新片区的华辰电池基地项目正式开工。",
        "华辰",
        "临港新片区",
        "a new area (新片区) is a zone, and it starts after the other zone's name",
    ),
    (
        "前日，惠州大亚湾开发区管委会与美孚化工投资公司在广州签署惠州石化综合体项目战略合作框架协议。仲恺高新区也在加快发展。",
        "石化综合体",
        "惠州大亚湾开发区",
        "the zone's office signs for the project",
    ),
    (
        "投资35亿元的中矿产业园项目同德州经济技术开发区签订投资合同，禹城高新区另有两个项目签约。",
        "中矿",
        "德州经济技术开发区",
        "the project signs with the zone named after it",
    ),
    (
        "3月28日，新疆准东经济技术开发区集中开工仪式上，位于准东开发区的东方希望集团煤电化一体化项目正式开工。",
        "煤电化",
        "准东经济技术开发区",
        "a zone introduced in full keeps its full name where the text shortens it",
    ),
]


@pytest.mark.parametrize("text, name_part, park, why", PARKS, ids=[r[3] for r in PARKS])
def test_orgs_park(text: str, name_part: str, park: str, why: str) -> None:
    got = field_of(text, name_part, "park")
    assert got and got.endswith(fold(park)), f"{why}: {got!r}"


# A zone of the national catalogue is a zone even where its city's name holds a character that is also a
# generic word (`上`, `大`, `新`): the check for `a kind of zone` (`专业化产业园区`) looks at what is left
# of the prefix, and a catalogue zone keeps its one distinctive character. A prefix that is all sector
# words (`汽车经开区`) stays a kind of zone.
KNOWN_ZONES = [
    ("某电子公司的显示模组项目落户上饶经开区，总投资8亿元。", "上饶经开区"),
    ("新能源重卡基地项目在大同经济技术开发区开工。", "大同经济技术开发区"),
    ("该公司今年在新乡高新区新建一条生产线。", "新乡高新区"),
    ("一家外资企业把区域总部设在大连保税区。", "大连保税区"),
]


@pytest.mark.parametrize("text, zone", KNOWN_ZONES)
def test_orgs_catalogue_zone_is_found(text: str, zone: str) -> None:
    assert zone in [p.text for p in find_parks(fold(text))]


def test_orgs_sector_prefix_is_still_a_kind_of_zone() -> None:
    assert not find_parks(fold("全力建设汽车经开区，打造千亿产业。"))


# `A公司和B管委会签约`: after a company's name, 和 joins two parties; it is no part of the zone's name (a
# county named 和县 still keeps its 和 after a function word).
JOINED_ZONES = [
    ("华晶科技有限公司和赣江新区管委会签约光学镜头项目。", "赣江新区"),
    ("远帆集团与滨海新区管委会签约总部项目。", "滨海新区"),
]


@pytest.mark.parametrize("text, zone", JOINED_ZONES)
def test_orgs_conjunction_after_a_company_is_no_part_of_a_zone(text: str, zone: str) -> None:
    assert [p.text for p in find_parks(fold(text))] == [zone]


def test_orgs_a_county_named_he_keeps_its_he() -> None:
    assert [p.text for p in find_parks(fold("项目落户在和县经济开发区。"))] == ["和县经济开发区"]


# `A经济技术开发区B工业园区`: a zone written right after another zone's name is a part of it, and the
# project's park is the more precise one, in the name and as the article's park.
NESTED_ZONES = [
    (
        "当日，开工仪式在长宁经济技术开发区南岭工业园区华诚新材料有限公司年产5万吨树脂项目现场举行。",
        "树脂",
        "南岭工业园区",
        "the inner zone of a name",
    ),
    (
        "长宁经济技术开发区南岭工业园区近年引进了一批项目。"
        "天宇光能年产10GW硅片项目去年投产，华诚新材料年产5万吨树脂项目正在建设。长宁经济技术开发区南岭工业园区还将扩区。",
        "硅片",
        "南岭工业园区",
        "the inner zone as the article's park",
    ),
]


@pytest.mark.parametrize("text, name_part, park, why", NESTED_ZONES, ids=[r[3] for r in NESTED_ZONES])
def test_orgs_inner_zone_is_the_park(text: str, name_part: str, park: str, why: str) -> None:
    assert field_of(text, name_part, "park") == fold(park), why


# `该项目` points to the last project its previous sentence names: an earlier one there is no investor's.
def test_orgs_pointer_investor_is_the_last_named_projects() -> None:
    text = "年产80万吨精密铜带项目和铜箔项目同日签约。该项目由江西华铜新材料有限公司投资建设。"
    assert field_of(text, "精密铜带", "company") is None
    assert field_of(text, "铜箔", "company") == fold("江西华铜新材料有限公司")


# A park that is itself a project (`X产业园` being built) is no park for other projects, except those the
# text puts inside it: `X产业园项目包括A、B`, `X产业园入驻了A、B`.
CONTAINED = [
    (
        "总投资120亿元的华东新能源产业园今日开工，建成后年产值300亿元。"
        "华东新能源产业园项目包括，远航电池20GWh电芯项目、蓝海材料正极材料项目。",
        "蓝海材料",
        "华东新能源产业园",
    ),
    (
        "星河智造产业园项目总投资30亿元，今年开工。星河智造产业园入驻了明川科技精密模具项目、德顺电子传感器项目等。",
        "德顺电子",
        "星河智造产业园",
    ),
]


@pytest.mark.parametrize("text, name_part, park", CONTAINED)
def test_orgs_project_park_holds_the_projects_it_lists(text: str, name_part: str, park: str) -> None:
    assert field_of(text, name_part, "park") == fold(park)


def test_orgs_project_park_is_no_park_of_a_project_it_does_not_list() -> None:
    text = "华东新能源产业园项目总投资120亿元，今日开工。另有远航电池公司的锂电池电芯项目在城东签约。"
    assert field_of(text, "电芯", "park") is None


# `推进“平安开发区”建设`: a zone's name made of a quality the zone strives for, quoted before 建设/创建, is a
# campaign, not a zone (the article's real zone stays its park).
CAMPAIGNS = [
    "同时推进“平安开发区”建设，在每个厂区安装监控设备。",
    "全县开展“智慧园区”创建活动。",
    "深入推进“绿色低碳工业园区”建设。",
]


@pytest.mark.parametrize("text", CAMPAIGNS)
def test_orgs_campaign_is_no_zone(text: str) -> None:
    assert not [p for p in find_parks(fold(text)) if p.text not in ("园区", "工业园区")]


def test_orgs_quoted_zone_with_a_name_is_a_zone() -> None:
    assert [p.text for p in find_parks(fold("加快“中德精工产业园”建设。"))] == ["中德精工产业园"]


def test_orgs_campaign_gives_way_to_the_real_zone() -> None:
    text = (
        "今年以来，梁河把优化园区环境作为突破口，华兴电子触控屏、远宏新材料碳纤维等亿元项目纷纷落户，园区环境成为新优势。"
        "同时推进“平安开发区”建设，优化发展环境。截至目前，梁河开发区新建项目10个。"
    )
    assert field_of(text, "触控屏", "park") == "梁河开发区"


# A list item's company: the investor stated right before it, else its own first words when they are no
# place (a county before a capacity) and no zone (`…科技新城`).
LIST_TEXT = (
    "此次签约的项目包括由江苏华岳新材料有限公司投资2亿元的碳纤维复合材料、"
    "宁海年产5万吨铝合金锭、智慧云仓物流新城等项目，总投资30亿元。"
)
LIST_COMPANIES = [("碳纤维", "江苏华岳新材料有限公司"), ("铝合金锭", None), ("物流新城", None)]


@pytest.mark.parametrize("name_part, company", LIST_COMPANIES)
def test_orgs_list_item_company(name_part: str, company: str | None) -> None:
    assert field_of(LIST_TEXT, name_part, "company") == (fold(company) if company else None)


# A list item named after its company, with its city or county before it: the place is the company's
# seat and does not count against the length of a company's name.
PLACED_LIST_TEXT = "临江晟和高分子材料、山东沃澜、临沂宏森电子元件、东平鑫和精密轴承制造等项目全面开工建设。"
PLACED_LIST_COMPANIES = [("高分子材料", "晟和高分子材料"), ("精密轴承", "鑫和精密轴承制造")]


@pytest.mark.parametrize("name_part, company", PLACED_LIST_COMPANIES)
def test_orgs_list_item_company_after_its_place(name_part: str, company: str) -> None:
    assert field_of(PLACED_LIST_TEXT, name_part, "company") == company


# `王某深入某某重工…项目`: a person and a verb before a list item's name (a boundary the name reading missed)
# give no company; a coined head (`北企天香…`) stays the brand.
HEADS_WITH_VERB = [
    ("王德明深入华泰重工液压配件项目", None),
    ("赵立新察看中鼎重工液压件项目", None),
    ("张海峰走进恒丰电子精密结构件项目", None),
    ("北企天香玉米胚芽油及麦粉风味食品生产建设项目", "北企天香"),
]


@pytest.mark.parametrize("name, company", HEADS_WITH_VERB)
def test_orgs_verb_in_head_is_no_brand(name: str, company: str | None) -> None:
    assert names.company_in(name) == company


# A bare `高新区` in an article with no dateline city stands for the user's own zone (data/parks.csv) only
# when the text names no other city instead: an article about other cities' projects is not about it.
def _bare_target(text: str) -> list[str]:
    return [p.name for p in find_parks(fold(text)) if p.text == "高新区"]


def test_orgs_bare_zone_of_an_article_about_another_city_is_not_the_users() -> None:
    text = "南昌市西湖区、青山湖区今年引进一批项目。在高新区，某公司的电池项目已经开工。"
    assert _bare_target(text) == ["高新区"]  # as the text writes it: some city's zone, not the user's


def test_orgs_bare_zone_of_an_article_about_the_users_city_is_the_users() -> None:
    text = "任城区、兖州区今年引进一批项目。在高新区，某公司的电池项目已经开工。"
    assert _bare_target(text) == ["济宁高新区"]


def test_orgs_bare_zone_of_an_article_naming_no_city_is_the_users() -> None:
    assert _bare_target("在高新区，某公司的电池项目已经开工。") == ["济宁高新区"]


# A zone the article names in full once and then by its stem (`宁川` for `宁川经济开发区`) is the article's
# park: each stem counts for the zone. A stem that is a county or a city (`兖州`) is that place, not the zone.
STEM_TEXT = (
    "11月18日，在全省重大项目集中签约活动分会场，宁川经济开发区开工2个项目、签约5个项目。"
    "宁川正全力打造千亿级化工产业集群。华泰化工公司与宁川签署年产30万吨环氧树脂项目投资合作协议。"
    "另有远东新材料公司与宁川签署碳纤维项目。临江高新区也有3个项目开工。"
)


def test_orgs_zone_named_by_its_stem_is_the_articles_park() -> None:
    assert field_of(STEM_TEXT, "环氧树脂", "park") == "宁川经济开发区"


def test_orgs_county_stem_does_not_count_for_a_zone() -> None:
    from pipeline.extract import _stem_counts

    for stem, counted in (("宁川", 3), ("兖州", 0)):
        t = fold(STEM_TEXT.replace("宁川", stem))
        assert sum(_stem_counts(t, find_parks(t)).values()) == counted


# `A经济技术开发区石化产业园`: a zone of a line of business written right after a zone's name is a named part
# of it (alone, `石化产业园` is a kind of zone): one park, the whole written name.
SUB_ZONES = [
    ("华泰新材料一体化基地位于江宁港经济技术开发区石化产业园，占地约3000亩。", "江宁港经济技术开发区石化产业园"),
    ("项目落户东川高新区生物医药产业园。", "东川高新区生物医药产业园"),
]


@pytest.mark.parametrize("text, zone", SUB_ZONES)
def test_orgs_sector_zone_after_a_zone_is_its_part(text: str, zone: str) -> None:
    assert [p.text for p in find_parks(fold(text))] == [zone]


def test_orgs_sector_zone_alone_is_a_kind_of_zone() -> None:
    assert not find_parks(fold("全力建设石化产业园，打造千亿产业。"))


# `X产业园建设项目`: the zone being built is that project (its tail is 建设项目), no park for the article's
# other projects.
def test_orgs_zone_built_as_a_project_is_no_park_of_others() -> None:
    text = (
        "4月20日，全市第二批重大项目暨华源生物科技产业园建设项目开工活动举行。"
        "包括华源生物科技产业园建设项目、远达医疗用品有限公司手术器械扩产项目等10个项目，总投资47.7亿元。"
    )
    assert field_of(text, "手术器械", "park") is None


# A word that opens two or more different project names of the article (`信达六期项目`, `信达江北光伏玻璃
# 项目`) is the brand that builds them: common words, places and sectors do not lead names this way.
RECURRING = (
    "总投资130亿元的奇峰未来工厂项目、总投资100亿元的信达江北光伏玻璃项目今年开工。"
    "信达六期项目、长荣科技年产110万片触控屏项目等推进签约。"
)
RECURRING_COMPANIES = [("光伏玻璃", "信达"), ("六期", "信达")]


@pytest.mark.parametrize("name_part, company", RECURRING_COMPANIES)
def test_orgs_recurring_lead_is_the_brand(name_part: str, company: str) -> None:
    assert field_of(RECURRING, name_part, "company") == company


NOT_RECURRING_BRANDS = [
    ("新能源电池项目今年开工，新能源汽车零部件项目也已签约。", "新能源"),  # a sector leads both
    ("邹城物流园项目今年开工，邹城冷链仓储项目也已签约。", "邹城"),  # a county leads both
]


def test_orgs_one_name_written_two_ways_is_no_recurring_lead() -> None:
    occ = [
        names.Occurrence(n, 0, len(n), "head")
        for n in ("锂辉石全产业链一期项目", "锂辉石全产业链一期和饮品生产线建设项目")
    ]
    assert names._recurring_leads(occ, frozenset()) == []
    occ += [names.Occurrence("锂辉石江北选矿项目", 0, 9, "head")]
    assert names._recurring_leads(occ, frozenset()) == ["锂辉石"]


@pytest.mark.parametrize("text, lead", NOT_RECURRING_BRANDS)
def test_orgs_recurring_sector_or_place_is_no_brand(text: str, lead: str) -> None:
    assert all(m.company != lead for m in mentions(text))


# `19日，X位于某新片区的A项目、B项目开工建设`: the clause's subject, a brand, owns the names `位于…的` joins
# to it, the later items of the list too.
LOCATED_SUBJECT = "新华财经2月20日电 19日，远景智电位于某新片区的动力电池基地项目、智能储能项目开工建设。"


@pytest.mark.parametrize("name_part", ["智能储能"])
def test_orgs_subject_located_owns_the_names(name_part: str) -> None:
    assert field_of(LOCATED_SUBJECT, name_part, "company") == "远景智电"


def test_orgs_place_subject_located_is_no_company() -> None:
    text = "19日，江宁区位于某新片区的瑞达电池基地项目开工建设。"
    assert field_of(text, "瑞达电池", "company") in (None, "瑞达")


# An area with a 党工委 or a 管委会 of its own is a zone (a county has a 县委, a district a 区委), even where
# its name ends in a bare 区 (`某某滨海区党工委书记`): every mention of it is the zone.
ADMINISTERED = (
    "3月4日，东营滨湖区12个重大项目集中开工。东营滨湖区党工委书记、管委会主任出席开工仪式。"
    "华海重工海工装备项目、蓝湾医药原料药项目等开工。"
)


def test_orgs_area_with_its_own_administration_is_a_zone() -> None:
    assert [p.text for p in find_parks(fold(ADMINISTERED))] == ["东营滨湖区", "东营滨湖区"]
    assert field_of(ADMINISTERED, "海工装备", "park") == "东营滨湖区"


def test_orgs_district_with_a_party_committee_is_no_zone() -> None:
    assert not find_parks(fold("任城区党工委召开会议。"))


# An administered zone's name may end in 新城 or 基地 as well as in 区 (`某某新城管委会`, `某某基地管委会`):
# its 管委会 makes it a zone, and every mention of the name is the zone (a plant or a town has none).
ADMINISTERED_KINDS = [
    (
        "青石新城管委会与华岳电子签约。华岳电子智能终端项目落户青石新城，总投资12亿元。",
        "华岳电子",
        "青石新城",
    ),
    (
        "9日，云岭基地党工委召开会议。远帆化工新材料项目在云岭基地开工，总投资8亿元。",
        "远帆化工",
        "云岭基地",
    ),
]


@pytest.mark.parametrize("text, name_part, zone", ADMINISTERED_KINDS)
def test_orgs_zone_of_any_kind_word_with_its_own_administration(text: str, name_part: str, zone: str) -> None:
    assert zone in [p.text for p in find_parks(fold(text))]
    assert field_of(text, name_part, "park") == zone


# A 起步区 is a kind of zone the state sets up (`某某新旧动能转换起步区`, `某某新区起步区`), like a 新区: named
# with its place it is the project's park.
ZONE_KINDS = [
    ("华岳电子智能终端项目落户青州起步区，总投资12亿元，已开工建设。", "华岳电子", "青州起步区"),
]


@pytest.mark.parametrize("text, name_part, zone", ZONE_KINDS)
def test_orgs_zone_kind_named_with_its_place(text: str, name_part: str, zone: str) -> None:
    assert field_of(text, name_part, "park") == zone


# `A、B等某某功能区项目28个`: the zone that says what a list's items are is their park.
LIST_ZONES = [
    ("今天集中开工的有华岳光电等临江电子信息功能区项目28个，总投资226亿元。", "华岳光电", "临江电子信息功能区"),
    ("远帆食品、锦峰饮料等临江食品产业功能区项目2个开工。", "锦峰饮料", "临江食品产业功能区"),
]


@pytest.mark.parametrize("text, name_part, zone", LIST_ZONES)
def test_orgs_zone_of_a_list_tail_is_its_items_park(text: str, name_part: str, zone: str) -> None:
    assert field_of(text, name_part, "park") == zone


# A zone's name reached back to its prefix limit may start inside a place's name (`…东省济宁市兖州区颜店工业
# 新城`): it starts after that place instead, never with a fragment of it.
CUT_PLACES = [
    ("项目选址在山东省济宁市兖州区颜店工业新城内。", "济宁市兖州区颜店工业新城"),
    ("签约地点为烟台市龙口市山东裕龙石化产业园。", "龙口市山东裕龙石化产业园"),
]


@pytest.mark.parametrize("text, zone", CUT_PLACES)
def test_orgs_zone_never_starts_inside_a_place(text: str, zone: str) -> None:
    assert [p.text for p in find_parks(fold(text))] == [zone]


# `A项目…。项目计划投资3亿元，于8月正式在X产业园落户建设`: a sentence that points back at the project (a
# bare 项目, `该项目`) and places it with a locative gives its park, where its own sentences give none.
def test_orgs_pointer_sentence_places_the_project() -> None:
    text = (
        "市长会见了远华集团客人。山东远华化肥项目由远华集团的控股子公司出资建设。"
        "项目计划投资3亿元，于今年8月正式在河西高新技术产业园落户建设，投产后将满足本省市场需求。"
    )
    assert field_of(text, "远华化肥", "park") == "河西高新技术产业园"


def test_orgs_pointer_sentence_does_not_override_the_own_park() -> None:
    text = "落户城东经济开发区的山东远华化肥项目今日签约。该项目此前曾考察河西高新技术产业园。"
    assert field_of(text, "远华化肥", "park") == "城东经济开发区"


# A legal name longer than the look-back window before the name keeps its own start.
def test_orgs_legal_name_cut_by_the_window_keeps_its_start() -> None:
    t = fold("山东华康生物制造有限公司的华康生物产业园项目正常生产，正办理2500吨兽药项目环评。")
    got = names._company_before(t, t.find("2500吨"), t.find("康生物"))  # the window starts inside the name
    assert got == fold("山东华康生物制造有限公司")


def test_orgs_legal_name_cut_by_the_window_drops_the_role_before_it() -> None:
    t = fold("国内锂电行业头部企业惠州华能锂电股份有限公司的锂电池项目今年投产。")
    got = names._company_before(t, t.find("锂电池项目"), t.find("能锂电"))
    assert got == fold("惠州华能锂电股份有限公司")


def test_orgs_item_joined_before_an_amount_is_no_investor() -> None:
    text = "2月29日，投资2.26亿元的山东远华物流和投资1.3亿元的山东力达矿山设备项目开工。"
    got = field_of(text, "矿山设备", "company")
    assert not got or "远华" not in got


# `地点为…开发区`: a predicate's 为 ends a zone's name on its left; a county whose name ends in 为 keeps it.
PREDICATE_WEI = [
    ("该项目实施地点为湖北省临江市经济开发区，计划总投资20亿元。", "湖北省临江市经济开发区"),
    ("项目选址确定为临江县工业园区。", "临江县工业园区"),
    ("项目落户安徽无为经济开发区。", "安徽无为经济开发区"),
    ("项目选址确定为犍为县工业园区。", "犍为县工业园区"),
]


@pytest.mark.parametrize("text, zone", PREDICATE_WEI)
def test_orgs_a_predicate_wei_is_no_part_of_a_zone(text: str, zone: str) -> None:
    assert [p.text for p in find_parks(fold(text))] == [zone]


# A brand jieba's dictionary tags as a place (`中联`, `苏宁`) is a brand before a figure or a model, and where the
# article names it with a company's ending; a division, a country or a compass region stays a place, an
# everyday word before a model describes the product, and a conjunction before the brand joins, not names.
PLACE_TAGGED_BRANDS = [
    ("中联40万吨纯碱项目今年开工建设。", "纯碱", "中联", "a place-tagged brand before a capacity"),
    ("苏宁PVC型材项目签约落户开发区。", "型材", "苏宁", "a place-tagged brand before a Latin model"),
    ("一汽解放JH6重卡项目在园区投产。", "重卡", "一汽解放", "an abbreviation and a name before a model"),
    (
        "开发区与浙江中联控股集团签订合作协议。该区今年还将开工一批项目，其中中联汽车零部件产业园项目总投资20亿元。",
        "零部件",
        "中联",
        "a place-tagged brand the article names with a company's ending",
    ),
    ("园区举行集中签约和江淮华岳EV3量产项目启动仪式。", "量产", "江淮华岳", "和 before the brand joins two events"),
    ("车载GPS生产项目总投资1亿元。", "生产", None, "an everyday word before a model describes the product"),
    ("苏北PVC型材项目签约。", "型材", None, "a compass region before a model is a place"),
    ("和润集团纺织项目开工。", "纺织", "和润集团", "a brand that starts with 和 keeps it"),
]


@pytest.mark.parametrize("text, name_part, company, why", PLACE_TAGGED_BRANDS, ids=[r[3] for r in PLACE_TAGGED_BRANDS])
def test_orgs_place_tagged_brand(text: str, name_part: str, company: str | None, why: str) -> None:
    assert field_of(text, name_part, "company") == company, why


# A name says whose plant it is before where it is: the words before a division or a country that opens the
# rest of the name own it; a sector or a descriptor before the place is no owner.
OWNERS_BEFORE_PLACE = [
    ("飞马中国研发生产总部项目落户开发区。", "总部", "飞马", "a common-word brand before a country"),
    ("雄鹰湛江制造基地项目开工建设。", "制造基地", "雄鹰", "a common-word brand before a city"),
    ("新能源汽车天津制造基地项目开工建设。", "制造基地", None, "a sector before the place"),
    ("高端装备中国北方总部项目签约。", "总部", None, "a descriptor before the place"),
]


@pytest.mark.parametrize("text, name_part, company, why", OWNERS_BEFORE_PLACE, ids=[r[3] for r in OWNERS_BEFORE_PLACE])
def test_orgs_owner_before_place(text: str, name_part: str, company: str | None, why: str) -> None:
    assert field_of(text, name_part, "company") == company, why


# `中` and a sector word of two characters is the short name a state group goes by (`中石化`), not a sector;
# `中` before a descriptor (`中高端`) stays a description.
STATE_GROUP_SHORTS = [
    ("中石油80万吨乙烯项目开工建设。", "乙烯", "中石油", "中 and a sector word before a capacity"),
    ("中高端50万套轴承项目开工建设。", "轴承", None, "中 before a descriptor"),
]


@pytest.mark.parametrize("text, name_part, company, why", STATE_GROUP_SHORTS, ids=[r[3] for r in STATE_GROUP_SHORTS])
def test_orgs_state_group_short(text: str, name_part: str, company: str | None, why: str) -> None:
    assert field_of(text, name_part, "company") == company, why


# A legal name's brand has two characters or more: a one-character word the left edge stops at (`有`) opens the
# brand when only one character stands between it and the line of business.
WHOLE_BRANDS = [
    ("香港有为电子有限公司投资2亿元建设智能传感器项目。", "传感器", "有为电子有限公司", "有 opens the brand"),
    ("园区与鸿达科技有限公司签约,建设电机项目。", "电机", "鸿达科技有限公司", "a brand of two characters stays"),
]


@pytest.mark.parametrize("text, name_part, company, why", WHOLE_BRANDS, ids=[r[3] for r in WHOLE_BRANDS])
def test_orgs_whole_brand(text: str, name_part: str, company: str, why: str) -> None:
    assert field_of(text, name_part, "company") == company, why
