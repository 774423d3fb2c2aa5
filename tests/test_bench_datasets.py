"""The bench's datasets keep their bytes whatever the day: their anchor is pinned."""

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from ssm_bench.datasets import ANCHOR, COMPANY

from ssm.sage100 import generate_server


def _dump_hash(server: Path) -> str:
    (company,) = server.glob("*.sqlite")
    with closing(sqlite3.connect(company)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def test_the_pinned_anchor_makes_the_data_cached_before_the_cli_anchored_to_now(tmp_path):
    """Datasets in ``bench/.data`` came from the library's fixed default anchor: the bench's
    command with its pinned ``--anchor`` must still make exactly that data."""
    cli = Path(sys.executable).with_name("ssm-sage100")
    bench = tmp_path / "bench"
    subprocess.run(
        [str(cli), "generate", str(bench), "--company", COMPANY, "--seed", "1", "--anchor", ANCHOR],
        check=True,
        capture_output=True,
        timeout=120,
    )
    default = tmp_path / "default"
    generate_server(default, COMPANY, "tiny", 1)
    assert _dump_hash(bench) == _dump_hash(default)
