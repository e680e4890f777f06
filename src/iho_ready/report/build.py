"""Build the board paper (:class:`~iho_ready.report.view.Report`) from a check outcome.

A pure function: it reads no files and decides nothing about readiness. Every status,
reason, overdue action, document problem and crosswalk coverage comes from the
evaluation's :class:`~iho_ready.models.result.CheckResult`; this module chooses what the
paper says and in which order, and puts it in words. The audience filter lives here, not
in the template, so that a user's ``--template`` cannot show a public session the evidence
marked ``sensitivity: private``.
"""

from __future__ import annotations

from datetime import date

from ..models.loaded import LoadedManifest
from ..models.manifest import Action, CriterionEntry, Evidence
from ..models.outcome import Outcome
from ..models.result import (
    EXCEPTION_STATUSES,
    AssuranceResult,
    CheckResult,
    CriterionResult,
    CrosswalkCoverage,
    DocumentResult,
    PartnerResult,
    exception_rank,
)
from ..models.result import CoverageRow as CoverageResult
from ..models.rubric import Criterion, Placed, Rubric
from ..progress import Progress, progress
from ..words import (
    ACTION_STATUS_LABEL,
    ASSURANCE_LABEL,
    ASSURANCE_MEANING,
    PARTNER_KIND_LABEL,
    POSITION_LABEL,
    PURPOSE_LABEL,
    RAG_LABEL,
    READINESS_LABEL,
    STATUS_LABEL,
    capitalise,
    clip,
    credit,
    listing,
    long_date,
    long_month_or_date,
    lower_first,
    number_words,
    plural,
    reason_sentence,
    words,
)
from .designation import DESIGNATION_HEADING, baf_line, build_designation
from .view import (
    ATTENTION_STATUSES,
    BOARD_POSITION_LABEL,
    BOARD_STATEMENT_LEVEL,
    CONFIDENTIAL_MARK,
    CURRENT,
    DEFAULT_CLASSIFICATION,
    DOCUMENT_STATUS,
    EVIDENCE_STATUS_MEANING,
    GLOSSARY,
    IMPLICATIONS,
    NOT_COVERED,
    NOT_STATED,
    PRIVATE_DOCUMENT,
    RAG_MEANING,
    READINESS_MEANING,
    RELATIONSHIP_LABEL,
    RELATIONSHIP_MEANING,
    SESSION_LABEL,
    STATUS_MEANING,
    STATUS_PHRASE,
    ActionView,
    AreaView,
    Audience,
    CoverageRow,
    CoverRow,
    CriterionView,
    CrosswalkView,
    ItemView,
    KeyEntry,
    MemorandumRow,
    PartnerRow,
    RegisterRow,
    Report,
    RubricView,
    StatementView,
    SystemView,
    ViewRow,
    due_order,
)


