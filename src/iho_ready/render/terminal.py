"""The gap analysis a person reads in a terminal.

Layout: who and when; readiness per rubric; a domain table; the gaps grouped by criterion
with their evidence and actions; then every finding as a ``file:line:col`` line that
editors and CI logs can jump to. Colour only when the CLI says a person is watching; the
words always carry the meaning on their own.

Every line is laid out here, at the width the CLI gives: text wraps at words, tables stack
when their columns do not fit, and a version, a status or a count is never cut. Only the
rubric's own text (one ``explain`` away) is clipped. Laying out by hand rather than with
rich's tables keeps a 10,000-finding check as fast as its JSON: rich is used only for its
colour codes, and only when there is colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..models.outcome import Outcome
from ..models.result import CriterionResult, Finding
from ..words import ACTION_STATUS_LABEL, RAG_LABEL, READINESS_LABEL, STATUS_LABEL, clip, long_date, one_line, words
from . import RenderOptions

_RAG_STYLE = {"green": "green", "amber": "yellow", "red": "red", "grey": "dim"}
_READY_STYLE = {"ready": "bold green", "approaching": "bold yellow", "not-ready": "bold red"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
_ACTION_STATUS = {status: label.lower() for status, label in ACTION_STATUS_LABEL.items()}

_IDS_SHOWN = 8
"""Document ids listed on one evidence line before "and N more" (all are in the findings)."""
_PROBLEMS_SHOWN = 10
"""Problems of relied-on documents listed under one gap before "and N more"."""
_EXPLANATION_SHOWN = 1000
"""Characters of a manifest's explanation shown under its gap (the report has it in full)."""

Span = tuple[str, str]
"""Text and its rich style name ('' for none)."""


@lru_cache(maxsize=64)
def _codes(style: str) -> tuple[str, str]:
    """The ANSI codes that open and close *style*, exactly as rich writes them."""
    from rich.color import ColorSystem
    from rich.style import Style

    marked = Style.parse(style).render("\x00", color_system=ColorSystem.STANDARD)
    opening, _, closing = marked.partition("\x00")
    return opening, closing


class _Writer:
    """Lines of text, wrapped at words to a width, coloured when asked."""

    def __init__(self, width: int, color: bool) -> None:
        self.width = width
        self.color = color
        self.lines: list[str] = []

    def paint(self, spans: Sequence[Span]) -> str:
        """The spans as one string, with colour codes when colour is on."""
        if not self.color:
            return "".join(text for text, _ in spans)
        out = []
        for text, style in spans:
            if style and text:
                opening, closing = _codes(style)
                out.append(opening + text + closing)
            else:
                out.append(text)
        return "".join(out)

    def line(self, *spans: Span, indent: int = 0, hang: int = 0, wrap: bool = True) -> None:
        """Add one logical line; wrapped lines are indented by *indent* plus *hang*."""
        plain = "".join(text for text, _ in spans)
        if not wrap or len(plain) + indent <= self.width:
            self.lines.append(" " * indent + self.paint(spans))
            return
        for n, (start, end) in enumerate(_wrap(plain, max(self.width - indent, 20), max(self.width - indent - hang,
                                                                                           20))):
            self.lines.append(" " * (indent + (hang if n else 0)) + self.paint(_slice(spans, start, end)))

    def blank(self) -> None:
        """An empty line."""
        self.lines.append("")

    def text(self) -> str:
        """Everything written, one line each."""
        return "".join(line + "\n" for line in self.lines)


def _wrap(plain: str, first: int, rest: int) -> list[tuple[int, int]]:
    """(start, end) of each line of *plain* wrapped at spaces; a word longer than a line is split."""
    found = []
    start, size, width = 0, len(plain), first
    while size - start > width:
        cut = plain.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut, after = start + width, start + width
        else:
            after = cut + 1
        found.append((start, cut))
        start, width = after, rest
        while start < size and plain[start] == " ":
            start += 1
    found.append((start, size))
    return found


