"""Connector fixtures: a real emulated Sage 100 server and a real cloud on loopback."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ssm.connector import InstallLayout, configure
from ssm.connector.configure import sage_administrators
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER, generate_server

COMPANY = "BIJOU"


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


@pytest.fixture
def cloud_url(demo_paths) -> Iterator[str]:
    """``ssm-cloud serve`` running on a free loopback port for one test."""
    with local_cloud(demo_paths, say=lambda _: None) as url:
        yield url


@pytest.fixture
def installed(demo_paths, cloud_url) -> Callable[[], InstallLayout]:
    """Factory: configure the connector against the test's Sage server and cloud."""

    def make() -> InstallLayout:
        layout = demo_paths.install
        configure(
            layout,
            sage_server=str(demo_paths.sage_server),
            company=COMPANY,
            sage_user=DEFAULT_SAGE_USER,
            sage_password=DEFAULT_SAGE_PASSWORD,
            cloud_url=cloud_url,
            activation_key=issue_activation_key(demo_paths),
            administrator=sage_administrators(str(demo_paths.sage_server), COMPANY)[0],
        )
        return layout

    return make
