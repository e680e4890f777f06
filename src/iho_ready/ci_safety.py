"""Keep manifest text from acting as a GitHub Actions workflow command.

The GitHub runner reads every line a step prints, on standard output and standard error,
and runs any line that starts with ``::`` (or the older ``##[``), after leading white
space, as a workflow command: ``::error``, ``::add-mask::``, ``::stop-commands::`` and so
on. A manifest title or evidence path that reaches the log at the start of a line (raw,
after a newline in the text, or where the terminal view wraps a long line) would be run.

Two layers, both needed:

1. :class:`CommandSafeStream` wraps a stream and neutralises any line that would be read
   as a command, by putting a zero-width space in front of it. The runner trims only
   white space, so the line is printed, not run. This is the guarantee: it does not
   depend on the order in which the runner reads the two streams.
2. :class:`StopCommands` brackets the output with the runner's own ``::stop-commands::``
   mechanism and a token nobody can guess (so manifest text cannot end the pause early),
   as a second line of defence against command forms this module does not know.

iho-ready's own annotations (the ``github`` format) are written with
:meth:`CommandSafeStream.write_command`, outside any pause, so they still work.
"""

from __future__ import annotations

import re
import secrets
from typing import TextIO

NEUTRALISER = "\u200b"
"""Put before a line that would otherwise be a workflow command: invisible, and not white space."""

# The runner splits lines on CR, LF and CRLF; Python's splitlines also splits on VT, FF,
# FS, GS, RS, NEL and the Unicode separators. Checking after every one of them is safe.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PREFIXES = ("::", "##[")
# The runner trims leading white space (.NET char.IsWhiteSpace) before it looks for "::";
# Python's \s covers at least the same characters.
_COMMAND = re.compile(rf"(?:^|(?<=[{_BREAKS}]))(\s*)(?=::|##\[)")


def would_be_command(line: str) -> bool:
    """Whether the runner would read *line* as a workflow command."""
    return line.lstrip().startswith(_PREFIXES)


def neutralise(text: str) -> str:
    """*text* with every line that would be a workflow command made inert.

    Lines are split as the runner (and, more widely, as Python) splits them, so a carriage
    return or a Unicode line separator inside a value cannot start a command either.
    """
    return _COMMAND.sub(lambda m: m.group(1) + NEUTRALISER, text)


class CommandSafeStream:
    """A text stream wrapper that never lets a written line act as a workflow command.

    Whole lines are passed on as they are written; an unfinished last line is held until
    its end arrives or until :meth:`flush`, when a start that could still become a command
    (``:`` or ``#``) is neutralised to be safe.
    """

    def __init__(self, stream: TextIO):
        self.stream = stream
        self._held = ""  # an unfinished line
        self._at_start = True  # nothing but white space written on the current line yet

    def write(self, text: str) -> int:
        """Write *text*, neutralising any line that would be a workflow command."""
        data = self._held + text
        last = max(data.rfind(c) for c in _BREAKS)
        if last < 0:
            self._held = data
            return len(text)
        self._held = data[last + 1:]
        self._emit(data[:last + 1])
        self._at_start = True
        return len(text)

    def _emit(self, text: str) -> None:
        if self._at_start:
            self.stream.write(neutralise(text))
        else:  # the start of this text continues a line already decided to be safe
            self.stream.write(neutralise("x" + text)[1:])

    def flush(self) -> None:
        """Write out an unfinished line (made safe), then flush the underlying stream."""
        if self._held:
            held, self._held = self._held, ""
            stripped = held.lstrip()
            if self._at_start and stripped and any(p.startswith(stripped[:3]) for p in _PREFIXES):
                cut = len(held) - len(stripped)
                held = held[:cut] + NEUTRALISER + held[cut:]
            self._emit(held)
            self._at_start = self._at_start and not stripped
        self.stream.flush()

    def write_command(self, lines: str) -> None:
        """Write iho-ready's own workflow commands (already escaped), each on its own line."""
        self.flush()
        if not self._at_start:
            self.stream.write("\n")
        self.stream.write(lines if lines.endswith("\n") or not lines else lines + "\n")
        self._at_start = True
        self.stream.flush()

    def isatty(self) -> bool:
        """Whether the underlying stream is a terminal."""
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def __getattr__(self, name: str) -> object:
        # Everything else (encoding, buffer, fileno...) is the wrapped stream's.
        return getattr(self.stream, name)


class StopCommands:
    """The runner's ``::stop-commands::TOKEN`` ... ``::TOKEN::`` pause, with a secret token.

    While paused the runner runs no workflow command at all, whatever the text. The token
    is 32 random hex digits made for this run, so text written in a manifest cannot know
    it and cannot end the pause.
    """

    def __init__(self, token: str | None = None):
        self.token = token or secrets.token_hex(16)
        self.paused = False
        self._used = False

    def pause(self) -> str:
        """The line that pauses command processing (empty if already paused); a new token each time."""
        if self.paused:
            return ""
        self.paused = True
        self.token = secrets.token_hex(16) if self._used else self.token
        self._used = True
        return f"::stop-commands::{self.token}\n"

    def resume(self) -> str:
        """The line that resumes command processing (empty if not paused)."""
        if not self.paused:
            return ""
        self.paused = False
        return f"::{self.token}::\n"


class WorkflowCommandGuard:
    """Both standard streams made safe for a GitHub Actions log, for the length of one run.

    :meth:`start` wraps ``sys.stdout`` and ``sys.stderr`` in :class:`CommandSafeStream` and
    pauses command processing (on standard error, so a document piped from standard output
    to another program stays clean); :meth:`commands` lets iho-ready's own annotations
    through, un-pausing only around them; :meth:`close` resumes and restores the streams.
    """

    def __init__(self, stdout: TextIO, stderr: TextIO):
        self.original = (stdout, stderr)
        self.out = CommandSafeStream(stdout)
        self.err = CommandSafeStream(stderr)
        self.stop = StopCommands()

    def start(self) -> None:
        """Wrap the streams and pause command processing."""
        import sys

        sys.stdout, sys.stderr = self.out, self.err
        self.err.write_command(self.stop.pause())

    def commands(self, lines: str) -> None:
        """Write iho-ready's own workflow commands (the ``github`` format) to standard output, live."""
        self.err.flush()
        self.out.write_command(self.stop.resume() + lines + self.stop.pause())

    def close(self) -> None:
        """Flush, resume command processing and put the original streams back."""
        import sys

        self.out.flush()
        self.err.write_command(self.stop.resume())
        sys.stdout, sys.stderr = self.original
