"""Accessible documents: the structure a screen reader uses, read back from the PDF and the Word file.

PDF (pikepdf, the structure tree): PDF/UA-1 identification, the document language (en-GB), the
title shown in the window's title bar (DisplayDocTitle), headings, tables with header rows
(THead, TH) and the cover sheet with no header row. Word (python-docx): header rows that repeat
on every page, the first column marked on the tables whose rows it names, no header row on the
cover sheet, and page fields Word updates as it opens the file. Also the house style: NHS Blue
and Arimo by default, a trust's logo and colour when given.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.report.report_helpers import EXAMPLE, run_cli

MANIFEST = str(EXAMPLE / "manifest.yaml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _kids(node):
    import pikepdf

    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        return [k for k in kids if isinstance(k, pikepdf.Dictionary)]
    return [kids] if isinstance(kids, pikepdf.Dictionary) else []


def _elements(root):
    """Every structure element below *root*, in document order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if "/S" in node:
            yield node
        stack.extend(reversed(_kids(node)))


def _colours(content: bytes) -> set[str]:
    """The fill colours a page's content stream sets (``r g b sc`` or ``scn``), as ``#RRGGBB``."""
    found = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) scn?\b", content)
    return {"#" + "".join(f"{round(float(v) * 255):02X}" for v in rgb) for rgb in found}


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    pytest.importorskip("typst")
    pikepdf = pytest.importorskip("pikepdf", reason="reading the structure tree needs pikepdf (in the test extra)")
    out = tmp_path_factory.mktemp("ua") / "paper.pdf"
    done = run_cli("report", MANIFEST, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return pikepdf.open(str(out))


def test_the_pdf_says_it_is_pdf_ua_1_in_british_english_with_its_title_shown(tagged):
    root = tagged.Root
    assert str(root.Lang) == "en-GB"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert bool(root.MarkInfo.Marked) is True
    meta = tagged.open_metadata()
    assert meta.get("pdfuaid:part") == "1"
    assert meta.get("dc:title") == "IHO designation readiness self-assessment"


def test_the_pdf_tags_headings_in_order_and_tables_with_header_rows(tagged):
    elements = list(_elements(tagged.Root.StructTreeRoot))
    kinds = [str(e.S) for e in elements]
    headings = [k for k in kinds if k[:2] == "/H" and k[2:].isdigit()]
    assert headings[0] == "/H1" and headings.count("/H1") == 1
    assert all(int(b[2:]) <= int(a[2:]) + 1 for a, b in itertools.pairwise(headings))
    tables = [e for e in elements if str(e.S) == "/Table"]
    parts = [[str(p.S) for p in _kids(t)] for t in tables]
    # The cover sheet and the memorandum's declaration (declaration, meeting, minute) have no header
    # row; every other table has one, of header cells.
    headless = [n for n, p in enumerate(parts) if p[0] != "/THead"]
    assert len(headless) == 2 and headless[0] == 0, headless
    assert set(parts[0]) == {"/TR"} and len(parts[0]) >= 15
    assert parts[headless[1]] == ["/TR", "/TR", "/TR"]
    for table in (t for n, t in enumerate(tables) if n not in headless):
        head = _kids(table)[0]
        cells = [c for row in _kids(head) for c in _kids(row)]
        assert cells and {str(c.S) for c in cells} == {"/TH"}


def _first_cells(table) -> list[tuple[str, str | None]]:
    """The first cell of each body row: its tag and its table scope."""
    rows = [p for p in _kids(table) if str(p.S) == "/TR"]
    rows += [r for p in _kids(table) if str(p.S) == "/TBody" for r in _kids(p)]
    out = []
    for row in rows:
        cell = _kids(row)[0]
        scopes = [str(a.Scope) for a in cell.get("/A", []) if "/Scope" in a]
        out.append((str(cell.S), scopes[0] if scopes else None))
    return out


def test_the_pdf_tags_row_headers_where_the_first_column_names_the_row(tagged):
    from tests.report.test_report_document_model import example_report

    tables = [e for e in _elements(tagged.Root.StructTreeRoot) if str(e.S) == "/Table"]
    with_row_headers = [t for t in tables if set(_first_cells(t)) == {("/TH", "/Row")}]
    # The cover sheet, the key issues, the implications, the declaration (declaration, meeting, minute)
    # and its signatures, and the evidence register; no other table.
    assert with_row_headers[:3] == tables[:3] and len(with_row_headers) == 6
    assert [len(_first_cells(t)) for t in with_row_headers[3:5]] == [3, 2]
    assert len(_first_cells(with_row_headers[5])) == len(example_report().register)
    others = [t for t in tables if t not in with_row_headers]
    assert all(first[0] == "/TD" for t in others for first in _first_cells(t))


def test_the_pdf_uses_arimo_in_nhs_blue_at_a_readable_size(tagged):
    fonts = {str(font.BaseFont).split("+")[-1]
             for page in tagged.pages for font in page.Resources.Font.values()}
    assert fonts and all(name.startswith("Arimo") for name in fonts), fonts
    content = tagged.pages[1].Contents.read_bytes()
    assert "#005EB8" in _colours(content)  # NHS Blue headings
    assert b" 11 Tf" in content  # body text at 11 pt


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    docx = pytest.importorskip("docx")
    pytest.importorskip("pypandoc")
    out = tmp_path_factory.mktemp("ua-word") / "paper.docx"
    done = run_cli("report", MANIFEST, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return docx.Document(str(out))


def _look(table) -> dict[str, str]:
    look = table._tbl.tblPr.find(f"{W}tblLook")
    return {k.removeprefix(W): v for k, v in look.attrib.items()}


def _repeats(row) -> bool:
    props = row._tr.trPr
    return props is not None and props.find(f"{W}tblHeader") is not None


def test_word_tables_repeat_their_header_rows_and_mark_the_naming_column(word):
    tables = word.tables
    cover, key_issues, implications = tables[0], tables[1], tables[2]
    assert cover.rows[0].cells[0].text == "Meeting"
    assert not any(_repeats(row) for row in cover.rows)  # "Meeting | Trust Board" is not a header
    assert _look(cover)["firstRow"] == "0" and _look(cover)["firstColumn"] == "1"
    assert implications.rows[0].cells[0].text == "Implications" and _repeats(implications.rows[0])
    assert _look(implications)["firstColumn"] == "1"
    assert key_issues.rows[0].cells[0].text == "Key issues" and _look(key_issues)["firstColumn"] == "1"
    register = next(t for t in tables if [c.text for c in t.rows[0].cells][:2] == ["Ref", "Title"])
    assert _look(register)["firstColumn"] == "1"
    signatures = next(t for t in tables if t.rows[0].cells[0].text == "Signed for the board")
    assert _repeats(signatures.rows[0]) and _look(signatures)["firstColumn"] == "1"
    meeting = next(t for t in tables if t.rows[0].cells[0].text == "Declaration")
    assert [row.cells[0].text for row in meeting.rows] == ["Declaration", "Meeting", "Minute reference"]
    assert _look(meeting)["firstRow"] == "0" and _look(meeting)["firstColumn"] == "1"
    # The declaration stays on the page of its signatures (every paragraph of it kept with the next).
    assert meeting._tbl.xml.count("<w:keepNext/>") == 6
    others = [t for t in tables if t not in (cover, key_issues, implications, register, signatures, meeting)]
    assert others and all(_repeats(t.rows[0]) and _look(t)["firstColumn"] == "0" for t in others)


def test_word_updates_its_page_fields_on_opening(word):
    settings = word.settings.element
    update = settings.find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"


# --------------------------------------------------------------------------- the trust's own style


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
        '<rect width="120" height="60" fill="#DA291C"/></svg>')


def test_a_trusts_logo_and_colour_in_the_pdf(tmp_path):
    pytest.importorskip("typst")
    pikepdf = pytest.importorskip("pikepdf")
    logo = tmp_path / "logo.svg"
    logo.write_text(LOGO, encoding="utf-8")
    out = tmp_path / "paper.pdf"
    done = run_cli("report", MANIFEST, "-o", str(out), "--logo", str(logo), "--accent-colour", "#330072")
    assert done.returncode == 0, done.stderr
    with pikepdf.open(str(out)) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.S) == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["Northshire Community Health NHS Foundation Trust"]
        colours = _colours(pdf.pages[0].Contents.read_bytes())
        assert "#330072" in colours and "#005EB8" not in colours  # the headings' colour


