"""Read-only data access for the dashboard: cached queries, filters, search and exports.

Every query opens its own read-only connection with bound parameters, so the dashboard never holds
a connection the pipeline's writer could trip over and never builds SQL from what a user typed.
Cached results are keyed on the database's path and a version string made from the modification
times of the file and its WAL, so a fresh ingest shows up on the next rerun without a restart.
Nothing here runs at import.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from pipeline import export as export_mod
from pipeline import wordbook
from pipeline.export import neutralise
from pipeline.forecast import FORECAST_BEFORE, STATED_BEFORE, is_forecast  # noqa: F401 — the rule, as dd.*
from pipeline.model import STAGES
from pipeline.settings import default_db
from pipeline.store import record_figure_sql
from pipeline.textnorm import fold

YI = 10**8  # 1亿元
STALLED = "停滞（推断）"
UNKNOWN_STAGE = "未知"
NO_PARK = "未注明园区"
UNDISCLOSED = "未披露"
FOREIGN = "外币（未折算）"
# Size bands by stated CNY investment, lower bound inclusive; the last band has no upper bound.
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("<1亿", 0, YI),
    ("1–10亿", YI, 10 * YI),
    ("10–50亿", 10 * YI, 50 * YI),
    ("50–100亿", 50 * YI, 100 * YI),
    ("≥100亿", 100 * YI, None),
)
SIZE_LABELS: tuple[str, ...] = tuple(b[0] for b in SIZE_BANDS) + (UNDISCLOSED, FOREIGN)
# What people type in a hand-made link for the band labels above.
_SIZE_ALIASES = {"1-10亿": "1–10亿", "10-50亿": "10–50亿", "50-100亿": "50–100亿", ">=100亿": "≥100亿"}
STATUS_LABELS: tuple[str, ...] = STAGES + (STALLED, UNKNOWN_STAGE)
FILTER_KEYS = ("province", "city", "county", "park", "year", "status", "size", "q")
PLACE_LEVELS = (("province", "省份"), ("city", "城市"), ("county", "区县"))

PROJECT_EXPORT_COLUMNS = [
    "project_id",
    "name",
    "aliases",
    "company",
    "park",
    "province",
    "city",
    "county",
    "adcode",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "jobs",
    "status",
    "status_inferred",
    "year",
    "first_seen",
    "last_seen",
    "n_mentions",
    "n_articles",
    "n_sources",
    "health",
    "in_totals",
    "exclude_reason",
    "size_band",
]
MENTION_EXPORT_COLUMNS = [
    "source",
    "article_id",
    "article_title",
    "date",
    "name",
    "company",
    "park",
    "investment_yuan",
    "investment_currency",
    "output_yuan",
    "jobs",
    "status",
    "is_plan",
    "sentence",
    "start",
    "end",
    "project_id",
    "mention_id",
    "url",
]  # the contract's columns (DESIGN.md), then ours
FIGURE_EXPORT_COLUMNS = export_mod.FIGURE_COLUMNS


class NoDatabase(Exception):
    """no database yet: build it with `make run` or `python -m pipeline ingest data/articles`"""


class BadDatabase(Exception):
    """the database cannot be read as parktrack's: its message says in Chinese what is wrong and what to run"""


REQUIRED_PROJECT_COLUMNS = ("project_id", "name", "park", "investment_yuan", "status")


def _bad(path: str, what: str) -> BadDatabase:
    return BadDatabase(
        f"数据库 {path} {what}。请重建：python -m pipeline ingest data/articles --db {path} --rebuild"
        "（或把 PROJECTS_DB 指向 parktrack 建的数据库）。"
    )


def _database_error(path: str, exc: Exception) -> BadDatabase:
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return _bad(path, "已损坏（SQLite 报告：数据库映像损坏），读不出项目")
    if "no such" in text:
        return _bad(path, f"缺少 parktrack 的表或列（{text.splitlines()[-1][:120]}）：不是本程序建的，或建得太早")
    return _bad(path, f"读不了（{text.splitlines()[-1][:160] if text else type(exc).__name__}）")


# ---------------------------------------------------------------------------------------------------
# Connections and versions


def database_path() -> Path:
    """Where the pipeline writes: $PROJECTS_DB, else data/projects.db."""
    return default_db()


def db_version(path: Path | str) -> str | None:
    """A cache key that changes whenever the database does: mtimes and sizes of the file and of a
    non-empty WAL (a write in WAL mode may not touch the main file until a checkpoint; an empty WAL,
    which merely opening the database creates, holds nothing). None when there is no file."""
    p = Path(path)
    if not p.exists():
        return None
    parts = []
    for f in (p, p.with_name(p.name + "-wal")):
        if f.exists():
            s = f.stat()
            if s.st_size or f == p:
                parts.append(f"{s.st_mtime_ns}:{s.st_size}")
    return "|".join(parts)


