"""Fixtures: one factory that generates emulated servers in tmp_path."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine

from _clock import ManualClock
from ssm.sage100 import GenerationReport, generate_server
from ssm.sage100.emulator import EmulatedServer

#: Yesterday at midnight: generated data is always older than the edits tests make.
ANCHOR = (datetime.now() - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture
def make_server(tmp_path: Path) -> Callable[..., GenerationReport]:
    """Generate a server: make_server(size="tiny", seed=1, company="Démo", name="srv", …)."""

    def make(
        size: str = "tiny",
        seed: int = 1,
        company: str = "Démo Tiny SARL",
        name: str = "srv",
        bad_data: bool = False,
        generation: str = "B",
        triggers: bool = True,
        sage_password: str = "",
    ) -> GenerationReport:
        return generate_server(
            tmp_path / name,
            company,
            size,
            seed,
            anchor=ANCHOR,
            bad_data=bad_data,
            generation=generation,  # type: ignore[arg-type]
            triggers=triggers,
            sage_password=sage_password,
        )

    return make


@pytest.fixture(scope="session")
def _tiny_template(tmp_path_factory: pytest.TempPathFactory) -> GenerationReport:
    folder = tmp_path_factory.mktemp("template") / "srv"
    return generate_server(folder, "Démo Tiny SARL", "tiny", 1, anchor=ANCHOR)


@pytest.fixture
def tiny(_tiny_template: GenerationReport, tmp_path: Path) -> GenerationReport:
    """A fresh copy of one tiny server generated once per session (as make_server())."""
    target = tmp_path / "srv"
    shutil.copytree(_tiny_template.location, target)
    return dataclasses.replace(_tiny_template, location=str(target))


#: The server's zone in tests: Paris in summer (CEST).
SUMMER = timezone(timedelta(hours=2))


@pytest.fixture
def clock() -> ManualClock:
    """The test server's clock: today 10:30:15 CEST, after every generated row; moved by hand."""
    today = ANCHOR.date() + timedelta(days=1)
    return ManualClock(datetime.combine(today, time(10, 30, 15), tzinfo=SUMMER))


@pytest.fixture
def engine(tiny: GenerationReport, clock: ManualClock) -> Iterator[Engine]:
    """An engine on the tiny company, its server on the test's ``clock``."""
    eng = EmulatedServer(tiny.location, clock=clock).engine(tiny.database)
    yield eng
    eng.dispose()


#: The live SQL Server suite runs only against a server the environment names.
MSSQL_URL_VARIABLE = "SSM_TEST_MSSQL_URL"
MSSQL_NOT_RUN = (
    f"{MSSQL_URL_VARIABLE} non défini : la suite SQL Server réelle "
    "(tests/sage100/test_sqlserver_live.py) n'a pas tourné ; rien n'a été vérifié contre "
    "un vrai SQL Server."
)

# Not collected at all without a server: no test is skipped to look green, and the
# terminal summary says plainly that the live suite did not run.
collect_ignore = [] if os.environ.get(MSSQL_URL_VARIABLE) else ["test_sqlserver_live.py"]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say whether the live SQL Server suite ran."""
    terminalreporter.write_sep("-", "SQL Server réel")
    if os.environ.get(MSSQL_URL_VARIABLE):
        terminalreporter.write_line(
            f"{MSSQL_URL_VARIABLE} défini : la suite SQL Server réelle a été collectée."
        )
    else:
        terminalreporter.write_line(MSSQL_NOT_RUN)
