"""Word output: a real document with headings and tables, and a clear message without the extra.

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
from tests.report.report_helpers import EXAMPLE, run_cli

MANIFEST = str(EXAMPLE / "manifest.yaml")
SECTIONS = ["Executive summary", "Recommendation", "Exceptions", "System view", "Detail by domain", "Action plan",
            "Evidence register", "Crosswalk coverage", "Appendix A: Criteria and sources", "Appendix B: Key"]


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


def test_word_report_has_the_board_paper_headings(word):
    document, _, _ = word
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "IHO designation readiness self-assessment")
    assert [text for style, text in headings if style == "Heading 2"] == SECTIONS
    assert ("Heading 3", "SV3 – Leadership and planning: Strategic vision for IHO to improve population health "
            "outcomes") in headings


def test_word_report_has_real_tables(word):
    document, _, markdown = word
    # One Word table for every Markdown table, with the same rows and columns.
    assert len(document.tables) == sum(1 for line in markdown.splitlines() if re.match(r"^\| -+ \|", line))
    cover = document.tables[0]
    assert [c.text for c in cover.rows[0].cells] == ["Meeting", "Trust Board (public session)"]
    assert ["Date of meeting", "6 November 2026"] in [[c.text for c in row.cells] for row in cover.rows]
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Ref" and len(t.columns) == 6)
    assert [c.text for c in plan.rows[0].cells] == ["Ref", "Gap", "Action", "Owner", "Due", "Status"]
    assert [row.cells[0].text for row in plan.rows[1:]] == ["A4", "A9", "A2", "A7", "A21", "A11", "A12", "A20"]
    assert plan.rows[1].cells[5].text == "At risk: overdue"
    assert all(t.style.name == "Table" for t in document.tables)


def test_word_report_uses_the_bundled_styles(word):
    document, _, _ = word
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297  # A4
    assert str(document.styles["Heading 1"].font.color.rgb) == "005EB8"  # NHS Blue
    borders = document.styles["Table"].element.xpath(".//w:tblBorders/w:insideH")
    assert borders, "tables should have grid lines"


def test_word_output_is_reproducible(word, tmp_path):
    _, first, _ = word
    second = tmp_path / "again.docx"
    assert run_cli("report", MANIFEST, "--format", "docx", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()


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
    assert 'pip install "iho-ready[docx]"' in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() == b"last month's report"


def test_without_the_extra_markdown_still_works(no_pypandoc, tmp_path):
    out = tmp_path / "report.md"
    done = run_cli("report", MANIFEST, "-o", str(out), env=no_pypandoc)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# IHO designation readiness self-assessment\n")


def test_pandoc_path_raises_a_clear_error_without_pypandoc(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypandoc", None)  # makes "import pypandoc" raise ImportError
    with pytest.raises(docx_render.DocxError, match=r'pip install "iho-ready\[docx\]"'):
        docx_render.to_docx("# Title\n", as_of=date(2026, 10, 31))


def test_reference_document_is_shipped():
    data = docx_render.reference_docx().read_bytes()
    assert data.startswith(b"PK")
    assert "word/styles.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
