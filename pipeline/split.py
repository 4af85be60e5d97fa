"""Turn a document into articles: rejoin broken lines, drop repeated paragraphs, split issues.

A newspaper issue exported from an e-paper holds several articles, each a headline (markdown
heading or a short unpunctuated line) followed by body paragraphs; lines are often broken in the
middle of a sentence (`工\\n\\n作分解`). The stored text of each article is built here, and every
later offset points into it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Document
from .textnorm import fold

# A paragraph that holds sentence punctuation and ends on one of these was broken mid-sentence.
SENTENCE_PUNCT = re.compile(r"[，,。；;！？!?]")
TERMINAL = set('。！？!?…”’"」』）)》：:；;】]')
HEADING_MD = re.compile(r"^(#{1,6})\s*(.+?)\s*#*$")
BOLD_LINE = re.compile(r"^\*\*(.+)\*\*$")
BYLINE = re.compile(r"^(?:本报|本刊|本网)[^，,。]{0,12}讯|^[^，,。]{0,12}(?:日|月)讯")
SUBTITLE = re.compile(r"^(?:——|--|―)")
MAX_HEADLINE = 40
MIN_REPEAT = 12  # a repeated paragraph shorter than this (a dateline, a short slogan) is kept


@dataclass
class Block:
    text: str
    level: int = 0  # markdown heading level, 0 for text
    heading: bool = False


@dataclass
class ArticleText:
    title: str | None
    text: str
    header: str  # lines above the article (masthead), used for dating only


# Pinyin glosses some sites print after traditional characters (`區(qū)`, `產(chǎn)`): noise, not text.
PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def _clean_line(line: str) -> str:
    line = line.strip().strip("\u3000\ufeff").strip()
    return PINYIN_GLOSS.sub("", line) if "(" in line else line  # every gloss is in brackets: most lines have none


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.split("\n"):
        line = _clean_line(raw)
        if not line:
            continue
        md = HEADING_MD.match(line)
        if md:
            blocks.append(Block(md.group(2).strip("* "), level=len(md.group(1)), heading=True))
            continue
        bold = BOLD_LINE.match(line)
        if bold:
            blocks.append(Block(bold.group(1).strip(), level=0, heading=True))
            continue
        blocks.append(Block(line))
    return blocks


def _broken(block: Block) -> bool:
    """True when a text block stops in the middle of a sentence."""
    t = block.text
    return not block.heading and bool(SENTENCE_PUNCT.search(t)) and t[-1] not in TERMINAL


def rejoin(blocks: list[Block]) -> list[Block]:
    """Join paragraphs broken in the middle of a sentence, and read repeated paragraphs once."""
    out: list[Block] = []
    seen: set[str] = set()
    for block in blocks:
        if out and _broken(out[-1]) and not block.heading and not BYLINE.match(block.text):
            out[-1] = Block(out[-1].text + block.text)
            continue
        out.append(block)
    deduped = []
    lengths = Counter(len(block.text) for block in out)
    for block in out:
        if len(block.text) < MIN_REPEAT or lengths[len(block.text)] == 1:
            deduped.append(block)  # folding keeps lengths: only a paragraph of another's length can repeat it
            continue
        key = fold(block.text)
        if key in seen:
            continue
        seen.add(key)
        deduped.append(block)
    return deduped


def _is_headline(block: Block) -> bool:
    t = block.text
    return block.heading or (len(t) <= MAX_HEADLINE and not SENTENCE_PUNCT.search(t) and t[-1] not in "。")


def _is_body(block: Block) -> bool:
    return not _is_headline(block)


def split_issue(text: str) -> list[ArticleText]:
    """Split an issue's text into articles (headline + body).

    A run of headline-like lines followed by body text starts an article; when the issue uses
    markdown headings, only headings of the article level (the highest level that follows body
    text) start one, and lower ones stay inside as section headings.
    """
    blocks = rejoin(_blocks(text))
    if not blocks:
        return []
    md_levels = [b.level for i, b in enumerate(blocks) if b.level and i and _is_body(blocks[i - 1])]
    article_level = min(md_levels) if md_levels else 0

    def starts_article(i: int) -> bool:
        b = blocks[i]
        if article_level:
            return b.heading and (b.level == article_level or b.level == 0) and (i == 0 or _is_body(blocks[i - 1]))
        return _is_headline(b) and (i == 0 or _is_body(blocks[i - 1]))

    # Each start is a run of headline blocks; the article begins at its last non-subtitle headline.
    groups: list[tuple[int, int]] = []  # (header_start, body_start)
    i = 0
    while i < len(blocks):
        if starts_article(i):
            j = i
            while (
                j < len(blocks) and _is_headline(blocks[j]) and not (article_level and blocks[j].level > article_level)
            ):
                j += 1
            if j < len(blocks):
                groups.append((i, j))
            i = max(j, i + 1)
        else:
            i += 1
    if not groups:
        return [ArticleText(title=None, text="\n".join(b.text for b in blocks), header="")]

    articles: list[ArticleText] = []
    preamble = "\n".join(b.text for b in blocks[: groups[0][0]])
    for n, (head_start, body_start) in enumerate(groups):
        end = groups[n + 1][0] if n + 1 < len(groups) else len(blocks)
        head = blocks[head_start:body_start]
        titles = [b for b in head if not SUBTITLE.match(b.text)]
        if article_level:
            main = [b for b in titles if b.level == article_level] or titles
            title_idx = head.index(main[0])
        else:
            title_idx = head.index(titles[-1]) if titles else len(head) - 1
        header = "\n".join(b.text for b in head[:title_idx])
        if n == 0 and preamble:
            header = preamble + ("\n" + header if header else "")
        body = head[title_idx:] + blocks[body_start:end]
        articles.append(ArticleText(title=head[title_idx].text, text="\n".join(b.text for b in body), header=header))
    if len(blocks) and groups[0][0] > 0 and not articles[0].header:
        articles[0].header = preamble
    return articles


def split_document(doc: Document) -> list[ArticleText]:
    """The articles of one document: issues are split; a page or a record is one article."""
    if doc.kind == "issue":
        return split_issue(doc.text)
    blocks = rejoin(_blocks(doc.text))
    text = "\n".join(b.text for b in blocks)
    title = doc.title
    if not title and blocks and _is_headline(blocks[0]) and len(blocks) > 1:
        title = blocks[0].text
    return [ArticleText(title=title, text=text, header="")] if text else []
