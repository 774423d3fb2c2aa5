"""Helpers of the reliability tests: run the connector, change an install's configuration."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from ssm.connector import InstallLayout

COMPANY = "BIJOU"  # the company tests/connector/conftest.py configures
CONNECTOR = Path(sys.executable).with_name("ssm-connector")


def set_config(layout: InstallLayout, section: str, **values: Any) -> None:
    """Change values of the install's ``config/connector.toml``."""
    config = tomllib.loads(layout.config_file.read_text(encoding="utf-8"))
    config.setdefault(section, {}).update(values)
    layout.config_file.write_text(tomli_w.dumps(config), encoding="utf-8")


def connector(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``ssm-connector`` to its end."""
    return subprocess.run(
        [str(CONNECTOR), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def connector_json(*args: str, timeout: float = 120) -> dict[str, Any]:
    """Run ``ssm-connector … --json`` and parse its last line."""
    done = connector(*args, "--json", timeout=timeout)
    lines = done.stdout.strip().splitlines()
    assert lines, f"no JSON from ssm-connector {args} (rc {done.returncode}): {done.stderr}"
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def spawn(*args: str) -> subprocess.Popen[bytes]:
    """Start ``ssm-connector`` in the background (its own process group)."""
    return subprocess.Popen(
        [str(CONNECTOR), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