def _connect(path: str) -> sqlite3.Connection:
    """A read-only connection: the dashboard never writes, so it can never corrupt or lock the build."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10)


def _query(path: str, sql: str, params: Iterable = ()) -> pd.DataFrame:
    """One connection per query, closed when the query is done. A database SQLite cannot read (a
    damaged page, a table of another application) is a BadDatabase, not a traceback."""
    try:
        with closing(_connect(path)) as conn:
            return pd.read_sql_query(sql, conn, params=tuple(params))
    except (sqlite3.DatabaseError, pd.errors.DatabaseError) as exc:
        raise _database_error(path, exc) from exc


def _tables(path: str) -> set[str]:
    with closing(_connect(path)) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def _columns(path: str, table: str) -> set[str]:
    try:
        with closing(_connect(path)) as conn:
            # table names here are our own constants, never user input
            return {r[1] for r in conn.execute(f"pragma table_info({table})")}
    except sqlite3.DatabaseError as exc:
        raise _database_error(path, exc) from exc


def resolve_project_id(path: str, project_id: str) -> str:
    """The project a link's id stands for now: a merged-away id, or one a new first-seen mention
    changed, leads to the surviving project (table `project_redirects`); any other id is itself."""
    seen = {project_id}
    try:
        with closing(_connect(path)) as conn:
            if not conn.execute("select name from sqlite_master where name = 'project_redirects'").fetchone():
                return project_id
            current = project_id
            while row := conn.execute("select new_id from project_redirects where old_id = ?", (current,)).fetchone():
                if row[0] in seen:
                    break  # a loop can only come from hand-editing; stop at the last id seen
                current = row[0]
                seen.add(current)
            return current
    except sqlite3.DatabaseError:
        return project_id


@st.cache_data(show_spinner=False, max_entries=4)
def load_corrections_status(path: str, version: str) -> pd.DataFrame:
    """What became of each user correction (applied, applied to the project's new id, or skipped and
    why), for the data page; empty for a database built before corrections were recorded."""
    if "corrections_status" not in _tables(path):
        return pd.DataFrame(columns=["line", "op", "target", "project_id", "state", "reason"])
    return _query(path, "select * from corrections_status order by line")


@st.cache_data(show_spinner=False, max_entries=8)
def has_projects(path: str, version: str) -> bool:
    """Whether the file is a built parktrack database (an empty or foreign file is not)."""
    try:
        return "projects" in _tables(path)
    except sqlite3.DatabaseError as exc:
        raise _database_error(path, exc) from exc


# ---------------------------------------------------------------------------------------------------
# Projects


def size_band(amount: float | None, currency: str | None) -> str:
    """The size band of one project's stated investment; foreign amounts get their own band because
    we do not convert currencies.

    >>> size_band(5 * 10**8, "CNY"), size_band(10**10, "CNY"), size_band(None, None), size_band(10**8, "USD")
    ('1–10亿', '≥100亿', '未披露', '外币（未折算）')
    """
    if amount is None or pd.isna(amount):
        return UNDISCLOSED
    if (currency or "CNY") != "CNY":
        return FOREIGN
    for label, low, high in SIZE_BANDS:
        if amount >= low and (high is None or amount < high):
            return label
    return UNDISCLOSED  # a negative amount is not a statement we can band


def size_bands(amounts: pd.Series, currencies: pd.Series) -> pd.Series:
    """`size_band` of every row, column by column (a row-by-row loop cost 0.2 s on 30,000 projects)."""
    amount = pd.to_numeric(amounts, errors="coerce")
    stated = amount.notna()
    cny = currencies.isna() | currencies.isin(["", "CNY"])
    out = pd.Series(UNDISCLOSED, index=amounts.index, dtype=object)
    out[stated & ~cny] = FOREIGN
    for label, low, high in SIZE_BANDS:
        out[stated & cny & (amount >= low) & (amount < high if high is not None else True)] = label
    return out


def _aliases(raw: object) -> str:
    if not isinstance(raw, str) or not raw or raw == "[]":
        return ""
    try:
        values = json.loads(raw)
    except ValueError:
        return raw
    return "、".join(values) if isinstance(values, list) else str(values)


def prepare_projects(df: pd.DataFrame) -> pd.DataFrame:
    """Derived columns the charts and filters need, computed once per database version.

    `counted` marks the one figure per project that enters 总投资: a stated CNY amount on a project the
    resolution step left in the totals (in_totals = 1). Optional columns a database may lack get
    neutral defaults so an older build still opens.
    """
    df = df.copy()
    for column, default in (
        ("in_totals", 1),
        ("status_inferred", None),
        ("year", None),
        ("health", None),
        ("exclude_reason", None),
        ("aliases", None),
        ("company", None),
        ("output_yuan", None),
        ("jobs", None),
        ("investment_currency", None),
        ("n_articles", None),
        ("n_mentions", None),
        ("n_sources", None),
        ("first_seen", None),
        ("last_seen", None),
        ("investment_mention_id", None),
        ("province", None),
        ("city", None),
        ("county", None),
        ("adcode", None),
    ):
        if column not in df.columns:
            df[column] = default
    df["investment_yuan"] = pd.to_numeric(df["investment_yuan"], errors="coerce")
    df["output_yuan"] = pd.to_numeric(df["output_yuan"], errors="coerce")
    df["jobs"] = pd.to_numeric(df["jobs"], errors="coerce")
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    df["in_totals"] = pd.to_numeric(df["in_totals"], errors="coerce").fillna(1).astype(int)
    has_amount = df["investment_yuan"].notna()
    currency = df["investment_currency"].where(df["investment_currency"].notna(), "CNY")
    df["investment_currency"] = currency.where(has_amount, None)
    df["is_cny"] = has_amount & (currency == "CNY")
    df["counted"] = df["is_cny"] & (df["in_totals"] == 1)
    df["investment_yi"] = (df["investment_yuan"] / YI).where(df["is_cny"])
    df["output_yi"] = df["output_yuan"] / YI
    df["size_band"] = size_bands(df["investment_yuan"], df["investment_currency"])
    df["park_label"] = df["park"].where(df["park"].notna() & (df["park"] != ""), NO_PARK)
    df["stage"] = df["status"].where(df["status"].notna() & (df["status"] != ""), UNKNOWN_STAGE)
    df["stalled"] = df["status_inferred"].notna() & (df["status_inferred"] != "")
    listed = df["aliases"].notna() & ~df["aliases"].isin(["", "[]"])  # most projects have no alias
    df["aliases_text"] = ""
    df.loc[listed, "aliases_text"] = [_aliases(a) for a in df.loc[listed, "aliases"]]
    return df.reset_index(drop=True)


# What the overview, the comparison and the project table read of every project. The export's other
# columns are read when a file is downloaded (`load_project_extras`), the search text by the search
# (`load_index`), a project's whole record by its page (`load_project`): reading every column of 30,000
# projects took twice as long, and the first view after an ingest waits for it.
EXPORT_ONLY_COLUMNS = ("aliases", "first_seen", "last_seen", "n_mentions", "n_sources", "exclude_reason")
PROJECT_COLUMNS = tuple(c for c in PROJECT_EXPORT_COLUMNS if c not in {*EXPORT_ONLY_COLUMNS, "size_band"})


@st.cache_data(show_spinner=False, max_entries=4)
def load_projects(path: str, version: str) -> pd.DataFrame:
    """Every resolved project, one row each (never mentions), with derived columns, in the order the
    pipeline stored them (read in the id index's order, SQLite would look up every row)."""
    have = _columns(path, "projects")
    missing = [c for c in REQUIRED_PROJECT_COLUMNS if c not in have]
    if missing:
        raise _bad(path, f"的 projects 表不是 parktrack 的（缺少列 {'、'.join(missing)}）")
    columns = ", ".join(c for c in PROJECT_COLUMNS if c in have)
    df = prepare_projects(_query(path, f"select {columns} from projects order by rowid"))
    # which kind each figure is (stated or forecast, its qualifier) and which values were set by hand
    df = attach_kinds(df, load_record_figures(path, version, KIND_COLUMNS))
    return attach_corrections(df, load_corrections_status(path, version))


@st.cache_data(show_spinner=False, max_entries=4)
def load_project_extras(path: str, version: str) -> pd.DataFrame:
    """The export's columns that `load_projects` leaves out, by project id."""
    have = _columns(path, "projects")
    extras = [c for c in EXPORT_ONLY_COLUMNS if c in have]
    return _query(path, f"select {', '.join(['project_id', *extras])} from projects").set_index("project_id")


# ---------------------------------------------------------------------------------------------------
# Search: an in-memory jieba index over the project's own fields


_WORD = re.compile(r"[\w\u3400-\u9fff]")


@st.cache_resource(show_spinner=False)
def warm_segmenter() -> threading.Thread:
    """Load jieba's dictionary (pipeline/wordbook.py) in the background, once per server, so the first search
    does not wait for it."""
    thread = threading.Thread(target=wordbook.load, name="jieba-warm-up", daemon=True)
    thread.start()
    return thread


def segment(text: str) -> list[str]:
    """Search terms of a text: jieba's search-mode cut of the folded text (traditional to simplified,
    full-width to half-width), terms of two characters or more that hold a letter, digit or hanzi.

    >>> segment("新能源汽车")
    ['能源', '新能源', '汽车']
    >>> segment("' OR 1=1 --")
    ['or']
    """
    import jieba  # slow first import; only the search needs it

    jieba.setLogLevel(60)
    terms: list[str] = []
    for token in jieba.cut_for_search(fold(text or "").lower()):
        token = token.strip()
        if len(token) >= 2 and _WORD.search(token) and token not in terms:
            terms.append(token)
    return terms


# Zones by kind: a bare `高新区` in a query stands for every zone of that kind (the article's `高新区` is
# stored under its canonical name, `济宁高新区`, and the parks inside it under their own names), and a
# zone's long form for its short one. Longest first.
ZONE_KIND_WORDS = {
    "国家高新技术产业开发区": "高新区",
    "高新技术产业开发区": "高新区",
    "国家高新区": "高新区",
    "高新区": "高新区",
    "国家级经济技术开发区": "经开区",
    "经济技术开发区": "经开区",
    "经济开发区": "经开区",
    "经开区": "经开区",
    "综合保税区": "综保区",
    "综保区": "综保区",
}
MAX_REGION_DEPTH = 4  # a park inside a park inside a zone: the user's file nests a few levels at most


@dataclass(frozen=True)
class Term:
    """One word a project must hold. `zone` is set when the word names a zone or a kind of zone
    (`("kind", "高新区")`, `("park", "济宁高新区")`): a project also holds it when its park is that zone,
    a zone of that kind, or a park inside one."""

    text: str
    zone: tuple[str, str] | None = None


@dataclass(frozen=True)
class SearchHits:
    """The projects a search found; `across_fields` when no project holds every word in one field
    (name, company, park or one alias) and the words were matched across fields instead."""

    ids: set[str]
    across_fields: bool = False


@lru_cache(maxsize=1)
def _zone_kinds() -> dict[str, str]:
    """The national zone gazetteer's canonical names -> their kind (`高新区`, `经开区`, `综保区`, …)."""
    from pipeline import parks

    return {r["name"]: (r.get("kind") or "").strip() for r in parks._csv_rows(parks.ZONE_GAZETTEER) if r.get("name")}


def _kind_of(park: str) -> str | None:
    """The kind of a park by the user's parks file, the national zone table, or its name's ending."""
    from pipeline import parks

    kind = parks.user_zone_kind(fold(park)) or _zone_kinds().get(park)
    if kind:
        return kind
    return next((k for word, k in ZONE_KIND_WORDS.items() if park.endswith(word)), None)


@lru_cache(maxsize=4096)
def _park_chain(park: str) -> tuple[str, ...]:
    """The park's canonical name and the parks it lies in (the user's file's `region` column):
    `高端制造产业园` -> (`高端制造产业园`, `济宁高新区`)."""
    from pipeline import parks

    regions = parks.gazetteer_rows()
    chain: list[str] = []
    current: str | None = parks.canonical_park(park) or park
    while current and current not in chain and len(chain) <= MAX_REGION_DEPTH:
        chain.append(current)
        region = regions.get(fold(current))
        current = parks.canonical_park(region) if region else None
    return tuple(chain)


@lru_cache(maxsize=4096)
def park_stands_for(park: str | None, zone: tuple[str, str]) -> bool:
    """Whether a stored park is the zone a query word names, of the kind it names, or lies inside one."""
    if not isinstance(park, str) or not park:
        return False
    how, what = zone
    chain = _park_chain(park)
    if how == "kind":
        return any(_kind_of(p) == what for p in chain)
    return what in chain


def _zone_of(word: str) -> tuple[str, str] | None:
    """A query word that names a zone kind (`高新区`) or a known park or zone (`济宁高新技术产业开发区`)."""
    if word in ZONE_KIND_WORDS:
        return ("kind", ZONE_KIND_WORDS[word])
    from pipeline import parks

    if not parks.ZONE_RE.search(word):
        return None
    canonical = parks.canonical_park(word)
    known = set(parks.load_gazetteer().names.values()) | set(parks.zone_names().values())
    return ("park", canonical) if canonical in known else None


def query_words(query: str) -> list[Term] | None:
    """The terms of a query: each space-separated part that names a zone is one zone term (not cut);
    the rest is cut by jieba (`query_terms`). None when the query is blank or has no usable term."""
    terms: list[Term] = []
    rest: list[str] = []
    for part in fold(query or "").lower().split():
        zone = _zone_of(part)
        if zone:
            terms.append(Term(part, zone))
        else:
            rest.append(part)
    if rest:
        terms += [Term(t) for t in query_terms(" ".join(rest)) or []]
    return terms or None


def _in_field(term: Term, value: str, is_park: bool, park: str | None) -> bool:
    return term.text in value or (is_park and term.zone is not None and park_stands_for(park, term.zone))


def holds_all(terms: list[Term], text: str, park: str | None) -> bool:
    """Whether a project's whole search text (or, for a zone word, its park) holds every term."""
    return all(t.text in text or (t.zone is not None and park_stands_for(park, t.zone)) for t in terms)


def rank_hits(terms: list[Term], candidates: Mapping[str, tuple[tuple[str, ...], str | None]]) -> SearchHits:
    """Field first. `candidates` (id -> (folded fields, park name); the field after the name is the
    park's) already hold every term somewhere in their search text; those holding every term in one
    field are the answer, and only when none does are all of them, flagged `across_fields`."""
    one_field = set()
    for pid, (fields, park) in candidates.items():
        if any(all(_in_field(t, f, i == 1, park) for t in terms) for i, f in enumerate(fields)):
            one_field.add(pid)
    if one_field or not candidates:
        return SearchHits(one_field)
    return SearchHits(set(candidates), across_fields=True)


def _fields(name: object, park: object, company: object, aliases: Iterable[str]) -> tuple[str, ...]:
    """A project's searchable fields, folded: name, park (always second), company, each alias."""
    values = [name, park or "", company, *aliases]
    return tuple(fold(v).lower() if isinstance(v, str) else "" for v in values)


def _alias_list(raw: object) -> list[str]:
    text = _aliases(raw)
    return text.split("、") if text else []


def search_caption(hits: SearchHits | None) -> str | None:
    """What the page says when the words were found only across fields."""
    if hits is None or not hits.across_fields:
        return None
    return "没有项目在同一栏（名称、企业、园区或别名）里含有全部搜索词；下面是各词分别出现在不同栏里的项目。"


SEARCH_MEMO = 32  # queries remembered per database version (the page searches twice per run)


@dataclass(frozen=True)
class SearchIndex:
    """Each project's searchable text, folded and lower-cased: its name, aliases, company, park and every
    name articles gave it. Sentences are left out on purpose: one sentence lists several projects, and
    a word in it is not about all of them.

    A query is cut by jieba into words; a project matches when its text holds every word, in one field
    first (`rank_hits`). Matching the words as substrings, not as the words jieba would cut the
    project's text into, finds `高新` in `高新区` however the text happens to be cut (and needs no
    segmentation of 30,000 texts per load). `fields` holds each project's fields and park (`build_index`);
    without them a project's whole text is its one field."""

    texts: dict[str, str] = field(default_factory=dict)
    fields: dict[str, tuple[tuple[str, ...], str | None]] = field(default_factory=dict)

    def find(self, query: str) -> SearchHits | None:
        """The projects holding every term of the query; None when the query has no usable term."""
        terms = query_words(query)
        if terms is None:
            return None
        candidates = {}
        for pid, text in self.texts.items():
            fields, park = self.fields.get(pid) or ((text,), None)
            if holds_all(terms, text, park):
                candidates[pid] = (fields, park)
        return rank_hits(terms, candidates)

    def search(self, query: str) -> set[str] | None:
        """Project ids the query finds (`find`); None when the query has no usable term."""
        hits = self.find(query)
        return None if hits is None else hits.ids


def query_terms(query: str) -> list[str] | None:
    """The words a project's text must all hold: jieba's cut of the query, or the whole query folded
    when it has no word of two characters; None when it is blank."""
    terms = segment(query)
    if terms:
        return terms
    literal = fold(query or "").strip().lower()
    return [literal] if literal else None


@dataclass(frozen=True)
class StoredSearch:
    """The same search over the `search_text` column the pipeline writes: SQLite scans it for the
    projects holding every word (a zone word: in the text, or a park standing for that zone), so a
    search loads no 30,000 texts into memory first; only those candidates' fields are read to rank them
    field first. The terms are bound parameters; the SQL holds only their placeholders."""

    path: str
    memo: dict[str, SearchHits | None] = field(default_factory=dict, compare=False, repr=False)

    def find(self, query: str) -> SearchHits | None:
        if query in self.memo:
            return self.memo[query]
        hits = self._find(query)
        if len(self.memo) >= SEARCH_MEMO:
            self.memo.clear()
        self.memo[query] = hits
        return hits

    def search(self, query: str) -> set[str] | None:
        hits = self.find(query)
        return None if hits is None else hits.ids

    def _find(self, query: str) -> SearchHits | None:
        terms = query_words(query)
        if terms is None:
            return None
        hits: set[str] | None = None
        with closing(_connect(self.path)) as conn:
            zone_parks: dict[tuple[str, str], str] = {}
            if any(t.zone for t in terms):
                parks = [p for (p,) in conn.execute("select distinct park from projects where park is not null")]
                for t in terms:
                    if t.zone and t.zone not in zone_parks:
                        zone_parks[t.zone] = json.dumps([p for p in parks if park_stands_for(p, t.zone)])
            for start in range(0, len(terms), SEARCH_TERMS_PER_QUERY):
                chunk = terms[start : start + SEARCH_TERMS_PER_QUERY]
                where, params = [], []
                for t in chunk:
                    if t.zone:
                        where.append("(instr(search_text, ?) > 0 or park in (select value from json_each(?)))")
                        params += [t.text, zone_parks[t.zone]]
                    else:
                        where.append("instr(search_text, ?) > 0")
                        params.append(t.text)
                sql = f"select project_id from projects where {' and '.join(where)}"
                found = {pid for (pid,) in conn.execute(sql, params)}
                hits = found if hits is None else hits & found
                if not hits:
                    return SearchHits(set())
            candidates = self._candidates(conn, sorted(hits or ()))
        return rank_hits(terms, candidates)

    @staticmethod
    def _candidates(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[tuple[str, ...], str | None]]:
        """The fields of these projects, for ranking (a database without an aliases column has none)."""
        have = {r[1] for r in conn.execute("pragma table_info(projects)")}
        out: dict[str, tuple[tuple[str, ...], str | None]] = {}
        if not {"name", "park"} <= have:
            return {pid: ((text,), None) for pid, text in _search_texts(conn, ids)}
        company = "company" if "company" in have else "null"
        aliases = "aliases" if "aliases" in have else "null"
        for start in range(0, len(ids), MAX_IDS_PER_QUERY):
            chunk = ids[start : start + MAX_IDS_PER_QUERY]
            sql = (
                f"select project_id, name, park, {company}, {aliases} from projects "
                f"where project_id in ({','.join('?' * len(chunk))})"
            )
            for pid, name, park, comp, raw in conn.execute(sql, chunk):
                out[pid] = (_fields(name, park, comp, _alias_list(raw)), park)
        return out


def _search_texts(conn: sqlite3.Connection, ids: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for start in range(0, len(ids), MAX_IDS_PER_QUERY):
        chunk = ids[start : start + MAX_IDS_PER_QUERY]
        sql = f"select project_id, search_text from projects where project_id in ({','.join('?' * len(chunk))})"
        out += [(pid, text or "") for pid, text in conn.execute(sql, chunk)]
    return out


SEARCH_TERMS_PER_QUERY = 50  # SQLite limits an expression's depth; a longer query is searched in parts
MAX_IDS_PER_QUERY = 10_000  # ids bound to one statement: well under SQLite's limit


def build_index(projects: pd.DataFrame, mention_names: pd.DataFrame) -> SearchIndex:
    """The search text of each project; `mention_names` has one row per project (`names`: the names
    its mentions use, joined) or one per mention (`name`)."""
    extra: dict[str, list[str]] = {}
    column = "names" if "names" in mention_names else "name"
    for pid, name in zip(mention_names.get("project_id", []), mention_names.get(column, []), strict=True):
        if isinstance(pid, str) and isinstance(name, str):
            extra.setdefault(pid, []).append(name)
    texts: dict[str, str] = {}
    fields: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for row in projects.itertuples(index=False):
        names = extra.get(row.project_id, [])
        parts = [row.name, row.aliases_text, row.company, row.park, *names]
        texts[row.project_id] = fold(" ".join(p for p in parts if isinstance(p, str) and p)).lower()
        aliases = row.aliases_text.split("、") if isinstance(row.aliases_text, str) and row.aliases_text else []
        park = row.park if isinstance(row.park, str) else None
        fields[row.project_id] = (_fields(row.name, park, row.company, [*aliases, *names]), park)
    return SearchIndex(texts, fields)


@st.cache_resource(show_spinner=False, max_entries=4)
def load_index(path: str, version: str) -> SearchIndex | StoredSearch:
    """The search for one database version: over the stored search text, or, for a database resolved
    before the pipeline wrote it, an index kept in memory (no table is written to the database)."""
    if "search_text" in _columns(path, "projects"):  # written by the pipeline
        with closing(_connect(path)) as conn:
            unwritten = conn.execute("select 1 from projects where search_text is null limit 1").fetchone()
        if unwritten is None:
            return StoredSearch(path)
    projects = prepare_projects(_query(path, "select * from projects"))  # with its aliases
    names = _query(  # a database from before the pipeline wrote search_text
        path,
        "select project_id, group_concat(name, ' ') as names from (select distinct project_id, name from mentions "
        "where project_id is not null) group by project_id",
    )
    return build_index(projects, names)


# ---------------------------------------------------------------------------------------------------
# Filters and their URL form


@dataclass(frozen=True)
class Filters:
    """The current view; its URL form (`to_params`) makes a filtered view a link."""

    parks: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    q: str = ""

    def to_params(self) -> dict[str, list[str]]:
        """Query parameters, one list per key; keys with nothing chosen are left out.

        >>> Filters(parks=("甲园",), years=(2019, 2022), q="电池").to_params()
        {'park': ['甲园'], 'year': ['2019-2022'], 'q': ['电池']}
        """
        params: dict[str, list[str]] = {}
        for key, values in (("province", self.provinces), ("city", self.cities), ("county", self.counties)):
            if values:
                params[key] = list(values)
        if self.parks:
            params["park"] = list(self.parks)
        if self.years:
            low, high = self.years
            params["year"] = [str(low) if low == high else f"{low}-{high}"]
        if self.statuses:
            params["status"] = list(self.statuses)
        if self.sizes:
            params["size"] = list(self.sizes)
        if self.q.strip():
            params["q"] = [self.q.strip()]
        return params

    @property
    def active(self) -> bool:
        return bool(self.to_params())


def param_values(params: Mapping[str, object], key: str) -> list[str]:
    """All values of a key, from repeated keys (`?park=a&park=b`) or a comma list (`?park=a,b`)."""
    raw = params.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    out: list[str] = []
    for item in items:
        for part in str(item).replace("，", ",").split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def parse_years(text: str) -> tuple[int, int] | None:
    """`2019-2022` or `2019` to a year range; anything else to None.

    >>> parse_years("2019-2022"), parse_years("2021"), parse_years("2022-2019"), parse_years("abc")
    ((2019, 2022), (2021, 2021), (2019, 2022), None)
    """
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至]\s*(\d{4}))?\s*", text or "")
    if not m:
        return None
    low, high = int(m.group(1)), int(m.group(2) or m.group(1))
    return (min(low, high), max(low, high))


