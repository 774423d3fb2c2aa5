"""The CRM's own writes in the web app: prospects and contacts, made and edited by people.

Routes (each ``POST`` carries the session's ``csrf``; a success is a 303 to the record)::

    GET, POST /comptes/nouveau                 « Nouveau prospect »
    GET, POST /comptes/{id}/modifier           « Modifier » a prospect
    GET, POST /comptes/{id}/contacts/nouveau   « Nouveau contact » at a client or prospect
    GET, POST /contacts/{id}/modifier          « Modifier » a contact
    POST      /contacts/{id}/supprimer         always refused: Sage 100 deletes contacts

The forms write through the API's services (``services.accounts``, ``services.contacts``)
and validate with the API's bodies, so a page and the API accept the same values with
the same limits; each wrong field gets one sentence and the form comes back as typed. A
person sees and edits the records of their visibility (``record_pages``): anything else
is the 404 page. A client is Sage 100's: its edit page is the account page with the
service's refusal, and a prospect never becomes a client here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ValidationError
from pydantic.alias_generators import to_camel

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.dependencies import DatabaseDep, NowDep
from ssm.cloud.errors import ApiError, MasteredBySageError, NotFoundError
from ssm.cloud.schemas import accounts as account_schemas
from ssm.cloud.schemas import contacts as contact_schemas
from ssm.cloud.schemas.accounts import AccountCreate, AccountPatch
from ssm.cloud.schemas.contacts import ContactCreate, ContactPatch
from ssm.cloud.schemas.fields import Writable
from ssm.cloud.services import accounts, contacts
from ssm.cloud.services.changes import Author
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web import record_pages
from ssm.cloud.web._connected_pages import page
from ssm.cloud.web.auth import CheckedForm, CurrentUser, WebPageError
from ssm.cloud.web.i18n import language, text
from ssm.cloud.web.record_pages import RecordId

router = APIRouter(tags=["pages"])

InputType = Literal["text", "email", "tel", "civility"]
Family = Literal["accounts", "contacts"]
_Body = TypeVar("_Body", bound=BaseModel)

_SET_BY_SAGE = ("ext_id", "account_type", "sales_rep_ext_id", "read_only", "sleeping")
"""Account fields the API takes but a person does not type: the keys and Sage's flags."""

CIVILITIES: tuple[str, ...] = ("M.", "Mme", "Mlle")
"""The civilities Sage 100 knows (``CT_Civilite`` 0, 1, 2), as the connector spells them."""


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of a form: the API's field name, its limit, and how the phone types it."""

    name: str
    max_length: int
    required: bool = False
    input_type: InputType = "text"


def _input_type(name: str) -> InputType:
    if name == "email":
        return "email"
    if name == "title":
        return "civility"
    return "tel" if name in ("phone", "mobile", "fax") else "text"


def _form_fields(
    model: type[BaseModel], names: tuple[str, ...], declared: tuple[Writable, ...]
) -> tuple[FormField, ...]:
    """The inputs of ``names``, with the column limits the API's upsert declares."""
    limits = {spec.name: spec.max_length or 0 for spec in declared}
    required = {name for name, info in model.model_fields.items() if info.is_required()}
    return tuple(
        FormField(name, limits[name], name in required, _input_type(name)) for name in names
    )


ACCOUNT_FIELDS: tuple[FormField, ...] = _form_fields(
    AccountCreate,
    tuple(name for name in AccountPatch.model_fields if name not in _SET_BY_SAGE),
    account_schemas.FIELDS,
)
"""The prospect form: every field the CRM owns, in the API's order."""

CONTACT_FIELDS: tuple[FormField, ...] = _form_fields(
    ContactCreate,
    ("title", "first_name", "last_name", "job_title", "phone", "mobile", "email", "fax"),
    contact_schemas.FIELDS,
)
"""The contact form: every field of ``ContactPatch``, civility first as on a card."""


def _typed(form: dict[str, str], fields: tuple[FormField, ...]) -> dict[str, str | None]:
    """The form's values, trimmed; an empty optional field is ``None`` (cleared)."""
    values: dict[str, str | None] = {}
    for field in fields:
        value = form.get(field.name, "").strip()
        values[field.name] = value if value or field.required else None
    return values


def _sentences(exc: ValidationError, fields: tuple[FormField, ...], lang: str) -> dict[str, str]:
    """One sentence per wrong field, by field name, in the person's language."""
    by_key = {key: field for field in fields for key in (field.name, to_camel(field.name))}
    sentences: dict[str, str] = {}
    for error in exc.errors():
        field = by_key.get(str(error["loc"][0])) if error["loc"] else None
        if field is None or field.name in sentences:
            continue
        label = text(f"field.{field.name}", lang)
        if error["type"] == "string_too_long":
            sentence = text("form.too_long", lang).format(label=label, max=field.max_length)
        elif error["type"] in ("missing", "string_too_short"):
            sentence = text("form.required", lang).format(label=label)
        else:
            sentence = text("form.invalid", lang).format(label=label)
        sentences[field.name] = sentence
    return sentences


