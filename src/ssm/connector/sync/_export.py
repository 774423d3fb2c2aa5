"""CRM → Sage 100: write the prospects and contacts changed in the CRM into Sage.

The CRM lists its changes in a feed (``GET /api/v4/changes``); each entry names a record,
which is read anew: a new one is written whole, an edit only in the fields the CRM changed
and Sage did not change later (``conflicts``), so a change seen twice writes nothing new.
The feed position moves past a change only once it is in Sage and, for a record made in
the CRM, once the CRM has confirmed its Sage key: a crash replays the change.

Exactly once: before a new prospect is written its ``CT_Num`` is reserved in the state, and
a contact's account and name likewise; a replay looks for the reserved row first
(``find_prospect``, ``find_contact_by_name``) and writes only if Sage lacks it. Found, it
is bound before anything else can fail: a Sage row must never wait unbound, or the Sage →
CRM streams would send it as a second CRM record.

A record Sage refuses (``SageWriteError``) goes to the error list with Sage's French reason
and the feed moves on; a Sage or CRM that cannot be reached stops the step, and the next
pass resumes from the same change. A written row comes back through the Sage → CRM streams
as an upsert of the bound record: bulk upserts add nothing to the feed, so nothing echoes.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import Engine

from ssm.connector.crm_client import Change, CrmClient
from ssm.connector.errors import CloudRejectedError, ConnectorError
from ssm.connector.sync._streams import _CIVILITY, AccountMapper, ContactMapper
from ssm.connector.sync.conflicts import columns_to_write
from ssm.connector.sync.engine import StreamResult
from ssm.connector.sync.state import Reservation, StateStore
from ssm.sage100 import (
    ContactFields,
    ProspectFields,
    ProspectNumbering,
    Sage100Error,
    SageWriteError,
    create_contact,
    create_prospect,
    find_contact_by_name,
    find_prospect,
    next_prospect_number,
    update_contact,
    update_prospect,
)

EXPORT = "crm_to_sage"
"""The step's name in run reports, beside the streams'."""
FEED_PAGE = 100
"""Changes read per request of the feed."""

# CRM field → Sage column: the streams' mappings read the other way.
_ACCOUNT_COLUMNS = {crm: sage for sage, crm in AccountMapper.direct if sage != "CT_Num"}
_CONTACT_COLUMNS = {crm: sage for sage, crm in ContactMapper.direct if sage != "CT_Num"}
_CIVILITIES = {title: number for number, title in _CIVILITY.items()}
_Fields = TypeVar("_Fields", ProspectFields, ContactFields)


def export_changes(
    sage: Engine, crm: CrmClient, state: StateStore, numbering: ProspectNumbering
) -> StreamResult:
    """Write the CRM's changes since the feed position into Sage, in feed order."""
    result = StreamResult(EXPORT)
    try:
        while page := crm.changes(state.feed_position(), FEED_PAGE).changes:
            for change in page:
                _export(change, sage, crm, state, numbering, result)
    except (ConnectorError, Sage100Error) as exc:
        result.aborted = str(exc)
    return result


def _export(
    change: Change,
    sage: Engine,
    crm: CrmClient,
    state: StateStore,
    numbering: ProspectNumbering,
    result: StreamResult,
) -> None:
    """Write one change and move the feed past it, with its outcome.

    ``read`` is counted with the outcome, so that it stays their sum when the step stops.
    """
    record = crm.record(change.entity, change.id)
    if record is None or record.get("deleted"):
        result.read, result.unchanged = result.read + 1, result.unchanged + 1
        state.applied(change.seq, change.entity, change.id)
        return
    ext_id = record.get("extId")
    try:
        if change.entity == "accounts":
            ext_id = _write_account(record, change, sage, crm, state, numbering, result)
        else:
            ext_id = _write_contact(record, change, sage, crm, state, result)
    except (SageWriteError, CloudRejectedError) as exc:
        result.read += 1
        result.fail(ext_id or f"#{change.id}", "refused", str(exc))
        state.applied(change.seq, change.entity, change.id, ext_id, str(exc))
        return
    result.read += 1
    if record.get("extId") is None:
        result.created += 1
    else:
        result.updated += 1
    state.applied(change.seq, change.entity, change.id, ext_id)


