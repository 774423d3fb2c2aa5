"""Installer fixtures: a tiny Sage 100 server, a health endpoint on loopback, options."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ssm.connector.install import InstallOptions
from ssm.connector.wizard.install import InstallContext, build_context


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/-/health" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def cloud_health() -> Iterator[str]:
    """A loopback server answering ``/-/health`` like the Sales Management service."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def options(tiny_server_template: Path, cloud_health: str) -> InstallOptions:
    """Every prerequisite met on this machine; no service."""
    return InstallOptions(
        sage_server=str(tiny_server_template), cloud_url=cloud_health, register_service=False
    )


@pytest.fixture
def context(options: InstallOptions) -> InstallContext:
    """The installation wizard's context on this machine."""
    return build_context(options)


@pytest.fixture
def cli_args(options: InstallOptions) -> list[str]:
    """The command-line options matching ``options``."""
    assert options.sage_server and options.cloud_url
    return ["--no-service", "--sage-server", options.sage_server, "--cloud-url", options.cloud_url]
