"""``ssm-connector setup --unattended``: install and configure from one answers file, as a real
process; the background sync then fills the cloud. A defect in ``[configure]`` is refused
before anything is installed."""

import subprocess
import sys
from pathlib import Path

from cloud_checks import sage_accounts, wait_for_accounts

from ssm.connector.demo import issue_activation_key
from ssm.connector.settings import InstallLayout
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER


def _setup(answers: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("ssm-connector")),
        "setup",
        "--unattended",
        "--answers",
        str(answers),
        "--no-service",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def _answers(
    path: Path,
    folder: Path,
    demo_paths,
    cloud_url: str,
    key: str,
    extra: str = "",
    password: str = DEFAULT_SAGE_PASSWORD,
) -> Path:
    path.write_text(
        f'[install]\ndir = "{folder}"\naccept_terms = true\n'
        f'sage_server = "{demo_paths.sage_server}"\ncloud_url = "{cloud_url}"\n\n'
        f'[configure]\nactivation_key = "{key}"\ncompany = "BIJOU"\n'
        f'sage_user = "{DEFAULT_SAGE_USER}"\nsage_password = "{password}"\n{extra}',
        encoding="utf-8",
    )
    return path


def test_setup_unattended_installs_configures_and_syncs(
    tmp_path, demo_paths, cloud_url, stop_afterwards, sage_password
):
    folder = stop_afterwards(tmp_path / "Sage Sales Management")
    key = issue_activation_key(demo_paths)
    answers = _answers(
        tmp_path / "setup.toml", folder, demo_paths, cloud_url, key, "", sage_password
    )
    done = _setup(answers)
    assert done.returncode == 0, done.stderr
    assert "Connecteur configuré" in done.stdout
    assert InstallLayout(folder).config_file.is_file()
    assert wait_for_accounts(folder) == sage_accounts(str(demo_paths.sage_server))
    assert sage_password not in done.stdout + done.stderr


def test_a_misspelt_configure_key_installs_nothing(tmp_path, demo_paths, cloud_url):
    folder = tmp_path / "install"
    key = issue_activation_key(demo_paths)
    answers = _answers(tmp_path / "s.toml", folder, demo_paths, cloud_url, key, 'compagny = "X"\n')
    done = _setup(answers)
    assert done.returncode == 1
    assert "compagny" in done.stderr and "company" in done.stderr
    assert not folder.exists()
