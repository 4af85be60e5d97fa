"""Pure figure builders for the dashboard: `fig_*(df) -> go.Figure`, nothing read, nothing cached.

Each takes the projects frame `dashboard_data.prepare_projects` returns (or a small frame named in its
docstring) and returns a figure; an empty frame gives a figure that says so instead of an exception.
Amounts are shown in 亿元. Sums use only `counted` rows (one CNY figure per project in the totals).
Where a bar or tile is one project, its customdata (and a treemap leaf's id) carries the project_id,
so a click can open the project.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipeline.model import STAGES

YI = 10**8
STALLED = "停滞（推断）"
UNKNOWN_STAGE = "未知"
OTHER_PARKS = "其他园区"
NO_PARK = "未注明园区"
SIZE_ORDER = ("<1亿", "1–10亿", "10–50亿", "50–100亿", "≥100亿", "未披露", "外币（未折算）")
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"
# One colour, one meaning, across the app. PRIMARY is a measure drawn alone (investment of a park, the
# largest projects); each stage has its own hue, far apart in order; 未注明园区 is the one grey and
# 其他园区 (parks grouped) a sand colour, so the two non-parks are never confused with each other or a park.
PRIMARY = "#3b6fb6"
STAGE_COLOR = PRIMARY  # a single series of stages in time (the project's timeline)
STAGE_COLORS = {
    "签约": "#8e6bbf",
    "开工": "#e8602c",
    "在建": "#e2b822",
    "竣工": "#2fa5a0",
    "投产": "#3f9b45",
    "达产": "#1d5e2b",
}
STALL_COLOR = "#c9c9c9"  # inferred, never stated: drawn hatched
INFERRED_COLOR = "#8c8c8c"  # a stage no cue of its own sentence states: hollow, grey, labelled 推断
UNKNOWN_COLOR = "#e8e8e8"
NO_PARK_COLOR = "#9a9a9a"
OTHER_PARKS_COLOR = "#d9c7a0"
MUTED = NO_PARK_COLOR  # what a chart leaves out of a measure (未披露, foreign amounts)
PARK_PALETTE = ("#2f4b7c", "#c94f4f", "#8c564b", "#d06fa8", "#5b8db8", "#9c6b30", "#a05195", "#e07b7b", "#4f6d5e")
# The overview draws its KPIs and one chart, chosen by a control of these labels (kept in the URL as
# `chart`; dashboard.py): every Plotly chart costs the browser about 90 ms of drawing on its main thread,
# and five of them were most of the overview's time (bench/browser.py). Each still drills down.
OVERVIEW_CHARTS = {
    "按园区": "park",
    "按年份": "year",
    "按规模": "size",
    "按阶段": "stages",
    "最大项目": "top",
    "树图": "treemap",
}
NARROW_LEGEND_PX = 380  # the width a chart across the page has at 800 px with the sidebar open
HALF_PX = 200  # and a chart in a half column
# Marks for the evidence spans in a sentence, by evidence field.
MARK_STYLES = {
    "name": "background:#cfe3ff;border-radius:3px;padding:0 2px",
    "investment": "background:#ffe08a;border-radius:3px;padding:0 2px",
    "output": "background:#ffe08a;border-radius:3px;padding:0 2px",
    "jobs": "background:#ffe08a;border-radius:3px;padding:0 2px",
    "stage": "background:#d6f0d0;border-radius:3px;padding:0 2px",
    # a plan or a future word (`力争早日竣工`): not an event, so not the event's green
    "stage_plan": "background:#efe4f7;border:1px dashed #8a5cb8;border-radius:3px;padding:0 2px",
    # a figure the news expects (`投产后可实现年产值…`), not one it states as done
    "forecast": "background:#fff4cc;border:1px dashed #b8860b;border-radius:3px;padding:0 2px",
}
# What the marks mean, said once under the sentences that carry them.
MARK_LEGEND = (
    '<span style="{name}">项目名</span> '
    '<span style="{investment}">报道的数字</span> '
    '<span style="{forecast}">预计的数字</span> '
    '<span style="{stage}">已发生的阶段</span> '
    '<span style="{stage_plan}">计划、将来（不改变阶段）</span>'
)
FIELD_LABELS = {
    "name": "项目名",
    "investment": "投资",
    "output": "产值",
    "jobs": "就业",
    "stage": "阶段",
    "stage_plan": "阶段（计划，不改变阶段）",
    "forecast": "预计的数字",
    "investment_yuan": "投资",
    "output_yuan": "产值",
}


# ---------------------------------------------------------------------------------------------------
# Numbers


def fmt_yi(yuan: float | None, unit: str = "亿元") -> str:
    """An amount of yuan in 亿 with rounding that keeps it readable: no decimals from 100亿, one from
    10亿, two below; under 0.01亿 in 万.

    >>> fmt_yi(106 * 10**8), fmt_yi(13.6 * 10**8), fmt_yi(8.96 * 10**8), fmt_yi(3 * 10**5), fmt_yi(None)
    ('106亿元', '13.6亿元', '8.96亿元', '30万元', '—')
    """
    if yuan is None or (isinstance(yuan, float) and math.isnan(yuan)):
        return "—"
    yi = yuan / YI
    if abs(yi) >= 100:
        text = f"{yi:,.0f}"
    elif abs(yi) >= 10:
        text = f"{yi:.1f}".rstrip("0").rstrip(".")
    elif abs(yi) >= 0.01 or yi == 0:
        text = f"{yi:.2f}".rstrip("0").rstrip(".")
    else:
        return f"{yuan / 10**4:,.0f}万{unit[1:]}"
    return f"{text}{unit}"


def fmt_amount(value: float | None, currency: str | None) -> str:
    """An amount in its own currency, never converted: `1.5亿美元`, `12亿港元`, `8.96亿元`."""
    names = {"CNY": "亿元", "USD": "亿美元", "HKD": "亿港元", "EUR": "亿欧元", "JPY": "亿日元"}
    cur = currency or "CNY"
    return fmt_yi(value, names.get(cur, f"亿{cur}"))


def _round_yi(values: pd.Series) -> pd.Series:
    return values.round(2)


# ---------------------------------------------------------------------------------------------------
# Common


def _layout(
    fig: go.Figure,
    title: str | None = None,
    height: int = 360,
    note: str | None = None,
    legend_rows: int = 1,
    legend_gap: int = 0,
    width: int = NARROW_LEGEND_PX,
    left: int | None = None,
    bottom: int | None = None,
) -> go.Figure:
    """Title (with a grey note under it, for what the chart leaves out) and a legend above the plot,
    with room kept for both so they never overlap; `legend_gap` lifts the legend over subplot titles.
    The legend's rows and the note's lines are reckoned for the chart's width on a narrow screen
    (`width`: about 380 px across the page at 800 px, 200 in a half column), so neither is cut nor runs
    into the other. `left` fixes the left margin to the category labels' width (label_margin) instead of
    letting Plotly grow it; `bottom` fixes the bottom margin (px) for an x axis whose tick labels never
    turn (numbers, dates), so it is laid out in one pass too."""
    if legend_rows:
        legend_rows = max(legend_rows, _legend_rows(fig, width))
    lines = _wrap(note, max(10, width // 13)) if note else []
    note = "<br>".join(lines) or None
    heads = _wrap(title, max(8, width // 17)) if title else []
    title = "<br>".join(heads) or None
    top = 15 + 25 * len(heads) + 18 * len(lines) + (4 if lines else 0) + 26 * legend_rows + legend_gap
    fig.update_layout(
        title={
            "text": title,
            "subtitle": {"text": note, "font": {"color": "#777", "size": 12}} if note else None,
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 12},
        },
        height=height + top,
        font={"family": FONT},
        margin={"l": left or 10, "r": 10, "t": top, "b": bottom or 10},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0 + legend_gap / max(height - 10, 1),
            "x": 0,
            "yref": "paper",
        },
        hoverlabel={"font": {"family": FONT}},
    )
    if left is not None:
        fig.update_yaxes(automargin=False)
    if bottom is not None:
        fig.update_xaxes(automargin=False)
    return fig


def label_margin(labels: Iterable[object], font_px: int = 12) -> int:
    """The left margin (px) the widest category label needs, each `<br>` a line, a CJK character about
    `font_px` wide and others about 0.6 of it. A margin fixed from the labels draws the chart in one pass;
    Plotly's automargin laid a bar chart with value labels out twice (about 50 ms of the browser's main
    thread per chart, bench/browser.py).

    >>> label_margin(["高新区", "未注明园区"]), label_margin(["ab<br>甲乙"])
    (76, 40)
    """
    widest = 0.0
    for label in labels:
        for line in str(label).split("<br>"):
            widest = max(widest, sum(font_px if ord(c) >= 0x2E80 else font_px * 0.6 for c in line))
    return math.ceil(widest) + 16


def _wrap(text: str, chars: int) -> list[str]:
    """A note cut into lines of at most `chars` characters, at its own clause marks where it can.

    >>> _wrap("前 15 个园区；共 40 个有投资额", 12)
    ['前 15 个园区；', '共 40 个有投资额']
    """
    lines: list[str] = []
    for piece in re.split(r"(?<=[；，、。:：])", text):
        if lines and len(lines[-1]) + len(piece) <= chars:
            lines[-1] += piece
            continue
        while len(piece) > chars:
            lines.append(piece[:chars])
            piece = piece[chars:]
        if piece:
            lines.append(piece)
    return lines


def _legend_rows(fig: go.Figure, width: int = NARROW_LEGEND_PX) -> int:
    """How many rows the legend's entries take at `width` pixels (about 14 px a character, 46 an entry)."""
    rows, used = 0, width
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        item = 46 + 14 * len(str(trace.name))
        if used + item > width:
            rows, used = rows + 1, 0
        used += item
    return rows


