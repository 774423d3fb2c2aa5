"""Errors raised by the connector.

Every message names the thing that went wrong and says what to do, in French first,
because these lines reach the person installing the connector::

    ConnectorError
    ├── ConfigurationError        the install folder or its configuration is missing or wrong
    ├── StateError                the data or log folder cannot be written (read-only, full)
    ├── CloudError                the Sales Management service could not do what we asked
    │   ├── CloudUnreachableError     no answer (down, wrong URL, network)
    │   ├── CloudAuthError            the API keys were refused
    │   ├── CloudRejectedError        a whole request was refused (4xx): split it and retry
    │   └── ActivationRefusedError    the activation key was refused
    ├── DemoError                 the demo could not set itself up
    └── InstallError              the installer or the uninstaller could not do its work
        └── WizardError               a wizard step was refused (the French reasons are listed)

Errors of ``ssm.sage100`` (``Sage100Error``) and of httpx never leave this part untranslated
at the command line: ``cli.py`` turns both into one clear line and a non-zero exit.
"""


class ConnectorError(Exception):
    """Base of every connector error."""


class ConfigurationError(ConnectorError):
    """The install folder or its configuration is missing, unreadable or invalid."""


class StateError(ConnectorError):
    """The sync state or the log cannot be opened or written; nothing was lost.

    Only what the CRM acknowledged is ever committed, so the sync resumes where it stopped
    once the folder is writable again.
    """


class CloudError(ConnectorError):
    """The Sales Management service could not do what we asked."""


class CloudUnreachableError(CloudError):
    """The Sales Management service did not answer (down, wrong URL, network)."""


class CloudAuthError(CloudError):
    """The Sales Management service refused the API keys."""


class CloudRejectedError(CloudError):
    """The Sales Management service refused a whole request (4xx other than auth and 429)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ActivationRefusedError(CloudError):
    """The Sales Management service refused the activation key."""


class DemoError(ConnectorError):
    """The demo could not set itself up (a child process failed to start)."""


class InstallError(ConnectorError):
    """The installer or the uninstaller could not do its work; nothing was left half-done."""


class WizardError(InstallError):
    """A wizard step was refused; ``errors`` holds every French reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(" ; ".join(errors))
        self.errors = errors
