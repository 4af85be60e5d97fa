"""Bad input, crashes, concurrent use and random text: parktrack keeps working, loses nothing and runs
nothing it reads. The crash and concurrency tests start real `python -m pipeline ingest` processes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers import SINGLE_COLUMN, make_pdf

from pipeline.cli import main
from pipeline.dates import resolve_date
from pipeline.extract import find_mentions
from pipeline.ingest import process_file
from pipeline.model import Article, Document
from pipeline.split import split_document

ROOT = Path(__file__).resolve().parent.parent
GOOD_TEXT = "恒源新材料项目正在紧张施工，总投资3亿元，新增就业300多人。"

COMPANIES = ["恒源", "鑫达", "华泰", "海源", "永达", "瑞丰", "金泰", "宏业", "天成", "众合", "博远", "立信"]
PRODUCTS = ["新材料", "智能装备", "特种车辆", "电子元件", "食品加工", "精密铸件", "光伏组件", "环保设备"]
STAGES = ["签约落户", "开工建设", "正在加紧建设", "已竣工投产"]


def article_text(n: int) -> str:
    """A short, distinct article for the process tests."""
    company = COMPANIES[n % len(COMPANIES)] + COMPANIES[(n // 12) % len(COMPANIES)]
    product = PRODUCTS[(n // 3) % len(PRODUCTS)]
    return (
        f"{2015 + n % 9}年，{company}{product}项目{STAGES[n % 4]}，项目总投资{n % 90 + 1}.{n % 10}亿元，"
        f"达产后年产值{n % 50 + 10}亿元，新增就业{n % 700 + 100}人。园区还推进了{company}二期等项目。"
    )


def write_corpus(folder: Path, files: int, per_file: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        lines = [
            json.dumps(
                {
                    "id": f"f{f}-{r}",
                    "date": f"20{15 + (f + r) % 9}-0{1 + r % 9}-1{r % 9}",
                    "text": article_text(f * per_file + r),
                },
                ensure_ascii=False,
            )
            for r in range(per_file)
        ]
        (folder / f"batch{f:04d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def ingest_process(corpus: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db", str(db), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def dump(db: Path) -> dict[str, list]:
    """The tables a user sees, without times of writing."""
    with sqlite3.connect(db) as conn:
        return {
            "articles": conn.execute("select article_id, source, date, text from articles order by 1").fetchall(),
            "mentions": conn.execute(
                "select mention_id, name, investment_yuan, status, project_id, sentence from mentions order by 1"
            ).fetchall(),
            "evidence": conn.execute("select mention_id, field, start, end from evidence order by 1, 2, 3").fetchall(),
            "projects": conn.execute("select * from projects order by project_id").fetchall(),
            "files": conn.execute("select path, sha256, n_mentions from files order by 1").fetchall(),
        }


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchone()[0]


# ---------------------------------------------------------------- bad input


def test_robustness_bad_inputs_reported_good_ones_kept(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    pdf = make_pdf([SINGLE_COLUMN])
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 64,
        "nul.md": b"\x00" * 4096,
        "truncated.pdf": pdf[: len(pdf) // 2],
        "locked.pdf": make_pdf([SINGLE_COLUMN], user_password="secret"),
        "notes.xyz": b"unknown type",
        "nothing.jsonl": b'{"id": "x"}\n{broken\n',
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    good = {
        "utf8.txt": GOOD_TEXT.encode("utf-8"),
        "gbk.txt": GOOD_TEXT.replace("恒源", "鑫达").encode("gbk"),
        "utf16.txt": GOOD_TEXT.replace("恒源", "华泰").encode("utf-16"),
        "page.html": (
            "<html><head><script>alert('x')</script></head><body><nav>首页 | 新闻</nav><article><p>"
            + GOOD_TEXT.replace("恒源", "海源")
            + "</p><p>"
            + "园区建设持续推进。" * 20
            + "</p></article><script>document.write('<img src=x onerror=alert(1)>')</script></body></html>"
        ).encode("utf-8"),
        "mixed.jsonl": (
            "\n".join(
                [
                    json.dumps({"id": "ok-1", "text": GOOD_TEXT.replace("恒源", "永达")}, ensure_ascii=False),
                    "{not json",
                    json.dumps({"id": "no-text"}),
                    "[1, 2]",
                ]
            )
            + "\n"
        ).encode("utf-8"),
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    missing = tmp_path / "does-not-exist"
    db = tmp_path / "p.db"
    assert main(["ingest", str(folder), str(missing), "--db", str(db), "--workers", "1"]) == 0
    out = capsys.readouterr()
    for name in bad:
        assert name in out.out, f"{name} not reported"
    assert str(missing) in out.err
    with sqlite3.connect(db) as conn:
        whole = {Path(p).name: r for p, r in conn.execute("select path, reason from rejections where item = ''")}
        parts = conn.execute(
            "select item, reason from rejections where path like '%mixed.jsonl' order by item"
        ).fetchall()
        names = {r[0] for r in conn.execute("select name from mentions")}
        texts = " ".join(r[0] for r in conn.execute("select text from articles"))
    assert set(whole) == set(bad)
    assert "已加密" in whole["locked.pdf"] and "不完整" in whole["truncated.pdf"]
    assert [i for i, _ in parts] == ["第 2 行", "第 3 行", "第 4 行"]
    assert {"恒源新材料项目", "鑫达新材料项目", "华泰新材料项目", "海源新材料项目", "永达新材料项目"} <= names
    assert "alert" not in texts and "onerror" not in texts and "首页 | 新闻" not in texts


def test_robustness_large_single_line_file_bounded_memory(tmp_path):
    # about 15 MB on one line, naming one project and one park thirteen thousand times
    text = ("园区建设持续推进，" * 40 + GOOD_TEXT + "该项目位于济宁高新区，") * 13000
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 14_000_000
    db = tmp_path / "p.db"
    code = (
        "import resource, sys; from pipeline.cli import main; "
        f"rc = main(['ingest', {str(path)!r}, '--db', {str(db)!r}, '--workers', '1']); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 1024, f"peak RSS {peak_mb:.0f} MB"
    assert count(db, "select count(*) from articles") == 1
    assert count(db, "select count(*) from mentions") >= 1


# ---------------------------------------------------------------- crashes


@pytest.mark.parametrize("kill_after_files", [5, 40])
def test_robustness_kill_9_then_rerun_equals_a_clean_run(tmp_path, kill_after_files):
    corpus = write_corpus(tmp_path / "in", files=80, per_file=12)
    clean = tmp_path / "clean.db"
    assert main(["ingest", str(corpus), "--db", str(clean), "--workers", "1"]) == 0
    crashed = tmp_path / "crashed.db"
    proc = ingest_process(corpus, crashed, "--workers", "1")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if crashed.exists() and count(crashed, "select count(*) from files") >= kill_after_files:
                break
        except sqlite3.OperationalError:
            pass  # the schema is being created
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = count(crashed, "select count(*) from files")
    assert 0 < stored < 80  # killed part-way
    # what was stored is whole: every stored file has all its articles and mentions
    assert count(crashed, "select count(*) from articles") == 12 * stored
    assert main(["ingest", str(corpus), "--db", str(crashed), "--workers", "1"]) == 0
    assert dump(crashed) == dump(clean)


def test_robustness_corrections_untouched_by_a_crash(tmp_path, monkeypatch):
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text('{"op": "exclude", "id": "p000", "reason": "测试"}\n', encoding="utf-8")
    monkeypatch.setenv("PARKTRACK_CORRECTIONS", str(corrections))
    before = corrections.read_bytes()
    corpus = write_corpus(tmp_path / "in", files=40, per_file=12)
    proc = ingest_process(corpus, tmp_path / "p.db", "--workers", "1")
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert corrections.read_bytes() == before


# ---------------------------------------------------------------- concurrency


def test_robustness_reads_during_ingest_see_whole_files(tmp_path):
    corpus = write_corpus(tmp_path / "in", files=60, per_file=12)
    db = tmp_path / "p.db"
    assert main(["ingest", str(corpus / "batch0000.jsonl"), "--db", str(db), "--workers", "1"]) == 0
    proc = ingest_process(corpus, db, "--workers", "1")
    errors: list[str] = []
    reads = 0
    while proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                conn.execute("begin")
                files, articles = conn.execute("select count(*), coalesce(sum(n_articles), 0) from files").fetchone()
                stored = conn.execute("select count(*) from articles").fetchone()[0]
                mentions = conn.execute("select count(*) from mentions").fetchone()[0]
                per_file = conn.execute("select coalesce(sum(n_mentions), 0) from files").fetchone()[0]
            reads += 1
            if stored != articles or mentions != per_file:
                errors.append(
                    f"half-written view: {files} files, {stored}/{articles} articles, {mentions}/{per_file} mentions"
                )
        except sqlite3.OperationalError as exc:
            errors.append(str(exc))
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert reads > 5
    assert errors == []


def test_robustness_dashboard_queries_during_ingest(tmp_path):
    """The dashboard's own queries, while a real ingest writes: no `database is locked`, no exception."""
    import dashboard_data as data

    corpus = write_corpus(tmp_path / "in", files=60, per_file=12)
    db = tmp_path / "p.db"
    assert main(["ingest", str(corpus / "batch0000.jsonl"), "--db", str(db), "--workers", "1"]) == 0
    proc = ingest_process(corpus, db, "--workers", "1")
    seen_versions = set()
    errors: list[str] = []
    while proc.poll() is None:
        version = data.db_version(db)
        seen_versions.add(version)
        try:
            projects = data.load_projects(str(db), version)
            data.kpis(projects)
            data.load_articles(str(db), version)
            data.load_rejections(str(db), version)
            if len(projects):
                data.load_mentions(str(db), version, projects["project_id"].iloc[0])
        except Exception as exc:  # anything at all is a failure here
            errors.append(repr(exc))
    assert proc.wait() == 0
    assert len(seen_versions) > 2  # the reads really ran while the database changed
    assert errors == []


