"""Rules added in rules-1.11 (issue 10, round 2: the error classes of the spent held half of the second reading,
docs/labels-dev-split.md), on real sentences and whole opinions of the shared corpus:

- affirming a judgment (or summary judgment) for the plaintiffs is a violation holding, wherever it stands (the merits
  decided in another section than the QI passage);
- prong 2 read from "we cannot say that ... was 'clearly unconstitutional'" and from a quotation the court adopts by
  going on in its own words ("\\"... it can rarely be considered 'clearly established' ...,\\" at least where ...");
- a merits holding that names a claim's legal standard (deliberate indifference) instead of the claim is about the
  right whose standard it is, when the opinion has exactly one such right;
- a short-form pin cite without a comma ("Rutan, 497 U.S. at 75") and a case name cut off at an abbreviation are
  citations: a bare citation sentence names no right.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fairwarning.labeler.context import citation_only
from fairwarning.labeler.core import _standard_named
from fairwarning.labeler.rules import read_sentence
from fairwarning.labeler.segment import Sentence, collapse
from test_label_helpers import corpus_signals, stored_label

# (opinion, verbatim sentence, signals that must fire, signals that must not)
SENTENCES = [
    # Concepción Chaparro v. Ruiz-Hernández: the procedural due process violation, held in section II
    ("147782", "Plaintiffs satisfied all these conditions, and we affirm the district court's grant of summary "
     "judgment in their favor.", {"violation:affirm_judgment_for_plaintiffs"}, set()),
    # ... while the court below's ruling, described, is not this court's
    ("147782", "Existence of Procedural Due Process Rights The district court granted summary judgment for plaintiffs "
     "because it found as a matter of law that plaintiffs had a property interest under state law, which was "
     "cognizable under the due process clause, and that defendants deprived plaintiffs of that right without due "
     "process of law.", set(), {"violation:affirm_judgment_for_plaintiffs", "violation:deprived_without_process"}),
    # Stow v. Warden: the sentence that decides prong 2
    ("195294", "Thus, we cannot say that, when defendants applied their publishers only rule to Stow, the rule was "
     "\"clearly unconstitutional\" because it did not provide for the exceptions suggested by Stow or because Stow was "
     "unable to afford to buy particular materials not otherwise available in the prison library.",
     {"not_established:cannot_say_clearly_unconstitutional"}, set()),
    # ... and the question it answers, posed: no ruling
    ("195294", "The question for us, therefore, is not whether defendants' conduct was \"clearly constitutional, but "
     "whether it [was] clearly unconstitutional.\"", set(), {"not_established:cannot_say_clearly_unconstitutional"}),
    # O'Connor v. Steeves, footnote 11: the court adopts the quotation and qualifies it in its own words
    ("194753", "\"Because Pickering's constitutional rule turns upon a fact-intensive balancing test, it can rarely be "
     "considered 'clearly established' for purposes of the Harlow qualified immunity standard,\" at least where "
     "substantial disruption has been shown to exist as a basis for the discharge.",
     {"not_established:rarely_clearly_established"}, set()),
]


@pytest.mark.parametrize(("cl_id", "sentence", "present", "absent"), SENTENCES)
def test_sentence_cues(corpus_dir: Path, cl_id: str, sentence: str, present: set[str], absent: set[str]) -> None:
    got = corpus_signals(corpus_dir, cl_id, sentence)
    assert present <= got, got
    assert not absent & got, got


def test_a_leading_quote_another_court_is_said_to_have_held_is_not_adopted() -> None:
    # the same quotation, attributed to the court that wrote it: its words, not this court's
    text = ("\"Because Pickering's constitutional rule turns upon a fact-intensive balancing test, it can rarely be "
            "considered 'clearly established' for purposes of the Harlow qualified immunity standard,\" the Eighth "
            "Circuit held.")
    assert read_sentence(0, Sentence(0, len(text), text), appellate=True) == []


def test_a_leading_quote_gives_prong_two_only() -> None:
    # a quoted grant continued by the court is the earlier case's ruling (the words of 3449, quoted)
    text = "\"Officer Guttman was therefore entitled to qualified immunity,\" at least on those facts."
    assert read_sentence(0, Sentence(0, len(text), text), appellate=True) == []


def test_a_standard_names_its_right_only_when_one_right_has_it() -> None:
    # Escobar v. Reid (1403654): the medical-care claim fails on prong 1
    s = ("Because Plaintiffs allegations of deliberate indifference fail to state a constitutional claim, Defendants "
         "Wencl and Wermers are entitled to qualified immunity on this claim.")
    assert _standard_named(s, ("1A_retaliation", "8A_medical_or_conditions", "8A_excessive_force")) == [
        "8A_medical_or_conditions"]
    assert _standard_named(s, ("8A_medical_or_conditions", "14A_substantive_due_process")) == []
    assert _standard_named(s, ("4A_excessive_force",)) == []


def test_bare_citations() -> None:
    # Rodríguez-García v. Miranda-Marín (149044): a Rutan pin cite, the next case name cut at "Elec."
    assert citation_only("Rutan, 497 U.S. at 75; see also Morales-Tañon v. P.R. Elec.")
    assert citation_only("See, e. g., Graham v. Connor, 490 U. S. 386, 394 (1989).")
    assert not citation_only("The mayor transferred her because of her political affiliation, as in Rutan v. "
                             "Republican Party.")


def test_concepcion_chaparro_merits_decided_outside_the_qi_passage(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "147782")
    assert (lab.qi_outcome, lab.prong1, lab.prong2, lab.merits_skipped) == ("granted", "violation",
                                                                            "not_clearly_established", False)
    (ruling,) = lab.rulings
    assert ruling.right == "14A_procedural_due_process"
    assert [e.cue for e in ruling.evidence if e.field == "prong1"] == ["violation:affirm_judgment_for_plaintiffs"]


@pytest.mark.parametrize("cl_id", ["195294", "194753"])
def test_qi_granted_on_prong_two_without_reaching_the_merits(corpus_dir: Path, cl_id: str) -> None:
    # Stow v. Warden; O'Connor v. Steeves (the selectmen's grant, footnote 11)
    lab = stored_label(corpus_dir, cl_id)
    assert (lab.qi_outcome, lab.prong1, lab.prong2, lab.merits_skipped) == ("granted", "not_reached",
                                                                            "not_clearly_established", True)
    assert lab.evidence_for("prong2")


def test_escobar_medical_claim_is_mixed(corpus_dir: Path) -> None:
    lab = stored_label(corpus_dir, "1403654")
    rulings = {r.right: (r.qi_outcome, r.prong1, r.prong2) for r in lab.rulings}
    # the medical-care claim fails on prong 1 (Wencl, Wermers); the food-deprivation claim survives (Mora, Olivett)
    assert rulings["8A_medical_or_conditions"] == ("mixed", "mixed", "clearly_established")
    assert rulings["8A_excessive_force"] == ("mixed", "mixed", "clearly_established")
    # the opinion-level fields stay the dev label's
    assert (lab.qi_outcome, lab.prong1, lab.prong2, lab.merits_skipped) == ("mixed", "mixed", "clearly_established",
                                                                            False)


def test_rodriguez_garcia_bare_rutan_cite_is_no_right(corpus_dir: Path) -> None:
    assert stored_label(corpus_dir, "149044").rights == ("1A_retaliation",)


def test_what_a_judge_below_would_have_held_is_no_decision(corpus_db: Path) -> None:
    # City and County of San Francisco v. Sheehan (2801435): the dissent in the court of appeals
    text = "Dissenting in part, Judge Graber would have held that the officers were entitled to qualified immunity."
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    try:
        (stored,), = conn.execute("SELECT text FROM opinions WHERE court_id = 'scotus' AND case_name = ?",
                                  ("City and County of San Francisco v. Sheehan",))
    finally:
        conn.close()
    assert text in collapse(stored)
    assert read_sentence(0, Sentence(0, len(text), text), appellate=True) == []


def test_an_error_of_assuming_is_no_assumed_violation(corpus_dir: Path) -> None:
    # Ashcroft v. al-Kidd (217703): the Court faults the court below's reasoning; it assumes nothing
    got = corpus_signals(corpus_dir, "217703", "And the Court of Ap peals’ reference to those cases here makes the same error "
                   "of assuming that purpose is only disregarded when there is probable cause to suspect a violation "
                   "of law.")
    assert "p1_skipped:assume_violation" not in got
    lab = stored_label(corpus_dir, "217703")
    assert (lab.prong1, lab.prong2, lab.merits_skipped) == ("no_violation", "not_clearly_established", False)
