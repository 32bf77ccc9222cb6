"""CourtListener bulk CSV adapter: both COPY dialects, companion joins, compression, damage, sniffing.

Fixtures are built from real shared-corpus objects by tests/fixtures/feeds/make_fixtures.py."""

from __future__ import annotations

import bz2
import csv
import gzip
import importlib.util
import io
import json
import lzma
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairwarning.corpus.sources import courtlistener_bulk as bulk
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.text import clean_text
from fairwarning.models import OpinionRecord, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
CURRENT = FIXTURES / "bulk" / "current"
LEGACY = FIXTURES / "bulk" / "legacy"


def _make_fixtures():
    spec = importlib.util.spec_from_file_location("feeds_make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make_fixtures()


def _classify(folder: Path) -> tuple[list[Path], Companions]:
    opinions, companions = [], []
    for path in sorted(folder.iterdir()):
        head = path.read_bytes()[:65536]
        kind = bulk.sniff_companion(path, head)
        if kind:
            companions.append((kind, str(path)))
        elif bulk.sniff(path, head):
            opinions.append(path)
    return opinions, Companions(tuple(companions))


def _read(folder: Path) -> list[OpinionRecord | Rejection]:
    opinions, companions = _classify(folder)
    out: list[OpinionRecord | Rejection] = []
    for path in opinions:
        st_ = path.stat()
        out.extend(bulk.read(InputFile(str(path), bulk.FORMAT, st_.st_size, st_.st_mtime_ns), companions))
    return out


def _records(folder: Path) -> dict[str, OpinionRecord]:
    return {r.source_id: r for r in _read(folder) if isinstance(r, OpinionRecord)}


def _manifest(shared_dir: Path) -> dict[str, dict[str, str]]:
    with open(shared_dir / "corpus" / "scotus" / "manifest.csv", encoding="utf-8", newline="") as fh:
        return {row["opinion_id"]: row for row in csv.DictReader(fh)}


# -- dialects -----------------------------------------------------------------------------------------------------
_VALUE = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(
        ['a "quoted" word', "C:\\dir\\", "\\", '\\"', "x,y", "line\nbreak", "cr\rlf\r\n", '""', "\\\\"]
    ),
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(_VALUE, _VALUE, _VALUE), min_size=1, max_size=6), force_quote=st.booleans())
def test_both_copy_dialects_round_trip_any_value(rows, force_quote):
    header = ["id", "plain_text", "case_name", "cluster_id"]
    lines = [",".join(header) + "\n"]
    for n, (a, b, c) in enumerate(rows, start=1):
        values = [n, a, b, c]
        lines.append(",".join(MAKE.pg_value(v, force_quote=force_quote) for v in values) + "\n")
    parsed = list(bulk.iter_csv_rows(io.StringIO("".join(lines), newline="")))
    expected = [
        {"id": str(n), "plain_text": a or "", "case_name": b or "", "cluster_id": c or ""}
        for n, (a, b, c) in enumerate(rows, start=1)
    ]
    assert parsed == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('1,"say \\"hi\\", ok",2\n', ["1", 'say "hi", ok', "2"]),  # escaped quote inside quotes
        ('1,"C:\\\\dir\\\\",2\n', ["1", "C:\\dir\\", "2"]),  # escaped backslashes inside quotes
        ("1,raw\\slash,2\n", ["1", "raw\\slash", "2"]),  # unquoted: the backslash is data
        ('1,"",\n', ["1", "", ""]),  # empty string and NULL both read as empty
    ],
)
def test_current_dialect_escapes(line, expected):
    rows = list(bulk.iter_csv_rows(io.StringIO("id,plain_text,cluster_id\n" + line, newline="")))
    assert list(rows[0].values()) == expected


def test_wrong_width_row_is_an_error():
    with pytest.raises(csv.Error, match="fields"):
        list(bulk.iter_csv_rows(io.StringIO("id,plain_text,cluster_id\n1,two\n", newline="")))


