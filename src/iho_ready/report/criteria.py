"""Criteria, board statements, documents and rubrics in the paper's words: each built from the
evaluation's result for it, deciding nothing.
"""

from __future__ import annotations

from ..models.manifest import CriterionEntry, Evidence
from ..models.outcome import Outcome
from ..models.result import (
    ActionResult,
    BoardSummary,
    CriterionResult,
    DocumentResult,
    PartnerResult,
    RubricResult,
)
from ..models.rubric import Criterion, Placed, Rubric
from ..words import (
    ACTION_STATUS_LABEL,
    NOT_RATED,
    RAG_LABEL,
    READINESS_LABEL,
    STATUS_LABEL,
    clip,
    credit,
    listing,
    long_date,
    long_month_or_date,
    lower_first,
    plural,
    reason_sentence,
    words,
)
from .paper_words import SAID_BY
from .view import (
    BOARD_POSITION_LABEL,
    CURRENT,
    DATED_DOCUMENT_STATUS,
    DOCUMENT_STATUS,
    POSITION_REASONS,
    PRIVATE_DOCUMENT,
    ActionView,
    AreaView,
    CriterionView,
    ItemView,
    MemorandumRow,
    RegisterRow,
    RubricView,
    StatementView,
)


def statement_view(board: BoardSummary, view: CriterionView, c: CriterionResult, placed: Placed,
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
    return StatementView(criterion=view, lead_in=placed.lead_in, position=BOARD_POSITION_LABEL[c.position],
                         supported=c.supported, confirmed=c.id in board.confirmed,
                         not_confirmed=c.id in board.not_confirmed, explained=c.explanation_recorded,
                         concerns=[] if c.supported else
                         [text for r, text in zip(c.reasons, view.reasons, strict=True)
                          if r.code not in POSITION_REASONS],
                         memorandum=rows, plan=[a for a in view.actions if a.open])


def document_status(doc: DocumentResult, evidence: Evidence) -> str:
    """A document's status in words, from the problems the evaluation found with it."""
    found = []
    for code in doc.problems:
        if code not in DOCUMENT_STATUS or SAID_BY.get(code) in doc.problems:
            continue
        dated = DOCUMENT_STATUS[code][0] + (f" ({long_date(evidence.review_by)})" if evidence.review_by else "")
        found.append(dated if code in DATED_DOCUMENT_STATUS else DOCUMENT_STATUS[code][0])
    return "; ".join(found) or CURRENT


def register_row(doc: Evidence, status: str) -> RegisterRow:
    return RegisterRow(id=doc.id, title=doc.title, owner=doc.owner,
                       approved_by=doc.approved.by if doc.approved else None,
                       approved_on=doc.approved.date if doc.approved else None,
                       review_by=doc.review_by, status=status)


def criterion_view(c: CriterionResult, placed: Placed, entry: CriterionEntry, titles: dict[str, str],
                    hidden: set[str], doc_status: dict[str, str], judged: dict[str, ActionResult],
                    appendix_of: dict[str, str]) -> CriterionView:
    criterion = placed.criterion
    texts = {i.id: (i.text, list(i.considerations)) for i in criterion.evidence}
    direct: tuple[str, list[str]] = (
        "A document supporting the criterion directly (it has no key-evidence items of its own)", [])

    def named(doc_id: str) -> str:
        if doc_id.startswith("partner:"):
            return titles[doc_id]
        return PRIVATE_DOCUMENT if doc_id in hidden else f"{doc_id}: {titles[doc_id]}"

    def ref_name(doc_id: str) -> str:
        if doc_id.startswith("partner:"):
            return f"the {lower_first(titles[doc_id])}"
        return f"{doc_id} ({titles[doc_id]})"

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

    rating = c.rating_label or NOT_RATED
    problems = {ref: f"{named(ref) if ref in hidden else ref_name(ref)}: {lower_first_each(doc_status[ref])} "
                     f"({appendix_of[ref]})"
                for r in c.reasons for ref in r.refs if ref in doc_status}
    # An item without valid evidence is named with why the documents claimed for it cannot count.
    problems |= {i.id: f"{i.id} (" + "; ".join(f"{ref(d)} cannot count: {lower_first_each(doc_status[d])}"
                                               for d in i.broken) + ")"
                 for i in c.items if i.id and i.broken and not i.satisfied}
    reasons = [reason_sentence(r.code, _grouped(r.refs, problems, titles, doc_status, appendix_of), r.lacks, rating)
               for r in c.reasons]
    gap = (entry.explanation or " ".join(reasons)) if reasons else "No current shortfall: an improvement action."
    # The action plan repeats the gap in each of its actions' rows: a long explanation is given in
    # full once, in the criterion's detail, and clipped here, so the paper grows with the input.
    row_gap = f"{c.id}: {clip(gap, ACTION_GAP_SHOWN)}"
    actions = [action_view(judged[action.id], row_gap) for action in entry.actions]
    where = placed.domain.title + (f": {placed.area.title}" if placed.area else "")
    sic = f"[sic: source note, {appendix_of[':detail']}]"
    return CriterionView(
        rated=c.rating is not None,
        explanation_brief=clip(entry.explanation, ACTION_GAP_SHOWN) if entry.explanation else None,
        rubric=c.rubric, rubric_title=placed.rubric.title, id=c.id, named=named_id(c.id, criterion), ref=criterion.ref,
        domain=c.domain, area=c.area, where=where,
        lead_in=placed.lead_in, statement=mark_sic(criterion.statement, criterion.sic, sic),
        points=[mark_sic(point, criterion.sic, sic) for point in criterion.points],
        closing=mark_sic(criterion.closing, criterion.sic, sic) if criterion.closing else None,
        source_notes=list(criterion.source_notes),
        provenance=provenance_note(criterion, appendix_of["sources"]),
        mandatory=c.mandatory, rating=rating, status=c.status,
        status_label=STATUS_LABEL[c.status],
        rag=c.rag, rag_label=RAG_LABEL[c.rag], commentary=entry.commentary, explanation=entry.explanation,
        justification=entry.justification, reasons=reasons, items=items, missing=missing, actions=actions,
    )


def mark_sic(text: str, slips: list[str], marker: str) -> str:
    """*text* with *marker* after the first place each slip in the source appears in it, so that a reader
    sees the slip is the source's, not the trust's."""
    for slip in slips:
        at = text.find(slip)
        if at >= 0:
            end = at + len(slip)
            text = f"{text[:end]} {marker}{text[end:]}"
    return text


def named_id(cid: str, criterion: Criterion) -> str:
    """The id with its short title, as the paper names a criterion: ``SV2 (working with other providers)``."""
    return f"{cid} ({criterion.short_title})" if criterion.short_title else cid


ACTION_GAP_SHOWN = 300
"""Characters of a gap's explanation repeated in each action plan row (the detail has it all)."""


def lower_first_each(text: str) -> str:
    """``Past its review date (30 September 2026); Not approved`` -> each part's first letter in
    lower case, so a sentence joining several statuses does not change case halfway."""
    return "; ".join(lower_first(part) for part in text.split("; "))


def _grouped(refs: list[str], problems: dict[str, str], titles: dict[str, str], doc_status: dict[str, str],
             appendix_of: dict[str, str]) -> list[str]:
    """The things a reason names, in words: documents one by one; partner statements together, under the
    one appendix that lists them (``partners' statements (Appendix C): Example ICB, not signed; ...``)."""
    partners = [ref for ref in refs if ref.startswith("partner:") and ref in doc_status]
    named = [problems.get(ref, ref) for ref in refs if ref not in partners]
    if partners:
        where = appendix_of[partners[0]]
        named.append(f"partners' statements ({where}): " + "; ".join(
            f"{titles[ref].removeprefix('Statement of ')}, {lower_first_each(doc_status[ref])}" for ref in partners))
    return named


def action_view(action: ActionResult, gap: str) -> ActionView:
    """An action of the plan in the paper's words, as the evaluation judged it."""
    return ActionView(id=action.id, criterion=action.criterion, gap=gap, action=action.action, owner=action.owner,
                      due=action.due, status=ACTION_STATUS_LABEL[action.status], open=action.open,
                      overdue=action.overdue, attention=action.attention)


def rubric_view(rubric: Rubric, pinned: bool, outcome: Outcome,
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
                              met=a.statuses.met_or_not_applicable, gaps=a.statuses.shortfalls,
                              not_assessed=a.statuses.not_assessed, criteria=inside))
    return RubricView(
        id=rubric.id, title=rubric.title, version=rubric.version, status=words(rubric.status),
        publisher=rubric.publisher, published=long_month_or_date(rubric.published),
        source_title=rubric.source.title, source_section=rubric.source.section, source_url=rubric.source.url,
        licence=rubric.source.licence, pinned=pinned, readiness=summary.readiness,
        credit=credit(rubric.source.publisher or rubric.publisher, rubric.source.partners, rubric.source.authors,
                      rubric.source.date),
        additions=additions(rubric),
        readiness_label=READINESS_LABEL[summary.readiness], criteria=summary.statuses.criteria,
        met=summary.statuses.met_or_not_applicable, action_planned=summary.statuses.action_planned,
        gaps=summary.statuses.gap, not_assessed=summary.statuses.not_assessed,
        ratings=rating_counts(summary), areas=areas,
    )


