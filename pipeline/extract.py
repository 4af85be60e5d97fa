"""Find the projects an article mentions, with the facts it states about each, and the aggregates
it reports (`12个项目，总投资56亿元`) kept apart.

`find_mentions(article)` is the one public verb. It is pure: text in, mentions out. The steps:
1. sentences and clauses of the folded text (offsets stay those of the stored text);
2. name occurrences: names ending in a head (`…项目`, `…工程`, `…产业园`), company-named projects in
   lists (`推进纬世特信息科技、海富电子等项目`), pronouns (`该项目`) that point back;
3. occurrences of the same project within the article grouped into one mention;
4. amounts bound to the project their sentence is about, or to an aggregate;
5. the stage reached by the article's date (plans kept apart), the company and the park.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .amounts import find_amounts
from .lexicon import (
    AGGREGATE_COUNT,
    COMPANY_SUFFIXES,
    CONDITION_AFTER,
    COUNT_RE,
    FACILITY_HEADS,
    GENERIC_PARTS,
    HEAD_CONTINUES,
    HEAD_COUNTED,
    HEADS,
    INVESTMENT_CUES,
    JOBS_CUES,
    JOINERS,
    MAX_NAME,
    NAME_CHAR,
    NOT_BRAND,
    NOT_INVESTMENT,
    NOT_OUTPUT,
    OUTPUT_CUES,
    PART_HEADS,
    PART_PREFIX,
    PERSON_TITLE,
    PLACE_PART,
    PLAN_WORDS,
    DESCRIPTIVE,
    PREDICATE_STOPS,
    QUANTITY,
    SECTOR_WORDS,
    PROTECTED,
    STAGE_BEFORE_PLAN,
    STAGE_CUES,
    STAGE_ORDER,
    STOP_BEFORE,
)
from .model import Aggregate, Amount, Article, Mention
from .parks import ParkSpan, find_parks
from .textnorm import fold


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


SECTOR_RE = re.compile(_alternation(SECTOR_WORDS))
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")
HEAD_RE = re.compile(_alternation(HEADS))
STOP_RE = re.compile(f"(?:{_alternation(STOP_BEFORE)})$")
PROTECTED_RE = re.compile(f"(?:{_alternation(PROTECTED)})$")
HEAD_END_RE = re.compile(f"(?:{_alternation(HEADS + ('公司', '集团'))})$")
TAIL_RE = re.compile(r"(?:\(?(?:一|二|三|四|五|首)期\)?(?:工程|项目)?|建设项目|项目|工程)")
PHASE_RE = re.compile(r"\(?(一|二|三|四|五|首)期\)?")
STAGE_CUE_LIST = sorted(((cue, stage) for stage, cues in STAGE_CUES.items() for cue in cues), key=lambda x: -len(x[0]))
STAGE_RE = re.compile(_alternation([c for c, _ in STAGE_CUE_LIST]))
STAGE_OF = dict(STAGE_CUE_LIST)
PLAN_RE = re.compile(_alternation(PLAN_WORDS))
INVEST_RE = re.compile(f"(?:{_alternation(INVESTMENT_CUES)})")
NOT_INVEST_RE = re.compile(_alternation(NOT_INVESTMENT))
OUTPUT_RE = re.compile(_alternation(OUTPUT_CUES))
NOT_OUTPUT_RE = re.compile(_alternation(NOT_OUTPUT))
JOBS_RE = re.compile(_alternation(JOBS_CUES))
COMPANY_IN_NAME = re.compile(r"^(.{2,24}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))")
COMPANY_SUFFIX_RE = re.compile(_alternation(COMPANY_SUFFIXES))
COMPANY_IN_CONTEXT = re.compile(
    r"([\u4e00-\u9fffA-Za-z]{2,16}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))"
    r"(?:与[^，,。]{2,20}?)?(?:共同)?(?:投资|建设|总投资|投资建设|投资兴建|实施|签约|合作)"
)
LIST_ADJ = (r"(?:重点|重大|新建|在建|续建|产业|工业|优质|高端|外资|招商|引资|储备|意向|签约|开工|大|好|省|市|县|区|级|"
            r"亿元|以上|过亿元|亿元以上|一批|多个|多家|批|“|”|\"|双百|双新|四新|新旧动能转换|制造业|产业化|实体|龙头|"
            r"标志性|引领性|大型|骨干|省市|市级|省级|区级|县级|的)*")
LIST_TAIL = re.compile(
    r"等(?:(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|家|批|大|项))?" + LIST_ADJ + r"(?P<kind>项目|企业|工程)"
)
# `吉江新能源汽车二期、大唐中垦农业装备两大项目`: a count instead of 等
LIST_COUNTED = re.compile(r"(?<=[^\s,，。、;；:：\d])(?:两|三|四|五|六|七|八|九|十|\d+)\s*(?:个|大|项)" + LIST_ADJ + r"(?P<kind>项目)")
LIST_END_BARE = re.compile(r"等(?=[。，,；;])")
# List items that are categories, not projects (`世界500强、上市公司、“专精特新”等优质项目`).
GENERIC_ITEMS = {"上市公司", "专精特新", "世界500强", "中国500强", "央企", "国企", "民企", "外企", "高新技术企业"}
SIGNING = re.compile(r"签约|签订|落户|入驻|引进|招引|落地|签署")
LOCATIVE_BEFORE = re.compile(r"(?:在|于|位于|落户|落地|入驻|进驻|走进|来到|设在|地处|依托|聚焦|做强|培强|建设了|走进了|打造)$")
BUILD_BEFORE = re.compile(
    r"(?:开工建设|建设|新建|打造|签约|奠基|开建|动工|引进|导入|启动|推进|加快建设|投资建设|规划建设|续建|扩建|实施|"
    r"观摩了|观摩|建成|投资|新上|招引|签约了|引进了|包括|分别为|分别是|其中|举行|举办|官宣了|开工的|签约的)$"
)
REGION_PREFIX = re.compile(r"^(?:山东省|山东|济宁市|济宁|[\u4e00-\u9fff]{2}(?:省|市|县|区)(?!项目))")
SPACE_RE = re.compile(r"\s")
QUOTES = "“”\""
TOPIC_GAP = 2  # sentences a subject-less sentence may look back for the project it is about


@dataclass
class Occurrence:
    """One place where a project is named (or pointed back to) in the article."""

    name: str
    start: int
    end: int
    kind: str  # "head" | "list" | "pronoun"
    facility: bool = False
    anchored: bool = True
    company: str | None = None
    scope_start: int | None = None  # where stage cues that apply to it begin (after a list)
    group: int = -1


@dataclass
class Found:
    """Everything the article says about one project, before it becomes a Mention."""

    occurrences: list[Occurrence] = field(default_factory=list)
    investment: list[tuple[int, Amount, str]] = field(default_factory=list)  # (priority, amount, cue)
    output: list[tuple[int, Amount, str]] = field(default_factory=list)
    jobs: list[tuple[int, Amount, str]] = field(default_factory=list)
    stages: list[tuple[str, bool, int, int]] = field(default_factory=list)  # (stage, is_plan, start, end)
    parks: list[tuple[int, str]] = field(default_factory=list)  # (priority, park)


# ---------------------------------------------------------------- sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, closing quotes kept with the sentence; blanks skipped."""
    spans = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        while end < len(text) and text[end] in "”’\"」』)）":
            end += 1
        _add_span(text, start, end, spans)
        start = max(end, m.end())
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _sentence_index(spans: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _clause_start(t: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and not CLAUSE_END.match(t[i - 1]):
        i -= 1
    return i


def _clause_end(t: str, pos: int, ceil: int) -> int:
    m = CLAUSE_END.search(t, pos, ceil)
    return m.start() if m else ceil


# ---------------------------------------------------------------- names


def _left_edge(t: str, head_start: int, head_end: int) -> int:
    """Walk left from a head over name characters until a stop word, a joiner after a complete
    name, punctuation, or MAX_NAME characters."""
    i = head_start
    while i > 0 and head_end - i < MAX_NAME:
        c = t[i - 1]
        if not NAME_CHAR.match(c):
            break
        p = PROTECTED_RE.search(t, max(0, i - 6), i)
        if p:
            i = p.start()
            continue
        if c in JOINERS:
            if HEAD_END_RE.search(t, max(0, i - 8), i - 1):
                break
            i -= 1
            continue
        if STOP_RE.search(t, max(0, i - 8), i):
            break
        if c == "为" and is_generic(t[i:head_end] or "项目"):  # `为项目提供服务`, `为企业项目解难`
            break
        i -= 1
    return i


def _tidy(t: str, start: int, end: int) -> tuple[int, int]:
    """Trim unbalanced brackets and quotes, leading counts and stray marks from a name span."""
    depth = cut = 0
    for k, ch in enumerate(t[start:end]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                cut = k + 1
            else:
                depth -= 1
    start += cut
    opens: list[int] = []
    for k, ch in enumerate(t[start:end]):
        if ch == "(":
            opens.append(k)
        elif ch == ")" and opens:
            opens.pop()
    if opens:
        start += opens[-1] + 1
    quotes = [k for k, ch in enumerate(t[start:end]) if ch in QUOTES]
    if len(quotes) % 2 == 1:
        start += quotes[0] + 1
    m = re.match(r"(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|家|批|项)", t[start:end])
    if m:
        start += m.end()
    m = re.match(r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月(?:份|底|初|中旬|上旬|下旬)?)?(?:\d{1,2}日)?(?:前|后|以来|起)?", t[start:end])
    if m and m.end() and re.search(r"[年月日]", m.group()):
        start += m.end()
    while start < end and t[start] in "·.-&+":
        start += 1
    return start, end


def is_generic(name: str, min_core: int = 2, sector: bool = False) -> bool:
    """A name that says nothing about which project it is (`优质项目`, `12个项目`, `重点工程`).

    >>> is_generic("优质项目"), is_generic("217个“双百工程”项目"), is_generic("海富电子项目")
    (True, True, False)
    """
    if PART_PREFIX.match(name) or re.search(r"(?:和|及|与|类|型)(?:项目|工程)$", name) or PERSON_TITLE.search(name):
        return True
    if re.search(r"\d+\s*(?:个|项)|多个|几个|一批|[一二三四五六七八九十两]大|(?:大|好|新)(?:项目|工程)$", name):
        return True
    core = QUANTITY.sub("", name)
    core = re.sub(r"(?:19|20)\d{2}年?|[\d.]+|[“”\"()·&+\-]", "", core)
    core = PLACE_PART.sub("", core)
    core = GENERIC_PARTS.sub("", core)
    if sector:
        core = SECTOR_RE.sub("", core)
    return len(core) < min_core


def _company_in(name: str) -> str | None:
    """The company a project's name begins with (`长城重工新能源…项目` → `长城重工`)."""
    m = COMPANY_IN_NAME.match(name)
    if m:
        return m.group(1)
    body = REGION_PREFIX.sub("", name)
    for m in COMPANY_SUFFIX_RE.finditer(body):
        brand = body[: m.start()]
        if len(brand) >= 2 and not brand.startswith(NOT_BRAND) and not re.search(r"\d", brand):
            return body[: m.end()]
        break
    m = re.match(r"(.{2,12}?)(?:年产|新建|年加工)", body)  # `安徽宝镁年产30万吨…项目`
    if m and not m.group(1).startswith(NOT_BRAND) and not re.search(r"\d", m.group(1)):
        return m.group(1)
    return None


def _company_before(t: str, start: int, floor: int) -> str | None:
    best = None
    for m in COMPANY_IN_CONTEXT.finditer(t, floor, start):
        best = m.group(1)
    return best


def _head_occurrences(t: str, parks: list[ParkSpan]) -> list[Occurrence]:
    occs: list[Occurrence] = []
    for m in HEAD_RE.finditer(t):
        head_start, end = m.start(), m.end()
        if HEAD_CONTINUES.match(t, end) and not TAIL_RE.match(t, end):
            continue
        while True:  # `…产业园二期项目`, `…项目一期`
            tail = TAIL_RE.match(t, end)
            if not tail or tail.end() == end:
                break
            end = tail.end()
        start = _left_edge(t, head_start, end)
        stop = STOP_RE.search(t, max(0, start - 8), start)
        if stop and stop.group() in PREDICATE_STOPS and DESCRIPTIVE.search(t, start, end):
            continue  # `作为…示范项目`, `是…重点项目`: a description, not a name
        if stop and stop.group() in ("主要建设", "建设内容"):
            continue  # the parts a project builds, not projects
        start, end = _tidy(t, start, end)
        name = t[start:end]
        head = m.group()
        if head in PART_HEADS and "项目" in name[:-2]:  # `…项目生产车间`: the project, not its workshop
            end = start + name.rindex("项目") + 2
            name, head = t[start:end], "项目"
        if len(name) <= len(m.group()) + 1 or HEAD_COUNTED.match(t, end):
            continue
        company = _company_before(t, start, max(0, start - 30))
        if is_generic(name) and not (company and not is_generic(company + name)):
            continue
        if is_generic(name, sector=True) and not _sector_name_anchored(t, start, end):
            continue
        if head in PART_HEADS and not name.endswith("项目") and not _company_in(name):
            continue
        if head == "工程" and (re.search(r"[“”\"]|[一二三四五六七八九十]大|暨", name) or not _company_in(name)):
            continue  # 工程 without a company is works on a site or a programme
        if head == "产业集群" and not SIGNING.search(t, start, _clause_end(t, end, len(t))):
            continue
        facility = head in FACILITY_HEADS and not TAIL_RE.fullmatch(t[m.end() : end] or "x") and not name.endswith("项目")
        occs.append(Occurrence(name, start, end, "head", facility=facility, company=company))
    # a head inside a longer name (`…产业园环保产业项目`) is not a name of its own
    unique = {(o.start, o.end): o for o in occs}
    occs = sorted(unique.values(), key=lambda o: (o.start, -(o.end - o.start)))
    kept: list[Occurrence] = []
    for o in occs:
        if kept and o.start < kept[-1].end:
            if o.end > kept[-1].end and o.start == kept[-1].start:
                kept[-1] = o
            elif o.end > kept[-1].end:
                kept.append(o)
            continue
        kept.append(o)
    kept = [o for o in kept if not any(k is not o and k.start <= o.start and o.end <= k.end for k in kept)]
    return kept


def _sector_name_anchored(t: str, start: int, end: int) -> bool:
    """A name made of sector words is a project only where the text builds, signs or prices it."""
    before = t[max(0, start - 6) : start]
    after = t[end : end + 6]
    return bool(
        re.search(r"(?:开工建设|打造|新建|奠基|签约|暨|[\d.]+\s*(?:亿|万)\S{0,3}的)$", before)
        or re.match(r"(?:奠基|开工|签约|总投资|投资|位于|占地|项目总投资)", after)
    )


def _list_items(t: str, end: int) -> list[tuple[int, int]]:
    """The `、`-separated items that end at `end`, rightmost first. An item whose left edge stops at
    a word inside it (`G236殷汇至查桥段…`) reaches back to the `、` before it."""
    items: list[tuple[int, int]] = []
    while True:
        start = _left_edge(t, end, end)
        clause = _clause_start(t, start, max(0, start - MAX_NAME))
        comma = t.rfind("、", clause, start)
        if items and comma >= 0 and start > clause and t[start - 1] not in "、":
            start = comma + 1
        if start < end:
            items.append((start, end))
        if start > 0 and t[start - 1] == "、" or start > 0 and t[start - 1] in JOINERS and items:
            end = start - 1
            continue
        return items


def _list_occurrences(t: str, sentences: list[tuple[int, int]]) -> list[Occurrence]:
    """Company-named projects in lists: `推进纬世特信息科技、海富电子等项目建设` → `纬世特信息科技项目`, …"""
    occs: list[Occurrence] = []
    matches = [(m, m.start(), "tail") for m in LIST_TAIL.finditer(t)]
    matches += [(m, m.start(), "counted") for m in LIST_COUNTED.finditer(t)]
    matches += [(m, m.start(), "bare") for m in LIST_END_BARE.finditer(t)]
    for m, deng, how in matches:
        s_start, s_end = sentences[_sentence_index(sentences, deng)]
        sentence = t[s_start:s_end]
        kind = m.groupdict().get("kind")
        if kind == "工程" or re.search(r"基础|民生|城建|社会", m.group()):
            continue  # `…等工程完工`: works of a site; `…等基础设施项目`: not industrial projects
        if kind in (None, "企业") and not SIGNING.search(sentence):
            continue
        items = _list_items(t, deng)
        if how == "bare" and not (items and re.search(r"(?:包括|如|有)$", t[max(0, items[-1][0] - 3) : items[-1][0]])):
            continue
        if len(items) < 2 and how != "tail":
            continue
        for a, b in reversed(items):
            a, b = _tidy(t, a, b)
            item = t[a:b]
            if len(item) < 2 or len(item) > 40 or item in GENERIC_ITEMS or re.match(r"[\d.]", item):
                continue
            if PERSON_TITLE.search(item) or PLACE_PART.fullmatch(item) or is_generic(item, min_core=1):
                continue
            if HEAD_END_RE.search(item):
                name, company = item, _company_in(item)
            else:
                name, company = item + "项目", item
            occs.append(Occurrence(name, a, b, "list", company=company, scope_start=m.end()))
    return occs


def _pronoun_occurrences(t: str, sentences: list[tuple[int, int]]) -> list[Occurrence]:
    occs = []
    for m in re.finditer(r"该项目|此项目|本项目|这个项目|这一项目|项目(?=(?:总投资|投资|建成|全部|达产|投产|计划|预计|将))", t):
        occs.append(Occurrence(m.group(), m.start(), m.end(), "pronoun"))
    for m in re.finditer(r"这一[^，,。]{0,8}项目|该[^，,。]{0,4}项目", t):
        occs.append(Occurrence(m.group(), m.start(), m.end(), "pronoun"))
    return occs


def _anchor_coordinated(t: str, occs: list[Occurrence]) -> None:
    """Names joined by 和/、/及 share their reading: `开工建设A产业园和B基地` builds both, and
    `A基地和B产业园两个项目` names two projects."""
    ordered = sorted(occs, key=lambda o: o.start)
    for _ in range(2):
        for left, right in zip(ordered, ordered[1:]):
            if t[left.end : right.start] in ("和", "、", "及", "与", "以及"):
                if left.anchored or right.anchored:
                    left.anchored = right.anchored = True
    for o in ordered:
        if not o.anchored and re.match(r"(?:两|三|四|\d+)个项目|等(?:\d+个)?[\u4e00-\u9fff]{0,6}项目", t[o.end : o.end + 12]):
            o.anchored = True
    for left, right in zip(ordered, ordered[1:]):
        if t[left.end : right.start] in ("和", "、", "及", "与", "以及") and (left.anchored or right.anchored):
            left.anchored = right.anchored = True


def _anchored(t: str, o: Occurrence, sentence: tuple[int, int]) -> bool:
    """A facility name (`…产业园`, `…基地`) is a project when the text shows it being built, signed
    or stated with figures; otherwise it is a place."""
    before = t[max(sentence[0], o.start - 8) : o.start]
    if LOCATIVE_BEFORE.search(before):
        return False
    if BUILD_BEFORE.search(before) or re.search(r"[\d.]+\s*(?:亿|万)\S{0,3}的$", before):
        return True
    after = t[o.end : _clause_end(t, o.end, sentence[1])]
    if re.match(r"\s*(?:项目)?(?:,|，)?\s*(?:总投资|投资|计划总投资|占地|总占地|是|为|由|于|将|已|正|的开工|奠基|开工|签约|落户)", after):
        return True
    return bool(STAGE_RE.search(after[:16]))


# ---------------------------------------------------------------- grouping


def _core(name: str) -> str:
    s = fold(name)
    s = re.sub(r"[“”\"《》·\s()]", "", s)
    s = PHASE_RE.sub("", s)
    changed = True
    while changed:
        changed = False
        for suffix in ("建设项目", "生产项目", "项目", "工程", "建设"):
            if s.endswith(suffix) and len(s) > len(suffix) + 1:
                s = s[: -len(suffix)]
                changed = True
    s = REGION_PREFIX.sub("", s) if len(REGION_PREFIX.sub("", s)) >= 2 else s
    return s


def _same_project(a: Occurrence, b: Occurrence, company_a: str | None, company_b: str | None) -> bool:
    ca, cb = _core(a.name), _core(b.name)
    if ca == cb:
        return True
    short, long_ = sorted((ca, cb), key=len)
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        return True
    if 2 <= len(short) <= 3 and long_.startswith(short) or (len(short) >= 2 and REGION_PREFIX.sub("", long_).startswith(short) and len(short) <= 3):
        return True  # `宝镁项目` is the short name of `安徽宝镁年产30万吨…项目`
    if min(len(ca), len(cb)) >= 5 and SequenceMatcher(None, ca, cb).ratio() >= 0.8:
        return True
    if company_a and company_b:
        na, nb = _core(company_a), _core(company_b)
        if na and nb and (na in nb or nb in na):
            if ca in (na, nb) or cb in (na, nb):  # `永生重工项目` and a fuller name of the same company
                return True
            ra, rb = ca.replace(na, "").replace(nb, ""), cb.replace(na, "").replace(nb, "")
            if ra and rb and SequenceMatcher(None, ra, rb).ratio() >= 0.5:
                return True
    return False


# ---------------------------------------------------------------- amounts


def _amount_role(t: str, a: Amount, clause_start: int) -> tuple[str | None, int, str]:
    """What an amount is (investment/output/jobs, or None) from the words just before it."""
    before = t[max(clause_start, a.start - 14) : a.start]
    if a.kind == "people":
        window = t[max(clause_start, a.start - 10) : a.end + 4]
        m = JOBS_RE.search(window)
        return ("jobs", 1, m.group()) if m else (None, 0, "")
    if NOT_INVEST_RE.search(before) or NOT_OUTPUT_RE.search(before[-8:]):
        return None, 0, ""
    inv = list(INVEST_RE.finditer(before))
    out = list(OUTPUT_RE.finditer(before))
    last_inv = inv[-1] if inv else None
    last_out = out[-1] if out else None
    if last_out and (not last_inv or last_out.end() > last_inv.end()):
        cue = last_out.group()
        return "output", 2 if ("全部" in before or "达产" in before or "总" in cue) else 1, cue
    if last_inv:
        cue = last_inv.group()
        if re.search(r"[，,。;；]", before[last_inv.end() :]):
            return None, 0, ""
        priority = 2 if "总" in cue else 1
        if re.search(r"(?:一|首)期", before[max(0, last_inv.start() - 6) : last_inv.start()]):
            priority = 0
        return "investment", priority, cue
    # `投资10亿元` without a cue right before: `项目10亿元` is not enough to call it investment
    return None, 0, ""


# ---------------------------------------------------------------- stages


def _stage_cues(t: str, start: int, end: int) -> list[tuple[str, bool, int, int]]:
    """Stage cues in t[start:end]: (stage, is_plan, cue_start, cue_end)."""
    found = []
    for m in STAGE_RE.finditer(t, start, end):
        after = t[m.end() : m.end() + 2]
        if after.startswith(CONDITION_AFTER):
            continue
        clause = _clause_start(t, m.start(), start)
        before = t[max(clause, m.start() - 8) : m.start()]
        is_plan = bool(PLAN_RE.search(before))
        found.append((STAGE_OF[m.group()], is_plan, m.start(), m.end()))
    return found


def _stage(stages: list[tuple[str, bool, int, int]], fallback: str | None) -> tuple[str | None, bool]:
    events = [s for s, plan, _, _ in stages if not plan]
    if events:
        return max(events, key=STAGE_ORDER.__getitem__), False
    plans = [s for s, plan, _, _ in stages if plan]
    if plans:
        return STAGE_BEFORE_PLAN[min(plans, key=STAGE_ORDER.__getitem__)], True
    return fallback, False


# ---------------------------------------------------------------- parks


def _park_for(t: str, o: Occurrence, parks: list[ParkSpan], sentence: tuple[int, int]) -> tuple[int, str] | None:
    """The park a name sits in: a zone inside the name, else one named with a locative in its
    sentence."""
    inside = [p for p in parks if o.start <= p.start and p.end <= o.end and p.end < o.end - 1]
    if inside:
        return 3, inside[0].name
    near = [p for p in parks if sentence[0] <= p.start < sentence[1] and not (o.start <= p.start < o.end)]
    located = [
        p for p in near
        if re.search(r"(?:在|于|位于|落户|落地|入驻|设在|地处|走进|来到|进驻)$", t[max(sentence[0], p.start - 3) : p.start])
        or re.match(r"(?:内|的)", t[p.end : p.end + 1])
    ]
    if located:
        return 2, min(located, key=lambda p: abs(p.start - o.start)).name
    return None


def _article_park(t: str, parks: list[ParkSpan], title: str | None) -> str | None:
    """The park an article is about: the one it names most (a listed park counts double)."""
    counts: Counter[str] = Counter()
    for p in parks:
        counts[p.name] += 2 if p.listed else 1
    if title:
        for p in find_parks(fold(title)):
            counts[p.name] += 3
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None


# ---------------------------------------------------------------- the verb


def find_mentions(article: Article) -> tuple[list[Mention], list[Aggregate]]:
    """The projects `article` mentions, one Mention each, and the aggregates it states."""
    raw = article.text
    t = fold(raw)
    sentences = sentence_spans(t)
    if not sentences:
        return [], []
    parks = find_parks(t)
    park_names = {p.name for p in parks}

    occs = _head_occurrences(t, parks)
    for o in occs:
        s = sentences[_sentence_index(sentences, o.start)]
        o.anchored = not o.facility or _anchored(t, o, s)
    list_occs = _list_occurrences(t, sentences)
    # a list item that a head occurrence already covers keeps the head's reading
    for lo in list_occs:
        for o in occs:
            if o.start <= lo.start and lo.end <= o.end:
                o.anchored = True
                o.scope_start = lo.scope_start
                break
        else:
            occs.append(lo)
    _anchor_coordinated(t, occs)
    listed = {p.name for p in parks if p.listed} | {p.text for p in parks if p.listed}
    occs = [o for o in occs if o.kind == "list" or (o.anchored and o.name not in listed)]
    occs = [o for o in occs if not SPACE_RE.search(o.name)]
    occs.sort(key=lambda o: o.start)

    # group occurrences of the same project
    groups: list[list[Occurrence]] = []
    companies: list[str | None] = []
    for o in occs:
        s0 = sentences[_sentence_index(sentences, o.start)][0]
        if o.kind != "list":
            o.company = _company_in(o.name) or o.company or _company_before(t, o.start, max(s0, o.start - 30))
        for gi, g in enumerate(groups):
            if any(_same_project(o, x, o.company, x.company) for x in g):
                g.append(o)
                o.group = gi
                companies[gi] = companies[gi] or o.company
                break
        else:
            o.group = len(groups)
            groups.append([o])
            companies.append(o.company)
    if not groups:
        return [], _aggregates(article, t, sentences, find_amounts(t), parks)

    found = [Found(occurrences=g) for g in groups]
    pronouns = _pronoun_occurrences(t, sentences)

    # which project each sentence is about
    named_in: dict[int, list[Occurrence]] = {}
    for o in occs:
        named_in.setdefault(_sentence_index(sentences, o.start), []).append(o)

    def topic(si: int) -> int | None:
        """The project a sentence without a name is about: the last one named shortly before."""
        for back in range(0, TOPIC_GAP + 1):
            k = si - back
            if k < 0:
                break
            if k in named_in and back:
                groups_there = {o.group for o in named_in[k]}
                last = max(named_in[k], key=lambda o: o.start)
                return last.group if len(groups_there) == 1 or back else None
        return None

    # amounts
    amounts = find_amounts(t)
    aggregate_sentences: set[int] = set()
    for si, (s_start, s_end) in enumerate(sentences):
        if AGGREGATE_COUNT.search(t, s_start, s_end):
            aggregate_sentences.add(si)
    for a in amounts:
        si = _sentence_index(sentences, a.start)
        s_start, s_end = sentences[si]
        c_start = _clause_start(t, a.start, s_start)
        role, priority, cue = _amount_role(t, a, c_start)
        if role is None:
            continue
        if si in aggregate_sentences:
            # `…12个项目，总投资56亿元`: unless the amount sits inside one project's own clause
            own = [o for o in named_in.get(si, []) if _clause_start(t, o.start, s_start) == c_start]
            counted = AGGREGATE_COUNT.search(t, c_start, _clause_end(t, a.end, s_end))
            if not own or counted:
                continue
        target = _bind(t, a, si, sentences, named_in, pronouns, topic)
        if target is None:
            continue
        entry = (priority, a, cue)
        getattr(found[target], role).append(entry)

    # stages, parks
    fallback = _article_stage(t, article.title)
    default_park = _article_park(t, parks, article.title)
    for f in found:
        for o in f.occurrences:
            si = _sentence_index(sentences, o.start)
            s_start, s_end = sentences[si]
            others = [x.start for x in named_in.get(si, []) if x.start > o.end and x.group != o.group]
            scope_start = o.scope_start or o.end
            if o.scope_start is None and others:
                scope_end = min(others)
            else:
                scope_end = s_end
            f.stages += _stage_cues(t, scope_start, scope_end)
            left = t[max(s_start, o.start - 10) : o.start]
            if BUILD_BEFORE.search(left) or STAGE_RE.search(left[-6:]):
                f.stages += _stage_cues(t, max(s_start, o.start - 10), o.start)
            park = _park_for(t, o, parks, (s_start, s_end))
            if park:
                f.parks.append(park)

    # pronoun sentences carry stages for their topic
    for p in pronouns:
        si = _sentence_index(sentences, p.start)
        g = _pronoun_target(si, p, named_in, topic)
        if g is not None:
            f = found[g]
            f.stages += _stage_cues(t, p.end, sentences[si][1])

    mentions = [_mention(article, raw, t, f, sentences, fallback, default_park, park_names) for f in found]
    mentions = [m for m in mentions if m is not None]
    return mentions, _aggregates(article, t, sentences, amounts, parks)


def _pronoun_target(si: int, p: Occurrence, named_in: dict[int, list[Occurrence]], topic) -> int | None:
    before = [o for o in named_in.get(si, []) if o.end <= p.start]
    if before:
        return before[-1].group
    if named_in.get(si):
        return None
    return topic(si)


def _bind(t, a: Amount, si: int, sentences, named_in, pronouns, topic) -> int | None:
    """The project an amount belongs to: the name it qualifies (`投资10亿元的X项目`), else the name
    before it in its sentence, else a pronoun's project, else the sentence's topic."""
    s_start, s_end = sentences[si]
    here = named_in.get(si, [])
    clause_end = _clause_end(t, a.end, s_end)
    following = [o for o in here if a.end <= o.start <= clause_end and t[o.start - 1] == "的"]
    if following and not INVEST_RE.search(t, a.end, min(following, key=lambda o: o.start).start):
        return min(following, key=lambda o: o.start).group
    before = [o for o in here if o.end <= a.start]
    if before:
        nearest = max(before, key=lambda o: o.end)
        return nearest.group
    prons = [p for p in pronouns if s_start <= p.start < a.start]
    if prons:
        return _pronoun_target(si, prons[-1], named_in, topic)
    if here:
        return None
    return topic(si)


def _article_stage(t: str, title: str | None) -> str | None:
    """The stage an article as a whole reports (`…集中开工`), for names with no cue of their own."""
    head = fold(title or "") + t[:120]
    cues = [s for s, plan, _, _ in _stage_cues(head, 0, len(head)) if not plan]
    if cues:
        return Counter(cues).most_common(1)[0][0]
    return None


def _best(entries: list[tuple[int, Amount, str]]) -> tuple[Amount, str] | None:
    if not entries:
        return None
    priority, amount, cue = max(entries, key=lambda e: (e[0], e[1].value if e[0] < 2 else -e[1].start))
    return amount, cue


def _mention(article, raw, t, f: Found, sentences, fallback, default_park, park_names) -> Mention | None:
    names = [o for o in f.occurrences if o.kind != "pronoun"]
    if not names:
        return None
    main = max(names, key=lambda o: (len(_core(o.name)), -o.start))
    first = min(names, key=lambda o: o.start)
    si = _sentence_index(sentences, main.start)
    s_start, s_end = sentences[si]
    company = next((o.company for o in sorted(names, key=lambda o: -len(o.company or "")) if o.company), None)
    stage, is_plan = _stage(f.stages, fallback or "在建")
    park = None
    if f.parks:
        park = max(f.parks, key=lambda p: p[0])[1]
    elif default_park and default_park != _core(main.name):
        park = default_park
    phases = sorted({m.group(1) for o in names for m in PHASE_RE.finditer(o.name)})
    mention = Mention(
        article_id=article.article_id,
        name=raw[main.start : main.end],
        sentence=raw[s_start:s_end],
        start=s_start,
        end=s_end,
        name_start=main.start,
        name_end=main.end,
        company=company,
        park=park,
        status=stage,
        is_plan=is_plan,
        phase="、".join(p + "期" for p in phases) or None,
        aliases=sorted({raw[o.start : o.end] for o in names} - {raw[main.start : main.end]}),
    )
    mention.evidence.append({"field": "name", "text": mention.name, "start": main.start, "end": main.end})
    if first is not main:
        mention.evidence.append({"field": "name", "text": raw[first.start : first.end], "start": first.start, "end": first.end})
    for role in ("investment", "output", "jobs"):
        best = _best(getattr(f, role))
        if not best:
            continue
        amount, cue = best
        if role == "investment":
            mention.investment_yuan = amount.value
            mention.investment_currency = amount.currency or "CNY"
            mention.investment_text = raw[amount.start : amount.end]
            mention.investment_qualifier = amount.qualifier
        elif role == "output":
            if amount.currency not in (None, "CNY"):
                continue
            mention.output_yuan = amount.value
            mention.output_text = raw[amount.start : amount.end]
        else:
            mention.jobs = amount.value
            mention.jobs_text = raw[amount.start : amount.end]
        asi = _sentence_index(sentences, amount.start)
        mention.evidence.append({
            "field": role, "text": raw[amount.start : amount.end], "start": amount.start, "end": amount.end,
            "value": amount.value, "cue": cue, "qualifier": amount.qualifier,
            "sentence_start": sentences[asi][0], "sentence_end": sentences[asi][1],
        })
    for stage_name, plan, cs, ce in f.stages:
        mention.evidence.append({"field": "stage", "text": raw[cs:ce], "start": cs, "end": ce, "value": stage_name,
                                 "is_plan": plan})
    return mention


def _aggregates(article: Article, t: str, sentences, amounts: list[Amount], parks: list[ParkSpan]) -> list[Aggregate]:
    """Figures over many projects, as stated, one row per sentence that counts projects."""
    out = []
    for s_start, s_end in sentences:
        m = AGGREGATE_COUNT.search(t, s_start, s_end)
        if not m:
            continue
        count = COUNT_RE.search(m.group())
        n = None
        if count and count.group().isdigit():
            n = int(count.group())
        agg = Aggregate(article_id=article.article_id, sentence=article.text[s_start:s_end], start=s_start, end=s_end,
                        projects=n, label=article.text[m.start() : m.end()])
        for a in amounts:
            if s_start <= a.start < s_end and a.kind == "money":
                role, _, _ = _amount_role(t, a, _clause_start(t, a.start, s_start))
                if role == "investment" and agg.investment_yuan is None:
                    agg.investment_yuan, agg.investment_currency = a.value, a.currency or "CNY"
                elif role == "output" and agg.output_yuan is None:
                    agg.output_yuan = a.value
        scope = [p.name for p in parks if s_start <= p.start < s_end]
        agg.scope = scope[0] if scope else None
        out.append(agg)
    return out
