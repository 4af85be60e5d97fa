"""园区项目追踪 — the Streamlit dashboard: widgets and layout only.

Data comes from `dashboard_data` (cached, read-only, bound parameters), figures from
`dashboard_charts` (pure). Every filter lives in the URL (`park`, `year`, `status`, `size`, `q`), so a
filtered view is a link; `?project=<project_id>` opens one project.

    streamlit run dashboard.py          # reads $PROJECTS_DB, else data/projects.db
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import dashboard_charts as dc
import dashboard_data as dd
import dashboard_review as dr

TABS = ("总览", "园区对比", "项目表", "数据", "待核对", "动态")
BUILD_COMMANDS = "make run\n# 或者\npython -m pipeline ingest data/articles"
FIELD_NAMES = {"investment_yuan": "投资", "output_yuan": "产值", "jobs": "就业"}
PLOTLY_CONFIG = {"displaylogo": False}
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


def sidebar_filters(projects: pd.DataFrame) -> dd.Filters:
    """The filter widgets, seeded from the URL; returns the filters they describe."""
    from_url = dd.parse_filters(url_params())
    park_counts = projects["park_label"].value_counts()
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
    with st.sidebar:
        st.header("筛选")
        q = st.text_input(
            "搜索项目、企业、园区",
            key="f_q",
            placeholder="如：新能源、小松、产业园",
            help="按词搜索（两个字及以上），多个词都要命中；输入内容只作文字，不会当作查询语句。",
        )
        places = place_filters(projects)
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
            st.session_state["_year_span"] = span
            wanted = from_url.years or span
            current = st.session_state.get("f_year")
            if current and not (span[0] <= current[0] <= current[1] <= span[1]):
                del st.session_state["f_year"]  # the database was rebuilt with other years
            seed("f_year", (max(span[0], min(wanted[0], span[1])), min(span[1], max(wanted[1], span[0]))))
            chosen = st.slider("年份（项目首次见报）", span[0], span[1], key="f_year")
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
        if filters.active:
            st.button("清除筛选", on_click=clear_filters, width="stretch")
        st.caption("筛选条件已写入网址，复制浏览器地址即可分享当前视图。")
    write_url(filters.to_params(), dd.FILTER_KEYS)
    return filters


def place_filters(projects: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Province → city → county pickers, each offering the places under the levels chosen above it (from
    the location the pipeline stores); none is drawn when no project has a place."""
    chosen: dict[str, tuple[str, ...]] = {level: () for level, _ in dd.PLACE_LEVELS}
    if "province" not in projects.columns or projects["province"].isna().all():
        return chosen
    scope = projects
    for level, label in dd.PLACE_LEVELS:
        counts = scope[level].dropna().value_counts()
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
            scope = scope[scope[level].isin(values)]
    return chosen


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
    st.title("园区项目追踪")
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


KPI_WIDTH = 200  # px: four in a row on a wide screen, two (or one) on a narrow one, never a cut value


def kpi_strip(df: pd.DataFrame) -> None:
    k = dd.kpis(df)
    strip = st.container(horizontal=True, wrap=True, gap="medium")
    c1, c2, c3, c4 = (strip.container(width=KPI_WIDTH) for _ in range(4))
    c1.metric("项目数", f"{k['projects']} 个", help="按项目计数（同一项目多次见报只算一次）。")
    c2.metric(
        "总投资",
        dc.fmt_yi(k["investment_yuan"]) if k["n_investment"] else "—",
        help="每个项目只取一个数字（最新报道的投资额），只合计人民币金额；外币不折算，单独列出。",
    )
    notes = [f"{k['n_investment']} 个项目披露", f"未披露投资 {k['n_undisclosed']} 个"]
    if k["foreign"]:
        n_foreign = sum(n for n, _ in k["foreign"].values())
        amounts = "、".join(dc.fmt_amount(amount, cur) for cur, (_, amount) in k["foreign"].items())
        notes.append(f"外币投资 {n_foreign} 个（{amounts}）未折算、未计入")
    if k["n_excluded"]:
        notes.append(f"{k['n_excluded']} 个项目标为不计入合计")
    c2.caption(" · ".join(notes))
    c3.metric("产值", dc.fmt_yi(k["output_yuan"]) if k["n_output"] else "—", help="报道中的（预计）年产值之和。")
    c3.caption(f"{k['n_output']} 个项目披露")
    c4.metric("就业", f"{k['jobs']:,} 人" if k["n_jobs"] else "—", help="报道中的（预计）就业人数之和。")
    c4.caption(f"{k['n_jobs']} 个项目披露")


