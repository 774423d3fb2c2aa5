"""The ``ssm-connector`` command line: one Typer app, thin commands over library functions."""

from __future__ import annotations

import importlib
import json
import shlex
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ssm.connector import messages as msg
from ssm.connector.errors import ConnectorError
from ssm.connector.logs import configure_logging, log_failure, read_log_lines
from ssm.connector.messages import _
from ssm.connector.service.passes import RunReport, reconcile, resync, sync_once
from ssm.connector.settings import InstallLayout
from ssm.connector.sync import STREAMS, SageStream, stream_title
from ssm.garbage_collector import tune_garbage_collector
from ssm.i18n.commands import Command, Group
from ssm.i18n.process import speak_process_language
from ssm.sage100 import Sage100Error, parse_anchor

if TYPE_CHECKING:
    from ssm.connector.install import InstallOptions

T = TypeVar("T")

app = typer.Typer(
    cls=Group,
    help=_("Connecteur Sage 100 ⇄ Sales Management."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # Typer's completion options have English help no catalogue reaches
)


def entity_help(streams: Sequence[SageStream]) -> str:
    """The ``--entity`` help, naming the declared streams so a new one needs no edit here."""
    names = ", ".join(f"{stream.name} ({stream.title})" for stream in streams)
    return _("Entité à traiter (répétable) : {names}. Toutes par défaut.").format(names=names)


InstallDir = Annotated[Path, typer.Option("--dir", help=_("Dossier d'installation du connecteur."))]
Entities = Annotated[
    list[str] | None,
    typer.Option("--entity", help=entity_help(STREAMS)),
]
AsJson = Annotated[bool, typer.Option("--json", help=_("Sortie JSON sur une ligne."))]

#: ``--debug``: tracebacks on the console (the log file always keeps them).
_options = {"debug": False}


@app.callback()
def _main(
    debug: Annotated[
        bool,
        typer.Option("--debug", help=_("Afficher le détail technique (traceback) des erreurs.")),
    ] = False,
) -> None:
    """Connecteur Sage 100 ⇄ Sales Management."""
    _options["debug"] = debug


@app.command(
    cls=Command,
    help=_(
        "Tout le parcours sur cette machine : Sage 100 émulé, service Sales Management local, "
        "synchronisation."
    ),
)
def demo(
    workdir: Annotated[
        Path, typer.Option(help=_("Dossier de travail de la démonstration."))
    ] = Path("ssm-demo"),
    once: Annotated[
        bool, typer.Option("--once", help=_("S'arrêter après la première synchronisation."))
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Terminer par le rapport JSON sur une ligne."))
    ] = False,
    size: Annotated[str, typer.Option(help=_("Taille des données Sage générées."))] = "small",
    seed: Annotated[int, typer.Option(help=_("Graine des données générées."))] = 1,
    anchor: Annotated[
        str | None,
        typer.Option(
            help=_(
                "« Aujourd'hui » des données générées : AAAA-MM-JJ ou AAAA-MM-JJTHH:MM ; "
                "par défaut, maintenant."
            )
        ),
    ] = None,
    cloud_url: Annotated[
        str | None,
        typer.Option(help=_("Utiliser ce service Sales Management au lieu d'en lancer un.")),
    ] = None,
    activation_key: Annotated[
        str | None, typer.Option(help=_("Code d'activation pour --cloud-url."))
    ] = None,
) -> None:
    """Run the whole journey on this machine: Sage 100 emulated, cloud on loopback, sync."""
    from ssm.connector.demo import DemoOptions, run_demo  # not on ``sync``'s start-up path

    console = Console(stderr=as_json, soft_wrap=True, highlight=False)

    def start() -> dict[str, Any]:
        day = parse_anchor(anchor) if anchor is not None else None
        options = DemoOptions(workdir, size, seed, cloud_url, activation_key, day)
        return run_demo(options, partial(console.print, markup=False), once=once)

    summary = _guarded(start)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    if summary["run_status"] != "succeeded":
        raise typer.Exit(1)


@app.command(
    cls=Command,
    help=_("Synchroniser en continu jusqu'à SIGTERM ou Ctrl-C (ce que lance le service)."),
)
def run(
    install_dir: InstallDir,
    poll_interval: Annotated[
        float | None, typer.Option(help=_("Secondes entre deux recherches de changements."))
    ] = None,
    reconcile_interval: Annotated[
        float | None, typer.Option(help=_("Secondes entre deux réconciliations (suppressions)."))
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help=_("Journal détaillé."))] = False,
) -> None:
    """Synchronise continuously until SIGTERM or Ctrl-C (what the service runs)."""
    from ssm.connector.service.loop import Service, ServiceOptions  # not on ``sync``'s path

    layout = InstallLayout(install_dir)
    _guarded(lambda: configure_logging(_logs_dir(layout), verbose=verbose, debug=_options["debug"]))
    options = ServiceOptions(poll_interval=poll_interval, reconcile_interval=reconcile_interval)
    _guarded(lambda: Service(layout, options).run())


