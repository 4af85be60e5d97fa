"""The figure builders as pure functions on small frames built here: what each trace holds, that sums
in 亿元 equal what went in, that one-project marks carry the project id, and that an empty frame gives a
figure that says so."""

from __future__ import annotations

import doctest
import html
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

import dashboard_charts as dc
import dashboard_data as dd

YI = 10**8

# (project_id, name, park, investment_yuan, currency, in_totals, status, status_inferred, year)
ROWS = [
    ("p1", "长城重工新能源项目", "济宁高新区", 120 * YI, "CNY", 1, "投产", None, 2021),
    ("p2", "恒源新材料项目", "济宁高新区", 3 * YI, "CNY", 1, "在建", "停滞（推断）", 2021),
    ("p3", "华泰信息科技项目", "济宁经开区", 8 * YI, "CNY", 1, "在建", None, 2020),
    ("p4", "亲亲食品山东生产基地", None, int(1.5 * YI), "USD", 1, "开工", None, 2020),
    ("p5", "鑫源特种车辆项目", "济宁经开区", None, None, 1, "投产", None, 2020),
    ("p6", "重复计数的项目", "济宁经开区", 50 * YI, "CNY", 0, "签约", None, 2019),
    ("p7", "年份不详的项目", "济宁高新区", int(0.5 * YI), "CNY", 1, None, None, None),
]
COUNTED_YI = 120 + 3 + 8 + 0.5  # CNY and in_totals = 1; USD, undisclosed and in_totals = 0 left out


def projects(rows: list[tuple] = ROWS) -> pd.DataFrame:
    columns = [
        "project_id",
        "name",
        "park",
        "investment_yuan",
        "investment_currency",
        "in_totals",
        "status",
        "status_inferred",
        "year",
    ]
    raw = pd.DataFrame(rows, columns=columns)
    raw["output_yuan"] = None
    raw["jobs"] = None
    return dd.prepare_projects(raw)


def empty() -> pd.DataFrame:
    return projects([])


def has_note(fig: go.Figure, words: str) -> bool:
    """A figure tells something in an annotation or the title's grey note."""
    texts = [a.text or "" for a in fig.layout.annotations]
    subtitle = fig.layout.title.subtitle.text if fig.layout.title and fig.layout.title.subtitle else None
    return any(words in t for t in [*texts, subtitle or ""])


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (106 * YI, "106亿元"),
        (2496 * YI, "2,496亿元"),
        (13.6 * YI, "13.6亿元"),
        (8.96 * YI, "8.96亿元"),
        (0.5 * YI, "0.5亿元"),
        (3 * 10**5, "30万元"),
        (0, "0亿元"),
        (None, "—"),
    ],
    ids=["hundreds", "thousands", "tens", "units", "half", "wan", "zero", "none"],
)
def test_dashboard_charts_fmt_yi_rounds_sensibly(yuan: float | None, text: str) -> None:
    assert dc.fmt_yi(yuan) == text


def test_dashboard_charts_fmt_amount_keeps_currency() -> None:
    assert dc.fmt_amount(1.5 * YI, "USD") == "1.5亿美元"
    assert dc.fmt_amount(12 * YI, "HKD") == "12亿港元"
    assert dc.fmt_amount(3 * YI, None) == "3亿元"


def test_dashboard_charts_invest_by_park_sums_counted_yi() -> None:
    fig = dc.fig_invest_by_park(projects())
    (bar,) = fig.data
    assert sum(bar.x) == pytest.approx(COUNTED_YI)
    assert dict(zip(bar.customdata, bar.x, strict=True)) == pytest.approx({"济宁高新区": 123.5, "济宁经开区": 8})
    # the USD project has no park and no CNY amount: no 未注明园区 bar appears for it
    assert dd.NO_PARK not in list(bar.y)


def test_dashboard_charts_fixed_bottom_margin_holds_the_x_axis() -> None:
    # the park chart and the timeline fix their bottom margin (one layout pass, no automargin): it must
    # hold the tick labels (~20 px) and, on the park chart, the axis title under them (~20 px more)
    park = dc.fig_invest_by_park(projects())
    assert park.layout.xaxis.automargin is False and park.layout.xaxis.title.text
    assert park.layout.margin.b >= 40
    timeline = pd.DataFrame({"date": ["2024-01-05", "2024-06-01"], "stage": ["签约", "开工"], "is_plan": [0, 0]})
    line = dc.fig_timeline(timeline)
    assert line.layout.xaxis.automargin is False and not line.layout.xaxis.title.text
    assert line.layout.margin.b >= 20


