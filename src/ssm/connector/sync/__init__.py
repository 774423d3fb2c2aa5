"""Synchronisation Sage 100 ⇄ Sales Management: streams, mappers, state, engine, reconciliation.

The CRM → Sage direction (prospects and contacts made or changed in the CRM, and quotes
to price or to write into Sage) is ``export_changes``.
"""

from ssm.connector.sync._export import EXPORT, export_changes
from ssm.connector.sync._feed_state import Reservation
from ssm.connector.sync._reconcile import reconcile_stream
from ssm.connector.sync._streams import (
    STREAM_NAMES,
    STREAMS,
    AccountMapper,
    AccountsStream,
    ContactMapper,
    ContactsStream,
    InvoiceMapper,
    InvoicesStream,
    ProductMapper,
    ProductsStream,
    QuoteMapper,
    QuotesStream,
    SageStream,
    SageTableStream,
    UserMapper,
    UsersStream,
)
from ssm.connector.sync._titles import stream_title
from ssm.connector.sync.conflicts import CRM_OWNED, Conflict, Merge, crm_is_later, merge_fields
from ssm.connector.sync.engine import (
    Progress,
    RecordError,
    RunStatus,
    ShouldStop,
    StreamResult,
    sync_stream,
)
from ssm.connector.sync.mapper import Mapper, MappingError, clean, clean_email, record_hash
from ssm.connector.sync.state import Binding, RunRecord, StateStore, state_error

__all__ = [
    "CRM_OWNED",
    "EXPORT",
    "STREAMS",
    "STREAM_NAMES",
    "AccountMapper",
    "AccountsStream",
    "Binding",
    "Conflict",
    "ContactMapper",
    "ContactsStream",
    "InvoiceMapper",
    "InvoicesStream",
    "Mapper",
    "MappingError",
    "Merge",
    "ProductMapper",
    "ProductsStream",
    "Progress",
    "QuoteMapper",
    "QuotesStream",
    "RecordError",
    "Reservation",
    "RunRecord",
    "RunStatus",
    "SageStream",
    "SageTableStream",
    "ShouldStop",
    "StateStore",
    "StreamResult",
    "UserMapper",
    "UsersStream",
    "clean",
    "clean_email",
    "crm_is_later",
    "export_changes",
    "merge_fields",
    "reconcile_stream",
    "record_hash",
    "state_error",
    "stream_title",
    "sync_stream",
]
