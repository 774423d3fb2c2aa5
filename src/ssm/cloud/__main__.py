"""``python -m ssm.cloud``: the same as the ``ssm-cloud`` command."""

from ssm.cloud.cli import main

main()
