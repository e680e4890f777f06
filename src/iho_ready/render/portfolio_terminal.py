"""``portfolio`` for a person: one row per trust's manifest.

Organisation, as-at date, readiness per rubric and its domains by colour (in words),
overdue actions and partner support. A manifest that could not be read is a row that
says so, with its problems listed after the table.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..history import Portfolio
from ..safe_text import visible
from ..words import READINESS_LABEL, long_date, plural
from . import RenderOptions
from .summary_words import domains_phrase, support_phrase

_READY_STYLE = {"ready": "bold green", "plan-agreed": "bold yellow", "not-ready": "bold red"}


def render(portfolio: Portfolio, options: RenderOptions, /) -> str:
    """Return the portfolio as text (with ANSI colour codes when ``options.color``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=options.width, force_terminal=options.color, no_color=not options.color,
                      color_system="standard" if options.color else None, highlight=False, emoji=False,
                      soft_wrap=False, legacy_windows=False)
    rows = portfolio.rows
    console.print(Text(f"Portfolio: {plural(len(rows), 'manifest')}", style="bold"))
    console.print()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Organisation", ratio=2, overflow="fold")
    table.add_column("As at", ratio=1)
    table.add_column("Readiness (domains by colour)", ratio=3, overflow="fold")
    table.add_column("Overdue", justify="right")
    table.add_column("Partner support", ratio=2)
    for row in rows:
        s = row.snapshot
        if s is None:
            table.add_row(Text(visible(row.manifest)), "", Text("Could not be read (see below)", style="red"), "", "")
            continue
        readiness = Text()
        for n, r in enumerate(s.rubrics):
            readiness.append(("\n" if n else "") + f"{visible(r.id)}@{visible(r.version)}: ")
            readiness.append(READINESS_LABEL[r.readiness], style=_READY_STYLE[r.readiness])
            readiness.append(f" ({domains_phrase(s, r.id)})")
        name = visible(s.organisation + (f" ({s.ods_code})" if s.ods_code else ""))
        # Text, not str: rich would read square brackets in a name as markup.
        table.add_row(Text(name), long_date(s.as_of), readiness, str(s.overdue_actions),
                      Text(support_phrase(s.partners)))
    console.print(table)
    for row in rows:
        if not row.valid:
            console.print(Text(f"{visible(row.manifest)} could not be read:", style="bold"))
            for line in row.problems:
                console.print(Text(f"  {visible(line)}"), soft_wrap=True)
    return buffer.getvalue()
