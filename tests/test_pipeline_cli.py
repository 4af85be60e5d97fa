"""The command line end to end on a small folder of articles written for these tests: what is
stored, what is skipped, what is refused, and what export writes."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import ingest_lock, main
from pipeline.export import MENTION_COLUMNS

ISSUE = """某某高新新闻
2022年3月25日
星期五
园区项目建设提速 打造发展新引擎
本报某某讯(记者 赵六)今年以来，园区启动建设项目12个，总投资56亿元。其中，长城重工新能源工程机械项目总投资116亿元，已于2月开工建设。
下一步，园区将继续推进华泰信息科技、海源电子等项目建设进程。
推进园林绿化工作 提升绿化质量
本报某某讯(记者 钱七)近日，某某区召开绿化养护培训会议，参训人员表示收获很大。
"""

RECORDS = [
    {
        "id": "r-1",
        "date": "2020-04-13",
        "title": "集中开工",
        "text": "亲亲食品山东生产基地在泗水开工建设，该项目总投资1.5亿美元。",
    },
    {"id": "r-2", "url": "http://example.cn/2021/0301/1.html", "text": "鑫源特种车辆项目已竣工投产，年产值达12亿元。"},
]


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "issue.txt").write_text(ISSUE, encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(1, "{not json")
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "gbk.txt").write_bytes("恒源新材料项目正在紧张施工，总投资3亿元。".encode("gbk"))
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "notes.xyz").write_text("unknown type", encoding="utf-8")
    (folder / "empty.md").write_text("", encoding="utf-8")
    return folder


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture) -> tuple[Path, Path, str]:
    corpus = write_corpus(tmp_path / "articles")
    db = tmp_path / "projects.db"
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "1"]) == 0
    return corpus, db, capsys.readouterr().out


def test_cli_ingest_stores_articles_mentions_projects(built):
    _, db, out = built
    titles = [r[0] for r in query(db, "select title from articles order by source, position")]
    assert "园区项目建设提速 打造发展新引擎" in titles and "集中开工" in titles
    names = {r[0] for r in query(db, "select name from mentions")}
    assert {"长城重工新能源工程机械项目", "华泰信息科技项目", "亲亲食品山东生产基地", "恒源新材料项目"} <= names
    assert query(db, "select count(*) from projects")[0][0] == len(names)
    assert "读入文件 3 个" in out and "拒收 3 个文件" in out


def test_cli_ingest_reports_bad_files_and_keeps_the_rest(built):
    corpus, db, out = built
    rejected = dict(query(db, "select path, reason from rejections where item = ''"))
    assert set(rejected) == {str(corpus / "junk.txt"), str(corpus / "notes.xyz"), str(corpus / "empty.md")}
    parts = query(db, "select path, item, reason from rejections where item != ''")
    assert parts == [(str(corpus / "records.jsonl"), "第 2 行", "不是有效的 JSON")]
    assert "不支持的文件类型 .xyz" in rejected[str(corpus / "notes.xyz")]
    warnings = json.loads(query(db, "select warnings from files where path like '%records.jsonl'")[0][0])
    assert warnings == ["第 2 行：不是有效的 JSON"]
    assert query(db, "select count(*) from articles where file_path like '%records.jsonl'")[0][0] == 2


def test_cli_ingest_dates_and_aggregates(built):
    _, db, _ = built
    dates = dict(query(db, "select source, date from articles where position = 0"))
    assert dates["r-1"] == "2020-04-13" and dates["r-2"] == "2021-03-01"
    assert query(db, "select projects, investment_yuan from aggregates") == [(12, 5_600_000_000)]
    inv = query(db, "select investment_yuan from mentions where name = '长城重工新能源工程机械项目'")
    assert inv == [(11_600_000_000,)]


def test_cli_rerun_unchanged_changes_nothing_and_changed_file_is_reread(built, capsys):
    corpus, db, _ = built
    before = query(db, "select mention_id, project_id, name from mentions order by mention_id")
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "1"]) == 0
    assert "读入文件 0 个（未变跳过 3 个）" in capsys.readouterr().out
    assert query(db, "select mention_id, project_id, name from mentions order by mention_id") == before
    (corpus / "gbk.txt").write_bytes("恒源新材料项目已建成投产，总投资3亿元。".encode("gbk"))
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "1"]) == 0
    rows = query(db, "select status from mentions where name = '恒源新材料项目'")
    assert rows == [("投产",)]  # re-read, not added twice


def test_cli_rebuild_gives_the_same_tables(built):
    corpus, db, _ = built
    before = query(db, "select project_id, name, investment_yuan, status from projects order by project_id")
    assert main(["ingest", str(corpus), "--db", str(db), "--rebuild", "--workers", "2"]) == 0
    assert query(db, "select project_id, name, investment_yuan, status from projects order by project_id") == before


def test_cli_export_mentions_contract(built, tmp_path, capsys):
    _, db, _ = built
    assert main(["export", "--db", str(db), "--what", "mentions", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == MENTION_COLUMNS
    texts = dict(query(db, "select article_id, text from articles"))
    for row in rows:  # the contract: the sentence slices out of the stored article text
        assert texts[row["article_id"]][int(row["start"]) : int(row["end"])] == row["sentence"]
    out = tmp_path / "m.jsonl"
    assert main(["export", "--db", str(db), "--what", "mentions", "--format", "jsonl", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    usd = [r for r in records if r["investment_currency"] == "USD"]
    assert [(r["name"], r["investment_yuan"]) for r in usd] == [("亲亲食品山东生产基地", 150_000_000)]
    capsys.readouterr()
    with_dash = ["export", "--db", str(db), "--what", "mentions", "--format", "jsonl", "--out", "-"]
    assert main(with_dash) == 0  # `--out -` is standard output, never a file named `-`
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == records


@pytest.mark.parametrize("what", ["projects", "articles", "aggregates", "mentions"])
def test_cli_export_xlsx(built, tmp_path, what):
    import openpyxl

    _, db, _ = built
    out = tmp_path / f"{what}.xlsx"
    assert main(["export", "--db", str(db), "--what", what, "--format", "xlsx", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    n = query(db, f"select count(*) from {what}")[0][0]
    assert sheet.max_row == n + 1


def test_cli_as_a_command_stores_what_main_stores_and_exports_xlsx(built, tmp_path):
    """`python -m pipeline` imports sqlite-utils without pandas (pipeline/__main__.py): the tables are
    the same, and the Excel export, which does import pandas, still works."""
    corpus, db, _ = built
    command_db, out = tmp_path / "command.db", tmp_path / "projects.xlsx"
    root = Path(__file__).resolve().parents[1]
    for args in (
        ["ingest", str(corpus), "--db", str(command_db), "--workers", "1"],
        ["export", "--db", str(command_db), "--what", "projects", "--format", "xlsx", "--out", str(out)],
    ):
        subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=root, check=True, capture_output=True)
    table = "select * from projects order by project_id"
    assert query(command_db, table) == query(db, table) != []
    import openpyxl

    assert openpyxl.load_workbook(out).active.max_row == len(query(db, table)) + 1


def test_cli_exit_status_when_nothing_can_be_done(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.db")]) == 2
    assert "给出的路径都不存在" in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "absent.db"), "--what", "projects"]) == 1


def test_cli_second_ingest_refuses_while_one_runs(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "articles")
    db = tmp_path / "projects.db"
    with ingest_lock(db):
        assert main(["ingest", str(corpus), "--db", str(db)]) == 3
    assert "另一个读入正在写" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_cli_a_folders_dangling_link_and_pipe_are_reported_not_silently_skipped(tmp_path, capsys):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "issue.txt").write_text(ISSUE, encoding="utf-8")
    (corpus / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / ".hidden.txt").write_text(ISSUE, encoding="utf-8")
    assert main(["ingest", str(corpus), "--db", str(tmp_path / "p.db"), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert f"{corpus / 'gone.txt'}: 链接指向的文件不存在" in out
    assert f"{corpus / 'pipe.txt'}: 不是普通文件" in out
    assert ".hidden.txt" not in out
    assert [Path(p).name for (p,) in query(tmp_path / "p.db", "select path from files")] == ["issue.txt"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "缺少参数：命令"),
        (["ingest", "--db"], "参数 --db 后面要给一个值"),
        (["export", "--what", "x"], "参数 --what 不能是 'x'"),
        (["ingest", "a", "--workers", "x"], "参数 --workers 要一个整数，而不是 'x'"),
        (["export", "--what", "projects", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_cli_a_mistyped_command_is_told_in_chinese(argv, said, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.startswith("用法：") and f"错误：{said}" in err


def test_cli_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["export", "-h"])
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示这段说明并退出" in out and "选项" in out
    assert "show this help" not in out and "options:" not in out
