r"""A real Sage 100 on Microsoft SQL Server, through SQLAlchemy and pymssql.

- :class:`SqlServer` implements :class:`ssm.sage100.Sage100Server` for a SQL Server
  named ``SERVEUR\INSTANCE``, ``serveur,port`` or by a ``mssql+<driver>://`` URL
  (:func:`parse_location`); ``open_server`` picks it through the registry of server kinds;
- :func:`create_company` and :func:`copy_company` build a test company on a SQL Server
  (the live suite's, never a customer's).

What has and has not met a live SQL Server is in ``docs/sqlserver.md``.
"""

from ssm.sage100.sqlserver._create import copy_company, create_company
from ssm.sage100.sqlserver._discovery import company_info, sage_tables
from ssm.sage100.sqlserver._engine import company_url, credentials, open_engine
from ssm.sage100.sqlserver._errors import Where, error_numbers, translate
from ssm.sage100.sqlserver._location import (
    SqlServerAddress,
    is_sql_server_location,
    parse_location,
)
from ssm.sage100.sqlserver._registry import GESCOM_SUBKEYS, read_gescom_version, value_version
from ssm.sage100.sqlserver._server import SqlServer, password_accepted, unknown_version
from ssm.sage100.sqlserver._watch import Periodic, SqlServerChangeWatcher, UsageStamps, Versions

__all__ = [
    "GESCOM_SUBKEYS",
    "Periodic",
    "SqlServer",
    "SqlServerAddress",
    "SqlServerChangeWatcher",
    "UsageStamps",
    "Versions",
    "Where",
    "company_info",
    "company_url",
    "copy_company",
    "create_company",
    "credentials",
    "error_numbers",
    "is_sql_server_location",
    "open_engine",
    "parse_location",
    "password_accepted",
    "read_gescom_version",
    "sage_tables",
    "translate",
    "unknown_version",
    "value_version",
]
