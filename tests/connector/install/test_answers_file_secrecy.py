"""An answers file holding a secret that other accounts can read: a warning, or with --strict
a refusal before anything is done (F13 of issue 12). Real files, the real command line.

An answers file of ``setup`` or ``configure --unattended`` may hold the Sage password, the SQL
password, an activation key or a private key. Each test ends before the network: the warning
and the refusal come first, and a misspelt key then stops the run.
"""

import os
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssm.connector.cli import app

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows says nothing")

runner = CliRunner()
SECRET = "mot-de-passe-Sage-42"


def _setup_file(path: Path, mode: int, secrets: str = f'sage_password = "{SECRET}"\n') -> Path:
    """A ``setup`` file whose ``[configure]`` has a misspelt key, so the run stops early."""
    path.write_text(
        f'[install]\ndir = "{path.parent / "install"}"\naccept_terms = true\n\n'
        f'[configure]\ncompany = "BIJOU"\nsage_user = "<Administrateur>"\n{secrets}'
        'compagny = "X"\n',
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def _setup(answers: Path, *extra: str):
    return runner.invoke(
        app, ["setup", "--unattended", "--answers", str(answers), "--no-service", *extra]
    )


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_secret_readable_by_others_gets_one_warning_naming_chmod(tmp_path, mode):
    answers = _setup_file(tmp_path / "réponses à moi.toml", mode)
    result = _setup(answers)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Attention")]
    assert len(warnings) == 1, result.stderr
    assert f"chmod 600 {shlex.quote(str(answers))}" in warnings[0]
    assert "sage_password" in warnings[0] and SECRET not in result.stderr + result.stdout
    assert "compagny" in result.stderr  # the run went on: the warning does not refuse


@pytest.mark.parametrize(
    ("mode", "secrets"),
    [(0o600, f'sage_password = "{SECRET}"\n'), (0o400, 'activation_key = "k"\n'), (0o644, "")],
)
def test_a_private_file_or_one_without_secrets_gets_no_warning(tmp_path, mode, secrets):
    result = _setup(_setup_file(tmp_path / "a.toml", mode, secrets))
    assert result.exit_code == 1 and "compagny" in result.stderr
    assert "chmod" not in result.stderr


def test_strict_refuses_before_anything_is_done(tmp_path):
    answers = _setup_file(tmp_path / "a.toml", 0o644, 'activation_key = "k"\nsql_password = "p"\n')
    result = _setup(answers, "--strict")
    assert result.exit_code == 1
    assert result.stderr.startswith("Erreur : ") and len(result.stderr.splitlines()) == 1
    assert "--strict" in result.stderr and "activation_key, sql_password" in result.stderr
    assert "compagny" not in result.stderr  # refused before the file's keys were read
    assert not (tmp_path / "install").exists()
    answers.chmod(0o600)
    assert "compagny" in _setup(answers, "--strict").stderr


def test_configure_warns_and_strict_refuses_the_same_way(tmp_path):
    answers = tmp_path / "c.toml"
    answers.write_text(f'private_key = "{SECRET}"\ncompagny = "X"\n', encoding="utf-8")
    answers.chmod(0o644)
    folder = tmp_path / "install"
    command = ["configure", "--dir", str(folder), "--unattended", "--answers", str(answers)]
    warned = runner.invoke(app, command)
    assert "Attention" in warned.stderr and "private_key" in warned.stderr
    refused = runner.invoke(app, [*command, "--strict"])
    assert refused.exit_code == 1 and "--strict" in refused.stderr
    assert SECRET not in warned.stderr + refused.stderr
    assert not folder.exists()
