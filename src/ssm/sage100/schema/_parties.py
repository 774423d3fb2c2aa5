"""Company identity, tiers, contacts, sales reps and Sage logins (reference §1, §5.1–5.3).

Columns are a realistic subset of each table: every column a CRM connector reads, the
options integrators commonly touch, and the technical ``cb*`` columns. Types and lengths
are the reference's. ``F_PROTECTIONCIAL`` (Sage's gescom users) is not in the reference's
tables; its columns are the ones integrators quote (``PROT_User``, ``PROT_Pwd``…), and the
emulator keeps ``PROT_Pwd`` as an argon2 hash, never in clear.
"""

from __future__ import annotations

from ssm.sage100.schema._declare import sage_table

__all__ = [
    "F_COLLABORATEUR",
    "F_COMPTET",
    "F_CONTACTT",
    "F_PROTECTIONCIAL",
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
    D_Telephone varchar(21)
    D_Telecopie varchar(21)
    D_EMailSoc varchar(69)
    D_Site varchar(69)
    D_Capital numeric
    D_FormeJuridique varchar(35)
    D_DebutExo01..05 datetime
    D_FinExo01..05 datetime
    D_LgCg smallint
    D_LgAn smallint
    N_DeviseCompte smallint
    N_DeviseEquival smallint
    D_NumDoss varchar(9)
    """,
)

F_COMPTET = sage_table(
    "F_COMPTET",
    """
    CT_Num varchar(17) !
    CT_Intitule varchar(35)
    CT_Type smallint !
    CT_Prospect smallint
    CT_Sommeil smallint
    CG_NumPrinc varchar(13)
    CT_Qualite varchar(17)
    CT_Classement varchar(17)
    CT_Contact varchar(35)
    CT_Adresse varchar(35)
    CT_Complement varchar(35)
    CT_CodePostal varchar(9)
    CT_Ville varchar(35)
    CT_CodeRegion varchar(25)
    CT_Pays varchar(35)
    CT_LangueISO2 varchar(3)
    CT_Telephone varchar(21)
    CT_Telecopie varchar(21)
    CT_EMail varchar(69)
    CT_Site varchar(69)
    CT_Siret varchar(15)
    CT_Ape varchar(7)
    CT_Identifiant varchar(25)
    CT_Raccourci varchar(7)
    CT_Commentaire varchar(35)
    CT_Statistique01..10 varchar(21)
    CO_No int
    N_CatTarif smallint
    N_CatCompta smallint
    N_Devise smallint
    N_Risque smallint
    N_Expedition smallint
    N_Condition smallint
    N_Period smallint
    CT_Encours numeric
    CT_Assurance numeric
    CT_ControlEnc smallint
    CT_NumPayeur varchar(17)
    CT_NumCentrale varchar(17)
    CT_Taux01..04 numeric
    CT_Facture smallint
    CT_BLFact smallint
    CT_Langue smallint
    CT_Lettrage smallint
    DE_No int
    MR_No int
    EB_No int
    CT_DateCreate datetime
    CT_FactureElec smallint
    CT_Facebook varchar(35)
    CT_LinkedIn varchar(35)
    CT_GDPR smallint
    CT_ExclureTrait smallint
    """,
    indexes=(
        ("ICT_NUM", ("CT_Num",), True),
        ("ICT_CONO", ("CO_No",), False),
        ("ICT_TYPE", ("CT_Type", "CT_Num"), False),
    ),
)

F_CONTACTT = sage_table(
    "F_CONTACTT",
    """
    CT_Num varchar(17) !
    CT_No int !
    CT_Nom varchar(35)
    CT_Prenom varchar(35)
    CT_Civilite smallint
    CT_Fonction varchar(35)
    N_Service smallint
    N_Contact smallint
    CT_Telephone varchar(21)
    CT_TelPortable varchar(21)
    CT_Telecopie varchar(21)
    CT_EMail varchar(69)
    CT_Facebook varchar(35)
    CT_LinkedIn varchar(35)
    CT_Skype varchar(35)
    """,
    indexes=(("ICT_NO", ("CT_No",), True), ("ICT_NUMCONTACT", ("CT_Num", "CT_Nom"), False)),
)

F_COLLABORATEUR = sage_table(
    "F_COLLABORATEUR",
    """
    CO_No int !
    CO_Nom varchar(35)
    CO_Prenom varchar(35)
    CO_Fonction varchar(35)
    CO_Service varchar(35)
    CO_Adresse varchar(35)
    CO_Complement varchar(35)
    CO_CodePostal varchar(9)
    CO_Ville varchar(35)
    CO_CodeRegion varchar(25)
    CO_Pays varchar(35)
    CO_Telephone varchar(21)
    CO_TelPortable varchar(21)
    CO_Telecopie varchar(21)
    CO_EMail varchar(69)
    CO_Vendeur smallint
    CO_Acheteur smallint
    CO_Caissier smallint
    CO_Receptionnaire smallint
    CO_ChargeRecouvr smallint
    CO_Financier smallint
    CO_Matricule varchar(11)
    PROT_No int
    CO_DateCreation datetime
    CO_Sommeil smallint
    """,
    indexes=(("ICO_NO", ("CO_No",), True), ("ICO_NOM", ("CO_Nom", "CO_Prenom"), False)),
)

F_PROTECTIONCIAL = sage_table(
    "F_PROTECTIONCIAL",
    """
    PROT_No int !
    PROT_User varchar(35) !
    PROT_Pwd varchar(128)
    PROT_Description varchar(35)
    PROT_Right smallint
    PROT_UserProfil int
    PROT_Administrator smallint
    PROT_EMail varchar(69)
    PROT_Guid uniqueidentifier
    PROT_DateCreate datetime
    PROT_DateMot datetime
    PROT_PwdStatus smallint
    """,
    indexes=(("IPROT_NO", ("PROT_No",), True), ("IPROT_USER", ("PROT_User",), True)),
)

cbSysTable = sage_table(
    "cbSysTable",
    """
    CB_Type char(4) !
    CB_Creator char(4)
    CB_CBaseVersion int
    CB_DescVersion int
    CB_Version int
    CB_TrigVersion int
    CB_Mono smallint
    CB_Replication int
    CB_LocalGUID uniqueidentifier
    """,
    technical=False,
)
