"""The web app's record pages: lists with search, filters and paging, and detail pages.

Shared by the pages of accounts, contacts, products, invoices and quotes (what they read;
their forms write through each resource's service). Every query filters on the instance
and, except for products, on the owners the user may see (``services.visibility``:
``None`` means all); deleted records are left out. The scope and the paging are those of
the bulk API (``services.scoped_reads``), with the role's visibility as a parameter. A
record of another instance, outside the user's visibility or deleted is "not found",
exactly like a missing one, so nothing tells them apart.

Search is a case-insensitive substring over a few columns per family (name, number,
e-mail...); ``%`` and ``_`` typed by the user are matched literally.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from ssm.cloud.db import Database, in_french_order
from ssm.cloud.errors import NotFoundError
from ssm.cloud.models import (
    Account,
    Contact,
    Invoice,
    InvoiceLine,
    Product,
    Quote,
    QuoteLine,
    User,
)
from ssm.cloud.services.scoped_reads import counted_slice, scope
from ssm.cloud.services.user_admin import display_name

PAGE_SIZE = 50
"""Records per list page."""

Row = dict[str, Any]
"""One record as the templates read it (column name → value)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list page was asked for; ``None`` means "no filter"."""

    q: str | None = None
    sync: str | None = None
    account_type: str | None = None
    available: bool | None = None
    posted: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1


_ANY = Filters()


@dataclass(frozen=True, slots=True)
class RecordPage:
    """One page of a list (pages count from 1)."""

    rows: list[Row]
    page: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages the list has (at least 1)."""
        return max(1, math.ceil(self.total / self.size))


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _search(q: str | None, columns: Sequence[Any]) -> list[ColumnElement[bool]]:
    if not q or not q.strip():
        return []
    pattern = _like(q.strip())
    return [or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))]


