"""The board-paper readiness report as data: a pure function of a check outcome.

:func:`build_report` turns an :class:`~iho_ready.checking.Outcome` (and, optionally, an
earlier one to compare with) into a :class:`Report`: plain values in the order a board
reads them. It decides *what* the paper says (which criteria are exceptions, what the
recommendation is, which evidence a public session may see); the jinja2 template in
``templates/report.md.j2`` decides only how it is laid out. Every text value here is
plain text: the Markdown renderer escapes whatever the template prints.

The audience filter lives here, not in the template, so that a user's ``--template``
cannot show a public session the evidence marked ``sensitivity: private``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .checking import Outcome
from .compare import Changes, compare, overdue_actions
from .dates import long_date, long_month_or_date
from .evaluate import EXPIRY_WARNING_DAYS
from .models.manifest import ACTION_STATUS_LABEL, Action, CriterionEntry, Evidence
from .models.result import RAG_LABEL, READINESS_LABEL, STATUS_LABEL, CriterionResult, Finding
from .models.rubric import RELATIONSHIP_WORDS, Placed, Rubric

Audience = Literal["public", "private"]

TOP_GAPS = 5
"""How many gaps the executive summary names; the exceptions section lists them all."""

READINESS_MEANING: dict[str, str] = {
    "ready": "No criterion has a problem.",
    "approaching": "Every criterion with a problem has an open action with an owner and a due date, "
                   "and no action is overdue.",
    "not-ready": "At least one criterion has a problem without such an action, or an action is overdue.",
}
"""What each readiness level means (the DSPT pattern), for the key."""

RAG_MEANING: dict[str, str] = {
    "green": "Met or confirmed, with valid evidence for every required item.",
    "amber": "A gap with an action in hand: an open action with an owner and a due date, not overdue.",
    "red": "A gap without such an action, or a mandatory criterion not yet assessed.",
    "grey": "Not assessed (where that is allowed) or not applicable.",
}
"""What each colour means for a criterion; a domain takes the worst colour of its criteria."""

STATUS_MEANING: dict[str, str] = {
    "met": "Rated as meeting the criterion, and every required evidence item has valid evidence.",
    "action-planned": "Not met, or met without complete evidence, with an action in hand.",
    "gap": "Not met, or met without complete evidence, and no adequate action is in hand.",
    "not-assessed": "No rating has been recorded.",
    "not-applicable": "Rated not applicable, with a justification.",
}
"""What each criterion status means, for the key."""

PURPOSE_LABEL: dict[str, str] = {
    "approval": "For approval",
    "assurance": "For assurance",
    "discussion": "For discussion",
    "information": "For information",
}
"""How a cover sheet states the paper's purpose."""

RELATIONSHIP_LABEL: dict[str, str] = {name: words[0] for name, words in RELATIONSHIP_WORDS.items()}
"""Crosswalk relationships in words (source criterion ... target criterion)."""

RELATIONSHIP_MEANING: dict[str, str] = {
    "equal": "The two criteria ask for the same thing.",
    "superset": "The related criterion asks for everything this one does, and more.",
    "subset": "The related criterion asks for part of what this one does.",
    "intersect": "The two criteria share some requirements; neither contains the other.",
}
"""What each crosswalk relationship means, for the key."""

EVIDENCE_STATUS_MEANING: dict[str, str] = {
    "Evidenced": "At least one current document in the evidence register supports the item.",
    "Not evidenced": "No current document supports a required item.",
    "Suggested, not supplied": "No document supports an item the rubric suggests but does not require.",
}
"""Words used for a key-evidence item's status, for the key."""

DOCUMENT_STATUS: dict[str, tuple[str, str]] = {
    "evidence-expired": ("Past its review date",
                         "The review date is before the assessment date, so the document cannot count."),
    "evidence-file-missing": ("File missing", "The file is not in the evidence repository, so it cannot count."),
    "evidence-outside-repo": ("Held outside the evidence repository",
                              "The file is stored outside the evidence repository, so it cannot count."),
    "evidence-changed": ("Changed since approval", "The file differs from the version recorded as approved."),
    "evidence-expiring": ("Review due soon",
                          f"The review date is within {EXPIRY_WARNING_DAYS} days after the assessment date."),
    "evidence-unapproved": ("Not approved", "No approval by the board or a committee is recorded."),
    "evidence-unlocked": ("Not recorded as approved",
                          "The file is not in the lock file that records each document as approved."),
    "evidence-unused": ("Not linked", "The document supports no criterion or key-evidence item."),
}
"""Each problem a document in the evidence register can have: finding code -> (words, meaning)."""

