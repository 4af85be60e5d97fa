"""Tables of phrase shapes, one per kind of binding error: which project (if any) an amount, a stage or a
park belongs to. Every sentence is written for these tests (company and place names invented); a shape
the rules still get wrong is listed as a strict xfail, so fixing it shows."""

from __future__ import annotations

import pytest
from fixture_shapes import YI, extract_checked


def extract(text: str, title: str | None = None):
    mentions, aggregates = extract_checked(text, title)
    return {m.name: m for m in mentions}, aggregates


def case(kind: str, text: str, want: dict, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, want, id=kind, marks=marks)


# ---------------------------------------------------------------- amounts for a group never reach one member
# want: {name: investment_yuan (None: the text gives this project none)}
AGGREGATE_AMOUNTS = [
    case(
        "aggregate-priced-list-with-count",
        "总投资40.5亿元的华鑫新材料项目、宏泰电子项目等9个项目集中开工。",
        {"华鑫新材料项目": None, "宏泰电子项目": None},
    ),
    case(
        "own-price-before-a-counted-list-whose-total-follows",
        "投资 4亿元的金达轴承项目、宏远电机项目等6个项目，总投资规模21.3亿元。",
        {"金达轴承项目": 4 * YI, "宏远电机项目": None},
    ),
    case(
        "list-then-total",
        "集中签约的项目分别是瑞丰纺织项目、恒通物流园项目、科达光电项目，总投资2.9亿元。",
        {"瑞丰纺织项目": None, "恒通物流园项目": None, "科达光电项目": None},
    ),
    case(
        "two-names-then-total",
        "鼎盛重工项目和华兴铸造项目总投资20亿元。",
        {"鼎盛重工项目": None, "华兴铸造项目": None},
    ),
    case(
        "respectively-signed-list-priced-as-a-count",
        "双方分别签订了蓝天环保项目、金穗食品项目等总投资50.8亿元的10个项目合作协议。",
        {"蓝天环保项目": None, "金穗食品项目": None},
    ),
    case(
        "count-noun-with-commas",
        "宏远重工项目、华美纺织项目等261个影响力大、带动能力强的项目集中开工，总投资达632.6亿元。",
        {"宏远重工项目": None, "华美纺织项目": None},
    ),
    case(
        "count-stated-after-its-noun",
        "宏远重工项目所在园区累计新增外资项目达597个，总投资58.6亿美元。",
        {"宏远重工项目": None},
    ),
    case(
        "threshold-count-after-the-price",
        "宏远重工项目顺利签约。在今年签约的项目中，总投资在1亿美元以上的外资项目有9项。",
        {"宏远重工项目": None},
    ),
    case(
        "list-then-planned-total",
        "集中开工的5个项目分别是：金达轴承项目、宏远电机项目、华美纺织项目，计划总投资8.7亿元。",
        {"金达轴承项目": None, "宏远电机项目": None, "华美纺织项目": None},
    ),
    case(
        "names-then-one-amount-in-the-next-clause",
        "瑞丰纺织项目和富泰合作项目，投资3.5亿美元，新增产能1000万台。",
        {"瑞丰纺织项目": None, "富泰合作项目": None},
    ),
]


