"""Progress between two assessments: a pure function of two check results.

One word for one idea: *progress* is what moved between an earlier assessment and a later
one, whether the earlier one comes from ``diff OLD NEW``, ``report --previous`` or
``report --since``. ``progress(before, after)`` reads no files. It matches criteria by rubric id and criterion
id, and actions by their id, so a rubric moving to a new version still compares wherever
the ids are unchanged. Criteria of a rubric that only one side selects are not compared
(the readiness table says the rubric was added or dropped instead), so that selecting a
new rubric does not flood the board with "gaps opened".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .models.result import EXCEPTION_STATUSES, ActionResult, CheckResult, CriterionResult


@dataclass(frozen=True)
class ReadinessChange:
    """A rubric's readiness then and now (``None`` where one side does not select it)."""

    rubric: str
    title: str
    before: str | None
    """Readiness key (``ready``, ``plan-agreed``, ``not-ready``) at the earlier assessment."""
    after: str | None
    version_before: str | None
    version_after: str | None

    @property
    def changed(self) -> bool:
        """Whether readiness or the rubric version differs."""
        return self.before != self.after or self.version_before != self.version_after


@dataclass(frozen=True)
class CriterionChange:
    """One criterion whose rating or status moved."""

    rubric: str
    criterion: str
    rating_before: str | None
    """Rating label then (``None``: not rated)."""
    rating_after: str | None
    status_before: str
    """Criterion status key then (see ``models.result.STATUS_LABEL``)."""
    status_after: str
    direction: Literal["better", "worse", "same"] = "same"
    """Whether the rating moved up its scale (``better``), down it (``worse``) or neither; being
    rated counts as above not being rated."""
    board_statement: bool = False
    """Whether the criterion is a board statement (confirmed, or not), rather than a competency (met, or not)."""


@dataclass(frozen=True)
class ActionChange:
    """One action that was completed, slipped, added or dropped."""

    id: str
    criterion: str
    """The id of the criterion the action is recorded under (in the later manifest where it is there)."""
    action: str
    owner: str | None
    due_before: date | None
    due_after: date | None
    status: str
    """Action status key now (or then, for an action no longer in the plan)."""
    newly_overdue: bool = False
    """Not overdue at the earlier assessment, overdue now."""


@dataclass(frozen=True)
class Progress:
    """Everything that moved between two assessments, each list in rubric (or due-date) order."""

    organisation: str
    """The organisation, as the later assessment names it."""
    as_of_before: date
    """The earlier assessment's as-of date."""
    as_of_after: date
    """The later assessment's as-of date."""
    readiness: list[ReadinessChange]
    """Every rubric selected on either side, changed or not: the board sees then and now."""
    ratings: list[CriterionChange] = field(default_factory=list)
    """Criteria whose rating changed."""
    closed: list[CriterionChange] = field(default_factory=list)
    """Criteria that were a gap and are now met, confirmed or not applicable."""
    opened: list[CriterionChange] = field(default_factory=list)
    """Criteria that were met, confirmed or not applicable and are now a gap."""
    completed: list[ActionChange] = field(default_factory=list)
    """Actions that were open and are now complete."""
    slipped: list[ActionChange] = field(default_factory=list)
    """Open actions whose due date moved later, or that have become overdue."""
    added: list[ActionChange] = field(default_factory=list)
    """Actions that are new in the later manifest."""
    dropped: list[ActionChange] = field(default_factory=list)
    """Open actions that are no longer in the later manifest (neither completed nor kept)."""

    @property
    def nothing_moved(self) -> bool:
        """True when no rating, gap, action or readiness changed."""
        return not (self.ratings or self.closed or self.opened or self.completed or self.slipped
                    or self.added or self.dropped or any(r.changed for r in self.readiness))


def progress(before: CheckResult, after: CheckResult) -> Progress:
    """What moved from an earlier assessment (*before*) to a later one (*after*)."""
    old_rubrics = {r.id: r for r in before.rubrics}
    new_rubrics = {r.id: r for r in after.rubrics}
    order = [r.id for r in after.rubrics] + [r for r in old_rubrics if r not in new_rubrics]
    readiness = [
        ReadinessChange(
            rubric=rid,
            title=(new_rubrics.get(rid) or old_rubrics[rid]).title,
            before=old_rubrics[rid].readiness if rid in old_rubrics else None,
            after=new_rubrics[rid].readiness if rid in new_rubrics else None,
            version_before=old_rubrics[rid].version if rid in old_rubrics else None,
            version_after=new_rubrics[rid].version if rid in new_rubrics else None,
        )
        for rid in order
    ]
    changes = Progress(organisation=after.organisation, as_of_before=before.as_of, as_of_after=after.as_of,
                       readiness=readiness)

    old_criteria = {(c.rubric, c.id): c for c in before.criteria}
    for new in after.criteria:
        old = old_criteria.get((new.rubric, new.id))
        if old is None:
            continue
        moved = _criterion_change(old, new)
        if old.rating != new.rating:
            changes.ratings.append(moved)
        if old.status in EXCEPTION_STATUSES and new.status not in EXCEPTION_STATUSES:
            changes.closed.append(moved)
        elif old.status not in EXCEPTION_STATUSES and new.status in EXCEPTION_STATUSES:
            changes.opened.append(moved)

    _compare_actions(before, after, changes)
    return changes


def _criterion_change(old: CriterionResult, new: CriterionResult) -> CriterionChange:
    return CriterionChange(rubric=new.rubric, criterion=new.id, rating_before=old.rating_label,
                           rating_after=new.rating_label, status_before=old.status, status_after=new.status,
                           direction=_direction(old.rating_rank, new.rating_rank), board_statement=new.board_statement)


_UNRATED = 1 << 30
"""The rank of no rating: below every level of any scale."""


def _direction(before: int | None, after: int | None) -> Literal["better", "worse", "same"]:
    """Up or down the scale (rank 0 is its best level)."""
    old = _UNRATED if before is None else before
    new = _UNRATED if after is None else after
    return "better" if new < old else "worse" if new > old else "same"


def _compare_actions(before: CheckResult, after: CheckResult, changes: Progress) -> None:
    old: dict[str, ActionResult] = {a.id: a for a in before.actions}
    new: dict[str, ActionResult] = {a.id: a for a in after.actions}
    for action_id, action in new.items():
        was = old.get(action_id)
        change = ActionChange(id=action_id, criterion=action.criterion, action=action.action, owner=action.owner,
                              due_before=was.due if was else None, due_after=action.due, status=action.status,
                              newly_overdue=action.overdue and not (was is not None and was.overdue))
        if was is None:
            changes.added.append(change)
        elif was.open and not action.open:
            changes.completed.append(change)
        elif action.open and (change.newly_overdue or _later(was.due, action.due)):
            changes.slipped.append(change)
    for action_id, action in old.items():
        if action_id not in new and action.open:
            changes.dropped.append(ActionChange(id=action_id, criterion=action.criterion, action=action.action,
                                                owner=action.owner, due_before=action.due, due_after=None,
                                                status=action.status))


def _later(before: date | None, after: date | None) -> bool:
    """Whether a due date moved later (a date removed counts as slipping)."""
    if before is None:
        return False
    return after is None or after > before
