"""Mentions to projects, across articles and years, and the project record built from them.

A project is reported many times under slightly different names. Resolution:
1. normalise each mention's name (`names.core_name`: no phase, no `项目` suffix, no region prefix;
   traditional folded to simplified) and its company (no legal suffix, no region or country prefix);
2. block: only mentions that share a company, a normalised name, or a distinctive name token are
   compared;
3. decide on evidence a reader can check — same company, the same product words, no conflicting
   place, no conflicting investment, not years apart for a weak match — and never put two mentions of
   one article into one project (the extractor already kept them apart);
4. apply the user's corrections (`<db>.corrections.jsonl`, see corrections.py), then build each project's record.

Project ids are a hash of the project's first-seen mention (earliest article date, then source, then
position): its name key and its article. They do not depend on ingest order or on re-runs, adding later
articles keeps them, and two projects of the same name get two ids.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz

from . import corrections as corrections_mod
from . import places as places_mod
from . import wordbook
from .lexicon import COMPANY_SUFFIXES, NOT_BRAND, STAGE_ORDER
from .model import Mention
from .names import _jieba_words, company_key, core_name, is_place_word
from .parks import ZONE_SUFFIXES, canonical_park, gazetteer_path, load_gazetteer
from .store import chunks, get_meta
from .textnorm import fold

CACHE = 1 << 17  # distinct names the resolution caches keep: those of a 100,000-article run
STALL_YEARS = 2  # no event for this long while the archive kept reporting on its place: stalled (inferred)
STALLED = "停滞（推断）"
WEAK_MATCH_YEARS = (
    2  # a match on company alone must be this close in time (`海富电子项目` 2019 ≠ `海富智能光学产业园项目` 2022)
)
AMOUNT_CONFLICT = 3.0  # two stated investments further apart than this factor are two projects
NAME_MATCH = 90  # rapidfuzz ratio of two normalised names without a shared company
TOKEN_MATCH = 60  # token-set ratio of product words when the company is shared
DUPLICATE_MATCH = 95  # two records whose names are this close but could not be joined: one is a duplicate
PROVINCES = frozenset(
    "山东 安徽 江苏 广东 浙江 福建 湖南 湖北 四川 河南 河北 山西 陕西 辽宁 吉林 黑龙江 江西 云南 贵州 甘肃 "
    "青海 海南 台湾 内蒙古 广西 西藏 宁夏 新疆 北京 上海 天津 重庆 香港 澳门 "
    "长三角 珠三角 京津冀 中国 全国 国际 全球".split()
)
# Words of a name that say what kind of facility it is, not which one: left out when product words
# are compared (`小松全球智能制造产业基地` and `小松智能制造产业园` share all their product words: none).
FACILITY_WORDS = frozenset(
    "项目 工程 建设 基地 生产基地 制造基地 产业基地 产业园 园区 工业园 科技园 产业城 科技城 中心 总部 工厂 车间 生产线 "
    "生产 制造 智能 智能化 智慧 全球 国际 产业 一期 二期 三期 四期 首期 新建 扩建 改扩建 技改 年产 万吨 万套 万台 "
    "亿元 有限公司 公司 集团 高端 新型 现代 综合 配套 续建 一体化 深加工".split()
)
# What resolution reads of a mention: not its sentence or raw texts, which at 100,000 articles would
# be most of the memory (a figure's sentence is filled in by the database, store.write_projects).
RESOLVE_COLUMNS = (
    "mention_id article_id name company park park_origin investment_yuan investment_currency "
    "investment_qualifier output_yuan jobs status is_plan phase start province city county adcode "
    "project_id blocks cluster_id component"  # the last resolution's state, for an incremental one
).split()
# Bump when resolution decides differently: the next run then resolves everything again.
RESOLVE_VERSION = "2026-12-03b"
TRUSTED_PARK = ("name", "sentence")  # a park the mention's own words name, not the article's
PLACE_IN_PARENS = re.compile(r"\(([\u4e00-\u9fff]{2,4})\)")
BRACKETS = re.compile(r"[()（）]")


@dataclass
class Item:
    """One mention as resolution sees it."""

    mention_id: str
    article_id: str
    name: str
    key: str  # normalised name
    company: str  # normalised company, "" when unknown
    places: frozenset[str]
    products: frozenset[str]
    investment: int | None
    year: int | None
    order: tuple  # first-seen order: (date, source, position, start)
    row: Mapping = field(repr=False, default_factory=dict)  # its Row
    blocks: tuple[str, ...] = ()  # see blocks_for
    # where the mention is, from the location columns (None when the text does not say)
    city: str | None = None
    county: str | None = None
    provinces: frozenset[str] = frozenset()  # the province its location columns or its name give
    # its county or city from any origin (the article's region too): a conflict there leaves only the
    # strong evidence of one name (see same_project)
    region: tuple[str | None, str | None] = (None, None)
    # the phase it names (`一期`), "" for the whole project: the figures of two phases, or of a phase and
    # the whole, are no conflict (GUIDE: phases are one project)
    phase: str = ""


BYLINE = re.compile(r"^[(（]([\u4e00-\u9fff]{2,4})[)）]")


@lru_cache(maxsize=CACHE)
def name_key(name: str) -> str:
    """A name's comparable core; a leading parenthesis that is no place (`(周燕玲)…`, a byline glued on)
    is no part of it."""
    m = BYLINE.match(fold(name))
    if m and not (is_place_word(m.group(1)) or m.group(1) in load_gazetteer().names):
        name = name[m.end() :]
    return fold(core_name(name))


def project_id(key: str) -> str:
    return "p" + hashlib.sha1(key.encode()).hexdigest()[:11]


@lru_cache(maxsize=CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba_words(text) if w.strip())


@lru_cache(maxsize=CACHE)
def _places_of(name: str, park_name: str | None) -> frozenset[str]:
    found: set[str] = set()
    park = fold(canonical_park(park_name) or "") if park_name else ""
    for suffix in ZONE_SUFFIXES:
        if park.endswith(suffix) and len(park) > len(suffix) + 1:
            found.add(park[:2])
            break
    name = fold(name)
    gaz = load_gazetteer()
    # `格力电器(临沂)…` says where; `(周燕玲)…`, a byline glued on, does not
    found.update(w for w in PLACE_IN_PARENS.findall(name) if is_place_word(w) or w in gaz.names)
    m = re.match(r"([\u4e00-\u9fff]{2})(?:省|市|县|区|高新区|经开区|开发区)", name)
    if m:
        found.add(m.group(1))
    for alias, canonical in gaz.names.items():
        if alias in name:
            found.add(canonical[:2])
    return frozenset(p for p in found if p not in PROVINCES)


PROVINCE_NAMES = frozenset(
    "山东 安徽 江苏 广东 浙江 福建 湖南 湖北 四川 河南 河北 山西 陕西 辽宁 吉林 黑龙江 江西 云南 贵州 甘肃 "
    "青海 海南 台湾 内蒙古 广西 西藏 宁夏 新疆 北京 上海 天津 重庆".split()
)


@lru_cache(maxsize=CACHE)
def _provinces_of(name: str) -> frozenset[str]:
    """The provinces a name states (`山東時代…基地`, `宁德时代贵州…基地`): two bases of one company in two
    provinces are two projects. Compared only with another province, never with a city."""
    folded = fold(name)  # once, not once a province
    return frozenset(p[:2] for p in PROVINCE_NAMES if p in folded)


@lru_cache(maxsize=CACHE)
def _products(key: str, company: str) -> frozenset[str]:
    """The words of a name that say what the project makes: not its company's, facility or place words.
    When the company as written is the whole name (`协鑫热熔胶`), its brand is the company and the rest
    the product: `协鑫热熔胶` and `协鑫集成再生晶圆` are two projects of one company. A single character left
    of the company past its brand (`科达利` → `科达`, `利`) is a piece of its name, no product: `湖北科达利项目`
    names the company alone."""
    words = _product_words(key.replace(company, "") if company else key)
    if not words and company and (brand := _brand(company)) and brand != company:
        words = {w for w in _product_words(key.replace(brand, "", 1)) if len(w) >= 2}
    return frozenset(w for w in words if len(w) >= 2 or not words - {w})


# Product words that name one product in other words: compared as the last (`…新能源乘用车项目` and
# `…新能源汽车项目` make the same cars; a passenger car is the car a car plant makes).
SAME_PRODUCT = {"乘用车": "汽车", "整车": "汽车", "轿车": "汽车"}


def _product_words(rest: str) -> set[str]:
    return {
        SAME_PRODUCT.get(w, w)
        for w in _tokens(rest)
        if w not in FACILITY_WORDS and not re.fullmatch(r"[\d.]+", w) and not is_place_word(w)  # `济宁` says where
    }


def _order(row: Mapping) -> tuple:
    """First-seen order: article date, source, position in the source, offset in the article."""
    return (row["date"] or "9999", row["source"] or "", row["position"] or 0, row["start"] or 0)


def _first_seen(row: Mapping) -> tuple:
    """First-seen order with the mention id last, so no two mentions tie."""
    return (_order(row), row["mention_id"])


@lru_cache(maxsize=CACHE)
def _features(
    name: str, company: str | None, park: str | None, park_origin: str | None
) -> tuple[str, str, frozenset[str], frozenset[str], tuple[str, ...]]:
    """What resolution compares of a mention's words: its name key, company key, places, product words
    and blocks (each cached by the words it comes from, and the five together by the mention's words:
    one look-up, not five, when `_item` finds what `prepare` worked out during the map)."""
    key, company_k = name_key(name), company_key(company)
    places = _places_of(name, park if park_origin in TRUSTED_PARK else None)
    return key, company_k, places, _products(key, company_k), blocks_for(key, company_k)


def _item(row: Mapping) -> Item:
    key, company, places, products, blocks = _features(row["name"], row["company"], row["park"], row["park_origin"])
    date = row["date"]
    year = int(date[:4]) if date and date[:4].isdigit() else None
    # A place vetoes a match only when the mention's own words placed it (its park named in its name or
    # sentence): a place that came from the article's region is the paper's, not always the project's
    # (a list of projects under one ceremony's zone, a city paper's report of a project elsewhere).
    own = row.get("park_origin") in TRUSTED_PARK
    city, county = (row.get("city") or None, row.get("county") or None) if own else (None, None)
    # a paper reports on its own province: trusted from any origin, the article's when the mention has none
    province = (row.get("province") or row.get("article_province") or "")[:2]
    return Item(
        mention_id=row["mention_id"],
        article_id=row["article_id"],
        name=row["name"],
        key=key,
        company=company,
        places=places,
        products=products,
        investment=row["investment_yuan"],
        year=year,
        order=_order(row),
        row=row,
        blocks=blocks + refined_blocks(blocks, _refinement(county or city, places, company, year)),
        city=city,
        county=county,
        provinces=frozenset({province}) if province else _provinces_of(row["name"]),
        region=(row.get("county") or None, row.get("city") or None),
        phase=row.get("phase") or "",
    )


def prepare(mentions: Iterable[Mention]) -> None:
    """Work out what resolution needs of each mention's words ahead of time: the ingest calls this while
    its workers map the next files, so `resolve` at the end finds it done (in the caches)."""
    for m in mentions:
        key, company, *_ = _features(m.name, m.company, m.park, m.park_origin)
        _provinces_of(m.name)
        _name_region(m.name)
        _brand(company)
        for park in (m.park, m.name, key):  # the record's park, and the parks its names may be (_park_names)
            canonical_park(park)


BRAND_TAGS = frozenset({None, "nr", "nz", "nt", "nrt", "x"})  # a word no dictionary knows, or a proper noun


@lru_cache(maxsize=CACHE)
def _brand(company: str) -> str:
    """A company key's leading brand (`比亚迪新能源` → `比亚迪`): its first word when that is a proper noun
    or no dictionary word, not a common noun (`新能源科技`, `石油化工` have none)."""
    words = _tokens(company)
    if len(words) < 2 or len(words[0]) < 2 or is_place_word(words[0]):
        return ""
    return words[0] if wordbook.tags().get(words[0]) in BRAND_TAGS else ""


COUNTRY_IN_PARENS = re.compile(r"[(（][\u4e00-\u9fff]{2,3}[)）]")  # `三星(中国)半导体`: the unit's country


@lru_cache(maxsize=CACHE)
def _company_brand(company: str) -> str:
    """A company key's brand: its leading proper noun (see _brand), else what is left once a unit's
    country in parentheses and its company endings (`电子`, `重工`, `半导体`, lexicon.COMPANY_SUFFIXES)
    are taken off: `三星电子` (one dictionary word) and `三星(中国)半导体` are two units of one brand, as
    `比亚迪汽车` and `比亚迪新能源` are. None when what is left is a place, a sector word (`中国电子`,
    `智能科技`) or under two characters, or when nothing was taken off (`华新水泥` is no brand `华新`)."""
    brand = _brand(company)
    if brand:
        return brand
    stem = COUNTRY_IN_PARENS.sub("", company)
    while True:
        ending = next((e for e in COMPANY_SUFFIXES if stem.endswith(e) and len(stem) - len(e) >= 2), None)
        if ending is None:
            break
        stem = stem[: -len(ending)]
    if stem == company or is_place_word(stem) or stem in NOT_BRAND or stem in FACILITY_WORDS:
        return ""
    return stem


@lru_cache(maxsize=CACHE)
def _compatible_company(a: str, b: str) -> bool:
    """One company, written short or long (`宝镁`, `安徽宝镁`) or as two units of one brand (`比亚迪汽车`,
    `比亚迪新能源`; `星海电子`, `星海(中国)半导体`): their products then tell two projects apart."""
    if not (a and b):
        return False
    if a in b or b in a:
        return True
    brand = _company_brand(a)
    return bool(brand) and brand == _company_brand(b)


def same_in_article(a: Item, b: Item) -> bool:
    """Whether two mentions of one article name one project the extractor kept apart: in two sentences
    (one sentence that names both sets them apart), with one name holding the other or nearly the same
    (`…产业园项目` in the heading, `…产业园` in the body; a traditional and a simplified form), and
    nothing that tells two projects apart. Company alone is not enough: one article often reports two
    projects of one company."""
    if a.order[3] == b.order[3]:
        return False
    if not same_project(a, b):
        return _one_priced_project(a, b)
    short, long_ = sorted((a.key, b.key), key=len)
    if len(short) >= 4 and short in long_:
        return True
    return _near_names(a.key, b.key) or _one_product_of_one_company(a, b)


def _one_product_of_one_company(a: Item, b: Item) -> bool:
    """Two names of one article that give one company, each its own way (`三星电子…`, `三星(中国)半导体…`,
    its brand written in both), and the same words once the company, facility and phase words are left
    out (`…存储芯片项目`, `…存储芯片二期项目`): the phases or units of one project (GUIDE: one entry). Two
    products (`…电池项目`, `…电机项目`) or two places named in them (`…济南电池…`, `…青岛电池…`) stay apart."""
    read_a, read_b = _read_company(a, b), _read_company(b, a)
    if not (read_a and read_b and _compatible_company(read_a, read_b)):
        return False
    brand_a, brand_b = _company_brand(read_a) or read_a, _company_brand(read_b) or read_b
    if not (brand_a in a.key and brand_b in b.key):
        return False
    ra = _residue(a.key, (read_a, _unbracketed(read_a), brand_a), read_a)
    return len(ra) >= 2 and ra == _residue(b.key, (read_b, _unbracketed(read_b), brand_b), read_b)


def _unbracketed(company: str) -> str:
    """A company as a name key writes it: its unit's country without the parentheses (`三星中国半导体`)."""
    return BRACKETS.sub("", company)


