"""Rule tables for extraction: words, not code. Each table says what it is for and in what order
it is matched. Everything here is matched on folded text (see textnorm.fold)."""

from __future__ import annotations

import re

# Stages in order, with the cue words that show a project reached them (GUIDE.md). Matched longest
# first across all stages; a cue followed by 后 (`建成后`, `投产后`) is a condition, not an event.
STAGE_CUES: dict[str, tuple[str, ...]] = {
    "签约": ("签约", "签订", "签署", "签定", "落户", "引进", "导入", "招引", "拟建", "拟在", "规划建设", "加快落地",
             "落地", "入驻", "达成合作", "洽谈", "意向", "新签约", "合作协议", "投资合同", "立项"),
    "开工": ("开工", "动工", "奠基", "开工建设", "开建", "破土动工", "启动建设", "正式开工", "集中开工", "开工仪式", "开工典礼"),
    "在建": ("在建", "建设中", "加快建设", "推进建设", "加速建设", "正在建设", "加速推进", "加快推进", "正加速推进", "推进",
             "施工", "主体封顶", "封顶", "设备安装", "安装", "续建", "建设进程", "建设进度", "加紧", "抢抓工期", "收尾",
             "正在进行", "全面建设", "项目工地", "建设了", "主体工程", "紧张施工", "抓紧施工"),
    "竣工": ("竣工", "建成", "完工", "收官", "拔地而起", "基本具备竣工条件"),
    "投产": ("投产", "投入生产", "投入运营", "试生产", "试运营", "开业", "运营", "正式生产", "正常生产", "生产运营", "投入使用",
             "点火", "接火运行", "投产运行", "建成投产", "竣工投产", "已投产", "投入试生产", "量产", "正式运营"),
    "达产": ("达产", "达效", "满产", "达产达效"),
}
STAGE_ORDER = {s: i for i, s in enumerate(STAGE_CUES)}
# What a plan for a stage says about now: a project planned to start production is still being built.
STAGE_BEFORE_PLAN = {"签约": "签约", "开工": "签约", "在建": "签约", "竣工": "在建", "投产": "在建", "达产": "投产"}
# Words that turn the cue after them into a plan (`计划`, `预计`, `将`, `力争`, `年内`, ...), matched in the
# few characters before the cue.
PLAN_WORDS = ("计划", "预计", "将于", "将在", "将", "力争", "年内", "争取", "确保", "力促", "拟", "有望", "即将", "尽快",
              "早日", "预期", "待", "要", "推动项目", "加快项目", "促项目", "计划于", "可望", "准备", "目标")
# A cue followed by one of these is a condition or a purpose, not an event (`建成后`, `投产后可实现`).
CONDITION_AFTER = ("后", "以后", "之后", "时")

# Heads that end a project's name. 项目 and 工程 always make a candidate; the facility heads only
# when something in the sentence shows the facility is being built (see extract._anchored).
PROJECT_HEADS = ("建设项目", "项目")
FACILITY_HEADS = ("工程", "生产基地", "制造基地", "产业基地", "总部基地", "基地", "产业园区", "产业园", "工业园区", "工业园", "科技园",
                  "创业园", "物流园", "创新园", "科创园", "高科园", "生态园", "园区", "产业城", "科技城", "健康城", "商贸城",
                  "汽车城", "创意城", "产业新城", "产业集群", "总部", "研究院", "实验室", "联创中心", "运营中心", "数据中心",
                  "计算中心", "制造中心", "工厂", "车间", "生产线", "综合体", "家居广场", "国际广场", "公路港", "物流港")
