"""Plain text, HTML and PDF opinion files: recognized by content, metadata recovered from the text."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium

from fairwarning.corpus.sources import discover, read_records
from fairwarning.models import OpinionRecord, Rejection

SLIP = (
    "United States Court of Appeals\n"
    "For the First Circuit\n\n"
    "No. 10-1820\n\n"
    "KEVEN A. MCKENNA,\n\n"
    "Plaintiff, Appellant,\n\n"
    "v.\n\n"
    "SANDRA POWELL,\n\n"
    "Defendant, Appellee.\n\n"
    "January 27, 2011\n\n"
    "PER CURIAM. Plaintiff appeals from an order dismissing his federal court action under the Younger doctrine.\n"
)


def _pdf_bytes(lines: list[str]) -> bytes:
    """A real one-page PDF (Helvetica text), written object by object with a correct xref table."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "50 760 Td"] + [f"({esc(line)}) Tj T*" for line in lines] + ["ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _read_dir(path: Path) -> tuple[list[OpinionRecord], list[Rejection], list[str]]:
    inputs, companions, rejections = discover([path])
    items = [i for f in inputs for i in read_records(f, companions)]
    records = [i for i in items if isinstance(i, OpinionRecord)]
    rejected = rejections + [i for i in items if isinstance(i, Rejection)]
    return records, rejected, [f.format for f in inputs]


def _check_slip(r: OpinionRecord) -> None:
    assert r.source == "file" and r.source_id.startswith("sha256:")
    assert r.court_id == "ca1" and r.provenance["court_id"] == "inferred:caption"
    assert str(r.date_decided) == "2011-01-27" and r.provenance["date_decided"] == "inferred:text"
    assert r.docket_number == "10-1820"
    assert r.case_name == "Keven A. McKenna v. Sandra Powell"
    assert "Younger doctrine" in r.text


def test_plain_text_file(tmp_path: Path) -> None:
    (tmp_path / "slip.txt").write_text(SLIP, encoding="utf-8")
    records, rejected, formats = _read_dir(tmp_path)
    assert formats == ["file"] and not rejected
    _check_slip(records[0])
    assert records[0].provenance["text"] == "source:text"


def test_html_file_without_extension(tmp_path: Path) -> None:
    paragraphs = SLIP.split("\n\n")
    html = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</body></html>"
    )
    (tmp_path / "opinion").write_text(html, encoding="utf-8")
    records, rejected, _ = _read_dir(tmp_path)
    assert not rejected
    _check_slip(records[0])
    assert records[0].provenance["text"] == "source:html" and "<p>" not in records[0].text


def test_pdf_file_made_here(tmp_path: Path) -> None:
    lines = [ln for ln in SLIP.splitlines() if ln] + ["The finding is affirmed."]
    (tmp_path / "slip.pdf").write_bytes(_pdf_bytes(lines))
    # the PDF is real: pdfium itself reads the text back
    pdf = pdfium.PdfDocument(str(tmp_path / "slip.pdf"))
    assert "For the First Circuit" in pdf[0].get_textpage().get_text_range()
    pdf.close()
    records, rejected, formats = _read_dir(tmp_path)
    assert formats == ["file"] and not rejected, rejected
    r = records[0]
    assert r.provenance["text"] == "source:pdf"
    assert r.court_id == "ca1" and str(r.date_decided) == "2011-01-27" and r.docket_number == "10-1820"
    assert "The finding is affirmed." in r.text


def test_pdf_without_text_layer_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(_pdf_bytes([]))
    records, rejected, _ = _read_dir(tmp_path)
    assert not records and [r.reason for r in rejected] == ["empty"]
    assert "no text layer" in rejected[0].detail


def test_same_file_twice_has_one_source_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SLIP, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SLIP, encoding="utf-8")
    records, _, _ = _read_dir(tmp_path)
    assert len({r.source_id for r in records}) == 1 and len(records) == 2


def test_markdown_and_readme_are_documentation(tmp_path: Path, corpus_dir: Path) -> None:
    (tmp_path / "NOTES.md").write_text("# Notes\n\nNot an opinion.\n", encoding="utf-8")
    (tmp_path / "README").write_text("plain readme\n", encoding="utf-8")
    inputs, companions, rejections = discover([tmp_path])
    assert not inputs and not rejections
    assert sorted(p.split("/")[-1] for p in companions.paths("documentation")) == ["NOTES.md", "README"]
    _, corpus_companions, _ = discover([corpus_dir / "README.md"])
    assert corpus_companions.paths("documentation") == [str(corpus_dir / "README.md")]


def test_json_is_never_read_as_plain_text(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(json.dumps({"a": 1}), encoding="utf-8")
    inputs, _, rejections = discover([tmp_path])
    assert not inputs and [r.reason for r in rejections] == ["unknown_format"]


def test_hidden_files_are_accounted_as_ignored(tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    inputs, companions, rejections = discover([tmp_path])
    assert not inputs and not rejections
    assert companions.files == (("ignored", str(tmp_path / ".DS_Store")),)
