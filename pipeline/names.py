"""Where an article names its projects: names ending in a head (`…项目`, `…产业园`), company-named
projects in lists, and pronouns that point back (`该项目`). Also the small text helpers (sentences,
clauses) the extractor shares.

`find_names(text, sentences, parks)` is the public verb; it works on folded text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from . import wordbook
from .amounts import NOT_MONEY_UNITS
from .lexicon import (
    COMPANY_SUFFIXES,
    DESCRIPTIVE,
    FACILITY_HEADS,
    GENERIC_PARTS,
    HEAD_CONTINUES,
    HEAD_COUNTED,
    HEADS,
    JOINERS,
    MAX_NAME,
    NOT_BRAND,
    PART_HEADS,
    PART_PREFIX,
    PERSON_TITLE,
    PLACE_PART,
    PREDICATE_STOPS,
    PROJECT_NOUNS_AFTER,
    PROTECTED,
    QUANTITY,
    SECTOR_WORDS,
    STAGE_CUES,
    STOP_BEFORE,
    alternation,
)
from .parks import ParkSpan
from .textnorm import fold

SECTOR_RE = re.compile(alternation(SECTOR_WORDS))
# A word made only of generic and sector parts (`新能源`, `高端装备`), as whole parts, not characters.
GENERIC_WORDS_RE = re.compile(f"(?:{GENERIC_PARTS.pattern}|{alternation(SECTOR_WORDS)})+")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")
HEAD_RE = re.compile(alternation(HEADS))
PROTECTED_RE = re.compile(f"(?:{alternation(PROTECTED)})$")
HEAD_END_RE = re.compile(f"(?:{alternation(HEADS + ('公司', '集团'))})$")
# The last characters of those words: a name's left edge tries the patterns only before such a
# character (a set lookup, where a regex search per character was the map step's largest cost).
STOP_LAST = frozenset(w[-1] for w in STOP_BEFORE)
PROTECTED_LAST = frozenset(w[-1] for w in PROTECTED)
# Every character `_left_edge` has a rule for besides "is it a name's character"; any other character
# is stepped over or ends the name by NAME_CHAR alone.
EDGE_RULED = STOP_LAST | PROTECTED_LAST | frozenset(JOINERS) | frozenset("/ 其为是自元亿")
NAME_CHAR_OTHER = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789·&+()“”"《》.-')


def _name_char(c: str) -> bool:
    """`NAME_CHAR.match(c)` for one character, without a regex call (the left walk asks it per character)."""
    return "\u3400" <= c <= "\u9fff" or c in NAME_CHAR_OTHER or "\uf900" <= c <= "\ufaff"


TAIL_RE = re.compile(
    r"(?:\(?(?:一|二|三|四|五|首)期\)?(?:工程|项目)?|建设项目|项目|工程|专案)"
)  # 專案: 项目 on Taiwan pages
PHASE_RE = re.compile(r"\(?(一|二|三|四|五|首)期\)?")
STAGE_CUE_LIST = sorted(((cue, stage) for stage, cues in STAGE_CUES.items() for cue in cues), key=lambda x: -len(x[0]))
STAGE_RE = re.compile(alternation([c for c, _ in STAGE_CUE_LIST]))
STAGE_OF = dict(STAGE_CUE_LIST)
COMPANY_IN_NAME = re.compile(r"^(.{2,24}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))")
COMPANY_SUFFIX_RE = re.compile(alternation(COMPANY_SUFFIXES))
# A legal name and the verb that ties it to the name after it; `A公司与/和/同B(政府)签约X`: the first party.
COMPANY_IN_CONTEXT = re.compile(
    r"((?:(?!与|和)[\u4e00-\u9fffA-Za-z]){2,16}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))"
    r"(?:(?:与|和|同)[^，,。]{2,20}?)?(?:共同)?(?:投资|建设|总投资|投资建设|投资兴建|实施|签约|签订|签署|合作|的)"
    f"|([\u4e00-\u9fff]{{2,6}}?(?:{'|'.join(COMPANY_SUFFIXES)}|石化))"  # `逸盛石化与某地签署`: 石化 ends a firm here
    r"(?:建设|投资建设|投资兴建|总投资|投资|(?:与|和|同)[^，,。、]{1,12}?(?:签署|签订|签约)(?:了)?)"
)
INVESTOR_BEFORE = re.compile(
    r"([\u4e00-\u9fff]{2,8})(?:投资|总投资|投资建设)[\d.]+\s*(?:多|余)?(?:亿|万)[^，,。]{0,6}的$"
)
LIST_ADJ = (
    r"(?:重点|重大|新建|在建|续建|产业|工业|优质|高端|外资|招商|引资|储备|意向|签约|开工|大|好|省|市|县|区|级|"
    r"亿元|以上|过亿元|亿元以上|一批|多个|多家|批|“|”|\"|双百|双新|四新|新旧动能转换|制造业|产业化|实体|龙头|"
    r"标志性|引领性|大型|骨干|省市|市级|省级|区级|县级|的)*"
)
# What a list's tail may say of its items between 等 and 项目, beyond the adjectives: a count after a few
# words (`等腾讯生态圈10个项目`), a quantity (`一大批`, `一系列`), a description ending in 的 (`等投资规模大、
# 带动强的基地型、龙头型项目`, `等总投资50.8亿元的10个项目`). A description that says the items are places,
# sectors, fields or causes (`等地的客商`, `等国家和地区的74个项目`, `等多个领域的`, `等原因…的`) lists no projects.
LIST_COUNT = r"(?:(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|家|批|大|项))"
LIST_NOT_PROJECTS = r"(?!地[的区]|国家|地区|方面|原因|领域|行业|等)"
LIST_QUANT = r"(?:一大批|一系列|一些|(?:" + LIST_NOT_PROJECTS + r"[\u4e00-\u9fff]){0,6}?" + LIST_COUNT + ")"
LIST_DESC = r"(?:(?:" + LIST_NOT_PROJECTS + r"[^，,。；;：:！？!?\n“”\"]){1,24}?的)"
LIST_MORE_ADJ = r"(?:高|特大|重特大|在谈|合作|央企|(?:19|20)\d{2}年度?|年度|[\u4e00-\u9fff]{2}型、?)*"
# `A等成都某某产业功能区项目2个`: what the items are (their zone, their line) said without 的, the count after
# the head; the count marks the items as a list's, like the count before the head in LIST_QUANT.
LIST_COUNTED_AFTER = (
    r"(?:" + LIST_NOT_PROJECTS + r"[^，,。；;、：:！？!?\n“”\"]){2,16}?"
    r"(?=项目\s*(?:\d+|[一二三四五六七八九十两]+)\s*个)"
)
LIST_TAIL = re.compile(
    r"等(?:在内的)?(?:"
    + LIST_QUANT
    + ")?(?:"
    + LIST_DESC
    + ")?(?:"
    + LIST_QUANT
    + ")?(?:"
    + LIST_COUNTED_AFTER
    + ")?(?:"
    + LIST_ADJ
    + LIST_MORE_ADJ
    + r")*(?P<kind>项目|企业|工程)"
)
# `吉江新能源汽车二期、大唐中垦农业装备两大项目`: a count instead of 等, after a name's last character (not
# after a mark or a digit). Written to open with its numeral's character class, the check of the character
# before it coming after that one character: a pattern that opens with a lookbehind is tried at every
# position of the text, one that opens with a class only where the class matches.
LIST_COUNTED = re.compile(
    r"[两三四五六七八九十\d](?<=[^\s,，。、;；:：\d].)(?:(?<=\d)\d*)?\s*(?:个|大|项)" + LIST_ADJ + r"(?P<kind>项目)"
)
LIST_END_BARE = re.compile(r"等(?=[。，,；;])")
# List items that are categories, not projects (`世界500强、上市公司、“专精特新”等优质项目`).
GENERIC_ITEMS = {"上市公司", "专精特新", "世界500强", "中国500强", "央企", "国企", "民企", "外企", "高新技术企业"}
SIGNING = re.compile(r"签约|签订|落户|入驻|引进|招引|落地|签署")
LOCATIVE_BEFORE = re.compile(
    r"(?:在|于|位于|落户|落地|入驻|进驻|走进|来到|设在|地处|依托|聚焦|做强|培强|建设了|走进了|打造)$"
)
BUILD_BEFORE = re.compile(
    r"(?:开工建设|建设|新建|打造|签约|奠基|开建|动工|引进|导入|启动|推进|加快建设|投资建设|规划建设|续建|扩建|实施|"
    r"观摩了|观摩|建成|投资|新上|招引|签约了|引进了|包括|分别为|分别是|其中|举行|举办|官宣了|开工的|签约的)$"
)
REGION_PREFIX = re.compile(r"^(?:山东省|山东|济宁市|济宁|[\u4e00-\u9fff]{2}(?:省|市|县|区)(?!项目))")
# Places and zones a company-bearing name may start with (`济宁高新区华为…`, `长三角一体化安徽宝镁…`).
NAME_PLACE_PREFIX = re.compile(
    r"^(?:(?:长三角一体化|长三角|京津冀|粤港澳|山东省|山东|安徽省|安徽|济宁市|济宁|[\u4e00-\u9fff]{2}(?:省|市|县|区))"
    r"|[\u4e00-\u9fff]{0,6}?(?:高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|新区))+"
)
COMPANY_ONLY = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,5})(?:项目|工程)")
SPACE_RE = re.compile(r"\s")
QUOTES = '“”"'
AMOUNT_END = re.compile(r"[\d.]+\s*(?:多|余)?\s*(?:万|亿|千万|百万)?\s*(?:亿|元|美元|港元)$")
# Descriptions before a name (`千百亿级`, `万亩千亿级`), bare zone words (`园区智能化…项目`) and a firm's
# origin or ownership in the news's short form, a place's or a state's one character and 企 (`美企`, `港企`,
# `央企`, `民企`: "a US firm"), which describes the company and is no part of its name.
FIRM_ORIGIN = "美央港澳台外国民侨日韩德法英欧沪京津渝苏浙鲁粤川闽皖湘鄂赣豫冀晋陕辽吉黑桂琼黔滇甘"
LEADING_NOISE = re.compile(rf"(?:(?:万亩)?[千百万亿]+级|园区|高新区|开发区|经开区|全方位|[{FIRM_ORIGIN}]企(?!业))")


@dataclass
class Occurrence:
    """One place where a project is named (or pointed back to) in the article."""

    name: str
    start: int
    end: int
    kind: str  # "head" | "list"
    suffix: str = ""  # what the name adds to the text (`海富电子` in a list → `海富电子项目`)
    facility: bool = False
    anchored: bool = True
    company: str | None = None
    scope_start: int | None = None  # where stage cues that apply to it begin (after a list)
    list_start: int | None = None  # where the list it is an item of begins
    tail_end: int | None = None  # end of the list's tail (`等在建项目`): cues inside it are facts
    group: int = -1
    verdict: Verdict | None = None  # why a head's name was taken for one project (names.decide)
    phase: bool = False  # named as a phase of the project before it (`二期项目为X项目`)
    described: bool = False  # a copula's complement (`A项目是B项目`): says what the project is, names it no better


# ---------------------------------------------------------------- sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, closing quotes kept with the sentence; blanks skipped."""
    spans = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        while end < len(text) and text[end] in '”’"」』)）':
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


def sentence_index(spans: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


CLAUSE_END_CHARS = "，,。！？!?；;：:\n"  # CLAUSE_END's characters, for clause_start's look-ups


_recent_marks: list[tuple[str, list[int]]] = []  # the clause marks of the last texts asked about


def clause_marks(t: str) -> list[int]:
    """The positions of every clause mark in `t`, in order. One article's text is asked about hundreds
    of times (every name, amount and cue looks for its clause), so the last two texts' lists are kept:
    the caller's text itself is the key (held, so it cannot be another string at the same address)."""
    for text, marks in _recent_marks:
        if text is t:
            return marks
    marks = [m.start() for m in CLAUSE_END.finditer(t)]
    _recent_marks[:] = [(t, marks), *_recent_marks[:1]]
    return marks


def clause_start(t: str, pos: int, floor: int) -> int:
    """Where the clause holding `pos` starts: after the last clause mark before `pos`, not before `floor`."""
    if not 0 <= floor < pos <= len(t):  # (not asked by the extractor: the old walk, as it was)
        i = pos
        while i > floor and not CLAUSE_END.match(t[i - 1]):
            i -= 1
        return i
    marks = clause_marks(t)
    k = bisect_left(marks, pos) - 1
    return marks[k] + 1 if k >= 0 and marks[k] >= floor else floor


def clause_end(t: str, pos: int, ceil: int) -> int:
    """Where the clause holding `pos` ends: at the first clause mark from `pos` on, before `ceil`."""
    marks = clause_marks(t)
    k = bisect_left(marks, max(pos, 0))
    return marks[k] if k < len(marks) and marks[k] < ceil else ceil


class Spans:
    """Whether a position falls inside any of many spans, in logarithmic time (an article of 15 MB can
    name a project thirteen thousand times)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # the furthest end among spans starting at or before each start
        for _, b in ordered:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def covers(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and self.reach[k] > pos


# ---------------------------------------------------------------- names


PHASE_IS = re.compile(r"[一二三四五首]期(?:项目|工程)?(?:为|是)$")
PHASE_END = re.compile(r"[一二三四五首]期$")
PHASE_START = re.compile(r"[一二三四五首]期")
PER_UNIT = re.compile(r"[吨瓦套台件片只头方t]/(?:年|日|天|小时|h|d|a)")
SPACED_UNIT = re.compile(r"(?:万|千|百|亿)?(?:吨|千瓦|兆瓦|GW|MW|台|套|辆|片|头|平方米|立方米)")


def _spaced(name: str) -> bool:
    """A space inside a name joins page noise to it; one between a capacity's number and its unit
    (`550 万吨/年…`) is the figure's own print."""
    return any(
        not (0 < m.start() < len(name) - 1 and name[m.start() - 1].isdigit() and SPACED_UNIT.match(name, m.end()))
        for m in SPACE_RE.finditer(name)
    )


# _left_edge's patterns, compiled once (it is called many times per article)
CAPACITY_DIGIT = re.compile(r"[\d.万千亿]")


def _left_edge(t: str, head_start: int, head_end: int) -> int:
    """Walk left from a head over name characters until a stop word, a joiner after a complete
    name, punctuation, or MAX_NAME characters."""
    i = head_start
    while i > 0 and head_end - i < MAX_NAME:
        c = t[i - 1]
        if c not in EDGE_RULED:
            if not _name_char(c):
                break
            i -= 1  # a name's character that no rule below looks at: the common case, one set lookup
            continue
        if c == "/" and PER_UNIT.match(t, i - 2) and i > 2 and CAPACITY_DIGIT.match(t[i - 3]):
            i -= 1  # `4000万吨/年裕龙岛…`: a capacity per year is part of the name
            continue
        if c == " " and i > 1 and t[i - 2].isdigit() and SPACED_UNIT.match(t, i):
            i -= 1  # `550 万吨/年…`: a capacity printed with a space before its unit is one figure
            continue
        if not _name_char(c):
            break
        p = PROTECTED_RE.search(t, max(0, i - 6), i) if c in PROTECTED_LAST else None
        if p:
            i = p.start()
            continue
        if c == "其" and i > 1 and t[i - 2] == "及" and not HEAD_END_RE.search(t, max(0, i - 10), i - 2):
            i -= 2  # `地下装备及其关键零部件`: 及其 joins a product to its parts, as 及 does
            continue
        if c in JOINERS:
            if HEAD_END_RE.search(t, max(0, i - 8), i - 1):
                break
            if PHASE_END.search(t, max(0, i - 3), i - 1) and not PHASE_START.match(t, i):
                break  # `A一期和B项目`: a phase closes A's name as a head does (`一期和二期项目`: one project's)
            i -= 1
            continue
        stop = _stop_start(t, max(0, i - 8), i) if c in STOP_LAST else -1
        if stop >= 0 and not (i - stop == 1 and (_inside_noun(t, stop, i) or _opens_noun(t, stop, i))):
            break
        if c == "为" and is_generic(t[i:head_end] or "项目"):  # `为项目提供服务`, `为企业项目解难`
            break
        if c in "为是" and PHASE_IS.search(t, max(0, i - 6), i):  # `二期项目为X项目`: X is that phase
            break
        if c == "自" and (i == 1 or not _name_char(t[i - 2])):  # `自永生重工项目落地以来`
            break
        if (
            c in "元亿"
            and AMOUNT_END.search(t, max(0, i - 12), i)
            and not (c == "亿" and t.startswith(NOT_MONEY_UNITS, i))
        ):
            break  # `总投资50亿元海富…项目`; but `16亿平方米…隔膜项目` counts things: a capacity, part of the name
        i -= 1
    return i


STOP_WORDS = frozenset(STOP_BEFORE)


# last character -> the lengths of the stop words ending with it, longest first
STOP_LENGTHS: dict[str, tuple[int, ...]] = {
    c: tuple(sorted({len(w) for w in STOP_WORDS if w[-1] == c}, reverse=True)) for c in STOP_LAST
}


def _stop_start(t: str, floor: int, i: int) -> int:
    """Where the longest stop word (STOP_BEFORE) ending right at `i` starts, not before `floor`; -1 for none.
    Set look-ups, not a regex: the left walk asks it at most characters of every name; only the lengths
    of the stop words that end with the character before `i` are tried."""
    for n in STOP_LENGTHS.get(t[i - 1 : i], ()):
        if i - n >= floor and t[i - n : i] in STOP_WORDS:
            return i - n
    return -1


def _inside_noun(t: str, start: int, end: int) -> bool:
    """Whether the one-character stop word at `t[start:end]` ends a dictionary noun with the character
    before it (`打印头像`: 头像): there it is a name's own word, not the particle before a name."""
    return start > 0 and wordbook.tags().get(t[start - 1 : end], "").startswith("n")


def _opens_noun(t: str, start: int, end: int) -> bool:
    """Whether the one-character stop word at `t[start:end]` opens a dictionary noun or distinguishing word with
    the character after it (`在线`, `有线`): there it is the first character of a name's word, no particle."""
    return wordbook.tags().get(t[start : end + 1]) in NOUN_OR_KIND_TAGS


NOUN_OR_KIND_TAGS = frozenset({"n", "b"})  # jieba's tags of nouns and of distinguishing words (`在线`, `大型`)


# _tidy's patterns, compiled once (it runs for every candidate name)
LEADING_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|家|批|项)")
LEADING_DATE = re.compile(
    r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月(?:份|底|初|中旬|上旬|下旬)?)?(?:\d{1,2}日)?(?:前|后|以来|起)?"
)
DATE_UNIT = re.compile(r"[年月日]")
LETTER_THEN_HAN = re.compile(r"[A-Za-z][\u4e00-\u9fff]")
TWO_LETTERS = re.compile(r"[A-Za-z]{2}")


