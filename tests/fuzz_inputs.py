"""Fuzzed inputs for every input format, and the checks every ingest of them must pass (issue 14).

Shared by ``tests/test_fuzz.py`` (hypothesis, a few hundred cases) and ``benchmarks/fuzz.py`` (10,000 or more).
Each generator takes a :class:`random.Random` and real seed data (opinions of the shared corpus and the feed
fixtures) and writes one hostile or careless variant: wrong JSON types, lone surrogates, control characters,
deep nesting, huge numbers, dates such as 2099-01-01 or 2019-13-45, truncation, flipped bytes, other encodings
(UTF-16, Latin-1, BOMs), compression (gzip, bzip2, xz, corrupted), header-only tables, empty pages, FIFOs and
symbolic-link loops.

:func:`check_ingest` runs ``fairwarning ingest`` through the CLI's own entry point (in this process) and returns
the problems found: an exit code other than 0/1, a traceback or internal error, an input neither stored nor
rejected with a reason (a silent loss), a store that fails ``Store.verify`` (integrity, FTS, orphans).
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import json
import lzma
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "feeds"
FORMATS = ("courtlistener-json", "mapped-json", "bulk-csv", "cap-jsonl", "text", "html", "pdf", "special")

_NASTY_STRINGS = (
    "\ud800", "a\udfffb", "\x00", "\x1b[31mred\x1b[0m", "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "\u202e",
    "\ufeff", "'", '"', "\\", "\r\n", "2099-01-01", "2019-13-45", "0000-00-00", "1066-10-14", "-1", "1e309",
    "NaN", "", " ", "null", "[]", "{}", "\ufffe", "\U0001f600" * 50, "x" * 70_000,
)
_KEYS_OF_INTEREST = (
    "id", "plain_text", "html", "html_with_citations", "case_name", "absolute_url", "download_url", "local_path",
    "date_filed", "resource_uri", "cluster", "citation", "docket_number", "precedential_status", "court",
    "casebody", "decision_date", "name_abbreviation", "citations", "court", "CL_opinion_id", "CL_opinion_plain_text",
)


@cache
def seeds(corpus_dir: str) -> dict[str, list[Any]]:
    """Real inputs to mutate: CourtListener objects, mapped sample objects, bulk CSV text, CAP lines."""
    corpus = Path(corpus_dir)
    cl = [json.loads(p.read_text(encoding="utf-8"))
          for p in sorted((corpus / "courtlistener-ca1" / "opinions").glob("*.json"))[:40]]
    mapped = [json.loads(p.read_text(encoding="utf-8"))
              for p in sorted((corpus / "courtlistener-sample" / "opinions").glob("*.json"))[:40]]
    bulk = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "bulk").glob("*/opinions-*.csv"))]
    cap = [line for line in (FIXTURES / "cap" / "cases.jsonl").read_text(encoding="utf-8").split("\n") if _parses(line)]
    return {"cl": cl, "mapped": mapped, "bulk": bulk, "cap": cap}


def _parses(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False  # the fixture's deliberately truncated last line


def _shorten(text: str, rng: random.Random, limit: int) -> str:
    return text if len(text) <= limit else text[:limit]


def nasty_value(rng: random.Random, depth: int = 0) -> Any:
    """A value of a random wrong or hostile type."""
    kind = rng.randrange(12)
    if kind == 0:
        return rng.choice(_NASTY_STRINGS)
    if kind == 1:
        return rng.choice([0, -1, 2**63, 10**400 if rng.random() < 0.1 else 7, 1.5, True, False, None])
    if kind == 2 and depth < 3:
        return [nasty_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 3 and depth < 3:
        return {rng.choice(_KEYS_OF_INTEREST): nasty_value(rng, depth + 1) for _ in range(rng.randrange(4))}
    if kind == 4:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 40)))
    if kind == 5:
        return "".join(chr(rng.randrange(0, 0x110000)) for _ in range(rng.randrange(1, 20)))
    if kind == 6:
        return rng.choice(["2099-01-01", "2019-13-45", "1700-01-01", "2010-02-30", "June 31, 2010", "yesterday"])
    return rng.choice(_NASTY_STRINGS[:12])


def mutate_object(obj: Any, rng: random.Random, *, text_limit: int) -> Any:
    """A copy of a JSON object with a few random hostile changes."""
    obj = json.loads(json.dumps(obj))
    if isinstance(obj, dict):
        for key in ("plain_text", "html_with_citations", "html", "CL_opinion_plain_text", "CL_opinion_html"):
            if isinstance(obj.get(key), str):
                obj[key] = _shorten(obj[key], rng, text_limit)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(6)
        if not isinstance(obj, dict) or not obj:
            break
        key = rng.choice(list(obj)) if rng.random() < 0.5 else rng.choice(_KEYS_OF_INTEREST)
        if op == 0:
            obj[key] = nasty_value(rng)
        elif op == 1:
            obj.pop(key, None)
        elif op == 2 and isinstance(obj.get(key), str) and obj[key]:
            s = obj[key]
            at = rng.randrange(len(s))
            obj[key] = s[:at] + rng.choice(_NASTY_STRINGS[:6]) + s[at:]
        elif op == 3:
            nested: Any = "x"
            for _ in range(rng.choice([10, 200, 900])):  # json.dumps recurses
                nested = [nested]
            obj[key] = nested
        elif op == 4:
            obj["id"] = rng.randrange(10**12)
        else:
            obj[key] = rng.choice([[], {}, None, 0])
    return obj


GOOD_INCIDENT = {"conduct_date": "2017-06-15", "place": "MA", "officials": ["police"],
                 "claims": ["4A_excessive_force"], "title": "Taser", "locality": "Boston",
                 "facts": "An officer tased a handcuffed man who was not resisting in any way.",
                 "defendants": [{"name": "Officer Doe", "kind": "official"}, "City of Boston"]}


def mutated_incident(rng: random.Random, as_json: bool) -> bytes:
    """A hostile incident file's bytes: :data:`GOOD_INCIDENT` mutated, sometimes a nasty value in a key, as JSON or
    YAML, sometimes broken as bytes (an impossible date, UTF-16, truncation, a duplicate key, an alias bomb, a bad
    byte)."""
    import yaml

    data: Any = mutate_object(GOOD_INCIDENT, rng, text_limit=1000)
    if rng.random() < 0.3 and isinstance(data, dict):
        data[rng.choice(list(GOOD_INCIDENT))] = nasty_value(rng)
    try:
        text = json.dumps(data) if as_json else yaml.safe_dump(data, allow_unicode=rng.random() < 0.5)
    except (yaml.YAMLError, ValueError, RecursionError):
        text = json.dumps(data)
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.3:
        raw = rng.choice([raw.replace(b"2017-06-15", b"2019-13-45"), text.encode("utf-16"),
                          raw[: rng.randrange(len(raw) + 1)], raw + b"\nplace: RI\n",
                          b"a: &a [x, x]\nb: &b [*a, *a]\nfacts: *b\n" + raw, raw.replace(b"MA", b"\xe9")])
    return raw


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte-level damage: truncation, flipped or inserted bytes, another encoding, a BOM."""
    op = rng.randrange(10)
    if op == 0 and data:
        return data[: rng.randrange(len(data))]
    if op == 1 and data:
        buf = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if op == 2:
        try:
            return data.decode("utf-8").encode("utf-16")
        except UnicodeDecodeError:
            return data
    if op == 3:
        try:
            return data.decode("utf-8").encode("latin-1", errors="replace")
        except UnicodeDecodeError:
            return data
    if op == 4:
        return b"\xef\xbb\xbf" + data
    if op == 5 and data:
        at = rng.randrange(len(data))
        return data[:at] + os.urandom(rng.randrange(1, 64)) + data[at:]
    return data


