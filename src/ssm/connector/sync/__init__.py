"""Synchronisation Sage 100 → Sales Management: streams, mappers, state and engine."""

from ssm.connector.sync._engine import RecordError, RunStatus, StreamResult, sync_stream
from ssm.connector.sync._mapper import AccountMapper, Mapper, record_hash
from ssm.connector.sync._state import Binding, StateStore
from ssm.connector.sync._streams import STREAMS, AccountsStream, SageTableStream

__all__ = [
    "STREAMS",
    "AccountMapper",
    "AccountsStream",
    "Binding",
    "Mapper",
    "RecordError",
    "RunStatus",
    "SageTableStream",
    "StateStore",
    "StreamResult",
    "record_hash",
    "sync_stream",
]
