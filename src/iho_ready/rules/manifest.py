"""Rules about the manifest as a whole: pinned rubrics, the assurance level offered."""

from __future__ import annotations

from ..models.loaded import LoadedManifest, Selected
from ..models.result import AssuranceResult
from ..words import assurance_phrase as assurance_words
from . import Emit, rule


@rule("rubric-unpinned")
def rubric_unpinned(loaded: LoadedManifest, selected: Selected, emit: Emit) -> None:
    """A rubric named without a version: the newest is used, so CI runs are not reproducible."""
    if not selected.pinned:
        r = selected.rubric
        emit("rubric-unpinned", loaded.locate(*selected.loc),
             f"rubric '{r.id}' has no version, so the newest ({r.version}) is used; pin it as '{r.key}' so that CI "
             "runs are reproducible", rubric=r.id)


@rule("assurance-overstated")
def assurance_overstated(loaded: LoadedManifest, assurance: AssuranceResult, emit: Emit) -> None:
    """The paper offers more assurance than the evidence supports."""
    if assurance.overstated and assurance.stated is not None:
        emit("assurance-overstated", loaded.locate("assessment", "assurance_level"),
             f"the paper offers {assurance_words(assurance.stated)}, but the evidence supports "
             f"{assurance_words(assurance.level)} ({assurance.met} of {assurance.criteria} criteria met or "
             "confirmed with current evidence); lower assurance_level or close the gaps")
