"""The workbook read back with openpyxl, as Excel would show it to a governance officer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iho_ready.rubrics import Registry
from iho_ready.workbook import layout
from tests.helpers import ROOT, base_manifest
from tests.workbook.helpers import workbook_of, write_yaml

EXAMPLE_BOOK = ROOT / "examples" / "northshire-community" / "manifest.xlsx"


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    return load_workbook(EXAMPLE_BOOK)


def _column(ws, header: str) -> int:  # type: ignore[no-untyped-def]
    return next(c.column for c in ws[1] if c.value == header)


def test_sheets_are_named_for_what_people_keep_and_instructions_come_first(book) -> None:  # type: ignore[no-untyped-def]
    assert book.sheetnames == list(layout.SHEETS)
    ws = book[layout.INSTRUCTIONS]
    described = {(row[0], row[1]) for row in ws.iter_rows(min_row=2, values_only=True)}
    for title, columns in layout.TABLES.items():
        for column in columns:
            assert (title, column.header) in described, (title, column.header)


def test_every_sheet_has_a_frozen_header_a_table_sized_columns_protection_and_no_merged_cells(book) -> None:  # type: ignore[no-untyped-def]
    for ws in book.worksheets:
        assert ws.freeze_panes in ("A2", "C2"), ws.title
        assert ws.tables, ws.title
        assert all(t.ref.startswith("A1:") for t in ws.tables.values())
        assert not ws.merged_cells.ranges, ws.title
        assert ws.protection.sheet and not ws.protection.password, ws.title
        assert all(ws.column_dimensions[c].width and ws.column_dimensions[c].width > 8 for c in "AB"), ws.title


def test_ratings_offer_each_criterion_its_own_scale(book) -> None:  # type: ignore[no-untyped-def]
    ws = book[layout.CRITERIA]
    rating = _column(ws, "Rating")
    registry = Registry()
    offered: dict[str, str] = {}
    for check in ws.data_validations.dataValidation:
        for cell_range in check.sqref.ranges:
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                if cell_range.min_col == rating:
                    offered[ws.cell(row=row, column=2).value] = check.formula1
    rubric_of = {r[1]: r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(offered) == set(rubric_of)
    for criterion, formula in offered.items():
        rubric = registry.get(rubric_of[criterion])
        placed = next(p for p in rubric.walk() if p.criterion.id == criterion)
        allowed = [lv.id for lv in placed.scale if not lv.not_applicable or placed.criterion.allow_not_applicable]
        assert formula == '"' + ",".join(allowed) + '"', criterion


def test_statuses_sensitivities_and_dates_are_checked_by_excel(book) -> None:  # type: ignore[no-untyped-def]
    lists = {str(dv.sqref).split(":")[0][0]: dv for dv in book[layout.ACTIONS].data_validations.dataValidation}
    status = book[layout.ACTIONS].cell(row=1, column=_column(book[layout.ACTIONS], "Status")).column_letter
    assert lists[status].type == "list" and "complete" in lists[status].formula1
    evidence = book[layout.EVIDENCE]
    kinds = {str(dv.sqref)[0]: dv.type for dv in evidence.data_validations.dataValidation}
    assert kinds[evidence.cell(row=1, column=_column(evidence, "Sensitivity")).column_letter] == "list"
    assert kinds[evidence.cell(row=1, column=_column(evidence, "Review by")).column_letter] == "date"


def test_dates_are_real_dates_and_reference_cells_are_locked(book) -> None:  # type: ignore[no-untyped-def]
    ws = book[layout.EVIDENCE]
    review = ws.cell(row=2, column=_column(ws, "Review by"))
    assert isinstance(review.value, datetime.datetime) and review.is_date
    assert not review.protection.locked
    criteria = book[layout.CRITERIA]
    assert criteria.cell(row=2, column=_column(criteria, "Statement")).protection.locked
    assert not criteria.cell(row=2, column=_column(criteria, "Rating")).protection.locked
    findings = book[layout.FINDINGS]
    assert findings.max_row > 10 and findings.cell(row=2, column=1).protection.locked


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = base_manifest(evidence=[{"id": "X", "title": "=HYPERLINK(\"http://evil.example\")", "paper": "+1",
                                    "notes": "@SUM(A1)"}])
    book = load_workbook(workbook_of(write_yaml(tmp_path, data)))
    ws = book[layout.EVIDENCE]
    for header in ("Title", "Paper", "Notes"):
        cell = ws.cell(row=2, column=_column(ws, header))
        assert cell.data_type == "s", header
