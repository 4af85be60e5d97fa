"""园区简报 — one park's (or county's) briefing for a period, as `.xlsx` or `.pdf`.

A document a cadre takes into a meeting: the key figures with their coverage (`已披露投资的项目 14/21`),
projects by stage, the largest projects with their latest statement, what changed in the period
(changes.py), the news's own aggregates beside ours, and every figure footnoted with its article.

Whose numbers: the park page's. The projects frame and the totals come from the dashboard's own
functions (dashboard_data.load_projects, .kpis), so the briefing and the page never disagree; the
charts are the page's Plotly figures (dashboard_charts.fig_stages, .fig_by_year).

The period: the projects are those of the place the archive knew by the period's end (first seen on or
before `end`, or undated), with their current record; "what changed" is changes.since(start) up to `end`.
A project left out of the totals (in_totals = 0) is listed, never summed; an undisclosed amount is
未披露, never 0. A footnote is an article (its id, date, title, URL) or a correction record; each figure
cell of the workbook has its own note cell (`<column>·注`), each figure in the PDF its `[n]`.

PDF: reportlab (pure Python, already used by the tests) with the CJK font embedded — WenQuanYi Micro
Hei found by fontconfig when installed (Debian fonts-wqy-microhei), else reportlab's built-in CID font
STSong-Light, which needs no file but which a reader without Adobe's Asian font pack substitutes.
Charts: Plotly's static export (kaleido ≥ 1, which drives the system Chromium, offline); where that
fails, the same figure's bars are drawn with reportlab's own graphics, and the chart says so.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from . import changes
from .export import neutralise

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

FORMATS = (".xlsx", ".pdf")
MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".pdf": "application/pdf"}
TOP_PROJECTS = 15  # the PDF's list of largest projects (the workbook lists them all)
PDF_CHANGES = 40  # the PDF's list of changes (the workbook lists them all)
PDF_SENTENCE = 90  # characters of a sentence the PDF quotes (the workbook and the source hold it whole)
UNDISCLOSED = "未披露"
NOTE = "·注"  # the suffix of a figure column's note column in the workbook
FIGURE_COLUMNS = {  # per sheet, the columns that hold figures (each followed by its note column)
    "关键数字": ("数值",),
    "各阶段项目": ("项目数", "计入合计的投资"),
    "主要项目": ("投资额", "产值", "就业", "阶段"),
    "期内动态": ("内容",),
    "报道合计": ("报道的项目数", "报道的总投资"),
}
SOURCES_SHEET = "来源"


class BriefingError(Exception):
    """简报做不出来（原因见消息）"""


@dataclass
class Note:
    """A footnote: an article (id, date, title, URL, the sentence) or a correction record."""

    n: int
    kind: str  # 文章 | 人工更正
    article_id: str | None
    date: str | None
    title: str | None
    url: str | None
    source: str | None
    sentence: str | None = None


@dataclass
class Briefing:
    place: str
    kind: str  # 园区 | 区县
    start: str
    end: str
    generated: str
    sheets: dict[str, list[dict]]  # sheet name → rows (Chinese headers), figure notes as `[n]` strings
    notes: list[Note]
    scope: pd.DataFrame = field(repr=False)  # the projects, as prepared for the dashboard's charts
    article_years: tuple[int, ...] = ()


# ---------------------------------------------------------------------------------------------------
# Reading


class _NoRuntime:
    """Drops streamlit's "No runtime found" warnings (one per cached call outside `streamlit run`)."""

    def filter(self, record: object) -> bool:
        return "No runtime found" not in record.getMessage()


