"""Stage cues the old tables missed: each row is a phrase shape and the stage its cue shows (GUIDE.md stages)."""

from __future__ import annotations

import pytest

from pipeline.extract import _stage_cues
from pipeline.lexicon import STAGE_BEFORE_PLAN
from pipeline.textnorm import fold

# (phrase, the furthest stage among its event cues)
SHAPES = [
    ("根据此份框架协议，新基地将采用循环经济理念", "签约"),  # a framework agreement is a signing
    ("双方于2月7日达成《合作框架协议书》", "签约"),
    ("后续建设的整车项目总投资50亿元", "签约"),  # `后续建设`: to be built later, not `续建`
    ("某某工业园项目正式落成", "竣工"),
    ("产业园今日落成并启用", "投产"),
    ("一期光伏电站已实现并网发电", "投产"),
    ("底盘项目试运行", "投产"),
    ("芯片项目已通线", "投产"),
    ("一批重大项目落地建设", "在建"),  # landed and being built: further than `落地`
    ("项目于8月正式落户建设", "在建"),
    ("某某项目取得重大进展", "在建"),
    ("某某乙烯项目迎新进展", "在建"),
    ("某某项目已于7月停止建设", "开工"),  # a stopped project had started
    ("某某化学品项目比原计划提前5个月建成投产", "投产"),  # `原计划`: the old plan, now beaten
    ("厂房较原计划提前两个月竣工", "竣工"),
    ("某某炼化项目一期装置迎来投产时刻", "投产"),  # `时刻`: the event's moment, not `投产时` (a condition)
    ("该项目去年已投入建设资金20亿元，拟建设芯片生产基地", "在建"),  # money spent on the works: being built
    ("某某涂料项目总投资3亿元，已完成投资1.2亿元", "在建"),
    ("园区正依托某某集团全力建设某某科技产业园", "在建"),  # an adverb of effort before 建设: under way
    ("某某电池基地正抓紧建设", "在建"),
    (
        "某某电池基地项目举行开工仪式。该项目建设中，某某公司将采用最先进的生产线",
        "开工",
    ),  # `建设中，`: "in building it"
    ("二期目前正在火热建设中，预计今年下半年投产", "在建"),
    ("某某汽车项目目前已进入一期生产阶段", "投产"),
    ("一期项目装置满负荷生产", "达产"),  # running at full load
    ("某某乙烯项目工程进度已经过半", "在建"),
    ("某某电机项目目前已经具备投产条件", "竣工"),  # ready to run: built, not yet running
    ("某某电机项目已具备开工条件", "签约"),  # ready to start: not started
    ("某某工厂首台整车正式下线", "投产"),
    ("某某显示器件等在谈项目推进签约", "签约"),  # pushing for a signing: the signing is the stage, not building
    ("某某电池项目加快推进开工", "开工"),
]


@pytest.mark.parametrize(("phrase", "stage"), SHAPES)
def test_stage_of_shape(phrase: str, stage: str) -> None:
    t = fold(phrase)
    events = [s for s, plan, _, _ in _stage_cues(t, 0, len(t), 0) if not plan]
    order = ["签约", "开工", "在建", "竣工", "投产", "达产"]
    assert events, phrase
    assert max(events, key=order.index) == stage


def _stages_of(text: str, title: str | None = None) -> dict[str, str]:
    from pipeline.extract import find_mentions
    from pipeline.model import Article

    mentions, _ = find_mentions(Article(article_id="t", source="t", text=fold(text), title=title))
    return {m.name: m.status for m in mentions}


# (headline, text, a project, the stage it takes): the project's own dated or imminent plan beats the headline
OWN_PLAN = [
    ("全区一批重大项目集中开工", "某某锂电材料项目总投资6亿元，预计今年9月投产。", "某某锂电材料项目", "在建"),
    ("多个项目集中开工", "另外，某某光伏玻璃项目投资8亿元，即将投产。", "某某光伏玻璃项目", "在建"),
    (
        "多个项目集中开工",
        "某某光伏玻璃项目投资8亿元，计划建成国内领先的生产基地。",
        "某某光伏玻璃项目",
        "开工",
    ),  # a purpose
]


@pytest.mark.parametrize(("title", "text", "name", "stage"), OWN_PLAN)
def test_own_plan_beats_headline(title: str, text: str, name: str, stage: str) -> None:
    got = _stages_of(text, title)
    assert got.get(name) == stage, got


