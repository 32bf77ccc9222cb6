"""CLI commands: analysis (registered on the shared app)."""

from fairwarning.cli._app import app  # noqa: F401
