"""The dashboard (« Tableau de bord »), the web app's home page at ``/``.

``?periode=semaine|mois|annee`` (default ``mois``) chooses the period. The page shows the
current period's sales excluding tax, a chart and a table of the last twelve periods, the
top ten customers and products over them, and the total of every posted invoice the user
sees: ``id="sales-total"`` with the raw amount in ``data-value`` (and ``id="sales-current"``
for the current period), so a test or a person can check it against a SQL sum.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi import Request
from fastapi.responses import HTMLResponse

from ssm.cloud.db import Database
from ssm.cloud.services import dashboard
from ssm.cloud.services.charts import bar_chart, column_chart, format_amount
from ssm.cloud.services.dashboard import Period, PeriodKind
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web._connected_pages import owners, page
from ssm.cloud.web.i18n import format_date, language, text
from ssm.i18n import format_month

PERIOD_PARAMS: dict[str, PeriodKind] = {"semaine": "week", "mois": "month", "annee": "year"}
"""The ``periode`` query values and the period each one means."""


def period_label(period: Period, lang: str) -> str:
    """``S48 2026``, ``nov. 2026`` (Babel's) or ``2026`` (in English ``W48 2026``, ``Nov 2026``)."""
    if period.kind == "week":
        year, week, _ = period.start.isocalendar()
        return text("dashboard.week_label", lang).format(week=week, year=year)
    if period.kind == "month":
        return format_month(period.start, lang)
    return str(period.start.year)


def dashboard_page(request: Request, user: WebUser, db: Database, now: dt.datetime) -> HTMLResponse:
    """Render the dashboard for ``user`` (their visible sales only)."""
    lang = language(request)
    param = request.query_params.get("periode", "mois")
    kind = PERIOD_PARAMS.get(param, "month")
    board = dashboard.build(db, user.instance_id, owners(db, user), kind, dashboard.today(now))
    labels = [period_label(period, lang) for period in board.periods]

    def fmt(value: Decimal) -> str:
        return format_amount(value, lang)

    first, last = board.periods[0], board.periods[-1]
    chart = column_chart(
        "sales-chart",
        text(f"dashboard.chart.{kind}", lang),
        text("dashboard.chart_desc", lang).format(first=labels[0], last=labels[-1]),
        labels,
        board.series,
        fmt,
    )
    span = text("dashboard.top_desc", lang).format(
        first=format_date(first.start, lang),
        last=format_date(last.end - dt.timedelta(days=1), lang),
    )
    customers = bar_chart(
        "top-customers-chart",
        text("dashboard.top_customers", lang),
        span,
        [item.label for item in board.top_customers],
        [item.amount for item in board.top_customers],
        fmt,
    )
    products = bar_chart(
        "top-products-chart",
        text("dashboard.top_products", lang),
        span,
        [item.label for item in board.top_products],
        [item.amount for item in board.top_products],
        fmt,
    )
    return page(
        request,
        user,
        db,
        now,
        "dashboard.html",
        title_key="dashboard.title",
        board=board,
        param={value: key for key, value in PERIOD_PARAMS.items()}[kind],
        params=PERIOD_PARAMS,
        labels=labels,
        chart=chart,
        customers_chart=customers,
        products_chart=products,
        span=span,
    )
