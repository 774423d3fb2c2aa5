"""Every statement only a SQL Server runs, in one place, each a named constant.

The readers' statements are SQLAlchemy constructs shared with the emulator (``_read``,
``_composite``, ``_keys``, ``_probe``…); what follows is what exists on SQL Server alone:
the session settings, company discovery, version tables, Change Tracking and index usage
statistics. Keeping them here, as module-level constants, lets
``tests/sage100/test_statements_tsql.py`` walk them all and parse each with sqlglot's
T-SQL dialect: none of them has met a live SQL Server in this project's tests unless
``SSM_TEST_MSSQL_URL`` was set (see ``docs/sqlserver.md``).

Table names in the statements are the package's own declared ones, never user input;
values (database names in discovery) are bound parameters.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Table, TextClause, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable

from ssm.sage100._check import READER_SPECS
from ssm.sage100._composite import ARTICLE_PARTS, DOCUMENT_PARTS
from ssm.sage100.schema import P_DOSSIER, cbSysTable

__all__ = [
    "CHANGE_TRACKED_TABLES",
    "CHANGE_TRACKING_ENABLED",
    "CHANGE_TRACKING_VERSION",
    "COMPANY_NAME",
    "COMPANY_NAME_COLUMN",
    "COMPANY_TABLES",
    "INDEX_USAGE",
    "LOCK_TIMEOUT_MS",
    "SAGE_VERSION_ROWS",
    "SESSION_SETTINGS",
    "USER_DATABASES",
    "WATCHED_TABLES",
    "IdentityInsert",
    "create_database",
    "drop_database",
    "enable_change_tracking",
    "quote_name",
    "track_table",
]

#: How long a statement waits for a lock a Sage user holds before giving up (error
#: 1222): the reader fails this round, the sync retries later, the Sage user never waits
#: for the connector.
LOCK_TIMEOUT_MS: Final = 5000

#: Sent once per new connection (every driver): a lock wait is capped, and in a deadlock
#: SQL Server picks the connector's statement as the victim, never a Sage user's.
SESSION_SETTINGS: Final[TextClause] = text(
    f"SET LOCK_TIMEOUT {LOCK_TIMEOUT_MS}; SET DEADLOCK_PRIORITY LOW"
)

# --- Discovery (``sage100-schema.md`` §1) ----------------------------------------------
#: Databases that may hold a company: user databases (id above 4), online (state 0),
#: that the login may open. Run on ``master``.
USER_DATABASES: Final[TextClause] = text(
    "SELECT name FROM sys.databases"
    " WHERE database_id > 4 AND state = 0 AND HAS_DBACCESS(name) = 1"
    " ORDER BY name"
)
#: Object ids of Sage's two tables in one database (three-part names, bound): a company
#: holds both ``F_DOCENTETE`` and ``F_ARTSTOCK``. Run on ``master``, once per database.
COMPANY_TABLES: Final[TextClause] = text(
    "SELECT OBJECT_ID(:docentete, 'U') AS docentete, OBJECT_ID(:artstock, 'U') AS artstock"
)
#: Whether ``P_DOSSIER.D_RaisonSoc`` exists (its byte length, or NULL), in the company.
COMPANY_NAME_COLUMN: Final[TextClause] = text(
    "SELECT COL_LENGTH('dbo.P_DOSSIER', 'D_RaisonSoc') AS length"
)
#: The company's name, read in the company once the column is known to exist.
COMPANY_NAME: Final = select(P_DOSSIER.c.D_RaisonSoc).limit(1)

# --- Version (``sage100-schema.md`` §4) ------------------------------------------------
#: Sage's version numbers per base type (``CIAL``, ``CPTA``): shown, never trusted, since
#: their mapping to product versions is unconfirmed.
SAGE_VERSION_ROWS: Final = select(
    cbSysTable.c.CB_Type, cbSysTable.c.CB_Version, cbSysTable.c.CB_DescVersion
).order_by(cbSysTable.c.CB_Type)

# --- Change watcher --------------------------------------------------------------------
#: The tables the readers read: a commit to any other table is no change to watch.
WATCHED_TABLES: Final[tuple[str, ...]] = tuple(
    sorted({spec.table for spec in READER_SPECS} | set(ARTICLE_PARTS) | set(DOCUMENT_PARTS))
)
_WATCHED_IDS = ", ".join(f"OBJECT_ID('dbo.{name}')" for name in WATCHED_TABLES)

#: 1 when a DBA enabled Change Tracking on the current database.
CHANGE_TRACKING_ENABLED: Final[TextClause] = text(
    "SELECT COUNT(*) FROM sys.change_tracking_databases WHERE database_id = DB_ID()"
)
#: The ``dbo`` tables Change Tracking follows in the current database.
CHANGE_TRACKED_TABLES: Final[TextClause] = text(
    "SELECT t.name FROM sys.change_tracking_tables AS c"
    " JOIN sys.tables AS t ON t.object_id = c.object_id"
    " WHERE SCHEMA_NAME(t.schema_id) = 'dbo'"
)
#: The version of the last transaction committed to a tracked table (NULL if none).
CHANGE_TRACKING_VERSION: Final[TextClause] = text(
    "SELECT CHANGE_TRACKING_CURRENT_VERSION() AS version"
)
#: The last insert, update or delete statement on a watched table since SQL Server
#: started, and the server's clock. Needs VIEW SERVER STATE (VIEW SERVER PERFORMANCE
#: STATE from SQL Server 2022); the statistics are kept in memory and reset at restart.
INDEX_USAGE: Final[TextClause] = text(
    "SELECT MAX(s.last_user_update) AS last_update, SYSDATETIME() AS now"
    " FROM sys.dm_db_index_usage_stats AS s"
    f" WHERE s.database_id = DB_ID() AND s.object_id IN ({_WATCHED_IDS})"
)


# --- Test companies (``create_company``, ``copy_company``: the live suite only) --------
def quote_name(name: str) -> str:
    """``name`` as T-SQL's ``QUOTENAME`` writes it: ``[Ma Base]``, ``]`` doubled."""
    return "[" + name.replace("]", "]]") + "]"


