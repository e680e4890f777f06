"""What a check produces, and the facts about files gathered before it.

:class:`FileFacts` are gathered from disk by :mod:`iho_ready.evidence_files` before
evaluation, so the rules stay pure; :class:`Outcome` bundles a loaded manifest with its
evaluated :class:`~iho_ready.models.result.CheckResult`, for renderers that also print
the text of criteria and evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from .loaded import LoadedManifest
from .result import CheckResult
from .rubric import Crosswalk


@dataclass(frozen=True)
class FileFacts:
    """What is true on disk for one evidence ``path``."""

    outside: bool
    """The path escapes the manifest's directory (absolute, ``..`` or a symlink)."""
    exists: bool
    """The path exists (a file or a folder). Always False when ``outside``."""
    is_file: bool
    """The path is a regular file."""
    sha256: str | None = None
    """Hex digest of a file's content, when hashes were asked for."""
    size: int | None = None
    """Size in bytes, when hashes were asked for."""
    problem: str | None = None
    """Why the path cannot count as an evidence file although it may exist: ``is a directory,
    not a file``, ``cannot be read (permission denied)``; None when it is a readable file or missing."""


@dataclass(frozen=True)
class Outcome:
    """A loaded manifest, its evaluation, and the crosswalks between its rubrics."""

    loaded: LoadedManifest
    """The manifest and its resolved rubrics (the text that outputs quote)."""
    result: CheckResult
    """Everything the evaluation decided."""
    crosswalks: list[Crosswalk] = field(default_factory=list)
    """Crosswalks between the selected rubrics."""


@dataclass(frozen=True)
class InvalidInput:
    """A manifest (or a file it depends on) that could not be read: what ``check`` reports instead.

    Renderers of the CI formats turn it into annotations, SARIF results, a JUnit error and
    a summary, so a broken manifest is as visible in CI as a failing one (exit code 2).
    """

    manifest: str
    """The manifest as shown to the user."""
    diagnostics: list[Diagnostic]
    """Every problem found, sorted by location (the same ones printed on standard error)."""
    tool_version: str
    """iho-ready's version, for the formats that record it."""
