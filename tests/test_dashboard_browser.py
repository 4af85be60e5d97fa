"""The real page in a real browser: `streamlit run dashboard.py` on a database built from data/articles,
driven by headless Chromium. Checks that charts render, no exception shows, a table row and a bar open
the project page, and a project page shows its mention sentences; saves screenshots to
tests/screenshots/ (gitignored) for a person to look at.

Set DASHBOARD_BROWSER_DB to a built database to look at other data (e.g. the dev corpus).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.browser import serve
from pipeline.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000


def rows(db: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("DASHBOARD_BROWSER_DB"):
        return Path(os.environ["DASHBOARD_BROWSER_DB"])
    path = tmp_path_factory.mktemp("dashboard_browser") / "sample.db"
    assert main(["ingest", str(ROOT / "data" / "articles"), "--db", str(path), "--workers", "1"]) == 0
    return path


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on the database, as the browser benchmark starts it."""
    with serve(ROOT / "dashboard.py", database) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei, or make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    pg = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    pg.close()


def open_page(page, server: str, query: str = "") -> None:
    """Load a URL and wait until the script has finished and the charts have drawn."""
    page.goto(f"{server}/{query}")
    settle(page)


SNAPSHOT = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
    const drawn = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').length;
    const main = document.querySelector('[data-testid="stMain"]');
    const loading = document.querySelectorAll('[data-testid^="stSkeleton"]').length;
    return [app && app.getAttribute('data-test-script-state'), charts, drawn, main ? main.innerText.length : 0,
            loading];
}"""


def settle(page) -> None:
    """Wait until the script has finished, every Plotly element has drawn, and the page has stopped
    changing for a moment (the script state alone flickers to notRunning before the first run)."""
    page.wait_for_selector('[data-testid="stApp"]')
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    previous = None
    while time.monotonic() < deadline:
        state, charts, drawn, size, loading = page.evaluate(SNAPSHOT)
        now = (state, charts, drawn, size, loading)
        if state == "notRunning" and charts == drawn and size > 0 and not loading and now == previous:
            return
        previous = now
        page.wait_for_timeout(700)
    raise AssertionError(f"the page did not settle: {previous}")


def charts_drawn(page, at_least: int) -> int:
    """Wait for at least this many drawn Plotly charts (their code loads lazily); return the count."""
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length >= {at_least}")
    return page.locator(".js-plotly-plot").count()


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator("body").inner_text()[:2000]


def shoot(page, database: Path, name: str) -> Path:
    """A screenshot of the whole app (Streamlit scrolls inside its main block, so grow the viewport)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000")
    width = page.viewport_size["width"]  # the page's own width (800 or 1400)
    page.set_viewport_size({"width": width, "height": min(max(1000, height + 40), 14000)})
    page.wait_for_timeout(1500)
    out = SHOTS / f"{database.stem}_{name}.png"
    page.screenshot(path=str(out))
    page.set_viewport_size({"width": width, "height": 1000})
    return out


def wait_for_query(page, pattern: str, present: bool = True) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while (re.search(pattern, page.url) is not None) != present:
        if time.monotonic() > deadline:
            raise AssertionError(f"url {page.url} {'lacks' if present else 'still has'} {pattern}")
        page.wait_for_timeout(200)


def test_dashboard_browser_overview_renders_charts(page, server: str, database: Path) -> None:
    """The overview draws one chart, and each button of its control draws another, named in the URL."""
    from dashboard_charts import OVERVIEW_CHARTS

    open_page(page, server)
    assert charts_drawn(page, 1) == 1
    no_exception(page)
    (n,) = rows(database, "select count(*) from projects")[0]
    metric = page.locator(".pt-kpi", has_text="项目数")  # the KPIs are one HTML block of cells
    assert f"{n} 个" in metric.inner_text()
    assert "未披露投资" in page.locator("body").inner_text()
    assert shoot(page, database, "overview").stat().st_size > 10_000
    titles = set()
    for label in list(OVERVIEW_CHARTS)[1:]:
        page.get_by_role("radio", name=label, exact=True).click()
        wait_for_query(page, "chart=" + re.escape(quote(label)))
        page.wait_for_timeout(800)
        settle(page)
        no_exception(page)
        assert page.locator(".js-plotly-plot").count() == 1
        titles.add(page.locator(".js-plotly-plot .gtitle").first.text_content())
        shoot(page, database, f"overview_{OVERVIEW_CHARTS[label]}")
    assert len(titles) == len(OVERVIEW_CHARTS) - 1


