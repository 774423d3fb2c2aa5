"""Change-to-cloud latency: single Sage edits while ``ssm-connector run`` runs.

Each edit is one ``ssm.sage100.Activity`` step (its own transaction, as a Sage user's). The
clock starts when the step has committed and stops when the cloud API shows the change:

- an edit of a known record: ``GET /api/v4/{resource}/{id}`` (the id from the install's
  bindings) until its ``dateUpdated`` is at or after the commit;
- a new record: ``GET /api/v4/{resource}/{id}`` on the ids after the resource's last one
  until one carries the new ``extId``;
- a deletion (separately, reconciliation runs on its own cadence): until ``deleted`` is true.

Orders turned into delivery notes are not synced (not invoices), so they are not measured.

Under sustained activity the same edits are made while :class:`BackgroundActivity` runs
``ssm-sage100 activity --rate 5`` on the company: the activity's own actions are not timed
(deletions wait for the reconciliation, delivery notes are not synced, and its output
says when an action ended, not when it committed), so the timed edits are the marked ones.
The activity's new records take CRM ids too: a new record is looked for at every id after
the last one.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from ssm_bench._procs import tool
from ssm_bench.report import Figure

#: Action kind → (CRM resource, which is also the stream's name; creates a record?).
MEASURED: dict[str, tuple[str, bool]] = {
    "new_client": ("accounts", True),
    "edit_client": ("accounts", False),
    "new_contact": ("contacts", True),
    "change_price": ("products", False),
    "new_invoice": ("invoices", True),
    "post_invoice": ("invoices", False),
}


class CloudReader:
    """Reads the instance's records with the install's own API key pair."""

    def __init__(self, install: Path) -> None:
        from ssm.connector import InstallLayout, load_install

        config, secrets = load_install(InstallLayout(install))
        self.http = httpx.Client(base_url=config.cloud.url, timeout=10)
        token = self.http.post(
            "/api/v4/login",
            json={
                "username": config.cloud.public_key,
                "password": secrets.private_key.get_secret_value(),
            },
        )
        token.raise_for_status()
        self.http.headers["X-Session-Key"] = token.json()["token"]

    def close(self) -> None:
        """Close the HTTP client."""
        self.http.close()

    def get(self, resource: str, record_id: int) -> dict[str, Any] | None:
        """One record, or None if there is no such id (yet)."""
        response = self.http.get(f"/api/v4/{resource}/{record_id}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return dict(response.json())

    def last_id(self, resource: str) -> int:
        """The highest id of the resource (lists are ordered by id, deleted ones included)."""
        head = self.http.get(f"/api/v4/{resource}", headers={"X-FM-Entity-Count": "1"})
        head.raise_for_status()
        total = int(head.headers["X-FM-Total-Count"])
        if total == 0:
            return 0
        last = self.http.get(
            f"/api/v4/{resource}", params={"page": total - 1}, headers={"X-FM-Entity-Count": "1"}
        )
        last.raise_for_status()
        return int(last.json()[0]["id"])


#: Seconds of background activity before the first timed edit: the passes find their pace.
ACTIVITY_WARM_UP_S = 5.0


class NewRecordCheck:
    """Whether the CRM shows a new record with ``ext_id``, among ids after ``last``.

    Ids are scanned forward and each record read once: under sustained activity other new
    records take ids first, and a poll must not read them all again. A missing id ends the
    scan, except that the next ``gap`` ids are peeked at too (an insert rolled back by a
    refused batch may leave a hole). Ids are shared by every tenant of the service, so
    under a multi-tenant load the record may lie past any gap: ``bound`` then gives the id
    the connector bound to it (committed just after the CRM acknowledged it).
    """

    def __init__(
        self,
        get: Callable[[int], dict[str, Any] | None],
        ext_id: str,
        last: int,
        gap: int = 2,
        bound: Callable[[], int | None] | None = None,
    ) -> None:
        self.get = get
        self.ext_id = ext_id
        self.next_id = last + 1
        self.gap = gap
        self.bound = bound

    def __call__(self) -> bool:
        """One poll: True once the record is seen."""
        while (record := self.get(self.next_id)) is not None:
            if self._is_it(record):
                return True
            self.next_id += 1
        for candidate in range(self.next_id + 1, self.next_id + 1 + self.gap):
            if self._is_it(self.get(candidate)):
                return True
        crm_id = self.bound() if self.bound is not None else None
        return crm_id is not None and self._is_it(self.get(crm_id))

    def _is_it(self, record: dict[str, Any] | None) -> bool:
        return record is not None and str(record.get("extId")) == self.ext_id


class BackgroundActivity:
    """``ssm-sage100 activity --rate RATE`` on the company while the block runs.

    Its output (one line per action done) goes to ``log``; :attr:`actions` counts them once
    stopped. SIGINT stops it between two actions, as Ctrl+C would.
    """

    def __init__(
        self, server: Path, database: str, log: Path, *, rate: float = 5.0, seed: int = 3
    ) -> None:
        self.cmd = [
            tool("ssm-sage100"),
            "activity",
            str(server),
            "--company",
            database,
            "--rate",
            f"{rate:g}",
            "--seed",
            str(seed),
        ]
        self.log = log
        self.rate = rate
        self.actions = 0
        self.proc: subprocess.Popen[bytes] | None = None

    def describe(self) -> str:
        """The command as the table's note names it."""
        return f"ssm-sage100 activity --rate {self.rate:g}"

    def __enter__(self) -> BackgroundActivity:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                self.cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.actions = count_actions(self.log.read_text(errors="replace"))