def build_report(outcome: Outcome, *, audience: Audience = "public", previous: Outcome | None = None) -> Report:
    """Build the report for *outcome*; with *previous*, include the progress since it.

    Pure: reads no files. In a ``public`` report, evidence marked ``sensitivity: private``
    is never named: only the fact that private evidence exists is shown.
    """
    result, loaded = outcome.result, outcome.loaded
    manifest = loaded.manifest
    documents = {d.id: d for d in manifest.evidence}
    hidden = {d.id for d in result.documents if audience == "public" and d.private}
    doc_status = {d.id: _document_status(d, documents[d.id]) for d in result.documents}
    # A partner statement counts as evidence where the rubric says so; it reads like a document.
    doc_status |= {f"partner:{p.id}": _partner_status(p) for p in result.partners}
    titles = {d.id: d.title for d in manifest.evidence}
    titles |= {f"partner:{p.id}": f"Statement of {p.name}" for p in result.partners if p.name}
    overdue = {a.id for a in result.actions if a.overdue}
    views: dict[tuple[str, str], CriterionView] = {}
    for c in result.criteria:
        key = (c.rubric, c.id)
        entry = loaded.entry(c.rubric, c.id)
        view = _criterion_view(c, loaded.placed[key], entry, titles, hidden, doc_status, overdue)
        views[key] = view

    rubrics = [_rubric_view(s.rubric, s.pinned, outcome, views) for s in loaded.rubrics]
    ranked = sorted((c for c in result.criteria if c.exception), key=exception_rank)
    exceptions = [views[(c.rubric, c.id)] for c in ranked]
    actions = sorted((a for v in views.values() for a in v.actions), key=due_order)
    unactioned = [c.id for c in ranked if c.status != "not-assessed" and not c.open_action]
    partners = {f"partner:{p.id}": p for p in result.partners}
    statements = [_statement(views[(c.rubric, c.id)], c, loaded.placed[(c.rubric, c.id)], documents, partners, hidden,
                             doc_status)
                  for c in result.criteria if _is_board_statement(loaded.placed[(c.rubric, c.id)])]
    unsupported = [s.criterion.id for s in statements if s.position == BOARD_POSITION_LABEL[True] and not s.supported]
    not_confirmed = [s.criterion.id for s in statements if s.position == BOARD_POSITION_LABEL[False]]

    register = [_register_row(d, doc_status[d.id]) for d in manifest.evidence if d.id not in hidden]
    moved = progress(previous.result, result) if previous is not None else None
    crosswalks = [_crosswalk_view(c, outcome) for c in result.coverage]
    sections = _numbered([("summary", "Executive summary"), ("recommendation", "Recommendation")]
                         + ([("progress", "Progress since the previous paper")] if moved else [])
                         + ([("statements", "Board statements: memorandum of supporting evidence")]
                            if statements else [])
                         + [("exceptions", "Exceptions"), ("actions", "Actions for the board")])
    system = _system_view(result, loaded, audience) if result.partners else None
    designation = build_designation(outcome)
    appendices = _lettered([("detail", "Detail by domain")]
                           + ([("designation", DESIGNATION_HEADING)] if designation and designation.has_detail else [])
                           + ([("system", "System view: partners' statements")] if system else [])
                           + [("plan", "Full action plan"), ("register", "Evidence register")]
                           + ([("crosswalks", "How one set of criteria covers another")] if crosswalks else [])
                           + [("sources", "Criteria and sources"), ("key", "Key"), ("glossary", "Glossary")])
    a = manifest.assessment
    assurance = result.assurance
    # Conditions of partners' support that no action answers (the evaluation's condition-without-action).
    unanswered = [f"{p.name or p.id}'s condition {c.id}" for p in result.partners for c in p.conditions
                  if not c.answered_by]
    recommendation = ([a.recommendation] if a.recommendation else
                      _recommendation(a.purpose, rubrics, statements, unsupported, not_confirmed, unactioned,
                                      [x.id for x in actions if x.overdue], moved, assurance, sections)
                      + _conditions_ask(unanswered, appendices))
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
        header=_header(outcome, audience),
        footer=_footer(outcome, audience),
        author=a.author,
        cover=_cover(outcome, audience, recommendation, sections, appendices),
        implications=_implications(outcome),
        sections=sections,
        appendices=appendices,
        audience_note=_audience_note(audience, len(hidden), len(withheld)),
        omitted=withheld if audience == "private" else [],
        introduction=_introduction(outcome),
        rubrics=rubrics,
        summary_points=_summary_points(statements, unsupported, not_confirmed, assurance, moved, sections)
        + ([f"{system.summary.rstrip('.')} ({appendices['system'].split(':')[0]})."] if system else []),
        exceptions_summary=_exceptions_summary(exceptions, sections),
        recommendation=recommendation,
        recommendation_given=a.recommendation is not None,
        statements=statements,
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
        previous_paper=_previous_paper(previous) if previous is not None else None,
        progress_sentence=_progress_sentence(moved) if moved is not None else None,
        worse=_worse(moved, views) if moved is not None else [],
        better=_better(moved) if moved is not None else [],
        key=_key(outcome, crosswalks),
        glossary=[KeyEntry(term, meaning) for term, meaning in GLOSSARY],
        designation=designation,
    )


def _numbered(sections: list[tuple[str, str]]) -> dict[str, str]:
    return {key: f"{n}. {title}" for n, (key, title) in enumerate(sections, start=1)}


def _lettered(appendices: list[tuple[str, str]]) -> dict[str, str]:
    return {key: f"Appendix {chr(ord('A') + n)}: {title}" for n, (key, title) in enumerate(appendices)}


def _is_board_statement(placed: Placed) -> bool:
    """Whether the board confirms the criterion or not (a board statement): its scale has a
    ``confirmed`` level."""
    return placed.level(BOARD_STATEMENT_LEVEL) is not None


def _statement(view: CriterionView, c: CriterionResult, placed: Placed,
               documents: dict[str, Evidence], partners: dict[str, PartnerResult], hidden: set[str],
               doc_status: dict[str, str]) -> StatementView:
    """A board statement in the Annex 1 form, from the evaluation's result for it."""
    rows = []
    for item in c.items:
        ref = item.id or c.id
        held = item.documents + item.broken
        if not held:
            rows.append(MemorandumRow(ref, "None held", "", "required" if item.required
                                      else "suggested, not required"))
        for doc_id in held:
            note = lower_first_each(doc_status[doc_id]) if doc_status[doc_id] != CURRENT else ""
            if doc_id in item.broken:
                note = f"cannot count: {note}" if note else "cannot count"
            if doc_id in partners:  # a partner's signed statement counts as evidence where the rubric says
                partner = partners[doc_id]
                signed = "Not signed"
                if partner.signed:
                    when = f", {long_date(partner.signed_on)}" if partner.signed_on else ""
                    signed = f"Signed by {partner.signed_by or partner.name}{when}"
                rows.append(MemorandumRow(ref, f"Statement of {partner.name or partner.path}", signed, note))
                continue
            doc = documents[doc_id]
            if doc_id in hidden:
                rows.append(MemorandumRow(ref, PRIVATE_DOCUMENT, "", ""))
                continue
            approved = f"{doc.approved.by}, {long_date(doc.approved.date)}" if doc.approved else "Not approved"
            rows.append(MemorandumRow(ref, f"{doc_id}: {doc.title}", approved, note))
    level = placed.level(c.rating) if c.rating is not None else None
    meets = None if level is None else level.meets
    return StatementView(criterion=view, lead_in=placed.lead_in, position=BOARD_POSITION_LABEL[meets],
                         supported=c.status == "met",
                         concerns=[] if c.status == "met" else
                         [text for r, text in zip(c.reasons, view.reasons, strict=True) if r.code != "not-confirmed"],
                         memorandum=rows, plan=[a for a in view.actions if a.open])


