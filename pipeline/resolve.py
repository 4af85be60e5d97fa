"""Mentions to projects, and the project record built from them.

This version groups mentions by a normalised name (`names.core_name`: no phase, no `项目` suffix, no
region prefix); project ids are a hash of that key, so they do not depend on ingest order.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import date

import sqlite_utils

from .lexicon import STAGE_ORDER
from .names import core_name
from .parks import canonical_park

STALL_YEARS = 2  # no event for this long before the newest article: stalled (inferred)
STALLED = "停滞（推断）"


def name_key(name: str) -> str:
    return core_name(name)


def project_id(key: str) -> str:
    return "p" + hashlib.sha1(key.encode()).hexdigest()[:11]


def _latest(rows: list[dict], field: str) -> dict | None:
    """The latest stated figure: the newest article's, ties to the later mention."""
    stated = [r for r in rows if r.get(field) is not None]
    return max(stated, key=lambda r: (r.get("date") or "", r["mention_id"])) if stated else None


def _years_between(older: str, newer: str) -> float:
    def as_date(s: str) -> date:
        parts = [int(p) for p in s.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    return (as_date(newer) - as_date(older)).days / 365.25


def health(n_sources: int, record: dict) -> float:
    """How much a reader can lean on a record: independent sources (up to 3) and complete fields."""
    fields = ("company", "park", "investment_yuan", "status")
    complete = sum(record.get(f) is not None for f in fields) / len(fields)
    return round(0.5 * min(n_sources, 3) / 3 + 0.5 * complete, 2)


def resolve(db: sqlite_utils.Database) -> tuple[dict[str, str], list[dict], list[dict], list[dict]]:
    """Assign every mention a project; build the projects, their timelines and stated figures."""
    rows = list(
        db.query(
            "select m.*, a.date, a.source from mentions m join articles a using (article_id) order by m.mention_id"
        )
    )
    newest = max((r["date"] for r in rows if r["date"]), default=None)
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[project_id(name_key(r["name"]))].append(r)
    assignments: dict[str, str] = {}
    projects, timeline, figures = [], [], []
    for pid, members in sorted(groups.items()):
        for m in members:
            assignments[m["mention_id"]] = pid
            if m["status"]:
                timeline.append(
                    {
                        "project_id": pid,
                        "date": m["date"],
                        "stage": m["status"],
                        "is_plan": m["is_plan"],
                        "mention_id": m["mention_id"],
                        "article_id": m["article_id"],
                    }
                )
            for field, currency in (
                ("investment_yuan", m["investment_currency"]),
                ("output_yuan", "CNY"),
                ("jobs", None),
            ):
                if m[field] is not None:
                    figures.append(
                        {
                            "project_id": pid,
                            "field": field,
                            "value": m[field],
                            "currency": currency,
                            "date": m["date"],
                            "mention_id": m["mention_id"],
                            "article_id": m["article_id"],
                            "text": m["sentence"],
                        }
                    )
        projects.append(_record(pid, members, newest))
    return assignments, projects, timeline, figures


def _record(pid: str, members: list[dict], newest: str | None) -> dict:
    names = Counter(m["name"] for m in members)
    name = max(names, key=lambda n: (names[n], len(n)))
    events = [m for m in members if m["status"] and not m["is_plan"]]
    status = max((m["status"] for m in events), key=STAGE_ORDER.__getitem__) if events else None
    inv = _latest(members, "investment_yuan")
    out = _latest(members, "output_yuan")
    jobs = _latest(members, "jobs")
    dates = sorted(m["date"] for m in members if m["date"])
    event_dates = sorted(m["date"] for m in events if m["date"])
    companies = Counter(m["company"] for m in members if m["company"])
    parks = Counter(canonical_park(m["park"]) for m in members if m["park"])
    phases = sorted({p for m in members if m["phase"] for p in m["phase"].split("、")})
    stalled = bool(
        newest
        and event_dates
        and _years_between(event_dates[-1], newest) >= STALL_YEARS
        and status not in ("投产", "达产")
    )
    n_sources = len({m["source"] for m in members})
    record = {
        "project_id": pid,
        "name": name,
        "aliases": json.dumps(sorted(set(names) - {name}), ensure_ascii=False),
        "company": companies.most_common(1)[0][0] if companies else None,
        "park": parks.most_common(1)[0][0] if parks else None,
        "investment_yuan": inv["investment_yuan"] if inv else None,
        "investment_currency": inv["investment_currency"] if inv else None,
        "investment_mention_id": inv["mention_id"] if inv else None,
        "output_yuan": out["output_yuan"] if out else None,
        "jobs": jobs["jobs"] if jobs else None,
        "status": status,
        "status_inferred": STALLED if stalled else None,
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "year": int(dates[0][:4]) if dates else None,
        "phases": "、".join(phases) or None,
        "n_mentions": len(members),
        "n_articles": len({m["article_id"] for m in members}),
        "n_sources": n_sources,
        "n_events": len(events),
        "in_totals": 1,
        "exclude_reason": None,
    }
    record["health"] = health(n_sources, record)
    return record
