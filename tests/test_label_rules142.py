"""Rules added in rules-1.42 and rules-1.43 (issue 10, round 15): third blind codings of the corpus opinions
(docs/scotus-reading/labels-third-coding.jsonl, docs/second-reading/third-coding/labels.jsonl, docs/third-reading/).

- Malley v. Briggs, 475 U.S. 335 (1986): the Court holds the trooper has only qualified immunity, defines its standard
  and rejects his argument that applying for a warrant is per se objectively reasonable, but footnote 8 leaves its
  application undecided ("The question is not presented to us, nor do we decide, whether petitioner's conduct in this
  case was in fact objectively reasonable. That issue must be resolved on remand."). Two of three blind codings read no
  QI decision (as all read Harlow v. Fitzgerald, which defined the standard and remanded its application).
- Hope v. Pelzer, 536 U.S. 730 (2002) (rules-1.43): after "the attachment of Hope to the hitching post ... violated the
  Eighth Amendment", the Court states the test it applied: "In making this determination in the context of prison
  conditions, we must ascertain whether the officials involved acted with "deliberate indifference" to the inmates'
  health or safety." All three blind codings have conditions of confinement; the labeler had read force only (from the
  Whitley citation in the ruling sentence).
- Context of opinions that decide no QI (rules-1.43): an opinion that names the defense only in a separate writing
  (Monell) gets its stage, officials and appellate posture from its court's opinion, as any opinion that mentions the
  defense does; a criminal court's ruling on a motion to suppress is stage "other" (Heien v. North Carolina; all three
  codings).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fairwarning.labeler import label_opinion
from test_label_helpers import corpus_signals, cue_signals, stored_label

MALLEY = "111611"
FOOTNOTE = ("[8] The question is not presented to us, nor do we decide, whether petitioner's conduct in this case was in "
            "fact objectively reasonable.")

#: a short opinion built on Malley's sentences: the argument for the defense rejected and the judgment affirmed
_REJECTED = ("Respondents sued petitioner, a state trooper, under 42 U. S. C. § 1983, alleging that he caused their false "
             "arrest. The District Court directed a verdict for petitioner. The Court of Appeals reversed. We affirm. "
             "We also reject petitioner's argument that if an officer is entitled to only qualified immunity in cases "
             "like this, he is nevertheless shielded from damages liability because the act of applying for a warrant is "
             "per se objectively reasonable. The judgment of the Court of Appeals is affirmed. It is so ordered.")


def test_malley_leaves_the_defense_undecided(corpus_dir: Path) -> None:
    assert "not_decided:application_not_decided" in corpus_signals(corpus_dir, MALLEY, FOOTNOTE)
    label = stored_label(corpus_dir, MALLEY)
    assert not label.qi_decided and label.qi_outcome is None and label.rights == ()
    cited = [e.text for e in label.evidence if e.field == "qi_decided"]
    assert any(t.startswith("[8] The question is not presented to us, nor do we decide") for t in cited), cited


def test_a_rejected_argument_denies_unless_the_application_is_left_undecided() -> None:
    """The control: without the footnote the same rejection is a denial; with it, no decision."""
    rejected = label_opinion(_REJECTED, court_id="scotus")
    assert (rejected.qi_decided, rejected.qi_outcome, rejected.rights) == (True, "denied", ("4A_false_arrest",))
    undecided = label_opinion(_REJECTED + " " + FOOTNOTE.replace("[8]", "[1]") + " That issue must be resolved on remand.",
                              court_id="scotus")
    assert (undecided.qi_decided, undecided.qi_outcome, undecided.rights) == (False, None, ())


def test_an_answered_qi_argument_also_yields_to_an_application_left_undecided() -> None:
    """The same for a defendant's QI argument answered in the next sentence ("We disagree."): a denial without the
    footnote, no decision with it."""
    text = ("Respondent sued the officers under 42 U. S. C. § 1983 for an unlawful search of his home. The District Court "
            "denied their motion for summary judgment. The officers further contend that they are entitled to qualified "
            "immunity. We disagree. The judgment of the Court of Appeals is affirmed.")
    note = (" [1] Nor do we decide whether the officers' conduct was objectively reasonable; that is for the District "
            "Court on remand.")
    assert (label_opinion(text, court_id="scotus").qi_outcome, label_opinion(text + note, court_id="scotus").qi_decided) \
        == ("denied", False)


def test_leaving_the_application_undecided_is_read_only_as_the_courts_own() -> None:
    assert "not_decided:application_not_decided" in cue_signals(
        "Nor do we decide whether the officers' conduct was objectively reasonable; that is for the District Court.")
    # a court below's reasoning, or a holding that it was reasonable, is no such statement
    assert "not_decided:application_not_decided" not in cue_signals(
        "We hold that the officer's conduct was objectively reasonable.")


HOPE = "121169"


def test_the_test_a_ruling_applies_names_its_right(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, HOPE)
    assert "8A_medical_or_conditions" in label.rights
    ruling = label.ruling_for("8A_medical_or_conditions")
    assert ruling is not None and (ruling.qi_outcome, ruling.prong1, ruling.prong2) == (
        "denied", "violation", "clearly_established")


def test_only_this_determination_right_after_a_merits_ruling_counts() -> None:
    from fairwarning.labeler.context import _ruling_tests
    from fairwarning.labeler.segment import split_sentences

    text = ("The officers violated the Eighth Amendment. In making this determination in the context of prison "
            "conditions, we ask whether they acted with deliberate indifference to the inmates' health. Other words "
            "follow here. In making this determination we look to the record.")
    sentences = split_sentences(text)
    assert _ruling_tests(sentences, [0]) == {1}  # the fourth sentence is three after the ruling
    assert _ruling_tests(sentences, []) == set()


MONELL = "109881"
HEIEN = "2760668"
SALAZAR_LIMON = "4162535"


def test_an_opinion_naming_qi_only_in_a_separate_writing_keeps_its_context(corpus_dir: Path) -> None:
    """Monell v. Department of Social Services names qualified immunity only in Justice Powell's concurrence: its court
    decides no QI, but the case's stage (cross-motions for summary judgment), officials and appellate posture are
    told as for any opinion that mentions the defense (all three blind codings: summary judgment, interlocutory false)."""
    label = stored_label(corpus_dir, MONELL)
    assert not label.qi_decided
    assert (label.stage, label.interlocutory) == ("summary_judgment", False)
    assert "other_state_or_local" in label.official_type
    cited = [e.text for e in label.evidence if e.field == "stage"]
    assert cited and "On cross-motions for summary judgment, the District Court" in cited[0]
    salazar = stored_label(corpus_dir, SALAZAR_LIMON)  # a denial of certiorari: the Court's own words are one line
    assert (salazar.qi_decided, salazar.interlocutory, salazar.official_type) == (False, False, ("police",))


def test_a_criminal_courts_suppression_ruling_is_stage_other(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, HEIEN)
    assert not label.qi_decided and label.stage == "other"


@pytest.mark.parametrize(("sentence", "other"), [
    ("Heien moved to suppress the evidence seized from the car.", True),
    ("The trial court denied the defendant's motion to suppress.", True),
    ("Heien pleaded guilty but reserved his right to appeal the suppression decision.", True),
    # a precedent's suppression hearing, quoted for the QI standard (Groh v. Ramirez quoting Malley), is no stage here
    ('"the same standard of objective reasonableness that we applied in the context of a suppression hearing in Leon '
     'defines the qualified immunity accorded an officer."', False),
])
def test_the_suppression_stage_cue(sentence: str, other: bool) -> None:
    from fairwarning.labeler.context import _STAGES

    assert bool(_STAGES["other"].search(sentence)) == other


@pytest.mark.parametrize(("cl_id", "officials"), [
    ("194753", ("other_state_or_local",)),  # O'Connor v. Steeves: the Board of Selectmen (a fire and police clause aside)
    ("150526", ("police",)),  # Kennedy v. Town of Billerica: the officers; the town is the municipality sued
    ("195323", ("other_state_or_local",)),  # Licari v. Ferruzzi: the building inspector, the planning board
])
def test_a_towns_officials_are_named_by_office_not_by_the_towns_name(corpus_dir: Path, cl_id: str,
                                                                      officials: tuple[str, ...]) -> None:
    """rules-1.43: "Town of X" names the municipality (a defendant, not an official; often only in a case name, "Darr
    v. Town of Telluride"), so it no longer marks local officials; selectmen, a planning board, a town planner and a
    building inspector do (all three blind codings of these opinions)."""
    assert stored_label(corpus_dir, cl_id).official_type == officials
    from fairwarning.reference import taxonomy

    other = next(o for o in taxonomy.official_types() if o.id == "other_state_or_local")
    assert not any(c.regex.search("See Darr v. Town of Telluride, 495 F.3d 1243") for c in other.cues)
    assert any(c.regex.search("the Board of Selectmen voted") for c in other.cues)
