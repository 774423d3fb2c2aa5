"""The ``ssm-sage100`` command: thin commands, one clear French line on bad input."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssm.sage100.cli import app
from ssm.sage100.emulator import REGISTRY_FILE, parse_anchor
from ssm.sage100.errors import GenerationError
from ssm.sage100.messages import ACTIVITY_KINDS

runner = CliRunner()

#: Root reads every folder; without these two capabilities it gets "Permission denied".
_DROP_DAC = "-dac_override,-dac_read_search"


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("Erreur : "), lines[0]
    return lines[0]


def _one_error_line(result) -> str:
    assert result.exit_code != 0
    return _one_line(result.stderr)


def _run_without_root_read(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``ssm-sage100 ARGS`` as root without the capabilities that bypass file modes."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail(
            "setpriv (util-linux) is missing: as root it is needed to drop "
            "CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH; install util-linux",
            pytrace=False,
        )
    command = str(Path(sys.executable).with_name("ssm-sage100"))
    return subprocess.run(
        [setpriv, "--bounding-set", _DROP_DAC, command, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_generate_prints_counts_then_companies_and_version(tmp_path: Path) -> None:
    target = tmp_path / "srv"
    result = runner.invoke(app, ["generate", str(target), "--company", "Démo CLI", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "F_COMPTET" in result.stdout and "30" in result.stdout
    words = " ".join(result.stdout.split())  # the table title wraps to the table's width
    assert "Démo CLI (DEMO_CLI) — taille tiny, graine 2" in words
    assert f"Serveur : {target} — généré en " in result.stdout
    listed = runner.invoke(app, ["companies", str(target)])
    assert listed.stdout.strip() == "DEMO_CLI\tDémo CLI"
    version = runner.invoke(app, ["version", str(target)])
    assert "11.00" in version.stdout and "prise en charge" in version.stdout


def _last_stamp_and_date(server: Path) -> tuple[str, str]:
    """The newest ``cbModification`` of any table and the newest document date."""
    (company,) = server.glob("*.sqlite")
    with closing(sqlite3.connect(company)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        stamps = [
            conn.execute(f'SELECT MAX(cbModification) FROM "{table}"').fetchone()[0]
            for table in tables
            if any(c[1] == "cbModification" for c in conn.execute(f'PRAGMA table_info("{table}")'))
        ]
        (last_date,) = conn.execute("SELECT MAX(DO_Date) FROM F_DOCENTETE").fetchone()
    return max(s for s in stamps if s is not None), last_date


def test_generate_anchors_the_data_to_now_unless_told_a_day(tmp_path: Path) -> None:
    before = datetime.now().replace(second=0, microsecond=0)
    assert runner.invoke(app, ["generate", str(tmp_path / "now")]).exit_code == 0
    after = datetime.now().replace(second=0, microsecond=0)
    stamp, _ = _last_stamp_and_date(tmp_path / "now")
    assert before <= datetime.fromisoformat(stamp) <= after  # the anchor's own rows

    done = runner.invoke(app, ["generate", str(tmp_path / "day"), "--anchor", "2025-03-14"])
    assert done.exit_code == 0, done.output
    stamp, last_date = _last_stamp_and_date(tmp_path / "day")
    assert stamp == "2025-03-14 18:00:00"
    assert "2025-01-01" < last_date <= "2025-03-14 00:00:00"
    exact = ["generate", str(tmp_path / "minute"), "--anchor", "2025-03-14T09:05"]
    assert runner.invoke(app, exact).exit_code == 0
    assert _last_stamp_and_date(tmp_path / "minute")[0] == "2025-03-14 09:05:00"


@pytest.mark.parametrize("anchor", ["demain", "14/03/2025", "2025-03-14T09:05:30", "2025-02-30"])
def test_a_bad_anchor_is_one_french_line_and_writes_nothing(tmp_path: Path, anchor: str) -> None:
    done = runner.invoke(app, ["generate", str(tmp_path / "s"), "--anchor", anchor])
    line = _one_error_line(done)
    assert line == (
        f"Erreur : Date « {anchor} » non valide : saisissez AAAA-MM-JJ (ce jour-là à 18 h) "
        "ou AAAA-MM-JJTHH:MM."
    )
    assert not (tmp_path / "s").exists()


def test_today_s_date_alone_never_dates_a_row_in_the_future() -> None:
    now = datetime(2026, 12, 7, 9, 41)
    assert parse_anchor("2026-12-07", now) == now
    assert parse_anchor("2026-12-06", now) == datetime(2026, 12, 6, 18, 0)
    assert parse_anchor("2027-02-01", now) == datetime(2027, 2, 1, 18, 0)
    assert parse_anchor("2026-12-07 20:15", now) == datetime(2026, 12, 7, 20, 15)  # as told
    with pytest.raises(GenerationError):
        parse_anchor("", now)


def test_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    line = _one_error_line(runner.invoke(app, ["generate", str(tmp_path)]))
    assert f"Le dossier {tmp_path} n'est pas vide" in line
    assert "choisissez un dossier nouveau ou vide" in line
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_unknown_size(tmp_path: Path) -> None:
    line = _one_error_line(runner.invoke(app, ["generate", str(tmp_path / "s"), "--size", "xl"]))
    assert "Taille inconnue « xl » : choisissez tiny, small, pme ou eti." in line
    assert not (tmp_path / "s").exists()


def test_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep")
    line = _one_error_line(runner.invoke(app, ["generate", str(blocker / "srv")]))
    assert f"Impossible d'écrire le serveur dans {blocker / 'srv'}" in line
    assert "choisissez un autre dossier" in line
    assert blocker.read_text() == "keep"


@pytest.mark.parametrize("command", ["generate", "companies", "version"])
def test_unreadable_folder(tmp_path: Path, command: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        if os.geteuid() == 0:
            done = _run_without_root_read([command, str(locked)])
            assert done.returncode != 0, done.stdout
            line = _one_line(done.stderr)
        else:
            line = _one_error_line(runner.invoke(app, [command, str(locked)]))
        assert f"Impossible de lire le dossier {locked} (accès refusé)" in line
        assert "vérifiez ses droits" in line
        assert locked.stat().st_mode & 0o777 == 0
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []
    assert list(tmp_path.iterdir()) == [locked]


def test_companies_of_a_non_server(tmp_path: Path) -> None:
    line = _one_error_line(runner.invoke(app, ["companies", str(tmp_path)]))
    assert f"Le dossier {tmp_path} n'est pas un serveur Sage 100 émulé" in line
    assert f"« ssm-sage100 generate {tmp_path} »" in line


def test_activity_command(tmp_path: Path) -> None:
    target = tmp_path / "srv"
    assert runner.invoke(app, ["generate", str(target)]).exit_code == 0
    result = runner.invoke(app, ["activity", str(target), "--actions", "3", "--rate", "0"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    labels = set(ACTIVITY_KINDS.values())
    assert all(any(line.startswith(label) for label in labels) for line in lines), lines


def test_activity_without_company(tmp_path: Path) -> None:
    (tmp_path / REGISTRY_FILE).write_text("")
    line = _one_error_line(runner.invoke(app, ["activity", str(tmp_path), "--actions", "1"]))
    assert f"Le serveur {tmp_path} n'a aucune société" in line
