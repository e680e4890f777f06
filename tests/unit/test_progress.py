"""Progress between two assessments, rule by rule: what counts as a rating moving, a gap closing
or opening, an action completed, slipping, added or dropped, and a rubric's readiness changing.

Each assessment is the finding catalogue's in-memory example (T1 a board statement on the
statement scale, T2 a competency on the competency scale) with a fragment applied, so the
results come from the real evaluation.
"""

from __future__ import annotations

from datetime import date

import pytest

from iho_ready.progress import ActionChange, CriterionChange, ReadinessChange, progress
from tests.unit.test_finding_catalogue import run_example

A0 = "{id: A0, action: Agree the outcomes framework with the ICB, owner: Chief Executive, answers: [icb.C1]"


def _t2(rating: str, *actions: str) -> str:
    listed = ", ".join([A0 + ", due: 2026-09-30, status: complete}", *actions])
    return f"{{criteria: {{T2: {{rating: {rating}, explanation: Work continues., actions: [{listed}]}}}}}}"


def _action(ident: str, due: str | None = "2027-03-31", status: str = "on-track") -> str:
    when = f", due: {due}" if due else ""
    return f"{{id: {ident}, action: Do {ident}, owner: Chief Operating Officer{when}, status: {status}}}"


def _only(changes: list[CriterionChange], criterion: str) -> CriterionChange:
    (change,) = [c for c in changes if c.criterion == criterion]
    return change


def test_nothing_moved_between_an_assessment_and_itself() -> None:
    result = run_example("{}")
    moved = progress(result, result)
    assert moved.nothing_moved
    assert (moved.ratings, moved.closed, moved.opened) == ([], [], [])
    assert (moved.completed, moved.slipped, moved.added, moved.dropped) == ([], [], [], [])
    assert moved.readiness == [ReadinessChange(rubric="example", title=result.rubrics[0].title, before="ready",
                                               after="ready", version_before="1", version_after="1")]
    assert not moved.readiness[0].changed
    assert (moved.organisation, moved.as_of_before, moved.as_of_after) == (
        result.organisation, result.as_of, result.as_of)


def test_the_organisation_and_dates_come_from_each_side() -> None:
    before = run_example("{assessment: {as_of: 2026-06-30}, organisation: {name: Old Name (fictional)}}")
    after = run_example("{}")
    moved = progress(before, after)
    assert moved.organisation == after.organisation != before.organisation
    assert (moved.as_of_before, moved.as_of_after) == (date(2026, 6, 30), date(2026, 10, 31))


@pytest.mark.parametrize(("old", "new", "direction"), [
    ("not-met", "partially-met", "better"),
    ("partially-met", "met", "better"),
    ("not-met", "met", "better"),
    ("met", "partially-met", "worse"),
    ("met", "not-met", "worse"),
    ("partially-met", "not-met", "worse"),
])
def test_a_rating_that_moves_along_its_scale_says_which_way(old: str, new: str, direction: str) -> None:
    before, after = run_example(_t2(old)), run_example(_t2(new))
    change = _only(progress(before, after).ratings, "T2")
    assert change.direction == direction
    assert (change.rubric, change.rating_before, change.rating_after) == (
        "example", before.criteria[1].rating_label, after.criteria[1].rating_label)
    assert (change.status_before, change.status_after) == (before.criteria[1].status, after.criteria[1].status)


def test_being_rated_counts_as_above_not_being_rated() -> None:
    unrated = run_example("{criteria: {T2: {rating: null}}}")
    rated = run_example(_t2("not-met"))
    assert _only(progress(unrated, rated).ratings, "T2").direction == "better"
    assert _only(progress(rated, unrated).ratings, "T2").direction == "worse"
    assert _only(progress(unrated, rated).ratings, "T2").rating_before is None


def test_a_rating_that_did_not_move_is_not_a_change() -> None:
    before, after = run_example(_t2("partially-met")), run_example(_t2("partially-met"))
    assert progress(before, after).ratings == []
    unrated = run_example("{criteria: {T2: {rating: null}}}")
    assert progress(unrated, unrated).ratings == []


