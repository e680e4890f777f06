"""Progress between two assessments, for a terminal (``iho-ready diff OLD NEW``).

The same :class:`~iho_ready.progress.Progress` feeds the report's "Progress since the last
assessment" section; this is the quick look a director of strategy takes before the paper
is written. Colour only when the CLI says a person is watching; words carry the meaning.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from ..progress import ActionChange, CriterionChange, Progress
from ..words import READINESS_LABEL, STATUS_LABEL, long_date, one_line
from . import RenderOptions

_READY_STYLE = {"ready": "green", "approaching": "yellow", "not-ready": "red"}


def render(changes: Progress, options: RenderOptions, /) -> str:
    """Return the progress as text (with ANSI colour codes when ``options.color``)."""
    color, width = options.color, options.width
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False,
                      markup=False, legacy_windows=False)  # manifest text is never markup
    console.print(Text(one_line(changes.organisation), style="bold"))
    console.print(f"Changes from the assessment as of {long_date(changes.as_of_before)} "
                  f"to the assessment as of {long_date(changes.as_of_after)}")
    console.print()

    console.print(Text("Readiness", style="bold"))
    for r in changes.readiness:
        line = Text(f"  {r.rubric}: ")
        line.append(_readiness(r.before, r.version_before))
        line.append(" -> ")
        line.append(_readiness(r.after, r.version_after), style=_READY_STYLE.get(r.after or "", ""))
        console.print(line)

    _section(console, "Ratings that moved", [
        f"{m.criterion} ({m.rubric}): {m.rating_before or 'Not rated'} -> {m.rating_after or 'Not rated'}"
        for m in changes.ratings])
    _section(console, "Gaps closed", [_status(m) for m in changes.closed])
    _section(console, "Gaps opened", [_status(m) for m in changes.opened])
    _section(console, "Actions completed", [_action(a) for a in changes.completed])
    _section(console, "Actions that slipped", [_action(a) + _slip(a) for a in changes.slipped])
    if changes.added:
        _section(console, "New actions", [_action(a) for a in changes.added])
    if changes.dropped:
        _section(console, "Open actions no longer in the plan", [_action(a) for a in changes.dropped])
    if changes.nothing_moved:
        console.print()
        console.print("Nothing changed.")
    return buffer.getvalue()


def _readiness(key: str | None, version: str | None) -> str:
    return f"{READINESS_LABEL[key]} ({version})" if key else "not selected"


def _section(console: Console, title: str, lines: list[str]) -> None:
    console.print()
    console.print(Text(title, style="bold"))
    for line in lines or ["None"]:
        console.print(Text("  " + one_line(line)), soft_wrap=True)  # one change, one line


def _status(m: CriterionChange) -> str:
    return f"{m.criterion} ({m.rubric}): {STATUS_LABEL[m.status_before]} -> {STATUS_LABEL[m.status_after]}"


def _action(a: ActionChange) -> str:
    return f"{a.id} ({a.criterion}): {a.action}"


def _slip(a: ActionChange) -> str:
    parts = []
    if a.due_before != a.due_after:
        moved = long_date(a.due_after) if a.due_after else "no date"
        parts.append(f"due {long_date(a.due_before)} -> {moved}" if a.due_before else f"due {moved}")
    if a.newly_overdue:
        parts.append("now overdue")
    return " · " + ", ".join(parts) if parts else ""
