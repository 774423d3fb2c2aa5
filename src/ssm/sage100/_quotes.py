"""Quotes written into Sage 100 by SQL, exactly once, and followed back afterwards.

A quote is an ``F_DOCENTETE`` row (``DO_Domaine`` 0, ``DO_Type`` 0) with its
``F_DOCLIGNE`` rows, numbered from Sage's quote series in ``F_DOCCURRENTPIECE``.
Exactly once: the caller gives every quote a reference of its own in ``DO_Ref`` (the
CRM's quote id), stored before it writes; after a crash :func:`find_quote` finds the
quote by that reference, and :func:`create_quote` itself returns the quote already there
instead of writing a second one or taking a second number.

Emulator only: on a real Sage 100 documents are written through the Objets Métiers
(reference pricing-writing §2), which this module never ran against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from sqlalchemy import Connection, Engine, func, insert, select, update

from ssm.sage100 import messages as msg
from ssm.sage100._dialect import server_now
from ssm.sage100._pricing import Discount, LinePrice, client_for_sale, item_for_sale
from ssm.sage100._probe import company_schema
from ssm.sage100._writing import check_text, insert_values, record_transaction, refuse
from ssm.sage100.schema import (
    F_ARTICLE,
    F_COMPTET,
    F_DOCCURRENTPIECE,
    F_DOCENTETE,
    F_DOCLIGNE,
    DO_Domaine,
    DO_Type,
)

__all__ = [
    "QuoteFate",
    "QuoteHeader",
    "QuoteLine",
    "QuoteState",
    "WrittenQuote",
    "create_quote",
    "find_quote",
    "read_quote",
]

_H, _L = F_DOCENTETE.c, F_DOCLIGNE.c
_CENT = Decimal("0.01")
_UNIT = Decimal("0.0001")
#: Sage steps line numbers by 1000, so that a user can insert lines between (unverified).
_LINE_STEP = 1000
_MAX_DISCOUNTS = 3
#: On SQL Server, the counter and max + 1 reads keep their rows locked until the commit.
_LOCKED = "WITH (UPDLOCK, HOLDLOCK)"
_LINE_COLUMNS = (
    _L.AR_Ref,
    _L.DL_Qte,
    _L.DL_PrixUnitaire,
    _L.DL_MontantHT,
    *(_L[f"DL_Remise0{n}REM_{part}"] for n in (1, 2, 3) for part in ("Valeur", "Type")),
    _L.DL_Design,
)


@dataclass(frozen=True)
class QuoteHeader:
    """What the CRM decides of a quote's header; Sage's defaults fill the rest.

    ``DO_Ref`` is the caller's reservation (the CRM's quote id): unique among its quotes,
    and not a reference a Sage user would type. ``CO_No`` None is the customer's rep.
    The emulated company has no tax tables: ``vat_rate`` (percent) gives the TTC amounts.
    """

    DO_Tiers: str
    DO_Ref: str
    CO_No: int | None = None
    DE_No: int = 1
    DO_Souche: int = 0
    vat_rate: Decimal = Decimal(20)


@dataclass(frozen=True)
class QuoteLine:
    """One line as Sage stores it: item, quantity, base price, discounts, amount excl. tax.

    Build it from :func:`ssm.sage100.price_line` with :meth:`priced`, so the line carries
    Sage's own price. ``DL_Design`` None is the item's designation.
    """

    AR_Ref: str
    DL_Qte: Decimal
    DL_PrixUnitaire: Decimal
    DL_MontantHT: Decimal
    discounts: tuple[Discount, ...] = ()
    DL_Design: str | None = None

    @classmethod
    def priced(cls, line: LinePrice, DL_Design: str | None = None) -> QuoteLine:
        """The line ``price_line`` computed, unchanged."""
        return cls(
            line.AR_Ref, line.quantity, line.unit_price, line.amount, line.discounts, DL_Design
        )


@dataclass(frozen=True)
class QuoteState:
    """A sales document as Sage now has it: a quote, or the document it became."""

    cbMarq: int
    DO_Type: int
    DO_Piece: str
    DO_Ref: str
    DO_Tiers: str
    DO_Statut: int
    DO_TotalHT: Decimal
    lines: tuple[QuoteLine, ...]


@dataclass(frozen=True)
class WrittenQuote:
    """The quote :func:`create_quote` left in Sage; ``created`` False on a replay."""

    quote: QuoteState
    created: bool


#: ``quote``: still a quote; ``transformed``: an order (or later) now, in place or copied;
#: ``deleted``: gone from Sage.
QuoteStatus = Literal["quote", "transformed", "deleted"]


@dataclass(frozen=True)
class QuoteFate:
    """What became of a quote: its status and the document it is now (None if deleted)."""

    status: QuoteStatus
    document: QuoteState | None


def find_quote(engine: Engine, DO_Ref: str) -> QuoteState | None:
    """The sales document with reference ``DO_Ref`` (a quote, or what it became), or None.

    After a crash, the caller asks for the reference it stored: found, the quote had
    committed and is bound, not written twice. The oldest wins if a Sage user copied it.
    """
    with engine.connect() as conn:
        return _by_ref(conn, DO_Ref)


def create_quote(engine: Engine, header: QuoteHeader, lines: Sequence[QuoteLine]) -> WrittenQuote:
    """Write a quote and its lines in one transaction, numbered by Sage's quote series.

    Everything is checked first; then, holding the write lock, a quote already written
    with this ``DO_Ref`` is returned as is (a replay), or the next free number is taken,
    the series' counter moved past it, and header and lines inserted.

    Raises:
        SageWriteError: what Sage would refuse (unknown or blocked customer, unknown or
            sleeping item, quantity ≤ 0, more than 3 discounts, a text too long), in
            French; nothing was written.
        SageSchemaError: a company file made before ``F_DOCCURRENTPIECE`` was emulated.
        SageConnectionError: the database could not be written; nothing was.
    """
    _check(header, lines)
    company_schema(engine).require(F_DOCCURRENTPIECE.name, ("DC_Piece",))
    with record_transaction(engine, "F_DOCENTETE") as conn:
        written = _by_ref(conn, header.DO_Ref)
        if written is not None:
            return WrittenQuote(written, created=False)
        c = F_COMPTET.c
        client = client_for_sale(conn, header.DO_Tiers, c.CO_No, c.N_CatTarif, c.N_CatCompta)
        designs = [_item_design(conn, line) for line in lines]
        piece = _take_number(conn, header.DO_Souche)
        _insert(conn, header, lines, designs, piece, client)
        created = _by_ref(conn, header.DO_Ref)
        assert created is not None  # inserted just above, in this transaction
        return WrittenQuote(created, created=True)


def read_quote(engine: Engine, cbMarq: int, DO_Piece: str) -> QuoteFate:
    """What became of the quote written as ``cbMarq`` with number ``DO_Piece``.

    Sage transforms in place (``DO_Type`` 0 → 1 and a new ``DO_Piece`` on the same row,
    followed by ``cbMarq``); a transformation by copy leaves lines whose ``DL_PieceDE`` is
    the quote's number; neither and the row gone, the quote was deleted. An empty
    ``DO_Piece`` (the caller lost it) names no quote: only the transformation in place is
    seen, since every line not made from a quote has an empty ``DL_PieceDE``.
    """
    with engine.connect() as conn:
        state = _state(conn, _H.cbMarq == cbMarq)
        if state is not None and state.DO_Type == DO_Type.DEVIS:
            return QuoteFate("quote", state)
        if state is None and DO_Piece:
            state = _copied_from(conn, DO_Piece)
        return QuoteFate("deleted", None) if state is None else QuoteFate("transformed", state)


def _check(header: QuoteHeader, lines: Sequence[QuoteLine]) -> None:
    check_text(F_DOCENTETE, "DO_Ref", header.DO_Ref, required=True)
    if not lines:
        raise refuse(msg.QUOTE_EMPTY)
    for line in lines:
        if line.DL_Qte <= 0:
            raise refuse(
                msg.PRICE_QUANTITY_INVALID, "DL_Qte", quantity=line.DL_Qte, ar_ref=line.AR_Ref
            )
        if len(line.discounts) > _MAX_DISCOUNTS:
            raise refuse(
                msg.QUOTE_TOO_MANY_DISCOUNTS,
                "DL_Remise",
                ar_ref=line.AR_Ref,
                count=len(line.discounts),
            )
        if line.DL_Design is not None:
            check_text(F_DOCLIGNE, "DL_Design", line.DL_Design)


def _item_design(conn: Connection, line: QuoteLine) -> str:
    """The line's designation, once its item is known and awake."""
    row = item_for_sale(conn, line.AR_Ref, F_ARTICLE.c.AR_Design)
    return line.DL_Design if line.DL_Design is not None else str(row.AR_Design or "")


