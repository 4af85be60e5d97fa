"""Build the place tables in `data/` from public code lists (run by hand; nothing imports this).

    python tools/build_places.py --divisions DIR [--catalogue data/sources/kaifaqu_2018_extract.csv]
        [--approvals data/sources/national_after_2018.csv] [--new-areas data/sources/national_new_areas.csv]

`DIR` holds `provinces.csv`, `cities.csv`, `areas.csv` of the national statistics bureau's
statistical division codes as published by github.com/modood/Administrative-divisions-of-China
(`dist/`, codes of 2023-06-30, published 2023-09-11). Writes:

- `data/admin_divisions.csv`: every province, prefecture and county with its 6-digit code, its
  short form (山东省→山东, 济宁市→济宁, 汶上县→汶上) and whether that short form is also a common word
  (a short form such as 和平 or 光明 places nothing on its own: see `pipeline/places.py`). The
  bureau's functional areas (codes xx xx 7x: 高新区, 经开区, 管理区) are not administrative divisions
  and go to the zone table instead.
- `data/zones.csv`: the national and provincial zones of 《中国开发区审核公告目录》(2018) — the
  catalogue's code, name, province and kind — with the city and county they lie in, derived from the
  zone's own name against the division table, else from the geocoded address of the extract where
  that address agrees with the catalogue's province and names the zone; the national zones approved
  since whose reply was found (`--approvals`); the State Council's national new areas (`--new-areas`,
  which no catalogue lists: 两江新区, 天府新区, 雄安新区…), placed as their source row says; plus the
  bureau's functional areas with their city.
  Short forms (`…高新区`, `…经开区`, `…综保区`, the name without its city) are generated as
  aliases where no other zone claims them.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

DIVISIONS_SOURCE = (
    "国家统计局统计用区划代码（2023，截止2023-06-30，发布2023-09-11），"
    "经 github.com/modood/Administrative-divisions-of-China dist/ 转录；功能区（代码第5位为7）不计入"
)
CATALOGUE_SOURCE = (
    "《中国开发区审核公告目录》（2018年版，国家发展改革委等六部门2018年第4号公告）的国家级开发区"
    "（552家）与省级开发区（1,991家）；名称、类型、代码据 "
    "github.com/kaiwulaw/china-industrial-zones-atlas data/enriched.csv 转录，省份为目录所列（省级开发区"
    "代码第2、3位即省份代码），市县由名称推得，推不出时用该文件的地理编码地址（省份一致且地址含园区名时）；"
    "省级开发区名称前的省名去掉（山东微山经济开发区 → 微山经济开发区，余下部分以本省市县开头时），目录原名作别名"
)

APPROVALS_SOURCE = (
    "目录之后国务院批准升级的国家级开发区（已找到批复原文者：国函〔2018〕48号、国办函〔2024〕83号，"
    "见 data/sources/national_after_2018.csv），升级前的目录名作别名"
)

NEW_AREAS_SOURCE = (
    "国务院批复设立的国家级新区（见 data/sources/national_new_areas.csv；跨两市以上者只记省，浦东新区、"
    "滨海新区即县级行政区，不另列）"
)

# Ethnic names stripped from autonomous units' short forms (`长阳土家族自治县` → `长阳`).
ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
ETHNIC_TAIL = re.compile(f"(?:{'|'.join(sorted(ETHNIC, key=len, reverse=True))})族?$")
ADMIN_SUFFIX = re.compile(
    r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|林区|新区|矿区|省|市|盟|县|区|旗)$"
)
# Catalogue typos corrected in the table (the extract in data/sources keeps the catalogue's spelling).
TYPOS = {"湽博": "淄博"}

# Zone kinds: the catalogue's type, then the suffixes a name of that kind ends with, longest first.
KIND_OF_TYPE = {
    "经济技术开发区": "经开区",
    "高新技术产业开发区": "高新区",
    "海关特殊监管区域": "综保区",
    "边境/跨境经济合作区": "边合区",
    "其他类型开发区": "其他",
    "经济开发区": "经开区",
    "工业园区": "工业园区",
}
ZONE_TAILS = (
    "高新技术产业开发区",
    "高新技术产业示范区",
    "高新技术产业园区",
    "高技术产业开发区",
    "高新技术开发区",
    "新技术开发区",
    "经济技术开发区",
    "经济开发区",
    "综合保税区",
    "保税物流园区",
    "保税港区",
    "保税区",
    "出口加工区",
    "边境经济合作区",
    "经济合作区",
    "国家旅游度假区",
    "台商投资开发区",
    "台商投资区",
    "投资区",
    "工业园区",
    "产业园区",
    "科技园区",
    "开发区",
)
SHORT_TAIL = {
    "高新技术产业开发区": "高新区",
    "高新技术产业园区": "高新区",
    "高技术产业开发区": "高新区",
    "高新技术开发区": "高新区",
    "新技术开发区": "高新区",
    "经济技术开发区": "经开区",
    "综合保税区": "综保区",
}


def short_form(name: str, level: int) -> str:
    """The form a place goes by without its administrative suffix; the name itself when too short.

    >>> short_form("山东省", 1), short_form("内蒙古自治区", 1), short_form("济宁市", 2), short_form("汶上县", 3)
    ('山东', '内蒙古', '济宁', '汶上')
    >>> short_form("长阳土家族自治县", 3), short_form("海西蒙古族藏族自治州", 2), short_form("和县", 3)
    ('长阳', '海西', '和县')
    """
    stem = ADMIN_SUFFIX.sub("", name)
    if name.endswith(("自治州", "自治县", "自治旗")):
        while True:
            shorter = ETHNIC_TAIL.sub("", stem)
            if shorter == stem or len(shorter) < 2:
                break
            stem = shorter
    return stem if len(stem) >= 2 else name


def common_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word -> (frequency, tag), to tell a short form that is also a common word."""
    import jieba

    out: dict[str, tuple[int, str]] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


