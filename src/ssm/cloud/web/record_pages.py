"""The record pages: the lists and each record's ``/{id}`` (the forms are ``crm_forms``).

Each declared resource with a ``page`` (``resources.RESOURCES``: ``/comptes``,
``/contacts``, ``/produits``, ``/factures``, ``/devis``) gets its two routes here, from
``PAGES``: what its list and its record read, rendered by ``{name}.html`` and by the
template named after the record's function (``account.html``). Lists take ``q``
(search), ``statut`` (sync status), ``page`` (from 1, 50 a page, at most ``MAX_PAGE``) and
their own filters: ``type`` (client, prospect) on accounts, ``dispo`` (oui, non) on products,
``comptabilisee`` (oui, non), ``du`` and ``au`` (dates) on invoices and quotes. A value a
filter does not know is ignored rather than refused: the page is for people. A record of
another instance, outside the user's visibility or past ``MAX_RECORD_ID`` is the layout's
404 page.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from ssm.cloud._text import has_nul
from ssm.cloud.db import Database
from ssm.cloud.dependencies import MAX_PAGE, MAX_RECORD_ID, DatabaseDep, NowDep
from ssm.cloud.errors import NotFoundError
from ssm.cloud.resources import RESOURCES
from ssm.cloud.services import record_pages
from ssm.cloud.services.record_pages import Filters, RecordPage
from ssm.cloud.services.sync_status import STATUSES
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web._connected_pages import owners, page
from ssm.cloud.web.auth import CurrentUser, WebPageError

router = APIRouter(tags=["pages"])

RecordId = Annotated[str, Path(alias="id")]
"""A record's id as typed in the URL; anything but a known id is the 404 page."""

_YES_NO = {"oui": True, "non": False}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request: Request) -> tuple[Filters, dict[str, str]]:
    """The list's filters from the query string, and the recognised parameters as given."""
    params = request.query_params
    given = {key: value for key, value in params.items() if value}
    try:
        number = min(max(1, int(params.get("page", "1"))), MAX_PAGE)
    except ValueError:
        number = 1
    sync = params.get("statut")
    account_type = params.get("type")
    filters = Filters(
        q=(params.get("q") or "").strip()[:200] or None,
        sync=sync if sync in STATUSES else None,
        account_type=account_type if account_type in ("client", "prospect") else None,
        available=_YES_NO.get(params.get("dispo", "")),
        posted=_YES_NO.get(params.get("comptabilisee", "")),
        date_from=_date(params.get("du")),
        date_to=_date(params.get("au")),
        page=number,
    )
    return filters, given


def _pager(given: dict[str, str]) -> Callable[[int], str]:
    def url(number: int) -> str:
        return "?" + urlencode({**{k: v for k, v in given.items() if k != "page"}, "page": number})

    return url


def _list(
    request: Request,
    user: WebUser,
    db: Database,
    now: dt.datetime,
    family: str,
    fetch: Callable[[Filters], RecordPage],
) -> HTMLResponse:
    filters, given = _filters(request)
    if has_nul(given):
        raise WebPageError(user, 400, "text_nul")
    result = fetch(filters)
    return page(
        request,
        user,
        db,
        now,
        f"{family}.html",
        title_key=f"{family}.title",
        result=result,
        filters=filters,
        given=given,
        pager=_pager(given),
        statuses=STATUSES,
    )


def _not_found(user: WebUser) -> WebPageError:
    return WebPageError(user, 404, "not_found")


def record_id(user: WebUser, raw: str) -> int:
    """The URL's id, or the 404 page for anything that cannot be a record's id."""
    digits = raw.lstrip("0")  # short before int(): a 5,000-digit id would raise
    if not raw.isascii() or not raw.isdigit() or len(digits) > len(str(MAX_RECORD_ID)):
        raise _not_found(user)
    if not 0 < int(digits or "0") <= MAX_RECORD_ID:
        raise _not_found(user)
    return int(digits)


# --- what each resource's pages read ----------------------------------------------------


def accounts(db: Database, user: WebUser, filters: Filters) -> RecordPage:
    """Accounts the user sees: search, type, sync status, 50 a page."""
    return record_pages.list_accounts(db, user.instance_id, owners(db, user), filters)


def account(db: Database, user: WebUser, account_id: int) -> dict[str, Any]:
    """One account with its sync block, its contacts and its invoices."""
    detail = record_pages.get_account(db, user.instance_id, owners(db, user), account_id)
    locked = bool(detail.account["ext_id"]) and (
        detail.account["account_type"] == "client" or detail.account["read_only"]
    )
    return {
        "record": detail.account,
        "contacts": detail.contacts,
        "invoices": detail.invoices,
        "locked": locked,
    }


def contacts(db: Database, user: WebUser, filters: Filters) -> RecordPage:
    """Contacts the user sees: search (names, e-mail, phones, account), sync status."""
    return record_pages.list_contacts(db, user.instance_id, owners(db, user), filters)


