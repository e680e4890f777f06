"""Property-based fuzzing of the Word and PDF papers: any text in any field gives a file that opens.

Each example puts generated text (any Unicode, control characters, markup of Markdown, Typst,
XML and the paper's own tokens and table markers) into the fields of the example trust's
paper: the title, trust and author (the page furniture and document properties), the note,
the recommendation's list items and the introduction, and renders it through a small
template that prints them in every context (heading, list item, table cell, emphasis,
quotation). The property: the Word file's every XML part is well-formed and python-docx opens
it; Typst typesets the PDF (to PDF/UA-1) and pypdf reads it; each value's text is shown.

CI runs a small, derandomized number of examples; for thousands locally:

    IHO_READY_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/fuzz/test_fuzz_documents.py -q

(``IHO_READY_FUZZ_SEED=N`` runs a different, still reproducible, sequence.)
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from iho_ready.render import RenderOptions
from iho_ready.report import document
from tests.fuzz.test_fuzz_manifest import _settings
from tests.report.test_report_document_model import example_report, well_formed_parts

TEMPLATE = """\
# {{ report.title }}

*{{ report.note }}*

## {{ report.sections.summary }}

{{ report.introduction }}

{% for text in report.recommendation %}
- {{ text }}
{% endfor %}

1. {{ report.title }} **{{ report.author }}**

<!-- iho-ready: row-headers -->

| {{ report.organisation }} | {{ report.title }} |
| ---------- | ---------------- |
| {{ report.author }} | {{ report.note }}({{ report.introduction }}) |

> {{ report.recommendation|md_join("; ") }}.{{ report.title }}
"""

HOSTILE = [
    "1. Item", "- dash", "+ plus", "/ term: x", "/", "= Heading", "#set page(fill: red)", "#pagebreak()", "$x$",
    "*b* _e_ `c`", "<b>x</b>", "<!-- iho-ready: row-headers no-header-row -->", "IhovALUE0Z", "IhovALUE999999Z",
    "[a](javascript:x)", "@ref", "<label>", "\\", '"', "\\u{41}", "&amp;", "&#1;", "]]>", "<![CDATA[", "\x00",
    "\x01\x02\x0b\x0c\x1b[31m", "\x7f\x85\x9f", "\ufeff", "\ufffe\uffff", "\u202e", "\u2028\u2029", "\U0001f600",
    "\u0301", "\u200b", "| cell |", "---", "***", ":::", "```", "~~~", "{=typst}", "//", "/*", "#{", "#[", "]",
    "&" * 2000, "x" * 3000, "é" * 500,
]

TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60),
                 st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map(" ".join))
FIELDS = st.fixed_dictionaries({
    "title": TEXT, "organisation": TEXT, "author": TEXT, "note": TEXT, "introduction": TEXT,
    "header": TEXT, "footer": TEXT, "recommendation": st.lists(TEXT, min_size=1, max_size=3),
})


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz-documents") / "fields.md.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def _words(value: str) -> list[str]:
    """The words of *value* as a reader's text shows them; Word writes a soft hyphen as an element."""
    return document.plain(value).replace("\xad", "").split()


def _render(fmt: str, template: Path, fields: dict) -> tuple[object, bytes]:
    """The paper of the example trust with *fields* replaced, as *fmt*; and the report it shows."""
    import importlib

    pytest.importorskip("pypandoc")
    pytest.importorskip("typst" if fmt == "pdf" else "docx")
    report = dataclasses.replace(example_report(), **fields)
    module = importlib.import_module(f"iho_ready.report.{fmt}")
    return report, module.render(report, RenderOptions(template=template))


@_settings(10)
@given(fields=FIELDS)
def test_fuzz_word(template, fields):
    import docx

    _, data = _render("docx", template, fields)
    parts = well_formed_parts(data)
    opened = docx.Document(io.BytesIO(data))
    assert opened.paragraphs[0].text.split() == _words(fields["title"])
    shown = " ".join(parts["word/document.xml"].split())
    for value in [fields["note"], fields["introduction"], *fields["recommendation"]]:
        assert " ".join(_words(value)) in shown


@_settings(6)
@given(fields=FIELDS)
def test_fuzz_pdf(template, fields):
    pypdf = pytest.importorskip("pypdf")
    from iho_ready.report.pdf import displayable

    report, data = _render("pdf", template, fields)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    assert reader.metadata is not None
    assert reader.metadata.title == displayable(document.document_title(report))