def parse_filters(params: Mapping[str, object]) -> Filters:
    """Filters from query parameters. Values are kept as text; unknown stage or size words are dropped
    (a park that is not in the database is dropped later, where the options are known)."""
    years_raw = param_values(params, "year")
    q_raw = params.get("q")
    q = q_raw[-1] if isinstance(q_raw, list | tuple) and q_raw else q_raw
    sizes = [_SIZE_ALIASES.get(s, s) for s in param_values(params, "size")]
    return Filters(
        parks=tuple(param_values(params, "park")),
        provinces=tuple(param_values(params, "province")),
        cities=tuple(param_values(params, "city")),
        counties=tuple(param_values(params, "county")),
        years=parse_years(years_raw[0]) if years_raw else None,
        statuses=tuple(s for s in param_values(params, "status") if s in STATUS_LABELS),
        sizes=tuple(s for s in sizes if s in SIZE_LABELS),
        q=str(q or "").strip(),
    )


def apply_filters(df: pd.DataFrame, filters: Filters, index: SearchIndex | StoredSearch | None = None) -> pd.DataFrame:
    """The projects the filters keep. A year range drops projects whose year is unknown; no range
    keeps them."""
    mask = pd.Series(True, index=df.index)
    for column, values in (("province", filters.provinces), ("city", filters.cities), ("county", filters.counties)):
        if values:
            mask &= df[column].isin(values)
    if filters.parks:
        mask &= df["park_label"].isin(filters.parks)
    if filters.years:
        low, high = filters.years
        years = df["year"]
        mask &= years.notna() & (years >= low) & (years <= high)
    if filters.statuses:
        wanted = set(filters.statuses)
        by_stage = df["stage"].isin(wanted - {STALLED})
        by_stall = df["stalled"] if STALLED in wanted else pd.Series(False, index=df.index)
        mask &= by_stage | by_stall
    if filters.sizes:
        mask &= df["size_band"].isin(filters.sizes)
    if filters.q.strip() and index is not None:
        hits = index.search(filters.q)
        if hits is not None:
            mask &= df["project_id"].isin(hits)
    return df[mask.fillna(False).astype(bool)].reset_index(drop=True)


