"""The French interface strings of ``ssm.sage100``, in one catalogue.

Every message a user can see (exception messages and ``ssm-sage100`` output) names the
thing at fault and says what to do. Placeholders are filled with ``str.format``; an
English catalogue can follow the same keys. No message ever holds a password.
"""

from __future__ import annotations

import errno
from typing import Final

# --- Generation (``generate_server``, ``ssm-sage100 generate``) -------------------------
SIZE_UNKNOWN: Final = "Taille inconnue « {size} » : choisissez {choices}."
GENERATION_UNKNOWN: Final = "Génération de schéma inconnue « {generation} » : choisissez {choices}."
COMPANY_NAME_INVALID: Final = (
    "Nom de société « {company} » invalide : saisissez de 1 à 35 caractères, "
    "dont au moins une lettre ou un chiffre."
)
ANCHOR_INVALID: Final = (
    "Date « {anchor} » non valide : saisissez AAAA-MM-JJ (ce jour-là à 18 h) ou AAAA-MM-JJTHH:MM."
)
TARGET_NOT_A_FOLDER: Final = (
    "{path} est un fichier, pas un dossier : choisissez un dossier nouveau ou vide."
)
FOLDER_UNREADABLE: Final = (
    "Impossible de lire le dossier {path} ({reason}) : "
    "vérifiez ses droits ou choisissez un autre dossier."
)
FOLDER_UNWRITABLE: Final = (
    "Impossible d'écrire dans le dossier {path} (accès refusé) : "
    "vérifiez ses droits ou choisissez un autre dossier."
)
FOLDER_NOT_EMPTY: Final = (
    "Le dossier {path} n'est pas vide et n'est pas un serveur Sage 100 émulé : "
    "choisissez un dossier nouveau ou vide."
)
COMPANY_EXISTS: Final = (
    "La société {database} existe déjà dans le dossier {path} : "
    "choisissez un autre nom de société ou un nouveau dossier."
)
SERVER_UNWRITABLE: Final = (
    "Impossible d'écrire le serveur dans {path} ({reason}) : vérifiez l'emplacement "
    "et ses droits, ou choisissez un autre dossier. Ce que la génération avait créé a été retiré."
)

# --- Server (``open_server``, ``EmulatedServer``) ---------------------------------------
NOT_A_SERVER: Final = (
    "Le dossier {path} n'est pas un serveur Sage 100 émulé (fichier {file} absent) : "
    "créez-en un avec « ssm-sage100 generate {path} »."
)
SERVER_FOLDER_MISSING: Final = (
    "Le dossier {path} est introuvable : si c'est le serveur Sage 100 configuré, vérifiez que "
    "son disque ou son partage réseau est accessible, puis réessayez ; sinon créez un serveur "
    "émulé avec « ssm-sage100 generate {path} »."
)
SERVER_UNLISTABLE: Final = (
    "Impossible de lister les sociétés du serveur {path} ({reason}) : vérifiez les droits "
    "du dossier."
)
COMPANY_UNKNOWN: Final = (
    "La société Sage « {database} » n'existe pas sur le serveur {path} : "
    "choisissez l'une de ces sociétés : {known}."
)
NO_COMPANY: Final = (
    "Le serveur {path} n'a aucune société : créez-en une avec « ssm-sage100 generate {path} »."
)
COMPANY_LOCKED: Final = (
    "La société Sage « {database} » du serveur {path} est verrouillée par un autre programme "
    "(maintenance, sauvegarde ou accès exclusif) : attendez qu'il la libère, puis réessayez."
)
VERSION_UNREADABLE: Final = (
    "Impossible de lire la version de Sage 100 dans {file} ({detail}) : ce fichier doit "
    "contenir la clé [{key}] avec une valeur « Version »."
)
REGISTRY_NOT_AN_EXPORT: Final = "{path} n'est pas un export du registre Windows"
REGISTRY_VALUE_MISSING: Final = "clé ou valeur absente : {name}"
REGISTRY_BAD_ENCODING: Final = "encodage illisible"
VERSION_INVALID: Final = "numéro de version Sage illisible « {version} »"
USERS_UNREADABLE: Final = (
    "Impossible de lire les utilisateurs Sage de la société {database} ({detail}) : "
    "vérifiez que la base n'est ni verrouillée ni endommagée, puis réessayez."
)
LOGIN_USER_UNKNOWN: Final = (
    "L'utilisateur Sage « {user} » n'existe pas dans la société {database} : saisissez un "
    "utilisateur de Sage 100 (Fichier > Autorisations d'accès)."
)
LOGIN_MISMATCH: Final = (
    "Mot de passe incorrect pour l'utilisateur Sage « {user} » de la société {database} : "
    "saisissez son mot de passe Sage 100, ou laissez le champ vide s'il n'en a pas."
)

