"""Read one input file into Documents: plain text, Markdown, JSON Lines, HTML, PDF or docx.

A file that cannot be read at all raises `ReadError` with a human reason, so the batch can
report it and go on; a file that is only partly broken (one bad JSON Lines record, one PDF page
without text) is kept and its problems come back as warnings.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.model import Document


class ReadError(Exception):
    """could not read this file"""


SUPPORTED = (".txt", ".md", ".jsonl", ".html", ".htm", ".pdf", ".docx")

MAX_BYTES = 200 * 1024 * 1024  # larger inputs are refused, not read into memory
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # a docx that unzips to more than this is a zip bomb
MAX_JUNK_SHARE = 0.01  # control characters, NULs, private-use characters: more than this is binary
MAX_BAD_BYTES_SHARE = 0.001  # undecodable bytes replaced rather than rejecting the file
DETECT_SAMPLE = 1024 * 1024  # bytes charset detection looks at; enough to tell GB18030 from Big5

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
    ".doc": "save it as .docx",
    ".wps": "save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".json": "use JSON Lines (.jsonl), one article per line",
}

_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_BLANK_LINES = re.compile(r"\n{3,}")


def read_file(path: Path, source: str | None = None) -> tuple[list[Document], list[str]]:
    """The documents in one input file, and warnings about the parts that could not be read.

    `source` names the documents (default: the path as given); a JSON Lines record is named by
    its own id, else its url. Raises ReadError when nothing in the file can be read.
    """
    path = Path(path)
    _check_readable(path)
    suffix = path.suffix.lower()
    name = source or str(path)
    if suffix == ".jsonl":
        return _read_jsonl(path, name)
    if suffix == ".pdf":
        text, warnings = _read_pdf(path)
        return [Document(source=name, text=text, kind="issue", path=str(path))], warnings
    if suffix == ".docx":
        return [Document(source=name, text=_read_docx(path), kind="issue", path=str(path))], []
    data = _read_bytes(path)
    if suffix in (".html", ".htm"):
        return _read_html(data, name, str(path))
    text, warnings = _decode(data)
    return [Document(source=name, text=text, kind="issue", path=str(path))], warnings


# -- files -------------------------------------------------------------------------------------


def _check_readable(path: Path) -> None:
    """Refuse what is not a regular file of a supported type and a sane size, before opening it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(f"no such file: {path}") from None
    except OSError as err:
        raise ReadError(f"cannot open: {err.strerror or err}") from None
    if path.is_dir():
        raise ReadError("is a directory, not a file")
    if not path.is_file():
        raise ReadError("not a regular file (device, pipe or socket)")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = UNSUPPORTED_HINTS.get(suffix)
        kind = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        raise ReadError(f"{kind}; {hint}" if hint else kind)
    if info.st_size == 0:
        raise ReadError("空文件")
    if info.st_size > MAX_BYTES:
        raise ReadError(f"file too large ({info.st_size // 2**20} MB > {MAX_BYTES // 2**20} MB)")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise ReadError(f"cannot read: {err.strerror or err}") from None


# -- text decoding -----------------------------------------------------------------------------


