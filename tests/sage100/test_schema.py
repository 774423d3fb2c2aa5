"""The declared schema matches the reference: tables, columns, types, indexes, enums."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ssm.sage100.schema import (
    F_COMPTET,
    F_DOCENTETE,
    F_DOCLIGNE,
    METADATA,
    CT_Type,
    DO_Provenance,
    DO_Statut,
    DO_Type,
    sage_type,
)

TECHNICAL_F = [
    "cbMarq",
    "cbModification",
    "cbCreation",
    "cbCreationUser",
    "cbCreateur",
    "cbProt",
    "cbReplication",
    "cbFlag",
]

# Written from /work/shared/reference/sage100-schema.md (business columns, in order).
EXPECTED: dict[str, list[str]] = {
    "P_DOSSIER": [
        "D_RaisonSoc", "D_Profession", "D_Adresse", "D_Complement", "D_CodePostal",
        "D_Ville", "D_CodeRegion", "D_Pays", "D_Commentaire", "D_Siret", "D_Ape",
        "D_Identifiant", "D_Telephone", "D_Telecopie", "D_EMailSoc", "D_Site", "D_Capital",
        "D_FormeJuridique", "D_DebutExo01", "D_DebutExo02", "D_DebutExo03", "D_DebutExo04",
        "D_DebutExo05", "D_FinExo01", "D_FinExo02", "D_FinExo03", "D_FinExo04", "D_FinExo05",
        "D_LgCg", "D_LgAn", "N_DeviseCompte", "N_DeviseEquival", "D_NumDoss",
    ],
    "F_COMPTET": [
        "CT_Num", "CT_Intitule", "CT_Type", "CT_Prospect", "CT_Sommeil", "CG_NumPrinc",
        "CT_Qualite", "CT_Classement", "CT_Contact", "CT_Adresse", "CT_Complement",
        "CT_CodePostal", "CT_Ville", "CT_CodeRegion", "CT_Pays", "CT_LangueISO2",
        "CT_Telephone", "CT_Telecopie", "CT_EMail", "CT_Site", "CT_Siret", "CT_Ape",
        "CT_Identifiant", "CT_Raccourci", "CT_Commentaire",
        *[f"CT_Statistique{i:02d}" for i in range(1, 11)],
        "CO_No", "N_CatTarif", "N_CatCompta", "N_Devise", "N_Risque", "N_Expedition",
        "N_Condition", "N_Period", "CT_Encours", "CT_Assurance", "CT_ControlEnc",
        "CT_NumPayeur", "CT_NumCentrale", "CT_Taux01", "CT_Taux02", "CT_Taux03", "CT_Taux04",
        "CT_Facture", "CT_BLFact", "CT_Langue", "CT_Lettrage", "DE_No", "MR_No", "EB_No",
        "CT_DateCreate", "CT_FactureElec", "CT_Facebook", "CT_LinkedIn", "CT_GDPR",
        "CT_ExclureTrait",
    ],
    "F_CONTACTT": [
        "CT_Num", "CT_No", "CT_Nom", "CT_Prenom", "CT_Civilite", "CT_Fonction", "N_Service",
        "N_Contact", "CT_Telephone", "CT_TelPortable", "CT_Telecopie", "CT_EMail",
        "CT_Facebook", "CT_LinkedIn", "CT_Skype",
    ],
    "F_COLLABORATEUR": [
        "CO_No", "CO_Nom", "CO_Prenom", "CO_Fonction", "CO_Service", "CO_Adresse",
        "CO_Complement", "CO_CodePostal", "CO_Ville", "CO_CodeRegion", "CO_Pays",
        "CO_Telephone", "CO_TelPortable", "CO_Telecopie", "CO_EMail", "CO_Vendeur",
        "CO_Acheteur", "CO_Caissier", "CO_Receptionnaire", "CO_ChargeRecouvr", "CO_Financier",
        "CO_Matricule", "PROT_No", "CO_DateCreation", "CO_Sommeil",
    ],
    "F_PROTECTIONCIAL": [
        "PROT_No", "PROT_User", "PROT_Pwd", "PROT_Description", "PROT_Right",
        "PROT_UserProfil", "PROT_Administrator", "PROT_EMail", "PROT_Guid",
        "PROT_DateCreate", "PROT_DateMot", "PROT_PwdStatus",
    ],
    "F_FAMILLE": [
        "FA_CodeFamille", "FA_Type", "FA_Intitule", "FA_UniteVen", "FA_Coef", "FA_SuiviStock",
        "FA_Central", "FA_Stat01", "FA_Stat02", "FA_Stat03", "FA_Stat04", "FA_Stat05",
        "FA_CodeFiscal", "FA_Pays", "FA_RacineRef", "FA_RacineCB",
    ],
    "F_ARTICLE": [
        "AR_Ref", "AR_Design", "FA_CodeFamille", "AR_PrixVen", "AR_PrixTTC", "AR_PrixAch",
        "AR_Coef", "AR_PUNet", "AR_CoutStd", "AR_UniteVen", "AR_UnitePoids", "AR_PoidsNet",
        "AR_PoidsBrut", "AR_SuiviStock", "AR_Nomencl", "AR_Gamme1", "AR_Gamme2", "AR_Sommeil",
        "AR_Publie", "AR_CodeBarre", "AR_Substitut", "AR_Raccourci", "AR_Stat01", "AR_Stat02",
        "AR_Stat03", "AR_Stat04", "AR_Stat05", "AR_Langue1", "AR_Langue2", "AR_Pays",
        "AR_CodeFiscal", "AR_DateCreation", "AR_DateModif", "AR_Photo", "AR_Type", "AR_Nature",
        "AR_PrixAchNouv", "AR_CoefNouv", "AR_PrixVenNouv", "AR_DateApplication", "CO_No",
        "CL_No1", "CL_No2", "CL_No3", "CL_No4",
    ],
    "P_CATTARIF": ["CT_Intitule", "CT_PrixTTC"],
    "F_ARTCLIENT": [
        "AR_Ref", "AC_Categorie", "CT_Num", "AC_PrixVen", "AC_PrixTTC", "AC_Coef", "AC_Remise",
        "AC_TypeRem", "AC_Calcul", "AC_Arrondi", "AC_QteMont", "AC_PrixDev", "AC_Devise",
        "AC_RefClient", "EG_Champ", "AC_PrixVenNouv", "AC_CoefNouv", "AC_DateApplication",
    ],
    "F_FAMCLIENT": ["FA_CodeFamille", "CT_Num", "FC_Remise"],
    "F_DEPOT": [
        "DE_No", "DE_Intitule", "DE_Adresse", "DE_Complement", "DE_CodePostal", "DE_Ville",
        "DE_Contact", "DE_Principal", "DE_CodeRegion", "DE_Pays", "DE_Telephone",
        "DE_Telecopie", "DE_EMail",
    ],
    "F_ARTSTOCK": [
        "AR_Ref", "DE_No", "AS_QteSto", "AS_QteRes", "AS_QteCom", "AS_QtePrepa", "AS_QteMini",
        "AS_QteMaxi", "AS_MontSto", "AS_Principal", "AS_QteResCM", "AS_QteComCM",
        "AS_QteAControler", "AS_Mouvemente",
    ],
    "F_DOCENTETE": [
        "DO_Domaine", "DO_Type", "DO_Piece", "DO_Date", "DO_Ref", "DO_Tiers", "CT_NumPayeur",
        "CO_No", "DO_Statut", "DO_Provenance", "DO_Devise", "DO_Cours", "DO_Tarif",
        "DO_Souche", "DE_No", "LI_No", "DO_Expedit", "DO_Condition", "DO_DateLivr",
        "DO_DateLivrRealisee", "DO_DateExpedition", "DO_Heure", "DO_Coord01", "DO_Coord02",
        "DO_Coord03", "DO_Coord04", "DO_TotalHT", "DO_TotalHTNet", "DO_TotalTTC",
        "DO_NetAPayer", "DO_MontantRegle", "DO_TxEscompte", "DO_Escompte", "DO_Cloture",
        "DO_Imprim", "DO_Reliquat", "DO_Transfere", "DO_Valide", "DO_Attente", "DO_BLFact",
        "N_CatCompta", "CG_Num", "CA_Num", "DO_Motif", "DO_Contact", "DO_PieceOrig",
        "DO_GUID", "DO_DocType", "DO_TypeCalcul", "DO_MotifDevis", "DO_RefExterne",
    ],
    "F_DOCLIGNE": [
        "DO_Domaine", "DO_Type", "DO_Piece", "CT_Num", "DO_Date", "DO_Ref", "DO_DateLivr",
        "DL_No", "DL_Ligne", "AR_Ref", "DL_Design", "DL_Qte", "DL_QteBC", "DL_QteBL",
        "DL_QtePL", "DL_QteDE", "DL_PieceBC", "DL_PiecePL", "DL_PieceBL", "DL_PieceDE",
        "DL_DateBC", "DL_DatePL", "DL_DateBL", "DL_DateDE", "DL_PrixUnitaire", "DL_PUTTC",
        "DL_PUDevise", "DL_PUBC", "DL_TTC", "DL_Remise01REM_Valeur", "DL_Remise01REM_Type",
        "DL_MontantHT", "DL_MontantTTC", "DL_Taxe1", "DL_TypeTaux1", "DL_TypeTaxe1",
        "DL_CodeTaxe1", "DL_PrixRU", "DL_CMUP", "DL_Valorise", "DL_MvtStock", "DL_NonLivre",
        "DE_No", "CO_No", "EU_Enumere", "EU_Qte", "AC_RefClient", "DL_PoidsNet",
        "DL_PoidsBrut", "DO_DocType", "DL_RefExterne",
    ],
    "cbSysTable": [
        "CB_Type", "CB_Creator", "CB_CBaseVersion", "CB_DescVersion", "CB_Version",
        "CB_TrigVersion", "CB_Mono", "CB_Replication", "CB_LocalGUID",
    ],
}  # fmt: skip


def _expected_columns(table: str) -> list[str]:
    business = EXPECTED[table]
    if table.startswith("F_"):
        return business + TECHNICAL_F
    if table.startswith("P_"):
        return [*business, "cbIndice", "cbMarq"]
    return business


def test_declared_tables_are_the_reference_tables() -> None:
    assert set(METADATA.tables) == set(EXPECTED)


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_declared_columns(table: str) -> None:
    assert [c.name for c in METADATA.tables[table].c] == _expected_columns(table)


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_emulated_database_has_every_column(table: str, tiny) -> None:
    path = Path(tiny.location) / f"{tiny.database}.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    assert names == _expected_columns(table)


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
    unique = {i.name for t in METADATA.tables.values() for i in t.indexes if i.unique}
    assert {"ICT_NUM", "IDL_NO", "IDO_TPIECE", "IAR_REF", "IAS_REFDE"} <= unique


def test_enum_labels() -> None:
    assert CT_Type.CLIENT == 0 and CT_Type.FOURNISSEUR.label == "Fournisseur"
    assert DO_Type(0).label == "Devis"
    assert DO_Type(7).label == "Facture comptabilisée"
    assert DO_Type.BON_AVOIR_FINANCIER == 5
    assert DO_Provenance(2).label == "Facture d'avoir"
    assert DO_Statut(1).label == "Confirmé"
