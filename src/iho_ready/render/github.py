"""GitHub Actions annotations: one workflow command per finding, on its manifest line.

``::error file=manifest.yaml,line=237,col=13,title=...::message``. The runner reads these
lines from the log and shows each finding on the line of the manifest it concerns, in the
pull request diff and the run summary. Severities map to ``error``, ``warning`` and
``notice``. Values are escaped as the workflow-command rules require, so text from a
manifest can never end the command early or start a new one.
"""

from __future__ import annotations

from ..models.outcome import Outcome
from . import RenderOptions

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
"""Workflow command for each finding severity."""


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, carriage return and line feed."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
        lines.append(f"::{COMMAND[f.severity]} {joined}::{escape_data(f.message)}\n")
    return "".join(lines)
