"""Facts about evidence files, gathered before evaluation so that the rules stay pure.

This is the only module that looks at evidence on disk. It never follows a path out of
the manifest's directory: a path that is absolute, climbs out with ``..``, or resolves
through a symlink to somewhere outside is reported as outside and not opened.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PureWindowsPath

from .models.loaded import LoadedManifest
from .models.outcome import FileFacts

CHUNK = 1 << 20
"""Bytes read at a time when hashing, so large evidence files use little memory."""


def inside(base: Path, relative: str) -> bool:
    """Whether *relative* stays inside *base*, lexically and after resolving symlinks."""
    if os.path.isabs(relative) or PureWindowsPath(relative).anchor or relative.startswith("~"):
        return False
    joined = base / relative
    lexical = os.path.normpath(joined)
    if os.path.commonpath([lexical, str(base)]) != str(base):
        return False
    real_base = os.path.realpath(base)
    return os.path.commonpath([os.path.realpath(joined), real_base]) == real_base


def sha256_of(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def gather(loaded: LoadedManifest, *, hashes: bool = False) -> dict[str, FileFacts]:
    """Facts for every evidence entry that has a ``path``, keyed by evidence id."""
    facts: dict[str, FileFacts] = {}
    for doc in loaded.manifest.evidence:
        if doc.path is None or doc.id in facts:
            continue
        if not inside(loaded.base_dir, doc.path):
            facts[doc.id] = FileFacts(outside=True, exists=False, is_file=False)
            continue
        target = loaded.base_dir / doc.path
        is_file = target.is_file()
        digest = size = None
        if hashes and is_file:
            try:
                digest, size = sha256_of(target)
            except OSError:
                is_file = False
        facts[doc.id] = FileFacts(outside=False, exists=target.exists(), is_file=is_file, sha256=digest, size=size)
    return facts
