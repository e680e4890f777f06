"""Golden files: every machine format for the bundled example, byte for byte.

Regenerate after an intended change with (from the repository root)::

    IHO_READY_REGEN=1 pytest

then read the diff of ``tests/golden/``: it is reviewed output.
"""

from __future__ import annotations

import pytest

from tests.ci.ci_support import EXAMPLE_REL, ROOT
from tests.helpers import assert_golden

FILES = {
    "json": "check-northshire.json",
    "junit": "check-northshire.junit.xml",
    "sarif": "check-northshire.sarif",
    "github": "check-northshire.github.txt",
    "markdown-summary": "check-northshire.summary.md",
}


def test_every_machine_format_has_a_golden_file() -> None:
    from iho_ready.render import Format

    assert set(FILES) == {f.value for f in Format} - {"terminal"}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_golden(fmt: str, cli, tmp_path) -> None:
    target = tmp_path / FILES[fmt]
    run = cli("check", EXAMPLE_REL, "--format", fmt, "--output", target, cwd=ROOT)
    assert run.code == 1, run.err  # the example is deliberately not ready
    actual = target.read_text(encoding="utf-8")
    assert_golden(FILES[fmt], actual)


def test_stdout_and_file_outputs_are_the_same_bytes(cli, tmp_path) -> None:
    target = tmp_path / "out.json"
    to_file = cli("check", EXAMPLE_REL, "-f", "json", "-o", target, cwd=ROOT)
    to_stdout = cli("check", EXAMPLE_REL, "-f", "json", cwd=ROOT)
    assert to_file.out == "" and to_stdout.out == target.read_text(encoding="utf-8")
