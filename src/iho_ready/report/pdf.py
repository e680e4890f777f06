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

import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConverterError
from ..render import RenderOptions
from .document import (
    document_title,
    drop_empty_headings,
    fill_values,
    furniture,
    mark_structure,
    page_starts,
    parse,
    run_pandoc,
    skeleton,
)
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
    """*text* as a Typst string literal (one line, clipped to fit a running header)."""
    return json.dumps(displayable(furniture(text)), ensure_ascii=False)


@cache
def _font_characters() -> frozenset[str]:
    """Every character the paper's font can show (its character map, read with fontTools)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_folder() / FONT_FILE), lazy=True)
    # Less the byte-order mark, which PDF/UA-1 forbids in text although the font maps it.
    return frozenset(chr(code) for code in font.getBestCmap()) - {"\ufeff"}


def displayable(text: str) -> str:
    """*text* with each character the font cannot show written as an escape (``\\u05ec``).

    PDF/UA-1 requires every character to be shown in a font, and Typst refuses a document where
    one is not; a trust's text is Latin script, so this shows up only for stray characters.
    """
    missing = set(text) - _font_characters()
    if not missing:
        return text
    return "".join(f"\\u{ord(c):04x}" if c in missing else c for c in text)


PAGE_BREAK = {"t": "RawBlock", "c": ["typst", "#pagebreak(weak: true)"]}

_TABLE_STYLE = {
    "row-headers": "#show table.cell.where(x: 0): set text(weight: \"bold\")",
    "no-header-row": "#set table(fill: (x, _) => if x == 0 { pale-grey })\n"
                     "#show table.cell.where(y: 0): set text(weight: \"regular\")",
    # A signature block: rows tall enough to sign in.
    "signatures": "#set table(inset: (x: 4pt, y: 2pt), rows: (auto, 0.95cm))",
}


def _around_table(marker: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A marked table's own style: shaded, bold row headers; no header row for a cover sheet; kept
    whole on the page of the table after it (a declaration and its signatures)."""
    words = marker.split()
    rules = [_TABLE_STYLE[word] for word in ("no-header-row", "row-headers", "signatures") if word in words]
    opening = "#block(sticky: true, breakable: false)[" if "keep-with-next" in words else "#["
    return {"t": "RawBlock", "c": ["typst", opening + "\n" + "\n".join(rules)]}, {"t": "RawBlock", "c": ["typst", "]"]}


def document_model(report: Report, options: RenderOptions) -> tuple[dict[str, Any], list[str]]:
    """pandoc's AST of the paper for Typst: its template's skeleton, each value a Typst string literal,
    a page of its own for the cover sheet and for each appendix; and each table's marker, in order."""
    shape = skeleton(report, options, PdfError)
    ast = parse(_pandoc(), shape, PdfError, INSTALL_HINT)
    tables = mark_structure(ast, shape.values, breaks_before=page_starts(report), page_break=PAGE_BREAK,
                            around_table=_around_table)
    return drop_empty_headings(fill_values(ast, [displayable(v) for v in shape.values], typst=True)), tables


def to_typst(ast: dict[str, Any], report: Report, style: Style | None = None) -> str:
    """The Typst source of the paper: pandoc's Typst writing of the AST, in the bundled template."""
    style = style or Style()
    variables = {
        "title-str": json.dumps(displayable(document_title(report)), ensure_ascii=False),
        "author-str": _literal(report.author or report.organisation),
        "header-str": _literal(report.header),
        "footer-str": _literal(report.footer),
        "confidential-str": _literal(CONFIDENTIAL_MARK),
        "accent": style.accent,
        "font": json.dumps(style.font),
    }
    # --wrap=none keeps each paragraph on one line (pandoc's own text never starts a line with a marker).
    arguments = ["--from=json", "--wrap=none", "--to=typst", f"--template={typst_template()}"]
    arguments += [f"--variable={name}:{value}" for name, value in variables.items()]
    if report.confidential:
        arguments.append("--variable=confidential:true")
    if style.logo:
        arguments.append(f"--variable=logo:{json.dumps(style.logo)}")
        arguments.append(f"--variable=logo-alt:{_literal(report.organisation)}")
    out = run_pandoc(_pandoc(), arguments, json.dumps(ast, ensure_ascii=False).encode("utf-8"), PdfError,
                     INSTALL_HINT)
    return out.decode("utf-8")


def _timestamp(report: Report) -> int:
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    as_of = report.as_of
    return int(datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC).timestamp())


