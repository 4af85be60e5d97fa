"""Where a project is, on the map of China's administration: province, city, county and the most
specific 6-digit code, for every mention.

`locate_mentions(article, t, mentions)` fills each Mention's `province, city, county, adcode` from,
in order:
1. its park: a zone belongs to a county or city (`data/zones.csv`, the 2018 catalogue's national
   zones; `data/parks.csv`, the user's own), else the place words of the park's own name;
2. the place words of its sentence: the most specific division named there that agrees with what
   the park says;
3. the article's own region: its dateline (`本报济宁8月6日讯`), masthead or source (`来源：大众日报`,
   the url's host), its title.
Each later source only adds what the earlier ones leave open and must agree with them.

Principles, so that a wrong place never looks right (the resolution step refuses to merge projects
in different cities on these fields):
- A name several divisions share (鼓楼区 in 南京, 福州, 徐州, 开封) places only as far as a higher
  level known for this mention or article makes it one; else its lower level is left off.
- A county's short form that is also an everyday word (和平, 光明, 长安: `weak` in the table) places
  nothing on its own; written in full (`长安区`) it does.
- A short form that goes on into a street, town or village (`中山路`, `白云镇`) is not the division.
- Places in two provinces in one sentence: the names written in full (`济宁市兖州区`) win over short
  forms that may be part of another name (`宁德时代`); else the article's region picks; else none.

Speed: the tables load once per process, lazily; each article is scanned once with a dictionary
walk (two-character prefix -> candidate lengths), not one regular expression per name, and the walk
visits only the positions where a prefix may begin (one regular expression of first and second
characters finds them; about one character in ten of news text).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from .model import Article, Mention
from .textnorm import fold

DATA = Path(__file__).resolve().parent.parent / "data"
DIVISIONS_FILE = DATA / "admin_divisions.csv"
ZONES_FILE = DATA / "zones.csv"
MASTHEADS_FILE = DATA / "mastheads.csv"

# After a short form, these make it a street, a town or a village, not the division.
NOT_DIVISION_AFTER = ("路", "街", "大道", "镇", "乡", "村", "社区", "小区", "大桥", "桥", "花园", "广场")
DATELINE = re.compile(
    r"(?:本报|本网|本台|新华社|中新社|中新网|人民网|央广网|新华网|央视网|大众网|中国新闻网)(?:记者)?"
    r"(?P<place>[\u4e00-\u9fff]{2,9}?)(?:\d{1,2}月\d{1,2}日)?(?:电|讯|消息)"
)
SOURCE = re.compile(r"(?:来源|稿源|来自)\s*[:：]\s*(?P<name>[\u4e00-\u9fffA-Za-z]{2,14})")
# What a local paper, site or station is called after its place's name.
LOCAL_MEDIA = (
    "日报",
    "晚报",
    "新闻网",
    "新闻",
    "发布",
    "广播电视台",
    "电视台",
    "融媒体",
    "在线",
    "网",
    "市人民政府",
    "人民政府",
)
DATELINE_SPAN = 600  # a dateline or source line stands near the top of the page


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: int  # 1 province, 2 prefecture (or a county-level city under the province), 3 county
    province: str  # codes
    city: str
    weak: bool


@dataclass(frozen=True)
class Place:
    """A location as far as it is known: division codes, most specific last."""

    province: str | None = None
    city: str | None = None
    county: str | None = None

    def __bool__(self) -> bool:
        return bool(self.province or self.city or self.county)

    @property
    def code(self) -> str | None:
        return self.county or self.city or self.province


NOWHERE = Place()


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    term: str
    full: bool  # written with its suffix (`汶上县`), not the short form (`汶上`)
    divisions: tuple[Division, ...]


@dataclass(frozen=True)
class Tables:
    divisions: dict[str, Division]
    terms: dict[str, tuple[Division, ...]]
    lengths: dict[str, tuple[int, ...]]  # two-character prefix -> term lengths, longest first
    zones: dict[str, Place]  # a zone's name or alias (folded) -> where it is
    zones_in: dict[tuple[str, str], tuple[str, ...]]  # (city code, kind) -> canonical zone names
    mastheads: dict[str, str]  # a paper's or site's name -> its place words
    hosts: dict[str, str]  # a host label (`dzwww`) -> place words
    # where a term may start: a first character of some term followed by a second character of some term
    # (a superset of the two-character prefixes, found by the regex engine instead of a walk in Python)
    starts: re.Pattern[str] = re.compile(r"(?!)")


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


MUNICIPALITIES = ("11", "12", "31", "50")


def place_of(d: Division) -> Place:
    if d.level == 1:  # a municipality is its own city (北京市, 北京市, 朝阳区)
        return Place(d.code, d.code[:2] + "0100" if d.code[:2] in MUNICIPALITIES else None)
    if d.level == 2:
        return Place(d.province, d.code)
    return Place(d.province, d.city, d.code)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The division, zone and masthead tables, read once per process (the map step's workers each
    load them on first use)."""
    divisions: dict[str, Division] = {}
    terms: dict[str, list[Division]] = {}
    for r in _rows(DIVISIONS_FILE):
        d = Division(
            r["code"], r["name"], r["short"], int(r["level"]), r["province_code"], r["city_code"], r["weak"] == "1"
        )
        divisions[d.code] = d
        for term in {d.name, d.short} - {""}:
            terms.setdefault(term, []).append(d)
    lengths: dict[str, set[int]] = {}
    for term in terms:
        lengths.setdefault(term[:2], set()).add(len(term))
    zones: dict[str, Place] = {}
    zones_in: dict[tuple[str, str], list[str]] = {}
    for r in _rows(ZONES_FILE):
        code = r["adcode"]
        d = divisions.get(code)
        if not d:
            continue
        p = place_of(d)
        for name in [r["name"], *filter(None, r["aliases"].split("|"))]:
            zones.setdefault(fold(name), p)
        if p.city and r["kind"]:
            zones_in.setdefault((p.city, r["kind"]), []).append(r["name"])
    mastheads: dict[str, str] = {}
    hosts: dict[str, str] = {}
    for r in _rows(MASTHEADS_FILE):
        mastheads[fold(r["name"])] = r["place"]
        for h in filter(None, r.get("hosts", "").split("|")):
            hosts[h] = r["place"]
    return Tables(
        divisions,
        {k: tuple(v) for k, v in terms.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        zones,
        {k: tuple(v) for k, v in zones_in.items()},
        mastheads,
        hosts,
        _starts(lengths),
    )


def _starts(prefixes: Iterable[str]) -> re.Pattern[str]:
    """A lookahead that stops at every position where one of the two-character `prefixes` may begin."""
    firsts = "".join(sorted({p[0] for p in prefixes if len(p) == 2}))
    seconds = "".join(sorted({p[1] for p in prefixes if len(p) == 2}))
    if not firsts:
        return re.compile(r"(?!)")
    return re.compile(f"(?=[{re.escape(firsts)}][{re.escape(seconds)}])")


def scan(text: str) -> list[Hit]:
    """Every division named in `text` (folded), leftmost-longest, in one pass.

    >>> [h.term for h in scan("山东省济宁市汶上县和梁山")]
    ['山东省', '济宁市', '汶上县', '梁山']
    >>> [h.term for h in scan("沿中山路向东")]
    []
    """
    tab = tables()
    hits: list[Hit] = []
    n = len(text)
    after = 0  # the end of the last hit: the walk goes on from there (leftmost-longest, no overlaps)
    lengths, terms = tab.lengths, tab.terms
    for m in tab.starts.finditer(text):  # only where a prefix may begin: one position in ten of news text
        i = m.start()
        if i < after:
            continue
        for size in lengths.get(text[i : i + 2], ()):
            if i + size > n:
                continue
            term = text[i : i + size]
            ds = terms.get(term)
            if ds is None:
                continue
            full = any(d.name == term for d in ds)
            if not full and text.startswith(NOT_DIVISION_AFTER, i + size):
                break  # `中山路`, `白云镇`: a street or a town of that name
            hits.append(Hit(i, i + size, term, full, ds))
            after = i + size
            break
    return hits


def consistent(a: Place, b: Place) -> bool:
    """Two places that can be the same one: no level where both are known and differ."""
    return not (
        (a.province and b.province and a.province != b.province)
        or (a.city and b.city and a.city != b.city)
        or (a.county and b.county and a.county != b.county)
    )


def merge(a: Place, b: Place) -> Place:
    """`a` with what `b` adds below or beside it, when the two agree; else `a`."""
    if not consistent(a, b):
        return a
    return Place(a.province or b.province, a.city or b.city, a.county or b.county)


def _common(places: Sequence[Place]) -> Place:
    """What several places share: the province all of them lie in, the city, the county."""
    if not places:
        return NOWHERE
    first = places[0]
    levels = ("province", "city", "county")
    same = [lvl for lvl in levels if all(getattr(p, lvl) == getattr(first, lvl) for p in places)]
    province = first.province if "province" in same else None
    city = first.city if province and "city" in same else None
    county = first.county if city and "county" in same else None
    return Place(province, city, county)


def _candidates(hit: Hit, within: Place, hint: Place) -> list[Place]:
    """The places a hit can be: consistent with `within` (known for this mention); when several,
    those consistent with `hint` (the article's region); a weak short form only inside a known one."""
    divisions = hit.divisions
    if not hit.full and any(not d.weak for d in divisions):  # `西安` the city, not the 西安区 of 辽源
        divisions = tuple(d for d in divisions if not d.weak)
    places = list(dict.fromkeys(place_of(d) for d in divisions))  # 天津市 the province and the city
    places = [p for p in places if consistent(p, within)]
    if not hit.full and all(d.weak for d in divisions):
        anchor = within or hint
        places = [p for p in places if anchor and consistent(p, anchor) and _shares_level(p, anchor)]
    # a name a division shares with its own parent is the parent (`吉林` the province, `长沙` the city)
    codes = {p.code for p in places}
    places = [p for p in places if not ({p.province, p.city} - {p.code, None}) & codes]
    if len(places) > 1 and hint:
        hinted = [p for p in places if consistent(p, hint) and _shares_level(p, hint)]
        if hinted:
            places = hinted
    return places


def _shares_level(p: Place, anchor: Place) -> bool:
    """`p` lies inside something `anchor` names (its province or city), not merely beside it."""
    return bool((anchor.province and p.province == anchor.province) or (anchor.city and p.city == anchor.city))


def resolve(hits: Iterable[Hit], within: Place = NOWHERE, hint: Place = NOWHERE) -> Place:
    """The most specific place a set of hits names together, consistent with `within`: two counties
    of one city give the city; a county whose name two provinces share gives nothing below `within`
    unless `hint` picks one.

    >>> t = tables()
    >>> name = lambda p: [t.divisions[c].name for c in (p.province, p.city, p.county) if c]
    >>> name(resolve(scan("济宁市汶上县")))
    ['山东省', '济宁市', '汶上县']
    >>> name(resolve(scan("在邹城、曲阜两地")))
    ['山东省', '济宁市']
    >>> name(resolve(scan("鼓楼区")))
    []
    >>> name(resolve(scan("鼓楼区"), hint=resolve(scan("福建"))))
    ['福建省', '福州市', '鼓楼区']
    """
    hits = list(hits)
    found: list[Place] = []
    full: list[Place] = []
    # the names only one division has first: they are the context the shared names are read in
    # (`天津市和平区`: 天津 tells which 和平区)
    sure = [c[0] for c in (_candidates(h, within, hint) for h in hits) if len(c) == 1]
    context = hint
    for p in sure:
        context = merge(context, p) if context else p
    for h in hits:
        cands = _candidates(h, within, context)
        got = cands[0] if len(cands) == 1 else _common(cands)
        if got:
            found.append(got)
            if h.full:
                full.append(got)
    if not found:
        return NOWHERE
    if len({p.province for p in found if p.province}) > 1:
        # places in two provinces: the names written in full (`济宁市兖州区`) over short forms that may
        # be part of another name (`宁德时代`), else what the hint picks, else nothing below `within`
        found = full if len({p.province for p in full if p.province}) == 1 else found
        if len({p.province for p in found if p.province}) > 1:
            found = [p for p in found if hint and consistent(p, hint) and _shares_level(p, hint)]
        if len({p.province for p in found if p.province}) != 1:
            return within
    place = within
    # the broadest first, so that a county is checked against the province and city named with it
    for level in ("province", "city", "county"):
        at = [p for p in found if _level(p) == level and consistent(p, place)]
        if not at:
            continue
        shared = _common(at)
        if _level(shared) != level:  # two different ones at this level: stop above it
            return merge(place, shared)
        place = merge(place, shared)
    return place


_RESOLVED: dict[tuple, Place] = {}  # _resolve_scanned's results: scan's hits by their terms, within, hint
RESOLVED_KEPT = 65536


def _resolve_scanned(hits: Sequence[Hit], within: Place = NOWHERE, hint: Place = NOWHERE) -> Place:
    """`resolve` of hits that `scan` found, remembered by their terms: a hit's `full` and divisions follow
    from its term (the tables do not change within a process), and the same place words (a dateline's, a
    headline's, a mention's) recur from article to article."""
    key = (tuple(h.term for h in hits), within, hint)
    got = _RESOLVED.get(key)
    if got is None:
        if len(_RESOLVED) >= RESOLVED_KEPT:
            _RESOLVED.clear()
        got = _RESOLVED[key] = resolve(hits, within=within, hint=hint)
    return got


def _level(p: Place) -> str:
    return "county" if p.county else "city" if p.city else "province" if p.province else ""


def _words_place(words: str, hint: Place = NOWHERE) -> Place:
    return resolve(scan(fold(words)), hint=hint) if words else NOWHERE


def article_region(article: Article, t: str, hits: Sequence[Hit]) -> Place:
    """Where the article itself is from: its dateline, then its masthead or source (the `来源` line,
    the url's host), then its title; each adds only what agrees with the ones before."""
    tab = tables()
    head = t[:DATELINE_SPAN]
    place = NOWHERE
    m = DATELINE.search(head)
    if m:
        words = m.group("place")
        found = [h for h in scan(words)]
        if found and sum(h.end - h.start for h in found) == len(words):  # `济宁`, `山东济南`: places only
            place = resolve(found)
    for s in SOURCE.finditer(head):
        name = s.group("name")
        words = next((w for k, w in tab.mastheads.items() if name.startswith(k)), None)
        if words is None:  # a local paper or station named after its place (`济宁日报`, not `上海证券报`)
            lead = _leading(scan(name))
            rest = name[lead[-1].end :] if lead else ""
            words = name[: lead[-1].end] if lead and rest.startswith(LOCAL_MEDIA) else ""
        place = merge(place, _words_place(words, place)) if place else _words_place(words)
        if place:
            break
    if article.url:
        host = urlparse(article.url).hostname or ""
        for label in host.split("."):
            if label in tab.hosts:
                got = _words_place(tab.hosts[label], place)
                place = merge(place, got) if place else got
                break
    if article.title:
        got = _resolve_scanned(scan(fold(article.title)), hint=place)
        place = merge(place, got) if place else got
    return place


@lru_cache(maxsize=65536)
def park_place(park: str | None, hint: Place = NOWHERE) -> Place:
    """Where a park is: the zone tables' place for its canonical name, else the place words of its
    own name (`盱眙经济开发区` → 盱眙县), resolved with the article's region as a hint. (Cached: the same
    parks recur in article after article, and the tables do not change within a process.)"""
    if not park:
        return NOWHERE
    from .parks import canonical_park  # parks imports this module for the bare-zone rule

    tab = tables()
    for name in dict.fromkeys([fold(park), fold(canonical_park(park) or park)]):
        if name in tab.zones:
            return tab.zones[name]
        listed = user_park_place(name)
        if listed:
            return listed
    return resolve(_leading(scan(fold(park))), hint=hint)


def _leading(hits: Sequence[Hit]) -> list[Hit]:
    """The place words a name starts with (`黑龙江呼兰经济开发区` → 黑龙江, 呼兰): a zone is named after
    its place first; a place word further in (`贵安新区` → 安新) is not where it is."""
    out: list[Hit] = []
    at = 0
    for h in hits:
        if h.start != at:
            break
        out.append(h)
        at = h.end
    return out


@lru_cache(maxsize=4096)
def user_park_place(name: str) -> Place:
    """A park of `data/parks.csv` placed by its `region` (a city, a county, or another park)."""
    from .parks import gazetteer_rows

    rows = gazetteer_rows()
    seen: set[str] = set()
    while name in rows and name not in seen:
        seen.add(name)
        region = rows[name]
        p = tables().zones.get(fold(region)) or _words_place(region)
        if p:
            return p
        name = region
    return NOWHERE


def zone_of_city(city_code: str | None, kind: str, county: str | None = None) -> str | None:
    """The one zone of `kind` (高新区, 经开区, 综保区) in a city, when the tables know exactly one; for an
    article of a county, only a zone named after that county (none in the tables: None)."""
    if not city_code:
        return None
    from .parks import gazetteer_rows, user_zone_kind

    if county:
        user = [n for n in gazetteer_rows() if user_zone_kind(n) == kind and user_park_place(n).county == county]
        if user:
            return user[0] if len(user) == 1 else None
        short = tables().divisions[county].short if county in tables().divisions else ""
        names = tables().zones_in.get((city_code, kind), ())
        own = [n for n in names if short and n.startswith(short)]
        return own[0] if len(own) == 1 else None
    user = [n for n in gazetteer_rows() if user_zone_kind(n) == kind and user_park_place(n).city == city_code]
    if len(set(user)) == 1:
        return user[0]
    if user:
        return None
    names = tables().zones_in.get((city_code, kind), ())
    if len(names) == 1:
        return names[0]
    # several (a city's own and its counties'): the one named after the city alone (`苏州高新…`)
    short = tables().divisions[city_code].short if city_code in tables().divisions else ""
    own = [n for n in names if short and n.startswith(short) and _generic(n[len(short) :])]
    return own[0] if len(own) == 1 else None


def _generic(rest: str) -> bool:
    from .parks import ZONE_RE

    m = ZONE_RE.fullmatch(rest)
    return bool(m) or rest in ("高新技术产业开发区", "经济技术开发区", "综合保税区")


def text_region(t: str) -> Place:
    """The region a text's own dateline or source line names (for a bare `高新区` in it)."""
    return article_region(Article("", "", t), t, ())


def locate(park: str | None, sentence_hits: Sequence[Hit], region: Place) -> Place:
    """One mention's place: its park, then its sentence's place words, then the article's region."""
    place = park_place(park, region)
    said = _resolve_scanned(sentence_hits, within=place, hint=place or region)
    place = merge(place, said) if place else said
    return merge(place, region) if place else region


def names_of(p: Place) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, county, adcode) as names and the most specific code."""
    divs = tables().divisions

    def name(code: str | None) -> str | None:
        return divs[code].name if code and code in divs else None

    code = p.code
    return name(p.province), name(p.city), name(p.county), code


def locate_mentions(article: Article, t: str, mentions: Sequence[Mention]) -> None:
    """Fill every mention's `province, city, county, adcode` (one scan of the article's folded text)."""
    if not mentions:
        return
    hits = scan(t)
    region = article_region(article, t, hits)
    starts = [h.start for h in hits]
    for m in mentions:
        lo, hi = bisect_left(starts, m.start), bisect_left(starts, m.end)
        place = locate(m.park, hits[lo:hi], region)
        m.province, m.city, m.county, m.adcode = names_of(place)
