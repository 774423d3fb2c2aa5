"""The ``ssm-cloud`` command: serve the API, issue activation keys, migrate the database.

Commands are thin: each builds ``CloudSettings`` and calls a library function that tests
call directly. Bad input (a database that cannot be opened, a port already in use) ends with
one clear line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import CloudError, ServerStartError
from ssm.cloud.hosts import reaches_only_loopback
from ssm.cloud.services.activation import issue_activation_key
from ssm.cloud.settings import CloudSettings
from ssm.cloud.types import utc_now
from ssm.garbage_collector import tune_garbage_collector
from ssm.http_guards import LOOPBACK_HOSTS
from ssm.i18n.commands import Command, Group
from ssm.i18n.process import gettext_for, speak_process_language

if TYPE_CHECKING:
    from fastapi import FastAPI

#: Marks the command line's French for ``pybabel extract`` and translates it into the
#: process's language (``locale/en/LC_MESSAGES/ssm-cloud.po``); the web app has its own.
_ = gettext_for("ssm.cloud", "ssm-cloud")

SHUTDOWN_GRACE = 5
"""Seconds a stopping service gives its open requests before it ends them."""


app = typer.Typer(
    cls=Group,
    name="ssm-cloud",
    help=_("Le service Sales Management : API REST multi-instance et clés d'activation."),
    no_args_is_help=True,
    add_completion=False,
)
keys_app = typer.Typer(cls=Group, help=_("Gérer les clés d'activation."), no_args_is_help=True)
app.add_typer(keys_app, name="keys")
db_app = typer.Typer(
    cls=Group, help=_("Gérer le schéma de la base (migrations Alembic)."), no_args_is_help=True
)
app.add_typer(db_app, name="db")

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help=_(
            "URL SQLAlchemy de la base (ou chemin d'un fichier SQLite). "
            "Par défaut : SSM_CLOUD_DATABASE_URL, sinon sqlite:///./ssm-cloud.sqlite."
        ),
    ),
]


def _settings(database: str | None) -> CloudSettings:
    return CloudSettings(database_url=database) if database else CloudSettings()


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=1)


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind and listen on ``host:port`` as uvicorn would, so a busy port fails here.

    Raises:
        ServerStartError: the port is taken or the host unknown.
    """
    try:
        family, kind, proto, _canonical, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        # proto must be IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets, and
        # without it every keep-alive response waits ~40 ms for a delayed ACK.
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        reason = exc.strerror or exc
        raise ServerStartError(
            messages.PORT_UNAVAILABLE.format(host=host, port=port, reason=reason)
        ) from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = exc.strerror or exc
        raise ServerStartError(
            messages.PORT_UNAVAILABLE.format(host=host, port=port, reason=reason)
        ) from exc
    sock.set_inheritable(True)
    return sock


def worker_app(settings: CloudSettings) -> FastAPI:
    """The app of one worker process of ``serve(workers=N)``: uvicorn calls it in the worker.

    uvicorn configures logging anew in each worker, so the token mask is installed here too;
    the collector is tuned here, in the worker, once the app's imports are done.
    """
    from ssm.cloud._access_log import mask_tokens, quiet_cut_requests
    from ssm.cloud.app import create_app

    mask_tokens()
    quiet_cut_requests()
    application = create_app(settings)
    tune_garbage_collector()
    return application


def serve(
    settings: CloudSettings, host: str, port: int, *, access_log: bool = False, workers: int = 1
) -> None:
    """Run the API with uvicorn on ``host:port`` until interrupted, in ``workers`` processes.

    With several workers, each process builds its own app (``worker_app``) and all accept
    on one listening socket; the schema is migrated here first, once, so a database that
    cannot be opened fails in one line rather than in every worker uvicorn would restart.

    Raises:
        DatabaseError: the database cannot be opened.
        ServerStartError: the port cannot be bound.
    """
    import uvicorn  # here, not at the top: only serve needs the server
    from uvicorn.supervisors import Multiprocess

    from ssm.cloud._access_log import mask_tokens, quiet_cut_requests
    from ssm.cloud.app import create_app

    application: FastAPI | Callable[[], FastAPI]
    if workers == 1:
        application = create_app(settings)
        database = application.state.database
    else:
        application = functools.partial(worker_app, settings)  # pickled to each worker
        database = Database.migrated(settings)
    try:
        sock = bind_socket(host, port)
    except ServerStartError:
        database.dispose()
        raise
    if workers > 1:
        database.dispose()  # the workers open their own
    proxies = settings.trusted_proxies.strip()
    config = uvicorn.Config(
        application,
        host=host,
        port=port,
        access_log=access_log,
        lifespan="on",
        proxy_headers=bool(proxies),  # uvicorn would trust loopback's X-Forwarded-For
        forwarded_allow_ips=proxies or None,
        workers=workers,
        factory=workers > 1,
        # A connector's long-poll of the feed would hold a stop for up to 25 s; anything
        # cut short after this is retried by its caller (idempotent writes).
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )
    mask_tokens()  # after Config, which (re)configures uvicorn's loggers
    quiet_cut_requests()
    try:
        if workers > 1:
            Multiprocess(config, sockets=[sock]).run()  # restarts a worker that dies
        else:
            tune_garbage_collector()  # the one worker is this process, its imports done
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


