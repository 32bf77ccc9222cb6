"""Rules added in rules-1.25 (issue 10): O'Connor v. Steeves (1st Cir. 1993) was listed under political discrimination
as "QI granted, merits not reached". The court decided that claim for the Town on the merits ("political affiliation
was an appropriate requirement for the Superintendent position"); its QI ruling concerned the Pickering claim. A town
has no qualified immunity, so:

- a ruling sentence that names no claim is not attributed to the claim named in the sentence before it when that
  sentence disposes of the claim for the town ("... we affirm the grant of summary judgment for the Town on O'Connor's
  political discharge claim. The judgment dismissing all claims against the individual defendants on the grounds of
  qualified immunity is likewise affirmed.");
- a claim with no ruling sentence of its own, named only where it is disposed of for the town, gets no QI ruling;
- "political affiliation was an appropriate requirement" (Branti v. Finkel) is a no-violation holding, read for merits
  rulings; and a finding the court adopts from the court below ("As the district court correctly determined that ...,
  we affirm") is the court's own.
"""

from __future__ import annotations

from pathlib import Path

from test_label_helpers import corpus_signals, stored_label

OCONNOR = "194753"


def test_the_towns_merits_win_is_no_qi_ruling(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, OCONNOR)
    assert label.qi_decided and label.qi_outcome == "granted"
    assert label.rights == ("1A_retaliation",)  # the opinion-level summary: the QI ruling's claim only
    assert (label.prong1, label.prong2, label.merits_skipped) == ("not_reached", "not_clearly_established", True)
    political = label.ruling_for("political_discrimination")
    assert political is not None and not political.qi_decided and political.prong1 == "no_violation"


def test_a_finding_adopted_from_below_is_the_courts_own(corpus_dir: Path) -> None:
    sentence = ("As the district court correctly determined that O'Connor's political affiliation was an appropriate "
                "criterion for the position that he held, we affirm its grant of summary judgment on the political "
                "discharge claim.")
    assert "no_violation:affiliation_appropriate_requirement" in corpus_signals(corpus_dir, OCONNOR, sentence)
