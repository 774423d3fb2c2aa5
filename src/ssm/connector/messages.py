"""The connector's French interface strings, in one catalogue.

The installer and its wizard, the configuration, the sync, the service and the command line
all say things here, so a sentence is written once and every place that shows it agrees.
Strings quoted by the installation guide (``install-guide-fr.txt``) keep its exact wording;
keeping them here lets a test compare them with the guide. Each is marked with ``_()``, the
gettext way: the French is the message id, and the English catalogue
``locale/en/LC_MESSAGES/ssm-connector.po`` translates it when the environment asks for
English (:func:`ssm.i18n.process_language`). The wizard's web pages add their chrome in
``wizard/browser/texts.py``.
"""

import errno
from typing import Final

from ssm.i18n.process import gettext_for

#: Marks a French string for ``pybabel extract`` and translates it into the process's
#: language (``locale/en/LC_MESSAGES/ssm-connector.po``) once, at import.
_ = gettext_for("ssm.connector", "ssm-connector")

# Buttons and texts quoted by the guide.
NEXT: Final = _("Suivant")
PREVIOUS: Final = _("Précédent")
CANCEL: Final = _("Annuler")
INSTALL: Final = _("Installer")
FINISH: Final = _("Terminer")
PROGRESS_NOTICE: Final = _(
    "Cette opération peut prendre quelques instants. Veillez à ne pas interrompre le processus."
)
LAUNCH_CONFIGURATION: Final = _("Lancer la configuration")


# Screen titles and texts.
WELCOME_TITLE: Final = _("Bienvenue dans l'assistant d'installation du connecteur")
WELCOME_TEXT: Final = _(
    "Cet assistant installe le connecteur Sage Sales Management pour Sage 100 FR. "
    "Il est recommandé de fermer toutes les applications ouvertes avant de commencer "
    "l'installation afin d'éviter tout conflit éventuel."
)
SAGE_RUNNING: Final = _(
    "Sage 100 semble ouvert ({names}). Fermez-le avant de poursuivre afin d'éviter tout conflit."
)
COUNTRY_LABEL: Final = _("Pays")
FOLDER_TITLE: Final = _("Choix du dossier d'installation")
FOLDER_TEXT: Final = _(
    "Sélectionnez l'emplacement où le connecteur sera installé. Vous pouvez modifier le "
    "chemin proposé si nécessaire."
)
FOLDER_LABEL: Final = _("Dossier d'installation")
TERMS_TITLE: Final = _("Politique de confidentialité et conditions générales d'utilisation")
TERMS_TEXT: Final = _(
    "Pour poursuivre, lisez puis acceptez la politique de confidentialité et les conditions "
    "générales d'utilisation de Sage Sales Management."
)
TERMS_LABEL: Final = _(
    "J'ai lu et j'accepte la politique de confidentialité et les conditions générales "
    "d'utilisation."
)
SUMMARY_TITLE: Final = _("Résumé de l'installation")
SUMMARY_TEXT: Final = _(
    "Vérifiez les paramètres ci-dessous. Si tout est correct, cliquez sur « Installer »."
)
SUMMARY_FOLDER: Final = _("Dossier d'installation")
SUMMARY_COUNTRY: Final = _("Pays")
SUMMARY_TERMS: Final = _("Conditions générales")
SUMMARY_TERMS_ACCEPTED: Final = _("acceptées")
SUMMARY_TERMS_NOT_REQUIRED: Final = _("non requises dans ce pays")
SUMMARY_SERVICE: Final = _("Service en arrière-plan")
PROGRESS_TITLE: Final = _("Installation en cours")
DONE_TITLE: Final = _("Installation terminée")
DONE_TEXT: Final = _(
    "Le connecteur est installé dans {path}. Vous pouvez lancer immédiatement sa "
    "configuration, essentielle pour établir la connexion entre Sage Sales Management et "
    "Sage 100 FR."
)

# Validation errors.
COUNTRY_UNKNOWN: Final = _(
    "Code pays inconnu : « {code} ». Indiquez un code ISO à deux lettres parmi : {known}."
)
FOLDER_MISSING: Final = _("Indiquez le dossier d'installation.")
FOLDER_RELATIVE: Final = _(
    "Le dossier d'installation « {path} » n'est pas un chemin absolu. "
    "Indiquez un chemin complet, par exemple {example}."
)
FOLDER_NOT_WRITABLE: Final = _(
    "Le dossier « {path} » n'est pas accessible en écriture ({detail}). Choisissez un autre "
    "dossier ou relancez l'installation avec un compte qui a le droit d'y écrire."
)
FOLDER_NOT_DIRECTORY: Final = _(
    "« {path} » existe déjà et n'est pas un dossier. Choisissez un dossier."
)
FOLDER_NOT_EMPTY: Final = _(
    "Le dossier « {path} » existe déjà et n'est pas vide. Choisissez un dossier vide ou nouveau."
)
FOLDER_NO_SPACE: Final = _(
    "Espace disque insuffisant pour « {path} » : {free} Mo libres, {needed} Mo nécessaires. "
    "Libérez de l'espace ou choisissez un autre disque."
)
FOLDER_IS_INSTALL: Final = _(
    "Le dossier « {path} » contient déjà une installation du connecteur. Désinstallez-la "
    "(« ssm-connector uninstall --dir {path} ») ou choisissez un autre dossier."
)
FOLDER_INSIDE_INSTALL: Final = _(
    "Le dossier « {path} » se trouve dans une installation existante du connecteur ({other}). "
    "Choisissez un dossier en dehors de celle-ci."
)
FOLDER_CONTAINS_INSTALL: Final = _(
    "Le dossier « {path} » contient une installation existante du connecteur ({other}). "
    "Choisissez un autre dossier."
)
TERMS_REQUIRED: Final = _(
    "Acceptez la politique de confidentialité et les conditions générales d'utilisation "
    "pour poursuivre."
)
BACK_AFTER_INSTALL: Final = _(
    "L'installation est faite : il n'est plus possible de revenir en arrière. "
    "Utilisez « Annuler » pour la défaire."
)
BACK_AFTER_STEP: Final = _("Cette étape est faite : il n'est plus possible de revenir en arrière.")
BACK_AT_START: Final = _("Vous êtes déjà sur le premier écran.")
WIZARD_OVER: Final = _("L'assistant est terminé.")
PREREQUISITE_FAILED: Final = _("Prérequis non rempli — {name} : {detail} {what_to_do}")

