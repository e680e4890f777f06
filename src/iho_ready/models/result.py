"""The result of a check: every decision the evaluation made, in a form every output reads.

Findings, each criterion's status and why it is an exception, each action and document as
judged, domain RAG, rubric readiness and crosswalk coverage. Renderers and the board paper
read this and never re-derive a rule. It is also what the JSON output serialises, so its
field names are a public contract (``FORMAT_VERSION``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .coverage import Coverage, CoverageRow, CriterionStatus, CrosswalkCoverage, Related
from .designation import DesignationResult
from .partners_result import (
    PartnerCondition,
    PartnerProblem,
    PartnerResult,
    PartnerSummary,
    PartnerView,
    SystemViewRow,
)
from .types import IsoDate

FORMAT_VERSION = 2
"""Version of the JSON result format. Bump on any incompatible change (additions are compatible).

2: readiness ``approaching`` became ``plan-agreed`` (the DSPT's "Standards Not Fully Met (Plan
Agreed)"); rubric and area counts became ``statuses`` (one count per status, one meaning each)."""

Severity = Literal["error", "warning", "info"]
Readiness = Literal["ready", "plan-agreed", "not-ready"]
Rag = Literal["green", "amber", "red", "grey"]
AssuranceLevel = Literal["substantial", "reasonable", "limited", "no-assurance"]
ReasonCode = Literal[
    "not-assessed", "not-confirmed", "rated-below", "unsupported-claim", "evidence-incomplete",
    "evidence-problem", "explanation-missing", "gap-without-action", "action-incomplete", "action-overdue",
    "wording-changed", "icb-statement-missing", "unapproved-key-evidence",
]
Position = Literal["meets", "below", "not-applicable", "not-rated"]
"""Where the rating puts a criterion: rated as meeting it (``Confirmed``, ``Met``), rated below it,
rated not applicable, or not rated."""


EXCEPTION_STATUSES = frozenset({"gap", "action-planned", "not-assessed"})
"""Criterion statuses the board paper reports as exceptions (``CriterionResult.exception``)."""

SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
"""Finding severities from least to most severe."""

READINESS_ORDER: dict[str, int] = {"not-ready": 0, "plan-agreed": 1, "ready": 2}
"""Readiness levels from worst to best."""

ASSURANCE_ORDER: dict[str, int] = {"no-assurance": 0, "limited": 1, "reasonable": 2, "substantial": 3}
"""Assurance levels from weakest to strongest."""


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


__all__ = [
    "Coverage",
    "CoverageRow",
    "CriterionStatus",
    "CrosswalkCoverage",
    "PartnerCondition",
    "PartnerProblem",
    "PartnerResult",
    "PartnerSummary",
    "PartnerView",
    "Related",
    "SystemViewRow",
]


class Location(_Out):
    """A place in an input file (1-based)."""

    file: str
    """The file as shown in every output (relative to the folder the check ran in)."""
    line: int
    """1-based line; 0 when the finding concerns the file as a whole."""
    column: int
    """1-based column; 0 when the finding concerns the file as a whole."""
    cell: str | None = None
    """For a workbook: the cell, ``Evidence!G12``. Line and column then hold its row and column
    numbers, which do not say which sheet, so every output names the cell too."""

    def shown(self) -> str:
        """``FILE:SHEET!CELL`` for a workbook, ``FILE:LINE:COL`` otherwise."""
        return f"{self.file}:{self.cell}" if self.cell else f"{self.file}:{self.line}:{self.column}"


