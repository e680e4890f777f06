"""``history`` for a person: one row per commit that changed the manifest, oldest first.

Readiness per rubric in words, counts by rating, open gaps and overdue actions, one block
per commit (readable at any width); a commit where the manifest could not be read says so,
with its problems as ``FILE:LINE:COL`` lines. Colour only when the CLI says a person is watching.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..history import History
from ..safe_text import visible
from ..words import READINESS_LABEL, clip, long_date, plural
from . import RenderOptions
from .summary_words import ratings_phrase

_READY_STYLE = {"ready": "bold green", "plan-agreed": "bold yellow", "not-ready": "bold red"}


def render(history: History, options: RenderOptions, /) -> str:
    """Return the history as text (with ANSI colour codes when ``options.color``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=options.width, force_terminal=options.color, no_color=not options.color,
                      color_system="standard" if options.color else None, highlight=False, emoji=False,
                      soft_wrap=False, legacy_windows=False)
    points = history.points
    since = f" after {history.since}" if history.since else ""
    console.print(Text(f"History of {visible(history.manifest)}", style="bold"))
    console.print(f"{plural(history.total, 'commit')} changed the manifest{since}; oldest first.")
    if history.window:
        console.print(Text(history.window, style="bold"))
    console.print(Text(history.note, style="dim"))
    console.print()
    if not points:
        return buffer.getvalue()
    for p in points:
        head = Text(p.short, style="bold")
        head.append(f"  committed {long_date(p.committed)}  ")
        head.append(clip(visible(p.subject), max(20, options.width - 40)), style="dim")
        console.print(head)
        if p.meeting is not None:
            console.print(Text(f"  For {visible(p.meeting.label)}"))
        if p.snapshot is None:
            console.print(Text("  The manifest could not be read at this commit:", style="red"))
            for line in p.problems:
                console.print(Text(f"    {visible(line)}"), soft_wrap=True)
            continue
        s = p.snapshot
        console.print(f"  As at {long_date(s.as_of)}: {plural(s.open_gaps, 'open gap')}, "
                      f"{plural(s.overdue_actions, 'overdue action')}")
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column("Rubric", no_wrap=True)
        table.add_column("Readiness", no_wrap=True)
        table.add_column("Ratings", ratio=1, overflow="fold")
        for r in s.rubrics:
            # Text, not str: rich would read square brackets as markup.
            table.add_row(Text(f"  {visible(r.id)}@{visible(r.version)}"),
                          Text(READINESS_LABEL[r.readiness], style=_READY_STYLE[r.readiness]),
                          Text(visible(ratings_phrase(r))))
        console.print(table)
    return buffer.getvalue()