# ---------------------------------------------------------------- amounts that do belong to one project (or each)
OWN_AMOUNTS = [
    case(
        "respective-names-before",
        "宏图电子项目、远航机械项目分别投资3亿元、5亿元。",
        {"宏图电子项目": 3 * YI, "远航机械项目": 5 * YI},
    ),
    case(
        "respective-names-after",
        "总投资分别为11亿元、6亿元的康宁养老项目和永安文旅项目已签约。",
        {"康宁养老项目": 11 * YI, "永安文旅项目": 6 * YI},
    ),
    case(
        "each-of-two",
        "瑞达新能源项目和金桥化工项目两个项目投资均超过10亿元。",
        {"瑞达新能源项目": 10 * YI, "金桥化工项目": 10 * YI},
    ),
    case(
        "threshold-over-a-list-is-each-lower-bound",
        "总投资超50亿元的华辰光伏基地项目、云途数字产业基地项目等今年完工。",
        {"华辰光伏基地项目": 50 * YI, "云途数字产业基地项目": 50 * YI},
    ),
    case(
        "entries-priced-one-by-one",
        "包括天华集团投资20亿元的绿色建材项目、德诚投资14亿元的智能水表项目、润通投资7.05亿元的智慧物流园项目、"
        "北方中学合作办学项目等。",
        {"绿色建材项目": 20 * YI, "智能水表项目": 14 * YI, "智慧物流园项目": 705_000_000},
    ),
    case(
        "investor-of-this-very-project",
        "恒泰新材料项目施工繁忙，这个由宏达控股有限公司全额投资53亿元建设的项目是集团进军化工的重要布局。",
        {"恒泰新材料项目": 53 * YI},
    ),
    case(
        "subject-then-copula-description",
        "当天开工的华联隔膜生产项目，是全市首个锂电隔膜项目，规划面积约350亩，计划总投资32亿元。",
        {"华联隔膜生产项目": 32 * YI},
    ),
    case(
        "price-across-a-description",
        "元月有23个重大项目开工，总投资额达92.81亿元，包括投资7亿元、年产整车10万辆的宏远新能源汽车项目。",
        {"宏远新能源汽车项目": 7 * YI},
    ),
    case(
        "a-class-defined-by-the-figure",
        "其中总投资达4000万美元的项目有2项，分别为宏远发动机项目和华美酒店二期项目。",
        {"宏远发动机项目": 40_000_000, "华美酒店二期项目": 40_000_000},
    ),
    case(
        "pronoun-with-the-head-厂",
        "格林晶圆厂项目正式启动。据悉，该晶圆厂的投资规模超100亿元。",
        {"格林晶圆厂项目": 100 * YI},
    ),
    case(
        "count-of-one-is-one-project",
        "总投资达5000万美元的项目有1项：华泰聚酯项目。",
        {"华泰聚酯项目": 50_000_000},
    ),
    case(
        "a-name-with-为-inside-is-no-copula",
        "其中，金港航运项目总投资13.6亿元、泰华为民医疗项目总投资9.8亿元、鲁康制药原料药项目总投资8.96亿元。",
        {"金港航运项目": 1_360_000_000, "鲁康制药原料药项目": 896_000_000},
    ),
    case(
        "pronoun-after-a-copula-points-to-the-subject",
        "华能一号矿井项目是华新煤基新材料产业园的配套煤矿项目，项目总投资50.03亿元，规划规模1500万吨/年。",
        {"华能一号矿井项目": 5_003_000_000},
    ),
    case(
        "name-closer-than-the-pronoun",
        "该园区重在招引大项目，比如，中航重卡底盘制造基地项目总投资20亿元，物流中心已开工建设。",
        {"中航重卡底盘制造基地项目": 20 * YI},
    ),
]


# ---------------------------------------------------------------- the topic a sentence's subject leaves
def test_topic_is_the_subject_not_the_object_of_the_sentence_before():
    found, _ = extract(
        "总投资80亿元的合肥恒驰新能源汽车项目正式签约落户。项目一期总投资40亿元,建设涵盖电池组、电控系统的生产基地,"
        "建设恒驰新能源汽车开发研究院。预计一期项目投产后,年产值超过60亿元。"
    )
    assert found["恒驰新能源汽车开发研究院"].output_yuan is None
    assert found["合肥恒驰新能源汽车项目"].output_yuan == 60 * YI


# ---------------------------------------------------------------- a name repeated word for word, missed by the finder
def test_a_name_repeated_word_for_word_takes_its_figure():
    found, _ = extract(
        "恒达医疗诊断产业园投入使用,试剂年产能可达10亿人份。\n厂区负责人告诉记者,园区引入先进的生产设备。\n"
        "据了解,恒达医疗诊断产业园共分三期,总占地200亩,总建筑面积50万平方米,总投资逾30亿元。"
    )
    assert found["恒达医疗诊断产业园"].investment_yuan == 30 * YI


