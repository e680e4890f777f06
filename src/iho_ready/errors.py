"""The one exception base of iho-ready, and the errors that are not about an input file.

Every error the command line turns into an exit code derives from :class:`IhoReadyError`,
so ``cli.main`` needs one ``except`` for all of them and anything else is a bug. The
errors that carry located problems with an input file (:class:`~iho_ready.diagnostics.InputError`)
live beside :class:`~iho_ready.diagnostics.Diagnostic`; the ones here carry one sentence.
"""

from __future__ import annotations


class IhoReadyError(Exception):
    """Base of every error iho-ready reports to a user rather than as a bug.

    Raised only through a subclass. The CLI prints the message (or, for an
    :class:`~iho_ready.diagnostics.InputError`, each diagnostic) and exits with code 2.
    """


class UsageError(IhoReadyError):
    """An option value that cannot be used (a bad date, a contradiction, an unknown id).

    Raised by the application layer and the CLI while reading options; exit code 2.
    """


class OutputError(IhoReadyError):
    """An output that cannot be written (a missing folder, no permission, a full disk).

    Raised by :mod:`iho_ready.output` and the CLI's writer; exit code 2, and nothing is
    left half-written.
    """


class GitRefError(IhoReadyError):
    """git cannot give the manifest at a ref (no repository, unknown ref, no git).

    Raised by :mod:`iho_ready.git_refs` for ``report --since``; exit code 2.
    """


class ConverterError(IhoReadyError):
    """A document converter (pandoc, for Word) is missing or fails.

    Raised by :mod:`iho_ready.report.docx`; the message says what to install; exit code 2.
    """
