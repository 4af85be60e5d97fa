"""Date each article, in the order DESIGN.md gives: the record's date, a date printed at the top of
the text (masthead, `2020年04月13日20:58 来源`), a dateline (`本报济宁8月6日讯`) with the year the issue
or the text speaks of, the page address, the file name, `--date`, and last the year the text itself
reports on. The origin is kept beside the date so a reader can judge it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as Date
from datetime import timedelta
from functools import cache, lru_cache

from .textnorm import fold

# (No digit before the date: looked back at after its first characters, so that the pattern opens with
# them and sre skips to where they stand; a lookbehind first is tried at every position.)
YMD = re.compile(r"((?:19|20)(?<!\d..)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?:日|号)?(?!\d)")
DMY = re.compile(r"(\d(?<!\d\d)\d?)\.(\d{1,2})\.((?:19|20)\d{2})(?!\d)")  # 16.05.2016
# `本报济宁8月6日讯`, `新华社北京3月2日电`: only the month and day matter (what leads them is left to
# the byline pattern of split.py; matching it here would only slow the search)
DATELINE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:电|讯)")
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-]?(\d{2})[/_-]?(\d{2})(?!\d)")
URL_YM_D = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})/(\d{2})(?!\d)")
# Page addresses that carry the date in other shapes: `t20190314_123.html` (tYYYYMMDD, government sites),
# `/20/0225/09/…` (/YY/MMDD/, portals' mobile pages), `/201308/2832288.html` (a month folder, month only).
URL_T_DATE = re.compile(r"(?<![0-9A-Za-z])t((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
URL_YY_MMDD = re.compile(r"/(\d{2})/(\d{2})(\d{2})/")
URL_YM = re.compile(r"/((?:19|20)\d{2})(\d{2})/")
# Folders one part each: `/art/2024/9/10/art_1.html` (government sites: a day), `/html/2024/12/3714.shtml`
# (a month), `/Article/2012/103838.html` (a year folder only: a year, never a day read out of the page's
# number).
URL_Y_M_D = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
URL_Y_M = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(?!\d{1,2}/)")
URL_Y = re.compile(r"/((?:19|20)\d{2})/")
RECORD_YM = re.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*月?")
RECORD_Y = re.compile(r"((?:19|20)\d{2})\s*年?")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# Words before a year that make it a plan or a horizon, not the year being reported on.
PLAN_BEFORE = re.compile(r"(计划|预计|力争|争取|将于|将在|将|到|确保|目标|到了)\s*(在|于)?\s*$")
# A range's far end is a horizon when a plan follows it (`(2018-2025年)规划`), else a reported year.
RANGE_BEFORE = re.compile(r"(?:-|—|~|至)\s*$")
HORIZON_AFTER = re.compile(r"^\)?\s*(?:的)?(?:规划|计划|目标|行动|发展规划)")
HEADER_CHARS = 400
# An event named with its year (`在2017中国企业500强高峰论坛上`): a year the text reports, though no 年
# follows it. Not an amount (`2018亿元的…大会`), not an event still to come (`将举办2019…博览会`).
EVENT_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?=[^\d\s年亿万千百元米个吨人家项亩台辆件户名位次届条套座平余多,，。;；、:：!?！？]"
    r"[^\s,，。;；、!?！？]{0,13}?(?:论坛|峰会|博览会|展览会|交易会|洽谈会|大会|年会|推介会|招商会|发布会|节))"
)
EVENT_TO_COME = re.compile(r"(?:将|拟|即将|筹备|迎接|备战)[^,，。;；]{0,6}$")
# A month and day opening a paragraph near the top (`2月11日,…签订协议`): the day the news tells, so the
# article's month, though the text gives no year for it.
OPENING_MD = re.compile(r"(?:^|\n)[ \t\u3000]*(\d{1,2})月(\d{1,2})日")
# A past event at a month after the article's (`继2017年7月…落成后`, `自2018年7月…签订…后`, `2018年7月以来`
# in a January or February article) lies behind it: the article is of the next year at the earliest.
# A year's awards, rankings or taxes (`2016年度…表彰`, `荣获2023年度…奖`, `2016年…合计纳税90亿元`) are
# told once the year is over: the article is of the next year at the earliest. A year's key projects or
# funds (`2020年度重点项目`, `2021年度奖补资金`) and part of a year (`上半年`, `1-9月`) are not.
ANNUAL_SUMMARY = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年(?:度(?=[^,，。;；\n]{0,16}?(?:表彰|颁奖|奖(?![励补])|评选|评比|考核|先进|优秀|十佳|百强))"
    r"|度?(?=[^,，。;；\n月季半前]{0,12}?纳税\s*\d))"
)
YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月")
PAST_BEFORE = re.compile(r"(?:继|早在|已于|已在|曾于|已经于)\s*$")
SINCE_BEFORE = re.compile(r"自\s*$")  # `自…后`, `自…以来`; `自2019年1月1日起施行` is still to come
PAST_AFTER = re.compile(r"^[^,，。;；!?！？\n]{0,24}?(?:以来|之后|后)(?=[,，。;；]|$)")
SINCE_AFTER = re.compile(r"^[^,，。;；!?！？\n]{0,24}?以来")
DATE_COMPANIONS_AFTER = re.compile(
    r"[日号]?\s*(?:\d{1,2}:\d{2}|星期|周[一二三四五六日]|来源|发布|[|｜]|\s{2}|\S{0,6}(?:版|报|网|客户端))"
)
DATE_COMPANIONS_BEFORE = re.compile(
    r"(?:发布|日期|时间|发表|更新)\S{0,3}[:：]?\s*$"
)  # the top of a page, where publication dates are printed


# A publication date before the People's Republic's papers or after the ingest day (plus one, for time
# zones) is a typo or a scraper's placeholder (`9999-12-31`), never the article's date: it would date
# an article to the future and mark most projects stalled. Such a date is ignored and the article dated
# from its other sources.
EARLIEST = Date(1949, 1, 1)


def plausible_range(today: Date | None = None) -> tuple[str, str]:
    """The first and last ISO date an article may carry, for an ingest run on `today` (default: now)."""
    return _range_on(today or Date.today())


@lru_cache(maxsize=8)
def _range_on(today: Date) -> tuple[str, str]:
    """`plausible_range` of one day, worked out once: every date of every article is checked against it."""
    return EARLIEST.isoformat(), (today + timedelta(days=1)).isoformat()


def plausible(iso: str | None, today: Date | None = None) -> bool:
    """Whether a full or partial ISO date (`2024-07-29`, `2024`) lies in `plausible_range`.

    >>> plausible("2024-07-29", Date(2025, 1, 1)), plausible("2099-01-01", Date(2025, 1, 1))
    (True, False)
    """
    if not iso:
        return False
    low, high = plausible_range(today)
    return low[: len(iso)] <= iso <= high[: len(iso)]


ANY_YMD = re.compile(r"(?<!\d)\d{4,}\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}(?!\d)")


def implausible_record_date(value: str | None, today: Date | None = None) -> bool:
    """A record's `date` that reads as a date but is no plausible one (`9999-12-31`, `1900-01-01`).

    >>> [implausible_record_date(v) for v in ("2999-12-31", "1900-01", "2021-05-06", "2021", "昨天")]
    [True, True, False, False, False]
    """
    iso = normalise_date(value)
    if iso is not None:
        return not plausible(iso, today)
    return bool(value) and ANY_YMD.search(fold(str(value))) is not None


def cli_date(value: str, today: Date | None = None) -> str:
    """`--date` as an ISO date, or ValueError saying, in the user's words, what is wrong with it.

    >>> cli_date("2024-7-9", Date(2025, 1, 1))
    '2024-07-09'
    """
    iso = normalise_date(value) if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value or "") else None
    if iso is None:
        raise ValueError(f"--date {value!r} 不是日期：应写作 YYYY-MM-DD，例如 2024-07-29")
    if not plausible(iso, today):
        low, high = plausible_range(today)
        raise ValueError(f"--date {value!r} 不在 {low} 至 {high} 之间")
    return iso


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return Date(y, m, d).isoformat()
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """A record's date to ISO (`2024-07-29`), or None when it is not a date.

    >>> normalise_date("2024-7-29 10:00")
    '2024-07-29'
    >>> normalise_date("2024年02月26日")
    '2024-02-26'
    >>> normalise_date("yesterday") is None
    True

    A record dated to the month (`2018-05`, `2018年5月`) or the year (`2018`) keeps what it says: the
    record knows its own period better than a year guessed from the text.

    >>> normalise_date("2018-05"), normalise_date("2018年5月"), normalise_date("2018"), normalise_date("2018-13")
    ('2018-05', '2018-05', '2018', None)
    """
    if not value:
        return None
    text = fold(str(value)).strip()
    m = YMD.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := RECORD_YM.fullmatch(text):
        return f"{m.group(1)}-{int(m.group(2)):02d}" if 1 <= int(m.group(2)) <= 12 else None
    if m := RECORD_Y.fullmatch(text):
        return m.group(1)
    return None


def header_date(text: str) -> str | None:
    """A full date printed near the top (masthead, `发布日期`, `2017-04-22 10:30:33 来源`)."""
    head = fold(text[:HEADER_CHARS])
    for m in YMD.finditer(head):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso and _printed_as_date_line(head, m.start(), m.end()):
            return iso
    m = DMY.search(head)
    if m:
        return _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _printed_as_date_line(text: str, start: int, end: int) -> bool:
    """A publication date stands on a line of its own, or beside a time, `来源`, `发布`, a weekday; a date
    inside a sentence (`2020年11月26日,宝钢金属…`) is an event's date."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(line.strip()) <= (end - start) + 4:
        return True
    after, before = text[end : end + 8], text[max(line_start, start - 8) : start]
    return bool(DATE_COMPANIONS_AFTER.match(after) or DATE_COMPANIONS_BEFORE.search(before))


