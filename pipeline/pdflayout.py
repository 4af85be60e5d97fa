"""Text of a PDF in reading order, read within a memory bound: e-paper pages of columns, bands and boxes.

District papers publish their issues as PDFs laid out in two or three columns, with headlines inside a
column or across several, and boxed articles. Reading such a page line by line across its width
interleaves the columns and mixes articles; this module cuts each page into regions in reading order
(recursive cuts on the whitespace between columns, see `reading_regions`) and reads each region alone.

A PDF is compressed: a 1 MB file can inflate to gigabytes. Every stream pdfminer decodes while a PDF is
read is counted against `MAX_DECODED_BYTES`, decompressed in chunks, so a bomb is refused with a reason
long before it fills memory; so are pages with more content than any real page has, and absurd page counts.
"""

from __future__ import annotations

import contextvars
import io
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from pipeline.readers import _JUNK, MAX_JUNK_SHARE, ReadError, _normalise, cannot_read

# -- limits ------------------------------------------------------------------------------------
# Why these numbers: an A4 page of 6 pt type holds some 15,000 characters, written in well under 2 MB of
# page content; an issue is tens of pages. Embedded CJK fonts are the largest honest streams (5-20 MB).
MAX_DECODED_BYTES = 256 * 1024 * 1024  # all streams decoded while reading one PDF (pdfminer caches them)
MAX_PAGE_CONTENT_BYTES = 16 * 1024 * 1024  # one page's content streams, decoded
MAX_PAGES = 2000
MAX_CHARS = 5_000_000  # text characters in one PDF
DECODE_CHUNK = 1024 * 1024  # streams are inflated this much at a time, so a bomb stops at the budget

_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


class PdfTooLarge(Exception):
    """PDF too large to read safely"""


def read_pdf(path: Path | bytes) -> tuple[str, list[str]]:
    """Text of every page in reading order, pages separated by a blank line; warnings for what was lost.
    `path` is the file, or its bytes already read."""
    check_pdf_envelope(path)
    source = path if isinstance(path, Path) else io.BytesIO(path)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    warnings: list[str] = []
    pages: list[str] = []
    chars = 0
    try:
        with _log_to(warnings, "pdfminer"), _decode_budget(MAX_DECODED_BYTES), pdfplumber.open(source) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise PdfTooLarge(f"PDF 页数过多（{len(pdf.pages)} 页，上限 {MAX_PAGES} 页）")
            for number, page in enumerate(pdf.pages, start=1):
                _check_page_content(page, number)
                text = page_text(page)
                page.close()
                chars += len(text)
                if chars > MAX_CHARS:
                    raise PdfTooLarge(f"PDF 文字过多（超过 {MAX_CHARS:,} 字），拒绝读取")
                if text.strip():
                    pages.append(text.strip())
                else:
                    warnings.append(f"第 {number} 页：没有文字")
    except PdfTooLarge as err:
        raise ReadError(str(err)) from None
    except Exception as err:  # noqa: BLE001 — pdfminer raises many kinds on a malformed file
        cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if isinstance(cause, PdfTooLarge):  # pdfplumber wraps what the interpreter raised
            raise ReadError(str(cause)) from None
        if isinstance(cause, PDFEncryptionError):
            raise ReadError("PDF 已加密（需要密码）") from None
        raise ReadError(f"PDF 已损坏或不完整（{type(cause).__name__}）") from None
    return _finish(pages, warnings)


def _finish(pages: list[str], warnings: list[str]) -> tuple[str, list[str]]:
    """The pages joined; glyphs without a Unicode mapping dropped, or the file refused when they are most."""
    text = "\n\n".join(pages)
    unmapped = len(_UNMAPPED_GLYPH.findall(text))
    text = _UNMAPPED_GLYPH.sub("", text)
    if unmapped and unmapped > len(text.strip()):
        raise ReadError("PDF 的文字无法提取（字体没有 Unicode 映射）")
    if unmapped:
        warnings.append(f"{unmapped} 个字形没有 Unicode 映射，已略去")
    if not text.strip():
        raise ReadError("PDF 没有文字层（扫描件？）")
    odd = sum(1 for _ in _JUNK.finditer(text))
    if odd > MAX_JUNK_SHARE * len(text):
        warnings.append(f"{odd} 个私用区或控制字符（字体缺少正确的 Unicode 映射？）")
    return _normalise(text), warnings


