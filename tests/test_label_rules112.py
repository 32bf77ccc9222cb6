"""Rules added in rules-1.12 (issue 10, round 3: Supreme Court phrasing, developed on the fresh set "fresh-1",
docs/labels-dev-split.md).

fresh-1's texts are not in the shared corpus, so these tests inline short verbatim sentences of those opinions, each
with the opinion it comes from and its source (/work/fresh-eval/manifest.csv: the ``html_lawbox`` field of
``brianwc/bulk_scotus`` at commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e, converted to text by the annotator).

- a description of the court below ("The court added that ...", "The court nevertheless concluded that ...") is not
  this court's ruling;
- prong 2 read from "no reasonable officer could believe ...", "any reasonable police officer would have known ...",
  "has demonstrated no violation of his clearly established constitutional rights";
- prong 1 read from "did not state a claim for violation of any rights" (even if the allegations are "accepted as
  true"), "the ... right ... is not violated by", "the search was unconstitutional"; "does not violate" is never a
  violation;
- "Even if we assumed, arguendo, that ..." assumes the merits; "should not have assumed, without deciding" does not;
- an opinion whose sentences decide the prongs but never state the decision: a violation of a clearly established
  right is a denial, no violation held in the qualified-immunity passage a grant.
"""

from __future__ import annotations

import pytest

from fairwarning.labeler.core import label_opinion
from test_label_helpers import cue_signals

# source ids: fresh-1 / manifest.csv (CourtListener opinion ids of brianwc/bulk_scotus)
GROH = "Groh v. Ramirez, 540 U.S. 551 (2004), bulk_scotus 2000s/2004/131161.json"
SIEGERT = "Siegert v. Gilley, 500 U.S. 226 (1991), bulk_scotus 1900s/1991/112594.json"
CONN = "Conn v. Gabbert, 526 U.S. 286 (1999), bulk_scotus 1900s/1999/118276.json"
DAVIS = "Davis v. Scherer, 468 U.S. 183 (1984), bulk_scotus 1900s/1984/111241.json"
HUNTER = "Hunter v. Bryant, 502 U.S. 224 (1991), bulk_scotus 1900s/1991/112671.json"

# (source, verbatim sentence, signals that must fire, signals that must not)
SENTENCES = [
    # the district court's and the court of appeals' rulings, described: not this Court's grant
    (GROH, "The court added that even if a constitutional violation occurred, the defendants were entitled to qualified "
     "immunity because the failure of the warrant to describe the objects of the search amounted to a mere "
     "\"typographical error.\"", set(), {"grant:entitled"}),
    (GROH, "The court nevertheless concluded that all of the officers except petitioner were protected by qualified "
     "immunity.", set(), {"grant:protected_by"}),
    # the violation, in this Court's words
    (GROH, "Because petitioner did not have in his possession a warrant particularly describing the things he intended "
     "to seize, proceeding with the search was clearly \"unreasonable\" under the Fourth Amendment.",
     {"violation:force_unreasonable"}, set()),
    (GROH, "The Court of Appeals correctly held that the search was unconstitutional.", {"violation:force_unreasonable"},
     set()),
    # prong 2: the right was clearly established
    (GROH, "Given that the particularity requirement is set forth in the text of the Constitution, no reasonable officer "
     "could believe that a warrant that plainly did not comply with that requirement was valid.",
     {"established:law_established"}, set()),
    (GROH, "No reasonable officer could claim to be unaware of the basic rule, well established by our cases, that, absent "
     "consent or exigency, a warrantless search of the home is presumptively unconstitutional.",
     {"established:law_established"}, set()),
    # prong 1: no violation, the allegations taken as true
    (SIEGERT, "The Court of Appeals relied on its \"heightened pleading standard,\" but we hold that petitioner's claim "
     "failed at an analytically earlier stage of the inquiry into qualified immunity: His allegations, even if accepted "
     "as true, did not state a claim for violation of any rights secured to him under the United States Constitution.",
     {"no_violation:fails_to_state_claim"}, set()),
    # criticising the court below for assuming is not assuming
    (SIEGERT, "We think the Court of Appeals should not have assumed, without deciding, this preliminary issue in this "
     "case, nor proceeded to examine the sufficiency of the allegations of malice.", set(), {"p1_skipped:assume_violation"}),
    # "does not violate" is no violation, never a violation
    (CONN, "We conclude *288 that such conduct by a prosecutor does not violate an attorney's Fourteenth Amendment right "
     "to practice his profession.", {"no_violation:did_not_violate"}, {"violation:violated_rights"}),
    (CONN, "We hold that the Fourteenth Amendment right to practice one's calling is not violated by the execution of a "
     "search warrant, whether calculated to annoy or even to prevent consultation with a grand jury witness.",
     {"no_violation:rights_not_violated"}, set()),
    # prong 2 in the court's agreement with the court below
    (DAVIS, "We conclude that the District Court correctly held that appellee has demonstrated no violation of his "
     "clearly established constitutional rights.", {"not_established:law_not_established"}, set()),
    # the merits assumed
    (HUNTER, "Even if we assumed, arguendo, that they (and the magistrate) erred in concluding that probable cause existed "
     "to arrest Bryant, the agents nevertheless would be entitled to qualified immunity because their decision was "
     "reasonable, even if mistaken.", {"p1_skipped:assume_violation"}, set()),
]


