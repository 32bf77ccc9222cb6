"""The web application through the ASGI test client: every route as HTML and as JSON, the error shape, the
security headers, and hostile opinion text rendered as text. Runs over the labeled shared-corpus store (plus one
hostile opinion, see ``web_support``)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairwarning.analysis import analyze, parse_incident, render_memo
from fairwarning.corpus.store import Store
from fairwarning.web.app import CSP, create_app
from web_support import XSS_CASE_NAME, XSS_SOURCE_ID, hostile_id, web_store

INCIDENT = {
    "title": "Taser used on a handcuffed, compliant arrestee", "conduct_date": "2012-03-02", "place": "NH",
    "officials": ["police"], "claims": ["4A_excessive_force"],
    "facts": "After a traffic stop the driver was handcuffed behind his back and placed in the cruiser. An officer "
             "used a taser on him in drive-stun mode three times while he sat handcuffed and was not resisting.",
    "defendants": ["Officer C", "Town of Example"],
}


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> Path:
    return web_store(corpus_db)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def _error(response: Any, status: int, kind: str, words: str) -> None:
    """The one JSON error shape: {"error": {"type", "message"}}, the status, no stack trace."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}
    assert body["error"]["type"] == kind
    assert words in body["error"]["message"], body
    assert "Traceback" not in response.text


# -- pages and their JSON twins --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/search", "/analyze", "/authority", "/system", "/api", "/opinions/1"])
def test_every_page_is_html_with_the_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in r.text and " style=" not in r.text and "<style" not in r.text  # nothing inline


def test_static_files_and_openapi(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/opinions/{ref}", "/api/opinions", "/api/authority", "/api/analyze", "/api/system",
            "/api/system/plots/{name}.svg", "/api/taxonomy", "/api/stats"} <= paths
    assert not [p for p in paths if not p.startswith("/api/")]  # the HTML pages are not in the API description
    assert "/api/search" in client.get("/api").text


def test_search_json_has_citation_court_date_and_label(client: TestClient, db: Path) -> None:
    r = client.get("/api/search", params={"q": '"qualified immunity"', "court": "scotus", "limit": 50})
    assert r.status_code == 200
    results = r.json()["results"]
    assert results and all(h["court_id"] == "scotus" for h in results)
    brosseau = next(h for h in results if h["case_name"] == "Brosseau v. Haugen")
    assert brosseau["citation"] == "543 U.S. 194" and brosseau["date_decided"] == "2004-12-13"
    assert brosseau["qi_decided"] is True and brosseau["qi_outcome"] == "granted"
    assert brosseau["url"] == f"/opinions/{brosseau['id']}"
    with Store(db, readonly=True) as s:  # the same function as the CLI's search
        assert [h.id for h in s.search('"qualified immunity"', court="scotus", limit=50)] == [h["id"] for h in results]


def test_search_filters_by_right_outcome_published_and_dates(client: TestClient, db: Path) -> None:
    params = {"q": "immunity", "right": "4A_excessive_force", "qi_outcome": "granted", "published": "yes",
              "after": "2000", "before": "2015-12", "limit": 200}
    results = client.get("/api/search", params=params).json()["results"]
    assert results
    for h in results:
        assert "4A_excessive_force" in h["rights"] and h["qi_outcome"] == "granted"
        assert h["precedential_status"] == "published" and "2000-01-01" <= h["date_decided"] <= "2015-12-31"
    with Store(db, readonly=True) as s:  # every labeled opinion that qualifies is found (read without FTS)
        expected = {
            r[0] for r in s.conn.execute(
                "SELECT o.id FROM opinions o JOIN labels l ON l.opinion_id = o.id WHERE l.qi_outcome = 'granted'"
                " AND o.precedential_status = 'published' AND o.date_decided BETWEEN '2000-01-01' AND '2015-12-31'"
                " AND EXISTS (SELECT 1 FROM json_each(l.fields, '$.rights') j WHERE j.value = '4A_excessive_force')"
                " AND o.text LIKE '%immunit%'")
        }
    assert {h["id"] for h in results} == expected


