r"""The registry of server kinds: which implementation serves a location.

A location is a folder (an emulated server) or a SQL Server. Each kind says whether it
claims a location; the first that does opens it. The protocol module knows no kind, and
no kind knows another. In order:

``sqlserver``
    claims a ``mssql://`` or ``mssql+<driver>://`` URL, or a SQL Server address as its
    tools write it: ``SERVEUR\\INSTANCE``, ``.\\INSTANCE``, ``serveur``, ``serveur,1433``,
    ``serveur:1433`` (``ssm.sage100.sqlserver._location``), **unless an existing folder
    has that name**: a folder is never stolen from the emulator. Opening connects to
    nothing; the first call that needs the server does.
``emulator``
    claims an existing folder.

A location neither claims (a path still to be created, ``/srv/sage`` or ``C:\\Sage``)
goes to the emulator, whose message says how to create a server there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ssm.sage100 import messages as msg
from ssm.sage100._server import Sage100Server, SqlLogin
from ssm.sage100.emulator import EmulatedServer
from ssm.sage100.errors import SageConnectionError
from ssm.sage100.sqlserver import SqlServer, is_sql_server_location, parse_location

__all__ = ["SERVER_KINDS", "ServerKind", "open_server"]


@dataclass(frozen=True)
class ServerKind:
    """One kind of Sage 100 server: how to recognise its locations, how to open one."""

    name: str
    claims: Callable[[str], bool]
    open: Callable[[str, SqlLogin | None], Sage100Server]


def _is_folder(location: str) -> bool:
    return Path(location).is_dir()


def _open_emulated(location: str, _login: SqlLogin | None) -> Sage100Server:
    return EmulatedServer(location)


def _open_sql_server(location: str, login: SqlLogin | None) -> Sage100Server:
    address = parse_location(location)
    if address is None:  # claimed, so parsable: a kind's claims and open disagree
        raise SageConnectionError(msg.SQLSERVER_LOCATION_INVALID.format(location=location))
    return SqlServer(address, login, location=location)


#: Tried in order. A location no kind claims is taken as a folder that is not (yet) a
#: server, so that the emulator's message says what to do.
SERVER_KINDS: tuple[ServerKind, ...] = (
    ServerKind("sqlserver", is_sql_server_location, _open_sql_server),
    ServerKind("emulator", _is_folder, _open_emulated),
)


def open_server(location: str | Path, *, login: SqlLogin | None = None) -> Sage100Server:
    r"""Open the Sage 100 server at ``location``.

    Args:
        location: an emulated server folder, or a SQL Server (``SERVER\\INSTANCE``,
            ``host,port`` or a ``mssql+…://`` URL without password).
        login: SQL Server authentication; None means Windows integrated security on a
            SQL Server, and is what an emulated server takes.

    Raises:
        ServerNotFoundError: ``location`` is not a Sage 100 server (emulated folder).
        SageConnectionError: a ``mssql`` URL holds a password or cannot be read. A SQL
            Server is not reached here: its errors come with the first call that needs it.
    """
    text = str(location).strip()
    for kind in SERVER_KINDS:
        if kind.claims(text):
            return kind.open(text, login)
    return _open_emulated(text, login)
