"""CLI commands: ``fairwarning analyze INCIDENT`` and ``fairwarning eval retrieval`` (thin: parse, call, format)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from fairwarning.cli._app import DbOption, app, atomic_output, db_path, eval_app

__all__ = ["analyze_command", "eval_floor_command", "eval_retrieval_command", "eval_scenarios_command"]



def _incident_data(
    incident: Path | None, conduct_date: str | None, place: str | None, official: list[str] | None,
    claim: list[str] | None, facts: str | None, defendant: list[str] | None,
) -> dict[str, Any] | Path:
    flags = {"conduct_date": conduct_date, "place": place, "officials": official, "claims": claim,
             "facts": facts, "defendants": defendant}
    given = {k: v for k, v in flags.items() if v}
    if incident is not None:
        if given:
            from fairwarning.errors import InputError

            raise InputError(f"give either an INCIDENT file or flags, not both (flags given: {', '.join(given)})")
        return incident
    return given


@app.command("analyze")
def analyze_command(
    incident: Annotated[
        Path | None, typer.Argument(help="Incident file (.yaml/.yml/.json); or describe it with the flags below.")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="Memo format: md, html, docx or json.")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="Write the memo here (default: standard output; "
                                             "required for docx).")] = None,
    conduct_date: Annotated[str | None, typer.Option("--conduct-date", help="YYYY-MM-DD")] = None,
    place: Annotated[str | None, typer.Option("--place", help="State code (FL) or courts-db court id.")] = None,
    official: Annotated[list[str] | None, typer.Option("--official", help="Official type id (repeatable).")] = None,
    claim: Annotated[list[str] | None, typer.Option("--claim", help="Right id (repeatable).")] = None,
    facts: Annotated[str | None, typer.Option("--facts", help="Narrative of what happened.")] = None,
    defendant: Annotated[list[str] | None, typer.Option("--defendant", help="Defendant name (repeatable).")] = None,
    ranker: Annotated[str, typer.Option(help="Retrieval ranker: fairwarning or bm25.")] = "fairwarning",
    limit: Annotated[int, typer.Option(help="At most this many pre-conduct precedents listed per claim.")] = 8,
) -> None:
    """Was the right clearly established at the time of the conduct, and by what? Writes a research memo."""
    from fairwarning.analysis import analyze, load_incident, parse_incident, render_memo
    from fairwarning.analysis.memo import FORMATS
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError

    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    if fmt == "docx" and out is None:
        raise InputError("--format docx writes a binary file: give --out PATH (e.g. --out memo.docx)")
    data = _incident_data(incident, conduct_date, place, official, claim, facts, defendant)
    inc = (load_incident(data, on_note=lambda note: typer.echo(note, err=True)) if isinstance(data, Path)
           else parse_incident(data, today=dt.date.today()))
    with Store(db_path(db), readonly=True) as store:
        result = analyze(inc, store, ranker=ranker, limit=limit)
    memo = render_memo(result, fmt)
    if out is None:
        typer.echo(memo if isinstance(memo, str) else memo.decode("utf-8"), nl=False)
        return
    with atomic_output(out, binary=True) as fh:  # a full disk never leaves a truncated memo in place
        fh.write(memo if isinstance(memo, bytes) else memo.encode("utf-8"))
    typer.echo(f"memo written to {out.resolve()}", err=True)


@eval_app.command("retrieval")
def eval_retrieval_command(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with per-query details).")] = False,
) -> None:
    """Recall@5/10/20 and MRR of the fairwarning ranker and plain BM25 on queries derived from labeled QI opinions."""
    from fairwarning.analysis import evaluate_retrieval
    from fairwarning.corpus.store import Store

    with Store(db_path(db), readonly=True) as store:
        report = evaluate_retrieval(store.conn)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    typer.echo(f"queries: {report.queries} (labeled QI opinions: {report.labeled_qi_opinions}; skipped, no cited "
               f"precedent in the store: {report.skipped_no_relevant})")
    typer.echo(f"{'ranker':<12} {'recall@5':>9} {'recall@10':>10} {'recall@20':>10} {'MRR':>7}")
    for s in report.scores:
        typer.echo(f"{s.ranker:<12} {s.recall[5]:>9.3f} {s.recall[10]:>10.3f} {s.recall[20]:>10.3f} {s.mrr:>7.3f}")
    if report.queries < 30:
        typer.echo("note: few queries — on a sample corpus these figures test the machinery, not the quality.")


@eval_app.command("scenarios")
def eval_scenarios_command(
    directory: Annotated[Path, typer.Argument(help="Directory of scenario files (incident + expect:).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Analyze every scenario in DIRECTORY and check its expectations: relevance, citability, each expectation
    pass/fail. Exit 1 when any check fails. Warns first when stored labels are of an older labeler version."""
    from fairwarning.analysis.evaluate import evaluate_scenarios
    from fairwarning.analysis.memo import WORD_LIMIT
    from fairwarning.analysis.queries import stale_label_count
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError
    from fairwarning.labeler.model import LABELER_VERSION

    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of scenario files")
    with Store(db_path(db), readonly=True) as store:
        stale = stale_label_count(store.conn)
        if stale:
            # the memos list only opinions labeled by this labeler: on a store labeled by an older one the scenarios
            # measure a near-empty store, not the product
            typer.echo(f"warning: {stale} stored opinion(s) carry labels of an older labeler version only, so the memos "
                       f"may miss or misread their holdings; run `fairwarning label --db {db_path(db)}` to label them "
                       f"with {LABELER_VERSION} first", err=True)
        reports = evaluate_scenarios(store, directory)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in reports], indent=2))
    else:
        for r in reports:
            rel = "n/a" if r.relevance is None else f"{r.relevance:.2f}"
            cit = "n/a" if r.citable is None else f"{r.citable:.0%}"
            typer.echo(f"{'PASS' if r.passed else 'FAIL'} {r.name}: relevance {rel}, citable {cit}, "
                       f"{r.listed} listed, {r.words} words before the appendix ({r.claims} claim"
                       f"{'' if r.claims == 1 else 's'})" + (f" — OVER the ~{WORD_LIMIT}-word limit for a one-claim "
                                                              "memo" if r.over_length else ""))
            for expectation, ok, detail in r.checks:
                typer.echo(f"  [{'ok' if ok else 'FAIL'}] {expectation}" + (f" — {detail}" if detail else ""))
        typer.echo("note: development scenarios — these are dev figures, not a held-out measurement.")
    if not all(r.passed for r in reports):
        raise typer.Exit(1)


