"""CRM → Sage 100: write the prospects and contacts changed in the CRM into Sage.

Quotes made in the CRM come through the same feed and are dispatched to ``_quote_export``
(priced by Sage, or written into Sage on the rep's request); the rest of this docstring
is about prospects and contacts, whose rules of exactly once the quotes follow.

The CRM lists its changes in a feed (``GET /api/v4/changes``); each entry names a record,
which is read anew: a new one is written whole, an edit only in the fields the CRM changed
and Sage did not change later (``conflicts``), so a change seen twice writes nothing new.
The feed position moves past a change only once it is in Sage and, for a record made in
the CRM, once the CRM has confirmed its Sage key: a crash replays the change.

Exactly once: before a new prospect is written its ``CT_Num`` is reserved in the state, and
a contact's account and name likewise; a replay looks for the reserved row first
(``find_prospect``, ``find_contact_by_name``) and writes only if Sage lacks it. The key of
the row written (or found) is noted on the reservation before the CRM is asked to bind it,
and the Sage → CRM streams skip such keys until the binding is confirmed: whatever stops
the step in between (a kill, the CRM unreachable, a ``409``), a Sage row written for a CRM
record never reaches the CRM as a second record. A bind the CRM refuses (``409``) keeps
the reservation and lists the refusal; the next change of the record binds it. A record
gone from the CRM (deleted, or ``404``) ends its reservation: a row already written stays
in Sage, which is the master of accounts, and its stream then sends it like any other.
A contact made at a prospect not yet in Sage has no account key: its change passes without
a write; the CRM lists it again once the prospect is bound.

A record Sage refuses (``SageWriteError``) goes to the error list with Sage's French reason
and the feed moves on; a refusal ends once no longer true (a later change written, the
record gone, or, for an account, Sage made it a client the CRM can no longer edit). A Sage
or CRM that cannot be reached stops the step, and the next pass resumes from the same
change; so does a stop request, after the change being written. A written row comes back
through the Sage → CRM streams as an upsert of the bound record: bulk upserts add nothing
to the feed, so nothing echoes.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import Engine

from ssm.connector.crm_client import Change, CrmClient
from ssm.connector.errors import CloudRejectedError, ConnectorError
from ssm.connector.logs import get_logger
from ssm.connector.sync._feed_state import Reservation
from ssm.connector.sync._quote_export import export_quote
from ssm.connector.sync._streams import _CIVILITY, AccountMapper, ContactMapper
from ssm.connector.sync.conflicts import columns_to_write
from ssm.connector.sync.engine import ShouldStop, StreamResult
from ssm.connector.sync.state import StateStore
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

_log = get_logger()


def export_changes(
    sage: Engine,
    crm: CrmClient,
    state: StateStore,
    numbering: ProspectNumbering,
    should_stop: ShouldStop | None = None,
) -> StreamResult:
    """Write the CRM's changes since the feed position into Sage, in feed order.

    ``should_stop`` is asked after each change: True ends the step there, cleanly.
    """
    result = StreamResult(EXPORT)
    try:
        _clear_settled_errors(crm, state)
        while page := crm.changes(state.feed_position(), FEED_PAGE).changes:
            for change in page:
                _export(change, sage, crm, state, numbering, result)
                if should_stop is not None and should_stop():
                    result.stopped = True
                    return result
    except (ConnectorError, Sage100Error) as exc:
        result.aborted = str(exc)
    return result


def _clear_settled_errors(crm: CrmClient, state: StateStore) -> None:
    """Drop the refusals that are no longer true, asking the CRM about each (they are few).

    A record gone from the CRM has nothing left to write; an account Sage made a client is
    read-only in the CRM, whose copy the streams brought back to Sage's values.
    """
    for resource, crm_id, *_ in state.crm_errors():
        record = crm.record(resource, crm_id)
        if record is None or record.get("deleted") or record.get("readOnly"):
            state.clear_crm_error(resource, crm_id)


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
    Quotes go their own way (``_quote_export``): priced, or written into Sage on request.
    """
    if change.entity == "quotes":
        export_quote(change, sage, crm, state, result)
        return
    record = crm.record(change.entity, change.id)
    if record is None or record.get("deleted"):
        _gone(change, state, result)
        return
    if change.entity == "contacts" and not record.get("accountExtId"):
        _waiting(change, state, result)
        return
    ext_id = record.get("extId")
    try:
        if change.entity == "accounts":
            ext_id = _write_account(record, change, sage, crm, state, numbering, result)
        else:
            ext_id = _write_contact(record, change, sage, crm, state, result)
    except SageWriteError as exc:
        result.read += 1
        result.fail(ext_id or f"#{change.id}", "refused", str(exc))
        state.applied(change.seq, change.entity, change.id, ext_id, str(exc))
        return
    except CloudRejectedError as exc:  # only the bind asks the CRM for anything here
        _bind_refused(change, exc, state, result)
        return
    result.read += 1
    if record.get("extId") is None:
        result.created += 1
    else:
        result.updated += 1
    state.applied(change.seq, change.entity, change.id, ext_id)


def _gone(change: Change, state: StateStore, result: StreamResult) -> None:
    """A record deleted or gone from the CRM: nothing to write; its reservation ends.

    A row already written for it stays in Sage (the connector never deletes there), and
    the stream sends it as a Sage record: the log says so.
    """
    written = state.written_key(change.entity, change.id)
    if written is not None:
        _log.warning("crm.record_gone", resource=change.entity, id=change.id, key=written)
    result.read, result.unchanged = result.read + 1, result.unchanged + 1
    state.applied(change.seq, change.entity, change.id)


def _waiting(change: Change, state: StateStore, result: StreamResult) -> None:
    """A contact of a prospect Sage does not hold yet: nothing can be written, no error.

    Its account's binding gives it the account's key and lists it again in the feed.
    """
    _log.info("crm.contact_waiting", id=change.id)
    result.read, result.unchanged = result.read + 1, result.unchanged + 1
    state.applied(change.seq, change.entity, change.id)


def _bind_refused(
    change: Change, exc: CloudRejectedError, state: StateStore, result: StreamResult
) -> None:
    """The CRM refused the binding of a row just written (or found) in Sage.

    ``404``: the record is gone. Otherwise (``409``) the reservation stays, so the streams
    keep skipping the row, and the refusal is listed until a later change binds it.
    """
    if exc.status == 404:
        _gone(change, state, result)
        return
    key = state.written_key(change.entity, change.id)
    assert key is not None, "a bind is asked only once its row is noted"
    result.read += 1
    result.fail(key, "refused", str(exc))
    state.unconfirmed(change.seq, change.entity, change.id, key, str(exc))


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
        _bind(crm, state, change, reserved.CT_Num)
    else:  # written before a crash: bind it first, then bring it to the record's state
        _bind(crm, state, change, reserved.CT_Num)
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
        _bind(crm, state, change, str(CT_No))
    else:  # written before a crash: bind it first, then bring it to the record's state
        CT_No = found.CT_No
        _bind(crm, state, change, str(CT_No))
        update_contact(sage, CT_No, fields)
    return str(CT_No)


def _bind(crm: CrmClient, state: StateStore, change: Change, key: str) -> None:
    """Note the Sage row on the reservation (the streams skip it from then on), then bind it."""
    state.written(change.entity, change.id, key)
    crm.bind(change.entity, change.id, key, change.seq)


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
