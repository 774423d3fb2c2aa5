"""Every statement the readers and writers emit, as SQL Server would get it.

The readers run on the emulator (SQLite) in the suite, and on SQL Server at a customer's.
Each statement they execute is captured as a SQLAlchemy construct (``before_execute``),
compiled with the ``mssql+pymssql`` dialect with its real parameters, and checked by
``_tsql.check``: at most 2,100 parameters, T-SQL functions and words only, parsed by
sqlglot's T-SQL dialect. The SQL Server–only statements of ``sqlserver/statements.py``
are checked the same way. None of this needs a SQL Server; none of it proves SQL Server
runs the statements (``test_sqlserver_live.py`` does, when ``SSM_TEST_MSSQL_URL`` is set).

Writers: the emulator's ``Activity`` steps, whose known refusals are listed in
``KNOWN_ACTIVITY_REFUSALS`` and asserted exactly, so a new refusal fails the test, and so
does a fixed one (remove it from the list); and the CRM's writer (``create_prospect``…),
which must have none.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, TextClause, event, func, select, text
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.expression import Executable

from ssm.sage100 import (
    QUOTES,
    READER_SPECS,
    SALES_DOCUMENTS,
    Activity,
    Cursor,
    ProspectNumbering,
    QuoteHeader,
    QuoteLine,
    check_company,
    company_schema,
    count_rows,
    create_contact,
    create_prospect,
    create_quote,
    find_contact,
    find_contact_by_name,
    find_login,
    find_prospect,
    find_quote,
    generate_server,
    next_prospect_number,
    open_server,
    price_line,
    read_articles,
    read_by_keys,
    read_changes,
    read_documents,
    read_keys,
    read_quote,
    server_now,
    update_contact,
    update_prospect,
)
from ssm.sage100.emulator import SIZES
from ssm.sage100.schema import F_ARTICLE, F_COMPTET, GENERATIONS, metadata_for
from ssm.sage100.sqlserver import sage_tables
from ssm.sage100.sqlserver import statements as sqlserver_statements
from ssm.sage100.sqlserver.statements import IdentityInsert

from ._labels import SPECS
from ._tsql import MAX_PARAMETERS, Checked, check, check_sql, compile_tsql
from .conftest import ANCHOR

#: Long before any generated row: a change read from here re-reads everything, so every
#: line counts as changed and the documents' piece lookup runs.
LONG_AGO = Cursor(ANCHOR - timedelta(days=3650), 0)

_SQLITE_MASTER = "« sqlite_master » n'est pas T-SQL"
_STRFTIME = "fonction « strftime » inconnue de T-SQL"
_STRFTIME_SQLGLOT = "fonction « strftime » inconnue de sqlglot en T-SQL"
_OUTPUT = (
    "OUTPUT sans INTO : refusé sur une table Sage, qui a des déclencheurs "
    "(erreur 334 ; implicit_returning=False sur la table)"
)
#: What SQL Server would refuse in the emulator's Activity, per (generation, triggers):
#: nothing. Each refusal once listed here (``sqlite_master`` to find triggers, SQLite's
#: ``strftime`` for ``cbCreation``, ``OUTPUT inserted.cbMarq`` on tables with triggers)
#: was a defect for the SQL Server writers to come, and is fixed; a new one fails the test.
KNOWN_ACTIVITY_REFUSALS: dict[tuple[str, bool], frozenset[str]] = {
    ("B", True): frozenset(),
    ("B", False): frozenset(),
    ("C", True): frozenset(),
    ("C", False): frozenset(),
}


@dataclasses.dataclass
class Capture:
    """Statements an engine executed, by what executed them."""

    source: str = ""
    statements: list[tuple[str, Any, Any]] = dataclasses.field(default_factory=list)
    uncaptured: list[str] = dataclasses.field(default_factory=list)

    @contextlib.contextmanager
    def running(self, source: str) -> Iterator[None]:
        self.source = source
        try:
            yield
        finally:
            self.source = ""

    def checked(self, prefix: str = "") -> list[tuple[str, Checked]]:
        out = []
        for source, clause, params in self.statements:
            if source.startswith(prefix):
                out.append((source, check(clause, params)))
        return out


def capture(engine: Engine) -> Capture:
    """Record every construct ``engine`` executes, and any SQL sent without one."""
    found = Capture()

    @event.listens_for(engine, "before_execute")
    def _construct(_conn, clause, multiparams, params, _options):
        found.statements.append((found.source, clause, multiparams[0] if multiparams else params))

    @event.listens_for(engine, "before_cursor_execute")
    def _cursor(_conn, _cursor, statement, _parameters, context, _many):
        if context is None or context.compiled is None:
            found.uncaptured.append(statement)

    return found


def _run_readers(engine: Engine, found: Capture, *, chunk: int | None = None) -> None:
    def read(source: str, batches: Iterator[Any]) -> None:
        with found.running(source):
            for _ in batches:
                pass

    with found.running("read:company_schema"):
        company_schema(engine)
    with found.running("read:check_company"):
        check_company(engine)
    with found.running("read:server_now"):
        server_now(engine)
    for spec in READER_SPECS:
        read(f"read:read_changes {spec.table} initial", read_changes(engine, spec))
        read(f"read:read_changes {spec.table} change", read_changes(engine, spec, LONG_AGO))
        with found.running(f"read:count_rows {spec.table}"):
            count_rows(engine, spec)
    kw = {"chunk_size": chunk} if chunk else {}
    read("read:read_articles initial", read_articles(engine, **kw))
    read("read:read_articles change", read_articles(engine, LONG_AGO, **kw))
    read("read:read_documents initial", read_documents(engine, **kw))
    read("read:read_documents change", read_documents(engine, LONG_AGO, **kw))
    read("read:read_documents quotes initial", read_documents(engine, spec=QUOTES, **kw))
    read("read:read_documents quotes change", read_documents(engine, LONG_AGO, spec=QUOTES, **kw))
    for name, spec in (("quotes", QUOTES), ("sales documents", SALES_DOCUMENTS)):
        with found.running(f"read:read_by_keys {name}"):
            keys = [k for chunk in read_keys(engine, spec) for k in chunk]
            for _ in read_by_keys(engine, spec, keys, **kw):
                pass
    for stream, spec in SPECS.items():
        read(f"read:read_keys {stream}", read_keys(engine, spec))
    for stream, spec in SPECS.items():  # every key the stream has, plus one Sage does not
        with found.running(f"read:read_by_keys {stream}"):
            keys = [k for chunk in read_keys(engine, spec) for k in chunk] + ["999999"]
            for _ in read_by_keys(engine, spec, keys, **kw):
                pass
    with found.running("read:find_login"):
        find_login(engine, "DB", "administrateur")
    with found.running("read:price_line"):
        _price_a_line(engine)


def _price_a_line(engine: Engine) -> None:
    """Price one active item for one customer: every tariff statement runs on any line."""
    with engine.connect() as conn:
        ct_num = conn.execute(
            select(F_COMPTET.c.CT_Num)
            .where(F_COMPTET.c.CT_Type == 0, F_COMPTET.c.CT_ControlEnc != 2)
            .order_by(F_COMPTET.c.CT_Num)
        ).scalar()
        ar_ref = conn.execute(
            select(F_ARTICLE.c.AR_Ref)
            .where(F_ARTICLE.c.AR_Sommeil == 0)
            .order_by(F_ARTICLE.c.AR_Ref)
        ).scalar()
    assert ct_num is not None and ar_ref is not None
    price_line(engine, ct_num, ar_ref, Decimal(3), mode="cascade")


#: Every public function of the CRM's writer, run once by ``_run_crm_writer``.
CRM_WRITES = (
    "next_prospect_number",
    "create_prospect",
    "update_prospect",
    "find_prospect",
    "create_contact",
    "update_contact",
    "find_contact",
    "find_contact_by_name",
    "create_quote",
    "find_quote",
    "read_quote",
)


def _run_crm_writer(engine: Engine, found: Capture) -> None:
    def run(name: str, call: Any) -> Any:
        with found.running(f"crm:{name}"):
            return call()

    code = run("next_prospect_number", lambda: next_prospect_number(engine, ProspectNumbering()))
    run(
        "create_prospect",
        lambda: create_prospect(engine, code, {"CT_Intitule": "T-SQL", "CO_No": 1}),
    )
    run(
        "update_prospect",
        lambda: update_prospect(engine, code, {"CT_Ville": "Sète", "CO_No": None}),
    )
    run("find_prospect", lambda: find_prospect(engine, code))
    contact = run("create_contact", lambda: create_contact(engine, code, {"CT_Nom": "Dupré"}))
    run("update_contact", lambda: update_contact(engine, contact.CT_No, {"CT_Civilite": 1}))
    run("find_contact", lambda: find_contact(engine, contact.CT_No))
    run("find_contact_by_name", lambda: find_contact_by_name(engine, code, "Dupré"))
    with engine.connect() as conn:
        ar_ref = conn.execute(
            select(F_ARTICLE.c.AR_Ref)
            .where(F_ARTICLE.c.AR_Sommeil == 0)
            .order_by(F_ARTICLE.c.AR_Ref)
        ).scalar()
    line = QuoteLine(ar_ref, Decimal(2), Decimal("10.5"), Decimal(21))
    quote = run("create_quote", lambda: create_quote(engine, QuoteHeader(code, "T-SQL"), [line]))
    run("find_quote", lambda: find_quote(engine, "T-SQL"))
    run("read_quote", lambda: read_quote(engine, quote.quote.cbMarq, quote.quote.DO_Piece))


@pytest.fixture(scope="module", params=[(g, t) for g in GENERATIONS for t in (True, False)])
def emitted(request, tmp_path_factory) -> tuple[tuple[str, bool], Capture]:
    """Every statement the readers and each Activity kind emit on one tiny company."""
    generation, triggers = request.param
    folder = tmp_path_factory.mktemp(f"tsql{generation}{int(triggers)}") / "srv"
    report = generate_server(
        folder, "Démo T-SQL", "tiny", 1, anchor=ANCHOR, generation=generation, triggers=triggers
    )
    engine = open_server(report.location).engine(report.database)
    found = capture(engine)
    try:
        _run_readers(engine, found)
        activity = Activity(engine, seed=5)
        for kind in activity.kinds:
            with found.running(f"write:{kind}"):
                activity.step(kind)
        # a line changed after the first reads: the change read's piece lookup has work
        with found.running("read:read_documents after edit_line"):
            list(read_documents(engine, LONG_AGO))
        _run_crm_writer(engine, found)
    finally:
        engine.dispose()
    return request.param, found


def test_every_reader_statement_is_tsql(emitted) -> None:
    _, found = emitted
    refused = [(s, c.problems, c.sql[:200]) for s, c in found.checked("read:") if c.problems]
    assert refused == []


def test_every_reader_was_captured(emitted) -> None:
    _, found = emitted
    sources = {s for s, _, _ in found.statements}
    expected = {
        "read:company_schema",
        "read:server_now",
        "read:read_articles initial",
        "read:read_articles change",
        "read:read_documents initial",
        "read:read_documents change",
        "read:read_documents quotes initial",
        "read:read_documents quotes change",
        "read:read_by_keys quotes",
        "read:read_by_keys sales documents",
        "read:find_login",
        "read:price_line",
        *(f"read:read_keys {stream}" for stream in SPECS),
        *(f"read:read_by_keys {stream}" for stream in SPECS),
        *(f"read:read_changes {spec.table} initial" for spec in READER_SPECS),
        *(f"read:read_changes {spec.table} change" for spec in READER_SPECS),
        *(f"read:count_rows {spec.table}" for spec in READER_SPECS),
    }
    assert expected <= sources
    # the documents' change read looked pieces up by Sage's binary key
    lookups = [
        c.sql for s, c in found.checked("read:read_documents") if "[cbDO_Piece] IN (" in c.sql
    ]
    assert lookups


def test_every_writer_step_ran_and_was_captured(emitted) -> None:
    _, found = emitted
    written = {s for s, clause, _ in found.statements if s.startswith("write:")}
    assert written == {f"write:{kind}" for kind in Activity(None).kinds}  # type: ignore[arg-type]
    kinds = {type(clause).__name__ for s, clause, _ in found.statements if s.startswith("write:")}
    assert {"Insert", "Update", "Delete"} <= kinds


def test_writer_refusals_are_exactly_the_known_ones(emitted) -> None:
    key, found = emitted
    refused = {p for _, c in found.checked("write:") for p in c.problems}
    assert refused == KNOWN_ACTIVITY_REFUSALS[key]


def test_every_crm_write_is_tsql(emitted) -> None:
    """The CRM's writer: every function ran, inserts and updates included, none refused."""
    _, found = emitted
    sources = {s for s, _, _ in found.statements if s.startswith("crm:")}
    assert sources == {f"crm:{name}" for name in CRM_WRITES}
    kinds = {type(clause).__name__ for s, clause, _ in found.statements if s.startswith("crm:")}
    assert {"Insert", "Update", "Select"} <= kinds
    assert [(s, c.problems, c.sql[:200]) for s, c in found.checked("crm:") if c.problems] == []
    locked = [c.sql for s, c in found.checked("crm:create_contact") if "UPDLOCK" in c.sql]
    assert len(locked) == 1  # the CT_No read holds its range on SQL Server


