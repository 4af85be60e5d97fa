"""Tables of phrase shapes for the investment figures of issue 12 (kinds 3 and 4): one project named two ways in
one article is one mention with its figure once; a phase or a part beside its whole gives the whole's figure;
a zone's or a plan's total is an aggregate; a figure across a project boundary stays off. Every sentence is
written for these tests (company and place names invented)."""

from __future__ import annotations

import pytest
from fixture_shapes import YI
from fixture_shapes import extract_checked as extract


def case(kind: str, text: str, want, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, want, id=kind, marks=marks)


def assert_figures(text: str, want: dict, field: str = "investment_yuan") -> None:
    """Each named mention is found and carries the figure wanted (None: the text gives it none): its
    investment, or the `field` named (`jobs`, `output_yuan`)."""
    mentions, _ = extract(text)
    got = {m.name: getattr(m, field) for m in mentions}
    for name, value in want.items():
        assert name in got, got
        assert got[name] == value, got


def _with(mentions, word: str):
    return [m for m in mentions if word in m.name or any(word in a for a in m.aliases)]


# ---------------------------------------------------------------- one project named by its company alone
# want: (a word every name of the company holds, how many mentions carry it, their investments)
COMPANY_POINTERS = [
    case(
        "signed-name-then-the-company-plant-at-the-signing-place",
        "3月2日，临江县人民政府与华岳控股集团举行《华岳变速器流水线项目》签约仪式，该项目总投资80亿元。"
        "此次华岳控股集团临江工厂项目的建立，是华岳在新能源领域的又一布局。",
        ("华岳", 1, [80 * YI]),
    ),
    case(
        "phase-named-by-the-company-legal-name",
        "目前，总投资50亿元的宏泰高端存储芯片二期第二阶段项目正在稳步推进。"
        "宏泰(中国)半导体有限公司一期项目竣工投产后，始终保持满产状态。",
        ("宏泰", 1, [50 * YI]),
    ),
    case(
        "company-plant-in-another-city-stays-apart",
        "临江县人民政府与华岳控股集团签约华岳变速器流水线项目，总投资80亿元。"
        "此前，华岳控股集团长沙工厂项目已经建成投产。",
        ("华岳", 2, [80 * YI, None]),
    ),
    case(
        "company-plant-in-another-city-beside-a-sector-name-stays-apart",
        "临江县人民政府与华岳控股集团签约华岳新能源汽车项目，总投资80亿元。"
        "此前，华岳控股集团长沙工厂项目已经建成投产。",
        ("华岳", 2, [80 * YI, None]),
    ),
    case(
        "company-plant-in-the-city-its-sector-name-stands-in-joins",
        "长沙市人民政府与华岳控股集团签约华岳新能源汽车项目，总投资80亿元。"
        "华岳控股集团长沙工厂项目是华岳在湖南的首个整车项目。",
        ("华岳", 1, [80 * YI]),
    ),
    case(
        "two-projects-of-the-company-leave-the-pointer-alone",
        "华岳智能空调项目总投资20亿元，华岳精密模具项目总投资15亿元。华岳集团工厂项目明年投产。",
        ("华岳", 3, [20 * YI, 15 * YI, None]),
    ),
]


@pytest.mark.parametrize("text, want", COMPANY_POINTERS)
def test_a_name_saying_only_its_company_is_that_company_project(text, want):
    word, count, investments = want
    mentions, _ = extract(text)
    found = _with(mentions, word)
    assert len(found) == count, [(m.name, m.aliases) for m in mentions]
    assert sorted(m.investment_yuan or 0 for m in found) == sorted(i or 0 for i in investments)


