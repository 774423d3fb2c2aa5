"""docs/sync.md is tested against the stream declarations, so it cannot drift from them.

Each stream has a row in the streams table (in the declared order, with its resource and
key) and a section whose table is its mapper's ``direct`` pairs, rendered here; every
field the mapper produces from a real row of the tiny company is named in that section.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from ssm.connector.sync import CRM_OWNED, STREAMS, SageStream
from ssm.sage100 import open_server

DOC = (Path(__file__).resolve().parents[2] / "docs" / "sync.md").read_text(encoding="utf-8")


def field_table(stream: SageStream) -> str:
    """The Markdown table of the stream's copied columns, as docs/sync.md shows it."""
    rows = [f"| `{sage}` | `{crm}` |" for sage, crm in stream.mapper.direct]
    return "\n".join(["| Sage 100 | CRM |", "|---|---|", *rows]) + "\n"


def section(name: str) -> str:
    """The doc's ``### `name``` section, up to the next heading."""
    match = re.search(rf"^### `{name}`\n(.*?)(?=^#)", DOC, re.MULTILINE | re.DOTALL)
    assert match, f"docs/sync.md has no section ### `{name}`"
    return match.group(1)


def test_the_streams_table_lists_the_declared_streams_in_order():
    table = DOC[DOC.index("| stream |") :].split("\n\n")[0]
    rows = re.findall(r"^\| `(\w+)` \|.*$", table, re.MULTILINE)
    assert rows == [stream.name for stream in STREAMS]
    for stream, row in zip(STREAMS, table.splitlines()[2:], strict=True):
        assert f"| `{stream.resource}` |" in row and f"`{stream.key}`" in row, row


@pytest.mark.parametrize("stream", STREAMS, ids=lambda s: s.name)
def test_each_stream_section_holds_its_mapper_table(stream):
    assert field_table(stream) in section(stream.name)


@pytest.mark.parametrize("stream", STREAMS, ids=lambda s: s.name)
def test_every_field_a_mapper_produces_is_documented(stream, demo_paths):
    engine = open_server(demo_paths.sage_server).engine("BIJOU")
    try:
        batch = next(stream.get_batches(engine, None, timedelta(0)))
        record = stream.mapper.map(batch.rows[0])
    finally:
        engine.dispose()
    fields = set(record)
    for value in record.values():  # nested records: an invoice's lines
        if isinstance(value, list) and value and isinstance(value[0], dict):
            fields.update(value[0])
    text = section(stream.name)
    assert [f for f in sorted(fields) if f"`{f}`" not in text] == []


@pytest.mark.parametrize(
    ("entity", "table"), [("accounts", "F_COMPTET"), ("contacts", "F_CONTACTT")]
)
def test_the_conflict_tables_list_exactly_the_fields_both_sides_edit(entity, table):
    start = DOC.index(f"(`{table}`")
    rows = DOC[start:].split("\n\n")[1]
    shared = re.findall(r"^\| `(\w+)` \| `(\w+)` \| both \|", rows, re.MULTILINE)
    assert dict(shared) == CRM_OWNED[entity]
    assert len(shared) == len(CRM_OWNED[entity])