def test_no_sql_bypasses_the_capture(emitted) -> None:
    """Nothing reaches the database as a plain string the checks above could not see."""
    _, found = emitted
    assert found.uncaptured == []


#: ``small`` with a third of its documents: still over 2,000 contacts and invoices (2,549
#: and 2,371 with seed 1), each filling one 2,000-row chunk and starting another, as in
#: ``small``, with fewer of the same chunks to generate, read and parse.
FULL_CHUNKS = dataclasses.replace(SIZES["small"], documents=4_500)


def test_parameters_stay_under_the_limit_at_full_chunks(tmp_path: Path, monkeypatch) -> None:
    """On a company big enough to fill 2,000-row chunks, the largest statements fit."""
    monkeypatch.setitem(SIZES, "full-chunks", FULL_CHUNKS)
    report = generate_server(
        tmp_path / "srv", "Démo", "full-chunks", 1, anchor=ANCHOR, triggers=False
    )
    engine = open_server(report.location).engine(report.database)
    found = capture(engine)
    try:
        _run_readers(engine, found, chunk=2000)
    finally:
        engine.dispose()
    checked = found.checked()
    assert [(s, c.problems) for s, c in checked if c.problems] == []
    largest = max(c.parameters for _, c in checked)
    assert 2000 <= largest <= MAX_PARAMETERS, largest


