"""Per-record sync status: the four states, and the connector's report of refused records.

Every record the connector sends (accounts, contacts, products, invoices, quotes) carries
``sync_status``, ``synced_at`` and ``sync_detail`` (``models.SyncTracked``):

- ``synced``: the connector's bulk upsert stored it (``services.bulk`` sets it, with
  the time, on every created, changed or confirmed record);
- ``pending``: created or edited through the CRM API, not yet confirmed by the connector;
- ``not_synced``: the column's default, for a record no write has classified;
- ``error``: listed by the connector's last ``PUT /api/v4/integration/errors``.

A report may name records of any resource the connector sends: those of a resource
without these columns (users carry no badge) change nothing and come back in ``unknown``,
as records the instance lacks do, so the connector needs no list of the tracked ones.

A report *replaces* the instance's error list: the records it lists become ``error`` with
the message as detail; records in ``error`` it no longer lists go back to ``synced``. That
keeps the cloud stateless about the connector's retries: the connector always sends what
is wrong now, and a lost report is corrected by the next one. A list longer than one
request comes as pages (``schemas.sync.SyncErrorsPage``), each replacing the list on its
own range of ``(resource, extId)``, so no page needs another one to be applied.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Final

from sqlalchemy import ColumnElement, Table, and_, bindparam, select, true, update

from ssm.cloud.db import Database, in_code_point_order
from ssm.cloud.models import SYNC_NAMES, SYNC_TRACKED, SyncTracked
from ssm.cloud.schemas.sync import SyncErrorsApplied, SyncErrorsPage, UnknownRecord

STATUSES: Final = ("synced", "error", "pending", "not_synced")
"""Every sync status, in the order filters list them."""

TABLES: Final[dict[str, type[SyncTracked]]] = dict(zip(SYNC_NAMES, SYNC_TRACKED, strict=True))
"""The sync-tracked table of each resource name the connector reports (``models``)."""


def _table(model: type[SyncTracked]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def report_errors(
    db: Database, instance_id: int, page: SyncErrorsPage, *, now: datetime
) -> SyncErrorsApplied:
    """Make ``page.errors`` the instance's list of records in error within the page's range.

    A page without bounds (the array form) is the whole list. Everything happens in one
    transaction. A record listed twice keeps the last message. ``now`` is not stored: a
    refused record keeps the time of its last successful sync.
    """
    wanted: dict[str, dict[str, str]] = defaultdict(dict)
    for error in page.errors:
        wanted[error.resource][error.ext_id] = error.message
    marked = cleared = 0
    unknown: list[UnknownRecord] = []
    with db.write() as session:
        for resource, model in TABLES.items():
            table = _table(model)
            columns = table.c
            in_range = _in_range(page, resource, in_code_point_order(session, columns.ext_id))
            if in_range is None:
                continue
            listed = wanted.get(resource, {})
            found: dict[str, int] = {}
            if listed:
                found = {
                    ext_id: record_id
                    for ext_id, record_id in session.execute(
                        select(columns.ext_id, columns.id).where(
                            columns.instance_id == instance_id,
                            columns.ext_id.in_(list(listed)),
                        )
                    )
                }
            back = session.execute(
                update(table)
                .where(
                    columns.instance_id == instance_id,
                    columns.sync_status == "error",
                    # No Sage key: a CRM record Sage refused (a quote), not this list's to clear.
                    columns.ext_id.is_not(None),
                    in_range,
                    columns.id.not_in(list(found.values())) if found else true(),
                )
                .values(sync_status="synced", sync_detail=None)
            )
            cleared += back.rowcount  # type: ignore[attr-defined]
            if found:
                session.connection().execute(
                    update(table)
                    .where(columns.id == bindparam("row_id"))
                    .values(sync_status="error", sync_detail=bindparam("detail")),
                    [
                        {"row_id": record_id, "detail": listed[ext_id]}
                        for ext_id, record_id in found.items()
                    ],
                )
                marked += len(found)
            unknown += [
                UnknownRecord(resource=resource, ext_id=ext_id)
                for ext_id in listed
                if ext_id not in found
            ]
    unknown += [  # no sync status to mark (users): as records the instance lacks
        UnknownRecord(resource=resource, ext_id=ext_id)
        for resource, listed in wanted.items()
        if resource not in TABLES
        for ext_id in listed
    ]
    return SyncErrorsApplied(errors=marked, cleared=cleared, unknown=unknown)


def _in_range(
    page: SyncErrorsPage, resource: str, ext_id: ColumnElement[str]
) -> ColumnElement[bool] | None:
    """The condition on ``ext_id`` that keeps ``resource``'s records of the page's range.

    ``None`` when the range holds none of the resource's records.
    """
    after, through = page.after, page.through
    if (after is not None and resource < after.resource) or (
        through is not None and resource > through.resource
    ):
        return None
    conditions: list[ColumnElement[bool]] = [true()]
    if after is not None and after.resource == resource:
        conditions.append(ext_id > after.ext_id)
    if through is not None and through.resource == resource:
        conditions.append(ext_id <= through.ext_id)
    return and_(*conditions)
