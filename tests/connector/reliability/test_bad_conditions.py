"""Bad conditions met by real ``ssm-connector`` processes: one French sentence, nothing lost.

Each test breaks something as an operator meets it (Sage 100 held exclusively by another
program, a broken ``connector.toml``, a read-only data folder, a full disk, a pass killed
midway), checks the sentence on the console, in the log and in ``status``, then removes the
condition and checks that the sync resumes until the cloud equals Sage record by record.

A full disk is a file-size limit (``RLIMIT_FSIZE``) on the connector's process: its state
may not grow, so SQLite's writes fail as they do on a full disk, with no root needed.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sage_cloud_compare import assert_cloud_matches_sage
from sqlalchemy import text
from support import COMPANY, CONNECTOR, set_config

from ssm.connector import InstallLayout
from ssm.connector.service.status import build_status
from ssm.sage100 import open_server

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's

#: Root writes everywhere; without these capabilities it obeys the folder's mode as others do.
_DROP_DAC = "-dac_override,-dac_read_search"
_HELP = "Corrigez ce fichier ou relancez « ssm-connector configure »."


def _as_a_user() -> list[str]:
    """The command prefix that makes root obey file modes (nothing for another user)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is missing: needed as root", pytrace=False)
    return [setpriv, "--bounding-set", _DROP_DAC]


def _cli(
    *args: str, prefix: list[str] | None = None, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), str(CONNECTOR), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=preexec,
    )


