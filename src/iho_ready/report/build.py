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
from .view import (
    CURRENT,
    DOCUMENT_STATUS,
    EVIDENCE_STATUS_MEANING,
    PRIVATE_DOCUMENT,
    RAG_MEANING,
    READINESS_MEANING,
    RELATIONSHIP_LABEL,
    RELATIONSHIP_MEANING,
    STATUS_MEANING,
    TOP_GAPS,
    ActionView,
    AreaView,
    Audience,
    CoverageRow,
    CoverRow,
    CriterionView,
    CrosswalkView,
    ItemView,
    KeyEntry,
    PartnerRow,
    RegisterRow,
    Report,
    RubricView,
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
    exceptions = [views[(c.rubric, c.id)] for c in sorted((c for c in result.criteria if c.exception),
                                                          key=exception_rank)]
    actions = sorted((a for v in views.values() for a in v.actions), key=due_order)
    unactioned = [c.id for c in sorted((c for c in result.criteria if c.exception), key=exception_rank)
                  if c.status != "not-assessed" and not c.open_action]

    register = [_register_row(d, doc_status[d.id]) for d in manifest.evidence if d.id not in hidden]
    moved = progress(previous.result, result) if previous is not None else None
    crosswalks = [_crosswalk_view(c, outcome) for c in result.coverage]
    return Report(
        title=manifest.assessment.title,
        organisation=manifest.organisation.name,
        note=manifest.organisation.note,
        audience=audience,
        as_of=result.as_of,
        tool_version=result.tool_version,
        cover=_cover(outcome),
        introduction=_introduction(outcome),
        rubrics=rubrics,
        top_gaps=exceptions[:TOP_GAPS],
        more_gaps=max(0, len(exceptions) - TOP_GAPS),
        more_gaps_text=_further(len(exceptions) - TOP_GAPS),
        recommendation=([manifest.assessment.recommendation] if manifest.assessment.recommendation
                        else _recommendation(manifest.assessment.purpose, rubrics, unactioned,
                                             [a.id for a in actions if a.overdue], moved)),
        recommendation_given=manifest.assessment.recommendation is not None,
        exceptions=exceptions,
        actions=actions,
        unactioned=unactioned,
        register=register,
        private_withheld=len(hidden),
        crosswalks=crosswalks,
        system=_system_view(result, loaded, audience) if result.partners else None,
        progress=moved,
        key=_key(outcome, crosswalks),
    )


def _further(count: int) -> str:
    if count <= 0:
        return ""
    words_ = number_words(count)
    return f"{capitalise(words_)} further {'criterion is' if count == 1 else 'criteria are'}"


def _cover(outcome: Outcome) -> list[CoverRow]:
    manifest = outcome.loaded.manifest
    a, org = manifest.assessment, manifest.organisation
    rows: list[tuple[str, str | date | None]] = []
    if a.meeting:
        rows += [("Meeting", a.meeting.name), ("Session", a.session.capitalize() if a.session else None),
                 ("Date of meeting", a.meeting.date), ("Agenda item", a.meeting.agenda_item)]
    else:
        rows.append(("Session", a.session.capitalize() if a.session else None))
    rows += [
        ("Report title", a.title),
        ("Trust", f"{org.name} ({org.ods_code})" if org.ods_code else org.name),
        ("Author", a.author),
        ("Executive lead", a.executive_lead),
        ("Purpose", PURPOSE_LABEL[a.purpose] if a.purpose else None),
        ("Assurance offered", a.assurance),
        ("Previously considered by", "; ".join(a.previously_considered_by) or None),
        ("Strategic objectives", "; ".join(a.strategic_objectives) or None),
        ("Board Assurance Framework risks", "; ".join(a.baf_risks) or None),
        ("Position as at", outcome.result.as_of),
    ]
    return [CoverRow(label, value) for label, value in rows if value is not None]


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
    gap = (entry.explanation or " ".join(reasons)) if reasons else "No current gap: an improvement action."
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
                      overdue=overdue)


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


def _recommendation(purpose: str | None, rubrics: list[RubricView], unactioned: list[str],
                    overdue: list[str], progress: Progress | None) -> list[str]:
    """What the Board is asked to do, from the paper's purpose and the readiness found."""
    readiness = listing([f"{r.readiness_label.lower()} against the {r.title}" for r in rubrics])
    all_ready = all(r.readiness == "ready" for r in rubrics)
    asks = []
    if purpose == "approval":
        asks.append(f"approve the self-assessment, which finds the trust {readiness}")
        if not all_ready:
            asks.append("approve the action plan to close the gaps set out in the exceptions section")
    elif purpose == "discussion":
        asks.append(f"discuss the self-assessment, which finds the trust {readiness}")
        if not all_ready:
            asks.append("discuss the exceptions and whether the action plan is sufficient to close them")
    elif purpose == "assurance":
        asks.append(f"note that the trust is {readiness}")
        if all_ready:
            asks.append("take assurance that every criterion is met or confirmed with current evidence")
        else:
            asks.append("take assurance from the action plan that the gaps with an action in hand are "
                        "being addressed")
    else:
        asks.append(f"note that the trust is {readiness}")
    if unactioned:
        asks.append(f"note that {listing(unactioned)} {'has' if len(unactioned) == 1 else 'have'} a gap with "
                    "no open action, and ask the executive lead to agree actions with owners and due dates")
    if overdue:
        one = len(overdue) == 1
        asks.append(f"note that {'action' if one else 'actions'} {listing(overdue)} {'is' if one else 'are'} "
                    f"overdue, and ask {'its owner for a revised date' if one else 'their owners for revised dates'}")
    if progress is not None:
        asks.append(f"note the progress since the assessment of {long_date(progress.as_of_before)}")
    return [f"The Board is asked to {ask}." for ask in asks]


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
    return "None yet: no related criterion is met"


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
    if crosswalks:
        key["Crosswalk coverage"] = [
            KeyEntry("Full", "A related criterion that is met is the same as, or covers all of, this one."),
            KeyEntry("Partial", "A related criterion that is met overlaps this one or covers part of it; "
                     "this criterion still needs evidence of its own."),
            KeyEntry("None yet", "No related criterion is met yet."),
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
