"""``ssm-sage100``: generate an emulated Sage 100 server, simulate its users, inspect it.

Commands are thin: each calls a library function (``generate_server``, ``run_activity``,
``open_server``) and turns :class:`Sage100Error` into one line on stderr and exit code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ssm.sage100._server import open_server
from ssm.sage100.emulator import (
    DEFAULT_SAGE_PASSWORD,
    SIZES,
    ActivityAction,
    generate_server,
    run_activity,
)
from ssm.sage100.errors import Sage100Error

__all__ = ["app", "main"]

app = typer.Typer(
    help="Emulated Sage 100 server: demo data, simulated users.", no_args_is_help=True
)
_out = Console()
_err = Console(stderr=True)


def _fail(exc: Exception) -> typer.Exit:
    _err.print(f"Erreur : {exc}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


@app.command()
def generate(
    directory: Annotated[Path, typer.Argument(help="New or empty folder (or an emulated server).")],
    company: Annotated[str, typer.Option(help="Company name (P_DOSSIER.D_RaisonSoc).")] = "Démo",
    size: Annotated[str, typer.Option(help=f"One of: {', '.join(SIZES)}.")] = "tiny",
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 0,
    sage_password: Annotated[
        str, typer.Option(help="Password of the Sage login 'Administrateur'.")
    ] = DEFAULT_SAGE_PASSWORD,
) -> None:
    """Generate a realistic French company in an emulated Sage 100 server folder."""
    try:
        report = generate_server(directory, company, size, seed, sage_password=sage_password)
    except Sage100Error as exc:
        raise _fail(exc) from None
    table = Table(title=f"{report.company} ({report.database}) — {report.size}, seed {seed}")
    table.add_column("Table")
    table.add_column("Lignes", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, f"{count:,}".replace(",", " "))
    _out.print(table)
    _out.print(f"Serveur : {report.location} — généré en {report.seconds:.1f} s")


@app.command()
def activity(
    directory: Annotated[Path, typer.Argument(help="An emulated server folder.")],
    company: Annotated[str | None, typer.Option(help="Database (default: the first).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the simulated user.")] = 0,
    actions: Annotated[int | None, typer.Option(help="Stop after N actions.")] = None,
    rate: Annotated[float, typer.Option(help="Actions per second.")] = 1.0,
    duration: Annotated[float | None, typer.Option(help="Stop after S seconds.")] = None,
) -> None:
    """Edit a company like a Sage user at work, one line per action."""
    try:
        server = open_server(directory)
        companies = server.companies()
        if not companies:
            raise Sage100Error(f"no company in {directory}; run `ssm-sage100 generate` first")
        engine = server.engine(company or companies[0].database)
    except Sage100Error as exc:
        raise _fail(exc) from None

    def show(action: ActivityAction) -> None:
        typer.echo(f"{action.kind:16} {action.table:12} {action.description}")

    try:
        run_activity(
            engine, seed=seed, actions=actions, rate=rate, duration=duration, on_action=show
        )
    except KeyboardInterrupt:
        pass
    finally:
        engine.dispose()


@app.command()
def companies(directory: Annotated[Path, typer.Argument(help="A server folder.")]) -> None:
    """List the companies (databases) of a server."""
    try:
        found = open_server(directory).companies()
    except Sage100Error as exc:
        raise _fail(exc) from None
    for info in found:
        typer.echo(f"{info.database}\t{info.name}")


@app.command()
def version(directory: Annotated[Path, typer.Argument(help="A server folder.")]) -> None:
    """Show the detected Sage 100 version and whether it is supported."""
    try:
        detected = open_server(directory).version()
    except Sage100Error as exc:
        raise _fail(exc) from None
    support = "prise en charge" if detected.supported else "non prise en charge"
    typer.echo(f"{detected.product} {detected.version} ({support})")


def main() -> None:
    """Entry point of the ``ssm-sage100`` command."""
    app()
