"""Parks and zones: a gazetteer users extend (`data/parks.csv`), the national zone gazetteer
(`data/zones.csv`, the 2018 catalogue), and generic patterns for the zones neither lists
(`…产业园/园区/开发区/高新区/经开区/新区/产业城`).

One name per zone: `canonical_park` folds traditional characters, drops a province prefix
(`山东省临沂临港经济开发区` = `临沂临港经济开发区`), the 市/县 of a city or county prefix and a
`国家级` marker, then takes the gazetteers' name (the user's file first). A county or a town named
alone is not a park. A bare `高新区`/`经开区` is the zone the article names, else the zone of that
kind in the article's city, else the user's own."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicon import GENERIC_PARTS, SECTOR_WORDS, STOP_BEFORE, alternation
from .textnorm import fold

DEFAULT_GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "parks.csv"
ZONE_GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "zones.csv"
ZONE_SUFFIXES = tuple(
    sorted(
        (
            "高新技术产业开发区",
            "经济技术开发区",
            "经济开发区",
            "高新区",
            "经开区",
            "开发区",
            "新区",
            "产业园区",
            "产业园",
            "工业园区",
            "工业园",
            "园区",
            "产业城",
            "功能区",
            "港区",
            "临港工业区",
            "工业区",
            "投资区",
            "产业集聚区",
            "保税区",
            "综合保税区",
            "试验区",
            "实验区",
            "科技城",
            "新片区",
            "化工区",
            "石化区",
            "工业新城",
            "综改示范区",
            "起步区",
        ),
        key=len,
        reverse=True,
    )
)
# Bare zone words that stand for "the zone this article is about" (`高新区党工委`), not a name.
BARE = {
    "高新区",
    "开发区",
    "经开区",
    "园区",
    "新区",
    "产业园",
    "工业园",
    "产业园区",
    "工业园区",
    "功能区",
    "港区",
    "试验区",
    "实验区",
    "工业区",
    "国家高新区",
    "省级高新区",
}
ZONE_RE = re.compile(f"(?:{'|'.join(ZONE_SUFFIXES)})")
ZONE_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9()]")
MAX_ZONE_PREFIX = 10
GENERIC_ZONE_WORDS = re.compile(
    f"{GENERIC_PARTS.pattern}|{'|'.join(sorted(SECTOR_WORDS, key=len, reverse=True))}"
    "|专业化|生态|特色|省级|国家级|数字|经济"
)
SECTOR_ONLY = re.compile(f"(?:{'|'.join(sorted(SECTOR_WORDS, key=len, reverse=True))})+")  # `汽车`, `石化`
AMOUNT_IN_PREFIX = re.compile(r"[\d.]+\s*(?:多|余)?(?:万|亿)?(?:元|亿)")
GENERIC_BARE = {"园区", "产业园区", "工业园区", "产业园", "工业园"}
LEADING_TIME = re.compile(r"(?:\d+\s*(?:个)?(?:月份?|年|日|天|周))+")


@dataclass(frozen=True)
class ParkSpan:
    name: str  # canonical name (the gazetteer's, else the text's)
    text: str
    start: int
    end: int
    listed: bool  # in the gazetteer


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # any alias -> canonical
    pattern: re.Pattern[str] | None
    bare: dict[str, str]  # a bare zone word the user's own zone goes by (`高新区` -> `济宁高新区`)


def gazetteer_path() -> Path:
    return Path(os.environ.get("PARKTRACK_PARKS", DEFAULT_GAZETTEER))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@lru_cache(maxsize=1)
def zone_names() -> dict[str, str]:
    """The national zone gazetteer: any name or alias (folded) -> the zone's canonical name."""
    names: dict[str, str] = {}
    for row in _csv_rows(ZONE_GAZETTEER):
        name = row["name"]
        for alias in [name, *filter(None, row["aliases"].split("|"))]:
            names.setdefault(fold(alias), name)
    return names


@lru_cache(maxsize=1)
def zone_canonicals() -> frozenset[str]:
    """The national gazetteer's canonical names as a set: `in zone_names().values()` scanned every
    value of a dict of thousands of aliases, once per zone an article names."""
    return frozenset(zone_names().values())


