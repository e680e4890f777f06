"""The board report as PDF: the Markdown paper, converted to Typst by pandoc, typeset by Typst.

Both come from the package index alone, through the optional ``pdf`` extra
(iho-ready installed with ``[pdf]``): ``pypandoc-binary`` ships the pandoc program and
``typst`` the Typst compiler as a Python module. No TeX, no system packages, no fonts to
install: Typst's built-in fonts are used and embedded, so the pages come out the same on
every machine. Page design (A4, header, footer, "Page X of Y", tables) is in
``templates/report.typ``.

The PDF is tagged (headings and tables are marked up for assistive technology), its text is
selectable, and its title and author are set. It is reproducible: its date is
``SOURCE_DATE_EPOCH`` when set, else the assessment date, so the same input gives the same
bytes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConverterError
from ..render import RenderOptions
from .view import CONFIDENTIAL_MARK, Report

INSTALL_HINT = ('install iho-ready with the pdf extra from the source you pinned, e.g. '
                'pip install "iho-ready[pdf] @ git+https://github.com/OWNER/iho-ready@COMMIT-SHA", '
                'or pip install ".[pdf]" in a checkout (docs/ci.md, "Pinning a version")')
"""How to get PDF output. Never a bare package name: iho-ready is installed from a pinned source."""


class PdfError(ConverterError):
    """Raised when PDF output is not available or the conversion fails. The message says what to do."""


def typst_template() -> Path:
    """The bundled pandoc template that gives the PDF its page design."""
    return Path(str(resources.files("iho_ready") / "templates" / "report.typ"))


def _pandoc() -> str:
    try:
        import pypandoc
    except ImportError:
        raise PdfError(f"PDF output needs the optional pdf extra: {INSTALL_HINT}") from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        raise PdfError(f"pandoc was not found; reinstall the pdf extra: {INSTALL_HINT}") from None


def _typst() -> Any:
    try:
        import typst
    except ImportError:
        raise PdfError(f"PDF output needs the optional pdf extra: {INSTALL_HINT}") from None
    return typst


def _literal(text: str) -> str:
    """*text* as a Typst string literal: shown as written, never read as markup."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def to_typst(markdown: str, report: Report) -> str:
    """The Typst source of the paper: pandoc's conversion of the Markdown, in the bundled template."""
    variables = {
        "title-str": _literal(report.title),
        "author-str": _literal(report.author or report.organisation),
        "header-str": _literal(report.header),
        "footer-str": _literal(report.footer),
        "confidential-str": _literal(CONFIDENTIAL_MARK),
    }
    # --columns=10 makes every table take its column widths from the Markdown (as for Word);
    # --wrap=none keeps each paragraph on one line, so that no wrapped word lands at the start of
    # a line where Typst would read it as markup ("1." as a numbered list).
    command = [_pandoc(), "--from=markdown-smart-citations", "--columns=10", "--wrap=none", "--to=typst",
               f"--template={typst_template()}"]
    command += [f"--variable={name}:{value}" for name, value in variables.items()]
    if report.confidential:
        command.append("--variable=confidential:true")
    try:
        done = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True, check=False)
    except OSError as e:
        raise PdfError(f"pandoc could not be run ({e.strerror}); reinstall it: {INSTALL_HINT}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise PdfError(f"pandoc could not convert the report for PDF: {detail}")
    source = _escape_block_starts(done.stdout.decode("utf-8"))
    # The appendices start on a new page, so that the paper and its appendices part cleanly.
    heading = report.appendices.get("detail")
    if heading:
        source = re.sub(rf"^(== {re.escape(heading.split(':')[0])}\b)", r"#pagebreak(weak: true)\n\1", source,
                        count=1, flags=re.M)
    return source


_BLOCK_START = re.compile(r"(?<=\[)(?=(?:[-+=/]|\d+\.)(?:[ \t]|$))", re.M)


def _escape_block_starts(source: str) -> str:
    """Escape a list, heading or term marker at the start of a content block (a table cell).

    Typst reads ``[- text]`` or ``[1. text]`` as a list, and pandoc escapes such markers only at
    the start of a line, so a cell whose text begins "1. " or "- " (an agenda item, a title)
    would be typeset as a list. The backslash makes Typst show the character as written.
    """
    return _BLOCK_START.sub("\\\\", source)


def _timestamp(report: Report) -> int:
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    as_of = report.as_of
    return int(datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC).timestamp())


def to_pdf(source: str, *, timestamp: int) -> bytes:
    """Typeset Typst *source* with the built-in fonts only, dated *timestamp*; return the PDF's bytes."""
    typst = _typst()
    try:
        pdf: bytes = typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True,
                                   timestamp=timestamp, pdf_tags=True)
    except Exception as e:  # the binding raises its own error types, not exported for matching
        raise PdfError(f"Typst could not typeset the report: {str(e).strip() or type(e).__name__}") from None
    return pdf


def render(report: Report, options: RenderOptions, /) -> bytes:
    """Render the board paper as PDF: the Markdown paper, through pandoc and Typst."""
    from .markdown import render as render_markdown

    return to_pdf(to_typst(render_markdown(report, options), report), timestamp=_timestamp(report))