def contact(db: Database, user: WebUser, contact_id: int) -> dict[str, Any]:
    """One contact (edited on both sides: only its Sage code is locked)."""
    return {"record": record_pages.get_contact(db, user.instance_id, owners(db, user), contact_id)}


def products(db: Database, user: WebUser, filters: Filters) -> RecordPage:
    """Products (every user sees them all): search, available or not, sync status."""
    return record_pages.list_products(db, user.instance_id, filters)


def product(db: Database, user: WebUser, product_id: int) -> dict[str, Any]:
    """One product; every field is Sage's."""
    return {"record": record_pages.get_product(db, user.instance_id, product_id)}


def invoices(db: Database, user: WebUser, filters: Filters) -> RecordPage:
    """Invoices the user sees: search, posted or not, date range, sync status."""
    return record_pages.list_invoices(db, user.instance_id, owners(db, user), filters)


def invoice(db: Database, user: WebUser, invoice_id: int) -> dict[str, Any]:
    """One invoice with its lines; every field is Sage's."""
    detail = record_pages.get_invoice(db, user.instance_id, owners(db, user), invoice_id)
    return {"record": detail.document, "lines": detail.lines}


def quotes(db: Database, user: WebUser, filters: Filters) -> RecordPage:
    """Quotes the user sees (« Aucun devis » when there are none)."""
    return record_pages.list_quotes(db, user.instance_id, owners(db, user), filters)


EDITABLE_QUOTES = ("draft_pending", "draft_validated")
"""The statuses a rep edits a quote in: the others are in Sage 100 or awaiting it."""

AWAITING_SAGE = ("draft_pending", "sync_pending")
"""The statuses the connector answers within seconds: the quote's page reloads itself."""


def quote_editable(record: dict[str, Any]) -> bool:
    """Whether the rep may edit the quote: made in the CRM, still a draft, not read-only."""
    return (
        record["origin"] == "crm"
        and not record["read_only"]
        and record["status"] in EDITABLE_QUOTES
    )


def _discounts(stored: Any) -> list[dict[str, Any]]:
    """A line's discounts (``[{"value", "type"}]``, JSON text or list) with exact values."""
    items = json.loads(stored) if isinstance(stored, str) else stored or []
    return [{"type": item["type"], "value": Decimal(str(item["value"]))} for item in items]


def quote(db: Database, user: WebUser, quote_id: int) -> dict[str, Any]:
    """One quote with its lines, discounts, system comments, and what the rep may do."""
    detail = record_pages.get_quote(db, user.instance_id, owners(db, user), quote_id)
    record = detail.document
    comment = record["internal_comment"] or ""
    return {
        "record": record,
        "lines": [{**line, "discounts": _discounts(line["discounts"])} for line in detail.lines],
        "comments": [paragraph for paragraph in comment.splitlines() if paragraph.strip()],
        "editable": quote_editable(record),
        "refreshing": record["status"] in AWAITING_SAGE,
    }


@dataclass(frozen=True, slots=True)
class RecordPages:
    """What one resource's pages read: a page of its list, and one record as template context.

    The functions are named after what they show (``accounts``, ``account``): the routes,
    their OpenAPI summaries and the detail's template (``account.html``) take those names.
    """

    list_records: Callable[[Database, WebUser, Filters], RecordPage]
    record: Callable[[Database, WebUser, int], dict[str, Any]]


PAGES: dict[str, RecordPages] = {
    "accounts": RecordPages(accounts, account),
    "contacts": RecordPages(contacts, contact),
    "products": RecordPages(products, product),
    "invoices": RecordPages(invoices, invoice),
    "quotes": RecordPages(quotes, quote),
}
"""The record pages of each resource declared with a ``page``, by resource name."""


def _add_routes(path: str, family: str, pages: RecordPages) -> None:
    """The list at ``path`` and each record at ``path/{id}``, for the resource ``family``."""

    def list_page(
        request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep
    ) -> HTMLResponse:
        return _list(request, user, db, now, family, lambda f: pages.list_records(db, user, f))

    def record_page(
        request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, raw_id: RecordId
    ) -> HTMLResponse:
        try:
            context = pages.record(db, user, record_id(user, raw_id))
        except NotFoundError:
            raise _not_found(user) from None
        template = f"{pages.record.__name__}.html"
        return page(request, user, db, now, template, title_key=f"{family}.title", **context)

    for route, endpoint, named in (
        (path, list_page, pages.list_records),
        (f"{path}/{{id}}", record_page, pages.record),
    ):
        router.add_api_route(
            route,
            endpoint,
            response_class=HTMLResponse,
            name=named.__name__,
            description=inspect.getdoc(named),
        )


def _add_declared_pages() -> None:
    """The routes of every resource declared with a ``page``, in the declarations' order."""
    for declared in RESOURCES:
        if declared.page is not None:
            _add_routes(declared.page, declared.name, PAGES[declared.name])


_add_declared_pages()
