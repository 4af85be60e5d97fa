"""Tests for pipeline.pdflayout: e-paper pages read in reading order, and PDFs read within a memory bound.

The layouts are generated at test time with reportlab (requirements-dev.txt) in Adobe's predefined CID
font STSong-Light, which needs no font file and which pdfminer maps back to Unicode: columns flowing
into each other, three columns, headlines across columns, a boxed article with its own columns, a page
of one column. The articles are built from our own phrase tables. Reading order is checked on the text
without whitespace, so any interleaving of two columns shows; paragraphs are checked line by line.
"""

from __future__ import annotations

import tracemalloc
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_readers import make_pdf

from pipeline import pdflayout
from pipeline.readers import ReadError, read_file

reportlab = pytest.importorskip("reportlab")

from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph  # noqa: E402

FONT = "STSong-Light"
WIDTH, HEIGHT = A4
MARGIN, GAP = 42.0, 17.0

# -- articles from phrase tables --------------------------------------------------------------------

COMPANIES = ("华鑫新材料", "恒瑞精密", "凯盛光电", "博润智能", "嘉信电子", "鼎益生物", "隆泰机械", "昊明能源")
PRODUCTS = ("锂电池隔膜", "汽车轴承", "光伏组件", "工业机器人", "芯片封装", "生物医药", "液压件", "储能电站")
STAGES = ("签约落户", "开工建设", "主体封顶", "竣工投产")


def paragraph(n: int) -> str:
    """A paragraph of a project report, distinct for every n, four or five lines in a column."""
    company, product, stage = COMPANIES[n % 8], PRODUCTS[(n * 3) % 8], STAGES[n % 4]
    return (
        f"{company}年产{n + 2}万套{product}项目近日在园区{stage}，项目总投资{n + 3}亿元，"
        f"达产后预计年产值{2 * n + 5}亿元，新增就业岗位{100 + 10 * n}个。园区工作人员全程靠上服务，"
        f"帮助企业协调解决用地、用电等问题，确保项目早日见效。"
    )


def headline(n: int) -> str:
    return f"第{n}版要闻：{COMPANIES[n % 8]}{PRODUCTS[n % 8]}项目进展顺利"


def styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=9.5, leading=14, firstLineIndent=19, wordWrap="CJK", alignment=TA_JUSTIFY
    )
    head = ParagraphStyle("head", parent=body, fontSize=13, leading=18, firstLineIndent=0, alignment=0, spaceAfter=4)
    return body, head


@dataclass
class Block:
    """A piece of a story: a headline or a paragraph, or a break to the next frame."""

    kind: str  # "head", "body", "break"
    text: str = ""


def columns(x0: float, x1: float, top: float, bottom: float, n: int, gap: float = GAP) -> list[Frame]:
    """`n` frames side by side between x0 and x1, from `top` down to `bottom` (points from the page top)."""
    width = (x1 - x0 - (n - 1) * gap) / n
    return [Frame(x0 + i * (width + gap), HEIGHT - bottom, width, bottom - top, showBoundary=0) for i in range(n)]


def build(path: Path, frames: list[Frame], story: list[Block], boxes: tuple[tuple, ...] = ()) -> Path:
    """A PDF whose every page has `frames`, filled in order; `boxes` (x0, top, x1, bottom) drawn on page 1."""
    body, head = styles()
    flow: list = []
    for block in story:
        if block.kind == "break":
            flow.append(FrameBreak())
        else:
            flow.append(Paragraph(block.text, head if block.kind == "head" else body))

    def draw(canvas, document) -> None:
        if document.page == 1:
            for x0, top, x1, bottom in boxes:
                canvas.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top)

    template = PageTemplate(frames=frames, onPage=draw)
    BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[template], invariant=True).build(flow)
    return path


def article(first: int, count: int, head: bool = True) -> list[Block]:
    blocks = [Block("head", headline(first))] if head else []
    return blocks + [Block("body", paragraph(n)) for n in range(first, first + count)]


def bare(text: str) -> str:
    return "".join(text.split())


def story_text(story: list[Block]) -> str:
    return "".join(bare(block.text) for block in story)


def read(path: Path) -> str:
    [document], warnings = read_file(path)
    assert warnings == []
    return document.text


# -- the font round trip ---------------------------------------------------------------------------------


def test_pdf_columns_cid_font_extracts_back(tmp_path):
    """The generator's premise: STSong-Light text comes back from pdfplumber character for character."""
    story = [Block("body", paragraph(1))]
    text = read(build(tmp_path / "one.pdf", columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 1), story))
    assert text == paragraph(1)


# -- reading order -----------------------------------------------------------------------------------