def _bare_company(it: Item) -> bool:
    """A mention named by its company alone (`沃特瑪項目`, company `沃特玛`)."""
    return len(it.key) >= 2 and it.key == it.company and not is_place_word(it.key)


def _holds_company(holder: Item, bare: Item) -> bool:
    """Whether a mention of the article names the bare mention's company in a longer name, and nothing
    places the two apart (`標志著蘇仙沃特瑪新能源汽車產業創新聯盟產業園` holds `沃特玛`)."""
    if holder.key == bare.key or bare.key not in holder.key:
        return False
    if (holder.county and bare.county and holder.county != bare.county) or (
        holder.city and bare.city and holder.city != bare.city
    ):
        return False
    return not (holder.investment and bare.investment and holder.investment != bare.investment)


HEADLINE_CHARS = 80  # a mention starting this close to the article's start stands in its headline
ARTICLE_PARTNERS = 200  # an article's mentions are all compared with each other up to this many


def _one_priced_project(a: Item, b: Item) -> bool:
    """A headline and a body that name one project in other words (`格力国际智能制造基地 总投资超80亿` over
    `格力电器(临沂)智能制造生产基地项目`…80亿): the earlier in the article's opening sentence, the other in a
    later one, the same
    stated investment, the same leading word (the brand, however the dictionary tags it), and nothing
    placing them apart. Two projects of one company priced alike are named side by side in the body, not
    once in a headline."""
    if not (a.investment and a.investment == b.investment):
        return False
    if min(a.order[3], b.order[3]) >= HEADLINE_CHARS:  # the earlier one opens the article (its sentences differ)
        return False
    if (a.county and b.county and a.county != b.county) or (a.city and b.city and a.city != b.city):
        return False
    if a.places and b.places and not a.places & b.places:
        return False
    short, long_ = sorted((_lead(a.key), _lead(b.key)), key=len)  # `格力` and `格力电器`
    return len(short) >= 2 and long_.startswith(short) and not is_place_word(short)


