"""The sync engine: read what changed in Sage 100, send it, bind it, checkpoint.

For each batch a stream yields, records whose content hash equals the one last
acknowledged are counted unchanged and not sent; the rest go to the CRM in upserts of at
most 200. Bindings of a chunk are committed as soon as the CRM acknowledged it; the cursor
a batch carries is committed with the batch's last chunk, in the same transaction, so the
cursor never passes a record the CRM has not acknowledged (DESIGN §4).

A chunk the CRM refuses as a whole is split in halves until the bad record stands alone;
that record goes to the error list with the CRM's reason and the rest flows on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import Engine

from ssm.connector._crm import CrmClient, UpsertResult
from ssm.connector.errors import CloudRejectedError, ConnectorError
from ssm.connector.sync._mapper import MappingError, Record, record_hash
from ssm.connector.sync._state import Binding, StateStore
from ssm.connector.sync._streams import SageStream
from ssm.sage100 import Sage100Error

RunStatus = Literal["succeeded", "partial", "failed"]
Progress = Callable[[str, int], None]
"""Called with a stream name and how many more records it has handled."""
ShouldStop = Callable[[], bool]
"""Asked between batches: True stops the stream cleanly after the batch in flight."""


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
    errors: list[RecordError] = field(default_factory=list)
    aborted: str | None = None
    stopped: bool = False

    @property
    def status(self) -> RunStatus:
        """Failed if the stream stopped early, partial if records failed, else succeeded."""
        if self.aborted is not None or self.stopped:
            return "failed"
        return "partial" if self.failed else "succeeded"

    def fail(self, key: str, code: str, message: str) -> None:
        """Count one record as failed, with its reason."""
        self.failed += 1
        self.errors.append(RecordError(key, code, message))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures, status included."""
        return {**asdict(self), "status": self.status}


@dataclass(frozen=True)
class _Pending:
    key: str
    record: Record
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
    """Bring one stream up to date; an error stops the stream and is reported, never hidden."""
    result = StreamResult(stream.name)
    try:
        for batch in stream.get_batches(sage, state.cursor(stream.name), overlap):
            pending, bindings = _changed(stream, batch.rows, state, result)
            chunks = list(_chunks(pending, batch_size)) or [[]]
            for index, chunk in enumerate(chunks):
                bindings += _send(stream.resource, chunk, crm, result)
                last = index == len(chunks) - 1
                state.commit(stream.name, bindings, batch.cursor if last else None)
                bindings = []
            if progress is not None:
                progress(stream.name, len(batch.rows))
            if should_stop is not None and should_stop():
                result.stopped = True
                break
    except (ConnectorError, Sage100Error) as exc:
        result.aborted = str(exc)
    return result


def _changed(
    stream: SageStream,
    rows: Sequence[dict[str, Any]],
    state: StateStore,
    result: StreamResult,
) -> tuple[list[_Pending], list[Binding]]:
    """Map rows; keep those whose hash differs; unmappable rows become error bindings."""
    keys = [str(row[stream.key]) for row in rows]
    known = state.hashes(stream.name, keys)
    pending: list[_Pending] = []
    refused: list[Binding] = []
    for key, row in zip(keys, rows, strict=True):
        result.read += 1
        try:
            record = stream.mapper.map(row)
        except MappingError as exc:
            result.fail(key, "mapping", str(exc))
            refused.append(Binding(key, None, None, "error", str(exc)))
            continue
        digest = record_hash(record)
        if known.get(key) == digest:
            result.unchanged += 1
        else:
            pending.append(_Pending(key, record, digest))
    return pending, refused


def _send(
    resource: str, chunk: Sequence[_Pending], crm: CrmClient, result: StreamResult
) -> list[Binding]:
    """Upsert a chunk; on a whole-chunk refusal, bisect until the bad record stands alone."""
    if not chunk:
        return []
    try:
        answers = crm.upsert(resource, [p.record for p in chunk])
    except CloudRejectedError as exc:
        if len(chunk) == 1:
            result.fail(chunk[0].key, f"http_{exc.status}", str(exc))
            return [Binding(chunk[0].key, None, None, "error", str(exc))]
        middle = len(chunk) // 2
        return _send(resource, chunk[:middle], crm, result) + _send(
            resource, chunk[middle:], crm, result
        )
    return [_bind(p, answer, result) for p, answer in zip(chunk, answers, strict=True)]


def _bind(pending: _Pending, answer: UpsertResult, result: StreamResult) -> Binding:
    if answer.status == "error":
        code, message = (answer.error.code, answer.error.message) if answer.error else ("", "")
        result.fail(pending.key, code, message)
        return Binding(pending.key, answer.id, None, "error", message)
    if answer.status == "created":
        result.created += 1
    elif answer.status == "updated":
        result.updated += 1
    else:
        result.unchanged += 1
    owner = pending.record.get("salesRepExtId")
    return Binding(pending.key, answer.id, pending.hash, "synced", owner=owner)


def _chunks(items: Sequence[_Pending], size: int) -> Iterator[Sequence[_Pending]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
