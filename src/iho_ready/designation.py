"""What NHS England will weigh beyond the criteria: a pure evaluation (issue 19).

``evaluate_designation`` reads the manifest's ``eligibility``, ``stages``, ``steps``,
``benefits``, ``network`` and ``risks`` sections against the ``designation`` data of the
selected rubrics, raises findings through *add* and returns a :class:`DesignationResult`.
It reads no files. ``evaluate()`` calls it once; every rule about these sections lives here.

Eligibility comes before readiness:

* **Eligible**: every prerequisite is recorded, evidenced, in date and, where a rubric states
  what meets it, met.
* **Not yet eligible**: a prerequisite is recorded and evidenced but does not meet what the
  rubric accepts (an AFT application not yet awarded, support not given), whatever else is unknown.
* **Not known**: otherwise (something missing, unevidenced or out of date; or no record at all).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from .models.designation import (
    PREREQUISITE_KINDS,
    DesignationResult,
    EligibilityResult,
    IcbAnswers,
    Measure,
    OutcomeResult,
    Prerequisite,
    PrerequisiteResult,
    RiskResult,
    ServiceResult,
    ShareResult,
    StageResult,
    StageRule,
    StepResult,
    StepRule,
)
from .models.loaded import LoadedManifest
from .models.result import CriterionResult
from .rollup import readiness
from .rules import Collector, Emit, rule as register
from .words import listing, long_date

Add = Emit
"""``add(code, location, message, **context)``: raise a finding (the rule's emitter, its own codes only)."""


def readiness_of(criteria: Sequence[CriterionResult]) -> str:
    """Readiness of a group of criteria, by the one rule (:func:`iho_ready.rollup.readiness`)."""
    return readiness(criteria)


def evaluate_designation(loaded: LoadedManifest, criteria: Sequence[CriterionResult], valid: Collection[str],
                         as_of: date, out: Collector) -> DesignationResult | None:
    """Judge the designation sections. *valid* holds the ids of evidence that counts (exists,
    in date, inside the repository). None when no rubric has designation data and the manifest
    records none of these sections."""
    rules = [s.rubric.designation for s in loaded.rubrics if s.rubric.designation is not None]
    m = loaded.manifest
    if not rules and not (m.eligibility or m.stages or m.steps or m.benefits or m.network or m.risks):
        return None
    prerequisites = {p.kind: p for r in reversed(rules) for p in r.prerequisites}
    rounds = [r.planning_round for r in rules if r.planning_round]
    stages: dict[str, StageRule] = {}
    for r in rules:
        for s in r.stages:
            stages.setdefault(s.id, s)
    steps: list[StepRule] = next((r.steps for r in rules if r.steps), [])
    by_id = {(c.rubric, c.id): c for c in criteria}
    shares = _shares(loaded)
    return DesignationResult(
        eligibility=_eligibility(loaded, [prerequisites[k] for k in PREREQUISITE_KINDS if k in prerequisites],
                                 rounds[0] if rounds else None, valid, as_of, out.emit(_eligibility))
        if prerequisites else None,
        stages=[_stage(loaded, s, criteria, out.emit(_stage)) for s in stages.values()],
        steps=_steps(loaded, steps, stages, out.emit(_steps)),
        outcomes=_outcomes(loaded, rules, by_id, out.emit(_outcomes)),
        savings=m.benefits.savings if m.benefits else None,
        shares=shares,
        network=_network(loaded, out.emit(_network)),
        risks=_risks(loaded, rules, by_id, out.emit(_risks)),
        baf=_baf(loaded),
        icb=_icb(loaded, rules, by_id, out.emit(_icb)),
    )


# --------------------------------------------------------------------------- eligibility


def _value(kind: str, record: Any) -> tuple[str, list[str]]:
    """What the trust records for a prerequisite, in words, and the values it counts as."""
    if kind == "aft":
        return record.status.replace("-", " ") + (f" ({record.stage})" if record.stage else ""), [record.status]
    if kind == "nof":
        return f"segment {record.segment} ({record.quarter})", [f"segment-{record.segment}"]
    if kind == "cqc":
        return record.rating.replace("-", " "), [record.rating]
    if kind == "capability":
        return str(record.outcome), [str(record.outcome)]
    if kind == "financial-plan":
        agreed = [{"icb": "the ICB", "region": "the region"}[a] for a in record.agreed_by]
        return ("agreed with " + " and ".join(agreed)) if agreed else "not agreed", \
            [f"agreed-{a}" for a in record.agreed_by]
    return ("given" if record.given else "not given"), ["given" if record.given else "not-given"]


@register("eligibility-not-recorded", "eligibility-out-of-date", "eligibility-unevidenced", "eligibility-not-met",
      "plan-not-agreed", "plan-earlier-round")
def _eligibility(loaded: LoadedManifest, rules: list[Prerequisite], planning_round: str | None,
                 valid: Collection[str], as_of: date, add: Add) -> EligibilityResult:
    """Each prerequisite recorded, evidenced, in date and met; the medium-term plan agreed and current."""
    section = loaded.manifest.eligibility
    results: list[PrerequisiteResult] = []
    for p in rules:
        record = section.record(p.kind) if section is not None else None
        key = p.kind.replace("-", "_")
        status: str
        value: str | None = None
        evidence: list[str] = []
        if record is None:
            status = "missing"
            if section is not None:
                add("eligibility-not-recorded", loaded.locate("eligibility", key=True),
                    f"eligibility does not record the {p.title}; add eligibility.{key} with its evidence")
        else:
            value, counts_as = _value(p.kind, record)
            evidence = [e for e in record.evidence if e in valid]
            if record.review_by is not None and record.review_by < as_of:
                status = "out-of-date"
                add("eligibility-out-of-date", loaded.locate("eligibility", key, "review_by"),
                    f"{p.title} passed its review date {record.review_by.isoformat()} (as of "
                    f"{as_of.isoformat()}); record the current position")
            elif not evidence:
                status = "unevidenced"
                why = "lists no evidence" if not record.evidence else \
                    f"has no evidence that counts ({', '.join(record.evidence)} cannot count)"
                add("eligibility-unevidenced", loaded.locate("eligibility", key, key=True),
                    f"{p.title} {why}; list an approved, in-date document under evidence")
            elif p.accepts and not set(p.accepts) & set(counts_as):
                status = "not-met"
                if p.kind != "financial-plan":  # plan-not-agreed says it, with what to do
                    whose = f"{p.accepts_by}'s reading of " if p.accepts_by else ""
                    add("eligibility-not-met", loaded.locate("eligibility", key, key=True),
                        f"{p.title} is recorded as {value}; eligibility needs "
                        f"{' or '.join(a.replace('-', ' ') for a in p.accepts)} ({whose}{p.quote.source}, "
                        f"{p.quote.ref})")
            else:
                status = "met" if p.accepts else "recorded"
            if p.kind == "financial-plan":
                _plan(loaded, record, planning_round, add)
        results.append(PrerequisiteResult(kind=p.kind, title=p.title, value=value, status=status,
                                          settled=status in ("met", "recorded"),
                                          threshold=bool(p.accepts), evidence=evidence, quote=p.quote.text,
                                          source=f"{p.quote.source}, {p.quote.ref}"))
    statuses = {r.status for r in results}
    if "not-met" in statuses:
        verdict = "not-yet"  # one prerequisite definitely not met settles it, whatever else is unknown
    elif statuses <= {"met", "recorded"} and section is not None:
        verdict = "eligible"
    else:
        verdict = "not-known"
    return EligibilityResult(verdict=verdict, eligible=verdict == "eligible", recorded=section is not None,
                             prerequisites=results)


def _plan(loaded: LoadedManifest, record: Any, planning_round: str | None, add: Add) -> None:
    """A medium-term plan not agreed with the ICB, or from an earlier planning round."""
    if "icb" not in record.agreed_by:
        add("plan-not-agreed", loaded.locate("eligibility", "financial_plan", key=True),
            "the medium-term financial plan is not recorded as agreed with the ICB; add icb to agreed_by "
            "once the ICB agrees it")
    documents = {d.id: d for d in loaded.manifest.evidence}
    rounds: list[str] = [record.planning_round] if record.planning_round else \
        [r for e in record.evidence if e in documents for r in [documents[e].planning_round] if r]
    if planning_round and rounds and all(_round_start(r) < _round_start(planning_round) for r in rounds):
        add("plan-earlier-round", loaded.locate("eligibility", "financial_plan", key=True),
            f"the medium-term financial plan belongs to the {rounds[0]} planning round, earlier than the "
            f"{planning_round} round the rubric names; record the current plan")


def _round_start(text: str) -> str:
    """``2026/27`` -> ``2026``: planning rounds compare by their first year."""
    return text.strip()[:4]


# --------------------------------------------------------------------------- stages and steps


@register("action-after-stage")
def _stage(loaded: LoadedManifest, rule: StageRule, criteria: Sequence[CriterionResult], add: Add) -> StageResult:
    """Readiness of the criteria a stage needs; an open action due after the stage's target date."""
    target = loaded.manifest.stages.get(rule.id)
    mine = [c for c in criteria if c.id in rule.criteria]
    late: list[str] = []
    if target is not None:
        for (rubric_id, ident), (key, entry) in loaded.entries.items():
            if ident not in rule.criteria:
                continue
            for a, action in enumerate(entry.actions):
                if action.is_open and action.due is not None and action.due > target:
                    late.append(action.id)
                    add("action-after-stage", loaded.locate("criteria", key, "actions", a, "due"),
                        f"action {action.id} is due {action.due.isoformat()}, after the {rule.title.lower()} "
                        f"target date {target.isoformat()}, and {ident} is needed for that stage; bring it "
                        "forward or move the target", rubric=rubric_id, criterion=ident, action=action.id)
    readiness = readiness_of(mine)
    if readiness == "plan-agreed" and any(c.errors and set(c.actions) <= set(late) for c in mine):
        readiness = "not-ready"  # a shortfall whose only plan lands after the stage is not in hand for it
    return StageResult(id=rule.id, title=rule.title, target=target, ready=readiness == "ready",
                       readiness=readiness,
                       criteria=[f"{c.rubric}:{c.id}" for c in mine], gaps=[c.id for c in mine if c.errors],
                       late_actions=late)


@register("step-out-of-order")
def _steps(loaded: LoadedManifest, rules: list[StepRule], stages: dict[str, StageRule], add: Add) -> list[StepResult]:
    """The steps to a contract in the Confederation's order, governance before the contract takes effect."""
    recorded = loaded.manifest.steps
    if not rules or not recorded:
        return []
    starts = next((loaded.manifest.stages.get(s.id) for s in stages.values() if s.contract_starts), None)
    results = []
    latest: tuple[str, date] | None = None
    for i, rule in enumerate(rules):
        agreed = recorded.get(rule.id)
        in_order = True
        if agreed is not None:
            earlier_missing = [r.title.lower() for r in rules[:i] if r.id not in recorded]
            if latest is not None and agreed < latest[1]:
                in_order = False
                add("step-out-of-order", loaded.locate("steps", rule.id),
                    f"{rule.title.lower()} was agreed on {agreed.isoformat()}, before {latest[0]} "
                    f"({latest[1].isoformat()}); form should follow function: agree them in order")
            elif earlier_missing:
                in_order = False
                add("step-out-of-order", loaded.locate("steps", rule.id),
                    f"{rule.title.lower()} is agreed but {', '.join(earlier_missing)} is not; "
                    "form should follow function: agree them in order")
            elif i == len(rules) - 1 and starts is not None and agreed > starts:
                in_order = False
                add("step-out-of-order", loaded.locate("steps", rule.id),
                    f"{rule.title.lower()} is agreed on {agreed.isoformat()}, after the contract takes effect "
                    f"({starts.isoformat()}); it must be in place before")
            if latest is None or agreed >= latest[1]:
                latest = (rule.title.lower(), agreed)
        results.append(StepResult(id=rule.id, title=rule.title, agreed=agreed, in_order=in_order))
    return results


# --------------------------------------------------------------------------- benefits and network


def _measure(m: Measure | None) -> str | None:
    if m is None:
        return None
    return f"{m.value} at {long_date(m.date)}" + (f" ({m.source})" if m.source else "")


@register("outcome-incomplete", "benefit-without-outcome")
def _outcomes(loaded: LoadedManifest, rules: Sequence[Any], criteria: dict[tuple[str, str], CriterionResult],
              add: Add) -> list[OutcomeResult]:
    """Outcomes with a baseline and a target; benefit criteria rated met with an outcome evidencing them."""
    benefits = loaded.manifest.benefits
    outcomes = benefits.outcomes if benefits else []
    results = []
    for i, o in enumerate(outcomes):
        lacks = [what for what, missing in (("a baseline", o.baseline is None),
                                            ("a source for its baseline", o.baseline is not None
                                             and o.baseline.source is None),
                                            ("a target", o.target is None)) if missing]
        if lacks:
            add("outcome-incomplete", loaded.locate("benefits", "outcomes", i, "id"),
                f"outcome {o.id} has no {' or '.join(w.split(' ', 1)[1] for w in lacks)}; give it "
                f"{' and '.join(lacks)}")
        results.append(OutcomeResult(id=o.id, outcome=o.outcome, metric=o.metric, baseline=_measure(o.baseline),
                                     target=_measure(o.target), owner=o.owner, complete=not lacks,
                                     evidences=list(o.evidences)))
    linked = {ref.split(":")[-1].split(".")[0] for o in outcomes for ref in o.evidences}
    wanted = {ref.split(".")[0] for r in rules for ref in r.benefit_criteria}
    for (rubric_id, cid), c in criteria.items():
        if cid not in wanted or cid in linked or not _meets(loaded, rubric_id, cid):
            continue
        key = loaded.entries.get((rubric_id, cid), (cid, None))[0]
        add("benefit-without-outcome", loaded.locate("criteria", key, key=True),
            f"{cid} is rated {c.rating_label or c.rating} but no outcome in the benefits register evidences it; "
            f"add an outcome with evidences: [{cid}]", rubric=rubric_id, criterion=cid)
    return results


def _meets(loaded: LoadedManifest, rubric_id: str, cid: str) -> bool:
    """Whether the trust rates the criterion as meeting it (confirmed, met)."""
    entry = loaded.entry(rubric_id, cid)
    level = loaded.placed[(rubric_id, cid)].level(entry.rating) if entry.rating else None
    return level is not None and level.meets


def _partner_name(loaded: LoadedManifest, ref: str) -> str:
    """``trust`` -> the trust's name; a partner statement's id -> the partner's name; else as written."""
    if ref == "trust":
        return loaded.manifest.organisation.name
    return next((p.statement.partner.name for p in loaded.partners if p.id == ref and p.statement), ref)


def _shares(loaded: LoadedManifest) -> list[ShareResult]:
    benefits = loaded.manifest.benefits
    statements = {p.id: p.statement for p in loaded.partners if p.statement is not None}
    results = []
    for s in benefits.shares if benefits else []:
        st = statements.get(s.partner)
        results.append(ShareResult(partner=_partner_name(loaded, s.partner), gain=s.gain, loss=s.loss,
                                   net_benefit=st.net_benefit if st else None))
    named = {s.partner for s in (benefits.shares if benefits else [])}
    results += [ShareResult(partner=st.partner.name, gain=None, loss=None, net_benefit=st.net_benefit)
                for pid, st in statements.items() if st.net_benefit and pid not in named]
    return results


@register("service-without-route", "service-without-partner")
def _network(loaded: LoadedManifest, add: Add) -> list[ServiceResult]:
    """Each in-scope service with a procurement route and an accountable partner."""
    results = []
    for i, s in enumerate(loaded.manifest.network):
        if s.in_scope and s.route is None:
            add("service-without-route", loaded.locate("network", i, "service"),
                f"{s.service} is in scope but has no procurement route; set route to psr-2023 or other")
        if s.in_scope and s.partner is None:
            add("service-without-partner", loaded.locate("network", i, "service"),
                f"{s.service} is in scope but names no accountable partner; set partner")
        results.append(ServiceResult(service=s.service, in_scope=s.in_scope,
                                     partner=_partner_name(loaded, s.partner) if s.partner else None,
                                     contract_form=s.contract_form, route=s.route, risk_share=s.risk_share,
                                     step_in=s.step_in, evaluation=s.evaluation,
                                     complete=not s.in_scope or (s.route is not None and s.partner is not None)))
    return results


# --------------------------------------------------------------------------- risks


def _links(loaded: LoadedManifest) -> dict[str, list[str]]:
    """Risk id -> the criteria and actions that name it, in manifest order."""
    links: dict[str, list[str]] = {}
    for key, entry in loaded.manifest.criteria.items():
        for rid in entry.risks:
            links.setdefault(rid, []).append(key)
        for action in entry.actions:
            for rid in action.risks:
                links.setdefault(rid, []).append(action.id)
    return links


@register("risk-not-linked")
def _risks(loaded: LoadedManifest, rules: Sequence[Any], criteria: dict[tuple[str, str], CriterionResult],
           add: Add) -> list[RiskResult]:
    """Criteria that carry risk, rated met or confirmed, with a risk linked."""
    links = _links(loaded)
    needs = {cid for r in rules for cid in r.needs_risk}
    for (rubric_id, cid), c in criteria.items():
        if cid not in needs or not _meets(loaded, rubric_id, cid):
            continue
        key, entry = loaded.entries.get((rubric_id, cid), (cid, loaded.entry(rubric_id, cid)))
        if entry.risks or any(a.risks for a in entry.actions):
            continue
        add("risk-not-linked", loaded.locate("criteria", key, key=True),
            f"{cid} is rated {c.rating_label or c.rating} but links to no risk; name the risk it carries under "
            "risks (an id from the manifest's risk register)", rubric=rubric_id, criterion=cid)
    return [RiskResult(id=r.id, title=r.title, baf=r.baf, current=r.current, target=r.target, appetite=r.appetite,
                       linked_from=links.get(r.id, [])) for r in loaded.manifest.risks]


def _baf(loaded: LoadedManifest) -> list[str]:
    """The Board Assurance Framework risks criteria and actions link to, for the cover sheet."""
    links = _links(loaded)
    return [f"{r.baf}: {r.title}" for r in loaded.manifest.risks if r.baf and r.id in links]



# --------------------------------------------------------------------------- the ICB's two answers


@register("icb-answers-missing")
def _icb(loaded: LoadedManifest, rules: Sequence[Any], criteria: dict[tuple[str, str], CriterionResult],
         add: Add) -> IcbAnswers | None:
    """The ICB's intention to commission and its support for this trust as host, kept apart;
    ``icb-answers-missing`` where a criterion resting on them is met without both."""
    icb = next((p for p in loaded.partners if p.statement is not None and p.statement.partner.kind == "icb"), None)
    st = icb.statement if icb is not None else None
    needs = {cid for r in rules for cid in r.icb_answers}
    for (rubric_id, cid), c in criteria.items():
        if cid not in needs or not _meets(loaded, rubric_id, cid):
            continue
        lacking = [what for what, answer in (
            ("that it intends to commission an IHO contract", st.intends_to_commission if st else None),
            ("that it supports this trust as host", st.supports_host if st else None)) if answer is not True]
        if lacking:
            key = loaded.entries.get((rubric_id, cid), (cid, None))[0]
            whose = f"{st.partner.name}'s statement" if st else "no statement from the ICB"
            add("icb-answers-missing", loaded.locate("criteria", key, key=True),
                f"{cid} is rated {c.rating_label or c.rating}, but {whose} does not say {listing(lacking)}; "
                "record intends_to_commission and supports_host in the ICB's statement",
                rubric=rubric_id, criterion=cid, partner=icb.id if icb else None)
    if st is None:
        return None
    return IcbAnswers(partner=st.partner.name, intends_to_commission=st.intends_to_commission,
                      supports_host=st.supports_host)