def without_parks(filters: Filters) -> Filters:
    """The same view over every park (the comparison page picks its own parks)."""
    return replace(filters, parks=())


# ---------------------------------------------------------------------------------------------------
# Summaries (pure, over a projects frame)


def kpis(df: pd.DataFrame) -> dict:
    """The KPI strip: projects counted once each; 总投资 sums one CNY figure per project in the totals;
    foreign amounts, excluded projects and undisclosed ones are counted apart, never as zero."""
    # masks over columns, never sub-frames: copying the whole frame five times was most of the time
    investment, counted, in_totals = df["investment_yuan"], df["counted"], df["in_totals"] == 1
    foreign = investment.notna() & ~df["is_cny"]
    output = df["output_yuan"].notna() & in_totals
    jobs = df["jobs"].notna() & in_totals
    # 产值 and 就业 are split: a figure stated as done (已报道) and one the news expects (预计, is_forecast)
    # are never added together
    output_plan, jobs_plan = _flag(df, "output_yuan_forecast"), _flag(df, "jobs_forecast")
    return {
        "projects": len(df),
        "investment_yuan": int(investment[counted].sum()),
        "n_investment": int(counted.sum()),
        "n_undisclosed": int(investment.isna().sum()),
        "foreign": {
            cur: (len(g), int(g.sum()))
            for cur, g in investment[foreign].groupby(df.loc[foreign, "investment_currency"])
        },
        "n_excluded": int((df["is_cny"] & ~in_totals).sum()),
        "output_yuan": int(df.loc[output, "output_yuan"].sum()),
        "n_output": int(output.sum()),
        "jobs": int(df.loc[jobs, "jobs"].sum()),
        "n_jobs": int(jobs.sum()),
        "output_stated": int(df.loc[output & ~output_plan, "output_yuan"].sum()),
        "n_output_stated": int((output & ~output_plan).sum()),
        "output_forecast": int(df.loc[output & output_plan, "output_yuan"].sum()),
        "n_output_forecast": int((output & output_plan).sum()),
        "jobs_stated": int(df.loc[jobs & ~jobs_plan, "jobs"].sum()),
        "n_jobs_stated": int((jobs & ~jobs_plan).sum()),
        "jobs_forecast": int(df.loc[jobs & jobs_plan, "jobs"].sum()),
        "n_jobs_forecast": int((jobs & jobs_plan).sum()),
        "n_corrected": int(counted[_corrected(df, "investment_yuan")].sum()),  # 总投资 holds hand-set amounts
        "n_stalled": int(df["stalled"].sum()),
    }