def _dashboard() -> tuple[object, object]:
    """dashboard_data and dashboard_charts, which live beside the package (the repo root)."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.append(root)
    import logging

    # "No runtime found", once a cached function at import and at each call outside `streamlit run`: the
    # caches fall back to memory, which is what we want (a filter, not a level: streamlit sets its levels)
    cache_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    if not any(isinstance(f, _NoRuntime) for f in cache_log.filters):
        cache_log.addFilter(_NoRuntime())
    import dashboard_charts as dc
    import dashboard_data as dd

    return dd, dc


class _Notes:
    """Footnotes numbered in order of first use, one per article (or correction)."""

    def __init__(self, articles: dict[str, dict]) -> None:
        self.articles = articles
        self.by_key: dict[str, Note] = {}

    def article(self, article_id: object, sentence: str | None = None) -> str:
        if not isinstance(article_id, str) or article_id not in self.articles:
            return ""
        if article_id not in self.by_key:
            a = self.articles[article_id]
            self.by_key[article_id] = Note(
                len(self.by_key) + 1, "文章", article_id, a["date"], a["title"], a["url"], a["source"], sentence
            )
        return f"[{self.by_key[article_id].n}]"

    def correction(self, row: dict) -> str:
        key = f"correction:{row['line']}"
        if key not in self.by_key:
            what = f"{changes.OPS.get(row['op'], row['op'])} {row['field'] or ''}".strip()
            self.by_key[key] = Note(
                len(self.by_key) + 1,
                "人工更正",
                None,
                (row["at"] or "")[:10] or None,
                f"{what}（{row['by'] or '?'}）",
                None,
                "更正记录",
            )
        return f"[{self.by_key[key].n}]"

    def notes(self) -> list[Note]:
        return sorted(self.by_key.values(), key=lambda n: n.n)


def refs(marks: list[str]) -> str:
    """`[1][2][3][7]` → `[1–3, 7]`: the totals' notes stay short.

    >>> refs(["[3]", "[1]", "[2]", "[7]", "[2]", ""]), refs([])
    ('[1–3, 7]', '')
    """
    nums = sorted({int(m.strip("[]")) for m in marks if m})
    runs: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        runs.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return f"[{', '.join(runs)}]" if runs else ""


def _rows(conn: object, sql: str, params: tuple = ()) -> list[dict]:
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _in(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def build(db_path: Path | str, start: str, end: str, park: str | None = None, county: str | None = None) -> Briefing:
    """The briefing of `park` (its name as the dashboard labels it) or `county` between the days `start`
    and `end` (inclusive); BriefingError with a Chinese message when it cannot be made."""
    import sqlite3

    start, end = changes.parse_since(start), changes.parse_since(end)
    if start > end:
        raise BriefingError(f"起始日期 {start} 晚于结束日期 {end}")
    if not (park or county):
        raise BriefingError("请指定园区（--park）或区县（--county）")
    path = Path(db_path)
    if not path.exists():
        raise BriefingError(f"没有数据库文件 {path}")
    dd, _ = _dashboard()
    version = dd.db_version(path) or ""
    try:
        projects = dd.load_projects(str(path), version)
    except Exception as exc:  # noqa: BLE001 — dd.BadDatabase and sqlite errors alike: say which file
        raise BriefingError(f"读不了数据库 {path}：{exc}") from exc
    place, kind = (park, "园区") if park else (county, "区县")
    mask = projects["park_label"] == park if park else projects["county"] == county
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:  # first seen: the dashboard's frame leaves it to the export
        first = dict(conn.execute("select project_id, first_seen from projects"))
    except sqlite3.Error as exc:
        conn.close()
        raise BriefingError(f"读不了数据库 {path}：{exc}") from exc
    known = projects["project_id"].map(lambda pid: (changes.day(first.get(pid)) or "0000-01-01") <= end)
    df = projects[mask & known].reset_index(drop=True)
    if df.empty:
        conn.close()
        raise BriefingError(f"库中没有{kind}“{place}”在 {end} 前的项目")
    ids = list(df["project_id"])
    try:
        return _assemble(conn, dd, str(path), version, df, place, kind, start, end, ids)
    finally:
        conn.close()


def _assemble(conn, dd, path: str, version: str, df, place, kind, start, end, ids) -> Briefing:
    import pandas as pd

    mentions = _rows(
        conn,
        "select m.mention_id, m.project_id, m.article_id, m.sentence, a.date from mentions m "
        f"join articles a using (article_id) where m.project_id in ({_in(ids)})",
        tuple(ids),
    )
    article_ids = {m["article_id"] for m in mentions}
    aggregates = _rows(
        conn,
        "select g.*, a.date as article_date from aggregates g join articles a using (article_id) where g.scope = ?",
        (place,),
    )
    aggregates = [g for g in aggregates if (changes.day(g["article_date"]) or "") <= end]  # undated ones too
    article_ids |= {g["article_id"] for g in aggregates}
    found = changes.since(conn, start, project_ids=ids)
    found = [c for c in found if (changes.day(c.date) or "") <= end]
    article_ids |= {c.article_id for c in found if c.article_id}
    wanted = sorted(article_ids)
    sql = f"select article_id, date, title, url, source from articles where article_id in ({_in(wanted)})"
    articles = {a["article_id"]: a for a in _rows(conn, sql, tuple(wanted))}
    notes = _Notes(articles)
    by_mention = {m["mention_id"]: m for m in mentions}
    latest: dict[str, dict] = {}
    for m in mentions:  # the latest statement on or before the period's end (an undated one only if none is)
        d = changes.day(m["date"]) or ""
        if d > end:
            continue
        have = latest.get(m["project_id"])
        if have is None or (d, m["mention_id"]) > (changes.day(have["date"]) or "", have["mention_id"]):
            latest[m["project_id"]] = m
    picked = dd.load_record_figures(path, version, ("project_id", "field", "mention_id"))
    figure_mention = {(r.project_id, r.field): r.mention_id for r in picked.itertuples(index=False)}
    status = dd.load_corrections_status(path, version)
    set_by_hand: dict[tuple[str, str], dict] = {}
    if not status.empty:
        for r in status.to_dict("records"):
            if r.get("op") == "set" and r.get("state") != "未应用" and r.get("project_id") in set(ids):
                set_by_hand[(r["project_id"], r["field"])] = r
    stage_mention = {
        r["project_id"]: r["mention_id"]
        for r in _rows(
            conn,
            "select t.project_id, t.mention_id, t.stage, t.date from timeline t join projects p using (project_id) "
            f"where t.project_id in ({_in(ids)}) and not t.is_plan and t.stage = p.status order by t.date",
            tuple(ids),
        )
    }

    def figure_note(pid: str, fld: str) -> str:
        """The note of one project's figure: the correction that set it, else the article stating it."""
        if (pid, fld) in set_by_hand:
            return notes.correction(set_by_hand[(pid, fld)])
        mid = figure_mention.get((pid, fld))
        if fld == "investment_yuan":
            mid = df.loc[df["project_id"] == pid, "investment_mention_id"].iloc[0] or mid
        if fld == "status":
            mid = stage_mention.get(pid) or (latest.get(pid) or {}).get("mention_id")
        m = by_mention.get(mid) if isinstance(mid, str) else None
        return notes.article(m["article_id"], m["sentence"]) if m else ""

    k = dd.kpis(df)
    n = len(df)
    records = df.to_dict("records")
    reasons = dict(
        conn.execute(f"select project_id, exclude_reason from projects where project_id in ({_in(ids)})", ids)
    )
    for p in records:  # the dashboard's frame leaves the reason to the export
        p["exclude_reason"] = reasons.get(p["project_id"])
    sheets: dict[str, list[dict]] = {}
    sheets["主要项目"] = _project_rows(records, latest, notes, figure_note)
    sheets["关键数字"] = _key_rows(k, n, records, figure_note, notes, latest)
    sheets["各阶段项目"] = _stage_rows(records, figure_note)
    sheets["期内动态"] = _change_rows(found, notes)
    sheets["报道合计"] = _aggregate_rows(aggregates, k, n, notes)
    sheets[SOURCES_SHEET] = [
        {"注": f"[{x.n}]", "类型": x.kind, "文章编号": x.article_id or "", "日期": x.date or "日期不详",
         "标题": x.title or "", "网址": x.url or "", "来源": x.source or "", "原句": x.sentence or ""}
        for x in notes.notes()
    ]  # fmt: skip
    order = ["关键数字", "各阶段项目", "主要项目", "期内动态", "报道合计", SOURCES_SHEET]
    return Briefing(
        place=place,
        kind=kind,
        start=start,
        end=end,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        sheets={name: sheets[name] for name in order},
        notes=notes.notes(),
        scope=pd.DataFrame(df),
        article_years=dd.load_article_years(path, version),
    )


