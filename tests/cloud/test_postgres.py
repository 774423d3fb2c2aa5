"""PostgreSQL specifics: concurrent writers, exact amounts, UTC timestamps, the URL.

The whole API suite already runs on PostgreSQL (``conftest.py``); these tests cover what only
shows with several writers at once or in PostgreSQL's own column types.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from ssm.cloud.db import Database
from ssm.cloud.errors import DatabaseError
from ssm.cloud.models import Account, Product, RateLimit
from ssm.cloud.services import rate_limits
from ssm.cloud.services.accounts import ACCOUNTS
from ssm.cloud.services.products import PRODUCTS
from ssm.cloud.services.rate_limits import Limit

pytestmark = [pytest.mark.anyio, pytest.mark.postgresql_only]


def run_together(url: str, workers: int, work: Callable[[Database], object]) -> list[object]:
    """Run ``work`` in ``workers`` threads, each with its own engine, released together."""
    barrier = threading.Barrier(workers)
    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        db = Database(url)
        try:
            barrier.wait()
            results.append(work(db))
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


async def test_concurrent_upserts_of_the_same_new_ext_ids_create_each_once(app):
    tenant = await app.tenant()
    items = [{"extId": f"C{i}", "name": f"Client {i}"} for i in range(200)]

    def upsert(db: Database) -> object:
        return ACCOUNTS.upsert(db, tenant.instance_id, items, now=datetime.now(UTC))

    batches = run_together(app.settings.database_url, 4, upsert)
    for results in batches:
        assert isinstance(results, list)
        assert {result["status"] for result in results} <= {"created", "unchanged"}
        assert all(result["id"] is not None for result in results)
    created = sum(result["status"] == "created" for batch in batches for result in batch)
    assert created == 200
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 200


async def test_concurrent_rate_limit_hits_are_all_counted(app):
    limit = Limit(hits=10_000, window=timedelta(minutes=1))

    def hits(db: Database) -> object:
        for _ in range(20):
            rate_limits.hit(db, [("test:key", limit)], now=datetime.now(UTC))
        return None

    run_together(app.settings.database_url, 6, hits)
    with app.db.read() as session:
        row = session.get(RateLimit, "test:key")
        assert row is not None and row.hits == 120


async def test_amounts_are_exact_numerics_and_timestamps_utc(app):
    tenant = await app.tenant()
    now = datetime(2026, 3, 29, 1, 30, 0, 123000, tzinfo=UTC)  # the night Paris changes hour
    price = Decimal("999999999999.999999")  # 18 digits: more than a float holds
    item = {"extId": "A1", "model": "Article", "price": price, "stock": 0.1}
    (result,) = PRODUCTS.upsert(app.db, tenant.instance_id, [item], now=now)
    assert result["status"] == "created"
    with app.db.read() as session:
        product = session.scalars(select(Product)).one()
        assert product.price == price
        assert product.stock == Decimal("0.1")
        assert product.date_created == now
        kinds = dict(
            session.execute(
                text(
                    "SELECT column_name, data_type || coalesce('(' || numeric_precision || ','"
                    " || numeric_scale || ')', '') FROM information_schema.columns"
                    " WHERE table_name = 'products'"
                )
            ).all()
        )
    assert kinds["price"] == "numeric(24,6)"
    assert kinds["date_created"] == "timestamp without time zone"
    response = await app.client.get(f"/api/v4/products/{result['id']}", headers=tenant.headers)
    assert response.json()["dateCreated"] == "2026-03-29T01:30:00.123Z"
    assert b'"price":999999999999.999999,' in response.content


async def test_the_engine_pools_and_checks_connections(app):
    pool = app.db.engine.pool
    assert app.db.engine.dialect.driver == "psycopg"
    assert pool.size() == app.settings.database_pool_size
    assert app.db.engine.pool._pre_ping  # type: ignore[attr-defined]


def test_without_postgresql_the_tests_fail_saying_make_test_installs_it(monkeypatch, tmp_path):
    """No binaries: a clear failure naming `make test`, never a skip."""
    from ssm_bench import postgres

    monkeypatch.setattr(postgres, "DEBIAN_ROOT", tmp_path)
    monkeypatch.setattr(postgres.shutil, "which", lambda name, path=None: None)
    with pytest.raises(postgres.PostgresUnavailableError, match=r"`make test` installs it"):
        postgres.find_bin_dir()


def test_an_unreachable_server_is_one_clear_error_without_the_password():
    db = Database("postgresql://ssm:s3cret-pw@127.0.0.1:1/ssm")
    try:
        with pytest.raises(DatabaseError) as raised:
            db.create_schema()
    finally:
        db.dispose()
    assert "s3cret-pw" not in str(raised.value)
    assert "127.0.0.1:1/ssm" in str(raised.value)