def test_a_gap_that_closes_is_closed_and_one_that_opens_is_opened() -> None:
    gap, met = run_example(_t2("not-met")), run_example("{}")
    forward = progress(gap, met)
    assert [c.criterion for c in forward.closed] == ["T2"] and forward.opened == []
    backward = progress(met, gap)
    assert [c.criterion for c in backward.opened] == ["T2"] and backward.closed == []
    assert not forward.nothing_moved and not backward.nothing_moved


def test_a_gap_that_stays_a_gap_neither_closes_nor_opens() -> None:
    moved = progress(run_example(_t2("not-met")), run_example(_t2("partially-met")))
    assert moved.closed == [] and moved.opened == []
    assert [c.criterion for c in moved.ratings] == ["T2"]


def test_a_criterion_only_one_side_has_is_not_compared() -> None:
    before, after = run_example(_t2("not-met")), run_example("{}")
    dropped = before.model_copy(update={"criteria": [c for c in before.criteria if c.id != "T2"]})
    assert progress(dropped, after).ratings == [] and progress(dropped, after).closed == []
    renamed = before.model_copy(update={"criteria": [c.model_copy(update={"rubric": "other"})
                                                     for c in before.criteria]})
    assert progress(renamed, after).ratings == [] and progress(renamed, after).closed == []


def test_an_action_new_in_the_later_assessment_is_added() -> None:
    before = run_example(_t2("not-met"))
    after = run_example(_t2("not-met", _action("A1")))
    moved = progress(before, after)
    assert moved.added == [ActionChange(id="A1", criterion="T2", action="Do A1", owner="Chief Operating Officer",
                                        due_before=None, due_after=date(2027, 3, 31), status="on-track")]
    assert moved.completed == moved.slipped == moved.dropped == []
    assert not moved.nothing_moved


def test_an_open_action_now_complete_is_completed() -> None:
    before = run_example(_t2("not-met", _action("A1")))
    after = run_example(_t2("not-met", _action("A1", status="complete")))
    moved = progress(before, after)
    assert [a.id for a in moved.completed] == ["A1"] and moved.slipped == moved.added == []
    assert moved.completed[0].due_before == moved.completed[0].due_after == date(2027, 3, 31)
    assert moved.completed[0].status == "complete"
    assert progress(after, after).completed == []


def test_an_action_complete_on_both_sides_is_not_completed_again() -> None:
    done = run_example(_t2("not-met", _action("A1", status="complete")))
    assert progress(done, done).completed == [] and progress(done, done).nothing_moved


def test_an_open_action_whose_due_date_moves_later_slips() -> None:
    before = run_example(_t2("not-met", _action("A1", due="2027-01-31")))
    after = run_example(_t2("not-met", _action("A1", due="2027-03-31")))
    (slip,) = progress(before, after).slipped
    assert (slip.id, slip.due_before, slip.due_after, slip.newly_overdue) == (
        "A1", date(2027, 1, 31), date(2027, 3, 31), False)
    assert progress(after, before).slipped == []


def test_an_open_action_whose_due_date_is_removed_slips_but_one_given_a_date_does_not() -> None:
    dated = run_example(_t2("not-met", _action("A1")))
    undated = run_example(_t2("not-met", _action("A1", due=None)))
    assert [a.id for a in progress(dated, undated).slipped] == ["A1"]
    assert progress(undated, dated).slipped == []
    assert progress(undated, undated).slipped == []


def test_an_open_action_that_becomes_overdue_slips_as_newly_overdue() -> None:
    before = run_example("{assessment: {as_of: 2026-10-31}, " + _t2("not-met", _action("A1", "2026-12-31"))[1:])
    after = run_example("{assessment: {as_of: 2027-01-31}, " + _t2("not-met", _action("A1", "2026-12-31"))[1:])
    (slip,) = progress(before, after).slipped
    assert slip.newly_overdue and slip.due_before == slip.due_after
    still = progress(after, after)
    assert still.slipped == [] and all(not a.newly_overdue for a in still.added)


def test_an_action_overdue_on_both_sides_is_not_newly_overdue() -> None:
    late = run_example("{assessment: {as_of: 2027-01-31}, " + _t2("not-met", _action("A1", "2026-12-31"))[1:])
    later = run_example("{assessment: {as_of: 2027-02-28}, " + _t2("not-met", _action("A1", "2026-12-31"))[1:])
    assert progress(late, later).slipped == []


