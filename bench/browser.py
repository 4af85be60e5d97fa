"""`python -m bench.browser`: how long the dashboard's views take in real Chromium, from navigation to
drawn, beside a bare Streamlit page with one Plotly chart measured in the same run (the target: each view
within 1.5× the bare page).

Beside the wall time, each view's main-thread CPU in the renderer (the sum of the thread time of its
tasks in a Chromium trace) is reported: it leaves out the time the thread waited for a core, which on
the shared machine made one page's wall time vary 2–3× between runs; it still varies (a quarter or so at
load average 4–8), so compare several runs.

"Drawn" is the first moment the script has finished, every Plotly element has drawn and no skeleton is
left. Each view is opened once cold (not counted), then `--runs` times, the bare page and the views in
turn, round after round; the median is reported. Views:
the overview, a park page (the park with most projects), a project page (the most mentioned project) and
a two-word search. Databases: the sample issues (data/articles) and a generated corpus of `--size`
articles (bench/corpus.py), built in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
TARGET = 1.5
BARE = "单图基准页"
BARE_PAGE = '''"""One Plotly chart, nothing else: the floor a Streamlit page with a chart costs on this machine."""
import plotly.graph_objects as go
import streamlit as st

st.title("基准页")
st.plotly_chart(go.Figure(go.Bar(x=["甲", "乙", "丙"], y=[3, 1, 2])))
'''
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
    const drawn = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').length;
    const loading = document.querySelectorAll('[data-testid^="stSkeleton"]').length;
    const main = document.querySelector('[data-testid="stMain"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning' && charts > 0 && charts === drawn
        && loading === 0 && !!main && main.innerText.length > 0;
}"""
# Milestones of one load, in ms since navigation (performance.now()), read when the view is drawn: the
# app's frame, the script's end (running seen, then notRunning), the first and last chart drawn, and
# the main thread's busy time (long tasks: JavaScript, layout and Plotly's drawing).
MARKS = """(() => {
    const m = {busy: 0, longest: 0};
    window.__marks = m;
    try {
        new PerformanceObserver(list => { for (const e of list.getEntries()) {
            m.busy += e.duration; m.longest = Math.max(m.longest, e.duration); } }).observe({type: 'longtask'});
    } catch (e) {}
    const tick = () => {
        const now = performance.now();
        const app = document.querySelector('[data-testid="stApp"]');
        if (app && m.app === undefined) m.app = now;
        const state = app && app.getAttribute('data-test-script-state');
        if (state === 'running' && m.running === undefined) m.running = now;
        if (m.running !== undefined && state === 'notRunning' && m.script === undefined) m.script = now;
        const drawn = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot');
        if (drawn.length && m.first === undefined) m.first = now;
        if (drawn.length !== m.drawn) { m.drawn = drawn.length; m.last = now; }
        m.traces = 0; m.points = 0;
        for (const gd of drawn) for (const t of (gd.data || [])) {
            m.traces += 1;
            m.points += (t.x || t.labels || t.y || []).length;
        }
    };
    setInterval(tick, 20);
})()"""
BREAKDOWN = "() => { const m = window.__marks || {}; return m; }"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(script: Path, db: Path | None) -> Iterator[str]:
    """A Streamlit server for `script` on a free local port, stopped on exit."""
    port = _port()
    env = dict(os.environ, **({"PROJECTS_DB": str(db)} if db else {}))
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start for {script}") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]


def main_thread_cpu(events: list[dict]) -> float:
    """Seconds of CPU the renderer's main thread spent on one load: the thread time (`tdur`, µs) of its
    top-level tasks, on the busiest `CrRendererMain` thread of the trace (the page's; about:blank and
    other renderers have few events). Thread time excludes the time the thread waited for a core, so it
    does not grow with the machine's load as the wall time does."""
    names = {(e["pid"], e["tid"]): e.get("args", {}).get("name") for e in events if e.get("name") == "thread_name"}
    mains = {key for key, name in names.items() if name == "CrRendererMain"}
    counts: dict[tuple, int] = {}
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if key in mains:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return float("nan")
    busiest = max(counts, key=counts.__getitem__)
    return (
        sum(
            e.get("tdur", 0)
            for e in events
            if (e.get("pid"), e.get("tid")) == busiest and e.get("ph") == "X" and e.get("name") == "RunTask"
        )
        / 1e6
    )


def load_once(browser, page, url: str, trace: bool) -> tuple[float, float, dict]:
    """One load from about:blank to drawn: seconds, main-thread CPU seconds (with `trace`) and the marks."""
    page.goto("about:blank")
    if trace:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, polling=50, timeout=120_000)
    seconds = time.perf_counter() - start
    marks = page.evaluate(BREAKDOWN)
    cpu = float("nan")
    if trace:
        events = json.loads(browser.stop_tracing())
        cpu = main_thread_cpu(events["traceEvents"] if isinstance(events, dict) else events)
    return seconds, cpu, marks