def test_dashboard_charts_by_year_stacks_parks_and_counts_projects() -> None:
    df = projects()
    fig = dc.fig_by_year(df)
    invest = [t for t in fig.data if t.yaxis == "y"]
    counts = [t for t in fig.data if t.yaxis == "y2"]
    assert {t.name for t in invest} == {"济宁高新区", "济宁经开区", dd.NO_PARK}
    dated_counted = df[df["counted"] & df["year"].notna()]["investment_yi"].sum()
    assert sum(sum(t.y) for t in invest) == pytest.approx(dated_counted) == pytest.approx(COUNTED_YI - 0.5)
    assert sum(sum(t.y) for t in counts) == 6  # every dated project once, whatever its amount
    assert list(counts[0].x) == [2019, 2020, 2021]
    assert has_note(fig, "1 个项目年份不详")


def test_dashboard_charts_by_year_groups_small_parks() -> None:
    rows = [(f"q{i}", f"项目{i}", f"园区{i}", (i + 1) * YI, "CNY", 1, "签约", None, 2020) for i in range(12)]
    fig = dc.fig_by_year(projects(rows), n_parks=8)
    names = [t.name for t in fig.data if t.yaxis == "y"]
    assert len(names) == 9 and names[-1] == dc.OTHER_PARKS
    assert sum(sum(t.y) for t in fig.data if t.yaxis == "y") == pytest.approx(sum(range(1, 13)))


def test_dashboard_charts_size_bands_count_undisclosed_apart() -> None:
    (bar,) = dc.fig_size_bands(projects()).data
    counts = dict(zip(bar.x, bar.y, strict=True))
    assert counts == {
        "<1亿": 1,
        "1–10亿": 2,
        "10–50亿": 0,
        "50–100亿": 1,
        "≥100亿": 1,
        "未披露": 1,
        "外币（未折算）": 1,
    }
    assert sum(bar.y) == len(ROWS)


def test_dashboard_charts_stages_mark_stall_as_inferred_and_skip_empty_stages() -> None:
    fig = dc.fig_stages(projects())
    active, stalled = fig.data
    assert all(isinstance(t, go.Bar) for t in fig.data)  # bars, not a funnel: stages are no conversion
    assert list(active.y) == ["签约", "开工", "在建", "投产"]  # stages with no project draw no empty row
    assert dict(zip(active.y, active.x, strict=True)) == {"签约": 1, "开工": 1, "在建": 1, "投产": 2}
    assert list(active.marker.color) == [dc.STAGE_COLORS[s] for s in active.y]
    assert list(active.customdata) == list(active.y)  # a bar says which stage's projects it stands for
    assert stalled.name == "停滞（推断）" and dict(zip(stalled.y, stalled.x, strict=True))["在建"] == 1
    assert stalled.marker.pattern.shape == "/"
    assert sum(active.x) + sum(stalled.x) == 6
    assert has_note(fig, "阶段未披露 1 个")


def test_dashboard_charts_colours_mean_one_thing() -> None:
    stage_colours = list(dc.STAGE_COLORS.values())
    assert len(set(stage_colours)) == len(dc.STAGES)
    others = {dc.NO_PARK_COLOR, dc.OTHER_PARKS_COLOR, dc.STALL_COLOR, dc.UNKNOWN_COLOR}
    assert len(others) == 4 and not others & set(stage_colours) and not others & set(dc.PARK_PALETTE)
    assert not set(dc.PARK_PALETTE) & set(stage_colours)

    def rgb(c: str) -> tuple[int, ...]:
        return tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))

    for a, b in zip(stage_colours, stage_colours[1:], strict=False):  # neighbouring stages far apart
        assert sum(abs(x - y) for x, y in zip(rgb(a), rgb(b), strict=True)) > 90, (a, b)
    assert dc._park_color(dc.NO_PARK, 0) == dc.NO_PARK_COLOR
    assert dc._park_color(dc.OTHER_PARKS, 1) == dc.OTHER_PARKS_COLOR
    tree = dc.fig_treemap(projects(), by="count").data[0]
    colours = dict(zip(tree.ids, tree.marker.colors, strict=True))
    assert colours["park:" + dc.NO_PARK] == dc.NO_PARK_COLOR
    assert colours["p1"] == dc.STAGE_COLORS["投产"] and colours["p2"] == dc.STALL_COLOR


