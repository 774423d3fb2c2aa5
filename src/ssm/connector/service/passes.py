"""Runs of an installed connector: a sync pass, a reconciliation pass, and the counts.

Each opens what the install's configuration names (the Sage 100 company, the CRM
instance, the state store), runs the chosen streams and records the run with honest
figures: a run succeeds only when every stream completed without a failed record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.crm_client import CrmClient
from ssm.connector.errors import ConfigurationError
from ssm.connector.logs import get_logger
from ssm.connector.settings import (
    InstallConfig,
    InstallLayout,
    Secrets,
    load_install,
    sage_login,
)
from ssm.connector.sync import (
    EXPORT,
    STREAMS,
    Progress,
    RunStatus,
    SageStream,
    ShouldStop,
    StateStore,
    StreamResult,
    export_changes,
    reconcile_stream,
    sync_stream,
)
from ssm.sage100 import (
    SERVER_KINDS,
    USERS,
    ProspectNumbering,
    Sage100Server,
    TableSpec,
    count_rows,
    open_server,
    read_changes,
    read_keys,
)
from ssm.sage100.schema import F_DOCLIGNE, DO_Domaine, DO_Type

#: Lines of sales invoices, posted or not: what the CRM's invoice lines should count.
INVOICE_LINES = TableSpec(
    table="F_DOCLIGNE",
    key="DL_No",
    columns=("DL_No",),
    where=(F_DOCLIGNE.c.DO_Domaine == DO_Domaine.VENTES)
    & F_DOCLIGNE.c.DO_Type.in_([DO_Type.FACTURE, DO_Type.FACTURE_COMPTABILISEE]),
)


_log = get_logger()


@dataclass(frozen=True)
class RunReport:
    """What one run did, per stream."""

    run_id: int
    kind: str
    streams: list[StreamResult]
    notes: list[str] = field(default_factory=list)
    """Sentences about the run as a whole, e.g. why the CRM → Sage step did not run."""

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
            "kind": self.kind,
            "status": self.status,
            "streams": {s.stream: s.as_dict() for s in self.streams},
        } | ({"notes": self.notes} if self.notes else {})


@dataclass(frozen=True)
class Session:
    """What a run works with: configuration, Sage engine, CRM client, state, Sage server."""

    config: InstallConfig
    sage: Engine
    crm: CrmClient
    state: StateStore
    server: Sage100Server


def select_streams(entities: Sequence[str] | None) -> tuple[SageStream, ...]:
    """The streams named (all when None), in dependency order."""
    if not entities:
        return STREAMS
    known = {s.name for s in STREAMS}
    unknown = [e for e in entities if e not in known]
    if unknown:
        raise ConfigurationError(
            msg.UNKNOWN_ENTITY.format(entity=", ".join(unknown), known=", ".join(sorted(known)))
        )
    return tuple(s for s in STREAMS if s.name in entities)


def crm_to_sage_unavailable(sage_server: str) -> str | None:
    """Why the CRM → Sage step does not run on this Sage 100 server, or None when it does.

    On SQL Server (mssql dialect) the writer's statements are checked as T-SQL but were
    never run against a live server, and a real Sage 100 is normally written through its
    Objets Métiers: the step stays off there, and the feed position does not move, so
    nothing is lost if it is allowed later.
    """
    sql_server = any(k.name == "sqlserver" and k.claims(sage_server) for k in SERVER_KINDS)
    return msg.TWO_WAY_SQLSERVER if sql_server else None


def open_crm(config: InstallConfig, secrets: Secrets, *, max_attempts: int = 6) -> CrmClient:
    """A CRM session with the install's API key pair."""
    return CrmClient(
        config.cloud.url,
        config.cloud.public_key,
        secrets.private_key.get_secret_value(),
        max_attempts=max_attempts,
    )


