"""A partner statement (format version 1): one system partner's signed position on the application.

IHO designation is a decision about a system, not one trust: NHS England "will also
consider the ICB's intentions and wider stakeholder support" (Annex 2, paragraph 4). Each
partner (the ICB, other trusts, primary care, the local authority, VCSE organisations)
keeps a small YAML file in the trust's evidence repository, listed in the manifest under
``partners:``. The file is the partner's: it says who signed for them and when, their
position, any conditions, and their view of named criteria or prompt questions. Unknown
fields are errors, as in manifests.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictBool, model_validator

from .types import Identifier, IsoDate, Text

PartnerKind = Literal["icb", "trust", "primary-care", "local-authority", "vcse", "other"]
"""What kind of organisation the partner is."""

Position = Literal["supports", "supports-with-conditions", "undecided", "does-not-support"]
"""The partner's position on the trust holding an IHO contract."""

PARTNER_KINDS: tuple[str, ...] = ("icb", "trust", "primary-care", "local-authority", "vcse", "other")
"""Every partner kind, in the order outputs list them."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Partner(_Strict):
    """Who the partner is."""

    name: Text
    """The organisation's name, e.g. ``NHS Northshire Integrated Care Board``."""
    kind: PartnerKind
    """icb, trust, primary-care, local-authority, vcse or other."""


class Signature(_Strict):
    """Who signed the statement for the partner, and when."""

    by: Text
    """The signatory's role, e.g. ``Chief Executive``."""
    date: IsoDate
    """When it was signed (YYYY-MM-DD)."""


class Condition(_Strict):
    """A condition the partner attaches to its support."""

    id: Identifier
    """Unique within the statement, e.g. ``C1``; the trust's actions answer it as ``PARTNER.C1``
    (``PARTNER`` is the statement's file name without ``.yaml``)."""
    text: Text
    """The condition, in the partner's words."""


class View(_Strict):
    """The partner's view of one criterion or prompt question."""

    agrees: StrictBool | None = None
    """Whether the partner agrees with the trust's rating (or answer); leave out if it takes no view."""
    answer: Text | None = None
    """The partner's own answer, for a prompt question."""
    comment: Text | None = None
    """Why, in the partner's words."""
    private: StrictBool = False
    """Leave the comment and answer out of public-session papers."""


class PartnerStatement(_Strict):
    """A partner statement, format version 1."""

    partner_statement: Literal[1]
    """Partner statement format version. Always 1 for now."""
    partner: Partner
    """Who the partner is."""
    signed: Signature | None = None
    """Who signed for the partner, and when; an unsigned statement does not count as evidence."""
    review_by: IsoDate
    """The date by which the partner will review its statement; after it the statement has expired."""
    position: Position
    """supports, supports-with-conditions, undecided or does-not-support."""
    conditions: list[Condition] = []
    """The conditions of the partner's support; required when the position is supports-with-conditions."""
    letter: Text | None = None
    """The signed letter behind the statement: a path relative to this file, inside the repository."""
    views: dict[Text, View] = {}
    """The partner's view of named criteria or prompt questions, keyed by id (``SV4``, ``PQ5``)."""
    intends_to_commission: StrictBool | None = None
    """ICB only: whether the ICB intends to commission an IHO contract for the population."""
    supports_host: StrictBool | None = None
    """ICB only: whether the ICB supports this trust as the contract's host."""
    net_benefit: Text | None = None
    """The net benefit the partner expects from the IHO contract, in its words."""
    notes: Text | None = None
    """Anything a reader should know about the statement."""

    @model_validator(mode="after")
    def _conditions_given(self) -> PartnerStatement:
        if self.position == "supports-with-conditions" and not self.conditions:
            raise ValueError("position supports-with-conditions needs the conditions listed under conditions")
        return self

