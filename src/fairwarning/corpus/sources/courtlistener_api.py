"""The live CourtListener REST API (v4) client, and the pure mapping of its objects to records.

:class:`CourtListenerClient` speaks to ``https://www.courtlistener.com/api/rest/v4/`` (base URL configurable)
through the Free Law Project's official SDK (``courtlistener-api-client``, module ``courtlistener``): the SDK
names the endpoints (``search``, ``opinions``, ``clusters``, ``dockets``), validates the filters against the
API's own field lists and follows the ``next`` links of cursor pagination. fairwarning adds, in an httpx
transport under the SDK: retries of 429 and 5xx answers and of transport failures with exponential backoff and
jitter, honouring ``Retry-After``, a bounded number of times; spacing of requests (``min_interval``); and, above
the SDK, cursor recovery (a saved ``next`` link that CourtListener rejects restarts its query). Failures become
:class:`~fairwarning.errors.RemoteError` (cause kept); filters the SDK rejects become
:class:`~fairwarning.errors.InputError`.

The token is read from ``COURTLISTENER_TOKEN`` or, the SDK's name, ``COURTLISTENER_API_TOKEN`` (header
``Authorization: Token <token>``); the base URL from ``COURTLISTENER_API_URL`` or ``COURTLISTENER_API_BASE_URL``.

The pure part (:func:`record_from_objects`) turns API objects into records; all I/O is in the client. The
resumable sync that writes into a store is :mod:`fairwarning.corpus.sync`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from fairwarning.corpus.metadata import recover
from fairwarning.corpus.sources.courtlistener_bulk import SOURCE, best_text, metadata_fields
from fairwarning.errors import FairwarningError, InputError, RemoteError
from fairwarning.models import OpinionRecord, PrecedentialStatus

__all__ = [
    "DEFAULT_BASE_URL",
    "TOKEN_ENV",
    "TOKEN_ENVS",
    "CourtListenerClient",
    "Page",
    "record_from_objects",
    "record_from_search_result",
]

DEFAULT_BASE_URL = "https://www.courtlistener.com/api/rest/v4/"
TOKEN_ENV = "COURTLISTENER_TOKEN"
#: the token's environment variables, in order of precedence: fairwarning's, then the official SDK's
TOKEN_ENVS = (TOKEN_ENV, "COURTLISTENER_API_TOKEN")
BASE_URL_ENV = "COURTLISTENER_API_URL"
_BASE_URL_ENVS = (BASE_URL_ENV, "COURTLISTENER_API_BASE_URL")
_TOKEN_HELP = (
    f"set {TOKEN_ENV} (or {TOKEN_ENVS[1]}) to your CourtListener API token (sign in at "
    "https://www.courtlistener.com, then Profile > Developer Tools > API token), e.g. `export COURTLISTENER_TOKEN=...`"
)
#: every CourtListener precedential status: the search API filters to Published unless told otherwise
_ALL_STATUSES = ("Published", "Unpublished", "Errata", "Separate", "In-chambers", "Relating-to", "Unknown")
_STATUS: dict[str, PrecedentialStatus] = {"published": "published", "unpublished": "unpublished"}
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


# -- the client -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    results: list[dict[str, Any]]
    next_url: str | None
    url: str


class _RetryTransport(httpx.BaseTransport):
    """fairwarning's retry/backoff and request spacing, under the SDK's httpx client."""

    def __init__(self, inner: httpx.BaseTransport, owner: CourtListenerClient) -> None:
        self.inner = inner
        self.owner = owner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        o = self.owner
        attempt = 0
        while True:
            attempt += 1
            wait = o._last + o.min_interval - time.monotonic()
            if wait > 0:
                o.sleep(wait)
            try:
                o.requests += 1
                o._last = time.monotonic()
                response = self.inner.handle_request(request)
            except httpx.TransportError as exc:
                if attempt > o.max_retries:
                    raise RemoteError(
                        f"CourtListener request {request.url} failed after {attempt} attempts: {exc!r}; "
                        "check the network and re-run (sync resumes where it stopped)"
                    ) from exc
                o.sleep(o._delay(attempt, None))
                continue
            if response.status_code in _RETRY_STATUS and attempt <= o.max_retries:
                response.read()
                response.close()
                o.sleep(o._delay(attempt, response.headers.get("Retry-After")))
                continue
            o.attempts = attempt
            return response

    def close(self) -> None:
        self.inner.close()


class CourtListenerClient:
    """A CourtListener v4 client over the official SDK. ``transport`` (e.g. ``httpx.MockTransport``) and
    ``sleep`` are injectable for tests; ``max_retries`` bounds the retries of one request; ``min_interval``
    spaces requests."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        timeout: float = 60.0,
        min_interval: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from courtlistener import CourtListener

        token = (token or next((v for e in TOKEN_ENVS if (v := os.environ.get(e, "").strip())), "")).strip()
        if not token:
            raise InputError(f"no CourtListener API token: {_TOKEN_HELP}")
        base = base_url or next((v for e in _BASE_URL_ENVS if (v := os.environ.get(e, ""))), DEFAULT_BASE_URL)
        self.base_url = base if base.endswith("/") else base + "/"
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.min_interval = min_interval  # seconds between requests (0.75 keeps under 5,000 an hour)
        self._last = -1e9
        self.requests = 0
        self.attempts = 0  # attempts of the last request
        self.cursor_rejected = False
        http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Token {token}", "User-Agent": "fairwarning"},
            transport=_RetryTransport(transport or httpx.HTTPTransport(), self),
            timeout=timeout,
            follow_redirects=True,
        )

        class _SDK(CourtListener):
            """The official client, sending through fairwarning's httpx client (retries, spacing, transport)."""

            @property
            def client(self) -> httpx.Client:
                return http

        self._http = http
        self.sdk = _SDK(api_token=token, base_url=self.base_url)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CourtListenerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        wait = _retry_after_seconds(retry_after)
        if wait is None:
            wait = self.backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)
        return min(max(wait, 0.0), self.max_wait)

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run one SDK call, translating its failures into fairwarning's errors."""
        from courtlistener import CourtListenerAPIError
        from pydantic import ValidationError

        try:
            return fn()
        except FairwarningError:
            raise
        except CourtListenerAPIError as exc:
            raise _api_error(exc, what, self.attempts) from exc
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
                raise RemoteError(f"CourtListener answer for {what} is not JSON: {exc}") from exc
            raise InputError(f"CourtListener does not accept {what}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise RemoteError(f"CourtListener request {what} failed: {exc!r}") from exc

    # -- requests ----------------------------------------------------------------------------------------
    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET ``url`` (absolute, or relative to the base URL) and return its JSON object (retried as above),
        for an endpoint the SDK does not name."""
        from courtlistener import CourtListenerAPIError

        def get() -> Any:
            response = self._http.get(url, params=params)
            if response.status_code >= 400:
                raise CourtListenerAPIError(response.status_code, response.text[:200], response)
            return response.json()

        body = self._call(url, get)
        if not isinstance(body, dict):
            raise RemoteError(f"CourtListener answer for {url} is not a JSON object")
        return body

    def _get_object(self, endpoint: str, ident: int | str) -> dict[str, Any]:
        body = self._call(f"{endpoint}/{ident}/", lambda: getattr(self.sdk, endpoint).get(ident))
        if not isinstance(body, dict):
            raise RemoteError(f"CourtListener answer for {endpoint}/{ident}/ is not a JSON object")
        return body

    def pages(
        self, path: str, params: Mapping[str, Any] | None = None, *, start_url: str | None = None
    ) -> Iterator[Page]:
        """Every page of the list endpoint ``path`` (``search/``, ``opinions/``...), the SDK following the
        ``next`` links. With ``start_url`` (a saved ``next`` link) iteration starts there; if CourtListener
        rejects that cursor (400/404: cursors expire) the query starts again from its first page and
        :attr:`cursor_rejected` is set."""
        from courtlistener import CourtListenerAPIError, ResourceIterator

        name = path.strip("/").replace("-", "_")
        resource = self._call(f"{path} endpoint", lambda: getattr(self.sdk, name))
        filters = dict(params or {})
        pages: Any = None
        url = start_url or path
        if start_url:
            filters_ok = self._call(f"{path} with {filters}", lambda: resource.validate_filters(filters))
            pages = ResourceIterator.load(self.sdk, {
                "current_page": {"results": [], "next": start_url}, "filters": filters_ok,
                "endpoint": resource._endpoint, "page_result_index": 0, "count": None,
            })
            try:
                self._call(start_url, pages.next)
            except RemoteError as exc:
                cause = exc.__cause__
                if not (isinstance(cause, CourtListenerAPIError) and cause.status_code in (400, 404)):
                    raise
                self.cursor_rejected = True
                pages, url = None, path
        if pages is None:
            pages = self._call(f"{path} with {filters}", lambda: resource.list(**filters))
        while True:
            page = self._call(url, pages.get_current_page)
            if not isinstance(page.results, list):
                raise RemoteError(f"CourtListener answer for {url} has no 'results' list: not a v4 list endpoint?")
            yield Page(list(page.results), page.next or None, url)
            if not page.next:
                return
            url = page.next
            self._call(url, pages.next)

    # -- endpoints -----------------------------------------------------------------------------------------
    def search_params(
        self, court: str, since: dt.date | None, until: dt.date | None, q: str = ""
    ) -> dict[str, Any]:
        """Search API filters for one court's opinions, every status, oldest first (as the SDK takes them)."""
        params: dict[str, Any] = {"type": "o", "court": court, "order_by": "dateFiled asc", "q": q}
        params.update({f"stat_{s}": True for s in _ALL_STATUSES})
        if since:
            params["filed_after"] = since
        if until:
            params["filed_before"] = until
        return params

    def search(
        self, court: str, since: dt.date | None = None, until: dt.date | None = None, **kw: Any
    ) -> Iterator[Page]:
        """Pages of ``search/?type=o`` for ``court`` (``start_url=`` resumes at a saved ``next`` link)."""
        return self.pages("search/", self.search_params(court, since, until), start_url=kw.get("start_url"))

    def opinion(self, opinion_id: int | str) -> dict[str, Any]:
        return self._get_object("opinions", opinion_id)

    def cluster(self, cluster_id: int | str) -> dict[str, Any]:
        return self._get_object("clusters", cluster_id)

    def docket(self, docket_id: int | str) -> dict[str, Any]:
        return self._get_object("dockets", docket_id)

    def opinions(self, **filters: Any) -> Iterator[Page]:
        """``opinions/`` filtered (e.g. ``cluster__docket__court="ca1"``), cursor-paginated by id."""
        return self.pages("opinions/", {"order_by": "id", **filters})

    def clusters(self, **filters: Any) -> Iterator[Page]:
        """``clusters/`` filtered (e.g. ``docket__court="ca1"``, ``date_filed__gte="2020-01-01"``), by id."""
        return self.pages("clusters/", {"order_by": "id", **filters})


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)