CURRENT = "Current"
"""Status of a document with no problems."""

PRIVATE_DOCUMENT = "A private document (not listed in a public-session paper)"
"""What a public-session paper shows in place of a private document's reference and title."""

_REASON: dict[str, str] = {
    "not-assessed": "It has not yet been assessed.",
    "not-confirmed": "The board does not confirm this statement.",
    "explanation-missing": "No explanation or plan has been recorded.",
    "gap-without-action": "No open action addresses the gap.",
}


# --------------------------------------------------------------------------- the report's parts


@dataclass(frozen=True)
class CoverRow:
    """One line of the cover sheet: a label and its value (text or a date)."""

    label: str
    value: str | date


@dataclass(frozen=True)
class ActionView:
    """An action as the paper shows it."""

    id: str
    criterion: str
    """Id of the criterion the action addresses."""
    gap: str
    """The gap it closes, in a sentence."""
    action: str
    owner: str | None
    due: date | None
    status: str
    """Words, e.g. ``On track``."""
    open: bool
    """False once the action is complete."""
    overdue: bool


@dataclass(frozen=True)
class ItemView:
    """One key-evidence item of a criterion and what supports it."""

    id: str | None
    """``SV1.E2``, or None for a criterion with no key-evidence items of its own."""
    text: str
    considerations: list[str]
    """The points the source lists under the item, verbatim."""
    required: bool
    documents: list[str]
    """The documents that support it, as ``REF: title`` (private ones replaced when public)."""
    status: str
    """``Evidenced``, ``Not evidenced`` or ``Suggested, not supplied``, with any reason."""


@dataclass(frozen=True)
class CriterionView:
    """One criterion with its verbatim statement, rating, evidence and actions."""

    rubric: str
    rubric_title: str
    id: str
    ref: str
    """Section reference in the rubric's source."""
    domain: str
    """Id of the domain the criterion sits in."""
    area: str | None
    """Id of the sub-area, if any."""
    where: str
    """Domain (and sub-area) title."""
    statement: str
    points: list[str]
    closing: str | None
    mandatory: bool
    rating: str
    """Rating label, or ``Not rated``."""
    status: str
    """Status key (see :data:`STATUS_MEANING`)."""
    status_label: str
    rag: str
    rag_label: str
    commentary: str | None
    explanation: str | None
    justification: str | None
    reasons: list[str]
    """Why it is an exception, one plain-English sentence each (empty when met)."""
    items: list[ItemView]
    missing: list[ItemView]
    """The required items with no valid evidence."""
    actions: list[ActionView]

    @property
    def summary(self) -> str:
        """The reasons and the next action in a few sentences, for the executive summary."""
        parts = list(self.reasons)
        upcoming = [a for a in self.actions if a.open]
        if upcoming:
            first = min(upcoming, key=_due_order)
            owner = f" ({first.owner})" if first.owner else ""
            due = f" is due by {long_date(first.due)}" if first.due else " has no due date"
            parts.append(f"Action {first.id}{owner}{due}" + (" and is overdue." if first.overdue else "."))
        return " ".join(parts)


@dataclass(frozen=True)
class AreaView:
    """A domain or sub-area: its colour, counts and criteria."""

    title: str
    heading: str
    """The title with its domain's in front, for a sub-area (``Leadership and planning: Corporate governance``)."""
    is_area: bool
    """True for a sub-area within a domain."""
    rag: str
    rag_label: str
    met: int
    gaps: int
    not_assessed: int
    criteria: list[CriterionView]