def test_dashboard_charts_years_without_articles_are_gaps_not_zero() -> None:
    rows = [r for r in ROWS if r[-1] != 2020]
    rows.append(("p8", "二〇二三年的项目", "济宁高新区", 2 * YI, "CNY", 1, "签约", None, 2023))
    fig = dc.fig_by_year(projects(rows), article_years=[2019, 2021, 2023])
    inv = fig.data[0]
    assert list(inv.x) == [2019, 2020, 2021, 2022, 2023]
    assert inv.y[1] is None and inv.y[3] is None  # no articles in 2020 and 2022: no bar, not a 0
    assert len(fig.layout.shapes) == 2 * 2 and has_note(fig, "资料空缺")  # two gaps, shaded in both panels
    assert not dc.fig_by_year(projects(rows)).layout.shapes  # without coverage data nothing is shaded


def test_dashboard_charts_legend_rows_fit_a_narrow_screen() -> None:
    many = [
        (f"p{i}", f"项目{i}", f"第{i}号很长名字的高新技术产业开发区", YI, "CNY", 1, "在建", None, 2020)
        for i in range(8)
    ]
    fig = dc.fig_by_year(projects(many))
    assert dc._legend_rows(fig) >= 4  # eight long park names do not fit on one row at 380 px
    top = fig.layout.margin.t
    assert top >= 40 + 26 * dc._legend_rows(fig)  # room kept above the plot for every row


def test_dashboard_charts_compare_says_undisclosed_and_matches_the_table() -> None:
    df = projects()
    summary = dd.park_summary(df, ["济宁高新区", "济宁经开区"])
    fig = dc.fig_compare_measures(summary)
    invest, output, jobs = fig.data[1], fig.data[3], fig.data[4]
    assert list(invest.text) == [dc.fmt_yi(123.5 * YI, "亿"), dc.fmt_yi(8 * YI, "亿")]
    assert list(output.text) == ["未披露", "未披露"] and list(jobs.text) == ["未披露", "未披露"]
    assert fig.layout.yaxis5.visible is False  # no 0–4 axis for a measure nobody states
    years = dc.fig_compare_years(df, ["济宁经开区"])
    assert list(years.data[0].x)[-1] == 2020 and list(years.data[0].x)[0] == 2019  # 2019 has no counted amount


def test_dashboard_charts_treemap_leaves_carry_project_ids() -> None:
    fig = dc.fig_treemap(projects(), by="investment")
    (tree,) = fig.data
    leaves = [(i, c, v) for i, c, p, v in zip(tree.ids, tree.customdata, tree.parents, tree.values, strict=True) if p]
    assert {i for i, _, _ in leaves} == {"p1", "p2", "p3", "p7"}
    assert all(i == c for i, c, _ in leaves)
    assert sum(v for _, _, v in leaves) == pytest.approx(COUNTED_YI)
    assert has_note(fig, "3 个项目")
    by_count = dc.fig_treemap(projects(), by="count").data[0]
    assert {i for i, p in zip(by_count.ids, by_count.parents, strict=True) if p} == {r[0] for r in ROWS}


@pytest.mark.parametrize("by", ["investment", "count"])
def test_dashboard_charts_treemap_groups_what_it_cannot_draw(by: str) -> None:
    """Past the tile limit the largest projects keep their tiles and each park's rest share one; the
    parks keep their totals, and a shared tile opens no project."""
    rows = [
        (f"q{i}", f"项目{i}", ("甲园区", "乙园区", "丙园区")[i % 3], (i + 1) * YI, "CNY", 1, "在建", None, 2020)
        for i in range(60)
    ]
    whole = dc.fig_treemap(projects(rows), by=by).data[0]
    capped = dc.fig_treemap(projects(rows), by=by, max_tiles=10)
    tree = capped.data[0]
    leaves = {i: v for i, p, v in zip(tree.ids, tree.parents, tree.values, strict=True) if p}
    projects_shown = {i for i in leaves if not i.startswith("rest:")}
    assert projects_shown == {f"q{i}" for i in range(50, 60)}  # the ten largest investments, either way
    assert {i for i in leaves if i.startswith("rest:")} == {"rest:甲园区", "rest:乙园区", "rest:丙园区"}
    assert sum(leaves.values()) == pytest.approx(
        sum(v for i, p, v in zip(whole.ids, whole.parents, whole.values, strict=True) if p)
    )
    parks = lambda t: {i: v for i, p, v in zip(t.ids, t.parents, t.values, strict=True) if not p}  # noqa: E731
    assert parks(tree) == parks(whole)
    assert all(c == "" for i, c in zip(tree.ids, tree.customdata, strict=True) if i.startswith("rest:"))
    assert has_note(capped, "只画出最大的 10 个项目")