@contextmanager
def session(layout: InstallLayout) -> Iterator[Session]:
    """Open everything a run needs and close it afterwards, whatever happens."""
    config, secrets = load_install(layout)
    server = open_server(config.sage.server, login=sage_login(config, secrets))
    sage = server.engine(config.sage.company)
    try:
        with open_crm(config, secrets) as crm, StateStore(layout.state_file) as state:
            yield Session(config, sage, crm, state, server)
    finally:
        sage.dispose()


def sync_pass(
    s: Session,
    entities: Sequence[str] | None = None,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> RunReport:
    """Run the streams once within an open session and record the run.

    A whole pass (no ``entities``) first writes the CRM's changes into Sage, so the streams
    that follow read back what was just written and confirm it in the CRM.
    """
    overlap = timedelta(minutes=s.config.sync.overlap_minutes)
    unavailable = None if entities else crm_to_sage_unavailable(s.config.sage.server)
    return run_recorded(
        s,
        "sync",
        entities,
        lambda stream: sync_stream(
            stream,
            s.sage,
            s.crm,
            s.state,
            overlap=overlap,
            batch_size=s.config.sync.batch_size,
            progress=_noted(s.state, progress),
            should_stop=should_stop,
        ),
        first=None if entities or unavailable else lambda: _export(s, should_stop),
        notes=[unavailable] if unavailable else [],
    )


def _export(s: Session, should_stop: ShouldStop | None) -> StreamResult:
    """The CRM → Sage step, numbering new prospects as the install chose."""
    sync = s.config.sync
    numbering = ProspectNumbering(sync.prospect_prefix, sync.prospect_digits)
    return export_changes(s.sage, s.crm, s.state, numbering, should_stop)


def _noted(state: StateStore, progress: Progress | None) -> Progress:
    """Record each stream's progress in the run, for ``status``, then tell ``progress``."""

    def note(stream: str, count: int) -> None:
        state.note_progress(stream, count)
        if progress is not None:
            progress(stream, count)

    return note


def reconcile_pass(s: Session, entities: Sequence[str] | None = None) -> RunReport:
    """Propagate Sage deletions within an open session and record the run."""
    return run_recorded(
        s, "reconcile", entities, lambda stream: reconcile_stream(stream, s.sage, s.crm, s.state)
    )


def sync_once(
    layout: InstallLayout,
    entities: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Open a session, run the streams once, close."""
    with session(layout) as s:
        return sync_pass(s, entities, progress)


def reconcile(layout: InstallLayout, entities: Sequence[str] | None = None) -> RunReport:
    """Open a session, propagate Sage deletions, close."""
    with session(layout) as s:
        return reconcile_pass(s, entities)


def count_entities(layout: InstallLayout) -> dict[str, dict[str, int]]:
    """For each stream, and for invoice lines, how many records Sage and the CRM have."""
    with session(layout) as s:
        counts = {
            stream.name: {
                "sage": sum(len(keys) for keys in read_keys(s.sage, stream.spec)),
                "cloud": s.crm.count(stream.resource),
            }
            for stream in STREAMS
        }
        counts["invoice_lines"] = {
            "sage": _sage_invoice_lines(s.sage),
            "cloud": s.crm.count_lines(),
        }
        return counts


def _sage_invoice_lines(sage: Engine) -> int:
    return count_rows(sage, INVOICE_LINES)


def run_recorded(
    s: Session,
    kind: str,
    entities: Sequence[str] | None,
    run_stream: Callable[[SageStream], StreamResult],
    first: Callable[[], StreamResult] | None = None,
    notes: Sequence[str] = (),
) -> RunReport:
    """Run the streams as one numbered run: in the history, and in the log.

    ``first``, when given, is a step run before the streams and reported like one. While a
    record made in the CRM may have a Sage row whose key the state has not noted yet (a
    kill or a failure between the write and the note), the streams of its resource wait:
    they would send that row as a new CRM record. Noted keys the streams skip themselves.
    """
    streams = select_streams(entities)
    run_id = s.state.start_run(kind)
    with structlog.contextvars.bound_contextvars(run_id=run_id, kind=kind):
        results: list[StreamResult] = []
        if first is not None:
            results.append(first())
            _log_result(results[-1])
        unbound = s.state.reserved_resources() if kind == "sync" else set()
        for stream in streams:
            with structlog.contextvars.bound_contextvars(stream=stream.name):
                parent = _failed_parent(stream, results) if kind == "sync" else None
                if stream.resource in unbound:
                    parent = EXPORT
                if parent is None:
                    results.append(run_stream(stream))
                else:
                    results.append(_deferred(stream, parent))
                _log_result(results[-1])
        report = RunReport(run_id, kind, results, list(notes))
        s.state.finish_run(run_id, report.status, report.as_dict())
        if any(r.read or r.aborted for r in results):
            _log.info("run.finished", status=report.status)
    return report


def _failed_parent(stream: SageStream, done: Sequence[StreamResult]) -> str | None:
    """A parent of ``stream`` that failed earlier in this pass, if any.

    Its children would be refused (``unknown_account``) or sent without their links
    (invoice lines without product): they wait for the next pass, which runs the parent
    again first, from its cursor. A parent not run in this pass defers nothing.
    """
    failed = {r.stream for r in done if r.status == "failed"}
    return next((parent for parent in stream.parents if parent in failed), None)


def _deferred(stream: SageStream, parent: str) -> StreamResult:
    """The figures of a stream put off to the next pass: nothing read, and why."""
    reason = msg.STREAM_DEFERRED.format(parent=parent)
    return StreamResult(stream.name, aborted=reason, deferred=parent)


def _log_result(result: StreamResult) -> None:
    for error in result.errors:
        _log.warning("record.error", key=error.key, code=error.code, reason=error.message)
    if result.read or result.aborted:
        figures = {k: v for k, v in result.as_dict().items() if k not in ("errors", "stream")}
        _log.info("stream.finished", **figures)


def resync(
    layout: InstallLayout, entities: Sequence[str], user_email: str | None = None
) -> RunReport:
    """Re-send streams whole, or only the records owned by one sales rep, then sync.

    The guide's resynchronisation after a user is invited: the records a rep owns were
    already in the CRM under the administrator; re-sending them lets the cloud give them to
    the new user. Records the CRM already has as sent come back ``unchanged``.
    """
    with session(layout) as s:
        return resync_pass(s, entities, user_email)


def resync_pass(s: Session, entities: Sequence[str], user_email: str | None = None) -> RunReport:
    """:func:`resync` within an open session (the service runs the web app's requests)."""
    streams = select_streams(entities)
    owner = None if user_email is None else _rep_number(s, user_email)
    for stream in streams:  # re-read whole; hashes skip all but the forgotten records
        s.state.forget_hashes(stream.name, owner)
        s.state.reset_cursor(stream.name)
    return sync_pass(s, [stream.name for stream in streams])


def refused_records(s: Session) -> list[dict[str, str]]:
    """The error list as the cloud's ``PUT /integration/errors`` takes it.

    Records of the CRM that Sage refused are listed by their Sage key; one refused before
    it had any (a new prospect) stays on the local list only: the cloud names records by key.
    """
    resources = {stream.name: stream.resource for stream in STREAMS}
    return [
        {"resource": resources.get(stream, stream), "extId": key, "message": reason}
        for stream, key, reason, _ in s.state.errors()
    ] + [
        {"resource": resource, "extId": ext_id, "message": reason}
        for resource, _, ext_id, reason, _ in s.state.crm_errors()
        if ext_id is not None
    ]


def _rep_number(s: Session, email: str) -> str:
    wanted = email.strip().casefold()
    for batch in read_changes(s.sage, USERS):
        for row in batch.rows:
            if str(row.get("CO_EMail") or "").strip().casefold() == wanted:
                return str(row["CO_No"])
    raise ConfigurationError(msg.UNKNOWN_REP_EMAIL.format(email=email))