def count_actions(output: str) -> int:
    """Actions done by ``ssm-sage100 activity``: one non-blank line each."""
    return sum(1 for line in output.splitlines() if line.strip())


def binding(install: Path, stream: str, key: str) -> int | None:
    """The CRM id the connector bound to a Sage key, read-only from its state store."""
    path = install / "data" / "state.sqlite"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute(
            "SELECT crm_id FROM bindings WHERE stream = ? AND sage_key = ?", (stream, key)
        ).fetchone()
    finally:
        conn.close()
    return int(row[0]) if row and row[0] is not None else None


def _stamp(record: dict[str, Any]) -> datetime | None:
    values = [record.get(k) for k in ("dateUpdated", "dateCreated", "dateDeleted")]
    stamps = [datetime.fromisoformat(v) for v in values if v]
    return max(stamps) if stamps else None


@dataclass
class Edit:
    """One measured edit."""

    kind: str
    resource: str
    key: str
    latency_s: float | None  # None: not seen before the timeout, or skipped
    note: str = ""
    skipped: bool = False  # nothing to measure (no such record, or never synced)


@dataclass
class LatencyOutcome:
    """Edits measured, and deletions measured apart."""

    edits: list[Edit] = field(default_factory=list)
    busy_edits: list[Edit] = field(default_factory=list)  # under sustained activity
    deletions: list[Edit] = field(default_factory=list)

    @staticmethod
    def percentiles(edits: list[Edit]) -> tuple[float | None, float | None, int]:
        """p50, p95 over the edits seen, and how many were not seen (skipped ones aside)."""
        seen = sorted(e.latency_s for e in edits if e.latency_s is not None)
        missing = sum(1 for e in edits if e.latency_s is None and not e.skipped)
        if not seen:
            return None, None, missing

        def pick(q: float) -> float:
            rank = max(0, min(len(seen) - 1, round(q * (len(seen) - 1))))
            return seen[rank]

        return pick(0.50), pick(0.95), missing


def seconds_by_edit(edits: list[dict[str, Any]]) -> dict[str, float | None]:
    """Stored edits (``asdict(Edit)``) as ``{"kind key": seconds}``: a run's details stay small.

    None is an edit not seen in time, or skipped (its note then follows the key).
    """
    return {
        f"{e['kind']} {e['key']}" + (f" ({e['note']})" if e["note"] else ""): e["latency_s"]
        for e in edits
    }


def latency_figures(label: str, edits: list[Edit], settings: str) -> tuple[Figure, Figure]:
    """The p50 and p95 rows of a set of edits (goal: p95 ≤ 2 s), the note saying how many."""
    p50, p95, missing = LatencyOutcome.percentiles(edits)
    seen = sum(1 for e in edits if e.latency_s is not None)
    note = f"{seen} edits seen" + (f", {missing} not seen in 30 s" if missing else "")
    note += f"; {settings}" if settings else ""
    met = p95 <= 2 if p95 is not None else None
    return (
        Figure(label, "p50", p50, "s", "", None, note),
        Figure(label, "p95", p95, "s", "≤ 2 s", met, note),
    )


