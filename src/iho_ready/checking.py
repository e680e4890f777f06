"""The check pipeline as one library call: load, gather file facts, evaluate.

Commands that need a result (``check``, ``report``, ``diff``) call :func:`run_check`, so
the pipeline is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .evaluate import evaluate
from .facts import gather
from .loading import LoadedManifest, load_manifest
from .models.result import CheckResult
from .models.rubric import Crosswalk
from .rubrics import Registry


@dataclass(frozen=True)
class Outcome:
    """A loaded manifest, its evaluation, and the crosswalks between its rubrics."""

    loaded: LoadedManifest
    result: CheckResult
    crosswalks: list[Crosswalk]


def run_check(path: str, registry: Registry, *, as_of: date | None, tool_version: str,
              display: str | None = None, text: str | None = None) -> Outcome:
    """Load and evaluate the manifest at *path*. Raises :class:`~iho_ready.diagnostics.InputError`.

    With *text*, that manifest content is evaluated in place of the file's (evidence is
    still looked for beside *path*): how ``report --since`` checks an earlier version.
    """
    loaded = load_manifest(path, registry, display, text)
    facts = gather(loaded)
    when = as_of or loaded.manifest.assessment.as_of
    result = evaluate(loaded, facts, when, tool_version=tool_version)
    crosswalks = registry.crosswalks([s.rubric for s in loaded.rubrics])
    return Outcome(loaded, result, crosswalks)