def test_two_names_repeated_leave_the_figure_off():
    found, _ = extract(
        "恒达医疗诊断产业园投入使用。宏远智能装备产业园同日开工。\n"
        "据了解,恒达医疗诊断产业园与宏远智能装备产业园共占地500亩,总投资逾60亿元。"
    )
    assert {name: m.investment_yuan for name, m in found.items()} == dict.fromkeys(found)


# ---------------------------------------------------------------- amounts that belong to no named project
NO_PROJECT_AMOUNTS = [
    case(
        "price-of-something-unnamed",
        "恒泰新材料项目实现满负荷生产。投资10亿元的金川精密正冲刺年底试生产。",
        {"恒泰新材料项目": None},
    ),
    case(
        "another-investor-in-the-topic-paragraph",
        "恒泰新材料项目进展顺利。其中，宏达科技投资30亿元，集聚各类人才3000多人。",
        {"恒泰新材料项目": None},
    ),
    case(
        "a-sentence-describing-another-subject",
        "恒泰新材料项目顺利投产。此次建成的三区、四区是宏达电池生产基地，总投资166亿元。",
        {"恒泰新材料项目": None},
    ),
    case(
        "a-firm-described-before-a-bare-项目",
        "恒泰电子二期项目已开工。宏达机械有限公司是在原厂基础上整合设立的新公司，项目设备先进，总投资1.5亿元。",
        {"恒泰电子二期项目": None},
    ),
    case(
        "a-period-figure",
        "恒泰半导体项目落户园区。据统计，仅上半年全国半导体领域投资金额为2021亿元。",
        {"恒泰半导体项目": None},
    ),
    case(
        "a-sector-figure",
        "恒泰新材料项目所在园区今年完成固定资产投资15.6亿元，其中工业投资7.9亿元。",
        {"恒泰新材料项目": None},
    ),
]


# ---------------------------------------------------------------- a figure that is another thing's, or the whole's
# The one name after an amount is not its holder when the text says so; the price tag points forward.
NOT_THE_SOLE_NAME = [
    case(
        "another-figure-stands-between",
        "投资3.2亿元的华远物流和投资1.5亿元的恒达矿山设备项目在本县同时落地。",
        {"恒达矿山设备项目": 150_000_000},
    ),
    case(
        "a-phase-after-the-whole-s-total",
        "宏远能源在本县布局了其第一个新能源产业基地,预计总投资300多亿元,一期150MW光伏发电项目已实现并网发电。",
        {"一期150MW光伏发电项目": None},
    ),
    # (`…分两期建设,一期建设A、B项目`: the parts a project builds are no mentions since names._builds_part;
    # tests/test_names_recall.py::test_names_recall_whole_figure_on_no_part checks the figure stays off them)
    case(
        "parts-priced-one-by-one",
        "恒丰农业项目签约落户。该项目计划投资3亿元建设稻虾共养试验区,投资1.2亿元新建加工工厂,同时双方将在科技培训等方面深入合作。",
        {"恒丰农业项目": None},
    ),
    case(
        "one-phase-of-a-project-is-no-enumeration",
        "本县成功引进宏达电子存储芯片项目,其一期项目总投资达 80 亿元。",
        {"宏达电子存储芯片项目": 80 * YI},
    ),
    case(
        "a-price-tag-points-forward",
        "信达光伏组件项目、总投资50亿元的江城美的厨电产业园项目实现当年签约、当年开工。",
        {"信达光伏组件项目": None},
    ),
]


@pytest.mark.parametrize(("text", "want"), NOT_THE_SOLE_NAME)
def test_figure_of_another_thing_or_the_whole_stays_off(text, want):
    _check_investment(text, want)


