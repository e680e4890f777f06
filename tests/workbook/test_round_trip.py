"""The round trips: YAML -> workbook -> YAML keeps the data; workbook -> YAML -> workbook keeps every editable cell.

Manifests are generated over the bundled rubrics (``tests/strategies.py``). Each example writes
files, so the number of examples is modest; ``IHO_READY_FUZZ_EXAMPLES`` raises it locally.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.helpers import run_cli
from tests.strategies import manifests
from tests.workbook.helpers import editable_cells, loaded_data, workbook_of, write_yaml

EXAMPLES = int(os.environ.get("IHO_READY_FUZZ_EXAMPLES", "0") or 0) or 8
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(manifests())
def test_yaml_to_workbook_to_yaml_keeps_the_data(data: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        original = write_yaml(folder, data)
        book = workbook_of(original)
        assert loaded_data(book) == loaded_data(original)  # the workbook is the same manifest
        fresh = folder / "fresh.yaml"
        run = run_cli("import", book, "--into", fresh)
        assert run.code == 0, run.err
        assert loaded_data(fresh) == loaded_data(original)  # written whole, from the workbook alone
        before = original.read_bytes()
        run = run_cli("import", book, "--into", original)
        assert run.code == 0, run.err
        assert original.read_bytes() == before  # nothing changed, nothing written


@SETTINGS
@given(manifests())
def test_workbook_to_yaml_to_workbook_keeps_every_editable_cell(data: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first = workbook_of(write_yaml(folder, data), folder / "first.xlsx")
        back = folder / "back.yaml"
        assert run_cli("import", first, "--into", back).code == 0
        second = workbook_of(back, folder / "second.xlsx")
        assert editable_cells(second) == editable_cells(first)
