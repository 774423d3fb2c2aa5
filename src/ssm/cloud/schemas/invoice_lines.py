"""The lines of invoices, checked a field (a column) at a time into tuples.

A pme initial sync sends ~270k lines. Checking each line as a dict, key by key, into a new
dict by column name, then reading that dict back into a row for the database, cost more
than the database's own insert of the line. Here each field's column check runs over the
column of its values in all the lines of a batch's invoices at once, and a line comes out
as a tuple in ``LINE_COLUMNS`` order.

The outcome is the one-line-at-a-time ``ItemValidator``'s, which stays the reference:
line fields have no default and may be omitted (omitted reads as null), so once every line
is an object with known keys, checking ``line.get(alias)`` for each field accepts exactly
the lines it accepts, with the same values (a check that refuses null, e.g. a required
field, refuses the omission too). When any check refuses a value, each invoice's lines go
through the reference one by one, which names the first problem in line order in the usual
French.
"""

from __future__ import annotations

from itertools import chain, repeat
from typing import Any

from ssm.cloud import messages
from ssm.cloud.schemas.fields import ItemProblem, ItemValidator
from ssm.cloud.schemas.invoices import LINE_FIELDS, MAX_LINES

LINE_COLUMNS = tuple(spec.name for spec in LINE_FIELDS)
"""The column of each value of a checked line, in order."""
PRODUCT_EXT_ID = LINE_COLUMNS.index("product_ext_id")
"""Where a checked line holds its product's extId."""

Line = tuple[Any, ...]
_validate_line = ItemValidator(LINE_FIELDS, "une ligne de facture", prefix="lines.")
_COLUMNS = _validate_line.field_columns()
_ALIASES = frozenset(alias for alias, _ in _COLUMNS)


def check_lines(value: object) -> list[Line]:
    """An item's ``lines`` as tuples in ``LINE_COLUMNS`` order; raises ``ItemProblem``."""
    if type(value) is not list:
        raise ItemProblem(
            "invalid_field",
            messages.FIELD_INVALID.format(field="lines", detail=messages.EXPECTED_LIST),
        )
    if len(value) > MAX_LINES:
        detail = messages.TOO_MANY_LINES.format(limit=MAX_LINES, count=len(value))
        raise ItemProblem(
            "invalid_field", messages.FIELD_INVALID.format(field="lines", detail=detail)
        )
    by_columns = _by_columns([value])
    return _checked_one_by_one(value) if by_columns is None else by_columns[0]


def check_line_lists(values: list[Any]) -> list[list[Line]]:
    """The ``lines`` of many items: what ``check_lines`` gives for each, or its first refusal.

    The column check of ``lines`` (``ItemValidator.nested``): all the lines of a batch are
    checked a field at a time together.
    """
    if all(type(value) is list and len(value) <= MAX_LINES for value in values):
        by_columns = _by_columns(values)
        if by_columns is not None:
            return by_columns
    return list(map(check_lines, values))


def _by_columns(values: list[list[Any]]) -> list[list[Line]] | None:
    """Each list's lines checked a field at a time, or None when any line is refused."""
    every = list(chain.from_iterable(values))
    # Objects only (``type``, not ``isinstance``, as the reference), and their keys known.
    if not set(map(type, every)) <= {dict} or not _ALIASES.issuperset(chain.from_iterable(every)):
        return None
    try:
        columns = [check(list(map(dict.get, every, repeat(alias)))) for alias, check in _COLUMNS]
    except ItemProblem:
        return None  # the reference names the first problem, in line order
    lines = list(zip(*columns, strict=True))
    split, start = [], 0
    for value in values:
        split.append(lines[start : start + len(value)])
        start += len(value)
    return split


def _checked_one_by_one(value: list[Any]) -> list[Line]:
    """The reference: each line through ``ItemValidator``, the first problem named by line."""
    lines = []
    for number, raw in enumerate(value, start=1):
        try:
            checked = _validate_line(raw)
        except ItemProblem as problem:
            raise ItemProblem(problem.code, f"Ligne {number} : {problem.message}") from None
        lines.append(tuple(map(checked.get, LINE_COLUMNS)))
    return lines
