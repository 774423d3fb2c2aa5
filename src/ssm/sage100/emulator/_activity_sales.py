"""Simulated users' sales actions: invoices created, edited, posted, transformed, deleted.

Sage rewrites documents **in place**: a transformation changes ``DO_Type`` and
``DO_Piece`` on the same header and line rows, so every action reports the header's
``cbMarq``, the key the connector tracks documents by.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from ssm.sage100.emulator._actions import (
    ActivityAction,
    insert_row,
    next_code,
    next_number,
    pick,
    update_rows,
)
from ssm.sage100.schema import F_ARTICLE, F_COMPTET, F_DOCENTETE, F_DOCLIGNE

__all__ = [
    "delete_invoice",
    "edit_line",
    "new_invoice",
    "post_invoice",
    "transform_delivery",
    "transform_order",
]

_H, _L = F_DOCENTETE.c, F_DOCLIGNE.c


def _lines_of(header: Any) -> Any:
    # Through Sage's binary piece key, which IDL_LIGNE indexes.
    return (
        (_L.DO_Domaine == header.DO_Domaine)
        & (_L.DO_Type == header.DO_Type)
        & (_L.cbDO_Piece == header.cbDO_Piece)
    )


def _retotal(conn: Connection, header: Any) -> float:
    """Recompute a header's totals from its lines, as Sage does after a line edit."""
    total = float(
        conn.execute(
            select(func.coalesce(func.sum(_L.DL_MontantHT), 0)).where(_lines_of(header))
        ).scalar_one()
    )
    update_rows(
        conn,
        F_DOCENTETE,
        _H.cbMarq == header.cbMarq,
        DO_TotalHT=round(total, 2),
        DO_TotalHTNet=round(total, 2),
        DO_TotalTTC=round(total * 1.2, 2),
        DO_NetAPayer=round(total * 1.2, 2),
    )
    return total


def new_invoice(conn: Connection, rng: random.Random) -> ActivityAction | None:
    """Create an invoice (DO_Type 6) with a few lines."""
    client = pick(conn, F_COMPTET, rng, F_COMPTET.c.CT_Type == 0, F_COMPTET.c.CT_Prospect == 0)
    if client is None or pick(conn, F_ARTICLE, rng) is None:
        return None
    piece = next_code(conn, _H.DO_Piece, "FA")
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    dl_no = next_number(conn, _L.DL_No)
    total = 0.0
    for i in range(rng.randint(1, 4)):
        item = pick(conn, F_ARTICLE, rng)
        qty = rng.randint(1, 10)
        amount = round(qty * float(item.AR_PrixVen or 0), 2)
        total += amount
        insert_row(
            conn,
            F_DOCLIGNE,
            DO_Domaine=0,
            DO_Type=6,
            DO_Piece=piece,
            CT_Num=client.CT_Num,
            DO_Date=today,
            DL_No=dl_no + i,
            DL_Ligne=(i + 1) * 1000,
            AR_Ref=item.AR_Ref,
            DL_Design=item.AR_Design,
            DL_Qte=qty,
            DL_PrixUnitaire=item.AR_PrixVen,
            DL_MontantHT=amount,
            DL_MontantTTC=round(amount * 1.2, 2),
            DL_Valorise=1,
            PF_Num="",
            DE_No=1,
            CO_No=client.CO_No,
        )
    insert_row(
        conn,
        F_DOCENTETE,
        DO_Domaine=0,
        DO_Type=6,
        DO_Piece=piece,
        DO_Date=today,
        DO_Tiers=client.CT_Num,
        CT_NumPayeur=client.CT_Num,
        CO_No=client.CO_No,
        DO_Statut=0,
        DO_Provenance=0,
        DO_Tarif=client.N_CatTarif,
        DE_No=1,
        DO_TotalHT=round(total, 2),
        DO_TotalHTNet=round(total, 2),
        DO_TotalTTC=round(total * 1.2, 2),
        DO_NetAPayer=round(total * 1.2, 2),
        DO_MontantRegle=0,
    )
    marq = conn.execute(
        select(_H.cbMarq).where(_H.DO_Domaine == 0, _H.DO_Type == 6, _H.DO_Piece == piece)
    ).scalar_one()
    return ActivityAction(
        "new_invoice",
        "invoices",
        "F_DOCENTETE",
        str(marq),
        f"facture {piece} pour {client.CT_Num} : {total:.2f} € HT",
    )


