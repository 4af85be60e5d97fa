"""Settings in one table: (name, default, help). Paths come from here or the environment, never from
the working directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETTINGS: list[tuple[str, str, str]] = [
    ("PROJECTS_DB", str(ROOT / "data" / "projects.db"), "the SQLite database ingest writes and the dashboard reads"),
    ("PARKTRACK_PARKS", str(ROOT / "data" / "parks.csv"), "the parks gazetteer (name,aliases,kind,region)"),
    (
        "PARKTRACK_CORRECTIONS",
        "",
        "user corrections applied on every run (default: beside the database, <db>.corrections.jsonl)",
    ),
]


def setting(name: str) -> str:
    default = next(d for n, d, _ in SETTINGS if n == name)
    return os.environ.get(name) or default


def default_db() -> Path:
    return Path(setting("PROJECTS_DB"))
