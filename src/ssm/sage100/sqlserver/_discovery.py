"""Company discovery on a SQL Server: the databases that hold a Sage 100 company.

One statement on ``master`` lists the user databases the login may open; for each,
``OBJECT_ID`` on a three-part name tells whether it holds both ``F_DOCENTETE`` and
``F_ARTSTOCK`` (``sage100-schema.md`` §1); only those are opened, to read
``P_DOSSIER.D_RaisonSoc`` after ``COL_LENGTH`` said the column exists. A database the
login cannot open is skipped, never an error: a server hosts other applications' bases.
The rules that need no server (quoting, the name's fallback) are plain functions.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100._server import CompanyInfo
from ssm.sage100.errors import Sage100Error
from ssm.sage100.sqlserver.statements import (
    COMPANY_NAME,
    COMPANY_NAME_COLUMN,
    COMPANY_TABLES,
    USER_DATABASES,
    quote_name,
)

__all__ = ["company_info", "discover", "quote_name", "sage_tables"]


def sage_tables(database: str) -> dict[str, str]:
    """The bound parameters of :data:`COMPANY_TABLES` for ``database``."""
    base = quote_name(database)
    return {"docentete": f"{base}.dbo.F_DOCENTETE", "artstock": f"{base}.dbo.F_ARTSTOCK"}


def company_info(database: str, raw_name: object) -> CompanyInfo:
    """A company named after ``D_RaisonSoc``, or after its database when that is blank."""
    name = str(raw_name).strip() if raw_name is not None else ""
    return CompanyInfo(database=database, name=name or database)


def _candidates(master: Connection) -> list[str]:
    names = [str(n) for n in master.execute(USER_DATABASES).scalars()]
    found = []
    for name in names:
        row = master.execute(COMPANY_TABLES, sage_tables(name)).one()
        if row.docentete is not None and row.artstock is not None:
            found.append(name)
    return found


def _name(engine: Engine) -> object:
    with engine.connect() as conn:
        if conn.execute(COMPANY_NAME_COLUMN).scalar() is None:
            return None
        return conn.execute(COMPANY_NAME).scalar()


def discover(master: Engine, open_company: Callable[[str], Engine]) -> list[CompanyInfo]:
    """The companies of the server ``master`` reaches, sorted by database.

    Args:
        master: an engine on the server's ``master`` database.
        open_company: opens an engine on one database (disposed here).

    Raises:
        SageConnectionError: the server could not be reached.
        SQLAlchemyError: the databases could not be listed (the caller translates).
    """
    with master.connect() as conn:
        databases = _candidates(conn)
    found = []
    for database in databases:
        engine = open_company(database)
        try:
            raw = _name(engine)
        except (Sage100Error, SQLAlchemyError):
            raw = None  # the name is a nicety: the database is a company all the same
        finally:
            engine.dispose()
        found.append(company_info(database, raw))
    return found
