"""园区项目追踪 — the Streamlit dashboard: widgets and layout only.

Data comes from `dashboard_data` (cached, read-only, bound parameters), figures from
`dashboard_charts` (pure). Every filter lives in the URL (`park`, `year`, `status`, `size`, `q`), so a
filtered view is a link; `?project=<project_id>` opens one project.

    streamlit run dashboard.py          # reads $PROJECTS_DB, else data/projects.db
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

import dashboard_charts as dc
import dashboard_data as dd
import dashboard_review as dr

APP_TITLE = "园区项目追踪"
TABS = ("总览", "园区对比", "项目表", "数据", "待核对", "动态")
BUILD_COMMANDS = "make run\n# 或者\npython -m pipeline ingest data/articles"
FIELD_NAMES = {"investment_yuan": "投资", "output_yuan": "产值", "jobs": "就业"}
# No mode bar: clicks drill down and hover reads values; its zoom, pan and image buttons were built for
# every chart on every load (its icons are a part of each chart's drawing in the browser, bench/browser.py).
PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": False}
# A project's page draws its first mentions, the rest one click away: each mention is a sentence, a link and
# its article's full text, and the browser took 3 s to lay out 140 of them (bench/browser.py, 20,000 articles).
MENTIONS_SHOWN = 20
# A park page draws the latest of the news's own totals for the park, the earlier ones one click away (a
# busy park had 678 on 20,000 articles, and drawing them was most of the page's time).
AGGREGATES_SHOWN = 10
QUALIFIERS = {"about": "约", "over": "超", "under": "不到", "at_least": "至少", "at_most": "至多", "range": "区间"}


def txt(value: object, default: str = "") -> str:
    """A cell as text: None and NaN (pandas' missing text) become the default."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return default
    return str(value)


# ---------------------------------------------------------------------------------------------------
# URL ⇄ widgets


def url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def seed(key: str, value: object) -> None:
    """Give a widget its value from the URL the first time it is drawn in this session (or after a page
    that did not draw it), so a shared link opens the same view."""
    if key not in st.session_state:
        st.session_state[key] = value


def keep_valid(key: str, options: list[str]) -> None:
    """Drop remembered choices that are no longer options (other filters, or a rebuilt database)."""
    current = st.session_state.get(key)
    if isinstance(current, list) and any(v not in options for v in current):
        st.session_state[key] = [v for v in current if v in options]


def write_url(params: dict[str, list[str]], keys: tuple[str, ...]) -> None:
    """Make the URL say what the widgets say, touching only our own keys (and only when they differ,
    so a rerun does not rewrite history)."""
    for key in keys:
        if key in params:
            if st.query_params.get_all(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]


def clear_filters() -> None:
    for key in ("f_province", "f_city", "f_county", "f_park", "f_status", "f_size", "f_q"):
        st.session_state[key] = [] if key != "f_q" else ""
    if "f_year" in st.session_state and "_year_span" in st.session_state:
        st.session_state["f_year"] = st.session_state["_year_span"]


def open_project(project_id: str) -> None:
    st.query_params["project"] = project_id
    st.rerun()


T = TypeVar("T")


# 128 entries: a view's rows are the largest (two frames, about 6 MB at 20,000 articles), so at most
# about 0.8 GB however many filter combinations are opened
@st.cache_resource(max_entries=128, show_spinner=False)
def _memo(key: tuple, _build: Callable[[], T]) -> T:
    return _build()


def memo(*key: object, build: Callable[[], T]) -> T:
    """What `build` makes, made once per `key` and shared read-only across sessions (no caller changes
    what it is given). The key names the database's path and version, the part of a page and what selects
    it (a view's filters, a park, a project): a view's rows, figures, counts and HTML depend on nothing
    else, and remaking them on every load was most of a page's script time at 20,000 articles
    (bench/browser.py)."""
    return _memo(key, build)


def option_counts(path: str, version: str, column: str, within: tuple, projects: pd.DataFrame) -> pd.Series:
    """How many projects hold each value of `column`, most first, among those whose place lies `within`
    the levels chosen above it ((level, values) pairs): a filter's options and their counts."""

    def count() -> pd.Series:
        scope = projects
        for level, values in within:
            scope = scope[scope[level].isin(values)]
        return scope[column].dropna().value_counts()

    return memo(path, version, "options", column, within, build=count)


def sidebar_filters(projects: pd.DataFrame, path: str, version: str) -> dd.Filters:
    """The filter widgets, seeded from the URL; returns the filters they describe."""
    from_url = dd.parse_filters(url_params())
    park_counts = option_counts(path, version, "park_label", (), projects)
    park_options = list(park_counts.index)
    unknown = [p for p in from_url.parks if p not in park_options]
    seed("f_park", [p for p in from_url.parks if p in park_options])
    keep_valid("f_park", park_options)
    place_seed = {"province": from_url.provinces, "city": from_url.cities, "county": from_url.counties}
    for level, _ in dd.PLACE_LEVELS:
        seed(f"f_{level}", list(place_seed[level]))
    seed("f_status", list(from_url.statuses))
    seed("f_size", list(from_url.sizes))
    seed("f_q", from_url.q)
    span = dd.year_span(projects)
    if span and span[0] < span[1]:
        st.session_state["_year_span"] = span
        wanted = from_url.years or span
        current = st.session_state.get("f_year")
        if current and not (span[0] <= current[0] <= current[1] <= span[1]):
            del st.session_state["f_year"]  # the database was rebuilt with other years
        seed("f_year", (max(span[0], min(wanted[0], span[1])), min(span[1], max(wanted[1], span[0]))))
    with st.sidebar:  # no heading of its own: the search box's label and the popover's say what they are
        q = st.text_input(
            "搜索项目、企业、园区",
            key="f_q",
            placeholder="如：新能源、小松、产业园",
            help="按词搜索（两个字及以上），多个词都要命中；输入内容只作文字，不会当作查询语句。",
        )
        # The other filters sit in a popover: the browser mounts its widgets only when it is opened (each
        # multiselect and the slider was drawn on every load, bench/browser.py); the script still runs them.
        n_chosen = sum(bool(v) for v in chosen_filters())
        label = "更多筛选" + (f"（已选 {n_chosen} 项）" if n_chosen else "")
        more = st.popover(label, width="stretch", key="more_filters", help="地区、园区、年份、阶段、投资规模")
    with more:
        # said where the filters are set, not on every page's first paint (each element is drawn on load)
        st.caption("筛选条件已写入网址，复制浏览器地址即可分享当前视图。")
        places = place_filters(projects, path, version)
        parks = st.multiselect(
            "园区",
            park_options,
            key="f_park",
            select_all=False,
            placeholder="全部园区",
            format_func=lambda p: f"{p}（{park_counts[p]}）",
        )
        if unknown:
            st.caption("链接中的园区不在库中，已忽略：" + dc.escape_text("、".join(unknown)))
        years: tuple[int, int] | None = None
        if span and span[0] < span[1]:
            chosen = st.slider(
                "年份", span[0], span[1], key="f_year", help="投资额见报之年；没有投资额的项目按首次见报之年。"
            )
            years = None if tuple(chosen) == span else (int(chosen[0]), int(chosen[1]))
            n_undated = int(projects["year"].isna().sum())
            if years and n_undated:
                st.caption(f"按年份筛选时，{n_undated} 个年份不详的项目不计入。")
        statuses = st.multiselect(
            "阶段",
            list(dd.STATUS_LABELS),
            key="f_status",
            select_all=False,
            placeholder="全部阶段",
            help="停滞（推断）：两年以上没有新进展的报道，由系统推断，并非报道原文。",
        )
        sizes = st.multiselect("投资规模", list(dd.SIZE_LABELS), key="f_size", placeholder="全部规模", select_all=False)
    filters = dd.Filters(
        parks=tuple(parks),
        years=years,
        statuses=tuple(statuses),
        sizes=tuple(sizes),
        q=q or "",
        provinces=places["province"],
        cities=places["city"],
        counties=places["county"],
    )
    if filters.active:  # under the popover (the sidebar is drawn in order), only when there is something to clear
        st.sidebar.button("清除筛选", on_click=clear_filters, width="stretch")
    write_url(filters.to_params(), dd.FILTER_KEYS)
    return filters


def place_filters(projects: pd.DataFrame, path: str, version: str) -> dict[str, tuple[str, ...]]:
    """Province → city → county pickers, each offering the places under the levels chosen above it (from
    the location the pipeline stores); none is drawn when no project has a place."""
    chosen: dict[str, tuple[str, ...]] = {level: () for level, _ in dd.PLACE_LEVELS}
    if "province" not in projects.columns or projects["province"].isna().all():
        return chosen
    within: tuple[tuple[str, tuple[str, ...]], ...] = ()
    for level, label in dd.PLACE_LEVELS:
        counts = option_counts(path, version, level, within, projects)
        options = sorted(counts.index)
        keep_valid(f"f_{level}", options)
        if not options:
            continue
        values = st.multiselect(
            label,
            options,
            key=f"f_{level}",
            select_all=False,
            placeholder=f"全部{label}",
            format_func=lambda v, c=counts: f"{v}（{c[v]}）",
        )
        chosen[level] = tuple(values)
        if values:
            within = (*within, (level, chosen[level]))
    return chosen


def chosen_filters() -> list[object]:
    """The values the popover's filters hold now, for its label (a year range counts when it is not the
    whole span)."""
    values: list[object] = [st.session_state.get(f"f_{level}") for level, _ in dd.PLACE_LEVELS]
    values += [st.session_state.get(key) for key in ("f_park", "f_status", "f_size")]
    year, span = st.session_state.get("f_year"), st.session_state.get("_year_span")
    values.append(bool(year and span and tuple(year) != tuple(span)))
    return values


def open_park(park: str) -> None:
    st.query_params["park_page"] = park
    st.rerun()


def segment(event: object) -> dict | None:
    """The first point a click on a chart selected (its x, y, customdata and trace), or None."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    return points[0] if points else None


def drill_list(df: pd.DataFrame, title: str, path: str, version: str, key: str) -> None:
    """The projects behind the chart segment just clicked, as a table whose row opens the project."""
    with st.container(border=True):
        st.markdown(f"**{dc.escape_text(title)}**")
        if df.empty:
            st.caption("这一段没有项目。")
            return
        project_table(df, path, version, key=key, exports=False)


def selected_project(event: object, known: set[str]) -> str | None:
    """The project id a click on a one-project bar (customdata) or treemap leaf (id) carries."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        value = point.get("customdata")
        if isinstance(value, list):
            value = value[0] if value else None
        for candidate in (value, point.get("id")):
            if isinstance(candidate, str) and candidate in known:
                return candidate
    return None


# ---------------------------------------------------------------------------------------------------
# Pages


def no_database(path: object, reason: str) -> None:
    st.title(APP_TITLE)
    st.warning(f"{reason}：`{path}`")
    st.markdown("先从新闻文章建库，再打开本页面。在项目目录下运行：")
    st.code(BUILD_COMMANDS, language="bash")
    st.caption("数据库位置可用环境变量 PROJECTS_DB 指定；建库完成后刷新本页即可。")


def filter_summary(filters: dd.Filters) -> str:
    parts = []
    if filters.parks:
        parts.append("园区：" + "、".join(filters.parks))
    if filters.years:
        low, high = filters.years
        parts.append(f"年份：{low}–{high}" if low != high else f"年份：{low}")
    if filters.statuses:
        parts.append("阶段：" + "、".join(filters.statuses))
    if filters.sizes:
        parts.append("规模：" + "、".join(filters.sizes))
    if filters.q:
        parts.append(f"搜索：{filters.q}")
    return " · ".join(parts)


# The page's own styles, drawn with the widget texts' (no element of their own). The KPIs are one HTML
# block, not six st.metric: each Streamlit element costs the browser its own rendering (bench/browser.py).
# Read-only blocks without outside links go through st.html (set as the page's HTML, sanitised): the same
# block through st.markdown's parser cost about twice its main-thread time in a small page of each.
# A grid of cells at least 180 px wide: four or more in a row on a wide screen, two or one at 800 px;
# values wrap rather than being cut.
PAGE_CSS = """<style>
.pt-kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:14px 28px;margin:4px 0 14px}
.pt-kpi{min-width:0}
.pt-kpi-label{font-size:.875rem;color:rgba(49,51,63,.75)}
.pt-kpi-help{cursor:help;color:rgba(49,51,63,.45);margin-left:4px}
.pt-kpi-value{font-size:1.75rem;line-height:1.3;overflow-wrap:anywhere}
.pt-kpi-note{font-size:.82rem;color:rgba(49,51,63,.6);overflow-wrap:anywhere}
.pt-line{font-size:.875rem;color:rgba(49,51,63,.6);margin:2px 0 6px}
.pt-badge{display:inline-block;border-radius:4px;padding:0 6px;margin:2px 4px 0 0;font-size:.8rem}
.pt-badge-orange{background:#fde8d3;color:#9a4b06}.pt-badge-violet{background:#ece5fb;color:#5b36b0}
.pt-badge-green{background:#dcf3e2;color:#1c6b37}.pt-badge-blue{background:#dbe9fb;color:#1d4f91}
.pt-badge-gray{background:#e9eaee;color:#4a4d57}
.pt-agg{margin:0 0 10px}
.pt-mention{border-bottom:1px solid rgba(49,51,63,.15);padding:8px 0 12px}
.pt-mention details{margin-top:4px}.pt-mention summary{cursor:pointer;color:#1d4f91;font-size:.875rem}
.pt-flagged summary{cursor:pointer;color:#1d4f91}.pt-flagged ul{margin:4px 0 0 0}
h1.pt-title{font-size:2.75rem;font-weight:700;line-height:1.2;padding:1.25rem 0 1rem;margin:0;overflow-wrap:anywhere}
</style>"""


CSS = dc.WIDGET_TEXTS_CSS + PAGE_CSS


def page_head(title: str) -> str:
    """The page's styles and its title as the start of its first HTML block (HTML; `title` is escaped):
    an st.title and an st.html of styles were two more elements for the browser to draw on every load
    (bench/browser.py), each about as costly as a chart's frame."""
    return f'{CSS}<h1 class="pt-title">{dc.escape_text(title)}</h1>'


def badge(color: str, text: str) -> str:
    """A coloured label as HTML (our own words only: `text` is escaped)."""
    return f'<span class="pt-badge pt-badge-{color}">{dc.escape_text(text)}</span>'


def kpi_cell(label: str, value: str, note: str = "", help_text: str | None = None) -> str:
    """One KPI as HTML: label (with its help as a tooltip), value, and a note that is already HTML."""
    tip = f'<span class="pt-kpi-help" title="{html.escape(help_text, quote=True)}">ⓘ</span>' if help_text else ""
    return (
        f'<div class="pt-kpi"><div class="pt-kpi-label">{dc.escape_text(label)}{tip}</div>'
        f'<div class="pt-kpi-value">{dc.escape_text(value)}</div>'
        + (f'<div class="pt-kpi-note">{note}</div>' if note else "")
        + "</div>"
    )


def kpi_block(cells: list[str], lines: list[str] = ()) -> str:
    """KPI cells in one grid, then lines of HTML under it (notes that belong to the figures)."""
    below = "".join(f'<div class="pt-line">{line}</div>' for line in lines if line)
    return f'<div class="pt-kpis">{"".join(cells)}</div>{below}'


def kpis_of(view: str, df: pd.DataFrame) -> dict:
    """dd.kpis of one view's rows (`view` names the database version and what selects the rows), via memo."""
    return memo(view, "kpis", build=lambda: dd.kpis(df))


def kpi_strip(df: pd.DataFrame, lines: list[str] = (), head: str = "", view: str | None = None) -> None:
    """The headline figures, as one HTML block. 产值 and 就业 are split into what the news states as done
    (已报道) and what it expects (预计: `投产后可实现…`, `预计带动…`, dashboard_data.is_forecast): the two are
    never added. `lines` (HTML) are drawn under the figures in the same block, `head` (HTML) above them;
    `view` (see kpis_of) reads the figures from the cache."""
    k = kpis_of(view, df) if view else dd.kpis(df)
    notes = [f"{k['n_investment']} 个项目披露", f"未披露投资 {k['n_undisclosed']} 个"]
    if k["foreign"]:
        n_foreign = sum(n for n, _ in k["foreign"].values())
        amounts = "、".join(dc.fmt_amount(amount, cur) for cur, (_, amount) in k["foreign"].items())
        notes.append(f"外币投资 {n_foreign} 个（{amounts}）未折算、未计入")
    if k["n_excluded"]:
        notes.append(f"{k['n_excluded']} 个项目标为不计入合计")
    if k.get("n_corrected"):
        notes.append(f"其中 {k['n_corrected']} 个项目的投资额为人工更正")
    cells = [
        kpi_cell("项目数", f"{k['projects']} 个", help_text="按项目计数（同一项目多次见报只算一次）。"),
        kpi_cell(
            "总投资",
            dc.fmt_yi(k["investment_yuan"]) if k["n_investment"] else "—",
            dc.escape_text(" · ".join(notes)),
            "每个项目只取一个数字（最新报道的投资额），只合计人民币金额；外币不折算，单独列出。",
        ),
    ]
    stated_help = "报道中说已实现的数字之和（如“去年实现产值…”）；预计的数字另列，不加在一起。"
    plan_help = "报道中预计的数字之和（“预计”“将”“投产后可实现”“达产后”等），不是已实现的数字。"
    for label, key, fmt in (
        ("产值 · 已报道", "output_stated", dc.fmt_yi),
        ("产值 · 预计", "output_forecast", dc.fmt_yi),
        ("就业 · 已报道", "jobs_stated", lambda v: f"{v:,} 人"),
        ("就业 · 预计", "jobs_forecast", lambda v: f"{v:,} 人"),
    ):
        n = k[f"n_{key}"]
        tip = plan_help if key.endswith("forecast") else stated_help
        cells.append(kpi_cell(label, fmt(k[key]) if n else "—", f"{n} 个项目", tip))
    st.html(head + kpi_block(cells, list(lines)))


def flagged_line(df: pd.DataFrame, path: str, version: str) -> tuple[str, pd.DataFrame]:
    """How many records of this view are left out of the sums, and why (HTML, '' for none), and those rows."""
    if not path or "in_totals" not in df.columns:
        return "", pd.DataFrame()
    flagged = dd.load_flagged(path, version)
    ids = df["project_id"]
    shown = ids[ids.isin(flagged["project_id"])]  # the few flagged ids looked up in the view's: one vector pass
    flagged = flagged[flagged["project_id"].isin(shown)]
    if flagged.empty:
        return "", flagged
    counts = flagged["reason_kind"].value_counts()
    why = "、".join(f"{reason} {n} 个" for reason, n in counts.items())
    return dc.escape_text(f"{len(flagged)} 个项目不计入合计：{why}。"), flagged


def flagged_html(df: pd.DataFrame, path: str, version: str) -> tuple[str, str]:
    """flagged_line's line and flagged_list's folded list, both HTML."""
    line, flagged = flagged_line(df, path, version)
    return line, flagged_list(flagged)


def flagged_list(flagged: pd.DataFrame) -> str:
    """The records left out of the sums one click away, each a link to its project and the command
    that counts it again: a folded <details> in the KPI block (HTML, '' for none; the browser lays its
    content out only when opened, and it is no widget of its own, as a popover was, on every load)."""
    if flagged.empty:
        return ""
    items = "".join(
        f"<li>{project_link(r.project_id, txt(r.name))}：{dc.escape_text(txt(r.exclude_reason, '未注明原因'))}"
        f" · 改回计入：<code>python -m pipeline set {dc.escape_text(r.project_id)} in_totals 1</code></li>"
        for r in flagged.itertuples(index=False)
    )
    return (
        f'<details class="pt-flagged"><summary>不计入合计的 {len(flagged)} 个项目及原因</summary>'
        f"<ul>{items}</ul></details>"
    )


def project_link(project_id: str, name: str) -> str:
    """A link to a project's page in this tab (HTML; the name escaped, the id quoted)."""
    from urllib.parse import quote

    return f'<a href="?project={quote(str(project_id))}" target="_self">{dc.escape_text(name)}</a>'


def chart(fig: object, key: str | None = None, on_select: object = "ignore") -> object:
    return st.plotly_chart(fig, key=key, on_select=on_select, selection_mode="points", config=PLOTLY_CONFIG)


OVERVIEW_CHARTS = dc.OVERVIEW_CHARTS
DEFAULT_CHART = next(iter(OVERVIEW_CHARTS))


def overview_figure(kind: str, df: pd.DataFrame, article_years: tuple[int, ...] | None, by: str) -> object:
    if kind == "park":
        return dc.fig_invest_by_park(df)
    if kind == "size":
        return dc.fig_size_bands(df)
    if kind == "year":
        return dc.fig_by_year(df, article_years=article_years)
    if kind == "stages":
        return dc.fig_stages(df)
    if kind == "top":
        return dc.fig_top_projects(df)
    return dc.fig_treemap(df, by)


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_overview_figure(
    view: str, kind: str, _df: pd.DataFrame, _article_years: tuple[int, ...] | None, by: str
) -> object:
    """One of the overview's figures for one view (`view` names the database version and the filters),
    built once: the builders are pure, and rebuilding figures on every rerun was a visible part of the
    page's time. Shared read-only across sessions (st.plotly_chart serialises without changing them)."""
    return overview_figure(kind, _df, _article_years, by)


# What a click on each overview chart does, said in the KPI block's lines (not a caption of its own under
# the chart: each element is drawn on every load, bench/browser.py).
CHART_HINTS = {
    "park": "点击某园区的柱子，打开该园区的页面。",
    "size": "点击一档，列出其中的项目。",
    "year": "点击某年某园区的一段，列出其中的项目。",
    "stages": "点击一个阶段，列出其中的项目。",
    "top": "点击柱子打开项目页。",
    "treemap": "点击园区可放大，点击项目格子打开项目页。",
}


def seed_chart_choice() -> str:
    """The overview's chart before its control is drawn: from the URL the first time in a session, then
    the control's (a default that followed the URL would reset the widget on every URL write, as the
    tabs' once did). A click has set the control's state before the script runs, so this is its value."""
    wanted = st.query_params.get("chart")
    seed("overview_chart", wanted if wanted in OVERVIEW_CHARTS else DEFAULT_CHART)
    if st.session_state.get("overview_chart") not in OVERVIEW_CHARTS:
        st.session_state["overview_chart"] = DEFAULT_CHART  # the control was clicked off: back to the first
    return st.session_state["overview_chart"]


def chart_choice() -> str:
    """The overview's chart control (seed_chart_choice first); the choice kept in the URL."""
    seed_chart_choice()
    choice = st.segmented_control("图表", list(OVERVIEW_CHARTS), key="overview_chart", label_visibility="collapsed")
    choice = choice if choice in OVERVIEW_CHARTS else DEFAULT_CHART
    write_url({"chart": [choice]} if choice != DEFAULT_CHART else {}, ("chart",))
    return choice


def overview(
    df: pd.DataFrame,
    article_years: tuple[int, ...] | None = None,
    path: str = "",
    version: str = "",
    view: str | None = None,
    review_line: str = "",
) -> None:
    """KPIs (with the review state and the records left out of sums, in the same block) and one chart."""
    if view:
        flag, flagged = memo(view, "flagged", build=lambda: flagged_html(df, path, version))
    else:
        flag, flagged = flagged_html(df, path, version)
    hint = CHART_HINTS[OVERVIEW_CHARTS[seed_chart_choice()]]
    kpi_strip(df, [dc.escape_text(review_line), flag, flagged, dc.escape_text(hint)], view=view)
    kind = OVERVIEW_CHARTS[chart_choice()]
    by = "investment"
    if kind == "treemap":
        area = st.segmented_control("树图面积", ["投资额", "项目数"], default="投资额", key="treemap_by")
        by = "count" if area == "项目数" else "investment"
    if view:
        fig = cached_overview_figure(view, kind, df, article_years, by)
    else:
        fig = overview_figure(kind, df, article_years, by)
    event = chart(fig, key=f"chart_{kind}", on_select="rerun")
    point = segment(event)
    if kind == "park":
        if point and point.get("customdata"):
            open_park(str(point["customdata"]))
    elif kind == "size":
        if point and point.get("x") is not None:
            band = str(point["x"])
            drill_list(dd.drill(df, "size", band), f"规模 {band} 的项目", path, version, "drill_size")
    elif kind == "year":
        if point and point.get("x") is not None:
            park = point.get("customdata")
            park = park[0] if isinstance(park, list) else park
            year = int(float(point["x"]))
            rows = dd.drill(df, "year", year, None if park in (None, dc.OTHER_PARKS) else str(park))
            if park == dc.OTHER_PARKS:
                rows = rows[~rows["park_label"].isin(dc.top_parks(df[df["year"].notna()]))]
            label = f"{year} 年" + (f" · {park}" if park else "")
            drill_list(rows, f"{label}的项目", path, version, "drill_year")
    elif kind == "stages":
        if point and point.get("y") is not None:
            stage = dc.STALLED if point.get("curve_number", point.get("curveNumber")) == 1 else str(point["y"])
            rows = dd.drill(df, "stage", stage)
            if stage == dc.STALLED:
                rows = rows[rows["stage"] == str(point["y"])].reset_index(drop=True)
            title = f"阶段：{stage}" + (f"（{point['y']}）" if stage == dc.STALLED else "")
            drill_list(rows, title, path, version, "drill_stage")
    elif pid := selected_project(event, set(df["project_id"])):
        open_project(pid)


# A park page's sections, one drawn at a time (lazy tabs, `park_tab=` in the URL): the project table alone
# was about 0.15 s of the browser's main thread at 20,000 articles (bench/browser.py). Its two charts are
# tabs too, not a control above one chart: the control was one more widget drawn on every load.
PARK_CHARTS = ("按年份", "按阶段")
PARK_TABS = (*PARK_CHARTS, "项目", "报道中的合计")
# A project page's: its mentions first, the figures table and the corrections one click away (`project_tab=`).
PROJECT_TABS = ("全部提及", "报道中的数字", "人工更正记录")


def page_tabs(names: tuple[str, ...], url_key: str, key: str) -> tuple[list, str]:
    """Tabs that draw only the open one (each click reruns the script), the choice kept in the URL; the
    default is read from the URL once per session, as the main tabs' is (a default that followed the URL
    would reset the widget on every URL write). Returns the tabs and the open one's name."""
    wanted = st.query_params.get(url_key)
    seed(f"_{key}_default", wanted if wanted in names else names[0])
    default = st.session_state[f"_{key}_default"]
    tabs = st.tabs(list(names), key=key, on_change="rerun", default=default if default in names else names[0])
    active = st.session_state.get(key) or names[0]
    active = active if active in names else names[0]
    write_url({url_key: [active]} if active != names[0] else {}, (url_key,))
    return tabs, active


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_park_figure(view: str, kind: str, _df: pd.DataFrame, _article_years: tuple[int, ...] | None) -> object:
    """One of a park page's figures, built once per database version and park (`view`): building them
    (make_subplots for the years) was most of the page's script time."""
    return dc.fig_stages(_df) if kind == "stages" else dc.fig_by_year(_df, article_years=_article_years)


def park_page(path: str, version: str, park: str, projects: pd.DataFrame) -> None:
    """One park: totals with their coverage and stage mix (one block), a chart, its projects and the
    news's own figures for it beside ours (tabs), the briefing one click away."""
    from urllib.parse import quote

    df = projects[projects["park_label"] == park].reset_index(drop=True)
    bar = st.container(horizontal=True, gap="small")
    if bar.button("← 返回", key="back_park"):
        del st.query_params["park_page"]
        st.rerun()
    if df.empty:
        st.html(page_head(park))
        st.warning(f"库中没有园区“{dc.escape_text(park)}”的项目（链接可能已过期，或数据库已重建）。")
        return
    with bar.popover("下载园区简报", key="park_brief"):
        park_briefs(path, version, park)
    view = f"{path}|{version}|park={park}"
    k = kpis_of(view, df)
    coverage = (
        f"{len(df)} 个项目 · 已披露投资的项目 {k['n_investment']}/{len(df)} · "
        f"产值 {k['n_output']}/{len(df)} · 就业 {k['n_jobs']}/{len(df)}"
    )
    only = f'<a href="?park={quote(park)}" target="_self">在总览中只看该园区</a>'  # the filter, as a link
    # made once: reading the news's totals unpickles every aggregate (11 MB at 20,000 articles) on each call
    mix, news = memo(
        path,
        version,
        "park facts",
        park,
        build=lambda: (dd.stage_mix(df), dd.park_aggregates(dd.load_aggregates(path, version), park)),
    )
    lines = [dc.escape_text(coverage) + " · " + only, dc.escape_text("阶段：" + mix)]
    kpi_strip(df, lines, page_head(park), view)  # the title, figures and coverage: one element
    if st.query_params.get("park_chart") in PARK_CHARTS:  # a link from before the charts were tabs
        if "park_tab" not in st.query_params:
            st.query_params["park_tab"] = st.query_params["park_chart"]
        del st.query_params["park_chart"]
    tabs, active = page_tabs(PARK_TABS, "park_tab", "park_tabs")
    i = PARK_TABS.index(active)
    with tabs[i]:
        if active in PARK_CHARTS:
            park_chart(path, version, park, df, "years" if active == PARK_CHARTS[0] else "stages")
        elif active == "项目":
            project_table(df, path, version, key="park_table", exports=False)
        else:
            park_news(park, news, df, k)


def park_briefs(path: str, version: str, park: str) -> None:
    """The 园区简报 downloads, made only when one is clicked (the PDF takes seconds)."""
    from functools import partial

    from pipeline import briefing

    start, end = memo(path, version, "briefing period", build=lambda: briefing.default_period(path))
    for suffix, label in ((".pdf", "PDF"), (".xlsx", "Excel")):
        made = partial(briefing.make, path, start, end, park, suffix)
        name, mime = f"园区简报_{park}_{start}_{end}{suffix}", briefing.MIME[suffix]
        st.download_button(
            f"下载园区简报（{label}，{start} 至 {end}）", made, name, mime, key=f"brief{suffix}", on_click="ignore"
        )


def park_chart(path: str, version: str, park: str, df: pd.DataFrame, kind: str) -> None:
    """One chart at a time, as on the overview (each costs the browser its own drawing)."""
    fig = cached_park_figure(f"{path}|{version}|{park}", kind, df, dd.load_article_years(path, version) or None)
    chart(fig, key=f"park_{kind}")


def park_news(park: str, news: pd.DataFrame, df: pd.DataFrame, k: dict) -> None:
    """The news's own totals for the park beside ours, as one HTML block (read-only text): the latest
    AGGREGATES_SHOWN, the earlier ones behind a button."""
    if news.empty:
        st.caption("报道没有给出该园区的合计数字（如“12个项目总投资56亿元”）。")
        return
    ours = f"已识别 {len(df)} 个项目，其中 {k['n_investment']} 个披露投资，合计 {dc.fmt_yi(k['investment_yuan'])}"
    shown = news if st.session_state.get(f"all_aggregates_{park}") else news.tail(AGGREGATES_SHOWN)
    items = []
    for r in shown.itertuples(index=False):
        parts = [f"{int(r.projects)}个项目" if pd.notna(r.projects) else None]
        if pd.notna(r.investment_yuan):
            parts.append("总投资" + dc.fmt_amount(r.investment_yuan, r.investment_currency))
        said = "".join(p for p in parts if p) or txt(r.label)
        items.append(
            f'<div class="pt-agg">报道（{dc.escape_text(txt(r.article_date, "日期不详"))}）：'
            f"<b>{dc.escape_text(said)}</b> · {ours}<br><small>{dc.escape_text(txt(r.sentence))}</small></div>"
        )
    note = "报道的合计从不加到任何项目上；两者不一致时，说明报道里有我们没有识别出的项目，或合计口径不同。"
    st.html("".join(items) + f'<div class="pt-line">{note}</div>')
    if len(shown) < len(news):
        st.button(
            f"显示较早的 {len(news) - len(shown)} 条报道合计",
            key="more_aggregates",
            on_click=lambda: st.session_state.update({f"all_aggregates_{park}": True}),
        )


def compare(all_parks: pd.DataFrame) -> None:
    st.caption("对比页使用左侧除“园区”以外的筛选条件。")
    options = list(all_parks["park_label"].value_counts().index)
    if len(options) < 2:
        st.info("当前筛选下不足两个园区，无法对比。")
        return
    from_url = [p for p in dd.param_values(url_params(), "cmp") if p in options][:4]
    seed("cmp", from_url or [p for p in options if p != dd.NO_PARK][:2])
    keep_valid("cmp", options)
    parks = st.multiselect("选择 2–4 个园区", options, key="cmp", max_selections=4, select_all=False)
    write_url({"cmp": parks} if parks else {}, ("cmp",))
    if len(parks) < 2:
        st.info("请至少选择两个园区。")
        return
    summary = dd.park_summary(all_parks, parks)

    def yi(v: object, n: int) -> str:
        return f"{dc.fmt_yi(float(v) * dd.YI)}（{n} 个披露）" if n else "未披露"

    def people(v: object, n: int) -> str:
        return f"{int(float(v)):,} 人（{n} 个披露）" if n else "未披露"

    table = pd.DataFrame(
        {
            "项目数": [f"{n} 个" for n in summary["projects"]],
            "总投资": [yi(v, n) for v, n in zip(summary["investment_yi"], summary["n_investment"], strict=True)],
            "未披露投资": [f"{n} 个" for n in summary["n_undisclosed"]],
            "项目规模中位数": [dc.fmt_yi(float(v) * dd.YI) if pd.notna(v) else "—" for v in summary["median_yi"]],
            "产值 · 已报道": [yi(v, n) for v, n in zip(summary["output_yi"], summary["n_output"], strict=True)],
            "产值 · 预计": [
                yi(v, n) for v, n in zip(summary["output_forecast_yi"], summary["n_output_forecast"], strict=True)
            ],
            "就业 · 已报道": [people(v, n) for v, n in zip(summary["jobs"], summary["n_jobs"], strict=True)],
            "就业 · 预计": [
                people(v, n) for v, n in zip(summary["jobs_forecast"], summary["n_jobs_forecast"], strict=True)
            ],
            "停滞（推断）": [f"{n} 个" for n in summary["n_stalled"]],
        },
        index=list(summary["park"]),
    ).T
    st.dataframe(table, width="stretch")
    st.caption(
        "产值、就业分两类：已报道 = 报道说已实现或直接陈述的数字；预计 = 报道预计的数字（图中斜线），两者不相加。"
    )
    chart(dc.fig_compare_measures(summary))
    left, right = st.columns(2)
    with left:
        chart(dc.fig_compare_stages(all_parks, parks))
    with right:
        chart(dc.fig_compare_years(all_parks, parks))


WIDTH_PROBE_JS = """
export default function(component) {
  const { setStateValue, parentElement, data } = component;
  const box = parentElement.host || parentElement;
  const report = () => {
    const w = Math.round(box.getBoundingClientRect().width / 10) * 10;
    const known = data && data.width;
    // a scroll bar coming and going moves the width by ~15 px: only a real change reports (no rerun loop)
    if (w > 0 && (!known || Math.abs(w - known) >= 40)) {
      // remembered for this browser's next visit: its first run then draws the right columns, no rerun
      document.cookie = `${data.cookie}=${w}; path=/; max-age=31536000; SameSite=Lax`;
      setStateValue('width', w);
    }
  };
  report();
  const watcher = new ResizeObserver(report);
  watcher.observe(box);
  return () => watcher.disconnect();
}
"""


@st.cache_resource
def _width_probe():  # noqa: ANN202 - Streamlit's component renderer type is private
    """A component with no view of its own that reports the width it is given (to 10 px, when it
    moves by 40 px or more)."""
    import streamlit.components.v2 as components

    return components.component("parktrack.width", js=WIDTH_PROBE_JS)


def available_width(key: str) -> int | None:
    """The width in px of the container this is called in, measured by the browser: on a session's first
    run the width this browser measured on its last visit (a cookie), else None (the probe then reports
    it and Streamlit runs the script again, drawing the page twice)."""
    state = st.session_state.get(key)
    known = state.get("width") if state is not None else None
    cookie = f"parktrack_{key}"
    if known is None:
        remembered = st.context.cookies.get(cookie, "")
        known = int(remembered) if remembered.isdigit() and int(remembered) > 0 else None
    result = _width_probe()(
        key=key, data={"width": known, "cookie": cookie}, default={"width": known}, on_width_change=lambda: None
    )
    width = getattr(result, "width", None)
    return int(width) if isinstance(width, int | float) and width > 0 else None


def project_table(df: pd.DataFrame, path: str, version: str, key: str = "project_table", exports: bool = True) -> None:
    df = df.sort_values(
        ["investment_yi", "n_articles", "name"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)
    foreign = [
        dc.fmt_amount(v, c) if c not in (None, "CNY") and pd.notna(v) else None
        for v, c in zip(df["investment_yuan"], df["investment_currency"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "项目": df["name"],
            "园区": df["park_label"],
            "企业": df["company"],
            "投资（亿元）": df["investment_yi"].round(2),
            "外币投资": foreign,
            "产值（亿元）": df["output_yi"].round(2),
            "就业（人）": df["jobs"],
            "阶段": df["stage"],
            "停滞": ["推断停滞" if v else "" for v in df["stalled"]],
            "年份": df["year"],
            "文章数": df["n_articles"],
            "健康度": pd.to_numeric(df["health"], errors="coerce"),
            "口径": figure_notes(df),
            "人工更正": df["corrected"] if "corrected" in df.columns else "",
            "已确认": df["confirmed"] if "confirmed" in df.columns else "",
        }
    )
    width = available_width(f"{key}_width")
    every = dd.table_columns(None, table)
    shown = every if st.session_state.get(f"{key}_all") else dd.table_columns(width, table)
    hidden = [c for c in every if c not in shown]
    note = f"共 {len(df)} 个项目，按投资额排列。勾选一行打开项目页；点击表头可重新排序。"
    if hidden:
        note += f" 窗口较窄，未显示：{'、'.join(hidden)}（项目页有全部字段）。"
    st.caption(note)
    if hidden or st.session_state.get(f"{key}_all"):
        st.toggle("显示全部列（可横向滚动）", key=f"{key}_all")
    event = st.dataframe(
        table,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        height=min(35 * (len(table) + 1) + 3, 640),
        placeholder="",
        column_order=shown,
        column_config={
            "项目": st.column_config.TextColumn(width=dd.TABLE_WIDTHS["项目"]),
            "园区": st.column_config.TextColumn(width=dd.TABLE_WIDTHS["园区"]),
            "企业": st.column_config.TextColumn(width=dd.TABLE_WIDTHS["企业"]),
            "投资（亿元）": st.column_config.NumberColumn(
                format="%.2f", help="人民币；空白 = 未披露", width=dd.TABLE_WIDTHS["投资（亿元）"]
            ),
            "外币投资": st.column_config.TextColumn(
                width=dd.TABLE_WIDTHS["外币投资"], help="外币金额不折算，不计入总投资"
            ),
            "产值（亿元）": st.column_config.NumberColumn(format="%.2f", width=dd.TABLE_WIDTHS["产值（亿元）"]),
            "就业（人）": st.column_config.NumberColumn(format="%d", width=dd.TABLE_WIDTHS["就业（人）"]),
            "阶段": st.column_config.TextColumn(width=dd.TABLE_WIDTHS["阶段"]),
            "停滞": st.column_config.TextColumn(
                width=dd.TABLE_WIDTHS["停滞"], help="该地报道仍在、项目多年无新进展，系统推断，并非报道原文"
            ),
            "年份": st.column_config.NumberColumn(format="%d", width=dd.TABLE_WIDTHS["年份"]),
            "文章数": st.column_config.NumberColumn(format="%d", width=dd.TABLE_WIDTHS["文章数"]),
            "健康度": st.column_config.ProgressColumn(
                min_value=0,
                max_value=1,
                format="%.2f",
                width=dd.TABLE_WIDTHS["健康度"],
                help="独立来源数与字段完整度：越高越可靠",
            ),
            "口径": st.column_config.TextColumn(
                width=dd.TABLE_WIDTHS["口径"],
                help="数字的说法：约、超、不到、区间；预计 = 报道预计的数字（投产后、将…），不是已实现的",
            ),
            "人工更正": st.column_config.TextColumn(
                width=dd.TABLE_WIDTHS["人工更正"], help="这些字段是人工更正的值，不是报道原文；详见项目页"
            ),
            "已确认": st.column_config.TextColumn(
                width=dd.TABLE_WIDTHS["已确认"], help="有人核对过这些字段：现在的值就是核对时看到的值"
            ),
        },
    )
    rows = event.selection.rows if event else []
    if rows:
        open_project(df.iloc[rows[0]]["project_id"])
    if not exports:
        return
    st.subheader("导出当前筛选")
    ids = tuple(df["project_id"])
    zh = st.radio("表头", ["中文", "英文（列名）"], horizontal=True, key=f"{key}_headers") == "中文"
    headers = "zh" if zh else "en"

    def projects_out() -> pd.DataFrame:
        return dd.with_headers(dd.project_export(df, dd.load_project_extras(path, version)), headers)

    def figures_out() -> pd.DataFrame:
        return dd.with_headers(dd.figure_export(dd.load_all_figures(path, version), ids), headers)

    def mentions_out() -> pd.DataFrame:
        return dd.with_headers(dd.mention_export(dd.load_all_mentions(path, version), ids), headers)

    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(
        "项目 CSV",
        lambda: dd.to_csv_bytes(projects_out()),
        "projects.csv",
        "text/csv",
        on_click="ignore",
        width="stretch",
    )
    c2.download_button(
        "项目 Excel",
        lambda: dd.to_xlsx_bytes({"projects": projects_out()}),
        "projects.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        width="stretch",
    )
    c3.download_button(
        "数字与原句 CSV",
        lambda: dd.to_csv_bytes(figures_out()),
        "figures.csv",
        "text/csv",
        on_click="ignore",
        width="stretch",
        help="每个报道的数字一行：它自己的原句、文章网址和标题、原文写法（如 15个亿）与限定词",
    )
    c4.download_button(
        "提及 Excel",
        lambda: dd.to_xlsx_bytes({"figures": figures_out(), "mentions": mentions_out()}),
        "mentions.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        width="stretch",
        help="两页：数字（每个数字一行，带它自己的原句）与提及（每篇文章提到的每个项目一行）",
    )
    st.caption(
        "金额为元（或所注币种），与 `python -m pipeline export --what projects|figures|mentions` 的列一致"
        "（英文表头即其列名）。"
    )


def figure_notes(df: pd.DataFrame) -> list[str]:
    """Per project, how its figures are stated: `投资约；产值预计；就业预计、超` ('' when plain)."""
    columns = []
    for f in ("investment_yuan", "output_yuan", "jobs"):
        forecast = df[f"{f}_forecast"] if f"{f}_forecast" in df.columns else [False] * len(df)
        qualifier = df[f"{f}_qualifier"] if f"{f}_qualifier" in df.columns else [None] * len(df)
        columns.append((FIELD_NAMES[f], df[f].notna(), forecast, qualifier))
    out = []
    for i in range(len(df)):
        parts = []
        for label, stated, forecast, qualifier in columns:
            if not stated.iloc[i]:
                continue
            plan = label != FIELD_NAMES["investment_yuan"] and bool(
                forecast[i] if isinstance(forecast, list) else forecast.iloc[i]
            )  # an investment is always a planned sum: only output and jobs are told apart
            words = ["预计"] if plan else []
            q = qualifier[i] if isinstance(qualifier, list) else qualifier.iloc[i]
            if QUALIFIERS.get(txt(q)):
                words.append(QUALIFIERS[txt(q)])
            if words:
                parts.append(label + "、".join(words))
        out.append("；".join(parts))
    return out


def corrections_table(status: pd.DataFrame) -> pd.DataFrame:
    """The corrections_status rows as the data page and the project page show them."""
    return pd.DataFrame(
        {
            "行": status["line"],
            "操作": [OPS.get(txt(o), txt(o)) for o in status["op"]],
            "对象": status["target"],
            "字段": [dd.CORRECTED_LABELS.get(txt(f), txt(f)) for f in status.get("field", [None] * len(status))],
            "新值": [shown_value(f, v) for f, v in zip(status.get("field", []), status.get("value", []), strict=True)]
            if "value" in status.columns
            else "",
            "原值": [
                shown_value(f, v) for f, v in zip(status.get("field", []), status.get("old_value", []), strict=True)
            ]
            if "old_value" in status.columns
            else "",
            "状态": status["state"],
            "原因": status["reason"],
            "更正人": status["by"] if "by" in status.columns else "",
            "时间": status["at"] if "at" in status.columns else "",
            "现项目": status["project_id"],
        }
    )


OPS = {"set": "设值", "rename": "改名", "merge": "合并", "split": "拆分", "exclude": "不计入合计"}


def shown_value(field_name: object, raw: object) -> str:
    """A corrections value as a reader reads it: amounts in 亿元, people with 人, None as 未披露."""
    value = dd.correction_value(raw)
    if value is None:
        return "未披露" if raw is not None and not pd.isna(raw) else ""
    if field_name in ("investment_yuan", "output_yuan") and isinstance(value, int | float):
        return dc.fmt_amount(value, "CNY")
    if field_name == "jobs" and isinstance(value, int | float):
        return f"{int(value):,} 人"
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def corrections_history(path: str, version: str) -> None:
    """Every line of this database's corrections file and what became of it; the lines that no longer
    apply first in view, with their reason."""
    from pipeline import corrections as corrections_mod

    st.subheader("人工更正记录")
    st.caption(
        "更正文件："
        + dc.escape_text(str(corrections_mod.path(Path(path))))
        + "（每次建库都重新应用；`python -m pipeline set/merge/split/rename/exclude` 写入）"
    )
    status = dd.load_corrections_status(path, version)
    if status.empty:
        st.info("这个数据库没有人工更正。")
        return
    skipped = status[status["state"] == dd.NOT_APPLIED]
    if len(skipped):
        st.warning(
            f"{len(skipped)} 条更正未生效："
            + "；".join(f"第 {txt(r.line)} 行（{txt(r.target, '?')}）{txt(r.reason)}" for r in skipped.itertuples())
        )
    st.dataframe(corrections_table(status), hide_index=True, width="stretch", placeholder="")


def data_page(path: str, version: str) -> None:
    meta = dd.load_meta(path, version)
    articles = dd.load_articles(path, version)
    st.markdown(
        f"**建库时间**：{dd.built_label(meta.get('built_at'))} · **数据库**：`{path}` · **文章** {len(articles)} 篇"
    )
    monthly, year_only, undated = dd.articles_by_month(articles)
    chart(dc.fig_articles_by_month(monthly))
    gaps = dc.month_gaps(monthly)
    notes = []
    if year_only:
        notes.append(f"{year_only} 篇只知年份")
    if undated:
        notes.append(f"{undated} 篇日期不详")
    if notes:
        st.caption("图中只画精确到月的文章；另有 " + "，".join(notes) + "。")
    if gaps:
        n_months = int((~monthly["has_articles"]).sum())
        text = "、".join(a if a == b else f"{a}至{b}" for a, b in gaps)
        with st.expander(f"没有文章的月份：{n_months} 个（灰色区间，这些月份没有资料，不代表没有项目）"):
            st.write(text)
    st.subheader("被拒收的文件")
    rejections = dd.load_rejections(path, version)
    if rejections.empty:
        st.success("没有被拒收的文件。")
    else:
        st.dataframe(
            rejections.rename(columns={"path": "文件", "reason": "原因", "at": "时间"}),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
    st.subheader("报道中的汇总数字")
    st.caption("如“12个项目总投资56亿元”：按原文列出，从不计入任何项目或合计。")
    aggregates = dd.load_aggregates(path, version)
    if aggregates.empty:
        st.info("没有汇总数字。")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "日期": aggregates["article_date"],
                    "说法": aggregates.get("label"),
                    "项目数": aggregates.get("projects"),
                    "投资": [
                        dc.fmt_amount(v, c) if pd.notna(v) else None
                        for v, c in zip(aggregates["investment_yuan"], aggregates["investment_currency"], strict=True)
                    ],
                    "范围": aggregates.get("scope"),
                    "原句": aggregates["sentence"],
                    "文章": aggregates["article_title"],
                }
            ),
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={
                "日期": st.column_config.TextColumn(width=90),
                "说法": st.column_config.TextColumn(width=150),
                "项目数": st.column_config.NumberColumn(width=60),
                "投资": st.column_config.TextColumn(width=80),
                "范围": st.column_config.TextColumn(width=100),
                "原句": st.column_config.TextColumn(width=420),
            },
        )
    corrections_history(path, version)


CORRECTION_STYLE = "border-left:3px solid #d9822b;background:#fff7ef;padding:6px 10px;margin:4px 0 10px 0"
SOURCE_STYLE = "border-left:3px solid #ffe08a;padding-left:10px;margin:4px 0 12px 0"


def figure_cell(
    label: str,
    value: str | None,
    figure: dict | None,
    corrected: dict | None,
    kind: bool = True,
    confirmed: bool = False,
) -> str:
    """One of the project's figures with its kind, as a KPI cell: the qualifier (约/超/不到/区间) in the
    value, 预计 or 已报道 under it (`kind`: output and jobs; an investment is always a stated plan) with the
    words as written, a 人工更正 badge when the value was set by hand and a 已确认 badge when a person
    confirmed it."""
    if value is None:
        return kpi_cell(label, "未披露", badge("blue", "已确认") if confirmed else "")
    qualifier = QUALIFIERS.get(txt(figure.get("qualifier")), "") if figure and not corrected else ""
    note = ""
    if corrected:
        note = badge("orange", "人工更正")
    elif figure:
        note = dc.escape_text(f"原文：{txt(figure.get('stated'))}")
        if kind:
            color, word = ("violet", dd.FORECAST) if figure.get("forecast") else ("green", dd.STATED)
            note = badge(color, word) + note
        note = (badge("blue", "已确认") if confirmed else "") + note
    elif confirmed:
        note = badge("blue", "已确认")
    return kpi_cell(label, qualifier + value, note)


def correction_block(row: dict, figure: dict | None, when: str | None = None) -> str:
    """What a hand-set value replaced, as HTML: 人工更正, when, by whom, the old value and the sentence
    that stated it."""
    label = dd.CORRECTED_LABELS.get(txt(row.get("field")), txt(row.get("field")) or OPS.get(txt(row.get("op")), ""))
    new_value = shown_value(row.get("field"), row.get("value"))
    old_value = shown_value(row.get("field"), row.get("old_value")) or "未记录"
    head = (
        f"<b>人工更正</b> · {dc.escape_text(label)}：{dc.escape_text(new_value)} · "
        f"{dc.escape_text(txt(row.get('at'), '时间未记录'))} · 由 {dc.escape_text(txt(row.get('by'), '未记录'))} · "
        f"原值 {dc.escape_text(old_value)}"
    )
    if txt(row.get("state")) == "已应用（项目编号已变）":
        head += f" · 原编号 {dc.escape_text(txt(row.get('target')))}"
    if figure is not None and txt(figure.get("sentence")):
        where = dc.escape_text(when or txt(figure.get("date"), "日期不详"))
        head += f"<br><small>它替换的原句（{where}）：{dc.escape_text(txt(figure.get('sentence')))}</small>"
    elif txt(row.get("field")) in dd.FIGURE_FIELDS:
        head += "<br><small>报道中没有这个数字的原句（原为未披露）。</small>"
    return f'<div style="{CORRECTION_STYLE}">{head}</div>'


def project_corrections(path: str, version: str, project_id: str) -> pd.DataFrame:
    """The corrections lines about this project (applied to it, or meant for one of its ids)."""
    status = dd.load_corrections_status(path, version)
    return dd.project_corrections(status, project_id, dd.load_redirects_to(path, version, project_id))


def part_links(path: str, version: str, project_id: str) -> str:
    """属于 <whole> on a part's page and 包含 <parts> on the whole's, each a link (when the database
    links parts to their whole: `projects.part_of`)."""
    parts = dd.load_parts(path, version)
    if parts.empty:
        return ""
    whole = parts[parts["project_id"] == project_id]
    lines = []
    for r in whole.itertuples(index=False):
        lines.append(
            "<b>属于</b>：" + project_link(r.part_of, txt(r.whole_name, r.part_of)) + "（合计时只算整体的数字）"
        )
    inside = parts[parts["part_of"] == project_id]
    if len(inside):
        links = "、".join(project_link(r.project_id, txt(r.name)) for r in inside.itertuples(index=False))
        lines.append(f"<b>包含</b>：{links}")
    return "<br>".join(lines)


TIMELINE_KEY = (
    "时间线图例 — 实心：原句写明、已发生的阶段；空心菱形（推断）：原句没有阶段用词，阶段取自全文或默认；"
    "空心圆：报道中的计划（不改变阶段）。"
)


def project_page(path: str, version: str, project_id: str) -> None:
    """One project: its figures and facts, their provenance and the investment's source sentence as one
    HTML block, the timeline, then tabs for its mentions, the figures table and its corrections."""
    if st.button("← 返回", key="back"):
        del st.query_params["project"]
        st.rerun()
    p = dd.load_project(path, version, project_id)
    if p is None:
        st.warning(f"没有编号为 {dc.escape_text(project_id)} 的项目（链接可能已过期，或数据库已重建）。")
        return
    mentions = dd.load_mentions(path, version, project_id)
    evidence = dd.load_evidence(path, version, project_id)
    spans = memo(path, version, "spans", project_id, build=lambda: evidence_spans(evidence, mentions))
    figures = dd.load_figures(path, version, project_id)
    timeline = dd.load_timeline(path, version, project_id)
    mine = project_corrections(path, version, project_id)
    applied = mine[mine["state"].isin(dd.APPLIED_STATES)] if not mine.empty else mine
    skipped = mine[mine["state"] == dd.NOT_APPLIED] if not mine.empty else mine
    by_field: dict[str, dict] = {}
    for row in applied.to_dict("records"):
        name = {"rename": "name", "exclude": "in_totals"}.get(txt(row.get("op")), txt(row.get("field")))
        if row.get("op") in ("set", "rename", "exclude") and name:
            by_field[name] = row  # the last line for a field is the one in force
    # the values a person confirmed as they stand; a value set by hand carries 人工更正 instead
    confirmed = set(dd.confirmed_fields(applied, pd.DataFrame([p])).get(project_id, [])) - set(by_field)
    warnings = []
    for row in skipped.to_dict("records"):
        warnings.append(
            f"一条关于这个项目的更正没有生效（更正文件第 {txt(row.get('line'))} 行，"
            f"{OPS.get(txt(row.get('op')), txt(row.get('op')))} {dc.escape_text(txt(row.get('field')))}）："
            + dc.escape_text(txt(row.get("reason")))
        )

    amount = p.get("investment_yuan")
    source = mentions[mentions["mention_id"] == p.get("investment_mention_id")]
    said = source.iloc[0] if not source.empty else None
    picked = {
        f: dd.replaced_figure(
            figures,
            f,
            dd.correction_value(by_field[f].get("old_value")) if f in by_field else p.get(f),
            p.get("investment_mention_id") if f == "investment_yuan" else None,
        )
        for f in dd.FIGURE_FIELDS
    }
    if said is not None and picked["investment_yuan"] is not None and "investment_yuan" not in by_field:
        picked["investment_yuan"]["qualifier"] = txt(said.get("investment_qualifier")) or picked["investment_yuan"].get(
            "qualifier"
        )
    cells = [
        figure_cell(
            "投资",
            dc.fmt_amount(amount, p.get("investment_currency")) if pd.notna(amount) else None,
            picked["investment_yuan"],
            by_field.get("investment_yuan"),
            kind=False,
            confirmed="investment_yuan" in confirmed,
        ),
        figure_cell(
            "产值",
            dc.fmt_yi(p["output_yuan"]) if pd.notna(p.get("output_yuan")) else None,
            picked["output_yuan"],
            by_field.get("output_yuan"),
            confirmed="output_yuan" in confirmed,
        ),
        figure_cell(
            "就业",
            f"{int(p['jobs']):,} 人" if pd.notna(p.get("jobs")) else None,
            picked["jobs"],
            by_field.get("jobs"),
            confirmed="jobs" in confirmed,
        ),
    ]
    inferred = "status" not in by_field and dd.stage_is_inferred(timeline, p.get("status"))
    stage_notes = [badge("orange", "人工更正")] if "status" in by_field else []
    if "status" in confirmed:
        stage_notes.append(badge("blue", "已确认"))
    if inferred:
        stage_notes.append(badge("gray", "推断") + "原句没有阶段用词")
    if p.get("stalled"):
        stage_notes.append(badge("gray", "停滞（推断）"))
    cells.append(
        kpi_cell(
            "阶段",
            txt(p["stage"]),
            " ".join(stage_notes),
            "推断：报道中提到这个项目的句子里没有阶段用词，阶段取自全文（如“集中开工”）或默认。" if inferred else None,
        )
    )
    health = p.get("health")
    cells.append(
        kpi_cell(
            "健康度",
            f"{float(health):.2f}" if health is not None and pd.notna(health) else "—",
            help_text="独立来源数（最多 3）与企业/园区/投资/阶段是否齐全，0–1，越高越可靠。",
        )
    )
    marked = {f: " <small>（人工更正）</small>" if f in by_field else "" for f in ("company", "park", "name")}
    facts = [
        f"<b>企业</b>：{dc.escape_text(txt(p.get('company'), '未披露'))}{marked['company']}",
        f"<b>园区</b>：{dc.escape_text(txt(p['park_label']))}{marked['park']}",
        f"<b>见报</b>：{txt(p.get('first_seen'), '?')} — {txt(p.get('last_seen'), '?')}",
        f"<b>文章</b>：{txt(p.get('n_articles'), '0')} 篇（{txt(p.get('n_sources'), '0')} 个来源）",
        f"<b>编号</b>：<code>{dc.escape_text(project_id)}</code>",
    ]
    if marked["name"]:
        facts.insert(0, "<b>名称</b>：人工更正")
    if p.get("in_totals") != 1:
        facts.append(f"<b>不计入合计</b>：{dc.escape_text(txt(p.get('exclude_reason'), '是'))}")
    blocks = [page_head(txt(p["name"])), kpi_block(cells)]
    if p.get("aliases_text"):
        blocks.append(f'<div class="pt-line">又称：{dc.escape_text(p["aliases_text"])}</div>')
    blocks.append("<div>" + " · ".join(facts) + "</div>")
    if parts := part_links(path, version, project_id):
        blocks.append(f"<div>{parts}</div>")
    for name, row in by_field.items():
        figure = picked.get(name)
        if name == "status":
            figure = stage_sentence(timeline, mentions, dd.correction_value(row.get("old_value")))
        blocks.append(correction_block(row, figure))
    if said is not None:
        sentence = dc.evidence_html(said["article_text"], said["start"], said["end"], spans.get(said["mention_id"], []))
        where = dc.escape_text(f"{txt(said['article_title'], '无标题')}，{txt(said['article_date'], '日期不详')}")
        what = "被人工更正替换的投资额出处" if "investment_yuan" in by_field else "投资额出处"
        blocks.append(f'<div style="{SOURCE_STYLE}">{what}（{where}）：{sentence}</div>')
    # the timeline's key closes the block, right above the chart (not a caption of its own under it)
    blocks.append(f'<div class="pt-line">{TIMELINE_KEY}</div>')
    st.html("".join(blocks))  # one element for the title, figures and facts (links open in this tab)
    for warning in warnings:  # corrections of this project that were not applied, right under its figures
        st.warning(warning)
    chart(memo(path, version, "timeline", project_id, build=lambda: dc.fig_timeline(timeline)))
    names = PROJECT_TABS if not mine.empty else PROJECT_TABS[:2]
    tabs, active = page_tabs(names, "project_tab", "project_tabs")
    if active == PROJECT_TABS[0]:
        with tabs[0]:
            mention_list(path, version, mentions, spans, project_id)
    elif active == PROJECT_TABS[1]:
        with tabs[1]:
            figures_table(figures)
    else:
        with tabs[2]:
            st.dataframe(corrections_table(mine), hide_index=True, width="stretch", placeholder="")


def figures_table(figures: pd.DataFrame) -> None:
    """Every figure the news gave for the project, with its kind, its words and its sentence."""
    st.caption(f"报道中的数字：{len(figures)} 条。")
    if figures.empty:
        st.info("没有报道给出投资、产值或就业数字。")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "项目": [FIELD_NAMES.get(f, f) for f in figures["field"]],
                "数值": [
                    QUALIFIERS.get(txt(q), "") + (f"{int(v):,} 人" if f == "jobs" else dc.fmt_amount(v, c))
                    for f, v, c, q in zip(
                        figures["field"], figures["value"], figures["currency"], figures["qualifier"], strict=True
                    )
                ],
                "类型": [  # an investment is a planned sum by nature: only output and jobs are told apart
                    "" if name == "investment_yuan" else dd.FORECAST if f else dd.STATED
                    for name, f in zip(figures["field"], figures["forecast"], strict=True)
                ],
                "原文": figures["stated"],
                "日期": figures["date"],
                "原句": figures["sentence"],
            }
        ),
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={
            "项目": st.column_config.TextColumn(width=50),
            "数值": st.column_config.TextColumn(width=90),
            "类型": st.column_config.TextColumn(
                width=60,
                help="预计：报道预计的数字（预计、将、投产后可实现…）；已报道：报道说已实现或直接陈述的数字",
            ),
            "原文": st.column_config.TextColumn(width=90),
            "日期": st.column_config.TextColumn(width=90),
            "原句": st.column_config.TextColumn(width=650),
        },
    )


