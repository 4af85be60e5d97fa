"""Read one input file into Documents: plain text, Markdown, JSON Lines, HTML, PDF or docx.

A file that cannot be read at all raises `ReadError` with a human reason, so the batch can
report it and go on; a file that is only partly broken (one bad JSON Lines record, one PDF page
without text) is kept and its problems come back as warnings.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import io
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.model import Document


class ReadError(Exception):
    """could not read this file"""


SUPPORTED = (".txt", ".md", ".jsonl", ".html", ".htm", ".pdf", ".docx")

MAX_BYTES = 200 * 1024 * 1024  # larger inputs are refused, not read into memory
MAX_HTML_BYTES = 64 * 1024 * 1024  # a page is decoded and stripped in copies of two bytes a character
# A docx is unzipped member by member, counting the bytes really inflated (not the sizes the archive
# claims). python-docx holds every part in memory and parses the XML parts into trees of about five
# times their size, so the XML is capped lower than the whole: 256 MB + 5 x 64 MB stays under 1 GB.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members of a docx together, inflated
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024  # its .xml/.rels members, the parts parsed into trees
MAX_ZIP_RATIO = 100  # Word's XML deflates 5-20 to 1; a zip bomb, 1000 to 1
RATIO_CHECK_BYTES = 8 * 1024 * 1024  # members (or archives) smaller than this may have any ratio
MAX_ZIP_MEMBERS = 10_000  # a docx has tens of parts
UNZIP_CHUNK = 1024 * 1024
MAX_JUNK_SHARE = 0.01  # control characters, NULs, private-use characters: more than this is binary
MAX_STRAY_CONTROLS = 8  # this many are dropped from any text, however short (a NUL from a broken editor)
MAX_BAD_BYTES_SHARE = 0.001  # undecodable bytes replaced rather than rejecting the file
DETECT_SAMPLE = 1024 * 1024  # bytes charset detection looks at; enough to tell GB18030 from Big5
# A line valid as UTF-8 with this many non-ASCII bytes is UTF-8 (three CJK characters): GBK text is
# almost never valid UTF-8 that long. Shorter lines valid in both go with the file's majority.
UTF8_EVIDENCE_BYTES = 9
# UTF-16 without a BOM: ASCII characters (digits, newlines, spaces) put NUL bytes on one side of
# every pair; the text must then decode to plausible Chinese or Latin characters.
MIN_UTF16_NULS = 2
MIN_PLAUSIBLE_SHARE = 0.9
# The main-text extractor (trafilatura) takes about 1 s per MB of plain markup and 6 s per MB of
# deeply nested markup, more on some shapes (a 50 MB page ran past 10 minutes). Above either bound
# the page is read with the tag stripper instead, which reads 50 MB in seconds.
MAX_MAIN_TEXT_CHARS = 4 * 1024 * 1024
MAX_MAIN_TEXT_TAGS = 40_000

# Byte-order marks, longest first: a UTF-8 BOM is unambiguous, UTF-16 LE/BE after it.
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings worth guessing for Chinese text once strict UTF-8 has failed: GB18030 is a superset of
# GBK and GB2312 (mainland), Big5 is traditional (Taiwan, Hong Kong).
GUESS_ENCODINGS = ["gb18030", "big5"]
# Declared HTML charsets mapped to the superset Python should decode them with.
CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "cp950",
    "x-big5": "cp950",
}
UNSUPPORTED_HINTS = {
    ".doc": "请另存为 .docx",
    ".wps": "请另存为 .docx",
    ".rtf": "请另存为 .docx 或 .txt",
    ".json": "请改用 JSON Lines（.jsonl，每行一篇文章）",
}

NOT_REGULAR = "不是普通文件（设备、管道或套接字）"
IS_DIRECTORY = "是文件夹，不是文件"
# What the operating system's refusals mean to a reader (its own English words where none is listed).
OS_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOENT: "文件不存在",
    errno.EISDIR: IS_DIRECTORY,
    errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环",
}


def cannot_read(err: OSError | ValueError) -> str:
    """Why a file could not be opened or read, in Chinese: `无法读取：没有读取权限`.

    >>> cannot_read(PermissionError(13, "Permission denied")), cannot_read(OSError(95, "Operation not supported"))
    ('无法读取：没有读取权限', '无法读取：Operation not supported')
    """
    return f"无法读取：{OS_REASONS.get(getattr(err, 'errno', None)) or getattr(err, 'strerror', None) or err}"


def unsupported(suffix: str) -> str:
    """Why a file of this type is refused, with what to do instead where we know it.

    >>> unsupported(".doc"), unsupported("")
    ('不支持的文件类型 .doc：请另存为 .docx', '不支持的文件类型（没有扩展名）')
    """
    kind = f"不支持的文件类型 {suffix}" if suffix else "不支持的文件类型（没有扩展名）"
    hint = UNSUPPORTED_HINTS.get(suffix.lower())
    return f"{kind}：{hint}" if hint else kind


def too_large(size: int | None, limit: int) -> str:
    """`文件过大（120 MB，上限 100 MB）`; the size unknown while it is read: `文件过大（超过上限 100 MB）`."""
    if size is None:
        return f"文件过大（超过上限 {limit // 2**20} MB）"
    return f"文件过大（{size // 2**20} MB，上限 {limit // 2**20} MB）"


# Invisible format characters: zero-width spaces and joiners, word joiner, BOM, soft hyphen,
# invisible operators, left-to-right/right-to-left marks, embeddings, overrides and isolates. Inside
# a name they cut it for every rule, and they carry no text, so readers drop them before the text is
# stored (offsets point into the stored text).
INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]+")
_INVISIBLE_CHARS = tuple(re.sub(r"(.)-(.)", lambda m: "".join(map(chr, range(ord(m[1]), ord(m[2]) + 1))), INVISIBLE))
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANK_LINES = re.compile(r"\n{3,}")


def read_file(path: Path, source: str | None = None, data: bytes | None = None) -> tuple[list[Document], list[str]]:
    """The documents in one input file, and warnings about the parts that could not be read.

    `source` names the documents (default: the path as given); a JSON Lines record is named by
    its own id, else its url. `data`: the file's bytes, already read (the caller hashes exactly what
    is parsed: ingest.read_documents); the path then only gives the type and the name. Raises
    ReadError when nothing in the file can be read.
    """
    path = Path(path)
    try:
        documents, warnings = _read_any(path, source or str(path), data)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("内存不足，无法读取此文件") from None
    except Exception as err:  # noqa: BLE001 — a reader's bug or a library's surprise is this file's problem only
        raise ReadError(f"读取失败（意外错误 {type(err).__name__}：{str(err)[:200]}）") from None
    documents = [_without_invisible(document) for document in documents]
    kept = [document for document in documents if document.text.strip()]
    if not kept:
        raise ReadError("空文件（只有不可见字符）")
    if len(kept) < len(documents):
        warnings.append(f"{len(documents) - len(kept)} 条记录只有不可见字符，已略去")
    return kept, warnings


def _read_any(path: Path, name: str, data: bytes | None = None) -> tuple[list[Document], list[str]]:
    if data is None:
        _check_readable(path)
    else:
        _check_read(path, data)
    suffix = path.suffix.lower()
    src: Path | bytes = path if data is None else data
    if suffix == ".jsonl":
        return _read_jsonl(src, name, str(path))
    if suffix == ".pdf":
        text, warnings = _read_pdf(src)
        return [Document(source=name, text=text, kind="issue", path=str(path))], warnings
    if suffix == ".docx":
        return [Document(source=name, text=_read_docx(src), kind="issue", path=str(path))], []
    if data is None:
        data = _read_bytes(path)
    if suffix in (".html", ".htm"):
        return _read_html(data, name, str(path))
    text, warnings = _decode(data)
    return [Document(source=name, text=text, kind="issue", path=str(path))], warnings


def strip_invisible(text: str) -> str:
    """The text without zero-width, direction and BOM characters (see INVISIBLE).

    >>> strip_invisible("山东\u200b华勤\u200e集团\ufeff")
    '山东华勤集团'
    """
    if not any(char in text for char in _INVISIBLE_CHARS):  # a substring scan each: 3x faster than the regex
        return text
    return _INVISIBLE.sub("", text)


def _without_invisible(document: Document) -> Document:
    title = (strip_invisible(document.title).strip() or None) if document.title else document.title
    text = strip_invisible(document.text)
    if text is document.text and title == document.title:
        return document
    return dataclasses.replace(document, text=text, title=title)


# -- files -------------------------------------------------------------------------------------


def _check_readable(path: Path) -> None:
    """Refuse what is not a regular file of a supported type and a sane size, before opening it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(f"文件不存在：{path}") from None
    except (OSError, ValueError) as err:  # ValueError: a NUL in the path
        raise ReadError(cannot_read(err)) from None
    if path.is_dir():
        raise ReadError(IS_DIRECTORY)
    if not path.is_file():
        raise ReadError(NOT_REGULAR)
    _check_size(path, info.st_size)


