"""Read a workbook back as manifest data, locating every problem at its ``SHEET!CELL``.

The file is checked as a zip before openpyxl opens it: its size, the number of entries, their
declared sizes (a zip bomb declares what it would expand to, and Python's zip reader never
inflates an entry past its declared size), no document type declarations in its XML (entity
bombs), no macros and no links to other workbooks. Cells are read as stored: a formula is
reported, never calculated, and its cached result is never trusted.

The data is the same plain data a YAML manifest gives, and beside it a node tree shaped like the
YAML one, whose marks are cells (the mark's name is the sheet, its line and column the cell's row
and column). The rest of loading (pydantic, reference resolution, the evaluation's locations)
walks that tree exactly as it walks a YAML file's, so a workbook gets the same checks and the
same findings, each pointed at a cell.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, InputError
from ..limits import MAX_FILE_BYTES, size_text
from ..yamlsource import Source
from . import layout, require
from .layout import Column, Kind

MAX_ENTRIES = 1000
"""Most files inside a workbook's zip; Excel writes about 20 for a workbook like ours."""
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
"""Most bytes a workbook's entries may declare, together, once unzipped (256 MiB)."""
MAX_ROWS = 200_000
"""Most rows read from one sheet (a manifest with 100,000 evidence items has that many)."""
MAX_COLUMNS = 64
"""Most columns read from one sheet; ours have at most twelve."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_MISSING = re.compile(r"^missing required field '(?P<field>\w+)'|^.* has no '(?P<key>\w+):'; add it")
_LOC_PREFIX = re.compile(r"^[A-Za-z_][\w-]*(?:\[\d+\]|\.[^\s:]+(?::[^\s.]+)?)*: ")


def column_letter(col: int) -> str:
    """Excel's name for a 1-based column number: 1 is A, 27 is AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(sheet: str, row: int, col: int) -> str:
    """``Evidence!G12``; a sheet name with spaces is quoted as Excel writes it."""
    shown = f"'{sheet}'" if not sheet.isalnum() else sheet
    return f"{shown}!{column_letter(col)}{row}"


@dataclass
class WorkbookSource(Source):
    """A workbook as a :class:`Source`: its node tree's marks are cells, and diagnostics say ``SHEET!CELL``."""

    headers: dict[tuple[str, int], str] = field(default_factory=dict, repr=False, compare=False)
    """(sheet, column) -> the column's heading, to name the column in messages."""

    def at(self, node: Node | None, message: str, code: str) -> Diagnostic:
        """A diagnostic at *node*'s cell, in words that name the column rather than the YAML path."""
        if node is None:
            return Diagnostic(self.path, 0, 0, message, code)
        mark = node.start_mark
        row, col = mark.line + 1, mark.column + 1
        heading = self.headers.get((mark.name, col))
        missing = _MISSING.match(message)
        if missing and mark.name in layout.TABLES:  # 'missing required field 'title' in evidence[3]'
            name = missing["field"] or missing["key"]
            field = next((c for c in layout.TABLES[mark.name] if c.key[-1] == name), None)
            if field is not None:
                message = f"this row has no {field.header.lower()}; fill in the {field.header} column"
                col = next((c for (sheet, c), name in self.headers.items()
                            if sheet == mark.name and name == field.header), col)  # point at the empty cell
        elif heading and _LOC_PREFIX.match(message):  # 'evidence[3].review_by: ...' -> 'Review by: ...'
            message = _LOC_PREFIX.sub("" if isinstance(node, MappingNode) else f"{heading}: ", message, count=1)
        if "give exactly one of path, url or paper" in message:  # the evidence model's words, in the columns' names
            found = message.rpartition("(found ")[2].rstrip(")")
            shown = ", ".join({"path": "Path", "url": "Web address", "paper": "Paper"}.get(w, w)
                              for w in found.split(", ")) if found != "none of them" else "none of them"
            message = f"{message.partition(':')[0]}: fill in exactly one of the Path, Web address and Paper " \
                      f"columns (filled in: {shown})"
        return Diagnostic(self.path, row, col, message, code, cell=cell_name(mark.name, row, col))


def _mark(sheet: str, row: int, col: int) -> Mark:
    return Mark(sheet, 0, row - 1, col - 1, None, None)  # type: ignore[arg-type]  # no text buffer to show


