"""Rules added in rules-1.36 (issue 10): the rules read a slip opinion's words as printed. Slip opinions break words at
line ends with a hyphen ("quali-\\nfied immunity", "Howards also al-\\nleged that ..."), which hid them from every cue.
The labeler now reads a copy of the text, of the same length, in which a broken word the opinion prints unbroken
elsewhere is whole again, and the running heads at the top of each page are blanked so that a sentence reads on to the
next page; evidence is quoted from the stored text. A sentence that starts in lower case (the tail of one a footnote
cut off) is no ruling. A ruling that names no claim, only the one amendment it rules under ("could violate the First
Amendment"), is about that amendment's rights. A vacatur of a court of appeals' ruling both ways on QI undoes no QI
ruling the Court names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fairwarning.labeler.segment import (
    broken_words,
    collapse,
    rejoin_hyphens,
    split_sentences,
    without_running_heads,
)
from test_label_helpers import stored_label, stored_text

REICHLE, HEIEN, TOLAN, MENDEZ = "801500", "2760668", "2672535", "4172499"


def test_broken_words_are_rejoined_at_the_same_offsets(corpus_dir: Path) -> None:
    """Reichle v. Howards (slip-opinion text): "al-\\nleged" is "alleged"; the compound "retaliatory-\\narrest" is left
    as printed (no "retaliatoryarrest" anywhere); every offset of the rejoined text indexes the stored one."""
    text = stored_text(corpus_dir, REICHLE)
    words = rejoin_hyphens(text)
    assert len(words) == len(text) and words != text
    at = text.index("al-\nleged that he was arrested in retaliation")
    assert words[at:at + len("al-\nleged")].strip() == "alleged"
    broken = broken_words(text)
    inside = {i for s, e, _ in broken for i in range(s, e)}
    assert all(words[i] == text[i] for i in range(len(text)) if i not in inside)
    assert any(w == "qualified" for _, _, w in broken)  # "quali-\nfied immunity" hid a QI mention
    compound = text.index("retaliatory-\narrest")
    assert words[compound:compound + 19] == "retaliatory-\narrest"
    assert all(re.sub(r"-\n[ \t]*", "", text[s:e]) == w for s, e, w in broken_words(text))


def test_rejoined_word_keeps_its_sentence_end() -> None:
    """The saved spaces go before the word, never between a word and its period."""
    text = ("We do not express any view on whether the entry was con-\nstitutional. But the law was not clear. "
            "It was constitutional.")
    words = rejoin_hyphens(text)
    assert "constitutional. But" in words
    assert [collapse(words[s.start:s.end]) for s in split_sentences(words)][0].endswith("constitutional.")
    assert len(split_sentences(words)) == len(split_sentences(text)) == 3


def test_no_broken_word_no_copy() -> None:
    text = "The officers are entitled to qualified immunity."
    assert rejoin_hyphens(text) is text and broken_words(text) == []


def test_reichle_rights_from_the_amendment_it_rules_under(corpus_dir: Path) -> None:
    """Reichle: with "alleged" read, both claims (Fourth Amendment arrest, First Amendment retaliation) are stated; the
    ruling ("not clearly established that an arrest supported by probable cause could violate the First Amendment")
    names only the First Amendment: the QI ruling is about the retaliation claim alone."""
    label = stored_label(corpus_dir, REICHLE)
    assert label.rights == ("1A_retaliation",)
    assert [r.right for r in label.rulings if r.qi_decided] == ["1A_retaliation"]


def test_evidence_is_quoted_from_the_stored_text(corpus_dir: Path) -> None:
    """Every evidence sentence of a slip opinion, rejoined words and all, is the stored text at its offsets."""
    for cl_id in (REICHLE, HEIEN):
        text = stored_text(corpus_dir, cl_id)
        label = stored_label(corpus_dir, cl_id)
        evidence = [*label.evidence, *(e for r in label.rulings for e in r.evidence)]
        assert evidence
        for e in evidence:
            assert e.text == collapse(text[e.start:e.end]), (cl_id, e.cue)
            assert e.start == 0 or not text[e.start - 1].isalpha(), (cl_id, e.text[:40])  # not inside a word


def test_a_sentence_reads_on_past_the_running_head(corpus_dir: Path) -> None:
    """Reichle's disposition runs on to the next page: "We, therefore, reverse the judgment of the Court of Ap-" /
    "Cite as: 566 U. S. ____ (2012) 5" / "Opinion of the Court" / "peals denying petitioners qualified immunity." The
    rules read it whole; the running heads of every page are blanked, the rest of the text is untouched."""
    text = stored_text(corpus_dir, REICHLE)
    plain = without_running_heads(text)
    assert len(plain) == len(text) and "Cite as" not in plain and "REICHLE v. HOWARDS" not in plain
    assert plain.count("\n") == text.count("\n")
    words = rejoin_hyphens(plain)
    assert ("We, therefore, reverse the judgment of the Court of Appeals denying petitioners qualified immunity."
            in collapse(words))
    assert {i for i, (a, b) in enumerate(zip(text, plain, strict=True)) if a != b} <= {
        i for m in re.finditer(r"(?m)^.*(?:Cite as:|REICHLE v\. HOWARDS).*\n(?:[ \t]*\n)?.*$", text)
        for i in range(m.start(), m.end())}


@pytest.mark.parametrize("cl_id", [REICHLE, HEIEN, TOLAN, MENDEZ])
def test_running_heads_are_found_in_the_slip_texts(corpus_dir: Path, cl_id: str) -> None:
    text = stored_text(corpus_dir, cl_id)
    assert text.count("Cite as:") >= 2
    assert without_running_heads(text).count("Cite as:") < text.count("Cite as:")


def test_the_tail_of_a_sentence_cut_by_a_footnote_is_no_ruling(corpus_dir: Path) -> None:
    """Tolan v. Cotton: "... did not decide whether Cotton's actions" [a footnote at the foot of the page] "violated the
    Fourth Amendment." The tail, its running head blanked, starts in lower case: no violation holding is read from it
    (prong 1 stays not reached, as the Court left it)."""
    label = stored_label(corpus_dir, TOLAN)
    assert (label.qi_outcome, label.prong1) == ("denied", "not_reached")


def test_a_vacatur_of_a_ruling_both_ways_below_decides_no_qi(corpus_dir: Path) -> None:
    """County of Los Angeles v. Mendez: the Court of Appeals held the deputies "entitled to qualified immunity on the
    knock-and-announce claim. But the court concluded that the warrantless entry of the shack violated clearly
    established law". The Court vacates on the provocation rule: that undoes no QI ruling it names."""
    label = stored_label(corpus_dir, MENDEZ)
    assert not label.qi_decided


def test_the_text_above_a_page_footnote_rule_ends_there(corpus_dir: Path) -> None:
    """Tolan v. Cotton: "Edwards and Cotton testified that Tolan rose to his feet." then the rule over page 2's footnotes
    ("——————") and footnote 1: the footnote is a sentence of its own, not glued to the text above it (a sentence cut by
    the page break stops at the rule too)."""
    text = stored_text(corpus_dir, TOLAN)
    shown = [s.text for s in split_sentences(text)]
    assert "Edwards and Cotton testified that Tolan rose to his feet." in shown
    assert any(t.startswith("—————— 1 The events described here led to Cotton’s criminal indictment") for t in shown)
    assert all(t.startswith("——————") for t in shown if "——————" in t)
