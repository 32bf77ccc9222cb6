"""Shared helpers of the labeler tests (no tests here): read one real opinion from the shared corpus the way the
ingest pipeline stores it, and label it; read one sentence's cues. Imported as ``from test_label_helpers import ...`` (pytest puts
``tests/`` on the import path)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fairwarning.corpus.sources import discover, read_records
from fairwarning.corpus.text import clean_text
from fairwarning.labeler import Label, label_opinion
from fairwarning.labeler.rules import read_sentence
from fairwarning.labeler.segment import Sentence, collapse
from fairwarning.models import OpinionRecord

__all__ = ["corpus_signals", "cue_signals", "opinion_record", "stored_label", "stored_text"]

#: the corpus folders that hold CourtListener opinions (``<folder>/opinions/<id>.json``)
_FOLDERS = ("courtlistener-ca1", "courtlistener-sample", "scotus", "scotus-recent")


@cache
def opinion_record(corpus_dir: Path, cl_id: str) -> OpinionRecord:
    """The record the ingest pipeline would store for this CourtListener opinion id."""
    for sub in _FOLDERS:
        path = corpus_dir / sub / "opinions" / f"{cl_id}.json"
        if path.exists():
            inputs, companions, _ = discover([path])
            for f in inputs:
                for rec in read_records(f, companions):
                    if isinstance(rec, OpinionRecord):
                        return rec
    raise AssertionError(f"opinion {cl_id} not readable from the shared corpus")


def stored_text(corpus_dir: Path, cl_id: str) -> str:
    """The opinion's text cleaned as stored."""
    return clean_text(opinion_record(corpus_dir, cl_id).text)


@cache
def stored_label(corpus_dir: Path, cl_id: str) -> Label:
    """The label of the stored text, with the record's court id and precedential status."""
    rec = opinion_record(corpus_dir, cl_id)
    return label_opinion(clean_text(rec.text), court_id=rec.court_id, precedential_status=rec.precedential_status)


def cue_signals(sentence: str, *, appellate: bool = True) -> set[str]:
    """The cues ("signal:name") that fire in one sentence (whitespace collapsed), read as the labeler reads it."""
    text = collapse(sentence)
    return {f"{h.cue.signal}:{h.cue.name}" for h in read_sentence(0, Sentence(0, len(text), text), appellate=appellate)}


def corpus_signals(corpus_dir: Path, cl_id: str, sentence: str) -> set[str]:
    """:func:`cue_signals` of a sentence that must be one of the stored opinion's (whitespace aside)."""
    assert collapse(sentence) in collapse(stored_text(corpus_dir, cl_id)), f"not a sentence of opinion {cl_id}"
    return cue_signals(sentence)
