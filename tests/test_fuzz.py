"""Fuzz suite (issue 14): hypothesis over every input format, the incident loader, the memo renderers and the
CSV export. A few hundred cases in CI's time; ``benchmarks/fuzz.py`` runs 10,000 and more.

Asserted for every case: no traceback and no internal error (exit 0/1 for ingest, never 3), every input stored
or rejected with a reason, a sound store after each run (SQLite integrity, FTS consistent, no orphans);
the incident loader returns an incident or raises ``InputError``; the memos carry nothing live.
"""

from __future__ import annotations

import csv
import io
import json
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from fairwarning.analysis import load_incident, render_memo
from fairwarning.analysis.assess import assess
from fairwarning.errors import InputError
from fuzz_inputs import FORMATS, check_ingest, mutated_incident, write_case
from test_analysis_assess import _cand, _ctx, _fields, _incident


def _fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@_fuzz(120)
@given(seed=st.integers(0, 2**32 - 1), fmts=st.lists(st.sampled_from(FORMATS), min_size=1, max_size=4))
def test_ingest_fuzz(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory, seed: int, fmts: list[str]) -> None:
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "in"
    written = [w for n, fmt in enumerate(fmts) for w in write_case(folder, fmt, rng, corpus_dir, n, text_limit=4000)]
    folder.mkdir(exist_ok=True)
    started = time.monotonic()
    outcome = check_ingest(folder, root / "fuzz.db", written)
    assert time.monotonic() - started < 120, "an ingest of a few small files hung"
    assert outcome.tracebacks == [] and outcome.losses == [] and outcome.orphans == [], outcome
    if rng.random() < 0.4:  # a source whose text changed since, and new files beside: re-ingest
        changed = [w for w in written if w.kind == "courtlistener-json" and _change_text(w.path)]
        more = [w for n, fmt in enumerate(fmts) for w in write_case(folder, fmt, rng, corpus_dir, 100 + n)]
        again = check_ingest(folder, root / "fuzz.db", changed + more)
        assert again.tracebacks == [] and again.losses == [] and again.orphans == [], again


def _change_text(path: Path) -> bool:
    """Rewrite a CourtListener object with a changed text under the same id (its source was corrected)."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(obj, dict) or not isinstance(obj.get("plain_text"), str):
        return False
    obj["plain_text"] += "\n\nCorrected: the court's judgment is affirmed in part and reversed in part."
    path.write_text(json.dumps(obj), encoding="utf-8")
    return True


@_fuzz(150)
@given(seed=st.integers(0, 2**32 - 1), as_json=st.booleans())
def test_incident_loader_fuzz(tmp_path_factory: pytest.TempPathFactory, seed: int, as_json: bool) -> None:
    raw = mutated_incident(random.Random(seed), as_json)
    path = tmp_path_factory.mktemp("incident") / ("i.json" if as_json else "i.yaml")
    path.write_bytes(raw)
    started = time.monotonic()
    try:
        incident = load_incident(path)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert isinstance(incident.facts, str) and isinstance(incident.place, str)
        assert all(isinstance(c, str) for c in incident.claims + incident.officials)
    assert time.monotonic() - started < 5


def _result(name: str, quote: str, facts: str):  # type: ignore[no-untyped-def]
    cand = _cand(1, fields=_fields())
    cand = replace(cand, meta=replace(cand.meta, case_name=name),
                   evidence=(replace(cand.evidence[0], quote=quote),))
    return assess(_incident(facts=facts), [cand, _cand(2, fields=_fields())], _ctx())


_hostile = st.one_of(
    st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                     "# heading", "\n# heading\n", "[r]: javascript:x", "<javascript:x>", "\x1b[2J", "=cmd|x",
                     "*a* _b_ `c`", "<!-- x -->", "<a href='javascript:x'>y</a>", "&lt;script&gt;", "\ud800"]),
    st.text(min_size=0, max_size=40),
)


@_fuzz(40)
@given(name=_hostile, quote=_hostile, extra=_hostile)
def test_memo_renderers_fuzz(name: str, quote: str, extra: str) -> None:
    facts = f"The officer tased the man {extra} while he lay handcuffed on the ground."
    result = _result(f"{name} v. Town", f"we hold {quote}", facts)
    md = str(render_memo(result, "md"))
    html = MarkdownIt("commonmark").render(md).lower()
    for live in ("<script", "<img", "<a href=\"javascript", "<iframe", "<!--", "<a href='"):
        assert live not in html, (live, md)
    assert "<h1>heading" not in html and "<h2>heading" not in html
    for fmt in ("md", "html"):
        text = str(render_memo(result, fmt))
        assert "\x1b" not in text and "\ud800" not in text
        text.encode("utf-8")
    assert "<script>" not in str(render_memo(result, "html"))
    doc = Document(io.BytesIO(render_memo(result, "docx")))  # type: ignore[arg-type]
    assert doc.paragraphs
    json.loads(str(render_memo(result, "json")).encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


@_fuzz(60)
@given(values=st.lists(st.one_of(_hostile, st.text(alphabet="=+-@\t\r abc", min_size=1, max_size=6)),
                       min_size=1, max_size=8))
def test_csv_export_fuzz(values: list[str]) -> None:
    from fairwarning.cli.labels import _write_text
    from fairwarning.labeler.storage import EXPORT_KEYS

    record: dict[str, Any] = {k: None for k in EXPORT_KEYS}
    record.update(case_name=values[0], source_id=values[-1], evidence=values, court=values[len(values) // 2])
    buf = io.StringIO(newline="")
    _write_text([record], "csv", buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    for key, cell in row.items():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
