"""Key-set reconciliation: what Sage 100 deleted is deleted in the CRM.

Sage keeps no tombstones, so a deletion shows only as a key that is bound but no longer
read. The Sage keys of a stream are compared with its bindings in the state store (a set
difference). A key can also leave a stream without being deleted: a quote Sage turned
into an order is no longer a quote. So each stream is asked first what became of its
vanished keys (``SageStream.vanished``): a record it answers for one is sent as that
key's last state and its binding becomes final (never looked for again); the other keys
are soft-deleted in the CRM by ``extId`` and their bindings dropped. A Sage read that
returns nothing while many records are bound is treated as a fault (wrong company, empty
restore), never as a mass deletion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.crm_client import CrmClient
from ssm.connector.errors import ConnectorError
from ssm.connector.sync._streams import SageStream
from ssm.connector.sync.engine import StreamResult
from ssm.connector.sync.mapper import Record, record_hash
from ssm.connector.sync.state import FINAL, Binding, StateStore
from ssm.sage100 import Sage100Error, read_keys

BULK_LIMIT = 200
_EMPTY_READ_TOLERANCE = 10  # bound records above which an empty Sage read is suspicious


def reconcile_stream(
    stream: SageStream, sage: Engine, crm: CrmClient, state: StateStore
) -> StreamResult:
    """Delete in the CRM the records of ``stream`` that Sage no longer has."""
    result = StreamResult(stream.name)
    try:
        gone, seen = state.missing_from(stream.name, read_keys(sage, stream.spec))
        if seen == 0 and len(gone) > _EMPTY_READ_TOLERANCE:
            result.aborted = msg.MASS_DELETION_REFUSED.format(stream=stream.name, known=len(gone))
            return result
        for start in range(0, len(gone), BULK_LIMIT):
            keys = gone[start : start + BULK_LIMIT]
            kept = stream.vanished(sage, crm, state.crm_ids(stream.name, keys))
            _keep(stream, kept, crm, state, result)
            _delete(stream, [k for k in keys if k not in kept], crm, state, result)
    except (ConnectorError, Sage100Error) as exc:
        result.aborted = str(exc)
    return result


def _keep(
    stream: SageStream,
    kept: Mapping[str, Record | None],
    crm: CrmClient,
    state: StateStore,
    result: StreamResult,
) -> None:
    """Send the last state of records that left the stream alive; bind them as final."""
    result.read += sum(1 for record in kept.values() if record is None)
    result.unchanged += sum(1 for record in kept.values() if record is None)
    records = {key: record for key, record in kept.items() if record is not None}
    if not records:
        return
    answers = crm.upsert(stream.resource, list(records.values()))
    bindings = []
    for (key, record), answer in zip(records.items(), answers, strict=True):
        result.read += 1
        if answer.status == "error":
            reason = answer.error.message if answer.error else ""
            result.fail(key, answer.error.code if answer.error else "", reason)
            bindings.append(Binding(key, answer.id, None, "error", reason))
        else:
            result.updated += 1
            bindings.append(Binding(key, answer.id, record_hash(record), FINAL))
    state.commit(stream.name, bindings)


def _delete(
    stream: SageStream,
    keys: Sequence[str],
    crm: CrmClient,
    state: StateStore,
    result: StreamResult,
) -> None:
    answers = crm.delete(stream.resource, keys)
    done = []
    for key, answer in zip(keys, answers, strict=True):
        result.read += 1
        if answer.status == "error":
            reason = answer.error.message if answer.error else ""
            result.fail(key, answer.error.code if answer.error else "", reason)
        else:  # deleted now, or already missing: either way gone from the CRM
            result.deleted += 1
            done.append(key)
    state.forget(stream.name, done)
