"""Sage 100 product versions and the range this package supports.

Supported: Sage 100 **v9.00 to v12.x** (``SUPPORTED_MAJORS``): the SQL schema readers rely
on (``CT_Prospect``, ``DO_Piece varchar(13)``, ``cbCreation``…) is present from schema B/C
onwards, and v9–v12 are the versions sold and maintained when this connector was written.
Older versions are detected and reported as unsupported, never refused silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ssm.sage100 import messages as msg

__all__ = ["SUPPORTED_MAJORS", "SageVersion", "parse_version"]

#: Major versions of Sage 100 the connector supports (inclusive range 9–12).
SUPPORTED_MAJORS = range(9, 13)

_VERSION = re.compile(r"^\s*(\d+)(?:[.,](\d+))?")


@dataclass(frozen=True)
class SageVersion:
    """The installed Sage 100 product and whether the connector supports it.

    Example::

        SageVersion(product="Gestion Commerciale 100c", version="11.00", major=11,
                    supported=True)
    """

    product: str
    version: str
    major: int
    supported: bool


def parse_version(product: str, version: str) -> SageVersion:
    """Build a :class:`SageVersion` from a product name and a version string (``"11.00"``).

    Raises:
        ValueError: the version string does not start with a number.
    """
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(msg.VERSION_INVALID.format(version=version))
    major = int(match.group(1))
    return SageVersion(
        product=product, version=version.strip(), major=major, supported=major in SUPPORTED_MAJORS
    )
