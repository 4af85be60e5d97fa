"""Tests for pipeline.readers: every input format, every encoding we meet, and every way a file breaks.

Fixtures are generated at test time (tmp_path): text in each encoding, JSON Lines, HTML, docx via
python-docx, and PDFs written by hand in PDF syntax (e-paper layouts, made with reportlab: tests/test_pdf_columns.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.readers import SUPPORTED, ReadError, read_file

SIMPLIFIED = "济宁高新区投资10亿元"
TRADITIONAL = "濟寧高新區投資10億元"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- a minimal PDF writer ------------------------------------------------------------------------
# Helvetica for ASCII; for Chinese a Type0 font on Adobe's predefined STSong-Light with the
# UniGB-UCS2-H CMap, which pdfminer maps back to Unicode without an embedded font.

PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
FONTS = {
    3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    4: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
    5: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
    b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>",
    6: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
}


def rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def object_key(key: bytes, obj: int) -> bytes:
    return hashlib.md5(key + obj.to_bytes(3, "little") + b"\0\0").digest()[: len(key) + 5]


def make_pdf(pages: list[list[tuple[float, float, str]]], user_password: str | None = None) -> bytes:
    """A valid PDF, one page per list of (x, y, text) lines; RC4-40 encrypted when a password is given."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", **FONTS}
    streams: dict[int, bytes] = {}
    kids = []
    number = 7
    for lines in pages:
        ops = []
        for x, y, text in lines:
            if text.isascii():
                escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"BT /F1 10 Tf {x} {y} Td ({escaped}) Tj ET")
            else:
                ops.append(f"BT /F2 10 Tf {x} {y} Td <{text.encode('utf-16-be').hex()}> Tj ET")
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        streams[number + 1] = "\n".join(ops).encode("latin-1")
        kids.append(f"{number} 0 R")
        number += 2
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    file_id = hashlib.md5(b"parktrack").digest()
    trailer = f"<< /Size {number + 1} /Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    key = None
    if user_password is not None:  # PDF 1.7 §7.6.3, standard security handler, revision 2
        permissions = -44
        padded = (user_password.encode() + PASSWORD_PAD)[:32]
        owner = rc4(hashlib.md5((b"owner" + PASSWORD_PAD)[:32]).digest()[:5], padded)
        key = hashlib.md5(padded + owner + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
        objects[number] = (
            f"<< /Filter /Standard /V 1 /R 2 /O <{owner.hex()}> /U <{rc4(key, PASSWORD_PAD).hex()}> /P {permissions} >>"
        ).encode()
        trailer += f" /Encrypt {number} 0 R"
        for string in (b"Adobe", b"GB1"):  # strings inside objects are encrypted too
            encrypted = b"<" + rc4(object_key(key, 5), string).hex().encode() + b">"
            objects[5] = objects[5].replace(b"(" + string + b")", encrypted)
    else:
        objects[number] = b"<< >>"
    for obj, data in streams.items():
        if key is not None:
            data = rc4(object_key(key, obj), data)
        objects[obj] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for obj in sorted(objects):
        offsets[obj] = len(out)
        out += b"%d 0 obj\n" % obj + objects[obj] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (number + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[obj] for obj in range(1, number + 1))
    out += b"trailer\n" + trailer.encode() + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


SINGLE_COLUMN = [
    (72, 720, "Jining High-tech Zone news"),
    (72, 700, "The new plant starts production in May."),
    (72, 680, SIMPLIFIED),
]


# -- plain text and encodings ---------------------------------------------------------------------

ENCODED_SEEDS = [
    ("utf-8", SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
    ("gbk", SIMPLIFIED.encode("gbk"), SIMPLIFIED),
    ("gb18030", (SIMPLIFIED + "€").encode("gb18030"), SIMPLIFIED + "€"),
    ("utf-16-bom", SIMPLIFIED.encode("utf-16"), SIMPLIFIED),
    ("utf-16-be-bom", b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED),
    ("utf-8-bom", SIMPLIFIED.encode("utf-8-sig"), SIMPLIFIED),
    ("traditional-utf-8", TRADITIONAL.encode("utf-8"), TRADITIONAL),
    ("traditional-big5", TRADITIONAL.encode("big5"), TRADITIONAL),
]


@pytest.mark.parametrize(("data", "expected"), [s[1:] for s in ENCODED_SEEDS], ids=[s[0] for s in ENCODED_SEEDS])
def test_readers_decodes_chinese_encodings(tmp_path, data, expected):
    path = write(tmp_path, "issue.txt", data)
    documents, warnings = read_file(path)
    assert warnings == []
    [document] = documents
    assert document.text == expected
    assert (document.kind, document.source, document.path) == ("issue", str(path), str(path))


def test_readers_longer_gbk_and_big5_texts(tmp_path):
    text = "济宁高新区投资10亿元，建设新能源汽车零部件项目，预计明年投产。\n" * 50
    [gbk], _ = read_file(write(tmp_path, "a.txt", text.encode("gbk")))
    assert gbk.text == text
    traditional = "濟寧高新區投資10億元，建設新能源汽車零部件項目，預計明年投產。\n" * 50
    [big5], _ = read_file(write(tmp_path, "b.md", traditional.encode("big5")))
    assert big5.text == traditional


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (("投资10亿元。" * 100).encode("utf-8")[:-1], "utf-8"),  # cut mid-character
        (("投资10亿元。" * 100).encode("utf-8").replace("元".encode(), "元".encode() + b"\xff", 1), "utf-8"),
        (("投资10亿元。" * 100).encode("gbk")[:-1], "gb18030"),
    ],
    ids=["utf-8-cut", "utf-8-stray-byte", "gbk-cut"],
)
def test_readers_replaces_a_few_bad_bytes_with_a_warning(tmp_path, data, encoding):
    [document], warnings = read_file(write(tmp_path, "cut.txt", data))
    assert document.text.replace("\ufffd", "").startswith("投资10亿元。投资10亿元。")
    assert document.text.count("\ufffd") == 1
    assert warnings == [f"1 undecodable byte sequence(s) in {encoding} text replaced with U+FFFD"]


