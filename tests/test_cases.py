"""The case corpus: one folder per manifest, with the output it must produce.

``tests/cases/invalid/NAME/`` holds manifests that cannot be read (exit 2); the expected
stderr lines are in ``expected.txt``. ``tests/cases/findings/NAME/`` holds manifests that
load but have findings (exit 1); ``expected.txt`` lists the finding lines. An optional
``args`` file adds command-line arguments. Adding a case is adding a folder; run
``IHO_READY_REGEN=1 pytest tests/test_cases.py`` to write its ``expected.txt``, then review it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.helpers import REGEN, run_cli

CASES = Path(__file__).parent / "cases"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
FINDINGS = sorted(p for p in (CASES / "findings").iterdir() if p.is_dir())


def _run(case: Path):
    args = shlex.split((case / "args").read_text()) if (case / "args").exists() else []
    return run_cli("check", "manifest.yaml", *args, cwd=case, env={"NO_COLOR": "1"})


def _compare(case: Path, actual: str) -> None:
    expected_file = case / "expected.txt"
    if REGEN:
        expected_file.write_text(actual)
        pytest.skip("regenerated")
    assert expected_file.exists(), f"no expected.txt in {case}; run IHO_READY_REGEN=1 pytest {__file__}"
    assert actual == expected_file.read_text()


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_input_is_located_and_exits_2(case):
    run = _run(case)
    assert run.code == 2
    assert run.out == ""
    assert "Traceback" not in run.err
    for line in run.err.splitlines():
        assert line.startswith(("manifest.yaml:", "rubrics/", "pyproject.toml:", ".iho-ready.yaml:", "partners/")), line
        assert line.endswith("]"), line
    _compare(case, run.err)


@pytest.mark.parametrize("case", FINDINGS, ids=[p.name for p in FINDINGS])
def test_findings_cases(case):
    run = _run(case)
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if line.startswith(("manifest.yaml:", "partners/"))]
    _compare(case, "\n".join(lines) + "\n")


def test_corpus_covers_the_input_error_codes():
    from iho_ready.diagnostics import INPUT_ERROR_CODES

    seen = set()
    for case in INVALID:
        text = (case / "expected.txt").read_text() if (case / "expected.txt").exists() else ""
        seen |= {line.rsplit("[", 1)[-1].rstrip("]") for line in text.splitlines()}
    # io needs a file that cannot be read (tests/unit, tests/cli); template needs `report --template`
    # (tests/report/test_report_cli.py); workbook needs a .xlsx (tests/cases/workbooks): none comes from
    # a YAML manifest folder.
    assert set(INPUT_ERROR_CODES) - {"io", "template", "workbook"} <= seen
