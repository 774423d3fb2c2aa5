"""``ssm-connector run``: the loop the background service executes.

It polls Sage 100's change watcher every ``poll_interval`` seconds, which costs microseconds
when nothing happened, and runs a sync pass only when something may have changed (or the
previous pass failed). A thread long-polls the CRM's change feed (``feed_watcher``) and
wakes the loop as soon as a prospect or contact changes there. Deletions are reconciled on
a slower cadence, and only when Sage changed since the last reconciliation. A heartbeat
tells the cloud how each stream stands.
The cadences are the install's (``sync.poll_interval`` and the ``[service]`` table of
``connector.toml``, with defaults); the command line may override them.
SIGTERM or SIGINT stops the loop after the batch in flight, so the state stays consistent.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from ssm import __version__
from ssm.connector import messages as msg
from ssm.connector.errors import (
    CloudRejectedError,
    ConfigurationError,
    ConnectorError,
    StateError,
)
from ssm.connector.logs import get_logger
from ssm.connector.service.feed_watcher import FEED_WAIT, FeedWatcher
from ssm.connector.service.lock import service_lock
from ssm.connector.service.passes import (
    RunReport,
    Session,
    crm_to_sage_unavailable,
    open_crm,
    reconcile_pass,
    refused_records,
    resync_pass,
    session,
    sync_pass,
)
from ssm.connector.settings import InstallLayout, ServiceSection, load_install, read_config
from ssm.connector.sync import STREAM_NAMES
from ssm.sage100 import Sage100Error


@dataclass
class ServiceOptions:
    """Overrides of the install's cadences, in seconds (``None``: the configuration's)."""

    poll_interval: float | None = None  # the install's ``sync.poll_interval``
    reconcile_interval: float | None = None  # the others: its ``[service]`` table
    heartbeat_interval: float | None = None
    requests_interval: float | None = None  # how soon a resync asked in the web app starts
    feed_wait: float = FEED_WAIT  # how long one long-poll of the CRM's feed waits
    on_report: Callable[[RunReport], None] | None = None  # each pass, e.g. the demo prints it


@dataclass
class LoopState:
    """What the loop remembers between ticks: pending work, failures, the next due times."""

    dirty: bool = True  # the first pass always runs
    changed_since_reconcile: bool = True
    failures: int = 0
    next_reconcile: float = 0.0
    next_heartbeat: float = 0.0
    next_requests: float = 0.0
    streams: dict[str, Any] = field(default_factory=dict)
    reported_errors: str | None = None  # hash of the error list last sent (or refused)


class Service:
    """The connector's continuous synchronisation.

    Usage::

        Service(InstallLayout(path)).run()   # returns when SIGTERM or SIGINT arrives
    """

    def __init__(self, layout: InstallLayout, options: ServiceOptions | None = None) -> None:
        self.layout = layout
        self.options = options or ServiceOptions()
        self.timings = self._timings(ServiceSection())
        self.stopping = threading.Event()
        self._wake = threading.Event()  # set by stop() and by a change in the CRM
        self._log = get_logger()

    def stop(self, *_: object) -> None:
        """Ask the loop to stop after the batch in flight."""
        self.stopping.set()
        self._wake.set()

    def run(self) -> None:
        """Loop until stopped; the install must be configured, its configuration valid.

        A condition that can go away (Sage 100 locked or unreachable, the data folder
        read-only or its disk full) is logged as one French sentence and waited out with
        backoff, then everything is opened again: the sync resumes where it stopped.
        """
        check_configured(self.layout)
        # An invalid configuration stops here, with its sentence.
        self.timings = self._timings(read_config(self.layout).service)
        loop = LoopState()
        self._log.info("service.started", version=__version__)
        with _signals(self.stop):  # SIGTERM while waiting out a condition stops cleanly too
            try:
                while not self.stopping.is_set():
                    try:
                        with service_lock(self.layout):
                            self._serve(loop)
                    except (Sage100Error, StateError) as exc:
                        loop.failures += 1
                        delay = self.next_wait(1.0, loop)
                        sentence = msg.SERVICE_WAITING.format(reason=exc, delay=delay)
                        self._log.warning("service.waiting", message=sentence)
                        self.stopping.wait(delay)
            finally:
                self._log.info("service.stopped")

    def _serve(self, loop: LoopState) -> None:
        """Open the install's session and poll until stopped or Sage becomes unavailable."""
        with session(self.layout) as s:
            interval = self.options.poll_interval or s.config.sync.poll_interval
            self.timings = self._timings(s.config.service)
            watcher = s.server.watch(s.config.sage.company)
            feed = self._feed_watcher(s)
            loop.dirty = True  # Sage may have changed while it was unavailable
            self._log.info("service.polling", interval=interval, **self.timings.model_dump())
            try:
                with feed or contextlib.nullcontext():
                    while not self.stopping.is_set():
                        self._wake.clear()  # before the tick: a change seen during it wakes
                        loop.dirty |= feed is not None and feed.changed()
                        self.tick(s, watcher.changed(), loop)
                        self._sleep(self.next_wait(interval, loop), loop)
            finally:
                watcher.close()
                if self.stopping.is_set():
                    self._heartbeat(s, loop, "stopped")

    def _feed_watcher(self, s: Session) -> FeedWatcher | None:
        """The CRM feed's watcher, with its own CRM client; None where the step cannot run."""
        unavailable = crm_to_sage_unavailable(s.config.sage.server)
        if unavailable is not None:
            self._log.warning("crm_to_sage.unavailable", message=unavailable)  # once a session
            return None
        return FeedWatcher(
            open_crm(*load_install(self.layout), max_attempts=1),
            self._wake,
            after=s.state.feed_position(),
            wait=self.options.feed_wait,
            max_backoff=self.timings.max_backoff,
        )

    def _sleep(self, seconds: float, loop: LoopState) -> None:
        """Wait for the next turn; a change in the CRM ends the wait, unless backing off."""
        (self._wake if loop.failures == 0 else self.stopping).wait(seconds)

    def tick(self, s: Session, changed: bool, loop: LoopState) -> None:
        """One turn of the loop: the due pass, reconciliation, requests, reports, heartbeat.

        A pass that crashes is logged with its French reason and retried, not fatal.

        The state store commits only what the CRM acknowledged, so the next pass simply
        resumes; the service keeps running and backs off like after any failed pass. The
        run is closed as crashed, with the reason ``status`` shows, when the state can
        still be written.
        """
        try:
            self._do_due_work(s, changed, loop)
        except (StateError, Sage100Error, ConnectorError) as exc:
            loop.dirty = True
            loop.failures += 1
            self._log.error("pass.crashed", message=str(exc))
            self._crashed(s, str(exc))
        except Exception as exc:
            loop.dirty = True
            loop.failures += 1
            sentence = msg.SYNC_CRASHED.format(
                reason=_reason(exc), delay=self.next_wait(1.0, loop), logs=self.layout.logs_dir
            )
            self._log.exception("pass.crashed", message=sentence)
            self._crashed(s, sentence)

    def _crashed(self, s: Session, sentence: str) -> None:
        with contextlib.suppress(StateError):  # a full disk may refuse this too: logged above
            s.state.crash_run(sentence)

    def _do_due_work(self, s: Session, changed: bool, loop: LoopState) -> None:
        """The due pass, then each cadence that is due, in order.

        Each cadence reads the clock anew: a pass of seconds (the first one, on a big
        company) must not leave the next turn thinking requests and heartbeat are due again.
        """
        loop.dirty |= changed or s.state.retries_due()  # refused records due for a retry
        loop.changed_since_reconcile |= changed
        if loop.dirty:
            report = sync_pass(s, should_stop=self.stopping.is_set)
            self._record(report, loop)
            loop.dirty = report.status == "failed" and not self.stopping.is_set()
            self._report_errors(s, loop)
        now = time.monotonic()
        if now >= loop.next_reconcile and loop.changed_since_reconcile and not loop.dirty:
            report = reconcile_pass(s)
            self._record(report, loop)
            loop.changed_since_reconcile = report.status == "failed"
            loop.next_reconcile = now + self.timings.reconcile_interval
        now = time.monotonic()
        if now >= loop.next_requests and not loop.dirty:
            self._resync_requests(s, loop)
            loop.dirty |= self._crm_changed(s)
            loop.next_requests = now + self.timings.requests_interval
        now = time.monotonic()
        if now >= loop.next_heartbeat:
            self._report_errors(s, loop)
            self._heartbeat(s, loop, "running")
            loop.next_heartbeat = now + self.timings.heartbeat_interval

    def _resync_requests(self, s: Session, loop: LoopState) -> None:
        """Carry out the resynchronisations asked for in the web app, one by one."""
        try:
            requests = s.crm.resync_requests()
        except ConnectorError as exc:
            self._log.warning("resync_requests.failed", reason=str(exc))
            return
        for request in requests:
            if self.stopping.is_set():
                return
            streams = [e for e in request.entities if e in STREAM_NAMES]
            self._log.info("resync.requested", request=request.id, entities=streams)
            try:
                report = resync_pass(s, streams, request.userEmail) if streams else None
            except ConnectorError as exc:
                s.crm.resync_done(request.id, "failed", str(exc))
                continue
            if report is not None:
                self._record(report, loop)
            skipped = sorted(set(request.entities) - set(streams))
            detail = msg.RESYNC_DONE.format(
                entities=", ".join(streams) or "-", skipped=", ".join(skipped) or "-"
            )
            failed = report is not None and report.status == "failed"
            s.crm.resync_done(request.id, "failed" if failed else "done", detail)

    def _crm_changed(self, s: Session) -> bool:
        """Whether the CRM's change feed holds changes not yet in Sage: a pass is due.

        The feed watcher wakes the loop for each new change; asking again on the requests'
        cadence catches the changes a pass left behind (Sage locked, the cloud down).
        Where the step cannot run (SQL Server) the feed would always hold them: never due.
        """
        if crm_to_sage_unavailable(s.config.sage.server) is not None:
            return False
        try:
            return bool(s.crm.changes(s.state.feed_position(), limit=1).changes)
        except ConnectorError as exc:
            self._log.warning("crm_changes.failed", reason=str(exc))
            return False

    def _report_errors(self, s: Session, loop: LoopState) -> None:
        """Send the error list after a pass and with the heartbeat, when it changed.

        A hash of the list last sent saves resending an unchanged list every 30 s. A list
        the cloud refuses (4xx) is logged once, in French, and not sent again until it
        changes: the same list would be refused the same way. Transient failures (cloud
        unreachable, 5xx) are retried at the next heartbeat.
        """
        errors = refused_records(s)
        digest = hashlib.sha256(orjson.dumps(errors)).hexdigest()
        if digest == loop.reported_errors:
            return
        try:
            s.crm.report_errors(errors)
        except CloudRejectedError as exc:
            reason = msg.ERRORS_REPORT_REFUSED.format(count=len(errors), reason=exc)
            self._log.error("errors_report.refused", reason=reason)
        except ConnectorError as exc:
            self._log.warning("errors_report.failed", reason=str(exc))
            return
        loop.reported_errors = digest

    def _record(self, report: RunReport, loop: LoopState) -> None:
        """Keep each stream's last figures for the heartbeat; the runner logged the pass.

        ``finished_at`` (UTC) is when the pass ended: the web app's « Connecteur » page shows it.
        """
        loop.failures = loop.failures + 1 if report.status == "failed" else 0
        if self.options.on_report is not None:
            self.options.on_report(report)
        finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        for result in report.streams:
            figures = result.as_dict()
            del figures["errors"]
            loop.streams[result.stream] = {
                **figures,
                "kind": report.kind,
                "finished_at": finished_at,
            }

    def _heartbeat(self, s: Session, loop: LoopState, status: str) -> None:
        try:
            s.crm.heartbeat(status, loop.streams, __version__)
        except ConnectorError as exc:
            self._log.warning("heartbeat.failed", reason=str(exc))

    def _timings(self, configured: ServiceSection) -> ServiceSection:
        """The configuration's cadences, with the options' overrides (the CLI's, tests')."""
        chosen = {
            "reconcile_interval": self.options.reconcile_interval,
            "heartbeat_interval": self.options.heartbeat_interval,
            "requests_interval": self.options.requests_interval,
        }
        return configured.model_copy(update={k: v for k, v in chosen.items() if v is not None})

    def next_wait(self, interval: float, loop: LoopState) -> float:
        """The wait before the next turn: ``interval``, doubled per failed pass, capped."""
        if loop.failures == 0:
            return interval
        return float(min(interval * 2.0**loop.failures, self.timings.max_backoff))


@contextlib.contextmanager
def _signals(handler: Any) -> Iterator[None]:
    """Route SIGTERM and SIGINT to ``handler`` while the loop runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def check_configured(layout: InstallLayout) -> None:
    """Fail early, with the French message, when the folder is not a configured install."""
    if not layout.config_file.is_file():
        raise ConfigurationError(
            msg.INSTALL_NOT_CONFIGURED.format(path=layout.root, file=layout.config_file.name)
        )


def _reason(exc: BaseException) -> str:
    """An unforeseen error in one line: its type and first line, never a traceback."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