AFTER_WORDS = ("之后", "以后")  # `继X之后`: what closes the frame 继 opens
FOLLOWS_ON = re.compile(r"电|续|承|而|任|往")  # `继电器`, `继续`, `继承`: 继 inside a word, no frame


def _tidy(t: str, start: int, end: int) -> tuple[int, int]:
    """Trim unbalanced brackets and quotes, leading counts and stray marks from a name span."""
    if t.find("(", start, end) >= 0 or t.find(")", start, end) >= 0:  # (it runs for every candidate: most have none)
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
    start = _past_leading_note(t, start, end)
    span = t[start:end]
    if sum(map(span.count, QUOTES)) % 2 == 1:  # an odd number of quote marks: the name starts past the first
        start += min(k for k in map(span.find, QUOTES) if k >= 0) + 1
    if t.find("《", start, end) >= 0 or t.find("》", start, end) >= 0:
        start = _past_titles(t, start, end)
    m = LEADING_COUNT.match(t[start:end])
    if m:
        start += m.end()
    m = LEADING_DATE.match(t[start:end])
    if m and m.end() and DATE_UNIT.search(m.group()):
        start += m.end()
    if LETTER_THEN_HAN.match(t[start : start + 2]) and not TWO_LETTERS.match(t[start - 1 : start + 1]):
        start += 1  # `E汶上如意天容…`: a letter left by page noise
    noise = LEADING_NOISE.match(t, start, end)
    if noise and end - noise.end() >= 4:
        start = noise.end()
    while start < end and t[start] in "·.-&+":
        start += 1
    if t.startswith(AFTER_WORDS, end) and (k := t.rfind("继", start, end - 4)) >= 0 and not FOLLOWS_ON.match(t, k + 1):
        start = k + 1  # `继某某项目之后`: 继…之后 frames the project ("after X"), the name starts past 继
    for m in reversed(list(INNER_ROLE.finditer(t, start + 2, end - 2))):
        rest = t[m.end() : end]
        if len(rest) >= 4 and not HEAD_CONTINUES.match(rest) and _starts_as_name(rest):
            if m.group() == "企业" or not verdict_of(t[start : m.end()]).keep:
                start = m.end()
                break
    return start, end


NOTE_CLOSE = {"(": ")", "【": "】", "[": "]"}


def _past_leading_note(t: str, start: int, end: int) -> int:
    """A name never opens with a bracket: a bracketed group before it is a note on the text (a byline
    `(记者 张三)`, a credit `【图】`), skipped when four characters of name are left after it. Brackets
    inside a name (`格力电器(临沂)…`) stay."""
    close = NOTE_CLOSE.get(t[start]) if start < end else None
    if close is None:
        return start
    k = t.find(close, start + 1, end)
    return k + 1 if k > 0 and end - (k + 1) >= 4 else start


def _past_titles(t: str, start: int, end: int) -> int:
    """Book-title marks read as brackets: a `》` that closes nothing ends a title before the name
    (`签订《…协议书》及《X项目`), and a `《` left open opens the name (`《X项目`)."""
    opened: list[int] = []
    for k in range(start, end):
        if t[k] == "《":
            opened.append(k)
        elif t[k] == "》":
            if opened:
                opened.pop()
            else:
                start, opened = k + 1, []
    return opened[-1] + 1 if opened else start


# What a name's left edge may carry that is no part of the name, each when enough name is left:
STRAY_NUMBER = re.compile(  # `30北京奔驰…`: a number left from a date or a figure, not a capacity (`12英寸`)
    r"[\d.]+(?=[\u4e00-\u9fff])(?![\d.]*\s*[万千百亿吨个台套辆片头只条件平立英寸年日月号期座栋层米公兆瓦%])"
)
POINTER_REST = re.compile(r"(?:公司|集团|企业)(?=年产|新建|投资|建设|[\d一二三四五])")  # `该|公司年产…`
PLACE_JOINED = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|市|县|区|镇|乡|街道)(?:与|和|同)")  # `鱼台县与湖北…公司…`
# A town, street or zone before a company's name, skipped when the company is read (`某某镇海尔…`).
AREA_BEFORE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?(?:经济技术开发区|高新技术产业开发区|经济开发区|综合保税区|保税区|高新区|经开区|开发区|"
    r"工业园区|工业园|产业园区|街道|镇|乡|区|县))+"
)
ZONE_END = re.compile(r"(?:开发区|保税区|高新区|经开区|园区|工业园|街道|镇|乡)$")
QUOTED_AFTER_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}(?=[“\"])")  # `台湾“…”项目`: the quotes hold the name


# A verb this common in jieba's corpus opens a predicate; brands that are verbs to jieba are rarer
# (`联想` 1393, `如意` 321), and a name left with only sector words keeps its lead (`创新智能制造产业园区`).
COMMON_PREDICATE = 3000


def _past_area(body: str) -> str:
    """`颜店镇宁德时代…` → `宁德时代…`, `南川工业园区晶科能源股份有限公司` → `晶科能源股份有限公司`: a town, street
    or zone before a company is no part of the company (four characters or more must be left)."""
    area = AREA_BEFORE.match(body)
    if not area or len(body) - area.end() < 4:
        return body
    words = _jieba_words(body)
    cuts = {sum(len(w) for w in words[:k]) for k in range(len(words) + 1)}
    if area.end() not in cuts and len(_jieba_words(body[area.end() :])[0]) < 2:
        return body  # `山东区块链科技…`: 区 is inside a word of the company's own name
    first = words[0]
    if is_place_word(first) or first in _known_place_set() or ZONE_END.search(area.group()):
        return body[area.end() :]
    return body  # `山东区块链科技…`: 区 inside a company's own name


def _trim_leading(t: str, start: int, end: int) -> int:
    """Drop what stands before a name's own start: a stray number, a place joined by 与, a common verb, a
    place before a quoted name; each only where four characters of name are left. (A zone or town before a company stays
    in the span, where the park is read from; `company_in` and `core_name` look past it.)"""
    for pattern in (STRAY_NUMBER, PLACE_JOINED, POINTER_REST):
        m = pattern.match(t, start, end)
        if m and end - m.end() >= 4:
            start = m.end()
    freq, tags = wordbook.load().FREQ, wordbook.tags()
    opens = any(  # a dictionary look-up first: jieba cuts the name only where a common verb may open it
        freq.get(t[start : start + k], 0) >= COMMON_PREDICATE and tags.get(t[start : start + k]) in PREDICATE_TAGS
        for k in (2, 3, 4)
    )
    words = _jieba_words(t[start:end]) if opens else ()
    lead = words[0] if words else ""
    if (
        len(lead) >= 2
        and lead not in class_words()
        and wordbook.tags().get(lead) in PREDICATE_TAGS
        and _word_frequency(lead) >= COMMON_PREDICATE
        and end - start - len(lead) >= 4
        and not _says_only_sector(_name_core(t[start + len(lead) : end]))
    ):
        start += len(lead)  # `要求X项目`, `设立X项目`: a common verb glued on before the name
    start += _predicate_lead(t[start:end])
    m = QUOTED_AFTER_PLACE.match(t, start, end)
    if m and is_place_word(m.group()) and t.count("”", m.end(), end) + t.count('"', m.end() + 1, end) >= 1:
        start = m.end()
    return start


# What jieba's first word of a name must be for `_predicate_length` to find a predicate: a dictionary word
# tagged as a verb, a preposition or a conjunction, a word of verb characters (its first one tagged so), or
# a word before or ending in 着/著.
LEAD_TAGS = frozenset({"v", "vd", "p", "c"})  # VERB_TAGS (defined below), p and c


@lru_cache(maxsize=65536)
def _predicate_lead(span: str) -> int:
    """`_predicate_length(span)`, cut by jieba only where a prefix of the span is a word that may open a
    predicate: most names open with none, and the cut is the costly part of the test."""
    if "着" not in span and "著" not in span and not _tagged_prefix(span, LEAD_TAGS):
        return 0
    return _predicate_length(span)


def _tagged_prefix(span: str, tags_wanted: frozenset[str]) -> bool:
    """Whether some prefix of `span` is a dictionary word with one of `tags_wanted`."""
    tags = wordbook.tags()
    return any(tags.get(span[:n]) in tags_wanted for n in range(1, len(span) + 1))


def _predicate_length(span: str) -> int:
    """How many leading characters of a name are the predicate that governs it (`停建|宏达钼铜项目`,
    `标志着|苏仙沃特玛…`, `领建龙头|裕龙岛…`, `为|30万吨聚酯项目`): verbs of any frequency (with 着/了 and
    the class words after them), or one preposition, where what is left starts as a name does — a coined
    word, a company, Latin letters or a capacity. A brand that is a verb to jieba (`联想`) stays: what
    follows it (`激光打印机`) is common words, no name's start."""
    words = _jieba_words(span)
    tags, cls = wordbook.tags(), _cover_words()[0]
    n = k = 0
    verb = False
    while k < len(words) - 1:
        w, tag = words[k], tags.get(words[k])
        if tag in PROPER_NAME_TAGS:
            break
        if (
            tag in VERB_TAGS
            or _verb_made(w)
            or (words[k + 1] in ("着", "著") and len(w) >= 2)
            or (len(w) >= 3 and w[-1] in "着著")
        ):
            verb = True
        elif k == 0 and len(w) == 1 and tag in {"p", "c"}:
            verb = True  # `为…`, `与…`
        elif not (verb and (w in "着著了" or w in cls)):
            break
        n += len(w)
        k += 1
    rest = span[n:]
    if not verb or not n or len(rest) < 4:
        return 0
    return n if _starts_as_name(rest) else 0


# _starts_as_name's patterns, compiled once (it is called many times per article)
NAME_START_FIGURE = re.compile(r"[A-Za-z]|[\d.]+\s*(?:万|千|百)?\s*(?:吨|千瓦|兆瓦|GW|MW|台|套|辆|片|头)")
NAME_START_CAPACITY = re.compile(r"年产|年加工")


def _starts_as_name(rest: str) -> bool:
    """What a project's own name starts with: a word jieba has never seen or knows as a name, Latin
    letters or a capacity (`如意|天容…` starts with a noun: no name starts at `天容`)."""
    first = _jieba_words(rest)[0] if rest else ""
    return bool(
        (
            HAN_WORD.fullmatch(first)
            and len(first) >= 2
            and (not _word_frequency(first) or wordbook.tags().get(first) in PROPER_NAME_TAGS)
        )
        or NAME_START_FIGURE.match(rest)
        or NAME_START_CAPACITY.match(rest)
    )


# A category said before the name it stands for (`高新技术产业项目|三星闪存芯片项目`,
# `…回收利用龙头企业|格林美`, `省重点工程|吉利…`): an inner 项目, 工程 or 企业 and then a name's own start.
INNER_ROLE = re.compile(r"项目|工程|企业")


def _category_type(body: str) -> bool:
    """Whether the 型 ending `body` makes a category (`基地型`, `龙头型`, `外向型`: 型 as a suffix, or a
    distinguishing word) rather than ending a noun of the product or process (`零部件成型`, `新车型`):
    a category says what kind of project, a product word says which."""
    words = _jieba_words(body)
    if not words:
        return True
    last = words[-1]
    if last == "型" or len(last) > 2:
        return True
    if len(last) == 2 and wordbook.tags().get(last, "").startswith("n"):
        return DESCRIPTIVE.fullmatch(last) is not None  # `典型项目` still only describes
    return True


# A coinage jieba has never seen, made of a common verb and a bound or adjective character
# (`进|园`, `树|牢`), standing right before 项目: a predicate read as one word (`为进园项目把脉`,
# `树牢项目为王理念`), no brand (brands join characters that are no verb with an object: `蓝速`, `弘芯`).
PREDICATE_VERB_FREQ = 5000
# An event's projects (`第四届…活动周项目签约仪式`, `…洽谈会重大项目集中开工`): the projects signed or
# started at a fair, a forum or a week of events, each named elsewhere, not one project.
EVENT_PROJECTS = re.compile(
    r"(?:活动周|推介周|招商月|博览会|洽谈会|交易会|招商会|推介会|投洽会|恳谈会|对接会|论坛|峰会|大会|展会)"
    r"(?:签约|重点|重大|合作)?(?:项目|工程)$"
    r"|^(?:(?:19|20)\d{2}年?)?第[\d一二三四五六七八九十百]+届"  # an edition of an event (`第三届…文化节重点项目`)
)
BOUND_TAGS = frozenset({"a", "ag", "zg"})


def _negated_or_predicate(folded: str) -> bool:
    """A name that opens with the prefix 非 (`非集约项目`: a class of projects, what they are not), or whose
    last word before 项目/工程 is a verb coinage (see PREDICATE_VERB_FREQ). jieba cuts the name only where
    its characters allow either: most names neither open with 非 nor end in such a coinage."""
    freq, tags = wordbook.load().FREQ, wordbook.tags()

    def coinage(w: str) -> bool:
        return (
            len(w) == 2
            and w not in freq
            and tags.get(w[0]) == "v"
            and freq.get(w[0], 0) >= PREDICATE_VERB_FREQ
            and tags.get(w[1]) in BOUND_TAGS
        )

    if not folded.startswith("非") and not (folded.endswith(("项目", "工程")) and coinage(folded[-4:-2])):
        return False  # (the word before a final 项目 is then no two-character coinage, whatever jieba's cut)
    words = _jieba_words(folded)
    if len(words) >= 2 and words[0] == "非":
        return True
    if len(words) < 2 or words[-1] not in ("项目", "工程"):
        return False
    return coinage(words[-2])


# is_generic's patterns, compiled once (it is called many times per article)
JOINED_HEAD = re.compile(r"(?:和|及|与|类)(?:项目|工程)$")
TYPED_HEAD = re.compile(r"型(?:项目|工程)$")
COUNTED_OR_PLAIN_HEAD = re.compile(
    r"\d+\s*(?:个|项)|多个|几个|一批|[一二三四五六七八九十两]大|(?:大|好|新)(?:项目|工程)$"
)
AROUND_HEAD = re.compile(r"(?:后续|相关|周边|其他|其它)(?:项目|工程)$")
YEARS_NUMBERS_MARKS = re.compile(r"(?:19|20)\d{2}年?|[\d.]+|[“”\"()·&+\-]")


@lru_cache(maxsize=65536)
def is_generic(name: str, min_core: int = 2, sector: bool = False) -> bool:
    """A name that says nothing about which project it is (`优质项目`, `12个项目`, `重点工程`).

    >>> is_generic("优质项目"), is_generic("217个“双百工程”项目"), is_generic("海富电子项目")
    (True, True, False)
    """
    if PART_PREFIX.match(name) or JOINED_HEAD.search(name) or PERSON_TITLE.search(name):
        return True
    if TYPED_HEAD.search(name) and _category_type(name[:-2]):
        return True
    if COUNTED_OR_PLAIN_HEAD.search(name):
        return True
    if AROUND_HEAD.search(name):
        return True  # `格力电器长沙基地后续项目`: projects around a project, not one
    if _negated_or_predicate(fold(name)) or EVENT_PROJECTS.search(fold(name)):
        return True
    core = QUANTITY.sub("", name)
    core = YEARS_NUMBERS_MARKS.sub("", core)
    core = PLACE_PART.sub("", core)
    core = GENERIC_PARTS.sub("", core)
    if sector:
        core = SECTOR_RE.sub("", core)
    return len(core) < min_core


# company_in's patterns, compiled once (it is called many times per article)
ANY_DIGIT = re.compile(r"\d")
BRAND_THEN_CAPACITY = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:年产|新建|年加工|\d|[A-Z]{2})")  # a figure or a model


@lru_cache(maxsize=65536)
def company_in(name: str, strict: bool = False) -> str | None:
    """The company a project's name begins with (`长城重工新能源…项目` → `长城重工`). `strict` accepts
    only a legal name or a company ending (`…有限公司`, `…重工`), not a brand guessed from the name's shape."""
    m = COMPANY_IN_NAME.match(name)
    if m:
        return _past_area(m.group(1))
    body = _past_area(strip_leading_places(_strip_known_place(NAME_PLACE_PREFIX.sub("", name) or name)))
    for m in COMPANY_SUFFIX_RE.finditer(body):
        brand = body[: m.start()]
        if 2 <= len(brand) <= 6 and not brand.startswith(NOT_BRAND) and not ANY_DIGIT.search(brand):
            coined = _rare_leading_words(brand + "x") if len(brand) > 4 and not strict else None
            # `润东现代智慧物流` → `润东`: cut only before a common word of two characters or more
            if coined and len(coined) < len(brand) and len(_jieba_words(brand[len(coined) :])[0]) >= 2:
                return coined
            return body[: m.end()]
        if not strict and len(brand) > 6 and _brand_like(brand[:4]) and not ANY_DIGIT.search(brand):
            if _verb_in_head(brand, 4):
                return None  # `王某深入某某重工…`: a person and a verb open the text, no brand
            return brand[:4]  # `北企天香玉米胚芽油及麦粉风味食品…`: the brand is the name's head
        break
    if strict:
        return None
    only = COMPANY_ONLY.fullmatch(body)  # `宝镁项目`, `海富电子项目`: the company names the project
    if only and _brand_like(only.group(1)) and not PHASE_RE.search(only.group(1)):
        if _rare_leading_words(only.group(1) + "项目"):
            return only.group(1)
    m = BRAND_THEN_CAPACITY.match(body)  # `宝镁年产30万吨…`, `如意天容50万锭…`, `某汽RAV4…`
    if (
        m
        and _brand_like(m.group(1))
        and not (LATIN_START.match(body, m.end(1)) and _opens_with_common_word(m.group(1)))
    ):
        return m.group(1)
    owner = _owner_before_place(body)  # `某某天津滨海制造基地`: the owner stands before the plant's place
    if owner:
        return owner
    # `苏试环境可靠性测试实验室`, `小松智能制造基地`: a coined word leads; `运动器材产业园` is all common words
    brand = _rare_leading_words(body)
    if brand and _brand_like(brand):
        return brand
    return None


