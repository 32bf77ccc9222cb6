"""The labeler's ruling cues: every cue has a real example (from the corpus) that it matches, prefilter
keywords never hide a match, and the court-voice filters reject what is not this court's ruling."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lxml_html

from fairwarning.labeler.cues import CONSTRUCTED_EXAMPLES, CUES, SIGNALS, Cue
from fairwarning.labeler.rules import court_voice, read_sentence
from fairwarning.labeler.segment import Sentence


@cache
def _opinion_text(corpus_dir: Path, opinion_id: str) -> str:
    for sub in ("courtlistener-ca1", "courtlistener-sample", "scotus", "scotus-recent"):
        p = corpus_dir / sub / "opinions" / f"{opinion_id}.json"
        if p.exists():
            d = json.loads(p.read_text(encoding="utf-8"))
            parts = [str(d[k]) for k in ("plain_text", "Case_Text") if d.get(k)]
            for k in ("html_with_citations", "html", "HTMLtext"):
                if d.get(k) and str(d[k]).strip() and d[k] != "None":
                    parts.append(lxml_html.fromstring(d[k]).text_content())
            return re.sub(r"\s+", " ", " ".join(parts))
    raise AssertionError(f"opinion {opinion_id} is not in the shared corpus")


def test_cue_names_unique_and_signals_known() -> None:
    names = [c.name for c in CUES]
    assert len(names) == len(set(names))
    assert {c.signal for c in CUES} <= set(SIGNALS)
    assert set(names) >= CONSTRUCTED_EXAMPLES


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.name)
def test_cue_matches_its_real_example(cue: Cue, corpus_dir: Path) -> None:
    assert cue.pattern.search(cue.example), f"{cue.name} does not match its example"
    assert cue.may_match(cue.example.lower()), f"{cue.name}: keyword prefilter {cue.keywords} hides its example"
    if cue.name in CONSTRUCTED_EXAMPLES:
        assert cue.example_opinion == ""
        return
    assert cue.example_opinion, f"{cue.name} needs the CourtListener id of its example"
    assert cue.example in _opinion_text(corpus_dir, cue.example_opinion), (
        f"{cue.name}: example not verbatim in opinion {cue.example_opinion}"
    )


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.name)
def test_keywords_never_hide_a_match(cue: Cue, corpus_dir: Path) -> None:
    """On a whole real opinion: wherever the regex matches a sentence, the prefilter lets it through."""
    if not cue.example_opinion:
        return
    text = _opinion_text(corpus_dir, cue.example_opinion)
    for piece in re.split(r"(?<=[.!?])\s+", text):
        if cue.pattern.search(piece.lower()):
            assert cue.may_match(piece.lower()), (cue.name, piece[:120])


def _hits(text: str, appellate: bool = True) -> list[str]:
    return [f"{h.cue.signal}:{h.cue.name}" for h in read_sentence(0, Sentence(0, len(text), text), appellate=appellate)]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # this court's ruling
        ("Officer Guttman was therefore entitled to qualified immunity.", ["grant:entitled"]),
        # the general standard is not a ruling
        ("Officials are entitled to qualified immunity unless (1) the facts make out a violation.", []),
        # a party's argument is not a ruling
        ("Johnson argues on appeal that defendants are not entitled to qualified immunity because of Hope.", []),
        # an appellate court describing the district court is not ruling
        ("The district court concluded that Lombardi did not have qualified immunity and was not entitled to "
         "qualified immunity.", []),
        # ... unless it agrees
        ("The district court also correctly found that the defendants were entitled to qualified immunity.",
         ["grant:entitled"]),
        # a citation parenthetical is not this court's ruling
        ("See Smith v. Jones, 1 F.3d 1 (1st Cir. 1990) (officer was entitled to qualified immunity).", []),
        # another immunity is not qualified immunity
        ("Because we hold that the suit is barred by sovereign immunity, we reverse.", []),
        # prong 2, not prong 1, when the violation is only what officials could have believed
        ("Defendants could reasonably have believed that their conduct did not violate Johnson's eighth "
         "amendment right.", ["not_established:reasonably_believed_lawful"]),
    ],
)
def test_court_voice_filters(sentence: str, expected: list[str]) -> None:
    assert _hits(sentence) == expected


def test_court_voice_strips_parentheticals_and_long_quotes() -> None:
    s = 'He was immune (see Doe v. Roe, 2 F.3d 2 (1st Cir. 1992)) and "the officer is nonetheless entitled to qualified immunity when he acted reasonably" here.'
    v = court_voice(s)
    assert "Doe" not in v and "nonetheless" not in v and v.startswith("He was immune")
