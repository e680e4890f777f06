"""The result of a check: every decision the evaluation made, in a form every output reads.

Findings, each criterion's status and why it is an exception, each action and document as
judged, domain RAG, rubric readiness and crosswalk coverage. Renderers and the board paper
read this and never re-derive a rule. It is also what the JSON output serialises, so its
field names are a public contract (``FORMAT_VERSION``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .designation import DesignationResult
from .types import IsoDate

FORMAT_VERSION = 1
"""Version of the JSON result format. Bump on any incompatible change (additions are compatible)."""

Severity = Literal["error", "warning", "info"]
Readiness = Literal["ready", "approaching", "not-ready"]
CriterionStatus = Literal["met", "action-planned", "gap", "not-assessed", "not-applicable"]
Rag = Literal["green", "amber", "red", "grey"]
Coverage = Literal["full", "partial", "none"]
AssuranceLevel = Literal["substantial", "reasonable", "limited", "no-assurance"]
ReasonCode = Literal[
    "not-assessed", "not-confirmed", "rated-below", "unsupported-claim", "evidence-incomplete",
    "evidence-problem", "explanation-missing", "gap-without-action", "action-incomplete", "wording-changed",
]

EXCEPTION_STATUSES = frozenset({"gap", "action-planned", "not-assessed"})
"""Criterion statuses the board paper reports as exceptions (``CriterionResult.exception``)."""

SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
"""Finding severities from least to most severe."""

READINESS_ORDER: dict[str, int] = {"not-ready": 0, "approaching": 1, "ready": 2}
"""Readiness levels from worst to best."""

ASSURANCE_ORDER: dict[str, int] = {"no-assurance": 0, "limited": 1, "reasonable": 2, "substantial": 3}
"""Assurance levels from weakest to strongest."""


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


class Location(_Out):
    """A place in an input file (1-based)."""

    file: str
    """The file as shown in every output (relative to the folder the check ran in)."""
    line: int
    """1-based line; 0 when the finding concerns the file as a whole."""
    column: int
    """1-based column; 0 when the finding concerns the file as a whole."""


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
        """Render as ``FILE:LINE:COL: severity: message [code]``, the line editors and CI logs parse."""
        loc = self.location
        return f"{loc.file}:{loc.line}:{loc.column}: {self.severity}: {self.message} [{self.code}]"

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
    that a newer rubric version changed, not yet re-confirmed)."""
    refs: list[str] = []
    """Ids the reason concerns: the unevidenced key-evidence items, or the action."""
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


class Related(_Out):
    """A criterion of the source rubric that a crosswalk relates to a target criterion."""

    criterion: str
    """Source criterion id."""
    evidence: str | None = None
    """The source criterion's key-evidence item the mapping rests on, when it rests on one."""
    relationship: Literal["equal", "subset", "superset", "intersect"]
    """Of the source criterion to the target."""
    status: CriterionStatus
    """The source criterion's status."""


class CoverageRow(_Out):
    """How the source rubric's criteria cover one target criterion."""

    target: str
    """Target criterion id."""
    target_status: CriterionStatus
    """The target criterion's own status."""
    related: list[Related]
    """The source criteria mapped to it."""
    coverage: Coverage
    """``full`` through a met equal or superset criterion; ``partial`` through a met subset or
    overlapping one; ``none`` when no related criterion is met."""
    through: list[str]
    """The met source criteria that give that coverage."""


class CrosswalkCoverage(_Out):
    """Coverage of one selected rubric's criteria by another's, through a crosswalk."""

    crosswalk: str
    """Crosswalk id."""
    title: str
    """Crosswalk title."""
    author: str
    """Who made the mapping."""
    source: str
    """``rubric-id@version`` mapped from."""
    target: str
    """``rubric-id@version`` mapped to."""
    rows: list[CoverageRow]
    """One row per target criterion with a mapping, in the target rubric's order."""


class PartnerCondition(_Out):
    """A condition of a partner's support, and the actions that answer it."""

    id: str
    """Condition id within the statement, e.g. ``C1``."""
    text: str
    """The condition, in the partner's words."""
    answered_by: list[str]
    """Ids of the actions that answer it (empty: none does)."""


class PartnerView(_Out):
    """A partner's view of one criterion or prompt question."""

    rubric: str
    """Rubric id."""
    criterion: str
    """Criterion (or prompt question) id."""
    agrees: bool | None
    """Whether the partner agrees with the trust's rating; None when it takes no view."""
    answer: str | None
    """The partner's own answer, for a prompt question."""
    comment: str | None
    """Why, in the partner's words."""
    private: bool
    """Left out of public-session papers."""


class PartnerResult(_Out):
    """One partner statement the manifest lists, as judged."""

    id: str
    """The statement's file name without ``.yaml``."""
    file: str
    """The statement file as shown."""
    path: str
    """The statement's path as the manifest lists it."""
    problem: Literal["missing", "outside"] | None = None
    """Why there is no statement to read, if there is none."""
    name: str | None = None
    """The partner's name."""
    kind: Literal["icb", "trust", "primary-care", "local-authority", "vcse", "other"] | None = None
    """What kind of organisation the partner is."""
    position: Literal["supports", "supports-with-conditions", "undecided", "does-not-support"] | None = None
    """The partner's position on the trust holding an IHO contract."""
    signed: bool = False
    """Someone signed the statement for the partner."""
    signed_by: str | None = None
    """Who signed it."""
    signed_on: IsoDate | None = None
    """When it was signed."""
    review_by: IsoDate | None = None
    """When the partner will review it."""
    in_date: bool = False
    """Its review date is not before the as-of date."""
    valid: bool = False
    """It counts as evidence of support: signed, in date, and supporting."""
    reason: str | None = None
    """Why it does not count, when not valid."""
    conditions: list[PartnerCondition] = []
    """The conditions of the partner's support."""
    views: list[PartnerView] = []
    """The partner's views of named criteria and prompt questions."""


class SystemViewRow(_Out):
    """Where the partners stand on one criterion any of them took a view of."""

    rubric: str
    """Rubric id."""
    criterion: str
    """Criterion (or prompt question) id."""
    rating: str | None
    """The trust's rating in words, or None when not rated."""
    agree: list[str]
    """Partners that agree with the trust."""
    disagree: list[str]
    """Partners that do not."""
    split: bool
    """At least one partner disagrees with the trust."""


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
    """The worst colour of its criteria (grey when none is assessed)."""
    criteria: int
    """Number of criteria."""
    met: int
    """Criteria met, confirmed or not applicable."""
    gaps: int
    """Criteria with a gap (with or without action)."""
    not_assessed: int
    """Criteria with no rating."""


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
    """``ready``, ``approaching`` or ``not-ready``."""
    criteria: int
    """Number of criteria."""
    met: int
    """Criteria met, confirmed or not applicable."""
    gaps: int
    """Criteria with a gap (with or without action)."""
    not_assessed: int
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
    findings: list[Finding]
    """Every finding, sorted by location."""
    counts: Counts
    """Findings by severity."""
    lock: str | None = None
    """The lock file evidence was compared with (path as given), or None when no lock was used."""
    designation: DesignationResult | None = None
    """Eligibility, stages, benefits, provider network and risks (see ``iho_ready.designation``)."""


def exception_rank(criterion: CriterionResult) -> int:
    """Exceptions are read worst first: red (a gap without adequate action, or a mandatory
    criterion not assessed), then amber (action in hand), then optional criteria not assessed."""
    if criterion.status == "action-planned":
        return 1
    if criterion.status == "not-assessed" and not criterion.mandatory:
        return 2
    return 0

