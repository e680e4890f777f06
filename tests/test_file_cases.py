"""The corpus of bad rubric, crosswalk, config, lock and template files: one folder per case.

``tests/cases/files/NAME/`` holds the bad file (and a valid manifest where the command
needs one), ``args`` (the command line, run in the folder) and ``expected.txt`` (standard
error). Every case must exit 2 with located lines and no traceback. Adding a case is adding
a folder; ``IHO_READY_REGEN=1 pytest tests/test_file_cases.py`` writes its ``expected.txt``,
which is then reviewed. Cases that need FIFOs, devices or symlinks are made at run time in
``tests/security``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import REGEN, run_cli

CASES = sorted(p for p in (Path(__file__).parent / "cases" / "files").iterdir() if p.is_dir())
LINE = re.compile(r"^[^:\s][^:]*(:\d+:\d+)?: (error|note): .+ \[[a-z-]+\]$")


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_bad_file_is_located_and_exits_2(case: Path) -> None:
    args = shlex.split((case / "args").read_text())
    before = {p.name for p in case.iterdir()}
    run = run_cli(*args, cwd=case, env={"NO_COLOR": "1"})
    assert run.code == 2, (run.out, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err
    assert run.out == ""
    for line in run.err.splitlines():
        assert LINE.match(line), line
    assert {p.name for p in case.iterdir()} == before  # nothing written: no report, no stray file
    expected = case / "expected.txt"
    if REGEN:
        expected.write_text(run.err)
        pytest.skip("regenerated")
    assert run.err == expected.read_text()


def test_the_corpus_covers_every_kind_of_file() -> None:
    kinds = {case.name.split("-", 1)[0] for case in CASES}
    assert kinds == {"rubric", "crosswalk", "config", "lock", "template"}
    assert len(CASES) >= 20