def mention_html(m: object, spans: dict[str, list[tuple]]) -> str:
    """One mention as HTML: its article's title, date, source and stage, its sentence with the evidence
    marked, a link to the original and the article's full text folded (a <details> the browser lays out
    only when opened; twenty popovers of full texts were most of a busy project's drawing)."""
    title = dc.escape_text(txt(m.article_title, "（无标题）"))
    meta = " · ".join(
        dc.escape_text(x) for x in (txt(m.article_date, "日期不详"), dc.source_label(m.source, m.url)) if x
    )
    plan = " · 计划" if m.is_plan == 1 else ""
    stage = f" · {dc.escape_text(txt(m.status))}{plan}" if txt(m.status) else ""
    sentence = dc.evidence_html(m.article_text, m.start, m.end, spans.get(m.mention_id, []))
    link = ""
    if isinstance(m.url, str) and m.url.startswith(("http://", "https://")):
        link = f' · <a href="{html.escape(m.url, quote=True)}" target="_blank" rel="noopener">原文链接</a>'
    marks = [(s, e, f) for s, e, f, _ss, _se in spans.get(m.mention_id, [])]
    full = dc.highlight(m.article_text, 0, len(m.article_text), marks)
    label = dc.escape_text("全文（" + txt(m.article_title, "无标题")[:30] + "）")
    return (
        f'<div class="pt-mention"><b>{title}</b><br><small>{meta}{stage}{link}</small>'
        f'<div style="margin:6px 0 4px 0">{sentence}</div>'
        f'<details><summary>{label}</summary><div style="line-height:1.8">{full}</div></details></div>'
    )


