"""The demo: the whole journey on one machine, from nothing to accounts in the CRM.

It generates an emulated Sage 100 server, starts the Sales Management service on loopback
as a child process (the connector reaches the cloud over HTTP only), issues and redeems an
activation key, configures the connector unattended and syncs. A second run in the same
work folder reuses what the first one made, so the demo can be stopped and resumed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from ssm.connector import messages as msg
from ssm.connector.configure import (
    Administrator,
    check_activation_key,
    configure,
    sage_administrators,
)
from ssm.connector.errors import ConfigurationError, DemoError
from ssm.connector.logs import configure_logging
from ssm.connector.messages import _
from ssm.connector.service.loop import Service, ServiceOptions
from ssm.connector.service.passes import RunReport, count_entities, sync_once
from ssm.connector.settings import InstallLayout, load_install, sage_login, save_install
from ssm.connector.sync import stream_title
from ssm.sage100 import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    current_anchor,
    generate_server,
    open_server,
)

DEMO_COMPANY = "BIJOU"
# Used only when the company has no sales rep with an e-mail, as the wizard would ask for one.
FALLBACK_ADMINISTRATOR = Administrator("Camille", "Martin", "camille.martin@bijou.example")

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoOptions:
    """What ``ssm-connector demo`` was asked to do."""

    workdir: Path
    size: str = "small"
    seed: int = 1
    cloud_url: str | None = None
    activation_key: str | None = None
    anchor: datetime | None = None
    """The "today" of the generated Sage data; None: now, so the dashboard's current week,
    month and year hold sales (the seed gives the same data relative to it)."""


@dataclass(frozen=True)
class DemoPaths:
    """Where the demo keeps each part inside its work folder."""

    workdir: Path

    @property
    def sage_server(self) -> Path:
        """The emulated Sage 100 server folder."""
        return self.workdir / "sage100"

    @property
    def cloud_database(self) -> Path:
        """The cloud's SQLite database."""
        return self.workdir / "cloud" / "cloud.sqlite"

    @property
    def install(self) -> InstallLayout:
        """The connector's install folder."""
        return InstallLayout(self.workdir / "install")


def prepare_sage(paths: DemoPaths, options: DemoOptions, say: Say) -> None:
    """Generate the Sage 100 server unless a previous run left one."""
    if paths.sage_server.is_dir() and any(paths.sage_server.iterdir()):
        say(_("Serveur Sage 100 réutilisé : {path}").format(path=paths.sage_server))
        return
    say(
        _("Génération d'un serveur Sage 100 « {size} » dans {path} …").format(
            size=options.size, path=paths.sage_server
        )
    )
    generate_server(
        paths.sage_server,
        company=DEMO_COMPANY,
        size=options.size,
        seed=options.seed,
        anchor=options.anchor or current_anchor(),
    )