def empty_figure(message: str = "当前筛选下没有数据", title: str | None = None, height: int = 260) -> go.Figure:
    """A figure that says why it is empty, instead of empty axes or an exception."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15, "color": "#777"}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height, legend_rows=0)


def top_parks(df: pd.DataFrame, n: int = 8) -> list[str]:
    """The n parks with the most counted investment (then most projects): others are grouped, so a
    stacked chart stays readable with fifty parks."""
    if df.empty:
        return []
    g = df.groupby("park_label").agg(inv=("investment_yi", "sum"), count=("project_id", "size"))
    return list(g.sort_values(["inv", "count"], ascending=False).head(n).index)


def _group_parks(df: pd.DataFrame, n: int = 8) -> pd.Series:
    keep = set(top_parks(df, n))
    return df["park_label"].where(df["park_label"].isin(keep), OTHER_PARKS)


# ---------------------------------------------------------------------------------------------------
# Overview


def fig_invest_by_park(df: pd.DataFrame, limit: int = 15) -> go.Figure:
    """Counted investment by park (亿元), largest at the top; hover tells how many projects the sum is
    over and how many in the park did not state an amount. customdata carries the park name."""
    title = "各园区投资额（亿元）"
    if df.empty or not df["counted"].any():
        return empty_figure("当前筛选下没有披露人民币投资额的项目", title)
    rows = df.assign(inv=df["investment_yi"].where(df["counted"], 0.0).fillna(0.0))
    g = (
        rows.groupby("park_label")
        .agg(inv=("inv", "sum"), n=("project_id", "size"), n_counted=("counted", "sum"))
        .reset_index()
    )
    g = g[g["inv"] > 0].sort_values("inv", ascending=False)
    n_parks = len(g)
    g = g.head(limit).iloc[::-1]
    colors = [NO_PARK_COLOR if p == NO_PARK else PRIMARY for p in g["park_label"]]
    fig = go.Figure(
        go.Bar(
            x=_round_yi(g["inv"]),
            y=g["park_label"],
            orientation="h",
            marker_color=colors,
            text=[fmt_yi(v * YI, "亿") for v in g["inv"]],
            textposition="auto",
            customdata=g["park_label"],
            hovertext=[
                f"{p}<br>{fmt_yi(v * YI)}（{int(c)} 个项目披露，共 {int(n)} 个）"
                for p, v, c, n in zip(g["park_label"], g["inv"], g["n_counted"], g["n"], strict=True)
            ],
            hoverinfo="text",
        )
    )
    fig.update_xaxes(title="亿元")
    note = f"前 {limit} 个园区，共 {n_parks} 个有投资额" if n_parks > limit else None
    height = max(220, 30 * len(g) + 50)
    # numeric ticks and the axis title under them: 45 px (Plotly's automargin laid the chart out twice)
    return _layout(fig, title, height, note=note, legend_rows=0, left=label_margin(g["park_label"]), bottom=45)


def fig_by_year(df: pd.DataFrame, n_parks: int = 8, article_years: Iterable[int] | None = None) -> go.Figure:
    """Investment (亿元) and project count by year (projects.year), stacked by park; parks beyond the
    top n are one `其他园区` stack. Projects whose year is unknown are left out and counted in a note.
    Years in which the archive has no article at all (`article_years` says which have) are shaded as
    gaps in coverage and draw no bar: no news is not no projects."""
    title = "按年份：投资额与项目数（按园区堆叠）"
    dated = df[df["year"].notna()] if not df.empty else df
    if dated.empty:
        return empty_figure("当前筛选下没有可定年份的项目", title)
    dated = dated.assign(park_group=_group_parks(dated, n_parks), year=dated["year"].astype(int))
    order = [p for p in top_parks(dated, n_parks) if p in set(dated["park_group"])]
    if (dated["park_group"] == OTHER_PARKS).any():
        order.append(OTHER_PARKS)
    years = list(range(int(dated["year"].min()), int(dated["year"].max()) + 1))
    covered = set(article_years) if article_years is not None else set(years)
    gaps = [y for y in years if y not in covered]
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, subplot_titles=("投资额（亿元）", "项目数（个）")
    )
    palette = [_park_color(p, i) for i, p in enumerate(order)]
    for park, color in zip(order, palette, strict=True):
        g = dated[dated["park_group"] == park]
        inv = g[g["counted"]].groupby("year")["investment_yi"].sum().reindex(years, fill_value=0)
        cnt = g.groupby("year").size().reindex(years, fill_value=0).astype(object)
        inv, cnt = inv.astype(object), cnt
        inv[gaps], cnt[gaps] = None, None
        fig.add_trace(
            go.Bar(
                x=years,
                y=[None if v is None else round(float(v), 2) for v in inv],
                name=park,
                legendgroup=park,
                marker_color=color,
                hovertemplate=f"{park}<br>%{{x}}年 %{{y:.2f}}亿元<extra></extra>",
                customdata=[park] * len(years),
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Bar(
                x=years,
                y=list(cnt),
                name=park,
                legendgroup=park,
                marker_color=color,
                showlegend=False,
                hovertemplate=f"{park}<br>%{{x}}年 %{{y}}个项目<extra></extra>",
                customdata=[park] * len(years),
            ),
            row=2,
            col=1,
        )
    fig.update_layout(barmode="stack")
    _year_axis(fig, years)
    for year in gaps:
        fig.add_vrect(x0=year - 0.5, x1=year + 0.5, fillcolor="#f1f1f1", line_width=0, layer="below")
    notes = []
    if gaps:
        notes.append(f"灰底年份库中没有文章（资料空缺，不是没有项目）：{'、'.join(map(str, gaps))}")
    missing = int(df["year"].isna().sum())
    if missing:
        notes.append(f"另有 {missing} 个项目年份不详，未画入")
    note = "；".join(notes) or None
    return _layout(fig, title, height=480, note=note, legend_rows=math.ceil(len(order) / 6), legend_gap=26)


def fig_size_bands(df: pd.DataFrame) -> go.Figure:
    """Projects per size band, with 未披露 (no stated amount) and foreign amounts as their own grey bars:
    an undisclosed project is a count, never a zero."""
    title = "项目规模分布（个）"
    if df.empty:
        return empty_figure(title=title)
    counts = df["size_band"].value_counts().reindex(SIZE_ORDER, fill_value=0)
    if counts.get("外币（未折算）", 0) == 0:
        counts = counts.drop("外币（未折算）")
    colors = [MUTED if label in ("未披露", "外币（未折算）") else PRIMARY for label in counts.index]
    fig = go.Figure(
        go.Bar(
            x=list(counts.index),
            y=list(counts.values),
            marker_color=colors,
            text=list(counts.values),
            textposition="outside",
            customdata=list(counts.index),
            hovertemplate="%{x}: %{y} 个项目<extra></extra>",
        )
    )
    fig.update_yaxes(rangemode="tozero")
    # the bands stay the x values (a click names its band); only the tick text breaks, so seven bands fit
    # a half-width chart at 800 px without turning their labels into one another
    fig.update_xaxes(
        type="category", tickangle=0, tickvals=list(counts.index), ticktext=[_band_tick(b) for b in counts.index]
    )
    fig.update_traces(cliponaxis=False)
    return _layout(fig, title, height=300, note="按人民币投资额分档；未披露 = 报道没有给出投资额", legend_rows=0)


def _band_tick(band: str) -> str:
    """A size band's tick on two lines where it is long (`50–<br>100亿`, `≥<br>100亿`, `外币<br>（未折算）`)."""
    return band.replace("–", "–<br>").replace("≥", "≥<br>").replace("（", "<br>（")


