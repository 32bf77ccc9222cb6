"""The source-adapter protocol shared by every input format.

A *format module* (``fairwarning.corpus.sources.<name>``) exposes:

- ``FORMAT: str`` — its name (also the ``OpinionRecord.source`` it yields unless it knows better);
- ``sniff(path: Path, head: bytes) -> bool`` — True when the file's first bytes say it is this format
  (recognition is by content, not by extension alone);
- ``read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]`` — one record per opinion,
  a :class:`~fairwarning.models.Rejection` for each unusable one. Must be safe to call in a worker process
  (arguments are picklable) and must stream: never load a multi-record file whole.

*Companion tables* (metadata tables such as the First Circuit inventory CSV, or CourtListener bulk cluster /
docket / citation tables) are not opinions: discovery recognizes them by content and passes them to every
``read`` call in :class:`Companions`, which adapters use to fill missing metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from fairwarning.models import OpinionRecord, Rejection

__all__ = ["CLUSTER_CITE_FIELDS", "VENDOR_CITE_FIELDS", "InputFile", "Companions", "FormatModule"]

#: the cite columns of a CourtListener cluster (JSON objects and legacy bulk CSV clusters, exported before the
#: citation table existed), in CourtListener's column order
CLUSTER_CITE_FIELDS = (
    "federal_cite_one",
    "federal_cite_two",
    "federal_cite_three",
    "state_cite_one",
    "state_cite_two",
    "state_cite_three",
    "state_cite_regional",
    "specialty_cite_one",
    "scotus_early_cite",
    "lexis_cite",
    "westlaw_cite",
    "neutral_cite",
)
#: the vendor-database cites among them ('1967 U.S. LEXIS 2791'): the bulk CSV adapter keeps them as reporter
#: citations, the JSON adapter leaves them out
VENDOR_CITE_FIELDS = frozenset({"lexis_cite", "westlaw_cite"})


@dataclass(frozen=True)
class InputFile:
    path: str
    format: str  # FORMAT of the module that will read it
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Companions:
    """Companion metadata files found next to the opinions: ``(kind, path)`` pairs, e.g.
    ``("ca1-inventory", "/.../ca1-inventory.csv")`` or ``("cl-bulk-clusters", "/.../clusters.csv")``."""

    files: tuple[tuple[str, str], ...] = ()

    def paths(self, kind: str) -> list[str]:
        return [p for k, p in self.files if k == kind]


class FormatModule(Protocol):
    FORMAT: str

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]: ...
