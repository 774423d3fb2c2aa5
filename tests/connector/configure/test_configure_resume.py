"""Reopening the configuration (issue 17): the progress file written after each step, a wizard
rebuilt from it where it stopped, Ctrl-C that says how to resume, ``configure`` without
``--dir``, and the hint of a folder that already holds an install."""

from __future__ import annotations

import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

from ssm.connector import messages as msg
from ssm.connector.cli import app
from ssm.connector.demo import issue_activation_key
from ssm.connector.install import Answers, InstallOptions, default_install_dir
from ssm.connector.wizard.configure import configure_wizard
from ssm.connector.wizard.configure.progress import (
    progress_path,
    read_progress,
    resumed_configure_wizard,
    save_progress,
)
from ssm.connector.wizard.install import build_context
from ssm.connector.wizard.install.folder import FolderScreen

URL_LINE = re.compile(r"Assistant de configuration ouvert à l'adresse : http://\S+")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Sage Sales Management pour Sage 100"
    folder.mkdir()
    return folder


def test_a_stopped_configuration_is_rebuilt_where_it_stopped(tmp_path, demo_paths, cloud_url):
    folder = _folder(tmp_path)
    wizard = configure_wizard(folder)
    assert wizard.submit({"mode": "rapide"}).ok
    assert save_progress(wizard, port=0, key="") == progress_path(folder)
    assert resumed_configure_wizard(folder).current.name == "prerequisites"

    assert wizard.submit({"sage_server": str(demo_paths.sage_server)}).ok
    key = issue_activation_key(demo_paths)
    assert wizard.submit({"activation_key": key, "cloud_url": cloud_url}).ok
    assert wizard.submit({}).ok  # « Test de connexion »
    assert wizard.submit({}).ok
    assert wizard.current.name == "administrator"
    save_progress(wizard, port=0, key="")

    written = progress_path(folder)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert key not in written.read_text(encoding="utf-8")  # secrets are never written
    progress = read_progress(folder)
    assert progress is not None and progress.secrets_given == ("activation_key",)

    # The key must be typed again: the rebuilt wizard shows its screen, the rest is kept.
    resumed = resumed_configure_wizard(folder)
    assert resumed.current.name == "activation_key"
    assert resumed.answers.sage_server == str(demo_paths.sage_server)
    assert resumed.answers.cloud_url == cloud_url
    assert resumed.submit({"activation_key": key, "cloud_url": cloud_url}).ok
    assert resumed.current.name == "connection"


def test_an_unreadable_progress_file_starts_the_configuration_afresh(tmp_path):
    folder = _folder(tmp_path)
    progress_path(folder).write_text("{pas du json", encoding="utf-8")
    assert read_progress(folder) is None
    assert resumed_configure_wizard(folder).current.name == "launch"


def test_ctrl_c_says_how_to_resume(tmp_path):
    folder = _folder(tmp_path)
    command = [
        str(Path(sys.executable).with_name("ssm-connector")),
        "configure",
        "--dir",
        str(folder),
        "--no-browser",
    ]
    # A shell's background job starts with SIGINT ignored, and so would the connector: a
    # terminal's Ctrl-C is what is tested, so the child gets the default disposition back.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if found := URL_LINE.search(line):
                break
        # Ctrl-C once the assistant answers, as a person would press it.
        httpx.get(found.group(0).split(" : ", 1)[1], timeout=10)
        process.send_signal(signal.SIGINT)
        rest = process.stdout.read()
        assert process.wait(timeout=15) == 130
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    again = msg.CONFIGURE_COMMAND.format(path=folder)
    assert msg.CONFIGURE_RESUME.format(command=again) in rest
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest


def test_configure_without_dir_names_the_folder_it_looked_in(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["configure", "--no-browser"])
    assert result.exit_code == 1
    assert "Missing option" not in result.output
    expected = msg.CONFIGURE_NO_INSTALL_FOUND.format(path=Path(default_install_dir()))
    assert expected in " ".join(result.output.split())


def test_setup_on_an_installed_folder_names_configure_with_the_path_quoted(installed):
    layout = installed()
    screen = FolderScreen(build_context(InstallOptions(register_service=False)))
    refused = screen.validate(Answers(), {"install_dir": str(layout.root)})
    assert refused == [msg.FOLDER_IS_INSTALL.format(path=layout.root)]
    assert f'ssm-connector configure --dir "{layout.root}"' in refused[0]
