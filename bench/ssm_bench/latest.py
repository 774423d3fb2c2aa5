"""``latest.json``, ``latest.md`` and the README's table: the latest complete run, rows marked.

Only a complete run (every figure asked was measured) is published, so ``latest.*`` is
always the newest such run. A run of some scenarios may take the rows it did not measure
from earlier runs, named with ``--merge-from``; every row then says which run measured it,
and the Markdown lists each run with its date, machine and options. The README shows
``latest.md`` verbatim between two markers, rewritten at each publication.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ssm_bench.report import RESULTS, Figure, complete

README = RESULTS.parent.parent / "README.md"
BEGIN = "<!-- bench:latest (generated from bench/results/latest.md by bench/run) -->"
END = "<!-- /bench:latest -->"


def load(run_id: str, folder: Path = RESULTS) -> dict[str, Any]:
    """The JSON a run wrote, ``run_id`` being its file name without ``.json``."""
    path = folder / f"{run_id}.json"
    if not path.is_file():
        raise SystemExit(f"bench: no run {run_id} in {folder}")
    payload: dict[str, Any] = json.loads(path.read_text())
    return payload


def figures_of(payload: dict[str, Any], run_id: str) -> list[Figure]:
    """A run's figures, each marked with the run."""
    return [Figure(**(f | {"run": run_id})) for f in payload["figures"]]


def newest_complete(folder: Path = RESULTS) -> str:
    """The id of the newest run in ``folder`` that measured every figure it was asked."""
    for path in sorted(folder.glob("2*.json"), reverse=True):
        if complete(figures_of(json.loads(path.read_text()), path.stem)):
            return path.stem
    raise SystemExit(f"bench: no complete run in {folder}")


def markdown(figures: list[Figure], runs: dict[str, dict[str, Any]]) -> str:
    """The table, then one line per run its rows come from."""
    rows = [
        "| scenario | figure | value | goal | met? | run | note |",
        "|---|---|---:|---|---|---|---|",
    ]
    for f in figures:
        note = (f.note if len(f.note) <= 200 else f.note[:199] + "…").replace("|", "\\|")
        cells = (f.scenario, f.figure, f.shown(), f.goal, f.verdict(), f.run, note)
        rows.append("| " + " | ".join(cells) + " |")
    sources = []
    for run_id, payload in runs.items():
        info = payload["machine"]
        ram = f"{info['ram_gb']} GB RAM" if info.get("ram_gb") else "RAM unknown"
        started = payload["started"][:16].replace("T", " ")
        sources.append(
            f"Run {run_id}: {started} UTC; {info['cpu']}, {info['cores']} cores, {ram}, "
            f"Python {info['python']}; options {json.dumps(payload['options'])}."
        )
    return "\n".join(rows) + "\n\n" + "\n\n".join(sources) + "\n"


def with_table(readme: str, table: str) -> str:
    """``readme`` with ``table`` between its markers."""
    head, begin, rest = readme.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"bench: README.md lacks the markers {BEGIN} and {END}")
    return f"{head}{BEGIN}\n\n{table}\n{END}{tail}"


def table_in(readme: str) -> str:
    """The table between the README's markers, as ``latest.md`` holds it."""
    return readme.partition(BEGIN)[2].partition(END)[0].strip("\n") + "\n"


def publish(
    run_id: str, merge_from: Sequence[str] = (), folder: Path = RESULTS, readme: Path = README
) -> None:
    """Write ``latest.*`` from a complete run and rows of ``merge_from`` it lacks; then README.

    Earlier runs are searched in the order given; the first that measured a row wins.
    """
    base = load(run_id, folder)
    figures = figures_of(base, run_id)
    if not complete(figures):
        raise SystemExit(f"bench: run {run_id} is incomplete and cannot be the latest")
    runs = {run_id: base}
    for other in merge_from:
        payload = load(other, folder)
        present = {(f.scenario, f.figure) for f in figures}
        taken = [
            f
            for f in figures_of(payload, other)
            if f.value is not None and (f.scenario, f.figure) not in present
        ]
        if taken:
            figures += taken
            runs[other] = payload
    headers = {
        rid: {k: p[k] for k in ("started", "finished", "machine", "options")}
        for rid, p in runs.items()
    }
    latest = {"runs": headers, "figures": [asdict(f) for f in figures]}
    table = markdown(figures, runs)
    (folder / "latest.json").write_text(json.dumps(latest, indent=2, ensure_ascii=False) + "\n")
    (folder / "latest.md").write_text(table)
    readme.write_text(with_table(readme.read_text(), table))
