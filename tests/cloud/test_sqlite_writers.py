"""Writers of one process take turns on SQLite without its busy handler (issue 14).

SQLite's busy handler makes a waiting writer sleep in steps of up to 100 ms; the
connector keeps several upserts in flight, so writers of one service queue on a lock
instead and the next starts as soon as the last commits.
"""

from __future__ import annotations

import threading

from sqlalchemy import text

from ssm.cloud.db import Database


def test_writers_of_one_process_queue_without_the_busy_timeout(tmp_path):
    # busy timeout 0: a writer finding the write lock taken would fail at once.
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite'}", sqlite_busy_timeout_ms=0)
    with db.write() as session:
        session.execute(text("CREATE TABLE t (n INTEGER)"))
    errors: list[BaseException] = []
    inside = threading.Barrier(8, timeout=10)

    def write(n: int) -> None:
        try:
            inside.wait()
            for _ in range(20):
                with db.write() as session:
                    session.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 160
    db.dispose()


def test_one_connection_writes_so_its_page_cache_stays_valid(tmp_path):
    # Each write rotating through the pool found the file changed by another connection
    # and read its pages again; one connection writes, whichever thread asks.
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    seen: set[int] = set()

    def write() -> None:
        with db.write() as session:
            seen.add(id(session.connection().connection.dbapi_connection))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    write()
    assert len(seen) == 1
    with db.read() as session:  # readers keep their own pool
        assert id(session.connection().connection.dbapi_connection) not in seen
    db.dispose()
