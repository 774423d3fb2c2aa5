"""``ssm-connector configure --unattended`` as a real process, with a real tiny Sage 100
server and a real cloud: the activation starts the background sync, which fills the cloud."""

import json
import subprocess
import sys
from pathlib import Path

from cloud_checks import sage_accounts, wait_for_accounts
from typer.testing import CliRunner

from ssm.connector.cli import app
from ssm.connector.demo import issue_activation_key
from ssm.connector.messages import INVALID_ACTIVATION_KEY
from ssm.connector.settings import InstallLayout, load_install
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER

runner = CliRunner()
COMPANY = "BIJOU"


def _answers(path: Path, demo_paths, cloud_url: str, key: str, **over: str) -> Path:
    values = {
        "mode": "rapide",
        "cloud_url": cloud_url,
        "activation_key": key,
        "sage_server": str(demo_paths.sage_server),
        "company": COMPANY,
        "sage_user": DEFAULT_SAGE_USER,
        "sage_password": DEFAULT_SAGE_PASSWORD,
    }
    values.update(over)
    text = "".join(f'{k} = "{v}"\n' for k, v in values.items())
    text += '\n[administrator]\nfirst_name = "Claire"\nlast_name = "Martin"\n'
    text += 'email = "claire.martin@example.com"\n'
    path.write_text(text, encoding="utf-8")
    return path


class Outcome:
    """What the command line would show: exit code, stdout, stderr."""

    def __init__(self, exit_code: int, output: str = "", stderr: str = "") -> None:
        self.exit_code, self.output, self.stderr = exit_code, output, stderr


def _configure(folder: Path, answers: Path) -> Outcome:
    """``ssm-connector configure --unattended`` as a real process."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("ssm-connector")),
            "configure",
            "--dir",
            str(folder),
            "--unattended",
            "--answers",
            str(answers),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Outcome(done.returncode, output=done.stdout, stderr=done.stderr.strip())


def test_happy_path_starts_the_background_sync(tmp_path, demo_paths, cloud_url, stop_afterwards):
    folder = stop_afterwards(tmp_path / "install")
    key = issue_activation_key(demo_paths)
    result = _configure(folder, _answers(tmp_path / "a.toml", demo_paths, cloud_url, key))
    assert result.exit_code == 0, result.output
    assert "Connecteur configuré" in result.output
    assert "Synchronisation lancée en arrière-plan" in result.output
    assert InstallLayout(folder).config_file.is_file()
    assert wait_for_accounts(folder) == sage_accounts(str(demo_paths.sage_server))
    status = runner.invoke(app, ["status", "--dir", str(folder), "--json"])
    assert json.loads(status.output)["running"] is True

    # The same key a second time: the guide's exact message, nothing written.
    other = tmp_path / "other"
    again = _configure(other, _answers(tmp_path / "b.toml", demo_paths, cloud_url, key))
    assert again.exit_code == 1
    assert f"Erreur : {INVALID_ACTIVATION_KEY}" in _stderr(again)
    assert not InstallLayout(other).config_file.exists()


def _stderr(result: Outcome) -> str:
    return result.stderr


def test_unknown_key_gives_the_guide_message(tmp_path, demo_paths, cloud_url):
    folder = tmp_path / "install"
    result = _configure(folder, _answers(tmp_path / "a.toml", demo_paths, cloud_url, "NOPE-1234"))
    assert result.exit_code == 1
    assert f"Erreur : {INVALID_ACTIVATION_KEY}" in _stderr(result)
    assert not InstallLayout(folder).config_file.exists()


def test_wrong_sage_password_burns_no_key(tmp_path, demo_paths, cloud_url, stop_afterwards):
    folder = stop_afterwards(tmp_path / "install")
    key = issue_activation_key(demo_paths)
    bad = _answers(tmp_path / "bad.toml", demo_paths, cloud_url, key, sage_password="faux")
    result = _configure(folder, bad)
    assert result.exit_code == 1
    assert "Connexion à Sage 100 refusée" in _stderr(result)
    assert "aucune clé d’activation n’a été utilisée" in _stderr(result)
    assert not InstallLayout(folder).config_file.exists()
    good = _configure(folder, _answers(tmp_path / "good.toml", demo_paths, cloud_url, key))
    assert good.exit_code == 0, _stderr(good)


def test_misspelt_key_refused_nothing_written(tmp_path, demo_paths):
    folder = tmp_path / "install"
    answers = tmp_path / "a.toml"
    answers.write_text(
        f'activation_key = "K"\nsage_server = "{demo_paths.sage_server}"\ncompany = "BIJOU"\n'
        'sage_user = "u"\nsage_pasword = "p"\n',
        encoding="utf-8",
    )
    result = _configure(folder, answers)
    assert result.exit_code == 1
    err = _stderr(result)
    assert "clé inconnue : « sage_pasword »" in err
    assert "sage_password" in err
    assert list(folder.iterdir()) == []


def test_advanced_mode_from_an_answers_file(tmp_path, demo_paths, installed, stop_afterwards):
    config, secrets = load_install(installed())
    folder = stop_afterwards(tmp_path / "reinstall")
    answers = tmp_path / "advanced.toml"
    answers.write_text(
        f'mode = "avancee"\ncloud_url = "{config.cloud.url}"\n'
        f"instance_id = {config.cloud.instance_id}\n"
        f'public_key = "{config.cloud.public_key}"\n'
        f'private_key = "{secrets.private_key.get_secret_value()}"\n'
        f'sage_server = "{config.sage.server}"\ncompany = "{COMPANY}"\n'
        f'sage_user = "{DEFAULT_SAGE_USER}"\nsage_password = "{DEFAULT_SAGE_PASSWORD}"\n',
        encoding="utf-8",
    )
    result = _configure(folder, answers)
    assert result.exit_code == 0, result.stderr
    assert load_install(InstallLayout(folder))[0].cloud.instance_id == config.cloud.instance_id
    assert secrets.private_key.get_secret_value() not in result.output + result.stderr


def test_advanced_mode_needs_the_key_pair(tmp_path, demo_paths):
    answers = tmp_path / "advanced.toml"
    answers.write_text(
        'mode = "avancee"\ninstance_id = 1\ncompany = "BIJOU"\nsage_user = "u"\n'
        'sage_password = "p"\n',
        encoding="utf-8",
    )
    result = _configure(tmp_path / "install", answers)
    assert result.exit_code == 1
    assert "Valeur obligatoire absente" in result.stderr and "public_key" in result.stderr