def test_dashboard_browser_project_page_shows_mentions(page, server: str, database: Path) -> None:
    pid, name = rows(
        database,
        "select project_id, name from projects order by n_mentions desc, investment_yuan is null, project_id limit 1",
    )[0]
    open_page(page, server, f"?project={pid}")
    no_exception(page)
    body = page.locator("body").inner_text()
    assert name in body and "全部提及" in body
    for (sentence,) in rows(database, "select sentence from mentions where project_id = ?", pid):
        assert re.sub(r"\s+", "", sentence) in re.sub(r"\s+", "", body)
    assert page.locator("mark").count() >= 1
    assert charts_drawn(page, 1) == 1  # the status timeline
    shoot(page, database, "project")


def test_dashboard_browser_table_row_opens_project(page, server: str, database: Path) -> None:
    open_page(page, server, "?tab=" + quote("项目表"))
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    shoot(page, database, "table")
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box, under the header
    wait_for_query(page, r"[?&]project=p\w+")
    page.get_by_text("全部提及").wait_for()
    no_exception(page)
    page.get_by_role("button", name="← 返回").click()
    wait_for_query(page, r"[?&]project=", present=False)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()  # back on the table tab
    no_exception(page)


def test_dashboard_browser_bar_opens_project(page, server: str, database: Path) -> None:
    open_page(page, server, "?chart=" + quote("最大项目"))
    charts_drawn(page, 1)
    chart = page.locator(".js-plotly-plot", has_text="投资额最大的")
    chart.scroll_into_view_if_needed()
    bar = chart.locator("g.point path").last  # the largest project, drawn at the top
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_query(page, r"[?&]project=p\w+")
    (top,) = rows(
        database,
        "select name from projects where in_totals = 1 and investment_currency = 'CNY' "
        "order by investment_yuan desc limit 1",
    )[0]
    page.get_by_text("全部提及").wait_for()
    assert top in page.locator("h1").first.inner_text()


def test_dashboard_browser_filtered_link(page, server: str, database: Path) -> None:
    park, n = rows(
        database,
        "select park, count(*) from projects where park is not null group by park order by 2 desc, park limit 1",
    )[0]
    open_page(page, server, "?park=" + quote(park))
    no_exception(page)
    assert f"{n} 个" in page.locator(".pt-kpi", has_text="项目数").inner_text()
    more = open_filters(page)
    assert "已选 1 项" in more.inner_text()
    assert park in page.locator('[data-testid="stMultiSelect"]', has_text="园区").first.inner_text()
    shoot(page, database, "filtered")


@pytest.mark.parametrize(("tab", "name"), [("园区对比", "compare"), ("数据", "data")])
def test_dashboard_browser_other_tabs(page, server: str, database: Path, tab: str, name: str) -> None:
    open_page(page, server, "?tab=" + quote(tab))
    assert charts_drawn(page, 3 if tab == "园区对比" else 1) >= 1
    no_exception(page)
    shoot(page, database, name)


def test_dashboard_browser_tabs_twice_keep_every_click(page, server: str, database: Path) -> None:
    """Each click on a tab opens that tab and the URL says so, also the second time round (a default that
    followed the URL once reset the widget on every second click)."""
    open_page(page, server)
    order = ["园区对比", "项目表", "数据", "总览"] * 2
    for name in order:
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(1200)
        settle(page)
        selected = page.locator('[role="tab"][aria-selected="true"]').inner_text()
        assert selected.strip() == name, f"clicked {name}, {selected} is open"
        if name == "总览":
            wait_for_query(page, r"[?&]tab=", present=False)
        else:
            wait_for_query(page, "tab=" + re.escape(quote(name)))
        no_exception(page)


def open_filters(page):  # noqa: ANN201 - playwright's Locator
    """Open the sidebar's popover of filters (the browser draws its widgets only then); return its button."""
    more = page.locator('[data-testid="stSidebar"] [data-testid="stPopover"]').first
    more.locator("button").first.click()
    page.locator('[data-testid="stMultiSelect"]', has_text="园区").first.wait_for()
    return more


def click_bar(page, title: str, index: int = -1) -> None:
    chart = page.locator(".js-plotly-plot", has_text=title)
    chart.scroll_into_view_if_needed()
    bars = chart.locator("g.point path")
    bar = bars.nth(index if index >= 0 else bars.count() + index)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_dashboard_browser_segment_lists_projects_then_opens_one(page, server: str, database: Path) -> None:
    """A size band's bar lists the projects in it; a row of that list opens the project."""
    open_page(page, server, "?chart=" + quote("按规模"))
    charts_drawn(page, 1)
    click_bar(page, "项目规模分布")  # the last band drawn: 未披露 on the sample
    listing = page.locator('[data-testid="stVerticalBlock"]', has_text="规模 未披露 的项目").last
    listing.locator('[data-testid="stDataFrame"]').wait_for()
    settle(page)
    no_exception(page)
    (n,) = rows(database, "select count(*) from projects where investment_yuan is null")[0]
    assert f"共 {n} 个项目" in listing.inner_text()
    shoot(page, database, "drill")
    grid = listing.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    wait_for_query(page, r"[?&]project=p\w+")
    page.get_by_text("全部提及").wait_for()
    no_exception(page)


