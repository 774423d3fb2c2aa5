"""The rep's quotes in the web app: made, edited and sent to Sage 100, from a phone too.

Routes (each ``POST`` carries the session's ``csrf``; a success is a 303 to the quote)::

    GET, POST /devis/nouveau              « Nouveau devis »
    GET, POST /devis/{id}/modifier        « Modifier » a draft
    POST      /devis/{id}/synchroniser    « Synchroniser avec Sage 100 » (validated drafts)
    GET       /devis/produits?q=          the products for sale matching ``q``, as <option>s
    GET       /-/quote_form.js            the script that fills a line's suggestions live

The form posts its lines as ``line-{n}-product`` and ``line-{n}-quantity``; its buttons
say what to do (``action``): save, add an empty line, or remove line ``n``. Adding and
removing re-render the form with what was typed, so the form needs no script. A product
is typed (a reference, part of a name, or a suggestion of the line's ``<datalist>``) and
the server turns it into one product for sale, or says which line to fix. With
script, ``quote_form.js`` (ours, served from here as the Content-Security-Policy wants)
fills the line's list while the rep types, from ``/devis/produits``. The page and
the API write through the same service (``services.quotes``), so a page and the API
accept and refuse the same quotes; anything outside the rep's visibility is the 404 page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from ssm.cloud._text import has_nul
from ssm.cloud.db import Database
from ssm.cloud.dependencies import DatabaseDep, NowDep
from ssm.cloud.errors import ApiError, NotFoundError, QuoteReadOnlyError
from ssm.cloud.schemas.quotes import MAX_COMMENT, QuoteCreate, QuotePatch
from ssm.cloud.services import quote_choices, quotes
from ssm.cloud.services.changes import Author
from ssm.cloud.services.quote_choices import AccountChoice, Choice
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web import record_pages
from ssm.cloud.web._connected_pages import owners, page
from ssm.cloud.web._templates import render
from ssm.cloud.web.auth import CurrentUser, WebPageError, checked_form_of
from ssm.cloud.web.i18n import language, text
from ssm.cloud.web.record_pages import RecordId

router = APIRouter(tags=["pages"])

MAX_LINES = 50
"""Lines the web form holds (the API takes 200: longer quotes come from integrations)."""

QuoteForm = Annotated[dict[str, str], Depends(checked_form_of(6 + 2 * MAX_LINES))]
"""The posted quote form: csrf, account, contact, comment, action, line count, the lines."""


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line as typed: the product's text and the quantity's."""

    product: str = ""
    quantity: str = ""

    @property
    def blank(self) -> bool:
        """A row left empty: ignored on save, as the form's spare row is."""
        return not self.product.strip() and not self.quantity.strip()


@dataclass(frozen=True, slots=True)
class QuoteInput:
    """The form as typed, kept whole so a refused form comes back as it was."""

    account_id: str = ""
    contact_id: str = ""
    comment: str = ""
    lines: tuple[LineInput, ...] = field(default_factory=lambda: (LineInput(),))


def read_input(form: dict[str, str]) -> QuoteInput:
    """The typed form; the line count is clamped to 1..``MAX_LINES``."""
    try:
        count = min(max(1, int(form.get("lines", "1"))), MAX_LINES)
    except ValueError:
        count = 1
    return QuoteInput(
        account_id=form.get("account_id", "").strip(),
        contact_id=form.get("contact_id", "").strip(),
        comment=form.get("comment", "").strip(),
        lines=tuple(
            LineInput(
                form.get(f"line-{n}-product", "").strip(),
                form.get(f"line-{n}-quantity", "").strip(),
            )
            for n in range(1, count + 1)
        ),
    )


def with_action(typed: QuoteInput, action: str) -> QuoteInput | None:
    """The form after « Ajouter une ligne » or « Retirer », or ``None`` for « Enregistrer »."""
    if action == "add":
        return replace(typed, lines=(*typed.lines, LineInput())[:MAX_LINES])
    if action.startswith("remove-") and action[7:].isdigit():
        gone = int(action[7:]) - 1
        kept = tuple(line for n, line in enumerate(typed.lines) if n != gone)
        return replace(typed, lines=kept or (LineInput(),))
    return None