def _sqlserver_statements() -> list[tuple[str, ClauseElement]]:
    return [
        (name, value)
        for name, value in vars(sqlserver_statements).items()
        if name.isupper() and isinstance(value, ClauseElement) and isinstance(value, Executable)
    ]


def test_sqlserver_statements_are_all_walked() -> None:
    names = {name for name, _ in _sqlserver_statements()}
    assert names == {
        n
        for n in sqlserver_statements.__all__
        if isinstance(getattr(sqlserver_statements, n), Executable)
    }
    assert len(names) >= 9


@pytest.mark.parametrize(("name", "statement"), _sqlserver_statements())
def test_sqlserver_statement_is_tsql(name: str, statement: ClauseElement) -> None:
    company_tables = statement is sqlserver_statements.COMPANY_TABLES
    params = sage_tables("Base ]Démo[") if company_tables else None
    result = check(statement, params)
    assert result.problems == [], result.sql


@pytest.mark.parametrize(
    "statement",
    [
        sqlserver_statements.create_database("ssm_test_ab]c"),
        sqlserver_statements.drop_database("ssm_test_ab]c"),
        sqlserver_statements.enable_change_tracking("ssm_test_ab]c"),
        *(sqlserver_statements.track_table(t) for t in sqlserver_statements.WATCHED_TABLES),
    ],
)
def test_live_suite_and_dba_statements_are_tsql(statement) -> None:
    result = check(statement)
    assert result.problems == [], result.sql