@app.command(
    cls=Command,
    help=_("Synchroniser une fois les entités choisies (barres de progression dans un terminal)."),
)
def sync(
    install_dir: InstallDir,
    entity: Entities = None,
    once: Annotated[bool, typer.Option("--once", help=_("Une seule passe (par défaut)."))] = True,
    as_json: AsJson = False,
) -> None:
    """Synchronise the chosen entities once, with progress bars on a terminal."""
    layout = InstallLayout(install_dir)
    _guarded(lambda: configure_logging(_logs_dir(layout), console=False))
    with _progress(enabled=not as_json) as progress:
        report = _guarded(lambda: sync_once(layout, entity, progress))
    _show_report(report, as_json)


@app.command(
    cls=Command,
    name="resync",
    help=_(
        "Renvoyer des entités en entier (par exemple après une invitation), puis faire le bilan."
    ),
)
def resync_command(
    install_dir: InstallDir,
    entity: Annotated[
        list[str], typer.Option("--entity", help=_("Entité à renvoyer en entier (répétable)."))
    ],
    user: Annotated[
        str | None,
        typer.Option("--user", help=_("Seulement les enregistrements de ce commercial.")),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Send entities again (e.g. after inviting a user), then report."""
    layout = InstallLayout(install_dir)
    _guarded(lambda: configure_logging(_logs_dir(layout), console=False))
    report = _guarded(lambda: resync(layout, entity, user))
    _show_report(report, as_json)


@app.command(
    cls=Command, name="reconcile", help=_("Supprimer dans le CRM ce que Sage 100 n'a plus.")
)
def reconcile_command(
    install_dir: InstallDir, entity: Entities = None, as_json: AsJson = False
) -> None:
    """Delete in the CRM what Sage 100 no longer has."""
    layout = InstallLayout(install_dir)
    _guarded(lambda: configure_logging(_logs_dir(layout), console=False))
    report = _guarded(lambda: reconcile(layout, entity))
    _show_report(report, as_json)


@app.command(
    cls=Command,
    help=_("Dire si le service tourne, comment chaque flux s'est passé et ce qui a échoué."),
)
def status(install_dir: InstallDir, as_json: AsJson = False) -> None:
    """Say whether the service runs, how each stream did, and what failed."""
    from ssm.connector.service.status import build_status  # not on ``sync``'s start-up path

    layout = InstallLayout(install_dir)
    if not layout.config_file.is_file():
        _fail(msg.INSTALL_NOT_CONFIGURED.format(path=layout.root, file=layout.config_file.name))
    report = _guarded(lambda: build_status(layout))
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _show_status(report)
    if report["problems"]:
        raise typer.Exit(1)


#: The kinds of pass, as the status's history names them.
_RUN_KINDS = {
    "sync": _("synchronisation"),
    "reconcile": _("réconciliation"),
}


def _show_status(report: dict[str, Any]) -> None:
    console = Console(highlight=False, soft_wrap=True)
    console.print(_("Service : {state}").format(state=report["service"]))
    for problem in report["problems"]:
        console.print(_("Erreur : {message}").format(message=problem), markup=False)
    if report["incident"] is not None:
        console.print(msg.STATUS_INCIDENT.format(**report["incident"]), markup=False)
    if report["in_progress"] is not None:
        current = report["in_progress"]
        done = ", ".join(
            msg.STATUS_PROGRESS_STREAM.format(stream=stream_title(k), count=v)
            for k, v in current["progress"].items()
        )
        console.print(msg.STATUS_PROGRESS.format(since=current["since"], done=done or "—"))
    for run in report["runs"]:
        if run["status"] == "interrupted":
            console.print(msg.STATUS_INTERRUPTED.format(run=run["id"], at=run["started_at"]))
    table = Table(
        _("Flux"),
        _("Dernière passe"),
        _("Statut"),
        _("Lus"),
        _("Créés"),
        _("Mis à jour"),
        _("Inchangés"),
        _("Supprimés"),
        _("En erreur"),
    )
    for name, s in report["streams"].items():
        figures = [str(s.get(k, "")) for k in ("read", "created", "updated", "unchanged")]
        table.add_row(
            stream_title(name),
            s["last_run"] or "—",
            msg.STREAM_STATUS.get(s["status"], s["status"]),
            *figures,
            str(s.get("deleted_last_reconcile", s.get("deleted", ""))),
            str(s.get("failed", "")),
        )
    console.print(table)
    for name, figures in report["streams"].items():
        if figures.get("aborted"):
            stopped = _("{stream} : {reason}").format(
                stream=stream_title(name), reason=figures["aborted"]
            )
            console.print(stopped, markup=False)
        if figures.get("conflicts"):
            shown = msg.STATUS_CONFLICTS.format(
                stream=stream_title(name), count=figures["conflicts"]
            )
            console.print(shown, markup=False)
    for error in report["errors"]:
        refused = _("{stream} {key} : {reason}").format(
            stream=stream_title(error["stream"]), key=error["key"], reason=error["reason"]
        )
        console.print(refused, markup=False)
    history = Table(_("Passe"), _("Type"), _("Début"), _("Fin"), _("Statut"))
    for run in report["runs"]:
        status = msg.STREAM_STATUS.get(run["status"], run["status"])
        history.add_row(
            str(run["id"]),
            _RUN_KINDS.get(run["kind"], run["kind"]),
            run["started_at"],
            run["finished_at"] or "—",
            status,
        )
    console.print(history)


@app.command(
    cls=Command,
    help=_("Afficher le journal du connecteur, lisible ; --follow attend les nouvelles lignes."),
)
def logs(
    install_dir: InstallDir,
    follow: Annotated[bool, typer.Option("--follow", "-f", help=_("Suivre le journal."))] = False,
) -> None:
    """Print the connector's log, readable; --follow waits for new lines."""
    layout = InstallLayout(install_dir)
    try:
        for line in read_log_lines(layout.logs_dir, follow=follow):
            print(line, flush=True)
    except KeyboardInterrupt:
        pass


SageServer = Annotated[
    str | None,
    typer.Option(
        "--sage-server",
        help=_(
            "Serveur Sage 100 : SERVEUR\\INSTANCE (SQL Server) ou dossier d'un serveur émulé "
            "(sinon SSM_SAGE100_SERVER, registre)."
        ),
    ),
]
NoBrowser = Annotated[
    bool, typer.Option("--no-browser", help=_("Afficher l'adresse sans ouvrir le navigateur."))
]
NoService = Annotated[
    bool, typer.Option("--no-service", help=_("Ne pas enregistrer le service (conteneurs)."))
]
Unattended = Annotated[
    bool, typer.Option("--unattended", help=_("Sans assistant : réponses lues dans --answers."))
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help=_("Refuser un fichier de réponses à secrets lisible par d'autres comptes."),
    ),
]
CloudUrl = Annotated[
    str | None,
    typer.Option(
        "--cloud-url", help=_("Adresse du service Sales Management (sinon SSM_CLOUD_URL).")
    ),
]


@app.command(
    cls=Command,
    name="install",
    help=_(
        "Installer le connecteur : l'assistant dans le navigateur (puis la configuration), "
        "ou sans assistant."
    ),
)
def install_command(
    unattended: Unattended = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help=_("Fichier de réponses TOML (docs/install.md).")),
    ] = None,
    no_service: NoService = False,
    no_browser: NoBrowser = False,
    sage_server: SageServer = None,
    cloud_url: CloudUrl = None,
) -> None:
    """Install the connector: the wizard in the browser (then the configuration), or unattended."""
    from ssm.connector.install import InstallOptions  # not on ``sync``'s start-up path
    from ssm.connector.wizard.install import install_unattended

    options = InstallOptions(
        sage_server=sage_server, cloud_url=cloud_url, register_service=not no_service
    )
    if unattended:
        answers_file = _answers_file(answers)
        final, warnings = _guarded(lambda: install_unattended(answers_file, options))
        _warn(warnings)
        typer.echo(msg.INSTALLED.format(path=final.install_dir))
        if no_service:
            typer.echo(msg.SERVICE_NOT_REGISTERED)
        if final.launch_configuration:
            typer.echo(msg.NEXT_CONFIGURE.format(path=final.install_dir))
        return
    _serve_setup(options, open_browser=not no_browser)


