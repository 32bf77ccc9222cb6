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


# ---- round 15 -----------------------------------------------------------------------------------------------------


def _qi_texts(corpus_db: Path) -> list[str]:
    import sqlite3

    from fairwarning.labeler.rules import QI_MENTION

    con = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    try:
        return [t for (t,) in con.execute("SELECT text FROM opinions ORDER BY id") if QI_MENTION.search(t)]
    finally:
        con.close()


@pytest.mark.parametrize(("pattern", "parts"), [
    (r"(?<!not )\b(?:law|right)\s+x|\bthe\s+law", [("(?<!not )\\b", r"law\s+x"), ("(?<!not )\\b", r"right\s+x"),
                                                   ("\\b", r"the\s+law")]),
    (r"(?<!\bif )(?<!\bwhether )\bthere\s+was", [(r"(?<!\bif )(?<!\bwhether )\b", r"there\s+was")]),
    (r"plain", [("", "plain")]),
    (r"x|^y", None),  # an anchored body is searched whole
])
def test_guarded_alternatives(pattern: str, parts: list[tuple[str, str]] | None) -> None:
    from fairwarning.reference.patterns import guarded_alternatives

    assert guarded_alternatives(pattern) == parts


@pytest.mark.parametrize(("pattern", "alts"), [
    (r"\bpolice\b|troopers?", [(r"police\b", True), ("troopers?", False)]),
    (r"\b(?:arresting|police)\s+officers?", [(r"arresting\s+officers?", True), (r"police\s+officers?", True)]),
    # searched whole: a second boundary, a look-behind, one after a leading group's choice, an anchor, an empty one
    (r"\b\bx", None), (r"(?<!a)b", None), (r"(?:\bfoo|bar)x", None), (r"^a", None), (r"a|", None),
])
def test_literal_start_alternatives_are_guarded_alternatives_with_at_most_a_boundary(
        pattern: str, alts: list[tuple[str, bool]] | None) -> None:
    from fairwarning.reference.patterns import literal_start_alternatives

    assert literal_start_alternatives(pattern) == alts


def test_each_cue_finds_the_same_first_match_by_its_guarded_alternatives(corpus_db: Path) -> None:
    """``Cue.search_lower`` (the round-15 sentence search) gives the very match of ``cue.lower.search``: same start, same
    end, on every sentence of the corpus's QI opinions that the labeler would search for that cue (its keywords)."""
    from fairwarning.labeler.cues import _PARTS, CUES

    assert len(_PARTS) >= 90  # nearly every cue is searched by parts
    sentences = [court_voice(s.reading).lower() for text in _qi_texts(corpus_db) for s in split_sentences(text)]
    assert len(sentences) > 10_000
    found = 0
    for cue in CUES:
        for low in sentences:
            if not cue.may_match(low):
                continue
            whole, parts = cue.lower.search(low), cue.search_lower(low)
            assert (whole and whole.span()) == (parts and parts.span()), (cue.name, low[:200])
            found += whole is not None
    assert found > 500


def test_a_pass_is_skipped_only_when_its_pattern_cannot_match(corpus_db: Path) -> None:
    """The whole-text passes the word look-up skips (``context._may_match``) find nothing; most passes are skipped."""
    from fairwarning.labeler import context
    from fairwarning.labeler.core import _TRIGGER_LOWER

    patterns = [(rx, b) for r in taxonomy.rights() for c in r.cues for rx, b in c.fast]
    patterns += [(rx, b) for o in taxonomy.official_types() for c in o.cues for rx, b in c.fast]
    patterns += list(context._alternatives(_TRIGGER_LOWER))
    patterns += [p for rx in context._STAGES_LOWER.values() for p in context._alternatives(rx)]
    skipped = kept = 0
    for text in _qi_texts(corpus_db)[:40]:
        low = text.lower()
        for rx, boundary in patterns:
            if context._may_match(low, rx, boundary):
                kept += 1
                continue
            skipped += 1
            at_starts = [m.start() for m in rx.finditer(low) if not boundary or m.start() == 0
                         or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")]
            assert not at_starts, (rx.pattern, boundary)
    assert skipped > kept


@pytest.mark.parametrize(("body", "letters"), [
    (r"troopers?\b", "trooper"), (r"police\s+officers?", "police"), (r"(?:a|b)c", ""), (r"violat", "violat"),
    (r"ab{0,2}c", "a"), (r"ab*", "a"), (r"abc+", "abc"), (r"12\s?\(c\)", ""), (r"Bivens", ""),
])
def test_the_letters_every_match_starts_with(body: str, letters: str) -> None:
    from fairwarning.reference.patterns import leading_letters

    assert leading_letters(body) == letters
    if letters:  # a match of the body starts with them
        example = {"trooper": "troopers", "police": "police officers", "violat": "violated", "a": "ac", "abc": "abccc"}
        m = re.match(body, example[letters])
        assert m is not None and m.group(0).startswith(letters)


def test_the_abbreviation_test_keeps_its_result(corpus_dir: Path) -> None:
    """``segment._is_abbreviation`` finds the token before a period by a bounded search now; on real text, and on a
    token longer than its window, it decides as the character loop it replaced."""
    from fairwarning.labeler import segment

    def before(text: str, dot: int) -> bool:
        i = dot
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        token = text[i:dot].lstrip("(\"'“‘[").lower()
        return not token or token in segment._ABBREV or len(token) == 1 or ("." in token and len(token) <= 6)

    texts = [stored_text(corpus_dir, cl_id) for cl_id in ("121169", "2801435", "194476", "3449")]
    texts.append("See http://www.example.com/a/very/long/path/that/runs/past/the/window/U.S. Then")
    periods = 0
    for text in texts:
        for dot in (i for i, ch in enumerate(text) if ch == "."):
            periods += 1
            assert segment._is_abbreviation(text, dot) == before(text, dot), text[max(0, dot - 50):dot + 1]
    assert periods > 1000
