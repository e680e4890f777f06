"""Write a manifest as an Excel workbook a governance officer can fill in.

One sheet per thing people maintain (the cover sheet's fields, criteria and ratings, the evidence
register, actions, partner statements), each an Excel table with a frozen header row, sized
columns, drop-down lists for every closed choice (each criterion's own rating scale), real date
cells, and protected (password-free) reference cells; then the findings as they stood, and an
About sheet with the manifest's fingerprint so ``import`` can tell when the manifest moved on.

Every text is written as text (never as a formula, however it starts), and the file is the same
bytes for the same input: fixed document dates and fixed zip entry times.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, InputError
from . import layout, require
from .layout import Kind

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..models.loaded import LoadedManifest
    from ..models.result import Finding

DATE_FORMAT = "dd/mm/yyyy"
"""How date cells show: the way NHS papers write dates."""
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's time: the earliest a zip can record, so the bytes depend only on the content."""
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*<")
_GREY = "FFE7E6E6"
_HEADER = "FFD9E2F3"


def fingerprint(data: bytes) -> str:
    """The manifest's fingerprint kept in the workbook: ``sha256:`` and the hex digest of its bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _get(item: Any, key: tuple[str, ...]) -> Any:
    for part in key:
        if item is None:
            return None
        item = item.get(part) if isinstance(item, dict) else getattr(item, part, None)
    return item


def _cell_value(kind: Kind, value: Any) -> Any:
    if value is None or value == [] or value == "":
        return None
    if kind is Kind.LIST:
        return ", ".join(value)
    if kind is Kind.LINES:
        return "\n".join(value)
    if kind is Kind.DATE and isinstance(value, str):  # the models serialise dates as YYYY-MM-DD
        value = date.fromisoformat(value)
    if kind is Kind.DATE and isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


class _Sheets:
    """The workbook being built, with the styles every sheet shares."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        self.book = Workbook()
        self.book.remove(self.book.active)  # type: ignore[arg-type]
        self.bold = Font(bold=True)
        self.grey = PatternFill("solid", fgColor=_GREY)
        self.header_fill = PatternFill("solid", fgColor=_HEADER)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.open = Protection(locked=False)
        self.problems: list[Diagnostic] = []

    def sheet(self, title: str) -> Worksheet:
        ws: Worksheet = self.book.create_sheet(title)
        ws.protection.sheet = True  # no password: protection keeps reference cells from accidental edits
        for allowed in ("formatColumns", "formatRows", "sort", "autoFilter"):
            setattr(ws.protection, allowed, False)
        return ws

    def put(self, ws: Worksheet, row: int, col: int, value: Any, kind: Kind = Kind.TEXT, *,
            editable: bool = False) -> None:
        cell = ws.cell(row=row, column=col)
        if isinstance(value, str):
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            if ILLEGAL_CHARACTERS_RE.search(value):
                self.problems.append(Diagnostic(ws.title, row, col, f"{ws.title}: a text holds a control "
                                                "character, which a workbook cannot store", "workbook"))
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.value = value
            cell.data_type = "s"  # text stays text, even when it starts with '='
        else:
            cell.value = value
        if kind is Kind.DATE:
            cell.number_format = DATE_FORMAT
        elif kind is not Kind.NUMBER:
            cell.number_format = "@"
        cell.alignment = self.wrap
        if editable:
            cell.protection = self.open
        else:
            cell.fill = self.grey

    def header(self, ws: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
        from openpyxl.utils import get_column_letter

        for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = ws.cell(row=1, column=col, value=text)
            cell.font = self.bold
            cell.fill = self.header_fill
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"

    def table(self, ws: Worksheet, name: str, columns: int, rows: int) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.table import Table, TableStyleInfo

        ref = f"A1:{get_column_letter(columns)}{max(rows, 2)}"
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)

    def choices(self, ws: Worksheet, values: Sequence[str], cells: str | Sequence[str], noun: str) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        check = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                               showErrorMessage=True, errorTitle="Pick from the list",
                               error=f"Pick {noun} from the list: {', '.join(values)}.")
        for ref in [cells] if isinstance(cells, str) else cells:
            check.add(ref)
        ws.add_data_validation(check)

    def dates(self, ws: Worksheet, cells: str, noun: str) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                               showErrorMessage=True, errorTitle="Type a date",
                               error=f"Type {noun} as a date, DD/MM/YYYY, or pick it from the calendar.")
        check.add(cells)
        ws.add_data_validation(check)


