"""What the service does, independent of HTTP: shared by ``api/`` and, later, ``web/``.

Each function takes a ``Database``, the caller's instance where it matters, plain values or
schema models, and the current time (so tests can move the clock); it raises only
``ssm.cloud.errors`` exceptions.
"""
