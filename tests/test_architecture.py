"""The boundaries of DESIGN §1, checked by import-linter on the installed package.

Besides the three parts' boundaries, the contracts forbid import cycles (between the
packages and modules of each package, imports inside functions included) and imports of a
``_`` module from outside its folder, with no exception. The tests keep both rules too:
they import public modules only, and the connector's reach the cloud over HTTP.
"""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

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


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _is_private(module: str, packages: set[str]) -> bool:
    """Whether ``module`` is one of ``packages``' modules and has a ``_`` part."""
    parts = module.split(".")
    return parts[0] in packages and any(
        part.startswith("_") and part != "__main__" for part in parts
    )


def test_tests_and_benchmarks_import_public_modules_only():
    # The benchmarks' own package may use its private modules; nothing else may.
    reached_from = {"tests": {"ssm", "ssm_bench"}, "bench": {"ssm"}}
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if _is_private(name, packages)
        )
        for folder, packages in reached_from.items()
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_connector_tests_reach_the_cloud_over_http_only():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.split(".")[:2] == ["ssm", "cloud"]
        )
        for path in sorted((ROOT / "tests" / "connector").rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}
