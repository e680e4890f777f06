"""The Word and PDF papers are built from a document model, so no value is ever read as markup.

The paper's template is rendered with a token in place of every value; pandoc parses only that
skeleton, and each value goes back in as text (Word) or a Typst string literal (PDF). These
tests pin the defects that approach fixes: markup in a value, control characters in the page
furniture (ill-formed Word XML), a list item starting with ``/`` in a user's template (Typst
failed), the cost of one long value, and the limit on it.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from functools import cache
from pathlib import Path
from xml.dom import minidom

import pytest

from iho_ready.render import RenderOptions
from iho_ready.report import document
from iho_ready.report.view import Report
from tests.report.report_helpers import EXAMPLE, replace_in, run_cli

MANIFEST = EXAMPLE / "manifest.yaml"


@cache
def example_report() -> Report:
    """The example trust's public paper, as data."""
    from iho_ready.app import assess, registry
    from iho_ready.report import build_report

    return build_report(assess(MANIFEST, registry(())), audience="public", previous=None)


def well_formed_parts(data: bytes) -> dict[str, str]:
    """Every XML part of a Word file, parsed (a part that is not well-formed raises); name -> text."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                dom = minidom.parseString(package.read(name))
                parts[name] = "".join(node.data for node in _texts(dom))
    return parts


def _texts(node):
    stack = [node]
    while stack:
        item = stack.pop()
        if item.nodeType == item.TEXT_NODE:
            yield item
        stack.extend(reversed(item.childNodes))


# --------------------------------------------------------------------------- the skeleton


def test_the_skeleton_does_not_grow_with_a_value_and_holds_none_of_it():
    report = example_report()
    short = document.skeleton(report, RenderOptions(), document.ConverterError)
    amps = "&" * 16 * 1024
    long = document.skeleton(dataclasses.replace(report, introduction=amps), RenderOptions(), document.ConverterError)
    assert len(long.markdown) == len(short.markdown)  # what pandoc parses: the template's text and tokens
    assert "&" not in long.markdown.replace("&amp;", "")
    assert amps in long.values


@pytest.mark.parametrize("value", ["1. Item", "- dash", "/ term: x", "= Heading", "#set page(fill: red)",
                                   "*bold* _em_ `code` <b>x</b> [a](b) $x$ @ref \\ end", "IhovALUE0Z"])
def test_a_value_goes_back_as_text_never_as_markup(value):
    pytest.importorskip("pypandoc")
    from iho_ready.report.docx import DocxError, pandoc_path

    shape = document.Skeleton("- IhovALUE0Z\n\n| IhovALUE0Z | x |\n| --- | --- |\n| (IhovALUE0Z) | y |\n",
                              [document.plain(value)])
    word = document.fill_values(document.parse(pandoc_path(), shape, DocxError, ""), shape.values, typst=False)
    inlines = word["blocks"][0]["c"][0][0]["c"]
    assert {node["t"] for node in inlines} <= {"Str", "Space"}
    assert "".join(node.get("c", " ") for node in inlines) == value
    typst = document.fill_values(document.parse(pandoc_path(), shape, DocxError, ""), shape.values, typst=True)
    assert typst["blocks"][0]["c"][0][0]["c"] == [{"t": "RawInline", "c": ["typst", document.typst_literal(value)]}]


def test_typst_literal_escapes_quotes_and_backslashes():
    assert document.typst_literal('say "hi" \\ there') == '#"say \\"hi\\" \\\\ there";'


# --------------------------------------------------------------------------- each defect, end to end

CONTROLS = {
    "  name: Northshire Community Health NHS Foundation Trust\n":
        '  name: "North\\x01shire \\x1b[31mCommunity\\x7f NHS \\uFFFE Trust"\n',
    "  title: IHO designation readiness self-assessment\n": '  title: "IHO\\x02 readiness \\x0c self-assessment"\n',
    "  author: Head of Corporate Governance\n": '  author: "Head of\\x03 Governance"\n',
    "meeting: {name: Trust Board,": 'meeting: {name: "Trust\\x04 Board",',
    '  foi_status: "Disclosable: published with the papers for the public session"\n':
        '  foi_status: "Disclosable\\x05 \\x1b]8;;x\\x07 now"\n',
}


@pytest.fixture
def controls(example: Path) -> Path:
    for old, new in CONTROLS.items():
        replace_in(example, old, new)
    return example


def test_control_characters_in_the_furniture_give_a_well_formed_word_file(controls, tmp_path):
    docx = pytest.importorskip("docx")
    pytest.importorskip("pypandoc")
    out = tmp_path / "paper.docx"
    done = run_cli("report", str(controls), "-o", str(out))
    assert done.returncode == 0, done.stderr
    parts = well_formed_parts(out.read_bytes())
    assert parts["word/header1.xml"].startswith("North\\x01shire \\x1b[31mCommunity\\x7f NHS \\ufffe Trust | "
                                                "Trust\\x04 Board, 6 November 2026")
    assert parts["word/footer1.xml"].startswith("OFFICIAL | FOI: Disclosable\\x05 \\x1b]8;;x\\x07 now")
    assert "IHO\\x02 readiness self-assessment" in parts["docProps/core.xml"]
    assert "Head of\\x03 Governance" in parts["docProps/core.xml"]
    opened = docx.Document(str(out))
    assert opened.paragraphs[0].text == "IHO\\x02 readiness self-assessment"


def test_libreoffice_opens_the_word_file_with_control_characters(controls, tmp_path):
    """The real reader: LibreOffice refused the ill-formed header. Skipped where it is not installed."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or pytest.skip("LibreOffice (soffice) is not installed")
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("pypandoc")
    out = tmp_path / "paper.docx"
    assert run_cli("report", str(controls), "-o", str(out)).returncode == 0
    profile = tmp_path / "profile"  # its own profile, so that a running LibreOffice is not disturbed
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=300, check=False)
    converted = tmp_path / "paper.pdf"
    assert converted.exists(), "LibreOffice could not open the Word file"
    first = pypdf.PdfReader(str(converted)).pages[0].extract_text() or ""
    assert "North\\x01shire" in first