@lru_cache(maxsize=4)
def gazetteer_rows(path: str | None = None) -> dict[str, str]:
    """The user's parks (folded canonical name) -> their `region` (a city, a county or another park)."""
    p = Path(path) if path else gazetteer_path()
    return {fold(r["name"].strip()): (r.get("region") or "").strip() for r in _csv_rows(p) if r.get("name")}


USER_KINDS = {"high-tech zone": "高新区", "development zone": "经开区", "bonded zone": "综保区"}


@lru_cache(maxsize=1024)
def user_zone_kind(name: str) -> str | None:
    """高新区 / 经开区 / 综保区 for a park of the user's file, by its `kind` column."""
    for r in _csv_rows(gazetteer_path()):
        if fold(r.get("name", "").strip()) == name:
            return USER_KINDS.get((r.get("kind") or "").strip())
    return None


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Read the parks file: `name,aliases,kind,region`, aliases separated by `|`."""
    p = Path(path) if path else gazetteer_path()
    names: dict[str, str] = {}
    bare: dict[str, str] = {}
    if p.exists():
        with p.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                name = (row.get("name") or "").strip()
                if not name:
                    continue
                names[name] = name
                for alias in (row.get("aliases") or "").split("|"):
                    alias = fold(alias.strip())
                    if alias in BARE:
                        bare.setdefault(alias, name)
                    elif alias:
                        names[alias] = name
    keys = sorted(names, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return Gazetteer(names, pattern, bare)


# The words a zone name never reaches back over: company endings (`…有限公司生物医药循环经济产业园`:
# the zone starts after the company), multi-character stop words, the one-character function words.
# `部长张炜及开发区`: a zone's name joins no two things (`和` starts names: `和县`), and holds no project
# (`…项目暨某某产业园`). The aspect particle 着 (traditional 著, which the fold keeps: it is also 著名's) ends a
# verb (`标志着`, `随着`, `沿着`), never a part of a zone's name.
ZONE_STOPS = (
    {"公司", "集团"}
    | {w for w in STOP_BEFORE if len(w) > 1 or w in "的在是为对把将被由以从向于至到了有等自据及与"}
    | {"及", "与", "暨", "项目", "着", "著"}
)
STOPS_BEFORE = re.compile(f"(?:{alternation(ZONE_STOPS)})$")
STOPS_LAST = frozenset(w[-1] for w in ZONE_STOPS)  # a stop word can end only in these
STOPS_LONGEST = max(map(len, ZONE_STOPS))


ZONE_BEFORE = re.compile(f"(?:{'|'.join(ZONE_SUFFIXES)})$")
ZONE_LAST = frozenset(w[-1] for w in ZONE_SUFFIXES)


def _left_edge(text: str, end: int, limit: int) -> int:
    """Walk left from `end` over name characters until a stop word, the end of another zone's name
    (`…经济技术开发区南川工业园区`: the park inside the zone starts after it) or `limit` characters."""
    i = end
    lo = max(0, end - limit - STOPS_LONGEST)
    while i > 0 and end - i < limit and ZONE_CHAR.match(text[i - 1]):
        if text[i - 1] in STOPS_LAST and STOPS_BEFORE.search(text, lo, i):
            break
        if text[i - 1] == "为" and not _ends_a_place(text, i):
            break  # `实施地点为四川省…开发区`: a predicate's 为, unless a place ends in it (`无为`, `犍为`)
        if i < end and text[i - 1] in ZONE_LAST and ZONE_BEFORE.search(text, max(0, i - 9), i):
            break
        i -= 1
    return i


def find_parks(text: str, gazetteer: Gazetteer | None = None) -> list[ParkSpan]:
    """Every park or zone named in `text` (folded), gazetteer entries first, then generic patterns."""
    gaz = gazetteer or load_gazetteer()
    spans: list[ParkSpan] = []
    span_ending: dict[int, int] = {}  # where a span ends -> its index (a zone's part may follow it)
    taken = [False] * (len(text) + 1)
    if gaz.pattern:
        for m in gaz.pattern.finditer(text):
            spans.append(ParkSpan(gaz.names[m.group()], m.group(), m.start(), m.end(), True))
            span_ending[m.end()] = len(spans) - 1
            for k in range(m.start(), m.end()):
                taken[k] = True
    bare_spans: list[tuple[int, int, str]] = []
    for m in ZONE_RE.finditer(text):
        if taken[m.start()] or taken[m.end() - 1]:
            continue
        start = _past_cut_place(text, _left_edge(text, m.start(), MAX_ZONE_PREFIX), m.start())
        lead = LEADING_TIME.match(text, start, m.start())
        if lead:  # `11月高新区`, `5个月高新区`: a time, then the zone word
            start = lead.end()
        for amount in AMOUNT_IN_PREFIX.finditer(text, start, m.start()):
            start = amount.end()  # `总投资50亿元海富智能光学产业园`
        if text[start] in JOINING and m.start() - start >= 3 and _known_zone(text[start + 1 : m.end()], gaz):
            start += 1  # `…项目同德州经济技术开发区签订`: the conjunction before a known zone is no part of it
        elif text[start] in JOINING and m.start() - start >= 3 and PARTY_BEFORE.search(text, max(0, start - 4), start):
            start += 1  # `A公司和B管委会签约`: after a company's name the conjunction joins two parties
        name = text[start : m.end()]
        if name.count("(") > name.count(")"):  # `近期建园(产业园`: a name never opens a bracket it leaves open
            start += name.rindex("(") + 1
            name = text[start : m.end()]
        prefix = GENERIC_ZONE_WORDS.sub("", text[start : m.start()])
        outer = span_ending.get(start)
        if name not in BARE and len(name) > len(m.group()) and len(prefix) < 2 and outer is not None:
            # `…经济技术开发区石化产业园`: a line of business's zone right after a zone's name is a named part
            # of that zone (alone it is a kind of zone): one park, written in full
            first = spans[outer].start
            whole = text[first : m.end()]
            spans[outer] = ParkSpan(canonical_park(whole) or whole, whole, first, m.end(), spans[outer].listed)
            span_ending[m.end()] = outer
            for k in range(first, m.end()):
                taken[k] = True
            continue
        if name not in BARE and len(name) > len(m.group()) and len(prefix) < 2:
            # `专业化产业园区`, `省级生态工业园区`: a kind of zone, not a zone; but a catalogue zone whose
            # city's name holds generic characters (`上饶`, `大连`, `和县`) is a zone, unless it is all sector
            # words (`汽车经开区`: the catalogue's alias of a city's zone, said without the city)
            if SECTOR_ONLY.fullmatch(text[start : m.start()]) or not _known_zone(name, gaz):
                continue
        if name in BARE or len(name) <= len(m.group()):
            if m.group() in BARE and (start == m.start() or name in BARE):
                bare_spans.append((m.start(), m.end(), m.group()))
            continue
        if start and CAMPAIGN.match(text, start - 1):
            continue  # `推进“平安开发区”建设`: a quality the zone strives for, not a zone
        canonical = canonical_park(name)
        if not canonical:
            continue  # a county or a town named with a zone word is not a park
        # the zone inside a longer name (`…产业园建设项目`) is still a zone; the caller decides
        spans.append(ParkSpan(canonical, name, start, m.end(), canonical in zone_canonicals()))
        span_ending[m.end()] = len(spans) - 1
    for q in spans:
        for k in range(q.start, q.end):
            taken[k] = True
    spans += _administered_areas(text, taken)
    spans += _placed_areas(text, taken)
    spans += _resolve_bare(bare_spans, spans, gaz, text)
    spans.sort(key=lambda s: s.start)
    return spans


# An area's own administration: a 党工委 or a 管委会 right after `…区` (`某某滨海区党工委书记`), or after the
# other words an administered zone's name may end in (`某某新城管委会`, `某某基地管委会`): a company's plant
# or a town has no 管委会, so whatever name ends in one of these words and has one is a zone.
ADMINISTERED = re.compile(r"(?:区|新城|基地)(?=党工委|管委会|管理委员会)")


def _administered_areas(text: str, taken: list[bool]) -> list[ParkSpan]:
    """Areas named with a bare 区 (or 新城, 基地) that have a 党工委 or 管委会 of their own: zones (a county has a
    县委, a district a 区委), every mention of the name. A division's name (`任城区`) stays a place."""
    names = set()
    for m in ADMINISTERED.finditer(text):
        if taken[m.start()]:
            continue
        start = _left_edge(text, m.start(), MAX_ZONE_PREFIX)
        name = text[start : m.end()]
        if (
            len(name) >= 4
            and not _is_division(name)
            and canonical_park(name)
            and not GENERIC_ZONE_WORDS.fullmatch(name[: len(name) - len(m.group())])
        ):
            names.add(name)
    out = []
    for name in sorted(names, key=len, reverse=True):
        i = text.find(name)
        while i >= 0:
            if not any(taken[i : i + len(name)]):
                out.append(ParkSpan(canonical_park(name) or name, name, i, i + len(name), False))
                for k in range(i, i + len(name)):
                    taken[k] = True
            i = text.find(name, i + len(name))
    return out


