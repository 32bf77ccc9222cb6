"""Rules added in rules-1.28 (issue 10, round 12): the stage and the interlocutory posture of Supreme Court opinions,
0.710 and 0.774 against the blind coding of the corpus's 31 Supreme Court texts (docs/scotus-reading). The stage was
None where a long opinion tells its history once, far from any qualified-immunity sentence; "a reasonable jury could
infer" (the summary-judgment standard) counted as a trial; a pretrial denial of QI told as this case's history did
not make the review interlocutory, and "the judgment of the Court of Appeals denying qualified immunity" did.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fairwarning.labeler import core
from fairwarning.labeler.context import _STAGES, stage_of
from fairwarning.labeler.segment import collapse, split_sentences
from test_label_helpers import stored_label, stored_text

GARNER, RYBURN, REHBERG, REICHLE, PAULY, FILARSKY = "111397", "621292", "626447", "801500", "4151832", "798512"


@pytest.mark.parametrize(("cl_id", "stage"), [
    (GARNER, "trial_or_post_trial"),  # "After a 3-day bench trial, the District Court entered judgment ..."
    (RYBURN, "trial_or_post_trial"),  # "Following a 2-day bench trial, the District Court entered judgment ..."
    (REHBERG, "motion_to_dismiss"),  # "The United States District Court ... denied respondent's motion to dismiss"
    (REICHLE, "summary_judgment"),  # "Petitioners Reichle and Doyle moved for summary judgment ..."
    (PAULY, "summary_judgment"),  # not a trial: "a reasonable jury could infer", "a jury could have concluded"
])
def test_the_stage_told_once_in_the_history(corpus_dir: Path, cl_id: str, stage: str) -> None:
    assert stored_label(corpus_dir, cl_id).stage == stage


def test_one_stage_word_outside_the_history_decides_nothing() -> None:
    text = "The facts are set out in the record. Counsel filed a motion to dismiss the appeal as untimely in another case."
    assert stage_of(text, split_sentences(text), [])[0] is None


def test_the_summary_judgment_standard_is_no_trial() -> None:
    trial = _STAGES["trial_or_post_trial"]
    assert not trial.search("respondents suggest that a reasonable jury could infer that White witnessed the other "
                            "officers' deficient performance")
    assert not trial.search("the majority held that a jury could have concluded that White's use of deadly force "
                                 "was not reasonable.")
    assert trial.search("The case then proceeded to trial, and the jury returned verdicts for Ortiz against both "
                        "Jordan and Bright.")


def test_interlocutory_review_of_a_pretrial_denial(corpus_dir: Path) -> None:
    assert "The District Court denied qualified immunity." in collapse(stored_text(corpus_dir, PAULY))
    pauly = stored_label(corpus_dir, PAULY)
    assert pauly.interlocutory is True
    assert any(e.cue == "interlocutory:pretrial_denial" for e in pauly.evidence)
    assert core._TRIAL_COURT_DENIED.search("Ashcroft filed a motion to dismiss based on absolute and qualified "
                                           "immunity, which the District Court denied.")
    assert not core._TRIAL_COURT_DENIED.search("In Pearson, the District Court denied qualified immunity.")


def test_the_court_of_appeals_denying_qi_is_no_appeal(corpus_dir: Path) -> None:
    """Filarsky v. Delia: the plaintiff appealed the grant of QI after final judgment."""
    sentence = ("In light of the foregoing, the judgment of the Court of Appeals denying qualified immunity to Filarsky "
                "is reversed.")
    assert sentence in collapse(stored_text(corpus_dir, FILARSKY))
    assert not core._APPEAL_OF_DENIAL.search(sentence)
    assert stored_label(corpus_dir, FILARSKY).interlocutory is False
    # Harlow v. Fitzgerald's words, before "qualified immunity" was the name
    assert core._APPEAL_OF_DENIAL.search("Independently of former President Nixon, petitioners invoked the collateral "
                                         "order doctrine and appealed the denial of their immunity defense to the Court "
                                         "of Appeals for the District of Columbia Circuit.")
