"""Opening input files without hanging, reading too much, or leaving the repository.

Every file iho-ready reads (manifest, lock, config, rubric, crosswalk) goes through
:func:`read_bytes`: only a regular file is opened (a FIFO would block forever, ``/dev/zero``
would never end, a device may act when opened), and at most
:data:`~iho_ready.limits.MAX_FILE_BYTES` plus one bytes are read. Files that must lie
inside the repository (lock and config files) are checked with :func:`refuse_outside`
before they are opened, with symlinks resolved first. Problems are ``[io]`` or ``[limit]``
diagnostics, never exceptions from the operating system.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .diagnostics import Diagnostic, InputError
from .limits import MAX_FILE_BYTES, MAX_NAME_BYTES, MAX_PATH_BYTES, size_text
from .safe_text import visible

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _fail(shown: str, message: str, code: str = "io") -> InputError:
    return InputError([Diagnostic(visible(shown), 0, 0, message, code)])


def kind_of(mode: int) -> str:
    """What a file that is not regular is, in words (``a named pipe (FIFO)``, ``a device``)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_path(path: str | os.PathLike[str], shown: str | None = None) -> None:
    """Raise an ``[io]`` :class:`InputError` for a path no file system could hold.

    A NUL character, a path longer than :data:`~iho_ready.limits.MAX_PATH_BYTES` or a name
    longer than :data:`~iho_ready.limits.MAX_NAME_BYTES` would otherwise surface as an
    exception from the operating system wherever the path is first used.
    """
    text = os.fspath(path)
    shown = text if shown is None else shown
    if "\x00" in text:
        raise _fail(shown, "the path contains a NUL character; no file can have that name")
    try:
        encoded = os.fsencode(text)
    except UnicodeError:
        raise _fail(shown, "the path cannot be written in the file system's encoding") from None
    if len(encoded) > MAX_PATH_BYTES:
        raise _fail(shown, f"the path is longer than {MAX_PATH_BYTES} bytes")
    separators = [os.sep.encode()] + ([os.altsep.encode()] if os.altsep else [])
    parts = [encoded]
    for sep in separators:
        parts = [piece for part in parts for piece in part.split(sep)]
    if any(len(part) > MAX_NAME_BYTES for part in parts):
        raise _fail(shown, f"a file or folder name in the path is longer than {MAX_NAME_BYTES} bytes")


def read_bytes(path: str | os.PathLike[str], shown: str | None = None, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file of at most *limit* bytes; anything else is an ``[io]`` or ``[limit]`` error.

    The file is examined before it is opened (so a device is never opened) and again once
    it is open (so it cannot be swapped for a FIFO in between), and the open does not wait
    for a FIFO's writer. Only *limit* + 1 bytes are ever read.
    """
    text = os.fspath(path)
    shown = text if shown is None else shown
    check_path(text, shown)
    try:
        before = os.stat(text)
    except FileNotFoundError:
        raise _fail(shown, "no such file") from None
    except OSError as e:
        raise _fail(shown, f"cannot read: {e.strerror or e}") from None
    _require_regular(before.st_mode, shown)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(text, flags)
    except OSError as e:
        raise _fail(shown, f"cannot read: {e.strerror or e}") from None
    try:
        opened = os.fstat(fd)
        _require_regular(opened.st_mode, shown)
        if opened.st_size > limit:
            raise _too_large(shown, opened.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # the file grew while it was read
            raise _too_large(shown, total, limit)
        return b"".join(chunks)
    except OSError as e:
        raise _fail(shown, f"cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def _require_regular(mode: int, shown: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _fail(shown, "is a directory, not a file")
    raise _fail(shown, f"not a regular file: it is {kind_of(mode)}; iho-ready reads only regular files")


def _too_large(shown: str, size: int, limit: int) -> InputError:
    return _fail(shown, f"the file is larger than the limit of {size_text(limit)} "
                 f"({size_text(size) if size > limit else 'at least ' + size_text(limit + 1)})", "limit")


def repository_root(folder: str | os.PathLike[str]) -> Path:
    """The repository that holds *folder*: the nearest folder at or above it with ``.git``.

    ``.git`` is a folder in a clone and a file in a git worktree or submodule. With no
    repository around, the folder itself is the boundary: nothing above it is trusted.
    The search goes up the path as written (so a folder inside the repository that is a
    symlink to elsewhere does not move the boundary); the result has symlinks resolved.
    """
    start = Path(os.path.abspath(folder))
    for candidate in (start, *start.parents):
        if os.path.lexists(candidate / ".git"):
            return Path(os.path.realpath(candidate))
    return Path(os.path.realpath(start))


def is_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether *path*, with every symlink resolved, lies inside *root* (also resolved)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    try:
        return os.path.commonpath([real, base]) == base
    except ValueError:  # different drives on Windows
        return False


def refuse_outside(path: str | os.PathLike[str], shown: str, root: str | os.PathLike[str], what: str) -> None:
    """Raise an ``[io]`` error if *path* resolves to somewhere outside *root*.

    Said without reading the file or naming where it leads, so that a symlink planted in a
    repository cannot make its target's content (or location) appear in a CI log.
    """
    check_path(path, shown)
    if not is_inside(path, root):
        raise _fail(shown, f"the {what} is a symbolic link to a file outside the repository; "
                    "iho-ready does not read it (replace the link with the file itself)")
