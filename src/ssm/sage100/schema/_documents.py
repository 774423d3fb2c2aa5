"""Sales and purchase documents: headers and lines (reference §5.5, §5.6).

Header and lines share the piece key ``(DO_Type, DO_Piece)``, which Sage indexes through
``cbDO_Piece`` (right-aligned, so ``FA9`` sorts before ``FA10``) and rewrites in place
when it transforms a document (order → delivery note): track headers by ``cbMarq`` and
lines by ``DL_No``. Totals including tax (``DO_TotalTTC``…) exist from generation C only.
``F_DOCCURRENTPIECE`` holds the next number of each series: one row per domain, document
type (``DC_IdCol``) and souche.
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = [
    "F_DOCCURRENTPIECE",
    "F_DOCENTETE",
    "F_DOCLIGNE",
]

F_DOCENTETE = sage_table(
    "F_DOCENTETE",
    """
    DO_Domaine smallint
    DO_Type smallint
    DO_Piece varchar(13)
    DO_Date datetime
    DO_Ref varchar(17)
    DO_Tiers varchar(17)
    cbDO_Tiers varbinary(18) = isnull(DO_Tiers)
    CO_No int
    cbCO_No int
    DO_Period smallint
    DO_Devise smallint
    DO_Cours numeric
    DE_No int
    cbDE_No int
    LI_No int
    cbLI_No int
    CT_NumPayeur varchar(17)
    cbCT_NumPayeur varbinary(18) = isnull(CT_NumPayeur)
    DO_Expedit smallint
    DO_NbFacture smallint
    DO_BLFact smallint
    DO_TxEscompte numeric
    DO_Reliquat smallint
    DO_Imprim smallint
    CA_Num varchar(13)
    cbCA_Num varbinary(14) = isnull(CA_Num)
    DO_Coord01..04 varchar(25)
    DO_Souche smallint
    DO_DateLivr datetime
    DO_Condition smallint
    DO_Tarif smallint
    DO_Colisage smallint
    DO_TypeColis smallint
    DO_Transaction smallint
    DO_Langue smallint
    DO_Ecart numeric
    DO_Regime smallint
    N_CatCompta smallint
    DO_Ventile smallint
    AB_No int
    DO_DebutAbo datetime
    DO_FinAbo datetime
    DO_DebutPeriod datetime
    DO_FinPeriod datetime
    CG_Num varchar(13)
    cbCG_Num varbinary(14) = isnull(CG_Num)
    DO_Statut smallint
    DO_Heure char(9)
    CA_No int
    CO_NoCaissier int
    cbCO_NoCaissier int
    DO_Transfere smallint
    DO_Cloture smallint
    DO_NoWeb varchar(17)
    DO_Attente smallint
    DO_Provenance smallint
    CA_NumIFRS varchar(13)
    MR_No int
    DO_TypeFrais smallint
    DO_ValFrais numeric
    DO_TypeLigneFrais smallint
    DO_TypeFranco smallint
    DO_ValFranco numeric
    DO_TypeLigneFranco smallint
    DO_Taxe1 numeric
    DO_TypeTaux1 smallint
    DO_TypeTaxe1 smallint
    DO_Taxe2 numeric
    DO_TypeTaux2 smallint
    DO_TypeTaxe2 smallint
    DO_Taxe3 numeric
    DO_TypeTaux3 smallint
    DO_TypeTaxe3 smallint
    DO_MajCpta smallint
    DO_Motif varchar(69)
    CT_NumCentrale varchar(17)
    cbCT_NumCentrale varbinary(18) = isnull(CT_NumCentrale)
    DO_Contact varchar(35)
    DO_FactureElec smallint
    DO_TypeTransac smallint
    DO_DateLivrRealisee datetime
    DO_DateExpedition datetime
    DO_FactureFrs varchar(35)
    cbDO_FactureFrs varbinary(36) = isnull(DO_FactureFrs)
    DO_PieceOrig varchar(13)
    DO_DemandeRegul smallint
    ET_No int
    cbET_No int
    DO_Valide smallint
    DO_Coffre smallint
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    DO_GUID uniqueidentifier
    DO_EStatut smallint
    DO_CodeTaxe1..3 varchar(5)
    DO_TotalHT numeric
    DO_StatutBAP smallint
    DO_Escompte smallint
    DO_DocType smallint
    DO_TypeCalcul smallint
    DO_FactureFile uniqueidentifier
    cbHash varbinary(32)
    cbHashVersion smallint
    cbHashDate datetime
    cbHashOrder int
    cbDO_Piece varbinary(14) = pad(DO_Piece)
    cbCA_No int
    cbDO_PieceOrig varbinary(14) = pad(DO_PieceOrig)
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    DO_TotalHTNet numeric @C
    DO_TotalTTC numeric @C
    DO_NetAPayer numeric @C
    DO_MontantRegle numeric @C
    DO_MotifDevis smallint @C
    DO_RefExterne varchar(35) @C
    [GRATUIT OU ECHANGE] varchar(21) libre
    [NATURE BL] varchar(21) libre
    """,
    indexes=(
        ("FKIA_F_DOCENTETE_CA_No", ("cbCA_No",), False),
        ("FKIA_F_DOCENTETE_DE_No", ("cbDE_No",), False),
        ("IDO_ANAL", ("cbCA_Num",), False),
        ("IDO_CAISSE", ("CA_No", "DO_Attente", "DO_Date", "DO_Heure", "cbDO_Tiers"), False),
        ("IDO_CAISSIER", ("CO_NoCaissier",), False),
        ("IDO_CENTRALE", ("cbCT_NumCentrale",), False),
        ("IDO_CGNUM", ("cbCG_Num",), False),
        ("IDO_CLOTURE", ("DO_Cloture", "DO_Type", "DO_Date"), False),
        ("IDO_DATE", ("DO_Domaine", "DO_Date", "cbDO_Tiers", "DO_Type", "cbDO_Piece"), False),
        (
            "IDO_DATEDEPOT",
            ("DO_Domaine", "DE_No", "DO_Date", "cbDO_Tiers", "DO_Type", "cbDO_Piece"),
            False,
        ),
        ("IDO_DEPOT", ("DE_No",), False),
        ("IDO_DEPOTCL", ("LI_No",), False),
        ("IDO_DOMSOUCHE", ("DO_Domaine", "DO_Souche"), False),
        ("IDO_FACTURE", ("cbDO_FactureFrs",), False),
        ("IDO_NUM", ("cbCT_NumPayeur",), False),
        ("IDO_PIECEORIG", ("DO_Domaine", "cbDO_PieceOrig"), False),
        ("IDO_REPRESENT", ("CO_No",), False),
        ("IDO_SOUCHE", ("DO_Type", "DO_Souche", "cbDO_Piece"), False),
        ("IDO_TDATE", ("DO_Type", "DO_Date", "cbDO_Tiers", "DE_No", "cbDO_Piece"), False),
        ("IDO_TDATEDEPOT", ("DO_Type", "DE_No", "DO_Date", "cbDO_Tiers", "cbDO_Piece"), False),
        ("IDO_TIERS", ("DO_Domaine", "cbDO_Tiers", "DO_Date", "DO_Type", "cbDO_Piece"), False),
        (
            "IDO_TIERSDEPOT",
            ("DO_Domaine", "cbDO_Tiers", "DE_No", "DO_Date", "DO_Type", "cbDO_Piece"),
            False,
        ),
        ("IDO_TPIECE", ("DO_Type", "cbDO_Piece"), True),
        ("IDO_TTIERS", ("DO_Type", "cbDO_Tiers", "DO_Date", "cbDO_Piece"), False),
        ("IDO_TTIERSDEPOT", ("DO_Type", "cbDO_Tiers", "DE_No", "DO_Date", "cbDO_Piece"), False),
        ("IHashOrder_F_DOCENTETE", ("cbHashOrder",), False),
    ),
)


F_DOCLIGNE = sage_table(
    "F_DOCLIGNE",
    """
    DO_Domaine smallint
    DO_Type smallint !
    CT_Num varchar(17)
    cbCT_Num varbinary(18) = isnull(CT_Num)
    DO_Piece varchar(13) !
    DL_PieceBC varchar(13)
    DL_PieceBL varchar(13)
    DO_Date datetime
    DL_DateBC datetime
    DL_DateBL datetime
    DL_Ligne int
    DO_Ref varchar(17)
    DL_TNomencl smallint
    DL_TRemPied smallint
    DL_TRemExep smallint
    AR_Ref varchar(19)
    cbAR_Ref varbinary(20) = isnull(AR_Ref)
    DL_Design varchar(69)
    DL_Qte numeric
    DL_QteBC numeric
    DL_QteBL numeric
    DL_PoidsNet numeric
    DL_PoidsBrut numeric
    DL_Remise01REM_Valeur numeric
    DL_Remise01REM_Type smallint
    DL_Remise02REM_Valeur numeric
    DL_Remise02REM_Type smallint
    DL_Remise03REM_Valeur numeric
    DL_Remise03REM_Type smallint
    DL_PrixUnitaire numeric
    DL_PUBC numeric
    DL_Taxe1 numeric
    DL_TypeTaux1 smallint
    DL_TypeTaxe1 smallint
    DL_Taxe2 numeric
    DL_TypeTaux2 smallint
    DL_TypeTaxe2 smallint
    CO_No int
    cbCO_No int
    AG_No1..2 int
    DL_PrixRU numeric
    DL_CMUP numeric
    DL_MvtStock smallint
    DT_No int
    cbDT_No int
    AF_RefFourniss varchar(19)
    cbAF_RefFourniss varbinary(20) = isnull(AF_RefFourniss)
    EU_Enumere varchar(21)
    EU_Qte numeric
    DL_TTC smallint
    DE_No int
    cbDE_No int
    DL_NoRef smallint
    DL_TypePL smallint
    DL_PUDevise numeric
    DL_PUTTC numeric
    DL_No int !
    DO_DateLivr datetime
    CA_Num varchar(13)
    cbCA_Num varbinary(14) = isnull(CA_Num)
    DL_Taxe3 numeric
    DL_TypeTaux3 smallint
    DL_TypeTaxe3 smallint
    DL_Frais numeric
    DL_Valorise smallint
    AR_RefCompose varchar(19)
    cbAR_RefCompose varbinary(20) = isnull(AR_RefCompose)
    DL_NonLivre smallint
    AC_RefClient varchar(19)
    DL_MontantHT numeric
    DL_MontantTTC numeric
    DL_FactPoids smallint
    DL_Escompte smallint
    DL_PiecePL varchar(13)
    DL_DatePL datetime
    DL_QtePL numeric
    DL_NoColis varchar(19)
    DL_NoLink int
    cbDL_NoLink int
    RP_Code varchar(11)
    cbRP_Code varbinary(12) = isnull(RP_Code)
    DL_QteRessource int
    DL_DateAvancement datetime
    PF_Num varchar(9) !
    cbPF_Num varbinary(10) = pad(PF_Num)
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    Ref_Client varchar(60)
    cbDO_Ref varbinary(18) = isnull(DO_Ref)
    DL_CodeTaxe1..3 varchar(5)
    DL_PieceOFProd int
    DL_PieceDE varchar(13)
    cbDL_PieceDE varbinary(14) = pad(DL_PieceDE)
    DL_DateDE datetime
    DL_QteDE numeric
    DL_Operation varchar(11)
    DL_NoSousTotal int
    CA_No int
    cbCA_No int
    DO_DocType smallint
    cbHash varbinary(32)
    cbHashVersion smallint
    cbHashDate datetime
    cbHashOrder int
    cbDO_Piece varbinary(14) = pad(DO_Piece)
    cbDL_PieceBC varbinary(14) = pad(DL_PieceBC)
    cbDL_PieceBL varbinary(14) = pad(DL_PieceBL)
    cbDL_PiecePL varbinary(14) = pad(DL_PiecePL)
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    DL_RefExterne varchar(35) @C
    """,
    indexes=(
        ("FKIA_F_DOCLIGNE_AR_Ref", ("AR_Ref",), False),
        ("FKIA_F_DOCLIGNE_DE_No", ("cbDE_No",), False),
        ("FKIA_F_DOCLIGNE_DL_NoLink", ("cbDL_NoLink",), False),
        ("FKIA_F_DOCLIGNE_RP_Code", ("RP_Code",), False),
        ("IDL_ANAL", ("cbCA_Num",), False),
        ("IDL_ARTGAM", ("cbAR_Ref", "AG_No1", "AG_No2"), False),
        ("IDL_ARTGAM2", ("cbAR_Ref", "AG_No2"), False),
        ("IDL_COMPOSE", ("DO_Type", "cbDO_Piece", "cbAR_RefCompose"), False),
        ("IDL_DEPOT", ("DE_No", "cbAR_Ref", "AG_No1", "AG_No2", "DO_Type"), False),
        ("IDL_LIGNE", ("DO_Type", "cbDO_Piece", "DL_TRemPied", "DL_Ligne"), False),
        ("IDL_NO", ("DL_No",), True),
        ("IDL_NOLINK", ("DL_NoLink",), False),
        ("IDL_NOSOUSTOTAL", ("DL_NoSousTotal",), False),
        ("IDL_PIECECOM", ("DO_Domaine", "cbDL_PieceBC"), False),
        ("IDL_PIECEDE", ("DO_Domaine", "cbDL_PieceDE"), False),
        ("IDL_PIECELIVR", ("DO_Domaine", "DL_TypePL", "cbDL_PieceBL"), False),
        ("IDL_PIECEPL", ("DO_Domaine", "cbDL_PiecePL"), False),
        ("IDL_PROJET", ("cbPF_Num",), False),
        ("IDL_REF", ("DO_Type", "cbDO_Piece", "cbAR_Ref", "AG_No1", "AG_No2", "DL_NoRef"), False),
        ("IDL_REFFOUR", ("DO_Type", "cbDO_Piece", "cbAF_RefFourniss"), False),
        ("IDL_REFLIG", ("DO_Domaine", "cbDO_Ref"), False),
        ("IDL_REPRESENT", ("CO_No",), False),
        ("IDL_RESSOURCE", ("cbRP_Code",), False),
        ("IDL_STOCK", ("DE_No", "cbAR_Ref", "AG_No1", "AG_No2", "DL_MvtStock", "DL_DateBL"), False),
        ("IDL_TIERS", ("cbCT_Num", "DO_Date"), False),
        ("IHashOrder_F_DOCLIGNE", ("cbHashOrder",), False),
    ),
)


#: The next piece number of each series (reference pricing-writing §2, [KT]): unique on
#: ``(DC_Domaine, DC_IdCol, DC_Souche)``; for sales ``DC_IdCol`` is the ``DO_Type``
#: (0 quote, 1 order…, unverified). The unique index's name is not in the scaffold.
F_DOCCURRENTPIECE = sage_table(
    "F_DOCCURRENTPIECE",
    """
    DC_Domaine smallint
    DC_IdCol smallint
    DC_Souche smallint
    DC_Piece varchar(13)
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(("IDC_SOUCHE", ("DC_Domaine", "DC_IdCol", "DC_Souche"), True),),
)
