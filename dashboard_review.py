"""The dashboard's 待核对 (review queue) and 动态 (changes) pages, as functions dashboard.py calls.

The queue and the changes are computed by `pipeline.review` and `pipeline.changes` over a read-only
connection (cached per database version); a button's verdict is written by `review.record`, the same
checks and the same correction line as `python -m pipeline confirm|set|exclude|merge|split`, and the
page runs again on the database it resolved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

import dashboard_charts as dc
from pipeline import changes, review

PAGE = 25  # queue rows drawn at once
MESSAGE = "_review_message"


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10)


@st.cache_data(show_spinner=False, max_entries=4)
def load_queue(path: str, version: str) -> list[review.Item]:
    """The whole queue without its sentences (an archive's worth of article text is not held)."""
    with closing(_connect(path)) as conn:
        return review.candidates(conn)


@st.cache_data(show_spinner=False, max_entries=16)
def load_texts(path: str, version: str, items: tuple[review.Item, ...]) -> list[review.Item]:
    with closing(_connect(path)) as conn:
        return review.with_text(conn, list(items))


@st.cache_data(show_spinner=False, max_entries=8)
def load_share(path: str, version: str, ids: tuple[str, ...] | None) -> float | None:
    with closing(_connect(path)) as conn:
        return review.confirmed_share(conn, ids)


@st.cache_data(show_spinner=False, max_entries=8)
def load_changes(path: str, version: str, since: str) -> list[changes.Change]:
    with closing(_connect(path)) as conn:
        return changes.since(conn, since)


@st.cache_data(show_spinner=False, max_entries=4)
def load_default_since(path: str, version: str) -> str:
    with closing(_connect(path)) as conn:
        return changes.default_since(conn)


def _ids(df: pd.DataFrame | None) -> tuple[str, ...] | None:
    return None if df is None else tuple(df["project_id"])


def _in(items: list, ids: Iterable[str] | None) -> list:
    if ids is None:
        return items
    keep = set(ids)
    return [i for i in items if i.project_id in keep]


@st.cache_data(show_spinner=False, max_entries=4)
def load_sizes(path: str, version: str) -> dict[str, int] | None:
    with closing(_connect(path)) as conn:
        return review.stored_sizes(conn)


def overview_caption(path: str, version: str, df: pd.DataFrame | None = None) -> str:
    """`待核对 12 条 · 已核对 62% 的投资额` for the projects shown (dashboard.py puts it on the overview). The
    size comes from what the last ingest counted when it is current (reckoning the queue takes seconds
    on a large archive), else from the queue itself."""
    ids = _ids(df)
    sizes = load_sizes(path, version)
    if sizes is not None:
        n = sum(sizes.values()) if ids is None else sum(sizes.get(pid, 0) for pid in ids)
    else:
        n = len(_in(load_queue(path, version), ids))
    share = load_share(path, version, ids)
    done = f"已核对 {share:.0%} 的投资额" if share is not None else "没有披露投资额的项目"
    return f"待核对 {n} 条 · {done}（确认或更正过的投资额占总投资的比例）"


@st.cache_data(show_spinner=False, max_entries=32)
def cached_overview_caption(path: str, version: str, view: str, _df: pd.DataFrame) -> str:
    """overview_caption for one view (`view` names the database version and the filters): hashing the
    ids of the projects shown, for load_share's key, took 0.15 s of every rerun at 20,000 articles."""
    return overview_caption(path, version, _df)


# ---------------------------------------------------------------------------------------------------
# Verdicts: what each button records (the command line's correction lines)


def verdict(action: str, item: review.Item, text: str = "", target: str = "", names: Iterable[str] = ()) -> dict:
    """The correction a button records for `item`: 确认 (the value seen), 改 (a new value, parsed as the
    pipeline parses it), 不是项目 (left out of sums), 合并到… (one project with `target`), 拆分 (the
    mentions named `names` are another project)."""
    if action == "confirm":
        return {"op": "confirm", "id": item.project_id, "field": item.field, "value": item.value}
    if action == "set":
        if item.field == "name":
            return {"op": "rename", "id": item.project_id, "name": text}
        return {"op": "set", "id": item.project_id, "field": item.field, "text": text}
    if action == "exclude":
        return {"op": "exclude", "id": item.project_id, "reason": "不是项目（人工核对）"}
    if action == "merge":
        return {"op": "merge", "ids": [target, item.project_id]}
    if action == "split":
        return {"op": "split", "id": item.project_id, "names": list(names)}
    raise ValueError(action)


def _act(path: str, correction: dict) -> None:
    try:
        message = review.record(Path(path), correction)
        st.session_state[MESSAGE] = ("success", message)
    except review.Refused as exc:
        st.session_state[MESSAGE] = ("error", f"未记录：{exc}")
    st.rerun()  # the database changed: every cached view is keyed on its version


def _value_text(item: review.Item) -> str:
    if item.field == "jobs":
        return f"{int(item.value):,} 人"
    if item.field in ("investment_yuan", "output_yuan"):
        return dc.fmt_amount(item.value, item.currency)
    return str(item.value)


def review_page(path: str, version: str, df: pd.DataFrame | None = None, projects: pd.DataFrame | None = None) -> None:
    """The queue, costliest first, each row with its sentence and the five verdict buttons."""
    if kind_message := st.session_state.pop(MESSAGE, None):
        (st.success if kind_message[0] == "success" else st.error)(kind_message[1])
    items = _in(load_queue(path, version), _ids(df))
    share = load_share(path, version, _ids(df))
    done = f"已核对 {share:.0%} 的投资额" if share is not None else "没有披露投资额的项目"
    st.markdown(f"**待核对 {len(items)} 条** · {done}")
    st.caption(
        "按“金额 × 不确定度”排列：数额越大、越没把握的记录越靠前。每一项操作都写入数据库旁的更正文件"
        "（与命令行 python -m pipeline confirm / set / exclude / merge / split 相同），重新建库后仍然有效。"
    )
    if not items:
        st.success("没有待核对的记录。")
        return
    shown = st.selectbox("显示", [PAGE, 50, 100, len(items)], format_func=lambda n: f"前 {n} 条", key="review_n")
    names = {}
    if projects is not None:
        names = dict(zip(projects["project_id"], projects["name"], strict=True))
    for n, item in enumerate(load_texts(path, version, tuple(items[:shown]))):
        _row(path, n, item, names)


def _row(path: str, n: int, item: review.Item, names: dict[str, str]) -> None:
    with st.container(border=True):
        field = review.FIELD_LABELS[item.field]
        park = f" · {dc.escape_text(item.park)}" if item.park else ""
        cost = f"代价 {item.cost / 1e8:,.2f} 亿 = {item.weight_yuan / 1e8:,.2f} 亿 × {item.unsure:.2f}"
        st.markdown(
            f"**{n + 1}. {dc.escape_text(item.name)}**{park} · {field}：**{dc.escape_text(_value_text(item))}**"
            f" <small>（{cost}）</small>",
            unsafe_allow_html=True,
        )
        st.markdown(
            " ".join(
                f'<span style="background:#fde2e2;border-radius:4px;padding:1px 6px;margin-right:4px;'
                f'font-size:0.85em">{dc.escape_text(r.label)}</span>'
                for r in item.reasons
            ),
            unsafe_allow_html=True,
        )
        sentence = item.sentence or ""
        where = " · ".join(dc.escape_text(x) for x in (item.title or "无标题", item.date or "日期不详") if x)
        st.markdown(
            f'<div style="border-left:3px solid #ffe08a;padding-left:10px;margin:4px 0">'
            f"{dc.highlight(sentence, 0, len(sentence), item.spans)}<br><small>{where}</small></div>",
            unsafe_allow_html=True,
        )
        key = f"rv_{item.project_id}_{item.field}"
        bar = st.container(horizontal=True, gap="small")
        if bar.button("确认", key=f"{key}_ok", type="primary", help="这个值是对的：记为已核对"):
            _act(path, verdict("confirm", item))
        with bar.popover("改", help="填入正确的值（金额如 12亿、1.5亿美元；阶段如 开工）"):
            text = st.text_input("新的值", key=f"{key}_text", placeholder="如 12亿 或 开工")
            if st.button("保存", key=f"{key}_save", disabled=not text.strip()):
                _act(path, verdict("set", item, text=text))
        if bar.button("不是项目", key=f"{key}_no", help="这条记录不是一个项目：不计入合计"):
            _act(path, verdict("exclude", item))
        with bar.popover("合并到…", help="它和另一个项目是同一个项目"):
            others = [pid for pid in names if pid != item.project_id]
            target = st.selectbox(
                "并入项目",
                others,
                index=None,
                key=f"{key}_target",
                placeholder="选择项目（可输入名称搜索）",
                format_func=lambda pid: f"{names.get(pid, pid)}（{pid}）",
            )
            if st.button("合并", key=f"{key}_merge", disabled=target is None):
                _act(path, verdict("merge", item, target=target or ""))
        if len(item.names) > 1:
            with bar.popover("拆分", help="用这些名称的提及是另一个项目"):
                chosen = st.multiselect("分出去的名称", list(item.names), key=f"{key}_names", placeholder="选择名称")
                if st.button("拆分", key=f"{key}_split", disabled=not chosen or len(chosen) == len(item.names)):
                    _act(path, verdict("split", item, names=chosen))
        if item.url and item.url.startswith(("http://", "https://")):
            bar.link_button("原文", item.url)
        bar.link_button("项目页", f"?project={item.project_id}")


# ---------------------------------------------------------------------------------------------------
# 动态


def changes_page(path: str, version: str, df: pd.DataFrame | None = None) -> None:
    """What changed since a date (`since=` in the URL), for the projects the filters keep."""
    default = load_default_since(path, version)
    wanted = st.query_params.get("since") or default
    try:
        start = date.fromisoformat(changes.parse_since(wanted))
    except ValueError:
        st.caption(f"链接中的日期 {dc.escape_text(wanted)} 看不懂，改用 {default}。")
        start = date.fromisoformat(default)
    if "changes_since" not in st.session_state:
        st.session_state["changes_since"] = start
    picked = st.date_input("自此日期以来", key="changes_since", format="YYYY-MM-DD")
    since = str(picked or start)
    if since != default or "since" in st.query_params:
        if st.query_params.get("since") != since:
            st.query_params["since"] = since
    st.caption(
        "按文章日期计（没有日期的文章按读入日期）；更正按记录时间。默认：今天之前最后一次读入的日期。"
        "命令行：python -m pipeline changes --since " + since
    )
    found = _in(load_changes(path, version, since), _ids(df))
    if not found:
        st.info(f"{since} 以来没有变化。")
        return
    counts = " · ".join(f"{label} {n}" for k, label in changes.KINDS.items() if (n := sum(c.kind == k for c in found)))
    st.markdown(f"**{len(found)} 条**：{counts}")
    for kind, label in changes.KINDS.items():
        group = [c for c in found if c.kind == kind]
        if not group:
            continue
        st.subheader(f"{label}（{len(group)}）")
        for c in group[:200]:
            link = f"[{dc.escape_text(c.name or c.project_id or '')}](?project={c.project_id})" if c.project_id else ""
            detail = c.detail.removeprefix(c.name or "").removeprefix("：").removeprefix(" · ")
            when = c.date[:10] + changes.DATED_NOTE.get(c.dated_by, "")
            st.markdown(f"{when} · {link} — {dc.escape_text(detail)}")
            quotes = []
            if c.old_sentence:
                quotes.append(f"<small>原：{dc.escape_text(c.old_sentence)}</small>")
            if c.sentence:
                lead = "新：" if c.old_sentence else ""
                quotes.append(f"<small>{lead}{dc.escape_text(c.sentence)}</small>")
            if quotes:
                st.markdown(
                    '<div style="border-left:3px solid #ddd;padding-left:10px;margin:0 0 8px 0">'
                    + "<br>".join(quotes)
                    + "</div>",
                    unsafe_allow_html=True,
                )
