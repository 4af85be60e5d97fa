"""Find the projects an article mentions, with the facts it states about each, and the aggregates it
reports (`12个项目，总投资56亿元`) kept apart.

`find_mentions(article)` is the one public verb. It is pure: text in, mentions out. The steps:
1. sentences of the folded text (offsets stay those of the stored text) and the names in it
   (`names.find_names`), grouped per project (`names.group_names`);
2. what each sentence is about: the project it names, or the one a pronoun (`该项目`, `整个基地`)
   or the paragraph's topic points back to;
3. each amount bound by ranking its possible targets (the names of its sentence, a pronoun's or the
   topic's project, the aggregate, none) on named pairwise features; aggregates are detected first and
   "none" wins ties, so a figure in doubt stays off every project (and in its aggregate);
4. the stage reached by the article's date from the project's own cues, else a list heading or the
   headline over it (plans kept apart; where it came from is kept), the company and the park.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .amounts import find_amounts
from .forecast import figure_is_forecast
from .lexicon import (
    AGGREGATE_COUNT,
    CONDITION_AFTER,
    COUNT_RE,
    INVESTMENT_CUES,
    JOBS_CUES,
    NOT_INVESTMENT,
    NOT_OUTPUT,
    OUTPUT_CUES,
    PLAN_WORDS,
    STAGE_BEFORE_PLAN,
    STAGE_ORDER,
    alternation,
)
from .model import Aggregate, Amount, Article, Mention
from .names import (
    BUILD_BEFORE,
    PHASE_RE,
    SECTOR_RE,
    STAGE_CUE_LIST,
    STAGE_OF,
    STAGE_RE,
    TAIL_RE,
    Occurrence,
    Spans,
    clause_end,
    clause_marks,
    clause_start,
    company_key,
    core_name,
    find_names,
    group_names,
    is_place_word,
    only_places,
    sentence_index,
    sentence_spans,
)
from .parks import BARE, ParkSpan, find_parks
from .places import locate_mentions
from .places import scan as scan_places
from .textnorm import fold

PLAN_RE = re.compile(alternation(PLAN_WORDS))
INVEST_RE = re.compile(alternation(INVESTMENT_CUES))
NOT_INVEST_RE = re.compile(alternation(NOT_INVESTMENT))
OUTPUT_RE = re.compile(alternation(OUTPUT_CUES))
NOT_OUTPUT_RE = re.compile(alternation(NOT_OUTPUT))
JOBS_RE = re.compile(alternation(JOBS_CUES))
# Words that point back at a project: `该项目`, `整个基地`, and a bare 项目 opening a clause.
PRONOUN_RE = re.compile(
    r"(?:该|此|本|这个|这一|整个|这座|这家|该项)(?:[\u4e00-\u9fff]{0,6}?)(?P<head>项目|基地|产业园|园区|工程|厂区|工厂|产业城|科技城|中心|厂)"
    r"|(?:^|(?<=[，,。；;:：\n]))(?:目前|如今|同时|其中)?,?(?P<bare>项目)(?![\d个名])"
)
# Between an amount and the name it qualifies: `投资10亿元的X`, `总投资17.5亿元实施的X`, `投资2个多亿建设X`.
QUALIFIES = re.compile(r"\s*(?:人民币)?(?:左右|以上)?\s*(?:(?:建设|实施|打造|投资建设|兴建|新建|建)的?|的)?\s*")
POINTER_PHASE = re.compile(r"[一二三四五首]期")  # a phase a pointer names (`本次开工的二期项目`)
RECENT_TOPIC = 4  # sentences a pronoun may reach back over a paragraph of other talk
PERIOD = re.compile(r"[。！？!?\n]")
LISTED_AFTER = re.compile(r"分别是|分别为|包括")
PARK_ORIGIN = {3: "name", 2: "sentence", 1: "article"}
# What may stand before a park that is its sentence's subject: a date, a province or city, 以/在/由.
SUBJECT_PARK_BEFORE = re.compile(
    r"(?:\d{1,2}月\d{1,2}日|今年以来|今年|近日|日前|目前|近年来)?[,，]?\s*(?:[\u4e00-\u9fff]{2}(?:省|市))?(?:以|在|由)?"
)
PARK_LOCATIVE = re.compile(r"(?:在|于|位于|落户|落地|入驻|设在|地处|走进|来到|进驻)$")
CUE_IS_STATISTIC = re.compile(r"率|面积|剂|器")  # `开工率`; `推进剂`, `推进器` are things
# A period in an amount's own clause makes it that period's figure (`仅上半年…投资金额为2021亿元`).
PERIOD_FIGURE = re.compile(r"上半年|下半年|前三季度|[一二三四]季度|全年|今年以来|\d{1,2}\s*[-—~至]\s*\d{1,2}月")
# Output stated for a period (`首季实现产值`, `上半年产值`) is that period's, not a project's annual output.
OUTPUT_PERIOD = re.compile(r"上半年|下半年|前三季度|[一二三四]季度|首季|今年以来|\d{1,2}\s*[-—~至]\s*\d{1,2}月")
# Output a project drives others to make (`可带动上下游实现产值100亿元`, `带动配套产业产值`) is the chain's,
# not the project's own: no project's output figure.
SPILLOVER_OUTPUT = re.compile(r"带动[\u4e00-\u9fff]{0,6}?(?:上下游|配套|相关产业|关联产业|周边|产业链)")
# After a construction cue, words that make it a preparation (`施工设计`, `施工许可`, `建设方案`): the project
# is signed and not yet started (签约).
PREPARATION_AFTER = re.compile(r"(?:图|设计|许可|方案|手续|招标|准备)")
# Cues that name work in hand without saying which (`正在进行…`): the work is their object, a preparation when
# the object is one (`正在进行厂房设计`, `推进用地审批`).
WORK_IN_HAND = ("正在进行", "推进", "加快推进", "加速推进", "正加速推进")
PREPARATION_OBJECT = re.compile(r"^[^，,。；;]{0,8}?(?:设计|许可|手续|招标|审批|报批|前期)")
# `引进` signs a project in only when the project is what is brought; a clause ending on equipment, know-how,
# people or tenants (`引进自动化生产设备`, `引进研发人才约5000人`, `引进品牌商家`) is the project bringing them.
BRING_IN = ("引进", "导入", "招引")
BROUGHT_THING = re.compile(
    r"(?:设备|设施|技术|人才|团队|商家|品牌|机组|织机|机床|经验|机制|工艺|专家)"
    r"(?:等|约?\s*[\d.]+\s*[万千百]?\s*(?:台|套|人|名|位)?)?$"
)
# A count right after `安装` (`安装58台…机组`): the scope a description gives, not progress (`已安装3台`).
SCOPE_COUNT = re.compile(r"\s*(?:\d+|[一二三四五六七八九十两百千]+)\s*(?:台|套|组|个)")
# Paperwork with no stage word (`已办理土地挂牌手续`, `办理用地审批`): a signed project, not yet started.
PAPERWORK_RE = re.compile(r"办理[^，,。；;]{0,8}?(?:手续|许可|审批)")
# Money already spent on the works (`已完成投资4亿元`, `去年已投入建设资金20亿元`): being built, with no stage word.
SPENT_RE = re.compile(r"(?:已|已经|现已|已累计|累计)(?:完成|投入)(?:建设资金|固定资产投资|投资)")
# Cue shapes that are no single word: (pattern, the stage they show)
# Design or registration in hand (`正在规划设计`, `已完成公司注册`): preparing, not yet started.
DESIGNING_RE = re.compile(r"(?:正在|已完成|完成|进行|开展)[^，,。；;]{0,6}?(?:设计|公司注册|工商注册)")
PHRASE_CUES = ((PAPERWORK_RE, "签约"), (DESIGNING_RE, "签约"), (SPENT_RE, "在建"))
# `推进` with an abstract object (`推进绿色发展`, `推进改革`) and no building word says no construction.
ABSTRACT_AFTER = re.compile(r"发展|改革|转型|升级|精神|战略|合作|开放|融合|创新|党建|工作")
BUILDING_NEAR = re.compile(r"建设|施工|工程|进度|项目|厂房|主体|安装|顺利")
# After 建成/竣工: in use (`建成运营`, `竣工投用`, `建成并投入使用`).
IN_USE_AFTER = re.compile(r"(?:并|且|后即)?(?:运营|投运|投用|投入使用|营业|运行|使用)")
# A figure per unit (`亩均年产值1.3万元`, `人均`) is no project's total.
PER_UNIT = re.compile(r"(?:亩均|人均|平均|单位|每亩|每平方米)[^，,。；;]{0,6}$")
# Cues strong enough to give a whole article its stage (`…集中开工`); `运营`, `推进` in a headline are not.
ARTICLE_CUES = {
    "签约",
    "签约仪式",
    "签署",  # `与省政府签署框架协议`: an agreement signed is the article's news
    "签订",
    "集中开工",
    "开工",
    "开工仪式",
    "开工典礼",
    "奠基",
    "竣工",
    "投产",
    "建成投产",
    "竣工投产",
}


Bound = tuple[int, Amount, str, str]  # (priority, amount, cue, why it was bound)


@dataclass
class Found:
    """Everything the article says about one project, before it becomes a Mention."""

    occurrences: list[Occurrence]
    investment: list[Bound] = field(default_factory=list)
    output: list[Bound] = field(default_factory=list)
    jobs: list[Bound] = field(default_factory=list)
    stages: list[tuple[str, bool, int, int]] = field(default_factory=list)  # (stage, is_plan, start, end)
    fallback_stages: list[tuple[str, bool, int, int]] = field(default_factory=list)
    parks: list[tuple[int, ParkSpan]] = field(default_factory=list)  # (priority, park)


@dataclass
class Context:
    """The article as the binding steps see it."""

    t: str
    sentences: list[tuple[int, int]]
    occurrences: list[Occurrence]
    named_in: dict[int, list[Occurrence]]
    pronoun_target: dict[int, int | None]  # pronoun start -> group
    pronouns_in: dict[int, list[re.Match[str]]]
    topic_of: dict[int, int | None]  # sentence -> group it is about when it names none
    named: Spans  # where the article names projects
    amounts: list[Amount] = field(default_factory=list)  # in text order
    amount_starts: list[int] = field(default_factory=list)
    # built once on first use by the binding helpers: an article can state one figure thousands of times
    aggregate_sentences: dict[tuple, set[int]] | None = None  # (kind, value, currency) -> sentences summing it
    name_texts: list[tuple[str, int]] | None = None  # distinct (name as written, group)
    companies: CompanyIndex | None = None  # the groups' companies, indexed for the company rules
    whole_named: dict[int, bool] = field(default_factory=dict)  # group -> its phase's whole named in words


# ---------------------------------------------------------------- what sentences are about


def _paragraph_starts(t: str, sentences: list[tuple[int, int]]) -> set[int]:
    return {si for si, (start, _) in enumerate(sentences) if si == 0 or "\n" in t[sentences[si - 1][1] : start]}


# _after_copula's patterns, compiled once (it is called many times per article)
COPULA_BEFORE = re.compile(r"(?:是|为|系|属于|成为)[^，,。；;]{0,20}$")


def _after_copula(t: str, named: Spans, subject: Occurrence, o: Occurrence) -> bool:
    """Whether `o` stands after a copula (`是`, `为`, `系`) that follows `subject` in one clause run: a
    description of the subject, not a project of its own to point back to."""
    copula = COPULA_BEFORE.search(t[subject.end : o.start])
    return bool(copula) and not named.covers(subject.end + copula.start())


def _last_named_with(phase_ends: dict[str, tuple[list[int], list[int]]], word: str, before: int) -> int | None:
    """The group of the last name holding `word` (a phase) that ends by `before`, or None."""
    ends, groups = phase_ends.get(word, ([], []))
    k = bisect_left(ends, before + 1) - 1
    return groups[k] if k >= 0 else None


def _context(t: str, sentences: list[tuple[int, int]], occs: list[Occurrence]) -> Context:
    named_in: dict[int, list[Occurrence]] = {}
    for o in occs:
        named_in.setdefault(sentence_index(sentences, o.start), []).append(o)
    pronouns_in: dict[int, list[re.Match[str]]] = {}
    named = Spans((o.start, o.end) for o in occs)
    for m in PRONOUN_RE.finditer(t):
        if named.covers(m.start()):
            continue
        pronouns_in.setdefault(sentence_index(sentences, m.start()), []).append(m)
    paragraph_starts = _paragraph_starts(t, sentences)
    phase_ends: dict[str, tuple[list[int], list[int]]] = {}  # phase word -> (ends, groups) of names holding it
    for o in sorted(occs, key=lambda o: o.end):
        for word in set(POINTER_PHASE.findall(o.name)):
            ends, groups = phase_ends.setdefault(word, ([], []))
            ends.append(o.end)
            groups.append(o.group)
    pronoun_target: dict[int, int | None] = {}
    topic_of: dict[int, int | None] = {}
    current: int | None = None
    recent: tuple[int, int] | None = None  # (group, sentence) of the last topic, kept over a quote
    for si in range(len(sentences)):
        here = named_in.get(si, [])
        prons = pronouns_in.get(si, [])
        if si in paragraph_starts and not prons and not here:
            if current is not None:
                recent = (current, si)
            current = None
        topic_of[si] = current
        for p in prons:
            before = [o for o in here if o.end <= p.start()]
            # a name after 是/为 describes the one before it (`A项目是B园的配套煤矿项目，…，项目总投资…`)
            subjects = [o for i, o in enumerate(before) if not (i and _after_copula(t, named, before[0], o))]
            head = p.group("head")
            phase = POINTER_PHASE.search(p.group())
            phased = _last_named_with(phase_ends, phase.group(), p.start()) if phase and not subjects else None
            if subjects:
                target = subjects[-1].group
            elif phased is not None:
                target = phased  # `本次开工的二期项目` points at the project named with its 二期
            elif head and head != "项目":
                typed = [o for o in occs if o.end <= p.start() and head in o.name]
                if typed:
                    target = typed[-1].group
                elif head == "园区":
                    target = None  # `该园区` where no project is named a 园区: the zone the article is about
                else:
                    target = current
            else:
                target = current
            if target is None and recent and si - recent[1] <= RECENT_TOPIC:
                target = recent[0]  # `“…整个项目计划…竣工。”` after a quoted paragraph
            pronoun_target[p.start()] = target
        if here:
            groups = {o.group for o in here}
            subject = here[0]
            # several projects: the sentence is about its subject when one opens it (`位于…的A项目，是B基地的配套项目`)
            opens = subject.kind == "head" and subject.start - sentences[si][0] <= 12 and subject.list_start is None
            current = subject.group if len(groups) == 1 or opens else None
        elif prons and pronoun_target.get(prons[0].start()) is not None:
            current = pronoun_target[prons[0].start()]
    return Context(t, sentences, occs, named_in, pronoun_target, pronouns_in, topic_of, named)


# ---------------------------------------------------------------- amounts


# _amount_role's patterns, compiled once (it is called many times per article)
QUALIFIES_NAME = re.compile(QUALIFIES.pattern + r"[\u4e00-\u9fffA-Za-z“]")
PRICE_TAG_OF = re.compile(r"\s*(?:左右|以上)?\s*的")
CLAUSE_MARK = re.compile(r"[，,。;；]")
WHOLE_OUTPUT = re.compile(r"全部|全面|总")
PHASE_BEFORE_CUE = re.compile(r"(?:一|二|首)期")
MONEY_CAPACITY_AFTER = re.compile(r"\s*(?:左右|以上)?\s*(?:年)?产能(?:规模)?")
OUTPUT_AFTER_PRICE = re.compile(r"\s*(?:左右|以上)?\s*的(?:年|工业)?(?:总?产值|销售收入|营业收入|营收)")


def _amount_role(t: str, a: Amount, floor: int) -> tuple[str | None, int, str]:
    """What an amount is (investment/output/jobs, or None) from the words just before it."""
    before = t[max(floor, a.start - 14) : a.start]
    if a.kind == "people":
        m = JOBS_RE.search(t, max(floor, a.start - 10), a.end + 4)
        return ("jobs", 1, m.group()) if m else (None, 0, "")
    if NOT_INVEST_RE.search(before) or NOT_OUTPUT_RE.search(before[-8:]) or PER_UNIT.search(before[-8:]):
        return None, 0, ""
    inv = list(INVEST_RE.finditer(before))
    out = list(OUTPUT_RE.finditer(before))
    last_inv = inv[-1] if inv else None
    last_out = out[-1] if out else None
    if last_out and (not last_inv or last_out.end() > last_inv.end()):
        if CLAUSE_MARK.search(before[last_out.end() :]):
            return None, 0, ""
        cue = last_out.group()
        if OUTPUT_PERIOD.search(t, floor, a.start):
            return None, 0, ""  # `首季实现产值20亿元`: a period's output, no annual figure of a project
        clause = max(floor, *(t.rfind(c, floor, a.start) + 1 for c in "，,。;；"))
        if SPILLOVER_OUTPUT.search(t, clause, a.start):
            return None, 0, ""
        return "output", 2 if WHOLE_OUTPUT.search(before) else 1, cue
    if last_inv:
        if CLAUSE_MARK.search(before[last_inv.end() :]):
            return None, 0, ""
        cue = last_inv.group()
        if STATISTIC_CUE.search(before[: last_inv.end()]) or PERIOD_FIGURE.search(t, floor, a.start):
            return None, 0, ""  # `其中工业投资7.9亿元`, `上半年…投资金额为`: a sector's or a period's figure
        priority = 2 if "总" in cue else 1
        if PHASE_BEFORE_CUE.search(before[max(0, last_inv.start() - 6) : last_inv.start()]):
            priority = 0
        return "investment", priority, cue
    if QUALIFIES_NAME.match(t[a.end : a.end + 8]) and PRICE_TAG_OF.match(t[a.end : a.end + 5]):
        if OUTPUT_AFTER_PRICE.match(t[a.end : a.end + 12]):
            return "output", 1, ""  # `每年可带来30亿元以上的工业产值`
        return "investment", 1, ""  # `…、40亿元的万家灯火…项目`: a price tag in a list of projects
    if a.kind == "money" and MONEY_CAPACITY_AFTER.match(t, a.end):
        return "output", 1, "产能"  # `建成后将具备150亿元产能规模`: a capacity counted in money is a year's output
    return None, 0, ""


# ---------------------------------------------------------------- amounts: which target an amount belongs to
#
# An amount is bound by ranking its possible targets: each project named in its sentence, the project a
# pronoun points back to, the paragraph's topic, the aggregate (a list, a total, a count of projects)
# and "none". Aggregates are detected first: an amount stated for several projects never reaches one of
# them. Each target scores the sum of named pairwise features (the W_ weights below); "none" scores 0 and
# wins ties, so a binding the features do not make clear leaves the figure off the project (it stays in
# the article and, in a sentence that counts projects, in its aggregate).

NUMERAL = r"(?:\d+|[一二三四五六七八九十两百千几]+)"
# Between two names of one list: `A、B`, `A项目和B项目`, `A及B`.
LIST_GAP = re.compile(r"\s*(?:、|和|及|与|以及|同|,|，)\s*")
# A count of projects, tolerant of what its noun carries (`261个影响力大、带动能力强的项目`), or a
# count stated of projects (`臺資項目達597個`, `…的项目有4项`); a clause mark ends it.
PROJECT_COUNT = re.compile(
    rf"{NUMERAL}\s*(?:个|项|批)[^，,。；;：:！？\n]{{0,16}}?(?:项目|工程)"
    rf"|(?:项目|工程)(?:共|共计|合计|总计|累计|总数)?(?:达到|达|有|为|近|超)?\s*{NUMERAL}\s*(?:个|项)(?!目)"
)
# What every match of PROJECT_COUNT and AGGREGATE_COUNT holds, a numeral before its measure word: a quick
# scan decides whether to try them.
COUNTED = re.compile(r"[\d一二三四五六七八九十两百千几]\s*[个项批家]")
# A count right after a list's last item (`A、B等8个项目`, `A、B两个项目`, `A和B两大项目`).
COUNT_AFTER = re.compile(rf"\s*(?:项目)?\s*(?:等|这|此|共)?\s*{NUMERAL}\s*(?:个|项|大)")
# Words saying the figure is a sum (`共`, `合计`, `上述项目`): over several names, an aggregate.
TOTAL_WORD = re.compile(r"共|合计|总计|累计|全部|这些|上述|以上项目|整体|总规模|投资规模|一共")
# Words saying the figure holds for each of several names (`两个项目投资均过百亿元`); not 亩均, 人均, 各类.
EACH_WORD = re.compile(r"(?<![亩人平])均(?![衡价])|各(?![类种项级地界方自])")
RESPECTIVELY = "分别"
INVESTOR_VERBS = ("投资", "出资", "投入", "再投", "增资", "拟投资", "计划投资")
# A copula or a comparison: a name after it describes the subject (`A项目是B的配套项目`,
# `A是继B项目之后又一个…`), it is not what the sentence's figures are about.
PREDICATE_BEFORE = re.compile(r"(?:是|为|系|属于|成为|继|作为|列入|纳入)[^，,。；;]{0,20}$")
# An amount that prices something: `投资10亿元的<…>`. When the article names no project there, the
# figure is that unnamed thing's (`投资10亿元的湖北某某正冲刺…`), not the topic's.
PRICE_TAG_AFTER = re.compile(r"\s*(?:人民币)?(?:左右|以上)?\s*(?:(?:建设|实施|打造|投资建设|兴建|新建|建))?的\s*")
# An amount, then a description joined by 、, then the name: `投资7亿元、年产整车10万辆的X项目`.
PRICED_ACROSS = re.compile(r"\s*、\s*[^，,。；;、：:]{1,16}?的\s*")
# What after `的` still points at the project talked about (`的该项目`, `的二期工程`) or is no thing
# (`的目标`, `的规模`).
PRICE_TAG_OWN = re.compile(
    r"(?:该|此|本)?项目(?!群)|[一二三四首]期|目标|规模|水平|总?投资|产值|收入|营收|销售|税收|效益|速度"
)
# Figures for a sector or a period, not a project's price: `工业投资7.9亿元`, `固定资产投资`.
STATISTIC_CUE = re.compile(
    r"(?:工业|固定资产|民间|社会|实际利用|利用|到位|外商|招商引资|年度|全年|上半年|全社会)(?:投资|外资|资金)(?:额|金额)?(?:为|达|达到)?$"
)
# What may open a clause before an amount's cue without being a subject of its own.
SUBJECT_FREE = re.compile(
    r"(?:其中|目前|此外|另外|同时|据悉|据了解|据介绍|另据|截至目前|预计|计划|拟|将|可|已|共|总|整体|总体|"
    r"该项目|项目|该|此|本|这个|一期|二期|三期|四期|首期|工程|规划|协议|合同|注册|初步|估算|概算|动态|静态|新增|"
    r"达|约|近|达到|完成|全部|主要|核准|备案|签约|引进|落户|实施|建设|新建|扩建|续建|分两期|分期|"
    r"今年|明年|当年|\d{4}年|\d{1,2}月|年|[,，\s:：“”\"])*"
)
# After a count of firms: a clause mark or 均/都/共 makes the count its clause's subject (`两家企业，均为…`),
# not an object (`推动20家配套企业做大做强`).
FIRMS_AS_SUBJECT = re.compile(r"\s*(?:[,，]|均|都|共|合计)")
W_SAME_CLAUSE = 2.0  # `A项目总投资10亿元`
W_PREVIOUS_CLAUSES = 1.5  # `A项目，位于…，总投资10亿元`
W_SOLE = 1.0  # the only name of the sentence, after the amount: `某集团总投资5.4亿元，年产…建设项目`
W_PRONOUN = 2.0  # `该项目总投资1.5亿美元`
W_PRONOUN_SAME_CLAUSE = 0.5
W_TOPIC = 1.0  # a sentence naming none, in a paragraph about one project
W_NAME_BETWEEN = -1.5  # per other project named between the name and the amount
W_PREDICATE = -2.5  # a name after 是/为/继 describes the subject
W_OTHER_SUBJECT = -3.0  # the amount's clause has a subject of its own (`度小满科技投资30亿元`)
W_AGGREGATE_COUNT = 4.0  # a count of projects states what the amount is for
W_AGGREGATE_LIST = 3.0  # a list of several projects, then one amount
W_AGGREGATE_TOTAL = 3.0  # `共`/`合计` over several names


@dataclass
class Binding:
    """Where an amount goes: the groups it is bound to (none for an aggregate or a doubt), and why."""

    groups: list[int]
    target: str  # name | each | respective | pronoun | topic | aggregate | none
    why: str = ""


def _list_before(t: str, names: list[Occurrence]) -> list[Occurrence]:
    """The list the last of `names` closes (`A、B和C项目`), last item first; just that name if no list."""
    if not names:
        return []
    ordered = sorted(names, key=lambda o: o.start)
    items = [ordered[-1]]
    for o in reversed(ordered[:-1]):
        if o.end > items[-1].start:
            continue  # another reading of the same span
        if LIST_GAP.fullmatch(t, o.end, items[-1].start) or (
            o.list_start is not None and o.list_start == items[0].list_start
        ):
            items.append(o)
        else:
            break
    return items


def _list_after(t: str, first: Occurrence, names: list[Occurrence]) -> list[Occurrence]:
    """The list `first` opens (`A、B、C等`), in text order."""
    items = [first]
    for o in sorted(names, key=lambda o: o.start):
        if o.start < items[-1].end:
            continue
        if LIST_GAP.fullmatch(t, items[-1].end, o.start) or (
            o.list_start is not None and o.list_start == first.list_start
        ):
            items.append(o)
        else:
            break
    return items


# _subject_of_clause's patterns, compiled once (it is called many times per article)
LOCATED_VERB_END = re.compile(r"(?:(?:在|于|向|到|赴|落户)[^，,]{1,10}?)?[将拟已再又也还共均各可]?$")
NAME_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _subject_of_clause(t: str, c_start: int, cue: re.Match[str] | None) -> str:
    """The investor a clause names before its verb `投资`/`出资`/`投入` (`度小满科技投资30亿元`), when it is
    neither an adverb nor the project's own words (`项目总投资`, `该项目计划投资`); else an empty string."""
    if cue is None or cue.group() not in INVESTOR_VERBS:
        return ""
    prefix = t[c_start : cue.start()]
    m = SUBJECT_FREE.match(prefix)
    rest = prefix[m.end() :] if m else prefix
    rest = LOCATED_VERB_END.sub("", rest)  # `拟在福州投资`
    return rest if len(NAME_LETTER.findall(rest)) >= 2 else ""