@app.command(
    cls=Command,
    name="setup",
    help=_(
        "Installer puis configurer, en un seul parcours dans le navigateur "
        "(les deux assistants du guide)."
    ),
)
def setup_command(
    unattended: Unattended = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help=_("Fichier de réponses TOML (docs/configure.md).")),
    ] = None,
    strict: Strict = False,
    no_service: NoService = False,
    no_browser: NoBrowser = False,
    sage_server: SageServer = None,
    cloud_url: CloudUrl = None,
) -> None:
    """Install then configure, as one journey in the browser (the guide's two wizards)."""
    from ssm.connector.install import InstallOptions  # not on ``sync``'s start-up path
    from ssm.connector.wizard.configure import setup_unattended

    options = InstallOptions(
        sage_server=sage_server, cloud_url=cloud_url, register_service=not no_service
    )
    if not unattended:
        _serve_setup(options, open_browser=not no_browser)
        return
    answers_file = _answers_file(answers, strict=strict)
    installed, configured, warnings = _guarded(lambda: setup_unattended(answers_file, options))
    _warn(warnings)
    typer.echo(msg.INSTALLED.format(path=installed.install_dir))
    if configured is not None:
        typer.echo(
            msg.CONFIGURE_DONE.format(
                path=configured.install_dir,
                company=configured.company,
                started=configured.activated,
            )
        )


