"""Issue 14 regressions, analyze and outputs: the incident loader, the memo renderers, the CSV export, ``show``
and ``--out``. Each test is built from the input that broke the landed code."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from fairwarning.analysis import load_incident, render_memo
from fairwarning.analysis.assess import assess
from fairwarning.analysis.escape import csv_cell, markdown, terminal, xml_text
from fairwarning.analysis.memo import memo_text
from fairwarning.cli._app import atomic_output
from fairwarning.errors import InputError
from test_analysis_assess import _cand, _ctx, _fields, _incident

REPO = Path(__file__).resolve().parents[1]
HOSTILE_NAMES = (
    "<script>alert(1)</script> v. Town",
    '<img src=x onerror="alert(1)"> v. City',
    "[click](javascript:alert(1)) v. County",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "Smith v. Jones\n# Injected heading\n\n<iframe src=//evil>",
    "[r]: javascript:alert(1)",
    "\x1b[31mRED\x1b[0m v. \x07Bell\x00",
)
GOOD = """conduct_date: 2017-06-15
place: MA
officials: [police]
claims: [4A_excessive_force]
facts: An officer tased a handcuffed man who was not resisting in any way.
"""


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# -- the incident loader --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("2017-06-15", "2019-13-45"), "not a date"),
        (GOOD + "1: one\n", "keys must be text"),
        (GOOD.replace("place: MA", "place: [MA, RI]"), "`place` must be text"),
        (GOOD.replace("facts: An", "facts: 12345\nnotes: An"), "`facts` must be text"),
        (GOOD + "title: [a, list]\n", "`title` must be text"),
        (GOOD.replace("claims: [4A_excessive_force]", "claims: [[4A_excessive_force]]"), "must be text"),
        (GOOD + "place: RI\n", "duplicate key 'place'"),
        (GOOD + "title: " + "[" * 20000 + "]" * 20000 + "\n", "not valid YAML"),
        (GOOD.replace("conduct_date: 2017-06-15", "conduct_date: 20170615"), "must be a date"),
    ],
)
def test_incident_yaml_errors_are_clean(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_incident(_write(tmp_path, "i.yaml", text), today=None)


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lol += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)]
    body = "\n".join(lol) + "\n"
    started = time.monotonic()
    for key in ("facts", "title", "defendants"):
        path = _write(tmp_path, f"{key}.yaml", body + GOOD.replace("facts:", "facts_x:").replace("facts_x:", "facts:")
                      + f"{'notes' if key == 'facts' else key}: *j\n")
        with pytest.raises(InputError, match="aliases"):
            load_incident(path)
    assert time.monotonic() - started < 5


def test_incident_encodings(tmp_path: Path) -> None:
    assert load_incident(_write(tmp_path, "u16.yaml", GOOD.encode("utf-16"))).place == "MA"
    latin = GOOD.replace("An officer", "Un agente de polic\u00eda").encode("latin-1")
    with pytest.raises(InputError, match="not UTF-8"):
        load_incident(_write(tmp_path, "latin.yaml", latin))


def test_incident_json_duplicate_keys_and_deep_nesting(tmp_path: Path) -> None:
    good = {"conduct_date": "2017-06-15", "place": "MA", "officials": ["police"], "claims": ["4A_excessive_force"],
            "facts": "An officer tased a handcuffed man who was not resisting in any way."}
    dup = json.dumps(good)[:-1] + ', "place": "RI"}'
    with pytest.raises(InputError, match="duplicate key 'place'"):
        load_incident(_write(tmp_path, "dup.json", dup))
    deep = json.dumps(good)[:-1] + ', "notes": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(InputError, match="nested too deeply|must be text"):
        load_incident(_write(tmp_path, "deep.json", deep))
    with pytest.raises(InputError, match="`facts` must be text"):
        load_incident(_write(tmp_path, "list.json", json.dumps({**good, "facts": ["a", "b", "c", "d", "e"]})))


def test_incident_cli_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path, "i.yaml", GOOD.replace("2017-06-15", "2019-13-45"))
    done = subprocess.run([sys.executable, "-m", "fairwarning", "analyze", str(path), "--db", str(tmp_path / "x.db")],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "2019-13-45" in done.stderr


# -- the memo renderers ---------------------------------------------------------------------------------------
def _hostile_result(name: str):  # type: ignore[no-untyped-def]
    cand = _cand(1, fields=_fields())
    cand = replace(cand, meta=replace(cand.meta, case_name=name))
    return assess(_incident(facts=f"The officer tased {name} while he lay handcuffed."), [cand], _ctx())


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_markdown_memo_renders_hostile_names_inert(name: str) -> None:
    md = str(render_memo(_hostile_result(name), "md"))
    html = MarkdownIt("commonmark").render(md)
    lowered = html.lower()
    for live in ("<script", "<img", "<iframe", 'href="javascript:', "src=\"javascript:"):
        assert live not in lowered, (live, html)
    assert "Injected heading</h" not in html
    assert "\x1b" not in md and "\x07" not in md and "\x00" not in md
    assert " v." in memo_text(md, "md")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_docx_memo_survives_control_characters(name: str) -> None:
    data = render_memo(_hostile_result(name + "\x01\x0b\x1f\ud800"), "docx")
    assert isinstance(data, bytes)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Case" in text or "v." in text


def test_html_and_json_memos_carry_no_terminal_escapes() -> None:
    result = _hostile_result("\x1b]0;pwned\x07\x1b[2J Doe v. Roe")
    for fmt in ("md", "html"):
        assert "\x1b" not in str(render_memo(result, fmt))
    assert "\x1b" not in str(render_memo(result, "json"))  # json.dumps writes \u001b


def test_escape_helpers() -> None:
    assert markdown("# a") == "\\# a" and markdown("1. x") == "1\\. x" and markdown("- x") == "\\- x"
    assert terminal("a\x1b[31mb\x9bc\n\t") == "a[31mbc\n\t"
    assert xml_text("a\x00b\x0bc\ud800d\tе") == "abcd\tе"
    assert [csv_cell(v) for v in ("=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "-1", "@SUM(A1)", "\tx", "\rx", "ok", 3)] \
        == ["'=HYPERLINK(\"x\")", "'+cmd|' /C calc'!A0", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "ok", 3]


def test_csv_export_neutralizes_formulas() -> None:
    from fairwarning.cli.labels import _write_text
    from fairwarning.labeler.storage import EXPORT_KEYS

    record = {k: None for k in EXPORT_KEYS}
    record.update(case_name='=HYPERLINK("http://evil","x")', source_id="+cmd|' /C calc'!A0", evidence=["@x"])
    buf = io.StringIO()
    _write_text([record], "csv", buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["case_name"].startswith("'=") and row["source_id"].startswith("'+")
    assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values() if v)


# -- --out is atomic ------------------------------------------------------------------------------------------
def test_out_is_replaced_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    target.write_text("the old, complete memo\n", encoding="utf-8")
    with pytest.raises(InputError, match="No space left"), atomic_output(target) as fh:
        fh.write("half of a new me")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert target.read_text(encoding="utf-8") == "the old, complete memo\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md"]  # no temporary file left
    with atomic_output(target) as fh:
        fh.write("new memo\n")
    assert target.read_text(encoding="utf-8") == "new memo\n"
    assert (target.stat().st_mode & 0o777) != 0o600  # not mkstemp's private mode


# -- show ---------------------------------------------------------------------------------------------------------
def test_show_strips_terminal_escapes(corpus_dir: Path, tmp_path: Path) -> None:
    from fairwarning.corpus.ingest import ingest
    from fairwarning.corpus.store import Store

    src = sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))[10]
    obj = json.loads(src.read_text(encoding="utf-8"))
    obj["case_name"] = "\x1b[2J\x1b]0;owned\x07Doe v. [bold]Roe[/bold]"
    obj["plain_text"] = "\x1b[31m" + (obj["plain_text"] or "")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / src.name).write_text(json.dumps(obj), encoding="utf-8")
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([folder], store, workers=1)
    done = subprocess.run([sys.executable, "-m", "fairwarning", "show", "1", "--text", "--db", str(db)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Doe v. [bold]Roe[/bold]" in done.stdout  # markup shown literally, not interpreted
    words = obj["plain_text"].split()[5]
    found = subprocess.run([sys.executable, "-m", "fairwarning", "search", words, "--db", str(db)],
                           capture_output=True, text=True, cwd=REPO, timeout=300, env={**os.environ, "COLUMNS": "300"})
    assert found.returncode == 0, found.stderr
    assert "Doe v." in found.stdout and "\x1b" not in found.stdout and "\x07" not in found.stdout


def test_memo_links_only_web_addresses() -> None:
    """A stored URL is untrusted: the precedent table links it only when it is a plain http(s) address."""
    result = _hostile_result("Doe v. Roe")

    def with_url(url: str):  # type: ignore[no-untyped-def]
        return replace(result, precedents=tuple(replace(p, url=url) for p in result.precedents))

    good = "https://www.courtlistener.com/opinion/1/doe-v-roe/"
    assert f"]({good})" in str(render_memo(with_url(good), "md"))  # the table links a good address
    assert f'href="{good}"' in str(render_memo(with_url(good), "html"))
    for bad in ("javascript:alert(1)", 'https://x.org/a" onmouseover="alert(1)', "https://x.org/a)(javascript:alert(1)"):
        hostile = with_url(bad)
        md = str(render_memo(hostile, "md"))
        assert "javascript:" not in md.lower() and "onmouseover" not in md, md
        html = MarkdownIt("commonmark").render(md) + str(render_memo(hostile, "html"))
        assert 'href="javascript:' not in html.lower() and "onmouseover" not in html
        assert b"javascript:" not in render_memo(hostile, "docx")
