"""Unattended install and uninstall from the command line, kills, and bad input."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssm.connector.cli import app
from ssm.connector.install import (
    STEP_DELAY_ENV,
    Answers,
    InstallOptions,
    install,
    is_install,
    journal_path,
    recover,
    uninstall,
)

runner = CliRunner()
EXE = str(Path(sys.executable).with_name("ssm-connector"))
_DROP_DAC = "-dac_override,-dac_read_search"


def _answers(folder: Path, install_dir: str, extra: str = "", country: str = "FR") -> Path:
    path = folder / "answers.toml"
    path.write_text(
        f'[install]\ndir = "{install_dir}"\ncountry = "{country}"\naccept_terms = true\n{extra}',
        encoding="utf-8",
    )
    return path


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _one_error_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("Erreur : "), lines[0]
    return lines[0]


def test_unattended_install_lays_out_the_folder_and_uninstall_removes_it(
    tmp_path: Path, cli_args: list[str]
) -> None:
    target = tmp_path / "Sage Sales Management"
    answers = _answers(tmp_path, str(target))
    result = runner.invoke(app, ["install", "--unattended", "--answers", str(answers), *cli_args])
    assert result.exit_code == 0, result.output
    assert f"Connecteur installé dans {target}." in result.stdout
    assert {p.name for p in target.iterdir()} == {"config", "data", "logs", "service"}
    assert (target / "config" / "install.toml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    doctor = runner.invoke(app, ["doctor", "--dir", str(target), "--json", *cli_args])
    assert doctor.exit_code == 0, doctor.output
    assert '"ok": false' not in doctor.stdout

    result = runner.invoke(app, ["uninstall", "--dir", str(target)])
    assert result.exit_code == 0, result.output
    assert not target.exists()


def test_uninstall_can_keep_data_and_logs(tmp_path: Path, options: InstallOptions) -> None:
    target = tmp_path / "keep"
    install(Answers(install_dir=target, country="US"), options)
    (target / "data" / "state.sqlite").write_bytes(b"x")
    result = runner.invoke(app, ["uninstall", "--dir", str(target), "--keep-data"])
    assert result.exit_code == 0, result.output
    assert _tree(target) == {"data", "data/state.sqlite", "logs"}
    assert not is_install(target)


def test_uninstall_refuses_a_folder_that_is_not_an_install(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["uninstall", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "n'est pas une installation du connecteur" in _one_error_line(result.stderr)
    assert (tmp_path / "precious.txt").exists()


def _wait_for(predicate: object, timeout: float = 20.0) -> None:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the installer never got there"
        time.sleep(0.01)


@pytest.mark.parametrize("moment", ["while staging", "after the move"])
def test_sigkill_while_installing_then_rerun_ends_clean(
    tmp_path: Path, cli_args: list[str], moment: str
) -> None:
    target = tmp_path / "killed"
    answers = _answers(tmp_path, str(target))
    command = [EXE, "install", "--unattended", "--answers", str(answers), *cli_args]
    env = {**os.environ, STEP_DELAY_ENV: "0.3"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        if moment == "while staging":
            _wait_for(lambda: any(tmp_path.glob(".killed.staging-*/data")))
        else:
            _wait_for(lambda: (target / "config" / "install.toml").exists())
        assert journal_path(target).exists()
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert is_install(target)
    assert {p.name for p in target.iterdir()} == {"config", "data", "logs", "service"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.toml", "killed"]


def test_recover_rolls_back_every_phase(tmp_path: Path, options: InstallOptions) -> None:
    target = tmp_path / "phases" / "inst"
    install(Answers(install_dir=target, country="US"), options)
    journal = journal_path(target)
    journal.write_text(
        f'{{"target": "{target}", "staging": "{target}.gone", "phase": "moved", '
        f'"created": ["{target.parent}"]}}',
        encoding="utf-8",
    )
    assert recover(target)
    assert not (tmp_path / "phases").exists()
    assert not recover(target)


def _run_cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``ssm-connector ARGS``; as root, without the capabilities that bypass file modes."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("setpriv (util-linux) is missing: needed as root", pytrace=False)
        prefix = [setpriv, "--bounding-set", _DROP_DAC]
    return subprocess.run(
        [*prefix, EXE, *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_a_non_writable_folder_is_refused_and_nothing_written(
    tmp_path: Path, cli_args: list[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    answers = _answers(tmp_path, str(locked / "inst"))
    locked.chmod(0o555)
    try:
        result = _run_cli(["install", "--unattended", "--answers", str(answers), *cli_args])
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1
    line = _one_error_line(result.stderr)
    assert "n'est pas accessible en écriture" in line
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("relative", "n'est pas un chemin absolu"),
        ("existing install", "contient déjà une installation du connecteur"),
        ("inside an install", "se trouve dans une installation existante"),
        ("containing an install", "contient une installation existante"),
        ("unknown country", "Code pays inconnu : « XX »"),
        (
            "misspelt key",
            "clé inconnue : « install.acept_terms » (vouliez-vous dire « accept_terms »",
        ),
        ("misspelt section", "clé inconnue : « instal »"),
        ("not a boolean", "install.accept_terms : true ou false attendu"),
        ("not TOML", "est illisible"),
    ],
)
def test_bad_input_gets_one_french_line_and_writes_nothing(
    tmp_path: Path, options: InstallOptions, cli_args: list[str], case: str, expected: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    existing = work / "existing"
    install(Answers(install_dir=existing, country="US"), options)
    target = str(work / "new")
    country = "FR"
    extra = ""
    if case == "relative":
        target = "relative/inst"
    elif case == "existing install":
        target = str(existing)
    elif case == "inside an install":
        target = str(existing / "data" / "inst")
    elif case == "containing an install":
        target = str(work)
    elif case == "unknown country":
        country = "XX"
    elif case == "misspelt key":
        extra = "acept_terms = true\n"
    elif case == "not a boolean":
        extra = ""
    answers = _answers(tmp_path, target, extra, country)
    if case == "misspelt section":
        answers.write_text(answers.read_text("utf-8").replace("[install]", "[instal]"), "utf-8")
    if case == "not a boolean":
        answers.write_text(
            answers.read_text("utf-8").replace("accept_terms = true", 'accept_terms = "oui"'),
            "utf-8",
        )
    if case == "not TOML":
        answers.write_text("[install\n", "utf-8")
    before = _tree(tmp_path)
    result = runner.invoke(app, ["install", "--unattended", "--answers", str(answers), *cli_args])
    assert result.exit_code == 1, result.output
    assert expected in _one_error_line(result.stderr)
    assert _tree(tmp_path) == before


def test_a_failed_prerequisite_blocks_the_unattended_install(tmp_path: Path) -> None:
    answers = _answers(tmp_path, str(tmp_path / "inst"))
    missing = str(tmp_path / "no-sage")
    result = runner.invoke(
        app,
        [
            "install",
            "--unattended",
            "--answers",
            str(answers),
            "--no-service",
            "--sage-server",
            missing,
            "--cloud-url",
            "http://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 1
    line = _one_error_line(result.stderr)
    assert "Prérequis non rempli — Sage 100" in line
    assert "Prérequis non rempli — Service Sales Management" in line
    assert not (tmp_path / "inst").exists()


def test_unattended_needs_an_answers_file() -> None:
    result = runner.invoke(app, ["install", "--unattended"])
    assert result.exit_code == 1
    assert "--answers" in _one_error_line(result.stderr)


def test_doctor_reports_each_failure_with_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "doctor",
            "--dir",
            str(tmp_path / "nothing"),
            "--no-service",
            "--sage-server",
            str(tmp_path / "none"),
            "--cloud-url",
            "http://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 1
    assert "[ÉCHEC] Sage 100 : Le serveur Sage 100" in result.stdout
    assert "Relancez" not in result.stdout or "--sage-server" in result.stdout
    assert "[ÉCHEC] Installation" in result.stdout
    assert "ssm-connector install" in result.stdout


def test_reinstalling_over_kept_data_reuses_it(tmp_path: Path, options: InstallOptions) -> None:
    target = tmp_path / "again"
    install(Answers(install_dir=target, country="US"), options)
    (target / "data" / "state.sqlite").write_bytes(b"state")
    uninstall(target, keep_data=True)
    from ssm.connector.wizard.install import build_context, install_wizard

    wizard = install_wizard(build_context(options))
    assert wizard.submit({"country": "US"}).ok
    assert wizard.submit({"install_dir": str(target)}).ok
    assert wizard.submit({}).ok and wizard.submit({}).ok
    assert is_install(target)
    assert (target / "data" / "state.sqlite").read_bytes() == b"state"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again"]


@pytest.mark.parametrize("moment", ["while moving kept data", "after the move"])
def test_sigkill_while_reusing_kept_data_never_loses_it(
    tmp_path: Path, options: InstallOptions, cli_args: list[str], moment: str
) -> None:
    target = tmp_path / "kept"
    install(Answers(install_dir=target, country="US"), options)
    (target / "data" / "state.sqlite").write_bytes(b"state")
    uninstall(target, keep_data=True)
    answers = _answers(tmp_path, str(target))
    command = [EXE, "install", "--unattended", "--answers", str(answers), *cli_args]
    env = {**os.environ, STEP_DELAY_ENV: "0.3"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        if moment == "while moving kept data":
            _wait_for(lambda: any(tmp_path.glob(".kept.staging-*/data/state.sqlite")))
        else:
            _wait_for(lambda: (target / "config" / "install.toml").exists())
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert (target / "data" / "state.sqlite").exists() or any(
        tmp_path.glob(".kept.staging-*/data/state.sqlite")
    )
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert (target / "data" / "state.sqlite").read_bytes() == b"state"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.toml", "kept"]
