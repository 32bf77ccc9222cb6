"""Rules added in rules-1.20 (issue 10, per-right reading): a merits rule stated with its condition ("... do not violate
the First Amendment if: (1) ..."), the burden of proving a violation, and a conceded premise made the sentence's
subject ("That, at some later point, the length of his detention violated the Fourth Amendment does not ...") are not
merits holdings. Found by auditing every merits ruling outside QI that rules-1.19 stored for the corpus (10 rulings in
9 opinions; these 5 in 4 opinions were wrong). Every sentence is checked to be the stored opinion's."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_label_helpers import corpus_signals, cue_signals, stored_label

MERITS = ("violation:", "no_violation:")


@pytest.mark.parametrize(("cl_id", "sentence"), [
    ("149846", 'Retaliatory employment actions do not violate the First Amendment if: (1) the speech in question was '
               '"made pursuant to the employee\'s official duties,"'),
    ("1684778", "A warrantless entry and search by law enforcement officers does not violate the Fourth Amendment's "
                "protection against unreasonable searches and seizures if the officers have obtained the consent of "
                "a third party who possesses common authority over the premises or effects to be searched."),
    ("2464", "In all cases, the union bears the burden of establishing that the disputed assessments do not violate the "
             "dissenter’s First Amendment rights."),
    ("195464", "That, at some later point, the length of his detention violated the Fourth Amendment does not "
               "retroactively invalidate the prior lawful search or taint its results."),
])
def test_a_rule_a_burden_or_a_premise_is_no_merits_holding(corpus_dir: Path, cl_id: str, sentence: str) -> None:
    assert not {s for s in corpus_signals(corpus_dir, cl_id, sentence) if s.startswith(MERITS)}


@pytest.mark.parametrize("cl_id", ["149846", "1684778", "2464", "195464"])
def test_those_opinions_hold_nothing_on_the_merits(corpus_dir: Path, cl_id: str) -> None:
    assert stored_label(corpus_dir, cl_id).rulings == ()


@pytest.mark.parametrize(("cl_id", "right", "prong1"), [
    ("111397", "4A_excessive_force", "violation"),  # Tennessee v. Garner: the statute is unconstitutional insofar ...
    ("110128", "4A_unlawful_detention", "violation"),  # Brown v. Texas
])
def test_merits_holdings_still_read(corpus_dir: Path, cl_id: str, right: str, prong1: str) -> None:
    ruling = stored_label(corpus_dir, cl_id).ruling_for(right)
    assert ruling is not None and not ruling.qi_decided and ruling.prong1 == prong1


@pytest.mark.parametrize("sentence", [
    "We hold that the officers did not violate his Fourth Amendment rights, even if the entry was unusual.",
    "As noted above, the defendants did not violate Jones Bey’s constitutional rights; thus, they are entitled to "
    "qualified immunity.",
])
def test_a_holding_with_even_if_or_no_condition_still_counts(sentence: str) -> None:
    assert "no_violation:did_not_violate" in cue_signals(sentence)
