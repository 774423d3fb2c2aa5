"""``ssm-connector status``: is the service running, how did each stream do, what is wrong.

Beside the streams' last figures it says, each in one French sentence with what to do:
an invalid configuration, a data folder the service cannot write to (read-only, disk
full), the last incident the service logged (Sage 100 locked or unreachable, a crashed
pass), a pass in progress with the records read so far, and passes interrupted by a kill.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from datetime import datetime
from typing import Any

from ssm.connector import messages as msg
from ssm.connector.errors import ConfigurationError, StateError
from ssm.connector.logs import LOG_FILE
from ssm.connector.service.lock import is_running
from ssm.connector.settings import InstallLayout, read_config
from ssm.connector.sync import EXPORT, STREAM_NAMES, RunRecord, StateStore, state_error

_FIGURES = ("read", "created", "updated", "unchanged", "deleted", "failed")
#: Below this free space the data folder's disk is called full: a batch needs more.
_DISK_FULL_BYTES = 1024 * 1024
#: How much of the log's end is searched for the last incident.
_LOG_TAIL_BYTES = 256 * 1024
_SHOWN_RUNS = 10


def build_status(layout: InstallLayout, history: int = 200) -> dict[str, Any]:
    """The service state, each stream's figures, the problems to fix and the error list."""
    running = is_running(layout)
    problems: list[str] = []
    config_valid = True
    try:
        read_config(layout)
    except ConfigurationError as exc:
        config_valid = False
        problems.append(str(exc))
    runs: list[RunRecord] = []
    errors: list[tuple[str, str, str, str]] = []
    try:
        with StateStore(layout.state_file) as state:
            runs = state.runs(history)
            errors = state.errors() + [
                (EXPORT, f"{resource} {ext_id or f'#{crm_id}'}", reason, since)
                for resource, crm_id, ext_id, reason, since in state.crm_errors()
            ]
    except StateError as exc:
        problems.append(str(exc))
    else:
        problems.extend(p for p in [data_folder_problem(layout)] if p is not None)
    return {
        "service": msg.STATUS_RUNNING if running else msg.STATUS_STOPPED,
        "running": running,
        "install_dir": str(layout.root),
        "config_valid": config_valid,
        "problems": problems,
        "incident": _last_incident(layout, runs),
        "in_progress": _in_progress(runs),
        "runs": [_run_line(r) for r in runs[:_SHOWN_RUNS]],
        "streams": _streams(runs),
        "errors": [
            {"stream": s, "key": k, "reason": reason, "since": since}
            for s, k, reason, since in errors
        ],
    }


def _streams(runs: list[RunRecord]) -> dict[str, Any]:
    streams: dict[str, Any] = {}
    for name in (EXPORT, *STREAM_NAMES):
        last_sync = next((r for r in runs if r.kind == "sync" and _has(r.report, name)), None)
        last_rec = next((r for r in runs if r.kind == "reconcile" and _has(r.report, name)), None)
        entry: dict[str, Any] = {"last_run": None, "status": "never"}
        if last_sync is not None and last_sync.report is not None:
            figures = last_sync.report["streams"][name]
            entry = {
                "last_run": last_sync.finished_at,
                "status": figures["status"],
                **{k: figures[k] for k in _FIGURES},
                "aborted": figures.get("aborted"),
            }
            if name == EXPORT:  # fields both sides changed, each in the log (docs/sync.md)
                entry["conflicts"] = figures.get("conflicts", 0)
        if last_rec is not None and last_rec.report is not None:
            rec = last_rec.report["streams"][name]
            entry["last_reconcile"] = last_rec.finished_at
            entry["reconcile_status"] = rec["status"]
            entry["deleted_last_reconcile"] = rec["deleted"]
        streams[name] = entry
    return streams


def _run_line(run: RunRecord) -> dict[str, Any]:
    return {
        "id": run.id,
        "kind": run.kind,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "status": run.status,
        "progress": run.progress or {},
        "error": run.error,
    }


def _in_progress(runs: list[RunRecord]) -> dict[str, Any] | None:
    """The pass running now, with the records each stream has read so far."""
    current = next((r for r in runs if r.status == "running"), None)
    if current is None:
        return None
    return {"run": current.id, "since": current.started_at, "progress": current.progress or {}}


def data_folder_problem(layout: InstallLayout) -> str | None:
    """Why the service could not write its state now (read-only, disk full), or None.

    A file is created and removed there: permission bits alone do not tell (ACLs,
    read-only mounts, root without its capabilities). A folder not created yet is fine.
    """
    folder = layout.state_file.parent
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".ssm-write-test-"):
            pass
        if shutil.disk_usage(folder).free < _DISK_FULL_BYTES:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return str(state_error(layout.state_file, exc))
    return None


def _last_incident(layout: InstallLayout, runs: list[RunRecord]) -> dict[str, str] | None:
    """The newest French sentence the service logged or recorded since the last good pass.

    A crashed or failed run keeps its reason in the state; a condition the state could not
    record (Sage 100 locked, a read-only folder) is in the log, as an event with a
    ``message``.
    """
    # Runs come newest first; those before the last good one are newer than it, even when
    # both finished within the same second (their times are stamped to the second).
    good = next((i for i, r in enumerate(runs) if r.status in ("succeeded", "partial")), None)
    finished = runs[good].finished_at if good is not None else None
    since = _when(finished) if finished else None
    found: list[tuple[datetime, str]] = []
    for run in runs[:good]:
        reason = _why(run)
        if reason is not None and run.finished_at:
            found.append((_when(run.finished_at), reason))
            break
    found.extend(f for f in _logged_incidents(layout) if since is None or f[0] > since)
    if not found:
        return None
    at, message = max(found, key=lambda f: f[0])
    return {"at": at.isoformat(timespec="seconds"), "message": message}


def _why(run: RunRecord) -> str | None:
    """Why a run crashed, or why the first stream of a failed run stopped (not put off)."""
    if run.status == "crashed":
        return run.error
    if run.status != "failed" or run.report is None:
        return None
    streams = run.report.get("streams", {}).values()
    return next((s["aborted"] for s in streams if s.get("aborted") and not s.get("deferred")), None)


def _logged_incidents(layout: InstallLayout) -> list[tuple[datetime, str]]:
    path = layout.logs_dir / LOG_FILE
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - _LOG_TAIL_BYTES))
            tail = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    found = []
    for line in tail:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            event = json.loads(line)
            if event.get("level") in ("warning", "error") and event.get("message"):
                found.append((_when(event["timestamp"]), str(event["message"])))
    return found


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _has(report: dict[str, Any] | None, stream: str) -> bool:
    return report is not None and stream in report.get("streams", {})