# Before an output or jobs cue: words that say when or how the figure comes, not whose it is.
OUTCOME_FREE = re.compile(
    r"(?:实现|形成|带来|创造|新增|增加|提供|解决|带动|吸纳|安置|可以|可|能|将|预计|建成后|投产后|达产后|达效后|全部|"
    r"全面|每年|年均|年|达到|直接|间接|届时|项目|该项目|一期|二期|首期|整体|正式|后|[,，\s])*"
)


# _holder_of_figure's patterns, compiled once (it is called many times per article)
HELD_BY = re.compile(r"(?:[\u4e00-\u9fff]{0,6}?(?:后|时))?[,，]?(?P<h>(?:该|本|全|我)?(?:公司|集团|企业|[省市县区镇]))")
VERB_BEFORE_CUE = re.compile(r"(?:实现|形成|带来|创造|新增|增加|提供|解决|带动|吸纳|安置|达到|可|将)$")


def _holder_of_figure(t: str, c_start: int, end: int, role: str) -> str:
    """A noun that opens an output or jobs clause and holds its figure (`全县造船业年产值将达68亿元`,
    `公司年产值达1000亿元`), when it is none of the project's own words; else an empty string."""
    cue = (OUTPUT_RE if role == "output" else JOBS_RE).search(t, max(c_start, end - 14), end)
    if cue is None:
        return ""
    prefix = t[c_start : cue.start()]
    m = SUBJECT_FREE.match(prefix)
    rest = prefix[m.end() :] if m else prefix
    m = OUTCOME_FREE.match(rest)
    rest = rest[m.end() :] if m else rest
    if VERB_BEFORE_CUE.search(rest):
        return ""  # a verb right before the cue: the clause's subject is the project talked about
    if not rest and c_start > 0 and t[c_start - 1] in "，,":
        # a clause with no subject of its own shares the one before (`公司产能将达212吉瓦时，年产值达1000亿元`)
        prev = t[clause_start(t, c_start - 1, max(0, c_start - 40)) : c_start - 1]
        held = HELD_BY.match(prev)
        return held.group("h") if held else ""
    # only a holder of its own kind: a sector, a firm, a place (`造船业`, `公司`, `全县`); `整车产值`,
    # `设计年产值`, `劳动就业` qualify the figure itself
    return rest if HOLDER.search(rest) else ""


HOLDER = re.compile(r"(?:[\u4e00-\u9fff]业|公司|集团|企业|园区|[全我该本][省市县区镇]|[省市县区])$")


# What a described subject is stripped of before it is compared with a project's words.
GENERIC_NAME_PARTS = re.compile(
    r"(?:股份)?有限(?:责任)?公司|集团|科技|实业|发展|项目|产业|基地|工程|此次|本次|目前|已经|建成|投产|的"
)


# _described_subject's patterns, compiled once (it is called many times per article)
SUBJECT_DESCRIBED = re.compile(
    r"(?:(?:\d{1,2}月\d{1,2}日|据悉|据了解|据介绍|目前|此外|另外|其中|同时)[,，]?)?\s*(?P<s>[^，,。；;：:]{2,30}?)(?:是(?!否)|系(?![统列数]))"
)
POINTER_SUBJECT = re.compile(r"(?:该|此(?!次)|这(?!次)|本(?!次)|其|项目|它)")


