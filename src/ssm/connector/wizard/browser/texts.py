"""The French strings of the wizard's web pages.

The guide's own words (buttons, the progress notice) come from the wizard's catalogue, so
the web pages and the unattended mode can never disagree on them.
"""

from dataclasses import dataclass
from typing import Final

from ssm.brand import PRODUCT_NAME
from ssm.connector.messages import CANCEL as CANCEL
from ssm.connector.messages import NEXT as NEXT
from ssm.connector.messages import PREVIOUS as PREVIOUS
from ssm.connector.messages import PROGRESS_NOTICE as PROGRESS_NOTICE

APP_NAME: Final = PRODUCT_NAME

YES: Final = "Oui"
NO: Final = "Non"


@dataclass(frozen=True)
class PhaseTexts:
    """What differs between the installation and the configuration assistants."""

    wizard: str
    cancel_question: str
    cancel_explain: str
    cancelled_title: str
    cancelled_text: str
    serve_url: str


PHASES: Final = {
    "install": PhaseTexts(
        wizard="Assistant d'installation",
        cancel_question="Voulez-vous vraiment annuler l'installation ?",
        cancel_explain="Rien n'a été installé : votre ordinateur restera dans son état actuel.",
        cancelled_title="Installation annulée",
        cancelled_text="L'installation a été annulée. Vous pouvez fermer cette fenêtre.",
        serve_url="Assistant d'installation ouvert à l'adresse : {url}",
    ),
    "configure": PhaseTexts(
        wizard="Assistant de configuration",
        cancel_question="Voulez-vous vraiment annuler la configuration ?",
        cancel_explain=(
            "Rien n'a été configuré. Vous pourrez relancer la configuration plus tard avec "
            "la commande : {command}"
        ),
        cancelled_title="Configuration annulée",
        cancelled_text="La configuration a été annulée. Vous pouvez fermer cette fenêtre.",
        serve_url="Assistant de configuration ouvert à l'adresse : {url}",
    ),
}
KNOWLEDGE_BASE_TITLE: Final = "Base de connaissances"
ENDED_TITLE: Final = "Assistant terminé"
ENDED_TEXT: Final = "L'assistant est terminé. Vous pouvez fermer cette fenêtre."
PROGRESS_RUNNING: Final = "Installation en cours…"
STEP_FAILED: Final = "L'étape a échoué : {detail}"

FORBIDDEN_TITLE: Final = "Accès refusé"
FORBIDDEN_TEXT: Final = (
    "Cette adresse ne sert qu'une fois : elle a déjà été ouverte, ou elle est incomplète."
)
FORBIDDEN_CONFIGURE: Final = (
    "Pour rouvrir l'assistant là où la configuration s'est arrêtée, lancez dans un terminal "
    "de cet ordinateur la commande suivante, puis ouvrez la nouvelle adresse qu'elle affiche :"
)
FORBIDDEN_INSTALL: Final = (
    "Rien n'a encore été installé : pour recommencer l'installation, lancez dans un terminal "
    "de cet ordinateur la commande suivante, puis ouvrez la nouvelle adresse qu'elle affiche :"
)
INSTALL_COMMAND: Final = "ssm-connector setup"
HOST_TEXT: Final = (
    "L'assistant ne répond qu'à l'adresse 127.0.0.1 ou localhost : ouvrez l'adresse complète "
    "qu'il a affichée."
)
CSRF_TEXT: Final = (
    "Le formulaire a expiré ou ne provient pas de l'assistant. Rechargez la page et réessayez."
)

SERVE_OPEN_HINT: Final = (
    "Si le navigateur ne s'ouvre pas, copiez cette adresse dans votre navigateur."
)

PREREQ_OK: Final = "Conforme"
PREREQ_KO: Final = "Non conforme"
WHAT_TO_DO: Final = "Que faire :"
STEP_OF: Final = "Étape {n} sur {total}"
