"""Bounded text streams for the streamed formats (bulk CSV, CAP JSONL), plain or compressed.

:func:`open_text` opens a file as text, decompressing bzip2/gzip/xz by magic bytes and decoding by byte-order
mark (UTF-8, with or without BOM; UTF-16 with BOM). Iterating it yields lines, each bounded:

- one line (one JSONL record, one physical CSV line) longer than :data:`RECORD_CHARS` raises
  :class:`~fairwarning.errors.SourceError` (reason ``too_large``) before more than that is held in memory;
- a compressed file that decompresses to more than :data:`MAX_RATIO` times its size (and more than
  :data:`RATIO_FLOOR` characters) raises ``too_large`` too: a decompression bomb is stopped by what it
  decompresses to, not by its size on disk.

:data:`DECOMPRESS_ERRORS` are the exceptions a corrupt compressed stream raises (``zlib.error`` is not an
``OSError``); readers turn them into rejections.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from fairwarning.errors import SourceError

__all__ = ["RECORD_CHARS", "MAX_RATIO", "RATIO_FLOOR", "DECOMPRESS_ERRORS", "BoundedText", "open_text", "text_encoding"]

#: the longest single record (line) read from a streamed file; the longest real opinions are a few MB
RECORD_CHARS = 32 * 1024 * 1024
#: a compressed file may decompress to this many times its size (text compresses 3-10x) ...
MAX_RATIO = 100
#: ... or to this many characters, whichever is more
RATIO_FLOOR = 64 * 1024 * 1024
DECOMPRESS_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, lzma.LZMAError, zlib.error)
_COMPRESSED = (b"BZh", b"\x1f\x8b", b"\xfd7zXZ")


def text_encoding(head: bytes) -> str:
    """``utf-16`` for a UTF-16 byte-order mark, else ``utf-8-sig`` (UTF-8 with or without its BOM)."""
    return "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


class BoundedText:
    """A text file whose iteration yields bounded lines (see the module doc); also ``read(n)`` and ``close``."""

    def __init__(self, fh: IO[str], path: str, *, limit: int | None) -> None:
        self._fh = fh
        self._path = path
        self._limit = limit  # total characters allowed (compressed files), None: unbounded
        self._seen = 0

    def read(self, size: int = -1) -> str:
        return self._fh.read(size if size >= 0 else RECORD_CHARS)

    def __iter__(self) -> Iterator[str]:
        number = 0
        while True:
            line = self._fh.readline(RECORD_CHARS + 1)
            if not line:
                return
            number += 1
            if len(line) > RECORD_CHARS:
                raise SourceError(
                    f"line {number} is longer than {RECORD_CHARS} characters: no opinion is that long "
                    "(a corrupt or hostile file?)",
                    path=self._path,
                    reason="too_large",
                )
            self._seen += len(line)
            if self._limit is not None and self._seen > self._limit:
                raise SourceError(
                    f"decompresses to over {self._limit} characters ({MAX_RATIO} times its size): "
                    "a decompression bomb? Decompress it yourself if it is genuine",
                    path=self._path,
                    reason="too_large",
                )
            yield line

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> BoundedText:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_text(path: str | Path) -> BoundedText:
    """Open ``path`` as text (see the module doc), decompressing bzip2/gzip/xz by magic bytes."""
    with open(path, "rb") as fh:
        magic = fh.read(6)
    size = Path(path).stat().st_size
    opener: dict[bytes, Callable[..., Any]] = {b"BZh": bz2.open, b"\x1f\x8b": gzip.open, b"\xfd7zXZ": lzma.open}
    for prefix, open_compressed in opener.items():
        if magic.startswith(prefix):
            binary = open_compressed(path, "rb")
            try:
                encoding = text_encoding(binary.peek(4)[:4] if hasattr(binary, "peek") else b"")
            except BaseException:
                binary.close()
                raise
            text = io.TextIOWrapper(binary, encoding=encoding, newline="")  # type: ignore[arg-type]
            return BoundedText(text, str(path), limit=max(RATIO_FLOOR, MAX_RATIO * size))
    encoding = text_encoding(magic)
    return BoundedText(open(path, encoding=encoding, newline=""), str(path), limit=None)


def is_compressed(head: bytes) -> bool:
    return head.startswith(_COMPRESSED)
