"""Rules added in rules-1.14 (issue 10, round 5): the pre-Harlow wording of a prong-2 holding, and a case disposed
of on immunity grounds that leaves the constitutional right undecided.

Found on the fresh Supreme Court sets (docs/fresh-reading/batch-1 and batch-2, now the development set): Procunier v.
Navarette came out "granted" with prong 2 not reached and merits_skipped false. The sentences are inlined here
(fresh texts are not in the shared corpus), with their source: the ``html_lawbox`` field of ``brianwc/bulk_scotus``
at commit 7dd89911b5f10a9367af293efb5fadddabcf2d8e, converted to text by the annotator
(docs/fresh-reading/batch-2/manifest.csv).
"""

from __future__ import annotations

import pytest

from fairwarning.labeler.rules import read_sentence
from fairwarning.labeler.segment import Sentence, collapse

NAVARETTE = "Procunier v. Navarette, 434 U.S. 555 (1978), bulk_scotus 1900s/1978/109776.json"


def _signals(sentence: str) -> set[str]:
    text = collapse(sentence)
    return {f"{h.cue.signal}:{h.cue.name}" for h in read_sentence(0, Sentence(0, len(text), text), appellate=True)}


def test_there_was_no_clearly_established_right_is_a_prong_2_holding() -> None:
    sentence = ("Whether the state of the law is evaluated by reference to the opinions of this Court, of the Courts "
                "of Appeals, or of the local District Court, there was no \"clearly established\" First and Fourteenth "
                "Amendment right with respect to the correspondence of convicted prisoners in 1971-1972.")
    assert "not_established:law_not_established" in _signals(sentence), NAVARETTE


@pytest.mark.parametrize("sentence", [
    # a condition, not a holding
    "The officers are immune if there was no clearly established right to be free from such a search.",
    # the question, not the answer
    "The question is whether there was no clearly established law on the point.",
])
def test_a_condition_or_question_is_not_a_prong_2_holding(sentence: str) -> None:
    assert "not_established:law_not_established" not in _signals(sentence)


def test_disposed_of_on_immunity_grounds_leaves_the_right_undecided() -> None:
    sentence = ("Because of the disposition of this case on immunity grounds, we do not address petitioners' other "
                "submissions: that § 1983 does not afford a remedy for negligent deprivation of constitutional rights "
                "and that state prisoners have no First and Fourteenth Amendment rights in their outgoing mail.")
    assert "p1_skipped:need_not_decide_violation" in _signals(sentence), NAVARETTE


def test_declining_a_remedy_question_on_immunity_grounds_is_not_a_skipped_merits_ruling() -> None:
    sentence = ("Because of the disposition of this case on immunity grounds, we do not address the amount of "
                "attorney's fees awarded below.")
    assert not any(s.startswith("p1_skipped:") for s in _signals(sentence))


@pytest.mark.parametrize("sentence", [
    "Whether the officers violated the Fourth Amendment or not, the question is if the law was not clearly established.",
    "Whether the right was clearly established or not is the question we must answer first; we do not reach it.",
])
def test_a_concessive_clause_does_not_unmask_a_posed_question(sentence: str) -> None:
    """Only the concessive clause is set aside: a later "if"/"whether" still poses, and "A or not is the question"
    (no comma closing the clause) is no concessive clause."""
    assert not any(s.split(":")[0] in ("established", "not_established") for s in _signals(sentence))