def chart(fig: object, key: str | None = None, on_select: object = "ignore") -> object:
    return st.plotly_chart(fig, key=key, on_select=on_select, selection_mode="points", config=PLOTLY_CONFIG)


def overview_figures(df: pd.DataFrame, article_years: tuple[int, ...] | None, by: str) -> dict[str, object]:
    return {
        "park": dc.fig_invest_by_park(df),
        "size": dc.fig_size_bands(df),
        "year": dc.fig_by_year(df, article_years=article_years),
        "stages": dc.fig_stages(df),
        "top": dc.fig_top_projects(df),
        "treemap": dc.fig_treemap(df, by),
    }


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_overview_figures(
    view: str, _df: pd.DataFrame, _article_years: tuple[int, ...] | None, by: str
) -> dict[str, object]:
    """The overview's figures for one view (`view` names the database version and the filters), built
    once: the builders are pure, and rebuilding six figures on every rerun was a visible part of the
    page's time. Shared read-only across sessions (st.plotly_chart serialises without changing them)."""
    return overview_figures(_df, _article_years, by)


def overview(
    df: pd.DataFrame,
    article_years: tuple[int, ...] | None = None,
    path: str = "",
    version: str = "",
    view: str | None = None,
) -> None:
    kpi_strip(df)
    by = "count" if st.session_state.get("treemap_by") == "项目数" else "investment"
    figs = cached_overview_figures(view, df, article_years, by) if view else overview_figures(df, article_years, by)
    left, right = st.columns(2)
    with left:
        event = chart(figs["park"], key="chart_park", on_select="rerun")
        st.caption("点击某园区的柱子，打开该园区的页面。")
        if (point := segment(event)) and point.get("customdata"):
            open_park(str(point["customdata"]))
    with right:
        size_event = chart(figs["size"], key="chart_size", on_select="rerun")
        st.caption("点击一档，列出其中的项目。")
    if (point := segment(size_event)) and point.get("x") is not None:
        band = str(point["x"])
        drill_list(dd.drill(df, "size", band), f"规模 {band} 的项目", path, version, "drill_size")
    year_event = chart(figs["year"], key="chart_year", on_select="rerun")
    st.caption("点击某年某园区的一段，列出其中的项目。")
    if (point := segment(year_event)) and point.get("x") is not None:
        park = point.get("customdata")
        park = park[0] if isinstance(park, list) else park
        year = int(float(point["x"]))
        rows = dd.drill(df, "year", year, None if park in (None, dc.OTHER_PARKS) else str(park))
        if park == dc.OTHER_PARKS:
            rows = rows[~rows["park_label"].isin(dc.top_parks(df[df["year"].notna()]))]
        label = f"{year} 年" + (f" · {park}" if park else "")
        drill_list(rows, f"{label}的项目", path, version, "drill_year")
    left, right = st.columns(2)
    with left:
        stage_event = chart(figs["stages"], key="chart_stage", on_select="rerun")
        st.caption("点击一个阶段，列出其中的项目。")
    with right:
        event = chart(figs["top"], key="chart_top", on_select="rerun")
        st.caption("点击柱子打开项目页。")
        if pid := selected_project(event, set(df["project_id"])):
            open_project(pid)
    if (point := segment(stage_event)) and point.get("y") is not None:
        stage = dc.STALLED if point.get("curve_number", point.get("curveNumber")) == 1 else str(point["y"])
        rows = dd.drill(df, "stage", stage)
        if stage == dc.STALLED:
            rows = rows[rows["stage"] == str(point["y"])].reset_index(drop=True)
        drill_list(
            rows, f"阶段：{stage}" + (f"（{point['y']}）" if stage == dc.STALLED else ""), path, version, "drill_stage"
        )
    st.segmented_control("树图面积", ["投资额", "项目数"], default="投资额", key="treemap_by")
    event = chart(figs["treemap"], key="chart_treemap", on_select="rerun")
    st.caption("点击园区可放大，点击项目格子打开项目页。")
    if pid := selected_project(event, set(df["project_id"])):
        open_project(pid)


