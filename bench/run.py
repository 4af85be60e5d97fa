"""`python -m bench`: generate corpora, time ingest against jieba.lcut on the same text, re-runs, memory
and dashboard queries, and print one table with the targets of issue 6.

Everything is written to a temporary directory (`--dir` to choose one, `--keep` to keep it). Speed
targets are reported, not asserted: this machine is shared, so the table also prints the load average
and the CPU seconds beside each wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, measure, queries

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


@dataclass
class Config:
    sizes: tuple[int, ...] = (20_000, 100_000)  # ingest, re-runs, memory
    query_sizes: tuple[int, ...] = (1_000, 20_000, 100_000)  # dashboard queries
    per_file: int = 10_000  # records per .jsonl file, as a scraper's daily or weekly dump would hold
    workers: int = 0  # 0: the cores, as `ingest` defaults to
    seed: int = 6
    directory: Path | None = None
    keep: bool = False
    profile: int = 0  # articles to profile the map step on (0: no profile)
    engines: tuple[str, ...] = ("process",)  # with "dask": also ingest on a Dask LocalCluster


@dataclass
class Row:
    """One line of the table: what was measured, on how many articles, its value, the target."""

    measure: str
    articles: int
    value: str
    target: str = ""
    ok: bool | None = None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row


def _mb(n: float) -> str:
    return f"{n / MB:,.0f} MB"


def _ingest(db: Path, paths: list[Path], workers: int, env: dict[str, str], engine: str = "process") -> measure.Run:
    cmd = [sys.executable, "-m", "pipeline", "ingest", *map(str, paths), "--db", str(db)]
    if workers:
        cmd += ["--workers", str(workers)]
    if engine != "process":
        cmd += ["--engine", engine]
    result = measure.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"ingest failed ({result.returncode}):\n{result.output[-2000:]}")
    return result


def _env(work: Path) -> dict[str, str]:
    """The ingest's environment: no user corrections (they would change what is resolved)."""
    return {**os.environ, "PARKTRACK_CORRECTIONS": str(work / "no-corrections.jsonl")}


