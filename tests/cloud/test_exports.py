from types import ModuleType

import ssm.cloud


def test_all_lists_exactly_the_public_names():
    public = {
        name
        for name, value in vars(ssm.cloud).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert set(ssm.cloud.__all__) == public
    assert ssm.cloud.__all__ == sorted(ssm.cloud.__all__)
