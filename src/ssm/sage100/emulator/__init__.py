"""The emulated Sage 100 server: a folder of SQLite companies, demo data and simulated users.

- :class:`EmulatedServer` implements :class:`ssm.sage100.Sage100Server` on a folder;
- :func:`generate_server` fills a folder with a realistic French company;
- :class:`Activity` edits a company the way a Sage user at work would;
- :func:`install_clock` gives a bare ``sqlite3`` connection the server's clock
  (``GETDATE()``), which the triggers need to write.
"""

from ssm.sage100._credentials import hash_password
from ssm.sage100.emulator._activity import Activity, ActivityAction, run_activity
from ssm.sage100.emulator._bad_data import BAD_ROWS
from ssm.sage100.emulator._clock import Clock, install_clock
from ssm.sage100.emulator._ddl import create_indexes, create_tables, open_sqlite
from ssm.sage100.emulator._generator import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    SIZES,
    GenerationReport,
    current_anchor,
    generate_server,
    parse_anchor,
)
from ssm.sage100.emulator._pools import luhn_digit
from ssm.sage100.emulator._registry import GESCOM_KEY, REGISTRY_FILE, parse_reg, write_reg
from ssm.sage100.emulator._server import DATABASE_SUFFIX, EmulatedServer

__all__ = [
    "BAD_ROWS",
    "DATABASE_SUFFIX",
    "DEFAULT_SAGE_PASSWORD",
    "DEFAULT_SAGE_USER",
    "GESCOM_KEY",
    "REGISTRY_FILE",
    "SIZES",
    "Activity",
    "ActivityAction",
    "Clock",
    "EmulatedServer",
    "GenerationReport",
    "create_indexes",
    "create_tables",
    "current_anchor",
    "generate_server",
    "hash_password",
    "install_clock",
    "luhn_digit",
    "open_sqlite",
    "parse_anchor",
    "parse_reg",
    "run_activity",
    "write_reg",
]