@dataclass(frozen=True)
class RubricView:
    """One selected rubric: readiness, counts, and its domains in order."""

    id: str
    title: str
    version: str
    status: str
    """Publication status in words, e.g. ``consultation draft``."""
    publisher: str
    published: str
    source_title: str
    source_section: str
    source_url: str | None
    licence: str
    pinned: bool
    readiness: str
    readiness_label: str
    criteria: int
    met: int
    action_planned: int
    gaps: int
    """Gaps without adequate action (status ``gap``)."""
    not_assessed: int
    ratings: str
    """Counts by rating in words, e.g. ``8 confirmed and 1 not confirmed; 2 not rated``."""
    areas: list[AreaView]

    @property
    def tally(self) -> str:
        """``Of 16 criteria, 7 are met or confirmed, ...``: the status counts in a sentence."""
        parts = [f"{self.met} {'is' if self.met == 1 else 'are'} met or confirmed"]
        if self.action_planned:
            parts.append(f"{self.action_planned} {'has a gap' if self.action_planned == 1 else 'have gaps'} "
                         "with action in hand")
        if self.gaps:
            parts.append(f"{self.gaps} {'has a gap' if self.gaps == 1 else 'have gaps'} without adequate action")
        if self.not_assessed:
            parts.append(f"{self.not_assessed} {'is' if self.not_assessed == 1 else 'are'} not yet assessed")
        return f"Of {_plural(self.criteria, 'criterion', 'criteria')}, {_listing(parts)}."


@dataclass(frozen=True)
class RegisterRow:
    """One document in the evidence register."""

    id: str
    title: str
    owner: str | None
    approved_by: str | None
    approved_on: date | None
    review_by: date | None
    status: str


@dataclass(frozen=True)
class CoverageRow:
    """How the criteria of one rubric cover one criterion of another, through a crosswalk."""

    target: str
    target_status: str
    related: list[str]
    """``SV4 overlaps with it (Gap)`` and the like."""
    coverage: str


@dataclass(frozen=True)
class CrosswalkView:
    """One crosswalk between two selected rubrics."""

    title: str
    author: str
    source_title: str
    target_title: str
    rows: list[CoverageRow]


