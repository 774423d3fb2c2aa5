"""The connector's French interface strings, in one catalogue.

Strings quoted by the installation guide keep its exact wording; keeping them here lets a
test compare them with the guide and lets an English catalogue follow the same keys.
"""

import errno
from typing import Final

INVALID_ACTIVATION_KEY: Final = (
    "Le code d'activation saisi n'est pas valide. Il peut avoir été utilisé précédemment, "
    "ne pas exister, ou une erreur est survenue lors de son traitement. Veuillez vérifier le "
    "code et réessayer. Si le problème persiste, contactez notre équipe d'assistance."
)
CLOUD_UNREACHABLE: Final = (
    "Le service Sales Management est injoignable à l'adresse {url} ({reason}). "
    "Vérifiez l'adresse et la connexion réseau, puis réessayez."
)
CLOUD_AUTH_REFUSED: Final = (
    "Le service Sales Management a refusé les clés d'API de cette installation. "
    "Relancez la configuration du connecteur."
)
CLOUD_FAILED: Final = "Le service Sales Management a répondu par une erreur ({status}) : {detail}"
INSTALL_NOT_CONFIGURED: Final = (
    "Le dossier {path} ne contient pas de connecteur configuré (fichier {file} absent). "
    "Lancez d'abord « ssm-connector configure »."
)
CONFIG_INVALID: Final = (
    "La configuration {file} est invalide : {detail}. Corrigez ce fichier ou relancez "
    "« ssm-connector configure »."
)
CONFIG_NOT_UTF8: Final = "le fichier n'est pas encodé en UTF-8 (octet illisible n° {position})"
CONFIG_UNREADABLE: Final = "le fichier est illisible ({reason})"
CONFIG_TOML: Final = "erreur de syntaxe TOML ligne {line}, colonne {column} ({reason})"
CONFIG_UNKNOWN_KEY: Final = "clé inconnue « {key} »"
CONFIG_DID_YOU_MEAN: Final = " (vouliez-vous dire « {known} » ?)"
CONFIG_MISSING_KEY: Final = "clé obligatoire « {key} » absente"
CONFIG_BAD_VALUE: Final = "valeur refusée pour « {key} » ({reason})"
#: French for the TOML parser's English reasons; the rest are quoted as they come.
TOML_REASONS: Final = {
    "Expected ']' at the end of a table declaration": "« ] » attendu en fin d'en-tête de section",
    "Expected '=' after a key in a key/value pair": "« = » attendu après la clé",
    "Invalid value": "valeur invalide",
    "Unterminated string": "chaîne de caractères non terminée",
    "Invalid statement": "instruction invalide",
    "Cannot overwrite a value": "clé déjà définie",
    "Cannot declare": "section déjà déclarée",
}
#: French for pydantic's reasons a value is refused, by error type; ``{input}`` is the value.
VALUE_REASONS: Final = {
    "greater_than": "{input} : il faut une valeur supérieure à {gt}",
    "greater_than_equal": "{input} : il faut une valeur d'au moins {ge}",
    "less_than_equal": "{input} : il faut une valeur d'au plus {le}",
    "int_parsing": "« {input} » n'est pas un nombre entier",
    "int_type": "« {input} » n'est pas un nombre entier",
    "float_parsing": "« {input} » n'est pas un nombre",
    "float_type": "« {input} » n'est pas un nombre",
    "string_type": "« {input} » n'est pas un texte entre guillemets",
    "literal_error": "« {input} » : valeurs possibles {expected}",
    "model_type": "une section [ ] est attendue",
    "value_error": "{error}",
}
STATE_READ_ONLY: Final = (
    "Le dossier de données {path} est en lecture seule ({reason}) : donnez au compte du "
    "service le droit d'y écrire ; la synchronisation reprendra là où elle s'est arrêtée, "
    "sans rien perdre."
)
STATE_DISK_FULL: Final = (
    "Impossible d'écrire dans le dossier de données {path} : le disque est plein ou refuse "
    "l'écriture ({reason}). Libérez de la place ; la synchronisation reprendra là où elle "
    "s'est arrêtée, sans rien perdre."
)
STATE_UNUSABLE: Final = (
    "Le fichier d'état {file} est inutilisable ({reason}) : vérifiez le dossier {path} et "
    "ses droits, puis relancez."
)
#: French reasons of the state file's failures, by SQLite error name (prefix) and errno.
SQLITE_REASONS: Final = {
    "SQLITE_FULL": "disque plein",
    "SQLITE_IOERR": "erreur d'écriture sur le disque",
    "SQLITE_READONLY": "écriture refusée",
    "SQLITE_CANTOPEN": "fichier impossible à ouvrir",
    "SQLITE_PERM": "accès refusé",
    "SQLITE_CORRUPT": "fichier endommagé",
    "SQLITE_NOTADB": "ce n'est pas un fichier d'état",
}
OS_REASONS: Final = {
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "disque plein",
    errno.EFBIG: "taille de fichier maximale atteinte",
}
SERVICE_WAITING: Final = "{reason} Le service réessaiera dans {delay:.0f} s."
SYNC_CRASHED: Final = (
    "La passe de synchronisation s'est arrêtée sur une erreur inattendue ({reason}) : rien "
    "n'est perdu, elle reprendra dans {delay:.0f} s. Si l'erreur persiste, envoyez le journal "
    "{logs} à l'assistance."
)
LOG_UNWRITABLE: Final = (
    "Le journal {file} ne peut pas être écrit ({reason}) : libérez de la place sur son disque "
    "ou donnez au service le droit d'y écrire."
)
UNEXPECTED: Final = (
    "Erreur inattendue ({reason}). Relancez la commande avec --debug pour le détail, et "
    "envoyez-le à l'assistance si l'erreur persiste."
)
DEMO_CHILD_FAILED: Final = "Le service de démonstration « {name} » n'a pas démarré : {detail}"
WORKDIR_UNUSABLE: Final = "Le dossier de travail {path} est inutilisable : {detail}"
RUN_STATUS: Final = {
    "succeeded": "réussie",
    "partial": "partielle : des enregistrements ont été refusés",
    "failed": "échouée",
}
MASS_DELETION_REFUSED: Final = (
    "Réconciliation de « {stream} » interrompue : Sage 100 ne renvoie aucune clé alors que "
    "{known} enregistrements ont été synchronisés. Vérifiez la société configurée ; rien n'a "
    "été supprimé."
)
UNKNOWN_ENTITY: Final = "Entité inconnue : {entity}. Entités possibles : {known}."
ALREADY_RUNNING: Final = (
    "Le connecteur de {path} tourne déjà : un seul service par installation. "
    "Arrêtez-le avant d'en lancer un autre."
)
RESYNC_DONE: Final = (
    "Resynchronisation faite : {entities}. Pas encore synchronisé par le connecteur : {skipped}."
)
STATUS_RUNNING: Final = "En cours"
STATUS_STOPPED: Final = "Arrêté"
STATUS_INCIDENT: Final = "Dernier incident ({at}) : {message}"
STATUS_PROGRESS: Final = "Passe en cours depuis {since} : {done}"
STATUS_PROGRESS_STREAM: Final = "{stream} {count}"
STATUS_INTERRUPTED: Final = (
    "La passe {run} du {at} a été interrompue (processus arrêté en cours de passe) : la "
    "suivante reprend là où elle s'est arrêtée."
)
UNKNOWN_REP_EMAIL: Final = (
    "Aucun commercial de Sage 100 n'a l'adresse e-mail {email}. "
    "Vérifiez l'adresse ou renseignez-la dans la fiche collaborateur de Sage 100."
)
ACCOUNT_WITHOUT_NAME: Final = (
    "Le tiers {key} n'a pas d'intitulé dans Sage 100 : un compte sans nom ne peut pas être "
    "créé. Renseignez l'intitulé de la fiche tiers dans Sage 100."
)
CONTACT_WITHOUT_NAME: Final = (
    "Le contact n° {key} du tiers {tiers} n'a pas de nom dans Sage 100 : renseignez-le dans "
    "Sage 100."
)
STREAM_STATUS: Final = {
    "succeeded": "réussi",
    "partial": "partiel",
    "failed": "échoué",
    "never": "jamais lancé",
    "running": "en cours",
    "interrupted": "interrompu",
    "crashed": "arrêté sur erreur",
}
INSTANCE_MISMATCH: Final = (
    "Ces clés d'API ouvrent l'instance {found}, pas l'instance {given} indiquée. Vérifiez "
    "l'identifiant de l'instance et les clés."
)
# Where the secrets are kept (ssm.connector._secret_store).
KEYRING_UNUSABLE: Final = (
    "Le trousseau du système ne peut pas garder les secrets de cette installation "
    "({backend} : {reason}). Installez ou déverrouillez un trousseau, ou choisissez le "
    "fichier protégé avec {env}=file."
)
STORE_ENV_INVALID: Final = (
    "La variable {env} vaut « {value} » : valeurs possibles « auto », « keyring » ou « file »."
)
KEYRING_SECRETS_MISSING: Final = (
    "Les secrets de l'installation {path} sont introuvables dans le trousseau du système "
    "({backend}, service « {service} », entrée « {entry} »). Relancez "
    "« ssm-connector configure » en tant qu'utilisateur qui a configuré le connecteur pour "
    "les saisir de nouveau."
)
KEYRING_LOCKED: Final = (
    "Le trousseau du système ({backend}) est verrouillé ou indisponible pour l'installation "
    "{path} : {reason}. Ouvrez une session de l'utilisateur qui a configuré le connecteur "
    "pour le déverrouiller, ou relancez « ssm-connector configure » avec {env}=file pour "
    "garder les secrets dans un fichier protégé."
)
KEYRING_WRITE_FAILED: Final = (
    "Impossible d'écrire les secrets de l'installation {path} dans le trousseau du système "
    "({backend}) : {reason}. Déverrouillez le trousseau et réessayez, ou relancez la "
    "configuration avec {env}=file."
)
SECRETS_FILE_INVALID: Final = (
    "Le fichier de secrets {file} est illisible ou invalide ({detail}). Relancez "
    "« ssm-connector configure » pour le réécrire."
)
SECRETS_FILE_MISSING: Final = (
    "Le fichier de secrets {file} est absent. Relancez « ssm-connector configure »."
)
SQL_LOGIN_INCOMPLETE: Final = (
    "La configuration de l'entreprise {company} ({server}) choisit l'authentification SQL "
    "Server (identifiant « {user} ») mais le mot de passe de cet identifiant manque dans "
    "les secrets. Relancez « ssm-connector configure » pour le saisir de nouveau."
)
SQL_USER_MISSING: Final = (
    'l\'authentification SQL Server (authentication = "sql") demande un identifiant SQL '
    "Server (sql_user)"
)
ERRORS_REPORT_REFUSED: Final = (
    "La liste des erreurs de synchronisation ({count} enregistrements) n'a pas été acceptée "
    "par Sales Management ({reason}) : les badges de l'application web ne sont pas à jour. "
    "Elle sera renvoyée dès qu'elle changera ; si le refus se répète, mettez à jour le "
    "connecteur ou contactez l'assistance. « ssm-connector status » montre la liste complète."
)
STREAM_DEFERRED: Final = (
    "Reporté au prochain passage : le flux « {parent} », dont ce flux dépend, n'a pas "
    "abouti ; rien n'est perdu, il repartira de là où il s'est arrêté."
)
