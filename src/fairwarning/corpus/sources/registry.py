"""Discovery (which files are which format, by content) and dispatch to format modules.

:func:`discover` walks the given paths recursively in sorted order and accounts for every file, putting it in
exactly one of three lists:

- **inputs** (:class:`InputFile` with the ``FORMAT`` of the module whose ``sniff`` accepts the file's first
  bytes; modules are asked in :data:`FORMAT_MODULES` order, most specific first, plain files last);
- **companions** (metadata tables, recognized by a module's optional ``sniff_companion(path, head) -> kind``:
  ``ca1-inventory`` / ``opinion-manifest`` (:mod:`fairwarning.corpus.sources.inventory`), ``cl-bulk-clusters`` /
  ``cl-bulk-dockets`` / ``cl-bulk-citations`` (:mod:`fairwarning.corpus.sources.courtlistener_bulk`)), plus
  **documentation**: a Markdown file (first line a ``#`` heading) or a file named README/CHANGES/LICENSE is listed
  as a companion of kind ``documentation`` — accounted for, neither read as an opinion nor counted as a rejection;
- **rejections** (:class:`Rejection`): ``empty`` (0 bytes), ``too_large`` (over ``max_bytes``), ``unreadable``
  (permission or I/O error; also a folder that cannot be listed), ``not_a_file`` (a named pipe, socket or
  device: never opened, so a FIFO cannot hang the run), ``not_utf8`` (text that is neither UTF-8 nor UTF-16 with
  a byte-order mark), ``unknown_format`` (anything else, e.g. a CSV that is no known table, a JSON object of
  unknown shape, a binary file).

Hidden directories (``.git``...) are not entered; a hidden file (``.DS_Store``) is listed as a companion of kind
``ignored`` so that it is accounted for without failing the run. Symbolic links are followed, but each real
folder is entered once (a link to a parent is a loop, not more files) and a file reached twice is listed once.

:func:`read_records` dispatches on ``InputFile.format`` to the module by name (imported at dispatch time, so the
FEEDS modules ``courtlistener_bulk`` and ``cap`` are loaded only when needed; a module that exists but fails to
import raises). Reading never raises for bad input: a bad file or object becomes a :class:`Rejection`.
"""

from __future__ import annotations

import codecs
import importlib
import importlib.util
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.sources.streams import text_encoding
from fairwarning.errors import InputError
from fairwarning.models import OpinionRecord, Rejection

__all__ = ["FORMAT_MODULES", "COMPANION_MODULES", "discover", "read_records", "format_module", "load_json"]

#: format name -> module, in sniffing order (most specific first; ``file`` accepts any text, so it is last)
FORMAT_MODULES: dict[str, str] = {
    "courtlistener-bulk": "fairwarning.corpus.sources.courtlistener_bulk",
    "cap": "fairwarning.corpus.sources.cap",
    "mapped-json": "fairwarning.corpus.sources.mapped_json",
    "courtlistener-json": "fairwarning.corpus.sources.courtlistener_json",
    "file": "fairwarning.corpus.sources.files",
}
#: modules asked for companion tables (``sniff_companion``), in order
COMPANION_MODULES: tuple[str, ...] = (
    "fairwarning.corpus.sources.inventory",
    "fairwarning.corpus.sources.courtlistener_bulk",
)
HEAD_BYTES = 65536
_DOC_NAMES = re.compile(r"^(?:readme|changes|changelog|license|copying|notice)(?:\.[a-z]+)?$", re.IGNORECASE)
_MARKDOWN_HEAD = re.compile(rb"^\s*#{1,6} \S")


def format_module(name: str) -> ModuleType:
    """The format module for ``name``; raises :class:`InputError` listing the known formats when unknown."""
    try:
        module_name = FORMAT_MODULES[name]
    except KeyError:
        raise InputError(f"unknown source format {name!r}; known: {', '.join(FORMAT_MODULES)}") from None
    return importlib.import_module(module_name)


