"""The docs describe the code that exists and link only inside the repository.

``docs/architecture.md`` names every import-linter contract and every package of each part,
so a renamed contract or a new package shows up here. Every path it and
``docs/contributing.md`` name exists, so a rename that forgets them fails here, and
``docs/contributing.md`` names the tests that declare a dummy entity. Every relative link of
the README and ``docs/`` resolves to a file of the repository.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _links(page: Path) -> list[str]:
    """The relative link targets of a Markdown page, anchors dropped."""
    targets = re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8"))
    return [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:|#", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve_inside_the_repository(page):
    for target in _links(page):
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT) and resolved.exists(), f"{page.name}: {target}"


def test_architecture_names_every_import_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [c["name"] for c in config["tool"]["importlinter"]["contracts"]]
    assert [n for n in names if f"« {n} »" not in ARCHITECTURE] == []


@pytest.mark.parametrize("part", ["sage100", "connector", "cloud"])
def test_architecture_names_every_package_of_each_part(part):
    folders = sorted(
        p.name
        for p in (ROOT / "src" / "ssm" / part).iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    )
    assert folders
    assert [f for f in folders if f"`{f}/`" not in ARCHITECTURE] == []


def _repository_path(named: str) -> str:
    """``ssm/…`` and ``sage100/…`` (a part's folder) are under ``src/``; the others as written."""
    if named.startswith(("src/", "tests/", "docs/")):
        return named
    return f"src/{named}" if named.startswith("ssm/") else f"src/ssm/{named}"


def _paths(text: str) -> set[str]:
    """Repository paths a page names in code spans."""
    named = re.findall(r"`((?:src|tests|docs|ssm|sage100|connector|cloud)/[\w/.]+)`", text)
    return {_repository_path(path) for path in named}


@pytest.mark.parametrize("text", [ARCHITECTURE, CONTRIBUTING], ids=["architecture", "contributing"])
def test_the_paths_named_exist(text):
    assert [path for path in sorted(_paths(text)) if not (ROOT / path).exists()] == []


def test_contributing_walks_through_the_dummy_entity_tests():
    assert {
        "tests/connector/test_stream_contract.py",
        "tests/cloud/test_declared_resource.py",
    } <= _paths(CONTRIBUTING)
