"""Per-right rulings in the store (``label_rulings``): written with each label, replaced on relabel, read by
right, court and date."""

from __future__ import annotations

import json
from pathlib import Path

from fairwarning.corpus.store import Store
from fairwarning.labeler import LABELER_VERSION, Label
from fairwarning.labeler.model import Evidence, Ruling
from fairwarning.labeler.storage import label_store, load_labels, load_rulings
from test_analysis_support import labeled_store


def test_every_right_of_a_qi_label_has_its_ruling(corpus_db: Path) -> None:
    with Store(labeled_store(corpus_db), readonly=True) as store:
        labels = {s.opinion_id: s for s in load_labels(store, qi_only=True)}
        rulings = list(load_rulings(store))
    assert len(labels) >= 40
    by_opinion: dict[int, set[str]] = {}
    merits = in_qi_opinions = 0
    for r in rulings:
        assert r.labeler_version == LABELER_VERSION
        assert r.ruling.evidence, (r.opinion_id, r.ruling.right)  # no ruling without a sentence behind it
        if not r.ruling.qi_decided:
            # a merits holding outside a QI ruling (rules-1.7): a prong-1 value, no QI outcome, no prong 2; in a QI
            # opinion (rules-1.22) only on a claim the opinion has no QI ruling on
            merits += 1
            assert r.ruling.qi_outcome is None, r
            assert r.opinion_id not in labels or r.ruling.right not in labels[r.opinion_id].label.rights, r
            assert r.ruling.prong1 != "not_reached" and r.ruling.prong2 == "not_reached", r
            in_qi_opinions += r.opinion_id in labels
            continue
        by_opinion.setdefault(r.opinion_id, set()).add(r.ruling.right)
    for oid, s in labels.items():
        assert by_opinion.get(oid, set()) == set(s.label.rights), oid
    assert set(by_opinion) <= set(labels)
    assert merits >= 3  # Tennessee v. Garner, Brown v. Texas, Heien v. North Carolina at least
    assert in_qi_opinions >= 2  # Massey v. Rufo (medical care), Sullivan v. Schweikhard (keeplock due process)


def test_rulings_by_right_court_and_date(corpus_db: Path) -> None:
    with Store(labeled_store(corpus_db), readonly=True) as store:
        every = list(load_rulings(store))
        force = list(load_rulings(store, right="4A_excessive_force"))
        ca1_before = list(load_rulings(store, courts=["ca1"], before="2005-01-01"))
        qi = list(load_rulings(store, qi_only=True))
    assert force and all(r.ruling.right == "4A_excessive_force" for r in force)
    assert {r.opinion_id for r in force} == {r.opinion_id for r in every if r.ruling.right == "4A_excessive_force"}
    assert ca1_before and all(r.court == "ca1" and r.date_decided < "2005-01-01" for r in ca1_before)
    assert len(qi) <= len(every)
    dates = [r.date_decided or "" for r in every]
    assert dates == sorted(dates)


def test_relabel_replaces_the_rulings(tmp_path: Path, corpus_dir: Path) -> None:
    """A labeler whose second reading drops a right leaves no stale ruling behind."""
    from fairwarning.corpus.ingest import ingest

    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([corpus_dir / "scotus" / "opinions"], store, workers=1)
        ev = Evidence("qi_outcome", "test", 0, 5, "Held.")

        def two_rights(text: str, **_: object) -> Label:
            rulings = (Ruling("4A_excessive_force", True, "granted", evidence=(ev,)),
                       Ruling("1A_retaliation", True, "denied", evidence=(ev,)))
            return Label(True, "mixed", rights=("4A_excessive_force", "1A_retaliation"), rulings=rulings)

        def one_right(text: str, **_: object) -> Label:
            return Label(True, "granted", rights=("4A_excessive_force",),
                         rulings=(Ruling("4A_excessive_force", True, "granted", evidence=(ev,)),))

        label_store(store, version="t1", labeler=two_rights)
        n = store.conn.execute("SELECT COUNT(*) FROM opinions").fetchone()[0]
        assert len(list(load_rulings(store, version="t1"))) == 2 * n
        store.conn.execute("UPDATE labels SET text_hash = 'changed' WHERE labeler_version = 't1'")
        label_store(store, version="t1", labeler=one_right)
        after = list(load_rulings(store, version="t1"))
    assert len(after) == n and {r.ruling.right for r in after} == {"4A_excessive_force"}
    assert {r.ruling.qi_outcome for r in after} == {"granted"}
    assert json.loads(json.dumps(after[0].ruling.fields()))["right"] == "4A_excessive_force"
