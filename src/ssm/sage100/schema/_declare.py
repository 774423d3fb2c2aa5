"""The small language the Sage tables are declared in, and its translation to SQLAlchemy.

A table is a block of lines copied from a real Sage 100 database, in Sage's column order
(``docs/emulator.md`` says where they come from)::

    CT_Num varchar(17) !                    a NOT NULL varchar(17)
    cbCT_Num varbinary(18) = CT_Num         Sage's computed binary copy, for its indexes
    cbCO_Nom varbinary(36) = isnull(CO_Nom) the same, NULL read as ''
    CT_Statistique01..10 varchar(21)        ten columns
    cbMarq int identity                     the row id, primary key PK_CBMARQ_<table>
    DO_TotalTTC numeric @C                  only from schema generation C
    [REP TEL] varchar(21) libre             an « information libre » (a custom column)

One declaration holds every generation's columns (:data:`METADATA`, what readers build
their statements from); :func:`metadata_for` gives one generation's tables, what the
emulator creates. The Sage type is kept on each column (``column.info["sage_type"]``) for
the docs and the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from sqlalchemy import (
    CHAR,
    Column,
    Computed,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    text,
)
from sqlalchemy.types import TypeEngine

from ssm.sage100._dialect import (
    BinaryKey,
    InsertStamp,
    KeyKind,
    SageBinary,
    SageDateTime,
    SageGuid,
    SageNumeric,
)

__all__ = [
    "DEFAULT_GENERATION",
    "GENERATIONS",
    "METADATA",
    "ColumnDecl",
    "Generation",
    "declared_columns",
    "metadata_for",
    "sage_table",
    "sage_type",
]

#: Schema generations the emulator can produce (``sage100-schema.md`` §0).
Generation = Literal["B", "C"]
GENERATIONS: tuple[Generation, ...] = get_args(Generation)
#: B: the generation scaffolded from a real database (the reference's [S2]), and the
#: stricter one: C only adds columns. What works on B works on C.
DEFAULT_GENERATION: Generation = "B"

#: Every Sage table declared by this package, with the columns of every generation.
METADATA = MetaData()

_LINE = re.compile(
    r"^(?P<name>\[[^\]]+\]|\w+?)(?:(?P<first>\d+)\.\.(?P<last>\d+))?"
    r"\s+(?P<type>int identity|\S+)"
    r"(?P<nn>\s+!)?"
    r"(?:\s+=\s+(?P<expr>\S+))?"
    r"(?P<since>\s+@C)?"
    r"(?P<libre>\s+libre)?$"
)
_SIZED = re.compile(r"^(varchar|char|varbinary|binary)\((\d+)\)$")
_KEY = re.compile(r"^(?:(?P<fn>isnull|upper|pad)\((?P<arg>\w+)\)|(?P<z>\w+)\+'z'|(?P<copy>\w+))$")

#: Server defaults of Sage's technical columns ([S2]): ``cbModification`` is stamped by
#: ``DEFAULT getdate()`` at insert; nothing but a trigger or the writer changes it later.
_DEFAULTS: dict[str, Any] = {
    "cbCreateur": text("'CSQL'"),
    "cbProt": text("0"),
    "cbReplication": text("0"),
    "cbFlag": text("0"),
}


@dataclass(frozen=True)
class ColumnDecl:
    """One declared column: its Sage type, and where it comes from."""

    name: str
    sage_type: str
    not_null: bool = False
    key: tuple[KeyKind, str] | None = None
    since: Generation = "B"
    libre: bool = False

    def exists_in(self, generation: Generation) -> bool:
        """Whether a company of ``generation`` has this column."""
        return GENERATIONS.index(self.since) <= GENERATIONS.index(generation)


def _sa_type(sage_type: str) -> TypeEngine[Any]:
    sized = _SIZED.match(sage_type)
    if sized:
        kind, length = sized.group(1), int(sized.group(2))
        if kind == "char":
            return CHAR(length)
        if kind == "varchar":
            return String(length)
        return SageBinary(length, fixed=kind == "binary")
    types: dict[str, TypeEngine[Any]] = {
        "smallint": SmallInteger(),
        "int": Integer(),
        "int identity": Integer(),
        "numeric(24,6)": SageNumeric(),
        "datetime": SageDateTime(),
        "smalldatetime": SageDateTime(small=True),
        "uniqueidentifier": SageGuid(),
    }
    try:
        return types[sage_type]
    except KeyError:
        raise ValueError(f"unknown Sage type {sage_type!r}") from None


def _key(expr: str) -> tuple[KeyKind, str]:
    match = _KEY.match(expr)
    if match is None:
        raise ValueError(f"bad computed key {expr!r}")
    if match["fn"]:
        return cast(KeyKind, match["fn"]), match["arg"]
    if match["z"]:
        return "z", match["z"]
    return "copy", match["copy"]


def _parse(block: str) -> list[ColumnDecl]:
    columns: list[ColumnDecl] = []
    for raw in block.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise ValueError(f"bad column declaration {line!r}")
        name = match["name"].strip("[]")
        names = [name]
        if match["first"] is not None:
            width = len(match["first"])
            numbers = range(int(match["first"]), int(match["last"]) + 1)
            names = [f"{name}{n:0{width}d}" for n in numbers]
        for each in names:
            columns.append(
                ColumnDecl(
                    name=each,
                    sage_type="numeric(24,6)" if match["type"] == "numeric" else match["type"],
                    not_null=match["nn"] is not None,
                    key=_key(match["expr"]) if match["expr"] else None,
                    since="C" if match["since"] else "B",
                    libre=match["libre"] is not None,
                )
            )
    return columns


def _column(decl: ColumnDecl) -> Column[Any]:
    sa_type = _sa_type(decl.sage_type)
    identity = decl.sage_type == "int identity"
    computed = None
    if decl.key is not None:
        length = getattr(sa_type, "length", 0)
        computed = Computed(BinaryKey(decl.key[0], decl.key[1], length), persisted=False)
    default = InsertStamp() if decl.name == "cbModification" else _DEFAULTS.get(decl.name)
    column: Column[Any] = Column(
        decl.name,
        sa_type,
        *(() if computed is None else (computed,)),
        autoincrement=identity,
        nullable=not (decl.not_null or identity),
        server_default=default,
        info={"sage_type": decl.sage_type, "declared": decl},
    )
    return column


def _build(
    metadata: MetaData,
    name: str,
    columns: list[ColumnDecl],
    indexes: tuple[tuple[str, tuple[str, ...], bool], ...],
) -> Table:
    cols = [_column(decl) for decl in columns]
    args: list[Any] = list(cols)
    if any(c.name == "cbMarq" for c in cols):
        args.append(PrimaryKeyConstraint("cbMarq", name=f"PK_CBMARQ_{name}"))
    # No OUTPUT inserted.cbMarq on SQL Server: it refuses one on a table with triggers
    # (error 334), and every Sage table has some.
    table = Table(
        name,
        metadata,
        *args,
        sqlite_autoincrement="cbMarq" in {c.name for c in cols},
        implicit_returning=False,
    )
    for index_name, index_columns, unique in indexes:
        if all(c in table.c for c in index_columns):
            Index(index_name, *(table.c[c] for c in index_columns), unique=unique)
    table.info["indexes"] = indexes
    table.info["declared"] = tuple(columns)
    return table


def sage_table(
    name: str,
    columns: str,
    *,
    indexes: tuple[tuple[str, tuple[str, ...], bool], ...] = (),
) -> Table:
    """Declare a Sage table from its column lines, in Sage's order.

    Args:
        name: the Sage table name (``F_COMPTET``).
        columns: one line per column, in the language of the module docstring.
        indexes: Sage's own indexes, as ``(name, columns, unique)``; an index over a
            column a generation lacks is left out of that generation.

    Returns:
        The table with every generation's columns, registered in :data:`METADATA`.
    """
    return _build(METADATA, name, _parse(columns), indexes)


def declared_columns(table: Table) -> tuple[ColumnDecl, ...]:
    """The declaration of every column of a table of :data:`METADATA`, in Sage's order."""
    return cast(tuple[ColumnDecl, ...], table.info["declared"])


def metadata_for(generation: Generation) -> MetaData:
    """The tables as a company of ``generation`` has them: its columns and indexes only."""
    metadata = MetaData()
    for table in METADATA.tables.values():
        kept = [decl for decl in declared_columns(table) if decl.exists_in(generation)]
        _build(metadata, table.name, kept, table.info["indexes"])
    return metadata


def sage_type(column: Column[Any]) -> str:
    """Return a column's type as Sage declares it (``varchar(17)``, ``numeric(24,6)``…)."""
    return str(column.info["sage_type"])
