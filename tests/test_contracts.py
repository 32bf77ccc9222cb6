"""Contract tests: every command documented and helpful, __all__ honest, one error shape, no drift."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

import fairwarning
from fairwarning.cli import app
from fairwarning.cli.reference import _walk, cli_reference
from fairwarning.errors import FairwarningError, InputError, SourceError

REPO = Path(__file__).resolve().parents[1]


def _commands() -> list[tuple[str, Any]]:
    return _walk("fairwarning", typer.main.get_command(app))


def test_cli_reference_is_current() -> None:
    doc = REPO / "docs" / "cli.md"
    assert doc.read_text() == cli_reference(), (
        "docs/cli.md is stale: regenerate with `uv run python -m fairwarning.cli.reference > docs/cli.md`"
    )


@pytest.mark.parametrize("path,cmd", _commands(), ids=[p for p, _ in _commands()])
def test_every_command_has_help(path: str, cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"`{path}` has no help text"
    for param in cmd.params:
        if param.param_type_name == "option" and param.name != "help":
            assert (param.help or "").strip(), f"`{path}` option {param.opts} has no help text"


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(fairwarning.__path__, "fairwarning."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.startswith("_") or ".cli" in info.name:
            continue
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _public_modules())
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    if exported is None:
        return
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names missing attributes: {missing}"


@pytest.mark.parametrize(
    "error,kind",
    [(InputError("bad date"), "input_error"), (SourceError("truncated JSON", path="/x.json"), "source_error")],
)
def test_error_json_shape(error: FairwarningError, kind: str) -> None:
    data = error.to_json()["error"]  # the web API's shape too: {"error": {"type", "message"}}
    assert data["type"] == kind
    assert data["message"] == str(error)
    if isinstance(error, SourceError):
        assert data["path"] == "/x.json" and data["reason"] == "malformed"
        assert str(error).startswith("/x.json: ")


def test_library_error_is_one_clear_line_and_exit_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "fairwarning", "authority", "--forum", "XX", "--conduct-date", "2017-01-01",
         "--precedent-court", "ca11"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "xx" in proc.stderr.lower()
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
