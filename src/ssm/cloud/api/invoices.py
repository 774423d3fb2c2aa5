"""``/api/v4/invoices`` (ours): the count of lines (the bulk routes are shared)."""

from __future__ import annotations

from fastapi import APIRouter

from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep
from ssm.cloud.schemas.invoices import Count
from ssm.cloud.services import invoices

router = APIRouter(prefix="/api/v4/invoices", tags=["invoices"], responses=ERROR_RESPONSES)


@router.get("/lines/count", summary="Count the lines of live invoices (extension)")
def count_invoice_lines(caller: CallerDep, db: DatabaseDep) -> Count:
    """How many lines the instance's invoices that are not deleted have."""
    return Count(count=invoices.count_lines(db, caller.instance_id))
