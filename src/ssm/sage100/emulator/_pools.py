"""French demo-data pools: real cities, trades, item families, and Faker-made name pools.

Faker (``fr_FR``) is called a few hundred times to fill pools; rows are then drawn from
the pools with ``random.Random(seed)``, which keeps generation fast and deterministic.
Numbers that must *look* valid are computed: SIRET (Luhn), VAT numbers, EAN-13 barcodes.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

__all__ = [
    "CITIES",
    "FAMILIES",
    "NAF_CODES",
    "Pools",
    "ean13",
    "phone",
    "siret",
    "slug",
    "vat_number",
]

#: (postcode, city, region) — real French cities, accents as the post office spells them.
CITIES: tuple[tuple[str, str, str], ...] = (
    ("75002", "Paris", "Île-de-France"),
    ("75011", "Paris", "Île-de-France"),
    ("75015", "Paris", "Île-de-France"),
    ("92100", "Boulogne-Billancourt", "Île-de-France"),
    ("93200", "Saint-Denis", "Île-de-France"),
    ("94000", "Créteil", "Île-de-France"),
    ("91000", "Évry-Courcouronnes", "Île-de-France"),
    ("78000", "Versailles", "Île-de-France"),
    ("69002", "Lyon", "Auvergne-Rhône-Alpes"),
    ("69100", "Villeurbanne", "Auvergne-Rhône-Alpes"),
    ("42000", "Saint-Étienne", "Auvergne-Rhône-Alpes"),
    ("38000", "Grenoble", "Auvergne-Rhône-Alpes"),
    ("63000", "Clermont-Ferrand", "Auvergne-Rhône-Alpes"),
    ("74000", "Annecy", "Auvergne-Rhône-Alpes"),
    ("13001", "Marseille", "Provence-Alpes-Côte d'Azur"),
    ("13100", "Aix-en-Provence", "Provence-Alpes-Côte d'Azur"),
    ("06000", "Nice", "Provence-Alpes-Côte d'Azur"),
    ("83000", "Toulon", "Provence-Alpes-Côte d'Azur"),
    ("84000", "Avignon", "Provence-Alpes-Côte d'Azur"),
    ("31000", "Toulouse", "Occitanie"),
    ("34000", "Montpellier", "Occitanie"),
    ("30000", "Nîmes", "Occitanie"),
    ("34500", "Béziers", "Occitanie"),
    ("34200", "Sète", "Occitanie"),
    ("30100", "Alès", "Occitanie"),
    ("66000", "Perpignan", "Occitanie"),
    ("33000", "Bordeaux", "Nouvelle-Aquitaine"),
    ("87000", "Limoges", "Nouvelle-Aquitaine"),
    ("86000", "Poitiers", "Nouvelle-Aquitaine"),
    ("16000", "Angoulême", "Nouvelle-Aquitaine"),
    ("24000", "Périgueux", "Nouvelle-Aquitaine"),
    ("64000", "Pau", "Nouvelle-Aquitaine"),
    ("17000", "La Rochelle", "Nouvelle-Aquitaine"),
    ("44000", "Nantes", "Pays de la Loire"),
    ("49000", "Angers", "Pays de la Loire"),
    ("72000", "Le Mans", "Pays de la Loire"),
    ("35000", "Rennes", "Bretagne"),
    ("29200", "Brest", "Bretagne"),
    ("56000", "Vannes", "Bretagne"),
    ("59000", "Lille", "Hauts-de-France"),
    ("80000", "Amiens", "Hauts-de-France"),
    ("62000", "Arras", "Hauts-de-France"),
    ("67000", "Strasbourg", "Grand Est"),
    ("57000", "Metz", "Grand Est"),
    ("54000", "Nancy", "Grand Est"),
    ("51100", "Reims", "Grand Est"),
    ("51000", "Châlons-en-Champagne", "Grand Est"),
    ("68100", "Mulhouse", "Grand Est"),
    ("21000", "Dijon", "Bourgogne-Franche-Comté"),
    ("25000", "Besançon", "Bourgogne-Franche-Comté"),
    ("25200", "Montbéliard", "Bourgogne-Franche-Comté"),
    ("45000", "Orléans", "Centre-Val de Loire"),
    ("37000", "Tours", "Centre-Val de Loire"),
    ("18000", "Bourges", "Centre-Val de Loire"),
    ("76000", "Rouen", "Normandie"),
    ("14000", "Caen", "Normandie"),
    ("76600", "Le Havre", "Normandie"),
    ("20000", "Ajaccio", "Corse"),
)

#: NAF/APE codes of trades that buy from a wholesaler.
NAF_CODES = (
    "4690Z",
    "4669B",
    "4741Z",
    "6201Z",
    "4321A",
    "4332A",
    "5610A",
    "8690F",
    "4773Z",
    "4399C",
    "7112B",
    "4520A",
    "4941A",
    "5510Z",
    "4711D",
    "8559A",
    "6920Z",
    "4652Z",
)


@dataclass(frozen=True)
class FamilyTheme:
    """An item family: code stem, label, item nouns, qualifiers and a price range."""

    code: str
    label: str
    nouns: tuple[str, ...]
    qualifiers: tuple[str, ...]
    price: tuple[int, int]


FAMILIES: tuple[FamilyTheme, ...] = (
    FamilyTheme(
        "BUREAU",
        "Mobilier de bureau",
        ("Bureau", "Chaise", "Caisson", "Armoire", "Étagère"),
        ("ergonomique", "compact", "réglable", "en chêne", "métal"),
        (80, 900),
    ),
    FamilyTheme(
        "INFORM",
        "Informatique",
        ("Écran", "Clavier", "Souris", "Portable", "Station d'accueil"),
        ("27 pouces", "sans fil", "pro", "14 pouces", "USB-C"),
        (15, 1800),
    ),
    FamilyTheme(
        "PAPET",
        "Papeterie",
        ("Ramette", "Classeur", "Cahier", "Stylo", "Enveloppes"),
        ("A4 80 g", "à levier", "grands carreaux", "bille bleu", "kraft"),
        (1, 40),
    ),
    FamilyTheme(
        "ENTRET",
        "Produits d'entretien",
        ("Nettoyant", "Détergent", "Lingettes", "Savon", "Désinfectant"),
        ("multi-surfaces", "écologique", "5 L", "mains", "virucide"),
        (3, 60),
    ),
    FamilyTheme(
        "OUTIL",
        "Outillage",
        ("Perceuse", "Visseuse", "Scie", "Marteau", "Niveau"),
        ("sans fil 18 V", "à percussion", "sauteuse", "de charpentier", "laser"),
        (10, 450),
    ),
    FamilyTheme(
        "ELEC",
        "Matériel électrique",
        ("Câble", "Disjoncteur", "Prise", "Interrupteur", "Tableau"),
        ("3G2,5 mm²", "16 A", "étanche", "va-et-vient", "13 modules"),
        (2, 300),
    ),
    FamilyTheme(
        "EPI",
        "Équipements de protection",
        ("Gants", "Casque", "Lunettes", "Chaussures", "Gilet"),
        ("anti-coupure", "de chantier", "anti-buée", "de sécurité S3", "haute visibilité"),
        (4, 120),
    ),
    FamilyTheme(
        "CAFE",
        "Café et boissons",
        ("Café", "Thé", "Capsules", "Chocolat", "Eau"),
        ("en grains 1 kg", "vert bio", "espresso", "en poudre", "pétillante"),
        (3, 45),
    ),
    FamilyTheme(
        "EMBALL",
        "Emballage",
        ("Carton", "Film", "Adhésif", "Palette", "Étiquettes"),
        ("double cannelure", "étirable", "brun 50 mm", "Europe", "thermiques"),
        (1, 90),
    ),
    FamilyTheme(
        "PLOMB",
        "Plomberie",
        ("Robinet", "Raccord", "Tube", "Siphon", "Mitigeur"),
        ("laiton", "à sertir", "cuivre 14 mm", "de lavabo", "thermostatique"),
        (2, 350),
    ),
)


def luhn_digit(digits: str) -> str:
    """The digit that makes ``digits + digit`` pass the Luhn check."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def siret(rng: random.Random) -> str:
    """A 14-digit SIRET whose SIREN (9 digits) and whole number both pass Luhn."""
    siren = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    siren += luhn_digit(siren)
    nic = "0" + "".join(str(rng.randint(0, 9)) for _ in range(3))
    return siren + nic + luhn_digit(siren + nic)