def fig_stages(df: pd.DataFrame) -> go.Figure:
    """Projects by current stage, one bar per stage that has projects (no funnel: a project at 投产 is
    not a conversion from those at 签约), each project once, at its latest stated stage. Projects with no
    event for years are a second, hatched series labelled 停滞（推断）, because the stall is inferred from
    silence, not stated. customdata is the stage, for the list behind a bar."""
    title = "项目当前阶段（个）"
    if df.empty:
        return empty_figure(title=title)
    staged = df[df["stage"].isin(STAGES)]
    if staged.empty:
        return empty_figure("当前筛选下没有可判断阶段的项目", title)
    present = [s for s in STAGES if (staged["stage"] == s).any()]
    active = staged[~staged["stalled"]]["stage"].value_counts().reindex(present, fill_value=0)
    stalled = staged[staged["stalled"]]["stage"].value_counts().reindex(present, fill_value=0)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=present,
            x=list(active.values),
            orientation="h",
            name="有进展",
            marker_color=[STAGE_COLORS[s] for s in present],
            text=[str(v) if v else "" for v in active.values],
            textposition="auto",
            customdata=present,
            hovertemplate="%{y}: %{x} 个<extra>有进展</extra>",
            showlegend=bool(stalled.sum()),
        )
    )
    if stalled.sum():
        fig.add_trace(
            go.Bar(
                y=present,
                x=list(stalled.values),
                orientation="h",
                name=STALLED,
                marker={"color": STALL_COLOR, "pattern": {"shape": "/", "fgcolor": "#888"}},
                text=[str(v) if v else "" for v in stalled.values],
                textposition="auto",
                customdata=present,
                hovertemplate="%{y}: %{x} 个<extra>停滞（推断）：该地报道仍在，项目多年无新进展</extra>",
            )
        )
    unknown = int((~df["stage"].isin(STAGES)).sum())
    note = "每个项目按最新报道的阶段计一次" + (f"；阶段未披露 {unknown} 个" if unknown else "")
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=present[::-1], type="category")
    fig.update_xaxes(rangemode="tozero", title="项目数")
    return _layout(
        fig,
        title,
        height=max(160, 40 * len(present) + 60),
        note=note,
        legend_rows=1 if stalled.sum() else 0,
        left=label_margin(present),
    )


