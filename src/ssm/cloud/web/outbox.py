"""``/courriels``: « Courriels », the instance's mail outbox for its administrators.

The stored copies, newest first, a page at a time (``?page=1`` is the newest). A stored
copy never holds a personal link (the outbox masks it when storing), so the page shows
bodies as they are. It reads them through ``services.mail``, as ``GET /api/v4/outbox`` does.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ssm.cloud.dependencies import DatabaseDep
from ssm.cloud.services import mail
from ssm.cloud.web.auth import AdminUser, render_app

router = APIRouter(tags=["pages"])

PAGE_SIZE = 20


@router.get("/courriels", response_class=HTMLResponse)
def outbox_page(request: Request, admin: AdminUser, db: DatabaseDep, page: int = 1) -> HTMLResponse:
    """One page of the instance's e-mails, newest first."""
    page = min(max(page, 1), 1_000_000)
    total = mail.count_outbox(db, admin.instance_id)
    messages = mail.list_outbox(
        db, admin.instance_id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = max(1, -(-total // PAGE_SIZE))
    return render_app(
        request,
        admin,
        "outbox.html",
        title_key="outbox.title",
        messages=messages,
        page=page,
        pages=pages,
    )