def reported_year(text: str) -> int | None:
    """The latest year the text reports on, leaving out years that are plans or horizons.

    >>> reported_year("项目一期2023年3月份动工。2024年重点项目。计划在2025年的3月31号竣工")
    2024
    >>> reported_year("在2019某某产业峰会上签约")
    2019
    """
    text = fold(text)
    years = []
    for m in YEAR.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        if PLAN_BEFORE.search(before):
            continue
        if RANGE_BEFORE.search(before) and HORIZON_AFTER.search(text[m.end() : m.end() + 8]):
            continue
        years.append(int(m.group(1)))
    for m in EVENT_YEAR.finditer(text):
        if not EVENT_TO_COME.search(text[max(0, m.start() - 10) : m.start()]):
            years.append(int(m.group(1)))
    return max(years) if years else None


def plan_years(text: str) -> list[int]:
    """Years the text plans for (`预计2018年10月底前开工`, `将于2018年上市`): the article is of such a
    year or before it."""
    text = fold(text)
    return [int(m.group(1)) for m in YEAR.finditer(text) if PLAN_BEFORE.search(text[max(0, m.start() - 6) : m.start()])]


def years_behind(text: str, month: int | None = None) -> list[int]:
    """The earliest years an article can be of, given what the text says is over: a year's awards or
    taxes (`2016年度…表彰`: 2017), and, with the article's month, a past event at a later month
    (`继2017年7月…落成后` in a February article: 2018)."""
    text = fold(text)
    years = [int(m.group(1)) + 1 for m in ANNUAL_SUMMARY.finditer(text)]
    if month is None:
        return years
    for m in YEAR_MONTH.finditer(text):
        if int(m.group(2)) <= month or int(m.group(2)) > 12:
            continue
        before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() : m.end() + 30]
        past = PAST_BEFORE.search(before) or SINCE_AFTER.match(after)
        if past or (SINCE_BEFORE.search(before) and PAST_AFTER.match(after)):
            years.append(int(m.group(1)) + 1)
    return years