# A project is placed (`落户`, `落地`, `位于`, `入驻`, `选址`) in an area named with a bare 区 that no zone
# word ends (`落户某某临空区`, `选址于某某规划区`): the place a project is put is a zone, unless the 区 ends an
# administrative division's name (`落户某市某某区`) or a generic area's word (AREA_WORDS: `城区`, `地区`, a
# plant's `厂区`). Matched lazily to the first 区 after the verb.
PLACED_AREA = re.compile(r"(?:落户|落地|位于|入驻|坐落|选址|定址)(?:于|在)?(?P<name>[\u4e00-\u9fff]{2,9}?区)")
AREA_WORDS = re.compile(
    r"(?:地|城|片|社|小|景|厂|校|街|市|县|辖|矿|库|山|湖|牧|灾|老|郊|分|展|营|战|服务|生活|办公|生产|仓储|作业|施工"
    r"|核心|中心|示范|保护|风景|商务|居住|住宅)区$"
)
AREA_DETERMINER = re.compile(r"^(?:我|本|该|全|此|各|每|其|两|三|多)")


def _placed_areas(text: str, taken: list[bool]) -> list[ParkSpan]:
    """Areas a project is placed in (PLACED_AREA) that no other rule found: zones, every mention of the
    name. A division (`某某县某某区`), a generic area (`老城区`), a determiner's area (`我区`, `全区`) and
    a name a zone word ends (those the zone rules judged) are none."""
    from .places import scan

    names = set()
    for m in PLACED_AREA.finditer(text):
        name, start = m.group("name"), m.start("name")
        if any(taken[start : m.end()]) or name in BARE or AREA_WORDS.search(name) or AREA_DETERMINER.match(name):
            continue
        zone = ZONE_BEFORE.search(name)
        if zone and zone.start() > 0:
            continue  # `某某工业园区` the zone rules did not take: a kind of zone, a division's zone
        hits = scan(name)
        if hits and hits[-1].end == len(name):
            continue  # `某市某某区`: the 区 ends a division's name
        names.add(name)
    out = []
    for name in sorted(names, key=len, reverse=True):
        i = text.find(name)
        while i >= 0:
            if not any(taken[i : i + len(name)]):
                out.append(ParkSpan(name, name, i, i + len(name), False))
                for k in range(i, i + len(name)):
                    taken[k] = True
            i = text.find(name, i + len(name))
    return out