def _s(value: object) -> str:
    """Text of a frame cell: a missing value (None, NaN) is empty, never `nan`."""
    return value if isinstance(value, str) else ""


def _yi(value: object, currency: object = None) -> str:
    from dashboard_charts import fmt_amount

    if value is None or value != value:  # None or NaN: not stated
        return UNDISCLOSED
    return fmt_amount(float(value), currency if isinstance(currency, str) else None)


def _jobs(value: object) -> str:
    return UNDISCLOSED if value is None or value != value else f"{int(value):,} 人"


def _project_rows(records: list[dict], latest: dict, notes: _Notes, figure_note) -> list[dict]:
    """Every project, the largest stated CNY investment first, undisclosed ones last."""

    def rank(p: dict) -> tuple:
        amount = p["investment_yuan"]
        return (not p["is_cny"], -(amount if amount == amount and amount is not None else -1), p["name"] or "")

    out = []
    for i, p in enumerate(sorted(records, key=rank), 1):
        pid, last = p["project_id"], latest.get(p["project_id"])
        stated = p["investment_yuan"] == p["investment_yuan"] and p["investment_yuan"] is not None
        if not p["in_totals"]:
            counted = f"否（{_s(p.get('exclude_reason')) or '不计入合计'}）"
        elif stated and not p["is_cny"]:
            counted = "否（外币，未折算）"
        else:
            counted = "是" if stated else "—"
        stage = p["stage"] + (f"；{_s(p.get('status_inferred'))}" if _s(p.get("status_inferred")) else "")
        row = {
            "序号": i,
            "项目": p["name"],
            "企业": _s(p.get("company")),
            "阶段": stage,
            "阶段" + NOTE: figure_note(pid, "status") if p["stage"] != "未知" else "",
            "投资额": _yi(p["investment_yuan"], p["investment_currency"]),
            "投资额" + NOTE: figure_note(pid, "investment_yuan") if stated else "",
            "计入合计": counted,
            "产值": _yi(p["output_yuan"]),
            "产值" + NOTE: figure_note(pid, "output_yuan") if p["output_yuan"] == p["output_yuan"] else "",
            "就业": _jobs(p["jobs"]),
            "就业" + NOTE: figure_note(pid, "jobs") if p["jobs"] == p["jobs"] else "",
            "人工更正": _s(p.get("corrected")),
            "最新报道日期": (last or {}).get("date") or ("日期不详" if last else ""),
            "最新报道": (last or {}).get("sentence") or "",
            "最新报道" + NOTE: notes.article(last["article_id"], last["sentence"]) if last else "",
            "项目编号": pid,
        }
        out.append(row)
    return out