def _owner_before_place(body: str) -> str | None:
    """The words before a division or a country that opens the rest of a name (`某某|天津|滨海制造基地`,
    `某某|中国|研发总部`): a name says where its plant is after whose it is, and a product or a sector is
    written after the place (`天津石化基地`), so what stands before it owns the plant. Two to four
    characters, a brand's shape (no sector, place, verb or descriptor), and more of the name after the place;
    a zone's word that is also a district's (`新城`) is the zone the name is about."""
    words = _jieba_words(body)
    lead = ""
    for k, w in enumerate(words[:3]):
        if lead and (_is_division(w) or COUNTRY_PREFIX.fullmatch(w)) and is_place_word(w) and not ZONE_NAMED.search(w):
            if k + 1 >= len(words) or not 2 <= len(lead) <= 4 or not _brand_like(lead):
                return None
            if _says_only_sector(lead) or is_place_word(lead) or _is_division(lead):
                return None
            return lead
        if not HAN_WORD.fullmatch(w) or wordbook.tags().get(w) in VERB_TAGS | ADVERB_TAGS:
            return None
        lead += w
    return None


# jieba's tags of everyday words: nouns, distinguishing words, adjectives, verbs, adverbs.
COMMON_WORD_TAGS = frozenset({"n", "b", "a", "v", "vn", "d"})


def _opens_with_common_word(text: str) -> bool:
    """`text` opens with a frequent everyday word (`车载`, `智能`): before a model (`车载GPS`) such a word
    describes the product; a brand before a model is a name or an abbreviation (`一汽`, `中建`) or coined."""
    first = _jieba_words(text)[0]
    return wordbook.tags().get(first) in COMMON_WORD_TAGS and _word_frequency(first) >= RARE_WORD


def _verb_in_head(text: str, k: int) -> bool:
    """A verb of two characters or more starts within the first `k` characters of `text` (`王某深入…`,
    `赵某察看…`): those characters are a clause's subject and predicate, not a brand."""
    at = 0
    for w in _jieba_words(text):
        if at >= k:
            return False
        if len(w) >= 2 and wordbook.tags().get(w) in VERB_TAGS:
            return True
        at += len(w)
    return False


RARE_WORD = 50  # a word jieba's dictionary has seen fewer times than this is likely a brand
PROPER_NAME_TAGS = {"nr", "nrt", "nrfg", "nz", "nt"}  # jieba's tags for names of people, firms, brands


@lru_cache(maxsize=65536)
def _rare_leading_words(body: str) -> str | None:
    """The leading words of a name that are no common words (not in jieba's dictionary, or rare), when a
    common word follows them: brands are coined, descriptions are made of common words."""
    words = _jieba_words(body)
    brand = ""
    for k, w in enumerate(words):
        tag = wordbook.tags().get(w)
        # `挖掘机` is a rare noun, not a brand; `华为` is a frequent proper name, and a brand
        common = tag not in PROPER_NAME_TAGS and (_word_frequency(w) >= RARE_WORD or tag == "n")
        if not HAN_WORD.fullmatch(w) or common:
            return brand if brand and k < len(words) else None
        brand += w
        if len(brand) > 6:
            return None
    return None


@lru_cache(maxsize=65536)
def _jieba_words(text: str) -> tuple[str, ...]:
    return tuple(wordbook.load().lcut(text))


def is_place_word(word: str) -> bool:
    """A place name in jieba's dictionary (`台州`, `美国`, `济宁`)."""
    return wordbook.tags().get(word) == "ns"


@lru_cache(maxsize=65536)
def strip_leading_places(body: str) -> str:
    """`江苏润东现代智慧物流园项目` → `润东现代智慧物流园项目`; `美国罗克韦尔…` → `罗克韦尔…`."""
    words = _jieba_words(body)
    k = 0
    while (
        k < len(words) - 1
        and is_place_word(words[k])
        and _word_frequency(words[k]) >= RARE_WORD  # a rare "place" (`山田`) is more likely a brand
        and not COMPANY_SUFFIX_RE.match(words[k + 1])  # `长城重工`: a brand that is also a place name
        and not (FIGURE_OR_MODEL.match(words[k + 1]) and not _known_place(words[k]))
    ):
        k += 1
    stripped = "".join(words[k:])
    return stripped if len(stripped) >= 2 else body


LATIN_START = re.compile(r"[A-Za-z]")
# What opens a name's words after its brand: a figure (`50万套`) or a Latin model (`PC`, `RAV4`).
FIGURE_OR_MODEL = re.compile(r"[\dA-Za-z]")


COMPASS_POINT = re.compile(r"[东南西北]")


def _known_place(word: str) -> bool:
    """A division the gazetteer knows, a country, or a region named by a compass point (`华东`, `苏北`): jieba
    tags some brands as places (`吉利`, `中建`), and before a figure or a model (`吉利50万套…`, `中建PC…`),
    where a name puts its brand, only these are places."""
    return _is_division(word) or bool(COUNTRY_PREFIX.match(word)) or bool(COMPASS_POINT.search(word))


def _word_frequency(word: str) -> int:
    return wordbook.load().FREQ.get(word, 0)  # how often jieba's corpus has the word


# _brand_like's patterns, compiled once (it is called many times per article)
YEAR_WORD = re.compile(r"(?:同|今|去|当|明|前|后|本|每)年|年")


@lru_cache(maxsize=65536)
def _brand_like(word: str) -> bool:
    """A word that can be a company's short name: not a descriptor, a sector, a place or a time."""
    return (
        2 <= len(word) <= 6
        and not word.startswith(NOT_BRAND)
        and not YEAR_WORD.match(word)
        and not GENERIC_WORDS_RE.fullmatch(word)
        and not PLACE_PART.fullmatch(word)
    )


@lru_cache(maxsize=65536)
def _strip_known_place(body: str) -> str:
    """Drop a county or city the gazetteer knows from the start of a name (`汶上如意天容…` → `如意天容…`)."""
    for place in known_places():
        if body.startswith(place) and len(body) > len(place) + 2:
            return body[len(place) :]
    return body


@lru_cache(maxsize=1)
def _known_place_set() -> frozenset[str]:
    return frozenset(known_places())


def known_places() -> tuple[str, ...]:
    """Counties and cities of the parks gazetteer (its `region` column), without 县/市/区, longest first."""
    from .parks import gazetteer_regions

    return gazetteer_regions()


# A legal name, then the capacity the name's plant makes, then the name (`…有限公司年产100亿…`).
LEGAL_THEN_CAPACITY = re.compile(
    r"(?P<c>(?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,20}?(?:股份有限公司|有限责任公司|有限公司|集团公司|公司))"
    r"(?:年产|年处理|年加工)[\d.]+\s*(?:万|亿|千)?$"
)
CAPACITY_VERBS = ("年产", "年处理", "年加工")  # one of them is in every match of LEGAL_THEN_CAPACITY


# What every match of COMPANY_IN_CONTEXT holds: a legal name's ending (its first branch), or the verb after
# a company's ending (its second): `建设`, `投资`, or a signing verb.
COMPANY_CONTEXT_WORDS = ("公司", "集团", "建设", "投资", "签")


def _may_hold_company(t: str, floor: int, end: int) -> bool:
    """Whether t[floor:end] may hold a match of COMPANY_IN_CONTEXT: two in three windows before a name
    hold none of its words, and the pattern, tried at every position, is the costliest of the map step."""
    return any(t.find(w, floor, end) >= 0 for w in COMPANY_CONTEXT_WORDS)


def _company_before(t: str, start: int, floor: int) -> str | None:
    """A company named just before a project's name: `永生重工建设投资10亿元的…`, `X有限公司的…`,
    `台州德仕乐投资14亿元的…`. Not past a `、` after a name (`…A公司投资的X项目、Y项目`): that company is X's."""
    clause = floor
    comma = t.rfind("、", floor, start)
    if comma > 0 and HEAD_END_RE.search(t, max(0, comma - 6), comma):
        floor = comma + 1
    # each pattern only where a word all its matches hold is in the window (it runs for every candidate)
    m = (
        LEGAL_THEN_CAPACITY.search(t, floor, start)
        if t.find("公司", floor, start) >= 0 and any(t.find(w, floor, start) >= 0 for w in CAPACITY_VERBS)
        else None
    )
    if m:  # `山东某某药业有限公司年产100亿片…项目`: the name starts past the capacity, the company before it
        begin = max(m.start("c"), _left_edge(t, m.end("c"), m.end("c")))
        if m.end("c") - begin >= 4:
            return t[begin : m.end("c")]
    m = INVESTOR_BEFORE.search(t, floor, start) if t.find("投资", floor, start) >= 0 else None
    if m:
        brand = _rare_leading_words(strip_leading_places(m.group(1)) + "x")
        if brand and _brand_like(brand):
            return brand
    best = None
    for m in COMPANY_IN_CONTEXT.finditer(t, floor, start) if _may_hold_company(t, floor, start) else ():
        end = m.end(1) if m.group(1) else m.end(2)
        first = m.start(1) if m.group(1) else m.start(2)
        edge = _left_edge(t, end, end)
        # a legal name that the look-back window cut (`山东华|鲁生物制造有限公司`) starts at its own left edge
        cut = first == floor and m.group(1) and edge < first
        begin = _whole_brand(t, edge if cut else max(first, edge), end)
        if end - begin >= 2:
            best = _first_party(t, begin, clause) or (_past_role(t[begin:end]) if cut else t[begin:end])
    return best


def _whole_brand(t: str, begin: int, end: int) -> int:
    """A legal name's brand has two characters or more: where the left edge stopped at a one-character word
    that leaves one character before the line of business (`台湾有|顺科技有限公司`), that character opens
    the brand (`有顺科技`), as it does after a place."""
    ending = COMPANY_SUFFIX_RE.search(t, begin, end)
    if ending and ending.start() == begin + 1 and begin > 0 and HAN_CHAR.match(t[begin - 1]):
        return begin - 1
    return begin


# The investor and its amount right before the name: `由X公司投资1.3亿元的Y`, `X有限公司总投资10亿元的Y`.
LEGAL_INVESTS_BEFORE = re.compile(
    r"(?P<c>(?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,24}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))"
    r"(?:计划|拟)?(?:总投资|投资)(?:约|近|超)?[\d.]+\s*(?:多|余)?\s*(?:万|亿|千万)?\s*(?:元|美元|港元)?的[“\"]?$"
)


def _investor_stated(t: str, start: int, floor: int) -> str | None:
    """The company the text states invests in the name right before it, with the amount (`由X公司投资1.3亿元的
    Y`, `北京某辰投资10亿元的Y`): a legal name, or a coined brand (INVESTOR_BEFORE). The text's own word beats a
    company read from the name's shape, whose first words may describe the product (`宝石玉石精深加工`)."""
    if t.find("投资", floor, start) < 0:
        return None  # both patterns below hold the word
    m = LEGAL_INVESTS_BEFORE.search(t, floor, start)
    if m:
        end = m.end("c")
        begin = max(m.start("c"), _left_edge(t, end, end))
        company = t[begin:end]
        if end - begin >= 4 and not DETERMINER_RE.match(company):
            return company
    m = INVESTOR_BEFORE.search(t, floor, start)
    if m and not m.group(1).endswith(JOINERS):  # `投资1亿元的A和投资2亿元的B`: A is an item, not B's investor
        words = list(_jieba_words(m.group(1)))
        while len(words) > 1 and wordbook.tags().get(words[0]) in OPENING_TAGS:
            words.pop(0)  # `目前北京某辰投资…`: a time or a conjunction opens the clause, not the name
        body = strip_leading_places("".join(words))
        ended = company_in(body + "项目", strict=True)  # `永达重工建设投资…`: the company's ending kept
        if ended and body.startswith(ended):
            return ended
        brand = _rare_leading_words(body + "x")
        if brand and _brand_like(brand):
            return brand
    return None


# Tags of a clause's opening word that no company's name starts with: times, conjunctions, pronouns, adverbs.
OPENING_TAGS = {"t", "c", "r", "d", "p", "u", "uj", "ul"}


# A legal name that closes an item of a list of parties (`淄博某某新材料公司、海南某某科技公司与洋浦签署…`).
PARTY_BEFORE = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,20}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))、$"
)


def _first_party(t: str, begin: int, floor: int) -> str | None:
    """The first of the parties listed before the company at `begin`, if any: of parties named together,
    the first named leads (as in `A与B共同投资的X`)."""
    first = None
    while t[begin - 1 : begin] == "、":
        m = PARTY_BEFORE.search(t, floor, begin)
        if not m:
            break
        begin = max(m.start(1), _left_edge(t, m.end(1), m.end(1)))
        if m.end(1) - begin < 2:
            break
        first = t[begin : m.end(1)]
    return first


def _repeated_brand(t: str, name: str, start: int, end: int) -> str | None:
    """The brand a plant's name opens with by the article's own use (`远景动力电池工厂` beside `远景智能重卡换电站`,
    `小米汽车二期工厂` beside `小米汽车在…规划建设`): its first word or two, two to four characters and no
    place, sector or generic word, that the article writes elsewhere before other words. A brand may be a
    common word, even a place, to jieba (`远景`, `小米`, `吉利`); a word the article repeats only as this very
    name (`灯塔工厂`) is no evidence of one."""
    body = _strip_known_place(name)
    words = _jieba_words(body)
    lead = ""
    for w in words[:2]:
        lead += w
        if len(lead) > 4 or not HAN_WORD.fullmatch(lead) or len(body) <= len(lead) + 2:
            return None
        if len(lead) < 2 or not _brand_like(lead) or _says_only_sector(lead) or _is_division(lead):
            continue
        if COUNTRY_PREFIX.match(lead) or (is_place_word(lead) and _word_frequency(lead) >= COMMON_PLACE):
            continue
        follows = body[len(lead) : len(lead) + 2]
        i = t.find(lead)
        while i >= 0:
            if not (start <= i < end) and t[i + len(lead) : i + len(lead) + 2] != follows and _starts_a_name(t, i):
                return lead
            i = t.find(lead, i + 1)
    return None


COMMON_PLACE = 500  # a place word jieba has seen this often is a place (`华东`, `苏州`), not a brand


# _head_occurrences's patterns, compiled once (it is called many times per article)
WORKS_NOT_A_PROJECT = re.compile(r"[“”\"]|[一二三四五六七八九十]大|暨")


# A closing quote and an event's or a campaign's word after a name (`“…项目”直播活动`, `“…工程”攻坚行动`).
EVENT_TITLE_AFTER = re.compile(r"[”\"](?:[\u4e00-\u9fff]{0,4}?)(?:活动|行动|大赛|竞赛|评选)")


