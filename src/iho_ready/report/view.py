"""The board paper as data: plain values in the order a board reads them.

:func:`iho_ready.report.build.build_report` fills these from a check result; the jinja2
template lays them out and the Markdown and Word renderers print them. Every text value
is plain text: the Markdown renderer escapes whatever the template prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..findings import EXPIRY_WARNING_DAYS
from ..models.rubric import RELATIONSHIP_WORDS
from ..progress import Progress
from ..words import listing, long_date, plural
from .designation import DesignationView

Audience = Literal["public", "private"]

READINESS_MEANING: dict[str, str] = {
    "ready": "No criterion has a problem.",
    "approaching": "Every criterion with a problem has an open action with an owner and a due date, "
                   "and no action is overdue.",
    "not-ready": "At least one criterion has a problem without such an action, or an action is overdue.",
}
"""What each readiness level means (the DSPT pattern), for the key."""

RAG_MEANING: dict[str, str] = {
    "green": "Met or confirmed, with valid evidence for every required item.",
    "amber": "A shortfall with a plan in place: an open action with an owner and a due date, not overdue.",
    "red": "A shortfall without such a plan, or a mandatory criterion not yet assessed.",
    "grey": "Not yet assessed (where that is allowed) or not applicable.",
}
"""What each colour means for a criterion; a domain takes the worst colour of its criteria."""

STATUS_MEANING: dict[str, str] = {
    "met": "Rated as meeting the criterion, and every required evidence item has valid evidence.",
    "action-planned": "Not met, or met without complete evidence, with an open action that has an owner and a "
                      "due date and is not overdue.",
    "gap": "Not met, or met without complete evidence, and no such action is in place.",
    "not-assessed": "No rating has been recorded.",
    "not-applicable": "Rated not applicable, with a justification.",
}
"""What each criterion status means, for the key."""

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

STATUS_PHRASE: dict[str, str] = {
    "met": "met or confirmed",
    "action-planned": "a shortfall with a plan in place",
    "gap": "a shortfall without an adequate plan",
    "not-assessed": "not yet assessed",
    "not-applicable": "not applicable",
}
"""A criterion's status as a phrase in a sentence (``SV2 was met or confirmed and is now ...``)."""

ATTENTION_STATUSES = frozenset({"at-risk", "off-track"})
"""Action statuses the owner reports that put an action among those for the board's attention."""

NOT_COVERED = "Not covered yet"
"""Coverage of a criterion by another set of criteria when no related criterion is met."""

CURRENT = "Current"
"""Status of a document with no problems."""

PRIVATE_DOCUMENT = "A private document (not listed in a public-session paper)"
"""What a public-session paper shows in place of a private document's reference and title."""

BOARD_STATEMENT_LEVEL = "confirmed"
"""A criterion rated on a scale with this level is a board statement, which the board confirms or
does not (Annex 1 of the AFT programme guide); the paper sets these out in the memorandum. Each
hangs on its rubric's lead-in (``Domain.lead_in`` or ``Area.lead_in``), e.g. "The board has
assured itself that…"."""

DEFAULT_CLASSIFICATION: dict[str, str] = {"public": "OFFICIAL", "private": "OFFICIAL-SENSITIVE"}
"""The security classification printed when the manifest gives none, by audience."""

NOT_STATED = "Not stated"
"""A cover-sheet entry the manifest does not give (``None identified`` only where it says so)."""

SESSION_LABEL: dict[str, str] = {"public": "Public", "private": "Private (confidential)"}
"""The session as the cover sheet names it."""

CONFIDENTIAL_MARK = "CONFIDENTIAL: private session of the board. Not for publication."
"""Printed at the top of a private paper and on every page of its Word and PDF versions."""

IMPLICATIONS: list[tuple[str, str]] = [
    ("risk", "Risk"),
    ("financial", "Financial"),
    ("quality", "Quality"),
    ("equality", "Equality and health inequalities"),
    ("legal", "Legal and regulatory"),
    ("patient_public", "Patient and public involvement"),
    ("workforce", "Workforce"),
    ("sustainability", "Sustainability"),
    ("communications", "Communications"),
]
"""The implications a cover sheet states: manifest field -> label, in cover-sheet order."""

BOARD_POSITION_LABEL: dict[bool | None, str] = {True: "Confirmed", False: "Not confirmed", None: "Not yet considered"}
"""The board's position on a board statement: rated as meeting it, not, or not rated."""

