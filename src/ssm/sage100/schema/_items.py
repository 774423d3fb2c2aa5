"""Items, families, tariff categories, customer prices, depots and stock (reference §5.4).

``F_ARTCLIENT`` holds both category prices (``CT_Num`` empty, ``AC_Categorie`` =
``P_CATTARIF.cbIndice``) and customer prices (``CT_Num`` filled); ``F_FAMCLIENT`` holds a
family discount per customer; ``F_ARTSTOCK`` has one row per item and depot.
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
    FA_Type smallint
    FA_Intitule varchar(35)
    FA_UniteVen smallint
    FA_Coef numeric
    FA_SuiviStock smallint
    FA_Central varchar(11)
    FA_Stat01..05 varchar(21)
    FA_CodeFiscal varchar(25)
    FA_Pays varchar(35)
    FA_RacineRef varchar(19)
    FA_RacineCB varchar(19)
    """,
    indexes=(("IFA_CODEF", ("FA_CodeFamille",), True),),
)

F_ARTICLE = sage_table(
    "F_ARTICLE",
    """
    AR_Ref varchar(19) !
    AR_Design varchar(69)
    FA_CodeFamille varchar(11)
    AR_PrixVen numeric
    AR_PrixTTC smallint
    AR_PrixAch numeric
    AR_Coef numeric
    AR_PUNet numeric
    AR_CoutStd numeric
    AR_UniteVen smallint
    AR_UnitePoids smallint
    AR_PoidsNet numeric
    AR_PoidsBrut numeric
    AR_SuiviStock smallint
    AR_Nomencl smallint
    AR_Gamme1 smallint
    AR_Gamme2 smallint
    AR_Sommeil smallint
    AR_Publie smallint
    AR_CodeBarre varchar(19)
    AR_Substitut varchar(19)
    AR_Raccourci varchar(7)
    AR_Stat01..05 varchar(21)
    AR_Langue1 varchar(69)
    AR_Langue2 varchar(69)
    AR_Pays varchar(35)
    AR_CodeFiscal varchar(25)
    AR_DateCreation datetime
    AR_DateModif datetime
    AR_Photo varchar(259)
    AR_Type smallint
    AR_Nature smallint
    AR_PrixAchNouv numeric
    AR_CoefNouv numeric
    AR_PrixVenNouv numeric
    AR_DateApplication datetime
    CO_No int
    CL_No1..4 int
    """,
    indexes=(("IAR_REF", ("AR_Ref",), True), ("IAR_FAMILLE", ("FA_CodeFamille",), False)),
)

P_CATTARIF = sage_table(
    "P_CATTARIF",
    """
    CT_Intitule varchar(35)
    CT_PrixTTC smallint
    """,
    indexes=(("ICAT_INDICE", ("cbIndice",), True),),
)

F_ARTCLIENT = sage_table(
    "F_ARTCLIENT",
    """
    AR_Ref varchar(19) !
    AC_Categorie smallint
    CT_Num varchar(17)
    AC_PrixVen numeric
    AC_PrixTTC smallint
    AC_Coef numeric
    AC_Remise numeric
    AC_TypeRem smallint
    AC_Calcul smallint
    AC_Arrondi smallint
    AC_QteMont smallint
    AC_PrixDev numeric
    AC_Devise smallint
    AC_RefClient varchar(19)
    EG_Champ smallint
    AC_PrixVenNouv numeric
    AC_CoefNouv numeric
    AC_DateApplication datetime
    """,
    indexes=(
        ("IAC_REFCAT", ("AR_Ref", "AC_Categorie", "CT_Num"), True),
        ("IAC_CTNUM", ("CT_Num",), False),
    ),
)

F_FAMCLIENT = sage_table(
    "F_FAMCLIENT",
    """
    FA_CodeFamille varchar(11) !
    CT_Num varchar(17) !
    FC_Remise numeric
    """,
    indexes=(("IFC_FAMCT", ("FA_CodeFamille", "CT_Num"), True),),
)

F_DEPOT = sage_table(
    "F_DEPOT",
    """
    DE_No int !
    DE_Intitule varchar(35)
    DE_Adresse varchar(35)
    DE_Complement varchar(35)
    DE_CodePostal varchar(9)
    DE_Ville varchar(35)
    DE_Contact varchar(35)
    DE_Principal smallint
    DE_CodeRegion varchar(25)
    DE_Pays varchar(35)
    DE_Telephone varchar(21)
    DE_Telecopie varchar(21)
    DE_EMail varchar(69)
    """,
    indexes=(("IDE_NO", ("DE_No",), True),),
)

F_ARTSTOCK = sage_table(
    "F_ARTSTOCK",
    """
    AR_Ref varchar(19) !
    DE_No int !
    AS_QteSto numeric
    AS_QteRes numeric
    AS_QteCom numeric
    AS_QtePrepa numeric
    AS_QteMini numeric
    AS_QteMaxi numeric
    AS_MontSto numeric
    AS_Principal smallint
    AS_QteResCM numeric
    AS_QteComCM numeric
    AS_QteAControler numeric
    AS_Mouvemente smallint
    """,
    indexes=(("IAS_REFDE", ("AR_Ref", "DE_No"), True),),
)