def _answers_file(answers: Path | None, *, strict: bool = False) -> Path:
    """``--answers``, required with ``--unattended``; warned about if others can read its secrets.

    With ``strict`` such a file is refused before anything is done (exit code 1).
    """
    from ssm.connector.install import exposed_secrets  # not on ``sync``'s start-up path

    if answers is None:
        _fail(msg.ANSWERS_REQUIRED)
    secrets = exposed_secrets(answers)
    if secrets:
        shown = {"path": answers, "keys": ", ".join(secrets), "quoted": shlex.quote(str(answers))}
        if strict:
            _fail(msg.ANSWERS_EXPOSED_STRICT.format(**shown))
        _warn([msg.ANSWERS_EXPOSED.format(**shown)])
    return answers


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        typer.echo(msg.WARNING.format(text=warning), err=True)


def _serve_setup(options: InstallOptions, *, open_browser: bool) -> None:
    from ssm.connector.wizard.configure import setup_wizard
    from ssm.connector.wizard.install import build_context

    wizard = setup_wizard(build_context(options))
    _guarded(lambda: _web().serve_wizard(wizard, open_browser=open_browser))


def _web() -> Any:
    """The web pages are optional: a server without them still installs unattended."""
    try:
        return importlib.import_module("ssm.connector.wizard.browser")
    except ImportError:
        _fail(msg.WEB_MISSING)


@app.command(
    cls=Command,
    name="configure",
    help=_(
        "Configurer une installation : la relier à une société Sage 100 et à une instance "
        "Sales Management."
    ),
)
def configure_command(
    install_dir: InstallDir,
    unattended: Unattended = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help=_("Fichier de réponses TOML (docs/configure.md).")),
    ] = None,
    strict: Strict = False,
    no_browser: NoBrowser = False,
    cloud_url: CloudUrl = None,
) -> None:
    """Configure an install: link it to a Sage 100 company and a Sales Management instance."""
    from ssm.connector.wizard.configure import configure_unattended, configure_wizard

    if not unattended:
        if not install_dir.is_dir():
            _fail(msg.CONFIGURE_NOT_AN_INSTALL.format(path=install_dir))
        wizard = configure_wizard(install_dir.absolute())
        _guarded(lambda: _web().serve_wizard(wizard, open_browser=not no_browser))
        return
    answers_file = _answers_file(answers, strict=strict)
    final = _guarded(lambda: configure_unattended(install_dir, answers_file, cloud_url))
    typer.echo(
        msg.CONFIGURE_DONE.format(
            path=final.install_dir, company=final.company, started=final.activated
        )
    )


