"""The boundaries of DESIGN §1, checked by import-linter on the installed package.

Besides the three parts' boundaries, the contracts forbid import cycles (between the
packages and modules of each package, imports inside functions included) and imports of a
``_`` module from outside its folder, past an allow-list that may only shrink. The
connector's tests keep its boundary too: they reach the cloud over HTTP, never by import.
"""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def _lint_imports(*config: Path) -> subprocess.CompletedProcess[str]:
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    return subprocess.run(
        [lint_imports, "--no-cache", *map(str, config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_contracts_hold():
    done = _lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    names = _contract_names()
    assert f"{len(names)} kept, 0 broken" in done.stdout
    assert {"No import cycles", "Private modules stay in their package"} <= set(names)


def _a_listed_import() -> str:
    """The allow-list's first entry as written in pyproject.toml, whichever renames left."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    private = next(c for c in contracts if c["type"] == "private_modules")
    return f'    "{private["ignore_imports"][0]}",\n'


@pytest.mark.parametrize(
    ("instead", "said"),
    [
        # An allow-listed import left out: as if a module had just added it.
        ("", "Private modules stay in their package BROKEN"),
        # An import listed that no longer exists: the list must shrink with the code.
        (
            '    "ssm.connector.cli -> ssm.connector.install._answers",\n',
            "No matches for ignored import",
        ),
    ],
)
def test_the_private_imports_allow_list_may_only_shrink(tmp_path, instead, said):
    listed = _a_listed_import()
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert listed in config
    changed = tmp_path / "pyproject.toml"
    changed.write_text(config.replace(listed, instead), encoding="utf-8")
    done = _lint_imports(changed)
    assert done.returncode == 1, done.stdout + done.stderr
    assert said in " ".join((done.stdout + done.stderr).split())


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_connector_tests_reach_the_cloud_over_http_only():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.split(".")[:2] == ["ssm", "cloud"]
        )
        for path in sorted((ROOT / "tests" / "connector").rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}