# want: {name: output_yuan}
NOT_AN_ANNUAL_OUTPUT = [
    case(
        "a-group-s-output-restated",
        "此次集中开工的56个重大项目,总投资236.8亿元,年可实现销售收入310亿元。\n"
        "宏远新材料项目开工建设。预计项目全部建成投产后,年可实现销售收入310亿元。",
        {"宏远新材料项目": None},
    ),
    case(
        "an-enumerated-part-s-output",
        "华锦康养小镇项目开工。该项目总投资12亿元,主要建设内容为:一是矿泉水产业,建设智能化生产线3条,预计可实现年产值8亿元。",
        {"华锦康养小镇项目": None},
    ),
    case(
        "the-firm-of-the-clause-before",
        "恒达储能电池超级工厂开工建设。待超级工厂建成后,公司产能将达200吉瓦时,年产值达900亿元。",
        {"恒达储能电池超级工厂": None},
    ),
    case("a-quarter-s-output", "华远化工项目一期投产，首季实现产值20亿元。", {"华远化工项目一期": None}),
    case("a-half-year-s-output", "恒达轴承项目运行平稳，上半年实现产值3.5亿元。", {"恒达轴承项目": None}),
]


@pytest.mark.parametrize(("text", "want"), NOT_AN_ANNUAL_OUTPUT)
def test_output_of_a_group_or_a_period_stays_off(text, want):
    found, _ = extract(text)
    assert set(want) <= set(found), f"found {sorted(found)}"
    assert {name: found[name].output_yuan for name in want} == want


def _check_investment(text: str, want: dict) -> None:
    found, _ = extract(text)
    got = {name: found[name].investment_yuan for name in want if name in found}
    missing = set(want) - set(found)
    assert not missing, f"names not found: {missing}; found {sorted(found)}"
    assert got == want


@pytest.mark.parametrize(("text", "want"), AGGREGATE_AMOUNTS)
def test_aggregate_amount_stays_off_its_members(text, want):
    _check_investment(text, want)


@pytest.mark.parametrize(("text", "want"), OWN_AMOUNTS)
def test_own_amount_is_bound(text, want):
    _check_investment(text, want)


@pytest.mark.parametrize(("text", "want"), NO_PROJECT_AMOUNTS)
def test_amount_of_no_named_project_stays_off(text, want):
    _check_investment(text, want)


def test_aggregate_keeps_the_group_figure():
    _, aggregates = extract("宏远重工项目、华美纺织项目等261个影响力大、带动能力强的项目集中开工，总投资达632.6亿元。")
    assert [(a.projects, a.investment_yuan) for a in aggregates] == [(261, 63_260_000_000)]


def test_binding_reason_is_kept_in_evidence():
    found, _ = extract("宏图电子项目、远航机械项目分别投资3亿元、5亿元。")
    evidence = [e for e in found["远航机械项目"].evidence if e["field"] == "investment"]
    assert evidence[0]["bound_by"] == "分别"


# ---------------------------------------------------------------- output and jobs follow the same rule
# want: {name: (output_yuan, jobs)}
OUTPUT_AND_JOBS = [
    case(
        "output-named-after-the-amount",
        "丰华燃料电池项目进展顺利，预计达产后每年可带来30亿元以上的工业产值。",
        {"丰华燃料电池项目": (30 * YI, None)},
    ),
    case(
        "per-unit-output-is-no-total",
        "恒泰新材料项目总投资4.5亿元，建成后预计亩均年产值1300万元，直接带动就业400多人。",
        {"恒泰新材料项目": (None, 400)},
    ),
    case(
        "output-and-jobs-of-a-list",
        "集中开工的项目分别是金达轴承项目、宏远电机项目，达产后年产值21.5亿元，共解决就业近900人。",
        {"金达轴承项目": (None, None), "宏远电机项目": (None, None)},
    ),
    case(
        "pronoun-carries-output-and-jobs",
        "恒泰新材料项目开工建设，该项目总投资5亿元，可提供就业岗位2000多个，年产值达12亿元。",
        {"恒泰新材料项目": (12 * YI, 2000)},
    ),
    case(
        "a-sector-output-in-the-topic-paragraph",
        "恒泰船舶项目顺利投产。据悉，五年后全县造船业年产值将达到68亿元。",
        {"恒泰船舶项目": (None, None)},
    ),
    case(
        "a-product-word-before-the-cue-is-no-holder",
        "后续建设的宏远整车项目将总投资145亿元，达产后可实现年产30万辆的产能，整车产值600亿元。",
        {"宏远整车项目": (600 * YI, None)},
    ),
    case(
        "a-系统-is-no-copula",
        "宏远电驱项目总投资12.5亿元。专门从事电机、电池包系统的生产，预计实现年产值近30亿元。",
        {"宏远电驱项目": (30 * YI, None)},
    ),
    case(
        "a-firm-holds-its-own-output",
        "恒泰新材料项目已开工。据介绍，宏达公司年产值将达到1000亿元。",
        {"恒泰新材料项目": (None, None)},
    ),
]


