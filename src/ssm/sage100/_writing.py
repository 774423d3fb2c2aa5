"""The rules every write into Sage 100 follows: validated first, then one short transaction.

A prospect or contact the CRM sends is checked against what Sage would refuse before any
statement runs, so a refusal is one French sentence naming the field (``SageWriteError``)
and never a half-written row. Then one transaction per record, rolled back on any error,
holding the write lock only for the few statements of that record.

Text columns are ``varchar(n)`` in the database's code page, Windows-1252 for a French
Sage 100: SQL Server would store any other character as « ? », and a line break breaks
Sage's one-line fields, so both are refused rather than silently changed. Sage does not
check the shape of an e-mail address (unverified), so neither does the writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._dialect import NowMinute, NowSecond
from ssm.sage100._probe import company_schema
from ssm.sage100._transaction import stamps_itself, write_transaction
from ssm.sage100.errors import SageConnectionError, SageWriteError
from ssm.sage100.schema import declared_columns, sage_type

__all__ = [
    "EMPTY_DATE",
    "check_text",
    "insert_values",
    "record_transaction",
    "refuse",
    "update_stamp",
]

#: What Sage stores in a date column left empty (``sage100-schema.md``: integrators'
#: default, unverified).
EMPTY_DATE = datetime(1753, 1, 1)
#: Filled by the database, or by its triggers: never by a writer's defaults.
_DATABASE_S = frozenset({"cbMarq", "cbCreation", "cbCreationUser"})
_VARCHAR = re.compile(r"^varchar\((\d+)\)$")


def refuse(template: str, field: str | None = None, **values: Any) -> SageWriteError:
    """A refusal of the record, its sentence filled with the field's French label."""
    label = msg.FIELD_LABELS.get(field or "", field or "")
    return SageWriteError(template.format(label=label, **values), field=field)


def check_text(table: Table, column: str, value: str, *, required: bool = False) -> None:
    """Refuse a value Sage could not store as given in ``table.column`` (a ``varchar(n)``)."""
    if required and not value.strip():
        raise refuse(msg.FIELD_REQUIRED, column)
    for char in value:
        if ord(char) < 32 or ord(char) == 127 or not _in_code_page(char):
            shown = char if char.isprintable() else f"U+{ord(char):04X}"
            raise refuse(msg.FIELD_CHARACTER, column, char=shown)
    sized = _VARCHAR.fullmatch(sage_type(table.c[column]))
    assert sized is not None, column  # every text column the CRM writes is a varchar(n)
    length = int(sized[1])
    if len(value) > length:
        raise refuse(msg.FIELD_TOO_LONG, column, length=length, actual=len(value))


def _in_code_page(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def insert_values(conn: Connection, table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` plus Sage's empty value for every other column the company has.

    Sage's own forms leave no column NULL: text is '', numbers 0, dates 1753-01-01. The
    ``cb`` twins of number keys (``cbCO_No`` for ``CO_No``) are NULL when the key is 0,
    so that their foreign keys hold without a row 0. Computed ``cb`` columns, ``cbMarq``
    and the columns with a server default are the database's; ``cbCreation`` is the
    writer's where no trigger fills it, as in :func:`ssm.sage100.emulator` actions.
    """
    present = set(company_schema(conn.engine).columns.get(table.name, ()))
    row: dict[str, Any] = {}
    for decl in declared_columns(table):
        column = table.c[decl.name]
        database_s = decl.key is not None or column.server_default or decl.name in _DATABASE_S
        if decl.name not in present or database_s:
            continue
        if decl.name in values:
            row[decl.name] = values[decl.name]
        elif decl.name.startswith("cb") and decl.name[2:] in table.c:
            row[decl.name] = values.get(decl.name[2:]) or None
        else:
            row[decl.name] = _empty(decl.sage_type)
    if "cbCreation" in present and stamps_itself(conn):
        row["cbCreation"] = NowSecond()
    return row


def _empty(kind: str) -> Any:
    if kind.startswith(("varchar", "char")):
        return ""
    if kind in ("smallint", "int"):
        return 0
    if kind.startswith("numeric"):
        return Decimal(0)
    return EMPTY_DATE if kind.endswith("datetime") else None


def update_stamp(conn: Connection) -> dict[str, Any]:
    """The ``cbModification`` an update sets itself, where no trigger stamps it."""
    return {"cbModification": NowMinute()} if stamps_itself(conn) else {}


@contextmanager
def record_transaction(engine: Engine, table: str) -> Iterator[Connection]:
    """One record's transaction; the database's errors become ours, nothing kept.

    A constraint the database enforces (a unique index raced by a Sage user) refuses the
    record (``SageWriteError``); anything else (locked, gone) is a ``SageConnectionError``
    the caller retries later.
    """
    dbapi = engine.dialect.loaded_dbapi
    try:
        with write_transaction(engine) as conn:
            yield conn
    except (IntegrityError, dbapi.IntegrityError) as exc:
        detail = msg.db_reason(exc)
        raise SageWriteError(msg.WRITE_REFUSED.format(table=table, detail=detail)) from exc
    except (SQLAlchemyError, dbapi.Error) as exc:
        detail = msg.db_reason(exc)
        raise SageConnectionError(msg.WRITE_FAILED.format(table=table, detail=detail)) from exc
