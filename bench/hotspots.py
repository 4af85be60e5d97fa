"""Where the time goes: pyinstrument over the map step (one process, the workers' view) and over a
whole ingest (the parent's view: waiting on workers, writing, resolving). Speed work starts here,
not from a guess."""

from __future__ import annotations

import contextlib
import io
import tempfile
from itertools import islice
from pathlib import Path


def _profiler():
    from pyinstrument import Profiler

    return Profiler(interval=0.001)


def _text(profiler) -> str:
    return profiler.output_text(unicode=True, color=False, show_all=False)


def map_profile(files: list[Path], n: int) -> str:
    """The map step (`engine.map_documents`) over the first `n` documents of `files`, in this process."""
    from pipeline.engine import map_documents
    from pipeline.readers import read_file

    docs = []
    for f in files:
        docs += read_file(f)[0]
        if len(docs) >= n:
            break
    docs = list(islice(docs, n))
    map_documents(docs[:3])  # tables loaded before the clock starts, as in a warm worker
    profiler = _profiler()
    profiler.start()
    map_documents(docs)
    profiler.stop()
    return f"map step over {len(docs):,} articles, one process:\n" + _text(profiler)


def ingest_profile(paths: list[Path], workers: int) -> str:
    """A whole `ingest` run in this process (pool workers are not in it: see `map_profile`)."""
    from pipeline import cli

    with tempfile.TemporaryDirectory(prefix="parktrack-profile-") as tmp:
        profiler = _profiler()
        profiler.start()
        with contextlib.redirect_stdout(io.StringIO()):  # its summary is not part of the table
            cli.main(["ingest", *map(str, paths), "--db", str(Path(tmp) / "p.db"), "--workers", str(workers)])
        profiler.stop()
    return "ingest, the parent process:\n" + _text(profiler)
