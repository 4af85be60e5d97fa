"""Fit `names.decide`'s weights by logistic regression and compare them with the hand-set ones, on folds
grouped by source region (so a fold is judged by a model that never saw its region).

    python -m pipeline.rules.fit_name_weights ../shared/corpus dev dev2 [--write weights.tsv]

Every candidate name the head finder reaches `names.decide` with is kept and labelled by the scorer's own
matcher (`../shared/eval/score.py`, similarity >= 0.75 to a gold name or alias; an optional project's is
left out). Measured 2026-12-01 (838 labelled candidates of dev + dev2): hand rule P 0.82 / R 0.96 / F 0.88,
logistic regression P 0.85 / R 0.90 / F 0.87, better on no fold; trained on one corpus and run end to end
on the other it lost too (dev2 project F1 0.739 vs 0.760, dev 0.942 vs 0.951, seeds 0.94 vs 1.00). So
the hand-set `name_weights.tsv` ships, and this script stays to measure the next feature.
Re-measured with `zone_only` and `nothing_specific` (836 candidates): hand rule P 0.83 / R 0.95 / F 0.89,
held-out regions d2A .80, d2B .86, d2C .85, d2D .91, d2E .90, jn .91, ot .92 (before: .79 .86 .85 .90
.89 .91 .93); logistic regression F 0.87, both new weights negative there too.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

from pipeline import names
from pipeline.parks import find_parks
from pipeline.textnorm import fold


def _scorer(corpus_dir: Path):
    spec = importlib.util.spec_from_file_location("score", corpus_dir.parent / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"找不到评分脚本：{corpus_dir.parent / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def candidates(corpus_dir: Path, corpus: str) -> list[dict]:
    """Each (article, name) that reached the decision, with its features, region and gold label."""
    score = _scorer(corpus_dir)
    gold = {}
    for line in (corpus_dir / f"{corpus}.gold.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        gold[doc["source"]] = doc
    seen: list[tuple[str, dict]] = []
    real_features = names.name_features

    def recording(name: str, *args: object, **kwargs: object) -> dict[str, float]:
        features = real_features(name, *args, **kwargs)
        seen.append((name, features))
        return features

    rows: dict[tuple[str, str], dict] = {}
    names.name_features = recording  # type: ignore[assignment]
    try:
        for line in (corpus_dir / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            seen.clear()
            t = fold(record["text"])
            sentences = names.sentence_spans(t)
            if sentences:
                names.find_names(t, sentences, find_parks(t))
            projects = gold.get(record["id"], {}).get("projects", [])
            for name, features in seen:
                scored = [(score.gold_similarity([name], p), p) for p in projects]
                best = max(scored, default=(0.0, {}), key=lambda x: x[0])
                if best[0] >= score.MATCH_THRESHOLD and best[1].get("optional"):
                    continue
                region = record["id"].split("-")[0]
                rows[(record["id"], name)] = {
                    "region": region,
                    "features": features,
                    "label": int(best[0] >= score.MATCH_THRESHOLD),
                    "rule": names.decide(features).keep,
                }
    finally:
        names.name_features = real_features  # type: ignore[assignment]
    return list(rows.values())


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> tuple[np.ndarray, float]:
    """Plain gradient descent on the L2-regularised log loss (no new dependency for 20 features)."""
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= (x.T @ (p - y) + l2 * w) / len(y)
        b -= float((p - y).mean())
    return w, b


def prf(pred: np.ndarray, y: np.ndarray) -> str:
    """Precision, recall and F1 of `pred` against `y`, printed."""
    tp, fp, fn = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum()), int((~pred & (y == 1)).sum())
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"P {p:.2f} R {r:.2f} F {2 * p * r / max(1e-9, p + r):.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", type=Path)
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--write", type=Path, help="write the weights fitted on all candidates here")
    args = parser.parse_args(argv)
    rows = [r for c in args.corpora for r in candidates(args.corpus_dir, c)]
    keys = sorted(rows[0]["features"])
    x = np.array([[r["features"][k] for k in keys] for r in rows])
    y = np.array([r["label"] for r in rows])
    regions = np.array([r["region"] for r in rows])
    rule = np.array([r["rule"] for r in rows])
    learned = np.zeros(len(y), dtype=bool)
    for region in sorted(set(regions)):
        held = regions == region
        w, b = fit(x[~held], y[~held])
        learned[held] = x[held] @ w + b >= 0
        print(region, held.sum(), "rule", prf(rule[held], y[held]), "| lr", prf(learned[held], y[held]))
    print("all", len(y), "rule", prf(rule, y), "| lr", prf(learned, y))
    if args.write:
        w, b = fit(x, y)
        lines = ["# fitted by pipeline/rules/fit_name_weights.py", f"bias\t{b:.3f}\tlearned"]
        lines += [f"{k}\t{v:.3f}\tlearned" for k, v in zip(keys, w, strict=True)]
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
