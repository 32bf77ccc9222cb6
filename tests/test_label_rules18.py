"""Rules added in rules-1.8, on real opinions of the shared corpus (the Supreme Court readings themselves are rows of
tests/fixtures/scotus_rulings.json):

- the sentence-hit search that resumes at the next sentence after a match (the speed change) finds exactly the
  sentences a full scan finds, for every pattern the labeler runs that way;
- a whole-sentence quotation with its citation is read for prong 2 only (a quoted grant is the earlier case's);
- a right is not read from a sentence about an earlier case, from a kind of case law, or from probable cause in a
  sentence framed under the First Amendment;
- a bare injunction is relief, the stage only when no other stage is named; "grand jury" is not a trial.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from pathlib import Path

import pytest

from fairwarning.labeler import core
from fairwarning.labeler.context import _STAGES, _STAGES_LOWER, lowered_text, regex_hits, sentences_matching
from fairwarning.labeler.rules import QI_MENTION
from fairwarning.labeler.segment import Sentence, split_sentences
from fairwarning.reference import taxonomy
from test_label_helpers import cue_signals, stored_label


def _texts(corpus_db: Path, limit: int = 120) -> list[str]:
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    try:
        rows = [t for (t,) in conn.execute("SELECT text FROM opinions ORDER BY id")]
    finally:
        conn.close()
    qi = [t for t in rows if QI_MENTION.search(t)]
    return qi[:limit] + rows[:: max(1, len(rows) // 40)]


def _full_scan(text: str, starts: list[int], rx_starts: list[int]) -> set[int]:
    return {bisect_right(starts, at) - 1 for at in rx_starts} - {-1}


def test_sentence_hits_equal_a_full_scan(corpus_db: Path) -> None:
    patterns = [(core._TRIGGER, core._TRIGGER_LOWER), (QI_MENTION, core._QI_LOWER),
                (core._MERITS_TRIGGER, core._MERITS_TRIGGER_LOWER)]
    patterns += [(rx, _STAGES_LOWER[k]) for k, rx in _STAGES.items()]
    checked = 0
    for text in _texts(corpus_db):
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        low = lowered_text(text)
        for rx, rx_lower in patterns:
            expected = _full_scan(text, starts, [m.start() for m in rx.finditer(text)])
            assert regex_hits(text, starts, rx, low, rx_lower) == expected, rx.pattern[:60]
            assert regex_hits(text, starts, rx) == expected, rx.pattern[:60]
        for r in taxonomy.rights():
            expected = _full_scan(text, starts, [m.start() for c in r.cues for m in c.regex.finditer(text)])
            assert sentences_matching(text, starts, r.cues, low) == expected, r.id
        checked += 1
    assert checked >= 100


def test_an_adopted_quotation_is_read_for_prong_two_only() -> None:
    # verbatim from Carroll v. Carman (2014), quoting Stanton v. Sims
    carroll = ("“But whether or not the constitutional rule applied by the court below was correct, it was not ‘beyond "
               "debate.’ ” Stanton v. Sims, 571 U. S. ___, ___ (2013) (per curiam) (slip op., at 8) (quoting al- Kidd, "
               "563 U. S., at ___ (slip op., at 9)).")
    assert cue_signals(carroll) == {"not_established:not_beyond_debate"}
    # a quoted grant is the earlier case's ruling on its own facts (the words of 3449, quoted)
    quoted_grant = "“Officer Guttman was therefore entitled to qualified immunity.” Id., at 8."
    assert cue_signals(quoted_grant) == set()
    # the same words as the court's own sentence are a grant
    assert cue_signals("Officer Guttman was therefore entitled to qualified immunity.") == {"grant:entitled"}


def test_the_courts_own_belief_is_not_an_officers() -> None:
    # verbatim from Scott v. Harris (2007): the Court's "we think", a prong-1 holding
    assert cue_signals("B Judging the matter on that basis, we think it is quite clear that Deputy Scott did not violate "
                 "the Fourth Amendment.") == {"no_violation:did_not_violate"}
    # an officer's belief stays prong 2 (verbatim from Johnson v. Boreani, 569255)
    assert "no_violation:did_not_violate" not in cue_signals(
        "Based on the case law prior to 1981, defendants could reasonably have believed that their conduct did not "
        "violate Johnson's eighth amendment right.")


def test_a_short_form_pin_cite_is_not_a_cited_case() -> None:
    # verbatim from Hope v. Pelzer (2002)
    hope = ("The \"fair and clear warning,\" Lanier, 520 U. S., at 271, that these cases provided was sufficient to "
            "preclude the defense of qualified immunity at the summary judgment stage.")
    assert cue_signals(hope) == {"deny:sufficient_to_preclude"}
    # a full citation of another case before the ruling words still hides them
    assert cue_signals("In Brosseau v. Haugen, 543 U. S. 194 (2004), the warnings were sufficient to preclude the defense "
                 "of qualified immunity.") == set()


@pytest.mark.parametrize(("cl_id", "stage"), [
    ("149043", "summary_judgment"),  # The Real Estate Bar Assoc.: an injunction granted on summary judgment
    ("2622940", "other"),  # Santa Fe Pacific Gold: a discovery order; "Grand Jury Proceedings" is a case name
])
def test_stage_relief_and_grand_jury(corpus_dir: Path, cl_id: str, stage: str) -> None:
    assert stored_label(corpus_dir, cl_id).stage == stage


def test_a_first_amendment_frame_and_a_kind_of_case_are_not_fourth_amendment_claims() -> None:
    from fairwarning.labeler.context import _about_claims

    arrest = next(r for r in taxonomy.rights() if r.id == "4A_false_arrest")
    search = next(r for r in taxonomy.rights() if r.id == "4A_unlawful_search")

    def about(right: taxonomy.Right, text: str) -> bool:
        return bool(_about_claims([Sentence(0, len(text), text)], right, {0}))

    # verbatim from Reichle v. Howards (2012)
    assert not about(arrest, "We conclude that, at the time of Howards’ ar- rest, it was not clearly established that "
                             "an arrest support- ed by probable cause could violate the First Amendment.")
    assert about(arrest, "The officers lacked probable cause to arrest him, in violation of the Fourth Amendment.")
    # from Saucier v. Katz (2001): the first verbatim, the second abridged
    assert not about(search, "In Anderson, a warrantless search case, we rejected the argument that there is no "
                             "distinction between the reasonableness standard for warrantless searches and the "
                             "qualified immunity inquiry.")
    assert not about(search, "Graham recognized as much, reviewing several of our probable cause and search warrant "
                             "cases, then stating that the same standard applies.")
    assert about(search, "The officers conducted a warrantless search of the home.")


def test_a_partys_grounds_of_appeal_are_not_the_courts_holding() -> None:
    """rules-1.9: "He now appeals on three grounds: that the search of his person violated the Fourth Amendment"
    is the appellant's contention (United States v. McGhee, 1st Cir. 2010, held the search lawful), not a merits
    holding; "the Court of Appeals held that ..." is still not read as a party's argument."""
    from fairwarning.labeler.rules import _ARGUMENT

    assert _ARGUMENT.search("he now appeals on three grounds: that the search of his person violated the fourth "
                            "amendment; that the court impermissibly allowed a testifying chemist")
    assert _ARGUMENT.search("defendants appeal, arguing that the officers are entitled to qualified immunity")
    assert not _ARGUMENT.search("the court of appeals held that the officers violated the fourth amendment")
    assert not _ARGUMENT.search("we agree with the court of appeals that the search was unreasonable")
