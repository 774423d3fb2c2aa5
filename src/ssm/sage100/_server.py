"""The ``Sage100Server`` protocol: what every Sage 100 server offers, emulated or real.

Like httpx's transports, readers and writers see only this protocol; each server kind
(the emulated folder in :mod:`ssm.sage100.emulator`, later SQL Server over ODBC) is one
implementation, and :func:`open_server` picks it from the location.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlalchemy import Engine

from ssm.sage100._version import SageVersion

__all__ = ["CompanyInfo", "Sage100Server", "open_server"]


@dataclass(frozen=True)
class CompanyInfo:
    """One Sage company: its database and its name (``P_DOSSIER.D_RaisonSoc``)."""

    database: str
    name: str


@runtime_checkable
class Sage100Server(Protocol):
    """A Sage 100 installation: its companies, its version, its logins.

    Example::

        server = open_server("/srv/sage")
        for company in server.companies():
            print(company.database, company.name)
        server.check_login("BIJOU", "Administrateur", "secret")
        engine = server.engine("BIJOU")   # the caller disposes it
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
        """Check a Sage user's password; raise :class:`SageLoginError` if wrong."""
        ...

    def engine(self, database: str) -> Engine:
        """Open a SQLAlchemy engine on one company; the caller disposes it."""
        ...


def open_server(location: str | Path) -> Sage100Server:
    """Open the Sage 100 server at ``location`` (today: an emulated server folder).

    Raises:
        ServerNotFoundError: ``location`` is not a Sage 100 server.
    """
    from ssm.sage100.emulator import EmulatedServer

    return EmulatedServer(location)
