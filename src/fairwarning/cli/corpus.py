"""CLI commands for the corpus: ``ingest``, ``stats``, ``search``, ``show`` (thin: parse, call, format)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from fairwarning.analysis.escape import terminal
from fairwarning.cli._app import DbOption, app, db_path, err_console, errors_as_json, print_json, wait_notice

__all__ = ["ingest_command", "search_command", "show_command", "stats_command"]

_MAX_LISTED = 25  # rejections listed in the summary; the rest are in the store (stats --json, rejections table)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]

out = Console(highlight=False, soft_wrap=True)




@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of opinions (recursive; formats by content).")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes for parsing and citation extraction.")] = 2,
    max_mb: Annotated[
        float | None, typer.Option("--max-mb", help="Reject single files larger than this (default: the reader's).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest opinions into the store. Exit 1 when any input was rejected, 0 otherwise, 2 on errors, 3 on an
    internal error. Another process writing the store (an ingest, a label run) is waited for, with a message."""
    from fairwarning.corpus.ingest import IngestProgress, ingest
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    if workers < 1:
        raise InputError(f"--workers {workers}: use 1 or more")
    max_bytes = int(max_mb * 1024 * 1024) if max_mb is not None else None
    progress = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=err_console, transient=True,
    )
    with Store(db_path(db), on_wait=wait_notice) as store, progress:
        task = progress.add_task("discovering files", total=None)

        def report(p: IngestProgress) -> None:
            progress.update(task, completed=p.files_done, total=p.files_total, description=Path(p.path).name)

        try:
            summary = ingest(paths, store, workers=workers, progress=report, max_bytes=max_bytes)
        except KeyboardInterrupt:
            err_console.print("interrupted: the files committed so far are kept; re-run the same command to resume")
            raise typer.Exit(130) from None
    if as_json:
        print_json({"db": str(db_path(db)), **summary.to_json()})
    else:
        _print_summary(summary, db_path(db))
    raise typer.Exit(1 if summary.total_rejected else 0)


def _print_summary(summary: Any, db: Path) -> None:
    out.print(
        f"{summary.files} files ({summary.skipped} already done, {summary.companions} companion tables), "
        f"{summary.records} records in {summary.seconds:.1f} s -> {db}"
    )
    out.print(f"ingested:   {summary.ingested}")
    out.print(f"duplicates: {summary.duplicates} (merged into an opinion already stored)")
    out.print(f"citations:  {summary.citations} new, {summary.resolved_citations} resolved in the store")
    reasons = ", ".join(f"{k} {v}" for k, v in summary.rejected.items())
    out.print(f"rejected:   {summary.total_rejected}" + (f" ({reasons})" if reasons else ""))
    for r in summary.rejections[:_MAX_LISTED]:
        where = f"{r.path} [{r.source_id}]" if r.source_id and r.source_id not in r.path else r.path
        out.print(f"  {escape(terminal(where))}: {r.reason}: {escape(terminal(r.detail[:160]))}")
    if len(summary.rejections) > _MAX_LISTED:
        out.print(
            f"  ... and {len(summary.rejections) - _MAX_LISTED} more "
            f"(all are in the store: `fairwarning stats --db {db} --json`, table `rejections`)"
        )


