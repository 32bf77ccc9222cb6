"""Rules added in rules-1.15 (issue 10, round 6).

A judge below told by pronoun: found when fresh batch-3 (docs/fresh-reading/batch-3, scored once on rules-1.14 and
now spent) read the District Judge's conclusion in Los Angeles County v. Rettele as the Supreme Court's prong-2
holding. The sentence is inlined here (fresh texts are not in the shared corpus), with its source: the
``html_lawbox`` field of ``brianwc/bulk_scotus`` at commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e, converted to
text by the annotator (docs/fresh-reading/batch-3/manifest.csv).
"""

from __future__ import annotations

import pytest

from test_label_helpers import cue_signals

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