def test_a_trusts_word_template_gives_its_styles(tmp_path):
    docx = pytest.importorskip("docx")
    pytest.importorskip("pypandoc")
    from iho_ready.report.docx import reference_docx

    mine = docx.Document(str(reference_docx()))
    mine.styles["Heading 1"].font.name = "Frutiger"
    reference = tmp_path / "trust.docx"
    mine.save(str(reference))
    out = tmp_path / "paper.docx"
    done = run_cli("report", MANIFEST, "-o", str(out), "--reference-doc", str(reference))
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(out)).styles["Heading 1"].font.name == "Frutiger"


@pytest.mark.parametrize(("args", "says"), [
    (["--accent-colour", "blue"], "--accent-colour takes a colour as #RRGGBB"),
    (["--logo", "logo.bmp"], "--logo takes a PNG, JPEG, GIF or SVG image"),
    (["--reference-doc", "t.docx", "--format", "pdf"], "--reference-doc applies to the docx paper"),
    (["--logo", "missing.png"], "missing.png"),
])
def test_house_style_options_that_cannot_be_used_say_why(tmp_path: Path, args, says):
    out = tmp_path / "paper.pdf"
    done = run_cli("report", MANIFEST, "-o", str(out), *args, cwd=tmp_path)
    assert done.returncode == 2
    assert says in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_the_pdf_cover_sheet_shades_its_naming_column_not_its_first_row():
    """The cover table has row headers (its first column), not a header row: in the Typst the PDF is
    typeset from, it has no ``table.header`` and its block shades column 0 instead of row 0."""
    pytest.importorskip("pypandoc")
    from iho_ready.render import RenderOptions
    from iho_ready.report import pdf
    from tests.report.test_report_document_model import example_report

    report = example_report()
    ast, _ = pdf.document_model(report, RenderOptions())
    source = pdf.to_typst(ast, report)
    cover = source.split("#[\n", 1)[1].split("\n]\n", 1)[0]
    assert "Meeting" in cover and "Position as at" in cover
    assert "#set table(fill: (x, _) => if x == 0 { pale-grey })" in cover
    assert 'table.cell.where(y: 0): set text(weight: "regular")' in cover
    assert "table.header" not in cover
