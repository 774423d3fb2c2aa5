"""Items, families, tariff categories, customer prices, depots and stock (reference §5.4).

``F_ARTCLIENT`` holds both category prices (``CT_Num`` empty, ``AC_Categorie`` =
``P_CATTARIF.cbIndice``) and customer prices (``CT_Num`` filled); ``F_FAMCLIENT`` holds a
family discount per customer; ``F_ARTSTOCK`` has one row per item and depot. Columns are
a real Sage 100 database's, in its order, with Sage's computed ``cb*`` key columns.
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = [
    "F_ARTCLIENT",
    "F_ARTICLE",
    "F_ARTSTOCK",
    "F_DEPOT",
    "F_FAMCLIENT",
    "F_FAMILLE",
    "P_CATTARIF",
]

F_FAMILLE = sage_table(
    "F_FAMILLE",
    """
    FA_CodeFamille varchar(11) !
    cbFA_CodeFamille varbinary(13) = FA_CodeFamille+'z'
    FA_Type smallint
    FA_Intitule varchar(35)
    cbFA_Intitule varbinary(36) = isnull(FA_Intitule)
    FA_UniteVen smallint
    FA_Coef numeric
    FA_SuiviStock smallint
    FA_Garantie smallint
    FA_Central varchar(11)
    cbFA_Central varbinary(12) = isnull(FA_Central)
    FA_Stat01..05 varchar(21)
    FA_CodeFiscal varchar(25)
    FA_Pays varchar(35)
    FA_UnitePoids smallint
    FA_Escompte smallint
    FA_Delai smallint
    FA_HorsStat smallint
    FA_VteDebit smallint
    FA_NotImp smallint
    FA_Frais01FR_Denomination varchar(21)
    FA_Frais01FR_Rem01REM_Valeur numeric
    FA_Frais01FR_Rem01REM_Type smallint
    FA_Frais01FR_Rem02REM_Valeur numeric
    FA_Frais01FR_Rem02REM_Type smallint
    FA_Frais01FR_Rem03REM_Valeur numeric
    FA_Frais01FR_Rem03REM_Type smallint
    FA_Frais02FR_Denomination varchar(21)
    FA_Frais02FR_Rem01REM_Valeur numeric
    FA_Frais02FR_Rem01REM_Type smallint
    FA_Frais02FR_Rem02REM_Valeur numeric
    FA_Frais02FR_Rem02REM_Type smallint
    FA_Frais02FR_Rem03REM_Valeur numeric
    FA_Frais02FR_Rem03REM_Type smallint
    FA_Frais03FR_Denomination varchar(21)
    FA_Frais03FR_Rem01REM_Valeur numeric
    FA_Frais03FR_Rem01REM_Type smallint
    FA_Frais03FR_Rem02REM_Valeur numeric
    FA_Frais03FR_Rem02REM_Type smallint
    FA_Frais03FR_Rem03REM_Valeur numeric
    FA_Frais03FR_Rem03REM_Type smallint
    FA_Contremarque smallint
    FA_FactPoids smallint
    FA_FactForfait smallint
    FA_Publie smallint
    FA_RacineRef varchar(19)
    FA_RacineCB varchar(19)
    CL_No1 int
    cbCL_No1 int
    CL_No2 int
    cbCL_No2 int
    CL_No3 int
    cbCL_No3 int
    CL_No4 int
    cbCL_No4 int
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    FA_Nature smallint
    FA_NbColis smallint
    FA_SousTraitance smallint
    FA_Fictif smallint
    FA_Criticite smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("FKIA_F_FAMILLE_CL_No1", ("cbCL_No1",), False),
        ("FKIA_F_FAMILLE_CL_No2", ("cbCL_No2",), False),
        ("FKIA_F_FAMILLE_CL_No3", ("cbCL_No3",), False),
        ("FKIA_F_FAMILLE_CL_No4", ("cbCL_No4",), False),
        ("IDDP_FACODEFAMILLE", ("FA_CodeFamille",), False),
        ("IFA_CENTRAL", ("cbFA_Central", "FA_Type", "cbFA_CodeFamille"), False),
        ("IFA_CODE", ("cbFA_CodeFamille", "FA_Type"), True),
        ("IFA_EMPL1", ("CL_No1", "cbFA_CodeFamille"), False),
        ("IFA_EMPL2", ("CL_No2", "cbFA_CodeFamille"), False),
        ("IFA_EMPL3", ("CL_No3", "cbFA_CodeFamille"), False),
        ("IFA_EMPL4", ("CL_No4", "cbFA_CodeFamille"), False),
        ("IFA_INTITULE", ("cbFA_Intitule", "cbFA_CodeFamille", "FA_Type"), False),
        ("IFA_TYPE", ("FA_Type", "cbFA_CodeFamille"), False),
    ),
)