TREEMAP_TILES = 1_000  # project tiles at most: a browser draws 30,000 slowly, and nobody reads them


def fig_treemap(df: pd.DataFrame, by: str = "investment", max_tiles: int = TREEMAP_TILES) -> go.Figure:
    """Park → project tiles. `by="investment"`: area is the counted investment (projects without one
    have no area and are left out, say so); `by="count"`: every project one tile. Leaf ids and
    customdata are project ids. Beyond `max_tiles` projects the largest are drawn and each park's
    others share one tile (`rest:<park>`, no project id), its size their sum."""
    title = "园区 → 项目" + ("（面积 = 投资额）" if by == "investment" else "（每个项目一格）")
    rows = df[df["counted"] & (df["investment_yi"] > 0)] if by == "investment" else df
    if rows.empty:
        return empty_figure("当前筛选下没有可画的项目", title)
    parks = rows.groupby("park_label")
    shown, rest = rows, rows.iloc[:0]
    if len(rows) > max_tiles:
        ranked = rows.sort_values(["investment_yi", "name"], ascending=[False, True], na_position="last")
        shown, rest = ranked.iloc[:max_tiles], ranked.iloc[max_tiles:]
    ids, labels, parents, values, custom, hover, colors = [], [], [], [], [], [], []
    for park, g in parks:
        colors.append(NO_PARK_COLOR if park == NO_PARK else "#f2f2f2")
        ids.append(f"park:{park}")
        labels.append(park)
        parents.append("")
        values.append(float(g["investment_yi"].sum()) if by == "investment" else len(g))
        custom.append("")
        hover.append(f"{park}<br>{len(g)} 个项目")
    for r in shown.itertuples(index=False):
        colors.append(STALL_COLOR if r.stalled else STAGE_COLORS.get(r.stage, UNKNOWN_COLOR))
        ids.append(r.project_id)
        labels.append(r.name)
        parents.append(f"park:{r.park_label}")
        values.append(float(r.investment_yi) if by == "investment" else 1)
        custom.append(r.project_id)
        amount = fmt_amount(r.investment_yuan, r.investment_currency) if pd.notna(r.investment_yuan) else "投资未披露"
        corrected = getattr(r, "corrected", "")
        badge = f"<br>人工更正：{html.escape(corrected)}" if isinstance(corrected, str) and corrected else ""
        hover.append(f"{html.escape(str(r.name))}<br>{amount}<br>{r.stage}{badge}")
    for park, g in rest.groupby("park_label"):
        colors.append(UNKNOWN_COLOR)
        ids.append(f"rest:{park}")
        labels.append(f"其余 {len(g)} 个项目")
        parents.append(f"park:{park}")
        values.append(float(g["investment_yi"].sum()) if by == "investment" else len(g))
        custom.append("")
        total = f"<br>合计 {fmt_yi(g['investment_yi'].sum() * YI)}" if by == "investment" else ""
        hover.append(f"{park}：其余 {len(g)} 个项目{total}（见项目表）")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": colors},
            customdata=custom,
            hovertext=hover,
            hoverinfo="text",
            textinfo="label",
        )
    )
    left = len(df) - len(rows)
    notes = ["格子颜色 = 项目阶段（与阶段图同色，灰色斜纹以外的浅灰为阶段不详）"]
    if left:
        notes.append(f"{left} 个项目没有计入合计的人民币投资额，不在图中（见项目表，或按项目数查看）")
    if len(rest):
        notes.append(f"只画出最大的 {len(shown)} 个项目，各园区其余 {len(rest)} 个项目合为一格")
    return _layout(fig, title, height=440, note="；".join(notes) or None, legend_rows=0)


