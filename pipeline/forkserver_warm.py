"""Preloaded by the map step's fork server (engine._pool_context), and imported by nothing else.

Why an import that does work: the pool's workers are forked from a fork server (so that they inherit
neither the ingest lock nor the database connection), and the tables the map step loads lazily (the
fold table, the parks gazetteer, jieba's dictionary: a second or more, and tens of MB) are built here,
once, in the server, so every worker starts with them, shared copy-on-write, as when the workers were
forked from the ingest itself.
"""

from __future__ import annotations


def _preload() -> None:
    from .engine import _warm

    try:
        _warm()
    except Exception:  # noqa: BLE001 — a worker warms itself again (engine._worker_init) and reports a fault
        pass


_preload()
