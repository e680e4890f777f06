"""The Word paper before the appendices fits six A4 pages, as the PDF does (issue 8, issue 20).

Word lays pages out itself, so the test lays the .docx out with LibreOffice Writer
(``soffice --headless --convert-to pdf``), with Arimo (the pdf extra's font, metrically the same
as Arial, which the paper's styles name) as the only Arial-like font, so that the count is the
one Word users see rather than a fallback font's. It counts the pages before the one that starts
"Appendix A" with pypdf.

Skipped where soffice is not installed, and under ``CI=true``: CI installs only LibreOffice Calc
(for the workbook test), not Writer, so it cannot lay out a Word file there. The PDF's own count
is checked in every run (``test_report_pdf.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.report.report_helpers import EXAMPLE, run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FRONT_PAPER_PAGES = 6
"""The most pages the paper before the appendices may take, as in the PDF."""

pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice Writer (soffice) is not installed"),
    pytest.mark.skipif(bool(os.environ.get("CI")), reason="CI installs LibreOffice Calc only, not Writer"),
]


def _fonts_conf(folder: Path) -> Path:
    """A fontconfig file: the system's fonts plus Arimo from the pdf extra (matched for Arial)."""
    pdf = pytest.importorskip("iho_ready.report.pdf")
    pytest.importorskip("fontpkg_arimo", reason="Arimo comes with the pdf extra")
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"  <dir>{pdf.font_folder()}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n"
                    "</fontconfig>\n", encoding="utf-8")
    return conf


def test_the_word_paper_before_the_appendices_fits_six_pages(tmp_path):
    pytest.importorskip("pypandoc", reason="Word output needs the docx extra")
    pypdf = pytest.importorskip("pypdf")
    paper = tmp_path / "paper.docx"
    done = run_cli("report", str(EXAMPLE / "manifest.yaml"), "-o", str(paper))
    assert done.returncode == 0, done.stderr
    env = dict(os.environ, FONTCONFIG_FILE=str(_fonts_conf(tmp_path)))
    laid_out = subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(paper)],
                              capture_output=True, text=True, timeout=300, check=False, env=env)
    pdf = tmp_path / "out" / "paper.pdf"
    if not pdf.is_file():
        pytest.skip(f"LibreOffice could not lay out the Word file (Writer missing?): {laid_out.stderr[-300:]}")
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages]
    starts = [n for n, text in enumerate(pages) if "Appendix A: Detail by domain" in text.splitlines()[:6]]
    assert starts, "no page starts with Appendix A"
    assert 3 <= starts[0] <= FRONT_PAPER_PAGES, f"the Word paper runs to {starts[0]} pages before the appendices"
    # The cover sheet is a page of its own: all of it on page 1, the executive summary starting page 2.
    assert "Note: A fictional trust used to demonstrate iho-ready." in " ".join(pages[0].split())
    assert "1. Executive summary" in pages[1][:300]
    assert "Executive summary" not in pages[0]
