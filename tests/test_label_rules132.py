"""Rules added in rules-1.32 and rules-1.33 (issue 10): Mitchell v. Forsyth, 472 U.S. 511, read from its evidence as a lawyer would.
Its QI grant and prong 2 came from a sentence describing Harlow ("With these concerns in mind, the Harlow Court
refashioned the qualified immunity doctrine ..."), a prong-2 "established" from a denial ("It by no means follows,
however, that Mitchell's actions ... violated law that was clearly established at the time ..."), and prong 1 was
"not reached" although the Court takes the violation as given ("Mitchell is immune from suit ... notwithstanding that
his actions violated the Fourth Amendment"), as both blind codings of docs/scotus-reading code it. Now the grant,
prong 1 and prong 2 come from the Court's own holding sentences."""

from __future__ import annotations

from pathlib import Path

from fairwarning.labeler.rules import describes_earlier_case
from test_label_helpers import corpus_signals, cue_signals, stored_label

MITCHELL = "111481"


def test_mitchell_from_its_own_holdings(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, MITCHELL)
    assert (label.qi_decided, label.qi_outcome, label.prong1, label.prong2, label.merits_skipped) == (
        True, "granted", "violation", "not_clearly_established", False)
    quoted = " ".join(e.text for e in label.evidence if e.field in ("qi_outcome", "prong1", "prong2"))
    assert "Harlow Court refashioned" not in quoted
    assert "notwithstanding that his actions violated the Fourth Amendment" in quoted
    assert "an open question" in quoted


def test_an_earlier_decision_named_by_its_case() -> None:
    assert describes_earlier_case("with these concerns in mind, the harlow court refashioned the qualified immunity "
                                  "doctrine in such a way as to permit the resolution of many insubstantial claims.")
    # this case's courts are not earlier decisions
    for court in ("district", "trial", "appellate", "state", "en banc"):
        assert not describes_earlier_case(f"the {court} court held that the officers were entitled to qualified "
                                          "immunity.")


def test_a_denied_consequence_is_no_prong_two_holding(corpus_dir: Path) -> None:
    sentence = ("It by no means follows, however, that Mitchell's actions in authorizing the wiretap violated law that "
                "was clearly established at the time of the authorization.")
    assert not {s for s in corpus_signals(corpus_dir, MITCHELL, sentence) if s.startswith("established:")}
    assert any(s.startswith("established:") for s in cue_signals(
        "It follows that the officers' actions violated law that was clearly established at the time."))


def test_an_appeal_that_never_mentions_qi_is_not_interlocutory() -> None:
    """rules-1.33: an appellate opinion without a word on qualified immunity is no officials' appeal of a QI denial:
    interlocutory false, as the coders code such opinions (it was null); a trial court's opinion stays null."""
    from fairwarning.labeler import label_opinion

    text = "The defendant challenges the admission of the statement. We find no error, and we affirm the conviction."
    assert label_opinion(text, court_id="ca1").interlocutory is False
    assert label_opinion(text, court_id="mad").interlocutory is None
