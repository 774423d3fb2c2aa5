"""What a simulated Sage user's action reports, and the helpers actions share.

Actions write the way an application writes to a real Sage 100: only the columns the
company's generation has (``DO_TotalTTC`` exists in C only), and, when the database has
no ``TG_CB*`` triggers to do it, ``cbModification`` stamped by the writer itself, to the
server's minute in local time (``NowMinute``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, insert, select, update

from ssm.sage100._dialect import NowMinute, NowSecond
from ssm.sage100._probe import company_schema
from ssm.sage100._transaction import stamps_itself

__all__ = ["ActivityAction", "insert_row", "next_code", "next_number", "pick", "update_rows"]


@dataclass(frozen=True)
class ActivityAction:
    """One simulated user action.

    Attributes:
        kind: the action (``new_client``, ``post_invoice``…).
        stream: the connector stream it changes (``users``, ``accounts``, ``contacts``,
            ``products``, ``invoices``), or None when no stream reads it (an order
            turned into a delivery note).
        table: the Sage table the action is about.
        key: the record's key as the connector sends it as ``extId``: ``CT_Num``,
            ``CT_No``, ``AR_Ref``, ``CO_No`` or the header's ``cbMarq``.
        description: a French sentence for ``ssm-sage100 activity``.
    """

    kind: str
    stream: str | None
    table: str
    key: str
    description: str


def _has(conn: Connection, table: Table) -> frozenset[str]:
    return frozenset(company_schema(conn.engine).columns.get(table.name, ()))


def _kept(conn: Connection, table: Table, values: dict[str, Any]) -> dict[str, Any]:
    present = _has(conn, table)
    return {name: value for name, value in values.items() if name in present}


def insert_row(conn: Connection, table: Table, **values: Any) -> None:
    """Insert one row, leaving out the columns the company's generation lacks.

    ``cbModification`` takes Sage's ``DEFAULT getdate()``; ``cbCreation`` (generation C)
    is filled by the writer where no trigger does it.
    """
    if stamps_itself(conn):
        values.setdefault("cbCreation", NowSecond())
    conn.execute(insert(table).values(**_kept(conn, table, values)))


def update_rows(conn: Connection, table: Table, where: ColumnElement[bool], **values: Any) -> None:
    """Update rows as an application does: existing columns only, stamped if no trigger."""
    if stamps_itself(conn):
        values["cbModification"] = NowMinute()
    conn.execute(update(table).where(where).values(**_kept(conn, table, values)))


def pick(conn: Connection, table: Table, rng: random.Random, *where: Any) -> Any:
    """A random row of ``table`` (by ``cbMarq`` range: cheap on big tables), or None."""
    low, high = conn.execute(select(func.min(table.c.cbMarq), func.max(table.c.cbMarq))).one()
    if low is None:
        return None
    start = rng.randint(low, high)
    present = _has(conn, table)
    columns = [column for column in table.c if column.name in present]
    query = select(*columns).where(*where).order_by(table.c.cbMarq).limit(1)
    row = conn.execute(query.where(table.c.cbMarq >= start)).first()
    return row or conn.execute(query).first()


def next_code(conn: Connection, column: Any, prefix: str) -> str:
    """The next code of a numbered series (``FA000123`` → ``FA000124``), as Sage numbers."""
    last = conn.execute(select(func.max(column)).where(column.like(f"{prefix}%"))).scalar()
    digits = (last or "")[len(prefix) :]
    number = int(digits) + 1 if digits.isdigit() else 1
    return f"{prefix}{number:06d}"


def next_number(conn: Connection, column: Any) -> int:
    """The next value of an integer key (``CT_No``, ``CO_No``, ``DL_No``): max + 1."""
    return int(conn.execute(select(func.max(column))).scalar() or 0) + 1