def _api_error(exc: Any, what: str, attempts: int) -> RemoteError:
    """The RemoteError for an error answer the SDK raised (``CourtListenerAPIError``)."""
    status = int(exc.status_code)
    url = str(exc.response.request.url) if exc.response is not None else what
    if status in (401, 403):
        return RemoteError(f"CourtListener refused the token ({status}) for {url}: {_TOKEN_HELP}")
    if status in _RETRY_STATUS:
        return RemoteError(
            f"CourtListener answered {status} for {url} after {attempts} attempts; wait and re-run "
            "(sync resumes where it stopped)"
        )
    return RemoteError(f"CourtListener answered {status} for {url}: {str(exc.detail)[:200]!r}")


# -- records (pure) -------------------------------------------------------------------------------------------
def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _cites_from_cluster(cluster: Mapping[str, Any]) -> tuple[str, ...]:
    out = []
    for c in cluster.get("citations") or []:
        if isinstance(c, dict):
            cite = " ".join(str(c.get(k) or "").strip() for k in ("volume", "reporter", "page")).strip()
            if cite:
                out.append(" ".join(cite.split()))
        elif isinstance(c, str) and c.strip():
            out.append(c.strip())
    return tuple(dict.fromkeys(out))


def _id_of(value: Any) -> str | None:
    """The id in ``123`` or ``".../clusters/123/"``."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        tail = value.rstrip("/").rsplit("/", 1)[-1]
        return tail if tail.isdigit() else None
    return None


def _url(opinion: Mapping[str, Any], fallback: str | None = None) -> str | None:
    absolute = opinion.get("absolute_url")
    if isinstance(absolute, str) and absolute:
        return absolute if absolute.startswith("http") else f"https://www.courtlistener.com{absolute}"
    download = opinion.get("download_url")
    return download if isinstance(download, str) and download else fallback


def _build(opinion: Mapping[str, Any], meta: dict[str, Any], cluster_id: str | None) -> OpinionRecord | None:
    text, column, assessment = best_text(opinion)
    opinion_id = _id_of(opinion.get("id"))
    if not assessment.ok or opinion_id is None:
        return None
    status = str(meta.get("status") or "")
    names = ("case_name", "court_id", "date_decided", "status", "docket_number")
    fields = metadata_fields(*(meta.get(n) or None for n in names))
    download = opinion.get("download_url") if isinstance(opinion.get("download_url"), str) else None
    url = _url(opinion, meta.get("url"))
    recover(fields, text, urls=(download, url))
    provenance = {"text": f"source:{column}", **fields.provenance}
    if assessment.skipped:
        provenance["text_defects"] = "; ".join(assessment.skipped)
    cites = meta.get("reporter_citations") or ()
    if cites:
        provenance["reporter_citations"] = "source"
    values = fields.values
    date = values.get("date_decided")
    return OpinionRecord(
        source=SOURCE,
        source_id=opinion_id,
        text=text,
        case_name=_str(values.get("case_name")),
        court_id=_str(values.get("court_id")),
        date_decided=date if isinstance(date, dt.date) else None,
        precedential_status=_STATUS.get(str(values.get("precedential_status", "")), "unknown"),
        docket_number=_str(values.get("docket_number")),
        reporter_citations=tuple(cites),
        document_type="errata" if status.lower() == "errata" else assessment.document_type,
        provenance=provenance,
        url=url,
        cluster_id=cluster_id,
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def record_from_objects(
    opinion: Mapping[str, Any],
    cluster: Mapping[str, Any] | None = None,
    docket: Mapping[str, Any] | None = None,
) -> OpinionRecord | None:
    """A record from v4 ``opinions/``, ``clusters/`` and ``dockets/`` objects (None when the opinion has no text).
    A cluster's ``date_filed`` is used only when ``date_filed_is_approximate`` is false."""
    cluster = cluster or {}
    docket = docket or {}
    approximate = bool(cluster.get("date_filed_is_approximate"))
    meta = {
        "case_name": cluster.get("case_name") or cluster.get("case_name_full") or docket.get("case_name"),
        "court_id": docket.get("court_id") or _id_of(docket.get("court")),
        "date_decided": None if approximate else _date(cluster.get("date_filed")),
        "docket_number": docket.get("docket_number"),
        "reporter_citations": _cites_from_cluster(cluster),
        "status": cluster.get("precedential_status"),
    }
    cluster_id = (
        _id_of(opinion.get("cluster_id")) or _id_of(opinion.get("cluster")) or _id_of(cluster.get("id"))
    )
    return _build(opinion, meta, cluster_id)


def record_from_search_result(result: Mapping[str, Any], opinion: Mapping[str, Any]) -> OpinionRecord | None:
    """A record from one ``search/?type=o`` result (the cluster's metadata) and one of its opinions' objects."""
    meta = {
        "case_name": result.get("caseName") or result.get("caseNameFull"),
        "court_id": result.get("court_id"),
        "date_decided": _date(result.get("dateFiled")),
        "docket_number": result.get("docketNumber"),
        "reporter_citations": _cites_from_cluster({"citations": result.get("citation") or []}),
        "status": result.get("status"),
        "url": _url(result),
    }
    return _build(opinion, meta, _id_of(result.get("cluster_id")))