def create_database(name: str) -> TextClause:
    """``CREATE DATABASE``: the live suite's throwaway company (needs ``dbcreator``)."""
    return text(f"CREATE DATABASE {quote_name(name)}")


def drop_database(name: str) -> TextClause:
    """Drop the live suite's database, closing the sessions still on it."""
    quoted = quote_name(name)
    return text(
        f"ALTER DATABASE {quoted} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE {quoted}"
    )


def enable_change_tracking(name: str) -> TextClause:
    """What a DBA runs to let the watcher use Change Tracking (then :func:`track_table`)."""
    return text(
        f"ALTER DATABASE {quote_name(name)} SET CHANGE_TRACKING = ON"
        " (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON)"
    )


def track_table(table: str) -> TextClause:
    """Track one table of the current database (one per :data:`WATCHED_TABLES`)."""
    return text(f"ALTER TABLE dbo.{quote_name(table)} ENABLE CHANGE_TRACKING")


class IdentityInsert(Executable, ClauseElement):
    """``SET IDENTITY_INSERT <table> ON|OFF``: lets a copy keep each row's ``cbMarq``.

    A construct rather than text, so the table name is quoted by the dialect; it
    compiles for SQL Server only (SQLite has no such statement).
    """

    inherit_cache = False

    def __init__(self, table: Table, on: bool) -> None:
        self.table, self.on = table, on


@compiles(IdentityInsert, "mssql")
def _identity_insert(element: IdentityInsert, compiler: SQLCompiler, **_kw: Any) -> str:
    name = compiler.preparer.format_table(element.table)
    return f"SET IDENTITY_INSERT {name} {'ON' if element.on else 'OFF'}"
