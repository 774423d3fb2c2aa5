"""The connector's French interface strings, in one catalogue.

Strings quoted by the installation guide keep its exact wording; keeping them here lets a
test compare them with the guide and lets an English catalogue follow the same keys.
"""

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
CONFIG_INVALID: Final = "La configuration {file} est invalide : {detail}"
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