@eval_app.command("floor")
def eval_floor_command(
    directory: Annotated[Path, typer.Argument(help="Directory of dev scenario files (incident + expect:).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Calibrate the relevance floor: sweep it over the scenarios in DIRECTORY and the retrieval queries of the
    store's labels; print relevance, expectations met, must-include recall and cited-precedent recall per floor,
    and the floor the stated rule chooses (docs/relevance-floor.md)."""
    from fairwarning.analysis.assess import RELEVANCE_FLOOR
    from fairwarning.analysis.evaluate import choose_floor, sweep_floor
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError

    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of scenario files")
    with Store(db_path(db), readonly=True) as store:
        rows, skipped = sweep_floor(store, directory)
    chosen = choose_floor(rows)
    if as_json:
        typer.echo(json.dumps({"rows": [r.to_dict() for r in rows], "queries_skipped": skipped,
                               "chosen": chosen.floor if chosen else None, "current": RELEVANCE_FLOOR}, indent=2))
        return

    def f(x: float | None, spec: str = ".3f") -> str:
        return "n/a" if x is None else format(x, spec)

    typer.echo("| floor | scenarios passed | relevance | must-include | listed (scenarios) | of which floor-sensitive | "
               "query recall | query precision | listed per query | floor-sensitive cited kept | floor-sensitive uncited |")
    typer.echo("| --- " * 11 + "|")
    for r in rows:
        typer.echo(f"| {r.floor:.2f} | {r.scenarios_passed}/{r.scenarios} | {f(r.relevance)} | {f(r.must_include)} | "
                   f"{r.scenario_listed} | {r.scenario_sensitive} | {f(r.query_recall)} | {f(r.query_precision)} | "
                   f"{f(r.query_listed, '.1f')} | {r.sensitive_cited}/{r.sensitive_cited_at_0} | {r.sensitive_uncited} |")
    typer.echo(f"queries: {rows[0].queries if rows else 0} (skipped: {skipped}, Supreme Court opinions: no place of "
               "conduct); rule: up to the first floor that fails a dev scenario or drops a floor-sensitive cited "
               "precedent, the floor with the fewest floor-sensitive uncited listings (lowest on a tie)")
    typer.echo(f"chosen: {f(chosen.floor if chosen else None, '.2f')}; in the code: {RELEVANCE_FLOOR:.2f}")
    typer.echo("note: development data only (dev scenarios, dev labels) — tuned on dev, not a held-out measurement.")
