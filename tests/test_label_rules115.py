"""Rules added in rules-1.15 (issue 10, round 6).

A judge below told by pronoun: found when fresh batch-3 (docs/fresh-reading/batch-3, scored once on rules-1.14 and
now spent) read the District Judge's conclusion in Los Angeles County v. Rettele as the Supreme Court's prong-2
holding. The sentence is inlined here (fresh texts are not in the shared corpus), with its source: the
``html_lawbox`` field of ``brianwc/bulk_scotus`` at commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e, converted to
text by the annotator (docs/fresh-reading/batch-3/manifest.csv).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_label_helpers import corpus_signals, cue_signals

RETTELE = "Los Angeles County v. Rettele, 550 U.S. 609 (2007), bulk_scotus 2000s/2007/145728.json"


@pytest.mark.parametrize("sentence", [
    "He also concluded that, assuming a constitutional violation, the law was not clearly established.",
    "She held that the officers were entitled to qualified immunity.",
    "The judge further found that the law was not clearly established.",
])
def test_a_judge_below_told_by_pronoun_is_not_this_courts_ruling(sentence: str) -> None:
    assert not any(s.split(":")[0] in ("grant", "established", "not_established") for s in cue_signals(sentence)), RETTELE


def test_the_court_in_its_own_voice_still_rules() -> None:
    """The same conclusion in the court's own voice is read (the control for the test above)."""
    assert any(s.startswith("not_established:") for s in cue_signals(
        "We also conclude that, assuming a constitutional violation, the law was not clearly established."))


def test_rejecting_the_officials_argument_that_he_is_shielded_denies_qi(corpus_dir: Path) -> None:
    """Malley v. Briggs (scotus 111611): the Court rejects the officer's argument that he is shielded all the same; the
    sentence is a denial cue. (Malley's label is no longer a denial: its footnote 8 leaves the defense's application
    undecided, see test_label_rules142.py.)"""
    sentence = ("III We also reject petitioner's argument that if an officer is entitled to only qualified immunity in "
                "cases like this, he is nevertheless shielded from damages liability because the act of applying for a "
                "warrant is per se objectively reasonable, provided that the officer believes that the facts alleged in "
                "his affidavit are true.")
    assert "deny:shielded_argument_rejected" in corpus_signals(corpus_dir, "111611", sentence)
    assert "deny:shielded_argument_rejected" in cue_signals(
        "We also reject petitioner's argument that he is nevertheless shielded from damages liability because his "
        "conduct was per se objectively reasonable.")


@pytest.mark.parametrize("sentence", [
    # the plaintiff's argument that the official is NOT shielded, rejected: no denial
    "We reject respondent's argument that the officers are not shielded from damages liability.",
    # a court below rejecting it
    "The Court of Appeals rejected the argument that he was shielded from damages liability; we reject its view.",
])
def test_rejecting_another_argument_is_no_denial(sentence: str) -> None:
    assert "deny:shielded_argument_rejected" not in cue_signals(sentence)