# Answers file.
ANSWERS_UNREADABLE: Final = _("Le fichier de réponses {path} est illisible : {detail}")
ANSWERS_UNKNOWN_KEY: Final = _(
    "Le fichier de réponses {path} contient une clé inconnue : « {key} »{hint}. "
    "Clés possibles : {known}."
)
ANSWERS_HINT: Final = _(" (vouliez-vous dire « {guess} » ?)")
ANSWERS_INVALID: Final = _("Le fichier de réponses {path} est invalide : {detail}")
ANSWERS_MISSING_SECTION: Final = _("Le fichier de réponses {path} n'a pas de section [install].")

# Prerequisites: names.
PRE_OS: Final = _("Système d'exploitation")
PRE_PYTHON: Final = _("Version de Python")
PRE_DISK: Final = _("Espace disque")
PRE_WRITE: Final = _("Droit d'écriture")
PRE_SAGE: Final = _("Sage 100")
PRE_SERVICE: Final = _("Droits d'enregistrement du service")
PRE_PORT: Final = _("Port local")
PRE_CLOUD: Final = _("Service Sales Management")
PRE_INSTALL: Final = _("Installation")
# Prerequisites: details and what to do.
OS_OK: Final = _("{system} {release} pris en charge.")
OS_UNSUPPORTED: Final = _("{system} {release} n'est pas pris en charge.")
OS_TODO: Final = _("Installez le connecteur sur Windows 10 ou plus, Linux, ou macOS 12 ou plus.")
PYTHON_OK: Final = _("Python {version}.")
PYTHON_OLD: Final = _("Python {version} est trop ancien (3.11 au minimum).")
PYTHON_TODO: Final = _("Installez Python 3.11 ou plus récent, puis relancez l'installation.")
DISK_OK: Final = _("{free} Mo libres.")
DISK_LOW: Final = _("{free} Mo libres, {needed} Mo nécessaires.")
DISK_TODO: Final = _("Libérez de l'espace disque ou choisissez un autre dossier d'installation.")
WRITE_OK: Final = _("{path} est accessible en écriture.")
WRITE_DENIED: Final = _("{path} n'est pas accessible en écriture ({detail}).")
WRITE_TODO: Final = _(
    "Choisissez un autre dossier ou relancez l'installation avec un compte qui a le droit "
    "d'y écrire (administrateur)."
)
SAGE_OK: Final = _("{product} {version} détecté ({location}).")
SAGE_UNSUPPORTED: Final = _(
    "{product} {version} détecté ({location}) : version non prise en charge."
)
SAGE_UNSUPPORTED_TODO: Final = _("Mettez Sage 100 à jour (versions 9 à 12 prises en charge).")
SAGE_NOT_FOUND: Final = _("Aucune installation de Sage 100 détectée.")
SAGE_NOT_FOUND_TODO: Final = _(
    "Installez le connecteur sur le serveur Sage 100, ou indiquez le dossier du serveur, ou "
    "le serveur SQL Server de Sage 100 (par exemple SRV-SAGE\\SAGE100), avec --sage-server "
    "(ou la variable SSM_SAGE100_SERVER)."
)
SAGE_UNREADABLE: Final = _("Le serveur Sage 100 {location} est illisible : {detail}")
SAGE_UNREADABLE_TODO: Final = _(
    "Vérifiez le dossier ou le serveur SQL Server indiqué et les droits d'accès à Sage 100."
)
SAGE_SQLSERVER_UNDETECTED: Final = _(
    "Serveur SQL Server {location} : version de Sage 100 non détectée depuis ce poste. "
    "{detail} La connexion est vérifiée par le « Test de connexion » de la configuration, "
    "et les colonnes de l'entreprise à « Enregistrer »."
)
SERVICE_SKIPPED: Final = _("Aucun service à enregistrer (--no-service).")
SERVICE_OK: Final = _("Le service peut être enregistré ({kind}).")
SERVICE_DENIED: Final = _("Impossible d'enregistrer le service ({detail}).")
SERVICE_TODO: Final = _(
    "Relancez l'installation en administrateur (root), sur une machine où le gestionnaire "
    "de services tourne, ou avec --no-service (conteneurs)."
)
PORT_OK: Final = _("Un port local libre est disponible sur 127.0.0.1.")
PORT_NONE: Final = _("Aucun port local libre sur 127.0.0.1 ({detail}).")
PORT_TODO: Final = _("Vérifiez la configuration réseau locale (boucle 127.0.0.1).")
CLOUD_OK: Final = _("{url} répond.")
CLOUD_NO_URL: Final = _("Adresse du service Sales Management non renseignée.")
CLOUD_NO_URL_TODO: Final = _("Indiquez-la avec --cloud-url (ou la variable SSM_CLOUD_URL).")
CLOUD_DOWN: Final = _("{url} ne répond pas ({detail}).")
CLOUD_DOWN_TODO: Final = _(
    "Vérifiez l'adresse, la connexion Internet et le proxy de ce serveur, puis réessayez."
)
INSTALL_FOUND: Final = _("Connecteur installé dans {path}{configured}.")
INSTALL_CONFIGURED: Final = _(", configuré")
INSTALL_NOT_CONFIGURED_YET: Final = _(", pas encore configuré")
INSTALL_MISCONFIGURED: Final = _(", configuration invalide")
INSTALL_MISSING: Final = _("{path} n'est pas une installation du connecteur.")
INSTALL_MISSING_TODO: Final = _("Installez le connecteur avec « ssm-connector install ».")
INSTALL_INTERRUPTED: Final = _("Une installation interrompue a été trouvée dans {path}.")
INSTALL_INTERRUPTED_TODO: Final = _(
    "Relancez « ssm-connector install » : l'installation interrompue sera annulée proprement."
)
OK: Final = _("Rien à faire.")
# doctor --dir on a configured install: the Sage company.
PRE_COMPANY: Final = _("Entreprise Sage")
PRE_DATA: Final = _("Dossier de données")
PRE_TWO_WAY: Final = _("Sales Management → Sage 100")
TWO_WAY_SQLSERVER: Final = _(
    "La synchronisation Sales Management → Sage 100 (prospects et contacts saisis dans le "
    "CRM) n'est pas disponible sur SQL Server : l'écriture directe dans la base n'a jamais "
    "été vérifiée sur un vrai serveur, et Sage 100 la réserve normalement à ses Objets "
    "Métiers. Sage 100 → Sales Management fonctionne ; les saisies du CRM restent en "
    "attente dans le CRM, sans perte."
)
DATA_OK: Final = _("Le service peut écrire son état dans {path}.")
COMPANY_OK: Final = _(
    "{company} sur {server} : génération de schéma {generation} ; {optional} ; {libres}."
)
COMPANY_OPTIONAL_NONE: Final = _("aucune colonne facultative absente")
COMPANY_OPTIONAL_MISSING: Final = _(
    "colonnes facultatives absentes (leurs champs restent vides ou sont calculés) : {columns}"
)
COMPANY_OPTIONAL_MORE: Final = _(" et {count} autre(s)")
COMPANY_LIBRES: Final = _("{count} information(s) libre(s)")
COMPANY_SCHEMA_MISSING: Final = _("{company} sur {server} : {detail}")
COMPANY_SCHEMA_TODO: Final = _(
    "Tant que cette colonne manque, cette entreprise ne peut pas être synchronisée : mettez "
    "à jour Sage 100 et sa base, ou contactez notre assistance."
)
COMPANY_UNREADABLE: Final = _("{company} sur {server} illisible : {detail}")
COMPANY_UNREADABLE_TODO: Final = _(
    "Vérifiez que le serveur Sage 100 est joignable depuis ce poste et que l'identifiant "
    "configuré a accès à la base de l'entreprise."
)
DOCTOR_AGAIN: Final = _("Puis relancez « ssm-connector doctor --dir {path} ».")

