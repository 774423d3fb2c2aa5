"""The small language the Sage tables are declared in, and its translation to SQLAlchemy.

A table is a block of lines ``NAME TYPE [!]`` copied from the schema reference
(``docs/emulator.md`` lists them): ``CT_Num varchar(17) !`` is a NOT NULL
``varchar(17)``; ``CT_Statistique01..10 varchar(21)`` declares ten columns. The Sage type
is kept on each column (``column.info["sage_type"]``) for the docs and the tests; the
SQLAlchemy type is derived from it, so one declaration feeds the emulator's DDL, the
readers and the documentation.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import CHAR, Column, Index, Integer, MetaData, SmallInteger, String, Table, text
from sqlalchemy.types import TypeEngine

from ssm.sage100._dialect import SageDateTime, SageNumeric

__all__ = ["METADATA", "sage_table", "sage_type"]

#: Every Sage table declared by this package.
METADATA = MetaData()

_LINE = re.compile(
    r"^(?P<name>\w+?)(?:(?P<first>\d+)\.\.(?P<last>\d+))?\s+(?P<type>\S+)\s*(?P<nn>!)?$"
)
_SIZED = re.compile(r"^(varchar|char)\((\d+)\)$")

#: Technical columns of every ``F_`` table (reference §2), after the business columns.
_F_TECHNICAL = """
cbMarq int !
cbModification smalldatetime
cbCreation datetime
cbCreationUser uniqueidentifier
cbCreateur char(4)
cbProt smallint
cbReplication int
cbFlag smallint
"""

#: Technical columns of ``P_`` parameter lists: an index into the list, then the row id.
_P_TECHNICAL = """
cbIndice smallint !
cbMarq int !
"""

_DEFAULTS = {"cbCreateur": "'CSQL'", "cbProt": "0", "cbReplication": "0", "cbFlag": "0"}


def _sa_type(sage_type: str) -> TypeEngine[Any]:
    sized = _SIZED.match(sage_type)
    if sized:
        length = int(sized.group(2))
        return CHAR(length) if sized.group(1) == "char" else String(length)
    types: dict[str, TypeEngine[Any]] = {
        "smallint": SmallInteger(),
        "int": Integer(),
        "numeric(24,6)": SageNumeric(),
        "datetime": SageDateTime(),
        "smalldatetime": SageDateTime(small=True),
        "uniqueidentifier": String(36),
    }
    try:
        return types[sage_type]
    except KeyError:
        raise ValueError(f"unknown Sage type {sage_type!r}") from None


def _parse(block: str) -> list[tuple[str, str, bool]]:
    columns: list[tuple[str, str, bool]] = []
    for raw in block.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise ValueError(f"bad column declaration {line!r}")
        sage_type = "numeric(24,6)" if match["type"] == "numeric" else match["type"]
        names = [match["name"]]
        if match["first"] is not None:
            width = len(match["first"])
            numbers = range(int(match["first"]), int(match["last"]) + 1)
            names = [f"{match['name']}{n:0{width}d}" for n in numbers]
        columns.extend((name, sage_type, match["nn"] is not None) for name in names)
    return columns


def sage_table(
    name: str,
    columns: str,
    *,
    indexes: tuple[tuple[str, tuple[str, ...], bool], ...] = (),
    technical: bool = True,
) -> Table:
    """Declare a Sage table from column lines, adding the technical columns of its kind.

    Args:
        name: the Sage table name (``F_COMPTET``).
        columns: one ``NAME TYPE [!]`` line per column, as in the reference.
        indexes: Sage's own indexes, as ``(name, columns, unique)``.
        technical: add ``cbMarq``/``cbModification``… (``F_``) or ``cbIndice``/``cbMarq``
            (``P_``); False for system tables such as ``cbSysTable``.

    Returns:
        The table, registered in :data:`METADATA`.
    """
    declared = _parse(columns)
    if technical:
        declared += _parse(_P_TECHNICAL if name.startswith("P_") else _F_TECHNICAL)
    cols: list[Column[Any]] = []
    for col_name, sage_type, not_null in declared:
        default = _DEFAULTS.get(col_name) if technical else None
        cols.append(
            Column(
                col_name,
                _sa_type(sage_type),
                primary_key=col_name == "cbMarq",
                autoincrement=col_name == "cbMarq",
                nullable=not not_null and col_name != "cbMarq",
                server_default=text(default) if default is not None else None,
                info={"sage_type": "int identity" if col_name == "cbMarq" else sage_type},
            )
        )
    table = Table(name, METADATA, *cols, sqlite_autoincrement=technical)
    for index_name, index_columns, unique in indexes:
        Index(index_name, *(table.c[c] for c in index_columns), unique=unique)
    return table


def sage_type(column: Column[Any]) -> str:
    """Return a column's type as Sage declares it (``varchar(17)``, ``numeric(24,6)``…)."""
    return str(column.info["sage_type"])
