"""Crosswalk coverage in the result: how one selected rubric's criteria cover another's.

Part of the :class:`~iho_ready.models.result.CheckResult` (and re-exported there).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

CriterionStatus = Literal["met", "action-planned", "gap", "not-assessed", "not-applicable"]
"""A criterion's status (see ``models.result``)."""
Coverage = Literal["full", "partial", "none", "no-counterpart"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


class Related(_Out):
    """A criterion of the source rubric that a crosswalk relates to a target criterion."""

    criterion: str
    """Source criterion id."""
    evidence: str | None = None
    """The source criterion's key-evidence item the mapping rests on, when it rests on one."""
    relationship: Literal["equal", "subset", "superset", "intersect"]
    """Of the source criterion to the target."""
    status: CriterionStatus
    """The source criterion's status."""


class CoverageRow(_Out):
    """How the source rubric's criteria cover one target criterion."""

    target: str
    """Target criterion id."""
    target_status: CriterionStatus
    """The target criterion's own status."""
    related: list[Related]
    """The source criteria mapped to it."""
    coverage: Coverage
    """``full`` through a met equal or superset criterion; ``partial`` through a met subset or
    overlapping one; ``none`` when no related criterion is met; ``no-counterpart`` when the
    crosswalk records that no source criterion matches it (a gap, with ``note``)."""
    through: list[str]
    """The met source criteria that give that coverage."""
    note: str | None = None
    """For ``no-counterpart``: the crosswalk's note on what the source rubric does not ask."""
    no_counterpart: bool = False
    """No source criterion matches the target (a recorded gap)."""


class CrosswalkCoverage(_Out):
    """Coverage of one selected rubric's criteria by another's, through a crosswalk."""

    crosswalk: str
    """Crosswalk id."""
    title: str
    """Crosswalk title."""
    author: str
    """Who made the mapping."""
    source: str
    """``rubric-id@version`` mapped from."""
    target: str
    """``rubric-id@version`` mapped to."""
    rows: list[CoverageRow]
    """One row per target criterion with a mapping or recorded as having no counterpart, in the
    target rubric's order."""