GLOSSARY: list[tuple[str, str]] = [
    ("AFT", "Advanced foundation trust: a high-performing NHS foundation trust with earned freedoms, "
            "under NHS England's Advanced Foundation Trust Programme."),
    ("Annex 1, Annex 2", "Annexes to the AFT programme guide for applicants: Annex 2 sets out the criteria "
                         "for IHO designation, including the board statements."),
    ("BAF", "Board Assurance Framework: the board's record of the principal risks to its strategic "
            "objectives, their controls and the assurance it has on them."),
    ("Board statement", "A statement the board confirms, or does not, after assuring itself of the "
                        "evidence; its wording must not be altered."),
    ("Capitated budget", "A budget for the health care of a defined population, fixed per person rather "
                         "than paid per activity."),
    ("CQC", "Care Quality Commission, which assesses whether trusts are well-led."),
    ("FOI", "Freedom of information: the Freedom of Information Act 2000, under which the public may ask "
            "for the trust's information."),
    ("ICB", "Integrated care board: the NHS body that plans and commissions health services for its area."),
    ("IHO", "Integrated health organisation: a trust holding a contract, commissioned by the ICB, to "
            "improve the health of a defined population within a capitated budget."),
    ("Key evidence", "The documents the source asks for in support of a criterion."),
    ("NHS Confederation", "The membership body for NHS organisations; its November 2025 report sets out "
                          "the competencies expected of an IHO host provider."),
    ("ODS code", "Organisation Data Service code: the trust's identifier in NHS data."),
    ("PHM", "Population health management: using data on a population's health and its drivers to plan "
            "and target care."),
    ("RAG", "Red, amber, green: the colours used to rate status, always written as words here."),
    ("VCSE", "Voluntary, community and social enterprise organisations."),
]
"""Terms the sources and the paper use, for the glossary appendix."""



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
    attention: bool
    """Its owner reports it at risk or off track."""


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
    lead_in: str | None
    """The source's words that the statement completes, e.g. *The board has assured itself that…*."""
    statement: str
    points: list[str]
    closing: str | None
    source_notes: list[str]
    """What a careful reader of the source should know about the statement's text."""
    provenance: str | None
    """Said when the criterion is not one the source presents as a criterion."""
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
            first = min(upcoming, key=due_order)
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
    """The source's licence exactly as the source states it (or that it states none)."""
    credit: str
    """Whom the source credits: publisher, partners, authors, date."""
    additions: list[str]
    """What in the rubric is the encoder's, not the source's, one sentence per author."""
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
            parts.append(f"{self.action_planned} {'falls' if self.action_planned == 1 else 'fall'} short "
                         "with a plan in place")
        if self.gaps:
            parts.append(f"{self.gaps} {'falls' if self.gaps == 1 else 'fall'} short without an adequate plan")
        if self.not_assessed:
            parts.append(f"{self.not_assessed} {'is' if self.not_assessed == 1 else 'are'} not yet assessed")
        return f"Of {plural(self.criteria, 'criterion', 'criteria')}, {listing(parts)}."


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
class MemorandumRow:
    """One line of a board statement's memorandum of supporting evidence."""

    item: str
    """The key-evidence item (``SV1.E1``), or the criterion's id where it has no items of its own."""
    document: str
    """``MTP: Medium-term plan ...``, the private-document wording, or ``None held``."""
    approved: str
    """``Trust Board, 4 September 2026``, or ``Not approved``."""
    note: str
    """The document's status where it is not current (``Past its review date ...``), else empty."""


@dataclass(frozen=True)
class StatementView:
    """One board statement in the Annex 1 form: lead-in, verbatim wording, position, memorandum."""

    criterion: CriterionView
    lead_in: str | None
    """The rubric's lead-in, e.g. ``The board has assured itself that…`` (None where it has none)."""
    position: str
    """``Confirmed``, ``Not confirmed`` or ``Not yet considered``."""
    supported: bool
    """The evaluation found the position supported: the criterion's status is met."""
    concerns: list[str]
    """Why the evidence does not yet support the position (the evaluation's reasons), when it does not."""
    memorandum: list[MemorandumRow]
    plan: list[ActionView]
    """Open actions recorded against the statement."""


