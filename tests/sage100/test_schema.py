"""The declared schema is a real Sage 100's: tables, columns by generation, types, indexes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ssm.sage100.schema import (
    F_COLLABORATEUR,
    F_COMPTET,
    F_DOCENTETE,
    F_DOCLIGNE,
    F_PROTECTIONCIAL,
    METADATA,
    CT_Type,
    DO_Provenance,
    DO_Statut,
    DO_Type,
    declared_columns,
    metadata_for,
    sage_type,
)

TECHNICAL_F = ["cbProt", "cbMarq", "cbCreateur", "cbModification", "cbReplication", "cbFlag"]

#: Columns the emulator once declared that a real Sage 100 lacks (issue 10): never again.
NOT_SAGE = {
    "P_DOSSIER": ["cbIndice"],
    "F_PROTECTIONCIAL": ["PROT_Pwd", "PROT_DateMot"],
    "F_DEPOT": ["DE_CodeRegion"],
}
#: Columns of generation C only (``sage100-schema.md`` §0): absent from a B company.
C_ONLY = {
    "F_DOCENTETE": [
        "DO_TotalHTNet", "DO_TotalTTC", "DO_NetAPayer", "DO_MontantRegle", "DO_MotifDevis",
        "DO_RefExterne", "cbCreation", "cbCreationUser",
    ],
    "F_DOCLIGNE": ["DL_RefExterne", "cbCreation", "cbCreationUser"],
    "F_COLLABORATEUR": ["CO_Sommeil", "cbCreation", "cbCreationUser"],
    "F_COMPTET": ["cbCreation", "cbCreationUser"],
}  # fmt: skip

TABLES = sorted(METADATA.tables)


def test_declared_tables() -> None:
    assert set(METADATA.tables) == {
        "P_DOSSIER", "cbSysTable", "F_COMPTET", "F_CONTACTT", "F_COLLABORATEUR",
        "F_PROTECTIONCIAL", "F_FAMILLE", "F_ARTICLE", "P_CATTARIF", "F_ARTCLIENT",
        "F_FAMCLIENT", "F_DEPOT", "F_ARTSTOCK", "F_DOCENTETE", "F_DOCLIGNE",
        "F_TARIFQTE", "F_FAMTARIF", "F_FAMTARIFQTE", "P_ARRONDI", "F_DOCCURRENTPIECE",
    }  # fmt: skip


@pytest.mark.parametrize("table", TABLES)
def test_f_tables_have_sage_technical_columns_in_sage_order(table: str) -> None:
    names = [c.name for c in metadata_for("B").tables[table].c]
    if table.startswith("F_"):
        technical = [n for n in names if n in TECHNICAL_F]
        assert technical == TECHNICAL_F  # in the middle of the table, as Sage has them
        assert "cbCreation" not in names and "cbCreationUser" not in names
        assert {"cbCreation", "cbCreationUser"} <= set(metadata_for("C").tables[table].c.keys())


def test_columns_sage_lacks_are_nowhere() -> None:
    for table, columns in NOT_SAGE.items():
        for column in columns:
            assert column not in METADATA.tables[table].c, (table, column)


@pytest.mark.parametrize("table", sorted(C_ONLY))
def test_generation_c_columns_exist_only_in_c(table: str) -> None:
    b, c = metadata_for("B").tables[table].c, metadata_for("C").tables[table].c
    for column in C_ONLY[table]:
        assert column not in b and column in c


def test_real_columns_in_sage_order() -> None:
    tiers = [c.name for c in F_COMPTET.c][:6]
    assert tiers == ["CT_Num", "cbCT_Num", "CT_Intitule", "CT_Type", "CG_NumPrinc", "CT_Qualite"]
    logins = [c.name for c in metadata_for("B").tables["F_PROTECTIONCIAL"].c]
    assert logins[:3] == ["PROT_User", "cbCIPROT_User", "PROT_Description"]
    assert logins[-2:] == ["PROT_Guid", "PROT_Hash"]
    assert sage_type(F_PROTECTIONCIAL.c.PROT_Hash) == "binary(32)"
    assert "CT_Prospect" in F_COMPTET.c and "CO_Sommeil" in F_COLLABORATEUR.c


def test_informations_libres_have_spaces_in_their_names() -> None:
    libres = {
        t.name: [d.name for d in declared_columns(t) if d.libre] for t in METADATA.tables.values()
    }
    assert "REP TEL" in libres["F_COMPTET"]
    assert "GRATUIT OU ECHANGE" in libres["F_DOCENTETE"]
    assert "UPN (code catalogue)" in libres["F_ARTICLE"]
    # An information libre comes last, after every column Sage itself declares.
    names = [c.name for c in F_COMPTET.c]
    assert names.index("REP TEL") > names.index("CT_Prospect")


@pytest.mark.parametrize("generation", ["B", "C"])
def test_emulated_database_has_the_generation_columns_in_order(generation, make_server) -> None:
    report = make_server(generation=generation, name=f"srv-{generation}")
    path = Path(report.location) / f"{report.database}.sqlite"
    expected = metadata_for(generation)
    with closing(sqlite3.connect(path)) as conn:
        for table in TABLES:
            names = [r[1] for r in conn.execute(f'PRAGMA table_xinfo("{table}")')]
            assert names == [c.name for c in expected.tables[table].c], table
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    declared = {str(i.name) for t in expected.tables.values() for i in t.indexes}
    assert {i for i in indexes if not i.startswith("sqlite_")} == declared
    assert "TG_CBUPD_F_COMPTET" in triggers
    assert ("TG_CBINS_F_COMPTET" in triggers) == (generation == "C")


def test_a_database_without_triggers_has_none(make_server) -> None:
    report = make_server(triggers=False)
    path = Path(report.location) / f"{report.database}.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='trigger'"
        ).fetchone() == (0,)


def test_computed_keys_are_sage_binary_copies(tiny) -> None:
    path = Path(tiny.location) / f"{tiny.database}.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        piece, key = conn.execute(
            "SELECT DO_Piece, cbDO_Piece FROM F_DOCENTETE ORDER BY cbMarq LIMIT 1"
        ).fetchone()
        login, upper = conn.execute(
            "SELECT PROT_User, cbCIPROT_User FROM F_PROTECTIONCIAL"
        ).fetchone()
    assert key == piece.rjust(13).encode()  # right-aligned: FA9 sorts before FA10
    assert upper == login.upper().encode()


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (F_COMPTET.c.CT_Num, "varchar(17)"),
        (F_COMPTET.c.CT_Intitule, "varchar(35)"),
        (F_COMPTET.c.CT_Type, "smallint"),
        (F_COMPTET.c.CO_No, "int"),
        (F_COMPTET.c.CT_EMail, "varchar(69)"),
        (F_COMPTET.c.CT_Telephone, "varchar(21)"),
        (F_COMPTET.c.CT_Encours, "numeric(24,6)"),
        (F_COMPTET.c.cbModification, "smalldatetime"),
        (F_COMPTET.c.cbMarq, "int identity"),
        (F_COMPTET.c.cbCreateur, "char(4)"),
        (F_DOCENTETE.c.DO_Piece, "varchar(13)"),
        (F_DOCENTETE.c.DO_Date, "datetime"),
        (F_DOCENTETE.c.DO_Heure, "char(9)"),
        (F_DOCLIGNE.c.DL_MontantHT, "numeric(24,6)"),
        (F_DOCLIGNE.c.AR_Ref, "varchar(19)"),
    ],
)
def test_sage_types(column, expected: str) -> None:
    assert sage_type(column) == expected


def test_no_index_on_cbmodification_and_sage_indexes_exist() -> None:
    for table in METADATA.tables.values():
        for index in table.indexes:
            assert "cbModification" not in [c.name for c in index.columns]
    unique = {
        i.name: [c.name for c in i.columns]
        for t in METADATA.tables.values()
        for i in t.indexes
        if i.unique
    }
    assert unique["IDO_TPIECE"] == ["DO_Type", "cbDO_Piece"]
    assert unique["ICT_NUM"] == ["cbCT_Num"] and unique["UKA_F_COMPTET_CT_Num"] == ["CT_Num"]
    assert unique["IDL_NO"] == ["DL_No"] and unique["IPROTCIAL_USER"] == ["cbCIPROT_User"]
    assert "IDL_PIECE" not in unique and "ICAT_INDICE" not in unique  # never Sage's


def test_enum_labels() -> None:
    assert CT_Type.CLIENT == 0 and CT_Type.FOURNISSEUR.label == "Fournisseur"
    assert DO_Type(0).label == "Devis"
    assert DO_Type(7).label == "Facture comptabilisée"
    assert DO_Type.BON_AVOIR_FINANCIER == 5
    assert DO_Provenance(2).label == "Facture d'avoir"
    assert DO_Statut(1).label == "Confirmé"