@pytest.mark.parametrize(("source", "sentence", "present", "absent"), SENTENCES)
def test_sentence_signals(source: str, sentence: str, present: set[str], absent: set[str]) -> None:
    got = cue_signals(sentence)
    assert present <= got, (source, got)
    assert not (absent & got), (source, got)


# whole passages: verbatim sentences of one opinion, in the opinion's order (its header, when the passage names a
# district court, so the reader knows the deciding court reviews another; the decisive sentences; the rest left out)
PASSAGES = [
    # the Court affirms the denial (violation, clearly established) without a sentence saying "not entitled"
    (GROH, [
        "CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT.",
        "The District Court entered summary judgment for all defendants.",
        "The court added that even if a constitutional violation occurred, the defendants were entitled to qualified "
        "immunity because the failure of the warrant to describe the objects of the search amounted to a mere "
        "\"typographical error.\"",
        "The court nevertheless concluded that all of the officers except petitioner were protected by qualified "
        "immunity.",
        "The Court of Appeals correctly held that the search was unconstitutional.",
        "III Having concluded that a constitutional violation occurred, we turn to the question whether petitioner is "
        "entitled to qualified immunity despite that violation.",
        "Given that the particularity requirement is set forth in the text of the Constitution, no reasonable officer "
        "could believe that a warrant that plainly did not comply with that requirement was valid.",
        "Accordingly, the judgment of the Court of Appeals is affirmed.",
    ], ("denied", "violation", "clearly_established", False)),
    # QI upheld at prong 1: no violation, prong 2 not reached
    (SIEGERT, [
        "We granted certiorari in this case to determine whether the United States Court of Appeals for the District of "
        "Columbia Circuit properly directed dismissal of petitioner's Bivens claim on the grounds that he had not "
        "overcome respondent's claim of qualified immunity.",
        "The Court of Appeals relied on its \"heightened pleading standard,\" but we hold that petitioner's claim failed "
        "at an analytically earlier stage of the inquiry into qualified immunity: His allegations, even if accepted as "
        "true, did not state a claim for violation of any rights secured to him under the United States Constitution.",
        "By a different line of reasoning, we reach the same conclusion, and the judgment of the Court of Appeals is "
        "therefore Affirmed.",
    ], ("granted", "no_violation", "not_reached", False)),
    (CONN, [
        "CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT",
        "Conn and Najera moved for summary judgment on the basis of qualified immunity, and the District Court granted "
        "the motion.",
        "We hold that the Fourteenth Amendment right to practice one's calling is not violated by the execution of a "
        "search warrant, whether calculated to annoy or even to prevent consultation with a grand jury witness.",
        "In so holding, we thus of course pretermit the question whether such a right was \"clearly established\" as of "
        "a given day.",
        "The judgment of the Court of Appeals holding to the contrary is therefore reversed.",
    ], ("granted", "no_violation", "not_reached", False)),
    # QI granted on prong 2 alone: the merits skipped
    (DAVIS, [
        "We conclude that the District Court correctly held that appellee has demonstrated no violation of his clearly "
        "established constitutional rights.",
        "Officials sued for constitutional violations do not lose their qualified immunity merely because their conduct "
        "violates some statutory or administrative provision.",
        "As appellee has made no such showing, the judgment of the Court of Appeals is reversed, and the case is "
        "remanded for proceedings consistent with this opinion.",
    ], ("granted", "not_reached", "not_clearly_established", True)),
    (HUNTER, [
        "ON PETITION FOR WRIT OF CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT Per Curiam.",
        "The court denied the agents' motion for summary judgment on qualified immunity grounds.",
        "These undisputed facts establish that the Secret Service agents are entitled to qualified immunity.",
        "Even if we assumed, arguendo, that they (and the magistrate) erred in concluding that probable cause existed "
        "to arrest Bryant, the agents nevertheless would be entitled to qualified immunity because their decision was "
        "reasonable, even if mistaken.",
        "The petition for a writ of certiorari is granted, the judgment of the Court of Appeals is reversed, and the case "
        "is remanded for further proceedings consistent with this opinion.",
    ], ("granted", "not_reached", "not_clearly_established", True)),
]


