"""Everything that knows Sage 100 FR: schema, servers, readers, the CRM's writer, demo data.

The connector imports only from here::

    from ssm.sage100 import CLIENTS, open_server, read_changes

    server = open_server("/srv/sage-demo")
    engine = server.engine(server.companies()[0].database)
    cursor = None                      # the initial read, then change reads
    for batch in read_changes(engine, CLIENTS, since=cursor):
        ...                            # send batch.rows, then commit batch.cursor
        cursor = batch.cursor
    code = next_prospect_number(engine)  # reserve it in the state, then:
    create_prospect(engine, code, {"CT_Intitule": "Dupont SARL", "CO_No": 2})
    with server.watch(company) as watcher:
        if watcher.changed():          # microseconds: poll it often
            ...
    engine.dispose()
"""

from ssm.sage100._by_key import read_by_keys
from ssm.sage100._check import READER_SPECS, CompanyCheck, check_company
from ssm.sage100._composite import read_articles, read_documents
from ssm.sage100._contacts import (
    CIVILITIES,
    CONTACT_FIELDS,
    ContactFields,
    ContactState,
    create_contact,
    find_contact,
    find_contact_by_name,
    update_contact,
)
from ssm.sage100._dialect import NowMinute, ServerClock, decimal_text, server_clock, server_now
from ssm.sage100._keys import read_keys
from ssm.sage100._logins import find_login
from ssm.sage100._pricing import (
    Discount,
    DiscountMode,
    LinePrice,
    PriceSource,
    PriceStep,
    net_unit_price,
    price_line,
)
from ssm.sage100._probe import CompanySchema, company_schema
from ssm.sage100._prospects import (
    PROSPECT_FIELDS,
    ProspectFields,
    ProspectNumbering,
    TiersState,
    create_prospect,
    find_prospect,
    next_prospect_number,
    update_prospect,
)
from ssm.sage100._quotes import (
    QuoteFate,
    QuoteHeader,
    QuoteLine,
    QuoteState,
    WrittenQuote,
    create_quote,
    find_quote,
    read_quote,
)
from ssm.sage100._read import (
    DEFAULT_OVERLAP,
    Batch,
    Cursor,
    TableSpec,
    count_rows,
    lower_bound,
    read_changes,
)
from ssm.sage100._server import ChangeWatcher, CompanyInfo, Sage100Server, SqlLogin
from ssm.sage100._servers import SERVER_KINDS, ServerKind, open_server
from ssm.sage100._specs import (
    ARTICLES,
    CLIENTS,
    COLLABORATEURS,
    CONTACTS,
    DOCUMENT_LINE_COLUMNS,
    DOCUMENT_LINE_JSON,
    DOCUMENT_LINES,
    DOCUMENTS,
    INVOICE_TYPES,
    INVOICES,
    QUOTE_LINES,
    QUOTES,
    SALES_DOCUMENTS,
    USERS,
    DocumentSpec,
)
from ssm.sage100._version import SUPPORTED_MAJORS, SageVersion
from ssm.sage100.emulator import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    Activity,
    GenerationReport,
    current_anchor,
    generate_server,
    parse_anchor,
    run_activity,
)
from ssm.sage100.errors import (
    CompanyNotFoundError,
    GenerationError,
    Sage100Error,
    SageConnectionError,
    SageLoginError,
    SageSchemaError,
    SageWriteError,
    ServerNotFoundError,
)
from ssm.sage100.sqlserver import is_sql_server_location

__all__ = [
    "ARTICLES",
    "CIVILITIES",
    "CLIENTS",
    "COLLABORATEURS",
    "CONTACTS",
    "CONTACT_FIELDS",
    "DEFAULT_OVERLAP",
    "DEFAULT_SAGE_PASSWORD",
    "DEFAULT_SAGE_USER",
    "DOCUMENTS",
    "DOCUMENT_LINES",
    "DOCUMENT_LINE_COLUMNS",
    "DOCUMENT_LINE_JSON",
    "INVOICES",
    "INVOICE_TYPES",
    "PROSPECT_FIELDS",
    "QUOTES",
    "QUOTE_LINES",
    "READER_SPECS",
    "SALES_DOCUMENTS",
    "SERVER_KINDS",
    "SUPPORTED_MAJORS",
    "USERS",
    "Activity",
    "Batch",
    "ChangeWatcher",
    "CompanyCheck",
    "CompanyInfo",
    "CompanyNotFoundError",
    "CompanySchema",
    "ContactFields",
    "ContactState",
    "Cursor",
    "Discount",
    "DiscountMode",
    "DocumentSpec",
    "GenerationError",
    "GenerationReport",
    "LinePrice",
    "NowMinute",
    "PriceSource",
    "PriceStep",
    "ProspectFields",
    "ProspectNumbering",
    "QuoteFate",
    "QuoteHeader",
    "QuoteLine",
    "QuoteState",
    "Sage100Error",
    "Sage100Server",
    "SageConnectionError",
    "SageLoginError",
    "SageSchemaError",
    "SageVersion",
    "SageWriteError",
    "ServerClock",
    "ServerKind",
    "ServerNotFoundError",
    "SqlLogin",
    "TableSpec",
    "TiersState",
    "WrittenQuote",
    "check_company",
    "company_schema",
    "count_rows",
    "create_contact",
    "create_prospect",
    "create_quote",
    "current_anchor",
    "decimal_text",
    "find_contact",
    "find_contact_by_name",
    "find_login",
    "find_prospect",
    "find_quote",
    "generate_server",
    "is_sql_server_location",
    "lower_bound",
    "net_unit_price",
    "next_prospect_number",
    "open_server",
    "parse_anchor",
    "price_line",
    "read_articles",
    "read_by_keys",
    "read_changes",
    "read_documents",
    "read_keys",
    "read_quote",
    "run_activity",
    "server_clock",
    "server_now",
    "update_contact",
    "update_prospect",
]
