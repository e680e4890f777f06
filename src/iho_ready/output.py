"""Writing output files: atomically, so a failed or interrupted run never leaves half a report.

What ``-o TARGET`` does, by what TARGET is:

* ``-``, ``/dev/stdout``, ``/dev/stderr`` (and ``/dev/fd/1``, ``/dev/fd/2``,
  ``/proc/self/fd/1``, ``/proc/self/fd/2``): written to that stream.
* a regular file, or a name that does not exist yet: written to a temporary file in the
  same folder, then moved into place, so an existing file is replaced only once the new
  content is complete. A SIGTERM, SIGINT or SIGHUP during the write removes the
  temporary file before the process ends as the signal asks.
* a symbolic link: followed, and the file it leads to is replaced (the link stays), but
  only if that file is inside the repository holding the link (or, with no repository,
  inside the link's folder). A link leading elsewhere is refused: in CI, a link committed
  as ``report.sarif -> ~/.bashrc`` must not make the job overwrite files outside the
  checkout.
* a character device (``/dev/null``) or a named pipe (FIFO): written through, never
  replaced. A FIFO nobody is reading from is refused rather than waited on.
* a directory, a block device or a socket: refused.

Every failure raises :class:`WriteError` (an :class:`~iho_ready.errors.OutputError`) whose
message is one line, ``cannot write TARGET: reason``, so the CLI reports it and exits 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from .ci_safety import WorkflowCommandGuard
from .errors import IhoReadyError, OutputError
from .safe_files import is_inside, repository_root
from .safe_text import visible

__all__ = ["WorkflowCommandGuard", "WriteError", "write_output"]

_STREAMS = {
    "/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1,
    "/dev/stderr": 2, "/dev/fd/2": 2, "/proc/self/fd/2": 2,
}
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


class WriteError(OutputError):
    """Raised by :func:`write_output` when an output cannot be written: one line, with the reason."""

    def __init__(self, target: str, reason: str):
        super().__init__(f"cannot write {visible(target)}: {visible(reason)}")
        self.target = target
        """The output as given."""
        self.reason = reason
        """What went wrong, in a few words (``is a directory; give a file name``)."""


def _os_error(target: str, error: OSError) -> WriteError:
    return WriteError(target, error.strerror or str(error))


def write_output(target: str, data: str | bytes) -> None:
    """Write *data* to *target* (``-`` means stdout); see the module docstring for each kind of target.

    Raises :class:`WriteError` for every failure.
    """
    # backslashreplace: text that cannot be UTF-8 (a lone surrogate) is shown, never a crash.
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    stream = 1 if target == "-" else _STREAMS.get(target)
    if stream is not None:
        _write_stream(target, stream, data)
        return
    if "\x00" in target:
        raise WriteError(target, "the path contains a NUL character")
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        link = None
    except OSError as e:
        raise _os_error(target, e) from None
    path = target
    if link is not None and stat.S_ISLNK(link.st_mode):
        root = repository_root(os.path.dirname(os.path.abspath(target)))
        if not is_inside(target, root):
            raise WriteError(target, "is a symbolic link to a file outside the repository; iho-ready does not "
                             "write through it (remove the link, or write to its target directly)")
        path = os.path.realpath(target)
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise _os_error(target, e) from None
    if info is None or stat.S_ISREG(info.st_mode):
        _replace_atomically(target, Path(path), payload, info)
    elif stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        _write_through(target, path, payload, fifo=stat.S_ISFIFO(info.st_mode))
    elif stat.S_ISDIR(info.st_mode):
        raise WriteError(target, "is a directory; give a file name")
    else:
        raise WriteError(target, "is not a regular file, a character device or a FIFO; iho-ready does not "
                         "write to it")


def _write_stream(target: str, fd: int, data: str | bytes) -> None:
    """Write to standard output or standard error through Python's own stream objects."""
    stream = sys.stdout if fd == 1 else sys.stderr
    try:
        if isinstance(data, bytes):
            buffer = getattr(stream, "buffer", None)
            if buffer is None:  # a text-only stream (tests capture output like this)
                stream.write(data.decode("utf-8", "replace"))
            else:
                stream.flush()
                buffer.write(data)
                buffer.flush()
        else:
            stream.write(data)
        stream.flush()
    except OSError as e:
        raise _os_error(target, e) from None


def _write_through(target: str, path: str, payload: bytes, *, fifo: bool) -> None:
    """Write into an existing device or FIFO, as a shell redirection would, without replacing it."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if fifo:
        flags |= getattr(os, "O_NONBLOCK", 0)  # fails at once (ENXIO) when no one is reading
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise WriteError(target, "is a named pipe (FIFO) that no program is reading from") from None
        raise _os_error(target, e) from None
    try:
        if not stat.S_ISCHR(os.fstat(fd).st_mode) and not stat.S_ISFIFO(os.fstat(fd).st_mode):
            raise WriteError(target, "changed while it was being opened; not written")
        if fifo:
            os.set_blocking(fd, True)  # a slow reader is waited for, like any pipe
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except WriteError:
        raise
    except OSError as e:
        raise _os_error(target, e) from None
    finally:
        os.close(fd)


def _replace_atomically(target: str, path: Path, payload: bytes, existing: os.stat_result | None) -> None:
    """Write to a temporary file beside *path*, then rename it over *path*."""
    folder = path.parent if str(path.parent) else Path(".")
    tmp: list[str] = []
    try:
        with _remove_on_signal(tmp):
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            tmp.append(name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, (existing.st_mode & 0o777) if existing is not None else 0o666 & ~_umask())
            os.replace(name, path)
            tmp.clear()
    except OSError as e:
        raise _os_error(target, e) from None
    finally:
        for name in tmp:
            with contextlib.suppress(OSError):
                os.unlink(name)


class _InterruptedError(IhoReadyError):
    """Raised inside a write by a signal, so the temporary file is removed before the signal acts.

    Never leaves this module: :func:`_remove_on_signal` catches it and re-raises the signal.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _remove_on_signal(tmp: list[str]) -> Iterator[None]:
    """While a temporary file exists, make SIGTERM/SIGINT/SIGHUP remove it, then act as they would have.

    Handlers can only be set in the main thread; elsewhere the ``finally`` clause of the
    caller still removes the file on any exception.
    """
    previous: dict[int, Any] = {}

    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise _InterruptedError(signum)

    try:
        for signum in _SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # an ignored signal stays ignored
                previous[signum] = signal.signal(signum, interrupted)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    except _InterruptedError as e:
        for name in tmp:
            with contextlib.suppress(OSError):
                os.unlink(name)
        tmp.clear()
        _restore(previous)
        previous = {}
        signal.raise_signal(e.signum)  # now with the original handler: the process ends as it would have
        # Reached only when the original handler returned: the write is abandoned, cleanly.
        raise InterruptedError(errno.EINTR, "interrupted by a signal; nothing was written") from None
    finally:
        _restore(previous)


def _restore(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
