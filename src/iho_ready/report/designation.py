"""The paper's view of what NHS England will weigh beyond the criteria (issue 19).

Built from ``CheckResult.designation`` (the decisions of :mod:`iho_ready.designation`) and
worded here, so the template ``_designation.md.j2`` and the dashboard only print. Everything
the project added to the sources is said to be ours (:data:`~iho_ready.words.OURS_NOTE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models.designation import DesignationResult
from ..models.outcome import Outcome
from ..models.result import CheckResult
from ..words import (
    ELIGIBLE_LABEL,
    OURS_NOTE,
    PREREQUISITE_STATUS_LABEL,
    READINESS_LABEL,
    ROUTE_LABEL,
    icb_answers_sentence,
    listing,
)

NOT_RECORDED = "Not recorded"

DESIGNATION_HEADING = "What NHS England will weigh beyond the criteria"
"""The appendix heading."""


def baf_line(result: CheckResult) -> list[str]:
    """The cover sheet's Board Assurance Framework risks: those the criteria and actions link to
    (empty when nothing links, and the cover falls back on ``assessment.baf_risks``)."""
    return list(result.designation.baf) if result.designation is not None else []


@dataclass(frozen=True)
class PrerequisiteRow:
    """One eligibility prerequisite as the paper shows it."""

    title: str
    value: str
    """What the trust records, or ``Not recorded``."""
    status: str
    """The judgement in words."""
    met: bool
    """True when it is met or recorded (nothing for the board to do)."""
    evidence: str
    """Valid evidence ids, or ``None``."""
    source: str
    """The source's words and where they are."""


@dataclass(frozen=True)
class StageRow:
    title: str
    target: date | None
    readiness: str
    ready: bool
    gaps: str
    late: str


@dataclass(frozen=True)
class StepRow:
    title: str
    agreed: date | None
    in_order: bool


@dataclass(frozen=True)
class OutcomeRow:
    id: str
    outcome: str
    metric: str
    baseline: str
    target: str
    owner: str
    evidences: str
    complete: bool


@dataclass(frozen=True)
class ShareRow:
    partner: str
    gain: str
    loss: str
    net_benefit: str


@dataclass(frozen=True)
class ServiceRow:
    service: str
    in_scope: bool
    partner: str
    contract_form: str
    route: str
    arrangements: str
    """Risk share, step-in and evaluation in one cell."""
    complete: bool


@dataclass(frozen=True)
class RiskRow:
    id: str
    title: str
    baf: str
    scores: str
    appetite: str
    linked_from: str


@dataclass(frozen=True)
class DesignationView:
    """Eligibility, stages, steps, benefits, provider network and risks, worded for the paper."""

    eligibility: str | None
    """``Eligible``, ``Not yet eligible`` or ``Not known``; None when no rubric lists prerequisites."""
    eligible: bool
    eligibility_sentence: str
    """One sentence for the executive summary, said before readiness."""
    prerequisites: list[PrerequisiteRow]
    stages: list[StageRow]
    steps: list[StepRow]
    steps_source: str | None
    outcomes: list[OutcomeRow]
    savings: str | None
    shares: list[ShareRow]
    network: list[ServiceRow]
    risks: list[RiskRow]
    ours: str
    """That the rules are the project's reading, not NHS England's."""
    icb_answers: str | None = None
    """The ICB's two answers in one sentence, first in the system view."""

    @property
    def has_detail(self) -> bool:
        """True when there is anything for the appendix to show."""
        return bool(self.prerequisites or self.stages or self.steps or self.outcomes or self.network or self.risks)


def _or(text: str | None, fallback: str = NOT_RECORDED) -> str:
    return text if text else fallback


def _percent(value: float | None) -> str:
    return NOT_RECORDED if value is None else f"{value:g} per cent"


def build_designation(outcome: Outcome) -> DesignationView | None:
    """The view of the result's ``designation``, or None when there is none."""
    d: DesignationResult | None = outcome.result.designation
    if d is None:
        return None
    quotes = [r.designation.steps_quote for r in (s.rubric for s in outcome.loaded.rubrics)
              if r.designation is not None and r.designation.steps_quote is not None]
    steps_source = f"“{quotes[0].text}” ({quotes[0].source}, {quotes[0].ref})" if quotes else None
    e = d.eligibility
    if e is None:
        sentence = ""
    elif not e.recorded:
        sentence = (f"Eligibility: {ELIGIBLE_LABEL[e.verdict]}. The self-assessment does not record the prerequisites "
                    "for advanced foundation trust status (and so for IHO designation).")
    else:
        short = [p.title for p in e.prerequisites if not p.settled]
        sentence = f"Eligibility: {ELIGIBLE_LABEL[e.verdict]}." + (
            f" Still to settle: {listing(short)}." if short else
            " Every prerequisite is recorded, evidenced and in date.")
    return DesignationView(
        eligibility=ELIGIBLE_LABEL[e.verdict] if e else None,
        eligible=e is not None and e.eligible,
        eligibility_sentence=sentence,
        prerequisites=[PrerequisiteRow(
            title=p.title, value=_or(p.value), status=PREREQUISITE_STATUS_LABEL[p.status],
            met=p.settled, evidence=", ".join(p.evidence) or "None",
            source=f"“{p.quote}” ({p.source})") for p in (e.prerequisites if e else [])],
        stages=[StageRow(title=s.title, target=s.target, readiness=READINESS_LABEL[s.readiness],
                         ready=s.ready, gaps=", ".join(s.gaps) or "None",
                         late=", ".join(s.late_actions) or "None") for s in d.stages],
        steps=[StepRow(title=s.title, agreed=s.agreed, in_order=s.in_order) for s in d.steps],
        steps_source=steps_source,
        outcomes=[OutcomeRow(id=o.id, outcome=o.outcome, metric=_or(o.metric), baseline=_or(o.baseline),
                             target=_or(o.target), owner=_or(o.owner), evidences=", ".join(o.evidences) or "None",
                             complete=o.complete) for o in d.outcomes],
        savings=d.savings,
        shares=[ShareRow(partner=s.partner, gain=_percent(s.gain), loss=_percent(s.loss),
                         net_benefit=_or(s.net_benefit, "Not stated")) for s in d.shares],
        network=[ServiceRow(
            service=s.service, in_scope=s.in_scope, partner=_or(s.partner), contract_form=_or(s.contract_form),
            route=ROUTE_LABEL[s.route] if s.route else NOT_RECORDED,
            arrangements="; ".join(f"{label}: {text}" for label, text in (
                ("Risk share", s.risk_share), ("Step-in", s.step_in), ("Evaluation", s.evaluation)) if text)
            or NOT_RECORDED, complete=s.complete) for s in d.network],
        risks=[RiskRow(id=r.id, title=r.title, baf=_or(r.baf, "None"),
                       scores=f"{r.current or NOT_RECORDED} now, {r.target or NOT_RECORDED} target",
                       appetite=_or(r.appetite), linked_from=", ".join(r.linked_from) or "None") for r in d.risks],
        ours=OURS_NOTE,
        icb_answers=icb_answers_sentence(d.icb.partner, d.icb.intends_to_commission, d.icb.supports_host)
        if d.icb else None,
    )

