"""CLI commands over :mod:`fairwarning.doctrine`: ``authority``, ``cases`` and ``reforms``.

Thin: parse options, call one library function, print text or JSON. Library errors (unknown court, state,
right, impossible date) are :class:`~fairwarning.errors.InputError`; with ``--json`` they are printed to stdout
as ``{"error": {"type": "input_error", "message": ...}}`` (the web API's shape) and the command exits 2, otherwise they propagate to
``main()``, which prints one line to stderr and exits 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from fairwarning.cli._app import app, errors_as_json

__all__ = ["authority_command", "cases_command", "reforms_command"]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text (errors too).")]



def _run(
    as_json: bool, compute: Callable[[], Any], to_json: Callable[[Any], Any], to_text: Callable[[Any], str]
) -> None:
    with errors_as_json(as_json):
        result = compute()
    typer.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False) if as_json else to_text(result))


@app.command("authority")
def authority_command(
    forum: Annotated[
        str,
        typer.Option(
            help="Where the case arises: state/territory code or name (FL, Florida, PR) or courts-db id (flsd, ca11)."
        ),
    ],
    conduct_date: Annotated[str, typer.Option(help="Date of the official's conduct, YYYY-MM-DD.")],
    precedent_court: Annotated[
        str, typer.Option(help="courts-db id of the precedent's court (scotus, ca11, fla, flsd).")
    ],
    precedent_date: Annotated[
        str | None, typer.Option(help="Decision date of the precedent, YYYY-MM-DD (strongly advised).")
    ] = None,
    unpublished: Annotated[
        bool, typer.Option("--unpublished", help="The precedent is an unpublished decision.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Is a decision controlling, persuasive, not binding, or decided after the conduct, for this case?"""
    from fairwarning.doctrine import authority_of

    status = "unpublished" if unpublished else "published"
    _run(
        as_json,
        lambda: authority_of(precedent_court, status, forum, conduct_date, precedent_date),
        lambda r: {"authority": r.authority, "reason": r.reason, "source": r.source, "rule": r.rule},
        lambda r: f"{r.authority}: {r.reason}\nsource: {r.source}",
    )


def _case_line(case: Any) -> str:
    status = "verified (SCDB)" if case.verified else f"UNVERIFIED: {case.verification_note}"
    rights = ", ".join(case.rights) or "general"
    return f"{case.display_citation()}\n    rights: {rights}; roles: {', '.join(case.roles)}; {status}"


@app.command("cases")
def cases_command(
    right: Annotated[
        str | None, typer.Option(help="Only cases about this right id (e.g. 1A_retaliation).")
    ] = None,
    role: Annotated[str | None, typer.Option(help="Only cases with this role (e.g. obvious_case).")] = None,
    holdings: Annotated[
        bool, typer.Option("--holdings", help="Also print each holding (text output).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the leading Supreme Court cases with their verification status against SCDB."""
    from fairwarning.doctrine import leading_cases

    def text(cases: list[Any]) -> str:
        lines = [_case_line(c) + (f"\n    holding: {c.holding}" if holdings else "") for c in cases]
        return "\n".join(lines) if lines else "no leading cases match"

    _run(as_json, lambda: leading_cases(right=right, role=role), lambda cs: [c.to_json() for c in cs], text)


@app.command("reforms")
def reforms_command(
    place: Annotated[str, typer.Option(help="State/territory code or name, or courts-db id (CO, Colorado, NM, nysd).")],
    conduct_date: Annotated[str, typer.Option(help="Date of the conduct, YYYY-MM-DD.")],
    locality: Annotated[
        str | None, typer.Option(help="City/borough/county (needed for New York City).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """State and local reforms removing qualified-immunity-style defences, and whether they cover the conduct."""
    from fairwarning.doctrine import reforms_for

    def text(items: list[Any]) -> str:
        lines = [f"{a.applies}: {a.name} — {a.reason}\n    {a.scope}\n    source: {a.source}" for a in items]
        return "\n".join(lines) if lines else "no reform removes qualified-immunity-style defences there"

    _run(
        as_json,
        lambda: reforms_for(place, conduct_date, locality),
        lambda xs: [a.to_json() for a in xs],
        text,
    )
