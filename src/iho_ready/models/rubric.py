"""Rubric and crosswalk files: the criteria a trust is assessed against, and how they relate.

Cross-references inside a rubric (unique ids, scale names, theme tags) are checked by
``loading.check_rubric`` so that each problem can be located in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from .partner import PartnerKind
from .types import Identifier, MonthOrDate, Slug, Text, Url, Version

RubricStatus = Literal["draft", "consultation-draft", "published", "superseded"]
Rag = Literal["green", "amber", "red", "grey"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(_Strict):
    """Where a rubric's text comes from."""

    title: Text
    """Title of the source document."""
    publisher: Text | None = None
    """Who published the source document, if not the rubric's publisher."""
    url: Url | None = None
    """Web address of the source, when known. Checked for form only; never fetched."""
    licence: Text
    """Licence or copyright terms under which the text is reproduced."""
    section: Text
    """Where in the document the criteria come from (annex, section, tables)."""
    notes: Text | None = None
    """Anything a reader should know about how the text was transcribed."""


class ScaleLevel(_Strict):
    """One allowed rating on a scale, e.g. *Confirmed* or *Partially met*."""

    id: Slug
    """The value written in a manifest's ``rating`` field, e.g. ``not-confirmed``."""
    label: Text
    """The words shown to people, e.g. ``Not confirmed``."""
    meets: StrictBool
    """Whether this rating counts as meeting the criterion."""
    rag: Rag
    """Red / amber / green / grey colour used in reports (always shown with words)."""
    finding: Slug | None = None
    """Finding code raised when a criterion is given this rating, e.g. ``not-met``."""
    needs: Literal["explanation", "justification"] | None = None
    """Text the manifest must give with this rating: an explanation and plan, or (for
    *not applicable*) a justification."""
    not_applicable: StrictBool = False
    """True for the *not applicable* level, allowed only where a criterion says so."""


class Theme(_Strict):
    """A cross-cutting theme that criteria are tagged with (e.g. Annex 2 paragraph 6)."""

    id: Slug
    title: Text
    text: Text | None = None
    """Verbatim source text for the theme, where there is one."""
    ref: Text | None = None
    """Section reference in the source."""


class Guidance(_Strict):
    """Guidance on what evidence typically shows a criterion is met."""

    text: Text
    by: Text = "source"
    """``source`` when quoted from the source document; otherwise who wrote it."""


class EvidenceItem(_Strict):
    """A key-evidence item the source asks for, e.g. ``SV1.E2`` *Case for change*."""

    id: Text = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")
    """``CRITERION.SUFFIX``, stable across rubric versions where the text is unchanged."""
    text: Text
    """Verbatim text of the evidence item."""
    required: StrictBool = True
    """Required evidence is an error when missing; suggested evidence is information."""
    considerations: list[Text] = []
    """The dash sub-points listed under the item in the source, verbatim."""
    partner_statements: list[PartnerKind] = []
    """Kinds of system partner whose signed, in-date statement counts as evidence for this item
    (ours, not the source's: the source names the partners, the mapping is iho-ready's)."""


class Criterion(_Strict):
    """One board statement or competency."""

    id: Identifier
    """Stable id, e.g. ``SV1``; unique within the rubric."""
    statement: Text
    """Verbatim statement. Board statement wording must not be altered."""
    points: list[Text] = []
    """Dash sub-points that form part of the statement itself, verbatim."""
    closing: Text | None = None
    """Statement text that follows the sub-points in the source, verbatim."""
    ref: Text
    """Section reference in the source document."""
    mandatory: StrictBool = True
    """A mandatory criterion with no rating is an error; otherwise a warning."""
    scale: Slug | None = None
    """Rating scale, overriding the area's, domain's or rubric's default."""
    allow_not_applicable: StrictBool = False
    """Whether the *not applicable* level may be used (always with a justification)."""
    guidance: Guidance | None = None
    tags: list[Slug] = []
    """Theme ids this criterion relates to."""
    evidence: list[EvidenceItem] = []
    """Key-evidence items. With none, one valid document supporting the criterion suffices."""
    partner_statements: list[PartnerKind] = []
    """Kinds of system partner whose signed, in-date statement counts as evidence for the criterion
    itself (ours, not the source's)."""