def provenance_note(criterion: Criterion, sources: str) -> str | None:
    """Words for a criterion the source does not present as one (shown under its statement);
    *sources* is where the paper lists the sources (``Appendix G``)."""
    if criterion.derived is None:
        return None
    if criterion.derived.wording == "verbatim":
        return (f"The words are the source's, which does not present them as a criterion; "
                f"{criterion.derived.by} lists them as one ({sources}).")
    return f"Worded by {criterion.derived.by}, not by the source ({sources})."


def additions(rubric: Rubric) -> list[str]:
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
    if rubric.short_titles_by and rubric.short_titles_by != "source" and any(
            p.criterion.short_title for p in rubric.walk()):
        made.setdefault(rubric.short_titles_by, []).append("the short titles that follow criteria's ids")
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
    for who, (mandatory, optional) in rubric.mandatory_decisions().items():
        made.setdefault(who, []).extend([f"making {listing(ids)} {what}" for ids, what in
                                         ((mandatory, "mandatory"), (optional, "optional")) if ids])
    partnered = rubric.partner_evidence()
    if partnered:
        made.setdefault(rubric.encoder_mark, []).append(
            f"which partners' statements count as evidence for {listing(partnered)}")
    licence = f" (licensed {rubric.additions_licence})" if rubric.additions_licence else ""
    return [f"Added by {who}, not from the source{licence}: {listing(parts)}." for who, parts in made.items()]


def rating_counts(summary: RubricResult) -> str:
    """``8 confirmed and 1 not confirmed; 2 not rated``: every rating used, in scale order."""
    given = [f"{t.count} {t.label.lower()}" for t in summary.ratings if t.count]
    text = listing(given) if given else "no ratings given"
    return text + (f"; {summary.not_rated} not rated" if summary.not_rated else "")
