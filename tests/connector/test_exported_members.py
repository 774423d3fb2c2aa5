"""Every public name of ``ssm.connector`` is in ``__all__`` and nothing else is (httpx's test)."""

import inspect

import pytest

import ssm.connector
import ssm.connector.sync


@pytest.mark.parametrize("module", [ssm.connector, ssm.connector.sync])
def test_all_lists_exactly_the_public_names(module):
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(module.__all__) == public