def _scalar(mark: Mark, value: str) -> ScalarNode:
    return ScalarNode(_STR, value, mark, mark)


class _Reader:
    """Builds the data and its node tree from the cells, collecting problems."""

    def __init__(self, path: str, book: Any):
        self.path = path
        self.book = book
        self.problems: list[Diagnostic] = []
        self.source = WorkbookSource(path, "", None)
        self.absent: set[tuple[str, str]] = set()
        """(sheet, heading) of each part a workbook written before it lacks; (sheet, "") for a whole sheet."""

    def fail(self, sheet: str, row: int, col: int, message: str, code: str = "workbook") -> None:
        self.problems.append(Diagnostic(self.path, row, col, message, code, cell=cell_name(sheet, row, col)))

    def rows(self, sheet: str) -> list[tuple[int, list[Any]]]:
        """The non-empty rows below the header, with their row numbers; cells as openpyxl read them."""
        if sheet not in self.book.sheetnames and sheet in layout.OPTIONAL_SHEETS:
            self.absent.add((sheet, ""))
            return []
        if sheet not in self.book.sheetnames:
            self.problems.append(Diagnostic(self.path, 0, 0, f"the workbook has no '{sheet}' sheet; write a "
                                            "fresh workbook with 'iho-ready workbook' and copy your rows into it",
                                            "workbook"))
            return []
        found = []
        for number, cells in enumerate(self.book[sheet].iter_rows(max_col=MAX_COLUMNS), start=1):
            if number > MAX_ROWS:
                self.fail(sheet, number, 1, f"the {sheet} sheet has more than {MAX_ROWS:,} rows", "limit")
                break
            if any(getattr(c, "value", None) not in (None, "") for c in cells):
                found.append((number, list(cells)))
        return found

    def header(self, sheet: str, columns: tuple[Column, ...] | tuple[str, ...],
               rows: list[tuple[int, list[Any]]]) -> dict[str, int]:
        """Column number by heading; a missing heading is a problem."""
        if not rows or rows[0][0] != 1:
            if sheet in self.book.sheetnames:
                self.fail(sheet, 1, 1, f"the {sheet} sheet has lost its header row")
            return {}
        seen = {str(getattr(c, "value", "") or "").strip(): i for i, c in enumerate(rows[0][1], start=1)}
        wanted = [c.header if isinstance(c, Column) else c for c in columns]
        out = {}
        for name in wanted:
            if name not in seen and (sheet, name) in layout.ADDED:
                self.absent.add((sheet, name))
            elif name not in seen:
                self.fail(sheet, 1, 1, f"the {sheet} sheet has no '{name}' column; put its heading back in row 1")
            else:
                out[name] = seen[name]
                if sheet in layout.TABLES:  # the cover sheet's messages name the field itself
                    self.source.headers[(sheet, seen[name])] = name
        return out

    def value(self, sheet: str, row: int, col: int, cells: list[Any], kind: Kind, noun: str) -> Any:
        """The cell's value as manifest data (None when empty or wrong, having recorded why)."""
        if col > len(cells):
            return None
        cell = cells[col - 1]
        raw = getattr(cell, "value", None)
        if raw is None or (isinstance(raw, str) and raw == ""):
            return None
        if getattr(cell, "data_type", None) == "f" or (isinstance(raw, str) and raw.startswith("=")
                                                        and getattr(cell, "data_type", None) not in ("s", "str")):
            self.fail(sheet, row, col, f"{noun} is a formula ({str(raw)[:40]}); iho-ready never calculates "
                      "formulas: type the value itself")
            return None
        if kind is Kind.DATE:
            return self._date(sheet, row, col, raw, noun)
        if kind is Kind.NUMBER:
            if isinstance(raw, float) and raw.is_integer():
                return int(raw)
            if isinstance(raw, str) and raw.strip().isdigit():
                return int(raw.strip())
            return raw
        text = _text(raw)
        if kind is Kind.LIST:
            return [part.strip() for part in text.split(",") if part.strip()]
        if kind is Kind.LINES:
            return [line for line in text.split("\n") if line.strip()]
        return text

    def _date(self, sheet: str, row: int, col: int, raw: Any, noun: str) -> str | None:
        if isinstance(raw, datetime):
            return raw.date().isoformat()
        if isinstance(raw, date):
            return raw.isoformat()
        text = str(raw)
        for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3))):
            m = pattern.match(text)
            if m:
                try:
                    return date(*(int(m.group(i)) for i in order)).isoformat()
                except ValueError:
                    break
        self.fail(sheet, row, col, f"{noun} '{text}' is not a date; type it as DD/MM/YYYY (for example "
                  "31/12/2026) or pick it from the calendar", "schema")
        return None


