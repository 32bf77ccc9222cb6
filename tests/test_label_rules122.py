"""Rules added in rules-1.22 (issue 10, per-right reading): merits rulings outside QI, measured at recall 0.083 on the
corpus's per-right gold (docs/rulings-reading, spent for development after its first scoring).

- A QI opinion's merits holdings on a claim outside its QI rulings are read too (the claim against the town, a claim
  dismissed as stating no violation), but never from a sentence that names a claim a QI ruling decides.
- The standard no-violation formulas of particular claims are merits holdings: no violation "has occurred", conduct
  "not sufficiently conscience-shocking", officials "not deliberately indifferent", a confinement "neither an atypical
  nor a significant deprivation", a named constitutional claim that "must fail", a complaint that "fails to state a
  plausible claim". They are read only for merits rulings: in an opinion that mentions QI they make no QI ruling.
- A party's say-so or concession ("defendants say ...", "The government had in fact conceded that ...", "whose primary
  defense was that ...") is argument, not a holding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_label_helpers import corpus_signals, stored_label


@pytest.mark.parametrize(("cl_id", "right"), [
    ("150526", "14A_substantive_due_process"),  # Kennedy: "fell far short of showing conscience-shocking conduct"
    ("150526", "4A_false_arrest"),  # Kennedy: the grand jury found probable cause
    ("195138", "8A_medical_or_conditions"),  # Massey v. Rufo: not "deliberately indifferent"
    ("195323", "14A_procedural_due_process"),  # Licari: did not violate ... right to procedural due process
    ("195323", "14A_substantive_due_process"),  # Licari: not sufficiently "conscious-shocking"
    ("1947820", "14A_procedural_due_process"),  # Sullivan: neither an atypical nor a significant deprivation
    ("148334", "14A_substantive_due_process"),  # Rivera-Feliciano: their substantive due process claim must fail
])
def test_merits_rulings_outside_qi(corpus_dir: Path, cl_id: str, right: str) -> None:
    ruling = stored_label(corpus_dir, cl_id).ruling_for(right)
    assert ruling is not None and not ruling.qi_decided and ruling.prong1 == "no_violation"
    assert ruling.evidence


def test_a_qi_opinion_keeps_its_qi_rulings_and_adds_merits_ones(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, "195138")  # Massey v. Rufo
    assert label.qi_decided and label.qi_outcome == "granted"
    assert "8A_medical_or_conditions" not in label.rights  # the opinion-level rights are its QI rulings' only


def test_merits_only_cues_make_no_qi_ruling(corpus_dir: Path) -> None:
    """Licari v. Ferruzzi mentions QI only in describing Amsden v. Moran: its merits holdings stay merits rulings."""
    label = stored_label(corpus_dir, "195323")
    assert not label.qi_decided and all(not r.qi_decided for r in label.rulings)


def test_no_merits_ruling_from_a_sentence_about_a_qi_ruled_claim(corpus_dir: Path) -> None:
    """Raiche v. Pietroski: "the arrest was made at a reasonable time ..., but in an unreasonable manner (by the exercise
    of excessive force)" belongs to the excessive-force QI ruling; it is no false-arrest holding."""
    label = stored_label(corpus_dir, "177847")
    assert label.ruling_for("4A_excessive_force") is not None
    assert label.ruling_for("4A_false_arrest") is None


@pytest.mark.parametrize(("cl_id", "sentence"), [
    ("152284", "The government had in fact conceded that the items found in the houses must be suppressed because the "
               "affidavit filed in support of the search warrant application established probable cause to search only "
               "the garage."),
    ("150526", "Officer Tsoukalas never claimed bodily injury resulted when Mitchell shoved him; defendants say the "
               "instruction precluded the jury from finding that Mitchell committed battery on a police officer, and "
               "therefore that Officer Tsoukalas had probable cause to arrest Mitchell."),
    ("150526", "This instruction materially prejudiced defendants on Mitchell's false arrest claim against Officer "
               "Tsoukalas, whose primary defense was that he had probable cause to arrest Mitchell because Mitchell had "
               "committed an offensive battery against him."),
])
def test_a_partys_say_so_is_no_holding(corpus_dir: Path, cl_id: str, sentence: str) -> None:
    assert not {s for s in corpus_signals(corpus_dir, cl_id, sentence) if s.startswith(("violation:", "no_violation:"))}