def _slice(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The part of *spans* between two offsets of their joined text."""
    out: list[Span] = []
    at = 0
    for text, style in spans:
        lo, hi = max(start, at), min(end, at + len(text))
        if lo < hi:
            out.append((text[lo - at:hi - at], style))
        at += len(text)
        if at >= end:
            break
    return out


# --------------------------------------------------------------------------- tables


Cell = list[Span]


def _table(out: _Writer, headers: Sequence[str], rows: Sequence[Sequence[Cell]], right: set[int], *,
           wrap_column: int | None = None, indent: int = 2) -> bool:
    """Write an aligned table, or return False (writing nothing) if it cannot fit.

    Columns take their widest cell; only *wrap_column* may wrap (at words), and only when
    what is left for it is at least 16 characters. Nothing else is ever cut.
    """
    gap = 2
    widths = [max([len(h), *(sum(len(t) for t, _ in row[i]) for row in rows)]) for i, h in enumerate(headers)]
    total = indent + sum(widths) + gap * (len(widths) - 1)
    if total > out.width:
        if wrap_column is None:
            return False
        room = widths[wrap_column] - (total - out.width)
        longest_word = max((len(w) for row in rows for t, _ in row[wrap_column] for w in t.split()), default=0)
        if room < max(16, longest_word + 2):
            return False
        widths[wrap_column] = room

    def emit(cells: Sequence[Cell], style: str = "") -> None:
        wrapped: list[list[Cell]] = []
        for i, cell in enumerate(cells):
            plain = "".join(t for t, _ in cell)
            if i == wrap_column and len(plain) > widths[i]:
                lead = len(plain) - len(plain.lstrip(" "))
                parts = _wrap(plain, widths[i], widths[i] - lead - 2)
                wrapped.append([_slice(cell, s, e) if n == 0 else [(" " * (lead + 2), ""), *_slice(cell, s, e)]
                                for n, (s, e) in enumerate(parts)])
            else:
                wrapped.append([list(cell)])
        for n in range(max(len(w) for w in wrapped)):
            spans: list[Span] = []
            for i, w in enumerate(wrapped):
                cell = w[n] if n < len(w) else []
                pad = " " * (widths[i] - sum(len(t) for t, _ in cell))
                spans += ([(pad, ""), *cell]) if i in right else ([*cell, (pad, "")])
                if i < len(wrapped) - 1:
                    spans.append((" " * gap, ""))
            text = out.paint([(t, style or s) for t, s in spans]).rstrip()
            out.lines.append(" " * indent + text)

    emit([[(h, "")] for h in headers], "bold")
    for row in rows:
        emit(row)
    return True


# --------------------------------------------------------------------------- the view


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return the gap analysis as text (with ANSI colour codes when ``options.color``)."""
    out = _Writer(options.width, options.color)
    if options.quiet:
        _findings(out, outcome, heading=False)
        _verdict(out, outcome, options)
        return out.text()
    result, manifest = outcome.result, outcome.loaded.manifest
    org = manifest.organisation
    out.line((org.name, "bold"), (f" ({org.ods_code})" if org.ods_code else "", ""))
    if org.note:
        out.line((org.note, "dim"))
    out.line((f"{manifest.assessment.title} · as of {long_date(result.as_of)}", ""))
    out.line((result.manifest, "dim"), wrap=False)
    out.blank()

    out.line(("Readiness", "bold"))
    rows = []
    for r in result.rubrics:
        version = f"{r.version} ({words(r.status)})" + ("" if r.pinned else ", unpinned")
        rows.append([[(r.id, "")], [(version, "")], [(READINESS_LABEL[r.readiness], _READY_STYLE[r.readiness])],
                     [(str(r.met), "")], [(str(r.gaps), "")], [(str(r.not_assessed), "")]])
    if not _table(out, ["Rubric", "Version", "Readiness", "Met", "Gaps", "Not assessed"], rows, {3, 4, 5}):
        for r in result.rubrics:  # stacked: each rubric on its own lines, nothing cut
            out.line((f"{r.id}@{r.version}", "bold"), (f" ({words(r.status)})", ""),
                     (", unpinned" if not r.pinned else "", ""), indent=2, hang=2)
            out.line((READINESS_LABEL[r.readiness], _READY_STYLE[r.readiness]),
                     (f": {r.met} met, {r.gaps} {'gap' if r.gaps == 1 else 'gaps'}, {r.not_assessed} not assessed",
                      ""), indent=4, hang=2)
    out.blank()

    out.line(("Domains", "bold"))
    rows = []
    shown_rubric = None
    for a in result.areas:
        if a.rubric != shown_rubric:
            rows.append([[(a.rubric, "bold")], [], [], [], []])
            shown_rubric = a.rubric
        name = f"    {a.title}" if a.area else f"  {a.title}"
        rows.append([[(name, "")], [(RAG_LABEL[a.rag], _RAG_STYLE[a.rag])], [(str(a.met), "")], [(str(a.gaps), "")],
                     [(str(a.not_assessed), "")]])
    if not _table(out, ["Domain", "Status", "Met", "Gaps", "Not assessed"], rows, {2, 3, 4}, wrap_column=0):
        for a in result.areas:  # too narrow even to wrap the names: one domain per paragraph
            out.line((a.title, ""), indent=4 if a.area else 2, hang=2)
            out.line((RAG_LABEL[a.rag], _RAG_STYLE[a.rag]), (f": {a.met} met, {a.gaps} gaps, "
                                                             f"{a.not_assessed} not assessed", ""), indent=6)
    out.blank()

    gaps = [c for c in result.criteria if c.exception]
    out.line(("Gaps", "bold"))
    if not gaps:
        out.line(("None: every criterion is met or confirmed with valid evidence.", ""), indent=2)
    by_criterion: dict[tuple[str, str], list[Finding]] = {}
    by_document: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.rubric and f.criterion:
            by_criterion.setdefault((f.rubric, f.criterion), []).append(f)
        if f.document and f.criterion is None and f.severity != "info":
            by_document.setdefault(f.document, []).append(f)
    overdue = {a.id for a in result.actions if a.overdue}
    for criterion in gaps:
        _gap(out, outcome, criterion, by_criterion.get((criterion.rubric, criterion.id), []), by_document, overdue)
    out.blank()
    _findings(out, outcome)
    return out.text()


def _gap(out: _Writer, outcome: Outcome, criterion: CriterionResult, findings: list[Finding],
         by_document: dict[str, list[Finding]], overdue: set[str]) -> None:
    placed = outcome.loaded.placed[(criterion.rubric, criterion.id)]
    entry = outcome.loaded.entry(criterion.rubric, criterion.id)
    room = max(out.width - 4, 20)
    out.line((f"{criterion.id} ", "bold"), (criterion.rating_label or "No rating", ""), (" · ", ""),
             (STATUS_LABEL[criterion.status], _RAG_STYLE[criterion.rag]), (f" · {criterion.rubric}", "dim"),
             indent=2, hang=2)
    # Verbatim source text may be clipped (it is one `explain` away); facts never are.
    out.line((clip(placed.criterion.statement, room), "dim"), indent=4)
    if entry.explanation:
        shown = clip(entry.explanation[:_EXPLANATION_SHOWN * 2], _EXPLANATION_SHOWN)
        out.line((f"Explanation: {shown}", ""), indent=4, hang=2)
    texts = {i.id: i.text for i in placed.criterion.evidence}
    for item in criterion.items:
        label = item.id or "direct support"
        if item.satisfied:
            out.line(("✓ ", "green"), (f"{label}: {_ids(item.documents)}", ""), indent=4, hang=2)
            continue
        lead = f"{label}: no valid evidence" + (f" ({_ids(item.broken)} cannot count)" if item.broken else "")
        spans: list[Span] = [("✗ " if item.required else "○ ", "red" if item.required else "cyan"), (lead, "")]
        left = room - 2 - len(lead) - 3
        if left >= 16:  # the item's own text, clipped to what is left of the line
            spans.append((" · " + clip(texts.get(item.id or "") or "a document supporting the criterion", left),
                          "dim"))
        out.line(*spans, indent=4, hang=2)
    relied = sorted({d for item in criterion.items for d in item.documents + item.broken})
    problems = sorted((f for d in relied for f in by_document.get(d, [])), key=Finding.sort_key)
    for f in problems[:_PROBLEMS_SHOWN]:
        out.line(("! ", _SEVERITY_STYLE[f.severity]), (f.message, ""), indent=4, hang=2)
    if len(problems) > _PROBLEMS_SHOWN:
        out.line(("! ", "dim"), (f"and {len(problems) - _PROBLEMS_SHOWN} more problems with the evidence it relies "
                                 "on (listed under Findings)", "dim"), indent=4, hang=2)
    for action in entry.actions:
        details = [f"due {action.due.isoformat()}" if action.due else "no due date", _ACTION_STATUS[action.status],
                   action.owner or "no owner"]
        out.line((f"→ {action.id} ", "bold"), ("OVERDUE " if action.id in overdue else "", "bold red"),
                 (" · ".join(details), ""), (" · " + one_line(action.action), "dim"), indent=4, hang=2)
    for f in findings:
        if f.code in ("explanation-missing", "gap-without-action", "unsupported-claim"):
            out.line(("! ", _SEVERITY_STYLE[f.severity]), (f"{f.message} [{f.code}]", ""), indent=4, hang=2)


def _ids(ids: list[str]) -> str:
    """Document ids, the first few of a long list and how many more."""
    if len(ids) <= _IDS_SHOWN:
        return ", ".join(ids)
    return ", ".join(ids[:_IDS_SHOWN]) + f" and {len(ids) - _IDS_SHOWN} more"


def _counts(outcome: Outcome) -> str:
    c = outcome.result.counts
    return f"{c.error} errors, {c.warning} warnings, {c.info} information"


def _findings(out: _Writer, outcome: Outcome, *, heading: bool = True) -> None:
    if heading:
        out.line((f"Findings: {_counts(outcome)}", "bold"))
    for f in outcome.result.findings:  # one finding, one line: editors and CI logs parse these
        out.line((f"{f.location.file}:{f.location.line}:{f.location.column}: ", ""),
                 (f.severity, _SEVERITY_STYLE[f.severity]), (f": {f.message} [{f.code}]", ""), wrap=False)


def _verdict(out: _Writer, outcome: Outcome, options: RenderOptions) -> None:
    """The one-line verdict of ``check --quiet``: pass or fail and why, the counts, readiness per rubric."""
    readiness = f"{_counts(outcome)}; " + ", ".join(
        f"{r.id} {READINESS_LABEL[r.readiness].lower()}" for r in outcome.result.rubrics)
    verdict = options.verdict
    if verdict is None or not verdict.failed:
        out.line((f"{outcome.result.manifest}: ", ""), ("passed", "bold green"), (f"; {readiness}", ""), wrap=False)
    else:
        out.line((f"{outcome.result.manifest}: ", ""), ("failed", "bold red"),
                 (f": {'; '.join(verdict.reasons)}; {readiness}", ""), wrap=False)
