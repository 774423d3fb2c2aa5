"""Datasets generated once into ``bench/.data`` by ``ssm-sage100 generate``, then reused.

A dataset folder is complete only once its marker file exists, so an interrupted generation
is thrown away and redone rather than measured half-built.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ssm_bench._procs import tool

DATA = Path(__file__).resolve().parent.parent / ".data"
COMPANY = "Bench"
SEED = 1
#: The data's "today", pinned: ``ssm-sage100 generate`` anchors to now by default, and a
#: dataset must not change with the day it was generated on (the cache holds it by size and
#: seed only). The day of the datasets already in ``.data`` (the library's DEFAULT_ANCHOR).
ANCHOR = "2026-06-30"
_MARKER = ".complete"

#: The rows a sync moves, as (table, filter): what the baselines copy too.
SOURCE_TABLES: tuple[tuple[str, str], ...] = (
    ("F_COLLABORATEUR", "CO_Vendeur = 1"),
    ("F_COMPTET", "CT_Type = 0"),
    ("F_CONTACTT", "CT_Num NOT IN (SELECT CT_Num FROM F_COMPTET WHERE CT_Type <> 0)"),
    ("F_ARTICLE", ""),
    ("F_DOCENTETE", "DO_Domaine = 0 AND DO_Type IN (0, 6, 7)"),
    ("F_DOCLIGNE", "DO_Domaine = 0 AND DO_Type IN (0, 6, 7)"),
)
#: Document types whose lines the sync sends inside their header: quotes, invoices.
_LINE_FILTERS = {
    "quotes": "DO_Domaine = 0 AND DO_Type = 0",
    "invoices": "DO_Domaine = 0 AND DO_Type IN (6, 7)",
}


def source_columns() -> dict[str, list[str]]:
    """Per table, the columns the connector's readers select (required and optional).

    A Sage table has a hundred columns the sync never reads; the baselines copy the same
    columns as the connector, or they would measure a different job.
    """
    from ssm.sage100 import QUOTE_LINES, READER_SPECS

    columns: dict[str, list[str]] = {}
    for spec in (*READER_SPECS, QUOTE_LINES):
        names = columns.setdefault(spec.table, [])
        for name in (*spec.required, *spec.optional):
            if name not in names:
                names.append(name)
    return columns


@dataclass(frozen=True)
class Dataset:
    """An emulated Sage 100 server holding one company."""

    size: str
    server: Path
    database: str
    generated_s: float | None  # None when reused from the cache

    @property
    def company_file(self) -> Path:
        """The company's SQLite file."""
        return self.server / f"{self.database}.sqlite"

    def count(self, table: str, where: str = "") -> int:
        """Rows of ``table`` matching ``where``, read-only."""
        conn = sqlite3.connect(f"{self.company_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            sql = f"SELECT COUNT(*) FROM {table}" + (f" WHERE {where}" if where else "")
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()

    def source_rows(self) -> dict[str, int]:
        """Rows per source table, with the sync's filters."""
        return {table: self.count(table, where) for table, where in SOURCE_TABLES}

    def document_lines(self, stream: str | None = None) -> int:
        """Lines sent inside their documents: of ``stream`` (quotes, invoices), or of both."""
        filters = [_LINE_FILTERS[stream]] if stream else list(_LINE_FILTERS.values())
        return sum(self.count("F_DOCLIGNE", where) for where in filters)


def _open(size: str, folder: Path, generated_s: float | None) -> Dataset:
    from ssm.sage100 import open_server

    companies = open_server(folder).companies()
    return Dataset(size, folder, companies[0].database, generated_s)


def ensure_dataset(size: str, say: object = print, seed: int = SEED) -> Dataset:
    """The cached dataset of ``size`` and ``seed``, generated first if missing."""
    assert callable(say)
    folder = DATA / f"{size}-seed{seed}" / "sage100"
    if (folder / _MARKER).exists():
        dataset = _open(size, folder, None)
        missing = _missing_tables(dataset)
        if not missing:
            return dataset
        say(f"the cached {size} dataset lacks {', '.join(missing)}: made by an older emulator")
    if folder.parent.exists():  # the dataset and what was made from it (a synced install)
        shutil.rmtree(folder.parent)
    folder.parent.mkdir(parents=True, exist_ok=True)
    say(f"generating the {size} dataset into {folder} (once) …")
    started = time.perf_counter()
    command = [tool("ssm-sage100"), "generate", str(folder), "--company", COMPANY]
    subprocess.run(
        [*command, "--size", size, "--seed", str(seed), "--anchor", ANCHOR],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    (folder / _MARKER).write_text(f"{elapsed:.1f}\n")
    return _open(size, folder, elapsed)


def _missing_tables(dataset: Dataset) -> list[str]:
    """The emulator's tables the dataset's company lacks: it must be generated again.

    Every generation has every table; a dataset cached before a table was emulated (the
    tariff tables, ``F_DOCCURRENTPIECE``) would measure a company no Sage 100 has.
    """
    from ssm.sage100.schema import METADATA

    conn = sqlite3.connect(f"{dataset.company_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    return sorted(set(METADATA.tables) - present)


def working_copy(dataset: Dataset, dest: Path) -> Dataset:
    """A fresh copy of the dataset's server, for scenarios that edit the company."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(dataset.server, dest)
    return Dataset(dataset.size, dest, dataset.database, None)