class Finding(_Out):
    """One problem found by the evaluation."""

    code: str
    """Stable finding code, e.g. ``missing-evidence`` (see ``iho_ready.findings``)."""
    severity: Severity
    """``error``, ``warning`` or ``info``."""
    rubric: str | None
    """Rubric id the finding concerns, or None for manifest-wide findings."""
    criterion: str | None
    """Criterion id, or None."""
    evidence: str | None = None
    """Key-evidence item id (``SV1.E2``) where relevant."""
    document: str | None = None
    """Evidence register entry id (``MTP``) where relevant."""
    action: str | None = None
    """Action id where relevant."""
    partner: str | None = None
    """Partner statement id (its file name without ``.yaml``) where relevant."""
    message: str
    """One sentence saying what is wrong and what to do."""
    location: Location
    """Where in the manifest the finding points."""

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: severity: message [code]``, the line editors and CI logs parse
        (``FILE:SHEET!CELL: ...`` for a workbook)."""
        return f"{self.location.shown()}: {self.severity}: {self.message} [{self.code}]"

    @property
    def located_message(self) -> str:
        """The message, led by the cell for a workbook (``Evidence!G12: ...``): for the formats that
        carry a line and a column only (SARIF, GitHub annotations, JUnit's failure message)."""
        return f"{self.location.cell}: {self.message}" if self.location.cell else self.message

    def sort_key(self) -> tuple[str, int, int, str, str, str, str, str, str, str]:
        """Order by file position, then code, so output is stable."""
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.rubric or "", self.criterion or "",
                self.evidence or "", self.document or "", self.action or "", self.partner or "")


class ItemResult(_Out):
    """Status of one key-evidence item (or of the criterion's direct support, ``id`` None)."""

    id: str | None
    """``SV1.E2``, or None for a criterion with no key-evidence items of its own."""
    required: bool
    """Required items make a gap when unevidenced; suggested ones only inform."""
    documents: list[str]
    """Valid documents supporting it."""
    broken: list[str]
    """Documents that claim to support it but cannot count (missing, outside, expired)."""
    satisfied: bool
    """At least one valid document supports it."""


class Reason(_Out):
    """One reason a criterion is an exception, as the evaluation decided it."""

    code: ReasonCode
    """What kind of reason (``rated-below``: rated not met or partially met;
    ``evidence-incomplete``: required items lack valid evidence; ``evidence-problem``: a
    document it relies on has an error of its own; ``wording-changed``: confirmed in words
    that a newer rubric version changed, not yet re-confirmed; ``unapproved-key-evidence``: a
    confirmed board statement rests on key evidence with no approval record)."""
    refs: list[str] = []
    """Ids the reason concerns: the unevidenced key-evidence items; the action; for
    ``evidence-problem`` the documents (register ids) and partner statements (``partner:ID``)
    whose own problems make the criterion a shortfall; for ``unapproved-key-evidence`` the
    documents with no approval record."""
    lacks: list[str] = []
    """For ``action-incomplete``: what the action lacks (``owner``, ``due date``)."""


class CriterionResult(_Out):
    """Assessment outcome for one criterion."""

    rubric: str
    """Id of the rubric the criterion belongs to."""
    id: str
    """Criterion id, e.g. ``SV1``."""
    domain: str
    """Id of its domain."""
    area: str | None
    """Id of its sub-area, if any."""
    rating: str | None
    """The rating given (a level id of its scale), or None when not rated."""
    rating_label: str | None
    """The rating in words, e.g. ``Not confirmed``."""
    rating_rank: int | None = None
    """The rating's place in its scale, 0 for the best level (progress compares these to say
    whether a rating moved up or down); None when not rated."""
    position: Position = "not-rated"
    """Where the rating puts the criterion: ``meets``, ``below``, ``not-applicable`` or ``not-rated``."""
    board_statement: bool = False
    """The criterion is a board statement: its scale is the board's Confirmed / Not confirmed."""
    supported: bool = False
    """Rated as meeting it and the evidence supports that (its status is ``met``)."""
    explanation_recorded: bool = False
    """The trust recorded an explanation (a justification, when not applicable)."""
    unactioned: bool = False
    """Rated, short of the criterion, and no open action recorded against it."""
    status: CriterionStatus
    """``met``, ``action-planned`` (a gap with an adequate action), ``gap``, ``not-assessed``
    or ``not-applicable``."""
    rag: Rag
    """Its colour, always shown with words."""
    mandatory: bool
    """A mandatory criterion with no rating is an error; otherwise a warning."""
    exception: bool = False
    """True when the board paper reports it as an exception (a gap, with or without action,
    or not assessed)."""
    adequate_action: bool = False
    """Every open action has an owner and a due date, none is overdue, and there is one."""
    open_action: bool = False
    """At least one action recorded against it is not complete."""
    reasons: list[Reason] = []
    """Why it is an exception, most important first (empty when it is not one)."""
    items: list[ItemResult]
    """Each key-evidence item and what supports it."""
    actions: list[str]
    """Ids of the actions recorded against this criterion."""
    errors: int
    """Error findings against it, counting one for evidence it relies on that has errors."""
    warnings: int
    """Warning findings against it."""


