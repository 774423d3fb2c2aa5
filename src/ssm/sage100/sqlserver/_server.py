r"""A real Sage 100 on SQL Server (implements :class:`~ssm.sage100.Sage100Server`).

Opening one connects to nothing: the first call that needs the server does, so
``open_server(r"SRV\SAGE100")`` always succeeds and an unreachable server is one French
sentence at the first ``companies()``, ``check_login()`` or read. SQL Server itself
checks the credentials (a :class:`~ssm.sage100.SqlLogin`, or the Windows account the
connector runs as) each time a connection opens.

The Sage login check differs from the emulator's: Sage keeps a ``binary(32)``
``PROT_Hash`` whose algorithm is not public. So on SQL Server the Sage user must exist
in ``F_PROTECTIONCIAL`` (whatever its case); a user without ``PROT_Hash`` has no
password, and a non-empty one is refused as Sage would refuse it; a user *with* a
``PROT_Hash`` is accepted whatever the password typed, since it cannot be checked: the
access that matters, to the database, was checked by SQL Server.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._logins import find_login
from ssm.sage100._server import ChangeWatcher, CompanyInfo, SqlLogin
from ssm.sage100._version import SageVersion, parse_version
from ssm.sage100.errors import CompanyNotFoundError, SageConnectionError, SageLoginError
from ssm.sage100.sqlserver._discovery import discover
from ssm.sage100.sqlserver._engine import credentials, open_engine
from ssm.sage100.sqlserver._errors import Where
from ssm.sage100.sqlserver._location import SqlServerAddress
from ssm.sage100.sqlserver._registry import GESCOM_PRODUCT, read_gescom_version
from ssm.sage100.sqlserver._watch import (
    DEFAULT_INTERVAL,
    DEFAULT_SETTLE,
    SqlServerChangeWatcher,
)
from ssm.sage100.sqlserver.statements import SAGE_VERSION_ROWS

__all__ = ["SqlServer", "password_accepted", "unknown_version"]


def password_accepted(prot_hash: bytes | None, password: str) -> bool:
    """Whether Sage would take ``password`` as far as the connector can tell.

    No ``PROT_Hash``: the user has no password, only an empty one is right. A
    ``PROT_Hash``: Sage's algorithm is unknown, so any password is accepted (SQL Server
    already checked the connection's credentials).
    """
    return prot_hash is not None or password == ""


def unknown_version(rows: list[tuple[object, object, object]]) -> SageVersion:
    """The version of a Sage whose registry says nothing: unknown, so not supported.

    ``cbSysTable`` has version numbers, but how they map to product versions is
    unconfirmed (``sage100-schema.md`` §4, §9): they are shown for support, never turned
    into a major version. ``rows`` are ``(CB_Type, CB_Version, CB_DescVersion)``; the
    commercial management's (``CIAL``) is shown, else the first.
    """
    if not rows:
        return SageVersion(msg.SQLSERVER_PRODUCT, msg.SQLSERVER_VERSION_UNKNOWN, 0, False)
    chosen = next((r for r in rows if str(r[0]).strip().upper() == "CIAL"), rows[0])
    kind, version, desc = chosen
    text = msg.SQLSERVER_VERSION_CBSYSTABLE.format(
        kind=str(kind).strip(), version=version, desc=desc
    )
    return SageVersion(msg.SQLSERVER_PRODUCT, text, 0, False)


class SqlServer:
    r"""A SQL Server holding Sage 100 companies, one database each.

    Example::

        server = SqlServer(parse_location(r"SRV\SAGE100"), SqlLogin("sage_ro", "…"))
        server.companies()   # [CompanyInfo(database="BIJOU", name="Bijou SA")]
        engine = server.engine("BIJOU")

    Args:
        address: the server (:func:`parse_location`).
        login: SQL Server authentication; None is Windows integrated security.
        location: the location as the user typed it (``location`` returns it).
        registry: reads the installed version (the Windows registry by default).
        watch_interval: seconds between two reads in the watcher's periodic mode.
        watch_settle: seconds after which a statement seen in the usage stats committed.
    """

    def __init__(
        self,
        address: SqlServerAddress,
        login: SqlLogin | None = None,
        *,
        location: str | None = None,
        registry: Callable[[], str | None] = read_gescom_version,
        watch_interval: float = DEFAULT_INTERVAL,
        watch_settle: float = DEFAULT_SETTLE,
    ) -> None:
        self._address, self._login = address, login
        self._location = location or address.server
        self._registry = registry
        self._watch_interval, self._watch_settle = watch_interval, watch_settle

    @property
    def location(self) -> str:
        """The server as the user named it (never with a password)."""
        return self._location

    @property
    def address(self) -> SqlServerAddress:
        """The parsed address."""
        return self._address

    def _failed(self, exc: SQLAlchemyError) -> SageConnectionError:
        detail = msg.db_reason(exc)
        return SageConnectionError(
            msg.SQLSERVER_FAILED.format(server=self._address.server, detail=detail)
        )

    def companies(self) -> list[CompanyInfo]:
        """The databases that hold both ``F_DOCENTETE`` and ``F_ARTSTOCK``, with their names.

        Raises:
            SageConnectionError: the server could not be reached or listed.
        """
        master = open_engine(self._address, self._login, "master", pre_ping=False)
        try:
            return discover(master, self._open)
        except SQLAlchemyError as exc:
            raise self._failed(exc) from exc
        finally:
            master.dispose()

    def _open(self, database: str) -> Engine:
        return open_engine(self._address, self._login, database, pre_ping=False)

    def version(self) -> SageVersion:
        """The version the Windows registry gives, else an unknown, unsupported one.

        Raises:
            SageConnectionError: the registry said nothing and the server could not be
                reached.
        """
        found = self._registry()
        if found is not None:
            try:
                return parse_version(GESCOM_PRODUCT, found)
            except ValueError:
                pass  # an unreadable value says no more than an absent one
        companies = self.companies()
        if not companies:
            return unknown_version([])
        engine = self._open(companies[0].database)
        try:
            with engine.connect() as conn:
                rows = [tuple(r) for r in conn.execute(SAGE_VERSION_ROWS)]
        except SQLAlchemyError:
            rows = []  # no cbSysTable: the version is unknown all the same
        finally:
            engine.dispose()
        return unknown_version(rows)

    def check_login(self, database: str, user: str, password: str) -> None:
        """Check that ``user`` is a Sage login of ``database`` (see the module docstring).

        Raises:
            CompanyNotFoundError: no such database, or the login may not open it.
            SageLoginError: unknown user, or a password typed for a user who has none.
            SageConnectionError: SQL Server refused the connection or could not be read.
        """
        login = find_login(self.engine(database), database, user)
        if not password_accepted(login.PROT_Hash, password):
            raise SageLoginError(msg.LOGIN_MISMATCH.format(user=user, database=database))

    def engine(self, database: str) -> Engine:
        """An engine on one company (connects on first use); dispose it when done.

        Raises:
            CompanyNotFoundError: ``database`` is empty.
        """
        if not database.strip():
            user = credentials(self._address, self._login)[0]
            raise CompanyNotFoundError(
                msg.SQLSERVER_DATABASE_UNKNOWN.format(
                    database=database,
                    server=self._address.server,
                    who=Where(self._address, user).who(),
                )
            )
        return open_engine(self._address, self._login, database)

    def watch(self, database: str) -> ChangeWatcher:
        """Watch one company (mode chosen on the first call); close the watcher when done."""
        return SqlServerChangeWatcher(
            self._open(database),
            database,
            interval=self._watch_interval,
            settle=self._watch_settle,
        )
