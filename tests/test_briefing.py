"""园区简报: a briefing built from a small invented archive, ingested with the pipeline, whose every figure
cell has a footnote resolving to an article, and a PDF whose text holds the park's name and totals
(issue 15 #3)."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import briefing, corrections
from pipeline.cli import main

PARK = "济宁高新区"
URL = "https://news.example.cn/"
# 博宇 25亿 (签约 in February, 开工 in June), 凯润 6亿 with an output, 天瑞 with no amount (未披露),
# the park's own aggregate (9个项目 88亿), 恒通 40亿 excluded from the totals by hand, 鑫源 in another park,
# 瑞丰 3亿 silent since 2019 (停滞（推断）: the other projects have no inferred stage, a missing value).
ARCHIVE = [
    ("n0", "2019-05-10", "瑞丰纺织项目开工", "瑞丰纺织项目在济宁高新区开工建设，总投资3亿元。"),
    ("n1", "2024-02-03", "博宇新材料项目签约", "博宇新材料项目在济宁高新区签约，总投资25亿元。"),
    ("n2", "2024-03-08", "凯润医疗器械项目开工", "凯润医疗器械项目在济宁高新区开工建设，总投资6亿元，达产后年产值可达10亿元。"),
    ("n3", "2024-04-11", "天瑞物流园项目开工", "天瑞物流园项目在济宁高新区开工建设。"),
    ("n4", "2024-05-20", "高新区重点项目", "一季度，济宁高新区共签约项目9个，总投资88亿元。"),
    ("n5", "2024-06-02", "博宇新材料项目开工", "博宇新材料项目在济宁高新区开工建设，总投资25亿元。"),
    ("n6", "2024-06-09", "恒通产业园签约", "恒通智能制造产业园项目在济宁高新区签约，总投资40亿元。"),
    ("n7", "2024-03-01", "鑫源电子项目开工", "鑫源电子项目在鑫源产业园开工建设，总投资2亿元。"),
]  # fmt: skip


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PARKTRACK_CORRECTIONS", raising=False)
    monkeypatch.setattr(corrections, "LEGACY", tmp_path / "legacy.jsonl")
    src = tmp_path / "in" / "news.jsonl"
    src.parent.mkdir()
    records = [{"id": i, "date": d, "title": t, "text": x, "url": URL + i} for i, d, t, x in ARCHIVE]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "projects.db"
    assert main(["ingest", str(src), "--db", str(db), "--workers", "1"]) == 0
    (whole,) = rows(db, "select project_id from projects where name like '恒通%'")
    assert main(["exclude", whole[0], "--reason", "园区整体", "--db", str(db)]) == 0
    return db


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def expand(marks: str) -> list[int]:
    """`[1–3, 7][9]` → [1, 2, 3, 7, 9]."""
    out: list[int] = []
    for group in re.findall(r"\[([^\]]+)\]", marks or ""):
        for part in group.split(","):
            low, _, high = part.strip().partition("–")
            out += range(int(low), int(high or low) + 1)
    return out


def sheet(wb, name: str) -> list[dict]:
    values = list(wb[name].values)
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_briefing_every_figure_cell_has_a_footnote_that_resolves_to_an_article(archive, tmp_path):
    out = tmp_path / "简报.xlsx"
    args = ["briefing", "--park", PARK, "--from", "2024-04-01", "--to", "2024-12-31", "--out", str(out)]
    assert main([*args, "--db", str(archive)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["简报", "关键数字", "各阶段项目", "主要项目", "期内动态", "报道合计", "来源"]
    articles = {a: (d, u) for a, d, u in rows(archive, "select article_id, date, url from articles")}
    sources = {int(r["注"].strip("[]")): r for r in sheet(wb, briefing.SOURCES_SHEET)}
    checked = 0
    for name, columns in briefing.FIGURE_COLUMNS.items():
        for row in sheet(wb, name):
            for column in columns:
                value = row[column]
                if name == "期内动态" and row["类型"] in ("更正", "新近沉寂"):
                    continue  # no article states a correction or an inferred silence
                if value in (None, "", briefing.UNDISCLOSED, "0 个") or (column == "阶段" and value == "未知"):
                    continue
                notes = expand(row[column + briefing.NOTE])
                assert notes, (name, column, row)
                for n in notes:
                    src = sources[n]
                    assert src["类型"] == "文章" and src["文章编号"] in articles, src
                    assert (src["日期"], src["网址"]) == articles[src["文章编号"]]
                checked += 1
    assert checked >= 15
    for ws in wb.worksheets:  # a missing text is empty, never pandas' `nan`
        assert not [c.value for row in ws.iter_rows() for c in row if re.search(r"\bnan\b", str(c.value))], ws.title
    # the period's news only in 期内动态: 天瑞 new, 博宇 签约→开工, 恒通 new, and the correction
    kinds = sorted((r["类型"], r["项目"]) for r in sheet(wb, "期内动态") if r["类型"] != "更正")
    assert kinds == [("新项目", "天瑞物流园项目"), ("新项目", "恒通智能制造产业园项目"), ("阶段变化", "博宇新材料项目")]


def test_briefing_totals_sum_only_projects_in_the_totals_and_say_undisclosed(archive):
    made = briefing.build(archive, "2024-04-01", "2024-12-31", park=PARK)
    key = {r["指标"]: r for r in made.sheets["关键数字"]}
    assert key["项目数"]["数值"] == "5 个"  # 鑫源 is in another park
    # 瑞丰 is silent since 2019, but the archive has no article of its park from 2019 to 2024: "no news
    # since", not 停滞（推断） (issue 13: a stall only where the archive keeps reporting on the place)
    assert key["停滞（推断）"]["数值"] == "0 个"
    total = key["总投资（计入合计、人民币）"]
    assert total["数值"] == "34亿元" and total["覆盖"] == "已披露投资的项目 3/5"  # 25 + 6 + 3; 恒通's 40 is not
    assert len(expand(total["数值" + briefing.NOTE])) == 3
    projects = {r["项目"]: r for r in made.sheets["主要项目"]}
    assert projects["恒通智能制造产业园项目"]["投资额"] == "40亿元"  # listed …
    assert projects["恒通智能制造产业园项目"]["计入合计"] == "否（园区整体）"  # … never summed
    assert projects["天瑞物流园项目"]["投资额"] == briefing.UNDISCLOSED  # never 0
    assert projects["天瑞物流园项目"]["投资额" + briefing.NOTE] == ""
    assert [r["项目"] for r in made.sheets["主要项目"]][:3] == [
        "恒通智能制造产业园项目",
        "博宇新材料项目",
        "凯润医疗器械项目",
    ]
    assert projects["博宇新材料项目"]["最新报道日期"] == "2024-06-02"
    (news,) = made.sheets["报道合计"]
    assert (news["报道的项目数"], news["报道的总投资"]) == ("9 个", "88亿元")
    assert "已识别 5 个项目" in news["本库"]
    # the period's end bounds the projects: by March only 瑞丰, 博宇 and 凯润 were known
    early = briefing.build(archive, "2024-01-01", "2024-03-31", park=PARK)
    assert {r["项目"] for r in early.sheets["主要项目"]} == {"瑞丰纺织项目", "博宇新材料项目", "凯润医疗器械项目"}
    assert {r["项目"]: r["产值"] for r in early.sheets["主要项目"]} == {
        "瑞丰纺织项目": "未披露",
        "博宇新材料项目": "未披露",
        "凯润医疗器械项目": "10亿元",
    }


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def test_briefing_pdf_text_holds_the_park_name_and_totals_in_chinese(archive, tmp_path):
    made = briefing.build(archive, "2024-04-01", "2024-12-31", park=PARK)
    out = tmp_path / "简报.pdf"
    out.write_bytes(briefing.to_pdf(made, images=None))  # the charts drawn by reportlab: no browser needed
    text = re.sub(r"[ \t]+", " ", pdf_text(out))
    assert f"园区简报：{PARK}" in text
    assert "34亿元" in text and "已披露投资的项目 3/5" in text
    assert "88亿元" in text and "未披露" in text
    assert "（简图）" in text  # the fallback chart says what it is
    assert re.search(r"第 ?1 ?/ ?\d+ ?页", text)
    assert URL + "n5" in text  # the sources, with their addresses
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (595, 842)  # A4


def test_briefing_refuses_what_it_cannot_make(archive, tmp_path, capsys):
    base = ["briefing", "--db", str(archive), "--from", "2024-01-01", "--to", "2024-12-31"]
    assert main([*base, "--park", PARK, "--out", str(tmp_path / "x.docx")]) == 2
    assert ".xlsx 或 .pdf" in capsys.readouterr().err
    assert main([*base, "--park", "没有这个园区", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "没有园区“没有这个园区”" in capsys.readouterr().err
    assert main([*base[:-4], "--from", "2024-12-31", "--to", "2024-01-01", "--park", PARK, "--out", "x.xlsx"]) == 2
    assert "晚于" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_briefing_fallback_chart_uses_the_figures_bars():
    import plotly.graph_objects as go

    fig = go.Figure([go.Bar(y=["签约", "开工"], x=[2, 1], orientation="h"), go.Bar(y=["签约"], x=[1], orientation="h")])
    fig.update_layout(title="项目当前阶段（个）")
    assert briefing.bars(fig) == ("项目当前阶段（个）", ["签约", "开工"], [3.0, 1.0])


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("google-chrome")), reason="no Chromium for kaleido")
def test_briefing_charts_export_as_images_offline(archive):
    pytest.importorskip("kaleido")
    made = briefing.build(archive, "2024-04-01", "2024-12-31", park=PARK)
    images = briefing.chart_images(briefing.figures(made))
    assert images is not None and len(images) == 2
    assert all(png.startswith(b"\x89PNG") and ratio > 0 for png, ratio in images)


def test_briefing_buttons_on_the_park_page_make_the_files(archive, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PROJECTS_DB", str(archive))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60)
    at.query_params["park_page"] = PARK
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert [x for x in labels if x.startswith("下载园区简报")] == [
        "下载园区简报（PDF，2023-06-09 至 2024-06-09）",
        "下载园区简报（Excel，2023-06-09 至 2024-06-09）",
    ]
    # what the Excel button makes (its callable runs on click): the park's briefing
    data = briefing.make(archive, "2023-06-09", "2024-06-09", PARK, ".xlsx")
    assert data[:2] == b"PK" and "简报" in load_workbook(io.BytesIO(data)).sheetnames
    assert (
        briefing.make(archive, "2023-06-09", "2024-06-09", "没有这个园区", ".xlsx").decode().startswith("简报做不出来")
    )


def test_briefing_for_a_county_takes_its_projects_and_its_aggregates(archive):
    with sqlite3.connect(archive) as conn:  # this machine may lack the gazetteer: place two projects by hand
        conn.execute("update projects set county = '任城区' where name in ('博宇新材料项目', '鑫源电子项目')")
    made = briefing.build(archive, "2024-01-01", "2024-12-31", county="任城区")
    assert made.kind == "区县" and {r["项目"] for r in made.sheets["主要项目"]} == {"博宇新材料项目", "鑫源电子项目"}
    assert {r["指标"]: r["数值"] for r in made.sheets["关键数字"]}["总投资（计入合计、人民币）"] == "27亿元"
    assert made.sheets["报道合计"] == []  # no aggregate is scoped to the county
