"""``ssm-connector demo`` as a newcomer runs it: a real process, its last line parsed."""

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def _demo(*args, cwd):
    return subprocess.run(
        [str(BIN / "ssm-connector"), "demo", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_demo_once_json_ends_with_the_report_and_reuses_its_work_folder(tmp_path):
    done = _demo("--once", "--json", "--size", "tiny", "--workdir", "w", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["run_status"] == "succeeded"
    assert set(report) >= {"sage_server", "cloud_url", "install_dir", "run_status", "entities"}
    accounts = report["entities"]["accounts"]
    assert accounts["sage"] == accounts["cloud"] > 0
    assert report["cloud_url"].startswith("http://127.0.0.1:")
    assert (Path(report["install_dir"]) / "config" / "connector.toml").is_file()
    assert (
        oct((Path(report["install_dir"]) / "config" / "secrets.toml").stat().st_mode)[-3:] == "600"
    )

    again = _demo("--once", "--json", "--workdir", "w", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout.strip().splitlines()[-1])
    assert second["entities"] == report["entities"]
    assert second["streams"]["accounts"]["created"] == 0


def test_unreachable_cloud_is_one_clear_line_and_writes_no_install(tmp_path, free_port):
    done = _demo(
        "--once",
        "--size",
        "tiny",
        "--workdir",
        "w",
        "--cloud-url",
        f"http://127.0.0.1:{free_port}",
        "--activation-key",
        "X",
        cwd=tmp_path,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "injoignable" in lines[0]
    assert f"127.0.0.1:{free_port}" in lines[0]
    assert not (tmp_path / "w" / "install").exists()


def test_unusable_workdir_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("pas un dossier")
    done = _demo("--once", "--workdir", str(blocker / "w"), cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "inutilisable" in done.stderr
    assert blocker.read_text() == "pas un dossier"
