"""What the phrase-shape tables share: extracting one invented article, with every figure's evidence checked
to be the slice of the text it points at."""

from __future__ import annotations

from pipeline.extract import find_mentions
from pipeline.model import Aggregate, Article, Mention

YI = 100_000_000


def extract_checked(text: str, title: str | None = None) -> tuple[list[Mention], list[Aggregate]]:
    article = Article(article_id="a1", source="test", text=text, title=title)
    mentions, aggregates = find_mentions(article)
    for m in mentions:  # every figure stays one slice away from its text
        for e in m.evidence:
            assert article.text[e["start"] : e["end"]] == e["text"]
    return mentions, aggregates
