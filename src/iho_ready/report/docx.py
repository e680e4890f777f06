"""The board report as a Word document, converted from the Markdown report by pandoc.

pandoc comes from the optional ``docx`` extra (iho-ready installed with ``[docx]``), whose
``pypandoc-binary`` package ships the pandoc program; it is imported only when Word output
is asked for, so the Markdown report never needs it. Styles (fonts, heading colours,
table borders) come from ``templates/reference.docx``; see ``tools/make_reference_docx.py``
for how that file is made.

The output is reproducible: pandoc stamps a Word file's creation date and its zip entries
from ``SOURCE_DATE_EPOCH``, which is set to the assessment date unless the caller's
environment already sets it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from ..errors import ConverterError
from ..render import RenderOptions
from .view import Report

INSTALL_HINT = ('install iho-ready with the docx extra from the source you pinned, e.g. '
                'pip install "iho-ready[docx] @ git+https://github.com/OWNER/iho-ready@COMMIT-SHA", '
                'or pip install ".[docx]" in a checkout (docs/ci.md, "Pinning a version")')
"""How to get Word output. Never a bare package name: iho-ready is installed from a pinned source."""


class DocxError(ConverterError):
    """Raised when Word output is not available or pandoc fails. The message says what to do."""


def reference_docx() -> Path:
    """The bundled reference document that gives the Word output its styles."""
    return Path(str(resources.files("iho_ready") / "templates" / "reference.docx"))


def pandoc_path() -> str:
    """The pandoc program shipped by ``pypandoc-binary``. Raises :class:`DocxError` without it."""
    try:
        import pypandoc
    except ImportError:
        raise DocxError(f"Word output needs the optional docx extra: {INSTALL_HINT}") from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        raise DocxError(f"pandoc was not found; reinstall the docx extra: {INSTALL_HINT}") from None


def to_docx(markdown: str, *, as_of: date, reference: Path | None = None) -> bytes:
    """Convert the Markdown report to a Word document and return its bytes.

    *as_of* dates the document when ``SOURCE_DATE_EPOCH`` is not set, so that the same
    input gives the same bytes.
    """
    pandoc = pandoc_path()
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(int(datetime(as_of.year, as_of.month, as_of.day,
                                                          tzinfo=UTC).timestamp())))
    with tempfile.TemporaryDirectory(prefix="iho-ready-") as folder:
        target = Path(folder) / "report.docx"
        # Pandoc's own Markdown reader, because it sizes table columns by the dashes in each
        # separator row (the template sets them in proportion; GitHub ignores them), which the
        # gfm reader does not: equal columns break words like "Readiness" in Word. --columns=10
        # makes every table use those proportions; -smart keeps quoted text exactly as written.
        # The report's escaping is tested against this reader as well as GitHub's.
        command = [pandoc, "--from=markdown-smart", "--columns=10", "--to=docx",
                   f"--reference-doc={reference or reference_docx()}", f"--output={target}"]
        try:
            done = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True, env=env,
                                  check=False)
        except OSError as e:
            raise DocxError(f"pandoc could not be run ({e.strerror}); reinstall it: {INSTALL_HINT}") from None
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
            raise DocxError(f"pandoc could not convert the report to Word: {detail}")
        return target.read_bytes()


def render(report: Report, options: RenderOptions, /) -> bytes:
    """Render the board paper as a Word document: the Markdown paper, converted by pandoc."""
    from .markdown import render as render_markdown

    return to_docx(render_markdown(report, options), as_of=report.as_of)
