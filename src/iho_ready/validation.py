"""Validating plain data with pydantic and turning every error into a located diagnostic, in words
a trust's governance officer follows.
"""

from __future__ import annotations

import re
import types
import typing
from functools import partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from .diagnostics import Diagnostic, InputError, did_you_mean
from .scaffold import DATE_TO_TYPE
from .words import item_name
from .yamlsource import Source, describe_scalar

if TYPE_CHECKING:
    pass


M = TypeVar("M", bound=BaseModel)


def validate(source: Source, data: Any, model: type[M]) -> M:
    """Validate *data* (built from *source*) as *model*, or raise located diagnostics."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(pydantic_diagnostics(source, e, model, data)) from None


def pydantic_diagnostics(source: Source, error: ValidationError, model: type[BaseModel],
                         data: Any = None) -> list[Diagnostic]:
    """Turn each pydantic error into a diagnostic at the YAML node its ``loc`` names.

    ``missing`` points at the mapping that lacks the key, ``extra_forbidden`` at the
    unknown key itself (with did-you-mean suggestions), everything else at the value.
    Places are named as people name them (``action A7 of CG2``, not ``criteria.CG2.actions[6]``),
    taking ids from *data*, the plain data that was validated.
    """
    found = []

    def named(loc: tuple[Any, ...]) -> str:
        return item_name(loc, partial(_id_at, data))

    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        node, key_node, _ = source.find(loc)
        kind = err["type"]
        name = named(loc)
        if kind == "missing":
            message = f"{named(loc[:-1]) or 'the file'} has no '{loc[-1]}:'; add it"
            at = node
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            message = f"unknown field '{loc[-1]}'" + (f" in {named(loc[:-1])}" if loc[:-1] else "")
            message += did_you_mean(str(loc[-1]), allowed) or (
                f"; allowed fields: {', '.join(allowed)}" if allowed else "")
            at = key_node or node
        elif loc and loc[-1] == "[key]":
            parent = named(loc[:-2]) or "the top level"
            written = source.find(loc[:-1])[1]
            shown = getattr(written, "value", "") or ""
            key = f"the key {shown}" if shown else "an empty key"
            message = f"{parent}: {key} must be text (an id such as SV1); put it in quotes if it is meant as text"
            at = key_node or node
        else:
            message = f"{name}: {_explain(err, node)}" if name else _explain(err, node)
            at = node
        found.append(source.at(at, message, "schema"))
    return found


_NAMEABLE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,40}")
"""An id fit to name an entry in a message (one that is itself the problem is not)."""


def _id_at(data: Any, loc: tuple[Any, ...]) -> str | None:
    """The id people know the list entry at *loc* of plain *data* by: its ``id``, or for a
    partner statement listed under ``partners``, its file name (``icb``)."""
    value = data
    for part in loc:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    if isinstance(value, dict) and isinstance(value.get("id"), str) and _NAMEABLE.fullmatch(value["id"]):
        return str(value["id"])
    if isinstance(value, str) and loc[:1] == ("partners",) and value.strip():
        return PurePosixPath(value.replace("\\", "/")).stem
    return None


_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "dict_type": "expected a mapping of 'key: value' lines",
    "model_type": "expected a mapping of 'key: value' lines",
    "model_attributes_type": "expected a mapping of 'key: value' lines",
    "list_type": "expected a list (lines starting '- ')",
    "float_type": "expected a number",
}


_BOUNDS: dict[str, tuple[str, str]] = {
    "less_than_equal": ("le", "more than {}, the most"),
    "greater_than_equal": ("ge", "less than {}, the least"),
}
"""Pydantic's numeric bound errors -> (its context key, our words)."""


def _explain(err: ErrorDetails, node: Node | None) -> str:
    kind, value = err["type"], err.get("input")
    if kind in _EXPECTED:
        detail = describe_scalar(node) if node is not None else None
        if detail is None and value is None:
            detail = "the value is empty"
        if kind == "list_type" and isinstance(value, str):
            return f"expected a list; write a single item as [{value}]"
        return _EXPECTED[kind] + (f", but {detail}" if detail else "")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        shown = f"'{value}'" if isinstance(value, str) else str(value)
        return f"{shown} is not allowed here; use one of: {', '.join(choices)}{hint}"
    if kind == "value_error":
        if value == DATE_TO_TYPE:  # uncommented from init's starter manifest as it was
            return f"type the date in place of {DATE_TO_TYPE}, for example 2027-01-31"
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        if isinstance(value, str):
            return (f"'{value}' is not a valid id: use letters, digits, '-' and '_', "
                    "starting with a letter" if "[A-Za-z]" in str(err.get("ctx", {}).get("pattern", ""))
                    else f"'{value}' does not have the expected form {err['ctx']['pattern']}")
        detail = describe_scalar(node) if node is not None else None
        return _EXPECTED["string_type"] + (f", but {detail}" if detail else "")
    if kind in _BOUNDS:
        limit = err.get("ctx", {}).get(_BOUNDS[kind][0])
        return f"{value} is {_BOUNDS[kind][1].format(limit)} allowed here"
    if kind == "string_too_short" and value == "":
        return "must not be empty: write it in, or delete the line"
    if kind == "too_short":
        return "must not be empty" if isinstance(value, (list, dict, str)) and not value else str(err["msg"])
    msg = str(err["msg"])
    return msg[:1].lower() + msg[1:]


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model found at *loc*, for did-you-mean suggestions."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            by_key = _keys(tp)
            if part not in by_key:
                return []
            tp = by_key[part].annotation
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    return list(_keys(tp)) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key written in a file: its alias (``fail-on``) when it has one."""
    return {info.alias or name: info for name, info in model.model_fields.items()}
