"""The ``fairwarning`` command line: thin commands over the library.

Each command group lives in its own module and registers on :data:`app` (from ``_app``). Errors from the
library (:class:`~fairwarning.errors.FairwarningError`) are printed as one clear line (or JSON with ``--json``)
and exit with status 2.
"""

from __future__ import annotations

from fairwarning.cli import analysis, batch, corpus, doctrine, labels, serve, sync, system  # noqa: F401  (registers commands)
from fairwarning.cli._app import app, main

__all__ = ["app", "main"]