# -- joins and records --------------------------------------------------------------------------------------------
def test_supreme_court_rows_joined_to_clusters_dockets_citations(shared_dir):
    records = _records(CURRENT)
    manifest = _manifest(shared_dir)
    for oid in MAKE.SCOTUS_BULK:
        rec, expected = records[oid], manifest[oid]
        assert rec.source == "courtlistener" and rec.cluster_id == oid
        assert (
            rec.case_name == expected["case_name"] or rec.case_name.split(" v. ")[0] in expected["case_name"]
        )
        assert rec.date_decided.isoformat() == expected["date_filed"]
        assert rec.reporter_citations[0] == expected["us_citation"]
        assert rec.court_id == "scotus" and rec.precedential_status == "published"
        v2 = json.loads((shared_dir / "corpus" / "scotus" / "opinions" / f"{oid}.json").read_text())
        assert rec.docket_number == v2["citation"]["docket_number"]
        assert {
            rec.provenance[k] for k in ("case_name", "court_id", "date_decided", "reporter_citations")
        } == {"source"}
        assert rec.url.endswith(f"/opinion/{oid}/{v2['absolute_url'].rstrip('/').rsplit('/', 1)[-1]}/")


def test_text_with_quotes_and_backslashes_survives(shared_dir):
    """Opinion 194596's real text has ``employer\\public``; the whole text must equal the source's."""
    records = _records(CURRENT)
    for oid in ("194596", "1036108"):
        original = json.loads(
            (shared_dir / "corpus" / "courtlistener-ca1" / "opinions" / f"{oid}.json").read_text()
        )
        assert records[oid].text == clean_text(MAKE.ca1_text(original["plain_text"]), html=False)
    assert "employer\\public" in records["194596"].text


def test_rows_without_companion_rows_recover_court_from_url_and_date_from_text():
    rec = _records(CURRENT)["1036108"]  # download URL on media.ca1.uscourts.gov, no cluster row
    assert rec.court_id == "ca1" and rec.provenance["court_id"].startswith("inferred:")
    assert rec.date_decided is not None and rec.provenance["date_decided"].startswith("inferred:")
    assert rec.reporter_citations == ()


def test_unusable_rows_are_rejected_with_their_ids_and_errata_flagged():
    out = _read(CURRENT)
    rejections = [(r.reason, r.source_id) for r in out if isinstance(r, Rejection)]
    assert rejections == [
        ("not_an_opinion", "194492"),
        ("empty", MAKE.CA1_BULK[-1]),
    ]  # converter message; no text
    errata = next(r for r in out if isinstance(r, OpinionRecord) and r.source_id == "148236")
    assert errata.document_type == "errata"


def test_legacy_force_quote_export_gives_the_same_records():
    current, legacy = _records(CURRENT), _records(LEGACY)
    assert set(legacy) == set(MAKE.SCOTUS_BULK)
    for oid, rec in legacy.items():
        cur = current[oid]
        assert (rec.text, rec.case_name, rec.court_id, rec.date_decided, rec.docket_number) == (
            cur.text,
            cur.case_name,
            cur.court_id,
            cur.date_decided,
            cur.docket_number,
        )
        assert set(rec.reporter_citations) == set(
            cur.reporter_citations
        )  # legacy: from federal_cite_* columns


@pytest.mark.parametrize(("suffix", "opener"), [(".bz2", bz2.open), (".gz", gzip.open), (".xz", lzma.open)])
def test_compressed_tables_are_streamed(tmp_path, suffix, opener):
    for path in CURRENT.iterdir():
        with open(path, "rb") as src, opener(tmp_path / (path.name + suffix), "wb") as dst:
            shutil.copyfileobj(src, dst)
    plain, packed = _records(CURRENT), _records(tmp_path)
    assert {k: (r.text, r.case_name, r.reporter_citations) for k, r in packed.items()} == {
        k: (r.text, r.case_name, r.reporter_citations) for k, r in plain.items()
    }


def test_truncated_file_keeps_complete_rows_and_reports_truncation(tmp_path):
    data = (CURRENT / "opinions-2024-12-31.csv").read_bytes()
    cut = data.index(b"HARLOW")  # inside the second row's quoted HTML
    (tmp_path / "opinions-2024-12-31.csv").write_bytes(data[:cut])
    out = _read(tmp_path)
    assert [r.source_id for r in out if isinstance(r, OpinionRecord)] == [MAKE.SCOTUS_BULK[0]]
    assert isinstance(out[-1], Rejection) and out[-1].reason == "truncated"