def _described_subject(t: str, s_start: int, s_end: int) -> str:
    """The subject a sentence opens by describing with 是/为/系 (`某某机械有限公司是…新公司`), with its
    generic words left out, when it is no pronoun; else an empty string."""
    m = SUBJECT_DESCRIBED.match(t[s_start:s_end])
    if not m or POINTER_SUBJECT.match(m.group("s")):
        return ""
    rest = GENERIC_NAME_PARTS.sub("", m.group("s"))
    return rest if len(rest) >= 2 else ""


GENERIC_FIRM_WORDS = re.compile(r"(?:股份)?(?:有限)?(?:责任)?公司|集团|企业|科技|实业|^[该本我全]")


def _shares_word(subject: str, names: list[Occurrence]) -> bool:
    """Whether a clause's subject is (part of) one of these names or their company: `联想图像` and
    `联想激光打印机项目` share `联想`. Generic words (`公司`, `集团`, `科技`) make no identity: `公司产能…，
    年产值…` is the firm's, whatever firm a name carries."""
    subject = GENERIC_FIRM_WORDS.sub("", subject)
    for o in names:
        for text in (o.name, o.company or ""):
            if any(subject[i : i + 2] in text for i in range(len(subject) - 1)):
                return True
    return False


# _sole_name_doubtful's patterns, compiled once (it is called many times per article)
PHASE_NAME_LEAD = re.compile(r"(?:[一二三四首]期|[一二三四]阶段)")


def _sole_name_doubtful(ctx: Context, a: Amount, here: list[Occurrence]) -> bool:
    """Whether the one name after an amount is not what the amount is stated for, so "sole name" must not
    bind it: another figure of the same kind stands between them (`投资2亿元的某物流和投资1亿元的A项目`: A
    has its own), the sentence points at a project before the amount (`该项目…，总投资60亿元，一期建设…A项目`),
    or the name is a phase in a later clause (`总投资400亿元，一期A项目已并网`: the whole's figure)."""
    t = ctx.t
    first = min(here, key=lambda o: o.start)
    if any(b.kind == a.kind for b in _amounts_in(ctx, a.end, first.start)):
        return True
    if any(p.start() < a.start for p in ctx.pronouns_in.get(sentence_index(ctx.sentences, a.start), [])):
        return True
    later_clause = first.start > clause_end(t, a.end, ctx.sentences[sentence_index(ctx.sentences, a.start)][1])
    return later_clause and bool(PHASE_NAME_LEAD.match(first.name))


def _amounts_in(ctx: Context, lo: int, hi: int) -> list[Amount]:
    """The amounts starting in [lo, hi), found by bisection (an article can state thousands)."""
    starts = ctx.amount_starts
    return ctx.amounts[bisect_left(starts, lo) : bisect_left(starts, hi)]


# _respective's patterns, compiled once (it is called many times per article)
RUN_GAP = re.compile(r"[、和及与,，\s]*")


def _respective(ctx: Context) -> dict[int, int | None]:
    """Amounts under `分别` paired in order with the names they list: `A、B分别投资3亿元、5亿元`,
    `总投资分别为11亿元、6亿元的A和B`. An amount under 分别 that cannot be paired maps to None."""
    t = ctx.t
    out: dict[int, int | None] = {}
    for m in re.finditer(RESPECTIVELY, t):
        si = sentence_index(ctx.sentences, m.start())
        s_end = ctx.sentences[si][1]
        run: list[Amount] = []
        pos = m.end()
        for a in _amounts_in(ctx, pos, s_end):
            gap = t[pos : a.start]
            if run and not RUN_GAP.fullmatch(gap):
                break
            if not run and (len(gap) > 14 or CLAUSE_MARK.search(gap)):
                break
            run.append(a)
            pos = a.end
        if not run:
            continue
        here = sorted(ctx.named_in.get(si, []), key=lambda o: o.start)
        before = _list_before(t, [o for o in here if o.end <= m.start()])
        after_names = [o for o in here if o.start >= run[-1].end]
        after = []
        if after_names and QUALIFIES.fullmatch(t, run[-1].end, after_names[0].start):
            after = _list_after(t, after_names[0], after_names)
        targets = sorted(before if len(before) >= 2 else after, key=lambda o: o.start)
        groups = list(dict.fromkeys(o.group for o in targets))
        if len(run) < 2:
            continue  # one amount under 分别 (`分别为投资6000万元的A，…`): the usual ranking decides
        paired = len(groups) == len(run)
        for i, a in enumerate(run):
            out[a.start] = groups[i] if paired else None
    return out


# _aggregate_score's patterns, compiled once (it is called many times per article)
ONE_COUNTED = re.compile(r"(?<![\d十])(?:1|一)\s*(?:个|项)")
COUNTED_BEFORE_NAME = re.compile(rf"{NUMERAL}\s*(?:个|项|大)$")


def _aggregate_score(ctx: Context, a: Amount, si: int, before: list[Occurrence]) -> tuple[float, str]:
    """How strongly the text states this amount for several projects: a count of projects in its reach,
    a list of names just before it, a total word over several names."""
    t, (s_start, s_end) = ctx.t, ctx.sentences[si]
    here = ctx.named_in.get(si, [])
    c_start = clause_start(t, a.start, s_start)
    prev_start = clause_start(t, max(s_start, c_start - 1), s_start) if c_start > s_start else c_start
    c_end = clause_end(t, a.end, s_end)
    # from the last name before the amount (else the sentence's start): a count there is what the amount
    # is stated for (`回归园一期已经落户企业15家,…,总投资114.6亿元`)
    window_start = min(prev_start, max(o.end for o in before) if before else s_start)
    counted = COUNTED.search(t, window_start, c_end) is not None
    for pattern in (AGGREGATE_COUNT, PROJECT_COUNT) if counted else ():
        for m in pattern.finditer(t, window_start, c_end):
            if (
                a.kind == "people"
                and "项目" not in m.group()
                and "工程" not in m.group()
                and not FIRMS_AS_SUBJECT.match(t, m.end())
            ):
                continue  # a count of firms holds a jobs figure only as a subject (`…的两家企业，均为…，带动就业`)
            if ONE_COUNTED.search(m.group()):
                continue  # `总投资5000万美元的项目有1项，为A项目`: one project is no aggregate
            lo, hi = sorted((m.end(), a.start))
            if not any(lo <= o.start < hi for o in here):
                return W_AGGREGATE_COUNT, f"count {m.group()}"
    items = _list_before(t, before)
    last = items[0] if items else None
    if last is not None and COUNTED_BEFORE_NAME.search(t[max(s_start, last.start - 4) : last.start]):
        return W_AGGREGATE_COUNT, "counted name"  # `8个油气储备项目`
    if last is not None and COUNT_AFTER.match(t, last.end):
        return W_AGGREGATE_COUNT, "counted list"  # `A和B两个项目`
    if len({o.group for o in items}) >= 2:
        if TOTAL_WORD.search(t, last.end, a.start):
            return W_AGGREGATE_TOTAL + W_AGGREGATE_LIST, "total over a list"
        return W_AGGREGATE_LIST, "after a list"
    if len({o.group for o in before}) >= 2 and TOTAL_WORD.search(t, c_start, a.start):
        return W_AGGREGATE_TOTAL, "total word"
    return 0.0, ""


# _bind's patterns, compiled once (it is called many times per article)
PROJECT_AFTER_DA = re.compile(r"\s*的项目")
ETC_AFTER = re.compile(r"\s*(?:项目)?\s*等")
OWN_TAG = re.compile(r"(?:该|此|本)?项目(?!群)")
COUNTED_REST = re.compile(rf"{NUMERAL}\s*(?:个|项|批)")


def _bind(ctx: Context, a: Amount, si: int, respective: dict[int, int | None], role: str) -> Binding:
    """The target an amount belongs to (see the note above): a ranking where "none" wins ties."""
    t, (s_start, s_end) = ctx.t, ctx.sentences[si]
    here = ctx.named_in.get(si, [])
    c_start = clause_start(t, a.start, s_start)
    c_end = clause_end(t, a.end, s_end)
    if a.start in respective:
        g = respective[a.start]
        return Binding([g], "respective", "分别") if g is not None else Binding([], "none", "分别 unpaired")
    before = sorted((o for o in here if o.end <= a.start), key=lambda o: o.start)
    after = sorted((o for o in here if a.end <= o.start <= c_end), key=lambda o: o.start)
    # a class of projects defined by the figure: `投资10亿元以上的`, `总投资达4000万美元的项目有2项`
    threshold = a.qualifier in ("over", "at_least") or (
        t.startswith("达", a.start) and PROJECT_AFTER_DA.match(t[a.end : a.end + 4]) is not None
    )
    # the name it prices directly: `投资10亿元的X项目`, `总投资50亿元海富智能光学产业园项目`, also across a
    # description joined by 、 (`投资7亿元、年产整车10万辆的X项目`)
    if after and (
        QUALIFIES.fullmatch(t, a.end, after[0].start)
        or (PRICED_ACROSS.fullmatch(t, a.end, after[0].start) and not _amounts_in(ctx, a.end, after[0].start))
    ):
        tagged = after[0]
        items = _list_after(t, tagged, after)
        counted = COUNT_AFTER.match(t, items[-1].end)
        several = len({o.group for o in items}) >= 2
        if (several or counted) and threshold:  # `总投资超50亿元的A、B、C`: each of them is over it
            return Binding(sorted({o.group for o in items}), "each", "threshold over a list")
        # `投资A的X、投资B的Y、投资C的Z、W等`: entries priced one by one, the last one's list is no sum
        enumerated = (
            any(
                b.end <= a.start
                and any(QUALIFIES.fullmatch(t, b.end, o.start) for o in here if b.end <= o.start < a.start)
                for b in _amounts_in(ctx, s_start, a.start)
            )
            or any(  # … and the first of them (`投资122亿元的A、投资120亿元的B、…等`): each item its own price
                any(QUALIFIES.fullmatch(t, b.end, o.start) for o in items[1:] if b.end <= o.start)
                for b in _amounts_in(ctx, items[0].end, items[-1].start)
            )
        )
        closed = counted or (several and not enumerated and ETC_AFTER.match(t[items[-1].end : items[-1].end + 4]))
        if closed:
            # a list's sum is stated once: the figure before its first item is that item's own only when
            # the sentence states the sum elsewhere (`投资3亿元的A、…、D等8个项目，总投资规模32.6亿元`)
            later = [b for b in _amounts_in(ctx, items[-1].end, s_end) if b.kind == a.kind]
            if not any(
                TOTAL_WORD.search(t, max(items[-1].end, b.start - 12), b.start) or "总" in t[b.start - 8 : b.start]
                for b in later
            ):
                return Binding([], "aggregate", "priced list")
        return Binding([tagged.group], "name", "qualifies")
    priced_company = _company_priced(ctx, a) if role == "investment" and not after else None
    if priced_company is not None:  # `总投资2.7亿元某某木业有限公司在…开工建设`: the company's one project
        return Binding([priced_company], "name", "prices its company's project")
    tag = PRICE_TAG_AFTER.match(t, a.end)
    own_tag = bool(tag and OWN_TAG.match(t[tag.end() : tag.end() + 3]))
    if role == "investment" and tag and not PRICE_TAG_OWN.match(t, tag.end()):
        rest = t[tag.end() : c_end]
        if COUNTED_REST.match(rest):
            return Binding([], "aggregate", "prices a count")  # `总投资50.8亿元的10个项目`
        if rest and not any(tag.end() <= o.start < c_end for o in here):
            return Binding([], "none", "prices something unnamed")
    if EACH_WORD.search(t, c_start, a.start) and len({o.group for o in before}) >= 2:
        items = _list_before(t, before)
        if len(items) < 2:
            items = before
        return Binding(sorted({o.group for o in items}), "each", "均/各")
    agg, why = _aggregate_score(ctx, a, si, before)
    if agg > 0 and threshold:  # `投资10亿元以上项目7个，分别是A、B`: each listed project is over it
        listed = LISTED_AFTER.search(t, a.end, s_end)
        if listed:
            return Binding(
                sorted({o.group for o in here if o.start >= listed.end()}), "each", "listed above a threshold"
            )
    if role == "investment" and _prices_parts(ctx, a, s_start, s_end):
        return Binding([], "none", "prices parts one by one")
    # `该项目…，主要建设内容为：一是…，年产值15亿元`: after an enumeration mark a figure is one part's
    enum = [m.end() for m in ENUMERATION.finditer(t, s_start, a.start)]
    enum_at = enum[-1] if enum else -1
    scores: dict[int, tuple[float, str]] = {}

    def offer(group: int, score: float, reason: str) -> None:
        if group not in scores or scores[group][0] < score:
            scores[group] = (score, reason)

    if role == "investment":
        cue = INVEST_RE.search(t, max(c_start, a.start - 14), a.start)
        subject = "" if own_tag else _subject_of_clause(t, c_start, cue)  # `X公司投资53亿元建设的项目`: its investor
    else:
        subject = _holder_of_figure(t, c_start, a.start, role)
    predicates = set()
    for o in before:
        copula = PREDICATE_BEFORE.search(t, max(s_start, o.start - 24), o.start)
        if (
            copula
            and not ctx.named.covers(copula.start())
            and any(x.group != o.group for x in before if x.end <= o.start)
        ):
            predicates.add(o.group)  # (a 为 inside a name, `华为…项目`, is no copula)
    # `…A项目、总投资50亿元的某某B项目`: an amount that prices what follows it is none of the names before it
    prices_forward = role == "investment" and bool(tag) and not own_tag and not PRICE_TAG_OWN.match(t, tag.end())
    for o in before:
        if prices_forward:
            break
        if o.start < enum_at:
            continue
        between = {x.group for x in before if x.start >= o.end and x.group not in predicates | {o.group}}
        same_clause = o.start >= c_start
        score = W_SAME_CLAUSE if same_clause else W_PREVIOUS_CLAUSES
        score += W_NAME_BETWEEN * len(between)
        if o.group in predicates:
            score += W_PREDICATE
        if subject and not same_clause and not _shares_word(subject, [o]):
            score += W_OTHER_SUBJECT
        offer(o.group, score, "same clause" if same_clause else "earlier clause")
    prons = [p for p in ctx.pronouns_in.get(si, []) if p.start() < a.start]
    if prons and prons[-1].start() > enum_at:
        target = ctx.pronoun_target.get(prons[-1].start())
        if target is not None and not any(o.group == target for o in here) and _listed_after_another(ctx, si, target):
            target = None  # `观摩了X、A和B。…项目总投资…`: a bare pointer back to a list's later item is any of them
        if target is not None:
            same_clause = prons[-1].start() >= c_start
            score = W_PRONOUN + (W_PRONOUN_SAME_CLAUSE if same_clause else 0)
            score += W_NAME_BETWEEN * len(
                {o.group for o in before if o.start > prons[-1].start() and o.group != target}
            )
            target_names = [o for o in ctx.occurrences if o.group == target]
            if subject and not same_clause and not _shares_word(subject, target_names):
                score += W_OTHER_SUBJECT
            described = _described_subject(t, s_start, s_end) if prons[-1].group("bare") else ""
            if described and not _shares_word(described, target_names):
                score += W_OTHER_SUBJECT  # `某某机械有限公司是…新公司，…，项目总投资1.5亿元`: that firm's
            offer(target, score, "pronoun")
    if not before and len({o.group for o in here}) == 1 and not _sole_name_doubtful(ctx, a, here):
        penalty = W_OTHER_SUBJECT if subject and not _shares_word(subject, here) else 0
        offer(here[0].group, W_SOLE + penalty, "sole name")
    if not here and not prons and enum_at < 0:
        repeat = _repeated_name(ctx, s_start, a.start)
        if repeat is not None:  # `据了解，A产业园共分三期，…，总投资逾50亿元`: A named again, word for word
            group, at = repeat
            score = W_SAME_CLAUSE if at >= c_start else W_PREVIOUS_CLAUSES
            names = [o for o in ctx.occurrences if o.group == group]
            if subject and at < c_start and not _shares_word(subject, names):
                score += W_OTHER_SUBJECT
            offer(group, score, "named again")
        owner = _company_subject(ctx, a, si)
        if owner is not None:  # `吉利将投资326亿元在长兴建设…`: the company of the article's one project of it
            offer(owner, W_TOPIC, "its company's one project")
        elif role == "investment" and 2 <= len(subject) <= INVESTOR_MAX and not SECTOR_RE.match(subject):
            # `联想图像投资10亿元，在威海打造…`: the investor's lead word in exactly one project's name (a short
            # investor, no clause: `…设备投资约3000万元` is a cost)
            lead = subject[:2]
            sharing = {o.group for o in ctx.occurrences if lead in o.name or lead in (o.company or "")}
            if len(sharing) == 1:
                offer(sharing.pop(), W_TOPIC, "its investor's one project")
        topic = _settled_topic(ctx, si, ctx.topic_of.get(si))
        if topic is not None:
            topic_names = [o for o in ctx.occurrences if o.group == topic]
            score = W_TOPIC + (W_OTHER_SUBJECT if subject and not _shares_word(subject, topic_names) else 0)
            described = _described_subject(t, s_start, s_end)  # `此次投产的六区是某某基地，总投资…`
            if described and not _shares_word(described, topic_names):
                score += W_OTHER_SUBJECT
            offer(topic, score, "topic")
    best = max(scores.items(), key=lambda kv: kv[1][0], default=None)
    if agg > 0 and (best is None or agg >= best[1][0]):
        return Binding([], "aggregate", why)
    if best is None or best[1][0] <= 0:
        return Binding([], "none", "no target scores above none")
    tied = [g for g, (s, _) in scores.items() if s == best[1][0]]
    if len(tied) > 1:
        spans = [(o.start, o.end, o.group) for o in here if o.group in tied]
        longest = max(spans, key=lambda x: x[1] - x[0], default=None)
        inside = longest and all(longest[0] <= s0 and e0 <= longest[1] for s0, e0, _ in spans)
        if not inside or {g for _, _, g in spans} != set(tied):
            return Binding([], "none", "tie")
        best = (longest[2], scores[longest[2]])  # one reading inside another: the fuller name
    reason = best[1][1]
    if reason in ("pronoun", "topic", "sole name") and _restates_aggregate(ctx, a, si):
        return Binding([], "aggregate", "restates an aggregate's figure")
    return Binding([best[0]], reason if reason in ("pronoun", "topic") else "name", reason)


