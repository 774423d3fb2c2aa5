"""The French interface strings of ``ssm.sage100``, in one catalogue.

Every message a user can see (exception messages and ``ssm-sage100`` output) names the
thing at fault and says what to do. Placeholders are filled with ``str.format``. Each string
is marked with ``_()``, the gettext way: the French is the message id, and the English
catalogue ``locale/en/LC_MESSAGES/ssm-sage100.po`` translates it when the environment asks
for English (:func:`ssm.i18n.process_language`). No message ever holds a password.
"""

from __future__ import annotations

import errno
from typing import Final

from ssm.i18n.process import gettext_for

#: Marks a French string for ``pybabel extract`` and translates it into the process's
#: language (``locale/en/LC_MESSAGES/ssm-sage100.po``) once, at import.
_ = gettext_for("ssm.sage100", "ssm-sage100")

# --- Generation (``generate_server``, ``ssm-sage100 generate``) -------------------------
SIZE_UNKNOWN: Final = _("Taille inconnue « {size} » : choisissez {choices}.")
GENERATION_UNKNOWN: Final = _(
    "Génération de schéma inconnue « {generation} » : choisissez {choices}."
)
COMPANY_NAME_INVALID: Final = _(
    "Nom de société « {company} » invalide : saisissez de 1 à 35 caractères, "
    "dont au moins une lettre ou un chiffre."
)
ANCHOR_INVALID: Final = _(
    "Date « {anchor} » non valide : saisissez AAAA-MM-JJ (ce jour-là à 18 h) ou AAAA-MM-JJTHH:MM."
)
TARGET_NOT_A_FOLDER: Final = _(
    "{path} est un fichier, pas un dossier : choisissez un dossier nouveau ou vide."
)
FOLDER_UNREADABLE: Final = _(
    "Impossible de lire le dossier {path} ({reason}) : "
    "vérifiez ses droits ou choisissez un autre dossier."
)
FOLDER_UNWRITABLE: Final = _(
    "Impossible d'écrire dans le dossier {path} (accès refusé) : "
    "vérifiez ses droits ou choisissez un autre dossier."
)
FOLDER_NOT_EMPTY: Final = _(
    "Le dossier {path} n'est pas vide et n'est pas un serveur Sage 100 émulé : "
    "choisissez un dossier nouveau ou vide."
)
COMPANY_EXISTS: Final = _(
    "La société {database} existe déjà dans le dossier {path} : "
    "choisissez un autre nom de société ou un nouveau dossier."
)
SERVER_UNWRITABLE: Final = _(
    "Impossible d'écrire le serveur dans {path} ({reason}) : vérifiez l'emplacement "
    "et ses droits, ou choisissez un autre dossier. Ce que la génération avait créé a été retiré."
)

# --- Server (``open_server``, ``EmulatedServer``) ---------------------------------------
NOT_A_SERVER: Final = _(
    "Le dossier {path} n'est pas un serveur Sage 100 émulé (fichier {file} absent) : "
    "créez-en un avec « ssm-sage100 generate {path} »."
)
SERVER_FOLDER_MISSING: Final = _(
    "Le dossier {path} est introuvable : si c'est le serveur Sage 100 configuré, vérifiez que "
    "son disque ou son partage réseau est accessible, puis réessayez ; sinon créez un serveur "
    "émulé avec « ssm-sage100 generate {path} »."
)
SERVER_UNLISTABLE: Final = _(
    "Impossible de lister les sociétés du serveur {path} ({reason}) : vérifiez les droits "
    "du dossier."
)
COMPANY_UNKNOWN: Final = _(
    "La société Sage « {database} » n'existe pas sur le serveur {path} : "
    "choisissez l'une de ces sociétés : {known}."
)
NO_COMPANY: Final = _(
    "Le serveur {path} n'a aucune société : créez-en une avec « ssm-sage100 generate {path} »."
)
COMPANY_LOCKED: Final = _(
    "La société Sage « {database} » du serveur {path} est verrouillée par un autre programme "
    "(maintenance, sauvegarde ou accès exclusif) : attendez qu'il la libère, puis réessayez."
)
VERSION_UNREADABLE: Final = _(
    "Impossible de lire la version de Sage 100 dans {file} ({detail}) : ce fichier doit "
    "contenir la clé [{key}] avec une valeur « Version »."
)
REGISTRY_NOT_AN_EXPORT: Final = _("{path} n'est pas un export du registre Windows")
REGISTRY_VALUE_MISSING: Final = _("clé ou valeur absente : {name}")
REGISTRY_BAD_ENCODING: Final = _("encodage illisible")
VERSION_INVALID: Final = _("numéro de version Sage illisible « {version} »")
USERS_UNREADABLE: Final = _(
    "Impossible de lire les utilisateurs Sage de la société {database} ({detail}) : "
    "vérifiez que la base n'est ni verrouillée ni endommagée, puis réessayez."
)
LOGIN_USER_UNKNOWN: Final = _(
    "L'utilisateur Sage « {user} » n'existe pas dans la société {database} : saisissez un "
    "utilisateur de Sage 100 (Fichier > Autorisations d'accès)."
)
LOGIN_MISMATCH: Final = _(
    "Mot de passe incorrect pour l'utilisateur Sage « {user} » de la société {database} : "
    "saisissez son mot de passe Sage 100, ou laissez le champ vide s'il n'en a pas."
)

