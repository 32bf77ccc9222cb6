"""Compare labels with hand-coded gold labels: per-field accuracy, precision/recall/F1 (binary and per
class), confusion matrices, and the disagreements with their evidence. Pure: records in, report out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from fairwarning.errors import InputError
from fairwarning.labeler.model import GOLD_FIELDS, Evidence, Label, Ruling

__all__ = [
    "PRF",
    "FieldReport",
    "Disagreement",
    "EvalReport",
    "RulingsReport",
    "evaluate",
    "evaluate_rulings",
    "format_report",
    "format_rulings_report",
    "parse_gold",
    "parse_rulings_gold",
]

BINARY = ("qi_decided", "merits_skipped")
MULTI = ("rights", "official_type")
_REQUIRED = ("cl_opinion_id", *GOLD_FIELDS)


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int  # gold count of the class


@dataclass(frozen=True)
class FieldReport:
    field: str
    kind: str  # binary | categorical | multilabel
    n: int
    accuracy: float  # exact match (for multilabel: the whole set)
    precision: float  # binary: of the True class; categorical: macro; multilabel: micro
    recall: float
    f1: float
    per_class: dict[str, PRF]
    confusion: dict[tuple[str, str], int]  # (gold, predicted) -> count (multilabel: per id, hits/misses)
    classes: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    cl_opinion_id: str
    opinion_id: int
    case_name: str
    field: str
    gold: Any
    predicted: Any
    evidence: tuple[Evidence, ...]
    notes: str


@dataclass(frozen=True)
class EvalReport:
    n_gold: int
    n_matched: int
    missing: tuple[str, ...]  # gold ids not in the store
    unlabeled: tuple[str, ...]  # in the store but without a label of this version
    fields: tuple[FieldReport, ...]
    disagreements: tuple[Disagreement, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return _report_json(self)


def _report_json(report: EvalReport | RulingsReport, **scores: Any) -> dict[str, Any]:
    """The JSON of an evaluation report: the matching counts, ``scores`` (a rulings report's P/R/F1), the fields and
    the disagreements."""
    return {
        "n_gold": report.n_gold,
        "n_matched": report.n_matched,
        "missing": list(report.missing),
        "unlabeled": list(report.unlabeled),
        **scores,
        "fields": {f.field: _field_json(f) for f in report.fields},
        "disagreements": [_disagreement_json(d) for d in report.disagreements],
    }


def _field_json(f: FieldReport) -> dict[str, Any]:
    return {
        "kind": f.kind, "n": f.n, "accuracy": f.accuracy, "precision": f.precision, "recall": f.recall, "f1": f.f1,
        "per_class": {k: vars(v) for k, v in f.per_class.items()},
        "confusion": [{"gold": g, "predicted": p, "count": c} for (g, p), c in sorted(f.confusion.items())],
    }


def _disagreement_json(d: Disagreement) -> dict[str, Any]:
    return {"cl_opinion_id": d.cl_opinion_id, "opinion_id": d.opinion_id, "case_name": d.case_name, "field": d.field,
            "gold": d.gold, "predicted": d.predicted, "notes": d.notes, "evidence": [e.to_dict() for e in d.evidence]}


def _json_lines(lines: Iterable[str], source: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line; a line that is not JSON raises :class:`InputError`."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except ValueError as exc:
            raise InputError(f"{source} line {n} is not JSON: {exc}; the gold file must be JSON lines") from exc


def parse_gold(lines: Iterable[str], *, source: str = "gold file") -> list[dict[str, Any]]:
    """Gold records from JSON lines; a record without the schema's keys raises :class:`InputError`."""
    out = []
    for n, rec in _json_lines(lines, source):
        missing = [k for k in _REQUIRED if k not in rec]
        if missing:
            raise InputError(f"{source} line {n} lacks {', '.join(missing)}; see the gold schema in eval/README.md")
        rec["cl_opinion_id"] = str(rec["cl_opinion_id"])
        out.append(rec)
    return out


def _key(v: Any) -> str:
    return json.dumps(v) if not isinstance(v, str) else v


def _prf(tp: int, fp: int, fn: int) -> PRF:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(round(p, 4), round(r, 4), round(f, 4), tp + fn)


def _single(name: str, pairs: Sequence[tuple[Any, Any]]) -> FieldReport:
    confusion = Counter((_key(g), _key(p)) for g, p in pairs)
    classes = tuple(sorted({c for pair in confusion for c in pair}))
    per = {}
    for c in classes:
        tp = confusion[(c, c)]
        fp = sum(v for (g, p), v in confusion.items() if p == c and g != c)
        fn = sum(v for (g, p), v in confusion.items() if g == c and p != c)
        per[c] = _prf(tp, fp, fn)
    n = len(pairs)
    acc = sum(confusion[(c, c)] for c in classes) / n if n else 0.0
    if name in BINARY:
        main = per.get("true", PRF(0.0, 0.0, 0.0, 0))
        kind, p, r, f = "binary", main.precision, main.recall, main.f1
    else:
        present = [v for v in per.values() if v.support]
        kind = "categorical"
        p = sum(v.precision for v in present) / len(present) if present else 0.0
        r = sum(v.recall for v in present) / len(present) if present else 0.0
        f = sum(v.f1 for v in present) / len(present) if present else 0.0
    return FieldReport(name, kind, n, round(acc, 4), round(p, 4), round(r, 4), round(f, 4), per, dict(confusion), classes)


def _multi(name: str, pairs: Sequence[tuple[Any, Any]]) -> FieldReport:
    counts: dict[str, list[int]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    exact = 0
    for gold, pred in pairs:
        g, p = set(gold or ()), set(pred or ())
        exact += g == p
        for c in g | p:
            tp_fp_fn = counts.setdefault(c, [0, 0, 0])
            if c in g and c in p:
                tp_fp_fn[0] += 1
                confusion[(c, c)] += 1
            elif c in p:
                tp_fp_fn[1] += 1
                confusion[("(absent)", c)] += 1
            else:
                tp_fp_fn[2] += 1
                confusion[(c, "(absent)")] += 1
    per = {c: _prf(*v) for c, v in sorted(counts.items())}
    micro = _prf(*(sum(v[i] for v in counts.values()) for i in range(3)))
    n = len(pairs)
    classes = tuple(sorted(counts)) + ("(absent)",)
    return FieldReport(name, "multilabel", n, round(exact / n if n else 0.0, 4), micro.precision, micro.recall,
                       micro.f1, per, dict(confusion), classes)


def evaluate(gold: Sequence[dict[str, Any]], predicted: dict[str, tuple[int, Label]], *,
             missing: Sequence[str] = (), unlabeled: Sequence[str] = ()) -> EvalReport:
    """``predicted`` maps a gold ``cl_opinion_id`` to (stored opinion id, label); gold records without a
    prediction are reported as ``missing``/``unlabeled`` (pass them), not scored."""
    matched = [g for g in gold if g["cl_opinion_id"] in predicted]
    reports = []
    disagreements = []
    for name in GOLD_FIELDS:
        pairs = []
        for g in matched:
            oid, lab = predicted[g["cl_opinion_id"]]
            pred = lab.fields()[name]
            pairs.append((g[name], pred))
            if _differs(name, g[name], pred):
                ev = lab.evidence_for(name) or lab.evidence_for("qi_outcome")
                disagreements.append(Disagreement(g["cl_opinion_id"], oid, str(g.get("case_name") or ""), name,
                                                  g[name], pred, ev, str(g.get("notes") or "")))
        reports.append(_multi(name, pairs) if name in MULTI else _single(name, pairs))
    return EvalReport(len(gold), len(matched), tuple(missing), tuple(unlabeled), tuple(reports), tuple(disagreements))


def _differs(name: str, gold: Any, pred: Any) -> bool:
    if name in MULTI:
        return set(gold or ()) != set(pred or ())
    return bool(gold != pred)


def format_report(report: EvalReport, *, max_evidence: int = 3) -> str:
    """A plain-text report a person can audit: summary, per-field figures, confusion, disagreements."""
    lines = _head_lines(report.n_gold, report.n_matched, report.missing, report.unlabeled)
    lines += ["", f"{'field':<16}{'kind':<13}{'n':>4}{'acc':>8}{'P':>8}{'R':>8}{'F1':>8}"]
    undefined = []
    for f in report.fields:
        if f.kind == "binary" and "true" not in f.per_class:  # no true case in gold or predictions: P/R/F1 undefined
            undefined.append(f.field)
            lines.append(f"{f.field:<16}{f.kind:<13}{f.n:>4}{f.accuracy:>8.3f}{'n/a':>8}{'n/a':>8}{'n/a':>8}")
            continue
        lines.append(f"{f.field:<16}{f.kind:<13}{f.n:>4}{f.accuracy:>8.3f}{f.precision:>8.3f}{f.recall:>8.3f}{f.f1:>8.3f}")
    if undefined:
        lines.append(f"n/a: no true case in the gold labels or the predictions for {', '.join(undefined)}")
    for f in report.fields:
        lines += ["", f"== {f.field} ({f.kind}; P/R/F1 = {'True class' if f.kind == 'binary' else 'macro' if f.kind == 'categorical' else 'micro'})"]
        lines.append(f"   {'class':<30}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}")
        for c, v in f.per_class.items():
            lines.append(f"   {c:<30}{v.precision:>7.3f}{v.recall:>7.3f}{v.f1:>7.3f}{v.support:>9}")
        if f.kind != "multilabel":
            lines += _matrix(f)
        lines.append("   confusion (gold -> predicted: count):")
        for (g, p), count in sorted(f.confusion.items()):
            mark = "" if g == p else "   <-- disagreement"
            lines.append(f"     {g} -> {p}: {count}{mark}")
    lines += _disagreement_lines(report.disagreements, max_evidence)
    return "\n".join(lines) + "\n"


def _head_lines(n_gold: int, n_matched: int, missing: Sequence[str], unlabeled: Sequence[str]) -> list[str]:
    lines = [f"gold records: {n_gold}   matched to stored labels: {n_matched}"]
    if missing:
        lines.append(f"missing from the store ({len(missing)}): {', '.join(missing)}")
    if unlabeled:
        lines.append(f"stored but not labeled ({len(unlabeled)}; run `fairwarning label`): {', '.join(unlabeled)}")
    return lines


def _disagreement_lines(disagreements: Sequence[Disagreement], max_evidence: int) -> list[str]:
    lines = ["", f"== disagreements ({len(disagreements)})"]
    for d in disagreements:
        lines.append(f"- {d.cl_opinion_id} (opinion {d.opinion_id}) {d.case_name}: {d.field} gold={_key(d.gold)} "
                     f"predicted={_key(d.predicted)}")
        for e in d.evidence[:max_evidence]:
            lines.append(f"    [{e.cue} @{e.start}-{e.end}] {e.text[:240]}")
        if not d.evidence:
            lines.append("    (no evidence sentence fired for this field)")
        if d.notes:
            lines.append(f"    annotator: {d.notes[:300]}")
    return lines


def _matrix(f: FieldReport) -> list[str]:
    """The confusion table of a single-valued field: gold classes down, predicted classes across."""
    width = max([8, *(len(c) for c in f.classes)]) + 1
    head = "   " + "gold \\ predicted".ljust(width + 2) + "".join(c[:width - 1].rjust(width) for c in f.classes)
    rows = [head]
    for g in f.classes:
        cells = "".join(str(f.confusion.get((g, p), 0) or ".").rjust(width) for p in f.classes)
        rows.append("   " + g.ljust(width + 2) + cells)
    return rows


# -- per-right rulings ------------------------------------------------------------------------------------------

#: the fields of a QI ruling compared once its (opinion, right) is matched
RULING_SCORED = ("qi_outcome", "prong1", "prong2", "merits_skipped")
_RULING_REQUIRED = ("right", "qi_decided", "qi_outcome", "prong1", "prong2", "merits_skipped")


@dataclass(frozen=True)
class RulingsReport:
    """Per-right rulings against hand-coded ones.

    ``qi_rights``: the (opinion, right) pairs of QI rulings, micro P/R/F1. ``fields``: each scored field over the
    QI rulings matched on both sides. ``holdings``: a predicted QI ruling is *right* when gold has a QI ruling on
    the same right with every scored field equal -- precision is the share of the holdings a memo would print
    that are right, recall the share of gold QI rulings reproduced whole. ``merits``: the (opinion, right, prong1)
    triples of merits rulings outside QI. ``disagreements``: one per differing ruling or field.
    """

    n_gold: int
    n_matched: int
    missing: tuple[str, ...]
    unlabeled: tuple[str, ...]
    qi_rights: PRF
    fields: tuple[FieldReport, ...]
    holdings: PRF
    merits: PRF
    disagreements: tuple[Disagreement, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return _report_json(self, qi_rights=vars(self.qi_rights), holdings=vars(self.holdings),
                            merits=vars(self.merits))


def parse_rulings_gold(lines: Iterable[str], *, source: str = "gold file") -> list[dict[str, Any]]:
    """Hand-coded per-right rulings from JSON lines: ``cl_opinion_id`` and ``rulings`` (a list of objects with
    ``right``, ``qi_decided``, ``qi_outcome``, ``prong1``, ``prong2``, ``merits_skipped``); raises
    :class:`InputError` naming the line of a record that lacks them or names one right twice."""
    out = []
    for n, rec in _json_lines(lines, source):
        if not isinstance(rec, dict) or "cl_opinion_id" not in rec or not isinstance(rec.get("rulings"), list):
            raise InputError(f"{source} line {n} lacks cl_opinion_id or a rulings list; see docs/rulings-reading")
        rights = []
        for r in rec["rulings"]:
            lacking = [k for k in _RULING_REQUIRED if not isinstance(r, dict) or k not in r]
            if lacking:
                raise InputError(f"{source} line {n}: a ruling lacks {', '.join(lacking)}")
            rights.append(r["right"])
        if len(rights) != len(set(rights)):
            raise InputError(f"{source} line {n} has two rulings on one right; give one ruling per right")
        rec["cl_opinion_id"] = str(rec["cl_opinion_id"])
        out.append(rec)
    return out


def evaluate_rulings(gold: Sequence[dict[str, Any]], predicted: dict[str, tuple[int, tuple[Ruling, ...]]], *,
                     missing: Sequence[str] = (), unlabeled: Sequence[str] = ()) -> RulingsReport:
    """``predicted`` maps a gold ``cl_opinion_id`` to (stored opinion id, its stored rulings)."""
    matched = [g for g in gold if g["cl_opinion_id"] in predicted]
    counts = {"qi": [0, 0, 0], "whole": [0, 0, 0], "merits": [0, 0, 0]}
    pairs: dict[str, list[tuple[Any, Any]]] = {name: [] for name in RULING_SCORED}
    disagreements = []
    for g in matched:
        oid, rulings = predicted[g["cl_opinion_id"]]
        name, notes = str(g.get("case_name") or ""), str(g.get("notes") or "")
        gold_qi = {r["right"]: r for r in g["rulings"] if r["qi_decided"]}
        pred_qi = {r.right: r for r in rulings if r.qi_decided}
        for right in sorted(gold_qi.keys() | pred_qi.keys()):
            gr, pr = gold_qi.get(right), pred_qi.get(right)
            if gr is None or pr is None:
                counts["qi"][1 if gr is None else 2] += 1
                counts["whole"][1 if gr is None else 2] += 1
                disagreements.append(Disagreement(
                    g["cl_opinion_id"], oid, name, f"ruling:{right}", None if gr is None else _brief(gr),
                    None if pr is None else _brief(pr.fields()), () if pr is None else pr.evidence, notes))
                continue
            counts["qi"][0] += 1
            same = True
            for f in RULING_SCORED:
                pairs[f].append((gr[f], getattr(pr, f)))
                if gr[f] != getattr(pr, f):
                    same = False
                    ev = tuple(e for e in pr.evidence if e.field in (f, "qi_outcome")) or pr.evidence
                    disagreements.append(Disagreement(g["cl_opinion_id"], oid, name, f"{right}.{f}", gr[f],
                                                      getattr(pr, f), ev, notes))
            if same:
                counts["whole"][0] += 1
            else:
                counts["whole"][1] += 1
                counts["whole"][2] += 1
        gold_m = {(r["right"], r["prong1"]) for r in g["rulings"] if not r["qi_decided"]}
        pred_m = {(r.right, r.prong1) for r in rulings if not r.qi_decided}
        counts["merits"][0] += len(gold_m & pred_m)
        counts["merits"][1] += len(pred_m - gold_m)
        counts["merits"][2] += len(gold_m - pred_m)
        for right, p1 in sorted(gold_m ^ pred_m):
            on_gold = (right, p1) in gold_m
            disagreements.append(Disagreement(g["cl_opinion_id"], oid, name, f"merits:{right}",
                                              p1 if on_gold else None, None if on_gold else p1, (), notes))
    reports = tuple(_single(f, pairs[f]) for f in RULING_SCORED)
    return RulingsReport(len(gold), len(matched), tuple(missing), tuple(unlabeled), _prf(*counts["qi"]), reports,
                         _prf(*counts["whole"]), _prf(*counts["merits"]), tuple(disagreements))


def _brief(fields: dict[str, Any]) -> str:
    """``granted / no_violation / not_reached`` (or ``merits: violation``) for a ruling's fields."""
    if not fields["qi_decided"]:
        return f"merits: {fields['prong1']}"
    skipped = ", merits skipped" if fields["merits_skipped"] else ""
    return f"{fields['qi_outcome']} / {fields['prong1']} / {fields['prong2']}{skipped}"


def format_rulings_report(report: RulingsReport, *, max_evidence: int = 2) -> str:
    """The per-right report as plain text: the three P/R/F1 lines, each field with its confusion, disagreements."""
    lines = _head_lines(report.n_gold, report.n_matched, report.missing, report.unlabeled)
    lines += ["", f"{'':<34}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}"]
    for title, v in (("QI rulings: (opinion, right)", report.qi_rights),
                     ("QI rulings right in every field", report.holdings),
                     ("merits rulings: (right, prong1)", report.merits)):
        lines.append(f"{title:<34}{v.precision:>8.3f}{v.recall:>8.3f}{v.f1:>8.3f}{v.support:>7}")
    lines += ["", "fields of the QI rulings matched on both sides:"]
    for f in report.fields:
        lines.append(f"  {f.field:<16}n={f.n:<4} accuracy {f.accuracy:.3f}")
    for f in report.fields:
        lines += ["", f"== {f.field}"]
        lines += _matrix(f)
    lines += _disagreement_lines(report.disagreements, max_evidence)
    return "\n".join(lines) + "\n"
