"""Hostile rows (``bad_data=True``): present, reported by key, read back untouched."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from ssm.sage100 import (
    DOCUMENT_LINE_COLUMNS,
    open_server,
    read_articles,
    read_changes,
    read_documents,
    read_keys,
)
from ssm.sage100.cli import app
from ssm.sage100.emulator import BAD_ROWS
from ssm.sage100.schema import F_COLLABORATEUR, F_COMPTET, F_CONTACTT

from ._labels import SPECS

DOC = (Path(__file__).parents[2] / "docs" / "emulator.md").read_text(encoding="utf-8")


def test_bad_rows_come_on_top_of_the_normal_counts(make_server) -> None:
    clean = make_server(name="clean")
    bad = make_server(name="bad", company="Démo Hostile", bad_data=True)
    assert clean.bad_rows == {}
    assert set(bad.bad_rows) == set(SPECS)
    assert bad.bad_rows == make_server(name="bad2", bad_data=True).bad_rows
    for table in ("F_COMPTET", "F_CONTACTT", "F_COLLABORATEUR", "F_ARTICLE", "F_DOCENTETE"):
        assert bad.counts[table] > clean.counts[table]


def test_every_bad_key_is_a_live_key_of_its_stream(make_server) -> None:
    report = make_server(name="bad", bad_data=True)
    engine = open_server(report.location).engine(report.database)
    try:
        for stream, keys in report.bad_rows.items():
            live = {k for chunk in read_keys(engine, SPECS[stream]) for k in chunk}
            assert set(keys) <= live, stream
    finally:
        engine.dispose()


def test_hostile_values_are_read_back_untouched(make_server) -> None:
    report = make_server(name="bad", bad_data=True)
    engine = open_server(report.location).engine(report.database)
    try:
        tiers = {
            r["CT_Num"]: r
            for b in read_changes(engine, SPECS["accounts"])
            for r in b.rows
            if r["CT_Num"].startswith("ZBAD")
        }
        assert tiers["ZBAD01"]["CT_Intitule"] is None and tiers["ZBAD02"]["CT_Intitule"] == ""
        assert tiers["ZBAD03"]["CT_EMail"] == "jean.dupont@"
        assert "\x00" in tiers["ZBAD04"]["CT_Intitule"] and "\x1b" in tiers["ZBAD04"]["CT_Adresse"]
        assert tiers["ZBAD04"]["CT_EMail"] == "a b@c"
        with engine.connect() as conn:
            rep = conn.execute(
                select(func.count()).where(F_COLLABORATEUR.c.CO_No == tiers["ZBAD05"]["CO_No"])
            ).scalar()
            assert rep == 0
            orphan = conn.execute(
                select(F_CONTACTT.c.CT_Num).where(F_CONTACTT.c.CT_No == 900002)
            ).scalar_one()
            assert (
                conn.execute(select(func.count()).where(F_COMPTET.c.CT_Num == orphan)).scalar() == 0
            )
        users = {str(r["CO_No"]): r for b in read_changes(engine, SPECS["users"]) for r in b.rows}
        assert users["90001"]["CO_EMail"] == users["90002"]["CO_EMail"]
        assert users["90003"]["CO_EMail"] == "" and users["90004"]["CO_Nom"] is None
        items = {r["AR_Ref"]: r for b in read_articles(engine) for r in b.rows}
        assert items["ZBAD-NUL"]["AR_Design"] is None and "\t" in items["ZBAD-CTRL"]["AR_Design"]
        (invoice,) = [
            r
            for b in read_documents(engine)
            for r in b.rows
            if str(r["cbMarq"]) in report.bad_rows["invoices"]
        ]
        assert (
            invoice["lines"][0][DOCUMENT_LINE_COLUMNS.index("AR_Ref")] == "ZZ-INCONNU"
            and "ZZ-INCONNU" not in items
        )
    finally:
        engine.dispose()


def test_bad_rows_are_documented() -> None:
    for stream, rows in BAD_ROWS.items():
        for key, _ in rows:
            assert f"`{key}`" in DOC, (stream, key)
    assert "--bad-data" in DOC and "bad_rows" in DOC


def test_cli_bad_data_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "srv"), "--bad-data"])
    assert result.exit_code == 0, result.output
    server = open_server(tmp_path / "srv")
    engine = server.engine(server.companies()[0].database)
    try:
        assert "ZBAD01" in {k for c in read_keys(engine, SPECS["accounts"]) for k in c}
    finally:
        engine.dispose()