def edit_line(conn: Connection, rng: random.Random) -> ActivityAction | None:
    """Change the quantity of one line of an unposted invoice; the header's totals follow."""
    invoice = pick(conn, F_DOCENTETE, rng, _H.DO_Domaine == 0, _H.DO_Type == 6)
    if invoice is None:
        return None
    line = conn.execute(
        select(_L.cbMarq, _L.DL_Ligne, _L.DL_PrixUnitaire).where(_lines_of(invoice)).limit(1)
    ).first()
    if line is None:
        return None
    qty = rng.randint(1, 20)
    amount = round(qty * float(line.DL_PrixUnitaire or 0), 2)
    update_rows(
        conn,
        F_DOCLIGNE,
        _L.cbMarq == line.cbMarq,
        DL_Qte=qty,
        DL_MontantHT=amount,
        DL_MontantTTC=round(amount * 1.2, 2),
    )
    _retotal(conn, invoice)
    return ActivityAction(
        "edit_line",
        "invoices",
        "F_DOCLIGNE",
        str(invoice.cbMarq),
        f"facture {invoice.DO_Piece} : ligne {line.DL_Ligne} passée à {qty}",
    )


def _retype(conn: Connection, header: Any, values: dict[str, Any], **head: Any) -> None:
    update_rows(conn, F_DOCLIGNE, _lines_of(header), **values)
    update_rows(conn, F_DOCENTETE, _H.cbMarq == header.cbMarq, **values, **head)


def post_invoice(conn: Connection, rng: random.Random) -> ActivityAction | None:
    """Post an invoice to accounting: DO_Type 6 → 7 on header and lines."""
    invoice = pick(conn, F_DOCENTETE, rng, _H.DO_Domaine == 0, _H.DO_Type == 6)
    if invoice is None:
        return None
    _retype(conn, invoice, {"DO_Type": 7, "DO_DocType": 7}, DO_Statut=2)
    return ActivityAction(
        "post_invoice",
        "invoices",
        "F_DOCENTETE",
        str(invoice.cbMarq),
        f"facture {invoice.DO_Piece} comptabilisée",
    )


def _transform(conn: Connection, header: Any, to_type: int, prefix: str, trace: str) -> str:
    """Sage's transformation, in place: new type and piece on the header and its lines.

    The lines keep the old piece in ``trace`` (``DL_PieceBC``, ``DL_PieceBL``), the header
    in ``DO_PieceOrig``. Returns the new piece.
    """
    piece = next_code(conn, _H.DO_Piece, prefix)
    moved = {"DO_Type": to_type, "DO_Piece": piece, "DO_DocType": to_type}
    update_rows(conn, F_DOCLIGNE, _lines_of(header), **moved, **{trace: header.DO_Piece})
    update_rows(
        conn,
        F_DOCENTETE,
        _H.cbMarq == header.cbMarq,
        **moved,
        DO_PieceOrig=header.DO_Piece,
        DO_Statut=0,
    )
    return piece


def transform_order(conn: Connection, rng: random.Random) -> ActivityAction | None:
    """Transform an order (DO_Type 1) into a delivery note (3), in place: no stream."""
    order = pick(conn, F_DOCENTETE, rng, _H.DO_Domaine == 0, _H.DO_Type == 1)
    if order is None:
        return None
    piece = _transform(conn, order, 3, "BL", "DL_PieceBC")
    return ActivityAction(
        "transform_order",
        None,
        "F_DOCENTETE",
        str(order.cbMarq),
        f"commande {order.DO_Piece} transformée en livraison {piece}",
    )


def transform_delivery(conn: Connection, rng: random.Random) -> ActivityAction | None:
    """Invoice a delivery note (DO_Type 3 → 6) in place: it joins the invoices."""
    note = pick(conn, F_DOCENTETE, rng, _H.DO_Domaine == 0, _H.DO_Type == 3)
    if note is None:
        return None
    piece = _transform(conn, note, 6, "FA", "DL_PieceBL")
    return ActivityAction(
        "transform_delivery",
        "invoices",
        "F_DOCENTETE",
        str(note.cbMarq),
        f"livraison {note.DO_Piece} facturée en {piece}",
    )


def delete_invoice(conn: Connection, rng: random.Random) -> ActivityAction | None:
    """Delete an unposted invoice with its lines."""
    invoice = pick(conn, F_DOCENTETE, rng, _H.DO_Domaine == 0, _H.DO_Type == 6)
    if invoice is None:
        return None
    conn.execute(delete(F_DOCLIGNE).where(_lines_of(invoice)))
    conn.execute(delete(F_DOCENTETE).where(_H.cbMarq == invoice.cbMarq))
    return ActivityAction(
        "delete_invoice",
        "invoices",
        "F_DOCENTETE",
        str(invoice.cbMarq),
        f"facture {invoice.DO_Piece} supprimée",
    )
