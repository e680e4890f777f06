"""The system view (partners' statements), crosswalk coverage and the key, in the paper's words.
"""

from __future__ import annotations

from ..models.loaded import LoadedManifest
from ..models.outcome import Outcome
from ..models.result import (
    CheckResult,
    CoverageRow as CoverageResult,
    CrosswalkCoverage,
    PartnerResult,
)
from ..words import (
    ACTION_STATUS_LABEL,
    ASSURANCE_LABEL,
    ASSURANCE_MEANING,
    NO_COUNTERPART,
    NOT_RATED,
    PARTNER_KIND_LABEL,
    POSITION_LABEL,
    RAG_LABEL,
    READINESS_LABEL,
    STATUS_LABEL,
    capitalise,
    listing,
    long_date,
    number_words,
)
from .asks import all_of
from .view import (
    BOARD_POSITION_LABEL,
    COVERAGE_WORDS,
    CURRENT,
    DOCUMENT_STATUS,
    EVIDENCE_STATUS_MEANING,
    NOT_COVERED,
    PARTNER_PROBLEM_LABEL,
    RAG_MEANING,
    READINESS_MEANING,
    RELATIONSHIP_LABEL,
    RELATIONSHIP_MEANING,
    STATUS_MEANING,
    Audience,
    CoverageRow,
    CrosswalkView,
    KeyEntry,
    PartnerRow,
    SystemView,
    ViewRow,
)


def crosswalk_view(coverage: CrosswalkCoverage, outcome: Outcome) -> CrosswalkView:
    titles = {s.rubric.key: s.rubric.title for s in outcome.loaded.rubrics}
    rows = [CoverageRow(target=row.target, target_status=STATUS_LABEL[row.target_status],
                        related=[f"{r.criterion}{f' (its key evidence {r.evidence})' if r.evidence else ''} "
                                 f"{RELATIONSHIP_LABEL[r.relationship]} it ({STATUS_LABEL[r.status]})"
                                 for r in row.related] or ["None"],
                        coverage=coverage_words(row))
            for row in coverage.rows]
    return CrosswalkView(title=coverage.title, author=coverage.author, source_title=titles[coverage.source],
                         target_title=titles[coverage.target], rows=rows)


def coverage_words(row: CoverageResult) -> str:
    return COVERAGE_WORDS[row.coverage].format(through=listing(row.through), note=row.note or "")


def key_entries(outcome: Outcome, crosswalks: list[CrosswalkView]) -> dict[str, list[KeyEntry]]:
    """The key: every word the paper uses as a code, with what it means."""
    ratings: dict[str, str] = {}
    for s in outcome.loaded.rubrics:
        for levels in s.rubric.scales.values():
            for lv in levels:
                ratings.setdefault(lv.label, "Counts as meeting the criterion." if lv.meets
                                   else "Does not count as meeting the criterion.")
    ratings[NOT_RATED] = "The trust has not yet rated the criterion."
    key = {
        "Board's position": [
            KeyEntry(BOARD_POSITION_LABEL["meets"],
                     "The board confirms the statement, having assured itself of the evidence."),
            KeyEntry(BOARD_POSITION_LABEL["below"],
                     "The board does not confirm the statement; the paper gives its explanation and plan, "
                     "or says that none is recorded."),
            KeyEntry(BOARD_POSITION_LABEL["not-rated"], "The board has not yet taken a position.")],
        "Readiness": [KeyEntry(READINESS_LABEL[k], READINESS_MEANING[k]) for k in READINESS_LABEL],
        "Colours (red, amber, green, grey)": [KeyEntry(RAG_LABEL[k], RAG_MEANING[k]) for k in RAG_LABEL],
        "Criterion status": [KeyEntry(STATUS_LABEL[k], STATUS_MEANING[k]) for k in STATUS_LABEL],
        "Ratings": [KeyEntry(label, meaning) for label, meaning in ratings.items()],
        "Evidence status": [KeyEntry(term, meaning) for term, meaning in EVIDENCE_STATUS_MEANING.items()]
        + [KeyEntry(CURRENT, "A document in the evidence register with no problems.")]
        + [KeyEntry(term, meaning) for term, meaning in DOCUMENT_STATUS.values()],
        "Action status": [KeyEntry(label, f"The action owner reports the action as {label.lower()}.")
                          for label in ACTION_STATUS_LABEL.values()]
        + [KeyEntry("Overdue", "The due date is before the assessment date and the action is not complete.")],
    }
    key["Assurance level"] = [KeyEntry(ASSURANCE_LABEL[k], ASSURANCE_MEANING[k]) for k in ASSURANCE_LABEL]
    if crosswalks:
        key["Coverage by another set of criteria"] = [
            KeyEntry("Full", "A related criterion that is met is the same as, or covers all of, this one."),
            KeyEntry("Partial", "A related criterion that is met overlaps this one or covers part of it; "
                     "this criterion still needs evidence of its own."),
            KeyEntry(NOT_COVERED, "No related criterion is met yet."),
            KeyEntry(NO_COUNTERPART, "No criterion of the other set matches this one: a gap only evidence of "
                     "its own can close. The crosswalk's note says what the other set does not ask."),
        ] + [KeyEntry(capitalise(phrase), RELATIONSHIP_MEANING[name])
             for name, phrase in RELATIONSHIP_LABEL.items()]
    return key