def mention_list(
    path: str, version: str, mentions: pd.DataFrame, spans: dict[str, list[tuple]], project_id: str
) -> None:
    """The project's mentions, MENTIONS_SHOWN first and the rest behind a button, as one HTML block with
    the highlight legend (read-only text: one element, not three per mention)."""
    shown = mentions if st.session_state.get(f"all_mentions_{project_id}") else mentions.head(MENTIONS_SHOWN)
    head = f"<b>共 {len(mentions)} 条提及</b><br>" + dc.mark_legend()
    # each mention holds its article's full text, marked: made once per project and number shown
    body = memo(
        path,
        version,
        "mentions",
        project_id,
        len(shown),
        build=lambda: "".join(mention_html(m, spans) for m in shown.itertuples(index=False)),
    )
    # st.html, not st.markdown: the same block through the Markdown parser cost the browser 0.035 s more
    # of main-thread time on a busy project's page (bench/browser.py); its outside links keep target=_blank
    st.html(f"<div>{head}</div>{body}")
    if len(shown) < len(mentions):
        st.button(
            f"显示其余 {len(mentions) - len(shown)} 条提及",
            key="more_mentions",
            on_click=lambda: st.session_state.update({f"all_mentions_{project_id}": True}),
        )


def evidence_spans(evidence: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, list[tuple]]:
    """Each mention's evidence spans for highlighting, marked by kind: a stage cue that is a plan or a
    future word (`stage_plan`) apart from an event's, a figure the news expects (`forecast`) apart from
    one it states."""
    texts = dict(zip(mentions["mention_id"], mentions["article_text"], strict=True)) if not mentions.empty else {}
    out: dict[str, list[tuple]] = {}
    for r in evidence.itertuples(index=False):
        kind = r.field
        plan = r.is_plan if "is_plan" in evidence.columns else None
        if kind == "stage" and pd.notna(plan) and int(plan) == 1:
            kind = "stage_plan"
        elif kind in ("output", "jobs"):
            before = dd.sentence_before(texts.get(r.mention_id), r.sentence_start, r.start)
            kind = "forecast" if dd.is_forecast(before, plan) else kind
        out.setdefault(r.mention_id, []).append((r.start, r.end, kind, r.sentence_start, r.sentence_end))
    return out