def to_pdf(source: str, *, timestamp: int, style: Style | None = None) -> bytes:
    """Typeset Typst *source* with the bundled font only, dated *timestamp*, as PDF/UA-1; return its bytes."""
    typst = _typst()
    style = style or Style()
    with tempfile.TemporaryDirectory(prefix="iho-ready-") as folder:
        root = Path(folder)
        (root / "report.typ").write_text(source, encoding="utf-8")
        if style.logo_file is not None and style.logo is not None:
            shutil.copyfile(style.logo_file, root / style.logo)
        try:
            pdf: bytes = typst.compile(str(root / "report.typ"), root=str(root), format="pdf",
                                       font_paths=[str(font_folder())], ignore_system_fonts=True,
                                       timestamp=timestamp, pdf_tags=True, pdf_standards=["ua-1"])
        except Exception as e:  # the binding raises its own error types, not exported for matching
            raise PdfError(f"Typst could not typeset the report: {str(e).strip() or type(e).__name__}") from None
    return pdf


def font_folder() -> Path:
    """The folder of the paper's font, Arimo (metrically compatible with Arial, the NHS identity's
    font; SIL Open Font License), shipped by the ``fontpkg-arimo`` package of the pdf extra."""
    try:
        import fontpkg_arimo
    except ImportError:
        raise PdfError(f"PDF output needs the optional pdf extra (its font, Arimo): {INSTALL_HINT}") from None
    return Path(fontpkg_arimo.ROOT) / "files"


FONT_FILE = "Arimo[wght].ttf"
"""The upright font file (its italic has the same characters)."""


@dataclass(frozen=True)
class Style:
    """The PDF's house style: accent colour, font and an optional logo (top right of the cover)."""

    accent: str = "#005EB8"
    """Headings and rules: NHS Blue by default."""
    font: str = "Arimo"
    logo_file: Path | None = None

    @property
    def logo(self) -> str | None:
        """The logo's name beside the Typst source, keeping its extension (Typst reads the format from it)."""
        return None if self.logo_file is None else "logo" + self.logo_file.suffix.lower()


def render(report: Report, options: RenderOptions, /) -> bytes:
    """Render the board paper as PDF: its document model (:mod:`.document`), written as Typst by pandoc,
    typeset by Typst."""
    style = Style(accent=options.accent or Style.accent, logo_file=options.logo)
    ast, tables = document_model(report, options)
    pdf = to_pdf(to_typst(ast, report, style), timestamp=_timestamp(report), style=style)
    return with_row_headers(pdf, tables)


def with_row_headers(pdf: bytes, tables: list[str]) -> bytes:
    """Tag the first cell of each body row as a row header (``TH``, scope ``Row``) in the tables
    marked ``row-headers``, the *tables* (markers, in document order) that Typst tagged.

    Typst marks row headers only behind a feature flag its Python binding does not expose, so the
    structure tree is edited with pikepdf (part of the pdf extra); the pages are not touched.
    """
    if not any("row-headers" in marker.split() for marker in tables):
        return pdf
    try:
        import pikepdf
    except ImportError:
        raise PdfError(f"PDF output needs the optional pdf extra (pikepdf): {INSTALL_HINT}") from None
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = [e for e in _structure(document.Root.StructTreeRoot, pikepdf) if e.get("/S") == "/Table"]
        for element, marker in zip(found, tables, strict=False):
            if "row-headers" not in marker.split():
                continue
            for row in _body_rows(element, pikepdf):
                cells = _children(row, pikepdf)
                if cells and cells[0].get("/S") == "/TD":
                    _make_row_header(cells[0], pikepdf)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _make_row_header(cell: Any, pikepdf: Any) -> None:
    """Tag *cell* ``TH`` with scope ``Row``, keeping its other attributes (column headers, borders)."""
    cell.S = pikepdf.Name.TH
    given = cell.get("/A")
    attributes = list(given) if isinstance(given, pikepdf.Array) else ([given] if given is not None else [])
    table = next((a for a in attributes if isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table"), None)
    if table is None:
        table = pikepdf.Dictionary(O=pikepdf.Name.Table)
        attributes.append(table)
    table.Scope = pikepdf.Name.Row
    cell.A = pikepdf.Array(attributes)


def _children(node: Any, pikepdf: Any) -> list[Any]:
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    return [kids] if isinstance(kids, pikepdf.Dictionary) and "/S" in kids else []


def _structure(root: Any, pikepdf: Any) -> list[Any]:
    """Every structure element below *root*, in document order (iteratively)."""
    out: list[Any] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if "/S" in node:
            out.append(node)
        stack.extend(reversed(_children(node, pikepdf)))
    return out


def _body_rows(table: Any, pikepdf: Any) -> list[Any]:
    rows: list[Any] = []
    for part in _children(table, pikepdf):
        if part.get("/S") == "/TR":
            rows.append(part)
        elif part.get("/S") in ("/TBody", "/TFoot"):
            rows += [r for r in _children(part, pikepdf) if r.get("/S") == "/TR"]
    return rows
