"""The benchmark's corpus generator and a tiny run of the whole benchmark (speed is not asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench import corpus
from bench.run import Config, run
from pipeline.ingest import process_file


def test_bench_corpus_articles_are_distinct_and_parseable(tmp_path: Path) -> None:
    files = corpus.write_corpus(tmp_path, 0, 300, per_file=100)
    assert len(files) == 3
    records = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 300
    assert len({r["id"] for r in records}) == len({r["text"] for r in records}) == 300
    results = [process_file(str(f)) for f in files]
    assert all(r.error is None and not r.warnings for r in results)
    assert sum(len(r.articles) for r in results) == 300
    # most articles report projects, with figures; some (meetings) report none
    mentions = [m for r in results for m in r.mentions]
    assert len({m.article_id for m in mentions}) > 200
    assert sum(m.investment_yuan is not None for m in mentions) > len(mentions) / 2


def test_bench_corpus_is_a_function_of_seed_and_index() -> None:
    assert corpus.article(6, 1234) == corpus.article(6, 1234)
    assert corpus.article(6, 1234) != corpus.article(7, 1234)
    assert [r["id"] for r in corpus.articles(6, 10, 3)] == ["bench-6-0000010", "bench-6-0000011", "bench-6-0000012"]


def test_bench_quick_run_prints_every_row(tmp_path: Path) -> None:
    table = run(Config(sizes=(60,), query_sizes=(60,), per_file=30, workers=1, directory=tmp_path), say=lambda _: None)
    for measure in (
        "ingest throughput",
        "jieba.lcut, same text, 1 process",
        "ingest time ÷ jieba.lcut time",
        "peak memory of ingest",
        "unchanged re-run ÷ first run",
        "+1% new articles",
        "query: overview",
        "query: filtered overview",
        "query: compare",
        "query: project page",
    ):
        assert measure in table
    assert table.count("query: project page") == 1
    assert list(tmp_path.iterdir()) == []  # corpora and databases are removed


def test_bench_browser_main_thread_cpu_is_the_page_renderers_task_thread_time() -> None:
    """Thread time (`tdur`) of the top-level tasks of the busiest renderer main thread; nested events,
    other threads and wall durations (`dur`) are not counted."""
    from bench.browser import main_thread_cpu

    def name(pid: int, tid: int, thread: str) -> dict:
        return {"name": "thread_name", "ph": "M", "pid": pid, "tid": tid, "args": {"name": thread}}

    def task(pid: int, tid: int, tdur: int, what: str = "RunTask") -> dict:
        return {"name": what, "ph": "X", "pid": pid, "tid": tid, "dur": tdur * 5, "tdur": tdur}

    events = [
        name(1, 1, "CrRendererMain"),  # about:blank's renderer: one task
        task(1, 1, 900_000),
        name(2, 7, "CrRendererMain"),  # the page's
        *(task(2, 7, 100_000) for _ in range(3)),
        task(2, 7, 50_000, "FunctionCall"),  # inside a task: already counted in its RunTask
        name(2, 8, "Compositor"),
        *(task(2, 8, 70_000) for _ in range(5)),
    ]
    assert main_thread_cpu(events) == 0.3
    assert main_thread_cpu([]) != main_thread_cpu([])  # nan: no renderer in the trace