JOINING = "同与和及"
# A campaign named like a zone: qualities a zone strives for, quoted, then 建设/创建 (`“平安开发区”建设`,
# `“智慧园区”创建`). A zone with a name of its own in quotes (`“中德精工产业园”建设`) stays a zone.
CAMPAIGN = re.compile(
    r"[“\"](?:平安|智慧|美丽|绿色|文明|和谐|生态|数字|无废|清洁|诚信|法治|幸福|低碳|零碳|安全|活力|花园式|花园|模范|示范)+"
    r"(?:园区|开发区|高新区|经开区|工业园区|产业园区|产业园|工业园)[”\"](?:建设|创建|行动|活动|工程)"
)
# A company's name that ends right before a conjunction (`…有限公司和`, `…集团与`): the conjunction joins parties.
PARTY_BEFORE = re.compile(r"(?:公司|集团)$")


def _ends_a_place(text: str, i: int) -> bool:
    """Whether a place's name ends right before `i` (`安徽无为|经济开发区`)."""
    from .places import scan

    lo = max(0, i - 4)
    return any(lo + h.end == i for h in scan(text[lo:i]))


def _past_cut_place(text: str, start: int, limit: int) -> int:
    """Where a zone's name starts when its left edge fell inside a place's name (`山|东省济宁市…`, the prefix
    limit reached): right after that place, never at a fragment of it."""
    if start == 0 or not ZONE_CHAR.match(text[start - 1]):
        return start  # the edge stopped at a boundary, not at the limit
    from .places import scan

    lo = max(0, start - 3)
    for h in scan(text[lo : start + 4]):
        if lo + h.start < start < lo + h.end and lo + h.end < limit:
            return lo + h.end
    return start