# ---------------------------------------------------------------- phases beside their whole (GUIDE: one entry)
# want: (words each of which one mention must hold among its names, how many mentions, its investment)
PHASES = [
    case(
        "phases-after-a-statement-naming-the-whole-in-other-words",
        "华岳临江新材料一体化基地项目总投资200亿元，由华岳集团投资建设。当地此前已建成宏泰石油炼化项目。"
        "根据计划，华岳临江基地分两期实施。其中，一期工业气体岛项目总投资约80亿元，二期为甲醇制烯烃项目。",
        (("华岳临江新材料", "工业气体岛", "甲醇制烯烃"), 2, 200 * YI),
    ),
    case(
        "phase-objects-of-a-phase-statement",
        "华岳临江新材料一体化基地总投资约300亿元，分三期实施。"
        "一期项目是以煤化工为主的工业气体岛项目，已建成投产。二期项目为年产75万吨丙烯深加工项目和烧碱项目，正在建设。",
        (("华岳临江新材料", "工业气体岛", "丙烯深加工", "烧碱"), 1, 300 * YI),
    ),
    case(
        "phase-named-by-its-place-and-facility",
        "位于临江的宏泰公司晶圆厂项目总投资100亿元，目前已经停工。后来，宏泰取消了对临江晶圆厂一期项目的投资。",
        (("宏泰公司晶圆厂", "临江晶圆厂一期"), 1, 100 * YI),
    ),
    case(
        "whole-named-again-without-its-phase-gives-the-whole-figure",
        "总投资120亿元的华岳临江新材料一体化基地一期工程21日开工建设。\n"
        "华岳集团是大型化工集团。华岳临江新材料一体化基地位于临江经济开发区，占地约3000亩，总投资228亿元。",
        (("华岳临江新材料",), 1, 228 * YI),
    ),
    case(
        "only-the-phase-priced-gives-the-phase-figure",
        "总投资120亿元的华岳临江新材料一体化基地一期工程21日开工建设。华岳临江新材料一体化基地项目由华岳集团投资。",
        (("华岳临江新材料",), 1, 120 * YI),
    ),
    case(
        "a-bare-phase-subject-gives-the-phase-figure",
        "宏泰存储芯片项目2012年落户临江高新区，一期项目于2014年5月竣工投产，总投资108亿元。"
        "据介绍，宏泰存储芯片项目总投资300亿元，分两期建设。",
        (("宏泰存储芯片",), 1, 300 * YI),
    ),
    case(
        "phase-name-two-projects-could-hold-stays-apart",
        "宏泰公司晶圆厂项目总投资100亿元，华岳公司晶圆厂项目总投资80亿元。临江晶圆厂一期项目已经投产。",
        (("宏泰公司晶圆厂",), 3, 100 * YI),
    ),
]


@pytest.mark.parametrize("text, want", PHASES)
def test_a_phase_is_one_entry_with_its_whole(text, want):
    words, count, investment = want
    mentions, _ = extract(text)
    assert len(mentions) == count, [(m.name, m.aliases) for m in mentions]
    holder = [m for m in mentions if all(any(w in n for n in [m.name, *m.aliases]) for w in words)]
    assert len(holder) == 1, [(m.name, m.aliases) for m in mentions]
    assert holder[0].investment_yuan == investment


# ---------------------------------------------------------------- a zone's build-out is an aggregate
# want: (the investment of the one mention, or None when no mention; the investment of an aggregate, or None)
ZONES = [
    case(
        "zone-build-out-with-its-total",
        "甘井子工业区建设项目，是全省的一号工程，拥有全省最大的项目建设集群，投资总额高达800亿元。",
        (None, 800 * YI),
    ),
    case(
        "economic-zone-project-with-its-total",
        "8月8日，沙坪坝经济开发区建设项目正式启动，总投资达300亿元。",
        (None, 300 * YI),
    ),
    case(
        "park-named-for-its-industry-is-a-project",
        "临江新材料产业园建设项目总投资20亿元，预计明年建成。",
        (20 * YI, None),
    ),
    case(
        "company-before-the-zone-word-is-a-project",
        "华岳集团西川工业区建设项目总投资20亿元，预计明年建成。",
        (20 * YI, None),
    ),
]


@pytest.mark.parametrize("text, want", ZONES)
def test_a_zone_build_out_is_an_aggregate(text, want):
    mention_figure, aggregate_figure = want
    mentions, aggregates = extract(text)
    if mention_figure is None:
        assert not mentions, [(m.name, m.investment_yuan) for m in mentions]
        assert [a.investment_yuan for a in aggregates] == [aggregate_figure]
    else:
        assert [m.investment_yuan for m in mentions] == [mention_figure]
        assert aggregate_figure is None or [a.investment_yuan for a in aggregates] == [aggregate_figure]