@dataclass(frozen=True)
class PartnerRow:
    """One system partner's statement, as the paper shows it."""

    name: str
    """The partner's name (or the statement's path when it has not arrived)."""
    kind: str
    """What kind of organisation, in words."""
    position: str
    """Its position in words, or why there is no statement."""
    signed: str
    """Who signed and when, or ``Not signed``."""
    status: str
    """``Current``, or why the statement cannot count (not signed, past its review date)."""
    conditions: list[str]
    """Each condition, with the action that answers it or ``no action answers it yet``."""


@dataclass(frozen=True)
class ViewRow:
    """Where the partners stand on one criterion (or prompt question) any of them took a view of."""

    criterion: str
    """Criterion id."""
    rating: str
    """The trust's rating in words."""
    split: bool
    """At least one partner disagrees with the trust."""
    views: list[str]
    """One sentence per partner: agrees or not, and why (private comments left out of public papers)."""
    answers: list[str]
    """Partners' own answers (prompt questions), one per partner that gave one."""
    trust_answer: str | None
    """The trust's own answer beside the partners' (its commentary), when a partner gave an answer."""


@dataclass(frozen=True)
class SystemView:
    """The system view: who supports the application, on what conditions, and where partners differ."""

    summary: str
    """One sentence: how many partners support, with or without conditions, and how many statements count."""
    partners: list[PartnerRow]
    """Every partner statement the manifest lists."""
    views: list[ViewRow]
    """Criteria where partners took a view, split ones first."""
    private_withheld: int
    """Comments left out because the partner marked them private (public papers only)."""


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
    session: str
    """``Public`` or ``Private (confidential)``."""
    confidential: bool
    """True for a private-session paper: marked confidential at the top and on every page."""
    header: str
    """The running header of every page: trust, meeting and date, session, agenda item."""
    footer: str
    """The running footer of every page: classification and freedom-of-information status."""
    author: str | None
    """For the document properties of the Word and PDF versions."""
    cover: list[CoverRow]
    implications: list[CoverRow]
    sections: dict[str, str]
    """Section key -> heading (``summary`` -> ``1. Executive summary``), in order."""
    appendices: dict[str, str]
    """Appendix key -> heading (``detail`` -> ``Appendix A: Detail by domain``), in order."""
    audience_note: str
    """What this version (public or private) shows and leaves out."""
    omitted: list[str]
    """In a private paper: the documents the public version leaves out."""
    introduction: str
    rubrics: list[RubricView]
    summary_points: list[str]
    """The board statements, the assurance level and progress, one sentence each."""
    exceptions_summary: str
    """The exceptions in one sentence for the executive summary: which have no adequate plan, which
    are not yet assessed, which have a plan in place."""
    recommendation: list[str]
    """The recommendation, one item per thing the board is asked to do."""
    recommendation_given: bool
    """True when the manifest wrote the recommendation."""
    statements: list[StatementView]
    """The board statements memorandum, in rubric order."""
    unsupported: list[str]
    """Ids of the board statements the board confirms that the evidence does not yet support."""
    not_confirmed: list[str]
    """Ids of the board statements the board does not confirm."""
    exceptions: list[CriterionView]
    board_actions: list[ActionView]
    """The actions that need the board's attention: overdue, at risk, off track, or without an owner
    or a due date."""
    actions: list[ActionView]
    unactioned: list[str]
    """Criteria with a shortfall and no open action."""
    register: list[RegisterRow]
    private_withheld: int
    """Private documents left out of a public-session paper."""
    crosswalks: list[CrosswalkView]
    system: SystemView | None
    """The system partners' view, when the manifest lists partner statements."""
    progress: Progress | None
    """What moved since the previous assessment, when one was given."""
    previous_paper: str | None
    """The previous paper cited: ``Trust Board, 7 August 2026, agenda item PUB/26/08/9``."""
    progress_sentence: str | None
    """One sentence: whether readiness moved since the previous paper."""
    worse: list[str]
    """What got worse since the previous paper, one sentence each, listed first."""
    better: list[str]
    """What got better, one sentence each."""
    key: dict[str, list[KeyEntry]] = field(default_factory=dict)
    """Key sections (title -> entries), one for every word or colour the paper uses as a code."""
    glossary: list[KeyEntry] = field(default_factory=list)
    """Terms the sources and the paper use."""
    designation: DesignationView | None = None
    """Eligibility, stages, benefits, provider network and risks (``report/designation.py``)."""


def due_order(action: ActionView) -> tuple[bool, date, str]:
    """Due date first (undated last), then id, so the plan reads as a timeline."""
    return (action.due is None, action.due or date.min, action.id)