def _exceptions_summary(exceptions: list[CriterionView], sections: dict[str, str]) -> str:
    """The exceptions in one sentence, worst first, grouped by status (from the evaluation's statuses)."""
    groups = [
        ("gap", "{ids} {verb} short without an adequate plan"),
        ("not-assessed", "{ids} {verb2} not yet assessed"),
        ("action-planned", "{ids} {verb} short with a plan in place"),
    ]
    parts = []
    for status, phrase in groups:
        ids = [v.id for v in exceptions if v.status == status]
        if ids:
            parts.append(phrase.format(ids=listing(ids), verb="falls" if len(ids) == 1 else "fall",
                                       verb2="is" if len(ids) == 1 else "are"))
    count = len(exceptions)
    noun = "criterion is an exception" if count == 1 else "criteria are exceptions"
    return (f"{capitalise(number_words(count))} {noun}: {'; '.join(parts)} "
            f"(section {sections['exceptions'].split('.')[0]}).")


def _meeting_parts(outcome: Outcome, audience: Audience) -> tuple[str | None, date | None, str | None]:
    meeting = outcome.loaded.manifest.assessment.meeting
    if meeting is None:
        return None, None, None
    item = meeting.private_agenda_item if audience == "private" and meeting.private_agenda_item \
        else meeting.agenda_item
    return meeting.name, meeting.date, item


def _classification(outcome: Outcome, audience: Audience) -> str:
    return outcome.loaded.manifest.assessment.classification or DEFAULT_CLASSIFICATION[audience]


def _header(outcome: Outcome, audience: Audience) -> str:
    name, when, item = _meeting_parts(outcome, audience)
    parts = [outcome.loaded.manifest.organisation.name]
    if name:
        parts.append(f"{name}, {long_date(when)}" if when else name)
    parts.append(f"{SESSION_LABEL[audience].split(' ')[0]} session")
    if item:
        parts.append(f"Agenda item {item}")
    return " | ".join(parts)


def _footer(outcome: Outcome, audience: Audience) -> str:
    parts = [_classification(outcome, audience)]
    if audience == "private":
        parts.append("Confidential: private session")
    parts.append(f"FOI: {_foi(outcome, audience)}")
    return " | ".join(parts)


def _foi(outcome: Outcome, audience: Audience) -> str:
    a = outcome.loaded.manifest.assessment
    return (a.private_foi_status if audience == "private" else a.foi_status) or NOT_STATED


def _cover(outcome: Outcome, audience: Audience, recommendation: list[str], sections: dict[str, str],
           appendices: dict[str, str]) -> list[CoverRow]:
    manifest = outcome.loaded.manifest
    a, org = manifest.assessment, manifest.organisation
    name, when, item = _meeting_parts(outcome, audience)
    rows: list[tuple[str, str | date]] = [
        ("Meeting", name or NOT_STATED),
        ("Session", SESSION_LABEL[audience]),
        ("Date of meeting", when or NOT_STATED),
        ("Agenda item", item or NOT_STATED),
        ("Report title", a.title),
        ("Trust", f"{org.name} ({org.ods_code})" if org.ods_code else org.name),
        ("Author", a.author or NOT_STATED),
        ("Executive lead", a.executive_lead or NOT_STATED),
        ("Purpose", PURPOSE_LABEL[a.purpose] if a.purpose else NOT_STATED),
        ("Assurance level", _assurance_words(outcome)),
    ]
    if a.assurance:
        rows.append(("Basis for the level offered", a.assurance))
    rows += [
        ("Previously considered by", "; ".join(a.previously_considered_by) or NOT_STATED),
        ("Strategic objectives", "; ".join(a.strategic_objectives) or NOT_STATED),
        ("Board Assurance Framework risks", "; ".join(baf_line(outcome.result) or a.baf_risks) or NOT_STATED),
        ("CQC well-led", "; ".join(a.cqc_well_led) or NOT_STATED),
        ("Recommendation", f"{_recommendation_summary(a.purpose, recommendation)} See section "
                           f"{sections['recommendation'].split('.')[0]}."),
        ("Freedom of information", _foi(outcome, audience)),
        ("Security classification", _classification(outcome, audience)),
        ("Position as at", outcome.result.as_of),
        ("Contents", "; ".join(list(sections.values()) + list(appendices.values()))),
    ]
    return [CoverRow(label, value) for label, value in rows]