@app.command(
    cls=Command,
    name="uninstall",
    help=_("Arrêter et supprimer le service, puis le dossier d'installation."),
)
def uninstall_command(
    install_dir: InstallDir,
    keep_data: Annotated[
        bool, typer.Option("--keep-data", help=_("Conserver data/ (état) et logs/."))
    ] = False,
) -> None:
    """Stop and remove the service, then the install folder."""
    from ssm.connector.install import uninstall  # not on ``sync``'s start-up path

    _guarded(lambda: uninstall(install_dir, keep_data=keep_data))
    done = msg.UNINSTALLED_KEPT if keep_data else msg.UNINSTALLED
    typer.echo(done.format(path=install_dir.absolute()))


@app.command(
    cls=Command,
    name="doctor",
    help=_("Vérifier les prérequis (et une installation) et dire quoi faire pour chaque échec."),
)
def doctor_command(
    install_dir: Annotated[
        Path | None, typer.Option("--dir", help=_("Dossier d'installation à vérifier."))
    ] = None,
    sage_server: SageServer = None,
    cloud_url: CloudUrl = None,
    no_service: Annotated[
        bool, typer.Option("--no-service", help=_("Ne pas vérifier les droits du service."))
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Check the prerequisites (and an install) and say what to do about each failure."""
    from ssm.connector.install import InstallOptions, doctor  # not on ``sync``'s start-up path

    options = InstallOptions(
        sage_server=sage_server, cloud_url=cloud_url, register_service=not no_service
    )
    folder = install_dir.absolute() if install_dir is not None else None
    report = _guarded(lambda: doctor(folder, options))
    if as_json:
        print(json.dumps([p.as_dict() for p in report], ensure_ascii=False))
    else:
        console = Console(highlight=False, soft_wrap=True)
        for item in report:
            mark = _("OK ") if item.ok else _("ÉCHEC")
            line = _("[{mark}] {name} : {detail}").format(
                mark=mark, name=item.name, detail=item.detail
            )
            console.print(line if item.ok else f"{line} {item.what_to_do}", markup=False)
    if not all(p.ok for p in report):
        raise typer.Exit(1)


def _show_report(report: RunReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        console = Console(highlight=False)
        for s in report.streams:
            line = _(
                "{stream} : lus {read}, créés {created}, mis à jour {updated}, "
                "inchangés {unchanged}, supprimés {deleted}, en erreur {failed}"
            ).format(
                stream=stream_title(s.stream),
                read=s.read,
                created=s.created,
                updated=s.updated,
                unchanged=s.unchanged,
                deleted=s.deleted,
                failed=s.failed,
            )
            if s.conflicts:
                line += _(", conflits {count}").format(count=s.conflicts)
            if s.aborted:
                line += _(" — interrompu : {reason}").format(reason=s.aborted)
            console.print(line, markup=False)
        for note in report.notes:
            console.print(note, markup=False)
        console.print(
            _("Passe {status}.").format(status=msg.RUN_STATUS[report.status]), markup=False
        )
    if report.status != "succeeded":
        raise typer.Exit(1)


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[str, int], None] | None]:
    """Rich progress bars, one per stream, when writing to a terminal."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bars:
        tasks: dict[str, Any] = {}

        def advance(stream: str, count: int) -> None:
            if stream not in tasks:
                tasks[stream] = bars.add_task(stream, total=None)
            bars.advance(tasks[stream], count)

        yield advance


def _guarded(action: Callable[[], T]) -> T:
    """Run a command's work; any error becomes one line on stderr and exit code 1.

    An unforeseen error shows its type and first line, its traceback only with ``--debug``.
    """
    try:
        return action()
    except (ConnectorError, Sage100Error) as exc:
        if _options["debug"]:
            raise
        sentence = str(exc)
    except Exception as exc:
        if _options["debug"]:
            raise
        text = str(exc).splitlines()[0] if str(exc) else ""
        sentence = msg.UNEXPECTED.format(reason=f"{type(exc).__name__}: {text}".rstrip(": "))
    log_failure(sentence)
    _fail(sentence)


def _logs_dir(layout: InstallLayout) -> Path | None:
    """The install's log folder once it is configured (a bare folder gets no log)."""
    return layout.logs_dir if layout.config_file.is_file() else None


def _fail(message: str) -> NoReturn:
    typer.echo(_("Erreur : {message}").format(message=message), err=True)
    raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    speak_process_language()
    tune_garbage_collector()
    app()