def test_readers_normalises_line_endings_and_keeps_source(tmp_path):
    path = write(tmp_path, "2022-03-25.md", "第一行\r\n第二行\r第三行\n".encode("gbk"))
    [document], _ = read_file(path, source="济宁日报")
    assert document.text == "第一行\n第二行\n第三行\n"
    assert document.source == "济宁日报"
    assert document.path == str(path)


def test_readers_uppercase_extension(tmp_path):
    [document], _ = read_file(write(tmp_path, "ISSUE.TXT", SIMPLIFIED))
    assert document.text == SIMPLIFIED


def test_readers_large_single_line_text(tmp_path):
    phrase = "济宁高新区投资10亿元建设项目"
    line = (phrase * 400_000).encode("utf-8")  # about 16 MB, no newline
    [document], _ = read_file(write(tmp_path, "big.txt", line))
    assert len(document.text) == len(phrase) * 400_000


# -- files that cannot be read --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "空文件"),
        ("blank.txt", b"  \r\n\n\t ", "空文件"),
        ("junk.txt", os.urandom(4096), "二进制"),
        ("nuls.txt", b"\x00\x01\x02abc\x00\x00\x00" * 200, "二进制"),
        ("control.md", b"text\x00" * 100, "二进制"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + os.urandom(100), "不支持的文件类型 .png"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + os.urandom(100), "不支持的文件类型 .doc：请另存为 .docx"),
        ("README", b"hello", "不支持的文件类型（没有扩展名）"),
        ("empty.jsonl", b"", "空文件"),
        ("junk.jsonl", os.urandom(4096).replace(b"\n", b""), "没有可用的记录"),
        ("nothing.jsonl", b"\n\n\n", "文件中没有记录"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "docx 已损坏"),
        ("text.docx", "这不是Word文档".encode(), "docx 已损坏"),
        ("text.pdf", b"plain text pretending", "不是 PDF"),
        ("junk.html", os.urandom(4096), "二进制"),
    ],
)
def test_readers_rejects_unreadable_files(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    with pytest.raises(ReadError, match=reason):
        read_file(path)


def test_readers_rejects_missing_path(tmp_path):
    with pytest.raises(ReadError, match="文件不存在"):
        read_file(tmp_path / "nope.txt")


def test_readers_rejects_directory(tmp_path):
    folder = tmp_path / "issues.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="是文件夹"):
        read_file(folder)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_readers_rejects_unreadable_permissions(tmp_path):
    path = write(tmp_path, "secret.txt", SIMPLIFIED)
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="无法读取"):
            read_file(path)
    finally:
        path.chmod(0o600)


def test_readers_rejects_read_failure(tmp_path, monkeypatch):
    """Same as above where the tests run as root: the OS refuses the read."""
    path = write(tmp_path, "secret.txt", SIMPLIFIED)
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ReadError, match="无法读取：没有读取权限"):
        read_file(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_readers_rejects_named_pipe(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(ReadError, match="不是普通文件"):
        read_file(pipe)


def test_readers_rejects_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.readers.MAX_BYTES", 10)
    with pytest.raises(ReadError, match="文件过大"):
        read_file(write(tmp_path, "a.txt", SIMPLIFIED))


def test_readers_supported_extensions():
    assert SUPPORTED == (".txt", ".md", ".jsonl", ".html", ".htm", ".pdf", ".docx")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048))