def check_pdf_envelope(path: Path | bytes) -> None:
    """A PDF starts with %PDF- and ends with %%EOF; a file cut short lacks the end marker."""
    try:
        with path.open("rb") if isinstance(path, Path) else io.BytesIO(path) as handle:
            head = handle.read(1024)
            handle.seek(max(0, handle.seek(0, io.SEEK_END) - 2048))
            tail = handle.read()
    except OSError as err:
        raise ReadError(cannot_read(err)) from None
    if b"%PDF-" not in head:
        raise ReadError("不是 PDF 文件（没有 %PDF- 文件头）")
    if b"%%EOF" not in tail:
        raise ReadError("PDF 不完整（结尾没有 %%EOF）")


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


# -- the decode budget -------------------------------------------------------------------------
# pdfminer inflates a stream whole (`zlib.decompress`, `lzwdecode`), so one stream of zeros becomes a
# gigabyte before anything can look at it. While a PDF is read, the names it calls are bound to versions
# that inflate in chunks and charge every chunk to the budget of the PDF being read (a context variable:
# each thread and each read has its own); outside a read they behave exactly like the originals.


@dataclass
class _Budget:
    left: int
    limit: int = field(default=0)

    def charge(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise PdfTooLarge(f"PDF 解压后过大（超过 {self.limit // 2**20} MB），可能是压缩炸弹，拒绝读取")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("pdf_decode_budget", default=None)


class _BoundedZlib:
    """The parts of the zlib module pdfminer uses, charging what they inflate to the current budget."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data, wbits, bufsize)
        inflater = _BoundedInflater(zlib.decompressobj(wbits), budget)
        out = inflater.decompress(data)
        if not inflater.eof:  # what zlib.decompress says of a stream cut short; pdfminer then salvages it
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> Any:
        inflater = zlib.decompressobj(*args, **kwargs)
        budget = _BUDGET.get()
        return inflater if budget is None else _BoundedInflater(inflater, budget)


class _BoundedInflater:
    """A zlib decompress object that inflates in chunks and charges each to a budget."""

    def __init__(self, inflater: Any, budget: _Budget) -> None:
        self.inflater, self.budget = inflater, budget

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inflater, name)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        if max_length:
            out = self.inflater.decompress(data, max_length)
            self.budget.charge(len(out))
            return out
        parts = []
        pending = data
        while True:
            chunk = self.inflater.decompress(pending, DECODE_CHUNK)
            self.budget.charge(len(chunk))
            parts.append(chunk)
            pending = self.inflater.unconsumed_tail
            if self.inflater.eof or (not pending and len(chunk) < DECODE_CHUNK):
                break  # a full chunk may leave output pending even when all input is in
        return b"".join(parts)


def _bounded_lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder, lzwdecode

    budget = _BUDGET.get()
    if budget is None:
        return lzwdecode(data)
    import io

    parts = []
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        budget.charge(len(chunk))
        parts.append(chunk)
    return b"".join(parts)


_installed = False


def _install_bounded_decoders() -> None:
    """Point pdfminer's stream decoding at the bounded inflaters (once; harmless outside a read)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    pdftypes.lzwdecode = _bounded_lzwdecode
    _installed = True


@contextmanager
def _decode_budget(limit: int) -> Iterator[_Budget]:
    _install_bounded_decoders()
    budget = _Budget(limit, limit)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _check_page_content(page: Any, number: int) -> None:
    """Refuse a page whose content streams inflate past what any real page holds, before laying it out."""
    from pdfminer.pdftypes import resolve1

    size = 0
    for stream in page.page_obj.contents:
        data = getattr(resolve1(stream), "get_data", None)
        size += len(data()) if data else 0
    if size > MAX_PAGE_CONTENT_BYTES:
        raise PdfTooLarge(f"第 {number} 页内容过大（{size // 2**20} MB，上限 {MAX_PAGE_CONTENT_BYTES // 2**20} MB）")


# -- reading order ------------------------------------------------------------------------------
# A page is a set of atoms: words (pdfplumber groups characters closer than 3 pt; a line of Chinese in a
# column is one word) and drawn boxes (a framed article is one atom, read on its own, wherever it stands).
# A region is cut at a gutter: a vertical band near its middle that no atom crosses, except for a few
# lines running across it (headlines over several columns). Where such lines stand, the region is cut
# into horizontal bands first: a band of columns is read left column first, each column cut again (so
# three or more columns work), a crossing line is read across. A region without a gutter is one column.

COLUMN_ZONE = (0.2, 0.8)  # where a gutter may lie, as shares of the region's width
MIN_GUTTER = 6.0  # points of clear space between two columns
MAX_CROSSING_SHARE = 0.1  # lines allowed to cross a gutter (headlines spanning columns)
MIN_COLUMN_LINES = 4  # a region of fewer lines is read as it stands
MIN_SIDE_LINES = 2  # each side of a gutter holds at least this many lines
MIN_FULL_SHARE = 0.5  # lines of a left column that reach the gutter: text set to the measure, not a table
MAX_COLUMN_DEPTH = 4  # cuts inside cuts: enough for a sixteen-column page
LINE_TOLERANCE = 3.0  # atoms whose tops differ by less than this stand on one line
MIN_BOX_LINES = 2  # a drawn rectangle holding fewer lines of text is a cell or a frame, not an article
MAX_BOX_SHARE = 0.8  # a rectangle over most of the page is a background or a page frame

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Atom:
    """A word, or a boxed article (`box` True) read as one block."""

    x0: float
    top: float
    x1: float
    bottom: float
    box: bool = False


def page_text(page: Any) -> str:
    """The text of one pdfplumber page, its regions in reading order, one per paragraph of lines."""
    words = page.extract_words()
    return _box_text(page, tuple(page.bbox), words, _article_boxes(page, words))


def _box_text(page: Any, box: Box, words: list[dict], boxes: list[Box]) -> str:
    """The text of a box (the page, or a boxed article), its regions and the boxes within it in order."""
    inside = [b for b in boxes if b != box and _contains(box, b)]
    outer = [b for b in inside if not any(o != b and _contains(o, b) for o in inside)]
    mine = [w for w in words if _centre_in(w, box) and not any(_centre_in(w, b) for b in outer)]
    atoms = [Atom(w["x0"], w["top"], w["x1"], w["bottom"]) for w in mine]
    atoms += [Atom(*b, box=True) for b in outer]
    parts = []
    for region in reading_regions(atoms, box):
        for segment, nested in _segments(region, outer):
            if nested:
                parts.append(_box_text(page, segment, words, inside))
            else:
                parts.append(_region_text(page, segment, outer))
    return "\n".join(part for part in parts if part.strip())


def _article_boxes(page: Any, words: list[dict]) -> list[Box]:
    """Drawn rectangles that frame text: at least a few lines, less than most of the page."""
    width, height = page.width, page.height
    boxes = []
    for rect in page.rects:
        box = (rect["x0"], rect["top"], rect["x1"], rect["bottom"])
        if (box[2] - box[0]) * (box[3] - box[1]) > MAX_BOX_SHARE * width * height:
            continue
        lines = {round(w["top"] / LINE_TOLERANCE) for w in words if _centre_in(w, box)}
        if len(lines) >= MIN_BOX_LINES:
            boxes.append(box)
    return list(dict.fromkeys(boxes))


def _segments(region: Box, boxes: list[Box]) -> list[tuple[Box, bool]]:
    """A region cut at the boxes whose centre lies in it: text above, the box, text below, top to bottom."""
    x0, top, x1, bottom = region
    mine = sorted((b for b in boxes if _centre_in(_as_dict(b), region)), key=lambda b: b[1])
    out: list[tuple[Box, bool]] = []
    cursor = top
    for b in mine:
        if b[1] > cursor:
            out.append(((x0, cursor, x1, b[1]), False))
        out.append((b, True))
        cursor = max(cursor, b[3])
    if cursor < bottom:
        out.append(((x0, cursor, x1, bottom), False))
    return out


def reading_regions(atoms: list[Atom], box: Box, depth: int = 0) -> list[Box]:
    """The parts of `box` in reading order: itself, or its bands and columns when it has columns."""
    x0, top, x1, bottom = box
    lines = _group_lines(atoms)
    split = _find_gutter(lines, x0, x1) if depth < MAX_COLUMN_DEPTH else None
    if split is None:
        return [box]
    regions: list[Box] = []
    for band_top, band_bottom, columns in _bands(lines, split, top, bottom):
        if not columns:
            regions.append((x0, band_top, x1, band_bottom))
            continue
        for column in ((x0, band_top, split, band_bottom), (split, band_top, x1, band_bottom)):
            inside = [a for a in atoms if _centre_in(_as_dict(a), column)]
            regions.extend(reading_regions(inside, column, depth + 1))
    return regions


def _group_lines(atoms: list[Atom]) -> list[list[Atom]]:
    lines: list[list[Atom]] = []
    for atom in sorted(atoms, key=lambda a: (a.top, a.x0)):
        if lines and atom.top - lines[-1][0].top <= LINE_TOLERANCE:
            lines[-1].append(atom)
        else:
            lines.append([atom])
    return lines


def _find_gutter(lines: list[list[Atom]], left: float, right: float) -> float | None:
    """Where to cut a region between two columns (an x), or None for a region of one column.

    Candidates are the runs of x, within the middle zone, crossed by at most a few lines, each taken at
    every level of crossing it has: a clear stretch (crossed by none) is tried before one crossed by a
    headline, a wider before a narrower, and the first whose two sides look like columns is the cut. Its
    middle is where the region is cut, so a column's ragged edge reaching into the gutter, or a
    headline ending just past its column, is not taken for a line across it unless it has to be.
    """
    if len(lines) < MIN_COLUMN_LINES:
        return None
    cover = _coverage(lines, left, right)
    width = len(cover)
    allowed = max(1, int(MAX_CROSSING_SHARE * len(lines)))
    zone = range(int(COLUMN_ZONE[0] * width), int(COLUMN_ZONE[1] * width))
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for x in [*zone, None]:
        if x is not None and cover[x] <= allowed:
            start = x if start is None else start
            continue
        if start is not None:
            runs.append((start, x if x is not None else zone.stop))
            start = None
    candidates: list[tuple[tuple[int, int], float, tuple[float, float]]] = []
    for run_start, run_end in runs:
        for level in sorted(set(cover[run_start:run_end])):
            core = _longest_consecutive([x for x in range(run_start, run_end) if cover[x] <= level])
            if core[1] - core[0] >= MIN_GUTTER:
                gutter = (core[0] + left, core[1] + left)
                candidates.append(((-level, core[1] - core[0]), (gutter[0] + gutter[1]) / 2, gutter))
    for _, split, gutter in sorted(candidates, reverse=True):
        if _plausible_columns(lines, gutter, split):
            return split
    return None


def _coverage(lines: list[list[Atom]], left: float, right: float) -> list[int]:
    """Atoms covering each point of the width (a difference array summed up)."""
    width = int(right - left) + 2
    diff = [0] * (width + 1)
    for line in lines:
        for atom in line:
            start = min(width - 1, max(0, int(atom.x0 - left)))
            end = min(width - 1, max(start, int(atom.x1 - left) + 1))
            diff[start] += 1
            diff[end + 1] -= 1
    return list(accumulate(diff))[:width]


def _longest_consecutive(xs: list[int]) -> tuple[int, int]:
    best = (0, 0)
    start = previous = None
    for x in [*xs, None]:
        if x is not None and previous is not None and x == previous + 1:
            previous = x
            continue
        if start is not None and previous - start + 1 > best[1] - best[0]:
            best = (start, previous + 1)
        start = previous = x
    return best


def _plausible_columns(lines: list[list[Atom]], gutter: tuple[float, float], split: float) -> bool:
    """Text on both sides, few lines across, and a left side set to the measure (not a table's cells)."""
    left_lines = [[a for a in line if a.x1 <= split] for line in lines]
    left_lines = [line for line in left_lines if line]
    right_lines = sum(any(a.x0 >= split for a in line) for line in lines)
    crossing = sum(_crosses(line, split) for line in lines)
    if min(len(left_lines), right_lines) < MIN_SIDE_LINES:
        return False
    if crossing > 3 * MAX_CROSSING_SHARE * len(lines):
        return False
    size = sorted(a.bottom - a.top for line in lines for a in line)[len(lines) // 2]
    full = sum(max(a.x1 for a in line) >= gutter[0] - 2 * size for line in left_lines)
    return full >= MIN_FULL_SHARE * len(left_lines)


def _crosses(line: list[Atom], split: float) -> bool:
    return any(a.x0 < split < a.x1 for a in line)


def _bands(lines: list[list[Atom]], split: float, top: float, bottom: float) -> list[tuple[float, float, bool]]:
    """(top, bottom, has_columns) bands, top to bottom: runs of column lines, and crossing lines."""
    groups: list[tuple[bool, list[list[Atom]]]] = []
    for line in lines:
        columns = not _crosses(line, split)
        if groups and groups[-1][0] == columns:
            groups[-1][1].append(line)
        else:
            groups.append((columns, [line]))
    bands = []
    band_top = top
    for index, (columns, group) in enumerate(groups):
        if index + 1 < len(groups):
            lowest = max(a.bottom for line in group for a in line)
            next_top = min(a.top for a in groups[index + 1][1][0])
            band_bottom = (lowest + next_top) / 2
        else:
            band_bottom = bottom
        bands.append((band_top, band_bottom, columns))
        band_top = band_bottom
    return bands


def _as_dict(obj: Atom | Box) -> dict:
    if isinstance(obj, Atom):
        return {"x0": obj.x0, "top": obj.top, "x1": obj.x1, "bottom": obj.bottom}
    return dict(zip(("x0", "top", "x1", "bottom"), obj, strict=True))


def _centre_in(obj: dict, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (obj["x0"] + obj["x1"]) / 2 < x1 and top <= (obj["top"] + obj["bottom"]) / 2 < bottom


def _contains(outer: Box, inner: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _region_text(page: Any, box: Box, boxes: list[Box]) -> str:
    """Text of the characters whose centre lies in the region and in none of the boxes read apart."""

    def keep(obj: dict) -> bool:
        if obj.get("object_type") != "char" or not _centre_in(obj, box):
            return False
        return not any(_centre_in(obj, b) for b in boxes)

    return "\n".join(paragraphs(page.filter(keep).extract_text_lines()))


# A column's lines are cut where the measure ends, not where the writer ended a paragraph: a line set to
# the full measure goes on in the next line, unless that one is indented (a new paragraph) or set in
# another type (a headline). Chinese lines are joined without a space, Latin words with one.
FULL_MEASURE = 1.5  # a line ending within this many characters of the column's right edge is full
INDENT = 0.5  # a line starting this many characters right of the column's left edge is indented


def paragraphs(lines: list[dict]) -> list[str]:
    """The text lines of one region (pdfplumber's `extract_text_lines`) joined into paragraphs."""
    if not lines:
        return []
    left, right = min(line["x0"] for line in lines), max(line["x1"] for line in lines)
    out = [lines[0]["text"]]
    for previous, line in zip(lines, lines[1:], strict=False):
        size = _type(previous)[1] or (previous["bottom"] - previous["top"])
        full = previous["x1"] >= right - FULL_MEASURE * size
        indented = line["x0"] > left + INDENT * size
        if full and not indented and _type(previous) == _type(line) and out[-1] and line["text"]:
            glue = " " if out[-1][-1].isascii() and line["text"][0].isascii() and out[-1][-1] != "-" else ""
            out[-1] += glue + line["text"]
        else:
            out.append(line["text"])
    return out


def _type(line: dict) -> tuple[str, float]:
    """The font and size most of a line is set in."""
    counts: dict[tuple[str, float], int] = {}
    for char in line.get("chars", []):
        if not char["text"].isspace():
            key = (char.get("fontname", ""), round(char.get("size", 0.0), 1))
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ("", 0.0)
