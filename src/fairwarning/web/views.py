"""The views: one function per page, each returning JSON-able data that the app renders as HTML or JSON.

datasette's pattern: a view takes the store and the request's parameters (as plain values), calls the same
library functions as the CLI and returns a ``dict``. Bad input raises :class:`~fairwarning.errors.InputError`
(:class:`NotFound` for an opinion that is not stored); the app turns errors into a 4xx with one JSON shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from fairwarning.corpus.store import QI_OUTCOMES, SEARCH_SYNTAXES, Store, parse_date_bound
from fairwarning.errors import InputError

__all__ = [
    "NotFound",
    "SystemViewMissing",
    "analyze_view",
    "authority_view",
    "home_view",
    "incident_from_form",
    "opinion_slug",
    "opinion_view",
    "search_view",
    "system_plot_view",
    "system_view",
    "taxonomy_view",
]

MAX_FACTS = 20_000  # characters of facts in one incident (a long narrative is about 5,000)


class NotFound(InputError):
    """The thing asked for (an opinion, a plot) is not there: a 404."""

    kind = "not_found"


class SystemViewMissing(InputError):
    """The system view (issue 11's ``fairwarning.system.views``) is not in this build: a 503."""

    kind = "not_available"


def _labels_version() -> str:
    from fairwarning.labeler import LABELER_VERSION

    return LABELER_VERSION


def _has_labels(store: Store) -> bool:
    row = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='labels'").fetchone()
    return row is not None


def opinion_slug(ref: str | int) -> str:
    """The URL path segment of an opinion: its id, or a citation with ``-`` for spaces (``543-U.S.-194``)."""
    return str(ref).replace(" ", "-")


# -- home, taxonomy -------------------------------------------------------------------------------------------


def home_view(store: Store) -> dict[str, Any]:
    stats = store.stats()
    return {
        "store": str(store.path),
        "opinions": stats["opinions"],
        "courts": len(stats["by_court"]),
        "with_date": stats["with_date"],
        "citations": stats["citations"],
        "resolved_citations": stats["resolved_citations"],
        "labeled": _has_labels(store),
        "labeler_version": _labels_version(),
    }


def taxonomy_view() -> dict[str, Any]:
    """The rights and official types an incident may name, with their labels; the places and defendant kinds."""
    from fairwarning.analysis.incident import DEFENDANT_KINDS
    from fairwarning.doctrine import places
    from fairwarning.reference import taxonomy

    return {
        "rights": [{"id": r.id, "label": r.label} for r in taxonomy.rights()],
        "officials": [{"id": o.id, "label": o.label} for o in taxonomy.official_types()],
        "places": [{"code": p.code, "name": p.name} for p in places().values()],
        "defendant_kinds": list(DEFENDANT_KINDS),
        "qi_outcomes": list(QI_OUTCOMES),
    }


# -- search ----------------------------------------------------------------------------------------------------


def _published(value: str | bool | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text in ("", "any"):
        return None
    if text in ("yes", "true", "1", "published"):
        return True
    if text in ("no", "false", "0", "unpublished"):
        return False
    raise InputError(f"published {value!r}: use yes, no or any")


def _right(value: str | None) -> str | None:
    if not value:
        return None
    from fairwarning.reference import taxonomy

    return taxonomy.right(value.strip()).id  # InputError listing the valid ids


def search_view(
    store: Store,
    q: str | None,
    *,
    court: str | None = None,
    after: str | None = None,
    before: str | None = None,
    right: str | None = None,
    qi_outcome: str | None = None,
    published: str | bool | None = None,
    syntax: str = "plain",
    limit: int = 20,
    require_query: bool = True,
) -> dict[str, Any]:
    """Full-text search with filters; each result carries its citation, court, date and QI label."""
    filters: dict[str, Any] = {"court": court or None, "after": after or None, "before": before or None, "right": right or None,
               "qi_outcome": qi_outcome or None, "published": _published(published), "syntax": syntax or "plain",
               "limit": limit}
    out: dict[str, Any] = {"query": q or "", "filters": filters, "results": None, "labeled": _has_labels(store),
                           "syntaxes": list(SEARCH_SYNTAXES)}
    if not (q or "").strip():
        if require_query:
            raise InputError("the search query is empty: give q, e.g. q=\"clearly established\" excessive force")
        return out
    if (right or qi_outcome) and not out["labeled"]:
        raise InputError("this store has no labels: filtering by right or QI outcome needs `fairwarning label` first")
    hits = store.search(
        q or "", court=filters["court"], after=filters["after"], before=filters["before"], limit=limit,
        syntax=filters["syntax"], labels_version=_labels_version() if out["labeled"] else None,
        right=_right(right), qi_outcome=filters["qi_outcome"], published=filters["published"],
    )
    out["results"] = [{**h.to_json(), "url": f"/opinions/{h.id}"} for h in hits]
    return out


# -- opinion ---------------------------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


def _evidence(label: dict[str, Any] | None, text: str) -> list[dict[str, Any]]:
    """The label's evidence sentences that still sit at their offsets in the stored text, numbered."""
    if label is None:
        return []
    out: list[dict[str, Any]] = []
    for e in label["evidence"]:
        start, end = int(e.get("start", -1)), int(e.get("end", -1))
        placed = 0 <= start < end <= len(text) and _normal(text[start:end]) == _normal(str(e.get("text", "")))
        out.append({**e, "n": len(out) + 1, "placed": placed})
    return out


def _pieces(text: str, evidence: Sequence[Mapping[str, Any]], citations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every evidence and citation boundary: each piece says which evidence sentences cover it
    (by number) and, inside a citation resolved to a stored opinion, where it links."""
    bounds = {0, len(text)}
    spans = [(int(e["start"]), int(e["end"])) for e in evidence if e["placed"]]
    links = [(int(c["start"]), int(c["end"]), c["resolved_opinion_id"]) for c in citations
             if c.get("resolved_opinion_id") and 0 <= c["start"] < c["end"] <= len(text)]
    for s, e in spans:
        bounds.update((s, e))
    for s, e, _ in links:
        bounds.update((s, e))
    cuts = sorted(bounds)
    pieces: list[dict[str, Any]] = []
    for s, e in zip(cuts, cuts[1:], strict=False):
        ev = [x["n"] for x in evidence if x["placed"] and x["start"] <= s and e <= x["end"]]
        href = next((f"/opinions/{oid}" for cs, ce, oid in links if cs <= s and e <= ce), None)
        first = [x for x in evidence if x["placed"] and x["start"] == s]
        pieces.append({"text": text[s:e], "evidence": ev, "href": href,
                       "anchor": f"ev-{first[0]['n']}" if first else None})
    return pieces


def _listed(citations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The opinion's citations once each (by normalized form, else the text), in order, with how often."""
    seen: dict[str, dict[str, Any]] = {}
    for c in citations:
        key = c.get("normalized") or " ".join(str(c["matched_text"]).split())
        if key in seen:
            seen[key]["times"] += 1
        else:
            seen[key] = {"text": key, "times": 1, "resolved": c.get("resolved"), "scdb_verified": c.get("scdb_verified"),
                         "kind": c.get("kind")}
    return list(seen.values())


def _find(store: Store, ref: str) -> Any:
    text = ref.strip()
    if not (text.isdigit() or ":" in text):
        text = text.replace("-", " ")  # a citation slug: 543-U.S.-194
    try:
        return store.get_opinion(text)
    except InputError as exc:
        if str(exc).startswith("no opinion"):
            raise NotFound(str(exc)) from exc
        raise


def opinion_view(store: Store, ref: str, *, with_text: bool = True) -> dict[str, Any]:
    """One stored opinion: metadata with provenance, sources, reporter citations, its label with evidence
    (highlighted in the text), its citations (linked when resolved) and what cites it."""
    o = _find(store, ref)
    data = o.to_json(with_text=with_text)
    label = store.label(o.id, _labels_version()) if _has_labels(store) else None
    evidence = _evidence(label, o.text)
    ids = sorted({c.resolved_opinion_id for c in o.citations if c.resolved_opinion_id} | set(o.cited_by))
    named = {s["id"]: s for s in store.summaries(ids)}
    data["url_path"] = f"/opinions/{o.id}"
    data["label"] = None if label is None else {**label["fields"], "current": label["current"],
                                                "labeler_version": _labels_version()}
    data["evidence"] = evidence
    data["citations"] = [{**c, "resolved": named.get(c["resolved_opinion_id"])} for c in data["citations"]]
    data["cited_by"] = [named.get(i, {"id": i}) for i in o.cited_by]
    data["citations_listed"] = _listed(data["citations"])
    if with_text:
        data["pieces"] = _pieces(o.text, evidence, data["citations"])
    return data


# -- authority -------------------------------------------------------------------------------------------------


def authority_view(
    store: Store,
    *,
    forum: str | None,
    conduct_date: str | None,
    precedent: str | None = None,
    precedent_court: str | None = None,
    precedent_date: str | None = None,
    unpublished: bool = False,
    require: bool = True,
) -> dict[str, Any]:
    """Controlling / persuasive / not binding / after conduct, with the rule and its source (the same function
    as ``fairwarning authority``). The precedent is a stored opinion (``precedent``: id or citation) or a court,
    a date and a publication status."""
    from fairwarning.doctrine import authority_of

    asked = {"forum": forum or "", "conduct_date": conduct_date or "", "precedent": precedent or "",
             "precedent_court": precedent_court or "", "precedent_date": precedent_date or "",
             "unpublished": unpublished}
    out: dict[str, Any] = {"asked": asked, "precedent": None, "ruling": None}
    if not any((forum, conduct_date, precedent, precedent_court)):
        if require:
            raise InputError("give forum, conduct_date and a precedent (a stored opinion, or precedent_court)")
        return out
    if not forum or not conduct_date:
        raise InputError("give both forum (FL, Florida, flsd) and conduct_date (YYYY-MM-DD)")
    if precedent:
        o = _find(store, precedent)
        if not o.court_id:
            raise InputError(f"opinion #{o.id} has no known court: give precedent_court instead")
        court, status = o.court_id, o.precedential_status
        decided = o.date_decided.isoformat() if o.date_decided else None
        out["precedent"] = {"id": o.id, "case_name": o.case_name, "court_id": court, "date_decided": decided,
                            "precedential_status": status, "reporter_citations": list(o.reporter_citations)}
    elif precedent_court:
        court, decided = precedent_court, precedent_date or None
        status = "unpublished" if unpublished else "published"
        out["precedent"] = {"court_id": court, "date_decided": decided, "precedential_status": status}
    else:
        raise InputError("give the precedent: a stored opinion (id or citation) or precedent_court")
    r = authority_of(court, status, forum, conduct_date, decided)
    out["ruling"] = {"authority": r.authority, "reason": r.reason, "rule": r.rule, "source": r.source}
    return out


# -- analyze ---------------------------------------------------------------------------------------------------


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        out.extend(part.strip() for part in str(item).replace("\r", "").split("\n") if part.strip())
    return out


def incident_from_form(form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """An incident mapping (as :func:`fairwarning.analysis.parse_incident` reads) from the form's fields:
    ``conduct_date``, ``place``, ``officials`` and ``claims`` (repeated), ``facts``, ``defendants`` (one per
    line), ``title``, ``locality``."""
    def one(key: str) -> str:
        values = form.get(key) or []
        return values[0].strip() if values else ""

    data: dict[str, Any] = {
        "conduct_date": one("conduct_date"), "place": one("place"),
        "officials": [v for v in form.get("officials", []) if v.strip()],
        "claims": [v for v in form.get("claims", []) if v.strip()],
        "facts": one("facts"), "defendants": _lines(list(form.get("defendants", []))),
    }
    for key in ("title", "locality"):
        if one(key):
            data[key] = one(key)
    return data


def _memo_body(html: str) -> str:
    """The body of the memo's HTML rendering, sanitized (no script, style or attributes but class)."""
    import lxml.html
    import nh3

    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in (body if body is not None else root))
    return nh3.clean(inner, tags={"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "blockquote", "footer", "em",
                                  "strong", "b", "i", "code", "br"}, attributes={"*": {"class"}})


def analyze_view(store: Store, data: Mapping[str, Any], *, today: dt.date | None = None) -> tuple[Any, dict[str, Any]]:
    """Analyze an incident (the same calls as ``fairwarning analyze``): the result and the page's data."""
    from fairwarning.analysis import analyze, parse_incident, render_memo

    if not isinstance(data, Mapping):
        raise InputError("the incident must be a JSON object with conduct_date, place, officials, claims, facts")
    if len(str(data.get("facts") or "")) > MAX_FACTS:
        raise InputError(f"incident `facts` is longer than {MAX_FACTS} characters: shorten it")
    incident = parse_incident(data, today=today or dt.date.today())
    result = analyze(incident, store)
    memo_html = render_memo(result, "html")
    assert isinstance(memo_html, str)
    page = {
        "incident": incident.to_dict(),
        "memo_html": _memo_body(memo_html),
        "precedents": [{"id": p.get("opinion_id"), "case_name": p.get("case_name"), "citation": p.get("citation"),
                        "court": p.get("court"), "date_decided": p.get("date_decided"),
                        "authority": p.get("authority"), "holding": p.get("holding_text") or p.get("holding")}
                       for p in result.to_dict().get("precedents", [])],
    }
    return result, page


# -- system view -----------------------------------------------------------------------------------------------


def _system_module() -> Any:
    try:
        from fairwarning.system import views
    except ImportError as exc:
        raise SystemViewMissing(
            "the system view is not built in this version of fairwarning (fairwarning.system.views is missing)"
        ) from exc
    return views


def _system_filters(court: str | None, right: str | None, since: str | None, until: str | None) -> dict[str, Any]:
    return {"court": (court or "").strip().lower() or None, "right": _right(right),
            "since": parse_date_bound(since or None, end=False, name="since"),
            "until": parse_date_bound(until or None, end=True, name="until")}


def system_view(store: Store, *, court: str | None = None, right: str | None = None, since: str | None = None,
                until: str | None = None) -> dict[str, Any]:
    """Issue 11's system view (rates with counts and intervals), filtered; ``plots`` names its plots."""
    filters = _system_filters(court, right, since, until)  # bad input is a 400 whether or not the view is built
    views = _system_module()
    data = views.system_view(store, **filters)
    return {"filters": filters, "plots": list(getattr(views, "PLOTS", ())), "data": data}


def system_plot_view(store: Store, name: str, *, court: str | None = None, right: str | None = None,
                     since: str | None = None, until: str | None = None) -> bytes:
    filters = _system_filters(court, right, since, until)
    views = _system_module()
    plots = list(getattr(views, "PLOTS", ()))
    if name not in plots:
        raise NotFound(f"no plot {name!r}; plots: {', '.join(plots) or '(none)'}")
    svg = views.system_plot(store, name, fmt="svg", **filters)
    return svg if isinstance(svg, bytes) else str(svg).encode("utf-8")