@app.command("serve", cls=Command, help=_("Servir l'API Sales Management (uvicorn)."))
def serve_command(
    host: Annotated[str, typer.Option(help=_("Adresse d'écoute."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=_("Port d'écoute."), min=1, max=65535)] = 8000,
    database: DatabaseOption = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help=_("Journaliser chaque requête."))
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help=_(
                "Processus uvicorn qui servent l'API (par défaut 1) ; "
                "avec PostgreSQL, chacun garde son propre pool de connexions."
            ),
        ),
    ] = 1,
) -> None:
    """The API on ``host:port``: what a deployment runs."""
    try:
        settings = _settings(database)
        if host not in LOOPBACK_HOSTS and reaches_only_loopback(settings):
            typer.echo(messages.SERVE_LOOPBACK_ONLY, err=True)
        serve(settings, host, port, access_log=access_log, workers=workers)
    except CloudError as exc:
        raise _fail(str(exc)) from None


@keys_app.command(
    "issue",
    cls=Command,
    help=_("Émettre une clé d'activation à usage unique ; la clé est la dernière ligne affichée."),
)
def issue_command(
    database: DatabaseOption = None,
    expires_in_days: Annotated[
        int | None,
        typer.Option(
            "--expires-in-days",
            min=1,
            help=_("Validité en jours (par défaut SSM_CLOUD_ACTIVATION_KEY_TTL_DAYS, soit 30)."),
        ),
    ] = None,
) -> None:
    """A one-time activation key, the last line printed so a script can take it."""
    try:
        settings = _settings(database)
        days = expires_in_days or settings.activation_key_ttl_days
        db = Database.migrated(settings)
        try:
            now = utc_now()
            key = issue_activation_key(db, now=now, valid_for=timedelta(days=days))
        finally:
            db.dispose()
    except CloudError as exc:
        raise _fail(str(exc)) from None
    expiry = (now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M UTC")
    typer.echo(
        _("Clé d'activation à usage unique, valable jusqu'au {expiry} :").format(expiry=expiry)
    )
    typer.echo(key)


@db_app.command(
    "upgrade",
    cls=Command,
    help=_("Mettre le schéma de la base à jour (dernière révision) ; sans effet s'il l'est déjà."),
)
def db_upgrade_command(database: DatabaseOption = None) -> None:
    """The schema migrated to the head revision, as ``serve`` does before it starts."""
    try:
        settings = _settings(database)
        Database.migrated(settings).dispose()
    except CloudError as exc:
        raise _fail(str(exc)) from None
    from ssm.cloud import migrations

    typer.echo(
        _("Schéma à jour (révision {revision}).").format(revision=migrations.head_revision())
    )


@db_app.command(
    "revision",
    cls=Command,
    help=_(
        "Écrire une révision (autogenerate) : ce que les modèles ont de plus que la base à "
        "jour.\n\nPour les développeurs : la révision est écrite dans "
        "src/ssm/cloud/migrations/versions/."
    ),
)
def db_revision_command(
    message: Annotated[str, typer.Option("--message", "-m", help=_("Objet de la révision."))],
    database: DatabaseOption = None,
    rev_id: Annotated[
        str | None, typer.Option("--rev-id", help=_("Identifiant imposé (par défaut : aléatoire)."))
    ] = None,
) -> None:
    """A new Alembic revision (autogenerate), for developers changing the models."""
    from ssm.cloud import migrations

    try:
        settings = _settings(database)
        path = migrations.revision(settings.database_url, message=message, rev_id=rev_id)
    except CloudError as exc:
        raise _fail(str(exc)) from None
    typer.echo(path)


def main() -> None:
    """Entry point of the ``ssm-cloud`` script."""
    speak_process_language()
    app(prog_name="ssm-cloud")


if __name__ == "__main__":  # pragma: no cover
    main()
