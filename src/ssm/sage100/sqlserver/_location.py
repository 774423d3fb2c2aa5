r"""Where a SQL Server is: the addresses a user types, and the URLs a DBA may give.

A Sage 100 reseller names a SQL Server the way SQL Server Management Studio does:
``SERVEUR\SAGE100`` (a named instance, found through the SQL Server Browser),
``serveur``, ``serveur,1433`` or ``serveur:1433``; ``.`` and ``(local)`` are this
machine. A DBA who needs another driver gives a SQLAlchemy URL instead
(``mssql+pyodbc://serveur/?driver=ODBC+Driver+18+for+SQL+Server``). Either way the
password never travels in the location: it comes only from
:class:`~ssm.sage100.SqlLogin`, so a location can be logged, shown and kept in the
connector's settings as it is. A URL holding a password is refused, with a sentence
that does not repeat it.

An existing folder is never a SQL Server: it stays the emulator's, even where its name
would read as a host (``srv``) or, on Windows, as ``SERVEUR\SAGE100``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ssm.sage100 import messages as msg
from ssm.sage100.errors import SageConnectionError

__all__ = [
    "DEFAULT_DRIVER",
    "DEFAULT_PORT",
    "SqlServerAddress",
    "is_sql_server_location",
    "parse_location",
]

#: The driver used for typed addresses and ``mssql://`` URLs: pymssql's wheels bundle
#: FreeTDS, so it installs from PyPI alone (no Microsoft apt repository, no ODBC).
DEFAULT_DRIVER = "mssql+pymssql"
#: SQL Server's default TCP port (a default instance; named instances use their own).
DEFAULT_PORT = 1433

_HOST = r"(?:\.|\(local\)|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"
_ADDRESS = re.compile(
    rf"^(?P<host>{_HOST})(?:\\(?P<instance>[A-Za-z_][A-Za-z0-9_$#]{{0,15}}))?"
    r"(?:[,:](?P<port>\d{1,5}))?$"
)
_URL = re.compile(r"^mssql(?:\+[A-Za-z0-9_]+)?://", re.IGNORECASE)


@dataclass(frozen=True)
class SqlServerAddress:
    r"""A SQL Server to reach: host, named instance, port, driver and driver options.

    Example::

        parse_location(r"SRV\SAGE100")
        # SqlServerAddress(host="SRV", instance="SAGE100", port=None,
        #                  driver="mssql+pymssql", user=None, query={})

    ``user`` is the SQL login a URL names (``mssql+pymssql://sa@srv``), used when no
    :class:`~ssm.sage100.SqlLogin` is given; ``query`` holds a URL's driver options
    (``driver``, ``TrustServerCertificate``, ``encryption``…), passed on unchanged.
    """

    host: str
    instance: str | None = None
    port: int | None = None
    driver: str = DEFAULT_DRIVER
    user: str | None = None
    query: tuple[tuple[str, str | tuple[str, ...]], ...] = ()

    @property
    def server(self) -> str:
        r"""The server as SQL Server tools write it (``SRV\SAGE100``, ``srv,1433``)."""
        name = self.host + (f"\\{self.instance}" if self.instance else "")
        return f"{name},{self.port}" if self.port is not None else name

    @property
    def network_host(self) -> str:
        r"""The host the driver is given: ``SRV\SAGE100`` for an instance, else the host.

        A port, when given, wins over the instance (no SQL Server Browser lookup), as
        in SQL Server's own tools.
        """
        host = "localhost" if self.host in (".", "(local)") else self.host
        if self.instance and self.port is None:
            return f"{host}\\{self.instance}"
        return host


def _refuse_password(url: URL) -> None:
    if url.password is not None:
        shown = url.render_as_string(hide_password=True)  # the password as ***
        raise SageConnectionError(msg.SQLSERVER_URL_REFUSED.format(url=shown))


def _from_url(text: str) -> SqlServerAddress:
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise SageConnectionError(msg.SQLSERVER_LOCATION_INVALID.format(location=text)) from exc
    _refuse_password(url)
    driver = url.drivername.lower()
    if driver == "mssql":
        driver = DEFAULT_DRIVER
    raw = unquote(url.host or "")
    match = _ADDRESS.match(raw)
    if not raw or match is None:
        raise SageConnectionError(msg.SQLSERVER_LOCATION_INVALID.format(location=text))
    port = url.port if url.port is not None else match["port"]
    return SqlServerAddress(
        host=match["host"],
        instance=match["instance"],
        port=int(port) if port is not None else None,
        driver=driver,
        user=url.username or None,
        query=tuple(sorted(url.query.items())),
    )


def parse_location(location: str) -> SqlServerAddress | None:
    r"""The SQL Server ``location`` names, or None when it names none.

    Args:
        location: ``SRV\SAGE100``, ``srv``, ``srv,1433``, ``srv:1433``, ``.\SAGE100``,
            or a ``mssql://`` / ``mssql+<driver>://`` URL without password.

    Raises:
        SageConnectionError: a ``mssql`` URL that holds a password or cannot be read.
    """
    text = location.strip()
    if _URL.match(text):
        return _from_url(text)
    match = _ADDRESS.match(text)
    if match is None:
        return None
    port = match["port"]
    if port is not None and not 0 < int(port) < 65536:
        return None
    return SqlServerAddress(
        host=match["host"], instance=match["instance"], port=int(port) if port else None
    )


def is_sql_server_location(location: str) -> bool:
    r"""Whether ``location`` names a SQL Server rather than an emulated server's folder.

    An existing folder is always the emulator's. Otherwise a ``mssql`` URL, or a host
    with an optional ``\INSTANCE`` and ``,port`` / ``:port``, is a SQL Server; anything
    else (a path with ``/``, ``C:\…``) is a folder still to be created.
    """
    text = location.strip()
    if not text:
        return False
    try:
        if Path(text).is_dir():
            return False
    except OSError:
        pass
    if _URL.match(text):
        return True
    return parse_location(text) is not None