REPEAT_MIN = 6  # characters a name needs before its word-for-word repeat is taken as naming it again


INVESTOR_MAX = 8  # characters an investor's name before 投资 may have; a longer run is a clause
SHORT_FORM_END = re.compile(r"[将拟已在于也还又再投计]|[^\u4e00-\u9fff]")


def _is_place(word: str) -> bool:
    """A division's name (`龙岩`, `长兴县`) or a place jieba knows."""
    hits = scan_places(word)
    return bool(hits and hits[0].start == 0 and hits[-1].end == len(word)) or is_place_word(word)


@dataclass
class CompanyIndex:
    """The article's companies, built once: keys and written forms by their first two characters, the groups
    each key belongs to, and the names as written (for the word-for-word repeat test)."""

    keys: dict[str, list[tuple[str, int]]]  # first two characters -> (company key, group)
    forms: dict[str, list[tuple[str, int]]]  # first two characters -> (company as written, folded; group)
    groups_of_key: dict[str, set[int]]
    name_texts: frozenset[str]
    name_lengths: tuple[int, ...]


def _company_index(ctx: Context) -> CompanyIndex:
    if ctx.companies is None:
        keys: dict[str, list[tuple[str, int]]] = {}
        forms: dict[str, list[tuple[str, int]]] = {}
        groups_of_key: dict[str, set[int]] = {}
        for o in ctx.occurrences:
            key = company_key(o.company)
            if len(key) >= 2 and (key, o.group) not in keys.get(key[:2], []):
                keys.setdefault(key[:2], []).append((key, o.group))
            if key:
                groups_of_key.setdefault(key, set()).add(o.group)
            if o.company and len(o.company) >= 4:
                form = fold(o.company)
                if (form, o.group) not in forms.get(form[:2], []):
                    forms.setdefault(form[:2], []).append((form, o.group))
        texts = frozenset(x for o in ctx.occurrences if len(x := ctx.t[o.start : o.end]) >= 4)
        ctx.companies = CompanyIndex(keys, forms, groups_of_key, texts, tuple(sorted({len(x) for x in texts})))
    return ctx.companies


def _names_again(index: CompanyIndex, said: str) -> bool:
    """Whether `said` holds a name of the article word for word (set lookups of its substrings)."""
    for n in index.name_lengths:
        if n > len(said):
            break
        if any(said[i : i + n] in index.name_texts for i in range(len(said) - n + 1)):
            return True
    return False


def _company_subject(ctx: Context, a: Amount, si: int) -> int | None:
    """The project whose company opens the amount's clause or the clause before it, in a sentence that names
    no project (`在此之前，比亚迪已经在起步区多次拿地，总投资约150亿元`): the one group of the article with that
    company. None when the clause opens otherwise, or the company has several projects in the article."""
    t = ctx.t
    index = _company_index(ctx)
    if not index.keys:
        return None
    s_start = ctx.sentences[si][0]
    if _names_again(index, t[s_start : a.start]):
        return None  # the sentence names projects again, word for word: the repeat decides (or none)
    c_start = clause_start(t, a.start, s_start)
    starts = [c_start] + ([clause_start(t, c_start - 1, s_start)] if c_start > s_start else [])
    for cs in starts:
        m = SUBJECT_FREE.match(t, cs)
        pos = m.end() if m else cs
        found: set[int] = set()
        for key, group in index.keys.get(t[pos : pos + 2], []):
            n = next((n for n in range(len(key), 1, -1) if t.startswith(key[:n], pos)), 0)
            # a short form (`吉利` of `吉利控股`) only where a verb or an adverb follows it, and no place
            # (`龙岩26个、总投资235亿元` is the city's count, whatever company a name of it carries) unless the
            # sentence named the company in full before (`与浙江吉利控股集团签订协议，吉利将投资…`)
            if not n or (_is_place(key[:n]) and key not in t[s_start:pos]):
                continue
            if n == len(key) or SHORT_FORM_END.match(t, pos + n):
                found.add(group)
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _company_priced(ctx: Context, a: Amount) -> int | None:
    """The project an amount prices by naming its company right after it (`总投资2.7亿元某某木业有限公司在
    开发区开工建设`): the one group of the article whose company is written there. None when no company stands
    there, or when that company has several projects in the article (the figure may be any one's)."""
    t = ctx.t
    index = _company_index(ctx)
    gap = QUALIFIES.match(t, a.end)
    pos = gap.end() if gap else a.end
    holders = {group for form, group in index.forms.get(t[pos : pos + 2], []) if t.startswith(form, pos)}
    if len(holders) != 1:
        return None
    (group,) = holders
    keys = {company_key(o.company) for o in ctx.occurrences if o.group == group and o.company}
    others = set().union(*(index.groups_of_key.get(k, set()) for k in keys)) if keys else set()
    return group if others <= {group} else None


# A phase at a name's end (`…基地一期工程`, `…二期第二阶段项目`): without it, the name is its whole's.
PHASE_TAIL = re.compile(r"(?:[一二三四五首]期(?:第[一二三四五]阶段)?|第[一二三四五]阶段)(?:工程|项目)?$")
PHASE_NAMED = re.compile(r"[一二三四五首]期|第[一二三四五]阶段")
# A bare phase opening a clause as its subject: `，一期项目于2014年竣工投产`.
PHASE_SUBJECT = re.compile(
    r"(?:^|(?<=[，,；;。\s]))(?:其中)?[，,]?\s*[一二三四五首]期(?:项目|工程)?(?=[于已将在\s，,总投计])"
)


def _whole_named_again(ctx: Context, own: list[Occurrence]) -> bool:
    """Whether the text names a phase's whole in words of its own: the phase's name without its phase, where
    no name was taken (`某某基地一期工程` … `某某基地位于…`)."""
    for written in {ctx.t[o.start : o.end] for o in own}:
        whole = PHASE_TAIL.sub("", written)
        if len(whole) < REPEAT_MIN or whole == written:
            continue
        at = ctx.t.find(whole)
        while at >= 0:
            if not ctx.named.covers(at):
                return True
            at = ctx.t.find(whole, at + 1)
    return False


def _prices_a_phase(ctx: Context, a: Amount, si: int, group: int) -> bool:
    """Whether the name an amount is bound to in its sentence is a phase of a project the article also names
    whole (`总投资120亿元的某某基地一期工程` beside `某某基地…总投资228亿元`): the phase's figure then ranks below
    the whole's (GUIDE: the figures a document gives for the whole project, else the phase's)."""
    if group not in ctx.whole_named:
        own = [o for o in ctx.occurrences if o.group == group]
        ctx.whole_named[group] = not all(PHASE_NAMED.search(o.name) for o in own) or _whole_named_again(ctx, own)
    if not ctx.whole_named[group]:
        return False  # only the phase is named: its figure is all there is
    s_start = ctx.sentences[si][0]
    c_start = clause_start(ctx.t, a.start, s_start)
    prev_start = clause_start(ctx.t, c_start - 1, s_start) if c_start > s_start else c_start
    if PHASE_SUBJECT.search(ctx.t, prev_start, a.start):
        return True  # `A项目2012年落户，一期项目于2014年竣工投产，总投资108亿元`: the phase's figure
    here = sorted((o for o in ctx.named_in.get(si, []) if o.group == group), key=lambda o: o.start)
    if not here:
        return False
    after = [o for o in here if o.start >= a.end and QUALIFIES.fullmatch(ctx.t, a.end, o.start)]
    before = [o for o in here if o.end <= a.start]
    named = after[0] if after else before[-1] if before else here[0]
    return bool(PHASE_NAMED.search(named.name))


def _repeated_name(ctx: Context, lo: int, hi: int) -> tuple[int, int] | None:
    """The one project whose name (as first written, at least REPEAT_MIN characters) the text repeats word
    for word in [lo, hi), where the name finder did not take it again, with where the repeat starts; None
    when no name or several are repeated, or when the repeat stands after a copula (a description)."""
    if ctx.name_texts is None:
        texts = {(ctx.t[o.start : o.end], o.group) for o in ctx.occurrences}
        # a phase's name said without its phase (`某某基地一期工程` → `某某基地位于…`) names the whole again
        texts |= {(PHASE_TAIL.sub("", x), g) for x, g in texts if PHASE_TAIL.search(x)}
        ctx.name_texts = sorted((x, g) for x, g in texts if len(x) >= REPEAT_MIN)
    found: dict[int, int] = {}
    for text, group in ctx.name_texts:
        at = ctx.t.find(text, lo, hi)
        if at >= 0 and not PREDICATE_BEFORE.search(ctx.t, max(lo, at - 24), at):
            found[group] = min(at, found.get(group, at))
    if len(found) != 1:
        return None
    return next(iter(found.items()))


# An enumeration of a project's parts: `一是…`, `其一`, `主要建设内容为`.
ENUMERATION = re.compile(
    r"(?:^|(?<=[，,；;：:。\s]))(?:[一二三四五六七八九]是|其[一二三四](?!期))|主要建设内容(?:为|是|包括)?"
)
# An amount followed by what it builds: `投资4亿元建设2万亩试验区`.
BUILDS_PART = re.compile(r"\s*(?:人民币)?(?:左右|以上)?\s*(?:用于)?(?:建设|新建|兴建|扩建|改建|购置|打造)(?!的)")


def _prices_parts(ctx: Context, a: Amount, s_start: int, s_end: int) -> bool:
    """Whether a sentence prices several things one by one (`投资4亿元建设试验区，投资2.5亿元新建加工厂`):
    each figure is a part's, none is the project's total (the parts are no sum the text states)."""
    t = ctx.t
    if not BUILDS_PART.match(t, a.end):
        return False
    for b in _amounts_in(ctx, s_start, s_end):
        if b.start != a.start and b.kind == "money" and BUILDS_PART.match(t, b.end):
            cue = INVEST_RE.search(t, max(s_start, b.start - 8), b.start)
            if cue and not CLAUSE_MARK.search(t[cue.end() : b.start]):
                return True
    return False


TOPIC_LOOKBACK = 30  # sentences searched back for the one that named the topic


# _settled_topic's patterns, compiled once (it is called many times per article)
JOINER_BEFORE = re.compile(r"[、和及与]\s*$")


def _settled_topic(ctx: Context, si: int, topic: int | None) -> int | None:
    """The paragraph's topic as the sentence that last named it leaves it: that sentence's subject when a
    pronoun opens it and the topic's name is only its object (`项目一期总投资50亿元，…，建设A研究院`: the
    project, not A); None when the name stood in a list after another item (`观摩了X、A和B`: any of them)."""
    if topic is None:
        return None
    for sj in range(si - 1, max(-1, si - 1 - TOPIC_LOOKBACK), -1):
        named = [o for o in ctx.named_in.get(sj, []) if o.group == topic]
        if not named:
            continue
        o = min(named, key=lambda x: x.start)
        s_start = ctx.sentences[sj][0]
        if o.start > s_start and JOINER_BEFORE.search(ctx.t[max(s_start, o.start - 2) : o.start]):
            return None
        prons = [p for p in ctx.pronouns_in.get(sj, []) if p.start() < o.start]
        opener = prons[0] if prons and not any(x.start < prons[0].start() for x in ctx.named_in.get(sj, [])) else None
        if opener is not None:
            target = ctx.pronoun_target.get(opener.start())
            if target is not None and target != topic:
                return target
        return topic
    return topic


def _listed_after_another(ctx: Context, si: int, group: int) -> bool:
    """Whether the sentence that last named `group` before sentence `si` named it as one item of a list
    (`观摩了A和B`, `观摩了X、A和B`): a pointer back from a later sentence may then mean any item, and binds none."""
    if _settled_topic(ctx, si, group) is None:
        return True
    for sj in range(si - 1, max(-1, si - 1 - TOPIC_LOOKBACK), -1):
        named = sorted(ctx.named_in.get(sj, []), key=lambda o: o.start)
        if not any(o.group == group for o in named):
            continue
        for x, y in zip(named, named[1:], strict=False):
            if x.group != y.group and group in (x.group, y.group) and LIST_GAP.fullmatch(ctx.t, x.end, y.start):
                return True
        return False
    return False