# --- SQL Server (``ssm.sage100.sqlserver``) ---------------------------------------------
SQLSERVER_LOCATION_INVALID: Final = (
    "Adresse de serveur SQL illisible « {location} » : saisissez SERVEUR\\INSTANCE, "
    "serveur, serveur,port ou une URL mssql+pymssql://serveur:port sans mot de passe."
)
SQLSERVER_URL_REFUSED: Final = (
    "L'adresse du serveur SQL « {url} » contient un mot de passe : retirez-le de "
    "l'adresse et saisissez-le comme mot de passe de l'identifiant SQL Server."
)
SQLSERVER_DRIVER_MISSING: Final = (
    "Le pilote SQL Server « {driver} » n'est pas installé sur ce poste : installez-le, "
    "ou retirez « +{driver} » de l'adresse pour utiliser pymssql, livré avec le connecteur."
)
SQLSERVER_UNREACHABLE: Final = (
    "Impossible de joindre le serveur SQL Server {server} : vérifiez son nom, qu'il est "
    "démarré, que TCP/IP est activé dans le Gestionnaire de configuration SQL Server et "
    "que le pare-feu laisse passer le port {port}."
)
SQLSERVER_INSTANCE_UNREACHABLE: Final = (
    "Impossible de joindre l'instance SQL Server {instance} sur {host} : vérifiez le nom "
    "de l'instance, que le service « SQL Server Browser » est démarré sur ce serveur et que "
    "le pare-feu laisse passer le port UDP 1434 et le port TCP de l'instance (ou "
    "indiquez ce port : {host},PORT)."
)
SQLSERVER_TIMEOUT: Final = (
    "Le serveur SQL Server {server} n'a pas répondu à temps : vérifiez le réseau et la "
    "charge du serveur, puis réessayez."
)
SQLSERVER_LOGIN_REFUSED: Final = (
    "Le serveur SQL Server {server} a refusé l'identifiant SQL « {user} » : vérifiez "
    "l'identifiant et son mot de passe, et que le serveur accepte l'authentification "
    "SQL Server (mode mixte)."
)
SQLSERVER_WINDOWS_REFUSED: Final = (
    "Le serveur SQL Server {server} a refusé le compte Windows du connecteur ({account}) : "
    "donnez à ce compte une connexion SQL Server et l'accès aux bases Sage (rôle "
    "db_datareader), ou choisissez l'authentification SQL Server."
)
SQLSERVER_HANDSHAKE_FAILED: Final = (
    "Le serveur SQL Server {server} a refusé ou interrompu l'ouverture de session de {who} : "
    "vérifiez l'identifiant et son mot de passe (en sécurité intégrée hors de Windows, le "
    "ticket Kerberos du compte), que ce port est bien celui de SQL Server, et le chiffrement "
    "demandé."
)
SQLSERVER_DATABASE_UNKNOWN: Final = (
    "La base « {database} » n'existe pas sur le serveur SQL Server {server}, ou {who} n'y "
    "a pas accès : choisissez une société de la liste, ou donnez l'accès à cette base "
    "(rôle db_datareader)."
)
SQLSERVER_DATABASE_OFFLINE: Final = (
    "La base « {database} » du serveur SQL Server {server} n'est pas disponible (hors "
    "ligne, en restauration, endommagée ou réservée à un seul utilisateur) : remettez-la "
    "en ligne, puis réessayez."
)
SQLSERVER_FAILED: Final = (
    "Impossible d'interroger le serveur SQL Server {server} ({detail}) : vérifiez que le "
    "serveur est joignable et que l'identifiant a accès aux bases Sage, puis réessayez."
)
#: ``who`` in the sentences above.
SQLSERVER_WHO_SQL: Final = "l'identifiant SQL « {user} »"
SQLSERVER_WHO_WINDOWS: Final = "le compte Windows du connecteur ({account})"
#: The product a SQL Server reports when the Windows registry does not tell.
SQLSERVER_PRODUCT: Final = "Sage 100 (SQL Server)"
SQLSERVER_VERSION_UNKNOWN: Final = "version inconnue"
SQLSERVER_VERSION_CBSYSTABLE: Final = (
    "version inconnue (cbSysTable {kind} : CB_Version {version}, CB_DescVersion {desc})"
)