def _text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _put(data: dict[str, Any], pairs: list[tuple[Node, Node]], key: tuple[str, ...], value: Any,
         node: Node) -> None:
    """Set *value* at the nested *key* in *data*, and its node in the mapping *pairs*."""
    for part in key[:-1]:
        inner = data.setdefault(part, {})
        found = next((v for k, v in pairs if isinstance(k, ScalarNode) and k.value == part), None)
        if found is None:
            found = MappingNode(_MAP, [], node.start_mark, node.end_mark)
            pairs.append((_scalar(node.start_mark, part), found))
        data, pairs = inner, found.value
    data[key[-1]] = value
    pairs.append((_scalar(node.start_mark, key[-1]), node))


def _value_node(mark: Mark, value: Any) -> Node:
    if isinstance(value, list):
        return SequenceNode(_SEQ, [_scalar(mark, str(v)) for v in value], mark, mark)
    return _scalar(mark, str(value))


def _table(reader: _Reader, sheet: str) -> list[tuple[int, dict[str, Any], MappingNode]]:
    """Each filled row of a table sheet: its row number, its data, its mapping node (editable columns only)."""
    columns = layout.TABLES[sheet]
    rows = reader.rows(sheet)
    where = reader.header(sheet, columns, rows)
    out = []
    for number, cells in rows[1:] if rows and rows[0][0] == 1 else []:
        data: dict[str, Any] = {}
        node = MappingNode(_MAP, [], _mark(sheet, number, 1), _mark(sheet, number, 1))
        extra: dict[str, Any] = {}
        for column in columns:
            col = where.get(column.header)
            if col is None:
                continue
            value = reader.value(sheet, number, col, cells, column.kind, column.noun)
            if value is None or value == []:
                continue
            target = data if column.editable else extra
            if column.editable:
                _put(target, node.value, column.key, value, _value_node(_mark(sheet, number, col), value))
            else:
                target[column.key[0]] = value
        if data or (sheet == layout.CRITERIA and extra):
            out.append((number, {**data, "_ref": extra}, node))
    return out


def _cover(reader: _Reader, root: list[tuple[Node, Node]], data: dict[str, Any]) -> None:
    rows = reader.rows(layout.COVER)
    where = reader.header(layout.COVER, layout.COVER_HEADERS, rows)
    by_name = {f.name: f for f in layout.cover_fields()}
    if "Field" not in where or "Value" not in where:
        return
    for number, cells in rows[1:]:
        name = _text(getattr(cells[where["Field"] - 1], "value", "") or "").strip()
        spec = by_name.get(name)
        if spec is None:
            if name:
                reader.fail(layout.COVER, number, where["Field"], f"'{name}' is not a cover-sheet field; "
                            "put the field's name back as it was written")
            continue
        col = where["Value"]
        value = reader.value(layout.COVER, number, col, cells, spec.kind, spec.noun)
        if value is None or value == []:
            continue
        _put(data, root, spec.path, value, _value_node(_mark(layout.COVER, number, col), value))


def _about(reader: _Reader) -> dict[str, tuple[Any, Mark]]:
    rows = reader.rows(layout.ABOUT)
    where = reader.header(layout.ABOUT, layout.ABOUT_HEADERS, rows)
    found: dict[str, tuple[Any, Mark]] = {}
    if len(where) < 2:
        return found
    for number, cells in rows[1:]:
        name = _text(getattr(cells[where["Item"] - 1], "value", "") or "").strip()
        kind = Kind.NUMBER if name == layout.ABOUT_FORMAT else Kind.LINES if name in (
            layout.ABOUT_RUBRICS, layout.ABOUT_CONFIRMED) else Kind.TEXT
        value = reader.value(layout.ABOUT, number, where["Value"], cells, kind, f"the {name.lower()}")
        found[name] = (value, _mark(layout.ABOUT, number, where["Value"]))
    return found


