"""Figures, the printed table, and the JSON and Markdown written to ``bench/results``."""

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


def markdown(results: Results, info: dict[str, Any]) -> str:
    """The table in Markdown, with the machine and the date."""
    lines = [
        "| scenario | figure | value | goal | met? | note |",
        "|---|---|---:|---|---|---|",
    ]
    for f in results.figures:
        note = (f.note if len(f.note) <= 200 else f.note[:199] + "…").replace("|", "\\|")
        cells = (f.scenario, f.figure, f.shown(), f.goal, f.verdict(), note)
        lines.append("| " + " | ".join(cells) + " |")
    ram = f"{info['ram_gb']} GB RAM" if info.get("ram_gb") else "RAM unknown"
    lines += [
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {ram}, Python {info['python']}; "
        f"run {results.started:%Y-%m-%d %H:%M} UTC; options {json.dumps(results.options)}.",
    ]
    return "\n".join(lines) + "\n"


def write(results: Results) -> Path:
    """``<UTC timestamp>.json``, ``latest.json`` and ``latest.md`` in ``bench/results``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine()
    payload = {
        "started": results.started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "machine": info,
        "options": results.options,
        "figures": [asdict(f) for f in results.figures],
        "details": results.details,
    }
    text = json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"
    stamped = RESULTS / f"{results.started:%Y%m%dT%H%M%SZ}.json"
    for path in (stamped, RESULTS / "latest.json"):
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.replace(path)
    (RESULTS / "latest.md").write_text(markdown(results, info))
    return stamped