def test_not_utf8_is_reported(tmp_path):
    data = (CURRENT / "opinions-2024-12-31.csv").read_bytes()
    bad = data.replace(b"HARLOW", b"HARL\xff\xfeW", 1)
    (tmp_path / "opinions-2024-12-31.csv").write_bytes(bad)
    out = _read(tmp_path)
    assert isinstance(out[-1], Rejection) and out[-1].reason == "not_utf8"


def test_large_companion_tables_use_an_on_disk_index(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "_MEMORY_INDEX_LIMIT", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bulk._INDEXES.clear()
    on_disk = _records(CURRENT)
    assert list((tmp_path / "cache").rglob("cl-bulk-index-*.sqlite"))
    bulk._INDEXES.clear()
    monkeypatch.setattr(bulk, "_MEMORY_INDEX_LIMIT", 64 * 1024 * 1024)
    in_memory = _records(CURRENT)
    assert {k: (r.case_name, r.reporter_citations) for k, r in on_disk.items()} == {
        k: (r.case_name, r.reporter_citations) for k, r in in_memory.items()
    }


# -- sniffing -----------------------------------------------------------------------------------------------------
def test_sniff_recognizes_each_table_by_header():
    kinds = {p.name: bulk.sniff_companion(p, p.read_bytes()[:65536]) for p in CURRENT.iterdir()}
    assert kinds == {
        "opinions-2024-12-31.csv": None,
        "opinion-clusters-2024-12-31.csv": "cl-bulk-clusters",
        "dockets-2024-12-31.csv": "cl-bulk-dockets",
        "citations-2024-12-31.csv": "cl-bulk-citations",
    }
    assert bulk.sniff(CURRENT / "opinions-2024-12-31.csv", (CURRENT / "opinions-2024-12-31.csv").read_bytes())


def test_sniff_refuses_other_shared_inputs(shared_dir):
    others = [
        shared_dir / "corpus" / "courtlistener-ca1" / "ca1-inventory.csv",
        shared_dir / "corpus" / "scotus" / "manifest.csv",
        shared_dir / "corpus" / "scotus" / "opinions" / "110763.json",
        FIXTURES / "cap" / "cases.jsonl",
    ]
    for path in others:
        head = path.open("rb").read(65536)
        assert not bulk.sniff(path, head) and bulk.sniff_companion(path, head) is None, path


def test_discovery_routes_bulk_tables(tmp_path):
    from fairwarning.corpus.sources.registry import discover

    inputs, companions, rejections = discover([CURRENT])
    assert [(Path(f.path).name, f.format) for f in inputs] == [
        ("opinions-2024-12-31.csv", "courtlistener-bulk")
    ]
    assert sorted(k for k, _ in companions.files) == [
        "cl-bulk-citations",
        "cl-bulk-clusters",
        "cl-bulk-dockets",
    ]
    assert rejections == []


def test_compressed_companions_count_at_their_expanded_size(tmp_path, monkeypatch):
    """A bz2 table far smaller than the in-memory limit but whose CSV is over it is indexed on disk (memory stays
    bounded whatever the compression ratio); the joined records are the same."""
    for path in CURRENT.iterdir():
        with open(path, "rb") as src, bz2.open(tmp_path / (path.name + ".bz2"), "wb") as dst:
            shutil.copyfileobj(src, dst)
    companions = [p for p in tmp_path.iterdir() if not p.name.startswith("opinions-")]
    packed = sum(p.stat().st_size for p in companions)
    plain = sum((CURRENT / p.name.removesuffix(".bz2")).stat().st_size for p in companions)
    limit = packed + 1  # the files fit, the tables they hold would not
    assert plain > limit
    monkeypatch.setattr(bulk, "_MEMORY_INDEX_LIMIT", limit)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bulk._INDEXES.clear()
    records = _records(tmp_path)
    assert list((tmp_path / "cache").rglob("cl-bulk-index-*.sqlite"))
    bulk._INDEXES.clear()
    assert {k: (r.case_name, r.reporter_citations) for k, r in records.items()} == {
        k: (r.case_name, r.reporter_citations) for k, r in _records(CURRENT).items()
    }