# Install, uninstall, service.
NOT_AN_INSTALL: Final = _(
    "Le dossier {path} n'est pas une installation du connecteur : rien n'a été supprimé."
)
INSTALL_FAILED: Final = _("L'installation dans {path} a échoué et a été annulée : {detail}")
UNINSTALL_FAILED: Final = _("La désinstallation de {path} a échoué : {detail}")
SERVICE_COMMAND_FAILED: Final = _("La commande « {command} » a échoué : {detail}")
WINDOWS_SERVICE_NO_PYWIN32: Final = _(
    "le service Windows demande pywin32, absent de cet environnement : installez-le avec "
    '« pip install "ssm-connector[windows]" », ou utilisez la tâche planifiée (windows-task)'
)
WINDOWS_SERVICE_NOT_WINDOWS: Final = _(
    "le service Windows (windows-service) n'existe que sous Windows"
)
WINDOWS_SERVICE_NO_DIR: Final = _(
    "Service {name} : dossier d'installation absent de ses paramètres (InstallDir) ; "
    "réinstallez le connecteur."
)
WEB_MISSING: Final = _(
    "L'assistant graphique n'est pas disponible dans cette version. Utilisez "
    "« ssm-connector install --unattended --answers FICHIER.toml » (voir docs/install.md)."
)
ANSWERS_REQUIRED: Final = _("--unattended demande un fichier de réponses : --answers FICHIER.toml.")
ANSWERS_EXPOSED: Final = _(
    "le fichier de réponses {path} contient des secrets ({keys}) que d'autres comptes de cette "
    "machine peuvent lire : lancez « chmod 600 {quoted} » ou supprimez-le après usage."
)
ANSWERS_EXPOSED_STRICT: Final = _(
    "Le fichier de réponses {path} contient des secrets ({keys}) que d'autres comptes de cette "
    "machine peuvent lire, ce que --strict refuse : lancez « chmod 600 {quoted} » puis relancez "
    "la commande."
)
INSTALLED: Final = _("Connecteur installé dans {path}.")
SERVICE_REGISTERED: Final = _("Service enregistré : {name}.")
SERVICE_NOT_REGISTERED: Final = _("Aucun service enregistré (--no-service).")
NEXT_CONFIGURE: Final = _("Étape suivante, la configuration : ssm-connector configure --dir {path}")
UNINSTALLED: Final = _("Connecteur désinstallé de {path}.")
UNINSTALLED_KEPT: Final = _("Connecteur désinstallé de {path} ; data/ et logs/ ont été conservés.")
WARNING: Final = _("Attention : {text}")

