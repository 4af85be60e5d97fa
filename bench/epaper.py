"""E-paper PDFs of the sample issues, and their score against the text files (issue 11).

`python -m bench.epaper [--dir DIR] [--layout two|three|spanning]` lays every `data/articles/*.txt` out
the way a district paper publishes it (A4, a CJK font, two columns with each headline inside its
column; `spanning` puts the first headline across the columns, `three` uses three columns), ingests
the PDFs and the text files, and prints project F1 of both with `../shared/eval/score.py`.

The scorer matches predictions to gold by file name, so the gold is copied with each source renamed
to the PDF's name (`000_x.txt` → `000_x.pdf`). Needs reportlab (requirements-dev.txt) and, for the
score, `../shared` beside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT.parent / "shared" / "corpus" / "seeds.gold.jsonl"
FONT = "STSong-Light"  # one of Adobe's predefined CID fonts: no font file to ship or embed
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian fonts-wqy-microhei, embedded as TrueType

_HEADING = re.compile(r"^\s*(#{1,6}\s*|\*\*)(.*?)(\*\*)?\s*$")


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) blocks of a Markdown-ish article: headings ('#', '**…**') and paragraphs."""
    out: list[tuple[str, str]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        match = _HEADING.match(line)
        if match and (match.group(1).startswith("#") or match.group(3)):
            out.append(("head", match.group(2).strip()))
        else:
            out.append(("body", line))
    return out


def write_issue(text: str, path: Path, columns: int = 2, spanning: bool = False, font: str = FONT) -> None:
    """One article as an A4 PDF of `columns` columns; with `spanning` the first heading spans them.

    `font` is STSong-Light, or "wqy": WenQuanYi Micro Hei embedded (proportional Latin and digits)."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph

    if font == "wqy":
        from reportlab.pdfbase.ttfonts import TTFont

        if "wqy" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("wqy", str(WQY), subfontIndex=0))
    elif font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle(
        "body", fontName=font, fontSize=9.5, leading=14, firstLineIndent=19, wordWrap="CJK", alignment=TA_JUSTIFY
    )
    head = ParagraphStyle("head", parent=body, fontSize=13, leading=18, firstLineIndent=0, spaceBefore=4, spaceAfter=4)
    width, height = A4
    margin, gap = 15 * mm, 6 * mm
    column = (width - 2 * margin - (columns - 1) * gap) / columns

    def frames(top: float) -> list[Frame]:
        return [
            Frame(margin + i * (column + gap), margin, column, top - margin, id=f"c{i}", showBoundary=0)
            for i in range(columns)
        ]

    parts = blocks(text)
    story: list = []
    templates = [PageTemplate(id="body", frames=frames(height - margin))]
    if spanning and parts and parts[0][0] == "head":
        banner = 24 * mm
        top = Frame(margin, height - margin - banner, width - 2 * margin, banner, id="banner")
        templates.insert(0, PageTemplate(id="first", frames=[top, *frames(height - margin - banner)]))
        big = ParagraphStyle("banner", parent=head, fontSize=18, leading=24)
        story += [NextPageTemplate("body"), Paragraph(parts[0][1], big), FrameBreak()]
        parts = parts[1:]
    for kind, line in parts:
        story.append(Paragraph(line, head if kind == "head" else body))
    document = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=templates, invariant=True)
    document.build(story)


def write_issues(articles: Path, out: Path, columns: int = 2, spanning: bool = False, font: str = FONT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in sorted(articles.glob("*.txt")):
        path = out / f"{source.stem}.pdf"
        write_issue(source.read_text(encoding="utf-8"), path, columns, spanning, font)
        paths.append(path)
    return paths


def score(directory: Path, gold: Path, work: Path) -> dict:
    """Ingest a directory and score its mentions; the scorer's JSON result."""
    db, mentions = work / f"{directory.name}.db", work / f"{directory.name}.jsonl"
    python = sys.executable
    subprocess.run([python, "-m", "pipeline", "ingest", str(directory), "--db", str(db), "--workers", "1"],
                   cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    subprocess.run([python, "-m", "pipeline", "export", "--db", str(db), "--what", "mentions", "--format",
                    "jsonl", "--out", str(mentions)], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    result = subprocess.run([python, str(SCORE), "--gold", str(gold), "--pred", str(mentions), "--json"],
                            cwd=ROOT, check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="where to write the PDFs (default: a temporary folder)")
    parser.add_argument("--layout", choices=("two", "three", "spanning"), default="two")
    parser.add_argument("--font", choices=(FONT, "wqy"), default=FONT, help=f"wqy: {WQY}")
    args = parser.parse_args(argv)
    if args.font == "wqy" and not WQY.exists():
        print(f"needs {WQY} (Debian fonts-wqy-microhei)", file=sys.stderr)
        return 2
    if not SCORE.exists() or not GOLD.exists():
        print(f"needs {SCORE} and {GOLD}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = args.dir or work / "pdf"
        columns, spanning = 3 if args.layout == "three" else 2, args.layout == "spanning"
        write_issues(ROOT / "data" / "articles", out, columns, spanning, args.font)
        gold = work / "gold.pdf.jsonl"
        lines = []
        for line in GOLD.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            record["source"] = re.sub(r"\.txt$", ".pdf", record["source"])
            lines.append(json.dumps(record, ensure_ascii=False))
        gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
        text, pdf = score(ROOT / "data" / "articles", GOLD, work), score(out, gold, work)
    for label, result in (("text files", text), (f"PDF ({args.layout}, {args.font})", pdf)):
        print(f"{label:28} {json.dumps(_summary(result), ensure_ascii=False)}")
    return 0


def _summary(result: dict) -> dict:
    """Project F1 and each field's F1, rounded."""
    fields = ("projects", "investment_yuan", "output_yuan", "jobs", "status", "park", "company")
    return {field: round(result[field]["f1"], 3) for field in fields}


if __name__ == "__main__":
    raise SystemExit(main())