HEADS = tuple(sorted(PROJECT_HEADS + FACILITY_HEADS, key=len, reverse=True))
# The characters a name may hold, and the words at which a name's left edge stops when read
# leftwards from its head. Longest first; the single characters are particles and prepositions.
NAME_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9·&+()“”\"《》.\-]")
STOP_BEFORE = tuple(sorted({
    # particles and prepositions (one character: only those that never sit inside a name)
    "的", "在", "是", "对", "把", "将", "被", "由", "以", "从", "向", "于", "到", "了", "着", "有", "等", "又", "也",
    "已", "并", "即", "让", "使", "给", "及其", "其", "但", "而", "还", "就", "才", "暨", "则", "且", "该", "此", "这",
    "那", "据了解", "据悉", "据介绍", "据统计", "本次", "本报", "本项目", "主要建设", "建设内容",
    # verbs and adverbs that come before a project's name
    "建设", "开工建设", "新建", "续建", "投资", "推进", "加快", "加速", "实施", "启动", "签约", "签订", "签署", "签定",
    "引进", "导入", "落户", "落地", "打造", "观摩", "参观", "考察", "举行", "举办", "包括", "分别是", "分别为", "其中",
    "以及", "推动", "促进", "力促", "争取", "确保", "聚焦", "围绕", "依托", "支持", "开工", "奠基", "竣工", "投产",
    "建成", "完成", "新上", "上马", "主要", "计划", "预计", "位于", "属于", "成为", "作为", "列为", "这个", "一批",
    "这些", "那些", "对接", "洽谈", "招引", "吸引", "入驻", "进驻", "走进", "来到", "设在", "开建", "动工", "承建",
    "兴建", "筹建", "申报", "列入", "纳入", "入选", "入围", "涉及", "涵盖", "拥有", "形成", "做强", "做大", "培育",
    "壮大", "提升", "提速", "加紧", "抓好", "办理", "探讨", "聚力", "全力", "大力", "积极", "正式", "顺利", "成功",
    "先后", "相继", "陆续", "正在", "目前", "现已", "已经", "今年", "去年", "日前", "近日", "当天", "今天", "上午",
    "下午", "同时", "此外", "另外", "还有", "首个", "官宣", "发布", "揭牌", "视察", "调研", "查看", "听取", "介绍",
    "表示", "指出", "获悉", "了解", "看到", "参加", "出席", "宣布", "启动了", "开启", "拉开", "助推", "带动", "新增",
    "增加", "实现", "达到", "帮助", "协调", "解决", "重点围绕", "瞄准", "布局", "谋划", "规划", "像", "例如", "比如",
    "诸如", "成立", "组建", "通过", "经过", "随着", "根据", "按照", "一是", "二是", "三是", "四是", "首先", "其次",
    "最后", "如今", "当前", "近年来", "今年以来", "以来", "现场", "这里", "开发建设", "投资建设", "投资兴建",
    "合作建设", "合资建设", "共同建设", "共同投资", "共同", "联合", "携手", "加快推进", "全面", "持续", "继续",
    "进一步", "着力", "全速", "高标准", "高起点", "倾力", "致力", "旨在", "力求", "力争", "一个", "两个", "三个",
    "不再", "奋进", "实行", "严格", "服务",
    "一座", "一家", "多家", "两大", "三大", "当年", "总投资", "投用", "投入", "招商", "承接", "再次", "再度", "首批",
    "此次", "这次", "这一", "当日", "昨日", "昨天", "新春", "今后", "下一步", "重点推进", "总规划",
    "占地", "我市", "我县", "我区", "全市", "全县", "全区", "全省", "集团与", "公司与", "政府与", "人民政府与",
    "主会场", "分会场", "发挥", "争当", "做好", "创建", "强化", "搬入", "建立", "优化", "融入", "进入", "迈向",
    "跻身", "放大", "深化", "完善", "用好", "建好", "管好", "抓实", "加强", "成立了", "获评", "荣获", "评为",
    "命名为", "认定为", "图为", "加大", "其他", "自从", "按下", "坚持", "筛选", "落实", "冲刺", "狠抓", "掀起",
    "不断", "提高", "调出", "调入", "评选", "推出", "打好", "打响",
}, key=len, reverse=True))
# 和/及/与 stay inside a name (`十里湖生态修复和水质提升工程`) unless what stands before them is itself a
# complete name (`X产业园和Y基地`).
JOINERS = ("和", "及", "与", "或")
# Words that hold a stop character but belong inside a name (`有限公司`).
PROTECTED = tuple(sorted(("有限公司", "有限责任公司", "股份有限公司", "有机", "有色", "以色列", "中国", "国际", "之星", "之光",
                          "为民", "有限", "日本", "研究所", "正阳", "蒜都", "中都", "未来"), key=len, reverse=True))
# Endings of a company's name, used to find the company inside a project's name (longest first).
COMPANY_SUFFIXES = tuple(sorted((
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "重工", "电子", "科技", "机械", "实业", "医药",
    "药业", "纸业", "食品", "电器", "股份", "能源", "钢铁", "新材料", "光电", "电力", "电源", "生物", "化工", "纺织",
    "家居", "家俬", "工贸", "建机", "米业", "管业", "建材", "物流", "金属", "轻合金", "新能源", "汽车部件", "矿业", "控股",
    "电工", "焦化", "玻璃纤维", "碳素", "信息科技", "半导体", "微电子", "牧业", "车轮", "型钢", "水滸", "置业", "地产",
), key=len, reverse=True))
# Parts of a name that are no company (`工程机械…`, `高端…`): a company found inside a name must
# have a brand before its ending that is not one of these.
NOT_BRAND = ("工程", "高端", "新型", "智能", "国际", "中国", "全球", "现代", "先进", "绿色", "高性能", "年产", "新建",
             "精密", "智慧", "数字", "生态", "综合", "特种", "专用", "重点", "大型", "省级", "市级", "国家")