@dataclass(frozen=True)
class KeyEntry:
    """One term in the key: the word used and what it means."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Report:
    """Everything the board paper says, in reading order. Built by :func:`build_report`."""

    title: str
    organisation: str
    note: str | None
    """Free text shown under the title (the example says its trust is fictional)."""
    audience: Audience
    as_of: date
    tool_version: str
    cover: list[CoverRow]
    introduction: str
    rubrics: list[RubricView]
    top_gaps: list[CriterionView]
    more_gaps: int
    """How many further exceptions the executive summary does not name."""
    more_gaps_text: str
    """That number in words: ``Five further criteria are`` (empty when there are none)."""
    recommendation: list[str]
    """The recommendation, one item per thing the board is asked to do."""
    recommendation_given: bool
    """True when the manifest wrote the recommendation."""
    exceptions: list[CriterionView]
    actions: list[ActionView]
    unactioned: list[str]
    """Criteria with a gap and no open action."""
    register: list[RegisterRow]
    private_withheld: int
    """Private documents left out of a public-session paper."""
    crosswalks: list[CrosswalkView]
    changes: Changes | None
    key: dict[str, list[KeyEntry]] = field(default_factory=dict)
    """Key sections (title -> entries), one for every word or colour the paper uses as a code."""


# --------------------------------------------------------------------------- building it


def build_report(outcome: Outcome, *, audience: Audience = "public", previous: Outcome | None = None) -> Report:
    """Build the report for *outcome*; with *previous*, include what changed since it.

    Pure: reads no files. In a ``public`` report, evidence marked ``sensitivity: private``
    is never named: only the fact that private evidence exists is shown.
    """
    result, manifest = outcome.result, outcome.loaded.manifest
    documents = {d.id: d for d in manifest.evidence}
    hidden = {d.id for d in manifest.evidence if audience == "public" and d.sensitivity == "private"}
    doc_status = _document_status(result.findings, documents)
    findings = defaultdict(list)
    for f in result.findings:
        if f.rubric and f.criterion:
            findings[(f.rubric, f.criterion)].append(f)
    overdue = overdue_actions(outcome)

    placed = {(s.rubric.id, p.criterion.id): p for s in outcome.loaded.rubrics for p in s.rubric.walk()}
    views: dict[tuple[str, str], CriterionView] = {}
    for c in result.criteria:
        key = (c.rubric, c.id)
        _, entry = outcome.loaded.entries.get(key, (None, CriterionEntry()))
        views[key] = _criterion_view(c, placed[key], entry, findings[key], documents, hidden, doc_status,
                                     overdue)

    rubrics = [_rubric_view(s.rubric, s.pinned, outcome, views) for s in outcome.loaded.rubrics]
    exceptions = sorted((v for v in views.values() if v.status in _EXCEPTION_ORDER),
                        key=lambda v: _EXCEPTION_ORDER[v.status](v))
    actions = sorted((a for v in views.values() for a in v.actions), key=_due_order)
    unactioned = [v.id for v in exceptions if v.status != "not-assessed" and not any(a.open for a in v.actions)]

    register = [_register_row(d, doc_status[d.id]) for d in manifest.evidence if d.id not in hidden]
    changes = compare(previous, outcome) if previous is not None else None
    crosswalks = _crosswalks(outcome, views) if len(outcome.loaded.rubrics) > 1 else []
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
                                             [a.id for a in actions if a.overdue], changes)),
        recommendation_given=manifest.assessment.recommendation is not None,
        exceptions=exceptions,
        actions=actions,
        unactioned=unactioned,
        register=register,
        private_withheld=len(hidden),
        crosswalks=crosswalks,
        changes=changes,
        key=_key(outcome, crosswalks),
    )


# Exceptions are read worst first: gaps without adequate action and unassessed mandatory
# criteria (red), then gaps with action in hand (amber), then optional criteria not assessed.
_EXCEPTION_ORDER = {
    "gap": lambda v: (0,),
    "not-assessed": lambda v: (0,) if v.mandatory else (2,),
    "action-planned": lambda v: (1,),
}


def _due_order(action: ActionView) -> tuple:
    """Due date first (undated last), then id, so the plan reads as a timeline."""
    return (action.due is None, action.due or date.min, action.id)


def _lower_first(text: str) -> str:
    """``Past its review date (30 September 2026)`` -> ``past its ...``: the first letter of each
    of several statuses joined with ``; ``, so a sentence does not change case halfway."""
    return "; ".join(part[:1].lower() + part[1:] for part in text.split("; "))


def _words(key: str) -> str:
    return key.replace("-", " ")


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_words(count: int) -> str:
    """Counts up to ten in words, as prose in a board paper writes them; larger ones in digits."""
    return _SMALL[count] if 0 <= count < len(_SMALL) else str(count)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _listing(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _further(count: int) -> str:
    if count <= 0:
        return ""
    words = number_words(count)
    return f"{words[0].upper() + words[1:]} further {'criterion is' if count == 1 else 'criteria are'}"


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
            f"{_listing(rubrics)}.")
    pop = org.population
    if org.icb or pop:
        where = f" of {pop.footprint}" if pop and pop.footprint else ""
        size = f" (about {pop.size:,} people)" if pop and pop.size is not None else ""
        by = f", commissioned by {org.icb}" if org.icb else ""
        text += f" The contract would cover the population{where}{size}{by}."
    return text


def _document_status(findings: list[Finding], documents: dict[str, Evidence]) -> dict[str, str]:
    """Each document's status in words, from the evaluation's findings about it."""
    found: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.document and f.criterion is None and f.code in DOCUMENT_STATUS:
            words = DOCUMENT_STATUS[f.code][0]
            doc = documents[f.document]
            if f.code in ("evidence-expired", "evidence-expiring") and doc.review_by:
                words += f" ({long_date(doc.review_by)})"
            if words not in found[f.document]:
                found[f.document].append(words)
    return {doc_id: "; ".join(found[doc_id]) or CURRENT for doc_id in documents}


def _register_row(doc: Evidence, status: str) -> RegisterRow:
    return RegisterRow(id=doc.id, title=doc.title, owner=doc.owner,
                       approved_by=doc.approved.by if doc.approved else None,
                       approved_on=doc.approved.date if doc.approved else None,
                       review_by=doc.review_by, status=status)


def _criterion_view(c: CriterionResult, placed: Placed, entry: CriterionEntry, findings: list[Finding],
                    documents: dict[str, Evidence], hidden: set[str], doc_status: dict[str, str],
                    overdue: set[str]) -> CriterionView:
    criterion = placed.criterion
    texts = {i.id: (i.text, list(i.considerations)) for i in criterion.evidence}
    direct = ("A document supporting the criterion directly (it has no key-evidence items of its own)", [])

    def named(doc_id: str) -> str:
        return PRIVATE_DOCUMENT if doc_id in hidden else f"{doc_id}: {documents[doc_id].title}"

    def ref(doc_id: str) -> str:
        return "a private document" if doc_id in hidden else doc_id

    items = []
    for item in c.items:
        if item.satisfied:
            status = "Evidenced"
            detail = [f"{ref(d)}: {_lower_first(doc_status[d])}" for d in item.documents if doc_status[d] != CURRENT]
        else:
            status = "Not evidenced" if item.required else "Suggested, not supplied"
            detail = [f"{ref(d)} cannot count: {_lower_first(doc_status[d])}" for d in item.broken]
        text, considerations = texts.get(item.id, direct)
        items.append(ItemView(
            id=item.id,
            text=text,
            considerations=considerations,
            required=item.required,
            documents=[named(d) for d in item.documents + item.broken],
            status=f"{status}. {'; '.join(detail)}" if detail else status,
        ))
    missing = [i for i in items if i.required and i.status.startswith("Not evidenced")]

    actions = []
    rating = c.rating_label or "Not rated"
    reasons = _reasons(c, rating, findings, missing, entry.actions)
    gap = (entry.explanation or " ".join(reasons)) if reasons else "No current gap: an improvement action."
    for action in entry.actions:
        actions.append(_action_view(action, c.id, f"{c.id}: {gap}", action.id in overdue))
    where = placed.domain.title + (f": {placed.area.title}" if placed.area else "")
    return CriterionView(
        rubric=c.rubric, rubric_title=placed.rubric.title, id=c.id, ref=criterion.ref, domain=c.domain,
        area=c.area, where=where,
        statement=criterion.statement, points=list(criterion.points), closing=criterion.closing,
        mandatory=c.mandatory, rating=rating, status=c.status, status_label=STATUS_LABEL[c.status],
        rag=c.rag, rag_label=RAG_LABEL[c.rag], commentary=entry.commentary, explanation=entry.explanation,
        justification=entry.justification, reasons=reasons, items=items, missing=missing, actions=actions,
    )


def _reasons(c: CriterionResult, rating: str, findings: list[Finding], missing: list[ItemView],
             actions: list[Action]) -> list[str]:
    """Why a criterion is an exception, in plain English, most important first."""
    if c.status not in _EXCEPTION_ORDER:
        return []
    codes = {f.code for f in findings}
    reasons = [_REASON[code] for code in ("not-assessed", "not-confirmed") if code in codes]
    if codes & {"not-met", "partially-met"}:
        reasons.append(f"It is rated {rating.lower()}.")
    if "unsupported-claim" in codes:
        reasons.append(f"It is rated {rating.lower()}, but {_missing_phrase(missing)}.")
    elif missing and c.rating is not None:
        phrase = _missing_phrase(missing)
        reasons.append(phrase[0].upper() + phrase[1:] + ".")
    if not reasons and c.rating is not None:
        # The criterion relies on a document that has a problem of its own (e.g. changed since approval).
        reasons.append("Evidence it relies on has a problem (see the evidence register).")
    reasons += [_REASON[code] for code in ("explanation-missing", "gap-without-action") if code in codes]
    for action in actions:
        lacks = [name for name, value in (("an owner", action.owner), ("a due date", action.due)) if not value]
        if action.is_open and lacks:
            reasons.append(f"Action {action.id} has no {' or '.join(n.split(' ', 1)[1] for n in lacks)}.")
    return reasons


def _missing_phrase(missing: list[ItemView]) -> str:
    ids = [i.id for i in missing if i.id]
    # A criterion with no key-evidence items of its own needs one document supporting it directly.
    return f"required evidence is incomplete ({', '.join(ids)})" if ids else "no current document supports it"


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
        id=rubric.id, title=rubric.title, version=rubric.version, status=_words(rubric.status),
        publisher=rubric.publisher, published=long_month_or_date(rubric.published),
        source_title=rubric.source.title, source_section=rubric.source.section, source_url=rubric.source.url,
        licence=rubric.source.licence, pinned=pinned, readiness=summary.readiness,
        readiness_label=READINESS_LABEL[summary.readiness], criteria=summary.criteria, met=summary.met,
        action_planned=sum(1 for v in mine if v.status == "action-planned"),
        gaps=sum(1 for v in mine if v.status == "gap"), not_assessed=summary.not_assessed,
        ratings=_rating_counts(rubric, mine), areas=areas,
    )


def _rating_counts(rubric: Rubric, views: list[CriterionView]) -> str:
    """``8 confirmed and 1 not confirmed; 2 not rated``: every rating used, in scale order."""
    labels = [lv.label for levels in rubric.scales.values() for lv in levels]
    counts = {label: sum(1 for v in views if v.rating == label) for label in dict.fromkeys(labels)}
    given = [f"{n} {label.lower()}" for label, n in counts.items() if n]
    unrated = sum(1 for v in views if v.rating == "Not rated")
    text = _listing(given) if given else "no ratings given"
    return text + (f"; {unrated} not rated" if unrated else "")


def _recommendation(purpose: str | None, rubrics: list[RubricView], unactioned: list[str],
                    overdue: list[str], changes: Changes | None) -> list[str]:
    """What the Board is asked to do, from the paper's purpose and the readiness found."""
    readiness = _listing([f"{r.readiness_label.lower()} against the {r.title}" for r in rubrics])
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
        asks.append(f"note that {_listing(unactioned)} {'has' if len(unactioned) == 1 else 'have'} a gap with "
                    "no open action, and ask the executive lead to agree actions with owners and due dates")
    if overdue:
        one = len(overdue) == 1
        asks.append(f"note that {'action' if one else 'actions'} {_listing(overdue)} {'is' if one else 'are'} "
                    f"overdue, and ask {'its owner for a revised date' if one else 'their owners for revised dates'}")
    if changes is not None:
        asks.append(f"note the progress since the assessment of {long_date(changes.as_of_before)}")
    return [f"The Board is asked to {ask}." for ask in asks]