@pytest.mark.parametrize("q", ["Rodriguez-Garcia", "-foo", '"clearly established', "AND AND", "NEAR(", "x:y"])
def test_search_escapes_user_input(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200


def test_hyphenated_name_is_found(client: TestClient) -> None:
    results = client.get("/api/search", params={"q": "Rodriguez-Garcia"}).json()["results"]
    assert results and any("Rodríguez-García" in (h["case_name"] or "") for h in results)
    assert "Rodr" in client.get("/search", params={"q": "Rodriguez-Garcia"}).text


def test_search_page_shows_results_and_keeps_the_filters(client: TestClient) -> None:
    r = client.get("/search", params={"q": "excessive force", "court": "ca1", "right": "4A_excessive_force"})
    assert r.status_code == 200
    assert 'value="excessive force"' in r.text and 'value="ca1"' in r.text
    assert re.search(r'<option value="4A_excessive_force" selected>', r.text)
    assert 'href="/opinions/' in r.text


@pytest.mark.parametrize("ref", ["2124", "543-U.S.-194", "543-US-194", "courtlistener:1"])
def test_opinion_by_id_and_by_citation(client: TestClient, db: Path, ref: str) -> None:
    with Store(db, readonly=True) as s:
        source = s.get_opinion(2124).sources[0]
    if ref == "courtlistener:1":
        ref = f"{source[0]}:{source[1]}"
    r = client.get(f"/api/opinions/{ref}")
    assert r.status_code == 200, r.text
    o = r.json()
    assert o["id"] == 2124 and o["case_name"] == "Brosseau v. Haugen" and "543 U.S. 194" in o["reporter_citations"]
    assert o["label"]["qi_outcome"] == "granted" and o["evidence"]
    assert all(e["placed"] for e in o["evidence"])  # the label's offsets still fit the stored text
    assert o["sources"] and o["provenance"] and o["cited_by"]
    resolved = [c for c in o["citations"] if c["resolved"]]
    assert resolved and all(c["resolved"]["id"] == c["resolved_opinion_id"] for c in resolved)
    page = client.get(f"/opinions/{ref}")
    assert page.status_code == 200 and "Brosseau v. Haugen" in page.text
    assert client.get("/api/opinions", params={"cite": "543 U.S. 194", "text": "false"}).json()["id"] == 2124
    assert client.get("/opinions", params={"cite": "543 U.S. 194"}).status_code == 200


def test_opinion_page_marks_evidence_and_links_resolved_citations(client: TestClient, db: Path) -> None:
    o = client.get("/api/opinions/2124").json()
    html = client.get("/opinions/2124").text
    assert html.count('<mark') >= 1 and 'id="ev-1"' in html
    for c in o["citations"]:
        if c["resolved"]:
            assert f'<a class="cite" href="/opinions/{c["resolved_opinion_id"]}">' in html
    for c in o["cited_by"]:
        assert f'href="/opinions/{c["id"]}"' in html
    # the text on the page is the stored text, unchanged (only marked up)
    text = re.search(r'<pre class="text">(.*?)</pre>', html, re.S).group(1)  # type: ignore[union-attr]
    import html as html_mod

    assert html_mod.unescape(re.sub(r"<[^>]+>", "", text)) == o["text"]


def test_authority_with_a_stored_precedent_and_by_court(client: TestClient) -> None:
    r = client.get("/api/authority", params={"forum": "NH", "conduct_date": "2012-03-02", "precedent": "543 U.S. 194"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["ruling"]["authority"] == "controlling" and data["ruling"]["source"] and data["ruling"]["rule"]
    assert data["precedent"]["id"] == 2124
    later = client.get("/api/authority", params={"forum": "NH", "conduct_date": "2003-01-01", "precedent": "2124"})
    assert later.json()["ruling"]["authority"] == "after_conduct"
    other = client.get("/api/authority", params={"forum": "FL", "conduct_date": "2012-03-02",
                                                 "precedent_court": "ca1", "precedent_date": "2010-01-01"})
    assert other.json()["ruling"]["authority"] in {"persuasive", "not_binding"}
    from fairwarning.doctrine import authority_of

    same = authority_of("ca1", "published", "FL", "2012-03-02", "2010-01-01")
    assert other.json()["ruling"] == {"authority": same.authority, "reason": same.reason, "rule": same.rule,
                                      "source": same.source}
    page = client.get("/authority", params={"forum": "NH", "conduct_date": "2012-03-02", "precedent": "2124"})
    assert page.status_code == 200 and "controlling" in page.text


def test_analyze_json_is_the_cli_result(client: TestClient, db: Path) -> None:
    r = client.post("/api/analyze", json=INCIDENT)
    assert r.status_code == 200, r.text
    import datetime as dt

    with Store(db, readonly=True) as s:
        expected = render_memo(analyze(parse_incident(INCIDENT, today=dt.date.today()), s), "json")
    assert r.text == expected
    assert json.loads(r.text)["incident"]["claims"] == ["4A_excessive_force"]


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_analyze_downloads(client: TestClient, fmt: str) -> None:
    r = client.post(f"/api/analyze?format={fmt}", json=INCIDENT)
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="fairwarning-memo.{fmt}"'
    if fmt == "docx":
        from docx import Document

        assert any("excessive force" in p.text.lower() for p in Document(io.BytesIO(r.content)).paragraphs)
    else:
        assert "clearly established" in r.text.lower()


def test_analyze_form_page_and_memo_page(client: TestClient) -> None:
    form = client.get("/analyze").text
    assert 'name="claims" value="4A_excessive_force"' in form and "Fourth Amendment: excessive force" in form
    data = {**INCIDENT, "defendants": "Officer C\nTown of Example"}
    r = client.post("/analyze", data=data)
    assert r.status_code == 200, r.text[:500]
    assert '<article class="memo">' in r.text and "Taser used on a handcuffed" in r.text
    assert 'action="/api/analyze?format=docx"' in r.text
    md = client.post("/api/analyze?format=md", data=data)  # the download buttons post the same form
    assert md.status_code == 200 and "Officer C" in md.text


@pytest.mark.parametrize(
    ("change", "words"),
    [({"claims": ["4A_nope"]}, "unknown claim id"), ({"conduct_date": "2012-02-30"}, "not a date"),
     ({"place": "Atlantis"}, "place"), ({"facts": "short"}, "too short")],
)
def test_analyze_bad_input(client: TestClient, change: dict, words: str) -> None:
    _error(client.post("/api/analyze", json={**INCIDENT, **change}), 400, "input_error", words)
    page = client.post("/analyze", data={**INCIDENT, **change})
    assert page.status_code == 400 and words in page.text and '<form class="incident"' in page.text


@pytest.mark.parametrize(
    ("path", "status", "kind", "words"),
    [
        ("/api/search?q=force&right=4A_nope", 400, "input_error", "unknown right"),
        ("/api/search?q=force&after=2010-02-30", 400, "input_error", "not a date"),
        ("/api/search?q=force&court=zz9", 400, "input_error", "unknown court"),
        ("/api/search?q=force&qi_outcome=won", 400, "input_error", "unknown QI outcome"),
        ("/api/search?q=force&published=maybe", 400, "input_error", "yes, no or any"),
        ("/api/search?q=%22clearly&syntax=fts5", 400, "input_error", "FTS5"),
        ("/api/search?q=force&syntax=sql", 400, "input_error", "unknown search syntax"),
        ("/api/search?q=", 400, "input_error", "empty"),
        ("/api/search?q=force&limit=abc", 400, "input_error", "limit"),
        ("/api/search?q=force&limit=5000", 400, "input_error", "limit"),
        ("/api/search?q=" + "+".join(["force"] * 200), 400, "input_error", "at most 64"),
        ("/api/opinions/99999999", 404, "not_found", "no opinion"),
        ("/api/opinions/999-U.S.-999", 404, "not_found", "no opinion"),
        ("/api/opinions/not-a-ref", 400, "input_error", "not an opinion id"),
        ("/api/authority?forum=Atlantis&conduct_date=2012-01-01&precedent_court=ca1", 400, "input_error", "atlantis"),
        ("/api/authority?forum=NH&conduct_date=2012-02-30&precedent_court=ca1", 400, "input_error", "date"),
        ("/api/authority?forum=NH&conduct_date=2012-01-01&precedent_court=ca99", 400, "input_error", "ca99"),
        ("/api/authority", 400, "input_error", "forum"),
        ("/api/nothing-here", 404, "not_found", "no such page"),
        ("/api/system?right=4A_nope", 400, "input_error", "unknown right"),
    ],
)
def test_api_errors_have_one_shape(client: TestClient, path: str, status: int, kind: str, words: str) -> None:
    _error(client.get(path), status, kind, words)


def test_api_analyze_rejects_a_body_that_is_not_an_incident(client: TestClient) -> None:
    _error(client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}),
           400, "input_error", "not a JSON object")
    _error(client.post("/api/analyze", json=[1, 2]), 400, "input_error", "JSON object")
    _error(client.post("/api/analyze?format=pdf", json=INCIDENT), 400, "input_error", "unknown memo format")


@pytest.mark.parametrize("path", ["/opinions/99999999", "/search?q=force&after=2010-02-30", "/nothing-here",
                                  "/authority?forum=Atlantis&conduct_date=2012-01-01&precedent_court=ca1"])
def test_html_errors_are_friendly_pages(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404) and r.headers["content-type"].startswith("text/html")
    assert 'class="error"' in r.text and "Traceback" not in r.text and 'href="/"' in r.text


def test_internal_errors_show_no_stack_trace(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fairwarning.web import views

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(views, "search_view", boom)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    r = client.get("/api/search?q=force")
    _error(r, 500, "internal_error", "internal error")
    assert "secret" not in r.text
    page = client.get("/search?q=force")
    assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text


def test_system_view_page_and_api(client: TestClient) -> None:
    """Issue 11's system view when built; otherwise an honest "not built yet" page and a 503 from the API."""
    page = client.get("/system")
    assert page.status_code == 200
    try:
        from fairwarning.system import views as system_views
    except ImportError:
        assert "System view not built yet" in page.text
        _error(client.get("/api/system"), 503, "not_available", "not built")
        return
    data = client.get("/api/system").json()
    assert data["plots"] == list(system_views.PLOTS) and data["data"]
    for name in data["plots"]:
        svg = client.get(f"/api/system/plots/{name}.svg")
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        assert f'src="/api/system/plots/{name}.svg"' in page.text
    _error(client.get("/api/system/plots/nope.svg"), 404, "not_found", "no plot")


def test_taxonomy_and_stats(client: TestClient, db: Path) -> None:
    tax = client.get("/api/taxonomy").json()
    assert {"4A_excessive_force", "1A_retaliation"} <= {r["id"] for r in tax["rights"]}
    assert "police" in {o["id"] for o in tax["officials"]}
    stats = client.get("/api/stats").json()
    with Store(db, readonly=True) as s:
        assert stats["opinions"] == s.stats()["opinions"] and stats["labeled"] is True


# -- hostile opinion text --------------------------------------------------------------------------------------

def _active(html: str) -> list[str]:
    """What in a page's <main> could run: script-capable elements, on* attributes, javascript: URLs."""
    import lxml.html

    main = lxml.html.document_fromstring(html).find(".//main")
    assert main is not None
    found = [f"<{el.tag}>" for el in main.iter() if el.tag in {"script", "img", "svg", "iframe", "object", "embed"}]
    for el in main.iter():
        for name, value in el.attrib.items():
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                found.append(f"{el.tag} {name}={value}")
    return found


def test_hostile_opinion_is_rendered_as_text(client: TestClient, db: Path) -> None:
    oid = hostile_id(db)
    for path in (f"/opinions/{oid}", f"/opinions/courtlistener:{XSS_SOURCE_ID}", "/search?q=Evil+Doe+immunity",
                 f"/authority?forum=NH&conduct_date=2012-03-02&precedent={oid}"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert not _active(r.text), (path, _active(r.text))
        assert "&lt;script&gt;" in r.text, path  # shown, escaped
    data = client.get(f"/api/opinions/{oid}").json()
    assert data["case_name"] == XSS_CASE_NAME  # the JSON carries the data unchanged (JSON is not HTML)
    assert client.get(f"/api/opinions/{oid}").headers["content-type"].startswith("application/json")


def test_hostile_input_is_escaped_in_every_echo(client: TestClient) -> None:
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    for r in (client.get("/search", params={"q": payload}), client.get("/search", params={"court": payload, "q": "x"}),
              client.get(f"/opinions/{payload}"), client.post("/analyze", data={**INCIDENT, "title": payload}),
              client.post("/analyze", data={**INCIDENT, "place": payload}),
              client.get("/authority", params={"forum": payload, "conduct_date": "2012-01-01", "precedent": "1"})):
        assert not _active(r.text), (r.url, _active(r.text))


def test_hostile_case_name_in_a_memo_is_escaped(client: TestClient, db: Path) -> None:
    """The hostile opinion (QI granted, excessive force, cites Brosseau) can appear in a memo: escaped there too."""
    r = client.post("/analyze", data={**INCIDENT, "facts": INCIDENT["facts"] + " Evil Doe."})
    assert r.status_code == 200
    assert not _active(r.text)
    assert "Evil v." in r.text  # it is in the memo (so the test means something), as text


# -- fairwarning serve -----------------------------------------------------------------------------------------

def test_serve_command_serves_read_only_on_loopback(db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    import httpx

    from web_support import _free_port

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fairwarning", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "fairwarning serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["opinions"] > 2000
        assert "server" not in r.headers  # no version banner
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
    missing = subprocess.run([sys.executable, "-m", "fairwarning", "serve", "--db", str(tmp_path / "none.db")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no store at" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "none.db").exists()  # read-only: nothing created

