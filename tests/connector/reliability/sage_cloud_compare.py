"""Compare a Sage 100 company with its Sales Management instance, record by record.

The truth is what each stream reads from Sage today (``stream.get_batches`` from the start)
mapped by the stream's own mapper: the cloud must hold exactly one live record per key
(nothing missing, nothing duplicated), no live record whose key Sage no longer has, and
every field the mapper produces must equal the cloud's value (nothing stale), invoice
lines included. A row the mapper refuses must be absent from the cloud and on the error
list. ``assert_cloud_matches_sage`` fails with a readable, grouped diff.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from ssm.connector import InstallLayout, load_install
from ssm.connector.json_encoding import encode_json
from ssm.connector.sync import STREAMS, MappingError, StateStore
from ssm.sage100 import open_server

Record = dict[str, Any]
_SHOWN = 15  # examples shown per kind of problem


@dataclass
class SageSide:
    """What each stream reads from Sage, mapped: records, and rows the mapper refuses."""

    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    refused: dict[str, dict[str, str]] = field(default_factory=dict)

    def count(self, stream: str) -> int:
        """Rows the stream reads, refused ones included."""
        return len(self.records[stream]) + len(self.refused[stream])


def read_sage(layout: InstallLayout) -> SageSide:
    """Every row every stream reads, through the stream's reader and mapper."""
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    side = SageSide()
    try:
        for stream in STREAMS:
            records: dict[str, Record] = {}
            refused: dict[str, str] = {}
            for batch in stream.get_batches(engine, None, timedelta(minutes=2)):
                for row in batch.rows:
                    key = str(row[stream.key])
                    try:
                        records[key] = _as_sent(stream.mapper.map(row))
                    except MappingError as exc:
                        refused[key] = str(exc)
            side.records[stream.name] = records
            side.refused[stream.name] = refused
    finally:
        engine.dispose()
    return side


def _as_sent(record: Record) -> Record:
    """The record as the CRM receives it: its JSON, amounts as exact ``Decimal``.

    Mapped records may hold JSON numbers (``orjson.Fragment``), which compare to nothing.
    """
    return json.loads(encode_json(record), parse_float=Decimal)  # type: ignore[no-any-return]


class CloudReader:
    """Read-only access to the instance, straight to the cloud (never through a proxy)."""

    def __init__(self, url: str, public_key: str, private_key: str) -> None:
        self._http = httpx.Client(base_url=url.rstrip("/"), timeout=30.0)
        answer = self._http.post(
            "/api/v4/login", json={"username": public_key, "password": private_key}
        )
        answer.raise_for_status()
        self._http.headers["X-Session-Key"] = answer.json()["token"]

    @classmethod
    def for_install(cls, layout: InstallLayout, url: str | None = None) -> CloudReader:
        """A reader with the install's API key; ``url`` overrides the configured one."""
        config, secrets = load_install(layout)
        return cls(
            url or config.cloud.url,
            config.cloud.public_key,
            secrets.private_key.get_secret_value(),
        )

    def __enter__(self) -> CloudReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._http.close()

    def all(self, resource: str) -> list[Record]:
        """Every record, deleted ones included."""
        records: list[Record] = []
        page = 0
        while page >= 0:
            answer = self._http.get(
                f"/api/v4/{resource}",
                params={"page": page},
                headers={"X-FM-Entity-Count": "500"},
            )
            answer.raise_for_status()
            records.extend(_exact(answer))
            page = int(answer.headers.get("X-FM-Next-Page", "-1"))
        return records

    def get(self, resource: str, record_id: int) -> Record:
        """One record with everything the API returns for it (invoice lines)."""
        answer = self._http.get(f"/api/v4/{resource}/{record_id}")
        answer.raise_for_status()
        result: Record = _exact(answer)
        return result

    def live_count(self, resource: str) -> int:
        """Live records, as the paging headers count them."""
        answer = self._http.get(
            f"/api/v4/{resource}",
            params={"page": 0, "deleted": "false"},
            headers={"X-FM-Entity-Count": "1"},
        )
        answer.raise_for_status()
        return int(answer.headers["X-FM-Total-Count"])


def _exact(answer: httpx.Response) -> Any:
    """The JSON of an answer with its amounts as exact ``Decimal`` (never a float)."""
    return json.loads(answer.content, parse_float=Decimal)


