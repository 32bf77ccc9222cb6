"""``fairwarning sync-citations``: reporter citations for stored decisions that have none, from CourtListener's
clusters API (v4), over a loopback server serving the real cluster objects in tests/fixtures/feeds/api. No
network beyond 127.0.0.1."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fairwarning.corpus.citelookup import (
    PROVENANCE,
    cluster_reporter_cites,
    lookup_citations,
    pending_clusters,
)
from fairwarning.corpus.ingest import ingest_records
from fairwarning.corpus.sources import courtlistener_api as api
from fairwarning.corpus.store import Store
from fairwarning.errors import RemoteError
from fairwarning.models import OpinionRecord
from loopback import serve_json

API = Path(__file__).parent / "fixtures" / "feeds" / "api"
TOKEN = "secret-token"
#: stored without their cites (as the First Circuit files are), with the cluster id the source gave
CLUSTERS = ("368641", "418313", "627538", "700105")


def _load(kind: str, ident: str) -> dict[str, Any]:
    return json.loads((API / kind / f"{ident}.json").read_text(encoding="utf-8"))


def _cluster(ident: str) -> dict[str, Any]:
    """The real cluster object; 700105 also carries a LEXIS and a Westlaw id (types 6, 7), as many do."""
    c = copy.deepcopy(_load("clusters", ident))
    if ident == "700105":
        c["citations"] += [{"volume": 1995, "reporter": "U.S. App. LEXIS", "page": "19091", "type": 6},
                           {"volume": 1995, "reporter": "WL", "page": "434564", "type": 7}]
    return c


class Fake:
    def __init__(self) -> None:
        self.origin = ""
        self.paths: list[str] = []
        self.fail: list[tuple[int, dict[str, str]]] = []  # answers to give before the real ones

    def answer(self, path: str, auth: str | None) -> tuple[int, dict[str, str], bytes]:
        self.paths.append(path)
        if auth != f"Token {TOKEN}":
            return 401, {}, b'{"detail": "Invalid token."}'
        if self.fail:
            status, headers = self.fail.pop(0)
            return status, headers, b'{"detail": "Request was throttled."}'
        kind, _, ident = path.split("?")[0].removeprefix("/api/rest/v4/").strip("/").partition("/")
        if kind == "clusters" and (API / "clusters" / f"{ident}.json").exists():
            return 200, {}, json.dumps(_cluster(ident)).encode()
        return 404, {}, b'{"detail": "No Cluster matches the given query."}'


@pytest.fixture
def loopback() -> Iterator[Fake]:
    fake = Fake()
    with serve_json(lambda path, headers: fake.answer(path, headers.get("authorization"))) as origin:
        fake.origin = origin
        yield fake


def _records() -> list[OpinionRecord]:
    out = []
    for ident in CLUSTERS:
        cluster = {**_load("clusters", ident), "citations": []}  # the source gave no citation
        docket = _load("dockets", str(cluster["docket_id"]))
        rec = api.record_from_objects(_load("opinions", ident), cluster, docket)
        assert rec is not None and rec.cluster_id == ident and not rec.reporter_citations
        text = rec.text  # the caption's own cite removed too, as in a slip opinion
        for cite in cluster_reporter_cites(_load("clusters", ident)):
            text = re.sub(r"\s+".join(re.escape(part) for part in cite.split()), " ", text)
        out.append(replace(rec, text=text))
    # a cluster CourtListener does not have, and a later opinion that cites 60 F.3d 826 (cluster 700105)
    out.append(OpinionRecord(source="file", source_id="gone", cluster_id="999999999", court_id="ca4",
                             case_name="Gone v. Missing", text="OPINION. " + "The facts are these. " * 40))
    out.append(OpinionRecord(source="file", source_id="citing", court_id="ca4", case_name="Later v. Citer",
                             text="OPINION. " + "The facts are these. " * 40
                             + "We follow United States v. Robinson, 60 F.3d 826 (4th Cir. 1995), here."))
    return out


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_records(_records(), store)
    return path


def _client(fake: Fake, sleeps: list[float] | None = None) -> api.CourtListenerClient:
    return api.CourtListenerClient(TOKEN, base_url=f"{fake.origin}/api/rest/v4/",
                                   sleep=(sleeps.append if sleeps is not None else lambda s: None))


def _cites(store: Store, oid: int) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT cite FROM reporter_citations WHERE opinion_id = ? ORDER BY cite",
                                             (oid,))]


def _oid(store: Store, cluster: str) -> int:
    return int(store.conn.execute("SELECT id FROM opinions WHERE cluster_id = ?", (cluster,)).fetchone()[0])


def test_cluster_reporter_cites_keeps_reporters_only() -> None:
    assert cluster_reporter_cites(_cluster("700105")) == ("60 F.3d 826",)  # not the LEXIS or Westlaw ids
    assert cluster_reporter_cites(_cluster("110763")) == ("457 U.S. 800", "102 S. Ct. 2727", "73 L. Ed. 2d 396")
    assert cluster_reporter_cites({"citations": []}) == ()
    assert cluster_reporter_cites({"citations": [{"volume": 1, "reporter": "Not A Reporter", "page": "2"}]}) == ()


def test_lookup_stores_cites_with_provenance_and_resolves_citing_opinions(loopback: Fake, store_path: Path) -> None:
    with Store(store_path) as store:
        pending, without = pending_clusters(store)
        assert set(pending) == {*CLUSTERS, "999999999"} and without == 1  # the citing opinion has no cluster
        citing = int(store.conn.execute("SELECT id FROM opinions WHERE case_name = 'Later v. Citer'").fetchone()[0])
        before = store.conn.execute("SELECT resolved_opinion_id FROM citations WHERE opinion_id = ? AND "
                                    "normalized = '60 F.3d 826'", (citing,)).fetchone()
        assert before is not None and before[0] is None
        with _client(loopback) as client:
            s = lookup_citations(store, client)
        assert (s.asked, s.found, s.not_found, s.without_cites) == (5, 4, 1, 0)
        assert s.requests == 5 and s.opinions_updated == 4
        robinson = _oid(store, "700105")
        assert _cites(store, robinson) == ["60 F.3d 826"]
        assert _cites(store, _oid(store, "368641")) == ["603 F.2d 217"]
        prov = json.loads(store.conn.execute("SELECT provenance FROM opinions WHERE id = ?", (robinson,)).fetchone()[0])
        assert prov["reporter_citations"] == PROVENANCE
        after = store.conn.execute("SELECT resolved_opinion_id FROM citations WHERE opinion_id = ? AND "
                                   "normalized = '60 F.3d 826'", (citing,)).fetchone()
        assert after[0] == robinson  # the citing opinion now points at the decision
        # `show` by citation finds it
        assert store.get_opinion("60 F.3d 826").id == robinson
        # a re-run asks nothing: found clusters have cites, the 404 is recorded
        loopback.paths.clear()
        with _client(loopback) as client:
            again = lookup_citations(store, client)
        assert again.asked == 0 and loopback.paths == []
        with _client(loopback) as client:
            rechecked = lookup_citations(store, client, recheck=True)
        assert rechecked.asked == 1 and rechecked.not_found == 1


def test_429_is_retried_by_the_client_and_limit_bounds_the_run(loopback: Fake, store_path: Path) -> None:
    loopback.fail = [(429, {"Retry-After": "2"})]
    sleeps: list[float] = []
    with Store(store_path) as store, _client(loopback, sleeps) as client:
        s = lookup_citations(store, client, limit=2)
    assert s.asked == 2 and s.found == 2 and 2.0 in sleeps


def test_a_refused_token_stops_the_run_keeping_what_was_written(loopback: Fake, store_path: Path) -> None:
    bad = api.CourtListenerClient("wrong", base_url=f"{loopback.origin}/api/rest/v4/", sleep=lambda s: None)
    with Store(store_path) as store, bad, pytest.raises(RemoteError, match="refused the token"):
        lookup_citations(store, bad)
    with Store(store_path) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM reporter_citations").fetchone()[0] == 0


def _cli(loopback: Fake, db: Path, *extra: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in api.TOKEN_ENVS}
    if token:
        env["COURTLISTENER_API_TOKEN"] = token  # the official SDK's name works too
    cmd = [sys.executable, "-m", "fairwarning", "sync-citations", "--db", str(db),
           "--base-url", f"{loopback.origin}/api/rest/v4/", "--min-interval", "0", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def test_cli_over_loopback(loopback: Fake, store_path: Path) -> None:
    res = _cli(loopback, store_path, "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["found"] == 4
    show = subprocess.run([sys.executable, "-m", "fairwarning", "show", "60 F.3d 826", "--db", str(store_path)],
                          capture_output=True, text=True, timeout=300)
    assert show.returncode == 0 and "Robinson" in show.stdout, show.stderr


def test_cli_without_token_exits_2_with_one_line(loopback: Fake, tmp_path: Path) -> None:
    res = _cli(loopback, tmp_path / "x.db", token=None)
    assert res.returncode == 2 and "COURTLISTENER_TOKEN" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert not (tmp_path / "x.db").exists() and loopback.paths == []


def test_the_memo_citation_is_the_looked_up_reporter_cite(loopback: Fake, store_path: Path) -> None:
    """After the lookup the decision's case record (what a memo prints) carries the reporter citation, not the
    docket form."""
    from fairwarning.analysis.cases import case_record, merge_copies
    from fairwarning.analysis.precedents import _copies

    with Store(store_path) as store:
        robinson = _oid(store, "700105")
        before = case_record(merge_copies(_copies(store.conn, {robinson}, {}))[0])
        assert "60 F.3d 826" not in before.full_citation
        with _client(loopback) as client:
            lookup_citations(store, client)
        after = case_record(merge_copies(_copies(store.conn, {robinson}, {}))[0])
    assert after.reporter_cite == "60 F.3d 826" and after.citation_source == "store"
    assert after.full_citation.endswith("60 F.3d 826 (4th Cir. 1995)"), after.full_citation