# (phrase, the stage its cues show): plans and conditions are no events; a part built is still building
NOT_EVENTS = [
    ("某某乙烯项目投产在即", "在建"),  # about to start production: being built now
    ("项目年底前能完工", "在建"),
    ("今年可以竣工", "在建"),
    ("最终建成世界级石化基地", "在建"),
    ("该项目可实现当年投资、当年投产、当年盈利", "在建"),  # an ability, not an event
    ("某某电机项目明年上半年投产", "在建"),  # a date only ahead of the article: a plan with no plan word
    ("某某电机项目下月开工", "签约"),
    ("某某电机项目正在筹备开工", "签约"),  # preparing to start
    ("某某电机项目正在做开工前的准备工作", "签约"),  # `开工前`: before the start
]
PARTS_BUILT = [
    ("项目主体已建成", "在建"),
    ("目前部分厂房已建成", "在建"),
    ("某某电动车项目装配线立架已完工", "在建"),  # a part of the plant names the clause: the part is built
    ("某某项目钢结构已全部建成", "在建"),
]
CONDITIONS = ["某某项目建成，将带动就业2000人", "该项目的建成将填补省内空白"]


@pytest.mark.parametrize(("phrase", "stage"), NOT_EVENTS)
def test_plan_is_no_event(phrase: str, stage: str) -> None:
    cues = _stage_cues(fold(phrase), 0, len(phrase), 0)
    assert cues and all(plan for _, plan, _, _ in cues), cues
    assert STAGE_BEFORE_PLAN[cues[0][0]] == stage


@pytest.mark.parametrize(("phrase", "stage"), PARTS_BUILT)
def test_part_built_is_building(phrase: str, stage: str) -> None:
    cues = _stage_cues(fold(phrase), 0, len(phrase), 0)
    assert [s for s, plan, _, _ in cues if not plan] == [stage]


@pytest.mark.parametrize("phrase", CONDITIONS)
def test_condition_is_no_cue(phrase: str) -> None:
    assert _stage_cues(fold(phrase), 0, len(phrase), 0) == []


def test_picture_label_is_a_caption() -> None:
    from pipeline.extract import _in_caption

    for line in ("某某新能源产业园项目效果图", "某某物流园鸟瞰图（资料图）"):
        assert _in_caption(line, 0, len(line)), line
    assert not _in_caption("某某项目正式开工，效果图已公示。", 0, 10)


# (text, a project, its stage): a sentence a photographer's credit closes is a caption, even where the page
# glued the credit to the next paragraph (`…开工仪式。某某 摄总投资…`): its cue reports the pictured project,
# not the article, so a project the article only refers to takes no stage from it
CREDITED_CAPTIONS = [
    (
        "远帆化工新材料基地一期工程开工仪式。李晓明 摄总投资80亿元的远帆化工新材料基地一期工程昨日开工建设。"
        "该项目是继华岳炼化项目之后本地又一重大工程。",
        "华岳炼化项目",
        "在建",
    ),
]


@pytest.mark.parametrize("text, name, stage", CREDITED_CAPTIONS)
def test_credited_sentence_is_a_caption(text: str, name: str, stage: str) -> None:
    got = _stages_of(text)
    assert [v for k, v in got.items() if name in k] == [stage], got


# (text, a project, its stage): a plan word that is only a piece of a name or a noun plans nothing
NO_PLAN_IN_A_WORD = [
    ("园区紧扣年度目标任务，推动宏远电机项目落地建设。", "宏远电机项目", "在建"),  # `目标任务`: a noun
    ("按照绿色工厂要求，宏远电机项目稳步推进建设。", "宏远电机项目", "在建"),  # `要求`
    ("全市主要领导出席，宏远电机项目正式开工。", "宏远电机项目", "开工"),  # `主要`
    ("远大希望集团华泰铝业项目正式开工。", "远大希望集团华泰铝业项目", "开工"),  # `希望` in a company's name
]


@pytest.mark.parametrize(("text", "name", "stage"), NO_PLAN_IN_A_WORD)
def test_plan_word_inside_a_word_is_no_plan(text: str, name: str, stage: str) -> None:
    got = _stages_of(text)
    assert got.get(name) == stage, got


# (phrase, the stage its event cues show): racing to a stage (`冲刺`) says the project is at the stage before
# it today, an event; a plan word over the race still makes it a plan
RACING = [
    ("全力冲刺完工", "在建"),
    ("某某电池项目正冲刺年底试生产", "在建"),
    ("可见该项目已进入冲刺完工阶段", "在建"),
    ("首栋厂房已封顶，正冲刺明年5月投产", "在建"),
]


@pytest.mark.parametrize(("phrase", "stage"), RACING)
def test_racing_to_a_stage_is_the_stage_before(phrase: str, stage: str) -> None:
    test_stage_of_shape(phrase, stage)


def test_planned_race_stays_a_plan() -> None:
    cues = _stage_cues(fold("力争冲刺年底投产"), 0, 8, 0)
    assert cues and all(plan for _, plan, _, _ in cues), cues


