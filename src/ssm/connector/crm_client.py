"""HTTP client of the Sales Management API: the connector's only way to reach the cloud.

The connector never imports ``ssm.cloud``; it speaks the public v4 API over HTTP, the same
way it would speak to the hosted service. Transient faults (timeouts, lost connections,
5xx, 429) are retried with exponential backoff and jitter, honouring ``Retry-After``; an
expired session is renewed once. Everything else becomes one of our ``CloudError``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import httpx
import orjson
from pydantic import AwareDatetime, BaseModel, TypeAdapter

from ssm.connector import messages as msg
from ssm.connector.errors import (
    ActivationRefusedError,
    CloudAuthError,
    CloudError,
    CloudRejectedError,
    CloudUnreachableError,
)
from ssm.connector.json_encoding import encode_json

UPSERT_LIMIT = 200
ERRORS_PAGE_LIMIT = 500
"""Most refused records one ``PUT /integration/errors`` may list; longer lists go as pages."""
_EXT_ID_LIMIT = 100
_MESSAGE_LIMIT = 2000
_RETRIABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class ItemError(BaseModel):
    """Why the cloud rejected one item of a bulk call."""

    code: str
    message: str


class UpsertResult(BaseModel):
    """The cloud's answer for one item of ``POST /{resource}/upsert``."""

    extId: str
    id: int | None = None
    status: Literal["created", "updated", "unchanged", "error"]
    error: ItemError | None = None


class DeleteResult(BaseModel):
    """The cloud's answer for one item of ``POST /{resource}/delete``."""

    extId: str
    id: int | None = None
    status: Literal["deleted", "missing", "error"]
    error: ItemError | None = None


class Change(BaseModel):
    """One entry of the CRM's change feed: which record changed, when, and what it held.

    ``previous`` maps the fields an update changed to their values before it (None for a
    creation): what Sage still holds unless a Sage user changed the field too.
    """

    seq: int
    entity: Literal["accounts", "contacts", "quotes"]
    action: Literal["created", "updated"]
    id: int
    extId: str | None = None
    changedAt: AwareDatetime
    previous: dict[str, str | int | bool | None] | None = None


class CrmDiscount(BaseModel):
    """A discount of a quote line as the CRM stores it: Sage's ``REM_Type`` by name."""

    value: Decimal
    type: Literal["percent", "amount", "free"]


class CrmQuoteLine(BaseModel):
    """A line of a CRM quote; its prices are None until Sage priced it."""

    position: int
    productExtId: str | None = None
    description: str | None = None
    quantity: Decimal
    unitPrice: Decimal | None = None
    discounts: list[CrmDiscount] | None = None
    netUnitPrice: Decimal | None = None
    totalExclTax: Decimal | None = None


class CrmQuote(BaseModel):
    """A CRM quote, as far as the connector needs it; every amount an exact Decimal.

    ``revision`` counts the rep's edits: prices and refusals are accepted for the revision
    they were computed for only, so a quote edited meanwhile is priced again.
    """

    id: int
    extId: str | None = None
    number: str | None = None
    status: str
    revision: int
    accountExtId: str | None = None
    salesRepExtId: str | None = None
    deleted: bool = False
    lines: list[CrmQuoteLine]


class LinePrices(BaseModel):
    """Sage's price of one quote line, as ``PUT /quotes/{id}/prices`` takes it."""

    position: int
    unitPrice: Decimal
    discounts: list[CrmDiscount]
    netUnitPrice: Decimal
    totalExclTax: Decimal
    stock: Decimal


class QuotePrices(BaseModel):
    """The body of ``PUT /quotes/{id}/prices``: the lines, totals and a French summary."""

    revision: int
    lines: list[LinePrices]
    totalExclTax: Decimal
    totalInclTax: Decimal
    detail: str


class ChangesPage(BaseModel):
    """A page of the change feed, oldest first, and the ``seq`` to resume after."""

    changes: list[Change]
    last: int


class Activation(BaseModel):
    """What activation returns: the new instance and its API key pair (shown once)."""

    instanceId: int
    publicKey: str
    privateKey: str


