"""Fuzzing workbooks: any cell set to any value, or the file's bytes damaged, never crashes ``check``.

Each example edits the example trust's workbook (a cell of any sheet set to text, a number, a
date, a boolean or a formula; or bytes of the file flipped or cut) and runs ``check``: exit code
0, 1 or 2, no traceback, no internal error, and every problem line located at the workbook.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from iho_ready.workbook import layout
from tests.helpers import EXAMPLE, run_cli

EXAMPLES = int(os.environ.get("IHO_READY_FUZZ_EXAMPLES", "0") or 0) or 15
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
ORIGINAL = EXAMPLE.with_suffix(".xlsx").read_bytes()
VALUES = st.one_of(
    st.text(max_size=40), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)),
    st.sampled_from(["=1+1", "=TODAY()", "=A1", "=HYPERLINK(\"http://x\")", "", " ", "31/02/2026", "2026-13-01"]),
)


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "trust"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder


def _check(folder: Path) -> None:
    run = run_cli("check", "manifest.xlsx", "-q", cwd=folder, env={"NO_COLOR": "1"})
    assert run.code in (0, 1, 2), run.err
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    if run.code == 2:
        assert all(line.startswith("manifest.xlsx") for line in run.err.splitlines()), run.err


@SETTINGS
@given(sheet=st.sampled_from(layout.SHEETS), row=st.integers(1, 40), col=st.integers(1, 14), value=VALUES)
def test_any_value_in_any_cell_is_checked_or_located(trust: Path, sheet: str, row: int, col: int,
                                                      value: object) -> None:
    book = load_workbook(io.BytesIO(ORIGINAL))
    try:
        book[sheet].cell(row=row, column=col).value = value
    except IllegalCharacterError:  # a value openpyxl itself refuses to store (control characters)
        return
    book.save(trust / "manifest.xlsx")
    _check(trust)


@SETTINGS
@given(cuts=st.lists(st.tuples(st.integers(0, len(ORIGINAL) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       truncate=st.one_of(st.none(), st.integers(0, len(ORIGINAL))))
def test_damaged_bytes_are_refused_without_a_traceback(trust: Path, cuts: list[tuple[int, int]],
                                                       truncate: int | None) -> None:
    data = bytearray(ORIGINAL)
    for at, byte in cuts:
        data[at] = byte
    (trust / "manifest.xlsx").write_bytes(bytes(data[:truncate] if truncate is not None else data))
    _check(trust)
