"""Write a workbook's changes into the YAML manifest, losing nothing.

ruamel.yaml reads the manifest as a round-trip document (comments, key order, quoting, flow
mappings kept) and only the values that differ are set, so an unchanged manifest comes back
byte for byte and a changed one differs only where the workbook does. Fields the workbook does
not carry (rubrics, confirmed_against, and anything a future version adds) are never touched;
evidence and actions are matched by id, criteria by the key as written; an item whose row was
cleared is removed, a new row is appended.

Before writing, the manifest's fingerprint is compared with the one the workbook recorded: a
manifest that moved on since the workbook was written is refused unless forced, so nobody's
edits in the repository are overwritten by an old spreadsheet.
"""

from __future__ import annotations

import io
import itertools
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import IhoReadyError
from . import layout, require
from .read import Workbook
from .write import fingerprint

_DEFAULTS: dict[tuple[str, ...], Any] = {("sensitivity",): "public", ("status",): "not-started"}
"""Values the models assume when a key is left out: the workbook shows them, the YAML need not say them."""


class ManifestMovedError(IhoReadyError):
    """Raised by ``import`` when the manifest changed since the workbook was written from it (or
    cannot be edited in place)."""


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^( *)- ")


def _indents(text: str) -> tuple[int, int, int]:
    """The manifest's own indentation: (mapping, sequence, dash offset), as ruamel.yaml's ``indent`` takes it.

    Read from the first block mapping nested in another and the first block list under a key,
    so ``rubrics:`` then ``  - x`` (offset 2) and ``rubrics:`` then ``- x`` (offset 0) both come back as
    they were. Defaults to the style ``init`` writes.
    """
    mapping = offset = None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for here, after in itertools.pairwise(lines):
        key = _KEY_LINE.match(here)
        if key is None:
            continue
        depth = len(key.group(1))
        item = _ITEM_LINE.match(after)
        if item is not None and offset is None and len(item.group(1)) >= depth:
            offset = len(item.group(1)) - depth
        elif item is None and mapping is None and len(after) - len(after.lstrip(" ")) > depth:
            mapping = len(after) - len(after.lstrip(" ")) - depth
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, offset + 2, offset


def _yaml(text: str = "") -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the workbook did not change
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, date):
        old = old.isoformat()
    if isinstance(new, date):
        new = new.isoformat()
    if isinstance(old, str) and isinstance(new, list) and len(new) == 1:  # one text written for a list of one
        return bool(old == new[0])
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    return (bool(old == new) and type(old) is type(new)) or (isinstance(old, str) and old == new)


def _new_value(old: Any, new: Any) -> Any:
    """*new* in the form the YAML had for that value: a date stays a date, a flow list stays flow."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(new, str) and isinstance(old, date) and len(new) == 10:
        return date.fromisoformat(new)
    if isinstance(new, str) and isinstance(old, ScalarString) and ("\n" in new) == ("\n" in old):
        return type(old)(new)  # the same quoting as before
    if isinstance(new, list) and isinstance(old, CommentedSeq):
        seq = CommentedSeq(new)
        if old.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    return new


class _Merger:
    def __init__(self, absent: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.changes: list[str] = []
        self.absent = absent
        """Columns the workbook lacks (written before them): their fields are left as they are."""

    def carried(self, sheet: str, columns: tuple[layout.Column, ...]) -> list[layout.Column]:
        """The editable columns of *sheet* the workbook has."""
        return [c for c in columns if c.editable and (sheet, c.header) not in self.absent]

    def field(self, where: str, mapping: Any, key: tuple[str, ...], new: Any, label: str,
              kind: layout.Kind = layout.Kind.TEXT, *, quiet: bool = False) -> None:
        """Set (or clear) the nested *key* of *mapping* to *new*, noting the change (unless *quiet*:
        a field of an item just added, which the line saying it was added covers)."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if kind is layout.Kind.DATE and isinstance(new, str):
            new = date.fromisoformat(new)
        elif kind is layout.Kind.LIST and isinstance(new, list):
            new = CommentedSeq(new)
            new.fa.set_flow_style()  # ids in a list read best on one line: [SV1.E1, TA1]
        parent = mapping
        for part in key[:-1]:
            inner = parent.get(part)
            if inner is None:
                if new is None:
                    return
                inner = CommentedMap()
                parent[part] = inner
            parent = inner
        name = key[-1]
        old = parent.get(name)
        if quiet:
            if new is not None:
                parent[name] = new
            return
        if new is None:
            if name in parent and old in ([], {}):  # 'supports: []' says what an empty cell says
                return
            if name in parent:
                del parent[name]
                self.changes.append(f"{where}: cleared {label}")
                if not parent and len(key) > 1:
                    _prune(mapping, key[:-1])
            return
        if old is None and _DEFAULTS.get(key) == new:
            return
        if old is not None and _same(old, new):
            return
        parent[name] = _new_value(old, new)
        self.changes.append(f"{where}: {label} {_show(old)} -> {_show(new)}" if old is not None
                            else f"{where}: {label} set to {_show(new)}")


def _prune(mapping: Any, key: tuple[str, ...]) -> None:
    parent = mapping
    for part in key[:-1]:
        parent = parent[part]
    if key[-1] in parent and not parent[key[-1]]:
        del parent[key[-1]]


