"""What NHS England will weigh beyond the criteria: eligibility, stages, benefits, the provider
network and risks (issue 19).

Three kinds of model live here:

* **Manifest sections** the trust writes (``eligibility``, ``stages``, ``steps``, ``benefits``,
  ``network``, ``risks``), all optional.
* **Rubric data** (a rubric's ``designation:`` key): the eligibility prerequisites quoting their
  source, the stages and which criteria matter at each, the order of the steps to a contract,
  which criteria need a linked risk and which are benefit criteria. Everything the project
  added is marked ``by: iho-ready``; where a source is silent (a threshold, a date) the data
  says nothing and no rule invents it.
* **Result models** (:class:`DesignationResult`), the decisions :mod:`iho_ready.designation`
  makes, which every output reads.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt

from .designation_result import PROJECT_MARK
from .types import Identifier, IsoDate, Slug, Text, Url


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


# --------------------------------------------------------------------------- manifest sections

PrerequisiteKind = Literal["aft", "nof", "cqc", "capability", "financial-plan", "icb-support", "regional-support"]
"""The eligibility prerequisites a manifest can record, in the order outputs list them."""

PREREQUISITE_KINDS: tuple[str, ...] = ("aft", "nof", "cqc", "capability", "financial-plan", "icb-support",
                                       "regional-support")
"""Every prerequisite kind, in the order outputs list them."""

AftStatus = Literal["awarded", "applied", "preparing", "not-applied"]
CqcRating = Literal["outstanding", "good", "requires-improvement", "inadequate", "not-rated"]
AgreedBy = Literal["icb", "region"]


class _Recorded(_Strict):
    evidence: list[Identifier] = []
    """Evidence register ids that show it."""
    review_by: IsoDate | None = None
    """When it must be looked at again (a segment's quarter ends, a rating is reviewed); after it,
    it is out of date."""


class AftRecord(_Recorded):
    """The trust's advanced foundation trust (AFT) status."""

    status: AftStatus
    """awarded, applied, preparing or not-applied."""
    date: IsoDate | None = None
    """When it was awarded or the application made."""
    stage: Text | None = None
    """Where the application stands, in the trust's words (e.g. ``panel interview 2026-11-20``)."""


class NofRecord(_Recorded):
    """The trust's NHS Oversight Framework segment."""

    segment: StrictInt = Field(ge=1, le=5)
    """The segment, 1 to 5."""
    quarter: Text
    """The quarter the segment was published for, e.g. ``2026/27 Q2``."""


class CqcRecord(_Recorded):
    """The trust's overall CQC rating."""

    rating: CqcRating
    """outstanding, good, requires-improvement, inadequate or not-rated."""
    date: IsoDate | None = None
    """When the rating was published."""


class CapabilityRecord(_Recorded):
    """The outcome of the trust's Provider Capability Assessment."""

    outcome: Text
    """The outcome, in the assessment's words."""
    date: IsoDate | None = None
    """When the board approved the assessment."""


class PlanRecord(_Recorded):
    """The trust's medium-term financial plan."""

    agreed_by: list[AgreedBy] = []
    """Who agreed the plan: ``icb`` and ``region`` (NHS England's region)."""
    planning_round: Text | None = None
    """The planning round the plan belongs to, e.g. ``2026/27`` (else its evidence's ``planning_round``)."""


class SupportRecord(_Recorded):
    """Whether the ICB (or NHS England's region) supports the application."""

    given: StrictBool
    """True when support is given."""
    date: IsoDate | None = None
    """When it was given."""


class Eligibility(_Strict):
    """The prerequisites for AFT status, and so for IHO designation, as the trust records them."""

    aft: AftRecord | None = None
    """Advanced foundation trust status."""
    nof: NofRecord | None = None
    """NHS Oversight Framework segment."""
    cqc: CqcRecord | None = None
    """CQC rating."""
    capability: CapabilityRecord | None = None
    """Provider Capability Assessment outcome."""
    financial_plan: PlanRecord | None = None
    """Medium-term financial plan and who agreed it."""
    icb_support: SupportRecord | None = None
    """The ICB's support for the application."""
    regional_support: SupportRecord | None = None
    """NHS England regional support for the application."""

    def record(self, kind: str) -> _Recorded | None:
        """The record for a prerequisite kind (``financial-plan`` -> ``financial_plan``)."""
        found: _Recorded | None = getattr(self, kind.replace("-", "_"))
        return found


class Measure(_Strict):
    """A value of a metric at a date."""

    value: StrictFloat | StrictInt | Text
    """The value (a number, or text such as ``62%``)."""
    date: IsoDate
    """When it was (or is to be) measured."""
    source: Text | None = None
    """Where the value comes from (a baseline needs one)."""


class BenefitOutcome(_Strict):
    """One outcome the IHO contract should improve."""

    id: Identifier
    """Unique within the register."""
    outcome: Text
    """The outcome, in a sentence."""
    metric: Text | None = None
    """How it is measured."""
    baseline: Measure | None = None
    """Where it stands: value, date and source."""
    target: Measure | None = None
    """Where it should get to, and by when."""
    trajectory: list[Measure] = []
    """Milestones between baseline and target."""
    owner: Text | None = None
    """Who owns it (a role is enough)."""
    evidences: list[Text] = []
    """Criteria or key-evidence items the outcome evidences (``SV1.E2``, ``CFC4``)."""


class Share(_Strict):
    """One partner's share of gains and losses against the capitated budget."""

    partner: Text
    """``trust``, or a partner statement's id (its file name without ``.yaml``)."""
    gain: StrictFloat | StrictInt | None = Field(default=None, ge=0, le=100)
    """Percentage of any gain the partner keeps."""
    loss: StrictFloat | StrictInt | None = Field(default=None, ge=0, le=100)
    """Percentage of any loss the partner bears."""


class Benefits(_Strict):
    """The benefits register: outcomes, expected savings and how gains and losses are shared."""

    outcomes: list[BenefitOutcome] = []
    """The outcomes, each with metric, baseline, target, trajectory and owner."""
    savings: Text | None = None
    """The expected savings, in the trust's words (e.g. ``£4.2m a year by 2028/29``)."""
    shares: list[Share] = []
    """The gain and loss share per partner."""


Route = Literal["psr-2023", "other"]
"""The procurement route: the Provider Selection Regime 2023, or another (say which in ``route_note``)."""


class Service(_Strict):
    """One service in the provider network."""

    service: Text
    """The service."""
    in_scope: StrictBool = True
    """Whether the IHO contract would cover it."""
    partner: Text | None = None
    """The accountable partner delivering it (``trust`` for the trust itself)."""
    contract_form: Text | None = None
    """The contract form, e.g. ``sub-contract, blended payment``."""
    route: Route | None = None
    """psr-2023 or other."""
    route_note: Text | None = None
    """Which other route, or which PSR process."""
    risk_share: Text | None = None
    """How risk is shared with the partner."""
    step_in: Text | None = None
    """Step-in arrangements if the partner fails."""
    failure: Text | None = None
    """What happens on failure (exit, transfer)."""
    evaluation: Text | None = None
    """How efficacy is evaluated."""


class Risk(_Strict):
    """One risk in the trust's risk register (or a reference to a Board Assurance Framework risk)."""

    id: Identifier
    """Unique within the register; criteria and actions name it under ``risks``."""
    title: Text
    """The risk, in a sentence."""
    baf: Text | None = None
    """The Board Assurance Framework id, e.g. ``BAF 7``."""
    current: StrictInt | None = Field(default=None, ge=1, le=25)
    """Current score (likelihood x consequence, 1-25)."""
    target: StrictInt | None = Field(default=None, ge=1, le=25)
    """Target score (1-25)."""
    appetite: Text | None = None
    """The board's appetite for it, e.g. ``open`` or ``cautious``."""


# --------------------------------------------------------------------------- rubric data


class Quotation(_Strict):
    """Words quoted from a source, with where they are."""

    text: Text
    """The source's words, verbatim."""
    source: Text
    """The source's title."""
    ref: Text
    """Section or paragraph."""
    url: Url | None = None
    """Where it is published."""


class Prerequisite(_Strict):
    """One eligibility prerequisite, quoting its source."""

    kind: PrerequisiteKind
    """Which entry of the manifest's ``eligibility`` answers it."""
    title: Text
    """A short name, e.g. ``NHS Oversight Framework segment``."""
    quote: Quotation
    """What the source says."""
    accepts: list[Text] = []
    """The values that meet it (``awarded``; ``given``), where a source says; empty where the
    sources set no threshold (then being recorded, evidenced and in date is all that is checked)."""
    accepts_by: Text | None = None
    """Who chose ``accepts`` (``iho-ready`` when the project read it from the quote)."""
    note: Text | None = None
    """What a reader should know, e.g. that no source states a threshold."""


class StageRule(_Strict):
    """One stage on the way to a contract, and the criteria that matter at it."""

    id: Slug
    """``designation``, ``contract-assurance``, ``contract-award``, ``go-live``."""
    title: Text
    """A short name."""
    quote: Quotation | None = None
    """What a source says about the stage."""
    criteria: list[Identifier] = []
    """Criteria that must be in hand by this stage."""
    by: Text = PROJECT_MARK
    """Who chose ``criteria`` (the sources say nothing on it)."""
    contract_starts: StrictBool = False
    """True for the stage at which the contract takes effect (governance must be in place by then)."""


class StepRule(_Strict):
    """One step in the order the NHS Confederation describes."""

    id: Slug
    """``purpose``, ``functions``, ``success-measures``, ``contractual-form``, ``governance``."""
    title: Text
    """A short name."""


class Designation(_Strict):
    """A rubric's data on what NHS England will weigh beyond its criteria."""

    by: Text = PROJECT_MARK
    """Who encoded this data."""
    note: Text | None = None
    """How to read it."""
    prerequisites: list[Prerequisite] = []
    """The eligibility prerequisites."""
    planning_round: Text | None = None
    """The current planning round a medium-term plan must belong to, e.g. ``2026/27``."""
    planning_round_quote: Quotation | None = None
    """The source of ``planning_round``."""
    stages: list[StageRule] = []
    """The stages, in order."""
    steps: list[StepRule] = []
    """The steps to a contract, in the order they should be agreed."""
    steps_quote: Quotation | None = None
    """The source of that order."""
    needs_risk: list[Identifier] = []
    """Criteria that, confirmed or met, need a linked risk (ours)."""
    benefit_criteria: list[Identifier] = []
    """Criteria (or key-evidence items) that a benefits register evidences (ours)."""
    icb_answers: list[Identifier] = []
    """Criteria that rest on the ICB's two answers, its intention to commission and its support for
    this trust as host (ours): rated met, both must be yes in the ICB's statement."""


from .designation_result import (  # noqa: E402  (the results, re-exported)
    DesignationResult,
    EligibilityResult,
    IcbAnswers,
    OutcomeResult,
    PrerequisiteResult,
    RiskResult,
    ServiceResult,
    ShareResult,
    StageResult,
    StepResult,
)

__all__ = [
    "DesignationResult",
    "EligibilityResult",
    "IcbAnswers",
    "OutcomeResult",
    "PrerequisiteResult",
    "RiskResult",
    "ServiceResult",
    "ShareResult",
    "StageResult",
    "StepResult",
]
