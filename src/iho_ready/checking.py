"""The check pipeline as one library call: load, gather file facts, evaluate.

Commands that need a result (``check``, ``report``, ``diff``) call :func:`run_check`, so
the pipeline is written once.
"""

from __future__ import annotations

import os
from collections.abc import Collection
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
              display: str | None = None, lock: str | None = None, ignore: Collection[str] = (),
              text: str | None = None) -> Outcome:
    """Load and evaluate the manifest at *path*. Raises :class:`~iho_ready.diagnostics.InputError`.

    *lock* names a lock file to compare evidence with; without it, ``iho-ready.lock`` next
    to the manifest is used when present. Findings with a code in *ignore* are not raised.
    With *text*, that manifest content is evaluated in place of the file's (evidence is
    still looked for beside *path*): how ``report --since`` checks an earlier version.
    """
    from . import lock as locking

    loaded = load_manifest(path, registry, display, text)
    shown_lock = lock or locking.default_path(display or path)
    lock_path = lock or os.path.join(os.path.dirname(path), locking.LOCK_NAME)
    locked = None
    if lock is not None or os.path.isfile(lock_path):
        locked = locking.load(lock_path, shown_lock).evidence
    # Hashing reads every evidence file, so it is done only when there is a lock to compare with.
    facts = gather(loaded, hashes=locked is not None)
    when = as_of or loaded.manifest.assessment.as_of
    result = evaluate(loaded, facts, when, tool_version=tool_version, lock=locked, lock_file=shown_lock,
                      ignore=ignore)
    crosswalks = registry.crosswalks([s.rubric for s in loaded.rubrics])
    return Outcome(loaded, result, crosswalks)