class InstanceCompany(BaseModel):
    """An instance and the Sage 100 company it feeds (``None`` before the first binding)."""

    instanceId: int
    companyId: str | None = None
    companyName: str


@dataclass(frozen=True)
class Company:
    """A Sage 100 company as the cloud knows it: database name and display name."""

    id: str
    name: str


class ResyncRequest(BaseModel):
    """A resynchronisation asked for in the web app: entities, optionally one rep's records."""

    id: int
    entities: list[str]
    userEmail: str | None = None


_RESYNC_REQUESTS = TypeAdapter(list[ResyncRequest])
_UPSERT_RESULTS = TypeAdapter(list[UpsertResult])
_DELETE_RESULTS = TypeAdapter(list[DeleteResult])


class CrmClient:
    """A session with one Sales Management instance.

    Usage::

        with CrmClient(url, public_key, private_key) as crm:
            results = crm.upsert("accounts", [{"extId": "C001", "name": "Dupont"}])
            total = crm.count("accounts")
    """

    def __init__(
        self,
        base_url: str,
        public_key: str = "",
        private_key: str = "",
        *,
        timeout: float = 30.0,
        max_attempts: int = 6,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._public_key = public_key
        self._private_key = private_key
        self._max_attempts = max_attempts
        self._token: str | None = None
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

    def __enter__(self) -> CrmClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def check_activation_key(self, activation_key: str) -> None:
        """Ask the cloud whether a key can be redeemed, without redeeming it.

        Raises:
            ActivationRefusedError: the guide's one message, whatever the reason.
        """
        body = {"activationKey": activation_key}
        response = self._send("POST", "/api/v4/activation/check", json=body, authenticated=False)
        if response.status_code in (400, 422):
            raise ActivationRefusedError(msg.INVALID_ACTIVATION_KEY)
        self._raise_for_status(response)

    def activate(
        self,
        activation_key: str,
        company: Company,
        administrator: dict[str, str],
        request_id: str,
    ) -> Activation:
        """Redeem an activation key: the cloud creates an instance bound to ``company``.

        ``request_id`` is a secret of this install: the cloud answers a retry carrying it
        (after a lost answer) with a fresh key pair for the same instance, so retrying
        never burns the key nor leaves an instance nobody holds the keys of.
        """
        body = {
            "activationKey": activation_key,
            "companyName": company.name,
            "companyId": company.id,
            "administrator": administrator,
            "requestId": request_id,
        }
        response = self._send("POST", "/api/v4/activation", json=body, authenticated=False)
        if response.status_code == 400:
            raise ActivationRefusedError(msg.INVALID_ACTIVATION_KEY)
        self._raise_for_status(response)
        return Activation.model_validate(_body(response))

    def company(self) -> InstanceCompany:
        """The instance these keys open, and the Sage company it is bound to (if any)."""
        response = self._send("GET", "/api/v4/integration/company")
        self._raise_for_status(response)
        return InstanceCompany.model_validate(_body(response))

    def bind_company(self, company: Company) -> InstanceCompany:
        """Bind the instance to ``company``; the cloud refuses a second, different company."""
        body = {"companyId": company.id, "companyName": company.name}
        response = self._send("PUT", "/api/v4/integration/company", json=body)
        if response.status_code == 409:
            raise CloudRejectedError(_detail(response), 409)
        self._raise_for_status(response)
        return InstanceCompany.model_validate(_body(response))

    def upsert(
        self, resource: str, items: Sequence[dict[str, Any] | orjson.Fragment]
    ) -> list[UpsertResult]:
        """Create or update up to 200 records by ``extId``; one result per item, in order.

        An item is a record, or its JSON already encoded (``orjson.Fragment``), as the sync
        engine sends it: encoded once, for its hash and for the body.
        """
        return _UPSERT_RESULTS.validate_python(self._bulk(f"/api/v4/{resource}/upsert", items))

    def delete(self, resource: str, ext_ids: Sequence[str]) -> list[DeleteResult]:
        """Soft-delete up to 200 records by ``extId``; one result per item, in order."""
        return _DELETE_RESULTS.validate_python(self._bulk(f"/api/v4/{resource}/delete", ext_ids))

    def heartbeat(self, status: str, streams: dict[str, Any], version: str) -> None:
        """Tell the cloud the connector is alive and how each stream stands."""
        body = {"connectorVersion": version, "status": status, "streams": streams}
        self._raise_for_status(self._send("PUT", "/api/v4/integration/heartbeat", json=body))

    def report_errors(self, errors: Sequence[dict[str, str]]) -> None:
        """Replace the instance's list of refused records (``resource``, ``extId``, ``message``).

        The web app shows them as « Erreur de synchronisation »; a record left out of the
        list goes back to « Synchronisé ». A list of any size is sent: up to
        ``ERRORS_PAGE_LIMIT`` records as one array, a longer one as pages in the order of
        ``(resource, extId)``, each replacing the cloud's list on its own range of keys
        (``docs/cloud.md``). A record whose key the cloud cannot hold is left out, and one of a
        resource without badges (users) comes back as ``unknown``: both stay on the local
        error list.
        """
        listed = _reportable(errors)
        pages = [
            listed[start : start + ERRORS_PAGE_LIMIT]
            for start in range(0, len(listed), ERRORS_PAGE_LIMIT)
        ]
        if len(pages) <= 1:
            bodies: list[Any] = [[_error_item(key, text) for key, text in listed]]
        else:
            bounds = [None, *(_error_key(page[-1][0]) for page in pages[:-1]), None]
            bodies = [
                {
                    "after": bounds[number],
                    "through": bounds[number + 1],
                    "errors": [_error_item(key, text) for key, text in page],
                }
                for number, page in enumerate(pages)
            ]
        for body in bodies:
            self._raise_for_status(self._send("PUT", "/api/v4/integration/errors", json=body))

    def resync_requests(self) -> list[ResyncRequest]:
        """The resynchronisations asked for in the web app (after an invitation), pending."""
        response = self._send("GET", "/api/v4/integration/requests")
        self._raise_for_status(response)
        return _RESYNC_REQUESTS.validate_python(_body(response))

    def resync_done(self, request_id: int, status: str, detail: str) -> None:
        """Tell the cloud a resynchronisation request is over (``done`` or ``failed``)."""
        body = {"status": status, "detail": detail}
        path = f"/api/v4/integration/requests/{request_id}/done"
        self._raise_for_status(self._send("POST", path, json=body))

    def changes(self, after: int, limit: int = 100, *, wait: float = 0) -> ChangesPage:
        """The CRM's changes after ``after`` (``GET /api/v4/changes``), oldest first.

        With ``wait``, the cloud holds the request until a change exists or that many
        seconds passed (a long-poll): the read timeout grows by as much.
        """
        params: dict[str, float] = {"after": after, "limit": limit}
        extra: dict[str, Any] = {}
        if wait > 0:
            params["wait"] = wait
            extra["timeout"] = self._http.timeout.read + wait if self._http.timeout.read else None
        response = self._send("GET", "/api/v4/changes", params=params, **extra)
        self._raise_for_status(response)
        return ChangesPage.model_validate(_body(response))

    def record(self, resource: str, record_id: int) -> dict[str, Any] | None:
        """One record by CRM id, or None when the CRM no longer has it (``404``)."""
        response = self._send("GET", f"/api/v4/{resource}/{record_id}")
        if response.status_code == 404:
            return None
        self._raise_for_status(response)
        record = _body(response)
        assert isinstance(record, dict)
        return record

    def bind(self, resource: str, record_id: int, ext_id: str, through: int) -> None:
        """Give a record made in the CRM its Sage key, once written there up to ``through``.

        Sending the same binding again is accepted: a retry after a crash is safe.
        """
        body = {"extId": ext_id, "through": through}
        path = f"/api/v4/{resource}/{record_id}/extId"
        self._raise_for_status(self._send("PUT", path, json=body))

    def quote(self, quote_id: int) -> CrmQuote | None:
        """One quote by CRM id, its amounts exact; None when the CRM no longer has it.

        Read with ``json`` rather than orjson: only ``json`` parses a number as a
        ``Decimal`` from its digits, and a float would round a price.
        """
        response = self._send("GET", f"/api/v4/quotes/{quote_id}")
        if response.status_code == 404:
            return None
        self._raise_for_status(response)
        try:
            body = json.loads(response.content, parse_float=Decimal)
        except ValueError as exc:
            detail = f"réponse illisible ({response.headers.get('content-type', 'sans type')})"
            raise CloudError(
                msg.CLOUD_FAILED.format(status=response.status_code, detail=detail)
            ) from exc
        return CrmQuote.model_validate(body)

    def price_quote(self, quote_id: int, prices: QuotePrices) -> bool:
        """Write Sage's prices on a quote; False when it changed since (``409``): dropped.

        A newer change of the quote follows in the feed and is priced in its turn.
        """
        return self._put_quote(quote_id, "prices", prices.model_dump())

    def refuse_quote(self, quote_id: int, revision: int, reason: str) -> bool:
        """Tell the CRM Sage refused the quote, and why; False when it changed since (``409``)."""
        return self._put_quote(quote_id, "refusal", {"revision": revision, "reason": reason})

    def bind_quote(self, quote_id: int, ext_id: str, number: str) -> None:
        """Give a quote written into Sage its key (``cbMarq``) and number (``DO_Piece``).

        Sending the same binding again is accepted: a retry after a crash is safe.

        Raises:
            CloudRejectedError: ``409`` the key is another quote's, ``404`` the quote is gone.
        """
        body = {"extId": ext_id, "number": number}
        self._raise_for_status(self._send("PUT", f"/api/v4/quotes/{quote_id}/extId", json=body))

    def _put_quote(self, quote_id: int, what: str, body: dict[str, Any]) -> bool:
        headers = {"Content-Type": "application/json"}
        path = f"/api/v4/quotes/{quote_id}/{what}"
        response = self._send("PUT", path, content=encode_json(body), headers=headers)
        if response.status_code == 409:
            return False
        self._raise_for_status(response)
        return True

    def _bulk(self, path: str, items: Sequence[Any]) -> list[Any]:
        if len(items) > UPSERT_LIMIT:
            raise ValueError(f"at most {UPSERT_LIMIT} items per bulk call, got {len(items)}")
        body = encode_json(list(items))
        headers = {"Content-Type": "application/json"}
        response = self._send("POST", path, content=body, headers=headers)
        self._raise_for_status(response)
        results = _body(response)
        if not isinstance(results, list) or len(results) != len(items):
            raise CloudError(
                msg.CLOUD_FAILED.format(
                    status=response.status_code,
                    detail=f"réponse inattendue pour {len(items)} éléments envoyés",
                )
            )
        return results

    def count_lines(self) -> int:
        """Number of lines of live invoices."""
        response = self._send("GET", "/api/v4/invoices/lines/count")
        self._raise_for_status(response)
        return int(_body(response)["count"])

    def count(self, resource: str) -> int:
        """Number of live records of a resource, read from the paging headers."""
        response = self._send(
            "GET",
            f"/api/v4/{resource}",
            params={"page": 0, "deleted": "false"},
            headers={"X-FM-Entity-Count": "1"},
        )
        self._raise_for_status(response)
        return int(response.headers["X-FM-Total-Count"])

    def iter_all(self, resource: str, page_size: int = 500) -> Iterator[dict[str, Any]]:
        """Every record of a resource, page by page."""
        page = 0
        while page >= 0:
            response = self._send(
                "GET",
                f"/api/v4/{resource}",
                params={"page": page},
                headers={"X-FM-Entity-Count": str(page_size)},
            )
            self._raise_for_status(response)
            yield from _body(response)
            page = int(response.headers.get("X-FM-Next-Page", "-1"))

    def _login(self) -> str:
        body = {"username": self._public_key, "password": self._private_key}
        response = self._send("POST", "/api/v4/login", json=body, authenticated=False)
        if response.status_code in (401, 403):
            raise CloudAuthError(msg.CLOUD_AUTH_REFUSED)
        self._raise_for_status(response)
        token = _body(response)["token"]
        assert isinstance(token, str)
        return token

    def _send(
        self,
        method: str,
        path: str,
        *,
        authenticated: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send with retries; renew the session once if the cloud says it expired."""
        renewed = False
        for attempt in range(1, self._max_attempts + 1):
            sent_headers = dict(headers or {})
            if authenticated:
                if self._token is None:
                    self._token = self._login()
                sent_headers["X-Session-Key"] = self._token
            try:
                response = self._http.request(method, path, headers=sent_headers, **kwargs)
            except httpx.TransportError as exc:
                if attempt == self._max_attempts:
                    reason = describe_http_error(exc)
                    raise CloudUnreachableError(
                        msg.CLOUD_UNREACHABLE.format(url=self.base_url, reason=reason)
                    ) from exc
                time.sleep(_backoff(attempt, None))
                continue
            if authenticated and response.status_code == 401 and not renewed:
                self._token, renewed = None, True
                continue
            if response.status_code in _RETRIABLE_STATUS and attempt < self._max_attempts:
                time.sleep(_backoff(attempt, response.headers.get("Retry-After")))
                continue
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _raise_for_status(self, response: httpx.Response) -> None:
        if response.is_success:
            return
        if response.status_code in (401, 403):
            raise CloudAuthError(msg.CLOUD_AUTH_REFUSED)
        message = msg.CLOUD_FAILED.format(status=response.status_code, detail=_detail(response))
        if 400 <= response.status_code < 500:
            raise CloudRejectedError(message, response.status_code)
        raise CloudError(message)


def _reportable(errors: Sequence[dict[str, str]]) -> list[tuple[tuple[str, str], str]]:
    """The refused records the cloud can hold, keyed and sorted as its pages are.

    Every stream's resource is listed (they come from the stream declarations): the cloud
    answers the records of a resource without sync badges (users) as ``unknown``.

    Keys and messages are trimmed as the cloud trims them, so both sides sort alike
    (``str`` order: by code point); a record listed twice keeps its last message.
    """
    kept: dict[tuple[str, str], str] = {}
    for error in errors:
        ext_id = error["extId"].strip()
        if 0 < len(ext_id) <= _EXT_ID_LIMIT:
            kept[(error["resource"], ext_id)] = error["message"].strip()[:_MESSAGE_LIMIT]
    return sorted(kept.items())


def _error_key(key: tuple[str, str]) -> dict[str, str]:
    return {"resource": key[0], "extId": key[1]}


def _error_item(key: tuple[str, str], message: str) -> dict[str, str]:
    return {**_error_key(key), "message": message}


def _body(response: httpx.Response) -> Any:
    """The JSON body, or our error when a success answer is not the JSON the API promises."""
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        detail = f"réponse illisible ({response.headers.get('content-type', 'sans type')})"
        raise CloudError(
            msg.CLOUD_FAILED.format(status=response.status_code, detail=detail)
        ) from exc


def _backoff(attempt: int, retry_after: str | None) -> float:
    """Seconds to wait: the server's Retry-After when given, else capped exponential + jitter."""
    if retry_after is not None:
        try:
            return min(float(retry_after), 60.0)
        except ValueError:
            pass
    return float(min(0.2 * 2 ** (attempt - 1), 10.0) * (0.5 + random.random() / 2))


def describe_http_error(exc: httpx.HTTPError) -> str:
    """An httpx failure in a few French words, for messages shown to people."""
    if isinstance(exc, httpx.ConnectError):
        return "connexion refusée"
    if isinstance(exc, httpx.TimeoutException):
        return "délai d'attente dépassé"
    if isinstance(exc, httpx.HTTPStatusError):
        return f"réponse HTTP {exc.response.status_code}"
    return type(exc).__name__


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict) and "message" in body:
        return str(body["message"])
    return str(body)[:200]