# --- SQL Server (``ssm.sage100.sqlserver``) ---------------------------------------------
SQLSERVER_LOCATION_INVALID: Final = _(
    "Adresse de serveur SQL illisible « {location} » : saisissez SERVEUR\\INSTANCE, "
    "serveur, serveur,port ou une URL mssql+pymssql://serveur:port sans mot de passe."
)
SQLSERVER_URL_REFUSED: Final = _(
    "L'adresse du serveur SQL « {url} » contient un mot de passe : retirez-le de "
    "l'adresse et saisissez-le comme mot de passe de l'identifiant SQL Server."
)
SQLSERVER_DRIVER_MISSING: Final = _(
    "Le pilote SQL Server « {driver} » n'est pas installé sur ce poste : installez-le, "
    "ou retirez « +{driver} » de l'adresse pour utiliser pymssql, livré avec le connecteur."
)
SQLSERVER_UNREACHABLE: Final = _(
    "Impossible de joindre le serveur SQL Server {server} : vérifiez son nom, qu'il est "
    "démarré, que TCP/IP est activé dans le Gestionnaire de configuration SQL Server et "
    "que le pare-feu laisse passer le port {port}."
)
SQLSERVER_INSTANCE_UNREACHABLE: Final = _(
    "Impossible de joindre l'instance SQL Server {instance} sur {host} : vérifiez le nom "
    "de l'instance, que le service « SQL Server Browser » est démarré sur ce serveur et que "
    "le pare-feu laisse passer le port UDP 1434 et le port TCP de l'instance (ou "
    "indiquez ce port : {host},PORT)."
)
SQLSERVER_TIMEOUT: Final = _(
    "Le serveur SQL Server {server} n'a pas répondu à temps : vérifiez le réseau et la "
    "charge du serveur, puis réessayez."
)
SQLSERVER_LOGIN_REFUSED: Final = _(
    "Le serveur SQL Server {server} a refusé l'identifiant SQL « {user} » : vérifiez "
    "l'identifiant et son mot de passe, et que le serveur accepte l'authentification "
    "SQL Server (mode mixte)."
)
SQLSERVER_WINDOWS_REFUSED: Final = _(
    "Le serveur SQL Server {server} a refusé le compte Windows du connecteur ({account}) : "
    "donnez à ce compte une connexion SQL Server et l'accès aux bases Sage (rôle "
    "db_datareader), ou choisissez l'authentification SQL Server."
)
SQLSERVER_HANDSHAKE_FAILED: Final = _(
    "Le serveur SQL Server {server} a refusé ou interrompu l'ouverture de session de {who} : "
    "vérifiez l'identifiant et son mot de passe (en sécurité intégrée hors de Windows, le "
    "ticket Kerberos du compte), que ce port est bien celui de SQL Server, et le chiffrement "
    "demandé."
)
SQLSERVER_DATABASE_UNKNOWN: Final = _(
    "La base « {database} » n'existe pas sur le serveur SQL Server {server}, ou {who} n'y "
    "a pas accès : choisissez une société de la liste, ou donnez l'accès à cette base "
    "(rôle db_datareader)."
)
SQLSERVER_DATABASE_OFFLINE: Final = _(
    "La base « {database} » du serveur SQL Server {server} n'est pas disponible (hors "
    "ligne, en restauration, endommagée ou réservée à un seul utilisateur) : remettez-la "
    "en ligne, puis réessayez."
)
SQLSERVER_FAILED: Final = _(
    "Impossible d'interroger le serveur SQL Server {server} ({detail}) : vérifiez que le "
    "serveur est joignable et que l'identifiant a accès aux bases Sage, puis réessayez."
)
#: ``who`` in the sentences above.
SQLSERVER_WHO_SQL: Final = _("l'identifiant SQL « {user} »")
SQLSERVER_WHO_WINDOWS: Final = _("le compte Windows du connecteur ({account})")
#: The product a SQL Server reports when the Windows registry does not tell.
SQLSERVER_PRODUCT: Final = _("Sage 100 (SQL Server)")
SQLSERVER_VERSION_UNKNOWN: Final = _("version inconnue")
SQLSERVER_VERSION_CBSYSTABLE: Final = _(
    "version inconnue (cbSysTable {kind} : CB_Version {version}, CB_DescVersion {desc})"
)