def _head_occurrences(t: str, parks: list[ParkSpan]) -> list[Occurrence]:
    occs: list[Occurrence] = []
    for m in HEAD_RE.finditer(t):
        head_start, end = m.start(), m.end()
        if HEAD_CONTINUES.match(t, end) and not TAIL_RE.match(t, end):
            if not (m.group().endswith("项目") and PROJECT_NOUNS_AFTER.match(t, end)):
                continue
        while True:  # `…产业园二期项目`, `…项目一期`
            tail = TAIL_RE.match(t, end)
            if not tail or tail.end() == end:
                break
            end = tail.end()
        # `…水厂建设工程项目`: 建设 before 工程 is the head's own word (construction works), as in 建设项目
        walk_from = head_start - 2 if m.group() == "工程" and t.startswith("建设", head_start - 2) else head_start
        start = _left_edge(t, walk_from, end)
        at = _stop_start(t, max(0, start - 8), start) if LEGAL_FRAGMENT.match(t, start) else -1
        # `中交路桥建设有限公司…`: a stop word inside a company's legal name does not end the name; but
        # `该公司…` points back, and the name starts after it
        if at >= 0 and not DETERMINER_RE.match(t[at:start]):
            start = _left_edge(t, at, end)
        if end - start <= len(m.group()) + 1:
            continue  # `该项目`, `，项目`: no name before the head (what follows only moves the start right)
        at = _stop_start(t, max(0, start - 8), start)
        stop = t[at:start] if at >= 0 else ""
        if stop in PREDICATE_STOPS and DESCRIPTIVE.search(t, start, end):
            continue  # `作为…示范项目`, `是…重点项目`: a description, not a name
        if stop in ("主要建设", "建设内容"):
            continue  # the parts a project builds, not projects
        start, end = _tidy(t, start, end)
        start = _trim_leading(t, start, end)
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
        built = (
            _sector_name_anchored(t, start, end)
            or bool(BUILT_AFTER.match(t, end))
            or bool(BUILT_BEFORE.search(t, max(0, start - 14), start))
            or (t[end : end + 1] in QUOTES and bool(STAGE_RE.search(t, end + 1, end + 8)))  # `“X”近日开建`
        )
        company = _investor_before(t, start, max(0, start - 40)) or company  # `A与B共同投资的X`: A
        if is_generic(name, sector=True) and not _sector_name_anchored(t, start, end) and not (company and built):
            continue  # sector words alone are a project only where the text builds it and names its investor
        owner = company_in(name)
        if head == "工厂" and not name.endswith("项目") and not owner:  # a plant; a 车间, 厂房 is part of one
            owner = _repeated_brand(t, name, start, end)
            company = company or owner  # the brand the article uses is the plant's company, and weighs as one
        if head in PART_HEADS and not name.endswith("项目") and (not owner or name == owner + head):
            continue  # `自动化生产线`, `水处理车间`: a part of a plant unless a company owns it by name
        if head in PART_HEADS and PART_COUNTED.search(name, 0, len(name) - len(head)):
            continue  # `X首栋厂房`, `X2号车间`: one building of X's project, counted, not a project
        if head == "工程" and (
            WORKS_NOT_A_PROJECT.search(name)
            or not (company_in(name, strict=True) or _priced_here(t, start, end) and not PHASE_ONLY.fullmatch(name))
        ):
            continue  # 工程 without a company or a price of its own is works on a site or a programme
        if head == "产业集群" and not SIGNING.search(t, start, clause_end(t, end, len(t))):
            continue
        if EVENT_TITLE_AFTER.match(t, end):
            continue  # `“…晒项目”直播活动`: the quoted title of an event or a campaign, not a project's name
        if DESCRIBED_AS.search(t, max(0, start - 2), start) and name_features(name)["nothing_specific"]:
            continue  # `这是乙烯下游产业项目`: a kind said of the project before, not a project's name
        coordinated = bool(COORDINATED_BEFORE.search(t, max(0, start - 6), start) or COORDINATED_AFTER.match(t, end))
        verdict = verdict_of(name, company, built=built, coordinated=coordinated)
        if not verdict.keep:
            continue
        facility = (
            head in FACILITY_HEADS and not TAIL_RE.fullmatch(t[m.end() : end] or "x") and not name.endswith("项目")
        )
        phase = bool(PHASE_IS.search(t, max(0, start - 6), start))
        occs.append(
            Occurrence(name, start, end, "head", facility=facility, company=company, verdict=verdict, phase=phase)
        )
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
    # drop names inside another (kept is sorted by start, longer first: only an earlier one can hold it)
    out, reach = [], -1
    for o in kept:
        if reach < o.end:
            out.append(o)
        reach = max(reach, o.end)
    return out


# An ordinal or a count with a building's measure word right before a part's head (`首栋`, `第二座`, `3号`).
PART_COUNTED = re.compile(r"(?:首|第?[\d一二三四五六七八九十两]+)\s*(?:栋|座|幢|号)$")
LEGAL_FRAGMENT = re.compile(r"(?:发展|建设|投资|实业)?(?:股份|集团)?有限(?:责任)?公司|集团|公司")
# A build or sign verb whose object the name is (`在…打造的X`, `落户武汉的X`, `投资建设的X`).
BUILT_BEFORE = re.compile(r"(?:打造|落户|投资建设|建设|投资|引进|签约|开工|新建)[^，,。；;]{0,8}的[“\"]?$")
# Figures or a start stated right after a name, past a comma (`…制造项目,总投资达到10.8个亿`).
BUILT_AFTER = re.compile(
    r"[,，]?\s*(?:项目)?(?:已|正式|顺利|也)?(?:总投资|计划总投资|投资|占地|总占地|建筑面积|于\d|已于|开工|奠基|签约|落户|竣工|投产)"
)
# A name in a list of names (`A项目和B项目`, `分别为A项目、B项目`): it shares the list's reading.
# A list of names may be marked by semicolons (`…A项目;B项目;C项目。`): an item between two names' heads.
COORDINATED_BEFORE = re.compile(r"(?:(?:项目|基地|产业园|工程)[和及与、;]|分别为|分别是|包括)$")
COORDINATED_AFTER = re.compile(
    r"[和及与、][^，,。；;]{2,30}?(?:项目|基地|产业园)|;[^，,。；;]{2,30}?(?:项目|基地|产业园)[;。]"
)


PRICE_BEFORE = re.compile(
    r"(?:计划总投资|总投资|计划投资|投资)额?(?:约|近|超|达)?[\d.]+\s*(?:多|余)?\s*(?:万|亿|千万|百万)?\s*(?:元|美元|港元)的$"
)
PHASE_ONLY = re.compile(r"\(?[一二三四五首]期\)?(?:工程|项目)")  # `一期工程`: a phase of a project named elsewhere
PRICE_AFTER = re.compile(r"[,，]?\s*(?:计划)?总投资(?:约|近|超|达)?\s*[\d.]+")


def _priced_here(t: str, start: int, end: int) -> bool:
    """The name's own price stands right at it (`投资8856万元的…工程`, `…工程，总投资1.18亿元`): GUIDE counts
    works (roads, dykes, waterworks) that the text prices."""
    return bool(PRICE_BEFORE.search(t, max(0, start - 24), start) or PRICE_AFTER.match(t, end))


# _sector_name_anchored's patterns, compiled once (it is called many times per article)
SECTOR_BUILT_BEFORE = re.compile(r"(?:开工建设|打造|新建|奠基|签约|暨|[\d.]+\s*(?:亿|万)\S{0,3}的)$")
SECTOR_BUILT_AFTER = re.compile(r"(?:奠基|开工|签约|总投资|投资|位于|占地|项目总投资)")


def _sector_name_anchored(t: str, start: int, end: int) -> bool:
    """A name made of sector words is a project only where the text builds, signs or prices it."""
    before = t[max(0, start - 6) : start]
    after = t[end : end + 6]
    return bool(SECTOR_BUILT_BEFORE.search(before) or SECTOR_BUILT_AFTER.match(after))


# A list item may carry its price, and its investor, before it: `总投资100亿元的A、投资56亿元的B等项目`,
# `由X公司投资1.3亿元的A、由Y公司总投资10亿元的B3个项目`. The price is no part of the name, and the list goes
# on before it.
PRICED_ITEM = re.compile(
    r"(?:由[^、，,。；;]{2,30}?)?(?:计划总投资|总投资|计划投资|投资)额?(?:约|近|超|达)?[\d.]+\s*(?:多|余)?\s*"
    r"(?:万|亿|千万|百万)?\s*(?:元|美元|港元)的$"
)


CLOSED_LIST = re.compile(r"等(?:单位|企业|公司|方面)?(?:在|就|于|与|围绕|签署|签订|共同)")
MAX_FRAGMENT = 3  # a list's last item cut to this few characters is a fragment of its name
OWNED_BY = re.compile(r"(?:集团|公司)的$")  # `…、某某集团的光伏发电等项目`: the item is the company's project


def _list_items(t: str, end: int) -> list[tuple[int, int]]:
    """The `、`-separated items that end at `end`, rightmost first. An item whose left edge stops at
    a word inside it (`G236殷汇至查桥段…`) reaches back to the `、` before it; one priced before its name
    (`投资56亿元的A`) starts after its price, and the list goes on before the price; `以及` joins two."""
    items: list[tuple[int, int]] = []
    while True:
        start = _left_edge(t, end, end)
        clause = clause_start(t, start, max(0, start - MAX_NAME))
        price = PRICED_ITEM.search(t, max(clause, start - 45), start)
        if price:
            clause = price.start()
        comma = t.rfind("、", clause, start)
        # the last item reaches back too when its edge left only a head (`…服务|产业园等`, `…投资|担保等`): a
        # head alone names nothing, the word that stopped the edge is inside the item's name
        fragment = (
            not items
            and t.startswith("等", end)
            and (end - start <= MAX_FRAGMENT or OWNED_BY.search(t, max(0, start - 4), start) is not None)
        )
        if (items or fragment) and comma >= 0 and start > clause and t[start - 1] not in "、" and not price:
            start = comma + 1
        if t.startswith("及", start) and t[start - 1 : start] == "以" and end - start > 3:
            start += 1  # `A以及B等项目`: 以 stopped the edge, 及 joins
        closed = CLOSED_LIST.search(t, start, end)
        if closed:  # `与A、B公司等在X、Y等项目…`: an earlier list of parties ends at its 等; this list starts after it
            start = closed.end()
        if start < end:
            items.append((start, end))
        if closed:
            return items
        edge = price.start() if price else start
        if edge > 0 and t[edge - 1] == "、" or edge > 0 and t[edge - 1] in JOINERS and items:
            end = edge - 1
            if t[end - 1 : end] == "以":
                end -= 1
            continue
        return items


# A list item may open with the size of what it makes (`12英寸模拟集成电路`, `100万吨乙烯`), not with a count.
CAPACITY_LEAD = re.compile(
    r"[\d.]+\s*(?:英寸|万吨|吨|万千瓦|千瓦|兆瓦|GWh|GW|MW|万辆|万台|万套|万片|亿片|万平方米)[\u4e00-\u9fffA-Za-z]{2}"
)
LIST_OPENS = re.compile(r"(?:包括|如|有|比如|例如)$")  # what opens a list that ends in a bare 等
LIST_LEAD = re.compile(r"(?:比如|例如|如|包括)")
PROJECTS_COUNTED = re.compile(
    r"项目(?:有|共|达)?(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|项)"
    r"|(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|项)[^，,。；;]{0,12}项目"
)


NEAR_KEEP = -0.5  # a list item this close to kept, with something specific, is kept among siblings that pass


# _list_occurrences's patterns, compiled once (it is called many times per article)
PUBLIC_WORKS = re.compile(r"基础|民生|城建|社会")
NUMBER_LEAD = re.compile(r"[\d.]")
LIST_JOINER_LEAD = re.compile(r"^(?:以|及)+")


LIST_COMPANY_CHARS = 8  # a list item this short, without its place, is a company's name (`山东某某项目`)


def _item_company(item: str, suffix: str) -> str | None:
    """The company a list item is named after (GUIDE: `推进A、B等项目` names each project after its company):
    the company its name begins with, else the item itself when it is short. A leading province, city or
    county is the company's seat, not its length: `某市某和高分子材料` is measured as `某和高分子材料`."""
    company = company_in(item + suffix)
    if company or not suffix:
        return company
    if len(item) <= LIST_COMPANY_CHARS:
        return item
    bare = strip_leading_places(_strip_known_place(item))
    return bare if len(bare) <= LIST_COMPANY_CHARS and len(bare) >= 2 else None


def _list_occurrences(t: str, sentences: list[tuple[int, int]]) -> list[Occurrence]:
    """Company-named projects in lists: `推进纬世特信息科技、海富电子等项目建设` → `纬世特信息科技项目`, …"""
    occs: list[Occurrence] = []
    matches = [(m, m.start(), "tail") for m in LIST_TAIL.finditer(t)]
    matches += [(m, m.start(), "counted") for m in LIST_COUNTED.finditer(t)]
    matches += [(m, m.start(), "bare") for m in LIST_END_BARE.finditer(t)]
    for m, deng, how in matches:
        kept: list[Occurrence] = []
        near: list[Occurrence] = []
        s_start, s_end = sentences[sentence_index(sentences, deng)]
        sentence = t[s_start:s_end]
        kind = m.groupdict().get("kind")
        said = m.group()[m.group().rfind("的") + 1 :]  # what the tail calls the items (not its description)
        if kind == "工程" or PUBLIC_WORKS.search(said):
            continue  # `…等工程完工`: works of a site; `…等基础设施项目`: not industrial projects
        items = _list_items(t, deng)
        if how == "bare" and items:
            lead = LIST_LEAD.match(t, items[-1][0], items[-1][1])
            if lead and items[-1][1] - lead.end() >= 2:  # `入驻，如A、B等，`: the word is no part of A
                items[-1] = (lead.end(), items[-1][1])
        if how == "bare" and not (items and LIST_OPENS.search(t, max(0, items[-1][0] - 3), items[-1][0])):
            continue
        if kind in (None, "企业") and not SIGNING.search(sentence):
            # `开工的重大项目有11个，包括A、B等，`: the sentence has counted the projects the list names (a
            # project's own parts, `该项目包括A、B等`, are counted by no one)
            if not (how == "bare" and PROJECTS_COUNTED.search(t, s_start, items[-1][0])):
                continue
        if len(items) < 2 and how != "tail":
            continue
        for a, b in reversed(items):
            a, b = _tidy(t, a, b)
            item = t[a:b]
            if len(item) < 2 or len(item) > 40 or item in GENERIC_ITEMS:
                continue
            if NUMBER_LEAD.match(item) and not CAPACITY_LEAD.match(item):  # a count, not `12英寸…`
                continue
            if PERSON_TITLE.search(item) or PLACE_PART.fullmatch(item) or is_generic(item, min_core=1):
                continue
            if is_place_word(item) or item in _known_place_set() or is_place_word(LIST_JOINER_LEAD.sub("", item)):
                continue  # `来自美国、德国等`: places, not projects
            suffix = "" if HEAD_END_RE.search(item) else "项目"
            verdict = verdict_of(item + suffix, listed=True)
            company = _item_company(item, suffix)
            occ = Occurrence(
                item + suffix,
                a,
                b,
                "list",
                suffix=suffix,
                company=company,
                scope_start=deng,
                list_start=items[-1][0],
                tail_end=m.end(),
                verdict=verdict,
            )
            if verdict.keep:
                kept.append(occ)
            elif verdict.score >= NEAR_KEEP and not dict(verdict.terms).get("nothing_specific"):
                near.append(occ)  # `电子信息、新材料等项目`: sectors listed, not companies, score far below
        # items of one list share its reading: one that barely fails among companies that pass is one of them
        # (`济宁某某水处理剂、山东某某、济宁某和高分子材料等项目`, a brand jieba cut into single characters)
        occs += kept + (near if len(kept) >= 2 * max(1, len(near)) else [])
    return occs


def _shared_head_items(t: str, occs: list[Occurrence]) -> list[Occurrence]:
    """`甲能煤制气、乙能煤化一体化、丙方煤电化一体化项目开工`: names listed by `、` before a project's name
    share its head, one project each; so do names listed before a facility (`甲磷酸铁锂、乙重卡、丙电池厂房落成`),
    each then a project of its own; one name before the head (`A、B项目`) is a part of one project, whose name
    then holds both. Taken only when every item reads as one project by itself (with the
    head): one sector or place among them (`电子信息、新材料、…项目`) says the list is of kinds, not projects."""
    out: list[Occurrence] = []
    taken = Spans((o.start, o.end) for o in occs)
    for o in occs:
        if o.kind != "head" or not o.name.endswith(("项目", *FACILITY_HEADS)) or o.start < 1 or t[o.start - 1] != "、":
            continue
        if taken.covers(o.start - 2):
            continue  # the items are names read already (`A项目、B项目`, a list's items)
        items = _list_items(t, o.start - 1)
        found = []
        for a, b in reversed(items):
            a, b = _tidy(t, a, b)
            item = t[a:b]
            if not 2 <= len(item) <= 30 or HEAD_END_RE.search(item) or NUMBER_LEAD.match(item):
                break
            if PERSON_TITLE.search(item) or PLACE_PART.fullmatch(item) or is_generic(item, min_core=1):
                break
            if is_place_word(item) or item in _known_place_set():
                break
            if wordbook.tags().get(_jieba_words(item)[0]) in VERB_TAGS:
                break  # `沟通两岸、连接某地、…和某基地`: verb phrases listed, what the facility does, no names
            verdict = verdict_of(item + "项目", listed=True)
            if not verdict.keep:
                break
            company = _item_company(item, "项目")
            found.append(Occurrence(item + "项目", a, b, "list", suffix="项目", company=company, verdict=verdict))
        else:
            # two names under one head are as often one project's products (`某公司的叉车、桩工机械项目`): only
            # a list of three or more, with no owner or price before it, is a list of projects
            first = min((x.start for x in found), default=o.start)
            owned = OWNED_BY.search(t, max(0, first - 4), first) or PRICED_ITEM.search(t, max(0, first - 45), first)
            if len(found) >= 2 and not owned:
                for x in found:
                    x.list_start, x.scope_start = first, o.end
                out += found
            elif len(found) == 1:
                o.start, o.name = first, t[first : o.end]  # `A、B项目`: one project, named by both its parts
    return out


# _anchor_coordinated's pattern, compiled once (it is called many times per article)
COUNTED_AFTER_NAME = re.compile(r"(?:两|三|四|\d+)个项目|等(?:\d+个)?[\u4e00-\u9fff]{0,6}项目")


def _anchor_coordinated(t: str, occs: list[Occurrence]) -> None:
    """Names joined by 和/、/及 share their reading: `开工建设A产业园和B基地` builds both, and
    `A基地和B产业园两个项目` names two projects."""
    ordered = sorted(occs, key=lambda o: o.start)
    for _ in range(2):
        for left, right in zip(ordered, ordered[1:], strict=False):
            if t[left.end : right.start] in ("和", "、", "及", "与", "以及"):
                if left.anchored or right.anchored:
                    left.anchored = right.anchored = True
    for o in ordered:
        if not o.anchored and COUNTED_AFTER_NAME.match(t[o.end : o.end + 12]):
            o.anchored = True
    for left, right in zip(ordered, ordered[1:], strict=False):
        if t[left.end : right.start] in ("和", "、", "及", "与", "以及") and (left.anchored or right.anchored):
            left.anchored = right.anchored = True


FIGURES_AFTER_COMMA = re.compile(r"\s*(?:项目)?\s*[,，]\s*(?:总投资|计划总投资|计划投资|投资|占地|总占地)")


# _anchored's patterns, compiled once (it is called many times per article)
MADE_HERE_BEFORE = re.compile(r"(?<!将)(?<!全力)(?<!努力)(?<!着力)(?<!致力)打造$")
AIM_WORDS = re.compile(r"一流|百亿|千亿|万亿|国家|全国|世界|国际")
PRICED_BEFORE = re.compile(r"[\d.]+\s*(?:亿|万)\S{0,3}的$")
STATED_AFTER = re.compile(
    r"\s*(?:项目)?\s*(?:总投资|投资|计划总投资|占地|总占地|是|为|由|于|将|已|正|的开工|奠基|开工|签约|落户|坐落|选址)"
)


