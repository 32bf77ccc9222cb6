"""Shared helpers of the labeler tests (no tests here): read one real opinion from the shared corpus the way the
ingest pipeline stores it, and label it. Imported as ``from test_label_helpers import ...`` (pytest puts
``tests/`` on the import path)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fairwarning.corpus.sources import discover, read_records
from fairwarning.corpus.text import clean_text
from fairwarning.labeler import Label, label_opinion
from fairwarning.models import OpinionRecord

__all__ = ["opinion_record", "stored_label", "stored_text"]

#: the corpus folders that hold CourtListener opinions (``<folder>/opinions/<id>.json``)
_FOLDERS = ("courtlistener-ca1", "courtlistener-sample", "scotus")


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
