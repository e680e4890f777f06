"""The command line's shared parts: option types and choices, and writing outputs and messages.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from .app import Output
    from .ci_safety import WorkflowCommandGuard

from .errors import OutputError


class FailOn(str, Enum):
    """The lowest finding severity that makes ``check`` exit 1."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class MinReadiness(str, Enum):
    """The readiness every selected rubric must reach, or ``check`` exits 1."""

    ready = "ready"
    plan_agreed = "plan-agreed"
    approaching = "approaching"  # 0.2's name for plan-agreed: deprecated, still accepted in 0.3


RubricDirs = Annotated[
    list[Path] | None,
    typer.Option("--rubrics", metavar="DIR", help="Extra rubric folder (ID/VERSION.yaml files); repeatable.",
                 file_okay=False, show_default=False),
]


Points = Annotated[
    int | None,
    typer.Option("--points", metavar="N", help="Assess only the newest N commits that changed the manifest "
                 "(default 100; 0 for all). Outputs say when older ones are left out.", show_default=False),
]


TrendPoints = Annotated[
    int | None,
    typer.Option("--points", metavar="N", help="html: the trend shows only the newest N commits that changed "
                 "the manifest (default 100; 0 for all), and says so.", show_default=False),
]


Statement = Annotated[
    str | None,
    typer.Option("--statement", metavar="FILE", help="html: also write the accessibility statement a published "
                 "site needs to FILE (e.g. site/accessibility.html), linked from the page's footer.",
                 show_default=False),
]


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Judge expiry and overdue against this date (YYYY-MM-DD) "
                 "instead of the manifest's assessment.as_of.", show_default=False),
]


def _color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


_MAX_WIDTH = 1000
"""Widest terminal view: a huge COLUMNS must not make every line megabytes of padding."""


def _width() -> int:
    if sys.stdout.isatty():
        import shutil

        return min(_MAX_WIDTH, max(60, shutil.get_terminal_size((100, 24)).columns))
    try:
        return min(_MAX_WIDTH, max(60, int(os.environ.get("COLUMNS", "100"))))
    except ValueError:
        return 100


_GUARD: list[WorkflowCommandGuard] = []
"""Under GitHub Actions, the guard that keeps manifest text from acting as workflow commands (one, or none)."""


def _write(output: Output) -> None:
    """Write one output atomically (``-`` is stdout), after the files it comes with; a failure is one line
    and exit 2."""
    from .output import write_output

    for also in output.also:
        _write(also)
    if output.commands and output.target == "-" and _GUARD and isinstance(output.data, str):
        _GUARD[0].commands(output.data)  # iho-ready's own annotations reach the runner as commands
        return
    try:
        write_output(output.target, output.data)
    except OSError as e:
        raise OutputError(f"cannot write {output.target}: {e.strerror or e}") from e


def _make_folder(target: str) -> None:
    """Create the one folder a new partner statement goes in (``init --partner icb -o partners/icb.yaml``
    in a repository with no ``partners/`` yet); never a chain of folders, so a typo is still an error."""
    folder = Path(target).parent
    if folder.parent.is_dir() and not folder.exists():
        try:
            folder.mkdir()
        except OSError as e:
            raise OutputError(f"cannot write {target}: {e.strerror or e}") from e


def _stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _stderr(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(line + "\n")