def fig_top_projects(df: pd.DataFrame, n: int = 15) -> go.Figure:
    """The largest projects by counted investment; one bar is one project (customdata = project_id)."""
    title = f"投资额最大的 {n} 个项目（亿元）"
    rows = df[df["counted"]].sort_values("investment_yi", ascending=False).head(n).iloc[::-1]
    if rows.empty:
        return empty_figure("当前筛选下没有披露人民币投资额的项目", title)
    labels = [_wrapped(name, 11, 2) for name in rows["name"]]  # two short lines fit a half-width chart at 800 px
    fig = go.Figure(
        go.Bar(
            x=_round_yi(rows["investment_yi"]),
            y=labels,
            orientation="h",
            marker_color=PRIMARY,
            customdata=rows["project_id"],
            text=[fmt_yi(v * YI, "亿") for v in rows["investment_yi"]],
            textposition="auto",
            hovertext=[
                f"{html.escape(str(nm))}<br>{p} · {s}" + (f"<br>人工更正：{html.escape(c)}" if c else "")
                for nm, p, s, c in zip(rows["name"], rows["park_label"], rows["stage"], _corrected(rows), strict=True)
            ],
            hoverinfo="text+x",
        )
    )
    fig.update_yaxes(type="category")
    fig.update_xaxes(title="亿元")
    height = max(220, 32 * len(rows) + 50)
    return _layout(fig, title, height, legend_rows=0, left=label_margin(labels))


# ---------------------------------------------------------------------------------------------------
# Park comparison


def fig_compare_measures(summary: pd.DataFrame) -> go.Figure:
    """Small multiples, one measure per panel, parks side by side in each (units differ, so no shared
    axis). In the 产值 and 就业 panels each park has two bars: what the news states as done (solid) and
    what it expects (预计, hatched), never stacked or summed. `summary` is `dashboard_data.park_summary`."""
    title = None
    if summary.empty:
        return empty_figure("请选择 2–4 个园区", title)
    measures = [
        ("projects", None, "项目数<br>（个）", False),
        ("investment_yi", None, "投资额<br>（亿元）", True),
        ("median_yi", None, "规模中位数<br>（亿元）", True),
        ("output_yi", "output_forecast_yi", "产值<br>（亿元）", True),
        ("jobs", "jobs_forecast", "就业<br>（人）", False),
    ]
    fig = make_subplots(rows=1, cols=len(measures), subplot_titles=[m[2] for m in measures])
    palette = _palette(len(summary))
    parks = list(summary["park"])
    for col, (column, forecast, _label, money) in enumerate(measures, start=1):
        series = [(column, "")] + ([(forecast, "预计 ")] if forecast and forecast in summary.columns else [])
        shown: list[float] = []
        for k, (name, prefix) in enumerate(series):
            values = [None if v is None or pd.isna(v) else round(float(v), 2) for v in summary[name]]
            if k and all(v is None for v in values):
                continue  # no park expects anything: no empty hatched slots
            shown += [v for v in values if v is not None]
            # the label says what the table says (542亿元, not 541.9); a park that states nothing says
            # 未披露 where its bar would be, never an empty place that reads as 0
            text = [
                "未披露" if v is None else prefix + (fmt_yi(v * YI, "亿") if money else f"{int(v):,}") for v in values
            ]
            fig.add_trace(
                go.Bar(
                    x=parks,
                    y=[0 if v is None else v for v in values],
                    marker_color=[UNKNOWN_COLOR if v is None else c for v, c in zip(values, palette, strict=True)],
                    marker_pattern_shape="/" if k else "",
                    offsetgroup=str(k),
                    showlegend=False,
                    text=text,
                    textposition="outside",
                    hovertext=[f"{p}: {t}" for p, t in zip(parks, text, strict=True)],
                    hoverinfo="text",
                ),
                row=1,
                col=col,
            )
        if not shown:  # nothing stated: no 0–4 axis that suggests a measured zero
            fig.update_yaxes(visible=False, range=[0, 1], row=1, col=col)
        else:
            top = max(shown)
            fig.update_yaxes(range=[0, top * 1.25 if top > 0 else 1], row=1, col=col)
    fig.update_xaxes(showticklabels=False)
    fig.update_annotations(font={"size": 12})
    # one legend for all panels, by colour
    for park, color in zip(parks, palette, strict=True):
        fig.add_trace(go.Bar(x=[None], y=[None], name=park, marker_color=color, showlegend=True), row=1, col=1)
    fig.update_traces(cliponaxis=False)
    fig.update_annotations(yshift=8)
    return _layout(fig, title, height=300, legend_rows=1, legend_gap=46)  # over two-line panel titles


