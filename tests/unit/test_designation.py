"""What NHS England will weigh beyond the criteria: eligibility, stages, steps, benefits, network,
risks and the ICB's two answers, evaluated in memory on the finding catalogue's example."""

from __future__ import annotations

import pytest

from iho_ready.app import assess
from iho_ready.loading import check_rubric
from iho_ready.models.outcome import Outcome
from iho_ready.models.rubric import Rubric
from iho_ready.render import RenderOptions
from iho_ready.report.build import build_report
from iho_ready.report.markdown import render as render_markdown
from iho_ready.rubrics import Registry
from iho_ready.yamlsource import compose, construct
from tests.helpers import EXAMPLE
from tests.unit.test_finding_catalogue import run_example


def _codes(fragment: str) -> set[str]:
    return {f.code for f in run_example(fragment).findings}


def _verdict(fragment: str) -> str:
    d = run_example(fragment).designation
    assert d is not None and d.eligibility is not None
    return d.eligibility.verdict


def test_the_clean_example_is_eligible_with_every_prerequisite_met() -> None:
    d = run_example("{}").designation
    assert d is not None and d.eligibility is not None
    assert d.eligibility.verdict == "eligible"
    assert [(p.kind, p.status) for p in d.eligibility.prerequisites] == [("aft", "met"), ("financial-plan", "met")]


@pytest.mark.parametrize(("fragment", "verdict"), [
    ("eligibility: {aft: {status: applied}}", "not-yet"),
    # one prerequisite definitely not met settles it, even with another unknown
    ("eligibility: {aft: {status: applied}, financial_plan: {evidence: []}}", "not-yet"),
    ("eligibility: {financial_plan: {evidence: []}}", "not-known"),
    ("eligibility: {aft: {review_by: 2026-09-30}}", "not-known"),
    ("eligibility: {aft: null}", "not-known"),
])
def test_the_eligibility_verdict(fragment: str, verdict: str) -> None:
    assert _verdict(fragment) == verdict


def test_without_an_eligibility_section_it_is_not_known_and_nothing_is_raised() -> None:
    result = run_example("eligibility: null")
    assert result.designation is not None and result.designation.eligibility is not None
    assert result.designation.eligibility.verdict == "not-known"
    assert not result.designation.eligibility.recorded
    assert not {f.code for f in result.findings if f.code.startswith("eligibility-")}


def test_expired_evidence_leaves_a_prerequisite_unevidenced() -> None:
    result = run_example("evidence: [{review_by: 2026-09-30}]")
    assert result.designation is not None and result.designation.eligibility is not None
    assert {p.status for p in result.designation.eligibility.prerequisites} == {"unevidenced"}


def test_a_plan_round_on_the_plan_itself_overrides_its_evidence() -> None:
    assert "plan-earlier-round" in _codes("eligibility: {financial_plan: {planning_round: 2025/26}}")
    assert "plan-earlier-round" not in _codes(
        "{evidence: [{planning_round: 2025/26}], eligibility: {financial_plan: {planning_round: 2026/27}}}")


def test_readiness_is_reported_per_stage_with_late_actions() -> None:
    result = run_example("{criteria: {T2: {rating: not-met, explanation: Not yet., actions: "
                         "[{id: A0, status: on-track, due: 2027-10-31}]}}}")
    d = result.designation
    assert d is not None
    stages = {s.id: s for s in d.stages}
    assert stages["designation"].readiness == "not-ready" and stages["designation"].gaps == ["T2"]
    assert stages["designation"].late_actions == ["A0"] and stages["contract-award"].late_actions == ["A0"]
    assert [f.action for f in result.findings if f.code == "action-after-stage"] == ["A0", "A0"]


def test_a_shortfall_planned_in_time_is_plan_agreed_for_the_stage() -> None:
    d = run_example("{criteria: {T2: {rating: not-met, explanation: Not yet., actions: "
                    "[{id: A0, status: on-track, due: 2026-12-15}]}}}").designation
    assert d is not None
    assert {s.id: s.readiness for s in d.stages} == {"designation": "plan-agreed", "contract-award": "plan-agreed"}


def test_a_complete_action_is_never_late() -> None:
    assert "action-after-stage" not in _codes("criteria: {T2: {actions: [{id: A0, due: 2027-10-31}]}}")


def test_governance_after_the_contract_takes_effect_is_out_of_order() -> None:
    fragment = "steps: {governance: 2027-11-01}"
    codes = _codes(fragment)
    assert "step-out-of-order" in codes
    d = run_example(fragment).designation
    assert d is not None
    assert [(s.id, s.in_order) for s in d.steps] == [("purpose", True), ("functions", True), ("governance", False)]
    assert "step-out-of-order" not in _codes("steps: {governance: 2027-09-01}")


def test_an_outcome_linked_to_an_evidence_item_counts_for_its_criterion() -> None:
    assert "benefit-without-outcome" not in _codes("benefits: {outcomes: [{id: O1, evidences: [T1.E1]}]}")
    assert "benefit-without-outcome" not in _codes("benefits: {outcomes: [{id: O1, evidences: ['example:T1']}]}")


def test_a_baseline_without_its_source_is_incomplete() -> None:
    result = run_example("benefits: {outcomes: [{id: O1, baseline: {source: null}}]}")
    assert [f.code for f in result.findings] == ["outcome-incomplete"]
    assert "source" in result.findings[0].message


def test_an_out_of_scope_service_needs_neither_route_nor_partner() -> None:
    result = run_example("network: [{in_scope: false, route: null, partner: null}]")
    assert result.findings == []
    assert result.designation is not None and result.designation.network[0].complete


def test_risks_linked_from_actions_count_and_feed_the_baf_line() -> None:
    result = run_example("criteria: {T2: {risks: [], actions: [{id: A0, risks: [R1]}]}}")
    assert "risk-not-linked" not in {f.code for f in result.findings}
    d = result.designation
    assert d is not None and d.risks[0].linked_from == ["A0"]
    assert d.baf == ["BAF 7: Financial risk of a capitated contract"]
    unlinked = run_example("criteria: {T2: {risks: []}}").designation
    assert unlinked is not None and unlinked.baf == []


def test_the_icb_answers_are_kept_apart() -> None:
    result = run_example("{partners: [partners/icb-undecided.yaml], criteria: {T2: {actions: [{id: A0, answers: []}]}}}")
    d = result.designation
    assert d is not None and d.icb is not None
    assert (d.icb.intends_to_commission, d.icb.supports_host) == (True, None)


def test_a_rubric_naming_an_unknown_criterion_in_its_designation_data_is_an_input_error() -> None:
    from iho_ready.findings import EXAMPLE_RUBRIC

    text = EXAMPLE_RUBRIC.replace("needs_risk: [T2]", "needs_risk: [T9]")
    source = compose(text, "example.yaml")
    rubric = Rubric.model_validate(construct(source))
    problems = check_rubric(source, rubric)
    assert [(p.code, "'T9'" in p.message) for p in problems] == [("unknown-criterion", True)]


def test_the_paper_says_eligibility_before_readiness_and_marks_our_rules() -> None:
    outcome: Outcome = assess(EXAMPLE, Registry())
    text = render_markdown(build_report(outcome), RenderOptions())
    assert text.index("Eligibility: Not yet eligible") < text.index("| Criteria | Readiness |")
    assert "Added by iho-ready, not NHS England" in text
    cover = text[:text.index("Executive summary")]
    assert "BAF 3: The trust is not designated" in cover and "BAF 7: Financial risk" in cover
