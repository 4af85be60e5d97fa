"""The map step's shortcuts find what the plain scans they replace find.

Speed work replaced regex scans with look-ups (clause bounds by bisection, stop words by set, a name's
characters by ranges) and made the amount scanner jump from number to number. Each is checked here
against the plain definition on generated text, so a shortcut that drifts from its meaning fails.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import amounts, dates, extract, names
from pipeline.extract import STAGED_SET, _may_stage_a_set
from pipeline.lexicon import NAME_CHAR, STOP_BEFORE
from pipeline.names import LIST_ADJ
from pipeline.textnorm import fold, fold_table

MARKS = "，,。！？!?；;：:\n"
# text made of clause marks, stop words, digits, units and plain characters, so every rule has work
PIECES = [*MARKS, *STOP_BEFORE[:40], "项目", "公司", "建设", "投资", "约", "超过", "人民币", "10", "3.5", "2023", "年",
          "亿元", "万元", "万", "亿", "-", "至", "五", "十", "三四百", "人", "个", "岗位", "就业岗位", "多", "美元", "吨",
          "1,200", "１０", "億", "第", "数", " ", "a"]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_clause_bounds_are_the_nearest_marks(t, data):
    pos = data.draw(st.integers(0, len(t)))
    floor = data.draw(st.integers(0, len(t)))
    ceil = data.draw(st.integers(0, len(t) + 2))
    before = [i for i in range(floor, pos) if t[i] in MARKS]
    want_start = (before[-1] + 1 if before else floor) if floor < pos else pos
    assert names.clause_start(t, pos, floor) == want_start
    after = [i for i in range(pos, min(ceil, len(t))) if t[i] in MARKS]
    assert names.clause_end(t, pos, ceil) == (after[0] if after else ceil)


def test_clause_marks_follow_the_text_asked_about():
    a, b = "甲，乙。丙", "丁丁；戊"
    assert names.clause_marks(a) == [1, 3] and names.clause_marks(b) == [2]
    assert names.clause_marks(a) == [1, 3]  # a kept list is the text's own, whichever was asked last
    c = "".join(["己", "，"])  # equal to no kept text: computed afresh
    assert names.clause_marks(c) == [1]


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_stop_start_is_the_longest_stop_word_ending_there(t, data):
    i = data.draw(st.integers(0, len(t)))
    floor = data.draw(st.integers(0, i))
    starts = [j for j in range(floor, i) if t[j:i] in STOP_BEFORE]
    assert names._stop_start(t, floor, i) == (starts[0] if starts else -1)


def test_name_char_is_name_char_pattern():
    for code in range(0x110000):
        c = chr(code)
        if not 0xD800 <= code <= 0xDFFF:
            assert names._name_char(c) == bool(NAME_CHAR.match(c)), repr(c)


def _plain_scan(text: str) -> list[tuple[int, int, int, str, str, int | None]]:
    """find_amounts without its jumps: every search starts one character past the last candidate."""
    folded = fold(text)
    found = []
    for pattern, build in amounts._FINDERS:
        position = 0
        while (match := pattern.search(folded, position)) is not None:
            try:
                amount = build(match, folded, text)
            except ArithmeticError:
                amount = None
            if amount is None:
                position = match.start() + 1
            else:
                found.append(amount)
                position = max(match.end(), match.start() + 1)
    return [(a.start, a.end, a.value, a.kind, a.qualifier, a.upper) for a in amounts.leftmost_longest(found)]


@settings(max_examples=500, deadline=None)
@given(texts)
def test_amount_jumps_find_what_a_plain_scan_finds(t):
    got = [(a.start, a.end, a.value, a.kind, a.qualifier, a.upper) for a in amounts.find_amounts(t)]
    assert got == _plain_scan(t)


def test_a_turned_down_number_does_not_hide_the_next_amount():
    # `2023年` is no amount; the scanner jumps past it to the next number's start
    got = [(a.text, a.value) for a in amounts.find_amounts("2023年5月，总投资约10亿元，提供就业岗位300个")]
    assert got == [("约10亿元", 1_000_000_000), ("就业岗位300个", 300)]


stage_texts = st.lists(
    st.sampled_from(
        [
            "开工",
            "签约",
            "投产",
            "建成",
            "的",
            "项目",
            "工程",
            "：",
            "中",
            "有",
            "包括",
            "分别",
            "2个",
            "重点",
            "，",
            " ",
            "集中",
        ]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(stage_texts)
def test_the_staged_set_gate_never_hides_a_match(t):
    if STAGED_SET.search(t) is not None:
        assert _may_stage_a_set(t, 0, len(t))


def test_fold_by_list_is_fold_by_table():
    # every code point (surrogates left out: no text holds them alone), past the list's end too
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert fold(every) == every.translate(fold_table())


phrase_texts = st.lists(
    st.sampled_from(["办理", "用地", "手续", "审批", "正在", "完成", "已", "累计", "投入", "建设资金", "投资", "规划",
                     "设计", "公司注册", "，", "。", "项目", "开工"]),
    max_size=16,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(phrase_texts, st.data())
def test_phrase_cues_left_out_match_in_no_stretch(t, data):
    start = data.draw(st.integers(0, len(t)))
    end = data.draw(st.integers(start, len(t)))
    kept = extract._phrase_cues_in(t)
    for cue in extract.PHRASE_CUES:
        if cue not in kept:
            assert list(cue[0].finditer(t, start, end)) == []
    assert extract._phrase_cues_in(t) is kept


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_clauses_walk_the_marks_as_clause_end_does(t, data):
    start = data.draw(st.integers(0, len(t)))
    end = data.draw(st.integers(0, len(t) + 2))
    want, pos = [], start
    while pos < end:
        c_end = names.clause_end(t, pos, end)
        want.append((pos, c_end))
        pos = c_end + 1
    assert extract._clauses(t, start, end) == want


# LIST_COUNTED as first written: a lookbehind, then the numeral
PLAIN_LIST_COUNTED = re.compile(
    r"(?<=[^\s,，。、;；:：\d])(?:两|三|四|五|六|七|八|九|十|\d+)\s*(?:个|大|项)" + LIST_ADJ + r"(?P<kind>项目)"
)
count_texts = st.lists(
    st.sampled_from(["两", "三", "十", "1", "12", "3", "个", "大", "项", "项目", "重点", "等", "A", "、", "，", " ", "\n",
                     "二期", "企业", "的", "一批", "٣"]),
    max_size=16,
).map("".join)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(count_texts)
def test_list_counted_finds_what_its_plain_form_finds(t):
    got = [(m.span(), m.group("kind")) for m in names.LIST_COUNTED.finditer(t)]
    assert got == [(m.span(), m.group("kind")) for m in PLAIN_LIST_COUNTED.finditer(t)]


company_texts = st.lists(
    st.sampled_from(["某某", "科技", "有限公司", "公司", "集团", "重工", "石化", "建设", "投资", "签约", "签署", "与",
                     "和", "政府", "的", "项目", "，", "A", "实施", "合作", "共同"]),
    max_size=14,
).map("".join)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(company_texts, st.data())
def test_company_gate_never_hides_a_match(t, data):
    floor = data.draw(st.integers(0, len(t)))
    end = data.draw(st.integers(floor, len(t)))
    if names.COMPANY_IN_CONTEXT.search(t, floor, end) is not None:
        assert names._may_hold_company(t, floor, end)


@settings(max_examples=500, deadline=None)
@given(company_texts.map(lambda t: t.replace("某某", "某某年产3")), st.data())
def test_capacity_and_invest_gates_never_hide_a_match(t, data):
    floor = data.draw(st.integers(0, len(t)))
    end = data.draw(st.integers(floor, len(t)))
    if names.LEGAL_THEN_CAPACITY.search(t, floor, end) is not None:
        assert any(t.find(w, floor, end) >= 0 for w in names.CAPACITY_VERBS)
    if names.LEGAL_INVESTS_BEFORE.search(t, floor, end) or names.INVESTOR_BEFORE.search(t, floor, end):
        assert t.find("投资", floor, end) >= 0


caption_texts = st.lists(
    st.sampled_from(["图为", "图片为", "图：", "上图", "效果图", "鸟瞰图", "规划图", "摄", "摄影", "记者", "王某", "某某项目",
                     "（", "(", "）", ")", "【", "\n", " ", "，", "资料"]),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(caption_texts)
def test_caption_gate_never_hides_a_match(line):
    if extract.CAPTION.search(line):
        assert "图" in line or "摄" in line
    assert extract._in_caption(line, 0, len(line)) == (len(line) <= 120 and bool(extract.CAPTION.search(line)))


# _NUMERAL_RE as first written: the look back, then the numeral's class
PLAIN_NUMERAL = re.compile(
    rf"(?<![0-9.{amounts._DIGIT_CHARS}{amounts._MAGNITUDE_CHARS}])[0-9{amounts._DIGIT_CHARS}{amounts._SMALL_CHARS}]"
)


@settings(max_examples=1000, deadline=None)
@given(texts, st.data())
def test_numeral_start_is_its_plain_form(t, data):
    pos = data.draw(st.integers(0, len(t)))
    got = amounts._NUMERAL_RE.search(t, pos)
    want = PLAIN_NUMERAL.search(t, pos)
    assert (got and got.span()) == (want and want.span())


# the date patterns as first written, the look back first
PLAIN_YMD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?:日|号)?(?!\d)"
)
PLAIN_DMY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?!\d)")
date_texts = st.lists(
    st.sampled_from(["2023", "1998", "20", "19", "5", "12", "1", "0", "年", "月", "日", "号", "-", "/", ".", " ", "\n",
                     "来源", "３"]),
    max_size=14,
).map("".join)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(date_texts)
def test_date_patterns_find_what_their_plain_forms_find(t):
    for got, plain in ((dates.YMD, PLAIN_YMD), (dates.DMY, PLAIN_DMY)):
        assert [(m.span(), m.groups()) for m in got.finditer(t)] == [(m.span(), m.groups()) for m in plain.finditer(t)]


investor_texts = st.lists(
    st.sampled_from(
        ["某某", "集团", "在", "济宁", "共同", "投资", "建设", "兴建", "了", "的", "\n", "，", "项目", "计划"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(investor_texts, st.data())
def test_investor_verb_gate_never_hides_a_match(t, data):
    floor = data.draw(st.integers(0, len(t)))
    end = data.draw(st.integers(floor, len(t)))
    if names.INVESTOR_VERB.search(t, floor, end):
        assert names.INVESTOR_VERB_END.search(t, max(floor, end - 8), end)


name_texts = st.lists(
    st.sampled_from([*PIECES, "海富", "电子", "新能源", "产业园", "基地", "工程", "有限公司"]), max_size=12
).map(lambda parts: "".join(parts) + "项目")


@settings(max_examples=300, deadline=None)
@given(name_texts, st.sampled_from([None, "海富电子", "某某集团"]), st.booleans(), st.booleans(), st.booleans())
def test_kept_verdict_is_the_decision_made_afresh(name, company, built, listed, coordinated):
    flags = {"built": built, "listed": listed, "coordinated": coordinated}
    names.verdict_of(name, company, **flags)  # made once, so the second call below is the kept one
    assert names.verdict_of(name, company, **flags) == names.decide(names.name_features(name, company, **flags))


@settings(max_examples=1000, deadline=None)
@given(name_texts, name_texts, st.sampled_from([0.5, 0.8]))
def test_similar_names_are_those_the_full_ratio_finds(a, b, at_least):
    assert names._similar(a, b, at_least) == (names.SequenceMatcher(None, a, b).ratio() >= at_least)


LEADS = ["停建", "标志着", "领建", "龙头", "为", "与", "设立", "要求", "着", "著", "了", "推进", "回看", "抓实", "联想"]
lead_texts = st.lists(
    st.sampled_from([*LEADS, "宏达", "钼铜", "裕龙岛", "激光打印机", "30万吨", "聚酯", "海富"]), max_size=8
).map(lambda parts: "".join(parts) + "项目")


@settings(max_examples=1000, deadline=None)
@given(lead_texts)
def test_predicate_gate_cuts_every_name_a_predicate_may_open(span):
    assert names.LEAD_TAGS == names.VERB_TAGS | {"p", "c"}
    assert names._predicate_lead(span) == names._predicate_length(span)