def _assurance_words(outcome: Outcome) -> str:
    """The level the evidence supports, beside the level the manifest offers; from the result."""
    found = outcome.result.assurance
    if found is None:
        return NOT_STATED
    scale = ", ".join(label.lower() for label in ASSURANCE_LABEL.values())
    supported = f"{ASSURANCE_LABEL[found.level]} ({found.met} of {found.criteria} criteria met or confirmed " \
                "with current evidence)"
    if found.stated is None:
        return f"{supported}, as the evidence supports it; the author offers no level. Scale: {scale}."
    offered = f"Offered by the author: {ASSURANCE_LABEL[found.stated]}. Supported by the evidence: {supported}."
    if found.overstated:
        offered += " The level offered is more than the evidence supports."
    return f"{offered} Scale: {scale}."


def _recommendation_summary(purpose: str | None, recommendation: list[str]) -> str:
    """The recommendation in one sentence for the cover sheet: the first thing the board is asked."""
    return recommendation[0] if recommendation else NOT_STATED


def _implications(outcome: Outcome) -> list[CoverRow]:
    given = outcome.loaded.manifest.assessment.implications
    return [CoverRow(label, getattr(given, name) or NOT_STATED) for name, label in IMPLICATIONS]


def _audience_note(audience: Audience, hidden: int, private: int) -> str:
    if audience == "public":
        if not hidden:
            return "This version is for the public session. No evidence is marked private."
        return (f"This version is for the public session. {capitalise(number_words(hidden))} "
                f"{'document is' if hidden == 1 else 'documents are'} marked private and not listed; "
                f"{'it counts' if hidden == 1 else 'they count'} as evidence where "
                f"{'it applies' if hidden == 1 else 'they apply'}, and the private version names "
                f"{'it' if hidden == 1 else 'them'}.")
    if not private:
        return f"{CONFIDENTIAL_MARK} The public version of this paper is the same: no evidence is marked private."
    return f"{CONFIDENTIAL_MARK} The public version of this paper leaves out:"


def _summary_points(statements: list[StatementView], unsupported: list[str], not_confirmed: list[str],
                    assurance: AssuranceResult | None, moved: Progress | None,
                    sections: dict[str, str]) -> list[str]:
    points = []
    if statements:
        confirmed = sum(1 for s in statements if s.position == BOARD_POSITION_LABEL[True])
        text = (f"Of the {len(statements)} board statements, {confirmed} {'is' if confirmed == 1 else 'are'} put "
                "forward as confirmed" if confirmed
                else f"None of the {len(statements)} board statements is put forward as confirmed")
        if unsupported:
            text += f"; the evidence does not yet support {listing(unsupported)}"
        if not_confirmed:
            text += (f". {listing(not_confirmed)} {'is' if len(not_confirmed) == 1 else 'are'} not confirmed, "
                     "with an explanation and a plan")
        points.append(text + f" (section {sections['statements'].split('.')[0]}).")
    if assurance is not None:
        text = (f"The evidence supports {_assurance_phrase(assurance.level)}: {assurance.met} of "
                f"{assurance.criteria} criteria are met or confirmed with current evidence.")
        if assurance.overstated and assurance.stated is not None:
            text += f" The paper's author offers {_assurance_phrase(assurance.stated)}, which is more."
        points.append(text)
    if moved is not None:
        points.append(_progress_sentence(moved))
    return points


def _assurance_phrase(level: str) -> str:
    label = ASSURANCE_LABEL[level].lower()
    return label if label.endswith("assurance") else f"{label} assurance"


def _previous_paper(previous: Outcome) -> str:
    a = previous.loaded.manifest.assessment
    if a.meeting is None:
        return f"the assessment as at {long_date(previous.result.as_of)}"
    text = f"{a.meeting.name}, {long_date(a.meeting.date)}"
    return text + (f", agenda item {a.meeting.agenda_item}" if a.meeting.agenda_item else "")


def _progress_sentence(moved: Progress) -> str:
    """Whether readiness moved since the previous paper, in one sentence."""
    changed = [r for r in moved.readiness if r.before != r.after]
    if not changed:
        still = listing([f"{READINESS_LABEL[r.after].lower()} against the {r.title}" for r in moved.readiness
                         if r.after])
        return f"Readiness has not moved since {long_date(moved.as_of_before)}: the trust is still {still}."
    parts = []
    for r in changed:
        before = READINESS_LABEL[r.before].lower() if r.before else "not assessed"
        after = READINESS_LABEL[r.after].lower() if r.after else "no longer assessed"
        parts.append(f"from {before} to {after} against the {r.title}")
    return f"Readiness has moved since {long_date(moved.as_of_before)}: {listing(parts)}."