def test_readers_random_bytes_decode_or_read_error(tmp_path, data):
    path = write(tmp_path, "random.txt", data)
    try:
        documents, _ = read_file(path)
    except ReadError as err:
        assert str(err)
    else:
        assert isinstance(documents[0].text, str) and documents[0].text.strip()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1024))
def test_readers_random_bytes_in_jsonl_and_html(tmp_path, data):
    for name in ("random.jsonl", "random.html"):
        try:
            read_file(write(tmp_path, name, data))
        except ReadError:
            pass


# -- JSON Lines -----------------------------------------------------------------------------------


def test_readers_jsonl_records_and_warnings(tmp_path):
    lines = [
        json.dumps({"id": "jn-001", "text": "济宁高新区投资10亿元", "title": "开工", "date": "2022-03-25"}),
        json.dumps({"url": "https://example.cn/a.html", "text": "邹城市项目签约", "date": None}, ensure_ascii=False),
        "{broken json",
        json.dumps({"id": "jn-003", "title": "无正文"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": 42, "text": "第二行\r\n第三行", "url": "https://example.cn/b.html", "date": 20220325}),
        json.dumps({"id": "jn-005", "text": "   "}),
        json.dumps({"text": "没有编号也没有网址"}, ensure_ascii=False),
    ]
    path = write(tmp_path, "dev.jsonl", "\n".join(lines) + "\n")
    documents, warnings = read_file(path)
    assert [d.source for d in documents] == ["jn-001", "https://example.cn/a.html", "42", f"{path}#9"]
    first = documents[0]
    assert (first.text, first.title, first.date, first.url, first.kind) == (
        SIMPLIFIED,
        "开工",
        "2022-03-25",
        None,
        "record",
    )
    assert documents[1].url == "https://example.cn/a.html" and documents[1].date is None
    assert documents[2].text == "第二行\n第三行" and documents[2].date is None
    assert all(d.path == str(path) for d in documents)
    assert warnings == [
        "第 3 行：不是有效的 JSON",
        "第 4 行：记录没有正文（text）",
        "第 5 行：不是 JSON 对象",
        "第 7 行：date 不是字符串，已忽略",
        "第 8 行：记录没有正文（text）",
        f"第 9 行：记录没有 id 或 url，记作 {path}#9",
    ]


def test_readers_jsonl_encodings(tmp_path):
    record = json.dumps({"id": "a", "text": SIMPLIFIED}, ensure_ascii=False) + "\r\n"
    for name, data in [
        ("bom.jsonl", record.encode("utf-8-sig")),
        ("gbk.jsonl", record.encode("gbk") * 3),
        ("utf16.jsonl", record.encode("utf-16")),
    ]:
        documents, warnings = read_file(write(tmp_path, name, data))
        assert [d.text for d in documents] == [SIMPLIFIED] * len(documents), name
        assert warnings == [], name


def test_readers_jsonl_without_usable_record(tmp_path):
    path = write(tmp_path, "bad.jsonl", "{oops\n[1, 2]\n")
    with pytest.raises(ReadError, match="第 1 行：不是有效的 JSON"):
        read_file(path)


# -- HTML -----------------------------------------------------------------------------------------

ARTICLE = (
    "3月25日，济宁高新区举行2022年第一季度重点项目集中开工仪式，共有12个项目集中开工，总投资56亿元。",
    "其中，山东某新能源科技有限公司年产10万套新能源汽车零部件项目投资10亿元，计划明年投产。",
)


def html_page(charset: str = "utf-8", date_meta: bool = True) -> str:
    date = '<meta property="article:published_time" content="2022-03-25T08:00:00+08:00">' if date_meta else ""
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>济宁高新区重点项目集中开工_济宁新闻网</title>
<link rel="canonical" href="https://www.jnnews.com/2022/0325/123.html">{date}
<script>alert(1)</script><style>body {{ color: red }}</style></head>
<body><nav><ul><li><a href="/">网站首页</a></li><li><a href="/news">本地要闻</a></li>
<li><a href="/about">联系我们</a></li></ul></nav>
<article><h1>济宁高新区重点项目集中开工</h1><p>{ARTICLE[0]}</p><script>alert(2)</script><p>{ARTICLE[1]}</p></article>
<footer>版权所有 © 2024 济宁新闻网</footer></body></html>"""


def test_readers_html_main_text_without_script_or_nav(tmp_path):
    [page], warnings = read_file(write(tmp_path, "page.html", html_page()))
    assert warnings == []
    assert page.kind == "page"
    assert ARTICLE[0] in page.text and ARTICLE[1] in page.text
    assert "alert" not in page.text and "color" not in page.text
    assert "网站首页" not in page.text and "联系我们" not in page.text
    assert page.title == "济宁高新区重点项目集中开工"
    assert page.date == "2022-03-25"
    assert page.url == "https://www.jnnews.com/2022/0325/123.html"


def test_readers_html_meta_charset_gbk(tmp_path):
    [page], _ = read_file(write(tmp_path, "page.htm", html_page("gbk").encode("gbk", "xmlcharrefreplace")))
    assert ARTICLE[1] in page.text
    assert page.title == "济宁高新区重点项目集中开工"


def test_readers_html_no_date_is_not_guessed(tmp_path):
    [page], _ = read_file(write(tmp_path, "page.html", html_page(date_meta=False)))
    assert page.date is None


def test_readers_html_fallback_strips_tags(tmp_path):
    html = (
        "<html><head><title>短讯</title><script>alert(1)</script></head>"
        "<body><p>项目签约</p><p>投资1亿元</p></body></html>"
    )
    [page], _ = read_file(write(tmp_path, "short.html", html))
    assert "项目签约" in page.text and "投资1亿元" in page.text
    assert "alert" not in page.text
    assert page.title == "短讯"


def test_readers_html_without_text(tmp_path):
    with pytest.raises(ReadError, match="网页没有正文"):
        read_file(write(tmp_path, "empty.html", "<html><head><script>alert(1)</script></head><body></body></html>"))


# -- docx -----------------------------------------------------------------------------------------


def test_readers_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("济宁高新区重点项目集中开工")
    document.add_paragraph(ARTICLE[0])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "投资"
    table.cell(1, 0).text, table.cell(1, 1).text = "新能源汽车零部件项目", "10亿元"
    document.add_paragraph(ARTICLE[1])
    path = tmp_path / "issue.docx"
    document.save(path)
    [issue], warnings = read_file(path)
    assert warnings == []
    assert issue.kind == "issue" and issue.source == str(path)
    assert issue.text == "\n".join(
        ["济宁高新区重点项目集中开工", ARTICLE[0], "项目\t投资", "新能源汽车零部件项目\t10亿元", ARTICLE[1]]
    )


def test_readers_docx_without_text(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(ReadError, match="docx 没有正文"):
        read_file(path)


# -- PDF ------------------------------------------------------------------------------------------


def test_readers_pdf_single_column(tmp_path):
    path = write(tmp_path, "issue.pdf", make_pdf([SINGLE_COLUMN, [(72, 720, "Page two text.")]]))
    [issue], warnings = read_file(path)
    assert warnings == []
    assert issue.kind == "issue" and issue.source == str(path)
    assert issue.text == (
        "Jining High-tech Zone news\nThe new plant starts production in May.\n" + SIMPLIFIED + "\n\nPage two text."
    )


def test_readers_pdf_blank_page_is_a_warning(tmp_path):
    [issue], warnings = read_file(write(tmp_path, "issue.pdf", make_pdf([SINGLE_COLUMN, []])))
    assert SIMPLIFIED in issue.text
    assert warnings == ["第 2 页：没有文字"]


def test_readers_pdf_without_text_layer(tmp_path):
    with pytest.raises(ReadError, match="没有文字层"):
        read_file(write(tmp_path, "scan.pdf", make_pdf([[], []])))


def test_readers_pdf_truncated(tmp_path):
    data = make_pdf([SINGLE_COLUMN])
    with pytest.raises(ReadError, match="不完整"):
        read_file(write(tmp_path, "cut.pdf", data[: len(data) // 2]))


def test_readers_pdf_corrupt_body(tmp_path):
    data = make_pdf([SINGLE_COLUMN])
    middle = len(data) // 2
    with pytest.raises(ReadError, match="PDF"):
        read_file(write(tmp_path, "bad.pdf", data[:20] + os.urandom(middle) + data[-40:]))


def test_readers_pdf_encrypted(tmp_path):
    path = write(tmp_path, "locked.pdf", make_pdf([SINGLE_COLUMN], user_password="secret"))
    with pytest.raises(ReadError, match="PDF 已加密"):
        read_file(path)


def test_readers_pdf_encrypted_without_user_password_is_read(tmp_path):
    """Owner-only encryption (print/copy restrictions) opens with the empty password."""
    [issue], _ = read_file(write(tmp_path, "restricted.pdf", make_pdf([SINGLE_COLUMN], user_password="")))
    assert SIMPLIFIED in issue.text
