"""Texts of the signed-in layout: top bar, side navigation, language switch, error pages."""

from __future__ import annotations

FR: dict[str, str] = {
    "app.name": "Sales Management",
    "shell.sign_out": "Se déconnecter",
    "shell.language": "Langue",
    "shell.menu": "Menu principal",
    "nav.dashboard": "Tableau de bord",
    "nav.accounts": "Comptes",
    "nav.contacts": "Contacts",
    "nav.products": "Produits",
    "nav.invoices": "Factures",
    "nav.quotes": "Devis",
    "nav.administration": "Administration",
    "nav.admin": "Admin",
    "nav.outbox": "Courriels",
    "role.admin": "Administrateur",
    "role.manager": "Manager",
    "role.rep": "Commercial",
    "plan.starter": "Starter",
    "plan.professional": "Professional",
    "forbidden.title": "Accès refusé",
    "forbidden.message": (
        "Vous n'avez pas le droit d'ouvrir cette page. Demandez à un administrateur de "
        "votre instance si vous en avez besoin."
    ),
    "form_expired.title": "Formulaire expiré",
    "form_expired.message": "Le formulaire a expiré. Rechargez la page et réessayez.",
    "text_nul.title": "Recherche refusée",
    "text_nul.message": (
        "La recherche contient le caractère nul (\\0), qu'aucun champ n'accepte : "
        "retirez-le et réessayez."
    ),
    "not_found.title": "Page introuvable",
    "not_found.message": "Cette page n'existe pas ou n'appartient pas à votre instance.",
    "back_home": "Retour au tableau de bord",
    "home.title": "Accueil",
}
