"""The bulk statements of ``db`` on both databases, and the SQLite the service needs.

``OneOf`` binds a whole list as one parameter; ``insert_returning`` writes rows with
multi-row ``INSERT … RETURNING``, in chunks below the databases' parameter limits.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from typing import cast

import pytest
from sqlalchemy import Table, bindparam, insert, select

from ssm.cloud import messages
from ssm.cloud.db import OneOf, check_sqlite, insert_returning
from ssm.cloud.errors import DatabaseError
from ssm.cloud.models import Product

pytestmark = pytest.mark.anyio

_PRODUCTS = cast(Table, Product.__table__)
_INSERT = insert(_PRODUCTS)
_BY_EXT_ID = select(_PRODUCTS.c.ext_id, _PRODUCTS.c.id).where(
    _PRODUCTS.c.instance_id == bindparam("instance_id"), OneOf(_PRODUCTS.c.ext_id, "ext_ids")
)
_KEYS = ("ext_id", "model", "price", "instance_id", "date_created")


def _columns(instance_id: int, count: int) -> list[list[object]]:
    now = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)
    return [
        [f"P{n}" for n in range(count)],
        [f"Article {n}" for n in range(count)],
        [Decimal(n).scaleb(-6) + Decimal("0.1") for n in range(count)],
        [instance_id] * count,
        [now] * count,
    ]


async def test_insert_returning_returns_each_new_rows_id_in_chunks(app):
    tenant = await app.tenant()
    # 5 bound columns and 2 defaults of 7,000 rows: 49,000 parameters, over SQLite's limit.
    count = 7_000
    with app.db.write() as session:
        returned = insert_returning(
            session,
            _PRODUCTS,
            _INSERT,
            _columns(tenant.instance_id, count),
            keys=_KEYS,
            returning=("ext_id", "id"),
        )
    assert len(returned) == count
    with app.db.read() as session:
        stored = session.execute(
            select(_PRODUCTS.c.ext_id, _PRODUCTS.c.id, _PRODUCTS.c.price, _PRODUCTS.c.deleted)
        ).all()
    assert dict(returned) == {ext_id: id_ for ext_id, id_, _, _ in stored}
    prices = {ext_id: price for ext_id, _, price, _ in stored}
    assert prices["P6999"] == Decimal("0.106999")  # exact, through the column's type
    assert {deleted for *_, deleted in stored} == {False}  # Python-side defaults filled in


async def test_insert_returning_of_no_rows_runs_nothing(app):
    with app.db.write() as session:
        assert (
            insert_returning(
                session, _PRODUCTS, _INSERT, [[] for _ in _KEYS], keys=_KEYS, returning=("id",)
            )
            == []
        )


@pytest.mark.parametrize("wanted", [[], ["P1"], ["P0", "P2", "nowhere", "P2"]])
async def test_one_of_takes_a_list_of_any_length_as_one_parameter(app, wanted):
    tenant = await app.tenant()
    with app.db.write() as session:
        insert_returning(
            session,
            _PRODUCTS,
            _INSERT,
            _columns(tenant.instance_id, 3),
            keys=_KEYS,
            returning=("id",),
        )
    with app.db.read() as session:
        found = session.execute(
            _BY_EXT_ID, {"instance_id": tenant.instance_id, "ext_ids": wanted}
        ).all()
        other_tenant = session.execute(
            _BY_EXT_ID, {"instance_id": tenant.instance_id + 1, "ext_ids": wanted}
        ).all()
    assert sorted(ext_id for ext_id, _ in found) == sorted(set(wanted) - {"nowhere"})
    assert other_tenant == []


def test_this_sqlite_has_what_the_service_needs():
    with sqlite3.connect(":memory:") as probe:
        check_sqlite(probe)


def test_a_sqlite_older_than_3_35_is_refused_in_one_sentence():
    with sqlite3.connect(":memory:") as probe, pytest.raises(DatabaseError) as raised:
        check_sqlite(probe, (3, 34, 1))
    assert str(raised.value) == messages.SQLITE_TOO_OLD.format(version="3.34.1")
    assert "3.35" in str(raised.value)


def test_a_sqlite_without_json_functions_is_refused():
    def no_json(action: int, name: str | None, function: str | None, *_: object) -> int:
        denied = action == sqlite3.SQLITE_FUNCTION and (function or "").startswith("json")
        return sqlite3.SQLITE_DENY if denied else sqlite3.SQLITE_OK

    with sqlite3.connect(":memory:") as probe:
        probe.set_authorizer(no_json)  # as a library built without them: no json_* at all
        with pytest.raises(DatabaseError, match="fonctions JSON"):
            check_sqlite(probe, sqlite3.sqlite_version_info)
