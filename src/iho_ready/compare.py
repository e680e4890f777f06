"""What changed between two assessments: a pure function of two check outcomes.

``compare(before, after)`` reads no files. It matches criteria by rubric id and criterion
id, and actions by their id, so a rubric moving to a new version still compares wherever
the ids are unchanged. Criteria of a rubric that only one side selects are not compared
(the readiness table says the rubric was added or dropped instead), so that selecting a
new rubric does not flood the board with "gaps opened".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .checking import Outcome
from .models.manifest import Action
from .models.result import CriterionResult

GAP_STATUSES = frozenset({"gap", "action-planned", "not-assessed"})
"""Criterion statuses that count as a gap (an exception in the report)."""


@dataclass(frozen=True)
class ReadinessChange:
    """A rubric's readiness then and now (``None`` where one side does not select it)."""

    rubric: str
    title: str
    before: str | None
    """Readiness key (``ready``, ``approaching``, ``not-ready``) at the earlier assessment."""
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


@dataclass(frozen=True)
class ActionChange:
    """One action that was completed, slipped, added or dropped."""

    id: str
    criterion: str
    """The criterion key the action is recorded under (in the later manifest where it is there)."""
    action: str
    owner: str | None
    due_before: date | None
    due_after: date | None
    status: str
    """Action status key now (or then, for an action no longer in the plan)."""
    newly_overdue: bool = False
    """Not overdue at the earlier assessment, overdue now."""


@dataclass(frozen=True)
class Changes:
    """Everything that moved between two assessments, each list in rubric (or due-date) order."""

    as_of_before: date
    as_of_after: date
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


def compare(before: Outcome, after: Outcome) -> Changes:
    """Compare an earlier assessment (*before*) with a later one (*after*)."""
    old_rubrics = {r.id: r for r in before.result.rubrics}
    new_rubrics = {r.id: r for r in after.result.rubrics}
    order = [r.id for r in after.result.rubrics] + [r for r in old_rubrics if r not in new_rubrics]
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
    changes = Changes(as_of_before=before.result.as_of, as_of_after=after.result.as_of, readiness=readiness)

    old_criteria = {(c.rubric, c.id): c for c in before.result.criteria}
    for new in after.result.criteria:
        old = old_criteria.get((new.rubric, new.id))
        if old is None:
            continue
        moved = _criterion_change(old, new)
        if old.rating != new.rating:
            changes.ratings.append(moved)
        if old.status in GAP_STATUSES and new.status not in GAP_STATUSES:
            changes.closed.append(moved)
        elif old.status not in GAP_STATUSES and new.status in GAP_STATUSES:
            changes.opened.append(moved)

    _compare_actions(before, after, changes)
    return changes


def _criterion_change(old: CriterionResult, new: CriterionResult) -> CriterionChange:
    return CriterionChange(rubric=new.rubric, criterion=new.id, rating_before=old.rating_label,
                           rating_after=new.rating_label, status_before=old.status, status_after=new.status)


def _actions(outcome: Outcome) -> dict[str, tuple[str, Action]]:
    """Action id -> (criterion key, action), in manifest order."""
    return {action.id: (key, action) for key, entry in outcome.loaded.manifest.criteria.items()
            for action in entry.actions}


def overdue_actions(outcome: Outcome) -> set[str]:
    """Ids of the actions the evaluation found overdue (one rule, kept in ``evaluate``)."""
    return {f.action for f in outcome.result.findings if f.code == "action-overdue" and f.action}


def _compare_actions(before: Outcome, after: Outcome, changes: Changes) -> None:
    old, new = _actions(before), _actions(after)
    overdue_before, overdue_after = overdue_actions(before), overdue_actions(after)
    for action_id, (key, action) in new.items():
        was = old.get(action_id)
        change = ActionChange(id=action_id, criterion=key, action=action.action, owner=action.owner,
                              due_before=was[1].due if was else None, due_after=action.due, status=action.status,
                              newly_overdue=action_id in overdue_after and action_id not in overdue_before)
        if was is None:
            changes.added.append(change)
        elif was[1].is_open and not action.is_open:
            changes.completed.append(change)
        elif action.is_open and (change.newly_overdue or _later(was[1].due, action.due)):
            changes.slipped.append(change)
    for action_id, (key, action) in old.items():
        if action_id not in new and action.is_open:
            changes.dropped.append(ActionChange(id=action_id, criterion=key, action=action.action,
                                                owner=action.owner, due_before=action.due, due_after=None,
                                                status=action.status))


def _later(before: date | None, after: date | None) -> bool:
    """Whether a due date moved later (a date removed counts as slipping)."""
    if before is None:
        return False
    return after is None or after > before
