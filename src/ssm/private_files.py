"""Files only their owner can read: 0600 in a 0700 folder, whatever the umask.

Outbox e-mails carry live password links and logs tell what a company syncs; under the
usual umask 022 they would be 0644 in 0755 folders, readable by every account of the
machine (F8 of issue 12). The cloud and the connector both create such files, so the two
rules live here once. On Windows the bits mean little (access is by ACL): the calls are
harmless there.

Usage::

    private_folder(outbox)
    with open(outbox / "message.eml", "wb", opener=private_opener) as handle: ...
"""

from __future__ import annotations

import os
from pathlib import Path


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed and make it 0700, even if it existed."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)  # made before, or by a laxer umask
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``open(..., opener=)`` that creates the file 0600 and makes an older one 0600 too."""
    descriptor = os.open(path, flags, 0o600)
    if os.name == "posix":
        os.fchmod(descriptor, 0o600)
    return descriptor
