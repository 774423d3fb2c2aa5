"""The names people read for the steps of a pass: each stream's ``label``, the CRM → Sage step.

Reports, state and options name a stream by its identifier (``accounts``); the status, the
sync reports and the demo show its title (« Comptes ») in the process's language, derived
from the declarations, so a new stream needs no edit here.
"""

from __future__ import annotations

from ssm.connector import messages as msg
from ssm.connector.sync._export import EXPORT
from ssm.connector.sync._streams import STREAMS


def stream_title(name: str) -> str:
    """The title of the step ``name`` (a stream's or ``EXPORT``); ``name`` for an unknown one."""
    titles = {EXPORT: msg.PRE_TWO_WAY} | {stream.name: stream.title for stream in STREAMS}
    return titles.get(name, name)
