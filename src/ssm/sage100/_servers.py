r"""The registry of server kinds: which implementation serves a location.

A location is a folder (an emulated server) or a SQL Server: ``SERVER\\INSTANCE``,
``host,port`` or a SQLAlchemy URL (``mssql+pymssql://…``). Each kind says whether it
claims a location; the first that does opens it. The protocol module knows no kind, and
no kind knows another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ssm.sage100._server import Sage100Server, SqlLogin
from ssm.sage100.emulator import EmulatedServer

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


#: Tried in order. A location no kind claims is taken as a folder that is not (yet) a
#: server, so that the emulator's message says what to do.
SERVER_KINDS: tuple[ServerKind, ...] = (ServerKind("emulator", _is_folder, _open_emulated),)


def open_server(location: str | Path, *, login: SqlLogin | None = None) -> Sage100Server:
    r"""Open the Sage 100 server at ``location``.

    Args:
        location: an emulated server folder, or a SQL Server (``SERVER\\INSTANCE``,
            ``host,port`` or a ``mssql+…://`` URL without password).
        login: SQL Server authentication; None means Windows integrated security on a
            SQL Server, and is what an emulated server takes.

    Raises:
        ServerNotFoundError: ``location`` is not a Sage 100 server.
        SageConnectionError: the SQL Server could not be reached.
    """
    text = str(location).strip()
    for kind in SERVER_KINDS:
        if kind.claims(text):
            return kind.open(text, login)
    return _open_emulated(text, login)
