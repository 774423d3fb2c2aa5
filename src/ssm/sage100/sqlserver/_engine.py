"""One SQLAlchemy engine per company database, set so that it never blocks a Sage user.

The choices, and why:

- **READ COMMITTED**, SQL Server's default, set explicitly so no pooled connection keeps
  another level. Readers run one statement per connection checkout (``_read.fetch``):
  under READ COMMITTED a statement's shared locks are released as it reads, so a reader
  holds nothing between statements. ``READ UNCOMMITTED`` (``NOLOCK``, common among
  integrators) was refused: a row a Sage user then rolls back would reach the CRM, and
  no later change would correct it. Engine-wide autocommit was refused too: the writers
  (``Activity`` today, quotes later) need ``engine.begin()`` to stay one transaction.
  Where the DBA turned ``READ_COMMITTED_SNAPSHOT`` on, readers never wait at all.
- **``SET LOCK_TIMEOUT 5000``** on every new connection: a statement waits at most 5 s
  for a row a Sage user has locked, then fails (1222); the sync retries on its next run.
- **``SET DEADLOCK_PRIORITY LOW``**: in a deadlock SQL Server kills the connector's
  statement, never the Sage user's.
- **Timeouts** (pymssql): 15 s to log in, 600 s for one statement (a change read of a
  big company scans ``F_DOCLIGNE``: no index on ``cbModification``). pyodbc gets the
  login timeout; other drivers keep theirs.
- **Pre-ping**: a connection the server dropped (restart, failover) is replaced before
  use; the change watcher's own engine skips it (it polls several times a second).
- **Secrets**: the password goes into :meth:`URL.create` and nowhere else; SQLAlchemy
  masks it in ``str(url)`` and ``repr(url)``; ``hide_parameters`` keeps values out of
  error messages.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError

from ssm.sage100 import messages as msg
from ssm.sage100._server import SqlLogin
from ssm.sage100.errors import SageConnectionError
from ssm.sage100.sqlserver._errors import Where, install_translation
from ssm.sage100.sqlserver._location import SqlServerAddress
from ssm.sage100.sqlserver.statements import SESSION_SETTINGS

__all__ = [
    "APP_NAME",
    "LOGIN_TIMEOUT_S",
    "QUERY_TIMEOUT_S",
    "company_url",
    "credentials",
    "open_engine",
]

#: How SQL Server's tools (``sp_who``, Activity Monitor) show the connector's sessions.
APP_NAME = "ssm-connector"
LOGIN_TIMEOUT_S = 15
QUERY_TIMEOUT_S = 600
_TRUSTED = "Trusted_Connection"


def credentials(address: SqlServerAddress, login: SqlLogin | None) -> tuple[str | None, str | None]:
    """The SQL login and password to send; ``(None, None)`` is Windows integrated security.

    A :class:`SqlLogin` wins; else a URL's user logs in with an empty password.
    """
    if login is not None:
        return login.user, login.password
    if address.user is not None:
        return address.user, ""
    return None, None


def company_url(address: SqlServerAddress, login: SqlLogin | None, database: str) -> URL:
    """The URL of one database; its password is masked whenever the URL is shown.

    Without a login, ODBC-based drivers are asked for ``Trusted_Connection=yes``;
    pymssql uses integrated security when it is given no user (SSPI on Windows,
    Kerberos elsewhere).
    """
    user, password = credentials(address, login)
    query: dict[str, str | tuple[str, ...]] = dict(address.query)
    if user is None and address.driver != "mssql+pymssql":
        query.setdefault(_TRUSTED, "yes")
    return URL.create(
        address.driver,
        username=user,
        password=password,
        host=address.network_host,
        port=address.port,
        database=database,
        query=query,
    )


def _connect_args(driver: str) -> dict[str, Any]:
    if driver == "mssql+pymssql":
        return {"login_timeout": LOGIN_TIMEOUT_S, "timeout": QUERY_TIMEOUT_S, "appname": APP_NAME}
    if driver == "mssql+pyodbc":
        return {"timeout": LOGIN_TIMEOUT_S}
    return {}


def open_engine(
    address: SqlServerAddress,
    login: SqlLogin | None,
    database: str,
    *,
    pre_ping: bool = True,
) -> Engine:
    """An engine on ``database`` (no connection is opened yet); dispose it when done.

    Raises:
        SageConnectionError: the URL names a driver that is not installed.
    """
    url = company_url(address, login, database)
    try:
        engine = create_engine(
            url,
            connect_args=_connect_args(address.driver),
            isolation_level="READ COMMITTED",
            pool_pre_ping=pre_ping,
            hide_parameters=True,
        )
    except (NoSuchModuleError, ImportError) as exc:
        driver = address.driver.partition("+")[2] or address.driver
        raise SageConnectionError(msg.SQLSERVER_DRIVER_MISSING.format(driver=driver)) from exc
    user, _password = credentials(address, login)
    install_translation(engine, Where(address, user, database))

    @event.listens_for(engine, "connect")
    def _session(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(SESSION_SETTINGS.text)
        finally:
            cursor.close()

    return engine
