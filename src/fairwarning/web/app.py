"""The FastAPI application: every page is a view (:mod:`fairwarning.web.views`) rendered as HTML, and the same
view as JSON under ``/api/`` (OpenAPI at ``/openapi.json``, listed at ``/api``).

Security: Jinja2 autoescaping everywhere, opinion text rendered as text (never as HTML), memo HTML sanitized with
nh3, no script at all, a strict Content-Security-Policy (``default-src 'self'``) and ``nosniff``. Errors: one JSON
shape ``{"error": {"type": ..., "message": ...}}`` (4xx for bad input, 404 for what is not stored, 503 when the
store cannot answer), a friendly page for HTML, never a stack trace.
"""

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from fairwarning.corpus.store import Store
from fairwarning.errors import FairwarningError, InputError, StoreError
from fairwarning.web import views

__all__ = ["CSP", "create_app"]

log = logging.getLogger("fairwarning.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY"}
_MEMO_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "json": "application/json", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_SLOTS = 4  # requests reading the store at once
_EXAMPLE = {"conduct_date": "2012-03-02", "place": "NH", "officials": ["police"], "claims": ["4A_excessive_force"],
            "facts": "After a traffic stop an officer used a taser three times on a handcuffed man who was not resisting.",
            "defendants": ["Officer C", "Town of Example"]}
SearchQ = Annotated[str | None, Query(description='Words and "quoted phrases" that must all appear.')]
Opt = Annotated[str | None, Query()]
_NAV = (("/analyze", "Analyze an incident"), ("/search", "Search"), ("/authority", "Authority checker"),
        ("/system", "System view"), ("/api", "API"))


def _status(exc: FairwarningError) -> int:
    if isinstance(exc, views.SystemViewMissing):
        return 503
    if isinstance(exc, views.NotFound):
        return 404
    if isinstance(exc, InputError):
        return 400
    if isinstance(exc, StoreError) and "took longer than" in str(exc):
        return 400  # the query was too broad: the message says how to narrow it
    return 503


def _error_json(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status, headers=_HEADERS)


