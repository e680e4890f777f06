"""Rubric and crosswalk files: the criteria a trust is assessed against, and how they relate.

Cross-references inside a rubric (unique ids, scale names, theme tags, quoted sources) are
checked by ``loading.check_rubric`` so that each problem can be located in the file.

**Provenance.** Every piece of a rubric either comes from its source document or was
added by whoever encoded it. Statements, points, closings, evidence items and
considerations are source text (unless the criterion is ``derived`` with wording of its
own). Everything else that carries meaning says who wrote it with a ``by`` marker:
``source`` for words quoted from the source, or a name (``iho-ready`` for the project)
for additions. See ``docs/rubric-format.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from .designation import Designation
from .partner import PartnerKind
from .types import Identifier, MonthOrDate, Slug, Text, Url, Version

RubricStatus = Literal["draft", "consultation-draft", "published", "superseded"]
Rag = Literal["green", "amber", "red", "grey"]


class _Strict(BaseModel):
    # Attribute docstrings become field descriptions, so a generated JSON Schema documents itself.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


SOURCE = "source"
"""The ``by`` marker for words quoted from the source document."""

PROJECT = "iho-ready"
"""The ``by`` marker for the iho-ready project's own additions."""

NO_LICENCE = "The source states no licence."
"""The ``licence`` of a source that states none: exactly that, and nothing more."""


class SourceRef(_Strict):
    """A document a rubric's text comes from, with its terms and whom to credit."""

    id: Slug | None = None
    """Short name for this source, used by ``quotes`` when a rubric has more than one."""
    title: Text
    """Title of the source document, as it gives it."""
    publisher: Text | None = None
    """Who published the source document, if not the rubric's publisher."""
    partners: list[Text] = []
    """Organisations the source names as its partners (credited with it)."""
    authors: list[Text] = []
    """People the source names as its authors (credited with it)."""
    date: Text | None = None
    """The date the source states for itself, as it writes it (e.g. ``November 2025``);
    omitted where the source states none."""
    url: Url | None = None
    """Web address of the source, when known. Checked for form only; never fetched."""
    licence: Text
    """The source's licence or copyright terms exactly as the source states them; where
    it states none, exactly ``The source states no licence.``"""
    licence_id: Text | None = None
    """SPDX licence expression under which the source text is shipped in this file, as
    declared in ``REUSE.toml`` (e.g. ``LicenseRef-NHSConfederation-Terms``)."""
    section: Text
    """Where in the document the criteria come from (annex, section, tables)."""
    notes: Text | None = None
    """Anything a reader should know about how the text was transcribed."""


class Provenance(_Strict):
    """Who made something in a rubric that is not a criterion's own text, and why."""

    by: Text
    """``source`` when it is quoted from or stated by the source; otherwise who made it
    (``iho-ready`` for the project)."""
    note: Text | None = None
    """Why it was made this way, in a sentence a board secretary can read."""
    ref: Text | None = None
    """Where in the source it comes from, when ``by`` is ``source``."""


class Quote(_Strict):
    """Words of a source document that something in a rubric rests on, verbatim."""

    text: Text
    """The words, verbatim (whitespace normalised only)."""
    source: Slug | None = None
    """Which source (``id`` of ``source`` or of one of ``further_sources``); the rubric's
    own ``source`` when omitted."""
    ref: Text
    """Where in that source the words are."""


class Derivation(_Strict):
    """Why a criterion that is not one the source states as a criterion is in the rubric."""

    by: Text
    """Who made it a criterion (``iho-ready`` for the project)."""
    wording: Literal["verbatim", "ours"]
    """``verbatim``: the statement is source text that the source does not present as a
    criterion (e.g. a bullet of Annex 2 paragraph 6); ``ours``: the statement is in the
    words of whoever ``by`` names, resting on the ``quotes``."""
    note: Text
    """Why it is a criterion and how it relates to the source."""
    quotes: list[Quote] = []
    """The source words it rests on. Required when ``wording`` is ``ours``."""


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
    """Id used in criteria's ``tags``."""
    title: Text
    """Short title shown with tagged criteria."""
    text: Text | None = None
    """Verbatim source text for the theme, where there is one."""
    ref: Text | None = None
    """Section reference in the source."""
    by: Text | None = None
    """Who defined the theme: ``source`` when its ``text`` is quoted from the source,
    otherwise who made it up. Which criteria carry it is said by the rubric's ``tags_by``."""