def _available(module_names: Iterable[str]) -> list[ModuleType]:
    """Import the modules that exist (a module not yet written is skipped; one that fails to import raises)."""
    out = []
    for name in module_names:
        if importlib.util.find_spec(name) is not None:
            out.append(importlib.import_module(name))
    return out


def _walk(paths: Iterable[str | os.PathLike[str]], skipped: list[Rejection]) -> Iterator[Path]:
    """Every file under ``paths`` once, in sorted order; folders that cannot be listed go to ``skipped``."""
    seen: set[tuple[int, int]] = set()  # (device, inode) of the files yielded
    for given in paths:
        root = Path(given)
        if not root.exists() and not root.is_symlink():
            raise InputError(f"no such file or directory: {root}; give files or folders of opinions")
        candidates = sorted(_tree(root, skipped), key=str) if root.is_dir() else [root]
        for p in candidates:
            try:
                st = p.stat()
                key = (st.st_dev, st.st_ino)
            except OSError:
                key = (-1, hash(str(p)))  # a broken link: reported by _classify
            if key not in seen:
                seen.add(key)
                yield p


def _tree(root: Path, skipped: list[Rejection]) -> Iterator[Path]:
    """Files below ``root``, following symbolic links to folders but entering each real folder once (a link
    to a parent folder is a loop, not more files); hidden folders are not entered."""
    entered: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in entered:
                continue
            entered.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Rejection(str(folder), "unreadable", f"cannot list the folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.name.startswith("."):
                    stack.append(path)
            else:
                yield path


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = 200_000_000,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> tuple[list[InputFile], Companions, list[Rejection]]:
    """Classify every file under ``paths`` (see module docs): inputs, companion tables, rejections. Files in
    ``exclude`` (the store being written, with its ``-wal``/``-shm``/``-journal`` files) are left out."""
    formats = _pairs_available()
    companion_mods = _available(COMPANION_MODULES)
    excluded = {os.path.realpath(p) for p in exclude}
    inputs: list[InputFile] = []
    companions: list[tuple[str, str]] = []
    rejections: list[Rejection] = []
    for p in _walk(paths, rejections):
        path = str(p)
        if os.path.realpath(p) in excluded:
            continue
        outcome = _classify(p, formats, companion_mods, max_bytes)
        if isinstance(outcome, Rejection):
            rejections.append(outcome)
        elif isinstance(outcome, InputFile):
            inputs.append(outcome)
        else:
            companions.append((outcome, path))
    return inputs, Companions(tuple(companions)), rejections


def _pairs_available() -> list[tuple[str, ModuleType]]:
    return [
        (name, importlib.import_module(mod))
        for name, mod in FORMAT_MODULES.items()
        if importlib.util.find_spec(mod) is not None
    ]


def _classify(
    p: Path, formats: list[tuple[str, ModuleType]], companion_mods: list[ModuleType], max_bytes: int
) -> InputFile | Rejection | str:
    path = str(p)
    if p.name.startswith("."):
        return "ignored"
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the open forever; a device never ends
            return Rejection(path, "not_a_file", f"not a regular file ({_file_kind(st.st_mode)}): nothing to read")
        with open(p, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        return Rejection(path, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # sniffers read UTF-8: show them UTF-8
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    if st.st_size == 0 or not head.strip():
        return Rejection(path, "empty", f"the file has no content ({st.st_size} bytes)")
    if _DOC_NAMES.match(p.name) or (
        _MARKDOWN_HEAD.match(head) and p.suffix.lower() in (".md", ".markdown", "")
    ):
        return "documentation"
    for mod in companion_mods:
        kind = getattr(mod, "sniff_companion", lambda _p, _h: None)(p, head)
        if kind:
            return str(kind)
    for name, mod in _sniffed(p, head, st.st_size, formats, max_bytes):
        # streamed formats (bulk CSV, CAP JSONL) are read row by row, so their size is no risk;
        # files read whole (one JSON object, HTML, PDF, text) are bounded by ``max_bytes``
        if st.st_size > max_bytes and not getattr(mod, "STREAMING", False):
            return Rejection(
                path, "too_large", f"{st.st_size} bytes is over the limit of {max_bytes} bytes for one opinion file"
            )
        return InputFile(path=path, format=name, size=st.st_size, mtime_ns=st.st_mtime_ns)
    if st.st_size > max_bytes:
        return Rejection(path, "too_large", f"{st.st_size} bytes is over the limit of {max_bytes} bytes")
    return _unknown(path, head)


def _sniffed(
    p: Path, head: bytes, size: int, formats: list[tuple[str, ModuleType]], max_bytes: int
) -> Iterator[tuple[str, ModuleType]]:
    """The first format whose ``sniff`` accepts the file (at most one pair).

    Modules sniff the first :data:`HEAD_BYTES`. A JSON object whose long text field comes before its other keys
    (a CourtListener object with ``plain_text`` first) shows a module too little there, so a JSON file that no
    module accepts from its head is sniffed again on a head made of its object's keys alone (values dropped),
    read from the whole file when it is small enough to be read whole anyway.
    """
    for name, mod in formats:
        if mod.sniff(p, head):
            yield name, mod
            return
    if len(head) < HEAD_BYTES or size > max_bytes or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return
    keys_head = _keys_head(p)
    if keys_head is None:
        return
    for name, mod in formats:
        if mod.sniff(p, keys_head):
            yield name, mod
            return


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


def _keys_head(p: Path) -> bytes | None:
    """``{"k1": null, "k2": null, ...}``: the keys of the file's (first) JSON object, without their values."""
    try:
        raw = p.read_bytes()
    except OSError:
        return None
    keys: list[bytes] = []
    depth, target, previous = 0, 1, b""
    for m in _JSON_TOKEN.finditer(raw):
        tok = m.group()
        if tok in (b"{", b"["):
            if depth == 0 and tok == b"[":
                target = 2  # a list of objects: the keys of its first object
            depth += 1
        elif tok in (b"}", b"]"):
            depth -= 1
            if depth < target and keys:
                break
        elif tok == b":" and depth == target and previous.startswith(b'"'):
            keys.append(previous)
        previous = tok
    if not keys:
        return None
    return b"{" + b", ".join(k + b": null" for k in keys) + b"}"


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _unknown(path: str, head: bytes) -> Rejection:
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the head
                return Rejection(
                    path, "not_utf8", f"text is not UTF-8 (byte {exc.start}); re-save it as UTF-8"
                )
    what = _describe(head)
    return Rejection(path, "unknown_format", f"not a known opinion format or metadata table ({what})")


def _describe(head: bytes) -> str:
    if b"\x00" in head:
        return "binary data"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"{", b"[")):
        return "JSON of an unknown shape"
    first = text.split(b"\n", 1)[0]
    if b"," in first:
        return f"a CSV table with header {first[:120].decode('utf-8', 'replace')!r}"
    return "unrecognized content"


def read_records(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """Records (and rejections) of one discovered input, from the module named by ``f.format``."""
    module = format_module(f.format)
    yield from module.read(f, companions)


def load_json(path: str) -> Any | Rejection:
    """Parse a JSON file; a file that is not UTF-8, truncated or malformed becomes a :class:`Rejection`."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return Rejection(path, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    try:
        doc = raw.decode(text_encoding(raw[:4]))
    except UnicodeDecodeError as exc:
        return Rejection(path, "not_utf8", f"JSON is not UTF-8 (byte {exc.start}); re-save it as UTF-8")
    try:
        return json.loads(doc)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(doc.rstrip()) - 1:
            return Rejection(path, "truncated", f"JSON ends early at character {exc.pos}: {exc.msg}")
        return Rejection(
            path, "malformed", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        )
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number; nesting deeper than Python recurses
        return Rejection(path, "malformed", f"unreadable JSON: {type(exc).__name__}: {str(exc)[:160]}")
