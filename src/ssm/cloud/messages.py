"""The French catalogue of the cloud's human messages.

Every sentence a user or an integrator may read lives here, so that translation and review
happen in one place and tests can compare against the same constants. The activation-key
sentence is the installation guide's, word for word.
"""

from __future__ import annotations

INVALID_ACTIVATION_KEY = (
    "Le code d'activation saisi n'est pas valide. Il peut avoir été utilisé précédemment, "
    "ne pas exister, ou une erreur est survenue lors de son traitement. Veuillez vérifier le "
    "code et réessayer. Si le problème persiste, contactez notre équipe d'assistance."
)
INVALID_CREDENTIALS = (
    "La clé publique ou la clé privée est incorrecte. Vérifiez la paire de clés API de l'instance."
)
SESSION_REQUIRED = (
    "L'en-tête X-Session-Key est obligatoire. Obtenez un jeton avec POST /api/v4/login."
)
INVALID_SESSION = (
    "Le jeton de session est inconnu ou a expiré. Reconnectez-vous avec POST /api/v4/login."
)
FORBIDDEN = "Vous n'avez pas le droit d'effectuer cette opération."
NOT_FOUND = "L'enregistrement demandé n'existe pas."
ROUTE_NOT_FOUND = "Cette adresse n'existe pas dans l'API."
METHOD_NOT_ALLOWED = "Cette méthode HTTP n'est pas acceptée pour cette adresse."
BAD_REQUEST = "La requête n'est pas valide."
VALIDATION_ERROR = "La requête n'est pas valide. Corrigez les champs signalés et réessayez."
TEXT_WITH_NUL = (
    "Le texte envoyé contient le caractère nul (\\0), qu'aucun champ n'accepte : retirez-le et "
    "réessayez."
)
RATE_LIMITED = "Trop de requêtes. Réessayez après le délai indiqué par l'en-tête Retry-After."
INTERNAL_ERROR = (
    "Une erreur interne est survenue. Réessayez plus tard ; si le problème persiste, "
    "contactez notre équipe d'assistance."
)
INVALID_JSON = "Le corps de la requête n'est pas du JSON valide."
EXPECTED_ARRAY = "Le corps de la requête doit être un tableau JSON."
TOO_MANY_ITEMS = "Un lot contient au plus {limit} éléments ; celui-ci en contient {count}."
BODY_TOO_LARGE = (
    "Le corps de la requête dépasse la limite de {limit} pour cette adresse : "
    "allégez-le (des lots plus petits pour un envoi en masse) et réessayez."
)
FORM_TOO_LARGE = (
    "Le formulaire envoyé dépasse la limite de {limit} : raccourcissez les champs et réessayez."
)

# Per-item upsert errors: the field's name is the API's (camelCase).
FIELD_MISSING = "Le champ « {field} » est obligatoire."
FIELD_TOO_LONG = "Le champ « {field} » dépasse {limit} caractères."
FIELD_TOO_SHORT = "Le champ « {field} » ne peut pas être vide."
FIELD_UNKNOWN = "Le champ « {field} » n'existe pas pour {label}."
FIELD_INVALID = "Le champ « {field} » n'est pas valide : {detail}"
ITEM_NOT_OBJECT = "Chaque élément du lot doit être un objet JSON."
EXPECTED_TEXT = "une chaîne de caractères est attendue."
NUL_CHARACTER = "le caractère nul (\\0) n'est pas accepté : retirez-le du texte."
EXPECTED_BOOL = "true ou false est attendu."
EXPECTED_NUMBER = "un nombre est attendu (nombre JSON ou chaîne numérique)."
EXPECTED_DATE = "une date au format AAAA-MM-JJ est attendue."
EXPECTED_CHOICE = "valeurs acceptées : {choices}."
EXPECTED_LIST = "une liste est attendue."
TOO_MANY_LINES = "une facture a au plus {limit} lignes ; celle-ci en a {count}."
INVALID_EMAIL = "Le champ « {field} » ne contient pas une adresse e-mail valide : « {value} »."
DUPLICATE_EMAIL = (
    "L'adresse e-mail « {email} » appartient déjà à un autre utilisateur de l'instance ; "
    "deux utilisateurs ne peuvent pas partager une adresse."
)
UNKNOWN_ACCOUNT = (
    "Le compte d'extId « {ext_id} » n'existe pas dans l'instance : envoyez d'abord le compte."
)
EXT_ID_NOT_TEXT = (
    "Chaque élément doit être un extId : une chaîne non vide d'au plus 100 caractères."
)
SECOND_COMPANY = (
    "Cette instance Sales Management est déjà liée à l’entreprise Sage « {company} ». "
    "Une seule entreprise Sage peut être configurée par instance."
)
NO_HEARTBEAT = "Aucun signal du connecteur n'a encore été reçu pour cette instance."
DUPLICATE_EXT_ID = (
    "L'extId « {ext_id} » figure plusieurs fois dans le lot ; seule sa première occurrence "
    "a été traitée."
)