def _worse(moved: Progress, views: dict[tuple[str, str], CriterionView]) -> list[str]:
    """What got worse, worst first: shortfalls opened, actions that slipped or were dropped."""
    out = []
    for m in moved.opened:
        reasons = " ".join(views[(m.rubric, m.criterion)].reasons) if (m.rubric, m.criterion) in views else ""
        out.append(f"{m.criterion} was {STATUS_PHRASE[m.status_before]} and is now {STATUS_PHRASE[m.status_after]}. "
                   f"{reasons}".strip())
    for r in moved.ratings:
        if r not in moved.opened and r.status_after in EXCEPTION_STATUSES and r.status_before == r.status_after:
            out.append(f"{r.criterion}'s rating moved from {(r.rating_before or 'not rated').lower()} to "
                       f"{(r.rating_after or 'not rated').lower()}.")
    for a in moved.slipped:
        text = f"Action {a.id} ({a.criterion}) slipped"
        if a.due_before != a.due_after:
            text += (f": due {long_date(a.due_before)}, now {long_date(a.due_after)}" if a.due_before and a.due_after
                     else "")
        out.append(text + (" and is now overdue." if a.newly_overdue else "."))
    for a in moved.dropped:
        out.append(f"Action {a.id} ({a.criterion}) is no longer in the plan and was not completed.")
    return out


def _better(moved: Progress) -> list[str]:
    out = [f"{m.criterion} was {STATUS_PHRASE[m.status_before]} and is now {STATUS_PHRASE[m.status_after]}."
           for m in moved.closed]
    out += [f"Action {a.id} ({a.criterion}) is complete: {lower_first(a.action)}." for a in moved.completed]
    out += [f"Action {a.id} ({a.criterion}) is new: {lower_first(a.action)}"
            + (f", due {long_date(a.due_after)}." if a.due_after else ".") for a in moved.added]
    return out


def _introduction(outcome: Outcome) -> str:
    org = outcome.loaded.manifest.organisation
    rubrics = [s.rubric.title for s in outcome.loaded.rubrics]
    text = (f"This paper reports {org.name}'s self-assessment of its readiness to hold an integrated "
            f"health organisation (IHO) contract, as at {long_date(outcome.result.as_of)}, against "
            f"{number_words(len(rubrics))} {'set' if len(rubrics) == 1 else 'sets'} of criteria: "
            f"{listing(rubrics)}.")
    pop = org.population
    if org.icb or pop:
        where = f" of {pop.footprint}" if pop and pop.footprint else ""
        size = f" (about {pop.size:,} people)" if pop and pop.size is not None else ""
        by = f", commissioned by {org.icb}" if org.icb else ""
        text += f" The contract would cover the population{where}{size}{by}."
    return text


def _document_status(doc: DocumentResult, evidence: Evidence) -> str:
    """A document's status in words, from the problems the evaluation found with it."""
    found = []
    for code in doc.problems:
        if code not in DOCUMENT_STATUS:
            continue
        text = DOCUMENT_STATUS[code][0]
        if code in ("evidence-expired", "evidence-expiring") and evidence.review_by:
            text += f" ({long_date(evidence.review_by)})"
        found.append(text)
    return "; ".join(found) or CURRENT


def _register_row(doc: Evidence, status: str) -> RegisterRow:
    return RegisterRow(id=doc.id, title=doc.title, owner=doc.owner,
                       approved_by=doc.approved.by if doc.approved else None,
                       approved_on=doc.approved.date if doc.approved else None,
                       review_by=doc.review_by, status=status)


def _criterion_view(c: CriterionResult, placed: Placed, entry: CriterionEntry, titles: dict[str, str],
                    hidden: set[str], doc_status: dict[str, str], overdue: set[str]) -> CriterionView:
    criterion = placed.criterion
    texts = {i.id: (i.text, list(i.considerations)) for i in criterion.evidence}
    direct: tuple[str, list[str]] = (
        "A document supporting the criterion directly (it has no key-evidence items of its own)", [])

    def named(doc_id: str) -> str:
        if doc_id.startswith("partner:"):
            return titles[doc_id]
        return PRIVATE_DOCUMENT if doc_id in hidden else f"{doc_id}: {titles[doc_id]}"

    def ref(doc_id: str) -> str:
        if doc_id.startswith("partner:"):
            return f"the {lower_first(titles[doc_id])}"
        return "a private document" if doc_id in hidden else doc_id

    items = []
    for item in c.items:
        if item.satisfied:
            status = "Evidenced"
            detail = [f"{ref(d)}: {lower_first_each(doc_status[d])}" for d in item.documents
                      if doc_status[d] != CURRENT]
        else:
            status = "Not evidenced" if item.required else "Suggested, not supplied"
            detail = [f"{ref(d)} cannot count: {lower_first_each(doc_status[d])}" for d in item.broken]
        text, considerations = texts.get(item.id, direct) if item.id else direct
        items.append(ItemView(
            id=item.id,
            text=text,
            considerations=considerations,
            required=item.required,
            documents=[named(d) for d in item.documents + item.broken],
            status=f"{status}. {'; '.join(detail)}" if detail else status,
        ))
    missing = [view for view, item in zip(items, c.items, strict=True) if item.required and not item.satisfied]

    rating = c.rating_label or "Not rated"
    reasons = [reason_sentence(r.code, r.refs, r.lacks, rating) for r in c.reasons]
    gap = (entry.explanation or " ".join(reasons)) if reasons else "No current shortfall: an improvement action."
    # The action plan repeats the gap in each of its actions' rows: a long explanation is given in
    # full once, in the criterion's detail, and clipped here, so the paper grows with the input.
    row_gap = f"{c.id}: {clip(gap, _ACTION_GAP_SHOWN)}"
    actions = [_action_view(action, c.id, row_gap, action.id in overdue) for action in entry.actions]
    where = placed.domain.title + (f": {placed.area.title}" if placed.area else "")
    return CriterionView(
        rubric=c.rubric, rubric_title=placed.rubric.title, id=c.id, ref=criterion.ref, domain=c.domain,
        area=c.area, where=where,
        lead_in=placed.lead_in, statement=criterion.statement, points=list(criterion.points),
        closing=criterion.closing, source_notes=list(criterion.source_notes), provenance=_provenance(criterion),
        mandatory=c.mandatory, rating=rating, status=c.status, status_label=STATUS_LABEL[c.status],
        rag=c.rag, rag_label=RAG_LABEL[c.rag], commentary=entry.commentary, explanation=entry.explanation,
        justification=entry.justification, reasons=reasons, items=items, missing=missing, actions=actions,
    )