F_ARTICLE = sage_table(
    "F_ARTICLE",
    """
    AR_Ref varchar(19) !
    cbAR_Ref varbinary(20) = AR_Ref
    AR_Design varchar(69)
    cbAR_Design varbinary(70) = isnull(AR_Design)
    FA_CodeFamille varchar(11) !
    cbFA_CodeFamille varbinary(12) = FA_CodeFamille
    AR_Substitut varchar(19)
    cbAR_Substitut varbinary(20) = isnull(AR_Substitut)
    AR_Raccourci varchar(7)
    cbAR_Raccourci varbinary(8) = isnull(AR_Raccourci)
    AR_Garantie smallint
    AR_UnitePoids smallint
    AR_PoidsNet numeric
    AR_PoidsBrut numeric
    AR_UniteVen smallint
    AR_PrixAch numeric
    AR_Coef numeric
    AR_PrixVen numeric
    AR_PrixTTC smallint
    AR_Gamme1..2 smallint
    AR_SuiviStock smallint
    AR_Nomencl smallint
    AR_Stat01..05 varchar(21)
    AR_Escompte smallint
    AR_Delai smallint
    AR_HorsStat smallint
    AR_VteDebit smallint
    AR_NotImp smallint
    AR_Sommeil smallint
    AR_Langue1..2 varchar(69)
    AR_EdiCode varchar(45)
    AR_CodeBarre varchar(19)
    cbAR_CodeBarre varbinary(20) = isnull(AR_CodeBarre)
    AR_CodeFiscal varchar(25)
    AR_Pays varchar(35)
    AR_Frais01FR_Denomination varchar(21)
    AR_Frais01FR_Rem01REM_Valeur numeric
    AR_Frais01FR_Rem01REM_Type smallint
    AR_Frais01FR_Rem02REM_Valeur numeric
    AR_Frais01FR_Rem02REM_Type smallint
    AR_Frais01FR_Rem03REM_Valeur numeric
    AR_Frais01FR_Rem03REM_Type smallint
    AR_Frais02FR_Denomination varchar(21)
    AR_Frais02FR_Rem01REM_Valeur numeric
    AR_Frais02FR_Rem01REM_Type smallint
    AR_Frais02FR_Rem02REM_Valeur numeric
    AR_Frais02FR_Rem02REM_Type smallint
    AR_Frais02FR_Rem03REM_Valeur numeric
    AR_Frais02FR_Rem03REM_Type smallint
    AR_Frais03FR_Denomination varchar(21)
    AR_Frais03FR_Rem01REM_Valeur numeric
    AR_Frais03FR_Rem01REM_Type smallint
    AR_Frais03FR_Rem02REM_Valeur numeric
    AR_Frais03FR_Rem02REM_Type smallint
    AR_Frais03FR_Rem03REM_Valeur numeric
    AR_Frais03FR_Rem03REM_Type smallint
    AR_Condition smallint
    AR_PUNet numeric
    AR_Contremarque smallint
    AR_FactPoids smallint
    AR_FactForfait smallint
    AR_DateCreation datetime
    AR_SaisieVar smallint
    AR_Transfere smallint
    AR_Publie smallint
    AR_DateModif datetime
    AR_Photo varchar(259)
    AR_PrixAchNouv numeric
    AR_CoefNouv numeric
    AR_PrixVenNouv numeric
    AR_DateApplication datetime
    AR_CoutStd numeric
    AR_QteComp numeric
    AR_QteOperatoire numeric
    CO_No int
    cbCO_No int
    AR_Prevision smallint
    CL_No1 int
    cbCL_No1 int
    CL_No2 int
    cbCL_No2 int
    CL_No3 int
    cbCL_No3 int
    CL_No4 int
    cbCL_No4 int
    AR_Type smallint
    RP_CodeDefaut varchar(11)
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    cbAR_EdiCode varbinary(46) = isnull(AR_EdiCode)
    AR_Nature smallint
    AR_DelaiFabrication smallint
    AR_NbColis smallint
    AR_DelaiPeremption smallint
    AR_DelaiSecurite smallint
    AR_Fictif smallint
    AR_SousTraitance smallint
    AR_TypeLancement smallint
    AR_Cycle smallint
    AR_Criticite smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    [UPN (code catalogue)] varchar(20) libre
    """,
    indexes=(
        ("FKIA_F_ARTICLE_AR_Ref", ("AR_Substitut",), False),
        ("FKIA_F_ARTICLE_CL_No1", ("cbCL_No1",), False),
        ("FKIA_F_ARTICLE_CL_No2", ("cbCL_No2",), False),
        ("FKIA_F_ARTICLE_CL_No3", ("cbCL_No3",), False),
        ("FKIA_F_ARTICLE_CL_No4", ("cbCL_No4",), False),
        ("FKIA_F_ARTICLE_RP_Code", ("RP_CodeDefaut",), False),
        ("IAR_CBARRE", ("cbAR_CodeBarre",), False),
        ("IAR_DESIGN", ("cbAR_Design", "cbAR_Ref"), False),
        ("IAR_DESIGNNOMENCL", ("AR_Nomencl", "cbAR_Design", "cbAR_Ref"), False),
        ("IAR_DESIGNSOM", ("AR_Sommeil", "cbAR_Design", "cbAR_Ref"), False),
        ("IAR_EDICODE", ("cbAR_EdiCode",), False),
        ("IAR_EMPL1", ("CL_No1", "cbAR_Ref"), False),
        ("IAR_EMPL2", ("CL_No2", "cbAR_Ref"), False),
        ("IAR_EMPL3", ("CL_No3", "cbAR_Ref"), False),
        ("IAR_EMPL4", ("CL_No4", "cbAR_Ref"), False),
        ("IAR_FAMILLE", ("cbFA_CodeFamille", "cbAR_Ref"), False),
        ("IAR_FAMILLESOM", ("AR_Sommeil", "cbFA_CodeFamille", "cbAR_Ref"), False),
        ("IAR_RACC", ("cbAR_Raccourci",), False),
        ("IAR_REF", ("cbAR_Ref",), True),
        ("IAR_REFNOMENCL", ("AR_Nomencl", "cbAR_Ref"), False),
        ("IAR_REFSOM", ("AR_Sommeil", "cbAR_Ref"), False),
        ("IAR_SOMEMPL1", ("AR_Sommeil", "CL_No1", "cbAR_Ref"), False),
        ("IAR_SOMEMPL2", ("AR_Sommeil", "CL_No2", "cbAR_Ref"), False),
        ("IAR_SOMEMPL3", ("AR_Sommeil", "CL_No3", "cbAR_Ref"), False),
        ("IAR_SOMEMPL4", ("AR_Sommeil", "CL_No4", "cbAR_Ref"), False),
        ("IAR_SUBSTITUT", ("cbAR_Substitut",), False),
        ("IAR_TYPEREF", ("AR_Type", "cbAR_Ref"), False),
        ("UKA_F_ARTICLE_AR_Ref", ("AR_Ref",), True),
    ),
)