def article_year(text: str, month: int | None = None) -> int | None:
    """The year an article is of, read from its text alone: the latest year it reports (`reported_year`),
    raised to the earliest year that leaves behind everything it says is over (`years_behind`), unless a
    plan it states would then be past (`预计2018年10月底前开工` bounds a February article to 2018). A raise
    the plans rule out is dropped, not forced: the text is at odds with itself and the reported year
    stands (a wrong year that looks right is worse than a plain one).

    >>> article_year("继2017年7月某项目落成后，一期预计2018年10月底前开工", month=2)
    2018
    >>> article_year("继2017年7月某项目落成后，一期预计2017年10月底前开工", month=2)
    2017
    """
    reported = reported_year(text)
    behind = years_behind(text, month)
    if not behind or (reported and max(behind) <= reported):
        return reported
    low = max(behind)
    plans = plan_years(text)
    if plans and low > min(plans):
        return reported
    return low


def opening_month(text: str) -> int | None:
    """The month of a date opening a paragraph near the top (`2月11日,…`), when it is a month."""
    m = OPENING_MD.search(fold(text[:HEADER_CHARS]))
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31 else None


def dateline(text: str) -> tuple[int, int] | None:
    """Month and day of a dateline such as `本报济宁8月6日讯`."""
    m = DATELINE.search(fold(text[:HEADER_CHARS]))
    return (int(m.group(1)), int(m.group(2))) if m else None