@app.command("stats")
def stats_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts: opinions, courts, dates, citations, duplicates, rejections."""
    from fairwarning.corpus.store import Store

    with errors_as_json(as_json), Store(db_path(db), readonly=True) as store:
        stats = store.stats()
        if as_json:
            stats["rejection_list"] = [r.__dict__ for r in store.rejections()]
    if as_json:
        print_json(stats)
        return
    n = stats["opinions"] or 1
    out.print(f"opinions:   {stats['opinions']} ({stats['duplicates']} duplicate source records merged)")
    out.print(f"with court: {stats['with_court']} ({100 * stats['with_court'] / n:.1f}%)")
    out.print(f"with date:  {stats['with_date']} ({100 * stats['with_date'] / n:.1f}%)")
    out.print(f"citations:  {stats['citations']} ({stats['resolved_citations']} resolved to stored opinions)")
    if stats["text_defects_skipped"]:
        out.print(
            f"text defects: {stats['text_defects_skipped']} opinions stored from another field because the "
            "preferred one was a converter's message or unusable (see `show ID`: text_defects)"
        )
    for key in ("document_types", "by_status", "sources", "citations_by_kind", "scdb_verified", "rejections"):
        if stats[key]:
            out.print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in stats[key].items()))
    courts = list(stats["by_court"].items())
    shown = ", ".join(f"{k} {v}" for k, v in courts[:15])
    out.print(f"by_court ({len(courts)} courts): {shown}" + (" ..." if len(courts) > 15 else ""))


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(
        help='Words and "quoted phrases" that must all appear, e.g. \'"clearly established" Rodriguez-Garcia\' '
             "(a query starting with - goes last, after --: search --db F -- -foo)."
    )],
    db: DbOption = None,
    court: Annotated[str | None, typer.Option(help="courts-db court id (ca1, ca9, scotus, mad, ...).")] = None,
    after: Annotated[str | None, typer.Option(help="Decided on or after (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    before: Annotated[str | None, typer.Option(help="Decided on or before (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="Number of results (1-1000).")] = 20,
    fts: Annotated[bool, typer.Option(
        "--fts", help="Read the query as FTS5 syntax (AND, OR, NOT, NEAR, prefix*, parentheses) instead of words."
    )] = False,
    as_json: JsonOption = False,
) -> None:
    """Full-text search of the opinions, best match first."""
    from fairwarning.corpus.store import Store

    with errors_as_json(as_json), Store(db_path(db), readonly=True) as store:
        hits = store.search(query, court=court, after=after, before=before, limit=limit,
                            syntax="fts5" if fts else "plain")
    if as_json:
        print_json([h.to_json() for h in hits])
        return
    if not hits:
        out.print("no opinions match")
        return
    table = Table("id", "court", "decided", "case", "snippet", show_lines=True)
    for h in hits:
        snippet = " ".join(h.snippet.split())
        table.add_row(str(h.id), h.court_id or "?", h.date_decided or "?", escape(terminal(h.case_name or "?")),
                      escape(terminal(snippet)))  # stored text is untrusted: no terminal escapes
    out.print(table)


@app.command("show")
def show_command(
    opinion: Annotated[str, typer.Argument(help="Store id (42), source:source_id, cl:<CourtListener id>, or a "
                                           "citation ('983 F.2d 332', 'No. 08-2479 (1st Cir. Jan. 14, 2011)').")],
    db: DbOption = None,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Include the opinion text.")] = False,
    as_json: JsonOption = False,
) -> None:
    """One opinion: metadata with provenance, source ids, citations, its labels with their evidence (and text with
    --text). OPINION may be a citation; other stored copies of the decision are listed."""
    from fairwarning.corpus.identity import find_by_citation
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError

    copies: list[int] = []
    with errors_as_json(as_json), Store(db_path(db), readonly=True) as store:
        try:
            o = store.get_opinion(opinion)
        except InputError as exc:
            copies = find_by_citation(store.conn, opinion)
            if not copies:
                raise InputError(
                    f"{exc}; or give a reporter citation ('983 F.2d 332') or a docket citation "
                    "('No. 08-2479 (1st Cir. Jan. 14, 2011)') of a stored decision") from None
            o = store.get_opinion(copies[0])
        labels = _labels_of(store, o.id)
    if as_json:
        print_json({**o.to_json(with_text=text), "labels": labels, "other_copies": copies[1:]})
        return
    def safe(value: object) -> str:  # stored text is untrusted: no ANSI escapes or markup reach the terminal
        return escape(terminal(str(value)))

    if copies[1:]:
        out.print("  other stored copies of this decision: " + ", ".join(f"#{i}" for i in copies[1:]))
    named = o.provenance.get("case_name", "")
    out.print(f"[bold]#{o.id} {safe(o.case_name or '(no case name)')}[/]" + (f"  ({safe(named)})" if named else ""))
    for name in ("court_id", "date_decided", "precedential_status", "docket_number", "document_type", "url"):
        value = getattr(o, name)
        how = o.provenance.get(name, "")
        out.print(f"  {name}: {safe(value) if value is not None else '-'}" + (f"  ({safe(how)})" if how else ""))
    if o.provenance.get("date_decided_rejected"):
        out.print(f"  date_decided rejected: {safe(o.provenance['date_decided_rejected'])}")
    out.print(f"  text: {len(o.text)} characters  ({safe(o.provenance.get('text', ''))})")
    if o.provenance.get("text_defects"):
        out.print(f"  text defects passed over: {safe(o.provenance['text_defects'])}")
    out.print("  sources: " + ", ".join(safe(f"{s}:{i}") for s, i, _ in o.sources))
    if o.reporter_citations:
        out.print("  reporter citations: " + ", ".join(safe(c) for c in o.reporter_citations))
    out.print(f"  cited by {len(o.cited_by)} stored opinions; cites {len(o.citations)} times:")
    for c in o.citations[:60]:
        target = f" -> #{c.resolved_opinion_id}" if c.resolved_opinion_id else ""
        scdb = {True: " [SCDB]", False: " [not in SCDB]", None: ""}[c.scdb_verified]
        norm = f" = {safe(c.normalized)}" if c.normalized and c.normalized != c.matched_text else ""
        out.print(f"    {c.start}-{c.end} {c.kind}: {safe(' '.join(c.matched_text.split()))}{norm}{scdb}{target}")
    if len(o.citations) > 60:
        out.print(f"    ... {len(o.citations) - 60} more (--json lists all)")
    for lab in labels:
        out.print(f"  label ({lab['labeler_version']}): " + escape(json.dumps(lab["fields"], sort_keys=True)))
        for e in lab["evidence"]:
            out.print(f"    {e['field']} [{e['start']}-{e['end']}]: {safe(' '.join(str(e['text']).split()))}")
        for r in lab["rulings"]:
            fields = {k: v for k, v in r.items() if k != "evidence"}
            out.print(f"    ruling on {r['right']}: " + escape(json.dumps(fields, sort_keys=True)))
            for e in r["evidence"]:
                out.print(f"      {e['field']} [{e['start']}-{e['end']}]: {safe(' '.join(str(e['text']).split()))}")
    if not labels:
        out.print("  labels: none stored (run `fairwarning label --db STORE`)")
    if text:
        out.print(safe(o.text))


def _labels_of(store: Any, opinion_id: int) -> list[dict[str, Any]]:
    """The stored labels of an opinion (every labeler version) with their evidence and per-right rulings."""
    import sqlite3

    conn = store.conn
    try:
        rows = conn.execute("SELECT labeler_version, fields, evidence FROM labels WHERE opinion_id = ? "
                            "ORDER BY labeler_version", (opinion_id,)).fetchall()
    except sqlite3.Error:
        return []
    out = []
    for version, fields, evidence in rows:
        try:
            rulings = [
                {"right": r[0], "qi_decided": bool(r[1]), "qi_outcome": r[2], "prong1": r[3], "prong2": r[4],
                 "merits_skipped": bool(r[5]), "defendant": r[6], "evidence": json.loads(r[7])}
                for r in conn.execute(
                    "SELECT right, qi_decided, qi_outcome, prong1, prong2, merits_skipped, defendant, evidence "
                    "FROM label_rulings WHERE opinion_id = ? AND labeler_version = ? ORDER BY right",
                    (opinion_id, version))]
        except sqlite3.Error:
            rulings = []
        out.append({"labeler_version": version, "fields": json.loads(fields), "evidence": json.loads(evidence),
                    "rulings": rulings})
    return out