def vat_number(siret_number: str) -> str:
    """The French intracommunity VAT number of a SIRET's SIREN."""
    siren = int(siret_number[:9])
    return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siren:09d}"


def ean13(rng: random.Random) -> str:
    """A French (prefix 3) EAN-13 barcode with a valid check digit."""
    body = "37" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def phone(rng: random.Random, postcode: str = "75000", mobile: bool = False) -> str:
    """A French phone number written ``01 23 45 67 89``, its zone matching the postcode."""
    if mobile:
        first = rng.choice("67")
    else:
        dept = int(postcode[:2]) if postcode[:2].isdigit() else 75
        first = (
            "1"
            if dept in (75, 77, 78, 91, 92, 93, 94, 95)
            else (
                "2"
                if dept in (14, 22, 29, 35, 37, 44, 45, 49, 50, 56, 72, 76, 18)
                else "3"
                if dept in (21, 25, 51, 54, 57, 59, 62, 67, 68, 80)
                else "4"
                if dept in (6, 13, 20, 30, 34, 38, 42, 63, 66, 69, 74, 83, 84)
                else "5"
            )
        )
    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
    return f"0{first} {pairs}"


def slug(text: str) -> str:
    """Lowercase ASCII for e-mail addresses and domains (``Étienne Dupré`` → ``etienne-dupre``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(c if c.isalnum() else "-" for c in ascii_text.lower())
    return "-".join(part for part in cleaned.split("-") if part)


@dataclass(frozen=True)
class Pools:
    """Name pools drawn once from Faker ``fr_FR`` with a seed."""

    last_names: tuple[str, ...]
    first_names: tuple[str, ...]
    streets: tuple[str, ...]
    companies: tuple[str, ...]
    jobs: tuple[str, ...]

    @classmethod
    def make(cls, seed: int, size: int = 400) -> Pools:
        """Draw ``size`` entries per pool from Faker seeded with ``seed``."""
        # Imported here: Faker takes 0.2 s to load, which every command paid, generating or not.
        from faker import Faker

        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        return cls(
            last_names=tuple(fake.last_name() for _ in range(size)),
            first_names=tuple(fake.first_name() for _ in range(size)),
            streets=tuple(fake.street_name() for _ in range(size)),
            companies=tuple(fake.company()[:28] for _ in range(size)),
            jobs=tuple(fake.job()[:35] for _ in range(size // 4)),
        )
