"""Build a test company on a SQL Server: Sage's tables, then an emulated company's rows.

For the live suite (``tests/sage100/test_sqlserver_live.py``) only: a real Sage 100
creates its own databases. :func:`create_company` creates one generation's tables from
:func:`~ssm.sage100.schema.metadata_for` (Sage's computed ``cb*`` key columns, its
indexes, ``cbMarq`` as ``IDENTITY`` primary key, ``cbModification DEFAULT getdate()``)
and no trigger, like ``ssm-sage100 generate --no-triggers``: writers stamp
``cbModification`` themselves. :func:`copy_company` then copies an emulated company in,
table by table, keeping every ``cbMarq``.
"""

from __future__ import annotations

from itertools import islice

from sqlalchemy import Engine, MetaData, insert, select

from ssm.sage100._probe import company_schema
from ssm.sage100.schema import DEFAULT_GENERATION, Generation, metadata_for
from ssm.sage100.sqlserver.statements import IdentityInsert

__all__ = ["copy_company", "create_company"]

#: Rows per executemany: SQLAlchemy batches them within SQL Server's 2,100 parameters.
_BATCH = 500


def create_company(engine: Engine, generation: Generation = DEFAULT_GENERATION) -> MetaData:
    """Create a company's tables and indexes of ``generation`` in ``engine``'s database.

    Returns:
        The generation's metadata, for :func:`copy_company`.
    """
    metadata = metadata_for(generation)
    metadata.create_all(engine)
    return metadata


def copy_company(source: Engine, target: Engine, metadata: MetaData) -> dict[str, int]:
    """Copy every table of ``metadata`` from ``source`` (an emulated company) to ``target``.

    Computed columns are left to the target; ``cbMarq`` is copied under
    ``SET IDENTITY_INSERT``. Columns the source lacks are left NULL.

    Returns:
        Rows copied per table.
    """
    present = company_schema(source).columns
    counts: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        for table in metadata.sorted_tables:
            if table.name not in present:
                continue
            names = [
                c.name for c in table.c if c.computed is None and c.name in present[table.name]
            ]
            result = src.execute(select(*(table.c[n] for n in names)).order_by(*table.primary_key))
            rows = (dict(zip(names, row, strict=True)) for row in result)
            identity = "cbMarq" in names
            if identity:
                dst.execute(IdentityInsert(table, True))
            counts[table.name] = 0
            while batch := list(islice(rows, _BATCH)):
                dst.execute(insert(table), batch)
                counts[table.name] += len(batch)
            if identity:
                dst.execute(IdentityInsert(table, False))
    return counts
