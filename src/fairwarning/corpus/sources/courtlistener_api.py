"""The live CourtListener REST API (v4) client, and the pure mapping of its objects to records.

:class:`CourtListenerClient` speaks to ``https://www.courtlistener.com/api/rest/v4/`` (base URL configurable)
with the token from ``COURTLISTENER_TOKEN`` (header ``Authorization: Token <token>``). It follows ``next`` links
(cursor pagination), retries 429 and 5xx answers and transport failures with backoff -- honouring
``Retry-After`` -- a bounded number of times, and raises :class:`~fairwarning.errors.RemoteError` (cause kept)
when that is exhausted or the answer cannot be used. Endpoints: ``search/`` (``type=o``), ``opinions/``,
``clusters/``, ``dockets/``.

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
from fairwarning.errors import InputError, RemoteError
from fairwarning.models import OpinionRecord, PrecedentialStatus

__all__ = [
    "DEFAULT_BASE_URL",
    "TOKEN_ENV",
    "CourtListenerClient",
    "Page",
    "record_from_objects",
    "record_from_search_result",
]

DEFAULT_BASE_URL = "https://www.courtlistener.com/api/rest/v4/"
TOKEN_ENV = "COURTLISTENER_TOKEN"
BASE_URL_ENV = "COURTLISTENER_API_URL"
_TOKEN_HELP = (
    f"set {TOKEN_ENV} to your CourtListener API token (sign in at https://www.courtlistener.com, "
    "then Profile > Developer Tools > API token), e.g. `export COURTLISTENER_TOKEN=...`"
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


class CourtListenerClient:
    """A small CourtListener v4 client. ``transport`` (e.g. ``httpx.MockTransport``) and ``sleep`` are
    injectable for tests; ``max_retries`` bounds the retries of one request; ``min_interval`` spaces requests."""

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
        token = (token or os.environ.get(TOKEN_ENV) or "").strip()
        if not token:
            raise InputError(f"no CourtListener API token: {_TOKEN_HELP}")
        base = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        self.base_url = base if base.endswith("/") else base + "/"
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.min_interval = min_interval  # seconds between requests (0.75 keeps under 5,000 an hour)
        self._last = -1e9
        self.requests = 0
        self.cursor_rejected = False
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Token {token}", "User-Agent": "fairwarning"},
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CourtListenerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests ----------------------------------------------------------------------------------------
    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET ``url`` (absolute, or relative to the base URL) and return its JSON object, retrying 429/5xx
        and transport errors with backoff; :class:`RemoteError` when that fails."""
        return _json_of(self._get(url, params), self.max_retries + 1)

    def _get(self, url: str, params: Mapping[str, Any] | None) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            try:
                self.requests += 1
                self._last = time.monotonic()
                response = self._http.get(url, params=params)
            except httpx.HTTPError as exc:
                if attempt > self.max_retries:
                    raise RemoteError(
                        f"CourtListener request {url} failed after {attempt} attempts: {exc!r}; "
                        "check the network and re-run (sync resumes where it stopped)"
                    ) from exc
                self.sleep(self._delay(attempt, None))
                continue
            if response.status_code in _RETRY_STATUS and attempt <= self.max_retries:
                self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            return response

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        wait = _retry_after_seconds(retry_after)
        if wait is None:
            wait = self.backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)
        return min(max(wait, 0.0), self.max_wait)

    def pages(
        self, path: str, params: Mapping[str, Any] | None = None, *, start_url: str | None = None
    ) -> Iterator[Page]:
        """Every page of a list endpoint, following ``next`` links (cursor pagination). With ``start_url`` (a
        saved ``next`` link) iteration starts there; if CourtListener rejects that cursor (400/404: cursors
        expire) the query starts again from its first page and :attr:`cursor_rejected` is set."""
        url: str | None = start_url or path
        query = None if start_url else params
        while url:
            response = self._get(url, query)
            if start_url and url == start_url and response.status_code in (400, 404):
                self.cursor_rejected = True
                url, query, start_url = path, params, None
                continue
            body = _json_of(response, self.max_retries + 1)
            query = None
            results = body.get("results")
            if not isinstance(results, list):
                raise RemoteError(
                    f"CourtListener answer for {url} has no 'results' list: not a v4 list endpoint?"
                )
            next_url = body.get("next") if isinstance(body.get("next"), str) else None
            yield Page(results, next_url or None, url)
            url = next_url or None

    # -- endpoints -----------------------------------------------------------------------------------------
    def search_params(
        self, court: str, since: dt.date | None, until: dt.date | None, q: str = ""
    ) -> dict[str, str]:
        """Search API parameters for one court's opinions, every status, oldest first."""
        params = {"type": "o", "court": court, "order_by": "dateFiled asc", "q": q}
        params.update({f"stat_{s}": "on" for s in _ALL_STATUSES})
        if since:
            params["filed_after"] = since.strftime("%m/%d/%Y")
        if until:
            params["filed_before"] = until.strftime("%m/%d/%Y")
        return params

    def search(
        self, court: str, since: dt.date | None = None, until: dt.date | None = None, **kw: Any
    ) -> Iterator[Page]:
        """Pages of ``search/?type=o`` for ``court`` (``start_url=`` resumes at a saved ``next`` link)."""
        return self.pages("search/", self.search_params(court, since, until), start_url=kw.get("start_url"))

    def opinion(self, opinion_id: int | str) -> dict[str, Any]:
        return self.get_json(f"opinions/{opinion_id}/")

    def cluster(self, cluster_id: int | str) -> dict[str, Any]:
        return self.get_json(f"clusters/{cluster_id}/")

    def docket(self, docket_id: int | str) -> dict[str, Any]:
        return self.get_json(f"dockets/{docket_id}/")

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


def _json_of(response: httpx.Response, attempts: int) -> dict[str, Any]:
    url = str(response.request.url)
    status = response.status_code
    if status in (401, 403):
        raise RemoteError(f"CourtListener refused the token ({status}) for {url}: {_TOKEN_HELP}")
    if status in _RETRY_STATUS:
        raise RemoteError(
            f"CourtListener answered {status} for {url} after {attempts} attempts; wait and re-run "
            "(sync resumes where it stopped)"
        )
    if status >= 400:
        raise RemoteError(f"CourtListener answered {status} for {url}: {response.text[:200]!r}")
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RemoteError(f"CourtListener answer for {url} is not JSON: {response.text[:200]!r}") from exc
    if not isinstance(body, dict):
        raise RemoteError(f"CourtListener answer for {url} is not a JSON object")
    return body


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
