"""Issue splitting, broken-line rejoining and repeated paragraphs, on issue text written for these tests."""

from __future__ import annotations

import pytest

from pipeline.model import Document
from pipeline.split import split_document, split_issue

MARKDOWN_ISSUE = """

**园区建设系列报道**

## 某某产业园加快建设，打造发展新引擎

# 瞄准高端产业

文/图 本报记者 张三

今年以来，园区内一批项目先后开工建设。永达重工建设的零部件项目，正在加速建设，园区工作人员将各环节的工

作分解落实到专人。

### 服务企业解难题

“园区把项目建设作为发展的核心动力。”园区负责人李四

说，今年园区新开工项目8个。

## 某某区推进城市基层党建

# 实现党建新突破

本报某某8月6日讯(记者 王五) 某某区实施城市基层党建攻坚行动。
"""

PLAIN_ISSUE = """主管：某某区党工委宣传部
某某日报社出版
某某高新新闻
2022年3月25日
星期五
实施产业聚集工程 跑出加速度
本报某某讯(记者 赵六)2022年,某某高新区将继续担当制造强市主力支撑,加快建设产业城。
产业聚集方面,开工建设基础零部件智能制造产业园,打造世界技术最前沿
的高端装备全产业链集聚区。
推进园林绿化工作 提升绿化质量
本报某某讯(记者 钱七)近日,某某区召开绿化养护培训会议。
做好科学防疫宣传。以发放明白纸等多种形式传递科学防疫的声音。
做好科学防疫宣传。以发放明白纸等多种形式传递科学防疫的声音。
"""


def test_split_markdown_issue_into_articles_with_sections_inside():
    articles = split_issue(MARKDOWN_ISSUE)
    assert [a.title for a in articles] == ["某某产业园加快建设，打造发展新引擎", "某某区推进城市基层党建"]
    first = articles[0].text
    assert "### " not in first and "服务企业解难题" in first  # a section heading stays inside its article
    assert "将各环节的工作分解落实到专人" in first  # `工\n\n作分解` rejoined
    assert "园区负责人李四说，今年" in first  # a paragraph broken before 说 rejoined
    assert "文/图 本报记者 张三\n今年以来" in first  # a byline is not joined to the body


def test_split_plain_issue_keeps_masthead_apart_and_reads_repeats_once():
    articles = split_issue(PLAIN_ISSUE)
    assert [a.title for a in articles] == ["实施产业聚集工程 跑出加速度", "推进园林绿化工作 提升绿化质量"]
    assert "2022年3月25日" in articles[0].header and "2022年3月25日" not in articles[0].text
    assert "打造世界技术最前沿的高端装备" in articles[0].text
    assert articles[1].text.count("做好科学防疫宣传") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("任城區(qū)山推項目", "任城區山推項目"),  # pinyin glosses some sites print are noise
        ("项目(一期)开工", "项目(一期)开工"),  # a real bracket stays
        ("引进AI(人工智能)项目", "引进AI(人工智能)项目"),
    ],
    ids=["pinyin-gloss", "phase-bracket", "latin-bracket"],
)
def test_split_record_cleans_lines(text, expected):
    [article] = split_document(Document(source="r1", text=text, kind="record"))
    assert article.text == expected


def test_split_record_is_one_article_with_lines_rejoined():
    text = "项目现场推进会在某某镇举行,旨在大力实施制造强市战\n略、加快推进绿色低碳发展。\n第二段。"
    [article] = split_document(Document(source="r2", text=text, kind="record", title="标题"))
    assert article.title == "标题"
    assert article.text == "项目现场推进会在某某镇举行,旨在大力实施制造强市战略、加快推进绿色低碳发展。\n第二段。"


def test_split_empty_document_has_no_article():
    assert split_document(Document(source="e", text="\n  \n", kind="issue")) == []