def _table_sheet(book: _Sheets, title: str, rows: list[dict[str, Any]],
                 row_choices: dict[tuple[str, ...], list[tuple[str, ...]]] | None = None) -> None:
    """A table sheet: its header, *rows* (each a dict keyed by column key) and its spare rows."""
    from openpyxl.utils import get_column_letter

    columns = layout.TABLES[title]
    ws = book.sheet(title)
    book.header(ws, [c.header for c in columns], [c.width for c in columns])
    last = len(rows) + 1 + layout.SPARE_ROWS[title]
    for r, item in enumerate(rows, start=2):
        for col, column in enumerate(columns, start=1):
            book.put(ws, r, col, _cell_value(column.kind, _get(item, column.key)), column.kind,
                     editable=column.editable)
    for r in range(len(rows) + 2, last + 1):
        for col, column in enumerate(columns, start=1):
            book.put(ws, r, col, None, column.kind, editable=column.editable)
    book.table(ws, title.replace(" ", ""), len(columns), last)
    for col, column in enumerate(columns, start=1):
        letter = get_column_letter(col)
        span = f"{letter}2:{letter}{max(last, 2)}"
        if column.kind is Kind.DATE and column.editable:
            book.dates(ws, span, column.noun)
        elif column.kind is Kind.CHOICE and column.choices:
            book.choices(ws, column.choices, span, column.noun)
        elif column.kind is Kind.CHOICE and row_choices:
            for scale, numbers in _group(row_choices.get(column.key, [])).items():
                book.choices(ws, scale, [f"{letter}{n}" for n in numbers], column.noun)


def _group(per_row: list[tuple[str, ...]]) -> dict[tuple[str, ...], list[int]]:
    """Row numbers by the choice list each row offers (one drop-down per distinct list)."""
    grouped: dict[tuple[str, ...], list[int]] = {}
    for r, values in enumerate(per_row, start=2):
        grouped.setdefault(values, []).append(r)
    return grouped


def _criteria_rows(loaded: LoadedManifest) -> tuple[list[dict[str, Any]], list[tuple[str, ...]]]:
    """One row per criterion of the selected rubrics, and each row's rating scale."""
    counts: dict[str, int] = {}
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            counts[placed.criterion.id] = counts.get(placed.criterion.id, 0) + 1
    rows, scales = [], []
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            crit = placed.criterion
            found = loaded.entries.get((selected.rubric.id, crit.id))
            key = found[0] if found else crit.id if counts[crit.id] == 1 else f"{selected.rubric.id}:{crit.id}"
            entry = found[1].model_dump(exclude={"actions"}) if found else {}
            rows.append({**entry, "rubric": selected.rubric.id, "criterion": key, "statement": crit.statement})
            scales.append(tuple(lv.id for lv in placed.scale if not lv.not_applicable or crit.allow_not_applicable))
    return rows, scales


def _cover(book: _Sheets, loaded: LoadedManifest) -> None:
    ws = book.sheet(layout.COVER)
    book.header(ws, layout.COVER_HEADERS, (34, 60, 70))
    data = loaded.manifest.model_dump()
    fields = layout.cover_fields()
    for r, field in enumerate(fields, start=2):
        book.put(ws, r, 1, field.name)
        book.put(ws, r, 2, _cell_value(field.kind, _get(data, field.path)), field.kind, editable=True)
        book.put(ws, r, 3, field.meaning)
        if field.kind is Kind.CHOICE:
            book.choices(ws, field.choices, f"B{r}", field.noun)
        elif field.kind is Kind.DATE:
            book.dates(ws, f"B{r}", field.noun)
    book.table(ws, "CoverFields", 3, len(fields) + 1)


def _more(book: _Sheets, loaded: LoadedManifest) -> None:
    from .more import meaning, sections

    ws = book.sheet(layout.MORE)
    book.header(ws, layout.MORE_HEADERS, (16, 90, 60))
    for r, (name, text) in enumerate(sections(loaded.manifest).items(), start=2):
        book.put(ws, r, 1, name)
        book.put(ws, r, 2, text, editable=True)
        book.put(ws, r, 3, meaning(name))
    book.table(ws, "More", 3, len(layout.MORE_SECTIONS) + 1)


def _instructions(book: _Sheets) -> None:
    ws = book.sheet(layout.INSTRUCTIONS)
    book.header(ws, ("Sheet", "Column", "What it means"), (16, 22, 100))
    row = 2
    for paragraph in layout.INSTRUCTIONS_TEXT:
        book.put(ws, row, 1, "All sheets")
        book.put(ws, row, 2, "")
        book.put(ws, row, 3, paragraph)
        row += 1
    book.put(ws, row, 1, layout.COVER)
    book.put(ws, row, 2, "Value")
    book.put(ws, row, 3, "One row per field of the board paper's cover sheet; the third column says what it means.")
    row += 1
    for title, columns in layout.TABLES.items():
        for column in columns:
            book.put(ws, row, 1, title)
            book.put(ws, row, 2, column.header)
            book.put(ws, row, 3, column.meaning)
            row += 1
    from .more import meaning

    for name in layout.MORE_SECTIONS:
        book.put(ws, row, 1, layout.MORE)
        book.put(ws, row, 2, name)
        book.put(ws, row, 3, meaning(name))
        row += 1
    book.put(ws, row, 1, layout.FINDINGS)
    book.put(ws, row, 2, "")
    book.put(ws, row, 3, "What iho-ready found when the workbook was written (for reference).")
    book.table(ws, "HowToFillIn", 3, row)