def _decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Text from bytes, and a warning if a few bad bytes had to be replaced."""
    text, warnings = _decode_raw(data, declared)
    if text is None:
        raise ReadError("not valid UTF-8/GBK/UTF-16 text (binary file?)")
    return _clean_text(text), warnings


def _decode_raw(data: bytes, declared: str | None) -> tuple[str | None, list[str]]:
    """BOM first, then a declared charset, strict UTF-8, a Chinese guess; then the same, leniently."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_leniently(data[len(bom) :], [encoding])
    for encoding in (declared, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError:
                pass
    guess = _guess_encoding(data)
    if guess:
        try:
            return data.decode(guess), []
        except UnicodeDecodeError:  # the guess was made on a sample; the rest of the file disagrees
            pass
    return _decode_leniently(data, [declared, "utf-8", guess, "gb18030"])


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


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess among the Chinese encodings, or None when none fits."""
    from charset_normalizer import from_bytes

    sample = data[:DETECT_SAMPLE]
    best = from_bytes(sample, cp_isolation=GUESS_ENCODINGS).best()
    return best.encoding if best is not None else None


def _clean_text(text: str) -> str:
    """Reject binary-looking text; normalise line endings; drop NULs and other C0 controls."""
    if not text or text.isspace():
        raise ReadError("空文件 (only whitespace)")
    limit = MAX_JUNK_SHARE * len(text)
    junk = 0
    for _ in _JUNK.finditer(text):  # counted without copying the text: it may be large
        junk += 1
        if junk > limit:
            raise ReadError("binary file (too many control or undecodable characters for text)")
    return _normalise(text) if junk else _normalise_line_ends(text)


def _normalise(text: str) -> str:
    """Drop NULs and other C0 controls (private-use characters stay: a few are legitimate GB18030 ones)."""
    return _normalise_line_ends(_CONTROL.sub("", text))


def _normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


# -- JSON Lines --------------------------------------------------------------------------------


def _read_jsonl(path: Path, name: str) -> tuple[list[Document], list[str]]:
    documents: list[Document] = []
    warnings: list[str] = []
    for lineno, line in _jsonl_lines(path, warnings):
        if not line.strip():
            continue
        document = _jsonl_record(line, lineno, name, str(path), warnings)
        if document is not None:
            documents.append(document)
    if not documents:
        detail = "; ".join(warnings[:3])
        raise ReadError(f"no usable record in JSON Lines file ({detail})" if detail else "no record in file")
    return documents, warnings


def _jsonl_lines(path: Path, warnings: list[str]) -> Iterator[tuple[int, str]]:
    """Decoded lines, one at a time: UTF-8 unless a BOM or the first undecodable line says otherwise."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2)
            handle.seek(0)
            if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                yield from _utf16_lines(handle, warnings)
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
                    warnings.append(f"line {lineno}: not valid UTF-8/GBK text")
    except OSError as err:
        raise ReadError(f"cannot read: {err.strerror or err}") from None


def _utf16_lines(handle: BinaryIO, warnings: list[str]) -> Iterator[tuple[int, str]]:
    reader = io.TextIOWrapper(handle, encoding="utf-16", errors="strict", newline=None)
    try:
        yield from enumerate(reader, start=1)
    except UnicodeDecodeError:
        warnings.append("rest of file: not valid UTF-16 text")
    finally:
        reader.detach()


def _jsonl_record(line: str, lineno: int, name: str, path: str, warnings: list[str]) -> Document | None:
    """One record as a Document, or None with a warning saying why it was skipped."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        warnings.append(f"line {lineno}: invalid JSON")
        return None
    if not isinstance(record, dict):
        warnings.append(f"line {lineno}: not a JSON object")
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        warnings.append(f"line {lineno}: record has no text")
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
        warnings.append(f"line {lineno}: record has no id or url, named {source}")
    return Document(source=source, text=text, kind="record", path=path, **fields)


def _optional_str(record: dict, key: str, lineno: int, warnings: list[str]) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    warnings.append(f"line {lineno}: {key} is not a string, ignored")
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
    text, title, date, url = _html_main_text(html)
    if not text.strip():
        raise ReadError("HTML page has no text")
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


def _html_main_text(html: str) -> tuple[str, str | None, str | None, str | None]:
    """Main text (no navigation, no scripts), title, ISO date and canonical url of a page."""
    import trafilatura
    from trafilatura.settings import set_date_params

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    # Extensive date search guesses from copyright lines and body text; only trust the markup.
    meta = trafilatura.extract_metadata(html, date_config=set_date_params(False))
    title = meta.title if meta and meta.title else _html_title(html)
    date = meta.date if meta and meta.date and _ISO_DATE.fullmatch(meta.date) else None
    url = meta.url if meta and meta.url else None
    if not text or not text.strip():
        text = _strip_tags(html)
    return _BLANK_LINES.sub("\n\n", text.strip()), title, date, url


def _html_title(html: str) -> str | None:
    match = _TITLE.search(html)
    title = unescape(re.sub(r"\s+", " ", match.group(1))).strip() if match else ""
    return title or None


_DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "nav", "iframe", "object", "svg")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table")


def _strip_tags(html: str) -> str:
    """Fallback text of a page: every tag stripped, scripts and styles dropped, blocks on own lines."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(tree.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in tree.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# -- PDF ---------------------------------------------------------------------------------------


def _read_pdf(path: Path) -> tuple[str, list[str]]:
    """Text of every page in reading order, pages separated by a blank line."""
    _check_pdf_envelope(path)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    warnings: list[str] = []
    pages: list[str] = []
    try:
        with _log_to(warnings, "pdfminer"), pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                text = _page_text(page)
                page.close()
                if text.strip():
                    pages.append(text.strip())
                else:
                    warnings.append(f"page {number}: no text")
    except Exception as err:  # noqa: BLE001 — pdfminer raises many kinds on a malformed file
        cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if isinstance(cause, PDFEncryptionError):
            raise ReadError("encrypted PDF (password required)") from None
        raise ReadError(f"corrupt or truncated PDF ({type(cause).__name__})") from None
    text = "\n\n".join(pages)
    unmapped = len(_UNMAPPED_GLYPH.findall(text))
    text = _UNMAPPED_GLYPH.sub("", text)
    if unmapped and unmapped > len(text.strip()):
        raise ReadError("PDF text is not extractable (fonts without a Unicode mapping)")
    if unmapped:
        warnings.append(f"{unmapped} glyphs without a Unicode mapping dropped")
    if not text.strip():
        raise ReadError("PDF has no text layer (scanned?)")
    odd = sum(1 for _ in _JUNK.finditer(text))
    if odd > MAX_JUNK_SHARE * len(text):
        warnings.append(f"{odd} private-use or control characters (fonts without a proper Unicode mapping?)")
    return _normalise(text), warnings


class _ListHandler(logging.Handler):
    """Collects a library's log messages as reader warnings, each once, a few at most."""

    def __init__(self, warnings: list[str], limit: int = 3) -> None:
        super().__init__(logging.WARNING)
        self.warnings, self.limit, self.seen = warnings, limit, set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.seen and len(self.seen) < self.limit:
            self.seen.add(message)
            self.warnings.append(f"{record.name}: {message}")


@contextmanager
def _log_to(warnings: list[str], name: str) -> Iterator[None]:
    """While reading, a library's warnings go to our warnings instead of the terminal."""
    logger = logging.getLogger(name)
    handler, propagate = _ListHandler(warnings), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _check_pdf_envelope(path: Path) -> None:
    """A PDF starts with %PDF- and ends with %%EOF; a file cut short lacks the end marker."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, path.stat().st_size - 2048))
            tail = handle.read()
    except OSError as err:
        raise ReadError(f"cannot read: {err.strerror or err}") from None
    if b"%PDF-" not in head:
        raise ReadError("not a PDF file (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise ReadError("truncated PDF (no %%EOF at the end)")


# Column detection: a vertical band in the middle of a region that (almost) no line crosses. A
# region with such a gutter is cut into horizontal bands: a band of two columns is read left column
# first (each column split again, so three or more columns work), a line crossing the gutter (a
# headline over both columns) is read across.
COLUMN_ZONE = (0.3, 0.7)  # where a gutter may lie, as shares of the region's width
MIN_GUTTER = 6.0  # points
MAX_CROSSING_SHARE = 0.1  # lines allowed to cross the gutter (headlines spanning both columns)
MIN_SIDE_SHARE = 0.25  # each column holds at least this share of the lines
MIN_COLUMN_LINES = 4
MAX_COLUMN_DEPTH = 4  # splits inside splits: enough for a sixteen-column page
LINE_TOLERANCE = 3.0  # words whose tops differ by less than this stand on one line

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _page_text(page: Any) -> str:
    x0, top, x1, bottom = page.bbox
    regions = _reading_regions(page.extract_words(), (x0, top, x1, bottom), depth=0)
    if len(regions) == 1:
        return page.extract_text() or ""
    parts = (_region_text(page, region) for region in regions)
    return "\n".join(part for part in parts if part.strip())


def _reading_regions(words: list[dict], box: Box, depth: int) -> list[Box]:
    """The parts of `box` in reading order: itself, or its bands and columns when it has columns."""
    x0, top, x1, bottom = box
    lines = _group_lines(words)
    gutter = _find_gutter(lines, x0, x1) if depth < MAX_COLUMN_DEPTH else None
    if gutter is None:
        return [box]
    split = (gutter[0] + gutter[1]) / 2
    regions: list[Box] = []
    for band_top, band_bottom, columns in _bands(lines, gutter, top, bottom):
        if not columns:
            regions.append((x0, band_top, x1, band_bottom))
            continue
        for column in ((x0, band_top, split, band_bottom), (split, band_top, x1, band_bottom)):
            inside = [w for w in words if _centre_in(w, column)]
            regions.extend(_reading_regions(inside, column, depth + 1))
    return regions


def _group_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0]["top"] <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _find_gutter(lines: list[list[dict]], left: float, right: float) -> tuple[float, float] | None:
    """(x0, x1) of the widest gap between two columns of text, or None for a one-column region."""
    if len(lines) < MIN_COLUMN_LINES:
        return None
    width = int(right - left) + 2
    diff = [0] * (width + 1)  # words covering each point of the width, as a difference array
    for line in lines:
        for word in line:
            start = min(width - 1, max(0, int(word["x0"] - left)))
            end = min(width - 1, max(start, int(word["x1"] - left) + 1))
            diff[start] += 1
            diff[end + 1] -= 1
    cover = list(accumulate(diff))
    allowed = max(1, int(MAX_CROSSING_SHARE * len(lines)))
    zone = range(int(COLUMN_ZONE[0] * width), int(COLUMN_ZONE[1] * width))
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for x in [*zone, None]:
        if x is not None and cover[x] <= allowed:
            run_start = x if run_start is None else run_start
            continue
        if run_start is not None:
            run_end = x if x is not None else zone.stop
            if best is None or run_end - run_start > best[1] - best[0]:
                best = (run_start, run_end)
            run_start = None
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    gutter = (best[0] + left, best[1] + left)
    left_lines = sum(any(w["x1"] <= gutter[0] for w in line) for line in lines)
    right_lines = sum(any(w["x0"] >= gutter[1] for w in line) for line in lines)
    crossing = sum(_crosses(line, gutter) for line in lines)
    if min(left_lines, right_lines) < max(2, MIN_SIDE_SHARE * len(lines)):
        return None
    if crossing > 3 * MAX_CROSSING_SHARE * len(lines):
        return None
    return gutter


def _crosses(line: list[dict], gutter: tuple[float, float]) -> bool:
    return any(w["x0"] < gutter[1] and w["x1"] > gutter[0] for w in line)


def _bands(
    lines: list[list[dict]], gutter: tuple[float, float], top: float, bottom: float
) -> list[tuple[float, float, bool]]:
    """(top, bottom, has_columns) bands, top to bottom: runs of column lines, and crossing lines."""
    groups: list[tuple[bool, list[list[dict]]]] = []
    for line in lines:
        columns = not _crosses(line, gutter)
        if groups and groups[-1][0] and columns:
            groups[-1][1].append(line)
        else:
            groups.append((columns, [line]))
    bands = []
    band_top = top
    for index, (columns, group) in enumerate(groups):
        if index + 1 < len(groups):
            lowest = max(w["bottom"] for line in group for w in line)
            next_top = min(w["top"] for w in groups[index + 1][1][0])
            band_bottom = (lowest + next_top) / 2
        else:
            band_bottom = bottom
        bands.append((band_top, band_bottom, columns))
        band_top = band_bottom
    return bands


def _centre_in(obj: dict, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (obj["x0"] + obj["x1"]) / 2 < x1 and top <= (obj["top"] + obj["bottom"]) / 2 < bottom


def _region_text(page: Any, box: Box) -> str:
    """Text of the characters whose centre lies in the box."""
    return page.filter(lambda obj: obj.get("object_type") == "char" and _centre_in(obj, box)).extract_text() or ""


# -- docx --------------------------------------------------------------------------------------


def _read_docx(path: Path) -> str:
    """Paragraphs and table rows in document order, one per line; table cells joined by tabs."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ReadError("corrupt docx (not a zip archive)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError("docx too large when unpacked")
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except Exception as err:  # noqa: BLE001 — python-docx raises many kinds on a malformed package
        raise ReadError(f"corrupt docx ({type(err).__name__})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("docx has no text")
    return _normalise(text)


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