class Guidance(_Strict):
    """Guidance on what evidence typically shows a criterion is met."""

    text: Text
    """The guidance: verbatim when ``by`` is ``source``, otherwise the words of whoever ``by`` names."""
    by: Text = SOURCE
    """``source`` when quoted from the source document; otherwise who wrote it
    (``iho-ready`` for the project)."""
    ref: Text | None = None
    """Where in the source the guidance is quoted from, when ``by`` is ``source``."""


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
    short_title: Text | None = Field(default=None, max_length=60)
    """A few words (two to five) that name the criterion wherever a report prints its id, e.g.
    ``SV2 (working with other providers)``. Never the source's words: who wrote them is the
    rubric's ``short_titles_by``, which a rubric with short titles must give."""
    statement: Text
    """Verbatim statement. Board statement wording must not be altered."""
    points: list[Text] = []
    """Dash sub-points that form part of the statement itself, verbatim."""
    closing: Text | None = None
    """Statement text that follows the sub-points in the source, verbatim."""
    ref: Text
    """Section reference in the source document."""
    source_notes: list[Text] = []
    """What a careful reader of the source should know about this criterion's text (e.g.
    that the source runs two sentences together); shown by ``explain``."""
    sic: list[Text] = []
    """Words of the statement (its points or closing) that are a slip in the source itself, kept as
    written, e.g. ``at a large scale``: wherever a report quotes the statement it puts a ``[sic]``
    marker pointing to the source note straight after them, so the slip does not read as the
    trust's. Each must appear in the statement; explain the slip in ``source_notes``."""
    derived: Derivation | None = None
    """Set when the source does not present this as a criterion: who made it one and why."""
    mandatory: StrictBool = True
    """A mandatory criterion with no rating is an error; otherwise a warning."""
    mandatory_provenance: Provenance | None = None
    """Who decided whether this criterion is mandatory, and why, where the source does not say
    (overrides the domain's): e.g. ``{by: iho-ready, note: ...}`` for a criterion the source does
    not present as one."""
    scale: Slug | None = None
    """Rating scale, overriding the area's, domain's or rubric's default."""
    allow_not_applicable: StrictBool = False
    """Whether the *not applicable* level may be used (always with a justification)."""
    guidance: Guidance | None = None
    """What evidence typically shows the criterion is met, marked with who wrote it."""
    tags: list[Slug] = []
    """Theme ids this criterion relates to (assigned by whoever the rubric's ``tags_by`` names)."""
    evidence: list[EvidenceItem] = []
    """Key-evidence items. With none, one valid document supporting the criterion suffices."""
    partner_statements: list[PartnerKind] = []
    """Kinds of system partner whose signed, in-date statement counts as evidence for the criterion
    itself (ours, not the source's)."""


class Area(_Strict):
    """A sub-area of a domain, e.g. *Corporate governance* within *Leadership and planning*."""

    id: Identifier
    """Stable id, unique within the rubric."""
    title: Text
    """The heading, as the source gives it (split where the source runs headings together)."""
    ref: Text | None = None
    """Section reference in the source document."""
    lead_in: Text | None = None
    """Verbatim words that each statement in the area completes, e.g. *The board has
    assured itself that…*; overrides the domain's."""
    source_notes: list[Text] = []
    """What a careful reader of the source should know about this heading or table."""
    scale: Slug | None = None
    """Rating scale for the area's criteria, overriding the domain's or rubric's default."""
    criteria: list[Criterion] = Field(min_length=1)
    """The criteria, in source order."""


