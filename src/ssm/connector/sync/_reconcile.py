"""Key-set reconciliation: what Sage 100 deleted is deleted in the CRM.

Sage keeps no tombstones, so a deletion shows only as a key that is bound but no longer
read. The Sage keys of a stream are compared with its bindings in the state store (a set
difference); the keys that vanished are soft-deleted in the CRM by ``extId`` and their
bindings dropped. A Sage read that returns nothing while many records are bound is
treated as a fault (wrong company, empty restore), never as a mass deletion.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.crm_client import CrmClient
from ssm.connector.errors import ConnectorError
from ssm.connector.sync._streams import SageStream
from ssm.connector.sync.engine import StreamResult
from ssm.connector.sync.state import StateStore
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
            _delete(stream, gone[start : start + BULK_LIMIT], crm, state, result)
    except (ConnectorError, Sage100Error) as exc:
        result.aborted = str(exc)
    return result


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
