"""Field types shared by the models, with messages written for the people who edit YAML."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, PlainValidator, StringConstraints, WithJsonSchema

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")


def _iso_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real calendar date") from None
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    raise ValueError(f"expected a date written as YYYY-MM-DD (for example 2027-01-31), got {shown}")


def _month_or_date(value: object) -> str:
    if isinstance(value, str) and (_MONTH_RE.match(value) or _DATE_RE.match(value)):
        try:
            date.fromisoformat(value if _DATE_RE.match(value) else value + "-01")
        except ValueError:
            raise ValueError(f"'{value}' is not a real month or date") from None
        return value
    raise ValueError(f"expected a month (YYYY-MM) or a date (YYYY-MM-DD), got {value!r}")


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"'{value}' is not a web address; write it in full, starting https://")
    return value


IsoDate = Annotated[
    date,
    PlainValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A calendar date written ``YYYY-MM-DD``; other spellings are errors, never guesses."""

MonthOrDate = Annotated[
    str,
    PlainValidator(_month_or_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
]
"""A publication date: ``YYYY-MM`` or ``YYYY-MM-DD``, kept as written."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Non-empty text."""

Url = Annotated[str, AfterValidator(_web_address)]
"""An http(s) address, checked for form only; it is never fetched."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$", max_length=64)]
"""An id made of letters, digits, ``-`` and ``_``, starting with a letter (no dots or colons)."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A lower-case id such as a rubric id: ``nhse-iho-designation``."""

Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$", max_length=40)]
"""A version string such as ``2025.11``; always text, never a number."""


def _whole_number(value: object) -> object:
    # pydantic's Literal[1] would take true and 1.0 as 1; a format version is the number as written.
    if isinstance(value, bool | float):
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        raise ValueError(f"the format version is the whole number 1, written 1; got {shown}")
    if isinstance(value, str):
        raise ValueError(f"the format version is the number 1, written without quotes; got '{value}'")
    return value


FormatVersion = Annotated[Literal[1], BeforeValidator(_whole_number)]
"""A file format version: the whole number 1 (not ``true``, ``1.0`` or ``"1"``)."""