class Domain(_Strict):
    """A top-level grouping of criteria, with criteria directly or in sub-areas."""

    id: Identifier
    """Stable id, unique within the rubric."""
    title: Text
    """The heading, as the source gives it, or a title of the encoder's where it has none."""
    ref: Text | None = None
    """Section reference in the source document."""
    description: Text | None = None
    """Verbatim source text that introduces the domain."""
    lead_in: Text | None = None
    """Verbatim words that each statement in the domain completes, e.g. *The board has
    assured itself that…*."""
    source_notes: list[Text] = []
    """What a careful reader of the source should know about this heading or table."""
    scale: Slug | None = None
    """Rating scale for the domain's criteria, overriding the rubric's default."""
    mandatory_provenance: Provenance | None = None
    """Who decided whether the domain's criteria are mandatory, and why, where the source does not
    say (a criterion's own ``mandatory_provenance`` overrides it)."""
    areas: list[Area] = []
    """Sub-areas holding the criteria (a domain has either areas or criteria)."""
    criteria: list[Criterion] = []
    """The criteria, in source order (a domain has either areas or criteria)."""


class Rubric(_Strict):
    """A versioned set of criteria, as shipped in ``rubrics/ID/VERSION.yaml``."""

    rubric: Literal[1]
    """Rubric file format version."""
    id: Slug
    """Stable id, the folder name under ``rubrics/``."""
    version: Version
    """This version's name, the file name under ``rubrics/ID/``; always a string."""
    title: Text
    """Title shown in reports."""
    status: RubricStatus
    """Whether the source is a draft, a consultation draft, published, or superseded by a
    newer version of this rubric."""
    publisher: Text
    """Who published the source text (or, for a derived rubric, who wrote the rubric)."""
    published: MonthOrDate | None = None
    """When the source was published, as the source states it; omitted where it states no date."""
    source: SourceRef
    """The document the criteria come from, its licence and whom to credit."""
    further_sources: list[SourceRef] = []
    """Other documents the rubric quotes (each with an ``id`` that ``quotes`` name)."""
    derived: Provenance | None = None
    """Set when the rubric as a whole is not a source's own criteria but was derived from
    the sources' words by whoever ``by`` names; every criterion then carries ``derived``."""
    encoded_by: Text | None = None
    """Who transcribed the source into this file."""
    additions_licence: Text | None = None
    """SPDX licence of everything in this file marked as the encoder's own (``by`` other
    than ``source``), e.g. ``MIT`` for the iho-ready project's additions."""
    notes: Text | None = None
    """Anything else a reader should know about the rubric."""
    scales: dict[Slug, list[ScaleLevel]] = Field(min_length=1)
    """The rating scales, by name; each a list of levels."""
    scale_provenance: dict[Slug, Provenance] = {}
    """For each scale, who chose it: ``source`` when the source sets the ratings, otherwise
    who did and why."""
    default_scale: Slug
    """The scale criteria use unless a domain, area or criterion names another."""
    themes: list[Theme] = []
    """Cross-cutting themes that criteria can be tagged with."""
    tags_by: Text | None = None
    """Who assigned criteria to themes: ``source`` when the source does, otherwise who."""
    partner_statements_by: Text | None = None
    """Who decided which kinds of partner's statement count as evidence (``partner_statements``):
    never the source; ``iho-ready`` for the project's rubrics."""
    short_titles_by: Text | None = None
    """Who wrote the criteria's ``short_title``: ``iho-ready`` for the project's rubrics (the
    sources give none); required when any criterion has one."""
    domains: list[Domain] = Field(min_length=1)
    """The criteria, grouped as in the source."""
    designation: Designation | None = None
    """What NHS England will weigh beyond the criteria: eligibility prerequisites, stages, the
    order of steps, criteria needing a risk, benefit criteria (see ``models/designation``)."""

    @property
    def encoder_mark(self) -> str:
        """Who decided which partners' statements count as evidence: ``partner_statements_by``, or
        for a rubric that does not say, whoever encoded it (``iho-ready`` for the project's)."""
        if self.partner_statements_by:
            return self.partner_statements_by
        who = self.encoded_by or "the encoder"
        return PROJECT if who.startswith(PROJECT) else who

    def mandatory_decisions(self) -> dict[str, tuple[list[str], list[str]]]:
        """Criteria whose being mandatory (or optional) someone other than the source decided:
        ``{by: (mandatory ids, optional ids)}``."""
        found: dict[str, tuple[list[str], list[str]]] = {}
        for p in self.walk():
            mark = p.mandatory_provenance
            if mark is not None and mark.by != SOURCE:
                found.setdefault(mark.by, ([], []))[0 if p.criterion.mandatory else 1].append(p.criterion.id)
        return found

    def partner_evidence(self) -> list[str]:
        """Ids of the criteria and key-evidence items for which partners' statements count as evidence."""
        found = []
        for p in self.walk():
            if p.criterion.partner_statements:
                found.append(p.criterion.id)
            found += [e.id for e in p.criterion.evidence if e.partner_statements]
        return found

    def sources(self) -> dict[str | None, SourceRef]:
        """Every source by the id that ``quotes`` use (``None`` for the rubric's own source)."""
        found: dict[str | None, SourceRef] = {None: self.source}
        for ref in [self.source, *self.further_sources]:
            if ref.id is not None:
                found[ref.id] = ref
        return found

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
    """The rubric the criterion is in."""
    domain: Domain
    """Its domain."""
    area: Area | None
    """Its sub-area, if the domain has areas."""
    criterion: Criterion
    """The criterion itself."""
    scale_id: str
    """Name of the scale it is rated on (its own, else its area's, domain's or the rubric's default)."""

    @property
    def lead_in(self) -> str | None:
        """The verbatim words the statement completes (the area's, else the domain's)."""
        return (self.area.lead_in if self.area else None) or self.domain.lead_in

    @property
    def wording(self) -> tuple[str | None, str, tuple[str, ...], str | None]:
        """The words a board confirms: lead-in, statement, points and closing."""
        c = self.criterion
        return self.lead_in, c.statement, tuple(c.points), c.closing

    @property
    def mandatory_provenance(self) -> Provenance | None:
        """Who decided whether the criterion is mandatory (its own marker, else its domain's)."""
        return self.criterion.mandatory_provenance or self.domain.mandatory_provenance

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
    """Criterion id in the source rubric."""
    target: Identifier
    """Criterion id in the target rubric."""
    source_evidence: Text | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")
    """When the mapping rests on one key-evidence item of the source criterion rather than
    on its statement, that item's id (e.g. ``CG1.E2``)."""
    target_evidence: Text | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")
    """The same for the target criterion."""
    relationship: Literal["equal", "subset", "superset", "intersect"]
    """Of the source criterion to the target: ``subset`` means the source covers part of
    the target; only ``equal`` and ``superset`` can ever mean full coverage."""
    rationale: Text
    """Why the two relate, in the mapper's words."""
    source_quotes: list[Text] = []
    """Words of the source criterion (statement, points, closing) or of its
    ``source_evidence`` item that the mapping rests on, verbatim."""
    target_quotes: list[Text] = []
    """Words of the target criterion (or its ``target_evidence`` item) that the mapping
    rests on, verbatim."""


