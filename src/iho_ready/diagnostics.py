"""Located problems with input files, and the exception that carries them.

A :class:`Diagnostic` is a value: a file, a 1-based line and column, a message, a code and a
severity. Loading collects every diagnostic it can find rather than stopping at the first,
then raises :class:`InputError` carrying all of them; the CLI prints them and exits 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import IhoReadyError
from .limits import MAX_DIAGNOSTICS
from .safe_text import visible

INPUT_ERROR_CODES: dict[str, str] = {
    "io": "The file could not be read (missing, a directory, or not UTF-8 text).",
    "yaml-syntax": "The file is not well-formed YAML.",
    "toml-syntax": "A pyproject.toml that could hold iho-ready settings is not well-formed TOML.",
    "template": "A report template (--template) cannot be read, does not parse, or fails while rendering.",
    "duplicate-key": "A mapping names the same key twice; YAML would silently keep one.",
    "schema": "A value is missing, of the wrong type, or not allowed here.",
    "unknown-rubric": "The manifest selects a rubric (or version) that cannot be found.",
    "unknown-criterion": "A criterion id is not in any selected rubric.",
    "unknown-evidence-ref": "An evidence reference names no criterion or key-evidence item.",
    "ambiguous-ref": "A short id exists in more than one selected rubric.",
    "duplicate-id": "Two entries share an id that must be unique.",
    "limit": "The file exceeds a safety limit (size, nesting depth, values, alias expansion or text length).",
    "unknown-condition-ref": "An action answers a partner condition that no listed partner statement has.",
    "crosswalk-review": "A crosswalk mapping quotes words its criteria do not contain, or its relationship "
                        "disagrees with its rationale (docs/rubric-format.md).",
    "unknown-register-ref": "A designation section names evidence, a risk, a stage or a step that the manifest's "
                            "registers or the selected rubrics do not have.",
    "workbook": "A workbook (.xlsx) cannot be read as a manifest: not an .xlsx file, a sheet or column missing, "
                "a formula, macros, links to other workbooks, or a manifest changed since it was written.",
}
"""Every code an input error can carry (exit code 2): the one catalogue of them.

Finding codes (exit code 1 or 0) are catalogued in :mod:`iho_ready.findings`.
"""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem with an input file.

    Ordering is by file, then line, then column, so a sorted list reads top to bottom.
    """

    file: str
    """The path as the user gave it (or as shown for bundled files)."""
    line: int
    """1-based line; 0 when the problem concerns the file as a whole."""
    column: int
    """1-based column; 0 when the problem concerns the file as a whole."""
    message: str
    """One sentence saying what is wrong and, where possible, how to fix it."""
    code: str
    """A stable code from :data:`INPUT_ERROR_CODES`."""
    severity: str = "error"
    """Always ``error`` for input diagnostics; kept for a uniform line format."""
    cell: str = ""
    """For a workbook: the cell, ``Evidence!G12``, shown in place of line and column (which hold
    the cell's row and column numbers, for the machine formats)."""

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: severity: message [code]`` (or ``FILE: ...`` unlocated, or
        ``FILE.xlsx:SHEET!CELL: ...`` in a workbook).

        Always one line: control characters and newlines in the file name or the message
        (which may quote text from the input) are shown as escapes, never acted on.
        """
        where = f"{visible(self.file)}:{self.line}:{self.column}" if self.line else visible(self.file)
        if self.cell:
            where = f"{visible(self.file)}:{visible(self.cell)}"
        return f"{where}: {self.severity}: {visible(self.message)} [{self.code}]"


def format_lines(diagnostics: Sequence[Diagnostic], limit: int = MAX_DIAGNOSTICS) -> list[str]:
    """The diagnostics as lines, at most *limit* of them, then one line counting the rest.

    The count line reads ``FILE: note: N more problems are not shown ... [limit]``, naming
    the file of the first one left out.
    """
    lines = [d.format() for d in diagnostics[:limit]]
    hidden = len(diagnostics) - limit
    if hidden > 0:
        lines.append(f"{visible(diagnostics[limit].file)}: note: {hidden} more "
                     f"{'problem is' if hidden == 1 else 'problems are'} not shown (at most {limit} are printed; "
                     "fix these first) [limit]")
    return lines


class InputError(IhoReadyError):
    """Raised by the loaders when an input file cannot be trusted.

    Carries every diagnostic found, sorted by location. Raised by ``yamlsource``,
    ``loading``, ``rubrics``, ``config`` and the report template renderer; the CLI prints
    each diagnostic and exits with code 2.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics: list[Diagnostic] = sorted(set(diagnostics))
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str], *, limit: int = 3) -> str:
    """Return ``" (did you mean 'x'?)"`` for close matches of *word*, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=limit, cutoff=0.6)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{m}'" for m in matches) + "?)"