@pytest.mark.parametrize(("text", "want"), OUTPUT_AND_JOBS)
def test_output_and_jobs_bound_like_investment(text, want):
    found, _ = extract(text)
    assert set(want) <= set(found), f"found {sorted(found)}"
    assert {name: (found[name].output_yuan, found[name].jobs) for name in want} == want


# ---------------------------------------------------------------- stages: whose cue, and where it comes from
# want: (status, is_plan, stage_origin)
# A lead paragraph with no stage in it, longer than the head the article's own stage is read from.
LEAD = (
    "3月23日，园区举行重点产业项目推介会，介绍园区发展规划和招商政策，回顾去年招商引资和项目服务工作，"
    "部署今年重点任务，来自各地的客商代表参加会议，共同见证园区发展成果，并实地参观了园区企业，"
    "与会代表就优化营商环境、完善配套服务、加强人才引进等方面进行了深入交流，提出了很多意见建议。\n"
)
STAGES = [
    case("plan-力争", "恒泰新材料项目力争年底前建成投产。", ("在建", True, "own")),
    case("plan-拟", "恒泰新材料项目拟于明年开工建设。", ("签约", True, "own")),
    case("plan-有望", "恒泰新材料项目有望年内投产。", ("在建", True, "own")),
    case("event-then-plan", "恒泰新材料项目已开工建设，预计明年投产。", ("开工", False, "own")),
    case(
        "heading-over-items-in-later-sentences",
        "此次共签约3个项目，包括：总投资22亿元，华美纺织项目；总投资10亿元，宏远电机项目；金达轴承项目。",
        ("签约", False, "heading"),
    ),
    case(
        "heading-with-其中-over-its-paragraph",
        "园区5个项目正在建设中，其中：瑞丰纺织项目已完成厂房主体；宏远电机项目正在做桩基础，下一步将安装设备。",
        ("在建", False, "heading"),
    ),
    case(
        "collective-heading-in-the-sentence",
        "10个项目集中开工，分别是华美纺织项目、宏远电机项目。",
        ("开工", False, "heading"),
    ),
    case(
        "count-after-项目-heading-over-a-semicolon-其中",
        "全县元月集中开工、签约项目40个。新签约重大项目18个，总投资额达120亿元；"
        "其中宏远电机项目总投资10亿元，主要建设电机生产基地。",
        ("签约", False, "heading"),
    ),
    case(
        "staged-set-heading-over-semicolon-items",
        LEAD * 2
        + "其中，奠基的重点民生工程，有投资1.5亿元的华美新村，占地100亩；投资5000万元的宏远电机项目，包括厂房等。",
        ("开工", False, "heading"),
    ),
    case(
        "counted-staged-set-over-its-paragraph",
        "当天开工的2个重点项目都是服务园区的。宏远电机项目，总投资9亿元，计划2025年9月完工。华美纺织项目总投资12亿元。",
        ("开工", False, "heading"),
    ),
    case("staged-set-with-a-colon", LEAD * 2 + "开工项目：宏远电机项目、华美纺织项目。", ("开工", False, "heading")),
    case("staged-set-picked-from", LEAD * 2 + "签约项目中，宏远电机项目投资最大。", ("签约", False, "heading")),
    case(
        "section-title-over-its-lines",
        LEAD * 2
        + "一、签约项目\n1. 宏远电机项目，总投资5亿元。\n2. 华美纺织项目，总投资3亿元。\n二、开工项目\n3. 恒泰新材料项目。",
        ("签约", False, "heading"),
    ),
    case(
        "next-section-title-ends-the-last",
        LEAD * 2 + "一、开工项目\n1. 华美纺织项目，总投资3亿元。\n二、签约项目\n2. 宏远电机项目，总投资5亿元。",
        ("签约", False, "heading"),
    ),
    case("staged-name-is-no-set", "开工的宏远电机项目，总投资9亿元。", ("开工", False, "own")),
    case(
        "agreement-signed-in-the-lead",
        "本报讯 某某化工集团10日与省政府签署框架协议，进一步明确新基地的规划细节。\n"
        "宏远电机项目总投资100亿美元，将分阶段实施。",
        ("签约", False, "article"),
    ),
    case(
        "the-project-brings-in-machines",
        "近日，四个项目举行开工仪式。\n宏远电机项目总投资4亿元，引进国外先进水平的数控机床200台。",
        ("开工", False, "article"),
    ),
    case(
        "the-project-brings-in-tenants",
        "近日，四个项目举行开工仪式。\n宏远电机项目通过前期招商，已引进多家知名品牌商家。",
        ("开工", False, "article"),
    ),
    case(
        "a-decision-to-build-it",
        LEAD + "客商经过两天考察，决定在某某镇投资2亿元建设恒泰新材料项目，在某某山下投资6000万元建设宏远电机项目。",
        ("签约", True, "own"),
    ),
    case(
        "going-on-building-is-no-plan",
        LEAD + "下一步，园区将继续推进宏远电机项目建设进程。",
        ("在建", False, "own"),
    ),
    case(
        "installed-count-is-the-scope",
        "全市一批重大项目集中开工。\n其中，宏远风电项目，总投资42亿元，安装58台单机容量5兆瓦的风电机组。",
        ("开工", False, "article"),
    ),
    case(
        "another-project-opens-a-later-clause",
        LEAD + "宏远电机项目投资5亿元，华美纺织项目已建成投产。",
        ("在建", False, "default"),
    ),
    case(
        "a-list-before-its-cue-is-not-cut",
        LEAD + "投资5亿元的宏远电机项目、投资3亿元的华美纺织项目实现当年签约、当年开工。",
        ("开工", False, "own"),
    ),
    case(
        "planned-collective-start-in-the-lead",
        "20日起全省各地将集中开工一批重大项目。\n一季度集中开工重大项目488个。其中，宏远电机项目总投资15亿元。",
        ("签约", True, "article"),
    ),
    case(
        "next-item-description-is-not-this-one",
        LEAD + "附项目概况：宏远电机项目，总投资1.2亿元，新建两条生产线；华美化工项目，总投资2亿元，已建成投产。",
        ("在建", False, "default"),
    ),
    case("built-and-in-use", "恒泰新材料项目已建成运营。", ("投产", False, "own")),
    case(
        "construction-design-is-preparation",
        "恒泰新材料项目完成施工设计，近期办理开工许可。",
        ("签约", False, "own"),  # preparing: signed, not yet started
    ),
    case("推进-of-an-abstract-aim", LEAD + "恒泰新材料项目签约，将推进绿色发展。", ("签约", False, "own")),
    case("推进-of-the-works", "恒泰新材料项目各项工作压茬推进。", ("在建", False, "own")),
    case(
        "a-thing-is-no-cue",
        "宏远电机项目新建年产5000吨固体推进剂生产线。",
        ("在建", False, "default"),
    ),
    case(
        "photo-caption-about-another-project",
        "图为华美化工项目竣工现场。\n宏远电机项目总投资5亿元。",
        ("在建", False, "default"),
    ),
    case(
        "credit-line-caption",
        "华美化工项目竣工投产（记者 王明 摄）\n宏远电机项目总投资5亿元。",
        ("在建", False, "default"),
    ),
    case(
        "headline-about-another-project",
        "华美化工项目竣工投产。\n宏远电机项目总投资5亿元。",
        ("在建", False, "default"),
        xfail="a headline clause naming one project still gives the whole article its stage; skipping it "
        "cost more on dev2 than it fixed while one project can be named two ways in one article",
    ),
]


