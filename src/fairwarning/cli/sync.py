"""CLI commands: sync (registered on the shared app)."""

from fairwarning.cli._app import app  # noqa: F401