def _anchored(t: str, o: Occurrence, sentence: tuple[int, int]) -> bool:
    """A facility name (`…产业园`, `…基地`) is a project when the text shows it being built, signed
    or stated with figures; otherwise it is a place."""
    before = t[max(sentence[0], o.start - 8) : o.start]
    # `聚力打造新材料产业园。`: a whole sentence about building it; `将打造…示范园区`, `打造一流…基地` are aims
    if MADE_HERE_BEFORE.search(before) and o.end == sentence[1] - 1:
        return not AIM_WORDS.match(o.name)
    if LOCATIVE_BEFORE.search(before):
        return False
    if BUILD_BEFORE.search(before) or PRICED_BEFORE.search(before):
        return True
    after = t[o.end : clause_end(t, o.end, sentence[1])]
    if STATED_AFTER.match(after):
        return True
    if FIGURES_AFTER_COMMA.match(t, o.end, sentence[1]):
        return True  # `…配套道路工程，总投资1.18亿元`: its figures after a comma (the clause ends at the comma)
    return bool(STAGE_RE.search(after[:16]))


# ---------------------------------------------------------------- grouping


# core_name's patterns, compiled once (it is called many times per article)
CORE_MARKS = re.compile(r"[“”\"《》·\s()]")


@lru_cache(maxsize=65536)
def core_name(name: str) -> str:
    s = fold(name)
    s = CORE_MARKS.sub("", s)
    s = PHASE_RE.sub("", s)
    changed = True
    while changed:
        changed = False
        for suffix in ("建设项目", "生产项目", "项目", "工程", "建设"):
            if s.endswith(suffix) and len(s) > len(suffix) + 1:
                s = s[: -len(suffix)]
                changed = True
    bare = _strip_known_place(NAME_PLACE_PREFIX.sub("", s))
    zone = PARK_BEFORE.match(bare)
    if zone and len(bare) - zone.end() >= 4 and verdict_of(bare[zone.end() :] + "项目").keep:
        bare = bare[zone.end() :]  # `某某工业园区|中建PC项目`: the park it is in, then a project's own name
    return bare if len(bare) >= 2 else s


# A park named before a name (`东宝工业园区中建PC项目`): where the project is, no part of what it is called.
PARK_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:工业园区|产业园区|工业园|产业园)")


LEGAL_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团公司|集团|股份|公司|总公司)$")
COUNTRY_PREFIX = re.compile(
    r"^(?:日本|美国|德国|韩国|法国|英国|新加坡|香港|台湾|中国|比利时|印度|意大利|深圳|青岛|北京|上海|浙江|江苏)"
)


@lru_cache(maxsize=65536)
def company_key(company: str | None) -> str:
    """A company's comparable form: `山东鲁抗医药股份有限公司` → `鲁抗医药`; `日本小松` → `小松`.

    >>> company_key("山东鲁抗医药股份有限公司"), company_key("日本小松"), company_key("长三角一体化安徽宝镁")
    ('鲁抗医药', '小松', '宝镁')
    """
    if not company:
        return ""
    s = _strip_known_place(NAME_PLACE_PREFIX.sub("", fold(company)) or fold(company))
    s = COUNTRY_PREFIX.sub("", s) or s
    s = PHASE_RE.sub("", s) or s
    while True:
        stripped = LEGAL_SUFFIX.sub("", s)
        if stripped == s or len(stripped) < 2:
            return s
        s = stripped


def _without(core: str, companies: tuple[str | None, ...]) -> str:
    """A name's words beyond its company (`珠海格力电器股份有限公司高端智能电器…` → `高端智能电器…`)."""
    for c in sorted((fold(c) for c in companies if c), key=len, reverse=True):
        core = core.replace(c, "")
    return core


def _similar(a: str, b: str, at_least: float) -> bool:
    """`SequenceMatcher(None, a, b).ratio() >= at_least`, difflib's cheap upper bounds of the ratio tried first
    (`real_quick_ratio` from the lengths, `quick_ratio` from the characters): most pairs of names in an
    article are far apart, and the full match is the costly part."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= at_least and matcher.quick_ratio() >= at_least and matcher.ratio() >= at_least


def same_project(a: Occurrence, b: Occurrence, company_a: str | None, company_b: str | None) -> bool:
    ca, cb = core_name(a.name), core_name(b.name)
    if ca == cb:
        return True
    pa, pb = _places_in(ca), _places_in(cb)
    short, long_ = sorted((ca, cb), key=len)
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        return True
    if 2 <= len(short) <= 3 and long_.startswith(short):
        return True  # `宝镁项目` is the short name of `宝镁年产30万吨…项目`
    if min(len(ca), len(cb)) >= 5 and _similar(ca, cb, 0.8):
        return True
    if not _places_conflict(pa, pb) and len(bare := _bare_core(ca)) >= 4 and bare == _bare_core(cb):
        return True  # `12英寸晶圆生产基地`, `12英寸晶圆成都制造基地`: the same plant, one with its city
    if len(short) >= 4 and short[:2] == long_[:2] and _in_order(short, long_):
        return True  # `企鹅新材料项目` is `企鹅高分子新材料项目` said shorter: one lead, the rest in order
    na, nb = company_key(company_a), company_key(company_b)
    if na and nb:
        if na in nb or nb in na:
            if ca in (na, nb) or cb in (na, nb):  # `永生重工项目` and a fuller name of the same company
                return True
            ra, rb = (_without(c, (company_a, company_b, na, nb)) for c in (ca, cb))
            if ra and rb and _similar(ra, rb, 0.5):
                return True
    ba, bb = brand_key(company_a), brand_key(company_b)
    if ba and ba == bb and not _places_conflict(pa, pb):
        # `比亚迪汽车项目` and `济南比亚迪新能源乘用车…产业园`: one brand, one place, and one name says no more
        # than the sector; `开磷集团大水工业园三期` and `开磷集团60万吨复合肥` each say which plant: two
        ra, rb = (_without(c, (company_a, company_b, ba)) for c in (ca, cb))
        if not ra or not rb or ra in rb or rb in ra or _says_only_sector(ra) or _says_only_sector(rb):
            return True
    return False


@lru_cache(maxsize=65536)
def _bare_core(core: str) -> str:
    """A core without its places, facility heads and process words: what the plant makes."""
    cls = class_words()
    drop = [False] * len(core)
    for place in _places_in(core):
        at = core.find(place)
        drop[at : at + len(place)] = [True] * len(place)
    i = 0
    while i < len(core):  # class words, longest first, read off the characters
        n = next((n for n in range(min(6, len(core) - i), 1, -1) if core[i : i + n] in cls), 0)
        drop[i : i + n] = [True] * n
        i += n or 1
    bare = "".join(ch for ch, gone in zip(core, drop, strict=True) if not gone)
    for head in HEADS:
        if bare.endswith(head):
            bare = bare[: -len(head)]
            break
    return bare


def _in_order(short: str, long_: str) -> bool:
    """Every character of `short` in `long_`, in order."""
    rest = iter(long_)
    return all(ch in rest for ch in short)


@lru_cache(maxsize=65536)
def brand_key(company: str | None) -> str:
    """The brand a company's name starts with (`比亚迪新能源` → `比亚迪`, `宁德时代新能源` → `宁德时代`): its
    key cut before a common word, when the cut leaves two characters or more."""
    key = company_key(company)
    if not key:
        return ""
    lead = _rare_leading_words(key + "项目")
    brand = lead if lead and len(lead) >= 2 else key
    if is_place_word(brand) or brand in _known_place_set() or PLACE_PART.fullmatch(brand):
        return ""  # `兰山木业…`: a place leads the name, no brand
    return brand


@lru_cache(maxsize=65536)
def _says_only_sector(rest: str) -> bool:
    """A name's remainder made only of sector, role, generic or determiner words (`汽车`, `整个`): every
    character inside such a word, found in the characters (no jieba cut needed)."""
    rest = POINTERS.sub("", rest)
    if not rest:
        return True
    covered = _class_cover(rest, singles=True)
    return all(covered)


def _places_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two names placed apart: each names a place the other does not (`广西钦州` and `钦州` agree)."""
    return bool(a and b and not (a <= b or b <= a))


@lru_cache(maxsize=65536)
def _places_in(core: str) -> frozenset[str]:
    """The place words a name holds (`福建基地` vs `四川基地` are two bases of one company): words of two or
    three characters that jieba's dictionary tags as places, read off the characters (no cut)."""
    tags = wordbook.tags()
    found = {core[i : i + n] for n in (3, 2) for i in range(len(core) - n + 1) if tags.get(core[i : i + n]) == "ns"}
    return frozenset(w for w in found if not any(w != v and w in v for v in found))  # `四川` inside `四川省`


# ---------------------------------------------------------------- the verb


# `投资54亿元的湖北恩捷首栋厂房已封顶`, `投资2.26亿元的山东远信物流和…`: a price the text gives a name that has
# no head of its own. The name runs to the first mark, joiner or word that begins its predicate.
PRICED_NAME = re.compile(
    r"(?:计划总投资|总投资|计划投资|投资)额?(?:约|近|超|达)?[\d.]+\s*(?:多|余)?\s*(?:万|亿|千万|百万)?\s*(?:元|美元|港元)的"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9.]{3,30}?)"
    r"(?=[，,。；;、：:！？!?\n“”\"(]|和|及|与|等|已|正|将|于|在|是|为|也|均|被|首|今年|目前|$)"
)


# _priced_occurrences's patterns, compiled once (it is called many times per article)
INVESTED_OR_PRICED = re.compile(r"投资|[\d.]+\s*(?:万|亿)")


def _priced_occurrences(t: str) -> list[Occurrence]:
    """Names the text prices without a head (`投资10亿元的湖北科达利正冲刺…`): a project when a company names
    it (a brand leads it) and the decision keeps it as a priced name; a sector (`投资5亿元的新材料`) is none."""
    occs = []
    for m in PRICED_NAME.finditer(t):
        start, end = m.span("name")
        name = t[start:end]
        if HEAD_RE.search(name) or is_generic(name + "项目", sector=True) or COUNTED_IN_NAME.search(name):
            continue
        brand = company_in(name + "项目")
        if not brand or not _brand_like(_past_area(brand)):
            continue
        if t[end : end + 1] in ("、", "和", "及", "与"):
            rest = t[end + 1 : clause_end(t, end + 1, len(t))]
            if HEAD_RE.search(rest) and not INVESTED_OR_PRICED.search(rest):
                continue  # `投资10亿元的A、B及C项目`: A is the first of one name's parts, priced as a whole
        verdict = verdict_of(name + "项目", built=True)
        if verdict.keep:
            occs.append(Occurrence(name + "项目", start, end, "head", suffix="项目", company=brand, verdict=verdict))
    return occs


# `首批入驻园区的企业A有限公司、B有限公司进行签约`, `1号厂房入驻企业是A公司`: the companies entering a park are
# its projects, named after themselves (GUIDE: a company named as the subject of a project).
TENANTS = re.compile(r"入驻(?:园区|基地|厂房|开发区)?的?(?:企业|公司)(?:是|为|有|包括)?")
TENANT = re.compile(r"[\u4e00-\u9fffA-Za-z()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|公司)")


def _tenant_occurrences(t: str) -> list[Occurrence]:
    """The companies named right after `入驻…企业`, one after another (`、`, `和`): each one project."""
    occs = []
    for m in TENANTS.finditer(t):
        at = m.end()
        while item := TENANT.match(t, at):
            name = item.group()
            owner = _clean_company(company_in(name, strict=True))
            if owner and not LEGAL_FRAGMENT.fullmatch(name) and not DETERMINER_RE.match(name):
                verdict = verdict_of(name, built=True)
                if verdict.keep:
                    occs.append(Occurrence(name, item.start(), item.end(), "head", company=owner, verdict=verdict))
            if t[item.end() : item.end() + 1] not in ("、", "和", "及"):
                break
            at = item.end() + 1
    return occs


def find_names(t: str, sentences: list[tuple[int, int]], parks: list[ParkSpan]) -> list[Occurrence]:
    """Every place the folded text `t` names a project, in text order, each with its company."""
    occs = _head_occurrences(t, parks)
    shorts = _defined_short_names(t)
    for o in occs:
        o.anchored = (
            not o.facility
            or _anchored(t, o, sentences[sentence_index(sentences, o.start)])
            or _company_facility(t, o, shorts)
        )
    for lo in _list_occurrences(t, sentences):
        # a list item that a head occurrence already covers keeps the head's reading
        cover = next((o for o in occs if o.start <= lo.start and lo.end <= o.end), None)
        if cover:
            cover.anchored = True
            cover.scope_start, cover.list_start, cover.tail_end = lo.scope_start, lo.list_start, lo.tail_end
        else:
            occs.append(lo)
    occs += _shared_head_items(t, occs)
    taken = Spans((o.start, o.end) for o in occs)
    new = _priced_occurrences(t) + _tenant_occurrences(t)
    occs += [o for o in new if not taken.covers(o.start) and not taken.covers(o.end - 1)]
    _anchor_coordinated(t, occs)
    listed = {p.name for p in parks if p.listed} | {p.text for p in parks if p.listed}
    occs = [o for o in occs if o.kind == "list" or (o.anchored and o.name not in listed)]
    occs = [o for o in occs if not _spaced(o.name) and not _component(t, o, sentences)]
    occs = [o for o in occs if not _builds_part(t, o, occs, sentences)]
    occs.sort(key=lambda o: o.start)
    places = _article_places(t)
    brands: dict[str, str | None] = {}  # a name's brand by the article's words, read once per name
    starts = [o.start for o in occs]  # occs come sorted by start
    for o in occs:
        if o.kind != "list":
            o.company = _company_of(t, o, sentences[sentence_index(sentences, o.start)][0], places, shorts, brands)
            if not o.company:
                o.company = _clean_company(_investor_pointed(t, o, starts, sentences))
            if not o.company:
                s0 = sentences[sentence_index(sentences, o.start)][0]
                o.company = _clean_company(_subject_located(t, o, s0))
        else:
            o.company = _list_company(t, o, sentences[sentence_index(sentences, o.start)][0], places)
    leads = _recurring_leads(occs, places)
    for o in occs:
        if not o.company:
            o.company = next((w for w in leads if o.name.startswith(w)), None)
    return occs


# What says a facility is a description or a zone, not a plant: `X是某某集团第二个总部基地` describes X;
# `…产业园,规划面积51平方公里` is a zone's size.
DESCRIBED_AS = re.compile(r"(?:是|为|系|作为|成为|列为)$")
ORDINAL_IN_NAME = re.compile(r"第[\d一二三四五六七八九十]+[个座家]|[\d一二三四五六七八九十两]+[个座家]")
ZONE_SIZE_AFTER = re.compile(r"[,，]?\s*(?:规划|总)?(?:面积|占地)[^，,。；;]{0,10}平方公里")
# `…长沙基地后续项目`, `…基地配套项目`: the facility frames a project named right after it.
FRAMES_PROJECT = re.compile(r"的?[\u4e00-\u9fff]{0,4}?(?:项目|工程)")


def _company_facility(t: str, o: Occurrence, shorts: frozenset[str]) -> bool:
    """A facility named by its company (`某某集团…产业基地`, `某某科技…再制造中心`, a brand the article names as a
    company elsewhere: `某某…工厂` beside `某某汽车公司`) is that company's plant, a project wherever the text
    names it; a park named by its places or its sectors (`临港…产业园`) stays a place until the text builds it.
    A zone's own name (`…工业园区`, `…开发区`), a zone's size after it, a description (`是…第二个基地`) are not."""
    name = o.name
    if ZONE_NAME.search(name) or ORDINAL_IN_NAME.search(name) or ZONE_SIZE_AFTER.match(t, o.end):
        return False
    if FRAMES_PROJECT.match(t, o.end):
        return False
    if DESCRIBED_AS.search(t, max(0, o.start - 2), o.start):
        return False
    owner = company_in(name, strict=True)
    if owner and LEGAL_SUFFIX.search(owner) and not _says_only_sector(LEGAL_SUFFIX.sub("", owner)):
        return True
    return _brand_in_article(t, name, shorts) is not None


def _recurring_leads(occs: list[Occurrence], places: frozenset[str]) -> list[str]:
    """Words that open two or more different project names of the article (`信义六期项目`, `信义江北光伏组件
    盖板项目`): the brand that builds them, where no other reading found a company. A lead is the name's
    first jieba words, two to four characters, and no place, sector, country or generic word; longest first."""
    heads: dict[str, set[str]] = {}
    for o in occs:
        words = _jieba_words(o.name)
        lead = ""
        for k, w in enumerate(words[:2]):
            lead += w
            if len(lead) > 4 or not HAN_WORD.fullmatch(lead):
                break
            if len(lead) >= 2 and len(o.name) > len(lead) + 2 and k + 1 < len(words):
                # what follows the lead tells the names apart (`信义|六期`, `信义|江北…`); one name written two
                # ways (`镁橄榄岩|全产业链一期项目`, `镁橄榄岩|全产业链一期和…`) is one project, not two
                heads.setdefault(lead, set()).add(words[k + 1])
    out = [
        w
        for w, names in heads.items()
        if len(names) >= 2
        and _brand_like(w)
        and not _says_only_sector(w)
        and not _is_division(w)
        and not _a_place(w, places)
        and not is_place_word(w)
        and not COUNTRY_PREFIX.match(w)
        and not PHASE_RE.search(w)
    ]
    return sorted(out, key=len, reverse=True)


