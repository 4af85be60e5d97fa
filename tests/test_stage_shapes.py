"""Stage cues the old tables missed: each row is a phrase shape and the stage its cue shows (GUIDE.md stages)."""

from __future__ import annotations

import pytest

from pipeline.extract import _stage_cues
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
]


@pytest.mark.parametrize(("phrase", "stage"), SHAPES)
def test_stage_of_shape(phrase: str, stage: str) -> None:
    t = fold(phrase)
    events = [s for s, plan, _, _ in _stage_cues(t, 0, len(t), 0) if not plan]
    order = ["签约", "开工", "在建", "竣工", "投产", "达产"]
    assert events, phrase
    assert max(events, key=order.index) == stage