def test_a_completed_action_whose_date_moved_has_not_slipped() -> None:
    before = run_example(_t2("not-met", _action("A1", due="2027-01-31")))
    after = run_example(_t2("not-met", _action("A1", due="2027-03-31", status="complete")))
    moved = progress(before, after)
    assert moved.slipped == [] and [a.id for a in moved.completed] == ["A1"]


def test_an_open_action_no_longer_in_the_plan_is_dropped_and_a_complete_one_is_not() -> None:
    before = run_example(_t2("not-met", _action("A1"), _action("A2", status="complete")))
    after = run_example(_t2("not-met"))
    (dropped,) = progress(before, after).dropped
    assert dropped == ActionChange(id="A1", criterion="T2", action="Do A1", owner="Chief Operating Officer",
                                   due_before=date(2027, 3, 31), due_after=None, status="on-track")


def test_a_new_action_that_is_already_overdue_is_added_as_newly_overdue() -> None:
    before = run_example(_t2("not-met"))
    after = run_example("{assessment: {as_of: 2027-01-31}, " + _t2("not-met", _action("A1", "2026-12-31"))[1:])
    (added,) = progress(before, after).added
    assert added.newly_overdue


def test_readiness_lists_every_rubric_either_side_selects_newest_first() -> None:
    before, after = run_example(_t2("not-met")), run_example("{}")
    old_only = before.model_copy(update={"rubrics": [
        *before.rubrics, before.rubrics[0].model_copy(update={"id": "gone", "title": "Gone rubric"})]})
    new_only = after.model_copy(update={"rubrics": [
        *after.rubrics, after.rubrics[0].model_copy(update={"id": "new", "title": "New rubric"})]})
    moved = progress(old_only, new_only)
    assert [(r.rubric, r.title, r.before, r.after) for r in moved.readiness] == [
        ("example", after.rubrics[0].title, before.rubrics[0].readiness, "ready"),
        ("new", "New rubric", None, "ready"),
        ("gone", "Gone rubric", before.rubrics[0].readiness, None),
    ]
    assert [(r.version_before, r.version_after) for r in moved.readiness] == [("1", "1"), (None, "1"), ("1", None)]
    assert all(r.changed for r in moved.readiness[1:])


def test_a_rubric_title_comes_from_the_later_assessment() -> None:
    before = run_example("{}")
    retitled = before.model_copy(update={"rubrics": [before.rubrics[0].model_copy(update={"title": "Old title"})]})
    assert progress(retitled, before).readiness[0].title == before.rubrics[0].title
    assert progress(before, retitled).readiness[0].title == "Old title"


def test_a_new_rubric_version_is_a_change_even_with_the_same_readiness() -> None:
    result = run_example("{}")
    older = result.model_copy(update={"rubrics": [result.rubrics[0].model_copy(update={"version": "0"})]})
    moved = progress(older, result)
    assert moved.readiness[0].changed and not moved.nothing_moved
    assert moved.readiness[0].before == moved.readiness[0].after


def test_readiness_that_changed_is_a_change() -> None:
    gap, met = run_example(_t2("not-met")), run_example("{}")
    assert gap.rubrics[0].readiness != met.rubrics[0].readiness
    assert progress(gap, met).readiness[0].changed



def test_a_gap_that_closes_without_its_rating_moving_is_the_same_rating() -> None:
    lapsed = run_example("{evidence: [{review_by: 2026-09-30}]}")
    renewed = run_example("{}")
    (closed,) = [c for c in progress(lapsed, renewed).closed if c.criterion == "T2"]
    assert (closed.direction, closed.rating_before, closed.rating_after) == ("same", "Met", "Met")
    assert progress(lapsed, renewed).ratings == []


def test_a_change_says_whether_the_criterion_is_a_board_statement() -> None:
    before = run_example("{criteria: {T1: {rating: not-confirmed, explanation: e}, T2: {rating: not-met, "
                         "explanation: e}}}")
    moved = progress(before, run_example("{}"))
    assert {c.criterion: c.board_statement for c in moved.closed} == {"T1": True, "T2": False}