P_CATTARIF = sage_table(
    "P_CATTARIF",
    """
    CT_Intitule varchar(35)
    CT_PrixTTC smallint
    cbIndice smallint
    cbMarq int identity
    """,
)


F_ARTCLIENT = sage_table(
    "F_ARTCLIENT",
    """
    AR_Ref varchar(19) !
    cbAR_Ref varbinary(20) = AR_Ref
    AC_Categorie smallint
    AC_PrixVen numeric
    AC_Coef numeric
    AC_PrixTTC smallint
    AC_Arrondi smallint
    AC_QteMont smallint
    EG_Champ smallint
    AC_PrixDev numeric
    AC_Devise smallint
    CT_Num varchar(17)
    cbCT_Num varbinary(18) = isnull(CT_Num)
    AC_Remise numeric
    AC_Calcul smallint
    AC_TypeRem smallint
    AC_RefClient varchar(19)
    cbAC_RefClient varbinary(20) = isnull(AC_RefClient)
    AC_CoefNouv numeric
    AC_PrixVenNouv numeric
    AC_PrixDevNouv numeric
    AC_RemiseNouv numeric
    AC_DateApplication datetime
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("FKIA_F_ARTCLIENT_AR_Ref", ("AR_Ref",), False),
        ("IAC_CLI", ("cbAR_Ref", "cbCT_Num"), False),
        ("IAC_CLIREF", ("cbCT_Num", "cbAR_Ref"), False),
        ("IAC_REF", ("cbAR_Ref", "AC_Categorie"), False),
        ("IAC_REFCL", ("cbAC_RefClient", "cbAR_Ref"), False),
        ("IAC_TIERSREF", ("cbCT_Num", "cbAC_RefClient"), False),
    ),
)


F_FAMCLIENT = sage_table(
    "F_FAMCLIENT",
    """
    FA_CodeFamille varchar(11) !
    cbFA_CodeFamille varbinary(12) = FA_CodeFamille
    CT_Num varchar(17) !
    cbCT_Num varbinary(18) = CT_Num
    FC_Remise numeric
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("IFC_CLIFAM", ("cbCT_Num", "cbFA_CodeFamille"), False),
        ("IFC_FAMCLI", ("cbFA_CodeFamille", "cbCT_Num"), True),
    ),
)


