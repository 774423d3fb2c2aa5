r"""A real Sage 100 on Microsoft SQL Server, through SQLAlchemy and pymssql.

- :class:`SqlServer` implements :class:`ssm.sage100.Sage100Server` for a SQL Server
  named ``SERVEUR\INSTANCE``, ``serveur,port`` or by a ``mssql+<driver>://`` URL
  (:func:`parse_location`); ``open_server`` picks it through the registry of server kinds;
- :func:`create_company` and :func:`copy_company` build a test company on a SQL Server
  (the live suite's, never a customer's).

What has and has not met a live SQL Server is in ``docs/sqlserver.md``.
"""

from ssm.sage100.sqlserver._create import copy_company, create_company
from ssm.sage100.sqlserver._location import (
    SqlServerAddress,
    is_sql_server_location,
    parse_location,
)
from ssm.sage100.sqlserver._server import SqlServer
from ssm.sage100.sqlserver._watch import SqlServerChangeWatcher

__all__ = [
    "SqlServer",
    "SqlServerAddress",
    "SqlServerChangeWatcher",
    "copy_company",
    "create_company",
    "is_sql_server_location",
    "parse_location",
]