def _write_account(
    record: dict[str, Any],
    change: Change,
    sage: Engine,
    crm: CrmClient,
    state: StateStore,
    numbering: ProspectNumbering,
    result: StreamResult,
) -> str:
    """Update a bound prospect (field by field), or create the new one exactly once and bind it."""
    fields = prospect_fields(record)
    if record.get("extId") is not None:
        columns = columns_to_write(sage, change, record, result)
        update_prospect(sage, record["extId"], _only(fields, columns))
        return str(record["extId"])
    reserved = state.reservation("accounts", change.id)
    if reserved is None:
        code = next_prospect_number(sage, numbering, reserved=state.reserved_codes())
        reserved = Reservation(code)
        state.reserve("accounts", change.id, reserved)
    if find_prospect(sage, reserved.CT_Num) is None:
        create_prospect(sage, reserved.CT_Num, fields)
        crm.bind("accounts", change.id, reserved.CT_Num, change.seq)
    else:  # written before a crash: bind it first, then bring it to the record's state
        crm.bind("accounts", change.id, reserved.CT_Num, change.seq)
        update_prospect(sage, reserved.CT_Num, fields)
    return reserved.CT_Num


def _write_contact(
    record: dict[str, Any],
    change: Change,
    sage: Engine,
    crm: CrmClient,
    state: StateStore,
    result: StreamResult,
) -> str:
    """Update a bound contact (field by field), or create the new one exactly once and bind it."""
    fields = contact_fields(record)
    if record.get("extId") is not None:
        columns = columns_to_write(sage, change, record, result)
        update_contact(sage, int(record["extId"]), _only(fields, columns))
        return str(record["extId"])
    reserved = state.reservation("contacts", change.id)
    if reserved is None:
        reserved = Reservation(
            str(record["accountExtId"]), fields["CT_Nom"], fields.get("CT_Prenom", "")
        )
        state.reserve("contacts", change.id, reserved)
    found = find_contact_by_name(sage, *reserved)
    if found is None:
        CT_No = create_contact(sage, reserved.CT_Num, fields).CT_No
        crm.bind("contacts", change.id, str(CT_No), change.seq)
    else:  # written before a crash: bind it first, then bring it to the record's state
        CT_No = found.CT_No
        crm.bind("contacts", change.id, str(CT_No), change.seq)
        update_contact(sage, CT_No, fields)
    return str(CT_No)


def _only(fields: _Fields, columns: frozenset[str] | None) -> _Fields:
    """The fields among ``columns`` (all of them for None): what an update writes."""
    if columns is None:
        return fields
    return cast(_Fields, {k: v for k, v in fields.items() if k in columns})


def prospect_fields(record: dict[str, Any]) -> ProspectFields:
    """The Sage columns of a CRM account that the CRM owns ('' for an empty field)."""
    fields: dict[str, Any] = {
        column: record.get(name) or "" for name, column in _ACCOUNT_COLUMNS.items()
    }
    fields["CT_EMail"] = record.get("email") or ""
    rep = record.get("salesRepExtId")
    fields["CO_No"] = int(rep) if rep and str(rep).isdigit() else None
    return fields  # type: ignore[return-value]


def contact_fields(record: dict[str, Any]) -> ContactFields:
    """The Sage columns of a CRM contact that the CRM owns ('' for an empty field)."""
    fields: dict[str, Any] = {
        column: record.get(name) or "" for name, column in _CONTACT_COLUMNS.items()
    }
    fields["CT_EMail"] = record.get("email") or ""
    civility = _CIVILITIES.get(record.get("title") or "")
    if civility is not None:
        fields["CT_Civilite"] = civility
    return fields  # type: ignore[return-value]
