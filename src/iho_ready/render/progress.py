"""Progress between two assessments, for a terminal (``iho-ready diff OLD NEW``).

The same :class:`~iho_ready.progress.Progress` feeds the report's "Progress since the last
assessment" section; this is the quick look a director of strategy takes before the paper
is written. Colour only when the CLI says a person is watching; words carry the meaning.
"""

from __future__ import annotations

from ..progress import ActionChange, CriterionChange, Progress
from ..words import READINESS_LABEL, STATUS_LABEL, long_date
from . import RenderOptions
from .layout import Writer

_READY_STYLE = {"ready": "green", "plan-agreed": "yellow", "not-ready": "red"}


def render(changes: Progress, options: RenderOptions, /) -> str:
    """Return the progress as text (with ANSI colour codes when ``options.color``)."""
    out = Writer(options.width, options.color)
    out.line((changes.organisation, "bold"))
    out.line((f"Changes from the assessment as of {long_date(changes.as_of_before)} "
              f"to the assessment as of {long_date(changes.as_of_after)}", ""))
    out.blank()

    out.line(("Readiness", "bold"))
    for r in changes.readiness:
        out.line((f"{r.rubric}: ", ""), (_readiness(r.before, r.version_before), ""), (" -> ", ""),
                 (_readiness(r.after, r.version_after), _READY_STYLE.get(r.after or "", "")), indent=2, hang=2)

    _section(out, "Ratings that moved", [
        f"{m.criterion} ({m.rubric}): {m.rating_before or 'Not rated'} -> {m.rating_after or 'Not rated'}"
        for m in changes.ratings])
    _section(out, "Gaps closed", [_status(m) for m in changes.closed])
    _section(out, "Gaps opened", [_status(m) for m in changes.opened])
    _section(out, "Actions completed", [_action(a) for a in changes.completed])
    _section(out, "Actions that slipped", [_action(a) + _slip(a) for a in changes.slipped])
    if changes.added:
        _section(out, "New actions", [_action(a) for a in changes.added])
    if changes.dropped:
        _section(out, "Open actions no longer in the plan", [_action(a) for a in changes.dropped])
    if changes.nothing_moved:
        out.blank()
        out.line(("Nothing changed.", ""))
    return out.text()


def _readiness(key: str | None, version: str | None) -> str:
    return f"{READINESS_LABEL[key]} ({version})" if key else "not selected"


def _section(out: Writer, title: str, lines: list[str]) -> None:
    out.blank()
    out.line((title, "bold"))
    for line in lines or ["None"]:
        out.line((line, ""), indent=2, hang=2)  # wrapped at words, continuation indented


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
