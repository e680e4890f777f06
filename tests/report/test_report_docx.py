"""Word output: a paper filed as it comes out, read back with python-docx as Word would show it.

Real headings (a navigable outline), real tables that fit A4 portrait without breaking a word,
a header and a footer on every page with "Page X of Y", title and author properties, the
confidential marking of a private paper, and the same bytes every time.

The round-trip tests need the ``docx`` extra (pypandoc-binary, python-docx), which the
``test`` extra also installs; they are skipped only where it is absent.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from iho_ready.report import docx as docx_render
from iho_ready.report.view import CONFIDENTIAL_MARK
from tests.report.report_helpers import EXAMPLE, run_cli

MANIFEST = str(EXAMPLE / "manifest.yaml")
SECTIONS = ["Cover sheet", "1. Executive summary", "2. Recommendation",
            "3. Board statements: memorandum of supporting evidence", "4. Exceptions", "5. Actions for the board",
            "Appendix A: Detail by domain", "Appendix B: What NHS England will weigh beyond the criteria",
            "Appendix C: System view: partners' statements", "Appendix D: Full action plan",
            "Appendix E: Evidence register", "Appendix F: How one set of criteria covers another",
            "Appendix G: Criteria and sources", "Appendix H: Key", "Appendix I: Glossary"]
HEADER = ("Northshire Community Health NHS Foundation Trust | Trust Board, 6 November 2026 | Public session | "
          "Agenda item PUB/26/11/8")
FOOTER = "OFFICIAL | FOI: Disclosable: published with the papers for the public session"

# A4 portrait with 2 cm margins: the width tables are laid out in (twentieths of a point).
TEXT_WIDTH_TWIPS = 11906 - 2 * 1134
CELL_MARGINS_PT = 2 * 108 / 20
TABLE_FONT_PT = 9.5
# Arial's advance widths in thousandths of an em (the widest of each class, so the estimate errs
# towards reporting a break): enough to tell whether a word fits its column.
_NARROW = set("ijlI.,;:'!|()[]{} ")
_MEDIUM = set("frt-/")
_WIDE = set("mwMW@%")


def _width_pt(word: str, size: float, bold: bool) -> float:
    units = 0.0
    for ch in word:
        if ch in _NARROW:
            units += 278
        elif ch in _MEDIUM:
            units += 333
        elif ch in _WIDE:
            units += 944
        elif ch.isupper():
            units += 722
        else:
            units += 556
    return units / 1000 * size * (1.06 if bold else 1.0)


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    """The example report as Word (inferred from the name), read back with python-docx."""
    pytest.importorskip("pypandoc")
    docx = pytest.importorskip("docx")
    folder = tmp_path_factory.mktemp("word")
    out, markdown = folder / "report.docx", folder / "report.md"
    done = run_cli("report", MANIFEST, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert run_cli("report", MANIFEST, "-o", str(markdown)).returncode == 0
    return docx.Document(str(out)), out, markdown.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def private_word(tmp_path_factory):
    docx = pytest.importorskip("docx")
    pytest.importorskip("pypandoc")
    out = tmp_path_factory.mktemp("private") / "private.docx"
    done = run_cli("report", MANIFEST, "--audience", "private", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return docx.Document(str(out))


def test_word_report_has_the_board_paper_headings(word):
    document, _, _ = word
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "IHO designation readiness self-assessment")
    assert [text for style, text in headings if style == "Heading 2"] == SECTIONS
    assert ("Heading 3", "SV3 (digital and analytical capability)") in headings  # under its domain, named once for its group of statements


def test_the_cover_sheet_and_each_appendix_have_pages_of_their_own(word):
    document, _, _ = word
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == [SECTIONS[1]] + [s for s in SECTIONS if s.startswith("Appendix")]


def test_word_report_has_real_tables(word):
    document, _, markdown = word
    # One Word table for every Markdown table, with the same rows and columns.
    assert len(document.tables) == sum(1 for line in markdown.splitlines() if re.match(r"^\| -+ \|", line))
    cover = document.tables[0]
    assert [c.text for c in cover.rows[0].cells] == ["Meeting", "Trust Board"]
    assert ["Date of meeting", "6 November 2026"] in [[c.text for c in row.cells] for row in cover.rows]
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Ref" and len(t.columns) == 6)
    assert [c.text for c in plan.rows[0].cells] == ["Ref", "Shortfall", "Action", "Owner", "Due", "Status"]
    assert [row.cells[0].text for row in plan.rows[1:]] == ["A4", "A9", "A2", "A7", "A21", "A11", "A12", "A20"]
    assert plan.rows[1].cells[5].text == "At risk: overdue"
    assert all(t.style.name == "Table" for t in document.tables)


def test_every_page_has_the_header_and_the_footer_with_page_x_of_y(word):
    document, _, _ = word
    assert len(document.sections) == 1  # one section: its header and footer are on every page
    section = document.sections[0]
    assert not section.different_first_page_header_footer
    assert [p.text for p in section.header.paragraphs] == [HEADER]
    footer = [p.text for p in section.footer.paragraphs]
    assert footer == [FOOTER, "Page 1 of 1"]  # the numbers are fields, computed as the pages are laid out
    fields = [t.text.strip() for t in section.footer._element.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]


def test_the_document_has_a_title_and_an_author(word):
    document, _, _ = word
    assert document.core_properties.title == "IHO designation readiness self-assessment"
    assert document.core_properties.author == "Head of Corporate Governance"


def test_a_private_paper_is_marked_confidential_on_every_page(private_word):
    section = private_word.sections[0]
    header = [p.text for p in section.header.paragraphs]
    assert header == [HEADER.replace("Public session | Agenda item PUB/26/11/8",
                                     "Private session | Agenda item PRIV/26/11/4"), CONFIDENTIAL_MARK]
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE | Confidential: private session | FOI: " \
                                                "Not for publication: exemptions under sections 36 and 43 may apply"
    cover = private_word.tables[0]
    assert ["Session", "Private (confidential)"] in [[c.text for c in row.cells] for row in cover.rows]


def test_tables_fit_a4_portrait_without_breaking_a_word(word):
    """Every word fits the width its column gets on an A4 page, so neither Word nor LibreOffice
    breaks it mid-word ("Novemb/er", "Versi/on"). Long web addresses may break at a slash."""
    document, _, _ = word
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    broken = []
    for number, table in enumerate(document.tables):
        grid = [int(c.get(f"{w}w")) for c in table._tbl.iter(f"{w}gridCol")]
        widths = [g / sum(grid) * TEXT_WIDTH_TWIPS / 20 - CELL_MARGINS_PT for g in grid]
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                for word_ in re.split(r"[\s/–-]+", cell.text):
                    if "://" in word_ or word_.startswith("www."):  # web addresses break where they must
                        continue
                    if _width_pt(word_, TABLE_FONT_PT, bold=r == 0) > widths[c]:
                        broken.append((number, table.rows[0].cells[c].text, word_, round(widths[c])))
    assert broken == [], "\n".join(map(str, broken))


def test_the_check_can_fail():
    # A word as wide as a narrow column, measured as the test measures it.
    assert _width_pt("Responsibilities", TABLE_FONT_PT, bold=True) > 60
    assert _width_pt("Ref", TABLE_FONT_PT, bold=True) < 20


def test_word_output_is_reproducible(word, tmp_path):
    _, first, _ = word
    second = tmp_path / "again.docx"
    assert run_cli("report", MANIFEST, "--format", "docx", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    third = tmp_path / "epoch.docx"
    assert run_cli("report", MANIFEST, "-o", str(third), env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    fourth = tmp_path / "epoch-again.docx"
    assert run_cli("report", MANIFEST, "-o", str(fourth), env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    assert third.read_bytes() == fourth.read_bytes()


def test_word_to_stdout(word):
    raw = subprocess.run([sys.executable, "-m", "iho_ready", "report", MANIFEST, "--format", "docx"],
                         capture_output=True, check=True).stdout
    assert raw.startswith(b"PK") and raw == word[1].read_bytes()


# --------------------------------------------------------------------------- without the extra


@pytest.fixture
def no_pypandoc(tmp_path):
    """A PYTHONPATH entry under which ``import pypandoc`` fails, as it does without the extra."""
    blocker = tmp_path / "blocked" / "pypandoc"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('pypandoc is not installed')\n", encoding="utf-8")
    return {"PYTHONPATH": str(blocker.parent)}


def test_without_the_extra_word_output_says_how_to_get_it(no_pypandoc, tmp_path):
    out = tmp_path / "report.docx"
    out.write_bytes(b"last month's report")
    done = run_cli("report", MANIFEST, "-o", str(out), env=no_pypandoc)
    assert done.returncode == 2
    assert docx_render.INSTALL_HINT in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() == b"last month's report"


def test_without_the_extra_markdown_still_works(no_pypandoc, tmp_path):
    out = tmp_path / "report.md"
    done = run_cli("report", MANIFEST, "-o", str(out), env=no_pypandoc)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# IHO designation readiness self-assessment\n")


def test_pandoc_path_raises_a_clear_error_without_pypandoc(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypandoc", None)  # makes "import pypandoc" raise ImportError
    with pytest.raises(docx_render.DocxError, match=re.escape(docx_render.INSTALL_HINT)):
        docx_render.to_docx("# Title\n", as_of=date(2026, 10, 31))


def test_reference_document_is_shipped():
    data = docx_render.reference_docx().read_bytes()
    assert data.startswith(b"PK")
    assert "word/styles.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
