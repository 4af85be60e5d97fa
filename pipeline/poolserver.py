"""The fork server the map step's pool workers come from (engine._pool_context), started as early as
an ingest can start it.

The server loads the map step's tables before it forks the first worker (pipeline/forkserver_warm.py:
about a second of CPU), and the ingest waits for that first worker. Started by `python -m pipeline
ingest` before it imports the pipeline (pipeline/__main__.py), the server loads them on the other core
while the ingest imports, plans and reads its first file: the wait is gone. Starting it changes
nothing a run does (the pool finds it running); a run that makes no pool (one small file) leaves it
idle, and it ends with the ingest.

Imports nothing but multiprocessing: it runs before the pipeline is imported.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

PRELOAD = ["pipeline.forkserver_warm"]


def context() -> multiprocessing.context.BaseContext:
    """A fork server that preloads the map step's tables; `spawn` where there is no fork server."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def pool_likely(argv: Sequence[str]) -> bool:
    """Whether a command line is an ingest that may map on a process pool: `ingest` on a machine of
    more than one core, not on another engine (`--engine dask`) and not told to use one worker. A
    guess from the words alone (the CLI parses them later): a wrong guess costs only an idle server."""
    if list(argv[:1]) != ["ingest"] or (os.cpu_count() or 1) < 2:
        return False
    words = [w for arg in argv[1:] for w in arg.split("=", 1)]
    for option, refused in (("--engine", lambda v: v != "process"), ("--workers", lambda v: v == "1")):
        if option in words:
            at = words.index(option) + 1
            if at >= len(words) or refused(words[at]):
                return False
    return True


_started: list[bool] = []  # one entry once start_early started the server in this process


def start_early(argv: Sequence[str]) -> None:
    """Start the fork server now, without waiting for it, when the command line will likely want it."""
    if not pool_likely(argv):
        return
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
        _started.append(True)


def started() -> bool:
    """Whether this process started the fork server early: a pool then costs little to make."""
    return bool(_started)
