"""The sync engine: read what changed in Sage 100, send it, bind it, checkpoint.

For each batch a stream yields, records whose content hash equals the one last
acknowledged are counted unchanged and not sent; the rest go to the CRM in upserts of at
most 200. Bindings of a chunk are committed as soon as the CRM acknowledged it; the cursor
a batch carries is committed with the batch's last chunk, in the same transaction, so the
cursor never passes a record the CRM has not acknowledged (DESIGN §4).

A chunk the CRM refuses as a whole is split in halves until the bad record stands alone;
that record goes to the error list with the CRM's reason and the rest flows on.

A refusal that can go away (``RETRYABLE``: the record's parent is not in the CRM yet) is
committed like any other, cursor included, but marked for a retry: after the change read,
each pass reads the records whose retry is due again from Sage, by key, and sends them
through the same path, with a backoff per record (``state.retry_delay``), until they
land or fail for a lasting reason. So no cursor strands a record. A record Sage no longer
has leaves the retry list (reconciliation deletes it).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any, Literal, NamedTuple

import orjson
from sqlalchemy import Engine

from ssm.connector.crm_client import CrmClient
from ssm.connector.errors import CloudRejectedError, ConnectorError
from ssm.connector.logs import get_logger
from ssm.connector.sync._streams import SageStream
from ssm.connector.sync.mapper import MappingError, Record, content_hash, encode_record
from ssm.connector.sync.state import Binding, StateStore
from ssm.sage100 import Cursor, Sage100Error, read_by_keys

_log = get_logger()

IN_FLIGHT = 8
"""Chunks sent and not yet settled. With two, the CRM idled a quarter of the time, waiting
for the next body while this process read and mapped; pme initial sync, one run each on an
idle machine (issue 14): 2 → 41 s, 4 → 29.3 s, 8 → 26.5–27.4 s, 16 → 27.2 s (and 24 MB more)."""
RunStatus = Literal["succeeded", "partial", "failed"]
Progress = Callable[[str, int], None]
"""Called with a stream name and how many more records it has handled."""
ShouldStop = Callable[[], bool]
"""Asked between batches: True stops the stream cleanly after the batch in flight."""
RETRYABLE = frozenset({"unknown_account"})
"""CRM refusal codes that can go away: the record's parent is not in the CRM yet."""


@dataclass(frozen=True)
class RecordError:
    """A record that could not be synced, with its reason (French)."""

    key: str
    code: str
    message: str


