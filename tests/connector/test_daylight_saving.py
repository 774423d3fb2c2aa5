"""The server's clock changes while the connector is stopped: real processes, real zones.

Each process takes its time zone from ``TZ``, as a server's processes take the server's:
the emulated Sage stamps ``cbModification`` in the local time of the process that
writes, and the connector reads the server's clock in its own. A pass in summer time,
then an edit and ``ssm-connector run`` in winter time (one hour behind) is the end of
daylight saving with the connector stopped across it; the other way round, its start.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ssm.connector import load_install
from ssm.connector.service.passes import open_crm
from ssm.connector.sync import StateStore
from ssm.sage100 import open_server

BIN = Path(sys.executable).parent
#: POSIX zones (the sign is inverted: ``UTC-2`` is two hours ahead of UTC).
SUMMER, WINTER = "CEST-2", "CET-1"
PHONE = "05 55 55 55 55"

#: A Sage user's edit in another program: one client's phone, stamped by Sage's trigger.
_EDIT = """
import sys
from sqlalchemy import text
from ssm.sage100 import open_server
engine = open_server(sys.argv[1]).engine(sys.argv[2])
with engine.begin() as conn:
    conn.execute(text("UPDATE F_COMPTET SET CT_Telephone = :p WHERE CT_Num = :n"),
                 {"p": sys.argv[4], "n": sys.argv[3]})
    print(conn.execute(text("SELECT cbModification FROM F_COMPTET WHERE CT_Num = :n"),
                       {"n": sys.argv[3]}).scalar_one())
engine.dispose()
"""


def _env(zone: str) -> dict[str, str]:
    return {**os.environ, "TZ": zone}


def _phone(layout, key: str) -> str | None:
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return next(a["phone"] for a in crm.iter_all("accounts") if a["extId"] == key)


@pytest.mark.parametrize(
    ("before", "after"), [(SUMMER, WINTER), (WINTER, SUMMER)], ids=["fall-back", "spring-forward"]
)
def test_an_edit_after_a_clock_change_while_stopped_arrives_within_two_passes(
    installed, before, after
):
    layout = installed()
    first = subprocess.run(
        [str(BIN / "ssm-connector"), "sync", "--dir", str(layout.root), "--json"],
        env=_env(before),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    with StateStore(layout.state_file) as state:
        cursor = state.cursor("accounts")
        passes_before = len(state.runs(limit=1000, kind="sync"))
    assert cursor is not None and cursor.utc_offset is not None
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    with engine.connect() as conn:
        key = conn.execute(
            text("SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 ORDER BY cbMarq LIMIT 1")
        ).scalar_one()
    engine.dispose()
    edit = subprocess.run(
        [sys.executable, "-c", _EDIT, config.sage.server, config.sage.company, key, PHONE],
        env=_env(after),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    stamp = edit.stdout.strip()
    service = subprocess.Popen(
        [str(BIN / "ssm-connector"), "run", "--dir", str(layout.root), "--poll-interval", "0.2"],
        env=_env(after),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while _phone(layout, key) != PHONE and time.monotonic() < deadline:
            time.sleep(0.5)
        arrived = _phone(layout, key) == PHONE
    finally:
        service.send_signal(signal.SIGTERM)
        _out, err = service.communicate(timeout=60)
    assert arrived, f"edit stamped {stamp} never read from cursor {cursor}: {err[-2000:]}"
    with StateStore(layout.state_file) as state:
        passes = len(state.runs(limit=1000, kind="sync")) - passes_before
    assert 1 <= passes <= 2
