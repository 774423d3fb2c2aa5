"""Tiers, contacts, sales reps and Sage logins (reference §5.1–5.3).

Columns are a real Sage 100 database's, in its order (``docs/emulator.md`` says whence),
with Sage's computed ``cb*`` key columns; ``@C`` marks the columns only schema
generation C has, ``libre`` a few « informations libres » a company may add.
``F_PROTECTIONCIAL`` holds Sage's commercial-management logins: ``PROT_Hash`` is a
``binary(32)`` digest, NULL for a user without password; there is no clear-text column.
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = [
    "F_COLLABORATEUR",
    "F_COMPTET",
    "F_CONTACTT",
    "F_PROTECTIONCIAL",
]

F_COMPTET = sage_table(
    "F_COMPTET",
    """
    CT_Num varchar(17) !
    cbCT_Num varbinary(18) = CT_Num
    CT_Intitule varchar(35)
    CT_Type smallint
    CG_NumPrinc varchar(13)
    CT_Qualite varchar(17)
    CT_Classement varchar(17)
    cbCT_Classement varbinary(18) = isnull(CT_Classement)
    CT_Contact varchar(35)
    CT_Adresse varchar(35)
    CT_Complement varchar(35)
    CT_CodePostal varchar(9)
    cbCT_CodePostal varbinary(10) = isnull(CT_CodePostal)
    CT_Ville varchar(35)
    CT_CodeRegion varchar(25)
    CT_Pays varchar(35)
    CT_Raccourci varchar(7)
    cbCT_Raccourci varbinary(8) = isnull(CT_Raccourci)
    BT_Num smallint
    N_Devise smallint
    CT_Ape varchar(7)
    CT_Identifiant varchar(25)
    CT_Siret varchar(15)
    CT_Statistique01..10 varchar(21)
    CT_Commentaire varchar(35)
    CT_Encours numeric
    CT_Assurance numeric
    CT_NumPayeur varchar(17)
    cbCT_NumPayeur varbinary(18) = isnull(CT_NumPayeur)
    N_Risque smallint
    CO_No int
    cbCO_No int
    N_CatTarif smallint
    CT_Taux01..04 numeric
    N_CatCompta smallint
    N_Period smallint
    CT_Facture smallint
    CT_BLFact smallint
    CT_Langue smallint
    N_Expedition smallint
    N_Condition smallint
    CT_DateCreate datetime
    CT_Saut smallint
    CT_Lettrage smallint
    CT_ValidEch smallint
    CT_Sommeil smallint
    DE_No int
    cbDE_No int
    CT_ControlEnc smallint
    CT_NotRappel smallint
    N_Analytique smallint
    cbN_Analytique smallint
    CA_Num varchar(13)
    cbCA_Num varbinary(14) = isnull(CA_Num)
    CT_Telephone varchar(21)
    CT_Telecopie varchar(21)
    CT_EMail varchar(69)
    CT_Site varchar(69)
    CT_Coface varchar(25)
    CT_Surveillance smallint
    CT_SvDateCreate datetime
    CT_SvFormeJuri varchar(33)
    CT_SvEffectif varchar(11)
    CT_SvCA numeric
    CT_SvResultat numeric
    CT_SvIncident smallint
    CT_SvDateIncid datetime
    CT_SvPrivil smallint
    CT_SvRegul varchar(3)
    CT_SvCotation varchar(5)
    CT_SvDateMaj datetime
    CT_SvObjetMaj varchar(61)
    CT_SvDateBilan datetime
    CT_SvNbMoisBilan smallint
    N_AnalytiqueIFRS smallint
    cbN_AnalytiqueIFRS smallint
    CA_NumIFRS varchar(13)
    CT_PrioriteLivr smallint
    CT_LivrPartielle smallint
    MR_No int
    cbMR_No int
    CT_NotPenal smallint
    EB_No int
    cbEB_No int
    CT_NumCentrale varchar(17)
    cbCT_NumCentrale varbinary(18) = isnull(CT_NumCentrale)
    CT_DateFermeDebut datetime
    CT_DateFermeFin datetime
    CT_FactureElec smallint
    CT_TypeNIF smallint
    CT_RepresentInt varchar(35)
    CT_RepresentNIF varchar(25)
    CT_EdiCodeType smallint
    CT_EdiCode varchar(23)
    CT_EdiCodeSage varchar(9)
    CT_ProfilSoc smallint
    CT_StatutContrat smallint
    CT_DateMAJ datetime
    CT_EchangeRappro smallint
    CT_EchangeCR smallint
    PI_NoEchange int
    cbPI_NoEchange int
    CT_BonAPayer smallint
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    CT_DelaiTransport smallint
    CT_DelaiAppro smallint
    CT_LangueISO2 varchar(3)
    CT_AnnulationCR smallint
    CT_CessionCreance smallint
    CT_Facebook varchar(35)
    CT_LinkedIn varchar(35)
    CT_ExclureTrait smallint
    CT_GDPR smallint
    CT_Prospect smallint
    cbCG_NumPrinc varbinary(14) = isnull(CG_NumPrinc)
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    [REP TEL] varchar(21) libre
    CategorieClient varchar(21) libre
    """,
    indexes=(
        ("FKIA_F_COMPTET_CA_Num", ("N_Analytique", "CA_Num"), False),
        ("FKIA_F_COMPTET_CA_NumIFRS", ("N_AnalytiqueIFRS", "CA_NumIFRS"), False),
        ("FKIA_F_COMPTET_CG_Num", ("CG_NumPrinc",), False),
        ("FKIA_F_COMPTET_CO_No", ("cbCO_No",), False),
        ("FKIA_F_COMPTET_EB_No", ("cbEB_No",), False),
        ("FKIA_F_COMPTET_MR_No", ("cbMR_No",), False),
        ("FKIA_F_COMPTET_PI_NoEchange", ("cbPI_NoEchange",), False),
        ("ICT_CANUM", ("N_Analytique", "cbCA_Num", "cbCT_Num"), False),
        ("ICT_CANUMTYPE", ("N_Analytique", "cbCA_Num", "CT_Type", "cbCT_Num"), False),
        ("ICT_CGNUMPRINC", ("cbCG_NumPrinc",), False),
        ("ICT_CLASS", ("cbCT_Classement", "cbCT_Num"), False),
        ("ICT_CODEPOSTAL", ("cbCT_CodePostal", "cbCT_Num"), False),
        ("ICT_CONO", ("CO_No",), False),
        ("ICT_DENO", ("DE_No",), False),
        ("ICT_NUM", ("cbCT_Num",), True),
        ("ICT_NUMCENTRALE", ("cbCT_NumCentrale",), False),
        ("ICT_NUMPAYEUR", ("cbCT_NumPayeur",), False),
        ("ICT_PINOECHANGE", ("PI_NoEchange",), False),
        ("ICT_RACC", ("cbCT_Raccourci",), False),
        ("ICT_SOMCLASS", ("CT_Sommeil", "cbCT_Classement", "cbCT_Num"), False),
        ("ICT_SOMCODEP", ("CT_Sommeil", "cbCT_CodePostal", "cbCT_Num"), False),
        ("ICT_SOMNUM", ("CT_Sommeil", "cbCT_Num"), False),
        ("ICT_SOMTYPE", ("CT_Sommeil", "CT_Type", "cbCT_Num"), False),
        ("ICT_SOMTYPECLASS", ("CT_Sommeil", "CT_Type", "cbCT_Classement", "cbCT_Num"), False),
        ("ICT_SOMTYPECODEP", ("CT_Sommeil", "CT_Type", "cbCT_CodePostal", "cbCT_Num"), False),
        ("ICT_TYPE", ("CT_Type", "cbCT_Num"), False),
        ("ICT_TYPECLASS", ("CT_Type", "cbCT_Classement", "cbCT_Num"), False),
        ("ICT_TYPECODEP", ("CT_Type", "cbCT_CodePostal", "cbCT_Num"), False),
        ("UKA_F_COMPTET_CT_Num", ("CT_Num",), True),
    ),
)


F_CONTACTT = sage_table(
    "F_CONTACTT",
    """
    CT_Num varchar(17) !
    cbCT_Num varbinary(18) = CT_Num
    CT_Nom varchar(35)
    cbCT_Nom varbinary(36) = isnull(CT_Nom)
    CT_Prenom varchar(35)
    cbCT_Prenom varbinary(36) = isnull(CT_Prenom)
    N_Service smallint
    CT_Fonction varchar(35)
    CT_Telephone varchar(21)
    CT_TelPortable varchar(21)
    CT_Telecopie varchar(21)
    CT_EMail varchar(69)
    CT_Civilite smallint
    N_Contact smallint
    CT_No int !
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    CT_Facebook varchar(35)
    CT_LinkedIn varchar(35)
    CT_Skype varchar(35)
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("FKIA_F_CONTACTT_CT_Num", ("CT_Num",), False),
        ("ICT_NO", ("CT_No",), True),
        ("ICT_NOM", ("cbCT_Num", "cbCT_Nom", "cbCT_Prenom"), True),
    ),
)


