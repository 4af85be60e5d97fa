"""A small invented archive in two deliveries, for the review queue and changes tests (issue 15).

March 2023: five projects, one priced across a sentence beside an aggregate (瑞达), one with no stage
cue (宏图), one in a park no gazetteer lists (鑫源). June 2023: 恒远 moves 签约 → 开工, 华泰's investment
changes 5亿 → 8亿 (in a sentence with no stage cue: no stage move), 金科 is new.
"""

from __future__ import annotations

import json
from pathlib import Path

MARCH = [
    {
        "id": "a1",
        "date": "2023-03-01",
        "title": "恒远新能源电池项目签约",
        "text": "恒远新能源电池项目在济宁高新区签约，总投资20亿元。",
    },
    {
        "id": "a2",
        "date": "2023-03-05",
        "title": "华泰精密轴承项目开工",
        "text": "华泰精密轴承项目在济宁高新区开工建设，总投资5亿元。",
    },
    {
        "id": "a3",
        "date": "2023-03-10",
        "title": "园区招商",
        "text": "瑞达生物医药产业园项目近日落户济宁高新区。该项目总投资30亿元，将建设研发中心。"
        "今年以来，园区共签约项目12个，总投资56亿元。",
    },
    {"id": "a4", "date": "2023-03-12", "title": "企业动态", "text": "鑫源电子项目在鑫源产业园开工建设，总投资2亿元。"},
    {
        "id": "a5",
        "date": "2023-03-15",
        "title": "企业动态",
        "text": "宏图光电显示模组项目总投资15亿元，年产值可达40亿元。",
    },
]
JUNE = [
    {
        "id": "b1",
        "date": "2023-06-01",
        "title": "恒远新能源电池项目开工",
        "text": "恒远新能源电池项目在济宁高新区正式开工，总投资20亿元。",
    },
    {"id": "b2", "date": "2023-06-05", "title": "企业动态", "text": "华泰精密轴承项目总投资调整为8亿元。"},
    {
        "id": "b3",
        "date": "2023-06-10",
        "title": "金科智能装备项目签约",
        "text": "金科智能装备项目在济宁高新区签约，总投资12亿元。",
    },
]


def write(folder: Path, records: list[dict], name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
