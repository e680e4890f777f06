"""The designation parts of the result (issue 19): eligibility, stages, steps, benefits, the provider
network, risks and the ICB's two answers, as the evaluation judged them. Re-exported by
:mod:`iho_ready.models.designation`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .types import IsoDate

PROJECT_MARK = "iho-ready"
"""The provenance marker of everything the project added."""


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


# --------------------------------------------------------------------------- results

Eligible = Literal["eligible", "not-yet", "not-known"]
"""Eligible, not yet eligible, or not known."""

PrerequisiteStatus = Literal["met", "not-met", "recorded", "missing", "unevidenced", "out-of-date"]
"""One prerequisite: met (accepted), not met, recorded (no threshold is set), or why it cannot be judged."""


class PrerequisiteResult(_Out):
    """One prerequisite as judged."""

    kind: str
    """The prerequisite kind."""
    title: str
    """Its short name."""
    value: str | None
    """What the trust records (``awarded``, ``segment 2 (2026/27 Q2)``), or None."""
    status: PrerequisiteStatus
    """met, not-met, recorded, missing, unevidenced or out-of-date."""
    settled: bool = False
    """Met, or recorded and evidenced where the rubric states no threshold: nothing left to settle."""
    threshold: bool
    """True when the rubric states what meets it."""
    evidence: list[str]
    """The valid evidence ids."""
    quote: str
    """The source's words."""
    source: str
    """The source and section."""


class EligibilityResult(_Out):
    """Whether the trust is eligible, before any readiness."""

    verdict: Eligible
    """eligible, not-yet or not-known."""
    eligible: bool = False
    """The verdict is eligible."""
    recorded: bool
    """False when the manifest has no ``eligibility`` section."""
    prerequisites: list[PrerequisiteResult]
    """Each prerequisite the rubric lists."""


class StageResult(_Out):
    """Readiness for one stage."""

    id: str
    """The stage's id, e.g. ``designation``."""
    title: str
    """Its short name."""
    target: IsoDate | None
    """The trust's target date, or None."""
    readiness: Literal["ready", "plan-agreed", "not-ready"]
    """As for a rubric, over the stage's criteria."""
    ready: bool = False
    """The stage's readiness is ready."""
    criteria: list[str]
    """The stage's criteria, as ``rubric:ID``."""
    gaps: list[str]
    """Criteria ids with an error finding."""
    late_actions: list[str]
    """Actions due after the target date."""


class StepResult(_Out):
    """One step of the Confederation's order as recorded."""

    id: str
    """The step's id, e.g. ``purpose``."""
    title: str
    """Its short name."""
    agreed: IsoDate | None
    """When it was agreed, or None."""
    in_order: bool
    """False when it was agreed before an earlier step, or after the contract takes effect."""


class OutcomeResult(_Out):
    """One outcome of the benefits register as judged."""

    id: str
    """The outcome's id."""
    outcome: str
    """The outcome, in a sentence."""
    metric: str | None
    """How it is measured."""
    baseline: str | None
    """Value, date and source in words, or None."""
    target: str | None
    """Value and date in words, or None."""
    owner: str | None
    """Who owns it."""
    complete: bool
    """True when it has a baseline (with a source) and a target."""
    evidences: list[str]
    """The criteria or key-evidence items it evidences."""


class ShareResult(_Out):
    """One partner's share of gains and losses, and the net benefit it expects."""

    partner: str
    """The partner's name (the trust's for ``trust``)."""
    gain: float | None
    """Percentage of any gain it keeps."""
    loss: float | None
    """Percentage of any loss it bears."""
    net_benefit: str | None
    """The net benefit the partner's statement says it expects."""


class ServiceResult(_Out):
    """One service of the provider network as judged."""

    service: str
    """The service."""
    in_scope: bool
    """Whether the IHO contract would cover it."""
    partner: str | None
    """The accountable partner's name."""
    contract_form: str | None
    """The contract form."""
    route: str | None
    """psr-2023 or other."""
    risk_share: str | None
    """How risk is shared."""
    step_in: str | None
    """Step-in arrangements."""
    evaluation: str | None
    """How efficacy is evaluated."""
    complete: bool
    """True when in scope with a route and an accountable partner (or out of scope)."""


class RiskResult(_Out):
    """One risk of the register, with what links to it."""

    id: str
    """The risk's id."""
    title: str
    """The risk, in a sentence."""
    baf: str | None
    """Its Board Assurance Framework id."""
    current: int | None
    """Current score."""
    target: int | None
    """Target score."""
    appetite: str | None
    """The board's appetite for it."""
    linked_from: list[str]
    """Criteria and actions that name it."""


class IcbAnswers(_Out):
    """The ICB's two answers, from its partner statement, kept apart."""

    partner: str
    """The ICB's name."""
    intends_to_commission: bool | None
    """Whether it intends to commission an IHO contract (None: not stated)."""
    supports_host: bool | None
    """Whether it supports this trust as host (None: not stated)."""


class DesignationResult(_Out):
    """What NHS England will weigh beyond the criteria, as judged (``CheckResult.designation``)."""

    by: str = PROJECT_MARK
    """Who added these rules."""
    eligibility: EligibilityResult | None = None
    """Eligible, not yet or not known; None when no selected rubric lists prerequisites."""
    stages: list[StageResult] = []
    """Readiness per stage, in the rubric's order."""
    steps: list[StepResult] = []
    """The steps to a contract as recorded (empty when none are)."""
    outcomes: list[OutcomeResult] = []
    """The benefits register's outcomes."""
    savings: str | None = None
    """The expected savings, in the trust's words."""
    shares: list[ShareResult] = []
    """Gain and loss shares, and partners' expected net benefit."""
    network: list[ServiceResult] = []
    """The provider network."""
    risks: list[RiskResult] = []
    """The risk register."""
    baf: list[str] = []
    """Board Assurance Framework risks the criteria and actions link to, for the cover sheet."""
    icb: IcbAnswers | None = None
    """The ICB's two answers, when the manifest lists a readable statement from the ICB."""
