r"""The emulated Sage 100 server: a folder with a registry export and one SQLite file per company.

Layout (see ``docs/emulator.md``)::

    DIR/
      Sage100.reg          regedit export: HKLM\\...\\Gestion Commerciale 100c (Path, Version)
      <DATABASE>.sqlite    one company (WAL mode), Sage's tables, indexes and cb* triggers

A ``.sqlite`` file is a company only when it holds both ``F_DOCENTETE`` and
``F_ARTSTOCK``, the test integrators run on SQL Server.
"""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from ssm.sage100 import messages as msg
from ssm.sage100._credentials import verify_password
from ssm.sage100._logins import find_login
from ssm.sage100._server import ChangeWatcher, CompanyInfo
from ssm.sage100._version import SageVersion, parse_version
from ssm.sage100.emulator._clock import Clock, install_clock, system_clock
from ssm.sage100.emulator._registry import GESCOM_KEY, REGISTRY_FILE, parse_reg
from ssm.sage100.emulator._watch import SqliteChangeWatcher
from ssm.sage100.errors import (
    CompanyNotFoundError,
    SageConnectionError,
    SageLoginError,
    ServerNotFoundError,
)

__all__ = ["DATABASE_SUFFIX", "EmulatedServer"]

#: File suffix of a company database in a server folder.
DATABASE_SUFFIX = ".sqlite"
_REQUIRED_TABLES = {"F_DOCENTETE", "F_ARTSTOCK"}


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _is_locked(exc: sqlite3.Error) -> bool:
    """Whether another program holds the file exclusively (SQLITE_BUSY or SQLITE_LOCKED).

    Sage 100 does the same on SQL Server while it maintains a company (single-user mode):
    the company exists but cannot be read until it is released.
    """
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


class EmulatedServer:
    """A Sage 100 server emulated by a folder (implements ``Sage100Server``).

    Example::

        server = EmulatedServer("/tmp/sage")
        server.companies()   # [CompanyInfo(database="PME", name="PME Démo SAS")]

    ``clock`` is the server's clock, which stamps ``cbModification`` and answers the
    readers' ``server_now``: the machine's, in its local zone (``TZ``), by default; tests
    pass their own (``emulator/_clock.py``).
    """

    def __init__(self, location: str | Path, *, clock: Clock = system_clock) -> None:
        path = Path(location)
        try:
            is_server = stat.S_ISREG((path / REGISTRY_FILE).stat().st_mode)
        except PermissionError as exc:
            raise ServerNotFoundError(
                msg.FOLDER_UNREADABLE.format(path=path, reason=msg.os_reason(exc))
            ) from exc
        except OSError:
            is_server = False
        if not is_server and not path.is_dir():  # a share or disk gone, or a path to create
            raise ServerNotFoundError(msg.SERVER_FOLDER_MISSING.format(path=path))
        if not is_server:
            raise ServerNotFoundError(msg.NOT_A_SERVER.format(path=path, file=REGISTRY_FILE))
        self._path = path
        self._clock = clock

    @property
    def location(self) -> str:
        """The server folder."""
        return str(self._path)

    def _database_path(self, database: str) -> Path:
        path = self._path / f"{database}{DATABASE_SUFFIX}"
        known = {c.database for c in self.companies()}
        if database not in known:
            if not known:
                raise CompanyNotFoundError(msg.NO_COMPANY.format(path=self._path))
            raise CompanyNotFoundError(
                msg.COMPANY_UNKNOWN.format(
                    database=database, path=self._path, known=", ".join(sorted(known))
                )
            )
        return path

    def companies(self) -> list[CompanyInfo]:
        """List the company databases, named after ``P_DOSSIER.D_RaisonSoc``.

        Raises:
            ServerNotFoundError: the folder cannot be listed.
            SageConnectionError: a company is locked by another program; an empty or
                shorter list would send its user to create a company that exists.
        """
        found: list[CompanyInfo] = []
        try:
            files = sorted(self._path.glob(f"*{DATABASE_SUFFIX}"))
        except OSError as exc:
            raise ServerNotFoundError(
                msg.SERVER_UNLISTABLE.format(path=self._path, reason=msg.os_reason(exc))
            ) from exc
        for file in files:
            database = file.name.removesuffix(DATABASE_SUFFIX)
            try:
                with closing(_read_only(file)) as conn:
                    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
                    if not tables >= _REQUIRED_TABLES:
                        continue
                    name = None
                    if "P_DOSSIER" in tables:
                        row = conn.execute("SELECT D_RaisonSoc FROM P_DOSSIER LIMIT 1").fetchone()
                        name = row[0] if row else None
            except sqlite3.Error as exc:
                if _is_locked(exc):  # Sage holds it exclusively: it is a company, busy now
                    raise SageConnectionError(
                        msg.COMPANY_LOCKED.format(database=database, path=self._path)
                    ) from exc
                continue
            found.append(CompanyInfo(database=database, name=(name or "").strip() or database))
        return found

    def version(self) -> SageVersion:
        """Read the gescom key of the registry export: product name and ``Version``."""
        reg = self._path / REGISTRY_FILE
        try:
            keys = parse_reg(reg)
            values = keys[GESCOM_KEY]
            return parse_version(GESCOM_KEY.rsplit("\\", 1)[1], values["Version"])
        except (OSError, ValueError, KeyError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                detail = msg.REGISTRY_BAD_ENCODING
            elif isinstance(exc, OSError):
                detail = msg.os_reason(exc)
            elif isinstance(exc, KeyError):
                detail = msg.REGISTRY_VALUE_MISSING.format(name=exc.args[0] if exc.args else "")
            else:
                detail = str(exc)
            raise ServerNotFoundError(
                msg.VERSION_UNREADABLE.format(file=reg, detail=detail, key=GESCOM_KEY)
            ) from exc

    def check_login(self, database: str, user: str, password: str) -> None:
        """Check ``user``/``password`` against ``F_PROTECTIONCIAL`` of ``database``.

        The user is found whatever its case, as Sage's ``IPROTCIAL_USER`` index on
        ``UPPER(PROT_User)`` makes logins; a user whose ``PROT_Hash`` is NULL has no
        password and logs in with an empty one.

        Raises:
            CompanyNotFoundError: no such company.
            SageLoginError: unknown user, or wrong password (a sentence for each).
            SageConnectionError: the logins could not be read.
        """
        login = find_login(self.engine(database), database, user)
        if not verify_password(login.PROT_Hash, login.PROT_Guid, password):
            raise SageLoginError(msg.LOGIN_MISMATCH.format(user=user, database=database))

    def engine(self, database: str) -> Engine:
        """An engine on one company (WAL, 5 s busy timeout, the server's clock); dispose it."""
        path = self._database_path(database)
        engine = create_engine(f"sqlite:///{path}")

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA busy_timeout=5000")
            install_clock(dbapi_connection, self._clock)

        return engine

    def watch(self, database: str) -> ChangeWatcher:
        """Watch one company for commits (``PRAGMA data_version``); close it when done.

        Raises:
            CompanyNotFoundError: no such company.
            SageConnectionError: the file could not be opened.
        """
        return SqliteChangeWatcher(self._database_path(database), database)
