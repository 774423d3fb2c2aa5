"""Ready-made table specs for what a CRM needs from Sage 100: clients, contacts, items, documents.

Each is a :class:`TableSpec` naming the Sage columns a connector maps, required or
optional (``docs/sage100-reading.md``: what every supported version has is required, what
varies by version is optional); readers add ``cbMarq`` and ``cbModification`` themselves.
Sales documents are :class:`DocumentSpec`: headers of some ``DO_Type`` read whole with
their lines (``read_documents``), invoices and quotes each with the line columns they need.
The initial read pages by ``cbMarq`` (the primary key), so chunk sizes only
trade memory against round trips. Keep them at 2,000 or less on tables a composite
reader joins: SQL Server takes at most 2,100 parameters in a statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ssm.sage100._read import TableSpec
from ssm.sage100.schema import (
    F_COLLABORATEUR,
    F_COMPTET,
    F_CONTACTT,
    F_DOCENTETE,
    F_DOCLIGNE,
    CT_Type,
    DO_Domaine,
    DO_Type,
)

__all__ = [
    "ARTICLES",
    "CLIENTS",
    "COLLABORATEURS",
    "CONTACTS",
    "DOCUMENTS",
    "DOCUMENT_LINES",
    "DOCUMENT_LINE_COLUMNS",
    "DOCUMENT_LINE_JSON",
    "INVOICES",
    "INVOICE_TYPES",
    "QUOTES",
    "QUOTE_LINES",
    "SALES_DOCUMENTS",
    "USERS",
    "DocumentSpec",
]

#: Sales invoices: ``DO_Type`` 6 (facture) and 7 (comptabilisée). Credit notes are among
#: them, with ``DO_Provenance`` 1 (retour) or 2 (avoir).
INVOICE_TYPES: tuple[DO_Type, ...] = (DO_Type.FACTURE, DO_Type.FACTURE_COMPTABILISEE)

#: ``F_COMPTET`` rows with ``CT_Type = 0``: clients, prospects included (``CT_Prospect``).
CLIENTS = TableSpec(
    table="F_COMPTET",
    key="CT_Num",
    columns=("CT_Num", "CT_Intitule", "CT_Type"),
    optional=(
        "CT_Prospect",
        "CT_Sommeil",
        "CT_Qualite",
        "CT_Classement",
        "CT_Contact",
        "CT_Adresse",
        "CT_Complement",
        "CT_CodePostal",
        "CT_Ville",
        "CT_CodeRegion",
        "CT_Pays",
        "CT_Telephone",
        "CT_Telecopie",
        "CT_EMail",
        "CT_Site",
        "CT_Siret",
        "CT_Ape",
        "CT_Identifiant",
        "CT_Commentaire",
        "CO_No",
        "N_CatTarif",
        "CT_DateCreate",
    ),
    where=F_COMPTET.c.CT_Type == CT_Type.CLIENT,
    chunk_size=2000,
)

#: ``F_CONTACTT``: contacts, except those of tiers that are not clients or prospects.
CONTACTS = TableSpec(
    table="F_CONTACTT",
    key="CT_No",
    columns=("CT_Num", "CT_No", "CT_Nom"),
    optional=(
        "CT_Prenom",
        "N_Service",
        "CT_Fonction",
        "CT_Telephone",
        "CT_TelPortable",
        "CT_Telecopie",
        "CT_EMail",
        "CT_Civilite",
        "N_Contact",
        "CT_LinkedIn",
    ),
    # Contacts of suppliers, employees and others have no account in the CRM; contacts of a
    # tiers that does not exist stay, so the connector reports them instead of hiding them.
    # Compared on Sage's binary copies: ICT_TYPE (CT_Type, cbCT_Num) answers the subquery.
    where=F_CONTACTT.c.cbCT_Num.not_in(
        select(F_COMPTET.c.cbCT_Num).where(F_COMPTET.c.CT_Type > CT_Type.CLIENT)
    ),
    chunk_size=5000,
)

#: ``F_COLLABORATEUR``: sales reps and other staff (``CO_Vendeur = 1`` for reps).
#: ``CO_Sommeil`` exists in recent versions only: without it every rep is active.
COLLABORATEURS = TableSpec(
    table="F_COLLABORATEUR",
    key="CO_No",
    columns=("CO_No", "CO_Nom", "CO_Vendeur"),
    optional=(
        "CO_Prenom",
        "CO_Fonction",
        "CO_Telephone",
        "CO_TelPortable",
        "CO_EMail",
        "CO_Sommeil",
    ),
)

#: ``F_COLLABORATEUR`` sales reps only (``CO_Vendeur = 1``): the CRM's users.
USERS = TableSpec(
    table="F_COLLABORATEUR",
    key="CO_No",
    columns=COLLABORATEURS.columns,
    optional=COLLABORATEURS.optional,
    where=F_COLLABORATEUR.c.CO_Vendeur == 1,
)

#: ``F_ARTICLE``: items with family, prices and sleeping flag.
ARTICLES = TableSpec(
    table="F_ARTICLE",
    key="AR_Ref",
    columns=("AR_Ref", "AR_Design", "FA_CodeFamille"),
    optional=(
        "AR_PrixVen",
        "AR_PrixTTC",
        "AR_PrixAch",
        "AR_UniteVen",
        "AR_Sommeil",
        "AR_CodeBarre",
        "AR_Publie",
    ),
    chunk_size=5000,
)

#: ``F_DOCENTETE`` sales documents (``DO_Domaine = 0``); track them by ``cbMarq``.
#: The total including tax exists from generation C only. Status, depot, delivery date,
#: amounts due and paid are not read: no mapper uses them, and each column read costs
#: CPU on every header (issue 14).
DOCUMENTS = TableSpec(
    table="F_DOCENTETE",
    key="cbMarq",
    columns=("DO_Domaine", "DO_Type", "DO_Piece", "DO_Date", "DO_Tiers", "DO_TotalHT"),
    optional=("DO_Ref", "CO_No", "DO_Provenance", "DO_TotalTTC"),
    where=F_DOCENTETE.c.DO_Domaine == DO_Domaine.VENTES,
    chunk_size=5000,
)

#: ``F_DOCLIGNE`` sales lines (``DO_Domaine = 0``); track them by ``DL_No``.
DOCUMENT_LINES = TableSpec(
    table="F_DOCLIGNE",
    key="DL_No",
    columns=(
        "DO_Domaine",
        "DO_Type",
        "DO_Piece",
        "DL_No",
        "DL_Ligne",
        "AR_Ref",
        "DL_Qte",
        "DL_MontantHT",
    ),
    optional=(
        "DL_Design",
        "DL_PrixUnitaire",
        "DL_Remise01REM_Valeur",
        "DL_MontantTTC",
    ),
    where=F_DOCLIGNE.c.DO_Domaine == DO_Domaine.VENTES,
    chunk_size=10000,
)

#: ``F_DOCLIGNE`` sales lines with all three discounts (``DL_Remise01..03``, value and
#: ``REM_Type``): what a quote shows. Invoices read the first discount's value only.
QUOTE_LINES = TableSpec(
    table="F_DOCLIGNE",
    key="DL_No",
    columns=DOCUMENT_LINES.columns,
    optional=(
        *DOCUMENT_LINES.optional,
        "DL_Remise01REM_Type",
        "DL_Remise02REM_Valeur",
        "DL_Remise02REM_Type",
        "DL_Remise03REM_Valeur",
        "DL_Remise03REM_Type",
    ),
    where=DOCUMENT_LINES.where,
    chunk_size=DOCUMENT_LINES.chunk_size,
)

#: Line columns a composite document leaves to its header: the piece it belongs to (the
#: header's own ``DO_Domaine``, ``DO_Type``, ``DO_Piece``), the order its lines come in
#: (``DL_Ligne``) and Sage's bookkeeping columns.
_HEADER_OWN = frozenset(
    {"DO_Domaine", "DO_Type", "DO_Piece", "DL_Ligne", "cbMarq", "cbModification"}
)
#: Invoice line amounts the reader gives as exact JSON numbers (``orjson.Fragment`` of
#: ``1.5``, never ``1.500000``: ``SageNumericJson``), not as Decimal. Quantity, unit price
#: and discount go to the CRM as Sage holds them: a fragment made once per distinct value
#: is written as it is, where a Decimal cost a call back from the encoder per line (issue
#: 14). The other amounts, which the connector signs or sums, stay Decimal.
DOCUMENT_LINE_JSON = frozenset({"DL_Qte", "DL_PrixUnitaire", "DL_Remise01REM_Valeur"})


@dataclass(frozen=True, eq=False)
class DocumentSpec(TableSpec):
    """Sales documents of some ``DO_Type``: ``F_DOCENTETE`` headers, each read with its lines.

    Example::

        read_documents(engine, spec=QUOTES)   # quotes (DO_Type 0), all three discounts

    ``types`` are the ``DO_Type`` values ``where`` selects (the reader filters changed
    lines by them too); ``lines`` the ``F_DOCLIGNE`` columns read, laid out in each line's
    tuple as :attr:`line_columns`; ``json_lines`` the line amounts read as exact JSON
    numbers rather than Decimal. Each document kind reads only what its mapper uses:
    every line column costs CPU on every line (issue 14).
    """

    types: tuple[int, ...] = ()
    lines: TableSpec = DOCUMENT_LINES
    json_lines: frozenset[str] = frozenset()

    @property
    def line_columns(self) -> tuple[str, ...]:
        """The values of a line's tuple, in order.

        The line spec's columns, optional ones included (None where the company lacks
        them), less those its header gives.
        """
        names = (*self.lines.columns, *self.lines.optional)
        return tuple(name for name in names if name not in _HEADER_OWN)


def _sales(
    types: Sequence[DO_Type], lines: TableSpec, json_lines: frozenset[str] = frozenset()
) -> DocumentSpec:
    """Sales headers (``DO_Domaine = 0``) of ``types``, keyed by ``cbMarq``."""
    return DocumentSpec(
        table="F_DOCENTETE",
        key="cbMarq",
        columns=DOCUMENTS.columns,
        optional=DOCUMENTS.optional,
        where=(F_DOCENTETE.c.DO_Domaine == DO_Domaine.VENTES) & F_DOCENTETE.c.DO_Type.in_(types),
        chunk_size=1000,
        types=tuple(int(t) for t in types),
        lines=lines,
        json_lines=json_lines,
    )


#: Sales invoices and credit notes (``DO_Domaine = 0``, ``DO_Type`` 6 or 7): the headers
#: :func:`read_documents` reads by default, whose ``cbMarq`` is the invoice's key.
INVOICES = _sales(INVOICE_TYPES, DOCUMENT_LINES, DOCUMENT_LINE_JSON)

#: The values of an invoice line's tuple, in order (``INVOICES.line_columns``): a fixed
#: layout, so mappers read lines by position, without a dict per line (issue 14).
#: ``DL_MontantTTC`` is None where the header has ``DO_TotalTTC``: it only serves to
#: rebuild that total, and a numeric decoded per line costs CPU.
DOCUMENT_LINE_COLUMNS: tuple[str, ...] = INVOICES.line_columns

#: Sales quotes (``DO_Domaine = 0``, ``DO_Type`` 0), lines with their three discounts as
#: Decimal: the connector derives each line's net price from them.
QUOTES = _sales((DO_Type.DEVIS,), QUOTE_LINES)

#: Every sales document (``DO_Type`` 0–8), laid out as quotes: read by key, the document a
#: quote became once Sage transformed it (an order, in place or by copy).
SALES_DOCUMENTS = _sales(tuple(t for t in DO_Type if t <= DO_Type.ARCHIVE), QUOTE_LINES)
