"""``ssm-connector status``: is the service running, how did each stream do, what failed."""

from __future__ import annotations

from typing import Any

from ssm.connector import _messages as msg
from ssm.connector._service import is_running
from ssm.connector.settings import InstallLayout
from ssm.connector.sync import STREAM_NAMES, StateStore

_FIGURES = ("read", "created", "updated", "unchanged", "deleted", "failed")


def build_status(layout: InstallLayout, history: int = 200) -> dict[str, Any]:
    """The service state, each stream's last sync and reconciliation, and the error list."""
    running = is_running(layout)
    with StateStore(layout.state_file) as state:
        runs = state.runs(history)
        errors = state.errors()
    streams: dict[str, Any] = {}
    for name in STREAM_NAMES:
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
        if last_rec is not None and last_rec.report is not None:
            rec = last_rec.report["streams"][name]
            entry["last_reconcile"] = last_rec.finished_at
            entry["reconcile_status"] = rec["status"]
            entry["deleted_last_reconcile"] = rec["deleted"]
        streams[name] = entry
    return {
        "service": msg.STATUS_RUNNING if running else msg.STATUS_STOPPED,
        "running": running,
        "install_dir": str(layout.root),
        "streams": streams,
        "errors": [
            {"stream": s, "key": k, "reason": reason, "since": since}
            for s, k, reason, since in errors
        ],
    }


def _has(report: dict[str, Any] | None, stream: str) -> bool:
    return report is not None and stream in report.get("streams", {})
