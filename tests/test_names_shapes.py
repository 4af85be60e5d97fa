"""Tables of phrase shapes for the kinds of name error of issue 12 (#1 generic phrases, #2 boundaries,
#4 one project split in one article, #7 the investing company). Every sentence is invented for the shape
it stands for; known misses are `xfail(strict=True)` so that a fix shows."""

from __future__ import annotations

import pytest

from pipeline import names
from pipeline.extract import find_mentions
from pipeline.model import Article
from pipeline.textnorm import fold


def mentions(text: str) -> list:
    return find_mentions(Article(article_id="t", source="t", text=text))[0]


def miss(*row: object, why: str) -> object:
    return pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason=why))


# ---------------------------------------------------------------- 1. generic phrases are no projects

GENERIC_PHRASES = [
    ("全县上下坚持全力抓项目，经济运行稳中向好。", "verb phrase"),
    ("各部门要为服务项目提供全程代办。", "preposition phrase"),
    ("今年全市骨干项目进展顺利，重要项目全部开工。", "role words 骨干 重要"),
    ("会议听取了大体量项目和新动能项目的推进情况。", "role words 大体量 新动能"),
    miss(
        "开发区主攻电子信息项目和新能源新材料项目。",
        "sector words after a verb",
        why="主攻电子 reads as a company (a verb jieba rates like a brand, and the ending 电子)",
    ),
    ("开发区重点引进电子信息项目和新能源新材料项目。", "sector words"),
    ("汽车项目总投资较往年明显增加。", "sector word with a figure"),
    ("社会事业项目稳步推进，开复工项目持续增加。", "role words 社会事业 开复工"),
    ("落位项目和协议项目均已完成手续。", "role words 落位 协议"),
    ("第三季度重大重点项目集中开工仪式在高新区举行。", "a quarter"),
    ("2016年春季周签约项目共签约28个。", "a year and an event"),
    ("数千个项目在平台上完成备案。", "a count"),
    ("园区回看项目建设历程，成绩斐然。", "an unknown verb"),
    # guards for the 成型 rule: a 型 suffix or distinguishing word still makes a category
    ("全区新签约基地型项目和龙头型项目各三个。", "型 categories 基地型 龙头型"),
    ("开发区着力招引外向型项目，培育科技型项目。", "型 categories 外向型 科技型"),
    ("产业片区拟招引家纺、箱包及相关配套产品生产项目入驻。", "a determiner after a joiner 及相关"),
]


def ids(rows: list, at: int) -> list[str]:
    return [(r.values if hasattr(r, "values") else r)[at] for r in rows]


@pytest.mark.parametrize("text, kind", GENERIC_PHRASES, ids=ids(GENERIC_PHRASES, 1))
def test_names_shapes_generic_phrase_is_no_project(text: str, kind: str) -> None:
    assert [m.name for m in mentions(text)] == []


SPECIFIC_NAMES = [
    ("华瑞达年产30万吨高性能铝型材项目开工建设。", "华瑞达", "a brand and a capacity"),
    ("总投资5亿元的锐泽智能装备项目签约落户。", "锐泽", "a coined brand"),
    ("TCL华星液晶面板项目正式投产。", "TCL", "Latin letters"),
    ("投资20亿元的新材料产业园开工建设，预计年产值50亿元。", "新材料产业园", "a park being built, with figures"),
    ("鸿泰精密机械有限公司数控机床项目签约。", "鸿泰", "a legal company name"),
    ("颜集科技产业园开工建设，总投资12亿元。", "颜集", "a named place with a facility"),
    ("澜途箱包及配套产品生产项目签约。", "澜途", "a brand's products joined by 及"),
    ("总投资5亿元的“澜途智能装备项目”昨日开工。", "澜途", "a quoted name that is no event's title"),
    ("其中，沃澜区高速动车组部件检测维修项目已正常运营。", "动车组", "an adverb to jieba before a noun (高速)"),
    (
        "今天集中开工的有华岳光电等临江电子信息功能区项目28个，远帆食品等临江食品产业功能区项目2个。",
        "远帆食品",
        "a list item before 等, its zone and its count after the head",
    ),
]


