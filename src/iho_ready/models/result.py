"""The result of a check: findings, per-criterion status, domain RAG and rubric readiness.

This is what every renderer reads and what the JSON output serialises, so its field names
are a public contract (``FORMAT_VERSION``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .types import IsoDate

FORMAT_VERSION = 1
"""Version of the JSON result format. Bump on any incompatible change."""

Severity = Literal["error", "warning", "info"]
Readiness = Literal["ready", "approaching", "not-ready"]
CriterionStatus = Literal["met", "action-planned", "gap", "not-assessed", "not-applicable"]
Rag = Literal["green", "amber", "red", "grey"]

SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
READINESS_LABEL: dict[str, str] = {
    "ready": "Ready",
    "approaching": "Approaching readiness",
    "not-ready": "Not ready",
}
STATUS_LABEL: dict[str, str] = {
    "met": "Met or confirmed",
    "action-planned": "Gap with action in hand",
    "gap": "Gap",
    "not-assessed": "Not assessed",
    "not-applicable": "Not applicable",
}
RAG_LABEL: dict[str, str] = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Location(_Out):
    """A place in an input file (1-based)."""

    file: str
    line: int
    column: int


class Finding(_Out):
    """One problem found by the evaluation."""

    code: str
    """Stable finding code, e.g. ``missing-evidence``."""
    severity: Severity
    rubric: str | None
    """Rubric id the finding concerns, or None for manifest-wide findings."""
    criterion: str | None
    """Criterion id, or None."""
    evidence: str | None = None
    """Key-evidence item id (``SV1.E2``) where relevant."""
    document: str | None = None
    """Evidence register entry id (``MTP``) where relevant."""
    action: str | None = None
    """Action id where relevant."""
    message: str
    location: Location

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: severity: message [code]``, the line editors and CI logs parse."""
        loc = self.location
        return f"{loc.file}:{loc.line}:{loc.column}: {self.severity}: {self.message} [{self.code}]"

    def sort_key(self) -> tuple:
        """Order by file position, then code, so output is stable."""
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.rubric or "", self.criterion or "",
                self.evidence or "", self.document or "", self.action or "")


class ItemResult(_Out):
    """Status of one key-evidence item (or of the criterion's direct support, ``id`` None)."""

    id: str | None
    required: bool
    documents: list[str]
    """Valid documents supporting it."""
    broken: list[str]
    """Documents that claim to support it but cannot count (missing, outside, expired)."""
    satisfied: bool


class CriterionResult(_Out):
    """Assessment outcome for one criterion."""

    rubric: str
    id: str
    domain: str
    area: str | None
    rating: str | None
    rating_label: str | None
    status: CriterionStatus
    rag: Rag
    mandatory: bool
    items: list[ItemResult]
    actions: list[str]
    """Ids of the actions recorded against this criterion."""
    errors: int
    warnings: int


class AreaResult(_Out):
    """RAG status of a domain or sub-area."""

    rubric: str
    domain: str
    area: str | None
    title: str
    rag: Rag
    criteria: int
    met: int
    gaps: int
    not_assessed: int


class RubricResult(_Out):
    """Readiness of one selected rubric."""

    id: str
    version: str
    title: str
    status: str
    readiness: Readiness
    criteria: int
    met: int
    gaps: int
    not_assessed: int
    pinned: bool


class Counts(_Out):
    """Findings by severity."""

    error: int = 0
    warning: int = 0
    info: int = 0


class CheckResult(_Out):
    """Everything ``check`` found, in a form every renderer can use."""

    format_version: int = FORMAT_VERSION
    tool_version: str
    manifest: str
    """The manifest path as given."""
    organisation: str
    as_of: IsoDate
    rubrics: list[RubricResult]
    areas: list[AreaResult]
    criteria: list[CriterionResult]
    findings: list[Finding]
    counts: Counts
    lock: str | None = None
    """The lock file evidence was compared with (path as given), or None when no lock was used."""
