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