_ACTION_GAP_SHOWN = 300
"""Characters of a gap's explanation repeated in each action plan row (the detail has it all)."""


def lower_first_each(text: str) -> str:
    """``Past its review date (30 September 2026); Not approved`` -> each part's first letter in
    lower case, so a sentence joining several statuses does not change case halfway."""
    return "; ".join(lower_first(part) for part in text.split("; "))


def _action_view(action: Action, criterion: str, gap: str, overdue: bool) -> ActionView:
    return ActionView(id=action.id, criterion=criterion, gap=gap, action=action.action, owner=action.owner,
                      due=action.due, status=ACTION_STATUS_LABEL[action.status], open=action.is_open,
                      overdue=overdue, attention=action.status in ATTENTION_STATUSES)


def _rubric_view(rubric: Rubric, pinned: bool, outcome: Outcome,
                 views: dict[tuple[str, str], CriterionView]) -> RubricView:
    summary = next(r for r in outcome.result.rubrics if r.id == rubric.id)
    mine = [v for (rid, _), v in views.items() if rid == rubric.id]
    areas = []
    domains = {d.id: d.title for d in rubric.domains}
    for a in outcome.result.areas:
        if a.rubric != rubric.id:
            continue
        # A domain with sub-areas lists its criteria under each sub-area, not twice.
        inside = [v for v in mine if (v.domain, v.area) == (a.domain, a.area)]
        areas.append(AreaView(title=a.title, heading=f"{domains[a.domain]}: {a.title}" if a.area else a.title,
                              is_area=a.area is not None, rag=a.rag, rag_label=RAG_LABEL[a.rag],
                              met=a.met, gaps=a.gaps, not_assessed=a.not_assessed, criteria=inside))
    return RubricView(
        id=rubric.id, title=rubric.title, version=rubric.version, status=words(rubric.status),
        publisher=rubric.publisher, published=long_month_or_date(rubric.published),
        source_title=rubric.source.title, source_section=rubric.source.section, source_url=rubric.source.url,
        licence=rubric.source.licence, pinned=pinned, readiness=summary.readiness,
        credit=credit(rubric.source.publisher or rubric.publisher, rubric.source.partners, rubric.source.authors,
                      rubric.source.date),
        additions=_additions(rubric),
        readiness_label=READINESS_LABEL[summary.readiness], criteria=summary.criteria, met=summary.met,
        action_planned=sum(1 for v in mine if v.status == "action-planned"),
        gaps=sum(1 for v in mine if v.status == "gap"), not_assessed=summary.not_assessed,
        ratings=_rating_counts(rubric, mine), areas=areas,
    )


def _provenance(criterion: Criterion) -> str | None:
    """Words for a criterion the source does not present as one (shown under its statement)."""
    if criterion.derived is None:
        return None
    if criterion.derived.wording == "verbatim":
        return (f"The words are the source's, which does not present them as a criterion; "
                f"{criterion.derived.by} lists them as one (see Appendix A).")
    return f"Worded by {criterion.derived.by}, not by the source (see Appendix A)."


def _additions(rubric: Rubric) -> list[str]:
    """What each encoder added to the rubric, as sentences for the sources appendix."""
    made: dict[str, list[str]] = {}
    for name, levels in rubric.scales.items():
        mark = rubric.scale_provenance.get(name)
        if mark is None or mark.by != "source":
            who = mark.by if mark else "the encoder"
            made.setdefault(who, []).append("the rating scale " + " / ".join(lv.label for lv in levels))
    tagged = any(p.criterion.tags for p in rubric.walk())
    if tagged and rubric.tags_by != "source":
        made.setdefault(rubric.tags_by or "the encoder", []).append("which criteria carry which theme")
    guided: dict[str, int] = {}
    for p in rubric.walk():
        if p.criterion.guidance and p.criterion.guidance.by != "source":
            guided[p.criterion.guidance.by] = guided.get(p.criterion.guidance.by, 0) + 1
    for who, n in guided.items():
        made.setdefault(who, []).append(f"the guidance on {plural(n, 'criterion', 'criteria')}")
    derived: dict[tuple[str, str], list[str]] = {}
    for p in rubric.walk():
        if p.criterion.derived:
            derived.setdefault((p.criterion.derived.by, p.criterion.derived.wording), []).append(p.criterion.id)
    for (who, wording), ids in derived.items():
        what = "the wording of" if wording == "ours" else "making criteria of source text the source does not " \
            "present as criteria:"
        made.setdefault(who, []).append(f"{what} {listing(ids)}")
    partnered = rubric.partner_evidence()
    if partnered:
        made.setdefault(rubric.encoder_mark, []).append(
            f"which partners' statements count as evidence for {listing(partnered)}")
    licence = f" (licensed {rubric.additions_licence})" if rubric.additions_licence else ""
    return [f"Added by {who}, not from the source{licence}: {listing(parts)}." for who, parts in made.items()]


