"""Rules added in rules-1.14 (issue 10, round 5): the pre-Harlow wording of a prong-2 holding, and a case disposed
of on immunity grounds that leaves the constitutional right undecided.

Found on the fresh Supreme Court sets (docs/fresh-reading/batch-1 and batch-2, now the development set): Procunier v.
Navarette came out "granted" with prong 2 not reached and merits_skipped false. The sentences are inlined here
(fresh texts are not in the shared corpus), with their source: the ``html_lawbox`` field of ``brianwc/bulk_scotus``
at commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e, converted to text by the annotator
(docs/fresh-reading/batch-2/manifest.csv).
"""

from __future__ import annotations

import pytest

from fairwarning.labeler import Label, label_opinion
from test_label_helpers import cue_signals

NAVARETTE = "Procunier v. Navarette, 434 U.S. 555 (1978), bulk_scotus 1900s/1978/109776.json"



def test_there_was_no_clearly_established_right_is_a_prong_2_holding() -> None:
    sentence = ("Whether the state of the law is evaluated by reference to the opinions of this Court, of the Courts "
                "of Appeals, or of the local District Court, there was no \"clearly established\" First and Fourteenth "
                "Amendment right with respect to the correspondence of convicted prisoners in 1971-1972.")
    assert "not_established:law_not_established" in cue_signals(sentence), NAVARETTE


@pytest.mark.parametrize("sentence", [
    # a condition, not a holding
    "The officers are immune if there was no clearly established right to be free from such a search.",
    # the question, not the answer
    "The question is whether there was no clearly established law on the point.",
])
def test_a_condition_or_question_is_not_a_prong_2_holding(sentence: str) -> None:
    assert "not_established:law_not_established" not in cue_signals(sentence)


def test_disposed_of_on_immunity_grounds_leaves_the_right_undecided() -> None:
    sentence = ("Because of the disposition of this case on immunity grounds, we do not address petitioners' other "
                "submissions: that § 1983 does not afford a remedy for negligent deprivation of constitutional rights "
                "and that state prisoners have no First and Fourteenth Amendment rights in their outgoing mail.")
    assert "p1_skipped:need_not_decide_violation" in cue_signals(sentence), NAVARETTE


def test_declining_a_remedy_question_on_immunity_grounds_is_not_a_skipped_merits_ruling() -> None:
    sentence = ("Because of the disposition of this case on immunity grounds, we do not address the amount of "
                "attorney's fees awarded below.")
    assert not any(s.startswith("p1_skipped:") for s in cue_signals(sentence))


@pytest.mark.parametrize("sentence", [
    "Whether the officers violated the Fourth Amendment or not, the question is if the law was not clearly established.",
    "Whether the right was clearly established or not is the question we must answer first; we do not reach it.",
])
def test_a_concessive_clause_does_not_unmask_a_posed_question(sentence: str) -> None:
    """Only the concessive clause is set aside: a later "if"/"whether" still poses, and "A or not is the question"
    (no comma closing the clause) is no concessive clause."""
    assert not any(s.split(":")[0] in ("established", "not_established") for s in cue_signals(sentence))


# ---- the court's question on QI's availability, answered elliptically in the next sentence ----------------------

WYATT = "Wyatt v. Cole, 504 U.S. 158 (1992), bulk_scotus 1900s/1992/112733.json"
RICHARDSON = "Richardson v. McKnight, 521 U.S. 399 (1997), bulk_scotus 1900s/1997/118137.json"


def _label(text: str) -> Label:
    return label_opinion(text, court_id="scotus")


def test_an_elliptical_answer_to_the_qi_question_denies_qi() -> None:
    text = ("Justice O'Connor, delivered the opinion of the Court.\n\nIn Lugar v. Edmondson Oil Co., 457 U. S. 922 "
            "(1982), we left open the question whether private defendants charged with 42 U. S. C. § 1983 liability "
            "for invoking state replevin, garnishment, and attachment statutes later declared unconstitutional are "
            "entitled to qualified immunity from suit. 457 U. S., at 942, n. 23. We now hold that they are not.\n")
    label = _label(text)
    assert label.qi_decided and label.qi_outcome == "denied", WYATT
    assert any(e.text == "We now hold that they are not." for e in label.evidence if e.field == "qi_decided")


def test_the_issue_before_us_answered_we_hold_that_they_are_not() -> None:
    text = ("Justice Breyer delivered the opinion of the Court.\n\nThe issue before us is whether prison guards who "
            "are employees of a private prison management firm are entitled to a qualified immunity from suit by "
            "prisoners charging a violation of 42 U. S. C. § 1983. We hold that they are not.\n")
    label = _label(text)
    assert label.qi_decided and label.qi_outcome == "denied", RICHARDSON


def test_an_affirmative_elliptical_answer_grants() -> None:
    text = ("The question presented is whether the county's building inspectors are entitled to qualified immunity "
            "for the inspection. We hold that they are.\n")
    label = _label(text)
    assert label.qi_decided and label.qi_outcome == "granted"


