"""Text from a manifest cannot break the report's Markdown or inject markup.

Each hostile string must come out of a Markdown parser as exactly the text that went in
(whitespace collapsed), in a paragraph and in a table cell; and a whole report built from a
manifest full of them must keep every table's rows and columns and contain no HTML,
links, code or headings that the template did not write.
"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from iho_ready.words import Markdown, md_escape, md_join
from tests.report.report_helpers import run_cli

HOSTILE = {
    "pipe": "Plan | with | pipes",
    "newline": "First line\n\n# Not a heading\n- not a list\n\n    not code",
    "script": "<script>alert('x')</script> and <b>bold</b>",
    "emphasis": "*bold* and _under_ and **strong**",
    "hash": "# Leading hash",
    "backtick": "`code` and ``more``",
    "link": "[link](http://example.org) and ![img](x.png) and <http://example.org>",
    "entity": "&lt;b&gt; &amp; AT&T &#35;",
    "ordered": "1. Looks like a list",
    "bullet": "- also a list",
    "plus": "+ and another",
    "setext": "===",
    "strike": "~~strike~~ ^sup^ ~sub~",
    "math": "$x^2$ costs $5",
    "attributes": "Title {#id .class}",
    "backslash": "ends with a backslash \\",
    "quote": "> quoted",
    "address": "see https://example.org/a_b> and www.example.org|x",
}


ENGINES = ["commonmark", "github", "pandoc-gfm", "pandoc-markdown"]
"""Markdown readers the report must survive: CommonMark (markdown-it), GitHub's own cmark-gfm,
and pandoc reading GitHub-flavoured Markdown and its own Markdown (as ``pandoc report.md`` does)."""

# Tags a rendered snippet may contain: its own container, and nothing a value could inject.
CONTAINERS = {"p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "colgroup", "col"}


def _parser() -> MarkdownIt:
    # CommonMark with raw HTML on (so that any HTML that got through would show) and GFM tables.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def to_html(source: str, engine: str) -> str:
    """Render Markdown *source* to HTML with *engine*, skipping engines that are not installed."""
    if engine == "commonmark":
        return _parser().render(source)
    if engine == "github":
        cmarkgfm = pytest.importorskip("cmarkgfm")
        from cmarkgfm.cmark import Options

        # UNSAFE keeps raw HTML, so that any that got through would show.
        return cmarkgfm.github_flavored_markdown_to_html(source, options=Options.CMARK_OPT_UNSAFE)
    pypandoc = pytest.importorskip("pypandoc")
    # -smart keeps straight quotes, so that the comparison is about escaping alone.
    reader = "gfm" if engine == "pandoc-gfm" else "markdown-smart"
    return subprocess.run([pypandoc.get_pandoc_path(), f"--from={reader}", "--to=html5"], input=source,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_escaped_text_renders_as_itself_in_a_paragraph(name, engine):
    original = HOSTILE[name]
    html = to_html(f"Before: {md_escape(original)}\n", engine)
    assert _texts(html, "p") == ["Before: " + " ".join(original.split())]
    assert _tags(html) <= CONTAINERS


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_escaped_text_renders_as_itself_at_the_start_of_a_list_item(name, engine):
    # Values often open a line or a list item, where '#', '-', '1.' or '>' would start a block.
    original = HOSTILE[name]
    html = to_html(f"- {md_escape(original)}\n", engine)
    assert _texts(html, "li") == [" ".join(original.split())]
    assert _tags(html) <= CONTAINERS


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_escaped_text_stays_in_its_table_cell(name, engine):
    original = HOSTILE[name]
    source = f"| A | B |\n| --- | --- |\n| {md_escape(original)} | after |\n"
    html = to_html(source, engine)
    assert _tables(html)[0] == [["A", "B"], [" ".join(original.split()), "after"]]
    assert _tags(html) <= CONTAINERS


def test_escaping_is_idempotent_for_escaped_text():
    once = md_escape("*x* | y")
    assert isinstance(once, Markdown)
    assert md_escape(once) == once
    assert md_join(["a|b", once], "; ") == "a\\|b; \\*x\\* \\| y"


def test_plain_text_is_left_readable():
    # Ordinary titles, versions and dates must not fill up with backslashes.
    for text in ("Medium-term plan 2026/27 to 2028/29", "2025.11", "Director of Strategy (interim)",
                 "Annex 2, paragraph 6", "e.g. the ICB's plan", "R&D strategy", "Section 3.1"):
        assert md_escape(text) == text


# --------------------------------------------------------------------------- a whole hostile report


def _hostile_manifest(folder: Path) -> Path:
    names = sorted(HOSTILE)
    (folder / "evidence").mkdir(parents=True)
    evidence = []
    for i, name in enumerate(names):
        (folder / "evidence" / f"e{i}.md").write_text("evidence\n", encoding="utf-8")
        evidence.append(
            f"  - id: E{i}\n"
            f"    title: {json.dumps(HOSTILE[name])}\n"
            f"    path: evidence/e{i}.md\n"
            f"    owner: {json.dumps(HOSTILE[names[(i + 1) % len(names)]])}\n"
            f"    approved: {{by: {json.dumps(HOSTILE[names[(i + 2) % len(names)]])}, date: 2026-09-01}}\n"
            f"    review_by: 2027-09-30\n"
            f"    supports: [{'FOM1' if i % 2 else 'GRM1'}]\n")
    actions = "".join(
        f"      - id: A{i}\n"
        f"        action: {json.dumps(HOSTILE[name])}\n"
        f"        owner: {json.dumps(HOSTILE[names[-1 - i]])}\n"
        f"        due: 2027-0{1 + i % 9}-15\n"
        f"        status: on-track\n"
        for i, name in enumerate(names))
    manifest = folder / "manifest.yaml"
    manifest.write_text(
        "manifest: 1\n"
        f"organisation: {{name: {json.dumps(HOSTILE['script'])}, type: community, "
        f"note: {json.dumps(HOSTILE['emphasis'])}}}\n"
        "assessment:\n"
        f"  title: {json.dumps(HOSTILE['hash'])}\n"
        "  as_of: 2026-10-31\n"
        f"  meeting: {{name: {json.dumps(HOSTILE['pipe'])}, date: 2026-11-06, "
        f"agenda_item: {json.dumps(HOSTILE['link'])}}}\n"
        f"  author: {json.dumps(HOSTILE['newline'])}\n"
        "  purpose: approval\n"
        f"  assurance: {json.dumps(HOSTILE['backtick'])}\n"
        f"  previously_considered_by: [{json.dumps(HOSTILE['pipe'])}, {json.dumps(HOSTILE['ordered'])}]\n"
        f"  baf_risks: [{json.dumps(HOSTILE['attributes'])}]\n"
        "rubrics: [nhsconfed-host-provider@2025.11]\n"
        "evidence:\n" + "".join(evidence) +
        "criteria:\n"
        "  FOM1:\n"
        "    rating: partially-met\n"
        f"    explanation: {json.dumps(HOSTILE['newline'])}\n"
        f"    commentary: {json.dumps(HOSTILE['script'])}\n"
        "    actions:\n" + actions +
        "  GRM1: {rating: met, commentary: " + json.dumps(HOSTILE["quote"]) + "}\n",
        encoding="utf-8")
    return manifest


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    manifest = _hostile_manifest(folder / "repo")
    out = folder / "report.md"
    done = run_cli("report", str(manifest), "--audience", "private", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(params=ENGINES)
def hostile_html(request, hostile_report) -> str:
    return to_html(hostile_report, request.param)


def test_hostile_report_has_no_injected_markup(hostile_html):
    for tag in ("<script", "<b>", "<a ", "<img", "<code", "<em>bold", "<strong>strong", "<em>under", "<s>",
                "<del>", "<blockquote>\n<p>&gt;"):
        assert tag not in hostile_html, tag
    # The only level-1 heading is the title the template writes; no value became a heading.
    assert _texts(hostile_html, "h1") == ["# Leading hash"]
    assert "Not a heading" not in " ".join(_texts(hostile_html, "h2") + _texts(hostile_html, "h3"))


def test_hostile_report_keeps_every_table_intact(hostile_html):
    tables = _tables(hostile_html)
    for rows in tables:
        assert len({len(r) for r in rows}) == 1, rows  # every row as wide as the header
    register = next(t for t in tables if t[0][:3] == ["Ref", "Title", "Owner"])
    names = sorted(HOSTILE)
    assert len(register) == 1 + len(names)
    assert [row[1] for row in register[1:]] == [" ".join(HOSTILE[n].split()) for n in names]
    plan = next(t for t in tables if t[0] == ["Ref", "Shortfall", "Action", "Owner", "Due", "Status"])
    assert len(plan) == 1 + len(names)
    assert sorted(row[2] for row in plan[1:]) == sorted(" ".join(HOSTILE[n].split()) for n in names)
    cover = tables[0]
    assert cover[0] == ["Meeting", HOSTILE["pipe"]]
    assert ["Agenda item", HOSTILE["link"]] in cover


# --------------------------------------------------------------------------- reading HTML back


class _Collector(HTMLParser):
    def __init__(self, tags: set[str]):
        super().__init__(convert_charrefs=True)
        self.tags, self.found, self.text, self.depth = tags, [], [], 0
        self.tables: list[list[list[str]]] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        if tag in self.tags:
            self.depth += 1
            self.text = []

    def handle_endtag(self, tag):
        if tag in self.tags and self.depth:
            self.depth -= 1
            cell = " ".join("".join(self.text).split())
            if tag in ("td", "th") and self.tables:
                self.tables[-1][-1].append(cell)
            else:
                self.found.append(cell)

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def _texts(html: str, tag: str) -> list[str]:
    collector = _Collector({tag})
    collector.feed(html)
    return collector.found


def _tags(html: str) -> set[str]:
    collector = _Collector(set())
    collector.feed(html)
    return collector.seen


def _tables(html: str) -> list[list[list[str]]]:
    collector = _Collector({"td", "th"})
    collector.feed(html)
    return collector.tables