# Configuration wizard (ssm-connector configure); the guide's words are kept exactly.
CONFIGURE_LAUNCH_TITLE: Final = _("Lancement de l’assistant de configuration")
CONFIGURE_LAUNCH_TEXT: Final = _("Choisissez le type d’installation.")
CONFIGURE_MODE_LABEL: Final = _("Type d’installation")
CONFIGURE_MODES: Final = {"rapide": _("Installation rapide"), "avancee": _("Installation avancée")}
CONFIGURE_MODE_TEXTS: Final = {
    "rapide": (
        _(
            "C’est le parcours recommandé pour tous les utilisateurs. Une nouvelle instance de "
            "Sage Sales Management est toujours créée."
        )
    ),
    "avancee": (
        _(
            "Réservée aux cas particuliers, notamment la réinstallation du connecteur : rattache "
            "Sage 100 FR à une instance existante."
        )
    ),
}
CONFIGURE_MODE_UNKNOWN: Final = _("Type d’installation inconnu : « {mode} ». Possibles : {known}.")
CONFIGURE_ALREADY_CONFIGURED: Final = _(
    "Le connecteur de {path} est déjà configuré. Pour le relier à une autre entreprise ou à "
    "une autre instance, désinstallez-le (ssm-connector uninstall --dir {path} --keep-data) "
    "puis réinstallez-le."
)
CONFIGURE_PREREQ_TITLE: Final = _("Prérequis techniques")
CONFIGURE_PREREQ_TEXT: Final = _(
    "L’assistant a détecté la version de Sage 100 installée. Versions prises en charge : "
    "Sage 100 v{first} à v{last}."
)
CONFIGURE_SERVER_LABEL: Final = _("Serveur Sage 100")
CONFIGURE_SERVER_HELP: Final = _(
    "Le serveur SQL Server qui héberge les bases Sage 100, comme dans SQL Server Management "
    "Studio : SERVEUR\\INSTANCE (par exemple SRV-SAGE\\SAGE100), SERVEUR ou SERVEUR,PORT ; "
    "ou le dossier d’un serveur Sage 100 émulé (démonstration, essais)."
)
CONFIGURE_SERVER_MISSING: Final = _("Indiquez le serveur Sage 100 (sage_server).")
CONFIGURE_AUTH_LABEL: Final = _("Connexion au serveur SQL Server")
CONFIGURE_AUTH_MODES: Final = {
    "windows": _("Authentification Windows"),
    "sql": _("Authentification SQL Server"),
}
CONFIGURE_AUTH_HELP: Final = _(
    "Authentification Windows : le compte Windows sous lequel tourne le connecteur (son "
    "service) doit avoir accès aux bases Sage. Authentification SQL Server : saisissez un "
    "identifiant SQL Server et son mot de passe. Sans objet pour un serveur émulé."
)
CONFIGURE_SQL_USER_LABEL: Final = _("Identifiant SQL Server")
CONFIGURE_SQL_USER_HELP: Final = _(
    "Avec l’authentification SQL Server seulement : un identifiant qui peut lire les bases "
    "Sage (rôle db_datareader), par exemple ssm_lecture."
)
CONFIGURE_SQL_PASSWORD_LABEL: Final = _("Mot de passe SQL Server")
CONFIGURE_SQL_KEPT_HELP: Final = _(
    "Un mot de passe a déjà été saisi pour cet identifiant : laissez ce champ vide pour le garder."
)
CONFIGURE_AUTH_UNKNOWN: Final = _(
    "Mode d’authentification inconnu : « {mode} ». Possibles : windows (Authentification "
    "Windows) ou sql (Authentification SQL Server)."
)
CONFIGURE_SQL_USER_MISSING: Final = _(
    "Avec « Authentification SQL Server », indiquez l’identifiant SQL Server (sql_user), ou "
    "choisissez « Authentification Windows »."
)
CONFIGURE_VERSION_LATER: Final = _(
    "Version de Sage 100 non détectée depuis ce poste : la connexion au serveur SQL Server "
    "est vérifiée à l’étape « Test de connexion »."
)
CONFIGURE_CONNECTION_SQL: Final = _("{server}, {mode} « {user} »")
CONFIGURE_CONNECTION_WINDOWS: Final = _("{server}, {mode}")
CONFIGURE_VERSION_NOT_FOUND: Final = _("Aucune version de Sage 100 détectée pour l’instant.")
CONFIGURE_INSTANCE_TITLE: Final = _("Instance Sales Management existante")
CONFIGURE_INSTANCE_TEXT: Final = _(
    "Indiquez l’instance à laquelle rattacher Sage 100 FR et sa paire de clés d’API, telles "
    "qu’enregistrées lors de la première installation."
)
CONFIGURE_INSTANCE_ID_LABEL: Final = _("Identifiant de l’instance")
CONFIGURE_PUBLIC_KEY_LABEL: Final = _("Clé d’API publique")
CONFIGURE_PRIVATE_KEY_LABEL: Final = _("Clé d’API privée")
CONFIGURE_INSTANCE_MISSING: Final = _(
    "Renseignez l’identifiant de l’instance, la clé publique et la clé privée."
)
CONFIGURE_INSTANCE_ID_INVALID: Final = _(
    "L’identifiant de l’instance est un nombre entier : « {value} » ne convient pas."
)
CONFIGURE_KEY_TITLE: Final = _("Saisie de la clé d’activation")
CONFIGURE_KEY_TEXT: Final = _(
    "Entrez la clé d’activation reçue par e-mail afin de poursuivre la configuration du connecteur."
)
CONFIGURE_KEY_LABEL: Final = _("Clé d’activation reçue par e-mail")
CONFIGURE_CLOUD_LABEL: Final = _("Adresse du service Sales Management")
CONFIGURE_CLOUD_MISSING: Final = _(
    "Indiquez l’adresse du service Sales Management (cloud_url, --cloud-url ou SSM_CLOUD_URL)."
)
CONFIGURE_CONNECTION_TITLE: Final = _("Connexion à la base de données Sage 100")
CONFIGURE_CONNECTION_TEXT: Final = _(
    "Pour les systèmes Sage qui utilisent des objets COM, comme Sage 100 FR, la connexion est "
    "généralement déjà établie : aucun identifiant supplémentaire n’est requis. Cliquez sur "
    "« Test de connexion » pour vérifier la liaison avec votre base Sage 100 ({server})."
)
CONFIGURE_CONNECTION_BUTTON: Final = _("Test de connexion")
CONFIGURE_CONNECTION_NONE: Final = _("Le serveur Sage 100 {server} ne contient aucune entreprise.")
CONFIGURE_CONNECTION_OK: Final = _(
    "Connexion réussie : {count} entreprise(s) trouvée(s) sur {server}."
)
CONFIGURE_ADMIN_TITLE: Final = _("Sélection de l’administrateur")
CONFIGURE_ADMIN_TEXT: Final = _(
    "Cet utilisateur est requis pour créer l’implémentation et activer l’intégration ; il "
    "reçoit un e-mail de bienvenue et une demande de modification de mot de passe."
)
CONFIGURE_ADMIN_TYPED_TEXT: Final = _(
    "Aucun commercial de Sage 100 n’a d’adresse e-mail : saisissez les informations de "
    "l’administrateur."
)
CONFIGURE_ADMIN_OTHER: Final = _("Autre personne (saisie ci-dessous)")
CONFIGURE_ADMIN_FIRST: Final = _("Prénom")
CONFIGURE_ADMIN_LAST: Final = _("Nom")
CONFIGURE_ADMIN_EMAIL: Final = _("Adresse e-mail")
CONFIGURE_ADMIN_MISSING: Final = _(
    "Renseignez le prénom, le nom et l’adresse e-mail de l’administrateur."
)
CONFIGURE_ADMIN_BAD_EMAIL: Final = _(
    "L’adresse e-mail de l’administrateur est invalide : « {email} »."
)
CONFIGURE_COMPANY_TITLE: Final = _("Sélection de l’entreprise Sage à intégrer")
CONFIGURE_COMPANY_TEXT: Final = _(
    "Chaque entreprise correspond à une base de données distincte dans votre environnement "
    "Sage 100. Cliquez sur « Configurer » pour l’entreprise à intégrer."
)
CONFIGURE_COMPANY_LABEL: Final = _("Entreprises Sage")
CONFIGURE_COMPANY_BUTTON: Final = _("Configurer")
CONFIGURE_CONFIRM_TITLE: Final = _("Fenêtre de confirmation")
CONFIGURE_SINGLE_COMPANY: Final = _(
    "N'oubliez pas que dans la version actuelle, il est uniquement possible de configurer une "
    "seule entreprise Sage. Voulez-vous continuer à configurer cette entreprise Sage ?"
)
CONFIGURE_COMPANY_UNKNOWN: Final = _(
    "L’entreprise « {company} » est introuvable sur le serveur Sage 100. Possibles : {known}."
)
CONFIGURE_SECOND_COMPANY: Final = _(
    "Cette instance Sales Management est déjà liée à l’entreprise Sage « {company} ». Une "
    "seule entreprise Sage peut être configurée par instance."
)
CONFIGURE_ONLY_ONE: Final = _(
    "Dans la version actuelle, une seule entreprise Sage peut être configurée : « {company} » "
    "est déjà prête à synchroniser."
)
CONFIGURE_CREDENTIALS_TITLE: Final = _("Configuration de l’entreprise sélectionnée")
CONFIGURE_CREDENTIALS_TEXT: Final = _(
    "Indiquez votre identifiant utilisateur Sage et votre mot de passe pour l’entreprise "
    "{company}, puis cliquez sur « Enregistrer » : un test de connexion est effectué."
)
CONFIGURE_USER_LABEL: Final = _("Identifiant utilisateur Sage")
CONFIGURE_PASSWORD_LABEL: Final = _("Mot de passe")
CONFIGURE_SAVE: Final = _("Enregistrer")
CONFIGURE_CREDENTIALS_HELP_SQLSERVER: Final = _(
    "Sur SQL Server, « Enregistrer » vérifie que cet utilisateur existe dans Sage 100 ; son "
    "mot de passe, chiffré par Sage, ne peut être vérifié que s’il est vide (utilisateur "
    "sans mot de passe : laissez le champ vide)."
)
CONFIGURE_COMPANY_REFUSED: Final = _(
    "L’entreprise « {company} » ne peut pas être synchronisée : {detail} Rien n’a été "
    "enregistré et aucune clé d’activation n’a été utilisée."
)
CONFIGURE_LOGIN_REFUSED: Final = _(
    "Connexion à Sage 100 refusée pour l’entreprise « {company} » : {detail} Vérifiez "
    "l’identifiant et le mot de passe Sage ; aucune clé d’activation n’a été utilisée."
)
CONFIGURE_SUMMARY_TITLE: Final = _("Récapitulatif des entreprises Sage")
CONFIGURE_SUMMARY_TEXT: Final = _(
    "Vérifiez que l’entreprise que vous avez configurée est bien listée comme prête à "
    "synchroniser, puis cliquez sur « Suivant »."
)
CONFIGURE_READY: Final = _("Prêt à synchroniser")
CONFIGURE_ACTIVATION_TITLE: Final = _("Activation de l’intégration initiale")
CONFIGURE_ACTIVATION_TEXT: Final = _(
    "La configuration est terminée : l’entreprise « {company} » est prête à synchroniser. "
    "Cliquez sur « Activer » pour activer la synchronisation des données ; elle s’exécutera "
    "automatiquement en arrière-plan via le service installé avec le connecteur."
)
CONFIGURE_ACTIVATE: Final = _("Activer")
CONFIGURE_END_TITLE: Final = _("Fin de la configuration")
CONFIGURE_END_TEXT: Final = _(
    "Le processus a été mené à bien : le connecteur synchronise désormais les données "
    "automatiquement en arrière-plan. {started}"
)
CONFIGURE_END_LOGS: Final = _(
    "En cas de problème, consultez les fichiers journaux (logs) du poste d’installation : {logs}"
)
CONFIGURE_KNOWLEDGE_BASE: Final = _(
    "Base de connaissances : le fonctionnement de la synchronisation"
)
CONFIGURE_IOS_APP: Final = _("Application mobile pour iOS")
CONFIGURE_ANDROID_APP: Final = _("Application mobile pour Android")
CONFIGURE_DONE: Final = _("Connecteur configuré dans {path} : entreprise {company}. {started}")
SETUP_UNDONE: Final = _(
    "L’installation dans {path} a été annulée : corrigez le fichier de réponses, "
    "puis relancez la même commande."
)
CONFIGURE_NOT_AN_INSTALL: Final = _(
    "Le dossier {path} n’existe pas : installez d’abord le connecteur."
)
BACKGROUND_ALREADY_RUNNING: Final = _("La synchronisation tourne déjà en arrière-plan.")
BACKGROUND_SERVICE: Final = _("Service démarré ({kind} : {name}) : la synchronisation a commencé.")
BACKGROUND_PROCESS: Final = _(
    "Synchronisation lancée en arrière-plan (processus {pid}, aucun service enregistré)."
)
BACKGROUND_FAILED: Final = _(
    "La synchronisation en arrière-plan n’a pas démarré. Consultez {log}, puis cliquez de "
    "nouveau sur « Activer » : la configuration est déjà enregistrée."
)
ANSWERS_MISSING_TABLE: Final = _("La table [{section}] manque dans {path}.")
CONFIGURE_ANSWERS_MISSING: Final = _("Valeur obligatoire absente dans {path} : {key}.")