def test_robustness_two_ingests_at_once_one_refuses(tmp_path):
    corpus = write_corpus(tmp_path / "in", files=60, per_file=12)
    db = tmp_path / "p.db"
    first = ingest_process(corpus, db, "--workers", "1")
    deadline = time.monotonic() + 60
    while not (db.with_name(db.name + ".lock").exists() and db.exists()) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.wait(timeout=300) == 0
    assert second.returncode == 3
    assert "另一个读入正在写" in second.stderr
    assert count(db, "select count(*) from files") == 60


def test_robustness_concurrent_reader_threads_during_resolve(tmp_path):
    """Readers in threads while `--rebuild` runs: they see the old tables until the new ones are whole."""
    corpus = write_corpus(tmp_path / "in", files=10, per_file=12)
    db = tmp_path / "p.db"
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "1"]) == 0
    n_projects = count(db, "select count(*) from projects")
    stop = threading.Event()
    seen: list[int] = []
    errors: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
                    seen.append(conn.execute("select count(*) from projects").fetchone()[0])
            except sqlite3.Error as exc:
                errors.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            assert main(["ingest", str(corpus), "--db", str(db), "--workers", "1", "--rebuild"]) == 0
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert seen and set(seen) == {n_projects}  # never an empty or half-built projects table


# ---------------------------------------------------------------- random text


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHINESE = st.text(
    alphabet=st.sampled_from(
        list(
            "项目投资亿元万个多的签约开工建设投产竣工达产园区产业园开发区高新区公司集团"
            "，。、；：“”()0123456789计划将于年月日本报讯\n#* 　"
        )
    ),
    max_size=400,
)


