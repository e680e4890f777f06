"""``portfolio --format xlsx``: the region's workbook, for people who keep trackers in Excel.

Sheet ``Trusts``: one row per trust: readiness overall and per rubric, the counts, the ICB's
position, open partner conditions and overdue actions. Then one sheet per rubric: the
trust-by-criterion matrix (for the AFT guide's rubric, trust by board statement), each cell
the status in words, filled with its colour. Sheet ``Key`` says what the words and colours
mean. Every value is the evaluation's (:class:`~iho_ready.history.Portfolio`).

openpyxl (the ``workbook`` extra) is imported here only, when a workbook is asked for. The
bytes are the same for the same input: openpyxl stamps the time of saving in the zip entries
and the document properties, and both are fixed afterwards.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from ..errors import UsageError
from ..history import Portfolio
from ..report.view import RAG_MEANING, READINESS_MEANING
from ..words import RAG_LABEL, READINESS_LABEL, STATUS_LABEL
from . import RenderOptions
from .portfolio_html import matrices
from .summary_words import conditions_phrase, icb_phrase, judged_phrase, portfolio_summary, support_phrase

FILL = {"green": "CCE5D8", "amber": "FFDC8E", "red": "F7D4D1", "grey": "DBE0E3", "none": "FFFFFF"}
"""The cell fill of each colour: NHS.UK's tag colours, as on the portfolio page (the words are in the cell)."""
INK = {"green": "004C23", "amber": "4D3708", "red": "6B140E", "grey": "354550", "none": "4C6272"}
"""The text colour on each fill (contrast at least 4.5:1)."""
NHS_BLUE = "005EB8"

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*<")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise UsageError("--format xlsx needs the workbook extra: pip install 'iho-ready[workbook]'") from None
    return openpyxl


def render(portfolio: Portfolio, options: RenderOptions, /) -> bytes:
    """Return the workbook's bytes."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.Workbook()
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    heading = Font(bold=True, color="FFFFFF")
    blue = PatternFill("solid", fgColor=NHS_BLUE)

    def header(sheet: Any, names: list[str], widths: list[int]) -> None:
        sheet.append(names)
        for n, width in enumerate(widths, start=1):
            cell = sheet.cell(row=sheet.max_row, column=n)
            cell.font, cell.fill, cell.alignment = heading, blue, wrap
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = f"B{sheet.max_row + 1}"  # a coordinate: asking for the cell would add a row

    rubrics: dict[str, str] = {}
    for row in portfolio.rows:
        for r in row.snapshot.rubrics if row.snapshot else []:
            rubrics.setdefault(r.id, r.title)
    dates = [r.snapshot.as_of for r in portfolio.rows if r.snapshot is not None]

    trusts = book.active
    trusts.title = "Trusts"
    trusts.append([f"IHO readiness portfolio: {portfolio_summary(portfolio.summary)}."])
    trusts.append([judged_phrase(portfolio.as_of, dates)])
    trusts["A1"].font = Font(bold=True, size=14)
    trusts.append([])
    header(trusts, ["Trust", "ODS code", "As at", "Readiness", *(f"{t}: readiness" for t in rubrics.values()),
                    "Criteria met", "Shortfalls", "Not yet assessed", "ICB's position", "Open partner conditions",
                    "Overdue actions", "Open actions", "Partner support"],
           [40, 10, 12, 22, *([22] * len(rubrics)), 10, 11, 11, 26, 40, 10, 10, 30])
    for row in portfolio.rows:
        s, t = row.snapshot, row.standing
        if s is None or t is None:
            trusts.append([row.manifest, None, None, "Could not be read", *([None] * len(rubrics)), None, None,
                           None, None, "; ".join(row.problems)])
            continue
        mine = {r.id: r for r in s.rubrics}
        trusts.append([s.organisation, s.ods_code, s.as_of, READINESS_LABEL[t.readiness],
                       *(READINESS_LABEL[mine[rid].readiness] if rid in mine else "Not selected" for rid in rubrics),
                       sum(r.met for r in s.rubrics), s.open_gaps, sum(r.not_assessed for r in s.rubrics),
                       icb_phrase(t.icb), conditions_phrase(t.open_conditions), s.overdue_actions, s.open_actions,
                       support_phrase(s.partners)])
    for cells in trusts.iter_rows(min_row=5):
        for cell in cells:
            cell.alignment = wrap
        cells[2].number_format = "d mmmm yyyy"

    for matrix in matrices(portfolio.rows):
        sheet = book.create_sheet(matrix.rubric[:31])
        sheet.append([f"{matrix.title}: each criterion, trust by trust"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([])
        header(sheet, ["Trust", *matrix.criteria], [40, *([16] * len(matrix.criteria))])
        for row, cells in matrix.rows:
            assert row.snapshot is not None
            sheet.append([row.snapshot.organisation, *(c.words for c in cells)])
            for n, c in enumerate(cells, start=2):
                cell = sheet.cell(row=sheet.max_row, column=n)
                cell.fill = PatternFill("solid", fgColor=FILL[c.colour])
                cell.font, cell.alignment = Font(color=INK[c.colour]), wrap

    key = book.create_sheet("Key")
    header(key, ["Term", "Meaning"], [34, 90])
    rows = ([(label, READINESS_MEANING[k], None) for k, label in READINESS_LABEL.items()]
            + [(f"Colour: {label}", RAG_MEANING[k], k) for k, label in RAG_LABEL.items()]
            + [(label, "A criterion's status, written in each matrix cell.", None) for label in STATUS_LABEL.values()]
            + [("A trust's readiness", "Its least ready set of criteria: ready only when every set is ready.", None),
               ("Open partner conditions", "Conditions of partners' support that no action of the trust answers.",
                None)])
    for term, meaning, colour in rows:
        key.append([term, meaning])
        if colour:
            key.cell(row=key.max_row, column=1).fill = PatternFill("solid", fgColor=FILL[colour])
            key.cell(row=key.max_row, column=1).font = Font(bold=True, color=INK[colour])
        else:
            key.cell(row=key.max_row, column=1).font = bold

    fixed = datetime(*_FIXED_TIME)
    book.properties.creator = book.properties.lastModifiedBy = "iho-ready"
    book.properties.created = book.properties.modified = fixed
    book.properties.title = "IHO readiness portfolio"
    out = io.BytesIO()
    book.save(out)
    return _same_bytes(out.getvalue())


def _same_bytes(data: bytes) -> bytes:
    """The workbook with fixed zip entry times and document dates, so that the same input is the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            part = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                part = _STAMP.sub(rb"\g<1>1980-01-01T00:00:00Z<", part)
            dst.writestr(entry, part)
    return out.getvalue()
