"""The example trust's workbook: current, the same manifest as its YAML, and its findings golden.

``examples/northshire-community/manifest.xlsx`` is what ``iho-ready workbook`` writes for the
example's YAML; after an intended change to either, rewrite it with

    iho-ready workbook examples/northshire-community/manifest.yaml -o examples/northshire-community/manifest.xlsx --force

(from the repository root) and regenerate the golden findings (``IHO_READY_REGEN=1``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from junitparser import JUnitXml

from tests.helpers import EXAMPLE, EXAMPLE_REL, ROOT, assert_golden, run_cli

WORKBOOK_REL = EXAMPLE_REL.replace(".yaml", ".xlsx")


def _findings(path: str) -> list[tuple[str, ...]]:
    run = run_cli("check", path, "-f", "json", cwd=ROOT)
    assert run.code == 1, run.err
    found = json.loads(run.out)["findings"]
    return sorted((f["code"], f["severity"], f["criterion"] or "", f["document"] or "", f["action"] or "",
                   f["partner"] or "", f["message"]) for f in found)


def test_the_example_workbook_is_what_the_workbook_command_writes(tmp_path: Path) -> None:
    fresh = tmp_path / "manifest.xlsx"
    run = run_cli("workbook", EXAMPLE_REL, "-o", fresh, cwd=ROOT)
    assert run.code == 0, run.err
    assert fresh.read_bytes() == (ROOT / WORKBOOK_REL).read_bytes(), "regenerate it (see this module's docstring)"


def test_the_example_workbook_has_the_same_findings_and_readiness_as_its_yaml() -> None:
    assert _findings(WORKBOOK_REL) == _findings(EXAMPLE_REL)
    yaml_run = json.loads(run_cli("check", EXAMPLE_REL, "-f", "json", cwd=ROOT).out)
    book_run = json.loads(run_cli("check", WORKBOOK_REL, "-f", "json", cwd=ROOT).out)
    for key in ("rubrics", "criteria", "actions", "documents", "assurance", "partners", "counts", "coverage"):
        assert book_run[key] == yaml_run[key], key


def test_the_example_workbook_findings_are_golden() -> None:
    run = run_cli("check", WORKBOOK_REL, "--quiet", cwd=ROOT, env={"NO_COLOR": "1"})
    assert run.code == 1
    assert_golden("check-northshire-workbook.txt", run.out)


def test_the_paper_from_the_workbook_is_the_paper_from_the_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, folder)
    yaml_paper = run_cli("report", "manifest.yaml", cwd=folder)
    book_paper = run_cli("report", "manifest.xlsx", cwd=folder)
    assert yaml_paper.code == book_paper.code == 0, book_paper.err
    assert book_paper.out.replace("manifest.xlsx", "manifest.yaml") == yaml_paper.out


def test_every_output_names_the_cell_of_a_finding_in_a_workbook() -> None:
    found = json.loads(run_cli("check", WORKBOOK_REL, "-f", "json", cwd=ROOT).out)["findings"]
    cells = [f["location"]["cell"] for f in found if f["location"]["file"] == WORKBOOK_REL]
    assert cells and all(cell and "!" in cell for cell in cells)
    # The cell names the sheet and the cell at the finding's row and column.
    letters = {f["location"]["cell"].split("!")[1].rstrip("0123456789") for f in found
               if f["location"]["file"] == WORKBOOK_REL}
    assert all(letter.isalpha() for letter in letters)
    first = next(f for f in found if f["location"]["file"] == WORKBOOK_REL)
    terminal = run_cli("check", WORKBOOK_REL, cwd=ROOT, env={"NO_COLOR": "1", "COLUMNS": "200"}).out
    assert f"{WORKBOOK_REL}:{first['location']['cell']}: {first['severity']}: {first['message']}" in terminal
    sarif = json.loads(run_cli("check", WORKBOOK_REL, "-f", "sarif", cwd=ROOT).out)
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert f"{first['location']['cell']}: {first['message']}" in texts
    github = run_cli("check", WORKBOOK_REL, "-f", "github", cwd=ROOT).out
    assert f"::{first['location']['cell']}: {first['message']}\n" in github
    junit = run_cli("check", WORKBOOK_REL, "-f", "junit", cwd=ROOT).out
    messages = [r.message for suite in JUnitXml.fromstring(junit.encode()) for case in suite for r in case.result
                if r.message]
    assert any(re.match(r"[A-Z][A-Za-z ]*![A-Z]+[0-9]+: ", m) for m in messages)
    yaml_run = json.loads(run_cli("check", EXAMPLE_REL, "-f", "json", cwd=ROOT).out)
    assert all(f["location"]["cell"] is None for f in yaml_run["findings"])