# --- Schema probing (``company_schema``, the readers) -----------------------------------
COLUMN_MISSING: Final = _(
    "La table {table} de cette société Sage 100 n'a pas la colonne {column}, dont le "
    "connecteur a besoin (génération de schéma détectée : {generation}) : mettez Sage 100 "
    "à jour vers une version prise en charge (v9 à v12) ou contactez notre assistance."
)
TABLE_MISSING: Final = _(
    "Cette base n'a pas la table Sage {table}, dont le connecteur a besoin (génération de "
    "schéma détectée : {generation}) : vérifiez que la base choisie est bien une société "
    "Sage 100 Gestion commerciale, dans une version prise en charge (v9 à v12)."
)
SCHEMA_UNREADABLE: Final = _(
    "Impossible de lire la liste des colonnes de la société ({detail}) : vérifiez les droits "
    "de l'utilisateur sur la base, puis réessayez."
)
#: The generation a company's columns point to (``sage100-schema.md`` §0).
GENERATION_UNKNOWN_LABEL: Final = _("inconnue")

# --- Readers (``TableSpec``, ``read_changes``, ``count_rows``) -------------------------
TABLE_UNKNOWN: Final = _(
    "Table Sage inconnue « {table} » : choisissez une table déclarée dans ssm.sage100.schema."
)
COLUMNS_UNKNOWN: Final = _(
    "La table {table} n'a pas de colonne {columns} : vérifiez les noms dans ssm.sage100.schema."
)
CHUNK_SIZE_INVALID: Final = _(
    "Taille de lot {chunk_size} invalide : chunk_size doit valoir au moins 1."
)
TABLE_UNREADABLE: Final = _(
    "Impossible de lire la table {table} ({detail}) : vérifiez que la base est accessible "
    "(ni verrouillée ni endommagée) ; si Sage 100 vient d'être mis à jour ou restauré, le "
    "connecteur relira ses colonnes au prochain passage."
)
WATCH_FAILED: Final = _(
    "Impossible de surveiller les modifications de la société {database} ({detail}) : "
    "vérifiez que la base n'est ni verrouillée ni endommagée, puis réessayez."
)
WATCHER_CLOSED: Final = _("surveillance déjà fermée")
TABLE_UNCOUNTABLE: Final = _(
    "Impossible de compter les lignes de la table {table} ({detail}) : vérifiez que la base "
    "n'est ni verrouillée ni endommagée, puis réessayez."
)

# --- ``ssm-sage100`` output --------------------------------------------------------------
CLI_ERROR: Final = _("Erreur : {message}")
GENERATE_TITLE: Final = _(
    "{company} ({database}) — taille {size}, graine {seed}, schéma {generation}, {triggers}"
)
WITH_TRIGGERS: Final = _("avec déclencheurs")
WITHOUT_TRIGGERS: Final = _("sans déclencheurs")
GENERATE_TABLE: Final = _("Table")
GENERATE_ROWS: Final = _("Lignes")
GENERATE_DONE: Final = _("Serveur : {location} — généré en {seconds:.1f} s")
VERSION_LINE: Final = _("{product} {version} ({support})")
VERSION_SUPPORTED: Final = _("prise en charge")
VERSION_UNSUPPORTED: Final = _("non prise en charge")
#: Labels of the simulated user's actions, shown by ``ssm-sage100 activity``.
ACTIVITY_KINDS: Final = {
    "new_client": _("nouveau client"),
    "new_prospect": _("nouveau prospect"),
    "edit_client": _("client modifié"),
    "delete_client": _("client supprimé"),
    "new_contact": _("nouveau contact"),
    "edit_contact": _("contact modifié"),
    "delete_contact": _("contact supprimé"),
    "change_price": _("prix modifié"),
    "toggle_sleep": _("mise en sommeil"),
    "move_stock": _("mouvement de stock"),
    "new_collaborator": _("nouveau commercial"),
    "new_invoice": _("nouvelle facture"),
    "edit_line": _("ligne modifiée"),
    "post_invoice": _("comptabilisation"),
    "transform_order": _("transformation"),
    "transform_delivery": _("facturation"),
    "delete_invoice": _("facture supprimée"),
    "idle": _("aucune action"),
}