def stage_sentence(timeline: pd.DataFrame, mentions: pd.DataFrame, stage: object) -> dict | None:
    """The sentence of the latest event that gave the project the stage a correction replaced."""
    if timeline.empty or not isinstance(stage, str):
        return None
    rows = timeline[(timeline["stage"] == stage) & (timeline["is_plan"].fillna(0).astype(int) == 0)]
    if rows.empty:
        return None
    last = rows.iloc[-1]
    m = mentions[mentions["mention_id"] == last["mention_id"]]
    return {"sentence": m.iloc[0]["sentence"], "date": last["date"]} if not m.empty else None


# ---------------------------------------------------------------------------------------------------
# The script


def main() -> None:
    st.set_page_config(page_title=APP_TITLE, page_icon="🏭", layout="wide")
    dd.warm_segmenter()
    db = dd.database_path()
    version = dd.db_version(db)
    path = str(db)
    ready = version is not None and dd.has_projects(path, version)
    project_id = st.query_params.get("project") if ready else None
    park = st.query_params.get("park_page") if ready else None
    # each page draws the styles with its title, in its first HTML block (page_head)
    if ready and not project_id and not park:
        overview_page(path, version, dd.load_projects(path, version))
    elif version is None:
        no_database(db, "还没有数据库")
    elif not ready:
        no_database(db, "数据库还没有建好（没有项目表）")
    elif project_id:
        project_page(path, version, dd.resolve_project_id(path, project_id))  # a merged id leads on
    else:
        park_page(path, version, park, dd.load_projects(path, version))


