"""CRM → Sage 100 updates decided field by field, when Sage changed the record too.

A feed entry of an update lists the fields the CRM changed with their former values
(``previous``). Before writing a bound record, the connector reads Sage's row, sees it as
the streams would send it (the same mapper), and for each field the CRM changed and owns:

- Sage holds the CRM's new value: nothing to write;
- Sage still holds the former value: only the CRM changed it, the CRM's value is written;
- Sage holds a third value: both changed it, and the later change wins. Sage's time is the
  row's ``cbModification`` (server local time, to the minute), turned to UTC with the
  server's current offset; within the same minute Sage wins, as its change may be later.

Fields the CRM did not change are never written, so a Sage user's edit of another field
survives; columns the CRM does not own (``CT_Num``, ``CT_Type``, ``CT_Prospect``…) never
are. Each conflict is logged (``crm_to_sage.conflict``, with the French sentence) and
counted in the step's ``conflicts``: the value that lost is never dropped silently.
``docs/sync.md`` has the table of fields and their rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any, Literal

from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.crm_client import Change
from ssm.connector.logs import get_logger
from ssm.connector.sync._streams import AccountsStream, ContactsStream, SageStream
from ssm.connector.sync.engine import StreamResult
from ssm.connector.sync.mapper import MappingError, clean
from ssm.sage100 import read_by_keys, server_clock

_log = get_logger()

Winner = Literal["sage", "crm"]


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed between two passes: the value kept and the one lost."""

    field: str
    kept: Any
    overwritten: Any
    winner: Winner


@dataclass(frozen=True)
class Merge:
    """What an update writes into Sage (CRM field names) and the conflicts it decided."""

    write: tuple[str, ...]
    conflicts: tuple[Conflict, ...]


def _direct(stream: SageStream) -> dict[str, str]:
    """The mapper's pairs as CRM field → Sage column, Sage's key (``CT_Num``) left out."""
    return {crm: sage for sage, crm in stream.mapper.direct if sage != "CT_Num"}


CRM_OWNED: dict[str, dict[str, str]] = {
    "accounts": _direct(AccountsStream()) | {"email": "CT_EMail", "salesRepExtId": "CO_No"},
    "contacts": _direct(ContactsStream()) | {"email": "CT_EMail", "title": "CT_Civilite"},
}
"""Per feed entity, the fields both sides edit (CRM name → Sage column); Sage alone edits
every other column. ``docs/sync.md``'s conflict tables are tested against it."""
_STREAMS: dict[str, SageStream] = {"accounts": AccountsStream(), "contacts": ContactsStream()}
_LABELS = {"accounts": "le compte", "contacts": "le contact"}


def merge_fields(
    previous: Mapping[str, Any],
    current: Mapping[str, Any],
    in_sage: Mapping[str, Any],
    owned: Collection[str],
    crm_later: bool,
) -> Merge:
    """Decide, per field the CRM changed and owns, whether to write it (module docstring).

    Args:
        previous: the fields the CRM changed, with their values before the change.
        current: the CRM record now.
        in_sage: Sage's row now, as the streams map it (CRM field names).
        owned: the fields the CRM owns; the others are Sage's alone.
        crm_later: whether the CRM's change is later than Sage's last one.
    """
    write: list[str] = []
    conflicts: list[Conflict] = []
    for name in previous:
        if name not in owned:
            continue
        crm, before, sage = clean(current.get(name)), clean(previous[name]), in_sage.get(name)
        if sage == crm:
            continue
        if sage == before:
            write.append(name)
        elif crm_later:
            write.append(name)
            conflicts.append(Conflict(name, crm, sage, "crm"))
        else:
            conflicts.append(Conflict(name, sage, crm, "sage"))
    return Merge(tuple(write), tuple(conflicts))


def crm_is_later(changed_at: datetime, cbModification: datetime | None, offset: timedelta) -> bool:
    """Whether the CRM's change (UTC) came after the minute Sage stamped its row with.

    ``cbModification`` is the server's local minute and ``offset`` its offset from UTC. A
    Sage edit stamped ``10:04`` happened before ``10:05``: the CRM is later only from the
    next minute on. No stamp (a row Sage never updated) counts as older than any change.
    """
    if cbModification is None:
        return True
    sage_minute = (cbModification - offset).replace(tzinfo=UTC)
    return changed_at >= sage_minute + timedelta(minutes=1)


def columns_to_write(
    sage: Engine, change: Change, record: Mapping[str, Any], result: StreamResult
) -> frozenset[str] | None:
    """The Sage columns an update of the bound ``record`` writes; None for every owned one.

    None when the entry has no ``previous`` (written before the feed kept it, or the
    replay of a creation) and when Sage no longer has the record as one the CRM may edit:
    the writer then refuses it with Sage's reason. Logs and counts the conflicts.
    """
    if change.previous is None:
        return None
    stream, owned = _STREAMS[change.entity], CRM_OWNED[change.entity]
    key = str(record["extId"])
    row = next(chain.from_iterable(read_by_keys(sage, stream.spec, [key])), None)
    if row is None or (change.entity == "accounts" and row.get("CT_Prospect") != 1):
        return None
    stamp = row["cbModification"]
    assert stamp is None or isinstance(stamp, datetime)  # the reader's naive local time
    later = crm_is_later(change.changedAt, stamp, server_clock(sage).utc_offset)
    merge = merge_fields(change.previous, record, _as_sent(stream, row), owned, later)
    for conflict in merge.conflicts:
        _log_conflict(_LABELS[change.entity], key, conflict)
    result.conflicts += len(merge.conflicts)
    return frozenset(owned[name] for name in merge.write)


def _as_sent(stream: SageStream, row: Mapping[str, Any]) -> dict[str, Any]:
    """Sage's row as the stream sends it; a row it refuses still shows its plain fields."""
    mapper = stream.mapper
    try:
        return mapper.map(row)
    except MappingError:  # a Sage row without its name: compare the other fields
        return {crm: clean(row.get(sage)) for sage, crm in mapper.direct}


def _log_conflict(label: str, key: str, conflict: Conflict) -> None:
    template = msg.CONFLICT_SAGE_WINS if conflict.winner == "sage" else msg.CONFLICT_CRM_WINS
    message = template.format(
        label=label,
        key=key,
        field=conflict.field,
        kept=_shown(conflict.kept),
        overwritten=_shown(conflict.overwritten),
    )
    _log.warning(
        "crm_to_sage.conflict",
        key=key,
        field=conflict.field,
        kept=conflict.kept,
        overwritten=conflict.overwritten,
        winner=conflict.winner,
        message=message,
    )


def _shown(value: Any) -> str:
    return msg.EMPTY_VALUE if value is None else f"« {value} »"