# ---------------------------------------------------------------- a figure across a project boundary stays off
# want: {name: investment_yuan (None: the text gives this project none)}
ACROSS_A_BOUNDARY = [
    case(
        "bare-pointer-back-to-a-list-of-visited-projects",
        "与会人员首先观摩了华岳智能装备项目和宏泰精密轴承项目。\n"
        "清晨，站在临江茶园观景台上放眼望去，茶树依山而种。项目总投资额为4.5亿元，直接带动就业400多人。",
        {"华岳智能装备项目": None, "宏泰精密轴承项目": None},
    ),
    case(
        "pointer-back-to-the-one-project-named-keeps-its-figure",
        "与会人员首先观摩了宏泰精密轴承项目。\n项目总投资额为4.5亿元，直接带动就业400多人。",
        {"宏泰精密轴承项目": 4.5 * YI},
    ),
    case(
        "a-shareholder-subscribed-capital-is-no-project-price",
        "华岳集团与临江新城签署临江30万吨/年工业固废综合利用项目投资协议书。华岳集团以自有资金设立宏泰环保公司，"
        "作为该项目的项目公司。宏泰环保注册资本为1亿元人民币，华岳集团认缴出资额1亿元人民币，持股100%。",
        {"临江30万吨/年工业固废综合利用项目": None},
    ),
]


@pytest.mark.parametrize("text, want", ACROSS_A_BOUNDARY)
def test_a_figure_across_a_project_boundary_stays_off(text, want):
    assert_figures(text, want)


# ---------------------------------------------------------------- an amount right before a company's name
# want: {name: investment_yuan}
COMPANY_PRICED = [
    case(
        "price-before-the-company-of-the-one-project",
        "总投资3.6亿元临江华岳木业有限公司在临江经济开发区正式开工建设。\n"
        "据了解，临江华岳木业有限公司建设项目分两期实施，一期工程总投资8000万元，二期工程总投资2.8亿元。",
        {"临江华岳木业有限公司建设项目": 3.6 * YI},
    ),
    case(
        "price-before-a-company-with-two-projects-stays-off",
        "总投资3.6亿元临江华岳木业有限公司在临江经济开发区正式开工建设。\n"
        "临江华岳木业有限公司年产10万套定制家具项目已建成，临江华岳木业有限公司刨花板生产线项目明年投产。",
        {"临江华岳木业有限公司年产10万套定制家具项目": None, "临江华岳木业有限公司刨花板生产线项目": None},
    ),
]


@pytest.mark.parametrize("text, want", COMPANY_PRICED)
def test_a_price_before_a_company_name_is_its_one_project(text, want):
    assert_figures(text, want)


# ---------------------------------------------------------------- a plant beside a base of one company
# want: {name: investment_yuan}; the names listed are the article's mentions, each its own
PLANT_AND_BASE = [
    case(
        "company-plant-and-company-base-stay-two",
        "2月1日，华岳电池股份有限公司投资50亿元新建的华岳电池20吉瓦时储能电池超级工厂在临江高新区动工。"
        "此次建成投产的三区是华岳电池储能电池生产基地，总投资80亿元。",
        {"华岳电池20吉瓦时储能电池超级工厂": 50 * YI, "华岳电池储能电池生产基地": 80 * YI},
    ),
    case(
        "a-base-named-again-longer-stays-one",
        "华岳电池储能电池生产基地总投资80亿元。华岳电池临江储能电池生产基地项目明年投产。",
        {"华岳电池临江储能电池生产基地项目": 80 * YI},
    ),
]


@pytest.mark.parametrize("text, want", PLANT_AND_BASE)
def test_a_plant_and_a_base_of_one_company_are_two(text, want):
    mentions, _ = extract(text)
    got = {m.name: m.investment_yuan for m in mentions}
    assert got == want