def _key_rows(k: dict, n: int, records: list[dict], figure_note, notes: _Notes, latest: dict) -> list[dict]:
    """The park page's KPIs, each with its coverage and the notes of the figures it sums."""
    from dashboard_charts import fmt_yi

    def marks(mask, fld: str) -> str:
        return refs([figure_note(p["project_id"], fld) for p in records if mask(p)])

    def has(p: dict, fld: str) -> bool:
        return p[fld] is not None and p[fld] == p[fld]

    def forecast(p: dict, fld: str) -> bool:
        return bool(p.get(f"{fld}_forecast"))

    total = fmt_yi(k["investment_yuan"]) if k["n_investment"] else UNDISCLOSED
    rows = [
        {"指标": "项目数", "数值": f"{n} 个", "覆盖": "", "说明": "每个项目计一次（不是提及次数）",
         "数值" + NOTE: refs([notes.article(m["article_id"]) for m in latest.values()])},
        {"指标": "总投资（计入合计、人民币）", "数值": total,
         "覆盖": f"已披露投资的项目 {k['n_investment']}/{n}",
         "说明": f"未披露 {k['n_undisclosed']} 个；不计入合计 {k['n_excluded']} 个（列出，不相加）",
         "数值" + NOTE: marks(lambda p: bool(p["counted"]), "investment_yuan")},
    ]  # fmt: skip
    for cur, (count, total) in k["foreign"].items():
        rows.append(
            {
                "指标": f"外币投资（{cur}，未折算，不计入总投资）",
                "数值": _yi(total, cur),
                "覆盖": f"{count}/{n}",
                "说明": "",
                "数值" + NOTE: marks(lambda p, c=cur: has(p, "investment_yuan") and p["investment_currency"] == c,
                                    "investment_yuan"),
            }
        )  # fmt: skip
    for fld, label, show in (("output_yuan", "产值", fmt_yi), ("jobs", "就业", lambda v: f"{v:,} 人")):
        for key, word, plan in (("stated", "已报道", False), ("forecast", "预计", True)):
            count = k[f"n_{'output' if fld == 'output_yuan' else 'jobs'}_{key}"]
            total = k[f"{'output' if fld == 'output_yuan' else 'jobs'}_{key}"]
            rows.append(
                {
                    "指标": f"{label}（{word}）",
                    "数值": show(total) if count else UNDISCLOSED,
                    "覆盖": f"已披露{label}的项目 {count}/{n}",
                    "说明": "已报道与预计的数字从不相加",
                    "数值" + NOTE: marks(
                        lambda p, f=fld, pl=plan: has(p, f) and p["in_totals"] and forecast(p, f) == pl, fld
                    ),
                }
            )
    rows.append(
        {
            "指标": "停滞（推断）",
            "数值": f"{k['n_stalled']} 个",
            "覆盖": "",
            "说明": "长期没有新进展报道，按规则推断",
            "数值" + NOTE: refs([notes.article(latest[p["project_id"]]["article_id"])
                                for p in records if p["stalled"] and p["project_id"] in latest]),
        }
    )  # fmt: skip
    return rows


