"""The Sales Management service: a multi-tenant CRM REST API modelled on the v4 API.

Build the ASGI app with ``create_app(CloudSettings(...))`` or run ``ssm-cloud serve``. The
service keeps no state in process memory (sessions and keys live in the database), so
several workers can serve one database. See ``docs/cloud.md``.
"""

from ssm.cloud.app import create_app, get_database
from ssm.cloud.errors import (
    ApiError,
    AuthenticationError,
    CloudError,
    ConflictError,
    DatabaseError,
    ForbiddenError,
    InvalidActivationKeyError,
    InvalidCredentialsError,
    InvalidRequestError,
    MasteredBySageError,
    NotFoundError,
    RateLimitedError,
    SecondCompanyError,
    ServerStartError,
    SessionError,
)
from ssm.cloud.settings import CloudSettings

__all__ = [
    "ApiError",
    "AuthenticationError",
    "CloudError",
    "CloudSettings",
    "ConflictError",
    "DatabaseError",
    "ForbiddenError",
    "InvalidActivationKeyError",
    "InvalidCredentialsError",
    "InvalidRequestError",
    "MasteredBySageError",
    "NotFoundError",
    "RateLimitedError",
    "SecondCompanyError",
    "ServerStartError",
    "SessionError",
    "create_app",
    "get_database",
]
