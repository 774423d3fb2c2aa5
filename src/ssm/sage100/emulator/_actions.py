"""What a simulated Sage user's action reports, and the helpers actions share."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select

__all__ = ["ActivityAction", "next_code", "next_number", "pick"]


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


def pick(conn: Connection, table: Table, rng: random.Random, *where: Any) -> Any:
    """A random row of ``table`` (by ``cbMarq`` range: cheap on big tables), or None."""
    low, high = conn.execute(select(func.min(table.c.cbMarq), func.max(table.c.cbMarq))).one()
    if low is None:
        return None
    start = rng.randint(low, high)
    query = select(table).where(*where).order_by(table.c.cbMarq).limit(1)
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