def _show(value: Any) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    text = ", ".join(value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _get(item: Any, key: tuple[str, ...]) -> Any:
    for part in key:
        if not isinstance(item, dict):
            return None
        item = item.get(part)
    return item


def _items(merger: _Merger, doc: Any, top: str, new_items: list[dict[str, Any]], sheet: str, noun: str) -> None:
    """Merge a list of id-keyed items (evidence, or one criterion's actions) into ``doc[top]``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    existing = doc.get(top)
    if existing is None:
        if not new_items:
            return
        existing = CommentedSeq()
        doc[top] = existing
    had_items = len(existing) > 0
    wanted = {item["id"]: item for item in new_items if "id" in item}
    for i in reversed(range(len(existing))):
        old = existing[i]
        if isinstance(old, dict) and old.get("id") not in wanted:
            del existing[i]
            merger.changes.append(f"{noun} {old.get('id')}: removed")
    present = {old.get("id"): old for old in existing if isinstance(old, dict)}
    for item in new_items:
        ident = item.get("id")
        target = present.get(ident)
        added = target is None
        if target is None:
            target = CommentedMap()
            target["id"] = ident
            existing.append(target)
            merger.changes.append(f"{noun} {ident}: added")
        for column in merger.carried(sheet, layout.TABLES[sheet]):
            if column.key not in (("id",), ("criterion",)):
                merger.field(f"{noun} {ident}", target, column.key, _get(item, column.key), column.header.lower(),
                             column.kind, quiet=added)
    if had_items and not existing:  # every row cleared: the list goes ('evidence: []' stays as written)
        del doc[top]


def merge(book: Workbook, into: Path, shown: str, *, force: bool = False) -> tuple[str, list[str]]:
    """The manifest *into* with *book*'s changes written in, and a line per change.

    Raises :class:`ManifestMovedError` when *into* changed since *book* was written (unless
    *force*), and an ``[io]`` error when it cannot be read. A manifest that does not exist yet
    (a trust starting from ``init -o manifest.xlsx``) is written whole.
    """
    require("ruamel.yaml")
    from ruamel.yaml.comments import CommentedMap

    from ..safe_files import read_bytes

    moved = False
    text = ""
    yaml = _yaml()
    if into.exists():
        raw = read_bytes(into, shown)
        moved = bool(book.fingerprint) and fingerprint(raw) != book.fingerprint
        text = raw.decode("utf-8-sig")  # import has checked it as a manifest: UTF-8, valid YAML
        yaml = _yaml(text)
        try:
            doc = yaml.load(text)
        except Exception as e:  # YAML that PyYAML reads and ruamel.yaml does not: say so, write nothing
            raise ManifestMovedError(f"{shown} cannot be edited in place ({type(e).__name__}); import the "
                                     "workbook into a new file and compare") from None
    else:
        doc = CommentedMap()
        doc["manifest"] = 1
    merger = _Merger(book.absent)
    data = book.data
    for key in ("organisation", "assessment"):
        if doc.get(key) is None:
            doc[key] = CommentedMap()
    for spec in layout.cover_fields():
        merger.field("cover", doc, spec.path, _get(data, spec.path), spec.name, spec.kind)
    if "rubrics" not in doc:
        doc["rubrics"] = data["rubrics"]
    if data.get("confirmed_against") and "confirmed_against" not in doc:
        doc["confirmed_against"] = data["confirmed_against"]
    old_partners = list(doc.get("partners") or [])
    if old_partners != data["partners"]:
        if data["partners"]:
            doc["partners"] = _new_value(doc.get("partners"), data["partners"])
        elif "partners" in doc:
            del doc["partners"]
        merger.changes.append(f"partners: {_show(old_partners)} -> {_show(data['partners'])}")
    _items(merger, doc, "evidence", data["evidence"], layout.EVIDENCE, "evidence")
    _criteria(merger, doc, data["criteria"])
    if (layout.RISKS, "") not in book.absent:
        _items(merger, doc, "risks", data["risks"], layout.RISKS, "risk")
    if (layout.MORE, "") not in book.absent:
        from .more import merge as merge_more

        merge_more(doc, data, merger.changes, yaml)
    if moved and merger.changes and not force:
        raise ManifestMovedError(f"{shown} changed since the workbook was written from it; write a fresh "
                                 f"workbook ('iho-ready workbook {shown} -o FILE.xlsx') and copy your changes "
                                 "into it, or use --force to write the workbook's values over the newer manifest")
    out = io.StringIO()
    yaml.dump(doc, out)
    return _keep_wrapping(text, out.getvalue()), merger.changes


def _keep_wrapping(before: str, after: str) -> str:
    """*after* with every run of lines that says what *before* said, only wrapped differently, as it was.

    ruamel.yaml writes a flow mapping that spanned lines (``{id: R7, ...,`` then ``appetite: open}``) on
    one line; the manifest's own wrapping is kept wherever the workbook changed nothing in it.
    """
    import difflib

    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    kept: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        same = op == "replace" and " ".join(x.strip() for x in old[i1:i2]) == " ".join(y.strip() for y in new[j1:j2])
        kept += old[i1:i2] if op == "equal" or same else new[j1:j2]
    return "".join(kept)


def _criteria(merger: _Merger, doc: Any, criteria: dict[str, Any]) -> None:
    from ruamel.yaml.comments import CommentedMap

    existing = doc.get("criteria")
    if existing is None:
        if not criteria:
            return
        existing = CommentedMap()
        doc["criteria"] = existing
    carried = merger.carried(layout.CRITERIA, layout.CRITERIA_COLUMNS)
    for key in list(existing):
        if key not in criteria:
            entry = existing[key]
            for column in carried:
                merger.field(f"criterion {key}", entry, column.key, None, column.header.lower())
            _items(merger, entry, "actions", [], layout.ACTIONS, f"{key} action")
            if not entry:
                del existing[key]
    for key, item in criteria.items():
        entry = existing.get(key)
        if entry is None:
            entry = CommentedMap()
            existing[key] = entry
        for column in carried:
            merger.field(f"criterion {key}", entry, column.key, _get(item, column.key), column.header.lower(),
                         column.kind)
        _items(merger, entry, "actions", item.get("actions", []), layout.ACTIONS, f"{key} action")