def answered(actions: list[str]) -> str:
    return f"answered by action {listing(actions)}" if actions else "no action answers it yet"


def partner_status(p: PartnerResult) -> str:
    """Whether a partner statement counts as evidence, in words: ``Current`` or why not."""
    dated = {"expired": f"{PARTNER_PROBLEM_LABEL['expired']} ({long_date(p.review_by)})"} if p.review_by else {}
    return "; ".join(dated.get(problem, PARTNER_PROBLEM_LABEL[problem]) for problem in [*p.problems, *p.flaws]) \
        or CURRENT


def system_view(result: CheckResult, loaded: LoadedManifest, audience: Audience) -> SystemView:
    """The partners' statements and views, in words; private comments only in private papers."""
    rows = []
    for p in result.partners:
        if p.name is None:
            rows.append(PartnerRow(name=p.path, kind="Not known", position="No statement", signed="Not signed",
                                   status=partner_status(p), conditions=[]))
            continue
        signed = f"{p.signed_by}, {long_date(p.signed_on)}" if p.signed_by and p.signed_on else "Not signed"
        conditions = [f"{c.id}: {c.text} ({answered(c.answered_by)})" for c in p.conditions]
        rows.append(PartnerRow(name=p.name, kind=PARTNER_KIND_LABEL[p.kind or "other"],
                               position=POSITION_LABEL[p.position or "undecided"], signed=signed,
                               status=partner_status(p), conditions=conditions))
    names = {p.id: p.name or p.path for p in result.partners}
    views = {(p.id, v.rubric, v.criterion): v for p in result.partners for v in p.views}
    withheld = 0
    view_rows = []
    for row in sorted(result.system, key=lambda r: not r.split):
        sentences, answers = [], []
        for pid in row.disagree + row.agree + sorted(
                p.id for p in result.partners if (p.id, row.rubric, row.criterion) in views
                and views[(p.id, row.rubric, row.criterion)].agrees is None):
            view = views[(pid, row.rubric, row.criterion)]
            hide = view.private and audience == "public"
            withheld += hide and bool(view.comment or view.answer)
            stance = {True: "agrees", False: "does not agree", None: "takes no view"}[view.agrees]
            why = f": {view.comment}" if view.comment and not hide else ""
            sentences.append(f"{names[pid]} {stance}{why}.")
            if view.answer and not hide:
                answers.append(f"{names[pid]}: {view.answer}")
        commentary = loaded.entry(row.rubric, row.criterion).commentary
        view_rows.append(ViewRow(criterion=row.criterion, rating=row.rating or NOT_RATED, split=row.split,
                                 views=sentences, answers=answers,
                                 trust_answer=commentary if answers and commentary else None))
    n = result.partner_summary
    supporting = (all_of(n.listed, "partner", "listed").replace(" are", " support").replace(" is", " supports")
                  if n.supporting == n.listed else
                  f"{capitalise(number_words(n.supporting))} of the {number_words(n.listed)} partners listed "
                  f"{'supports' if n.supporting == 1 else 'support'}")
    summary = (f"{supporting} the application"
               + (f", {number_words(n.conditional)} with conditions" if n.conditional else "")
               + f"; {number_words(n.counting)} {'statement is' if n.counting == 1 else 'statements are'} signed and "
               "in date, and so count as evidence.")
    return SystemView(summary=summary, partners=rows, views=view_rows, private_withheld=withheld)
