"""Build the board paper (:class:`~iho_ready.report.view.Report`) from a check outcome.

A pure function: it reads no files and decides nothing about readiness. Every status,
reason, overdue action, document problem and crosswalk coverage comes from the
evaluation's :class:`~iho_ready.models.result.CheckResult`; this module chooses what the
paper says and in which order, and puts it in words. The audience filter lives here, not
in the template, so that a user's ``--template`` cannot show a public session the evidence
marked ``sensitivity: private``.
"""

from __future__ import annotations

from ..models.outcome import Outcome
from ..models.result import BoardSummary
from ..progress import progress
from .asks import (
    better_points,
    conditions_ask,
    exceptions_summary,
    previous_paper,
    progress_sentence,
    recommendation_asks,
    summary_points,
    worse_points,
)
from .cover import (
    audience_note,
    cover_rows,
    declaration,
    footer_line,
    header_line,
    implication_rows,
    introduction,
    key_issue_rows,
)
from .criteria import criterion_view, document_status, register_row, rubric_view, statement_view
from .designation import DESIGNATION_HEADING, build_designation
from .system import crosswalk_view, key_entries, partner_status, system_view
from .view import (
    GLOSSARY,
    SESSION_LABEL,
    Audience,
    CriterionView,
    KeyEntry,
    Report,
    due_order,
)


