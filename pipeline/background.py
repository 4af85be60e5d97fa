"""Work the ingest's tail hands to the second core: a forked child computes one independent part while
the parent goes on with the rest, and the parent takes its result when it needs it.

Only for work whose result does not depend on what the parent does meanwhile (a read of tables the parent
no longer changes, a file only the child writes): then the run gives what it gives in one process. The
child opens its own database connection (one carried across a fork is not safe to use) and ends with
`os._exit`, so nothing of the parent's (buffers, connections, atexit hooks) is flushed or closed twice.
Where there is no fork (Windows), or the child fails, the work is done in the parent instead.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

from . import wordbook

T = TypeVar("T")


class Started(Generic[T]):
    """A part computed in a forked child (or, when that is not possible, on demand in this process)."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._pid = 0
        self._read = -1
        if hasattr(os, "fork"):
            self._fork()

    def _fork(self) -> None:
        wordbook.settle()  # no thread of ours holds a lock the child inherits
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running the parent's exit hooks
            os.close(read)
            code = 0
            try:
                try:
                    payload = pickle.dumps((True, self._fn()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # noqa: BLE001 — the parent does the work again
                    payload, code = pickle.dumps((False, None)), 1
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The child's result, waited for; the work done here when there was no child or it failed."""
        if not self._pid:
            return self._fn()
        with os.fdopen(self._read, "rb") as src:
            data = src.read()
        os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            ok, value = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError):
            ok, value = False, None
        return value if ok else self._fn()


def start(fn: Callable[[], T]) -> Started[T]:
    """Start `fn` in a forked child; `.result()` waits for it."""
    return Started(fn)
