"""The annotated corpus in ../shared, scored with ../shared/eval/score.py: the figures issue 2 promises.
Skipped where ../shared is absent (a user's fresh clone has none)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
FIELDS = ("investment_yuan", "output_yuan", "jobs", "status", "park", "company")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not SCORE.exists(), reason="../shared (annotated corpus and score.py) is not here"),
]


def scorer():
    spec = importlib.util.spec_from_file_location("parktrack_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_export(inputs: list[Path], gold: Path, tmp_path: Path) -> dict:
    db = tmp_path / "corpus.db"
    out = tmp_path / "mentions.jsonl"
    assert main(["ingest", *map(str, inputs), "--db", str(db), "--workers", "2"]) == 0
    assert main(["export", "--db", str(db), "--what", "mentions", "--format", "jsonl", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = dict(sqlite3.connect(db).execute("select article_id, text from articles").fetchall())
    for r in rows:
        assert texts[r["article_id"]][r["start"] : r["end"]] == r["sentence"]
    golds = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return scorer().score(golds, rows)


def mean_field_f1(result: dict) -> float:
    return sum(result[f]["f1"] for f in FIELDS) / len(FIELDS)


def test_corpus_sample_issues_scores(tmp_path):
    result = score_export(
        sorted((SHARED / "corpus" / "seeds").glob("*.txt")), SHARED / "corpus" / "seeds.gold.jsonl", tmp_path
    )
    assert result["projects"]["f1"] >= 0.999  # issue 12: the two sample issues stay at 1.00
    assert mean_field_f1(result) >= 0.999
    assert result["year_accuracy"] == 1.0


def test_corpus_dev_scores(tmp_path):
    result = score_export([SHARED / "corpus" / "dev.jsonl"], SHARED / "corpus" / "dev.gold.jsonl", tmp_path)
    assert result["projects"]["f1"] >= 0.94
    assert mean_field_f1(result) >= 0.90
    assert result["investment_yuan"]["precision"] >= 0.97
    assert result["year_accuracy"] >= 0.97
    assert result["resolution"]["precision"] >= 0.95


def test_corpus_dev2_scores(tmp_path):
    """The corpus from every region: floors a little under today's scores, so a change that loses ground
    on articles unlike the Jining ones fails here (2026-12-02, third session: project F1 0.918, mean field
    0.894, investment precision 0.98, year 0.98, pairwise 0.97 / 0.71)."""
    result = score_export([SHARED / "corpus" / "dev2.jsonl"], SHARED / "corpus" / "dev2.gold.jsonl", tmp_path)
    assert result["projects"]["f1"] >= 0.89
    assert mean_field_f1(result) >= 0.87
    assert result["investment_yuan"]["precision"] >= 0.95
    assert result["year_accuracy"] >= 0.95
    assert result["resolution"]["precision"] >= 0.93
    assert result["resolution"]["recall"] >= 0.68