def _wait(
    check: Callable[[], bool], committed: float, timeout: float, poll: float = 0.02
) -> float | None:
    while time.monotonic() - committed < timeout:
        if check():
            return time.monotonic() - committed
        time.sleep(poll)
    return None


def measure_edits(
    install: Path,
    server: Path,
    database: str,
    *,
    edits: int,
    seed: int = 7,
    timeout: float = 30.0,
    say: Callable[[str], None] = print,
    until: Callable[[], bool] | None = None,
    kinds: tuple[str, ...] = tuple(MEASURED),
) -> list[Edit]:
    """Make ``edits`` single edits, one at a time, each timed until the cloud shows it.

    ``until``: no edit starts once it returns True (``scaleout`` edits while a load runs).
    ``kinds``: the actions made in turn, among ``MEASURED`` (``twoway`` times two).
    """
    from ssm.sage100 import Activity, open_server

    engine = open_server(server).engine(database)
    cloud = CloudReader(install)
    rng = random.Random(seed)
    activity = Activity(engine, seed)
    done: list[Edit] = []
    try:
        for i in range(edits):
            if until is not None and until():
                break
            kind = kinds[i % len(kinds)]
            resource, creates = MEASURED[kind]
            last = cloud.last_id(resource) if creates else 0
            action = activity.step(kind)
            committed = time.monotonic()
            since = datetime.now(UTC)
            if action.kind != kind:
                done.append(Edit(kind, resource, "", None, action.description, skipped=True))
                continue
            key = action.key  # the extId the connector sends (a header's cbMarq for invoices)
            check: Callable[[], bool]
            if creates:
                check = NewRecordCheck(
                    lambda i, r=resource: cloud.get(r, i),
                    key,
                    last,
                    bound=lambda r=resource, k=key: binding(install, r, k),
                )
            else:
                crm_id = binding(install, resource, key)
                if crm_id is None:
                    done.append(Edit(kind, resource, key, None, "never synced", skipped=True))
                    continue

                def updated(
                    resource: str = resource, crm_id: int = crm_id, since: datetime = since
                ) -> bool:
                    record = cloud.get(resource, crm_id)
                    stamp = _stamp(record) if record else None
                    return stamp is not None and stamp >= since

                check = updated

            latency = _wait(check, committed, timeout)
            done.append(Edit(kind, resource, key, latency, "" if latency else "not seen"))
            shown = f"{latency:.2f} s" if latency is not None else f"not seen in {timeout:.0f} s"
            say(f"  edit {i + 1}/{edits} {kind} {key}: {shown}")
            time.sleep(rng.uniform(1.0, 2.0))
    finally:
        cloud.close()
        engine.dispose()
    return done


def measure_deletions(
    install: Path,
    server: Path,
    database: str,
    *,
    deletions: int,
    timeout: float,
    say: Callable[[str], None] = print,
) -> list[Edit]:
    """Delete contacts one at a time; each timed until the cloud marks it deleted."""
    from ssm.sage100 import Activity, open_server

    engine = open_server(server).engine(database)
    cloud = CloudReader(install)
    activity = Activity(engine, 11)
    done: list[Edit] = []
    try:
        for i in range(deletions):
            action = activity.step("delete_contact")
            committed = time.monotonic()
            crm_id = binding(install, "contacts", action.key)
            if action.kind != "delete_contact" or crm_id is None:
                skip = Edit("delete_contact", "contacts", action.key, None, "never synced", True)
                done.append(skip)
                say(f"  deletion {i + 1}/{deletions} contact {action.key}: never synced, skipped")
                continue

            def check(crm_id: int = crm_id) -> bool:
                record = cloud.get("contacts", crm_id)
                return bool(record and record.get("deleted"))

            latency = _wait(check, committed, timeout, poll=0.05)
            done.append(Edit("delete_contact", "contacts", action.key, latency))
            shown = f"{latency:.2f} s" if latency is not None else f"not seen in {timeout:.0f} s"
            say(f"  deletion {i + 1}/{deletions} contact {action.key}: {shown}")
    finally:
        cloud.close()
        engine.dispose()
    return done
