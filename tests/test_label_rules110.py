"""Rules added in rules-1.10 (issue 10, from the tune half of the second reading, docs/labels-dev-split.md), on real
sentences and whole opinions of the shared corpus:

- a violation upheld on review of a verdict or of the record ("the evidence support[s] the jury's and the district
  court's determination that ..."), a use of force held unreasonable, "a constitutional violation occurred";
- what the jury found on another claim ("the jury could have concluded that the police had probable cause") is not
  this court's no-violation ruling;
- a due process claim held to fail on the merits in the past tense ("It therefore did not deny him due process of
  law."), with the right it is about read from the sentences before it;
- a quoted sentence that ends the court's sentence is read for prong 2 (a one-letter bracket "[I]t" kept);
- a prong-2 reason followed by the decision it explains ("Consequently, ...") is about the decision's right;
- a grant limited to conduct before a precedent was decided is a grant on prong 2;
- an Eighth Amendment claim that no Eighth Amendment right of the taxonomy covers is ``other``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fairwarning.labeler import label_opinion
from fairwarning.labeler.core import _GRANT_BEFORE_PRECEDENT
from fairwarning.labeler.rules import court_voice, read_sentence
from fairwarning.labeler.segment import Sentence, collapse
from test_label_helpers import corpus_signals, stored_label

# (opinion, verbatim sentence, signals that must fire, signals that must not)
SENTENCES = [
    # Raiche v. Pietroski: the court upholds the finding below (it names the district court, yet rules)
    ("177847", "In all, both the law and the evidence support the jury's and the district court's determination that "
     "Pietroski violated Raiche's Fourth Amendment right to be free from unreasonable seizures by employing excessive "
     "force against him.", {"violation:evidence_supports_violation"}, set()),
    ("177847", "Viewing the facts in the light most favorable to Raiche, as we must, we conclude that there is ample "
     "evidence to support the jury's finding that Pietroski's conduct was unreasonable under the circumstances and, "
     "therefore, that a constitutional violation occurred.",
     {"violation:evidence_supports_violation", "violation:violation_occurred"}, set()),
    ("177847", "Consequently, all of the Graham factors indicate that Pietroski's use of force was wholly "
     "unreasonable.", {"violation:force_unreasonable"}, set()),
    ("177847", "Coyne's testimony provided a clear framework for the jury -11- to assess Pietroski's use of force; "
     "applying this framework, a reasonable jury could easily conclude that the use of force should have ceased when "
     "Raiche stopped and pulled over in response to the cruiser's overhead lights.",
     {"violation:reasonable_factfinder_could_find"}, set()),
    # the jury's probable-cause finding on the false-arrest claim, told by the court: not a no-violation ruling
    ("177847", "Guided by Coyne's testimony that the use of a police cruiser's overhead lights signals a driver to "
     "pull over and stop, the jury could have concluded that the police had probable cause to believe Raiche failed "
     "to submit when he did not immediately pull over in response to the cruiser's overhead lights.",
     set(), {"no_violation:probable_cause_found"}),
    ("177847", "Given the overall state of the law at the time of Raiche's arrest and the violence of Pietroski's "
     "conduct, it was clearly unconstitutional for a police officer to apply the force that Pietroski did under the "
     "circumstances.", {"established:clearly_unconstitutional"}, set()),
    # Saucier v. Katz: a doubt, not a holding, and not the "use of force" phrase
    ("118449", "Though it is doubtful that the force used was excessive, we need not rest our conclusion on that "
     "determination.", set(), {"violation:force_unreasonable"}),
    # Gonsalves v. IRS: the procedural due process holding
    ("194558", "It therefore did not deny him due process of law.", {"no_violation:no_due_process_denied"}, set()),
    # Gilles v. Touchstone (D.D.C.): the rule, in the present tense, is not a holding about this case
    ("1626567", "An agency does not deny a driver due process by failing to show the driver a computer printout of "
     "his driver's record as long as the agency conducting the hearing informs the individual of the record before "
     "the agency and gives the individual an opportunity to contest the record before the agency.",
     set(), {"no_violation:no_due_process_denied"}),
    # Cortés-Reyes v. Salas-Quintana, footnote 13: the court's sentence, then the law's state in a precedent's words
    ("148836", "Having determined that the jury reasonably found that Salas-Quintana and Cabezudo were motivated by "
     "political animus when they fired the cadets, we need not tarry long over this claim. \"[I]t is clearly "
     "established, and was at the time of the events in question, that terminating a non-policy-making employee based "
     "on political affiliation violates the First Amendment.\"", {"established:law_established"}, set()),
]


@pytest.mark.parametrize(("cl_id", "sentence", "present", "absent"), SENTENCES)
def test_sentence_cues(corpus_dir: Path, cl_id: str, sentence: str, present: set[str], absent: set[str]) -> None:
    got = corpus_signals(corpus_dir, cl_id, sentence)
    assert present <= got, got
    assert not absent & got, got


def test_a_negated_use_of_force_is_no_violation_cue(corpus_db: Path) -> None:
    # verbatim from Tolan v. Cotton (2014): the court below's reasoning, negated
    tolan = "It reasoned that Cotton’s use of force was not unreasonable and therefore did not violate the Fourth Amendment."
    assert collapse(tolan) in collapse(_db_text(corpus_db, "Tolan v. Cotton"))
    got = {f"{h.cue.signal}:{h.cue.name}" for h in read_sentence(0, Sentence(0, len(tolan), tolan), appellate=True)}
    assert "violation:force_unreasonable" not in got


def _db_text(corpus_db: Path, case_name: str) -> str:
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    try:
        (text,), = conn.execute("SELECT text FROM opinions WHERE court_id = 'scotus' AND case_name = ?", (case_name,))
    finally:
        conn.close()
    return str(text)


def test_a_trailing_quote_gives_prong_two_only() -> None:
    # the trailing quotation of a grant is an earlier case's ruling on its own facts (the words of 3449, quoted)
    text = "We see no reason to go further. \"Officer Guttman was therefore entitled to qualified immunity.\""
    assert read_sentence(0, Sentence(0, len(text), text), appellate=True) == []


def test_one_letter_brackets_are_kept() -> None:
    assert court_voice("[I]t is clearly established") == "It is clearly established"
    assert court_voice("the plaintiff['s] rights [1]") == "the plaintiff rights"


def test_a_grant_before_a_precedent() -> None:
    # Rivera-Ruiz v. Gonzalez-Rivera (194476), footnote 2
    assert _GRANT_BEFORE_PRECEDENT.search("2. Of course, appellees remain entitled to qualified immunity with respect "
                                          "to any conduct that occurred prior to the Agosto-Feliciano and Rutan "
                                          "decisions.")
    assert not _GRANT_BEFORE_PRECEDENT.search("The officers are entitled to qualified immunity for their conduct.")


def test_raiche_violation_upheld_after_a_verdict(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "177847")
    assert (lab.qi_outcome, lab.prong1, lab.prong2, lab.merits_skipped) == ("denied", "violation",
                                                                            "clearly_established", False)
    assert lab.rights == ("4A_excessive_force",)
    # no prong-1 evidence from the jury's probable-cause finding on the other claim
    assert not [e for e in lab.evidence_for("prong1") if e.cue.startswith("no_violation")]


def test_cortes_reyes_mixed_by_claim(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "148836")
    rulings = {r.right: (r.qi_outcome, r.prong1, r.prong2, r.merits_skipped) for r in lab.rulings}
    assert rulings == {
        "14A_procedural_due_process": ("granted", "not_reached", "not_clearly_established", True),
        "political_discrimination": ("denied", "violation", "clearly_established", False),
    }
    # the dev convention (Melendez-Garcia, 180885): a right not reached does not make prong 1 mixed
    assert (lab.qi_outcome, lab.prong1, lab.prong2, lab.merits_skipped) == ("mixed", "violation", "mixed", True)


def test_gonsalves_merits_in_another_section(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "194558")
    rulings = {r.right: (r.prong1, r.prong2, r.merits_skipped) for r in lab.rulings}
    assert rulings == {
        "14A_procedural_due_process": ("no_violation", "not_reached", False),
        "14A_substantive_due_process": ("not_reached", "not_clearly_established", True),
    }
    pdp = next(r for r in lab.rulings if r.right == "14A_procedural_due_process")
    assert [e.text for e in pdp.evidence if e.field == "prong1"] == ["It therefore did not deny him due process of law."]


def test_rivera_ruiz_grant_before_the_precedent_is_prong_two(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "194476")
    assert (lab.qi_outcome, lab.prong1, lab.prong2, lab.merits_skipped) == ("mixed", "violation", "mixed", False)


def test_an_eighth_amendment_claim_with_no_right_is_other(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "4030802")  # Werner v. Wall: detention past the mandatory release date
    assert lab.rights == ("14A_procedural_due_process", "other")
    assert any("Eighth" in e.text for e in lab.evidence_for("rights") if e.cue == "right:other")


def test_a_fourth_amendment_claim_decided_below_is_not_other(corpus_db: Path) -> None:
    # Reichle v. Howards names the Fourth Amendment claim the court below decided; the rule is for the Eighth
    assert "other" not in label_opinion(_db_text(corpus_db, "Reichle v. Howards"), court_id="scotus").rights
