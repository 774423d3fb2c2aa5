"""Whether a company can be read: every required column present, and what is missing.

The configuration wizard calls :func:`check_company` before it writes anything, so a
company of an unsupported Sage version is refused with one French sentence instead of
failing at the first sync; ``ssm-connector doctor`` shows its report.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from ssm.sage100._composite import ARTICLE_PARTS, DOCUMENT_PARTS
from ssm.sage100._probe import company_schema
from ssm.sage100._read import TableSpec
from ssm.sage100._specs import (
    ARTICLES,
    CLIENTS,
    CONTACTS,
    DOCUMENT_LINES,
    INVOICES,
    QUOTES,
    USERS,
)

__all__ = ["READER_SPECS", "CompanyCheck", "check_company"]

#: Every table spec the package's readers use (the composite readers' roots included).
#: ``QUOTE_LINES`` is left out: it is ``DOCUMENT_LINES`` plus the second and third
#: discounts, optional columns every generation has, and the benchmark's baselines copy
#: the columns listed here for invoice lines (``bench/ssm_bench/_datasets.py``).
READER_SPECS: tuple[TableSpec, ...] = (
    USERS,
    CLIENTS,
    CONTACTS,
    ARTICLES,
    INVOICES,
    DOCUMENT_LINES,
    QUOTES,
)


@dataclass(frozen=True)
class CompanyCheck:
    """What the readers found in a company.

    Attributes:
        generation: ``A``, ``B`` or ``C`` as its columns say (``sage100-schema.md`` §0).
        missing_optional: per table, the optional columns the readers would use and the
            company lacks (their fields reach the CRM empty, or computed otherwise).
        libres: per table, the company's « informations libres ».
    """

    generation: str
    missing_optional: dict[str, tuple[str, ...]]
    libres: dict[str, tuple[str, ...]]


def check_company(engine: Engine) -> CompanyCheck:
    """Check that every reader can read the company ``engine`` reaches.

    Raises:
        SageSchemaError: a required table or column is missing (the first one found).
        SageConnectionError: the columns could not be listed.
    """
    schema = company_schema(engine)
    missing: dict[str, list[str]] = {}
    for spec in READER_SPECS:
        schema.require(spec.table, spec.required)
        for column in spec.optional:
            if not schema.has(spec.table, column) and column not in missing.get(spec.table, []):
                missing.setdefault(spec.table, []).append(column)
    for parts in (ARTICLE_PARTS, DOCUMENT_PARTS):
        for table, columns in parts.items():
            schema.require(table, columns)
    return CompanyCheck(
        generation=schema.generation,
        missing_optional={table: tuple(columns) for table, columns in missing.items()},
        libres=schema.libres(),
    )
