"""Large synthetic corpora for the benchmarks: news articles about industrial projects, built from our
own phrase tables, none copied from a real article.

Why synthetic: the benchmark needs 100,000 distinct articles of the real *shape* (length, mix of
project reports, lists, aggregates and articles with no project) and the development corpus has 88.
Every article is a pure function of (seed, index), so a corpus of 20,000 is the first 20,000 of
100,000, and "1% new articles" are simply the next indices. Projects recur across nearby articles
(signed, then started, then in production), so resolution has real work to do, and a few flagship
projects recur in hundreds of articles over the years under several names (crowded blocks). No two
articles are the same: each states its own figures, and `write_corpus` checks it.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# ------------------------------------------------------------------ phrase tables (data, not code)

# Brand syllables: two of them make a company brand (`恒瑞`, `凯盛`); 72 × 71 brands.
BRAND_CHARS = (
    "华宏鑫瑞泰恒圣远达凯盛金海天鸿兴博润嘉信丰源汇康德通宇晟晨昊明辰星光阳安正中国永新同联荣祥瀚"
    "启航科创智诚和元亚东方佳立鼎益万隆九洲大美长城"
)
REGION_PREFIXES = ("山东", "江苏", "浙江", "安徽", "河南", "广东", "", "", "", "")
COMPANY_SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司", "科技有限公司", "集团")
# (industry word in a company name, products, unit of yearly capacity)
INDUSTRIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("新材料", ("高纯石墨", "碳纤维复合材料", "特种合金", "锂电隔膜", "电子级多晶硅", "高性能树脂"), "万吨"),
    ("智能装备", ("工业机器人", "五轴数控机床", "高端液压件", "精密轴承", "智能物流装备"), "台（套）"),
    ("新能源", ("动力电池", "光伏组件", "储能电池", "氢燃料电池电堆", "风电齿轮箱"), "GWh"),
    ("生物医药", ("原料药", "医用敷料", "体外诊断试剂", "生物制剂", "中药饮片"), "吨"),
    ("电子信息", ("智能终端", "半导体封装测试", "显示模组", "服务器主板", "5G通信模块"), "万片"),
    ("食品", ("休闲食品", "预制菜", "植物蛋白饮料", "低温乳制品", "速冻面点"), "万吨"),
    ("纺织", ("功能性面料", "高支纱线", "产业用纺织品", "无纺布"), "万米"),
    ("汽车零部件", ("新能源汽车电机", "铝合金轮毂", "线控制动系统", "汽车线束", "商用车驾驶室"), "万套"),
    ("工程机械", ("中大型挖掘机", "装载机", "高空作业平台", "矿用卡车"), "台"),
)
FACILITIES = ("生产基地", "产业园", "智能制造基地", "产业化基地", "研发生产基地", "智能工厂", "产业园区")
PROJECT_FORMS = (
    "{brand}{product}{facility}项目",
    "{brand}年产{capacity}{unit}{product}项目",
    "{brand}{industry}{facility}项目",
    "{brand}{product}扩建项目",
    "{brand}{product}生产线项目",
)
# Parks: the sample gazetteer's and names made of a place and a zone word (found by their endings).
PLACES = (
    "任城",
    "兖州",
    "曲阜",
    "邹城",
    "微山",
    "鱼台",
    "金乡",
    "嘉祥",
    "汶上",
    "泗水",
    "梁山",
    "滕州",
    "沂南",
    "兰陵",
    "郯城",
    "单县",
    "曹县",
    "巨野",
    "宁阳",
    "肥城",
    "高密",
    "寿光",
    "临朐",
    "桓台",
    "齐河",
    "禹城",
)
ZONE_WORDS = ("经济开发区", "高新区", "化工产业园", "智能制造产业园", "新材料产业园", "工业园区", "经开区")
GAZETTEER_PARKS = (
    "济宁高新区",
    "济宁经开区",
    "中韩高端装备产业园",
    "智能终端产业园",
    "金科生命健康城",
    "济宁创新谷",
    "运河经济开发区",
    "太白湖新区",
    "邹城经济开发区",
    "曲阜经济开发区",
    "兖州经济开发区",
)
CITIES = ("济宁", "临沂", "菏泽", "泰安", "潍坊", "淄博", "德州", "枣庄")
REPORTERS = (
    "张伟 王芳 李娜 刘洋 陈静 杨帆 赵磊 黄敏 周强 吴昊 徐丽 孙浩 马骏 朱琳 胡斌 郭峰 何敏 高翔 林岚 罗成".split()
)
BUILDINGS = (
    "生产车间",
    "研发中心",
    "综合办公楼",
    "智能仓储中心",
    "检测中心",
    "职工公寓",
    "动力站房",
    "污水处理站",
)
SECTORS = ("高端装备", "新材料", "新能源", "生物医药", "新一代信息技术", "现代食品", "绿色化工", "现代物流")
FILLER_OPENERS = (
    "今年以来，{place}坚持把项目建设作为稳增长、调结构的主抓手，",
    "近年来，{place}聚焦主导产业链条，",
    "围绕“工业强区”目标，{place}",
    "为加快新旧动能转换，{place}",
    "一季度，{place}全力以赴抓招商、上项目，",
)
FILLER_MIDDLES = (
    "实行“一个项目、一名领导、一个专班”的包保推进机制，帮助企业协调解决用地、用工、融资等难题{n}个，",
    "开展“百日攻坚”行动，累计走访企业{n}家次，",
    "持续优化营商环境，推行“拿地即开工”审批模式，审批时限压缩至{n}个工作日，",
    "坚持链式招商、以商招商，围绕龙头企业招引上下游配套企业{n}家，",
    "建立重点项目周调度、月通报制度，全年召开现场推进会{n}次，",
    "强化要素保障，新增建设用地指标{n}亩，",
)
FILLER_CLOSERS = (
    "为全年经济发展打下了坚实基础。",
    "推动项目建设跑出“加速度”。",
    "产业集聚效应日益显现。",
    "以项目建设的高质量推动经济发展的高质量。",
    "着力打造区域发展新的增长极。",
)
QUOTES = (
    "“我们将全力加快建设进度，确保项目早日投产见效。”{company}负责人{person}说。",
    "{person}介绍，项目所在地的服务专班全程帮办，手续办理时间比预期缩短了{n}天。",
    "“这里的产业配套和营商环境，是我们选择落户的重要原因。”{company}总经理{person}表示。",
)
BACKGROUNDS = (
    "{company}成立于{year}年，是一家集研发、生产、销售于一体的国家高新技术企业，拥有授权专利{patents}项，"
    "产品远销{n}个国家和地区，国内市场占有率约{share}%。",
    "据了解，{company}是行业内的骨干企业，近年来研发投入年均增长{share}%以上，先后承担省级以上科技项目{n}项，"
    "建有省级企业技术中心和工程研究中心。",
    "作为当地重点培育的链主企业，{company}已带动{n}家上下游配套企业集聚发展，形成了从原材料到终端产品的完整链条，"
    "累计获得发明专利{patents}项。",
)
NEXT_STEPS = (
    "下一步，{place}将继续坚持“要素跟着项目走”，强化用地、用能、资金等要素保障，深化“帮办代办”服务，"
    "力争全年新开工亿元以上项目{n}个以上，以项目建设的实绩实效推动经济高质量发展。",
    "{place}相关负责人表示，将进一步完善项目推进机制，对在建项目实行清单化管理、节点化推进，"
    "确保年内{n}个重点项目全部按期完成建设任务。",
    "据介绍，{place}今年共谋划储备重点项目{n}个，涉及产业升级、基础设施、社会民生等多个领域，"
    "将持续掀起项目建设新热潮，为全市高质量发展提供有力支撑。",
)
LIST_LEADS = ("其中，", "同时开工的", "此外，", "另外，", "在开工现场，")
POLICY_TOPICS = (
    "优化营商环境",
    "安全生产",
    "人才引进",
    "科技创新",
    "减税降费",
    "土地集约利用",
    "数字化转型",
)


@dataclass(frozen=True)
class Project:
    """A project the synthetic news reports on, stable across the articles that mention it."""

    name: str
    short: str  # `恒瑞项目`: how a later article may call it
    company: str
    park: str
    investment_yi: float  # 亿元
    output_yi: int
    jobs: int
    area_mu: int


def _brand(rng: random.Random) -> str:
    return "".join(rng.sample(BRAND_CHARS, 2))


def _park(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(GAZETTEER_PARKS)
    return rng.choice(PLACES) + rng.choice(ZONE_WORDS)


def project(seed: int, number: int) -> Project:
    """Project `number` of the corpus: its names, company, park and figures."""
    rng = random.Random(f"{seed}:project:{number}")
    brand = _brand(rng)
    industry, products, unit = rng.choice(INDUSTRIES)
    product = rng.choice(products)
    name = rng.choice(PROJECT_FORMS).format(
        brand=brand,
        product=product,
        facility=rng.choice(FACILITIES),
        capacity=rng.choice((1, 2, 3, 5, 6, 8, 10, 12, 15, 20, 30, 50, 100)),
        unit=unit,
        industry=industry,
    )
    company = rng.choice(REGION_PREFIXES) + brand + industry + rng.choice(COMPANY_SUFFIXES)
    investment = rng.choice((round(rng.uniform(0.5, 9.9), 1), rng.randint(10, 60), rng.randint(60, 150)))
    return Project(
        name=name,
        short=brand + "项目",
        company=company,
        park=_park(rng),
        investment_yi=investment,
        output_yi=max(1, int(investment * rng.uniform(0.8, 3.0))),
        jobs=rng.choice((80, 120, 150, 200, 260, 300, 350, 500, 800, 1000, 1200, 1500, 2000)),
        area_mu=rng.randint(30, 1200),
    )


def _yi(value: float) -> str:
    return f"{value:g}亿元"


def _filler(rng: random.Random, place: str, sentences: int) -> str:
    parts = [rng.choice(FILLER_OPENERS).format(place=place)]
    for middle in rng.sample(FILLER_MIDDLES, min(sentences, len(FILLER_MIDDLES))):
        parts.append(middle.format(n=rng.randint(3, 480)))
    parts.append(rng.choice(FILLER_CLOSERS))
    return "".join(parts)


def _background(rng: random.Random, p: Project) -> str:
    """A paragraph about the company: most real reports have one, and it names no project."""
    return rng.choice(BACKGROUNDS).format(
        company=p.company,
        year=rng.randint(1995, 2014),
        n=rng.randint(8, 90),
        share=rng.randint(5, 40),
        patents=rng.randint(12, 600),
    )


def _quote(rng: random.Random, p: Project) -> str:
    return rng.choice(QUOTES).format(company=p.company, person=rng.choice(REPORTERS), n=rng.randint(5, 90))


# ------------------------------------------------------------------ article kinds


def _groundbreaking(rng: random.Random, day: date, projects: list[Project], place: str) -> tuple[str, str]:
    park = projects[0].park
    n = rng.randint(len(projects) + 2, 40)
    total = round(sum(p.investment_yi for p in projects) + rng.uniform(5, 200), 1)
    title = f"{place}{day.year}年第{rng.choice('一二三四')}季度重点项目集中开工"
    paras = [
        f"本报讯（记者 {rng.choice(REPORTERS)}）{day.month}月{day.day}日上午，{place}{day.year}年重点项目集中开工仪式"
        f"在{park}举行。本次集中开工项目{n}个，总投资{_yi(total)}，涵盖{'、'.join(rng.sample(SECTORS, 3))}等领域。"
    ]
    for p in projects:
        paras.append(
            f"{rng.choice(LIST_LEADS)}{p.company}投资建设的{p.name}，总投资{_yi(p.investment_yi)}，"
            f"占地{p.area_mu}亩，主要建设{'、'.join(rng.sample(BUILDINGS, 3))}等，"
            f"项目建成后可实现年产值{p.output_yi}亿元，新增就业岗位{p.jobs}个。"
        )
    paras.append(_background(rng, projects[-1]))
    paras.append(_filler(rng, place, rng.randint(2, 4)))
    return title, "\n".join(paras)


def _signing(rng: random.Random, day: date, projects: list[Project], place: str) -> tuple[str, str]:
    p = projects[0]
    title = f"{p.name}签约落户{p.park}"
    paras = [
        f"{day.month}月{day.day}日，{p.park}与{p.company}举行{p.name}签约仪式。",
        f"该项目计划总投资{_yi(p.investment_yi)}，规划用地{p.area_mu}亩，将建设{rng.choice(BUILDINGS)}及配套设施，"
        f"预计{day.year + 1}年{rng.randint(1, 12)}月建成投产，"
        f"达产后可实现年产值{p.output_yi}亿元，带动就业{p.jobs}人。",
        _quote(rng, p),
        _background(rng, p),
    ]
    if len(projects) > 1:
        rest = "、".join(q.name for q in projects[1:])
        paras.append(f"当天，{rest}等项目也同步签约，签约项目总投资{_yi(sum(q.investment_yi for q in projects))}。")
    paras.append(_filler(rng, place, rng.randint(2, 4)))
    return title, "\n".join(paras)


def _progress(rng: random.Random, day: date, projects: list[Project], place: str) -> tuple[str, str]:
    title = f"{place}：重点项目建设跑出加速度"
    paras = [_filler(rng, place, rng.randint(2, 4))]
    for p in projects:
        pct = rng.randint(20, 95)
        paras.append(
            f"在{p.park}，{p.name}建设现场塔吊林立、机器轰鸣。该项目由{p.company}投资{_yi(p.investment_yi)}建设，"
            f"目前主体工程已完成{pct}%，预计{rng.randint(1, 12)}月份竣工。{_quote(rng, p)}"
        )
        paras.append(_background(rng, p))
    return title, "\n".join(paras)


def _production(rng: random.Random, day: date, projects: list[Project], place: str) -> tuple[str, str]:
    p = projects[0]
    title = f"{p.short.removesuffix('项目')}{rng.choice(('正式投产', '建成投产', '竣工投产'))}"
    paras = [
        f"本报{place}{day.month}月{day.day}日讯 近日，位于{p.park}的{p.name}正式投产。",
        f"该项目总投资{_yi(p.investment_yi)}，由{p.company}建设，全部达产后可实现年产值{p.output_yi}亿元、"
        f"利税{max(1, p.output_yi // 8)}亿元，提供就业岗位{p.jobs}个。",
        _quote(rng, p),
        _background(rng, p),
        _filler(rng, place, rng.randint(2, 4)),
    ]
    return title, "\n".join(paras)


def _listing(rng: random.Random, day: date, projects: list[Project], place: str) -> tuple[str, str]:
    names = "、".join(p.name for p in projects)
    title = None
    paras = [
        f"{day.year}年以来，{place}加快推进{names}等重点项目建设，"
        f"全年计划实施亿元以上项目{rng.randint(20, 160)}个，年度计划投资{_yi(round(rng.uniform(30, 400), 1))}。",
        _filler(rng, place, rng.randint(2, 4)),
        _background(rng, projects[0]),
        _filler(rng, place, rng.randint(2, 4)),
    ]
    return title, "\n".join(paras)


def _policy(rng: random.Random, day: date, projects: list[Project], place: str) -> tuple[str, str]:
    topic = rng.choice(POLICY_TOPICS)
    title = f"{place}召开{topic}工作会议"
    paras = [
        f"{day.month}月{day.day}日，{place}召开{topic}工作会议，{rng.choice(REPORTERS)}出席会议并讲话。",
        f"会议指出，做好{topic}工作，事关全局发展，要提高站位、压实责任，确保各项任务落到实处。",
        _filler(rng, place, rng.randint(3, 6)),
        _filler(rng, place, rng.randint(2, 4)),
        f"会议要求，各部门要对标先进、补齐短板，全年完成{topic}重点任务{rng.randint(8, 60)}项。",
    ]
    return title, "\n".join(paras)


# ------------------------------------------------------------------ flagship projects

# Projects the paper reports hundreds of times over the years (a city's largest investments), under
# several names: resolution must keep each one project however crowded its blocks get. Brand
# characters outside BRAND_CHARS, so no ordinary project shares a brand with them.
FLAGSHIPS: tuple[tuple[str, str, str, str, int], ...] = (  # (brand, company, park, product, 亿元)
    ("璟曜", "璟曜新能源科技有限公司", "济宁高新区", "动力电池", 10),
    ("翊澜", "翊澜半导体股份有限公司", "兖州经济开发区", "功率芯片", 35),
    ("珩朔", "珩朔生物医药集团有限公司", "曲阜经济开发区", "生物制剂", 18),
)
FLAGSHIP_SHARE = 0.03  # of all articles: at 20,000 articles each flagship is reported about 200 times
FLAGSHIP_NAMES = (
    "{brand}{product}生产基地项目",
    "{brand}{product}生产基地",
    "{brand}{product}项目",
    "{brand}{product}生产基地一期",
    "{company}{product}生产基地项目",
)
# (sentence, years after the first article from which it is written): signed, started, building,
# finished, in production; each names the project in one of the forms above
FLAGSHIP_STAGES: tuple[tuple[str, int], ...] = (
    ("{m}月{d}日，{park}与{company}签约{name}，项目总投资{inv}亿元，规划用地{mu}亩。", 0),
    ("{m}月{d}日，总投资{inv}亿元的{name}在{park}正式开工建设。", 1),
    ("在{park}，{name}建设现场塔吊林立，主体工程已完成{pct}%。", 2),
    ("{name}建设提速，已完成年度计划的{pct}%，厂房主体已封顶。", 2),
    ("位于{park}的{name}近日竣工验收，{company}负责人{person}介绍了设备调试情况。", 4),
    ("{name}正式投产，全部达产后可实现年产值{out}亿元，提供就业岗位{jobs}个。", 5),
)


def flagship_article(
    seed: int, index: int, day: date, which: int | None = None, since: date | None = None
) -> tuple[str | None, str]:
    """An article about one of the flagship projects (`which`, else by index), at the stage its age (from
    `since`) allows, in varied words."""
    rng = random.Random(f"{seed}:flagship:{index}")
    brand, company, park, product, inv = FLAGSHIPS[index % len(FLAGSHIPS) if which is None else which]
    age = (day - (since or FIRST_DAY)).days / 365.25
    sentence = rng.choice([s for s, since in FLAGSHIP_STAGES if since <= age] or [FLAGSHIP_STAGES[0][0]])
    name = rng.choice(FLAGSHIP_NAMES).format(brand=brand, company=company, product=product)
    text = sentence.format(
        m=day.month,
        d=day.day,
        park=park,
        company=company,
        name=name,
        inv=inv,
        mu=rng.randint(200, 900),
        pct=rng.randint(20, 95),
        person=rng.choice(REPORTERS),
        out=inv * 3,
        jobs=rng.choice((800, 1000, 1500)),
    )
    place = park[:2]
    return None, text + "\n" + _filler(rng, place, rng.randint(2, 4))


KINDS = (  # (writer, share of articles, projects it names)
    (_groundbreaking, 0.22, (1, 3)),
    (_signing, 0.2, (1, 3)),
    (_progress, 0.18, (1, 2)),
    (_production, 0.15, (1, 1)),
    (_listing, 0.1, (2, 4)),
    (_policy, 0.15, (0, 0)),
)
ARTICLES_PER_DAY = 27  # 100,000 articles span about ten years
FIRST_DAY = date(2015, 1, 1)
PROJECT_WINDOW = 40  # an article names projects numbered near index / 3: each recurs in a few articles


def article(seed: int, index: int) -> dict:
    """Article `index` as a JSON Lines record `{"id", "text", "title", "date", "url"}`."""
    rng = random.Random(f"{seed}:article:{index}")
    day = FIRST_DAY + timedelta(days=(index // ARTICLES_PER_DAY) % 4000)
    writer, _, (low, high) = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
    centre = index // 3
    numbers = rng.sample(range(max(0, centre - PROJECT_WINDOW), centre + PROJECT_WINDOW), rng.randint(low, high))
    projects = [project(seed, n) for n in numbers]
    place = rng.choice(CITIES) + rng.choice(("市", "高新区", "经开区"))
    if rng.random() < FLAGSHIP_SHARE:
        title, text = flagship_article(seed, index, day)
    else:
        title, text = writer(rng, day, projects, place)
    if rng.random() < 0.7:
        text += "\n" + rng.choice(NEXT_STEPS).format(place=place, n=rng.randint(10, 300))
    text += f"\n（通讯员 {rng.choice(REPORTERS)} {rng.choice(REPORTERS)}）" if rng.random() < 0.5 else ""
    record: dict = {"id": f"bench-{seed}-{index:07d}", "text": text, "title": title, "date": None, "url": None}
    form = rng.random()
    if form < 0.6:
        record["date"] = day.isoformat()
    if form >= 0.3:
        record["url"] = f"https://news.example.cn/{day:%Y%m/%d}/content_{seed}_{index}.html"
    return record


def articles(seed: int, start: int, count: int) -> Iterator[dict]:
    for index in range(start, start + count):
        yield article(seed, index)


def write_corpus(
    directory: Path, start: int, count: int, *, seed: int = 6, per_file: int = 10_000, prefix: str = "news"
) -> list[Path]:
    """Write articles start..start+count as JSON Lines files of `per_file` records; return the files.
    Raises ValueError if two articles come out the same (the content-hash skip must not cheat)."""
    directory.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    paths: list[Path] = []
    for first in range(start, start + count, per_file):
        n = min(per_file, start + count - first)
        path = directory / f"{prefix}-{first:07d}-{first + n - 1:07d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for record in articles(seed, first, n):
                digest = hashlib.blake2b(record["text"].encode(), digest_size=12).digest()
                if digest in seen:
                    raise ValueError(f"article {record['id']} repeats an earlier one")
                seen.add(digest)
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
