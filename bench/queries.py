"""Dashboard query times: the calls `dashboard.py` makes for each view, through `dashboard_data`.

Each view is timed twice. *Cold* is the first view after an ingest: a new database version, nothing
cached, so it pays for reading the tables (and, with a search, for searching the stored search text).
*Warm* is every later rerun of the same view: the cached frames come back from Streamlit's cache
(which copies them) and only the per-view work runs. Where `dashboard_data` is missing or its API has
changed, the same SQL is timed directly instead, and the `via` column says so.
"""

from __future__ import annotations

import logging
import sqlite3
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

VIEWS = ("overview", "filtered overview", "compare", "project page")


@dataclass(frozen=True)
class QueryTime:
    view: str
    cold: float
    warm: float
    via: str  # "dashboard_data" or "SQL"


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _busiest(path: str) -> tuple[str, str]:
    """The project with the most mentions (the heaviest project page), and a typical one."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        top = conn.execute("select project_id from projects order by n_mentions desc, project_id limit 1").fetchone()
        mid = conn.execute(
            "select project_id from projects order by project_id limit 1 offset (select count(*) / 2 from projects)"
        ).fetchone()
    return top[0], (mid or top)[0]


def _search_word(projects) -> str:
    """A product word that occurs in some project names: what a user would type in the search box."""
    for word in ("电池", "机器人", "新材料", "食品", "项目"):
        if projects["name"].str.contains(word, regex=False).any():
            return word
    return "项目"


def dashboard_times(path: Path) -> list[QueryTime]:
    """Cold and warm time of each view, through dashboard_data (or SQL where it cannot be used)."""
    try:
        return _via_dashboard_data(str(path))
    except (ImportError, AttributeError, TypeError) as exc:
        logging.getLogger(__name__).warning("dashboard_data unusable (%s): timing the SQL instead", exc)
        return _via_sql(str(path))


def _via_dashboard_data(path: str) -> list[QueryTime]:
    import streamlit.logger

    streamlit.logger.set_log_level(logging.ERROR)  # "No runtime found": we call the cached functions outside Streamlit
    import dashboard_data as dd
    from pipeline import wordbook

    # The server loads jieba once, at its start (dd.warm_segmenter); a cold view here is a new database
    # version in a running server, so the dictionary is loaded before the clock starts.
    wordbook.load()

    def fresh() -> str:
        return f"bench-{uuid.uuid4().hex}"  # a version nothing is cached under: a cold start

    top, other = _busiest(path)
    out: list[QueryTime] = []

    def overview(version: str) -> None:
        df = dd.apply_filters(dd.load_projects(path, version), dd.Filters())
        dd.kpis(df)

    projects = dd.load_projects(path, fresh())
    parks = projects["park_label"].value_counts().index[:3].tolist()
    span = dd.year_span(projects) or (2015, 2025)
    word = _search_word(projects)
    filters = dd.Filters(parks=tuple(parks[:2]), years=(span[0], span[1]), statuses=tuple(dd.STATUS_LABELS[:4]), q=word)

    def filtered(version: str, q: str) -> None:
        projects = dd.load_projects(path, version)
        index = dd.load_index(path, version)
        df = dd.apply_filters(projects, replace(filters, q=q), index)
        dd.apply_filters(projects, dd.without_parks(filters), index)
        dd.kpis(df)

    def compare(version: str) -> None:
        all_parks = dd.apply_filters(dd.load_projects(path, version), dd.Filters())
        dd.park_summary(all_parks, parks)

    def project_page(version: str, pid: str) -> None:
        dd.load_project(path, version, pid)
        dd.load_mentions(path, version, pid)
        dd.load_evidence(path, version, pid)
        dd.load_timeline(path, version, pid)
        dd.load_figures(path, version, pid)

    v = fresh()
    out.append(QueryTime("overview", _timed(lambda: overview(v)), _timed(lambda: overview(v)), "dashboard_data"))
    v = fresh()
    cold = _timed(lambda: filtered(v, word))
    out.append(QueryTime("filtered overview", cold, _timed(lambda: filtered(v, word + "项目")), "dashboard_data"))
    v = fresh()
    out.append(QueryTime("compare", _timed(lambda: compare(v)), _timed(lambda: compare(v)), "dashboard_data"))
    v = fresh()
    cold = _timed(lambda: project_page(v, top))
    out.append(QueryTime("project page", cold, _timed(lambda: project_page(v, other)), "dashboard_data"))
    return out


# The same reads as dashboard_data, for when it cannot be imported: its SQL, with pandas doing the sums.
SQL_VIEWS: dict[str, list[str]] = {
    "overview": ["select * from projects order by project_id"],
    "filtered overview": [
        "select * from projects order by project_id",
        "select project_id, name from mentions where project_id is not null",
    ],
    "compare": ["select * from projects order by project_id"],
    "project page": [
        "select * from projects where project_id = :pid",
        "select m.*, a.title, a.date, a.source, a.url, a.text from mentions m join articles a using (article_id) "
        "where m.project_id = :pid order by a.date is null, a.date, m.mention_id",
        "select e.* from evidence e join mentions m using (mention_id) where m.project_id = :pid "
        "order by e.mention_id, e.start",
        "select * from timeline where project_id = :pid order by coalesce(date, ''), mention_id",
        "select f.*, a.text from figures f left join articles a on a.article_id = f.article_id "
        "where f.project_id = :pid order by f.field, f.date",
    ],
}


def _via_sql(path: str) -> list[QueryTime]:
    import pandas as pd

    top, other = _busiest(path)

    def view(name: str, pid: str) -> None:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            for sql in SQL_VIEWS[name]:
                df = pd.read_sql_query(sql, conn, params={"pid": pid})
                if name != "project page" and "investment_yuan" in df:
                    df.groupby("park", dropna=False)["investment_yuan"].agg(["count", "sum", "median"])

    return [QueryTime(v, _timed(lambda v=v: view(v, top)), _timed(lambda v=v: view(v, other)), "SQL") for v in VIEWS]
