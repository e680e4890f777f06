"""Golden ``--help`` for every command at a fixed width (COLUMNS=100, NO_COLOR).

The CLI stack is pinned in pyproject.toml because a typer or click release can change
these screens; this test is what notices. No screen may show a Python type as a metavar.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import assert_golden, run_cli

COMMANDS = [[], ["check"], ["report"], ["init"], ["lock"], ["schema"], ["explain"], ["diff"], ["rubrics"],
            ["rubrics", "list"], ["rubrics", "show"], ["rubrics", "diff"], ["rubrics", "validate"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c) or "iho-ready")
def test_help_is_golden_and_reads_as_help(command: list[str]) -> None:
    run = run_cli(*command, "--help", env={"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"})
    assert run.code == 0
    assert not re.search(r"<(list|bool|str|int|path|file|directory)\b|\{[A-Z]+\}", run.out), run.out
    assert_golden(f"help/{'-'.join(command) or 'iho-ready'}.txt", run.out)
