"""docs/security.md names a test for each control: every name it gives must exist."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"
# `tests/x/test_y.py::test_z`, `test_y.py::test_z` (folder of the last full path), `::test_z`.
REFERENCE = re.compile(r"`((?:tests/)?[\w/]*test_\w+\.py)?(?:::(test_\w+))?`")


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def references() -> list[tuple[Path, str | None]]:
    """Each (test file, test name or None) the document names, in order."""
    found: list[tuple[Path, str | None]] = []
    current: Path | None = None
    for file, name in REFERENCE.findall(DOC.read_text(encoding="utf-8")):
        if file:
            current = ROOT / file if file.startswith("tests/") else current.parent / file
        if file or name:
            assert current is not None, name
            found.append((current, name or None))
    return found


def test_every_test_the_security_document_names_exists():
    named = references()
    assert len(named) > 40
    for path, name in named:
        assert path.is_file(), path
        if name:
            assert name in _test_names(path), f"{path.relative_to(ROOT)}::{name}"
