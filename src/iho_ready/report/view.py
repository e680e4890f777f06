"""The board paper as data: plain values in the order a board reads them.

:func:`iho_ready.report.build.build_report` fills these from a check result; the jinja2
template lays them out and the Markdown and Word renderers print them. Every text value
is plain text: the Markdown renderer escapes whatever the template prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..progress import Progress
from ..words import listing, long_date, plural
from .designation import DesignationView
from .paper_words import (  # the paper's fixed words, re-exported for the builder and templates
    BOARD_ASKED_TO,
    BOARD_POSITION_LABEL,
    CONFIDENTIAL_MARK,
    COVERAGE_WORDS,
    CURRENT,
    DATED_DOCUMENT_STATUS,
    DEFAULT_CLASSIFICATION,
    DOCUMENT_STATUS,
    EVIDENCE_STATUS_MEANING,
    GLOSSARY,
    IMPLICATIONS,
    KEY_ISSUES,
    NOT_CONFIRMED_WITH,
    NOT_COVERED,
    NOT_STATED,
    PARTNER_PROBLEM_LABEL,
    POSITION_REASONS,
    PRIVATE_DOCUMENT,
    RAG_MEANING,
    READINESS_MEANING,
    RELATIONSHIP_LABEL,
    RELATIONSHIP_MEANING,
    SESSION_LABEL,
    STATUS_MEANING,
    STATUS_PHRASE,
    Audience,
)

__all__ = ["BOARD_POSITION_LABEL", "CONFIDENTIAL_MARK", "COVERAGE_WORDS", "CURRENT", "DATED_DOCUMENT_STATUS",
           "DEFAULT_CLASSIFICATION", "DOCUMENT_STATUS", "EVIDENCE_STATUS_MEANING", "GLOSSARY", "IMPLICATIONS",
           "KEY_ISSUES", "NOT_CONFIRMED_WITH", "NOT_COVERED", "NOT_STATED", "PARTNER_PROBLEM_LABEL", "POSITION_REASONS",
           "PRIVATE_DOCUMENT", "RAG_MEANING", "READINESS_MEANING", "RELATIONSHIP_LABEL", "RELATIONSHIP_MEANING",
           "SESSION_LABEL", "STATUS_MEANING", "STATUS_PHRASE", "Audience"]


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

    rated: bool
    """The trust has rated it (its evidence is then considered)."""
    explanation_brief: str | None
    """The trust's explanation, clipped for a table row (the detail gives it in full)."""
    rubric: str
    rubric_title: str
    id: str
    named: str
    """The id with the criterion's short title where the rubric gives one: ``SV2 (working with other
    providers)``; the short titles are the rubric encoder's words, never the source's."""
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
    confirmed: bool
    """The board puts it forward as confirmed."""
    not_confirmed: bool
    """The board does not confirm it."""
    explained: bool
    """An explanation is recorded (what a statement not confirmed needs)."""
    supported: bool
    """The evaluation found the position supported: the criterion's status is met."""
    concerns: list[str]
    """Why the evidence does not yet support the position (the evaluation's reasons), when it does not."""
    memorandum: list[MemorandumRow]
    plan: list[ActionView]
    """Open actions recorded against the statement."""


@dataclass(frozen=True)
class Signatory:
    """One line of the memorandum's signature block: who signs, and their name if the manifest gives it."""

    role: str
    """``Chair`` or ``Chief executive``."""
    name: str | None
    """None leaves the line blank to write on: the paper never invents a name."""


@dataclass(frozen=True)
class Declaration:
    """The declaration that ends the board statements memorandum, signed on behalf of the board."""

    text: str
    meeting: str | None
    """The meeting and its date, e.g. ``Trust Board, 6 November 2026`` (None leaves a line blank)."""
    minute_reference: str | None
    """The minute that records the board's decision (None leaves a line blank)."""
    signatories: list[Signatory]


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
    key_issues: list[CoverRow]
    """The key-issues box of the cover sheet: alert, advise, assure."""
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
    declaration: Declaration
    """The memorandum's closing declaration and signature block (shown with the statements)."""
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
    asked_to: str = BOARD_ASKED_TO
    """What leads the list of asks: ``The Board is asked to:``."""


def due_order(action: ActionView) -> tuple[bool, date, str]:
    """Due date first (undated last), then id, so the plan reads as a timeline."""
    return (action.due is None, action.due or date.min, action.id)