def _flag(df: pd.DataFrame, column: str) -> pd.Series:
    """A boolean column, all False when the frame lacks it (a frame built without provenance)."""
    if column not in df.columns:
        return pd.Series(False, index=df.index)
    return df[column].fillna(False).astype(bool)


def _corrected(df: pd.DataFrame, field_name: str) -> pd.Series:
    """Whether each project's `field_name` was set by hand (`attach_corrections`)."""
    if "corrected" not in df.columns:
        return pd.Series(False, index=df.index)
    label = CORRECTED_LABELS[field_name]
    labels = df["corrected"].fillna("").astype(str)
    out = pd.Series(False, index=df.index)
    touched = labels != ""  # most projects were never corrected: only the others are split
    if touched.any():
        out[touched] = labels[touched].str.split("、").map(lambda fields: label in fields)
    return out


def park_summary(df: pd.DataFrame, parks: Iterable[str]) -> pd.DataFrame:
    """One row per chosen park, the measures side by side: counts, sums of counted figures, the
    median size of projects with a counted investment (亿元), and the number undisclosed; 产值 and 就业
    as stated (已报道) and as expected (预计, `*_forecast`), never summed. A measure no project in the
    park states is None, not 0."""
    rows = []
    for park in parks:
        g = df[df["park_label"] == park]
        k = kpis(g)
        counted = g.loc[g["counted"], "investment_yi"]
        rows.append(
            {
                "park": park,
                "projects": k["projects"],
                "investment_yi": k["investment_yuan"] / YI if k["n_investment"] else None,
                "n_investment": k["n_investment"],
                "n_undisclosed": k["n_undisclosed"],
                "median_yi": float(counted.median()) if len(counted) else None,
                # 已报道 and 预计 apart, as on the overview: a forecast is never added to a stated figure
                "output_yi": k["output_stated"] / YI if k["n_output_stated"] else None,
                "n_output": k["n_output_stated"],
                "output_forecast_yi": k["output_forecast"] / YI if k["n_output_forecast"] else None,
                "n_output_forecast": k["n_output_forecast"],
                "jobs": k["jobs_stated"] if k["n_jobs_stated"] else None,
                "n_jobs": k["n_jobs_stated"],
                "jobs_forecast": k["jobs_forecast"] if k["n_jobs_forecast"] else None,
                "n_jobs_forecast": k["n_jobs_forecast"],
                "n_stalled": k["n_stalled"],
            }
        )
    return pd.DataFrame(rows)


def stage_mix(df: pd.DataFrame) -> str:
    """The projects' current stages in words, in the pipeline's order, the inferred stalls among them
    after (`签约 2 个 · 在建 3 个（其中停滞（推断）1 个）· 未知 1 个`), for a page that draws no stage chart.

    >>> stage_mix(pd.DataFrame({"stage": ["在建", "签约", "在建", "未知"], "stalled": [True, False, False, False]}))
    '签约 1 个 · 在建 2 个（其中停滞（推断）1 个） · 未知 1 个'
    """
    parts = []
    for stage in (*STAGES, UNKNOWN_STAGE):
        rows = df[df["stage"] == stage]
        if rows.empty:
            continue
        stalled = int(rows["stalled"].fillna(False).astype(bool).sum())
        parts.append(f"{stage} {len(rows)} 个" + (f"（其中{STALLED}{stalled} 个）" if stalled else ""))
    return " · ".join(parts)


def drill(df: pd.DataFrame, kind: str, value: object, park: str | None = None) -> pd.DataFrame:
    """The projects behind one chart segment: a size band, a stage (`停滞（推断）` for the inferred
    stalls), a year (of one park when the segment is a park's), or a park."""
    if kind == "size":
        mask = df["size_band"] == value
    elif kind == "stage":
        mask = df["stalled"] if value == STALLED else (df["stage"] == value) & ~df["stalled"]
    elif kind == "year":
        mask = df["year"] == int(value)  # type: ignore[call-overload]
    elif kind == "park":
        mask = df["park_label"] == value
    else:
        raise ValueError(f"unknown chart segment {kind!r}")
    if park is not None:
        mask &= df["park_label"] == park
    return df[mask.fillna(False).astype(bool)].reset_index(drop=True)


def park_aggregates(aggregates: pd.DataFrame, park: str, aliases: Iterable[str] = ()) -> pd.DataFrame:
    """The news's own figures over many projects whose scope is this park (its name or an alias)."""
    if aggregates.empty or "scope" not in aggregates.columns:
        return aggregates.iloc[:0]
    names = {park, *aliases}
    return aggregates[aggregates["scope"].isin(names)].reset_index(drop=True)


