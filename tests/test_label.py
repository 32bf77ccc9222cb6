"""The labeler core on real opinions: agreement with the hand-coded development labels (the issue's target
figures), evidence that points into the text, the fast path, and invariants on arbitrary text."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairwarning.labeler import GOLD_FIELDS, Label, label_opinion
from fairwarning.labeler.evaluate import evaluate, parse_gold
from fairwarning.labeler.segment import collapse, split_sentences
from fairwarning.reference import taxonomy
from test_label_helpers import stored_label, stored_text

VOCAB = {
    "qi_outcome": {None, "granted", "denied", "mixed"},
    "prong1": {"violation", "no_violation", "not_reached", "mixed"},
    "prong2": {"clearly_established", "not_clearly_established", "not_reached", "mixed"},
    "stage": {None, "motion_to_dismiss", "summary_judgment", "trial_or_post_trial", "other"},
    "interlocutory": {None, True, False},
}


@cache
def _gold(shared_dir: Path) -> tuple[dict, ...]:
    lines = (shared_dir / "eval" / "labels-dev.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(parse_gold(lines))


@cache
def _dev_labels(shared_dir: Path) -> dict[str, tuple[int, Label]]:
    corpus = shared_dir / "corpus"
    out = {}
    for n, g in enumerate(_gold(shared_dir)):
        out[g["cl_opinion_id"]] = (n, stored_label(corpus, g["cl_opinion_id"]))
    return out


def test_dev_set_meets_the_issue_targets(shared_dir: Path) -> None:
    """The figures the issue asks for, on the 22 development labels (the held-out set is measured by
    `fairwarning eval labels`)."""
    report = evaluate(list(_gold(shared_dir)), _dev_labels(shared_dir))
    f = {r.field: r for r in report.fields}
    assert report.n_matched == len(_gold(shared_dir))
    assert f["qi_decided"].f1 >= 0.95
    assert f["qi_outcome"].accuracy >= 0.85
    assert f["prong1"].accuracy >= 0.80 and f["prong2"].accuracy >= 0.80
    assert f["merits_skipped"].f1 >= 0.75
    assert f["rights"].f1 >= 0.80


def test_every_dev_label_uses_the_gold_vocabulary(shared_dir: Path) -> None:
    for _, lab in _dev_labels(shared_dir).values():
        d = lab.fields()
        for name, allowed in VOCAB.items():
            assert d[name] in allowed, (name, d[name])
        assert set(d["rights"]) <= set(taxonomy.RIGHTS)
        assert set(d["official_type"]) <= set(taxonomy.OFFICIAL_TYPES)
        if not d["qi_decided"]:
            assert d["qi_outcome"] is None and d["rights"] == [] and not d["merits_skipped"]
        else:
            assert d["qi_outcome"] is not None and d["rights"]
        if d["merits_skipped"]:
            assert d["prong2"] in ("not_clearly_established", "mixed")


def _qi_texts(corpus_dir: Path) -> list[str]:
    ids = []
    for sub in ("courtlistener-ca1", "courtlistener-sample"):
        for p in sorted((corpus_dir / sub / "opinions").glob("*.json")):
            if re.search(r"qualified\s+immunity", p.read_text(encoding="utf-8"), re.IGNORECASE):
                ids.append(p.stem)
    return [stored_text(corpus_dir, i) for i in ids]


def test_evidence_points_into_the_text_for_every_qi_opinion(corpus_dir: Path) -> None:
    texts = _qi_texts(corpus_dir)
    assert len(texts) >= 40
    decided = 0
    for text in texts:
        lab = label_opinion(text)
        decided += lab.qi_decided
        for e in lab.evidence:
            assert 0 <= e.start < e.end <= len(text)
            assert collapse(text[e.start:e.end]) == e.text
        if lab.qi_decided:
            assert lab.evidence_for("qi_outcome"), "a decided label must say why"
            assert lab.evidence_for("qi_decided")
    assert 10 <= decided < len(texts)  # some rule on QI, some only mention it


def test_text_without_qualified_immunity_is_not_decided(corpus_dir: Path) -> None:
    text = stored_text(corpus_dir, "148334")  # a habeas case: "clearly established Federal law", no QI
    assert "clearly established" in text and "qualified immunity" not in text.lower()
    lab = label_opinion(text, court_id="ca1")
    assert not lab.qi_decided and lab.qi_outcome is None and lab.rights == () and lab.confidence == "high"
    assert all(e.field == "published" for e in lab.evidence)


def test_label_round_trips_through_fields(corpus_dir: Path) -> None:
    lab = label_opinion(stored_text(corpus_dir, "194789"), court_id="ca1")
    again = Label.from_fields(json.loads(json.dumps(lab.fields())), [e.to_dict() for e in lab.evidence])
    assert again == lab and again.evidence == lab.evidence
    assert list(lab.fields())[: len(GOLD_FIELDS)] == list(GOLD_FIELDS)


def test_precedential_status_wins_over_header() -> None:
    text = "NOT FOR PUBLICATION\nUnited States Court of Appeals\nWe affirm."
    assert label_opinion(text).published is False
    assert label_opinion(text, precedential_status="published").published is True


_QI_PHRASES = st.sampled_from([
    "Officer Smith is entitled to qualified immunity.", "We reverse the denial of qualified immunity.",
    "The law was not clearly established in 1990.", "Defendants are not entitled to qualified immunity.",
    "(holding the officer entitled to qualified immunity)", "We need not decide whether force was excessive.",
    "\n\n   -12-\n\x0c", "Smith v. Jones, 1 F.3d 2 (1st Cir. 1990).", "“quoted",
])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(_QI_PHRASES, st.text(max_size=80)), max_size=25))
def test_any_text_labels_without_error_and_spans_stay_inside(parts: list[str]) -> None:
    text = " ".join(parts)
    lab = label_opinion(text)
    for e in lab.evidence:
        assert 0 <= e.start <= e.end <= len(text)
        assert collapse(text[e.start:e.end]) == e.text
    assert lab.fields()["qi_outcome"] in VOCAB["qi_outcome"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. \n\tCv(),'\"0")), max_size=300))
def test_sentences_cover_the_text_in_order(text: str) -> None:
    prev = 0
    for s in split_sentences(text):
        assert prev <= s.start < s.end <= len(text)
        assert s.text == collapse(text[s.start:s.end]) and s.text
        prev = s.end
    assert collapse(text) == " ".join(s.text for s in split_sentences(text))


@pytest.mark.parametrize("cl_id", ["3449", "1403654"])
def test_mixed_outcomes_cite_both_sides(cl_id: str, shared_dir: Path) -> None:
    """A mixed result must carry evidence for a grant and for a denial (or a denial left standing)."""
    _, lab = _dev_labels(shared_dir)[cl_id]
    gold = {g["cl_opinion_id"]: g for g in _gold(shared_dir)}[cl_id]
    assert gold["qi_outcome"] == "mixed"
    cues = {e.cue.split(":")[0] for e in lab.evidence_for("qi_outcome")}
    assert lab.qi_outcome == "mixed" and "grant" in cues and cues & {"deny", "deny_left_standing"}


def test_a_dissent_does_not_change_the_outcome() -> None:
    majority = ("United States Court of Appeals. The officers appeal. " * 3
                + "We hold that Officer Doe is entitled to qualified immunity. We affirm. " + "Background facts. " * 20)
    dissent = "SMITH, Circuit Judge, dissenting. In my view Officer Doe is not entitled to qualified immunity."
    lab = label_opinion(majority + "\n\n" + dissent, court_id="ca1")
    assert lab.qi_decided and lab.qi_outcome == "granted"
    assert label_opinion(majority + "\n\n" + dissent.split(". ", 1)[1], court_id="ca1").qi_outcome == "mixed"


def test_posture_and_disposition_give_the_outcome_when_no_sentence_rules() -> None:
    text = ("United States Court of Appeals. The officers appeal from the district court's order denying "
            "their motion for summary judgment on qualified immunity grounds. We reverse. "
            + "The facts follow. " * 10 + "The qualified immunity question turns on the law in 1990.")
    lab = label_opinion(text, court_id="ca1")
    assert lab.qi_decided and lab.qi_outcome == "granted" and lab.confidence == "low"
    assert lab.interlocutory is True
    cues = {e.cue for e in lab.evidence_for("qi_outcome")}
    assert {"posture:lower_denied", "disposition:reverse"} <= cues


def test_every_field_value_has_evidence(corpus_dir: Path) -> None:
    """Auditable labels: each value other than the default cites at least one sentence."""
    for text in _qi_texts(corpus_dir):
        lab = label_opinion(text)
        d = lab.fields()
        assert len(lab.evidence_for("official_type")) == len(d["official_type"])
        if d["stage"] is not None:
            assert lab.evidence_for("stage")
        if d["interlocutory"]:
            assert lab.evidence_for("interlocutory")
        if not lab.qi_decided:
            continue
        for name in ("prong1", "prong2"):
            if d[name] != "not_reached":
                assert lab.evidence_for(name), (name, d[name])
        if d["merits_skipped"]:
            assert lab.evidence_for("merits_skipped")
        if d["rights"] != ["other"]:
            assert len(lab.evidence_for("rights")) == len(d["rights"])