def _crosswalks(outcome: Outcome, views: dict[tuple[str, str], CriterionView]) -> list[CrosswalkView]:
    titles = {s.rubric.key: s.rubric for s in outcome.loaded.rubrics}
    found = []
    for walk in outcome.crosswalks:
        source, target = titles[walk.source], titles[walk.target]
        by_target: dict[str, list] = defaultdict(list)
        for m in walk.mappings:
            by_target[m.target].append(m)
        rows = []
        for placed in target.walk():
            mappings = by_target.get(placed.criterion.id)
            if not mappings:
                continue
            related, full, part = [], [], []
            for m in mappings:
                src = views[(source.id, m.source)]
                related.append(f"{m.source} {RELATIONSHIP_LABEL[m.relationship]} it ({src.status_label})")
                if src.status == "met":
                    (full if m.relationship in ("equal", "superset") else part).append(m.source)
            if full:
                coverage = f"Full, through {_listing(full)}"
            elif part:
                coverage = f"Partial, through {_listing(part)}"
            else:
                coverage = "None yet: no related criterion is met"
            rows.append(CoverageRow(target=placed.criterion.id, target_status=views[(target.id, placed.criterion.id)]
                                    .status_label, related=related, coverage=coverage))
        found.append(CrosswalkView(title=walk.title, author=walk.author, source_title=source.title,
                                   target_title=target.title, rows=rows))
    return found


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
        + [KeyEntry(words, meaning) for words, meaning in DOCUMENT_STATUS.values()],
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
        ] + [KeyEntry(words[0].upper() + words[1:], RELATIONSHIP_MEANING[name])
             for name, words in RELATIONSHIP_LABEL.items()]
    return key
