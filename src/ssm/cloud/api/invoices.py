"""``/api/v4/invoices`` (ours): the shared bulk routes, lines on the single record, a count."""

from __future__ import annotations

from ssm.cloud.api._deps import CallerDep, DatabaseDep
from ssm.cloud.api._resource import resource_router
from ssm.cloud.schemas.invoices import Count, InvoiceRecord
from ssm.cloud.services import invoices

router = resource_router(invoices.INVOICES, InvoiceRecord, noun="invoices")


@router.get("/lines/count", summary="Count the lines of live invoices (extension)")
def count_invoice_lines(caller: CallerDep, db: DatabaseDep) -> Count:
    """How many lines the instance's invoices that are not deleted have."""
    return Count(count=invoices.count_lines(db, caller.instance_id))