def _restates_aggregate(ctx: Context, a: Amount, si: int) -> bool:
    """Whether another sentence states this very figure for a group of projects (`104个重大项目…年可实现销售收入
    410亿元` … `项目全部建成投产后，年可实现销售收入410亿元`): a figure bound only by a pronoun, the topic or the
    sole name is then the group's, restated."""
    if ctx.aggregate_sentences is None:
        ctx.aggregate_sentences = {}
        for b in ctx.amounts:
            sj = sentence_index(ctx.sentences, b.start)
            before = sorted((o for o in ctx.named_in.get(sj, []) if o.end <= b.start), key=lambda o: o.start)
            if _aggregate_score(ctx, b, sj, before)[0] > 0:
                ctx.aggregate_sentences.setdefault((b.kind, b.value, b.currency), set()).add(sj)
    return bool(ctx.aggregate_sentences.get((a.kind, a.value, a.currency), set()) - {si})


# ---------------------------------------------------------------- stages


# Right before a cue, words that make it a plan or an ability (`能完工`, `可以投产`, `冲刺完工`, `最终建成`); after
# it, `在即` (`投产在即`): about to happen, not happened.
PLAN_MODAL_BEFORE = re.compile(r"(?:能够|能|可以|可|最终|筹备)$")
# A date that can only be ahead of the article (`明年上半年投产`, `下月开工`) in the cue's clause: a plan, even
# with no plan word.
FUTURE_DATE_BEFORE = re.compile(r"(?:明年|后年|来年|下个?月|下一年|下周)[^，,。；;]*$")
# `时` after a cue is a condition (`投产时`), but `时刻`/`时节` names the event's own moment (`迎来投产时刻`).
EVENT_MOMENT = ("时刻", "时节")
# A denial right before a cue (`尚未开工`, `无法顺利推进`, `未能按期投产`): not happened, so no event; like a
# plan it leaves the stage before it (STAGE_BEFORE_PLAN).
DENIED_BEFORE = re.compile(r"(?:未|没有|无法|不能|不再|难以)[\u4e00-\u9fff]{0,3}$")
# What the project can achieve, earlier in the cue's clause (`该项目可实现当年投资、当年投产`): an ability, a plan.
ABILITY_BEFORE = re.compile(r"(?:可实现|能实现|可以实现|能够实现|可望实现)[^，,。；;]*$")
# `冲刺` before a cue in its clause (`正冲刺年底试生产`, `进入冲刺完工阶段`): racing to it, so now at the stage
# before it (STAGE_BEFORE_PLAN), an event of today, not a plan.
RACING_BEFORE = re.compile(r"冲刺[^，,。；;！!？?]{0,10}$")
# After a cue, a clause that states what the cue will bring (`项目建成，将…`, `的建成将`): a condition.
CONDITION_CLAUSE = re.compile(r"\s*[，,]?\s*将(?!于|在)")
# Before 建成/竣工 in its clause: only a part of the project (`主体已建成`, `部分厂房建成`).
# ... or a part of the plant names the clause (`装配线立架已完工`, `钢结构已建成`): the part is built, not the project
PART_BUILT_BEFORE = re.compile(
    r"主体(?:工程)?(?:已|已经|基本)?$|部分[\u4e00-\u9fff]{0,6}(?:已|已经)?$"
    r"|(?:车间|厂房|装配线|生产线|钢结构|土建|地基|桩基|立架)(?:主体)?(?:已|已经|基本|均已)?(?:全部|全面)?$"
)


# A plan word that is only part of a longer word says nothing of the future: `要` in `主要/重要/需要/要求`,
# `目标` in `目标任务`, `准备` in `准备金`.
PLAN_IN_WORD_BEFORE = re.compile(r"(?:主|重|需|只|必|首|纪|摘|概|提|简)$")
PLAN_IN_WORD_AFTER = re.compile(r"(?:求|素|点|件|闻|务|任务|责任|体系|导向|金)")


# A time frame closing what a plan word governs (`在博览会即将召开之际，…项目奠基`): the plan is the frame's
# event, and the cue after it is dated by it, not planned.
TIME_FRAME = re.compile(r"(?:之际|前夕)\s*[，,]")


def _no_plan_word(t: str, p: re.Match[str], named: Spans | None, cue_start: int = -1) -> bool:
    """Whether the plan word `p` is no plan of the cue at `cue_start`: inside a name (`东方希望集团`), a piece
    of a noun (`要求`, `目标任务`), or closed by a time frame before the cue (`即将召开之际`)."""
    if named is not None and named.covers(p.start()):
        return True
    if cue_start > p.end() and TIME_FRAME.search(t, p.end(), cue_start):
        return True
    before, after = t[max(0, p.start() - 1) : p.start()], t[p.end() : p.end() + 2]
    if p.group() == "要" and (PLAN_IN_WORD_BEFORE.search(before) or PLAN_IN_WORD_AFTER.match(after)):
        return True
    return p.group() in ("目标", "准备", "希望", "决定") and bool(PLAN_IN_WORD_AFTER.match(after))


_recent_phrase_cues: list[tuple[str, tuple[tuple[re.Pattern[str], str], ...]]] = []  # the last texts asked about