# --- Schema probing (``company_schema``, the readers) -----------------------------------
COLUMN_MISSING: Final = (
    "La table {table} de cette société Sage 100 n'a pas la colonne {column}, dont le "
    "connecteur a besoin (génération de schéma détectée : {generation}) : mettez Sage 100 "
    "à jour vers une version prise en charge (v9 à v12) ou contactez notre assistance."
)
TABLE_MISSING: Final = (
    "Cette base n'a pas la table Sage {table}, dont le connecteur a besoin (génération de "
    "schéma détectée : {generation}) : vérifiez que la base choisie est bien une société "
    "Sage 100 Gestion commerciale, dans une version prise en charge (v9 à v12)."
)
SCHEMA_UNREADABLE: Final = (
    "Impossible de lire la liste des colonnes de la société ({detail}) : vérifiez les droits "
    "de l'utilisateur sur la base, puis réessayez."
)
#: The generation a company's columns point to (``sage100-schema.md`` §0).
GENERATION_UNKNOWN_LABEL: Final = "inconnue"

# --- Readers (``TableSpec``, ``read_changes``, ``count_rows``) -------------------------
TABLE_UNKNOWN: Final = (
    "Table Sage inconnue « {table} » : choisissez une table déclarée dans ssm.sage100.schema."
)
COLUMNS_UNKNOWN: Final = (
    "La table {table} n'a pas de colonne {columns} : vérifiez les noms dans ssm.sage100.schema."
)
CHUNK_SIZE_INVALID: Final = (
    "Taille de lot {chunk_size} invalide : chunk_size doit valoir au moins 1."
)
TABLE_UNREADABLE: Final = (
    "Impossible de lire la table {table} ({detail}) : vérifiez que la base est accessible "
    "(ni verrouillée ni endommagée) ; si Sage 100 vient d'être mis à jour ou restauré, le "
    "connecteur relira ses colonnes au prochain passage."
)
WATCH_FAILED: Final = (
    "Impossible de surveiller les modifications de la société {database} ({detail}) : "
    "vérifiez que la base n'est ni verrouillée ni endommagée, puis réessayez."
)
WATCHER_CLOSED: Final = "surveillance déjà fermée"
TABLE_UNCOUNTABLE: Final = (
    "Impossible de compter les lignes de la table {table} ({detail}) : vérifiez que la base "
    "n'est ni verrouillée ni endommagée, puis réessayez."
)

# --- ``ssm-sage100`` output --------------------------------------------------------------
CLI_ERROR: Final = "Erreur : {message}"
GENERATE_TITLE: Final = (
    "{company} ({database}) — taille {size}, graine {seed}, schéma {generation}, {triggers}"
)
WITH_TRIGGERS: Final = "avec déclencheurs"
WITHOUT_TRIGGERS: Final = "sans déclencheurs"
GENERATE_TABLE: Final = "Table"
GENERATE_ROWS: Final = "Lignes"
GENERATE_DONE: Final = "Serveur : {location} — généré en {seconds:.1f} s"
VERSION_LINE: Final = "{product} {version} ({support})"
VERSION_SUPPORTED: Final = "prise en charge"
VERSION_UNSUPPORTED: Final = "non prise en charge"
#: Labels of the simulated user's actions, shown by ``ssm-sage100 activity``.
ACTIVITY_KINDS: Final = {
    "new_client": "nouveau client",
    "new_prospect": "nouveau prospect",
    "edit_client": "client modifié",
    "delete_client": "client supprimé",
    "new_contact": "nouveau contact",
    "edit_contact": "contact modifié",
    "delete_contact": "contact supprimé",
    "change_price": "prix modifié",
    "toggle_sleep": "mise en sommeil",
    "move_stock": "mouvement de stock",
    "new_collaborator": "nouveau commercial",
    "new_invoice": "nouvelle facture",
    "edit_line": "ligne modifiée",
    "post_invoice": "comptabilisation",
    "transform_order": "transformation",
    "transform_delivery": "facturation",
    "delete_invoice": "facture supprimée",
    "idle": "aucune action",
}

