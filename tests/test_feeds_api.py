"""Live CourtListener v4 client and resumable sync, against a mock transport serving responses built from the
real objects (tests/fixtures/feeds/api, made by make_fixtures.py). No network."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest

from fairwarning.corpus import sync as cl_sync
from fairwarning.corpus.sources import courtlistener_api as api
from fairwarning.corpus.store import Store
from fairwarning.errors import InputError, RemoteError
from fairwarning.models import OpinionRecord, Rejection
from loopback import serve_json

API = Path(__file__).parent / "fixtures" / "feeds" / "api"
BASE = "https://courtlistener.test/api/rest/v4/"
PAGE_SIZE = 2


def _load(rel: str) -> dict | list:
    return json.loads((API / rel).read_text(encoding="utf-8"))


def _us_date(value: str) -> dt.date:
    """A search date as CourtListener's form reads it: ISO (what the official SDK sends) or US style."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return dt.datetime.strptime(value, "%m/%d/%Y").date()


class FakeCourtListener:
    """Serves search (paged with a cursor, filtered by court and date), opinions, clusters and dockets from the
    fixture objects; ``fail`` queues (status, headers) answers to give before the real one for a path prefix."""

    def __init__(self, token: str = "secret-token", origin: str = "https://courtlistener.test") -> None:
        self.token = token
        self.origin = origin
        self.requests: list[httpx.Request] = []
        self.fail: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.raise_for: dict[str, int] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("Authorization") != f"Token {self.token}":
            return httpx.Response(401, json={"detail": "Invalid token."})
        path = request.url.path
        for prefix, remaining in self.raise_for.items():
            if path.startswith(prefix) and remaining > 0:
                self.raise_for[prefix] -= 1
                raise httpx.ConnectError("connection refused", request=request)
        for prefix, queue in self.fail.items():
            if path.startswith(prefix) and queue:
                status, headers = queue.pop(0)
                return httpx.Response(status, headers=headers, json={"detail": "try later"})
        if path == "/api/rest/v4/search/":
            return self._search(request)
        kind, _, ident = path.removeprefix("/api/rest/v4/").strip("/").partition("/")
        file = API / kind / f"{ident}.json"
        if kind in ("opinions", "clusters", "dockets") and file.exists():
            return httpx.Response(200, json=_load(f"{kind}/{ident}.json"))
        return httpx.Response(404, json={"detail": "Not found."})

    def _search(self, request: httpx.Request) -> httpx.Response:
        q = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        assert q["type"] == "o" and q["order_by"] == "dateFiled asc"
        # a Django BooleanField: "on" (a browser's form) or "true" (the official SDK) both mean checked
        assert all(q.get(f"stat_{s}") in ("on", "true") for s in ("Published", "Unpublished"))
        file = API / f"search-{q['court']}.json"
        results = json.loads(file.read_text()) if file.exists() else []
        if "filed_after" in q:
            results = [r for r in results if r["dateFiled"] >= _us_date(q["filed_after"]).isoformat()]
        if "filed_before" in q:
            results = [r for r in results if r["dateFiled"] <= _us_date(q["filed_before"]).isoformat()]
        try:
            offset = int(base64.b64decode(q["cursor"]).decode()) if "cursor" in q else 0
        except ValueError:
            return httpx.Response(404, json={"detail": "Invalid cursor"})
        page = results[offset : offset + PAGE_SIZE]
        nxt = None
        if offset + PAGE_SIZE < len(results):
            params = {k: v for k, v in q.items() if k != "cursor"}
            params["cursor"] = base64.b64encode(str(offset + PAGE_SIZE).encode()).decode()
            nxt = f"{self.origin}/api/rest/v4/search/?{urlencode(params)}"
        return httpx.Response(
            200, json={"count": len(results), "next": nxt, "previous": None, "results": page}
        )

    def paths(self, prefix: str) -> list[str]:
        return [r.url.path for r in self.requests if r.url.path.startswith(prefix)]


@pytest.fixture
def server() -> FakeCourtListener:
    return FakeCourtListener()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(server, sleeps, monkeypatch) -> api.CourtListenerClient:
    monkeypatch.setenv(api.TOKEN_ENV, server.token)
    return api.CourtListenerClient(base_url=BASE, transport=httpx.MockTransport(server), sleep=sleeps.append)