def _lead(key: str) -> str:
    words = _tokens(key)
    return words[0] if words else ""


@lru_cache(maxsize=CACHE)
def _near_names(a: str, b: str) -> bool:
    """Two normalised names of one project written a little differently (`华为济宁云计算中心`,
    `华为济宁云计算数据中心`): nearly the same characters, and the same opening, where the brand stands,
    unless one name holds the other. `洲新体外诊断试剂扩建` and `新通体外诊断试剂扩建` are as near by
    characters, but their brands differ: two companies' projects."""
    if min(len(a), len(b)) < 5 or fuzz.ratio(a, b) < NAME_MATCH:
        return False
    return a[:2] == b[:2] or a in b or b in a


def _share_product(a: Iterable[str], b: Iterable[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def same_project(a: Item, b: Item) -> bool:
    """Whether two mentions from different articles name one project, on checkable evidence."""
    if (a.county and b.county and a.county != b.county) or (a.city and b.city and a.city != b.city):
        return False  # two counties or cities: two projects, whatever their names share
    if a.provinces and b.provinces and not a.provinces & b.provinces:
        return False
    if a.places and b.places and not a.places & b.places:
        return False  # `格力…(临沂)…基地` is not `格力…宁乡基地`
    low, high = a.investment, b.investment
    if low and high and a.phase == b.phase:  # a phase's figure is part of the whole's
        if low > high:
            low, high = high, low
        if high > AMOUNT_CONFLICT * low:
            return False
    read_a, read_b = _read_company(a, b), _read_company(b, a)
    if read_a and read_b and not _compatible_company(read_a, read_b):
        return False
    if _other_brand(a, b) or _other_brand(b, a):
        return False
    if a.key == b.key and len(a.key) >= 3:
        return True
    if _regions_differ(a, b):  # placed apart by their articles only: one name is needed, nothing weaker
        return _near_names(a.key, b.key)
    company_a = read_a or _named_company(a, b)
    company_b = read_b or _named_company(b, a)
    if _compatible_company(company_a, company_b):
        if _near_names(a.key, b.key):
            return True  # `华为济宁云计算中心` and `华为济宁云计算数据中心`
        # a word of the other's company is no product (`宁德时代贵州基地` of company `宁德`: 时代 is the company's)
        # a company read anew (see _read_company) leaves other product words
        products_a = a.products if read_a == a.company else _products(a.key, read_a)
        products_b = b.products if read_b == b.company else _products(b.key, read_b)
        pa = {w for w in products_a if w not in company_b}
        pb = {w for w in products_b if w not in company_a}
        if pa and pb:  # one product word may hold the other (`动力电池`, `电池`)
            return _share_product(pa, pb) and (
                fuzz.token_set_ratio(" ".join(sorted(pa)), " ".join(sorted(pb))) >= TOKEN_MATCH
                or fuzz.partial_ratio("".join(sorted(pa)), "".join(sorted(pb))) >= NAME_MATCH
            )
        if not pa and not pb:
            return True  # `小松项目`, `小松全球智能制造产业基地`: nothing but the company tells them apart
        # one says what it makes, the other names only the company: the same project only close in time
        # (`海富电子项目` in 2019 is not `海富智能光学产业园项目` in 2022)
        # and an undated one only where both are placed in one county or city: an undated workshop of a
        # company is not its unplaced science park (`辰欣药业膏剂车间`, `辰欣科技园项目`)
        if a.year is None or b.year is None:
            return _same_place(a, b) or _placed_alike(a, b)
        return abs(a.year - b.year) <= WEAK_MATCH_YEARS
    if _near_names(a.key, b.key):
        return True
    if _same_words(a, b, company_a or company_b):
        return True
    # in one county (or city), a name that holds another's whole name, product words and all, names it
    # (`宁德时代贵州新能源动力及储能电池生产制造基地` and `贵州新能源动力及储能电池生产制造基地`)
    short, long_ = sorted((a, b), key=lambda it: len(it.key))
    return _same_place(a, b) and len(short.key) >= 6 and bool(short.products) and short.key in long_.key


def _same_words(a: Item, b: Item, company: str) -> bool:
    """Two names that differ only in facility words, phase or script (`…精密轴承产业园`, `…精密轴承基地项目
    一期`, `…新能源乘用车` and `…新能源汽车`), with at most one company between them: the same words once
    facility words are left out, every other character kept (a brand of single characters, `金和`, is
    no dictionary word but tells two projects apart), and something that tells the project apart. With
    a company, its brand written in both names; without, a brand (a word no dictionary knows) in both,
    or one place both are known to be in. Sector words alone (`新能源汽车产业园` of two cities) are not
    enough, nor a brand alone (a company's park and its base)."""
    if company:
        brand = _company_brand(company) or company
        if brand not in a.key or brand not in b.key:
            return False
        drop = (company, brand)
    else:
        drop = ()
    ra, rb = _residue(a.key, drop, company), _residue(b.key, drop, company)
    if ra != rb or len(ra) < 4:
        return False
    if company:
        return True
    proper = _proper_words(a.key) & _proper_words(b.key)
    return bool(proper) and ra not in proper or _same_place(a, b)


@lru_cache(maxsize=CACHE)
def _residue(key: str, drop: tuple[str, ...], company: str) -> str:
    """A name's words without its facility words and numbers, the company (and brand, `drop`) and the
    company's own words (`新能源` of `远航新能源科技`), as one string."""
    for d in drop:
        key = key.replace(d, "", 1)
    return "".join(
        SAME_PRODUCT.get(w, w)
        for w in _tokens(key)
        if w not in FACILITY_WORDS and not re.fullmatch(r"[\d.]+", w) and not (len(w) >= 2 and w in company)
    )


@lru_cache(maxsize=CACHE)
def _proper_words(key: str) -> frozenset[str]:
    """The words of a name no dictionary knows or that are proper nouns, places aside: brands."""
    tags = wordbook.tags()
    return frozenset(w for w in _tokens(key) if len(w) >= 2 and tags.get(w) in BRAND_TAGS and not is_place_word(w))


def _read_company(it: Item, other: Item) -> str:
    """The item's company as its name writes it: the other's, when its name opens with the other's
    company and the company the extractor gave it starts inside that one (`中联化学盐化工项目` given
    `化学盐化工`, beside `中联化学`: the extractor cut the brand off); else its own."""
    if not (it.company and other.company) or len(other.company) < 3 or it.company in other.company:
        return it.company
    start = it.key.find(it.company)
    if it.key.startswith(other.company) and 0 < start < len(other.company) and not is_place_word(other.company):
        return other.company
    return it.company


def _other_brand(it: Item, other: Item) -> bool:
    """Whether the item's company, short, is another company than the other's longer one that holds it:
    its own name writes another brand before it (`兴安五轴数控机床…` of company `五轴`, beside `阳安五轴`:
    the extractor cut `兴安` off, as it cut `阳安` off nowhere). A place or a facility word before it
    (`山东宝镁…`) is no brand."""
    short, long_ = it.company, other.company
    if not short or not long_ or short == long_ or short not in long_:
        return False
    head = long_[: long_.find(short)]
    at = it.key.find(short)
    if not head or at < 1:
        return False
    before = it.key[max(0, at - 2) : at]
    if re.search(r"[\d.]", before) or is_place_word(before) or before in FACILITY_WORDS:
        return False
    return not head.endswith(before)


def _miscut(a: Item, b: Item) -> bool:
    """Whether one of the two had its company cut off its brand by the extractor (see _read_company)."""
    return _read_company(a, b) != a.company or _read_company(b, a) != b.company


def _named_company(a: Item, b: Item) -> str:
    """The other's company, when a mention with none names it all the same: its name is the other's with
    the company left out (`湛江一体化基地`, `巴斯夫湛江一体化基地`), or a local unit's name, a place then the
    company's leading word (`山东时代储能…基地` of `时代新能源`), or the word after the place the company's
    name opens with (`宁德时代新能源`: a local arm swaps the parent's place for its own, `山东时代`). Only
    between mentions not placed apart (same_project checks the places first)."""
    if a.company or not b.company:
        return ""
    rest = b.key.replace(b.company, "", 1)
    if len(a.key) >= 5 and rest != b.key and rest == a.key:
        return b.company
    lead = _lead(a.key)
    local = fold(a.name).find(a.key) > 0  # a place before the key, left out of it (`山东…`)
    if local and len(lead) >= 2 and not is_place_word(lead) and lead not in FACILITY_WORDS:
        if lead in (_lead(b.company), _after_place(b.company)):
            return b.company
    # both placed in one city by their own words, a name opening with the other's company brand
    # (`小米智能制造产业基地` in 北京's zone, `小米汽车` there): that company's
    if (
        len(lead) >= 2
        and lead == _lead(b.company)
        and lead not in NOT_BRAND
        and lead not in FACILITY_WORDS
        and _same_place(a, b)
    ):
        return b.company
    return ""


@lru_cache(maxsize=CACHE)
def _after_place(company: str) -> str:
    """The word after the place a company's name opens with (`宁德时代新能源` → `时代`), else "": a place the
    dictionary tags so, or a division's name (`宁德` is a city, the dictionary does not know it as one)."""
    words = _tokens(company)
    if len(words) < 3:
        return ""
    first = words[0]
    division = any(
        h.start == 0 and h.end == len(first) and any(not d.weak for d in h.divisions) for h in places_mod.scan(first)
    )
    return words[1] if is_place_word(first) or division else ""


def _regions_differ(a: Item, b: Item) -> bool:
    """Two counties, or two cities, from any origin (the article's region too); a place the mention's
    own name states outweighs the one its park or article gave (`济南比亚迪…产业园` placed by a misread park
    in 济宁 is in 济南). Only between two mentions that both state their (compatible) company: a name without
    one that would borrow the other's (see _named_company) needs its region to agree as well."""
    if a.company and b.company:
        (ca, ta), (cb, tb) = _stated_region(a), _stated_region(b)
    else:
        (ca, ta), (cb, tb) = a.region, b.region
    return bool((ca and cb and ca != cb) or (ta and tb and ta != tb))


def _stated_region(it: Item) -> tuple[str | None, str | None]:
    """The item's (county, city): the one place its name states when that differs from its region. A
    place inside the company's own name (`宁德时代…`: the city the firm is from) says who, not where:
    the name is read without it."""
    return _region_stated(it.name, it.company, it.region)


@lru_cache(maxsize=CACHE)
def _region_stated(name: str, company: str, region: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """`_stated_region` by the words it reads: an item is compared with many others, its words once."""
    stated = _own_region(name, company)
    if stated is None or stated[1] == region[1] and (stated[0] is None or stated[0] == region[0]):
        return region
    return stated


def _own_region(name: str, company: str) -> tuple[str | None, str | None] | None:
    """The (county, city) a project's name states, read without its company's own name (`宁德时代…`:
    the city the firm is from says who, not where)."""
    name = fold(name)
    return _name_region(name.replace(company, "", 1) if len(company) >= 3 else name)


@lru_cache(maxsize=CACHE)
def _name_region(name: str) -> tuple[str | None, str | None] | None:
    """The (county, city) a name states: exactly one city or county named in it, that names one division
    only (`中山` is a city and a district: none; `青岛啤酒济南…` names two: none)."""
    found: list[places_mod.Division] = []
    divisions = places_mod.tables().divisions
    for hit in places_mod.scan(fold(name)):
        local = [d for d in hit.divisions if d.level >= 2]
        if not local:
            continue  # a province
        if len(local) > 1 or found:
            return None
        found.append(local[0])
    if not found:
        return None
    d = found[0]
    if d.level == 2:
        return None, d.name
    city = divisions.get(d.city)
    return d.name, city.name if city else None


def _placed_alike(a: Item, b: Item) -> bool:
    """Both placed in one city by their own words: the park the mention names, else the one city its
    name states (`济南比亚迪…产业园`); the article's region alone places no mention."""
    city_a = a.city or (_own_region(a.name, a.company) or (None, None))[1]
    city_b = b.city or (_own_region(b.name, b.company) or (None, None))[1]
    return bool(city_a) and city_a == city_b


def _same_place(a: Item, b: Item) -> bool:
    """Both in one known county, or in one known city where a county is not known for both."""
    if a.county and b.county:
        return a.county == b.county
    return bool(a.city) and a.city == b.city


class _UnionFind:
    """Disjoint sets of item indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        self.parent[self.find(j)] = self.find(i)
        return True


JOINED, REFUSED, VETOED = 0, 1, 2  # what _Clusters.join did
MAX_KEPT = 12  # distinct companies and product words a cluster remembers for its veto (more would only cost time)


class _Clusters(_UnionFind):
    """Union-find that refuses to join two clusters holding mentions of one article (the extractor kept
    them apart), and vetoes joining two clusters in different counties or cities or of incompatible
    companies. The veto is checked against every member, not only the pair that matched: a vague
    mention (`新材料项目`, company `新材料`) matches many, and must not chain two companies' projects,
    or two cities' bases of one company, into one."""

    def __init__(self, items: list[Item]) -> None:
        super().__init__(len(items))
        self.items = items
        self.facets: dict[int, tuple[set[str], ...]] = {}  # root → its members' articles, places, companies

    def _facets(self, root: int) -> tuple[set[str], ...]:
        """(articles, counties, cities, provinces, companies, products) of a cluster, made on first use."""
        f = self.facets.get(root)
        if f is None:
            it = self.items[root]
            f = self.facets[root] = (
                {it.article_id},
                {it.county} - {None},
                {it.city} - {None},
                set(it.provinces),
                {it.company} - {""},
                set(it.products),
            )
        return f

    def join(self, i: int, j: int, article: str | None = None, named: bool = False) -> int:
        """Join the clusters of i and j unless refused or vetoed; `article`: the one article they may
        share (i and j are two mentions of it that name one project); `named`: one's name holds the
        other's company, which outweighs the company the extractor gave it."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return JOINED
        fi, fj = self._facets(ri), self._facets(rj)
        if fi[0] & fj[0] - {article}:
            return REFUSED
        for k in (1, 2, 3):  # counties, cities, provinces
            if fi[k] and fj[k] and not fi[k] & fj[k]:
                return VETOED  # `…(临沂)基地` is not `…宁乡基地`, whatever their names share
        if not named and not all(_compatible_company(a, b) for a in fi[4] for b in fj[4]):
            return VETOED
        pi = {w for w in fi[5] if not any(w in c for c in fj[4])}
        pj = {w for w in fj[5] if not any(w in c for c in fi[4])}
        if pi and pj and not _share_product(pi, pj):
            return VETOED  # one company's 热熔胶 and its 晶圆: two projects, even when a bare `协鑫项目` matches both
        if len(fi[0]) < len(fj[0]):
            ri, rj, fi, fj = rj, ri, fj, fi
        self.parent[rj] = ri
        del self.facets[rj]
        for k in (0, 1, 2, 3):
            fi[k].update(fj[k])
        for k in (4, 5):
            if len(fi[k]) < MAX_KEPT:
                fi[k].update(fj[k])
        return JOINED


MAX_BLOCK = 200  # a block this large is crowded: compared by cluster (names, companies) or split (words)
ALL, REPS, SKIP = "all", "reps", ""  # how a block is compared: every pair, one member per cluster, not at all


@lru_cache(maxsize=CACHE)
def blocks_for(key: str, company: str) -> tuple[str, ...]:
    """The blocks a mention is compared within: its normalised name, its company's first characters,
    and each distinctive word of its name."""
    keys = ["k:" + key]
    if company:
        keys += ["c:" + company[:2], f"c:{company[:2]}@{company}"]  # the second: when the first is crowded
    keys += ["w:" + w for w in _tokens(key) if len(w) >= 2 and w not in FACILITY_WORDS]
    return tuple(dict.fromkeys(keys))


def _refinement(place: str | None, places: frozenset[str], company: str, year: int | None) -> str:
    """What splits a crowded word block: the mention's county or city, else a place its name or park
    gives, else its company's first characters, else its year."""
    if place:
        return "l:" + place
    if places:
        return "l:" + min(places)
    if company:
        return "c:" + company[:2]
    return f"y:{year}" if year else "-"


@lru_cache(maxsize=CACHE)
def refined_blocks(blocks: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """Each word block again, split by place or year (`w:材料@y:2019`): used only when the word's own block
    is crowded, so a common word still joins names of one place or year instead of being dropped."""
    return tuple(f"{b}@{tag}" for b in blocks if b.startswith("w:"))


def block_mode(block: str, sizes: Mapping[str, int]) -> str:
    """How a block is compared, from the sizes of the blocks in the whole database (so a run over part of
    it decides as a run over all of it). A name block is never dropped: crowded, each mention is compared
    with one member of each project already in it (the 300th report of a flagship project costs one
    comparison). A crowded company-prefix block gives way to its companies' own blocks, compared the same
    way. A crowded word block gives way to its parts by place (or company, or year); a part still crowded
    (block_limit) is dropped: a word shared by that many names of one place tells nothing."""
    n = sizes.get(block, 0)
    if n < 2:
        return SKIP
    parent, sep, _ = block.partition("@")
    if block.startswith("k:"):
        return ALL if n <= MAX_BLOCK else REPS
    if not sep:
        return ALL if n <= MAX_BLOCK else SKIP
    if sizes.get(parent, 0) <= MAX_BLOCK:
        return SKIP  # the whole block is compared
    if block.startswith("c:"):  # one company of a crowded prefix (`河南…`): never dropped
        return ALL if n <= MAX_BLOCK else REPS
    return ALL if n <= block_limit(block) else SKIP


def block_limit(block: str) -> int:
    """The size above which a block is crowded: a word's part of one place or company is held to a
    quarter of a whole block (comparing 200 names of one year pairwise would cost more than all the rest)."""
    return MAX_BLOCK // 4 if "@" in block else MAX_BLOCK


@dataclass
class Clustering:
    """Mentions grouped into projects (before corrections), with what an incremental run needs later."""

    groups: list[list[Mapping]]  # mention rows
    # pairs of mentions (by id) that name one project by name but could not be joined because their
    # projects share an article: one of the two records is then a duplicate
    refused: list[tuple[str, str]]
    # mention id → its component: the mentions linked to it by any match, joined or refused. Clusters
    # never cross components, so new mentions change only the components they match into.
    components: dict[str, str]


def _join_same_names(
    items: list[Item],
    sizes: Mapping[str, int],
    uf: _Clusters,
    linked: _UnionFind,
    refused: list[tuple[str, str]],
    modes: dict[str, str],
) -> None:
    """Join mentions of one normalised name across articles before any weaker match: the strongest
    evidence goes first. Otherwise a weaker match made earlier in first-seen order (`吉利新能源汽车项目`
    of one article joined to `吉利…长兴工厂项目` of another) takes the other article's place, and the same
    name in that article (`吉利…長興工廠項目`) is refused, one project split in two. Compared as the name
    block is in `cluster` (every earlier mention, or one per project when crowded), items in first-seen
    order, so the result stays a function of each component's own mentions. `modes`: each block's
    block_mode, filled as blocks are met (cluster reads it after)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, it in enumerate(items):
        block = "k:" + it.key
        if len(it.key) >= 3 and block in it.blocks:
            mode = modes.get(block)
            if mode is None:
                mode = modes[block] = block_mode(block, sizes)
            if mode:
                by_key[block].append(j)
    find = uf.find
    for block, js in by_key.items():
        crowded = modes[block] is REPS
        earlier: list[int] = []
        for j in js:
            b = items[j]
            article = b.article_id
            if crowded:
                live: dict[int, int] = {}
                for i in earlier:
                    live.setdefault(find(i), i)
                earlier = list(live.values())
            root = find(j)  # looked up again only after a join (nothing else moves it)
            for i in earlier:  # never appended to while this loop runs
                a = items[i]
                if a.article_id == article or find(i) == root or not same_project(a, b):
                    continue
                linked.union(i, j)
                if uf.join(i, j) == REFUSED:
                    refused.append((a.mention_id, b.mention_id))
                root = find(j)
            if not crowded or all(find(i) != root for i in earlier):
                earlier.append(j)


def cluster(items: list[Item], sizes: Mapping[str, int] | None = None) -> Clustering:
    """Group mentions into projects; the result does not depend on the order of `items`, and the
    clustering of a component depends only on its own mentions (and the database's block sizes), so an
    incremental run that re-clusters some components gets what a full run gets.

    Each mention, in first-seen order, is compared with the earlier ones it shares a block with (see
    block_mode), never with its own article's."""
    items = sorted(items, key=lambda it: (it.order, it.mention_id))
    if sizes is None:
        sizes = Counter(b for it in items for b in it.blocks)
    uf = _Clusters(items)
    linked = _UnionFind(len(items))  # the components: every match joins, none is refused
    refused: list[tuple[str, str]] = []
    find = uf.find
    modes: dict[str, str] = {}
    members: dict[str, list[int]] = defaultdict(list)  # ALL blocks: the earlier mentions
    reps: dict[str, list[int]] = defaultdict(list)  # REPS blocks: the first mention of each cluster in it
    by_article: dict[str, list[int]] = defaultdict(list)  # an article's earlier mentions, whatever their blocks
    in_article: dict[str, list[int]] = defaultdict(list)  # an article's mentions, all of them
    for j, it in enumerate(items):
        in_article[it.article_id].append(j)
    _join_same_names(items, sizes, uf, linked, refused, modes)
    for j, b in enumerate(items):
        partners: set[int] = set()
        same_article = by_article[b.article_id]
        if len(same_article) <= ARTICLE_PARTNERS:  # a headline and its body may share no block
            partners.update(same_article)
        same_article.append(j)
        crowded: list[str] = []
        for key in b.blocks:
            mode = modes.get(key)
            if mode is None:
                mode = modes[key] = block_mode(key, sizes)
            if mode is ALL:
                partners.update(members[key])
                members[key].append(j)
            elif mode is REPS:
                live: dict[int, int] = {}
                for i in reps[key]:
                    live.setdefault(find(i), i)
                reps[key] = list(live.values())
                partners.update(reps[key])
                crowded.append(key)
        article = b.article_id
        root = find(j)  # looked up again only after a join (nothing else moves it)
        parent = uf.parent
        for i in sorted(partners):
            up = parent[i]  # a root, or a member one step below its root: no call (most partners)
            if (up if parent[up] == up else find(i)) == root:
                continue
            a = items[i]
            if a.article_id == article:
                if same_in_article(a, b):  # heading and body, or two scripts, of one project
                    linked.union(i, j)
                    uf.join(i, j, article)
                    root = find(j)
                elif _bare_company(a) != _bare_company(b):
                    # `沃特瑪項目` after `…沃特瑪新能源汽車…產業園項目`: the article's one project of that company,
                    # when just one of its names holds the company (two: which one is not known). Every
                    # holder is linked, so the mentions this counts share a component (incremental = full).
                    bare, holder = (a, b) if _bare_company(a) else (b, a)
                    if _holds_company(holder, bare):
                        linked.union(i, j)
                        held = {items[k].key for k in in_article[article] if _holds_company(items[k], bare)}
                        if len(held) == 1:
                            uf.join(i, j, article, named=True)
                            root = find(j)
                continue
            if not same_project(a, b):
                continue
            linked.union(i, j)
            joined = uf.join(i, j, named=_miscut(a, b))  # a company cut off its brand is the other's
            root = find(j)
            if joined == REFUSED and (a.key == b.key or fuzz.ratio(a.key, b.key) >= DUPLICATE_MATCH):
                refused.append((a.mention_id, b.mention_id))
        for key in crowded:
            if all(find(i) != root for i in reps[key]):
                reps[key].append(j)
    groups: dict[int, list[dict]] = defaultdict(list)
    component_ids: dict[int, list[str]] = defaultdict(list)
    for i, it in enumerate(items):
        groups[uf.find(i)].append(it.row)
        component_ids[linked.find(i)].append(it.mention_id)
    components = {mid: min(ids) for ids in component_ids.values() for mid in ids}
    return Clustering(
        list(groups.values()), list(dict.fromkeys(refused)), components
    )  # a pair refused in both passes, once


def _years_between(older: str, newer: str) -> float:
    def as_date(s: str) -> date:
        parts = [int(p) for p in s.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    return (as_date(newer) - as_date(older)).days / 365.25


def health(n_sources: int, record: dict) -> float:
    """How far a reader can lean on a record: independent sources (up to 3) and complete fields."""
    fields = ("company", "park", "investment_yuan", "status")
    complete = sum(record.get(f) is not None for f in fields) / len(fields)
    return round(0.5 * min(n_sources, 3) / 3 + 0.5 * complete, 2)


QUALIFIER_RANK = {"exact": 2, "about": 2, "range": 1, "at_most": 1, "over": 0, "at_least": 0, "under": 0}


def _latest(rows: list[Mapping], field_name: str) -> Mapping | None:
    """The figure a record takes: for the whole project (not a phase), stated as a number rather than
    a bound (`约106亿元` over `过百亿元`), the latest such."""
    stated = [r for r in rows if r.get(field_name) is not None]
    if not stated:
        return None

    def rank(r: dict) -> tuple:
        qualifier = r.get("investment_qualifier") if field_name == "investment_yuan" else None
        return (not r.get("phase"), QUALIFIER_RANK.get(qualifier or "exact", 1), r.get("date") or "", r["mention_id"])

    return max(stated, key=rank)


@dataclass
class Resolution:
    """What one resolution run decided, for store.write_projects to write in one transaction."""

    assignments: dict[str, str]  # mention id → project id
    projects: list[dict]
    timeline: list[tuple]  # rows of store.TIMELINE_COLUMNS
    figures: list[tuple]  # rows of store.FIGURE_COLUMNS (the sentence is filled in by the database)
    # mention id → (blocks, cluster id, component) of every mention whose state this run (re)computed
    state: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)
    inputs: str = ""  # digest of what besides the mentions decided it (see inputs_digest)
    incremental: bool = False  # only new mentions and the components they joined were clustered
    n_mentions: int = 0  # in the database (`assignments` may hold only those whose project was decided now)
    corrections: list[dict] = field(default_factory=list)  # each correction's fate (corrections.apply)


def inputs_digest(corrections_file: Path | None = None) -> str:
    """The corrections, the parks gazetteer and this code's version: when one changes, every mention is
    resolved again."""
    h = hashlib.sha256(RESOLVE_VERSION.encode())
    for p in (corrections_file or corrections_mod.path(), gazetteer_path()):
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()


LIGHT_COLUMNS = "mention_id, article_id, project_id, blocks, cluster_id, component"


class Row(sqlite3.Row):
    """A mention row read by column name, like a dict (`row["name"]`, `row.get("park")`), at a tenth of a
    dict's memory: a 100,000-article database has 150,000 of them."""

    __slots__ = ()

    def get(self, key: str, default: object = None) -> object:
        try:
            return self[key]
        except IndexError:
            return default


def _select(db: sqlite_utils.Database, sql: str, params: Iterable = ()) -> list[Row]:
    cursor = db.conn.cursor()
    cursor.row_factory = Row
    return cursor.execute(sql, tuple(params)).fetchall()


# The one province an article's located mentions give (none when they give two): a paper reports on its
# own province, so a mention it leaves unplaced is of that province too (`沃特玛项目` in a 临汾 article is
# not the `沃特瑪項目` of a 郴州 one).
ARTICLE_PROVINCE = (
    "select case when count(distinct o.province) = 1 then max(o.province) end from mentions o "
    "where o.article_id = m.article_id and o.province is not null and o.province != ''"
)


def _rows(db: sqlite_utils.Database, ids: list[str] | None = None) -> list[Row]:
    """Mention rows as resolution reads them (with their article's date, source and position): all of
    them, or those with these ids."""
    sql = (
        f"select {', '.join('m.' + c for c in RESOLVE_COLUMNS)}, a.date, a.source, a.position, "
        f"({ARTICLE_PROVINCE}) as article_province "
        "from mentions m join articles a using (article_id)"
    )
    if ids is None:
        return _select(db, sql + " order by m.mention_id")
    out: list[Row] = []
    for chunk in chunks(ids):
        out += _select(db, sql + f" where m.mention_id in ({','.join('?' * len(chunk))})", chunk)
    return out


@dataclass
class _Plan:
    """How this run clusters: everything, or new mentions with the components they match into."""

    clustering: Clustering
    blocks: dict[str, tuple[str, ...]]  # of the mentions clustered in this run
    incremental: bool
    recomputed: int  # how many groups at the end of `clustering.groups` were clustered in this run


def _cluster_all(rows: list[Mapping]) -> _Plan:
    items = [_item(r) for r in rows]
    clustering = cluster(items)
    return _Plan(clustering, {it.mention_id: it.blocks for it in items}, False, len(clustering.groups))


# how many mentions there are, and how many the last resolution clustered (`r["cluster_id"]` is set)
STATE_COUNTS = "select count(*), coalesce(sum(cluster_id is not null and cluster_id != ''), 0) from mentions"


def _may_reuse(db: sqlite_utils.Database, n_mentions: int, n_old: int, inputs: str) -> bool:
    """Whether the last resolution still holds for the mentions it saw and new ones came (what lets
    `_cluster_rows` cluster only those), from two counts: `resolve` asks before it reads the light
    rows, `_cluster_rows` with their counts."""
    if not (0 < n_old < n_mentions):
        return False
    return get_meta(db, "resolved_inputs") == inputs and get_meta(db, "resolved_mentions") == str(n_old)


def _cluster_rows(db: sqlite_utils.Database, light: list[dict], inputs: str) -> _Plan:
    """Cluster every mention, or, when the last resolution still holds for the mentions it saw (same
    inputs, none of them gone), only the new mentions and the components they match into; the groups
    of the other components are kept as `light` rows. Either way the groups are the same; the second
    costs a fraction of the first on a large database."""
    old = [r for r in light if r["cluster_id"]]
    new_ids = [r["mention_id"] for r in light if not r["cluster_id"]]
    if not _may_reuse(db, len(light), len(old), inputs):
        return _cluster_all(_rows(db))
    sizes: Counter[str] = Counter(b for r in old for b in (r["blocks"] or "").split())
    new_items = [_item(r) for r in _rows(db, new_ids)]
    added: Counter[str] = Counter(b for it in new_items for b in it.blocks)
    before = {b: block_mode(b, sizes) for b in added}
    sizes.update(added)
    wanted = {b for b in added if block_mode(b, sizes)}
    # A block that became crowded is compared another way from now on (by cluster, by its parts, or not
    # at all): the projects with a mention in it are clustered again, as a full run would (a word's parts
    # are held by its members too). Projects elsewhere never compared a pair in it, so they keep.
    crossed = {b for b in added if block_mode(b, sizes) != before[b]}
    by_block: dict[str, list[Item]] = defaultdict(list)
    for it in new_items:
        for b in it.blocks:
            if b in wanted:
                by_block[b].append(it)
    shared = {r["mention_id"]: r for r in old if any(b in by_block for b in (r["blocks"] or "").split())}
    # the components new mentions match into, and those of a block that became crowded
    touched: set[str] = set()
    if crossed:
        touched = {r["component"] for r in old if crossed.intersection((r["blocks"] or "").split())}
    for row in _rows(db, sorted(shared)):
        component = shared[row["mention_id"]]["component"]
        if component in touched:
            continue
        theirs = _item(row)
        candidates = {id(it): it for b in theirs.blocks if b in by_block for it in by_block[b]}.values()
        if any(it.article_id != theirs.article_id and same_project(it, theirs) for it in candidates):
            touched.add(component)
    redo = new_items + [_item(r) for r in _rows(db, [r["mention_id"] for r in old if r["component"] in touched])]
    result = cluster(redo, sizes)
    kept: dict[str, list[dict]] = defaultdict(list)
    for r in old:
        if r["component"] not in touched:
            kept[r["cluster_id"]].append(r)
    redone = {it.mention_id for it in redo}
    refused = [(a, b) for a, b in _stored_refusals(db) if a not in redone and b not in redone]
    clustering = Clustering(list(kept.values()) + result.groups, refused + result.refused, result.components)
    return _Plan(clustering, {it.mention_id: it.blocks for it in redo}, True, len(result.groups))


def _stored_refusals(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return [tuple(r) for r in db.conn.execute("select a, b from refused")]


@dataclass
class Coverage:
    """When the archive reported on each place: the dates of the dated articles that name a project there,
    by place key (see place_key), and the newest article of all."""

    dates: dict[str, list[str]]
    newest: str | None


def place_key(county: str | None, park: str | None, city: str | None) -> str | None:
    """The place a project's silence is judged against: its county, else its zone, else its city."""
    if county:
        return "县区:" + county
    if park:
        return "园区:" + park
    return "城市:" + city if city else None


def coverage(db: sqlite_utils.Database) -> Coverage:
    """Read when each place was reported on: an article covers the county, zone and city of every
    project mention it holds."""
    by_place: dict[str, set[tuple[str, str]]] = defaultdict(set)
    parks: dict[str, str | None] = {}
    sql = (
        "select m.article_id, a.date, m.county, m.park, m.city from mentions m join articles a using (article_id) "
        "where a.date is not null"
    )
    for article_id, day, county, park, city in db.conn.execute(sql):
        if park and park not in parks:
            parks[park] = canonical_park(park)
        for key in (place_key(county, None, None), place_key(None, parks.get(park), None), place_key(None, None, city)):
            if key:
                by_place[key].add((day, article_id))
    newest = db.conn.execute("select max(date) from articles").fetchone()[0]
    return Coverage({k: sorted(d for d, _ in v) for k, v in by_place.items()}, newest)


STALL_MIN_ARTICLES = 3  # articles of the place after the last event, at the least, to call a silence a stall
STALL_MAX_GAP = 1.0  # years: a longer stretch without an article of the place is a gap in the archive


def stall(
    status: str | None, last_event: str | None, place: str | None, cover: Coverage
) -> tuple[str | None, str | None]:
    """停滞（推断） and why, or no marker and why not. A project not in production is inferred stalled only
    when the archive kept reporting on its place (county, zone, or city when that is all it has): at
    least STALL_MIN_ARTICLES dated articles of that place after its last event, no gap of more than
    STALL_MAX_GAP years between them, reaching STALL_YEARS past it; judged against that place's articles
    only (one province's new articles say nothing of another's projects). Otherwise a long silence is
    only "no news since", which is no stage."""
    if not last_event or status in ("投产", "达产") or not cover.newest:
        return None, None
    if _years_between(last_event, cover.newest) < STALL_YEARS:
        return None, None
    label = place.split(":", 1)[1] if place else None
    if not place:
        return None, f"{last_event} 后无新进展；项目所在地不明，不推断停滞"
    later = [d for d in cover.dates.get(place, []) if d > last_event]
    steps = [last_event, *later]
    gaps = [_years_between(a, b) for a, b in zip(steps, steps[1:], strict=False)]
    covered = len(later) >= STALL_MIN_ARTICLES and max(gaps, default=STALL_YEARS) <= STALL_MAX_GAP
    if covered and _years_between(last_event, later[-1]) >= STALL_YEARS:
        return STALLED, f"{label}在 {last_event} 后仍有 {len(later)} 篇报道（至 {later[-1]}），本项目无新进展"
    return None, f"{last_event} 后无新进展；{label}此后报道不足，不推断停滞"


def _stored_records(db: sqlite_utils.Database, cover: Coverage) -> dict[str, dict]:
    """The stored projects as records before the umbrella and duplicate flags (with no corrections, a
    record is in the totals until a flag takes it out), their stall markers reckoned again."""
    out = {}
    for r in db.query("select * from projects"):
        r["in_totals"], r["exclude_reason"] = 1, None
        place = place_key(r.get("county"), r.get("park"), r.get("city"))
        r["status_inferred"], r["stall_reason"] = stall(r["status"], r["last_event"], place, cover)
        out[r["project_id"]] = r
    return out


def resolve(db: sqlite_utils.Database, corrections_file: Path | None = None) -> Resolution:
    """Assign every mention a project; build the projects, their timelines and stated figures."""
    corrections_file = corrections_file or corrections_mod.for_db(db)  # the file beside this database
    inputs = inputs_digest(corrections_file)
    corrections = corrections_mod.load(corrections_file)
    corrections_mod.apply_dates(db.conn, corrections)  # articles' corrected dates, before they are read
    n_mentions, n_old = db.conn.execute(STATE_COUNTS).fetchone()
    # the light rows tell kept components from new mentions: read only when a run can be incremental
    light = (
        _select(db, f"select {LIGHT_COLUMNS} from mentions order by mention_id")
        if _may_reuse(db, n_mentions, n_old, inputs)
        else []
    )
    plan = _cluster_rows(db, light, inputs)
    del light  # kept groups hold the rows they need
    cover = coverage(db)
    groups = plan.clustering.groups
    # Records of kept groups are reused unless corrections (which may move mentions between groups) are
    # there; their stall markers are reckoned again from the archive's coverage.
    reuse = plan.incremental and not corrections
    kept_groups, new_groups = groups[: len(groups) - plan.recomputed], groups[len(groups) - plan.recomputed :]
    if plan.incremental and not reuse:  # kept groups were light rows: their records need whole ones
        whole = {r["mention_id"]: r for r in _rows(db)}
        kept_groups = [[whole[r["mention_id"]] for r in g] for g in kept_groups]
        for members in kept_groups:  # in first-seen order, as `cluster` gives them: records count ties in order
            members.sort(key=_first_seen)
    state = {}
    for members in new_groups:
        cid = min(m["mention_id"] for m in members)
        for m in members:
            mid = m["mention_id"]
            state[mid] = (" ".join(plan.blocks[mid]), cid, plan.clustering.components[mid])
    assignments: dict[str, str] = {}
    projects, timeline, figures = [], [], []
    status: list[dict] = []  # what became of each correction
    if reuse:
        stored = _stored_records(db, cover)
        for members in kept_groups:
            pid = members[0]["project_id"]
            assignments.update((m["mention_id"], pid) for m in members)
            projects.append(stored[pid])
        build = new_groups
        overrides: dict[str, dict] = {}
    else:
        build, overrides = corrections_mod.apply(corrections, kept_groups + new_groups, _group_id, status)
    for members in build:
        pid = _group_id(members)
        for m in members:
            assignments[m["mention_id"]] = pid
            if m["status"]:  # as store.TIMELINE_COLUMNS
                timeline.append((pid, m["date"], m["status"], m["is_plan"], m["mention_id"], m["article_id"]))
            for field_name, currency in (
                ("investment_yuan", m["investment_currency"]),
                ("output_yuan", "CNY"),
                ("jobs", None),
            ):
                if m[field_name] is not None:  # as store.FIGURE_COLUMNS
                    figures.append(
                        (pid, field_name, m[field_name], currency, m["date"], m["mention_id"], m["article_id"])
                    )
        record = _record(pid, members, cover)
        record["_names"] = [m["name"] for m in members]
        record.update(overrides.get(pid, {}))
        record["search_text"] = search_text(record, members)
        projects.append(record)
    _flag_umbrellas(projects)
    _flag_duplicates(projects, assignments, plan.clustering.refused)
    _flag_parts(projects, _part_links(db, assignments))
    _keep_user_totals(projects, overrides)
    return Resolution(
        assignments,
        projects,
        timeline,
        figures,
        state,
        plan.clustering.refused,
        inputs,
        plan.incremental,
        n_mentions=n_mentions,
        corrections=status,
    )


def search_text(record: dict, members: list[Mapping]) -> str:
    """What the dashboard's search looks in: the record's name, aliases, company and park and every name
    its mentions use, folded and lower-cased. Not the sentences: one sentence lists several projects."""
    parts = [record["name"], *json.loads(record["aliases"] or "[]"), record["company"], record["park"]]
    parts += sorted({m["name"] for m in members})
    return fold(" ".join(dict.fromkeys(p for p in parts if p))).lower()


def _park_names(names: Iterable[str]) -> set[str | None]:
    """The parks a project's names may be (`中韩高端装备合作产业园项目` is the park of that name): for the
    umbrella flag."""
    return {p for n in set(names) for p in (canonical_park(n), canonical_park(name_key(n)))}


def _group_id(members: list[Mapping]) -> str:
    first = min(members, key=_first_seen)
    # the first mention's article makes the id unique: two projects may share a name
    return project_id(f"{name_key(first['name'])}|{first['article_id']}")


def _flag_umbrellas(projects: list[dict]) -> None:
    """A project that other projects with stated investments sit in (`中韩高端装备合作产业园`, 75亿元, with
    its projects' own figures) is an umbrella: its figure would count theirs twice, so it is left out
    of sums. Without priced projects inside, its own figure is the only one and stays."""
    priced_children: Counter[str] = Counter()
    for p in projects:
        if p["park"] and p["investment_yuan"]:
            priced_children[canonical_park(p["park"])] += 1
    for p in projects:
        # a record built in this run carries its mentions' names; a stored one has them as name and aliases
        names = p.pop("_names", None)
        if not (p["in_totals"] and p["investment_yuan"]):
            continue
        if names is None:
            names = [p["name"], *json.loads(p["aliases"] or "[]")]
        own_park = canonical_park(p["park"]) if p["park"] else None
        children = sum(priced_children.get(n, 0) - (n == own_park) for n in _park_names(names) if n)
        if children > 0:
            p["in_totals"], p["exclude_reason"] = 0, "园区整体（其中项目另计）"


def _keep_user_totals(projects: list[dict], overrides: Mapping[str, dict]) -> None:
    """A person's `set ID in_totals 1` (or `exclude`) has the last word over the umbrella, duplicate and
    part flags: the flags are the pipeline's guesses, and a correction is never dropped silently."""
    for p in projects:
        chosen = overrides.get(p["project_id"], {})
        if "in_totals" in chosen:
            p["in_totals"] = chosen["in_totals"]
            p["exclude_reason"] = chosen.get("exclude_reason") if not chosen["in_totals"] else None


def _part_links(db: sqlite_utils.Database, assignments: Mapping[str, str]) -> dict[str, str]:
    """Part project → whole project, from mentions an article states as a part of another (`其中…`,
    extract.part_of names the whole as that article writes it). Read from every stored mention on each
    run, so the links follow the projects whatever was regrouped."""
    links: dict[str, str] = {}
    pairs = db.conn.execute(
        """select p.mention_id, w.mention_id from mentions p
           join mentions w on w.article_id = p.article_id and w.name = p.part_of
           where p.part_of is not null and w.mention_id != p.mention_id"""
    )
    for part, whole in pairs:
        pp, wp = assignments.get(part), assignments.get(whole)
        if pp and wp and pp != wp:
            links.setdefault(pp, wp)
    return links


def _flag_parts(projects: list[dict], links: Mapping[str, str]) -> None:
    """A part is linked to its whole (`part_of`) and, when the whole's own figure is in the totals, left
    out of sums: the whole's figure already holds it (counted once). A whole without a figure leaves
    the part's figure in."""
    by_id = {p["project_id"]: p for p in projects}
    for p in projects:
        whole = by_id.get(links.get(p["project_id"], ""))
        p["part_of"] = whole["project_id"] if whole else None
        if whole and p["in_totals"] and whole["in_totals"] and whole["investment_yuan"]:
            p["in_totals"], p["exclude_reason"] = 0, f"其中部分（已计入 {whole['name']}）"


def _flag_duplicates(projects: list[dict], assignments: dict[str, str], refused: list[tuple[str, str]]) -> None:
    """Of two records that name one project but could not be joined, the one with fewer mentions (then
    the later one) is left out of sums, pointing at the other."""
    by_id = {p["project_id"]: p for p in projects}
    for a, b in refused:
        pa, pb = by_id.get(assignments.get(a, "")), by_id.get(assignments.get(b, ""))
        if not pa or not pb or pa is pb:
            continue
        keep, drop = sorted((pa, pb), key=lambda p: (-p["n_mentions"], p["first_seen"] or "9999", p["project_id"]))
        if drop["in_totals"]:
            drop["in_totals"], drop["exclude_reason"] = (
                0,
                f"可能重复：与 {keep['project_id']}（{keep['name']}）同一项目",
            )


LEVELS = ("province", "city", "county")
CODE_DIGITS = {"province": 2, "city": 4, "county": 6}  # of a six-digit code `370811`: 37 省, 3708 市, 370811 县


def location(members: list[Mapping]) -> dict[str, str | None]:
    """Where a project is, from its mentions: level by level (province, then city, then county), the value
    most of the mentions that state that level give (and agree with the levels above); where they
    disagree (no strict majority), that level and those below are left unknown, never guessed. The code
    is the most specific known level's (a county's code cut to its city's when the county is unknown)."""
    out: dict[str, str | None] = {"province": None, "city": None, "county": None, "adcode": None}
    # each mention's (province, city, county, adcode), read once: a row is read by name, column by column
    placed = [(m.get("province"), m.get("city"), m.get("county"), m.get("adcode")) for m in members]
    pool = [p for p in placed if any(p[:3])]
    known = None
    for k, level in enumerate(LEVELS):
        stated = [p[k] for p in pool if p[k]]
        if not stated:
            continue  # `city` unknown but a county given (a county-level city): look further down
        value, n = Counter(stated).most_common(1)[0]
        if 2 * n <= len(stated):
            break  # two places at this level: not known here nor below
        out[level], known = value, k
        pool = [p for p in pool if p[k] in (None, value)]
    if known is not None:
        digits = CODE_DIGITS[LEVELS[known]]
        codes = Counter(
            (code[:digits] + "0" * 6)[:6]
            for p in pool
            if p[known] == out[LEVELS[known]] and (code := str(p[3] or ""))[:6].isdigit() and len(code) >= digits
        )
        if codes:
            out["adcode"] = codes.most_common(1)[0][0]
    return out


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _record(pid: str, members: list[Mapping], cover: Coverage) -> dict:
    names = Counter(m["name"] for m in members)
    name = max(names, key=lambda n: (names[n], len(n)))
    events = [m for m in members if m["status"] and not m["is_plan"]]
    status = max((m["status"] for m in events), key=STAGE_ORDER.__getitem__) if events else None
    inv = _latest(members, "investment_yuan")
    out = _latest(members, "output_yuan")
    jobs = _latest(members, "jobs")
    dates = sorted(m["date"] for m in members if m["date"])
    event_dates = sorted(m["date"] for m in events if m["date"])
    companies = Counter(m["company"] for m in members if m["company"])
    parks = Counter(canonical_park(m["park"]) for m in members if m["park"])
    phases = sorted({p for m in members if m["phase"] for p in m["phase"].split("、")})
    last_event = event_dates[-1] if event_dates else None
    n_sources = len({m["source"] for m in members})
    record = {
        "project_id": pid,
        "name": name,
        "aliases": json.dumps(sorted(set(names) - {name}), ensure_ascii=False),
        "company": max(companies, key=lambda c: (companies[c], -len(c))) if companies else None,
        "park": parks.most_common(1)[0][0] if parks else None,
        "investment_yuan": inv["investment_yuan"] if inv else None,
        "investment_currency": inv["investment_currency"] if inv else None,
        "investment_mention_id": inv["mention_id"] if inv else None,
        "output_yuan": out["output_yuan"] if out else None,
        "jobs": jobs["jobs"] if jobs else None,
        "status": status,
        "last_event": last_event,
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        # the year its money belongs to: the statement of the investment the record takes, else its first
        # mention (merging projects must not move the money to the year the earliest one was reported)
        "year": _year_of(inv["date"] if inv and inv["date"] else (dates[0] if dates else None)),
        "phases": "、".join(phases) or None,
        "n_mentions": len(members),
        "n_articles": len({m["article_id"] for m in members}),
        "n_sources": n_sources,
        "n_events": len(events),
        "in_totals": 1,
        "exclude_reason": None,
        **location(members),
    }
    place = place_key(record["county"], record["park"], record["city"])
    record["status_inferred"], record["stall_reason"] = stall(status, last_event, place, cover)
    record["health"] = health(n_sources, record)
    return record
