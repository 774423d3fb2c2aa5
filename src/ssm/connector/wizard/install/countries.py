"""Where the privacy policy and terms screen is shown: a documented table, by ISO code.

The screen is shown where the local regulation requires consent to them: the European
Union, the rest of the European Economic Area (GDPR), the United Kingdom (UK GDPR) and
Switzerland (nLPD). It is skipped in the other countries where the connector is sold. A
code in neither table is refused (a typo must not silently skip the terms).
"""

from __future__ import annotations

from typing import Final

#: Countries whose regulation requires the terms screen.
TERMS_REQUIRED: Final = {
    # European Union
    "AT": "Autriche",
    "BE": "Belgique",
    "BG": "Bulgarie",
    "CY": "Chypre",
    "CZ": "Tchéquie",
    "DE": "Allemagne",
    "DK": "Danemark",
    "EE": "Estonie",
    "ES": "Espagne",
    "FI": "Finlande",
    "FR": "France",
    "GR": "Grèce",
    "HR": "Croatie",
    "HU": "Hongrie",
    "IE": "Irlande",
    "IT": "Italie",
    "LT": "Lituanie",
    "LU": "Luxembourg",
    "LV": "Lettonie",
    "MT": "Malte",
    "NL": "Pays-Bas",
    "PL": "Pologne",
    "PT": "Portugal",
    "RO": "Roumanie",
    "SE": "Suède",
    "SI": "Slovénie",
    "SK": "Slovaquie",
    # rest of the EEA
    "IS": "Islande",
    "LI": "Liechtenstein",
    "NO": "Norvège",
    # others with a GDPR-like consent rule
    "GB": "Royaume-Uni",
    "CH": "Suisse",
}

#: Countries where the connector is sold and the terms screen is not required.
TERMS_NOT_REQUIRED: Final = {
    "US": "États-Unis",
    "CA": "Canada",
    "MA": "Maroc",
    "TN": "Tunisie",
    "DZ": "Algérie",
    "SN": "Sénégal",
    "CI": "Côte d'Ivoire",
    "CM": "Cameroun",
    "BJ": "Bénin",
    "BF": "Burkina Faso",
    "ML": "Mali",
    "NE": "Niger",
    "TG": "Togo",
    "GA": "Gabon",
    "CG": "Congo",
    "CD": "République démocratique du Congo",
    "MG": "Madagascar",
    "MU": "Maurice",
    "LB": "Liban",
    "AE": "Émirats arabes unis",
}

#: Every country the wizard accepts, with its French name.
COUNTRIES: Final = {**TERMS_REQUIRED, **TERMS_NOT_REQUIRED}


def normalise(code: str) -> str:
    """``" fr "`` → ``"FR"``."""
    return code.strip().upper()


def is_known(code: str) -> bool:
    """Whether ``code`` is in the table."""
    return normalise(code) in COUNTRIES


def terms_required(code: str) -> bool:
    """Whether the terms screen is shown for ``code`` (unknown codes: shown, to be safe)."""
    return normalise(code) not in TERMS_NOT_REQUIRED
