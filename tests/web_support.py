"""Shared helpers for the web tests (no tests here): a labeled store with a hostile opinion ingested, and a
server on loopback in a thread.

The store is the ``labeled_store`` copy of the whole shared corpus, copied again, with one extra opinion ingested
through the real ingest path from a CourtListener-style JSON file whose case name, text and URL carry
``<script>``, ``onerror=`` and ``javascript:`` payloads, then labeled.
"""

from __future__ import annotations

import atexit
import json
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fairwarning.corpus.ingest import ingest
from fairwarning.corpus.store import Store
from fairwarning.labeler.storage import label_store
from test_analysis_support import labeled_store

XSS_CASE_NAME = "<script>alert('case')</script><img src=x onerror=alert(1)> Evil v. <a href=\"javascript:alert(5)\">Doe</a>"
XSS_SOURCE_ID = "990000001"
_XSS_TEXT = """
                 SUPREME COURT OF THE UNITED STATES
<script>alert("xss-text")</script>
EVIL v. DOE <img src=x onerror="alert('onerror')">
Decided March 1, 2010
PER CURIAM.
The officer argues that he is entitled to qualified immunity. <a href="javascript:alert('js')">click here</a>
Qualified immunity shields an officer from suit when she makes a decision that, even if constitutionally
deficient, reasonably misapprehends the law governing the circumstances she confronted. Brosseau v. Haugen,
543 U.S. 194, 198 (2004). The excessive force claim turns on whether the right was clearly established.
<svg onload=alert('svg')></svg> <iframe src="javascript:alert('frame')"></iframe>
We hold that the officer is entitled to qualified immunity because the law was not clearly established at the
time of the conduct, and we reverse the judgment of the Court of Appeals denying qualified immunity.
"""
_BUILT: dict[str, Path] = {}


def hostile_opinion_file(folder: Path) -> Path:
    """A CourtListener-style opinion file carrying script, onerror= and javascript: payloads."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{XSS_SOURCE_ID}.json"
    record = {
        "id": XSS_SOURCE_ID, "case_name": XSS_CASE_NAME, "court": "scotus", "date_filed": "2010-03-01",
        "docket_number": "09-<b>1</b>", "download_url": "javascript:alert('url')", "text_field": "plain_text",
        "plain_text": _XSS_TEXT * 3,
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def web_store(corpus_db: Path) -> Path:
    """Path to a labeled copy of the shared-corpus store with the hostile opinion ingested (built once)."""
    if "db" in _BUILT:
        return _BUILT["db"]
    base = labeled_store(corpus_db)
    tmp = Path(tempfile.mkdtemp(prefix="fairwarning-web-"))
    atexit.register(shutil.rmtree, tmp, True)
    db = tmp / "web.db"
    with Store(base, readonly=True) as src, Store(db) as dst:  # a consistent copy, WAL included
        src.conn.backup(dst.conn)
    with Store(db) as store:
        summary = ingest([hostile_opinion_file(tmp / "hostile")], store, workers=1)
        assert summary.ingested == 1, summary
        label_store(store)
    _BUILT["db"] = db
    return db


def hostile_id(db: Path) -> int:
    with Store(db, readonly=True) as s:
        return s.get_opinion(f"courtlistener:{XSS_SOURCE_ID}").id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(db: Path) -> Iterator[str]:
    """``fairwarning serve``'s application on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    from fairwarning.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
