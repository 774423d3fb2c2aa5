"""The bases of request and answer bodies: no NUL in any text, camelCase JSON names."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.alias_generators import to_camel

from ssm.cloud import messages
from ssm.cloud._text import has_nul


class NulFreeModel(BaseModel):
    """Refuses a NUL character in any field, at any depth (422 naming the field).

    One validator for every field of every body, rather than a constrained type on each
    string: PostgreSQL cannot store a NUL (``ssm.cloud._text``).
    """

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(messages.NUL_CHARACTER)
        return value


class CamelModel(NulFreeModel):
    """Accepts and emits camelCase JSON names; Python code uses snake_case attributes."""

    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True, extra="forbid"
    )
