"""Money amounts and people counts in Chinese news text, parsed, with their raw text and offsets.

One entry point, :func:`find_amounts`, chains small steps: fold the text (length-keeping, so every
offset is an offset into the caller's text), find candidate spans with one regular expression built
from the tables below, then keep or drop each candidate by what stands around it: a currency, a
people unit, a money cue before it, a measure word after it (`20万吨`, `20亿支` are not money).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from pipeline.lexicon import alternation
from pipeline.model import Amount
from pipeline.textnorm import fold

# --- Tables. Every alternation built from a table tries longer keys first (`不超过` before `超`,
# `元人民币` before `元`); the dicts are also written longest first so they read in that order.

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
# Place values inside a number: 十百千 multiply the digit before them; 万 and 亿 close a section.
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SECTION_UNITS = {"万": 10**4, "亿": 10**8}

# Units that end a number, longest first: the scale a range's lower end borrows from its upper end
# (`30-50亿元` reads 30亿, `3-5千万元` reads 3千万, `三至五百亿` reads 三百亿).
UNITS = {
    "万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "亿": 10**8,
    "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3,
}  # fmt: skip

# Currencies after the number, longest first (`元人民币` before `人民币` before `元`).
CURRENCIES = {
    "元人民币": "CNY", "美元": "USD", "美金": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR",
    "日元": "JPY", "英镑": "GBP", "人民币": "CNY", "元": "CNY",
}  # fmt: skip
# Currencies before the number: `不超过人民币35.10亿元`.
CURRENCY_PREFIXES = {"人民币": "CNY", "¥": "CNY", "￥": "CNY"}
# `元` that starts another word: `元器件`, `元素`.
NOT_AFTER_YUAN = "器件素"

# People units after the number, longest first (`个就业岗位` before `个人` before `人`).
PEOPLE_UNITS = ("个就业岗位", "个工作岗位", "个就业机会", "个岗位", "名员工", "名职工", "名工人", "个人", "名", "人")
# `人` that starts another word: `人才`, `人民`, `人大`, `人次`, `人均`, `人份`.
NOT_AFTER_REN = "才民大次均文气士物份"
# Job words before the number, counted in 个: `提供就业岗位2000多个`.
JOB_CUES = ("就业岗位", "工作岗位", "岗位")

# Words before the number, longest first, and the qualifier each gives. 达/多达/高达 are kept in the
# span (the parse read them) but leave the amount exact.
QUALIFIERS_BEFORE = {
    "不低于": "at_least", "不少于": "at_least", "不超过": "at_most", "不高于": "at_most", "不多于": "at_most",
    "至少": "at_least", "最少": "at_least", "最多": "at_most", "不到": "under", "不足": "under",
    "低于": "under", "大约": "about", "约为": "about", "将近": "about", "接近": "about", "超过": "over",
    "高于": "over", "多于": "over", "突破": "over", "多达": "exact", "高达": "exact", "达到": "exact",
    "约": "about", "近": "about", "逾": "over", "超": "over", "过": "over", "破": "over", "达": "exact",
}  # fmt: skip
# Words whose last character is a one-character qualifier but which mean something else:
# `签约10亿元的项目` is not "about 10亿", `通过5000万元` is not "over".
QUALIFIER_FALSE_FRIENDS = (
    "签约", "合约", "节约", "制约", "履约", "违约", "预约", "公约", "条约", "契约", "集约", "相约", "简约",
    "最近", "附近", "临近", "靠近", "邻近", "就近", "亲近",
    "通过", "经过", "不过", "透过", "度过",
    "到达", "抵达", "下达", "传达", "表达", "发达", "送达", "直达", "雷达", "马达",
    "打破", "冲破", "攻破",
)  # fmt: skip
# Words after the amount, longest first. `多` only counts before punctuation or the end
# (`完成投资211亿元多,`); inside a number `多`/`余` are read by the number itself.
QUALIFIERS_AFTER = {
    "及以上": "at_least",
    "以上": "over",
    "左右": "about",
    "以内": "at_most",
    "以下": "under",
    "多": "over",
}
# Between the two ends of a range.
RANGE_SEPARATORS = "-~—–〜至到"

# Measure words: a number without a currency followed by one of these counts things, not money
# (`年产20亿支`, `1.2万亩`, `5万纱锭`). Multi-character entries first; single characters cover the rest.
NOT_MONEY_UNITS = (
    "平方公里", "平方米", "立方米", "千瓦时", "标准箱", "平米", "公里", "千米", "千瓦", "纱锭", "标箱", "台套",
    "吨", "台", "套", "亩", "米", "片", "支", "只", "件", "辆", "个", "家", "户", "项", "锭", "根", "粒",
    "瓶", "箱", "盒", "张", "块", "条", "头", "株", "棵", "度", "瓦", "方", "升", "双", "颗", "枚", "部",
    "座", "栋", "间", "床", "册", "本", "份", "批", "次", "倍", "股", "%", "㎡",
)  # fmt: skip
# Words right before a currency-less amount below 亿 that make it money (`投资3000万建设`). A bare
# `20万` is not money: `日产20万片`, `18万平米`, `年产20万吨` are capacities and areas.
MONEY_CUES = (
    "投资额", "投资", "资金", "金额", "总额", "投入", "融资", "资本", "营收", "收入", "产值", "利税", "税收",
    "利润", "补贴", "奖励", "扶持", "补助",
)  # fmt: skip
# A character right before a number that makes it something else: `数十亿元`, `几百万`, `第3名`.
NOT_BEFORE_NUMBER = "数几第"
# Amounts after which `级` makes a class, not a figure: `千亿级产业`, `百亿元级企业`.
CLASS_SUFFIX = "级"


_DIGIT_CHARS = "".join(DIGITS)
_SMALL_CHARS = "".join(SMALL_UNITS)
_MAGNITUDE_CHARS = _SMALL_CHARS + "".join(SECTION_UNITS)
# An Arabic number, each part maximal (the lookaheads) so the scanner never backtracks into it.
_ARABIC = r"[0-9]+(?![0-9])(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+(?![0-9]))?"
# A number: Arabic or Chinese numerals with place values; `个` and `多`/`余` inside it only before a
# place value (`15个亿`, `2个多亿`, `6000多万`), a space only before a place value (`908 亿元`).
# `个亿元` is left out: `46个亿元以上项目` counts projects. A number never starts inside another (the
# lookbehind), which also keeps the scan linear on long runs of numerals.
_NUMBER = (
    rf"(?<![0-9.{_DIGIT_CHARS}{_MAGNITUDE_CHARS}])"
    rf"(?:{_ARABIC}|[{_DIGIT_CHARS}{_SMALL_CHARS}])"
    rf"(?:{_ARABIC}|[{_DIGIT_CHARS}{_MAGNITUDE_CHARS}]|个(?=多?亿(?!元))"
    rf"|[多余](?=个?[{_MAGNITUDE_CHARS}])| (?=[{_MAGNITUDE_CHARS}]))*"
)
_CURRENCY = "|".join(
    re.escape(w) + (f"(?![{NOT_AFTER_YUAN}])" if w.endswith("元") else "")
    for w in sorted(CURRENCIES, key=len, reverse=True)
)
_PEOPLE = "|".join(
    re.escape(w) + (f"(?![{NOT_AFTER_REN}])" if w.endswith("人") else "")
    for w in sorted(PEOPLE_UNITS, key=len, reverse=True)
)
_AFTER = "|".join(
    re.escape(w) + (r"(?![\u4e00-\u9fff])" if w == "多" else "")
    for w in sorted(QUALIFIERS_AFTER, key=len, reverse=True)
)
_BEFORE = alternation(QUALIFIERS_BEFORE)

AMOUNT_RE = re.compile(
    rf"(?P<before>{_BEFORE})?"
    rf"(?P<prefix>{alternation(CURRENCY_PREFIXES)})?"
    rf"(?:(?P<low>{_NUMBER})[多余]?(?P<low_unit>{_CURRENCY})?(?P<sep>[{RANGE_SEPARATORS}]))?"
    rf"(?P<num>{_NUMBER})"
    rf"(?P<more>[多余])?"
    rf"(?: ?(?P<unit>{_CURRENCY}|{_PEOPLE}))?"
    rf"(?P<after>{_AFTER})?"
)
# A range is read as AMOUNT_RE reads one (`就业岗位800至1000个` gives 800, the lower end: GUIDE).
JOBS_RE = re.compile(
    rf"(?P<cue>{alternation(JOB_CUES)})(?P<before>{_BEFORE})?"
    rf"(?:(?P<low>{_NUMBER})[多余]?(?P<sep>[{RANGE_SEPARATORS}]))?"
    rf"(?P<num>{_NUMBER})(?P<more>[多余])?(?P<unit>个)"
    r"(?!项目|人)"
)
# Where an amount can begin: a number's first character (as _NUMBER starts: never inside another number),
# and at most AMOUNT_LEAD characters before it (a qualifier and a currency word). The scanner jumps there
# instead of trying every position, also past a number it has just turned down (`2023年`).
# (The class comes first and the look back after it, over that one character: a pattern that opens with a
# lookbehind is tried at every position, one that opens with a class only where the class matches.)
_NUMERAL_RE = re.compile(rf"[0-9{_DIGIT_CHARS}{_SMALL_CHARS}](?<![0-9.{_DIGIT_CHARS}{_MAGNITUDE_CHARS}].)")
AMOUNT_LEAD = max(map(len, QUALIFIERS_BEFORE)) + max(map(len, CURRENCY_PREFIXES))
_NUMBER_TOKEN_RE = re.compile(rf"{_ARABIC}|[{_DIGIT_CHARS}{_MAGNITUDE_CHARS}]")
_HAS_DIGIT_RE = re.compile(rf"[0-9{_DIGIT_CHARS}十拾]")  # 十 reads as a digit: 十亿 is 10亿, not a label


def parse_number(number: str) -> Decimal:
    """The value of Arabic or Chinese numerals with place values; `个`, `多`, `余` and spaces are skipped.

    >>> parse_number("1亿8千万")
    Decimal('180000000')
    >>> parse_number("五千万"), parse_number("一百二十"), parse_number("百亿")
    (Decimal('50000000'), Decimal('120'), Decimal('10000000000'))
    >>> parse_number("10.8个亿"), parse_number("1,200万")
    (Decimal('1080000000.0'), Decimal('12000000'))
    """
    total = section = small = Decimal(0)  # above 亿, between 万 and 亿, below 万
    current: Decimal | None = None  # the digits read since the last place value
    for token in _NUMBER_TOKEN_RE.findall(number):
        if token[0].isascii():
            current = Decimal(token.replace(",", ""))
        elif token in DIGITS:  # consecutive Chinese digits read positionally: 二〇二二
            current = Decimal(DIGITS[token]) if current is None else current * 10 + DIGITS[token]
        elif token in SMALL_UNITS:
            small += (1 if current is None else current) * SMALL_UNITS[token]
            current = None
        else:
            below = small + (current or 0)
            if token == "万":
                section += (below or 1) * SECTION_UNITS[token]
            else:
                total = ((total + section + below) or 1) * SECTION_UNITS[token]
                section = Decimal(0)
            small, current = Decimal(0), None
    return total + section + small + (current or 0)


def unit_scale(number: str) -> list[int]:
    """The scales of the units that end `number`, longest unit first (what a range's lower end borrows).

    >>> unit_scale("50亿"), unit_scale("五百亿"), unit_scale("5千万"), unit_scale("500")
    ([100000000], [10000000000, 100000000], [10000000, 10000], [])
    """
    return [scale for unit, scale in UNITS.items() if number.endswith(unit)]


def qualifier_of(before: str | None, more: str | None, after: str | None) -> str:
    """One qualifier for the words around a number: a word before wins, then `多`/`余`, then a word after.

    >>> qualifier_of("约", None, None), qualifier_of("达", "多", None), qualifier_of(None, None, "以上")
    ('about', 'over', 'over')
    """
    if before and QUALIFIERS_BEFORE[before] != "exact":
        return QUALIFIERS_BEFORE[before]
    if more:
        return "over"
    if after:
        return QUALIFIERS_AFTER[after]
    return "exact"


def _to_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def _is_bare(number: str) -> bool:
    """A round magnitude with no digit: a label (`百亿元龙头`, `千人计划`) unless a qualifier makes it a figure."""
    return not _HAS_DIGIT_RE.search(number)


def _range_low(low: str, upper: str, upper_value: Decimal) -> Decimal | None:
    """The lower end of `low-upper`, scaled by the upper end's unit when it has none of its own."""
    value = parse_number(low)
    if any(u in low for u in SECTION_UNITS):
        candidates = [value]
    else:
        candidates = [value * scale for scale in unit_scale(upper)]
        if not candidates or any(u in low for u in SMALL_UNITS):  # `5千-1万元`, `300-500人`
            candidates.append(value)
    return next((c for c in candidates if c <= upper_value), None)


def _qualifier_start(match: re.Match, folded: str) -> tuple[str | None, int]:
    """The qualifier word before the number and where the span starts, unless the word is a false friend."""
    before = match.group("before")
    if before is None:
        return None, match.start()
    end = match.end("before")
    for word in QUALIFIER_FALSE_FRIENDS:
        if len(word) > len(before) and folded[max(0, end - len(word)) : end] == word:
            return None, end
    return before, match.start()


# `三四百人`, `五六十万元`, `一二十亿`: two neighbouring digits before a place value are a spoken range
# (300 to 400), not digits read positionally (`二〇二二`), so it gives its ends as a written range does.
_SPOKEN_RANGE_RE = re.compile(r"([一二两三四五六七八九])([二三四五六七八九])(?=[十百千万亿])")


def spoken_range(number: str) -> tuple[Decimal, Decimal] | None:
    """The two ends of a number that opens with a spoken range, or None.

    >>> spoken_range("三四百"), spoken_range("两三千万"), spoken_range("三百")
    ((Decimal('300'), Decimal('400')), (Decimal('20000000'), Decimal('30000000')), None)
    """
    m = _SPOKEN_RANGE_RE.match(number)
    if not m or DIGITS[m.group(2)] != DIGITS[m.group(1)] + 1:
        return None
    rest = number[m.end() :]
    return parse_number(m.group(1) + rest), parse_number(m.group(2) + rest)


def _amount(match: re.Match, folded: str, text: str) -> Amount | None:
    """An amount from a candidate of AMOUNT_RE, or None when its surroundings say it is not one."""
    before, start = _qualifier_start(match, folded)
    num, unit, prefix = match.group("num"), match.group("unit"), match.group("prefix")
    bare_checked = unit is None and prefix is None and not match.group("low")
    if bare_checked and not _bare_number_is_money(match, folded, start):
        return None  # most candidates (`2023年`, `20万吨`): dropped before the number is parsed
    first = match.start("low") if match.group("low") else match.start("num")
    if first > 0 and before is None and prefix is None:
        previous = folded[first - 1]
        if previous in NOT_BEFORE_NUMBER:
            return None
    value = parse_number(num)
    low_value = _range_low(match.group("low"), num, value) if match.group("low") else None
    if not match.group("low") and (spoken := spoken_range(num)):
        low_value, value = spoken
    if match.group("low") and low_value is None:  # not a range after all: `2025-50亿元` is just 50亿元
        start = match.start("num")
        before = prefix = None
    numbers = num + (match.group("low") or "") if low_value is not None else num
    end = match.end()
    if folded[end : end + 1] == CLASS_SUFFIX:
        return None
    currency = None
    if unit in CURRENCIES:
        kind, currency = "money", CURRENCIES[unit]
    elif unit is not None:
        kind = "people"
        if prefix or (len(num) == 1 and num in DIGITS and not match.group("more")):  # `一人一策`
            return None
    else:
        if not bare_checked and not _bare_number_is_money(match, folded, start, numbers, prefix):
            return None
        kind, currency = "money", CURRENCY_PREFIXES.get(prefix or "", "CNY")
    if _is_bare(num) and (before is None or QUALIFIERS_BEFORE[before] == "exact"):
        return None
    if value == 0 and low_value is None:  # `0人参与`: a page counter, never a figure
        return None
    more = match.group("more") or next((c for c in "多余" if c in num), None)  # `6000多万元`, `2个多亿`
    qualifier = "range" if low_value is not None else qualifier_of(before, more, match.group("after"))
    return Amount(
        value=_to_int(low_value if low_value is not None else value),
        kind=kind,
        text=text[start:end],
        start=start,
        end=end,
        currency=currency,
        qualifier=qualifier,
        upper=_to_int(value) if low_value is not None else None,
    )


def _bare_number_is_money(
    match: re.Match, folded: str, start: int, numbers: str | None = None, prefix: str | None = None
) -> bool:
    """Whether a number with no unit after it is money: not a count of things (`20万吨`), and in 亿, or in
    万/千 after a money cue (`投资3000万建设`), or after a currency prefix (`人民币35亿`)."""
    rest = folded[match.end("more") if match.group("more") else match.end("num") :].lstrip(" ")
    if rest.startswith(NOT_MONEY_UNITS):
        return False
    numbers = match.group("num") if numbers is None else numbers
    cue = folded[max(0, start - 4) : start].rstrip(" ").endswith(MONEY_CUES)
    return bool(prefix or "亿" in numbers or (cue and any(u in numbers for u in UNITS)))


def _jobs(match: re.Match, folded: str, text: str) -> Amount | None:
    """A jobs count from a candidate of JOBS_RE: `提供就业岗位2000多个`."""
    before, value = match.group("before"), parse_number(match.group("num"))
    if value == 0:
        return None
    spoken = spoken_range(match.group("num"))
    if match.group("low"):
        low = _range_low(match.group("low"), match.group("num"), value)
        if low is None:
            return None  # `岗位2000-500个` reads as no range: no count either
        spoken = (low, value)
    return Amount(
        value=_to_int(spoken[0] if spoken else value),
        kind="people",
        text=text[match.start() : match.end()],
        start=match.start(),
        end=match.end(),
        qualifier="range" if spoken else qualifier_of(before, match.group("more"), None),
        upper=_to_int(spoken[1]) if spoken else None,
    )


_FINDERS = ((AMOUNT_RE, _amount), (JOBS_RE, _jobs))


def find_amounts(text: str, folded: str | None = None) -> list[Amount]:
    """Every money amount and people count in `text`, in text order, not overlapping.

    Offsets point into `text` as given (folding keeps lengths), so `text[a.start:a.end] == a.text`.

    >>> [(a.text, a.value, a.qualifier) for a in find_amounts("总投资约１０亿元，新增就业300多人")]
    [('约１０亿元', 1000000000, 'about'), ('300多人', 300, 'over')]
    """
    if folded is None:  # the caller may have folded it already
        folded = fold(text)  # full-width and traditional forms folded, one character for one
    found: list[Amount] = []
    for pattern, build in _FINDERS:
        if pattern is JOBS_RE and "岗位" not in folded:
            continue  # every job cue holds 岗位: a text without it is not scanned for one
        position = 0
        while True:
            if pattern is AMOUNT_RE:
                numeral = _NUMERAL_RE.search(folded, position)
                if numeral is None:
                    break
                position = max(position, numeral.start() - AMOUNT_LEAD)
            match = pattern.search(folded, position)
            if match is None:
                break
            try:
                amount = build(match, folded, text)
            except ArithmeticError:  # a number too large for Decimal: not an amount
                amount = None
            if amount is None:
                position = match.start() + 1
            else:
                found.append(amount)
                position = max(match.end(), match.start() + 1)
    return leftmost_longest(found)


def leftmost_longest(found: list[Amount]) -> list[Amount]:
    """Of overlapping amounts, the one that starts first, the longest of those; in text order."""
    found.sort(key=lambda a: (a.start, a.start - a.end))
    kept: list[Amount] = []
    for amount in found:
        if not kept or amount.start >= kept[-1].end:
            kept.append(amount)
    return kept


def parse_amount(phrase: str) -> Amount | None:
    """The first amount in `phrase`, or None: `parse_amount("15个亿").value == 1500000000`.

    >>> parse_amount("30-50亿元").upper
    5000000000
    """
    found = find_amounts(phrase)
    return found[0] if found else None