def _link_or_copy(files: list[Path], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for f in files:
        target = directory / f.name
        try:
            os.link(f, target)
        except OSError:
            shutil.copyfile(f, target)
        out.append(target)
    return out


def _corpus_for(size: int, full: list[Path], cfg: Config, work: Path) -> tuple[Path, list[Path]]:
    """A directory holding exactly `size` articles: the first files of the largest corpus when the size
    falls on a file boundary, else generated on its own."""
    directory = work / f"corpus-{size}"
    if size % cfg.per_file == 0 and size // cfg.per_file <= len(full):
        return directory, _link_or_copy(full[: size // cfg.per_file], directory)
    return directory, corpus.write_corpus(directory, 0, size, seed=cfg.seed, per_file=cfg.per_file)


def _ok(value: float, limit: float) -> bool:
    return value <= limit


def bench_size(size: int, files: list[Path], directory: Path, cfg: Config, work: Path, report: Report) -> None:
    """Ingest `size` articles; queries (when asked for this size); an unchanged re-run; 1% new articles."""
    env = _env(work)
    db = work / f"bench-{size}.db"
    text = measure.jieba_time(files)
    first = _ingest(db, [directory], cfg.workers, env)
    file_bytes = sum(f.stat().st_size for f in files)
    report.add(
        "ingest throughput",
        size,
        f"{size / first.seconds:,.0f} articles/s · {file_bytes / MB / first.seconds:.2f} MB/s "
        f"({first.seconds:.1f} s wall, {first.cpu_seconds:.1f} s CPU)",
    )
    report.add(
        "jieba.lcut, same text, 1 process",
        size,
        f"{text.articles / text.seconds:,.0f} articles/s · {text.text_bytes / MB / text.seconds:.2f} MB/s "
        f"({text.seconds:.1f} s wall, {text.cpu_seconds:.1f} s CPU)",
    )
    ratio = first.seconds / text.seconds
    report.add("ingest time ÷ jieba.lcut time", size, f"{ratio:.2f}", "≤ 1.0", _ok(ratio, 1.0))
    report.add(
        "peak memory of ingest",
        size,
        f"{_mb(first.peak_tree_pss)} (process tree, PSS) · largest process {_mb(first.max_rss)} RSS",
        "≤ 1 GB at 100k" if size >= 100_000 else "",
        _ok(max(first.peak_tree_pss, first.max_rss), 1e9) if size >= 100_000 else None,
    )
    if "dask" in cfg.engines:
        on_dask = _ingest(work / f"bench-{size}-dask.db", [directory], cfg.workers, env, engine="dask")
        report.add(
            "ingest throughput, --engine dask (LocalCluster)",
            size,
            f"{size / on_dask.seconds:,.0f} articles/s ({on_dask.seconds:.1f} s wall, {on_dask.cpu_seconds:.1f} s CPU)",
        )
    if size in cfg.query_sizes:
        bench_queries(size, db, report)
    again = _ingest(db, [directory], cfg.workers, env)
    ratio = again.seconds / first.seconds
    report.add("unchanged re-run ÷ first run", size, f"{ratio:.3f} ({again.seconds:.1f} s)", "≤ 0.05", _ok(ratio, 0.05))
    new = max(1, size // 100)
    corpus.write_corpus(directory, size, new, seed=cfg.seed, per_file=new, prefix="news-new")
    more = _ingest(db, [directory], cfg.workers, env)
    ratio = more.seconds / first.seconds
    value = f"{ratio:.3f} ({more.seconds:.1f} s)"
    report.add(f"+1% new articles (+{new:,}) ÷ first run", size, value, "≤ 0.10", _ok(ratio, 0.1))


def bench_queries(size: int, db: Path, report: Report) -> None:
    for q in queries.dashboard_times(db):
        worst = max(q.cold, q.warm)
        report.add(
            f"query: {q.view}",
            size,
            f"cold {q.cold:.3f} s · warm {q.warm:.3f} s" + ("" if q.via == "dashboard_data" else f" ({q.via})"),
            "≤ 0.5 s at 100k" if size >= 100_000 else "",
            _ok(worst, 0.5) if size >= 100_000 else None,
        )


def format_table(report: Report, header: list[str]) -> str:
    """A Markdown table (it reads as plain text too), with the header lines above it."""
    cells = [("measure", "articles", "value", "target", "met")]
    for r in report.rows:
        met = "" if r.ok is None else ("yes" if r.ok else "NO")
        cells.append((r.measure, f"{r.articles:,}", r.value, r.target, met))
    widths = [max(len(row[i]) for row in cells) for i in range(5)]
    lines = [*header, ""]
    for n, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines + [""] + report.notes)


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def run(cfg: Config, say: Callable[[str], None] = print) -> str:
    """The whole benchmark; returns the table (and prints progress lines through `say`)."""
    workers = cfg.workers or os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="parktrack-bench-", dir=cfg.directory))
    report = Report()
    started, load_before = time.perf_counter(), _load()
    try:
        largest = max((*cfg.sizes, *cfg.query_sizes))
        say(f"generating {largest:,} articles in {work} …")
        full = corpus.write_corpus(work / "full", 0, largest, seed=cfg.seed, per_file=cfg.per_file)
        sizes = sorted(set(cfg.sizes) | set(cfg.query_sizes))
        for size in sizes:
            directory, files = _corpus_for(size, full, cfg, work)
            if size in cfg.sizes:
                say(f"{size:,} articles: jieba, ingest, re-runs …")
                bench_size(size, files, directory, cfg, work, report)
            else:
                say(f"{size:,} articles: ingest for the dashboard queries …")
                db = work / f"bench-{size}.db"
                _ingest(db, [directory], cfg.workers, _env(work))
                bench_queries(size, db, report)
        if cfg.profile:
            from .hotspots import ingest_profile, map_profile

            say(f"profiling the map step on {cfg.profile:,} articles …")
            report.notes.append(map_profile(full, cfg.profile))
            report.notes.append(ingest_profile(full[: max(1, cfg.profile // cfg.per_file)], workers))
        header = [
            "parktrack benchmark (issue 6)",
            f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, ingest --workers {workers}; "
            f"load average before {load_before}, after {_load()} (the machine is shared: see CPU seconds)",
            f"corpus: synthetic news from bench/corpus.py, {cfg.per_file:,} records per .jsonl file; "
            f"total bench time {time.perf_counter() - started:.0f} s",
        ]
        return format_table(report, header)
    finally:
        if cfg.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(s.replace("_", "").replace(",", "")) for s in text.split() if s)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=_sizes, default=Config.sizes, help="ingest sizes, e.g. '20000 100000'")
    ap.add_argument("--query-sizes", type=_sizes, default=Config.query_sizes, help="dashboard query sizes")
    ap.add_argument("--per-file", type=int, default=Config.per_file, help="records per generated .jsonl file")
    ap.add_argument("--workers", type=int, default=0, help="ingest --workers (default: the cores)")
    ap.add_argument("--dir", type=Path, help="where to make the temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the corpora and databases")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the map step on N articles")
    ap.add_argument("--dask", action="store_true", help="also time ingest --engine dask on a local cluster")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, to check that the benchmark runs")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    cfg = Config(
        sizes=args.sizes,
        query_sizes=args.query_sizes,
        per_file=args.per_file,
        workers=args.workers,
        directory=args.dir,
        keep=args.keep,
        profile=args.profile,
        engines=("process", "dask") if args.dask else ("process",),
    )
    if args.quick:
        cfg.sizes, cfg.query_sizes, cfg.per_file = (400,), (100, 400), 200
    print(run(cfg, say=lambda line: print(line, file=sys.stderr, flush=True)))
    return 0
