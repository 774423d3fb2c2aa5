"""The status's last incident: a failed pass shows its reason, even in the second of a good one.

Runs are stamped to the second; a sync that fails right after a good one (a small company,
a disk that fills at once) finishes in the same second, and its reason must not be hidden.
"""

from __future__ import annotations

import sqlite3

from ssm.connector import InstallLayout
from ssm.connector.service.status import build_status
from ssm.connector.sync.engine import StreamResult
from ssm.connector.sync.state import StateStore

REASON = "Impossible d'écrire dans le dossier de données : le disque est plein."
FAILED = {"streams": {"accounts": StreamResult("accounts", aborted=REASON).as_dict()}}
GOOD = {"streams": {"accounts": StreamResult("accounts").as_dict()}}


def _runs(layout: InstallLayout, *outcomes: tuple[str, dict[str, object]]) -> None:
    layout.state_file.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(layout.state_file) as state:
        for status, report in outcomes:
            state.finish_run(state.start_run(), status, report)
    with sqlite3.connect(layout.state_file) as db:  # every run in the same second
        db.execute("UPDATE runs SET finished_at = '2026-12-07T03:01:39+00:00'")
    db.close()


def test_a_failed_pass_in_the_second_of_a_good_one_is_the_incident(tmp_path):
    layout = InstallLayout(tmp_path / "install")
    _runs(layout, ("succeeded", GOOD), ("failed", FAILED))
    incident = build_status(layout)["incident"]
    assert incident is not None and incident["message"] == REASON


def test_a_good_pass_after_a_failed_one_clears_the_incident(tmp_path):
    layout = InstallLayout(tmp_path / "install")
    _runs(layout, ("failed", FAILED), ("succeeded", GOOD))
    assert build_status(layout)["incident"] is None
