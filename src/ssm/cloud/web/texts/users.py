"""Texts of the users page (« Administration » on Starter, « Admin » on Professional)."""

from __future__ import annotations

FR: dict[str, str] = {
    "users.title": "Utilisateurs",
    "users.intro": (
        "Les commerciaux de Sage 100 arrivent ici par le connecteur. Invitez-les pour qu'ils "
        "choisissent leur mot de passe et se connectent."
    ),
    "users.col.name": "Nom",
    "users.col.email": "Adresse e-mail",
    "users.col.ext_id": "Code Sage",
    "users.col.role": "Rôle",
    "users.col.manager": "Manager",
    "users.col.status": "Statut",
    "users.col.actions": "Actions",
    "users.no_manager": "Aucun",
    "users.save_role": "Enregistrer",
    "users.invite": "Inviter",
    "users.invite_again": "Renvoyer l'invitation",
    "users.deactivate": "Désactiver",
    "users.reactivate": "Réactiver",
    "users.resync": "Resynchroniser",
    "users.you": "vous",
    "users.empty": "Aucun utilisateur.",
    "status.not_invited": "Non invité",
    "status.invited": "Invité",
    "status.active": "Actif",
    "status.deactivated": "Désactivé",
    "resync.pending": "Resynchronisation demandée",
    "resync.done": "Resynchronisation terminée",
    "resync.failed": "Échec de la resynchronisation",
    "ok.invited": (
        "Invitation envoyée à {name}. Resynchronisez maintenant ses comptes, factures et devis "
        "pour qu'ils lui soient rattachés."
    ),
    "ok.role": "Le rôle de {name} est enregistré.",
    "ok.deactivated": "{name} est désactivé : ses sessions sont fermées.",
    "ok.reactivated": "{name} est réactivé.",
    "ok.resync": (
        "Resynchronisation demandée pour {name} : le connecteur renverra ses comptes, "
        "factures et devis."
    ),
    "error.not_found": "Cet utilisateur n'existe pas dans votre instance.",
    "error.no_email": "Cet utilisateur n'a pas d'adresse e-mail : renseignez-la dans Sage 100.",
    "error.deactivated": "Réactivez cet utilisateur avant de l'inviter.",
    "error.bad_role": "Choisissez un rôle : administrateur, manager ou commercial.",
    "error.bad_manager": "Le manager choisi doit être un autre manager ou administrateur.",
    "error.own_role": "Vous ne pouvez pas retirer votre propre rôle d'administrateur.",
    "error.own_deactivation": "Vous ne pouvez pas désactiver votre propre compte.",
    "error.invitations_limited": (
        "Trop d'invitations ont été envoyées récemment par votre instance ou à cette adresse : "
        "réessayez plus tard."
    ),
    "users.summary": (
        "Utilisateurs : {total} · actifs : {active} · invités : {invited} · non invités : "
        "{not_invited} · désactivés : {deactivated}"
    ),
    "admin.workspace": "Espace de travail",
    "admin.implementation": "Implémentation : {name} (n° {id}), offre {plan}.",
    "admin.title": "Admin",
    "admin.menu": "Modules",
    "admin.users": "Utilisateurs",
    "admin.back": "Retour à Sales Management",
}
