"""Company identity and Sage's version table (reference §1, §4).

``P_DOSSIER`` holds one row: the company's name (``D_RaisonSoc``), address and fiscal
years. ``cbSysTable`` has one row per base type (``CPTA``, ``CIAL``) with Sage's version
numbers. Columns are a real Sage 100 database's, in its order (``docs/emulator.md``).
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = [
    "P_DOSSIER",
    "cbSysTable",
]

P_DOSSIER = sage_table(
    "P_DOSSIER",
    """
    D_RaisonSoc varchar(35)
    D_Profession varchar(35)
    D_Adresse varchar(35)
    D_Complement varchar(35)
    D_CodePostal varchar(9)
    D_Ville varchar(35)
    D_CodeRegion varchar(25)
    D_Pays varchar(35)
    D_Commentaire varchar(69)
    D_Siret varchar(15)
    D_Ape varchar(7)
    D_Identifiant varchar(25)
    D_DebutExo01..05 datetime
    D_FinExo01..05 datetime
    D_LgCg smallint
    D_LgAn smallint
    D_FormatQtes varchar(31)
    D_CodeTrait smallint
    D_ConfSupp smallint
    D_AnalyseGL01..03 smallint
    D_Delai smallint
    D_OuvCompte smallint
    D_Budget smallint
    D_SuppEc smallint
    D_RegTaxe smallint
    D_Ventil smallint
    D_Edi smallint
    D_Archivage01..05 smallint
    D_RBSupp smallint
    D_MajImport smallint
    D_SaisCab smallint
    D_TypeValid smallint
    D_ImpressZero smallint
    N_DeviseCompte smallint
    N_DeviseEquival smallint
    D_ANSais smallint
    JO_NumAN varchar(7)
    CG_NumANOuv varchar(13)
    CG_NumANBenef varchar(13)
    CG_NumANPerte varchar(13)
    D_TVAEncReg smallint
    D_TVAEncAffect smallint
    D_DeviseEq smallint
    D_AnAffect smallint
    D_ReglPiece smallint
    D_ExtNeg smallint
    D_RapproDevise smallint
    D_ImportEqJo smallint
    D_ImportEqAn smallint
    CG_NumImportDebit varchar(13)
    CG_NumImportCredit varchar(13)
    N_Analytique smallint
    D_NumDoss varchar(9)
    D_EMail varchar(69)
    D_EMailExpert varchar(69)
    D_Expert varchar(35)
    D_Telephone varchar(21)
    D_Telecopie varchar(21)
    D_EMailSoc varchar(69)
    D_Site varchar(69)
    D_AppelTiers smallint
    D_AppelSection smallint
    D_ProtPiece smallint
    D_NumCont smallint
    D_DateClot datetime
    D_CompteGTotal smallint
    D_RapproRecherche smallint
    D_RapproEcart numeric
    CG_NumRappro varchar(13)
    D_RapproContrepartie smallint
    D_ComSens smallint
    D_ComType smallint
    D_ComMoyen smallint
    D_ComSoft smallint
    D_ComCodeExpert varchar(9)
    D_ComDateSynchro datetime
    D_ComGUID uniqueidentifier
    D_RapproTypeEcart smallint
    D_RapproReport smallint
    JO_NumRapproEscCl varchar(7)
    PI_NoRapproEscCl int
    JO_NumRapproEscFr varchar(7)
    PI_NoRapproEscFr int
    D_GestionIFRS smallint
    D_SaisieIFRS smallint
    N_AnalytiqueIFRS smallint
    JA_NumAN varchar(7)
    JO_NumANIFRS varchar(7)
    JA_NumANIFRS varchar(7)
    D_RappelSoldeMin numeric
    D_ImportVentil smallint
    D_PenalTaux numeric
    D_PenalImputation smallint
    JO_NumPenal varchar(7)
    PI_NoPenal int
    JO_NumImpayes varchar(7)
    PI_NoImpayes int
    D_ImpressFactRef smallint
    D_SeuilTVA numeric
    D_NotSaisieSommeil smallint
    D_ArchivePeriod datetime
    D_ECNoCloture01..05 int
    D_CloturePeriod datetime
    D_MaterialPiece smallint
    D_BudgetAn smallint
    D_Capital numeric
    D_FormeJuridique varchar(35)
    cbMarq int identity
    D_ForfaitImpayes numeric
    D_CodeOctave varchar(21)
    D_FinexKap smallint
    JO_NumFinexKap varchar(7)
    PI_NoFinexKap int
    D_Facebook varchar(35)
    D_LinkedIn varchar(35)
    D_UpdateDevise smallint
    D_UpdateDeviseSaisie smallint
    """,
)


cbSysTable = sage_table(
    "cbSysTable",
    """
    CB_CBaseVersion int !
    CB_DescVersion int
    CB_Creator char(4)
    CB_Type char(4) !
    CB_Mono int
    CB_Version int
    CB_TrigVersion int
    CB_Replication int
    CB_LocalGUID uniqueidentifier
    """,
    indexes=(("UK_CBSYSTABLE", ("CB_LocalGUID",), True),),
)