def quantity_of(typed: str) -> Decimal | None:
    """``1,5`` or ``1.5`` as an exact quantity the API takes; ``None`` for anything else.

    The API's bounds: above zero, below 10¹², at most six decimals (Sage's).
    """
    try:
        value = Decimal(typed.replace("\u202f", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 < value < 10**12:
        return None
    exponent = value.normalize().as_tuple().exponent
    return value if isinstance(exponent, int) and exponent >= -6 else None


@dataclass(frozen=True, slots=True)
class Checked:
    """What ``check`` made of a form: the API's body (camelCase), or a sentence per field."""

    body: dict[str, Any]
    errors: dict[str, str]


def _account(choices: tuple[AccountChoice, ...], raw: str) -> AccountChoice | None:
    return next((a for a in choices if raw.isdigit() and a.id == int(raw)), None)


def _contact(account: AccountChoice, raw: str) -> Choice | None:
    return next((c for c in account.contacts if str(c.id) == raw), None)


def check(
    db: Database, user: WebUser, typed: QuoteInput, choices: tuple[AccountChoice, ...], lang: str
) -> Checked:
    """The API's body for ``typed``, with a French sentence for each field to fix.

    Blank rows are skipped; the body's limits are the API's, so a checked body validates.
    """
    errors: dict[str, str] = {}
    account = _account(choices, typed.account_id)
    contact = None
    if account is None:
        errors["account_id"] = text("quote.account_missing", lang)
    elif typed.contact_id:
        contact = _contact(account, typed.contact_id)
        if contact is None:
            errors["contact_id"] = text("quote.contact_invalid", lang)
    if len(typed.comment) > MAX_COMMENT:
        label = text("field.comment", lang)
        errors["comment"] = text("form.too_long", lang).format(label=label, max=MAX_COMMENT)
    lines: list[dict[str, Any]] = []
    for n, line in enumerate(typed.lines, start=1):
        if line.blank:
            continue
        product = _product(db, user, line, n, lang, errors)
        quantity = quantity_of(line.quantity)
        if quantity is None:
            errors[f"line-{n}-quantity"] = text("quote.quantity_invalid", lang).format(line=n)
        if product is not None and quantity is not None:
            lines.append({"productId": product.id, "quantity": quantity})
    if not lines and not errors:
        errors["lines"] = text("quote.no_lines", lang)
    body = {
        "accountId": account.id if account else None,
        "contactId": contact.id if contact else None,
        "comment": typed.comment or None,
        "lines": lines,
    }
    return Checked(body, errors)


def _product(
    db: Database, user: WebUser, line: LineInput, n: int, lang: str, errors: dict[str, str]
) -> Choice | None:
    """The product the line names, else its sentence in ``errors``."""
    key = f"line-{n}-product"
    if not line.product:
        errors[key] = text("quote.product_missing", lang).format(line=n)
        return None
    found = quote_choices.product_for(db, user.instance_id, line.product)
    if isinstance(found, Choice):
        return found
    errors[key] = text(f"quote.product_{found}", lang).format(line=n, typed=line.product)
    return None


def _accounts(db: Database, user: WebUser) -> tuple[AccountChoice, ...]:
    """The accounts the form offers: those the person sees that Sage 100 holds."""
    return quote_choices.accounts_for_quotes(db, user.instance_id, owners(db, user))


@dataclass(frozen=True, slots=True)
class _Form:
    """The quote form of one URL: its title, where it posts, where « Annuler » goes."""

    title_key: str
    action: str
    cancel: str

    def show(
        self,
        request: Request,
        user: WebUser,
        db: Database,
        now: dt.datetime,
        typed: QuoteInput,
        *,
        errors: dict[str, str] | None = None,
        error: str | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        """The form with what was typed, each line's suggestions and what was wrong."""
        suggestions = {
            n: quote_choices.find_products(db, user.instance_id, line.product)
            for n, line in enumerate(typed.lines, start=1)
        }
        response = page(
            request,
            user,
            db,
            now,
            "quote_form.html",
            title_key=self.title_key,
            action=self.action,
            cancel=self.cancel,
            typed=typed,
            accounts=_accounts(db, user),
            suggestions=suggestions,
            errors=errors or {},
            error=error,
            max_lines=MAX_LINES,
            max_comment=MAX_COMMENT,
        )
        response.status_code = status_code
        return response


NEW_QUOTE = _Form("quote.new", "/devis/nouveau", "/devis")


def _edit_form(quote_id: int) -> _Form:
    return _Form("quote.edit_title", f"/devis/{quote_id}/modifier", f"/devis/{quote_id}")


def _visible(user: WebUser, db: Database, raw_id: str) -> tuple[int, dict[str, Any]]:
    """The id and page context of a quote ``user`` sees; else the 404 page."""
    quote_id = record_pages.record_id(user, raw_id)
    try:
        return quote_id, record_pages.PAGES["quotes"].record(db, user, quote_id)
    except NotFoundError:
        raise WebPageError(user, 404, "not_found") from None


def _quote_page(
    request: Request, user: WebUser, db: Database, now: dt.datetime, quote_id: int, refusal: str
) -> HTMLResponse:
    """The quote's page again, with the French refusal, as a 409."""
    context = record_pages.PAGES["quotes"].record(db, user, quote_id)
    response = page(
        request, user, db, now, "quote.html", title_key="quotes.title", refusal=refusal, **context
    )
    response.status_code = 409
    return response


def _plain(value: Decimal | None) -> str:
    """A stored quantity as the form shows it: ``2``, ``1.5``."""
    return "" if value is None else format(value.normalize(), "f")


def _typed_from(context: dict[str, Any]) -> QuoteInput:
    """A stored quote as its form shows it (a product as ``reference — name``)."""
    record = context["record"]
    lines = tuple(
        LineInput(
            f"{line['product_ext_id']}{quote_choices.SEPARATOR}{line['description'] or ''}",
            _plain(line["quantity"]),
        )
        for line in context["lines"]
    )
    return QuoteInput(
        account_id=str(record["account_id"] or ""),
        contact_id=str(record["contact_id"] or ""),
        comment=record["comment"] or "",
        lines=lines or (LineInput(),),
    )


SCRIPT = Path(__file__).with_name("quote_form.js")
"""The form's one script: live suggestions, an addition the form does without."""


@router.get("/-/quote_form.js", include_in_schema=False)
def script() -> FileResponse:
    """The quote form's script (a file of ours: the policy allows no inline script)."""
    return FileResponse(SCRIPT, media_type="text/javascript")


@router.get("/devis/produits", response_class=HTMLResponse)
def product_suggestions(user: CurrentUser, db: DatabaseDep, q: str = "") -> HTMLResponse:
    """The products for sale whose reference or name holds ``q``: a line's ``<option>``s."""
    if has_nul(q):
        raise WebPageError(user, 400, "text_nul")
    products = quote_choices.find_products(db, user.instance_id, q[:200])
    return render("_product_options.html", products=products)


@router.get("/devis/nouveau", response_class=HTMLResponse)
def new_quote(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> Response:
    """« Nouveau devis »: the empty form (``?compte=`` chooses the account)."""
    typed = QuoteInput(account_id=request.query_params.get("compte", ""))
    return NEW_QUOTE.show(request, user, db, now, typed)


@router.post("/devis/nouveau", response_class=HTMLResponse)
def create_quote(
    request: Request, user: CurrentUser, form: QuoteForm, db: DatabaseDep, now: NowDep
) -> Response:
    """Create the quote, « Brouillon – En attente » until Sage 100 prices it; then its page."""
    typed = read_input(form)
    changed = with_action(typed, form.get("action", "save"))
    if changed is not None:
        return NEW_QUOTE.show(request, user, db, now, changed)
    checked = check(db, user, typed, _accounts(db, user), language(request))
    if checked.errors:
        return NEW_QUOTE.show(request, user, db, now, typed, errors=checked.errors, status_code=400)
    try:
        new_id = quotes.create_quote(
            db,
            user.instance_id,
            QuoteCreate.model_validate(checked.body),
            author=Author(user_id=user.user_id),
            now=now,
            owner_ids=owners(db, user),
        )
    except ApiError as exc:  # e.g. the account left Sage, or a product was sold out since
        return NEW_QUOTE.show(request, user, db, now, typed, error=exc.message, status_code=422)
    return RedirectResponse(f"/devis/{new_id}", status_code=303)


@router.get("/devis/{id}/modifier", response_class=HTMLResponse)
def edit_quote(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, raw_id: RecordId
) -> Response:
    """« Modifier » a draft: its form; a read-only quote's page says why not."""
    quote_id, context = _visible(user, db, raw_id)
    record = context["record"]
    if not record_pages.quote_editable(record):
        return _quote_page(request, user, db, now, quote_id, QuoteReadOnlyError().message)
    edit = _edit_form(quote_id)
    return edit.show(request, user, db, now, _typed_from(context))


@router.post("/devis/{id}/modifier", response_class=HTMLResponse)
def update_quote(
    request: Request,
    user: CurrentUser,
    form: QuoteForm,
    db: DatabaseDep,
    now: NowDep,
    raw_id: RecordId,
) -> Response:
    """Save the draft: back to « Brouillon – En attente », priced again by Sage 100."""
    quote_id, context = _visible(user, db, raw_id)
    record = context["record"]
    if not record_pages.quote_editable(record):
        return _quote_page(request, user, db, now, quote_id, QuoteReadOnlyError().message)
    edit = _edit_form(quote_id)
    typed = read_input(form)
    changed = with_action(typed, form.get("action", "save"))
    if changed is not None:
        return edit.show(request, user, db, now, changed)
    checked = check(db, user, typed, _accounts(db, user), language(request))
    if checked.errors:
        return edit.show(request, user, db, now, typed, errors=checked.errors, status_code=400)
    try:
        quotes.update_quote(
            db,
            user.instance_id,
            quote_id,
            QuotePatch.model_validate(checked.body),
            author=Author(user_id=user.user_id),
            now=now,
            owner_ids=owners(db, user),
        )
    except QuoteReadOnlyError as exc:  # sent to Sage from another tab since the form
        return _quote_page(request, user, db, now, quote_id, exc.message)
    except NotFoundError:
        raise WebPageError(user, 404, "not_found") from None
    except ApiError as exc:
        return edit.show(request, user, db, now, typed, error=exc.message, status_code=422)
    return RedirectResponse(f"/devis/{quote_id}", status_code=303)


@router.post("/devis/{id}/synchroniser", response_class=HTMLResponse)
def request_sync(
    request: Request,
    user: CurrentUser,
    form: QuoteForm,
    db: DatabaseDep,
    now: NowDep,
    raw_id: RecordId,
) -> Response:
    """« Synchroniser avec Sage 100 »: the quote turns read-only and waits for the connector."""
    quote_id, _context = _visible(user, db, raw_id)
    try:
        quotes.request_sync(
            db,
            user.instance_id,
            quote_id,
            author=Author(user_id=user.user_id),
            now=now,
            owner_ids=owners(db, user),
        )
    except NotFoundError:
        raise WebPageError(user, 404, "not_found") from None
    except ApiError as exc:  # not validated yet, or already sent
        return _quote_page(request, user, db, now, quote_id, exc.message)
    return RedirectResponse(f"/devis/{quote_id}", status_code=303)
