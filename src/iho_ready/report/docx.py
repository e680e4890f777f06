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

import html
import io
import json
import os
import re
import tempfile
import zipfile
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import ConverterError
from ..render import RenderOptions
from .document import (
    document_title,
    fill_values,
    furniture,
    mark_structure,
    page_starts,
    parse,
    plain,
    run_pandoc,
    skeleton,
)
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


def _environment(as_of: date) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(int(datetime(as_of.year, as_of.month, as_of.day,
                                                          tzinfo=UTC).timestamp())))
    return env


def to_docx(ast: dict[str, Any], *, as_of: date, reference: Path | None = None) -> bytes:
    """Write pandoc's AST of the paper (values already in it) as a Word document; return its bytes.

    *as_of* dates the document when ``SOURCE_DATE_EPOCH`` is not set, so that the same
    input gives the same bytes.
    """
    pandoc = pandoc_path()
    with tempfile.TemporaryDirectory(prefix="iho-ready-") as folder:
        target = Path(folder) / "report.docx"
        arguments = ["--from=json", "--to=docx", f"--reference-doc={reference or reference_docx()}",
                     f"--output={target}"]
        run_pandoc(pandoc, arguments, json.dumps(ast, ensure_ascii=False).encode("utf-8"), DocxError,
                   INSTALL_HINT, env=_environment(as_of))
        return target.read_bytes()


def render(report: Report, options: RenderOptions, /) -> bytes:
    """Render the board paper as a Word document: the paper's template with a token for every
    value, parsed by pandoc, the values put back as text, then its page furniture and document
    properties (:mod:`.document`)."""
    shape = skeleton(report, options, DocxError)
    ast = parse(pandoc_path(), shape, DocxError, INSTALL_HINT)
    tables = mark_structure(ast, shape.values, breaks_before=set(), page_break=None)
    fill_values(ast, shape.values, typst=False)
    return furnish(to_docx(ast, as_of=report.as_of, reference=options.reference_doc), report, tables)


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
    """The header and footer parts of every page (each line clipped to fit: :data:`FURNITURE_CHARS`)."""
    from .view import CONFIDENTIAL_MARK

    header = [_paragraph(_run(furniture(report.header)))]
    if report.confidential:
        header.append(_paragraph(_run(CONFIDENTIAL_MARK, bold=True, color=_RED)))
    footer = [_paragraph(_run(furniture(report.footer))),
              _paragraph(_run("Page ") + _field("PAGE", "1") + _run(" of ") + _field("NUMPAGES", "1"), "right")]
    return _part("hdr", header), _part("ftr", footer)


_HEADING2 = re.compile(r'<w:p><w:pPr><w:pStyle w:val="Heading2" ?/>((?:(?!</w:p>).)*?)</w:p>', re.S)


def _pages_start_at(document: str, headings: set[str]) -> str:
    """Start a new page at each level-2 heading named in *headings* (the first section, so that
    the cover sheet has a page of its own, and every appendix)."""
    wanted = {plain(h) for h in headings}
    out: list[str] = []
    at = 0
    for found in _HEADING2.finditer(document):
        if html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) in wanted:
            style = found.start() + len("<w:p><w:pPr>")
            out.append(document[at:style])
            out.append('<w:pStyle w:val="Heading2" /><w:pageBreakBefore />')
            at = document.index("/>", style) + 2
    out.append(document[at:])
    return "".join(out)


_TABLE_LOOK = re.compile(r"<w:tblLook [^>]*/>")
_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_SIGNING_ROW = '<w:trPr><w:trHeight w:val="539" /></w:trPr>'
"""A body row of a signature block: 0.95 cm tall (as in the PDF), room to sign in."""


def _look(marker: list[str]) -> str:
    first_row = "0" if "no-header-row" in marker else "1"
    first_column = "1" if "row-headers" in marker else "0"
    val = 0x0400 | (0x0020 if first_row == "1" else 0) | (0x0080 if first_column == "1" else 0)  # the same bits
    return (f'<w:tblLook w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="{first_column}" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="0" w:val="{val:04X}" />')


def _mark_tables(document: str, tables: list[str]) -> str:
    """Mark the first column of each table whose first column names its rows (Word's "First
    column" table style option), say which have no header row, give a signature block's rows
    room to sign in, and keep a table marked keep-with-next on the page of the next."""
    markers = iter(tables)

    def mark(found: re.Match[str]) -> str:
        marker = next(markers, "").split()
        table = _TABLE_LOOK.sub(lambda _: _look(marker), found.group(0), count=1)
        if "signatures" in marker:  # body rows only: the header row already has its properties
            table = table.replace("<w:tr><w:tc>", f"<w:tr>{_SIGNING_ROW}<w:tc>")
        if "keep-with-next" in marker:  # every paragraph kept with the next: the table stays with the one after
            table = table.replace("<w:pPr><w:pStyle w:val=\"Compact\" /></w:pPr>",
                                  "<w:pPr><w:pStyle w:val=\"Compact\" /><w:keepNext /></w:pPr>")
        return table

    return _TABLE.sub(mark, document)


_BETWEEN_TABLES = re.compile(r"</w:tbl>(\s*)<w:p\s*/>(\s*)<w:tbl>")
_GAP = '<w:p><w:pPr><w:keepNext /><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact" /></w:pPr></w:p>'
"""The paragraph that keeps two tables apart: 6 pt, where pandoc's empty one takes a line and 10 pt."""


def furnish(docx: bytes, report: Report, tables: list[str] | None = None) -> bytes:
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
    document = _mark_tables(_pages_start_at(document, page_starts(report)), tables or [])
    document = _BETWEEN_TABLES.sub(lambda m: f"</w:tbl>{m.group(1)}{_GAP}{m.group(2)}<w:tbl>", document)
    # Header and footer sit 1 cm from the edge of the page, inside the 2 cm margins.
    document = re.sub(r"(<w:pgMar [^>]*?)\s*/>", r'\1 w:header="567" w:footer="567" w:gutter="0" />', document)
    if 'xmlns:r="' not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{_R}" ', 1)
    parts["word/document.xml"] = document.encode("utf-8")

    # Word computes "Page X of Y" as it opens the file (LibreOffice always does).
    settings = parts["word/settings.xml"].decode("utf-8")
    if "<w:updateFields" not in settings:
        settings = re.sub(r"(<w:settings\b[^>]*>)", lambda m: m.group(1) + '<w:updateFields w:val="true" />', settings,
                          count=1)
    parts["word/settings.xml"] = settings.encode("utf-8")

    core = parts["docProps/core.xml"].decode("utf-8")
    # A function as the replacement, so that a backslash in a title is not read as a group reference.
    title = f"<dc:title>{escape(document_title(report))}</dc:title>"
    core = re.sub(r"<dc:title>.*?</dc:title>|<dc:title\s*/>", lambda _: title, core, flags=re.S)
    author = f"<dc:creator>{escape(furniture(report.author or report.organisation))}</dc:creator>"
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
