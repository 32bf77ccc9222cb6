"""discover() and read_records(): the whole corpus is accounted for; malformed inputs become rejections."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from fairwarning.corpus.sources import Companions, discover, format_module, read_records, registry
from fairwarning.errors import InputError
from fairwarning.models import OpinionRecord, Rejection


def test_corpus_every_file_accounted_for(corpus_dir: Path) -> None:
    inputs, companions, rejections = discover([corpus_dir])
    all_files = sorted(str(p) for p in corpus_dir.rglob("*") if p.is_file())
    listed = sorted(
        [f.path for f in inputs] + [p for _, p in companions.files] + [r.path for r in rejections]
    )
    assert listed == all_files
    assert [f.path for f in inputs] == sorted(f.path for f in inputs)  # deterministic order
    formats = Counter(f.format for f in inputs)
    n_cl = sum(
        len(list((corpus_dir / folder / "opinions").iterdir()))
        for folder in ("courtlistener-ca1", "scotus", "scotus-recent")
    )
    assert formats == {
        "courtlistener-json": n_cl,
        "mapped-json": len(list((corpus_dir / "courtlistener-sample/opinions").iterdir())),
    }
    assert dict(companions.files).keys() >= {"ca1-inventory", "opinion-manifest", "documentation"}
    assert companions.paths("ca1-inventory") == [str(corpus_dir / "courtlistener-ca1/ca1-inventory.csv")]
    assert not rejections


def test_discover_is_deterministic(corpus_dir: Path) -> None:
    """A folder is walked in sorted path order, whatever order the file system lists it in: the same as
    naming its files one by one in sorted order (two walks of the same folder could hardly differ)."""
    folder = corpus_dir / "scotus"
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    assert discover([folder]) == discover(files)


def test_missing_path_raises() -> None:
    with pytest.raises(InputError, match="no such file"):
        discover(["/nonexistent/fairwarning-input"])


def test_unknown_format_name_lists_known() -> None:
    with pytest.raises(InputError, match="courtlistener-json"):
        format_module("word-perfect")


def _write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


def _one(tmp_path: Path, name: str, data: bytes, **kw: int) -> tuple[list[object], list[Rejection]]:
    _write(tmp_path, name, data)
    inputs, companions, rejections = discover([tmp_path], **kw)
    items: list[object] = []
    for f in inputs:
        items.extend(read_records(f, companions))
    return items, rejections


V3 = {
    "resource_uri": "http://www.courtlistener.com/api/rest/v3/opinions/555/",
    "absolute_url": "/opinion/555/doe-v-roe/",
    "download_url": "http://www.ca1.uscourts.gov/pdf.opinions/10-1820P-01A.pdf",
    "plain_text": "United States Court of Appeals\nFor the First Circuit\n\nNo. 10-1820\n\nJOHN DOE,\n\nPlaintiff, Appellant,\n\nv.\n\nRICHARD ROE,\n\nDefendant, Appellee.\n\n      January 27, 2011\n\n   PER CURIAM. We affirm the judgment for the reasons the district court gave, which need no elaboration.",
    "html": "",
}

MALFORMED = [
    ("truncated.json", json.dumps(V3).encode()[:-40], "truncated"),
    ("bad-syntax.json", json.dumps(V3).encode().replace(b'"html"', b'"html" "'), "malformed"),
    (
        "latin1.json",
        json.dumps(V3, ensure_ascii=False)
        .encode()
        .replace(b"PER CURIAM", "PER CURIAM \u00e9".encode("latin-1")),
        "not_utf8",
    ),
    (
        "latin1.txt",
        "D\u00e9cision of the court, affirmed in full for the reasons given.".encode("latin-1") * 3,
        "not_utf8",
    ),
    ("empty.json", b"", "empty"),
    ("blank.txt", b"   \n\n ", "empty"),
    ("unknown.json", b'{"hello": "world", "n": 1}', "unknown_format"),
    ("table.csv", b"alpha,beta,gamma\n1,2,3\n", "unknown_format"),
    ("binary.bin", b"\x00\x01\x02\x03binary", "unknown_format"),
    ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf\n", "malformed"),
    (
        "usage.txt",
        b"Usage: wpd2html [OPTION] <wordperfect document>\n\nOptions:\n--help  Shows this help message\n",
        "not_an_opinion",
    ),
]


@pytest.mark.parametrize(("name", "data", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_inputs_are_rejected(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    items, rejections = _one(tmp_path, name, data)
    got = rejections + [i for i in items if isinstance(i, Rejection)]
    assert [r.reason for r in got] == [reason], got
    assert got[0].path.endswith(name) and got[0].detail
    assert not [i for i in items if isinstance(i, OpinionRecord)]


def test_too_large_by_max_bytes(tmp_path: Path) -> None:
    items, rejections = _one(tmp_path, "big.json", json.dumps(V3).encode(), max_bytes=100)
    assert [r.reason for r in rejections] == ["too_large"] and not items


def test_good_file_next_to_bad_ones_is_read(tmp_path: Path) -> None:
    _write(tmp_path, "a-bad.json", b"{")
    _write(tmp_path, "b-good.json", json.dumps(V3).encode())
    inputs, companions, rejections = discover([tmp_path])
    items = [i for f in inputs for i in read_records(f, companions)]
    records = [i for i in items if isinstance(i, OpinionRecord)]
    assert len(records) == 1 and records[0].source_id == "555"
    r = records[0]
    assert (r.source, r.court_id, r.date_decided.isoformat() if r.date_decided else None) == (
        "courtlistener",
        "ca1",
        "2011-01-27",
    )
    assert r.provenance["court_id"] == "inferred:url" and r.precedential_status == "published"
    assert r.case_name == "John Doe v. Richard Roe"


def test_api_results_page_yields_each_opinion(tmp_path: Path) -> None:
    second = dict(
        V3,
        resource_uri="http://www.courtlistener.com/api/rest/v4/opinions/556/",
        absolute_url="/opinion/556/x/",
    )
    page = {"count": 2, "next": None, "results": [V3, second]}
    items, rejections = _one(tmp_path, "page.json", json.dumps(page).encode())
    assert not rejections
    assert [i.source_id for i in items if isinstance(i, OpinionRecord)] == ["555", "556"]


def test_v4_embedded_cluster_citations_and_date(tmp_path: Path) -> None:
    obj = dict(
        V3,
        id=777,
        cluster={
            "resource_uri": "https://www.courtlistener.com/api/rest/v4/clusters/99/",
            "case_name": "Doe v. Roe",
            "date_filed": "2011-01-26",
            "citations": [{"volume": 631, "reporter": "F.3d", "page": 581}],
            "docket": {"court_id": "ca1", "docket_number": "10-1820"},
        },
    )
    items, _ = _one(tmp_path, "v4.json", json.dumps(obj).encode())
    (r,) = items
    assert isinstance(r, OpinionRecord)
    assert (r.source_id, r.cluster_id, r.case_name, str(r.date_decided), r.court_id) == (
        "777",
        "99",
        "Doe v. Roe",
        "2011-01-26",
        "ca1",
    )
    assert r.reporter_citations == ("631 F.3d 581",)
    assert r.provenance["date_decided"] == "source"


def test_companions_join_inventory_rows(tmp_path: Path) -> None:
    inv = "file_name,year,case_name,alt_case_name,circuit,local_path,absolute_url,download_url\n555.json,2011,Doe_v._Roe,doe-v-roe,ca1,,/opinion/555/doe-v-roe/,\n"
    _write(tmp_path, "inventory.csv", inv.encode())
    obj = dict(V3, download_url="")
    items, rejections = _one(tmp_path, "555.json", json.dumps(obj).encode())
    assert not rejections
    (r,) = items
    assert isinstance(r, OpinionRecord)
    assert (r.case_name, r.court_id) == ("Doe v. Roe", "ca1")
    assert r.provenance["case_name"] == r.provenance["court_id"] == "inferred:ca1-inventory"


def test_read_records_unknown_companions_are_harmless(corpus_dir: Path) -> None:
    inputs, _, _ = discover([corpus_dir / "scotus/opinions/118449.json"])
    (r,) = list(read_records(inputs[0], Companions()))
    assert isinstance(r, OpinionRecord) and r.reporter_citations[0] == "533 U.S. 194"


def test_cluster_object_is_not_an_opinion(tmp_path: Path) -> None:
    cluster = {
        "resource_uri": "https://www.courtlistener.com/api/rest/v4/clusters/99/",
        "absolute_url": "/opinion/99/doe-v-roe/",
        "case_name": "Doe v. Roe",
        "date_filed": "2011-01-26",
        "sub_opinions": ["https://www.courtlistener.com/api/rest/v4/opinions/777/"],
    }
    items, rejections = _one(tmp_path, "cluster.json", json.dumps(cluster).encode())
    assert not items and [r.reason for r in rejections] == ["unknown_format"]


def test_v4_cluster_id_field(tmp_path: Path) -> None:
    obj = dict(V3, id=778, cluster_id=123, cluster="https://www.courtlistener.com/api/rest/v4/clusters/123/")
    items, _ = _one(tmp_path, "v4b.json", json.dumps(obj).encode())
    (r,) = items
    assert isinstance(r, OpinionRecord) and r.cluster_id == "123" and r.source_id == "778"


def test_local_path_date_is_a_last_resort(tmp_path: Path) -> None:
    from fairwarning.corpus.sources.courtlistener_json import local_path_date

    assert str(local_path_date("pdf/2010/05/28/Braga_v._Hodgson.pdf")) == "2010-05-28"
    assert local_path_date("pdf/2010/13/40/x.pdf") is None and local_path_date(None) is None
    dated = dict(V3, local_path="pdf/2011/01/30/Doe_v._Roe.pdf")  # the text's own date wins
    undated = dict(dated, plain_text=V3["plain_text"].replace("January 27, 2011", ""))
    items, _ = _one(tmp_path, "a.json", json.dumps(dated).encode())
    (a,) = items
    (tmp_path / "a.json").unlink()
    items, _ = _one(tmp_path, "b.json", json.dumps(undated).encode())
    (b,) = items
    assert isinstance(a, OpinionRecord) and isinstance(b, OpinionRecord)
    assert (str(a.date_decided), a.provenance["date_decided"]) == ("2011-01-27", "inferred:text")
    assert (str(b.date_decided), b.provenance["date_decided"]) == ("2011-01-30", "inferred:local_path")


def test_max_bytes_does_not_bound_streamed_formats(tmp_path: Path) -> None:
    """Bulk CSV and CAP JSONL are read row by row: a file over ``max_bytes`` is still an input,
    while a single-opinion JSON file over the limit is rejected."""
    fixtures = Path(__file__).parent / "fixtures" / "feeds"
    bulk = next(p for p in (fixtures / "bulk" / "current").iterdir() if p.name.startswith("opinions"))
    cap = fixtures / "cap" / "cases.jsonl"
    big_json = tmp_path / "big.json"
    big_json.write_text(json.dumps(V3))
    inputs, _, rejections = discover([bulk, cap, big_json], max_bytes=100)
    assert sorted(f.format for f in inputs) == ["cap", "courtlistener-bulk"]
    assert [(r.path, r.reason) for r in rejections] == [(str(big_json), "too_large")]


def test_scotus_recent_object_with_its_long_text_first_is_courtlistener_json(corpus_dir: Path) -> None:
    """Manuel v. Joliet's file carries 66 KB of ``plain_text`` before its other keys: the head alone shows only
    one CourtListener key, so it is sniffed again on its keys (it was "JSON of an unknown shape")."""
    path = corpus_dir / "scotus-recent" / "opinions" / "4154239.json"
    head = path.read_bytes()[: registry.HEAD_BYTES]
    assert b'"source_url"' not in head  # the case this test is about: the other keys lie past the head
    inputs, _, rejections = discover([path])
    assert rejections == []
    assert [f.format for f in inputs] == ["courtlistener-json"]
    (record,) = list(read_records(inputs[0], Companions(())))
    assert isinstance(record, OpinionRecord)
    assert record.case_name == "Manuel v. Joliet" and record.court_id == "scotus"


def test_every_scotus_recent_file_is_an_opinion(corpus_dir: Path) -> None:
    inputs, _, rejections = discover([corpus_dir / "scotus-recent" / "opinions"])
    assert rejections == [] and len(inputs) == 16
    assert {f.format for f in inputs} == {"courtlistener-json"}


@pytest.mark.parametrize("long_text_first", [False, True])
def test_a_flat_v4_like_object_with_only_plain_text_is_courtlistener_json(
    corpus_dir: Path, tmp_path: Path, long_text_first: bool
) -> None:
    """Wood v. Moss's scotus-recent object cut down to the flat CourtListener-v4 shape users export: cluster
    fields and ``plain_text``, no ``download_url``/``html_lawbox``/``source_url`` (it was "JSON of an unknown
    shape"); also with the text first."""
    real = json.loads((corpus_dir / "scotus-recent" / "opinions" / "2675749.json").read_text(encoding="utf-8"))
    keys = ["id", "case_name", "court", "date_filed", "citation", "docket_number", "plain_text"]
    if long_text_first:
        keys = ["plain_text", *keys[:-1]]
    obj = {k: real[k] for k in keys}
    path = tmp_path / "wood.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    inputs, _, rejections = discover([path])
    assert rejections == [] and [f.format for f in inputs] == ["courtlistener-json"]
    (record,) = list(read_records(inputs[0], Companions(())))
    assert isinstance(record, OpinionRecord)
    assert (record.case_name, record.court_id, record.source_id) == ("Wood v. Moss", "scotus", "2675749")
    assert str(record.date_decided) == real["date_filed"]
    assert "Secret Service" in record.text


def test_plain_text_with_one_cluster_field_is_not_enough(tmp_path: Path) -> None:
    """One cluster-like key beside a text field is no CourtListener object (a generic ``{"case_name", "plain_text"}``
    note could be anything): it stays unknown rather than being stored with guessed metadata."""
    path = tmp_path / "note.json"
    path.write_text(json.dumps({"case_name": "Notes", "plain_text": "some text"}), encoding="utf-8")
    inputs, _, rejections = discover([path])
    assert inputs == [] and [r.reason for r in rejections] == ["unknown_format"]


def test_json_of_unknown_shape_past_the_head_is_still_rejected(tmp_path: Path) -> None:
    """The second sniff reads keys, not values: a long text under keys no format knows stays unknown."""
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"body": "x" * 70_000, "title": "a", "when": "2001"}), encoding="utf-8")
    inputs, _, rejections = discover([path])
    assert inputs == [] and [r.reason for r in rejections] == ["unknown_format"]


def test_long_text_first_in_a_results_page(tmp_path: Path) -> None:
    obj = {
        "plain_text": "The court held. " * 5000,
        "id": 7,
        "resource_uri": "/api/rest/v4/opinions/7/",
        "download_url": None,
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps([obj]), encoding="utf-8")
    inputs, _, rejections = discover([path])
    assert rejections == [] and [f.format for f in inputs] == ["courtlistener-json"]


def test_a_json_document_is_not_read_as_a_csv_header() -> None:
    """Discovery sniffs every file for companion CSV tables; a one-line JSON opinion is not parsed as a CSV
    header of thousands of columns (it was most of the cost of discovering a folder of JSON files)."""
    from fairwarning.corpus.sources import courtlistener_bulk, inventory

    line = '{"id": "1", "download_url": "x", "local_path": "y", "plain_text": "a, b, c"}'
    assert courtlistener_bulk._header(line) == []
    assert inventory._header(line.encode()) == set()
    assert inventory._header(b"id,download_url,local_path\n1,2,3\n") == {"id", "download_url", "local_path"}