def _stage_rows(records: list[dict], figure_note) -> list[dict]:
    from dashboard_charts import fmt_yi
    from dashboard_data import STALLED

    from .lexicon import STAGE_ORDER

    groups: dict[str, list[dict]] = {}
    for p in records:
        groups.setdefault(STALLED if p["stalled"] else p["stage"], []).append(p)
    order = [*sorted(STAGE_ORDER, key=STAGE_ORDER.__getitem__), STALLED]
    out = []
    for stage in sorted(groups, key=lambda s: order.index(s) if s in order else len(order)):
        g = groups[stage]
        counted = [p for p in g if p["counted"]]
        out.append(
            {
                "阶段": stage,
                "项目数": len(g),
                "项目数" + NOTE: refs([figure_note(p["project_id"], "status") for p in g if p["stage"] != "未知"]),
                "已披露投资": f"{len(counted)}/{len(g)}",
                "计入合计的投资": fmt_yi(sum(p["investment_yuan"] for p in counted)) if counted else UNDISCLOSED,
                "计入合计的投资" + NOTE: refs([figure_note(p["project_id"], "investment_yuan") for p in counted]),
                "项目": "、".join(p["name"] for p in g[:12]) + ("……" if len(g) > 12 else ""),
            }
        )
    return out


def _change_rows(found: list[changes.Change], notes: _Notes) -> list[dict]:
    out = []
    for c in found:
        note = notes.article(c.article_id, c.sentence) if c.article_id else ""
        if c.kind == "correction" or c.kind == "silent":
            note = ""  # no article states it: a correction record, or a silence reckoned by rule
        out.append(
            {
                "日期": c.date[:10] + changes.DATED_NOTE.get(c.dated_by, ""),
                "类型": changes.KINDS[c.kind],
                "项目": c.name or "",
                "内容": c.detail,
                "内容" + NOTE: note,
                "原句": c.sentence or "",
                "原来的句子": c.old_sentence or "",
                "项目编号": c.project_id or "",
            }
        )
    return out


def _aggregate_rows(aggregates: list[dict], k: dict, n: int, notes: _Notes) -> list[dict]:
    from dashboard_charts import fmt_yi

    ours = f"已识别 {n} 个项目，其中 {k['n_investment']} 个披露投资，合计 " + (
        fmt_yi(k["investment_yuan"]) if k["n_investment"] else UNDISCLOSED
    )
    out = []
    for g in sorted(aggregates, key=lambda g: changes.day(g["article_date"]) or "", reverse=True):
        note = notes.article(g["article_id"], g["sentence"])
        out.append(
            {
                "报道日期": g["article_date"] or "日期不详",
                "口径": g["label"] or "",
                "报道的项目数": f"{int(g['projects'])} 个" if g["projects"] is not None else UNDISCLOSED,
                "报道的项目数" + NOTE: note if g["projects"] is not None else "",
                "报道的总投资": _yi(g["investment_yuan"], g["investment_currency"]),
                "报道的总投资" + NOTE: note if g["investment_yuan"] is not None else "",
                "本库": ours,
                "原句": g["sentence"] or "",
            }
        )
    return out