def _take_number(conn: Connection, souche: int) -> str:
    """The series' next number not used yet; the counter is moved past it.

    As integrators do: skip a number a sales header already has (a Sage user may type
    one), or that lines keep in ``DL_PieceDE`` from a quote transformed since. Called
    under the write lock, so no writer takes it twice.
    """
    d = F_DOCCURRENTPIECE.c
    series = (d.DC_Domaine == DO_Domaine.VENTES) & (d.DC_IdCol == DO_Type.DEVIS)
    series &= d.DC_Souche == souche
    current = select(d.DC_Piece).where(series).with_hint(F_DOCCURRENTPIECE, _LOCKED, "mssql")
    piece = conn.execute(current).scalar()
    if piece is None:
        raise refuse(msg.QUOTE_NUMBERING_MISSING, souche=souche)
    while _used(conn, piece):
        piece = _next(piece)
    following = _next(piece)
    conn.execute(update(F_DOCCURRENTPIECE).where(series).values(DC_Piece=following))
    return piece


def _used(conn: Connection, piece: str) -> bool:
    header = select(_H.cbMarq).where(_H.DO_Domaine == DO_Domaine.VENTES, _H.DO_Piece == piece)
    traced = select(_L.cbMarq).where(_L.DO_Domaine == DO_Domaine.VENTES, _L.DL_PieceDE == piece)
    return conn.execute(header.union_all(traced).limit(1)).first() is not None


