"""The ``ssm-connector`` command line: one Typer app, thin commands over library functions."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from ssm.connector._demo import DemoOptions, run_demo
from ssm.connector._runner import sync_once
from ssm.connector.errors import ConnectorError
from ssm.connector.settings import InstallLayout
from ssm.sage100 import Sage100Error

T = TypeVar("T")

app = typer.Typer(
    help="Connecteur Sage 100 ⇄ Sales Management.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command()
def demo(
    workdir: Annotated[Path, typer.Option(help="Dossier de travail de la démonstration.")] = Path(
        "ssm-demo"
    ),
    once: Annotated[
        bool, typer.Option("--once", help="S'arrêter après la première synchronisation.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Terminer par le rapport JSON sur une ligne.")
    ] = False,
    size: Annotated[str, typer.Option(help="Taille des données Sage générées.")] = "small",
    seed: Annotated[int, typer.Option(help="Graine des données générées.")] = 1,
    cloud_url: Annotated[
        str | None,
        typer.Option(help="Utiliser ce service Sales Management au lieu d'en lancer un."),
    ] = None,
    activation_key: Annotated[
        str | None, typer.Option(help="Code d'activation pour --cloud-url.")
    ] = None,
) -> None:
    """Run the whole journey on this machine: Sage 100 emulated, cloud on loopback, sync."""
    console = Console(stderr=as_json, soft_wrap=True, highlight=False)
    options = DemoOptions(workdir, size, seed, cloud_url, activation_key)
    summary = _guarded(lambda: run_demo(options, partial(console.print, markup=False), once=once))
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    if summary["run_status"] != "succeeded":
        raise typer.Exit(1)


@app.command()
def sync(
    install_dir: Annotated[Path, typer.Option("--dir", help="Dossier d'installation.")],
    as_json: Annotated[bool, typer.Option("--json", help="Rapport JSON.")] = False,
) -> None:
    """Synchronise every stream once."""
    report = _guarded(lambda: sync_once(InstallLayout(install_dir)))
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for s in report.streams:
            Console().print(s.as_dict())
    if report.status != "succeeded":
        raise typer.Exit(1)


def _guarded(action: Callable[[], T]) -> T:
    """Run a command's work; our errors become one line on stderr and exit code 1."""
    try:
        return action()
    except (ConnectorError, Sage100Error) as exc:
        typer.echo(f"Erreur : {exc}", err=True)
        raise typer.Exit(1) from None


def main() -> None:
    """Console-script entry point."""
    app()
