"""Alembic revisions of the cloud's schema, oldest first (``ssm-cloud db revision``)."""
