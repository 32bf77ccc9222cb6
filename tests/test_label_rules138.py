"""Rules added in rules-1.38 (issue 10), from fresh batch-12 (docs/fresh-reading: Supreme Court decisions of 2018-2026
that decide no QI defense, coded blind, scored once on rules-1.37, now spent).

Hernandez v. Mesa, 589 U.S. 93 (2020), is printed without its caption: its first pages tell the District Court's
dismissal, and the labeler took the opinion for a trial court's, so "the Court of Appeals had held that Agent Mesa was
entitled to qualified immunity" read as this court's grant. A Supreme Court or court-of-appeals id now wins over a
"district court" told in the first pages."""

from __future__ import annotations

import json
from pathlib import Path

from fairwarning.corpus.text import clean_text
from fairwarning.labeler import label_opinion
from fairwarning.labeler.context import appellate_court

FRESH = Path(__file__).resolve().parents[1] / "docs" / "fresh-reading"
HERNANDEZ_2020 = "9226104"


def _text(batch: str, cl_id: str) -> tuple[str, dict[str, str]]:
    path = FRESH / batch / "opinions" / f"{cl_id}.json"
    assert path.is_file(), f"evaluation text missing: {path}"
    obj = json.loads(path.read_text(encoding="utf-8"))
    return clean_text(obj["plain_text"]), obj


def test_a_reviewing_courts_id_wins_over_a_district_court_in_the_facts() -> None:
    text, obj = _text("batch-12", HERNANDEZ_2020)
    assert "District Court" in text[:3000] and "Court of Appeals" not in text[:1500]
    assert appellate_court(text, "scotus")
    label = label_opinion(text, court_id=obj["court"], date_decided=obj["date_filed"])
    assert not label.qi_decided and label.interlocutory is False


def test_a_trial_court_without_a_reviewing_id_is_still_read_from_its_header() -> None:
    head = "UNITED STATES DISTRICT COURT FOR THE DISTRICT OF MASSACHUSETTS\n\nMEMORANDUM AND ORDER\n\n"
    assert not appellate_court(head + "The Court of Appeals has held ...", "mad")
    assert not appellate_court(head, None)
