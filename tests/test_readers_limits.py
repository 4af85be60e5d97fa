"""Tests for the readers' limits (issue 11): inputs that hang, explode or are lost.

Every fixture is generated in tmp_path: zip bombs made as docx files, oversized and deeply nested
HTML pages, text with invisible characters, stray NULs, mixed encodings and UTF-16 without a BOM.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import re
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from pipeline import readers
from pipeline.readers import ReadError, read_file

COMPANY = "山东华勤新能源科技有限公司"
SENTENCE = f"{COMPANY}年产10万套新能源汽车零部件项目投资10亿元，计划明年投产。"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- docx: zip bombs --------------------------------------------------------------------------------


def make_docx(path: Path, padding: int = 0, extra: dict[str, bytes] | None = None) -> Path:
    """A real docx (python-docx) with `padding` bytes of whitespace inside word/document.xml and
    `extra` members added; written member by member so a large padding never sits in memory."""
    import docx

    document = docx.Document()
    document.add_paragraph(SENTENCE)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "word/document.xml" or not padding:
                out.writestr(item.filename, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with out.open(item.filename, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                chunk = b" " * 2**20
                for _ in range(padding // len(chunk)):
                    member.write(chunk)
                member.write(tail)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return path


def test_readers_limits_docx_ratio_bomb_refused(tmp_path):
    """40 MB of whitespace deflates to about 40 KB: a zip bomb's ratio, refused before python-docx."""
    path = make_docx(tmp_path / "bomb.docx", padding=40 * 2**20)
    assert path.stat().st_size < 2**20
    with pytest.raises(ReadError, match="压缩比异常.*疑似压缩炸弹"):
        read_file(path)


def test_readers_limits_docx_unpacked_cap(tmp_path, monkeypatch):
    """Incompressible members add up past the cap: refused by the total, not by the ratio."""
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 2 * 2**20)
    path = make_docx(tmp_path / "photos.docx", extra={"word/media/image1.png": os.urandom(3 * 2**20)})
    with pytest.raises(ReadError, match="解压后超过上限"):
        read_file(path)


def test_readers_limits_docx_xml_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_DOCX_XML_BYTES", 2**20)
    path = make_docx(tmp_path / "long.docx", padding=2 * 2**20)
    with pytest.raises(ReadError, match="XML 解压后超过上限"):
        read_file(path)


def test_readers_limits_docx_declared_sizes_that_lie(tmp_path):
    """The central directory says 1 KB, the stream holds 40 MB: inflating stops at the size declared
    and the checksum refuses the member, so the 40 MB are never held."""
    path = make_docx(tmp_path / "liar.docx", padding=40 * 2**20)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    entry = next(  # its central directory entry: signature, then the name at offset 46
        m.start() - 46
        for m in re.finditer(re.escape(name), data)
        if data[m.start() - 46 : m.start() - 42] == b"PK\x01\x02"
    )
    data[entry + 24 : entry + 28] = (1024).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1024
    with pytest.raises(ReadError, match="docx 已损坏"):  # inflated past what it declared: CRC fails
        read_file(path)


def test_readers_limits_docx_with_photos_is_read(tmp_path):
    """Incompressible media under the caps: no false alarm from the ratio or the total."""
    path = make_docx(tmp_path / "photos.docx", extra={"word/media/image1.jpeg": os.urandom(3 * 2**20)})
    [document], _ = read_file(path)
    assert document.text == SENTENCE


# -- HTML: size, tags, nesting, a missing or failing extractor ---------------------------------------


def page(body: str) -> str:
    return (
        '<html><head><meta charset="utf-8"><title>园区新闻</title>'
        '<meta property="article:published_time" content="2022-03-25T08:00:00+08:00">'
        f"</head><body>{body}</body></html>"
    )