def view_rows(
    path: str, version: str, projects: pd.DataFrame, filters: dd.Filters
) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """The rows a view shows, the same over every park (for the comparison), and the search's note."""
    index = dd.load_index(path, version) if filters.q.strip() else None
    df = dd.apply_filters(projects, filters, index)
    all_parks = dd.apply_filters(projects, dd.without_parks(filters), index)
    return df, all_parks, dd.search_caption(index.find(filters.q) if index is not None else None)


def overview_page(path: str, version: str, projects: pd.DataFrame) -> None:
    """The main page: the filters, one line on what is shown (with the page's styles: one element), the
    tabs."""
    if projects.empty:
        st.html(page_head(APP_TITLE))
        st.info("数据库里还没有项目。把新闻文章放进 data/articles 后重新建库：")
        st.code(BUILD_COMMANDS, language="bash")
        data_page(path, version)
        return
    filters = sidebar_filters(projects, path, version)
    view = f"{path}|{version}|{sorted(filters.to_params().items())}"
    df, all_parks, note = memo(view, "rows", build=lambda: view_rows(path, version, projects, filters))
    meta = dd.load_meta(path, version)
    summary = filter_summary(filters)
    line = (f"筛选 — {dc.escape_text(summary)} · " if summary else "") + dc.escape_text(
        f"{len(df)} / {len(projects)} 个项目 · 建库于 {dd.built_label(meta.get('built_at'))}"
    )
    if note:
        line += "<br>" + dc.escape_text(note)
    # the page's styles and this line are one element (a caption of its own was one more to draw)
    st.html(f'{page_head(APP_TITLE)}<div class="pt-line">{line}</div>')
    status = dd.load_corrections_status(path, version)
    n_skipped = int((status["state"] == dd.NOT_APPLIED).sum()) if not status.empty else 0
    if n_skipped:
        st.warning(f"{n_skipped} 条人工更正没有生效（项目已不在库中，或更正写错）：见“数据”页的人工更正记录。")
    # The tabs' default is read from the URL once per session: a default that followed the URL would
    # change the widget's identity on every URL write, and Streamlit would reset it (every second click lost).
    wanted = st.query_params.get("tab")
    seed("_tab_default", wanted if wanted in TABS else TABS[0])
    tabs = st.tabs(list(TABS), key="tab_widget", on_change="rerun", default=st.session_state["_tab_default"])
    active = st.session_state.get("tab_widget") or TABS[0]
    write_url({"tab": [active]} if active != TABS[0] else {}, ("tab",))
    with tabs[0]:
        if tabs[0].open is not False:
            if df.empty:
                no_rows()
            else:
                review_line = dr.cached_overview_caption(path, version, view, df)  # 待核对 N 条 · 已核对 62% 的投资额
                overview(df, dd.load_article_years(path, version) or None, path, version, view, review_line)
    with tabs[1]:
        if tabs[1].open is not False:
            compare(all_parks)
    with tabs[2]:
        if tabs[2].open is not False:
            if df.empty:
                no_rows()
            else:
                project_table(df, path, version)
    with tabs[3]:
        if tabs[3].open is not False:
            data_page(path, version)
    with tabs[4]:
        if tabs[4].open is not False:
            dr.review_page(path, version, df, projects)
    with tabs[5]:
        if tabs[5].open is not False:
            dr.changes_page(path, version, df)


def no_rows() -> None:
    st.warning("当前筛选没有匹配的项目。")
    st.markdown("试试：放宽年份范围、去掉一些园区或阶段，或换一个搜索词（按词搜索，至少两个字）。")
    st.button("清除筛选", on_click=clear_filters, key="clear_empty")


try:
    main()
except dd.BadDatabase as exc:  # a damaged or foreign database: say what is wrong and what to run
    st.error(str(exc))