def park_page(path: str, version: str, park: str, projects: pd.DataFrame) -> None:
    """One park: its projects, totals with their coverage, stage mix, years, and the news's own
    figures for it beside ours."""
    if st.button("← 返回", key="back_park"):
        del st.query_params["park_page"]
        st.rerun()
    df = projects[projects["park_label"] == park].reset_index(drop=True)
    st.title(dc.escape_text(park), anchor=False)
    if df.empty:
        st.warning(f"库中没有园区“{dc.escape_text(park)}”的项目（链接可能已过期，或数据库已重建）。")
        return
    k = dd.kpis(df)
    st.caption(
        f"{len(df)} 个项目 · 已披露投资的项目 {k['n_investment']}/{len(df)} · "
        f"产值 {k['n_output']}/{len(df)} · 就业 {k['n_jobs']}/{len(df)}"
    )
    kpi_strip(df)
    if st.button("在总览中只看该园区", key="park_filter"):
        st.session_state["f_park"] = [park]
        del st.query_params["park_page"]
        st.rerun()
    news = dd.park_aggregates(dd.load_aggregates(path, version), park)
    st.subheader("报道中的园区合计", anchor=False)
    if news.empty:
        st.caption("报道没有给出该园区的合计数字（如“12个项目总投资56亿元”）。")
    else:
        ours = f"已识别 {len(df)} 个项目，其中 {k['n_investment']} 个披露投资，合计 {dc.fmt_yi(k['investment_yuan'])}"
        for r in news.itertuples(index=False):
            parts = [f"{int(r.projects)}个项目" if pd.notna(r.projects) else None]
            if pd.notna(r.investment_yuan):
                parts.append("总投资" + dc.fmt_amount(r.investment_yuan, r.investment_currency))
            said = "".join(p for p in parts if p) or txt(r.label)
            st.markdown(
                f"报道（{dc.escape_text(txt(r.article_date, '日期不详'))}）：**{dc.escape_text(said)}** · {ours}  \n"
                f"<small>{dc.escape_text(txt(r.sentence))}</small>",
                unsafe_allow_html=True,
            )
        st.caption("报道的合计从不加到任何项目上；两者不一致时，说明报道里有我们没有识别出的项目，或合计口径不同。")
    left, right = st.columns(2)
    with left:
        chart(dc.fig_stages(df), key="park_stages")
    with right:
        chart(dc.fig_by_year(df, article_years=dd.load_article_years(path, version) or None), key="park_years")
    st.subheader("项目", anchor=False)
    project_table(df, path, version, key="park_table", exports=False)


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

    table = pd.DataFrame(
        {
            "项目数": [f"{n} 个" for n in summary["projects"]],
            "总投资": [yi(v, n) for v, n in zip(summary["investment_yi"], summary["n_investment"], strict=True)],
            "未披露投资": [f"{n} 个" for n in summary["n_undisclosed"]],
            "项目规模中位数": [dc.fmt_yi(float(v) * dd.YI) if pd.notna(v) else "—" for v in summary["median_yi"]],
            "产值": [yi(v, n) for v, n in zip(summary["output_yi"], summary["n_output"], strict=True)],
            "就业": [
                f"{int(v):,} 人（{n} 个披露）" if n else "未披露"
                for v, n in zip(summary["jobs"], summary["n_jobs"], strict=True)
            ],
            "停滞（推断）": [f"{n} 个" for n in summary["n_stalled"]],
        },
        index=list(summary["park"]),
    ).T
    st.dataframe(table, width="stretch")
    chart(dc.fig_compare_measures(summary))
    left, right = st.columns(2)
    with left:
        chart(dc.fig_compare_stages(all_parks, parks))
    with right:
        chart(dc.fig_compare_years(all_parks, parks))