@pytest.mark.parametrize("text", [
    # the answer is not the next sentence: another sentence intervenes
    "The question is whether the officers are entitled to qualified immunity. The facts are disputed. We hold that "
    "they are not.\n",
    # the "answer" is about something else: no question on qualified immunity before it
    "The question is whether the officers had probable cause to arrest. We hold that they did not.\n",
])
def test_no_elliptical_answer_without_the_question_just_before(text: str) -> None:
    assert not any(e.cue.startswith(("deny:qi_question", "grant:qi_question")) for e in _label(text).evidence)


def test_an_immediately_appealable_immunity_describes_the_defense_not_this_appeal() -> None:
    """"the objectively determined, immediately appealable immunity from suit" (Wyatt v. Cole, n. 2) describes the
    defense; the appeal from a final judgment for the defendants is not interlocutory."""
    from fairwarning.labeler.core import _INTERLOCUTORY
    sentence = ("In neither case, however, is it appropriate to make the dissent's leap: that because these common law "
                "torts partially included an objective component—probable cause—private defendants sued under § 1983 "
                "should be entitled to the objectively determined, immediately appealable immunity from suit accorded "
                "certain government officials under Harlow.")
    text = ("The question is whether private defendants are entitled to qualified immunity. We hold that they are "
            "not. " + sentence + "\n")
    label = _label(text)
    assert _INTERLOCUTORY.search(sentence), WYATT
    assert label.qi_decided and label.interlocutory is False, WYATT


# ---- the Supreme Court's disposition of the court of appeals' judgment, with the posture it reviews --------------

ELDER = "Elder v. Holloway, 510 U.S. 510 (1994), bulk_scotus 1900s/1994/112933.json"
BEHRENS = "Behrens v. Pelletier, 516 U.S. 299 (1996), bulk_scotus 1900s/1996/117996.json"


def test_reversing_the_court_of_appeals_judgment_on_a_narrated_grant_denies() -> None:
    """The grant below, narrated, and "the judgment of the Court of Appeals is reversed": reversing a grant = denied
    (the schema), low confidence (from the posture)."""
    text = ("Supreme Court of United States.\n\nCERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT."
            "\n\nJustice Ginsburg delivered the opinion of the Court.\n\nThe officers moved for summary judgment on the "
            "basis of qualified immunity. The District Court accordingly granted summary judgment for the officers "
            "on qualified immunity grounds. The Court of Appeals affirmed. We express no opinion on that ultimate "
            "issue, nor do we consider whether the officers' alternate plea of exigent circumstances is tenable. For "
            "the reasons stated, the judgment of the Court of Appeals is reversed, and the case is remanded for "
            "further proceedings consistent with this opinion.\n")
    label = _label(text)
    assert label.qi_decided and label.qi_outcome == "denied", ELDER
    assert label.confidence == "low"


def test_a_district_court_ruling_told_inside_a_precedent_is_not_the_posture() -> None:
    """A Supreme Court opinion on appellate jurisdiction quotes other courts' rulings on qualified immunity; reversing
    the court of appeals' jurisdictional dismissal decides no immunity."""
    text = ("Supreme Court of United States.\n\nCERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT."
            "\n\nJustice Scalia delivered the opinion of the Court.\n\nThe question presented is whether a defendant's "
            "second appeal on qualified immunity is allowed. In an unpublished order, the Ninth Circuit dismissed the "
            "appeal \"for lack of jurisdiction.\" That is the reasoning the First Circuit adopted in holding that "
            "denial of a motion to dismiss on absolute-immunity grounds was not \"final\" where the defendant had "
            "stated that, if unsuccessful, he would later seek summary judgment on qualified-immunity grounds: "
            "\"Since the district court has not yet determined whether [the defendant] has qualified immunity, and "
            "that he will have to stand trial, its order is not final.\" That is the task now facing the Court of "
            "Appeals in this case. The judgment of the Court of Appeals is reversed, and the case is remanded for "
            "proceedings consistent with this opinion.\n")
    assert not _label(text).qi_decided, BEHRENS


def test_a_precedent_s_holding_is_not_the_posture() -> None:
    from fairwarning.labeler.core import _POSTURE_DENY
    # (rules-1.18: the posture regexes want "the district court", so the precedent's "a district court's denial" no
    # longer matches them at all; the sentence says "the district court's" to keep testing the earlier-case skip)
    sentence = ("In Mitchell v. Forsyth, we held that the district court's denial of a claim of qualified immunity, to "
                "the extent that it turns on an issue of law, is an appealable final decision.")
    text = ("The officers raised qualified immunity as a defense. " + sentence + " We therefore reverse.\n")
    assert _POSTURE_DENY.search(sentence)
    from fairwarning.labeler.core import _derived_outcome, _read
    assert _derived_outcome(_read(text, appellate=True)) == (None, [])