# --- Reasons given by the file system ------------------------------------------------------
_OS_REASONS: Final = {
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EEXIST: "existe déjà",
    errno.ENOSPC: "disque plein",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "chemin trop long",
}


# --- Writing prospects and contacts (``create_prospect``, ``create_contact``…) ----------
#: How a refusal names a column to a sales rep.
FIELD_LABELS: Final = {
    "CT_Num": "code du compte",
    "CG_NumPrinc": "compte collectif",
    "CT_Intitule": "raison sociale",
    "CT_Contact": "interlocuteur",
    "CT_Adresse": "adresse",
    "CT_Complement": "complément d'adresse",
    "CT_CodePostal": "code postal",
    "CT_Ville": "ville",
    "CT_CodeRegion": "région",
    "CT_Pays": "pays",
    "CT_Telephone": "téléphone",
    "CT_Telecopie": "télécopie",
    "CT_EMail": "e-mail",
    "CT_Site": "site web",
    "CT_Siret": "SIRET",
    "CT_Identifiant": "n° de TVA intracommunautaire",
    "CT_Ape": "code NAF",
    "CT_Commentaire": "commentaire",
    "CO_No": "représentant",
    "CT_Nom": "nom",
    "CT_Prenom": "prénom",
    "CT_Fonction": "fonction",
    "CT_TelPortable": "téléphone portable",
    "CT_Civilite": "civilité",
    "DO_Ref": "référence du devis",
    "DO_Piece": "numéro de devis",
    "DL_Design": "désignation",
    "DL_Qte": "quantité",
}
FIELD_TOO_LONG: Final = (
    "Le champ « {label} » fait {actual} caractères, Sage 100 en accepte {length} au plus : "
    "raccourcissez-le."
)
FIELD_REQUIRED: Final = "Le champ « {label} » est obligatoire dans Sage 100 : renseignez-le."
FIELD_CHARACTER: Final = (
    "Le champ « {label} » contient « {char} », que Sage 100 ne sait pas enregistrer : "
    "retirez ou remplacez ce caractère."
)
CT_NUM_INVALID: Final = (
    "Le code de compte « {value} » n'est pas un code Sage 100 (1 à 17 lettres majuscules "
    "sans accent ou chiffres) : choisissez un autre code."
)
CT_NUM_TAKEN: Final = (
    "Le code de compte « {ct_num} » existe déjà dans Sage 100 : prenez le prochain code libre "
    "de la numérotation des prospects."
)
NUMBERING_INVALID: Final = (
    "Numérotation des prospects invalide (préfixe « {prefix} », {digits} chiffres) : le préfixe "
    "est fait de lettres majuscules sans accent ou de chiffres, et le code tient en 17 caractères."
)
NUMBERING_EXHAUSTED: Final = (
    "La numérotation des prospects « {prefix} » sur {digits} chiffres est épuisée : "
    "ajoutez des chiffres ou changez de préfixe."
)
REP_UNKNOWN: Final = (
    "Le représentant n° {co_no} n'existe pas dans Sage 100 : choisissez un autre représentant "
    "ou aucun."
)
PROSPECT_GONE: Final = (
    "Le prospect « {ct_num} » n'existe plus dans Sage 100, où il a été supprimé : "
    "recréez-le s'il le faut."
)
PROSPECT_CONVERTED: Final = (
    "Le compte « {ct_num} » n'est plus un prospect dans Sage 100 (il y est devenu client) : "
    "seul Sage 100 le modifie désormais, faites-y la modification."
)
ACCOUNT_UNKNOWN: Final = (
    "Le compte « {ct_num} » n'existe pas dans Sage 100 : rattachez le contact à un client "
    "ou à un prospect qui y existe."
)
ACCOUNT_NOT_CLIENT: Final = (
    "Le compte « {ct_num} » n'est ni un client ni un prospect dans Sage 100 : rattachez le "
    "contact à un client ou à un prospect."
)
CONTACT_GONE: Final = (
    "Le contact n° {ct_no} n'existe plus dans Sage 100, où il a été supprimé : "
    "recréez-le s'il le faut."
)
CONTACT_NAME_TAKEN: Final = (
    "Le compte « {ct_num} » a déjà un contact nommé « {name} » dans Sage 100, qui n'en accepte "
    "pas deux : changez le nom ou le prénom."
)
CIVILITY_INVALID: Final = (
    "Civilité {value} inconnue de Sage 100 : choisissez 0 (M.), 1 (Mme) ou 2 (Mlle)."
)
# --- Pricing a quote line (``price_line``) -------------------------------------------
PRICE_CLIENT_UNKNOWN: Final = (
    "Le client « {ct_num} » n'existe pas dans Sage 100 : choisissez un client qui y existe."
)
PRICE_NOT_CLIENT: Final = (
    "Le compte « {ct_num} » n'est pas un client dans Sage 100 : un devis se fait pour un "
    "client ou un prospect."
)
PRICE_CLIENT_BLOCKED: Final = (
    "Le compte du client « {ct_num} » est bloqué dans Sage 100 (contrôle de l'encours) : "
    "faites-le débloquer dans Sage 100 avant de chiffrer ce devis."
)
PRICE_ITEM_UNKNOWN: Final = (
    "L'article « {ar_ref} » n'existe pas dans Sage 100 : choisissez un article du catalogue."
)
PRICE_ITEM_SLEEPING: Final = (
    "L'article « {ar_ref} » est mis en sommeil dans Sage 100 : choisissez un autre article, "
    "ou réactivez-le dans Sage 100."
)
PRICE_QUANTITY_INVALID: Final = (
    "Quantité {quantity} invalide pour l'article « {ar_ref} » : saisissez une quantité "
    "supérieure à zéro."
)
PRICE_TTC_WITHOUT_RATE: Final = (
    "Le prix de l'article « {ar_ref} » ({source}) est saisi TTC dans Sage 100 et le taux de "
    "TVA de l'article n'est pas connu du connecteur : saisissez ce prix HT dans Sage 100."
)
PRICE_UNREADABLE: Final = (
    "Impossible de lire les tarifs dans Sage 100 ({detail}) : vérifiez que la base est "
    "accessible, puis réessayez."
)
# --- Writing a quote (``create_quote``) ---------------------------------------------
QUOTE_EMPTY: Final = (
    "Le devis n'a aucune ligne : ajoutez au moins un article avant de l'envoyer à Sage 100."
)
QUOTE_TOO_MANY_DISCOUNTS: Final = (
    "La ligne de l'article « {ar_ref} » porte {count} remises, Sage 100 en enregistre 3 au "
    "plus : regroupez-les."
)
QUOTE_NUMBERING_MISSING: Final = (
    "La numérotation des devis (souche {souche}) est introuvable dans Sage 100 : vérifiez "
    "les souches des documents de vente dans Sage 100."
)
QUOTE_NUMBERING_INVALID: Final = (
    "Le prochain numéro de devis de Sage 100, « {piece} », ne finit pas par un nombre ou "
    "dépasse 13 caractères : corrigez la numérotation des devis dans Sage 100."
)
WRITE_REFUSED: Final = (
    "Sage 100 a refusé d'écrire dans {table} ({detail}) : rien n'a été écrit ; corrigez "
    "l'enregistrement puis réessayez."
)
WRITE_FAILED: Final = (
    "Impossible d'écrire dans {table} ({detail}) : rien n'a été écrit ; vérifiez que la base "
    "est accessible, puis réessayez."
)


def os_reason(exc: OSError) -> str:
    """The French reason of a file-system error (``accès refusé``…), for a message."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or str(exc) or type(exc).__name__


def one_of(choices: list[str] | tuple[str, ...]) -> str:
    """``["a", "b", "c"]`` → ``a, b ou c`` (a French enumeration)."""
    if len(choices) < 2:
        return "".join(choices)
    return f"{', '.join(choices[:-1])} ou {choices[-1]}"


def db_reason(exc: Exception) -> str:
    """The database driver's own one-line reason (``database is locked``), not SQL nor URL.

    pymssql carries ``(number, b"message")``, with FreeTDS's ``DB-Lib error message``
    lines appended: the reason is the message before them, decoded.
    """
    orig = getattr(exc, "orig", None)
    source = orig if orig is not None else exc
    args = source.args
    if len(args) == 1 and isinstance(args[0], tuple):
        args = args[0]
    if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], bytes):
        message = args[1].decode("utf-8", "replace").split("DB-Lib error message")[0].strip()
        text = message or args[1].decode("utf-8", "replace")
    else:
        text = str(source)
    return text.splitlines()[0].strip() if text.strip() else type(exc).__name__