def _next(piece: str) -> str:
    """``DE000041`` → ``DE000042``: the trailing number plus one, its width kept."""
    digits = len(piece) - len(piece.rstrip("0123456789"))
    if not digits:
        raise refuse(msg.QUOTE_NUMBERING_INVALID, piece=piece)
    number = str(int(piece[-digits:]) + 1).zfill(digits)
    following = piece[:-digits] + number
    if len(following) > 13:
        raise refuse(msg.QUOTE_NUMBERING_INVALID, piece=following)
    return following


def _insert(
    conn: Connection,
    header: QuoteHeader,
    lines: Sequence[QuoteLine],
    designs: Sequence[str],
    piece: str,
    client: Any,
) -> None:
    """Header and lines with every column Sage needs (reference §2), Sage's empties else."""
    now = server_now(conn)
    today = now.replace(hour=0, minute=0)
    rate = 1 + header.vat_rate / 100
    rep = client.CO_No if header.CO_No is None else header.CO_No
    common: dict[str, Any] = {"DO_Domaine": DO_Domaine.VENTES.value, "DO_Type": DO_Type.DEVIS.value}
    common |= {"DO_Piece": piece, "DO_Date": today, "DO_Ref": header.DO_Ref, "DO_DocType": 0}
    last = select(func.max(_L.DL_No)).with_hint(F_DOCLIGNE, _LOCKED, "mssql")
    first_line = conn.execute(last).scalar()
    total_ht = total_ttc = Decimal(0)
    for i, (line, design) in enumerate(zip(lines, designs, strict=True)):
        ttc = (line.DL_MontantHT * rate).quantize(_CENT, ROUND_HALF_UP)
        total_ht, total_ttc = total_ht + line.DL_MontantHT, total_ttc + ttc
        values = {
            **common,
            **_discounts(line.discounts),
            "CT_Num": header.DO_Tiers,
            "DL_No": (first_line or 0) + i + 1,
            "DL_Ligne": (i + 1) * _LINE_STEP,
            "AR_Ref": line.AR_Ref,
            "DL_Design": design,
            "DL_Qte": line.DL_Qte,
            "DL_QteBC": line.DL_Qte,
            "DL_QteBL": line.DL_Qte,
            "DL_PrixUnitaire": line.DL_PrixUnitaire,
            "DL_PUTTC": (line.DL_PrixUnitaire * rate).quantize(_UNIT, ROUND_HALF_UP),
            "DL_MontantHT": line.DL_MontantHT,
            "DL_MontantTTC": ttc,
            "DL_Taxe1": header.vat_rate,
            "DL_Valorise": 1,
            "DE_No": header.DE_No,
            "CO_No": rep,
        }
        conn.execute(insert(F_DOCLIGNE).values(insert_values(conn, F_DOCLIGNE, values)))
    values = {
        **common,
        "DO_Tiers": header.DO_Tiers,
        "CT_NumPayeur": header.DO_Tiers,
        "CO_No": rep,
        "DE_No": header.DE_No,
        "DO_Souche": header.DO_Souche,
        "DO_Tarif": client.N_CatTarif,
        "N_CatCompta": client.N_CatCompta,
        "CG_Num": _collective(conn, header.DO_Tiers),
        "DO_Heure": f"{now:%H%M%S}".zfill(9),
        "DO_Transaction": 11,
        "DO_Regime": 21,
        "DO_TotalHT": total_ht,
        "DO_TotalHTNet": total_ht,
        "DO_TotalTTC": total_ttc,
        "DO_NetAPayer": total_ttc,
    }
    conn.execute(insert(F_DOCENTETE).values(insert_values(conn, F_DOCENTETE, values)))