def create_app(db: str | Path, *, readonly: bool = True) -> FastAPI:
    """The application over the store at ``db`` (opened read-only for each request unless ``readonly=False``)."""
    db = Path(db)
    app = FastAPI(title="fairwarning", version=_version(), docs_url=None, redoc_url=None,
                  description="Qualified-immunity research over real case law: every page's data as JSON.")
    env = jinja2.Environment(loader=jinja2.PackageLoader("fairwarning.web", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals.update(nav=_NAV, slug=views.opinion_slug)
    static = resources.files("fairwarning.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    # At most _SLOTS requests read the store at once (the rest queue here, outside the store's per-query time
    # limit, which is wall-clock: without the queue 50 concurrent searches time each other out). Analyses run one at
    # a time: the citation check inside shares eyecite's hyperscan scratch space, which is not thread-safe.
    slots = threading.BoundedSemaphore(_SLOTS)
    one_analysis = threading.Lock()

    @contextmanager
    def store() -> Iterator[Store]:
        with slots, Store(db, readonly=readonly) as s:
            yield s

    def page(name: str, request: Request, code: int = 200, **data: Any) -> HTMLResponse:
        html = env.get_template(name).render(path=request.url.path, **data)
        return HTMLResponse(html, status_code=code, headers=_HEADERS)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for key, value in _HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(FairwarningError)
    async def library_error(request: Request, exc: FairwarningError) -> Response:
        status = _status(exc)
        if wants_json(request):
            return _error_json(status, exc.kind, str(exc))
        return page("error.html", request, status, status=status, kind=exc.kind, message=str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where or 'input'}: {e.get('msg', 'invalid')}")
        message = "; ".join(parts) or "invalid input"
        if wants_json(request):
            return _error_json(400, "input_error", message)
        return page("error.html", request, 400, status=400, kind="input_error", message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        kind = "not_found" if exc.status_code == 404 else "http_error"
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        if wants_json(request):
            return _error_json(exc.status_code, kind, message)
        return page("error.html", request, exc.status_code, status=exc.status_code, kind=kind, message=message)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s: %r", request.url.path, exc, exc_info=exc)
        message = "internal error in fairwarning (a bug): the server log has the details"
        if wants_json(request):
            return _error_json(500, "internal_error", message)
        return page("error.html", request, 500, status=500, kind="internal_error", message=message)

    # -- home, API listing ---------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        with store() as s:
            data = views.home_view(s)
        return page("home.html", request, data=data)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        svg = static.joinpath("favicon.svg").read_bytes()
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/stats", summary="What the store holds", tags=["store"])
    def api_stats() -> dict[str, Any]:
        with store() as s:
            return views.home_view(s)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_index(request: Request) -> HTMLResponse:
        routes = []
        for path, methods in app.openapi()["paths"].items():
            for method, op in methods.items():
                routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "params": [p["name"] for p in op.get("parameters", [])]})
        return page("api.html", request, routes=routes)

    @app.get("/api/taxonomy", summary="Rights, official types, places and defendant kinds", tags=["reference"])
    def api_taxonomy() -> dict[str, Any]:
        return views.taxonomy_view()

    # -- search --------------------------------------------------------------------------------------------
    def _search(q: str | None, court: str | None, after: str | None, before: str | None, right: str | None,
                qi_outcome: str | None, published: str | None, syntax: str, limit: int, require: bool) -> dict[str, Any]:
        with store() as s:
            return views.search_view(s, q, court=court, after=after, before=before, right=right,
                                     qi_outcome=qi_outcome, published=published, syntax=syntax, limit=limit,
                                     require_query=require)

    @app.get("/api/search", summary="Full-text search with filters", tags=["opinions"])
    def api_search(q: SearchQ = None, court: Opt = None, after: Opt = None, before: Opt = None, right: Opt = None,
                   qi_outcome: Opt = None, published: Annotated[str | None, Query(description="yes, no or any")] = None,
                   syntax: Annotated[str, Query(description="plain (escaped) or fts5")] = "plain",
                   limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> dict[str, Any]:
        return _search(q, court, after, before, right, qi_outcome, published, syntax, limit, True)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: SearchQ = None, court: Opt = None, after: Opt = None, before: Opt = None,
                    right: Opt = None, qi_outcome: Opt = None, published: Opt = None, syntax: str = "plain",
                    limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> HTMLResponse:
        data = _search(q, court, after, before, right, qi_outcome, published, syntax, limit, False)
        with store() as s:
            courts = list(s.stats()["by_court"])
        return page("search.html", request, data=data, taxonomy=views.taxonomy_view(), courts=courts)

    # -- opinions ------------------------------------------------------------------------------------------
    @app.get("/api/opinions/{ref}", summary="One opinion by id, source:id or citation (543-U.S.-194)",
             tags=["opinions"])
    def api_opinion(ref: str, text: bool = True) -> dict[str, Any]:
        with store() as s:
            data = views.opinion_view(s, ref, with_text=text)
        data.pop("pieces", None)
        data.pop("citations_listed", None)
        return data

    @app.get("/api/opinions", summary="One opinion by citation (?cite=543 U.S. 194)", tags=["opinions"])
    def api_opinion_by_cite(cite: Annotated[str, Query(min_length=1)], text: bool = True) -> dict[str, Any]:
        return api_opinion(cite, text)

    @app.get("/opinions/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def opinion_page(request: Request, ref: str) -> HTMLResponse:
        with store() as s:
            data = views.opinion_view(s, ref)
        return page("opinion.html", request, o=data)

    @app.get("/opinions", response_class=HTMLResponse, include_in_schema=False)
    def opinion_by_cite(request: Request, cite: Annotated[str, Query(min_length=1)]) -> HTMLResponse:
        return opinion_page(request, cite)

    # -- authority -----------------------------------------------------------------------------------------
    def _authority(require: bool, forum: str | None, conduct_date: str | None, precedent: str | None,
                   precedent_court: str | None, precedent_date: str | None, unpublished: bool) -> dict[str, Any]:
        with store() as s:
            return views.authority_view(s, forum=forum, conduct_date=conduct_date, precedent=precedent,
                                        precedent_court=precedent_court, precedent_date=precedent_date,
                                        unpublished=unpublished, require=require)

    @app.get("/api/authority", summary="Controlling, persuasive, not binding or after the conduct?",
             tags=["doctrine"])
    def api_authority(forum: Opt = None, conduct_date: Opt = None,
                      precedent: Annotated[str | None, Query(description="stored opinion: id or citation")] = None,
                      precedent_court: Opt = None, precedent_date: Opt = None,
                      unpublished: bool = False) -> dict[str, Any]:
        return _authority(True, forum, conduct_date, precedent, precedent_court, precedent_date, unpublished)

    @app.get("/authority", response_class=HTMLResponse, include_in_schema=False)
    def authority_page(request: Request, forum: Opt = None, conduct_date: Opt = None, precedent: Opt = None,
                       precedent_court: Opt = None, precedent_date: Opt = None,
                       unpublished: bool = False) -> HTMLResponse:
        data = _authority(False, forum, conduct_date, precedent, precedent_court, precedent_date, unpublished)
        return page("authority.html", request, data=data, taxonomy=views.taxonomy_view())

    # -- analyze -------------------------------------------------------------------------------------------
    def _analyze(data: Any) -> tuple[Any, dict[str, Any]]:
        with one_analysis, store() as s:
            return views.analyze_view(s, data)

    async def _form(request: Request) -> dict[str, list[str]]:
        body = await request.body()
        if len(body) > 200_000:
            raise InputError("the form is too large")
        return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request) -> HTMLResponse:
        return page("analyze.html", request, taxonomy=views.taxonomy_view(), form={}, error=None, today=_today())

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_page(request: Request) -> HTMLResponse:
        form = await _form(request)
        incident = views.incident_from_form(form)
        try:
            _, data = await _in_thread(_analyze, incident)
        except InputError as exc:  # show the form again, filled in, with the message
            return page("analyze.html", request, 400, taxonomy=views.taxonomy_view(), form=form,
                        error=str(exc), today=_today())
        fields = [(k, v) for k, vs in form.items() for v in vs]
        return page("memo.html", request, data=data, download=urlencode(fields), fields=fields)

    @app.post("/api/analyze", summary="Analyze an incident: the memo as json (default), md, html or docx",
              tags=["analysis"], openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"type": "object"}, "example": _EXAMPLE},
                  "application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}},
              responses={200: {"content": {t: {} for t in _MEMO_TYPES.values()}}})
    async def api_analyze(
        request: Request,
        format: Annotated[str, Query(description="json, md, html or docx")] = "json",  # noqa: A002
    ) -> Response:
        """The incident as in an incident file (conduct_date, place, officials, claims, facts, defendants;
        optional title, notes, locality), posted as JSON or as the web form. The same result as
        ``fairwarning analyze --format FORMAT``."""
        from fairwarning.analysis import render_memo

        if format not in _MEMO_TYPES:
            raise InputError(f"unknown memo format {format!r}; valid formats: {', '.join(_MEMO_TYPES)}")
        incident = await _incident_body(request)
        result, _ = await _in_thread(_analyze, incident)
        memo = render_memo(result, format)
        headers = dict(_HEADERS)
        if format != "json":
            headers["Content-Disposition"] = f'attachment; filename="fairwarning-memo.{format}"'
        if format == "html":  # the memo's own page has an inline style sheet: let it apply, run nothing
            headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        return Response(memo, media_type=_MEMO_TYPES[format], headers=headers)

    async def _incident_body(request: Request) -> Any:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            return views.incident_from_form(await _form(request))
        body = await request.body()
        if len(body) > 200_000:
            raise InputError("the incident is too large")
        try:
            return json.loads(body)
        except ValueError as exc:
            raise InputError(f"the request body is not a JSON object: {exc}") from exc

    # -- system view ---------------------------------------------------------------------------------------
    @app.get("/api/system", summary="The system view: rates with counts and intervals (filterable)",
             tags=["system"])
    def api_system(court: Opt = None, right: Opt = None, since: Opt = None, until: Opt = None) -> dict[str, Any]:
        with store() as s:
            return views.system_view(s, court=court, right=right, since=since, until=until)

    @app.get("/api/system/plots/{name}.svg", summary="One plot of the system view (SVG)", tags=["system"],
             response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
    def api_system_plot(name: str, court: Opt = None, right: Opt = None, since: Opt = None,
                        until: Opt = None) -> Response:
        with store() as s:
            svg = views.system_plot_view(s, name, court=court, right=right, since=since, until=until)
        return Response(svg, media_type="image/svg+xml", headers=_HEADERS)

    @app.get("/system", response_class=HTMLResponse, include_in_schema=False)
    def system_page(request: Request, court: Opt = None, right: Opt = None, since: Opt = None,
                    until: Opt = None) -> HTMLResponse:
        asked = {"court": court or "", "right": right or "", "since": since or "", "until": until or ""}
        try:
            with store() as s:
                data = views.system_view(s, court=court, right=right, since=since, until=until)
        except views.SystemViewMissing as exc:
            return page("system.html", request, 200, data=None, missing=str(exc), asked=asked, query="",
                        taxonomy=views.taxonomy_view())
        query = urlencode({k: v for k, v in asked.items() if v})
        return page("system.html", request, data=data, missing=None, asked=asked, query=query,
                    taxonomy=views.taxonomy_view())

    return app


async def _in_thread(fn: Any, *args: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fairwarning")
    except PackageNotFoundError:
        return "0"
