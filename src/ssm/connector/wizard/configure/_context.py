"""What the configuration screens know before they render: defaults and links.

The Sage 100 server and the cloud address default to what the installer recorded, then to
the environment (``SSM_SAGE100_SERVER``, ``SSM_CLOUD_URL``) and the Windows registry. The end
screen's links are configurable, so a reseller can point them at its own pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno

from ssm.connector.environment import read_environment
from ssm.connector.install import InstallOptions, read_marker
from ssm.sage100 import Sage100Error, SqlLogin, is_sql_server_location, open_server

#: The wizard's own route showing docs/knowledge-base.md (see ``ssm.connector.wizard.browser``).
KNOWLEDGE_BASE_ROUTE = "/base-de-connaissances"
IOS_APP_DEFAULT = "https://apps.apple.com/fr/search?term=Sage%20Sales%20Management"
ANDROID_APP_DEFAULT = "https://play.google.com/store/search?q=Sage%20Sales%20Management&c=apps"


@dataclass(frozen=True)
class EndLinks:
    """The knowledge base and the two mobile-app stores shown on the end screen."""

    knowledge_base: str = KNOWLEDGE_BASE_ROUTE
    ios_app: str = IOS_APP_DEFAULT
    android_app: str = ANDROID_APP_DEFAULT

    @classmethod
    def from_environment(cls) -> EndLinks:
        """``SSM_KNOWLEDGE_BASE_URL``, ``SSM_IOS_APP_URL``, ``SSM_ANDROID_APP_URL`` or defaults."""
        env = read_environment()
        return cls(
            knowledge_base=env.knowledge_base_url or KNOWLEDGE_BASE_ROUTE,
            ios_app=env.ios_app_url or IOS_APP_DEFAULT,
            android_app=env.android_app_url or ANDROID_APP_DEFAULT,
        )


def qr_svg_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (no file, no network)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


@dataclass(frozen=True)
class ConfigureDefaults:
    """Values proposed on the screens, found once when the wizard starts."""

    sage_server: str = ""
    sage_version: str = ""
    cloud_url: str = ""

    @classmethod
    def found(cls, sage_server: str, cloud_url: str) -> ConfigureDefaults:
        """The defaults for these addresses, with the version of a server folder.

        A SQL Server's version waits for the prerequisites screen, where its authentication
        is chosen: trying the Windows account now could only fail or wait.
        """
        detected = "" if is_sql_server_location(sage_server) else detect_version(sage_server)
        return cls(sage_server=sage_server, sage_version=detected, cloud_url=cloud_url)


def find_defaults(install_dir: Path) -> ConfigureDefaults:
    """Read the install marker, the environment and the registry (the I/O happens here)."""
    recorded = read_marker(install_dir).get("install", {})
    options = InstallOptions(
        sage_server=recorded.get("sage_server") or None,
        cloud_url=recorded.get("cloud_url") or None,
    )
    return ConfigureDefaults.found(
        options.resolved_sage_server() or "", options.resolved_cloud_url() or ""
    )


def detect_version(sage_server: str, login: SqlLogin | None = None) -> str:
    """« Sage 100cloud 12.00 », or empty when the server cannot be read."""
    if not sage_server:
        return ""
    try:
        found = open_server(sage_server, login=login).version()
    except (Sage100Error, OSError, ValueError):
        return ""
    return f"{found.product} {found.version}"