# ---------------------------------------------------------------------------------------------------
# Charts


def figures(b: Briefing) -> list[go.Figure]:
    """The park page's two charts, on the briefing's projects."""
    _, dc = _dashboard()
    return [dc.fig_stages(b.scope), dc.fig_by_year(b.scope, article_years=b.article_years or None)]


def chart_images(figs: list[go.Figure], width: int = 760) -> list[tuple[bytes, float]] | None:
    """PNG images of the figures by Plotly's static export (kaleido ≥ 1 and a Chromium), each with its
    height over its width, or None when that cannot run here (then `fallback_chart` draws them). Each
    figure keeps its own height (its margins are reckoned for it); its axes make room for their labels."""
    try:
        import kaleido  # noqa: F401 — plotly finds it by name; fail here, clearly, when it is absent
        import plotly.graph_objects as go
        import plotly.io as pio

        out = []
        for fig in figs:
            fig = go.Figure(fig)  # a copy: the page's figure is not changed
            height = int(fig.layout.height or 380)
            fig.update_layout(width=width, height=height)
            fig.update_xaxes(automargin=True)
            fig.update_yaxes(automargin=True)
            out.append((pio.to_image(fig, format="png", width=width, height=height, scale=2), height / width))
        return out
    except Exception as exc:  # noqa: BLE001 — no kaleido, no browser, a timeout: draw them ourselves
        print(f"图表静态导出不可用（{type(exc).__name__}: {exc}），改用简单柱状图", file=sys.stderr)
        return None


def bars(fig: go.Figure) -> tuple[str, list[str], list[float]]:
    """The figure's title and its bars summed over traces, per category, in the figure's own order."""
    layout_title = fig.layout.title.text if fig.layout.title else None
    totals: dict[str, float] = {}
    for trace in fig.data:
        if trace.type != "bar":
            continue
        horizontal = trace.orientation == "h"
        cats, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        for cat, value in zip(cats or (), values or (), strict=False):
            if value is not None and value == value:
                totals[str(cat)] = totals.get(str(cat), 0) + float(value)
    return (layout_title or "", list(totals), list(totals.values()))


def fallback_chart(fig: go.Figure, font: str, width: float, height: float) -> object:
    """A plain bar chart of the figure's data in reportlab's graphics, marked as a simplified drawing."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    title, cats, values = bars(fig)
    d = Drawing(width, height)
    d.add(String(4, height - 14, f"{title}（简图）", fontName=font, fontSize=10))
    if not values:
        d.add(String(4, height / 2, "没有数据", fontName=font, fontSize=9))
        return d
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 36, width - 50, height - 64
    chart.data = [values]
    chart.categoryAxis.categoryNames = cats
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#4C78A8")
    d.add(chart)
    return d


# ---------------------------------------------------------------------------------------------------
# Writing


def to_xlsx(b: Briefing) -> bytes:
    """One sheet a section, Chinese headers; text a spreadsheet would run as a formula is quoted."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    head = wb.create_sheet("简报")
    for line in (
        [f"园区简报：{b.place}"],
        ["范围", f"{b.kind}：{b.place}"],
        ["期间", f"{b.start} 至 {b.end}"],
        ["生成", f"{b.generated} · parktrack"],
        ["口径", "项目为期末前已见报的项目、按库中当前记录；动态按文章日期；总投资只计人民币、计入合计的项目"],
        ["注", "每个数字旁“·注”列的 [n] 对应“来源”表中的文章（编号、日期、网址）或人工更正记录"],
    ):
        head.append(line)
    head["A1"].font = Font(bold=True, size=14)
    head.column_dimensions["A"].width, head.column_dimensions["B"].width = 10, 90
    for name, rows in b.sheets.items():
        ws = wb.create_sheet(name)
        columns = list(rows[0]) if rows else _empty_columns(name)
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append([neutralise(r.get(c)) for c in columns])
        for i, c in enumerate(columns, 1):
            wide = c in ("原句", "最新报道", "原来的句子", "内容", "说明", "本库", "项目", "标题", "网址")
            ws.column_dimensions[ws.cell(1, i).column_letter].width = 48 if wide else (8 if c.endswith(NOTE) else 16)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _empty_columns(name: str) -> list[str]:
    return {
        "期内动态": ["日期", "类型", "项目", "内容", "内容" + NOTE, "原句", "原来的句子", "项目编号"],
        "报道合计": ["报道日期", "口径", "报道的项目数", "报道的总投资", "本库", "原句"],
    }.get(name, ["（无）"])