def _rating_counts(rubric: Rubric, views: list[CriterionView]) -> str:
    """``8 confirmed and 1 not confirmed; 2 not rated``: every rating used, in scale order."""
    labels = [lv.label for levels in rubric.scales.values() for lv in levels]
    counts = {label: sum(1 for v in views if v.rating == label) for label in dict.fromkeys(labels)}
    given = [f"{n} {label.lower()}" for label, n in counts.items() if n]
    unrated = sum(1 for v in views if v.rating == "Not rated")
    text = listing(given) if given else "no ratings given"
    return text + (f"; {unrated} not rated" if unrated else "")


def _recommendation(purpose: str | None, rubrics: list[RubricView], statements: list[StatementView],
                    unsupported: list[str], not_confirmed: list[str], unactioned: list[str], overdue: list[str],
                    moved: Progress | None, assurance: AssuranceResult | None,
                    sections: dict[str, str]) -> list[str]:
    """What the Board is asked to do, from the paper's purpose and what the evaluation found.

    Every id it names comes from the result, so the recommendation cannot contradict the
    findings: the statements the evidence does not yet support are exactly those rated
    confirmed whose status is not met.
    """
    memo = f"section {sections['statements'].split('.')[0]}" if "statements" in sections else ""
    plan = f"section {sections['actions'].split('.')[0]}"
    readiness = listing([f"{r.readiness_label.lower()} against the {r.title}" for r in rubrics])
    confirmed = [s.criterion.id for s in statements if s.position == BOARD_POSITION_LABEL[True]]
    unrated = [s.criterion.id for s in statements if s.position == BOARD_POSITION_LABEL[None]]
    asks = []
    if purpose == "approval":
        if statements:
            positions = []
            if confirmed:
                positions.append(f"Confirmed for {listing(confirmed)}")
            if not_confirmed:
                positions.append(f"Not confirmed for {listing(not_confirmed)}, with the explanation and plan "
                                 f"for each in {memo}")
            asks.append(f"approve its position on each board statement: {'; '.join(positions)}")
        if unsupported:
            them = "it" if len(unsupported) == 1 else "them"
            asks.append(f"note, before approving, that the evidence does not yet support {listing(unsupported)} "
                        f"as confirmed ({memo}), and either record what else assures {them} or approve {them} as "
                        "not confirmed")
        if unrated:
            asks.append(f"note that {listing(unrated)} {'has' if len(unrated) == 1 else 'have'} not yet been "
                        "considered")
        asks.append(f"approve the self-assessment, which finds the trust {readiness}, and the actions in {plan}")
    else:
        verb = {"discussion": "discuss", "information": "note"}.get(purpose or "", "note")
        if assurance is not None:
            asks.append(f"{verb} that the evidence supports {_assurance_phrase(assurance.level)} and that the "
                        f"trust is {readiness}")
        else:
            asks.append(f"{verb} that the trust is {readiness}")
        if unsupported:
            asks.append(f"note that the evidence does not yet support board "
                        f"{'statement' if len(unsupported) == 1 else 'statements'} {listing(unsupported)} as "
                        f"confirmed ({memo})")
        if not_confirmed:
            asks.append(f"note that {listing(not_confirmed)} {'is' if len(not_confirmed) == 1 else 'are'} not "
                        "confirmed, with an explanation and a plan")
        if purpose == "assurance" and any(r.readiness != "ready" for r in rubrics):
            asks.append(f"seek assurance from the executive lead that the actions in {plan} will close the "
                        "shortfalls by their due dates")
    if unactioned:
        asks.append(f"direct the executive lead to agree actions, with owners and due dates, for "
                    f"{listing(unactioned)}, which {'has' if len(unactioned) == 1 else 'have'} a shortfall and no "
                    "open action")
    if overdue:
        one = len(overdue) == 1
        asks.append(f"request {'a revised date' if one else 'revised dates'} from the "
                    f"{'owner' if one else 'owners'} of overdue {'action' if one else 'actions'} {listing(overdue)}")
    if moved is not None:
        asks.append(f"note the progress since the assessment of {long_date(moved.as_of_before)}")
    return [f"The Board is asked to {ask}." for ask in asks]


