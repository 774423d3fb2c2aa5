"""Tariff tables the pricing engine reads: breaks, family tariffs, rounding (reference §5.4).

``F_TARIFQTE`` holds an item's quantity or amount breaks and ``F_FAMTARIFQTE`` a family's,
each for one customer (``CT_Num``) or one tariff category (``"a"`` + two digits,
``a01``…); ``F_FAMTARIF`` is the family × category tariff; ``P_ARRONDI`` the rounding
rules. Columns and indexes are the scaffold's of a real Sage 100 (``docs/emulator.md``),
in its order, with Sage's computed ``cb*`` key columns.
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = ["F_FAMTARIF", "F_FAMTARIFQTE", "F_TARIFQTE", "P_ARRONDI"]

_TECHNICAL = """
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
"""
_CREATION = """
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
"""

F_TARIFQTE = sage_table(
    "F_TARIFQTE",
    """
    AR_Ref varchar(19) !
    cbAR_Ref varbinary(20) = AR_Ref
    TQ_RefCF varchar(17)
    cbTQ_RefCF varbinary(18) = isnull(TQ_RefCF)
    TQ_BorneSup numeric
    TQ_Remise01REM_Valeur numeric
    TQ_Remise01REM_Type smallint
    TQ_Remise02REM_Valeur numeric
    TQ_Remise02REM_Type smallint
    TQ_Remise03REM_Valeur numeric
    TQ_Remise03REM_Type smallint
    TQ_PrixNet numeric
    """
    + _TECHNICAL
    + _CREATION,
    indexes=(
        ("FKIA_F_TARIFQTE_AR_Ref", ("AR_Ref",), False),
        ("ITQ_CLFO", ("cbAR_Ref", "cbTQ_RefCF", "TQ_BorneSup"), False),
    ),
)


F_FAMTARIF = sage_table(
    "F_FAMTARIF",
    """
    FA_CodeFamille varchar(11) !
    cbFA_CodeFamille varbinary(12) = FA_CodeFamille
    FT_Categorie smallint
    FT_Coef numeric
    FT_PrixTTC smallint
    FT_Arrondi smallint
    FT_QteMont smallint
    EG_Champ smallint
    FT_Devise smallint
    FT_Remise numeric
    FT_Calcul smallint
    FT_TypeRem smallint
    """
    + _TECHNICAL
    + _CREATION,
    indexes=(("IFT_REF", ("cbFA_CodeFamille", "FT_Categorie"), True),),
)


F_FAMTARIFQTE = sage_table(
    "F_FAMTARIFQTE",
    """
    FA_CodeFamille varchar(11) !
    cbFA_CodeFamille varbinary(12) = FA_CodeFamille
    FQ_RefCF varchar(17)
    cbFQ_RefCF varbinary(18) = isnull(FQ_RefCF)
    FQ_BorneSup numeric
    FQ_Remise01REM_Valeur numeric
    FQ_Remise01REM_Type smallint
    FQ_Remise02REM_Valeur numeric
    FQ_Remise02REM_Type smallint
    FQ_Remise03REM_Valeur numeric
    FQ_Remise03REM_Type smallint
    """
    + _TECHNICAL
    + _CREATION,
    indexes=(("IFQ_CLFO", ("cbFA_CodeFamille", "cbFQ_RefCF", "FQ_BorneSup"), False),),
)


P_ARRONDI = sage_table(
    "P_ARRONDI",
    """
    AR_Valeur numeric
    AR_Type smallint
    cbIndice smallint
    cbMarq int identity
    """,
)