def _service(layout: InstallLayout, prefix: list[str] | None = None) -> subprocess.Popen[str]:
    """``ssm-connector run``, polling every 0.2 s and retrying within a second of a failure.

    The short ``max_backoff`` lets the test wait for the condition it lifted, not for a
    backoff that grew while the condition lasted.
    """
    set_config(layout, "service", max_backoff=1.0)
    return subprocess.Popen(
        [
            *(prefix or []),
            str(CONNECTOR),
            "run",
            "--dir",
            str(layout.root),
            "--poll-interval",
            "0.2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop(service: subprocess.Popen[str]) -> str:
    """SIGTERM the service this test started; its console output."""
    if service.poll() is None:
        service.send_signal(signal.SIGTERM)
    _, stderr = service.communicate(timeout=120)
    return stderr


def _status(layout: InstallLayout) -> tuple[int, dict[str, Any]]:
    done = _cli("status", "--dir", str(layout.root), "--json")
    return done.returncode, json.loads(done.stdout)


def _succeeded_since(layout: InstallLayout, run_id: int) -> bool:
    """A sync pass newer than ``run_id`` succeeded (the run before stays the first otherwise)."""
    runs = build_status(layout)["runs"]
    return any(
        r["id"] > run_id and r["kind"] == "sync" and r["status"] == "succeeded" for r in runs
    )


def _one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    """The command failed with one « Erreur : … » line and no traceback; the sentence."""
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Erreur : "), done.stderr
    return lines[0].removeprefix("Erreur : ")


def _logged(layout: InstallLayout) -> list[str]:
    """The French sentences of the log's events."""
    log = layout.logs_dir / "connector.log"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [str(e["message"]) for e in map(json.loads, lines) if "message" in e]


def _events(layout: InstallLayout, name: str) -> list[dict[str, Any]]:
    """The log's events called ``name``."""
    lines = (layout.logs_dir / "connector.log").read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if e.get("event") == name]


def _wait(predicate: Callable[[], bool], timeout: float = 120.0) -> bool:
    """Poll ``predicate`` every 0.1 s until true or ``timeout``.

    Predicates read the status in-process (``build_status``, what ``status --json``
    prints): each ``ssm-connector`` start costs over a second of CPU, taken from the
    service being waited for. The command itself is checked at each test's points.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _sage_file(layout: InstallLayout) -> Path:
    config = tomllib.loads(layout.config_file.read_text(encoding="utf-8"))
    return Path(config["sage"]["server"]) / f"{COMPANY}.sqlite"


def _edit_every_client(layout: InstallLayout, phone: str) -> None:
    engine = open_server(_sage_file(layout).parent).engine(COMPANY)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE F_COMPTET SET CT_Telephone = :p"), {"p": phone})
    finally:
        engine.dispose()


def test_sage_locked_at_start_is_waited_out_then_the_sync_runs(installed):
    layout = installed()
    holder = sqlite3.connect(_sage_file(layout), isolation_level=None)  # another program
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    service = _service(layout)
    try:
        assert _wait(lambda: any("verrouillée" in m for m in _logged(layout))), "nothing logged"
        assert service.poll() is None, "the service gave up instead of waiting"
        code, report = _status(layout)
        assert code == 0
        assert "verrouillée par un autre programme" in report["incident"]["message"]
        assert "Le service réessaiera dans" in report["incident"]["message"]
        holder.close()  # the other program lets go: the service resumes by itself
        assert _wait(lambda: build_status(layout)["streams"]["invoices"]["status"] == "succeeded")
    finally:
        holder.close()
        stderr = _stop(service)
    assert service.returncode == 0, stderr
    assert "aucune société" not in stderr + " ".join(_logged(layout))
    assert "Traceback" not in stderr
    assert _status(layout)[1]["incident"] is None
    assert_cloud_matches_sage(layout)


def test_sage_unreachable_is_waited_out_then_the_sync_runs(installed):
    layout = installed()
    server = _sage_file(layout).parent
    away = server.with_name("sage100-away")
    server.rename(away)  # the share holding Sage 100 is gone
    service = _service(layout)
    try:
        assert _wait(lambda: any("est introuvable" in m for m in _logged(layout))), "nothing logged"
        assert service.poll() is None, "the service gave up instead of waiting"
        incident = _status(layout)[1]["incident"]["message"]
        assert incident.startswith(f"Le dossier {server} est introuvable : si c'est le serveur")
        assert incident.endswith(" s.") and "Le service réessaiera dans" in incident
        away.rename(server)  # back
        assert _wait(lambda: build_status(layout)["streams"]["invoices"]["status"] == "succeeded")
    finally:
        if away.exists():
            away.rename(server)
        stderr = _stop(service)
    assert service.returncode == 0 and "Traceback" not in stderr
    assert_cloud_matches_sage(layout)


def _broken(good: str) -> dict[str, tuple[bytes, str]]:
    """Each way to break the configuration, and the detail its sentence must give."""
    line = good.splitlines().index("[cloud]") + 1
    return {
        "toml": (
            good.replace("[cloud]", "[cloud").encode(),
            f"erreur de syntaxe TOML ligne {line}, colonne 7 "
            "(« ] » attendu en fin d'en-tête de section)",
        ),
        "misspelt": (
            good.replace("company =", "compnay =").encode(),
            "clé inconnue « sage.compnay » (vouliez-vous dire « sage.company » ?)",
        ),
        "missing": (
            good.replace("public_key =", "# public_key =").encode(),
            "clé obligatoire « cloud.public_key » absente",
        ),
        "not UTF-8": (
            good.replace(COMPANY, "BIJOU SARL — é").encode("cp1252"),
            "le fichier n'est pas encodé en UTF-8",
        ),
    }


def test_an_invalid_configuration_is_one_sentence_everywhere(installed):
    layout = installed()
    good = layout.config_file.read_text(encoding="utf-8")
    for name, (content, detail) in _broken(good).items():
        layout.config_file.write_bytes(content)
        expected = f"La configuration {layout.config_file} est invalide : {detail}"
        for command in ("sync", "run"):
            sentence = _one_sentence(_cli(command, "--dir", str(layout.root)))
            assert sentence.startswith(expected), (name, command, sentence)
            assert sentence.endswith(_HELP), sentence
            assert "Expected" not in sentence and "Extra inputs" not in sentence
        status = _cli("status", "--dir", str(layout.root))  # the report, then what is wrong
        assert status.returncode == 1 and "Traceback" not in status.stdout + status.stderr
        problems = [line for line in status.stdout.splitlines() if line.startswith("Erreur : ")]
        assert problems == [f"Erreur : {sentence}"], status.stdout
        code, report = _status(layout)
        assert code == 1 and report["config_valid"] is False, name
        doctor = _cli("doctor", "--dir", str(layout.root), "--no-service", "--json")
        lines = {item["name"]: item for item in json.loads(doctor.stdout)}
        assert doctor.returncode == 1
        assert lines["Installation"]["detail"].endswith(", configuration invalide."), name
        assert lines["Entreprise Sage"]["ok"] is False
        assert lines["Entreprise Sage"]["detail"].startswith(expected), name
    debug = _cli("--debug", "sync", "--dir", str(layout.root))  # for support: the detail
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "ConfigurationError" in debug.stderr
    layout.config_file.write_text(good, encoding="utf-8")  # fixed: the sync resumes
    done = _cli("sync", "--dir", str(layout.root), "--json")
    assert done.returncode == 0, done.stderr
    assert _status(layout)[0] == 0
    assert_cloud_matches_sage(layout)


def test_a_read_only_data_folder_is_said_then_the_service_resumes(installed):
    layout = installed()
    assert _cli("sync", "--dir", str(layout.root)).returncode == 0
    first = _status(layout)[1]["runs"][0]["id"]  # the service must succeed after this one
    _edit_every_client(layout, "01 99 99 99 99")
    data = layout.state_file.parent
    user = _as_a_user()
    data.chmod(0o555)
    try:
        sentence = _one_sentence(_cli("sync", "--dir", str(layout.root), prefix=user))
        assert sentence.startswith(f"Le dossier de données {data} est en lecture seule"), sentence
        assert sentence.endswith("reprendra là où elle s'est arrêtée, sans rien perdre.")
        status = _cli("status", "--dir", str(layout.root), prefix=user)
        assert status.returncode == 1, status
        assert "Traceback" not in status.stderr + status.stdout
        assert f"Erreur : Le dossier de données {data} est en lecture seule" in status.stdout
        doctor = _cli("doctor", "--dir", str(layout.root), "--no-service", "--json", prefix=user)
        line = {item["name"]: item for item in json.loads(doctor.stdout)}["Dossier de données"]
        assert doctor.returncode == 1 and line["ok"] is False
        assert line["detail"] == (
            f"Le dossier de données {data} est en lecture seule (accès refusé) : donnez au "
            "compte du service le droit d'y écrire ; la synchronisation reprendra là où elle "
            "s'est arrêtée, sans rien perdre."
        )
        service = _service(layout, user)
        try:
            assert _wait(lambda: any("lecture seule" in m for m in _logged(layout)))
            assert service.poll() is None, "the service gave up instead of waiting"
        finally:
            data.chmod(0o755)  # the service's account may write again
        try:
            assert _wait(lambda: _succeeded_since(layout, first))
        finally:
            stderr = _stop(service)
        assert "Traceback" not in stderr
    finally:
        data.chmod(0o755)
    assert _status(layout)[0] == 0
    doctor = _cli("doctor", "--dir", str(layout.root), "--no-service", "--json")
    assert {item["name"]: item for item in json.loads(doctor.stdout)}["Dossier de données"]["ok"]
    assert_cloud_matches_sage(layout)


def _file_size_limit(limit: int) -> Callable[[], None]:
    """In the child: no file may grow past ``limit`` bytes, as on a full disk."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_stops_the_sync_with_its_sentence_and_loses_nothing(installed):
    layout = installed()
    assert _cli("sync", "--dir", str(layout.root)).returncode == 0
    _edit_every_client(layout, "01 88 88 88 88")
    (layout.logs_dir / "connector.log").write_text("", encoding="utf-8")  # room for the log
    limit = 64 * 1024  # the state's journal needs more for 600 changed accounts
    done = _cli("sync", "--dir", str(layout.root), preexec=_file_size_limit(limit))
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    data = layout.state_file.parent
    full = (
        f"Impossible d'écrire dans le dossier de données {data} : le disque est plein ou "
        "refuse l'écriture (erreur d'écriture sur le disque)."
    )
    shown = " ".join(done.stdout.split())  # the console wraps long lines
    assert f"interrompu : {full}" in shown and "Passe échouée." in shown
    aborted = [e["aborted"] for e in _events(layout, "stream.finished") if e.get("aborted")]
    sentence = next(a for a in aborted if a.startswith(full))  # in the log, with the reason
    assert sentence.endswith(
        "Libérez de la place ; la synchronisation reprendra là où elle "
        "s'est arrêtée, sans rien perdre."
    )
    code, report = _status(layout)
    assert code == 0  # the disk has room again when status looks: history, not a problem
    assert report["incident"]["message"] == sentence
    assert report["streams"]["accounts"]["status"] == "failed"
    done = _cli("sync", "--dir", str(layout.root), "--json")  # room again
    assert done.returncode == 0, done.stderr
    assert _status(layout)[1]["incident"] is None
    assert_cloud_matches_sage(layout)


def test_a_pass_shows_its_progress_and_reads_interrompu_once_killed(installed):
    layout = installed()
    set_config(layout, "sync", batch_size=10)  # a pass of many upserts: time to look at it
    sync = subprocess.Popen(
        [str(CONNECTOR), "sync", "--dir", str(layout.root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert _wait(lambda: _progress(layout) is not None and sync.poll() is None, 60)
        sync.send_signal(signal.SIGSTOP)  # frozen mid-pass, as a long first pass looks
        code, report = _status(layout)
        assert code == 0
        assert report["in_progress"] is not None, report
        assert sum(report["in_progress"]["progress"].values()) > 0
        assert report["runs"][0]["status"] == "running"
        shown = _cli("status", "--dir", str(layout.root)).stdout
        assert "Passe en cours depuis" in shown
    finally:
        sync.kill()  # SIGKILL, by the pid of the process this test started
        sync.wait(timeout=30)
    _, report = _status(layout)
    assert report["in_progress"] is None
    assert report["runs"][0]["status"] == "interrupted"
    shown = _cli("status", "--dir", str(layout.root)).stdout
    assert "interrompu" in shown
    done = _cli("sync", "--dir", str(layout.root), "--json")
    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in _status(layout)[1]["runs"][:2]] == ["succeeded", "interrupted"]
    assert_cloud_matches_sage(layout)


def _progress(layout: InstallLayout) -> str | None:
    """The progress column of the newest run, read straight from the state file."""
    if not layout.state_file.exists():
        return None
    db = sqlite3.connect(layout.state_file, timeout=5)
    try:
        row = db.execute("SELECT progress FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # the tables are not created yet
        return None
    finally:
        db.close()
    return None if row is None else row[0]