def _findings(book: _Sheets, findings: Sequence[Finding]) -> None:
    ws = book.sheet(layout.FINDINGS)
    book.header(ws, layout.FINDING_HEADERS, (10, 26, 30, 90))
    for r, f in enumerate(findings, start=2):
        # Which row of which sheet it concerns, rather than a file position that only the YAML has.
        where = next((f"{noun} {getattr(f, name)}" for name, noun in layout.CONCERNS if getattr(f, name)),
                     layout.CONCERNS_MANIFEST)
        for col, value in enumerate((f.severity, f.code, where, f.message), start=1):
            book.put(ws, r, col, value)
    book.table(ws, "Findings", len(layout.FINDING_HEADERS), len(findings) + 1)


def _about(book: _Sheets, loaded: LoadedManifest, source_name: str, print_: str, tool: str) -> None:
    ws = book.sheet(layout.ABOUT)
    book.header(ws, layout.ABOUT_HEADERS, (24, 80))
    m = loaded.manifest
    rows: list[tuple[str, Any, Kind]] = [
        (layout.ABOUT_FORMAT, m.manifest, Kind.NUMBER),
        (layout.ABOUT_RUBRICS, m.rubrics, Kind.LINES),
        (layout.ABOUT_CONFIRMED, [f"{k}@{v}" for k, v in m.confirmed_against.items()], Kind.LINES),
        (layout.ABOUT_SOURCE, source_name, Kind.TEXT),
        (layout.ABOUT_FINGERPRINT, print_, Kind.TEXT),
        (layout.ABOUT_TOOL, tool, Kind.TEXT),
    ]
    for r, (name, value, kind) in enumerate(rows, start=2):
        book.put(ws, r, 1, name)
        book.put(ws, r, 2, _cell_value(kind, value), kind)
    book.table(ws, "About", 2, len(rows) + 1)


def build(loaded: LoadedManifest, findings: Sequence[Finding], *, printed: str | None,
          source_name: str, tool: str) -> bytes:
    """The workbook for *loaded*, with *findings* as they stand, as ``.xlsx`` bytes.

    *printed* is the YAML manifest's :func:`fingerprint`, which ``import`` compares with the
    manifest it writes into (None for a workbook that no manifest file stands behind).
    Raises :class:`InputError` for text a workbook cannot hold (control characters).
    """
    require("openpyxl")
    book = _Sheets()
    _instructions(book)
    _cover(book, loaded)
    criteria, scales = _criteria_rows(loaded)
    _table_sheet(book, layout.CRITERIA, criteria, {("rating",): scales})
    book.book[layout.CRITERIA].freeze_panes = "C2"
    evidence = [doc.model_dump(exclude_none=True) for doc in loaded.manifest.evidence]
    _table_sheet(book, layout.EVIDENCE, evidence)
    # Actions follow the criteria's order on the Criteria sheet, whatever order the manifest keeps them in.
    order = {row["criterion"]: n for n, row in enumerate(criteria)}
    actions = [{**a.model_dump(), "criterion": key} for key, entry in sorted(
        loaded.manifest.criteria.items(), key=lambda pair: order.get(pair[0], len(order))) for a in entry.actions]
    _table_sheet(book, layout.ACTIONS, actions)
    _table_sheet(book, layout.RISKS, [r.model_dump(exclude_none=True) for r in loaded.manifest.risks])
    _table_sheet(book, layout.PARTNERS, _partner_rows(loaded))
    _more(book, loaded)
    _findings(book, findings)
    _about(book, loaded, source_name, printed or "", tool)
    if book.problems:
        raise InputError([Diagnostic(loaded.path, 0, 0, d.message, d.code) for d in book.problems[:1]])
    fixed = datetime(2000, 1, 1)
    book.book.properties.creator = "iho-ready"
    book.book.properties.created = fixed
    book.book.properties.modified = fixed
    book.book.properties.lastModifiedBy = "iho-ready"
    out = io.BytesIO()
    book.book.save(out)
    return _normalise(out.getvalue())


def _partner_rows(loaded: LoadedManifest) -> list[dict[str, Any]]:
    rows = []
    for path in loaded.manifest.partners:
        found = next((p for p in loaded.partners if p.path == path), None)
        row: dict[str, Any] = {"path": path}
        if found is not None and found.statement is not None:
            s = found.statement
            row.update(partner=s.partner.name, position=s.position, review_by=s.review_by,
                       signed_by=s.signed.by if s.signed else None, signed_on=s.signed.date if s.signed else None)
        rows.append(row)
    return rows


def _normalise(data: bytes) -> bytes:
    """The same zip with fixed entry times, so that the same workbook is the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            part = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                part = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z<", part)
            dst.writestr(fixed, part)
    return out.getvalue()