# ---------------------------------------------------------------- a pointer naming a phase points at that phase's project
# want: {name: output_yuan}
PHASE_POINTERS = [
    case(
        "this-phase-pointer-over-a-park-named-since",
        "4月27日，华岳电池智能产业园二期项目在临江经济开发区开工。\n"
        "华岳集团是全旗首家落地投产的龙头企业，也是临江绿色产业园建设中的重要参与者。"
        "本次开工的二期项目规划建设20GWh储能电池，达产后年产值将达到360亿元。",
        {"华岳电池智能产业园二期项目": 360 * YI, "临江绿色产业园": None},
    ),
]


@pytest.mark.parametrize("text, want", PHASE_POINTERS)
def test_a_pointer_naming_a_phase_points_at_its_project(text, want):
    mentions, _ = extract(text)
    got = {m.name: m.output_yuan for m in mentions}
    for name, output in want.items():
        if name in got or output is not None:
            assert got.get(name) == output, got


# ---------------------------------------------------------------- jobs of a count of firms
# want: {name: jobs}
FIRMS_JOBS = [
    case(
        "jobs-of-a-count-of-firms-as-subject",
        "临江云生工业园项目正式落成。园区业主与首批入驻园区的华岳木业有限公司签约。\n"
        "本次签约入驻项目园区的两家企业，均为劳动密集型企业，可带动群众就业300多人。",
        {"临江云生工业园项目": None},
    ),
    case(
        "a-project-pushing-a-count-of-firms-keeps-its-jobs",
        "宏泰智能装备产业园项目总投资50亿元。该项目还将推动约20家配套企业做大做强，提供5000个就业岗位。",
        {"宏泰智能装备产业园项目": 5000},
    ),
]


# ---------------------------------------------------------------- a jobs range
# GUIDE: a range gives its lower bound, for jobs counted in 个 after a job word as for money.
# want: {name: jobs}
JOBS_RANGES = [
    case(
        "jobs-range-after-a-job-word",
        "华岳新材料产业园项目总投资20亿元，建成后可提供就业岗位600至900个。",
        {"华岳新材料产业园项目": 600},
    ),
    case(
        "jobs-range-with-a-dash-and-chinese-numerals",
        "宏泰精密轴承项目落户临江，达产后将新增工作岗位三百-五百个。",
        {"宏泰精密轴承项目": 300},
    ),
]


@pytest.mark.parametrize("text, want", FIRMS_JOBS + JOBS_RANGES)
def test_a_projects_jobs(text, want):
    """Jobs of a count of firms stay off the project; a jobs range gives its lower bound."""
    assert_figures(text, want, "jobs")


# ---------------------------------------------------------------- a company opening a sentence that names no project
# want: {name: investment_yuan}
COMPANY_SUBJECTS = [
    case(
        "company-short-form-invests-in-its-one-project",
        "此次华岳控股集团临江工厂项目的建立，是华岳在新能源领域的又一布局。\n"
        "2月11日，临江经济开发区与浙江华岳控股集团正式签订协议，华岳将投资80亿元在临江建设新能源汽车产业。",
        {"华岳控股集团临江工厂项目": 80 * YI},
    ),
    case(
        "company-opens-the-clause-before-the-total",
        "宏泰新能源乘用车及零部件产业园项目北侧的地块已经出让。\n"
        "在此之前，宏泰已经在起步区多次拿地，总投资约150亿元，建设了一期、二期工程。",
        {"宏泰新能源乘用车及零部件产业园项目": 150 * YI},
    ),
    case(
        "an-investor-lead-word-in-one-project-name",
        "临江引进了打印机龙头企业华岳激光打印机项目和韩国宏泰半导体装备项目。\n"
        "其中，华岳图像投资10亿元，在临江打造民族打印机第一品牌。",
        {"华岳激光打印机项目": 10 * YI, "韩国宏泰半导体装备项目": None},
    ),
    case(
        "a-cost-clause-before-investment-is-no-investor",
        "年产14GWh动力电池生产项目已经投产。据测算，1GWh电池可节省空调和除湿设备投资约3000万元。",
        {"年产14GWh动力电池生产项目": None},
    ),
    case(
        "a-city-count-is-no-company-of-a-project",
        "一季度集中开工重大项目中，临江26个、总投资235亿元，西川17个、总投资88亿元。\n"
        "其中，临江锂离子动力电池生产项目将分三期建设。",
        {"临江锂离子动力电池生产项目": None},
    ),
    case(
        "a-company-with-two-projects-leaves-the-figure-off",
        "宏泰智能空调项目和宏泰精密模具项目落户临江。\n在此之前，宏泰已经在临江多次拿地，总投资约150亿元。",
        {"宏泰智能空调项目": None, "宏泰精密模具项目": None},
    ),
]