@pytest.mark.parametrize(("source", "sentences", "expected"), PASSAGES, ids=[p[0].split(",")[0] for p in PASSAGES])
def test_passage_fields(source: str, sentences: list[str], expected: tuple[str, str, str, bool]) -> None:
    label = label_opinion(" ".join(sentences), court_id="scotus")
    assert label.qi_decided, source
    assert (label.qi_outcome, label.prong1, label.prong2, label.merits_skipped) == expected, source


def test_no_violation_outside_a_qi_passage_decides_nothing() -> None:
    """A merits holding far from any qualified-immunity sentence, or beside the court's saying it does not reach
    qualified immunity, does not make the opinion a QI decision."""
    filler = ["The facts are set out in the complaint."] * 6
    far = label_opinion(" ".join(
        ["The defendants raised qualified immunity below."] + filler
        + ["We conclude *288 that such conduct by a prosecutor does not violate an attorney's Fourteenth Amendment "
           "right to practice his profession."]), court_id="scotus")
    assert not far.qi_decided
    declined = label_opinion(
        "We conclude *288 that such conduct by a prosecutor does not violate an attorney's Fourteenth Amendment right to "
        "practice his profession. Because the complaint was correctly dismissed, there is no reason to consider the "
        "subsidiary issues of qualified immunity and standards for injunctive relief.", court_id="scotus")
    assert not declined.qi_decided


JOHNSON = "Johnson v. Jones, 515 U.S. 304 (1995), bulk_scotus 1900s/1995/117950.json"


def test_right_from_the_claim_as_stated() -> None:
    """A ruling whose passage names no right (appealability) takes the right named where the claim is stated."""
    from fairwarning.labeler.context import _claims_stated, right_hits
    from fairwarning.labeler.segment import split_sentences

    text = ("Subsequently, Jones brought this \"constitutional tort\" action against five named policemen. Jones claimed "
            "that these policemen used excessive force when they arrested him and that they beat him at the station. "
            "The District Court denied the officers' summary judgment motion.")  # JOHNSON, verbatim
    sentences = split_sentences(text)
    assert _claims_stated(sentences, right_hits(text, sentences)) == {"4A_excessive_force"}


def test_pretrial_denial_under_review_is_interlocutory() -> None:
    sentences = PASSAGES[-1][1]  # HUNTER: "The court denied the agents' motion for summary judgment on qualified ..."
    assert label_opinion(" ".join(sentences), court_id="scotus").interlocutory is True
