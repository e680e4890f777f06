"""Partners' statements in the result: each as judged, the system view, and the counts.

Part of the :class:`~iho_ready.models.result.CheckResult` (and re-exported there).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .types import IsoDate


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

PartnerProblem = Literal["missing", "outside", "unsigned", "expired", "not-supporting"]
"""Why a partner statement does not count as evidence of support."""
PartnerFlaw = Literal["condition-unanswered", "letter-missing", "letter-outside"]
"""An error of a statement that still counts: the criteria relying on it are shortfalls until it is
put right."""


class PartnerCondition(_Out):
    """A condition of a partner's support, and the actions that answer it."""

    id: str
    """Condition id within the statement, e.g. ``C1``."""
    text: str
    """The condition, in the partner's words."""
    answered_by: list[str]
    """Ids of the actions that answer it (empty: none does)."""


class PartnerView(_Out):
    """A partner's view of one criterion or prompt question."""

    rubric: str
    """Rubric id."""
    criterion: str
    """Criterion (or prompt question) id."""
    agrees: bool | None
    """Whether the partner agrees with the trust's rating; None when it takes no view."""
    answer: str | None
    """The partner's own answer, for a prompt question."""
    comment: str | None
    """Why, in the partner's words."""
    private: bool
    """Left out of public-session papers."""


class PartnerResult(_Out):
    """One partner statement the manifest lists, as judged."""

    id: str
    """The statement's file name without ``.yaml``."""
    file: str
    """The statement file as shown."""
    path: str
    """The statement's path as the manifest lists it."""
    problem: Literal["missing", "outside"] | None = None
    """Why there is no statement to read, if there is none."""
    problems: list[PartnerProblem] = []
    """Why it does not count as evidence of support, in order (empty when it counts)."""
    flaws: list[PartnerFlaw] = []
    """Errors of its own that leave it counting but make the criteria relying on it shortfalls."""
    supports: bool = False
    """The partner supports the application (with or without conditions)."""
    conditional: bool = False
    """The partner supports it with conditions."""
    name: str | None = None
    """The partner's name."""
    kind: Literal["icb", "trust", "primary-care", "local-authority", "vcse", "other"] | None = None
    """What kind of organisation the partner is."""
    position: Literal["supports", "supports-with-conditions", "undecided", "does-not-support"] | None = None
    """The partner's position on the trust holding an IHO contract."""
    signed: bool = False
    """Someone signed the statement for the partner."""
    signed_by: str | None = None
    """Who signed it."""
    signed_on: IsoDate | None = None
    """When it was signed."""
    review_by: IsoDate | None = None
    """When the partner will review it."""
    in_date: bool = False
    """Its review date is not before the as-of date."""
    valid: bool = False
    """It counts as evidence of support: signed, in date, and supporting."""
    reason: str | None = None
    """Why it does not count, when not valid."""
    conditions: list[PartnerCondition] = []
    """The conditions of the partner's support."""
    views: list[PartnerView] = []
    """The partner's views of named criteria and prompt questions."""


class SystemViewRow(_Out):
    """Where the partners stand on one criterion any of them took a view of."""

    rubric: str
    """Rubric id."""
    criterion: str
    """Criterion (or prompt question) id."""
    rating: str | None
    """The trust's rating in words, or None when not rated."""
    agree: list[str]
    """Partners that agree with the trust."""
    disagree: list[str]
    """Partners that do not."""
    split: bool
    """At least one partner disagrees with the trust."""


class PartnerSummary(_Out):
    """The partners' statements, counted."""

    listed: int = 0
    """Statements the manifest lists."""
    supporting: int = 0
    """Partners that support the application, with or without conditions."""
    conditional: int = 0
    """Partners that support it with conditions."""
    counting: int = 0
    """Statements that count as evidence of support (signed, in date, supporting)."""
    open_conditions: int = 0
    """Conditions of support that no action answers."""