F_COLLABORATEUR = sage_table(
    "F_COLLABORATEUR",
    """
    CO_No int !
    CO_Nom varchar(35)
    cbCO_Nom varbinary(36) = isnull(CO_Nom)
    CO_Prenom varchar(35)
    cbCO_Prenom varbinary(36) = isnull(CO_Prenom)
    CO_Fonction varchar(35)
    cbCO_Fonction varbinary(36) = isnull(CO_Fonction)
    CO_Adresse varchar(35)
    CO_Complement varchar(35)
    CO_CodePostal varchar(9)
    CO_Ville varchar(35)
    CO_CodeRegion varchar(25)
    CO_Pays varchar(35)
    CO_Service varchar(35)
    CO_Vendeur smallint
    CO_Caissier smallint
    CO_DateCreation datetime
    CO_Acheteur smallint
    CO_Telephone varchar(21)
    CO_Telecopie varchar(21)
    CO_EMail varchar(69)
    CO_Receptionnaire smallint
    PROT_No int
    cbPROT_No int
    CO_TelPortable varchar(21)
    CO_ChargeRecouvr smallint
    CO_Matricule varchar(11)
    cbCO_Matricule varbinary(12) = isnull(CO_Matricule)
    CO_Financier smallint
    CO_Transmission smallint
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    CO_Facebook varchar(35)
    CO_LinkedIn varchar(35)
    CO_Skype varchar(35)
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    CO_Sommeil smallint @C
    """,
    indexes=(
        ("FKIA_F_COLLABORATEUR_PROT_No", ("cbPROT_No",), False),
        ("ICO_ACHETEUR", ("CO_Acheteur", "cbCO_Nom", "cbCO_Prenom"), False),
        ("ICO_CAISSIER", ("CO_Caissier", "cbCO_Nom", "cbCO_Prenom"), False),
        ("ICO_CHARGERECOUVR", ("CO_ChargeRecouvr", "cbCO_Nom", "cbCO_Prenom"), False),
        ("ICO_CONO", ("CO_No",), True),
        ("ICO_FINANCIER", ("CO_Financier", "cbCO_Nom", "cbCO_Prenom"), False),
        ("ICO_FONCTION", ("cbCO_Fonction", "cbCO_Nom", "cbCO_Prenom"), False),
        ("ICO_MATRICULE", ("cbCO_Matricule",), False),
        ("ICO_NOM", ("cbCO_Nom", "cbCO_Prenom"), True),
        ("ICO_RECEPTIONNAIRE", ("CO_Receptionnaire", "cbCO_Nom", "cbCO_Prenom"), False),
        ("ICO_UTILISATEUR", ("PROT_No",), False),
        ("ICO_VENDEUR", ("CO_Vendeur", "cbCO_Nom", "cbCO_Prenom"), False),
    ),
)