@dataclass
class StreamResult:
    """Figures of one stream in one run; ``read`` always equals the sum of the outcomes."""

    stream: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    retried: int = 0
    """Records read again by key for a retry (counted in ``read`` too)."""
    conflicts: int = 0
    """Fields both sides changed between two passes (CRM → Sage step only), each logged."""
    errors: list[RecordError] = field(default_factory=list)
    aborted: str | None = None
    stopped: bool = False
    deferred: str | None = None
    """The parent stream whose failure in this pass put this stream off to the next."""

    @property
    def status(self) -> RunStatus:
        """Failed if the stream stopped early or was deferred, partial if records failed."""
        if self.aborted is not None or self.stopped or self.deferred is not None:
            return "failed"
        return "partial" if self.failed else "succeeded"

    def fail(self, key: str, code: str, message: str) -> None:
        """Count one record as failed, with its reason."""
        self.failed += 1
        self.errors.append(RecordError(key, code, message))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures, status included."""
        return {**asdict(self), "status": self.status}


class _Pending(NamedTuple):
    """A mapped record on its way (a tuple: three are built per record, issue 14)."""

    key: str
    record: Record
    encoded: orjson.Fragment  # the record's JSON, encoded once: hashed, then sent as is
    hash: str


def sync_stream(
    stream: SageStream,
    sage: Engine,
    crm: CrmClient,
    state: StateStore,
    *,
    overlap: timedelta,
    batch_size: int = 200,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> StreamResult:
    """Bring one stream up to date; an error stops the stream and is reported, never hidden.

    First the change read, then the retries that are due (read again by key). Up to
    ``IN_FLIGHT`` chunks travel at once, so the CRM works on one chunk while this process
    reads and maps the next ones. Answers are settled strictly in the order the chunks were
    sent, so bindings and cursors are committed in order, as if one at a time. Rows the
    connector wrote into Sage for CRM records not yet bound to them are skipped: sent now,
    they would become second CRM records; their binding makes them due as retries.
    """
    result = StreamResult(stream.name)
    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="upsert") as pool:
        pipe = _Pipe(stream, crm, state, result, pool, batch_size)
        try:
            changes = (
                (b.rows, b.cursor)
                for b in stream.get_batches(sage, state.cursor(stream.name), overlap)
            )
            for step in (changes, ((rows, None) for rows in _due(stream, sage, state, result))):
                for rows, cursor in step:
                    pipe.send(rows, cursor)
                    if progress is not None:
                        progress(stream.name, len(rows))
                    if should_stop is not None and should_stop():
                        result.stopped = True
                        break
                # Settled before the retries are chosen: a record just re-read by the change
                # read has its new outcome, and is not sent twice in one pass.
                pipe.drain()
                if result.stopped:
                    break
        except (ConnectorError, Sage100Error) as exc:
            result.aborted = str(exc)
            pipe.cancel()
    return result


def _due(
    stream: SageStream, sage: Engine, state: StateStore, result: StreamResult
) -> Iterator[list[dict[str, Any]]]:
    """The rows of the records due for a retry, read again from Sage by key."""
    keys = state.due_retries(stream.name)
    if not keys:
        return
    _log.info("retry.started", records=len(keys))
    found: set[str] = set()
    for rows in read_by_keys(sage, stream.spec, keys):
        found.update(str(row[stream.key]) for row in rows)
        result.retried += len(rows)
        yield rows
    gone = [key for key in keys if key not in found]
    if gone:
        state.drop_retries(stream.name, gone)
        _log.info("retry.dropped", records=len(gone), reason="absent from Sage")


class _Pipe:
    """Chunks on their way to the CRM, settled in the order they were sent."""

    def __init__(
        self,
        stream: SageStream,
        crm: CrmClient,
        state: StateStore,
        result: StreamResult,
        pool: ThreadPoolExecutor,
        batch_size: int,
    ) -> None:
        self._stream, self._crm, self._state, self._result = stream, crm, state, result
        self._pool, self._batch_size = pool, batch_size
        self._window: deque[_InFlight] = deque()
        self._unconfirmed = state.unconfirmed_keys(stream.resource)
        self._numbers = itertools.count(1)

    def send(self, rows: Sequence[dict[str, Any]], cursor: Cursor | None) -> None:
        """Map rows, send the changed ones; ``cursor`` is committed with the last chunk.

        Rows are mapped a chunk at a time and each full chunk leaves at once: mapping a
        whole batch before the first send left the CRM idle meanwhile, and this process
        idle while the CRM caught up (both at ~65 % of a core on pme's small streams).
        """
        pending: list[_Pending] = []
        refused: list[Binding] = []
        size = self._batch_size
        for start in range(0, len(rows), size):
            more, bad = _changed(
                self._stream,
                rows[start : start + size],
                self._state,
                self._result,
                self._unconfirmed,
            )
            pending += more
            refused += bad
            while len(pending) >= size and (len(pending) > size or start + size < len(rows)):
                self._submit(pending[:size], refused, None)
                pending, refused = pending[size:], []
        self._submit(pending, refused, cursor)

    def _submit(self, chunk: list[_Pending], refused: list[Binding], cursor: Cursor | None) -> None:
        name = self._stream.name
        self._state.mark_sending(name, [p.key for p in chunk])
        sent = self._pool.submit(_send, self._stream.resource, chunk, self._crm)
        self._window.append(_InFlight(sent, refused, cursor, next(self._numbers)))
        while len(self._window) > IN_FLIGHT:
            _settle(self._window.popleft(), name, self._state, self._result)

    def drain(self) -> None:
        """Settle every chunk still in flight."""
        while self._window:
            _settle(self._window.popleft(), self._stream.name, self._state, self._result)

    def cancel(self) -> None:
        """Drop the chunks in flight: acknowledged or not, none is bound, so re-sent later."""
        for unsettled in self._window:
            unsettled.future.cancel()
        self._window.clear()


class _Outcome(NamedTuple):
    """The CRM's answer for one record (a tuple, like ``_Pending``)."""

    pending: _Pending
    status: str
    crm_id: int | None = None
    code: str = ""
    message: str = ""


@dataclass(frozen=True)
class _InFlight:
    future: Future[list[_Outcome]]
    refused: list[Binding]  # rows the mapper refused, committed with this chunk
    cursor: Cursor | None  # the batch's cursor, on its last chunk only
    number: int  # the chunk's rank in this pass, for the log


def _settle(sent: _InFlight, stream: str, state: StateStore, result: StreamResult) -> None:
    """Count a chunk's outcomes, then commit its bindings (and cursor) in one transaction."""
    bindings = list(sent.refused)
    for refused in sent.refused:
        result.read += 1
        result.fail(refused.sage_key, "mapping", refused.error or "")
    for outcome in sent.future.result():
        bindings.append(_bind(outcome, result))
    state.commit(stream, bindings, sent.cursor)
    _log.info(
        "batch.committed",
        batch=sent.number,
        records=len(bindings),
        cursor_moved=sent.cursor is not None,
    )


def _changed(
    stream: SageStream,
    rows: Sequence[dict[str, Any]],
    state: StateStore,
    result: StreamResult,
    unconfirmed: frozenset[str],
) -> tuple[list[_Pending], list[Binding]]:
    """Map rows; keep those whose hash differs; unmappable rows become error bindings.

    Only unchanged rows are counted here: the others count when their chunk is settled,
    so a stream stopped mid-way still reports read = the sum of its outcomes. Rows whose
    key is ``unconfirmed`` are left out, neither read nor counted.
    """
    keys = [str(row[stream.key]) for row in rows]
    known = state.hashes(stream.name, keys)
    pending: list[_Pending] = []
    refused: list[Binding] = []
    for key, row in zip(keys, rows, strict=True):
        if unconfirmed and key in unconfirmed:
            continue
        try:
            record = stream.mapper.map(row)
        except MappingError as exc:  # counted when its binding is committed
            refused.append(Binding(key, None, None, "error", str(exc)))
            continue
        encoded = encode_record(record)
        digest = content_hash(encoded)
        if known.get(key) == digest:
            result.read += 1
            result.unchanged += 1
        else:
            pending.append(_Pending(key, record, orjson.Fragment(encoded), digest))
    return pending, refused


def _send(resource: str, chunk: Sequence[_Pending], crm: CrmClient) -> list[_Outcome]:
    """Upsert a chunk; on a whole-chunk refusal, bisect until the bad record stands alone."""
    if not chunk:
        return []
    try:
        answers = crm.upsert(resource, [p.encoded for p in chunk])
    except CloudRejectedError as exc:
        if len(chunk) == 1:
            return [_Outcome(chunk[0], "error", None, f"http_{exc.status}", str(exc))]
        middle = len(chunk) // 2
        return _send(resource, chunk[:middle], crm) + _send(resource, chunk[middle:], crm)
    return [
        _Outcome(p, a.status, a.id, *((a.error.code, a.error.message) if a.error else ("", "")))
        for p, a in zip(chunk, answers, strict=True)
    ]


def _bind(outcome: _Outcome, result: StreamResult) -> Binding:
    key = outcome.pending.key
    result.read += 1
    if outcome.status == "error":
        result.fail(key, outcome.code, outcome.message)
        retry = outcome.code in RETRYABLE
        return Binding(key, outcome.crm_id, None, "error", outcome.message, retry=retry)
    if outcome.status == "created":
        result.created += 1
    elif outcome.status == "updated":
        result.updated += 1
    else:
        result.unchanged += 1
    owner = outcome.pending.record.get("salesRepExtId")
    return Binding(key, outcome.crm_id, outcome.pending.hash, "synced", owner=owner)
