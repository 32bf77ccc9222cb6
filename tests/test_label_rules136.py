"""Rules added in rules-1.36 (issue 10): the rules read a slip opinion's words as printed. Slip opinions break words at
line ends with a hyphen ("quali-\\nfied immunity", "Howards also al-\\nleged that ..."), which hid them from every cue.
The labeler now reads a copy of the text, of the same length, in which a broken word the opinion prints unbroken
elsewhere is whole again; evidence is quoted from the stored text. And a ruling that names no claim, only the one
amendment it rules under ("could violate the First Amendment"), is about that amendment's rights."""

from __future__ import annotations

import re
from pathlib import Path

from fairwarning.labeler.segment import broken_words, collapse, rejoin_hyphens, split_sentences
from test_label_helpers import stored_label, stored_text

REICHLE, HEIEN = "801500", "2760668"


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
            assert not text[e.start - 1: e.start].isalpha() if e.start else True, (cl_id, e.text[:40])
