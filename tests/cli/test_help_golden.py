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


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"], ["report", "--help"]])
def test_help_and_version_import_nothing_heavy(argv: list[str]) -> None:
    """Start-up stays cheap: help and version need neither pydantic, rich, jinja2 nor yaml."""
    import subprocess
    import sys

    code = ("import sys\nfrom iho_ready.cli import main\nsys.argv = ['iho-ready', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pydantic', 'rich', 'jinja2', 'yaml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
