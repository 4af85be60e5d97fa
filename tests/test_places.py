"""Places: every mention on the map of China's administration, and one name per zone.

Tables of phrase shapes written for these tests (not corpus text): a zone places its project in a
city and province, a county in the sentence places it further, a dateline or masthead places the
article, a name two provinces share places nothing without a consistent higher level, a bare 高新区
is the zone of the article's city, and a park's prefixed or traditional forms are one name.
"""

from __future__ import annotations

import pytest

from pipeline.extract import find_mentions
from pipeline.model import Article
from pipeline.parks import canonical_park, find_parks
from pipeline.places import NOWHERE, article_region, locate, names_of, park_place, resolve, scan
from pipeline.textnorm import fold


def named(place) -> tuple:
    return names_of(place)[:3]


@pytest.mark.parametrize(
    "park, want",
    [
        ("苏州工业园区", ("江苏省", "苏州市", None)),
        ("长春净月高新区", ("吉林省", "长春市", "南关区")),
        ("南昌小蓝经开区", ("江西省", "南昌市", "南昌县")),
        ("威海火炬高技术产业开发区", ("山东省", "威海市", "环翠区")),
        ("盱眙经济开发区", ("江苏省", "淮安市", "盱眙县")),  # a provincial zone, as its own place words say
        ("山东省临沂临港经济开发区", ("山东省", "临沂市", None)),
        ("汶上经济开发区", ("山东省", "济宁市", "汶上县")),  # the user's parks.csv, by its region
        ("济宁高新区", ("山东省", "济宁市", None)),
        ("漳州台商投资区", ("福建省", "漳州市", None)),  # its address names no more than the kind
        # national new areas, which no catalogue lists: placed as far as their range lies in one place
        ("两江新区", ("重庆市", "重庆市", None)),
        ("青岛西海岸新区", ("山东省", "青岛市", "黄岛区")),
        ("雄安新区", ("河北省", "保定市", None)),
        ("天府新区", ("四川省", None, None)),  # 成都 and 眉山: the province, no city guessed
        ("貴安新區", ("贵州省", None, None)),  # written in traditional characters
    ],
)
def test_a_zone_places_its_project(park: str, want: tuple) -> None:
    assert named(park_place(park)) == want


@pytest.mark.parametrize(
    "sentence, want",
    [
        ("该项目落户汶上县南站镇，总投资5亿元", ("山东省", "济宁市", "汶上县")),
        ("在江苏省淮安市盱眙县投资建设年产10万吨项目", ("江苏省", "淮安市", "盱眙县")),
        ("项目选址邹城、曲阜两地", ("山东省", "济宁市", None)),  # two counties of one city: the city
        ("新能源基地在济宁市兖州区正式投产", ("山东省", "济宁市", "兖州区")),
        ("宁德时代在济宁市兖州区布局北方基地", ("山东省", "济宁市", "兖州区")),  # full names over `宁德`
        ("沿中山路新建一座物流园", (None, None, None)),  # a street, not 中山市
        ("项目位于白云镇", (None, None, None)),  # a town of that name, not 白云区
    ],
)
def test_place_words_in_the_sentence(sentence: str, want: tuple) -> None:
    assert named(locate(None, scan(fold(sentence)), NOWHERE)) == want


@pytest.mark.parametrize(
    "text, title, want",
    [
        ("本报济宁8月6日讯 （记者 王某）日前，一批项目集中开工。", None, ("山东省", "济宁市", None)),
        ("新华社南京5月3日电 5月3日，一批重大项目签约。", None, ("江苏省", "南京市", None)),
        ("本报微山讯 2月29日，两个项目同时落地。", None, ("山东省", "济宁市", "微山县")),
        ("发布时间：2021年3月4日 来源：大众日报\n一批项目开工。", None, ("山东省", None, None)),
        ("一批项目集中开工。", "许昌市第二批重大项目集中开工", ("河南省", "许昌市", None)),
        ("來源：濟寧日報\n一批項目開工。", None, ("山东省", "济宁市", None)),  # traditional page
    ],
)
def test_the_article_region(text: str, title: str | None, want: tuple) -> None:
    article = Article("a1", "s", text, title=title)
    assert named(article_region(article, fold(text), scan(fold(text)))) == want


@pytest.mark.parametrize(
    "sentence, hint, want",
    [
        ("项目落户鼓楼区", "", (None, None, None)),  # 南京, 福州, 徐州, 开封: no higher level, nothing
        ("项目落户鼓楼区", "福建省", ("福建省", "福州市", "鼓楼区")),
        ("项目落户鼓楼区", "江苏", ("江苏省", None, None)),  # 南京 and 徐州 are both in 江苏
        ("项目落户朝阳区", "北京", ("北京市", "北京市", "朝阳区")),
        ("项目落户和平", "", (None, None, None)),  # a common word: places nothing on its own
        ("项目落户天津市和平区", "", ("天津市", "天津市", "和平区")),
        ("项目落户长沙", "", ("湖南省", "长沙市", None)),  # the city, not 长沙县
    ],
)
def test_ambiguous_and_common_word_names(sentence: str, hint: str, want: tuple) -> None:
    h = resolve(scan(hint)) if hint else NOWHERE
    assert named(resolve(scan(fold(sentence)), hint=h)) == want


