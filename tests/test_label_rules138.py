"""Rules added in rules-1.38 to rules-1.40 (issue 10), from fresh batch-12 (docs/fresh-reading: Supreme Court decisions of 2018-2026
that decide no QI defense, coded blind, scored once on rules-1.37, now spent).

Hernandez v. Mesa, 589 U.S. 93 (2020), is printed without its caption: its first pages tell the District Court's
dismissal, and the labeler took the opinion for a trial court's, so "the Court of Appeals had held that Agent Mesa was
entitled to qualified immunity" read as this court's grant. A Supreme Court or court-of-appeals id now wins over a
"district court" told in the first pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairwarning.corpus.text import clean_text
from fairwarning.labeler import label_opinion
from fairwarning.labeler.context import appellate_court
from test_label_helpers import corpus_signals, cue_signals

FRESH = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading"
HERNANDEZ_2020 = "9226104"


def _text(batch: str, cl_id: str) -> tuple[str, dict[str, str]]:
    path = FRESH / batch / "opinions" / f"{cl_id}.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    return clean_text(obj["plain_text"]), obj


def test_a_reviewing_courts_id_wins_over_a_district_court_in_the_facts() -> None:
    text, obj = _text("batch-12", HERNANDEZ_2020)
    assert "District Court" in text[:3000] and "Court of Appeals" not in text[:1500]
    assert appellate_court(text, "scotus")
    label = label_opinion(text, court_id=obj["court"], date_decided=obj["date_filed"])
    assert not label.qi_decided and label.interlocutory is False


def test_a_trial_court_without_a_reviewing_id_is_still_read_from_its_header() -> None:
    head = "UNITED STATES DISTRICT COURT FOR THE DISTRICT OF MASSACHUSETTS\n\nMEMORANDUM AND ORDER\n\n"
    assert not appellate_court(head + "The Court of Appeals has held ...", "mad")
    assert not appellate_court(head, None)


# rules-1.39: the evidence the new batch's labels cite, read as a lawyer reads a holding (after batch-11's scoring): a
# rule stated with its condition, the court's own earlier decision in the case, and a ruling after a "because" clause
# that names the court below

@pytest.mark.parametrize(("sentence", "signal"), [
    ("A right is not clearly established if existing precedent does not place the constitutional question “ ‘beyond "
     "debate.’ ” Ibid.", "not_established"),
    ("But if a reasonable officer might not have known that the conduct was unlawful, then the officer is entitled to "
     "qualified immunity.", "grant"),
    ("And we ultimately concluded that the officers were entitled to qualified immunity because their actions did not "
     "violate clearly established law under the lower reasonable-belief standard that some of our precedents had "
     "suggested applied here.", "grant"),
    ("Because the district court held that the officers were entitled to qualified immunity, it did not reach the "
     "merits.", "grant"),
])
def test_no_ruling_of_this_court(sentence: str, signal: str) -> None:
    assert not {s for s in cue_signals(sentence) if s.startswith(signal + ":")}


@pytest.mark.parametrize(("sentence", "signal"), [
    ("Because the Second Circuit failed to identify a case where an officer taking similar actions in similar "
     "circumstances “was held to have violated” the Constitution, Emmons, 586 U. S., at 43 (internal quotation marks "
     "omitted), Zorn was entitled to qualified immunity.", "grant:entitled"),
    # a concessive "whether or not" opening an adopted quotation stays the Court's conclusion (Carroll v. Carman)
    ("“But whether or not the constitutional rule applied by the court below was correct, it was not ‘beyond debate.’ ” "
     "Stanton v. Sims, 571 U. S. ___, ___ (2013) (per curiam) (slip op., at 8).", "not_established:not_beyond_debate"),
])
def test_rulings_still_read(sentence: str, signal: str) -> None:
    assert signal in cue_signals(sentence)


# rules-1.40: the merits holdings of the fresh opinions that decide no QI (docs/fresh-reading/merits-11-12, coded blind,
# scored once on rules-1.39): a party's claim told as "X's claim is that ...", and a prosecutor's finding of probable
# cause told in the history, are no holdings of the court
LOZMAN = "4285390"


def test_lozman_holds_nothing_on_the_merits() -> None:
    """Lozman v. Riviera Beach, 585 U.S. 87 (2018): the Court holds that Mt. Healthy governs the claim and remands; it
    decides neither whether the arrest violated the First Amendment nor the probable cause the State's attorney found."""
    text, obj = _text("batch-12", LOZMAN)
    label = label_opinion(text, court_id=obj["court"], date_decided=obj["date_filed"])
    assert not label.qi_decided and not label.rulings


@pytest.mark.parametrize(("sentence", "signal"), [
    ("Lozman’s claim is that, notwithstanding the presence of probable cause, his arrest at the city council meeting "
     "violated the First Amendment because the arrest was ordered in retaliation for his earlier, protected speech.",
     "violation"),
    ("Later, the State’s attorney determined there was probable cause to arrest Lozman for those offenses but decided "
     "to dismiss the charges.", "no_violation"),
])
def test_a_partys_claim_and_a_prosecutors_finding_are_no_holdings(sentence: str, signal: str) -> None:
    assert not {s for s in cue_signals(sentence) if s.startswith(signal + ":")}


def test_a_grand_jurys_finding_the_court_rests_on_is_still_its_holding(corpus_dir: Path) -> None:
    """Kennedy v. Town of Billerica (1st Cir.): "The district court properly directed a verdict ..., since a grand jury
    found there was probable cause to arrest them ...": the court's own no-violation ruling, resting on the finding."""
    signals = corpus_signals(corpus_dir, "150526", (
        "The district court properly directed a verdict on the claims made by Michelle and Brian Sr., since a grand "
        "jury found there was probable cause to arrest them in connection with this incident, disposing of their false "
        "arrest, malicious prosecution, and other derivative claims."))
    assert "no_violation:probable_cause_found" in signals
