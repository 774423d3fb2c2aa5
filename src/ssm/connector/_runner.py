"""One synchronisation run of an installed connector, start to finish.

Opens what the install's configuration names (the Sage 100 company, the CRM instance, the
state store), runs every stream, and records the run with honest figures: the run succeeds
only when every stream completed without a failed record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ssm.connector._crm import CrmClient
from ssm.connector.settings import InstallConfig, InstallLayout, Secrets, load_install
from ssm.connector.sync import STREAMS, RunStatus, SageTableStream, StateStore, StreamResult
from ssm.connector.sync import sync_stream as _sync_stream
from ssm.sage100 import count_rows, open_server


@dataclass(frozen=True)
class RunReport:
    """What one run did, per stream."""

    run_id: int
    streams: list[StreamResult]

    @property
    def status(self) -> RunStatus:
        """The worst of the streams' statuses."""
        statuses = {s.status for s in self.streams}
        if "failed" in statuses:
            return "failed"
        return "partial" if "partial" in statuses else "succeeded"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "streams": {s.stream: s.as_dict() for s in self.streams},
        }


def open_crm(config: InstallConfig, secrets: Secrets) -> CrmClient:
    """A CRM session with the install's API key pair."""
    return CrmClient(
        config.cloud.url, config.cloud.public_key, secrets.private_key.get_secret_value()
    )


def sync_once(
    layout: InstallLayout, streams: tuple[type[SageTableStream], ...] = STREAMS
) -> RunReport:
    """Run every stream once and record the run in the state store."""
    config, secrets = load_install(layout)
    sage = open_server(config.sage.server).engine(config.sage.company)
    try:
        with open_crm(config, secrets) as crm, StateStore(layout.state_file) as state:
            run_id = state.start_run()
            results = [
                _sync_stream(
                    stream,
                    sage,
                    crm,
                    state,
                    overlap=timedelta(minutes=config.sync.overlap_minutes),
                    batch_size=config.sync.batch_size,
                )
                for stream in streams
            ]
            report = RunReport(run_id, results)
            state.finish_run(run_id, report.status, report.as_dict())
    finally:
        sage.dispose()
    return report


def count_entities(
    layout: InstallLayout, streams: tuple[type[SageTableStream], ...] = STREAMS
) -> dict[str, dict[str, int]]:
    """For each stream, how many records Sage has and how many the CRM has."""
    config, secrets = load_install(layout)
    sage = open_server(config.sage.server).engine(config.sage.company)
    try:
        with open_crm(config, secrets) as crm:
            return {
                s.name: {"sage": count_rows(sage, s.spec), "cloud": crm.count(s.resource)}
                for s in streams
            }
    finally:
        sage.dispose()
