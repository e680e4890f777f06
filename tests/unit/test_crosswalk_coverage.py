"""Crosswalk coverage: how the source rubric's criteria, as judged, cover the target rubric's.

Only a met source criterion that is ``equal`` to or a ``superset`` of the target covers it in
full; any other met one covers it in part; a target no mapping reaches but the crosswalk
records as having no counterpart is shown as such, never left out. Run on the bundled
example's crosswalk (NHS England's criteria to the host-provider competencies), with the
statuses of the source criteria set by each test.
"""

from __future__ import annotations

from typing import Any

import pytest

from iho_ready import rollup
from iho_ready.app import assess
from iho_ready.models.result import CriterionResult
from iho_ready.rubrics import Registry
from tests.helpers import EXAMPLE


@pytest.fixture
def example() -> Any:
    outcome = assess(EXAMPLE, Registry())
    (walk,) = outcome.crosswalks
    return outcome, walk


def _statuses(outcome: Any, source: str, met: set[str]) -> dict[tuple[str, str], CriterionResult]:
    """The example's criteria, with exactly *met* of the source rubric's met and the rest gaps."""
    criteria = {}
    for c in outcome.result.criteria:
        if c.rubric == source:
            c = c.model_copy(update={"status": "met" if c.id in met else "gap"})
        criteria[(c.rubric, c.id)] = c
    return criteria


def _ids(key: str) -> str:
    return key.split("@")[0]


def test_the_result_carries_the_coverage_computed_from_the_crosswalk(example) -> None:
    outcome, walk = example
    by_id = {(c.rubric, c.id): c for c in outcome.result.criteria}
    assert outcome.result.coverage == [rollup.coverage(walk, outcome.loaded, by_id)]
    (cov,) = outcome.result.coverage
    assert (cov.crosswalk, cov.title, cov.author, cov.source, cov.target) == (
        walk.id, walk.title, walk.author, walk.source, walk.target)


def test_rows_follow_the_target_rubric_and_list_every_mapped_target_and_every_gap(example) -> None:
    outcome, walk = example
    cov = rollup.coverage(walk, outcome.loaded, _statuses(outcome, _ids(walk.source), set()))
    target = next(s.rubric for s in outcome.loaded.rubrics if s.rubric.key == walk.target)
    reached = {m.target for m in walk.mappings} | {g.target for g in walk.no_counterpart}
    assert [r.target for r in cov.rows] == [p.criterion.id for p in target.walk() if p.criterion.id in reached]
    for row in cov.rows:
        mapped = [m for m in walk.mappings if m.target == row.target]
        assert [(r.criterion, r.evidence, r.relationship) for r in row.related] == [
            (m.source, m.source_evidence, m.relationship) for m in mapped]
        by_id = {(c.rubric, c.id): c for c in outcome.result.criteria}
        assert row.target_status == by_id[(_ids(walk.target), row.target)].status


def test_a_target_with_no_counterpart_is_a_row_that_says_so(example) -> None:
    outcome, walk = example
    cov = rollup.coverage(walk, outcome.loaded, _statuses(outcome, _ids(walk.source), set()))
    gaps = {g.target: g.note for g in walk.no_counterpart}
    assert gaps, "the bundled crosswalk records targets with no counterpart"
    rows = [r for r in cov.rows if r.target in gaps]
    assert len(rows) == len(gaps)
    for row in rows:
        assert (row.coverage, row.no_counterpart, row.note, row.related, row.through) == (
            "no-counterpart", True, gaps[row.target], [], [])
    assert not any(r.no_counterpart for r in cov.rows if r.target not in gaps)


def test_nothing_met_covers_nothing(example) -> None:
    outcome, walk = example
    cov = rollup.coverage(walk, outcome.loaded, _statuses(outcome, _ids(walk.source), set()))
    mapped = [r for r in cov.rows if not r.no_counterpart]
    assert mapped and all((r.coverage, r.through) == ("none", []) for r in mapped)


def test_a_met_criterion_that_only_overlaps_covers_in_part(example) -> None:
    outcome, walk = example
    sources = {m.source for m in walk.mappings}
    cov = rollup.coverage(walk, outcome.loaded, _statuses(outcome, _ids(walk.source), sources))
    for row in cov.rows:
        if row.no_counterpart:
            continue
        assert row.coverage == "partial"
        assert row.through == [m.source for m in walk.mappings if m.target == row.target]


@pytest.mark.parametrize("relationship", ["equal", "superset"])
def test_a_met_criterion_equal_to_or_wider_than_the_target_covers_it_in_full(example, relationship: str) -> None:
    outcome, walk = example
    first = walk.mappings[0]
    widened = walk.model_copy(update={"mappings": [first.model_copy(update={"relationship": relationship}),
                                                   *walk.mappings[1:]]})
    others = {m.source for m in walk.mappings if m.target == first.target and m.source != first.source}
    cov = rollup.coverage(widened, outcome.loaded, _statuses(outcome, _ids(walk.source), {first.source, *others}))
    row = next(r for r in cov.rows if r.target == first.target)
    assert (row.coverage, row.through) == ("full", [first.source])
    # Met, but only in part: the same mapping as subset or intersect never means full.
    unmet = rollup.coverage(widened, outcome.loaded, _statuses(outcome, _ids(walk.source), others))
    row = next(r for r in unmet.rows if r.target == first.target)
    assert row.coverage == ("partial" if others else "none")


@pytest.mark.parametrize("relationship", ["subset", "intersect"])
def test_a_partial_relationship_never_covers_in_full(example, relationship: str) -> None:
    outcome, walk = example
    narrowed = walk.model_copy(update={"mappings": [m.model_copy(update={"relationship": relationship})
                                                    for m in walk.mappings]})
    cov = rollup.coverage(narrowed, outcome.loaded,
                          _statuses(outcome, _ids(walk.source), {m.source for m in walk.mappings}))
    assert {r.coverage for r in cov.rows if not r.no_counterpart} == {"partial"}
