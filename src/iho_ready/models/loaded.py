"""A manifest that has passed every input check, with its rubrics and references resolved.

Built by :func:`iho_ready.loading.load_manifest`; read by the evaluation and the renderers.
It holds no file handles and imports nothing that reads the disk: the YAML node tree it
keeps (for locating findings) is already in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .manifest import CriterionEntry, Manifest
from .partner import PartnerStatement, View
from .result import Location
from .rubric import EvidenceItem, Placed, Rubric

if TYPE_CHECKING:
    from ..yamlsource import Source


@dataclass(frozen=True)
class Target:
    """What a reference in a manifest resolves to: a criterion, or one of its evidence items."""

    placed: Placed
    item: EvidenceItem | None = None

    @property
    def rubric_id(self) -> str:
        """Id of the rubric the target belongs to."""
        return self.placed.rubric.id

    @property
    def ref(self) -> str:
        """The short reference, ``SV1`` or ``SV1.E2``."""
        return self.item.id if self.item else self.placed.criterion.id


@dataclass
class Selected:
    """A rubric selected by the manifest."""

    rubric: Rubric
    pinned: bool
    """False when named without ``@version`` (resolved to the newest)."""
    loc: tuple[Any, ...]


@dataclass
class LoadedPartner:
    """One entry of the manifest's ``partners:`` list: the partner statement read, or why not."""

    id: str
    """The statement's file name without ``.yaml``: how actions name its conditions (``icb.C1``)."""
    path: str
    """The path as written in the manifest."""
    index: int
    """Its position in the manifest's ``partners:`` list."""
    file: str
    """The statement file as every output shows it."""
    statement: PartnerStatement | None = None
    """The statement, or None when the file does not exist or lies outside the repository."""
    problem: str | None = None
    """Why there is no statement: ``missing`` or ``outside``."""
    source: Source | None = None
    """The statement's YAML node tree, for locating findings in it."""
    views: dict[tuple[str, str], tuple[str, View]] = field(default_factory=dict)
    """(rubric id, criterion id) -> (the key as written, the partner's view)."""
    letter: str | None = None
    """What is true of the signed letter's path: ``present``, ``missing`` or ``outside`` (None: no letter)."""

    def locate(self, *loc: Any) -> Location:
        """The location of *loc* in the statement file (its first line when it cannot be read)."""
        if self.source is None:
            return Location(file=self.file, line=1, column=1)
        node, _, _ = self.source.find(loc)
        d = self.source.at(node, "", "")
        return Location(file=self.file, line=d.line, column=d.column)


@dataclass
class LoadedManifest:
    """A manifest that has passed every input check, with its references resolved."""

    path: str
    """The path as shown in output."""
    base_dir: Path
    """The directory holding the manifest; evidence paths must stay inside it."""
    source: Source
    manifest: Manifest
    rubrics: list[Selected]
    entries: dict[tuple[str, str], tuple[str, CriterionEntry]] = field(default_factory=dict)
    """(rubric id, criterion id) -> (the key as written, the entry)."""
    supports: dict[str, list[tuple[int, Target]]] = field(default_factory=dict)
    """Evidence id -> (index in ``supports``, what it resolves to)."""
    confirmed_against: dict[str, Rubric] = field(default_factory=dict)
    """Rubric id -> the older version whose words the board last confirmed (from the
    manifest's ``confirmed_against``), where it differs from the version selected."""
    partners: list[LoadedPartner] = field(default_factory=list)
    """The partner statements the manifest lists, in order (read by ``loading.load_partners``)."""

    def locate(self, *loc: Any, key: bool = False) -> Location:
        """The manifest location of *loc*; with ``key`` the key itself rather than its value."""
        node, key_node, _ = self.source.find(loc)
        chosen = key_node if key and key_node is not None else node
        d = self.source.at(chosen, "", "")
        return Location(file=self.path, line=d.line, column=d.column, cell=d.cell or None)

    @cached_property
    def placed(self) -> dict[tuple[str, str], Placed]:
        """(rubric id, criterion id) -> the criterion and where it sits, for every selected rubric."""
        return {(s.rubric.id, p.criterion.id): p for s in self.rubrics for p in s.rubric.walk()}

    def entry(self, rubric_id: str, criterion_id: str) -> CriterionEntry:
        """The manifest's entry for a criterion (an empty one where the manifest has none)."""
        found = self.entries.get((rubric_id, criterion_id))
        return found[1] if found else _EMPTY_ENTRY


_EMPTY_ENTRY = CriterionEntry()
