"""Named regressions for the defects issue 17 listed: each was a sentence the paper said while the
check said otherwise. They run on the finding catalogue's in-memory example (T1 a board statement,
T2 a competency) and on the paper built from it."""

from __future__ import annotations

from iho_ready.progress import progress
from iho_ready.report.paper_words import NOT_CONFIRMED_WITH
from tests.unit.test_finding_catalogue import run_example

NO_EXPLANATION_NO_ACTION = "{criteria: {T1: {rating: not-confirmed}}}"
EXPLAINED_AND_PLANNED = ("{criteria: {T1: {rating: not-confirmed, explanation: Not yet agreed., actions: "
                         "[{id: A1, action: Agree it, owner: Chief Executive, due: 2027-01-31}]}}}")


def test_a_statement_not_confirmed_with_no_explanation_and_no_action_is_not_said_to_have_them() -> None:
    result = run_example(NO_EXPLANATION_NO_ACTION)
    board = result.board
    assert board.not_confirmed == ["T1"]
    assert board.not_confirmed_unexplained == ["T1"] and board.not_confirmed_unplanned == ["T1"]
    key = ("T1" in board.not_confirmed_explained, "T1" in board.not_confirmed_planned)
    assert NOT_CONFIRMED_WITH[key] == "with no explanation and no plan recorded"
    explained = run_example(EXPLAINED_AND_PLANNED).board
    assert (explained.not_confirmed_explained, explained.not_confirmed_planned) == (["T1"], ["T1"])


def test_an_explanation_missing_beside_an_action_is_not_said_to_lack_a_plan() -> None:
    result = run_example("{criteria: {T2: {rating: not-met, actions: [{id: A1, action: Do it, owner: COO, "
                         "due: 2027-03-31}]}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert t2.open_action and not t2.explanation_recorded
    assert "explanation-missing" in [r.code for r in t2.reasons]
    assert "gap-without-action" not in [r.code for r in t2.reasons]


def test_a_rating_that_moved_up_its_scale_is_better_not_worse() -> None:
    before = run_example("{criteria: {T2: {rating: not-met, explanation: e}}}")
    after = run_example("{criteria: {T2: {rating: partially-met, explanation: e}}}")
    moved = progress(before, after)
    (change,) = [r for r in moved.ratings if r.criterion == "T2"]
    assert change.direction == "better"
    assert progress(after, before).ratings[0].direction == "worse"


def test_a_reason_about_evidence_names_the_statements_that_cause_it() -> None:
    # The ICB's statement has a condition no action answers: it still counts, but T2 relies on it.
    result = run_example("{criteria: {T2: {actions: [{id: A0, answers: []}]}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    problem = next(r for r in t2.reasons if r.code == "evidence-problem")
    assert problem.refs == ["partner:icb"]
    icb = next(p for p in result.partners if p.id == "icb")
    assert icb.flaws == ["condition-unanswered"] and icb.valid


def test_a_domain_with_a_mandatory_criterion_not_assessed_is_red_not_grey() -> None:
    result = run_example("{criteria: {T1: {rating: null}}}")
    (d1,) = [a for a in result.areas if a.domain == "D1" and a.area is None]
    assert d1.rag == "red" and d1.statuses.not_assessed == 1


def test_ignoring_gap_without_action_leaves_nothing_for_the_paper_to_ask(monkeypatch) -> None:
    from iho_ready import evaluate as evaluation

    asked = run_example(NO_EXPLANATION_NO_ACTION)
    assert "gap-without-action" in {f.code for f in asked.findings} and asked.attention.unactioned == ["T1"]
    real = evaluation.evaluate
    monkeypatch.setattr("tests.unit.test_finding_catalogue.evaluate",
                        lambda *a, **k: real(*a, **{**k, "ignore": {"gap-without-action"}}))
    ignored = run_example(NO_EXPLANATION_NO_ACTION)
    assert "gap-without-action" not in {f.code for f in ignored.findings}
    assert ignored.attention.unactioned == [] and not any(c.unactioned for c in ignored.criteria)


def test_a_partner_statement_with_no_problem_of_its_own_does_not_take_errors_from_elsewhere() -> None:
    # An error elsewhere in the manifest (an expired document) must not make the ICB's clean statement,
    # or the criterion resting on it, a shortfall.
    result = run_example("{evidence: [{review_by: 2026-09-30}]}")
    icb = next(p for p in result.partners if p.id == "icb")
    assert icb.valid and icb.flaws == [] and icb.problems == []
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert "partner:icb" not in [ref for r in t2.reasons for ref in r.refs]


def test_exceptions_are_ordered_red_then_amber_then_optional_not_assessed() -> None:
    from iho_ready.models.result import CriterionResult
    from iho_ready.rollup import exception_rank

    def made(status: str, mandatory: bool) -> CriterionResult:
        return CriterionResult(rubric="r", id=status, domain="d", area=None, rating=None, rating_label=None,
                               status=status, rag="red", mandatory=mandatory, items=[], actions=[], errors=0,
                               warnings=0)

    assert [exception_rank(made(s, m)) for s, m in (("gap", True), ("not-assessed", True),
                                                    ("action-planned", True), ("not-assessed", False))] == [0, 0, 1, 2]
    result = run_example("{criteria: {T1: {rating: not-confirmed, explanation: e, actions: [{id: A1, action: a, "
                         "owner: o, due: 2027-01-31}]}, T2: {rating: not-met}}}")
    assert result.exceptions == ["example:T2", "example:T1"]  # red before amber, whatever the rubric order