def is_weak(short: str, words: dict[str, tuple[int, str]]) -> bool:
    """A county's short form is weak when it is also an everyday word (和平, 光明, 长安, 城区, 江山):
    frequent in jieba's dictionary, or tagged there as something other than a place name. Provinces'
    and prefectures' short forms are the names the news uses and are never weak."""
    if len(short) > 2:
        return False
    freq, tag = words.get(short, (0, ""))
    return freq >= 1000 or (freq >= 300 and not tag.startswith("ns"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(row for row in fh if not row.startswith("#")))


def build_divisions(src: Path) -> tuple[list[dict], list[dict]]:
    """Provinces, prefectures, counties (6-digit codes), and the functional areas set apart."""
    words = common_words()
    provinces = {r["code"]: r["name"] for r in read_csv(src / "provinces.csv")}
    cities = read_csv(src / "cities.csv")
    areas = read_csv(src / "areas.csv")
    rows: list[dict] = []
    functional: list[dict] = []

    def add(code: str, name: str, level: int, province: str, city: str) -> None:
        short = short_form(name, level)
        rows.append(
            {
                "code": code,
                "name": name,
                "short": short if short != name else "",
                "level": level,
                "province_code": province,
                "city_code": city,
                # counties, and county-level cities placed as cities (东方市, 仙桃市): codes not ending in 00
                "weak": int((level == 3 or not code.endswith("00")) and short != name and is_weak(short, words)),
            }
        )

    for code, name in provinces.items():
        add(code + "0000", name, 1, code + "0000", "")
    city_code: dict[str, str] = {}
    for c in cities:
        pcode = c["provinceCode"] + "0000"
        if c["name"] in ("市辖区", "县"):  # a municipality: its districts belong to the city of its name
            city_code[c["code"]] = c["provinceCode"] + "0100"
            if not any(r["code"] == city_code[c["code"]] for r in rows):
                add(city_code[c["code"]], provinces[c["provinceCode"]], 2, pcode, "")
        elif "直辖县级" in c["name"]:  # county-level cities under the province itself: placed as cities
            city_code[c["code"]] = ""
        else:
            city_code[c["code"]] = c["code"] + "00"
            add(c["code"] + "00", c["name"], 2, pcode, "")
    for a in areas:
        pcode = a["provinceCode"] + "0000"
        ccode = city_code.get(a["cityCode"], "")
        if a["code"][4] == "7":  # 高新区, 经开区, 管理区: statistical functional areas, not divisions
            functional.append({"code": a["code"], "name": a["name"], "province_code": pcode, "city_code": ccode})
            continue
        if not ccode:
            add(a["code"], a["name"], 2, pcode, "")
            continue
        city_name = next(r["name"] for r in rows if r["code"] == ccode)
        if a["name"] == city_name:  # 东莞市 under 东莞市: a city without counties
            continue
        add(a["code"], a["name"], 3, pcode, ccode)
    return rows, functional


class Places:
    """Division lookups for placing a zone by its name or address."""

    def __init__(self, rows: list[dict]) -> None:
        self.by_code = {r["code"]: r for r in rows}
        self.terms: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            self.terms[r["name"]].append(r)
            if r["short"]:
                self.terms[r["short"]].append(r)
        self.longest = max(map(len, self.terms))

    def province_of(self, name: str) -> dict | None:
        return next((r for r in self.terms.get(name, []) if r["level"] == 1 and r["name"] == name), None)

    def leading(self, text: str, within: str) -> tuple[dict | None, int]:
        """The division named at the start of `text` inside province/city code `within` (longest)."""
        for n in range(min(self.longest, len(text)), 1, -1):
            for r in self.terms.get(text[:n], []):
                if r["level"] > 1 and within in (r["province_code"], r["city_code"]):
                    return r, n
        return None, 0

    def strip_province(self, name: str, pcode: str) -> str:
        p = self.by_code[pcode]
        for form in (p["name"], p["short"]):
            if form and name.startswith(form) and len(name) > len(form) + 2:
                return name[len(form) :]
        return name


def zone_tail(name: str) -> str:
    return next((t for t in ZONE_TAILS if name.endswith(t)), "")


GENERIC = re.compile(
    "|".join(
        sorted(
            {*ZONE_TAILS, *SHORT_TAIL.values(), "综合保税区", "工业园", "高新", "经开", "保税", "国家", "中国"},
            key=len,
            reverse=True,
        )
    )
)


def distinctive(name: str, city: dict | None) -> str:
    """What sets a zone's name apart: without its city and without generic zone words
    (`苏州高新技术产业开发区综合保税区` → ``, `长春净月高新区` → `净月`)."""
    if city:
        for form in (city["name"], city["short"]):
            if form and name.startswith(form):
                name = name[len(form) :]
                break
    return GENERIC.sub("", name).strip("()（）、及")


def locate_zone(places: Places, name: str, pcode: str, address: str) -> tuple[dict | None, dict | None, str]:
    """(city, county, how) of a zone: from the place words its name starts with, else from an address
    that lies in the catalogue's province and names the zone after its divisions."""
    body = places.strip_province(name, pcode)
    city = county = None
    first, n = places.leading(body, pcode)
    if first:
        if first["level"] == 2:
            city = first
            second, _ = places.leading(body[n:], first["code"])
            if second and second["level"] == 3:
                county = second
        else:
            county, city = first, places.by_code[first["city_code"]]
    if municipality(places, pcode) and not city:
        city = places.by_code[pcode[:2] + "0100"]
    how = "name" if (city or county) else ""
    if county or not address:
        return city, county, how
    prov = places.by_code[pcode]
    if not address.startswith(prov["name"]):
        return city, county, how  # the geocoder placed it in another province: not believed
    rest = address[len(prov["name"]) :]
    a_city = a_county = None
    if municipality(places, pcode):
        a_city = places.by_code[pcode[:2] + "0100"]
    else:
        a_city = next(
            (
                r
                for n in range(len(rest), 1, -1)
                for r in places.terms.get(rest[:n], [])
                if r["level"] == 2 and r["province_code"] == pcode and r["name"] == rest[:n]
            ),
            None,
        )
        if a_city:
            rest = rest[len(a_city["name"]) :]
    if a_city:
        a_county = next(
            (
                r
                for n in range(len(rest), 1, -1)
                for r in places.terms.get(rest[:n], [])
                if r["level"] == 3 and r["city_code"] == a_city["code"] and r["name"] == rest[:n]
            ),
            None,
        )
        if a_county:
            rest = rest[len(a_county["name"]) :]
    if city and a_city and a_city["code"] != city["code"]:
        return city, county, how  # the address contradicts the name
    core = distinctive(body, city or a_city)
    at = rest.find(core) if len(core) >= 2 else -1
    after = rest[at + len(core) :] if at >= 0 else ""
    tail = zone_tail(name)
    named = at >= 0 and (GENERIC.match(after) or (tail and tail in after) or (not after and core[-1] in "区园"))
    if at >= 0 and after[:1] not in ("村", "镇", "乡", "街", "路") and named:
        # the address names the zone itself (`…曹妃甸区南堡经济开发区`, `…浦东新区陆家嘴金融贸易区`), not a
        # village or a town of that name (`…魏县马头`, `…江阴镇`): a geocoder's guess at a place word
        # is not where the zone is
        return city or a_city, a_county, "address"
    return city, county, how


def municipality(places: Places, pcode: str) -> bool:
    return pcode[:2] in ("11", "12", "31", "50")


def aliases_of(name: str, city: dict | None) -> list[str]:
    """The forms a zone's name is written in: `…高新区`, `…经开区`, `…综保区`, without `火炬`, and the
    name without its city where a distinctive part remains (`长春净月高新区` → `净月高新区`)."""
    out: list[str] = []
    for long, short in SHORT_TAIL.items():
        if name.endswith(long):
            stem = name[: -len(long)]
            out.append(stem + short)
            if stem.endswith("火炬"):
                out.append(stem[:-2] + short)
            if long == "经济技术开发区":
                out.append(stem + "经济开发区")
            break
    if city:
        prefix = city["short"] or city["name"]
        for form in [name, *out]:
            if form.startswith(prefix) and len(distinctive(form, city)) >= 2:
                out.append(form[len(prefix) :])
    return [a for a in dict.fromkeys(out) if a != name]


def provincial_name(places: Places, name: str, pcode: str) -> str:
    """The name a provincial zone goes by: the catalogue writes most with their province first
    (`山东微山经济开发区`), the news without it (`微山经济开发区`). The prefix is dropped only when what
    is left still starts with a city or county of that province, so that it stays named after its
    place; `天津空港经济区` keeps its prefix (`空港经济区` is no one place)."""
    body = places.strip_province(name, pcode)
    if body == name:
        return name
    first, _ = places.leading(body, pcode)
    return body if first else name


def build_zones(
    places: Places,
    catalogue: list[dict],
    functional: list[dict],
    approvals: list[dict] = (),
    new_areas: list[dict] = (),
) -> list[dict]:
    """The catalogue's zones, the national zones approved since (a provincial zone upgraded gives up
    its row: its catalogue name becomes an alias of the national one), the national new areas, then the
    bureau's functional areas not already listed (one a new area also is keeps its statistics code)."""
    zones: list[dict] = []
    national = {r["name"] for r in catalogue if r["code"].startswith("G")} | {a["name"] for a in approvals}
    upgraded = {a["former"]: a for a in approvals if a.get("former")}
    for r in catalogue:
        name = r["name"]
        for wrong, right in TYPOS.items():
            name = name.replace(wrong, right)
        if name in upgraded:
            upgraded[name]["_row"] = r
            continue
        catalogue_name = name
        prov = next((p for p in places.terms.get(r["province"], []) if p["level"] == 1), None)
        if not prov:
            sys.exit(f"unknown province {r['province']!r} in row {r['code']}")
        provincial = not r["code"].startswith("G")
        if provincial:
            short = provincial_name(places, name, prov["code"])
            name = name if short in national else short
        city, county, how = locate_zone(places, name, prov["code"], r.get("address", ""))
        level, kind = "provincial" if provincial else "national", KIND_OF_TYPE.get(r["kind"], r["kind"])
        also = [catalogue_name] if catalogue_name != name else []
        zones.append(zone_row(name, also, level, kind, (prov, city, county), r["code"], how or "province", "目录2018"))
    for a in approvals:
        prov = next((p for p in places.terms.get(a["province"], []) if p["level"] == 1), None)
        if not prov:
            sys.exit(f"unknown province {a['province']!r} for {a['name']}")
        former = a.get("_row")
        also = [a["former"]] if a.get("former") else []
        if former:
            also.append(provincial_name(places, a["former"], prov["code"]))
        found = [locate_zone(places, a["name"], prov["code"], "")]
        if former:
            found.append(locate_zone(places, a["former"], prov["code"], former.get("address", "")))
        city, county, how = max(found, key=lambda f: (f[1] is not None, f[0] is not None))
        also = [x for x in dict.fromkeys(also) if x != a["name"]]
        kind, code = KIND_OF_TYPE.get(a["kind"], a["kind"]), former["code"] if former else ""
        zones.append(
            zone_row(a["name"], also, "national", kind, (prov, city, county), code, how or "province", a["document"])
        )
    codes = {f["name"]: f["code"] for f in functional}
    zones += [new_area(places, a, codes.get(a["name"], "")) for a in new_areas]
    known = {z["name"] for z in zones} | {a for z in zones for a in z["_also"]}
    for f in functional:
        if f["name"] in known:
            continue
        city = places.by_code.get(f["city_code"])
        prov = places.by_code[f["province_code"]]
        kind = next((k for t, k in KIND_OF_TYPE.items() if f["name"].endswith(t)), "其他")
        where = (prov, city, None)
        zones.append(zone_row(f["name"], [], "", kind, where, f["code"], "statistics_code", "统计用区划代码功能区"))

    # A form that keeps the zone's place word (its name, the catalogue's name, `…经开区`) outranks one
    # made by dropping its city (`益阳长春经济开发区` → `长春经济开发区`): the latter never takes a name
    # another zone goes by with its place (`长春经开区` stays 长春's); a form two zones claim alike is neither's.
    def own(z: dict) -> list[str]:
        return list(dict.fromkeys([z["name"], *z.get("_also", []), *aliases_of(z["name"], None)]))

    # A provincial zone's name without its city is kept only when what is left starts with a county or
    # district (`常州天宁经济开发区` → `天宁经济开发区`): `德州运河经济开发区` → `运河经济开发区` would take
    # every other city's 运河 zone for 德州's (national zones keep theirs, as before: `净月高新区`).
    def dropped(z: dict) -> list[str]:
        out = [a for a in aliases_of(z["name"], z["_city"]) if a not in own(z)]
        if z["level"] == "provincial":
            out = [a for a in out if places.leading(a, z["_city"]["code"])[0]]
        return out

    first = Counter(a for z in zones for a in own(z))
    second = Counter(a for z in zones for a in set(dropped(z)))
    for z in zones:
        kept = [a for a in own(z)[1:] if first[a] == 1] + [a for a in dropped(z) if not first[a] and second[a] == 1]
        z["aliases"] = "|".join(kept)
    for z in zones:
        z.pop("_city"), z.pop("_also", None)
    return zones


def new_area(places: Places, row: dict, code: str) -> dict:
    """A national new area's zone row, placed where its source row says (a province alone where the area
    spans several cities)."""
    prov = places.province_of(row["province"])
    if not prov:
        sys.exit(f"unknown province {row['province']!r} for {row['name']}")
    city = county = None
    if row["city"]:
        city = next(
            (r for r in places.terms.get(row["city"], []) if r["level"] == 2 and r["province_code"] == prov["code"]),
            None,
        )
        if not city:
            sys.exit(f"unknown city {row['city']!r} for {row['name']}")
    if row["county"]:
        county = next(
            (r for r in places.terms.get(row["county"], []) if r["level"] == 3 and r["city_code"] == city["code"]), None
        )
        if not county:
            sys.exit(f"unknown county {row['county']!r} for {row['name']}")
    also = [a for a in row["aliases"].split("|") if a]
    return zone_row(
        row["name"], also, "national", "新区", (prov, city, county), code, "source", f"国务院批复{row['approved']}"
    )


def zone_row(name: str, also: list[str], level: str, kind: str, where: tuple, code: str, how: str, source: str) -> dict:
    """One zone's row: `where` is (province, city, county) division rows, city and county possibly None;
    `_also` (its other names) and `_city` serve the alias step and are dropped before writing."""
    prov, city, county = where
    return {
        "name": name,
        "_also": also,
        "level": level,
        "kind": kind,
        "province": prov["name"],
        "city": city["name"] if city else "",
        "county": county["name"] if county else "",
        "adcode": (county or city or prov)["code"],
        "code": code,
        "located_by": how,
        "source": source,
        "_city": city,
    }


def write(path: Path, header: str, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {header}\n")
        w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--divisions", type=Path, required=True, help="folder with provinces.csv cities.csv areas.csv")
    ap.add_argument("--catalogue", type=Path, default=DATA / "sources" / "kaifaqu_2018_extract.csv")
    ap.add_argument("--approvals", type=Path, default=DATA / "sources" / "national_after_2018.csv")
    ap.add_argument("--new-areas", type=Path, default=DATA / "sources" / "national_new_areas.csv")
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    rows, functional = build_divisions(args.divisions)
    places = Places(rows)
    zones = build_zones(
        places, read_csv(args.catalogue), functional, read_csv(args.approvals), read_csv(args.new_areas)
    )
    write(
        args.out / "admin_divisions.csv",
        f"来源: {DIVISIONS_SOURCE}; 由 tools/build_places.py 生成",
        rows,
        ["code", "name", "short", "level", "province_code", "city_code", "weak"],
    )
    write(
        args.out / "zones.csv",
        f"来源: {CATALOGUE_SOURCE}; {APPROVALS_SOURCE}; {NEW_AREAS_SOURCE}; 另加统计用区划代码中的功能区; "
        "由 tools/build_places.py 生成",
        zones,
        ["name", "aliases", "level", "kind", "province", "city", "county", "adcode", "code", "located_by", "source"],
    )
    located = Counter(z["located_by"] for z in zones)
    print(f"{len(rows)} divisions, {len(zones)} zones ({dict(located)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