# Command line.
DATABASE_UNAVAILABLE = (
    "Impossible d'ouvrir la base de données {url} : {reason}. Vérifiez le chemin, que le "
    "dossier existe et qu'il est accessible en écriture."
)
SQLITE_TOO_OLD = (
    "Ce Python utilise SQLite {version}, sans ce dont ssm-cloud a besoin (SQLite 3.35 ou plus "
    "récent, avec ses fonctions JSON) : installez un Python lié à un SQLite plus récent (ceux "
    "de python.org le sont), ou utilisez une base PostgreSQL (--database postgresql://…)."
)
DATABASE_URL_INVALID = "L'adresse de base de données {url} n'est pas valide : {reason}."
DATABASE_NOT_MIGRATED = (
    "La base de données {url} a été créée par une version sans migrations (elle a des tables "
    "mais pas de table alembic_version). Recréez-la : supprimez le fichier SQLite, ou videz "
    "la base PostgreSQL, puis relancez."
)
PORT_UNAVAILABLE = (
    "Impossible d'écouter sur {host}:{port} : {reason}. Choisissez un autre port ou arrêtez "
    "le programme qui l'utilise."
)
REQUEST_CUT_BY_STOP = (
    "Une requête encore ouverte a été interrompue par l'arrêt du service ; son client "
    "la renverra au redémarrage."
)
DUPLICATE_EXT_ID_EXISTS = "Un autre compte de l'instance a déjà l'extId « {ext_id} »."
CLIENT_CREATED_IN_SAGE = (
    "Un client ne se crée pas dans Sales Management : créez un prospect, Sage 100 le "
    "convertira en client."
)
CLIENT_MASTERED_BY_SAGE = (
    "Ce compte est un client : ses données sont gérées dans Sage 100. Modifiez-le dans Sage 100."
)
PROSPECT_CONVERTED_IN_SAGE = (
    "Un prospect ne devient client que dans Sage 100 : faites la conversion dans Sage 100."
)
EXT_ID_TAKEN = "Un autre enregistrement de l'instance a déjà l'extId « {ext_id} »."
CONTACT_DELETED_IN_SAGE = (
    "Un contact se supprime dans Sage 100, pas dans Sales Management : supprimez-le dans "
    "Sage 100, il disparaîtra ici à la synchronisation suivante."
)
UNKNOWN_ACCOUNT_ID = "Le compte {account_id} n'existe pas dans l'instance."
EXT_ID_ALREADY_BOUND = (
    "Cet enregistrement est déjà lié à l'extId « {bound} » : il ne peut pas recevoir « {ext_id} »."
)

