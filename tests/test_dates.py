"""Dating articles: the sources DESIGN.md lists, in its order, on phrases of the kinds real pages print."""

from __future__ import annotations

import pytest

from pipeline.dates import issue_date, normalise_date, reported_year, resolve_date, url_date

RESOLVE_CASES = [
    # (text, keyword arguments, expected (date, origin))
    ("正文", {"record_date": "2024-07-29"}, ("2024-07-29", "record")),
    ("正文", {"record_date": "2024/7/9 10:00"}, ("2024-07-09", "record")),
    ("济宁高新新闻\n2022年3月25日\n星期五\n正文", {}, ("2022-03-25", "masthead")),
    ("标题\n2024年02月26日17:24  来源:某某新闻客户端\n正文", {}, ("2024-02-26", "masthead")),
    ("标题\n2017-04-22 10:30:33 来源:某某新闻网\n正文", {}, ("2017-04-22", "masthead")),
    ("开阳经开区一季度产值\n16.05.2016  05:33\n正文", {}, ("2016-05-16", "masthead")),
    ("本报济宁8月6日讯 2019年以来，某某区…", {}, ("2019-08-06", "dateline")),
    ("正文没有日期", {"url": "http://paper.example.cn/pc/content/202407/29/content_1.html"}, ("2024-07-29", "url")),
    ("正文没有日期", {"url": "https://example.cn/news/xq/2020/0414/3473.html"}, ("2020-04-14", "url")),
    ("正文没有日期", {"filename": "济宁日报_2021-05-06.txt"}, ("2021-05-06", "filename")),
    ("正文没有日期", {"default": "2023-01-01"}, ("2023-01-01", "cli")),
    ("该县2013年新落地的重大项目之一", {}, ("2013", "text")),
    ("项目于2012年2月开工建设，计划2013年建成", {}, ("2012", "text")),
    ("正文没有日期", {}, (None, None)),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), RESOLVE_CASES, ids=[str(i) for i in range(len(RESOLVE_CASES))])
def test_dates_resolve_in_design_order(text, kwargs, expected):
    assert resolve_date(text, **kwargs) == expected


def test_dates_issue_date_from_masthead_or_dateline():
    assert issue_date("主管：某某\n2022年3月25日\n星期五\n标题\n本报讯 正文") == "2022-03-25"
    assert issue_date("标题\n正文说2019年大干三季度。\n标题二\n本报济宁8月6日讯 正文") == "2019-08-06"
    assert issue_date("没有日期的一期报纸") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024年山东省重点项目。项目计划在2025年的3月31号竣工", 2024),
        ("截止2010年10月，落实合同项目38个", 2010),
        ("2016年至2018年，分别完成生产总值", 2018),
        ("力争到2030年建成", None),
    ],
)
def test_dates_reported_year_leaves_out_plans(text, year):
    assert reported_year(text) == year


def test_dates_normalise_rejects_non_dates():
    assert normalise_date("2024-02-30") is None
    assert normalise_date("") is None


# Page addresses whose folders carry the date one part each; a year folder alone gives a year, never a
# day read out of the page's number.
URL_FOLDER_CASES = [
    ("http://www.example.cn/Article/2015/88231.html", "2015"),
    ("http://www.example.cn/news/2016/xw_0915/88.html", "2016"),
    ("http://www.example.gov.cn/art/2021/3/7/art_1_2.html", "2021-03-07"),
    ("http://m.example.cn/html/2019/11/50231.shtml", "2019-11"),
]


@pytest.mark.parametrize(("url", "expected"), URL_FOLDER_CASES)
def test_dates_url_folders(url, expected):
    assert url_date(url) == expected


URL_YEAR_CASES = [
    ("正文只说昨日签约", {"url": "http://www.example.cn/Article/2015/88231.html"}, ("2015", "url")),
    # the year folder gives the dateline its year, before a year the text speaks of
    (
        "新华社某地3月2日电 2013年以来，某区…",
        {"url": "http://www.example.cn/Article/2015/88.html"},
        ("2015-03-02", "dateline"),
    ),
    # a folder dated before a year the text reports is a category, not the page's date
    ("该区2021年新开工项目", {"url": "http://www.example.cn/contents/1997/136.html"}, ("2021", "text")),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), URL_YEAR_CASES)
