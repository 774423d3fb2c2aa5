"""What SQL Server would refuse in a SQLAlchemy statement, found without a SQL Server.

A statement is compiled by SQLAlchemy's ``mssql+pymssql`` dialect with its real
parameters (``IN`` lists expanded), then:

1. its parameters are counted: SQL Server takes at most 2,100 per statement;
2. its tokens are read with sqlglot's T-SQL tokenizer: every function called must be a
   T-SQL built-in of :data:`TSQL_FUNCTIONS`, and no SQLite-only word (``LIMIT``,
   ``GLOB``, ``||``, ``sqlite_master``…) may appear. sqlglot alone is too lenient for
   this: its T-SQL parser accepts ``LIMIT``, ``||``, ``IFNULL`` and ``GROUP_CONCAT``,
   which it knows from other dialects;
3. it is parsed by sqlglot (``read="tsql"``, error level RAISE); a function sqlglot does
   not know (``exp.Anonymous``) must be on :data:`ANONYMOUS_ALLOWED`, and a statement
   sqlglot only keeps as an opaque ``Command`` must start as :data:`COMMANDS_ALLOWED`;
4. an ``OUTPUT`` clause without ``INTO`` is refused: every Sage table has triggers
   (``TG_CBINS_<T>``…), and SQL Server refuses such a clause on a table with triggers
   (error 334). SQLAlchemy emits one for every Core insert into a table whose
   ``implicit_returning`` is left on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlalchemy.dialects.mssql.pymssql import MSDialect_pymssql
from sqlalchemy.schema import ExecutableDDLElement
from sqlglot import exp
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import ErrorLevel, ParseError
from sqlglot.tokens import TokenType

#: The dialect statements are compiled with (pymssql's ``%(name)s`` placeholders).
MSSQL = MSDialect_pymssql(paramstyle="pyformat")
#: SQL Server's limit of parameters in one statement (RPC call).
MAX_PARAMETERS = 2100

#: T-SQL built-in functions the package's statements may call (Microsoft's T-SQL
#: reference lists each). A statement calling anything else is refused: add a function
#: here only after checking it is T-SQL.
TSQL_FUNCTIONS = frozenset(
    {
        "CAST",
        "CHANGE_TRACKING_CURRENT_VERSION",
        "COALESCE",
        "COL_LENGTH",
        "CONVERT",
        "COUNT",
        "DATEADD",
        "DATEDIFF",
        "DATEPART",
        "DB_ID",
        "GETDATE",
        "HAS_DBACCESS",
        "ISNULL",
        "LEN",
        "MAX",
        "MIN",
        "OBJECT_ID",
        "SCHEMA_NAME",
        "SPACE",
        "SUM",
        "SYSDATETIME",
        "SYSDATETIMEOFFSET",
        "UPPER",
    }
)
#: T-SQL built-ins sqlglot parses as unknown functions (``exp.Anonymous``): it models
#: them in no dialect, yet SQL Server has them (documented in Microsoft's reference).
ANONYMOUS_ALLOWED = frozenset(
    {"CHANGE_TRACKING_CURRENT_VERSION", "COL_LENGTH", "DB_ID", "HAS_DBACCESS", "SCHEMA_NAME"}
)
#: T-SQL statements sqlglot keeps as an opaque ``Command``, as they start: session and
#: database options it does not model. ``SET IDENTITY_INSERT`` (the live suite's copy),
#: ``ALTER DATABASE … SET SINGLE_USER | CHANGE_TRACKING`` and ``ALTER TABLE … ENABLE
#: CHANGE_TRACKING`` (the live suite, and what docs/sqlserver.md asks of a DBA).
COMMANDS_ALLOWED = (
    "SET IDENTITY_INSERT ",
    "ALTER DATABASE [",
    "ALTER TABLE DBO.[",
)
#: Words of SQLite (or of other dialects) that T-SQL does not have, as unquoted tokens.
FOREIGN_WORDS = frozenset(
    {
        "AUTOINCREMENT",
        "BLOB",
        "GLOB",
        "ILIKE",
        "LIMIT",
        "PRAGMA",
        "RETURNING",
        "SQLITE_MASTER",
        "SQLITE_SCHEMA",
        "SQLITE_SEQUENCE",
    }
)
#: Tokens after which ``name (`` is a table and its columns, not a call.
_NOT_A_CALL_AFTER = frozenset({TokenType.INTO, TokenType.TABLE, TokenType.INDEX})
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_TSQL = TSQL()


@dataclass
class Checked:
    """One statement as SQL Server would get it, and what SQL Server would refuse."""

    sql: str
    parameters: int
    problems: list[str] = field(default_factory=list)


def compile_tsql(statement: Any, params: Any = None) -> tuple[str, int]:
    """``statement`` compiled for SQL Server (``IN`` lists expanded) and its parameter count.

    ``params`` are the execute-time parameters (a dict, or a list for executemany, whose
    first row decides an ``INSERT``'s columns).
    """
    row = params[0] if isinstance(params, list | tuple) and params else params
    keys = list(row) if isinstance(row, dict) else None
    if isinstance(statement, ExecutableDDLElement):
        compiled = statement.compile(dialect=MSSQL)
    else:
        compiled = statement.compile(
            dialect=MSSQL, column_keys=keys, compile_kwargs={"render_postcompile": True}
        )
    sql = compiled.string
    return sql, len(_PLACEHOLDER.findall(sql))


def _token_problems(sql: str) -> list[str]:
    problems = []
    tokens = _TSQL.tokenize(sql)
    for i, token in enumerate(tokens):
        upper = token.text.upper()
        if token.token_type == TokenType.DPIPE:
            problems.append("« || » n'est pas T-SQL (concaténation : +)")
        if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            continue  # quoted: a value or a [name], never a keyword
        if upper in FOREIGN_WORDS or upper.startswith(("SQLITE_", "PRAGMA_")):
            problems.append(f"« {token.text} » n'est pas T-SQL")
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1].token_type if i else None
        if (
            token.token_type == TokenType.VAR
            and nxt is not None
            and nxt.token_type == TokenType.L_PAREN
            and before not in _NOT_A_CALL_AFTER
            and upper not in TSQL_FUNCTIONS
        ):
            problems.append(f"fonction « {token.text} » inconnue de T-SQL")
    return problems


def _parse_problems(sql: str) -> list[str]:
    try:
        trees = sqlglot.parse(sql, read="tsql", error_level=ErrorLevel.RAISE)
    except ParseError as exc:
        return [f"refusé par l'analyseur T-SQL de sqlglot : {str(exc).splitlines()[0]}"]
    problems = []
    for tree in trees:
        if tree is None:
            continue
        own = tree.sql(dialect="tsql").lstrip().upper()
        if isinstance(tree, exp.Command) and not own.startswith(COMMANDS_ALLOWED):
            problems.append("instruction que sqlglot ne sait pas lire en T-SQL")
        for node in tree.find_all(exp.Anonymous):
            if node.name.upper() not in ANONYMOUS_ALLOWED:
                problems.append(f"fonction « {node.name} » inconnue de sqlglot en T-SQL")
        for node in tree.find_all(exp.Returning):
            if not node.args.get("into"):
                problems.append(
                    "OUTPUT sans INTO : refusé sur une table Sage, qui a des déclencheurs "
                    "(erreur 334 ; implicit_returning=False sur la table)"
                )
    return problems


def check_sql(sql: str, parameters: int) -> Checked:
    """Check compiled T-SQL (placeholders ``%(name)s``) and its parameter count."""
    problems = []
    if parameters > MAX_PARAMETERS:
        problems.append(f"{parameters} paramètres : SQL Server en accepte {MAX_PARAMETERS}")
    plain = _PLACEHOLDER.sub(lambda m: "@" + m.group(1), sql)
    problems += _token_problems(plain)
    problems += _parse_problems(plain)
    return Checked(sql, parameters, list(dict.fromkeys(problems)))


def check(statement: Any, params: Any = None) -> Checked:
    """Compile ``statement`` for SQL Server and say what SQL Server would refuse."""
    sql, parameters = compile_tsql(statement, params)
    return check_sql(sql, parameters)