# (phrase, the stage its event cues show): preparation (design, permits, paperwork) is a signed project not yet
# started, whatever construction word it names
PREPARATION = [
    ("某某项目完成施工设计", "签约"),
    ("某某项目正在进行厂房设计，计划近期开工", "签约"),
    ("某某项目已办理土地挂牌手续，将于近期公示", "签约"),
    ("某某项目加快推进用地审批", "签约"),
    ("某某门窗制造项目目前已完成公司注册，正在规划设计", "签约"),
    ("某某项目正在进行设备调试", "在建"),  # work on the site, no preparation
]


@pytest.mark.parametrize(("phrase", "stage"), PREPARATION)
def test_preparation_is_a_signed_project(phrase: str, stage: str) -> None:
    test_stage_of_shape(phrase, stage)


# (phrase, the stage left): a denied cue (`尚未`, `无法`, `未能`) has not happened; like a plan, it leaves the stage
# before it
DENIED = [
    ("该项目因政策原因无法顺利推进", "签约"),
    ("某某项目至今尚未开工", "签约"),
    ("某某项目未能按期投产", "在建"),
]
# `未来`: the future, no denial: (phrase, whether its cue is a plan)
NOT_DENIED = [("未来城开工", False), ("未来工厂开工", False), ("签约后没多久就投产了", False)]


@pytest.mark.parametrize(("phrase", "stage"), DENIED)
def test_denied_cue_is_no_event(phrase: str, stage: str) -> None:
    test_plan_is_no_event(phrase, stage)


# (headline, text, a project, its stage): a plan word closed by a time frame (`即将召开之际`) dates the cue after
# it, it does not plan it
TIME_FRAMED = [
    (
        None,
        "13日，在第三届花卉博览会即将召开之际，14个项目在某某县奠基、开工。\n宏远电机项目总投资750万元。",
        "宏远电机项目",
        "开工",
    ),
    (
        None,
        "宏远电机项目将于博览会召开前夕正式投产。",
        "宏远电机项目",
        "在建",
    ),  # a planned production, dated by the frame
]


@pytest.mark.parametrize(("title", "text", "name", "stage"), TIME_FRAMED)
def test_time_frame_ends_a_plan(title: str | None, text: str, name: str, stage: str) -> None:
    got = _stages_of(text, title)
    assert got.get(name) == stage, got


def test_preparing_production_is_no_production() -> None:
    t = fold("项目已由工程建设转入生产准备阶段")
    assert all(stage != "投产" for stage, _, _, _ in _stage_cues(t, 0, len(t), 0))


@pytest.mark.parametrize(("phrase", "plan"), NOT_DENIED)
def test_future_is_no_denial(phrase: str, plan: bool) -> None:
    cues = _stage_cues(fold(phrase), 0, len(phrase), 0)
    assert cues and cues[0][1] == plan, cues


# (text, a project, the stage it takes): `该园区` is the zone the article is about unless a project is named a 园区
ZONE_POINTER = [
    (
        "宏远食品项目总投资1.2亿元，正在进行厂房设计，计划近期开工。\n截至目前，该园区共引进项目41个，已开工建设24个。",
        "宏远食品项目",
        "签约",
    ),  # the zone's count is not the last project's news
    (
        "瑞丰达智能制造产业园区项目总投资9亿元。目前，该园区已建成投产。",
        "瑞丰达智能制造产业园区项目",
        "投产",
    ),  # a project named a 园区 is what `该园区` points at
]


@pytest.mark.parametrize(("text", "name", "stage"), ZONE_POINTER)
def test_zone_pointer_is_no_project_pointer(text: str, name: str, stage: str) -> None:
    got = _stages_of(text, None)
    assert got.get(name) == stage, got


# (text, a project, the stage it takes): a sentence that opens on a verb that starts something has no subject
# of its own, so in a work plan the plan word of the sentence before it governs it; a verb of work going on, a
# cue before `的`, or a new paragraph opens no task of the plan
WORK_PLAN_TASKS = [
    ("明年，某县将加快新材料产业发展。开工宏远电机、瑞丰纺织等项目，构建产业链。", "宏远电机项目", "签约"),
    ("下一步，园区将壮大产业集群。启动3000亩产业园建设，开工瑞丰纺织等项目。", "瑞丰纺织项目", "签约"),
    ("明年，某县将加快新材料产业发展。\n开工宏远电机、瑞丰纺织等项目，构建产业链。", "宏远电机项目", "开工"),
    ("明年，某县将加快新材料产业发展。开工的宏远电机项目总投资2亿元。", "宏远电机项目", "开工"),
    ("某集团将做好园区运营。加速推进宏远电机项目建设。", "宏远电机项目", "在建"),
]


@pytest.mark.parametrize(("text", "name", "stage"), WORK_PLAN_TASKS)
def test_work_plan_governs_its_tasks(text: str, name: str, stage: str) -> None:
    got = _stages_of(text)
    assert got.get(name) == stage, got