MASTHEAD = [
    Block("body", text) for text in ("主管：高新区党工委宣传部", "出版：高新区融媒体中心", "2026年3月1日", "星期日")
]
MASTHEAD += [Block("head", "高新新闻"), Block("body", "第120期")]

LAYOUTS = {
    # Two columns, headlines inside a column, articles flowing from the left column into the right one
    # and over two pages: the layout of a district paper's e-paper.
    "two columns": (
        lambda: columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 2),
        article(1, 14) + article(20, 12),
    ),
    "three columns": (
        lambda: columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 3),
        article(1, 12) + article(30, 9),
    ),
    # A front page: the masthead's short lines at the top of the first of three columns.
    "three columns under a masthead": (
        lambda: columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 3),
        MASTHEAD + article(1, 12) + article(30, 9),
    ),
    # A narrow gutter: little more than one character between the columns.
    "narrow gutter": (lambda: columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 2, gap=11), article(3, 16)),
}


@pytest.mark.parametrize("name", LAYOUTS, ids=list(LAYOUTS))
def test_pdf_columns_read_column_by_column(tmp_path, name):
    frames, story = LAYOUTS[name]
    text = read(build(tmp_path / "issue.pdf", frames(), story))
    assert bare(text) == story_text(story)


def test_pdf_columns_headline_across_columns(tmp_path):
    """A headline over both columns, then the first article's columns, a second headline across, its columns."""
    frames = [
        *columns(MARGIN, WIDTH - MARGIN, MARGIN, MARGIN + 40, 1),
        *columns(MARGIN, WIDTH - MARGIN, MARGIN + 40, 400, 2),
        *columns(MARGIN, WIDTH - MARGIN, 400, 440, 1),
        *columns(MARGIN, WIDTH - MARGIN, 440, HEIGHT - MARGIN, 2),
    ]
    story = [Block("head", headline(1)), Block("break")]
    story += article(1, 3, head=False) + [Block("break")] + article(4, 3, head=False) + [Block("break")]
    story += [Block("head", headline(2)), Block("break")]
    story += article(10, 3, head=False) + [Block("break")] + article(13, 3, head=False)
    text = read(build(tmp_path / "bands.pdf", frames, story))
    assert text.split("\n") == [block.text for block in story if block.kind != "break"]


def test_pdf_columns_boxed_article_with_its_own_columns(tmp_path):
    """A framed article across the page's middle, in two columns of its own lined up with the page's:
    it is read whole, after the columns above it and before those below, never column by column."""
    top, box_top, box_bottom = MARGIN, 330, 520
    frames = [
        *columns(MARGIN, WIDTH - MARGIN, top, box_top - 8, 2),
        *columns(MARGIN + 8, WIDTH - MARGIN - 8, box_top + 8, box_bottom - 8, 2, gap=GAP - 16),
        *columns(MARGIN, WIDTH - MARGIN, box_bottom + 8, HEIGHT - MARGIN, 2),
    ]
    upper, boxed, lower = article(1, 4), article(10, 3), article(20, 4)
    story = upper + [Block("break")] * 2 + boxed + [Block("break")] * 2 + lower
    boxes = ((MARGIN, box_top, WIDTH - MARGIN, box_bottom),)
    text = read(build(tmp_path / "boxed.pdf", frames, story, boxes))
    expected = story_text(upper + boxed + lower)
    assert bare(text) == expected


def test_pdf_columns_boxed_article_inside_a_column(tmp_path):
    """A framed notice in the right column, text of the same column above and below it."""
    frames = [
        *columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 2)[:1],
        *columns(WIDTH / 2 + GAP / 2, WIDTH - MARGIN, MARGIN, 300, 1),
        *columns(WIDTH / 2 + GAP / 2 + 8, WIDTH - MARGIN - 8, 308, 460, 1),
        *columns(WIDTH / 2 + GAP / 2, WIDTH - MARGIN, 468, HEIGHT - MARGIN, 1),
    ]
    left, right, boxed, rest = article(1, 8), article(20, 3), article(30, 1), article(40, 4)
    story = left + [Block("break")] + right + [Block("break")] + boxed + [Block("break")] + rest
    boxes = ((WIDTH / 2 + GAP / 2, 300, WIDTH - MARGIN, 468),)
    text = read(build(tmp_path / "notice.pdf", frames, story, boxes))
    assert bare(text) == story_text(left + right + boxed + rest)


def test_pdf_columns_short_last_column(tmp_path):
    """The last page of an issue: a full left column and two lines in the right one, still read apart."""
    frames = columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 2)
    story = article(1, 15, head=False) + [Block("break"), Block("body", "本版责任编辑：张明　校对：李华")]
    text = read(build(tmp_path / "last.pdf", frames, story))
    assert bare(text) == story_text([b for b in story if b.kind != "break"])