F_PROTECTIONCIAL = sage_table(
    "F_PROTECTIONCIAL",
    """
    PROT_User varchar(35) !
    cbCIPROT_User varbinary(36) = upper(PROT_User)
    PROT_Description varchar(35)
    PROT_Right smallint
    PROT_No int !
    PROT_EMail varchar(69)
    PROT_UserProfil int
    cbPROT_UserProfil int
    PROT_Administrator smallint
    PROT_DatePwd datetime
    PROT_DateCreate datetime
    PROT_LastLoginDate datetime
    PROT_LastLoginTime char(9)
    PROT_PwdStatus smallint
    PROT_Disabled smallint
    PROT_ApplicationRight int
    cbProt smallint
    cbMarq int identity
    cbCreateur char(4)
    cbModification smalldatetime
    cbReplication int
    cbFlag smallint
    PROT_AllowExternalAccess smallint
    PROT_Guid uniqueidentifier
    PROT_Hash binary(32)
    cbCreation datetime @C
    cbCreationUser uniqueidentifier @C
    """,
    indexes=(
        ("FKIA_F_PROTECTIONCIAL_PROT_UserProfil", ("cbPROT_UserProfil",), False),
        ("IPROTCIAL_NO", ("PROT_No",), True),
        ("IPROTCIAL_PROFIL", ("PROT_UserProfil",), False),
        ("IPROTCIAL_USER", ("cbCIPROT_User",), True),
    ),
)
