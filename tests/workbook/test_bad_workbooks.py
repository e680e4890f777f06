"""The bad-workbook corpus: each broken workbook gets located lines (``FILE.xlsx:SHEET!CELL``) and exit 2.

``tests/cases/workbooks/NAME/manifest.xlsx`` is written by ``tools/make_bad_workbooks.py``;
``expected.txt`` beside it is standard error, reviewed (``IHO_READY_REGEN=1`` rewrites it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iho_ready.diagnostics import INPUT_ERROR_CODES
from tests.helpers import REGEN, ROOT, run_cli

CASES = sorted(p for p in (ROOT / "tests" / "cases" / "workbooks").iterdir() if p.is_dir())
LINE = re.compile(r"^manifest\.xlsx(:'?[A-Za-z ]+'?![A-Z]+[0-9]+)?: error: .+ \[(?P<code>[a-z-]+)\]$")


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_bad_workbook_is_located_and_exits_2(case: Path) -> None:
    before = sorted(p.name for p in case.iterdir())
    run = run_cli("check", "manifest.xlsx", cwd=case, env={"NO_COLOR": "1"})
    assert run.code == 2, (run.out, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err
    for line in run.err.splitlines():
        match = LINE.match(line)
        assert match, line
        assert match["code"] in INPUT_ERROR_CODES
    assert sorted(p.name for p in case.iterdir()) == before
    expected = case / "expected.txt"
    if REGEN:
        expected.write_text(run.err, encoding="utf-8")
        pytest.skip("regenerated")
    assert run.err == expected.read_text(encoding="utf-8")


def test_the_corpus_is_large_and_every_case_has_its_expectation() -> None:
    assert len(CASES) >= 15
    assert all((case / "expected.txt").is_file() for case in CASES)
    codes = {line.rsplit("[", 1)[-1].rstrip("]") for case in CASES
             for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()}
    assert {"workbook", "limit", "schema"} <= codes


def test_machine_formats_point_at_the_workbook_row_and_keep_the_cell_words(tmp_path: Path) -> None:
    case = ROOT / "tests" / "cases" / "workbooks" / "date-not-a-date"
    sarif, annotations = tmp_path / "out.sarif", tmp_path / "annotations.txt"
    run = run_cli("check", "manifest.xlsx", "-f", "sarif", "-o", sarif, "-f", "github", "-o", annotations,
                  cwd=case)
    assert run.code == 2
    (result,) = json.loads(sarif.read_text())["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("manifest.xlsx")
    assert location["region"]["startLine"] == 2 and location["region"]["startColumn"] == 9  # row 2, column I
    assert result["message"]["text"].startswith("Evidence!I2: ")
    assert "line=2" in annotations.read_text() and "Evidence!I2" in annotations.read_text()