def _known_zone(name: str, gaz: Gazetteer) -> bool:
    """A zone one of the gazetteers lists."""
    canonical = canonical_park(name)
    return bool(canonical) and (canonical in zone_canonicals() or canonical in gaz.names.values())


BARE_KIND = {"高新区": "高新区", "国家高新区": "高新区", "经开区": "经开区", "综保区": "综保区"}


def _city_zone(word: str, text: str) -> str | None | bool:
    """For a bare `高新区`/`经开区`: the zone of that kind in the city the text's dateline or source
    names; False when no city is named (the user's own zone may stand in), None when the city has
    none or several of that kind (it then names nothing)."""
    kind = BARE_KIND.get(word)
    if not kind:
        return False
    from .places import text_region, zone_of_city

    region = text_region(text)
    if not region.city:
        return False
    return zone_of_city(region.city, kind, region.county)


def _resolve_bare(
    bare_spans: list[tuple[int, int, str]], named: list[ParkSpan], gaz: Gazetteer, text: str = ""
) -> list[ParkSpan]:
    """A bare `高新区` stands for the zone of that kind the article names (the nearest before it, else
    any), else the zone of that kind in the article's city, else the one the gazetteer says the
    user's own zone goes by (when the article names no city); else it names nothing."""
    out = []
    city_zone: dict[str, str | None | bool] = {}
    elsewhere: dict[str, bool] = {}
    counts: dict[str, int] = {}
    for p in named:
        counts[p.name] = counts.get(p.name, 0) + (2 if p.listed else 1)
    main = max(counts, key=lambda n: counts[n]) if counts else None
    for start, end, word in bare_spans:
        if word in GENERIC_BARE:  # `园区` is the park the article is about, whatever its kind
            target = main or gaz.bare.get(word)
            if target:
                out.append(ParkSpan(target, word, start, end, target in gaz.names.values()))
            continue
        same_kind = [p for p in named if p.text.endswith(word) or p.name.endswith(word)]
        before = [p for p in same_kind if p.end <= start]
        ref = before[-1] if before else same_kind[0] if same_kind else None
        # as the article writes the zone it points back to (the user's name for a zone of the user's file)
        target = (ref.name if ref.name in gaz.names.values() else ref.text) if ref else None
        if target is None:
            if word not in city_zone:
                city_zone[word] = _city_zone(word, text)
            found = city_zone[word]
            if found is False:
                target = gaz.bare.get(word)
                if target and target not in elsewhere:
                    elsewhere[target] = _from_elsewhere(text, target)  # one scan of the text per zone
                if target and elsewhere[target]:
                    target = word  # about other cities: its `高新区` is some city's, as written, not the user's
            else:
                target = _short_name(canonical_park(found), word) if found else None
        if target:
            out.append(
                ParkSpan(
                    target,
                    word,
                    start,
                    end,
                    any(p.name == target and p.listed for p in named)
                    or target in gaz.names.values()
                    or canonical_park(target) in zone_canonicals(),
                )
            )
    return out


