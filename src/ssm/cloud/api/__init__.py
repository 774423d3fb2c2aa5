"""The HTTP API: one module per URL family, each exposing a ``router``.

Handlers are thin: they declare typed bodies, call ``ssm.cloud.services`` and shape the
HTTP answer. ``ssm.cloud.app`` includes every router; its list is the URL map.
"""