class NoCounterpart(_Strict):
    """A target criterion that no criterion of the source rubric matches: a gap, recorded
    so that reports show it rather than stay silent about it."""

    target: Identifier
    """Criterion id in the target rubric."""
    note: Text
    """What the source rubric does and does not ask for here, in the mapper's words; words
    in double quotes are quoted verbatim from the source rubric's source document."""


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
    """Crosswalk file format version."""
    id: Slug
    """Stable id, conventionally ``SOURCE-ID--TARGET-ID``."""
    version: Version
    """This version of the mapping; always a string."""
    title: Text
    """Title shown in reports."""
    author: Text
    """Who made the mapping. Bundled crosswalks are the iho-ready maintainers' judgement."""
    by: Text = PROJECT
    """Provenance marker: who made the mapping (``iho-ready`` for the bundled ones; a
    crosswalk is never the source's own unless a publisher issues one)."""
    licence: Text | None = None
    """SPDX licence of the mapping itself (the quotes keep their sources' terms)."""
    source: Text = Field(pattern=r"^[a-z0-9][a-z0-9-]*@[0-9A-Za-z][0-9A-Za-z.\-]*$")
    """``rubric-id@version`` of the rubric mapped from."""
    target: Text = Field(pattern=r"^[a-z0-9][a-z0-9-]*@[0-9A-Za-z][0-9A-Za-z.\-]*$")
    """``rubric-id@version`` of the rubric mapped to."""
    notes: Text | None = None
    """How to read the mapping."""
    mappings: list[Mapping] = Field(min_length=1)
    """The mappings, one per pair of related criteria."""
    no_counterpart: list[NoCounterpart] = []
    """Target criteria that no source criterion matches, each with a note: shown as gaps."""