@pytest.mark.parametrize("generation", GENERATIONS)
def test_test_company_ddl_and_copy_are_tsql(generation) -> None:
    """``create_company``'s DDL and ``copy_company``'s identity switches."""
    for table in metadata_for(generation).sorted_tables:
        statements = [CreateTable(table), *(CreateIndex(i) for i in table.indexes)]
        statements += [IdentityInsert(table, True), IdentityInsert(table, False)]
        for statement in statements:
            result = check(statement)
            assert result.problems == [], result.sql


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (select(func.strftime("%Y-%m-%d", "now")), "strftime"),
        (text("SELECT CT_Num FROM F_COMPTET LIMIT 1"), "LIMIT"),
        (select(func.ifnull(None, 1)), "ifnull"),
        (select(func.group_concat("a")), "group_concat"),
        (select(func.printf("%5s", "a")), "printf"),
        (text("SELECT name FROM pragma_table_xinfo('F_COMPTET')"), "pragma_table_xinfo"),
        (text("SELECT CT_Num || 'z' FROM F_COMPTET"), "||"),
        (text("SELECT count(*) FROM sqlite_master"), "sqlite_master"),
        (text("SELECT CAST(CT_Num AS BLOB) FROM F_COMPTET"), "BLOB"),
        (text("SELECT CT_Num FROM F_COMPTET WHERE CT_Num GLOB 'C*'"), "GLOB"),
        (text("SELECT * FROM"), "sqlglot"),
    ],
)
def test_sqlite_only_statements_are_refused(statement: TextClause, problem: str) -> None:
    assert any(problem in p for p in check(statement).problems)


