"""Rules added in rules-1.23 (issue 10, merits reading): merits holdings in corpus opinions that do not mention QI,
measured at recall 0.000 on a blind coding of 40 of them (docs/merits-reading); developed on its tuning half only.

- More standard no-violation formulas, read only for merits rulings: "We therefore reject the appellants' procedural
  due process claim", "the requirements of the Due Process Clause are satisfied", "Due process was observed", "the use
  of force ... was not constitutionally excessive", "the Fourteenth Amendment claim failed".
- A holding that names only a generic claim ("Due process was observed.") is about the claim of that family named last
  before it, or, failing that, the one claim whose standard the holding and the sentence before it speak of (notice
  and a hearing: procedural due process; force: the excessive-force claim the opinion names). Not for "the Fourth
  Amendment": its five claims are told apart by their facts (Heien keeps its one detention ruling).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_label_helpers import stored_label


@pytest.mark.parametrize(("cl_id", "right"), [
    ("182273", "14A_procedural_due_process"),  # URI Student Senate: "We therefore reject ... due process claim."
    ("176059", "14A_procedural_due_process"),  # Gagnon: "the requirements of the Due Process Clause are satisfied"
    ("2396574", "14A_procedural_due_process"),  # State v. Tyler: "... full opportunity to be heard ... Due process was observed."
    ("195310", "8A_excessive_force"),  # McClain v. Clark: "was not constitutionally excessive" (a prisoner's transport)
    ("885717", "14A_procedural_due_process"),  # State v. Phillips: "do not violate Phillips' constitutional rights to due process"
])
def test_merits_rulings_of_opinions_that_do_not_mention_qi(corpus_dir: Path, cl_id: str, right: str) -> None:
    label = stored_label(corpus_dir, cl_id)
    assert not label.qi_decided
    ruling = label.ruling_for(right)
    assert ruling is not None and not ruling.qi_decided and ruling.prong1 == "no_violation"


def test_the_fourth_amendment_family_is_not_guessed(corpus_dir: Path) -> None:
    """Heien v. North Carolina (scotus-recent): "neither has the officer violated the Fourth Amendment" names the
    family only; its ruling is the stop's (unlawful detention), and no search ruling is guessed from the last 4A claim
    named."""
    assert {r.right for r in stored_label(corpus_dir, "2760668").rulings} == {"4A_unlawful_detention"}