def test_pdf_columns_single_column_keeps_paragraphs(tmp_path):
    """One column across the page: each paragraph comes back as one line, each headline on its own."""
    frames = columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 1)
    story = article(1, 4) + article(7, 3)
    text = read(build(tmp_path / "single.pdf", frames, story))
    assert text.split("\n") == [block.text for block in story]


def test_pdf_columns_paragraphs_and_headlines_in_columns(tmp_path):
    """In a column too, a paragraph is one line and a headline is not glued to the paragraph above it."""
    frames = columns(MARGIN, WIDTH - MARGIN, MARGIN, HEIGHT - MARGIN, 2)
    story = article(1, 3) + article(5, 2)  # short enough for the left column
    text = read(build(tmp_path / "para.pdf", frames, story))
    assert text.split("\n") == [block.text for block in story]


# -- pages written by hand, lines placed exactly (tests/test_readers.py's PDF writer) ------------------
# Every line of a column is set to the full measure, so each column comes back as one paragraph.

LEFT = ["济宁高新区左栏第一行", "左栏第二行新能源项目", "左栏第三行投资十亿元", "左栏第四行预计投产"]
RIGHT = ["右栏第一行邹城市项目", "右栏第二行签约仪式", "右栏第三行总投资五亿", "右栏第四行今年开工"]
SPANNING = "头版头条：济宁市重点项目集中开工仪式在高新区隆重举行，共有十二个项目参加"


def placed(tmp_path: Path, name: str, lines: list[tuple[float, float, str]]) -> str:
    path = tmp_path / name
    path.write_bytes(make_pdf([lines]))
    return read(path)


def test_pdf_columns_placed_two_columns_under_a_headline(tmp_path):
    page = [(72, 740, SPANNING)] + [(72, 700 - 20 * i, t) for i, t in enumerate(LEFT)]
    page += [(340, 700 - 20 * i, t) for i, t in enumerate(RIGHT)]
    assert placed(tmp_path, "columns.pdf", page).split("\n") == [SPANNING, "".join(LEFT), "".join(RIGHT)]


def test_pdf_columns_placed_latin_columns(tmp_path):
    left = [f"Left column line {n} text" for n in range(1, 7)]
    right = [f"Right column line {n} text" for n in range(1, 7)]
    page = [(72, 700 - 14 * i, t) for i, t in enumerate(left)] + [(330, 700 - 14 * i, t) for i, t in enumerate(right)]
    assert placed(tmp_path, "latin.pdf", page).split("\n") == [" ".join(left), " ".join(right)]


def test_pdf_columns_placed_headline_between_bands(tmp_path):
    """A headline across both columns ends the band above it: left, right, headline, left, right."""
    upper = [(72, 700 - 20 * i, LEFT[i]) for i in range(2)] + [(340, 700 - 20 * i, RIGHT[i]) for i in range(2)]
    middle = "第二条新闻：邹城市新能源汽车零部件项目签约仪式昨日举行，总投资五亿元"
    lower = [(72, 600 - 20 * i, LEFT[i]) for i in range(2, 4)] + [(340, 600 - 20 * i, RIGHT[i]) for i in range(2, 4)]
    text = placed(tmp_path, "bands.pdf", upper + [(72, 640, middle)] + lower)
    expected = ["".join(LEFT[:2]), "".join(RIGHT[:2]), middle, "".join(LEFT[2:]), "".join(RIGHT[2:])]
    assert text.split("\n") == expected


def test_pdf_columns_placed_three_columns(tmp_path):
    columns = [[f"第{c}栏第{n}行" for n in range(1, 6)] for c in range(1, 4)]
    page = [(40 + 190 * c, 700 - 16 * n, text) for c, column in enumerate(columns) for n, text in enumerate(column)]
    assert placed(tmp_path, "three.pdf", page).split("\n") == ["".join(column) for column in columns]


def test_pdf_columns_placed_wide_lines_stay_one_column(tmp_path):
    line = "济宁高新区举行重点项目集中开工仪式共有十二个项目集中开工总投资五十六亿元"
    assert placed(tmp_path, "wide.pdf", [(72, 740 - 14 * i, line) for i in range(10)]) == line * 10


# -- paragraphs ----------------------------------------------------------------------------------------


def line(x0: float, x1: float, text: str, font: str = FONT, size: float = 9.5) -> dict:
    chars = [{"text": c, "fontname": font, "size": size} for c in text]
    return {"x0": x0, "x1": x1, "top": 0.0, "bottom": size, "text": text, "chars": chars}


