"""Evidence lock files: build one from the evidence on disk, write it, read it back.

``iho-ready lock`` records the SHA-256 and size of every evidence file; ``check`` then
compares the files with the lock (see ``evidence-changed`` and ``evidence-unlocked`` in
the finding catalogue, :mod:`iho_ready.findings`). Reading uses the same located YAML loader as manifests, so a
damaged lock file is reported as ``FILE:LINE:COL`` and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from . import yamlsource
from .diagnostics import InputError
from .loading import validate
from .models.loaded import LoadedManifest
from .models.lock import LOCK_VERSION, LockedFile, LockFile
from .models.outcome import FileFacts
from .safe_files import refuse_outside, repository_root

LOCK_NAME = "iho-ready.lock"
"""File name of the lock file that ``check`` picks up next to the manifest."""

_HEADER = (
    "# Evidence lock file written by `iho-ready lock`: the SHA-256 and size of each evidence\n"
    "# file as approved. `iho-ready check` reports evidence-changed for files that differ.\n"
    "# Do not edit by hand; run `iho-ready lock MANIFEST` again once changes are approved.\n"
)


def default_path(manifest: str) -> str:
    """The lock file next to *manifest*, spelled the way the manifest path was given."""
    parent = Path(manifest).parent
    return (parent / LOCK_NAME).as_posix() if str(parent) != "." else LOCK_NAME


def build(loaded: LoadedManifest, facts: Mapping[str, FileFacts]) -> tuple[LockFile, list[str]]:
    """A lock for every evidence file that exists inside the repository.

    *facts* must have been gathered with hashes. Returns the lock and the ids of ``path``
    entries that could not be locked (missing, outside the repository, or a folder); those
    already have findings of their own in ``check``.
    """
    locked: dict[str, LockedFile] = {}
    skipped: list[str] = []
    for doc in loaded.manifest.evidence:
        if doc.path is None or doc.id in locked:
            continue
        fact = facts.get(doc.id)
        if fact is None or fact.sha256 is None or fact.size is None:
            skipped.append(doc.id)
            continue
        locked[doc.id] = LockedFile(path=doc.path, sha256=fact.sha256, size=fact.size)
    return LockFile(lock=LOCK_VERSION, evidence=dict(sorted(locked.items()))), skipped


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every text that the YAML 1.2 reader would read as something else."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML quotes what YAML 1.1 would misread (yes, 1.10, 0123), but writes 1e5, 0o17 and
    # .Inf bare, which yamlsource's YAML 1.2 core schema reads as numbers: an evidence path
    # '1e5' would come back as 100000.0 and check would reject the lock it had just been given.
    quote = not isinstance(yamlsource.resolve_plain(value), str) or yamlsource.is_number_like(value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if quote else None)


_Dumper.add_representer(str, _text)


def dumps(lock: LockFile) -> str:
    """The lock as YAML: a comment header, then entries sorted by evidence id.

    Every text reads back as the same text (an evidence id or path ``1e5``, ``0o17``,
    ``.inf`` or ``null`` is quoted), so ``check`` always accepts the lock ``lock`` wrote.
    """
    data = {"lock": lock.lock,
            "evidence": {k: v.model_dump(mode="json") for k, v in sorted(lock.evidence.items())}}
    return _HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                               default_flow_style=False, width=1000)


def load(path: str, display: str | None = None, text: str | None = None) -> LockFile:
    """Read and validate a lock file (or *text*, its content at a git commit). Raises
    :class:`~iho_ready.diagnostics.InputError`.

    A lock file that is a symlink leading outside the repository that holds it (or, with
    no repository, outside its own folder) is refused before it is opened, so a planted
    link cannot make another file's content appear in an error message.
    """
    shown = display or path
    if text is None:
        refuse_outside(path, shown, repository_root(os.path.dirname(os.path.abspath(path))), "lock file")
    source, data = yamlsource.load(path, display, text)
    lock = validate(source, data, LockFile)
    spelling = yamlsource.format_version_spelling(source, "lock")
    if spelling is not None:
        raise InputError([spelling])
    return lock