def project_table(df: pd.DataFrame, path: str, version: str, key: str = "project_table", exports: bool = True) -> None:
    st.caption(f"共 {len(df)} 个项目，按投资额排列。勾选一行打开项目页；点击表头可重新排序。")
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
        }
    )
    event = st.dataframe(
        table,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        height=min(35 * (len(table) + 1) + 3, 640),
        placeholder="",
        column_config={
            "项目": st.column_config.TextColumn(width=250),
            "园区": st.column_config.TextColumn(width=130),
            "企业": st.column_config.TextColumn(width=100),
            "投资（亿元）": st.column_config.NumberColumn(format="%.2f", help="人民币；空白 = 未披露", width=85),
            "外币投资": st.column_config.TextColumn(width=80, help="外币金额不折算，不计入总投资"),
            "产值（亿元）": st.column_config.NumberColumn(format="%.2f", width=85),
            "就业（人）": st.column_config.NumberColumn(format="%d", width=70),
            "阶段": st.column_config.TextColumn(width=55),
            "停滞": st.column_config.TextColumn(
                width=70, help="该地报道仍在、项目多年无新进展，系统推断，并非报道原文"
            ),
            "年份": st.column_config.NumberColumn(format="%d", width=55),
            "文章数": st.column_config.NumberColumn(format="%d", width=55),
            "健康度": st.column_config.ProgressColumn(
                min_value=0, max_value=1, format="%.2f", width=90, help="独立来源数与字段完整度：越高越可靠"
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


def data_page(path: str, version: str) -> None:
    meta = dd.load_meta(path, version)
    articles = dd.load_articles(path, version)
    st.markdown(
        f"**建库时间**：{meta.get('built_at', '未记录')}（UTC） · **数据库**：`{path}` · **文章** {len(articles)} 篇"
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


def project_page(path: str, version: str, project_id: str) -> None:
    if st.button("← 返回", key="back"):
        del st.query_params["project"]
        st.rerun()
    p = dd.load_project(path, version, project_id)
    if p is None:
        st.warning(f"没有编号为 {dc.escape_text(project_id)} 的项目（链接可能已过期，或数据库已重建）。")
        return
    st.title(dc.escape_text(txt(p["name"])), anchor=False)
    if p.get("aliases_text"):
        st.caption("又称：" + dc.escape_text(p["aliases_text"]))
    mentions = dd.load_mentions(path, version, project_id)
    evidence = dd.load_evidence(path, version, project_id)
    spans = {
        mid: list(zip(g["start"], g["end"], g["field"], g["sentence_start"], g["sentence_end"], strict=True))
        for mid, g in evidence.groupby("mention_id")
    }

    c1, c2, c3, c4, c5 = st.columns(5)
    amount = p.get("investment_yuan")
    source = mentions[mentions["mention_id"] == p.get("investment_mention_id")] if pd.notna(amount) else mentions[:0]
    said = source.iloc[0] if not source.empty else None
    qualifier = QUALIFIERS.get(txt(said.get("investment_qualifier")), "") if said is not None else ""
    c1.metric("投资", qualifier + dc.fmt_amount(amount, p.get("investment_currency")) if pd.notna(amount) else "未披露")
    if said is not None and txt(said.get("investment_text")):
        c1.caption(f"原文：{txt(said.get('investment_text'))}")
    c2.metric("产值", dc.fmt_yi(p["output_yuan"]) if pd.notna(p.get("output_yuan")) else "未披露")
    c3.metric("就业", f"{int(p['jobs']):,} 人" if pd.notna(p.get("jobs")) else "未披露")
    c4.metric("阶段", p["stage"] + ("（停滞，推断）" if p.get("stalled") else ""))
    health = p.get("health")
    c5.metric(
        "健康度",
        f"{float(health):.2f}" if health is not None and pd.notna(health) else "—",
        help="独立来源数（最多 3）与企业/园区/投资/阶段是否齐全，0–1，越高越可靠。",
    )
    facts = [
        f"<b>企业</b>：{dc.escape_text(txt(p.get('company'), '未披露'))}",
        f"<b>园区</b>：{dc.escape_text(txt(p['park_label']))}",
        f"<b>见报</b>：{txt(p.get('first_seen'), '?')} — {txt(p.get('last_seen'), '?')}",
        f"<b>文章</b>：{txt(p.get('n_articles'), '0')} 篇（{txt(p.get('n_sources'), '0')} 个来源）",
        f"<b>编号</b>：<code>{dc.escape_text(project_id)}</code>",
    ]
    if p.get("in_totals") != 1:
        facts.append(f"<b>不计入合计</b>：{dc.escape_text(txt(p.get('exclude_reason'), '是'))}")
    st.markdown(" · ".join(facts), unsafe_allow_html=True)
    if said is not None:
        sentence = dc.evidence_html(said["article_text"], said["start"], said["end"], spans.get(said["mention_id"], []))
        where = dc.escape_text(f"{txt(said['article_title'], '无标题')}，{txt(said['article_date'], '日期不详')}")
        st.markdown(
            f'<div style="border-left:3px solid #ffe08a;padding-left:10px;margin:4px 0 12px 0">'
            f"投资额出处（{where}）：{sentence}</div>",
            unsafe_allow_html=True,
        )

    chart(dc.fig_timeline(dd.load_timeline(path, version, project_id)))
    st.caption("实心：已发生的阶段；空心：报道中的计划（不改变阶段）。")

    figures = dd.load_figures(path, version, project_id)
    st.subheader(f"报道中的数字（{len(figures)} 条）")
    if figures.empty:
        st.info("没有报道给出投资、产值或就业数字。")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "项目": [FIELD_NAMES.get(f, f) for f in figures["field"]],
                    "数值": [
                        f"{int(v):,} 人" if f == "jobs" else dc.fmt_amount(v, c)
                        for f, v, c in zip(figures["field"], figures["value"], figures["currency"], strict=True)
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
                "原文": st.column_config.TextColumn(width=90),
                "日期": st.column_config.TextColumn(width=90),
                "原句": st.column_config.TextColumn(width=700),
            },
        )

    st.subheader(f"全部提及（{len(mentions)} 条）")
    for m in mentions.itertuples(index=False):
        title = dc.escape_text(txt(m.article_title, "（无标题）"))
        meta = " · ".join(dc.escape_text(x) for x in (txt(m.article_date, "日期不详"), txt(m.source)) if x)
        plan = " · 计划" if m.is_plan == 1 else ""
        stage = f" · {dc.escape_text(txt(m.status))}{plan}" if txt(m.status) else ""
        sentence = dc.evidence_html(m.article_text, m.start, m.end, spans.get(m.mention_id, []))
        st.markdown(
            f'<div class="mention"><b>{title}</b><br><small>{meta}{stage}</small>'
            f'<div style="margin:6px 0 4px 0">{sentence}</div></div>',
            unsafe_allow_html=True,
        )
        if isinstance(m.url, str) and m.url.startswith(("http://", "https://")):
            st.link_button("原文链接", m.url)
        marks = [(s, e, f) for s, e, f, _ss, _se in spans.get(m.mention_id, [])]
        with st.expander("全文（" + dc.escape_text(txt(m.article_title, "无标题")[:30]) + "）"):
            st.markdown(
                f'<div style="line-height:1.8">{dc.highlight(m.article_text, 0, len(m.article_text), marks)}</div>',
                unsafe_allow_html=True,
            )
        st.divider()


# ---------------------------------------------------------------------------------------------------
# The script


def main() -> None:
    st.set_page_config(page_title="园区项目追踪", page_icon="🏭", layout="wide")
    dd.warm_segmenter()
    db = dd.database_path()
    version = dd.db_version(db)
    if version is None:
        no_database(db, "还没有数据库")
        return
    path = str(db)
    if not dd.has_projects(path, version):
        no_database(db, "数据库还没有建好（没有项目表）")
        return
    project_id = st.query_params.get("project")
    if project_id:
        project_page(path, version, dd.resolve_project_id(path, project_id))  # a merged id leads on
        return
    projects = dd.load_projects(path, version)
    if park := st.query_params.get("park_page"):
        park_page(path, version, park, projects)
        return
    st.title("园区项目追踪")
    if projects.empty:
        st.info("数据库里还没有项目。把新闻文章放进 data/articles 后重新建库：")
        st.code(BUILD_COMMANDS, language="bash")
        data_page(path, version)
        return
    filters = sidebar_filters(projects)
    index = dd.load_index(path, version) if filters.q.strip() else None
    df = dd.apply_filters(projects, filters, index)
    all_parks = dd.apply_filters(projects, dd.without_parks(filters), index)
    meta = dd.load_meta(path, version)
    summary = filter_summary(filters)
    st.caption(
        (f"筛选 — {dc.escape_text(summary)} · " if summary else "")
        + f"{len(df)} / {len(projects)} 个项目 · 建库于 {meta.get('built_at', '未记录')}"
    )
    if note := dd.search_caption(index.find(filters.q) if index is not None else None):
        st.caption(note)
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
                view = f"{path}|{version}|{sorted(filters.to_params().items())}"
                st.caption(dr.overview_caption(path, version, df))  # 待核对 N 条 · 已核对 62% 的投资额
                overview(df, dd.load_article_years(path, version) or None, path, version, view)
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