def normalise(name: str, value: Any) -> Any:
    """A value as the cloud stores it: exact numbers to 6 places, e-mails lower-cased, dates.

    A quote line's discounts are compared one by one; the cloud returns each discount's
    value as its exact text (``"5"``), which compares as the number it spells.
    """
    if isinstance(value, bool) or value is None:
        return value
    if name == "discounts" and isinstance(value, list):
        return [{k: normalise(k, v) for k, v in discount.items()} for discount in value]
    if isinstance(value, str) and name == "value":
        return normalise(name, Decimal(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(repr(value) if isinstance(value, float) else value).quantize(Decimal("1e-6"))
    if isinstance(value, str) and name == "email":
        return value.lower()
    if isinstance(value, str) and name == "date":
        return value[:10]
    return value


def _same(name: str, sent: Any, stored: Any) -> bool:
    return bool(normalise(name, sent) == normalise(name, stored))


def field_diffs(sent: Mapping[str, Any], stored: Mapping[str, Any]) -> list[str]:
    """``field: sage=… cloud=…`` for each field of ``sent`` the cloud holds differently."""
    diffs = []
    for name, value in sent.items():
        if name == "lines":
            continue
        if name not in stored:
            diffs.append(f"{name}: sage={value!r} cloud=<absent>")
        elif not _same(name, value, stored[name]):
            diffs.append(f"{name}: sage={value!r} cloud={stored[name]!r}")
    return diffs


def line_diffs(sent: Iterable[Mapping[str, Any]], stored: Iterable[Mapping[str, Any]]) -> list[str]:
    """Differences between the lines Sage has and the lines the cloud stores."""
    want = {str(line["extId"]): line for line in sent}
    have: dict[str, Mapping[str, Any]] = {}
    diffs = []
    for line in stored:
        key = str(line.get("extId"))
        if key in have:
            diffs.append(f"line {key} twice in the cloud")
        have[key] = line
    diffs += [f"line {k} missing in the cloud" for k in sorted(want.keys() - have.keys())]
    diffs += [f"line {k} not in Sage" for k in sorted(have.keys() - want.keys())]
    for key in sorted(want.keys() & have.keys()):
        diffs += [f"line {key} {d}" for d in field_diffs(want[key], have[key])]
    return diffs


@dataclass
class Comparison:
    """Problems found, per kind, each as ``stream key: detail`` lines."""

    problems: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    checked: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, stream: str, key: str, detail: str = "") -> None:
        """Record one problem."""
        self.problems[kind].append(f"{stream} {key}" + (f": {detail}" if detail else ""))

    @property
    def ok(self) -> bool:
        """Whether nothing is missing, duplicated, extra or stale."""
        return not any(self.problems.values())

    def report(self) -> str:
        """A readable diff: counts per kind of problem, then the first examples."""
        out = [
            "cloud ≠ Sage ("
            + ", ".join(f"{k}: {v} checked" for k, v in sorted(self.checked.items()))
            + ")"
        ]
        for kind, lines in sorted(self.problems.items()):
            if not lines:
                continue
            out.append(f"  {kind}: {len(lines)}")
            out += [f"    {line}" for line in lines[:_SHOWN]]
            if len(lines) > _SHOWN:
                out.append(f"    … and {len(lines) - _SHOWN} more")
        return "\n".join(out)


def compare(
    layout: InstallLayout,
    *,
    may_fail: Mapping[str, Collection[str]] | None = None,
    lines: bool = True,
    cloud_url: str | None = None,
) -> Comparison:
    """Compare Sage and the cloud record by record.

    Args:
        layout: the connector install (its Sage company, its cloud instance, its state).
        may_fail: per stream, keys allowed to be absent from the cloud provided they are on
            the error list (rows the cloud refuses). Rows the mapper refuses always are.
        lines: also compare every invoice's lines (one GET per invoice).
        cloud_url: read the cloud here rather than at the configured URL (a proxy).
    """
    sage = read_sage(layout)
    with StateStore(layout.state_file) as state:
        error_list = {(stream, key) for stream, key, _, _ in state.errors()}
    result = Comparison()
    with CloudReader.for_install(layout, cloud_url) as cloud:
        for stream in STREAMS:
            name = stream.name
            expected = sage.records[name]
            allowed = set((may_fail or {}).get(name, ())) | set(sage.refused[name])
            live: dict[str, list[Record]] = defaultdict(list)
            for record in cloud.all(stream.resource):
                if record.get("extId") is not None and not record.get("deleted"):
                    live[str(record["extId"])].append(record)
            result.checked[name] = len(expected)
            for key, records in sorted(live.items()):
                if len(records) > 1:
                    ids = [r["id"] for r in records]
                    result.add("duplicated", name, key, f"{len(records)} live records {ids}")
                if key not in expected:
                    why = "refused by the mapper" if key in sage.refused[name] else "not in Sage"
                    result.add("extra (live in the cloud)", name, key, why)
            for key, sent in sorted(expected.items()):
                if key not in live:
                    if key in allowed and (name, key) in error_list:
                        continue
                    where = "on the error list" if (name, key) in error_list else "no error"
                    result.add("missing", name, key, where)
                    continue
                stored = live[key][0]
                diffs = field_diffs(sent, stored)
                if "lines" in sent and lines:
                    full = cloud.get(stream.resource, stored["id"])
                    diffs += line_diffs(sent["lines"], full.get("lines") or [])
                if diffs:
                    result.add("stale", name, key, "; ".join(diffs))
            for key, reason in sorted(sage.refused[name].items()):
                if (name, key) not in error_list:
                    result.add("refused but not on the error list", name, key, reason)
    return result


def assert_cloud_matches_sage(
    layout: InstallLayout,
    *,
    may_fail: Mapping[str, Collection[str]] | None = None,
    lines: bool = True,
    cloud_url: str | None = None,
) -> Comparison:
    """Fail with a readable diff unless the cloud holds exactly what Sage has."""
    result = compare(layout, may_fail=may_fail, lines=lines, cloud_url=cloud_url)
    assert result.ok, result.report()
    return result
