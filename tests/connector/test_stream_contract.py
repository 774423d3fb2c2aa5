"""Every stream passes the same contract (after singer-sdk's generated tap tests).

Discovery, keys present and unique, cursors that only move forward and end outside the
initial scan, mapped records carrying the key as ``extId``, and an incremental read that
re-reads nothing when Sage changed nothing but the overlap window.
"""

from datetime import timedelta

import pytest

from ssm.connector.sync import STREAM_NAMES, STREAMS
from ssm.sage100 import open_server, read_keys

OVERLAP = timedelta(minutes=2)


@pytest.fixture
def sage(demo_paths):
    engine = open_server(demo_paths.sage_server).engine("BIJOU")
    yield engine
    engine.dispose()


def test_discovery_lists_every_stream_once_parents_first():
    assert STREAM_NAMES == ("users", "accounts", "contacts", "products", "invoices")
    assert len({s.resource for s in STREAMS}) == len(STREAMS)


@pytest.mark.parametrize("stream", STREAMS, ids=STREAM_NAMES)
def test_initial_read_gives_every_key_once_with_forward_cursors(stream, sage):
    batches = list(stream.get_batches(sage, None, OVERLAP))
    keys = [str(row[stream.key]) for b in batches for row in b.rows]
    assert keys, "the tiny company has rows for every stream"
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(k for chunk in read_keys(sage, stream.name) for k in chunk)
    cursors = [b.cursor for b in batches]
    assert all(c.backfill for c in cursors[:-1]) and not cursors[-1].backfill
    marqs = [c.cbMarq for c in cursors[:-1]]
    assert marqs == sorted(marqs)


@pytest.mark.parametrize("stream", STREAMS, ids=STREAM_NAMES)
def test_every_row_maps_to_a_record_keyed_by_extid(stream, sage):
    for batch in stream.get_batches(sage, None, OVERLAP):
        for row in batch.rows:
            record = stream.mapper.map(row)
            assert record["extId"] == str(row[stream.key])
            assert all(not k[0].isupper() for k in record)  # camelCase API fields


@pytest.mark.parametrize("stream", STREAMS, ids=STREAM_NAMES)
def test_final_cursor_resumes_to_an_incremental_read_of_recent_rows_only(stream, sage):
    final = list(stream.get_batches(sage, None, OVERLAP))[-1].cursor
    again = list(stream.get_batches(sage, final, OVERLAP))
    assert not again[-1].cursor.backfill
    assert again[-1].cursor.cbModification >= final.cbModification
    reread = sum(len(b.rows) for b in again)
    total = sum(len(c) for c in read_keys(sage, stream.name))
    assert reread < total  # generated data is older than the overlap window
