"""Sales and purchase documents: headers and lines (reference §5.5, §5.6).

Header and lines share the piece key ``(DO_Domaine, DO_Type, DO_Piece)``, which Sage
rewrites in place when it transforms a document (order → delivery note): track headers by
``cbMarq`` and lines by ``DL_No``. ``DO_Piece`` is ``varchar(13)`` (schema B and later).
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = ["F_DOCENTETE", "F_DOCLIGNE"]

F_DOCENTETE = sage_table(
    "F_DOCENTETE",
    """
    DO_Domaine smallint !
    DO_Type smallint !
    DO_Piece varchar(13) !
    DO_Date datetime
    DO_Ref varchar(17)
    DO_Tiers varchar(17)
    CT_NumPayeur varchar(17)
    CO_No int
    DO_Statut smallint
    DO_Provenance smallint
    DO_Devise smallint
    DO_Cours numeric
    DO_Tarif smallint
    DO_Souche smallint
    DE_No int
    LI_No int
    DO_Expedit smallint
    DO_Condition smallint
    DO_DateLivr datetime
    DO_DateLivrRealisee datetime
    DO_DateExpedition datetime
    DO_Heure char(9)
    DO_Coord01..04 varchar(25)
    DO_TotalHT numeric
    DO_TotalHTNet numeric
    DO_TotalTTC numeric
    DO_NetAPayer numeric
    DO_MontantRegle numeric
    DO_TxEscompte numeric
    DO_Escompte numeric
    DO_Cloture smallint
    DO_Imprim smallint
    DO_Reliquat smallint
    DO_Transfere smallint
    DO_Valide smallint
    DO_Attente smallint
    DO_BLFact smallint
    N_CatCompta smallint
    CG_Num varchar(13)
    CA_Num varchar(17)
    DO_Motif varchar(69)
    DO_Contact varchar(35)
    DO_PieceOrig varchar(13)
    DO_GUID uniqueidentifier
    DO_DocType smallint
    DO_TypeCalcul smallint
    DO_MotifDevis smallint
    DO_RefExterne varchar(35)
    """,
    indexes=(
        ("IDO_TPIECE", ("DO_Domaine", "DO_Type", "DO_Piece"), True),
        ("IDO_TIERS", ("DO_Tiers",), False),
        ("IDO_DATE", ("DO_Date",), False),
        ("IDO_REPRESENT", ("CO_No",), False),
        ("IDO_DEPOT", ("DE_No",), False),
    ),
)

F_DOCLIGNE = sage_table(
    "F_DOCLIGNE",
    """
    DO_Domaine smallint !
    DO_Type smallint !
    DO_Piece varchar(13) !
    CT_Num varchar(17)
    DO_Date datetime
    DO_Ref varchar(17)
    DO_DateLivr datetime
    DL_No int !
    DL_Ligne int
    AR_Ref varchar(19)
    DL_Design varchar(69)
    DL_Qte numeric
    DL_QteBC numeric
    DL_QteBL numeric
    DL_QtePL numeric
    DL_QteDE numeric
    DL_PieceBC varchar(13)
    DL_PiecePL varchar(13)
    DL_PieceBL varchar(13)
    DL_PieceDE varchar(13)
    DL_DateBC datetime
    DL_DatePL datetime
    DL_DateBL datetime
    DL_DateDE datetime
    DL_PrixUnitaire numeric
    DL_PUTTC numeric
    DL_PUDevise numeric
    DL_PUBC numeric
    DL_TTC smallint
    DL_Remise01REM_Valeur numeric
    DL_Remise01REM_Type smallint
    DL_MontantHT numeric
    DL_MontantTTC numeric
    DL_Taxe1 numeric
    DL_TypeTaux1 smallint
    DL_TypeTaxe1 smallint
    DL_CodeTaxe1 varchar(5)
    DL_PrixRU numeric
    DL_CMUP numeric
    DL_Valorise smallint
    DL_MvtStock smallint
    DL_NonLivre smallint
    DE_No int
    CO_No int
    EU_Enumere varchar(21)
    EU_Qte numeric
    AC_RefClient varchar(19)
    DL_PoidsNet numeric
    DL_PoidsBrut numeric
    DO_DocType smallint
    DL_RefExterne varchar(35)
    """,
    indexes=(
        ("IDL_NO", ("DL_No",), True),
        ("IDL_PIECE", ("DO_Domaine", "DO_Type", "DO_Piece", "DL_Ligne"), False),
        ("IDL_ARTICLE", ("AR_Ref",), False),
    ),
)