@PROPERTY
@given(st.one_of(st.text(max_size=400), CHINESE))
def test_robustness_extraction_offsets_always_slice(text):
    article = Article(article_id="a", source="s", text=text)
    mentions, aggregates = find_mentions(article)
    for m in mentions:
        assert text[m.start : m.end] == m.sentence
        assert text[m.name_start : m.name_end] in m.name
        for e in m.evidence:
            assert text[e["start"] : e["end"]] == e["text"]
    for g in aggregates:
        assert text[g.start : g.end] == g.sentence


@PROPERTY
@given(st.one_of(st.text(max_size=400), CHINESE), st.sampled_from(["issue", "record", "page"]))
def test_robustness_splitting_never_raises_and_keeps_text(text, kind):
    articles = split_document(Document(source="s", text=text, kind=kind))
    for a in articles:
        assert a.text and a.text == a.text.strip("\n")


@PROPERTY
@given(st.one_of(st.text(max_size=300), CHINESE), st.one_of(st.none(), st.text(max_size=30)))
def test_robustness_dates_never_raise(text, record_date):
    date, origin = resolve_date(text, record_date=record_date, url=text[:60], filename=text[:30])
    assert (date is None) == (origin is None)
    if date:
        assert date[:4].isdigit() and 1900 <= int(date[:4]) <= 2099


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".jsonl", ".html", ".pdf", ".docx"]))
def test_robustness_random_bytes_never_escape(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("rand") / f"f{suffix}"
    path.write_bytes(data)
    result = process_file(str(path))
    assert result.error or result.articles or result.warnings or not data.strip()
    assert not any("抽取出错" in w for w in result.warnings)


def test_robustness_one_file_with_more_articles_than_sqlite_binds(tmp_path):
    """A scraper's dump of 40,000 records in one file is stored, and another file repeating 35,000 of
    its ids is stored beside it (issue 11: the later file no longer replaces the earlier's records):
    looking the ids up binds them in chunks, never past SQLite's 32,766 parameters."""
    from pipeline import store
    from pipeline.ingest import FileResult

    db = store.connect(tmp_path / "p.db")
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)  # as SQLite builds it (this one binds more)
    articles = [Article(f"r{n}", "dump.jsonl", f"第{n}篇。") for n in range(40_000)]
    store.save_file(db, FileResult(str(tmp_path / "dump.jsonl"), "sha-1", 1, articles=articles))
    moved = [Article(a.article_id, "dump.jsonl", a.text) for a in articles[:35_000]]
    store.save_file(db, FileResult(str(tmp_path / "moved.jsonl"), "sha-2", 1, articles=moved))
    assert count(tmp_path / "p.db", "select count(*) from articles") == 75_000
    assert count(tmp_path / "p.db", "select count(*) from articles where file_path like '%moved.jsonl'") == 35_000