def cjk_font() -> str:
    """Register and name the PDF's CJK font: WenQuanYi Micro Hei embedded when fontconfig finds it, else
    reportlab's built-in STSong-Light (no file needed)."""
    from reportlab.pdfbase import pdfmetrics

    if "WQYMicroHei" in pdfmetrics.getRegisteredFontNames():
        return "WQYMicroHei"
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{family}|%{file}|%{index}", "WenQuanYi Micro Hei"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout
            family, file, index = found.split("|")
            if "WenQuanYi" in family and Path(file).exists():
                from reportlab.pdfbase.ttfonts import TTFont

                pdfmetrics.registerFont(TTFont("WQYMicroHei", file, subfontIndex=int(index or 0)))
                return "WQYMicroHei"
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _numbered_canvas(font: str, footer: str):
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        """Pages numbered `第 n / N 页`: the pages are held until the count is known."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 — reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                width = self._pagesize[0]
                self.drawCentredString(width / 2, 28, f"第 {self._pageNumber} / {total} 页")
                self.drawString(42, 28, footer)
                super().showPage()
            super().save()

    return NumberedCanvas


def to_pdf(b: Briefing, images: list[tuple[bytes, float]] | None | bool = True) -> bytes:
    """A4, the CJK font embedded, the two charts as images, page numbers. `images`: True to export the
    charts, False for none, else PNGs already made (None: draw the simple fallback)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = cjk_font()
    base = ParagraphStyle("base", fontName=font, fontSize=8.5, leading=12, wordWrap="CJK")
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=10)
    h1 = ParagraphStyle("h1", parent=base, fontSize=17, leading=24, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=10, spaceAfter=4, keepWithNext=1)
    width = A4[0] - 30 * mm

    def p(text: object, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(str(text if text is not None else "")), style)

    def clip(text: object) -> str:
        text = _s(text)
        return text if len(text) <= PDF_SENTENCE else text[:PDF_SENTENCE] + "……"

    def cell(row: dict, column: str) -> str:
        note = row.get(column + NOTE) or ""
        return f"{row.get(column, '')}{(' ' + note) if note else ''}"

    def table(header: list[str], body: list[list[object]], widths: list[float]) -> Table:
        data = [[p(h, small) for h in header]] + [[p(v, small) for v in r] for r in body]
        t = Table(data, colWidths=[w * width for w in widths], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#BBBBBB")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F7")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    s = b.sheets
    story: list[object] = [
        p(f"园区简报：{b.place}", h1),
        p(f"{b.kind}：{b.place} · 期间 {b.start} 至 {b.end} · 生成于 {b.generated} · parktrack", small),
        p(
            "口径：项目为期末前已见报的项目，按库中当前记录；总投资只计人民币、计入合计的项目，每个项目计一次；"
            "未披露的数字写“未披露”，从不当作 0；报道中的合计从不加到任何项目上。方括号 [n] 是文末的来源。",
            small,
        ),
        p("一、关键数字", h2),
        table(
            ["指标", "数值", "覆盖", "说明"],
            [[r["指标"], cell(r, "数值"), r["覆盖"], r["说明"]] for r in s["关键数字"]],
            [0.26, 0.22, 0.22, 0.30],
        ),
    ]
    figs = figures(b)
    if images is True:
        images = chart_images(figs)
    if images is not False:
        story.append(p("图：项目阶段与年份（与园区页相同的图）", h2))
        for i, fig in enumerate(figs):
            if images:
                png, ratio = images[i]
                story.append(Image(io.BytesIO(png), width=width * 0.8, height=width * 0.8 * ratio))
            else:
                story.append(fallback_chart(fig, font, width, width / 2))
                story.append(p("（本机无法静态导出 Plotly 图，此为据同一图表数据绘制的简图）", small))
    story += [
        p("二、各阶段项目", h2),
        table(
            ["阶段", "项目数", "已披露投资", "计入合计的投资", "项目"],
            [[r["阶段"], cell(r, "项目数"), r["已披露投资"], cell(r, "计入合计的投资"), r["项目"]]
             for r in s["各阶段项目"]],
            [0.12, 0.14, 0.12, 0.2, 0.42],
        ),
        p(f"三、主要项目（按投资额，前 {TOP_PROJECTS} 个；全部见表格版）", h2),
        table(
            ["序号", "项目", "阶段", "投资额", "计入合计", "最新报道"],
            [[r["序号"], r["项目"] + (f"（{r['企业']}）" if r["企业"] else ""), cell(r, "阶段"), cell(r, "投资额"),
              r["计入合计"], f"{r['最新报道日期']}：{clip(r['最新报道'])} {r['最新报道' + NOTE]}"]
             for r in s["主要项目"][:TOP_PROJECTS]],
            [0.06, 0.2, 0.1, 0.14, 0.12, 0.38],
        ),
        p(f"四、期内动态（{b.start} 至 {b.end}，按文章日期）", h2),
    ]  # fmt: skip
    if s["期内动态"]:
        story.append(
            table(
                ["日期", "类型", "内容", "原句"],
                [[r["日期"], r["类型"], cell(r, "内容"), clip(r["原句"])] for r in s["期内动态"][:PDF_CHANGES]],
                [0.12, 0.1, 0.36, 0.42],
            )
        )
    else:
        story.append(p("期内没有变化。"))
    story.append(p("五、报道中的合计与本库对照", h2))
    if s["报道合计"]:
        story.append(
            table(
                ["报道日期", "报道的项目数", "报道的总投资", "本库", "原句"],
                [[r["报道日期"], cell(r, "报道的项目数"), cell(r, "报道的总投资"), r["本库"], clip(r["原句"])]
                 for r in s["报道合计"]],
                [0.12, 0.13, 0.15, 0.25, 0.35],
            )
        )  # fmt: skip
        story.append(p("两者不一致时，说明报道里有本库没有识别出的项目，或合计口径不同。", small))
    else:
        story.append(p(f"报道没有给出该{b.kind}的合计数字。"))
    story.append(p("来源", h2))
    for x in b.notes:
        where = f" {x.url}" if x.url else (f" {x.source}" if x.source else "")
        story.append(
            KeepTogether(
                p(f"[{x.n}] {x.kind} {x.article_id or ''} · {x.date or '日期不详'} · {x.title or ''}{where}", small)
            )
        )
    story.append(Spacer(1, 4))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"园区简报：{b.place}",
        author="parktrack",
    )
    doc.build(story, canvasmaker=_numbered_canvas(font, f"园区简报：{b.place} · {b.start} 至 {b.end}"))
    return buf.getvalue()


def render(b: Briefing, suffix: str) -> bytes:
    """The briefing in the format its file's suffix names."""
    suffix = suffix.lower()
    if suffix == ".xlsx":
        return to_xlsx(b)
    if suffix == ".pdf":
        return to_pdf(b)
    raise BriefingError(f"不认识的简报格式 {suffix or '（无后缀）'}：文件名请以 .xlsx 或 .pdf 结尾")


def make(db_path: Path | str, start: str, end: str, park: str, suffix: str) -> bytes:
    """The park page's download: the briefing's file, or (it cannot fail silently) a short text saying why."""
    try:
        return render(build(db_path, start, end, park=park), suffix)
    except BriefingError as exc:
        return f"简报做不出来：{exc}".encode()


def default_period(db_path: Path | str) -> tuple[str, str]:
    """The park page's button: the year of news up to the newest article (a year before, to the day)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            newest = changes.day(conn.execute("select max(date) from articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # the page says what is wrong with the database; the button takes today
        newest = None
    end = newest or datetime.now(UTC).date().isoformat()
    return changes._plus_years(end, -1) or end, end