def test_dashboard_charts_top_projects_order_and_values() -> None:
    (bar,) = dc.fig_top_projects(projects(), n=3).data
    pairs = dict(zip(bar.customdata, bar.x, strict=True))
    assert pairs == pytest.approx({"p1": 120, "p3": 8, "p2": 3})  # the USD and excluded projects are not ranked
    assert list(bar.customdata)[-1] == "p1"  # plotly draws the last category at the top


def test_dashboard_charts_narrow_labels_break_lines_and_keep_click_values() -> None:
    """At 800 px a half-width chart has about 280 px: long labels go on two lines, and the values a click
    returns (a band's name, a project's id) stay whole."""
    fig = dc.fig_size_bands(projects())
    (bar,) = fig.data
    assert list(bar.x) == list(fig.layout.xaxis.tickvals)  # a click still names its band
    assert all(len(line) <= 5 for tick in fig.layout.xaxis.ticktext for line in tick.split("<br>"))
    long_name = pd.DataFrame(
        {**projects().iloc[:1].to_dict("list"), "name": ["永生重工工程机械底盘件生产建设项目"], "project_id": ["p9"]}
    )
    (top,) = dc.fig_top_projects(long_name).data
    assert all(len(line) <= 11 for line in top.y[0].split("<br>")) and "<br>" in top.y[0]
    assert list(top.customdata) == ["p9"]


def test_dashboard_charts_timeline_events_solid_plans_hollow() -> None:
    timeline = pd.DataFrame(
        {
            "date": ["2021-03-01", "2022-06", "2023", None],
            "stage": ["开工", "投产", "达产", "签约"],
            "is_plan": [0, 0, 1, 0],
        }
    )
    fig = dc.fig_timeline(timeline)
    events, plans = fig.data
    assert events.marker.symbol == "circle" and list(events.y) == ["开工", "投产"]
    assert plans.marker.symbol == "circle-open" and list(plans.y) == ["达产"]
    assert list(events.customdata) == ["2021-03-01", "2022-06"]  # dates shown as written
    assert has_note(fig, "1 条阶段记录没有日期")


def test_dashboard_charts_articles_by_month_shows_gaps_as_gaps() -> None:
    monthly = pd.DataFrame(
        {
            "month": ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05"],
            "articles": [2, 0, 0, 1, 0],
            "has_articles": [True, False, False, True, False],
        }
    )
    fig = dc.fig_articles_by_month(monthly)
    bars = fig.data[0]
    assert list(bars.customdata) == ["2020-01", "2020-04"] and list(bars.y) == [2, 1]  # no zero bars
    assert len(fig.layout.shapes) == 2  # two runs of empty months, shaded
    assert dc.month_gaps(monthly) == [("2020-02", "2020-03"), ("2020-05", "2020-05")]


def test_dashboard_charts_compare_measures_side_by_side() -> None:
    df = projects()
    summary = dd.park_summary(df, ["济宁高新区", "济宁经开区"])
    fig = dc.fig_compare_measures(summary)
    count, invest, median = fig.data[0], fig.data[1], fig.data[2]
    assert list(count.x) == ["济宁高新区", "济宁经开区"] and list(count.y) == [3, 3]
    assert list(invest.y) == pytest.approx([123.5, 8])
    assert list(median.y) == pytest.approx([3, 8])
    stages = dc.fig_compare_stages(df, ["济宁高新区", "济宁经开区"])
    totals = [sum(t.x[i] for t in stages.data) for i in range(2)]
    assert totals == pytest.approx([100, 100])
    years = dc.fig_compare_years(df, ["济宁高新区", "济宁经开区"])
    assert sum(sum(t.y) for t in years.data) == pytest.approx(123 + 8)  # the undated 0.5亿 has no year


