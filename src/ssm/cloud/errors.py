"""The errors of the Sales Management service, as one tree.

Every error the cloud raises on purpose is a ``CloudError``. Those a client can cause carry
the HTTP status, a stable ``code`` and a French ``message`` that names the problem and says
what to do, so the API layer turns any of them into the same JSON body
``{"code": ..., "message": ...}`` without knowing the particular class. Third-party errors
(SQLAlchemy, sockets) are translated into these at the boundary: callers never see them.

The tree::

    CloudError
    ├── DatabaseError                   the database cannot be opened or written (CLI, 500)
    ├── ServerStartError                the HTTP server cannot listen (port in use, bad host)
    └── ApiError                        a client's request cannot be served; has status + code
        ├── InvalidActivationKeyError   400 invalid_activation_key (unknown, used or expired)
        ├── AuthenticationError         401
        │   ├── InvalidCredentialsError     401 invalid_credentials (bad key pair)
        │   └── SessionError                401 session_required / invalid_session
        ├── ForbiddenError              403 forbidden
        │   └── MasteredBySageError         403 mastered_by_sage (only Sage 100 may do it)
        ├── NotFoundError               404 not_found
        ├── ConflictError               409 conflict
        │   ├── SecondCompanyError          409 second_company (instance bound to another)
        │   ├── QuoteReadOnlyError          409 quote_read_only (in Sage or awaiting it)
        │   ├── QuoteNotValidatedError      409 quote_not_validated (prices not from Sage yet)
        │   └── QuoteChangedError           409 quote_changed (an older revision's answer)
        ├── InvalidRequestError         422 validation_error
        └── RateLimitedError            429 rate_limited, with Retry-After (reserved)
"""

from __future__ import annotations

from ssm.cloud import messages


class CloudError(Exception):
    """Base of every error the cloud raises on purpose."""


class DatabaseError(CloudError):
    """The database cannot be opened, created or written."""


class ServerStartError(CloudError):
    """The HTTP server cannot start listening (port in use, unknown host)."""


class ApiError(CloudError):
    """An error a client caused, rendered as ``{"code", "message"}`` with ``status_code``.

    Subclasses fix ``status_code`` and ``code``; the message defaults to the catalogue's.
    """

    status_code: int = 400
    code: str = "bad_request"
    default_message: str = messages.BAD_REQUEST

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class InvalidActivationKeyError(ApiError):
    """The activation key is unknown, already used or expired (one message: no oracle)."""

    status_code = 400
    code = "invalid_activation_key"
    default_message = messages.INVALID_ACTIVATION_KEY


class AuthenticationError(ApiError):
    """The caller is not authenticated."""

    status_code = 401
    code = "unauthenticated"
    default_message = messages.INVALID_SESSION


class InvalidCredentialsError(AuthenticationError):
    """Login with an unknown public key or a wrong private key."""

    code = "invalid_credentials"
    default_message = messages.INVALID_CREDENTIALS


class SessionError(AuthenticationError):
    """The ``X-Session-Key`` header is missing, unknown or expired."""

    code = "invalid_session"
    default_message = messages.INVALID_SESSION

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ForbiddenError(ApiError):
    """The caller is authenticated but may not do this."""

    status_code = 403
    code = "forbidden"
    default_message = messages.FORBIDDEN


class MasteredBySageError(ForbiddenError):
    """The CRM may not do this: Sage 100 masters it (a client, a conversion, a deletion)."""

    code = "mastered_by_sage"


class NotFoundError(ApiError):
    """The record does not exist in the caller's instance."""

    status_code = 404
    code = "not_found"
    default_message = messages.NOT_FOUND


class ConflictError(ApiError):
    """The request contradicts the stored state of the instance."""

    status_code = 409
    code = "conflict"
    default_message = messages.BAD_REQUEST


class SecondCompanyError(ConflictError):
    """The instance is already bound to another Sage company (one company per instance)."""

    code = "second_company"

    def __init__(self, company_id: str) -> None:
        super().__init__(messages.SECOND_COMPANY.format(company=company_id))
        self.company_id = company_id


class QuoteReadOnlyError(ConflictError):
    """The quote is Sage's, in Sage, or awaiting its writing: the rep may not change it."""

    code = "quote_read_only"
    default_message = messages.QUOTE_READ_ONLY


class QuoteNotValidatedError(ConflictError):
    """Synchronisation asked for a quote whose prices Sage 100 has not validated."""

    code = "quote_not_validated"
    default_message = messages.QUOTE_NOT_VALIDATED


class QuoteChangedError(ConflictError):
    """The connector answers for a revision (or status) the quote has left: dropped."""

    code = "quote_changed"


class InvalidRequestError(ApiError):
    """The request is well-formed JSON but breaks a rule (too many items, bad field)."""

    status_code = 422
    code = "validation_error"
    default_message = messages.VALIDATION_ERROR


class RateLimitedError(ApiError):
    """Too many requests; retry after ``retry_after`` seconds (reserved for later)."""

    status_code = 429
    code = "rate_limited"
    default_message = messages.RATE_LIMITED

    def __init__(self, message: str | None = None, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