def url_date(url: str | None) -> str | None:
    """The date a page address carries, full or to the month.

    >>> url_date("https://m.example.cn/20/0225/09/FCF3171F.html")
    '2020-02-25'
    >>> url_date("http://www.example.gov.cn/xwdt/t20190314_123456.html")
    '2019-03-14'
    >>> url_date("https://example.net/jining/jinxiang/201308/2832288.html")
    '2013-08'
    >>> url_date("http://example.com/news/show.php?itemid=19025") is None
    True

    A folder named for a year alone gives the year, never a day out of the page's number:

    >>> url_date("http://www.example.cn/Article/2012/103838.html")
    '2012'
    """
    if not url:
        return None
    for pattern in (URL_YM_D, URL_T_DATE, URL_DATE):
        for m in pattern.finditer(url):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    for m in URL_YY_MMDD.finditer(url):
        if iso := _iso(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3))):
            return iso
    for m in URL_Y_M_D.finditer(url):
        if iso := _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            return iso
    for pattern in (URL_YM, URL_Y_M):
        for m in pattern.finditer(url):
            if 1 <= int(m.group(2)) <= 12:
                return f"{m.group(1)}-{int(m.group(2)):02d}"
    for m in URL_Y.finditer(url):
        return m.group(1)
    return None


def resolve_date(
    text: str,
    *,
    record_date: str | None = None,
    header: str = "",
    issue_date: str | None = None,
    url: str | None = None,
    filename: str | None = None,
    default: str | None = None,
) -> tuple[str | None, str | None]:
    """The article's date and where it came from (`record`, `masthead`, `dateline`, ...). A date
    outside `plausible_range` (of today) is passed over, whichever source gives it."""
    today = Date.today()

    def ok(iso: str | None) -> str | None:
        return iso if plausible(iso, today) else None

    if iso := ok(normalise_date(record_date)):
        return iso, "record"
    if iso := ok(issue_date):
        return iso, "masthead"
    if iso := ok(header_date(header + "\n" + text)):
        return iso, "masthead"
    md = dateline(text)
    # read the text once, and only if needed; the article's month (its dateline's, else a date opening
    # the text) tells which events the text reports are already over
    year = cache(lambda: article_year(header + "\n" + text, md[0] if md else opening_month(text)))
    cli = ok(normalise_date(default))
    address = ok(url_date(url))
    # a folder dated before a year the text reports is no date (`/contents/1997/`); the year the text
    # reports, not one inferred beyond it: the page's own address outweighs an inference
    if address and len(address) < 10 and (y := reported_year(header + "\n" + text)) and int(address[:4]) < y:
        address = None
    if md:
        # a year folder is the page's own year, sooner than one the text speaks of
        y = (int(address) if address and len(address) == 4 else None) or year() or (int(cli[:4]) if cli else None)
        if y and (iso := ok(_iso(y, *md))):
            return iso, "dateline"
    if address:
        return address, "url"
    if iso := ok(url_date(filename)):
        return iso, "filename"
    if cli:
        return cli, "cli"
    if (y := year()) and ok(str(y)):
        return str(y), "text"
    return None, None


def issue_date(text: str) -> str | None:
    """One date for a whole issue: its masthead, else a dateline with the year the issue reports on."""
    if iso := header_date(text):
        return iso
    year = reported_year(text)
    if not year:
        return None
    counts = Counter((int(m.group(1)), int(m.group(2))) for m in DATELINE.finditer(fold(text)))
    if counts:
        (month, day), _ = counts.most_common(1)[0]
        return _iso(year, month, day)
    return None
