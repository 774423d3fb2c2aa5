"""Figures, the printed table, and each run's JSON in ``bench/results``.

A run's JSON keeps figures and small details; lists of errors (a partial sync can refuse
thousands of records, one entry each) are cut to their first ``FIRST_ERRORS`` with the total
beside them, so results stay small enough for git. ``latest.*`` is written by ``latest``.
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

RESULTS = Path(__file__).resolve().parent.parent / "results"
FIRST_ERRORS = 5  # errors kept per list in a run's JSON


@dataclass
class Figure:
    """One row of the table: a measured figure and its goal.

    ``met`` is None when the figure has no goal or could not be measured.
    """

    scenario: str
    figure: str
    value: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""
    run: str = ""  # id of the run that measured it, set in the latest table

    def shown(self) -> str:
        """The value as printed."""
        if self.value is None:
            return "—"
        if self.unit in ("rows/s", "MB", "records"):
            return f"{self.value:,.0f} {self.unit}".replace(",", " ")
        if self.unit == "×":
            return f"{self.value:.2f} ×"
        if self.unit == "%":
            return f"{self.value:.2f} %"
        return f"{self.value:.2f} {self.unit}"

    def verdict(self) -> str:
        """yes / NO / blank."""
        return {True: "yes", False: "NO", None: ""}[self.met]


@dataclass
class Results:
    """Everything one ``bench/run`` produced."""

    started: datetime
    options: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def run_id(self) -> str:
        """The run's id: its UTC start, also the name of its JSON file."""
        return f"{self.started:%Y%m%dT%H%M%SZ}"

    def add(self, *figures: Figure) -> None:
        """Append figures to the table."""
        self.figures.extend(figures)

    def unavailable(self, scenario: str, figure: str, goal: str, error: object) -> None:
        """A row saying why a figure could not be measured."""
        self.add(Figure(scenario, figure, None, "", goal, None, f"not available: {error}"))


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, Python, OS: what the figures depend on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def print_table(results: Results, console: Console) -> None:
    """The Rich table: scenario, figure, value, goal, met?, note."""
    table = Table(title="ssm benchmarks (issue 3)", title_justify="left")
    for column in ("scenario", "figure", "value", "goal", "met?", "note"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for f in results.figures:
        style = {True: "green", False: "red", None: ""}[f.met]
        verdict = f"[{style}]{f.verdict()}[/]" if style else ""
        note = f.note if len(f.note) <= 90 else f.note[:89] + "…"
        cells = (escape(f.scenario), escape(f.figure), f.shown(), f.goal)
        table.add_row(*cells, verdict, escape(note))
    console.print(table)


def complete(figures: list[Figure]) -> bool:
    """Whether every figure asked was measured: only such a run becomes the latest."""
    return bool(figures) and all(f.value is not None for f in figures)


def compact(details: Any) -> Any:
    """``details`` with every ``errors`` list cut to its first few, its length in ``errors_total``.

    A partial sync reports one error per refused record; kept whole, one run weighed 12.9 MB.
    """
    if isinstance(details, list):
        return [compact(item) for item in details]
    if not isinstance(details, dict):
        return details
    out = {key: compact(value) for key, value in details.items()}
    errors = out.get("errors")
    if isinstance(errors, list) and len(errors) > FIRST_ERRORS:
        out["errors"] = errors[:FIRST_ERRORS]
        out["errors_total"] = len(errors)
    return out


def write(results: Results, folder: Path = RESULTS) -> Path:
    """``<run id>.json`` in ``folder``: the machine, options, figures and compacted details."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "started": results.started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "machine": machine(),
        "options": results.options,
        "figures": [asdict(f) | {"run": results.run_id} for f in results.figures],
        "details": compact(results.details),
    }
    path = folder / f"{results.run_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    tmp.replace(path)
    return path
