"""Rule added in rules-1.13 (issue 10): a party's argument told with the attribution set off by commas and no
"that" ("Accordingly, petitioners argued, her termination did not violate clearly established law.") is the party
speaking, not the court: no prong-2 holding, no grant.

Found by scoring the second fresh Supreme Court set (fresh-2, docs/fresh-reading/batch-2) once with rules-1.12:
Johnson v. Fankell, where the Court held that the officials could not appeal, came out "QI granted, not clearly
established" from this sentence. The sentence is inlined here (fresh-2's texts are not in the shared corpus), with its
source: the ``html_lawbox`` field of ``brianwc/bulk_scotus`` at commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e,
converted to text by the annotator (docs/fresh-reading/batch-2/manifest.csv).
"""

from __future__ import annotations

import pytest

from fairwarning.labeler.rules import court_voice
from fairwarning.labeler.segment import collapse
from test_label_helpers import cue_signals

FANKELL = "Johnson v. Fankell, 520 U.S. 911 (1997), bulk_scotus 1900s/1997/118124.json"



def test_a_party_argument_set_off_by_commas_is_not_a_holding() -> None:
    assert not cue_signals("Accordingly, petitioners argued, her termination did not violate clearly established law."), FANKELL


@pytest.mark.parametrize("sentence", [
    "Accordingly, the defendants contended, the officers were entitled to qualified immunity.",
    "The search, he insisted, was reasonable, so the officers did not violate the Fourth Amendment.",
])
def test_other_parties_and_verbs_set_off_by_commas(sentence: str) -> None:
    assert not cue_signals(sentence)


def test_the_court_s_own_sentence_with_commas_is_still_read() -> None:
    """A holding with a comma-set-off clause that is not a party's argument is still the court's ruling."""
    sentence = ("We hold, therefore, that the officers are entitled to qualified immunity because the law was not "
                "clearly established.")
    assert any(s.startswith("grant:") for s in cue_signals(sentence))
    assert court_voice(collapse(sentence))