def time_views(browser, page, urls: dict[str, str], runs: int) -> dict[str, tuple[float, float, str]]:
    """Per view, the median seconds from navigation to drawn, the median main-thread CPU seconds and a
    one-line breakdown of the median load, after one cold load each that is not counted. The views are
    loaded in turn, round after round, so the bare page and the views share the machine's moments (its
    load moved one view's CPU by half between two minutes)."""
    loads: dict[str, list[tuple[float, dict]]] = {name: [] for name in urls}
    cpus: dict[str, list[float]] = {name: [] for name in urls}
    for i in range(runs + 1):
        for name, url in urls.items():
            seconds, cpu, marks = load_once(browser, page, url, trace=bool(i))
            if i:
                loads[name].append((seconds, marks))
                cpus[name].append(cpu)
    out = {}
    for name in urls:
        ordered = sorted(loads[name], key=lambda load: load[0])
        middle = ordered[len(ordered) // 2]
        out[name] = (middle[0], sorted(cpus[name])[len(cpus[name]) // 2], breakdown(middle[1]))
    return out


def breakdown(m: dict) -> str:
    """`app 0.41 · script 0.90 · charts 0.95–1.40 (5 charts, 9 traces, 40 points) · busy 0.60 (longest 0.21)`."""

    def s(key: str) -> str:
        return f"{m[key] / 1000:.2f}" if isinstance(m.get(key), int | float) else "?"

    return (
        f"app {s('app')} · script {s('script')} · charts {s('first')}–{s('last')} "
        f"({m.get('drawn', 0)} charts, {m.get('traces', 0)} traces, {m.get('points', 0)} points) · "
        f"busy {s('busy')} (longest {s('longest')})"
    )


def views(db: Path) -> dict[str, str]:
    """The query strings of the measured views, chosen from the database itself."""
    with sqlite3.connect(db) as conn:
        park = conn.execute(
            "select park from projects where park is not null group by park order by count(*) desc limit 1"
        ).fetchone()
        project = conn.execute("select project_id, name from projects order by n_mentions desc limit 1").fetchone()
    out = {"总览": ""}
    if park:
        out["园区页"] = "?park_page=" + quote(park[0])
    if project:
        out["项目页"] = "?project=" + quote(project[0])
        name = project[1]
        out["搜索（两个词）"] = "?q=" + quote(f"{name[:2]} {name[2:4]}")
    return out


def build(directory: Path, size: int, reuse: bool = False) -> Path:
    """The database of `size` articles (0: the sample issues); with `reuse`, one built before in the
    same directory is kept (building 20,000 articles takes minutes)."""
    db = directory / f"bench{size}.db"
    if reuse and db.exists():
        return db
    if size == 0:
        src = ROOT / "data" / "articles"
        paths = [str(src)]
    else:
        files = corpus.write_corpus(directory / f"corpus{size}", 0, size, seed=6)
        paths = [str(f) for f in files]
    subprocess.run([sys.executable, "-m", "pipeline", "ingest", *paths, "--db", str(db)], cwd=ROOT, check=True)
    return db


Row = tuple[str, str, float, float, float, float, float, str]


def run(sizes: list[int], runs: int, directory: Path, reuse: bool = False) -> list[Row]:
    from playwright.sync_api import sync_playwright

    directory.mkdir(parents=True, exist_ok=True)  # `--dir` may name a directory not made yet
    bare_script = directory / "bare.py"
    bare_script.write_text(BARE_PAGE, encoding="utf-8")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page.add_init_script(MARKS)
        for size in sizes:
            db = build(directory, size, reuse)
            label = "样例（data/articles）" if size == 0 else f"{size:,} 篇"
            with serve(bare_script, None) as bare_url, serve(ROOT / "dashboard.py", db) as url:
                urls = {BARE: bare_url} | {name: f"{url}/{query}" for name, query in views(db).items()}
                timed = time_views(browser, page, urls, runs)
                bare, bare_cpu, _ = timed[BARE]
                for name, (t, cpu, marks) in timed.items():
                    rows.append((label, name, t, bare, t / bare, cpu, cpu / bare_cpu, marks))
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=20_000, help="articles in the generated corpus (0: none)")
    ap.add_argument("--runs", type=int, default=5, help="timed loads per view, after one cold load")
    ap.add_argument("--dir", type=Path, help="work directory (default: a temporary one)")
    ap.add_argument("--reuse", action="store_true", help="keep a database built before in --dir")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium fonts-wqy-microhei", file=sys.stderr)
        return 2
    sizes = [0] + ([args.size] if args.size else [])
    with tempfile.TemporaryDirectory(prefix="parktrack-browser-") as tmp:
        before = os.getloadavg()
        rows = run(sizes, args.runs, args.dir or Path(tmp), args.reuse and args.dir is not None)
        after = os.getloadavg()
    load = " · ".join(f"{w} " + "/".join(f"{x:.1f}" for x in avg) for w, avg in (("开始", before), ("结束", after)))
    print(f"负载（1/5/15 分钟）：{load}")
    print(
        f"| 数据库 | 视图 | 打开到画完（中位数，秒） | 单图基准页（秒） | 倍数 | 目标 ≤ {TARGET}× "
        "| 主线程 CPU（秒） | CPU 倍数 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, name, t, bare, ratio, cpu, cpu_ratio, _ in rows:
        met = "是" if ratio <= TARGET else "否"
        print(f"| {label} | {name} | {t:.2f} | {bare:.2f} | {ratio:.2f} | {met} | {cpu:.2f} | {cpu_ratio:.2f} |")
    print("\n各视图中位数一次的分解（秒，自导航起）：")
    for label, name, *_, marks in rows:
        print(f"- {label} · {name}：{marks}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
