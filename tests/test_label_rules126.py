"""Rules added in rules-1.26 and rules-1.27 (issue 10, round 12), from the spent fresh batches (docs/fresh-reading,
coded blind, each scored once on earlier rules).

rules-1.26: County of Sacramento v. Lewis, 523 U.S. 833, and Morse v. Frederick,
551 U.S. 393, review a qualified-immunity ruling and decide it on the merits alone: the Court holds there was no
violation and reverses, without a word on immunity near the holding. Both coders coded QI decided, granted, prong 1
no violation, prong 2 not reached; the labeler read no QI decision (Morse: a merits ruling only). The two opinions are
read whole from the repo's evaluation data (docs/fresh-reading: the ``html_lawbox`` field of ``brianwc/bulk_scotus`` at
commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e as the annotators transcribed it; fresh texts are not in the shared
corpus); the negative cases inline their sentences.

rules-1.27: a QI ruling that names no claim takes, of the rights discussed in its passage, those the claim is stated in
(Hunter v. Bryant: not a search told among the facts); a question put to the parties, and a "refusal to grant" QI, are
no posture of a grant (Swint v. Chambers County Comm'n)."""

from __future__ import annotations

import json
from pathlib import Path

from fairwarning.labeler import core, label_opinion
from fairwarning.labeler.model import Label

SACRAMENTO_HOLDING = (
    "Regardless whether Smith's behavior offended the reasonableness held up by tort law or the balance struck in law "
    "enforcement's own codes of sound practice, it does not shock the conscience, and petitioners are not called upon to "
    "answer for it under § 1983. The judgment below is accordingly reversed.")
MORSE_POSTURE = (
    "The District Court granted summary judgment for the school board and Morse, ruling that they were entitled to "
    "qualified immunity and that they had not infringed Frederick's First Amendment rights. The court further concluded "
    "that Frederick's *2624 right to display his banner was so \"clearly established\" that a reasonable principal in "
    "Morse's position would have understood that her actions were unconstitutional, and that Morse was therefore not "
    "entitled to qualified immunity.")
MORSE_HOLDING = (
    "We conclude that the school officials in this case did not violate the First Amendment by confiscating the "
    "pro-drug banner and suspending the student responsible for it.")


FRESH = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading"


def _fresh(batch: str, cl_id: str) -> Label:
    path = FRESH / batch / "opinions" / f"{cl_id}.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    return label_opinion(obj["plain_text"], court_id="scotus", date_decided=obj["date_filed"])


def test_a_qi_review_decided_on_no_violation_grants_qi() -> None:
    for batch, cl_id, right, first in [("batch-3", "118214", "14A_substantive_due_process", "Stat. § 1979"),
                                       ("batch-6", "145707", "1A_other", "The District Court g")]:
        label = _fresh(batch, cl_id)
        assert (label.qi_decided, label.qi_outcome, label.prong1, label.prong2, label.merits_skipped, label.rights) == (
            True, "granted", "no_violation", "not_reached", False, (right,)), cl_id
        assert label.confidence == "low" and label.interlocutory is False
        ruling = label.ruling_for(right)
        assert ruling is not None and ruling.qi_decided and ruling.qi_outcome == "granted"
        # its evidence: the ruling below under review (Sacramento's sentence carries its footnote's text), then the
        # Court's own holding
        assert ruling.evidence[0].text.startswith(first) and "qualified immunity" in ruling.evidence[0].text
        assert ruling.evidence[1].cue.startswith("no_violation:")
        assert len(label.rulings) == 1  # the merits ruling became the QI ruling; not both


def test_without_a_qi_ruling_below_a_no_violation_holding_decides_no_qi() -> None:
    """Only a review of this case's QI ruling makes the merits holding a QI decision: a defense merely raised, or a
    precedent's QI ruling described, does not."""
    filler = " ".join(["The facts are set out in the record."] * 8)
    raised = "The defendants raised qualified immunity below."
    precedent = ("In Pearson v. Callahan, the District Court granted summary judgment to the officers on qualified "
                 "immunity grounds, and we held that they were entitled to it.")
    for first in (raised, precedent):
        assert not label_opinion(" ".join([first, filler, MORSE_HOLDING]), court_id="scotus").qi_decided
    assert core._qi_posture(core._read(precedent, True)) is None


def test_regardless_whether_is_concessive_not_a_question() -> None:
    from test_label_helpers import cue_signals

    assert "no_violation:not_conscience_shocking" in cue_signals(SACRAMENTO_HOLDING.split(" The judgment")[0])
    # a posed question still reads as no holding
    assert "no_violation:not_conscience_shocking" not in cue_signals(
        "The question is whether the chase does not shock the conscience.")
    # the court below's own QI ruling, told without naming the district court
    assert core._BELOW_NOT_ENTITLED.search(MORSE_POSTURE.split("rights. ")[1])
    assert not core._BELOW_NOT_ENTITLED.search("We concluded that Morse was not entitled to qualified immunity.")


def test_a_ruling_that_names_no_claim_takes_the_claims_stated_not_a_fact() -> None:
    """Hunter v. Bryant, 502 U.S. 224: the claim is "arrest without probable cause"; "Bryant gave Hunter permission to
    search the apartment" is a fact on the way, not a search claim."""
    label = _fresh("batch-1", "112671")
    assert label.qi_decided and label.rights == ("4A_false_arrest",)


def test_a_question_put_to_the_parties_is_no_posture() -> None:
    """Swint v. Chambers County Comm'n, 514 U.S. 35: the Court's question about the individual officers' QI appeal
    below is not this case's QI ruling (the Court decides only the county commission's appeal), and a "refusal to
    grant" QI is no grant."""
    question = ("We then instructed the parties to file supplemental briefs addressing this question: Given the Eleventh "
                "Circuit's jurisdiction to review immediately the District Court's refusal to grant summary judgment for "
                "the individual defendants in response to their pleas of qualified immunity, did the Circuit Court also "
                "have jurisdiction to review at once the denial of the county commission's summary judgment motion?")
    assert not core._POSTURE_GRANT.search(question)
    assert not _fresh("batch-7", "117906").qi_decided
    assert core._POSTURE_GRANT.search("The District Court granted the officers qualified immunity.")
