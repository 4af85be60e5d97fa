"""The map step's engines give what `process_file` gives: a large .jsonl mapped in batches on a process
pool, and the same on Dask, down to the mentions stored."""

from __future__ import annotations

import json
import sqlite3
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline import engine
from pipeline.cli import main
from pipeline.ingest import process_file

RECORDS = [
    {
        "id": f"e-{i}",
        "date": f"2021-0{1 + i % 9}-1{i % 10}",
        "title": "重点项目集中开工" if i % 2 else None,
        "text": f"{i}月{i + 1}日，恒源{i}号新材料产业园项目在济宁高新区开工建设，该项目总投资{i + 2}亿元，"
        f"达产后年产值{i + 5}亿元，新增就业岗位{100 + i}个。本次集中开工项目{i + 3}个，总投资{i + 40}亿元。",
    }
    for i in range(40)
]
ISSUE = """园区项目建设提速
本报讯(记者 赵六)今年以来，园区启动建设项目12个，总投资56亿元。其中，长城重工新能源工程机械项目总投资116亿元，已于2月开工建设。
"""


def write_inputs(folder: Path) -> list[Path]:
    """A JSON Lines file with a broken line and an extraction-free record, an issue, an empty file."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(7, "{not json")
    lines.insert(20, json.dumps({"id": "no-text"}))
    records = folder / "records.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issue = folder / "issue.txt"
    issue.write_text(ISSUE, encoding="utf-8")
    empty = folder / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    return [records, issue, empty]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every .jsonl is split, a few records a batch, so a small file goes through the batch path."""
    monkeypatch.setattr(engine, "SPLIT_BYTES", 0)
    monkeypatch.setattr(engine, "BATCH_CHARS", 400)


def test_engine_pool_batches_equal_process_file(tmp_path: Path, small_batches: None) -> None:
    files = write_inputs(tmp_path)
    expected = [process_file(str(f)) for f in files]
    with ProcessPoolExecutor(max_workers=2) as pool:
        got = list(engine.map_files(files, None, pool, window=3))
    assert [r.path for r in got] == [str(f) for f in files]
    assert got == expected
    assert got[0].mentions and got[0].warnings  # the batch path did real work, and kept the warnings
    assert got[2].error


