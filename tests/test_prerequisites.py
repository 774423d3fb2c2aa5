"""``scripts/test-prerequisites``: what ``make test`` and ``.ci/run`` install before the tests.

The script runs for real. Run as a user who is not root (root drops to ``nobody`` with
``setpriv``), it can never install anything, so these tests only see what it decides and
says; the root branch runs with a recording ``apt-get`` first on the ``PATH``, so nothing is
installed (or removed) on this machine either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "test-prerequisites"
NOBODY = "65534"


def _run(
    command: list[str], env: dict[str, str], *, script: str | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        env={**os.environ, **env},
        input=script,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: scripts/test-prerequisites installs it", pytrace=False)
    return path


def _as_user(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The script as a user who is not root: ``nobody`` when the tests run as root.

    ``nobody`` gets the script on its standard input, from ``/`` and with the system's
    ``PATH``: a clone under ``/root`` (mode 700) is out of its reach, and so is a ``.venv``.
    """
    if os.geteuid() != 0:
        return _run([str(SCRIPT)], env)
    setpriv = _tool("setpriv")
    nobody = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "bash", "-s"]
    system = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "PYTHON": "python3",
    }
    return _run(nobody, {**system, **env}, script=SCRIPT.read_text(), cwd="/")


def _as_root(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The script as root: root itself, else root of a new user namespace."""
    if os.geteuid() == 0:
        return _run([str(SCRIPT)], env)
    return _run([_tool("unshare"), "--map-root-user", str(SCRIPT)], env)


def test_with_everything_present_it_is_silent_and_succeeds() -> None:
    done = _as_user({})
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_user_without_chromium_gets_one_french_sentence_with_the_command(
    tmp_path: Path,
) -> None:
    done = _as_user({"SSM_CHROMIUM": str(tmp_path / "chromium")})
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "Il manque chromium pour lancer les tests : installez-le avec "
        "« sudo apt-get install -y chromium », puis relancez « make test ».\n"
    )


def test_several_missing_packages_are_named_together(tmp_path: Path) -> None:
    done = _as_user({"SSM_CHROMIUM": str(tmp_path / "chromium"), "PYTHON": str(tmp_path / "py")})
    assert done.returncode == 1
    assert done.stderr == (
        "Il manque python3-venv et chromium pour lancer les tests : installez-les avec "
        "« sudo apt-get install -y python3-venv chromium », puis relancez « make test ».\n"
    )


def test_root_installs_what_is_missing_with_apt_get_quietly(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-get.calls"
    apt_get = bin_dir / "apt-get"
    apt_get.write_text(f'#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> {calls}\n')
    apt_get.chmod(0o755)
    done = _as_root(
        {"SSM_CHROMIUM": str(tmp_path / "chromium"), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert calls.read_text().splitlines() == [
        "noninteractive update -qq",
        "noninteractive install -y -qq chromium",
    ]


def test_make_test_runs_the_script_first_and_ci_run_only_make_test() -> None:
    """One list of prerequisites, shared: ``.ci/run`` installs nothing by itself."""
    planned = subprocess.run(
        [_tool("make"), "-n", "--no-print-directory", "test", "PYTHON=python3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert planned.stdout.splitlines()[0] == "PYTHON=python3 scripts/test-prerequisites"
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci_run
    assert ci_run.rstrip().endswith("\nmake test")
