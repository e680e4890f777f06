"""Words for places in a manifest, named as people name them (``evidence MTP, review_by``), and
hints about paths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# --------------------------------------------------------------------------- labels


_ITEM_NOUN: dict[str, str] = {
    "evidence": "evidence",
    "criteria": "criterion",
    "actions": "action",
    "conditions": "condition",
    "views": "view of",
    "partners": "partner statement",
    "domains": "domain",
    "areas": "area",
    "mappings": "mapping",
}
"""Lists and mappings whose entries people name by id: ``evidence MTP``, ``action A7``."""


def item_name(loc: Sequence[Any], id_at: Callable[[tuple[Any, ...]], str | None]) -> str:
    """A place in a manifest (a pydantic-style ``loc``) named as people name it.

    ``("evidence", 0, "review_by")`` -> ``evidence MTP, review_by``;
    ``("criteria", "CG2", "actions", 6, "status")`` -> ``action A7 of CG2, status``;
    ``("organisation", "type")`` -> ``organisation type``. *id_at* gives the id of the list
    entry at a ``loc`` (None when it has none: the entry is then counted, ``action 2 of CG2``).
    """
    named, parent = "", ""
    fields: list[str] = []
    parts = [p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "union[")))]
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and part in _ITEM_NOUN and isinstance(nxt, (int, str)):
            if isinstance(nxt, int):
                ident = id_at(tuple(parts[: i + 2]))
                shown = ident or (f"item {nxt + 1}" if part == "evidence" else str(nxt + 1))
            else:
                ident = shown = str(nxt)
            named = f"{_ITEM_NOUN[part]} {shown}" + (f" of {parent}" if parent else "")
            parent, fields = ident or "", []
            i += 2
        elif isinstance(part, int):
            fields[-1:] = [f"item {part + 1} of {fields[-1]}" if fields else f"item {part + 1}"]
            i += 1
        else:
            fields.append(str(part))
            i += 1
    if named and fields:
        return f"{named}, {' '.join(fields)}"
    return named or " ".join(fields)


def slash_hint(path: str) -> str:
    """Advice for a path written with Windows backslashes (``evidence\\plan.md``), or an empty string.

    Evidence lives in a git repository read on any system, where only ``/`` separates folders.
    """
    if "\\" not in path:
        return ""
    return f"; write paths with forward slashes: '{path.replace(chr(92), '/')}'"