@pytest.mark.parametrize("text, part, kind", SPECIFIC_NAMES, ids=ids(SPECIFIC_NAMES, 2))
def test_names_shapes_specific_name_is_a_project(text: str, part: str, kind: str) -> None:
    assert any(part in m.name for m in mentions(text))


# A plant (`…工厂`) named after a brand the article uses elsewhere before other words is that brand's project,
# even where the brand is a common word to jieba (`远景`, `小米`); a word repeated only as the same name is none.
BRAND_PLANTS = [
    ("在远景智能换电站，记者看到重卡往来。产能最大的远景动力电池工厂正式投产。", "远景动力电池工厂", "远景"),
    ("小米汽车二期工厂已开工建设。小米汽车在亦庄分两期规划建设。", "小米汽车二期工厂", "小米汽车"),
]
NOT_BRAND_PLANTS = [
    "该园区将建设灯塔工厂。灯塔工厂是智能制造的标杆。",
    "试剂生产车间已封顶，试剂盒年产能1000万盒。",
]


@pytest.mark.parametrize("text, name, company", BRAND_PLANTS)
def test_names_shapes_brand_plant_is_a_project(text: str, name: str, company: str) -> None:
    assert [(m.name, m.company) for m in mentions(text) if m.name == name] == [(name, company)]


@pytest.mark.parametrize("text", NOT_BRAND_PLANTS)
def test_names_shapes_plant_without_a_brand_is_no_project(text: str) -> None:
    assert mentions(text) == []


DECISIONS = [
    ("重点项目", False),
    ("光伏项目", False),
    ("第四季度重点项目", False),
    ("全力抓项目", False),
    ("宝镁年产30万吨高性能轻合金项目", True),
    ("海富电子项目", True),
    ("小松智能制造基地", True),
]


@pytest.mark.parametrize("name, keep", DECISIONS, ids=[n for n, _ in DECISIONS])
def test_names_decide_explains_itself(name: str, keep: bool) -> None:
    verdict = names.decide(names.name_features(fold(name)))
    assert verdict.keep is keep
    top = verdict.terms[0][0]
    assert top in names.name_features(fold(name)) and top in verdict.why()


def test_names_weights_have_sound_signs() -> None:
    """A genericness feature never speaks for a name; every weight names a feature the scorer computes."""
    weights = names.name_weights()
    features = set(names.name_features("海富电子项目")) | {"bias"}
    assert set(weights) <= features
    generic = (
        "generic_share",
        "short_core",
        "counted",
        "determiner_first",
        "predicate_first",
        "time_event",
        "zone_only",
    )
    generic += ("nothing_specific",)
    assert all(weights[k] <= 0 for k in generic + ("verb_before_head",))
    specific = ("rare_token", "proper_noun", "latin", "capacity", "company_suffix", "company_beside", "built_here")
    assert all(weights[k] > 0 for k in specific)