def _list_company(t: str, o: Occurrence, s0: int, places: frozenset[str]) -> str | None:
    """A list item's company: the investor the text states right before it (`由X公司投资1亿元的A、…`), else the
    item's own first words (GUIDE: a company named as a project in a list), when they are no place, zone or
    sector (`广元年产5万吨…`: a city; `智慧物联科技新城`: a zone)."""
    for company in (_investor_stated(t, o.start, max(s0, o.start - 40)), o.company):
        company = _clean_company(company)
        if company and not _a_place(company, places):
            return company
    return None


# `宁德时代在兖州投资建设的…`, `正阳集团投资建设的…`: the investor named before the verb of investing.
INVESTOR_VERB = re.compile(
    r"([\u4e00-\u9fffA-Za-z]{2,12}?)(?:在[\u4e00-\u9fff]{2,10}?)?(?:共同|独资|计划)?"
    r"(?:投资建设|投资兴建|投资新建|投资)(?:了)?的?$"
)
INVESTOR_VERB_END = re.compile(r"投资(?:建设|兴建|新建)?了?的?$")  # how every match of INVESTOR_VERB ends


# _investor_before's patterns, compiled once (it is called many times per article)
LEAD_JOINERS = re.compile(r"与|和|及|同|、")


def _investor_before(t: str, start: int, floor: int) -> str | None:
    """The company before `投资建设的X` or `在…投资的X`, when it is a brand (coined, or with a company ending)."""
    if not INVESTOR_VERB_END.search(t, max(floor, start - 8), start):
        return None  # the verb ends right at the name, or the pattern cannot match
    m = INVESTOR_VERB.search(t, floor, start)
    if not m:
        return None
    begin = max(m.start(1), _left_edge(t, m.end(1), m.end(1)))  # `其中包括|三林集团投资的`
    lead = LEAD_JOINERS.split(t[begin : m.end(1)])[0]  # `A与B共同投资的`: the first named leads
    words = _jieba_words(lead)
    k = len(words)
    while k > 0 and wordbook.tags().get(words[k - 1]) != "ns":
        if len(words[k - 1]) >= 2 and _word_frequency(words[k - 1]) >= RARE_WORD:
            break  # the run of coined words at the end, single characters inside it (`鑫磊` + `达`)
        k -= 1
    while k < len(words) - 1 and len(words[k]) == 1:
        k += 1  # ... but not one it starts with (`强` + `普洛斯`)
    coined = "".join(words[k:])
    body = coined if len(coined) >= 2 else strip_leading_places(_strip_known_place(lead))
    owner = company_in(body + "项目", strict=True)
    if owner:
        return owner
    brand = coined if len(coined) >= 2 else _rare_leading_words(body + "x")
    if not brand or brand != body or not _brand_like(brand):
        return None
    verbs = [w for w in _jieba_words(brand) if len(w) >= 2 and wordbook.tags().get(w) in ADVERB_TAGS | VERB_TAGS]
    return None if verbs else brand  # `聚力打造…`: a verb is no investor


# A company's legal name may hold the place of its branch in brackets: `旭兴生物(盱眙)有限公司`.
COMPANY_CHARS = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9]|\([\u4e00-\u9fff]{2,6}\))+")
# A name ending in a zone word is a park, not a company (`龙湾工业园`, `智慧物联科技新城`), unless a legal
# ending follows it (`…工业园有限公司` is checked before this).
ZONE_NAMED = re.compile(r"(?:产业园区|工业园区|产业园|工业园|园区|开发区|高新区|经开区|新城|新区|小镇|示范区|集聚区)$")


# A company's legal ending, and the words of a line of business that close a legal name (`…投资有限公司`).
LEGAL_ENDING = re.compile(f"(?:{LEGAL_FRAGMENT.pattern})$")


@lru_cache(maxsize=65536)
def _clean_company(company: str | None) -> str | None:
    """No sector for a company (`光伏发电`, `石油化工`), and a brand before a place kept without it
    (`华谊钦州化工` → `华谊`)."""
    if company and company.startswith("与"):
        company = company[1:]  # `…管委会与埃克森美孚化工…`: the conjunction joins two parties
    elif company and _conjunction_opens(company):
        company = company[1:]  # `…签约和某淮某来EC6…`: 和 joins two events, the brand starts after it
    if not company or not COMPANY_CHARS.fullmatch(company) or company.endswith(JOINERS):
        return None
    if DETERMINER_RE.match(company) or LEGAL_FRAGMENT.fullmatch(company):
        return None  # `该公司`, `公司`: a pointer, not a name
    ending = LEGAL_ENDING.search(company)
    if ending and (ending.start() < 2 or _says_only_sector(company[: ending.start()])):
        return None  # `械有限公司`, `机械有限公司`: a name cut inside a legal name keeps its ending, not its firm
    if ZONE_NAMED.search(company) and not LEGAL_SUFFIX.search(company):
        return None
    if _says_only_sector(strip_leading_places(company)) and not _state_group_short(company):
        return None
    if LEGAL_SUFFIX.search(company):
        return company
    words = _jieba_words(company)
    for k in range(1, len(words)):
        head = "".join(words[:k])
        if (
            len(head) >= 2
            and len(words[k]) >= 2
            and is_place_word(words[k])
            and not any(is_place_word(w) for w in words[:k])
        ):
            return head
    return company


def _state_group_short(word: str) -> bool:
    """`中` and a sector word of two characters (`中石化` for 中国石化, `中石油`) is the short name a state group
    goes by: `中` before a sector says no size or rank. `中` before a descriptor (`中高端`) or a generic part,
    and an everyday word (`中药`), are descriptions."""
    rest = word[1:]
    if not word.startswith("中") or len(rest) != 2 or rest not in class_words() or rest.startswith(NOT_BRAND):
        return False
    return not (wordbook.tags().get(word) in COMMON_WORD_TAGS and _word_frequency(word) >= RARE_WORD)


def _conjunction_opens(company: str) -> bool:
    """`和`/`及` stands as a word of its own before a whole word of two characters or more (`和|江淮|…`): it
    joins what comes before to the name. A brand that starts with the character has it inside its first
    word, or before a single character (`和|润|集团`, `和|利时`), and keeps it."""
    words = _jieba_words(company)
    if len(words) < 2 or words[0] not in ("和", "及"):
        return False
    return len(words[1]) >= 2 and HAN_WORD.fullmatch(words[1]) is not None


# The words an article writes as a place: before a town's or an administrative zone's word (`盛泽镇`,
# `东宝区`, `颜店工业新城`, `东宝工业园区`). A company's park is named `…产业园`, so that word is not one.
PLACE_AFTER = re.compile(r"镇|乡|街道|县|区|工业新城|工业园区|经济开发区|经济技术开发区|开发区|高新区")
# `X项目由Y有限公司投资建设`: the investor named after the project (a builder, `承建`, is no investor). Of
# parties named together (`由A公司与B株式会社合资建设`) the first named leads, as in `A与B共同投资的X`: the
# partner is matched apart, so a legal name never reaches over the conjunction to the partner's ending.
INVESTOR_AFTER = re.compile(
    r"[”\"]?\s*[,，]?\s*(?:项目)?(?:是|系)?由\s*(?P<c>(?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,24}?"
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))"
    r"(?:(?:与|和|同)[^，,。；;、]{2,24}?)?"
    r"(?:全额|独家|独资|共同|单独|合资|合作|联合)?(?:投资建设|投资兴建|投资新建|出资建设|投资|开发建设|建设|兴建)"
)
# A short name the article gives a company (`山东时代新能源科技有限公司(简称:山东时代)`).
SHORT_NAME_DEFINED = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)\s*\((?:以下)?(?:简称|下称)[:：]?\s*[“\"]?"
    r"(?P<short>[\u4e00-\u9fffA-Za-z]{2,8})[”\"]?\)"
)
# The brand a name starts with, named elsewhere in the article with a company's ending (`吉利汽车…项目` and
# `浙江吉利控股集团`, `奕斯伟…项目` and `奕斯伟集团`): a few words of its line of business may stand between.
# what follows a brand where the article names its company (`吉利` + `控股集团`); matched after each
# occurrence of the brand rather than compiled with it, so no pattern is built per brand
BRAND_NAMED = re.compile(r"(?:\([\u4e00-\u9fff]{2,4}\))?[\u4e00-\u9fff]{0,4}?(?:控股集团|集团|控股|股份|有限公司|公司)")


def _article_places(t: str) -> frozenset[str]:
    """Words of two or three characters the article writes before a town's or a zone's word."""
    out = set()
    for m in PLACE_AFTER.finditer(t):
        for k in (2, 3):
            w = t[max(0, m.start() - k) : m.start()]
            if len(w) == k and HAN_WORD.fullmatch(w):
                out.add(w)
    return frozenset(out)


@lru_cache(maxsize=65536)
def _is_division(word: str) -> bool:
    """A county or a city named without its 市/县/区 (`桂林`, `东宝`)."""
    from .places import scan

    hits = scan(word)
    return len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(word)


def _a_place(company: str, places: frozenset[str]) -> bool:
    """A company read from a name that is a place: a county or city, a word the article writes as a
    town's or zone's (`盛泽镇` makes `盛泽` a place), or such a place before words of a sector
    (`颜店科技`). A legal name (`…有限公司`) is a company wherever it is."""
    if LEGAL_SUFFIX.search(company):
        return False
    if company in places or _is_division(company) or company in _known_place_set():
        return True
    lead = next((p for p in sorted(places, key=len, reverse=True) if company.startswith(p)), None)
    return bool(lead) and _says_only_sector(company[len(lead) :])


# The clause's subject, a legal name, that sets up or builds the name (`SRM公司将与福州共同设立X`,
# `香港某某集团在临桂某园的X`, `韩国某某电子公司3月22日宣布,其拟在中国大陆建设的X`): a company's ending
# names a firm, and the verb (or `在…的`) joins it to the very name, with no other party or item between.
SUBJECT_BUILDS = re.compile(
    r"(?P<c>(?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,20}?"
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))"
    r"(?P<pron>[^，,。；;、“”\"]{0,12}?[,，]其)?"
    r"(?:将|拟|已|计划|还|正式|将要)*"
    r"(?P<with>(?:与|和)[^，,。；;、]{2,12}?)?(?:共同|合资|独资)?"
    r"(?P<at>在[^，,。；;、的]{2,16}?)?"
    r"(?P<verb>投资建设|投资兴建|投资新建|出资建设|设立|建设|兴建|新建|投资|打造)?的?[“\"]?$"
)


def _subject_builds(t: str, start: int, floor: int) -> str | None:
    """The legal name whose clause builds the name at `start` (see SUBJECT_BUILDS): a verb, or `在…的`
    right before the name, ties them; a `其` after a comma points back to the subject of the first clause."""
    m = SUBJECT_BUILDS.search(t, floor, start)
    if not m or not (m.group("verb") or (m.group("at") and t[start - 1 : start] in '的“"')):
        return None
    if m.group("pron") and not m.group("verb"):
        return None  # `…公司宣布,其在…的`: the pronoun needs its verb
    if m.group("with") and LEGAL_SUFFIX.search(m.group("with")):
        return None  # `A公司与B公司共同…`: two parties, neither alone
    end = m.end("c")
    begin = max(m.start("c"), _left_edge(t, end, end))
    company = t[begin:end]
    return company if end - begin >= 2 and not DETERMINER_RE.match(company) else None


def _investor_after(t: str, end: int) -> str | None:
    """The company of `X项目由Y有限公司投资建设`: a legal name only."""
    m = INVESTOR_AFTER.match(t, end)
    return m.group("c") if m else None


# The sentence after a name states the investor of `该项目` (GUIDE: the investing company): `该项目由X公司(与Y)
# 合作建设`, `作为该项目的投资方，…X有限公司`. A legal name only; a lead-in (`据…显示，“`) may stand before it.
POINTER_INVESTOR = re.compile(
    r"[^。；;]{0,30}?(?:该|此|这个|这一)(?:项目|基地)(?:是|系)?由\s*"
    r"(?P<c>(?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,24}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))"
    r"(?:(?:与|和|同)[^，,。；;]{2,24}?)?(?:合作|共同|全额|独资|联合)?"
    r"(?:投资建设|投资兴建|投资新建|出资建设|投资|开发建设|建设|兴建)"
    r"|[^。；;]{0,12}?作为(?:该|此)项目的?(?:投资方|投资主体|建设主体)[,，]?[^，,。；;]{0,16}?"
    r"(?P<d>(?:[\u4e00-\u9fffA-Za-z]|\([\u4e00-\u9fff]{2,6}\)){2,24}?(?:股份有限公司|有限责任公司|有限公司|集团公司))"
)


def _named_within(starts: list[int], lo: int, hi: int) -> bool:
    """A name starts in [lo, hi) (`starts`: the article's name starts, sorted)."""
    k = bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi


# `19日，X位于某新片区的A、B开工`: the clause's subject, then `位于…的` and the names.
SUBJECT_LOCATED = re.compile(
    r"(?:^|[，,。；;:：\s]|日|讯)(?P<c>[\u4e00-\u9fffA-Za-z]{2,8}?)位于[^，,。；;的]{2,24}?的"
    r"(?:[^，,。；;、的]{2,30}?(?:项目|基地|工程)、)*[“\"]?$"
)


# _subject_located's patterns, compiled once (it is called many times per article)
POINTER_CHAR = re.compile(r"[我你他她其本该此这那]")


def _subject_located(t: str, o: Occurrence, s0: int) -> str | None:
    """The brand that opens the clause `X位于…的` before the name, or before the first of the names listed
    with it by `、` (`X位于…的A项目、B项目`): not a place, a pronoun or a sector."""
    start = o.start
    m = SUBJECT_LOCATED.search(t, max(s0, start - 80), start)
    if not m:
        return None
    company = m.group("c")
    if POINTER_CHAR.match(company) or _is_division(company) or is_place_word(company):
        return None
    if not _brand_like(company) or _says_only_sector(company) or PLACE_AFTER.search(company):
        return None
    return company


def _investor_pointed(t: str, o: Occurrence, starts: list[int], sentences: list[tuple[int, int]]) -> str | None:
    """The investor the next sentence states for `该项目`, when `o` is the last name of its sentence (the one
    the pointer stands for)."""
    si = sentence_index(sentences, o.start)
    if si + 1 >= len(sentences):
        return None
    s_end = sentences[si][1]
    if _named_within(starts, o.start + 1, s_end):
        return None  # another name follows in the sentence: the pointer is that one's
    n_start, n_end = sentences[si + 1]
    if _named_within(starts, n_start, n_end):
        return None  # the next sentence names a project of its own
    m = POINTER_INVESTOR.match(t[:n_end], n_start)
    if not m:
        return None
    end = m.end("c") if m.group("c") else m.end("d")
    begin = max(m.start("c") if m.group("c") else m.start("d"), _left_edge(t, end, end))
    company = _past_role(t[begin:end])
    return company if len(company) >= 4 and not DETERMINER_RE.match(company) else None


# _past_role's patterns, compiled once (it is called many times per article)
COMPANY_WORD_SPLIT = re.compile(r"企业|单位|厂商|龙头|的")


def _past_role(company: str) -> str:
    """A legal name without the role the text gives its firm before it (`本地骨干企业X有限公司`, `行业头部企业X
    股份有限公司`): what follows the last role word, when a firm's name is left."""
    rest = COMPANY_WORD_SPLIT.split(company)[-1]
    return rest if LEGAL_SUFFIX.search(rest) and len(LEGAL_SUFFIX.sub("", rest)) >= 2 else company


def _defined_short_names(t: str) -> frozenset[str]:
    """The short names an article defines for companies (`…有限公司(简称:山东时代)`)."""
    return frozenset(m.group("short") for m in SHORT_NAME_DEFINED.finditer(t))


def _brand_in_article(t: str, name: str, shorts: frozenset[str]) -> str | None:
    """The company a name starts with by the article's own word: a short name it defines
    (`(简称:山东时代)`), else a brand it names with a company's ending elsewhere (`吉利…控股集团`). The
    brand is the name's first words, two to four characters, and no place or sector word."""
    for short in sorted(shorts, key=len, reverse=True):
        if name.startswith(short) and len(name) > len(short) + 1 and _brand_like(short) and not _is_division(short):
            return short
    unplaced = _strip_known_place(NAME_PLACE_PREFIX.sub("", name) or name)
    own = t.find(name)
    # the body with jieba's leading place words dropped, else as written: jieba tags some brands as places
    # (`吉利`, `中联`), and only the article's own `吉利控股集团` tells the brand from the place
    for body in dict.fromkeys((strip_leading_places(unplaced), unplaced)):
        found = _lead_named_as_company(t, body, own)
        if found:
            return found
    return None


def _lead_named_as_company(t: str, body: str, own: int) -> str | None:
    """The longest of a body's first words (two to four characters, no place or sector word) that `t`
    names with a company's ending elsewhere than at `own`, the name's own place."""
    words = _jieba_words(body)
    lead = ""
    found = None
    for w in words[:3]:
        lead += w
        if len(lead) > 4 or not HAN_WORD.fullmatch(lead):
            break
        if len(lead) < 2 or len(body) <= len(lead) + 1:
            continue
        if not _brand_like(lead) or _says_only_sector(lead) or _is_division(lead) or COUNTRY_PREFIX.fullmatch(lead):
            continue
        # elsewhere than in the name itself: the name's own `…公司` is company_in's reading
        if any(i != own and _starts_a_name(t, i) for i in _brand_named_at(t, lead)):
            found = lead
    return found


def _brand_named_at(t: str, brand: str) -> Iterator[int]:
    """Where `t` names `brand` as a company (`吉利控股集团`), left to right without overlaps."""
    i = t.find(brand)
    while i >= 0:
        m = BRAND_NAMED.match(t, i + len(brand))
        if m:
            yield i
        i = t.find(brand, m.end() if m else i + 1)


# _starts_a_name's patterns, compiled once (it is called many times per article)
HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
DIVISION_END = re.compile(r"[省市县区]$")


