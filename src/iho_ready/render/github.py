"""GitHub Actions annotations: one workflow command per finding, on its manifest line.

``::error file=manifest.yaml,line=237,col=13,title=...::message``. The runner reads these
lines from the log and shows each finding on the line of the manifest it concerns, in the
pull request diff and the run summary. Severities map to ``error``, ``warning`` and
``notice``. Values are escaped as the workflow-command rules require, so text from a
manifest can never end the command early or start a new one.
"""

from __future__ import annotations

from ..limits import MAX_DIAGNOSTICS
from ..models.outcome import InvalidInput, Outcome
from ..safe_text import visible
from . import RenderOptions

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
"""Workflow command for each finding severity."""


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, carriage return and line feed; other control characters shown."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)  # ESC and the like would act on the log viewer; they are shown, not sent


def escape_property(text: str) -> str:
    """Escape a command property value: as :func:`escape_data`, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return one annotation line per finding (empty when there are none)."""
    lines = []
    for f in outcome.result.findings:
        loc = f.location
        props = [("file", loc.file)]
        if loc.line:
            props += [("line", str(loc.line)), ("col", str(loc.column))]
        props.append(("title", f"iho-ready: {f.code}"))
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
        lines.append(f"::{COMMAND[f.severity]} {joined}::{escape_data(f.located_message)}\n")
    return "".join(lines)


def _command(severity: str, file: str, line: int, column: int, title: str, message: str) -> str:
    props = [("file", file)]
    if line:
        props += [("line", str(line)), ("col", str(max(column, 1)))]
    props.append(("title", title))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{severity} {joined}::{escape_data(message)}\n"


def render_invalid(invalid: InvalidInput, options: RenderOptions, /) -> str:
    """One ``::error`` annotation per input problem, at its line (at most the diagnostics limit)."""
    return "".join(_command("error", d.file, d.line, d.column, f"iho-ready: {d.code}", d.message)
                   for d in invalid.diagnostics[:MAX_DIAGNOSTICS])