@pytest.mark.parametrize(
    "text, want",
    [
        ("新华社苏州5月3日电 高新区新签约一批项目，总投资50亿元。", "苏州高新区"),
        ("本报长春5月3日讯 高新区一批项目开工。", "长春高新区"),
        ("一批项目落户高新区。", "济宁高新区"),  # no city named: the user's own zone
        ("本报盱眙5月3日讯 高新区一批项目开工。", None),  # the city has no such zone in the tables
        ("苏州高新区今年签约项目32个。高新区将继续招商。", "苏州高新区"),  # the zone the article names
    ],
)
def test_a_bare_zone_word_is_the_zone_of_the_article_city(text: str, want: str | None) -> None:
    t = fold(text)
    bare = [p for p in find_parks(t) if p.text == "高新区"]
    assert (bare[-1].name if bare else None) == want


@pytest.mark.parametrize(
    "forms",
    [
        ("临沂临港经济开发区", "山东省临沂临港经济开发区", "临沂市临港经济开发区", "山東省臨沂臨港經濟開發區"),
        ("济宁高新区", "济宁国家高新区", "济宁高新技术产业开发区", "山东济宁高新区", "濟寧高新區"),
        ("苏州高新区", "苏州高新技术产业开发区", "江苏省苏州高新技术产业开发区"),
        ("西宁经济技术开发区", "西宁(国家级)经济技术开发区", "青海西寧經濟技術開發區"),
        ("汶上经济开发区", "汶上县经济开发区", "山东省汶上县经济开发区"),
    ],
)
def test_prefixed_and_traditional_forms_are_one_park(forms: tuple[str, ...]) -> None:
    assert len({canonical_park(f) for f in forms}) == 1


@pytest.mark.parametrize("name", ["汶上县", "兖州区", "韩庄镇", "南站镇", "苏州市"])
def test_a_county_or_town_is_not_a_park(name: str) -> None:
    assert canonical_park(name) is None


def test_every_mention_is_placed_through_extraction() -> None:
    text = "本报济宁8月6日讯 日前，投资10亿元的如意科技纺织项目在汶上经济开发区开工建设。"
    mentions, _ = find_mentions(Article("a1", "s", text, date="2022-08-06"))
    assert mentions
    m = mentions[0]
    assert (m.province, m.city, m.county, m.adcode) == ("山东省", "济宁市", "汶上县", "370830")


@pytest.mark.parametrize(
    "park, want",
    [
        ("浙江金西经济开发区", ("浙江省", "金华市", "婺城区")),  # no city in its name: the catalogue row's address
        ("黑龙江牛家经济开发区", ("黑龙江省", "哈尔滨市", "五常市")),
        ("河北沙城经济开发区", ("河北省", "张家口市", "怀来县")),
        ("天宁经济开发区", ("江苏省", "常州市", "天宁区")),  # named after its district, without its city
        ("邯郸马头经济开发区", ("河北省", "邯郸市", None)),  # a geocode at a village called 马头 is no county
    ],
)
def test_a_provincial_zone_of_the_catalogue_is_placed(park: str, want: tuple) -> None:
    assert named(park_place(park)) == want


@pytest.mark.parametrize(
    "forms",
    [
        ("江苏盱眙经济开发区", "盱眙经济开发区", "江蘇盱眙經濟開發區"),  # the catalogue's province prefix
        ("江苏常州天宁经济开发区", "常州天宁经济开发区", "天宁经济开发区"),
        ("江西贵溪经济开发区", "贵溪经济技术开发区", "贵溪经开区"),  # upgraded to national in 2024: one zone
    ],
)
def test_a_provincial_zone_with_or_without_its_province_is_one_park(forms: tuple[str, ...]) -> None:
    assert len({canonical_park(f) for f in forms}) == 1


@pytest.mark.parametrize(
    "text, want",
    [
        ("本报鹤岗5月3日讯 经开区一批项目开工。", "鹤岗经济开发区"),  # the city's one 经开区, a provincial one
        ("本报枣阳5月3日讯 经开区一批项目开工。", "枣阳经济开发区"),  # a county-level city's own zone
        ("本报淮安5月3日讯 经开区一批项目开工。", None),  # national 淮安经开区 and provincial 淮安经济开发区
    ],
)
def test_a_bare_zone_word_finds_the_provincial_zone_of_the_article_place(text: str, want: str | None) -> None:
    bare = [p for p in find_parks(fold(text)) if p.text == "经开区"]
    assert (bare[-1].name if bare else None) == want


def test_a_bare_zone_word_in_a_county_article_is_that_county_zone() -> None:
    parks = find_parks(fold("本报微山5月3日讯 经开区一批项目开工。"))
    assert [p.name for p in parks if p.text == "经开区"] == ["微山经济开发区"]


@pytest.mark.parametrize(
    "park, want",
    [
        (
            "贵安新区",
            ("贵州省", None, None),
        ),  # the national new area; 安新 (a county of 河北) inside it is not where it is
        ("黑龙江呼兰经济开发区", ("黑龙江省", "哈尔滨市", "呼兰区")),
        ("选址西安高新区", (None, None, None)),  # a phrase, not a zone named after its place
    ],
)
def test_a_park_is_placed_by_the_place_words_it_starts_with(park: str, want: tuple) -> None:
    assert named(park_place(park)) == want


@pytest.mark.parametrize(
    "text, want",
    [
        ("来源：上海证券报\n宏达股份公告称项目停建。", (None, None, None)),  # a national paper named after a city
        ("来源：盱眙县人民政府\n一批项目签约。", ("江苏省", "淮安市", "盱眙县")),
    ],
)
def test_a_source_places_the_article_only_when_it_is_a_local_one(text: str, want: tuple) -> None:
    t = fold(text)
    assert named(article_region(Article("a1", "s", text), t, scan(t))) == want