# Configuration, synchronisation, service and command line.
INVALID_ACTIVATION_KEY: Final = _(
    "Le code d'activation saisi n'est pas valide. Il peut avoir été utilisé précédemment, "
    "ne pas exister, ou une erreur est survenue lors de son traitement. Veuillez vérifier le "
    "code et réessayer. Si le problème persiste, contactez notre équipe d'assistance."
)
CLOUD_UNREACHABLE: Final = _(
    "Le service Sales Management est injoignable à l'adresse {url} ({reason}). "
    "Vérifiez l'adresse et la connexion réseau, puis réessayez."
)
CLOUD_AUTH_REFUSED: Final = _(
    "Le service Sales Management a refusé les clés d'API de cette installation. "
    "Relancez la configuration du connecteur."
)
CLOUD_FAILED: Final = _(
    "Le service Sales Management a répondu par une erreur ({status}) : {detail}"
)
INSTALL_NOT_CONFIGURED: Final = _(
    "Le dossier {path} ne contient pas de connecteur configuré (fichier {file} absent). "
    "Lancez d'abord « ssm-connector configure »."
)
CONFIG_INVALID: Final = _(
    "La configuration {file} est invalide : {detail}. Corrigez ce fichier ou relancez "
    "« ssm-connector configure »."
)
CONFIG_NOT_UTF8: Final = _("le fichier n'est pas encodé en UTF-8 (octet illisible n° {position})")
CONFIG_UNREADABLE: Final = _("le fichier est illisible ({reason})")
CONFIG_TOML: Final = _("erreur de syntaxe TOML ligne {line}, colonne {column} ({reason})")
CONFIG_UNKNOWN_KEY: Final = _("clé inconnue « {key} »")
CONFIG_DID_YOU_MEAN: Final = _(" (vouliez-vous dire « {known} » ?)")
CONFIG_MISSING_KEY: Final = _("clé obligatoire « {key} » absente")
CONFIG_BAD_VALUE: Final = _("valeur refusée pour « {key} » ({reason})")
#: French for the TOML parser's English reasons; the rest are quoted as they come.
TOML_REASONS: Final = {
    "Expected ']' at the end of a table declaration": _(
        "« ] » attendu en fin d'en-tête de section"
    ),
    "Expected '=' after a key in a key/value pair": _("« = » attendu après la clé"),
    "Invalid value": _("valeur invalide"),
    "Unterminated string": _("chaîne de caractères non terminée"),
    "Invalid statement": _("instruction invalide"),
    "Cannot overwrite a value": _("clé déjà définie"),
    "Cannot declare": _("section déjà déclarée"),
}
#: French for pydantic's reasons a value is refused, by error type; ``{input}`` is the value.
VALUE_REASONS: Final = {
    "greater_than": _("{input} : il faut une valeur supérieure à {gt}"),
    "greater_than_equal": _("{input} : il faut une valeur d'au moins {ge}"),
    "less_than_equal": _("{input} : il faut une valeur d'au plus {le}"),
    "int_parsing": _("« {input} » n'est pas un nombre entier"),
    "int_type": _("« {input} » n'est pas un nombre entier"),
    "float_parsing": _("« {input} » n'est pas un nombre"),
    "float_type": _("« {input} » n'est pas un nombre"),
    "string_type": _("« {input} » n'est pas un texte entre guillemets"),
    "literal_error": _("« {input} » : valeurs possibles {expected}"),
    "model_type": _("une section [ ] est attendue"),
    "value_error": _("{error}"),
}
STATE_READ_ONLY: Final = _(
    "Le dossier de données {path} est en lecture seule ({reason}) : donnez au compte du "
    "service le droit d'y écrire ; la synchronisation reprendra là où elle s'est arrêtée, "
    "sans rien perdre."
)
STATE_DISK_FULL: Final = _(
    "Impossible d'écrire dans le dossier de données {path} : le disque est plein ou refuse "
    "l'écriture ({reason}). Libérez de la place ; la synchronisation reprendra là où elle "
    "s'est arrêtée, sans rien perdre."
)
STATE_UNUSABLE: Final = _(
    "Le fichier d'état {file} est inutilisable ({reason}) : vérifiez le dossier {path} et "
    "ses droits, puis relancez."
)
#: French reasons of the state file's failures, by SQLite error name (prefix) and errno.
SQLITE_REASONS: Final = {
    "SQLITE_FULL": _("disque plein"),
    "SQLITE_IOERR": _("erreur d'écriture sur le disque"),
    "SQLITE_READONLY": _("écriture refusée"),
    "SQLITE_CANTOPEN": _("fichier impossible à ouvrir"),
    "SQLITE_PERM": _("accès refusé"),
    "SQLITE_CORRUPT": _("fichier endommagé"),
    "SQLITE_NOTADB": _("ce n'est pas un fichier d'état"),
}
OS_REASONS: Final = {
    errno.EACCES: _("accès refusé"),
    errno.EPERM: _("opération non permise"),
    errno.EROFS: _("système de fichiers en lecture seule"),
    errno.ENOSPC: _("disque plein"),
    errno.EFBIG: _("taille de fichier maximale atteinte"),
}
SERVICE_WAITING: Final = _("{reason} Le service réessaiera dans {delay:.0f} s.")
SYNC_CRASHED: Final = _(
    "La passe de synchronisation s'est arrêtée sur une erreur inattendue ({reason}) : rien "
    "n'est perdu, elle reprendra dans {delay:.0f} s. Si l'erreur persiste, envoyez le journal "
    "{logs} à l'assistance."
)
LOG_UNWRITABLE: Final = _(
    "Le journal {file} ne peut pas être écrit ({reason}) : libérez de la place sur son disque "
    "ou donnez au service le droit d'y écrire."
)
UNEXPECTED: Final = _(
    "Erreur inattendue ({reason}). Relancez la commande avec --debug pour le détail, et "
    "envoyez-le à l'assistance si l'erreur persiste."
)
DEMO_CHILD_FAILED: Final = _("Le service de démonstration « {name} » n'a pas démarré : {detail}")
WORKDIR_UNUSABLE: Final = _("Le dossier de travail {path} est inutilisable : {detail}")
RUN_STATUS: Final = {
    "succeeded": _("réussie"),
    "partial": _("partielle : des enregistrements ont été refusés"),
    "failed": _("échouée"),
}
MASS_DELETION_REFUSED: Final = _(
    "Réconciliation de « {stream} » interrompue : Sage 100 ne renvoie aucune clé alors que "
    "{known} enregistrements ont été synchronisés. Vérifiez la société configurée ; rien n'a "
    "été supprimé."
)
UNKNOWN_ENTITY: Final = _("Entité inconnue : {entity}. Entités possibles : {known}.")
ALREADY_RUNNING: Final = _(
    "Le connecteur de {path} tourne déjà : un seul service par installation. "
    "Arrêtez-le avant d'en lancer un autre."
)
RESYNC_DONE: Final = _(
    "Resynchronisation faite : {entities}. Pas encore synchronisé par le connecteur : {skipped}."
)
STATUS_RUNNING: Final = _("En cours")
STATUS_STOPPED: Final = _("Arrêté")
STATUS_INCIDENT: Final = _("Dernier incident ({at}) : {message}")
STATUS_PROGRESS: Final = _("Passe en cours depuis {since} : {done}")
STATUS_PROGRESS_STREAM: Final = _("{stream} {count}")
STATUS_INTERRUPTED: Final = _(
    "La passe {run} du {at} a été interrompue (processus arrêté en cours de passe) : la "
    "suivante reprend là où elle s'est arrêtée."
)
UNKNOWN_REP_EMAIL: Final = _(
    "Aucun commercial de Sage 100 n'a l'adresse e-mail {email}. "
    "Vérifiez l'adresse ou renseignez-la dans la fiche collaborateur de Sage 100."
)
ACCOUNT_WITHOUT_NAME: Final = _(
    "Le tiers {key} n'a pas d'intitulé dans Sage 100 : un compte sans nom ne peut pas être "
    "créé. Renseignez l'intitulé de la fiche tiers dans Sage 100."
)
CONTACT_WITHOUT_NAME: Final = _(
    "Le contact n° {key} du tiers {tiers} n'a pas de nom dans Sage 100 : renseignez-le dans "
    "Sage 100."
)
STREAM_STATUS: Final = {
    "succeeded": _("réussi"),
    "partial": _("partiel"),
    "failed": _("échoué"),
    "never": _("jamais lancé"),
    "running": _("en cours"),
    "interrupted": _("interrompu"),
    "crashed": _("arrêté sur erreur"),
}
INSTANCE_MISMATCH: Final = _(
    "Ces clés d'API ouvrent l'instance {found}, pas l'instance {given} indiquée. Vérifiez "
    "l'identifiant de l'instance et les clés."
)
# Where the secrets are kept (ssm.connector.secret_store).
KEYRING_UNUSABLE: Final = _(
    "Le trousseau du système ne peut pas garder les secrets de cette installation "
    "({backend} : {reason}). Installez ou déverrouillez un trousseau, ou choisissez le "
    "fichier protégé avec {env}=file."
)
STORE_ENV_INVALID: Final = _(
    "La variable {env} vaut « {value} » : valeurs possibles « auto », « keyring » ou « file »."
)
ENVIRONMENT_INVALID: Final = _(
    "La variable d'environnement {name} vaut « {value} », qui n'est pas une valeur possible : "
    "corrigez-la ou supprimez-la (voir docs/configuration.md)."
)
KEYRING_SECRETS_MISSING: Final = _(
    "Les secrets de l'installation {path} sont introuvables dans le trousseau du système "
    "({backend}, service « {service} », entrée « {entry} »). Relancez "
    "« ssm-connector configure » en tant qu'utilisateur qui a configuré le connecteur pour "
    "les saisir de nouveau."
)
KEYRING_LOCKED: Final = _(
    "Le trousseau du système ({backend}) est verrouillé ou indisponible pour l'installation "
    "{path} : {reason}. Ouvrez une session de l'utilisateur qui a configuré le connecteur "
    "pour le déverrouiller, ou relancez « ssm-connector configure » avec {env}=file pour "
    "garder les secrets dans un fichier protégé."
)
KEYRING_WRITE_FAILED: Final = _(
    "Impossible d'écrire les secrets de l'installation {path} dans le trousseau du système "
    "({backend}) : {reason}. Déverrouillez le trousseau et réessayez, ou relancez la "
    "configuration avec {env}=file."
)
SECRETS_FILE_INVALID: Final = _(
    "Le fichier de secrets {file} est illisible ou invalide ({detail}). Relancez "
    "« ssm-connector configure » pour le réécrire."
)
SECRETS_FILE_MISSING: Final = _(
    "Le fichier de secrets {file} est absent. Relancez « ssm-connector configure »."
)
SQL_LOGIN_INCOMPLETE: Final = _(
    "La configuration de l'entreprise {company} ({server}) choisit l'authentification SQL "
    "Server (identifiant « {user} ») mais le mot de passe de cet identifiant manque dans "
    "les secrets. Relancez « ssm-connector configure » pour le saisir de nouveau."
)
SQL_USER_MISSING: Final = _(
    'l\'authentification SQL Server (authentication = "sql") demande un identifiant SQL '
    "Server (sql_user)"
)
ERRORS_REPORT_REFUSED: Final = _(
    "La liste des erreurs de synchronisation ({count} enregistrements) n'a pas été acceptée "
    "par Sales Management ({reason}) : les badges de l'application web ne sont pas à jour. "
    "Elle sera renvoyée dès qu'elle changera ; si le refus se répète, mettez à jour le "
    "connecteur ou contactez l'assistance. « ssm-connector status » montre la liste complète."
)
STREAM_DEFERRED: Final = _(
    "Reporté au prochain passage : le flux « {parent} », dont ce flux dépend, n'a pas "
    "abouti ; rien n'est perdu, il repartira de là où il s'est arrêté."
)
CONFLICT_SAGE_WINS: Final = _(
    "Conflit sur {label} {key} : le champ « {field} » a été modifié dans Sage 100 et dans "
    "Sales Management entre deux synchronisations. La valeur de Sage 100 {kept}, modifiée "
    "plus tard (ou dans la même minute), est conservée ; celle de Sales Management "
    "{overwritten} est remplacée par elle."
)
CONFLICT_CRM_WINS: Final = _(
    "Conflit sur {label} {key} : le champ « {field} » a été modifié dans Sage 100 et dans "
    "Sales Management entre deux synchronisations. La valeur de Sales Management {kept}, "
    "modifiée plus tard, est écrite dans Sage 100 ; celle de Sage 100 {overwritten} est "
    "remplacée."
)
EMPTY_VALUE: Final = _("(vide)")
STATUS_CONFLICTS: Final = _(
    "{stream} : {count} champ(s) modifié(s) des deux côtés lors de la dernière passe ; la "
    "valeur écartée de chacun est dans le journal (événement crm_to_sage.conflict)."
)

# Quotes priced by Sage 100 (``sync/_quote_export``): the summary that ends the CRM's
# «PRIX VALIDÉS» comment, and the one refusal the connector makes itself.
QUOTE_LINE_PRICED: Final = _("ligne {number} « {description} »: {before} → {after}{reasons}")
QUOTE_BASE_CLIENT: Final = _("tarif client")
QUOTE_BASE_CATEGORY: Final = _("tarif de catégorie")
QUOTE_DISCOUNT: Final = _("remise {label}")
QUOTE_TTC: Final = _(" TTC")
QUOTE_PRICES_UNCHANGED: Final = _("prix inchangés")
QUOTE_MORE_LINES: Final = _(" ; et {count} autre(s) ligne(s) modifiée(s)")
QUOTE_NOT_PRICED: Final = _(
    "Le devis n'a pas de prix validés par Sage 100 : modifiez-le pour que Sage 100 le "
    "chiffre, puis demandez à nouveau sa synchronisation."
)
