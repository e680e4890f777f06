"""``import``: a workbook's changes go into the YAML manifest, and nothing else about it changes."""

from __future__ import annotations

import datetime
import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iho_ready.workbook import layout
from tests.helpers import EXAMPLE, ROOT, base_manifest, run_cli
from tests.workbook.helpers import loaded_data, workbook_of, write_yaml


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "manifest.xlsx").unlink()
    return folder


def _edit(path: Path, sheet: str, match: str, header: str, value: object, key_col: int = 1) -> None:
    book = load_workbook(path)
    ws = book[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[key_col - 1].value == match)
    ws.cell(row=row, column=col).value = value
    book.save(path)


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_import_changes_only_the_edited_lines_and_keeps_every_comment(trust: Path) -> None:
    manifest = trust / "manifest.yaml"
    before = manifest.read_text()
    book = workbook_of(manifest)
    _edit(book, layout.CRITERIA, "CG2", "Rating", "confirmed", key_col=2)
    _edit(book, layout.EVIDENCE, "GAP-OOH", "Review by", datetime.datetime(2027, 3, 31))
    run = run_cli("import", book, "--into", manifest)
    assert run.code == 0, run.err
    assert "criterion CG2: rating 'not-confirmed' -> 'confirmed'" in run.err
    assert "evidence GAP-OOH: review by '2026-09-30' -> '2027-03-31'" in run.err
    after = manifest.read_text()
    assert _changed_lines(before, after) == [
        "-    review_by: 2026-09-30          # passed: evidence-expired",
        "+    review_by: 2027-03-31          # passed: evidence-expired",
        "-    rating: not-confirmed",
        "+    rating: confirmed",
    ]


def test_import_refuses_a_manifest_changed_since_the_workbook_and_leaves_it_untouched(trust: Path) -> None:
    manifest = trust / "manifest.yaml"
    book = workbook_of(manifest)
    _edit(book, layout.CRITERIA, "CG2", "Rating", "confirmed", key_col=2)
    moved = manifest.read_text().replace("author: Head of Corporate Governance", "author: Company Secretary")
    manifest.write_text(moved)
    run = run_cli("import", book, "--into", manifest)
    assert run.code == 2
    assert "--force" in run.err and "Traceback" not in run.err
    assert manifest.read_text() == moved
    forced = run_cli("import", book, "--into", manifest, "--force")
    assert forced.code == 0, forced.err
    assert "rating: confirmed" in manifest.read_text().split("CG2:")[1][:40]


def test_import_never_touches_what_the_workbook_does_not_carry(tmp_path: Path) -> None:
    data = base_manifest(confirmed_against={"nhse-iho-designation": "2025.11"},
                         criteria={"SV1": {"rating": "confirmed"}})
    manifest = write_yaml(tmp_path, data)
    text = manifest.read_text().replace("rubrics:", "# chosen by the board in May\nrubrics:")
    manifest.write_text(text)
    book = workbook_of(manifest)
    _edit(book, layout.CRITERIA, "SV1", "Rating", "not-confirmed", key_col=2)
    assert run_cli("import", book, "--into", manifest).code == 0
    after = manifest.read_text()
    assert "# chosen by the board in May\nrubrics:\n- nhse-iho-designation@2025.11" in after
    assert "confirmed_against:\n  nhse-iho-designation: '2025.11'" in after
    assert _changed_lines(text, after) == ["-    rating: confirmed", "+    rating: not-confirmed"]


def test_clearing_a_row_removes_the_item_and_a_new_row_adds_one(trust: Path) -> None:
    manifest = trust / "manifest.yaml"
    book = workbook_of(manifest)
    wb = load_workbook(book)
    ws = wb[layout.EVIDENCE]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "NET")
    for cell in row:
        cell.value = None
    empty = next(r for r in ws.iter_rows(min_row=2) if all(c.value is None for c in r) and r[0].row > row[0].row)
    empty[0].value, empty[1].value, empty[4].value = "MINUTES", "Board minutes", "PUB/26/09/1"
    wb.save(book)
    run = run_cli("import", book, "--into", manifest)
    assert run.code == 0, run.err
    assert "evidence NET: removed" in run.err and "evidence MINUTES: added" in run.err
    data = loaded_data(manifest)
    ids = [e["id"] for e in data["evidence"]]
    assert "NET" not in ids and ids[-1] == "MINUTES"


