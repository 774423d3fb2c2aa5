"""``ssm-connector sync`` starts without importing what only the other commands use.

Its imports run before the first row leaves, while the service waits: the wizards, the
demo, the installer, the service loop, the OS keyring (a file store needs none) and the
environment's settings model are imported by the commands that use them.
"""

import subprocess
import sys

#: Modules the ``sync`` command must not import when the command line loads.
NOT_ON_SYNC_PATH = (
    "keyring",
    "pydantic_settings",
    "ssm.connector.configure",
    "ssm.connector.demo",
    "ssm.connector.install",
    "ssm.connector.service.loop",
    "ssm.connector.service.status",
    "ssm.connector.wizard",
)


def loaded_modules(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after ``statement``."""
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_command_line_loads_without_the_other_commands_modules():
    loaded = loaded_modules("import ssm.connector.cli")
    assert "ssm.connector.service.passes" in loaded
    assert sorted(m for m in NOT_ON_SYNC_PATH if m in loaded) == []
