"""Rules added in rules-1.4 to make the labeler generalize beyond the 22 development labels, each checked on
real sentences (opinion id + verbatim sentence, whitespace collapsed) from the shared corpus, and on whole
opinions where the rule is about the opinion as a whole.

Every sentence is first checked to occur in the stored text of its opinion, so the table cannot drift into
invented examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fairwarning.labeler.context import stage_of
from fairwarning.labeler.core import _APPEAL_OF_DENIAL, _PRETRIAL_DENIAL_DISPOSED
from fairwarning.labeler.rules import read_sentence
from fairwarning.labeler.segment import Sentence, collapse, split_sentences
from fairwarning.reference.taxonomy import official_types
from test_label_helpers import corpus_signals, stored_label, stored_text


def _real(corpus_dir: Path, cl_id: str, sentence: str) -> Sentence:
    assert collapse(sentence) in collapse(stored_text(corpus_dir, cl_id)), f"not a sentence of opinion {cl_id}"
    return Sentence(0, len(sentence), collapse(sentence))


# (opinion, sentence, cue that must fire or None, cue that must NOT fire or None)
SENTENCE_CUES = [
    # prong 2 phrased in the perfect tense, or as the absence of a clearly established right
    ("194558", 'In the absence of any cases expressly recognizing a liberty interest in freedom from harassment by '
     'government officials, we must conclude that the right has not been "clearly established."',
     "not_established:law_not_established", None),
    ("194682", "In the absence of a clearly established right on the part of public employees even civil servants "
     "to engage in politics without fear of demotion, the irresistible conclusion is that the instant defendants "
     "are entitled to don the cloak of qualified immunity.", "not_established:law_not_established", None),
    # a burden statement is not a finding that the law was clearly established
    ("148836", "It was the plaintiffs' burden to demonstrate that the law was clearly established in early 2002, "
     "when the termination took place.", None, "established:law_established"),
    # a party's argument phrased with a participle ("contending that ...") is not the court's finding
    ("194682", "Asserting that she had been constructively discharged, or, alternatively, demoted because of her "
     "exercise of First Amendment rights, and contending that the adverse personnel actions undertaken at "
     "defendants' direction deprived her of property without due process of law, appellant brought suit under "
     "42 U.S.C. 1983 (1988).", None, "violation:deprived_without_process"),
    # not deciding the measure of damages for a violation is not skipping prong 1
    ("147782", "We need not determine whether this is the appropriate measure of damages for a procedural due "
     "process violation; it is enough that the Municipality has never challenged it.",
     None, "p1_skipped:need_not_decide_violation"),
    # the court adopting the ruling below as its own is a ruling, even with a footnote number glued to "As"
    ("194753", "11As the district court determined, however, O'Connor's claims against the Selectmen must be "
     "dismissed on the ground of qualified immunity.", "grant:entitled_to_dismissal_on_qi", None),
    # ... but not reaching the merits because qualified immunity disposes of the claim is
    ("148836", "We need not reach the merits of this property interest argument because the defendants were "
     "entitled to qualified immunity from suit on the due process claim.",
     "p1_skipped:need_not_decide_violation", None),
]


@pytest.mark.parametrize(("cl_id", "sentence", "fires", "silent"), SENTENCE_CUES)
def test_sentence_cues(cl_id: str, sentence: str, fires: str | None, silent: str | None, corpus_dir: Path) -> None:
    got = corpus_signals(corpus_dir, cl_id, sentence)
    if fires:
        assert fires in got, got
    if silent:
        assert silent not in got, got


def test_reasonable_factfinder_with_an_intervening_clause(corpus_dir: Path) -> None:
    from fairwarning.labeler.cues import CUES

    cue = next(c for c in CUES if c.name == "reasonable_factfinder_could_find")
    s = _real(corpus_dir, "194682", "On this scumbled record, a reasonable factfinder, drawing inferences favorable "
              "to appellant and making credibility determinations in her favor, could easily conclude that the "
              "defendants acted out of discriminatory animus.")
    assert cue.pattern.search(s.text.lower())


# (opinion, sentence, pattern, should match)
INTERLOCUTORY = [
    ("194795", "In this appeal, defendant-appellant Arthur Morgan, Jr. (\"Morgan\") challenges the district court's "
     "ruling that he was not entitled to qualified immunity.", _APPEAL_OF_DENIAL, True),
    ("194795", "CONCLUSION Because the district court correctly ruled that Morgan's entitlement to qualified immunity "
     "cannot be decided prior to trial, we affirm its denial of Morgan's motion for summary judgment.",
     _PRETRIAL_DENIAL_DISPOSED, True),
    # an appeal from a judgment after trial disposes of post-trial motions, not of a pretrial denial
    ("177847", "For the reasons set forth above, we affirm the district court's denial of Pietroski's post-trial "
     "motion for judgment as a matter of law and motion for a new trial.", _PRETRIAL_DENIAL_DISPOSED, False),
]


@pytest.mark.parametrize(("cl_id", "sentence", "rx", "matches"), INTERLOCUTORY)
def test_interlocutory_cues(cl_id: str, sentence: str, rx, matches: bool, corpus_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert bool(rx.search(_real(corpus_dir, cl_id, sentence).text)) is matches


def test_passive_dismissal_of_the_complaint_is_motion_to_dismiss_stage(corpus_dir: Path) -> None:
    s = _real(corpus_dir, "151292", "Because the complaint was correctly dismissed, there is no reason to consider "
              "the subsidiary issues of qualified immunity and standards for injunctive relief.")
    text = s.text
    stage, ev = stage_of(text, split_sentences(text), [0])
    assert stage == "motion_to_dismiss" and ev


def test_law_school_repository_credit_is_not_a_school_official(corpus_dir: Path) -> None:
    s = _real(corpus_dir, "3038940", "For more information, please contact Benjamin.Carlson@law.villanova.edu.")
    assert s  # the credit line is in the text
    credit = "Opinions of the United States Court of Appeals for the Third Circuit at Villanova University School of Law"
    assert collapse(credit) in collapse(stored_text(corpus_dir, "3038940"))
    school = next(o for o in official_types() if o.id == "school")
    assert not any(c.regex.search(credit) for c in school.cues)
    assert any(c.regex.search("the University of Puerto Rico") for c in school.cues)


def test_a_footnote_number_after_the_period_ends_the_sentence(corpus_dir: Path) -> None:
    text = stored_text(corpus_dir, "180885")
    ruling = "For all these reasons, we affirm the grant of qualified immunity on the due process claim.10"
    assert any(s.text == ruling for s in split_sentences(text))


# whole opinions: (opinion, field, expected value)
OPINIONS = [
    # the QI ruling names the substantive due process claim; the procedural due process claims are held to fail on
    # the merits in another section ("It therefore did not deny him due process of law."): both rights, each with its
    # own ruling (rules-1.10; until rules-1.9 this row expected the substantive right alone, the merits holding unread)
    ("194558", "rights", ["14A_procedural_due_process", "14A_substantive_due_process"]),
    ("194558", "prong1", "no_violation"),
    ("194558", "merits_skipped", True),
    # the ruling names the excessive force claim; the false-arrest claim the jury rejected is not in the QI ruling
    ("177847", "rights", ["4A_excessive_force"]),
    # "the due process claim" in a ruling sentence keeps either due-process right (dev label of 180885)
    ("180885", "rights", ["14A_substantive_due_process", "14A_equal_protection"]),
    # a public employee's speech claim weighed under Pickering is a retaliation claim (O'Connor v. Steeves); its political
    # discharge claim was decided for the Town on the merits, a merits ruling and no QI right (rules-1.25; the second
    # reading and the per-right reading code it so)
    ("194753", "rights", ["1A_retaliation"]),
    # affirming the denial of the officer's summary-judgment motion on qualified immunity: an interlocutory appeal
    ("194795", "interlocutory", True),
    # QI granted on the due process claim without reaching its merits, denied on the political discrimination
    # claim (a footnote rejecting the argument) where the jury's violation finding stands: mixed, violation,
    # and the merits were skipped for the grant
    ("148836", "qi_outcome", "mixed"),
    ("148836", "merits_skipped", True),
    ("148836", "prong1", "violation"),
    # remedy question not reached is not a prong-1 skip
    ("147782", "prong2", "not_clearly_established"),
]


@pytest.mark.parametrize(("cl_id", "field", "expected"), OPINIONS)
def test_whole_opinions(cl_id: str, field: str, expected: object, corpus_dir: Path) -> None:
    assert stored_label(corpus_dir, cl_id).fields()[field] == expected


# a defendant's QI argument answered by the court in the next sentences: (opinion, argument, answer)
ARGUMENT_AND_ANSWER = [
    ("149044", "Defendants further contend that the mayor is entitled to qualified immunity because he did not cause "
     "any violation of a constitutional right.",
     "As discussed above, ample evidence supports a jury finding to the contrary on both of these points."),
    ("148836", "The defendants also argue that they were entitled to qualified immunity from suit on the political "
     "discrimination claim.",
     "They provide no support for that argument, beyond the claim that the evidence was \"insufficient to "
     "establish Plaintiffs' prima facie case.\""),
]


@pytest.mark.parametrize(("cl_id", "argument", "answer"), ARGUMENT_AND_ANSWER)
def test_a_rejected_qi_argument_is_a_denial(cl_id: str, argument: str, answer: str, corpus_dir: Path) -> None:
    from fairwarning.labeler.cues import ARGUMENT_REJECTED, QI_CLAIMED

    assert QI_CLAIMED.search(_real(corpus_dir, cl_id, argument).text)
    assert ARGUMENT_REJECTED.pattern.search(_real(corpus_dir, cl_id, answer).text)
    assert not read_sentence(0, _real(corpus_dir, cl_id, argument), appellate=True)  # alone, an argument rules nothing
    lab = stored_label(corpus_dir, cl_id)
    assert lab.qi_decided and lab.qi_outcome in ("denied", "mixed")
    cited = {e.text for e in lab.evidence_for("qi_outcome") if e.cue == "deny:qi_argument_rejected"}
    # stored sentences may carry a footnote number or page-break text around the quoted words
    assert any(collapse(argument) in c for c in cited) and any(collapse(answer)[:60] in c for c in cited)


def test_an_argument_the_court_then_analyses_is_not_a_rejection(corpus_dir: Path) -> None:
    """Raiche v. Pietroski: "Pietroski argues that he is entitled to qualified immunity ..." is followed by the
    prong analysis, not by a rejection; the denial comes from the court's own holding."""
    lab = stored_label(corpus_dir, "177847")
    assert lab.qi_outcome == "denied"
    assert not [e for e in lab.evidence if e.cue == "deny:qi_argument_rejected"]
