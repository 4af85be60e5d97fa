"""Find the projects an article mentions, with the facts it states about each, and the aggregates it
reports (`12个项目，总投资56亿元`) kept apart.

`find_mentions(article)` is the one public verb. It is pure: text in, mentions out. The steps:
1. sentences of the folded text (offsets stay those of the stored text) and the names in it
   (`names.find_names`), grouped per project (`names.group_names`);
2. what each sentence is about: the project it names, or the one a pronoun (`该项目`, `整个基地`)
   or the paragraph's topic points back to;
3. each amount bound to the project it qualifies, or to an aggregate, never both;
4. the stage reached by the article's date (plans kept apart), the company and the park.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from .amounts import find_amounts
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
    STAGE_OF,
    STAGE_RE,
    TAIL_RE,
    Occurrence,
    Spans,
    clause_end,
    clause_start,
    core_name,
    find_names,
    group_names,
    sentence_index,
    sentence_spans,
)
from .parks import BARE, ParkSpan, find_parks
from .places import locate_mentions
from .textnorm import fold

PLAN_RE = re.compile(alternation(PLAN_WORDS))
INVEST_RE = re.compile(alternation(INVESTMENT_CUES))
NOT_INVEST_RE = re.compile(alternation(NOT_INVESTMENT))
OUTPUT_RE = re.compile(alternation(OUTPUT_CUES))
NOT_OUTPUT_RE = re.compile(alternation(NOT_OUTPUT))
JOBS_RE = re.compile(alternation(JOBS_CUES))
# Words that point back at a project: `该项目`, `整个基地`, and a bare 项目 opening a clause.
PRONOUN_RE = re.compile(
    r"(?:该|此|本|这个|这一|整个|这座|这家|该项)(?:[\u4e00-\u9fff]{0,6}?)(?P<head>项目|基地|产业园|园区|工程|厂区|工厂|产业城|科技城|中心)"
    r"|(?:^|(?<=[，,。；;:：\n]))(?:目前|如今|同时|其中)?,?(?P<bare>项目)(?![\d个名])"
)
# Between an amount and the name it qualifies: `投资10亿元的X`, `总投资17.5亿元实施的X`, `投资2个多亿建设X`.
QUALIFIES = re.compile(r"\s*(?:人民币)?(?:左右|以上)?\s*(?:(?:建设|实施|打造|投资建设|兴建|新建|建)的?|的)?\s*")
# A clause that says its amount holds for each of several projects (`两个项目投资均过百亿元`).
EACH = re.compile(r"均|分别|各")
RECENT_TOPIC = 4  # sentences a pronoun may reach back over a paragraph of other talk
PERIOD = re.compile(r"[。！？!?\n]")
ALL_OF_THEM = re.compile(r"全部|共|合计|总计|这些|上述|以上项目|整体")
LISTED_AFTER = re.compile(r"分别是|分别为|包括")
PARK_ORIGIN = {3: "name", 2: "sentence", 1: "article"}
# What may stand before a park that is its sentence's subject: a date, a province or city, 以/在/由.
SUBJECT_PARK_BEFORE = re.compile(
    r"(?:\d{1,2}月\d{1,2}日|今年以来|今年|近日|日前|目前|近年来)?[,，]?\s*(?:[\u4e00-\u9fff]{2}(?:省|市))?(?:以|在|由)?"
)
PARK_LOCATIVE = re.compile(r"(?:在|于|位于|落户|落地|入驻|设在|地处|走进|来到|进驻)$")
CUE_IS_STATISTIC = re.compile(r"率|面积")
# Cues strong enough to give a whole article its stage (`…集中开工`); `运营`, `推进` in a headline are not.
ARTICLE_CUES = {
    "签约",
    "签约仪式",
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


@dataclass
class Found:
    """Everything the article says about one project, before it becomes a Mention."""

    occurrences: list[Occurrence]
    investment: list[tuple[int, Amount, str]] = field(default_factory=list)  # (priority, amount, cue)
    output: list[tuple[int, Amount, str]] = field(default_factory=list)
    jobs: list[tuple[int, Amount, str]] = field(default_factory=list)
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


# ---------------------------------------------------------------- what sentences are about


def _paragraph_starts(t: str, sentences: list[tuple[int, int]]) -> set[int]:
    return {si for si, (start, _) in enumerate(sentences) if si == 0 or "\n" in t[sentences[si - 1][1] : start]}


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
            head = p.group("head")
            if before:
                target = before[-1].group
            elif head and head != "项目":
                typed = [o for o in occs if o.end <= p.start() and head in o.name]
                target = typed[-1].group if typed else current
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


def _amount_role(t: str, a: Amount, floor: int) -> tuple[str | None, int, str]:
    """What an amount is (investment/output/jobs, or None) from the words just before it."""
    before = t[max(floor, a.start - 14) : a.start]
    if a.kind == "people":
        m = JOBS_RE.search(t, max(floor, a.start - 10), a.end + 4)
        return ("jobs", 1, m.group()) if m else (None, 0, "")
    if NOT_INVEST_RE.search(before) or NOT_OUTPUT_RE.search(before[-8:]):
        return None, 0, ""
    inv = list(INVEST_RE.finditer(before))
    out = list(OUTPUT_RE.finditer(before))
    last_inv = inv[-1] if inv else None
    last_out = out[-1] if out else None
    if last_out and (not last_inv or last_out.end() > last_inv.end()):
        if re.search(r"[，,。;；]", before[last_out.end() :]):
            return None, 0, ""
        cue = last_out.group()
        return "output", 2 if re.search(r"全部|全面|总", before) else 1, cue
    if last_inv:
        if re.search(r"[，,。;；]", before[last_inv.end() :]):
            return None, 0, ""
        cue = last_inv.group()
        priority = 2 if "总" in cue else 1
        if re.search(r"(?:一|二|首)期", before[max(0, last_inv.start() - 6) : last_inv.start()]):
            priority = 0
        return "investment", priority, cue
    if re.match(QUALIFIES.pattern + r"[\u4e00-\u9fffA-Za-z“]", t[a.end : a.end + 8]) and re.match(
        r"\s*(?:左右|以上)?\s*的", t[a.end : a.end + 5]
    ):
        return "investment", 1, ""  # `…、40亿元的万家灯火…项目`: a price tag in a list of projects
    return None, 0, ""


def _is_aggregate(ctx: Context, a: Amount, si: int) -> bool:
    """An amount stated for a count of projects (`园区启动建设项目12个，总投资56亿元`)."""
    t, (s_start, s_end) = ctx.t, ctx.sentences[si]
    c_start = clause_start(t, a.start, s_start)
    prev_start = clause_start(t, max(s_start, c_start - 1), s_start) if c_start > s_start else c_start
    c_end = clause_end(t, a.end, s_end)
    named_before = [o.end for o in ctx.named_in.get(si, []) if o.end <= a.start]
    # from the last name before the amount (else the sentence's start): a count there is what the amount
    # is stated for (`回归园一期已经落户企业15家,…,总投资114.6亿元`)
    window_start = min(prev_start, max(named_before) if named_before else s_start)
    for m in AGGREGATE_COUNT.finditer(t, window_start, c_end):
        if a.kind == "people" and "项目" not in m.group() and "工程" not in m.group():
            continue
        lo, hi = sorted((m.end(), a.start))
        if not any(lo <= o.start < hi for o in ctx.named_in.get(si, [])):
            return True
    return False


def _bind(ctx: Context, a: Amount, si: int) -> list[int]:
    """The projects an amount belongs to (usually one; several for `均`/`分别是`), or none."""
    t, (s_start, s_end) = ctx.t, ctx.sentences[si]
    here = ctx.named_in.get(si, [])
    c_start = clause_start(t, a.start, s_start)
    c_end = clause_end(t, a.end, s_end)
    # the name it qualifies: `投资10亿元的X项目`, `总投资50亿元海富智能光学产业园项目`
    after = [o for o in here if a.end <= o.start <= c_end]
    if after:
        nxt = min(after, key=lambda o: o.start)
        if QUALIFIES.fullmatch(t, a.end, nxt.start) and not nxt.start == nxt.list_start:
            return [nxt.group]
        if QUALIFIES.fullmatch(t, a.end, nxt.start):
            return [nxt.group]
    if EACH.search(t, c_start, a.start):  # `A和B两个项目投资均过百亿元`
        return sorted({o.group for o in here if o.end <= a.start})
    if _is_aggregate(ctx, a, si):
        rest = t[a.end : s_end]
        listed = LISTED_AFTER.search(rest)
        at_least = a.qualifier in ("over", "at_least") or re.match(r"\s*(?:以上|及以上)", rest)
        if listed and at_least:  # `投资10亿元以上项目7个，分别是A、B`
            return sorted({o.group for o in here if o.start >= a.end + listed.end()})
        return []
    before = [o for o in here if o.end <= a.start]
    if before and len({o.group for o in before}) >= 2 and ALL_OF_THEM.search(t, c_start, a.start):
        return []  # `A、B和C项目，全部建成后预计将完成产值315亿元`: a figure for all of them
    if before:
        return [max(before, key=lambda o: o.end).group]
    prons = [p for p in ctx.pronouns_in.get(si, []) if p.start() < a.start]
    if prons:
        target = ctx.pronoun_target.get(prons[-1].start())
        return [target] if target is not None else []
    if len({o.group for o in here}) == 1:  # `育达集团总投资5.4亿元，年产…建设项目`
        return [here[0].group]
    if here:
        return []
    topic = ctx.topic_of.get(si)
    return [topic] if topic is not None else []


# ---------------------------------------------------------------- stages


def _stage_cues(
    t: str, start: int, end: int, plan_from: int, facts_until: int = -1
) -> list[tuple[str, bool, int, int]]:
    """Stage cues in t[start:end]: (stage, is_plan, cue_start, cue_end). A cue is a plan when a plan
    word stands between `plan_from` (or its own clause's start, if later) and it; cues before
    `facts_until` (a list's `等在建项目`) are facts."""
    found = []
    for m in STAGE_RE.finditer(t, start, end):
        after = t[m.end() : m.end() + 6]
        if (
            after.startswith(CONDITION_AFTER)
            or re.match(r"[\u4e00-\u9fff]{0,4}?后", after)
            or CUE_IS_STATISTIC.match(after)
        ):
            continue  # `建成后`, `建成达产后`: a condition; `开工率`: a statistic
        plans = [
            p
            for p in PLAN_RE.finditer(t, min(plan_from, m.start()), m.start())
            if not re.match(r"总?投资|总?产值|年产值|可实现|年销售|营收", t[p.end() : p.end() + 3])  # `计划总投资`
            and not re.match(r"继续|持续", t[p.end() : p.end() + 2])  # `将继续推进`: going on now
        ]
        is_plan = m.start() >= facts_until and bool(plans)
        found.append((STAGE_OF[m.group()], is_plan, m.start(), m.end()))
    return found


def _stage(
    stages: list[tuple[str, bool, int, int]], article_stage: str | None, default: str = "在建"
) -> tuple[str | None, bool]:
    """The furthest stage an event reached; else what the article as a whole reports (`…集中开工`);
    else the stage before the earliest plan (`计划年底开工` → 签约, as a plan); else `default`."""
    events = [s for s, plan, _, _ in stages if not plan]
    if events:
        return max(events, key=STAGE_ORDER.__getitem__), False
    if article_stage:
        return article_stage, False
    plans = [s for s, plan, _, _ in stages if plan]
    if plans:
        return STAGE_BEFORE_PLAN[min(plans, key=STAGE_ORDER.__getitem__)], True
    return default, False


def _occurrence_stages(ctx: Context, o: Occurrence) -> tuple[list, list]:
    """Cues that speak of this occurrence, and (as a fallback) cues later in its sentence."""
    t = ctx.t
    si = sentence_index(ctx.sentences, o.start)
    s_start, s_end = ctx.sentences[si]
    first = o.list_start if o.list_start is not None else o.start
    own_clause = clause_start(t, first, s_start)
    plan_from = s_start  # a plan word early in the sentence (`今后…将…加快推进A、B等项目建设`) governs it all
    scope_start = o.scope_start if o.scope_start is not None else o.end
    later = [x.start for x in ctx.named_in.get(si, []) if x.start >= scope_start and x.group != o.group]
    scope_end = min(later) if later else s_end
    stages = _stage_cues(t, scope_start, scope_end, plan_from, o.tail_end or -1)
    left = t[own_clause:first]
    if left and (BUILD_BEFORE.search(left) or STAGE_RE.search(left)):
        stages += _stage_cues(t, own_clause, first, own_clause)
    fallback = _stage_cues(t, scope_end, s_end, own_clause) if later else []
    if not stages and not fallback and t[s_end - 1] in "；;":  # `A项目；B项目；C项目等一批大项目纷纷落户`
        period_end = PERIOD.search(t, s_end)
        fallback = _stage_cues(t, s_end, period_end.start() if period_end else len(t), s_end)
    return stages, fallback


def _article_stage(t: str, title: str | None) -> str | None:
    """The stage an article as a whole reports (`…集中开工`), for names with no cue of their own."""
    head = fold(title or "") + "\n" + t[:160]
    cues = [s for s, plan, cs, ce in _stage_cues(head, 0, len(head), 0) if not plan and head[cs:ce] in ARTICLE_CUES]
    return Counter(cues).most_common(1)[0][0] if cues else None


# ---------------------------------------------------------------- parks


def _park_for(
    ctx: Context, o: Occurrence, parks: list[ParkSpan], starts: list[int], own: set[str]
) -> tuple[int, ParkSpan] | None:
    """The park a name sits in: a zone inside the name, else one its sentence names with a locative,
    else the zone the sentence is about (`智能终端产业园建成…，导入X、Y等项目`). `starts`: the parks'
    starts (they come sorted by start)."""
    t = ctx.t
    s_start, s_end = ctx.sentences[sentence_index(ctx.sentences, o.start)]
    for p in parks[bisect_left(starts, o.start) : bisect_left(starts, o.end)]:
        if p.end < o.end - 1 and core_name(p.text) not in own:
            rest = t[p.end : o.end]
            standalone = any(q.name == p.name and not (o.start <= q.start < o.end) for q in parks)
            if not (TAIL_RE.fullmatch(rest) or PHASE_RE.fullmatch(rest)) or standalone:
                return 3, p
    near = [
        p
        for p in parks[bisect_left(starts, s_start) : bisect_left(starts, s_end)]
        if not (o.start <= p.start < o.end) and core_name(p.text) not in own
    ]
    located = [
        p
        for p in near
        if PARK_LOCATIVE.search(t, max(s_start, p.start - 3), p.start) or re.match(r"内|的", t[p.end : p.end + 1])
    ]
    if located:
        return 2, min(located, key=lambda p: abs(p.start - o.start))
    subject = [
        p
        for p in near
        if SUBJECT_PARK_BEFORE.fullmatch(t, s_start, p.start) and p.start < o.start and not ctx.named.covers(p.start)
    ]
    if subject:
        return 2, subject[0]
    return None


def _places_not_projects(parks: list[ParkSpan], occs: list[Occurrence]) -> list[ParkSpan]:
    """Zones that are projects here (`海富智能光学产业园` being built) are no park for other projects,
    nor what a bare `园区` stands for; a zone inside a longer name (`济宁高新区华为…项目`) still is."""
    projects = {p.name for p in parks if not p.listed and any(o.start == p.start and o.end <= p.end + 2 for o in occs)}
    return [p for p in parks if p.name not in projects]


def _article_park(t: str, parks: list[ParkSpan], title: str | None) -> ParkSpan | None:
    """The park an article is about: the one it names most (a listed park counts double, the title
    three times), shown as the article writes it most often."""
    counts: Counter[str] = Counter()
    for p in parks:
        counts[p.name] += 2 if p.listed else 1
    if title:
        for p in find_parks(fold(title)):
            counts[p.name] += 3
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    spans = [p for p in parks if p.name == name]
    if n < 2 or not spans:
        return None
    written = Counter(p.text for p in spans if p.text not in BARE)
    if not written:
        return spans[0]
    best = max(written, key=lambda w: (written[w], w == name))
    return next(p for p in spans if p.text == best)


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
    groups = group_names(occs)
    parks = _places_not_projects(parks, occs)
    if not groups:
        return [], _aggregates(article, t, sentences, amounts, parks)
    ctx = _context(t, sentences, occs)
    found = [Found(occurrences=g) for g in groups]

    bound: set[int] = set()
    for a in amounts:
        si = sentence_index(sentences, a.start)
        role, priority, cue = _amount_role(t, a, clause_start(t, a.start, sentences[si][0]))
        if role is None:
            continue
        for g in _bind(ctx, a, si):
            getattr(found[g], role).append((priority, a, cue))
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
                found[target].stages += _stage_cues(t, p.end(), min(later) if later else s_end, p.start())

    article_stage = _article_stage(t, article.title)
    default_park = _article_park(t, parks, article.title)
    mentions = []
    starts = [p.start for p in parks]  # parks come sorted by start
    for f in found:
        own = {core_name(o.name) for o in f.occurrences}
        for o in f.occurrences:
            park = _park_for(ctx, o, parks, starts, own)
            if park:
                f.parks.append(park)
        if not f.parks and default_park and core_name(default_park.text) not in own:
            f.parks.append((1, default_park))
        mention = _mention(article, raw, t, f, sentences, article_stage)
        if mention:
            mentions.append(mention)
    locate_mentions(article, t, mentions)  # province, city, county, adcode (pipeline/places.py)
    return mentions, aggregates


def _best(entries: list[tuple[int, Amount, str]]) -> tuple[Amount, str] | None:
    """The figure a project's record takes: the highest-priority cue (`总投资` over `投资` over `一期投资`),
    the first stated among equals."""
    if not entries:
        return None
    _, amount, cue = max(entries, key=lambda e: (e[0], -e[1].start))
    return amount, cue


def _mention(article: Article, raw: str, t: str, f: Found, sentences, article_stage: str | None) -> Mention | None:
    names = [o for o in f.occurrences]
    if not names:
        return None
    main = max(names, key=lambda o: (len(core_name(o.name)), -o.start))
    first = min(names, key=lambda o: o.start)
    s_start, s_end = sentences[sentence_index(sentences, main.start)]
    company = next((o.company for o in sorted(names, key=lambda o: -len(o.company or "")) if o.company), None)
    stage, is_plan = _stage(f.stages or f.fallback_stages, article_stage)
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
        amount, cue = best
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
                "qualifier": amount.qualifier,
                "sentence_start": sentences[asi][0],
                "sentence_end": sentences[asi][1],
            }
        )
    for stage_name, plan, cs, ce in f.stages or f.fallback_stages:
        csi = sentence_index(sentences, cs)
        mention.evidence.append(
            {
                "field": "stage",
                "text": raw[cs:ce],
                "start": cs,
                "end": ce,
                "value": stage_name,
                "is_plan": plan,
                "sentence_start": sentences[csi][0],
                "sentence_end": sentences[csi][1],
            }
        )
    return mention


def _aggregates(article: Article, t: str, sentences, amounts: list[Amount], parks: list[ParkSpan]) -> list[Aggregate]:
    """Figures over many projects, as stated: one row per sentence that counts projects."""
    out = []
    for s_start, s_end in sentences:
        m = AGGREGATE_COUNT.search(t, s_start, s_end)
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