F_DEPOT = sage_table(
    "F_DEPOT",
    """
    DE_No int !
    DE_Intitule varchar(35) !
    cbDE_Intitule varbinary(36) = DE_Intitule
    DE_Adresse varchar(35)
    DE_Complement varchar(35)
    DE_CodePostal varchar(9)
    DE_Ville varchar(35)
    DE_Contact varchar(35)
    DE_Principal smallint
    DE_CatCompta smallint
    DE_Region varchar(25)
    DE_Pays varchar(35)
    DE_EMail varchar(69)
    DE_Code varchar(9)
    cbDE_Code varbinary(10) = isnull(DE_Code)
    DE_Telephone varchar(21)
    DE_Telecopie varchar(21)
    DE_Replication int
    DP_NoDefaut int
    cbDP_NoDefaut int
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    DE_Exclure smallint
    DE_Souche01..03 smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("FKIA_F_DEPOT_DP_NoDefaut", ("cbDP_NoDefaut",), False),
        ("IDE_CODE", ("cbDE_Code",), False),
        ("IDE_EXCLURE", ("DE_Exclure", "cbDE_Intitule"), False),
        ("IDE_INTITULE", ("cbDE_Intitule",), True),
        ("IDE_NO", ("DE_No",), True),
        ("IDE_PRINCIPAL", ("DE_Principal",), False),
    ),
)


F_ARTSTOCK = sage_table(
    "F_ARTSTOCK",
    """
    AR_Ref varchar(19) !
    cbAR_Ref varbinary(20) = AR_Ref
    DE_No int !
    AS_QteMini numeric
    AS_QteMaxi numeric
    AS_MontSto numeric
    AS_QteSto numeric
    AS_QteRes numeric
    AS_QteCom numeric
    AS_Principal smallint
    AS_QteResCM numeric
    AS_QteComCM numeric
    AS_QtePrepa numeric
    DP_NoPrincipal int
    cbDP_NoPrincipal int
    DP_NoControle int
    cbDP_NoControle int
    AS_QteAControler numeric
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    AS_Mouvemente smallint
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("FKIA_F_ARTSTOCK_AR_Ref", ("AR_Ref",), False),
        ("FKIA_F_ARTSTOCK_DE_No", ("DE_No",), False),
        ("FKIA_F_ARTSTOCK_DP_NoControle", ("cbDP_NoControle",), False),
        ("FKIA_F_ARTSTOCK_DP_NoPrincipal", ("cbDP_NoPrincipal",), False),
        ("IAS_EMPLACEMENTCONT", ("DP_NoControle",), False),
        ("IAS_EMPLACEMENTPRINC", ("DP_NoPrincipal",), False),
        ("IAS_NO", ("DE_No",), False),
        ("IAS_PRINCIPAL", ("cbAR_Ref", "AS_Principal"), False),
        ("IAS_REF", ("cbAR_Ref", "DE_No"), True),
    ),
)