@contextmanager
def local_cloud(paths: DemoPaths, say: Say) -> Iterator[str]:
    """Run ``ssm-cloud serve`` on a free loopback port for the duration of the block."""
    paths.cloud_database.parent.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (paths.workdir / "cloud" / "cloud.log").open("ab")
    command = [*cloud_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 - our own console script, no shell
        [*command, "--database", database_url(paths)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_healthy(url, process)
        say(_("Service Sales Management démarré : {url}").format(url=url))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def issue_activation_key(paths: DemoPaths) -> str:
    """Ask the local cloud for a single-use activation key (``ssm-cloud keys issue``)."""
    done = subprocess.run(  # noqa: S603 - our own console script, no shell
        [*cloud_command(), "keys", "issue", "--database", database_url(paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DemoError(
            msg.DEMO_CHILD_FAILED.format(name="ssm-cloud keys issue", detail=detail[-1:])
        )
    return lines[-1].strip()


def prepare_install(paths: DemoPaths, options: DemoOptions, cloud_url: str, say: Say) -> None:
    """Configure the connector, or point an existing install at this run's cloud URL."""
    layout = paths.install
    if layout.config_file.is_file():
        config, secrets = load_install(layout)
        if config.cloud.url != cloud_url:
            cloud = config.cloud.model_copy(update={"url": cloud_url})
            save_install(layout, config.model_copy(update={"cloud": cloud}), secrets)
        say(_("Connecteur déjà configuré : {path}").format(path=layout.root))
        return
    key = options.activation_key or issue_activation_key(paths)
    check_activation_key(cloud_url, key)  # an unreachable cloud or a bad key writes nothing
    reps = sage_administrators(str(paths.sage_server), DEMO_COMPANY)
    administrator = reps[0] if reps else FALLBACK_ADMINISTRATOR
    admin = administrator
    say(
        _("Administrateur : {first_name} {last_name} <{email}>").format(
            first_name=admin.first_name, last_name=admin.last_name, email=admin.email
        )
    )
    configure(
        layout,
        sage_server=str(paths.sage_server),
        company=DEMO_COMPANY,
        sage_user=DEFAULT_SAGE_USER,
        sage_password=DEFAULT_SAGE_PASSWORD,
        cloud_url=cloud_url,
        activation_key=key,
        administrator=administrator,
    )
    say(_("Connecteur configuré et activé : {path}").format(path=layout.root))


def run_demo(options: DemoOptions, say: Say, *, once: bool) -> dict[str, Any]:
    """Set everything up, sync, and either return the report or keep syncing until Ctrl-C."""
    paths = DemoPaths(options.workdir.resolve())
    try:
        paths.workdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            msg.WORKDIR_UNUSABLE.format(path=paths.workdir, detail=exc.strerror)
        ) from exc
    if options.cloud_url is None and options.activation_key is not None:
        raise ConfigurationError("--activation-key n'a de sens qu'avec --cloud-url.")
    prepare_sage(paths, options, say)
    with _cloud(paths, options, say) as cloud_url:
        prepare_install(paths, options, cloud_url, say)
        configure_logging(paths.install.logs_dir, console=False)
        report = sync_once(paths.install)
        summary = _summary(paths, cloud_url, report)
        _say_report(summary, say)
        if not once:
            _keep_syncing(paths, cloud_url, say)
    return summary


@contextmanager
def _cloud(paths: DemoPaths, options: DemoOptions, say: Say) -> Iterator[str]:
    if options.cloud_url is not None:
        yield options.cloud_url.rstrip("/")
    else:
        with local_cloud(paths, say) as url:
            yield url


def _keep_syncing(paths: DemoPaths, cloud_url: str, say: Say) -> None:
    """Run the background service's loop in the foreground until Ctrl-C."""
    config, _secrets = load_install(paths.install)
    say(_("API : {url}/api/v4 — documentation : {url}/docs").format(url=cloud_url))
    say(
        _(
            "Application web : {url}/login — le lien pour choisir le mot de passe de "
            "l'administrateur est dans l'e-mail de bienvenue, {outbox}"
        ).format(url=cloud_url, outbox=paths.cloud_database.parent / "outbox")
    )
    say(
        _(
            "Synchronisation en continu (changements vus en {seconds:g} s). "
            "Essayez « ssm-sage100 activity {path} » ; Ctrl-C pour arrêter."
        ).format(seconds=config.sync.poll_interval, path=paths.sage_server)
    )

    def show(report: RunReport) -> None:
        for s in report.streams:
            if s.created or s.updated or s.deleted or s.failed or s.aborted:
                say(_stream_line(s.as_dict()))

    Service(paths.install, ServiceOptions(on_report=show)).run()
    say(_("Arrêt demandé."))


def _summary(paths: DemoPaths, cloud_url: str, report: RunReport) -> dict[str, Any]:
    config, secrets = load_install(paths.install)
    server = open_server(config.sage.server, login=sage_login(config, secrets))
    return {
        "sage_server": str(paths.sage_server),
        "sage_version": server.version().version,
        "company": DEMO_COMPANY,
        "cloud_url": cloud_url,
        "install_dir": str(paths.install.root),
        "run_id": report.run_id,
        "run_status": report.status,
        "streams": report.as_dict()["streams"],
        "entities": count_entities(paths.install),
    }


def _say_report(summary: dict[str, Any], say: Say) -> None:
    for figures in summary["streams"].values():
        say(_stream_line(figures))
    for name, counts in summary["entities"].items():
        say(
            _("{name} : {sage} dans Sage 100, {cloud} dans Sales Management").format(
                name=stream_title(name), sage=counts["sage"], cloud=counts["cloud"]
            )
        )
    say(_("Synchronisation {status}.").format(status=msg.RUN_STATUS[summary["run_status"]]))


def _stream_line(f: dict[str, Any]) -> str:
    line = _(
        "{stream} : lus {read}, créés {created}, mis à jour {updated}, inchangés {unchanged}, "
        "en erreur {failed}"
    ).format(**{**f, "stream": stream_title(f["stream"])})
    return line + (
        _(" — interrompu : {reason}").format(reason=f["aborted"]) if f["aborted"] else ""
    )


def database_url(paths: DemoPaths) -> str:
    """The demo cloud's SQLite database, as ``ssm-cloud --database`` takes it."""
    return f"sqlite:///{paths.cloud_database}"


def cloud_command() -> list[str]:
    """The ``ssm-cloud`` script installed beside this interpreter."""
    beside = Path(sys.executable).with_name("ssm-cloud")
    found = str(beside) if beside.exists() else shutil.which("ssm-cloud")
    if found is None:
        raise DemoError(msg.DEMO_CHILD_FAILED.format(name="ssm-cloud", detail="introuvable"))
    return [found]


def free_port() -> int:
    """A loopback port free now, for a cloud started as a child process."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Return once the cloud at ``url`` answers its health check; fail if its process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(
                msg.DEMO_CHILD_FAILED.format(
                    name="ssm-cloud serve",
                    detail=_("code de sortie {code}").format(code=process.returncode),
                )
            )
        try:
            if httpx.get(f"{url}/-/health", timeout=1.0).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise DemoError(msg.DEMO_CHILD_FAILED.format(name="ssm-cloud serve", detail="délai dépassé"))
