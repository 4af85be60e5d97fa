"""Timing and memory of a command run as a subprocess, and of jieba over the same text.

Memory is measured two ways, because an ingest is a process tree (the parent and its pool workers):
the peak *sum of PSS* over the tree, polled from /proc (proportional set size: shared pages are split
between the processes that share them, so forked workers are not counted twice), and the largest
single process's `ru_maxrss` from `wait4`, exact but blind to the sum.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Reading smaps_rollup walks a process's page tables in the kernel: about 9 ms of CPU for a 450 MB
# process on the 2-core bench machine, while it holds that process's memory lock. Polled ten times a
# second over the ingest's three processes, the probe itself took a fifth of a core from the ingest it
# timed. Once a second costs a fiftieth; the ingest's memory peak (the resolution, after the map) lasts
# several seconds, so a slower poll does not miss it.
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Run:
    """One command's cost: wall seconds, CPU seconds of it and its reaped children, memory in bytes."""

    seconds: float
    cpu_seconds: float
    peak_tree_pss: int  # polled; 0 where /proc has no smaps_rollup
    max_rss: int  # of the largest single process (the parent or a worker)
    returncode: int
    output: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (RSS where the kernel has no smaps_rollup)."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def tree_memory(pid: int) -> int:
    return sum(_pss(p) for p in _tree(pid))


def run(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` to its end; its wall time, CPU time and memory (see the module's note)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_memory(proc.pid))
            stop.wait(POLL_SECONDS)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    assert proc.stdout is not None
    output = proc.stdout.read()  # until the command closes it, at its end
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_tree_pss=peak,
        max_rss=usage.ru_maxrss * 1024,
        returncode=proc.returncode,
        output=output,
    )


def corpus_texts(files: Iterable[Path]) -> Iterable[str]:
    """The `text` of every record of JSON Lines files, one at a time."""
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)["text"]


@dataclass(frozen=True)
class Segmented:
    """jieba.lcut over a corpus in this one process: time spent in lcut only (not reading JSON)."""

    seconds: float
    cpu_seconds: float
    articles: int
    text_bytes: int


def jieba_time(files: Iterable[Path]) -> Segmented:
    """Seconds jieba.lcut takes over every article's text, its dictionary loaded beforehand (the
    pipeline's workers load their tables once too)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    spent, cpu, n, size = 0.0, 0.0, 0, 0
    for text in corpus_texts(files):
        t, c = time.perf_counter(), time.process_time()
        jieba.lcut(text)
        spent += time.perf_counter() - t
        cpu += time.process_time() - c
        n += 1
        size += len(text.encode("utf-8"))
    return Segmented(spent, cpu, n, size)
