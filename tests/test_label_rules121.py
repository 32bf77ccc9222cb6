"""Rules added in rules-1.21 (issue 10, per-right reading, tuning half): a ruling sentence that names no right but lies
in a section headed by one claim ("1. The Substantive Due Process Claim ...", "2. The Equal Protection Claim ...") is
about that claim. Meléndez-García v. Sánchez (1st Cir. 2010) holds the due process claim not clearly established in
section 1 and the equal protection claim not violated in section 2; section 1's prong-2 holdings were also read into
the equal protection ruling."""

from __future__ import annotations

from pathlib import Path

from fairwarning.labeler.core import _claim_sections
from fairwarning.labeler.segment import split_sentences
from test_label_helpers import stored_label, stored_text

MELENDEZ = "180885"


def test_each_claim_section_keeps_its_own_holdings(corpus_dir: Path) -> None:
    label = stored_label(corpus_dir, MELENDEZ)
    ep = label.ruling_for("14A_equal_protection")
    sdp = label.ruling_for("14A_substantive_due_process")
    assert ep is not None and (ep.qi_outcome, ep.prong1, ep.prong2) == ("granted", "no_violation", "not_reached")
    assert sdp is not None and (sdp.prong1, sdp.prong2, sdp.merits_skipped) == (
        "not_reached", "not_clearly_established", True)
    # the opinion-level summary is unchanged: prong 2 is decided on one claim
    assert (label.prong1, label.prong2) == ("no_violation", "not_clearly_established")


def test_the_claim_headings_are_found_and_mapped(corpus_dir: Path) -> None:
    sentences = split_sentences(stored_text(corpus_dir, MELENDEZ))
    rights = ("14A_equal_protection", "14A_substantive_due_process")
    mapped = [r for _, r in _claim_sections(sentences, rights)]
    assert mapped.index("14A_substantive_due_process") < mapped.index("14A_equal_protection")
