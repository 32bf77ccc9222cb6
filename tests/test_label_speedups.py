"""The round-14 speed-ups of the labeler (issue 10: at least 50 QI-mentioning opinions per CPU-second) change no
result: each faster form is checked against the form it replaced, on real text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fairwarning.labeler.rules import court_voice
from fairwarning.labeler.segment import _END, _END_NO_RULE, collapse, split_sentences
from fairwarning.reference import taxonomy
from fairwarning.reference.patterns import expand_leading_group, split_top_level
from test_label_helpers import stored_text


@pytest.mark.parametrize(("alternative", "expanded"), [
    (r"(?:warrantless\s+)?wiretap(?:s|ping)?\b", [r"warrantless\s+wiretap(?:s|ping)?\b", r"wiretap(?:s|ping)?\b"]),
    (r"(?:arresting|police)\s+officers?\b", [r"arresting\s+officers?\b", r"police\s+officers?\b"]),
    (r"(?:x|(?:y|z)w)q", ["xq", "ywq", "zwq"]),
    # not expanded: no leading group, a repeated group, an unclosed one
    (r"plain\s+words", [r"plain\s+words"]),
    (r"(?:a|b)*c", [r"(?:a|b)*c"]),
    (r"(?:a|b)+c", [r"(?:a|b)+c"]),
    (r"(?:a|b){2}c", [r"(?:a|b){2}c"]),
])
def test_a_leading_group_becomes_one_alternative_per_choice(alternative: str, expanded: list[str]) -> None:
    assert expand_leading_group(alternative) == expanded


@pytest.mark.parametrize("cl_id", ["107411", "121169", "2801435", "194476", "3449"])
def test_the_expanded_alternatives_find_every_match(corpus_dir: Path, cl_id: str) -> None:
    text = stored_text(corpus_dir, cl_id)
    low = text.lower()
    cues = [c for r in taxonomy.rights() for c in r.cues] + [c for o in taxonomy.official_types() for c in o.cues]
    expanded = 0
    for cue in (c for c in cues if c.fast):
        expanded += len(cue.fast) > len(split_top_level(cue.pattern))
        whole = [m.start() for m in re.finditer(cue.pattern, text, re.IGNORECASE)]
        fast = [m.start() for rx, boundary in cue.fast for m in rx.finditer(low)
                if not boundary or m.start() == 0 or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")]
        # each place the cue matches, one of its fast forms matches too (at the same words, or a little later in
        # them: an optional leading word), so the sentences found are the same
        assert all(any(a <= b < a + 200 for b in fast) for a in whole), (cl_id, cue.pattern)
    assert expanded >= 5


@pytest.mark.parametrize("cl_id", ["107411", "194476", "3449", "121169"])
def test_the_sentence_ends_without_a_footnote_rule_are_the_same(corpus_dir: Path, cl_id: str) -> None:
    text = stored_text(corpus_dir, cl_id)
    assert "————" not in text  # the texts _END_NO_RULE is used for
    ends = [m.span() for m in _END.finditer(text)]
    assert len(ends) > 50
    assert [m.span() for m in _END_NO_RULE.finditer(text)] == ends


def test_the_interlocutory_scan_skips_only_sentences_its_patterns_cannot_match(corpus_db: Path) -> None:
    # every sentence of the corpus's QI opinions that one of the three patterns matches holds one of the words the
    # scan checks first
    import sqlite3

    from fairwarning.labeler import core

    con = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    texts = [t for (t,) in con.execute("SELECT text FROM opinions") if core.QI_MENTION.search(t)]
    con.close()
    matched = 0
    for text in texts:
        for s in split_sentences(text):
            if any(rx.search(s.text) for rx in (core._INTERLOCUTORY, core._APPEAL_OF_DENIAL,
                                                core._PRETRIAL_DENIAL_DISPOSED)):
                matched += 1
                assert any(w in s.text.lower() for w in core._INTERLOCUTORY_WORDS), s.text
    assert matched > 20


def _court_voice_before(text: str) -> str:
    """court_voice as it was before the speed-up (every substitution on every sentence)."""
    from fairwarning.labeler import rules

    out = text
    for _ in range(2):
        out = rules._PARENS.sub(" ", out)
    out = rules._BRACKETS.sub("", rules._BRACKET_LETTER.sub(r"\1", out))
    out = rules._LONG_QUOTE.sub(" ", out)
    return re.sub(r"\s+", " ", out).strip()


@pytest.mark.parametrize("cl_id", ["121169", "2801435", "194476", "3449"])
def test_collapse_and_court_voice_keep_their_results(corpus_dir: Path, cl_id: str) -> None:
    text = stored_text(corpus_dir, cl_id)
    for s in split_sentences(text):
        raw = text[s.start:s.end]
        assert collapse(raw) == re.sub(r"\s+", " ", raw).strip()
        assert court_voice(s.text) == _court_voice_before(s.text)
    assert collapse("a\u00a0 b\x1c c\u2009d  ") == "a b c d"