class Area(_Strict):
    """A sub-area of a domain, e.g. *Corporate governance* within *Leadership and planning*."""

    id: Identifier
    title: Text
    ref: Text | None = None
    scale: Slug | None = None
    criteria: list[Criterion] = Field(min_length=1)


class Domain(_Strict):
    """A top-level grouping of criteria, with criteria directly or in sub-areas."""

    id: Identifier
    title: Text
    ref: Text | None = None
    description: Text | None = None
    scale: Slug | None = None
    areas: list[Area] = []
    criteria: list[Criterion] = []


class Rubric(_Strict):
    """A versioned set of criteria, as shipped in ``rubrics/ID/VERSION.yaml``."""

    rubric: Literal[1]
    """Rubric file format version."""
    id: Slug
    version: Version
    title: Text
    status: RubricStatus
    publisher: Text
    published: MonthOrDate
    source: SourceRef
    encoded_by: Text | None = None
    """Who transcribed the source into this file."""
    notes: Text | None = None
    scales: dict[Slug, list[ScaleLevel]] = Field(min_length=1)
    default_scale: Slug
    themes: list[Theme] = []
    domains: list[Domain] = Field(min_length=1)

    @property
    def key(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"

    def walk(self) -> Iterator[Placed]:
        """Yield every criterion with its domain, area and effective scale, in order."""
        for domain in self.domains:
            for criterion in domain.criteria:
                yield Placed(self, domain, None, criterion, criterion.scale or domain.scale or self.default_scale)
            for area in domain.areas:
                for criterion in area.criteria:
                    scale = criterion.scale or area.scale or domain.scale or self.default_scale
                    yield Placed(self, domain, area, criterion, scale)


@dataclass(frozen=True)
class Placed:
    """A criterion together with where it sits in its rubric."""

    rubric: Rubric
    domain: Domain
    area: Area | None
    criterion: Criterion
    scale_id: str

    @property
    def scale(self) -> list[ScaleLevel]:
        """The levels of this criterion's rating scale."""
        return self.rubric.scales[self.scale_id]

    def level(self, rating: str) -> ScaleLevel | None:
        """The scale level with id *rating*, if there is one."""
        return next((lv for lv in self.scale if lv.id == rating), None)


class Mapping(_Strict):
    """How one criterion of the source rubric relates to one of the target rubric."""

    source: Identifier
    target: Identifier
    relationship: Literal["equal", "subset", "superset", "intersect"]
    """Of the source criterion to the target: ``subset`` means the source covers part of
    the target; only ``equal`` and ``superset`` can ever mean full coverage."""
    rationale: Text


RELATIONSHIP_WORDS: dict[str, tuple[str, str]] = {
    "equal": ("is the same as", "is the same as"),
    "superset": ("covers all of", "is covered in full by"),
    "subset": ("covers part of", "is covered in part by"),
    "intersect": ("overlaps with", "overlaps with"),
}
"""A crosswalk relationship in words, read from the source criterion and from the target."""


class Crosswalk(_Strict):
    """A mapping between two rubrics, kept in its own file under ``rubrics/crosswalks/``."""

    crosswalk: Literal[1]
    id: Slug
    version: Version
    title: Text
    author: Text
    """Who made the mapping. Bundled crosswalks are the iho-ready maintainers' judgement."""
    source: Text = Field(pattern=r"^[a-z0-9][a-z0-9-]*@[0-9A-Za-z][0-9A-Za-z.\-]*$")
    """``rubric-id@version`` of the rubric mapped from."""
    target: Text = Field(pattern=r"^[a-z0-9][a-z0-9-]*@[0-9A-Za-z][0-9A-Za-z.\-]*$")
    notes: Text | None = None
    mappings: list[Mapping] = Field(min_length=1)
