"""System endpoints under the reserved ``/-/`` prefix: health and version (our extension)."""

from __future__ import annotations

from fastapi import APIRouter

import ssm
from ssm.cloud.dependencies import DatabaseDep
from ssm.cloud.schemas.common import Health, Version

router = APIRouter(prefix="/-", tags=["system"])


@router.get("/health", summary="Health check")
def health(db: DatabaseDep) -> Health:
    """Answer ``{"status": "ok"}`` once the database answers: what supervisors poll."""
    db.ping()
    return Health()


@router.get("/version", summary="Version")
def version() -> Version:
    """The version of the code serving the API, for support and compatibility checks."""
    return Version(version=ssm.__version__)