def test_a_sqlite_only_statement_run_by_a_reader_fails_the_check(tiny) -> None:
    """The whole path: a SQLite-only statement that runs fine on the emulator is caught."""
    engine = open_server(tiny.location).engine(tiny.database)
    found = capture(engine)
    try:
        with found.running("read:sqlite only"), engine.connect() as conn:
            conn.execute(select(func.strftime("%Y", "now")))  # SQLite runs it
            conn.execute(text("SELECT CT_Num FROM F_COMPTET LIMIT 1"))
    finally:
        engine.dispose()
    problems = [c.problems for _, c in found.checked("read:")]
    assert len(problems) == 2 and all(problems)


def test_too_many_parameters_are_refused() -> None:
    from ssm.sage100.schema import F_DOCENTETE

    statement = select(F_DOCENTETE.c.cbMarq).where(F_DOCENTETE.c.cbMarq.in_(range(2101)))
    sql, parameters = compile_tsql(statement)
    assert parameters == 2101
    assert "2101 paramètres" in check_sql(sql, parameters).problems[0]


def test_reader_statements_compile_to_top_not_limit(emitted) -> None:
    _, found = emitted
    sqls = [c.sql for s, c in found.checked("read:read_changes")]
    assert any(" TOP " in sql for sql in sqls)
    assert not any(" LIMIT " in sql.upper() for sql in sqls)


def test_the_writer_refusals_once_known_are_still_caught() -> None:
    """The three defects fixed in the writers stay refused if they come back."""
    from sqlalchemy import Column, Integer, MetaData, Table, insert

    with_returning = Table(
        "F_T", MetaData(), Column("cbMarq", Integer, primary_key=True), Column("X", Integer)
    )
    output = check(insert(with_returning).values(X=1))
    assert _OUTPUT in output.problems
    master = check(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"))
    assert _SQLITE_MASTER in master.problems
    clock = check(select(func.strftime("%Y-%m-%d %H:%M:%S", "now", "localtime")))
    assert {_STRFTIME, _STRFTIME_SQLGLOT} <= set(clock.problems)
