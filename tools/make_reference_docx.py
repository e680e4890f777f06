"""Make ``src/iho_ready/templates/reference.docx``, the styles for the Word board report.

Run from the repository root, with the docx extra installed::

    python tools/make_reference_docx.py

It starts from pandoc's own reference document (``pandoc --print-default-data-file
reference.docx``, from the pandoc that ``pypandoc-binary`` ships), then sets what a board
pack expects: A4 pages with 2 cm margins, Arial throughout, NHS Blue headings, British
English, and tables with a light grid and a shaded header row. The zip is written with
fixed timestamps and a fixed order, so running it again with the same pandoc gives the
same bytes.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pypandoc
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parents[1] / "src" / "iho_ready" / "templates" / "reference.docx"
FONT = "Arial"
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
GRID = "AEB7BD"  # NHS mid grey
HEADER_FILL = "E8EDEE"  # NHS pale grey
HEADING_SIZES = {1: 16, 2: 14, 3: 12, 4: 11, 5: 11}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
TABLE_SIZE_HALF_POINTS = 19  # 9.5 pt


def _plain_fonts(element) -> None:
    """Use Arial explicitly, dropping the theme-font attributes that would override it."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith(("Theme", "theme")):
            del fonts.attrib[attr]
    for side in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{side}"), FONT)


def build() -> bytes:
    """The styled reference document's bytes."""
    default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    doc = Document(io.BytesIO(default))

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for side in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{side}"), FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr_default.find(qn(tag)).set(qn("w:val"), "22")  # 11 pt
    rpr_default.find(qn("w:lang")).set(qn("w:val"), "en-GB")

    for level, size in HEADING_SIZES.items():
        style = doc.styles[f"Heading {level}"]
        _plain_fonts(style.element)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = NHS_BLUE
        if level > 1:
            style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(6), Pt(2)
    # Paragraphs 4 pt apart (pandoc's default is 9 pt above and 9 pt below), headings 6 pt below the
    # text before them and 2 pt above their own, as board papers set them, so that the short paper
    # keeps within its six pages.
    body = doc.styles["Body Text"].paragraph_format
    body.space_before, body.space_after = Pt(0), Pt(4)
    # Table cells and tight lists (pandoc's "Compact" paragraphs) take no space of their own above
    # or below (pandoc's default is 1.8 pt each side, which adds up over a paper of tables), and a
    # quoted statement (pandoc's "Block Text") is indented on the left only, 3 pt above and below.
    compact = doc.styles["Compact"].paragraph_format
    compact.space_before, compact.space_after = Pt(0), Pt(0)
    quoted = doc.styles["Block Text"].paragraph_format
    quoted.space_before, quoted.space_after = Pt(3), Pt(3)
    quoted.left_indent, quoted.right_indent = Mm(6), Mm(0)

    title = doc.styles["Title"]
    _plain_fonts(title.element)
    title.font.color.rgb = NHS_BLUE

    table = doc.styles["Table"].element
    tbl_pr = table.find(qn("w:tblPr"))
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{GRID}"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl_pr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    # Cells 0.1 cm in from their borders on the left and the right (Word's default is 0.19 cm), as
    # the PDF sets them; none above or below (Word's default: a line's own spacing is enough).
    margins = tbl_pr.find(qn("w:tblCellMar"))
    for side, twips in (("top", 0), ("left", 57), ("bottom", 0), ("right", 57)):
        margins.find(qn(f"w:{side}")).set(qn("w:w"), str(twips))
    # Table text a size smaller than the body (9.5 pt), as board packs set their tables, so that
    # the short paper fits its pages; the table style carries it, so Word and LibreOffice agree.
    table_rpr = table.find(qn("w:rPr"))
    if table_rpr is None:
        table_rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        table.insert(list(table).index(tbl_pr), table_rpr)  # schema order: rPr before tblPr
    for tag in ("w:sz", "w:szCs"):
        table_rpr.append(parse_xml(f'<{tag} {nsdecls("w")} w:val="{TABLE_SIZE_HALF_POINTS}"/>'))
    # Lines in a table 0.95 of single spacing: Arial's single spacing is generous for table text.
    table_ppr = parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:line="228" w:lineRule="auto"/></w:pPr>')
    table.insert(list(table).index(table_rpr), table_ppr)  # schema order: pPr, rPr, tblPr
    first_row = table.find(qn("w:tblStylePr"))
    first_row.append(parse_xml(f"<w:rPr {nsdecls('w')}><w:b/></w:rPr>"))
    first_row.find(qn("w:tcPr")).append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'))
    # The first column of a table whose rows it names (the cover sheet, the implications, the
    # evidence register: iho-ready sets "first column" on those tables) is bold on pale grey too.
    first_column = parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstCol"><w:rPr><w:b/></w:rPr><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr></w:tblStylePr>')
    first_row.addnext(first_column)

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))

    core = doc.core_properties
    core.title, core.author, core.last_modified_by = "", "", ""
    core.created = core.modified = datetime(2000, 1, 1)
    core.revision = 1

    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, so that the bytes depend only on content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    TARGET.write_bytes(build())
    sys.stdout.write(f"wrote {TARGET}\n")
