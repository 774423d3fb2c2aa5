"""Typed request and response bodies of the API, one module per URL family.

They are shared by ``api/`` (which declares them to FastAPI and the OpenAPI schema) and by
``services/`` (which take and return them), so a body's shape is written exactly once.
"""
