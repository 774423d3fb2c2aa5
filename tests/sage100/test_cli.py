"""The ``ssm-sage100`` command: thin commands, one clear line on bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssm.sage100.cli import app

runner = CliRunner()


def _one_error_line(result) -> str:
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_generate_prints_counts_then_companies_and_version(tmp_path: Path) -> None:
    target = tmp_path / "srv"
    result = runner.invoke(app, ["generate", str(target), "--company", "Démo CLI", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "F_COMPTET" in result.stdout and "30" in result.stdout
    listed = runner.invoke(app, ["companies", str(target)])
    assert listed.stdout.strip() == "DEMO_CLI\tDémo CLI"
    version = runner.invoke(app, ["version", str(target)])
    assert "11.00" in version.stdout and "prise en charge" in version.stdout


def test_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    line = _one_error_line(runner.invoke(app, ["generate", str(tmp_path)]))
    assert "not empty" in line
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_unknown_size(tmp_path: Path) -> None:
    line = _one_error_line(runner.invoke(app, ["generate", str(tmp_path / "s"), "--size", "xl"]))
    assert "unknown size" in line
    assert not (tmp_path / "s").exists()


def test_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep")
    line = _one_error_line(runner.invoke(app, ["generate", str(blocker / "srv")]))
    assert "file.txt" in line
    assert blocker.read_text() == "keep"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        line = _one_error_line(runner.invoke(app, ["generate", str(locked)]))
        assert "locked" in line
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


def test_companies_of_a_non_server(tmp_path: Path) -> None:
    line = _one_error_line(runner.invoke(app, ["companies", str(tmp_path)]))
    assert str(tmp_path) in line


def test_activity_command(tmp_path: Path) -> None:
    target = tmp_path / "srv"
    assert runner.invoke(app, ["generate", str(target)]).exit_code == 0
    result = runner.invoke(app, ["activity", str(target), "--actions", "3", "--rate", "0"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 3