def fig_compare_stages(df: pd.DataFrame, parks: Sequence[str]) -> go.Figure:
    """Stage mix per park as shares of its projects (stacked to 100%), 停滞（推断） and 未知 as their own
    segments, the count in the hover."""
    title = "阶段构成（占本园区项目比例）"
    rows = df[df["park_label"].isin(parks)]
    if rows.empty:
        return empty_figure(title=title)
    label = rows["stage"].where(~rows["stalled"], STALLED)
    order = [*STAGES, STALLED, UNKNOWN_STAGE]
    table = pd.crosstab(rows["park_label"], label).reindex(index=list(parks), columns=order, fill_value=0)
    shares = table.div(table.sum(axis=1).replace(0, 1), axis=0) * 100
    colors = [STAGE_COLORS[s] for s in STAGES] + [STALL_COLOR, UNKNOWN_COLOR]
    fig = go.Figure()
    for stage, color in zip(order, colors, strict=True):
        if table[stage].sum() == 0:
            continue
        fig.add_trace(
            go.Bar(
                y=list(parks),
                x=shares[stage],
                name=stage,
                orientation="h",
                marker={"color": color, "pattern": {"shape": "/" if stage == STALLED else ""}},
                customdata=table[stage],
                hovertemplate=f"%{{y}} {stage}: %{{customdata}} 个（%{{x:.1f}}%）<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(title="%", range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        title,
        height=max(160, 50 * len(parks) + 60),
        legend_rows=2,
        note="停滞（推断）：两年以上无新进展，系统推断",
        width=HALF_PX,
        left=label_margin(parks),
    )


def fig_compare_years(df: pd.DataFrame, parks: Sequence[str]) -> go.Figure:
    """Counted investment by year, one bar group per year with one bar per park."""
    title = "各年投资额（亿元）"
    dated = df[df["park_label"].isin(parks) & df["year"].notna()]
    rows = dated[dated["counted"]]
    if rows.empty:
        return empty_figure("所选园区没有可定年份的人民币投资额", title)
    # the axis spans every year the parks have projects in, not only years with a stated amount
    years = list(range(int(dated["year"].min()), int(dated["year"].max()) + 1))
    fig = go.Figure()
    for park, color in zip(parks, _palette(len(parks)), strict=True):
        g = rows[rows["park_label"] == park].groupby("year")["investment_yi"].sum().reindex(years, fill_value=0)
        fig.add_trace(
            go.Bar(
                x=years,
                y=_round_yi(g),
                name=park,
                marker_color=color,
                hovertemplate=f"{park} %{{x}}年: %{{y:.2f}}亿元<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    _year_axis(fig, years)
    return _layout(fig, title, height=300, legend_rows=1, width=HALF_PX)


# ---------------------------------------------------------------------------------------------------
# One project


def _as_date(text: object) -> pd.Timestamp | None:
    """A possibly partial ISO date (`2022`, `2022-03`, `2022-03-25`) at the start of its period."""
    if not isinstance(text, str) or not re.match(r"^\d{4}", text):
        return None
    parts = (text.split("-") + ["01", "01"])[:3]
    try:
        return pd.Timestamp(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return None


def fig_timeline(timeline: pd.DataFrame) -> go.Figure:
    """The project's stages over time, three kinds apart: events a cue in their own sentence states,
    as solid markers joined by a line (已发生); events no cue of their own states (the article's stage,
    or the default; `inferred` from `dashboard_data.load_timeline`), hollow grey diamonds labelled 推断,
    off the line; plans (`计划`, `预计`…), hollow circles that do not move the line. A date known only to
    the month or year is placed at its start and shown as written in the hover."""
    title = "状态时间线"
    if timeline.empty:
        return empty_figure("没有带日期的阶段记录", title, height=220)
    tl = timeline.assign(when=[_as_date(d) for d in timeline["date"]])
    tl = tl[tl["when"].notna() & tl["stage"].isin(STAGES)]
    if tl.empty:
        return empty_figure("阶段记录都没有日期", title, height=220)
    tl = tl.sort_values("when")
    plan = tl["is_plan"].fillna(0).astype(int) == 1
    inferred = ~plan & (
        tl["inferred"].fillna(0).astype(int) == 1 if "inferred" in tl.columns else pd.Series(False, index=tl.index)
    )
    fig = go.Figure()
    events = tl[~plan & ~inferred]
    if not events.empty:
        fig.add_trace(
            go.Scatter(
                x=events["when"],
                y=events["stage"],
                mode="lines+markers",
                name="已发生（原句有阶段用词）",
                marker={"size": 13, "symbol": "circle", "color": STAGE_COLOR},
                line={"color": STAGE_COLOR, "shape": "hv"},
                customdata=events["date"],
                hovertemplate="%{customdata}: %{y}<extra>已发生</extra>",
            )
        )
    guessed = tl[inferred]
    if not guessed.empty:
        fig.add_trace(
            go.Scatter(
                x=guessed["when"],
                y=guessed["stage"],
                mode="markers+text",
                name="推断（原句没有阶段用词）",
                marker={"size": 13, "symbol": "diamond-open", "color": INFERRED_COLOR, "line": {"width": 2}},
                text=["推断"] * len(guessed),
                textposition="top center",
                textfont={"color": INFERRED_COLOR, "size": 11},
                customdata=guessed["date"],
                hovertemplate="%{customdata}: %{y}<extra>推断：原句没有阶段用词，取自全文或默认</extra>",
            )
        )
    plans = tl[plan]
    if not plans.empty:
        fig.add_trace(
            go.Scatter(
                x=plans["when"],
                y=plans["stage"],
                mode="markers",
                name="计划",
                marker={"size": 13, "symbol": "circle-open", "color": STAGE_COLOR, "line": {"width": 2}},
                customdata=plans["date"],
                hovertemplate="%{customdata}: %{y}<extra>计划</extra>",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(STAGES), range=[-0.5, len(STAGES) - 0.5])
    low, high = tl["when"].min(), tl["when"].max()
    if (high - low).days < 365:  # a lone point or a short span: show a year around it, ticks by month
        middle = low + (high - low) / 2
        fig.update_xaxes(range=[middle - pd.Timedelta(days=200), middle + pd.Timedelta(days=200)], dtick="M2")
    fig.update_xaxes(tickformat="%Y-%m")
    fig.update_layout(showlegend=True)  # which kind a lone marker is, even with one trace
    undated = len(timeline) - len(tl)
    note = f"{undated} 条阶段记录没有日期，未画入" if undated else None
    return _layout(fig, title, height=280, note=note, bottom=30)  # month ticks (%Y-%m) never turn: 30 px


# ---------------------------------------------------------------------------------------------------
# Data page


def fig_articles_by_month(monthly: pd.DataFrame) -> go.Figure:
    """Articles per month; months with no article are shaded as gaps in the record (not zero projects).
    `monthly` is `dashboard_data.articles_by_month`'s frame."""
    title = "每月文章数（篇）"
    if monthly.empty:
        return empty_figure("没有精确到月份的文章日期", title)
    have = monthly[monthly["has_articles"]]
    middle = [pd.Period(m, freq="M").start_time + pd.Timedelta(days=15) for m in have["month"]]
    fig = go.Figure(
        go.Bar(
            x=middle,
            y=have["articles"],
            name="文章数",
            marker_color=STAGE_COLOR,
            width=26 * 24 * 3600 * 1000,  # one month wide, whatever the spacing between bars
            customdata=have["month"],
            hovertemplate="%{customdata}: %{y} 篇<extra></extra>",
        )
    )
    for first, last in month_gaps(monthly):
        fig.add_vrect(
            x0=_month_edge(first, 0),
            x1=_month_edge(last, 1),
            fillcolor="#f1f1f1",
            opacity=1,
            line_width=0,
            layer="below",
        )
    fig.add_trace(go.Bar(x=[None], y=[None], name="无文章的月份（资料空缺）", marker_color="#f1f1f1"))
    long = len(monthly) > 24
    fig.update_xaxes(
        type="date",
        tickformat="%Y" if long else "%Y-%m",
        dtick="M12" if long else "M3",
        range=[_month_edge(monthly["month"].iloc[0], 0), _month_edge(monthly["month"].iloc[-1], 1)],
    )
    fig.update_yaxes(rangemode="tozero", dtick=1 if monthly["articles"].max() <= 8 else None)
    fig.update_layout(bargap=0.1)
    return _layout(fig, title, height=260)


def month_gaps(monthly: pd.DataFrame) -> list[tuple[str, str]]:
    """Runs of months with no article, as (first, last) pairs.

    >>> month_gaps(pd.DataFrame({"month": ["2020-01", "2020-02", "2020-03", "2020-04"],
    ...                          "has_articles": [True, False, False, True]}))
    [('2020-02', '2020-03')]
    """
    runs: list[tuple[str, str]] = []
    start: str | None = None
    prev: str | None = None
    for month, has in zip(monthly["month"], monthly["has_articles"], strict=True):
        if not has and start is None:
            start = month
        if has and start is not None:
            runs.append((start, prev or start))
            start = None
        prev = month
    if start is not None:
        runs.append((start, prev or start))
    return runs


def _month_edge(month: str, end: int) -> str:
    p = pd.Period(month, freq="M") + end
    return p.start_time.strftime("%Y-%m-%d")


# ---------------------------------------------------------------------------------------------------
# Text


# One pass, so an entity written for one character is never escaped again by the next rule.
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-!|$~"}
_ESCAPES.update({ord("\r"): "", ord("\n"): "<br>"})


def source_label(source: object, url: object) -> str:
    """Where a mention's article came from as a reader names it: the site of its address, else the file's
    own name (a record keeps its id); never the path of a file on the machine that ingested it."""
    if isinstance(url, str) and url.startswith(("http://", "https://")) and (host := urlparse(url).netloc):
        return host
    text = source if isinstance(source, str) else ""
    return PurePath(text.replace("\\", "/")).name if "/" in text or "\\" in text else text


def escape_text(text: str) -> str:
    """HTML-escape and neutralise Markdown (and `$` math) so stored text shows as written; newlines
    become <br> so an HTML block never ends early and lets Markdown parse the rest.

    >>> escape_text("<script>alert(1)</script> **粗** $x$")
    '&#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#42;&#42;粗&#42;&#42; &#36;x&#36;'
    """
    return text.translate(_ESCAPES)


def highlight(text: str, start: int, end: int, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text[start:end]` as safe HTML, each (span_start, span_end, field) inside it wrapped in <mark>.
    Offsets are into `text`; every slice is escaped on its own, so escaping never shifts an offset.
    Spans outside the range are clipped; a span overlapping an earlier one is skipped.

    >>> highlight("甲<b>投资10亿元", 0, 11, [(6, 11, "investment")])
    '甲&#60;b&#62;投资<mark title="投资" style="background:#ffe08a;border-radius:3px;padding:0 2px">10亿元</mark>'
    """
    start, end = max(0, int(start)), min(len(text), int(end))
    marks = sorted(
        (max(int(s), start), min(int(e), end), f)
        for s, e, f in spans
        if s is not None and e is not None and int(e) > start and int(s) < end and int(e) > int(s)
    )
    out: list[str] = []
    pos = start
    for s, e, field in marks:
        if s < pos:
            continue
        out.append(escape_text(text[pos:s]))
        style = MARK_STYLES.get(field, "background:#eee")
        label = html.escape(FIELD_LABELS.get(field, str(field)), quote=True)
        out.append(f'<mark title="{label}" style="{style}">{escape_text(text[s:e])}</mark>')
        pos = e
    out.append(escape_text(text[pos:end]))
    return "".join(out)


def evidence_html(
    text: str, start: int, end: int, evidence: Iterable[tuple[int, int, str, int | None, int | None]]
) -> str:
    """The mention's sentence, plus any neighbouring sentence that holds one of its figures (the amount
    is often stated one sentence later), in text order, each with its spans marked; non-adjacent
    sentences are joined by `…`. `evidence` rows are (start, end, field, sentence_start, sentence_end).

    >>> out = evidence_html("甲项目开工。总投资5亿元。", 0, 6, [(0, 3, "name", 0, 6), (9, 12, "investment", 6, 13)])
    >>> re.sub("<[^>]+>", "", out), out.count("<mark")
    ('甲项目开工。总投资5亿元。', 2)
    """
    rows = [(int(s), int(e), f, ss, se) for s, e, f, ss, se in evidence if _is_int(s) and _is_int(e)]
    ranges = [(int(start), int(end))]
    for s, e, _f, ss, se in rows:
        if s >= start and e <= end:
            continue
        if _is_int(ss) and _is_int(se) and int(ss) <= s and e <= int(se):
            ranges.append((int(ss), int(se)))
        else:
            ranges.append((s, e))
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    spans = [(s, e, f) for s, e, f, _ss, _se in rows]
    parts = []
    for i, (low, high) in enumerate(merged):
        gap = i and text[merged[i - 1][1] : low].strip()
        parts.append((" … " if gap else "") + highlight(text, low, high, spans))
    return "".join(parts)


def mark_legend() -> str:
    """One line saying what each highlight colour means (HTML, our own constants only)."""
    styles = {k: html.escape(v, quote=True) for k, v in MARK_STYLES.items()}
    return "<small>高亮：" + MARK_LEGEND.format(**styles) + "</small>"


def _corrected(rows: pd.DataFrame) -> list[str]:
    """The labels of each row's hand-set fields (`dashboard_data.attach_corrections`), '' for none."""
    if "corrected" not in rows.columns:
        return [""] * len(rows)
    return [c if isinstance(c, str) else "" for c in rows["corrected"]]


def _is_int(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _short(text: object, n: int) -> str:
    s = str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _wrapped(text: object, width: int, lines: int) -> str:
    """`text` in at most `lines` lines of `width` characters (the last cut with …), joined by <br>.

    >>> _wrapped("永生重工工程机械底盘件生产建设项目", 11, 2)
    '永生重工工程机械底盘件<br>生产建设项目'
    >>> _wrapped("甲" * 30, 11, 2).endswith("…")
    True
    """
    s = _short(text, width * lines)
    return "<br>".join(s[i : i + width] for i in range(0, len(s), width))


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    """One tick a year; with only a few years, pad the axis so a lone year is not one wall-wide bar."""
    pad = max(0.0, (5 - len(years)) / 2)
    fig.update_xaxes(dtick=1, tickformat="d", range=[years[0] - 0.5 - pad, years[-1] + 0.5 + pad])


def _park_color(park: str, i: int) -> str:
    """The two non-parks have their own colours (no park stated: grey; the rest grouped: sand), so they
    never look like a park or like each other."""
    return {NO_PARK: NO_PARK_COLOR, OTHER_PARKS: OTHER_PARKS_COLOR}.get(park, _palette(i + 1)[i])


def _palette(n: int) -> list[str]:
    return [PARK_PALETTE[i % len(PARK_PALETTE)] for i in range(n)]


NO_MATCHING_OPTION = "没有匹配的选项"
# Streamlit's own texts that no parameter sets: a search in a filter that matches nothing says
# "No results". The text stays in the page for screen readers; what is drawn is Chinese.
_EMPTY_OPTION = '[role="listbox"][data-empty="true"] [role="option"] > span'
WIDGET_TEXTS_CSS = (
    f"<style>{_EMPTY_OPTION} {{ font-size: 0; }} "
    f'{_EMPTY_OPTION}::after {{ content: "{NO_MATCHING_OPTION}"; font-size: 0.875rem; }}</style>'
)
