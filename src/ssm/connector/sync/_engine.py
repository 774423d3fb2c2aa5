"""The sync engine: read what changed in Sage 100, send it, bind it, checkpoint.

For each batch the reader yields (ordered by ``cbModification``, ``cbMarq``), records whose
content hash equals the one last acknowledged are counted unchanged and not sent; the rest go
to the CRM in upserts of at most 200. Bindings of a chunk are committed as soon as the CRM
acknowledged it; the cursor moves only with the last chunk of a batch, in the same
transaction, so the cursor never passes a record the CRM has not acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import Engine

from ssm.connector._crm import CrmClient, UpsertResult
from ssm.connector.errors import ConnectorError
from ssm.connector.sync._mapper import Record, record_hash
from ssm.connector.sync._state import Binding, StateStore
from ssm.connector.sync._streams import SageTableStream
from ssm.sage100 import Sage100Error, read_changes

RunStatus = Literal["succeeded", "partial", "failed"]


@dataclass(frozen=True)
class RecordError:
    """A record the CRM refused, with its reason (French)."""

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

    @property
    def status(self) -> RunStatus:
        """Failed if the stream stopped early, partial if records failed, else succeeded."""
        if self.aborted is not None:
            return "failed"
        return "partial" if self.failed else "succeeded"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures, status included."""
        return {**asdict(self), "status": self.status}


@dataclass(frozen=True)
class _Pending:
    key: str
    record: Record
    hash: str


def sync_stream(
    stream: type[SageTableStream],
    sage: Engine,
    crm: CrmClient,
    state: StateStore,
    *,
    overlap: timedelta,
    batch_size: int = 200,
) -> StreamResult:
    """Bring one stream up to date; errors stop the stream, never the run's honesty."""
    result = StreamResult(stream.name)
    try:
        for batch in read_changes(sage, stream.spec, state.cursor(stream.name), overlap):
            pending = _changed(stream, batch.rows, state, result)
            chunks = list(_chunks(pending, batch_size)) or [[]]
            for index, chunk in enumerate(chunks):
                bindings = _send(stream, chunk, crm, result) if chunk else []
                last = index == len(chunks) - 1
                state.commit(stream.name, bindings, batch.cursor if last else None)
    except (ConnectorError, Sage100Error) as exc:
        result.aborted = str(exc)
    return result


def _changed(
    stream: type[SageTableStream],
    rows: Sequence[dict[str, Any]],
    state: StateStore,
    result: StreamResult,
) -> list[_Pending]:
    records = [(str(row[stream.key]), stream.mapper.map(row)) for row in rows]
    known = state.hashes(stream.name, [key for key, _ in records])
    pending = []
    for key, record in records:
        digest = record_hash(record)
        result.read += 1
        if known.get(key) == digest:
            result.unchanged += 1
        else:
            pending.append(_Pending(key, record, digest))
    return pending


def _send(
    stream: type[SageTableStream],
    chunk: Sequence[_Pending],
    crm: CrmClient,
    result: StreamResult,
) -> list[Binding]:
    answers = crm.upsert(stream.resource, [p.record for p in chunk])
    return [_bind(p, answer, result) for p, answer in zip(chunk, answers, strict=True)]


def _bind(pending: _Pending, answer: UpsertResult, result: StreamResult) -> Binding:
    if answer.status == "error":
        code, message = (answer.error.code, answer.error.message) if answer.error else ("", "")
        result.failed += 1
        result.errors.append(RecordError(pending.key, code, message))
        return Binding(pending.key, answer.id, None, "error", message)
    setattr(result, answer.status, getattr(result, answer.status) + 1)
    return Binding(pending.key, answer.id, pending.hash, "synced")


def _chunks(items: Sequence[_Pending], size: int) -> Iterator[Sequence[_Pending]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