def _starts_a_name(t: str, i: int) -> bool:
    """A company's name may start at `i`: after no Han character, a function word or a place
    (`浙江吉利…`), not inside a longer name (`四川宏达钼铜有限公司` has no company `钼铜`)."""
    if i == 0 or not HAN_CHAR.match(t[i - 1]) or t[i - 1] in "是的与和由及同为在将、":
        return True
    before = t[max(0, i - 3) : i]
    return bool(DIVISION_END.search(before)) or any(
        is_place_word(before[k:]) or _is_division(before[k:]) for k in range(len(before) - 1)
    )


# An institution's word, not a firm's (`中科院`, `瑞金医院`, `公安局`, `理工学院`).
INSTITUTION_END = re.compile(r"(?:院|局|大学|学院|学校|所|委|会|部|厅|站|馆|中心|办|处|署)$")


def _organisation_leads(name: str) -> str | None:
    """The organisation a name starts with by jieba's dictionary (`中国电信…`, `中兴通讯…`: tag `nt`), a
    firm's word of four characters or more; not an institution, a sector, or a place before a sector
    (`北京航天`; the state's firms are named `中国…`)."""
    body = strip_leading_places(_strip_known_place(NAME_PLACE_PREFIX.sub("", name) or name))
    words = _jieba_words(body)
    if len(words) < 2 or wordbook.tags().get(words[0]) != "nt":
        return None
    word = words[0]
    if len(word) < 4 or INSTITUTION_END.search(word) or _says_only_sector(word):
        return None
    lead = next((k for k in (2, 3) if is_place_word(word[:k]) or _is_division(word[:k])), None)
    if lead and word[:lead] != "中国":
        return None
    return word


def _company_of(
    t: str, o: Occurrence, s0: int, places: frozenset[str], shorts: frozenset[str], brands: dict[str, str | None]
) -> str | None:
    """The investing company of a name, from the strongest reading to the weakest: a legal name the name
    starts with; the article's own brand the name starts with; a company ending in the name; the company
    named before the name or after it (`…由Y公司投资建设`); a brand guessed from the name's shape. A reading
    that is a place or a fragment gives way to the next one."""
    strict = company_in(o.name, strict=True)
    readings = (
        lambda: strict if strict and LEGAL_SUFFIX.search(strict) else None,
        lambda: _investor_stated(t, o.start, max(s0, o.start - 40)),
        lambda: brands[o.name] if o.name in brands else brands.setdefault(o.name, _brand_in_article(t, o.name, shorts)),
        lambda: strict,
        lambda: o.company,
        lambda: _company_before(t, o.start, max(s0, o.start - 30)),
        lambda: _investor_before(t, o.start, max(s0, o.start - 40)),
        lambda: _investor_after(t, o.end),
        lambda: _clean_company(company_in(o.name)),
        lambda: _organisation_leads(o.name),
        lambda: _subject_builds(t, o.start, max(s0, o.start - 50)),
    )
    for read in readings:
        company = _clean_company(read())
        if company and not _a_place(company, places):
            return company
    return None


# _component's patterns, compiled once (it is called many times per article)
PARTS_BUILT = re.compile(r"主要建设|建设内容")


def _component(t: str, o: Occurrence, sentences: list[tuple[int, int]]) -> bool:
    """A name after `主要建设`/`建设内容` in its sentence is a part of the project the sentence is about."""
    s_start = sentences[sentence_index(sentences, o.start)][0]
    return bool(PARTS_BUILT.search(t[s_start : o.start]))


# A clause that says what a project builds (`…项目，总投资3000万元，建设X基地`, `一期建设A、B、C项目`).
BUILDS_CLAUSE = re.compile(r"(?:[一二三四五首]期(?:工程|项目)?)?(?:主要|将|计划|拟)?(?:配套建设|建设|新建|包括)")


def _builds_part(t: str, o: Occurrence, occs: list[Occurrence], sentences: list[tuple[int, int]]) -> bool:
    """A name in a clause that opens with `建设`/`新建`/`一期建设`, after a project named earlier in the same
    sentence, is what that project builds (its plant, its lines): part of it, not a project of its own."""
    if OWN_UNIT.search(o.name):
        return False  # an institute or a headquarters it builds besides its plant is named as a project of its own
    s_start = sentences[sentence_index(sentences, o.start)][0]
    first = o.list_start if o.list_start is not None else o.start
    clause = clause_start(t, first, s_start)
    if clause <= s_start or not BUILDS_CLAUSE.match(t, clause):
        return False
    if PROJECT_OPENS.match(t, s_start, clause) or PHASED.search(t, s_start, clause):
        return True  # `项目分二期建设，一期…，建设年产30GWh…项目`: the sentence speaks of a project already
    return any(x is not o and s_start <= x.start and x.end <= clause and x.kind == "head" for x in occs)


OWN_UNIT = re.compile(r"(?:研究院|实验室|研发中心|总部|总部基地)(?:项目)?$")
PROJECT_OPENS = re.compile(r"(?:该|本|此|整个)?项目|[一二三四五首]期")  # a sentence about the project before
PHASED = re.compile(r"分[两二三四]期")


PHASE_LEAD = re.compile(r"[一二三四五首]期(?!工程$|项目$)")


def group_names(
    occs: list[Occurrence], t: str | None = None, sentences: list[tuple[int, int]] | None = None
) -> list[list[Occurrence]]:
    """Occurrences of the same project within one article, grouped; sets each occurrence's group. With the
    article's text, a name that says only its company joins that company's one project (see below)."""
    groups: list[list[Occurrence]] = []
    for o in occs:
        phase = o.phase or PHASE_LEAD.match(o.name) and not o.company
        if groups and t is not None and sentences and not phase:
            phase = _introduced_as_phase(t, o, sentences)
        if groups and phase:
            # `二期为…项目`, `一期工业气体岛项目`: a phase of the project named before it (GUIDE: one entry);
            # of the whole a `分两期` statement names, when one stands just before
            whole = _phased_whole(t, sentences, groups, o) if t is not None and sentences else None
            if whole is None:
                whole = max((x for g in groups for x in g), key=lambda x: x.start).group
            groups[whole].append(o)
            o.group = whole
            continue
        if groups and t is not None and (said := _said_of(t, o, groups)) is not None:
            groups[said].append(o)  # `甲项目是乙公司拟募投项目`: the copula's complement describes the subject
            o.group, o.described = said, True
            continue
        if groups and not o.company and (whole := _whole_of_phase_name(o, groups)) is not None:
            groups[whole].append(o)  # `成都晶圆厂一期项目` after `位于成都的某某公司晶圆厂项目`
            o.group = whole
            continue
        here = _places_in(core_name(o.name))
        for gi, g in enumerate(groups):
            if here and any(_places_conflict(here, _places_in(core_name(x.name))) for x in g):
                continue  # `…西安基地` never joins a group that holds `…长沙基地`, through a third name or not
            if here and t is not None and sentences and _placed_apart_by_sentence(t, sentences, here, g):
                continue
            if any(same_project(o, x, o.company, x.company) and not _plant_beside_base(o, x) for x in g):
                g.append(o)
                o.group = gi
                break
        else:
            o.group = len(groups)
            groups.append([o])
    groups = _join_capacity_parts(groups)
    if t is not None and sentences:
        groups = _join_company_pointers(t, sentences, groups)
    return groups


# A copula right between two names (`甲项目是乙…项目`, `甲项目作为乙…项目`): the second says what the first is.
COPULA_GAP = re.compile(r"\s*(?:是|系|作为|即)\s*")


def _said_of(t: str, o: Occurrence, groups: list[list[Occurrence]]) -> int | None:
    """The group of the name that `o` is said of by a copula with nothing else between (`A项目是B项目`): a
    predicate noun names the subject again, it is no second project."""
    subject = max((x for g in groups for x in g), key=lambda x: x.end)
    if subject.end > o.start or not COPULA_GAP.fullmatch(t, subject.end, o.start):
        return None
    return subject.group


def _placed_apart_by_sentence(
    t: str, sentences: list[tuple[int, int]], here: frozenset[str], group: list[Occurrence]
) -> bool:
    """Whether a name that says where it is (`华岳长沙工厂项目`) names another place than the sentence of a
    group whose names say none (`临江县…签约华岳新能源汽车项目`): the unplaced project is where its sentence
    puts it, so the two are two sites of one company, not one project said twice."""
    if any(_places_in(core_name(x.name)) for x in group):
        return False
    spans = {next(((a, b) for a, b in sentences if a <= x.start < b), None) for x in group}
    stated = frozenset().union(*(_places_in(t[a:b]) for a, b in filter(None, spans)))
    # apart only when no place of the name is one the sentence states (`湛江` is in `湛江市`)
    return bool(stated) and not any(p in q or q in p for p in here for q in stated)


# What a name's facility is: a plant (`…超级工厂`, `…生产线`) or a base that holds plants (`…生产基地`, `…产业园`).
PLANT_END = re.compile(r"(?:工厂|厂|车间|生产线)$")
BASE_END = re.compile(r"(?:基地|产业园|工业园|园区|产业城)$")


def _plant_beside_base(a: Occurrence, b: Occurrence) -> bool:
    """Whether one name is a plant and the other a base, neither name holding the other (`某某60吉瓦时电池
    超级工厂` and `某某电池生产基地`): a base holds plants, so the two are a part and its whole, or two sites,
    never one project said twice (GUIDE: a part beside its whole keeps its own figure)."""
    ca, cb = core_name(a.name), core_name(b.name)
    if ca in cb or cb in ca:
        return False
    return bool((PLANT_END.search(ca) and BASE_END.search(cb)) or (BASE_END.search(ca) and PLANT_END.search(cb)))


# `一期项目是以…为主的A项目`, `二期项目为B项目和C项目`: the names a phase statement introduces, in its clause.
PHASE_INTRODUCES = re.compile(r"[一二三四五首]期(?:项目|工程)?(?:是|为)[^，,。；;：:！？!?\n]{0,40}$")
# `华谊钦州基地分两期实施`, `该项目共分为三期`: the whole a run of phases belongs to.
PHASED = re.compile(r"(?:共|将)?分(?:为)?(?:两|二|三|四|五|[2-5])期")
PHASED_REACH = 3  # sentences a phase may stand after the statement that the project is phased


def _introduced_as_phase(t: str, o: Occurrence, sentences: list[tuple[int, int]]) -> bool:
    """Whether a name stands in a phase statement's clause (`二期项目为A项目和B项目`), as its object."""
    s_start = sentences[sentence_index(sentences, o.start)][0]
    return PHASE_INTRODUCES.search(t, clause_start(t, o.start, s_start), o.start) is not None


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters two strings share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


# _phased_whole's patterns, compiled once (it is called many times per article)
NOT_NAME_CHARS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
SUBJECT_FILLERS = re.compile(r"项目|工程|基地|根据|计划|按照|目前|规划")


def _phased_whole(
    t: str, sentences: list[tuple[int, int]], groups: list[list[Occurrence]], o: Occurrence
) -> int | None:
    """The group a phase belongs to when a statement just before says a project is built in phases: the
    project that statement's sentence names first, else the one whose name shares most with the words before
    `分N期` (`根据计划，华谊钦州基地分两期实施` → `华谊钦州化工新材料一体化基地`); None when no statement, or
    no one group stands out (the phase then joins the project named last)."""
    si = sentence_index(sentences, o.start)
    lo = sentences[max(0, si - PHASED_REACH)][0]
    stated = [m for m in PHASED.finditer(t, lo, o.start)]
    if not stated:
        return None
    m = stated[-1]
    sj = sentence_index(sentences, m.start())
    s_start = sentences[sj][0]
    named = [x for g in groups for x in g if s_start <= x.start < m.start()]
    if named:
        return min(named, key=lambda x: x.start).group
    subject = NOT_NAME_CHARS.sub("", t[s_start : m.start()])
    subject = SUBJECT_FILLERS.sub("", subject)
    if len(subject) < 2:
        return None
    runs = [max(_common_run(subject, fold(x.name + (x.company or ""))) for x in g) for g in groups]
    best = max(runs)
    if best < 2 or runs.count(best) > 1:
        return None
    return runs.index(best)


def _whole_of_phase_name(o: Occurrence, groups: list[list[Occurrence]]) -> int | None:
    """The group whose name holds all a phase's name says beyond its places (`成都晶圆厂一期项目`: `晶圆厂` in
    `某某公司晶圆厂项目`): a phase of that project. Only when exactly one group holds it."""
    if not PHASE_RE.search(o.name):
        return None
    rest = core_name(o.name)
    for place in sorted(_places_in(rest), key=len, reverse=True):
        rest = rest.replace(place, "")
    if len(rest) < 2:
        return None
    holders = {x.group for g in groups for x in g if not PHASE_RE.search(x.name) and rest in core_name(x.name)}
    return holders.pop() if len(holders) == 1 else None


# What a name may hold beyond its company and places and still say no more than "that company's project":
# a plant word (`吉利控股集团长兴工厂项目`), a legal ending (`某某半导体有限公司一期项目`), nothing at all.
COMPANY_ONLY_REST = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|控股|公司|工厂|厂区|厂|基地|项目|工程)*"
)


# _company_only's patterns, compiled once (it is called many times per article)
BRACKETS = re.compile(r"[()（）]")


def _company_only(o: Occurrence) -> bool:
    """Whether a name says nothing beyond its company, a place and a plant word: `XX控股集团长兴工厂项目`,
    `XX(中国)半导体有限公司一期项目`. Such a name tells no project apart; it points at the company's project."""
    if not o.company:
        return False
    core = core_name(o.name)
    forms = {fold(o.company), BRACKETS.sub("", fold(o.company)), company_key(o.company)}
    for form in sorted((f for f in forms if f), key=len, reverse=True):
        core = core.replace(form, "")
    for place in sorted(_places_in(core), key=len, reverse=True):
        core = core.replace(place, "")
    return COMPANY_ONLY_REST.fullmatch(core) is not None


def _same_company(a: str | None, b: str | None) -> bool:
    ka, kb = company_key(a), company_key(b)
    return len(ka) >= 2 and len(kb) >= 2 and (ka in kb or kb in ka)


def _join_company_pointers(
    t: str, sentences: list[tuple[int, int]], groups: list[list[Occurrence]]
) -> list[list[Occurrence]]:
    """A project named by its company alone (`此次吉利控股集团长兴工厂项目的建立`) is the one project of that
    company the article names otherwise (`《吉利新能源汽车项目》签约仪式`): heading and body, a signed name
    and the company's own, are one project. Joined only when exactly one other group has that company, and
    when every place the pointer names stands in that group's first sentence (`长兴县人民政府与…签约`): a
    company's plant elsewhere (`…西安工厂项目`) stays apart."""
    if len(groups) < 2:
        return groups
    merged: dict[int, int] = {}
    pointers = {gi for gi, g in enumerate(groups) if all(_company_only(o) for o in g)}
    for gi in pointers:
        g = groups[gi]
        fits = [
            hi
            for hi, h in enumerate(groups)
            if hi != gi and hi not in pointers and any(_same_company(o.company, x.company) for o in g for x in h)
        ]
        if len(fits) != 1:
            continue
        h = groups[fits[0]]
        first = min(h, key=lambda x: x.start)
        s_start, s_end = sentences[sentence_index(sentences, first.start)]
        own = {p for x in h for p in _places_in(core_name(x.name))}
        places = {p for o in g for p in _places_in(core_name(o.name)) if p not in company_key(o.company)}
        if all(p in own or p in t[s_start:s_end] for p in places):
            merged[gi] = fits[0]
    return _merged(groups, merged)


def _merged(groups: list[list[Occurrence]], merged: dict[int, int]) -> list[list[Occurrence]]:
    """`groups` with each group `gi` of `merged` moved into group `merged[gi]` (or where that one moves), in
    text order, each occurrence's group renumbered; no occurrence is lost."""
    if not merged:
        return groups
    kept = [gi for gi in range(len(groups)) if gi not in merged]
    index = {gi: k for k, gi in enumerate(kept)}
    out: list[list[Occurrence]] = [list(groups[gi]) for gi in kept]
    for gi, hi in merged.items():
        seen = {gi}
        while hi in merged and hi not in seen:
            seen.add(hi)
            hi = merged[hi]
        if hi in index:
            out[index[hi]].extend(groups[gi])
        else:  # a cycle of moves: the group stays a group of its own
            index[gi] = len(out)
            out.append(list(groups[gi]))
    for k, g in enumerate(out):
        g.sort(key=lambda o: o.start)
        for o in g:
            o.group = k
    return out


CAPACITY_NAME = re.compile(
    r"^(?:年产|年处理|年加工|年)?[\d.]+\s*(?:万|亿)?\s*(?:吨|千瓦|兆瓦|GWh|GW|MW|辆|台|套|片|平方米)(?:/年)?"
)


def _join_capacity_parts(groups: list[list[Occurrence]]) -> list[list[Occurrence]]:
    """A project said by its capacity alone (`年产60GWh动力及储能电池生产制造基地`), with no company of its
    own, is the project that a company's name in the same article says makes that very thing
    (`宁德时代贵州新能源动力及储能电池生产制造基地`): a capacity describes a plant, the company names it.
    Joined only where exactly one company's group fits, so two plants of one article stay apart."""
    if len(groups) < 2:
        return groups
    merged: dict[int, int] = {}
    for gi, g in enumerate(groups):
        if any(o.company for o in g):
            continue
        rests = [core_name(o.name)[m.end() :] for o in g if (m := CAPACITY_NAME.match(core_name(o.name)))]
        if len(rests) != len(g) or any(len(r) < 4 for r in rests):
            continue
        fits = {
            hi
            for hi, h in enumerate(groups)
            if hi != gi
            and any(x.company for x in h)
            and all(any(_in_order(r, core_name(x.name)) for x in h) for r in rests)
        }
        if len(fits) == 1:
            merged[gi] = fits.pop()
    return _merged(groups, merged)


# ---------------------------------------------------------------- is it one project? a scored decision

RULES = Path(__file__).resolve().parent / "rules"


