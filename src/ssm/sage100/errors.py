"""Errors raised by ``ssm.sage100``: one tree, so callers catch what they mean.

Every error the package lets out is a :class:`Sage100Error`; third-party errors
(``sqlite3``, SQLAlchemy, argon2, the file system) are translated where they occur.
Each message names the thing at fault and says what to do::

    Sage100Error
     ├── ServerNotFoundError      the location is not a Sage 100 server (emulated folder)
     ├── CompanyNotFoundError     no company (database) of that name on the server
     ├── SageLoginError           unknown Sage user, or wrong password (a sentence for each)
     ├── SageSchemaError          a table or column the connector needs is missing (version)
     ├── SageConnectionError      the database could not be read or written (locked, gone)
     ├── SageWriteError           a record (or a quote line to price) was refused; nothing written
     └── GenerationError          the demo generator refused its input (folder, size, name)
"""

from __future__ import annotations


class Sage100Error(Exception):
    """Base class of every error raised by ``ssm.sage100``."""


class ServerNotFoundError(Sage100Error):
    """The location does not hold a Sage 100 server."""


class CompanyNotFoundError(Sage100Error):
    """The server has no company (database) of that name."""


class SageLoginError(Sage100Error):
    """The Sage user does not exist, or its password is wrong; the message says which."""


class SageSchemaError(Sage100Error):
    """The company lacks a table or column the readers need: its Sage version differs."""


class SageConnectionError(Sage100Error):
    """A company database could not be read or written."""


class SageWriteError(Sage100Error):
    """A prospect, a contact or a quote line was refused; nothing of it was written.

    A refusal is about the record (a field too long, an account converted to client), so
    retrying the same record fails the same way: the message, one French sentence, names
    the field and says what to change. ``field`` is the Sage column at fault, if one is.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class GenerationError(Sage100Error):
    """The demo-data generator refused its input; nothing was written."""
