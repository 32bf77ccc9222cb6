"""CLI commands: corpus (registered on the shared app)."""

from fairwarning.cli._app import app  # noqa: F401
