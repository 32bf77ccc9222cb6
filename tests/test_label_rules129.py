"""Rules added in rules-1.29 to rules-1.31 (issue 10, round 12), from Northrup v. City of Toledo Police Dep't, 785 F.3d 1128 (6th
Cir. 2015), a circuit opinion of the spent fresh set (docs/fresh-reading/circuit-1, coded blind, scored once): QI denied
to Officer Bright, granted to Sergeant Ray. The labeler read "QI granted, no violation": the rule stated with its
condition ("Qualified immunity protects the officers from this lawsuit if either of two things is true: ...") read as
a grant; a theory the officer no longer defends ("... no longer defends the theory raised below that he had probable
cause to arrest Northrup") read as a probable-cause finding; the contrast "Unlike Officer Bright, Sergeant Ray is
entitled to qualified immunity" read only as Ray's grant; "it has long been clearly established that ..." was not read.
The opinion is read whole from the repo's evaluation data (its text as the annotator transcribed it)."""

from __future__ import annotations

import json
from pathlib import Path

from fairwarning.labeler import label_opinion
from test_label_helpers import cue_signals

NORTHRUP = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading" / "circuit-1" / "opinions" / "2800431.json"


def test_northrup_is_mixed() -> None:
    assert NORTHRUP.is_file(), f"evaluation text missing: {NORTHRUP}"
    obj = json.loads(NORTHRUP.read_text(encoding="utf-8"))
    label = label_opinion(obj["plain_text"], court_id="ca6")
    assert (label.qi_decided, label.qi_outcome, label.prong2) == (True, "mixed", "clearly_established")
    assert label.prong1 != "no_violation"  # nothing the court held says there was none


def test_a_qi_rule_with_its_condition_is_no_grant() -> None:
    assert not {s for s in cue_signals(
        "Qualified immunity protects the officers from this lawsuit if either of two things is true: The officers did "
        "not violate Northrup’s Fourth Amendment rights, or any such rights were not clearly established at the time "
        "of the search.") if s.startswith("grant:")}
    # the court's own grant, with "even if", still grants
    assert any(s.startswith("grant:") for s in cue_signals(
        "The officers are entitled to qualified immunity even if they were mistaken."))


def test_a_theory_a_party_no_longer_defends_is_argument() -> None:
    assert not {s for s in cue_signals(
        "Officer Bright, quite wisely, no longer defends the theory raised below that he had probable cause to arrest "
        "Northrup.") if s.startswith("no_violation:")}


def test_one_officials_immunity_contrasted_with_anothers() -> None:
    signals = cue_signals("Unlike Officer Bright, Sergeant Ray is entitled to qualified immunity.")
    assert "deny:unlike_other_entitled" in signals and any(s.startswith("grant:") for s in signals)
    assert "deny:unlike_other_entitled" not in cue_signals("Sergeant Ray is entitled to qualified immunity.")


def test_long_clearly_established() -> None:
    assert "established:law_established" in cue_signals(
        "And it has long been clearly established that an officer needs evidence of criminality or dangerousness "
        "before he may detain and disarm a law-abiding citizen.")
    assert "established:law_established" not in cue_signals(
        "It has not long been clearly established that an officer needs evidence of criminality.")


GAETJENS = NORTHRUP.with_name("4703206.json")


def test_a_merits_ground_put_in_place_of_the_qi_ruling_below_decides_no_qi() -> None:
    """rules-1.30, Gaetjens v. City of Loves Park, 4 F.4th 487 (7th Cir. 2021): "the district court determined that
    Gaetjens's Fourth Amendment claims fail because the individual defendants are entitled to qualified immunity. We
    agree that Gaetjens's claims fail, but for a more basic reason—the individual defendants did not violate the Fourth
    Amendment." Coded not decided, after the dev labels' Ward v. Hickey (affirmed on a different ground, QI never
    addressed); the merits holding stays, as a merits ruling."""
    obj = json.loads(GAETJENS.read_text(encoding="utf-8"))
    label = label_opinion(obj["plain_text"], court_id="ca7")
    assert not label.qi_decided and label.qi_outcome is None
    merits = label.ruling_for("4A_unlawful_search")
    assert merits is not None and not merits.qi_decided and merits.prong1 == "no_violation"


def test_the_court_below_told_with_however() -> None:
    """rules-1.31, Lefemine v. Wideman, 568 U.S. 1 (fresh batch-9, scored once on rules-1.30): the District Court's QI
    ruling, told in the case's history as "The court, however, refused ...", is not this Court's."""
    from fairwarning.labeler.rules import _LOWER_COURT

    sentence = ("The court, however, refused Lefemine’s request for nominal damages, finding that the defendants were "
                "entitled to qualified immunity because the illegality of their conduct was not clearly established at "
                "the time.")
    assert _LOWER_COURT.search(sentence.lower())
    assert not {s for s in cue_signals(sentence) if s.split(":")[0] in ("grant", "not_established")}
    assert not _LOWER_COURT.search("we, however, conclude that the officers are entitled to qualified immunity.")
