"""The ``placeholder`` rule: a value ``iho-ready init`` wrote for the trust to replace is still there.

``init`` writes ``"Your trust name"``, ``"XXX"`` and the like so that its manifest is valid
input from the first run; left in place they would be printed into a board paper as if
they were the trust's words. The placeholders are one constant,
:data:`iho_ready.scaffold.PLACEHOLDERS`, shared with the scaffold that writes them.

Pure, like every rule: it reads the loaded manifest and partner statements, never the disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from pydantic import BaseModel

from ..models.loaded import LoadedManifest
from ..scaffold import PLACEHOLDERS
from ..words import item_name
from . import Emit, rule

_AS_VALUE = re.compile(r"(?:^|[:,\[{-])[ \t]*[\"']?(?:" + "|".join(re.escape(p) for p in PLACEHOLDERS)
                       + r")[\"']?[ \t\r]*(?:$|[,\]}#])", re.MULTILINE)
"""A placeholder written as a whole value (after ``key:``, ``-``, ``[``, ``{`` or ``,``, or alone on a line)."""


@rule("placeholder")
def check_placeholders(loaded: LoadedManifest, add: Emit) -> None:
    """Raise ``placeholder`` for every text in the manifest or its partner statements that is
    still one of :data:`~iho_ready.scaffold.PLACEHOLDERS` (spaces around it aside). *add* is the
    rule's emitter (``placeholder`` only).
    """
    if _mentions_none(loaded.source.text) and all(
            p.source is None or _mentions_none(p.source.text) for p in loaded.partners):
        return  # the usual case, found at the speed of a substring search even for huge files
    for loc, placeholder in _left_in(loaded.manifest):
        where = item_name(loc, partial(_id_at, loaded.manifest))
        add("placeholder", loaded.locate(*loc), _message(where, placeholder))
    for partner in loaded.partners:
        if partner.statement is None:
            continue
        statement = partner.statement
        for loc, placeholder in _left_in(statement):
            where = item_name(loc, partial(_id_at, statement))
            add("placeholder", partner.locate(*loc), f"partner statement {partner.id}: "
                + _message(where, placeholder), partner=partner.id)


def _mentions_none(text: str) -> bool:
    """Whether no value in *text* can be a placeholder: a substring search, then a regex only
    where a placeholder appears at all (``...`` is common inside sentences)."""
    return not any(p in text for p in PLACEHOLDERS) or _AS_VALUE.search(text) is None


def _message(where: str, placeholder: str) -> str:
    return f"{where} is still '{placeholder}', a placeholder from iho-ready init; {PLACEHOLDERS[placeholder]}"


def _left_in(model: BaseModel) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(loc, placeholder) for every text value of *model* that is a placeholder, in file order."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(model, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str):
            if value.strip() in PLACEHOLDERS:
                yield loc, value.strip()
        elif isinstance(value, BaseModel):
            fields = list(type(value).model_fields)
            stack.extend((getattr(value, name), (*loc, name)) for name in reversed(fields))
        elif isinstance(value, list):
            stack.extend((item, (*loc, i)) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, dict):
            stack.extend((item, (*loc, key)) for key, item in reversed(list(value.items())))


def _id_at(model: BaseModel, loc: tuple[Any, ...]) -> str | None:
    """The ``id`` of the entry at *loc* in *model*, if it has one."""
    value: Any = model
    for part in loc:
        value = value[part] if isinstance(value, (list, dict)) else getattr(value, str(part), None)
    ident = getattr(value, "id", None)
    return ident if isinstance(ident, str) else None
