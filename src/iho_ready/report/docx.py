"""The board report as a Word document, converted from the Markdown report by pandoc.

pandoc comes from the optional ``docx`` extra (iho-ready installed with ``[docx]``), whose
``pypandoc-binary`` package ships the pandoc program; it is imported only when Word output
is asked for, so the Markdown report never needs it. Styles (fonts, heading colours,
table borders) come from ``templates/reference.docx``; see ``tools/make_reference_docx.py``
for how that file is made.

Page furniture is added after pandoc, which cannot template it: a header on every page
(trust, meeting and date, session, agenda item, and the confidential marking of a private
paper), a footer with the security classification, the freedom-of-information status and
"Page X of Y" (Word fields, which Word and LibreOffice compute as they lay out the pages),
and the document's title and author properties.

The output is reproducible: pandoc stamps a Word file's creation date and its zip entries
from ``SOURCE_DATE_EPOCH``, which is set to the assessment date unless the caller's
environment already sets it; the added parts reuse those stamps.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import zipfile
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

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
        # makes every table use those proportions; -smart keeps quoted text exactly as written, and
        # -citations keeps an @ in a manifest's text as text rather than a citation.
        # The report's escaping is tested against this reader as well as GitHub's.
        command = [pandoc, "--from=markdown-smart-citations", "--columns=10", "--to=docx",
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
    """Render the board paper as a Word document: the Markdown paper, converted by pandoc, with
    its page furniture and document properties."""
    from .markdown import render as render_markdown

    return furnish(to_docx(render_markdown(report, options), as_of=report.as_of), report)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_GREY = "425563"  # NHS dark grey
_RED = "DA291C"  # NHS emergency services red, for the confidential marking


def _run(text: str, *, bold: bool = False, color: str = _GREY) -> str:
    props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:color w:val="{color}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    """A Word field (``PAGE``, ``NUMPAGES``): Word and LibreOffice compute it on every page."""
    props = f'<w:rPr><w:color w:val="{_GREY}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    return (f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{props}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{props}<w:t>{shown}</w:t></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')


def _paragraph(runs: str, align: str = "left") -> str:
    return f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/></w:pPr>{runs}</w:p>'


def _part(tag: str, paragraphs: list[str]) -> bytes:
    body = "".join(paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{tag} xmlns:w="{_W}" xmlns:r="{_R}">{body}</w:{tag}>').encode()


def header_footer(report: Report) -> tuple[bytes, bytes]:
    """The header and footer parts of every page."""
    from .view import CONFIDENTIAL_MARK

    header = [_paragraph(_run(report.header))]
    if report.confidential:
        header.append(_paragraph(_run(CONFIDENTIAL_MARK, bold=True, color=_RED)))
    footer = [_paragraph(_run(report.footer)),
              _paragraph(_run("Page ") + _field("PAGE", "1") + _run(" of ") + _field("NUMPAGES", "1"), "right")]
    return _part("hdr", header), _part("ftr", footer)


def _appendices_on_a_new_page(document: str, heading: str | None) -> str:
    """Start the first appendix on a new page, so that the paper and its appendices part cleanly."""
    if heading is None:
        return document
    paragraph = re.compile(r'<w:p><w:pPr><w:pStyle w:val="Heading2" ?/>((?:(?!</w:p>).)*?)</w:p>', re.S)
    for found in paragraph.finditer(document):
        if re.sub(r"<[^>]+>", "", found.group(1)) == escape(heading):
            at = found.start() + len('<w:p><w:pPr>')
            return document[:at] + '<w:pStyle w:val="Heading2" /><w:pageBreakBefore />' + \
                document[document.index("/>", at) + 2:]
    return document


def furnish(docx: bytes, report: Report) -> bytes:
    """Add the header, the footer and the title and author properties to pandoc's Word file."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    infos = source.infolist()
    parts = {info.filename: source.read(info.filename) for info in infos}
    header, footer = header_footer(report)
    parts["word/header1.xml"], parts["word/footer1.xml"] = header, footer

    types = parts["[Content_Types].xml"].decode("utf-8")
    kinds = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = types.replace("</Types>", f'<Override PartName="/word/header1.xml" ContentType="{kinds}.header+xml" />'
                                      f'<Override PartName="/word/footer1.xml" ContentType="{kinds}.footer+xml" />'
                                      "</Types>")
    parts["[Content_Types].xml"] = types.encode("utf-8")

    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>",
                        f'<Relationship Type="{_REL}/header" Id="rIdIhoHeader" Target="header1.xml" />'
                        f'<Relationship Type="{_REL}/footer" Id="rIdIhoFooter" Target="footer1.xml" />'
                        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")

    document = parts["word/document.xml"].decode("utf-8")
    at = document.rfind("<w:sectPr")
    opened = document.index(">", at) + 1
    references = ('<w:headerReference w:type="default" r:id="rIdIhoHeader" />'
                  '<w:footerReference w:type="default" r:id="rIdIhoFooter" />')
    document = document[:opened] + references + document[opened:]
    document = _appendices_on_a_new_page(document, report.appendices.get("detail"))
    # Header and footer sit 1 cm from the edge of the page, inside the 2 cm margins.
    document = re.sub(r"(<w:pgMar [^>]*?)\s*/>", r'\1 w:header="567" w:footer="567" w:gutter="0" />', document)
    if 'xmlns:r="' not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{_R}" ', 1)
    parts["word/document.xml"] = document.encode("utf-8")

    core = parts["docProps/core.xml"].decode("utf-8")
    # A function as the replacement, so that a backslash in a title is not read as a group reference.
    title = f"<dc:title>{escape(report.title)}</dc:title>"
    core = re.sub(r"<dc:title>.*?</dc:title>|<dc:title\s*/>", lambda _: title, core, flags=re.S)
    author = f"<dc:creator>{escape(report.author or report.organisation)}</dc:creator>"
    core = re.sub(r"<dc:creator>.*?</dc:creator>|<dc:creator\s*/>", lambda _: author, core, flags=re.S)
    parts["docProps/core.xml"] = core.encode("utf-8")

    stamp = infos[0].date_time
    names = [info.filename for info in infos] + ["word/header1.xml", "word/footer1.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, parts[name])
    return out.getvalue()