@pytest.fixture
def extractor_calls(monkeypatch):
    """Counts calls to the main-text extractor, which still runs."""
    import trafilatura

    calls: list[int] = []
    real = trafilatura.extract

    def counting(html, *args, **kwargs):
        calls.append(len(html))
        return real(html, *args, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", counting)
    return calls


def test_readers_limits_html_within_bounds_uses_extractor(tmp_path, extractor_calls):
    [document], warnings = read_file(write(tmp_path, "news.html", page(f"<article><p>{SENTENCE}</p></article>")))
    assert extractor_calls and SENTENCE in document.text
    assert warnings == []


def test_readers_limits_html_too_many_characters_skips_extractor(tmp_path, extractor_calls):
    paragraph = SENTENCE * 2000  # about 70,000 characters per paragraph, few tags
    count = readers.MAX_MAIN_TEXT_CHARS // len(paragraph) + 2
    html = page("".join(f"<p>{n}:{paragraph}</p>" for n in range(count)))
    [document], warnings = read_file(write(tmp_path, "huge.html", html))
    assert extractor_calls == []
    assert document.text.count(COMPANY) == 2000 * count
    assert (document.title, document.date) == ("园区新闻", "2022-03-25")
    assert any("页面过大" in warning for warning in warnings)


def test_readers_limits_html_too_many_tags_skips_extractor(tmp_path, extractor_calls):
    cells = "".join(f"<span>{n}</span>" for n in range(readers.MAX_MAIN_TEXT_TAGS // 2 + 10))
    html = page(f"<p>{SENTENCE}</p><div>{cells}</div>")
    started = time.monotonic()
    [document], warnings = read_file(write(tmp_path, "tags.html", html))
    assert extractor_calls == []
    assert SENTENCE in document.text
    assert any("页面过大" in warning for warning in warnings)
    assert time.monotonic() - started < 60


def test_readers_limits_html_file_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_HTML_BYTES", 1000)
    with pytest.raises(ReadError, match="文件过大"):
        read_file(write(tmp_path, "big.html", page(f"<p>{SENTENCE * 40}</p>")))
    [document], _ = read_file(write(tmp_path, "big.txt", SENTENCE * 40))  # other types keep MAX_BYTES
    assert document.text == SENTENCE * 40


@pytest.mark.parametrize("depth", [300, 3000], ids=["300-levels", "3000-levels"])
def test_readers_limits_html_deep_nesting_keeps_text(tmp_path, depth):
    body = "<p>开头一段。</p>" + "<div>" * depth + f"<p>{SENTENCE}</p>" + "</div>" * depth + "<p>结尾一段。</p>"
    [document], warnings = read_file(write(tmp_path, "deep.html", page(body)))
    assert document.text.split("\n") == ["开头一段。", SENTENCE, "结尾一段。"]
    assert (document.title, document.date) == ("园区新闻", "2022-03-25")
    assert any("嵌套" in warning for warning in warnings)


def test_readers_limits_html_plain_stripper():
    html = (
        "<html><head><title>t</title><style>p {color: red}</style></head><body><!-- 注释 -->"
        "<p>甲&amp;乙&#x516C;司</p><br/>第二行<script>var a = '<p>x</p>';</script><div>第三行</div>"
        "<script>never closed <p>丢弃</p>"
    )
    assert readers._strip_tags_plain(html) == "甲&乙公司\n第二行\n第三行"


def test_readers_limits_html_without_lxml_html_clean(tmp_path, monkeypatch):
    """The extractor cannot be imported (lxml_html_clean missing): the page is read by the tag stripper."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    [document], warnings = read_file(write(tmp_path, "news.html", page(f"<nav>首页</nav><p>{SENTENCE}</p>")))
    assert SENTENCE in document.text and "首页" not in document.text
    assert document.title == "园区新闻"
    assert len(warnings) == 1 and warnings[0].startswith("正文提取器无法加载")


def test_readers_limits_html_extractor_failure(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise ValueError("lxml says no")

    monkeypatch.setattr(trafilatura, "extract", broken)
    [document], warnings = read_file(write(tmp_path, "news.html", page(f"<p>{SENTENCE}</p>")))
    assert document.text == SENTENCE
    assert document.date == "2022-03-25"
    assert warnings == ["正文提取失败（ValueError）：整页去标签读取"]


def test_readers_limits_lxml_html_clean_pinned():
    """Pinned by name: pip before 23 ignores the `lxml[html_clean]` extra that trafilatura's justext needs."""
    requirements = (Path(__file__).resolve().parent.parent / "requirements.txt").read_text(encoding="utf-8")
    match = re.search(r"^lxml_html_clean==(\S+)", requirements, re.MULTILINE)
    assert match, "lxml_html_clean is not pinned in requirements.txt"
    try:
        installed = importlib.metadata.version("lxml_html_clean")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("lxml_html_clean not installed here")
    assert match.group(1) == installed


# -- invisible characters ---------------------------------------------------------------------------

INVISIBLE_SEEDS = [
    ("zero-width-space", "\u200b"),
    ("zero-width-non-joiner", "\u200c"),
    ("zero-width-joiner", "\u200d"),
    ("word-joiner", "\u2060"),
    ("bom-inside", "\ufeff"),
    ("left-to-right-mark", "\u200e"),
    ("right-to-left-mark", "\u200f"),
    ("rtl-embedding", "\u202b"),
    ("rtl-override", "\u202e"),
    ("pop-directional", "\u202c"),
    ("ltr-isolate", "\u2066"),
    ("pop-isolate", "\u2069"),
    ("soft-hyphen", "\u00ad"),
]


def with_invisible(char: str) -> str:
    """The sentence with `char` inside the company name, twice, and around the amount."""
    name = COMPANY[:2] + char + COMPANY[2:6] + char + COMPANY[6:]
    return SENTENCE.replace(COMPANY, name).replace("10亿元", f"{char}10亿元{char}")


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


READER_SEEDS = [
    ("txt", "issue.txt", lambda text: text.encode("utf-8")),
    ("md-gbk", "issue.md", lambda text: text.encode("gb18030")),
    ("jsonl", "records.jsonl", lambda text: json.dumps({"id": "a", "text": text, "title": text[:12]}).encode()),
    ("html", "page.html", lambda text: page(f"<article><h1>{text[:12]}</h1><p>{text}</p></article>").encode()),
    ("docx", "issue.docx", docx_bytes),
]


@pytest.mark.parametrize("char", [s[1] for s in INVISIBLE_SEEDS], ids=[s[0] for s in INVISIBLE_SEEDS])
@pytest.mark.parametrize(("name", "encode"), [s[1:] for s in READER_SEEDS], ids=[s[0] for s in READER_SEEDS])
def test_readers_limits_invisible_characters_dropped(tmp_path, char, name, encode):
    [document], _ = read_file(write(tmp_path, name, encode(with_invisible(char))))
    assert SENTENCE in document.text
    assert char not in document.text
    if document.title and name != "page.html":
        assert document.title == with_invisible(char)[:12].replace(char, "")


def test_readers_limits_invisible_characters_in_pdf_text(tmp_path, monkeypatch):
    """Every reader's text goes through the same step, the PDF reader's too."""
    monkeypatch.setattr(readers, "_read_pdf", lambda path: (with_invisible("\u200b"), []))
    [document], _ = read_file(write(tmp_path, "issue.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert document.text == SENTENCE


def test_readers_limits_record_of_invisible_characters_only(tmp_path):
    lines = [json.dumps({"id": "a", "text": SENTENCE}), json.dumps({"id": "b", "text": "\u200b\u200b\ufeff"})]
    documents, warnings = read_file(write(tmp_path, "records.jsonl", "\n".join(lines)))
    assert [d.source for d in documents] == ["a"]
    assert warnings == ["1 条记录只有不可见字符，已略去"]
    with pytest.raises(ReadError, match="空文件"):
        read_file(write(tmp_path, "blank.txt", "\u200b\n\u200e\ufeff\n"))


# -- stray NULs and control characters ----------------------------------------------------------------

STRAY_SEEDS = [
    ("one-nul-short", f"{SENTENCE[:20]}\x00{SENTENCE[20:]}"),
    ("nul-at-end", SENTENCE + "\x00"),
    ("three-controls", f"\x00{SENTENCE}\x01\n第二段\x1f。"),
    ("eight-nuls", "\x00".join([SENTENCE[i : i + 4] for i in range(0, 36, 4)])),
]


@pytest.mark.parametrize("text", [s[1] for s in STRAY_SEEDS], ids=[s[0] for s in STRAY_SEEDS])
@pytest.mark.parametrize("name", ["issue.txt", "issue.md", "page.html"])
def test_readers_limits_a_few_nuls_are_text(tmp_path, text, name):
    data = page(f"<p>{text}</p>") if name.endswith(".html") else text
    [document], _ = read_file(write(tmp_path, name, data))
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f]", document.text)
    assert re.sub(r"[\x00-\x08\x0b-\x1f\s]", "", text) in re.sub(r"\s", "", document.text)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 3,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 200 + bytes(range(1, 32)) * 20,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        ("投资10亿元" * 30).encode() + b"\x00\x01" * 40,
    ],
    ids=["only-nuls", "elf", "png", "text-with-eighty-controls"],
)
def test_readers_limits_binaries_still_refused(tmp_path, data):
    with pytest.raises(ReadError, match="二进制|空文件|不是 UTF-8"):
        read_file(write(tmp_path, "binary.txt", data))


# -- mixed encodings --------------------------------------------------------------------------------

UTF8_LINES = ["济宁高新区重点项目集中开工。", "项目", SENTENCE]
GBK_LINES = ["邹城市新能源汽车零部件项目签约，总投资五亿元。", "园区管委会介绍，今年新开工项目二十个。"]


def test_readers_limits_half_utf8_half_gbk(tmp_path):
    data = "".join(f"{line}\n" for line in UTF8_LINES).encode() + "".join(f"{line}\n" for line in GBK_LINES).encode(
        "gbk"
    )
    [document], warnings = read_file(write(tmp_path, "mixed.txt", data))
    assert document.text.split("\n")[:-1] == UTF8_LINES + GBK_LINES
    assert len(warnings) == 1 and "编码混杂" in warnings[0]


def test_readers_limits_big5_and_utf8(tmp_path):
    """The other encoding is guessed from the lines that are not UTF-8 (the whole file fits none)."""
    traditional = "濟寧高新區投資10億元，建設新能源汽車零部件項目。\n"
    data = (traditional * 30).encode("big5") + (traditional * 30).encode()
    [document], warnings = read_file(write(tmp_path, "mixed.txt", data))
    assert document.text == traditional * 60
    assert any("编码混杂" in warning for warning in warnings)


def test_readers_limits_mixed_page_declared_utf8(tmp_path):
    """A page that says UTF-8 and holds GBK paragraphs: the other encoding is still tried line by line."""
    head = page("").split("<body>")[0] + "<body>\n"
    data = f"{head}<p>{UTF8_LINES[2]}</p>\n".encode() + f"<p>{GBK_LINES[0]}</p>\n</body></html>".encode("gbk")
    [document], warnings = read_file(write(tmp_path, "mixed.html", data))
    assert UTF8_LINES[2] in document.text and GBK_LINES[0] in document.text
    assert any("编码混杂" in warning for warning in warnings)


def test_readers_limits_gbk_file_with_utf8_lines_that_are_valid_gbk(tmp_path):
    """`项目项目项目` in UTF-8 is also valid GB18030 (as mojibake): a long valid UTF-8 line is UTF-8."""
    utf8 = "项目项目项目"
    assert utf8.encode().decode("gb18030") != utf8
    gbk = "".join(f"{line}\n" for line in GBK_LINES * 20).encode("gbk")
    [document], warnings = read_file(write(tmp_path, "mostly-gbk.txt", gbk + f"{utf8}\n".encode()))
    assert document.text.split("\n")[-2] == utf8
    assert document.text.startswith(GBK_LINES[0])
    assert any("编码混杂" in warning for warning in warnings)


def test_readers_limits_undecodable_line_dropped(tmp_path):
    data = (
        "".join(f"{line}\n" for line in UTF8_LINES).encode()
        + "".join(f"{line}\n" for line in GBK_LINES).encode("gbk")
        + b"\xff\xfe\xfd\x80\x80\x81\xff\n"
        + f"{SENTENCE}\n".encode()
    )
    [document], warnings = read_file(write(tmp_path, "broken.txt", data))
    assert document.text.split("\n")[:-1] == UTF8_LINES + GBK_LINES + [SENTENCE]
    assert any("已略去" in warning for warning in warnings)


def test_readers_limits_plain_gbk_has_no_warning(tmp_path):
    [document], warnings = read_file(write(tmp_path, "gbk.txt", "\n".join(GBK_LINES * 50).encode("gbk")))
    assert document.text == "\n".join(GBK_LINES * 50)
    assert warnings == []


# -- UTF-16 without a BOM -----------------------------------------------------------------------------

UTF16_TEXT = f"济宁日报 2022年3月25日\n{SENTENCE}\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["issue.txt", "issue.md"])
def test_readers_limits_utf16_without_bom(tmp_path, encoding, name):
    [document], warnings = read_file(write(tmp_path, name, UTF16_TEXT.encode(encoding)))
    assert document.text == UTF16_TEXT
    assert warnings == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_readers_limits_utf16_jsonl_without_bom(tmp_path, encoding):
    lines = [json.dumps({"id": n, "text": SENTENCE}, ensure_ascii=False) for n in range(3)]
    documents, warnings = read_file(write(tmp_path, "records.jsonl", "\n".join(lines).encode(encoding)))
    assert [d.text for d in documents] == [SENTENCE] * 3
    assert warnings == []


def test_readers_limits_utf16_of_pure_chinese(tmp_path):
    """No ASCII, so no NUL bytes to tell UTF-16 by: found once nothing else decodes the file."""
    text = "济宁高新区重点项目集中开工共有十二个项目总投资五十六亿元"
    [document], _ = read_file(write(tmp_path, "issue.txt", text.encode("utf-16-le")))
    assert document.text == text


def test_readers_limits_utf8_with_two_nuls_is_not_utf16(tmp_path):
    data = SENTENCE.encode()
    data = data[:6] + b"\x00" + data[6:21] + b"\x00" + data[21:]  # between characters, both at even offsets
    [document], _ = read_file(write(tmp_path, "issue.txt", data))
    assert document.text == SENTENCE


# -- every failure is a ReadError --------------------------------------------------------------------


def test_readers_limits_unexpected_failure_is_a_read_error(tmp_path, monkeypatch):
    def broken(path):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(readers, "_read_docx", broken)
    with pytest.raises(ReadError, match="读取失败.*KeyError"):
        read_file(write(tmp_path, "issue.docx", docx_bytes(SENTENCE)))


def test_readers_limits_out_of_memory_is_a_read_error(tmp_path, monkeypatch):
    def exhausted(data, declared=None):
        raise MemoryError

    monkeypatch.setattr(readers, "_decode", exhausted)
    with pytest.raises(ReadError, match="内存不足"):
        read_file(write(tmp_path, "issue.txt", SENTENCE))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_readers_limits_pipe_swapped_in_after_the_check(tmp_path):
    """A path that becomes a pipe after the regular-file check is refused, not waited on."""
    fifo = tmp_path / "issue.txt"
    os.mkfifo(fifo)
    done = threading.Event()

    def unblock() -> None:  # a reader blocked on open() would be released by a writer: the old bug
        while not done.wait(0.05):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    try:
        with pytest.raises(ReadError, match="不是普通文件"):
            readers._read_bytes(fifo)
    finally:
        done.set()
        thread.join()
