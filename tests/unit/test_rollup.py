"""The roll-ups, each on results built by hand: a group's colour, counts by status, readiness,
rating tallies, the level of assurance, the order of exceptions, the board statements grouped,
what needs the board's attention, and the partners' statements counted."""

from __future__ import annotations

from typing import Any

import pytest

from iho_ready import rollup
from iho_ready.app import assess
from iho_ready.models.partners_result import PartnerCondition, PartnerResult
from iho_ready.models.result import ActionResult, CriterionResult, RubricResult, StatusCounts
from iho_ready.models.rubric import Rubric
from iho_ready.rubrics import Registry
from tests.helpers import EXAMPLE
from tests.unit.test_finding_catalogue import _Rubrics


def crit(cid: str = "C1", **fields: Any) -> CriterionResult:
    base: dict[str, Any] = {"rubric": "example", "id": cid, "domain": "D1", "area": None, "rating": None,
                            "rating_label": None, "status": "met", "rag": "green", "mandatory": True, "items": [],
                            "actions": [], "errors": 0, "warnings": 0}
    return CriterionResult.model_validate(base | fields)


def action(aid: str, **fields: Any) -> ActionResult:
    base: dict[str, Any] = {"id": aid, "rubric": "example", "criterion": "C1", "action": "Do it", "owner": "COO",
                            "due": None, "status": "on-track", "open": True, "overdue": False}
    return ActionResult.model_validate(base | fields)


def rubric_result(rid: str, readiness: str) -> RubricResult:
    return RubricResult(id=rid, version="1", title=rid, status="draft", readiness=readiness,  # type: ignore[arg-type]
                        statuses=StatusCounts(), pinned=True)


@pytest.mark.parametrize(("colours", "expected"), [
    ((), "grey"), (("grey",), "grey"), (("grey", "green"), "green"), (("green", "amber"), "amber"),
    (("amber", "red", "green"), "red"), (("red", "grey"), "red"), (("amber", "grey"), "amber")])
def test_a_group_takes_the_worst_colour_of_its_criteria(colours: tuple[str, ...], expected: str) -> None:
    assert rollup.rag([crit(rag=c) for c in colours]) == expected


def test_criteria_are_counted_by_status_once_each() -> None:
    statuses = ["met", "met", "not-applicable", "action-planned", "gap", "gap", "gap", "not-assessed"]
    counts = rollup.statuses(crit(f"C{i}", status=s) for i, s in enumerate(statuses))
    assert counts == StatusCounts(criteria=8, met=2, not_applicable=1, action_planned=1, gap=3, not_assessed=1,
                                  shortfalls=4, met_or_not_applicable=3)


@pytest.mark.parametrize(("criteria", "expected"), [
    ([], "ready"),
    ([crit(status="gap", errors=0)], "ready"),
    ([crit(status="action-planned", errors=1), crit("C2")], "plan-agreed"),
    ([crit(status="action-planned", errors=1), crit("C2", status="gap", errors=1)], "not-ready"),
    ([crit(status="not-assessed", errors=2)], "not-ready"),
])
def test_readiness_turns_on_criteria_with_errors(criteria: list[CriterionResult], expected: str) -> None:
    assert rollup.readiness(criteria) == expected


def _example_rubric() -> Rubric:
    return _Rubrics().get("example")


def test_a_rubric_result_counts_its_own_criteria_and_tallies_every_level_in_scale_order() -> None:
    rubric = _example_rubric()
    criteria = [crit("T1", rating="confirmed", position="meets"), crit("T2", rating="partially-met", status="gap",
                                                                       errors=1, position="below"),
                crit("T3", position="not-rated", status="not-assessed"),
                crit("X1", rubric="other", rating="confirmed", position="not-rated")]
    result = rollup.rubric_result(rubric, False, criteria)
    assert (result.id, result.version, result.title, result.status, result.pinned) == (
        rubric.id, rubric.version, rubric.title, rubric.status, False)
    assert (result.readiness, result.statuses.criteria, result.statuses.gap, result.not_rated) == (
        "not-ready", 3, 1, 1)
    levels = [level.id for scale in rubric.scales.values() for level in scale]
    assert [t.rating for t in result.ratings] == list(dict.fromkeys(levels))
    assert {t.rating: t.count for t in result.ratings if t.count} == {"confirmed": 1, "partially-met": 1}
    labels = {level.id: level.label for scale in rubric.scales.values() for level in scale}
    assert all(t.label == labels[t.rating] for t in result.ratings)


@pytest.mark.parametrize(("readiness", "met", "total", "level"), [
    (("ready", "ready"), 0, 4, "substantial"),
    (("ready", "plan-agreed"), 0, 4, "reasonable"),
    (("ready", "not-ready"), 2, 4, "limited"),
    (("not-ready",), 3, 5, "limited"),
    (("not-ready",), 1, 3, "no-assurance"),
    (("not-ready",), 0, 0, "limited"),
])
def test_the_level_of_assurance_the_evidence_supports(readiness: tuple[str, ...], met: int, total: int,
                                                      level: str) -> None:
    rubrics = [rubric_result(f"r{i}", r) for i, r in enumerate(readiness)]
    counts = StatusCounts(criteria=total, met=met, met_or_not_applicable=met)
    result = rollup.assurance(None, rubrics, counts)
    assert (result.level, result.stated, result.overstated, result.met, result.criteria) == (
        level, None, False, met, total)