MAX_NAME = 48

# Heads that name a part of a plant (a workshop, a line): a project only with a company in its name.
PART_HEADS = ("车间", "生产线", "工厂")
# A head followed by these is part of a longer word (`工程机械`, `项目经理`), not the end of a name.
HEAD_CONTINUES = re.compile(
    r"(?:机械|机|师|院|车|技术|咨询|质量|设计|建设方|量|局|兵|学|部|队|款|产业|行业|领域|板块|专业|经理|组|库|单位|办|专班|"
    r"负责人|管理|审批|服务|人员|资金|用地|手续|进度|推进会|建设进度)"
)
# A head followed by a count names a category (`工业项目95个`, `…功能区项目28个`).
HEAD_COUNTED = re.compile(r"\s*(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:个|项|家)")
# A name that starts with a quantity (`10座工厂`, `1号车间`) or with 项目 (`项目一期印染生产线`) is a part.
PART_PREFIX = re.compile(r"^(?:(?:\d+|[一二三四五六七八九十两几百]+)\s*(?:座|处|条|号|栋|所|台|套|间)|项目|工程)")
# Verbs a badly bounded name may start with; they say nothing about which project it is.
GENERIC_VERBS = ("突破", "发展", "落实", "掌握", "贯穿", "保证", "入围", "实时", "评估", "风险", "合同", "确定", "重视",
                 "开展", "谋划", "包装", "申报", "对接", "推介", "调度", "督导", "跟踪", "管理", "落地", "精", "优",
                 "春季", "夏季", "秋季", "冬季", "季度", "上半年", "下半年", "各地", "新质生产力", "世界一流", "一大批",
                 "大批", "高科技", "领域", "协同", "企业", "项目", "工程", "建筑", "主体", "基建", "土建", "砌体",
                 "外网", "装饰", "装修", "安装", "硬化", "重大项目", "高质量", "发展", "自主", "研发", "业务", "后续",
                 "交流", "大干", "十四五", "专项", "关键性", "关键", "支撑", "月份", "一流", "上市公司", "专精特新",
                 "500强", "强", "文化节", "推介会", "交流会", "博览会", "仪式", "活动", "五大", "十大", "三大", "四大",
                 "服务", "新一轮", "系列", "一系列", "不再", "公布", "优选", "前三批", "奋进", "实行", "严格", "基础",
                 "精装", "专业化", "标准化", "定制", "空间", "届", "主要")
# Sector words: a name made only of these (`高端纺织项目`, `新材料产业园`) names a sector, unless the text
# shows that very name being built, signed or given figures.
SECTOR_WORDS = ("纺织", "化工", "装备", "科技", "高端", "新材料", "新能源", "信息技术", "新一代", "信息", "医养健康", "医药",
                "健康", "电子信息", "数字经济", "智能制造", "先进制造", "制造", "现代服务", "材料", "机械", "汽车", "电子",
                "生物", "食品", "物流", "商贸", "电商", "光电", "半导体", "集成电路", "人工智能", "机器人")
# A name never holds a person's title (`…副总经理侯安贵共同按下项目`).
PERSON_TITLE = re.compile(r"书记|市长|县长|区长|省长|主任|总经理|董事长|局长|部长|处长|记者|通讯员|总裁|院士|会长")
# Where the left edge stops at one of these, the phrase describes a project (`作为…示范项目`), not names it.
PREDICATE_STOPS = ("是", "作为", "成为", "列为", "首个", "第一个", "一个", "主要建设", "建设内容")
# ... and the description gives itself away by one of these words.
DESCRIPTIVE = re.compile(r"重点|重大|示范|标杆|典型|之一|首个|关键|优质|配套|标志性|引领性|龙头")