def _discounts(discounts: tuple[Discount, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for n, discount in enumerate(discounts, start=1):
        values[f"DL_Remise0{n}REM_Valeur"] = discount.value
        values[f"DL_Remise0{n}REM_Type"] = discount.REM_Type
    return values


def _collective(conn: Connection, CT_Num: str) -> str:
    c = F_COMPTET.c
    return str(conn.execute(select(c.CG_NumPrinc).where(c.CT_Num == CT_Num)).scalar() or "")


def _by_ref(conn: Connection, DO_Ref: str) -> QuoteState | None:
    return _state(conn, (_H.DO_Domaine == DO_Domaine.VENTES) & (_H.DO_Ref == DO_Ref))


def _copied_from(conn: Connection, DO_Piece: str) -> QuoteState | None:
    """The document whose lines name quote ``DO_Piece`` in ``DL_PieceDE``, if any."""
    query = select(_L.DO_Type, _L.DO_Piece).where(
        _L.DO_Domaine == DO_Domaine.VENTES, _L.DL_PieceDE == DO_Piece, _L.DO_Type != DO_Type.DEVIS
    )
    row = conn.execute(query.limit(1)).first()
    if row is None:
        return None
    where = (_H.DO_Domaine == DO_Domaine.VENTES) & (_H.DO_Type == row.DO_Type)
    return _state(conn, where & (_H.DO_Piece == row.DO_Piece))


def _state(conn: Connection, where: Any) -> QuoteState | None:
    query = select(
        _H.cbMarq,
        _H.DO_Type,
        _H.DO_Piece,
        _H.DO_Ref,
        _H.DO_Tiers,
        _H.DO_Statut,
        _H.DO_TotalHT,
        _H.cbDO_Piece,
    )
    head = conn.execute(query.where(where).order_by(_H.cbMarq).limit(1)).first()
    if head is None:
        return None
    rows = conn.execute(
        select(*_LINE_COLUMNS)
        .where(
            _L.DO_Domaine == DO_Domaine.VENTES,
            _L.DO_Type == head.DO_Type,
            _L.cbDO_Piece == head.cbDO_Piece,  # Sage's binary key, which IDL_LIGNE indexes
        )
        .order_by(_L.DL_Ligne)
    )
    lines = tuple(_line(row) for row in rows)
    return QuoteState(
        head.cbMarq,
        head.DO_Type,
        head.DO_Piece,
        head.DO_Ref,
        head.DO_Tiers,
        head.DO_Statut,
        head.DO_TotalHT,
        lines,
    )


def _line(row: Any) -> QuoteLine:
    discounts = tuple(
        Discount(getattr(row, f"DL_Remise0{n}REM_Valeur"), getattr(row, f"DL_Remise0{n}REM_Type"))
        for n in range(1, _MAX_DISCOUNTS + 1)
        if getattr(row, f"DL_Remise0{n}REM_Valeur")
    )
    return QuoteLine(
        row.AR_Ref, row.DL_Qte, row.DL_PrixUnitaire, row.DL_MontantHT, discounts, row.DL_Design
    )
