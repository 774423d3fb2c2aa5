"""Connector fixtures: a real emulated Sage 100 server and a real cloud on loopback.

A cloud start costs a few seconds of CPU (``ssm-cloud serve`` imports the whole service), so
a module whose tests need only *a* cloud marks itself ``shared_cloud``: its tests share the
session's cloud, each with its own instance and activation key, so none sees another's data.
"""

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from ssm.connector import InstallLayout
from ssm.connector.configure import configure, sage_administrators
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER, generate_server

COMPANY = "BIJOU"

#: Counted per client address, and every test is 127.0.0.1: a cloud of its own per test
#: gave each its own counters, the shared cloud counts nothing instead.
_PER_ADDRESS_LIMITS = ("RATE_LIMIT_LOGIN_PER_IP", "RATE_LIMIT_ACTIVATION_PER_IP")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``shared_cloud`` marker (unknown markers are errors here)."""
    config.addinivalue_line(
        "markers", "shared_cloud: the test needs only a cloud, the session's shared one"
    )


@dataclass(frozen=True)
class Cloud:
    """A running ``ssm-cloud serve``: its URL and the demo paths holding its database."""

    url: str
    paths: DemoPaths


@pytest.fixture(scope="session")
def tiny_server_template(tmp_path_factory) -> Path:
    """A tiny Sage 100 server generated once; tests copy it before changing it."""
    path = tmp_path_factory.mktemp("template") / "sage100"
    generate_server(path, company=COMPANY, size="tiny", seed=7)
    return path


@pytest.fixture
def demo_paths(tmp_path, tiny_server_template) -> DemoPaths:
    """A demo work folder whose Sage 100 server is a fresh copy of the tiny template."""
    import shutil

    paths = DemoPaths(tmp_path / "work")
    shutil.copytree(tiny_server_template, paths.sage_server)
    return paths


@pytest.fixture
def sage_password(demo_paths) -> str:
    """Give BIJOU's ``Administrateur`` a password (the template's has none, as a fresh Sage)."""
    from sqlalchemy import select, update

    from ssm.sage100 import open_server
    from ssm.sage100.emulator import hash_password
    from ssm.sage100.schema import F_PROTECTIONCIAL

    password = "Sage-Secret-42"
    engine = open_server(demo_paths.sage_server).engine(COMPANY)
    p = F_PROTECTIONCIAL.c
    with engine.begin() as conn:
        guid = conn.execute(
            select(p.PROT_Guid).where(p.PROT_User == DEFAULT_SAGE_USER)
        ).scalar_one()
        conn.execute(
            update(F_PROTECTIONCIAL)
            .where(p.PROT_User == DEFAULT_SAGE_USER)
            .values(PROT_Hash=hash_password(password, guid))
        )
    engine.dispose()
    return password


@pytest.fixture(scope="session")
def shared_cloud(tmp_path_factory) -> Iterator[Cloud]:
    """``ssm-cloud serve`` for the tests marked ``shared_cloud``, started on first use."""
    paths = DemoPaths(tmp_path_factory.mktemp("shared-cloud"))
    with ExitStack() as stack:
        with pytest.MonkeyPatch.context() as patch:  # read by the child as it starts
            for name in _PER_ADDRESS_LIMITS:
                patch.setenv(f"SSM_CLOUD_{name}", "0")
            url = stack.enter_context(local_cloud(paths, say=lambda _: None))
        yield Cloud(url, paths)


@pytest.fixture
def cloud(request, demo_paths) -> Iterator[Cloud]:
    """The test's cloud: its own on a free loopback port, or the session's if marked so."""
    if request.node.get_closest_marker("shared_cloud") is not None:
        yield request.getfixturevalue("shared_cloud")
        return
    with local_cloud(demo_paths, say=lambda _: None) as url:
        yield Cloud(url, demo_paths)


@pytest.fixture
def cloud_url(cloud) -> str:
    """The URL of the test's cloud."""
    return cloud.url


@pytest.fixture
def installed(demo_paths, cloud) -> Callable[[], InstallLayout]:
    """Factory: configure the connector against the test's Sage server and cloud."""

    def make() -> InstallLayout:
        layout = demo_paths.install
        configure(
            layout,
            sage_server=str(demo_paths.sage_server),
            company=COMPANY,
            sage_user=DEFAULT_SAGE_USER,
            sage_password=DEFAULT_SAGE_PASSWORD,
            cloud_url=cloud.url,
            activation_key=issue_activation_key(cloud.paths),
            administrator=sage_administrators(str(demo_paths.sage_server), COMPANY)[0],
        )
        return layout

    return make
