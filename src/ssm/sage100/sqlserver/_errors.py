"""SQL Server's errors turned into the package's, with one French sentence each.

Like httpx's ``map_httpcore_exceptions``, the translation happens at the boundary: a
``handle_error`` listener on every engine this package opens replaces the driver's
error before it leaves SQLAlchemy, so readers, the login check and discovery alike raise
:class:`~ssm.sage100.SageConnectionError` (or :class:`~ssm.sage100.CompanyNotFoundError`)
saying what to do. Only errors about *reaching* a database are translated (server,
instance, login, database); an error in a statement (a lock timeout, 1222) is left to the
reader, whose message names the table.

Errors are recognised by SQL Server's error numbers, which every driver carries: pymssql
as ``(number, b"message")`` arguments plus FreeTDS's ``DB-Lib error message N`` lines,
pyodbc and mssql-python as ``… (18456)`` in the message with an ODBC SQLSTATE. The
numbers below come from SQL Server's documentation and FreeTDS's. The tests see the real
pymssql raise 20009 (nothing listening) and, from a loopback endpoint that answers the
TDS login with SQL Server's error tokens, 18456, 4060 and 942; never from a live server.
No sentence ever holds a password or a URL: only the server as the user typed it, the
SQL login's name or the Windows account.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext

from ssm.sage100 import messages as msg
from ssm.sage100.errors import CompanyNotFoundError, Sage100Error, SageConnectionError
from ssm.sage100.sqlserver._location import DEFAULT_PORT, SqlServerAddress

__all__ = ["Where", "error_numbers", "install_translation", "translate", "windows_account"]

#: Login failed (18456), untrusted domain (18452, Windows), disabled (18470), locked out
#: (18486), password expired or to be changed (18487, 18488).
LOGIN_REFUSED = frozenset({18456, 18452, 18470, 18486, 18487, 18488})
#: Cannot open the database the login asked for (4060), no such database (911), no
#: access under the current security context (916).
DATABASE_UNKNOWN = frozenset({4060, 911, 916})
#: Offline (942), in transition (952), single user (924), files inaccessible (945),
#: suspect (926), being recovered (922).
DATABASE_OFFLINE = frozenset({942, 952, 924, 945, 926, 922})
#: FreeTDS: connection timed out (20003).
TIMED_OUT = frozenset({20003})
#: FreeTDS: unable to connect (20009); Windows sockets: refused (10061), timed out
#: (10060), host unknown (11001); ODBC: instance not found (26), named pipes (2, 53).
UNREACHABLE = frozenset({20009, 10061, 10060, 11001, 26, 2, 53})

#: FreeTDS: the connection failed during the login exchange (20002), with no server
#: message that pymssql kept: a refused login, a closed connection, TLS, Kerberos.
CONNECTION_FAILED = frozenset({20002})

_NUMBER = re.compile(r"(?:error message|Msg|\()\s*(\d{1,6})\b")
_SQLSTATE_LOGIN = "28000"
_SQLSTATE_UNREACHABLE = ("08001", "08S01")
_SQLSTATE_TIMEOUT = ("HYT00", "HYT01")
_UNREACHABLE_TEXT = re.compile(
    r"unable to connect|unavailable or does not exist|not found or not accessible"
    r"|connection refused|name or service not known",
    re.IGNORECASE,
)


def windows_account() -> str:
    """The Windows account the connector runs as (``DOMAINE/utilisateur``), for messages."""
    domain, user = os.environ.get("USERDOMAIN"), os.environ.get("USERNAME")
    if user:
        return f"{domain}\\{user}" if domain else user
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"


@dataclass(frozen=True)
class Where:
    """What a connection was for: the server, the SQL login (None: Windows), the database."""

    address: SqlServerAddress
    user: str | None
    database: str | None = None

    def who(self) -> str:
        """The identity SQL Server checked, as the sentences name it."""
        if self.user is None:
            return msg.SQLSERVER_WHO_WINDOWS.format(account=windows_account())
        return msg.SQLSERVER_WHO_SQL.format(user=self.user)


def _texts(exc: BaseException) -> list[str]:
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, bytes):
            texts.append(value.decode("utf-8", "replace"))
        elif isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)

    walk(exc.args)
    return texts


def _first_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, tuple | list) and value:
        return _first_int(value[0])
    return None


def _text_numbers(exc: BaseException) -> list[int]:
    return [int(n) for text in _texts(exc) for n in _NUMBER.findall(text)]


def _pymssql_message(exc: BaseException) -> str | None:
    """The server message pymssql carries (before FreeTDS's lines); None: another driver."""
    args = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], tuple) else exc.args
    if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], bytes):
        return args[1].decode("utf-8", "replace").split("DB-Lib error message")[0].strip()
    return None