def _from_elsewhere(text: str, zone: str) -> bool:
    """The text names cities (or their counties), none of them the city of the user's zone `zone` (its
    `region` in the parks file): a bare zone word there is some other city's zone, not the user's."""
    from .places import scan

    def cities(words: str) -> set[str]:
        out = set()
        for h in scan(words):
            if len(h.divisions) == 1 and not h.divisions[0].weak and h.divisions[0].level > 1:
                d = h.divisions[0]
                out.add(d.city or d.code)
        return out

    home = cities(fold(gazetteer_rows().get(fold(zone), "")))
    named = cities(text)
    return bool(home) and bool(named) and not named & home


def _short_name(name: str | None, word: str) -> str | None:
    """The zone's short form of the bare word's kind (`珠海高新技术产业开发区` → `珠海高新区`), as news writes it."""
    if not name:
        return name
    short = next((a for a, n in zone_names().items() if n == name and a.endswith(word) and a != name), None)
    return short or name


NATIONAL_MARK = re.compile(r"[(（]?(?:国家级|国家|省级)[)）]?")
QUOTES = re.compile(r"[\s“”\"‘’'《》「」]")
NOT_A_ZONE_END = ("镇", "乡", "街道", "村", "社区")


def name_variants(name: str) -> list[str]:
    """The forms one zone's name takes, most literal first: folded; without a leading `国家级`; without
    the province prefix; with a city's or county's 市/县 dropped (`临沂市临港…` → `临沂临港…`); without
    a `国家级` marker inside (`西宁(国家级)经济技术开发区`).

    >>> name_variants("山东省临沂市临港經濟開發區")[-1]
    '临沂临港经济开发区'
    """
    from .places import scan

    n = QUOTES.sub("", fold(name))
    out = [n]
    n = NATIONAL_MARK.sub("", n, count=1) if NATIONAL_MARK.match(n) else n
    out.append(n)
    hits = scan(n)
    if hits and hits[0].start == 0 and any(d.level == 1 for d in hits[0].divisions):
        rest = n[hits[0].end :]
        if _distinctive(rest):
            n = rest
            out.append(n)
            hits = scan(n)
    if hits and hits[0].start == 0 and hits[0].full and any(d.level > 1 for d in hits[0].divisions):
        short = next((d.short for d in hits[0].divisions if d.short), "")
        if short and _distinctive(n[hits[0].end :]):
            n = short + n[hits[0].end :]
            out.append(n)
    out.append(NATIONAL_MARK.sub("", n))
    return list(dict.fromkeys(out))


def _distinctive(rest: str) -> bool:
    """Something beyond a zone word is left (`临港经济开发区`, not `高新区`)."""
    m = ZONE_RE.search(rest)
    return len(rest) - (len(m.group()) if m and m.end() == len(rest) else 0) >= 2


@lru_cache(maxsize=1 << 17)  # distinct park and project names of a 100,000-article run
def canonical_park(name: str | None) -> str | None:
    """The one name of a park as an article writes it: the user's gazetteer first, then the national
    zone gazetteer, over every variant of the name (`山东省临沂临港经济开发区`, `汶上县经济开发区`,
    traditional forms); a park neither lists keeps its most normalised form. A county or a town
    named alone (`汶上县`, `韩庄镇`) is not a park: None."""
    if not name:
        return name
    gaz = load_gazetteer()
    national = zone_names()
    variants = name_variants(name)
    for v in variants:
        if v in gaz.names:
            return gaz.names[v]
    for v in variants:
        if v in national:
            return national[v]
    last = variants[-1]
    if last.endswith(NOT_A_ZONE_END) or _is_division(last):
        return None
    return last


def _is_division(name: str) -> bool:
    from .places import scan

    hits = scan(name)
    return len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(name) and not name.endswith("新区")


@lru_cache(maxsize=4)
def gazetteer_regions(path: str | None = None) -> tuple[str, ...]:
    """The places in the gazetteer's `region` column, without 县/市/区 (`汶上县` → `汶上`), longest first."""
    p = Path(path) if path else gazetteer_path()
    places: set[str] = set()
    if p.exists():
        with p.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                region = fold((row.get("region") or "").strip())
                stem = re.sub(r"(?:省|市|县|区)$", "", region)
                if len(stem) >= 2 and not stem.endswith(("高新", "开发", "经开")):
                    places.add(stem)
    return tuple(sorted(places, key=len, reverse=True))