@pytest.mark.parametrize(("stated", "overstated"), [
    ("substantial", True), ("reasonable", False), ("limited", False), ("no-assurance", False)])
def test_assurance_is_overstated_only_when_the_author_claims_more_than_the_evidence(stated: str,
                                                                                   overstated: bool) -> None:
    result = rollup.assurance(stated, [rubric_result("r", "plan-agreed")], StatusCounts(criteria=2, met=1))
    assert (result.level, result.stated, result.overstated) == ("reasonable", stated, overstated)


def test_exceptions_are_red_then_amber_then_optional_criteria_not_assessed_in_rubric_order() -> None:
    criteria = [
        crit("OPT", status="not-assessed", mandatory=False, exception=True),
        crit("AMB", status="action-planned", exception=True),
        crit("MET", exception=False),
        crit("RED", status="gap", exception=True),
        crit("MAN", status="not-assessed", mandatory=True, exception=True),
        crit("AM2", status="action-planned", exception=True),
    ]
    assert [c.id for c in rollup.exceptions(criteria)] == ["RED", "MAN", "AMB", "AM2", "OPT"]
    assert [rollup.exception_rank(c) for c in criteria] == [2, 1, 0, 0, 0, 1]


def test_board_statements_are_grouped_as_the_paper_reports_them() -> None:
    criteria = [
        crit("S1", board_statement=True, position="meets", supported=True),
        crit("S2", board_statement=True, position="meets", supported=False),
        crit("S3", board_statement=True, position="below", explanation_recorded=True, open_action=True),
        crit("S4", board_statement=True, position="below", explanation_recorded=False, open_action=False),
        crit("S5", board_statement=True, position="not-rated"),
        crit("K1", board_statement=False, position="below"),
    ]
    board = rollup.board_summary(criteria)
    assert board.statements == ["S1", "S2", "S3", "S4", "S5"]
    assert (board.confirmed, board.unsupported) == (["S1", "S2"], ["S2"])
    assert board.not_confirmed == ["S3", "S4"]
    assert (board.not_confirmed_explained, board.not_confirmed_unexplained) == (["S3"], ["S4"])
    assert (board.not_confirmed_planned, board.not_confirmed_unplanned) == (["S3"], ["S4"])
    assert board.not_rated == ["S5"]


def _partner(pid: str, **fields: Any) -> PartnerResult:
    return PartnerResult.model_validate({"id": pid, "file": f"partners/{pid}.yaml", "path": f"{pid}.yaml"} | fields)


def test_what_needs_the_boards_attention() -> None:
    ranked = [crit("C2", unactioned=True), crit("C1"), crit("C3", unactioned=True)]
    actions = [action("A1", overdue=True), action("A2", lacks=["owner"]), action("A3", attention=True),
               action("A4")]
    partners = [_partner("icb", conditions=[PartnerCondition(id="C1", text="t", answered_by=["A1"]),
                                            PartnerCondition(id="C2", text="t", answered_by=[])]),
                _partner("council", conditions=[PartnerCondition(id="C1", text="t", answered_by=[])])]
    attention = rollup.attention(ranked, actions, partners)
    assert (attention.unactioned, attention.overdue, attention.incomplete, attention.at_risk) == (
        ["C2", "C3"], ["A1"], ["A2"], ["A3"])
    assert attention.conditions == ["icb.C2", "council.C1"]


def test_the_partners_statements_counted() -> None:
    partners = [
        _partner("icb", supports=True, conditional=True, valid=True,
                 conditions=[PartnerCondition(id="C1", text="t", answered_by=[]),
                             PartnerCondition(id="C2", text="t", answered_by=["A1"])]),
        _partner("council", supports=True, valid=False),
        _partner("vcse", supports=False, valid=False, conditions=[PartnerCondition(id="C1", text="t",
                                                                                   answered_by=[])]),
        _partner("healthwatch", problem="missing"),
    ]
    summary = rollup.partner_summary(partners)
    assert (summary.listed, summary.supporting, summary.conditional, summary.counting, summary.open_conditions) == (
        4, 2, 1, 1, 2)


def test_each_domain_and_each_of_its_areas_has_a_row_of_its_own_criteria() -> None:
    outcome = assess(EXAMPLE, Registry())
    rows = outcome.result.areas
    expected = [(s.rubric.id, d.id, a) for s in outcome.loaded.rubrics for d in s.rubric.domains
                for a in (None, *(area.id for area in d.areas))]
    assert [(r.rubric, r.domain, r.area) for r in rows] == expected
    assert any(area is not None for _, _, area in expected), "the example's rubrics have sub-areas"
    for row in rows:
        mine = [c for c in outcome.result.criteria if (c.rubric, c.domain) == (row.rubric, row.domain)
                and (row.area is None or c.area == row.area)]
        assert row.statuses == rollup.statuses(mine) and row.rag == rollup.rag(mine)
