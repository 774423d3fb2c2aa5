"""What a company's database really has: its columns, learned once per engine.

Sage 100's columns vary by version (``sage100-schema.md`` §0): ``CO_Sommeil``,
``DO_TotalTTC`` or ``cbCreation`` exist in some companies and not in others, and each
company may add its own « informations libres ». So readers never assume a column: the
first read through an engine asks the database for its columns (one statement,
:class:`~ssm.sage100._dialect.ColumnCatalog`), and every read selects only what exists.
A column a stream cannot do without is *required*: its absence is one French sentence
naming the table, the column and the generation the columns point to. The others are
*optional*: an absent one reaches the mapper as an absent key.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._dialect import ColumnCatalog
from ssm.sage100.errors import SageConnectionError, SageSchemaError
from ssm.sage100.schema import METADATA, declared_columns

__all__ = ["CompanySchema", "company_schema", "forget_schema"]

_CACHE: weakref.WeakKeyDictionary[Engine, CompanySchema] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class CompanySchema:
    """The columns of one company's Sage tables, in each table's order.

    Example::

        schema = company_schema(engine)
        schema.generation                       # "B"
        schema.has("F_COLLABORATEUR", "CO_Sommeil")  # False on B
        schema.missing_optional()               # {"F_DOCENTETE": ("DO_TotalTTC", …)}
    """

    columns: Mapping[str, tuple[str, ...]]

    @property
    def generation(self) -> str:
        """``A``, ``B`` or ``C`` as the columns say (``sage100-schema.md`` §0), or ``inconnue``.

        C has ``cbCreation`` and the documents' totals including tax; B has
        ``CT_Prospect`` without them; A has neither.
        """
        tiers = self.columns.get("F_COMPTET")
        if tiers is None:
            return msg.GENERATION_UNKNOWN_LABEL
        if "cbCreation" in tiers or self.has("F_DOCENTETE", "DO_TotalTTC"):
            return "C"
        return "B" if "CT_Prospect" in tiers else "A"

    def has(self, table: str, column: str) -> bool:
        """Whether ``table`` exists and has ``column``."""
        return column in self.columns.get(table, ())

    def require(self, table: str, columns: Iterable[str]) -> None:
        """Raise :class:`SageSchemaError` for the first of ``columns`` ``table`` lacks."""
        present = self.columns.get(table)
        if present is None:
            raise SageSchemaError(msg.TABLE_MISSING.format(table=table, generation=self.generation))
        for column in columns:
            if column not in present:
                raise SageSchemaError(
                    msg.COLUMN_MISSING.format(
                        table=table, column=column, generation=self.generation
                    )
                )

    def existing(self, table: str, columns: Iterable[str]) -> tuple[str, ...]:
        """The ``columns`` that ``table`` has, in the given order."""
        present = self.columns.get(table, ())
        return tuple(c for c in columns if c in present)

    def missing_declared(self) -> dict[str, tuple[str, ...]]:
        """Per table, the declared columns (any generation) this company lacks."""
        gaps = {}
        for name, present in self.columns.items():
            lacking = tuple(
                d.name for d in declared_columns(METADATA.tables[name]) if d.name not in present
            )
            if lacking:
                gaps[name] = lacking
        return gaps

    def libres(self) -> dict[str, tuple[str, ...]]:
        """Per table, the company's « informations libres »: columns Sage itself lacks."""
        found = {}
        for name, present in self.columns.items():
            sage = {d.name for d in declared_columns(METADATA.tables[name]) if not d.libre}
            extra = tuple(c for c in present if c not in sage)
            if extra:
                found[name] = extra
        return found


def company_schema(engine: Engine) -> CompanySchema:
    """The columns of the company ``engine`` reaches, asked once and kept with the engine.

    Raises:
        SageConnectionError: the database could not be asked.
    """
    with _LOCK:
        known = _CACHE.get(engine)
    if known is not None:
        return known
    columns: dict[str, list[str]] = {}
    try:
        with engine.connect() as conn:
            for table, column in conn.execute(ColumnCatalog(sorted(METADATA.tables))):
                columns.setdefault(str(table), []).append(str(column))
    except SQLAlchemyError as exc:
        raise SageConnectionError(msg.SCHEMA_UNREADABLE.format(detail=msg.db_reason(exc))) from exc
    schema = CompanySchema({table: tuple(names) for table, names in columns.items()})
    with _LOCK:
        _CACHE[engine] = schema
    return schema


def forget_schema(engine: Engine) -> None:
    """Drop what is known of the company's columns: the next read asks again.

    Called when a read fails: if Sage was upgraded or restored under a running
    connector, the next pass learns the new columns and, if one it needs is gone, says
    so in its own sentence rather than as a database error.
    """
    with _LOCK:
        _CACHE.pop(engine, None)
