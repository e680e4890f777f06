"""Facts about evidence files, gathered before evaluation so that the rules stay pure.

This is the only module that looks at evidence on disk. It never follows a path out of
the manifest's directory: a path that is absolute, climbs out with ``..``, or resolves
through a symlink to somewhere outside is reported as outside and not opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from .diagnostics import InputError
from .limits import MAX_EVIDENCE_BYTES, size_text
from .models.loaded import LoadedManifest
from .models.outcome import FileFacts
from .safe_files import check_path, kind_of

if TYPE_CHECKING:
    from .git_refs import CommitFiles

CHUNK = 1 << 20
"""Bytes read at a time when hashing, so large evidence files use little memory."""


def inside(base: Path, relative: str) -> bool:
    """Whether *relative* stays inside *base*, lexically and after resolving symlinks."""
    return _Resolver(base).inside(relative)


class _Resolver:
    """:func:`inside` for many paths under one base, resolving each folder only once.

    ``os.path.realpath`` stats every component of every path; with thousands of evidence
    files in a few folders that dominated ``check``. A folder's real path is cached, and a
    file's is its folder's plus its name unless the file itself is a symlink.
    """

    def __init__(self, base: Path) -> None:
        self.base = str(base)
        self.real_base = os.path.realpath(base)
        self._folders: dict[str, str] = {}

    def inside(self, relative: str) -> bool:
        if os.path.isabs(relative) or PureWindowsPath(relative).anchor or relative.startswith("~"):
            return False
        joined = os.path.join(self.base, relative)
        lexical = os.path.normpath(joined)
        if os.path.commonpath([lexical, self.base]) != self.base:
            return False
        return os.path.commonpath([self._real(joined, relative), self.real_base]) == self.real_base

    def _real(self, joined: str, relative: str) -> str:
        if ".." in relative.replace("\\", "/").split("/"):
            return os.path.realpath(joined)  # '..' after a symlink: let realpath take it in order
        folder, name = os.path.split(os.path.normpath(joined))
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = self._folders[folder] = os.path.realpath(folder)
        target = os.path.join(real_folder, name)
        return os.path.realpath(target) if os.path.islink(target) else target


TOO_LARGE = f"is larger than {size_text(MAX_EVIDENCE_BYTES)}, the most iho-ready hashes, so it cannot be locked"
"""How a check or lock says an evidence file is too large to hash (after ``path 'P' ``)."""


def sha256_of(path: Path, limit: int = MAX_EVIDENCE_BYTES) -> tuple[str, int] | None:
    """SHA-256 hex digest and size of a regular file of at most *limit* bytes, read in chunks.

    Opened without waiting (a FIFO swapped in would otherwise block) and checked to be a
    regular file once open; raises :class:`OSError` if it is not, or cannot be read. Returns
    None for a file larger than *limit* (checked before reading, and while reading, should
    it grow): at most *limit* plus one megabyte is ever read.
    """
    digest = hashlib.sha256()
    size = 0
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as handle:  # closes fd
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} is not a regular file")
        if info.st_size > limit:
            return None
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if size > limit:
                return None
    return digest.hexdigest(), size


def _problem(path: str) -> str | None:
    """Why an evidence path that is inside the repository cannot count as a file, or None if it can.

    A folder, a device, a FIFO or a socket is not a document; nor is a file that cannot be
    read. Only the file's type and permission are looked at here (nothing is read).
    """
    try:
        info = os.stat(path)
    except OSError:
        return None  # missing: reported as such
    if not stat.S_ISREG(info.st_mode):
        return f"is {kind_of(info.st_mode)}, not a file"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        return f"cannot be read ({(e.strerror or 'error').lower()})"
    os.close(fd)
    return None


def gather(loaded: LoadedManifest, *, hashes: bool = False, files: CommitFiles | None = None) -> dict[str, FileFacts]:
    """Facts for every evidence entry that has a ``path``, keyed by evidence id.

    With *files*, the facts are those of a git commit (``history``, ``report --since``): the
    same questions, answered from the commit's tree instead of the working tree.
    """
    facts: dict[str, FileFacts] = {}
    resolver = _Resolver(loaded.base_dir)
    for doc in loaded.manifest.evidence:
        if doc.path is None or doc.id in facts:
            continue
        try:
            check_path(doc.path)
        except InputError as e:  # a NUL, or a name no file system allows: no such file can exist
            facts[doc.id] = FileFacts(outside=False, exists=False, is_file=False,
                                      problem=e.diagnostics[0].message.removeprefix("the path "))
            continue
        if files is not None:
            facts[doc.id] = files.facts(doc.path, hashes=hashes)
            continue
        if not resolver.inside(doc.path):
            facts[doc.id] = FileFacts(outside=True, exists=False, is_file=False)
            continue
        target = loaded.base_dir / doc.path
        exists = os.path.exists(target)
        problem = _problem(str(target)) if exists else None
        is_file = exists and problem is None
        digest = size = None
        if hashes and is_file:
            try:
                hashed = sha256_of(target)
            except OSError as e:
                is_file, problem = False, f"cannot be read ({(e.strerror or 'error').lower()})"
            else:
                if hashed is None:
                    is_file, problem = False, TOO_LARGE
                else:
                    digest, size = hashed
        facts[doc.id] = FileFacts(outside=False, exists=exists, is_file=is_file, sha256=digest, size=size,
                                  problem=problem)
    return facts
