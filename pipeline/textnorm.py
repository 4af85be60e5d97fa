"""Text normalisation that never changes a string's length.

Every rule in the pipeline runs on folded text, and every offset it reports is an offset into the
stored article text, so folding must map one character to exactly one character (NFKC does not:
it turns ``…`` into ``...``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc

# Full-width ASCII (U+FF01..U+FF5E) to half-width, the ideographic space to a space, and a few
# look-alike punctuation marks that rules match on.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD.update({ord("－"): ord("-"), ord("～"): ord("~"), ord("﹐"): ord(",")})


@lru_cache(maxsize=1)
def fold_table() -> dict[int, int]:
    """The fold as a translate table: full-width to half-width, and traditional characters to
    simplified ones where OpenCC's character table maps one character to one (for matching only:
    stored text keeps its own characters)."""
    table = dict(_FOLD)
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and ord(trad) not in table:
            table[ord(trad)] = ord(simp)
    return table


@lru_cache(maxsize=1)
def _fold_list() -> list[int]:
    """The fold table as a list indexed by code point, up to its largest key: `str.translate` looks a
    list up by index, where a dict raises and clears a KeyError for every character it does not map (most
    of them), about twice the time. A code point past the list's end is kept, as the dict keeps it."""
    table = fold_table()
    out = list(range(max(table) + 1))
    for code, folded in table.items():
        out[code] = folded
    return out


def fold(text: str) -> str:
    """Full-width to half-width and traditional to simplified, one character for one.

    >>> fold("投资１０亿元（约）")
    '投资10亿元(约)'
    >>> fold("總投資10.2億元的項目")
    '总投资10.2亿元的项目'
    >>> len(fold("ＡＢＣ")) == 3
    True
    """
    return text.translate(_fold_list())


CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")


def is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_RE.match(char))
