"""``ssm-connector demo`` as a newcomer runs it: a real process, its last line parsed."""

import hashlib
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from ssm.connector.demo import DemoOptions, DemoPaths, prepare_sage

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


def _company(server: Path) -> Path:
    (company,) = server.glob("*.sqlite")
    return company


def _newest_stamp(company: Path) -> str:
    """The newest ``cbModification`` or ``cbCreation`` of any table."""
    with closing(sqlite3.connect(company)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        stamps = [
            conn.execute(f'SELECT MAX("{column}") FROM "{table}"').fetchone()[0]
            for table in tables
            for (_, column, *_) in conn.execute(f'PRAGMA table_info("{table}")')
            if column in ("cbModification", "cbCreation")
        ]
    return max(stamp for stamp in stamps if stamp is not None)


def test_demo_once_json_ends_with_the_report_and_reuses_its_work_folder(tmp_path):
    before = datetime.now().replace(second=0, microsecond=0)
    done = _demo("--once", "--json", "--size", "tiny", "--workdir", "w", cwd=tmp_path)
    after = datetime.now().replace(second=0, microsecond=0)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    # Its Sage data ends now, whatever the day: the dashboard's current month is never empty.
    newest = datetime.fromisoformat(_newest_stamp(_company(Path(report["sage_server"]))))
    assert before <= newest <= after
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


def test_a_bad_anchor_is_one_french_line_and_makes_nothing(tmp_path):
    done = _demo("--once", "--anchor", "31/12/2026", "--workdir", "w", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Erreur : Date « 31/12/2026 » non valide : saisissez AAAA-MM-JJ (ce jour-là à 18 h) "
        "ou AAAA-MM-JJTHH:MM."
    ]
    assert not (tmp_path / "w").exists()


def test_unusable_workdir_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("pas un dossier")
    done = _demo("--once", "--workdir", str(blocker / "w"), cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "inutilisable" in done.stderr
    assert blocker.read_text() == "pas un dossier"


def test_the_demo_data_ends_at_its_anchor_with_sales_in_its_month_and_repeats(tmp_path):
    """Anchored to the first of a month at 8 a.m., the emptiest current month there is: posted
    invoices already, nothing after the anchor, and the same seed and anchor give the same data."""
    anchor = datetime(2027, 2, 1, 8, 0)

    def generate(name: str) -> Path:
        paths = DemoPaths(tmp_path / name)
        prepare_sage(paths, DemoOptions(paths.workdir, anchor=anchor), say=lambda _: None)
        return _company(paths.sage_server)

    first = generate("one")
    with closing(sqlite3.connect(first)) as conn:
        count, sales = conn.execute(
            "SELECT COUNT(*), SUM(DO_TotalHT) FROM F_DOCENTETE"
            " WHERE DO_Type = 7 AND DO_Date >= '2027-02-01'"  # posted invoices, as the CRM's
        ).fetchone()
        (last_date,) = conn.execute("SELECT MAX(DO_Date) FROM F_DOCENTETE").fetchone()
    assert count > 0 and Decimal(str(sales)) > 0
    assert last_date == "2027-02-01 00:00:00"
    assert _newest_stamp(first) == "2027-02-01 08:00:00"

    def dump(company: Path) -> str:
        with closing(sqlite3.connect(company)) as conn:
            return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()

    assert dump(generate("two")) == dump(first)
