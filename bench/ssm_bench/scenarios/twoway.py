"""Two-way latency (issue 15): CRM saves timed until Sage 100 holds them, and back.

With ``ssm-connector run`` running at its default settings, each CRM save goes through the
API as a user's would, one at a time, in turn: a new prospect, an edit of that prospect
(once Sage holds it), a new contact of a client Sage holds. The clock starts when the API
answered (the save is committed) and stops when a read-only SQL query on the Sage file
finds the row (``F_COMPTET``, ``F_CONTACTT``). The other way, Sage edits of clients and
new contacts are timed until the CRM shows them, as the ``latency`` scenario times them
(``measure_edits``). Goal: p95 ≤ 2 s each way.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssm_bench.report import Figure
from ssm_bench.scenarios.latency import CloudReader, Edit, LatencyOutcome

#: The CRM saves, in turn: (kind, CRM resource).
CRM_SAVES: tuple[tuple[str, str], ...] = (
    ("create_prospect", "accounts"),
    ("edit_prospect", "accounts"),
    ("create_contact", "contacts"),
)

#: The Sage edits timed the other way: the entities the CRM can also change.
SAGE_EDITS: tuple[str, ...] = ("edit_client", "new_contact")


class SageFile:
    """Read-only queries on the company's SQLite file, as a Sage user's screen would see it."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def has(self, query: str, *params: Any) -> bool:
        """Whether ``query`` finds a row."""
        return self.conn.execute(query, params).fetchone() is not None


def wait_for(check: Callable[[], bool], started: float, timeout: float) -> float | None:
    """Seconds from ``started`` until ``check`` holds, or None after ``timeout``."""
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def a_client_with_contacts(cloud: CloudReader) -> int:
    """The CRM id of an account Sage holds: new contacts are made on it."""
    response = cloud.http.get("/api/v4/accounts", headers={"X-FM-Entity-Count": "50"})
    response.raise_for_status()
    return next(int(a["id"]) for a in response.json() if a.get("extId"))


def measure_crm_saves(
    install: Path,
    sage_file: Path,
    *,
    saves: int,
    seed: int = 15,
    timeout: float = 30.0,
    say: Callable[[str], None] = print,
) -> list[Edit]:
    """Make ``saves`` CRM saves one at a time, each timed until Sage's file has it."""
    cloud = CloudReader(install)
    sage = SageFile(sage_file)
    rng = random.Random(seed)
    account_id = a_client_with_contacts(cloud)
    prospect: tuple[int, str] | None = None  # the last prospect made, and its Sage key
    done: list[Edit] = []
    try:
        for i in range(saves):
            kind, resource = CRM_SAVES[i % len(CRM_SAVES)]
            name = f"Bench {seed}-{i}"
            check: Callable[[], bool]
            crm_id = 0  # a new record's: from the API's answer
            if kind == "create_prospect":
                response = cloud.http.post("/api/v4/accounts", json={"name": name})
                check = _query(sage, "SELECT 1 FROM F_COMPTET WHERE CT_Intitule = ?", name)
            elif kind == "edit_prospect" and prospect is not None:
                city = f"Ville {i}"
                crm_id = prospect[0]
                response = cloud.http.put(f"/api/v4/accounts/{prospect[0]}", json={"city": city})
                check = _query(
                    sage,
                    "SELECT 1 FROM F_COMPTET WHERE CT_Num = ? AND CT_Ville = ?",
                    prospect[1],
                    city,
                )
            elif kind == "create_contact":
                body = {"accountId": account_id, "lastName": name}
                response = cloud.http.post("/api/v4/contacts", json=body)
                check = _query(sage, "SELECT 1 FROM F_CONTACTT WHERE CT_Nom = ?", name)
            else:
                done.append(Edit(kind, resource, "", None, "no prospect in Sage", skipped=True))
                continue
            started = time.monotonic()
            response.raise_for_status()
            latency = wait_for(check, started, timeout)
            crm_id = crm_id or int(response.json()["id"])
            key = _ext_id(cloud, resource, crm_id) if latency is not None else None
            if kind == "create_prospect":
                prospect = (crm_id, key) if key else None
            done.append(Edit(kind, resource, key or f"#{crm_id}", latency))
            shown = f"{latency:.2f} s" if latency is not None else f"not in Sage in {timeout:.0f} s"
            say(f"  CRM save {i + 1}/{saves} {kind} #{crm_id}: {shown}")
            time.sleep(rng.uniform(0.5, 1.5))
    finally:
        sage.close()
        cloud.close()
    return done


def _query(sage: SageFile, query: str, *params: Any) -> Callable[[], bool]:
    return lambda: sage.has(query, *params)


def _ext_id(cloud: CloudReader, resource: str, crm_id: int, timeout: float = 10.0) -> str | None:
    """The Sage key the connector bound a record to (just after it wrote it), once it has."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        record = cloud.get(resource, crm_id)
        if record and record.get("extId"):
            return str(record["extId"])
        time.sleep(0.05)
    return None


@dataclass
class Round:
    """One round of the scenario: the CRM saves and the Sage edits, each timed."""

    crm_saves: list[Edit] = field(default_factory=list)
    sage_edits: list[Edit] = field(default_factory=list)


def twoway_figures(label: str, rounds: list[Round]) -> list[Figure]:
    """p50 and p95 each way, the median over the rounds (goal: p95 ≤ 2 s each way)."""
    return [
        *round_figures(
            label, "CRM → Sage", [r.crm_saves for r in rounds], seen_as="saves seen", goal_s=2
        ),
        *round_figures(
            label, "Sage → CRM", [r.sage_edits for r in rounds], seen_as="edits seen", goal_s=2
        ),
    ]


def round_figures(
    label: str,
    clock: str,
    rounds: list[list[Edit]],
    *,
    seen_as: str,
    goal_s: float,
    missed_as: str = "not seen in 30 s",
) -> list[Figure]:
    """The p50 and p95 rows of one clock: each the median of the rounds' own."""
    per_round = [LatencyOutcome.percentiles(edits) for edits in rounds]
    p50s = [p50 for p50, _, _ in per_round if p50 is not None]
    p95s = [p95 for _, p95, _ in per_round if p95 is not None]
    missing = sum(m for _, _, m in per_round)
    seen = sum(1 for edits in rounds for e in edits if e.latency_s is not None)
    note = f"{seen} {seen_as} in {len(rounds)} round(s)" + (
        f", {missing} {missed_as}" if missing else ""
    )
    if len(p95s) > 1:
        note += "; p95 per round " + ", ".join(f"{p:.2f}" for p in p95s) + " s"
    note += "; default settings"
    p50 = statistics.median(p50s) if p50s else None
    p95 = statistics.median(p95s) if p95s else None
    met = None if p95 is None else p95 <= goal_s
    return [
        Figure(label, f"{clock} p50", p50, "s", "", None, note),
        Figure(label, f"{clock} p95", p95, "s", f"≤ {goal_s:g} s", met, note),
    ]
