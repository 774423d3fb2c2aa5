"""Streams Sage 100 → Sales Management, one small declarative class each.

A stream says where its rows come from (a ``TableSpec`` of ``ssm.sage100``), which column
is the Sage key sent as ``extId``, which CRM resource receives the records and how a row
maps to a record. The engine (``_engine.py``) owns cursors, batching, retries and figures.
"""

from __future__ import annotations

from typing import ClassVar

from ssm.connector.sync._mapper import AccountMapper, Mapper
from ssm.sage100 import CLIENTS, TableSpec


class SageTableStream:
    """A stream read incrementally from one Sage 100 table."""

    name: ClassVar[str]
    resource: ClassVar[str]
    spec: ClassVar[TableSpec]
    key: ClassVar[str]
    mapper: ClassVar[Mapper]


class AccountsStream(SageTableStream):
    """Clients and prospects (F_COMPTET, CT_Type = 0) → accounts."""

    name = "accounts"
    resource = "accounts"
    spec = CLIENTS
    key = "CT_Num"
    mapper = AccountMapper()


STREAMS: tuple[type[SageTableStream], ...] = (AccountsStream,)
