"""Text normalisation that never changes a string's length.

Every rule in the pipeline runs on folded text, and every offset it reports is an offset into the
stored article text, so folding must map one character to exactly one character (NFKC does not:
it turns ``…`` into ``...``).
"""

from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) to half-width, the ideographic space to a space, and a few
# look-alike punctuation marks that rules match on.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD.update({ord("－"): ord("-"), ord("～"): ord("~"), ord("﹐"): ord(",")})
# Keep the Chinese comma, full stop and brackets that sentence rules rely on: ，。（）are folded to
# ASCII on purpose only where rules treat both forms the same, so map the brackets and comma too.
FOLD_TABLE = str.maketrans(_FOLD)


def fold(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width, one character for one.

    >>> fold("投资１０亿元（约）")
    '投资10亿元(约)'
    >>> len(fold("ＡＢＣ")) == 3
    True
    """
    return text.translate(FOLD_TABLE)


CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")


def is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_RE.match(char))