# --- Reasons given by the file system ------------------------------------------------------
_OS_REASONS: Final = {
    errno.EACCES: _("accès refusé"),
    errno.EPERM: _("opération non permise"),
    errno.ENOENT: _("introuvable"),
    errno.ENOTDIR: _("un élément du chemin n'est pas un dossier"),
    errno.EISDIR: _("c'est un dossier"),
    errno.EEXIST: _("existe déjà"),
    errno.ENOSPC: _("disque plein"),
    errno.EROFS: _("système de fichiers en lecture seule"),
    errno.ENAMETOOLONG: _("chemin trop long"),
}


# --- Writing prospects and contacts (``create_prospect``, ``create_contact``…) ----------
#: How a refusal names a column to a sales rep.
FIELD_LABELS: Final = {
    "CT_Num": _("code du compte"),
    "CG_NumPrinc": _("compte collectif"),
    "CT_Intitule": _("raison sociale"),
    "CT_Contact": _("interlocuteur"),
    "CT_Adresse": _("adresse"),
    "CT_Complement": _("complément d'adresse"),
    "CT_CodePostal": _("code postal"),
    "CT_Ville": _("ville"),
    "CT_CodeRegion": _("région"),
    "CT_Pays": _("pays"),
    "CT_Telephone": _("téléphone"),
    "CT_Telecopie": _("télécopie"),
    "CT_EMail": _("e-mail"),
    "CT_Site": _("site web"),
    "CT_Siret": _("SIRET"),
    "CT_Identifiant": _("n° de TVA intracommunautaire"),
    "CT_Ape": _("code NAF"),
    "CT_Commentaire": _("commentaire"),
    "CO_No": _("représentant"),
    "CT_Nom": _("nom"),
    "CT_Prenom": _("prénom"),
    "CT_Fonction": _("fonction"),
    "CT_TelPortable": _("téléphone portable"),
    "CT_Civilite": _("civilité"),
    "DO_Ref": _("référence du devis"),
    "DO_Piece": _("numéro de devis"),
    "DL_Design": _("désignation"),
    "DL_Qte": _("quantité"),
}
FIELD_TOO_LONG: Final = _(
    "Le champ « {label} » fait {actual} caractères, Sage 100 en accepte {length} au plus : "
    "raccourcissez-le."
)
FIELD_REQUIRED: Final = _("Le champ « {label} » est obligatoire dans Sage 100 : renseignez-le.")
FIELD_CHARACTER: Final = _(
    "Le champ « {label} » contient « {char} », que Sage 100 ne sait pas enregistrer : "
    "retirez ou remplacez ce caractère."
)
CT_NUM_INVALID: Final = _(
    "Le code de compte « {value} » n'est pas un code Sage 100 (1 à 17 lettres majuscules "
    "sans accent ou chiffres) : choisissez un autre code."
)
CT_NUM_TAKEN: Final = _(
    "Le code de compte « {ct_num} » existe déjà dans Sage 100 : prenez le prochain code libre "
    "de la numérotation des prospects."
)
NUMBERING_INVALID: Final = _(
    "Numérotation des prospects invalide (préfixe « {prefix} », {digits} chiffres) : le préfixe "
    "est fait de lettres majuscules sans accent ou de chiffres, et le code tient en 17 caractères."
)
NUMBERING_EXHAUSTED: Final = _(
    "La numérotation des prospects « {prefix} » sur {digits} chiffres est épuisée : "
    "ajoutez des chiffres ou changez de préfixe."
)
REP_UNKNOWN: Final = _(
    "Le représentant n° {co_no} n'existe pas dans Sage 100 : choisissez un autre représentant "
    "ou aucun."
)
PROSPECT_GONE: Final = _(
    "Le prospect « {ct_num} » n'existe plus dans Sage 100, où il a été supprimé : "
    "recréez-le s'il le faut."
)
PROSPECT_CONVERTED: Final = _(
    "Le compte « {ct_num} » n'est plus un prospect dans Sage 100 (il y est devenu client) : "
    "seul Sage 100 le modifie désormais, faites-y la modification."
)
ACCOUNT_UNKNOWN: Final = _(
    "Le compte « {ct_num} » n'existe pas dans Sage 100 : rattachez le contact à un client "
    "ou à un prospect qui y existe."
)
ACCOUNT_NOT_CLIENT: Final = _(
    "Le compte « {ct_num} » n'est ni un client ni un prospect dans Sage 100 : rattachez le "
    "contact à un client ou à un prospect."
)
CONTACT_GONE: Final = _(
    "Le contact n° {ct_no} n'existe plus dans Sage 100, où il a été supprimé : "
    "recréez-le s'il le faut."
)
CONTACT_NAME_TAKEN: Final = _(
    "Le compte « {ct_num} » a déjà un contact nommé « {name} » dans Sage 100, qui n'en accepte "
    "pas deux : changez le nom ou le prénom."
)
CIVILITY_INVALID: Final = _(
    "Civilité {value} inconnue de Sage 100 : choisissez 0 (M.), 1 (Mme) ou 2 (Mlle)."
)
# --- Pricing a quote line (``price_line``) -------------------------------------------
PRICE_CLIENT_UNKNOWN: Final = _(
    "Le client « {ct_num} » n'existe pas dans Sage 100 : choisissez un client qui y existe."
)
PRICE_NOT_CLIENT: Final = _(
    "Le compte « {ct_num} » n'est pas un client dans Sage 100 : un devis se fait pour un "
    "client ou un prospect."
)
PRICE_CLIENT_BLOCKED: Final = _(
    "Le compte du client « {ct_num} » est bloqué dans Sage 100 (contrôle de l'encours) : "
    "faites-le débloquer dans Sage 100 avant de chiffrer ce devis."
)
PRICE_ITEM_UNKNOWN: Final = _(
    "L'article « {ar_ref} » n'existe pas dans Sage 100 : choisissez un article du catalogue."
)
PRICE_ITEM_SLEEPING: Final = _(
    "L'article « {ar_ref} » est mis en sommeil dans Sage 100 : choisissez un autre article, "
    "ou réactivez-le dans Sage 100."
)
PRICE_QUANTITY_INVALID: Final = _(
    "Quantité {quantity} invalide pour l'article « {ar_ref} » : saisissez une quantité "
    "supérieure à zéro."
)
PRICE_TTC_WITHOUT_RATE: Final = _(
    "Le prix de l'article « {ar_ref} » ({source}) est saisi TTC dans Sage 100 et le taux de "
    "TVA de l'article n'est pas connu du connecteur : saisissez ce prix HT dans Sage 100."
)
PRICE_UNREADABLE: Final = _(
    "Impossible de lire les tarifs dans Sage 100 ({detail}) : vérifiez que la base est "
    "accessible, puis réessayez."
)
# --- Writing a quote (``create_quote``) ---------------------------------------------
QUOTE_EMPTY: Final = _(
    "Le devis n'a aucune ligne : ajoutez au moins un article avant de l'envoyer à Sage 100."
)
QUOTE_TOO_MANY_DISCOUNTS: Final = _(
    "La ligne de l'article « {ar_ref} » porte {count} remises, Sage 100 en enregistre 3 au "
    "plus : regroupez-les."
)
QUOTE_NUMBERING_MISSING: Final = _(
    "La numérotation des devis (souche {souche}) est introuvable dans Sage 100 : vérifiez "
    "les souches des documents de vente dans Sage 100."
)
QUOTE_NUMBERING_INVALID: Final = _(
    "Le prochain numéro de devis de Sage 100, « {piece} », ne finit pas par un nombre ou "
    "dépasse 13 caractères : corrigez la numérotation des devis dans Sage 100."
)
WRITE_REFUSED: Final = _(
    "Sage 100 a refusé d'écrire dans {table} ({detail}) : rien n'a été écrit ; corrigez "
    "l'enregistrement puis réessayez."
)
WRITE_FAILED: Final = _(
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
    return _("{first} ou {last}").format(first=", ".join(choices[:-1]), last=choices[-1])


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
