"""Rules added in rules-1.37 (issue 10, round 13), from fresh batch-11 and circuit-2 (docs/fresh-reading: Supreme Court
opinions of 2015-2026 and court-of-appeals opinions, coded blind, scored once on rules-1.35 and rules-1.36, now spent).

The Supreme Court's qualified-immunity per curiams since 2015 decide on prong 2 in words the rules had no cue for: "X was
at least entitled to qualified immunity", "reverse the Ninth Circuit's determination that X is not entitled to qualified
immunity", "The Fifth Circuit erred in granting the officers qualified immunity", "did not give fair notice", "did not
clearly establish that", "far from an obvious case", "need not, and does not, decide whether", and the obvious case
("no reasonable correctional officer could have concluded that ... it was constitutionally permissible"). And they
describe the precedent they reject ("Amnesty America did not hold that any of those actions violated the Fourth
Amendment") in words the rules read as the Court's own holding. The texts are read whole from the repo's evaluation data
(not in the shared corpus), cleaned as the store cleans them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairwarning.corpus.text import clean_text
from fairwarning.labeler import label_opinion
from fairwarning.labeler.model import Label
from test_label_helpers import cue_signals

FRESH = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading"
MULLENIX, KISELA, WESBY, TAHLEQUAH, TAYLOR, RIVAS, ZORN = (
    "3153112", "4260145", "4238107", "5120580", "4582848", "5118993", "11280281")
GRAHAM = "4704180"


def _fresh(batch: str, cl_id: str) -> Label:
    path = FRESH / batch / "opinions" / f"{cl_id}.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    return label_opinion(clean_text(obj["plain_text"]), court_id=obj["court"], date_decided=obj["date_filed"])


@pytest.mark.parametrize(("cl_id", "outcome", "prong1", "prong2", "skipped"), [
    # per curiam summary reversals of a court of appeals' QI denial, on prong 2, the merits left open
    (MULLENIX, "granted", "not_reached", "not_clearly_established", True),
    (KISELA, "granted", "not_reached", "not_clearly_established", True),
    (TAHLEQUAH, "granted", "not_reached", "not_clearly_established", True),
    (RIVAS, "granted", "not_reached", "not_clearly_established", True),
    (ZORN, "granted", "not_reached", "not_clearly_established", True),
    # both prongs: no probable cause problem, and no clearly established law either
    (WESBY, "granted", "no_violation", "not_clearly_established", False),
    # the obvious case: the court of appeals' grant vacated, its violation holding endorsed ("properly held", rules-1.41;
    # both codings: violation)
    (TAYLOR, "denied", "violation", "clearly_established", False),
])
def test_supreme_court_per_curiams_since_2015(cl_id: str, outcome: str, prong1: str, prong2: str, skipped: bool) -> None:
    label = _fresh("batch-11", cl_id)
    assert label.qi_decided
    assert (label.qi_outcome, label.prong1, label.prong2, label.merits_skipped) == (outcome, prong1, prong2, skipped)


@pytest.mark.parametrize(("sentence", "signal"), [
    ("For even assuming a Fourth Amendment violation occurred—a proposition that is not at all evident—on these facts "
     "Kisela was at least entitled to qualified immunity.", "grant:entitled"),
    ("For that reason, we grant Rivas-Villegas’ petition for certiorari and reverse the Ninth Circuit’s determination "
     "that Rivas-Villegas is not entitled to qualified immunity.", "grant:reverse_not_entitled_determination"),
    ("The Fifth Circuit erred in granting the officers qualified immunity on this basis.", "deny:erred_granting"),
    ("On this record, the officers plainly did not violate any clearly established law.",
     "not_established:did_not_violate_established"),
    ("We cannot conclude that Allen “clearly established” that their conduct was reckless or that their ultimate use of "
     "force was unlawful.", "not_established:did_not_clearly_establish"),
    ("And it should go without saying that this is not an “obvious case” where “a body of relevant case law” is not "
     "needed.", "not_established:not_obvious_case"),
    ("Ultimately, whatever can be said of the wisdom of Mullenix’s choice, this Court’s precedents do not place the "
     "conclusion that he acted unreasonably in these circumstances “beyond debate.”", "not_established:not_beyond_debate"),
    ("The rule applied by the panel majority was not clearly established because it was not “settled law.”",
     "not_established:law_not_established"),
    ("But no reasonable correctional officer could have concluded that, under the extreme circumstances of this case, it "
     "was constitutionally permissible to house Taylor in such deplorably unsanitary conditions for such an extended "
     "period of time.", "established:obvious_to_any_officer"),
    ("Here, the Court need not, and does not, decide whether Kisela violated the Fourth Amendment when he used deadly "
     "force against Hughes.", "p1_skipped:need_not_decide_violation"),
    ("We address only the qualified immunity question, not whether there was a Fourth Amendment violation in the first "
     "place, and now reverse.", "p1_skipped:second_prong_only"),
    ("Accordingly, we now affirm the district court’s grant of summary judgment under the second prong of the "
     "qualified-immunity analysis.", "p1_skipped:second_prong_only"),
])
def test_the_courts_own_words_read(sentence: str, signal: str) -> None:
    assert signal in cue_signals(sentence)


@pytest.mark.parametrize(("sentence", "signal"), [
    # a precedent's holding denied, not this Court's finding of a violation
    ("Amnesty America did not hold that any of those actions violated the Fourth Amendment, let alone all of them.",
     "violation"),
    # the court below told ("the court also recognized", "The court went on to conclude")
    ("But, crucially, the court also recognized that if the facts were as the officer alleged, and he fired as the car "
     "was coming towards him, “he would likely be entitled to qualified immunity” based on the “threat of immediate and "
     "severe physical harm.”", "grant"),
    ("The court went on to conclude that Mullenix was not entitled to qualified immunity because “the law was clearly "
     "established such that a reasonable officer would have known that the use of deadly force, absent a sufficiently "
     "substantial and immediate threat, violated the Fourth Amendment.”", "deny"),
    # what a plaintiff must show
    ("To survive summary judgment, a plaintiff must show that a reasonable jury could find that a retaliatory motive of "
     "the government official was a “but-for cause” of the adverse action.", "violation"),
    # the law of that time: prong 2, not the merits
    ("And, in the circumstances present here, the officers’ warrantless entry did not violate Graham’s Fourth Amendment "
     "rights under our then-extant community-caretaking jurisprudence.", "no_violation"),
])
def test_not_the_courts_own_ruling(sentence: str, signal: str) -> None:
    assert not {s for s in cue_signals(sentence) if s.startswith(signal + ":")}


def test_a_circuit_affirmance_under_the_second_prong_skips_the_merits() -> None:
    """Graham v. Barnette (8th Cir. 2021, on remand after Caniglia): the panel leaves its earlier community-caretaking
    holding and affirms "under the second prong"; the seizure claim too is decided on clearly established law only."""
    label = _fresh("circuit-2", GRAHAM)
    assert (label.qi_outcome, label.prong1, label.prong2, label.merits_skipped) == (
        "granted", "not_reached", "not_clearly_established", True)