def test_dates_url_year_folder(text, kwargs, expected):
    assert resolve_date(text, **kwargs) == expected


# An event named with its year, no 年 after it, is a year the text reports; an amount or an event still
# to come is not.
EVENT_YEAR_CASES = [
    ("9月3日上午，在2019某某产业峰会上，签约项目12个", 2019),
    ("出席2021世界某某大会的嘉宾参观了园区", 2021),
    ("签约金额达2018亿元的招商大会", None),
    ("明年将举办2026某某博览会", None),
]


@pytest.mark.parametrize(("text", "year"), EVENT_YEAR_CASES)
def test_dates_event_named_with_its_year(text, year):
    assert reported_year(text) == year


# A past event at a month after the article's (its dateline's, else a date opening the text) puts the
# article in the next year at the earliest; a plan bounds it from above, and a raise the plans rule out
# is dropped (the reported year stands).
PAST_EVENT_CASES = [
    ("3月9日，某区与某公司签约。继2020年8月某基地投产后，再次扩产", {}, ("2021", "text")),
    ("某某社某地1月5日电 自2015年9月双方签署备忘录后，项目落地", {}, ("2016-01-05", "dateline")),
    ("本报某地2月6日讯 2018年9月以来，园区签约项目30个", {}, ("2019-02-06", "dateline")),
    ("2月3日，签约。继2020年8月某厂投产后，一期预计2021年底前开工", {}, ("2021", "text")),
    # the plan would be past: the text is at odds with itself, the reported year stands
    ("2月3日，签约。继2020年8月某厂投产后，一期预计2020年底前开工", {}, ("2020", "text")),
    # the event's month is not after the article's
    ("11月3日，签约。继2020年8月某厂投产后，再次扩产", {}, ("2020", "text")),
    # `自…起施行` is still to come
    ("某某社某地1月5日电 自2015年3月起施行新办法", {}, ("2015-01-05", "dateline")),
    # no month for the article: nothing to compare the event with
    ("继2020年8月某厂投产后，再次扩产", {}, ("2020", "text")),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), PAST_EVENT_CASES)
def test_dates_past_event_after_the_articles_month(text, kwargs, expected):
    assert resolve_date(text, **kwargs) == expected


# A year's awards, rankings or taxes are reported once the year is over: the next year at the earliest.
# A year's list of key projects or its funds are not such a summary, nor half a year's figures.
ANNUAL_CASES = [
    ("某某社某地3月8日电 当日举行2019年度优秀企业表彰大会", {}, ("2020-03-08", "dateline")),
    ("该项目荣获2018年度某某省工程建设某某杯奖", {}, ("2019", "text")),
    ("2017年全区百强企业合计纳税20.5亿元", {}, ("2018", "text")),
    ("2020年度重点项目名单公布，共50个", {}, ("2020", "text")),
    ("申报2021年度省级奖补资金", {}, ("2021", "text")),
    ("2019年上半年纳税5亿元", {}, ("2019", "text")),
    # a plan of that very year rules the raise out
    ("2019年度先进企业受表彰，二期计划2019年底前投产", {}, ("2019", "text")),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), ANNUAL_CASES)
def test_dates_annual_summary_is_of_the_next_year(text, kwargs, expected):
    assert resolve_date(text, **kwargs) == expected


def test_dates_year_folder_outweighs_a_year_inferred_beyond_the_text():
    # the text reports 2015 and would raise it to 2016 (a September event before a January dateline);
    # the page's own year folder says 2015 and stands
    text = "某某社某地1月5日电 自2015年9月双方签署备忘录后，项目落地"
    assert resolve_date(text, url="http://www.example.cn/Article/2015/88.html") == ("2015-01-05", "dateline")