def test_an_invalid_workbook_is_refused_at_its_cell_and_the_manifest_is_untouched(trust: Path) -> None:
    manifest = trust / "manifest.yaml"
    before = manifest.read_bytes()
    book = workbook_of(manifest)
    _edit(book, layout.EVIDENCE, "MTP", "Review by", "31/13/2026")
    run = run_cli("import", book, "--into", manifest)
    assert run.code == 2
    assert run.err.startswith(f"{book}:Evidence!I2: error: the review date '31/13/2026' is not a date")
    assert manifest.read_bytes() == before


def test_init_starts_a_trust_from_a_blank_workbook_that_imports_into_a_new_manifest(tmp_path: Path) -> None:
    run = run_cli("init", "--rubric", "nhse-iho-designation@2025.11", "-o", "manifest.xlsx", "--as-of",
                  "2026-11-01", cwd=tmp_path)
    assert run.code == 0, run.err
    book = load_workbook(tmp_path / "manifest.xlsx")
    assert book.sheetnames == list(layout.SHEETS)
    assert run_cli("check", "manifest.xlsx", cwd=tmp_path).code in (0, 1)
    imported = run_cli("import", "manifest.xlsx", "--into", "manifest.yaml", cwd=tmp_path)
    assert imported.code == 0, imported.err
    assert loaded_data(tmp_path / "manifest.yaml") == loaded_data(tmp_path / "manifest.xlsx")


def test_check_on_yaml_imports_neither_openpyxl_nor_ruamel() -> None:
    code = ("import sys\nfrom iho_ready.cli import main\nsys.argv = ['iho-ready', 'check', '-q', "
            f"{str(EXAMPLE)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print([m for m in ('openpyxl', 'ruamel.yaml', 'iho_ready.workbook.read') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_workbook_never_replaces_a_workbook_someone_may_be_filling_in(trust: Path) -> None:
    book = workbook_of(trust / "manifest.yaml")
    book.write_bytes(b"someone's edits")
    run = run_cli("workbook", trust / "manifest.yaml", "-o", book)
    assert run.code == 2 and "--force" in run.err
    assert book.read_bytes() == b"someone's edits"
    assert run_cli("workbook", trust / "manifest.yaml", "-o", book, "--force").code == 0
    assert book.read_bytes().startswith(b"PK")


def test_workbook_refuses_to_overwrite_the_manifest_it_reads(trust: Path) -> None:
    yaml_path = trust / "manifest.yaml"
    before = yaml_path.read_bytes()
    run = run_cli("workbook", yaml_path, "-o", yaml_path)
    assert run.code == 2 and yaml_path.read_bytes() == before


def test_without_the_workbook_extra_one_line_says_what_to_install(trust: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    book = workbook_of(trust / "manifest.yaml")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # makes "import openpyxl" raise ImportError
    run = run_cli("check", book)
    assert run.code == 2
    assert "workbook extra" in run.err and "[workbook]" in run.err and len(run.err.splitlines()) == 1


def test_import_into_an_invalid_manifest_is_refused_where_it_is_wrong(trust: Path) -> None:
    manifest = trust / "manifest.yaml"
    book = workbook_of(manifest)
    manifest.write_text("manifest: 1\norganisation: [\n")
    run = run_cli("import", book, "--into", manifest, "--force")
    assert run.code == 2 and f"{manifest}:" in run.err and "Traceback" not in run.err
    assert manifest.read_text() == "manifest: 1\norganisation: [\n"
