"""The dashboard's figures: sales excluding tax from posted invoices, and the top tens.

Sales are ``SUM(invoices.total_excl_tax)`` over the instance's live, posted invoices (and
credit notes), summed by the database: the connector sends credit notes with negative
amounts (``connector.sync._streams.InvoiceMapper``), so the plain sum is the net revenue, and
the page shows exactly what a SQL sum over the same invoices gives. The sums are exact
``Decimal`` on SQLite as on PostgreSQL (``models.Amount``); only the page rounds them. As
everywhere in the web app, a user sees the sales of the owners ``services.visibility`` allows.

Periods are calendar weeks (ISO, Monday first), months and years in the company's time zone
(Europe/Paris): the current one and the eleven before it. The top customers and products
cover those twelve periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, false, func, select

from ssm.cloud.db import Database
from ssm.cloud.models import Account, Invoice, InvoiceLine, Product

PeriodKind = Literal["week", "month", "year"]
PERIOD_KINDS: Final[tuple[PeriodKind, ...]] = ("week", "month", "year")
PERIODS_SHOWN: Final = 12
TOP_SIZE: Final = 10
COMPANY_TIME_ZONE: Final = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, slots=True)
class Period:
    """One period: ``start`` included, ``end`` excluded."""

    kind: PeriodKind
    start: dt.date
    end: dt.date


def _period_of(kind: PeriodKind, day: dt.date) -> Period:
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=7))
    if kind == "month":
        start = day.replace(day=1)
        end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return Period(kind, start, end)
    start = dt.date(day.year, 1, 1)
    return Period(kind, start, dt.date(day.year + 1, 1, 1))


def today(now: dt.datetime) -> dt.date:
    """The company's date at ``now``."""
    return now.astimezone(COMPANY_TIME_ZONE).date()


def last_periods(kind: PeriodKind, day: dt.date, count: int = PERIODS_SHOWN) -> list[Period]:
    """The period holding ``day`` and the ``count - 1`` before it, oldest first."""
    periods = [_period_of(kind, day)]
    while len(periods) < count:
        periods.append(_period_of(kind, periods[-1].start - dt.timedelta(days=1)))
    return periods[::-1]


def _scope(instance_id: int, owner_ids: set[int] | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Invoice.instance_id == instance_id,
        Invoice.posted.is_(True),
        Invoice.deleted.is_(False),
    ]
    if owner_ids is not None:
        conditions.append(Invoice.owner_id.in_(sorted(owner_ids)) if owner_ids else false())
    return conditions


def _amount(value: Decimal | None) -> Decimal:
    """A sum as the database computed it, exact (``models.Amount``); none is zero."""
    return value if value is not None else Decimal(0)


@dataclass(frozen=True, slots=True)
class Ranked:
    """One line of a top ten: who or what, and its sales excluding tax."""

    label: str
    amount: Decimal
    record_id: int | None = None


def _product_label(ext_id: str | None, name: str | None) -> str:
    """« REF — Name », as a quote's lines show a product: Sage often repeats a name."""
    reference = ext_id or ""  # always set: the query keeps lines with a reference
    return f"{reference} — {name}" if name and name != reference else reference


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the dashboard shows for one user and one kind of period."""

    kind: PeriodKind
    periods: list[Period]
    series: list[Decimal]
    """Sales of each period of ``periods``."""
    total: Decimal
    """Sales over every posted invoice the user sees, whatever its date."""
    top_customers: list[Ranked]
    top_products: list[Ranked]

    @property
    def current(self) -> Period:
        """The period holding today."""
        return self.periods[-1]

    @property
    def current_sales(self) -> Decimal:
        """Sales of the current period."""
        return self.series[-1]


def sales_total(db: Database, instance_id: int, owner_ids: set[int] | None) -> Decimal:
    """``SUM(total_excl_tax)`` over the posted, live invoices the owners allow."""
    with db.read() as session:
        return _amount(
            session.execute(
                select(func.sum(Invoice.total_excl_tax)).where(*_scope(instance_id, owner_ids))
            ).scalar_one()
        )


def build(
    db: Database,
    instance_id: int,
    owner_ids: set[int] | None,
    kind: PeriodKind,
    day: dt.date,
) -> Dashboard:
    """The dashboard of the twelve ``kind`` periods up to the one holding ``day``.

    Four queries: the twelve sums at once (one ``SUM(CASE …)`` per period), the all-time
    total, the top customers and the top products.
    """
    periods = last_periods(kind, day)
    scope = _scope(instance_id, owner_ids)
    window = and_(Invoice.date >= periods[0].start, Invoice.date < periods[-1].end)
    sums = [
        func.sum(
            case(
                (
                    and_(Invoice.date >= period.start, Invoice.date < period.end),
                    Invoice.total_excl_tax,
                ),
                else_=None,
            )
        )
        for period in periods
    ]
    with db.read() as session:
        series = [_amount(value) for value in session.execute(select(*sums).where(*scope)).one()]
        total = _amount(
            session.execute(select(func.sum(Invoice.total_excl_tax)).where(*scope)).scalar_one()
        )
        customer_sales = func.sum(Invoice.total_excl_tax)
        customers = session.execute(
            select(Account.id, Account.name, customer_sales)
            .join(Account, Account.id == Invoice.account_id)
            .where(*scope, window)
            .group_by(Account.id, Account.name)
            .order_by(customer_sales.desc(), Account.name)
            .limit(TOP_SIZE)
        ).all()
        product_sales = func.sum(InvoiceLine.total_excl_tax)
        name = func.coalesce(
            func.max(Product.model),
            func.max(InvoiceLine.description),
            InvoiceLine.product_ext_id,
        )
        products = session.execute(
            select(func.max(Product.id), InvoiceLine.product_ext_id, name, product_sales)
            .select_from(InvoiceLine)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .outerjoin(Product, Product.id == InvoiceLine.product_id)
            .where(*scope, window, InvoiceLine.product_ext_id.is_not(None))
            .group_by(InvoiceLine.product_ext_id)
            .order_by(product_sales.desc(), InvoiceLine.product_ext_id)
            .limit(TOP_SIZE)
        ).all()
    return Dashboard(
        kind=kind,
        periods=periods,
        series=series,
        total=total,
        top_customers=[Ranked(name or "", _amount(amount), id_) for id_, name, amount in customers],
        top_products=[
            Ranked(_product_label(ext_id, name), _amount(amount), id_)
            for id_, ext_id, name, amount in products
        ],
    )
