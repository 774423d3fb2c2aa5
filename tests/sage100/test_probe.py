"""Readers learn each company's columns: optional ones absent, required ones refused plainly."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ssm.sage100 import (
    DOCUMENT_LINE_COLUMNS,
    USERS,
    SageConnectionError,
    SageSchemaError,
    check_company,
    company_schema,
    open_server,
    read_changes,
    read_documents,
)


def _engine(report):
    return open_server(report.location).engine(report.database)


def _sql(report, statement: str) -> None:
    path = Path(report.location) / f"{report.database}.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(statement)


@pytest.mark.parametrize("generation", ["B", "C"])
def test_generation_is_told_by_the_columns(make_server, generation) -> None:
    engine = _engine(make_server(generation=generation, name=generation))
    check = check_company(engine)
    assert check.generation == generation
    assert check.libres["F_COMPTET"] == ("REP TEL", "CategorieClient")
    if generation == "B":
        assert "CO_Sommeil" in check.missing_optional["F_COLLABORATEUR"]
        assert check.missing_optional["F_DOCENTETE"] == ("DO_TotalTTC",)
    else:
        assert check.missing_optional == {}
    engine.dispose()


def test_an_older_company_without_ct_prospect_is_generation_a(tiny) -> None:
    _sql(tiny, "ALTER TABLE F_COMPTET DROP COLUMN CT_Prospect")
    engine = _engine(tiny)
    assert company_schema(engine).generation == "A"
    engine.dispose()


def test_optional_columns_a_company_lacks_are_absent_keys(tiny) -> None:
    engine = _engine(tiny)  # generation B: no CO_Sommeil, no DO_TotalTTC
    (rep, *_) = next(read_changes(engine, USERS)).rows
    assert "CO_Sommeil" not in rep and rep["CO_Nom"]
    (invoice, *_) = next(read_documents(engine)).rows
    ttc = DOCUMENT_LINE_COLUMNS.index("DL_MontantTTC")
    assert "DO_TotalTTC" not in invoice and invoice["lines"][0][ttc] is not None
    engine.dispose()


def test_a_missing_required_column_is_one_sentence_naming_it(tiny) -> None:
    _sql(tiny, "ALTER TABLE F_DOCLIGNE DROP COLUMN DL_Qte")
    engine = _engine(tiny)
    with pytest.raises(SageSchemaError) as refused:
        next(read_documents(engine))
    assert str(refused.value).startswith(
        "La table F_DOCLIGNE de cette société Sage 100 n'a pas la colonne DL_Qte, dont le "
        "connecteur a besoin (génération de schéma détectée : B) : "
    )
    with pytest.raises(SageSchemaError, match="DL_Qte"):
        check_company(engine)
    assert next(read_changes(engine, USERS)).rows  # the other streams still read
    engine.dispose()


def test_a_column_dropped_under_a_running_reader_is_learnt_again(tiny) -> None:
    engine = _engine(tiny)
    assert next(read_changes(engine, USERS)).rows  # columns probed and kept
    _sql(tiny, "DROP INDEX ICO_VENDEUR; ALTER TABLE F_COLLABORATEUR DROP COLUMN CO_Vendeur")
    with pytest.raises(SageConnectionError):  # the kept columns are stale: a database error
        next(read_changes(engine, USERS))
    with pytest.raises(SageSchemaError, match="colonne CO_Vendeur"):  # asked again
        next(read_changes(engine, USERS))
    engine.dispose()


def test_a_line_column_a_company_lacks_is_none_at_its_place(tiny) -> None:
    _sql(tiny, "ALTER TABLE F_DOCLIGNE DROP COLUMN DL_Remise01REM_Valeur")
    engine = _engine(tiny)
    (invoice, *_) = next(read_documents(engine)).rows
    line = dict(zip(DOCUMENT_LINE_COLUMNS, invoice["lines"][0], strict=True))
    assert line["DL_Remise01REM_Valeur"] is None and line["DL_Qte"] is not None
    engine.dispose()
