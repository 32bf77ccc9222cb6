"""Rules added in rules-1.16 (issue 10, round 7), from the errors the fourth reading's held half exposed once it had
been scored on rules-1.15 (docs/scotus-reading; that half is now spent): Saucier v. Katz read with prong 2 not reached,
Mitchell v. Forsyth and Carroll v. Carman with the right ``other``."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairwarning.labeler.context import _HEADING
from fairwarning.labeler.rules import describes_earlier_case
from test_label_helpers import corpus_signals, cue_signals


def test_it_cannot_be_said_there_was_a_clearly_established_rule_is_a_prong_2_holding(corpus_dir: Path) -> None:
    sentence = ("It cannot be said there was a clearly established rule that would prohibit using the force "
                "petitioner did to place respondent into the van to accomplish these objectives.")
    assert "not_established:law_not_established" in corpus_signals(corpus_dir, "118449", sentence)


@pytest.mark.parametrize("sentence", [
    "The question is whether it cannot be said there was a clearly established rule.",
    "If it cannot be said there was a clearly established rule, the officer is immune.",
])
def test_a_posed_cannot_be_said_is_no_holding(sentence: str) -> None:
    assert not any(s.startswith("not_established:") for s in cue_signals(sentence))


@pytest.mark.parametrize(("sentence", "heading"), [
    ("III 22 The case was presented to the Court of Appeals on the assumption that ...", True),
    ("II 7 The Court of Appeals ruled first that the right was clearly established.", True),
    ("III. The defendants appeal.", True),
    ("I 4 Respondent brought this action.", True),
    ("I Think this is not a heading.", False),  # a bare "I" needs a paragraph number after it
    ("In this case a citizen alleged excessive force was used to arrest him.", False),
])
def test_a_supreme_court_part_number_starts_a_section(sentence: str, heading: bool) -> None:
    """A Supreme Court text's part number with its paragraph number ends the previous section, so the sentences
    before it (Saucier's discussion of other Fourth Amendment doctrines) are not read as the QI ruling's claims."""
    assert bool(_HEADING.match(sentence)) is heading


@pytest.mark.parametrize(("sentence", "earlier"), [
    ("In Graham we noted that \"[o]ur Fourth Amendment jurisprudence has long recognized ...\"", True),
    ("In Graham v. Connor we held that all claims of excessive force are analyzed under the Fourth Amendment.", True),
    ("In this case we hold that the officer is entitled to qualified immunity.", False),
])
def test_in_case_we_noted_describes_an_earlier_case(sentence: str, earlier: bool) -> None:
    assert describes_earlier_case(sentence.lower()) is earlier