def error_numbers(exc: BaseException) -> list[int]:
    """SQL Server's and the driver's error numbers in ``exc``, the primary one first.

    pymssql's primary number is kept only with its message: pymssql 2.4 does not clear
    its module-level "last message" between connections (``clr_err(None)`` assigns
    locals), so a failed connection may carry the number of an earlier one, without
    text. The numbers of FreeTDS's own lines are always kept.
    """
    primary = _first_int(exc.args)
    if primary is not None and _pymssql_message(exc) == "":
        primary = None
    numbers = ([primary] if primary is not None else []) + _text_numbers(exc)
    return list(dict.fromkeys(numbers))


def _sqlstate(exc: BaseException) -> str | None:
    first = exc.args[0] if exc.args else None
    if isinstance(first, str) and re.fullmatch(r"[0-9A-Z]{5}", first):
        return first
    return None


def translate(exc: BaseException, where: Where) -> Sage100Error | None:
    """The package's error for a driver error about reaching a database, else None.

    Args:
        exc: the driver's exception (SQLAlchemy's ``orig``).
        where: the server, login and database the connection was for.
    """
    numbers = set(error_numbers(exc))
    state = _sqlstate(exc)
    address = where.address
    server = address.server
    texts = " ".join(_texts(exc))
    if numbers & DATABASE_UNKNOWN or "cannot open database" in texts.lower():
        return CompanyNotFoundError(
            msg.SQLSERVER_DATABASE_UNKNOWN.format(
                database=where.database or "master", server=server, who=where.who()
            )
        )
    if numbers & LOGIN_REFUSED or state == _SQLSTATE_LOGIN:
        if where.user is None:
            text = msg.SQLSERVER_WINDOWS_REFUSED.format(server=server, account=windows_account())
        else:
            text = msg.SQLSERVER_LOGIN_REFUSED.format(server=server, user=where.user)
        return SageConnectionError(text)
    if numbers & DATABASE_OFFLINE:
        return SageConnectionError(
            msg.SQLSERVER_DATABASE_OFFLINE.format(database=where.database or "?", server=server)
        )
    if numbers & TIMED_OUT or state in _SQLSTATE_TIMEOUT:
        return SageConnectionError(msg.SQLSERVER_TIMEOUT.format(server=server))
    if numbers & UNREACHABLE or state in _SQLSTATE_UNREACHABLE or _UNREACHABLE_TEXT.search(texts):
        if address.instance and address.port is None:
            return SageConnectionError(
                msg.SQLSERVER_INSTANCE_UNREACHABLE.format(
                    instance=address.instance, host=address.host
                )
            )
        return SageConnectionError(
            msg.SQLSERVER_UNREACHABLE.format(server=server, port=address.port or DEFAULT_PORT)
        )
    if numbers & CONNECTION_FAILED:
        return SageConnectionError(
            msg.SQLSERVER_HANDSHAKE_FAILED.format(server=server, who=where.who())
        )
    return None


def install_translation(engine: Engine, where: Where) -> None:
    """Make ``engine`` raise the package's errors for failures to reach its database.

    A failed pre-ping is left alone: the pool then opens a new connection, and only
    that connection's failure reaches the caller.
    """

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> None:
        if context.is_pre_ping:
            return
        translated = translate(context.original_exception, where)
        if translated is not None:
            raise translated from context.original_exception