# Quotes (issue 16). The two system sentences are the reference's, word for word; our
# details follow them in parentheses, the time in Paris.
QUOTE_VALIDATION_PENDING = (
    "VALIDATION EN COURS : Les prix sont en cours de calcul avec Sage 100. "
    "Veuillez patienter pendant la mise à jour."
)
QUOTE_VALIDATION_DETAILS = " (demandé par {author} le {when}, heure de Paris)"
QUOTE_AUTHOR_API = "l'API"
QUOTE_PRICES_VALIDATED = (
    "PRIX VALIDÉS : Les prix ont été calculés via Sage 100. Toute modification relancera le calcul."
)
QUOTE_PRICES_DETAILS = " ({when} ; {detail})"
QUOTE_ACCOUNT_NOT_IN_SAGE = (
    "Le compte {account_id} n'est pas encore enregistré dans Sage 100 : un devis se fait à un "
    "compte que Sage 100 connaît. Réessayez quand le compte sera synchronisé."
)
QUOTE_UNKNOWN_CONTACT = "Le contact {contact_id} n'existe pas pour ce compte."
QUOTE_UNKNOWN_PRODUCT = "Ligne {line} : le produit {product_id} n'existe pas dans l'instance."
QUOTE_PRODUCT_NOT_IN_SAGE = (
    "Ligne {line} : le produit « {name} » n'est pas encore enregistré dans Sage 100 ; "
    "choisissez-en un autre ou réessayez quand il sera synchronisé."
)
QUOTE_PRODUCT_NOT_AVAILABLE = (
    "Ligne {line} : le produit « {name} » n'est plus disponible à la vente ; "
    "choisissez-en un autre."
)
QUOTE_READ_ONLY = (
    "Ce devis ne peut plus être modifié dans Sales Management : il est en attente de "
    "synchronisation ou enregistré dans Sage 100. Modifiez-le dans Sage 100."
)
QUOTE_NOT_VALIDATED = (
    "Les prix de ce devis doivent d'abord être validés par Sage 100 : attendez le statut "
    "« Brouillon – Validé », puis demandez la synchronisation."
)
QUOTE_CHANGED = (
    "Le devis a changé depuis (révision {current}, reçue {sent}, statut {status}) : "
    "cette réponse ne vaut plus, la modification suivante sera calculée à son tour."
)
QUOTE_TOO_MANY_LINES = "un devis a au plus {limit} lignes ; celui-ci en a {count}."
QUOTE_DISCOUNTS_EXPECTED = "une liste d'au plus {limit} remises {{value, type}} est attendue."
QUOTE_DISCOUNT_VALUE = "une remise est un nombre positif ou nul."
QUOTE_ACCOUNT_NOT_NULL = "accountId ne peut pas être null : un devis est fait à un compte"
QUOTE_LINES_NOT_NULL = "lines ne peut pas être null : un devis a au moins une ligne"
QUOTE_LINE_POSITIONS = (
    "Les lignes envoyées ({sent}) ne sont pas celles du devis ({stored}) : envoyez chaque "
    "position du devis une fois."
)