def test_dashboard_browser_park_bar_opens_park_page(page, server: str, database: Path) -> None:
    open_page(page, server)
    charts_drawn(page, 1)
    click_bar(page, "各园区投资额")
    wait_for_query(page, r"[?&]park_page=")
    settle(page)
    no_exception(page)
    assert "已披露投资的项目" in page.locator("body").inner_text()
    shoot(page, database, "park")
    page.get_by_role("tab", name="项目").click()  # the park's projects: a tab, drawn when opened
    wait_for_query(page, "park_tab=" + re.escape(quote("项目")))
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    settle(page)
    no_exception(page)
    shoot(page, database, "park_table")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    """A server on the sample database after `set <id> investment_yuan 120亿`."""
    path = tmp_path_factory.mktemp("dashboard_browser_corrected") / "corrected.db"
    assert main(["ingest", str(ROOT / "data" / "articles"), "--db", str(path), "--workers", "1"]) == 0
    pid = rows(path, "select project_id from projects where investment_yuan is not null order by project_id limit 1")[
        0
    ][0]
    assert main(["set", pid, "investment_yuan", "120亿", "--db", str(path)]) == 0
    with serve(ROOT / "dashboard.py", path) as base:
        yield base, path, pid


@pytest.mark.parametrize("width", [800, 1400])
def test_dashboard_browser_corrected_project_badge(browser, corrected: tuple[str, Path, str], width: int) -> None:
    base, path, pid = corrected
    page = browser.new_page(viewport={"width": width, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    try:
        open_page(page, base, f"?project={pid}")
        no_exception(page)
        body = page.locator("body").inner_text()
        (old,) = rows(path, "select old_value from corrections_status where project_id = ?", pid)[0]
        assert "人工更正" in body and "它替换的原句" in body and "由 " in body
        metric = page.locator(".pt-kpi", has_text="投资").first
        assert "120亿元" in metric.inner_text()
        value = metric.locator(".pt-kpi-value")
        assert value.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # never a cut value
        assert page.get_by_text("人工更正", exact=True).first.is_visible()  # the badge
        shoot(page, path, f"corrected_{width}")
    finally:
        page.close()


def open_table(browser, server: str, width: int):  # noqa: ANN201 - playwright's Page
    """A page of the given width on the 项目表 tab, once the table has measured its width and settled."""
    page = browser.new_page(viewport={"width": width, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, server, "?tab=" + quote("项目表"))
    page.wait_for_function("() => document.querySelectorAll('[role=columnheader]').length > 0")
    page.wait_for_timeout(1500)
    settle(page)
    return page


def table_headers(page) -> list[str]:
    return page.locator('[data-testid="stDataFrame"] [role="columnheader"]').all_inner_texts()


@pytest.mark.parametrize("width", [800, 1400])
def test_dashboard_browser_table_picks_columns_by_width(browser, server: str, database: Path, width: int) -> None:
    """The project table shows the columns that fit its width, in order of importance, says which it left
    out, and shows all on request; the columns shown never run past the table's edge."""
    from dashboard_data import TABLE_WIDTHS as WIDTHS

    page = open_table(browser, server, width)
    try:
        shown = [h.strip() for h in table_headers(page) if h.strip() in WIDTHS]
        assert shown[:2] == ["项目", "投资（亿元）"]
        table = page.locator('[data-testid="stDataFrame"]').first
        assert sum(WIDTHS[h] for h in shown) <= table.evaluate("e => e.clientWidth")
        hidden = [c for c in WIDTHS if c not in shown]
        caption = page.locator('[data-testid="stCaptionContainer"]', has_text="按投资额排列").inner_text()
        if hidden:
            assert "未显示" in caption
            page.get_by_text("显示全部列（可横向滚动）").click()
            page.wait_for_timeout(1200)
            settle(page)
            assert len([h for h in table_headers(page) if h.strip() in WIDTHS]) > len(shown)
        else:
            assert "未显示" not in caption
        shoot(page, database, f"table_{width}")
    finally:
        page.close()


def test_dashboard_browser_table_wider_window_more_columns(browser, server: str) -> None:
    counts = []
    for width in (800, 1400):
        page = open_table(browser, server, width)
        try:
            counts.append(len(table_headers(page)))
        finally:
            page.close()
    assert counts[0] < counts[1]


def test_dashboard_browser_no_match_says_so_in_chinese(page, server: str) -> None:
    """A filter search that matches nothing draws Streamlit's "No results" as Chinese."""
    from dashboard_charts import NO_MATCHING_OPTION

    open_page(page, server)
    open_filters(page)
    box = page.locator('[data-testid="stMultiSelect"]', has_text="园区").first.locator("input")
    box.click()
    page.keyboard.type("zzzz")
    option = page.locator('[role="listbox"][data-empty="true"] [role="option"] > span').first
    option.wait_for()
    drawn = option.evaluate("e => getComputedStyle(e, '::after').content")
    assert drawn == f'"{NO_MATCHING_OPTION}"'
    assert option.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # the English text is not drawn
    page.keyboard.press("Escape")


def test_dashboard_browser_table_width_is_remembered_and_a_stale_one_corrected(browser, server: str) -> None:
    """The width the table measured is kept in a cookie, so the next visit's first run draws the same
    columns; a remembered width from another window size is corrected by the measurement."""
    page = open_table(browser, server, 800)
    try:
        first = table_headers(page)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        assert int(cookies["parktrack_project_table_width"]) < 800
        open_page(page, server, "?tab=" + quote("项目表"))
        page.wait_for_function("() => document.querySelectorAll('[role=columnheader]').length > 0")
        assert table_headers(page) == first
        host = re.sub(r"^https?://|:\d+$", "", server)
        page.context.add_cookies(
            [{"name": "parktrack_project_table_width", "value": "1300", "domain": host, "path": "/"}]
        )
        open_page(page, server, "?tab=" + quote("项目表"))
        page.wait_for_timeout(1500)
        settle(page)
        assert table_headers(page) == first
    finally:
        page.close()


KPI_FIT = """() => {
    const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
    const cells = [...document.querySelectorAll('.pt-kpi')].map(e => e.getBoundingClientRect());
    const cut = [...document.querySelectorAll('.pt-kpi-value, .pt-kpi-label, .pt-kpi-note')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText);
    const outside = cells.filter(r => r.left < main.left - 1 || r.right > main.right + 1).length;
    let overlaps = 0;
    for (let i = 0; i < cells.length; i++) for (let j = i + 1; j < cells.length; j++) {
        const a = cells[i], b = cells[j];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
    }
    const rows = new Set(cells.map(r => Math.round(r.top))).size;
    return {cells: cells.length, cut, outside, overlaps, rows};
}"""


@pytest.mark.parametrize("width", [800, 1400])
@pytest.mark.parametrize("view", ["overview", "park", "project"])
def test_dashboard_browser_kpis_fit(browser, server: str, database: Path, view: str, width: int) -> None:
    """The KPI block (one HTML grid, not st.metric) at 800 and 1400 px: no label, value or note cut, no
    cell outside the page or over another, and the cells stack into more rows on the narrow window."""
    park = rows(database, "select park from projects where park is not null group by park order by count(*) desc")[0]
    pid = rows(database, "select project_id from projects order by n_mentions desc limit 1")[0][0]
    query = {"overview": "", "park": "?park_page=" + quote(park[0]), "project": f"?project={pid}"}[view]
    page = browser.new_page(viewport={"width": width, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    try:
        open_page(page, server, query)
        no_exception(page)
        fit = page.evaluate(KPI_FIT)
        assert fit["cells"] == (5 if view == "project" else 6)
        assert fit["cut"] == [] and fit["outside"] == 0 and fit["overlaps"] == 0, fit
        assert fit["rows"] >= (2 if width == 800 else 1)
        shoot(page, database, f"kpis_{view}_{width}")
    finally:
        page.close()


@pytest.fixture(scope="module")
def placed(database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A server on a copy of the sample database with two of its projects placed in another province
    (the sample's are all in one): the count a province filter must give."""
    path = tmp_path_factory.mktemp("dashboard_browser_placed") / "placed.db"
    with sqlite3.connect(database) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as conn:
        ids = [r[0] for r in conn.execute("select project_id from projects order by project_id limit 2")]
        conn.executemany(
            "update projects set province = '江苏省', city = '苏州市', county = '昆山市', adcode = '320583' "
            "where project_id = ?",
            [(pid,) for pid in ids],
        )
    with serve(ROOT / "dashboard.py", path) as base:
        yield base, len(ids)


def test_dashboard_browser_province_filter_from_a_fresh_url(browser, placed: tuple[str, int]) -> None:
    """A link with `?province=` opened in a new page filters the totals and shows the filter chosen."""
    base, moved = placed
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    try:
        open_page(page, base, "?province=" + quote("江苏省"))
        no_exception(page)
        assert f"{moved} 个" in page.locator(".pt-kpi", has_text="项目数").inner_text()
        assert "province=" + quote("江苏省") in page.url
        more = open_filters(page)
        assert "已选 1 项" in more.inner_text()
        assert "江苏省" in page.locator('[data-testid="stMultiSelect"]', has_text="省份").first.inner_text()
    finally:
        page.close()