@dataclass
class Workbook:
    """A workbook read back: the manifest data, its node tree, and what the About sheet records."""

    source: WorkbookSource
    data: dict[str, Any]
    fingerprint: str | None
    """The fingerprint of the manifest it was written from (None for a workbook from ``init``)."""
    rows: dict[str, list[int]] = field(default_factory=dict)
    """Sheet -> the row number of each item read, in order (for saying where a change came from)."""
    absent: frozenset[tuple[str, str]] = frozenset()
    """What a workbook written by an earlier iho-ready lacks (:data:`layout.ADDED`): ``import`` leaves it alone."""


def read(path: str, display: str | None = None, data: bytes | None = None) -> Workbook:
    """Read the workbook at *path* (or *data*, its bytes) into manifest data. Raises :class:`InputError`."""
    shown = display or path
    require("openpyxl")
    if data is None:
        from ..safe_files import read_bytes

        data = read_bytes(path, shown)
    _check_container(shown, data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_vba=False, keep_links=False)
    except Exception as e:  # a damaged file: openpyxl's own errors are many and undocumented
        raise InputError([Diagnostic(shown, 0, 0, "the file is not a workbook iho-ready can read "
                                     f"({type(e).__name__}); open it in Excel and save it again as 'Excel "
                                     "Workbook (.xlsx)'", "workbook")]) from None
    try:
        return _read(shown, book)
    except InputError:
        raise
    except Exception as e:  # cells openpyxl cannot decode (a damaged sheet)
        raise InputError([Diagnostic(shown, 0, 0, f"a sheet of the workbook cannot be read ({type(e).__name__}); "
                                     "open it in Excel and save it again", "workbook")]) from None
    finally:
        book.close()


def _read(shown: str, book: Any) -> Workbook:
    reader = _Reader(shown, book)
    root: list[tuple[Node, Node]] = []
    data: dict[str, Any] = {}
    top = _mark(layout.ABOUT, 1, 1)
    about = _about(reader)
    version, at = about.get(layout.ABOUT_FORMAT, (None, top))
    data["manifest"] = version
    root.append((_scalar(at, "manifest"), _scalar(at, str(version))))
    _cover(reader, root, data)
    for name, key in ((layout.ABOUT_RUBRICS, "rubrics"), (layout.ABOUT_CONFIRMED, "confirmed_against")):
        value, at = about.get(name, (None, top))
        if key == "rubrics":
            data[key] = value or []
            root.append((_scalar(at, key), _value_node(at, value or [])))
        elif value:
            pairs = [item.partition("@") for item in value]
            data[key] = {k: v for k, _, v in pairs}
            root.append((_scalar(at, key), MappingNode(_MAP, [(_scalar(at, k), _scalar(at, v)) for k, _, v in pairs],
                                                       at, at)))
    rows: dict[str, list[int]] = {}
    evidence = _table(reader, layout.EVIDENCE)
    data["evidence"] = [{k: v for k, v in item.items() if k != "_ref"} for _, item, _ in evidence]
    ev_mark = _mark(layout.EVIDENCE, 1, 1)
    root.append((_scalar(ev_mark, "evidence"), SequenceNode(_SEQ, [n for _, _, n in evidence], ev_mark, ev_mark)))
    rows[layout.EVIDENCE] = [n for n, _, _ in evidence]
    partners = _table(reader, layout.PARTNERS)
    data["partners"] = [item["path"] for _, item, _ in partners if "path" in item]
    p_mark = _mark(layout.PARTNERS, 1, 1)
    root.append((_scalar(p_mark, "partners"), SequenceNode(
        _SEQ, [next(v for k, v in n.value if k.value == "path") for _, item, n in partners if "path" in item],
        p_mark, p_mark)))
    _criteria(reader, data, root)
    risks = _table(reader, layout.RISKS)
    data["risks"] = [{k: v for k, v in item.items() if k != "_ref"} for _, item, _ in risks]
    r_mark = _mark(layout.RISKS, 1, 1)
    root.append((_scalar(r_mark, "risks"), SequenceNode(_SEQ, [n for _, _, n in risks], r_mark, r_mark)))
    from .more import read_sheet

    read_sheet(reader, data, root)
    reader.source.root = MappingNode(_MAP, root, top, top)
    if reader.problems:
        raise InputError(reader.problems)
    printed = about.get(layout.ABOUT_FINGERPRINT, (None, top))[0]
    return Workbook(reader.source, data, printed or None, rows, frozenset(reader.absent))


