"""The background service: ``ssm-connector run`` and what it runs.

``loop`` polls Sage's change watcher and runs passes, ``passes`` runs the streams once
(sync, reconciliation, resync), ``lock`` keeps one service per install, ``status`` reads
what the service left behind for ``ssm-connector status`` and ``doctor``. The package
imports neither ``install`` nor the wizards: they start and inspect it.
"""
