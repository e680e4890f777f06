"""PDF output: the paper as a reader's software sees it, read back with pypdf.

The short paper fits six A4 pages, every page has the header and the footer with "Page X of
Y", the text is selectable, the fonts are embedded, the headings are tagged and bookmarked,
a private paper says CONFIDENTIAL on every page, and the same input gives the same bytes.

These tests need the ``pdf`` extra (pypandoc-binary and typst) and pypdf, all of which the
``test`` extra installs, so CI runs them; they are skipped, saying why, only where the extra
is missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from iho_ready.report import pdf as pdf_render
from iho_ready.report.view import CONFIDENTIAL_MARK
from tests.report.report_helpers import EXAMPLE, run_cli

MANIFEST = str(EXAMPLE / "manifest.yaml")
HEADER = ("Northshire Community Health NHS Foundation Trust | Trust Board, 6 November 2026 | Public session | "
          "Agenda item PUB/26/11/8")
FOOTER = "OFFICIAL | FOI: Disclosable: published with the papers for the public session"
FRONT_PAPER_PAGES = 6
"""The most pages the paper before the appendices may take (issue 8)."""


def _needs_the_pdf_extra() -> None:
    for module in ("pypandoc", "typst"):
        pytest.importorskip(module, reason="PDF output needs the pdf extra")
    pytest.importorskip("pypdf", reason="reading the PDF back needs pypdf (in the test extra)")


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def public_pdf(tmp_path_factory) -> Path:
    _needs_the_pdf_extra()
    out = tmp_path_factory.mktemp("pdf") / "paper.pdf"
    done = run_cli("report", MANIFEST, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def private_pdf(tmp_path_factory) -> Path:
    _needs_the_pdf_extra()
    out = tmp_path_factory.mktemp("pdf") / "private.pdf"
    done = run_cli("report", MANIFEST, "--audience", "private", "--format", "pdf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _front_paper(pages: list[str]) -> int:
    """Pages before the first appendix, which starts a page with its heading under the header."""
    starts = [n for n, text in enumerate(pages) if text.splitlines()[1:2] == ["Appendix A: Detail by domain"]]
    assert len(starts) == 1, "Appendix A should start exactly one page"
    return starts[0]


def test_the_paper_before_the_appendices_fits_six_pages(public_pdf):
    pages = _pages(public_pdf)
    front = _front_paper(pages)
    assert 3 <= front <= FRONT_PAPER_PAGES, f"the paper runs to {front} pages"
    assert 12 <= len(pages) <= 30, f"{len(pages)} pages in all"  # each appendix starts a page
    # The front paper holds its sections in order; the appendices follow.
    paper = "\n".join(pages[:front])
    order = [paper.index(h) for h in ("\nCover sheet\n", "\n1. Executive summary\n", "\n2. Recommendation\n",
                                      "\n3. Board statements: memorandum of supporting evidence\n",
                                      "\n4. Exceptions\n", "\n5. Actions for the board\n")]
    assert order == sorted(order)


def test_every_page_has_the_header_and_the_footer_with_page_x_of_y(public_pdf):
    pages = _pages(public_pdf)
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert lines[0] == HEADER, number
        assert lines[-2:] == [FOOTER, f"Page {number} of {len(pages)}"], number


def test_the_text_is_selectable_and_verbatim(public_pdf):
    text = " ".join(" ".join(_pages(public_pdf)).split())
    # A board statement after its lead-in, exactly as the source words it.
    assert ("The board has assured itself that… The trust has plans and confidence in its ability to work with "
            "other providers, including via subcontracting, to deliver the neighbourhood model with a shift from "
            "hospital to community.") in text
    assert "Assurance the evidence supports Limited: 20 of 30 criteria" in text


def test_title_author_fonts_and_tags(public_pdf):
    from pypdf import PdfReader

    reader = PdfReader(str(public_pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "IHO designation readiness self-assessment"
    assert reader.metadata.author == "Head of Corporate Governance"
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert root["/Lang"].startswith("en")
    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    outline = list(titles(reader.outline))  # bookmarks from the headings
    assert outline[0] == "IHO designation readiness self-assessment"
    assert {"4. Exceptions", "Appendix A: Detail by domain"} <= set(outline)
    assert outline[-1].startswith("Appendix") and outline[-1].endswith(": Glossary")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


def test_a_private_paper_is_marked_confidential_on_every_page(private_pdf):
    pages = _pages(private_pdf)
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert lines[0] == HEADER.replace("Public session | Agenda item PUB/26/11/8",
                                          "Private session | Agenda item PRIV/26/11/4"), number
        assert lines[1] == CONFIDENTIAL_MARK, number
        assert lines[-2].startswith("OFFICIAL-SENSITIVE | Confidential: private session | FOI: Not for publication")
        assert lines[-1] == f"Page {number} of {len(pages)}"
    assert "BAF: Board Assurance Framework, IHO risks" in pages[0]  # what the public version leaves out


def test_same_input_gives_same_bytes(public_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    assert run_cli("report", MANIFEST, "-o", str(again)).returncode == 0
    assert again.read_bytes() == public_pdf.read_bytes()
    stamped = [tmp_path / "one.pdf", tmp_path / "two.pdf"]
    for path in stamped:
        assert run_cli("report", MANIFEST, "-o", str(path), env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    assert stamped[0].read_bytes() == stamped[1].read_bytes()
    assert b"D:20231114" in stamped[0].read_bytes() and b"D:20261031" in public_pdf.read_bytes()


def test_text_from_the_manifest_cannot_become_typst_markup(example, tmp_path):
    _needs_the_pdf_extra()
    hostile = {
        "  note: A fictional trust used to demonstrate iho-ready.\n":
            '  note: "#set page(fill: red) = Heading $x$ <label> @ref *bold* _em_ `raw` \\\\ end"\n',
        '  author: Head of Corporate Governance\n': '  author: "- Head of #Corporate Governance"\n',
        'agenda_item: "PUB/26/11/8"': 'agenda_item: "1. PUB/26/11/8 #x"',
    }
    text = example.read_text(encoding="utf-8")
    for old, new in hostile.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    example.write_text(text, encoding="utf-8")
    out = tmp_path / "hostile.pdf"
    done = run_cli("report", str(example), "-o", str(out))
    assert done.returncode == 0, done.stderr
    pages = _pages(out)
    flat = " ".join(" ".join(pages).split())
    assert "#set page(fill: red) = Heading $x$ <label> @ref *bold* _em_ `raw` \\ end" in flat
    assert "- Head of #Corporate Governance" in flat
    assert pages[0].splitlines()[0].endswith("Agenda item 1. PUB/26/11/8 #x")
    assert re.search(r"Agenda item 1\. PUB/26/11/8 #x", pages[0])


# --------------------------------------------------------------------------- without the extra


def test_without_the_extra_pdf_output_says_how_to_get_it(tmp_path):
    blocker = tmp_path / "blocked" / "typst"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('typst is not installed')\n", encoding="utf-8")
    out = tmp_path / "paper.pdf"
    out.write_bytes(b"last month's paper")
    done = run_cli("report", MANIFEST, "-o", str(out), env={"PYTHONPATH": str(blocker.parent)})
    assert done.returncode == 2
    assert pdf_render.INSTALL_HINT in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() == b"last month's paper"


def test_typst_is_not_imported_until_pdf_is_asked_for():
    import subprocess

    code = "import sys, iho_ready.app; print('typst' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("which", ["public_pdf", "private_pdf"])
def test_the_cover_sheet_has_a_page_of_its_own(request, which):
    pages = _pages(request.getfixturevalue(which))
    first = pages[0].splitlines()
    assert "Cover sheet" in first and any(line.startswith("Communications") for line in first)
    assert "1. Executive summary" in pages[1].splitlines()[1:4]