def _conditions_ask(unanswered: list[str], appendices: dict[str, str]) -> list[str]:
    """Ask the board to see that each condition of a partner's support has an action answering it."""
    if not unanswered:
        return []
    where = appendices["system"].split(":")[0] if "system" in appendices else "the system view"
    one = len(unanswered) == 1
    return [f"The Board is asked to direct the executive lead to agree {'an action' if one else 'actions'} "
            f"answering {listing(unanswered)}, which no action yet answers ({where})."]


def _crosswalk_view(coverage: CrosswalkCoverage, outcome: Outcome) -> CrosswalkView:
    titles = {s.rubric.key: s.rubric.title for s in outcome.loaded.rubrics}
    rows = [CoverageRow(target=row.target, target_status=STATUS_LABEL[row.target_status],
                        related=[f"{r.criterion}{f' (its key evidence {r.evidence})' if r.evidence else ''} "
                                 f"{RELATIONSHIP_LABEL[r.relationship]} it ({STATUS_LABEL[r.status]})"
                                 for r in row.related],
                        coverage=_coverage_words(row))
            for row in coverage.rows]
    return CrosswalkView(title=coverage.title, author=coverage.author, source_title=titles[coverage.source],
                         target_title=titles[coverage.target], rows=rows)


def _coverage_words(row: CoverageResult) -> str:
    if row.coverage == "full":
        return f"Full, through {listing(row.through)}"
    if row.coverage == "partial":
        return f"Partial, through {listing(row.through)}"
    return f"{NOT_COVERED}: no related criterion is met"


def _key(outcome: Outcome, crosswalks: list[CrosswalkView]) -> dict[str, list[KeyEntry]]:
    """The key: every word the paper uses as a code, with what it means."""
    ratings: dict[str, str] = {}
    for s in outcome.loaded.rubrics:
        for levels in s.rubric.scales.values():
            for lv in levels:
                ratings.setdefault(lv.label, "Counts as meeting the criterion." if lv.meets
                                   else "Does not count as meeting the criterion.")
    ratings["Not rated"] = "The trust has not yet rated the criterion."
    key = {
        "Board's position": [
            KeyEntry(BOARD_POSITION_LABEL[True],
                     "The board confirms the statement, having assured itself of the evidence."),
            KeyEntry(BOARD_POSITION_LABEL[False],
                     "The board does not confirm the statement; an explanation and a plan are given."),
            KeyEntry(BOARD_POSITION_LABEL[None], "The board has not yet taken a position.")],
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
        ] + [KeyEntry(capitalise(phrase), RELATIONSHIP_MEANING[name])
             for name, phrase in RELATIONSHIP_LABEL.items()]
    return key


def _answered(actions: list[str]) -> str:
    return f"answered by action {listing(actions)}" if actions else "no action answers it yet"


def _partner_status(p: PartnerResult) -> str:
    """Whether a partner statement counts as evidence, in words: ``Current`` or why not."""
    if p.name is None:
        return "Not received" if p.problem == "missing" else "Held outside the evidence repository"
    reasons = []
    if not p.signed:
        reasons.append("Not signed")
    if not p.in_date and p.review_by:
        reasons.append(f"Past its review date ({long_date(p.review_by)})")
    if p.position not in ("supports", "supports-with-conditions"):
        reasons.append(POSITION_LABEL[p.position or "undecided"])
    return "; ".join(reasons) or CURRENT


def _system_view(result: CheckResult, loaded: LoadedManifest, audience: Audience) -> SystemView:
    """The partners' statements and views, in words; private comments only in private papers."""
    rows = []
    for p in result.partners:
        if p.name is None:
            rows.append(PartnerRow(name=p.path, kind="Not known", position="No statement", signed="Not signed",
                                   status=_partner_status(p), conditions=[]))
            continue
        signed = f"{p.signed_by}, {long_date(p.signed_on)}" if p.signed_by and p.signed_on else "Not signed"
        conditions = [f"{c.id}: {c.text} ({_answered(c.answered_by)})" for c in p.conditions]
        rows.append(PartnerRow(name=p.name, kind=PARTNER_KIND_LABEL[p.kind or "other"],
                               position=POSITION_LABEL[p.position or "undecided"], signed=signed,
                               status=_partner_status(p), conditions=conditions))
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
        view_rows.append(ViewRow(criterion=row.criterion, rating=row.rating or "Not rated", split=row.split,
                                 views=sentences, answers=answers,
                                 trust_answer=commentary if answers and commentary else None))
    supporting = [p for p in result.partners if p.position in ("supports", "supports-with-conditions")]
    conditional = sum(1 for p in supporting if p.position == "supports-with-conditions")
    counting = sum(1 for p in result.partners if p.valid)
    summary = (f"{capitalise(number_words(len(supporting)))} of the {number_words(len(result.partners))} partners "
               f"{'listed support' if len(supporting) != 1 else 'listed supports'} the application"
               + (f", {number_words(conditional)} with conditions" if conditional else "")
               + f"; {number_words(counting)} {'statement is' if counting == 1 else 'statements are'} signed and in "
               "date, and so count as evidence.")
    return SystemView(summary=summary, partners=rows, views=view_rows, private_withheld=withheld)