# E-mails and the password page (MDP: « mot de passe », which linters do not take for a secret).
WELCOME_SUBJECT = "Bienvenue dans Sales Management : choisissez votre mot de passe"
WELCOME_BODY = """Bonjour {first_name},

L'instance Sales Management de {company} est prête, et vous en êtes l'administrateur
(identifiant : {email}).

Pour choisir votre mot de passe, ouvrez ce lien :

{link}

Ce lien ne sert qu'une fois et expire dans {hours} heures. S'il a expiré, ouvrez-le quand
même : la page vous proposera d'en recevoir un nouveau.

L'équipe Sales Management
"""
MASKED_LINK = "[lien personnel masqué : il ne figure que dans l'e-mail envoyé]"
MDP_PAGE_TITLE = "Choisissez votre mot de passe"
MDP_TOO_SHORT = "Le mot de passe doit contenir au moins {minimum} caractères."
MDP_TOO_SIMPLE = (
    "Ce mot de passe est une suite ou une répétition de caractères : choisissez-en un moins "
    "prévisible, par exemple une phrase de plusieurs mots."
)
MDP_TOO_COMMON = (
    "Ce mot de passe fait partie des plus utilisés : choisissez-en un autre, par exemple une "
    "phrase de plusieurs mots."
)
MDP_PERSONAL = (
    "Le mot de passe ne doit contenir ni votre nom ni votre adresse e-mail : choisissez-en un "
    "autre."
)
MDP_MISMATCH = "Les deux mots de passe saisis ne sont pas identiques."
MDP_FORM_INVALID = "Le formulaire a expiré ou n'est pas valide. Rouvrez le lien de l'e-mail."
MDP_CHANGED = (
    "Votre mot de passe est enregistré. Vous pourrez vous connecter avec votre adresse e-mail "
    "et ce mot de passe."
)
MDP_LINK_UNKNOWN = (
    "Ce lien de changement de mot de passe n'est pas valide. Vérifiez qu'il est complet, ou "
    "demandez un nouveau lien ci-dessous."
)
MDP_LINK_USED = (
    "Ce lien a déjà servi : un lien de changement de mot de passe ne s'utilise qu'une fois. "
    "Demandez un nouveau lien ci-dessous si nécessaire."
)
MDP_LINK_EXPIRED = "Ce lien a expiré. Demandez un nouveau lien ci-dessous."
MDP_FORGOT_TITLE = "Recevoir un nouveau lien"
MDP_FORGOT_INTRO = (
    "Indiquez l'adresse e-mail de votre compte : un nouveau lien pour choisir votre mot de "
    "passe vous sera envoyé."
)
MDP_FORGOT_SENT = (
    "Si un compte correspond à cette adresse, un nouveau lien vient de lui être envoyé."
)
RESET_SUBJECT = "Réinitialisation de votre mot de passe"
RESET_BODY = """Bonjour {first_name},

Un nouveau lien a été demandé pour choisir le mot de passe de votre compte Sales Management
{company} (identifiant : {email}).

Pour choisir votre mot de passe, ouvrez ce lien :

{link}

Ce lien ne sert qu'une fois et expire dans {hours} heures. Si vous n'avez rien demandé,
ignorez ce message : votre mot de passe actuel reste valable.

L'équipe Sales Management
"""
MAIL_SAVED_AFTER_SMTP_FAILURE = "{error} (message écrit dans {path})"

# The web app: login, home page.
LOGIN_PAGE_TITLE = "Connexion"
LOGIN_FAILED = "Adresse e-mail ou mot de passe incorrect."
WEB_FORM_EXPIRED = "Le formulaire a expiré. Rechargez la page et réessayez."
HOST_NOT_ALLOWED = (
    "Ce service ne répond pas à ce nom : ouvrez son adresse publique, ou ajoutez ce nom "
    "à SSM_CLOUD_ALLOWED_HOSTS."
)
SERVE_LOOPBACK_ONLY = (
    "Sans SSM_CLOUD_PUBLIC_URL, le service ne répond qu'aux noms localhost, 127.0.0.1 et ::1 : "
    "définissez SSM_CLOUD_PUBLIC_URL (https://crm.example.fr) pour l'ouvrir sous un autre nom."
)
HOME_PAGE_TITLE = "Accueil"

# Rate limits (the API's 429 answer is RATE_LIMITED, above; {minutes} is rounded up).
WEB_RATE_LIMITED = (
    "Trop de tentatives. Pour protéger les comptes, réessayez dans {minutes} minute(s)."
)

# Invitations from the web app's users page.
INVITATION_SUBJECT = "Invitation à Sales Management"
INVITATION_BODY = """Bonjour {first_name},

{inviter} vous invite à rejoindre Sales Management, le CRM de {company}
(identifiant : {email}).

Pour accepter l'invitation, choisissez votre mot de passe en ouvrant ce lien :

{link}

Ce lien ne sert qu'une fois et expire dans {hours} heures. Ensuite, connectez-vous avec
votre adresse e-mail et ce mot de passe. Si le lien a expiré, ouvrez-le quand même : la
page vous proposera d'en recevoir un nouveau.

L'équipe Sales Management
"""