def test_names_class_words_are_folded_and_unique() -> None:
    path = names.RULES / "sector_words.tsv"
    entries = [ln.split("\t")[0] for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    assert len(entries) == len(set(entries))
    assert all(fold(e) == e and e for e in entries)
    assert all(len(ln.split("\t")) == 3 for ln in path.read_text(encoding="utf-8").splitlines() if ln[:1] != "#")


# ---------------------------------------------------------------- 2. name boundaries

BOUNDARIES = [
    ("首页 > 新闻中心 > 园区动态\n瑞丰达精密铸件项目开工建设，总投资3亿元。", "瑞丰达精密铸件项目", "menu text"),
    ("总投资12亿元的500吨/日垃圾焚烧发电项目开工。", "500吨/日垃圾焚烧发电项目", "a rate with /"),
    ("投资80亿元的2000万吨/年金澜湾炼化一体化项目开工。", "2000万吨/年金澜湾炼化一体化项目", "a capacity per year"),
    (
        "瑞科新材料8亿平方米电池隔膜项目签约，总投资20亿元。",
        "瑞科新材料8亿平方米电池隔膜项目",
        "a capacity in 亿 of a unit",
    ),
    ("总投资30亿元海瑞光伏组件项目开工。", "海瑞光伏组件项目", "an amount in 亿元 before the name"),
    ("要求锦峰重工液压件项目年底前投产。", "锦峰重工液压件项目", "a common verb before"),
    miss(
        "会议要求锦峰重工液压件项目年底前投产。",
        "锦峰重工液压件项目",
        "a subject and a verb before",
        why="only a common verb that opens the name is trimmed: deeper cuts took brands apart (东方希望集团)",
    ),
    ("鱼台县与华晟农业科技有限公司现代农业项目正式签约。", "华晟农业科技有限公司现代农业项目", "a place joined by 与"),
    ("台湾“晶宇光电”项目落户高新区，总投资6亿元。", "“晶宇光电”项目", "a place before quotes"),
    ("铂锐新材料项目荣获全省优秀投资项目称号。", "铂锐新材料项目", "a clause after"),
    miss(
        "河口镇宏拓新材料项目正式投产，年产值3亿元。",
        "宏拓新材料项目",
        "a town before",
        why="the town stays in the span, where the park is read from; only the company looks past it",
    ),
    # a one-character stop word that ends a dictionary noun with the character before it is the name's own
    ("今年，明芯电子激光头像项目上月试产。", "明芯电子激光头像项目", "像 ends the noun 头像"),
    ("今年，宏图光电工业图像传感器项目开工。", "宏图光电工业图像传感器项目", "像 ends the noun 图像"),
    # ... and one that opens a dictionary noun or distinguishing word with the character after it
    (
        "华兴玻璃有限公司在线低辐射镀膜玻璃生产线项目总投资2亿元。",
        "华兴玻璃有限公司在线低辐射镀膜玻璃生产线项目",
        "在 opens the word 在线",
    ),
    ("投资2亿元的有线电视网络项目开工。", "有线电视网络项目", "有 opens the word 有线"),
    ("在建的华兴机械项目进展顺利。", "华兴机械项目", "在建 is a verb, 在 stops"),
    # a 型 that ends a noun of the product or process (成型, 车型) is no category word
    ("德隆精工汽车内饰件注塑成型项目年底投产。", "德隆精工汽车内饰件注塑成型项目", "a process word 成型"),
    # 及其 inside a name joins a product to its parts, as 及 does
    ("今年，华锐重工盾构机及其关键零部件制造项目开工。", "华锐重工盾构机及其关键零部件制造项目", "及其 joins parts"),
    # a phase closes a name as a head does: `A一期和B项目` names B apart (A's own phase is not B's)
    ("与会人员观摩了瑞丰达硅材料一期和宏拓精密轴承生产线建设项目。", "宏拓精密轴承生产线建设项目", "a phase before 和"),
    ("观摩团察看了瑞科光电二期及德隆精工汽车内饰件项目。", "德隆精工汽车内饰件项目", "a phase before 及"),
    # but two phases joined are one project's (GUIDE: phases are one project)
    ("宏泰新材料一期和二期项目同日开工，总投资20亿元。", "宏泰新材料一期和二期项目", "two phases joined"),
    # a bracketed note before a name (a byline, a credit) is none of it; brackets inside a name stay
    ("(林晓雯)瑞丰达精密铸件项目开工建设，总投资3亿元。", "瑞丰达精密铸件项目", "a byline in brackets"),
    ("【图】宏拓新材料年产5万吨铜箔项目于3月开工。", "宏拓新材料年产5万吨铜箔项目", "a credit in brackets"),
    ("锦峰电器(临沂)智能制造基地项目开工。", "锦峰电器(临沂)智能制造基地项目", "a place in brackets inside"),
    # a firm's origin in the news's short form (`美企`: a US firm) describes the company
    ("美企瑞科化学惠州乙烯项目正式开工。", "瑞科化学惠州乙烯项目", "美企 before the company"),
    ("港企宏图物流园项目投产。", "宏图物流园项目", "港企 before the company"),
    # `继X之后` ("after X") frames the project: the name starts past 继, and so does a place before it
    ("该工程是继华岳炼化一体化项目之后的又一重大工程。", "华岳炼化一体化项目", "继 before, 之后 after"),
    ("远帆项目是临江继瑞丰达乙烯项目以后又一百亿元项目。", "瑞丰达乙烯项目", "a place and 继 before"),
    ("锦峰继电器生产项目投产。", "锦峰继电器生产项目", "继 inside a word, no frame"),
    # a role phrase closed by 工程, as by 项目 (`省重点工程`), is no part of the name after it; `工程机械` stays
    ("市重点工程华岳精密铸件项目开工建设，总投资3亿元。", "华岳精密铸件项目", "a role closed by 工程"),
    ("省重点工程远帆新材料产业园项目开工，总投资8亿元。", "远帆新材料产业园项目", "a role closed by 工程, a park"),
    ("华岳工程机械产业园项目开工，总投资3亿元。", "华岳工程机械产业园项目", "工程 inside a word"),
]


@pytest.mark.parametrize("text, name, kind", BOUNDARIES, ids=ids(BOUNDARIES, 2))
def test_names_shapes_boundary(text: str, name: str, kind: str) -> None:
    assert name in [m.name for m in mentions(text)]


# Issue 12, second round: what a real name has (a company or brand, a capacity, a product or facility, a
# named place with a facility) decides; roles, zones and predicates around a name are no part of it.

NOT_PROJECTS = [
    ("三是强化重量级项目投资拉动，总投资超百亿元的项目计划开工。", "a role word with figures near"),
    ("新区加快培育旗舰型龙头项目，充分发挥带动作用。", "role words 旗舰型 龙头"),
    ("园区吸引一批国内外知名锂电和光伏制造项目入驻。", "known makers of a sector"),
    ("经双方友好协商后一致同意解除项目合同。", "a clause whose verb governs 项目"),
    ("两个工业园区惊现众多工业项目烂尾。", "a quantifier 众多"),
    ("首个美企独资石化项目在粤投产。", "a class of company 美企"),
    ("泗洪工业园区 意向签约120亿元\n\n泗洪工业园区举行项目集中签约仪式。", "a zone named by its place"),
    ("镇里的泗洪工业园区是鑫晟在江苏最大的制造基地。", "a zone as the place of a base"),
    ("沭阳经济开发区项目集中开工仪式举行，总投资80亿元。", "a zone's projects together"),
    ("“道路主体已完工。”宏远路桥建设有限公司锦峰湾项目工区主任林晓说。", "a contractor's site office (工区)"),
    ("宏远路桥建设有限公司锦峰大道项目标段负责人介绍了进度。", "a contractor's section (标段)"),
    ("当天，省报联合电视台发起“沃澜十城云端探营瀚川项目”直播活动，记者实地探访。", "an event's quoted title"),
    ("全县开展“锦泰鸿泰项目”攻坚行动，确保年底投产。", "a campaign's quoted title"),
]


@pytest.mark.parametrize("text, kind", NOT_PROJECTS, ids=ids(NOT_PROJECTS, 1))
def test_names_shapes_roles_and_zones_are_no_project(text: str, kind: str) -> None:
    assert [m.name for m in mentions(text)] == []


OWN_START = [
    ("市委决定，停建鑫晟钼铜项目。", "鑫晟钼铜项目", "a rare verb before a coined name"),
    ("此举標志著鑫晟新能源汽车产业园项目正式落户。", "鑫晟新能源汽车产业园项目", "a verb with 著"),
    ("园区领建龙头鑫晟岛炼化一体化项目，一期投资100亿元。", "鑫晟岛炼化一体化项目", "a verb and a role word"),
    ("总投资5000万美元的项目有1项，为30万吨聚酯项目。", "30万吨聚酯项目", "a preposition before a capacity"),
    ("负责看守鑫晟半导体项目工地的保安说，项目已停工。", "鑫晟半导体项目", "a verb before a company"),
    (
        "双方签订《锦瑞环境资源综合利用项目投资合作协议书》及《锦瑞环境资源综合利用项目投资合作补充协议书》。",
        "锦瑞环境资源综合利用项目",
        "two book titles",
    ),
    ("西部最大外商投资高新技术产业项目鑫晟闪存芯片项目落户西安。", "鑫晟闪存芯片项目", "a category 项目 before"),
    ("荆门先后引进电芯制造及模组封装龙头企业锂瑞能源等大企业。", "锂瑞能源项目", "a role 企业 before a list item"),
    # what must stay whole: brands that jieba reads as a verb
    ("联想激光打印机项目正式落户高新区。", "联想激光打印机项目", "a brand that is a verb"),
    ("如意天容纺织项目开工建设，总投资10亿元。", "如意天容纺织项目", "a brand that is a verb, before a coined word"),
]


@pytest.mark.parametrize("text, name, kind", OWN_START, ids=ids(OWN_START, 2))
def test_names_shapes_name_starts_at_its_own_start(text: str, name: str, kind: str) -> None:
    assert [m.name for m in mentions(text)] == [name]


# ---------------------------------------------------------------- 3. one project, one entry per article

ONE_PROJECT = [
    (
        "华信达汽车项目开工\n\n总投资30亿元的济南华信达新能源乘用车及零部件产业园项目今日开工建设。",
        "heading and body",
    ),
    ("鼎恒高分子新材料项目签约落户。鼎恒新材料項目總投資5億元，年產值10億元。", "traditional and simplified"),
    ("凯越化工一体化基地总投资60亿元，于今年开工。二期项目为年产20万吨丙烯项目，明年开工。", "a phase named after"),
    ("8英寸碳化硅外延生产基地开工建设。8英寸碳化硅外延成都制造基地总投资30亿元。", "with and without its city"),
    ("瑞晶泰电子项目签约。瑞晶泰项目总投资2亿元。", "a short name"),
    (
        "恒远科技湖州锂电池正极材料生产基地项目开工。据介绍，年产20万吨锂电池正极材料生产基地总投资80亿元。",
        "a capacity beside the company's name",
    ),
    ("开工仪式在青禾工业园区澜途PC项目现场举行。本次开工的澜途PC构件项目总投资3亿元。", "the park before the name"),
    ("开工仪式在青禾产业园瀚川新材料项目现场举行。瀚川新材料科技项目总投资3亿元。", "an industrial park before it"),
]


@pytest.mark.parametrize("text, kind", ONE_PROJECT, ids=[k for _, k in ONE_PROJECT])
def test_names_shapes_one_project_per_article(text: str, kind: str) -> None:
    assert len(mentions(text)) == 1, [m.name for m in mentions(text)]


# A copula right between two names (`A项目是B项目`, `A项目作为B项目`) says what A is: B describes the same
# project, and A keeps naming it (the complement is no fuller name, however long).
SAID_BY_COPULA = [
    ("澜途钒钛项目是鸿泰股份拟定增募投项目，去年已开工。", "澜途钒钛项目", "是"),
    ("沃澜县秸秆饲料项目作为省农业综合开发重点扶持专项项目，总投资800万元。", "沃澜县秸秆饲料项目", "作为"),
]


@pytest.mark.parametrize("text, name, kind", SAID_BY_COPULA, ids=ids(SAID_BY_COPULA, 2))
def test_names_shapes_copula_complement_names_the_subject_again(text: str, name: str, kind: str) -> None:
    assert [m.name for m in mentions(text)] == [name]


TWO_PROJECTS = [
    ("欣瑞达西安基地和欣瑞达长沙基地同日开工，总投资分别为20亿元和30亿元。", "one brand, two cities"),
    ("宏泰集团60万吨复合肥项目和宏泰集团大石工业园三期工程同日开工。", "one company, two plants"),
    (
        "恒远科技锂电池正极材料项目开工。同日，年产5万吨电解液添加剂生产项目也在园区开工，总投资3亿元。",
        "a capacity of another product",
    ),
]


@pytest.mark.parametrize("text, kind", TWO_PROJECTS, ids=[k for _, k in TWO_PROJECTS])
def test_names_shapes_two_projects_stay_apart(text: str, kind: str) -> None:
    assert len(mentions(text)) == 2, [m.name for m in mentions(text)]


# ---------------------------------------------------------------- 4. the investing company

COMPANIES = [
    ("珞泓在济宁投资建设的智能制造产业园竣工投产。", "珞泓", "在…投资建设的"),
    ("鑫磊达投资建设的精密轴承项目开工，总投资3亿元。", "鑫磊达", "投资建设的"),
    ("总投资8亿元的石油化工综合体项目开工建设。", None, "a sector is no company"),
    ("总投资9亿元的华谊钦州化工新材料一体化基地开工建设。", "华谊", "a brand before a place"),
    ("该公司年产10万台电机项目投产。", None, "该公司 is no company"),
    ("兖州区颜店镇宁德时代新能源项目开工建设。", "宁德时代新能源", "a town before the company"),
    ("央企华建集团玻璃新材料项目签约。", "华建集团", "央企 is no part of the company"),
    miss(
        "宁德时代在兖州投资建设的新能源电池产业基地开工。",
        "宁德时代",
        "a brand of common words before 投资建设",
        why="宁德时代 is 宁德 + 时代 (a common word): only a coined investor is taken from before the verb",
    ),
]


@pytest.mark.parametrize("text, company, kind", COMPANIES, ids=ids(COMPANIES, 2))
def test_names_shapes_company(text: str, company: str | None, kind: str) -> None:
    got = [m.company for m in mentions(text)]
    assert got, "no project found"
    assert got[0] == company


# ---------------------------------------------------------------- a predicate or a negated class before 项目

# A verb glued to a bound or adjective character, a word jieba has never seen (`进园`, `树牢`), read as
# one word before 项目; and 非 opening a class (`非环保项目`). Invented sentences, each with a figure.
PREDICATE_COINAGES = [
    ("专家库为进园项目把关，总投资10亿元的项目全部过审。", "verb + bound character 园"),
    ("开发区树牢项目为王理念，全年完成投资30亿元。", "verb + adjective 牢"),
    ("唐山表示非集约项目一律不批，去年拒绝投资50亿元。", "非 + a class"),
    ("昨日，第三届闽台经贸活动周项目签约仪式举行，签约总额120亿元。", "an event week's projects"),
]


@pytest.mark.parametrize("text, kind", PREDICATE_COINAGES, ids=ids(PREDICATE_COINAGES, 1))
def test_names_shapes_predicate_coinage_is_no_project(text: str, kind: str) -> None:
    assert [m.name for m in mentions(text)] == []


# Brands coined from characters that are no verb with a bound object stay names.
COINED_BRANDS = [
    ("总投资20亿元的蓝速项目签约落户高新区。", "蓝速"),
    ("投资30亿元的弘芯项目开工建设。", "弘芯"),
]


@pytest.mark.parametrize("text, brand", COINED_BRANDS, ids=ids(COINED_BRANDS, 1))
def test_names_shapes_coined_brand_stays_a_name(text: str, brand: str) -> None:
    assert any(brand in m.name for m in mentions(text))


# An event's projects, read as one name: a fair or a week of events before 项目, or an edition (第N届).
EVENT_NAMES = [
    ("第五届中国(临清)运河文化节重点项目", True),
    ("第三届闽台经贸活动周项目", True),
    ("2018年第二届丝路论坛签约项目", True),
    ("净月论坛品牌战略合作项目", False),
    ("会展中心项目", False),
    ("节能环保LED灯饰生产项目", False),
]


@pytest.mark.parametrize("name, generic", EVENT_NAMES, ids=ids(EVENT_NAMES, 0))
def test_names_shapes_event_projects_are_generic(name: str, generic: bool) -> None:
    assert names.is_generic(fold(name)) is generic


def test_merging_groups_loses_no_occurrence_through_a_chain_or_a_cycle():
    from pipeline.names import Occurrence, _merged

    occs = [Occurrence(name=f"名{i}项目", start=i * 10, end=i * 10 + 4, kind="head") for i in range(4)]
    groups = [[o] for o in occs]
    chained = _merged(groups, {0: 1, 1: 2})  # 0 → 1 → 2: both land in 2
    assert sorted(len(g) for g in chained) == [1, 3]
    assert all(o.group == k for k, g in enumerate(chained) for o in g)
    assert sum(map(len, _merged([[o] for o in occs], {0: 1, 1: 0}))) == 4  # a cycle keeps both


# ---------------------------------------------------------------- a building (厂房) is a project only when a company owns it

BUILDINGS = [
    ("全国单体最大的瑞丰达单晶切片厂房成功封顶。", ["瑞丰达单晶切片厂房"], "a company's own 厂房"),
    ("园区新建标准化厂房10万平方米。", [], "a zone's standard buildings"),
    (
        "宏拓新材料项目总投资5亿元，宏拓新材料首栋厂房已封顶。",
        ["宏拓新材料项目"],
        "one counted building of a project",
    ),
    ("锦峰电器2号车间正式投产。", [], "a numbered workshop"),
]


@pytest.mark.parametrize("text, found, kind", BUILDINGS, ids=ids(BUILDINGS, 2))
def test_names_shapes_building(text: str, found: list[str], kind: str) -> None:
    assert [m.name for m in mentions(text)] == found
