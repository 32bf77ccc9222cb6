"""Rules added in rules-1.41 (issue 10): the corpus's Supreme Court opinions where both blind codings of
docs/scotus-reading agree against the labeler (not held out: both codings were read to find these).

- Pierson v. Ray, 386 U.S. 547 (1967), decides the officers' immunity under its name before Harlow: "the defense of
  good faith and probable cause" is held available to them under § 1983. Both codings: QI decided, granted.
- City and County of San Francisco v. Sheehan, 575 U.S. 600 (2015): "For instance, there is no doubt that the
  officers did not violate any federal right when they opened Sheehan's door the first time." illustrates the Court's
  reasoning on the second entry; both codings read no prong-1 ruling (prong 1 not reached, merits skipped).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairwarning.corpus.text import clean_text
from fairwarning.labeler import label_opinion
from fairwarning.labeler.core import _main_clause_amendment
from fairwarning.labeler.rules import QI_MENTION
from fairwarning.labeler.segment import collapse
from fairwarning.reference import taxonomy
from test_label_helpers import corpus_signals, cue_signals, stored_label, stored_text

PIERSON = "107411"
SHEEHAN = "2801435"
HOPE = "121169"


def test_pierson_decides_the_pre_harlow_defense(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, PIERSON)
    assert label.qi_decided and label.qi_outcome == "granted"
    assert (label.prong1, label.prong2, label.merits_skipped) == ("not_reached", "not_reached", False)
    assert label.rights == ("4A_false_arrest",)
    cited = [e.text for e in label.evidence if e.field == "qi_outcome"]
    assert any(t.startswith("We hold that the defense of good faith and probable cause") for t in cited)


def test_the_pre_harlow_defense_is_a_qi_mention() -> None:
    assert QI_MENTION.search("they could not assert the defense of *552 good faith and probable cause to an action")
    assert QI_MENTION.search("the defenses of good-faith and probable cause")
    # a criminal defendant's good-faith defense is not the officials' immunity
    assert not QI_MENTION.search("It was also unnecessary to a fair presentation of Urciuoli's good faith defense.")
    # nor is an "absolute and unqualified immunity" (Pierson's words for what police officers do not have)
    assert not QI_MENTION.search("The common law has never granted police officers an absolute and unqualified immunity")
    assert QI_MENTION.search("entitled to qualified immunity") and QI_MENTION.search("qualifiedly immune")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("We hold that the defense of good faith and probable cause, which the Court of Appeals found available to the "
     "officers in the common-law action for false arrest and imprisonment, is also available to them in the action "
     "under § 1983.", {"grant:good_faith_defense_available"}),
    # the question, not the answer
    ("We also granted the police officers' petition in No. 94 to determine if the Court of Appeals correctly held that "
     "they could not assert the defense of good faith and probable cause to an action under § 1983 for "
     "unconstitutional arrest.", set()),
])
def test_pierson_sentences(corpus_dir: Path, sentence: str, expected: set[str]) -> None:
    if expected:
        assert corpus_signals(corpus_dir, PIERSON, sentence) == expected
    else:
        assert not {s for s in cue_signals(sentence) if s.startswith(("grant:", "deny:"))}


def test_an_illustration_is_no_ruling(corpus_dir: Path) -> None:
    sentence = ("For instance, there is no doubt that the officers did not violate any federal right when they opened "
                "Sheehan’s door the first time.")
    assert corpus_signals(corpus_dir, SHEEHAN, sentence) == set()
    # the same words as the court's own statement still read
    assert "no_violation:did_not_violate" in cue_signals(sentence.removeprefix("For instance, ").capitalize())
    label = stored_label(corpus_dir, SHEEHAN)
    assert (label.qi_outcome, label.prong1, label.prong2, label.merits_skipped) == (
        "granted", "not_reached", "not_clearly_established", True)


def test_the_force_of_a_holding_is_no_force_on_a_prisoner(corpus_dir: Path) -> None:
    force = next(r for r in taxonomy.rights() if r.id == "8A_excessive_force")
    cue = next(c for c in force.cues if c.pattern.startswith(r"\bforce\b"))
    figurative = ("The fact that Gates found several forms of punishment impermissible does not, as respondents "
                  "suggest, lessen the force of its holding with respect to handcuffing inmates to cells or fences for "
                  "long periods of time.")
    assert collapse(figurative) in collapse(stored_text(corpus_dir, HOPE))
    assert not cue.regex.search(figurative)
    assert cue.regex.search("the officers used force against the inmates without provocation")
    assert cue.regex.search("the force of the blow knocked the inmate down")


AL_KIDD = "217703"


def test_a_holding_on_the_amendment_after_a_reason_is_on_all_its_claims(corpus_dir: Path) -> None:
    # Ashcroft v. al-Kidd: the opening reason names the arrest, the main clause rules on the Fourth Amendment claim,
    # the material-witness arrest and detention alike (both codings: 4A_false_arrest and 4A_unlawful_detention, prong 1
    # no violation, no merits skipped)
    sentence = ("Because al-Kidd concedes that individualized suspicion supported the issuance of the material-witness "
                "arrest warrant; and does not assert that his arrest would have been unconstitutional absent the "
                "alleged pretextual use of the warrant; we find no Fourth Amendment violation.")
    assert any(s.startswith("no_violation:") for s in corpus_signals(corpus_dir, AL_KIDD, sentence))
    label = stored_label(corpus_dir, AL_KIDD)
    assert label.rights == ("4A_false_arrest", "4A_unlawful_detention")
    assert (label.qi_outcome, label.prong1, label.prong2, label.merits_skipped) == (
        "granted", "no_violation", "not_clearly_established", False)
    assert {r.right: r.prong1 for r in label.rulings} == {"4A_false_arrest": "no_violation",
                                                          "4A_unlawful_detention": "no_violation"}


def test_a_main_clause_that_names_its_claim_keeps_it() -> None:
    rights = ("4A_excessive_force", "4A_false_arrest")
    assert _main_clause_amendment("Because the officers had probable cause, we find no Fourth Amendment violation.",
                                  rights) == list(rights)
    # the main clause names the claim: the rule stands aside
    assert _main_clause_amendment("Because he resisted, the force used did not violate the Fourth Amendment as "
                                  "excessive force.", rights) == []
    # no opening reason
    assert _main_clause_amendment("We find no Fourth Amendment violation.", rights) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # Taylor v. Riojas, 592 U.S. 7 (docs/fresh-reading/batch-11, spent): the Court endorses the Fifth Circuit's
    # violation holding, in the present tense
    ("The Court of Appeals for the Fifth Circuit properly held that such conditions of confinement violate the Eighth "
     "Amendment’s prohibition on cruel and unusual punish- ment.", {"violation:unconstitutional_conduct"}),
    ("The Fifth Circuit correctly held that the officers were entitled to qualified immunity.", {"grant:entitled"}),
    # told, not endorsed: the court below's holding stays the court below's
    ("The Fifth Circuit held that such conditions of confinement violate the Eighth Amendment.", set()),
    ("The Fifth Circuit held that the officers were entitled to qualified immunity.", set()),
    # endorsed, but a cited case's holding
    ("The Fifth Circuit correctly held in Smith v. Jones, 500 F.3d 1 (5th Cir. 2007), that the officers were entitled "
     "to qualified immunity.", set()),
])
def test_a_holding_below_the_court_endorses_is_its_own(sentence: str, expected: set[str]) -> None:
    assert cue_signals(sentence) == expected


def test_taylor_v_riojas_reads_the_endorsed_violation() -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading" / "batch-11" / "opinions" / "4582848.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    label = label_opinion(clean_text(obj["plain_text"]), court_id=obj["court"], date_decided=obj["date_filed"])
    assert (label.qi_outcome, label.prong1, label.prong2) == ("denied", "violation", "clearly_established")


FILARSKY = "798512"


def test_a_claim_stated_by_its_amendment_takes_the_one_right_the_facts_name(corpus_dir: Path) -> None:
    # Filarsky v. Delia: the claim is stated only as "his rights under the Fourth and Fourteenth Amendments" and the
    # ruling is on who may claim the immunity; the majority's facts tell an entry into the home (both codings:
    # 4A_unlawful_search). A citation parenthetical's "suit for malicious prosecution" is no fact of this case.
    label = stored_label(corpus_dir, FILARSKY)
    assert label.qi_outcome == "granted" and label.rights == ("4A_unlawful_search",)
    cited = [e.text for e in label.evidence if e.field == "rights"]
    assert cited and "enter Delia’s home" in cited[0]


def test_a_claim_told_with_claiming_is_no_holding() -> None:
    # Caniglia v. Strom, 593 U.S. 194 (docs/fresh-reading/batch-11, spent): the plaintiff's claim, not the Court's
    assert cue_signals("Petitioner sued, claiming that respondents violated the Fourth Amendment when they entered his "
                       "home and seized him and his firearms without a warrant.") == set()
    assert cue_signals("We conclude that respondents violated the Fourth Amendment when they entered his home.") != set()


@pytest.mark.parametrize(("cl_id", "qi_decided", "told"), [
    # Hegarty v. Somerset County: the court stays discovery pending the officers' appeal, deciding no QI
    ("195393", False, "The five officers have taken an immediate interlocutory appeal of the denial of qualified immunity."),
    # Harlow v. Fitzgerald: the collateral-order appeal of the denial, remanded under the new standard
    ("110763", False, "petitioners invoked the collateral order doctrine and appealed the denial of their immunity defense"),
    # Messerschmidt v. Millender: "X and Y appealed, and ... the District Court's denial of qualified immunity"
    ("623242", True, "Messerschmidt and Lawrence appealed"),
])
def test_an_officials_appeal_of_a_denial_is_interlocutory(corpus_dir: Path, cl_id: str, qi_decided: bool,
                                                          told: str) -> None:
    # both blind codings: interlocutory true, decided or not
    label = stored_label(corpus_dir, cl_id)
    assert label.qi_decided is qi_decided and label.interlocutory is True
    assert any(told in collapse(e.text) for e in label.evidence if e.field == "interlocutory")


def test_a_court_that_decides_no_qi_needs_the_appeal_of_a_denial_told() -> None:
    # Swint v. Chambers County Comm'n (docs/fresh-reading/batch-7, spent): "at this interlocutory stage" of the county
    # commission's appeal does not make it the officials' appeal of a denial (both coders: false)
    path = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading" / "batch-7" / "opinions" / "117906.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    label = label_opinion(clean_text(obj["plain_text"]), court_id=obj["court"], date_decided=obj["date_filed"])
    assert not label.qi_decided and label.interlocutory is False


def test_the_syllabus_of_a_decision_in_parts_is_not_the_court_opinion() -> None:
    # Ziglar v. Abbasi, 582 U.S. 120 (docs/fresh-reading/batch-11, spent): the syllabus's "JUSTICE KENNEDY delivered the
    # opinion of the Court, except as to Part IV–B, concluding: ..." runs on for pages with "Syllabus" heads; the
    # court's opinion starts at the header after them, and its prong-2 holding is read there, not in the syllabus
    from fairwarning.labeler.parts import court_spans

    path = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading" / "batch-11" / "opinions" / "4181057.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    text = clean_text(obj["plain_text"])
    start = court_spans(text)[0][0]
    assert text.index("concluding:") < start
    assert text[start:].startswith("JUSTICE KENNEDY delivered the opinion of the Court")
    label = label_opinion(text, court_id=obj["court"], date_decided=obj["date_filed"])
    assert (label.qi_outcome, label.prong2, label.merits_skipped) == ("granted", "not_clearly_established", True)
    spans = court_spans(text)
    assert all(any(a <= e.start < b for a, b in spans) for e in label.evidence if e.field != "published")
    assert any("cannot be clearly established" in e.text for e in label.evidence if e.field == "prong2")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Thus, the law respondents seek to invoke cannot be clearly established.", {"not_established:law_not_established"}),
    ("A right cannot be clearly established at a high level of generality.", set()),
    ("The law cannot be clearly established unless a controlling case exists.", set()),
])
def test_law_that_cannot_be_clearly_established(sentence: str, expected: set[str]) -> None:
    assert cue_signals(sentence) == expected
