"""The ``Sage100Server`` protocol: what every Sage 100 server offers, emulated or real.

Like httpx's transports, readers and writers see only this protocol; each server kind
(the emulated folder in :mod:`ssm.sage100.emulator`, SQL Server in
:mod:`ssm.sage100.sqlserver`) is one implementation, and
:func:`~ssm.sage100.open_server` picks it from the location through the registry of
server kinds (``_servers.py``). This module knows none of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from sqlalchemy import Engine

from ssm.sage100._version import SageVersion

__all__ = ["ChangeWatcher", "CompanyInfo", "Sage100Server", "SqlLogin"]


@dataclass(frozen=True)
class SqlLogin:
    """A SQL Server login and its password, for SQL Server authentication.

    Without one, a SQL Server is reached with Windows integrated security (the account
    the connector runs as). The emulated server needs none. ``repr`` hides the password.
    """

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class CompanyInfo:
    """One Sage company: its database and its name (``P_DOSSIER.D_RaisonSoc``)."""

    database: str
    name: str


class ChangeWatcher(ABC):
    """Tells, for microseconds a call, whether anything may have changed in one company.

    The connector polls it several times a second and reads Sage only when it says True, so an
    idle Sage costs an idle connector nothing. False means nothing was committed since
    the previous call; True may be a false alarm (a change to a table no stream reads).
    The first call returns True.

    Example::

        with server.watch("PME") as watcher:
            while True:
                if watcher.changed():
                    sync_once(...)
                time.sleep(1)
    """

    @abstractmethod
    def changed(self) -> bool:
        """True when something may have been committed since the previous call.

        Raises:
            SageConnectionError: the database could not be asked.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the watcher's connection (idempotent)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@runtime_checkable
class Sage100Server(Protocol):
    """A Sage 100 installation: its companies, its version, its logins.

    Example::

        server = open_server("/srv/sage")
        for company in server.companies():
            print(company.database, company.name)
        server.check_login("BIJOU", "Administrateur", "secret")
        engine = server.engine("BIJOU")   # the caller disposes it
        watcher = server.watch("BIJOU")   # the caller closes it
    """

    @property
    def location(self) -> str:
        """Where the server is (a folder for the emulator, a host for SQL Server)."""
        ...

    def companies(self) -> list[CompanyInfo]:
        """List the companies: databases holding both ``F_DOCENTETE`` and ``F_ARTSTOCK``."""
        ...

    def version(self) -> SageVersion:
        """Detect the installed Sage 100 version."""
        ...

    def check_login(self, database: str, user: str, password: str) -> None:
        """Check that ``user`` is a Sage login of ``database`` and may log in.

        Raises:
            SageLoginError: unknown user, or wrong password (a sentence for each).
        """
        ...

    def engine(self, database: str) -> Engine:
        """Open a SQLAlchemy engine on one company; the caller disposes it."""
        ...

    def watch(self, database: str) -> ChangeWatcher:
        """Watch one company for commits; the caller closes the watcher."""
        ...