@lru_cache(maxsize=1)
def class_words() -> frozenset[str]:
    """Sector, product-class and role words (`rules/sector_words.tsv`) beside lexicon's generic parts."""
    return frozenset(
        line.split("\t")[0]
        for line in (RULES / "sector_words.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ) | frozenset(SECTOR_WORDS)


@lru_cache(maxsize=1)
def name_weights() -> dict[str, float]:
    """The decision's weights, keyed by feature name (`rules/name_weights.tsv`; `bias` among them)."""
    weights = {}
    for line in (RULES / "name_weights.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("\t")[:2]
            weights[key] = float(value)
    return weights


CAPACITY_RE = re.compile(
    r"(?:年产|年加工|年处理|日产|日处理|年出栏|年存栏|年吞吐|年屠宰|年生产)|"
    r"\d[\d.]*\s*(?:万|千|百|亿)?\s*(?:吨|千瓦时|千瓦|兆瓦|MW|GW|GWh|MWh|KW|kW|锭|台套|台|套|辆|片|头|只|条|件|平方米|立方米|吨/日|t)"
)
TIME_EVENT_RE = re.compile(
    r"(?:19|20)\d{2}|[一二三四第]\s*季度|上半年|下半年|第[一二三四五六七八九十\d]+(?:批|轮|次|届|季)|"
    r"[十]+[一二三四五]五|活动周|[周会节]签约|博览会|洽谈会|推介会|年度"
)
DETERMINER_RE = re.compile(
    r"^(?:各|该|此|本|这|那|哪些|哪|其他|其它|所有|全部|部分|一些|更多|多处|多个|数[十百千万]|上述|以上|相关|一批|若干|众多|等)"
)
# Tags of a first word that opens a predicate, not a name: verbs, adverbs, prepositions, pronouns, conjunctions.
# (a verb only in a short name: `展示运营中心` is a facility, `全力抓` a predicate).
ADVERB_TAGS = {"d", "ad", "p", "r", "c", "u", "ul", "uj"}
VERB_TAGS = {"v", "vd"}
PREDICATE_TAGS = frozenset(VERB_TAGS | ADVERB_TAGS)  # a common word of these opens a predicate before a name
PROPER_TAGS = {"nr", "nrt", "nrfg", "nz", "nt"}
PHRASE_TAGS = {
    "l",
    "i",
    "vn",
}  # jieba's tags of set phrases, idioms and verbal nouns (a verb can be a brand: 如意, 联想)
POINTERS = re.compile(r"整个|全部|所有|这些|该|此|本|其")
HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
NOT_LETTERS = re.compile(r"[\d.\-+&]")
COUNTED_IN_NAME = re.compile(
    r"(?:\d+|[两三四五六七八九十几数百千万]+)\s*(?:个|项|批)|[两三四五六七八九十]大|众多|诸多|大批"
)
LATIN_RE = re.compile(r"[A-Za-z]{2,}|[A-Za-z]\d|\d[A-Za-z]")  # a brand (TCL) or a model (4W型, T8)


@dataclass(frozen=True)
class Verdict:
    """The decision on one candidate name: its score and the terms that made it, largest first."""

    score: float
    terms: tuple[tuple[str, float], ...]

    @property
    def keep(self) -> bool:
        return self.score >= 0

    def why(self, n: int = 3) -> str:
        """`+2.0 rare_token; -1.5 generic_share` — for evidence and debugging."""
        return "; ".join(f"{w:+.1f} {k}" for k, w in self.terms[:n])


# _name_core's patterns, compiled once (it is called many times per article)
NAME_CORE_MARKS = re.compile(r"[“”\"《》()·\s]")
LEADING_PHASES = re.compile(r"^(?:[一二三四五首]期(?:项目)?)+")
TRAILING_PHASE_HEAD = re.compile(r"(?:[一二三四五首]期|扩建|技改|迁建|建设|生产)*(?:项目|工程)?(?:[一二三四五首]期)?$")


def _name_core(name: str) -> str:
    """The words of a name that could tell it apart: no head, phase, quotes or leading zone words."""
    s = NAME_CORE_MARKS.sub("", name)
    s = LEADING_PHASES.sub("", s)
    s = TRAILING_PHASE_HEAD.sub("", s) or s
    for head in HEADS:  # a facility head (`…产业园`), unless too little would be left (`展示运营中心`)
        if s.endswith(head) and len(s) >= len(head) + 3:
            s = s[: -len(head)]
            break
    return NAME_PLACE_PREFIX.sub("", s) or s


def _core_words(name: str, core: str) -> list[str]:
    """jieba's words of a name's core, sliced from the words `company_in` already cut (one cut fewer per
    candidate); a word that crosses the core's edge is cut there."""
    body = _strip_known_place(NAME_PLACE_PREFIX.sub("", name) or name)
    at = body.find(core)
    if at < 0:
        return list(_jieba_words(core))
    out, pos = [], 0
    for w in _jieba_words(body):
        lo, hi = max(pos, at), min(pos + len(w), at + len(core))
        if lo < hi:
            out.append(body[lo:hi])
        pos += len(w)
    return out


# _leading_place's patterns, compiled once (it is called many times per article)
LEADING_MARKS = re.compile(r"^[“”\"《》()·\s]+")


def _leading_place(name: str) -> bool:
    m = NAME_PLACE_PREFIX.match(LEADING_MARKS.sub("", name))
    return bool(m and m.end())


# name_features's patterns, compiled once (it is called many times per article)
FIGURE_IN_BRAND = re.compile(r"\d|[千百万亿数]")
FACILITY_TAIL = re.compile(r"(?:[一二三四五首]期)?(?:建设)?(?:项目|工程)?$")


@lru_cache(maxsize=65536)
def name_features(
    name: str,
    company: str | None = None,
    counted: bool = False,
    built: bool = False,
    listed: bool = False,
    coordinated: bool = False,
) -> dict[str, float]:
    """Named features of a candidate name (folded text) that tell one project from a generic phrase.

    Specificity: a rare or proper-noun word outside the sector/role vocabulary, Latin letters, a capacity,
    a company's ending or a company named beside it. Genericness: the share of the name's characters in
    sector, role and generic words; a counted head; a determiner or a predicate's word first; a time or an
    event. All are in [0, 1] so that weights compare.
    """
    core = _name_core(name)
    words = [w for w in _core_words(name, core) if w.strip()] if core else []
    cls = class_words()
    covered = _class_cover(core)  # class words found in the characters, whatever jieba's cut (`大体|量`)
    generic_chars = 0
    rarest = 0.0
    proper = 0.0
    places = 1 if _leading_place(name) else 0
    at = 0
    for w in words:
        at = core.find(w, at) + len(w)
        plain = NOT_LETTERS.sub("", w)
        tag = wordbook.tags().get(w)
        if (
            not plain
            or w in cls
            or all(covered[at - len(w) : at])
            or w in _cover_words()[0]
            or TIME_EVENT_RE.search(w)
            or tag == "m"
            or (_verb_made(w) and not company_in(name, strict=True))
        ):
            generic_chars += len(w)
            continue
        if PLACE_PART.fullmatch(w) or is_place_word(w) or w in _known_place_set() or _division_word(w):
            places += 1
            continue
        if len(w) < 2 or not HAN_WORD.fullmatch(w):
            continue
        freq = _word_frequency(w)
        if tag in PROPER_TAGS:
            proper = 1.0
        rarity = 1.0 - min(1.0, math.log10(freq + 1) / 4.0)  # 0 at 10,000 uses, 1 for an unknown word
        if tag == "n" and freq >= RARE_WORD:
            rarity *= 0.5  # a common noun says what, not which
        if tag in PHRASE_TAGS and freq:
            rarity *= (
                0.3  # a set phrase or a verb jieba lists (`优先选择`, `一致同意`, `旗舰型`): rare by length, no brand
            )
        elif freq and _common_compound(w):
            rarity *= 0.3  # `资源优势`: two common words jieba lists together, rare by length, no brand
        rarest = max(rarest, rarity)
    first = words[0] if words else ""
    first_tag = wordbook.tags().get(first)
    owner = company_in(name, strict=True)
    if owner and _says_only_sector(LEGAL_SUFFIX.sub("", NAME_PLACE_PREFIX.sub("", owner)) or owner):
        owner = None  # `清洁能源`, `精细化工`: a sector that ends like a company
    brand = None if owner else company_in(name)
    if brand and (_says_only_sector(brand) or TIME_EVENT_RE.search(brand) or FIGURE_IN_BRAND.search(brand)):
        brand = None  # `光伏项目`, `第四季度项目`, `千亿元芯片项目`: no brand
    if brand and (wordbook.tags().get(brand) in PHRASE_TAGS or _common_compound(brand)):
        brand = None  # `优先选择…`, `专业人才…`: a set phrase or a compound of everyday words, rare but no brand
    facility = FACILITY_TAIL.sub("", name).endswith(FACILITY_HEADS)
    # a phase (`一期储能电池项目`) is specific by the project named before it
    specific = rarest >= 0.5 or proper or owner or brand or company or places or LATIN_RE.search(core)
    specific = specific or bool(PHASE_LEAD.match(name))
    zone = ZONE_NAME.search(name)
    # an administrative zone's build-out named by a county jieba does not know (`某某子工业区建设项目`) stays a
    # candidate: the aggregate step keeps it, with its figures, as the sum over the zone's projects
    divisions = zone is not None and not ADMIN_ZONE.match(zone.group())
    zone_only = bool(zone) and not LATIN_RE.search(core) and _only_places(name[: zone.start()], divisions)
    return {
        "zone_only": 1.0 if zone_only else 0.0,
        "nothing_specific": 1.0 if not specific and not facility and not CAPACITY_RE.search(core) else 0.0,
        "rare_token": rarest,
        "proper_noun": proper,
        "latin": 1.0 if LATIN_RE.search(core) and not CAPACITY_RE.search(core) else 0.0,
        "capacity": 1.0 if CAPACITY_RE.search(core) else 0.0,
        "company_suffix": 1.0 if owner else 0.0,
        "company_beside": 1.0 if company and not owner else 0.0,
        "brand_guess": 1.0 if brand else 0.0,
        "place": 1.0 if places else 0.0,
        "place_facility": 1.0 if places and not name.endswith(("项目", "工程")) else 0.0,
        "built_here": 1.0 if built else 0.0,
        "list_item": 1.0 if listed else 0.0,
        "coordinated": 1.0 if coordinated else 0.0,
        "long_description": 1.0 if sum(len(w) >= 2 for w in words) >= 3 or len(core) >= 7 else 0.0,
        "generic_share": generic_chars / max(1, len(core)),
        "short_core": 1.0 if len(core) <= 2 else 0.0,
        "counted": 1.0 if counted or COUNTED_IN_NAME.search(name) else 0.0,
        "determiner_first": 1.0 if DETERMINER_RE.match(core) or JOINED_DETERMINER.search(core) else 0.0,
        "predicate_first": 1.0
        if first not in cls
        and (first_tag in ADVERB_TAGS or (first_tag in VERB_TAGS and len(core) <= 4) or _verb_made(first))
        and not _modifies_noun(words, first_tag)
        else 0.0,
        "time_event": 1.0 if TIME_EVENT_RE.search(core) else 0.0,
        "verb_before_head": 1.0 if _predicate_tail(words, core) else 0.0,
    }


# A determiner after a joiner (`鞋帽及相关配套产品…`, `A和其他B…`): "A and related B" names a class of products,
# as a determiner first does.
JOINED_DETERMINER = re.compile(r"[及和与](?:相关|其他|其它|各类|各种)")


def _modifies_noun(words: list[str], first_tag: str | None) -> bool:
    """An adverb to jieba that stands before a noun (`高速|动车组`, `全新|材料`) qualifies the noun, as an
    adjective does: no predicate opens the name (an adverb of a predicate stands before its verb: `全力|抓`)."""
    if first_tag not in ("d", "ad") or len(words) < 2:
        return False
    return (wordbook.tags().get(words[1]) or "").startswith("n")


# A zone's own name (`兖州工业园区`, `盱眙经济开发区项目`): where projects are, not one of them. An
# industrial park named for what it holds (`台湾工业园`, `…产业园`) is not matched: 区 ends the zone word.
ZONE_NAME = re.compile(
    r"(?:工业园区|产业园区|工业区|经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|经开区|示范区|园区|新区)"
    r"(?:建设)?(?:项目|工程)?$"
)


ADMIN_ZONE = re.compile(r"工业区|经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|经开区|示范区|新区")


# _only_places's patterns, compiled once (it is called many times per article)
BODY_MARKS = re.compile(r"[“”\"()·\s]")


@lru_cache(maxsize=65536)
def _only_places(body: str, divisions: bool = True) -> bool:
    """Nothing before a zone word but places and class words (`丽江华坪`, `阜阳合肥现代`, `镇级集约化`)."""
    body = BODY_MARKS.sub("", body)
    if not body:
        return True
    covered = _class_cover(body, singles=True)
    for w in _jieba_words(body):
        at = body.find(w)
        if is_place_word(w) or w in _known_place_set() or PLACE_PART.fullmatch(w) or all(covered[at : at + len(w)]):
            continue
        if len(w) == 1 and w in "镇乡县市区省级化型" or LEVEL_WORD.fullmatch(w):
            continue
        if divisions and _division_word(w):
            continue  # a city or county of the division table that jieba does not tag a place (`合肥`, `曹妃甸`)
        return False
    return True


def only_places(body: str) -> bool:
    """Public form of `_only_places` for the aggregate step (a zone's build-out is no project)."""
    return _only_places(body)


@lru_cache(maxsize=65536)
def _division_word(word: str) -> bool:
    """A city or county of the division table that jieba tags no place (`合肥`, `曹妃甸`): in a name it says
    where, not which; a brand is no division's name."""
    if len(word) < 2 or not HAN_WORD.fullmatch(word) or wordbook.tags().get(word) in NOT_PLACE_TAGS:
        return False  # `友好` is a district's name too, and an adjective first
    return _is_division(word)


NOT_PLACE_TAGS = frozenset({"a", "ad", "an", "d", "v", "vd", "vn", "l", "i", "p", "c", "r", "m", "t"})


LEVEL_WORD = re.compile(r"[省市县区镇乡村](?:级|级别)")  # `镇级`, `省级`: a zone's rank, no name


@lru_cache(maxsize=1)
def _cover_words() -> tuple[frozenset[str], int]:
    """Class words and lexicon's generic parts as one set (plain words: `GENERIC_PARTS` is an alternation of
    literals), and the longest one's length."""
    words = class_words() | frozenset(GENERIC_PARTS.pattern.split("|"))
    return words, max(map(len, words))


def _class_cover(core: str, singles: bool = False) -> list[bool]:
    """Which characters of `core` belong to a class word (a sector, a role, a process) or a generic part
    (of one character too with `singles`: `新`, `大`), longest word first at each place."""
    words, longest = _cover_words()
    covered = [False] * len(core)
    i = 0
    while i < len(core):
        for n in range(min(longest, len(core) - i), 0 if singles else 1, -1):
            if core[i : i + n] in words:
                covered[i : i + n] = [True] * n
                i += n
                break
        else:
            i += 1
    return covered


COMMON_HALF = 1000  # a half this frequent in jieba's corpus is an everyday word


def _common_compound(word: str) -> bool:
    """A dictionary word of four characters whose halves are each an everyday word (`资源|优势`, `环境|友好`):
    a compound jieba happens to list, made of common words; a brand jieba lists has a coined half (`宁德`)."""
    if len(word) != 4:
        return False
    return all(_word_frequency(half) >= COMMON_HALF for half in (word[:2], word[2:]))


def _verb_made(word: str) -> bool:
    """A word jieba does not know, made of characters that are each a verb (`回看`, `抓实`): a predicate
    jieba has not seen, where a coined brand (`珞石`, `颜店`) has a noun or a name among its characters."""
    if len(word) < 2 or _word_frequency(word) or not HAN_WORD.fullmatch(word):
        return False
    return all(wordbook.tags().get(ch) in VERB_TAGS for ch in word)


def _predicate_tail(words: list[str], core: str) -> bool:
    """The name ends in a verb whose object the head is (`全力抓项目`, `…导致项目`): a short name, or a verb
    after another verb or an adverb (`优先选择退出`). jieba tags many nouns as verbs (`包装`, `创意`), so a
    verb alone at the end of a long name is not enough."""
    if not words or len(words[-1]) > 2 or words[-1] in class_words():
        return False
    tags = wordbook.tags()
    if tags.get(words[-1]) not in VERB_TAGS | {"vn"}:
        return False
    if len(words[-1]) == 1 and tags.get(words[-1]) in VERB_TAGS and len(words) > 1 and words[-2] not in class_words():
        return True  # `…优势引项目`, `…连麦晒项目`: a verb of one character cut off on its own governs the head
        # (after a product word it is part of the product: `电池包`)
    return len(core) <= 4 or any(tags.get(w) in VERB_TAGS | {"d", "ad", "i", "l"} for w in words[:-1])


def decide(features: dict[str, float]) -> Verdict:
    """`score = bias + Σ wᵢ·fᵢ`; a candidate is one project when the score is not negative."""
    weights = name_weights()
    terms = [(k, w) for k, v in features.items() if (w := weights.get(k, 0.0) * v)]
    score = weights.get("bias", 0.0) + sum(w for _, w in terms)
    return Verdict(score, tuple(sorted(terms, key=lambda kv: -abs(kv[1]))))


@lru_cache(maxsize=65536)
def verdict_of(
    name: str,
    company: str | None = None,
    counted: bool = False,
    built: bool = False,
    listed: bool = False,
    coordinated: bool = False,
) -> Verdict:
    """`decide(name_features(...))`, made once per distinct candidate: an article reaches the same name from
    several heads, its lists and its title (three in five decisions on the bench repeat one already made)."""
    return decide(name_features(name, company, counted, built, listed, coordinated))