def build_report(outcome: Outcome, *, audience: Audience = "public", previous: Outcome | None = None,
                 page: bool = False) -> Report:
    """Build the report for *outcome*; with *previous*, include the progress since it.

    With *page* (the dashboard), a reason points to the part of the page that lists a document or
    a partner statement by its heading, not to a lettered appendix of the paper.

    Pure: reads no files. In a ``public`` report, evidence marked ``sensitivity: private``
    is never named: only the fact that private evidence exists is shown.
    """
    result, loaded = outcome.result, outcome.loaded
    manifest = loaded.manifest
    documents = {d.id: d for d in manifest.evidence}
    hidden = {d.id for d in result.documents if audience == "public" and d.private}
    doc_status = {d.id: document_status(d, documents[d.id]) for d in result.documents}
    # A partner statement counts as evidence where the rubric says so; it reads like a document.
    doc_status |= {f"partner:{p.id}": partner_status(p) for p in result.partners}
    titles = {d.id: d.title for d in manifest.evidence}
    titles |= {f"partner:{p.id}": f"Statement of {p.name}" for p in result.partners if p.name}
    judged = {a.id: a for a in result.actions}
    moved = progress(previous.result, result) if previous is not None else None
    sections = _numbered([("summary", "Executive summary"), ("recommendation", "Recommendation")]
                         + ([("progress", "Progress since the previous paper")] if moved else [])
                         + ([("statements", "Board statements: memorandum of supporting evidence")]
                            if result.board.statements else [])
                         + [("exceptions", "Exceptions"), ("actions", "Actions for the board")])
    designation = build_designation(outcome)
    appendices = _lettered([("detail", "Detail by domain")]
                           + ([("designation", DESIGNATION_HEADING)] if designation and designation.has_detail else [])
                           + ([("system", "System view: partners' statements")] if result.partners else [])
                           + [("plan", "Full action plan"), ("register", "Evidence register")]
                           + ([("crosswalks", "How one set of criteria covers another")] if result.coverage else [])
                           + [("sources", "Criteria and sources"), ("key", "Key"), ("glossary", "Glossary")])
    appendix_of = {ref: _appendix_ref(appendices, "system" if ref.startswith("partner:") else "register", page)
                   for ref in doc_status}
    appendix_of["sources"] = _appendix_ref(appendices, "sources", page)
    appendix_of[":detail"] = _appendix_ref(appendices, "detail", page)  # not an id: ids have no colon
    views: dict[tuple[str, str], CriterionView] = {}
    for c in result.criteria:
        key = (c.rubric, c.id)
        entry = loaded.entry(c.rubric, c.id)
        view = criterion_view(c, loaded.placed[key], entry, titles, hidden, doc_status, judged, appendix_of)
        views[key] = view

    rubrics = [rubric_view(s.rubric, s.pinned, outcome, views) for s in loaded.rubrics]
    exceptions = [views[_key_of(ref)] for ref in result.exceptions]
    actions = sorted((a for v in views.values() for a in v.actions), key=due_order)
    # The paper names a criterion by its id and short title; the result's lists hold bare ids.
    names: dict[str, str] = {}
    for view in views.values():
        names.setdefault(view.id, view.named)
    board = BoardSummary(**{group: [names.get(cid, cid) for cid in ids] for group, ids in result.board})
    unactioned = [names.get(cid, cid) for cid in result.attention.unactioned]
    partners = {f"partner:{p.id}": p for p in result.partners}
    statements = [statement_view(result.board, views[(c.rubric, c.id)], c, loaded.placed[(c.rubric, c.id)], documents,
                             partners, hidden, doc_status)
                  for c in result.criteria if c.board_statement]
    unsupported = result.board.unsupported
    not_confirmed = result.board.not_confirmed

    register = [register_row(d, doc_status[d.id]) for d in manifest.evidence if d.id not in hidden]
    crosswalks = [crosswalk_view(c, outcome) for c in result.coverage]
    system = system_view(result, loaded, audience) if result.partners else None
    a = manifest.assessment
    assurance = result.assurance
    # Conditions of partners' support that no action answers (the evaluation's condition-without-action).
    unanswered = [f"{p.name or p.id}'s condition {c.id}" for p in result.partners for c in p.conditions
                  if not c.answered_by]
    recommendation = ([a.recommendation] if a.recommendation else
                      recommendation_asks(a.purpose, rubrics, board, unactioned,
                                      result.attention.overdue, result.ready, moved, assurance, sections)
                      + conditions_ask(unanswered, appendices))
    withheld = [f"{d.id}: {d.title}" for d in result.documents if d.private]
    return Report(
        title=a.title,
        organisation=manifest.organisation.name,
        note=manifest.organisation.note,
        audience=audience,
        as_of=result.as_of,
        tool_version=result.tool_version,
        session=SESSION_LABEL[audience],
        confidential=audience == "private",
        header=header_line(outcome, audience),
        footer=footer_line(outcome, audience),
        author=a.author,
        cover=cover_rows(outcome, audience, recommendation, sections, appendices),
        key_issues=key_issue_rows(outcome),
        implications=implication_rows(outcome),
        sections=sections,
        appendices=appendices,
        audience_note=audience_note(audience, len(hidden), len(withheld)),
        omitted=withheld if audience == "private" else [],
        introduction=introduction(outcome),
        rubrics=rubrics,
        summary_points=summary_points(board, assurance, moved, sections)
        + ([f"{system.summary.rstrip('.')} ({appendices['system'].split(':')[0]})."] if system else []),
        exceptions_summary=exceptions_summary(exceptions, sections),
        recommendation=recommendation,
        recommendation_given=a.recommendation is not None,
        statements=statements,
        declaration=declaration(outcome),
        unsupported=unsupported,
        not_confirmed=not_confirmed,
        exceptions=exceptions,
        board_actions=[x for x in actions if x.open and (x.overdue or x.attention or not x.owner or not x.due)],
        actions=actions,
        unactioned=unactioned,
        register=register,
        private_withheld=len(hidden),
        crosswalks=crosswalks,
        system=system,
        progress=moved,
        previous_paper=previous_paper(previous) if previous is not None else None,
        progress_sentence=progress_sentence(moved) if moved is not None else None,
        worse=worse_points(moved, views) if moved is not None else [],
        better=better_points(moved) if moved is not None else [],
        key=key_entries(outcome, crosswalks),
        glossary=[KeyEntry(term, meaning) for term, meaning in GLOSSARY],
        designation=designation,
    )


def _key_of(ref: str) -> tuple[str, str]:
    """``rubric-id:SV1`` -> (rubric id, criterion id)."""
    rubric, _, criterion = ref.partition(":")
    return rubric, criterion


def _appendix_ref(appendices: dict[str, str], key: str, page: bool = False) -> str:
    """``Appendix B`` for an appendix key; on a page, ``see Evidence register``."""
    letter, _, title = appendices[key].partition(": ")
    return f"see {title}" if page else letter


def _numbered(sections: list[tuple[str, str]]) -> dict[str, str]:
    return {key: f"{n}. {title}" for n, (key, title) in enumerate(sections, start=1)}


def _lettered(appendices: list[tuple[str, str]]) -> dict[str, str]:
    return {key: f"Appendix {chr(ord('A') + n)}: {title}" for n, (key, title) in enumerate(appendices)}