def _criteria(reader: _Reader, data: dict[str, Any], root: list[tuple[Node, Node]]) -> None:
    criteria: dict[str, Any] = {}
    nodes: list[tuple[Node, Node]] = []
    by_key: dict[str, MappingNode] = {}
    for number, item, node in _table(reader, layout.CRITERIA):
        key = item.pop("_ref").get("criterion")
        if key is None:
            continue
        if item:
            criteria[key] = item
        # Every row is in the node tree (not in the data), so that a finding about a criterion the
        # manifest leaves unrated points at its row.
        nodes.append((_scalar(_mark(layout.CRITERIA, number, 2), key), node))
        by_key[key] = node
    for number, item, node in _table(reader, layout.ACTIONS):
        item.pop("_ref")
        owner = item.pop("criterion", None)
        node.value = [(k, v) for k, v in node.value if k.value != "criterion"]
        if owner is None:
            reader.fail(layout.ACTIONS, number, 1, "the action names no criterion; type the criterion's id from "
                        "the Criteria sheet")
            continue
        if owner not in by_key:
            near = " (did you mean " + ", ".join(f"'{k}'" for k in _close(owner, by_key)) + "?)" \
                if _close(owner, by_key) else ""
            reader.fail(layout.ACTIONS, number, 1, f"'{owner}' is not a criterion on the Criteria sheet{near}",
                        "unknown-criterion")
            continue
        entry = criteria.setdefault(owner, {})
        parent = by_key[owner]
        actions = next((v for k, v in parent.value if k.value == "actions"), None)
        if actions is None:
            actions = SequenceNode(_SEQ, [], node.start_mark, node.start_mark)
            parent.value.append((_scalar(node.start_mark, "actions"), actions))
        actions.value.append(node)
        entry.setdefault("actions", []).append(item)
    mark = _mark(layout.CRITERIA, 1, 1)
    data["criteria"] = criteria
    root.append((_scalar(mark, "criteria"), MappingNode(_MAP, nodes, mark, mark)))


def _close(word: str, choices: Any) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)


def _check_container(shown: str, data: bytes) -> None:
    """Refuse, before openpyxl sees it, a file that is not a plain, reasonably sized .xlsx zip."""

    def refuse(message: str, code: str = "workbook") -> InputError:
        return InputError([Diagnostic(shown, 0, 0, message, code)])

    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"the workbook is larger than {size_text(MAX_FILE_BYTES)}", "limit")
    if not data.startswith(b"PK"):
        raise refuse("the file is not an Excel workbook (.xlsx); save it from Excel as 'Excel Workbook (.xlsx)'")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise refuse(f"the workbook holds {len(entries):,} parts, more than the {MAX_ENTRIES:,} iho-ready "
                             "reads", "limit")
            declared = sum(e.file_size for e in entries)
            if declared > MAX_EXPANDED_BYTES:
                raise refuse(f"the workbook would unpack to {size_text(declared)}, more than the "
                             f"{size_text(MAX_EXPANDED_BYTES)} iho-ready reads", "limit")
            names = [e.filename.lower() for e in entries]
            if any(n.endswith("vbaproject.bin") for n in names):
                raise refuse("the workbook holds macros; iho-ready never runs them: save it as 'Excel Workbook "
                             "(.xlsx)', which leaves them out")
            if any(n.startswith("xl/externallinks/") for n in names):
                raise refuse("the workbook links to other workbooks; iho-ready reads only what this file holds: "
                             "break the links (Data > Edit Links > Break Link) and save it again")
            if "xl/workbook.xml" not in names:
                raise refuse("the file is not an Excel workbook (.xlsx); save it from Excel as "
                             "'Excel Workbook (.xlsx)'")
            for entry in entries:
                if entry.filename.lower().endswith((".xml", ".rels")):
                    with archive.open(entry) as part:
                        head = part.read(entry.file_size + 1)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise refuse(f"the workbook part {entry.filename} declares a document type, which no "
                                     "workbook Excel writes needs; iho-ready does not read it")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError) as e:
        raise refuse(f"the workbook's zip container is damaged ({type(e).__name__}); open it in Excel and save it "
                     "again") from None