@pytest.mark.parametrize(("text", "want"), STAGES)
def test_stage_from_own_cue_heading_or_article(text, want):
    found, _ = extract(text)
    name = next(n for n in ("宏远电机项目", "宏远风电项目", "恒泰新材料项目") if n in found)
    m = found[name]
    assert (m.status, m.is_plan, m.evidence[0]["stage_origin"]) == want


# ---------------------------------------------------------------- parks: which span of the text is the mention's park
# want: {name: park}
PARKS = [
    case(
        "the-only-zone-named-once",
        "近日，总投资2.7亿元的华美木业项目正式开工建设，建成后年产值5亿元。界河经济开发区将做好服务保障。",
        {"华美木业项目": "界河经济开发区"},
    ),
    case(
        "zone-right-before-a-list",
        "5月27日，新疆准河经济技术开发区宏远电机项目、华美纺织项目等9个新建项目集中开工。",
        {"宏远电机项目": "新疆准河经济技术开发区", "华美纺织项目": "新疆准河经济技术开发区"},
    ),
    case(
        "zone-with-项目-is-still-the-zone",
        "12月10日，江苏盱河经济开发区项目集中开工仪式举行，总投资120亿元的宏远电机项目等8个项目集中开工。",
        {"宏远电机项目": "江苏盱河经济开发区"},
    ),
    case(
        "short-form-counted-with-the-long-one",
        "漳河台商投资区举行项目签约。宏远电机项目落户园区。台商投资区将做好服务。",
        {"宏远电机项目": "漳河台商投资区"},
    ),
    case(
        "a-company-park-being-built-is-no-zone-for-others",
        "签约的项目分别为投资6000万元的华商工业园，投资1亿元的宏远纺织项目。",
        {"宏远纺织项目": None},
    ),
    case(
        "an-administrative-zone-named-alone-is-still-the-zone",
        "海河工业园区\n近日，宏远纺织项目正式签约，总投资1亿元。",
        {"宏远纺织项目": "海河工业园区"},
    ),
    case(
        "a-plan-phase-is-no-park",
        "宏远电机项目总投资5亿元。全县将建设三个百亿产业园，打造产业融合实验区。",
        {"宏远电机项目": None},
    ),
]


