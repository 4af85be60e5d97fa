"""Whether a stated output or jobs figure is a forecast (预计) or a fact (已报道), from the words of its own
sentence before it. Extraction records the answer as the figure's evidence `is_plan`, so the dashboard
splits its KPIs without reading any article text."""

from __future__ import annotations

import re

from .textnorm import fold

BEFORE_CHARS = 80  # the words that frame a figure: at most this many characters before it, in its sentence

# A figure is a forecast (预计) when the words before it in its own sentence speak of the future or of
# a condition not yet met. Extraction records the result as the output and jobs evidence's `is_plan`; the rule
# reads the sentence: a plan word (`预计`, `将`, `力争`, `有望`, `计划`, `目标`…), a completion
# condition (`建成后`, `投产后`, `达产后`, `全部建成投产后`, `届时`), a capability (`可实现`, `可达`,
# `可提供`, `可带动`, `年可`) or a design figure (`设计`, `劳动定员`). A fact marker after the last of
# these (`已`, `去年`, `累计`, `今年以来`, `实现了`) states the figure again: `预计明年投产；去年实现产值
# 10亿元` states 10亿. An evidence row whose `is_plan` is 1 is a forecast.
FORECAST_BEFORE = re.compile(
    r"预计|预期|预测|将(?!近)|力争|争取|有望|可望|计划|规划|设计|定员|目标|拟|未来|届时|远期|达产年|"
    r"(?:建成|投产|达产|达效|竣工|运营|完工|满产|投用)[\u4e00-\u9fff]{0,3}?(?:后|以后|之后)|"
    r"可(?:以)?(?:实现|达|带动|提供|新增|解决|安置|吸纳|增加|创造|形成|拉动|容纳|年)|年可|能够?实现"
)
STATED_BEFORE = re.compile(r"已经?|去年|上年|上半年|前三季度|今年以来|累计|实现了|完成了")


def is_forecast(before: object, is_plan: object = None) -> bool:
    """Whether a figure is a forecast, from the words of its sentence before it (and an evidence
    `is_plan` of 1). The rule is FORECAST_BEFORE / STATED_BEFORE above.

    >>> is_forecast("项目已竣工投产，年产值达"), is_forecast("全部建成投产后，可实现年产值")
    (False, True)
    >>> is_forecast("预计明年投产；去年实现产值"), is_forecast("年产值将近")
    (False, False)
    """
    if is_plan is not None and is_plan == is_plan and int(is_plan) == 1:  # NaN != NaN: a missing flag
        return True
    if not isinstance(before, str) or not before:
        return False
    if not FORECAST_BEFORE.search(before):
        folded = fold(before)  # traditional and full-width forms read as the rule's words
        if folded == before or not FORECAST_BEFORE.search(folded):
            return False
    before = fold(before)
    if not STATED_BEFORE.search(before):  # most sentences: no fact marker, no need to find the last plan
        return True
    last_plan = max(m.end() for m in FORECAST_BEFORE.finditer(before))
    return not any(m.start() >= last_plan for m in STATED_BEFORE.finditer(before))


def figure_is_forecast(t: str, sentence_start: int, start: int) -> bool:
    """`is_forecast` over the words before the figure at `start` in text `t`, within its sentence."""
    return is_forecast(t[max(sentence_start, start - BEFORE_CHARS) : start])
