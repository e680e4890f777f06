"""The gap analysis a person reads in a terminal (rich).

Layout: who and when; readiness per rubric; a domain table; the gaps grouped by criterion
with their evidence and actions; then every finding as a ``file:line:col`` line that
editors and CI logs can jump to. Colour only when the CLI says a person is watching; the
words always carry the meaning on their own.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..dates import long_date
from ..models.manifest import ACTION_STATUS_LABEL
from ..models.result import RAG_LABEL, READINESS_LABEL, STATUS_LABEL, CriterionResult, Finding
from . import RenderContext

_RAG_STYLE = {"green": "green", "amber": "yellow", "red": "red", "grey": "dim"}
_READY_STYLE = {"ready": "bold green", "approaching": "bold yellow", "not-ready": "bold red"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
_ACTION_STATUS = {status: label.lower() for status, label in ACTION_STATUS_LABEL.items()}


def render(ctx: RenderContext) -> str:
    """Return the gap analysis as text (with ANSI colour codes when ``ctx.color``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=ctx.width, force_terminal=ctx.color, no_color=not ctx.color,
                      color_system="standard" if ctx.color else None, highlight=False, emoji=False,
                      soft_wrap=False, legacy_windows=False)
    result, manifest = ctx.result, ctx.loaded.manifest
    org = manifest.organisation
    title = Text(org.name, style="bold")
    if org.ods_code:
        title.append(f" ({org.ods_code})")
    console.print(title)
    if org.note:
        console.print(Text(org.note, style="dim"))
    console.print(f"{manifest.assessment.title} · as of {long_date(result.as_of)}")
    console.print(Text(result.manifest, style="dim"), soft_wrap=True)
    console.print()

    table = Table(title="Readiness", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Rubric", no_wrap=True)
    table.add_column("Version", ratio=1)
    table.add_column("Readiness", no_wrap=True)
    table.add_column("Met", justify="right")
    table.add_column("Gaps", justify="right")
    table.add_column("Not assessed", justify="right")
    for r in result.rubrics:
        version = f"{r.version} ({r.status.replace('-', ' ')})" + ("" if r.pinned else ", unpinned")
        table.add_row(r.id, version, Text(READINESS_LABEL[r.readiness], style=_READY_STYLE[r.readiness]),
                      str(r.met), str(r.gaps), str(r.not_assessed))
    console.print(table)

    table = Table(title="Domains", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Rubric", no_wrap=True)
    table.add_column("Domain")
    table.add_column("Status")
    table.add_column("Met", justify="right")
    table.add_column("Gaps", justify="right")
    table.add_column("Not assessed", justify="right")
    shown_rubric = None
    for a in result.areas:
        name = f"  {a.title}" if a.area else a.title
        table.add_row(a.rubric if a.rubric != shown_rubric else "", name, Text(RAG_LABEL[a.rag], style=_RAG_STYLE[a.rag]),
                      str(a.met), str(a.gaps), str(a.not_assessed))
        shown_rubric = a.rubric
    console.print(table)

    gaps = [c for c in result.criteria if c.status in ("gap", "action-planned", "not-assessed")]
    console.print(Text("Gaps", style="bold"))
    if not gaps:
        console.print("  None: every criterion is met or confirmed with valid evidence.")
    by_criterion = _findings_by_criterion(result.findings)
    for criterion in gaps:
        _print_gap(console, ctx, criterion, by_criterion.get((criterion.rubric, criterion.id), []))
    console.print()

    c = result.counts
    console.print(Text(f"Findings: {c.error} errors, {c.warning} warnings, {c.info} information", style="bold"))
    for finding in result.findings:
        line = Text(f"{finding.location.file}:{finding.location.line}:{finding.location.column}: ")
        line.append(finding.severity, style=_SEVERITY_STYLE[finding.severity])
        line.append(f": {finding.message} [{finding.code}]")
        console.print(line, soft_wrap=True)  # one finding, one line: editors and CI logs parse these
    return buffer.getvalue()


def _findings_by_criterion(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.rubric and f.criterion:
            grouped.setdefault((f.rubric, f.criterion), []).append(f)
    return grouped


def _print_gap(console: Console, ctx: RenderContext, criterion: CriterionResult, findings: list[Finding]) -> None:
    placed = next(p for s in ctx.loaded.rubrics if s.rubric.id == criterion.rubric
                  for p in s.rubric.walk() if p.criterion.id == criterion.id)
    _, entry = ctx.loaded.entries.get((criterion.rubric, criterion.id), (None, None))
    head = Text(f"  {criterion.id} ", style="bold")
    head.append(criterion.rating_label or "No rating")
    head.append(" · ")
    head.append(STATUS_LABEL[criterion.status], style=_RAG_STYLE[criterion.rag])
    head.append(f" · {criterion.rubric}", style="dim")
    console.print(head)
    # Verbatim source text may be clipped (it is one `explain` away); facts never are.
    _clipped(console, ctx, Text(placed.criterion.statement, style="dim"), 4)
    if entry is not None and entry.explanation:
        _wrapped(console, Text("Explanation: " + " ".join(entry.explanation.split())), 4)
    texts = {i.id: i.text for i in placed.criterion.evidence}
    for item in criterion.items:
        label = item.id or "direct support"
        if item.satisfied:
            line = Text("✓ ", style="green")
            line.append(f"{label}: {', '.join(item.documents)}")
            _clipped(console, ctx, line, 4)
        else:
            line = Text("✗ " if item.required else "○ ", style="red" if item.required else "cyan")
            line.append(f"{label}: no valid evidence")
            if item.broken:
                line.append(f" ({', '.join(item.broken)} cannot count)")
            line.append(" · " + " ".join((texts.get(item.id) or "a document supporting the criterion").split()),
                        style="dim")
            _clipped(console, ctx, line, 4)
    relied = sorted({d for item in criterion.items for d in item.documents + item.broken})
    for f in ctx.result.findings:
        if f.document in relied and f.criterion is None and f.severity != "info":
            line = Text("! ", style=_SEVERITY_STYLE[f.severity])
            line.append(f.message)
            _wrapped(console, line, 4)
    if entry is not None:
        for action in entry.actions:
            overdue = any(f.code == "action-overdue" and f.action == action.id for f in findings)
            line = Text(f"→ {action.id} ", style="bold")
            if overdue:
                line.append("OVERDUE ", style="bold red")
            details = [f"due {action.due.isoformat()}" if action.due else "no due date",
                       _ACTION_STATUS[action.status], action.owner or "no owner"]
            line.append(" · ".join(details))
            line.append(" · " + " ".join(action.action.split()), style="dim")
            _wrapped(console, line, 4)
    for f in findings:
        if f.code in ("explanation-missing", "gap-without-action", "unsupported-claim"):
            line = Text("! ", style=_SEVERITY_STYLE[f.severity])
            line.append(f"{f.message} [{f.code}]")
            _wrapped(console, line, 4)


def _wrapped(console: Console, text: Text, indent: int) -> None:
    """Print *text* wrapped, with continuation lines indented under the first."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _clipped(console: Console, ctx: RenderContext, text: Text, indent: int) -> None:
    """Print *text* on one line, ending in an ellipsis if it does not fit."""
    text.truncate(max(ctx.width - indent, 20), overflow="ellipsis")
    console.print(Padding(text, (0, 0, 0, indent), expand=False), no_wrap=True)
