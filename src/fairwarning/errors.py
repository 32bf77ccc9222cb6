"""One error tree for fairwarning.

Every error a user can see is a :class:`FairwarningError`. Layers raise their own subclass and keep the
cause (``raise ... from exc``), so no bare ``sqlite3``/``httpx``/``json`` exception reaches the CLI or web.

- :class:`InputError` — the user's input is wrong (unknown court, impossible date, unknown right id, bad flag).
- :class:`SourceError` — a source file or API response cannot be read as an opinion; carries ``path``.
- :class:`StoreError` — the SQLite store is missing, locked, corrupt or of a newer schema.
- :class:`RemoteError` — a remote service (CourtListener) failed after retries.
- :class:`DataError` — packaged domain data is invalid (a bug in fairwarning, not user input).
"""

from __future__ import annotations

__all__ = [
    "FairwarningError",
    "InputError",
    "SourceError",
    "StoreError",
    "RemoteError",
    "DataError",
]


class FairwarningError(Exception):
    """Base of every error fairwarning raises on purpose."""

    #: short machine-readable kind used in JSON error output
    kind = "error"

    def to_json(self) -> dict[str, dict[str, str]]:
        """The one JSON error shape of the CLI (``--json``) and the web API: ``{"error": {"type", "message"}}``."""
        return {"error": {"type": self.kind, "message": str(self)}}


class InputError(FairwarningError, ValueError):
    kind = "input_error"


class SourceError(FairwarningError):
    """A file or response that is not a usable opinion. ``path`` says where; ``reason`` is a short code."""

    kind = "source_error"

    def __init__(self, message: str, *, path: str | None = None, reason: str = "malformed") -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {message}" if path else message)

    def to_json(self) -> dict[str, dict[str, str]]:
        out = super().to_json()
        out["error"]["reason"] = self.reason
        if self.path:
            out["error"]["path"] = self.path
        return out


class StoreError(FairwarningError):
    kind = "store_error"


class RemoteError(FairwarningError):
    kind = "remote_error"


class DataError(FairwarningError):
    kind = "data_error"
