"""Feasibility (issue 10, what should come next): can a bag-of-n-grams classifier find merits holding sentences better
than the rules on a gold set it was not trained on? Not part of the product; numpy only.

    uv run python scripts/holding-classifier-experiment.py CORPUS_STORE FRESH_STORE

CORPUS_STORE: the shared corpus ingested and labeled; FRESH_STORE: docs/fresh-reading ingested and labeled.
Sentence level, majority text only (the labeler's own segmentation). A sentence is positive when it holds an evidence
quote of a gold ruling whose prong 1 is decided (the three per-right readings: docs/rulings-reading,
docs/fresh-reading/rulings, docs/merits-reading); the coders' quotes include some outcome and context sentences, so
the positives are noisy. Leave-one-set-out: trained on two sets, tested on the third, beside the rules' violation /
no-violation cues on the same sentences. Deterministic (seed 0)."""
import hashlib
import json
import re
import sqlite3
import sys
from pathlib import Path

import numpy as np

from fairwarning.labeler.parts import court_spans, mask_outside
from fairwarning.labeler.rules import read_sentence
from fairwarning.labeler.segment import collapse, split_sentences

Row = tuple[str, str, bool, bool]  # opinion id, sentence, gold positive, a rule cue fires
TOK = re.compile(r"[a-z][a-z'’-]+")
D = 1 << 18


def load(gold_path: str, db_path: str) -> list[Row]:
    db = sqlite3.connect(db_path)
    out: list[Row] = []
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        r = db.execute("select o.text from opinions o join opinion_sources s on s.opinion_id = o.id "
                       "where s.source_id = ?", (g["cl_opinion_id"],)).fetchone()
        if not r:
            continue
        court = mask_outside(r[0], court_spans(r[0]))
        quotes = [collapse(q) for ru in g["rulings"] if ru["prong1"] in ("violation", "no_violation", "mixed")
                  for q in ru["evidence"] if len(q) > 20]
        for s in split_sentences(court):
            c = collapse(s.text)
            if len(c) < 25:
                continue
            pos = any(q in c or (len(c) > 40 and c in q) for q in quotes)
            rule = any(h.cue.signal in ("violation", "no_violation") for h in read_sentence(0, s, appellate=True))
            out.append((g["cl_opinion_id"], c, pos, rule))
    return out


def feats(c: str) -> set[int]:
    w = TOK.findall(c.lower())
    grams = w + [a + " " + b for a, b in zip(w, w[1:], strict=False)]
    return {int(hashlib.md5(t.encode()).hexdigest()[:8], 16) % D for t in grams}


def train(rows: list[Row], epochs: int = 5, lr: float = 0.05, l2: float = 1e-4) -> tuple[np.ndarray, float]:
    """Logistic regression by SGD, positives weighted by the class ratio."""
    x = [feats(c) for _, c, _, _ in rows]
    y = np.array([p for _, _, p, _ in rows], float)
    pw = (len(y) - y.sum()) / max(1, y.sum())
    w, b = np.zeros(D), 0.0
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        for i in rng.permutation(len(x)):
            p = 1 / (1 + np.exp(-np.clip(b + sum(w[k] for k in x[i]), -30, 30)))
            g = (p - y[i]) * (pw if y[i] else 1.0)
            for k in x[i]:
                w[k] -= lr * (g + l2 * w[k])
            b -= lr * g
    return w, b


def score(model: tuple[np.ndarray, float], rows: list[Row]) -> np.ndarray:
    w, b = model
    return np.array([1 / (1 + np.exp(-np.clip(b + sum(w[k] for k in feats(c)), -30, 30))) for _, c, _, _ in rows])


def prf(pred: np.ndarray, gold: np.ndarray) -> str:
    tp, fp, fn = int((pred & gold).sum()), int((pred & ~gold).sum()), int((~pred & gold).sum())
    p, r = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
    return f"P {p:.2f} R {r:.2f} (tp {tp}, fp {fp}, fn {fn})"


def main(corpus_db: str, fresh_db: str) -> None:
    sets = {
        "corpus78": load("docs/rulings-reading/rulings.jsonl", corpus_db),
        "fresh51": load("docs/fresh-reading/rulings/rulings.jsonl", fresh_db),
        "merits40": load("docs/merits-reading/rulings.jsonl", corpus_db),
    }
    for name, rows in sets.items():
        print(name, len(rows), "sentences,", sum(p for _, _, p, _ in rows), "positive")
    for test, rows in sets.items():
        model = train([r for k, v in sets.items() if k != test for r in v])
        s = score(model, rows)
        gold = np.array([p for _, _, p, _ in rows])
        print(f"test {test}: rules {prf(np.array([r for *_, r in rows]), gold)}")
        for th in (0.5, 0.8, 0.95, 0.99):
            print(f"   classifier >= {th}: {prf(s >= th, gold)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
