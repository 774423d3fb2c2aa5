"""The read path the API and the record pages share: a record query's scope, one page of it.

The bulk API (``services.bulk``: every record of the instance, deleted ones too unless
filtered) and the record pages (``services.record_pages``: live records the user may see, with
search and filters) differ in what they ask for, not in how they ask: both filter on the
instance (the tenant isolation), optionally on ``deleted`` and on the owners a role sees,
then count the matches and read one slice. Both do it here, so the two never disagree on
which records exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Select, false, func, select
from sqlalchemy.orm import Session


def scope(
    columns: Any,
    instance_id: int,
    *,
    deleted: bool | None = None,
    owner_ids: set[int] | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions that keep a query on what its caller may read.

    ``columns`` is a model class or a table's ``.c``. ``deleted`` keeps only deleted (or only
    live) records when given. ``owner_ids`` are the owners whose records a role sees
    (``services.visibility``); ``None`` means all of the instance, an empty set none.
    """
    conditions: list[ColumnElement[bool]] = [columns.instance_id == instance_id]
    if deleted is not None:
        conditions.append(columns.deleted == deleted)
    if owner_ids is not None:
        conditions.append(columns.owner_id.in_(sorted(owner_ids)) if owner_ids else false())
    return conditions


def counted_slice(
    session: Session,
    query: Select[Any],
    conditions: list[ColumnElement[bool]],
    *,
    offset: int,
    limit: int,
) -> tuple[list[RowMapping], int]:
    """The rows ``offset`` to ``offset + limit`` of ``query`` under ``conditions``, and the total.

    The total counts the filtered query as a subquery, so joins in ``query`` (an account's
    name beside an invoice) count as they select.
    """
    filtered = query.where(*conditions)
    total = session.execute(
        select(func.count()).select_from(filtered.order_by(None).subquery())
    ).scalar_one()
    rows = session.execute(filtered.offset(offset).limit(limit)).mappings()
    return list(rows), total