@pytest.mark.parametrize(("text", "want"), PARKS)
def test_park_of_the_mention(text, want):
    found, _ = extract(text)
    # a name may carry the zone in front of it (`某某开发区宏远电机项目`): the boundary is not what is tested
    named = {next((n for n in found if n.endswith(name)), name): name for name in want}
    assert set(named) <= set(found), f"found {sorted(found)}"
    assert {named[n]: found[n].park for n in named} == want


FIGURE_KINDS = [
    ("本报讯 恒远新材料项目总投资10亿元，全部建成投产后，可实现年产值20亿元，新增就业500人。", True),
    ("本报讯 恒远新材料项目总投资10亿元，去年实现产值20亿元，带动就业500人。", False),
]


@pytest.mark.parametrize(("text", "forecast"), FIGURE_KINDS, ids=["after-completion", "stated-last-year"])
def test_extract_output_and_jobs_evidence_says_forecast_or_fact(text: str, forecast: bool) -> None:
    from pipeline.extract import find_mentions
    from pipeline.model import Article

    (m,) = find_mentions(Article(article_id="a", source="s", text=text, date="2023-05-01"))[0]
    kinds = {e["field"]: e["is_plan"] for e in m.evidence if e["field"] in ("investment", "output", "jobs")}
    assert kinds["investment"] is False  # an investment is a planned sum by nature: never split
    assert kinds["output"] is forecast and kinds["jobs"] is forecast
