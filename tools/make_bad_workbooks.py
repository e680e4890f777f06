"""Write the bad-workbook corpus, ``tests/cases/workbooks/NAME/manifest.xlsx``: one broken workbook per folder.

Each case starts from the workbook ``iho-ready workbook`` writes for a small valid manifest and
breaks one thing the way people (or attackers) do: a date typed wrongly, a formula, a rating off
the scale, a sheet or column deleted, macros, links to other workbooks, a zip bomb, an entity
bomb, a file that is not a zip at all. ``tests/workbook/test_bad_workbooks.py`` runs ``check`` on
each and compares standard error with ``expected.txt``. After changing this script:

    python tools/make_bad_workbooks.py && IHO_READY_REGEN=1 pytest tests/workbook/test_bad_workbooks.py

then review the diff of ``tests/cases/workbooks`` before committing. The files are the same
bytes on every run (fixed zip entry times).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.helpers import run_cli  # noqa: E402

from iho_ready.workbook.write import _normalise  # noqa: E402

CASES = ROOT / "tests" / "cases" / "workbooks"
MANIFEST = {
    "manifest": 1,
    "organisation": {"name": "Testshire Health NHS Foundation Trust (fictional)", "type": "acute"},
    "assessment": {"title": "Readiness", "as_of": "2026-10-31"},
    "rubrics": ["nhse-iho-designation@2025.11"],
    "evidence": [
        {"id": "MTP", "title": "Medium-term plan", "paper": "PUB/26/09/4", "review_by": "2027-03-31",
         "supports": ["SV1.E1"]},
        {"id": "CFC", "title": "Case for change", "paper": "PUB/26/07/2", "supports": ["SV1.E2"]},
    ],
    "criteria": {"SV1": {"rating": "confirmed", "actions": [
        {"id": "A1", "action": "Refresh the plan", "due": "2027-01-31", "status": "on-track"}]}},
}


def _cell(book: Any, sheet: str, header: str, match: str | None = None) -> Any:
    """The cell under *header* on *sheet*, in the first row (or the row whose first cell is *match*)."""
    ws = book[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    for row in ws.iter_rows(min_row=2):
        if match is None or row[0].value == match:
            return ws.cell(row=row[0].row, column=col)
    raise LookupError(header)


def _edit(change: Callable[[Any], None]) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        change(book)
        out = io.BytesIO()
        book.save(out)
        return _normalise(out.getvalue())
    return apply


def _set(sheet: str, header: str, value: Any, match: str | None = None, formula: bool = False) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        cell = _cell(book, sheet, header, match)
        cell.value = value
        if isinstance(value, str) and not formula:
            cell.data_type = "s"
    return change


def _rezip(extra: dict[str, bytes] | None = None, replace: dict[str, Callable[[bytes], bytes]] | None = None,
           drop: tuple[str, ...] = ()) -> Callable[[bytes], bytes]:
    """The same zip with parts added, replaced or dropped (what a hand-made hostile file looks like)."""
    def apply(data: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename in drop:
                    continue
                part = src.read(info.filename)
                if replace and info.filename in replace:
                    part = replace[info.filename](part)
                dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), part, zipfile.ZIP_DEFLATED)
            for name, part in (extra or {}).items():
                dst.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), part, zipfile.ZIP_DEFLATED)
        return out.getvalue()
    return apply


def _bomb(data: bytes) -> bytes:
    """A part that declares (and holds) 300 MiB of zeros, compressed to a few hundred KiB."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as dst:
        info = zipfile.ZipInfo("xl/media/zeros.bin", (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as part:
            block = bytes(1 << 20)
            for _ in range(300):
                part.write(block)
    return out.getvalue()


def _many(data: bytes) -> bytes:
    return _rezip(extra={f"customXml/item{i}.xml": b"<a/>" for i in range(1001)})(data)


def _entity(part: bytes) -> bytes:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')
    return laughs + part.split(b"?>", 1)[-1]


def _delete_sheet(name: str) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        del book[name]
    return change


def _rename_header(sheet: str, old: str, new: str) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        next(c for c in book[sheet][1] if c.value == old).value = new
    return change


def _add_row(sheet: str, values: dict[str, Any]) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        ws = book[sheet]
        headers = {c.value: c.column for c in ws[1]}
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if all(c.value is None for c in r))
        for header, value in values.items():
            cell = ws.cell(row=row, column=headers[header], value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    return change


def _cover(field: str, value: Any) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        ws = book["Cover"]
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == field)
        row[1].value = value
    return change


def _rename_field(field: str) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        ws = book["Cover"]
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == field)
        row[0].value = "assessment.auther"
        row[1].value = "Head of Corporate Governance"
    return change


