"""Sage logins (``F_PROTECTIONCIAL``), found the way Sage finds them: case-insensitively.

Shared by every server kind: the emulator then checks ``PROT_Hash`` itself, SQL Server
has already checked the connection's credentials and needs only the user to exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Row, select
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._probe import company_schema
from ssm.sage100.errors import SageConnectionError, SageLoginError
from ssm.sage100.schema import F_PROTECTIONCIAL

__all__ = ["find_login"]


def find_login(engine: Engine, database: str, user: str) -> Row[Any, Any, Any]:
    """The ``PROT_User``, ``PROT_Hash`` and ``PROT_Guid`` of ``user``, whatever its case.

    A company has a few dozen logins: they are all read and compared with
    :meth:`str.casefold`, which folds accents as SQL Server's French collation does,
    where SQLite's ``UPPER`` folds ASCII only. The engine is disposed of.

    Raises:
        SageLoginError: no such user.
        SageSchemaError: the company has no ``F_PROTECTIONCIAL`` as Sage keeps it.
        SageConnectionError: the logins could not be read.
    """
    p = F_PROTECTIONCIAL.c
    try:
        company_schema(engine).require("F_PROTECTIONCIAL", ("PROT_User", "PROT_Hash"))
        with engine.connect() as conn:
            logins = list(conn.execute(select(p.PROT_User, p.PROT_Hash, p.PROT_Guid)))
    except SQLAlchemyError as exc:
        raise SageConnectionError(
            msg.USERS_UNREADABLE.format(database=database, detail=msg.db_reason(exc))
        ) from exc
    finally:
        engine.dispose()
    wanted = user.strip().casefold()
    for login in logins:
        if str(login.PROT_User).strip().casefold() == wanted:
            return login
    raise SageLoginError(msg.LOGIN_USER_UNKNOWN.format(user=user, database=database))
