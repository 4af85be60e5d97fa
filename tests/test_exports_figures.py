"""Exports keep the evidence (issue 14): one row per stated figure with its own sentence (which holds the
stated text, also when the figure is in the sentence after the project's name), the article's URL and
title, the mention id and the qualifier; the mentions export keeps DESIGN.md's columns first and
unchanged; Chinese headers on request (the dashboard's default), English for machines; aliases as text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

import dashboard_data as dd
from pipeline import amounts
from pipeline import export as export_mod
from pipeline.cli import main

CONTRACT = (  # DESIGN.md's export contract for --what mentions, in its order
    "source article_id article_title date name company park investment_yuan investment_currency output_yuan "
    "jobs status is_plan sentence start end project_id province city county adcode"
).split()
ARTICLES = [  # figure shapes: in the name's sentence, in the sentence after it, a qualifier, a plan
    {"id": "fx-next", "date": "2023-03-01", "url": "http://news.example/2023/0301/1.html", "title": "两个项目开工",
     "text": "3月1日，恒源新材料项目在济宁高新区正式开工建设。该项目总投资15个亿，达产后年产值可达30亿元，"
             "可提供就业岗位800个。鑫达特种车辆项目同日签约，总投资约3亿元。"},
    {"id": "fx-plan", "date": "2023-05-01", "url": "http://news.example/2023/0501/2.html", "title": "海源项目投产",
     "text": "海源智能光学产业园项目近日投产。项目计划投资50亿元，分两期建设。"},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("figures")
    news = folder / "news.jsonl"
    news.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "p.db"
    assert main(["ingest", str(news), "--db", str(path), "--workers", "1"]) == 0
    return path


def export_rows(db: Path, tmp_path: Path, what: str, *extra: str) -> list[dict]:
    out = tmp_path / f"{what}.csv"
    assert main(["export", "--db", str(db), "--what", what, "--out", str(out), *extra]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_exports_figures_each_row_holds_its_stated_text(db: Path, tmp_path: Path) -> None:
    figures = export_rows(db, tmp_path, "figures")
    assert figures and list(figures[0]) == export_mod.FIGURE_COLUMNS
    for row in figures:
        assert row["stated_text"] in row["sentence"], row
        assert row["url"].startswith("http://news.example/") and row["article_title"] and row["mention_id"]
    by_text = {r["stated_text"]: r for r in figures}
    assert {"15个亿", "约3亿元", "50亿元"} <= set(by_text)
    assert (by_text["15个亿"]["field"], by_text["15个亿"]["value"]) == ("investment", "1500000000")
    assert by_text["约3亿元"]["qualifier"] == "about" and by_text["15个亿"]["qualifier"] == "exact"
    assert {r["field"] for r in figures} == {"investment", "output", "jobs"}


def test_exports_figures_sentence_is_the_figures_own_not_the_mentions(db: Path, tmp_path: Path) -> None:
    """The fixture's first figure is stated in the sentence after the name: the mention's sentence lacks
    it (what mentions.csv showed), the figure row's sentence has it, and it is the article's own text."""
    mentions = {r["mention_id"]: r for r in export_rows(db, tmp_path, "mentions")}
    articles = {r["article_id"]: r["text"] for r in export_rows(db, tmp_path, "articles")}
    figure = next(r for r in export_rows(db, tmp_path, "figures") if r["stated_text"] == "15个亿")
    assert "15个亿" not in mentions[figure["mention_id"]]["sentence"]
    text = articles[figure["article_id"]]
    assert text[int(figure["sentence_start"]) : int(figure["sentence_end"])] == figure["sentence"]
    assert text[int(figure["start"]) : int(figure["end"])] == "15个亿"
    assert figure["project_id"] == mentions[figure["mention_id"]]["project_id"]


def test_exports_mentions_keep_the_contract_columns_first(db: Path, tmp_path: Path) -> None:
    rows = export_rows(db, tmp_path, "mentions")
    assert list(rows[0])[: len(CONTRACT)] == CONTRACT
    assert {"mention_id", "url"} <= set(list(rows[0])[len(CONTRACT) :])


def test_exports_chinese_headers_on_request(db: Path, tmp_path: Path) -> None:
    zh = export_rows(db, tmp_path, "figures", "--headers", "zh")
    en = export_rows(db, tmp_path, "figures")
    assert list(zh[0]) == [export_mod.ZH_HEADERS[c] for c in export_mod.FIGURE_COLUMNS]
    assert len(zh) == len(en)
    for z, e in zip(zh, en, strict=True):  # the same rows, other headers; value words in Chinese
        assert list(z.values()) == [export_mod.zh_value(c, v) for c, v in e.items()]
    by_text = {r["报道写法"]: r for r in zh}
    assert (by_text["15个亿"]["数字类别"], by_text["约3亿元"]["限定"]) == ("投资", "约")
    qualifiers = {*amounts.QUALIFIERS_BEFORE.values(), *amounts.QUALIFIERS_AFTER.values(), "range"}
    assert qualifiers <= set(export_mod.ZH_VALUES["qualifier"])
    for what in export_mod.WHAT:  # every column of every table has its Chinese header
        columns, _ = export_mod.rows(export_mod.open_readonly(db), what)
        assert all(c in export_mod.ZH_HEADERS for c in columns), what
    assert all(c in export_mod.ZH_HEADERS for c in dd.PROJECT_EXPORT_COLUMNS + dd.MENTION_EXPORT_COLUMNS)
    assert len(set(export_mod.ZH_HEADERS.values())) == len(export_mod.ZH_HEADERS)  # no two alike


def test_exports_bad_headers_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(export_mod.ExportError, match="--headers"):
        export_mod.export(export_mod.open_readonly(db), "figures", "csv", tmp_path / "x.csv", "fr")
    assert not (tmp_path / "x.csv").exists()


def test_exports_dashboard_downloads(db: Path) -> None:
    from openpyxl import load_workbook

    path, version = str(db), dd.db_version(db)
    projects = dd.load_projects(path, version)
    chosen = projects[projects["name"].str.contains("恒源")]
    figures = dd.figure_export(dd.load_all_figures(path, version), chosen["project_id"])
    assert len(figures) == 3 and all(t in s for t, s in zip(figures["stated_text"], figures["sentence"], strict=True))
    zh = dd.with_headers(figures)  # Chinese by default
    assert "报道写法" in zh.columns and "原句" in zh.columns and set(zh["数字类别"]) == {"投资", "产值", "就业"}
    assert list(dd.with_headers(figures, "en").columns) == list(figures.columns)
    back = pd.read_csv(io.BytesIO(dd.to_csv_bytes(zh)), encoding="utf-8-sig")
    assert list(back.columns) == list(zh.columns)
    book = load_workbook(io.BytesIO(dd.to_xlsx_bytes({"figures": zh})))
    assert book["figures"].max_row == len(figures) + 1
    mentions = dd.mention_export(dd.load_all_mentions(path, version), chosen["project_id"])
    assert list(mentions.columns)[: len(CONTRACT) - 4] == CONTRACT[:-4] and "url" in mentions


def test_exports_project_aliases_as_text() -> None:
    frame = pd.DataFrame(
        {"project_id": ["p1", "p2"], "name": ["恒源新材料项目", "鑫达项目"], "park": ["济宁高新区", None]}
    )
    extras = pd.DataFrame(
        {"aliases": ['["恒源项目", "恒源新材料产业园"]', "[]"]}, index=pd.Index(["p1", "p2"], name="project_id")
    )
    out = dd.project_export(frame, extras)
    assert list(out["aliases"]) == ["恒源项目、恒源新材料产业园", ""]
