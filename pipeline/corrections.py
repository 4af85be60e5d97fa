"""User corrections, kept in a file of their own (`data/corrections.jsonl`) and applied on every run,
so a re-run or a rebuild never loses them. One JSON object per line:

    {"op": "merge", "ids": ["p…", "p…"]}                     two (or more) projects are one
    {"op": "split", "id": "p…", "names": ["海富电子项目"]}      mentions with these names are another project
    {"op": "rename", "id": "p…", "name": "…"}                 the project's name
    {"op": "set", "id": "p…", "field": "investment_yuan", "value": 5000000000}
    {"op": "exclude", "id": "p…", "reason": "…"}              leave the project out of sums

Ids are those the resolution gives (see `resolve`); a line whose id no longer exists is reported and
skipped, never fatal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .settings import setting

SETTABLE = (
    "name",
    "company",
    "park",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "jobs",
    "status",
    "in_totals",
    "exclude_reason",
)
OPS = ("merge", "split", "rename", "set", "exclude")


class BadCorrection(Exception):
    """a correction line that cannot be applied"""


def path() -> Path:
    return Path(setting("PARKTRACK_CORRECTIONS"))


def load(file: Path | None = None) -> list[dict]:
    """The corrections in file order; unreadable lines are reported on stderr and skipped."""
    p = file or path()
    if not p.exists():
        return []
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            check(item)
        except (json.JSONDecodeError, BadCorrection) as exc:
            print(f"{p}:{n}: skipped correction: {exc}", file=sys.stderr)
            continue
        out.append(item)
    return out


def check(item: dict) -> None:
    if not isinstance(item, dict) or item.get("op") not in OPS:
        raise BadCorrection(f"op must be one of {', '.join(OPS)}")
    if item["op"] == "merge" and len(item.get("ids") or []) < 2:
        raise BadCorrection("merge needs two ids or more")
    if item["op"] != "merge" and not item.get("id"):
        raise BadCorrection(f"{item['op']} needs an id")
    if item["op"] == "set" and item.get("field") not in SETTABLE:
        raise BadCorrection(f"set can change {', '.join(SETTABLE)}")
    if item["op"] == "split" and not item.get("names"):
        raise BadCorrection("split needs the names that form the other project")


def append(item: dict, file: Path | None = None) -> Path:
    """Record one correction (checked first) at the end of the file."""
    check(item)
    p = file or path()
    p.parent.mkdir(parents=True, exist_ok=True)
    item = {**item, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    with p.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return p


def apply(
    items: list[dict], groups: list[list[dict]], group_id: Callable[[list[dict]], str]
) -> tuple[list[list[dict]], dict[str, dict]]:
    """Apply corrections to groups of mention rows; return the groups and field overrides by id."""
    overrides: dict[str, dict] = {}
    for item in items:
        by_id = {group_id(g): g for g in groups}
        op = item["op"]
        if op == "merge":
            present = [by_id[i] for i in item["ids"] if i in by_id]
            if len(present) < 2:
                print(f"correction merge {item['ids']}: fewer than two of these ids exist; skipped", file=sys.stderr)
                continue
            merged = [m for g in present for m in g]
            groups = [g for g in groups if not any(g is p for p in present)] + [merged]
            moved = {k: v for i in item["ids"] for k, v in overrides.pop(i, {}).items()}
            if moved:
                overrides.setdefault(group_id(merged), {}).update(moved)
            continue
        target = by_id.get(item["id"])
        if target is None:
            print(f"correction {op} {item['id']}: no such project; skipped", file=sys.stderr)
            continue
        if op == "split":
            names = set(item["names"])
            out = [m for m in target if m["name"] in names]
            keep = [m for m in target if m["name"] not in names]
            if out and keep:
                groups = [g for g in groups if g is not target] + [keep, out]
        elif op == "rename":
            overrides.setdefault(item["id"], {})["name"] = item["name"]
        elif op == "set":
            overrides.setdefault(item["id"], {})[item["field"]] = item["value"]
        elif op == "exclude":
            overrides.setdefault(item["id"], {}).update(in_totals=0, exclude_reason=item.get("reason") or "用户排除")
    return groups, overrides