@dataclass(frozen=True, slots=True)
class _Form:
    """One form of this module: its title, where it posts, where « Annuler » goes, its inputs."""

    title_key: str
    action: str
    cancel: str
    fields: tuple[FormField, ...]

    def show(
        self,
        request: Request,
        user: WebUser,
        db: Database,
        now: dt.datetime,
        *,
        values: dict[str, Any],
        errors: dict[str, str] | None = None,
        error: str | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        """The form with ``values``, and the sentences of what was wrong in them if any."""
        response = page(
            request,
            user,
            db,
            now,
            "record_form.html",
            title_key=self.title_key,
            action=self.action,
            cancel=self.cancel,
            fields=self.fields,
            values=values,
            errors=errors or {},
            error=error,
            civilities=CIVILITIES,
        )
        response.status_code = status_code
        return response

    def validate(
        self,
        model: type[_Body],
        values: dict[str, Any],
        request: Request,
        user: WebUser,
        db: Database,
        now: dt.datetime,
    ) -> _Body | HTMLResponse:
        """The API's body for ``values``, or the form again with one sentence per wrong field."""
        try:
            return model.model_validate(values)
        except ValidationError as exc:
            errors = _sentences(exc, self.fields, language(request))
            return self.show(request, user, db, now, values=values, errors=errors, status_code=400)


NEW_PROSPECT = _Form("account.new", "/comptes/nouveau", "/comptes", ACCOUNT_FIELDS)


def _prospect_form(account_id: int) -> _Form:
    return _Form(
        "account.edit_title",
        f"/comptes/{account_id}/modifier",
        f"/comptes/{account_id}",
        ACCOUNT_FIELDS,
    )


def _new_contact_form(account_id: int) -> _Form:
    return _Form(
        "contact.new",
        f"/comptes/{account_id}/contacts/nouveau",
        f"/comptes/{account_id}",
        CONTACT_FIELDS,
    )


def _contact_form(contact_id: int) -> _Form:
    return _Form(
        "contact.edit_title",
        f"/contacts/{contact_id}/modifier",
        f"/contacts/{contact_id}",
        CONTACT_FIELDS,
    )


def _record_page(
    request: Request,
    user: WebUser,
    db: Database,
    now: dt.datetime,
    family: Family,
    record_id: int,
    *,
    refusal: ApiError,
) -> HTMLResponse:
    """The record's page again, with the service's French refusal and its status."""
    read = record_pages.PAGES[family].record
    context = read(db, user, record_id)
    response = page(
        request,
        user,
        db,
        now,
        f"{read.__name__}.html",
        title_key=f"{family}.title",
        refusal=refusal.message,
        **context,
    )
    response.status_code = refusal.status_code
    return response


def _visible(
    user: WebUser, family: Family, db: Database, raw_id: str
) -> tuple[int, dict[str, Any]]:
    """The id and page context of a record ``user`` sees; else the 404 page."""
    record_id = record_pages.record_id(user, raw_id)
    try:
        return record_id, record_pages.PAGES[family].record(db, user, record_id)
    except NotFoundError:
        raise WebPageError(user, 404, "not_found") from None


@router.get("/comptes/nouveau", response_class=HTMLResponse)
def new_prospect(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> Response:
    """« Nouveau prospect »: the empty form."""
    return NEW_PROSPECT.show(request, user, db, now, values={})


@router.post("/comptes/nouveau", response_class=HTMLResponse)
def create_prospect(
    request: Request, user: CurrentUser, form: CheckedForm, db: DatabaseDep, now: NowDep
) -> Response:
    """Create the prospect, filed under the person's Sage rep; then its page."""
    values = _typed(form, ACCOUNT_FIELDS)
    rep = accounts.sales_rep_of(db, user.instance_id, user.user_id)
    if rep is None and user.role != "admin":
        # Without a rep the administrator would own it, and its author would lose it.
        error = text("account.no_rep", language(request))
        return NEW_PROSPECT.show(
            request, user, db, now, values=values, error=error, status_code=403
        )
    values["sales_rep_ext_id"] = rep
    body = NEW_PROSPECT.validate(AccountCreate, values, request, user, db, now)
    if isinstance(body, HTMLResponse):
        return body
    new_id = accounts.create_account(
        db, user.instance_id, body, author=Author(user_id=user.user_id), now=now
    )
    return RedirectResponse(f"/comptes/{new_id}", status_code=303)


@router.get("/comptes/{id}/modifier", response_class=HTMLResponse)
def edit_prospect(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, raw_id: RecordId
) -> Response:
    """« Modifier » a prospect: its form; a client's page says Sage 100 manages it."""
    account_id, context = _visible(user, "accounts", db, raw_id)
    record = context["record"]
    if record["account_type"] == "client":
        refusal = MasteredBySageError(messages.CLIENT_MASTERED_BY_SAGE)
        return _record_page(request, user, db, now, "accounts", account_id, refusal=refusal)
    values = {field.name: record[field.name] for field in ACCOUNT_FIELDS}
    return _prospect_form(account_id).show(request, user, db, now, values=values)


@router.post("/comptes/{id}/modifier", response_class=HTMLResponse)
def update_prospect(
    request: Request,
    user: CurrentUser,
    form: CheckedForm,
    db: DatabaseDep,
    now: NowDep,
    raw_id: RecordId,
) -> Response:
    """Save the prospect's fields (only real changes reach the feed); then its page."""
    account_id, _context = _visible(user, "accounts", db, raw_id)
    values = _typed(form, ACCOUNT_FIELDS)
    body = _prospect_form(account_id).validate(AccountPatch, values, request, user, db, now)
    if isinstance(body, HTMLResponse):
        return body
    try:
        accounts.update_account(
            db, user.instance_id, account_id, body, author=Author(user_id=user.user_id), now=now
        )
    except MasteredBySageError as exc:  # a client, or converted in Sage since the form
        return _record_page(request, user, db, now, "accounts", account_id, refusal=exc)
    except NotFoundError:
        raise WebPageError(user, 404, "not_found") from None
    return RedirectResponse(f"/comptes/{account_id}", status_code=303)


@router.get("/comptes/{id}/contacts/nouveau", response_class=HTMLResponse)
def new_contact(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, raw_id: RecordId
) -> Response:
    """« Nouveau contact » at a client or prospect, bound to Sage 100 or still waiting."""
    account_id, _context = _visible(user, "accounts", db, raw_id)
    return _new_contact_form(account_id).show(request, user, db, now, values={})


@router.post("/comptes/{id}/contacts/nouveau", response_class=HTMLResponse)
def create_contact(
    request: Request,
    user: CurrentUser,
    form: CheckedForm,
    db: DatabaseDep,
    now: NowDep,
    raw_id: RecordId,
) -> Response:
    """Create the contact (it takes its account's rep and owner); then its page.

    At a prospect Sage 100 does not hold yet the contact waits and reaches Sage with it
    (``services.contacts``).
    """
    account_id, _context = _visible(user, "accounts", db, raw_id)
    values: dict[str, Any] = {**_typed(form, CONTACT_FIELDS), "account_id": account_id}
    body = _new_contact_form(account_id).validate(ContactCreate, values, request, user, db, now)
    if isinstance(body, HTMLResponse):
        return body
    new_id = contacts.create_contact(
        db, user.instance_id, body, author=Author(user_id=user.user_id), now=now
    )
    return RedirectResponse(f"/contacts/{new_id}", status_code=303)


@router.get("/contacts/{id}/modifier", response_class=HTMLResponse)
def edit_contact(
    request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep, raw_id: RecordId
) -> Response:
    """« Modifier » a contact (of a client or a prospect: both sides edit contacts)."""
    contact_id, context = _visible(user, "contacts", db, raw_id)
    values = {field.name: context["record"][field.name] for field in CONTACT_FIELDS}
    return _contact_form(contact_id).show(request, user, db, now, values=values)


@router.post("/contacts/{id}/modifier", response_class=HTMLResponse)
def update_contact(
    request: Request,
    user: CurrentUser,
    form: CheckedForm,
    db: DatabaseDep,
    now: NowDep,
    raw_id: RecordId,
) -> Response:
    """Save the contact's fields (only real changes reach the feed); then its page."""
    contact_id, _context = _visible(user, "contacts", db, raw_id)
    values = _typed(form, CONTACT_FIELDS)
    body = _contact_form(contact_id).validate(ContactPatch, values, request, user, db, now)
    if isinstance(body, HTMLResponse):
        return body
    try:
        contacts.update_contact(
            db, user.instance_id, contact_id, body, author=Author(user_id=user.user_id), now=now
        )
    except NotFoundError:  # deleted in Sage since the form
        raise WebPageError(user, 404, "not_found") from None
    return RedirectResponse(f"/contacts/{contact_id}", status_code=303)


@router.post("/contacts/{id}/supprimer", response_class=HTMLResponse)
def delete_contact(
    request: Request,
    user: CurrentUser,
    form: CheckedForm,
    db: DatabaseDep,
    now: NowDep,
    raw_id: RecordId,
) -> Response:
    """« Supprimer »: always refused with the service's sentence; Sage 100 deletes contacts."""
    contact_id, _context = _visible(user, "contacts", db, raw_id)
    try:
        contacts.refuse_delete(db, user.instance_id, contact_id)
    except MasteredBySageError as exc:
        return _record_page(request, user, db, now, "contacts", contact_id, refusal=exc)
    except NotFoundError:
        raise WebPageError(user, 404, "not_found") from None
