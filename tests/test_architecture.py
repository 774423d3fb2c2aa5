"""The boundaries of DESIGN §1, checked by import-linter on the installed package.

Besides the three parts' boundaries, the contracts forbid import cycles (between the
packages and modules of each package, imports inside functions included) and imports of a
``_`` module from outside its folder, past an allow-list that may only shrink.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def test_import_contracts_hold():
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    done = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    names = _contract_names()
    assert f"{len(names)} kept, 0 broken" in done.stdout
    assert {"No import cycles", "Private modules stay in their package"} <= set(names)