CASE_EDITS: dict[str, Callable[[bytes], bytes]] = {
    "date-not-a-date": _edit(_set("Evidence", "Review by", "31/13/2026", "MTP")),
    "date-month-first": _edit(_set("Actions", "Due", "12/31/2026")),
    "date-formula": _edit(_set("Evidence", "Review by", "=TODAY()+30", "MTP", formula=True)),
    "text-formula": _edit(_set("Evidence", "Title", "=HYPERLINK(\"http://example.org\",\"x\")", "CFC", formula=True)),
    "rating-off-the-scale": _edit(_set("Criteria", "Rating", "partially-met", "nhse-iho-designation")),
    "status-unknown": _edit(_set("Actions", "Status", "nearly-done")),
    "sensitivity-unknown": _edit(_set("Evidence", "Sensitivity", "secret", "MTP")),
    "evidence-id-repeated": _edit(_add_row("Evidence", {"ID": "MTP", "Title": "Plan again", "Paper": "P1"})),
    "evidence-without-title": _edit(_add_row("Evidence", {"ID": "NEW", "Paper": "PUB/26/11/2"})),
    "evidence-two-locations": _edit(_set("Evidence", "Web address", "https://example.org/plan", "MTP")),
    "evidence-supports-unknown": _edit(_set("Evidence", "Supports", "SV1.E1, SV9.E9", "MTP")),
    "action-unknown-criterion": _edit(_add_row("Actions", {"Criterion": "SV99", "ID": "A2", "Action": "Do it"})),
    "cover-unknown-field": _edit(_rename_field("assessment.author")),
    "cover-type-unknown": _edit(_cover("organisation.type", "hospital")),
    "sheet-missing": _edit(_delete_sheet("Evidence")),
    "column-missing": _edit(_rename_header("Evidence", "Title", "Document")),
    "not-a-zip": lambda data: b"id,title\nMTP,Medium-term plan\n",
    "not-a-workbook": _rezip(drop=("xl/workbook.xml",)),
    "damaged-zip": lambda data: data[: len(data) // 2],
    "macros": _rezip(extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really a macro"}),
    "external-links": _rezip(extra={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
    "entity-bomb": _rezip(replace={"xl/worksheets/sheet4.xml": _entity}),
    "zip-bomb": _bomb,
    "too-many-parts": _many,
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.yaml"
        manifest.write_text(yaml.safe_dump(MANIFEST, sort_keys=False), encoding="utf-8")
        target = Path(tmp) / "manifest.xlsx"
        run = run_cli("workbook", "manifest.yaml", "-o", "manifest.xlsx", "--as-of", "2026-10-31", cwd=Path(tmp))
        if run.code != 0:
            raise SystemExit(run.err)
        base = target.read_bytes()
    for stale in CASES.iterdir() if CASES.exists() else []:
        if stale.name not in CASE_EDITS:
            shutil.rmtree(stale)
    for name, edit in sorted(CASE_EDITS.items()):
        folder = CASES / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.xlsx").write_bytes(edit(base))
    print(f"wrote {len(CASE_EDITS)} cases under {CASES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
