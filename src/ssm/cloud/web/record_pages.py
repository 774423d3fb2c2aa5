"""The record pages, read-only for now: the lists and each record's ``/{id}``.

``/comptes``, ``/contacts``, ``/produits``, ``/factures`` and ``/devis``. Lists take ``q``
(search), ``statut`` (sync status), ``page`` (from 1, 50 a page, at most ``MAX_PAGE``) and
their own filters: ``type`` (client, prospect) on accounts, ``dispo`` (oui, non) on products,
``comptabilisee`` (oui, non), ``du`` and ``au`` (dates) on invoices and quotes. A value a
filter does not know is ignored rather than refused: the page is for people. A record of
another instance, outside the user's visibility or past ``MAX_RECORD_ID`` is the layout's
404 page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from ssm.cloud._text import has_nul
from ssm.cloud.db import Database
from ssm.cloud.dependencies import MAX_PAGE, MAX_RECORD_ID, DatabaseDep, NowDep
from ssm.cloud.errors import NotFoundError
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
    template: str,
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
        template,
        title_key=f"{family}.title",
        result=result,
        filters=filters,
        given=given,
        pager=_pager(given),
        statuses=STATUSES,
    )


def _not_found(user: WebUser) -> WebPageError:
    return WebPageError(user, 404, "not_found")


def _id(user: WebUser, raw: str) -> int:
    """The URL's id, or the 404 page for anything that cannot be a record's id."""
    digits = raw.lstrip("0")  # short before int(): a 5,000-digit id would raise
    if not raw.isascii() or not raw.isdigit() or len(digits) > len(str(MAX_RECORD_ID)):
        raise _not_found(user)
    if not 0 < int(digits or "0") <= MAX_RECORD_ID:
        raise _not_found(user)
    return int(digits)


@router.get("/comptes", response_class=HTMLResponse)
def accounts(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """Accounts the user sees: search, type, sync status, 50 a page."""
    visible = owners(db, user)
    return _list(
        request,
        user,
        db,
        now,
        "accounts",
        "accounts.html",
        lambda f: record_pages.list_accounts(db, user.instance_id, visible, f),
    )


@router.get("/comptes/{id}", response_class=HTMLResponse)
def account(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, record_id: RecordId
) -> HTMLResponse:
    """One account with its sync block, its contacts and its invoices."""
    try:
        detail = record_pages.get_account(
            db, user.instance_id, owners(db, user), _id(user, record_id)
        )
    except NotFoundError:
        raise _not_found(user) from None
    locked = bool(detail.account["ext_id"]) and (
        detail.account["account_type"] == "client" or detail.account["read_only"]
    )
    return page(
        request,
        user,
        db,
        now,
        "account.html",
        title_key="accounts.title",
        record=detail.account,
        contacts=detail.contacts,
        invoices=detail.invoices,
        locked=locked,
    )


@router.get("/contacts", response_class=HTMLResponse)
def contacts(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """Contacts the user sees: search (names, e-mail, phones, account), sync status."""
    visible = owners(db, user)
    return _list(
        request,
        user,
        db,
        now,
        "contacts",
        "contacts.html",
        lambda f: record_pages.list_contacts(db, user.instance_id, visible, f),
    )


@router.get("/contacts/{id}", response_class=HTMLResponse)
def contact(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, record_id: RecordId
) -> HTMLResponse:
    """One contact (edited on both sides: only its Sage code is locked)."""
    try:
        row = record_pages.get_contact(db, user.instance_id, owners(db, user), _id(user, record_id))
    except NotFoundError:
        raise _not_found(user) from None
    return page(request, user, db, now, "contact.html", title_key="contacts.title", record=row)


@router.get("/produits", response_class=HTMLResponse)
def products(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """Products (every user sees them all): search, available or not, sync status."""
    return _list(
        request,
        user,
        db,
        now,
        "products",
        "products.html",
        lambda f: record_pages.list_products(db, user.instance_id, f),
    )


@router.get("/produits/{id}", response_class=HTMLResponse)
def product(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, record_id: RecordId
) -> HTMLResponse:
    """One product; every field is Sage's."""
    try:
        row = record_pages.get_product(db, user.instance_id, _id(user, record_id))
    except NotFoundError:
        raise _not_found(user) from None
    return page(request, user, db, now, "product.html", title_key="products.title", record=row)


@router.get("/factures", response_class=HTMLResponse)
def invoices(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """Invoices the user sees: search, posted or not, date range, sync status."""
    visible = owners(db, user)
    return _list(
        request,
        user,
        db,
        now,
        "invoices",
        "invoices.html",
        lambda f: record_pages.list_invoices(db, user.instance_id, visible, f),
    )


@router.get("/factures/{id}", response_class=HTMLResponse)
def invoice(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, record_id: RecordId
) -> HTMLResponse:
    """One invoice with its lines; every field is Sage's."""
    try:
        detail = record_pages.get_invoice(
            db, user.instance_id, owners(db, user), _id(user, record_id)
        )
    except NotFoundError:
        raise _not_found(user) from None
    return page(
        request,
        user,
        db,
        now,
        "invoice.html",
        title_key="invoices.title",
        record=detail.document,
        lines=detail.lines,
    )


@router.get("/devis", response_class=HTMLResponse)
def quotes(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """Quotes the user sees (« Aucun devis » when there are none)."""
    visible = owners(db, user)
    return _list(
        request,
        user,
        db,
        now,
        "quotes",
        "quotes.html",
        lambda f: record_pages.list_quotes(db, user.instance_id, visible, f),
    )


@router.get("/devis/{id}", response_class=HTMLResponse)
def quote(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, record_id: RecordId
) -> HTMLResponse:
    """One quote with its lines."""
    try:
        detail = record_pages.get_quote(
            db, user.instance_id, owners(db, user), _id(user, record_id)
        )
    except NotFoundError:
        raise _not_found(user) from None
    return page(
        request,
        user,
        db,
        now,
        "quote.html",
        title_key="quotes.title",
        record=detail.document,
        lines=detail.lines,
    )