# Parts of a name that say nothing about which project it is; a name made only of these (with
# digits, years and a head) is a generic phrase (`优质项目`, `重点项目`, `217个“双百工程”项目`).
GENERIC_PARTS = re.compile(
    "|".join(sorted((
        "优质", "重点", "重大", "建设", "产业化", "产业", "一批", "新建", "在建", "续建", "储备", "签约", "开工", "竣工",
        "集中", "招商", "引资", "双招双引", "省级", "市级", "区级", "县级", "省市区", "省市县", "省市", "三级", "亿元以上",
        "过亿元", "亿元", "过亿", "以上", "百项", "技改", "基础设施", "社会民生", "民生", "工业", "服务业", "外资", "内资",
        "龙头", "标志性", "引领性", "高质量发展", "新旧动能转换", "四个一批", "双百", "双新", "配套", "相关", "各类",
        "其他", "上述", "这些", "该", "此", "本", "大", "好", "高", "新", "全省", "全市", "全县", "全区", "省", "市",
        "县", "区", "镇", "年度", "今年", "去年", "城建", "城市", "意向", "合作", "政银企", "招大引强", "高大上",
        "个", "批", "项", "家", "类", "等", "的", "和", "及", "与", "了", "中", "上", "下", "生产", "这", "那", "各",
        "两大", "主导", "先进", "制造业", "战略性新兴", "新兴", "示范", "项目", "工程", "园区", "基地", "中心", "攻坚",
        "一期", "二期", "三期", "四期", "首期", "续建", "前期", "入库", "库", "交通", "水利", "能源", "环保", "绿化",
        "改造", "提升", "农业", "教育", "医疗", "卫生", "文化", "旅游", "商业", "住宅", "地产", "房地产", "棚改",
        "市政", "道路", "一号", "头号", "全部", "所有", "部分", "一些", "多个", "若干", "首批", "第一批", "第二批",
        "国家级", "国家", "试点", "平台", "载体", "节能", "绿色", "低碳", "数字", "智能", "化", "型",
    ) + GENERIC_VERBS, key=len, reverse=True))
)
# Place names a generic phrase may start with (`济宁市重点项目`, `山东省春季重大项目`).
PLACE_PART = re.compile(r"[\u4e00-\u9fff]{0,3}(?:省|市|县|区|镇|乡|街道|新城)|山东|济宁|各地|全国|国内|全球|世界|中国")
# Quantities removed before a name is judged generic (`共16万平方米建筑工程`).
QUANTITY = re.compile(r"[\d.]+\s*(?:万|亿)?\s*(?:平方米|平方公里|平米|亩|吨|台|套|辆|个|家|人|座|条)|\d+\s*月份?|\d+\s*日")
COUNT_RE = re.compile(r"\d+|[一二三四五六七八九十两百千]+")

# Words that mark an amount's meaning, read in the few characters before it (longest first).
INVESTMENT_CUES = ("计划总投资", "预计总投资", "项目总投资额", "总投资额", "总投资", "投资总额", "投资额", "协议投资", "合同投资",
                   "计划投资", "总投入", "投资", "投入", "筹资", "出资")
NOT_INVESTMENT = ("完成投资", "累计完成投资", "已完成投资", "完成固定资产投资", "年度计划投资", "今年计划投资",
                  "年计划投资", "计划完成投资", "到位资金", "到位内资", "利用外资", "注册资金", "注册资本", "授信",
                  "实物工作量", "完成工程投资", "固定资产投资")
OUTPUT_CUES = ("年产值", "总产值", "产值", "年销售收入", "销售收入", "年营业收入", "营业收入", "年营收", "营收", "年销售额",
               "销售额", "主营业务收入")
NOT_OUTPUT = ("工业总产值", "地区生产总值", "生产总值", "工业增加值", "增加值", "税收", "利税", "利润", "纳税")
JOBS_CUES = ("就业岗位", "就业", "岗位", "用工", "劳动定员", "定员", "员工", "职工")

# An amount in a sentence that counts projects belongs to an aggregate, never to one project.
AGGREGATE_COUNT = re.compile(
    r"(?:\d+|[一二三四五六七八九十两百千几]+)\s*(?:个|项|批|家)(?:[\u4e00-\u9fff“”\"]{0,12})(?:项目|工程|企业)"
    r"|(?:项目|工程|企业)(?:\d+|[一二三四五六七八九十两百千几]+)\s*(?:个|项|家)"
)
# Words that make an amount sentence about a place's totals, not about one project.
AGGREGATE_WORDS = ("全市", "全县", "全区", "全省", "共计", "合计", "累计", "总计", "前三季度", "上半年", "1-", "1—")

# Pronouns that point back at the project the text is talking about.
PRONOUNS = ("该项目", "此项目", "本项目", "这个项目", "这一项目", "项目")