@pytest.mark.parametrize("text, want", COMPANY_SUBJECTS)
def test_a_company_opening_a_sentence_gives_its_one_project_the_figure(text, want):
    assert_figures(text, want)


# ---------------------------------------------------------------- entries of a list priced one by one
# want: {name: investment_yuan}
PRICED_ONE_BY_ONE = [
    case(
        "the-first-of-a-list-priced-one-by-one-keeps-its-price",
        "共签约项目30个，其中包括投资80亿元的临江硬科技产业园、投资60亿元的宏泰科创中心、"
        "投资20亿元的华岳数智科创中心以及宏泰物流结算中心等一批带动能力强的项目。",
        {"临江硬科技产业园": 80 * YI, "华岳数智科创中心项目": 20 * YI},
    ),
    case(
        "a-price-before-a-closed-list-stays-its-sum",
        "总投资40.5亿元的华鑫新材料项目、宏泰电子项目等项目集中开工。",
        {"华鑫新材料项目": None, "宏泰电子项目": None},
    ),
]


@pytest.mark.parametrize("text, want", PRICED_ONE_BY_ONE)
def test_entries_priced_one_by_one_keep_their_prices(text, want):
    assert_figures(text, want)


# ---------------------------------------------------------------- output a project drives others to make
# want: {name: output_yuan}
SPILLOVER = [
    case(
        "chain-output-the-project-drives",
        "华岳检测认证产业基地项目总投资12亿元，建成后可带动上下游实现产值100亿元。",
        {"华岳检测认证产业基地项目": None},
    ),
    case(
        "supporting-industry-output",
        "宏泰新材料项目总投资8亿元，投产后将带动配套产业新增产值30亿元。",
        {"宏泰新材料项目": None},
    ),
    case(
        "own-output-beside-chain-jobs-stays",
        "宏泰新材料项目总投资8亿元，投产后年产值20亿元，带动上下游就业500人。",
        {"宏泰新材料项目": 20 * YI},
    ),
]


@pytest.mark.parametrize("text, want", SPILLOVER)
def test_output_the_project_drives_others_to_make_is_not_its_own(text, want):
    mentions, _ = extract(text)
    got = {m.name: m.output_yuan for m in mentions}
    assert {name: got.get(name, "missing") for name in want} == want, got


# ---------------------------------------------------------------- output in a firm's revenue words
# want: {name: output_yuan}. A year's turnover (营业额, as 营业收入) and a year's production stated in money
# are the project's output; a production in tonnes is a capacity (GUIDE: not output).
OUTPUT_WORDS = [
    case(
        "annual-turnover",
        "华岳重工挖掘机项目总投资5亿元，投产后年营业额可达12亿元。",
        {"华岳重工挖掘机项目": 12 * YI},
    ),
    case(
        "annual-production-in-money",
        "宏泰生物科技有限公司酶制剂项目总投资1.2亿元，建成后年产量可达8000万元。",
        {"宏泰生物科技有限公司酶制剂项目": 80_000_000},
    ),
    case(
        "annual-production-in-tonnes-is-no-output",
        "宏泰生物科技有限公司酶制剂项目总投资1.2亿元，建成后年产量可达5万吨。",
        {"宏泰生物科技有限公司酶制剂项目": None},
    ),
    # a capacity counted in money (`150亿元产能规模`) is a year's output once running
    case(
        "capacity-in-money",
        "宏泰生物诊断试剂产业园总投资30亿元，全面建成后将具备80亿元产能规模。",
        {"宏泰生物诊断试剂产业园": 80 * YI},
    ),
]


@pytest.mark.parametrize("text, want", OUTPUT_WORDS)
def test_output_in_revenue_words_is_the_project_output(text, want):
    assert_figures(text, want, "output_yuan")
