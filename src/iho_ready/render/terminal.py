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

from ..models.designation import EligibilityResult, StageResult
from ..models.outcome import Outcome
from ..models.result import CheckResult, CriterionResult, Finding, StatusCounts
from ..words import (
    ACTION_STATUS_LABEL,
    ELIGIBLE_LABEL,
    PARTNER_KIND_LABEL,
    POSITION_LABEL,
    PREREQUISITE_STATUS_LABEL,
    RAG_LABEL,
    READINESS_LABEL,
    READINESS_PHRASE,
    STATUS_LABEL,
    clip,
    icb_answers_sentence,
    listing,
    long_date,
    no_counterpart_line,
    one_line,
    plural,
    words,
)
from . import RenderOptions
from .layout import Span, Writer as _Writer, table as _table

_RAG_STYLE = {"green": "green", "amber": "yellow", "red": "red", "grey": "dim"}
_READY_STYLE = {"ready": "bold green", "plan-agreed": "bold yellow", "not-ready": "bold red"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
_ACTION_STATUS = {status: label.lower() for status, label in ACTION_STATUS_LABEL.items()}

_IDS_SHOWN = 8
"""Document ids listed on one evidence line before "and N more" (all are in the findings)."""
_PROBLEMS_SHOWN = 10
"""Problems of relied-on documents listed under one gap before "and N more"."""
_EXPLANATION_SHOWN = 1000
"""Characters of a manifest's explanation shown under its gap (the report has it in full)."""

# --------------------------------------------------------------------------- the view


def _readiness(out: _Writer, result: CheckResult) -> None:
    """Readiness per rubric: a table, or stacked lines where the terminal is narrow."""
    out.line(("Readiness", "bold"))
    rows = []
    for r in result.rubrics:
        version = f"{r.version} ({words(r.status)})" + ("" if r.pinned else ", unpinned")
        n = r.statuses
        rows.append([[(r.id, "")], [(version, "")], [(READINESS_LABEL[r.readiness], _READY_STYLE[r.readiness])],
                     [(str(n.met), "")], [(str(n.shortfalls), "")], [(str(n.not_assessed), "")]])
    if not _table(out, ["Rubric", "Version", "Readiness", "Met", "Shortfalls", "Not assessed"], rows, {3, 4, 5}):
        for r in result.rubrics:  # stacked: each rubric on its own lines, nothing cut
            out.line((f"{r.id}@{r.version}", "bold"), (f" ({words(r.status)})", ""),
                     (", unpinned" if not r.pinned else "", ""), indent=2, hang=2)
            out.line((READINESS_LABEL[r.readiness], _READY_STYLE[r.readiness]),
                     (_status_counts(r.statuses), ""), indent=4, hang=2)
    for walk in result.coverage:  # what a crosswalk records as matching nothing: gaps, not silence
        unmatched = [row.target for row in walk.rows if row.no_counterpart]
        if unmatched:
            line = no_counterpart_line(walk.source.split("@")[0], walk.target.split("@")[0], unmatched)
            out.line((line, "dim"), indent=2, hang=2)
    out.blank()


def _domains(out: _Writer, result: CheckResult) -> None:
    """Each domain's colour and counts."""
    out.line(("Domains", "bold"))
    rows = []
    shown_rubric = None
    for a in result.areas:
        if a.rubric != shown_rubric:
            rows.append([[(a.rubric, "bold")], [], [], [], []])
            shown_rubric = a.rubric
        name = f"    {a.title}" if a.area else f"  {a.title}"
        n = a.statuses
        rows.append([[(name, "")], [(RAG_LABEL[a.rag], _RAG_STYLE[a.rag])], [(str(n.met), "")],
                     [(str(n.shortfalls), "")], [(str(n.not_assessed), "")]])
    if not _table(out, ["Domain", "Status", "Met", "Shortfalls", "Not assessed"], rows, {2, 3, 4}, wrap_column=0):
        for a in result.areas:  # too narrow even to wrap the names: one domain per paragraph
            out.line((a.title, ""), indent=4 if a.area else 2, hang=2)
            out.line((RAG_LABEL[a.rag], _RAG_STYLE[a.rag]), (_status_counts(a.statuses), ""), indent=6)
    out.blank()


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

    if result.designation is not None and result.designation.eligibility is not None:
        _eligibility(out, result.designation.eligibility)
    _readiness(out, result)
    _domains(out, result)
    if result.designation is not None and result.designation.stages:
        _stages(out, result.designation.stages)
    if result.partners:
        _system_view(out, outcome)

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


_ELIGIBLE_STYLE = {"eligible": "bold green", "not-yet": "bold red", "not-known": "bold yellow"}


def _eligibility(out: _Writer, eligibility: EligibilityResult) -> None:
    """Eligible, not yet or not known, before any readiness; one line per prerequisite."""
    out.line(("Eligibility: ", "bold"), (ELIGIBLE_LABEL[eligibility.verdict], _ELIGIBLE_STYLE[eligibility.verdict]))
    for p in eligibility.prerequisites:
        shown = f" · {p.value}" if p.value else ""
        out.line((f"{p.title}: ", ""), (PREREQUISITE_STATUS_LABEL[p.status], ""), (shown, "dim"), indent=2, hang=2)
    out.blank()


def _stages(out: _Writer, stages: list[StageResult]) -> None:
    """Readiness per stage, with the trust's target dates (the stages' criteria are ours)."""
    out.line(("Stages", "bold"), (" (criteria per stage chosen by iho-ready)", "dim"))
    rows = [[[(s.title, "")], [(long_date(s.target) if s.target else "No target date", "")],
             [(READINESS_LABEL[s.readiness], _READY_STYLE[s.readiness])],
             [(", ".join(s.late_actions) or "none", "")]] for s in stages]
    if not _table(out, ["Stage", "Target", "Readiness", "Actions due after target"], rows, set()):
        for s in stages:
            out.line((s.title, "bold"), (f": {READINESS_LABEL[s.readiness]}", _READY_STYLE[s.readiness]), indent=2,
                     hang=2)
    out.blank()


def _gap(out: _Writer, outcome: Outcome, criterion: CriterionResult, findings: list[Finding],
         by_document: dict[str, list[Finding]], overdue: set[str]) -> None:
    placed = outcome.loaded.placed[(criterion.rubric, criterion.id)]
    entry = outcome.loaded.entry(criterion.rubric, criterion.id)
    room = max(out.width - 4, 20)
    out.line((f"{criterion.id} ", "bold"), (criterion.rating_label or "No rating", ""), (" · ", ""),
             (STATUS_LABEL[criterion.status], _RAG_STYLE[criterion.rag]), (f" · {criterion.rubric}", "dim"),
             indent=2, hang=2)
    # Verbatim source text may be clipped (it is one `explain` away); facts never are.
    # The lead-in on a line of its own, so clipping never hides the statement behind it.
    if placed.lead_in:
        out.line((clip(placed.lead_in, room), "dim"), indent=4)
    indent = 4 + 2 * bool(placed.lead_in)
    out.line((clip(placed.criterion.statement, room + 4 - indent), "dim"), indent=indent)
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
        if f.code in _SHOWN_UNDER_CRITERION:
            out.line(("! ", _SEVERITY_STYLE[f.severity]), (f"{f.message} [{f.code}]", ""), indent=4, hang=2)


_SHOWN_UNDER_CRITERION = frozenset({"explanation-missing", "gap-without-action", "unsupported-claim"})
"""Findings about a criterion whose messages the gap list repeats under it (the rest are under Findings)."""

_NO_STATEMENT = {"missing": "file missing", "outside": "outside the repository"}
"""Why a listed partner statement could not be read, by ``PartnerResult.problem``."""


def _system_view(out: _Writer, outcome: Outcome) -> None:
    """The partners' signed statements, their conditions, and where they agree or split with the trust."""
    result = outcome.result
    out.line(("System partners", "bold"))
    icb = result.designation.icb if result.designation is not None else None
    if icb is not None:  # the ICB's position first, its two answers kept apart
        out.line((icb_answers_sentence(icb.partner, icb.intends_to_commission, icb.supports_host), ""), indent=2,
                 hang=2)
    rows = []
    for p in result.partners:
        if p.name is None:
            rows.append([[(p.path, "")], [], [(f"No statement: {_NO_STATEMENT[p.problem or 'missing']}", "red")],
                         [], []])
            continue
        signed = (long_date(p.signed_on), "") if p.signed_on else ("Not signed", "red")
        in_date = ("Yes", "") if p.in_date else ("No", "red")
        rows.append([[(p.name, "")], [(PARTNER_KIND_LABEL[p.kind] if p.kind else "", "")],
                     [(POSITION_LABEL[p.position] if p.position else "", "")], [signed], [in_date]])
    if not _table(out, ["Partner", "Kind", "Position", "Signed", "In date"], rows, set(), wrap_column=0):
        for p in result.partners:  # stacked: one partner per paragraph, nothing cut
            if p.name is None:
                out.line((p.path, ""), (" · ", ""), ("No statement: " + _NO_STATEMENT[p.problem or "missing"], "red"),
                         indent=2, hang=2)
                continue
            out.line((p.name, "bold"), indent=2, hang=2)
            details = [PARTNER_KIND_LABEL[p.kind] if p.kind else "", POSITION_LABEL[p.position] if p.position else ""]
            out.line((" · ".join(d for d in details if d) + " · ", ""),
                     (f"signed {long_date(p.signed_on)}" if p.signed_on else "Not signed",
                      "" if p.signed_on else "red"),
                     (" · ", ""), ("in date" if p.in_date else "not in date", "" if p.in_date else "red"),
                     indent=4, hang=2)
    out.blank()
    names = {p.id: p.name or p.id for p in result.partners}
    conditions = [(p, c) for p in result.partners for c in p.conditions]
    if conditions:
        out.line(("Conditions of support", "bold"))
        for p, c in conditions:
            answer = f"answered by {listing(c.answered_by)}" if c.answered_by else "no action answers it"
            out.line((f"{p.id}.{c.id} {one_line(c.text)}: {answer}", "" if c.answered_by else "red"), indent=2,
                     hang=2)
    if result.system:
        out.line(("Where partners took a view", "bold"))
        comments = {(p.id, v.rubric, v.criterion): v for p in result.partners for v in p.views}
        for row in result.system:
            out.line((f"{row.criterion} ", "bold"), (f"rated {(row.rating or 'not rated').lower()} · ", ""),
                     ("split" if row.split else "agreed", "red" if row.split else "green"), indent=2, hang=2)
            others = [p.id for p in result.partners if (p.id, row.rubric, row.criterion) in comments
                      and p.id not in row.agree + row.disagree]
            commentary = outcome.loaded.entry(row.rubric, row.criterion).commentary
            if commentary and any(comments[(p.id, row.rubric, row.criterion)].answer for p in result.partners
                                  if (p.id, row.rubric, row.criterion) in comments):
                out.line((f"The trust's answer: {one_line(commentary)}", ""), indent=4, hang=2)
            for pid in row.disagree + row.agree + others:
                view = comments[(pid, row.rubric, row.criterion)]
                stance = {True: "agrees", False: "does not agree", None: "takes no view"}[view.agrees]
                spans: list[Span] = [(f"{names[pid]} {stance}", "")]
                if view.comment:
                    # A comment the partner marked private stays out of CI logs, which others may read.
                    spans.append((" (comment marked private)" if view.private else ": " + one_line(view.comment),
                                  "dim"))
                if view.answer and not view.private:
                    spans.append((f" · answer: {one_line(view.answer)}", ""))
                out.line(*spans, indent=4, hang=2)
    out.blank()


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
        out.line((f"{f.location.shown()}: ", ""),
                 (f.severity, _SEVERITY_STYLE[f.severity]), (f": {f.message} [{f.code}]", ""), wrap=False)


def _verdict(out: _Writer, outcome: Outcome, options: RenderOptions) -> None:
    """The one-line verdict of ``check --quiet``: pass or fail and why, the counts, readiness per rubric."""
    readiness = f"{_counts(outcome)}; " + ", ".join(
        f"{r.id} {READINESS_PHRASE[r.readiness]}" for r in outcome.result.rubrics)
    verdict = options.verdict
    if verdict is None or not verdict.failed:
        out.line((f"{outcome.result.manifest}: ", ""), ("passed", "bold green"), (f"; {readiness}", ""), wrap=False)
    else:
        out.line((f"{outcome.result.manifest}: ", ""), ("failed", "bold red"),
                 (f": {'; '.join(verdict.reasons)}; {readiness}", ""), wrap=False)


def _status_counts(n: StatusCounts) -> str:
    """``: 3 met, 2 shortfalls, 1 not assessed``."""
    return f" · {n.met} met, {plural(n.shortfalls, 'shortfall')}, {n.not_assessed} not assessed"
