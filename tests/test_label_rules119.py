"""Rules added in rules-1.19 (issue 10, round 10), from the circuit batch (docs/fresh-reading/circuit-1, scored once on
rules-1.18 and now spent): a court of appeals' disposition told in the passive, naming the order below ("The order of
the district court denying Officer Jacobson's motion for summary judgment based on qualified immunity is REVERSED",
Knight v. Jacobson, 300 F.3d 1272 (11th Cir. 2002)), was not read as deciding QI. The sentence is inlined: the text is
not in the shared corpus (source in circuit-1/manifest.csv)."""

from __future__ import annotations

import pytest

from test_label_helpers import cue_signals


@pytest.mark.parametrize(("sentence", "signal"), [
    ("14 The order of the district court denying Officer Jacobson's motion for summary judgment based on qualified "
     "immunity is REVERSED, and the case is REMANDED with directions that summary judgment be entered for him on that "
     "basis.", "grant:passive_disposition_for_officials"),
    ("The judgment granting the officers qualified immunity is AFFIRMED.", "grant:passive_disposition_for_officials"),
    ("The order of the district court granting the officers' motion for summary judgment based on qualified immunity "
     "is reversed.", "deny:passive_disposition_against_officials"),
    ("The district court's order denying qualified immunity is affirmed.", "deny:passive_disposition_against_officials"),
])
def test_a_passive_disposition_of_the_order_below_decides_qi(sentence: str, signal: str) -> None:
    assert signal in cue_signals(sentence)


@pytest.mark.parametrize("sentence", [
    "The order granting qualified immunity is reversed in part.",  # part of it: the other rules read a mixed result
    "The order denying qualified immunity is affirmed in part and reversed in part.",
    "We must decide whether the order denying qualified immunity is reversed.",  # a question
])
def test_no_whole_disposition_in_a_partial_one_or_a_question(sentence: str) -> None:
    assert not any(s.split(":")[1].startswith("passive_disposition_") for s in cue_signals(sentence))
