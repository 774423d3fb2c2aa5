"""The price of a sales line as Sage 100 computes it when the line is entered.

Sage's own rules are not published: this follows the reference's §1 (two integrator code
bases that agree), ``docs/sage100-pricing.md`` says what is unverified. In short::

    line = price_line(engine, "C000012", "AR0042", Decimal(20))
    line.unit_price, line.discounts, line.net_unit_price, line.amount, line.stock

The base unit price excl. tax comes from the customer's ``F_ARTCLIENT`` row, else its
tariff category's, else ``AR_PrixVen``; then at most one level of discounts (``priority``,
Sage's default) or every level in turn (``cascade``), in Sage's order: article × customer,
article × category, family × customer, family × category, the customer's ``CT_Taux01``.
A level with quantity or amount breaks takes its bracket's discounts. Barèmes
(``F_TARIF``…) are never read: Sage applies them only on the user's request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, TypeAlias

from sqlalchemy import Connection, Engine, Row, or_, select
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._probe import company_schema
from ssm.sage100._writing import refuse
from ssm.sage100.errors import SageConnectionError
from ssm.sage100.schema import (
    F_ARTCLIENT,
    F_ARTICLE,
    F_ARTSTOCK,
    F_COMPTET,
    F_FAMCLIENT,
    F_FAMTARIF,
    F_FAMTARIFQTE,
    F_TARIFQTE,
    CT_Type,
)

__all__ = [
    "Discount",
    "DiscountMode",
    "LinePrice",
    "PriceSource",
    "PriceStep",
    "category_ref",
    "net_unit_price",
    "price_line",
]

#: Where a price or a discount came from, in Sage's order.
PriceSource = Literal[
    "article", "client", "categorie", "famille_client", "famille_categorie", "client_global"
]
#: ``priority``: the first level with a discount, alone (Sage's default); ``cascade``:
#: every level, each on the price the previous one left (``PR_ChoixRemise``, unverified).
DiscountMode = Literal["priority", "cascade"]

#: A row of any width, as the statements below return them.
_Row: TypeAlias = "Row[*tuple[Any, ...]]"
#: ``REM_Type``: 0 amount per unit, 1 percentage, 2 free quantity.
_AMOUNT, _PERCENT, _FREE = 0, 1, 2
_UNIT = Decimal("0.0001")
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_SOURCE_LABELS: dict[str, str] = {
    "article": "prix de l'article",
    "client": "article × client",
    "categorie": "article × catégorie tarifaire",
    "famille_client": "famille × client",
    "famille_categorie": "famille × catégorie tarifaire",
    "client_global": "remise du client",
}
#: Tables a company made before the emulator declared them may lack; a real Sage has them.
_OPTIONAL = (F_TARIFQTE, F_FAMTARIF, F_FAMTARIFQTE)


@dataclass(frozen=True)
class Discount:
    """One discount as Sage stores it (``…REM_Valeur``, ``…REM_Type``)."""

    value: Decimal
    REM_Type: int

    def label(self) -> str:
        """As Sage shows it: ``5 %``, ``2,50 €`` per unit, or ``3 gratuit(s)``."""
        text = _french(self.value)
        if self.REM_Type == _PERCENT:
            return f"{text} %"
        if self.REM_Type == _AMOUNT:
            return f"{text} €"
        return f"{text} gratuit(s)"


@dataclass(frozen=True)
class PriceStep:
    """One step of the computation, for the CRM to say what changed and why."""

    source: PriceSource
    label: str
    price: Decimal
    discount: Discount | None = None


@dataclass(frozen=True)
class LinePrice:
    """A sales line priced as Sage 100 would on entry, every amount an exact Decimal.

    ``unit_price`` is the base price excl. tax (Sage's ``DL_PrixUnitaire``), ``discounts``
    those applied in order (``DL_Remise01..``), ``net_unit_price`` the price after them,
    rounded to 4 decimals; ``amount`` is net × quantity to the cent. ``stock`` is the
    quantity available over all depots (stock − reserved − in preparation).
    """

    CT_Num: str
    AR_Ref: str
    quantity: Decimal
    base_source: PriceSource
    unit_price: Decimal
    discounts: tuple[Discount, ...]
    net_unit_price: Decimal
    amount: Decimal
    steps: tuple[PriceStep, ...]
    stock: Decimal


def price_line(
    engine: Engine,
    CT_Num: str,
    AR_Ref: str,
    quantity: Decimal,
    *,
    mode: DiscountMode = "priority",
    vat_rate: Decimal | None = None,
) -> LinePrice:
    """Price ``quantity`` of item ``AR_Ref`` for customer ``CT_Num``, reading Sage's tables.

    ``vat_rate`` (percent) turns a price entered TTC into HT; without it such a price is
    refused, since the emulated company has no tax tables to read it from.

    Raises:
        SageWriteError: the line cannot be priced (unknown or blocked customer, unknown or
            sleeping item, zero quantity, a TTC price without ``vat_rate``), in French.
        SageConnectionError: the database could not be read.
    """
    if quantity <= 0:
        raise refuse(msg.PRICE_QUANTITY_INVALID, "DL_Qte", quantity=quantity, ar_ref=AR_Ref)
    present = {t.name for t in _OPTIONAL if t.name in company_schema(engine).columns}
    try:
        with engine.connect() as conn:
            c, a = F_COMPTET.c, F_ARTICLE.c
            client = client_for_sale(conn, CT_Num, c.N_CatTarif, c.CT_Taux01)
            item = item_for_sale(conn, AR_Ref, a.FA_CodeFamille, a.AR_PrixVen, a.AR_PrixTTC)
            tariffs = _Tariffs.read(conn, client, item, present)
    except SQLAlchemyError as exc:
        raise SageConnectionError(msg.PRICE_UNREADABLE.format(detail=msg.db_reason(exc))) from exc
    return _compute(client, item, tariffs, quantity, mode, vat_rate)


def client_for_sale(conn: Connection, CT_Num: str, *columns: Any) -> _Row:
    """The customer's row with ``columns``, refused as Sage refuses a sale to it.

    Shared by pricing and quote writing: unknown, not a customer, or blocked
    (``CT_ControlEnc`` 2) is a ``SageWriteError`` naming the column.
    """
    c = F_COMPTET.c
    query = select(c.CT_Num, c.CT_Type, c.CT_ControlEnc, *columns).where(c.CT_Num == CT_Num)
    row = conn.execute(query).first()
    if row is None:
        raise refuse(msg.PRICE_CLIENT_UNKNOWN, "CT_Num", ct_num=CT_Num)
    if row.CT_Type != CT_Type.CLIENT:
        raise refuse(msg.PRICE_NOT_CLIENT, "CT_Num", ct_num=CT_Num)
    if row.CT_ControlEnc == 2:
        raise refuse(msg.PRICE_CLIENT_BLOCKED, "CT_ControlEnc", ct_num=CT_Num)
    return row


def item_for_sale(conn: Connection, AR_Ref: str, *columns: Any) -> _Row:
    """The item's row with ``columns``; unknown or sleeping (``AR_Sommeil``) is refused."""
    a = F_ARTICLE.c
    row = conn.execute(select(a.AR_Ref, a.AR_Sommeil, *columns).where(a.AR_Ref == AR_Ref)).first()
    if row is None:
        raise refuse(msg.PRICE_ITEM_UNKNOWN, "AR_Ref", ar_ref=AR_Ref)
    if row.AR_Sommeil == 1:
        raise refuse(msg.PRICE_ITEM_SLEEPING, "AR_Sommeil", ar_ref=AR_Ref)
    return row


def category_ref(category: int) -> str:
    """A tariff category as the break tables name it: ``"a"`` + two digits (``a01``)."""
    return f"a{category:02d}"


@dataclass(frozen=True)
class _Tariffs:
    """Every tariff row that may price this item for this customer, read at once."""

    own: _Row | None
    category: _Row | None
    item_breaks: tuple[_Row, ...]
    family_client: Decimal | None
    family_category: _Row | None
    family_breaks: tuple[_Row, ...]
    stock: Decimal

    @classmethod
    def read(cls, conn: Connection, client: _Row, item: _Row, present: set[str]) -> _Tariffs:
        """Read them; a table in ``_OPTIONAL`` but not in ``present`` gives no rows."""
        cat = _category(client)
        refs = (client.CT_Num, category_ref(cat))
        own, category = _artclient(conn, client, item.AR_Ref)
        fam = item.FA_CodeFamille
        fc = F_FAMCLIENT.c
        return cls(
            own=own,
            category=category,
            item_breaks=_breaks(conn, F_TARIFQTE, "TQ", item.AR_Ref, refs, present),
            family_client=conn.execute(
                select(fc.FC_Remise).where(fc.FA_CodeFamille == fam, fc.CT_Num == client.CT_Num)
            ).scalar(),
            family_category=_family_tariff(conn, fam, cat, present),
            family_breaks=_breaks(conn, F_FAMTARIFQTE, "FQ", fam, refs[1:], present),
            stock=_stock(conn, item.AR_Ref),
        )


def _family_tariff(conn: Connection, family: str, category: int, present: set[str]) -> _Row | None:
    """The family × category row of ``F_FAMTARIF``, if there is one."""
    if "F_FAMTARIF" not in present:
        return None
    ft = F_FAMTARIF.c
    return conn.execute(
        select(ft.FT_Remise, ft.FT_TypeRem, ft.FT_QteMont).where(
            ft.FA_CodeFamille == family, ft.FT_Categorie == category
        )
    ).first()


def _category(client: _Row) -> int:
    return int(client.N_CatTarif or 0)


def _artclient(conn: Connection, client: _Row, ar_ref: str) -> tuple[_Row | None, _Row | None]:
    """The customer's own ``F_ARTCLIENT`` row and its category's, each if there is one."""
    ac = F_ARTCLIENT.c
    rows = conn.execute(
        select(
            ac.CT_Num,
            ac.AC_PrixVen,
            ac.AC_PrixTTC,
            ac.AC_Remise,
            ac.AC_TypeRem,
            ac.AC_QteMont,
        )
        .where(ac.AR_Ref == ar_ref)
        .where(
            or_(
                ac.CT_Num == client.CT_Num,
                (ac.AC_Categorie == _category(client)) & or_(ac.CT_Num == "", ac.CT_Num.is_(None)),
            )
        )
        .order_by(ac.cbMarq)
    ).all()
    # The statement matched CT_Num as the database compares it (case-insensitive on
    # Sage's SQL Server): any row with a CT_Num is the customer's.
    own = next((r for r in rows if r.CT_Num), None)
    return own, next((r for r in rows if not r.CT_Num), None)


def _breaks(
    conn: Connection, table: Any, prefix: str, key: str, refs: tuple[str, ...], present: set[str]
) -> tuple[_Row, ...]:
    """``F_TARIFQTE`` (an item's) or ``F_FAMTARIFQTE`` (a family's) brackets for ``refs``."""
    if table.name not in present:
        return ()
    owner = table.c.AR_Ref if prefix == "TQ" else table.c.FA_CodeFamille
    ref, bound = table.c[f"{prefix}_RefCF"], table.c[f"{prefix}_BorneSup"]
    remises = [
        table.c[f"{prefix}_Remise{n:02d}REM_{part}"]
        for n in (1, 2, 3)
        for part in ("Valeur", "Type")
    ]
    statement = select(ref, bound, *remises).where(owner == key, ref.in_(refs)).order_by(bound)
    return tuple(conn.execute(statement).all())


def _stock(conn: Connection, ar_ref: str) -> Decimal:
    """Available over every depot: stock − reserved − in preparation (integrators' formula)."""
    s = F_ARTSTOCK.c
    depots = conn.execute(
        select(s.AS_QteSto, s.AS_QteRes, s.AS_QtePrepa).where(s.AR_Ref == ar_ref)
    ).all()
    return sum((_d(d.AS_QteSto) - _d(d.AS_QteRes) - _d(d.AS_QtePrepa) for d in depots), _ZERO)


def _same(a: str | None, b: str) -> bool:
    """Equal as Sage's SQL Server compares them (French_CI_AS: case and trailing spaces)."""
    return (a or "").rstrip().casefold() == b.rstrip().casefold()


def _d(value: Decimal | None) -> Decimal:
    return _ZERO if value is None else value


def _round(value: Decimal, step: Decimal = _UNIT) -> Decimal:
    """Half away from zero (Decimal's ROUND_HALF_UP), to 4 decimals unless told."""
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _french(value: Decimal) -> str:
    """``2.500000`` → ``2,5``: without trailing zeros, with a decimal comma."""
    return format(value.normalize(), "f").replace(".", ",")


def _bracket(rows: tuple[_Row, ...], bound: str, value: Decimal) -> _Row | None:
    """The first bracket whose upper bound reaches ``value``, else the last one."""
    if not rows:
        return None
    return next((r for r in rows if _d(r._mapping[bound]) >= value), rows[-1])


def _bracket_discounts(row: _Row | None, prefix: str) -> tuple[Discount, ...]:
    if row is None:
        return ()
    found = []
    for n in (1, 2, 3):
        value = _d(row._mapping[f"{prefix}_Remise{n:02d}REM_Valeur"])
        if value:
            kind = row._mapping[f"{prefix}_Remise{n:02d}REM_Type"]
            found.append(Discount(value, int(kind or 0)))
    return tuple(found)


def _percent(value: Decimal | None) -> tuple[Discount, ...]:
    return (Discount(value, _PERCENT),) if value else ()


def _base(item: _Row, t: _Tariffs) -> tuple[PriceSource, Decimal, bool]:
    """Where the base price comes from, the price, and whether it includes tax.

    A zero price is « not set » and falls through to the next source (V4).
    """
    if t.own is not None and t.own.AC_PrixVen:
        return "client", t.own.AC_PrixVen, t.own.AC_PrixTTC == 1
    if t.category is not None and t.category.AC_PrixVen:
        return "categorie", t.category.AC_PrixVen, t.category.AC_PrixTTC == 1
    return "article", _d(item.AR_PrixVen), item.AR_PrixTTC == 1


def _compute(
    client: _Row,
    item: _Row,
    t: _Tariffs,
    quantity: Decimal,
    mode: DiscountMode,
    vat_rate: Decimal | None,
) -> LinePrice:
    source, price, ttc = _base(item, t)
    steps = [PriceStep(source, f"Prix de base ({_SOURCE_LABELS[source]})", _round(price))]
    if ttc:
        if vat_rate is None:
            raise refuse(
                msg.PRICE_TTC_WITHOUT_RATE,
                "AR_PrixTTC",
                ar_ref=item.AR_Ref,
                source=_SOURCE_LABELS[source],
            )
        price = price / (1 + vat_rate / _HUNDRED)
        label = f"Prix TTC converti en HT (TVA {_french(vat_rate)} %)"
        steps.append(PriceStep(source, label, _round(price)))
    base = _round(price)
    flags = (t.own, t.category)
    if any(r is not None and r.AC_TypeRem == 1 for r in flags) or (
        t.family_category is not None and t.family_category.FT_TypeRem == 1
    ):
        steps.append(PriceStep(source, "Article hors remise : aucune remise", base))
        return _line(client, item, quantity, source, base, (), base, steps, t.stock)
    levels = _levels(client, t, base, quantity)
    chosen = [lv for lv in levels if lv[1]]
    if mode == "priority":
        chosen = chosen[:1]
    net, applied = base, []
    for level, discounts in chosen:
        for discount in discounts:
            net = _apply(net, discount)
            applied.append(discount)
            label = f"Remise {_SOURCE_LABELS[level]} {discount.label()}"
            steps.append(PriceStep(level, label, net, discount))
    return _line(client, item, quantity, source, base, tuple(applied), net, steps, t.stock)


def _levels(
    client: _Row, t: _Tariffs, base: Decimal, quantity: Decimal
) -> list[tuple[PriceSource, tuple[Discount, ...]]]:
    """Each discount level in Sage's order, with the discounts it would give."""

    def article_level(row: _Row | None, ref: str) -> tuple[Discount, ...]:
        if row is None:
            return ()
        if row.AC_QteMont:
            value = quantity if row.AC_QteMont == 1 else base * quantity
            breaks = tuple(r for r in t.item_breaks if _same(r.TQ_RefCF, ref))
            return _bracket_discounts(_bracket(breaks, "TQ_BorneSup", value), "TQ")
        return _percent(row.AC_Remise)

    family: tuple[Discount, ...] = ()
    if t.family_category is not None:
        if t.family_category.FT_QteMont:
            value = quantity if t.family_category.FT_QteMont == 1 else base * quantity
            family = _bracket_discounts(_bracket(t.family_breaks, "FQ_BorneSup", value), "FQ")
        else:
            family = _percent(t.family_category.FT_Remise)
    return [
        ("client", article_level(t.own, client.CT_Num)),
        ("categorie", article_level(t.category, category_ref(_category(client)))),
        ("famille_client", _percent(t.family_client)),
        ("famille_categorie", family),
        ("client_global", _percent(client.CT_Taux01)),
    ]


def net_unit_price(unit_price: Decimal, discounts: Iterable[Discount]) -> Decimal:
    """The unit price after ``discounts``, each in turn on what the previous one left.

    :func:`price_line`'s arithmetic once the discounts are chosen, for a line Sage already
    holds (``DL_PrixUnitaire``, ``DL_Remise01..03``): Sage stores no net unit price.
    """
    net = unit_price
    for discount in discounts:
        net = _apply(net, discount)
    return net


def _apply(price: Decimal, discount: Discount) -> Decimal:
    """A percentage on the price so far (cascade), an amount per unit; free goods: none."""
    if discount.REM_Type == _PERCENT:
        return _round(price * (1 - discount.value / _HUNDRED))
    if discount.REM_Type == _AMOUNT:
        return _round(price - discount.value)
    return price


def _line(
    client: _Row,
    item: _Row,
    quantity: Decimal,
    source: PriceSource,
    base: Decimal,
    discounts: tuple[Discount, ...],
    net: Decimal,
    steps: list[PriceStep],
    stock: Decimal,
) -> LinePrice:
    return LinePrice(
        CT_Num=client.CT_Num,
        AR_Ref=item.AR_Ref,
        quantity=quantity,
        base_source=source,
        unit_price=base,
        discounts=discounts,
        net_unit_price=net,
        amount=_round(net * quantity, _CENT),
        steps=tuple(steps),
        stock=stock,
    )