def _page(
    session: Session, query: Select[Any], conditions: list[ColumnElement[bool]], page: int
) -> RecordPage:
    page = max(1, page)
    rows, total = counted_slice(
        session, query, conditions, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return RecordPage(rows=[dict(row) for row in rows], page=page, total=total)


def _one(session: Session, query: Select[Any]) -> Row:
    row = session.execute(query).mappings().one_or_none()
    if row is None:
        raise NotFoundError()
    return dict(row)


def _live(
    model: Any, instance_id: int, owner_ids: set[int] | None, filters: Filters = _ANY
) -> list[ColumnElement[bool]]:
    """The live records of the instance that the user may see, in the filtered sync status."""
    conditions = scope(model, instance_id, deleted=False, owner_ids=owner_ids)
    if filters.sync:
        conditions.append(model.sync_status == filters.sync)
    return conditions


# --- accounts ----------------------------------------------------------------------------


def list_accounts(
    db: Database, instance_id: int, owner_ids: set[int] | None, filters: Filters
) -> RecordPage:
    """Accounts by name; search name, code, e-mail, city, phone; filter type and sync."""
    conditions = _live(Account, instance_id, owner_ids, filters)
    conditions += _search(
        filters.q, (Account.name, Account.ext_id, Account.email, Account.city, Account.phone)
    )
    if filters.account_type:
        conditions.append(Account.account_type == filters.account_type)
    query = select(Account.__table__).order_by(in_french_order(Account.name), Account.id)
    with db.read() as session:
        return _page(session, query, conditions, filters.page)


def _rep_name(session: Session, instance_id: int, ext_id: str | None) -> str | None:
    """The name of the instance's Sage rep ``ext_id``; None when no such rep is known."""
    if not ext_id:
        return None
    rep = session.scalars(
        select(User)
        .where(User.instance_id == instance_id, User.ext_id == ext_id, User.deleted.is_(False))
        .order_by(User.id)
        .limit(1)
    ).first()
    return display_name(rep) if rep is not None else None


@dataclass(frozen=True, slots=True)
class AccountDetail:
    """An account with its contacts and invoices (those the user may see)."""

    account: Row
    contacts: list[Row]
    invoices: list[Row]


def get_account(
    db: Database, instance_id: int, owner_ids: set[int] | None, account_id: int
) -> AccountDetail:
    """One account, its live contacts and its invoices (newest first).

    Raises:
        NotFoundError: no such live account that the user may see in this instance.
    """
    with db.read() as session:
        account = _one(
            session,
            select(Account.__table__).where(
                Account.id == account_id,
                *_live(Account, instance_id, owner_ids),
            ),
        )
        contacts = session.execute(
            select(Contact.__table__)
            .where(
                Contact.account_id == account_id,
                *_live(Contact, instance_id, owner_ids),
            )
            .order_by(
                in_french_order(Contact.last_name), in_french_order(Contact.first_name), Contact.id
            )
        ).mappings()
        invoices = session.execute(
            select(Invoice.__table__)
            .where(
                Invoice.account_id == account_id,
                *_live(Invoice, instance_id, owner_ids),
            )
            .order_by(Invoice.date.desc(), Invoice.id.desc())
        ).mappings()
        account["sales_rep_name"] = _rep_name(session, instance_id, account["sales_rep_ext_id"])
        return AccountDetail(
            account=account,
            contacts=[dict(row) for row in contacts],
            invoices=[dict(row) for row in invoices],
        )


# --- contacts ----------------------------------------------------------------------------


def _contacts() -> Select[Any]:
    return select(Contact.__table__, Account.name.label("account_name")).outerjoin(
        Account, Account.id == Contact.account_id
    )


def list_contacts(
    db: Database, instance_id: int, owner_ids: set[int] | None, filters: Filters
) -> RecordPage:
    """Contacts by name; search names, e-mail, phones and the account's name."""
    conditions = _live(Contact, instance_id, owner_ids, filters)
    conditions += _search(
        filters.q,
        (
            Contact.first_name,
            Contact.last_name,
            Contact.email,
            Contact.phone,
            Contact.mobile,
            Account.name,
        ),
    )
    query = _contacts().order_by(
        in_french_order(Contact.last_name), in_french_order(Contact.first_name), Contact.id
    )
    with db.read() as session:
        return _page(session, query, conditions, filters.page)


def get_contact(db: Database, instance_id: int, owner_ids: set[int] | None, contact_id: int) -> Row:
    """One contact with its account's name.

    Raises:
        NotFoundError: no such live contact that the user may see in this instance.
    """
    with db.read() as session:
        return _one(
            session,
            _contacts().where(
                Contact.id == contact_id,
                *_live(Contact, instance_id, owner_ids),
            ),
        )


# --- products ----------------------------------------------------------------------------


def list_products(db: Database, instance_id: int, filters: Filters) -> RecordPage:
    """Products (visible to every user) by name; search name, reference, family, barcode."""
    conditions = _live(Product, instance_id, None, filters)
    conditions += _search(
        filters.q, (Product.model, Product.ext_id, Product.family, Product.barcode)
    )
    if filters.available is not None:
        conditions.append(Product.not_available.is_(not filters.available))
    query = select(Product.__table__).order_by(in_french_order(Product.model), Product.id)
    with db.read() as session:
        return _page(session, query, conditions, filters.page)


def get_product(db: Database, instance_id: int, product_id: int) -> Row:
    """One product.

    Raises:
        NotFoundError: no such live product in this instance.
    """
    with db.read() as session:
        return _one(
            session,
            select(Product.__table__).where(
                Product.id == product_id, *_live(Product, instance_id, None)
            ),
        )


# --- invoices and quotes ---------------------------------------------------------------


def _documents(model: Any) -> Select[Any]:
    return select(model.__table__, Account.name.label("account_name")).outerjoin(
        Account, Account.id == model.account_id
    )


def _document_conditions(
    model: Any, instance_id: int, owner_ids: set[int] | None, filters: Filters
) -> list[ColumnElement[bool]]:
    conditions = _live(model, instance_id, owner_ids, filters)
    conditions += _search(filters.q, (model.number, model.ext_id, Account.name))
    if filters.date_from is not None:
        conditions.append(model.date >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(model.date <= filters.date_to)
    return conditions


def list_invoices(
    db: Database, instance_id: int, owner_ids: set[int] | None, filters: Filters
) -> RecordPage:
    """Invoices, newest first; search number and account; filter posted, dates, sync."""
    conditions = _document_conditions(Invoice, instance_id, owner_ids, filters)
    if filters.posted is not None:
        conditions.append(Invoice.posted.is_(filters.posted))
    query = _documents(Invoice).order_by(Invoice.date.desc(), Invoice.id.desc())
    with db.read() as session:
        return _page(session, query, conditions, filters.page)


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """An invoice or a quote with its lines, in order."""

    document: Row
    lines: list[Row]


def get_invoice(
    db: Database, instance_id: int, owner_ids: set[int] | None, invoice_id: int
) -> DocumentDetail:
    """One invoice with its account's name and its lines (with the products' names).

    Raises:
        NotFoundError: no such live invoice that the user may see in this instance.
    """
    with db.read() as session:
        invoice = _one(
            session,
            _documents(Invoice).where(
                Invoice.id == invoice_id,
                *_live(Invoice, instance_id, owner_ids),
            ),
        )
        lines = session.execute(
            select(InvoiceLine.__table__, Product.model.label("product_name"))
            .outerjoin(Product, Product.id == InvoiceLine.product_id)
            .where(InvoiceLine.invoice_id == invoice_id, InvoiceLine.instance_id == instance_id)
            .order_by(InvoiceLine.position)
        ).mappings()
        return DocumentDetail(document=invoice, lines=[dict(row) for row in lines])


def list_quotes(
    db: Database, instance_id: int, owner_ids: set[int] | None, filters: Filters
) -> RecordPage:
    """Quotes, newest first; search number and account; filter dates and sync."""
    conditions = _document_conditions(Quote, instance_id, owner_ids, filters)
    query = _documents(Quote).order_by(Quote.date.desc(), Quote.id.desc())
    with db.read() as session:
        return _page(session, query, conditions, filters.page)


def get_quote(
    db: Database, instance_id: int, owner_ids: set[int] | None, quote_id: int
) -> DocumentDetail:
    """One quote with its account's name, its contact's names and its lines.

    Raises:
        NotFoundError: no such live quote that the user may see in this instance.
    """
    query = _documents(Quote).add_columns(
        Contact.first_name.label("contact_first_name"),
        Contact.last_name.label("contact_last_name"),
    )
    query = query.outerjoin(Contact, (Contact.id == Quote.contact_id) & Contact.deleted.is_(False))
    with db.read() as session:
        quote = _one(
            session,
            query.where(Quote.id == quote_id, *_live(Quote, instance_id, owner_ids)),
        )
        lines = session.execute(
            select(QuoteLine.__table__, Product.model.label("product_name"))
            .outerjoin(Product, Product.id == QuoteLine.product_id)
            .where(QuoteLine.quote_id == quote_id, QuoteLine.instance_id == instance_id)
            .order_by(QuoteLine.position)
        ).mappings()
        return DocumentDetail(document=quote, lines=[dict(row) for row in lines])
