"""CPU samples of py-spy attributed to the stages of a sync, per process (issue 14).

py-spy's raw output is one collapsed stack per line, root first, leaf last, then the number
of samples: ``main (ssm/connector/cli.py);…;content_hash (ssm/connector/sync/mapper.py) 12``.
Idle samples are left out by py-spy itself (no ``--idle``), so a sample is CPU time.

A stack goes to the stage of the first frame, from the leaf up, that a rule of its process
names: a library called by our code (sqlalchemy under a Sage read) is charged to the stage
of the nearest frame that says why it runs. Imports are the exception: a stack under an
import is start-up, whatever the module being imported runs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

CONNECTOR, CLOUD = "connector", "cloud"
STARTUP, OTHER, WAITING = "start-up", "other", "waiting"
#: Leaf frames that block in C: py-spy counts some of them as active (a thread waiting on a
#: lock, in epoll or for the cloud's answer), though they cost no CPU; their samples are dropped.
WAITS = frozenset(
    {
        ("SyncStream.read", "httpcore/_backends/sync.py"),
        ("Condition.wait", "threading.py"),
        ("Event.wait", "threading.py"),
        ("Thread._wait_for_tstate_lock", "threading.py"),
        ("EpollSelector.select", "selectors.py"),
        ("_worker", "concurrent/futures/thread.py"),
        # The service's SQLite writers queue on a lock there (``with self._writers``).
        ("Database.write", "ssm/cloud/db.py"),
    }
)
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


@dataclass(frozen=True)
class Rule:
    """A frame whose file contains ``file`` and whose function is one of ``functions`` (any if
    empty) belongs to ``stage``."""

    stage: str
    file: str
    functions: frozenset[str] = frozenset()

    def matches(self, function: str, file: str) -> bool:
        """Whether a frame is of this rule."""
        return self.file in file and (not self.functions or function in self.functions)


def _rule(stage: str, file: str, *functions: str) -> Rule:
    return Rule(stage, file, frozenset(functions))


#: Per process, the rules in order; the first rule matching a frame wins.
RULES: dict[str, tuple[Rule, ...]] = {
    CONNECTOR: (
        _rule("state commit", "ssm/connector/sync/state.py"),
        _rule("state commit", "ssm/connector/sync/_feed_state.py"),
        _rule("state commit", "ssm/connector/sync/engine.py", "_settle", "_bind"),
        _rule("hash", "ssm/connector/sync/mapper.py", "content_hash", "record_hash"),
        _rule("encode", "ssm/connector/sync/mapper.py", "encode_record"),
        _rule("encode", "ssm/connector/json_encoding.py"),
        _rule("decode", "ssm/connector/crm_client.py", "_body"),
        _rule("decode", "pydantic/"),  # the cloud's answers, read into models
        _rule("HTTP", "httpx/"),
        _rule("HTTP", "httpcore/"),
        _rule("HTTP", "h11/"),
        _rule("HTTP", "socket.py"),
        _rule("HTTP", "ssm/connector/crm_client.py"),
        _rule("Sage read", "ssm/connector/sync/_streams.py", "get_batches"),
        _rule("Sage read", "ssm/sage100/"),
        _rule("map", "ssm/connector/sync/mapper.py"),
        _rule("map", "ssm/connector/sync/_streams.py"),
        _rule("map", "ssm/connector/sync/engine.py", "_changed"),
    ),
    CLOUD: (
        _rule("decode", "ssm/cloud/api/bulk.py", "_exact_json", "json_array"),
        _rule("encode", "ssm/cloud/api/bulk.py", "json_response"),
        _rule("validate", "pydantic/"),
        _rule("validate", "pydantic_core/"),
        _rule("validate", "ssm/cloud/schemas/"),
        _rule("database write", "sqlalchemy/"),
        _rule("service logic", "ssm/cloud/services/"),
        _rule("HTTP", "uvicorn/"),
        _rule("HTTP", "starlette/"),
        _rule("HTTP", "fastapi/"),
        _rule("HTTP", "h11/"),
        _rule("HTTP", "anyio/"),
        _rule("HTTP", "asyncio/"),
    ),
}
#: Stages in the order a record meets them, for the printed tables.
STAGES: tuple[str, ...] = (
    "Sage read",
    "map",
    "hash",
    "encode",
    "HTTP",
    "decode",
    "validate",
    "service logic",
    "database write",
    "state commit",
    STARTUP,
    OTHER,
)


def parse_line(line: str) -> tuple[list[tuple[str, str]], int] | None:
    """The frames (function, file), root first, and the sample count of a collapsed line."""
    stack, _, count = line.rstrip().rpartition(" ")
    if not stack or not count.isdigit():
        return None
    frames = []
    for text in stack.split(";"):
        found = _FRAME.match(text)
        frames.append((found["function"], found["file"]) if found else (text, ""))
    return frames, int(count)


def stage_of(frames: list[tuple[str, str]], process: str) -> str:
    """The stage of one stack (frames root first); ``waiting`` when it costs no CPU."""
    if frames[-1] in WAITS:
        return WAITING
    if any(function == "_find_and_load" for function, _ in frames):
        return STARTUP
    rules = RULES[process]
    for function, file in reversed(frames):
        for rule in rules:
            if rule.matches(function, file):
                return rule.stage
    return OTHER


def stage_seconds(lines: Iterable[str], process: str, rate: float) -> dict[str, float]:
    """CPU seconds per stage: samples x the sampling interval (1 / ``rate``), waits left out."""
    samples: Counter[str] = Counter()
    for line in lines:
        parsed = parse_line(line)
        if parsed is not None:
            samples[stage_of(parsed[0], process)] += parsed[1]
    samples.pop(WAITING, None)
    return {stage: count / rate for stage, count in samples.items()}


def top_self(
    lines: Iterable[str], rate: float, stage: str, process: str, n: int = 3
) -> list[tuple[str, float]]:
    """The ``n`` leaf frames (``function (file)``) costing the most CPU seconds in ``stage``."""
    samples: Counter[str] = Counter()
    for line in lines:
        parsed = parse_line(line)
        if parsed is not None and stage_of(parsed[0], process) == stage:
            function, file = parsed[0][-1]
            samples[f"{function} ({file})"] += parsed[1]
    return [(frame, count / rate) for frame, count in samples.most_common(n)]
