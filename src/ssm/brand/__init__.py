"""The product's one visual identity, shared by the web app, the wizard and the e-mails.

``brand.css`` holds the colours, type and the base look of text, links, buttons, fields and
focus as CSS custom properties and element rules; each part links it first and adds only its
own layout. ``favicon.svg`` is the mark. Both are package files, served by each part from
its own origin (no CDN): ``asset(name)`` reads one, and ``digest(name)`` names its content,
so a part can serve it under a URL that changes with it and let browsers keep it for a year.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

PRODUCT_NAME = "Sales Management"
ASSETS = ("brand.css", "favicon.svg")


def asset(name: str) -> bytes:
    """The bytes of the brand file ``name`` (one of ``ASSETS``)."""
    if name not in ASSETS:
        raise KeyError(name)
    return resources.files(__name__).joinpath(name).read_bytes()


@cache
def digest(name: str) -> str:
    """A short hash of the brand file ``name``'s bytes: the version in its served URL."""
    return hashlib.sha256(asset(name)).hexdigest()[:12]