def _check_read(path: Path, data: bytes) -> None:
    """The checks of `_check_readable` for a file whose bytes the caller has read (type and size)."""
    _check_size(path, len(data))


def _check_size(path: Path, size: int) -> None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(unsupported(suffix))
    if size == 0:
        raise ReadError("空文件")
    limit = _size_limit(suffix)
    if size > limit:
        raise ReadError(too_large(size, limit))


def _size_limit(suffix: str) -> int:
    return MAX_HTML_BYTES if suffix in (".html", ".htm") else MAX_BYTES


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, at most MAX_BYTES: opened without blocking and checked again once open, so a
    file swapped for a pipe or grown past the limit since `_check_readable` cannot hang or flood us."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ReadError(NOT_REGULAR)
            limit = _size_limit(path.suffix.lower())
            data = handle.read(limit + 1)
    except OSError as err:
        raise ReadError(cannot_read(err)) from None
    if len(data) > limit:
        raise ReadError(too_large(None, limit))
    return data


# -- text decoding -----------------------------------------------------------------------------


def _decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Text from bytes, and a warning if a few bad bytes had to be replaced."""
    text, warnings = _decode_raw(data, declared)
    if text is None:
        raise ReadError("不是 UTF-8、GBK 或 UTF-16 文本（二进制文件？）")
    return _clean_text(text), warnings


def _decode_raw(data: bytes, declared: str | None) -> tuple[str | None, list[str]]:
    """BOM first, then UTF-16 by its NULs, a declared charset, strict UTF-8, a Chinese guess; then
    line by line (a file pasted together from two encodings), each line in the encoding it fits."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_leniently(data[len(bom) :], [encoding])
    utf16 = _sniff_utf16(data)
    if utf16:
        text, warnings = _decode_leniently(data, [utf16])
        if text is not None:
            return text, warnings
    for encoding in (declared, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError:
                pass
    guess = _guess_encoding(data)
    if guess:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:  # the guess was made on a sample; the rest of the file disagrees
            pass
        else:
            if not _has_utf8_lines(data):
                return text, []
    utf16 = _utf16_without_nuls(data)
    if utf16:
        return data.decode(utf16), []
    guess = guess or _guess_encoding(_non_utf8_sample(data))  # a mixed file's guess is often None
    other = next(e for e in (declared, guess, "gb18030") if e and codecs.lookup(e).name != "utf-8")
    return _decode_by_line(data, other)


def _decode_leniently(data: bytes, encodings: list[str | None]) -> tuple[str | None, list[str]]:
    """The first decoding that needs only a few replaced bytes (a file cut mid-character, a stray byte)."""
    for encoding in dict.fromkeys(e for e in encodings if e):
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError:
            pass
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(1, MAX_BAD_BYTES_SHARE * len(text)):
            return text, [f"{bad} undecodable byte sequence(s) in {encoding} text replaced with U+FFFD"]
    return None, []


def _lines(data: bytes) -> Iterator[bytes]:
    """The lines of `data`, each with its newline, one at a time (no list of a whole file's lines)."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


_ASCII_BYTES = bytes(range(128))


def _non_ascii(line: bytes) -> int:
    return 0 if line.isascii() else len(line.translate(None, _ASCII_BYTES))


def _valid(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _has_utf8_lines(data: bytes) -> bool:
    """Whether a file that decodes as GBK/Big5 also holds lines that are clearly UTF-8 (pasted together)."""
    return any(_non_ascii(line) >= UTF8_EVIDENCE_BYTES and _valid(line, "utf-8") for line in _lines(data))


def _non_utf8_sample(data: bytes) -> bytes:
    """The lines that are not UTF-8, up to DETECT_SAMPLE bytes: what the other encoding is guessed from."""
    sample = bytearray()
    for line in _lines(data):
        if len(sample) >= DETECT_SAMPLE:
            break
        if not _valid(line, "utf-8"):
            sample += line
    return bytes(sample)


def _decode_by_line(data: bytes, fallback: str) -> tuple[str | None, list[str]]:
    """Each line as UTF-8 or as `fallback`, whichever it fits (JSON Lines reads the same way); a line
    valid in both goes with the file's majority unless it is long enough to be UTF-8 for sure; a line
    that fits neither is kept with a few bytes replaced, or dropped. None when little is left."""
    utf8_lines = fallback_lines = 0
    for line in _lines(data):
        if line.isascii():
            continue
        utf8, other = _valid(line, "utf-8"), _valid(line, fallback)
        if utf8 and (not other or _non_ascii(line) >= UTF8_EVIDENCE_BYTES):
            utf8_lines += 1
        elif other and not utf8:
            fallback_lines += 1
    majority = "utf-8" if utf8_lines >= fallback_lines else fallback
    parts: list[str] = []
    used: dict[str, int] = {}
    replaced: dict[str, int] = {}
    dropped = dropped_bytes = 0
    for line in _lines(data):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        utf8, other = _valid(line, "utf-8"), _valid(line, fallback)
        if utf8 and other:
            encoding = "utf-8" if _non_ascii(line) >= UTF8_EVIDENCE_BYTES else majority
        elif utf8 or other:
            encoding = "utf-8" if utf8 else fallback
        else:
            encoding = None
            for candidate in dict.fromkeys((majority, "utf-8", fallback)):
                text = line.decode(candidate, errors="replace")
                bad = text.count("\ufffd")
                if bad <= max(1, MAX_BAD_BYTES_SHARE * len(text)):
                    encoding, replaced[candidate] = candidate, replaced.get(candidate, 0) + bad
                    break
            if encoding is None:
                dropped, dropped_bytes = dropped + 1, dropped_bytes + len(line)
                continue
        used[encoding] = used.get(encoding, 0) + 1
        parts.append(line.decode(encoding, errors="replace"))
    if not used or dropped_bytes * 2 > len(data):
        return None, []
    warnings = []
    if len(used) > 1:
        counts = "、".join(f"{n} 行按 {encoding}" for encoding, n in used.items())
        warnings.append(f"编码混杂：{counts} 解码")
    warnings += [f"{n} undecodable byte sequence(s) in {e} text replaced with U+FFFD" for e, n in replaced.items()]
    if dropped:
        warnings.append(f"{dropped} 行无法按 UTF-8 或 {fallback} 解码，已略去")
    return "".join(parts), warnings


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, told by NUL bytes on one side of the pairs only (the high byte of every
    ASCII character), and confirmed by the text it decodes to."""
    sample = data[: min(len(data), DETECT_SAMPLE) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < MIN_UTF16_NULS or min(even, odd) * 50 > max(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    return encoding if _plausible(sample.decode(encoding, errors="replace")) else None


def _utf16_without_nuls(data: bytes) -> str | None:
    """UTF-16 of pure CJK text (no ASCII, so no NULs): only when nothing else decoded it."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        if _plausible(data[:DETECT_SAMPLE].decode(encoding, errors="replace")) and _valid(data, encoding):
            return encoding
    return None


_PLAUSIBLE = re.compile("[\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _plausible(text: str) -> bool:
    """Whether text is mostly characters a Chinese article is written in (a wrong decoding is not)."""
    if not text:
        return False
    replaced = text.count("\ufffd")
    return replaced <= 1 and len(_PLAUSIBLE.findall(text)) >= MIN_PLAUSIBLE_SHARE * (len(text) - replaced)


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess among the Chinese encodings, or None when none fits."""
    from charset_normalizer import from_bytes

    sample = data[:DETECT_SAMPLE]
    best = from_bytes(sample, cp_isolation=GUESS_ENCODINGS).best()
    return best.encoding if best is not None else None


def _clean_text(text: str) -> str:
    """Reject binary-looking text; normalise line endings; drop NULs and other C0 controls.

    A few stray controls (MAX_STRAY_CONTROLS) are dropped from any text, however short: one NUL left
    by an editor must not lose an article. More than MAX_JUNK_SHARE of the text is a binary file."""
    if not text or text.isspace():
        raise ReadError("空文件（只有空白）")
    limit = max(MAX_STRAY_CONTROLS, MAX_JUNK_SHARE * len(text))
    junk = 0
    for _ in _JUNK.finditer(text):  # counted without copying the text: it may be large
        junk += 1
        if junk > limit:
            raise ReadError("二进制文件（控制字符或无法解码的字符过多，不像文本）")
    if not junk:
        return _normalise_line_ends(text)
    text = _normalise(text)
    if not text.strip() or len(_JUNK.findall(text)) * 2 >= len(text.strip()):
        raise ReadError("二进制文件（只有控制字符）")
    return text


def _normalise(text: str) -> str:
    """Drop NULs and other C0 controls (private-use characters stay: a few are legitimate GB18030 ones)."""
    return _normalise_line_ends(_CONTROL.sub("", text))


def _normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


# -- JSON Lines --------------------------------------------------------------------------------


def _read_jsonl(src: Path | bytes, name: str, path: str) -> tuple[list[Document], list[str]]:
    documents: list[Document] = []
    warnings: list[str] = []
    for lineno, line in _jsonl_lines(src, warnings):
        if not line.strip():
            continue
        document = _jsonl_record(line, lineno, name, path, warnings)
        if document is not None:
            documents.append(document)
    if not documents:
        detail = "; ".join(warnings[:3])
        raise ReadError(f"JSON Lines 文件中没有可用的记录（{detail}）" if detail else "文件中没有记录")
    return documents, warnings


def _open(src: Path | bytes) -> BinaryIO:
    """The file to read: a path opened, or the bytes already read."""
    return src.open("rb") if isinstance(src, Path) else io.BytesIO(src)


def _jsonl_lines(src: Path | bytes, warnings: list[str]) -> Iterator[tuple[int, str]]:
    """Decoded lines, one at a time: UTF-8 unless a BOM or the first undecodable line says otherwise."""
    try:
        with _open(src) as handle:
            head = handle.read(DETECT_SAMPLE)
            handle.seek(0)
            if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                yield from _utf16_lines(handle, warnings, "utf-16")
                return
            utf16 = _sniff_utf16(head)
            del head
            if utf16:
                yield from _utf16_lines(handle, warnings, utf16)
                return
            fallback: str | None = None
            for lineno, raw in enumerate(handle, start=1):
                if lineno == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                try:
                    yield lineno, raw.decode("utf-8")
                    continue
                except UnicodeDecodeError:
                    pass
                fallback = fallback or _guess_encoding(raw)
                try:
                    yield lineno, raw.decode(fallback or "utf-8")
                except UnicodeDecodeError:
                    warnings.append(f"第 {lineno} 行：不是 UTF-8 或 GBK 文本")
    except OSError as err:
        raise ReadError(cannot_read(err)) from None


def _utf16_lines(handle: BinaryIO, warnings: list[str], encoding: str) -> Iterator[tuple[int, str]]:
    reader = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline=None)
    try:
        yield from enumerate(reader, start=1)
    except UnicodeDecodeError:
        warnings.append("文件其余部分：不是 UTF-16 文本")
    finally:
        reader.detach()


def _jsonl_record(line: str, lineno: int, name: str, path: str, warnings: list[str]) -> Document | None:
    """One record as a Document, or None with a warning saying why it was skipped."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        warnings.append(f"第 {lineno} 行：不是有效的 JSON")
        return None
    if not isinstance(record, dict):
        warnings.append(f"第 {lineno} 行：不是 JSON 对象")
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        warnings.append(f"第 {lineno} 行：记录没有正文（text）")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    fields = {key: _optional_str(record, key, lineno, warnings) for key in ("title", "date", "url")}
    record_id = record.get("id")
    if record_id is not None and record_id != "" and not isinstance(record_id, (dict, list, bool)):
        source = str(record_id)
    elif fields["url"]:
        source = fields["url"]
    else:
        source = f"{name}#{lineno}"
        warnings.append(f"第 {lineno} 行：记录没有 id 或 url，记作 {source}")
    return Document(source=source, text=text, kind="record", path=path, **fields)


def _optional_str(record: dict, key: str, lineno: int, warnings: list[str]) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    warnings.append(f"第 {lineno} 行：{key} 不是字符串，已忽略")
    return None


# -- HTML --------------------------------------------------------------------------------------


def _read_html(data: bytes, name: str, path: str) -> tuple[list[Document], list[str]]:
    declared = _declared_charset(data)
    try:
        html, warnings = _decode(data, declared)
    except ReadError:
        if declared is None:
            raise
        html = _clean_text(data.decode(declared, errors="replace"))  # still refuses a binary file
        warnings = [f"not valid {declared}: undecodable bytes replaced with U+FFFD"]
    text, title, date, url = _html_main_text(html, warnings)
    if not text.strip():
        raise ReadError("网页没有正文")
    return [Document(source=name, text=text, kind="page", title=title, date=date, url=url, path=path)], warnings


def _declared_charset(data: bytes) -> str | None:
    """The charset a <meta> tag declares near the top, as a Python codec name, if Python knows it."""
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _html_main_text(html: str, warnings: list[str]) -> tuple[str, str | None, str | None, str | None]:
    """Main text (no navigation, no scripts), title, ISO date and canonical url of a page.

    The main-text extractor only sees pages it reads in bounded time (MAX_MAIN_TEXT_CHARS and
    _TAGS) whose tree lxml builds whole; any other page, or any failure of the extractor (it needs
    lxml_html_clean, for one), is read by stripping its tags, with a warning saying why."""
    tags = html.count("<")
    if len(html) > MAX_MAIN_TEXT_CHARS or tags > MAX_MAIN_TEXT_TAGS:
        warnings.append(
            f"页面过大（{len(html):,} 个字符、{tags:,} 个标签；上限 {MAX_MAIN_TEXT_CHARS:,} 个字符、"
            f"{MAX_MAIN_TEXT_TAGS:,} 个标签）：未提取正文，整页去标签读取"
        )
        return (_tidy(_strip_tags_plain(html)), *_head_meta(html))  # no tree: lxml's is ~150 B a tag
    if _too_deep(html):
        warnings.append("页面嵌套超过 255 层：未提取正文，整页去标签读取")
        return (_tidy(_strip_tags_plain(html)), *_head_meta(html))
    try:
        text, meta = _trafilatura(html)
    except ImportError as err:  # lxml_html_clean missing: justext imports lxml.html.clean
        warnings.append(f"正文提取器无法加载（{str(err)[:120]}）：整页去标签读取")
        return (_tidy(_strip_tags(html)), *_head_meta(html))
    except Exception as err:  # noqa: BLE001 — the extractor's own failure on an odd page is this page's only
        warnings.append(f"正文提取失败（{type(err).__name__}）：整页去标签读取")
        return (_tidy(_strip_tags(html)), *_head_meta(html))
    if not text or not text.strip():
        text = _strip_tags(html)
    return (_tidy(text), *_meta_fields(meta, html))


def _trafilatura(html: str) -> tuple[str | None, Any]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    return text, _trafilatura_meta(html)


def _trafilatura_meta(html: str) -> Any:
    import trafilatura
    from trafilatura.settings import set_date_params

    # Extensive date search guesses from copyright lines and body text; only trust the markup.
    return trafilatura.extract_metadata(html, date_config=set_date_params(False))


def _head_meta(html: str) -> tuple[str | None, str | None, str | None]:
    """Title, ISO date and canonical url from the page's <head> alone (a page read without the
    extractor still keeps the date its markup states); the <title> tag when that fails."""
    end = _HEAD_END.search(html, 0, MAX_HEAD_CHARS)
    try:
        meta = _trafilatura_meta(html[: end.end()] + "<body></body></html>") if end else None
    except Exception:  # noqa: BLE001 — the same failures as the extractor's, same fallback
        meta = None
    return _meta_fields(meta, html)


def _meta_fields(meta: Any, html: str) -> tuple[str | None, str | None, str | None]:
    """Title (else the <title> tag), ISO date and url of trafilatura's metadata."""
    title = meta.title if meta and meta.title else _html_title(html)
    date = meta.date if meta and meta.date and _ISO_DATE.fullmatch(meta.date) else None
    return title, date, meta.url if meta and meta.url else None


def _tidy(text: str) -> str:
    return _BLANK_LINES.sub("\n\n", text.strip())


def _too_deep(html: str) -> bool:
    """Whether libxml2 gives up on the page (nesting past 255 levels): its tree, and so the main-text
    extractor, would silently stop at the first element too deep."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return False
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


def _html_title(html: str) -> str | None:
    match = _TITLE.search(html)
    title = unescape(re.sub(r"\s+", " ", match.group(1))).strip() if match else ""
    return title or None


_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
MAX_HEAD_CHARS = 1024 * 1024  # where </head> is looked for
_DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "nav", "iframe", "object", "svg")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_DROPPED_OPEN = re.compile(r"<({})\b".format("|".join(_DROPPED_TAGS)), re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:{})\b[^<>]*>".format("|".join(_BLOCK_TAGS)), re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*>|<![^<>]*>|<\?[^<>]*>")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def _strip_tags(html: str) -> str:
    """Fallback text of a page: every tag stripped, scripts and styles dropped, blocks on own lines."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)  # no cap on text node size; nesting up to 2048 levels
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return _strip_tags_plain(html)
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return _strip_tags_plain(html)  # the tree stops where the nesting got too deep
    for element in list(tree.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return _clean_lines(tree.text_content())


def _strip_tags_plain(html: str) -> str:
    """Tags stripped without building a tree, so no nesting depth or size stops it: comments and
    script-like elements dropped (an unclosed one runs to the end, as in a browser), block tags
    turned into line breaks, entities decoded. Linear in the page's length."""
    html = _COMMENT.sub("", html)  # each step replaces the last: a big page is held about twice, not five times
    kept: list[str] = []
    position = 0
    while match := _DROPPED_OPEN.search(html, position):
        kept.append(html[position : match.start()])
        close = re.compile(rf"</{match.group(1)}\s*>", re.IGNORECASE).search(html, match.end())
        position = close.end() if close else len(html)
    if kept:
        kept.append(html[position:])
        html = "".join(kept)
        del kept
    html = _BLOCK_TAG.sub("\n", html)
    html = _TAG.sub("", html)
    return _clean_lines(unescape(html))


def _clean_lines(text: str) -> str:
    """Runs of spaces as one, each line stripped, blank lines dropped."""
    lines = (line.strip() for line in _SPACES.sub(" ", text).split("\n"))
    return "\n".join(line for line in lines if line)


# -- PDF ---------------------------------------------------------------------------------------


def _read_pdf(path: Path | bytes) -> tuple[str, list[str]]:
    """Text of every page in reading order, within a memory bound: see pipeline.pdflayout. `path` may be
    the bytes already read (the ingest hashes exactly what it parses)."""
    from pipeline.pdflayout import read_pdf

    return read_pdf(path)


# -- docx --------------------------------------------------------------------------------------


def _read_docx(path: Path | bytes) -> str:
    """Paragraphs and table rows in document order, one per line; table cells joined by tabs."""
    _check_zip(path)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path) if isinstance(path, Path) else io.BytesIO(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except Exception as err:  # noqa: BLE001 — python-docx raises many kinds on a malformed package
        raise ReadError(f"docx 已损坏（{type(err).__name__}）") from None
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("docx 没有正文")
    return _normalise(text)


def _check_zip(path: Path | bytes) -> None:
    """Refuse a zip bomb before python-docx inflates it: by the sizes the archive declares, then by
    the bytes really inflated, member by member in chunks with a running total (memory stays at one
    chunk), against MAX_UNPACKED_BYTES, MAX_DOCX_XML_BYTES and MAX_ZIP_RATIO."""
    try:
        size = path.stat().st_size if isinstance(path, Path) else len(path)
        with zipfile.ZipFile(path if isinstance(path, Path) else io.BytesIO(path)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ReadError(f"docx 含 {len(members)} 个文件，超过上限 {MAX_ZIP_MEMBERS}（疑似压缩炸弹）")
            declared = _Unpacked(size)
            for member in members:
                declared.add(member.filename, member.file_size, member.compress_size)
                declared.next_member()
            inflated = _Unpacked(size)
            for member in members:
                with archive.open(member) as handle:
                    while chunk := handle.read(UNZIP_CHUNK):
                        inflated.add(member.filename, len(chunk), member.compress_size)
                inflated.next_member()
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ReadError("docx 已损坏（不是 zip 压缩包）") from None


class _Unpacked:
    """Running totals of a zip's inflated bytes; `add` raises ReadError once a cap or ratio is passed."""

    def __init__(self, archive_size: int) -> None:
        self.archive_size, self.total, self.xml, self.member = max(archive_size, 1), 0, 0, 0

    def add(self, name: str, size: int, packed: int) -> None:
        self.total += size
        self.member += size
        if name.lower().endswith((".xml", ".rels")):
            self.xml += size
        mb = 2**20
        if self.total > MAX_UNPACKED_BYTES:
            raise ReadError(f"docx 解压后超过上限（> {MAX_UNPACKED_BYTES // mb} MB），疑似压缩炸弹")
        if self.xml > MAX_DOCX_XML_BYTES:
            raise ReadError(f"docx 的 XML 解压后超过上限（> {MAX_DOCX_XML_BYTES // mb} MB）")
        if self.member > RATIO_CHECK_BYTES and self.member > MAX_ZIP_RATIO * max(packed, 1):
            raise ReadError(f"docx 压缩比异常（{name} 解压超过 {MAX_ZIP_RATIO} 倍），疑似压缩炸弹")
        if self.total > RATIO_CHECK_BYTES and self.total > MAX_ZIP_RATIO * self.archive_size:
            raise ReadError(f"docx 压缩比异常（整体解压超过 {MAX_ZIP_RATIO} 倍），疑似压缩炸弹")

    def next_member(self) -> None:
        self.member = 0


def _table_rows(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats for every grid column it spans
                continue
            previous = cell._tc
            cells.append(cell.text.replace("\n", " ").strip())
        if any(cells):
            rows.append("\t".join(cells))
    return rows
