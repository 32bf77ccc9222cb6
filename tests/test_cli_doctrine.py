"""CLI: fairwarning authority / cases / reforms — output shapes, help, and errors (exit 2, JSON with --json)."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from fairwarning.cli import app, main

runner = CliRunner()


def _main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["fairwarning", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


AUTH = ["authority", "--forum", "FL", "--conduct-date", "2017-06-01"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--precedent-court", "scotus", "--precedent-date", "2019-05-28"], "after_conduct"),
        (["--precedent-court", "ca11", "--precedent-date", "2017-06-02"], "after_conduct"),
        (["--precedent-court", "ca11", "--precedent-date", "2010-01-01"], "controlling"),
        (["--precedent-court", "ca11", "--precedent-date", "2010-01-01", "--unpublished"], "not_binding"),
        (["--precedent-court", "fla", "--precedent-date", "2010-01-01"], "controlling"),
        (["--precedent-court", "ca5", "--precedent-date", "1980-01-01"], "controlling"),
        (["--precedent-court", "ca9", "--precedent-date", "2010-01-01"], "persuasive"),
        (["--precedent-court", "flsd", "--precedent-date", "2010-01-01"], "not_binding"),
    ],
)
def test_authority_json(extra: list[str], expected: str) -> None:
    result = runner.invoke(app, [*AUTH, *extra, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["authority"] == expected
    assert set(out) == {"authority", "reason", "source", "rule"} and out["reason"] and out["source"]


def test_authority_text() -> None:
    result = runner.invoke(app, [*AUTH, "--precedent-court", "ca5", "--precedent-date", "1980-01-01"])
    assert result.exit_code == 0
    assert result.output.startswith("controlling: ") and "Bonner" in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            ["authority", "--forum", "ZZ", "--conduct-date", "2017-06-01", "--precedent-court", "ca11"],
            "courts-db",
        ),
        ([*AUTH, "--precedent-court", "nosuchcourt"], "unknown court id"),
        (
            ["authority", "--forum", "FL", "--conduct-date", "2017-02-30", "--precedent-court", "ca11"],
            "not a real date",
        ),
        (["cases", "--right", "4A_everything"], "unknown right id"),
        (["reforms", "--place", "CO", "--conduct-date", "someday"], "not a real date"),
    ],
)
def test_errors_exit_2_text_and_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    code, out, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and fragment in " ".join(err.split()) and out == ""
    code, out, err = _main(monkeypatch, capsys, *args, "--json")
    assert code == 2
    payload = json.loads(out)
    assert payload["error"]["type"] == "input_error" and fragment in payload["error"]["message"]


def test_cases_json_lists_verification() -> None:
    result = runner.invoke(app, ["cases", "--json"])
    assert result.exit_code == 0
    cases = json.loads(result.output)
    assert len(cases) >= 50
    for case in cases:
        assert case["display_citation"].endswith("(unverified)") is (not case["verified"])
    nieves = next(c for c in cases if c["name"] == "Nieves v. Bartlett")
    assert nieves["verified"] is False and "SCDB" in nieves["verification_note"]


def test_cases_text_filter() -> None:
    result = runner.invoke(app, ["cases", "--right", "1A_retaliation", "--holdings"])
    assert result.exit_code == 0
    assert "Reichle v. Howards, 566 U.S. 658 (2012)" in result.output
    assert "Nieves v. Bartlett, 587 U.S. 391 (2019) (unverified)" in result.output
    assert "UNVERIFIED" in result.output and "holding:" in result.output
    assert "Graham v. Connor" not in result.output


def test_reforms_json() -> None:
    result = runner.invoke(app, ["reforms", "--place", "NM", "--conduct-date", "2021-07-01", "--json"])
    assert result.exit_code == 0
    assert [(r["id"], r["applies"]) for r in json.loads(result.output)] == [("nm-civil-rights-act", "yes")]
    none = runner.invoke(app, ["reforms", "--place", "FL", "--conduct-date", "2021-07-01"])
    assert none.exit_code == 0 and "no reform" in none.output


@pytest.mark.parametrize("command", ["authority", "cases", "reforms"])
def test_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--json" in result.output
