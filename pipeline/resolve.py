"""Mentions to projects. This first version groups mentions by a normalised name; project ids are a
hash of that key, so they do not depend on ingest order."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict

import sqlite_utils

from .names import core_name as _core
from .lexicon import STAGE_ORDER


def name_key(name: str) -> str:
    return _core(name)


def project_id(key: str) -> str:
    return "p" + hashlib.sha1(key.encode()).hexdigest()[:11]


def _latest(rows: list[dict], field: str):
    dated = [r for r in rows if r.get(field) is not None]
    if not dated:
        return None
    return max(dated, key=lambda r: (r.get("date") or "", r["mention_id"]))


def resolve(db: sqlite_utils.Database) -> tuple[dict[str, str], list[dict]]:
    """Assign every mention a project and build one record per project."""
    rows = list(db.query(
        "select m.*, a.date, a.source from mentions m join articles a using (article_id) order by m.mention_id"))
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[project_id(name_key(r["name"]))].append(r)
    assignments: dict[str, str] = {}
    projects = []
    for pid, members in sorted(groups.items()):
        for m in members:
            assignments[m["mention_id"]] = pid
        names = Counter(m["name"] for m in members)
        name = max(names, key=lambda n: (names[n], len(n)))
        events = [m["status"] for m in members if m["status"] and not m["is_plan"]]
        status = max(events, key=STAGE_ORDER.__getitem__) if events else None
        inv = _latest(members, "investment_yuan")
        out = _latest(members, "output_yuan")
        jobs = _latest(members, "jobs")
        dates = sorted(m["date"] for m in members if m["date"])
        companies = Counter(m["company"] for m in members if m["company"])
        parks = Counter(m["park"] for m in members if m["park"])
        projects.append({
            "project_id": pid,
            "name": name,
            "aliases": json.dumps(sorted(set(names) - {name}), ensure_ascii=False),
            "company": companies.most_common(1)[0][0] if companies else None,
            "park": parks.most_common(1)[0][0] if parks else None,
            "investment_yuan": inv["investment_yuan"] if inv else None,
            "investment_currency": inv["investment_currency"] if inv else None,
            "output_yuan": out["output_yuan"] if out else None,
            "jobs": jobs["jobs"] if jobs else None,
            "status": status,
            "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None,
            "n_mentions": len(members),
            "n_articles": len({m["article_id"] for m in members}),
            "n_sources": len({m["source"] for m in members}),
        })
    return assignments, projects
