"""The two baselines, each run as its own process so its wall time and peak RSS are its own.

``python -m ssm_bench.baselines raw SRC.sqlite OUT_DIR``: read the sync's rows and write them
into a fresh SQLite file with ``executemany``, the floor of what moving them can cost.

``python -m ssm_bench.baselines dlt SRC.sqlite OUT_DIR``: dlt's ``sql_database`` source with
its fastest backend (``pyarrow``) into duckdb, the same tables, filters and columns.

Both copy the columns the connector reads, not the hundred others of a Sage table.

Both print one JSON line: ``{"rows": N, "seconds": S, "tables": {...}}`` (in-process time).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from ssm_bench.datasets import SOURCE_TABLES, source_columns

_CHUNK = 10_000


def raw_copy(source: Path, out_dir: Path) -> dict[str, Any]:
    """Copy the rows with the sqlite3 module: SELECT, then executemany into a new file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "copy.sqlite"
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    tables: dict[str, int] = {}
    wanted = source_columns()
    try:
        for table, where in SOURCE_TABLES:
            present = {row[1] for row in src.execute(f"PRAGMA table_xinfo({table})")}
            names = ", ".join(c for c in wanted[table] if c in present)  # as the probe does
            query = f"SELECT {names} FROM {table}" + (f" WHERE {where}" if where else "")
            cursor = src.execute(query)
            columns = [d[0] for d in cursor.description]
            dst.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            insert = f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})"
            count = 0
            while rows := cursor.fetchmany(_CHUNK):
                dst.executemany(insert, rows)
                count += len(rows)
            tables[table] = count
        dst.commit()
    finally:
        src.close()
        dst.close()
    seconds = time.perf_counter() - started
    return {"rows": sum(tables.values()), "seconds": seconds, "tables": tables}


def dlt_copy(source: Path, out_dir: Path) -> dict[str, Any]:
    """dlt ``sql_database`` (pyarrow backend) → duckdb, same tables and filters."""
    import dlt
    import sqlalchemy as sa
    from dlt.sources.sql_database import sql_database

    filters = dict(SOURCE_TABLES)
    wanted = source_columns()

    def adapt(query: Any, table: Any) -> Any:
        where = filters.get(table.name)
        return query.where(sa.text(where)) if where else query

    def keep_read_columns(table: Any) -> None:
        # dlt's documented way to leave columns out: drop them from the reflected table.
        for column in list(table._columns):
            if column.name not in wanted[table.name]:
                table._columns.remove(column)

    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = sql_database(
        credentials=f"sqlite:///{source.resolve()}",
        table_names=list(filters),
        backend="pyarrow",
        query_adapter_callback=adapt,
        table_adapter_callback=keep_read_columns,
    )
    pipeline = dlt.pipeline(
        pipeline_name="ssm_bench",
        destination=dlt.destinations.duckdb(str(out_dir / "bench.duckdb")),
        dataset_name="sage",
        pipelines_dir=str(out_dir / "pipelines"),
    )
    pipeline.run(data, write_disposition="replace")
    seconds = time.perf_counter() - started
    counts = pipeline.last_trace.last_normalize_info.row_counts
    tables = {name: n for name, n in counts.items() if not name.startswith("_dlt")}
    return {
        "rows": sum(tables.values()),
        "seconds": seconds,
        "tables": tables,
        "dlt": dlt.__version__,
    }


def main(argv: list[str]) -> None:
    """Entry point: ``raw|dlt SOURCE OUT_DIR``."""
    kind, source, out_dir = argv
    run = {"raw": raw_copy, "dlt": dlt_copy}[kind]
    print(json.dumps(run(Path(source), Path(out_dir))))


if __name__ == "__main__":
    main(sys.argv[1:])