@pytest.mark.parametrize(
    "build",
    [
        dc.fig_invest_by_park,
        dc.fig_by_year,
        dc.fig_size_bands,
        dc.fig_stages,
        dc.fig_treemap,
        dc.fig_top_projects,
        lambda df: dc.fig_compare_stages(df, ["甲"]),
        lambda df: dc.fig_compare_years(df, ["甲"]),
    ],
    ids=["park", "year", "size", "stages", "treemap", "top", "compare-stages", "compare-years"],
)
def test_dashboard_charts_empty_frame_gives_annotated_figure(build) -> None:
    fig = build(empty())
    assert isinstance(fig, go.Figure)
    assert len(fig.layout.annotations) == 1 and fig.layout.annotations[0].text


def test_dashboard_charts_empty_small_inputs() -> None:
    assert dc.fig_compare_measures(pd.DataFrame()).layout.annotations
    assert dc.fig_timeline(pd.DataFrame(columns=["date", "stage", "is_plan"])).layout.annotations
    assert dc.fig_articles_by_month(pd.DataFrame(columns=["month", "articles", "has_articles"])).layout.annotations


def test_dashboard_charts_highlight_escapes_and_marks_at_offsets() -> None:
    text = "导语。<script>alert('x')</script>甲公司投资10亿元建设**乙项目**。结尾"
    s = text.index("<script>")
    end = text.index("。结尾") + 1
    name = text.index("**乙项目**")
    amount = text.index("10亿元")
    out = dc.highlight(text, s, end, [(amount, amount + 4, "investment"), (name, name + 7, "name")])
    assert "<script>" not in out and "&#60;script&#62;" in out
    assert "**" not in out  # Markdown cannot turn the article's asterisks into bold
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", out)
    assert [html.unescape(m) for m in marks] == ["10亿元", "**乙项目**"]
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text[s:end]


def test_dashboard_charts_highlight_clips_and_skips_overlaps() -> None:
    text = "甲乙丙丁戊己庚"
    out = dc.highlight(text, 1, 5, [(0, 2, "name"), (1, 3, "stage"), (4, 9, "investment")])
    assert re.findall(r"<mark[^>]*>(.*?)</mark>", out) == ["乙", "戊"]
    assert re.sub(r"<[^>]+>", "", out) == "乙丙丁戊"


def test_dashboard_charts_evidence_html_adds_the_sentence_that_states_the_figure() -> None:
    text = "开头。甲项目举行奠基仪式。项目总投资约106亿元。无关的话。"
    s, e = text.index("甲"), text.index("。项目") + 1
    fs, fe = e, text.index("。无关") + 1
    amount = text.index("约106亿元")
    out = dc.evidence_html(text, s, e, [(s, s + 3, "name", s, e), (amount, amount + 6, "investment", fs, fe)])
    plain = html.unescape(re.sub(r"<[^>]+>", "", out))
    assert plain == text[s:fe]
    assert "无关" not in plain and "开头" not in plain


@pytest.mark.parametrize("module", [dc, dd], ids=["charts", "data"])
def test_dashboard_charts_doctests(module) -> None:
    """The examples in the docstrings (the root modules are outside pytest's --doctest-modules paths)."""
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_dashboard_charts_timeline_fallback_stage_is_hollow_and_labelled() -> None:
    """An event no cue of its own sentence states (`inferred`, the article's fallback) is drawn apart
    from the stated events: a hollow grey diamond labelled 推断, off the events' line."""
    timeline = pd.DataFrame(
        {
            "date": ["2021-03-01", "2021-09-01", "2022-06-01"],
            "stage": ["开工", "在建", "投产"],
            "is_plan": [0, 0, 1],
            "inferred": [0, 1, 0],
        }
    )
    fig = dc.fig_timeline(timeline)
    by_name = {t.name.split("（")[0]: t for t in fig.data}
    assert set(by_name) == {"已发生", "推断", "计划"}
    assert list(by_name["已发生"].y) == ["开工"] and by_name["已发生"].marker.symbol == "circle"
    guessed = by_name["推断"]
    assert list(guessed.y) == ["在建"] and guessed.marker.symbol.endswith("-open")
    assert list(guessed.text) == ["推断"] and "lines" not in guessed.mode
    assert list(by_name["计划"].y) == ["投产"]


