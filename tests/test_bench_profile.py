"""The profile's attribution of py-spy samples to stages, on stacks taken from a real run.

Each stack below is a collapsed line as ``py-spy record --format raw --nolineno`` wrote it
while the connector and the cloud synced the small company (root frames shortened).
"""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from ssm_bench.stages import CLOUD, CONNECTOR, parse_line, stage_seconds, top_self  # noqa: E402

SYNC = (
    "<module> (ssm-connector);main (ssm/connector/cli.py);sync (ssm/connector/cli.py);"
    "sync_once (ssm/connector/service/passes.py);sync_stream (ssm/connector/sync/engine.py)"
)
HASH = f"{SYNC};_Pipe.send (ssm/connector/sync/engine.py);_changed (ssm/connector/sync/engine.py);content_hash (ssm/connector/sync/mapper.py) 3"  # noqa: E501
COMMIT = f"{SYNC};_Pipe.send (ssm/connector/sync/engine.py);_settle (ssm/connector/sync/engine.py);StateStore.commit (ssm/connector/sync/state.py) 8"  # noqa: E501
READ = f"{SYNC};sync_stream.<locals>.<genexpr> (ssm/connector/sync/engine.py);read_changes (ssm/sage100/_read.py);fetch (ssm/sage100/_read.py);Result.all (sqlalchemy/engine/result.py);CursorFetchStrategy.fetchall (sqlalchemy/engine/cursor.py) 5"  # noqa: E501
MAP = f"{SYNC};_Pipe.send (ssm/connector/sync/engine.py);_changed (ssm/connector/sync/engine.py);Mapper.map (ssm/connector/sync/mapper.py);AccountMapper.computed (ssm/connector/sync/_streams.py);clean (ssm/connector/sync/mapper.py) 4"  # noqa: E501
IMPORT = "_find_and_load (<frozen importlib._bootstrap>);_load_unlocked (<frozen importlib._bootstrap>);<module> (sqlalchemy/engine/base.py);_compile_bytecode (<frozen importlib._bootstrap_external>) 2"  # noqa: E501
SEND = "Thread._bootstrap (threading.py);_worker (concurrent/futures/thread.py);_send (ssm/connector/sync/engine.py);CrmClient.upsert (ssm/connector/crm_client.py);CrmClient._send (ssm/connector/crm_client.py);Client.request (httpx/_client.py);SyncStream.write (httpcore/_backends/sync.py) 6"  # noqa: E501
ANSWER = "Thread._bootstrap (threading.py);_send (ssm/connector/sync/engine.py);CrmClient.upsert (ssm/connector/crm_client.py);CrmClient._bulk (ssm/connector/crm_client.py);TypeAdapter.validate_python (pydantic/type_adapter.py) 2"  # noqa: E501
AWAITING_ANSWER = SEND.replace("SyncStream.write", "SyncStream.read")
IDLE_WORKER = "Thread._bootstrap (threading.py);Thread._bootstrap_inner (threading.py);_worker (concurrent/futures/thread.py) 9"  # noqa: E501

WORKER = "Thread._bootstrap (threading.py);Thread._bootstrap_inner (threading.py);WorkerThread.run (anyio/_backends/_asyncio.py);Resource.upsert (ssm/cloud/services/bulk.py)"  # noqa: E501
WRITE = f"{WORKER};Resource._write_batch (ssm/cloud/services/bulk.py);executemany (ssm/cloud/db.py);Connection.exec_driver_sql (sqlalchemy/engine/base.py);DefaultDialect.do_executemany (sqlalchemy/engine/default.py) 2"  # noqa: E501
VALIDATE = f"{WORKER};ItemValidator.__call__ (ssm/cloud/schemas/fields.py) 1"
LOGIC = f"{WORKER};Resource._write_batch (ssm/cloud/services/bulk.py);_to_millionths (ssm/cloud/models.py) 4"  # noqa: E501
QUEUED = f"{WORKER};Resource._write_batch (ssm/cloud/services/bulk.py);Database.write (ssm/cloud/db.py) 7"  # noqa: E501
WAIT = "Thread._bootstrap (threading.py);WorkerThread.run (anyio/_backends/_asyncio.py);Queue.get (queue.py);Condition.wait (threading.py) 50"  # noqa: E501
LOOP = "<module> (ssm-cloud);Server.run (uvicorn/server.py);BaseEventLoop._run_once (asyncio/base_events.py);RequestResponseCycle.run_asgi (uvicorn/protocols/http/h11_impl.py);Headers.__init__ (starlette/datastructures.py) 3"  # noqa: E501


def test_a_collapsed_line_gives_its_frames_root_first_and_its_count():
    frames, count = parse_line(HASH)  # type: ignore[misc]
    assert count == 3
    assert frames[0] == ("<module>", "ssm-connector")
    assert frames[-1] == ("content_hash", "ssm/connector/sync/mapper.py")
    assert parse_line("") is None


@pytest.mark.parametrize(
    ("line", "stage"),
    [
        (HASH, "hash"),
        (COMMIT, "state commit"),
        (READ, "Sage read"),  # sqlalchemy under ssm.sage100 is the Sage read
        (MAP, "map"),  # clean() in mapper.py, called by a stream's mapper
        (IMPORT, "start-up"),
        (SEND, "HTTP"),
        (ANSWER, "decode"),
    ],
)
def test_a_connector_stack_goes_to_the_stage_nearest_its_leaf(line, stage):
    assert stage_seconds([line], CONNECTOR, rate=100) == {stage: int(line.split()[-1]) / 100}


def test_seconds_add_up_per_stage_and_waiting_threads_cost_nothing():
    lines = [HASH, COMMIT, COMMIT, IDLE_WORKER, AWAITING_ANSWER, READ]
    seconds = stage_seconds(lines, CONNECTOR, rate=200)
    assert seconds == {"hash": 0.015, "state commit": 0.08, "Sage read": 0.025}


def test_a_cloud_stack_goes_to_validate_database_write_logic_or_http():
    # QUEUED waits for the SQLite writer lock: no CPU, like an idle worker.
    seconds = stage_seconds([WRITE, VALIDATE, LOGIC, WAIT, QUEUED, LOOP], CLOUD, rate=100)
    assert seconds == {
        "database write": 0.02,
        "validate": 0.01,
        "service logic": 0.04,
        "HTTP": 0.03,
    }


def test_an_unknown_stack_is_other_and_rules_are_per_process():
    assert stage_seconds([VALIDATE], CONNECTOR, rate=100) == {"other": 0.01}


def test_top_frames_of_a_stage_are_its_costliest_leaves():
    top = top_self([COMMIT, HASH, READ, READ], rate=100, stage="Sage read", process=CONNECTOR)
    assert top == [("CursorFetchStrategy.fetchall (sqlalchemy/engine/cursor.py)", 0.1)]