class ListWriter:
    """Stands in for ingest_records: records each write and registers the ids in the store's opinion_sources
    (so the sync's already-stored check sees them), committing like the real writer does."""

    def __init__(self, fail_on_call: int | None = None) -> None:
        self.calls = 0
        self.written: list[OpinionRecord] = []
        self.fail_on_call = fail_on_call

    def __call__(self, records: list[OpinionRecord], store: Store) -> None:
        self.calls += 1
        if self.fail_on_call == self.calls:
            raise KeyboardInterrupt("killed while writing a page")
        with store.transaction() as conn:
            for r in records:
                cur = conn.execute(
                    "INSERT INTO opinions (text_hash, text) VALUES (?, ?)", (r.source_id, r.text)
                )
                conn.execute(
                    "INSERT INTO opinion_sources (source, source_id, opinion_id) VALUES (?, ?, ?)",
                    (r.source, r.source_id, cur.lastrowid),
                )
        self.written.extend(records)


def _search_ids(court: str) -> list[str]:
    return [str(o["id"]) for r in _load(f"search-{court}.json") for o in r["opinions"]]


# -- client ---------------------------------------------------------------------------------------------------------
def test_missing_token_is_a_clear_input_error(monkeypatch):
    for name in api.TOKEN_ENVS:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(InputError, match="COURTLISTENER_TOKEN"):
        api.CourtListenerClient(base_url=BASE, transport=httpx.MockTransport(FakeCourtListener()))


def test_requests_carry_the_token_and_use_the_configured_base_url(client, server):
    client.opinion(368641)
    client.cluster(368641)
    assert {r.headers["Authorization"] for r in server.requests} == {"Token secret-token"}
    assert {r.url.host for r in server.requests} == {"courtlistener.test"}
    assert server.paths("/api/rest/v4/") == ["/api/rest/v4/opinions/368641/", "/api/rest/v4/clusters/368641/"]


