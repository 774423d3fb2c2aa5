"""Every stream passes the same contract (after singer-sdk's generated tap tests).

Discovery, keys present and unique, cursors that only move forward and end outside the
initial scan, mapped records carrying the key as ``extId``, and an incremental read that
re-reads nothing when Sage changed nothing but the overlap window. The streams come from
their declarations (``STREAMS``), plus a dummy one declared here only, which shows that a
new declaration is all a new entity needs to pass the contract, the key read and the CLI.
"""

from datetime import timedelta

import pytest
from typer.testing import CliRunner

from ssm.connector.cli import app, entity_help
from ssm.connector.sync import STREAMS, Mapper, SageTableStream
from ssm.sage100 import TableSpec, open_server, read_keys

OVERLAP = timedelta(minutes=2)


class FamilyMapper(Mapper):
    """Two fields: enough to be a mapper; declared beside its stream, as in ``_streams.py``."""

    direct = (("FA_CodeFamille", "extId"), ("FA_Intitule", "name"))


class FamiliesStream(SageTableStream):
    """A dummy entity: item families (F_FAMILLE) → families. Only this declaration."""

    name = resource = "families"
    spec = TableSpec(
        table="F_FAMILLE", key="FA_CodeFamille", columns=("FA_CodeFamille", "FA_Intitule")
    )
    mapper = FamilyMapper()


CONTRACT = (*STREAMS, FamiliesStream())


@pytest.fixture
def sage(demo_paths):
    engine = open_server(demo_paths.sage_server).engine("BIJOU")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("streams", [STREAMS, CONTRACT], ids=["declared", "with-dummy"])
def test_discovery_lists_every_stream_once_parents_first(streams):
    names = [s.name for s in streams]
    assert len(set(names)) == len(names)
    assert len({s.resource for s in streams}) == len(streams)
    for position, stream in enumerate(streams):
        assert set(stream.parents) <= set(names[:position]), stream.name


@pytest.mark.parametrize("stream", CONTRACT, ids=lambda s: s.name)
def test_initial_read_gives_every_key_once_with_forward_cursors(stream, sage):
    batches = list(stream.get_batches(sage, None, OVERLAP))
    keys = [str(row[stream.key]) for b in batches for row in b.rows]
    assert keys, "the tiny company has rows for every stream"
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(k for chunk in read_keys(sage, stream.spec) for k in chunk)
    cursors = [b.cursor for b in batches]
    assert all(c.backfill for c in cursors[:-1]) and not cursors[-1].backfill
    marqs = [c.cbMarq for c in cursors[:-1]]
    assert marqs == sorted(marqs)


@pytest.mark.parametrize("stream", CONTRACT, ids=lambda s: s.name)
def test_every_row_maps_to_a_record_keyed_by_extid(stream, sage):
    for batch in stream.get_batches(sage, None, OVERLAP):
        for row in batch.rows:
            record = stream.mapper.map(row)
            assert record["extId"] == str(row[stream.key])
            assert all(not k[0].isupper() for k in record)  # camelCase API fields


@pytest.mark.parametrize("stream", CONTRACT, ids=lambda s: s.name)
def test_final_cursor_resumes_to_an_incremental_read_of_recent_rows_only(stream, sage):
    final = list(stream.get_batches(sage, None, OVERLAP))[-1].cursor
    again = list(stream.get_batches(sage, final, OVERLAP))
    assert not again[-1].cursor.backfill
    assert again[-1].cursor.cbModification >= final.cbModification
    reread = sum(len(b.rows) for b in again)
    total = sum(len(c) for c in read_keys(sage, stream.spec))
    assert reread < total  # generated data is older than the overlap window


def test_the_cli_names_every_declared_stream_and_a_new_one_without_edits():
    shown = CliRunner().invoke(app, ["sync", "--help"], env={"COLUMNS": "300"}).output
    assert all(stream.name in shown for stream in STREAMS)
    assert "families" in entity_help(CONTRACT) and "families" not in shown