class ActionResult(_Out):
    """One action in the plan, as judged at the as-of date."""

    id: str
    """Action id, unique in the manifest."""
    rubric: str
    """Rubric of the criterion the action is recorded under."""
    criterion: str
    """Id of the criterion the action is recorded under."""
    action: str
    """What will be done."""
    owner: str | None
    """Who owns it, when given."""
    due: IsoDate | None
    """When it is due, when given."""
    status: str
    """``not-started``, ``on-track``, ``at-risk``, ``off-track`` or ``complete``."""
    open: bool
    """False once the action is complete."""
    overdue: bool
    """Due before the as-of date and not complete."""
    attention: bool = False
    """Open and reported at risk or off track by its owner."""
    lacks: list[Literal["owner", "due date"]] = []
    """What an open action lacks (``action-incomplete``)."""
    answers: list[str] = []
    """Partner conditions it answers (``partner-id.C1``)."""


class DocumentResult(_Out):
    """One document in the evidence register, as judged."""

    id: str
    """Evidence register id, e.g. ``MTP``."""
    title: str
    """The document's title."""
    valid: bool
    """Whether it can count as evidence (exists, inside the repository, not expired)."""
    reason: str | None
    """Why it cannot count, when not valid."""
    problems: list[str]
    """Codes of the findings about the document itself, in catalogue order."""
    private: bool
    """Marked ``sensitivity: private``: left out of public-session papers."""


class StatusCounts(_Out):
    """Criteria by status: one count per status, one meaning each (see ``CriterionStatus``)."""

    criteria: int = 0
    """Criteria in all."""
    met: int = 0
    """Status ``met``: rated as meeting it, with the evidence to support that."""
    not_applicable: int = 0
    """Status ``not-applicable``, with a justification."""
    action_planned: int = 0
    """Status ``action-planned``: short of it, with an adequate plan."""
    gap: int = 0
    """Status ``gap``: short of it without an adequate plan."""
    not_assessed: int = 0
    """Status ``not-assessed``: no rating."""
    shortfalls: int = 0
    """``action_planned`` plus ``gap``: short of the criterion, planned or not."""
    met_or_not_applicable: int = 0
    """``met`` plus ``not_applicable``: what counts towards assurance."""


class RatingTally(_Out):
    """How many criteria carry one rating of a scale."""

    rating: str
    """The level id, e.g. ``not-confirmed``."""
    label: str
    """The level in words, e.g. ``Not confirmed``."""
    count: int
    """Criteria rated so."""


class AreaResult(_Out):
    """RAG status of a domain or sub-area."""

    rubric: str
    """Rubric id."""
    domain: str
    """Domain id."""
    area: str | None
    """Sub-area id, or None for the domain as a whole."""
    title: str
    """Domain or sub-area title."""
    rag: Rag
    """The worst colour of its criteria: red for a gap or a mandatory criterion not assessed, then
    amber for an action planned, then green; grey only when none of its criteria has a colour
    (every one is optional and not assessed, or not applicable)."""
    statuses: StatusCounts
    """Its criteria by status."""


class RubricResult(_Out):
    """Readiness of one selected rubric."""

    id: str
    """Rubric id."""
    version: str
    """Rubric version."""
    title: str
    """Rubric title."""
    status: str
    """Publication status, e.g. ``consultation-draft``."""
    readiness: Readiness
    """``ready``, ``plan-agreed`` or ``not-ready``."""
    statuses: StatusCounts
    """Its criteria by status."""
    ratings: list[RatingTally] = []
    """Every level of its scales with how many criteria carry it, in scale order."""
    not_rated: int = 0
    """Criteria with no rating."""
    pinned: bool
    """False when the manifest named it without a version."""