def test_search_follows_cursor_pages_in_date_order(client):
    pages = list(client.search("ca4"))
    results = [r for p in pages for r in p.results]
    assert len(pages) == -(-len(_load("search-ca4.json")) // PAGE_SIZE)
    assert [r["cluster_id"] for r in results] == [r["cluster_id"] for r in _load("search-ca4.json")]
    assert pages[-1].next_url is None and all(p.next_url for p in pages[:-1])
    assert [r["dateFiled"] for r in results] == sorted(r["dateFiled"] for r in results)


def test_429_waits_for_retry_after_then_succeeds(client, server, sleeps):
    server.fail["/api/rest/v4/search/"] = [(429, {"Retry-After": "7"})]
    pages = list(client.search("scotus"))
    assert sleeps == [7.0]
    assert len(server.paths("/api/rest/v4/search/")) == 1 + len(pages)


def test_500_then_success_backs_off(client, server, sleeps):
    server.fail["/api/rest/v4/opinions/"] = [(500, {}), (503, {})]
    assert client.opinion(368641)["id"] == 368641
    assert len(sleeps) == 2 and 0 < sleeps[0] < sleeps[1]


def test_retries_are_bounded(server, sleeps, monkeypatch):
    monkeypatch.setenv(api.TOKEN_ENV, server.token)
    c = api.CourtListenerClient(
        base_url=BASE, transport=httpx.MockTransport(server), sleep=sleeps.append, max_retries=3
    )
    server.fail["/api/rest/v4/opinions/"] = [(502, {})] * 10
    with pytest.raises(RemoteError, match="502"):
        c.opinion(368641)
    assert len(server.paths("/api/rest/v4/opinions/")) == 4 and len(sleeps) == 3


def test_transport_errors_become_remote_error_keeping_the_cause(server, sleeps, monkeypatch):
    monkeypatch.setenv(api.TOKEN_ENV, server.token)
    c = api.CourtListenerClient(
        base_url=BASE, transport=httpx.MockTransport(server), sleep=sleeps.append, max_retries=2
    )
    server.raise_for["/api/rest/v4/opinions/"] = 5
    with pytest.raises(RemoteError) as info:
        c.opinion(368641)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_rejected_token_is_not_retried(server, sleeps, monkeypatch):
    monkeypatch.setenv(api.TOKEN_ENV, "wrong")
    c = api.CourtListenerClient(base_url=BASE, transport=httpx.MockTransport(server), sleep=sleeps.append)
    with pytest.raises(RemoteError, match="token"):
        c.opinion(368641)
    assert sleeps == [] and len(server.requests) == 1


# -- records ----------------------------------------------------------------------------------------------------------
def test_search_result_and_object_records_agree():
    for result in _load("search-ca4.json") + _load("search-scotus.json"):
        opinion_id = result["opinions"][0]["id"]
        opinion = _load(f"opinions/{opinion_id}.json")
        cluster = _load(f"clusters/{result['cluster_id']}.json")
        docket = _load(f"dockets/{result['docket_id']}.json")
        a = api.record_from_search_result(result, opinion)
        b = api.record_from_objects(opinion, cluster, docket)
        if a is None:
            assert b is None and not (opinion["plain_text"] or opinion["html"])
            continue
        assert (
            a.source_id,
            a.case_name,
            a.court_id,
            a.date_decided,
            a.docket_number,
            a.precedential_status,
        ) == (b.source_id, b.case_name, b.court_id, b.date_decided, b.docket_number, b.precedential_status)
        assert a.reporter_citations == b.reporter_citations and a.text == b.text
        assert a.case_name == cluster["case_name"] and a.court_id == docket["court_id"]
        assert a.precedential_status == cluster["precedential_status"].lower()
        assert (
            a.date_decided.isoformat() == cluster["date_filed"] and a.provenance["date_decided"] == "source"
        )


def _documented_search_result(shared_dir: Path) -> dict:
    """The first result of the v4 search response in CourtListener's own API docs (the excerpt ends in "...")."""
    doc = (shared_dir / "fixtures/courtlistener-api/doc-excerpts/search-api-docs-vlatest__02.txt").read_text()
    start = doc.index("{", doc.index('"results"'))
    result, _ = json.JSONDecoder().raw_decode(doc, start)
    assert "/api/rest/v4/search/?cursor=" in doc  # cursor pagination, as the client follows it
    return result


def test_fixture_search_results_have_the_documented_v4_shape(shared_dir):
    documented = _documented_search_result(shared_dir)
    for result in _load("search-ca4.json") + _load("search-scotus.json"):
        assert set(result) == set(documented)
        assert set(result["opinions"][0]) == set(documented["opinions"][0])


def test_record_from_the_documented_search_result(shared_dir):
    documented = _documented_search_result(shared_dir)
    opinion = {"id": documented["opinions"][0]["id"], "plain_text": documented["opinions"][0]["snippet"]}
    r = api.record_from_search_result(documented, opinion)
    assert r is not None and (r.source, r.source_id) == ("courtlistener", "6489975")
    assert (r.case_name, r.court_id, r.date_decided, r.docket_number) == ("Foo v. Foo", "hawapp", dt.date(2003, 1, 10), "24158")
    assert r.precedential_status == "published" and r.reporter_citations == ("101 Haw. 235", "65 P.3d 182")
    assert r.cluster_id == "6613686" and r.provenance["court_id"] == "source"


# -- sync ----------------------------------------------------------------------------------------------------------
def test_sync_writes_every_opinion_once_and_saves_state(client, tmp_path):
    writer = ListWriter()
    with Store(tmp_path / "s.db") as store:
        summary = cl_sync.sync(store, "ca4", client=client, writer=writer)
        state = cl_sync.load_state(store, "ca4")
    with_text = [
        i
        for i in _search_ids("ca4")
        if _load(f"opinions/{i}.json")["plain_text"] or _load(f"opinions/{i}.json")["html"]
    ]
    assert [r.source_id for r in writer.written] == with_text
    assert summary.without_text == sorted(set(_search_ids("ca4")) - set(with_text))
    assert {r.court_id for r in writer.written} == {"ca4"}
    assert state.next_url is None and state.last_date == max(r["dateFiled"] for r in _load("search-ca4.json"))
    assert summary.written == len(with_text) and state.opinions == len(with_text)


def test_interrupted_sync_resumes_without_duplicates(client, server, tmp_path):
    db = tmp_path / "s.db"
    first = ListWriter(fail_on_call=2)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        cl_sync.sync(store, "ca4", client=client, writer=first)
    with Store(db) as store:
        saved = cl_sync.load_state(store, "ca4")
        assert saved.next_url and "cursor=" in saved.next_url  # the page that was being written
        second = ListWriter()
        summary = cl_sync.sync(store, "ca4", client=client, writer=second)
        stored = [
            r[0] for r in store.conn.execute("SELECT source_id FROM opinion_sources ORDER BY opinion_id")
        ]
    assert summary.resumed
    ids = [r.source_id for r in first.written + second.written]
    assert Counter(ids).most_common(1)[0][1] == 1 and ids == stored
    assert set(ids) == {r.source_id for r in ListWriter_all(client, tmp_path)}


def test_expired_cursor_restarts_the_query_without_duplicates(client, tmp_path):
    with Store(tmp_path / "s.db") as store:
        first = ListWriter(fail_on_call=2)
        with pytest.raises(KeyboardInterrupt):
            cl_sync.sync(store, "ca4", client=client, writer=first)
        saved = cl_sync.load_state(store, "ca4")
        expired = (
            saved.next_url.split("cursor=")[0] + "cursor=bm90LWEtbnVtYmVy"
        )  # CourtListener: Invalid cursor
        store.conn.execute("UPDATE cl_sync_state SET next_url = ? WHERE court = 'ca4'", (expired,))
        second = ListWriter()
        summary = cl_sync.sync(store, "ca4", client=client, writer=second)
    assert not summary.resumed and client.cursor_rejected
    ids = [r.source_id for r in first.written + second.written]
    assert len(ids) == len(set(ids)) and set(ids) == {r.source_id for r in ListWriter_all(client, tmp_path)}


def ListWriter_all(client: api.CourtListenerClient, tmp_path: Path) -> list[OpinionRecord]:  # noqa: N802
    writer = ListWriter()
    with Store(tmp_path / "fresh.db") as store:
        cl_sync.sync(store, "ca4", client=client, writer=writer)
    return writer.written


def test_incremental_sync_continues_from_last_date(client, server, tmp_path):
    results = _load("search-ca4.json")
    cut = dt.date.fromisoformat(results[3]["dateFiled"])
    with Store(tmp_path / "s.db") as store:
        first = ListWriter()
        cl_sync.sync(store, "ca4", until=cut, client=client, writer=first)
        assert {r.date_decided for r in first.written} <= {
            dt.date.fromisoformat(r["dateFiled"]) for r in results[:4]
        }
        fetched_before = len(server.paths("/api/rest/v4/opinions/"))
        second = ListWriter()
        summary = cl_sync.sync(store, "ca4", client=client, writer=second)
        assert summary.since == cut.isoformat()  # continued from the last synced decision date
        assert not {r.source_id for r in first.written} & {r.source_id for r in second.written}
        # the boundary day's opinions were already stored: not fetched again
        refetched = server.paths("/api/rest/v4/opinions/")[fetched_before:]
        assert not {p.rstrip("/").rsplit("/", 1)[-1] for p in refetched} & {
            r.source_id for r in first.written
        }
        assert summary.skipped_existing >= 1
    everything = {r.source_id for r in ListWriter_all(client, tmp_path)}
    assert {r.source_id for r in first.written + second.written} == everything


def test_unknown_court_and_reversed_dates_are_input_errors(client, tmp_path):
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(InputError, match="unknown court"):
            cl_sync.sync(store, "not-a-court", client=client, writer=ListWriter())
        with pytest.raises(InputError, match="close matches: .*ca9"):  # the error lists valid ids
            cl_sync.sync(store, "ca99", client=client, writer=ListWriter())
        with pytest.raises(InputError, match="since"):
            cl_sync.sync(
                store, "ca4", dt.date(2000, 1, 2), dt.date(2000, 1, 1), client=client, writer=ListWriter()
            )


def test_sync_into_a_real_store_with_ingest_records(client, tmp_path):
    from fairwarning.corpus.ingest import ingest_records

    with Store(tmp_path / "s.db") as store:
        summary = cl_sync.sync(store, "scotus", client=client, writer=ingest_records)
        rows = store.conn.execute(
            "SELECT s.source_id, o.court_id, o.case_name FROM opinion_sources s JOIN opinions o ON o.id = s.opinion_id"
        ).fetchall()
        again = cl_sync.sync(store, "scotus", client=client, writer=ingest_records)
    assert summary.written == len(_search_ids("scotus")) == len(rows)
    assert {r["court_id"] for r in rows} == {"scotus"}
    assert again.written == 0 and again.fetched == 0 and again.skipped_existing >= 1
    with Store(
        tmp_path / "s.db"
    ) as store:  # a full re-sync from an early date fetches nothing already stored
        full = cl_sync.sync(store, "scotus", dt.date(1900, 1, 1), client=client, writer=ingest_records)
        assert store.conn.execute("SELECT COUNT(*) FROM opinion_sources").fetchone()[0] == len(rows)
    assert full.written == 0 and full.skipped_existing == len(rows)


def test_cli_without_token_exits_2_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in api.TOKEN_ENVS}
    proc = subprocess.run(
        [sys.executable, "-m", "fairwarning", "sync", "--court", "ca4", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "COURTLISTENER_TOKEN" in proc.stderr
    assert not (tmp_path / "x.db").exists()


def test_base_url_from_urlparse_is_kept(server, monkeypatch):
    monkeypatch.setenv(api.TOKEN_ENV, server.token)
    c = api.CourtListenerClient(
        base_url="https://courtlistener.test/api/rest/v4", transport=httpx.MockTransport(server)
    )
    c.docket(847524)
    assert urlparse(str(server.requests[0].url)).path == "/api/rest/v4/dockets/847524/"


@pytest.fixture
def loopback():
    """The fake served over HTTP on 127.0.0.1 (for the CLI, which builds its own client)."""
    fake = FakeCourtListener()
    fake.hold_cursor = None  # a search cursor whose request is held (not answered) until released
    fake.held = threading.Event()
    fake.release = threading.Event()

    def answer(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        cursor = parse_qs(urlparse(path).query).get("cursor", [None])[0]
        if fake.hold_cursor and cursor == fake.hold_cursor:
            fake.held.set()
            fake.release.wait(60)
        response = fake(httpx.Request("GET", f"{fake.origin}{path}", headers=headers))
        return response.status_code, {}, response.content

    with serve_json(answer) as origin:
        fake.origin = origin
        yield fake
        fake.release.set()


def _sync_cmd(loopback, court: str, db: Path) -> list[str]:
    """The CLI command that syncs ``court`` into ``db`` from the loopback server, printing its summary as JSON."""
    sync = ["sync", "--court", court, "--db", str(db), "--base-url", f"{loopback.origin}/api/rest/v4/"]
    return [sys.executable, "-m", "fairwarning", *sync, "--min-interval", "0", "--json"]


def test_cli_sync_over_loopback_then_rerun_adds_nothing(loopback, tmp_path):
    env = dict(os.environ, **{api.TOKEN_ENV: loopback.token})
    db = tmp_path / "x.db"
    cmd = _sync_cmd(loopback, "scotus", db)
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["written"] == len(_search_ids("scotus"))
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 0 and json.loads(second.stdout)["written"] == 0
    with Store(db) as store:
        courts = [r[0] for r in store.conn.execute("SELECT court_id FROM opinions")]
    assert courts == ["scotus"] * len(_search_ids("scotus"))


def test_same_opinion_same_text_and_id_as_the_json_adapter():
    """An opinion fetched live and the same object saved as a JSON file dedup: same source, id and text."""
    from fairwarning.corpus.sources.courtlistener_json import object_to_record

    for path in sorted((API / "opinions").glob("*.json")):
        obj = json.loads(path.read_text(encoding="utf-8"))
        live = api.record_from_objects(obj)
        saved = object_to_record(obj, path=str(path))
        if live is None:
            assert isinstance(saved, Rejection)
            continue
        assert (live.source, live.source_id, live.text) == (saved.source, saved.source_id, saved.text)


def test_results_without_court_fall_back_to_cluster_and_docket(client, server, tmp_path):
    stripped = [dict(r, court_id="", dateFiled=None) for r in _load("search-scotus.json")]
    original = server._search

    def search_without_court(request: httpx.Request) -> httpx.Response:
        response = original(request)
        body = json.loads(response.content)
        body["results"] = [
            next(s for s in stripped if s["cluster_id"] == r["cluster_id"]) for r in body["results"]
        ]
        return httpx.Response(200, json=body)

    server._search = search_without_court
    writer = ListWriter()
    with Store(tmp_path / "s.db") as store:
        cl_sync.sync(store, "scotus", client=client, writer=writer)
    assert {r.court_id for r in writer.written} == {"scotus"}
    assert all(r.date_decided and r.provenance["date_decided"] == "source" for r in writer.written)
    assert server.paths("/api/rest/v4/clusters/") and server.paths("/api/rest/v4/dockets/")


def test_cli_sync_killed_with_sigkill_resumes_without_duplicates(loopback, tmp_path):
    """Kill -9 the CLI while it waits for page 3; the re-run resumes there and stores each opinion once."""
    env = dict(os.environ, **{api.TOKEN_ENV: loopback.token})
    db = tmp_path / "x.db"
    cmd = _sync_cmd(loopback, "ca4", db)
    loopback.hold_cursor = base64.b64encode(str(2 * PAGE_SIZE).encode()).decode()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert loopback.held.wait(120), "the sync never asked for page 3"
    finally:
        proc.kill()  # SIGKILL
        proc.wait(30)
    with Store(db) as store:
        state = cl_sync.load_state(store, "ca4")
        before = [r[0] for r in store.conn.execute("SELECT source_id FROM opinion_sources")]
    saved_cursor = parse_qs(urlparse(state.next_url).query)["cursor"][0]
    assert saved_cursor == loopback.hold_cursor and before
    loopback.hold_cursor = None
    loopback.release.set()
    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["resumed"] is True
    with Store(db) as store:
        after = [r[0] for r in store.conn.execute("SELECT source_id FROM opinion_sources")]
    with_text = [
        i
        for i in _search_ids("ca4")
        if _load(f"opinions/{i}.json")["plain_text"] or _load(f"opinions/{i}.json")["html"]
    ]
    assert sorted(after) == sorted(with_text) and len(after) == len(set(after))


def test_min_interval_spaces_requests(server, monkeypatch):
    monkeypatch.setenv(api.TOKEN_ENV, server.token)
    waits: list[float] = []
    c = api.CourtListenerClient(
        base_url=BASE, transport=httpx.MockTransport(server), sleep=waits.append, min_interval=30.0
    )
    c.opinion(368641)
    c.opinion(418313)
    assert len(waits) == 1 and 29.0 < waits[0] <= 30.0


# -- the official SDK underneath ---------------------------------------------------------------------------------
def test_token_from_the_sdks_variable_and_ours_first(server, monkeypatch):
    monkeypatch.delenv(api.TOKEN_ENV, raising=False)
    monkeypatch.setenv("COURTLISTENER_API_TOKEN", server.token)
    c = api.CourtListenerClient(base_url=BASE, transport=httpx.MockTransport(server))
    assert c.opinion(368641)["id"] == 368641
    monkeypatch.setenv(api.TOKEN_ENV, "wrong")  # fairwarning's own variable wins when both are set
    c = api.CourtListenerClient(base_url=BASE, transport=httpx.MockTransport(server))
    with pytest.raises(RemoteError, match="COURTLISTENER_API_TOKEN"):
        c.opinion(368641)


def test_search_goes_through_the_sdk_filters(client, server):
    """The SDK validates and encodes the filters: every status checked, dates ISO; unknown filters are refused."""
    from courtlistener import CourtListener

    assert isinstance(client.sdk, CourtListener)
    pages = list(client.search("ca4", dt.date(1980, 1, 1), dt.date(1996, 12, 31)))
    assert pages and all(p.results for p in pages)
    first = parse_qs(server.requests[0].url.query.decode())
    assert first["filed_after"] == ["1980-01-01"] and first["filed_before"] == ["1996-12-31"]
    assert {r["dateFiled"][:4] for p in pages for r in p.results} == {"1983", "1989", "1993", "1995", "1996"}
    assert all(first[f"stat_{s}"] == ["true"] for s in ("Published", "Unpublished", "Errata", "In-chambers"))
    with pytest.raises(InputError, match="does not accept"):
        next(client.opinions(not_a_field="x"))


def test_cli_sync_with_the_sdks_token_variable(loopback, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in api.TOKEN_ENVS}
    env["COURTLISTENER_API_TOKEN"] = loopback.token
    done = subprocess.run(_sync_cmd(loopback, "scotus", tmp_path / "x.db"), capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["written"] == len(_search_ids("scotus"))