def year_span(df: pd.DataFrame) -> tuple[int, int] | None:
    years = df["year"].dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


# ---------------------------------------------------------------------------------------------------
# One project


@st.cache_data(show_spinner=False, max_entries=64)
def load_project(path: str, version: str, project_id: str) -> dict | None:
    """The project record, or None when no project has this id (a stale link)."""
    row = _query(path, "select * from projects where project_id = ?", (project_id,))
    return None if row.empty else prepare_projects(row).iloc[0].to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def load_mentions(path: str, version: str, project_id: str) -> pd.DataFrame:
    """Every mention of the project with its article (title, date, source, stored text), oldest first."""
    return _query(
        path,
        """select m.*, a.title as article_title, a.date as article_date, a.source, a.url, a.text as article_text
           from mentions m join articles a using (article_id)
           where m.project_id = ?
           order by a.date is null, a.date, m.mention_id""",
        (project_id,),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def load_evidence(path: str, version: str, project_id: str) -> pd.DataFrame:
    """The evidence spans (offsets into the article text) of the project's mentions."""
    return _query(
        path,
        """select e.* from evidence e join mentions m using (mention_id)
           where m.project_id = ? order by e.mention_id, e.start""",
        (project_id,),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def load_timeline(path: str, version: str, project_id: str) -> pd.DataFrame:
    """Stage statements over time (events and plans) from the resolution step."""
    if "timeline" not in _tables(path):
        return pd.DataFrame(columns=["project_id", "date", "stage", "is_plan", "mention_id", "article_id", "inferred"])
    # `inferred`: an event no stage cue of its own sentence states. The extraction step writes a `stage`
    # evidence row for each cue it read, its `cue` saying where the cue stands: "clause" or "sentence" (the
    # project's own words; empty in databases built before), "heading" (a list heading over it) or
    # "article" (the headline); none for the default. A heading's or headline's cue counts only when it
    # stands in the mention's own sentence (`一批项目集中开工，包括A、B`).
    return _query(
        path,
        """select t.*, not exists (
                select 1 from evidence e join mentions m on m.mention_id = e.mention_id
                where e.mention_id = t.mention_id and e.field = 'stage' and e.value = t.stage
                and coalesce(e.is_plan, 0) = 0
                and (e.cue is null or e.cue in ('', 'clause', 'sentence')
                     or (e.start >= m.start and e."end" <= m."end"))
           ) as inferred
           from timeline t where t.project_id = ? order by coalesce(t.date, ''), t.mention_id""",
        (project_id,),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def load_figures(path: str, version: str, project_id: str) -> pd.DataFrame:
    """Every figure any article stated for the project, with its date, its words as written (`stated`)
    and the sentence that states it (which may be the sentence after the one naming the project)."""
    if "figures" not in _tables(path):
        return pd.DataFrame(
            columns=[
                "project_id",
                "field",
                "value",
                "currency",
                "date",
                "mention_id",
                "text",
                "stated",
                "sentence",
                "qualifier",
                "forecast",
            ]
        )
    df = _query(
        path,
        """select f.*, e.text as stated, e.qualifier, e.is_plan as evidence_plan, e.start as stated_start,
                  e.sentence_start, e.sentence_end, a.text as article_text, a.title as article_title
           from figures f
           left join evidence e on e.mention_id = f.mention_id and e.field = case f.field
                when 'investment_yuan' then 'investment' when 'output_yuan' then 'output' else f.field end
           left join articles a on a.article_id = f.article_id
           where f.project_id = ?
           order by f.field, f.date is null, f.date, f.mention_id""",
        (project_id,),
    )
    df = df.drop_duplicates(subset=["field", "mention_id", "value"]).reset_index(drop=True)
    df["sentence"] = [
        _slice(t, s, e) or fallback
        for t, s, e, fallback in zip(
            df["article_text"], df["sentence_start"], df["sentence_end"], df["text"], strict=True
        )
    ]
    df["forecast"] = [
        is_forecast(sentence_before(t, ss, st_), p)
        for t, ss, st_, p in zip(
            df["article_text"], df["sentence_start"], df["stated_start"], df["evidence_plan"], strict=True
        )
    ]
    return df.drop(columns=["article_text"])


def _slice(text: object, start: object, end: object) -> str | None:
    """text[start:end] when all three are there: the sentence that states a figure."""
    if not isinstance(text, str) or start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return text[int(start) : int(end)]


# ---------------------------------------------------------------------------------------------------
# Articles, rejections, aggregates, meta


@st.cache_data(show_spinner=False, max_entries=4)
def load_articles(path: str, version: str) -> pd.DataFrame:
    """Articles without their text (the data page only needs dates and counts)."""
    return _query(path, "select article_id, source, title, date, year from articles order by coalesce(date, '')")


@st.cache_data(show_spinner=False, max_entries=4)
def load_all_mentions(path: str, version: str) -> pd.DataFrame:
    """Every mention in the export contract's columns (DESIGN.md), for the mentions export."""
    return _query(
        path,
        """select a.source, m.article_id, a.title as article_title, a.date, m.name, m.company, m.park,
                  m.investment_yuan, m.investment_currency, m.output_yuan, m.jobs, m.status, m.is_plan,
                  m.sentence, m.start, m."end", m.project_id, m.mention_id, a.url
           from mentions m join articles a using (article_id)
           order by a.source, a.position, m.start, m.mention_id""",
    )


@st.cache_data(show_spinner=False, max_entries=4)
def load_all_figures(path: str, version: str) -> pd.DataFrame:
    """Every stated figure with its own sentence (`python -m pipeline export --what figures`), for the
    mentions download: a mention's sentence may not hold its figure (it is often in the next one)."""
    return _query(path, export_mod.QUERIES["figures"])


@st.cache_data(show_spinner=False, max_entries=4)
def load_rejections(path: str, version: str) -> pd.DataFrame:
    return _query(path, "select path, reason, at from rejections order by path")


@st.cache_data(show_spinner=False, max_entries=4)
def load_aggregates(path: str, version: str) -> pd.DataFrame:
    """Figures over many projects as the news states them, with the sentence; never added to a project."""
    return _query(
        path,
        """select g.*, a.title as article_title, a.date as article_date, a.source
           from aggregates g join articles a using (article_id)
           order by a.date is null, a.date, g.aggregate_id""",
    )


BEIJING = timezone(timedelta(hours=8), "北京时间")


def built_label(value: str | None) -> str:
    """When the database was built, as a reader says it (`2026-12-04 03:04（北京时间）`), from the ISO
    timestamp the ingest stores in UTC; a value that is no timestamp is shown as stored."""
    if not value:
        return "未记录"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M（北京时间）")


@st.cache_data(show_spinner=False, max_entries=4)
def load_meta(path: str, version: str) -> dict[str, str]:
    if "meta" not in _tables(path):
        return {}
    df = _query(path, "select key, value from meta")
    return dict(zip(df["key"], df["value"], strict=True))


@st.cache_data(show_spinner=False, max_entries=4)
def load_article_years(path: str, version: str) -> tuple[int, ...]:
    """The years the archive has at least one dated article in: a year outside them is a gap in
    coverage, not a year without projects."""
    if "articles" not in _tables(path):
        return ()
    df = _query(path, "select distinct year from articles where year is not null order by year")
    return tuple(int(y) for y in df["year"])


def articles_by_month(articles: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Article counts for every month from the first dated month to the last, missing months included
    with a count of 0 and `has_articles` False (so a chart can show them as gaps); plus the number of
    articles dated only to the year and the number with no date."""
    dates = articles["date"].fillna("").astype(str)
    monthly = dates[dates.str.match(r"^\d{4}-\d{2}")].str[:7]
    year_only = int(dates.str.fullmatch(r"\d{4}").sum())
    undated = int((dates == "").sum())
    if monthly.empty:
        return pd.DataFrame(columns=["month", "articles", "has_articles"]), year_only, undated
    counts = monthly.value_counts()
    months = pd.period_range(monthly.min(), monthly.max(), freq="M").strftime("%Y-%m")
    frame = pd.DataFrame({"month": list(months)})
    frame["articles"] = [int(counts.get(m, 0)) for m in frame["month"]]
    frame["has_articles"] = frame["articles"] > 0
    return frame, year_only, undated


# ---------------------------------------------------------------------------------------------------
# Exports


def project_export(df: pd.DataFrame, extras: pd.DataFrame) -> pd.DataFrame:
    """The filtered projects in the export contract's columns (plus our own), in table order; `extras`
    (`load_project_extras`) holds the columns the projects frame was loaded without."""
    df = df.drop(columns=[c for c in extras.columns if c in df.columns]).join(extras, on="project_id")
    out = df[[c for c in PROJECT_EXPORT_COLUMNS if c in df.columns]].copy()
    if "aliases" in out:  # readable text (`恒源项目、恒源新材料`), not the JSON list the database stores
        out["aliases"] = [_aliases(a) for a in out["aliases"]]
    return out


def mention_export(mentions: pd.DataFrame, project_ids: Iterable[str]) -> pd.DataFrame:
    """The mentions of the given projects, in the contract's columns."""
    ids = set(project_ids)
    out = mentions[mentions["project_id"].isin(ids)]
    return out[[c for c in MENTION_EXPORT_COLUMNS if c in out.columns]].reset_index(drop=True)


def figure_export(figures: pd.DataFrame, project_ids: Iterable[str]) -> pd.DataFrame:
    """The stated figures of the given projects, one row each with its own sentence, the article's URL
    and title, the mention id, the stated text and its qualifier."""
    out = figures[figures["project_id"].isin(set(project_ids))]
    return out[[c for c in FIGURE_EXPORT_COLUMNS if c in out.columns]].reset_index(drop=True)


def with_headers(df: pd.DataFrame, headers: str = "zh") -> pd.DataFrame:
    """The frame with the export's header row: Chinese (the dashboard's default; the value words too, as
    `export --headers zh` writes them) or the column names machines read (`en`), from the one table in
    pipeline/export.py."""
    names = export_mod.header_names(list(df.columns), headers)
    if headers == "zh":
        df = df.copy()
        for column in set(export_mod.ZH_VALUES) & set(df.columns):
            df[column] = df[column].map(lambda v, c=column: export_mod.zh_value(c, v))
    return df.set_axis(names, axis=1)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly on a double click. Text a spreadsheet
    would run as a formula (`=HYPERLINK(…)`, `+1`, `@…`) gets a leading `'` (pipeline.export.neutralise);
    numeric columns are left alone, so a negative number stays a number."""
    text = df.select_dtypes(include=["object", "string"]).columns
    safe = df.copy()
    for column in text:
        safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook, one sheet per frame. Text that Excel would run as a formula (`=…`) is stored as
    text, and control characters XML cannot hold are dropped."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append(list(df.columns))
        for values in df.itertuples(index=False):
            row = []
            for v in values:
                if v is None or (not isinstance(v, str) and pd.isna(v)):
                    row.append(None)
                elif isinstance(v, str):
                    row.append(ILLEGAL_CHARACTERS_RE.sub("", v))
                elif hasattr(v, "item"):
                    row.append(v.item())
                else:
                    row.append(v)
            ws.append(row)
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# Provenance: which kind each number is (stated, forecast, corrected by hand), and flagged records

FIGURE_FIELDS = {"investment_yuan": "investment", "output_yuan": "output", "jobs": "jobs"}  # figures → evidence
STATED, FORECAST = "已报道", "预计"


RECORD_FIGURE_COLUMNS = ("project_id", "field", "qualifier", "forecast", "mention_id", "stated")
KIND_COLUMNS = ("project_id", "field", "qualifier", "forecast")  # what the projects frame takes of them


@st.cache_data(show_spinner=False, max_entries=4)
def load_record_figures(path: str, version: str, columns: tuple[str, ...] = RECORD_FIGURE_COLUMNS) -> pd.DataFrame:
    """For each project and figure field, the stated figure its record's value comes from, with its
    qualifier and whether it is a forecast (`forecast`), for the KPIs' 已报道 / 预计 split and the
    qualifier shown beside every figure. The ingest keeps them (`record_figures`, picked as
    store.record_figure_sql says); a database built before has them reckoned here by the same SQL (one
    join of every figure: seconds on a large archive). Columns: project_id, field, qualifier, forecast,
    mention_id, stated (or those asked for)."""
    columns = list(columns)
    tables = _tables(path)
    if "record_figures" in tables:
        df = _query(path, f"select {', '.join(columns)} from record_figures")
    elif {"figures", "evidence", "mentions"} <= tables:
        df = _query(path, record_figure_sql(corrections="corrections_status" in tables))
    else:
        return pd.DataFrame(columns=columns)
    if "forecast" in columns:
        df["forecast"] = pd.to_numeric(df["forecast"], errors="coerce").fillna(0).astype(bool)
    return df[columns]


def attach_kinds(projects: pd.DataFrame, picked: pd.DataFrame) -> pd.DataFrame:
    """The projects frame with `<field>_forecast` (bool) and `<field>_qualifier` for investment_yuan,
    output_yuan and jobs, from `load_record_figures`."""
    df = projects.copy()
    at = pd.Index(df["project_id"])
    for name in FIGURE_FIELDS:
        rows = picked[picked["field"] == name]
        where = at.get_indexer(rows["project_id"])  # one look-up of the figures' ids in the projects'
        found = where >= 0
        forecast = np.zeros(len(df), dtype=bool)
        forecast[where[found]] = rows["forecast"].to_numpy(dtype=bool)[found]
        qualifier = np.full(len(df), None, dtype=object)
        qualifier[where[found]] = rows["qualifier"].to_numpy(dtype=object)[found]
        df[f"{name}_forecast"] = forecast  # none stated: False
        df[f"{name}_qualifier"] = qualifier
    return df


CORRECTED_LABELS = {
    "investment_yuan": "投资",
    "investment_currency": "币种",
    "output_yuan": "产值",
    "jobs": "就业",
    "status": "阶段",
    "name": "名称",
    "company": "企业",
    "park": "园区",
    "in_totals": "计入合计",
    "exclude_reason": "不计入理由",
}
APPLIED_STATES = ("已应用", "已应用（项目编号已变）")
NOT_APPLIED = "未应用"


def correction_value(raw: object) -> object:
    """A value of the corrections_status table (stored as JSON text) as the value it stands for."""
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


def corrected_fields(status: pd.DataFrame) -> dict[str, list[str]]:
    """The fields each project's applied corrections set by hand (`set`, `rename`, `exclude`), in file
    order, by the project's current id: what carries a 人工更正 badge."""
    out: dict[str, list[str]] = {}
    if status.empty or "state" not in status.columns:
        return out
    for r in status[status["state"].isin(APPLIED_STATES)].itertuples(index=False):
        pid = r.project_id if isinstance(r.project_id, str) else None
        if not pid:
            continue
        fieldname = {"rename": "name", "exclude": "in_totals"}.get(r.op, getattr(r, "field", None))
        if r.op in ("set", "rename", "exclude") and isinstance(fieldname, str):
            fields = out.setdefault(pid, [])
            if fieldname not in fields:
                fields.append(fieldname)
    return out


def confirmed_fields(status: pd.DataFrame, projects: pd.DataFrame) -> dict[str, list[str]]:
    """The fields a person confirmed (`confirm`, the 待核对 tab's 确认) whose value is still the one they
    saw, by project: what carries a 已确认 badge. A value a later article changed has lost its check."""
    out: dict[str, list[str]] = {}
    if status.empty or not {"state", "op", "field", "value"} <= set(status.columns) or projects.empty:
        return out
    rows = status[status["state"].isin(APPLIED_STATES) & (status["op"] == "confirm")]
    if rows.empty:
        return out
    current = projects.set_index("project_id")
    for r in rows.itertuples(index=False):
        pid, fieldname = r.project_id, r.field
        if not isinstance(pid, str) or pid not in current.index or fieldname not in current.columns:
            continue
        value = current.at[pid, fieldname]
        value = value.item() if hasattr(value, "item") else value  # numpy scalars as Python ones
        value = None if value is None or (isinstance(value, float) and pd.isna(value)) else value
        value = int(value) if isinstance(value, float) and value.is_integer() else value
        if isinstance(r.value, str) and json.dumps(value, ensure_ascii=False, default=str) == r.value:
            fields = out.setdefault(pid, [])
            if fieldname not in fields:
                fields.append(fieldname)
    return out


def attach_corrections(projects: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """The projects frame with `corrected`: the labels of the fields set by hand (`投资、阶段`), else '';
    and `confirmed`: the labels of the fields a person confirmed as they stand (not those set by hand)."""
    df = projects.copy()
    fields = corrected_fields(status)
    checked = confirmed_fields(status, projects)
    ids = df["project_id"]
    # the labels of the few projects a person touched; every other one is '' (no look-up per project)
    corrected = {pid: "、".join(CORRECTED_LABELS.get(f, f) for f in names) for pid, names in fields.items()}
    confirmed = {
        pid: "、".join(CORRECTED_LABELS.get(f, f) for f in names if f not in fields.get(pid, []))
        for pid, names in checked.items()
    }
    df["corrected"] = ids.map(corrected).fillna("") if corrected else ""
    df["confirmed"] = ids.map(confirmed).fillna("") if confirmed else ""
    return df


def project_corrections(status: pd.DataFrame, project_id: str, old_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The corrections lines that concern one project: applied to it, or meant for it (its id, or an id
    that now leads to it, is their target) whether they applied or not."""
    if status.empty:
        return status
    ids = {project_id, *old_ids}
    target = status["target"].fillna("").astype(str).str.split()
    mask = (status["project_id"] == project_id) | target.map(lambda t: bool(ids & set(t)))
    return status[mask].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=8)
def load_redirects_to(path: str, version: str, project_id: str) -> tuple[str, ...]:
    """The old ids that lead to this project (merged into it, or its id before a change)."""
    if "project_redirects" not in _tables(path):
        return ()
    df = _query(path, "select old_id from project_redirects where new_id = ?", (project_id,))
    return tuple(df["old_id"])


@st.cache_data(show_spinner=False, max_entries=4)
def load_flagged(path: str, version: str) -> pd.DataFrame:
    """Projects left out of the sums (in_totals = 0) with the reason: an umbrella park, a probable
    duplicate, a user's exclusion."""
    have = _columns(path, "projects")
    if "in_totals" not in have:
        return pd.DataFrame(columns=["project_id", "name", "park", "exclude_reason", "reason_kind"])
    reason = "exclude_reason" if "exclude_reason" in have else "null as exclude_reason"
    df = _query(path, f"select project_id, name, park, {reason} from projects where in_totals = 0 order by name")
    df["reason_kind"] = [reason_kind(r) for r in df["exclude_reason"]]
    return df


def reason_kind(reason: object) -> str:
    """A flag's reason without its particulars (`可能重复：与 p…（…）同一项目` → `可能重复`), to count by.

    >>> reason_kind("可能重复：与 p1（甲项目）同一项目"), reason_kind("园区整体（其中项目另计）"), reason_kind(None)
    ('可能重复', '园区整体（其中项目另计）', '未注明原因')
    """
    if not isinstance(reason, str) or not reason.strip():
        return "未注明原因"
    return re.split(r"[：:]", reason.strip(), maxsplit=1)[0]


@st.cache_data(show_spinner=False, max_entries=4)
def load_parts(path: str, version: str) -> pd.DataFrame:
    """Which project is a part of which (`projects.part_of`, the whole's id), with both names; empty
    when the database has no such column (built before parts were linked)."""
    columns = ["project_id", "name", "part_of", "whole_name"]
    if "part_of" not in _columns(path, "projects"):
        return pd.DataFrame(columns=columns)
    return _query(
        path,
        """select p.project_id, p.name, p.part_of, w.name as whole_name
           from projects p left join projects w on w.project_id = p.part_of
           where p.part_of is not null and p.part_of != ''""",
    )[columns]


def stage_is_inferred(timeline: pd.DataFrame, stage: object) -> bool:
    """Whether a project's stage comes only from events no cue of their own sentence states (the
    article's stage or the default, `load_timeline`'s `inferred`)."""
    if not isinstance(stage, str) or timeline.empty or "inferred" not in timeline.columns:
        return False
    events = timeline[(timeline["stage"] == stage) & (timeline["is_plan"].fillna(0).astype(int) == 0)]
    return bool(len(events)) and bool(events["inferred"].astype(bool).all())


def sentence_before(text: object, sentence_start: object, start: object) -> str | None:
    """The words of a figure's sentence before it (what `is_forecast` reads)."""
    return _slice(text, sentence_start, start)


def replaced_figure(figures: pd.DataFrame, field_name: str, old: object, mention_id: object = None) -> dict | None:
    """The stated figure a hand-set value replaced (`load_figures` rows of one project): the record's own
    mention for investment, else a figure of the old value, else the latest of that field."""
    rows = figures[figures["field"] == field_name] if not figures.empty else figures
    if rows.empty:
        return None
    for mask in (
        rows["mention_id"] == mention_id if isinstance(mention_id, str) else None,
        pd.to_numeric(rows["value"], errors="coerce") == old if isinstance(old, int | float) else None,
    ):
        if mask is not None and mask.any():
            return rows[mask].iloc[-1].to_dict()
    return rows.iloc[-1].to_dict()


# The project table's columns, most wanted first, with their widths in px: at a given width the table
# shows the first ones that fit (a name, then its money and stage), and says which it left out.
TABLE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("项目", 250),
    ("投资（亿元）", 95),
    ("阶段", 55),
    ("人工更正", 80),  # a value set or checked by hand says so before anything else
    ("已确认", 80),
    ("园区", 130),
    ("年份", 55),
    ("企业", 100),
    ("停滞", 70),
    ("产值（亿元）", 95),
    ("就业（人）", 80),
    ("口径", 120),
    ("外币投资", 80),
    ("文章数", 55),
    ("健康度", 90),
)
TABLE_WIDTHS = dict(TABLE_COLUMNS)
# The ones shown only where some row has a value: an empty column of exceptions is noise.
SPARSE_COLUMNS = ("人工更正", "已确认", "外币投资", "停滞", "口径")


def table_columns(width: int | None, table: pd.DataFrame) -> list[str]:
    """The columns shown at `width` px: the first of TABLE_COLUMNS that fit (always the name), skipping
    sparse columns no row fills. Without a width, all of them."""
    present = [(c, w) for c, w in TABLE_COLUMNS if c not in SPARSE_COLUMNS or _has_values(table[c])]
    if width is None:
        return [c for c, _ in present]
    shown, used = [], 0
    for name, w in present:
        if shown and used + w > width - 50:  # the row checkboxes, the border and a scroll bar
            continue
        shown.append(name)
        used += w
    return shown


def _has_values(column: pd.Series) -> bool:
    return bool(column.map(lambda v: v is not None and not (isinstance(v, float) and pd.isna(v)) and v != "").any())