def test_dashboard_charts_timeline_without_inferred_column_is_as_before() -> None:
    timeline = pd.DataFrame({"date": ["2021-03-01"], "stage": ["开工"], "is_plan": [0]})
    (events,) = dc.fig_timeline(timeline).data
    assert events.marker.symbol == "circle"


def test_dashboard_charts_plan_cues_and_forecasts_marked_apart_with_a_legend() -> None:
    text = "甲项目正在紧张施工，力争早日竣工，投产后年产值可达5亿元。"
    cue, plan, figure = text.index("紧张施工"), text.index("竣工"), text.index("5亿元")
    out = dc.highlight(
        text, 0, len(text), [(cue, cue + 4, "stage"), (plan, plan + 2, "stage_plan"), (figure, figure + 3, "forecast")]
    )
    styles = re.findall(r'<mark title="([^"]+)" style="([^"]+)"', out)
    assert len({style for _, style in styles}) == 3  # an event's cue, a plan word, a forecast: three colours
    assert [t for t, _ in styles] == ["阶段", "阶段（计划，不改变阶段）", "预计的数字"]
    legend = dc.mark_legend()
    for key in ("stage", "stage_plan", "forecast"):
        assert html.escape(dc.MARK_STYLES[key], quote=True) in legend
    assert "已发生的阶段" in legend and "计划" in legend


def test_dashboard_charts_hover_says_corrected() -> None:
    df = dd.prepare_projects(projects())
    df["corrected"] = ["投资"] + [""] * (len(df) - 1)
    treemap = dc.fig_treemap(df)
    hover = dict(zip(treemap.data[0].ids, treemap.data[0].hovertext, strict=True))
    assert "人工更正：投资" in hover["p1"] and "人工更正" not in hover["p3"]
    top = dc.fig_top_projects(df)
    assert any("人工更正：投资" in h for h in top.data[0].hovertext)


def test_dashboard_charts_compare_keeps_forecasts_apart() -> None:
    """A park's stated output and its expected output are two bars, never one sum, in the table's
    summary and in the chart (a hatched bar for 预计)."""
    df = projects()
    first = df.index[df["park_label"] == "济宁高新区"]
    df.loc[first[0], "output_yuan"], df.loc[first[1], "output_yuan"] = 20 * YI, 50 * YI
    df["output_yuan_forecast"] = False
    df.loc[first[1], "output_yuan_forecast"] = True
    summary = dd.park_summary(df, ["济宁高新区", "济宁经开区"])
    assert summary.loc[0, "output_yi"] == pytest.approx(20) and summary.loc[0, "output_forecast_yi"] == pytest.approx(
        50
    )
    assert summary.loc[1, "output_yi"] is None or pd.isna(summary.loc[1, "output_yi"])
    fig = dc.fig_compare_measures(summary)
    output = [t for t in fig.data if t.xaxis == "x4"]
    assert [list(t.y) for t in output] == [[20, 0], [50, 0]]
    assert output[1].marker.pattern.shape == "/" and output[0].marker.pattern.shape in (None, "")
    assert list(output[1].text)[0].startswith("预计")
    jobs = [t for t in fig.data if t.xaxis == "x5"]
    assert len(jobs) == 1  # nobody expects jobs: no empty hatched slots


@pytest.mark.parametrize(
    "source, url, want",
    [
        ("data/articles/000_62a4.txt", None, "000_62a4.txt"),  # a file: its name, not the machine's path
        ("/home/someone/news/2024/济宁日报.txt", "", "济宁日报.txt"),
        ("C:\\news\\a.docx", None, "a.docx"),
        ("d2A-001", "https://www.jining.gov.cn/art/2024/1/2/art_1.html", "www.jining.gov.cn"),  # a page: its site
        ("rec-7", None, "rec-7"),  # a record's own id
        (None, None, ""),
    ],
)
def test_a_mention_source_is_named_as_a_reader_names_it(source, url, want) -> None:
    assert dc.source_label(source, url) == want
