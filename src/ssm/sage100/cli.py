"""``ssm-sage100``: generate an emulated Sage 100 server, simulate its users, inspect it.

Commands are thin: each calls a library function (``generate_server``, ``run_activity``,
``open_server``) and turns :class:`Sage100Error` into one French line on stderr and exit
code 1. Every string shown is French marked with ``_()`` (here for help texts, in
:mod:`ssm.sage100.messages` for the rest), in English when the environment asks for it.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ssm.i18n.commands import Command, Group
from ssm.i18n.process import speak_process_language
from ssm.sage100 import messages as msg
from ssm.sage100._servers import open_server
from ssm.sage100.emulator import (
    DEFAULT_SAGE_PASSWORD,
    SIZES,
    ActivityAction,
    current_anchor,
    generate_server,
    parse_anchor,
    run_activity,
)
from ssm.sage100.errors import Sage100Error
from ssm.sage100.messages import _
from ssm.sage100.schema import DEFAULT_GENERATION, GENERATIONS

__all__ = ["app", "main"]

app = typer.Typer(
    cls=Group,
    add_completion=False,  # Typer's completion options have English help no catalogue reaches
    help=_("Serveur Sage 100 émulé : données de démonstration, utilisateurs simulés."),
    no_args_is_help=True,
)
_out = Console()
_err = Console(stderr=True)


def _fail(exc: Exception) -> typer.Exit:
    _err.print(msg.CLI_ERROR.format(message=exc), markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


@app.command(
    cls=Command, help=_("Générer une société française réaliste dans un serveur Sage 100 émulé.")
)
def generate(
    directory: Annotated[
        Path,
        typer.Argument(readable=False, help=_("Dossier nouveau ou vide (ou un serveur émulé).")),
    ],
    company: Annotated[
        str, typer.Option(help=_("Nom de la société (P_DOSSIER.D_RaisonSoc)."))
    ] = "Démo",
    size: Annotated[
        str,
        typer.Option(
            help=_("Taille des données : {choices}.").format(choices=msg.one_of(list(SIZES)))
        ),
    ] = "tiny",
    seed: Annotated[int, typer.Option(help=_("Même graine et même --anchor, mêmes données."))] = 0,
    anchor: Annotated[
        str | None,
        typer.Option(
            help=_(
                "« Aujourd'hui » des données, rien n'est daté après : AAAA-MM-JJ (ce jour-là "
                "à 18 h) ou AAAA-MM-JJTHH:MM ; par défaut, maintenant."
            )
        ),
    ] = None,
    sage_password: Annotated[
        str, typer.Option(help=_("Mot de passe de l'utilisateur Sage « Administrateur »."))
    ] = DEFAULT_SAGE_PASSWORD,
    bad_data: Annotated[
        bool,
        typer.Option("--bad-data", help=_("Ajouter les lignes hostiles des tests de fiabilité.")),
    ] = False,
    schema: Annotated[
        str,
        typer.Option(
            help=_(
                "Génération du schéma Sage : {choices} (B : colonnes d'une base réelle ; "
                "C : plus les colonnes récentes, non vérifiées)."
            ).format(choices=msg.one_of(list(GENERATIONS)))
        ),
    ] = DEFAULT_GENERATION,
    triggers: Annotated[
        bool,
        typer.Option(
            "--triggers/--no-triggers",
            help=_(
                "Déclencheurs TG_CB* qui datent cbModification ; sans eux, seuls les "
                "programmes qui écrivent la datent."
            ),
        ),
    ] = True,
) -> None:
    """A realistic French company in an emulated server: what demos, tests and benchmarks read."""
    try:
        report = generate_server(
            directory,
            company,
            size,
            seed,
            anchor=parse_anchor(anchor) if anchor is not None else current_anchor(),
            sage_password=sage_password,
            bad_data=bad_data,
            generation=schema.upper(),  # type: ignore[arg-type]  # checked by generate_server
            triggers=triggers,
        )
    except Sage100Error as exc:
        raise _fail(exc) from None
    table = Table(
        title=msg.GENERATE_TITLE.format(
            company=report.company,
            database=report.database,
            size=report.size,
            seed=seed,
            generation=report.generation,
            triggers=msg.WITH_TRIGGERS if report.triggers else msg.WITHOUT_TRIGGERS,
        )
    )
    table.add_column(msg.GENERATE_TABLE)
    table.add_column(msg.GENERATE_ROWS, justify="right")
    for name, count in report.counts.items():
        table.add_row(name, f"{count:,}".replace(",", " "))
    _out.print(table)
    _out.print(
        msg.GENERATE_DONE.format(location=report.location, seconds=report.seconds),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@app.command(
    cls=Command,
    help=_("Modifier une société comme un utilisateur Sage au travail, une ligne par action."),
)
def activity(
    directory: Annotated[
        Path, typer.Argument(readable=False, help=_("Dossier d'un serveur émulé."))
    ],
    company: Annotated[
        str | None, typer.Option(help=_("Base de la société (par défaut : la première)."))
    ] = None,
    seed: Annotated[int, typer.Option(help=_("Graine de l'utilisateur simulé."))] = 0,
    actions: Annotated[int | None, typer.Option(help=_("S'arrêter après N actions."))] = None,
    rate: Annotated[float, typer.Option(help=_("Actions par seconde (0 : sans attente)."))] = 1.0,
    duration: Annotated[float | None, typer.Option(help=_("S'arrêter après S secondes."))] = None,
) -> None:
    """A simulated Sage user at work, so the connector has changes to pick up."""
    try:
        server = open_server(directory)
        companies = server.companies()
        if not companies:
            raise Sage100Error(msg.NO_COMPANY.format(path=directory))
        engine = server.engine(company or companies[0].database)
    except Sage100Error as exc:
        raise _fail(exc) from None

    def show(action: ActivityAction) -> None:
        label = msg.ACTIVITY_KINDS.get(action.kind, action.kind)
        typer.echo(f"{label:19} {action.table:15} {action.description}")

    stop = threading.Event()

    def interrupted(*_: object) -> None:
        # Ctrl+C ends the run after the action under way; a second one interrupts at once.
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    signal.signal(signal.SIGINT, interrupted)
    try:
        run_activity(
            engine,
            seed=seed,
            actions=actions,
            rate=rate,
            duration=duration,
            on_action=show,
            stop=stop,
        )
    finally:
        engine.dispose()


@app.command(cls=Command, help=_("Lister les sociétés (bases) d'un serveur."))
def companies(
    directory: Annotated[
        Path, typer.Argument(readable=False, help=_("Dossier d'un serveur Sage 100."))
    ],
) -> None:
    """The server's companies (databases), as the connector's configuration lists them."""
    try:
        found = open_server(directory).companies()
    except Sage100Error as exc:
        raise _fail(exc) from None
    for info in found:
        typer.echo(f"{info.database}\t{info.name}")


@app.command(
    cls=Command, help=_("Afficher la version de Sage 100 détectée et si elle est prise en charge.")
)
def version(
    directory: Annotated[
        Path, typer.Argument(readable=False, help=_("Dossier d'un serveur Sage 100."))
    ],
) -> None:
    """The detected Sage 100 version and whether the connector supports it."""
    try:
        detected = open_server(directory).version()
    except Sage100Error as exc:
        raise _fail(exc) from None
    support = msg.VERSION_SUPPORTED if detected.supported else msg.VERSION_UNSUPPORTED
    typer.echo(
        msg.VERSION_LINE.format(product=detected.product, version=detected.version, support=support)
    )


def main() -> None:
    """Entry point of the ``ssm-sage100`` command."""
    speak_process_language()
    app()