def compress(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Maybe compressed (and maybe then corrupted), with the matching suffix."""
    op = rng.randrange(6)
    if op == 0:
        return gzip.compress(data), ".gz"
    if op == 1:
        return bz2.compress(data), ".bz2"
    if op == 2:
        return lzma.compress(data), ".xz"
    if op == 3:
        packed = bytearray(gzip.compress(data))
        for _ in range(rng.randrange(1, 8)):
            packed[rng.randrange(10, max(11, len(packed)))] = rng.randrange(256) if len(packed) > 11 else 0
        return bytes(packed), ".gz"
    return data, ""


@dataclass
class Written:
    path: Path
    kind: str
    special: bool = False  # a FIFO or a link: accounted for at discovery, never read


@dataclass
class Case:
    folder: Path
    files: list[Written] = field(default_factory=list)


def write_case(folder: Path, fmt: str, rng: random.Random, corpus_dir: Path, n: int, *, text_limit: int = 6000) -> list[Written]:
    """Write one fuzzed input of ``fmt`` (one of :data:`FORMATS`) as file number ``n`` in ``folder``."""
    s = seeds(str(corpus_dir))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"f{n:05d}"
    if fmt == "courtlistener-json":
        obj = mutate_object(rng.choice(s["cl"]), rng, text_limit=text_limit)
        if isinstance(obj, dict) and rng.random() < 0.8:
            obj["id"] = rng.randrange(10**12)
        if rng.random() < 0.15:
            obj = {"count": 1, "next": None, "results": [obj] if rng.random() < 0.7 else []}
        data = mutate_bytes(json.dumps(obj, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass"), rng)
        return [_put(folder / f"{name}.json", data, fmt)]
    if fmt == "mapped-json":
        obj = mutate_object(rng.choice(s["mapped"]), rng, text_limit=text_limit)
        if isinstance(obj, dict) and rng.random() < 0.8:
            obj["CL_opinion_id"] = rng.randrange(10**12)
        data = mutate_bytes(json.dumps(obj).encode("utf-8"), rng)
        return [_put(folder / f"{name}.json", data, fmt)]
    if fmt == "bulk-csv":
        table = rng.choice(s["bulk"])
        lines = table.splitlines(keepends=True)
        header, rows = lines[0], lines[1:]
        op = rng.randrange(6)
        if op == 0:
            body = header  # a header-only table
        elif op == 1:
            body = header + "".join(rng.sample(rows, k=min(len(rows), rng.randrange(1, 40))))
        elif op == 2:
            body = header + '1,2,"' + rng.choice(_NASTY_STRINGS) + '"\n'
        else:
            body = _shorten(table, rng, rng.randrange(200, 40_000))
        body = _unique_bulk_ids(body, rng)
        data, suffix = compress(mutate_bytes(body.encode("utf-8", "surrogatepass"), rng), rng)
        return [_put(folder / f"opinions-{name}.csv{suffix}", data, fmt)]
    if fmt == "cap-jsonl":
        lines = []
        for _ in range(rng.randrange(1, 5)):
            case = json.loads(rng.choice(s["cap"]))
            case["id"] = rng.randrange(10**12)
            case = mutate_object(case, rng, text_limit=text_limit) if rng.random() < 0.7 else case
            lines.append(json.dumps(case))
        if rng.random() < 0.2:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(["{", "[1,2]", "null", '{"id": []}', ""]))
        data, suffix = compress(mutate_bytes(("\n".join(lines) + "\n").encode("utf-8"), rng), rng)
        return [_put(folder / f"{name}.jsonl{suffix}", data, fmt)]
    if fmt in ("text", "html"):
        obj = rng.choice(s["cl"])
        raw = (obj.get("plain_text") if fmt == "text" else obj.get("html_with_citations")) or obj.get("html") or ""
        text = _shorten(str(raw), rng, text_limit)
        at = rng.randrange(len(text) + 1)
        text = text[:at] + str(nasty_value(rng)) + text[at:]
        data = mutate_bytes(text.encode("utf-8", "surrogatepass"), rng)
        suffix = rng.choice([".txt", ".html", ".pdf", ".md", ""]) if rng.random() < 0.2 else (
            ".txt" if fmt == "text" else ".html")
        return [_put(folder / f"{name}{suffix}", data, fmt)]
    if fmt == "pdf":
        from test_sources_files import _pdf_bytes

        obj = rng.choice(s["cl"])
        lines = [ln[:90] for ln in str(obj.get("plain_text") or "x").splitlines()[:45] if ln.strip()] or ["x"]
        lines = ["".join(ch if ord(ch) < 256 else "?" for ch in ln) for ln in lines]
        data = _pdf_bytes(lines)
        data = mutate_bytes(data, rng) if rng.random() < 0.6 else data
        return [_put(folder / f"{name}.pdf", data, fmt)]
    return _special(folder, name, rng)


def _unique_bulk_ids(body: str, rng: random.Random) -> str:
    """Give each data row a fresh opinion id so that two fuzzed files never share a source id by chance."""
    out = []
    for i, line in enumerate(body.splitlines(keepends=True)):
        if i and line[:1].isdigit() and "," in line:
            line = f"{rng.randrange(10**12)}{line[line.index(','):]}"
        out.append(line)
    return "".join(out)


def _special(folder: Path, name: str, rng: random.Random) -> list[Written]:
    op = rng.randrange(6)
    if op == 0:
        os.mkfifo(folder / f"{name}.json")
        return [Written(folder / f"{name}.json", "fifo", special=True)]
    if op == 1:
        sub = folder / f"{name}-dir"
        sub.mkdir()
        (sub / "up").symlink_to(folder)
        (sub / "up2").symlink_to(folder)
        return []
    if op == 2:
        return [_put(folder / f"{name}.json", b"", "empty")]
    if op == 3:
        return [_put(folder / f"{name}.bin", os.urandom(rng.randrange(1, 5000)), "binary")]
    if op == 4:
        return [_put(folder / f"{name}.csv", b"id,name\n" + b"".join(b"%d,x y z\n" % i for i in range(50)), "csv2")]
    return [_put(folder / f"{name}.csv", b"\xef\xbb\xbfa,b,c\n", "header-only")]


def _put(path: Path, data: bytes, kind: str) -> Written:
    path.write_bytes(data)
    return Written(path, kind)


# -- running and checking -----------------------------------------------------------------------------------------
def run_cli(args: list[str]) -> tuple[int, str, str]:
    """``fairwarning ARGS`` through the console entry point, in this process: (exit code, stdout, stderr)."""
    from fairwarning.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["fairwarning", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


@dataclass
class Outcome:
    code: int
    files: int
    tracebacks: list[str] = field(default_factory=list)  # internal errors, exit 3, reader_error rejections
    losses: list[str] = field(default_factory=list)  # inputs neither stored nor rejected with a reason
    orphans: list[str] = field(default_factory=list)  # Store.verify problems (integrity, FTS, orphans)


def check_ingest(folder: Path, db: Path, written: list[Written], *, workers: int = 1,
                 runner: Callable[[list[str]], tuple[int, str, str]] = run_cli) -> Outcome:
    """Ingest ``folder`` into ``db`` through the CLI and check every invariant (see the module doc)."""
    from fairwarning.corpus.store import Store

    code, out, err = runner(["ingest", str(folder), "--db", str(db), "--workers", str(workers), "--json"])
    outcome = Outcome(code, len(written))
    if code not in (0, 1) or "Traceback" in err or "internal error" in err:
        outcome.tracebacks.append(f"exit {code}: {err.strip()[:400]}")
    if code not in (0, 1):
        return outcome
    with Store(db, readonly=True) as store:
        marked = {r[0]: r[1] for r in store.conn.execute("SELECT path, status FROM ingested_files")}
        rejected: dict[str, list[tuple[str, str]]] = {}
        for r in store.rejections():
            rejected.setdefault(r.path, []).append((r.reason, r.detail))
            if r.reason == "reader_error":
                outcome.tracebacks.append(f"{r.path}: {r.detail[:300]}")
            if not r.reason or not r.detail:
                outcome.losses.append(f"{r.path}: rejection without a reason")
        sourced = {r[0] for r in store.conn.execute("SELECT DISTINCT path FROM opinion_sources")}
    merged_only = []  # files whose every record was merged into a source already stored (same source id)
    for w in written:
        path = str(w.path)
        status = marked.get(path)
        if status is None and path not in rejected:
            outcome.losses.append(f"{path} ({w.kind}): not accounted for")
        elif status == "ok" and path not in sourced and path not in rejected:
            merged_only.append(f"{path} ({w.kind}): marked ok but nothing stored or rejected")
    try:
        duplicates = int(json.loads(out)["duplicates"])
    except (ValueError, KeyError, TypeError):
        duplicates = 0
    if len(merged_only) > duplicates:
        outcome.losses.extend(merged_only)
    with Store(db) as store:
        outcome.orphans.extend(store.verify())
    return outcome