def _phrase_cues_in(t: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The PHRASE_CUES that match somewhere in `t`. None of them has an anchor or a lookaround, so one
    that matches nowhere in the text matches in no stretch of it either; `_stage_cues` asks about a
    stretch of one article's text tens of times, and most articles hold none of them. The last two texts'
    answers are kept, by the text itself (held, so it cannot be another string at the same address)."""
    for text, cues in _recent_phrase_cues:
        if text is t:
            return cues
    cues = tuple((pattern, stage) for pattern, stage in PHRASE_CUES if pattern.search(t))
    _recent_phrase_cues[:] = [(t, cues), *_recent_phrase_cues[:1]]
    return cues


# _stage_cues's patterns, compiled once (it is called many times per article)
LATER_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?后")
ONGOING_BEFORE = re.compile(r"正|在|仍|还|目前")
UNDERWAY_BEFORE = re.compile(r"已|正|在")
PLAN_OF_FIGURE = re.compile(r"总?投资|总?产值|年产值|可实现|年销售|营收")
GOING_ON = re.compile(r"继续|持续")


def _stage_cues(
    t: str, start: int, end: int, plan_from: int, facts_until: int = -1, named: Spans | None = None
) -> list[tuple[str, bool, int, int]]:
    """Stage cues in t[start:end]: (stage, is_plan, cue_start, cue_end). A cue is a plan when a plan
    word stands between `plan_from` (or its own clause's start, if later) and it; cues before
    `facts_until` (a list's `等在建项目`) are facts; a plan word inside one of the `named` spans (a name) is
    none."""
    found = []
    for m in STAGE_RE.finditer(t, start, end):
        after = t[m.end() : m.end() + 6]
        if (
            (after.startswith(CONDITION_AFTER) and not after.startswith(EVENT_MOMENT))
            or LATER_AFTER.match(after)
            or CUE_IS_STATISTIC.match(after)
        ):
            continue  # `建成后`, `建成达产后`: a condition; `开工率`: a statistic
        if STAGE_OF[m.group()] in ("竣工", "投产") and CONDITION_CLAUSE.match(after):
            continue  # `项目建成，将…`, `该项目的建成将带动`: a condition of what follows (`签约，将推进…` is done)
        stage = STAGE_OF[m.group()]
        own_clause = clause_start(t, m.start(), 0)  # where the cue's clause starts (asked by four rules)
        if stage == "竣工" and PART_BUILT_BEFORE.search(t[own_clause : m.start()]):
            stage = "在建"  # `主体已建成`, `部分厂房建成`: a part is built, the project is still being built
        rest = t[m.end() : clause_end(t, m.end(), len(t))]
        if stage in ("开工", "在建") and (
            PREPARATION_AFTER.match(after) or (m.group() in WORK_IN_HAND and PREPARATION_OBJECT.search(rest))
        ):
            stage = "签约"  # `施工设计`, `办理开工许可`, `正在进行厂房设计`: preparing, not yet started
        if m.group() == "推进" and ABSTRACT_AFTER.search(rest) and not BUILDING_NEAR.search(rest):
            continue  # `推进绿色发展`: no building
        if m.group() in BRING_IN and BROUGHT_THING.search(rest):
            continue  # `引进喷水织机1000台`, `已引进知名品牌商家`: the project brings things in, it is not brought
        if (
            m.group() == "建设中"
            and after[:1] in "，,"
            and not ONGOING_BEFORE.search(t[max(0, m.start() - 5) : m.start()])
        ):
            continue  # `该项目建设中，某某将采用…`: "in building it", an adverbial (`正在建设中，` is a state)
        if (
            m.group() == "安装"
            and SCOPE_COUNT.match(after)
            and not UNDERWAY_BEFORE.search(t[m.start() - 2 : m.start()])
        ):
            continue  # `安装58台风电机组` in a description: the project's scope, not work in hand
        if m.group() in WORK_IN_HAND and STAGE_RE.match(t, m.end()):
            continue  # `推进签约`, `加快推进开工`: the stage pushed for is the cue that follows, not building
        if stage == "竣工" and IN_USE_AFTER.match(after):
            stage = "投产"  # `已建成运营`, `建成投用`: built and in use
        plans = [
            p
            for p in PLAN_RE.finditer(t, min(plan_from, m.start()), m.start())
            if not PLAN_OF_FIGURE.match(t[p.end() : p.end() + 3])  # `计划总投资`
            and not GOING_ON.match(t[p.end() : p.end() + 2])  # `将继续推进`: going on now
            and t[max(0, p.start() - 1) : p.start()] != "原"  # `比原计划提前建成`: the old plan, now done
            and not _no_plan_word(t, p, named, m.start())
        ]
        modal = (
            PLAN_MODAL_BEFORE.search(t, max(0, m.start() - 4), m.start())
            or after.startswith("在即")
            or ABILITY_BEFORE.search(t, own_clause, m.start())
            or FUTURE_DATE_BEFORE.search(t, own_clause, m.start())
        )
        before_it = after.startswith("前")  # `开工前的准备工作`, `投产前`: not yet, like a plan
        denied = DENIED_BEFORE.search(t, max(own_clause, m.start() - 6), m.start())
        if denied and (t.startswith("未来", denied.start()) or (named is not None and named.covers(denied.start()))):
            denied = None  # `未来城开工`: a name's word, no denial
        is_plan = m.start() >= facts_until and (bool(plans) or bool(modal)) or bool(denied) or before_it
        if not is_plan and RACING_BEFORE.search(t, own_clause, m.start()):
            stage = STAGE_BEFORE_PLAN[stage]
        found.append((stage, is_plan, m.start(), m.end()))
    for pattern, stage in _phrase_cues_in(t):
        for m in pattern.finditer(t, start, end):
            if not any(cs <= m.start() < ce or m.start() <= cs < m.end() for _, _, cs, ce in found):
                found.append((stage, False, m.start(), m.end()))
    found.sort(key=lambda c: c[2])
    return found


@dataclass
class Governing:
    """A stage stated for many projects at once: a list heading (`10个项目集中开工，分别是…`) over the
    names after it in its paragraph, or the article's own headline (`…集中签约`)."""

    stage: str
    is_plan: bool
    start: int  # the cue's span (in the text; -1 for the title)
    end: int
    origin: str  # "heading" | "article"
    governs_from: int = 0
    governs_to: int = 0


# A heading's collective cue: `集中签约`, `开竣工`, `开工仪式`.
HEADING_CUE = re.compile(
    r"集中(?:签约|开工|竣工|投产|开竣工|签订)|开竣工|(?:签约|开工|竣工|投产|奠基)(?:仪式|典礼|活动)"
)
HEADING_CUE_WORDS = ("集中", "开竣工", "仪式", "典礼", "活动")  # one of them is in every match of HEADING_CUE


# A set of projects named by the stage they reached (`奠基的重点民生工程，有…`, `当天开工的2个重点项目`,
# `集中签约的33个项目`): a heading over the items that follow, like a count.
STAGED_SET = re.compile(
    rf"(?:{STAGE_RE.pattern})的\s*(?P<count>{NUMERAL}\s*(?:个|项))?[^，,。；;、:：]{{0,8}}?(?:项目|工程)"
    rf"|(?:{STAGE_RE.pattern})(?:项目|工程)(?=\s*(?:[:：]|中|有|包括|分别))"  # `开工项目：A、B`, `签约项目中，A…`
)

STAGE_LAST = frozenset(cue[-1] for cue, _ in STAGE_CUE_LIST)  # the last characters of the stage cues
SET_NOUN_FOLLOWED = re.compile(r"(?:项目|工程)(?=\s*(?:[:：]|中|有|包括|分别))")


def _may_stage_a_set(t: str, start: int, end: int) -> bool:
    """What every match of STAGED_SET holds in t[start:end]: a stage cue's last character before `的`, or
    项目/工程 before what opens a list; where neither is, the pattern is not tried."""
    p = t.find("的", start + 1, end)
    while p >= 0:
        if t[p - 1] in STAGE_LAST:
            return True
        p = t.find("的", p + 1, end)
    return SET_NOUN_FOLLOWED.search(t, start, end) is not None


def _governed_stage(cues: list[tuple[str, bool, int, int]]) -> tuple[str, bool] | None:
    """One stage from a heading's cues: the furthest event, else the stage before the earliest plan."""
    events = [s for s, plan, _, _ in cues if not plan]
    if events:
        return max(events, key=STAGE_ORDER.__getitem__), False
    plans = [s for s, plan, _, _ in cues if plan]
    if plans:
        return STAGE_BEFORE_PLAN[min(plans, key=STAGE_ORDER.__getitem__)], True
    return None


# A photo caption: `图为…`, `（图片：…）`, a credit `记者某某摄`.
CAPTION = re.compile(
    r"(?:^|[\n（(【\[])\s*(?:图为|图片为|图：|图:|上图|下图|右图|左图)|[\u4e00-\u9fff]{2,4}\s*摄(?:影)?(?:[）)\s]|$)"
    r"|(?:效果图|鸟瞰图|示意图|规划图)\s*(?:[（(][^）)\n]*[）)])?\s*$"  # `某某项目效果图`: a picture's label
)


SENTENCE_STOP = re.compile(r"[。！？!?\n]")
CREDIT_AFTER = re.compile(r"[ \t]*[\u4e00-\u9fff]{2,4}[ \t]+摄(?:影)?")  # `曾某某 摄`: the space sets the credit apart


def _in_caption(t: str, start: int, end: int) -> bool:
    """Whether t[start:end] lies in a line or sentence that is a photo caption."""
    line_start = t.rfind("\n", 0, start) + 1
    line_end = t.find("\n", end)
    line = t[line_start : line_end if line_end >= 0 else len(t)]
    # the length first: a paragraph is never searched; and every match of CAPTION holds 图 or 摄
    if len(line) <= 120 and ("图" in line or "摄" in line) and bool(CAPTION.search(line)):
        return True
    # a sentence a photographer's credit closes (`…开工仪式。某某 摄`) is a caption, even where the page glued
    # the credit to the paragraph after it (`某某 摄总投资…`): the credit, not the line, marks it
    stop = SENTENCE_STOP.search(t, end)
    return bool(stop) and bool(CREDIT_AFTER.match(t, stop.end()))


def _clause_around(t: str, pos: int) -> tuple[int, int]:
    return clause_start(t, pos, 0), clause_end(t, pos, len(t))


def _clauses(t: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of t[start:end], each ending at a clause mark or at `end`: the text's marks found once
    by bisection and walked in order (a clause starts right after the mark that ended the one before)."""
    marks = clause_marks(t)
    k = bisect_left(marks, max(start, 0))
    out, pos = [], start
    while pos < end:
        c_end = marks[k] if k < len(marks) and marks[k] < end else end
        out.append((pos, c_end))
        pos = c_end + 1
        k += 1
    return out


# _headings's patterns, compiled once (it is called many times per article)
COUNT_IN_HEADING = re.compile(r"\d|[一二三四五六七八九十两百千]+(?:个|项)")
OPENS_LIST_END = re.compile(r"(?:其中|包括|包含|分别是|分别为|如下|有)?\s*[:：]?\s*$")
OPENS_LIST_AFTER = re.compile(r"\s*(?:[，,]?\s*(?:其中|包括|包含|分别是|分别为|如下)|[:：])")
COLON_END = re.compile(r"[:：]\s*$")


def _headings(ctx: Context) -> list[Governing]:
    """List headings: a clause with a stage cue and a count of projects or a collective cue
    (`此次共签约3个项目，包含…`, `5个项目正在建设中，其中：…`), governing the names after it up to its
    paragraph's end (the next paragraph too when the heading ends with a colon), or the next heading."""
    t = ctx.t
    found: list[Governing] = []
    # words every match of HEADING_CUE and PROJECT_COUNT holds: where they are absent, no search is made
    cued = any(w in t for w in HEADING_CUE_WORDS)
    for s_start, s_end in ctx.sentences:
        if (
            t.find("项目", s_start, s_end) < 0
            and t.find("工程", s_start, s_end) < 0
            and not (cued and HEADING_CUE.search(t, s_start, s_end))
        ):
            continue  # none of its clauses counts, stages a set or holds a collective cue
        for c_start, c_end in _clauses(t, s_start, s_end):
            counted = t.find("项目", c_start, c_end) >= 0 or t.find("工程", c_start, c_end) >= 0
            count = PROJECT_COUNT.search(t, c_start, c_end) if counted and COUNTED.search(t, c_start, c_end) else None
            if count and not COUNT_IN_HEADING.search(count.group()):
                count = None  # `一批项目`, `几个项目`: no list follows for sure (`项目28个` counts)
            # the lookahead may see the `：`; every match holds 项目 or 工程 inside the clause
            reach = min(len(t), c_end + 1)
            staged = STAGED_SET.search(t, c_start, reach) if counted and _may_stage_a_set(t, c_start, reach) else None
            if staged and ctx.named.covers(staged.end() - 1):
                staged = None  # `开工的某某中心项目`: one project's name, no set
            if not ((cued and HEADING_CUE.search(t, c_start, c_end)) or count or staged):
                continue
            cues = _stage_cues(t, c_start, c_end, c_start, named=ctx.named)
            got = _governed_stage(cues)
            if got is None or (not count and any(ctx.named.covers(i) for i in range(c_start, cues[0][2]))):
                continue  # `某某项目开工仪式`: that project's own cue, no heading
            # its sentence, and the sentences after it when it opens a list (`其中：`, `包括`, `分别是`, `：`)
            governs_to = s_end
            opens = OPENS_LIST_END.search(t[c_end : c_end + 1])
            if OPENS_LIST_AFTER.match(t[c_end : c_end + 6]) and opens:
                para_end = t.find("\n", c_end)
                governs_to = len(t) if para_end < 0 else para_end
                if COLON_END.search(t[c_end:governs_to]) or t[c_end : c_end + 1] in (":", "："):
                    nxt = t.find("\n", governs_to + 1)
                    governs_to = len(t) if nxt < 0 else max(governs_to, nxt)
            if governs_to == s_end:
                governs_to = _picked_after_semicolon(ctx, s_end)
            if staged and governs_to < (reach := _staged_set_reach(t, c_end, bool(staged.group("count")))):
                governs_to = reach
            found.append(Governing(got[0], got[1], cues[0][2], cues[-1][3], "heading", c_start, governs_to))
    found += _section_headings(ctx)
    found.sort(key=lambda g: g.governs_from)
    for a, b in zip(found, found[1:], strict=False):
        a.governs_to = min(a.governs_to, b.governs_from)
    return found


# A line that is only a section's title naming a stage (`一、签约项目`, `（二）开工项目：`, `竣工项目名单`).
ENUMERATOR = r"(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)])"
SECTION_TITLE = re.compile(
    rf"\s*{ENUMERATOR}?\s*(?:集中|新)?(?P<cue>{STAGE_RE.pattern})(?:的)?(?:重点|重大)?(?:产业)?(?:项目|工程)"
    r"(?:名单|清单|情况|一览表?)?\s*[:：]?\s*$"
)
NEXT_SECTION = re.compile(
    r"\n\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]{1,2}[）)])"
)  # not `1.`: items


def _section_headings(ctx: Context) -> list[Governing]:
    """Section titles naming a stage (SECTION_TITLE), each governing the lines under it up to the next section
    title (`二、…`) or the text's end: `一、签约项目\n1. A项目…\n2. B项目…\n二、开工项目\n…`."""
    t = ctx.t
    found = []
    for s_start, s_end in ctx.sentences:
        if s_end - s_start > 30 or t[max(0, s_start - 8) : s_start].strip(" \t\u3000").rpartition("\n")[2]:
            continue  # a title is a short line of its own
        line_end = s_end if t[s_end - 1 : s_end] not in "。；;！!？?" else s_end - 1
        if t[line_end : line_end + 2].strip(" \t\u3000")[:1] not in ("", "\n"):
            continue
        title = SECTION_TITLE.fullmatch(t, s_start, line_end)
        if title is None or ctx.named.covers(title.start("cue")):
            continue
        cues = _stage_cues(t, title.start("cue"), title.end("cue"), s_start, named=ctx.named)
        if not cues:
            continue
        nxt = NEXT_SECTION.search(t, line_end)
        governs_to = len(t) if nxt is None else nxt.start()
        stage, plan, cs, ce = cues[0]
        found.append(
            Governing(STAGE_BEFORE_PLAN[stage] if plan else stage, plan, cs, ce, "heading", line_end, governs_to)
        )
    return found


def _staged_set_reach(t: str, pos: int, counted: bool) -> int:
    """How far a staged set (STAGED_SET) governs: its items run over `；` to the sentence's `。`
    (`奠基的工程，有A…；B…；C…。`); a counted set (`当天开工的2个项目…。A项目…。B项目…`) is described item by
    item over the rest of its paragraph."""
    para = t.find("\n", pos)
    para = len(t) if para < 0 else para
    if counted:
        return para
    period = PERIOD.search(t, pos)
    return para if period is None else min(para, period.end())


# _picked_after_semicolon's patterns, compiled once (it is called many times per article)
PART_AFTER_SEMICOLON = re.compile(r"\s*其中")


def _picked_after_semicolon(ctx: Context, s_end: int) -> int:
    """Where a heading's reach ends when its part of the sentence closes with `；`: a next part opening with
    `其中` (`新签约项目28个，总投资…；其中A项目…`) picks items out of the heading's set, so the heading reaches to
    that part's end. (After `。` it does not: a lead's `…集中开工…。其中` may be a plan's set.)"""
    t = ctx.t
    if s_end <= 0 or t[s_end - 1] not in "；;" or not PART_AFTER_SEMICOLON.match(t[s_end : s_end + 4]):
        return s_end
    nxt = next((e for s, e in ctx.sentences if s >= s_end), None)
    return s_end if nxt is None else nxt


# A plan with a date or imminence in its own clause (`预计8月投产`, `即将投产`, `有望年底竣工`) says where the
# project stands now, so the article's headline stage (`…集中开工`) must not be given it; `计划建成…基地` (a purpose)
# says nothing of now.
PLACED_PLAN = re.compile(r"即将|预计|有望|可望|将于")
PLAN_DATE_BEFORE = re.compile(r"(?:年底|年内|\d{1,2}\s*月份?|季度|上半年|下半年)(?:前|底|初|中旬|下旬)?$")


def _placed_plans(t: str, stages: list[tuple[str, bool, int, int]]) -> list[tuple[str, bool, int, int]]:
    """The plan cues stated with a date or as imminent in their own clause (PLACED_PLAN, PLAN_DATE_BEFORE)."""
    out = []
    for cue in stages:
        left = t[clause_start(t, cue[2], 0) : cue[2]]
        if cue[1] and (PLACED_PLAN.search(left) or PLAN_DATE_BEFORE.search(left)):
            out.append(cue)
    return out


def _stage(
    stages: list[tuple[str, bool, int, int]],
    governing: list[Governing],
    default: str = "在建",
    placed: list[tuple[str, bool, int, int]] | None = None,
) -> tuple[str, bool, str, Governing | None]:
    """The stage reached by the article's date, and where it comes from: the furthest event among the
    project's own cues ("own"); else a list heading or the article's headline over it (an event); else the
    stage before its own earliest plan (`计划年底开工` → 签约, as a plan); else a heading's or headline's
    plan; else `default` ("default": no cue at all, an inferred stage)."""
    events = [s for s, plan, _, _ in stages if not plan]
    if events:
        return max(events, key=STAGE_ORDER.__getitem__), False, "own", None
    for g in governing:
        if not g.is_plan and (g.origin == "heading" or not placed):
            return g.stage, False, g.origin, g
    plans = [s for s, plan, _, _ in stages if plan]
    if plans:
        return STAGE_BEFORE_PLAN[min(plans, key=STAGE_ORDER.__getitem__)], True, "own", None
    for g in governing:
        return g.stage, True, g.origin, g
    return default, False, "default", None


# A build verb right before a name (`投资2亿元建设某某园`), with no stage word of its own.
BUILD_RIGHT_BEFORE = re.compile(r"(?:投资建设|建设|新建|兴建|打造|建)\s*$")


def _planned_build(t: str, s_start: int, own_clause: int, first: int, named: Spans) -> list[tuple[str, bool, int, int]]:
    """A decision or plan to build the project (`决定在某地投资2亿元建设某某园`, `将新建某某基地`) and no stage cue:
    a plan to start building it (开工 as a plan, so 签约 now). The plan word may stand earlier in the sentence
    (`决定…建设A，…建设B`); `将继续`, `持续` are going on now."""
    verb = BUILD_RIGHT_BEFORE.search(t, own_clause, first)
    if verb is None:
        return []
    for p in PLAN_RE.finditer(t, s_start, verb.start()):
        if not GOING_ON.match(t[p.end() : p.end() + 2]) and not _no_plan_word(t, p, named, verb.start()):
            return [("开工", True, verb.start(), verb.end())]
    return []


# _other_subject_before's patterns, compiled once (it is called many times per article)
TURN_BEFORE = re.compile(r"[，,；;]\s*(?:而|另外|此外|同时)?\s*$")


def _other_subject_before(ctx: Context, o: Occurrence, si: int, start: int, cue: int) -> bool:
    """Whether, between `start` and a later cue in sentence `si`, another project's name opens a clause after a
    comma (`A项目投资5亿元，B项目已建成投产`): that clause is about the other project, and its cue is not this
    one's (a list `A、B等项目已开工` is not cut). Only the sentence's names are looked at: an article may name one
    project thousands of times."""
    t = ctx.t
    for x in ctx.named_in.get(si, []):
        if start <= x.start < cue and x.group != o.group:
            if TURN_BEFORE.search(t[max(o.end, x.start - 6) : x.start]):
                return True
    return False


# A sentence that opens on a verb that starts something (`开工A、B等项目，引进C项目。`, `启动…建设`) has no subject
# of its own: in a work plan it is one more task of the subject before it (`今年，某县将加快…。启动…，开工A项目…`),
# and that sentence's plan word governs it too. Not a verb of work going on (`加速推进A项目建设。`: the works are
# under way whatever the plan), nor a cue before `的` (`开工的A项目`: the subject named by its stage).
START_VERBS = alternation(c for c, stage in STAGE_CUE_LIST if stage in ("签约", "开工"))
TASK_OPENING = re.compile(rf"\s*(?:{START_VERBS}|启动|新建|实施)(?!的)")


def _plan_head(ctx: Context, si: int) -> int:
    """Where the plan words that may govern sentence `si` start: the sentence's own start, or, over a run of
    sentences that open on a task verb (TASK_OPENING) in one paragraph, the start of the sentence before
    the run when that sentence states a plan (PLAN_RE)."""
    t, sentences = ctx.t, ctx.sentences
    k = si
    while k > 0 and TASK_OPENING.match(t, sentences[k][0]) and "\n" not in t[sentences[k - 1][1] : sentences[k][0]]:
        k -= 1
    if k == si or not any(not _no_plan_word(t, p, ctx.named) for p in PLAN_RE.finditer(t, *sentences[k])):
        return sentences[si][0]
    return sentences[k][0]


def _occurrence_stages(ctx: Context, o: Occurrence) -> tuple[list, list]:
    """Cues that speak of this occurrence, and (as a fallback) cues later in its sentence."""
    t = ctx.t
    si = sentence_index(ctx.sentences, o.start)
    s_start, s_end = ctx.sentences[si]
    first = o.list_start if o.list_start is not None else o.start
    own_clause = clause_start(t, first, s_start)
    # a plan word early in the sentence (`今后…将…加快推进A、B等项目建设`) governs it all; a work plan's, its tasks
    plan_from = _plan_head(ctx, si)
    scope_start = o.scope_start if o.scope_start is not None else o.end
    later = [x.start for x in ctx.named_in.get(si, []) if x.start >= scope_start and x.group != o.group]
    scope_end = min(later) if later else s_end
    stages = _stage_cues(t, scope_start, scope_end, plan_from, o.tail_end or -1, ctx.named)
    left = t[own_clause:first]
    if left and (BUILD_BEFORE.search(left) or STAGE_RE.search(left)):
        stages += _stage_cues(t, own_clause, first, own_clause if plan_from == s_start else plan_from, named=ctx.named)
    fallback = _stage_cues(t, scope_end, s_end, own_clause, named=ctx.named) if later else []
    fallback = [c for c in fallback if not _other_subject_before(ctx, o, si, scope_end, c[2])]
    if not stages and not fallback:
        stages += _planned_build(t, s_start, own_clause, first, ctx.named)
    if not stages and not fallback and t[s_end - 1] in "；;":  # `A项目；B项目；C项目等一批大项目纷纷落户`
        period_end = PERIOD.search(t, s_end)
        p_end = period_end.start() if period_end else len(t)
        # only a cue that closes the enumeration (after its `等`) speaks of every item; a cue inside the next
        # item's own description (`B项目，新建…生产线，已投产；`) is B's
        for cue in _stage_cues(t, s_end, p_end, s_end, named=ctx.named):
            items = [x.end for x in ctx.occurrences if s_end <= x.start and x.end <= cue[2]]
            if items and ETC_AFTER.match(t[max(items) : cue[2]]):
                fallback.append(cue)
    return stages, fallback


@lru_cache(maxsize=4096)
def _title_names(folded_title: str) -> tuple[tuple[int, int], ...]:
    """Where a headline names projects: a pure function of the headline, and a paper prints one headline
    over many articles (a series, a reprint), so it is read once per worker."""
    return tuple((o.start, o.end) for o in find_names(folded_title, sentence_spans(folded_title), []))


# _article_stage's patterns, compiled once (it is called many times per article)
FIGURE_OR_GOING_ON = re.compile(r"总?投资|总?产值|继续|持续")


def _article_stage(ctx: Context, title: str | None) -> Governing | None:
    """The stage an article as a whole reports (`…集中开工`), for names with no cue of their own; a photo
    caption gives none. A plan word counts within its cue's clause, or over the whole head when its own
    clause names no project (`各地将集中开工一批重大项目`). (A headline clause naming one project still
    counts: skipping it cost more on dev2 than it fixed, one project being often named two ways.)"""
    t = ctx.t
    folded_title = fold(title or "")
    title_named = Spans(_title_names(folded_title))
    found: list[tuple[str, bool, int, int]] = []
    for text, limit, named, offset in ((folded_title, len(folded_title), title_named, None), (t, 160, ctx.named, 0)):
        for c_start, c_end in _clauses(text, 0, min(len(text), limit)):
            cues = _stage_cues(text, c_start, c_end, c_start, named=named)
            if not cues or _in_caption(text, c_start, c_end):
                continue  # `图为某某项目竣工现场`: a photo's subject, not what the article reports
            for stage, plan, cs, ce in cues:
                # a plan stated for the whole head (`各地将集中开工一批重大项目`) governs the cues after it;
                # one stated of a named project (`某某项目将落户`) governs only its clause
                plan = plan or any(
                    not any(named.covers(i) for i in range(*_clause_around(text, p.start())))
                    and not FIGURE_OR_GOING_ON.match(text[p.end() : p.end() + 3])
                    and not _no_plan_word(text, p, named, cs)
                    for p in PLAN_RE.finditer(text, 0, cs)
                )
                if text[cs:ce] in ARTICLE_CUES or HEADING_CUE.match(text, cs):
                    found.append((stage, plan, cs if offset is not None else -1, ce if offset is not None else -1))
    if not found:
        return None
    events = [c for c in found if not c[1]]
    pool = events or found
    stage = Counter(c[0] for c in pool).most_common(1)[0][0]
    cue = next(c for c in pool if c[0] == stage)
    if not events:
        stage = STAGE_BEFORE_PLAN[stage]
    return Governing(stage, not events, cue[2], cue[3], "article", 0, len(t))


# ---------------------------------------------------------------- parks


# _park_for's patterns, compiled once (it is called many times per article)
INSIDE_AFTER = re.compile(r"内|的")


def _park_for(
    ctx: Context,
    o: Occurrence,
    parks: list[ParkSpan],
    starts: list[int],
    own: set[str],
    forms: dict[str, list[int]] | None = None,
) -> tuple[int, ParkSpan] | None:
    """The park a name sits in: a zone inside the name, else one its sentence names with a locative,
    else the zone the sentence is about (`智能终端产业园建成…，导入X、Y等项目`). `starts`: the parks'
    starts (they come sorted by start)."""
    t = ctx.t
    forms = forms if forms is not None else _zone_forms(parks)  # `forms`: `_zone_forms(parks)`, made once
    s_start, s_end = ctx.sentences[sentence_index(ctx.sentences, o.start)]
    inside = parks[bisect_left(starts, o.start) : bisect_left(starts, o.end)]

    def park_of_name(p: ParkSpan) -> bool:
        if p.end < o.end - 1 and core_name(p.text) not in own:
            rest = t[p.end : o.end]
            standalone = any(q.name == p.name and not (o.start <= q.start < o.end) for q in parks)
            return not (TAIL_RE.fullmatch(rest) or PHASE_RE.fullmatch(rest)) or standalone
        return False

    for k, p in enumerate(inside):
        if park_of_name(p):
            # `…经济技术开发区南川工业园区X项目`: a zone right after another is inside it, and more precise
            while k + 1 < len(inside) and inside[k + 1].start == p.end and park_of_name(inside[k + 1]):
                k += 1
                p = inside[k]
            return 3, _long_form(t, p, parks, forms)
    near = [
        p
        for p in parks[bisect_left(starts, s_start) : bisect_left(starts, s_end)]
        if not (o.start <= p.start < o.end) and core_name(p.text) not in own
    ]
    first = o.list_start if o.list_start is not None else o.start
    located = [
        p
        for p in near
        if PARK_LOCATIVE.search(t, max(s_start, p.start - 3), p.start)
        or INSIDE_AFTER.match(t[p.end : p.end + 1])
        or (p.end in (o.start, first) and ZONE_WORD.search(p.name))  # `新疆某某经济技术开发区A、B等项目`
        or (t[o.end : p.start] == "等" and t.startswith("项目", p.end))  # `A、B等某某功能区项目28个`: their zone
    ]
    located += [p for p in near if p not in located and _signs_for(t, p, o)]
    if located:
        return 2, _long_form(t, min(located, key=lambda p: abs(p.start - o.start)), parks, forms)
    subject = [
        p
        for p in near
        if SUBJECT_PARK_BEFORE.fullmatch(t, s_start, p.start) and p.start < o.start and not ctx.named.covers(p.start)
    ]
    if subject:
        return 2, _long_form(t, subject[0], parks, forms)
    return None


def _pointed_parks(ctx: Context, parks: list[ParkSpan], starts: list[int]) -> dict[int, ParkSpan]:
    """Parks a pointer's sentence places its project in (`项目…于8月正式在X产业园落户建设`, `该项目位于X`): a
    zone after a locative in the pointer's own stretch of the sentence (up to the next name). group -> park,
    the first found; for projects whose own sentences name no park."""
    out: dict[int, ParkSpan] = {}
    t = ctx.t
    for si, prons in ctx.pronouns_in.items():
        s_end = ctx.sentences[si][1]
        later = sorted(o.start for o in ctx.named_in.get(si, []))
        for p in prons:
            target = ctx.pronoun_target.get(p.start())
            if target is None or target in out:
                continue
            if later and later[0] < p.start():
                continue  # a name before the pointer in its sentence: the sentence is about that one
            k = bisect_right(later, p.end())
            stop = later[k] if k < len(later) else s_end
            for q in parks[bisect_left(starts, p.end()) : bisect_left(starts, stop)]:
                if PARK_LOCATIVE.search(t, max(p.end(), q.start - 3), q.start) and q.text not in BARE:
                    out[target] = q
                    break
    return out


# What a park that is a project says of the projects it holds: `X产业园项目包括，A、B`, `X产业园入驻了A`.
CONTAINS = re.compile(r"(?:项目)?(?:主要)?(?:包括|包含|涵盖|入驻了?|引进了?|引入了?)[:：]?\s*[,，]?")


def _container_for(
    t: str, o: Occurrence, containers: list[ParkSpan], sentences: list[tuple[int, int]], own: set[str]
) -> ParkSpan | None:
    """The zone that is a project here (no park for other projects) yet holds `o` by the text's word: its
    sentence says the zone contains the names that follow (CONTAINS), `o` among them."""
    s_start = sentences[sentence_index(sentences, o.start)][0]
    held = None
    starts = [p.start for p in containers]  # containers come sorted by start
    for p in containers[bisect_left(starts, s_start) : bisect_left(starts, o.start)]:
        if p.end <= o.start and core_name(p.text) not in own:
            m = CONTAINS.match(t, p.end)
            if m and m.end() > p.end + 1 and not PERIOD.search(t, m.end(), o.start):
                held = p
    return held


# A zone's administration signs for a project: `A管委会与B公司签署X项目…`, `B公司和A管委会签约X项目`,
# `X项目同A签订投资合同`.
ZONE_OFFICE = re.compile(r"(?:管委会|管理委员会)")
SIGN_VERB = re.compile(r"签约|签订|签署")
CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n]")


# _signs_for's patterns, compiled once (it is called many times per article)
JOINER_END = re.compile(r"(?:与|同|和)$")


def _signs_for(t: str, p: ParkSpan, o: Occurrence) -> bool:
    """The zone `p` is a party to the signing of `o` in one clause: its office signs before the name, or
    the name signs with the zone after it."""
    if p.end <= o.start:
        between = t[p.end : o.start]
        return bool(ZONE_OFFICE.match(t, p.end) and SIGN_VERB.search(between) and not CLAUSE_BREAK.search(between))
    if p.start >= o.end:
        between = t[o.end : p.start]
        return (
            len(between) <= 6
            and bool(JOINER_END.search(between))
            and not CLAUSE_BREAK.search(between)
            and bool(SIGN_VERB.match(t, p.end + (len(m.group()) if (m := ZONE_OFFICE.match(t, p.end)) else 0)))
        )
    return False


# A zone's short form and the long forms it stands for (`准东开发区` = `准东经济技术开发区`).
SHORT_ZONE = {
    "经开区": ("经济技术开发区", "经济开发区"),
    "高新区": ("高新技术产业开发区",),
    "开发区": ("经济技术开发区", "经济开发区", "高新技术产业开发区"),
}


def _zone_forms(parks: list[ParkSpan]) -> dict[str, list[int]]:
    """Where the article writes each zone's text: text -> its starts, in order (parks come sorted)."""
    forms: dict[str, list[int]] = {}
    for q in parks:
        forms.setdefault(q.text, []).append(q.start)
    return forms


SHORT_DEFINED = re.compile(r"\s*\((?:以下)?(?:简称|下称)[:：]?[“\"]?")


def _long_form(t: str, p: ParkSpan, parks: list[ParkSpan], forms: dict[str, list[int]]) -> ParkSpan:
    """The zone as the article writes it in full, where the text shortens it (`准东开发区` for
    `准东经济技术开发区`): when the article defines the short form (`(以下简称准东开发区)`) or writes the full
    one earlier in the same sentence. A zone the article calls by its short name elsewhere keeps it."""
    word = next((w for w in SHORT_ZONE if p.text.endswith(w)), None)
    stem = p.text[: -len(word)] if word else ""
    if len(stem) < 2:
        return p
    texts = [x for x in forms if any(x.endswith(stem + long) for long in SHORT_ZONE[word])]
    longest = max(texts, key=len, default="")
    if not texts or any(not longest.endswith(x) for x in texts):
        return p  # two different zones fit (`准东经济开发区`, `准东高新技术产业开发区`): no choice
    # a definition follows the zone's first full mention
    for x in texts:
        d = SHORT_DEFINED.match(t, forms[x][0] + len(x))
        if d and t.startswith(p.text, d.end()):
            return _span_at(parks, x, forms[x][0])
    before = []
    for x in texts:
        k = bisect_left(forms[x], p.start) - 1
        while k >= 0 and forms[x][k] + len(x) > p.start:
            k -= 1
        if k >= 0 and not PERIOD.search(t, forms[x][k] + len(x), p.start):
            before.append((forms[x][k], x))
    if not before:
        return p
    start, x = max(before)
    return _span_at(parks, x, start)


def _span_at(parks: list[ParkSpan], text: str, start: int) -> ParkSpan:
    """The park span of `text` at `start` (parks come sorted by start)."""
    lo, hi = 0, len(parks)
    while lo < hi:
        mid = (lo + hi) // 2
        if parks[mid].start < start:
            lo = mid + 1
        else:
            hi = mid
    return next(q for q in parks[lo:] if q.text == text and q.start == start)


BUILT_TAIL = re.compile(r"(?:建设|新建|扩建)(?:项目|工程)")


def _places_not_projects(parks: list[ParkSpan], occs: list[Occurrence]) -> list[ParkSpan]:
    """Zones that are projects here (`海富智能光学产业园` being built) are no park for other projects,
    nor what a bare `园区` stands for; a zone inside a longer name (`济宁高新区华为…项目`) still is. A zone
    that is the tail of a project's name (`科技时尚创意产业城` in `中国如意科技时尚创意产业城`) is that project."""
    projects = {
        p.name
        for p in parks
        if not p.listed
        and any(
            o.start <= p.start < o.end
            # `…产业园项目`, `…产业园建设项目`: the zone and a project's tail only
            and (p.end <= o.end <= p.end + 2 or BUILT_TAIL.fullmatch(o.name[p.end - o.start :]))
            # `某某经济开发区项目集中开工`: the zone's projects; an administrative zone is never a project
            and not (ADMIN_ZONE.search(p.name) or (ZONE_WORD.search(p.name) and o.end > p.end))
            for o in occs
        )
    }
    return [p for p in parks if p.name not in projects]


# An administrative zone's own word (a `…产业园` is often a project, a `…试验区` a plan's phase).
ZONE_WORD = re.compile(
    r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|经开区|工业园区|工业园|投资区|新区|保税区|"
    r"产业集聚区|工业集中区|新片区|综改示范区|新城)$"
)


# The zones only an administration sets up (a `…工业园` or `…新城` can be a company's project); an `…工业区` too
# (`某某工业区建设项目` is the zone's build-out, see _zone_buildout, and names.ADMIN_ZONE holds it).
ADMIN_ZONE = re.compile(
    r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|经开区|工业园区|工业区|投资区|保税区|新片区|综改示范区)$"
)


def _stem_counts(t: str, parks: list[ParkSpan]) -> Counter[str]:
    """How often the text calls an administrative zone by its stem alone (`洋浦` for `洋浦经济开发区`, outside
    any zone's name): zone name -> count. A stem that is a county or a city (`兖州`) names that place."""
    from .places import scan

    stems: dict[str, str] = {}
    for p in parks:
        m = ADMIN_ZONE.search(p.text)
        stem = p.text[: m.start()] if m else ""
        if len(stem) >= 2 and p.text not in BARE and not scan(stem):
            stems.setdefault(stem, p.name)
    counts: Counter[str] = Counter()
    if not stems:
        return counts
    covered = bytearray(len(t) + 1)  # inside some zone's name
    for p in parks:
        covered[p.start : p.end] = b"\x01" * (p.end - p.start)
    for stem, name in stems.items():
        i = t.find(stem)
        while i >= 0:
            if not covered[i]:
                counts[name] += 1
            i = t.find(stem, i + len(stem))
    return counts


def _article_park(t: str, parks: list[ParkSpan], title: str | None) -> ParkSpan | None:
    """The park an article is about: the one it names most (a listed park counts double, the title
    three times), shown as the article writes it most often."""
    counts: Counter[str] = Counter()
    inner: Counter[str] = Counter()  # how often a zone is written right after another zone's name
    for k, p in enumerate(parks):
        counts[p.name] += 2 if p.listed else 1
        if p.text not in BARE and any(q.end == p.start and q.text not in BARE for q in parks[max(0, k - 2) : k]):
            inner[p.name] += 1
    if title:
        for p in find_parks(fold(title)):
            counts[p.name] += 3
    counts += _stem_counts(t, parks)
    if not counts:
        return None
    # a shorter form inside a longer one is the same zone (`台商投资区` in `漳州台商投资区`): counted with it
    for short in list(counts):
        longer = [n for n in counts if n != short and len(short) >= 4 and n.endswith(short)]
        if len(longer) == 1:
            counts[longer[0]] += counts.pop(short)
    # `…经济技术开发区南川工业园区`, written so twice or more: the zone inside is the more precise park, and wins
    # a tie with its outer (a zone written once after another is a passing mention, a photo's caption)
    top = max(counts.values())
    name, n = max(counts.items(), key=lambda kv: (kv[1], kv[1] == top and inner[kv[0]] >= 2))
    spans = [p for p in parks if p.name == name or (name.endswith(p.name) and len(p.name) >= 4)]
    # named once is enough when it is the only zone the article names (`…落户界首经济开发区`)
    if not spans or (
        n < 2 and not (len(counts) == 1 and ZONE_WORD.search(spans[0].name) and spans[0].text not in BARE)
    ):
        return None
    written = Counter(p.text for p in spans if p.text not in BARE)
    if not written:
        return spans[0]
    best = max(written, key=lambda w: (written[w], w == name, len(w)))
    return _long_form(t, next(p for p in spans if p.text == best), parks, _zone_forms(parks))


def _nearest_form(park: ParkSpan, parks: list[ParkSpan], pos: int) -> ParkSpan:
    """The article's zone as written nearest a project's first mention: where one zone is written in two
    forms (`某某经济技术开发区`, `某某经开区`), the form the project's own passage uses. A form inside the one
    written most (`滨海新区` in `某市滨海新区`) drops its city and says less: it is not taken."""
    forms = [
        p
        for p in parks
        if p.name == park.name and p.text not in BARE and (p.text == park.text or p.text not in park.text)
    ]
    return min(forms, key=lambda p: abs(p.start - pos), default=park)


# ---------------------------------------------------------------- the verb


def find_mentions(article: Article) -> tuple[list[Mention], list[Aggregate]]:
    """The projects `article` mentions, one Mention each, and the aggregates it states."""
    raw = article.text
    t = fold(raw)
    sentences = sentence_spans(t)
    if not sentences:
        return [], []
    parks = find_parks(t)
    amounts = find_amounts(t, t)  # t is folded
    occs = find_names(t, sentences, parks)
    groups = group_names(occs, t, sentences)
    kept_parks = _places_not_projects(parks, occs)
    kept_set = set(kept_parks)
    containers = [p for p in parks if p not in kept_set]  # zones that are projects here
    parks = kept_parks
    if not groups:
        return [], _aggregates(article, t, sentences, amounts, parks)
    ctx = _context(t, sentences, occs)
    found = [Found(occurrences=g) for g in groups]

    ctx.amounts = amounts
    ctx.amount_starts = [a.start for a in amounts]
    respective = _respective(ctx)
    bound: set[int] = set()
    for a in amounts:
        si = sentence_index(sentences, a.start)
        role, priority, cue = _amount_role(t, a, clause_start(t, a.start, sentences[si][0]))
        if role is None:
            continue
        binding = _bind(ctx, a, si, respective, role)
        for g in binding.groups:
            rank = 0 if len(binding.groups) == 1 and _prices_a_phase(ctx, a, si, g) else priority
            getattr(found[g], role).append((rank, a, cue, binding.why))
            bound.add(a.start)
    aggregates = _aggregates(article, t, sentences, [a for a in amounts if a.start not in bound], parks)

    for f in found:
        for o in f.occurrences:
            stages, fallback = _occurrence_stages(ctx, o)
            f.stages += stages
            f.fallback_stages += fallback
    for si, prons in ctx.pronouns_in.items():
        for p in prons:
            target = ctx.pronoun_target.get(p.start())
            if target is not None:
                s_end = sentences[si][1]
                later = [o.start for o in ctx.named_in.get(si, []) if o.start > p.end()]
                found[target].stages += _stage_cues(
                    t, p.end(), min(later) if later else s_end, p.start(), named=ctx.named
                )

    headings = _headings(ctx)
    article_stage = _article_stage(ctx, article.title)
    default_park = _article_park(t, parks, article.title)
    mentions = []
    made: list[tuple[Found, Mention]] = []
    starts = [p.start for p in parks]  # parks come sorted by start
    forms = _zone_forms(parks)
    pointed = _pointed_parks(ctx, parks, starts)
    for gi, f in enumerate(found):
        own = {core_name(o.name) for o in f.occurrences}
        for o in f.occurrences:
            park = _park_for(ctx, o, parks, starts, own, forms)
            if park:
                f.parks.append(park)
            elif held := _container_for(t, o, containers, sentences, own):
                f.parks.append((2, held))
        if not f.parks and gi in pointed:
            f.parks.append((2, _long_form(t, pointed[gi], parks, forms)))
        if not f.parks and default_park and core_name(default_park.text) not in own:
            f.parks.append((1, _nearest_form(default_park, parks, min(o.start for o in f.occurrences))))
        first = min(o.start for o in f.occurrences)
        governing = [g for g in headings if g.governs_from <= first < g.governs_to][-1:]
        governing += [article_stage] if article_stage else []
        mention = _mention(article, raw, t, f, sentences, governing)
        if mention and all(_zone_buildout(o.name) for o in f.occurrences):
            aggregates.append(_zone_aggregate(mention))  # `曹妃甸工业区建设项目…投资总额1500亿元`: the zone's sum
        elif mention:
            mentions.append(mention)
            made.append((f, mention))
    _link_parts(t, sentences, made, aggregates)
    locate_mentions(article, t, mentions)  # province, city, county, adcode (pipeline/places.py)
    return mentions, aggregates


# `其中` (or `其中，`) right before a name: what follows is a part of what the text just stated.
PART_MARK = re.compile(r"其中\s*[，,：:]?\s*$")
PART_LOOKBACK = 6  # characters before a name where the mark may stand


def _link_parts(
    t: str, sentences: list[tuple[int, int]], made: list[tuple[Found, Mention]], aggregates: list[Aggregate]
) -> None:
    """A project introduced by `其中` after a priced project in the same or the previous sentence is a part
    of it (a phase, a sub-project of a city-scale project): it keeps its own figure, and resolution sums the
    whole's figure only. A whole must state a larger investment than the part, and no aggregate may stand
    between them: after `12个项目竣工，总投资25.9亿元，其中A项目…` the whole is the group, not a project."""
    priced = [(o.start, m) for f, m in made if m.investment_yuan for o in f.occurrences]  # every place it is named
    for f, m in made:
        if not m.investment_yuan:
            continue
        for o in sorted(f.occurrences, key=lambda o: o.start):
            if not PART_MARK.search(t[max(0, o.start - PART_LOOKBACK) : o.start]):
                continue
            si = sentence_index(sentences, o.start)
            floor = sentences[max(0, si - 1)][0]
            wholes = [
                (start, w)
                for start, w in priced
                if w is not m
                and floor <= start < o.start
                and w.investment_yuan > m.investment_yuan
                and not any(start < g.start < o.start for g in aggregates)
            ]
            if wholes:
                m.part_of = max(wholes, key=lambda x: x[0])[1].name
                break


def _best(entries: list[Bound]) -> tuple[Amount, str, str] | None:
    """The figure a project's record takes: the highest-priority cue (`总投资` over `投资` over `一期投资`),
    the first stated among equals."""
    if not entries:
        return None
    _, amount, cue, why = max(entries, key=lambda e: (e[0], -e[1].start))
    return amount, cue, why


def _mention(article: Article, raw: str, t: str, f: Found, sentences, governing: list[Governing]) -> Mention | None:
    names = [o for o in f.occurrences]
    if not names:
        return None
    # the fullest name, of those that name the project (a copula's complement only describes it)
    main = max([o for o in names if not o.described] or names, key=lambda o: (len(core_name(o.name)), -o.start))
    first = min(names, key=lambda o: o.start)
    s_start, s_end = sentences[sentence_index(sentences, main.start)]
    company = next((o.company for o in sorted(names, key=lambda o: -len(o.company or "")) if o.company), None)
    own_cues = f.stages or f.fallback_stages
    stage, is_plan, stage_origin, governed_by = _stage(own_cues, governing, placed=_placed_plans(t, own_cues))
    park = park_origin = None
    if f.parks:
        priority, best = max(f.parks, key=lambda p: p[0])
        park = best.name if best.text in BARE else raw[best.start : best.end]
        park_origin = PARK_ORIGIN[priority]
    phases = sorted({m.group(1) for o in names for m in PHASE_RE.finditer(o.name)})
    name = raw[main.start : main.end] + main.suffix
    mention = Mention(
        article_id=article.article_id,
        name=name,
        sentence=raw[s_start:s_end],
        start=s_start,
        end=s_end,
        name_start=main.start,
        name_end=main.end,
        company=company,
        park=park,
        park_origin=park_origin,
        status=stage,
        is_plan=is_plan,
        phase="、".join(p + "期" for p in phases) or None,
        aliases=sorted({raw[o.start : o.end] + o.suffix for o in names} - {name}),
    )
    mention.evidence.append(
        {
            "field": "name",
            "text": raw[main.start : main.end],
            "cue": main.verdict.why() if main.verdict else None,  # why names.decide took it for a project
            "start": main.start,
            "end": main.end,
            "sentence_start": s_start,
            "sentence_end": s_end,
        }
    )
    if first is not main:
        fs, fe = sentences[sentence_index(sentences, first.start)]
        mention.evidence.append(
            {
                "field": "name",
                "text": raw[first.start : first.end],
                "start": first.start,
                "end": first.end,
                "sentence_start": fs,
                "sentence_end": fe,
            }
        )
    for role in ("investment", "output", "jobs"):
        best = _best(getattr(f, role))
        if not best:
            continue
        amount, cue, why = best
        text = raw[amount.start : amount.end]
        if role == "investment":
            mention.investment_yuan = amount.value
            mention.investment_currency = amount.currency or "CNY"
            mention.investment_text = text
            mention.investment_qualifier = amount.qualifier
        elif role == "output":
            if amount.currency not in (None, "CNY"):
                continue
            mention.output_yuan, mention.output_text = amount.value, text
        else:
            mention.jobs, mention.jobs_text = amount.value, text
        asi = sentence_index(sentences, amount.start)
        mention.evidence.append(
            {
                "field": role,
                "text": text,
                "start": amount.start,
                "end": amount.end,
                "value": amount.value,
                "cue": cue,
                "bound_by": why,
                "qualifier": amount.qualifier,
                # output and jobs: a forecast (`投产后可实现年产值…`) or a fact, by the words before it
                "is_plan": role != "investment" and figure_is_forecast(t, sentences[asi][0], amount.start),
                "sentence_start": sentences[asi][0],
                "sentence_end": sentences[asi][1],
            }
        )
    # where the stage comes from, in `cue`: "clause" (the project's own clause or scope), "sentence" (later
    # in its sentence), "heading" (a list heading over it), "article" (the headline) or "default" (no cue:
    # inferred, drawn as such)
    cues = [(c, "clause" if f.stages else "sentence") for c in own_cues] if stage_origin == "own" else []
    if governed_by is not None and governed_by.start >= 0:
        cues = [((governed_by.stage, governed_by.is_plan, governed_by.start, governed_by.end), governed_by.origin)]
    for (stage_name, plan, cs, ce), origin in cues:
        csi = sentence_index(sentences, cs)
        mention.evidence.append(
            {
                "field": "stage",
                "text": raw[cs:ce],
                "start": cs,
                "end": ce,
                "value": stage_name,
                "cue": origin,
                "is_plan": plan,
                "sentence_start": sentences[csi][0],
                "sentence_end": sentences[csi][1],
            }
        )
    # every mention says where its stage comes from; "default" or a title's "article" has no span to show
    mention.evidence[0]["stage_origin"] = stage_origin
    return mention


# An administrative zone's own word at a name's end (`…工业区建设项目`, `…经济开发区开发建设`): the zone is a
# place holding many projects; its build-out is their sum. A park named for what it holds (`台湾工业园`,
# `新材料产业园`) is no such word: it may be one project (GUIDE).
ZONE_BUILDOUT = re.compile(
    r"(?:工业区|经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|经开区|示范区|新区|保税区|自贸区|"
    r"自由贸易试验区|试验区|片区|港区)(?:开发)?(?:建设)?(?:项目|工程)?$"
)


def _zone_buildout(name: str) -> bool:
    """Whether a name is a zone's build-out: nothing before the zone word but places (`曹妃甸工业区建设项目`,
    `临江经济开发区项目`). A company, a product or a facility before it makes it a project."""
    name = fold(name)
    zone = ZONE_BUILDOUT.search(name)
    if not zone or zone.start() < 2:
        return False
    body = name[: zone.start()]
    for hit in reversed(scan_places(body)):
        body = body[: hit.start] + body[hit.end :]
    return only_places(body)


def _zone_aggregate(m: Mention) -> Aggregate:
    """A zone's build-out kept as what it is, the sum over the zone's projects, with its figures."""
    return Aggregate(
        article_id=m.article_id,
        sentence=m.sentence,
        start=m.start,
        end=m.end,
        scope=m.name,
        investment_yuan=m.investment_yuan,
        investment_currency=m.investment_currency if m.investment_yuan else None,
        output_yuan=m.output_yuan,
        label=m.name,
    )


def _aggregates(article: Article, t: str, sentences, amounts: list[Amount], parks: list[ParkSpan]) -> list[Aggregate]:
    """Figures over many projects, as stated: one row per sentence that counts projects."""
    out = []
    for s_start, s_end in sentences:
        m = COUNTED.search(t, s_start, s_end) and (
            AGGREGATE_COUNT.search(t, s_start, s_end) or PROJECT_COUNT.search(t, s_start, s_end)
        )
        if not m:
            continue
        count = COUNT_RE.search(m.group())
        n = int(count.group()) if count and count.group().isdigit() else None
        if n is None and not any(s_start <= a.start < s_end and a.kind == "money" for a in amounts):
            continue  # `一批富有创新活力的产业项目`: no figure to keep
        agg = Aggregate(
            article_id=article.article_id,
            sentence=article.text[s_start:s_end],
            start=s_start,
            end=s_end,
            projects=n,
            label=article.text[m.start() : m.end()],
        )
        for a in amounts:
            if s_start <= a.start < s_end and a.kind == "money":
                role, _, _ = _amount_role(t, a, clause_start(t, a.start, s_start))
                if role == "investment" and agg.investment_yuan is None:
                    agg.investment_yuan, agg.investment_currency = a.value, a.currency or "CNY"
                elif role == "output" and agg.output_yuan is None:
                    agg.output_yuan = a.value
        scope = [article.text[p.start : p.end] for p in parks if s_start <= p.start < s_end]
        agg.scope = scope[0] if scope else None
        if (
            agg.investment_yuan is None
            and agg.output_yuan is None
            and "项目" not in m.group()
            and "工程" not in m.group()
        ):
            continue  # `两家企业` (donors), `9家规模以上工业企业`: a count of firms, no project figure
        out.append(agg)
    return out
