"""``evaluate_rulings``: per-right rulings scored against hand-coded ones (pure: records in, report out)."""

from __future__ import annotations

import json

import pytest

from fairwarning.errors import InputError
from fairwarning.labeler.evaluate import evaluate_rulings, format_rulings_report, parse_rulings_gold
from fairwarning.labeler.model import Ruling


def _gold(right: str, qi: bool = True, outcome: str | None = "granted", p1: str = "not_reached",
          p2: str = "not_clearly_established", skipped: bool = True) -> dict[str, object]:
    return {"right": right, "qi_decided": qi, "qi_outcome": outcome if qi else None, "prong1": p1,
            "prong2": p2 if qi else "not_reached", "merits_skipped": skipped and qi}


GOLD = [
    {"cl_opinion_id": "1", "case_name": "A v. B", "rulings": [
        _gold("1A_retaliation"),
        _gold("political_discrimination", qi=False, p1="no_violation"),
    ]},
    {"cl_opinion_id": "2", "case_name": "C v. D", "rulings": [
        _gold("4A_excessive_force", outcome="denied", p1="violation", p2="clearly_established", skipped=False),
        _gold("4A_false_arrest", p1="no_violation", p2="not_reached", skipped=False),
    ]},
]


def test_rulings_are_matched_by_right_and_scored_field_by_field() -> None:
    predicted = {
        # O'Connor-like: the merits-only claim read as a second QI grant
        "1": (10, (Ruling("1A_retaliation", True, "granted", "not_reached", "not_clearly_established", True),
                   Ruling("political_discrimination", True, "granted"))),
        # one ruling right, one with the wrong prong 1
        "2": (20, (Ruling("4A_excessive_force", True, "denied", "violation", "clearly_established"),
                   Ruling("4A_false_arrest", True, "granted", "not_reached", "not_reached"))),
    }
    report = evaluate_rulings(GOLD, predicted)
    assert report.n_matched == 2
    # QI (opinion, right) pairs: 3 gold, 4 predicted, 3 shared
    assert (report.qi_rights.precision, report.qi_rights.recall) == (0.75, 1.0)
    # whole holdings: 2 of 4 printed are right; 2 of 3 gold reproduced
    assert (report.holdings.precision, report.holdings.recall) == (0.5, round(2 / 3, 4))
    # the merits ruling outside QI was missed
    assert (report.merits.recall, report.merits.support) == (0.0, 1)
    prong1 = next(f for f in report.fields if f.field == "prong1")
    assert prong1.n == 3 and prong1.confusion[("no_violation", "not_reached")] == 1
    fields = {(d.cl_opinion_id, d.field) for d in report.disagreements}
    assert fields == {("1", "ruling:political_discrimination"), ("1", "merits:political_discrimination"),
                      ("2", "4A_false_arrest.prong1")}
    text = format_rulings_report(report)
    assert "QI rulings right in every field" in text and "4A_false_arrest.prong1" in text


def test_every_ruling_right_scores_one() -> None:
    predicted = {g["cl_opinion_id"]: (i, tuple(Ruling.from_fields(r) for r in g["rulings"]))  # type: ignore[attr-defined]
                 for i, g in enumerate(GOLD)}
    report = evaluate_rulings(GOLD, predicted)
    assert report.qi_rights.f1 == report.holdings.f1 == report.merits.f1 == 1.0
    assert report.disagreements == ()
    assert json.loads(json.dumps(report.to_json()))["holdings"]["f1"] == 1.0


def test_unmatched_gold_records_are_reported_not_scored() -> None:
    report = evaluate_rulings(GOLD, {}, missing=["1"], unlabeled=["2"])
    assert report.n_matched == 0 and report.missing == ("1",) and report.unlabeled == ("2",)
    assert report.qi_rights.support == 0


@pytest.mark.parametrize(("line", "says"), [
    ('{"cl_opinion_id": "1"}', "rulings list"),
    ('{"cl_opinion_id": "1", "rulings": [{"right": "other"}]}', "lacks qi_decided"),
    ("not json", "not JSON"),
    (json.dumps({"cl_opinion_id": 1, "rulings": [_gold("other"), _gold("other")]}), "two rulings on one right"),
])
def test_a_malformed_rulings_gold_line_is_named(line: str, says: str) -> None:
    with pytest.raises(InputError, match=says) as exc:
        parse_rulings_gold(["", line], source="g.jsonl")
    assert "g.jsonl line 2" in str(exc.value)