class AssuranceResult(_Out):
    """The level of assurance the evidence supports, and the level the paper's author offers.

    The scale is the one NHS board cover sheets use (see ``evaluate._assurance`` for the rule):
    substantial, reasonable, limited, no assurance.
    """

    level: AssuranceLevel
    """The level the evidence supports, as the evaluation computed it."""
    stated: AssuranceLevel | None
    """The level the manifest offers (``assessment.assurance_level``), or None."""
    overstated: bool
    """True when the manifest offers more than the evidence supports (``assurance-overstated``)."""
    met: int
    """Criteria met, confirmed or not applicable, across the selected rubrics."""
    criteria: int
    """Criteria across the selected rubrics."""


class Counts(_Out):
    """Findings by severity."""

    error: int = 0
    """Error findings."""
    warning: int = 0
    """Warning findings."""
    info: int = 0
    """Information findings."""


class BoardSummary(_Out):
    """The board statements of the selected rubrics, grouped as the paper reports them (ids in
    rubric order)."""

    statements: list[str] = []
    """Every board statement."""
    confirmed: list[str] = []
    """Put forward as confirmed."""
    unsupported: list[str] = []
    """Put forward as confirmed, but the evidence does not yet support it."""
    not_confirmed: list[str] = []
    """Not confirmed."""
    not_confirmed_explained: list[str] = []
    """Not confirmed, with an explanation recorded."""
    not_confirmed_unexplained: list[str] = []
    """Not confirmed, with no explanation recorded."""
    not_confirmed_planned: list[str] = []
    """Not confirmed, with at least one open action."""
    not_confirmed_unplanned: list[str] = []
    """Not confirmed, with no open action."""
    not_rated: list[str] = []
    """Not yet rated."""


class Attention(_Out):
    """What the board is asked to act on, as the evaluation found it (ids)."""

    unactioned: list[str] = []
    """Criteria rated short with no open action, in exception order."""
    overdue: list[str] = []
    """Open actions past their due date, in plan order."""
    incomplete: list[str] = []
    """Open actions without an owner or a due date."""
    at_risk: list[str] = []
    """Open actions their owners report at risk or off track."""
    conditions: list[str] = []
    """Partner conditions (``partner-id.C1``) that no action answers."""


class CheckResult(_Out):
    """Everything ``check`` found, in a form every renderer can use."""

    format_version: int = FORMAT_VERSION
    """Version of this JSON format."""
    tool_version: str
    """The iho-ready version that made it."""
    manifest: str
    """The manifest path as shown."""
    organisation: str
    """The organisation's name."""
    as_of: IsoDate
    """The date expiry and overdue were judged against."""
    rubrics: list[RubricResult]
    """Readiness per selected rubric, in manifest order."""
    areas: list[AreaResult]
    """RAG per domain and sub-area."""
    criteria: list[CriterionResult]
    """Every criterion of every selected rubric, in rubric order."""
    actions: list[ActionResult] = []
    """Every action in the plan, in manifest order."""
    documents: list[DocumentResult] = []
    """Every document in the evidence register, in manifest order."""
    coverage: list[CrosswalkCoverage] = []
    """Crosswalk coverage between the selected rubrics."""
    assurance: AssuranceResult | None = None
    """The level of assurance the evidence supports, beside the one the manifest offers."""
    partners: list[PartnerResult] = []
    """Every partner statement the manifest lists, ICB first."""
    system: list[SystemViewRow] = []
    """Per criterion any partner took a view of: who agrees with the trust and who does not."""
    statuses: StatusCounts = StatusCounts()
    """Every criterion of the selected rubrics by status."""
    exceptions: list[str] = []
    """The exceptions (``rubric-id:criterion-id``), worst first: red, then amber, then optional
    criteria not assessed; in rubric order within each."""
    board: BoardSummary = BoardSummary()
    """The board statements, grouped."""
    attention: Attention = Attention()
    """What needs the board's attention."""
    open_actions: list[str] = []
    """Ids of the actions not yet complete, in manifest order."""
    partner_summary: PartnerSummary = PartnerSummary()
    """The partners' statements, counted."""
    ready: bool = False
    """Every selected rubric is ready."""
    designation: DesignationResult | None = None
    """Eligibility, stages, benefits, provider network and risks (see ``iho_ready.designation``)."""
    findings: list[Finding]
    """Every finding, sorted by location."""
    counts: Counts
    """Findings by severity."""
    lock: str | None = None
    """The lock file evidence was compared with (path as given), or None when no lock was used."""

