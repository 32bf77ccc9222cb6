"""Rules added in rules-1.5, checked on whole real Supreme Court opinions from the shared corpus:

- a summary reversal on the officer's petition ("We grant the petition on the second, qualified immunity question
  and reverse.") is a QI grant, and "We express no view ... on the constitutional question" skips prong 1
  (Brosseau v. Haugen, which rules-1.4 read as not deciding QI);
- a police entry into a home is an unlawful-search cue, and a bare citation of a leading case (Graham v. Connor
  cited for the QI standard) does not make a right (Wilson v. Layne, which rules-1.4 labeled excessive force).
"""

from __future__ import annotations

from pathlib import Path

from fairwarning.labeler import Label
from fairwarning.labeler.context import citation_only
from test_label_helpers import stored_label, stored_text


def _label(corpus_dir: Path, cl_id: str) -> tuple[Label, str]:
    return stored_label(corpus_dir, cl_id), stored_text(corpus_dir, cl_id)


def test_summary_reversal_on_the_qi_question_is_a_grant_without_the_merits(corpus_dir: Path) -> None:
    lab, text = _label(corpus_dir, "137736")  # Brosseau v. Haugen, 543 U.S. 194 (2004)
    assert "Brosseau" in text[:2000]
    assert lab.qi_decided and lab.qi_outcome == "granted"
    assert lab.prong1 == "not_reached" and lab.merits_skipped
    assert lab.rights == ("4A_excessive_force",)
    cues = {e.cue for e in lab.evidence_for("qi_outcome")}
    assert "grant:cert_granted_reverse" in cues
    assert any("express no view" in e.text for e in lab.evidence_for("prong1"))


def test_home_entry_is_a_search_and_a_bare_graham_cite_is_not_a_right(corpus_dir: Path) -> None:
    lab, text = _label(corpus_dir, "118289")  # Wilson v. Layne, 526 U.S. 603 (1999): media ride-along
    assert "ride-along" in text
    assert lab.qi_outcome == "granted" and lab.prong1 == "violation" and lab.prong2 == "not_clearly_established"
    assert lab.rights == ("4A_unlawful_search",)


def test_citation_only_on_real_sentences() -> None:
    # verbatim from Wilson v. Layne (118289) and from Jones Bey (2975623), whose bare Hudson cite follows a
    # sentence about force on a prisoner and still counts there
    assert citation_only("See, e. g., Graham v. Connor, 490 U. S. 386, 394, n. 9 (1989); Malley v. Briggs, "
                         "475 U. S. 335, 340, n. 2 (1986).")
    assert citation_only("Hudson v. McMillian, 503 U.S. 1, 9-10 (1992).")
    assert not citation_only("C. Excessive Force The standards governing the use of excessive force are set out "
                             "in Whitley v. Albers, 475 U.S. 312 (1986).")


def test_bare_cite_after_a_sentence_about_the_right_still_counts(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "2975623")
    assert lab.rights == ("8A_excessive_force",)  # the gold label; not also the 1A claim discussed apart
