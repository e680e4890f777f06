"""What every use case shares: outputs to write, the rubric registry, the as-of date, and
``assess``, the one load, gather and evaluate pipeline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import UsageError

if TYPE_CHECKING:
    from .git_refs import CommitFiles
    from .models.outcome import Outcome
    from .models.rubric import Rubric
    from .rubrics import Registry


STDOUT = "-"
"""The output target that means standard output."""


@dataclass(frozen=True)
class Output:
    """Something to write: text or bytes, and where (``-`` is standard output)."""

    target: str
    """A file path, or ``-`` for standard output."""
    data: str | bytes
    """What to write."""
    commands: bool = False
    """True for GitHub workflow commands (the ``github`` format): on standard output under
    GitHub Actions they must reach the runner as commands, not be neutralised like other text."""
    also: tuple[Output, ...] = ()
    """Files written with it, first (a page's accessibility statement)."""
    notes: tuple[str, ...] = ()
    """Warnings for standard error once it is written (a paper that still holds placeholders)."""


def _link(target: str, page: str) -> str:
    """The address of *target* relative to the folder of *page* (``-``: the current folder)."""
    start = "." if page == STDOUT else os.path.dirname(page) or "."
    return Path(os.path.relpath(target, start)).as_posix()


def _statement(target: str, page: str, *, subject: str, publisher: str, contact: str, page_name: str,
               as_of: date | None) -> Output:
    """The accessibility statement *target*, linking back to *page* (``--statement``)."""
    from .render import RenderOptions
    from .render.accessibility_html import Statement, render

    back = "./" if page == STDOUT else _link(page, target)
    return Output(target, render(Statement(subject=subject, publisher=publisher, contact=contact, page=back,
                                           page_name=page_name, as_of=as_of, tool_version=__version__),
                                 RenderOptions()))


def registry(rubric_dirs: Sequence[Path] = ()) -> Registry:
    """The bundled rubrics plus any in *rubric_dirs*."""
    from .rubrics import Registry

    return Registry(rubric_dirs)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(value: str | None) -> date | None:
    """``--as-of``: a date written YYYY-MM-DD, or None. Raises :class:`UsageError` otherwise."""
    if value is None:
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: expected a date as YYYY-MM-DD, got '{value}'") from None


def assess(path: Path, rubrics: Registry, *, as_of: date | None = None, display: str | None = None,
           lock: Path | None = None, ignore: Collection[str] = (), text: str | None = None,
           files: CommitFiles | None = None) -> Outcome:
    """Load the manifest at *path*, gather its file facts and evaluate it.

    *lock* names a lock file to compare evidence with; without it, ``iho-ready.lock`` next
    to the manifest is used when present. Findings with a code in *ignore* are not raised.
    With *text*, that manifest content is evaluated in place of the file's (evidence is
    still looked for beside *path*). With *files* too, the evidence, partner statements and
    lock file are those of a git commit: how ``history`` and ``report --since`` assess the
    manifest as that commit left it. Raises :class:`~iho_ready.diagnostics.InputError` for input that cannot be trusted.
    """
    from . import lock as locking
    from .evaluate import evaluate
    from .evidence_files import gather
    from .loading import load_manifest, load_partners
    from .models.outcome import Outcome

    loaded = load_manifest(str(path), rubrics, display, text)
    load_partners(loaded, rubrics, files)
    shown_lock = str(lock) if lock else locking.default_path(display or str(path))
    lock_path = str(lock) if lock else os.path.join(os.path.dirname(path), locking.LOCK_NAME)
    locked = None
    if files is not None and lock is None:
        shown_lock = files.shown(locking.default_path(str(path)))
        if files.where(locking.LOCK_NAME) == "present":
            locked = locking.load(lock_path, shown_lock, files.read_text(locking.LOCK_NAME, shown_lock)).evidence
    elif lock is not None or os.path.isfile(lock_path):
        locked = locking.load(lock_path, shown_lock).evidence
    # Hashing reads every evidence file, so it is done only when there is a lock to compare with.
    facts = gather(loaded, hashes=locked is not None, files=files)
    crosswalks = rubrics.crosswalks([s.rubric for s in loaded.rubrics])
    result = evaluate(loaded, facts, as_of or loaded.manifest.assessment.as_of, tool_version=__version__,
                      lock=locked, lock_file=shown_lock, ignore=ignore, crosswalks=crosswalks)
    return Outcome(loaded, result, crosswalks)


def guard_manifests(manifests: Sequence[Path], targets: Sequence[str]) -> None:
    """Refuse an output that would replace a manifest: iho-ready only ever reads manifests."""
    for target in targets:
        for one in manifests:
            if target != STDOUT and Path(target).resolve() == one.resolve():
                raise UsageError(f"--output {target} is the manifest {one}; iho-ready never rewrites a manifest")


def _rubric(rubrics: Registry, spec: str) -> Rubric:
    """``ID[@VERSION]`` from *rubrics*, or :class:`UsageError`."""
    rubric_id, _, version = spec.partition("@")
    try:
        return rubrics.get(rubric_id, version or None)
    except LookupError as e:
        raise UsageError(str(e)) from None
