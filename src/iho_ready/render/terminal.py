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

from ..models.outcome import Outcome
from ..models.result import CriterionResult, Finding
from ..safe_text import visible
from ..words import (
    ACTION_STATUS_LABEL,
    PARTNER_KIND_LABEL,
    POSITION_LABEL,
    RAG_LABEL,
    READINESS_LABEL,
    STATUS_LABEL,
    clip,
    listing,
    long_date,
    one_line,
    words,
)
from . import RenderOptions

_RAG_STYLE = {"green": "green", "amber": "yellow", "red": "red", "grey": "dim"}
_READY_STYLE = {"ready": "bold green", "approaching": "bold yellow", "not-ready": "bold red"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
_ACTION_STATUS = {status: label.lower() for status, label in ACTION_STATUS_LABEL.items()}


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return the gap analysis as text (with ANSI colour codes when ``options.color``)."""
    buffer = io.StringIO()
    # markup=False: text from a manifest is never read as rich markup ("[/bold]", "[link=...]");
    # every such text is also passed through one_line or visible, so it cannot act on a terminal.
    console = Console(file=buffer, width=options.width, force_terminal=options.color, no_color=not options.color,
                      color_system="standard" if options.color else None, highlight=False, emoji=False,
                      markup=False, soft_wrap=False, legacy_windows=False)
    result, manifest = outcome.result, outcome.loaded.manifest
    org = manifest.organisation
    title = Text(one_line(org.name), style="bold")
    if org.ods_code:
        title.append(f" ({one_line(org.ods_code)})")
    console.print(title)
    if org.note:
        console.print(Text(one_line(org.note), style="dim"))
    console.print(Text(f"{one_line(manifest.assessment.title)} · as of {long_date(result.as_of)}"))
    console.print(Text(visible(result.manifest), style="dim"), soft_wrap=True)
    console.print()

    table = Table(title="Readiness", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Rubric", no_wrap=True)
    table.add_column("Version", ratio=1)
    table.add_column("Readiness", no_wrap=True)
    table.add_column("Met", justify="right")
    table.add_column("Gaps", justify="right")
    table.add_column("Not assessed", justify="right")
    for r in result.rubrics:
        version = f"{one_line(r.version)} ({words(r.status)})" + ("" if r.pinned else ", unpinned")
        table.add_row(one_line(r.id), version, Text(READINESS_LABEL[r.readiness], style=_READY_STYLE[r.readiness]),
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
        name = f"  {one_line(a.title)}" if a.area else one_line(a.title)
        table.add_row(one_line(a.rubric) if a.rubric != shown_rubric else "", name,
                      Text(RAG_LABEL[a.rag], style=_RAG_STYLE[a.rag]), str(a.met), str(a.gaps), str(a.not_assessed))
        shown_rubric = a.rubric
    console.print(table)
    if result.partners:
        _print_system_view(console, outcome)

    gaps = [c for c in result.criteria if c.exception]
    console.print(Text("Gaps", style="bold"))
    if not gaps:
        console.print("  None: every criterion is met or confirmed with valid evidence.")
    by_criterion = _findings_by_criterion(result.findings)
    by_document: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.document and f.criterion is None and f.severity != "info":
            by_document.setdefault(f.document, []).append(f)
    overdue = {a.id for a in result.actions if a.overdue}
    for criterion in gaps:
        _print_gap(console, outcome, options, criterion, by_criterion.get((criterion.rubric, criterion.id), []),
                   by_document, overdue)
    console.print()

    c = result.counts
    console.print(Text(f"Findings: {c.error} errors, {c.warning} warnings, {c.info} information", style="bold"))
    for finding in result.findings:
        line = Text(f"{visible(finding.location.file)}:{finding.location.line}:{finding.location.column}: ")
        line.append(finding.severity, style=_SEVERITY_STYLE[finding.severity])
        line.append(f": {visible(finding.message)} [{finding.code}]")
        console.print(line, soft_wrap=True)  # one finding, one line: editors and CI logs parse these
    return buffer.getvalue()


def _findings_by_criterion(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.rubric and f.criterion:
            grouped.setdefault((f.rubric, f.criterion), []).append(f)
    return grouped


def _print_gap(console: Console, outcome: Outcome, options: RenderOptions, criterion: CriterionResult,
               findings: list[Finding], by_document: dict[str, list[Finding]], overdue: set[str]) -> None:
    placed = outcome.loaded.placed[(criterion.rubric, criterion.id)]
    entry = outcome.loaded.entry(criterion.rubric, criterion.id)
    width = max(options.width - 4, 20)
    head = Text(f"  {criterion.id} ", style="bold")
    head.append(one_line(criterion.rating_label or "No rating"))
    head.append(" · ")
    head.append(STATUS_LABEL[criterion.status], style=_RAG_STYLE[criterion.rag])
    head.append(f" · {criterion.rubric}", style="dim")
    console.print(head)
    # Verbatim source text may be clipped (it is one `explain` away); facts never are.
    # The lead-in on a line of its own, so clipping never hides the statement behind it.
    if placed.lead_in:
        _clipped(console, Text(clip(placed.lead_in, width), style="dim"), 4)
    indent = 4 + 2 * bool(placed.lead_in)
    _clipped(console, Text(clip(placed.criterion.statement, width + 4 - indent), style="dim"), indent)
    if entry.explanation:
        _wrapped(console, Text("Explanation: " + one_line(entry.explanation)), 4)
    texts = {i.id: i.text for i in placed.criterion.evidence}
    for item in criterion.items:
        label = item.id or "direct support"
        if item.satisfied:
            line = Text("✓ ", style="green")
            line.append(clip(f"{label}: {', '.join(item.documents)}", width - 2))  # clip makes it one visible line
            _clipped(console, line, 4)
        else:
            line = Text("✗ " if item.required else "○ ", style="red" if item.required else "cyan")
            lead = f"{label}: no valid evidence" + (f" ({', '.join(item.broken)} cannot count)" if item.broken else "")
            tail = " · " + one_line(texts.get(item.id or "") or "a document supporting the criterion")
            full = clip(lead + tail, width - 2)
            line.append(full[:len(lead)])
            line.append(full[len(lead):], style="dim")
            _clipped(console, line, 4)
    relied = sorted({d for item in criterion.items for d in item.documents + item.broken})
    for f in sorted((f for d in relied for f in by_document.get(d, [])), key=Finding.sort_key):
        line = Text("! ", style=_SEVERITY_STYLE[f.severity])
        line.append(visible(f.message))
        _wrapped(console, line, 4)
    if entry.actions:
        for action in entry.actions:
            line = Text(f"→ {action.id} ", style="bold")
            if action.id in overdue:
                line.append("OVERDUE ", style="bold red")
            details = [f"due {action.due.isoformat()}" if action.due else "no due date",
                       _ACTION_STATUS[action.status], one_line(action.owner or "no owner")]
            line.append(" · ".join(details))
            line.append(" · " + one_line(action.action), style="dim")
            _wrapped(console, line, 4)
    for f in findings:
        if f.code in ("explanation-missing", "gap-without-action", "unsupported-claim"):
            line = Text("! ", style=_SEVERITY_STYLE[f.severity])
            line.append(f"{visible(f.message)} [{f.code}]")
            _wrapped(console, line, 4)


def _wrapped(console: Console, text: Text, indent: int) -> None:
    """Print *text* wrapped, with continuation lines indented under the first."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _clipped(console: Console, text: Text, indent: int) -> None:
    """Print *text* (already clipped to fit, with :func:`~iho_ready.words.clip`) on one line."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False), no_wrap=True)


def _print_system_view(console: Console, outcome: Outcome) -> None:
    """The partners' signed statements, their conditions, and where they agree or split with the trust."""
    result = outcome.result
    table = Table(title="System partners", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Partner", ratio=3, overflow="fold")
    table.add_column("Kind", ratio=1)
    table.add_column("Position", ratio=2)
    table.add_column("Signed", ratio=2)
    table.add_column("In date", no_wrap=True)
    for p in result.partners:
        if p.name is None:
            table.add_row(Text(visible(p.path)), "", Text("No statement: " + ("file missing" if p.problem == "missing"
                                                                     else "outside the repository"), style="red"),
                          "", "")
            continue
        signed = Text(long_date(p.signed_on)) if p.signed_on else Text("Not signed", style="red")
        in_date = Text("Yes") if p.in_date else Text("No", style="red")
        position = POSITION_LABEL[p.position] if p.position else ""
        table.add_row(Text(one_line(p.name)), PARTNER_KIND_LABEL[p.kind] if p.kind else "", position, signed, in_date)
    console.print(table)
    names = {p.id: one_line(p.name or p.id) for p in result.partners}
    lines = []
    for p in result.partners:
        for c in p.conditions:
            answer = f"answered by {listing(c.answered_by)}" if c.answered_by else "no action answers it"
            lines.append(Text(f"{p.id}.{c.id} {one_line(c.text)}: {answer}", style="" if c.answered_by else "red"))
    if lines:
        console.print(Text("Conditions of support", style="bold"))
        for line in lines:
            _wrapped(console, line, 2)
    if result.system:
        console.print(Text("Where partners took a view", style="bold"))
        comments = {(p.id, v.rubric, v.criterion): v for p in result.partners for v in p.views}
        for row in result.system:
            head = Text(f"  {row.criterion} ", style="bold")
            head.append(f"rated {(row.rating or 'not rated').lower()} · ")
            head.append("split" if row.split else "agreed", style="red" if row.split else "green")
            console.print(head)
            others = [p.id for p in result.partners if (p.id, row.rubric, row.criterion) in comments
                      and p.id not in row.agree + row.disagree]
            commentary = outcome.loaded.entry(row.rubric, row.criterion).commentary
            if commentary and any(comments[(p.id, row.rubric, row.criterion)].answer for p in result.partners
                                  if (p.id, row.rubric, row.criterion) in comments):
                _wrapped(console, Text(f"The trust's answer: {one_line(commentary)}"), 4)
            for pid in row.disagree + row.agree + others:
                view = comments[(pid, row.rubric, row.criterion)]
                stance = {True: "agrees", False: "does not agree", None: "takes no view"}[view.agrees]
                line = Text(f"{names[pid]} {stance}")
                if view.comment:
                    # A comment the partner marked private stays out of CI logs, which others may read.
                    line.append(" (comment marked private)" if view.private else ": " + one_line(view.comment),
                                style="dim")
                if view.answer and not view.private:
                    line.append(f" · answer: {one_line(view.answer)}")
                _wrapped(console, line, 4)
    console.print()
