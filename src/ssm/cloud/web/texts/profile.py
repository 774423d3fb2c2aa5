"""Texts of « Mon profil » (``/profil``)."""

from __future__ import annotations

FR: dict[str, str] = {
    "profile.title": "Mon profil",
    "profile.name": "Nom",
    "profile.email": "Adresse e-mail",
    "profile.role": "Rôle",
    "profile.instance": "Instance",
    "profile.change": "Changer votre mot de passe",
    "profile.current": "Mot de passe actuel",
    "profile.new": "Nouveau mot de passe",
    "profile.confirmation": "Confirmez le mot de passe",
    "profile.save": "Enregistrer le mot de passe",
    "profile.changed": (
        "Votre mot de passe est changé. Vos autres sessions ouvertes sont fermées."
    ),
    "profile.wrong_current": "Le mot de passe actuel est incorrect.",
}