def test_control_characters_in_the_furniture_give_a_pdf(controls, tmp_path):
    pytest.importorskip("typst")
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "paper.pdf"
    done = run_cli("report", str(controls), "-o", str(out))
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(str(out))
    assert reader.metadata is not None and reader.metadata.title == "IHO\\x02 readiness self-assessment"
    first = (reader.pages[0].extract_text() or "").splitlines()
    assert first[0].startswith("North\\x01shire \\x1b[31mCommunity\\x7f NHS")


TEMPLATE = """\
# {{ report.title }}

{% for text in report.recommendation %}
- {{ text }}
{% endfor %}

| {{ report.cover[0].label }} | {{ report.cover[0].value }} |
| ---------- | ---------------- |
| {{ report.cover[1].label }} | {{ report.title }} |
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_list_item_starting_with_a_slash_in_a_users_template(example, tmp_path, fmt):
    pytest.importorskip("typst" if fmt == "pdf" else "docx")
    pytest.importorskip("pypandoc")
    replace_in(example, "  title: IHO designation readiness self-assessment\n", '  title: "/ not a term: list"\n')
    template = tmp_path / "mine.md.j2"
    template.write_text(TEMPLATE.replace("{{ text }}", "{{ report.title }} {{ text }}"), encoding="utf-8")
    out = tmp_path / f"paper.{fmt}"
    done = run_cli("report", str(example), "--template", str(template), "-o", str(out))
    assert done.returncode == 0, done.stderr
    if fmt == "pdf":
        from pypdf import PdfReader

        text = " ".join((PdfReader(str(out)).pages[0].extract_text() or "").split())
    else:
        import docx

        text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "/ not a term: list note that the evidence" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_value_over_the_limit_says_so_and_writes_nothing(example, tmp_path, fmt):
    pytest.importorskip("pypandoc")
    long = "word " * (document.MAX_VALUE_CHARS // 5 + 1)
    replace_in(example, "  title: IHO designation readiness self-assessment\n", f'  title: "{long}"\n')
    out = tmp_path / f"paper.{fmt}"
    done = run_cli("report", str(example), "-o", str(out))
    assert done.returncode == 2
    assert document.too_long_message(document.plain(long)) in done.stderr
    assert f"at most {document.MAX_VALUE_CHARS:,}" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    markdown = tmp_path / "paper.md"
    assert run_cli("report", str(example), "-o", str(markdown)).returncode == 0  # the Markdown paper has no limit


def test_a_value_at_the_limit_is_shown_in_full(tmp_path):
    pytest.importorskip("pypandoc")
    from iho_ready.report import docx as docx_render

    long = ("word& " * (document.MAX_VALUE_CHARS // 6))[:document.MAX_VALUE_CHARS].strip()
    report = dataclasses.replace(example_report(), introduction=long)
    parts = well_formed_parts(docx_render.render(report, RenderOptions()))
    assert long in parts["word/document.xml"]