PARAGRAPH_SEEDS = [
    ("full line goes on", [line(50, 280, "园区项目总投资"), line(50, 200, "十亿元。")], ["园区项目总投资十亿元。"]),
    ("short line ends", [line(50, 200, "项目开工。"), line(50, 280, "新的一段")], ["项目开工。", "新的一段"]),
    ("indent starts anew", [line(50, 280, "上一段结尾"), line(69, 280, "下一段开头")], ["上一段结尾", "下一段开头"]),
    ("headline type", [line(50, 280, "正文满行"), line(50, 280, "大字标题", size=13)], ["正文满行", "大字标题"]),
    ("latin words", [line(50, 280, "the plant"), line(50, 200, "opens in May")], ["the plant opens in May"]),
]


@pytest.mark.parametrize("lines, expected", [s[1:] for s in PARAGRAPH_SEEDS], ids=[s[0] for s in PARAGRAPH_SEEDS])
def test_pdf_columns_paragraphs(lines, expected):
    assert pdflayout.paragraphs(lines) == expected


# -- memory bounds ---------------------------------------------------------------------------------


def zeros_deflated(size: int) -> bytes:
    """A zlib stream of `size` zero bytes (whole MiB), built from one flushed block repeated: ~1000:1."""
    mib = 1 << 20
    block = b"\0" * mib
    deflater = zlib.compressobj(9)
    head = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    repeat = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(size // mib):
        checksum = zlib.adler32(block, checksum)
    return head + repeat * (size // mib - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def pdf_with_content(content: bytes, pages: int = 1, form: bytes | None = None) -> bytes:
    """A PDF of `pages` pages sharing one Flate-encoded content stream; with `form`, a Flate-encoded form
    XObject the pages draw (`/X0 Do`), decoded only while a page is interpreted."""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    if form is not None:
        content = zlib.compress(b"q /X0 Do Q")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    resources = f"/Resources << /XObject << /X0 {4 + pages} 0 R >> >>" if form is not None else ""
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R {resources} >>"
    objects += [page.encode()] * pages
    if form is not None:
        head = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Filter /FlateDecode >>"
        objects.append(head % len(form) + b"\nstream\n" + form + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_columns_deflate_bomb_refused_within_memory(tmp_path):
    """A 1 MB PDF whose page inflates to 1 GiB is refused with a reason, using a fraction of that memory."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_content(zeros_deflated(1 << 30)))
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match="压缩炸弹"):
            read_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < pdflayout.MAX_DECODED_BYTES + 64 * 2**20


def test_pdf_columns_bomb_inside_a_drawn_form_refused(tmp_path):
    """A bomb met while the page is interpreted (a form XObject), not in the page's own content."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf_with_content(b"", form=zeros_deflated(300 << 20)))
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_file(path)


def test_pdf_columns_page_content_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pdflayout, "MAX_PAGE_CONTENT_BYTES", 2**20)
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf_with_content(zeros_deflated(4 << 20)))
    with pytest.raises(ReadError, match="第 1 页内容过大"):
        read_file(path)


def test_pdf_columns_page_count_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pdflayout, "MAX_PAGES", 3)
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_with_content(zlib.compress(b"BT ET"), pages=4))
    with pytest.raises(ReadError, match="页数过多"):
        read_file(path)


def test_pdf_columns_budget_only_while_reading():
    """Outside a read the bounded inflater is plain zlib: other users of pdfminer are not limited."""
    pdflayout._install_bounded_decoders()
    from pdfminer import pdftypes

    data = zeros_deflated(2 << 20)
    assert len(pdftypes.zlib.decompress(data)) == 2 << 20
    with pdflayout._decode_budget(2**20), pytest.raises(pdflayout.PdfTooLarge):
        pdftypes.zlib.decompress(data)


def test_pdf_columns_bounded_inflate_is_exact():
    """Within the budget, chunked inflating gives what zlib gives, for streams of many chunks too."""
    import random

    rng = random.Random(11)
    payloads = [b"", b"BT /F1 10 Tf (x) Tj ET", bytes(rng.getrandbits(8) for _ in range(300_000)) * 12]
    pdflayout._install_bounded_decoders()
    from pdfminer import pdftypes

    for payload in payloads:
        packed = zlib.compress(payload)
        with pdflayout._decode_budget(64 * 2**20):
            assert pdftypes.zlib.decompress(packed) == payload
            inflater = pdftypes.zlib.decompressobj()
            assert b"".join(inflater.decompress(packed[i : i + 7]) for i in range(0, len(packed), 7)) == payload
