"""Typer command classes whose usage line, ``--help`` and refusals speak the process's language.

Typer 0.29 carries its own copy of Click in which « Usage: », « Show this message and
exit. » and « Missing option » are plain English, out of ``gettext``'s reach (unlike
Typer's panel titles and « No such command », which :mod:`ssm.i18n.process` translates).
These subclasses put them through the same catalogue, using only Click's public methods:
each command line passes ``cls=Group`` to its ``typer.Typer`` and ``cls=Command`` to its
commands.
"""

from __future__ import annotations

import gettext
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

#: Click's English openings of a refused parameter, as its messages begin.
_MISSING = ("Missing option", "Missing argument", "Missing parameter")
_INVALID = "Invalid value for "


class Refused(typer.BadParameter):
    """A refused parameter whose message is already in the process's language."""

    def format_message(self) -> str:
        """The message as given: Typer's would prefix « Invalid value » in English."""
        return self.message


def translated(exc: typer.BadParameter) -> typer.BadParameter:
    """``exc`` said in the process's language when Click's catalogue knows its opening.

    Only the opening is Click's: the reason after « Invalid value for '--x': » is the
    converter's own (pydantic's, in English).
    """
    english = exc.format_message()
    for opening in _MISSING:
        if english.startswith(opening):
            said = gettext.gettext(opening) + english[len(opening) :]
            return Refused(said, ctx=exc.ctx, param=exc.param)
    if english.startswith(_INVALID):
        hint, _, reason = english[len(_INVALID) :].partition(": ")
        said = gettext.gettext("Invalid value for {param_hint}: {message}")
        return Refused(said.format(param_hint=hint, message=reason), ctx=exc.ctx, param=exc.param)
    return exc


class _Speaking:
    """What both classes change: the usage line, ``--help``'s help, refusals."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line, its « Usage: » translated."""
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, pieces, prefix=gettext.gettext("Usage:") + " ")

    def get_help_option(self, ctx: Any) -> Any:
        """``--help``, its « Show this message and exit. » translated."""
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = gettext.gettext("Show this message and exit.")
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Click's parsing, a missing parameter reported in the process's language."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except typer.BadParameter as exc:
            raise translated(exc) from exc


class Command(_Speaking, TyperCommand):
    """A Typer command that speaks the process's language (``@app.command(cls=Command)``)."""


class Group(_Speaking, TyperGroup):
    """A Typer group that speaks the process's language (``typer.Typer(cls=Group)``)."""