def test_engine_stream_gives_a_large_file_batch_by_batch(tmp_path: Path, small_batches: None) -> None:
    """What a store that writes a file's batches inside one transaction would receive."""
    from concurrent.futures import ThreadPoolExecutor

    files = write_inputs(tmp_path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        streamed = [(header, list(parts)) for header, parts in engine.stream(files, None, pool, window=2)]
        hasty = engine.stream(files, None, pool)
        next(hasty)  # the first file, its parts left unread
        with pytest.raises(RuntimeError, match="consumed"):
            next(hasty)
    (records, parts), (issue, issue_parts), (empty, _) = streamed
    assert len(parts) > 3 and not issue_parts and empty.error
    assert records.warnings == ["第 8 行：不是有效的 JSON", "第 21 行：记录没有正文（text）"] and not records.articles
    for part in parts:
        engine.merge(records, part)
    assert records == process_file(str(files[0]))


def test_engine_map_documents_reports_a_failing_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.model import Document

    def boom(doc, default_date=None):
        raise ValueError("bad")

    monkeypatch.setattr(engine, "process_document", boom)
    assert engine.map_documents([Document(source="s-1", text="x")]) == ["s-1: 抽取出错（ValueError：bad），此篇未计入"]


def test_engine_rejects_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine"), engine.executor("spark"):
        pass


@pytest.fixture
def cluster():
    """A small in-process Dask cluster (threads), quick to start; a new one per test, so what its
    scheduler ran is that test's."""
    from distributed import LocalCluster  # in requirements-dev.txt: this test runs, never skips

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as c:
        yield c


def test_engine_dask_equals_process_file(tmp_path: Path, small_batches: None, cluster) -> None:
    from distributed import Client

    files = write_inputs(tmp_path)
    with Client(cluster) as client:
        got = list(engine.map_files(files, None, engine._DaskSubmitter(client), window=4))
    assert got == [process_file(str(f)) for f in files]


def mentions(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            'select mention_id, article_id, name, company, park, investment_yuan, status, start, "end", project_id '
            "from mentions order by mention_id"
        ).fetchall()


def test_engine_cli_dask_stores_the_same_mentions(tmp_path: Path, small_batches: None, cluster, capsys) -> None:
    folder = tmp_path / "in"
    write_inputs(folder)
    default, on_dask = tmp_path / "default.db", tmp_path / "dask.db"
    assert main(["ingest", str(folder), "--db", str(default), "--workers", "2"]) == 0
    on_cluster = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
    assert main(["ingest", str(folder), "--db", str(on_dask), *on_cluster]) == 0
    assert mentions(on_dask) == mentions(default) != []
    ran = set(cluster.scheduler.task_prefixes)
    assert {"process_file", "map_documents"} <= ran, (
        "ingest --engine dask did not reach Dask: cli._ingest must pass args.engine and args.scheduler to _map"
    )


def test_engine_cli_dask_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Without Dask installed (`make run` installs only the runtime), `--engine dask` says what to install
    and exits 2; the database keeps nothing half-written."""
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    files = write_inputs(tmp_path / "in")
    db = tmp_path / "p.db"
    assert main(["ingest", *map(str, files), "--db", str(db), "--engine", "dask"]) == 2
    assert "requirements-dev.txt" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from mentions").fetchone()[0] == 0


def _stored(db_path: Path) -> dict[str, list[tuple]]:
    """What a database holds of its files, in insertion order, without the times it was written at."""
    conn = sqlite3.connect(db_path)
    tables = {
        "articles": "*",
        "mentions": "*",
        "evidence": "*",
        "aggregates": "*",
        "files": "path, sha256, size, n_articles, n_mentions, warnings, extractor",
        "rejections": "path, item, reason",
    }
    out = {t: conn.execute(f"select {cols} from {t} order by rowid").fetchall() for t, cols in tables.items()}
    conn.close()
    return out


def test_engine_batches_written_as_they_come_store_what_save_file_stores(tmp_path: Path, small_batches: None) -> None:
    """The ingest writes a large file's batches while the workers map the next ones (store.FileWriter); a
    second file repeating the first's record ids falls back to `save_file`, which gives them ids of their
    own. Either way the database holds what `save_file` of each whole result writes."""
    from pipeline import resolve, store

    files = write_inputs(tmp_path / "in")
    again = tmp_path / "in" / "again.jsonl"
    again.write_bytes(files[0].read_bytes().replace(b"\xe6\x81\x92\xe6\xba\x90", "恒远".encode()))  # the same ids
    files.append(again)
    expected = store.connect(tmp_path / "expected.db")
    for f in files:
        store.save_file(expected, process_file(str(f)))
    store.write_projects(expected, resolve.resolve(expected))  # as the ingest does after its files
    assert main(["ingest", *map(str, files), "--db", str(tmp_path / "got.db"), "--workers", "2"]) == 0
    got, want = _stored(tmp_path / "got.db"), _stored(tmp_path / "expected.db")
    assert got["articles"] and got["mentions"] and len(got["articles"]) == 2 * len(RECORDS) + 1  # and the issue
    assert got == want


def test_engine_file_writer_rolls_back_a_file_rejected_at_its_end(tmp_path: Path) -> None:
    """Batches written for a file that turns out rejected (a batch that failed) are rolled back: only
    the rejection is stored, as `save_file` stores it."""
    from pipeline import store

    files = write_inputs(tmp_path / "in")
    result = process_file(str(files[0]))
    db = store.connect(tmp_path / "p.db")
    writer = store.FileWriter(db)
    writer.part(result)
    assert db.conn.in_transaction
    result.error = "处理出错: BrokenProcessPool"
    writer.save(result)
    assert not db.conn.in_transaction
    stored = _stored(tmp_path / "p.db")
    assert not stored["articles"] and not stored["files"]
    assert stored["rejections"] == [(result.path, "", result.error)]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ingest", "data/"], True),
        (["ingest", "a.jsonl", "--db", "x.db", "--workers", "2"], True),
        (["ingest", "a.jsonl", "--workers=4"], True),
        (["ingest", "a.jsonl", "--engine", "process"], True),
        (["ingest", "a.jsonl", "--workers", "1"], False),
        (["ingest", "a.jsonl", "--workers=1"], False),
        (["ingest", "a.jsonl", "--engine", "dask"], False),
        (["ingest", "a.jsonl", "--engine=dask"], False),
        (["export", "--what", "projects"], False),
        ([], False),
    ],
)
def test_engine_fork_server_started_early_only_for_an_ingest_on_a_pool(
    argv: list[str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import poolserver

    monkeypatch.setattr(poolserver.os, "cpu_count", lambda: 2)
    assert poolserver.pool_likely(argv) is expected
    monkeypatch.setattr(poolserver.os, "cpu_count", lambda: 1)
    assert poolserver.pool_likely(argv) is False  # one core: no pool


def test_engine_ingest_with_the_server_started_early_stores_what_one_process_stores(tmp_path: Path) -> None:
    """`python -m pipeline ingest` starts the fork server before it imports the pipeline; its pool then
    maps what a run in one process maps."""
    import subprocess

    files = write_inputs(tmp_path / "in")
    early, alone = tmp_path / "early.db", tmp_path / "alone.db"
    env = {"PARKTRACK_CORRECTIONS": str(tmp_path / "none.jsonl"), "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parent.parent
    cmd = [sys.executable, "-m", "pipeline", "ingest", *map(str, files), "--db", str(early), "--workers", "2"]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert main(["ingest", *map(str, files), "--db", str(alone), "--workers", "1"]) == 0

    def mentions(db: Path) -> list[tuple]:
        with sqlite3.connect(db) as conn:
            return conn.execute(
                "select name, investment_yuan, sentence from mentions order by name, sentence"
            ).fetchall()

    assert mentions(early) and mentions(early) == mentions(alone)


def test_engine_one_middle_sized_file_is_spread_over_a_running_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the fork server up, one .jsonl above SPREAD_BYTES is cut into a batch per worker (each batch
    at least MIN_BATCH_CHARS), and gives what it gives read whole; without the server it is read here."""
    from concurrent.futures import ThreadPoolExecutor

    records = write_inputs(tmp_path)[0]
    monkeypatch.setattr(engine, "SPREAD_BYTES", 1000)
    monkeypatch.setattr(engine, "MIN_BATCH_CHARS", 500)
    with ThreadPoolExecutor(max_workers=2) as pool:
        streamed = [(h, list(parts)) for h, parts in engine.stream([records], None, pool, window=4, spread=2)]
    ((header, parts),) = streamed
    assert len(parts) == 2  # one batch per worker, not one task, not BATCH_CHARS-sized batches
    for part in parts:
        engine.merge(header, part)
    assert engine.finish(header) == process_file(str(records))

    made: list[int] = []
    real = engine.executor

    def counting(engine_name: str = "process", workers: int = 1, scheduler: str | None = None):
        made.append(workers)
        return real(engine_name, workers, scheduler)

    monkeypatch.setattr(engine, "executor", counting)
    from pipeline import poolserver

    monkeypatch.setattr(poolserver, "started", lambda: False)
    assert list(engine.run([records], workers=2)) == [process_file(str(records))]
    monkeypatch.setattr(poolserver, "started", lambda: True)
    assert list(engine.run([records], workers=2)) == [process_file(str(records))]
    assert made == [1, 2]  # read here without the server; on the pool with it
