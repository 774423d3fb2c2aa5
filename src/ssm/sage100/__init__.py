"""Everything that knows Sage 100 FR: schema, servers, incremental readers, demo data.

The connector imports only from here::

    from ssm.sage100 import CLIENTS, open_server, read_changes

    server = open_server("/srv/sage-demo")
    engine = server.engine(server.companies()[0].database)
    for batch in read_changes(engine, CLIENTS, since=None, overlap=timedelta(minutes=2)):
        ...
    engine.dispose()
"""

from ssm.sage100._read import Batch, Cursor, TableSpec, count_rows, read_changes
from ssm.sage100._server import CompanyInfo, Sage100Server, open_server
from ssm.sage100._specs import (
    ARTICLES,
    CLIENTS,
    COLLABORATEURS,
    CONTACTS,
    DOCUMENT_LINES,
    DOCUMENTS,
)
from ssm.sage100._version import SUPPORTED_MAJORS, SageVersion
from ssm.sage100.emulator import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    Activity,
    GenerationReport,
    generate_server,
    run_activity,
)
from ssm.sage100.errors import (
    CompanyNotFoundError,
    GenerationError,
    Sage100Error,
    SageConnectionError,
    SageLoginError,
    ServerNotFoundError,
)

__all__ = [
    "ARTICLES",
    "CLIENTS",
    "COLLABORATEURS",
    "CONTACTS",
    "DEFAULT_SAGE_PASSWORD",
    "DEFAULT_SAGE_USER",
    "DOCUMENTS",
    "DOCUMENT_LINES",
    "SUPPORTED_MAJORS",
    "Activity",
    "Batch",
    "CompanyInfo",
    "CompanyNotFoundError",
    "Cursor",
    "GenerationError",
    "GenerationReport",
    "Sage100Error",
    "Sage100Server",
    "SageConnectionError",
    "SageLoginError",
    "SageVersion",
    "ServerNotFoundError",
    "TableSpec",
    "count_rows",
    "generate_server",
    "open_server",
    "read_changes",
    "run_activity",
]
