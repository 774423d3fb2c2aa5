"""The French strings of the wizard's web pages.

The guide's own words (buttons, the progress notice) come from the wizard's catalogue, so
the web pages and the unattended mode can never disagree on them.
"""

from typing import Final

from ssm.connector.install._messages import CANCEL as CANCEL
from ssm.connector.install._messages import NEXT as NEXT
from ssm.connector.install._messages import PREVIOUS as PREVIOUS
from ssm.connector.install._messages import PROGRESS_NOTICE as PROGRESS_NOTICE

APP_NAME: Final = "Sage Sales Management pour Sage 100"
INSTALL_WIZARD: Final = "Assistant d'installation"

YES: Final = "Oui"
NO: Final = "Non"

CANCEL_QUESTION: Final = "Voulez-vous vraiment annuler l'installation ?"
CANCEL_EXPLAIN: Final = "Rien n'a été installé : votre ordinateur restera dans son état actuel."
CANCELLED_TITLE: Final = "Installation annulée"
CANCELLED_TEXT: Final = "L'installation a été annulée. Vous pouvez fermer cette fenêtre."
ENDED_TITLE: Final = "Assistant terminé"
ENDED_TEXT: Final = "L'assistant est terminé. Vous pouvez fermer cette fenêtre."
PROGRESS_RUNNING: Final = "Installation en cours…"
STEP_FAILED: Final = "L'étape a échoué : {detail}"

FORBIDDEN_TITLE: Final = "Accès refusé"
FORBIDDEN_TEXT: Final = (
    "Cette page n'est accessible qu'avec l'adresse complète affichée par l'assistant "
    "d'installation, jeton compris. Ouvrez cette adresse dans votre navigateur."
)
CSRF_TEXT: Final = (
    "Le formulaire a expiré ou ne provient pas de l'assistant. Rechargez la page et réessayez."
)

SERVE_URL: Final = "Assistant d'installation ouvert à l'adresse : {url}"
SERVE_OPEN_HINT: Final = (
    "Si le navigateur ne s'ouvre pas, copiez cette adresse dans votre navigateur."
)

PREREQ_OK: Final = "Conforme"
PREREQ_KO: Final = "Non conforme"
WHAT_TO_DO: Final = "Que faire :"
STEP_OF: Final = "Étape {n} sur {total}"
