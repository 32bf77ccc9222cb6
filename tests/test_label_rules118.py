"""Rules added in rules-1.18 (issue 10, round 9), from fresh batches 4-6 (docs/fresh-reading/batch-4..6: 18 Supreme
Court opinions outside the corpus, coded blind, scored once on rules-1.16 and rules-1.17 and now spent). On them the
labeler read five opinions as deciding qualified immunity that do not (Owen, Devenpeck, Camreta, Buckley,
Crawford-El) and one outcome backwards (Ortiz). The sentences are inlined (fresh texts are not in the shared
corpus), from the ``html_lawbox`` or ``plain_text`` field of ``brianwc/bulk_scotus`` at commit
7dd89911b5f10a9367af293efb5fadddabcf2d8e as transcribed by the annotators (each batch's manifest.csv)."""

from __future__ import annotations

import pytest

from fairwarning.labeler import core
from test_label_helpers import cue_signals


def test_a_citys_claim_to_its_officers_good_faith_is_not_a_qi_posture() -> None:
    """Owen v. City of Independence, 445 U.S. 622: a municipality has no qualified immunity."""
    s = ("As an alternative ground for denying relief, the District Court ruled that the city was entitled to assert, and "
         "had in fact established, a qualified immunity against liability based on the good faith of the individual "
         "defendants who acted as its agents.")
    assert core._POSTURE_GRANT.search(s) and core._MUNICIPAL_IMMUNITY.search(s)
    assert not core._MUNICIPAL_IMMUNITY.search("The District Court ruled that the officers were entitled to qualified "
                                               "immunity.")


def test_a_pretrial_denial_followed_by_trial_is_not_the_ruling_under_review() -> None:
    """Devenpeck v. Alford, 543 U.S. 146: the Court reverses the post-trial judgment on probable cause, not the
    pretrial denial."""
    s = ("The District Court denied petitioners' motion for summary judgment on grounds of qualified immunity, and the "
         "case proceeded to trial.")
    assert core._POSTURE_DENY.search(s) and core._THEN_TRIED.search(s)


def test_district_court_precedent_is_no_district_court_ruling() -> None:
    """Camreta v. Greene, 563 U.S. 692: a statement about courts in general, not this case's posture."""
    s = ("Many Courts of Appeals therefore decline to consider district court precedent when determining if "
         "constitutional rights are clearly established for purposes of qualified immunity.")
    assert not core._POSTURE_GRANT.search(s) and not core._POSTURE_DENY.search(s)


@pytest.mark.parametrize(("sentence", "disposes"), [
    # Camreta: a partial vacatur on mootness is no disposition of the QI ruling
    ("In line with our normal practice when mootness frustrates a party's right to appeal, see United States v. "
     "Munsingwear, Inc., 340 U. S. 36, 39 (1950), we vacate the part of the Ninth Circuit's opinion that decided the "
     "Fourth Amendment issue.", False),
    # Ortiz v. Jordan: a court below's action told in a participle is not this Court's disposition
    ("Reversing the judgment entered on the jury's verdict, the appeals court held that both defendants were "
     "sheltered from Ortiz's suit by qualified immunity.", False),
    ("For the reasons stated, the judgment of the Court of Appeals for the Sixth Circuit is reversed, and the case is "
     "remanded for further proceedings consistent with this opinion.", True),
    ("Reversed.", True),
])
def test_dispositions(sentence: str, disposes: bool) -> None:
    from fairwarning.labeler.segment import Sentence
    reading = core._Reading([Sentence(0, len(sentence), sentence)], [], [], True)
    assert (core._disposition(reading)[0] is not None) is disposes


def test_a_court_of_appeals_that_reversed_a_denial_granted_qi() -> None:
    """Ortiz v. Jordan, 562 U.S. 180: the Sixth Circuit granted QI; the Court reverses: denied."""
    s = ("Appraising the parties' evidence under a de novo standard of review, the Court of Appeals \u201creverse[d] the "
         "denial of qualified immunity to both Bright and Jordan.\u201d")
    assert core._POSTURE_GRANT.search(s) and not core._POSTURE_DENY.search(s)
    assert core._APPEALS_COURT_RULED.search(s)


@pytest.mark.parametrize("sentence", [
    # Buckley v. Fitzsimmons, 509 U.S. 259: absolute immunity unavailable, not a grant of qualified immunity
    "Even after that determination, a prosecutor may engage in police investigative work that is entitled to only "
    "qualified immunity.",
    # Crawford-El v. Britton, 523 U.S. 574
    "Our consideration of the immunity issues in both the Nixon case and in Harlow itself assumed that Fitzgerald would "
    "be entitled to prevail but for the immunity defenses.",
])
def test_no_grant_in_only_qualified_immunity_or_prevail_but_for(sentence: str) -> None:
    assert not any(s.startswith("grant:") for s in cue_signals(sentence))


def test_the_grant_cue_still_reads_a_plain_grant() -> None:
    assert "grant:entitled" in cue_signals("The officers are therefore entitled to qualified immunity.")


def test_a_class_of_claims_described_is_no_prong_2_holding() -> None:
    """Crawford-El v. Britton: the Harlow standard described, not applied."""
    s = ("The immunity standard in Harlow itself eliminates all motive-based claims in which the official's conduct did "
         "not violate clearly established law.")
    assert not any(x.split(":")[0] in ("established", "not_established") for x in cue_signals(s))


def test_a_holding_that_the_search_violated_the_constitution_is_prong_1() -> None:
    """Safford Unified School Dist. No. 1 v. Redding, 557 U.S. 364."""
    s = ("Because there were no reasons to suspect the drugs presented a danger or were concealed in her underwear, we "
         "hold that the search did violate the Constitution, but because there is reason to question the clarity with "
         "which the right was established, the official who ordered the unconstitutional search is entitled to "
         "qualified immunity from liability.")
    got = cue_signals(s)
    assert "violation:violated_rights" in got and "grant:entitled" in got
    assert core._GRANT_ON_PRONG2.search(s)


def test_the_circuit_as_subject_is_the_court_below() -> None:
    """Safford: "The Circuit then applied the test for qualified immunity, and found that Savana's right was clearly
    established ..." is the Ninth Circuit's holding, not the Court's."""
    s = ("The Circuit then applied the test for qualified immunity, and found that Savana's right was clearly "
         "established at the time of the search.")
    assert not any(x.startswith("established:") for x in cue_signals(s))


def test_officials_who_cannot_appeal_the_denial_leave_it_standing() -> None:
    """Johnson v. Jones, 515 U.S. 304 (docs/fresh-reading/batch-1): the denial stands, so QI is denied."""
    assert "deny_left_standing:cannot_appeal_denial" in cue_signals(
        "We hold that the defendants cannot immediately appeal this kind of fact-related district court determination.")
    assert "deny_left_standing:cannot_appeal_denial" not in cue_signals(
        "The question is whether the defendants cannot immediately appeal.")


def test_a_complaint_that_fails_to_plead_facts_stating_a_claim_is_no_violation() -> None:
    """Ashcroft v. Iqbal, 556 U.S. 662: the pleading holding decides prong 1 on the complaint."""
    assert "no_violation:fails_to_state_claim" in cue_signals(
        "V We hold that respondent's complaint fails to plead sufficient facts to state a claim for purposeful and "
        "unlawful discrimination against petitioners.")
